/* The pointwise family: binary arithmetic, comparisons, logical ops, where,
 * clamp and the unary functions, with values worked out by hand (or by libm
 * for the transcendental ones), torch's dtype rules, every error they
 * report, and inputs that are broadcast, transposed, expanded, empty or
 * 0-d. The program runs twice under meson, once with GT_CPU_CAPABILITY set
 * to "default" so that the baseline kernels are checked as well as the
 * AVX2 ones. */

#include <float.h>

#include "gt-test-expect.h"
#include "gt-half-private.h"

static const gint64 s3[] = { 3 };
static const gint64 s23[] = { 2, 3 };

/* ---- add and sub --------------------------------------------------------- */

static void
test_add_values (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 1, 2, 3);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_FLOAT32, 10, 20, 30);

  EXPECT1 (gt_tensor_add (a, b, 1.0, &error), GT_DTYPE_FLOAT32, 0, 11, 22, 33);
  EXPECT1 (gt_tensor_add (a, b, 2.0, &error), GT_DTYPE_FLOAT32, 0, 21, 42, 63);
  EXPECT1 (gt_tensor_add (a, b, -0.5, &error), GT_DTYPE_FLOAT32, 0, -4, -8, -12);
  EXPECT1 (gt_tensor_add_scalar (a, 0.5, 2.0, &error), GT_DTYPE_FLOAT32, 0,
           2, 3, 4);
}

static void
test_add_broadcast (void)
{
  GError *error = NULL;
  const gint64 s21[] = { 2, 1 };
  const gdouble col[] = { 1, 2 };
  const gdouble want[] = { 11, 21, 31, 12, 22, 32 };
  g_autoptr(GtTensor) a = gt_test_new (col, 2, s21, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_FLOAT64, 10, 20, 30);
  g_autoptr(GtTensor) c = VEC (GT_DTYPE_FLOAT64, 1, 2, 3, 4);
  g_autoptr(GtTensor) m = gt_test_arange_shaped (s23, 2, GT_DTYPE_FLOAT64);

  expect (gt_tensor_add (a, b, 1.0, &error), &error, GT_DTYPE_FLOAT64, s23, 2,
          want, 0);
  expect (gt_tensor_add (b, a, 1.0, &error), &error, GT_DTYPE_FLOAT64, s23, 2,
          want, 0);
  EXPECT_ERROR (gt_tensor_add (m, c, 1.0, &error), GT_ERROR_SHAPE,
                "gt_tensor_add");
  EXPECT_ERROR (gt_tensor_mul (c, b, &error), GT_ERROR_SHAPE, "gt_tensor_mul");
  EXPECT_ERROR (gt_tensor_eq (c, b, &error), GT_ERROR_SHAPE, "gt_tensor_eq");
}

static void
test_add_promotion (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) i32 = VEC (GT_DTYPE_INT32, 1, 2);
  g_autoptr(GtTensor) f32 = VEC (GT_DTYPE_FLOAT32, 0.5, 0.5);
  g_autoptr(GtTensor) u8 = VEC (GT_DTYPE_UINT8, 250, 3);
  g_autoptr(GtTensor) i8 = VEC (GT_DTYPE_INT8, 10, -5);
  g_autoptr(GtTensor) b1 = VEC (GT_DTYPE_BOOL, 1, 0);
  g_autoptr(GtTensor) b2 = VEC (GT_DTYPE_BOOL, 1, 1);
  g_autoptr(GtTensor) i64_0 = scalar0 (5, GT_DTYPE_INT64);
  g_autoptr(GtTensor) f64_0 = scalar0 (0.25, GT_DTYPE_FLOAT64);

  EXPECT1 (gt_tensor_add (i32, f32, 1.0, &error), GT_DTYPE_FLOAT32, 0, 1.5, 2.5);
  /* a 0-d tensor promotes like a number of its kind */
  EXPECT1 (gt_tensor_add (i32, i64_0, 1.0, &error), GT_DTYPE_INT32, 0, 6, 7);
  EXPECT1 (gt_tensor_add (f32, f64_0, 1.0, &error), GT_DTYPE_FLOAT32, 0,
           0.75, 0.75);
  /* ... unless it is of a higher category: torch gives float64 here */
  EXPECT1 (gt_tensor_add (i32, f64_0, 1.0, &error), GT_DTYPE_FLOAT64, 0,
           1.25, 2.25);
  EXPECT1 (gt_tensor_add (b1, i64_0, 1.0, &error), GT_DTYPE_INT64, 0, 6, 5);
  EXPECT1 (gt_tensor_add (u8, i8, 1.0, &error), GT_DTYPE_INT16, 0, 260, -2);
  EXPECT1 (gt_tensor_add (b1, b2, 1.0, &error), GT_DTYPE_BOOL, 0, 1, 1);
  EXPECT1 (gt_tensor_add (b1, b1, 0.0, &error), GT_DTYPE_BOOL, 0, 1, 0);
  /* a number promotes as a Python float: float32, not float64 */
  EXPECT1 (gt_tensor_add_scalar (i32, 0.5, 1.0, &error), GT_DTYPE_FLOAT32, 0,
           1.5, 2.5);
  EXPECT1 (gt_tensor_add_scalar (b1, 1.0, 1.0, &error), GT_DTYPE_FLOAT32, 0,
           2, 1);
  expect (gt_tensor_add_scalar (i64_0, 2.5, 1.0, &error), &error,
          GT_DTYPE_FLOAT32, NULL, 0, (const gdouble[]) { 7.5 }, 0);
  {
    g_autoptr(GtTensor) f64 = VEC (GT_DTYPE_FLOAT64, 1);

    /* computed in double: 1 + 0.1 exactly as C does */
    EXPECT1 (gt_tensor_add_scalar (f64, 0.1, 1.0, &error), GT_DTYPE_FLOAT64,
             0, 1.0 + 0.1);
  }
}

static void
test_add_wraps (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) imax = VEC (GT_DTYPE_INT32, G_MAXINT32, G_MININT32);
  g_autoptr(GtTensor) one = VEC (GT_DTYPE_INT32, 1, 1);
  g_autoptr(GtTensor) u = VEC (GT_DTYPE_UINT8, 255, 0);
  g_autoptr(GtTensor) u1 = VEC (GT_DTYPE_UINT8, 1, 1);
  g_autoptr(GtTensor) i8 = VEC (GT_DTYPE_INT8, 100, -100);

  EXPECT1 (gt_tensor_add (imax, one, 1.0, &error), GT_DTYPE_INT32, 0,
           G_MININT32, G_MININT32 + 1);
  EXPECT1 (gt_tensor_sub (imax, one, 1.0, &error), GT_DTYPE_INT32, 0,
           G_MAXINT32 - 1, G_MAXINT32);
  EXPECT1 (gt_tensor_add (u, u1, 1.0, &error), GT_DTYPE_UINT8, 0, 0, 1);
  EXPECT1 (gt_tensor_sub (u, u1, 1.0, &error), GT_DTYPE_UINT8, 0, 254, 255);
  EXPECT1 (gt_tensor_add (i8, i8, 1.0, &error), GT_DTYPE_INT8, 0, -56, 56);
  EXPECT1 (gt_tensor_add (i8, i8, 3.0, &error), GT_DTYPE_INT8, 0, -112, 112);
}

static void
test_add_alpha (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT64, 1, 2);

  EXPECT1 (gt_tensor_add (i, i, -3.0, &error), GT_DTYPE_INT64, 0, -2, -4);
  EXPECT_ERROR (gt_tensor_add (i, i, 1.5, &error), GT_ERROR_VALUE,
                "gt_tensor_add");
  EXPECT_ERROR (gt_tensor_sub (i, i, 0.5, &error), GT_ERROR_VALUE,
                "gt_tensor_sub");
  EXPECT_ERROR (gt_tensor_add (i, i, NAN, &error), GT_ERROR_VALUE,
                "gt_tensor_add");
  /* the float result takes any alpha */
  EXPECT1 (gt_tensor_add_scalar (i, 1.0, 0.5, &error), GT_DTYPE_FLOAT32, 0,
           1.5, 2.5);
}

static void
test_add_inplace (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 1, 2, 3);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_FLOAT64, 0.5, 0.5, 0.5);
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT32, 1, 2, 3);
  g_autoptr(GtTensor) u = VEC (GT_DTYPE_UINT8, 250, 1, 2);
  g_autoptr(GtTensor) i32 = VEC (GT_DTYPE_INT32, 10, 10, 10);
  g_autoptr(GtTensor) m = gt_test_arange_shaped (s23, 2, GT_DTYPE_FLOAT32);

  g_assert_true (gt_tensor_add_ (a, b, 2.0, &error));
  g_assert_no_error (error);
  gt_test_assert_values (a, (const gdouble[]) { 2, 3, 4 }, 3, 0);
  g_assert_cmpint (gt_tensor_get_dtype (a), ==, GT_DTYPE_FLOAT32);
  g_assert_true (gt_tensor_add_scalar_ (a, 1.0, 1.0, &error));
  gt_test_assert_values (a, (const gdouble[]) { 3, 4, 5 }, 3, 0);
  g_assert_true (gt_tensor_sub_scalar_ (a, 1.0, 3.0, &error));
  gt_test_assert_values (a, (const gdouble[]) { 0, 1, 2 }, 3, 0);

  /* the int32 result is cast back into uint8, wrapping like torch */
  g_assert_true (gt_tensor_add_ (u, i32, 1.0, &error));
  g_assert_no_error (error);
  gt_test_assert_values (u, (const gdouble[]) { 4, 11, 12 }, 3, 0);

  EXPECT_FAIL (gt_tensor_add_ (i, a, 1.0, &error), GT_ERROR_DTYPE,
               "gt_tensor_add_");
  g_assert_true (gt_tensor_add_scalar_ (i, 1.0, 1.0, &error) == FALSE);
  expect_message (error, "can't be cast to the desired output type int32");
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_add_scalar_");
  gt_test_assert_values (i, (const gdouble[]) { 1, 2, 3 }, 3, 0);
  /* the destination does not broadcast */
  EXPECT_FAIL (gt_tensor_add_ (a, m, 1.0, &error), GT_ERROR_SHAPE,
               "gt_tensor_add_");
  /* bool += int is a cast error too */
  {
    g_autoptr(GtTensor) t = VEC (GT_DTYPE_BOOL, 1, 0, 1);

    EXPECT_FAIL (gt_tensor_add_ (t, i, 1.0, &error), GT_ERROR_DTYPE,
                 "gt_tensor_add_");
    g_assert_true (gt_tensor_add_ (t, t, 1.0, &error));
    gt_test_assert_values (t, (const gdouble[]) { 1, 0, 1 }, 3, 0);
  }
}

static void
test_inplace_expanded_refused (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) row = VEC (GT_DTYPE_FLOAT32, 1, 2, 3);
  const gint64 sizes[] = { 2, 3 }, strides[] = { 0, 1 };
  g_autoptr(GtTensor) e = gt_test_view (row, 2, sizes, strides, 0);
  g_autoptr(GtTensor) other = gt_test_arange_shaped (s23, 2, GT_DTYPE_FLOAT32);

  EXPECT_FAIL (gt_tensor_add_ (e, other, 1.0, &error), GT_ERROR_VALUE,
               "gt_tensor_add_");
  EXPECT_FAIL (gt_tensor_exp_ (e, &error), GT_ERROR_VALUE, "gt_tensor_exp_");
  gt_test_assert_values (row, (const gdouble[]) { 1, 2, 3 }, 3, 0);
}

static void
test_sub (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 5, 7, 9);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_FLOAT32, 1, 2, 3);
  g_autoptr(GtTensor) t = VEC (GT_DTYPE_BOOL, 1, 0, 1);
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT32, 1, 2, 3);

  EXPECT1 (gt_tensor_sub (a, b, 2.0, &error), GT_DTYPE_FLOAT32, 0, 3, 3, 3);
  EXPECT1 (gt_tensor_sub_scalar (i, 0.5, 1.0, &error), GT_DTYPE_FLOAT32, 0,
           0.5, 1.5, 2.5);
  /* other − alpha × self */
  EXPECT1 (gt_tensor_rsub_scalar (b, 10.0, 2.0, &error), GT_DTYPE_FLOAT32, 0,
           8, 6, 4);
  EXPECT1 (gt_tensor_rsub_scalar (i, 1.5, 1.0, &error), GT_DTYPE_FLOAT32, 0,
           0.5, -0.5, -1.5);

  g_assert_null (gt_tensor_sub (t, t, 1.0, &error));
  expect_message (error, "two bool tensors");
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_sub");
  g_assert_null (gt_tensor_sub (i, t, 1.0, &error));
  expect_message (error, "with a bool tensor");
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_sub");
  EXPECT_ERROR (gt_tensor_sub_scalar (t, 1.0, 1.0, &error), GT_ERROR_DTYPE,
                "gt_tensor_sub_scalar");
  EXPECT_ERROR (gt_tensor_rsub_scalar (t, 1.0, 1.0, &error), GT_ERROR_DTYPE,
                "gt_tensor_rsub_scalar");
  EXPECT_FAIL (gt_tensor_sub_ (t, t, 1.0, &error), GT_ERROR_DTYPE,
               "gt_tensor_sub_");
  g_assert_true (gt_tensor_sub_ (a, b, 1.0, &error));
  gt_test_assert_values (a, (const gdouble[]) { 4, 5, 6 }, 3, 0);
}

/* ---- mul, div ------------------------------------------------------------ */

static void
test_mul (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_INT32, 1, 2, 65536);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_INT32, 4, -5, 65536);
  g_autoptr(GtTensor) t = VEC (GT_DTYPE_BOOL, 1, 0, 1);
  g_autoptr(GtTensor) u = VEC (GT_DTYPE_BOOL, 1, 1, 0);
  g_autoptr(GtTensor) f = VEC (GT_DTYPE_FLOAT64, 1.5, -2, 0);

  EXPECT1 (gt_tensor_mul (a, b, &error), GT_DTYPE_INT32, 0, 4, -10, 0);
  EXPECT1 (gt_tensor_mul (t, u, &error), GT_DTYPE_BOOL, 0, 1, 0, 0);
  EXPECT1 (gt_tensor_mul_scalar (f, -2.0, &error), GT_DTYPE_FLOAT64, 0,
           -3, 4, -0.0);
  EXPECT1 (gt_tensor_mul_scalar (t, 2.5, &error), GT_DTYPE_FLOAT32, 0,
           2.5, 0, 2.5);
  g_assert_true (gt_tensor_mul_ (f, f, &error));
  gt_test_assert_values (f, (const gdouble[]) { 2.25, 4, 0 }, 3, 0);
  EXPECT_FAIL (gt_tensor_mul_scalar_ (t, 2.5, &error), GT_ERROR_DTYPE,
               "gt_tensor_mul_scalar_");
}

static void
test_div_true (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_INT32, 1, 2, 3);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_INT32, 2, 2, 2);
  g_autoptr(GtTensor) z = VEC (GT_DTYPE_INT32, 0, 0, 0);
  g_autoptr(GtTensor) f = VEC (GT_DTYPE_FLOAT32, 1, -1, 0);
  g_autoptr(GtTensor) fz = VEC (GT_DTYPE_FLOAT32, 0, 0, 0);

  /* int / int is true division in float32 */
  EXPECT1 (gt_tensor_div (a, b, NULL, &error), GT_DTYPE_FLOAT32, 0,
           0.5, 1, 1.5);
  EXPECT1 (gt_tensor_div (a, z, NULL, &error), GT_DTYPE_FLOAT32, 0,
           INFINITY, INFINITY, INFINITY);
  EXPECT1 (gt_tensor_div (f, fz, NULL, &error), GT_DTYPE_FLOAT32, 0,
           INFINITY, -INFINITY, NAN);
  EXPECT1 (gt_tensor_div_scalar (a, 2.0, NULL, &error), GT_DTYPE_FLOAT32, 0,
           0.5, 1, 1.5);
  /* other / self */
  EXPECT1 (gt_tensor_rdiv_scalar (b, 1.0, NULL, &error), GT_DTYPE_FLOAT32, 0,
           0.5, 0.5, 0.5);
  EXPECT1 (gt_tensor_rdiv_scalar (a, 7.0, "floor", &error), GT_DTYPE_FLOAT32,
           0, 7, 3, 2);
  /* in place, int / int does not fit the int tensor */
  EXPECT_FAIL (gt_tensor_div_ (a, b, NULL, &error), GT_ERROR_DTYPE,
               "gt_tensor_div_");
  g_assert_true (gt_tensor_div_ (f, f, NULL, &error));
  gt_test_assert_values (f, (const gdouble[]) { 1, 1, NAN }, 3, 0);
}

static void
test_div_rounding_ints (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_INT32, 7, -7, 7, -7, 0);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_INT32, 2, 2, -2, -2, 3);
  g_autoptr(GtTensor) m = VEC (GT_DTYPE_INT8, -128, 127);
  g_autoptr(GtTensor) n = VEC (GT_DTYPE_INT8, -1, -1);
  g_autoptr(GtTensor) u = VEC (GT_DTYPE_UINT8, 7, 255);
  g_autoptr(GtTensor) u2 = VEC (GT_DTYPE_UINT8, 2, 16);

  EXPECT1 (gt_tensor_div (a, b, "trunc", &error), GT_DTYPE_INT32, 0,
           3, -3, -3, 3, 0);
  EXPECT1 (gt_tensor_div (a, b, "floor", &error), GT_DTYPE_INT32, 0,
           3, -4, -4, 3, 0);
  /* MIN / -1 wraps instead of trapping */
  EXPECT1 (gt_tensor_div (m, n, "trunc", &error), GT_DTYPE_INT8, 0, -128, -127);
  EXPECT1 (gt_tensor_div (m, n, "floor", &error), GT_DTYPE_INT8, 0, -128, -127);
  EXPECT1 (gt_tensor_div (u, u2, "floor", &error), GT_DTYPE_UINT8, 0, 3, 15);
  g_assert_true (gt_tensor_div_ (a, b, "floor", &error));
  gt_test_assert_values (a, (const gdouble[]) { 3, -4, -4, 3, 0 }, 5, 0);
  /* with a number the division is in float32 */
  EXPECT1 (gt_tensor_div_scalar (b, 4.0, "floor", &error), GT_DTYPE_FLOAT32, 0,
           0, 0, -1, -1, 0);
}

static void
test_div_rounding_floats (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT64, 7, -7, 7, -7, 1, -1, 0, 5.5);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_FLOAT64, 2, 2, -2, -2, 0, 0, 0, 0.5);

  EXPECT1 (gt_tensor_div (a, b, "trunc", &error), GT_DTYPE_FLOAT64, 0,
           3, -3, -3, 3, INFINITY, -INFINITY, NAN, 11);
  EXPECT1 (gt_tensor_div (a, b, "floor", &error), GT_DTYPE_FLOAT64, 0,
           3, -4, -4, 3, INFINITY, -INFINITY, NAN, 11);
}

static void
test_div_errors (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_INT64, 1, 2, 3);
  g_autoptr(GtTensor) z = VEC (GT_DTYPE_INT64, 1, 0, 1);
  g_autoptr(GtTensor) z0 = scalar0 (0, GT_DTYPE_INT64);
  g_autoptr(GtTensor) t = VEC (GT_DTYPE_BOOL, 1, 1, 1);
  g_autoptr(GtTensor) f = VEC (GT_DTYPE_FLOAT32, 1, 2, 3);

  EXPECT_ERROR (gt_tensor_div (f, f, "round", &error), GT_ERROR_VALUE,
                "gt_tensor_div");
  EXPECT_ERROR (gt_tensor_div_scalar (f, 1.0, "Floor", &error), GT_ERROR_VALUE,
                "gt_tensor_div_scalar");
  EXPECT_ERROR (gt_tensor_rdiv_scalar (f, 1.0, "", &error), GT_ERROR_VALUE,
                "gt_tensor_rdiv_scalar");
  EXPECT_FAIL (gt_tensor_div_ (f, f, "x", &error), GT_ERROR_VALUE,
               "gt_tensor_div_");

  g_assert_null (gt_tensor_div (a, z, "trunc", &error));
  expect_message (error, "ZeroDivisionError");
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_div");
  EXPECT_ERROR (gt_tensor_div (a, z0, "floor", &error), GT_ERROR_VALUE,
                "gt_tensor_div");
  EXPECT_ERROR (gt_tensor_remainder (a, z, &error), GT_ERROR_VALUE,
                "gt_tensor_remainder");
  /* in place, the failed division leaves the tensor as it was */
  EXPECT_FAIL (gt_tensor_div_ (a, z, "floor", &error), GT_ERROR_VALUE,
               "gt_tensor_div_");
  EXPECT_FAIL (gt_tensor_remainder_ (a, z, &error), GT_ERROR_VALUE,
               "gt_tensor_remainder_");
  gt_test_assert_values (a, (const gdouble[]) { 1, 2, 3 }, 3, 0);
  /* float division by zero is fine */
  EXPECT1 (gt_tensor_div_scalar (a, 0.0, "trunc", &error), GT_DTYPE_FLOAT32, 0,
           INFINITY, INFINITY, INFINITY);

  EXPECT_ERROR (gt_tensor_div (t, t, "trunc", &error), GT_ERROR_DTYPE,
                "gt_tensor_div");
  EXPECT_ERROR (gt_tensor_div (t, t, "floor", &error), GT_ERROR_DTYPE,
                "gt_tensor_div");
  EXPECT1 (gt_tensor_div (t, t, NULL, &error), GT_DTYPE_FLOAT32, 0, 1, 1, 1);
}

/* ---- pow, maximum, minimum, remainder, atan2 ------------------------------- */

static void
test_pow (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) f = VEC (GT_DTYPE_FLOAT32, 2, 3, 4, -8);
  g_autoptr(GtTensor) e = VEC (GT_DTYPE_FLOAT32, 2, 0.5, -1, 0);
  g_autoptr(GtTensor) ib = VEC (GT_DTYPE_INT64, 2, -2, 1, -1, 3, 0);
  g_autoptr(GtTensor) ie = VEC (GT_DTYPE_INT64, 10, 3, -2, -3, -1, 0);
  g_autoptr(GtTensor) t = VEC (GT_DTYPE_BOOL, 1, 0);
  g_autoptr(GtTensor) two = scalar0 (2, GT_DTYPE_INT64);

  EXPECT1 (gt_tensor_pow (f, e, &error), GT_DTYPE_FLOAT32, 1e-6,
           4, 1.7320508075688772, 0.25, 1);
  /* negative integer exponents: 0 except for bases 1 and -1 */
  EXPECT1 (gt_tensor_pow (ib, ie, &error), GT_DTYPE_INT64, 0,
           1024, -8, 1, -1, 0, 1);
  EXPECT1 (gt_tensor_pow_scalar (ib, 0.5, &error), GT_DTYPE_FLOAT32, 1e-6,
           G_SQRT2, NAN, 1, NAN, 1.7320508075688772, 0);
  EXPECT1 (gt_tensor_rpow_scalar (e, 2.0, &error), GT_DTYPE_FLOAT32, 1e-6,
           4, G_SQRT2, 0.5, 1);
  EXPECT1 (gt_tensor_pow (t, two, &error), GT_DTYPE_INT64, 0, 1, 0);
  EXPECT_ERROR (gt_tensor_pow (t, t, &error), GT_ERROR_DTYPE, "gt_tensor_pow");
  g_assert_true (gt_tensor_pow_scalar_ (f, 2.0, &error));
  gt_test_assert_values (f, (const gdouble[]) { 4, 9, 16, 64 }, 4, 1e-5);
  EXPECT_FAIL (gt_tensor_pow_scalar_ (ib, 2.0, &error), GT_ERROR_DTYPE,
               "gt_tensor_pow_scalar_");
}

static void
test_maximum_minimum (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 1, NAN, 3, -INFINITY);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_FLOAT32, 2, 1, NAN, 0);
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT32, -3, 5);
  g_autoptr(GtTensor) j = VEC (GT_DTYPE_INT64, 2, 4);
  g_autoptr(GtTensor) t = VEC (GT_DTYPE_BOOL, 1, 0, 0);
  g_autoptr(GtTensor) u = VEC (GT_DTYPE_BOOL, 0, 1, 0);

  EXPECT1 (gt_tensor_maximum (a, b, &error), GT_DTYPE_FLOAT32, 0,
           2, NAN, NAN, 0);
  EXPECT1 (gt_tensor_minimum (a, b, &error), GT_DTYPE_FLOAT32, 0,
           1, NAN, NAN, -INFINITY);
  EXPECT1 (gt_tensor_maximum (i, j, &error), GT_DTYPE_INT64, 0, 2, 5);
  EXPECT1 (gt_tensor_minimum (i, j, &error), GT_DTYPE_INT64, 0, -3, 4);
  EXPECT1 (gt_tensor_maximum (t, u, &error), GT_DTYPE_BOOL, 0, 1, 1, 0);
  EXPECT1 (gt_tensor_minimum (t, u, &error), GT_DTYPE_BOOL, 0, 0, 0, 0);
  EXPECT1 (gt_tensor_maximum_scalar (i, 0.5, &error), GT_DTYPE_FLOAT32, 0,
           0.5, 5);
  EXPECT1 (gt_tensor_minimum_scalar (a, 0.0, &error), GT_DTYPE_FLOAT32, 0,
           0, NAN, 0, -INFINITY);
}

static void
test_remainder (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_INT32, 7, -7, 7, -7, 6);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_INT32, 3, 3, -3, -3, 3);
  g_autoptr(GtTensor) f = VEC (GT_DTYPE_FLOAT64, 5.5, -5.5, 5.5, -0.0, 1);
  g_autoptr(GtTensor) g = VEC (GT_DTYPE_FLOAT64, 2, 2, -2, 2, 0);
  g_autoptr(GtTensor) m = VEC (GT_DTYPE_INT64, G_MININT64);
  g_autoptr(GtTensor) n = VEC (GT_DTYPE_INT64, -1);

  /* the sign of the divisor, as Python's % */
  EXPECT1 (gt_tensor_remainder (a, b, &error), GT_DTYPE_INT32, 0,
           1, 2, -2, -1, 0);
  EXPECT1 (gt_tensor_remainder (f, g, &error), GT_DTYPE_FLOAT64, 0,
           1.5, 0.5, -0.5, -0.0, NAN);
  EXPECT1 (gt_tensor_remainder (m, n, &error), GT_DTYPE_INT64, 0, 0);
  EXPECT1 (gt_tensor_remainder_scalar (a, -2.5, &error), GT_DTYPE_FLOAT32, 0,
           -0.5, -2, -0.5, -2, -1.5);
  /* other % self */
  EXPECT1 (gt_tensor_rremainder_scalar (b, 7.0, &error), GT_DTYPE_FLOAT32, 0,
           1, 1, -2, -2, 1);
  {
    g_autoptr(GtTensor) t = VEC (GT_DTYPE_BOOL, 1);

    EXPECT_ERROR (gt_tensor_remainder (t, t, &error), GT_ERROR_DTYPE,
                  "gt_tensor_remainder");
  }
  g_assert_true (gt_tensor_remainder_scalar_ (f, 2.0, &error));
  gt_test_assert_values (f, (const gdouble[]) { 1.5, 0.5, 1.5, -0.0, 1 }, 5, 0);
}

static void
test_atan2 (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) y = VEC (GT_DTYPE_FLOAT64, 1, 1, -1, 0, 0);
  g_autoptr(GtTensor) x = VEC (GT_DTYPE_FLOAT64, 1, -1, -1, 1, -1);
  g_autoptr(GtTensor) iy = VEC (GT_DTYPE_INT32, 1, 0);
  g_autoptr(GtTensor) ix = VEC (GT_DTYPE_INT32, 0, 1);

  EXPECT1 (gt_tensor_atan2 (y, x, &error), GT_DTYPE_FLOAT64, 1e-15,
           G_PI / 4, 3 * G_PI / 4, -3 * G_PI / 4, 0, G_PI);
  EXPECT1 (gt_tensor_atan2 (iy, ix, &error), GT_DTYPE_FLOAT32, 1e-6,
           G_PI / 2, 0);
  EXPECT1 (gt_tensor_atan2_scalar (iy, -1.0, &error), GT_DTYPE_FLOAT32, 1e-6,
           3 * G_PI / 4, G_PI);
  EXPECT_FAIL (gt_tensor_atan2_ (iy, ix, &error), GT_ERROR_DTYPE,
               "gt_tensor_atan2_");
  g_assert_true (gt_tensor_atan2_ (y, x, &error));
  gt_test_assert_values (y, (const gdouble[]) { G_PI / 4, 3 * G_PI / 4,
                                                -3 * G_PI / 4, 0, G_PI },
                         5, 1e-15);
}

/* ---- comparisons and logical ops --------------------------------------------- */

static void
test_compare (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 1, 2, NAN, 4);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_FLOAT32, 1, 3, NAN, 3);
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT32, 1, 2, 3);
  g_autoptr(GtTensor) f = VEC (GT_DTYPE_FLOAT64, 1, 2.5, 3);
  g_autoptr(GtTensor) t = VEC (GT_DTYPE_BOOL, 1, 0, 1);
  g_autoptr(GtTensor) u = VEC (GT_DTYPE_BOOL, 1, 1, 0);

  EXPECT1 (gt_tensor_eq (a, b, &error), GT_DTYPE_BOOL, 0, 1, 0, 0, 0);
  EXPECT1 (gt_tensor_ne (a, b, &error), GT_DTYPE_BOOL, 0, 0, 1, 1, 1);
  EXPECT1 (gt_tensor_lt (a, b, &error), GT_DTYPE_BOOL, 0, 0, 1, 0, 0);
  EXPECT1 (gt_tensor_le (a, b, &error), GT_DTYPE_BOOL, 0, 1, 1, 0, 0);
  EXPECT1 (gt_tensor_gt (a, b, &error), GT_DTYPE_BOOL, 0, 0, 0, 0, 1);
  EXPECT1 (gt_tensor_ge (a, b, &error), GT_DTYPE_BOOL, 0, 1, 0, 0, 1);
  /* int against float compares in the common dtype */
  EXPECT1 (gt_tensor_eq (i, f, &error), GT_DTYPE_BOOL, 0, 1, 0, 1);
  EXPECT1 (gt_tensor_lt (t, u, &error), GT_DTYPE_BOOL, 0, 0, 1, 0);
  EXPECT1 (gt_tensor_eq_scalar (i, 2.0, &error), GT_DTYPE_BOOL, 0, 0, 1, 0);
  EXPECT1 (gt_tensor_ne_scalar (i, 2.0, &error), GT_DTYPE_BOOL, 0, 1, 0, 1);
  EXPECT1 (gt_tensor_lt_scalar (i, 2.5, &error), GT_DTYPE_BOOL, 0, 1, 1, 0);
  EXPECT1 (gt_tensor_le_scalar (i, 2.0, &error), GT_DTYPE_BOOL, 0, 1, 1, 0);
  EXPECT1 (gt_tensor_gt_scalar (t, 0.5, &error), GT_DTYPE_BOOL, 0, 1, 0, 1);
  EXPECT1 (gt_tensor_ge_scalar (a, 2.0, &error), GT_DTYPE_BOOL, 0, 0, 1, 0, 1);
}

static void
test_logical (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 0, 1, NAN, 0);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_INT32, 0, 0, 5, 7);

  EXPECT1 (gt_tensor_logical_and (a, b, &error), GT_DTYPE_BOOL, 0, 0, 0, 1, 0);
  EXPECT1 (gt_tensor_logical_or (a, b, &error), GT_DTYPE_BOOL, 0, 0, 1, 1, 1);
  EXPECT1 (gt_tensor_logical_xor (a, b, &error), GT_DTYPE_BOOL, 0, 0, 1, 0, 1);
  EXPECT1 (gt_tensor_logical_not (a, &error), GT_DTYPE_BOOL, 0, 1, 0, 0, 1);
  EXPECT1 (gt_tensor_logical_not (b, &error), GT_DTYPE_BOOL, 0, 1, 1, 0, 0);
  /* in place, the bool result is written in the tensor's own dtype */
  g_assert_true (gt_tensor_logical_not_ (a, &error));
  g_assert_cmpint (gt_tensor_get_dtype (a), ==, GT_DTYPE_FLOAT32);
  gt_test_assert_values (a, (const gdouble[]) { 1, 0, 0, 1 }, 4, 0);
}

/* ---- where ------------------------------------------------------------------- */

static void
test_where (void)
{
  GError *error = NULL;
  const gint64 s21[] = { 2, 1 };
  const gdouble cv[] = { 1, 0 };
  const gdouble want[] = { 1, 2, 3, 7, 7, 7 };
  g_autoptr(GtTensor) c = VEC (GT_DTYPE_BOOL, 1, 0, 1);
  g_autoptr(GtTensor) a = VEC (GT_DTYPE_FLOAT32, 1, 2, 3);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_INT32, 10, 20, 30);
  g_autoptr(GtTensor) col = gt_test_new (cv, 2, s21, 2, GT_DTYPE_BOOL);
  g_autoptr(GtTensor) seven = scalar0 (7, GT_DTYPE_INT64);
  g_autoptr(GtTensor) cu8 = VEC (GT_DTYPE_UINT8, 0, 2, 0);
  g_autoptr(GtTensor) h = VEC (GT_DTYPE_FLOAT16, 0.5, 1.5, 2.5);

  EXPECT1 (gt_where (c, a, b, &error), GT_DTYPE_FLOAT32, 0, 1, 20, 3);
  EXPECT1 (gt_where (c, b, b, &error), GT_DTYPE_INT32, 0, 10, 20, 30);
  /* all three broadcast: [2, 1], [3] and a 0-d int64 that does not promote */
  expect (gt_where (col, a, seven, &error), &error, GT_DTYPE_FLOAT32, s23, 2,
          want, 0);
  EXPECT1 (gt_where (cu8, b, seven, &error), GT_DTYPE_INT32, 0, 7, 20, 7);
  EXPECT1 (gt_where (c, h, h, &error), GT_DTYPE_FLOAT16, 0, 0.5, 1.5, 2.5);
  EXPECT1 (gt_where_scalar (c, b, 2.5, &error), GT_DTYPE_FLOAT32, 0,
           10, 2.5, 30);
  EXPECT1 (gt_where_scalar (c, a, NAN, &error), GT_DTYPE_FLOAT32, 0,
           1, NAN, 3);

  g_assert_null (gt_where (a, a, a, &error));
  expect_message (error, "boolean");
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_where");
  {
    g_autoptr(GtTensor) four = VEC (GT_DTYPE_FLOAT32, 1, 2, 3, 4);

    EXPECT_ERROR (gt_where (c, four, a, &error), GT_ERROR_SHAPE, "gt_where");
  }
}

/* ---- unary ------------------------------------------------------------------- */

typedef GtTensor *(*UnaryFn) (GtTensor *, GError **);

static void
check_against_libm (UnaryFn      fn,
                    gdouble    (*ref) (gdouble),
                    const char  *name,
                    gdouble      lo,
                    gdouble      hi)
{
  enum { N = 301 };
  gdouble v[N], want[N];

  for (gint i = 0; i < N; i++)
    {
      v[i] = lo + (hi - lo) * i / (N - 1);
      want[i] = ref (v[i]);
    }
  for (guint d = 0; d < 2; d++)
    {
      GtDType dtype = d == 0 ? GT_DTYPE_FLOAT64 : GT_DTYPE_FLOAT32;
      g_autoptr(GtTensor) x = gt_test_new_1d (v, N, dtype);
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) r = fn (x, &error);
      g_autofree gdouble *got = NULL;
      gsize n = 0;

      g_assert_no_error (error);
      g_assert_cmpint (gt_tensor_get_dtype (r), ==, dtype);
      got = gt_tensor_to_doubles (r, &n, &error);
      for (gint i = 0; i < N; i++)
        {
          /* float32 inputs are rounded first: compare with the function
           * of the rounded input */
          gdouble w = d == 0 ? want[i] : ref ((gfloat) v[i]);
          gdouble tol = (d == 0 ? 4e-15 : 4e-7) * MAX (fabs (w), 1e-30);

          if (!gt_test_double_matches (got[i], w, tol) &&
              !(fabs (w) < 1e-300 && fabs (got[i]) < 1e-30))
            g_error ("%s(%.17g) %s: got %.17g, expected %.17g", name, v[i],
                     gt_dtype_get_name (dtype), got[i], w);
        }
    }
}

static gdouble ref_rsqrt (gdouble x) { return 1.0 / sqrt (x); }
static gdouble ref_sigmoid (gdouble x) { return 1.0 / (1.0 + exp (-x)); }
static gdouble ref_reciprocal (gdouble x) { return 1.0 / x; }

static void
test_unary_float_functions (void)
{
  check_against_libm (gt_tensor_exp, exp, "exp", -80, 80);
  check_against_libm (gt_tensor_log, log, "log", 1e-3, 1e6);
  check_against_libm (gt_tensor_log2, log2, "log2", 1e-3, 1e6);
  check_against_libm (gt_tensor_log1p, log1p, "log1p", -0.9, 50);
  check_against_libm (gt_tensor_expm1, expm1, "expm1", -5, 5);
  check_against_libm (gt_tensor_sqrt, sqrt, "sqrt", 0, 1e4);
  check_against_libm (gt_tensor_rsqrt, ref_rsqrt, "rsqrt", 1e-3, 1e4);
  check_against_libm (gt_tensor_sin, sin, "sin", -10, 10);
  check_against_libm (gt_tensor_cos, cos, "cos", -10, 10);
  check_against_libm (gt_tensor_tanh, tanh, "tanh", -20, 20);
  check_against_libm (gt_tensor_sigmoid, ref_sigmoid, "sigmoid", -30, 30);
  check_against_libm (gt_tensor_reciprocal, ref_reciprocal, "reciprocal", 0.25, 9);
}

static void
test_unary_special_values (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = VEC (GT_DTYPE_FLOAT32, 0, 1, -1, INFINITY, -INFINITY, NAN);

  EXPECT1 (gt_tensor_exp (x, &error), GT_DTYPE_FLOAT32, 1e-6,
           1, G_E, 1 / G_E, INFINITY, 0, NAN);
  EXPECT1 (gt_tensor_log (x, &error), GT_DTYPE_FLOAT32, 0,
           -INFINITY, 0, NAN, INFINITY, NAN, NAN);
  EXPECT1 (gt_tensor_sqrt (x, &error), GT_DTYPE_FLOAT32, 0,
           0, 1, NAN, INFINITY, NAN, NAN);
  EXPECT1 (gt_tensor_rsqrt (x, &error), GT_DTYPE_FLOAT32, 0,
           INFINITY, 1, NAN, 0, NAN, NAN);
  EXPECT1 (gt_tensor_reciprocal (x, &error), GT_DTYPE_FLOAT32, 0,
           INFINITY, 1, -1, 0, -0.0, NAN);
  EXPECT1 (gt_tensor_tanh (x, &error), GT_DTYPE_FLOAT32, 1e-6,
           0, 0.7615941559557649, -0.7615941559557649, 1, -1, NAN);
  EXPECT1 (gt_tensor_sigmoid (x, &error), GT_DTYPE_FLOAT32, 1e-6,
           0.5, 0.7310585786300049, 0.2689414213699951, 1, 0, NAN);
  EXPECT1 (gt_tensor_abs (x, &error), GT_DTYPE_FLOAT32, 0,
           0, 1, 1, INFINITY, INFINITY, NAN);
  EXPECT1 (gt_tensor_neg (x, &error), GT_DTYPE_FLOAT32, 0,
           -0.0, -1, 1, -INFINITY, INFINITY, NAN);
  EXPECT1 (gt_tensor_sign (x, &error), GT_DTYPE_FLOAT32, 0,
           0, 1, -1, 1, -1, 0);
  EXPECT1 (gt_tensor_relu (x, &error), GT_DTYPE_FLOAT32, 0,
           0, 1, 0, INFINITY, 0, NAN);
  EXPECT1 (gt_tensor_square (x, &error), GT_DTYPE_FLOAT32, 0,
           0, 1, 1, INFINITY, INFINITY, NAN);
  EXPECT1 (gt_tensor_log2 (x, &error), GT_DTYPE_FLOAT32, 0,
           -INFINITY, 0, NAN, INFINITY, NAN, NAN);
  EXPECT1 (gt_tensor_expm1 (x, &error), GT_DTYPE_FLOAT32, 1e-6,
           0, G_E - 1, 1 / G_E - 1, INFINITY, -1, NAN);
  EXPECT1 (gt_tensor_log1p (x, &error), GT_DTYPE_FLOAT32, 1e-6,
           0, G_LN2, -INFINITY, INFINITY, NAN, NAN);
}

static void
test_unary_integer_inputs (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT64, 0, 1, 4);
  g_autoptr(GtTensor) t = VEC (GT_DTYPE_BOOL, 0, 1);

  /* float functions of integers and bools give float32 */
  EXPECT1 (gt_tensor_exp (i, &error), GT_DTYPE_FLOAT32, 1e-4,
           1, G_E, 54.598150033144236);
  EXPECT1 (gt_tensor_sqrt (i, &error), GT_DTYPE_FLOAT32, 0, 0, 1, 2);
  EXPECT1 (gt_tensor_reciprocal (i, &error), GT_DTYPE_FLOAT32, 0,
           INFINITY, 1, 0.25);
  EXPECT1 (gt_tensor_sigmoid (t, &error), GT_DTYPE_FLOAT32, 1e-7,
           0.5, 0.7310585786300049);
  EXPECT_FAIL (gt_tensor_exp_ (i, &error), GT_ERROR_DTYPE, "gt_tensor_exp_");
  EXPECT_FAIL (gt_tensor_sqrt_ (t, &error), GT_ERROR_DTYPE, "gt_tensor_sqrt_");
}

static void
test_unary_integers (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT32, -3, 0, 4, G_MININT32);
  g_autoptr(GtTensor) u = VEC (GT_DTYPE_UINT8, 3, 0, 255);
  g_autoptr(GtTensor) t = VEC (GT_DTYPE_BOOL, 1, 0);

  EXPECT1 (gt_tensor_abs (i, &error), GT_DTYPE_INT32, 0, 3, 0, 4, G_MININT32);
  EXPECT1 (gt_tensor_neg (i, &error), GT_DTYPE_INT32, 0, 3, 0, -4, G_MININT32);
  EXPECT1 (gt_tensor_sign (i, &error), GT_DTYPE_INT32, 0, -1, 0, 1, -1);
  EXPECT1 (gt_tensor_relu (i, &error), GT_DTYPE_INT32, 0, 0, 0, 4, 0);
  EXPECT1 (gt_tensor_square (i, &error), GT_DTYPE_INT32, 0, 9, 0, 16, 0);
  EXPECT1 (gt_tensor_floor (i, &error), GT_DTYPE_INT32, 0, -3, 0, 4, G_MININT32);
  EXPECT1 (gt_tensor_round (i, 0, &error), GT_DTYPE_INT32, 0, -3, 0, 4,
           G_MININT32);
  EXPECT1 (gt_tensor_neg (u, &error), GT_DTYPE_UINT8, 0, 253, 0, 1);
  EXPECT1 (gt_tensor_abs (u, &error), GT_DTYPE_UINT8, 0, 3, 0, 255);
  EXPECT1 (gt_tensor_sign (u, &error), GT_DTYPE_UINT8, 0, 1, 0, 1);
  EXPECT1 (gt_tensor_square (u, &error), GT_DTYPE_UINT8, 0, 9, 0, 1);
  EXPECT1 (gt_tensor_sign (t, &error), GT_DTYPE_BOOL, 0, 1, 0);
  /* torch.pow (bool, 2) is int64 */
  EXPECT1 (gt_tensor_square (t, &error), GT_DTYPE_INT64, 0, 1, 0);
  EXPECT1 (gt_tensor_isnan (i, &error), GT_DTYPE_BOOL, 0, 0, 0, 0, 0);
  EXPECT1 (gt_tensor_isinf (t, &error), GT_DTYPE_BOOL, 0, 0, 0);
  EXPECT1 (gt_tensor_nan_to_num (i, 0, FALSE, 0, FALSE, 0, &error),
           GT_DTYPE_INT32, 0, -3, 0, 4, G_MININT32);

  g_assert_null (gt_tensor_neg (t, &error));
  expect_message (error, "Negation");
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_neg");
  EXPECT_FAIL (gt_tensor_neg_ (t, &error), GT_ERROR_DTYPE, "gt_tensor_neg_");
  EXPECT_ERROR (gt_tensor_abs (t, &error), GT_ERROR_DTYPE, "gt_tensor_abs");
  EXPECT_ERROR (gt_tensor_relu (t, &error), GT_ERROR_DTYPE, "gt_tensor_relu");
  EXPECT_ERROR (gt_tensor_floor (t, &error), GT_ERROR_DTYPE, "gt_tensor_floor");
  EXPECT_ERROR (gt_tensor_ceil (t, &error), GT_ERROR_DTYPE, "gt_tensor_ceil");
  EXPECT_ERROR (gt_tensor_trunc (t, &error), GT_ERROR_DTYPE, "gt_tensor_trunc");
  EXPECT_ERROR (gt_tensor_round (t, 0, &error), GT_ERROR_DTYPE,
                "gt_tensor_round");
  EXPECT_ERROR (gt_tensor_round (i, 1, &error), GT_ERROR_DTYPE,
                "gt_tensor_round");
  EXPECT_FAIL (gt_tensor_round_ (i, -1, &error), GT_ERROR_DTYPE,
               "gt_tensor_round_");
  EXPECT_FAIL (gt_tensor_square_ (t, &error), GT_ERROR_DTYPE,
               "gt_tensor_square_");

  g_assert_true (gt_tensor_neg_ (i, &error));
  gt_test_assert_values (i, (const gdouble[]) { 3, 0, -4, G_MININT32 }, 4, 0);
  g_assert_true (gt_tensor_floor_ (i, &error));
  gt_test_assert_values (i, (const gdouble[]) { 3, 0, -4, G_MININT32 }, 4, 0);
}

static void
test_unary_rounding (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = VEC (GT_DTYPE_FLOAT32, 0.5, 1.5, 2.5, -0.5, -1.5, 2.4,
                                -2.6, 3);
  g_autoptr(GtTensor) d = VEC (GT_DTYPE_FLOAT64, 1.25, 1.35, -0.05, 2.675);
  g_autoptr(GtTensor) h = VEC (GT_DTYPE_FLOAT64, 15, 25, 1234, -150);

  /* halves to even */
  EXPECT1 (gt_tensor_round (x, 0, &error), GT_DTYPE_FLOAT32, 0,
           0, 2, 2, -0.0, -2, 2, -3, 3);
  EXPECT1 (gt_tensor_floor (x, &error), GT_DTYPE_FLOAT32, 0,
           0, 1, 2, -1, -2, 2, -3, 3);
  EXPECT1 (gt_tensor_ceil (x, &error), GT_DTYPE_FLOAT32, 0,
           1, 2, 3, -0.0, -1, 3, -2, 3);
  EXPECT1 (gt_tensor_trunc (x, &error), GT_DTYPE_FLOAT32, 0,
           0, 1, 2, -0.0, -1, 2, -2, 3);
  /* x * 10, rounded, / 10: 1.25 -> 12.5 -> 12; 1.35 * 10 is 13.500000000000002 */
  EXPECT1 (gt_tensor_round (d, 1, &error), GT_DTYPE_FLOAT64, 1e-15,
           1.2, 1.4, -0.0, 2.7);
  EXPECT1 (gt_tensor_round (d, 2, &error), GT_DTYPE_FLOAT64, 1e-15,
           1.25, 1.35, -0.05, 2.68);
  EXPECT1 (gt_tensor_round (h, -1, &error), GT_DTYPE_FLOAT64, 0,
           20, 20, 1230, -150);
  EXPECT1 (gt_tensor_round (h, -2, &error), GT_DTYPE_FLOAT64, 0,
           0, 0, 1200, -200);
  g_assert_true (gt_tensor_round_ (d, 1, &error));
  gt_test_assert_values (d, (const gdouble[]) { 1.2, 1.4, -0.0, 2.7 }, 4, 1e-15);
  g_assert_true (gt_tensor_ceil_ (x, &error));
  gt_test_assert_values (x, (const gdouble[]) { 1, 2, 3, -0.0, -1, 3, -2, 3 },
                         8, 0);
}

static void
test_unary_predicates (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = VEC (GT_DTYPE_FLOAT64, NAN, INFINITY, -INFINITY, 1, 0);

  EXPECT1 (gt_tensor_isnan (x, &error), GT_DTYPE_BOOL, 0, 1, 0, 0, 0, 0);
  EXPECT1 (gt_tensor_isinf (x, &error), GT_DTYPE_BOOL, 0, 0, 1, 1, 0, 0);
  EXPECT1 (gt_tensor_logical_not (x, &error), GT_DTYPE_BOOL, 0, 0, 0, 0, 0, 1);
}

static void
test_nan_to_num (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) f = VEC (GT_DTYPE_FLOAT32, NAN, INFINITY, -INFINITY, 2);
  g_autoptr(GtTensor) d = VEC (GT_DTYPE_FLOAT64, NAN, INFINITY, -INFINITY, 2);
  g_autoptr(GtTensor) h = VEC (GT_DTYPE_FLOAT16, NAN, INFINITY, -INFINITY, 2);

  EXPECT1 (gt_tensor_nan_to_num (f, 0, FALSE, 0, FALSE, 0, &error),
           GT_DTYPE_FLOAT32, 0, 0, G_MAXFLOAT, -G_MAXFLOAT, 2);
  EXPECT1 (gt_tensor_nan_to_num (d, 0, FALSE, 0, FALSE, 0, &error),
           GT_DTYPE_FLOAT64, 0, 0, G_MAXDOUBLE, -G_MAXDOUBLE, 2);
  EXPECT1 (gt_tensor_nan_to_num (h, 0, FALSE, 0, FALSE, 0, &error),
           GT_DTYPE_FLOAT16, 0, 0, 65504, -65504, 2);
  EXPECT1 (gt_tensor_nan_to_num (f, 1.5, TRUE, 5, FALSE, 0, &error),
           GT_DTYPE_FLOAT32, 0, 1.5, 5, -G_MAXFLOAT, 2);
  EXPECT1 (gt_tensor_nan_to_num (d, -1, FALSE, 0, TRUE, -7, &error),
           GT_DTYPE_FLOAT64, 0, -1, G_MAXDOUBLE, -7, 2);
  g_assert_true (gt_tensor_nan_to_num_ (f, 0, TRUE, 1, TRUE, -1, &error));
  gt_test_assert_values (f, (const gdouble[]) { 0, 1, -1, 2 }, 4, 0);
}

static void
test_unary_inplace (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) f = VEC (GT_DTYPE_FLOAT64, 0, 1, 4);
  const struct {
    gboolean (*fn) (GtTensor *, GError **);
    gdouble want[3];
  } steps[] = {
    { gt_tensor_sqrt_, { 0, 1, 2 } },
    { gt_tensor_square_, { 0, 1, 4 } },
    { gt_tensor_neg_, { -0.0, -1, -4 } },
    { gt_tensor_abs_, { 0, 1, 4 } },
    { gt_tensor_log1p_, { 0, G_LN2, 1.6094379124341003 } },
    { gt_tensor_expm1_, { 0, 1, 4 } },
    { gt_tensor_exp_, { 1, G_E, 54.598150033144236 } },
    { gt_tensor_log_, { 0, 1, 4 } },
    { gt_tensor_reciprocal_, { INFINITY, 1, 0.25 } },
    { gt_tensor_rsqrt_, { 0, 1, 2 } },
    { gt_tensor_log2_, { -INFINITY, 0, 1 } },
    { gt_tensor_relu_, { 0, 0, 1 } },
    { gt_tensor_sigmoid_, { 0.5, 0.5, 0.7310585786300049 } },
    { gt_tensor_tanh_, { 0.46211715726000974, 0.46211715726000974,
                         0.6237125498258757 } },
    { gt_tensor_sin_, { 0.44584419463266556, 0.44584419463266556,
                        0.5840527137120022 } },
    { gt_tensor_cos_, { 0.9022469535778508, 0.9022469535778508,
                        0.8342348026456383 } },
    { gt_tensor_sign_, { 1, 1, 1 } },
    { gt_tensor_trunc_, { 1, 1, 1 } },
    { gt_tensor_floor_, { 1, 1, 1 } },
  };

  for (gsize s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_assert_true (steps[s].fn (f, &error));
      g_assert_no_error (error);
      gt_test_assert_values (f, steps[s].want, 3, 1e-12);
    }
}

/* ---- clamp ------------------------------------------------------------------- */

static void
test_clamp_scalar (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = VEC (GT_DTYPE_FLOAT32, -2, 0.5, 3, NAN);
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT32, -2, 1, 3);

  EXPECT1 (gt_tensor_clamp_scalar (x, -1, 1, &error), GT_DTYPE_FLOAT32, 0,
           -1, 0.5, 1, NAN);
  /* max wins where min > max */
  EXPECT1 (gt_tensor_clamp_scalar (x, 2, 1, &error), GT_DTYPE_FLOAT32, 0,
           1, 1, 1, NAN);
  EXPECT1 (gt_tensor_clamp_min_scalar (x, 0, &error), GT_DTYPE_FLOAT32, 0,
           0, 0.5, 3, NAN);
  EXPECT1 (gt_tensor_clamp_max_scalar (x, 0, &error), GT_DTYPE_FLOAT32, 0,
           -2, 0, 0, NAN);
  /* an integer tensor clamped by numbers becomes float */
  EXPECT1 (gt_tensor_clamp_scalar (i, 0.5, 1.5, &error), GT_DTYPE_FLOAT32, 0,
           0.5, 1, 1.5);
  /* a NaN bound gives NaN everywhere, as torch.clamp and clamp_min */
  EXPECT1 (gt_tensor_clamp_scalar (x, NAN, 1, &error), GT_DTYPE_FLOAT32, 0,
           NAN, NAN, NAN, NAN);
  EXPECT1 (gt_tensor_clamp_min_scalar (i, NAN, &error), GT_DTYPE_FLOAT32, 0,
           NAN, NAN, NAN);

  g_assert_true (gt_tensor_clamp_scalar_ (x, 0, 2, &error));
  gt_test_assert_values (x, (const gdouble[]) { 0, 0.5, 2, NAN }, 4, 0);
  g_assert_true (gt_tensor_clamp_max_scalar_ (x, 1, &error));
  gt_test_assert_values (x, (const gdouble[]) { 0, 0.5, 1, NAN }, 4, 0);
  g_assert_true (gt_tensor_clamp_min_scalar_ (x, 0.75, &error));
  gt_test_assert_values (x, (const gdouble[]) { 0.75, 0.75, 1, NAN }, 4, 0);
  EXPECT_FAIL (gt_tensor_clamp_scalar_ (i, 0, 1, &error), GT_ERROR_DTYPE,
               "gt_tensor_clamp_scalar_");
  EXPECT_FAIL (gt_tensor_clamp_min_scalar_ (i, 0, &error), GT_ERROR_DTYPE,
               "gt_tensor_clamp_min_scalar_");
}

static void
test_clamp_tensor (void)
{
  GError *error = NULL;
  const gdouble xv[] = { -5, 0, 5, 1, NAN, 3 };
  g_autoptr(GtTensor) x = gt_test_new (xv, 6, s23, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) lo = VEC (GT_DTYPE_FLOAT32, -1, -1, NAN);
  g_autoptr(GtTensor) lo2 = VEC (GT_DTYPE_FLOAT32, -1, -1, 0);
  g_autoptr(GtTensor) hi = scalar0 (2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) i = VEC (GT_DTYPE_INT32, -3, 0, 9);
  g_autoptr(GtTensor) ilo = scalar0 (-1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) ihi = VEC (GT_DTYPE_INT32, 5, 5, 5);
  g_autoptr(GtTensor) flo = scalar0 (0.5, GT_DTYPE_FLOAT64);

  /* lo [3] and a 0-d hi broadcast against [2, 3] */
  {
    const gdouble want_nan[] = { -1, 0, NAN, 1, NAN, NAN };

    expect (gt_tensor_clamp (x, lo, hi, &error), &error, GT_DTYPE_FLOAT32,
            s23, 2, want_nan, 0);
  }
  expect (gt_tensor_clamp (x, lo2, hi, &error), &error, GT_DTYPE_FLOAT32, s23,
          2, (const gdouble[]) { -1, 0, 2, 1, NAN, 2 }, 0);
  expect (gt_tensor_clamp (x, NULL, hi, &error), &error, GT_DTYPE_FLOAT32, s23,
          2, (const gdouble[]) { -5, 0, 2, 1, NAN, 2 }, 0);
  expect (gt_tensor_clamp (x, lo2, NULL, &error), &error, GT_DTYPE_FLOAT32,
          s23, 2, (const gdouble[]) { -1, 0, 5, 1, NAN, 3 }, 0);
  /* dtypes: torch.result_type of all three */
  EXPECT1 (gt_tensor_clamp (i, ilo, ihi, &error), GT_DTYPE_INT32, 0, -1, 0, 5);
  EXPECT1 (gt_tensor_clamp (i, flo, NULL, &error), GT_DTYPE_FLOAT64, 0,
           0.5, 0.5, 9);

  EXPECT_ERROR (gt_tensor_clamp (x, NULL, NULL, &error), GT_ERROR_VALUE,
                "gt_tensor_clamp");
  EXPECT_FAIL (gt_tensor_clamp_ (x, NULL, NULL, &error), GT_ERROR_VALUE,
               "gt_tensor_clamp_");
  EXPECT_FAIL (gt_tensor_clamp_ (i, flo, NULL, &error), GT_ERROR_DTYPE,
               "gt_tensor_clamp_");
  {
    g_autoptr(GtTensor) four = VEC (GT_DTYPE_FLOAT32, 1, 2, 3, 4);

    EXPECT_ERROR (gt_tensor_clamp (x, four, NULL, &error), GT_ERROR_SHAPE,
                  "gt_tensor_clamp");
  }
  g_assert_true (gt_tensor_clamp_ (i, ilo, ihi, &error));
  gt_test_assert_values (i, (const gdouble[]) { -1, 0, 5 }, 3, 0);
}

/* ---- layouts ----------------------------------------------------------------- */

static void
test_layout_transposed (void)
{
  GError *error = NULL;
  const gint64 s32[] = { 3, 2 };
  g_autoptr(GtTensor) base = gt_test_arange_shaped (s23, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) t = gt_test_transpose (base);           /* [3, 2] */
  g_autoptr(GtTensor) c = gt_test_arange_shaped (s32, 2, GT_DTYPE_FLOAT32);

  /* t = [[0, 3], [1, 4], [2, 5]] */
  expect (gt_tensor_add (t, c, 10.0, &error), &error, GT_DTYPE_FLOAT32, s32, 2,
          (const gdouble[]) { 0, 13, 21, 34, 42, 55 }, 0);
  expect (gt_tensor_mul_scalar (t, 2.0, &error), &error, GT_DTYPE_FLOAT32, s32,
          2, (const gdouble[]) { 0, 6, 2, 8, 4, 10 }, 0);
  expect (gt_tensor_neg (t, &error), &error, GT_DTYPE_FLOAT32, s32, 2,
          (const gdouble[]) { -0.0, -3, -1, -4, -2, -5 }, 0);
  expect (gt_tensor_gt (t, c, &error), &error, GT_DTYPE_BOOL, s32, 2,
          (const gdouble[]) { 0, 1, 0, 1, 0, 0 }, 0);
  /* in place through the view changes the base */
  g_assert_true (gt_tensor_add_scalar_ (t, 100.0, 1.0, &error));
  gt_test_assert_values (base, (const gdouble[]) { 100, 101, 102, 103, 104, 105 },
                         6, 0);
  g_assert_true (gt_tensor_sqrt_ (t, &error));
  gt_test_assert_values (base, (const gdouble[]) { 10, sqrt (101), sqrt (102),
                                                   sqrt (103), sqrt (104),
                                                   sqrt (105) }, 6, 1e-5);
}

static void
test_layout_expanded (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) row = VEC (GT_DTYPE_INT32, 1, 2, 3);
  const gint64 sizes[] = { 2, 3 }, strides[] = { 0, 1 };
  g_autoptr(GtTensor) e = gt_test_view (row, 2, sizes, strides, 0);
  g_autoptr(GtTensor) m = gt_test_arange_shaped (s23, 2, GT_DTYPE_INT32);
  const gint64 ssizes[] = { 3 }, sstrides[] = { 2 };
  g_autoptr(GtTensor) six = VEC (GT_DTYPE_FLOAT64, 1, 2, 3, 4, 5, 6);
  g_autoptr(GtTensor) odd = gt_test_view (six, 1, ssizes, sstrides, 0);

  expect (gt_tensor_mul (e, m, &error), &error, GT_DTYPE_INT32, s23, 2,
          (const gdouble[]) { 0, 2, 6, 3, 8, 15 }, 0);
  expect (gt_tensor_square (e, &error), &error, GT_DTYPE_INT32, s23, 2,
          (const gdouble[]) { 1, 4, 9, 1, 4, 9 }, 0);
  expect (gt_tensor_exp (e, &error), &error, GT_DTYPE_FLOAT32, s23, 2,
          (const gdouble[]) { G_E, exp (2), exp (3), G_E, exp (2), exp (3) },
          1e-5);
  /* every other element: [1, 3, 5] */
  EXPECT1 (gt_tensor_add (odd, odd, 1.0, &error), GT_DTYPE_FLOAT64, 0, 2, 6, 10);
  EXPECT1 (gt_tensor_log2 (odd, &error), GT_DTYPE_FLOAT64, 1e-15,
           0, log2 (3), log2 (5));
  g_assert_true (gt_tensor_mul_scalar_ (odd, 10.0, &error));
  gt_test_assert_values (six, (const gdouble[]) { 10, 2, 30, 4, 50, 6 }, 6, 0);
}

static void
test_layout_overlap (void)
{
  GError *error = NULL;
  const gint64 s33[] = { 3, 3 };
  g_autoptr(GtTensor) a = gt_test_arange_shaped (s33, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) at = gt_test_transpose (a);
  const gint64 sizes[] = { 3, 3 }, strides[] = { 0, 1 };
  g_autoptr(GtTensor) b = gt_test_arange_shaped (s33, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) row0 = gt_test_view (b, 2, sizes, strides, 0);

  /* a += a.T reads a.T before anything is written */
  g_assert_true (gt_tensor_add_ (a, at, 1.0, &error));
  g_assert_no_error (error);
  gt_test_assert_values (a, (const gdouble[]) { 0, 4, 8, 4, 8, 12, 8, 12, 16 },
                         9, 0);
  /* b += b[0] broadcast: every row gets the original first row */
  g_assert_true (gt_tensor_add_ (b, row0, 1.0, &error));
  gt_test_assert_values (b, (const gdouble[]) { 0, 2, 4, 3, 5, 7, 6, 8, 10 },
                         9, 0);
  /* x *= x is exact aliasing and fine */
  g_assert_true (gt_tensor_mul_ (b, b, &error));
  gt_test_assert_values (b, (const gdouble[]) { 0, 4, 16, 9, 25, 49, 36, 64,
                                                100 }, 9, 0);
}

static void
test_empty_and_0d (void)
{
  GError *error = NULL;
  const gint64 s03[] = { 0, 3 };
  g_autoptr(GtTensor) e = gt_zeros (s03, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) v = VEC (GT_DTYPE_FLOAT32, 1, 2, 3);
  g_autoptr(GtTensor) z = scalar0 (2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) zi = scalar0 (7, GT_DTYPE_INT32);
  g_autoptr(GtTensor) ce = gt_zeros (s03, 2, GT_DTYPE_BOOL, NULL, NULL);

  expect (gt_tensor_add (e, v, 1.0, &error), &error, GT_DTYPE_FLOAT32, s03, 2,
          NULL, 0);
  expect (gt_tensor_exp (e, &error), &error, GT_DTYPE_FLOAT32, s03, 2, NULL, 0);
  expect (gt_tensor_lt (e, z, &error), &error, GT_DTYPE_BOOL, s03, 2, NULL, 0);
  expect (gt_where (ce, e, z, &error), &error, GT_DTYPE_FLOAT32, s03, 2, NULL, 0);
  expect (gt_tensor_clamp_scalar (e, 0, 1, &error), &error, GT_DTYPE_FLOAT32,
          s03, 2, NULL, 0);
  g_assert_true (gt_tensor_add_ (e, v, 1.0, &error));
  g_assert_true (gt_tensor_exp_ (e, &error));
  {
    g_autoptr(GtTensor) ez = gt_zeros (s03, 2, GT_DTYPE_INT32, NULL, NULL);

    /* nothing to divide by zero */
    expect (gt_tensor_div (ez, ez, "floor", &error), &error, GT_DTYPE_INT32,
            s03, 2, NULL, 0);
  }

  expect (gt_tensor_mul (z, z, &error), &error, GT_DTYPE_FLOAT32, NULL, 0,
          (const gdouble[]) { 4 }, 0);
  expect (gt_tensor_div (zi, z, NULL, &error), &error, GT_DTYPE_FLOAT32, NULL,
          0, (const gdouble[]) { 3.5 }, 0);
  expect (gt_tensor_sigmoid (z, &error), &error, GT_DTYPE_FLOAT32, NULL, 0,
          (const gdouble[]) { 0.8807970779778823 }, 1e-7);
  expect (gt_tensor_add (z, v, 1.0, &error), &error, GT_DTYPE_FLOAT32, s3, 1,
          (const gdouble[]) { 3, 4, 5 }, 0);
  g_assert_true (gt_tensor_add_scalar_ (z, 1.0, 1.0, &error));
  gt_test_assert_values (z, (const gdouble[]) { 3 }, 1, 0);
}

static void
test_half_dtypes (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) h = VEC (GT_DTYPE_FLOAT16, 1, 2048, 0.1);
  g_autoptr(GtTensor) one = VEC (GT_DTYPE_FLOAT16, 1, 1, 0);
  g_autoptr(GtTensor) b = VEC (GT_DTYPE_BFLOAT16, 1, 256, 3);
  g_autoptr(GtTensor) f = VEC (GT_DTYPE_FLOAT32, 0.5, 0.5, 0.5);

  /* 2049 is not a float16: rounds to even, 2048 */
  EXPECT1 (gt_tensor_add (h, one, 1.0, &error), GT_DTYPE_FLOAT16, 0,
           2, 2048, gt_half_to_float (gt_float_to_half (0.1f)));
  EXPECT1 (gt_tensor_add (b, one, 1.0, &error), GT_DTYPE_FLOAT32, 0, 2, 257, 3);
  EXPECT1 (gt_tensor_add (b, b, 1.0, &error), GT_DTYPE_BFLOAT16, 0, 2, 512, 6);
  EXPECT1 (gt_tensor_mul (h, f, &error), GT_DTYPE_FLOAT32, 1e-7, 0.5, 1024,
           gt_half_to_float (gt_float_to_half (0.1f)) * 0.5);
  EXPECT1 (gt_tensor_exp (one, &error), GT_DTYPE_FLOAT16, 1e-3, G_E, G_E, 1);
  EXPECT1 (gt_tensor_gt_scalar (h, 1.5, &error), GT_DTYPE_BOOL, 0, 0, 1, 0);
  g_assert_true (gt_tensor_mul_scalar_ (h, 2.0, &error));
  gt_test_assert_values (h, (const gdouble[]) { 2, 4096,
                         2 * gt_half_to_float (gt_float_to_half (0.1f)) }, 3, 0);
}

/* Long runs take the threaded path; a transposed one the gathered blocks. */
static void
test_large (void)
{
  GError *error = NULL;
  enum { R = 411, C = 257, N = R * C };
  const gint64 shape[] = { R, C };
  g_autofree gdouble *v = g_new (gdouble, N);
  g_autofree gdouble *w = g_new (gdouble, N);
  g_autoptr(GtTensor) a = NULL, at = NULL, b = NULL;
  g_autofree gdouble *got = NULL;
  gsize n = 0;

  for (gint i = 0; i < N; i++)
    {
      v[i] = sin (i * 0.37) * 10;
      w[i] = cos (i * 0.11) * 3;
    }
  a = gt_test_new (v, N, shape, 2, GT_DTYPE_FLOAT32);
  b = gt_test_new (w, N, shape, 2, GT_DTYPE_FLOAT32);
  at = gt_test_transpose (a);

  {
    g_autoptr(GtTensor) r = gt_tensor_add (a, b, 1.0, &error);

    got = gt_tensor_to_doubles (r, &n, &error);
    g_assert_cmpuint (n, ==, N);
    for (gint i = 0; i < N; i++)
      g_assert_cmpfloat (got[i], ==, (gfloat) ((gfloat) v[i] + (gfloat) w[i]));
    g_clear_pointer (&got, g_free);
  }
  {
    g_autoptr(GtTensor) r = gt_tensor_tanh (at, &error);

    got = gt_tensor_to_doubles (r, &n, &error);
    for (gint i = 0; i < C; i++)
      for (gint j = 0; j < R; j++)
        {
          gdouble want = tanh ((gfloat) v[j * C + i]);

          if (fabs (got[i * R + j] - want) > 2e-7 * MAX (fabs (want), 1e-3))
            g_error ("tanh [%d, %d]: %g vs %g", i, j, got[i * R + j], want);
        }
    g_clear_pointer (&got, g_free);
  }
  {
    g_autoptr(GtTensor) r = gt_tensor_sub (at, at, 1.0, &error);

    got = gt_tensor_to_doubles (r, &n, &error);
    for (gint i = 0; i < N; i++)
      g_assert_cmpfloat (got[i], ==, 0);
  }
}

static void
test_not_a_tensor (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) v = VEC (GT_DTYPE_FLOAT32, 1);

  EXPECT_ERROR (gt_tensor_add (v, NULL, 1.0, &error), GT_ERROR_VALUE,
                "gt_tensor_add");
  EXPECT_ERROR (gt_tensor_exp (NULL, &error), GT_ERROR_VALUE, "gt_tensor_exp");
  EXPECT_ERROR (gt_where (NULL, v, v, &error), GT_ERROR_VALUE, "gt_where");
  EXPECT_ERROR (gt_tensor_clamp (NULL, v, v, &error), GT_ERROR_VALUE,
                "gt_tensor_clamp");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ops/pointwise/add/values", test_add_values);
  g_test_add_func ("/ops/pointwise/add/broadcast", test_add_broadcast);
  g_test_add_func ("/ops/pointwise/add/promotion", test_add_promotion);
  g_test_add_func ("/ops/pointwise/add/wraps", test_add_wraps);
  g_test_add_func ("/ops/pointwise/add/alpha", test_add_alpha);
  g_test_add_func ("/ops/pointwise/add/inplace", test_add_inplace);
  g_test_add_func ("/ops/pointwise/inplace/expanded", test_inplace_expanded_refused);
  g_test_add_func ("/ops/pointwise/sub", test_sub);
  g_test_add_func ("/ops/pointwise/mul", test_mul);
  g_test_add_func ("/ops/pointwise/div/true", test_div_true);
  g_test_add_func ("/ops/pointwise/div/rounding-ints", test_div_rounding_ints);
  g_test_add_func ("/ops/pointwise/div/rounding-floats", test_div_rounding_floats);
  g_test_add_func ("/ops/pointwise/div/errors", test_div_errors);
  g_test_add_func ("/ops/pointwise/pow", test_pow);
  g_test_add_func ("/ops/pointwise/maximum-minimum", test_maximum_minimum);
  g_test_add_func ("/ops/pointwise/remainder", test_remainder);
  g_test_add_func ("/ops/pointwise/atan2", test_atan2);
  g_test_add_func ("/ops/pointwise/compare", test_compare);
  g_test_add_func ("/ops/pointwise/logical", test_logical);
  g_test_add_func ("/ops/pointwise/where", test_where);
  g_test_add_func ("/ops/pointwise/unary/float-functions", test_unary_float_functions);
  g_test_add_func ("/ops/pointwise/unary/special-values", test_unary_special_values);
  g_test_add_func ("/ops/pointwise/unary/integer-inputs", test_unary_integer_inputs);
  g_test_add_func ("/ops/pointwise/unary/integers", test_unary_integers);
  g_test_add_func ("/ops/pointwise/unary/rounding", test_unary_rounding);
  g_test_add_func ("/ops/pointwise/unary/predicates", test_unary_predicates);
  g_test_add_func ("/ops/pointwise/unary/nan-to-num", test_nan_to_num);
  g_test_add_func ("/ops/pointwise/unary/inplace", test_unary_inplace);
  g_test_add_func ("/ops/pointwise/clamp/scalar", test_clamp_scalar);
  g_test_add_func ("/ops/pointwise/clamp/tensor", test_clamp_tensor);
  g_test_add_func ("/ops/pointwise/layout/transposed", test_layout_transposed);
  g_test_add_func ("/ops/pointwise/layout/expanded", test_layout_expanded);
  g_test_add_func ("/ops/pointwise/layout/overlap", test_layout_overlap);
  g_test_add_func ("/ops/pointwise/empty-and-0d", test_empty_and_0d);
  g_test_add_func ("/ops/pointwise/half-dtypes", test_half_dtypes);
  g_test_add_func ("/ops/pointwise/large", test_large);
  g_test_add_func ("/ops/pointwise/not-a-tensor", test_not_a_tensor);

  return g_test_run ();
}
