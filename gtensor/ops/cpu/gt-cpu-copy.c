#include "config.h"

#include <string.h>

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
#define COPY_N(T)                                                   \
      for (gint64 i = 0; i < n; i++)                                \
        *(T *) (data[0] + i * strides[0]) = *(const T *) (data[1] + i * strides[1]); \
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

gboolean
gt_cpu_copy (GtTensor  *dst,
             GtTensor  *src,
             GError   **error)
{
  GtTensor *ops[2] = { dst, src };
  GtCpuIter iter;

  gt_cpu_iter_init (&iter, 2, ops);
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
