/* max_pool2d, avg_pool2d and adaptive_avg_pool2d: hand-computed values and
 * indices (the MaxPool2d(2) fast path and the general loop: padding,
 * dilation, ceil_mode), NaN, unbatched inputs, count_include_pad and
 * divisor_override, adaptive windows that overlap, both float dtypes, and
 * bad arguments with their error codes and the function's name. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-test-utils.h"

#define I64(...) (const gint64[]) { __VA_ARGS__ }, G_N_ELEMENTS (((const gint64[]) { __VA_ARGS__ }))

static GtTensor *
max_pool (GtTensor *x, gint64 k, gint64 s, gint64 p, gint64 d, gboolean ceil,
          GtTensor **indices)
{
  g_autoptr(GError) error = NULL;
  GtTensor *y = gt_tensor_max_pool2d (x, &k, 1, &s, s == 0 ? 0 : 1, &p, 1, &d, 1,
                                      ceil, indices, &error);

  g_assert_no_error (error);
  g_assert_nonnull (y);
  return y;
}

static GtTensor *
avg_pool (GtTensor *x, gint64 k, gint64 s, gint64 p, gboolean ceil,
          gboolean count_include_pad, gint64 divisor)
{
  g_autoptr(GError) error = NULL;
  GtTensor *y = gt_tensor_avg_pool2d (x, &k, 1, &s, s == 0 ? 0 : 1, &p, 1, ceil,
                                      count_include_pad, divisor, &error);

  g_assert_no_error (error);
  g_assert_nonnull (y);
  return y;
}

/* MaxPool2d(2) over arange(16) as 4x4, both dtypes: the maxima are the
 * bottom-right elements, and the indices their flat positions. */
static void
test_max_k2 (void)
{
  const GtDType dtypes[] = { GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64 };

  for (guint i = 0; i < G_N_ELEMENTS (dtypes); i++)
    {
      g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 4, 4), dtypes[i]);
      g_autoptr(GtTensor) ind = NULL;
      g_autoptr(GtTensor) y = max_pool (x, 2, 0, 0, 1, FALSE, &ind);
      const gdouble expected[] = { 5, 7, 13, 15 };
      const gint64 expected_ind[] = { 5, 7, 13, 15 };

      gt_test_assert_shape (y, I64 (1, 1, 2, 2));
      g_assert_cmpint (gt_tensor_get_dtype (y), ==, dtypes[i]);
      gt_test_assert_values (y, expected, 4, 0.0);
      g_assert_cmpint (gt_tensor_get_dtype (ind), ==, GT_DTYPE_INT64);
      gt_test_assert_int64s (ind, expected_ind, 4);
    }
}

/* ceil_mode keeps the partial last windows (5x5, kernel 2: 3x3 outputs). */
static void
test_max_ceil (void)
{
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 5, 5), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) ind = NULL;
  g_autoptr(GtTensor) y = max_pool (x, 2, 2, 0, 1, TRUE, &ind);
  g_autoptr(GtTensor) yf = max_pool (x, 2, 2, 0, 1, FALSE, NULL);
  const gdouble expected[] = { 6, 8, 9, 16, 18, 19, 21, 23, 24 };
  const gint64 expected_ind[] = { 6, 8, 9, 16, 18, 19, 21, 23, 24 };

  gt_test_assert_shape (y, I64 (1, 1, 3, 3));
  gt_test_assert_values (y, expected, 9, 0.0);
  gt_test_assert_int64s (ind, expected_ind, 9);
  gt_test_assert_shape (yf, I64 (1, 1, 2, 2));
}

/* With padding 1 on 5x5, kernel 2 stride 2 and ceil_mode, a last window
 * would start in the right padding: torch drops it (3x3, not 4x4). */
static void
test_max_ceil_drops_padding_window (void)
{
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 5, 5), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = max_pool (x, 2, 2, 1, 1, TRUE, NULL);
  const gdouble expected[] = { 0, 2, 4, 10, 12, 14, 20, 22, 24 };

  gt_test_assert_shape (y, I64 (1, 1, 3, 3));
  gt_test_assert_values (y, expected, 9, 0.0);
}

/* Kernel 3, stride 2, padding 1; and kernel 2 with dilation 2. */
static void
test_max_padding_dilation (void)
{
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 4, 4), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) ind = NULL;
  g_autoptr(GtTensor) y = max_pool (x, 3, 2, 1, 1, FALSE, &ind);
  g_autoptr(GtTensor) yd = max_pool (x, 2, 1, 0, 2, FALSE, NULL);
  const gdouble expected[] = { 5, 7, 13, 15 };
  const gint64 expected_ind[] = { 5, 7, 13, 15 };
  const gdouble expected_d[] = { 10, 11, 14, 15 };

  gt_test_assert_values (y, expected, 4, 0.0);
  gt_test_assert_int64s (ind, expected_ind, 4);
  gt_test_assert_shape (yd, I64 (1, 1, 2, 2));
  gt_test_assert_values (yd, expected_d, 4, 0.0);
}

/* A NaN is the maximum of its window (the last NaN's index, as torch);
 * a window of -inf points at its first element. */
static void
test_max_nan (void)
{
  const gdouble v[] = { 1, NAN, -INFINITY, -INFINITY,
                        NAN, 0, -INFINITY, -INFINITY };
  g_autoptr(GtTensor) x = gt_test_new (v, 8, I64 (1, 2, 4), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) ind = NULL;
  g_autoptr(GtTensor) y = max_pool (x, 2, 0, 0, 1, FALSE, &ind);
  const gdouble expected[] = { NAN, -INFINITY };
  const gint64 expected_ind[] = { 4, 2 };

  gt_test_assert_shape (y, I64 (1, 1, 2));
  gt_test_assert_values (y, expected, 2, 0.0);
  gt_test_assert_int64s (ind, expected_ind, 2);
}

static void
test_avg (void)
{
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 4, 4), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = avg_pool (x, 2, 0, 0, FALSE, TRUE, 0);
  /* kernel 3, stride 2, padding 1: the first window covers 0, 1, 4, 5 */
  g_autoptr(GtTensor) yi = avg_pool (x, 3, 2, 1, FALSE, TRUE, 0);
  g_autoptr(GtTensor) ye = avg_pool (x, 3, 2, 1, FALSE, FALSE, 0);
  g_autoptr(GtTensor) yd = avg_pool (x, 3, 2, 1, FALSE, TRUE, 2);
  const gdouble expected[] = { 2.5, 4.5, 10.5, 12.5 };
  /* windows: rows/cols {0,1} and {1,2,3} */
  const gdouble sums[] = { 10, 1 + 2 + 3 + 5 + 6 + 7, 4 + 5 + 8 + 9 + 12 + 13,
                           5 + 6 + 7 + 9 + 10 + 11 + 13 + 14 + 15 };
  const gdouble counts[] = { 4, 6, 6, 9 };
  gdouble inc[4], exc[4], div[4];

  for (gint i = 0; i < 4; i++)
    {
      inc[i] = sums[i] / 9;
      exc[i] = sums[i] / counts[i];
      div[i] = sums[i] / 2;
    }
  gt_test_assert_values (y, expected, 4, 0.0);
  gt_test_assert_values (yi, inc, 4, 1e-12);
  gt_test_assert_values (ye, exc, 4, 1e-12);
  gt_test_assert_values (yd, div, 4, 1e-12);
}

/* Unbatched input, float32. */
static void
test_avg_unbatched (void)
{
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (2, 2, 4), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) y = avg_pool (x, 2, 0, 0, FALSE, TRUE, 0);
  const gdouble expected[] = { 2.5, 4.5, 10.5, 12.5 };

  gt_test_assert_shape (y, I64 (2, 1, 2));
  gt_test_assert_values (y, expected, 4, 0.0);
  g_assert_cmpint (gt_tensor_get_dtype (y), ==, GT_DTYPE_FLOAT32);
}

/* 4x4 to 3x3: windows [0, 2), [1, 3), [2, 4) overlap; to 1 is the mean. */
static void
test_adaptive (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 4, 4), GT_DTYPE_FLOAT64);
  const gint64 three = 3, one = 1;
  g_autoptr(GtTensor) y = gt_tensor_adaptive_avg_pool2d (x, &three, 1, &error);
  g_autoptr(GtTensor) m = NULL;
  const gdouble expected[] = { 2.5, 3.5, 4.5, 6.5, 7.5, 8.5, 10.5, 11.5, 12.5 };
  const gdouble mean = 7.5;

  g_assert_no_error (error);
  gt_test_assert_shape (y, I64 (1, 1, 3, 3));
  gt_test_assert_values (y, expected, 9, 1e-12);
  m = gt_tensor_adaptive_avg_pool2d (x, &one, 1, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (m, I64 (1, 1, 1, 1));
  gt_test_assert_values (m, &mean, 1, 0.0);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 3, 5, 5), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) x2 = gt_test_arange_shaped (I64 (5, 5), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) xe = gt_test_arange_shaped (I64 (2, 0, 4, 4), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) xi = gt_test_arange_shaped (I64 (1, 1, 4, 4), GT_DTYPE_INT64);
  const gint64 one = 1, two = 2, three = 3, zero = 0, seven = 7, neg = -1;
  const gint64 k3[] = { 2, 2, 2 };
  const char *max = "gt_tensor_max_pool2d", *avg = "gt_tensor_avg_pool2d";
  const char *ada = "gt_tensor_adaptive_avg_pool2d";
  GtTensor *y;

#define EXPECT(code, call, name)                                    \
  y = (call);                                                       \
  g_assert_null (y);                                                \
  gt_assert_error_names_clear (&error, (code), (name))

  EXPECT (GT_ERROR_VALUE, gt_tensor_max_pool2d (x, &three, 1, NULL, 0, &two, 1, &one, 1, FALSE, NULL, &error), max);
  EXPECT (GT_ERROR_VALUE, gt_tensor_max_pool2d (x, &zero, 1, NULL, 0, &zero, 1, &one, 1, FALSE, NULL, &error), max);
  EXPECT (GT_ERROR_VALUE, gt_tensor_max_pool2d (x, &two, 1, &zero, 1, &zero, 1, &one, 1, FALSE, NULL, &error), max);
  EXPECT (GT_ERROR_VALUE, gt_tensor_max_pool2d (x, &two, 1, NULL, 0, &zero, 1, &zero, 1, FALSE, NULL, &error), max);
  EXPECT (GT_ERROR_VALUE, gt_tensor_max_pool2d (x, &two, 1, NULL, 0, &neg, 1, &one, 1, FALSE, NULL, &error), max);
  EXPECT (GT_ERROR_VALUE, gt_tensor_max_pool2d (x, k3, 3, NULL, 0, &zero, 1, &one, 1, FALSE, NULL, &error), max);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_max_pool2d (x, &seven, 1, NULL, 0, &zero, 1, &one, 1, FALSE, NULL, &error), max);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_max_pool2d (x2, &two, 1, NULL, 0, &zero, 1, &one, 1, FALSE, NULL, &error), max);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_max_pool2d (xe, &two, 1, NULL, 0, &zero, 1, &one, 1, FALSE, NULL, &error), max);
  EXPECT (GT_ERROR_DTYPE, gt_tensor_max_pool2d (xi, &two, 1, NULL, 0, &zero, 1, &one, 1, FALSE, NULL, &error), max);

  EXPECT (GT_ERROR_VALUE, gt_tensor_avg_pool2d (x, &three, 1, NULL, 0, &two, 1, FALSE, TRUE, 0, &error), avg);
  EXPECT (GT_ERROR_VALUE, gt_tensor_avg_pool2d (x, &two, 1, &neg, 1, &zero, 1, FALSE, TRUE, 0, &error), avg);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_avg_pool2d (x, &seven, 1, NULL, 0, &zero, 1, FALSE, TRUE, 0, &error), avg);
  EXPECT (GT_ERROR_DTYPE, gt_tensor_avg_pool2d (xi, &two, 1, NULL, 0, &zero, 1, FALSE, TRUE, 0, &error), avg);

  EXPECT (GT_ERROR_VALUE, gt_tensor_adaptive_avg_pool2d (x, &neg, 1, &error), ada);
  EXPECT (GT_ERROR_VALUE, gt_tensor_adaptive_avg_pool2d (x, k3, 3, &error), ada);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_adaptive_avg_pool2d (x2, &two, 1, &error), ada);
#undef EXPECT
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/max/k2", test_max_k2);
  g_test_add_func ("/pool/max/ceil-mode", test_max_ceil);
  g_test_add_func ("/pool/max/ceil-mode-padding", test_max_ceil_drops_padding_window);
  g_test_add_func ("/pool/max/padding-dilation", test_max_padding_dilation);
  g_test_add_func ("/pool/max/nan", test_max_nan);
  g_test_add_func ("/pool/avg/values", test_avg);
  g_test_add_func ("/pool/avg/unbatched", test_avg_unbatched);
  g_test_add_func ("/pool/adaptive-avg/values", test_adaptive);
  g_test_add_func ("/pool/errors", test_errors);
  return g_test_run ();
}
