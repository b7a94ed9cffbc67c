#include "config.h"

#include <cblas.h>
#include <omp.h>
#include <string.h>

#include "gt-cpu-alloc-private.h"
#include "gt-cpu-backend-private.h"
#include "gt-threads.h"
#include "ops/gt-conv-private.h"

/*
 * conv2d on the CPU: im2col + OpenBLAS GEMM over blocks of images.
 *
 * For image n and group g, the patches of the input become the columns of
 * a [K = C/groups * kh * kw, L = OH * OW] matrix (im2col, zeros where a
 * window reaches into the padding), and
 *
 *   forward:      out[n, g]  [Og, L] = W_g [Og, K] @ col [K, L] (+ bias)
 *   input grad:   col [K, L] = W_g^T @ grad_out[n, g], added back into the
 *                 input positions it came from (col2im)
 *   weight grad:  grad_W_g [Og, K] += grad_out[n, g] [Og, L] @ col^T
 *
 * Small images are put side by side, nb of them in one col [K, nb * L]
 * (see CONV_BLOCK_COLS), so that one product covers the block; outputs
 * and output gradients then go through a [Og, nb * L] buffer. A 1x1 kernel
 * with stride 1 and no padding needs no im2col: the image itself is the
 * [K, L] matrix. With K <= SMALL_K (one input channel) the forward and the
 * weight gradient are register-blocked vector loops instead of GEMM.
 * Images are spread over the OpenMP threads
 * with OpenBLAS on one thread inside each (per-image products are small,
 * and OpenBLAS's own threads would fight ours); the weight gradient is
 * summed per thread and the partial sums added at the end. A batch of one
 * image, or too little work to wake a team, runs on this thread with
 * OpenBLAS threading each product instead.
 */

/* Multiply-adds below which one thread does the whole batch. */
#define CONV_PARALLEL_WORK 1.0e6

/* The backward's images go in this many chunks per thread, each with its
 * own weight-gradient sum, as long as a weight gradient is at most
 * CONV_CHUNK_BYTES (one chunk per thread above). */
#define CONV_CHUNKS_PER_THREAD 4
#define CONV_CHUNK_BYTES ((gsize) 1 << 20)

typedef struct {
  gint64            c;        /* input channels of one group */
  gint64            h, w;     /* input plane */
  gint64            oh, ow;   /* output plane */
  gint64            ld;       /* row stride of col: oh * ow times the
                               * images of a block */
  const GtWindow2d *win;
} Geo;

/* The kernel is the identity on the plane: a 1x1 window, stride 1, no
 * padding. */
static gboolean
geo_is_direct (const Geo *g)
{
  const GtWindow2d *w = g->win;

  return w->kh == 1 && w->kw == 1 && w->sh == 1 && w->sw == 1 &&
         w->ph == 0 && w->pw == 0 && g->oh == g->h && g->ow == g->w;
}

/* The output columns [*lo, *hi) whose input column ox * sw + off is inside
 * [0, w): outside them a window reads padding. */
static void
valid_range (gint64  off,
             gint64  stride,
             gint64  size,
             gint64  n_out,
             gint64 *lo,
             gint64 *hi)
{
  gint64 l = off >= 0 ? 0 : (-off + stride - 1) / stride;
  gint64 h = size - off <= 0 ? 0 : (size - off + stride - 1) / stride;

  l = MIN (l, n_out);
  h = CLAMP (h, l, n_out);
  *lo = l;
  *hi = h;
}

/* The copy loops are compiled for the x86-64 baseline and for AVX2 and
 * picked when the library loads (im2col's stores are a fifth of a 3x3
 * conv's forward). */
/* Not under ThreadSanitizer: it instruments the ifunc resolvers, which
 * run while the program is relocated, before its runtime can be called. */
#if defined (__x86_64__) && defined (__GNUC__) && !defined (__SANITIZE_THREAD__)
#define CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define CLONES
#endif

/* 32-byte vectors (GCC's vector extensions: AVX2 registers in the AVX2
 * clone, pairs of SSE2 ones in the baseline). */
typedef gfloat vec_f __attribute__ ((vector_size (32)));
typedef gdouble vec_d __attribute__ ((vector_size (32)));

#define DEFINE_COLS(T, S, V)                                                 \
  /* d[0, n) = s[0, n) for the short rows of im2col (a 14-wide plane is   \
   * most of them): whole vectors, the last one overlapping the previous    \
   * instead of a scalar tail; memcpy's call costs more than the copy. */   \
  static inline void                                                         \
  copy_row_##S (T *d, const T *src, gint64 n)                                \
  {                                                                          \
    const gint64 VN = sizeof (V) / sizeof (T);                               \
    gint64 i = 0;                                                            \
    V v;                                                                     \
                                                                             \
    if (n < VN)                                                              \
      {                                                                      \
        for (; i < n; i++)                                                   \
          d[i] = src[i];                                                     \
        return;                                                              \
      }                                                                      \
    for (; i + VN <= n; i += VN)                                             \
      {                                                                      \
        memcpy (&v, src + i, sizeof v);                                      \
        memcpy (d + i, &v, sizeof v);                                        \
      }                                                                      \
    if (i < n)                                                               \
      {                                                                      \
        memcpy (&v, src + n - VN, sizeof v);                                 \
        memcpy (d + n - VN, &v, sizeof v);                                   \
      }                                                                      \
  }                                                                          \
                                                                             \
  static inline void                                                         \
  zero_row_##S (T *d, gint64 n)                                              \
  {                                                                          \
    const gint64 VN = sizeof (V) / sizeof (T);                               \
    const V z = {};                                                          \
    gint64 i = 0;                                                            \
                                                                             \
    if (n < VN)                                                              \
      {                                                                      \
        for (; i < n; i++)                                                   \
          d[i] = 0;                                                          \
        return;                                                              \
      }                                                                      \
    for (; i + VN <= n; i += VN)                                             \
      memcpy (d + i, &z, sizeof z);                                          \
    if (i < n)                                                               \
      memcpy (d + n - VN, &z, sizeof z);                                     \
  }                                                                          \
                                                                             \
  /* col [c * kh * kw, oh * ow] = the windows of x [c, h, w]. */             \
  CLONES static void                                                         \
  im2col_##S (const T *x, const Geo *g, T *col)                              \
  {                                                                          \
    const GtWindow2d *w = g->win;                                            \
    gboolean flat = w->sh == 1 && w->sw == 1 && g->w == g->ow;               \
                                                                             \
    for (gint64 c = 0; c < g->c; c++)                                        \
      for (gint64 ki = 0; ki < w->kh; ki++)                                  \
        for (gint64 kj = 0; kj < w->kw; kj++)                                \
          {                                                                  \
            T *row = col + ((c * w->kh + ki) * w->kw + kj) * g->ld;          \
            gint64 xoff = kj * w->dw - w->pw, lo, hi;                        \
                                                                             \
            valid_range (xoff, w->sw, g->w, g->ow, &lo, &hi);                \
            if (flat)                                                        \
              {                                                              \
                /* stride 1 and output rows as wide as the input's ("same" \
                 * padding): the rows that read the input are one run of   \
                 * the plane shifted by xoff; one copy of it (each row's    \
                 * first lo and last ow - hi elements take the neighbour    \
                 * row's values), then those zeroed */                      \
                gint64 ylo, yhi, n;                                          \
                                                                             \
                valid_range (ki * w->dh - w->ph, 1, g->h, g->oh, &ylo, &yhi); \
                n = (yhi - ylo) * g->ow;                                     \
                zero_row_##S (row, ylo * g->ow);                             \
                zero_row_##S (row + yhi * g->ow, (g->oh - yhi) * g->ow);     \
                if (n == 0 || lo >= hi)                                      \
                  {                                                          \
                    zero_row_##S (row + ylo * g->ow, n);                     \
                    continue;                                                \
                  }                                                          \
                memcpy (row + ylo * g->ow + lo,                              \
                        x + (c * g->h + ylo + ki * w->dh - w->ph) * g->w +   \
                        xoff + lo, (n - lo - (g->ow - hi)) * sizeof (T));    \
                for (gint64 oy = ylo; oy < yhi; oy++)                        \
                  {                                                          \
                    for (gint64 ox = 0; ox < lo; ox++)                       \
                      row[oy * g->ow + ox] = 0;                              \
                    for (gint64 ox = hi; ox < g->ow; ox++)                   \
                      row[oy * g->ow + ox] = 0;                              \
                  }                                                          \
                continue;                                                    \
              }                                                              \
            for (gint64 oy = 0; oy < g->oh; oy++)                            \
              {                                                              \
                T *r = row + oy * g->ow;                                     \
                gint64 iy = oy * w->sh - w->ph + ki * w->dh;                 \
                const T *xr;                                                 \
                                                                             \
                if (iy < 0 || iy >= g->h)                                    \
                  {                                                          \
                    zero_row_##S (r, g->ow);                                 \
                    continue;                                                \
                  }                                                          \
                xr = x + (c * g->h + iy) * g->w + xoff;                      \
                for (gint64 ox = 0; ox < lo; ox++)                           \
                  r[ox] = 0;                                                 \
                if (w->sw == 1)                                              \
                  copy_row_##S (r + lo, xr + lo, hi - lo);                   \
                else                                                         \
                  for (gint64 ox = lo; ox < hi; ox++)                        \
                    r[ox] = xr[ox * w->sw];                                  \
                for (gint64 ox = hi; ox < g->ow; ox++)                       \
                  r[ox] = 0;                                                 \
              }                                                              \
          }                                                                  \
  }                                                                          \
                                                                             \
  /* x [c, h, w] += the columns of col put back where im2col took them. */   \
  CLONES static void                                                         \
  col2im_##S (const T *col, const Geo *g, T *x)                              \
  {                                                                          \
    const GtWindow2d *w = g->win;                                            \
                                                                             \
    for (gint64 c = 0; c < g->c; c++)                                        \
      for (gint64 ki = 0; ki < w->kh; ki++)                                  \
        for (gint64 kj = 0; kj < w->kw; kj++)                                \
          {                                                                  \
            const T *row = col + ((c * w->kh + ki) * w->kw + kj) * g->ld;    \
            gint64 xoff = kj * w->dw - w->pw, lo, hi;                        \
                                                                             \
            valid_range (xoff, w->sw, g->w, g->ow, &lo, &hi);                \
            for (gint64 oy = 0; oy < g->oh; oy++)                            \
              {                                                              \
                const T *r = row + oy * g->ow;                               \
                gint64 iy = oy * w->sh - w->ph + ki * w->dh;                 \
                T *xr;                                                       \
                                                                             \
                if (iy < 0 || iy >= g->h)                                    \
                  continue;                                                  \
                xr = x + (c * g->h + iy) * g->w + xoff;                      \
                if (w->sw == 1)                                              \
                  {                                                          \
                    _Pragma ("omp simd")                                     \
                    for (gint64 ox = lo; ox < hi; ox++)                      \
                      xr[ox] += r[ox];                                       \
                  }                                                          \
                else                                                         \
                  for (gint64 ox = lo; ox < hi; ox++)                        \
                    xr[ox * w->sw] += r[ox];                                 \
              }                                                              \
          }                                                                  \
  }                                                                          \
                                                                             \
  /* Every row of out [rows, L] (rows ld apart) set to its bias. */         \
  CLONES static void                                                         \
  fill_rows_##S (void *out, gint64 ld, const void *bias, gint64 rows,        \
                 gint64 L)                                                   \
  {                                                                          \
    for (gint64 r = 0; r < rows; r++)                                        \
      {                                                                      \
        T *o = (T *) out + r * ld, b = ((const T *) bias)[r];                \
                                                                             \
        for (gint64 l = 0; l < L; l++)                                       \
          o[l] = b;                                                          \
      }                                                                      \
  }                                                                          \
                                                                             \
  /* acc[r] += the sum of row r of m [rows, L] (rows ld apart). */          \
  CLONES static void                                                         \
  row_sums_##S (const void *m, gint64 ld, gint64 rows, gint64 L,             \
                gdouble *acc)                                                \
  {                                                                          \
    for (gint64 r = 0; r < rows; r++)                                        \
      {                                                                      \
        const T *row = (const T *) m + r * ld;                               \
        gdouble s = 0;                                                       \
                                                                             \
        _Pragma ("omp simd reduction (+:s)")                                 \
        for (gint64 l = 0; l < L; l++)                                       \
          s += row[l];                                                       \
        acc[r] += s;                                                         \
      }                                                                      \
  }                                                                          \
                                                                             \
  /* dst[i] = src[i] + b (b NULL: a copy). */                               \
  CLONES static void                                                         \
  copy_bias_##S (void *dst, const void *src, const void *b, gint64 n)        \
  {                                                                          \
    T *d = dst, v = b != NULL ? *(const T *) b : 0;                          \
    const T *s = src;                                                        \
                                                                             \
    _Pragma ("omp simd")                                                     \
    for (gint64 i = 0; i < n; i++)                                           \
      d[i] = s[i] + v;                                                       \
  }                                                                          \
                                                                             \
  /* out [og, L] = w [og, K] @ col [K, L] + bias for a small K: four      \
   * output rows at a time, each vector of col loaded once for the four and \
   * the sums kept in registers, so that the output is written once         \
   * (GEMM zeroes it, accumulates into it and, for blocks, copies it). */   \
  CLONES static void                                                         \
  small_forward_##S (const void *wv, const void *colv, const void *biasv,    \
                     void *outv, gint64 og, gint64 K, gint64 L)              \
  {                                                                          \
    const T *w = wv, *col = colv, *bias = biasv;                             \
    T *out = outv;                                                           \
    const gint64 VN = sizeof (V) / sizeof (T);                               \
    gint64 o = 0;                                                            \
                                                                             \
    for (; o < og; o += 4)                                                   \
      {                                                                      \
        gint64 rows = MIN (4, og - o), l = 0;                                \
        const T *w0 = w + o * K;                                             \
        const T *w1 = w0 + (rows > 1 ? K : 0);                               \
        const T *w2 = w0 + (rows > 2 ? 2 * K : 0);                           \
        const T *w3 = w0 + (rows > 3 ? 3 * K : 0);                           \
        T b[4] = { 0, 0, 0, 0 };                                             \
        T *outs[4];                                                          \
                                                                             \
        for (gint64 r = 0; r < 4; r++)                                       \
          {                                                                  \
            gint64 rr = MIN (r, rows - 1);                                   \
                                                                             \
            b[r] = bias != NULL ? bias[o + rr] : 0;                          \
            outs[r] = out + (o + rr) * L;                                    \
          }                                                                  \
        for (; l + VN <= L; l += VN)                                         \
          {                                                                  \
            V a0 = b[0] + (V) {}, a1 = b[1] + (V) {};                        \
            V a2 = b[2] + (V) {}, a3 = b[3] + (V) {};                        \
                                                                             \
            for (gint64 k = 0; k < K; k++)                                   \
              {                                                              \
                V c;                                                         \
                                                                             \
                memcpy (&c, col + k * L + l, sizeof c);                      \
                a0 += w0[k] * c;                                             \
                a1 += w1[k] * c;                                             \
                a2 += w2[k] * c;                                             \
                a3 += w3[k] * c;                                             \
              }                                                              \
            /* rows past og repeat the last row: written in order, the      \
             * real one last */                                             \
            memcpy (outs[3] + l, &a3, sizeof a3);                            \
            memcpy (outs[2] + l, &a2, sizeof a2);                            \
            memcpy (outs[1] + l, &a1, sizeof a1);                            \
            memcpy (outs[0] + l, &a0, sizeof a0);                            \
          }                                                                  \
        for (; l < L; l++)                                                   \
          for (gint64 r = 0; r < rows; r++)                                  \
            {                                                                \
              const T *wr = w0 + r * K;                                      \
              T a = b[r];                                                    \
                                                                             \
              for (gint64 k = 0; k < K; k++)                                 \
                a += wr[k] * col[k * L + l];                                 \
              outs[r][l] = a;                                                \
            }                                                                \
      }                                                                      \
  }                                                                          \
                                                                             \
  /* One dot product of two rows of L. */                                   \
  static inline T                                                            \
  dot_##S (const T *a, const T *c, gint64 L)                                 \
  {                                                                          \
    T sum = 0;                                                               \
                                                                             \
    _Pragma ("omp simd reduction (+:sum)")                                   \
    for (gint64 l = 0; l < L; l++)                                           \
      sum += a[l] * c[l];                                                    \
    return sum;                                                              \
  }                                                                          \
                                                                             \
  static inline T                                                            \
  hsum_##S (const V *v)                                                      \
  {                                                                          \
    T s = 0;                                                                 \
                                                                             \
    for (guint i = 0; i < sizeof (V) / sizeof (T); i++)                      \
      s += (*v)[i];                                                          \
    return s;                                                                \
  }                                                                          \
                                                                             \
  /* gw [og, K] (+)= go [og, L] @ col [K, L]^T for a small K: 2 output rows \
   * by 4 col rows at a time, 8 sums in registers (6 loads for 8 products  \
   * instead of 16 with one dot product after the other). */               \
  CLONES static void                                                         \
  small_wgrad_##S (const void *gov, const void *colv, void *gwv, gint64 og,  \
                   gint64 K, gint64 L, gboolean accumulate)                  \
  {                                                                          \
    const T *go = gov, *col = colv;                                          \
    T *gw = gwv;                                                             \
    const gint64 VN = sizeof (V) / sizeof (T);                               \
                                                                             \
    for (gint64 o = 0; o < og; o += 2)                                       \
      for (gint64 k = 0; k < K; k += 4)                                      \
        {                                                                    \
          T sums[2][4];                                                      \
                                                                             \
          if (o + 2 <= og && k + 4 <= K)                                     \
            {                                                                \
              const T *a0 = go + o * L, *a1 = a0 + L;                        \
              const T *c0 = col + k * L, *c1 = c0 + L, *c2 = c1 + L;         \
              const T *c3 = c2 + L;                                          \
              V s00 = {}, s01 = {}, s02 = {}, s03 = {};                      \
              V s10 = {}, s11 = {}, s12 = {}, s13 = {};                      \
              gint64 l = 0;                                                  \
                                                                             \
              for (; l + VN <= L; l += VN)                                   \
                {                                                            \
                  V x0, x1, y0, y1, y2, y3;                                  \
                                                                             \
                  memcpy (&x0, a0 + l, sizeof x0);                           \
                  memcpy (&x1, a1 + l, sizeof x1);                           \
                  memcpy (&y0, c0 + l, sizeof y0);                           \
                  memcpy (&y1, c1 + l, sizeof y1);                           \
                  memcpy (&y2, c2 + l, sizeof y2);                           \
                  memcpy (&y3, c3 + l, sizeof y3);                           \
                  s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3; \
                  s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3; \
                }                                                            \
              sums[0][0] = hsum_##S (&s00) + dot_##S (a0 + l, c0 + l, L - l); \
              sums[0][1] = hsum_##S (&s01) + dot_##S (a0 + l, c1 + l, L - l); \
              sums[0][2] = hsum_##S (&s02) + dot_##S (a0 + l, c2 + l, L - l); \
              sums[0][3] = hsum_##S (&s03) + dot_##S (a0 + l, c3 + l, L - l); \
              sums[1][0] = hsum_##S (&s10) + dot_##S (a1 + l, c0 + l, L - l); \
              sums[1][1] = hsum_##S (&s11) + dot_##S (a1 + l, c1 + l, L - l); \
              sums[1][2] = hsum_##S (&s12) + dot_##S (a1 + l, c2 + l, L - l); \
              sums[1][3] = hsum_##S (&s13) + dot_##S (a1 + l, c3 + l, L - l); \
            }                                                                \
          else                                                               \
            for (gint64 r = 0; r < 2 && o + r < og; r++)                     \
              for (gint64 q = 0; q < 4 && k + q < K; q++)                    \
                sums[r][q] = dot_##S (go + (o + r) * L, col + (k + q) * L, L); \
          for (gint64 r = 0; r < 2 && o + r < og; r++)                       \
            for (gint64 q = 0; q < 4 && k + q < K; q++)                      \
              {                                                              \
                T *dst = gw + (o + r) * K + k + q;                           \
                                                                             \
                *dst = accumulate ? *dst + sums[r][q] : sums[r][q];          \
              }                                                              \
        }                                                                    \
  }                                                                          \
                                                                             \
  CLONES static void                                                         \
  add_##S (void *dst, const void *src, gint64 n)                             \
  {                                                                          \
    T *d = dst;                                                              \
    const T *s = src;                                                        \
                                                                             \
    _Pragma ("omp simd")                                                     \
    for (gint64 i = 0; i < n; i++)                                           \
      d[i] += s[i];                                                          \
  }                                                                          \
                                                                             \
  static void                                                                \
  store_##S (void *dst, const gdouble *src, gint64 n)                        \
  {                                                                          \
    for (gint64 i = 0; i < n; i++)                                           \
      ((T *) dst)[i] = (T) src[i];                                           \
  }                                                                          \
                                                                             \
  static void                                                                \
  im2col_any_##S (const void *x, const Geo *g, void *col)                    \
  {                                                                          \
    im2col_##S (x, g, col);                                                  \
  }                                                                          \
                                                                             \
  static void                                                                \
  col2im_any_##S (const void *col, const Geo *g, void *x)                    \
  {                                                                          \
    col2im_##S (col, g, x);                                                  \
  }

DEFINE_COLS (gfloat, f, vec_f)
DEFINE_COLS (gdouble, d, vec_d)

/* Row-major C [M, N] = alpha * op(A) @ op(B) + beta * C. */
static void
gemm_f (gboolean ta, gboolean tb, gint64 M, gint64 N, gint64 K,
        const void *A, gint64 lda, const void *B, gint64 ldb,
        gdouble beta, void *C, gint64 ldc)
{
  cblas_sgemm (CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
               tb ? CblasTrans : CblasNoTrans, (int) M, (int) N, (int) K,
               1.0f, A, (int) lda, B, (int) ldb, (gfloat) beta, C, (int) ldc);
}

static void
gemm_d (gboolean ta, gboolean tb, gint64 M, gint64 N, gint64 K,
        const void *A, gint64 lda, const void *B, gint64 ldb,
        gdouble beta, void *C, gint64 ldc)
{
  cblas_dgemm (CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
               tb ? CblasTrans : CblasNoTrans, (int) M, (int) N, (int) K,
               1.0, A, (int) lda, B, (int) ldb, beta, C, (int) ldc);
}

/* The per-dtype pieces the drivers below are written with. */
typedef struct {
  gsize esize;
  void (*im2col)   (const void *x, const Geo *g, void *col);
  void (*col2im)   (const void *col, const Geo *g, void *x);
  void (*gemm)     (gboolean ta, gboolean tb, gint64 M, gint64 N, gint64 K,
                    const void *A, gint64 lda, const void *B, gint64 ldb,
                    gdouble beta, void *C, gint64 ldc);
  void (*fill_rows) (void *out, gint64 ld, const void *bias, gint64 rows,
                     gint64 L);
  void (*row_sums) (const void *m, gint64 ld, gint64 rows, gint64 L,
                    gdouble *acc);
  void (*copy_bias) (void *dst, const void *src, const void *b, gint64 n);
  void (*small_forward) (const void *w, const void *col, const void *bias,
                         void *out, gint64 og, gint64 K, gint64 L);
  void (*small_wgrad) (const void *go, const void *col, void *gw, gint64 og,
                       gint64 K, gint64 L, gboolean accumulate);
  void (*add)      (void *dst, const void *src, gint64 n);
  void (*store)    (void *dst, const gdouble *src, gint64 n);
} Kernels;

static const Kernels kernels_f = {
  sizeof (gfloat), im2col_any_f, col2im_any_f, gemm_f, fill_rows_f,
  row_sums_f, copy_bias_f, small_forward_f, small_wgrad_f, add_f, store_f,
};
static const Kernels kernels_d = {
  sizeof (gdouble), im2col_any_d, col2im_any_d, gemm_d, fill_rows_d,
  row_sums_d, copy_bias_d, small_forward_d, small_wgrad_d, add_d, store_d,
};

/* Columns of one GEMM: images with fewer output positions than this are
 * taken in blocks of up to this many, so that each product is wide enough
 * for OpenBLAS (a 14x14 plane goes alone: blocks of 2 to 4 measured 5-10%
 * slower there, the extra copies costing more than the wider product
 * gains)... */
#define CONV_BLOCK_COLS 256
/* ...as long as the block's col stays in a core's L2 cache: im2col's
 * stores and the GEMM's reads of col are what a larger block slows down
 * (4 MB blocks measured ~30% slower than 512 KB on 64x32x14x14). */
#define CONV_BLOCK_BYTES ((gsize) 512 * 1024)

/* Rows of col (input channels x kernel elements) up to which the forward
 * and the weight gradient use plain loops instead of GEMM: a 1-channel 3x3
 * conv has K = 9, where GEMM spends more time zeroing and copying its
 * output than multiplying. */
#define SMALL_K 16

/* Everything the threads share. */
typedef struct {
  const Kernels *k;
  Geo            geo;
  gint64         groups;
  gint64         n;          /* images */
  gint64         og;         /* output channels per group */
  gint64         K, L;       /* rows of one group's col; positions per image */
  gint64         nb;         /* images per block */
  gboolean       direct;     /* 1x1: the image is its own col */
  gboolean       small;      /* K <= SMALL_K: loops instead of GEMM */
  gsize          esize;
  gsize          in_image;   /* bytes of one input image, [C, H, W] */
  gsize          in_group;   /* bytes of one group's input channels */
  gsize          out_image;  /* bytes of one output image */
  gsize          out_group;
  gsize          w_group;    /* bytes of one group's weights */
  gsize          col_bytes;  /* one block's col, [K, nb * L] */
  gsize          tmp_bytes;  /* one block's outputs, [og, nb * L] */
  /* the input gradient by shifted products (stride 1, see
   * backward_shifted) */
  gboolean       shifted;
  gint64         wp, hp;     /* the padded plane */
  gsize          gop_bytes;  /* grad_out on the padded width, [og, oh * wp] */
  gsize          gip_bytes;  /* the padded input gradient, [C/groups, hp * wp] */
  const guint8  *wkt;        /* the weights as [groups][kh * kw][C/groups][og] */
} Plan;

static void
plan_init (Plan             *p,
           GtTensor         *in,
           GtTensor         *out,
           const GtWindow2d *win,
           gint64            groups,
           gint              nth)
{
  gint64 per_thread;

  p->k = in->dtype == GT_DTYPE_FLOAT32 ? &kernels_f : &kernels_d;
  p->esize = p->k->esize;
  p->groups = groups;
  p->n = in->sizes[0];
  p->geo.c = in->sizes[1] / groups;
  p->geo.h = in->sizes[2];
  p->geo.w = in->sizes[3];
  p->geo.oh = out->sizes[2];
  p->geo.ow = out->sizes[3];
  p->geo.win = win;
  p->og = out->sizes[1] / groups;
  p->K = p->geo.c * win->kh * win->kw;
  p->L = p->geo.oh * p->geo.ow;
  p->direct = geo_is_direct (&p->geo);
  p->small = !p->direct && p->K <= SMALL_K;

  per_thread = MAX ((p->n + nth - 1) / nth, 1);
  p->nb = MAX (CONV_BLOCK_COLS / MAX (p->L, 1), 1);
  p->nb = MIN (p->nb, (gint64) (CONV_BLOCK_BYTES /
                                MAX ((gsize) (p->K * p->L) * p->esize, 1)));
  p->nb = CLAMP (p->nb, 1, per_thread);
  if (p->direct || p->small)
    p->nb = 1;
  p->geo.ld = p->nb * p->L;

  p->in_group = p->geo.c * p->geo.h * p->geo.w * p->esize;
  p->in_image = p->in_group * groups;
  p->out_group = p->og * p->L * p->esize;
  p->out_image = p->out_group * groups;
  p->w_group = p->og * p->K * p->esize;
  p->col_bytes = p->direct ? 0 : MAX (p->K * p->geo.ld, 1) * p->esize;
  p->tmp_bytes = p->nb > 1 ? MAX (p->og * p->geo.ld, 1) * p->esize : 0;
  p->shifted = FALSE;
  p->wp = p->hp = 0;
  p->gop_bytes = p->gip_bytes = 0;
  p->wkt = NULL;
}

/* How many threads to spread the images over; 1 keeps OpenBLAS threaded. */
static gint
work_threads (gint64  n,
              gdouble work)
{
  gint nth = gt_get_num_threads ();

  if (nth <= 1 || n < 2 || work < CONV_PARALLEL_WORK)
    return 1;
  return (gint) MIN ((gint64) nth, n);
}

/* Runs with OpenBLAS on one thread while ours work; restores its setting. */
typedef struct {
  gint saved;
} BlasSingle;

static void
blas_single_begin (BlasSingle *b,
                   gint        nth)
{
  b->saved = 0;
  if (nth > 1)
    {
      b->saved = openblas_get_num_threads ();
      if (b->saved > 1)
        openblas_set_num_threads (1);
    }
}

static void
blas_single_end (BlasSingle *b)
{
  if (b->saved > 1)
    openblas_set_num_threads (b->saved);
}

/* The images [begin, end) of thread @t of @nth, in contiguous chunks. */
static void
thread_range (gint64  n,
              gint    t,
              gint    nth,
              gint64 *begin,
              gint64 *end)
{
  gint64 chunk = (n + nth - 1) / nth;

  *begin = MIN (t * chunk, n);
  *end = MIN (*begin + chunk, n);
}

/* im2col of group @g of images [n0, n0 + nb) into one block's col. */
static void
block_cols (const Plan   *p,
            const guint8 *x,
            gint64        n0,
            gint64        nb,
            gint64        g,
            guint8       *col)
{
  for (gint64 i = 0; i < nb; i++)
    p->k->im2col (x + (n0 + i) * p->in_image + g * p->in_group, &p->geo,
                  col + i * p->L * p->esize);
}

/* ---- forward ---------------------------------------------------------------- */

/* The column matrix of group @g of images [n0, n0 + nb), and its leading
 * dimension in *@ld: the input itself for a direct convolution, else
 * unfolded into @buf. */
static const void *
group_cols (const Plan   *p,
            const guint8 *x,
            gint64        n0,
            gint64        nb,
            gint64        g,
            guint8       *buf,
            gint64       *ld)
{
  if (p->direct)
    {
      *ld = p->L;
      return x + n0 * p->in_image + g * p->in_group;
    }
  block_cols (p, x, n0, nb, g, buf);
  *ld = p->geo.ld;
  return buf;
}

typedef struct {
  guint8 *col;
  guint8 *tmp;
} Scratch;

static void
forward_block (const Plan   *p,
               const guint8 *x,
               const guint8 *weight,
               const guint8 *bias,
               guint8       *out,
               gint64        n0,
               gint64        nb,
               Scratch      *s)
{
  const Kernels *k = p->k;
  gint64 cols = nb * p->L, ld = p->geo.ld;

  for (gint64 g = 0; g < p->groups; g++)
    {
      const guint8 *wg = weight + g * p->w_group;
      const guint8 *bg = bias != NULL ? bias + g * p->og * p->esize : NULL;
      gint64 ldb;
      const void *b = group_cols (p, x, n0, nb, g, s->col, &ldb);

      if (p->small)
        {
          k->small_forward (wg, b, bg, out + n0 * p->out_image + g * p->out_group,
                            p->og, p->K, p->L);
          continue;
        }
      if (nb == 1)
        {
          guint8 *og = out + n0 * p->out_image + g * p->out_group;

          if (bg != NULL)
            k->fill_rows (og, p->L, bg, p->og, p->L);
          k->gemm (FALSE, FALSE, p->og, p->L, p->K, wg, p->K, b, ldb,
                   bg != NULL ? 1.0 : 0.0, og, p->L);
          continue;
        }
      /* [og, nb * L] for the block, then each image's rows to its place
       * with the bias added */
      k->gemm (FALSE, FALSE, p->og, cols, p->K, wg, p->K, b, ldb, 0.0, s->tmp,
               ld);
      for (gint64 i = 0; i < nb; i++)
        {
          guint8 *og = out + (n0 + i) * p->out_image + g * p->out_group;

          for (gint64 o = 0; o < p->og; o++)
            k->copy_bias (og + o * p->L * p->esize,
                          s->tmp + (o * ld + i * p->L) * p->esize,
                          bg != NULL ? bg + o * p->esize : NULL, p->L);
        }
    }
}

static gboolean
cpu_conv2d (GtTensor          *out,
            GtTensor          *in,
            GtTensor          *weight,
            GtTensor          *bias,
            const GtWindow2d  *win,
            gint64             groups,
            GError           **error)
{
  Plan p;
  gint nth;
  guint8 *scratch = NULL;
  gsize per_thread, scratch_bytes;
  const guint8 *x = gt_tensor_data (in), *w = gt_tensor_data (weight);
  const guint8 *b = bias != NULL ? gt_tensor_data (bias) : NULL;
  guint8 *o = gt_tensor_data (out);
  BlasSingle blas;

  if (out->numel == 0)
    return TRUE;
  nth = work_threads (in->sizes[0], (gdouble) out->numel *
                      (gdouble) (in->sizes[1] / groups * win->kh * win->kw));
  plan_init (&p, in, out, win, groups, nth);
  if (p.K == 0)
    {
      /* an empty channel dim: the bias alone */
      for (gint64 n = 0; n < p.n; n++)
        for (gint64 g = 0; g < groups; g++)
          {
            guint8 *og = o + n * p.out_image + g * p.out_group;

            if (b != NULL)
              p.k->fill_rows (og, p.L, b + g * p.og * p.esize, p.og, p.L);
            else
              memset (og, 0, p.out_group);
          }
      return TRUE;
    }

  per_thread = p.col_bytes + p.tmp_bytes;
  scratch_bytes = per_thread * nth;
  if (scratch_bytes > 0 &&
      (scratch = gt_cpu_alloc (0, scratch_bytes, error)) == NULL)
    return FALSE;

  blas_single_begin (&blas, nth);
#pragma omp parallel num_threads (nth) if (nth > 1)
  {
    gint t = omp_get_thread_num ();
    Scratch s = { scratch + per_thread * t, scratch + per_thread * t + p.col_bytes };

    /* blocks handed out as threads come free: one that the machine's load
     * holds back takes fewer, instead of the other waiting for it */
#pragma omp for schedule (dynamic, 1)
    for (gint64 n0 = 0; n0 < p.n; n0 += p.nb)
      forward_block (&p, x, w, b, o, n0, MIN (p.nb, p.n - n0), &s);
  }
  blas_single_end (&blas);

  if (scratch != NULL)
    gt_cpu_free (0, scratch, scratch_bytes);
  return TRUE;
}

/* ---- backward --------------------------------------------------------------- */

typedef struct {
  guint8  *col;
  guint8  *gop;     /* backward_shifted's buffers */
  guint8  *gip;
  guint8  *tmp;     /* a block's grad_out, [og, nb * L] */
  guint8  *gw;      /* this chunk's weight gradient, [O, K] */
  gdouble *gb;      /* this chunk's bias gradient, [O] */
  gboolean started; /* gw holds a sum already */
} Partial;

/* The input gradient of one image and group for a stride-1 conv without
 * col2im: with grad_out laid out on a plane as wide as the padded input
 * (zeros in the extra columns), kernel element (ki, kj) adds
 * W[:, :, ki, kj]^T @ grad_out to the padded input gradient shifted by
 * (ki * dh, kj * dw), and that shifted block is itself a matrix with the
 * padded plane as its row stride: kh * kw products with beta 1 straight
 * into it, then the interior copied out. Measured ~30% faster than GEMM +
 * col2im for 64x32x14x14 (no col to zero, write and read back). The
 * padded plane has one spare row, so that a channel's shifted block never
 * reaches the next channel's. */
static void
backward_shifted (const Plan   *p,
                  const guint8 *gog,
                  gint64        g,
                  guint8       *gig,
                  Partial      *part)
{
  const Kernels *k = p->k;
  const GtWindow2d *w = p->geo.win;
  gint64 N = p->geo.oh * p->wp, P = p->hp * p->wp, cg = p->geo.c;
  gsize es = p->esize;

  for (gint64 o = 0; o < p->og; o++)
    for (gint64 oy = 0; oy < p->geo.oh; oy++)
      memcpy (part->gop + (o * N + oy * p->wp) * es,
              gog + (o * p->L + oy * p->geo.ow) * es, p->geo.ow * es);
  memset (part->gip, 0, p->gip_bytes);
  for (gint64 ki = 0; ki < w->kh; ki++)
    for (gint64 kj = 0; kj < w->kw; kj++)
      {
        const guint8 *a = p->wkt + ((g * w->kh + ki) * w->kw + kj) * cg * p->og * es;

        k->gemm (FALSE, FALSE, cg, N, p->og, a, p->og, part->gop, N, 1.0,
                 part->gip + (ki * w->dh * p->wp + kj * w->dw) * es, P);
      }
  for (gint64 c = 0; c < cg; c++)
    for (gint64 iy = 0; iy < p->geo.h; iy++)
      memcpy (gig + (c * p->geo.h + iy) * p->geo.w * es,
              part->gip + (c * P + (iy + w->ph) * p->wp + w->pw) * es,
              p->geo.w * es);
}

static void
backward_block (const Plan   *p,
                const guint8 *x,
                const guint8 *weight,
                const guint8 *go,
                guint8       *gi,
                gint64        n0,
                gint64        nb,
                Partial      *part)
{
  const Kernels *k = p->k;
  gint64 cols = nb * p->L, ld = p->geo.ld;

  /* col2im adds into it; the other two ways write all of it */
  if (gi != NULL && !p->direct && !(p->shifted && nb == 1))
    memset (gi + n0 * p->in_image, 0, nb * p->in_image);
  for (gint64 g = 0; g < p->groups; g++)
    {
      const guint8 *gob;  /* grad_out of the block, [og, cols] */
      gint64 ldg;

      if (nb == 1)
        {
          gob = go + n0 * p->out_image + g * p->out_group;
          ldg = p->L;
        }
      else
        {
          for (gint64 i = 0; i < nb; i++)
            {
              const guint8 *src = go + (n0 + i) * p->out_image + g * p->out_group;

              for (gint64 o = 0; o < p->og; o++)
                memcpy (part->tmp + (o * ld + i * p->L) * p->esize,
                        src + o * p->L * p->esize, p->L * p->esize);
            }
          gob = part->tmp;
          ldg = ld;
        }

      if (gi != NULL)
        {
          const guint8 *wg = weight + g * p->w_group;

          if (p->direct)
            k->gemm (TRUE, FALSE, p->K, p->L, p->og, wg, p->K, gob, ldg, 0.0,
                     gi + n0 * p->in_image + g * p->in_group, p->L);
          else if (p->shifted && nb == 1)
            backward_shifted (p, gob, g, gi + n0 * p->in_image + g * p->in_group,
                              part);
          else
            {
              k->gemm (TRUE, FALSE, p->K, cols, p->og, wg, p->K, gob, ldg,
                       0.0, part->col, ld);
              for (gint64 i = 0; i < nb; i++)
                k->col2im (part->col + i * p->L * p->esize, &p->geo,
                           gi + (n0 + i) * p->in_image + g * p->in_group);
            }
        }
      if (part->gw != NULL)
        {
          gint64 ldc;
          const void *col = group_cols (p, x, n0, nb, g, part->col, &ldc);

          if (p->small)
            k->small_wgrad (gob, col, part->gw + g * p->w_group, p->og, p->K,
                            cols, part->started);
          else
            k->gemm (FALSE, TRUE, p->og, p->K, cols, gob, ldg, col, ldc,
                     part->started ? 1.0 : 0.0, part->gw + g * p->w_group,
                     p->K);
        }
      if (part->gb != NULL)
        k->row_sums (gob, ldg, p->og, cols, part->gb + g * p->og);
    }
  if (part->gw != NULL)
    part->started = TRUE;
}

static gboolean
cpu_conv2d_backward (GtTensor          *grad_in,
                     GtTensor          *grad_weight,
                     GtTensor          *grad_bias,
                     GtTensor          *grad_out,
                     GtTensor          *in,
                     GtTensor          *weight,
                     const GtWindow2d  *win,
                     gint64             groups,
                     GError           **error)
{
  Plan p;
  gint nth;
  GtTensor *shape = grad_in != NULL ? grad_in : in;
  gint64 O = grad_out->sizes[1];
  gsize w_bytes, part_bytes, acc_bytes, scratch_bytes;
  guint8 *scratch = NULL;
  Partial *parts, *accs;
  gint64 n_blocks, n_chunks;
  const guint8 *x = grad_weight != NULL ? gt_tensor_data (in) : NULL;
  const guint8 *w = grad_in != NULL ? gt_tensor_data (weight) : NULL;
  const guint8 *go = gt_tensor_data (grad_out);
  guint8 *gi = grad_in != NULL ? gt_tensor_data (grad_in) : NULL;
  gint64 K = shape->sizes[1] / groups * win->kh * win->kw;
  guint8 *wkt = NULL;
  BlasSingle blas;

  nth = work_threads (shape->sizes[0], (gdouble) grad_out->numel * (gdouble) K *
                      ((grad_in != NULL) + (grad_weight != NULL)));
  plan_init (&p, shape, grad_out, win, groups, nth);
  w_bytes = p.w_group * groups;
  if (grad_out->numel == 0 || p.K == 0)
    {
      if (grad_in != NULL && grad_in->numel > 0)
        memset (gi, 0, grad_in->numel * p.esize);
      if (grad_weight != NULL && w_bytes > 0)
        memset (gt_tensor_data (grad_weight), 0, w_bytes);
      if (grad_bias != NULL)
        {
          g_autofree gdouble *acc = g_new0 (gdouble, MAX (O, 1));

          for (gint64 n = 0; n < p.n && p.L > 0; n++)
            p.k->row_sums (go + n * p.out_image, p.L, O, p.L, acc);
          p.k->store (gt_tensor_data (grad_bias), acc, O);
        }
      return TRUE;
    }

  /* stride 1 with a real window: the input gradient by shifted products,
   * the weights repacked once as [groups][kh * kw][C/groups][og] */
  p.shifted = grad_in != NULL && !p.direct && p.nb == 1 &&
              win->sh == 1 && win->sw == 1;
  if (p.shifted)
    {
      gint64 cg = p.geo.c, kk = win->kh * win->kw;

      p.wp = MAX (p.geo.w + win->pw, p.geo.ow + (win->kw - 1) * win->dw);
      p.hp = MAX (p.geo.h + win->ph, p.geo.oh + (win->kh - 1) * win->dh) + 1;
      p.gop_bytes = p.og * p.geo.oh * p.wp * p.esize;
      p.gip_bytes = cg * p.hp * p.wp * p.esize;
      if ((wkt = gt_cpu_alloc (0, w_bytes, error)) == NULL)
        return FALSE;
      for (gint64 g = 0; g < groups; g++)
        for (gint64 q = 0; q < kk; q++)
          for (gint64 c = 0; c < cg; c++)
            for (gint64 o = 0; o < p.og; o++)
              memcpy (wkt + (((g * kk + q) * cg + c) * p.og + o) * p.esize,
                      w + (((g * p.og + o) * cg + c) * kk + q) * p.esize,
                      p.esize);
      p.wkt = wkt;
    }
  else
    p.gop_bytes = p.gip_bytes = 0;

  /* per thread: col, the block's grad_out and the shifted products'
   * buffers; per chunk of images: a weight gradient (chunk 0 writes the
   * result's own memory) and a bias gradient in double. The chunks are
   * handed to the threads as they come free (a thread that the machine's
   * load holds back takes fewer), and their sums are added in chunk order,
   * so the result does not depend on which thread took which chunk. */
  n_blocks = (p.n + p.nb - 1) / p.nb;
  n_chunks = nth == 1 ? 1 : MIN (n_blocks, w_bytes <= CONV_CHUNK_BYTES
                                             ? CONV_CHUNKS_PER_THREAD * nth : nth);
  part_bytes = p.col_bytes + p.tmp_bytes + p.gop_bytes + p.gip_bytes;
  part_bytes = (part_bytes + GT_CPU_ALIGNMENT - 1) & ~(gsize) (GT_CPU_ALIGNMENT - 1);
  acc_bytes = (grad_weight != NULL ? w_bytes : 0) +
              (grad_bias != NULL ? (O + 1) * sizeof (gdouble) : 0);
  acc_bytes = (acc_bytes + GT_CPU_ALIGNMENT - 1) & ~(gsize) (GT_CPU_ALIGNMENT - 1);
  scratch_bytes = part_bytes * nth + acc_bytes * n_chunks;
  if (scratch_bytes > 0 &&
      (scratch = gt_cpu_alloc (0, scratch_bytes, error)) == NULL)
    {
      if (wkt != NULL)
        gt_cpu_free (0, wkt, w_bytes);
      return FALSE;
    }
  parts = g_newa (Partial, nth);
  for (gint t = 0; t < nth; t++)
    {
      guint8 *base = scratch + part_bytes * t;

      parts[t].col = base;
      parts[t].tmp = base + p.col_bytes;
      parts[t].gop = base + p.col_bytes + p.tmp_bytes;
      parts[t].gip = parts[t].gop + p.gop_bytes;
      if (p.gop_bytes > 0)
        memset (parts[t].gop, 0, p.gop_bytes);  /* the extra columns stay 0 */
    }
  accs = g_new (Partial, n_chunks);
  for (gint64 c = 0; c < n_chunks; c++)
    {
      guint8 *base = scratch + part_bytes * nth + acc_bytes * c;
      gsize at = 0;

      accs[c].gw = NULL;
      accs[c].gb = NULL;
      accs[c].started = FALSE;
      if (grad_weight != NULL)
        {
          accs[c].gw = c == 0 ? gt_tensor_data (grad_weight) : base;
          at += w_bytes;
        }
      if (grad_bias != NULL)
        {
          /* after float32 buffers of any length: align for double (the
           * extra double in acc_bytes leaves room) */
          at = (at + sizeof (gdouble) - 1) & ~(gsize) (sizeof (gdouble) - 1);
          accs[c].gb = (gdouble *) (base + at);
          memset (accs[c].gb, 0, O * sizeof (gdouble));
        }
    }

  blas_single_begin (&blas, nth);
#pragma omp parallel num_threads (nth) if (nth > 1)
  {
    gint t = omp_get_thread_num ();

#pragma omp for schedule (dynamic, 1)
    for (gint64 c = 0; c < n_chunks; c++)
      {
        Partial part = parts[t];
        gint64 begin, end;

        /* whole blocks per chunk */
        thread_range (n_blocks, (gint) c, (gint) n_chunks, &begin, &end);
        begin *= p.nb;
        end = MIN (end * p.nb, p.n);
        part.gw = accs[c].gw;
        part.gb = accs[c].gb;
        part.started = FALSE;
        for (gint64 n0 = begin; n0 < end; n0 += p.nb)
          backward_block (&p, x, w, go, gi, n0, MIN (p.nb, end - n0), &part);
        accs[c].started = part.started;
      }
  }
  blas_single_end (&blas);

  if (grad_weight != NULL)
    {
      if (!accs[0].started)
        memset (accs[0].gw, 0, w_bytes);
      for (gint64 c = 1; c < n_chunks; c++)
        if (accs[c].started)
          p.k->add (accs[0].gw, accs[c].gw, w_bytes / p.esize);
    }
  if (grad_bias != NULL)
    {
      for (gint64 c = 1; c < n_chunks; c++)
        for (gint64 o = 0; o < O; o++)
          accs[0].gb[o] += accs[c].gb[o];
      p.k->store (gt_tensor_data (grad_bias), accs[0].gb, O);
    }
  g_free (accs);
  if (scratch != NULL)
    gt_cpu_free (0, scratch, scratch_bytes);
  if (wkt != NULL)
    gt_cpu_free (0, wkt, w_bytes);
  return TRUE;
}

/* The CPU kernels for conv2d and pooling (gt-conv.c, gt-pool.c). */
const GtBackendConv gt_cpu_backend_conv = {
  .conv2d = cpu_conv2d,
  .conv2d_backward = cpu_conv2d_backward,
  .max_pool2d = gt_cpu_max_pool2d,
  .max_pool2d_backward = gt_cpu_max_pool2d_backward,
  .avg_pool2d = gt_cpu_avg_pool2d,
  .avg_pool2d_backward = gt_cpu_avg_pool2d_backward,
  .adaptive_avg_pool2d = gt_cpu_adaptive_avg_pool2d,
  .adaptive_avg_pool2d_backward = gt_cpu_adaptive_avg_pool2d_backward,
};
