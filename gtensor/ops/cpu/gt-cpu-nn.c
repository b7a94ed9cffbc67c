#include "config.h"

#include <math.h>
#include <omp.h>

#include "gt-cpu-backend-private.h"
#include "gt-cpu-iter.h"
#include "gt-rng-private.h"
#include "ops/gt-nn-private.h"

/*
 * The CPU kernels for activations, dropout and normalisation
 * (gt-activation.c, gt-norm.c), float32 and float64, each written once as
 * a macro over the element type.
 *
 * The arithmetic follows torch 1.13's CPU kernels where the order of
 * operations shows in the results: GELU's formulas, dropout's noise
 * (bernoulli_(1 - p) then div_(1 - p), so a kept element is multiplied by
 * 1 / (1 - p) rounded to the dtype), batch norm's statistics (float32 sums
 * accumulated in double, the mean rounded to float before the variance,
 * x * alpha + beta for the output) and its backward. The reductions keep
 * several partial sums (vectorised, more accurate than torch's serial
 * sums), so float32 results can differ from torch's in the last bits.
 *
 * Batch norm works channel by channel, parallel over channels: the
 * statistics, the update of the running values and the output of one
 * channel are computed while its N*S elements are still in the cache, and
 * the backward does the same with its two passes.
 */

/* Not under ThreadSanitizer: it instruments the ifunc resolvers, which
 * run while the program is relocated, before its runtime can be called. */
#if defined (__x86_64__) && defined (__GNUC__) && !defined (__SANITIZE_THREAD__)
#define CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define CLONES
#endif

/* Below this many elements a normalisation runs on one thread. */
#define NN_GRAIN 16384

/* ---- GELU and leaky ReLU ------------------------------------------------------ */

/* torch's constants: M_SQRT1_2, M_2_SQRTPI * M_SQRT1_2 * 0.5 and
 * M_SQRT2 * M_2_SQRTPI * 0.5. */
#define K_ALPHA 0.70710678118654752440
#define K_BETA_PDF (1.12837916709551257390 * 0.70710678118654752440 * 0.5)
#define K_BETA_TANH (1.41421356237309504880 * 1.12837916709551257390 * 0.5)
#define K_KAPPA 0.044715

typedef struct {
  gboolean tanh_approx;
  gdouble  slope;
} EltParams;

#define DEFINE_ELT(T, ERF, EXP, TANH)                                             \
  static void                                                                     \
  gelu_loop_##T (guint8 **data, const gint64 *strides, gint64 n, gpointer ud)     \
  {                                                                               \
    const EltParams *p = ud;                                                      \
    for (gint64 i = 0; i < n; i++)                                                \
      {                                                                           \
        T x = *(const T *) (data[1] + i * strides[1]);                            \
        T y;                                                                      \
        if (p->tanh_approx)                                                       \
          {                                                                       \
            T inner = (T) K_BETA_TANH * (x + (T) K_KAPPA * (x * x * x));          \
            y = (T) 0.5 * x * ((T) 1 + TANH (inner));                             \
          }                                                                       \
        else                                                                      \
          y = x * (T) 0.5 * ((T) 1 + ERF (x * (T) K_ALPHA));                      \
        *(T *) (data[0] + i * strides[0]) = y;                                    \
      }                                                                           \
  }                                                                               \
                                                                                  \
  static void                                                                     \
  gelu_backward_loop_##T (guint8 **data, const gint64 *strides, gint64 n,         \
                          gpointer ud)                                            \
  {                                                                               \
    const EltParams *p = ud;                                                      \
    for (gint64 i = 0; i < n; i++)                                                \
      {                                                                           \
        T dy = *(const T *) (data[1] + i * strides[1]);                           \
        T x = *(const T *) (data[2] + i * strides[2]);                            \
        T r;                                                                      \
        if (p->tanh_approx)                                                       \
          {                                                                       \
            T x_sq = x * x;                                                       \
            T x_cube = x_sq * x;                                                  \
            T inner = (T) K_BETA_TANH * (x + (T) K_KAPPA * x_cube);               \
            T tanh_inner = TANH (inner);                                          \
            T left = (T) 0.5 * x;                                                 \
            T right = (T) 1 + tanh_inner;                                         \
            T left_derivative = (T) 0.5 * right;                                  \
            T tanh_derivative = (T) 1 - tanh_inner * tanh_inner;                  \
            T inner_derivative = (T) K_BETA_TANH * ((T) 1 + (T) 3 * (T) K_KAPPA * x_sq); \
            T right_derivative = left * tanh_derivative * inner_derivative;       \
            r = dy * (left_derivative + right_derivative);                        \
          }                                                                       \
        else                                                                      \
          {                                                                       \
            T cdf = (T) 0.5 * ((T) 1 + ERF (x * (T) K_ALPHA));                    \
            T pdf = (T) K_BETA_PDF * EXP (x * x * (T) -0.5);                      \
            r = dy * (cdf + x * pdf);                                             \
          }                                                                       \
        *(T *) (data[0] + i * strides[0]) = r;                                    \
      }                                                                           \
  }                                                                               \
                                                                                  \
  static void                                                                     \
  leaky_relu_loop_##T (guint8 **data, const gint64 *strides, gint64 n,            \
                       gpointer ud)                                               \
  {                                                                               \
    const T slope = (T) ((const EltParams *) ud)->slope;                          \
    for (gint64 i = 0; i < n; i++)                                                \
      {                                                                           \
        T x = *(const T *) (data[1] + i * strides[1]);                            \
        *(T *) (data[0] + i * strides[0]) = x > (T) 0 ? x : x * slope;            \
      }                                                                           \
  }

DEFINE_ELT (gfloat, erff, expf, tanhf)
DEFINE_ELT (gdouble, erf, exp, tanh)

static gboolean
run_elementwise (GtTensor  **ops,
                 guint       n,
                 GtCpuLoop   loop_f,
                 GtCpuLoop   loop_d,
                 EltParams  *params)
{
  GtCpuIter iter;

  if (ops[0]->numel == 0)
    return TRUE;
  gt_cpu_iter_init (&iter, n, ops);
  gt_cpu_iter_run (&iter, ops[0]->dtype == GT_DTYPE_FLOAT64 ? loop_d : loop_f,
                   params);
  return TRUE;
}

static gboolean
cpu_gelu (GtTensor  *out,
          GtTensor  *in,
          gboolean   tanh_approx,
          GError   **error)
{
  EltParams p = { tanh_approx, 0 };

  return run_elementwise ((GtTensor *[]) { out, in }, 2, gelu_loop_gfloat,
                          gelu_loop_gdouble, &p);
}

static gboolean
cpu_gelu_backward (GtTensor  *grad_in,
                   GtTensor  *grad_out,
                   GtTensor  *in,
                   gboolean   tanh_approx,
                   GError   **error)
{
  EltParams p = { tanh_approx, 0 };

  return run_elementwise ((GtTensor *[]) { grad_in, grad_out, in }, 3,
                          gelu_backward_loop_gfloat, gelu_backward_loop_gdouble,
                          &p);
}

static gboolean
cpu_leaky_relu (GtTensor  *out,
                GtTensor  *in,
                gdouble    slope,
                GError   **error)
{
  EltParams p = { FALSE, slope };

  return run_elementwise ((GtTensor *[]) { out, in }, 2, leaky_relu_loop_gfloat,
                          leaky_relu_loop_gdouble, &p);
}

/* ---- dropout ------------------------------------------------------------------ */

#define DEFINE_NOISE(T)                                                           \
  static void                                                                     \
  noise_fill_##T (GtGenerator *gen, T *noise, gint64 n, gdouble keep)             \
  {                                                                               \
    /* torch: noise.bernoulli_(1 - p) takes one uniform double per element,   */  \
    /* then noise.div_(1 - p) divides by 1 - p converted to the dtype.        */  \
    const T scale = (T) 1 / (T) keep;                                             \
    for (gint64 i = 0; i < n; i++)                                                \
      {                                                                           \
        guint64 r = gt_generator_random64 (gen);                                  \
        gdouble u = (gdouble) (r & ((G_GUINT64_CONSTANT (1) << 53) - 1)) *        \
                    (1.0 / (gdouble) (G_GUINT64_CONSTANT (1) << 53));             \
        noise[i] = u < keep ? scale : (T) 0;                                      \
      }                                                                           \
  }                                                                               \
                                                                                  \
  static void                                                                     \
  mul_loop_##T (guint8 **data, const gint64 *strides, gint64 n, gpointer ud)      \
  {                                                                               \
    for (gint64 i = 0; i < n; i++)                                                \
      *(T *) (data[0] + i * strides[0]) =                                         \
        *(const T *) (data[1] + i * strides[1]) *                                 \
        *(const T *) (data[2] + i * strides[2]);                                  \
  }

DEFINE_NOISE (gfloat)
DEFINE_NOISE (gdouble)

static gboolean
cpu_dropout (GtTensor  *out,
             GtTensor  *noise,
             GtTensor  *in,
             gdouble    p,
             GError   **error)
{
  GtGenerator *gen = gt_generator_get_default ();

  /* The draws are serial, in memory order of the (contiguous) noise, so
   * that they do not depend on the thread count. */
  gt_generator_lock (gen);
  if (noise->dtype == GT_DTYPE_FLOAT64)
    noise_fill_gdouble (gen, gt_tensor_data (noise), noise->numel, 1.0 - p);
  else
    noise_fill_gfloat (gen, gt_tensor_data (noise), noise->numel, 1.0 - p);
  gt_generator_unlock (gen);

  return run_elementwise ((GtTensor *[]) { out, in, noise }, 3, mul_loop_gfloat,
                          mul_loop_gdouble, NULL);
}

/* ---- batch norm --------------------------------------------------------------- */

typedef struct {
  gint64  N, C, S;
  gboolean training;
  gdouble momentum, eps;
} BnGeom;

/* torch's InvStd: 0 when both the variance and eps are 0. */
static inline gdouble
inv_std (gdouble var,
         gdouble eps)
{
  return var != 0.0 || eps != 0.0 ? 1.0 / sqrt (var + eps) : 0.0;
}

#define DEFINE_BN(T)                                                              \
  /* The sum of a run, and the sum of squares of its deviations from m. */       \
  CLONES static gdouble                                                           \
  bn_sum_##T (const T *x, gint64 n)                                               \
  {                                                                               \
    gdouble s = 0;                                                                \
    _Pragma ("omp simd reduction (+:s)")                                          \
    for (gint64 i = 0; i < n; i++)                                                \
      s += x[i];                                                                  \
    return s;                                                                     \
  }                                                                               \
                                                                                  \
  CLONES static gdouble                                                           \
  bn_sqdev_##T (const T *x, gint64 n, T m)                                        \
  {                                                                               \
    gdouble s = 0;                                                                \
    _Pragma ("omp simd reduction (+:s)")                                          \
    for (gint64 i = 0; i < n; i++)                                                \
      {                                                                           \
        T d = x[i] - m;                                                           \
        s += d * d;                                                               \
      }                                                                           \
    return s;                                                                     \
  }                                                                               \
                                                                                  \
  CLONES static void                                                              \
  bn_affine_##T (T *y, const T *x, gint64 n, T a, T b)                            \
  {                                                                               \
    _Pragma ("omp simd")                                                          \
    for (gint64 i = 0; i < n; i++)                                                \
      y[i] = x[i] * a + b;                                                        \
  }                                                                               \
                                                                                  \
  /* sum of dy and of (x - m) * dy over a run */                                  \
  CLONES static void                                                              \
  bn_grad_sums_##T (const T *x, const T *dy, gint64 n, T m, gdouble *sum,         \
                    gdouble *dotp)                                                \
  {                                                                               \
    gdouble s = 0, d = 0;                                                         \
    _Pragma ("omp simd reduction (+:s, d)")                                       \
    for (gint64 i = 0; i < n; i++)                                                \
      {                                                                           \
        s += dy[i];                                                               \
        d += (x[i] - m) * dy[i];                                                  \
      }                                                                           \
    *sum += s;                                                                    \
    *dotp += d;                                                                   \
  }                                                                               \
                                                                                  \
  CLONES static void                                                              \
  bn_grad_in_##T (T *dx, const T *x, const T *dy, gint64 n, T m, T k,             \
                  T grad_mean, T scale)                                           \
  {                                                                               \
    _Pragma ("omp simd")                                                          \
    for (gint64 i = 0; i < n; i++)                                                \
      dx[i] = (dy[i] - grad_mean - (x[i] - m) * k) * scale;                       \
  }                                                                               \
                                                                                  \
  CLONES static void                                                              \
  bn_scale_##T (T *dx, const T *dy, gint64 n, T scale)                            \
  {                                                                               \
    _Pragma ("omp simd")                                                          \
    for (gint64 i = 0; i < n; i++)                                                \
      dx[i] = dy[i] * scale;                                                      \
  }                                                                               \
                                                                                  \
  /* One channel per step, handed to the threads as they come free (dynamic: \
   * a thread that the machine's load holds back takes fewer channels). */      \
  static void                                                                     \
  bn_forward_##T (const BnGeom *g, T *out, T *mean_out, T *invstd_out,            \
                  const T *in, const T *w, const T *b, T *rm, T *rv)              \
  {                                                                               \
    const gint64 N = g->N, C = g->C, S = g->S, NS = N * S;                        \
    const T momentum = (T) g->momentum;                                           \
                                                                                  \
    _Pragma ("omp parallel for schedule (dynamic, 1) if (N * C * S >= NN_GRAIN && C > 1)") \
    for (gint64 c = 0; c < C; c++)                                                \
      {                                                                           \
        T mean, invstd, alpha, beta;                                              \
                                                                                  \
        if (g->training)                                                          \
          {                                                                       \
            gdouble sum = 0, sq = 0;                                              \
            T var_sum;                                                            \
                                                                                  \
            for (gint64 n = 0; n < N; n++)                                        \
              sum += bn_sum_##T (in + (n * C + c) * S, S);                        \
            mean = (T) (sum / NS);                                                \
            for (gint64 n = 0; n < N; n++)                                        \
              sq += bn_sqdev_##T (in + (n * C + c) * S, S, mean);                 \
            var_sum = (T) sq;                                                     \
            invstd = (T) inv_std ((gdouble) (var_sum / (T) NS), g->eps);          \
            if (rm != NULL)                                                       \
              rm[c] = momentum * mean + ((T) 1 - momentum) * rm[c];               \
            if (rv != NULL)                                                       \
              {                                                                   \
                gdouble unbiased = (gdouble) (var_sum / (T) (NS - 1));            \
                rv[c] = (T) (momentum * unbiased +                                \
                             ((T) 1 - momentum) * rv[c]);                         \
              }                                                                   \
          }                                                                       \
        else                                                                      \
          {                                                                       \
            mean = rm[c];                                                         \
            invstd = (T) 1 / (T) sqrt (rv[c] + (T) g->eps);                       \
          }                                                                       \
        mean_out[c] = mean;                                                       \
        invstd_out[c] = invstd;                                                   \
        alpha = invstd * (w != NULL ? w[c] : (T) 1);                              \
        beta = (b != NULL ? b[c] : (T) 0) - mean * alpha;                         \
        for (gint64 n = 0; n < N; n++)                                            \
          bn_affine_##T (out + (n * C + c) * S, in + (n * C + c) * S, S, alpha,   \
                         beta);                                                   \
      }                                                                           \
  }                                                                               \
                                                                                  \
  static void                                                                     \
  bn_backward_##T (const BnGeom *g, T *dx, T *dw, T *db, const T *dy,             \
                   const T *in, const T *mean_in, const T *invstd_in, const T *w) \
  {                                                                               \
    const gint64 N = g->N, C = g->C, S = g->S, NS = N * S;                        \
                                                                                  \
    _Pragma ("omp parallel for schedule (dynamic, 1) if (N * C * S >= NN_GRAIN && C > 1)") \
    for (gint64 c = 0; c < C; c++)                                                \
      {                                                                           \
        const T mean = mean_in[c], invstd = invstd_in[c];                         \
        const T wc = w != NULL ? w[c] : (T) 1;                                    \
        gdouble sum = 0, dotp = 0;                                                \
                                                                                  \
        for (gint64 n = 0; n < N; n++)                                            \
          bn_grad_sums_##T (in + (n * C + c) * S, dy + (n * C + c) * S, S, mean,  \
                            &sum, &dotp);                                         \
        if (dx != NULL && g->training)                                            \
          {                                                                       \
            const T k = (T) dotp * invstd * invstd / (T) NS;                      \
            const T grad_mean = (T) (sum / NS);                                   \
            for (gint64 n = 0; n < N; n++)                                        \
              bn_grad_in_##T (dx + (n * C + c) * S, in + (n * C + c) * S,         \
                              dy + (n * C + c) * S, S, mean, k, grad_mean,        \
                              invstd * wc);                                       \
          }                                                                       \
        else if (dx != NULL)                                                      \
          for (gint64 n = 0; n < N; n++)                                          \
            bn_scale_##T (dx + (n * C + c) * S, dy + (n * C + c) * S, S,          \
                          invstd * wc);                                           \
        if (dw != NULL)                                                           \
          dw[c] = (T) (dotp * invstd);                                            \
        if (db != NULL)                                                           \
          db[c] = (T) sum;                                                        \
      }                                                                           \
  }

DEFINE_BN (gfloat)
DEFINE_BN (gdouble)

static inline gpointer
data_or_null (GtTensor *t)
{
  return t != NULL ? gt_tensor_data (t) : NULL;
}

/* [N, C, S] of a contiguous input of 2 or more dims. */
static void
bn_geom (GtTensor *in,
         BnGeom   *g)
{
  g->N = in->sizes[0];
  g->C = in->sizes[1];
  g->S = 1;
  for (guint d = 2; d < in->ndim; d++)
    g->S *= in->sizes[d];
}

static gboolean
cpu_batch_norm (GtTensor  *out,
                GtTensor  *mean,
                GtTensor  *invstd,
                GtTensor  *in,
                GtTensor  *weight,
                GtTensor  *bias,
                GtTensor  *running_mean,
                GtTensor  *running_var,
                gboolean   training,
                gdouble    momentum,
                gdouble    eps,
                GError   **error)
{
  BnGeom g;

  bn_geom (in, &g);
  g.training = training;
  g.momentum = momentum;
  g.eps = eps;
  if (in->dtype == GT_DTYPE_FLOAT64)
    bn_forward_gdouble (&g, gt_tensor_data (out), gt_tensor_data (mean),
                        gt_tensor_data (invstd), gt_tensor_data (in),
                        data_or_null (weight), data_or_null (bias),
                        data_or_null (running_mean), data_or_null (running_var));
  else
    bn_forward_gfloat (&g, gt_tensor_data (out), gt_tensor_data (mean),
                       gt_tensor_data (invstd), gt_tensor_data (in),
                       data_or_null (weight), data_or_null (bias),
                       data_or_null (running_mean), data_or_null (running_var));
  return TRUE;
}

static gboolean
cpu_batch_norm_backward (GtTensor  *grad_in,
                         GtTensor  *grad_weight,
                         GtTensor  *grad_bias,
                         GtTensor  *grad_out,
                         GtTensor  *in,
                         GtTensor  *mean,
                         GtTensor  *invstd,
                         GtTensor  *weight,
                         gboolean   training,
                         GError   **error)
{
  BnGeom g;

  bn_geom (in, &g);
  g.training = training;
  if (in->dtype == GT_DTYPE_FLOAT64)
    bn_backward_gdouble (&g, data_or_null (grad_in), data_or_null (grad_weight),
                         data_or_null (grad_bias), gt_tensor_data (grad_out),
                         gt_tensor_data (in), gt_tensor_data (mean),
                         gt_tensor_data (invstd), data_or_null (weight));
  else
    bn_backward_gfloat (&g, data_or_null (grad_in), data_or_null (grad_weight),
                        data_or_null (grad_bias), gt_tensor_data (grad_out),
                        gt_tensor_data (in), gt_tensor_data (mean),
                        gt_tensor_data (invstd), data_or_null (weight));
  return TRUE;
}

/* ---- layer norm --------------------------------------------------------------- */

#define DEFINE_LN(T)                                                              \
  CLONES static void                                                              \
  ln_row_##T (T *y, const T *x, gint64 n, T scale, T shift, const T *w,           \
              const T *b)                                                         \
  {                                                                               \
    if (w != NULL && b != NULL)                                                   \
      {                                                                           \
        _Pragma ("omp simd")                                                      \
        for (gint64 j = 0; j < n; j++)                                            \
          y[j] = (x[j] * scale + shift) * w[j] + b[j];                            \
      }                                                                           \
    else                                                                          \
      for (gint64 j = 0; j < n; j++)                                              \
        y[j] = (x[j] * scale + shift) * (w != NULL ? w[j] : (T) 1) +              \
               (b != NULL ? b[j] : (T) 0);                                        \
  }                                                                               \
                                                                                  \
  static void                                                                     \
  ln_forward_##T (T *out, T *mean, T *rstd, const T *in, const T *w, const T *b,  \
                  gint64 M, gint64 N, gdouble eps)                                \
  {                                                                               \
    _Pragma ("omp parallel for schedule (static) if (M * N >= NN_GRAIN && M > 1)") \
    for (gint64 i = 0; i < M; i++)                                                \
      {                                                                           \
        const T *x = in + i * N;                                                  \
        gdouble m = bn_sum_##T (x, N) / N;                                        \
        gdouble sq = 0;                                                           \
        T r, mt;                                                                  \
                                                                                  \
        _Pragma ("omp simd reduction (+:sq)")                                     \
        for (gint64 j = 0; j < N; j++)                                            \
          sq += ((gdouble) x[j] - m) * ((gdouble) x[j] - m);                      \
        r = (T) (1.0 / sqrt (sq / N + eps));                                      \
        mt = (T) m;                                                               \
        mean[i] = mt;                                                             \
        rstd[i] = r;                                                              \
        ln_row_##T (out + i * N, x, N, r, -r * mt, w, b);                         \
      }                                                                           \
  }                                                                               \
                                                                                  \
  static gboolean                                                                 \
  ln_backward_##T (T *dx, T *dw, T *db, const T *dy, const T *in,                 \
                   const T *mean, const T *rstd, const T *w, gint64 M, gint64 N,  \
                   GError **error)                                                \
  {                                                                               \
    const gint nt = (M * N >= NN_GRAIN && M > 1) ? omp_get_max_threads () : 1;  \
    g_autofree gdouble *acc = NULL;                                               \
                                                                                  \
    if (dw != NULL || db != NULL)                                                 \
      {                                                                           \
        acc = g_try_new0 (gdouble, (gsize) nt * 2 * N);                           \
        if (acc == NULL)                                                          \
          return gt_cpu_alloc_failed ((gsize) nt * 2 * N * sizeof (gdouble),      \
                                      error);                                     \
      }                                                                           \
    _Pragma ("omp parallel num_threads (nt) if (nt > 1)")                         \
    {                                                                             \
      gdouble *aw = acc != NULL ? acc + (gsize) omp_get_thread_num () * 2 * N     \
                                : NULL;                                           \
      gdouble *ab = aw != NULL ? aw + N : NULL;                                   \
                                                                                  \
      _Pragma ("omp for schedule (static)")                                       \
      for (gint64 i = 0; i < M; i++)                                              \
        {                                                                         \
          const T *x = in + i * N, *g = dy + i * N;                               \
          const gdouble a = rstd[i], m = mean[i];                                 \
                                                                                  \
          if (aw != NULL)                                                         \
            for (gint64 j = 0; j < N; j++)                                        \
              {                                                                   \
                aw[j] += (gdouble) g[j] * (((gdouble) x[j] - m) * a);             \
                ab[j] += g[j];                                                    \
              }                                                                   \
          if (dx != NULL)                                                         \
            {                                                                     \
              gdouble ds = 0, dbs = 0, bb, cc;                                    \
              T *d = dx + i * N;                                                  \
                                                                                  \
              for (gint64 j = 0; j < N; j++)                                      \
                {                                                                 \
                  gdouble gw = (gdouble) g[j] * (w != NULL ? w[j] : (T) 1);       \
                  ds += gw * x[j];                                                \
                  dbs += gw;                                                      \
                }                                                                 \
              /* torch's layer_norm_backward_frame */                             \
              bb = (dbs * m - ds) * a * a * a / N;                                \
              cc = -bb * m - dbs * a / N;                                         \
              for (gint64 j = 0; j < N; j++)                                      \
                d[j] = (T) (a * g[j] * (w != NULL ? w[j] : (T) 1) + bb * x[j] +   \
                            cc);                                                  \
            }                                                                     \
        }                                                                         \
    }                                                                             \
    if (acc != NULL)                                                              \
      for (gint64 j = 0; j < N; j++)                                              \
        {                                                                         \
          gdouble sw = 0, sb = 0;                                                 \
          for (gint t = 0; t < nt; t++)                                           \
            {                                                                     \
              sw += acc[(gsize) t * 2 * N + j];                                   \
              sb += acc[(gsize) t * 2 * N + N + j];                               \
            }                                                                     \
          if (dw != NULL)                                                         \
            dw[j] = (T) sw;                                                       \
          if (db != NULL)                                                         \
            db[j] = (T) sb;                                                       \
        }                                                                         \
    return TRUE;                                                                  \
  }

DEFINE_LN (gfloat)
DEFINE_LN (gdouble)

static gboolean
cpu_layer_norm (GtTensor  *out,
                GtTensor  *mean,
                GtTensor  *rstd,
                GtTensor  *in,
                GtTensor  *weight,
                GtTensor  *bias,
                gdouble    eps,
                GError   **error)
{
  gint64 M = mean->numel, N = M > 0 ? in->numel / M : 0;

  if (in->dtype == GT_DTYPE_FLOAT64)
    ln_forward_gdouble (gt_tensor_data (out), gt_tensor_data (mean),
                        gt_tensor_data (rstd), gt_tensor_data (in),
                        data_or_null (weight), data_or_null (bias), M, N, eps);
  else
    ln_forward_gfloat (gt_tensor_data (out), gt_tensor_data (mean),
                       gt_tensor_data (rstd), gt_tensor_data (in),
                       data_or_null (weight), data_or_null (bias), M, N, eps);
  return TRUE;
}

static gboolean
cpu_layer_norm_backward (GtTensor  *grad_in,
                         GtTensor  *grad_weight,
                         GtTensor  *grad_bias,
                         GtTensor  *grad_out,
                         GtTensor  *in,
                         GtTensor  *mean,
                         GtTensor  *rstd,
                         GtTensor  *weight,
                         GError   **error)
{
  gint64 M = mean->numel, N = M > 0 ? in->numel / M : 0;

  if (M == 0 || N == 0)
    {
      /* Nothing to reduce: the gradients of weight and bias are zeros. */
      if (grad_weight != NULL && !gt_cpu_fill (grad_weight, 0.0, error))
        return FALSE;
      if (grad_bias != NULL && !gt_cpu_fill (grad_bias, 0.0, error))
        return FALSE;
      return TRUE;
    }
  if (in->dtype == GT_DTYPE_FLOAT64)
    return ln_backward_gdouble (data_or_null (grad_in), data_or_null (grad_weight),
                                data_or_null (grad_bias), gt_tensor_data (grad_out),
                                gt_tensor_data (in), gt_tensor_data (mean),
                                gt_tensor_data (rstd), data_or_null (weight), M, N,
                                error);
  return ln_backward_gfloat (data_or_null (grad_in), data_or_null (grad_weight),
                             data_or_null (grad_bias), gt_tensor_data (grad_out),
                             gt_tensor_data (in), gt_tensor_data (mean),
                             gt_tensor_data (rstd), data_or_null (weight), M, N,
                             error);
}

/* The CPU kernels for activations, dropout, normalisation, linear and embedding (gt-activation.c, gt-norm.c). */
const GtBackendNN gt_cpu_backend_nn = {
  .gelu = cpu_gelu,
  .gelu_backward = cpu_gelu_backward,
  .leaky_relu = cpu_leaky_relu,
  .dropout = cpu_dropout,
  .batch_norm = cpu_batch_norm,
  .batch_norm_backward = cpu_batch_norm_backward,
  .layer_norm = cpu_layer_norm,
  .layer_norm_backward = cpu_layer_norm_backward,
};
