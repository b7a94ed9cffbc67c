/* The indexing family: index_select, gather, take, scatter and
 * scatter_add, masked_fill, masked_select, nonzero, advanced indexing with
 * index_put_, and one_hot, with values worked out by hand, every error they
 * report (an out-of-range index names the value, the dimension and the
 * size), non-contiguous operands, and the multi-threaded paths. */

#include "gt-test-expect.h"

/* ---- helpers ------------------------------------------------------------- */

#define SHAPE(...) ((const gint64[]) { __VA_ARGS__ })
#define NDIMS(...) G_N_ELEMENTS (((const gint64[]) { __VA_ARGS__ }))

static GtTensor *
ar (GtDType       dtype,
    const gint64 *shape,
    gsize         n_dims)
{
  return gt_test_arange_shaped (shape, n_dims, dtype);
}

#define AR(dtype, ...) ar ((dtype), SHAPE (__VA_ARGS__), NDIMS (__VA_ARGS__))

#define IDX(...) VEC (GT_DTYPE_INT64, __VA_ARGS__)

static GtTensor *
mat (GtDType        dtype,
     gint64         rows,
     gint64         cols,
     const gdouble *v)
{
  const gint64 shape[] = { rows, cols };

  return gt_test_new (v, (gsize) (rows * cols), shape, 2, dtype);
}

#define MAT(dtype, rows, cols, ...) \
  mat ((dtype), (rows), (cols), (const gdouble[]) { __VA_ARGS__ })

/* Takes @t: dtype, shape, values. */
static void
check (GtTensor      *t,
       GtDType        dtype,
       const gint64  *shape,
       gsize          n_dims,
       const gdouble *values)
{
  gint64 n = 1;

  g_assert_nonnull (t);
  g_assert_cmpstr (gt_dtype_get_name (gt_tensor_get_dtype (t)), ==,
                   gt_dtype_get_name (dtype));
  gt_test_assert_shape (t, shape, n_dims);
  for (gsize i = 0; i < n_dims; i++)
    n *= shape[i];
  gt_test_assert_values (t, values, (gsize) n, 0);
  g_object_unref (t);
}

#define CHECK(t, dtype, shape, ...)                                           \
  check ((t), (dtype), shape, G_N_ELEMENTS (shape),                           \
         (const gdouble[]) { __VA_ARGS__ })

static GPtrArray *
list (gsize n,
      ...)
{
  GPtrArray *l = g_ptr_array_new_with_free_func ((GDestroyNotify) g_object_unref);
  va_list ap;

  /* NULL entries stand for ':'; the free function skips them. */
  g_ptr_array_set_free_func (l, NULL);
  va_start (ap, n);
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (l, va_arg (ap, GtTensor *));
  va_end (ap);
  return l;
}

/* ---- index_select ------------------------------------------------------------ */

static void
test_index_select (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (GT_DTYPE_FLOAT32, 3, 4);
  g_autoptr(GtTensor) xt = gt_tensor_t (x, NULL);
  g_autoptr(GtTensor) i64 = IDX (3, 0);
  g_autoptr(GtTensor) i32 = VEC (GT_DTYPE_INT32, 2, 2, 0);
  g_autoptr(GtTensor) i0 = scalar0 (1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) s = scalar0 (5, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) zero = IDX (0);
  g_autoptr(GtTensor) empty = gt_test_arange_shaped (SHAPE (0), 1, GT_DTYPE_INT64);

  CHECK (gt_tensor_index_select (x, 1, i64, &error), GT_DTYPE_FLOAT32,
         SHAPE (3, 2), 3, 0, 7, 4, 11, 8);
  CHECK (gt_tensor_index_select (x, -2, i32, &error), GT_DTYPE_FLOAT32,
         SHAPE (3, 4), 8, 9, 10, 11, 8, 9, 10, 11, 0, 1, 2, 3);
  CHECK (gt_tensor_index_select (xt, 0, i64, &error), GT_DTYPE_FLOAT32,
         SHAPE (2, 3), 3, 7, 11, 0, 4, 8);
  CHECK (gt_tensor_index_select (x, 0, i0, &error), GT_DTYPE_FLOAT32,
         SHAPE (1, 4), 4, 5, 6, 7);
  CHECK (gt_tensor_index_select (x, 1, empty, &error), GT_DTYPE_FLOAT32,
         SHAPE (3, 0), 0);
  check (gt_tensor_index_select (s, 0, zero, &error), GT_DTYPE_FLOAT64, NULL, 0,
         (const gdouble[]) { 5 });
  g_assert_no_error (error);

  {
    g_autoptr(GtTensor) bad = IDX (1, 4);
    g_autoptr(GtTensor) neg = VEC (GT_DTYPE_INT32, -1);
    g_autoptr(GtTensor) f = VEC (GT_DTYPE_FLOAT32, 0);
    g_autoptr(GtTensor) two_d = MAT (GT_DTYPE_INT64, 1, 1, 0);
    g_autoptr(GtTensor) two = IDX (0, 0);

    g_assert_null (gt_tensor_index_select (x, 1, bad, &error));
    expect_message (error, "index 4 is out of bounds for dimension 1 with size 4");
    gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_index_select");
    g_assert_null (gt_tensor_index_select (x, 0, neg, &error));
    expect_message (error, "index -1 is out of bounds for dimension 0 with size 3");
    gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_index_select");
    EXPECT_ERROR (gt_tensor_index_select (x, 0, f, &error), GT_ERROR_DTYPE,
                  "gt_tensor_index_select");
    EXPECT_ERROR (gt_tensor_index_select (x, 0, two_d, &error), GT_ERROR_SHAPE,
                  "gt_tensor_index_select");
    EXPECT_ERROR (gt_tensor_index_select (x, 2, i64, &error), GT_ERROR_INDEX,
                  "gt_tensor_index_select");
    EXPECT_ERROR (gt_tensor_index_select (s, 0, two, &error), GT_ERROR_SHAPE,
                  "gt_tensor_index_select");
    EXPECT_ERROR (gt_tensor_index_select (x, 0, NULL, &error), GT_ERROR_VALUE,
                  "gt_tensor_index_select");
  }
}

/* ---- gather and take ------------------------------------------------------------- */

static void
test_gather (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (GT_DTYPE_INT32, 2, 3);
  g_autoptr(GtTensor) i1 = MAT (GT_DTYPE_INT64, 2, 2, 2, 0, 1, 1);
  g_autoptr(GtTensor) i0 = MAT (GT_DTYPE_INT64, 1, 3, 1, 0, 1);
  g_autoptr(GtTensor) wide = MAT (GT_DTYPE_INT64, 1, 5, 2, 2, 1, 0, 2);

  /* out[i][j] = x[i][index[i][j]] */
  CHECK (gt_tensor_gather (x, 1, i1, &error), GT_DTYPE_INT32, SHAPE (2, 2),
         2, 0, 4, 4);
  /* out[i][j] = x[index[i][j]][j] */
  CHECK (gt_tensor_gather (x, 0, i0, &error), GT_DTYPE_INT32, SHAPE (1, 3),
         3, 1, 5);
  /* larger than self along dim is fine */
  CHECK (gt_tensor_gather (x, -1, wide, &error), GT_DTYPE_INT32, SHAPE (1, 5),
         2, 2, 1, 0, 2);
  {
    g_autoptr(GtTensor) s = scalar0 (7, GT_DTYPE_BOOL);
    g_autoptr(GtTensor) z = scalar0 (0, GT_DTYPE_INT64);

    check (gt_tensor_gather (s, 0, z, &error), GT_DTYPE_BOOL, NULL, 0,
           (const gdouble[]) { 1 });
  }
  g_assert_no_error (error);

  {
    g_autoptr(GtTensor) bad = MAT (GT_DTYPE_INT64, 2, 1, 0, 5);
    g_autoptr(GtTensor) neg = MAT (GT_DTYPE_INT64, 1, 1, -1);
    g_autoptr(GtTensor) i32 = MAT (GT_DTYPE_INT32, 1, 1, 0);
    g_autoptr(GtTensor) flat = IDX (0);
    g_autoptr(GtTensor) tall = MAT (GT_DTYPE_INT64, 3, 1, 0, 0, 0);

    g_assert_null (gt_tensor_gather (x, 1, bad, &error));
    expect_message (error, "index 5 is out of bounds for dimension 1 with size 3");
    gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_gather");
    EXPECT_ERROR (gt_tensor_gather (x, 1, neg, &error), GT_ERROR_INDEX,
                  "gt_tensor_gather");
    EXPECT_ERROR (gt_tensor_gather (x, 1, i32, &error), GT_ERROR_DTYPE,
                  "gt_tensor_gather");
    EXPECT_ERROR (gt_tensor_gather (x, 1, flat, &error), GT_ERROR_SHAPE,
                  "gt_tensor_gather");
    EXPECT_ERROR (gt_tensor_gather (x, 1, tall, &error), GT_ERROR_SHAPE,
                  "gt_tensor_gather");
    EXPECT_ERROR (gt_tensor_gather (x, 2, i0, &error), GT_ERROR_INDEX,
                  "gt_tensor_gather");
  }
}

static void
test_take (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (GT_DTYPE_FLOAT64, 2, 3);
  g_autoptr(GtTensor) xt = gt_tensor_t (x, NULL);
  g_autoptr(GtTensor) i = MAT (GT_DTYPE_INT64, 2, 2, -1, 0, 3, -6);

  CHECK (gt_tensor_take (x, i, &error), GT_DTYPE_FLOAT64, SHAPE (2, 2),
         5, 0, 3, 0);
  /* the transpose read in row-major order: 0 3 1 4 2 5 */
  CHECK (gt_tensor_take (xt, i, &error), GT_DTYPE_FLOAT64, SHAPE (2, 2),
         5, 0, 4, 0);
  g_assert_no_error (error);
  {
    g_autoptr(GtTensor) six = IDX (6);
    g_autoptr(GtTensor) m7 = IDX (-7);
    g_autoptr(GtTensor) i32 = VEC (GT_DTYPE_INT32, 0);
    g_autoptr(GtTensor) e = gt_test_arange_shaped (SHAPE (0), 1, GT_DTYPE_FLOAT32);
    g_autoptr(GtTensor) zero = IDX (0);

    g_assert_null (gt_tensor_take (x, six, &error));
    expect_message (error, "index 6 is out of bounds for dimension 0 with size 6");
    gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_take");
    EXPECT_ERROR (gt_tensor_take (x, m7, &error), GT_ERROR_INDEX, "gt_tensor_take");
    EXPECT_ERROR (gt_tensor_take (x, i32, &error), GT_ERROR_DTYPE, "gt_tensor_take");
    EXPECT_ERROR (gt_tensor_take (e, zero, &error), GT_ERROR_INDEX, "gt_tensor_take");
  }
}

/* ---- scatter and scatter_add ----------------------------------------------------- */

static void
test_scatter (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) z = gt_zeros (SHAPE (2, 3), 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) i = MAT (GT_DTYPE_INT64, 2, 1, 2, 0);
  g_autoptr(GtTensor) src = MAT (GT_DTYPE_FLOAT32, 2, 1, 1, 2);
  g_autoptr(GtTensor) zi = gt_zeros (SHAPE (2, 3), 2, GT_DTYPE_INT32, NULL, NULL);

  CHECK (gt_tensor_scatter (z, 1, i, src, &error), GT_DTYPE_FLOAT32,
         SHAPE (2, 3), 0, 0, 1, 2, 0, 0);
  /* the value converts as torch does: 2.7 becomes 2 */
  CHECK (gt_tensor_scatter_scalar (zi, 1, i, 2.7, &error), GT_DTYPE_INT32,
         SHAPE (2, 3), 0, 0, 2, 2, 0, 0);
  /* index rows beyond src's are fine along dim: index [[0, 1, 2]] into dim 0 */
  {
    g_autoptr(GtTensor) i0 = MAT (GT_DTYPE_INT64, 1, 3, 1, 0, 1);
    g_autoptr(GtTensor) big = AR (GT_DTYPE_FLOAT32, 2, 3);

    CHECK (gt_tensor_scatter (z, 0, i0, big, &error), GT_DTYPE_FLOAT32,
           SHAPE (2, 3), 0, 1, 0, 0, 0, 2);
  }
  g_assert_no_error (error);
  /* in place, through a transposed view: the base sees it */
  {
    g_autoptr(GtTensor) base = gt_zeros (SHAPE (3, 2), 2, GT_DTYPE_FLOAT32, NULL, NULL);
    g_autoptr(GtTensor) view = gt_tensor_t (base, NULL);
    g_autoptr(GtTensor) one = MAT (GT_DTYPE_INT64, 1, 1, 1);

    g_assert_true (gt_tensor_scatter_ (view, 1, i, src, &error));
    gt_test_assert_values (base, (const gdouble[]) { 0, 2, 0, 0, 1, 0 }, 6, 0);
    g_assert_true (gt_tensor_scatter_scalar_ (view, 0, one, 9, &error));
    gt_test_assert_values (base, (const gdouble[]) { 0, 9, 0, 0, 1, 0 }, 6, 0);
  }
  g_assert_no_error (error);
}

static void
test_scatter_add (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) z = gt_zeros (SHAPE (3), 1, GT_DTYPE_FLOAT64, NULL, NULL);
  g_autoptr(GtTensor) i = IDX (0, 2, 0, 0);
  g_autoptr(GtTensor) src = VEC (GT_DTYPE_FLOAT64, 1, 2, 3, 4);

  /* repeated indices all add up */
  CHECK (gt_tensor_scatter_add (z, 0, i, src, &error), GT_DTYPE_FLOAT64,
         SHAPE (3), 8, 0, 2);
  {
    g_autoptr(GtTensor) u = gt_zeros (SHAPE (3), 1, GT_DTYPE_UINT8, NULL, NULL);
    g_autoptr(GtTensor) us = VEC (GT_DTYPE_UINT8, 200, 100);
    g_autoptr(GtTensor) b = gt_zeros (SHAPE (3), 1, GT_DTYPE_BOOL, NULL, NULL);
    g_autoptr(GtTensor) bs = VEC (GT_DTYPE_BOOL, 1, 1);
    g_autoptr(GtTensor) ii = IDX (0, 0);
    g_autoptr(GtTensor) h = gt_zeros (SHAPE (3), 1, GT_DTYPE_FLOAT16, NULL, NULL);
    g_autoptr(GtTensor) hs = VEC (GT_DTYPE_FLOAT16, 1, 2048);
    g_autoptr(GtTensor) hi = IDX (1, 1);

    /* uint8 wraps: 200 + 100 = 44; bool ors */
    CHECK (gt_tensor_scatter_add (u, 0, ii, us, &error), GT_DTYPE_UINT8,
           SHAPE (3), 44, 0, 0);
    CHECK (gt_tensor_scatter_add (b, 0, ii, bs, &error), GT_DTYPE_BOOL,
           SHAPE (3), 1, 0, 0);
    /* float16 rounds each sum: 0 + 1 + 2048 = 2049 -> 2048 (ties to even) */
    CHECK (gt_tensor_scatter_add (h, 0, hi, hs, &error), GT_DTYPE_FLOAT16,
           SHAPE (3), 0, 2048, 0);
  }
  /* in place on a 2-D tensor along dim 1 */
  {
    g_autoptr(GtTensor) m = gt_ones (SHAPE (2, 3), 2, GT_DTYPE_INT64, NULL, NULL);
    g_autoptr(GtTensor) mi = MAT (GT_DTYPE_INT64, 2, 2, 0, 0, 2, 1);
    g_autoptr(GtTensor) ms = MAT (GT_DTYPE_INT64, 2, 2, 10, 20, 30, 40);

    g_assert_true (gt_tensor_scatter_add_ (m, 1, mi, ms, &error));
    gt_test_assert_values (m, (const gdouble[]) { 31, 1, 1, 1, 41, 31 }, 6, 0);
  }
  g_assert_no_error (error);
}

static void
test_scatter_errors (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) z = gt_zeros (SHAPE (2, 3), 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) src = gt_ones (SHAPE (2, 3), 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) bad = MAT (GT_DTYPE_INT64, 2, 1, 3, 0);
  g_autoptr(GtTensor) neg = MAT (GT_DTYPE_INT64, 1, 1, -1);
  g_autoptr(GtTensor) i32 = MAT (GT_DTYPE_INT32, 1, 1, 0);
  g_autoptr(GtTensor) ok = MAT (GT_DTYPE_INT64, 1, 1, 0);
  g_autoptr(GtTensor) src64 = gt_ones (SHAPE (2, 3), 2, GT_DTYPE_INT64, NULL, NULL);
  g_autoptr(GtTensor) wide = gt_zeros (SHAPE (2, 2), 2, GT_DTYPE_INT64, NULL, NULL);
  g_autoptr(GtTensor) narrow_src = gt_ones (SHAPE (2, 1), 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) tall = gt_zeros (SHAPE (3, 1), 2, GT_DTYPE_INT64, NULL, NULL);
  g_autoptr(GtTensor) flat = IDX (0);

  g_assert_null (gt_tensor_scatter (z, 1, bad, src, &error));
  expect_message (error, "index 3 is out of bounds for dimension 1 with size 3");
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_scatter");
  EXPECT_ERROR (gt_tensor_scatter_add (z, 1, neg, src, &error), GT_ERROR_INDEX,
                "gt_tensor_scatter_add");
  EXPECT_ERROR (gt_tensor_scatter (z, 1, i32, src, &error), GT_ERROR_DTYPE,
                "gt_tensor_scatter");
  EXPECT_ERROR (gt_tensor_scatter (z, 1, ok, src64, &error), GT_ERROR_DTYPE,
                "gt_tensor_scatter");
  EXPECT_ERROR (gt_tensor_scatter (z, 1, wide, narrow_src, &error),
                GT_ERROR_SHAPE, "gt_tensor_scatter");
  EXPECT_ERROR (gt_tensor_scatter (z, 1, tall, src, &error), GT_ERROR_SHAPE,
                "gt_tensor_scatter");
  EXPECT_ERROR (gt_tensor_scatter_scalar (z, 1, flat, 1.0, &error),
                GT_ERROR_SHAPE, "gt_tensor_scatter_scalar");
  EXPECT_ERROR (gt_tensor_scatter (z, 2, ok, src, &error), GT_ERROR_INDEX,
                "gt_tensor_scatter");
  EXPECT_ERROR (gt_tensor_scatter (z, 1, ok, NULL, &error), GT_ERROR_VALUE,
                "gt_tensor_scatter");

  /* a failed in-place scatter writes nothing: the indices are checked first */
  {
    g_autoptr(GtTensor) last_bad = MAT (GT_DTYPE_INT64, 2, 3, 0, 1, 2, 0, 1, 7);

    EXPECT_FAIL (gt_tensor_scatter_ (z, 1, last_bad, src, &error),
                 GT_ERROR_INDEX, "gt_tensor_scatter_");
    gt_test_assert_all (z, 0.0);
    EXPECT_FAIL (gt_tensor_scatter_add_ (z, 1, last_bad, src, &error),
                 GT_ERROR_INDEX, "gt_tensor_scatter_add_");
    gt_test_assert_all (z, 0.0);
  }
  /* elements sharing memory cannot be written */
  {
    g_autoptr(GtTensor) row = gt_zeros (SHAPE (3), 1, GT_DTYPE_FLOAT32, NULL, NULL);
    g_autoptr(GtTensor) e = gt_tensor_expand (row, SHAPE (2, 3), 2, NULL);

    EXPECT_FAIL (gt_tensor_scatter_scalar_ (e, 1, ok, 1.0, &error),
                 GT_ERROR_VALUE, "gt_tensor_scatter_scalar_");
  }
}

/* ---- masks ------------------------------------------------------------------------ */

static void
test_masked_fill (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (GT_DTYPE_INT64, 3);
  g_autoptr(GtTensor) m = VEC (GT_DTYPE_BOOL, 1, 0, 1);
  g_autoptr(GtTensor) m2 = MAT (GT_DTYPE_BOOL, 2, 3, 1, 0, 0, 0, 0, 1);
  g_autoptr(GtTensor) v = scalar0 (1.7, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) big = scalar0 (0, GT_DTYPE_INT64);

  CHECK (gt_tensor_masked_fill_scalar (x, m, -5, &error), GT_DTYPE_INT64,
         SHAPE (3), -5, 1, -5);
  /* a float value into an int64 tensor truncates */
  CHECK (gt_tensor_masked_fill (x, m, v, &error), GT_DTYPE_INT64, SHAPE (3),
         1, 1, 1);
  /* the result has the broadcast shape */
  CHECK (gt_tensor_masked_fill_scalar (x, m2, 9, &error), GT_DTYPE_INT64,
         SHAPE (2, 3), 9, 1, 2, 0, 1, 9);
  /* an int64 value keeps all 64 bits */
  *(gint64 *) gt_tensor_data (big) = G_MAXINT64 - 1;
  {
    g_autoptr(GtTensor) r = gt_tensor_masked_fill (x, m, big, &error);
    gsize n_vals = 0;
    g_autofree gint64 *vals = gt_tensor_to_int64s (r, &n_vals, &error);

    g_assert_cmpint (vals[0], ==, G_MAXINT64 - 1);
    g_assert_cmpint (vals[1], ==, 1);
  }
  g_assert_no_error (error);
  /* in place, through a view */
  {
    g_autoptr(GtTensor) base = AR (GT_DTYPE_FLOAT32, 3, 2);
    g_autoptr(GtTensor) view = gt_tensor_t (base, NULL);
    g_autoptr(GtTensor) col = MAT (GT_DTYPE_BOOL, 2, 1, 0, 1);

    g_assert_true (gt_tensor_masked_fill_scalar_ (view, col, -1, &error));
    gt_test_assert_values (base, (const gdouble[]) { 0, -1, 2, -1, 4, -1 }, 6, 0);
    g_assert_true (gt_tensor_masked_fill_ (view, m, v, &error));
    gt_test_assert_values (base, (const gdouble[]) { 1.7f, 1.7f, 2, -1, 1.7f, 1.7f },
                           6, 0);
  }
  g_assert_no_error (error);

  {
    g_autoptr(GtTensor) fm = VEC (GT_DTYPE_FLOAT32, 1, 0, 1);
    g_autoptr(GtTensor) short_m = VEC (GT_DTYPE_BOOL, 1, 0);
    g_autoptr(GtTensor) v1 = VEC (GT_DTYPE_FLOAT32, 1);

    EXPECT_ERROR (gt_tensor_masked_fill_scalar (x, fm, 1, &error),
                  GT_ERROR_DTYPE, "gt_tensor_masked_fill_scalar");
    EXPECT_ERROR (gt_tensor_masked_fill_scalar (x, short_m, 1, &error),
                  GT_ERROR_SHAPE, "gt_tensor_masked_fill_scalar");
    g_assert_null (gt_tensor_masked_fill (x, m, v1, &error));
    expect_message (error, "0-dimensional value tensor");
    gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_masked_fill");
    EXPECT_FAIL (gt_tensor_masked_fill_scalar_ (x, m2, 1, &error),
                 GT_ERROR_SHAPE, "gt_tensor_masked_fill_scalar_");
    EXPECT_FAIL (gt_tensor_masked_fill_ (x, m, NULL, &error), GT_ERROR_VALUE,
                 "gt_tensor_masked_fill_");
  }
}

static void
test_masked_select_nonzero (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (GT_DTYPE_FLOAT32, 2, 3);
  g_autoptr(GtTensor) xt = gt_tensor_t (x, NULL);
  g_autoptr(GtTensor) m = VEC (GT_DTYPE_BOOL, 1, 0, 1);
  g_autoptr(GtTensor) m8 = VEC (GT_DTYPE_UINT8, 0, 3, 0);
  g_autoptr(GtTensor) mt = MAT (GT_DTYPE_BOOL, 3, 2, 1, 0, 0, 1, 1, 1);

  CHECK (gt_tensor_masked_select (x, m, &error), GT_DTYPE_FLOAT32, SHAPE (4),
         0, 2, 3, 5);
  CHECK (gt_tensor_masked_select (x, m8, &error), GT_DTYPE_FLOAT32, SHAPE (2),
         1, 4);
  /* row-major order of the (transposed) input: 0 3 / 1 4 / 2 5 */
  CHECK (gt_tensor_masked_select (xt, mt, &error), GT_DTYPE_FLOAT32, SHAPE (4),
         0, 4, 2, 5);
  g_assert_no_error (error);
  EXPECT_ERROR (gt_tensor_masked_select (x, x, &error), GT_ERROR_DTYPE,
                "gt_tensor_masked_select");
  EXPECT_ERROR (gt_tensor_masked_select (x, mt, &error), GT_ERROR_SHAPE,
                "gt_tensor_masked_select");

  {
    g_autoptr(GtTensor) n = MAT (GT_DTYPE_FLOAT64, 2, 2, 0, 1, NAN, -0.0);
    g_autoptr(GtTensor) s1 = scalar0 (3, GT_DTYPE_INT32);
    g_autoptr(GtTensor) s0 = scalar0 (0, GT_DTYPE_INT32);
    g_autoptr(GtTensor) e = gt_zeros (SHAPE (2, 0), 2, GT_DTYPE_FLOAT32, NULL, NULL);

    /* NaN counts, -0.0 does not */
    CHECK (gt_tensor_nonzero (n, &error), GT_DTYPE_INT64, SHAPE (2, 2),
           0, 1, 1, 0);
    CHECK (gt_tensor_nonzero (xt, &error), GT_DTYPE_INT64, SHAPE (5, 2),
           0, 1, 1, 0, 1, 1, 2, 0, 2, 1);
    CHECK (gt_tensor_nonzero (s1, &error), GT_DTYPE_INT64, SHAPE (1, 0), 0);
    CHECK (gt_tensor_nonzero (s0, &error), GT_DTYPE_INT64, SHAPE (0, 0), 0);
    CHECK (gt_tensor_nonzero (e, &error), GT_DTYPE_INT64, SHAPE (0, 2), 0);
  }
  g_assert_no_error (error);
}

/* ---- advanced indexing ------------------------------------------------------------ */

static void
test_index (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (GT_DTYPE_FLOAT32, 2, 3, 4);
  g_autoptr(GtTensor) i01 = IDX (0, 1);
  g_autoptr(GtTensor) col = MAT (GT_DTYPE_INT64, 2, 1, 1, 2);
  g_autoptr(GtTensor) i12 = IDX (1, 2);
  g_autoptr(GtTensor) neg = IDX (-1);
  g_autoptr(GPtrArray) l = NULL;

  /* adjacent: [2] and [2, 1] broadcast to [2, 2], then the last dim */
  l = list (2, i01, col);
  {
    g_autoptr(GtTensor) r = gt_tensor_index (x, l, &error);

    g_assert_no_error (error);
    gt_test_assert_shape (r, SHAPE (2, 2, 4), 3);
    /* r[a][b][k] = x[i01[b]][col[a]][k] */
    gt_test_assert_values (r, (const gdouble[]) {
      4, 5, 6, 7, 16, 17, 18, 19,
      8, 9, 10, 11, 20, 21, 22, 23 }, 16, 0);
  }
  g_clear_pointer (&l, g_ptr_array_unref);
  /* not adjacent: the broadcast dims go first */
  l = list (3, i01, NULL, i12);
  CHECK (gt_tensor_index (x, l, &error), GT_DTYPE_FLOAT32, SHAPE (2, 3),
         1, 5, 9, 14, 18, 22);
  g_clear_pointer (&l, g_ptr_array_unref);
  /* the same with explicit dims, as GJS calls it */
  l = list (2, i01, i12);
  CHECK (gt_tensor_index_dims (x, (const gint[]) { 0, -1 }, 2, l, &error),
         GT_DTYPE_FLOAT32, SHAPE (2, 3), 1, 5, 9, 14, 18, 22);
  EXPECT_ERROR (gt_tensor_index_dims (x, (const gint[]) { 2, 0 }, 2, l, &error),
                GT_ERROR_VALUE, "gt_tensor_index_dims");
  EXPECT_ERROR (gt_tensor_index_dims (x, (const gint[]) { 0 }, 1, l, &error),
                GT_ERROR_VALUE, "gt_tensor_index_dims");
  g_clear_pointer (&l, g_ptr_array_unref);
  /* a ':' in front keeps its place; negative indices wrap */
  l = list (2, NULL, neg);
  CHECK (gt_tensor_index (x, l, &error), GT_DTYPE_FLOAT32, SHAPE (2, 1, 4),
         8, 9, 10, 11, 20, 21, 22, 23);
  g_clear_pointer (&l, g_ptr_array_unref);
  /* a bool mask over two dims */
  {
    g_autoptr(GtTensor) mask = MAT (GT_DTYPE_BOOL, 3, 4,
                                    1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0);

    l = list (2, NULL, mask);
    CHECK (gt_tensor_index (x, l, &error), GT_DTYPE_FLOAT32, SHAPE (2, 3),
           0, 7, 10, 12, 19, 22);
    g_clear_pointer (&l, g_ptr_array_unref);
  }
  /* x[True] adds a dim, x[False] adds an empty one */
  {
    g_autoptr(GtTensor) t = scalar0 (1, GT_DTYPE_BOOL);
    g_autoptr(GtTensor) f = scalar0 (0, GT_DTYPE_BOOL);
    g_autoptr(GtTensor) r = NULL;

    l = list (1, t);
    r = gt_tensor_index (x, l, &error);
    gt_test_assert_shape (r, SHAPE (1, 2, 3, 4), 4);
    g_clear_object (&r);
    g_clear_pointer (&l, g_ptr_array_unref);
    l = list (1, f);
    r = gt_tensor_index (x, l, &error);
    gt_test_assert_shape (r, SHAPE (0, 2, 3, 4), 4);
    g_clear_pointer (&l, g_ptr_array_unref);
  }
  /* no index tensors: a copy */
  CHECK (gt_tensor_index (x, NULL, &error), GT_DTYPE_FLOAT32, SHAPE (2, 3, 4),
         0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
         20, 21, 22, 23);
  g_assert_no_error (error);
}

static void
test_index_errors (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (GT_DTYPE_FLOAT32, 2, 3, 4);
  g_autoptr(GtTensor) two = IDX (2);
  g_autoptr(GtTensor) m4 = IDX (-4);
  g_autoptr(GtTensor) z = IDX (0);
  g_autoptr(GtTensor) a2 = IDX (0, 1);
  g_autoptr(GtTensor) a3 = IDX (0, 1, 2);
  g_autoptr(GtTensor) mask3 = VEC (GT_DTYPE_BOOL, 1, 0, 1);
  g_autoptr(GtTensor) i32 = VEC (GT_DTYPE_INT32, 0);
  g_autoptr(GPtrArray) l = NULL;

  l = list (1, two);
  g_assert_null (gt_tensor_index (x, l, &error));
  expect_message (error, "index 2 is out of bounds for dimension 0 with size 2");
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_index");
  g_clear_pointer (&l, g_ptr_array_unref);
  l = list (2, NULL, m4);
  g_assert_null (gt_tensor_index (x, l, &error));
  expect_message (error, "index -4 is out of bounds for dimension 1 with size 3");
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_index");
  g_clear_pointer (&l, g_ptr_array_unref);
  l = list (4, z, z, z, z);
  EXPECT_ERROR (gt_tensor_index (x, l, &error), GT_ERROR_INDEX, "gt_tensor_index");
  g_clear_pointer (&l, g_ptr_array_unref);
  l = list (2, a2, a3);
  g_assert_null (gt_tensor_index (x, l, &error));
  expect_message (error, "could not be broadcast together with shapes [2], [3]");
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_index");
  g_clear_pointer (&l, g_ptr_array_unref);
  l = list (1, mask3);
  EXPECT_ERROR (gt_tensor_index (x, l, &error), GT_ERROR_INDEX, "gt_tensor_index");
  g_clear_pointer (&l, g_ptr_array_unref);
  l = list (1, i32);
  EXPECT_ERROR (gt_tensor_index (x, l, &error), GT_ERROR_DTYPE, "gt_tensor_index");
  g_clear_pointer (&l, g_ptr_array_unref);
  l = list (1, x);
  EXPECT_ERROR (gt_tensor_index (x, l, &error), GT_ERROR_DTYPE, "gt_tensor_index");
  g_clear_pointer (&l, g_ptr_array_unref);
  /* two tensors of several dims: the result would exceed 8 dims */
  {
    g_autoptr(GtTensor) y = AR (GT_DTYPE_FLOAT32, 2, 1, 1, 1, 1, 1, 1, 2);
    g_autoptr(GtTensor) deep = gt_zeros (SHAPE (1, 1, 1, 1, 1, 1, 1, 1), 8,
                                         GT_DTYPE_INT64, NULL, NULL);

    l = list (8, deep, NULL, NULL, NULL, NULL, NULL, NULL, deep);
    EXPECT_ERROR (gt_tensor_index (y, l, &error), GT_ERROR_SHAPE, "gt_tensor_index");
    g_clear_pointer (&l, g_ptr_array_unref);
  }
}

static void
test_index_put (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) z = gt_zeros (SHAPE (3), 1, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) i = IDX (0, 0, 2);
  g_autoptr(GtTensor) v = VEC (GT_DTYPE_FLOAT32, 1, 2, 3);
  g_autoptr(GPtrArray) l = list (1, i);

  /* accumulate: repeated indices add up */
  g_assert_true (gt_tensor_index_put_ (z, l, v, TRUE, &error));
  gt_test_assert_values (z, (const gdouble[]) { 3, 0, 3 }, 3, 0);
  /* out of place leaves self alone */
  CHECK (gt_tensor_index_put (z, l, v, TRUE, &error), GT_DTYPE_FLOAT32,
         SHAPE (3), 6, 0, 6);
  gt_test_assert_values (z, (const gdouble[]) { 3, 0, 3 }, 3, 0);
  g_clear_pointer (&l, g_ptr_array_unref);

  /* x[:, [1, 3]] = 5 on a transposed view writes the base */
  {
    g_autoptr(GtTensor) base = gt_zeros (SHAPE (4, 2), 2, GT_DTYPE_INT32, NULL, NULL);
    g_autoptr(GtTensor) view = gt_tensor_t (base, NULL);
    g_autoptr(GtTensor) cols = IDX (1, 3);
    g_autoptr(GtTensor) five = scalar0 (5, GT_DTYPE_INT32);
    g_autoptr(GtTensor) first = IDX (0);

    l = list (2, NULL, cols);
    g_assert_true (gt_tensor_index_put_ (view, l, five, FALSE, &error));
    gt_test_assert_values (base, (const gdouble[]) { 0, 0, 5, 5, 0, 0, 5, 5 }, 8, 0);
    g_clear_pointer (&l, g_ptr_array_unref);
    /* view[:, [0]] += 5 with explicit dims */
    l = list (1, first);
    g_assert_true (gt_tensor_index_put_dims_ (view, (const gint[]) { 1 }, 1, l,
                                              five, TRUE, &error));
    gt_test_assert_values (base, (const gdouble[]) { 5, 5, 5, 5, 0, 0, 5, 5 }, 8, 0);
    g_clear_pointer (&l, g_ptr_array_unref);
  }
  /* a mask with values in order, and a bool tensor that accumulates by or */
  {
    g_autoptr(GtTensor) x = gt_zeros (SHAPE (2, 2), 2, GT_DTYPE_INT64, NULL, NULL);
    g_autoptr(GtTensor) mask = MAT (GT_DTYPE_BOOL, 2, 2, 0, 1, 1, 0);
    g_autoptr(GtTensor) vals = VEC (GT_DTYPE_INT64, 7, 8);
    g_autoptr(GtTensor) b = gt_zeros (SHAPE (2), 1, GT_DTYPE_BOOL, NULL, NULL);
    g_autoptr(GtTensor) bi = IDX (1, 1);
    g_autoptr(GtTensor) bv = VEC (GT_DTYPE_BOOL, 1, 1);

    l = list (1, mask);
    g_assert_true (gt_tensor_index_put_ (x, l, vals, FALSE, &error));
    gt_test_assert_values (x, (const gdouble[]) { 0, 7, 8, 0 }, 4, 0);
    g_clear_pointer (&l, g_ptr_array_unref);
    l = list (1, bi);
    g_assert_true (gt_tensor_index_put_ (b, l, bv, TRUE, &error));
    gt_test_assert_values (b, (const gdouble[]) { 0, 1 }, 2, 0);
    g_clear_pointer (&l, g_ptr_array_unref);
  }
  g_assert_no_error (error);

  /* errors */
  {
    g_autoptr(GtTensor) bad = IDX (0, 3);
    g_autoptr(GtTensor) v64 = VEC (GT_DTYPE_FLOAT64, 1, 2);
    g_autoptr(GtTensor) v3 = VEC (GT_DTYPE_FLOAT32, 1, 2, 3);
    g_autoptr(GtTensor) v2 = VEC (GT_DTYPE_FLOAT32, 1, 2);

    l = list (1, bad);
    EXPECT_FAIL (gt_tensor_index_put_ (z, l, v2, FALSE, &error), GT_ERROR_INDEX,
                 "gt_tensor_index_put_");
    /* nothing was written before the bad index was found */
    gt_test_assert_values (z, (const gdouble[]) { 3, 0, 3 }, 3, 0);
    g_clear_pointer (&l, g_ptr_array_unref);
    l = list (1, i);
    g_assert_false (gt_tensor_index_put_ (z, l, v64, FALSE, &error));
    expect_message (error, "got float32 for the destination and float64 for the source");
    gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_index_put_");
    EXPECT_FAIL (gt_tensor_index_put_ (z, l, v2, FALSE, &error), GT_ERROR_SHAPE,
                 "gt_tensor_index_put_");
    EXPECT_ERROR (gt_tensor_index_put (z, l, v2, TRUE, &error), GT_ERROR_SHAPE,
                  "gt_tensor_index_put");
    EXPECT_FAIL (gt_tensor_index_put_ (z, l, NULL, TRUE, &error), GT_ERROR_VALUE,
                 "gt_tensor_index_put_");
    g_assert_true (gt_tensor_index_put_ (z, l, v3, FALSE, &error));
    g_clear_pointer (&l, g_ptr_array_unref);
  }
}

/* ---- one_hot ------------------------------------------------------------------------ */

static void
test_one_hot (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) i = IDX (0, 2);
  g_autoptr(GtTensor) s = scalar0 (1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) e = gt_test_arange_shaped (SHAPE (0), 1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) m = MAT (GT_DTYPE_INT64, 2, 2, 1, 0, 0, 1);
  g_autoptr(GtTensor) mt = gt_tensor_t (m, NULL);

  CHECK (gt_one_hot (i, -1, &error), GT_DTYPE_INT64, SHAPE (2, 3),
         1, 0, 0, 0, 0, 1);
  CHECK (gt_one_hot (i, 4, &error), GT_DTYPE_INT64, SHAPE (2, 4),
         1, 0, 0, 0, 0, 0, 1, 0);
  CHECK (gt_one_hot (s, 3, &error), GT_DTYPE_INT64, SHAPE (3), 0, 1, 0);
  CHECK (gt_one_hot (e, 3, &error), GT_DTYPE_INT64, SHAPE (0, 3), 0);
  CHECK (gt_one_hot (mt, -1, &error), GT_DTYPE_INT64, SHAPE (2, 2, 2),
         0, 1, 1, 0, 1, 0, 0, 1);
  g_assert_no_error (error);
  {
    g_autoptr(GtTensor) neg = IDX (-1, 2);
    g_autoptr(GtTensor) big = IDX (0, 5);
    g_autoptr(GtTensor) i32 = VEC (GT_DTYPE_INT32, 0);

    EXPECT_ERROR (gt_one_hot (neg, -1, &error), GT_ERROR_INDEX, "gt_one_hot");
    g_assert_null (gt_one_hot (big, 3, &error));
    expect_message (error, "smaller than num_classes (3)");
    gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_one_hot");
    EXPECT_ERROR (gt_one_hot (i, 0, &error), GT_ERROR_INDEX, "gt_one_hot");
    EXPECT_ERROR (gt_one_hot (i32, -1, &error), GT_ERROR_DTYPE, "gt_one_hot");
    EXPECT_ERROR (gt_one_hot (e, -1, &error), GT_ERROR_VALUE, "gt_one_hot");
    EXPECT_ERROR (gt_one_hot (NULL, -1, &error), GT_ERROR_VALUE, "gt_one_hot");
  }
}

/* ---- above the grain size: several threads --------------------------------------------- */

static void
test_large (void)
{
  GError *error = NULL;
  const gint64 n = 200000;
  g_autoptr(GtTensor) x = gt_arange (0, (gdouble) n, 1, GT_DTYPE_INT64, NULL, NULL);
  g_autoptr(GtTensor) odd = NULL;
  g_autoptr(GtTensor) mask = NULL;
  g_autoptr(GtTensor) sel = NULL;
  g_autoptr(GtTensor) nz = NULL;
  g_autoptr(GtTensor) rev = NULL;
  g_autoptr(GtTensor) idx = NULL;
  g_autoptr(GtTensor) taken = NULL;
  g_autofree gint64 *v = NULL;
  gsize len = 0;

  /* the mask is every third element */
  mask = gt_zeros (&n, 1, GT_DTYPE_BOOL, NULL, NULL);
  odd = gt_tensor_slice (mask, 0, 0, G_MAXINT64, 3, &error);
  g_assert_true (gt_tensor_fill_ (odd, 1, &error));
  sel = gt_tensor_masked_select (x, mask, &error);
  g_assert_no_error (error);
  v = gt_tensor_to_int64s (sel, &len, &error);
  g_assert_cmpuint (len, ==, (gsize) ((n + 2) / 3));
  for (gsize k = 0; k < len; k++)
    if (v[k] != (gint64) (3 * k))
      g_error ("masked_select element %" G_GSIZE_FORMAT ": %" G_GINT64_FORMAT,
               k, v[k]);
  g_clear_pointer (&v, g_free);

  /* nonzero of a 2-D view, in row-major order */
  {
    g_autoptr(GtTensor) m2 = gt_tensor_view (mask, SHAPE (400, 500), 2, &error);
    g_autoptr(GtTensor) m2t = gt_tensor_t (m2, &error);

    nz = gt_tensor_nonzero (m2t, &error);
    g_assert_no_error (error);
    v = gt_tensor_to_int64s (nz, &len, &error);
    g_assert_cmpuint (len, ==, 2 * (gsize) ((n + 2) / 3));
    for (gsize k = 1; k < len / 2; k++)
      {
        gint64 a = v[2 * (k - 1)] * 400 + v[2 * (k - 1) + 1];
        gint64 b = v[2 * k] * 400 + v[2 * k + 1];

        g_assert_cmpint (a, <, b);
        /* m2t[r][c] = mask[c * 500 + r] */
        g_assert_cmpint ((v[2 * k + 1] * 500 + v[2 * k]) % 3, ==, 0);
      }
    g_clear_pointer (&v, g_free);
  }

  /* gather of the reversed positions, and take with a bad index at the end */
  idx = gt_tensor_flip (x, (const gint[]) { 0 }, 1, &error);
  rev = gt_tensor_index_select (x, 0, idx, &error);
  g_assert_no_error (error);
  v = gt_tensor_to_int64s (rev, &len, &error);
  g_assert_cmpint (v[0], ==, n - 1);
  g_assert_cmpint (v[n - 1], ==, 0);
  g_assert_cmpint (v[12345], ==, n - 1 - 12345);
  g_clear_pointer (&v, g_free);
  *((gint64 *) gt_tensor_data (idx) + n - 3) = n;
  taken = gt_tensor_take (x, idx, &error);
  g_assert_null (taken);
  expect_message (error, "index 200000 is out of bounds");
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ops/index/index-select", test_index_select);
  g_test_add_func ("/ops/index/gather", test_gather);
  g_test_add_func ("/ops/index/take", test_take);
  g_test_add_func ("/ops/index/scatter", test_scatter);
  g_test_add_func ("/ops/index/scatter-add", test_scatter_add);
  g_test_add_func ("/ops/index/scatter-errors", test_scatter_errors);
  g_test_add_func ("/ops/index/masked-fill", test_masked_fill);
  g_test_add_func ("/ops/index/masked-select-nonzero", test_masked_select_nonzero);
  g_test_add_func ("/ops/index/index", test_index);
  g_test_add_func ("/ops/index/index-errors", test_index_errors);
  g_test_add_func ("/ops/index/index-put", test_index_put);
  g_test_add_func ("/ops/index/one-hot", test_one_hot);
  g_test_add_func ("/ops/index/large", test_large);

  return g_test_run ();
}
