#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <immintrin.h>
#endif

#include "gt-cpu-backend-private.h"
#include "gt-cpu-convert-private.h"
#include "gt-cpu-iter.h"

/* ---- element-wise conversion: one inner loop per (dst, src) pair -------- */

#define DEFINE_CONVERT(D, S)                                               \
  static void                                                              \
  convert_##S##_to_##D (guint8 **data, const gint64 *strides, gint64 n,    \
                        gpointer user_data)                                \
  {                                                                        \
    guint8 *dst = data[0];                                                 \
    const guint8 *src = data[1];                                           \
    for (gint64 i = 0; i < n; i++)                                         \
      GT_STORE (D, dst + i * strides[0], gt_load_##S (src + i * strides[1])); \
  }

#define DEFINE_CONVERT_FROM(S, ctype, ltype)  \
  DEFINE_CONVERT (FLOAT32, S)                 \
  DEFINE_CONVERT (FLOAT64, S)                 \
  DEFINE_CONVERT (FLOAT16, S)                 \
  DEFINE_CONVERT (BFLOAT16, S)                \
  DEFINE_CONVERT (INT8, S)                    \
  DEFINE_CONVERT (UINT8, S)                   \
  DEFINE_CONVERT (INT16, S)                   \
  DEFINE_CONVERT (INT32, S)                   \
  DEFINE_CONVERT (INT64, S)                   \
  DEFINE_CONVERT (BOOL, S)
GT_FOREACH_DTYPE (DEFINE_CONVERT_FROM)

#define CONVERT_ROW(S, ctype, ltype) {        \
  [GT_DTYPE_FLOAT32] = convert_##S##_to_FLOAT32,   \
  [GT_DTYPE_FLOAT64] = convert_##S##_to_FLOAT64,   \
  [GT_DTYPE_FLOAT16] = convert_##S##_to_FLOAT16,   \
  [GT_DTYPE_BFLOAT16] = convert_##S##_to_BFLOAT16, \
  [GT_DTYPE_INT8] = convert_##S##_to_INT8,         \
  [GT_DTYPE_UINT8] = convert_##S##_to_UINT8,       \
  [GT_DTYPE_INT16] = convert_##S##_to_INT16,       \
  [GT_DTYPE_INT32] = convert_##S##_to_INT32,       \
  [GT_DTYPE_INT64] = convert_##S##_to_INT64,       \
  [GT_DTYPE_BOOL] = convert_##S##_to_BOOL },

/* convert_table[src][dst] */
static const GtCpuLoop convert_table[GT_DTYPE_N_TYPES][GT_DTYPE_N_TYPES] = {
  GT_FOREACH_DTYPE (CONVERT_ROW)
};

/* Same dtype, any layout: a plain element copy; the contiguous case (after
 * coalescing) is a memcpy. */
static void
copy_bytes_loop (guint8 **data, const gint64 *strides, gint64 n,
                 gpointer user_data)
{
  gsize esize = GPOINTER_TO_SIZE (user_data);

  if (strides[0] == (gint64) esize && strides[1] == (gint64) esize)
    {
      memcpy (data[0], data[1], n * esize);
      return;
    }
  switch (esize)
    {
      /* memcpy of one element: the bytes of gt_tensor_new_from_bytes and
       * of views at odd offsets need not be aligned for T (compiles to a
       * plain load and store). */
#define COPY_N(T)                                                   \
      for (gint64 i = 0; i < n; i++)                                \
        memcpy (data[0] + i * strides[0], data[1] + i * strides[1], \
                sizeof (T));                                        \
      break;
    case 1: COPY_N (guint8)
    case 2: COPY_N (guint16)
    case 4: COPY_N (guint32)
    case 8: COPY_N (guint64)
#undef COPY_N
    default:
      g_assert_not_reached ();
    }
}

/* ---- transposes: cache-blocked ------------------------------------------- */

/* Same dtype, dst contiguous along the innermost iteration dim and src
 * contiguous along the next one (contiguous() of a transposed matrix):
 * element by element either the reads or the writes stride through
 * memory a row apart, touching a new cache line and often a new page each
 * time. Copying square tiles instead keeps both sides of a tile in L1. */
#define GT_TRANSPOSE_TILE 32

#define DEFINE_TRANSPOSE_TILE(T)                                           \
  static void                                                              \
  transpose_tile_##T (guint8 *dst, gint64 dst_s1, const guint8 *src,       \
                      gint64 src_s0, gint64 n0, gint64 n1)                 \
  {                                                                        \
    for (gint64 i1 = 0; i1 < n1; i1++)                                     \
      {                                                                    \
        T *restrict d = (T *) (dst + i1 * dst_s1);                         \
        const guint8 *s = src + i1 * (gint64) sizeof (T);                  \
        for (gint64 i0 = 0; i0 < n0; i0++)                                 \
          d[i0] = *(const T *) (s + i0 * src_s0);                          \
      }                                                                    \
  }
DEFINE_TRANSPOSE_TILE (guint8)
DEFINE_TRANSPOSE_TILE (guint16)
DEFINE_TRANSPOSE_TILE (guint32)
DEFINE_TRANSPOSE_TILE (guint64)

#ifdef __SSE2__
/* 4-byte elements: 4x4 blocks transposed in SSE registers (x86-64's
 * baseline), a quarter of the loads and stores; the edges go through the
 * scalar tile. */
static void
transpose_tile_sse_guint32 (guint8       *dst,
                            gint64        dst_s1,
                            const guint8 *src,
                            gint64        src_s0,
                            gint64        n0,
                            gint64        n1)
{
  gint64 m0 = n0 & ~(gint64) 3, m1 = n1 & ~(gint64) 3;

  for (gint64 i1 = 0; i1 < m1; i1 += 4)
    for (gint64 i0 = 0; i0 < m0; i0 += 4)
      {
        const guint8 *s = src + i0 * src_s0 + i1 * 4;
        guint8 *d = dst + i1 * dst_s1 + i0 * 4;
        __m128 r0 = _mm_loadu_ps ((const float *) s);
        __m128 r1 = _mm_loadu_ps ((const float *) (s + src_s0));
        __m128 r2 = _mm_loadu_ps ((const float *) (s + 2 * src_s0));
        __m128 r3 = _mm_loadu_ps ((const float *) (s + 3 * src_s0));

        _MM_TRANSPOSE4_PS (r0, r1, r2, r3);
        _mm_storeu_ps ((float *) d, r0);
        _mm_storeu_ps ((float *) (d + dst_s1), r1);
        _mm_storeu_ps ((float *) (d + 2 * dst_s1), r2);
        _mm_storeu_ps ((float *) (d + 3 * dst_s1), r3);
      }
  if (m0 < n0)
    transpose_tile_guint32 (dst + m0 * 4, dst_s1, src + m0 * src_s0, src_s0,
                            n0 - m0, m1);
  if (m1 < n1)
    transpose_tile_guint32 (dst + m1 * dst_s1, dst_s1, src + m1 * 4, src_s0,
                            n0, n1 - m1);
}
#endif

typedef void (*TransposeTileFunc) (guint8 *dst, gint64 dst_s1,
                                   const guint8 *src, gint64 src_s0,
                                   gint64 n0, gint64 n1);

static gboolean
copy_transposed (const GtCpuIter *iter,
                 gsize            esize)
{
  const gint64 B = GT_TRANSPOSE_TILE;
  TransposeTileFunc tile;
  gint64 n0, n1, tiles0, tiles1, n_outer, n_tiles;

  if (iter->ndim < 2 ||
      iter->strides[0][0] != (gint64) esize ||
      iter->strides[1][1] != (gint64) esize ||
      iter->sizes[0] < B / 2 || iter->sizes[1] < B / 2)
    return FALSE;
  switch (esize)
    {
    case 1: tile = transpose_tile_guint8; break;
    case 2: tile = transpose_tile_guint16; break;
#ifdef __SSE2__
    case 4: tile = transpose_tile_sse_guint32; break;
#else
    case 4: tile = transpose_tile_guint32; break;
#endif
    case 8: tile = transpose_tile_guint64; break;
    default: return FALSE;
    }

  n0 = iter->sizes[0];
  n1 = iter->sizes[1];
  tiles0 = (n0 + B - 1) / B;
  tiles1 = (n1 + B - 1) / B;
  n_outer = iter->numel / (n0 * n1);
  n_tiles = n_outer * tiles1 * tiles0;

  /* Threads split the tiles; each tile is a few KiB of work. */
#pragma omp parallel for schedule(static) if (iter->numel >= GT_CPU_GRAIN_SIZE)
  for (gint64 t = 0; t < n_tiles; t++)
    {
      gint64 t0 = t % tiles0, t1 = (t / tiles0) % tiles1;
      gint64 outer = t / (tiles0 * tiles1);
      guint8 *d = iter->data[0];
      const guint8 *s = iter->data[1];

      /* The outer dims' position, innermost first. */
      for (guint k = 2; k < iter->ndim; k++)
        {
          gint64 i = outer % iter->sizes[k];

          outer /= iter->sizes[k];
          d += i * iter->strides[0][k];
          s += i * iter->strides[1][k];
        }
      d += t1 * B * iter->strides[0][1] + t0 * B * (gint64) esize;
      s += t1 * B * (gint64) esize + t0 * B * iter->strides[1][0];
      tile (d, iter->strides[0][1], s, iter->strides[1][0],
            MIN (B, n0 - t0 * B), MIN (B, n1 - t1 * B));
    }
  return TRUE;
}

gboolean
gt_cpu_copy (GtTensor  *dst,
             GtTensor  *src,
             GError   **error)
{
  GtTensor *ops[2] = { dst, src };
  GtCpuIter iter;

  gt_cpu_iter_init (&iter, 2, ops);
  if (dst->dtype == src->dtype &&
      copy_transposed (&iter, gt_dtype_get_element_size (dst->dtype)))
    return TRUE;
  if (dst->dtype == src->dtype)
    gt_cpu_iter_run (&iter, copy_bytes_loop,
                     GSIZE_TO_POINTER (gt_dtype_get_element_size (dst->dtype)));
  else
    gt_cpu_iter_run (&iter, convert_table[src->dtype][dst->dtype], NULL);
  return TRUE;
}

/* ---- fill ------------------------------------------------------------------ */

typedef struct {
  guint8  bytes[8];     /* one element of the fill value */
  gsize   esize;
} FillData;

static void
fill_loop (guint8 **data, const gint64 *strides, gint64 n, gpointer user_data)
{
  const FillData *fd = user_data;

  switch (fd->esize)
    {
#define FILL_N(T)                                                   \
      {                                                             \
        T v;                                                        \
        memcpy (&v, fd->bytes, sizeof v);                           \
        if (strides[0] == sizeof (T))                               \
          {                                                         \
            T *p = (T *) data[0];                                   \
            for (gint64 i = 0; i < n; i++)                          \
              p[i] = v;                                             \
          }                                                         \
        else                                                        \
          for (gint64 i = 0; i < n; i++)                            \
            *(T *) (data[0] + i * strides[0]) = v;                  \
      }                                                             \
      break;
    case 1: FILL_N (guint8)
    case 2: FILL_N (guint16)
    case 4: FILL_N (guint32)
    case 8: FILL_N (guint64)
#undef FILL_N
    default:
      g_assert_not_reached ();
    }
}

/* Stores @value converted to @dtype at @p. */
void
gt_cpu_store_double (gpointer p,
                     GtDType  dtype,
                     gdouble  value)
{
  switch (dtype)
    {
#define STORE_CASE(D, ctype, ltype) case GT_DTYPE_##D: GT_STORE (D, p, value); break;
      GT_FOREACH_DTYPE (STORE_CASE)
#undef STORE_CASE
    default:
      g_assert_not_reached ();
    }
}

void
gt_cpu_store_int64 (gpointer p,
                    GtDType  dtype,
                    gint64   value)
{
  switch (dtype)
    {
#define STORE_CASE(D, ctype, ltype) case GT_DTYPE_##D: GT_STORE (D, p, value); break;
      GT_FOREACH_DTYPE (STORE_CASE)
#undef STORE_CASE
    default:
      g_assert_not_reached ();
    }
}

gboolean
gt_cpu_fill (GtTensor  *dst,
             gdouble    value,
             GError   **error)
{
  GtTensor *ops[1] = { dst };
  GtCpuIter iter;
  FillData fd = { { 0 }, gt_dtype_get_element_size (dst->dtype) };

  gt_cpu_store_double (fd.bytes, dst->dtype, value);
  gt_cpu_iter_init (&iter, 1, ops);
  gt_cpu_iter_run (&iter, fill_loop, &fd);
  return TRUE;
}

/* ---- single elements, for printing and scalars ------------------------------ */

gdouble
gt_cpu_load_double (gconstpointer ptr,
                    GtDType       dtype)
{
  switch (dtype)
    {
#define LOAD_CASE(D, ctype, ltype) case GT_DTYPE_##D: return (gdouble) gt_load_##D (ptr);
      GT_FOREACH_DTYPE (LOAD_CASE)
#undef LOAD_CASE
    default:
      g_assert_not_reached ();
    }
  return 0.0;
}

gint64
gt_cpu_load_int64 (gconstpointer ptr,
                   GtDType       dtype)
{
  switch (dtype)
    {
#define LOAD_CASE(D, ctype, ltype) \
    case GT_DTYPE_##D: { ltype v = gt_load_##D (ptr); gint64 r; GT_STORE (INT64, &r, v); return r; }
      GT_FOREACH_DTYPE (LOAD_CASE)
#undef LOAD_CASE
    default:
      g_assert_not_reached ();
    }
  return 0;
}
