/* The reduction family: sum, mean, prod, var, std, amax, amin, all, any,
 * logsumexp, norm, max/min (whole and along a dim, with indices),
 * argmax/argmin and cumsum, with values worked out by hand, torch's dtype
 * rules, every error they report, and inputs that are transposed,
 * expanded, empty or 0-d; large inputs check the threaded paths against a
 * plain loop. The program runs twice under meson, once with
 * GT_CPU_CAPABILITY=default so that the baseline (non-AVX2) loops are
 * checked too. */

#include "gt-test-expect.h"

static const gint64 s23[] = { 2, 3 };

/* ---- helpers ------------------------------------------------------------- */

/* [[1, 2, 3], [4, 5, 6]] */
static GtTensor *
m23 (GtDType dtype)
{
  static const gdouble v[] = { 1, 2, 3, 4, 5, 6 };

  return gt_test_new (v, 6, s23, 2, dtype);
}

static const gint dim0[] = { 0 };
static const gint dim1[] = { 1 };
static const gint dimm1[] = { -1 };
static const gint dims01[] = { 0, 1 };

/* ---- sum ----------------------------------------------------------------- */

static void
test_sum_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = m23 (GT_DTYPE_FLOAT32);
  static const gint64 s21[] = { 2, 1 };
  static const gint64 s11[] = { 1, 1 };

  EXPECT0 (gt_tensor_sum (a, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 21);
  EXPECT1 (gt_tensor_sum (a, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT32, 0, 5, 7, 9);
  EXPECT1 (gt_tensor_sum (a, dim1, 1, FALSE, &error), GT_DTYPE_FLOAT32, 0, 6, 15);
  EXPECTN (gt_tensor_sum (a, dimm1, 1, TRUE, &error), GT_DTYPE_FLOAT32, 0, s21, 6, 15);
  EXPECT0 (gt_tensor_sum (a, dims01, 2, FALSE, &error), GT_DTYPE_FLOAT32, 0, 21);
  EXPECTN (gt_tensor_sum (a, NULL, 0, TRUE, &error), GT_DTYPE_FLOAT32, 0, s11, 21);
}

static void
test_sum_dtypes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) i32 = m23 (GT_DTYPE_INT32);
  g_autoptr(GtTensor) f64 = m23 (GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_BOOL, 1, 0, 1, 1);
  g_autoptr(GtTensor) u8 = VEC (GT_DTYPE_UINT8, 200, 200, 100);
  g_autoptr(GtTensor) h = VEC (GT_DTYPE_FLOAT16, 0.5, 0.25, 2);
  g_autoptr(GtTensor) big = NULL;
  static const gint64 wrap_in[] = { G_GINT64_CONSTANT (1) << 62,
                                    G_GINT64_CONSTANT (1) << 62,
                                    G_GINT64_CONSTANT (1) << 62 };
  static const gint64 wrap_want = -(G_GINT64_CONSTANT (1) << 62);
  const gint64 s3 = 3;
  g_autoptr(GtTensor) r = NULL;

  /* Integers and bools sum into int64; floats keep their dtype. */
  EXPECT1 (gt_tensor_sum (i32, dim0, 1, FALSE, &error), GT_DTYPE_INT64, 0, 5, 7, 9);
  EXPECT1 (gt_tensor_sum (f64, dim1, 1, FALSE, &error), GT_DTYPE_FLOAT64, 0, 6, 15);
  EXPECT0 (gt_tensor_sum (b, NULL, 0, FALSE, &error), GT_DTYPE_INT64, 0, 3);
  EXPECT0 (gt_tensor_sum (u8, NULL, 0, FALSE, &error), GT_DTYPE_INT64, 0, 500);
  EXPECT0 (gt_tensor_sum (h, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT16, 0, 2.75);

  /* int64 sums wrap as in torch */
  big = gt_tensor_new_from_int64s (wrap_in, 3, &s3, 1, GT_DTYPE_INT64, NULL, &error);
  g_assert_no_error (error);
  r = gt_tensor_sum (big, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  gt_test_assert_int64s (r, &wrap_want, 1);
}

static void
test_sum_views (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = m23 (GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) t = gt_test_transpose (a);           /* [3, 2] */
  g_autoptr(GtTensor) row = VEC (GT_DTYPE_INT64, 1, 2, 3);
  g_autoptr(GtTensor) ex = NULL;
  static const gint64 ex_sizes[] = { 4, 3 }, ex_strides[] = { 0, 1 };

  EXPECT1 (gt_tensor_sum (t, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT32, 0, 6, 15);
  EXPECT1 (gt_tensor_sum (t, dim1, 1, FALSE, &error), GT_DTYPE_FLOAT32, 0, 5, 7, 9);
  EXPECT0 (gt_tensor_sum (t, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 21);

  /* an expanded input: the same row four times */
  ex = gt_test_view (row, 2, ex_sizes, ex_strides, 0);
  EXPECT1 (gt_tensor_sum (ex, dim0, 1, FALSE, &error), GT_DTYPE_INT64, 0, 4, 8, 12);
  EXPECT1 (gt_tensor_sum (ex, dim1, 1, FALSE, &error), GT_DTYPE_INT64, 0, 6, 6, 6, 6);
  EXPECT0 (gt_tensor_sum (ex, NULL, 0, FALSE, &error), GT_DTYPE_INT64, 0, 24);
}

static void
test_sum_empty_and_0d (void)
{
  g_autoptr(GError) error = NULL;
  static const gint64 s03[] = { 0, 3 };
  g_autoptr(GtTensor) e = gt_test_new (NULL, 0, s03, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) z = scalar0 (3, GT_DTYPE_FLOAT32);
  static const gint64 s0[] = { 0 };
  static const gint zz[] = { 0, -1 };

  EXPECT0 (gt_tensor_sum (e, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 0);
  EXPECT1 (gt_tensor_sum (e, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT32, 0, 0, 0, 0);
  expect (gt_tensor_sum (e, dim1, 1, FALSE, &error), &error, GT_DTYPE_FLOAT32,
          s0, 1, NULL, 0);
  EXPECT1 (gt_tensor_prod (e, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT32, 0, 1, 1, 1);
  EXPECT1 (gt_tensor_mean (e, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT32, 0, NAN, NAN, NAN);
  EXPECT0 (gt_tensor_var (e, NULL, 0, 1.0, FALSE, &error), GT_DTYPE_FLOAT32, 0, NAN);
  EXPECT1 (gt_tensor_all (e, dim0, 1, FALSE, &error), GT_DTYPE_BOOL, 0, 1, 1, 1);
  EXPECT0 (gt_tensor_any (e, NULL, 0, FALSE, &error), GT_DTYPE_BOOL, 0, 0);
  EXPECT1 (gt_tensor_logsumexp (e, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT32, 0,
           -INFINITY, -INFINITY, -INFINITY);
  EXPECT0 (gt_tensor_norm (e, 2.0, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 0);

  /* a 0-d tensor takes dim 0 and -1, once */
  EXPECT0 (gt_tensor_sum (z, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT32, 0, 3);
  EXPECT0 (gt_tensor_sum (z, dimm1, 1, TRUE, &error), GT_DTYPE_FLOAT32, 0, 3);
  EXPECT0 (gt_tensor_sum (z, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 3);
  EXPECT_ERROR (gt_tensor_sum (z, dim1, 1, FALSE, &error), GT_ERROR_INDEX,
                "gt_tensor_sum");
  EXPECT_ERROR (gt_tensor_sum (z, zz, 2, FALSE, &error), GT_ERROR_VALUE,
                "gt_tensor_sum");
}

static void
test_sum_accuracy (void)
{
  g_autoptr(GError) error = NULL;
  const gint64 n = 10000000;
  g_autoptr(GtTensor) x = gt_full (&n, 1, 0.1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) s = NULL;
  g_autoptr(GtTensor) m = NULL;
  gdouble exact = (gdouble) n * (gdouble) 0.1f;

  g_assert_no_error (error);
  s = gt_tensor_sum (x, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (gt_tensor_item (s, NULL) - exact) / exact, <=, 1e-6);
  m = gt_tensor_mean (x, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (gt_tensor_item (m, NULL) - 0.1f) / 0.1, <=, 1e-6);
}

static void
test_dim_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = m23 (GT_DTYPE_FLOAT32);
  static const gint d2[] = { 2 }, dm3[] = { -3 }, dup[] = { 1, -1 };

  EXPECT_ERROR (gt_tensor_sum (a, d2, 1, FALSE, &error), GT_ERROR_INDEX, "gt_tensor_sum");
  EXPECT_ERROR (gt_tensor_mean (a, dm3, 1, FALSE, &error), GT_ERROR_INDEX, "gt_tensor_mean");
  EXPECT_ERROR (gt_tensor_prod (a, dup, 2, FALSE, &error), GT_ERROR_VALUE, "gt_tensor_prod");
  EXPECT_ERROR (gt_tensor_var (a, dup, 2, 1.0, FALSE, &error), GT_ERROR_VALUE, "gt_tensor_var");
  EXPECT_ERROR (gt_tensor_std (a, d2, 1, 1.0, FALSE, &error), GT_ERROR_INDEX, "gt_tensor_std");
  EXPECT_ERROR (gt_tensor_amax (a, dup, 2, FALSE, &error), GT_ERROR_VALUE, "gt_tensor_amax");
  EXPECT_ERROR (gt_tensor_amin (a, d2, 1, FALSE, &error), GT_ERROR_INDEX, "gt_tensor_amin");
  EXPECT_ERROR (gt_tensor_all (a, d2, 1, FALSE, &error), GT_ERROR_INDEX, "gt_tensor_all");
  EXPECT_ERROR (gt_tensor_any (a, dup, 2, FALSE, &error), GT_ERROR_VALUE, "gt_tensor_any");
  EXPECT_ERROR (gt_tensor_logsumexp (a, d2, 1, FALSE, &error), GT_ERROR_INDEX,
                "gt_tensor_logsumexp");
  EXPECT_ERROR (gt_tensor_norm (a, 2.0, dup, 2, FALSE, &error), GT_ERROR_VALUE,
                "gt_tensor_norm");
  EXPECT_ERROR (gt_tensor_max_dim (a, 2, FALSE, NULL, &error), GT_ERROR_INDEX,
                "gt_tensor_max_dim");
  EXPECT_ERROR (gt_tensor_min_dim (a, -3, FALSE, NULL, &error), GT_ERROR_INDEX,
                "gt_tensor_min_dim");
  EXPECT_ERROR (gt_tensor_argmax_dim (a, 2, FALSE, &error), GT_ERROR_INDEX,
                "gt_tensor_argmax_dim");
  EXPECT_ERROR (gt_tensor_argmin_dim (a, -3, FALSE, &error), GT_ERROR_INDEX,
                "gt_tensor_argmin_dim");
  EXPECT_ERROR (gt_tensor_cumsum (a, 2, &error), GT_ERROR_INDEX, "gt_tensor_cumsum");
}

static void
test_dtype_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) i = m23 (GT_DTYPE_INT64);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_BOOL, 1, 0);
  g_autoptr(GtTensor) h = VEC (GT_DTYPE_FLOAT16, 1, 2);
  g_autoptr(GtTensor) bf = VEC (GT_DTYPE_BFLOAT16, 1, 2);

  EXPECT_ERROR (gt_tensor_mean (i, NULL, 0, FALSE, &error), GT_ERROR_DTYPE, "gt_tensor_mean");
  EXPECT_ERROR (gt_tensor_mean (b, NULL, 0, FALSE, &error), GT_ERROR_DTYPE, "gt_tensor_mean");
  EXPECT_ERROR (gt_tensor_var (i, NULL, 0, 1.0, FALSE, &error), GT_ERROR_DTYPE, "gt_tensor_var");
  EXPECT_ERROR (gt_tensor_std (b, NULL, 0, 0.0, FALSE, &error), GT_ERROR_DTYPE, "gt_tensor_std");
  EXPECT_ERROR (gt_tensor_norm (i, 2.0, NULL, 0, FALSE, &error), GT_ERROR_DTYPE,
                "gt_tensor_norm");
  EXPECT_ERROR (gt_tensor_prod (h, NULL, 0, FALSE, &error), GT_ERROR_DTYPE, "gt_tensor_prod");
  EXPECT_ERROR (gt_tensor_prod (bf, NULL, 0, FALSE, &error), GT_ERROR_DTYPE, "gt_tensor_prod");
  EXPECT_ERROR (gt_tensor_logsumexp (h, NULL, 0, FALSE, &error), GT_ERROR_DTYPE,
                "gt_tensor_logsumexp");
  EXPECT_ERROR (gt_tensor_cumsum (h, 0, &error), GT_ERROR_DTYPE, "gt_tensor_cumsum");
  EXPECT_ERROR (gt_tensor_argmax (b, FALSE, &error), GT_ERROR_DTYPE, "gt_tensor_argmax");
  EXPECT_ERROR (gt_tensor_argmin (b, FALSE, &error), GT_ERROR_DTYPE, "gt_tensor_argmin");
  EXPECT_ERROR (gt_tensor_argmax_dim (b, 0, FALSE, &error), GT_ERROR_DTYPE,
                "gt_tensor_argmax_dim");
  EXPECT_ERROR (gt_tensor_argmin_dim (b, 0, FALSE, &error), GT_ERROR_DTYPE,
                "gt_tensor_argmin_dim");
}

/* ---- mean, prod, var, std -------------------------------------------------- */

static void
test_mean_prod (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = m23 (GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) i = m23 (GT_DTYPE_INT32);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_BOOL, 1, 1, 0);

  EXPECT0 (gt_tensor_mean (a, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT64, 0, 3.5);
  EXPECT1 (gt_tensor_mean (a, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT64, 0, 2.5, 3.5, 4.5);
  EXPECT1 (gt_tensor_mean (a, dimm1, 1, FALSE, &error), GT_DTYPE_FLOAT64, 0, 2, 5);
  EXPECT0 (gt_tensor_prod (a, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT64, 0, 720);
  EXPECT1 (gt_tensor_prod (i, dim0, 1, FALSE, &error), GT_DTYPE_INT64, 0, 4, 10, 18);
  EXPECT1 (gt_tensor_prod (i, dim1, 1, FALSE, &error), GT_DTYPE_INT64, 0, 6, 120);
  EXPECT0 (gt_tensor_prod (b, NULL, 0, FALSE, &error), GT_DTYPE_INT64, 0, 0);
}

static void
test_var_std (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) v = VEC (GT_DTYPE_FLOAT32, 1, 2, 3, 4);
  g_autoptr(GtTensor) a = m23 (GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) one = VEC (GT_DTYPE_FLOAT32, 5);
  g_autoptr(GtTensor) same = VEC (GT_DTYPE_FLOAT32, 2, 2);
  g_autoptr(GtTensor) z = scalar0 (2, GT_DTYPE_FLOAT64);

  EXPECT0 (gt_tensor_var (v, NULL, 0, 1.0, FALSE, &error), GT_DTYPE_FLOAT32, 1e-6, 5.0 / 3);
  EXPECT0 (gt_tensor_var (v, NULL, 0, 0.0, FALSE, &error), GT_DTYPE_FLOAT32, 1e-6, 1.25);
  EXPECT0 (gt_tensor_std (v, NULL, 0, 1.0, FALSE, &error), GT_DTYPE_FLOAT32, 1e-6,
           sqrt (5.0 / 3));
  EXPECT0 (gt_tensor_std (v, NULL, 0, 2.0, FALSE, &error), GT_DTYPE_FLOAT32, 1e-6,
           sqrt (2.5));
  /* divisor max (0, n - correction): 0 gives inf, or NaN with no spread */
  EXPECT0 (gt_tensor_var (v, NULL, 0, 4.0, FALSE, &error), GT_DTYPE_FLOAT32, 0, INFINITY);
  EXPECT0 (gt_tensor_var (v, NULL, 0, 7.0, FALSE, &error), GT_DTYPE_FLOAT32, 0, INFINITY);
  EXPECT0 (gt_tensor_var (one, NULL, 0, 1.0, FALSE, &error), GT_DTYPE_FLOAT32, 0, NAN);
  EXPECT0 (gt_tensor_var (same, NULL, 0, 2.0, FALSE, &error), GT_DTYPE_FLOAT32, 0, NAN);
  EXPECT0 (gt_tensor_std (z, NULL, 0, 1.0, FALSE, &error), GT_DTYPE_FLOAT64, 0, NAN);
  EXPECT0 (gt_tensor_std (z, NULL, 0, 0.0, FALSE, &error), GT_DTYPE_FLOAT64, 0, 0);
  EXPECT1 (gt_tensor_var (a, dim0, 1, 1.0, FALSE, &error), GT_DTYPE_FLOAT64, 1e-12,
           4.5, 4.5, 4.5);
  EXPECT1 (gt_tensor_var (a, dim1, 1, 1.0, FALSE, &error), GT_DTYPE_FLOAT64, 1e-12, 1, 1);
  EXPECT0 (gt_tensor_var (a, dims01, 2, 1.0, FALSE, &error), GT_DTYPE_FLOAT64, 1e-12, 3.5);
}

static void
test_var_stability (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gdouble *data = g_new (gdouble, 100000);
  g_autoptr(GtTensor) x = NULL;
  gint64 n = 100000;

  /* 1e6 + (0 or 1): the mean is large, the variance 0.25 */
  for (gint64 i = 0; i < n; i++)
    data[i] = 1e6 + (gdouble) (i % 2);
  x = gt_tensor_new_from_doubles (data, n, &n, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
  EXPECT0 (gt_tensor_var (x, NULL, 0, 0.0, FALSE, &error), GT_DTYPE_FLOAT32, 1e-6, 0.25);
}

/* ---- extremes -------------------------------------------------------------- */

static void
test_amax_amin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = m23 (GT_DTYPE_INT32);
  g_autoptr(GtTensor) n = VEC (GT_DTYPE_FLOAT32, 1, NAN, 3);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_BOOL, 0, 1);
  g_autoptr(GtTensor) mi = VEC (GT_DTYPE_FLOAT64, -INFINITY, -INFINITY);
  static const gint64 s03[] = { 0, 3 };
  g_autoptr(GtTensor) e = gt_test_new (NULL, 0, s03, 2, GT_DTYPE_FLOAT32);
  static const gint64 s0[] = { 0 };

  EXPECT0 (gt_tensor_amax (a, NULL, 0, FALSE, &error), GT_DTYPE_INT32, 0, 6);
  EXPECT1 (gt_tensor_amax (a, dim0, 1, FALSE, &error), GT_DTYPE_INT32, 0, 4, 5, 6);
  EXPECT1 (gt_tensor_amin (a, dim1, 1, FALSE, &error), GT_DTYPE_INT32, 0, 1, 4);
  EXPECT0 (gt_tensor_amax (n, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, NAN);
  EXPECT0 (gt_tensor_amin (n, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, NAN);
  EXPECT0 (gt_tensor_amax (b, NULL, 0, FALSE, &error), GT_DTYPE_BOOL, 0, 1);
  EXPECT0 (gt_tensor_amin (b, NULL, 0, FALSE, &error), GT_DTYPE_BOOL, 0, 0);
  EXPECT0 (gt_tensor_amax (mi, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT64, 0, -INFINITY);

  /* zero elements: torch's RuntimeError without a dim, IndexError with */
  EXPECT_ERROR (gt_tensor_amax (e, NULL, 0, FALSE, &error), GT_ERROR_VALUE, "gt_tensor_amax");
  EXPECT_ERROR (gt_tensor_amin (e, dim0, 1, FALSE, &error), GT_ERROR_INDEX, "gt_tensor_amin");
  expect (gt_tensor_amax (e, dim1, 1, FALSE, &error), &error, GT_DTYPE_FLOAT32,
          s0, 1, NULL, 0);
}

static void
test_max_min (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = m23 (GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) n = VEC (GT_DTYPE_FLOAT64, 3, NAN, 5, NAN);
  g_autoptr(GtTensor) z = scalar0 (7, GT_DTYPE_INT64);
  static const gint64 s03[] = { 0, 3 };
  g_autoptr(GtTensor) e = gt_test_new (NULL, 0, s03, 2, GT_DTYPE_FLOAT32);

  EXPECT0 (gt_tensor_max (a, &error), GT_DTYPE_FLOAT32, 0, 6);
  EXPECT0 (gt_tensor_min (a, &error), GT_DTYPE_FLOAT32, 0, 1);
  EXPECT0 (gt_tensor_max (n, &error), GT_DTYPE_FLOAT64, 0, NAN);
  EXPECT0 (gt_tensor_min (n, &error), GT_DTYPE_FLOAT64, 0, NAN);
  EXPECT0 (gt_tensor_max (z, &error), GT_DTYPE_INT64, 0, 7);
  EXPECT_ERROR (gt_tensor_max (e, &error), GT_ERROR_VALUE, "gt_tensor_max");
  EXPECT_ERROR (gt_tensor_min (e, &error), GT_ERROR_VALUE, "gt_tensor_min");
}

static void
test_max_dim (void)
{
  g_autoptr(GError) error = NULL;
  static const gdouble v[] = { 1, 3, 3, 0,
                               NAN, 2, NAN, 5,
                               2, 2, 2, 2 };
  static const gint64 s34[] = { 3, 4 }, s31[] = { 3, 1 };
  g_autoptr(GtTensor) a = gt_test_new (v, 12, s34, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) t = gt_test_transpose (a);          /* [4, 3] */
  GtTensor *idx = NULL;
  static const gint64 want_max1[] = { 1, 0, 0 }, want_min1[] = { 3, 0, 0 };
  static const gint64 want_max0[] = { 1, 0, 1, 1 }, want_min0[] = { 1, 1, 1, 0 };
  static const gint64 s0[] = { 0 };
  static const gint64 s03[] = { 0, 3 };
  g_autoptr(GtTensor) e = gt_test_new (NULL, 0, s03, 2, GT_DTYPE_FLOAT32);

  /* along rows: first of equal maxima, NaN wins */
  EXPECT1 (gt_tensor_max_dim (a, 1, FALSE, &idx, &error), GT_DTYPE_FLOAT32, 0, 3, NAN, 2);
  gt_test_assert_int64s (idx, want_max1, 3);
  g_clear_object (&idx);
  EXPECTN (gt_tensor_min_dim (a, -1, TRUE, &idx, &error), GT_DTYPE_FLOAT32, 0, s31, 0, NAN, 2);
  gt_test_assert_int64s (idx, want_min1, 3);
  gt_test_assert_shape (idx, s31, 2);
  g_clear_object (&idx);

  /* down columns */
  EXPECT1 (gt_tensor_max_dim (a, 0, FALSE, &idx, &error), GT_DTYPE_FLOAT32, 0,
           NAN, 3, NAN, 5);
  gt_test_assert_int64s (idx, want_max0, 4);
  g_clear_object (&idx);
  EXPECT1 (gt_tensor_min_dim (a, 0, FALSE, &idx, &error), GT_DTYPE_FLOAT32, 0,
           NAN, 2, NAN, 0);
  gt_test_assert_int64s (idx, want_min0, 4);
  g_clear_object (&idx);

  /* the transposed view gives the same along the other dim */
  EXPECT1 (gt_tensor_max_dim (t, 0, FALSE, &idx, &error), GT_DTYPE_FLOAT32, 0, 3, NAN, 2);
  gt_test_assert_int64s (idx, want_max1, 3);
  g_clear_object (&idx);

  /* indices are optional */
  EXPECT1 (gt_tensor_max_dim (a, 1, FALSE, NULL, &error), GT_DTYPE_FLOAT32, 0, 3, NAN, 2);

  /* an empty reduced dim is an IndexError; an empty kept dim is fine */
  EXPECT_ERROR (gt_tensor_max_dim (e, 0, FALSE, &idx, &error), GT_ERROR_INDEX,
                "gt_tensor_max_dim");
  g_assert_null (idx);
  expect (gt_tensor_min_dim (e, 1, FALSE, &idx, &error), &error, GT_DTYPE_FLOAT32,
          s0, 1, NULL, 0);
  gt_test_assert_shape (idx, s0, 1);
  g_clear_object (&idx);
}

static void
test_max_dim_ints_0d (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = m23 (GT_DTYPE_UINT8);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_BOOL, 0, 1, 1);
  g_autoptr(GtTensor) z = scalar0 (-4, GT_DTYPE_INT32);
  GtTensor *idx = NULL;
  static const gint64 want2[] = { 2, 2 }, want1[] = { 1 }, want0 = 0;

  EXPECT1 (gt_tensor_max_dim (a, 1, FALSE, &idx, &error), GT_DTYPE_UINT8, 0, 3, 6);
  gt_test_assert_int64s (idx, want2, 2);
  g_clear_object (&idx);
  EXPECT1 (gt_tensor_max_dim (b, 0, TRUE, &idx, &error), GT_DTYPE_BOOL, 0, 1);
  gt_test_assert_int64s (idx, want1, 1);
  g_clear_object (&idx);
  EXPECT0 (gt_tensor_min_dim (z, 0, TRUE, &idx, &error), GT_DTYPE_INT32, 0, -4);
  gt_test_assert_int64s (idx, &want0, 1);
  g_clear_object (&idx);
}

static void
test_argmax (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = m23 (GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) t = gt_test_transpose (a);     /* [[1,4],[2,5],[3,6]] */
  g_autoptr(GtTensor) n = VEC (GT_DTYPE_FLOAT32, 1, NAN, 3, NAN);
  g_autoptr(GtTensor) ties = VEC (GT_DTYPE_INT64, 1, 3, 3, -2, -2);
  static const gint64 s11[] = { 1, 1 };
  static const gint64 s03[] = { 0, 3 };
  g_autoptr(GtTensor) e = gt_test_new (NULL, 0, s03, 2, GT_DTYPE_FLOAT32);

  EXPECT0 (gt_tensor_argmax (a, FALSE, &error), GT_DTYPE_INT64, 0, 5);
  EXPECT0 (gt_tensor_argmin (a, FALSE, &error), GT_DTYPE_INT64, 0, 0);
  /* the flat index counts in the view's row-major order */
  EXPECT0 (gt_tensor_argmax (t, FALSE, &error), GT_DTYPE_INT64, 0, 5);
  EXPECT0 (gt_tensor_argmin (t, FALSE, &error), GT_DTYPE_INT64, 0, 0);
  EXPECTN (gt_tensor_argmax (t, TRUE, &error), GT_DTYPE_INT64, 0, s11, 5);
  EXPECT0 (gt_tensor_argmax (n, FALSE, &error), GT_DTYPE_INT64, 0, 1);
  EXPECT0 (gt_tensor_argmin (n, FALSE, &error), GT_DTYPE_INT64, 0, 1);
  EXPECT0 (gt_tensor_argmax (ties, FALSE, &error), GT_DTYPE_INT64, 0, 1);
  EXPECT0 (gt_tensor_argmin (ties, FALSE, &error), GT_DTYPE_INT64, 0, 3);
  EXPECT1 (gt_tensor_argmax_dim (t, 0, FALSE, &error), GT_DTYPE_INT64, 0, 2, 2);
  EXPECT1 (gt_tensor_argmin_dim (t, 1, FALSE, &error), GT_DTYPE_INT64, 0, 0, 0, 0);
  EXPECT_ERROR (gt_tensor_argmax (e, FALSE, &error), GT_ERROR_INDEX, "gt_tensor_argmax");
  EXPECT_ERROR (gt_tensor_argmin_dim (e, 0, FALSE, &error), GT_ERROR_INDEX,
                "gt_tensor_argmin_dim");
}

/* ---- all, any, logsumexp, norm ----------------------------------------------- */

static void
test_all_any (void)
{
  g_autoptr(GError) error = NULL;
  static const gdouble v[] = { 1, 0, NAN, 2, 3, -1 };
  g_autoptr(GtTensor) f = gt_test_new (v, 6, s23, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) u = VEC (GT_DTYPE_UINT8, 2, 0, 7);
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT64, 2, 5, -7);

  EXPECT1 (gt_tensor_all (f, dim1, 1, FALSE, &error), GT_DTYPE_BOOL, 0, 0, 1);
  EXPECT1 (gt_tensor_any (f, dim0, 1, FALSE, &error), GT_DTYPE_BOOL, 0, 1, 1, 1);
  EXPECT0 (gt_tensor_all (f, NULL, 0, FALSE, &error), GT_DTYPE_BOOL, 0, 0);
  /* uint8 stays uint8, as torch's legacy rule */
  EXPECT0 (gt_tensor_all (u, NULL, 0, FALSE, &error), GT_DTYPE_UINT8, 0, 0);
  EXPECT0 (gt_tensor_any (u, NULL, 0, FALSE, &error), GT_DTYPE_UINT8, 0, 1);
  EXPECT0 (gt_tensor_all (i, NULL, 0, FALSE, &error), GT_DTYPE_BOOL, 0, 1);
}

static void
test_logsumexp (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT64, 0, log (3.0));
  g_autoptr(GtTensor) big = VEC (GT_DTYPE_FLOAT32, 1000, 1000);
  g_autoptr(GtTensor) ninf = VEC (GT_DTYPE_FLOAT32, -INFINITY, -INFINITY);
  g_autoptr(GtTensor) inf = VEC (GT_DTYPE_FLOAT32, INFINITY, 1);
  g_autoptr(GtTensor) nan = VEC (GT_DTYPE_FLOAT32, NAN, 1);
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT32, 1, 2);
  g_autoptr(GtTensor) m = m23 (GT_DTYPE_FLOAT64);

  EXPECT0 (gt_tensor_logsumexp (a, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT64, 1e-12,
           log (4.0));
  EXPECT0 (gt_tensor_logsumexp (big, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 1e-3,
           1000 + log (2.0));
  EXPECT0 (gt_tensor_logsumexp (ninf, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, -INFINITY);
  EXPECT0 (gt_tensor_logsumexp (inf, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, INFINITY);
  EXPECT0 (gt_tensor_logsumexp (nan, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, NAN);
  /* integers are computed in float32 */
  EXPECT0 (gt_tensor_logsumexp (i, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 1e-6,
           log (exp (1.0) + exp (2.0)));
  EXPECT1 (gt_tensor_logsumexp (m, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT64, 1e-12,
           4 + log1p (exp (-3.0)), 5 + log1p (exp (-3.0)), 6 + log1p (exp (-3.0)));
}

static void
test_norm (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) v = VEC (GT_DTYPE_FLOAT32, 3, -4, 0);
  g_autoptr(GtTensor) n = VEC (GT_DTYPE_FLOAT32, 1, NAN);
  g_autoptr(GtTensor) m = m23 (GT_DTYPE_FLOAT64);

  EXPECT0 (gt_tensor_norm (v, 2.0, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 5);
  EXPECT0 (gt_tensor_norm (v, 1.0, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 7);
  EXPECT0 (gt_tensor_norm (v, INFINITY, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 4);
  EXPECT0 (gt_tensor_norm (v, -INFINITY, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 0);
  EXPECT0 (gt_tensor_norm (v, 0.0, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 2);
  EXPECT0 (gt_tensor_norm (v, 3.0, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 1e-5,
           cbrt (91.0));
  EXPECT0 (gt_tensor_norm (v, -1.0, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, 0);
  EXPECT0 (gt_tensor_norm (n, INFINITY, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, NAN);
  EXPECT0 (gt_tensor_norm (n, 2.0, NULL, 0, FALSE, &error), GT_DTYPE_FLOAT32, 0, NAN);
  EXPECT1 (gt_tensor_norm (m, 1.0, dim1, 1, FALSE, &error), GT_DTYPE_FLOAT64, 0, 6, 15);
  EXPECT1 (gt_tensor_norm (m, 2.0, dim0, 1, FALSE, &error), GT_DTYPE_FLOAT64, 1e-12,
           sqrt (17.0), sqrt (29.0), sqrt (45.0));
}

/* ---- cumsum ------------------------------------------------------------------ */

static void
test_cumsum (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = m23 (GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) t = gt_test_transpose (a);
  g_autoptr(GtTensor) i = m23 (GT_DTYPE_INT32);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_BOOL, 1, 0, 1);
  g_autoptr(GtTensor) n = VEC (GT_DTYPE_FLOAT64, 1, NAN, 1);
  g_autoptr(GtTensor) z = scalar0 (4, GT_DTYPE_UINT8);
  static const gint64 s32[] = { 3, 2 };
  static const gint64 s03[] = { 0, 3 };
  g_autoptr(GtTensor) e = gt_test_new (NULL, 0, s03, 2, GT_DTYPE_FLOAT32);

  EXPECTN (gt_tensor_cumsum (a, 1, &error), GT_DTYPE_FLOAT32, 0, s23, 1, 3, 6, 4, 9, 15);
  EXPECTN (gt_tensor_cumsum (a, 0, &error), GT_DTYPE_FLOAT32, 0, s23, 1, 2, 3, 5, 7, 9);
  EXPECTN (gt_tensor_cumsum (t, -1, &error), GT_DTYPE_FLOAT32, 0, s32, 1, 5, 2, 7, 3, 9);
  EXPECTN (gt_tensor_cumsum (i, -1, &error), GT_DTYPE_INT64, 0, s23, 1, 3, 6, 4, 9, 15);
  EXPECT1 (gt_tensor_cumsum (b, 0, &error), GT_DTYPE_INT64, 0, 1, 1, 2);
  EXPECT1 (gt_tensor_cumsum (n, 0, &error), GT_DTYPE_FLOAT64, 0, 1, NAN, NAN);
  EXPECT0 (gt_tensor_cumsum (z, 0, &error), GT_DTYPE_INT64, 0, 4);
  expect (gt_tensor_cumsum (e, 1, &error), &error, GT_DTYPE_FLOAT32, s03, 2, NULL, 0);
  EXPECT_ERROR (gt_tensor_cumsum (z, 1, &error), GT_ERROR_INDEX, "gt_tensor_cumsum");
}

/* ---- large inputs: the threaded and vectorised paths against plain loops ------ */

/* Deterministic values in [-1, 1) with a few repeats. */
static gdouble *
wave (gint64 n)
{
  gdouble *d = g_new (gdouble, n);

  for (gint64 i = 0; i < n; i++)
    d[i] = sin ((gdouble) (i % 9973) * 0.7);
  return d;
}

static void
test_large (void)
{
  g_autoptr(GError) error = NULL;
  const gint64 rows = 300, cols = 1037;
  gint64 shape[2] = { rows, cols };
  g_autofree gdouble *d = wave (rows * cols);
  GtDType dtypes[] = { GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64 };

  for (guint di = 0; di < G_N_ELEMENTS (dtypes); di++)
    {
      g_autoptr(GtTensor) x = gt_test_new (d, rows * cols, shape, 2, dtypes[di]);
      g_autoptr(GtTensor) xt = gt_test_transpose (x);
      g_autofree gdouble *rsum = g_new0 (gdouble, rows);
      g_autofree gdouble *csum = g_new0 (gdouble, cols);
      g_autofree gdouble *rmax = g_new (gdouble, rows);
      g_autofree gint64 *rarg = g_new (gint64, rows);
      g_autofree gdouble *cmin = g_new (gdouble, cols);
      g_autofree gint64 *carg = g_new (gint64, cols);
      gdouble total = 0, tol = di == 0 ? 1e-3 : 1e-9;
      GtTensor *idx = NULL;

      for (gint64 c = 0; c < cols; c++)
        cmin[c] = INFINITY;
      for (gint64 r = 0; r < rows; r++)
        {
          rmax[r] = -INFINITY;
          for (gint64 c = 0; c < cols; c++)
            {
              gdouble v = dtypes[di] == GT_DTYPE_FLOAT32 ? (gfloat) d[r * cols + c]
                                                         : d[r * cols + c];
              rsum[r] += v;
              csum[c] += v;
              total += v;
              if (v > rmax[r])
                rmax[r] = v, rarg[r] = c;
              if (v < cmin[c])
                cmin[c] = v, carg[c] = r;
            }
        }

      expect (gt_tensor_sum (x, dim1, 1, FALSE, &error), &error, dtypes[di],
              &rows, 1, rsum, tol);
      expect (gt_tensor_sum (x, dim0, 1, FALSE, &error), &error, dtypes[di],
              &cols, 1, csum, tol);
      expect (gt_tensor_sum (xt, dim0, 1, FALSE, &error), &error, dtypes[di],
              &rows, 1, rsum, tol);
      expect (gt_tensor_sum (x, NULL, 0, FALSE, &error), &error, dtypes[di],
              NULL, 0, &total, tol * 10);
      expect (gt_tensor_max_dim (x, 1, FALSE, &idx, &error), &error, dtypes[di],
              &rows, 1, rmax, 0);
      gt_test_assert_int64s (idx, rarg, rows);
      g_clear_object (&idx);
      expect (gt_tensor_min_dim (x, 0, FALSE, &idx, &error), &error, dtypes[di],
              &cols, 1, cmin, 0);
      gt_test_assert_int64s (idx, carg, cols);
      g_clear_object (&idx);
      expect (gt_tensor_min_dim (xt, 1, FALSE, &idx, &error), &error, dtypes[di],
              &cols, 1, cmin, 0);
      gt_test_assert_int64s (idx, carg, cols);
      g_clear_object (&idx);
    }
}

static void
test_large_cumsum (void)
{
  g_autoptr(GError) error = NULL;
  const gint64 n = 100000;
  g_autofree gdouble *d = wave (n);
  g_autofree gdouble *want = g_new (gdouble, n);
  g_autoptr(GtTensor) x = gt_test_new_1d (d, n, GT_DTYPE_FLOAT64);
  gdouble s = 0;

  for (gint64 i = 0; i < n; i++)
    want[i] = s += d[i];
  expect (gt_tensor_cumsum (x, 0, &error), &error, GT_DTYPE_FLOAT64, &n, 1, want, 1e-9);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ops/reduce/sum/values", test_sum_values);
  g_test_add_func ("/ops/reduce/sum/dtypes", test_sum_dtypes);
  g_test_add_func ("/ops/reduce/sum/views", test_sum_views);
  g_test_add_func ("/ops/reduce/sum/empty-and-0d", test_sum_empty_and_0d);
  g_test_add_func ("/ops/reduce/sum/accuracy", test_sum_accuracy);
  g_test_add_func ("/ops/reduce/errors/dims", test_dim_errors);
  g_test_add_func ("/ops/reduce/errors/dtypes", test_dtype_errors);
  g_test_add_func ("/ops/reduce/mean-prod", test_mean_prod);
  g_test_add_func ("/ops/reduce/var-std/values", test_var_std);
  g_test_add_func ("/ops/reduce/var-std/stability", test_var_stability);
  g_test_add_func ("/ops/reduce/amax-amin", test_amax_amin);
  g_test_add_func ("/ops/reduce/max-min/whole", test_max_min);
  g_test_add_func ("/ops/reduce/max-min/dim", test_max_dim);
  g_test_add_func ("/ops/reduce/max-min/ints-0d", test_max_dim_ints_0d);
  g_test_add_func ("/ops/reduce/argmax", test_argmax);
  g_test_add_func ("/ops/reduce/all-any", test_all_any);
  g_test_add_func ("/ops/reduce/logsumexp", test_logsumexp);
  g_test_add_func ("/ops/reduce/norm", test_norm);
  g_test_add_func ("/ops/reduce/cumsum/values", test_cumsum);
  g_test_add_func ("/ops/reduce/cumsum/large", test_large_cumsum);
  g_test_add_func ("/ops/reduce/large", test_large);

  return g_test_run ();
}
