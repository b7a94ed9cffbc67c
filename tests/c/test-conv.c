/* conv2d: hand-computed values (stride, padding, bias, groups, dilation,
 * 1x1 kernels, unbatched input, "same" with an even kernel, "valid" with a
 * stride), both float dtypes, non-contiguous inputs, an empty batch, and
 * every bad argument with its error code and the function's name. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-test-utils.h"

#define I64(...) (const gint64[]) { __VA_ARGS__ }, G_N_ELEMENTS (((const gint64[]) { __VA_ARGS__ }))

static GtTensor *
ones (const gint64 *shape, gsize n, GtDType dtype)
{
  g_autoptr(GError) error = NULL;
  GtTensor *t = gt_ones (shape, n, dtype, NULL, &error);

  g_assert_no_error (error);
  return t;
}

static GtTensor *
conv (GtTensor *x, GtTensor *w, GtTensor *b, gint64 s, gint64 p, gint64 d,
      gint64 groups)
{
  g_autoptr(GError) error = NULL;
  GtTensor *y = gt_tensor_conv2d (x, w, b, &s, 1, &p, 1, &d, 1, groups, &error);

  g_assert_no_error (error);
  g_assert_nonnull (y);
  return y;
}

/* A 2x2 box filter over arange(16) as 4x4. */
static void
test_box (void)
{
  const GtDType dtypes[] = { GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64 };

  for (guint i = 0; i < G_N_ELEMENTS (dtypes); i++)
    {
      g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 4, 4), dtypes[i]);
      g_autoptr(GtTensor) w = ones (I64 (1, 1, 2, 2), dtypes[i]);
      g_autoptr(GtTensor) y = conv (x, w, NULL, 1, 0, 1, 1);
      const gdouble expected[] = { 10, 14, 18, 26, 30, 34, 42, 46, 50 };

      gt_test_assert_shape (y, I64 (1, 1, 3, 3));
      g_assert_cmpint (gt_tensor_get_dtype (y), ==, dtypes[i]);
      gt_test_assert_values (y, expected, 9, 0.0);
    }
}

/* Stride 2, padding 1 and a bias of 1: windows that reach into the
 * padding see zeros. */
static void
test_stride_padding_bias (void)
{
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 4, 4), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w = ones (I64 (1, 1, 2, 2), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = ones (I64 (1), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = conv (x, w, b, 2, 1, 1, 1);
  const gdouble expected[] = { 1, 4, 4, 13, 31, 19, 13, 28, 16 };

  gt_test_assert_shape (y, I64 (1, 1, 3, 3));
  gt_test_assert_values (y, expected, 9, 0.0);
}

/* Dilation 2: the 2x2 kernel reads (i, j), (i, j+2), (i+2, j), (i+2, j+2). */
static void
test_dilation (void)
{
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 4, 4), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w = ones (I64 (1, 1, 2, 2), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = conv (x, w, NULL, 1, 0, 2, 1);
  const gdouble expected[] = { 0 + 2 + 8 + 10, 1 + 3 + 9 + 11,
                               4 + 6 + 12 + 14, 5 + 7 + 13 + 15 };

  gt_test_assert_shape (y, I64 (1, 1, 2, 2));
  gt_test_assert_values (y, expected, 4, 0.0);
}

/* Two groups of one channel with 1x1 kernels 2 and -1: a per-channel
 * scale, the 1x1 path that needs no im2col. */
static void
test_groups (void)
{
  const gdouble wv[] = { 2, -1 };
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (2, 2, 2, 2), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) w = gt_test_new (wv, 2, I64 (2, 1, 1, 1), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) y = conv (x, w, NULL, 1, 0, 1, 2);
  gdouble expected[16];

  for (gint i = 0; i < 16; i++)
    expected[i] = ((i / 4) % 2 == 0) ? 2.0 * i : -1.0 * i;
  gt_test_assert_shape (y, I64 (2, 2, 2, 2));
  gt_test_assert_values (y, expected, 16, 0.0);
}

/* Two input channels summed by one output channel; the input transposed
 * (non-contiguous) gives the transposed planes' result. */
static void
test_channels_and_views (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) base = gt_test_arange_shaped (I64 (1, 2, 3, 3), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) xt = gt_tensor_transpose (base, 2, 3, &error);
  g_autoptr(GtTensor) w = ones (I64 (1, 2, 3, 3), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = NULL;
  g_autoptr(GtTensor) yt = NULL;
  const gdouble all = 153;  /* 0 + ... + 17 */

  g_assert_no_error (error);
  y = conv (base, w, NULL, 1, 0, 1, 1);
  gt_test_assert_shape (y, I64 (1, 1, 1, 1));
  gt_test_assert_values (y, &all, 1, 0.0);
  yt = conv (xt, w, NULL, 1, 0, 1, 1);
  gt_test_assert_values (yt, &all, 1, 0.0);
}

/* An unbatched [C, H, W] input gives an unbatched output, through
 * unsqueeze/squeeze as in torch (grad_fn SqueezeBackward1). */
static void
test_unbatched (void)
{
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 4, 4), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w = ones (I64 (3, 1, 2, 2), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = NULL;
  const gdouble row[] = { 10, 14, 18, 26, 30, 34, 42, 46, 50 };

  g_assert_true (gt_tensor_set_requires_grad (x, TRUE, NULL));
  y = conv (x, w, NULL, 1, 0, 1, 1);
  gt_test_assert_shape (y, I64 (3, 3, 3));
  for (gint c = 0; c < 3; c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) yc = gt_tensor_select (y, 0, c, &error);

      g_assert_no_error (error);
      gt_test_assert_values (yc, row, 9, 0.0);
    }
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "SqueezeBackward1");
}

/* "same" with a 2x2 kernel: the extra padding goes after the last row and
 * column, as torch pads. */
static void
test_same_even (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 3, 3), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w = ones (I64 (1, 1, 2, 2), GT_DTYPE_FLOAT64);
  const gint64 one = 1;
  g_autoptr(GtTensor) y = gt_tensor_conv2d_padding_mode (x, w, NULL, &one, 1, "same",
                                                         &one, 1, 1, &error);
  const gdouble expected[] = { 8, 12, 7, 20, 24, 13, 13, 15, 8 };

  g_assert_no_error (error);
  gt_test_assert_shape (y, I64 (1, 1, 3, 3));
  gt_test_assert_values (y, expected, 9, 0.0);
}

/* "valid" is no padding; with a stride it keeps torch's rounding down. */
static void
test_valid_stride (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_arange_shaped (I64 (1, 1, 5, 5), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) w = ones (I64 (1, 1, 2, 2), GT_DTYPE_FLOAT32);
  const gint64 two = 2, one = 1;
  g_autoptr(GtTensor) y = gt_tensor_conv2d_padding_mode (x, w, NULL, &two, 1, "valid",
                                                         &one, 1, 1, &error);
  /* windows at rows/cols 0 and 2 */
  const gdouble expected[] = { 0 + 1 + 5 + 6, 2 + 3 + 7 + 8,
                               10 + 11 + 15 + 16, 12 + 13 + 17 + 18 };

  g_assert_no_error (error);
  gt_test_assert_shape (y, I64 (1, 1, 2, 2));
  gt_test_assert_values (y, expected, 4, 0.0);
}

/* A batch of zero images: an empty result of the right shape. */
static void
test_empty_batch (void)
{
  g_autoptr(GtTensor) x = ones (I64 (0, 2, 5, 5), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) w = ones (I64 (3, 2, 3, 3), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) y = conv (x, w, NULL, 1, 1, 1, 1);

  gt_test_assert_shape (y, I64 (0, 3, 5, 5));
}

static void
test_errors (void)
{
  const char *func = "gt_tensor_conv2d";
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = ones (I64 (1, 3, 5, 5), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) x2 = ones (I64 (5, 5), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) xi = ones (I64 (1, 3, 5, 5), GT_DTYPE_INT32);
  g_autoptr(GtTensor) w = ones (I64 (2, 3, 3, 3), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) wd = ones (I64 (2, 3, 3, 3), GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w2 = ones (I64 (2, 2, 3, 3), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) w3 = ones (I64 (2, 3, 3), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) wbig = ones (I64 (2, 3, 7, 7), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) wodd = ones (I64 (3, 1, 3, 3), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b3 = ones (I64 (3), GT_DTYPE_FLOAT32);
  const gint64 one[] = { 1 }, zero[] = { 0 }, neg[] = { -1 }, three[] = { 1, 1, 1 };
  const gint64 two[] = { 2 };
  GtTensor *y;

#define EXPECT(code, call, name)                                    \
  y = (call);                                                       \
  g_assert_null (y);                                                \
  gt_assert_error_names_clear (&error, (code), (name))

  EXPECT (GT_ERROR_DTYPE, gt_tensor_conv2d (x, wd, NULL, one, 1, zero, 1, one, 1, 1, &error), func);
  EXPECT (GT_ERROR_DTYPE, gt_tensor_conv2d (xi, w, NULL, one, 1, zero, 1, one, 1, 1, &error), func);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_conv2d (x, w2, NULL, one, 1, zero, 1, one, 1, 1, &error), func);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_conv2d (x, w3, NULL, one, 1, zero, 1, one, 1, 1, &error), func);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_conv2d (x2, w, NULL, one, 1, zero, 1, one, 1, 1, &error), func);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_conv2d (x, w, b3, one, 1, zero, 1, one, 1, 1, &error), func);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_conv2d (x, wbig, NULL, one, 1, zero, 1, one, 1, 1, &error), func);
  /* 3 channels do not match 2 groups of 3 */
  EXPECT (GT_ERROR_SHAPE, gt_tensor_conv2d (x, w, NULL, one, 1, zero, 1, one, 1, 2, &error), func);
  /* 3 output channels are not divisible by 2 groups */
  EXPECT (GT_ERROR_VALUE, gt_tensor_conv2d (x, wodd, NULL, one, 1, zero, 1, one, 1, 2, &error), func);
  EXPECT (GT_ERROR_VALUE, gt_tensor_conv2d (x, w, NULL, one, 1, zero, 1, one, 1, 0, &error), func);
  EXPECT (GT_ERROR_VALUE, gt_tensor_conv2d (x, w, NULL, zero, 1, zero, 1, one, 1, 1, &error), func);
  EXPECT (GT_ERROR_VALUE, gt_tensor_conv2d (x, w, NULL, one, 1, neg, 1, one, 1, 1, &error), func);
  EXPECT (GT_ERROR_VALUE, gt_tensor_conv2d (x, w, NULL, one, 1, zero, 1, zero, 1, 1, &error), func);
  EXPECT (GT_ERROR_VALUE, gt_tensor_conv2d (x, w, NULL, three, 3, zero, 1, one, 1, 1, &error), func);

  func = "gt_tensor_conv2d_padding_mode";
  EXPECT (GT_ERROR_VALUE, gt_tensor_conv2d_padding_mode (x, w, NULL, two, 1, "same", one, 1, 1, &error), func);
  EXPECT (GT_ERROR_VALUE, gt_tensor_conv2d_padding_mode (x, w, NULL, one, 1, "full", one, 1, 1, &error), func);
  EXPECT (GT_ERROR_SHAPE, gt_tensor_conv2d_padding_mode (x, wbig, NULL, one, 1, "valid", one, 1, 1, &error), func);
  EXPECT (GT_ERROR_DTYPE, gt_tensor_conv2d_padding_mode (x, wd, NULL, one, 1, "same", one, 1, 1, &error), func);
#undef EXPECT
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conv2d/box", test_box);
  g_test_add_func ("/conv2d/stride-padding-bias", test_stride_padding_bias);
  g_test_add_func ("/conv2d/dilation", test_dilation);
  g_test_add_func ("/conv2d/groups", test_groups);
  g_test_add_func ("/conv2d/channels-and-views", test_channels_and_views);
  g_test_add_func ("/conv2d/unbatched", test_unbatched);
  g_test_add_func ("/conv2d/same-even-kernel", test_same_even);
  g_test_add_func ("/conv2d/valid-stride", test_valid_stride);
  g_test_add_func ("/conv2d/empty-batch", test_empty_batch);
  g_test_add_func ("/conv2d/errors", test_errors);
  return g_test_run ();
}
