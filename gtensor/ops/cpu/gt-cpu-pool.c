#include "config.h"

#include <math.h>
#include <omp.h>
#include <string.h>

#include "gt-cpu-backend-private.h"
#include "gt-threads.h"
#include "ops/gt-conv-private.h"

/*
 * Pooling on the CPU. Every tensor is contiguous [N, C, H, W]; each kernel
 * works on one [H, W] plane at a time and spreads the N * C planes over the
 * OpenMP threads (a plane's windows only read that plane, and a plane's
 * gradient is only written from its own outputs, so threads never share
 * memory). The loops and the NaN rule follow torch 1.13's
 * MaxPoolKernel.cpp / AvgPoolKernel.cpp / AdaptiveAvgPoolKernel.cpp.
 */

/* Elements touched below which one thread does all planes. Above, the
 * planes go to the threads in dynamic chunks of 32 (a thread that the
 * machine's load holds back takes fewer; each plane is computed the same
 * way whoever takes it). */
#define POOL_GRAIN 32768

static gint
pool_threads (gint64 work)
{
  return work < POOL_GRAIN ? 1 : gt_get_num_threads ();
}

/* The planes of a contiguous [N, C, H, W] (or [C, H, W]) tensor. */
static gint64
n_planes (GtTensor *t)
{
  return t->sizes[0] * t->sizes[1];
}

/* ---- max ------------------------------------------------------------------ */

/* The 2x2 row kernel is compiled for the x86-64 baseline and for AVX2,
 * picked when the library loads (not under ThreadSanitizer, which
 * instruments the ifunc resolvers). */
#if defined (__x86_64__) && defined (__GNUC__) && !defined (__SANITIZE_THREAD__)
#define CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define CLONES
#endif

/* 32-byte vectors of the element type and of signed integers as wide
 * (GCC's vector extensions: AVX2 registers in the AVX2 clone, pairs of SSE2
 * ones in the baseline). */
typedef gfloat  vec_f __attribute__ ((vector_size (32)));
typedef gint32  ivec_f __attribute__ ((vector_size (32)));
typedef gdouble vec_d __attribute__ ((vector_size (32)));
typedef gint64  ivec_d __attribute__ ((vector_size (32)));

/* The even and odd lanes of two vectors (a0[0], a0[2], ..., a1[VN - 2]).
 * clang has no __builtin_shuffle, only __builtin_shufflevector with
 * constant lanes. (max4 takes the 32-byte width vector by pointer: clang
 * refuses one passed by value from the AVX2 clone to a function it
 * compiles without AVX, another calling convention.) */
#if defined (__clang__)
#define SHUF_EVEN_f(a, b) __builtin_shufflevector (a, b, 0, 2, 4, 6, 8, 10, 12, 14)
#define SHUF_ODD_f(a, b)  __builtin_shufflevector (a, b, 1, 3, 5, 7, 9, 11, 13, 15)
#define SHUF_EVEN_d(a, b) __builtin_shufflevector (a, b, 0, 2, 4, 6)
#define SHUF_ODD_d(a, b)  __builtin_shufflevector (a, b, 1, 3, 5, 7)
#else
#define SHUF_EVEN_f(a, b) __builtin_shuffle (a, b, even)
#define SHUF_ODD_f(a, b)  __builtin_shuffle (a, b, odd)
#define SHUF_EVEN_d(a, b) __builtin_shuffle (a, b, even)
#define SHUF_ODD_d(a, b)  __builtin_shuffle (a, b, odd)
#endif

/* One output row of MaxPool2d(2) (stride 2, no padding): the maximum of
 * rows r0 and r0 + W, columns 2 ox and 2 ox + 1, and its flat index
 * (base is r0's). Whole vectors of outputs with selects instead of
 * branches: on real activations each comparison goes either way at
 * random, the branches mispredicted, and this loop was 10% of the
 * Fashion-MNIST step. (v > m) | (v != v): NaN wins, the last NaN among
 * the four as torch. The window's offset (0, 1, W, W + 1) is kept in an
 * integer lane as wide as the element, so the plane's width must fit an
 * int32 for float (the caller checks). */
#define DEFINE_MAX_ROW2(T, S, V, IV)                                         \
  /* The maxima of VN windows whose rows start at p0 and p1 (2 VN elements \
   * each), and their offsets into the window. */                           \
  static inline __attribute__ ((always_inline)) void                         \
  max4_##S (const T *p0, const T *p1, const IV *wvp, V *mo, IV *ko)         \
  {                                                                          \
    enum { VN = sizeof (V) / sizeof (T) };                                   \
    IV even, odd, one = {}, w1, k = {}, t, wv = *wvp;                        \
    V a0, a1, b0, b1, m, v;                                                  \
                                                                             \
    for (gint i = 0; i < VN; i++)                                            \
      {                                                                      \
        even[i] = 2 * i;                                                     \
        odd[i] = 2 * i + 1;                                                  \
      }                                                                      \
    one += 1;                                                                \
    w1 = wv + one;                                                           \
    memcpy (&a0, p0, sizeof a0);                                             \
    memcpy (&a1, p0 + VN, sizeof a1);                                        \
    memcpy (&b0, p1, sizeof b0);                                             \
    memcpy (&b1, p1 + VN, sizeof b1);                                        \
    m = SHUF_EVEN_##S (a0, a1);                                              \
    v = SHUF_ODD_##S (a0, a1);                                               \
    t = (v > m) | (v != v);                                                  \
    m = (V) (((IV) v & t) | ((IV) m & ~t));                                  \
    k = (one & t) | (k & ~t);                                                \
    v = SHUF_EVEN_##S (b0, b1);                                              \
    t = (v > m) | (v != v);                                                  \
    m = (V) (((IV) v & t) | ((IV) m & ~t));                                  \
    k = (wv & t) | (k & ~t);                                                 \
    v = SHUF_ODD_##S (b0, b1);                                               \
    t = (v > m) | (v != v);                                                  \
    m = (V) (((IV) v & t) | ((IV) m & ~t));                                  \
    k = (w1 & t) | (k & ~t);                                                 \
    *mo = m;                                                                 \
    *ko = k;                                                                 \
  }                                                                          \
                                                                             \
  CLONES static void                                                         \
  max_row2_##S (const T *r0, gint64 W, T *yr, gint64 *ir, gint64 base,       \
                gint64 OW)                                                   \
  {                                                                          \
    enum { VN = sizeof (V) / sizeof (T) };                                   \
    const T *r1 = r0 + W;                                                    \
    IV wv = {}, k;                                                           \
    V m;                                                                     \
    gint64 ox = 0;                                                           \
                                                                             \
    wv += (__typeof__ (wv[0])) W;                                            \
    for (; ox + VN <= OW; ox += VN)                                          \
      {                                                                      \
        max4_##S (r0 + 2 * ox, r1 + 2 * ox, &wv, &m, &k);                    \
        memcpy (yr + ox, &m, sizeof m);                                      \
        if (ir != NULL)                                                      \
          for (gint i = 0; i < VN; i++)                                      \
            ir[ox + i] = base + 2 * (ox + i) + k[i];                         \
      }                                                                      \
    if (ox < OW)                                                             \
      {                                                                      \
        /* the last windows (a 14-wide plane is all tail) through padded   \
         * copies of their rows, not a branchy scalar loop */               \
        T p0[2 * VN] = { 0 }, p1[2 * VN] = { 0 };                            \
        gint64 rem = OW - ox;                                                \
                                                                             \
        memcpy (p0, r0 + 2 * ox, 2 * rem * sizeof (T));                      \
        memcpy (p1, r1 + 2 * ox, 2 * rem * sizeof (T));                      \
        max4_##S (p0, p1, &wv, &m, &k);                                      \
        for (gint64 i = 0; i < rem; i++)                                     \
          {                                                                  \
            yr[ox + i] = m[i];                                               \
            if (ir != NULL)                                                  \
              ir[ox + i] = base + 2 * (ox + i) + k[i];                       \
          }                                                                  \
      }                                                                      \
  }

DEFINE_MAX_ROW2 (gfloat, f, vec_f, ivec_f)
DEFINE_MAX_ROW2 (gdouble, d, vec_d, ivec_d)
#define DEFINE_MAX(T, S)                                                     \
  static void                                                                \
  max_plane_##S (const T *x, gint64 H, gint64 W, T *y, gint64 *ind,          \
                 gint64 OH, gint64 OW, const GtWindow2d *w)                  \
  {                                                                          \
    if (w->kh == 2 && w->kw == 2 && w->sh == 2 && w->sw == 2 &&             \
        w->ph == 0 && w->pw == 0 && w->dh == 1 && w->dw == 1 &&             \
        2 * OH <= H && 2 * OW <= W && W < G_MAXINT32 / 2)                    \
      {                                                                      \
        /* MaxPool2d(2): the flagship's pool, without the general loop */    \
        for (gint64 oy = 0; oy < OH; oy++)                                   \
          max_row2_##S (x + 2 * oy * W, W, y + oy * OW,                      \
                        ind != NULL ? ind + oy * OW : NULL, 2 * oy * W, OW); \
        return;                                                              \
      }                                                                      \
    for (gint64 oy = 0; oy < OH; oy++)                                       \
      {                                                                      \
        gint64 y0 = oy * w->sh - w->ph;                                      \
        gint64 y1 = MIN (y0 + (w->kh - 1) * w->dh + 1, H);                   \
                                                                             \
        while (y0 < 0)                                                       \
          y0 += w->dh;                                                       \
        for (gint64 ox = 0; ox < OW; ox++)                                   \
          {                                                                  \
            gint64 x0 = ox * w->sw - w->pw;                                  \
            gint64 x1 = MIN (x0 + (w->kw - 1) * w->dw + 1, W);               \
            gint64 k;                                                        \
            T m = -INFINITY;                                                 \
                                                                             \
            while (x0 < 0)                                                   \
              x0 += w->dw;                                                   \
            k = y0 * W + x0;                                                 \
            for (gint64 iy = y0; iy < y1; iy += w->dh)                       \
              for (gint64 ix = x0; ix < x1; ix += w->dw)                     \
                {                                                            \
                  T v = x[iy * W + ix];                                      \
                                                                             \
                  if (v > m || isnan (v))                                    \
                    {                                                        \
                      m = v;                                                 \
                      k = iy * W + ix;                                       \
                    }                                                        \
                }                                                            \
            y[oy * OW + ox] = m;                                             \
            if (ind != NULL)                                                 \
              ind[oy * OW + ox] = k;                                         \
          }                                                                  \
      }                                                                      \
  }                                                                          \
                                                                             \
  static void                                                                \
  max_back_plane_##S (T *gx, gint64 HW, const T *gy, const gint64 *ind,      \
                      gint64 OHW)                                            \
  {                                                                          \
    memset (gx, 0, HW * sizeof (T));                                         \
    for (gint64 i = 0; i < OHW; i++)                                         \
      gx[ind[i]] += gy[i];                                                   \
  }

DEFINE_MAX (gfloat, f)
DEFINE_MAX (gdouble, d)

gboolean
gt_cpu_max_pool2d (GtTensor          *out,
                   GtTensor          *indices,
                   GtTensor          *in,
                   const GtWindow2d  *win,
                   GError           **error)
{
  gint64 P = n_planes (in), H = in->sizes[2], W = in->sizes[3];
  gint64 OH = out->sizes[2], OW = out->sizes[3];
  gint64 *ind = indices != NULL ? gt_tensor_data (indices) : NULL;
  gint nth = pool_threads (out->numel * win->kh * win->kw);

  if (in->dtype == GT_DTYPE_FLOAT32)
    {
      const gfloat *x = gt_tensor_data (in);
      gfloat *y = gt_tensor_data (out);

#pragma omp parallel for num_threads (nth) schedule (dynamic, 32) if (nth > 1)
      for (gint64 p = 0; p < P; p++)
        max_plane_f (x + p * H * W, H, W, y + p * OH * OW,
                     ind != NULL ? ind + p * OH * OW : NULL, OH, OW, win);
    }
  else
    {
      const gdouble *x = gt_tensor_data (in);
      gdouble *y = gt_tensor_data (out);

#pragma omp parallel for num_threads (nth) schedule (dynamic, 32) if (nth > 1)
      for (gint64 p = 0; p < P; p++)
        max_plane_d (x + p * H * W, H, W, y + p * OH * OW,
                     ind != NULL ? ind + p * OH * OW : NULL, OH, OW, win);
    }
  return TRUE;
}

gboolean
gt_cpu_max_pool2d_backward (GtTensor  *grad_in,
                            GtTensor  *grad_out,
                            GtTensor  *indices,
                            GError   **error)
{
  gint64 P = n_planes (grad_in), HW = grad_in->sizes[2] * grad_in->sizes[3];
  gint64 OHW = grad_out->sizes[2] * grad_out->sizes[3];
  const gint64 *ind = gt_tensor_data (indices);
  gint nth = pool_threads (grad_in->numel + grad_out->numel);

  if (grad_in->dtype == GT_DTYPE_FLOAT32)
    {
      gfloat *gx = gt_tensor_data (grad_in);
      const gfloat *gy = gt_tensor_data (grad_out);

#pragma omp parallel for num_threads (nth) schedule (dynamic, 32) if (nth > 1)
      for (gint64 p = 0; p < P; p++)
        max_back_plane_f (gx + p * HW, HW, gy + p * OHW, ind + p * OHW, OHW);
    }
  else
    {
      gdouble *gx = gt_tensor_data (grad_in);
      const gdouble *gy = gt_tensor_data (grad_out);

#pragma omp parallel for num_threads (nth) schedule (dynamic, 32) if (nth > 1)
      for (gint64 p = 0; p < P; p++)
        max_back_plane_d (gx + p * HW, HW, gy + p * OHW, ind + p * OHW, OHW);
    }
  return TRUE;
}

/* ---- average -------------------------------------------------------------- */

/* The window of output (oy, ox) clipped to the plane, and what its sum is
 * divided by; FALSE when the window holds no input element. */
static gboolean
avg_window (const GtAvgPool2d *pool,
            gint64             H,
            gint64             W,
            gint64             oy,
            gint64             ox,
            gint64            *y0,
            gint64            *y1,
            gint64            *x0,
            gint64            *x1,
            gdouble           *divisor)
{
  const GtWindow2d *w = &pool->win;
  gint64 a = oy * w->sh - w->ph, b = ox * w->sw - w->pw;
  gint64 a1 = MIN (a + w->kh, H + w->ph), b1 = MIN (b + w->kw, W + w->pw);
  gint64 pool_size = (a1 - a) * (b1 - b);

  a = MAX (a, 0);
  b = MAX (b, 0);
  a1 = MIN (a1, H);
  b1 = MIN (b1, W);
  *y0 = a;
  *y1 = a1;
  *x0 = b;
  *x1 = b1;
  if (a >= a1 || b >= b1)
    return FALSE;
  if (pool->divisor_override != 0)
    *divisor = (gdouble) pool->divisor_override;
  else if (pool->count_include_pad)
    *divisor = (gdouble) pool_size;
  else
    *divisor = (gdouble) ((a1 - a) * (b1 - b));
  return TRUE;
}

/* The adaptive window [start, end) of output @i of @n over @size. */
static inline void
adaptive_range (gint64  i,
                gint64  n,
                gint64  size,
                gint64 *start,
                gint64 *end)
{
  *start = (i * size) / n;
  *end = ((i + 1) * size + n - 1) / n;
}

#define DEFINE_AVG(T, S)                                                     \
  static void                                                                \
  avg_plane_##S (const T *x, gint64 H, gint64 W, T *y, gint64 OH,            \
                 gint64 OW, const GtAvgPool2d *pool)                         \
  {                                                                          \
    for (gint64 oy = 0; oy < OH; oy++)                                       \
      for (gint64 ox = 0; ox < OW; ox++)                                     \
        {                                                                    \
          gint64 y0, y1, x0, x1;                                             \
          gdouble div;                                                       \
          T sum = 0;                                                         \
                                                                             \
          if (!avg_window (pool, H, W, oy, ox, &y0, &y1, &x0, &x1, &div))    \
            {                                                                \
              y[oy * OW + ox] = 0;                                           \
              continue;                                                      \
            }                                                                \
          for (gint64 iy = y0; iy < y1; iy++)                                \
            for (gint64 ix = x0; ix < x1; ix++)                              \
              sum += x[iy * W + ix];                                         \
          y[oy * OW + ox] = sum / (T) div;                                   \
        }                                                                    \
  }                                                                          \
                                                                             \
  static void                                                                \
  avg_back_plane_##S (T *gx, gint64 H, gint64 W, const T *gy, gint64 OH,     \
                      gint64 OW, const GtAvgPool2d *pool)                    \
  {                                                                          \
    memset (gx, 0, H * W * sizeof (T));                                      \
    for (gint64 oy = 0; oy < OH; oy++)                                       \
      for (gint64 ox = 0; ox < OW; ox++)                                     \
        {                                                                    \
          gint64 y0, y1, x0, x1;                                             \
          gdouble div;                                                       \
          T g;                                                               \
                                                                             \
          if (!avg_window (pool, H, W, oy, ox, &y0, &y1, &x0, &x1, &div))    \
            continue;                                                        \
          g = gy[oy * OW + ox] / (T) div;                                    \
          for (gint64 iy = y0; iy < y1; iy++)                                \
            for (gint64 ix = x0; ix < x1; ix++)                              \
              gx[iy * W + ix] += g;                                          \
        }                                                                    \
  }                                                                          \
                                                                             \
  static void                                                                \
  adaptive_plane_##S (const T *x, gint64 H, gint64 W, T *y, gint64 OH,       \
                      gint64 OW)                                             \
  {                                                                          \
    for (gint64 oy = 0; oy < OH; oy++)                                       \
      {                                                                      \
        gint64 y0, y1;                                                       \
                                                                             \
        adaptive_range (oy, OH, H, &y0, &y1);                                \
        for (gint64 ox = 0; ox < OW; ox++)                                   \
          {                                                                  \
            gint64 x0, x1;                                                   \
            T sum = 0;                                                       \
                                                                             \
            adaptive_range (ox, OW, W, &x0, &x1);                            \
            for (gint64 iy = y0; iy < y1; iy++)                              \
              for (gint64 ix = x0; ix < x1; ix++)                            \
                sum += x[iy * W + ix];                                       \
            y[oy * OW + ox] = sum / (T) ((y1 - y0) * (x1 - x0));             \
          }                                                                  \
      }                                                                      \
  }                                                                          \
                                                                             \
  static void                                                                \
  adaptive_back_plane_##S (T *gx, gint64 H, gint64 W, const T *gy,           \
                           gint64 OH, gint64 OW)                             \
  {                                                                          \
    memset (gx, 0, H * W * sizeof (T));                                      \
    for (gint64 oy = 0; oy < OH; oy++)                                       \
      {                                                                      \
        gint64 y0, y1;                                                       \
                                                                             \
        adaptive_range (oy, OH, H, &y0, &y1);                                \
        for (gint64 ox = 0; ox < OW; ox++)                                   \
          {                                                                  \
            gint64 x0, x1;                                                   \
            T g;                                                             \
                                                                             \
            adaptive_range (ox, OW, W, &x0, &x1);                            \
            g = gy[oy * OW + ox] / (T) ((y1 - y0) * (x1 - x0));              \
            for (gint64 iy = y0; iy < y1; iy++)                              \
              for (gint64 ix = x0; ix < x1; ix++)                            \
                gx[iy * W + ix] += g;                                        \
          }                                                                  \
      }                                                                      \
  }

DEFINE_AVG (gfloat, f)
DEFINE_AVG (gdouble, d)

/* Runs the plane kernel @kernel_f or @kernel_d (by @t's dtype) over the
 * @P planes: plane p of @a (H x W) and of @b (OH x OW), then the kernel's
 * own arguments. */
#define FOR_PLANES(nth, P, t, kernel, a, H, W, b, OH, OW, ...)               \
  G_STMT_START {                                                             \
    if ((t)->dtype == GT_DTYPE_FLOAT32)                                      \
      {                                                                      \
        _Pragma ("omp parallel for num_threads (nth) schedule (static) if (nth > 1)") \
        for (gint64 p = 0; p < (P); p++)                                     \
          kernel##_f ((gfloat *) (a) + p * (H) * (W), H, W,                  \
                      (gfloat *) (b) + p * (OH) * (OW), OH, OW, ##__VA_ARGS__); \
      }                                                                      \
    else                                                                     \
      {                                                                      \
        _Pragma ("omp parallel for num_threads (nth) schedule (static) if (nth > 1)") \
        for (gint64 p = 0; p < (P); p++)                                     \
          kernel##_d ((gdouble *) (a) + p * (H) * (W), H, W,                 \
                      (gdouble *) (b) + p * (OH) * (OW), OH, OW, ##__VA_ARGS__); \
      }                                                                      \
  } G_STMT_END

gboolean
gt_cpu_avg_pool2d (GtTensor           *out,
                   GtTensor           *in,
                   const GtAvgPool2d  *pool,
                   GError            **error)
{
  gint64 P = n_planes (in), H = in->sizes[2], W = in->sizes[3];
  gint64 OH = out->sizes[2], OW = out->sizes[3];
  guint8 *x = gt_tensor_data (in), *y = gt_tensor_data (out);
  gint nth = pool_threads (out->numel * pool->win.kh * pool->win.kw);

  FOR_PLANES (nth, P, in, avg_plane, x, H, W, y, OH, OW, pool);
  return TRUE;
}

gboolean
gt_cpu_avg_pool2d_backward (GtTensor           *grad_in,
                            GtTensor           *grad_out,
                            const GtAvgPool2d  *pool,
                            GError            **error)
{
  gint64 P = n_planes (grad_in), H = grad_in->sizes[2], W = grad_in->sizes[3];
  gint64 OH = grad_out->sizes[2], OW = grad_out->sizes[3];
  guint8 *gx = gt_tensor_data (grad_in), *gy = gt_tensor_data (grad_out);
  gint nth = pool_threads (grad_in->numel +
                           grad_out->numel * pool->win.kh * pool->win.kw);

  FOR_PLANES (nth, P, grad_in, avg_back_plane, gx, H, W, gy, OH, OW, pool);
  return TRUE;
}

gboolean
gt_cpu_adaptive_avg_pool2d (GtTensor  *out,
                            GtTensor  *in,
                            GError   **error)
{
  gint64 P = n_planes (in), H = in->sizes[2], W = in->sizes[3];
  gint64 OH = out->sizes[2], OW = out->sizes[3];
  guint8 *x = gt_tensor_data (in), *y = gt_tensor_data (out);
  gint nth = pool_threads (in->numel + out->numel);

  FOR_PLANES (nth, P, in, adaptive_plane, x, H, W, y, OH, OW);
  return TRUE;
}

gboolean
gt_cpu_adaptive_avg_pool2d_backward (GtTensor  *grad_in,
                                     GtTensor  *grad_out,
                                     GError   **error)
{
  gint64 P = n_planes (grad_in), H = grad_in->sizes[2], W = grad_in->sizes[3];
  gint64 OH = grad_out->sizes[2], OW = grad_out->sizes[3];
  guint8 *gx = gt_tensor_data (grad_in), *gy = gt_tensor_data (grad_out);
  gint nth = pool_threads (grad_in->numel + grad_out->numel);

  FOR_PLANES (nth, P, grad_in, adaptive_back_plane, gx, H, W, gy, OH, OW);
  return TRUE;
}
