#include "config.h"

#include <math.h>
#include <omp.h>
#include <string.h>

#include "gt-cpu-backend-private.h"
#include "gt-cpu-iter.h"
#include "gt-error.h"
#include "gt-loss-ops.h"
#include "ops/gt-loss-private.h"

/*
 * The CPU kernels for softmax and the losses (gt-loss-ops.c).
 *
 * Softmax works on [outer, size, inner] views of contiguous tensors. With
 * inner == 1 (the last dim, the common case) each row is contiguous and is
 * done in three passes that stay in L1: the maximum, exp (x - max) with its
 * sum, the scaling. Otherwise a block of up to BLOCK neighbouring columns
 * is done together, each pass streaming along rows of the block, so every
 * load is contiguous. Threads take rows (or row blocks). exp is SLEEF's
 * 1-ULP vector exp, in AVX2 when the CPU has it, else in SSE2.
 */

#define BLOCK 256

/* The simple loops are compiled twice, for the x86-64 baseline and for
 * AVX2, and picked when the library loads; the simd pragmas let the
 * compiler vectorise the reductions (max, sums) too. */
/* Not under ThreadSanitizer: it instruments the ifunc resolvers, which
 * run while the program is relocated, before its runtime can be called. */
#if defined (__x86_64__) && defined (__GNUC__) && !defined (__SANITIZE_THREAD__)
#define CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define CLONES
#endif
#define SIMD _Pragma ("omp simd")
#define SIMD_MAX(v) _Pragma (G_STRINGIFY (omp simd reduction (max:v)))
#define SIMD_SUM(v) _Pragma (G_STRINGIFY (omp simd reduction (+:v)))

#if defined (__x86_64__) && defined (__GNUC__)
#define HAVE_X86_PATH 1
#include <immintrin.h>
#include <sleef.h>

/* Declared by sleef.h only where the compiler targets AVX itself. The
 * declarations carry the target too: clang refuses a call passing a
 * 32-byte vector to a function it believes compiled without AVX. */
__attribute__ ((target ("avx2"))) extern __m256 Sleef_expf8_u10avx2 (__m256);
__attribute__ ((target ("avx2"))) extern __m256d Sleef_expd4_u10avx2 (__m256d);

/* GT_CPU_CAPABILITY=default forces the baseline loops, as for the
 * pointwise and reduction kernels. */
static gboolean
cpu_has_avx2 (void)
{
  static gsize once = 0;
  static gboolean avx2 = FALSE;

  if (g_once_init_enter (&once))
    {
      const char *cap = g_getenv ("GT_CPU_CAPABILITY");

      __builtin_cpu_init ();
      avx2 = __builtin_cpu_supports ("avx2") &&
             !(cap != NULL && g_ascii_strcasecmp (cap, "default") == 0);
      g_once_init_leave (&once, 1);
    }
  return avx2;
}

__attribute__ ((target ("avx2"))) static void
vexp_f32_avx2 (gfloat *d, gint64 n)
{
  gint64 i = 0;

  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps (d + i, Sleef_expf8_u10avx2 (_mm256_loadu_ps (d + i)));
  for (; i < n; i++)
    d[i] = expf (d[i]);
}

__attribute__ ((target ("avx2"))) static void
vexp_f64_avx2 (gdouble *d, gint64 n)
{
  gint64 i = 0;

  for (; i + 4 <= n; i += 4)
    _mm256_storeu_pd (d + i, Sleef_expd4_u10avx2 (_mm256_loadu_pd (d + i)));
  for (; i < n; i++)
    d[i] = exp (d[i]);
}
#endif

/* d[i] = exp (d[i]) in place. */
static void
vexp_f32 (gfloat *d, gint64 n)
{
  gint64 i = 0;

#if defined (HAVE_X86_PATH)
  if (cpu_has_avx2 ())
    {
      vexp_f32_avx2 (d, n);
      return;
    }
  for (; i + 4 <= n; i += 4)
    _mm_storeu_ps (d + i, Sleef_expf4_u10sse2 (_mm_loadu_ps (d + i)));
#endif
  for (; i < n; i++)
    d[i] = expf (d[i]);
}

static void
vexp_f64 (gdouble *d, gint64 n)
{
  gint64 i = 0;

#if defined (HAVE_X86_PATH)
  if (cpu_has_avx2 ())
    {
      vexp_f64_avx2 (d, n);
      return;
    }
  for (; i + 2 <= n; i += 2)
    _mm_storeu_pd (d + i, Sleef_expd2_u10sse2 (_mm_loadu_pd (d + i)));
#endif
  for (; i < n; i++)
    d[i] = exp (d[i]);
}

static inline gfloat  log_f32 (gfloat x)  { return logf (x); }
static inline gdouble log_f64 (gdouble x) { return log (x); }

/* One contiguous row (inner == 1). NaN never wins the maximum, so a row
 * holding NaN gives NaN everywhere through exp (NaN - max), as torch. */
#define DEFINE_SOFTMAX_ROW(sfx, T)                                           \
  CLONES static void                                                         \
  softmax_row_##sfx (T *y, const T *x, gint64 n, gboolean log)               \
  {                                                                          \
    T m = -INFINITY, s = 0;                                                  \
                                                                             \
    SIMD_MAX (m)                                                             \
    for (gint64 i = 0; i < n; i++)                                           \
      m = x[i] > m ? x[i] : m;                                               \
    SIMD                                                                     \
    for (gint64 i = 0; i < n; i++)                                           \
      y[i] = x[i] - m;                                                       \
    vexp_##sfx (y, n);                                                       \
    SIMD_SUM (s)                                                             \
    for (gint64 i = 0; i < n; i++)                                           \
      s += y[i];                                                             \
    if (log)                                                                 \
      {                                                                      \
        T ls = log_##sfx (s);                                                \
        SIMD                                                                 \
        for (gint64 i = 0; i < n; i++)                                       \
          y[i] = (x[i] - m) - ls;                                            \
      }                                                                      \
    else                                                                     \
      {                                                                      \
        T r = 1 / s;                                                         \
        SIMD                                                                 \
        for (gint64 i = 0; i < n; i++)                                       \
          y[i] *= r;                                                         \
      }                                                                      \
  }

/* Columns [0, w) of one [size, inner] slab, w <= BLOCK. */
#define DEFINE_SOFTMAX_COLS(sfx, T)                                          \
  CLONES static void                                                         \
  softmax_cols_##sfx (T *y, const T *x, gint64 size, gint64 inner,           \
                      gint64 w, gboolean log)                                \
  {                                                                          \
    T m[BLOCK], s[BLOCK];                                                    \
                                                                             \
    SIMD                                                                     \
    for (gint64 j = 0; j < w; j++)                                           \
      {                                                                      \
        m[j] = -INFINITY;                                                    \
        s[j] = 0;                                                            \
      }                                                                      \
    for (gint64 d = 0; d < size; d++)                                        \
      SIMD                                                                   \
      for (gint64 j = 0; j < w; j++)                                         \
        m[j] = x[d * inner + j] > m[j] ? x[d * inner + j] : m[j];            \
    for (gint64 d = 0; d < size; d++)                                        \
      {                                                                      \
        T *yr = y + d * inner;                                               \
        const T *xr = x + d * inner;                                         \
        SIMD                                                                 \
        for (gint64 j = 0; j < w; j++)                                       \
          yr[j] = xr[j] - m[j];                                              \
        vexp_##sfx (yr, w);                                                  \
        SIMD                                                                 \
        for (gint64 j = 0; j < w; j++)                                       \
          s[j] += yr[j];                                                     \
      }                                                                      \
    if (log)                                                                 \
      {                                                                      \
        SIMD                                                                 \
        for (gint64 j = 0; j < w; j++)                                       \
          s[j] = log_##sfx (s[j]);                                           \
        for (gint64 d = 0; d < size; d++)                                    \
          SIMD                                                               \
          for (gint64 j = 0; j < w; j++)                                     \
            y[d * inner + j] = (x[d * inner + j] - m[j]) - s[j];             \
      }                                                                      \
    else                                                                     \
      {                                                                      \
        SIMD                                                                 \
        for (gint64 j = 0; j < w; j++)                                       \
          s[j] = 1 / s[j];                                                   \
        for (gint64 d = 0; d < size; d++)                                    \
          SIMD                                                               \
          for (gint64 j = 0; j < w; j++)                                     \
            y[d * inner + j] *= s[j];                                        \
      }                                                                      \
  }

/* Backward of one contiguous row: softmax gi = y (g - sum (g y)),
 * log_softmax gi = g - exp (y) sum (g). */
#define DEFINE_SOFTMAX_BACK_ROW(sfx, T)                                      \
  CLONES static void                                                         \
  softmax_back_row_##sfx (T *gi, const T *g, const T *y, gint64 n,           \
                          gboolean log)                                      \
  {                                                                          \
    T s = 0;                                                                 \
                                                                             \
    if (log)                                                                 \
      {                                                                      \
        SIMD_SUM (s)                                                         \
        for (gint64 i = 0; i < n; i++)                                       \
          s += g[i];                                                         \
        memcpy (gi, y, n * sizeof (T));                                      \
        vexp_##sfx (gi, n);                                                  \
        SIMD                                                                 \
        for (gint64 i = 0; i < n; i++)                                       \
          gi[i] = g[i] - gi[i] * s;                                          \
      }                                                                      \
    else                                                                     \
      {                                                                      \
        SIMD_SUM (s)                                                         \
        for (gint64 i = 0; i < n; i++)                                       \
          s += g[i] * y[i];                                                  \
        SIMD                                                                 \
        for (gint64 i = 0; i < n; i++)                                       \
          gi[i] = y[i] * (g[i] - s);                                         \
      }                                                                      \
  }

#define DEFINE_SOFTMAX_BACK_COLS(sfx, T)                                     \
  CLONES static void                                                         \
  softmax_back_cols_##sfx (T *gi, const T *g, const T *y, gint64 size,       \
                           gint64 inner, gint64 w, gboolean log)             \
  {                                                                          \
    T s[BLOCK];                                                              \
                                                                             \
    SIMD                                                                     \
    for (gint64 j = 0; j < w; j++)                                           \
      s[j] = 0;                                                              \
    for (gint64 d = 0; d < size; d++)                                        \
      SIMD                                                                   \
      for (gint64 j = 0; j < w; j++)                                         \
        s[j] += log ? g[d * inner + j] : g[d * inner + j] * y[d * inner + j];\
    for (gint64 d = 0; d < size; d++)                                        \
      {                                                                      \
        T *gr = gi + d * inner;                                              \
        const T *go = g + d * inner, *yr = y + d * inner;                    \
        if (log)                                                             \
          {                                                                  \
            memcpy (gr, yr, w * sizeof (T));                                 \
            vexp_##sfx (gr, w);                                              \
            SIMD                                                             \
            for (gint64 j = 0; j < w; j++)                                   \
              gr[j] = go[j] - gr[j] * s[j];                                  \
          }                                                                  \
        else                                                                 \
          SIMD                                                               \
          for (gint64 j = 0; j < w; j++)                                     \
            gr[j] = yr[j] * (go[j] - s[j]);                                  \
      }                                                                      \
  }

DEFINE_SOFTMAX_ROW (f32, gfloat)
DEFINE_SOFTMAX_ROW (f64, gdouble)
DEFINE_SOFTMAX_COLS (f32, gfloat)
DEFINE_SOFTMAX_COLS (f64, gdouble)
DEFINE_SOFTMAX_BACK_ROW (f32, gfloat)
DEFINE_SOFTMAX_BACK_ROW (f64, gdouble)
DEFINE_SOFTMAX_BACK_COLS (f32, gfloat)
DEFINE_SOFTMAX_BACK_COLS (f64, gdouble)

/* The rows (inner == 1) or (slab, column block) pairs, split across
 * threads above the grain size. @a is the output, @b and @c the inputs. */
static void
softmax_run (GtDType   dt,
             gpointer  a,
             gconstpointer b,
             gconstpointer c,
             gint64    outer,
             gint64    size,
             gint64    inner,
             gboolean  log,
             gboolean  backward)
{
  gint64 nblk = (inner + BLOCK - 1) / BLOCK;
  gint64 tasks = outer * nblk;
  gboolean par = omp_get_max_threads () > 1 &&
                 outer * size * inner >= GT_CPU_GRAIN_SIZE / 4 && tasks > 1;
  gboolean f32 = dt == GT_DTYPE_FLOAT32;

#pragma omp parallel for schedule (static) if (par)
  for (gint64 t = 0; t < tasks; t++)
    {
      gint64 o = t / nblk, j0 = (t % nblk) * BLOCK;
      gint64 w = MIN (BLOCK, inner - j0);
      gint64 off = o * size * inner + j0;

      if (f32)
        {
          gfloat *y = (gfloat *) a + off;
          const gfloat *x = (const gfloat *) b + off;
          const gfloat *z = c != NULL ? (const gfloat *) c + off : NULL;

          if (!backward)
            inner == 1 ? softmax_row_f32 (y, x, size, log)
                       : softmax_cols_f32 (y, x, size, inner, w, log);
          else
            inner == 1 ? softmax_back_row_f32 (y, x, z, size, log)
                       : softmax_back_cols_f32 (y, x, z, size, inner, w, log);
        }
      else
        {
          gdouble *y = (gdouble *) a + off;
          const gdouble *x = (const gdouble *) b + off;
          const gdouble *z = c != NULL ? (const gdouble *) c + off : NULL;

          if (!backward)
            inner == 1 ? softmax_row_f64 (y, x, size, log)
                       : softmax_cols_f64 (y, x, size, inner, w, log);
          else
            inner == 1 ? softmax_back_row_f64 (y, x, z, size, log)
                       : softmax_back_cols_f64 (y, x, z, size, inner, w, log);
        }
    }
}

static gboolean
cpu_softmax (GtTensor  *out,
             GtTensor  *in,
             gint64     outer,
             gint64     size,
             gint64     inner,
             gboolean   log,
             GError   **error)
{
  if (out->numel == 0)
    return TRUE;
  softmax_run (out->dtype, gt_tensor_data (out), gt_tensor_data (in), NULL,
               outer, size, inner, log, FALSE);
  return TRUE;
}

static gboolean
cpu_softmax_backward (GtTensor  *grad_in,
                      GtTensor  *grad_out,
                      GtTensor  *out,
                      gint64     outer,
                      gint64     size,
                      gint64     inner,
                      gboolean   log,
                      GError   **error)
{
  if (grad_in->numel == 0)
    return TRUE;
  softmax_run (grad_in->dtype, gt_tensor_data (grad_in),
               gt_tensor_data (grad_out), gt_tensor_data (out), outer, size,
               inner, log, TRUE);
  return TRUE;
}

/* Loads element @i of a float32/float64 array as a double. */
static inline gdouble
load (gconstpointer p,
      gboolean      f32,
      gint64        i)
{
  return f32 ? ((const gfloat *) p)[i] : ((const gdouble *) p)[i];
}

static inline void
store (gpointer p,
       gboolean f32,
       gint64   i,
       gdouble  v)
{
  if (f32)
    ((gfloat *) p)[i] = (gfloat) v;
  else
    ((gdouble *) p)[i] = v;
}

static gboolean
cpu_nll_loss (GtTensor     *out,
              GtTensor     *total_weight,
              GtTensor     *in,
              GtTensor     *target,
              GtTensor     *weight,
              gint64        ignore_index,
              guint         reduction,
              const char   *func,
              GError      **error)
{
  gint64 n = in->ndim > 0 ? in->sizes[0] : 1;
  gint64 c = in->ndim > 1 ? in->sizes[1] : in->sizes[0];
  gint64 s = target->numel / MAX (n, 1);
  const gint64 *t = gt_tensor_data (target);
  gconstpointer x = gt_tensor_data (in);
  gconstpointer w = weight != NULL ? gt_tensor_data (weight) : NULL;
  gboolean f32 = in->dtype == GT_DTYPE_FLOAT32;
  gdouble sum = 0, tw = 0;

  /* The 1-D input [c] comes as [c] with a 0-d target. */
  if (in->ndim == 1)
    {
      n = 1;
      c = in->sizes[0];
      s = 1;
    }
  for (gint64 i = 0; i < target->numel; i++)
    if (t[i] != ignore_index && (t[i] < 0 || t[i] >= c))
      {
        g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                     "%s: Target %" G_GINT64_FORMAT " is out of bounds "
                     "(the input has %" G_GINT64_FORMAT " classes).",
                     func, t[i], c);
        return FALSE;
      }

  if (reduction == GT_REDUCTION_NONE)
    {
      gpointer o = gt_tensor_data (out);

      for (gint64 i = 0; i < n; i++)
        for (gint64 k = 0; k < s; k++)
          {
            gint64 ti = t[i * s + k];
            gdouble v = 0;

            if (ti != ignore_index)
              v = -(w != NULL ? load (w, f32, ti) : 1.0) *
                  load (x, f32, (i * c + ti) * s + k);
            store (o, f32, i * s + k, v);
          }
      return TRUE;
    }

  for (gint64 i = 0; i < n; i++)
    for (gint64 k = 0; k < s; k++)
      {
        gint64 ti = t[i * s + k];
        gdouble wi;

        if (ti == ignore_index)
          continue;
        wi = w != NULL ? load (w, f32, ti) : 1.0;
        tw += wi;
        sum -= wi * load (x, f32, (i * c + ti) * s + k);
      }
  store (gt_tensor_data (total_weight), f32, 0, tw);
  store (gt_tensor_data (out), f32, 0,
         reduction == GT_REDUCTION_MEAN ? sum / tw : sum);
  return TRUE;
}

static gboolean
cpu_nll_loss_backward (GtTensor     *grad_in,
                       GtTensor     *grad_out,
                       GtTensor     *target,
                       GtTensor     *weight,
                       GtTensor     *total_weight,
                       gint64        ignore_index,
                       guint         reduction,
                       GError      **error)
{
  gint64 n = grad_in->ndim > 1 ? grad_in->sizes[0] : 1;
  gint64 c = grad_in->ndim > 1 ? grad_in->sizes[1] : grad_in->sizes[0];
  gint64 s = grad_in->ndim > 2 ? grad_in->sizes[2] : 1;
  const gint64 *t = gt_tensor_data (target);
  gconstpointer g = gt_tensor_data (grad_out);
  gconstpointer w = weight != NULL ? gt_tensor_data (weight) : NULL;
  gpointer gi = gt_tensor_data (grad_in);
  gboolean f32 = grad_in->dtype == GT_DTYPE_FLOAT32;
  gdouble scale = 1.0;

  if (grad_in->numel == 0)
    return TRUE;
  memset (gi, 0, grad_in->numel * gt_dtype_get_element_size (grad_in->dtype));
  if (reduction != GT_REDUCTION_NONE)
    scale = load (g, f32, 0);
  if (reduction == GT_REDUCTION_MEAN)
    scale /= load (gt_tensor_data (total_weight), f32, 0);
  for (gint64 i = 0; i < n; i++)
    for (gint64 k = 0; k < s; k++)
      {
        gint64 ti = t[i * s + k];
        gdouble v;

        if (ti == ignore_index)
          continue;
        v = reduction == GT_REDUCTION_NONE ? load (g, f32, i * s + k) : scale;
        store (gi, f32, (i * c + ti) * s + k,
               -(w != NULL ? load (w, f32, ti) : 1.0) * v);
      }
  return TRUE;
}

/* The CPU kernels for softmax and the losses (gt-loss-ops.c). */
const GtBackendLoss gt_cpu_backend_loss = {
  .softmax = cpu_softmax,
  .softmax_backward = cpu_softmax_backward,
  .nll_loss = cpu_nll_loss,
  .nll_loss_backward = cpu_nll_loss_backward,
};
