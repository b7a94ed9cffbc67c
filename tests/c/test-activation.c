/* Activations and dropout: gelu (exact and tanh), leaky_relu (and in
 * place), dropout's mask against torch 1.13's values for the same seed,
 * its identity and zero cases, node names and the errors. Expected values
 * were computed with torch 1.13 (F.gelu, F.dropout after
 * torch.manual_seed). */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-test-utils.h"

static const gdouble gelu_in[] = { -2, -1, 0, 0.5, 1, 3 };

static void
test_gelu_values (void)
{
  static const gdouble exact[] = {
    -0.04550026389635842, -0.15865525393145702, 0.0, 0.34573123063700656,
    0.841344746068543, 2.99595030590511 };
  static const gdouble tanh_form[] = {
    -0.04540230591222494, -0.15880800939172324, 0.0, 0.34571400982514394,
    0.8411919906082768, 2.996362607918227 };
  g_autoptr(GError) error = NULL;

  for (int d = 0; d < 2; d++)
    {
      GtDType dtype = d == 0 ? GT_DTYPE_FLOAT64 : GT_DTYPE_FLOAT32;
      gdouble tol = d == 0 ? 1e-15 : 1e-6;
      g_autoptr(GtTensor) x = gt_test_new_1d (gelu_in, 6, dtype);
      g_autoptr(GtTensor) a = gt_tensor_gelu (x, NULL, &error);
      g_autoptr(GtTensor) b = gt_tensor_gelu (x, "none", &error);
      g_autoptr(GtTensor) c = gt_tensor_gelu (x, "tanh", &error);

      g_assert_no_error (error);
      g_assert_cmpint (gt_tensor_get_dtype (a), ==, dtype);
      gt_test_assert_values (a, exact, 6, tol);
      gt_test_assert_values (b, exact, 6, tol);
      gt_test_assert_values (c, tanh_form, 6, tol);
    }
}

static void
test_gelu_strided (void)
{
  /* a transposed input: the values follow the logical order */
  static const gdouble v[] = { -2, -1, 0, 0.5, 1, 3 };
  static const gdouble expected[] = {
    -0.04550026389635842, 0.34573123063700656, -0.15865525393145702,
    0.841344746068543, 0.0, 2.99595030590511 };
  gint64 shape[2] = { 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) base = gt_test_new (v, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) t = gt_test_transpose (base);
  g_autoptr(GtTensor) y = gt_tensor_gelu (t, NULL, &error);

  g_assert_no_error (error);
  gt_test_assert_shape (y, (gint64[]) { 3, 2 }, 2);
  gt_test_assert_values (y, expected, 6, 1e-15);
}

static void
test_gelu_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new_1d (gelu_in, 6, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) i = gt_test_new_1d (gelu_in, 6, GT_DTYPE_INT64);
  g_autoptr(GtTensor) r1 = gt_tensor_gelu (x, "erf", &error);

  g_assert_null (r1);
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_gelu");
  {
    g_autoptr(GtTensor) r2 = gt_tensor_gelu (i, NULL, &error);

    g_assert_null (r2);
    gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_gelu");
  }
}

static void
test_leaky_relu (void)
{
  static const gdouble v[] = { -2, -0.5, 0, 1.5 };
  static const gdouble expected[] = { -0.2, -0.05, 0, 1.5 };
  static const gdouble expected_neg[] = { 1.0, 0.25, -0.0, 1.5 };  /* 0 * -0.5, as torch */
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new_1d (v, 4, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = gt_tensor_leaky_relu (x, 0.1, &error);
  g_autoptr(GtTensor) z = gt_tensor_leaky_relu (x, -0.5, &error);
  g_autoptr(GtTensor) f = gt_test_new_1d (v, 4, GT_DTYPE_FLOAT32);

  g_assert_no_error (error);
  gt_test_assert_values (y, expected, 4, 1e-16);
  gt_test_assert_values (z, expected_neg, 4, 0);
  /* the input is unchanged */
  gt_test_assert_values (x, v, 4, 0);

  g_assert_true (gt_tensor_leaky_relu_ (f, 0.1, &error));
  g_assert_no_error (error);
  gt_test_assert_values (f, expected, 4, 1e-7);
}

static void
test_leaky_relu_errors (void)
{
  static const gdouble v[] = { -2, -0.5, 0, 1.5 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) i = gt_test_new_1d (v, 4, GT_DTYPE_INT32);
  g_autoptr(GtTensor) leaf = gt_test_new_1d (v, 4, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) r = gt_tensor_leaky_relu (i, 0.1, &error);

  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_leaky_relu");
  g_assert_false (gt_tensor_leaky_relu_ (i, 0.1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_leaky_relu_");

  g_assert_true (gt_tensor_set_requires_grad (leaf, TRUE, NULL));
  g_assert_false (gt_tensor_leaky_relu_ (leaf, 0.1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_leaky_relu_");
  gt_test_assert_values (leaf, v, 4, 0);
}

/* torch.manual_seed(0); F.dropout(torch.ones(10, dtype=float64), 0.5) */
static void
test_dropout_matches_torch (void)
{
  static const gdouble ones[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  static const gdouble expected64[] = { 0, 0, 2, 0, 0, 0, 2, 2, 0, 2 };
  static const gdouble s = 1.3333333730697632;   /* 1 / 0.75f */
  const gdouble expected32[] = { 0, s, s, 0, s, 0, s, s, s, s };
  /* torch.manual_seed(123); F.dropout(arange(12.).reshape(3, 4).t(), 0.3) */
  static const gdouble expected_t[] = {
    0.0, 5.714285714285714, 11.428571428571429,
    1.4285714285714286, 7.142857142857143, 12.857142857142858,
    2.857142857142857, 8.571428571428571, 0.0,
    4.285714285714286, 0.0, 15.714285714285715 };
  gint64 shape[2] = { 3, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x64 = gt_test_new_1d (ones, 10, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) x32 = gt_test_new_1d (ones, 10, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) base = gt_test_arange_shaped (shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) xt = gt_test_transpose (base);
  g_autoptr(GtTensor) y64 = NULL;
  g_autoptr(GtTensor) y32 = NULL;
  g_autoptr(GtTensor) yt = NULL;

  gt_manual_seed (0);
  y64 = gt_tensor_dropout (x64, 0.5, TRUE, &error);
  g_assert_no_error (error);
  gt_test_assert_values (y64, expected64, 10, 0);

  gt_manual_seed (0);
  y32 = gt_tensor_dropout (x32, 0.25, TRUE, &error);
  g_assert_no_error (error);
  gt_test_assert_values (y32, expected32, 10, 0);

  gt_manual_seed (123);
  yt = gt_tensor_dropout (xt, 0.3, TRUE, &error);
  g_assert_no_error (error);
  gt_test_assert_values (yt, expected_t, 12, 1e-15);

  /* in place: the same mask */
  gt_manual_seed (0);
  g_assert_true (gt_tensor_dropout_ (x64, 0.5, TRUE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (x64, expected64, 10, 0);
}

static void
test_dropout_cases (void)
{
  static const gdouble v[] = { 1, -2, 3, 4 };
  static const gdouble zeros[] = { 0, 0, 0, 0 };
  static const gdouble signed_zeros[] = { 0, -0.0, 0, 0 };   /* x * 0 */
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new_1d (v, 4, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) xi = gt_test_new_1d (v, 4, GT_DTYPE_INT64);
  g_autoptr(GtTensor) eval = gt_tensor_dropout (x, 0.5, FALSE, &error);
  g_autoptr(GtTensor) p0 = gt_tensor_dropout (x, 0.0, TRUE, &error);
  g_autoptr(GtTensor) p1 = gt_tensor_dropout (x, 1.0, TRUE, &error);
  g_autoptr(GtTensor) p1i = gt_tensor_dropout (xi, 1.0, TRUE, &error);
  g_autoptr(GtTensor) r = NULL;

  g_assert_no_error (error);
  /* torch returns the input itself */
  g_assert_true (eval == x);
  g_assert_true (p0 == x);
  gt_test_assert_values (p1, signed_zeros, 4, 0);
  g_assert_cmpint (gt_tensor_get_dtype (p1i), ==, GT_DTYPE_INT64);
  gt_test_assert_values (p1i, zeros, 4, 0);
  g_assert_true (gt_tensor_dropout_ (x, 0.3, FALSE, &error));
  gt_test_assert_values (x, v, 4, 0);

  r = gt_tensor_dropout (x, 1.5, TRUE, &error);
  g_assert_null (r);
  gt_assert_error_names (error, GT_ERROR_VALUE, "gt_tensor_dropout");
  g_assert_nonnull (strstr (error->message,
                            "dropout probability has to be between 0 and 1, but got 1.5"));
  g_clear_error (&error);
  r = gt_tensor_dropout (x, -0.1, FALSE, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_dropout");
  g_assert_false (gt_tensor_dropout_ (x, 2.0, TRUE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_dropout_");
  r = gt_tensor_dropout (xi, 0.5, TRUE, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_dropout");
}

/* The kept fraction and the scale over many elements; the same seed gives
 * the same mask. */
static void
test_dropout_statistics (void)
{
  gint64 shape[1] = { 20000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_ones (shape, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) a = NULL;
  g_autoptr(GtTensor) b = NULL;
  g_autofree gdouble *va = NULL;
  g_autofree gdouble *vb = NULL;
  gsize n = 0;
  gint64 kept = 0;

  gt_manual_seed (7);
  a = gt_tensor_dropout (x, 0.2, TRUE, &error);
  gt_manual_seed (7);
  b = gt_tensor_dropout (x, 0.2, TRUE, &error);
  g_assert_no_error (error);
  va = gt_tensor_to_doubles (a, &n, &error);
  vb = gt_tensor_to_doubles (b, &n, &error);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat (va[i], ==, vb[i]);
      if (va[i] != 0)
        {
          g_assert_cmpfloat (va[i], ==, (gdouble) (1.0f / 0.8f));
          kept++;
        }
    }
  /* 16000 expected, sd 57 */
  g_assert_cmpint (kept, >, 15700);
  g_assert_cmpint (kept, <, 16300);
}

static void
test_node_names (void)
{
  static const gdouble v[] = { -1, 0.5, 2, -3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new_1d (v, 4, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) g = NULL;
  g_autoptr(GtTensor) l = NULL;
  g_autoptr(GtTensor) d = NULL;
  g_autoptr(GtTensor) y = NULL;

  g_assert_true (gt_tensor_set_requires_grad (x, TRUE, NULL));
  g = gt_tensor_gelu (x, "tanh", &error);
  l = gt_tensor_leaky_relu (x, 0.01, &error);
  d = gt_tensor_dropout (x, 0.5, TRUE, &error);
  y = gt_tensor_mul_scalar (x, 2.0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (g), ==, "GeluBackward0");
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (l), ==, "LeakyReluBackward0");
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (d), ==, "MulBackward0");
  g_assert_true (gt_tensor_leaky_relu_ (y, 0.01, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "LeakyReluBackward1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/activation/gelu/values", test_gelu_values);
  g_test_add_func ("/activation/gelu/strided", test_gelu_strided);
  g_test_add_func ("/activation/gelu/errors", test_gelu_errors);
  g_test_add_func ("/activation/leaky-relu/values", test_leaky_relu);
  g_test_add_func ("/activation/leaky-relu/errors", test_leaky_relu_errors);
  g_test_add_func ("/activation/dropout/torch", test_dropout_matches_torch);
  g_test_add_func ("/activation/dropout/cases", test_dropout_cases);
  g_test_add_func ("/activation/dropout/statistics", test_dropout_statistics);
  g_test_add_func ("/activation/node-names", test_node_names);
  return g_test_run ();
}
