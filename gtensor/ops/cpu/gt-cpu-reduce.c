#include "config.h"

#include <math.h>
#include <omp.h>
#include <string.h>

#include "gt-cpu-backend-private.h"
#include "gt-cpu-convert-private.h"
#include "gt-cpu-iter.h"
#include "gt-reduce-private.h"

/*
 * Reductions and scans on the CPU.
 *
 * Every dtype is first loaded, a chunk at a time, into a small buffer of
 * its compute type (double for floating point, int64 for integers and
 * bool); the reductions themselves are written once per compute type over
 * these buffers. The loads are the only per-dtype code: simple loops that
 * the compiler vectorises in the contiguous case; the buffer stays in L1.
 * Contiguous float32/float64 data skips the buffer for the reductions that
 * dominate (sums, squares, extremes): SSE2 and AVX2 loops read the input
 * directly (see "contiguous float32/float64 runs" below).
 *
 * Two layouts:
 * - horizontal: each output reduces its own run(s) of the input; used when
 *   the reduced elements of one output are closest together (reducing the
 *   last dim of a contiguous tensor). Threads take outputs, or, when there
 *   are fewer outputs than threads, slices of the reduced range whose
 *   partial results are combined in order (deterministic).
 * - vertical: when neighbouring outputs are closer together than the
 *   reduced elements of one output (sum over dim 0), a chunk of outputs
 *   keeps one accumulator each and takes one reduced position at a time,
 *   so every load streams along memory. Threads take chunks.
 *
 * Ops made of two passes (var, std, logsumexp) run both passes on one
 * output or chunk before the next, while its data is in cache.
 */

#define CHUNK 256               /* elements per buffer */

/* The simple loops (loads, lane updates) are compiled twice, for the
 * x86-64 baseline and for AVX2, and picked when the library loads. */
/* Not under ThreadSanitizer: it instruments the ifunc resolvers, which
 * run while the program is relocated, before its runtime can be called. */
#if defined (__x86_64__) && defined (__GNUC__) && !defined (__SANITIZE_THREAD__)
#define CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define CLONES
#endif

/* The primitive reductions the ops are made of. */
typedef enum {
  K_SUM,
  K_SUM_ABS,
  K_SUM_SQ,
  K_SUM_SQDEV,                  /* (x - c)^2 */
  K_SUM_EXPDEV,                 /* exp (x - c) */
  K_SUM_POW,                    /* |x|^p */
  K_COUNT_NZ,
  K_PROD,
  K_MAX,
  K_MIN,
  K_MAX_ABS,
  K_MIN_ABS,
  K_ALL,
  K_ANY,
  K_ARGMAX,
  K_ARGMIN,
  K_NONE
} Kind;

static inline gboolean
kind_is_sum (Kind k)
{
  return k <= K_COUNT_NZ;
}

/* One output's running result. Float sums are pairwise over buffers:
 * level[k] holds the sum of 2^k buffers when bit k of blocks is set. */
typedef struct {
  gdouble  d;
  gint64   i;
  gint64   idx;           /* position of the extreme; -1 before any */
  guint64  blocks;
  gdouble  level[64];
} Acc;

typedef void (*LoadFn)  (const guint8 *p, gint64 n, gint64 s, void *buf);
typedef void (*StoreDFn) (guint8 *p, gint64 n, gint64 s, const gdouble *buf);
typedef void (*StoreIFn) (guint8 *p, gint64 n, gint64 s, const gint64 *buf);

/* ---- per-dtype loads and stores ------------------------------------------ */

#define DEFINE_LOAD_STORE(D, ctype, ltype)                                  \
  CLONES static void                                                        \
  load_##D (const guint8 *p, gint64 n, gint64 s, void *vbuf)                \
  {                                                                         \
    ltype *restrict buf = vbuf;                                             \
    if (s == sizeof (ctype))                                                \
      {                                                                     \
        const ctype *restrict x = (const ctype *) p;                        \
        _Pragma ("omp simd")                                                \
        for (gint64 i = 0; i < n; i++)                                      \
          buf[i] = gt_load_##D (x + i);                                     \
      }                                                                     \
    else                                                                    \
      for (gint64 i = 0; i < n; i++)                                        \
        buf[i] = gt_load_##D (p + i * s);                                   \
  }                                                                         \
  static void                                                               \
  stored_##D (guint8 *p, gint64 n, gint64 s, const gdouble *buf)            \
  {                                                                         \
    for (gint64 i = 0; i < n; i++)                                          \
      GT_STORE (D, p + i * s, buf[i]);                                      \
  }                                                                         \
  static void                                                               \
  storei_##D (guint8 *p, gint64 n, gint64 s, const gint64 *buf)             \
  {                                                                         \
    for (gint64 i = 0; i < n; i++)                                          \
      GT_STORE (D, p + i * s, buf[i]);                                      \
  }
GT_FOREACH_DTYPE (DEFINE_LOAD_STORE)

#define LOAD_ENTRY(D, ctype, ltype) [GT_DTYPE_##D] = load_##D,
static const LoadFn loaders[GT_DTYPE_N_TYPES] = { GT_FOREACH_DTYPE (LOAD_ENTRY) };
#define STORED_ENTRY(D, ctype, ltype) [GT_DTYPE_##D] = stored_##D,
static const StoreDFn stores_d[GT_DTYPE_N_TYPES] = { GT_FOREACH_DTYPE (STORED_ENTRY) };
#define STOREI_ENTRY(D, ctype, ltype) [GT_DTYPE_##D] = storei_##D,
static const StoreIFn stores_i[GT_DTYPE_N_TYPES] = { GT_FOREACH_DTYPE (STOREI_ENTRY) };

/* ---- reductions of one buffer into one accumulator ------------------------ */

/* Eight independent partial sums: the compiler packs them into vector
 * registers (SLP), and they hide the latency of the adds. */
#define SUM8(b, n, F)                                                       \
  ({                                                                        \
    gdouble s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0; \
    gint64 i_ = 0;                                                          \
    for (; i_ + 8 <= (n); i_ += 8)                                          \
      {                                                                     \
        s0 += F ((b)[i_]);     s1 += F ((b)[i_ + 1]);                       \
        s2 += F ((b)[i_ + 2]); s3 += F ((b)[i_ + 3]);                       \
        s4 += F ((b)[i_ + 4]); s5 += F ((b)[i_ + 5]);                       \
        s6 += F ((b)[i_ + 6]); s7 += F ((b)[i_ + 7]);                       \
      }                                                                     \
    for (; i_ < (n); i_++)                                                  \
      s0 += F ((b)[i_]);                                                    \
    ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));                      \
  })

/* sum of exp (b[i] - c), and d[j] += exp (b[j] - c[j]): SLEEF's vector
 * exp where the CPU has SSE2/AVX2 (defined with the fast loops below). */
static gdouble expdev_sum   (const gdouble *b, gint64 n, gdouble c);
static void    expdev_lanes (gdouble *d, const gdouble *b, const gdouble *c,
                             gint64 m);

#define XF_ID(v)     (v)
#define XF_ABS(v)    fabs (v)
#define XF_SQ(v)     ((v) * (v))
#define XF_SQDEV(v)  (((v) - c) * ((v) - c))
#define XF_POW(v)    pow (fabs (v), p)
#define XF_NZ(v)     ((v) != 0.0 ? 1.0 : 0.0)

static inline void
cascade_add (Acc     *a,
             gdouble  s)
{
  guint k = 0;
  guint64 b = a->blocks;

  for (; b & 1; b >>= 1, k++)
    s += a->level[k];
  a->level[k] = s;
  a->blocks++;
}

/* The sum so far: the loose part plus the pairwise levels, small first. */
static gdouble
acc_total (const Acc *a)
{
  gdouble s = 0.0;

  for (guint64 b = a->blocks; b != 0; b &= b - 1)
    s += a->level[__builtin_ctzll (b)];
  return a->d + s;
}

static void
acc_init (Kind  k,
          Acc  *a)
{
  a->blocks = 0;
  a->idx = -1;
  a->i = 0;
  a->d = 0.0;
  switch (k)
    {
    case K_PROD:
      a->d = 1.0;
      a->i = 1;
      break;
    case K_MAX:
      a->d = -INFINITY;
      a->i = G_MININT64;
      break;
    case K_MIN:
      a->d = INFINITY;
      a->i = G_MAXINT64;
      break;
    case K_MIN_ABS:
      a->d = INFINITY;
      break;
    case K_ALL:
      a->i = 1;
      break;
    default:
      break;
    }
}

/* max/min that propagate NaN: once NaN, always NaN. */
static inline gdouble
nan_max (gdouble m, gdouble v)
{
  return (v > m || isnan (v)) && !isnan (m) ? v : m;
}

static inline gdouble
nan_min (gdouble m, gdouble v)
{
  return (v < m || isnan (v)) && !isnan (m) ? v : m;
}

/* The extreme of b[0..n) and its first position; NaN wins at its first
 * occurrence. */
static void
arg_extreme_d (Acc           *a,
               const gdouble *b,
               gint64         n,
               gint64         pos,
               gboolean       want_max)
{
  gdouble best;
  gint64 bi;
  gint64 i = 0;

  if (isnan (a->d) && a->idx >= 0)
    return;
  if (a->idx < 0)
    {
      best = b[0];
      bi = 0;
      i = 1;
    }
  else
    {
      best = a->d;
      bi = -1;
    }
  if (isnan (best))
    goto done;
  if (want_max)
    {
      for (; i < n; i++)
        if (!(b[i] <= best))
          {
            best = b[i];
            bi = i;
            if (isnan (best))
              break;
          }
    }
  else
    {
      for (; i < n; i++)
        if (!(b[i] >= best))
          {
            best = b[i];
            bi = i;
            if (isnan (best))
              break;
          }
    }
done:
  if (bi >= 0)
    {
      a->d = best;
      a->idx = pos + bi;
    }
}

static void
arg_extreme_i (Acc          *a,
               const gint64 *b,
               gint64        n,
               gint64        pos,
               gboolean      want_max)
{
  gint64 best, bi = -1, i = 0;

  if (a->idx < 0)
    {
      best = b[0];
      bi = 0;
      i = 1;
    }
  else
    best = a->i;
  if (want_max)
    {
      for (; i < n; i++)
        if (b[i] > best)
          {
            best = b[i];
            bi = i;
          }
    }
  else
    {
      for (; i < n; i++)
        if (b[i] < best)
          {
            best = b[i];
            bi = i;
          }
    }
  if (bi >= 0)
    {
      a->i = best;
      a->idx = pos + bi;
    }
}

static void
acc_update_d (Kind           k,
              Acc           *a,
              const gdouble *restrict b,
              gint64         n,
              gint64         pos,
              gdouble        c,
              gdouble        p)
{
  switch (k)
    {
    case K_SUM: cascade_add (a, SUM8 (b, n, XF_ID)); break;
    case K_SUM_ABS: cascade_add (a, SUM8 (b, n, XF_ABS)); break;
    case K_SUM_SQ: cascade_add (a, SUM8 (b, n, XF_SQ)); break;
    case K_SUM_SQDEV: cascade_add (a, SUM8 (b, n, XF_SQDEV)); break;
    case K_SUM_EXPDEV: cascade_add (a, expdev_sum (b, n, c)); break;
    case K_SUM_POW: cascade_add (a, SUM8 (b, n, XF_POW)); break;
    case K_COUNT_NZ: cascade_add (a, SUM8 (b, n, XF_NZ)); break;
    case K_PROD:
      for (gint64 i = 0; i < n; i++)
        a->d *= b[i];
      break;
    case K_MAX:
      for (gint64 i = 0; i < n; i++)
        a->d = nan_max (a->d, b[i]);
      break;
    case K_MIN:
      for (gint64 i = 0; i < n; i++)
        a->d = nan_min (a->d, b[i]);
      break;
    case K_MAX_ABS:
      for (gint64 i = 0; i < n; i++)
        a->d = nan_max (a->d, fabs (b[i]));
      break;
    case K_MIN_ABS:
      for (gint64 i = 0; i < n; i++)
        a->d = nan_min (a->d, fabs (b[i]));
      break;
    case K_ALL:
      for (gint64 i = 0; i < n && a->i; i++)
        a->i = b[i] != 0.0;
      break;
    case K_ANY:
      for (gint64 i = 0; i < n && !a->i; i++)
        a->i = b[i] != 0.0;
      break;
    case K_ARGMAX:
    case K_ARGMIN:
      arg_extreme_d (a, b, n, pos, k == K_ARGMAX);
      break;
    case K_NONE:
      g_assert_not_reached ();
    }
}

static void
acc_update_i (Kind          k,
              Acc          *a,
              const gint64 *restrict b,
              gint64        n,
              gint64        pos)
{
  switch (k)
    {
    case K_SUM:
      {
        /* Unsigned: integer sums wrap as in torch, without UB. */
        guint64 s = 0;
        for (gint64 i = 0; i < n; i++)
          s += (guint64) b[i];
        a->i = (gint64) ((guint64) a->i + s);
      }
      break;
    case K_PROD:
      {
        guint64 s = (guint64) a->i;
        for (gint64 i = 0; i < n; i++)
          s *= (guint64) b[i];
        a->i = (gint64) s;
      }
      break;
    case K_MAX:
      for (gint64 i = 0; i < n; i++)
        a->i = MAX (a->i, b[i]);
      break;
    case K_MIN:
      for (gint64 i = 0; i < n; i++)
        a->i = MIN (a->i, b[i]);
      break;
    case K_ALL:
      for (gint64 i = 0; i < n && a->i; i++)
        a->i = b[i] != 0;
      break;
    case K_ANY:
      for (gint64 i = 0; i < n && !a->i; i++)
        a->i = b[i] != 0;
      break;
    case K_ARGMAX:
    case K_ARGMIN:
      arg_extreme_i (a, b, n, pos, k == K_ARGMAX);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Folds @b, the partial result of a later range, into @a. */
static void
acc_combine (Kind       k,
             gboolean   is_float,
             Acc       *a,
             const Acc *b)
{
  if (b->idx < 0 && (k == K_ARGMAX || k == K_ARGMIN))
    return;
  if (kind_is_sum (k))
    {
      if (is_float)
        {
          a->d = acc_total (a) + acc_total (b);
          a->blocks = 0;
        }
      else
        a->i = (gint64) ((guint64) a->i + (guint64) b->i);
      return;
    }
  switch (k)
    {
    case K_PROD:
      a->d *= b->d;
      a->i = (gint64) ((guint64) a->i * (guint64) b->i);
      break;
    case K_MAX:
    case K_MAX_ABS:
      a->d = nan_max (a->d, b->d);
      a->i = MAX (a->i, b->i);
      break;
    case K_MIN:
    case K_MIN_ABS:
      a->d = nan_min (a->d, b->d);
      a->i = MIN (a->i, b->i);
      break;
    case K_ALL:
      a->i = a->i && b->i;
      break;
    case K_ANY:
      a->i = a->i || b->i;
      break;
    case K_ARGMAX:
    case K_ARGMIN:
      if (a->idx < 0)
        *a = *b;
      else if (is_float)
        {
          arg_extreme_d (a, &b->d, 1, b->idx, k == K_ARGMAX);
        }
      else
        arg_extreme_i (a, &b->i, 1, b->idx, k == K_ARGMAX);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The pass's result as a double (floats) or int64 (integers). */
static gdouble
acc_value_d (Kind       k,
             const Acc *a)
{
  return kind_is_sum (k) ? acc_total (a) : a->d;
}

/* ---- contiguous float32/float64 runs: vector loops straight on the input ---- */

/* The kinds that dominate (sums, sums of squares, extremes) on contiguous
 * float32 and float64 runs skip the buffer: SSE2 loops (AVX2 ones where the
 * CPU has it) load, convert to double and accumulate in four vector
 * registers, in blocks whose totals go into the pairwise sum. Extremes stay
 * in the input type (exact) and track NaN in a mask; the position of an
 * extreme is found by a second, vectorised scan of the run, which is in
 * cache. */

#define FAST_BLOCK 4096           /* elements per pairwise block */

#if defined (__SSE2__)
#include <emmintrin.h>
#include <sleef.h>

static inline gdouble
hsum_pd (__m128d v)
{
  return _mm_cvtsd_f64 (_mm_add_sd (v, _mm_unpackhi_pd (v, v)));
}

#define V_ID(v)    (v)
#define V_SQ(v)    _mm_mul_pd ((v), (v))
#define V_SQDEV(v) ({ __m128d t_ = _mm_sub_pd ((v), cv); _mm_mul_pd (t_, t_); })
#define V_ABS(v)   _mm_and_pd ((v), absm)

/* Loads run ahead of the converting loops: more misses in flight. */
#define PREFETCH(p) _mm_prefetch ((const char *) (p), _MM_HINT_T0)

#define F32_SUM_LOOP(OP, XF)                                                \
  for (; i + 8 <= n; i += 8)                                                \
    {                                                                       \
      PREFETCH (x + i + 512);                                               \
      __m128 u = _mm_loadu_ps (x + i), w = _mm_loadu_ps (x + i + 4);        \
      a0 = _mm_add_pd (a0, OP (_mm_cvtps_pd (u)));                          \
      a1 = _mm_add_pd (a1, OP (_mm_cvtps_pd (_mm_movehl_ps (u, u))));       \
      a2 = _mm_add_pd (a2, OP (_mm_cvtps_pd (w)));                          \
      a3 = _mm_add_pd (a3, OP (_mm_cvtps_pd (_mm_movehl_ps (w, w))));       \
    }                                                                       \
  for (; i < n; i++)                                                        \
    t += XF ((gdouble) x[i]);

/* float64 needs no conversion: one loop for both widths (@W doubles a
 * vector, @PFX the intrinsics' prefix). */
#define F64_SUM_LOOP_W(PFX, W, OP, XF)                                      \
  for (; i + 4 * W <= n; i += 4 * W)                                        \
    {                                                                       \
      PREFETCH (x + i + 256);                                               \
      a0 = PFX##_add_pd (a0, OP (PFX##_loadu_pd (x + i)));                  \
      a1 = PFX##_add_pd (a1, OP (PFX##_loadu_pd (x + i + W)));              \
      a2 = PFX##_add_pd (a2, OP (PFX##_loadu_pd (x + i + 2 * W)));          \
      a3 = PFX##_add_pd (a3, OP (PFX##_loadu_pd (x + i + 3 * W)));          \
    }                                                                       \
  for (; i < n; i++)                                                        \
    t += XF (x[i]);
#define F64_SUM_LOOP(OP, XF) F64_SUM_LOOP_W (_mm, 2, OP, XF)

/* The sums of each kind in four double accumulators, for either width:
 * @PFX is the intrinsics' prefix (_mm, _mm256), @BITS the vector size for
 * the integer cast, @VOP the prefix of the per-kind vector ops (V_, V4_)
 * and @HSUM the horizontal sum of one vector. */
#define DEFINE_FAST_SUM(name, attr, T, LOOP, VD, PFX, BITS, VOP, HSUM)      \
  attr static gdouble                                                       \
  name (const T *x, gint64 n, Kind k, gdouble c)                            \
  {                                                                         \
    VD a0 = PFX##_setzero_pd (), a1 = a0, a2 = a0, a3 = a0;                 \
    const VD cv = PFX##_set1_pd (c);                                        \
    const VD absm = PFX##_castsi##BITS##_pd (PFX##_set1_epi64x (G_MAXINT64)); \
    gdouble t = 0.0;                                                        \
    gint64 i = 0;                                                           \
                                                                            \
    switch (k)                                                              \
      {                                                                     \
      case K_SUM: LOOP (VOP##ID, XF_ID) break;                              \
      case K_SUM_SQ: LOOP (VOP##SQ, XF_SQ) break;                           \
      case K_SUM_SQDEV: LOOP (VOP##SQDEV, XF_SQDEV) break;                  \
      default: LOOP (VOP##ABS, XF_ABS) break;                               \
      }                                                                     \
    return HSUM (PFX##_add_pd (PFX##_add_pd (a0, a1),                       \
                               PFX##_add_pd (a2, a3))) + t;                 \
  }
DEFINE_FAST_SUM (f32_sum_d, , gfloat, F32_SUM_LOOP, __m128d, _mm, 128, V_,
                 hsum_pd)

/* Plain sums of float32 (sum, mean) add in float lanes, 16 values per lane
 * (a block of 16 lanes x 16), each block's total then going into the
 * pairwise double sum: as torch's cascade, and faster than converting every
 * element. The others (squares, deviations from a mean) stay in double:
 * x - mean needs every digit. */
#define DEFINE_F32_LANES(name, attr, V, W, ZERO, LOAD, ADD, STORE)          \
  attr static gdouble                                                       \
  name (const gfloat *x, gint64 n)                                          \
  {                                                                         \
    const gint64 block = 4 * W * 16;                                        \
    gdouble total = 0.0;                                                    \
    gint64 i = 0;                                                           \
                                                                            \
    while (i + 4 * W <= n)                                                  \
      {                                                                     \
        gint64 stop = i + MIN (block, (n - i) / (4 * W) * (4 * W));         \
        V a0 = ZERO, a1 = ZERO, a2 = ZERO, a3 = ZERO;                       \
        gfloat b[W];                                                        \
        gdouble t = 0.0;                                                    \
                                                                            \
        for (; i < stop; i += 4 * W)                                        \
          {                                                                 \
            a0 = ADD (a0, LOAD (x + i));                                    \
            a1 = ADD (a1, LOAD (x + i + W));                                \
            a2 = ADD (a2, LOAD (x + i + 2 * W));                            \
            a3 = ADD (a3, LOAD (x + i + 3 * W));                            \
          }                                                                 \
        STORE (b, ADD (ADD (a0, a1), ADD (a2, a3)));                        \
        for (guint j = 0; j < W; j++)                                       \
          t += b[j];                                                        \
        total += t;                                                         \
      }                                                                     \
    for (; i < n; i++)                                                      \
      total += x[i];                                                        \
    return total;                                                           \
  }
DEFINE_F32_LANES (f32_sum_lanes, , __m128, 4, _mm_setzero_ps (), _mm_loadu_ps,
                  _mm_add_ps, _mm_storeu_ps)

/* @precise: the mean of var/std, which must not lose a digit. */
static gdouble
f32_sum (const gfloat *x, gint64 n, Kind k, gdouble c, gboolean precise)
{
  return k == K_SUM && !precise ? f32_sum_lanes (x, n) : f32_sum_d (x, n, k, c);
}
DEFINE_FAST_SUM (f64_sum, , gdouble, F64_SUM_LOOP, __m128d, _mm, 128, V_,
                 hsum_pd)

/* Two windows of the extreme's loop: @OP (max or min) into m0 and m1,
 * and whether either held a NaN into bad (@UNORD: true where a or b is
 * NaN). */
#define EXTREME_LOOP(V, PFX, SFX, W, OP, UNORD)                             \
  for (; i + 2 * W <= n; i += 2 * W)                                        \
    {                                                                       \
      V u = PFX##_loadu_##SFX (x + i), w = PFX##_loadu_##SFX (x + i + W);   \
      m0 = PFX##_##OP##_##SFX (u, m0);                                      \
      m1 = PFX##_##OP##_##SFX (w, m1);                                      \
      bad = PFX##_or_##SFX (bad, UNORD (u, w));                             \
    }

#define SSE_UNORD_ps(a, b)  _mm_cmpunord_ps ((a), (b))
#define SSE_UNORD_pd(a, b)  _mm_cmpunord_pd ((a), (b))

/* max or min of x[0..n) ignoring NaN, and whether there was one, for
 * either width: @PFX is the intrinsics' prefix (_mm, _mm256), @ISA that
 * of the NaN compare (SSE, AVX2). The loop is written twice so that the
 * choice of max or min stays out of it. */
#define DEFINE_FAST_EXTREME(name, attr, PFX, ISA, T, V, SFX, W)             \
  attr static T                                                             \
  name (const T *x, gint64 n, gboolean want_max, gboolean *nan)             \
  {                                                                         \
    V m0 = PFX##_set1_##SFX (x[0]), m1 = m0, bad = PFX##_setzero_##SFX ();  \
    T buf[W], m;                                                            \
    gint64 i = 0;                                                           \
                                                                            \
    if (want_max)                                                           \
      EXTREME_LOOP (V, PFX, SFX, W, max, ISA##_UNORD_##SFX)                 \
    else                                                                    \
      EXTREME_LOOP (V, PFX, SFX, W, min, ISA##_UNORD_##SFX)                 \
    m0 = want_max ? PFX##_max_##SFX (m0, m1) : PFX##_min_##SFX (m0, m1);    \
    PFX##_storeu_##SFX (buf, m0);                                           \
    *nan = PFX##_movemask_##SFX (bad) != 0;                                 \
    m = buf[0];                                                             \
    for (guint j = 1; j < W; j++)                                           \
      m = (want_max ? buf[j] > m : buf[j] < m) ? buf[j] : m;                \
    for (; i < n; i++)                                                      \
      {                                                                     \
        if (isnan (x[i]))                                                   \
          *nan = TRUE;                                                      \
        else if (isnan (m) || (want_max ? x[i] > m : x[i] < m))             \
          m = x[i];                                                         \
      }                                                                     \
    return m;                                                               \
  }
DEFINE_FAST_EXTREME (f32_extreme, , _mm, SSE, gfloat, __m128, ps, 4)
DEFINE_FAST_EXTREME (f64_extreme, , _mm, SSE, gdouble, __m128d, pd, 2)

/* The first position of @v in x[0..n), or of a NaN when @nan. */
#define DEFINE_FAST_FIND(name, T, V, SFX, W)                                \
  static gint64                                                             \
  name (const T *x, gint64 n, gboolean nan, T v)                            \
  {                                                                         \
    V vv = _mm_set1_##SFX (v);                                              \
    gint64 i = 0;                                                           \
                                                                            \
    for (; i + W <= n; i += W)                                              \
      {                                                                     \
        V u = _mm_loadu_##SFX (x + i);                                      \
        int mask = _mm_movemask_##SFX (nan ? _mm_cmpunord_##SFX (u, u)      \
                                           : _mm_cmpeq_##SFX (u, vv));      \
        if (mask != 0)                                                      \
          return i + __builtin_ctz (mask);                                  \
      }                                                                     \
    for (; i < n; i++)                                                      \
      if (nan ? isnan (x[i]) : x[i] == v)                                   \
        return i;                                                           \
    return 0;                                                               \
  }
DEFINE_FAST_FIND (f32_find, gfloat, __m128, ps, 4)
DEFINE_FAST_FIND (f64_find, gdouble, __m128d, pd, 2)

/* The same loops 256 bits wide, for CPUs with AVX2 (chosen at run time;
 * the library itself is built for the x86-64 baseline). */
#if defined (__x86_64__) && defined (__GNUC__)
#define HAVE_AVX2_PATH 1
#include <immintrin.h>

/* GT_CPU_CAPABILITY=default forces the baseline loops, as for the
 * pointwise kernels (torch's ATEN_CPU_CAPABILITY); the tests use it. */
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

#define AVX2 __attribute__ ((target ("avx2")))

AVX2 static inline gdouble
hsum256_pd (__m256d v)
{
  gdouble b[4];

  _mm256_storeu_pd (b, v);
  return (b[0] + b[1]) + (b[2] + b[3]);
}

#define V4_ID(v)    (v)
#define V4_SQ(v)    _mm256_mul_pd ((v), (v))
#define V4_SQDEV(v) ({ __m256d t_ = _mm256_sub_pd ((v), cv); _mm256_mul_pd (t_, t_); })
#define V4_ABS(v)   _mm256_and_pd ((v), absm)

#define F32_SUM_LOOP4(OP, XF)                                               \
  for (; i + 16 <= n; i += 16)                                              \
    {                                                                       \
      PREFETCH (x + i + 512);                                               \
      __m256 u = _mm256_loadu_ps (x + i), w = _mm256_loadu_ps (x + i + 8);  \
      a0 = _mm256_add_pd (a0, OP (_mm256_cvtps_pd (_mm256_castps256_ps128 (u)))); \
      a1 = _mm256_add_pd (a1, OP (_mm256_cvtps_pd (_mm256_extractf128_ps (u, 1)))); \
      a2 = _mm256_add_pd (a2, OP (_mm256_cvtps_pd (_mm256_castps256_ps128 (w)))); \
      a3 = _mm256_add_pd (a3, OP (_mm256_cvtps_pd (_mm256_extractf128_ps (w, 1)))); \
    }                                                                       \
  for (; i < n; i++)                                                        \
    t += XF ((gdouble) x[i]);

#define F64_SUM_LOOP4(OP, XF) F64_SUM_LOOP_W (_mm256, 4, OP, XF)

DEFINE_FAST_SUM (f32_sum_d_avx2, AVX2, gfloat, F32_SUM_LOOP4, __m256d, _mm256,
                 256, V4_, hsum256_pd)
DEFINE_F32_LANES (f32_sum_lanes_avx2, AVX2, __m256, 8, _mm256_setzero_ps (),
                  _mm256_loadu_ps, _mm256_add_ps, _mm256_storeu_ps)

AVX2 static gdouble
f32_sum_avx2 (const gfloat *x, gint64 n, Kind k, gdouble c, gboolean precise)
{
  return k == K_SUM && !precise ? f32_sum_lanes_avx2 (x, n)
                                : f32_sum_d_avx2 (x, n, k, c);
}
DEFINE_FAST_SUM (f64_sum_avx2, AVX2, gdouble, F64_SUM_LOOP4, __m256d, _mm256,
                 256, V4_, hsum256_pd)

#define AVX2_UNORD_ps(a, b)  _mm256_cmp_ps ((a), (b), _CMP_UNORD_Q)
#define AVX2_UNORD_pd(a, b)  _mm256_cmp_pd ((a), (b), _CMP_UNORD_Q)

DEFINE_FAST_EXTREME (f32_extreme_avx2, AVX2, _mm256, AVX2, gfloat, __m256, ps, 8)
DEFINE_FAST_EXTREME (f64_extreme_avx2, AVX2, _mm256, AVX2, gdouble, __m256d, pd, 4)

/* Declared by sleef.h only where the compiler targets AVX itself. The
 * declaration carries the target too: clang refuses a call passing
 * __m256d to a function it believes compiled without AVX (another ABI). */
AVX2 extern __m256d Sleef_expd4_u10avx2 (__m256d);

AVX2 static gdouble
expdev_sum_avx2 (const gdouble *b, gint64 n, gdouble c)
{
  const __m256d cv = _mm256_set1_pd (c);
  __m256d a0 = _mm256_setzero_pd (), a1 = a0;
  gdouble t = 0.0;
  gint64 i = 0;

  for (; i + 8 <= n; i += 8)
    {
      a0 = _mm256_add_pd (a0, Sleef_expd4_u10avx2 (_mm256_sub_pd (_mm256_loadu_pd (b + i), cv)));
      a1 = _mm256_add_pd (a1, Sleef_expd4_u10avx2 (_mm256_sub_pd (_mm256_loadu_pd (b + i + 4), cv)));
    }
  for (; i < n; i++)
    t += exp (b[i] - c);
  return hsum256_pd (_mm256_add_pd (a0, a1)) + t;
}

AVX2 static void
expdev_lanes_avx2 (gdouble *d, const gdouble *b, const gdouble *c, gint64 m)
{
  gint64 j = 0;

  for (; j + 4 <= m; j += 4)
    _mm256_storeu_pd (d + j, _mm256_add_pd (_mm256_loadu_pd (d + j),
      Sleef_expd4_u10avx2 (_mm256_sub_pd (_mm256_loadu_pd (b + j),
                                          _mm256_loadu_pd (c + j)))));
  for (; j < m; j++)
    d[j] += exp (b[j] - c[j]);
}

#else
#define cpu_has_avx2() FALSE
#define f32_sum_avx2 f32_sum
#define f64_sum_avx2 f64_sum
#define f32_extreme_avx2 f32_extreme
#define f64_extreme_avx2 f64_extreme
#endif

static gdouble
expdev_sum (const gdouble *b, gint64 n, gdouble c)
{
  gdouble t = 0.0;
  gint64 i = 0;

#if defined (HAVE_AVX2_PATH)
  if (cpu_has_avx2 ())
    return expdev_sum_avx2 (b, n, c);
#endif
#if defined (__SSE2__)
  {
    const __m128d cv = _mm_set1_pd (c);
    __m128d a0 = _mm_setzero_pd (), a1 = a0;

    for (; i + 4 <= n; i += 4)
      {
        a0 = _mm_add_pd (a0, Sleef_expd2_u10sse2 (_mm_sub_pd (_mm_loadu_pd (b + i), cv)));
        a1 = _mm_add_pd (a1, Sleef_expd2_u10sse2 (_mm_sub_pd (_mm_loadu_pd (b + i + 2), cv)));
      }
    t = hsum_pd (_mm_add_pd (a0, a1));
  }
#endif
  for (; i < n; i++)
    t += exp (b[i] - c);
  return t;
}

static void
expdev_lanes (gdouble *d, const gdouble *b, const gdouble *c, gint64 m)
{
  gint64 j = 0;

#if defined (HAVE_AVX2_PATH)
  if (cpu_has_avx2 ())
    {
      expdev_lanes_avx2 (d, b, c, m);
      return;
    }
#endif
#if defined (__SSE2__)
  for (; j + 2 <= m; j += 2)
    _mm_storeu_pd (d + j, _mm_add_pd (_mm_loadu_pd (d + j),
      Sleef_expd2_u10sse2 (_mm_sub_pd (_mm_loadu_pd (b + j),
                                       _mm_loadu_pd (c + j)))));
#endif
  for (; j < m; j++)
    d[j] += exp (b[j] - c[j]);
}

/* Reduces a contiguous float32/float64 run at @p into @a; FALSE for the
 * kinds without a fast loop. */
static gboolean
fast_run (GtDType       dt,
          Kind          k,
          Acc          *a,
          const guint8 *p,
          gint64        n,
          gint64        pos,
          gdouble       c,
          gboolean      precise)
{
  const gfloat *xf = (const gfloat *) p;
  const gdouble *xd = (const gdouble *) p;
  gboolean is32 = dt == GT_DTYPE_FLOAT32;
  gboolean nan = FALSE, want_max = k == K_MAX || k == K_ARGMAX;
  gboolean avx2 = cpu_has_avx2 ();
  gdouble (*sum32) (const gfloat *, gint64, Kind, gdouble, gboolean) =
    avx2 ? f32_sum_avx2 : f32_sum;
  gdouble (*sum64) (const gdouble *, gint64, Kind, gdouble) =
    avx2 ? f64_sum_avx2 : f64_sum;
  gfloat (*ext32) (const gfloat *, gint64, gboolean, gboolean *) =
    avx2 ? f32_extreme_avx2 : f32_extreme;
  gdouble (*ext64) (const gdouble *, gint64, gboolean, gboolean *) =
    avx2 ? f64_extreme_avx2 : f64_extreme;
  gdouble v;

  switch (k)
    {
    case K_SUM:
    case K_SUM_SQ:
    case K_SUM_SQDEV:
    case K_SUM_ABS:
      for (gint64 j = 0; j < n; j += FAST_BLOCK)
        {
          gint64 m = MIN (FAST_BLOCK, n - j);

          cascade_add (a, is32 ? sum32 (xf + j, m, k, c, precise)
                               : sum64 (xd + j, m, k, c));
        }
      return TRUE;
    case K_MAX:
    case K_MIN:
      v = is32 ? ext32 (xf, n, want_max, &nan) : ext64 (xd, n, want_max, &nan);
      if (nan)
        v = NAN;
      a->d = want_max ? nan_max (a->d, v) : nan_min (a->d, v);
      return TRUE;
    case K_ARGMAX:
    case K_ARGMIN:
      {
        gint64 i;

        if (a->idx >= 0 && isnan (a->d))
          return TRUE;
        if (is32)
          {
            gfloat m = ext32 (xf, n, want_max, &nan);
            i = f32_find (xf, n, nan, m);
            v = xf[i];
          }
        else
          {
            gdouble m = ext64 (xd, n, want_max, &nan);
            i = f64_find (xd, n, nan, m);
            v = xd[i];
          }
        arg_extreme_d (a, &v, 1, pos + i, want_max);
        return TRUE;
      }
    default:
      return FALSE;
    }
}

#else /* !__SSE2__ */

static gboolean
fast_run (GtDType       dt,
          Kind          k,
          Acc          *a,
          const guint8 *p,
          gint64        n,
          gint64        pos,
          gdouble       c,
          gboolean      precise)
{
  return FALSE;
}

#endif

/* ---- the plan of an op: passes and how they finish -------------------------- */

typedef struct {
  GtReduceOp   op;
  gdouble      param;
  gboolean     is_float;        /* compute type: double, else int64 */
  Kind         k1, k2;          /* k2: K_NONE for single-pass ops */

  LoadFn       load;
  gboolean     fast;            /* float32/float64: fast_run applies */
  GtDType      dtype;
  gint64       esize;
  const guint8 *in;

  /* kept dims, outermost first; strides in bytes of the input */
  guint        k_ndim;
  gint64       k_sizes[GT_MAX_DIMS];
  gint64       k_strides[GT_MAX_DIMS];
  /* reduced dims, outermost first */
  guint        r_ndim;
  gint64       r_sizes[GT_MAX_DIMS];
  gint64       r_strides[GT_MAX_DIMS];
  gint64       n_out, n_red;

  guint8      *out;
  GtDType      out_dtype;
  gint64       out_esize;
  gint64      *indices;
} Ctx;

static void
plan (Ctx *cx)
{
  cx->k2 = K_NONE;
  switch (cx->op)
    {
    case GT_REDUCE_SUM:
    case GT_REDUCE_MEAN:
      cx->k1 = K_SUM;
      break;
    case GT_REDUCE_PROD:
      cx->k1 = K_PROD;
      break;
    case GT_REDUCE_VAR:
    case GT_REDUCE_STD:
      cx->k1 = K_SUM;
      cx->k2 = K_SUM_SQDEV;
      break;
    case GT_REDUCE_AMAX:
      cx->k1 = K_MAX;
      break;
    case GT_REDUCE_AMIN:
      cx->k1 = K_MIN;
      break;
    case GT_REDUCE_ALL:
      cx->k1 = K_ALL;
      break;
    case GT_REDUCE_ANY:
      cx->k1 = K_ANY;
      break;
    case GT_REDUCE_LOGSUMEXP:
      cx->k1 = K_MAX;
      cx->k2 = K_SUM_EXPDEV;
      break;
    case GT_REDUCE_NORM:
      if (cx->param == 0.0)
        cx->k1 = K_COUNT_NZ;
      else if (cx->param == 1.0)
        cx->k1 = K_SUM_ABS;
      else if (cx->param == 2.0)
        cx->k1 = K_SUM_SQ;
      else if (cx->param == INFINITY)
        cx->k1 = K_MAX_ABS;
      else if (cx->param == -INFINITY)
        cx->k1 = K_MIN_ABS;
      else
        cx->k1 = K_SUM_POW;
      break;
    case GT_REDUCE_MAX:
    case GT_REDUCE_ARGMAX:
      cx->k1 = K_ARGMAX;
      break;
    case GT_REDUCE_MIN:
    case GT_REDUCE_ARGMIN:
      cx->k1 = K_ARGMIN;
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Pass 1's result → the center of pass 2. */
static gdouble
center (const Ctx *cx,
        gdouble    r1)
{
  if (cx->op == GT_REDUCE_LOGSUMEXP)
    return isinf (r1) ? 0.0 : r1;
  return r1 / (gdouble) cx->n_red;      /* var, std: the mean */
}

/* The final value of a float op from its passes. */
static gdouble
finish_d (const Ctx *cx,
          gdouble    r1,
          gdouble    r2,
          gdouble    c)
{
  gdouble n = (gdouble) cx->n_red;

  switch (cx->op)
    {
    case GT_REDUCE_MEAN:
      return r1 / n;
    case GT_REDUCE_VAR:
      return r2 / MAX (0.0, n - cx->param);
    case GT_REDUCE_STD:
      return sqrt (r2 / MAX (0.0, n - cx->param));
    case GT_REDUCE_LOGSUMEXP:
      return log (r2) + c;
    case GT_REDUCE_NORM:
      if (cx->k1 == K_SUM_SQ)
        return sqrt (r1);
      if (cx->k1 == K_SUM_POW)
        return pow (r1, 1.0 / cx->param);
      return r1;
    default:
      return r1;
    }
}

/* Stores output @o's result. */
static void
store_result (const Ctx *cx,
              gint64     o,
              const Acc *a1,
              gdouble    r2,
              gdouble    c)
{
  guint8 *dst = cx->out + o * cx->out_esize;

  if (cx->op == GT_REDUCE_ARGMAX || cx->op == GT_REDUCE_ARGMIN)
    {
      *(gint64 *) dst = a1->idx;
      return;
    }
  if (cx->indices != NULL)
    cx->indices[o] = a1->idx;
  if (cx->is_float && cx->k1 != K_ALL && cx->k1 != K_ANY)
    {
      gdouble v = finish_d (cx, acc_value_d (cx->k1, a1), r2, c);
      stores_d[cx->out_dtype] (dst, 1, 0, &v);
    }
  else
    stores_i[cx->out_dtype] (dst, 1, 0, &a1->i);
}

/* ---- geometry ------------------------------------------------------------------ */

/* Drops size-1 dims and merges neighbours that are contiguous with each
 * other, keeping the order (outermost first). Returns the new count. */
static guint
coalesce (gint64 *sizes,
          gint64 *strides,
          guint   n)
{
  guint out = 0;

  for (guint d = 0; d < n; d++)
    {
      if (sizes[d] == 1)
        continue;
      if (out > 0 && strides[out - 1] == strides[d] * sizes[d])
        {
          sizes[out - 1] *= sizes[d];
          strides[out - 1] = strides[d];
          continue;
        }
      sizes[out] = sizes[d];
      strides[out] = strides[d];
      out++;
    }
  return out;
}

static void
build_geometry (Ctx      *cx,
                GtTensor *in,
                guint     n_reduced,
                gboolean  keep_order)
{
  guint nk = in->ndim - n_reduced;

  cx->n_out = 1;
  for (guint d = 0; d < nk; d++)
    {
      cx->k_sizes[d] = in->sizes[d];
      cx->k_strides[d] = in->strides[d] * cx->esize;
      cx->n_out *= in->sizes[d];
    }
  cx->k_ndim = coalesce (cx->k_sizes, cx->k_strides, nk);

  cx->n_red = 1;
  for (guint d = 0; d < n_reduced; d++)
    {
      cx->r_sizes[d] = in->sizes[nk + d];
      cx->r_strides[d] = in->strides[nk + d] * cx->esize;
      cx->n_red *= in->sizes[nk + d];
    }
  /* An order-free reduction walks the largest strides outermost. Ops with
   * indices must keep the logical order that the indices count in. */
  if (!keep_order)
    for (guint i = 1; i < n_reduced; i++)
      for (guint j = i; j > 0 && ABS (cx->r_strides[j]) > ABS (cx->r_strides[j - 1]); j--)
        {
          gint64 t = cx->r_sizes[j];
          cx->r_sizes[j] = cx->r_sizes[j - 1];
          cx->r_sizes[j - 1] = t;
          t = cx->r_strides[j];
          cx->r_strides[j] = cx->r_strides[j - 1];
          cx->r_strides[j - 1] = t;
        }
  cx->r_ndim = coalesce (cx->r_sizes, cx->r_strides, n_reduced);
  if (cx->r_ndim == 0)
    {
      cx->r_sizes[0] = 1;
      cx->r_strides[0] = 0;
      cx->r_ndim = 1;
    }
}

/* Byte offset of output @o's first input element. */
static gint64
kept_offset (const Ctx *cx,
             gint64     o)
{
  gint64 off = 0;

  for (gint d = (gint) cx->k_ndim - 1; d >= 0; d--)
    {
      off += (o % cx->k_sizes[d]) * cx->k_strides[d];
      o /= cx->k_sizes[d];
    }
  return off;
}

/* ---- horizontal ------------------------------------------------------------------ */

/* Reduces one run of @n elements @is bytes apart, a buffer at a time. */
static void
h_run (const Ctx    *cx,
       const guint8 *p,
       gint64        n,
       gint64        is,
       gint64        pos,
       Kind          k,
       gdouble       c,
       Acc          *a)
{
  union { gdouble d[CHUNK]; gint64 i[CHUNK]; } buf __attribute__ ((aligned (64)));

  if (cx->fast && is == cx->esize &&
      fast_run (cx->dtype, k, a, p, n, pos, c, cx->k2 == K_SUM_SQDEV))
    return;
  for (gint64 j = 0; j < n; j += CHUNK)
    {
      gint64 m = MIN (CHUNK, n - j);

      cx->load (p + j * is, m, is, &buf);
      if (cx->is_float)
        acc_update_d (k, a, buf.d, m, pos + j, c, cx->param);
      else
        acc_update_i (k, a, buf.i, m, pos + j);
    }
}

/* Reduces positions [begin, end) of the reduced range at @base into @a:
 * runs along the innermost reduced dim, the others walked by a counter. */
static void
h_range (const Ctx    *cx,
         const guint8 *base,
         gint64        begin,
         gint64        end,
         Kind          k,
         gdouble       c,
         Acc          *a)
{
  guint nd = cx->r_ndim;
  gint64 idx[GT_MAX_DIMS];
  gint64 inner = cx->r_sizes[nd - 1], is = cx->r_strides[nd - 1];
  gint64 rem = begin, off = 0, pos = begin;

  for (gint d = (gint) nd - 1; d >= 0; d--)
    {
      idx[d] = rem % cx->r_sizes[d];
      rem /= cx->r_sizes[d];
      off += idx[d] * cx->r_strides[d];
    }

  while (pos < end)
    {
      gint64 n = MIN (inner - idx[nd - 1], end - pos);

      h_run (cx, base + off, n, is, pos, k, c, a);
      pos += n;
      off += n * is;
      idx[nd - 1] += n;
      for (guint d = nd - 1; d > 0 && idx[d] == cx->r_sizes[d]; d--)
        {
          off += cx->r_strides[d - 1] - idx[d] * cx->r_strides[d];
          idx[d] = 0;
          idx[d - 1]++;
        }
    }
}

/* A range split across threads is cut into this many pieces per thread,
 * taken dynamically: on a busy machine a thread that loses its core holds
 * up one piece, not half the work. */
#define PIECES_PER_THREAD 4

/* Piece @i of @n_pieces of the range [0, n). */
static inline void
piece (gint64  n,
       gint64  n_pieces,
       gint64  i,
       gint64 *b,
       gint64 *e)
{
  gint64 size = (n + n_pieces - 1) / n_pieces;

  *b = MIN (i * size, n);
  *e = MIN (*b + size, n);
}

/* One pass over the whole reduced range of one output, split into
 * @n_pieces pieces across the threads; partial results are combined in
 * range order, so the result does not depend on the threads. */
static void
h_pass_split (const Ctx    *cx,
              const guint8 *base,
              Kind          k,
              gdouble       c,
              Acc          *parts,
              gint64        n_pieces,
              Acc          *a)
{
#pragma omp parallel for schedule (dynamic, 1)
  for (gint64 i = 0; i < n_pieces; i++)
    {
      Acc mine;                 /* on this thread's stack: no false sharing */
      gint64 b, e;

      piece (cx->n_red, n_pieces, i, &b, &e);
      acc_init (k, &mine);
      h_range (cx, base, b, e, k, c, &mine);
      parts[i] = mine;
    }
  acc_init (k, a);
  for (gint64 i = 0; i < n_pieces; i++)
    acc_combine (k, cx->is_float, a, &parts[i]);
}

/* All passes of output @o; @parts non-NULL splits each pass into
 * @n_pieces across the threads. */
static void
h_output (const Ctx *cx,
          gint64     o,
          Acc       *parts,
          gint64     n_pieces)
{
  const guint8 *base = cx->in + kept_offset (cx, o);
  Acc a1, a2;
  gdouble r2 = 0.0, c = 0.0;

  if (parts != NULL)
    h_pass_split (cx, base, cx->k1, 0.0, parts, n_pieces, &a1);
  else
    {
      acc_init (cx->k1, &a1);
      h_range (cx, base, 0, cx->n_red, cx->k1, 0.0, &a1);
    }
  if (cx->k2 != K_NONE)
    {
      c = center (cx, acc_value_d (cx->k1, &a1));
      if (parts != NULL)
        h_pass_split (cx, base, cx->k2, c, parts, n_pieces, &a2);
      else
        {
          acc_init (cx->k2, &a2);
          h_range (cx, base, 0, cx->n_red, cx->k2, c, &a2);
        }
      r2 = acc_value_d (cx->k2, &a2);
    }
  store_result (cx, o, &a1, r2, c);
}

/* ---- vertical ---------------------------------------------------------------------- */

/* Outputs per vertical chunk: wide, so that each reduced position reads a
 * long contiguous stretch (the prefetcher needs runs, and a new page per
 * 1 KiB load thrashes the TLB). */
#define VCHUNK 2048

/* Accumulators of a chunk of outputs, one per lane, in memory sized for
 * the lanes the reduction needs (a few for narrow outputs). */
typedef struct {
  gdouble *d;
  gint64  *i;
  gint64  *idx;
} VAcc;

/* VAcc structs on the stack up to this many threads. */
#define VACC_ON_STACK 64

#define VACC_BYTES(lanes) ((gsize) (lanes) * (sizeof (gdouble) + 2 * sizeof (gint64)))

static void
vacc_bind (VAcc   *v,
           guint8 *mem,
           gint64  lanes)
{
  v->d = (gdouble *) mem;
  v->i = (gint64 *) (mem + lanes * sizeof (gdouble));
  v->idx = v->i + lanes;
}

static void
v_init (Kind   k,
        VAcc  *v,
        gint64 m)
{
  Acc a;

  acc_init (k, &a);
  for (gint64 j = 0; j < m; j++)
    {
      v->d[j] = a.d;
      v->i[j] = a.i;
      v->idx[j] = -1;
    }
}

/* Elementwise over the lanes of a chunk: the pragma makes the compiler
 * vectorise although the trip count is unknown. */
#define LANES(j, m) _Pragma ("omp simd") for (gint64 j = 0; j < (m); j++)

/* Lanes take the new element on a NaN, or when it beats a non-NaN best
 * strictly (ties keep the first). Spelt out in SSE2: compilers turn the
 * NaN tests into branches and give up vectorising. */
static void
v_arg_update (gdouble       *restrict d,
              gint64        *restrict idx,
              const gdouble *restrict b,
              gint64         m,
              gint64         pos,
              gboolean       want_max)
{
  gint64 j = 0;

#if defined (__SSE2__)
  const __m128i pv = _mm_set1_epi64x (pos);

  for (; j + 2 <= m; j += 2)
    {
      __m128d bj = _mm_loadu_pd (b + j), dj = _mm_loadu_pd (d + j);
      __m128d better = want_max ? _mm_cmpgt_pd (bj, dj) : _mm_cmplt_pd (bj, dj);
      __m128d take = _mm_and_pd (_mm_or_pd (better, _mm_cmpunord_pd (bj, bj)),
                                 _mm_cmpord_pd (dj, dj));
      __m128i t = _mm_castpd_si128 (take);
      __m128i ij = _mm_loadu_si128 ((const __m128i *) (idx + j));

      _mm_storeu_pd (d + j, _mm_or_pd (_mm_and_pd (take, bj),
                                       _mm_andnot_pd (take, dj)));
      _mm_storeu_si128 ((__m128i *) (idx + j),
                        _mm_or_si128 (_mm_and_si128 (t, pv),
                                      _mm_andnot_si128 (t, ij)));
    }
#endif
  for (; j < m; j++)
    {
      gboolean better = want_max ? b[j] > d[j] : b[j] < d[j];

      if ((better || isnan (b[j])) && !isnan (d[j]))
        {
          d[j] = b[j];
          idx[j] = pos;
        }
    }
}

CLONES static void
v_update_d (Kind           k,
            VAcc          *v,
            const gdouble *restrict b,
            gint64         m,
            gint64         pos,
            const gdouble *restrict c,
            gdouble        p)
{
  gdouble *restrict d = v->d;
  gint64 *restrict ai = v->i;
  gint64 *restrict idx = v->idx;

  switch (k)
    {
    case K_SUM:
      LANES (j, m) d[j] += b[j];
      break;
    case K_SUM_ABS:
      LANES (j, m) d[j] += fabs (b[j]);
      break;
    case K_SUM_SQ:
      LANES (j, m) d[j] += b[j] * b[j];
      break;
    case K_SUM_SQDEV:
      LANES (j, m) d[j] += (b[j] - c[j]) * (b[j] - c[j]);
      break;
    case K_SUM_EXPDEV:
      expdev_lanes (d, b, c, m);
      break;
    case K_SUM_POW:
      for (gint64 j = 0; j < m; j++) d[j] += pow (fabs (b[j]), p);
      break;
    case K_COUNT_NZ:
      LANES (j, m) d[j] += b[j] != 0.0 ? 1.0 : 0.0;
      break;
    case K_PROD:
      LANES (j, m) d[j] *= b[j];
      break;
    case K_MAX:
      LANES (j, m) d[j] = nan_max (d[j], b[j]);
      break;
    case K_MIN:
      LANES (j, m) d[j] = nan_min (d[j], b[j]);
      break;
    case K_MAX_ABS:
      LANES (j, m) d[j] = nan_max (d[j], fabs (b[j]));
      break;
    case K_MIN_ABS:
      LANES (j, m) d[j] = nan_min (d[j], fabs (b[j]));
      break;
    case K_ALL:
      LANES (j, m) ai[j] &= b[j] != 0.0;
      break;
    case K_ANY:
      LANES (j, m) ai[j] |= b[j] != 0.0;
      break;
    /* v_pass seeds the lanes with the first position. */
    case K_ARGMAX:
    case K_ARGMIN:
      v_arg_update (d, idx, b, m, pos, k == K_ARGMAX);
      break;
    case K_NONE:
      g_assert_not_reached ();
    }
}

CLONES static void
v_update_i (Kind          k,
            VAcc         *v,
            const gint64 *restrict b,
            gint64        m,
            gint64        pos)
{
  gint64 *restrict a = v->i;
  gint64 *restrict idx = v->idx;

  switch (k)
    {
    case K_SUM:
      LANES (j, m) a[j] = (gint64) ((guint64) a[j] + (guint64) b[j]);
      break;
    case K_PROD:
      LANES (j, m) a[j] = (gint64) ((guint64) a[j] * (guint64) b[j]);
      break;
    case K_MAX:
      LANES (j, m) a[j] = MAX (a[j], b[j]);
      break;
    case K_MIN:
      LANES (j, m) a[j] = MIN (a[j], b[j]);
      break;
    case K_ALL:
      LANES (j, m) a[j] &= b[j] != 0;
      break;
    case K_ANY:
      LANES (j, m) a[j] |= b[j] != 0;
      break;
    case K_ARGMAX:
      LANES (j, m)
        {
          gboolean take = b[j] > a[j];

          a[j] = take ? b[j] : a[j];
          idx[j] = take ? pos : idx[j];
        }
      break;
    case K_ARGMIN:
      LANES (j, m)
        {
          gboolean take = b[j] < a[j];

          a[j] = take ? b[j] : a[j];
          idx[j] = take ? pos : idx[j];
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Sums of contiguous float32/float64 lanes straight from the input, without
 * the buffer (half the traffic through L1); FALSE for other kinds. */
#define DEFINE_V_FAST(name, T)                                              \
  CLONES static gboolean                                                    \
  name (Kind k, gdouble *restrict d, const T *restrict x, gint64 m,        \
        const gdouble *restrict c)                                          \
  {                                                                         \
    switch (k)                                                              \
      {                                                                     \
      case K_SUM:                                                           \
        LANES (j, m) d[j] += (gdouble) x[j];                                \
        return TRUE;                                                        \
      case K_SUM_SQ:                                                        \
        LANES (j, m) d[j] += (gdouble) x[j] * (gdouble) x[j];               \
        return TRUE;                                                        \
      case K_SUM_SQDEV:                                                     \
        LANES (j, m) d[j] += ((gdouble) x[j] - c[j]) * ((gdouble) x[j] - c[j]); \
        return TRUE;                                                        \
      case K_SUM_ABS:                                                       \
        LANES (j, m) d[j] += fabs ((gdouble) x[j]);                         \
        return TRUE;                                                        \
      default:                                                              \
        return FALSE;                                                       \
      }                                                                     \
  }
DEFINE_V_FAST (v_fast_f32, gfloat)
DEFINE_V_FAST (v_fast_f64, gdouble)

static inline gboolean
v_fast (GtDType        dt,
        Kind           k,
        gdouble       *d,
        const guint8  *p,
        gint64         m,
        const gdouble *c)
{
  return dt == GT_DTYPE_FLOAT32 ? v_fast_f32 (k, d, (const gfloat *) p, m, c)
                                : v_fast_f64 (k, d, (const gdouble *) p, m, c);
}

/* One pass of a chunk of @m outputs whose first input element is at @base,
 * neighbours @ks bytes apart, over the reduced positions [begin, end) in
 * logical order. */
static void
v_pass (const Ctx     *cx,
        const guint8  *base,
        gint64         m,
        gint64         ks,
        Kind           k,
        const gdouble *c,
        gint64         begin,
        gint64         end,
        VAcc          *v)
{
  union { gdouble d[VCHUNK]; gint64 i[VCHUNK]; } buf __attribute__ ((aligned (64)));
  guint nd = cx->r_ndim;
  gint64 idx[GT_MAX_DIMS];
  gint64 rem = begin, off = 0;
  gboolean fast = cx->fast && ks == cx->esize;

  for (gint d = (gint) nd - 1; d >= 0; d--)
    {
      idx[d] = rem % cx->r_sizes[d];
      rem /= cx->r_sizes[d];
      off += idx[d] * cx->r_strides[d];
    }

  v_init (k, v, m);
  for (gint64 pos = begin; pos < end; pos++)
    {
      const guint8 *p = base + off;

      if (!(fast && v_fast (cx->dtype, k, v->d, p, m, c)))
        {
          cx->load (p, m, ks, &buf);
          if (pos == begin && (k == K_ARGMAX || k == K_ARGMIN))
            for (gint64 j = 0; j < m; j++)
              {
                v->d[j] = buf.d[j];
                v->i[j] = buf.i[j];
                v->idx[j] = pos;
              }
          else if (cx->is_float)
            v_update_d (k, v, buf.d, m, pos, c, cx->param);
          else
            v_update_i (k, v, buf.i, m, pos);
        }

      off += cx->r_strides[nd - 1];
      idx[nd - 1]++;
      for (guint d = nd - 1; d > 0 && idx[d] == cx->r_sizes[d]; d--)
        {
          off += cx->r_strides[d - 1] - idx[d] * cx->r_strides[d];
          idx[d] = 0;
          idx[d - 1]++;
        }
    }
}

/* Folds lanes of @b, partial results over a later range, into @a. */
static void
v_combine (const Ctx  *cx,
           Kind        k,
           VAcc       *a,
           const VAcc *b,
           gint64      m)
{
  for (gint64 j = 0; j < m; j++)
    {
      Acc x, y;

      x.d = a->d[j], x.i = a->i[j], x.idx = a->idx[j], x.blocks = 0;
      y.d = b->d[j], y.i = b->i[j], y.idx = b->idx[j], y.blocks = 0;
      acc_combine (k, cx->is_float, &x, &y);
      a->d[j] = x.d, a->i[j] = x.i, a->idx[j] = x.idx;
    }
}

/* One pass of a chunk, either alone or with its reduced range split into
 * @n_pieces across the threads (@parts: one VAcc per piece), partials
 * combined in order. */
static void
v_pass_any (const Ctx     *cx,
            const guint8  *base,
            gint64         m,
            gint64         ks,
            Kind           k,
            const gdouble *c,
            VAcc          *parts,
            gint64         n_pieces,
            VAcc          *v)
{
  if (parts == NULL)
    {
      v_pass (cx, base, m, ks, k, c, 0, cx->n_red, v);
      return;
    }
#pragma omp parallel for schedule (dynamic, 1)
  for (gint64 i = 0; i < n_pieces; i++)
    {
      gint64 b, e;

      piece (cx->n_red, n_pieces, i, &b, &e);
      v_pass (cx, base, m, ks, k, c, b, e, &parts[i]);
    }
  v_init (k, v, m);
  for (gint64 i = 0; i < n_pieces; i++)
    v_combine (cx, k, v, &parts[i], m);
}

/* Task @t of the vertical layout: chunk (t % n_chunks) of the innermost
 * kept dim, at outer kept index t / n_chunks. */
static void
v_task (const Ctx *cx,
        gint64     t,
        gint64     n_chunks,
        VAcc      *v1,
        VAcc      *v2,
        VAcc      *parts,
        gint64     n_pieces)
{
  gint64 k0 = cx->k_sizes[cx->k_ndim - 1], ks = cx->k_strides[cx->k_ndim - 1];
  gint64 j0 = (t % n_chunks) * VCHUNK, m = MIN (VCHUNK, k0 - j0);
  gint64 o0 = (t / n_chunks) * k0 + j0;
  const guint8 *base = cx->in + kept_offset (cx, o0);
  gdouble c[VCHUNK];

  v_pass_any (cx, base, m, ks, cx->k1, NULL, parts, n_pieces, v1);
  if (cx->k2 != K_NONE)
    {
      for (gint64 j = 0; j < m; j++)
        c[j] = center (cx, v1->d[j]);
      v_pass_any (cx, base, m, ks, cx->k2, c, parts, n_pieces, v2);
    }
  for (gint64 j = 0; j < m; j++)
    {
      Acc a1;

      a1.d = v1->d[j];
      a1.i = v1->i[j];
      a1.idx = v1->idx[j];
      a1.blocks = 0;
      store_result (cx, o0 + j, &a1, cx->k2 != K_NONE ? v2->d[j] : 0.0,
                    cx->k2 != K_NONE ? c[j] : 0.0);
    }
}

/* The vertical layout: threads take chunks, or share each chunk's reduced
 * range when there are fewer chunks than threads. */
static gboolean
v_reduce (const Ctx  *cx,
          gboolean    par,
          gint        nth,
          GError    **error)
{
  gint64 k0 = cx->k_sizes[cx->k_ndim - 1];
  gint64 lanes = MIN (k0, VCHUNK);
  gint64 n_chunks = (k0 + VCHUNK - 1) / VCHUNK;
  gint64 n_tasks = cx->n_out / k0 * n_chunks;
  gboolean split = par && n_tasks < nth && cx->n_red >= PIECES_PER_THREAD * nth;
  gint64 n_pieces = PIECES_PER_THREAD * nth;
  gint n_vacc = split ? 2 + n_pieces : par ? 2 * nth : 2;
  g_autofree guint8 *mem = g_try_malloc (n_vacc * VACC_BYTES (lanes));
  VAcc on_stack[VACC_ON_STACK];
  g_autofree VAcc *on_heap = NULL;
  VAcc *v = on_stack;

  if (mem == NULL)
    return gt_cpu_alloc_failed (n_vacc * VACC_BYTES (lanes), error);
  if (n_vacc > VACC_ON_STACK)
    v = on_heap = g_new (VAcc, n_vacc);
  for (gint j = 0; j < n_vacc; j++)
    vacc_bind (&v[j], mem + j * VACC_BYTES (lanes), lanes);

  if (split)
    {
      for (gint64 t = 0; t < n_tasks; t++)
        v_task (cx, t, n_chunks, &v[0], &v[1], &v[2], n_pieces);
    }
  else if (!par)
    {
      for (gint64 t = 0; t < n_tasks; t++)
        v_task (cx, t, n_chunks, &v[0], &v[1], NULL, 0);
    }
  else
    {
#pragma omp parallel for schedule (dynamic, 1)
      for (gint64 t = 0; t < n_tasks; t++)
        {
          gint me = omp_get_thread_num ();

          v_task (cx, t, n_chunks, &v[2 * me], &v[2 * me + 1], NULL, 0);
        }
    }
  return TRUE;
}

/* ---- entry points -------------------------------------------------------------------- */

gboolean
gt_cpu_reduce (guint      op,
               GtTensor  *out,
               GtTensor  *indices,
               GtTensor  *in,
               guint      n_reduced,
               gdouble    param,
               GError   **error)
{
  Ctx cx = { 0 };
  gint nth = omp_get_max_threads ();
  gboolean par;

  cx.op = (GtReduceOp) op;
  cx.param = param;
  cx.is_float = gt_dtype_is_floating_point (in->dtype);
  cx.load = loaders[in->dtype];
  cx.dtype = in->dtype;
  cx.fast = in->dtype == GT_DTYPE_FLOAT32 || in->dtype == GT_DTYPE_FLOAT64;
  cx.esize = (gint64) gt_dtype_get_element_size (in->dtype);
  cx.in = gt_tensor_data (in);
  cx.out = gt_tensor_data (out);
  cx.out_dtype = out->dtype;
  cx.out_esize = (gint64) gt_dtype_get_element_size (out->dtype);
  cx.indices = indices != NULL ? gt_tensor_data (indices) : NULL;
  plan (&cx);
  build_geometry (&cx, in, n_reduced,
                  cx.k1 == K_ARGMAX || cx.k1 == K_ARGMIN);
  if (cx.n_out == 0 || cx.n_red == 0)
    return TRUE;

  par = nth > 1 && cx.n_out * cx.n_red >= GT_CPU_GRAIN_SIZE;

  /* Vertical when neighbouring outputs are nearer in memory than the
   * elements each output reduces, or those runs are too short. */
  if (cx.k_ndim > 0 && cx.k_sizes[cx.k_ndim - 1] >= 8 &&
      (ABS (cx.k_strides[cx.k_ndim - 1]) < ABS (cx.r_strides[cx.r_ndim - 1]) ||
       cx.r_sizes[cx.r_ndim - 1] < 16))
    return v_reduce (&cx, par, nth, error);

  if (par && cx.n_out < nth)
    {
      /* Few outputs: the threads share each output's range. */
      gint64 n_pieces = PIECES_PER_THREAD * nth;
      g_autofree Acc *parts = g_try_new (Acc, n_pieces);

      if (parts == NULL)
        return gt_cpu_alloc_failed (n_pieces * sizeof (Acc), error);
      for (gint64 o = 0; o < cx.n_out; o++)
        h_output (&cx, o, parts, n_pieces);
      return TRUE;
    }

  /* Without threads, no OpenMP region at all: entering one costs more
   * than a small reduction. */
  if (!par)
    {
      for (gint64 o = 0; o < cx.n_out; o++)
        h_output (&cx, o, NULL, 0);
      return TRUE;
    }
  /* guided: shrinking chunks, so that a thread that loses its core on a
   * busy machine leaves little behind. */
#pragma omp parallel for schedule (guided)
  for (gint64 o = 0; o < cx.n_out; o++)
    h_output (&cx, o, NULL, 0);
  return TRUE;
}

/* ---- scans ------------------------------------------------------------------------------ */

typedef struct {
  LoadFn   load;
  StoreDFn stored;
  StoreIFn storei;
  gboolean is_float;
  gint64   n;                 /* length of the scanned dim */
  gint64   in_s, out_s;       /* its byte strides */
} ScanCtx;

/* cumsum of @m neighbouring rows at once (@in_ks/@out_ks bytes apart),
 * walking the scanned dim: each step streams along memory. Floats add in
 * double and integers in int64, as torch's acc types. */
static void
scan_rows (const ScanCtx *sc,
           const guint8  *in,
           guint8        *out,
           gint64         m,
           gint64         in_ks,
           gint64         out_ks)
{
  union { gdouble d[CHUNK]; gint64 i[CHUNK]; } buf __attribute__ ((aligned (64)));
  union { gdouble d[CHUNK]; gint64 i[CHUNK]; } acc __attribute__ ((aligned (64)));

  memset (&acc, 0, sizeof acc);
  for (gint64 k = 0; k < sc->n; k++)
    {
      sc->load (in + k * sc->in_s, m, in_ks, &buf);
      if (sc->is_float)
        {
          for (gint64 j = 0; j < m; j++)
            acc.d[j] += buf.d[j];
          sc->stored (out + k * sc->out_s, m, out_ks, acc.d);
        }
      else
        {
          for (gint64 j = 0; j < m; j++)
            acc.i[j] = (gint64) ((guint64) acc.i[j] + (guint64) buf.i[j]);
          sc->storei (out + k * sc->out_s, m, out_ks, acc.i);
        }
    }
}

/* One row along its own length, a buffer at a time. */
static void
scan_row (const ScanCtx *sc,
          const guint8  *in,
          guint8        *out)
{
  union { gdouble d[CHUNK]; gint64 i[CHUNK]; } buf __attribute__ ((aligned (64)));
  gdouble sd = 0.0;
  guint64 si = 0;

  for (gint64 k = 0; k < sc->n; k += CHUNK)
    {
      gint64 m = MIN (CHUNK, sc->n - k);

      sc->load (in + k * sc->in_s, m, sc->in_s, &buf);
      if (sc->is_float)
        {
          for (gint64 j = 0; j < m; j++)
            buf.d[j] = sd += buf.d[j];
          sc->stored (out + k * sc->out_s, m, sc->out_s, buf.d);
        }
      else
        {
          for (gint64 j = 0; j < m; j++)
            buf.i[j] = (gint64) (si += (guint64) buf.i[j]);
          sc->storei (out + k * sc->out_s, m, sc->out_s, buf.i);
        }
    }
}

/* Task @t of the side-by-side scan: chunk t % n_chunks of the innermost
 * row dim, at the outer row index t / n_chunks. */
static void
scan_chunk_task (const ScanCtx *sc,
                 const guint8  *ip,
                 guint8        *op,
                 guint          nr,
                 const gint64  *sizes,
                 const gint64  *in_st,
                 const gint64  *out_st,
                 gint64         t)
{
  gint64 k0 = sizes[nr - 1];
  gint64 n_chunks = (k0 + CHUNK - 1) / CHUNK;
  gint64 j0 = (t % n_chunks) * CHUNK, rem = t / n_chunks;
  gint64 ioff = j0 * in_st[nr - 1], ooff = j0 * out_st[nr - 1];

  for (gint d = (gint) nr - 2; d >= 0; d--)
    {
      ioff += (rem % sizes[d]) * in_st[d];
      ooff += (rem % sizes[d]) * out_st[d];
      rem /= sizes[d];
    }
  scan_rows (sc, ip + ioff, op + ooff, MIN (CHUNK, k0 - j0), in_st[nr - 1],
             out_st[nr - 1]);
}

/* Row @r of the scan, along its own length. */
static void
scan_row_task (const ScanCtx *sc,
               const guint8  *ip,
               guint8        *op,
               guint          nr,
               const gint64  *sizes,
               const gint64  *in_st,
               const gint64  *out_st,
               gint64         r)
{
  gint64 ioff = 0, ooff = 0;

  for (gint d = (gint) nr - 1; d >= 0; d--)
    {
      ioff += (r % sizes[d]) * in_st[d];
      ooff += (r % sizes[d]) * out_st[d];
      r /= sizes[d];
    }
  scan_row (sc, ip + ioff, op + ooff);
}

gboolean
gt_cpu_scan (guint      op,
             GtTensor  *out,
             GtTensor  *in,
             GError   **error)
{
  ScanCtx sc;
  gint64 in_es = (gint64) gt_dtype_get_element_size (in->dtype);
  gint64 out_es = (gint64) gt_dtype_get_element_size (out->dtype);
  guint nr = in->ndim - 1;      /* the row dims: all but the last */
  gint64 sizes[GT_MAX_DIMS], in_st[GT_MAX_DIMS], out_st[GT_MAX_DIMS];
  gint64 n_rows = 1;
  guint8 *ip = gt_tensor_data (in), *op_ = gt_tensor_data (out);
  gboolean par;

  g_assert (op == GT_SCAN_CUMSUM && in->ndim >= 1);
  if (in->numel == 0)
    return TRUE;

  sc.load = loaders[in->dtype];
  sc.stored = stores_d[out->dtype];
  sc.storei = stores_i[out->dtype];
  sc.is_float = gt_dtype_is_floating_point (in->dtype);
  sc.n = in->sizes[nr];
  sc.in_s = in->strides[nr] * in_es;
  sc.out_s = out->strides[nr] * out_es;

  /* The row dims, outermost first, size-1 dims dropped. */
  {
    guint k = 0;

    for (guint d = 0; d < nr; d++)
      if (in->sizes[d] != 1)
        {
          sizes[k] = in->sizes[d];
          in_st[k] = in->strides[d] * in_es;
          out_st[k] = out->strides[d] * out_es;
          n_rows *= sizes[k];
          k++;
        }
    nr = k;
  }
  par = omp_get_max_threads () > 1 && in->numel >= GT_CPU_GRAIN_SIZE;

  /* Rows side by side in memory: scan a chunk of them together. */
  if (nr > 0 && sizes[nr - 1] >= 8 &&
      ABS (in_st[nr - 1]) < ABS (sc.in_s))
    {
      gint64 n_tasks = n_rows / sizes[nr - 1] *
                       ((sizes[nr - 1] + CHUNK - 1) / CHUNK);

      if (!par)
        for (gint64 t = 0; t < n_tasks; t++)
          scan_chunk_task (&sc, ip, op_, nr, sizes, in_st, out_st, t);
      else
#pragma omp parallel for schedule (dynamic, 1)
        for (gint64 t = 0; t < n_tasks; t++)
          scan_chunk_task (&sc, ip, op_, nr, sizes, in_st, out_st, t);
      return TRUE;
    }

  if (!par || n_rows == 1)
    for (gint64 r = 0; r < n_rows; r++)
      scan_row_task (&sc, ip, op_, nr, sizes, in_st, out_st, r);
  else
#pragma omp parallel for schedule (guided)
    for (gint64 r = 0; r < n_rows; r++)
      scan_row_task (&sc, ip, op_, nr, sizes, in_st, out_st, r);
  return TRUE;
}
