/* The sorting family: sort (ascending, descending, stable), argsort and
 * topk, with values and positions worked out by hand, torch's order for
 * NaN, infinities and signed zeros, every dtype's keys, the radix, heap
 * and selection paths on long slices, transposed and 0-d inputs, and
 * every error they report. */

#include "gt-test-expect.h"

#define IDX(t, ...)                                                           \
  G_STMT_START {                                                              \
    const gint64 want_[] = { __VA_ARGS__ };                                   \
    gt_test_assert_int64s ((t), want_, G_N_ELEMENTS (want_));                 \
  } G_STMT_END

#define VALS(t, ...)                                                          \
  G_STMT_START {                                                              \
    const gdouble want_[] = { __VA_ARGS__ };                                  \
    gt_test_assert_values ((t), want_, G_N_ELEMENTS (want_), 0);              \
  } G_STMT_END

/* Sorts @t along @dim; checks no error, the dtypes, and returns values and
 * indices (owned by the caller). */
static GtTensor *
sort (GtTensor  *t,
      gint       dim,
      gboolean   descending,
      gboolean   stable,
      GtTensor **indices)
{
  g_autoptr(GError) error = NULL;
  GtTensor *values = gt_tensor_sort (t, dim, descending, stable, indices, &error);

  g_assert_no_error (error);
  g_assert_nonnull (values);
  g_assert_cmpint (gt_tensor_get_dtype (values), ==, gt_tensor_get_dtype (t));
  g_assert_cmpint (gt_tensor_get_dtype (*indices), ==, GT_DTYPE_INT64);
  return values;
}

static void
test_sort_values (void)
{
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 3, 1, 2);
  g_autoptr(GtTensor) i = NULL;
  g_autoptr(GtTensor) v = sort (a, 0, FALSE, FALSE, &i);
  g_autoptr(GtTensor) i2 = NULL;
  g_autoptr(GtTensor) v2 = sort (a, -1, TRUE, FALSE, &i2);

  VALS (v, 1, 2, 3);
  IDX (i, 1, 2, 0);
  VALS (v2, 3, 2, 1);
  IDX (i2, 0, 2, 1);
}

static void
test_sort_stable (void)
{
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_INT32, 1, 0, 1, 0, -5);
  g_autoptr(GtTensor) i = NULL, i2 = NULL;
  g_autoptr(GtTensor) v = sort (a, 0, FALSE, TRUE, &i);
  g_autoptr(GtTensor) v2 = sort (a, 0, TRUE, TRUE, &i2);

  VALS (v, -5, 0, 0, 1, 1);
  IDX (i, 4, 1, 3, 0, 2);
  /* descending keeps equal elements in their order too */
  VALS (v2, 1, 1, 0, 0, -5);
  IDX (i2, 0, 2, 1, 3, 4);
}

static void
test_sort_special_floats (void)
{
  GtDType dtypes[] = { GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64, GT_DTYPE_FLOAT16,
                       GT_DTYPE_BFLOAT16 };

  for (guint d = 0; d < G_N_ELEMENTS (dtypes); d++)
    {
      g_autoptr(GtTensor) a = VEC (dtypes[d], 1, NAN, -INFINITY, INFINITY, 0, -1);
      g_autoptr(GtTensor) i = NULL, i2 = NULL;
      g_autoptr(GtTensor) v = sort (a, 0, FALSE, TRUE, &i);
      g_autoptr(GtTensor) v2 = sort (a, 0, TRUE, TRUE, &i2);

      /* NaN above +inf: last ascending, first descending */
      VALS (v, -INFINITY, -1, 0, 1, INFINITY, NAN);
      IDX (i, 2, 5, 4, 0, 3, 1);
      VALS (v2, NAN, INFINITY, 1, 0, -1, -INFINITY);
      IDX (i2, 1, 3, 0, 4, 5, 2);
    }
}

static void
test_sort_signed_zero (void)
{
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT64, 0.0, -0.0, 0.0, -0.0, -NAN);
  g_autoptr(GtTensor) i = NULL;
  g_autoptr(GtTensor) v = sort (a, 0, FALSE, TRUE, &i);
  gsize n_out = 0;
  g_autofree gdouble *d = gt_tensor_to_doubles (v, &n_out, NULL);

  /* -0 == +0: a stable sort keeps their order and their signs */
  IDX (i, 0, 1, 2, 3, 4);
  g_assert_false (signbit (d[0]));
  g_assert_true (signbit (d[1]));
  g_assert_false (signbit (d[2]));
  g_assert_true (signbit (d[3]));
  g_assert_true (isnan (d[4]));
}

static void
test_sort_dims (void)
{
  static const gdouble m[] = { 3, 1, 2,
                               0, 5, 4 };
  static const gint64 s23[] = { 2, 3 };
  g_autoptr(GtTensor) a = gt_test_new (m, 6, s23, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) t = gt_test_transpose (a);          /* [3, 2] */
  g_autoptr(GtTensor) i0 = NULL, i1 = NULL, it = NULL;
  g_autoptr(GtTensor) v0 = sort (a, 0, FALSE, FALSE, &i0);
  g_autoptr(GtTensor) v1 = sort (a, -1, FALSE, FALSE, &i1);
  g_autoptr(GtTensor) vt = sort (t, 0, TRUE, FALSE, &it);

  gt_test_assert_shape (v0, s23, 2);
  gt_test_assert_shape (i0, s23, 2);
  VALS (v0, 0, 1, 2, 3, 5, 4);
  IDX (i0, 1, 0, 0, 0, 1, 1);
  VALS (v1, 1, 2, 3, 0, 4, 5);
  IDX (i1, 1, 2, 0, 0, 2, 1);
  /* t = [[3, 0], [1, 5], [2, 4]] sorted down its columns, descending */
  VALS (vt, 3, 5, 2, 4, 1, 0);
  IDX (it, 0, 1, 2, 2, 1, 0);
}

/* A long slice of @dtype in reverse order with repeats: the radix path. */
static void
check_long_sort (GtDType dtype,
                 gdouble lo,
                 gdouble step)
{
  g_autoptr(GError) error = NULL;
  const gint64 n = 5000;
  g_autofree gdouble *d = g_new (gdouble, n);
  g_autoptr(GtTensor) x = NULL, i = NULL, v = NULL;
  g_autofree gdouble *vals = NULL;
  g_autofree gdouble *src = NULL;
  g_autofree gint64 *idx = NULL;
  gsize n_out = 0;

  for (gint64 k = 0; k < n; k++)
    d[k] = lo + step * (gdouble) ((n - 1 - k) / 3);
  x = gt_test_new_1d (d, n, dtype);
  src = gt_tensor_to_doubles (x, &n_out, NULL);       /* as stored in @dtype */
  v = gt_tensor_sort (x, 0, FALSE, TRUE, &i, &error);
  g_assert_no_error (error);
  vals = gt_tensor_to_doubles (v, &n_out, NULL);
  idx = gt_tensor_to_int64s (i, &n_out, NULL);
  for (gint64 k = 0; k < n; k++)
    {
      g_assert_cmpfloat (vals[k], ==, src[idx[k]]);
      if (k > 0)
        {
          g_assert_cmpfloat (vals[k - 1], <=, vals[k]);
          /* stable: equal values keep increasing positions */
          if (vals[k - 1] == vals[k])
            g_assert_cmpint (idx[k - 1], <, idx[k]);
        }
    }
}

static void
test_sort_long (void)
{
  check_long_sort (GT_DTYPE_FLOAT32, -1000.5, 0.75);
  check_long_sort (GT_DTYPE_FLOAT64, -1e300, 1e297);
  check_long_sort (GT_DTYPE_INT64, -G_GINT64_CONSTANT (4000000000000), 1e9);
  check_long_sort (GT_DTYPE_INT32, -3000, 1);
  check_long_sort (GT_DTYPE_INT16, -3000, 1);
  check_long_sort (GT_DTYPE_INT8, -128, 0.1);
  check_long_sort (GT_DTYPE_UINT8, 0, 0.1);
  check_long_sort (GT_DTYPE_BFLOAT16, -8, 0.5);
}

static void
test_sort_large_threads (void)
{
  g_autoptr(GError) error = NULL;
  const gint64 shape[2] = { 64, 1500 };
  const gint64 n = shape[0] * shape[1];
  g_autofree gdouble *d = g_new (gdouble, n);
  g_autoptr(GtTensor) x = NULL, i = NULL, v = NULL;
  g_autofree gdouble *vals = NULL;
  gsize n_out = 0;

  for (gint64 k = 0; k < n; k++)
    d[k] = sin ((gdouble) k);
  x = gt_test_new (d, n, shape, 2, GT_DTYPE_FLOAT32);
  v = gt_tensor_sort (x, 1, TRUE, FALSE, &i, &error);
  g_assert_no_error (error);
  vals = gt_tensor_to_doubles (v, &n_out, NULL);
  for (gint64 r = 0; r < shape[0]; r++)
    for (gint64 c = 1; c < shape[1]; c++)
      g_assert_cmpfloat (vals[r * shape[1] + c - 1], >=, vals[r * shape[1] + c]);
}

static void
test_argsort (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_UINT8, 9, 200, 0, 9);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_BOOL, 1, 0, 1, 0);
  g_autoptr(GtTensor) i = gt_tensor_argsort (a, 0, FALSE, TRUE, &error);
  g_autoptr(GtTensor) j = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_get_dtype (i), ==, GT_DTYPE_INT64);
  IDX (i, 2, 0, 3, 1);
  j = gt_tensor_argsort (b, -1, TRUE, TRUE, &error);
  g_assert_no_error (error);
  IDX (j, 0, 2, 1, 3);
}

static void
test_sort_0d_empty (void)
{
  g_autoptr(GError) error = NULL;
  const gdouble seven = 7;
  g_autoptr(GtTensor) z = gt_test_new (&seven, 1, NULL, 0, GT_DTYPE_INT64);
  static const gint64 s03[] = { 0, 3 };
  g_autoptr(GtTensor) e = gt_test_new (NULL, 0, s03, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) i = NULL, ie = NULL;
  g_autoptr(GtTensor) v = sort (z, -1, FALSE, FALSE, &i);
  g_autoptr(GtTensor) ve = sort (e, 0, FALSE, FALSE, &ie);

  gt_test_assert_shape (v, NULL, 0);
  gt_test_assert_shape (i, NULL, 0);
  VALS (v, 7);
  IDX (i, 0);
  gt_test_assert_shape (ve, s03, 2);
  gt_test_assert_shape (ie, s03, 2);
}

static void
test_sort_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 1, 2);
  GtTensor *i = NULL;

  g_assert_null (gt_tensor_sort (a, 1, FALSE, FALSE, &i, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_sort");
  g_assert_null (i);
  g_assert_null (gt_tensor_sort (a, -2, FALSE, FALSE, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_sort");
  g_assert_null (gt_tensor_argsort (a, 1, FALSE, FALSE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_argsort");
}

/* ---- topk ---------------------------------------------------------------- */

static GtTensor *
topk (GtTensor  *t,
      gint64     k,
      gint       dim,
      gboolean   largest,
      GtTensor **indices)
{
  g_autoptr(GError) error = NULL;
  GtTensor *values = gt_tensor_topk (t, k, dim, largest, TRUE, indices, &error);

  g_assert_no_error (error);
  g_assert_nonnull (values);
  return values;
}

static void
test_topk_values (void)
{
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 1, 5, 2, 4, 3);
  g_autoptr(GtTensor) i = NULL, i2 = NULL, i0 = NULL, in = NULL;
  g_autoptr(GtTensor) v = topk (a, 3, 0, TRUE, &i);
  g_autoptr(GtTensor) v2 = topk (a, 3, -1, FALSE, &i2);
  g_autoptr(GtTensor) v0 = topk (a, 0, 0, TRUE, &i0);
  g_autoptr(GtTensor) vn = topk (a, 5, 0, FALSE, &in);
  const gint64 zero = 0;

  VALS (v, 5, 4, 3);
  IDX (i, 1, 3, 4);
  VALS (v2, 1, 2, 3);
  IDX (i2, 0, 2, 4);
  gt_test_assert_shape (v0, &zero, 1);
  gt_test_assert_shape (i0, &zero, 1);
  VALS (vn, 1, 2, 3, 4, 5);
  IDX (in, 0, 2, 4, 3, 1);
}

static void
test_topk_nan_ties (void)
{
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT64, 3, NAN, 1, 3, NAN, -1);
  g_autoptr(GtTensor) i = NULL, i2 = NULL;
  g_autoptr(GtTensor) v = topk (a, 4, 0, TRUE, &i);
  g_autoptr(GtTensor) v2 = topk (a, 3, 0, FALSE, &i2);

  /* NaN counts as the largest; among equals the first positions */
  VALS (v, NAN, NAN, 3, 3);
  IDX (i, 1, 4, 0, 3);
  VALS (v2, -1, 1, 3);
  IDX (i2, 5, 2, 0);
}

static void
test_topk_dims_and_heap (void)
{
  g_autoptr(GError) error = NULL;
  const gint64 shape[2] = { 2000, 3 };
  const gint64 n = shape[0] * shape[1];
  g_autofree gdouble *d = g_new (gdouble, n);
  g_autoptr(GtTensor) x = NULL, i = NULL, v = NULL;
  static const gint64 s23[] = { 2, 3 };

  /* column c holds k * (c + 1) at row k: the largest sit at the end */
  for (gint64 k = 0; k < shape[0]; k++)
    for (gint64 c = 0; c < shape[1]; c++)
      d[k * shape[1] + c] = (gdouble) (k * (c + 1));
  x = gt_test_new (d, n, shape, 2, GT_DTYPE_INT32);
  v = gt_tensor_topk (x, 2, 0, TRUE, FALSE, &i, &error);     /* the heap */
  g_assert_no_error (error);
  gt_test_assert_shape (v, s23, 2);
  VALS (v, 1999, 3998, 5997, 1998, 3996, 5994);
  IDX (i, 1999, 1999, 1999, 1998, 1998, 1998);
  g_clear_object (&v);
  g_clear_object (&i);
  v = gt_tensor_topk (x, 1500, 0, FALSE, TRUE, &i, &error);  /* selection */
  g_assert_no_error (error);
  {
    gsize n_out = 0;
    g_autofree gint64 *idx = gt_tensor_to_int64s (i, &n_out, NULL);

    for (gint64 k = 0; k < 1500; k++)
      for (gint64 c = 0; c < 3; c++)
        g_assert_cmpint (idx[k * 3 + c], ==, k);
  }
}

static void
test_topk_0d (void)
{
  g_autoptr(GError) error = NULL;
  const gdouble two = 2.5;
  g_autoptr(GtTensor) z = gt_test_new (&two, 1, NULL, 0, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) i = NULL;
  g_autoptr(GtTensor) v = topk (z, 1, -1, TRUE, &i);
  g_autoptr(GtTensor) i0 = NULL;
  g_autoptr(GtTensor) v0 = topk (z, 0, 0, TRUE, &i0);

  /* as torch: a 0-d tensor is its own top element, even for k = 0 */
  gt_test_assert_shape (v, NULL, 0);
  VALS (v, 2.5);
  IDX (i, 0);
  VALS (v0, 2.5);
  g_assert_null (gt_tensor_topk (z, 2, 0, TRUE, TRUE, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_topk");
}

static void
test_topk_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 1, 2, 3);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_BOOL, 1, 0);
  g_autoptr(GtTensor) h = VEC (GT_DTYPE_FLOAT16, 1, 0);
  GtTensor *i = NULL;

  g_assert_null (gt_tensor_topk (a, 4, 0, TRUE, TRUE, &i, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_topk");
  g_assert_null (i);
  g_assert_null (gt_tensor_topk (a, -1, 0, TRUE, TRUE, &i, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_topk");
  g_assert_null (gt_tensor_topk (a, 1, 1, TRUE, TRUE, &i, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_topk");
  g_assert_null (gt_tensor_topk (b, 1, 0, TRUE, TRUE, &i, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_topk");
  g_assert_null (gt_tensor_topk (h, 1, 0, TRUE, TRUE, &i, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_topk");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ops/sort/values", test_sort_values);
  g_test_add_func ("/ops/sort/stable", test_sort_stable);
  g_test_add_func ("/ops/sort/special-floats", test_sort_special_floats);
  g_test_add_func ("/ops/sort/signed-zero", test_sort_signed_zero);
  g_test_add_func ("/ops/sort/dims", test_sort_dims);
  g_test_add_func ("/ops/sort/long", test_sort_long);
  g_test_add_func ("/ops/sort/large-threads", test_sort_large_threads);
  g_test_add_func ("/ops/sort/argsort", test_argsort);
  g_test_add_func ("/ops/sort/0d-empty", test_sort_0d_empty);
  g_test_add_func ("/ops/sort/errors", test_sort_errors);
  g_test_add_func ("/ops/topk/values", test_topk_values);
  g_test_add_func ("/ops/topk/nan-ties", test_topk_nan_ties);
  g_test_add_func ("/ops/topk/dims-and-heap", test_topk_dims_and_heap);
  g_test_add_func ("/ops/topk/0d", test_topk_0d);
  g_test_add_func ("/ops/topk/errors", test_topk_errors);

  return g_test_run ();
}
