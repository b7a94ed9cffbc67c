/* Normalisation, linear and embedding: batch_norm in training (values and
 * the running statistics' update) and evaluation, a 4-d float32 batch
 * against statistics computed here in double, non-contiguous inputs and
 * running statistics; layer_norm; linear over 1-, 2- and 3-d inputs with
 * torch's node names; embedding with padding_idx and max_norm; the errors
 * of each. Fixed expected values were computed with torch 1.13. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-test-utils.h"

/* x = [[1, 2], [3, 6], [5, 10]], running mean [0.5, -1], var [1, 2],
 * weight [2, 0.5], bias [1, -1], momentum 0.1, eps 1e-5 */
static const gdouble bn_x[] = { 1, 2, 3, 6, 5, 10 };
static const gdouble bn_rm[] = { 0.5, -1 };
static const gdouble bn_rv[] = { 1, 2 };
static const gdouble bn_w[] = { 2, 0.5 };
static const gdouble bn_b[] = { 1, -1 };

/* batch_norm of bn_x (3 x 2) with bn_w and bn_b and the running statistics
 * @rm and @rv (which training updates): no error, the input's shape. */
static GtTensor *
bn_forward (GtTensor *rm,
            GtTensor *rv,
            gboolean  training)
{
  const gint64 shape[2] = { 3, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new (bn_x, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w = gt_test_new_1d (bn_w, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = gt_test_new_1d (bn_b, 2, GT_DTYPE_FLOAT64);
  GtTensor *y = gt_tensor_batch_norm (x, rm, rv, w, b, training, 0.1, 1e-5,
                                      &error);

  g_assert_no_error (error);
  gt_test_assert_shape (y, shape, 2);
  return y;
}

static void
test_batch_norm_training (void)
{
  static const gdouble expected[] = {
    -1.4494851500028278, -1.6123721486464173, 0.9999999999999998, -1.0,
    3.449485150002827, -0.38762785135358285 };
  static const gdouble rm_after[] = { 0.75, -0.29999999999999993 };
  static const gdouble rv_after[] = { 1.3, 3.4000000000000004 };
  g_autoptr(GtTensor) rm = gt_test_new_1d (bn_rm, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) rv = gt_test_new_1d (bn_rv, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = bn_forward (rm, rv, TRUE);

  gt_test_assert_values (y, expected, 6, 1e-14);
  gt_test_assert_values (rm, rm_after, 2, 1e-15);
  gt_test_assert_values (rv, rv_after, 2, 1e-15);
}

static void
test_batch_norm_eval (void)
{
  static const gdouble expected[] = {
    1.9999950000374997, 0.06065752013933545, 5.999975000187499,
    1.4748675469917827, 9.999955000337497, 2.8890775738442303 };
  g_autoptr(GtTensor) rm = gt_test_new_1d (bn_rm, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) rv = gt_test_new_1d (bn_rv, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = bn_forward (rm, rv, FALSE);

  gt_test_assert_values (y, expected, 6, 1e-14);
  /* evaluation leaves the running statistics alone */
  gt_test_assert_values (rm, bn_rm, 2, 0);
  gt_test_assert_values (rv, bn_rv, 2, 0);
}

/* (N, C, H, W) float32, no weight and bias, no running statistics:
 * against the per-channel mean and biased variance computed here. */
static void
test_batch_norm_4d (void)
{
  const gint64 N = 3, C = 4, S = 5;
  gint64 shape[4] = { N, C, 1, S };
  gsize n = (gsize) (N * C * S), got_n = 0;
  g_autofree gdouble *v = g_new (gdouble, n);
  g_autofree gdouble *got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = NULL;
  g_autoptr(GtTensor) y = NULL;
  GRand *rand = g_rand_new_with_seed (11);

  for (gsize i = 0; i < n; i++)
    v[i] = g_rand_double_range (rand, -2, 3);
  g_rand_free (rand);
  x = gt_test_new (v, n, shape, 4, GT_DTYPE_FLOAT32);
  y = gt_tensor_batch_norm (x, NULL, NULL, NULL, NULL, TRUE, 0.1, 1e-5, &error);
  g_assert_no_error (error);
  got = gt_tensor_to_doubles (y, &got_n, &error);
  g_assert_cmpuint (got_n, ==, n);
  for (gint64 c = 0; c < C; c++)
    {
      gdouble mean = 0, var = 0;

      for (gint64 i = 0; i < N; i++)
        for (gint64 s = 0; s < S; s++)
          mean += (gfloat) v[(i * C + c) * S + s];
      mean /= N * S;
      for (gint64 i = 0; i < N; i++)
        for (gint64 s = 0; s < S; s++)
          {
            gdouble d = (gfloat) v[(i * C + c) * S + s] - mean;
            var += d * d;
          }
      var /= N * S;
      for (gint64 i = 0; i < N; i++)
        for (gint64 s = 0; s < S; s++)
          {
            gsize k = (gsize) ((i * C + c) * S + s);
            gdouble want = ((gfloat) v[k] - mean) / sqrt (var + 1e-5);

            g_assert_cmpfloat_with_epsilon (got[k], want, 2e-6);
          }
    }
}

/* A transposed input and running statistics read through a stride. */
static void
test_batch_norm_strided (void)
{
  static const gdouble xt_values[] = { 1, 3, 5, 2, 6, 10 };   /* x^T */
  static const gdouble rm_wide[] = { 0.5, 99, -1, 99 };
  static const gdouble expected[] = {
    -1.4494851500028278, -1.6123721486464173, 0.9999999999999998, -1.0,
    3.449485150002827, -0.38762785135358285 };
  static const gdouble rm_after_wide[] = { 0.75, 99, -0.29999999999999993, 99 };
  gint64 tshape[2] = { 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) base = gt_test_new (xt_values, 6, tshape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) x = gt_test_transpose (base);
  g_autoptr(GtTensor) wide = gt_test_new_1d (rm_wide, 4, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) rm = gt_test_view (wide, 1, (gint64[]) { 2 }, (gint64[]) { 2 }, 0);
  g_autoptr(GtTensor) rv = gt_test_new_1d (bn_rv, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w = gt_test_new_1d (bn_w, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = gt_test_new_1d (bn_b, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = gt_tensor_batch_norm (x, rm, rv, w, b, TRUE, 0.1, 1e-5,
                                                &error);

  g_assert_no_error (error);
  gt_test_assert_values (y, expected, 6, 1e-14);
  gt_test_assert_values (wide, rm_after_wide, 4, 1e-15);
}

static void
test_batch_norm_errors (void)
{
  const char *func = "gt_tensor_batch_norm";
  gint64 shape[2] = { 3, 2 }, one[2] = { 1, 3 };
  static const gdouble three[] = { 1, 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new (bn_x, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) x1 = gt_test_new_1d (bn_x, 6, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) xone = gt_test_new (three, 3, one, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) xi = gt_test_new (bn_x, 6, shape, 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) rm3 = gt_test_new_1d (three, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) rv = gt_test_new_1d (bn_rv, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w32 = gt_test_new_1d (bn_w, 2, GT_DTYPE_FLOAT32);
  GtTensor *r;

  r = gt_tensor_batch_norm (x1, NULL, NULL, NULL, NULL, TRUE, 0.1, 1e-5, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, func);

  r = gt_tensor_batch_norm (xone, NULL, NULL, NULL, NULL, TRUE, 0.1, 1e-5, &error);
  g_assert_null (r);
  gt_assert_error_names (error, GT_ERROR_VALUE, func);
  g_assert_nonnull (strstr (error->message, "Expected more than 1 value per channel "
                                            "when training, got input size [1, 3]"));
  g_clear_error (&error);
  /* one value per channel is fine in evaluation */
  {
    g_autoptr(GtTensor) m = gt_test_new_1d (three, 3, GT_DTYPE_FLOAT64);
    g_autoptr(GtTensor) v = gt_test_new_1d (three, 3, GT_DTYPE_FLOAT64);
    g_autoptr(GtTensor) ok = gt_tensor_batch_norm (xone, m, v, NULL, NULL, FALSE,
                                                   0.1, 0.0, &error);
    static const gdouble zeros[] = { 0, 0, 0 };

    g_assert_no_error (error);
    gt_test_assert_values (ok, zeros, 3, 0);
  }

  r = gt_tensor_batch_norm (x, rm3, rv, NULL, NULL, TRUE, 0.1, 1e-5, &error);
  g_assert_null (r);
  gt_assert_error_names (error, GT_ERROR_SHAPE, func);
  g_assert_nonnull (strstr (error->message, "running_mean should contain 2 elements not 3"));
  g_clear_error (&error);

  r = gt_tensor_batch_norm (x, NULL, rv, NULL, NULL, FALSE, 0.1, 1e-5, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, func);

  r = gt_tensor_batch_norm (x, NULL, NULL, w32, NULL, TRUE, 0.1, 1e-5, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, func);

  r = gt_tensor_batch_norm (xi, NULL, NULL, NULL, NULL, TRUE, 0.1, 1e-5, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, func);
}

static void
test_layer_norm (void)
{
  static const gdouble expected[] = {
    -1.9999600011999599, 0.49999000029998997, -1.9999955555703706,
    0.4999988888925925, -1.9999984000019198, 0.49999960000048005 };
  static const gdouble w2[] = { 2, 0.5 };
  gint64 shape[2] = { 3, 2 }, ns[1] = { 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new (bn_x, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w = gt_test_new_1d (w2, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = gt_tensor_layer_norm (x, ns, 1, w, NULL, 1e-5, &error);

  g_assert_no_error (error);
  gt_test_assert_values (y, expected, 6, 1e-14);

  /* over both dims, float32: mean 4.5, biased variance 53.5 / 6 */
  {
    gint64 ns2[2] = { 3, 2 };
    g_autoptr(GtTensor) x32 = gt_test_new (bn_x, 6, shape, 2, GT_DTYPE_FLOAT32);
    g_autoptr(GtTensor) z = gt_tensor_layer_norm (x32, ns2, 2, NULL, NULL, 0.0, &error);
    gdouble want[6];

    g_assert_no_error (error);
    for (int i = 0; i < 6; i++)
      want[i] = (bn_x[i] - 4.5) / sqrt (53.5 / 6);
    gt_test_assert_values (z, want, 6, 1e-6);
  }
}

static void
test_layer_norm_errors (void)
{
  const char *func = "gt_tensor_layer_norm";
  gint64 shape[2] = { 3, 2 }, ns4[1] = { 4 }, ns2[1] = { 2 };
  static const gdouble three[] = { 1, 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new (bn_x, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w3 = gt_test_new_1d (three, 3, GT_DTYPE_FLOAT64);
  GtTensor *r;

  r = gt_tensor_layer_norm (x, ns4, 1, NULL, NULL, 1e-5, &error);
  g_assert_null (r);
  gt_assert_error_names (error, GT_ERROR_SHAPE, func);
  g_assert_nonnull (strstr (error->message, "Given normalized_shape=[4], expected "
                                            "input with shape [*, 4], but got input "
                                            "of size[3, 2]"));
  g_clear_error (&error);
  r = gt_tensor_layer_norm (x, ns2, 0, NULL, NULL, 1e-5, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, func);
  r = gt_tensor_layer_norm (x, ns2, 1, w3, NULL, 1e-5, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, func);
  r = gt_tensor_layer_norm (x, ns2, 1, NULL, w3, 1e-5, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, func);
}

/* x = [[1, 2, 3], [4, 5, 6]], w = [[1, 0, -1], [0.5, 0.5, 0.5]], b = [10, 20] */
static const gdouble lin_x[] = { 1, 2, 3, 4, 5, 6 };
static const gdouble lin_w[] = { 1, 0, -1, 0.5, 0.5, 0.5 };
static const gdouble lin_b[] = { 10, 20 };

static void
test_linear (void)
{
  static const gdouble with_bias[] = { 8, 23, 8, 27.5 };
  static const gdouble without[] = { -2, 3, -2, 7.5 };
  gint64 xs[2] = { 2, 3 }, ws[2] = { 2, 3 }, x3s[3] = { 2, 1, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new (lin_x, 6, xs, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) x3 = gt_test_new (lin_x, 6, x3s, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) x1 = gt_test_new_1d (lin_x, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w = gt_test_new (lin_w, 6, ws, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = gt_test_new_1d (lin_b, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = NULL;
  g_autoptr(GtTensor) y3 = NULL;
  g_autoptr(GtTensor) y1 = NULL;
  g_autoptr(GtTensor) yn = NULL;
  g_autoptr(GtTensor) y3n = NULL;

  g_assert_true (gt_tensor_set_requires_grad (w, TRUE, NULL));
  y = gt_tensor_linear (x, w, b, &error);
  y3 = gt_tensor_linear (x3, w, b, &error);
  y1 = gt_tensor_linear (x1, w, b, &error);
  yn = gt_tensor_linear (x, w, NULL, &error);
  y3n = gt_tensor_linear (x3, w, NULL, &error);
  g_assert_no_error (error);
  gt_test_assert_values (y, with_bias, 4, 0);
  gt_test_assert_shape (y3, (gint64[]) { 2, 1, 2 }, 3);
  gt_test_assert_values (y3, with_bias, 4, 0);
  gt_test_assert_shape (y1, (gint64[]) { 2 }, 1);
  gt_test_assert_values (y1, with_bias, 2, 0);
  gt_test_assert_values (yn, without, 4, 0);
  gt_test_assert_values (y3n, without, 4, 0);
  /* torch 1.13's at::linear graph */
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "AddmmBackward0");
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y3), ==, "ViewBackward0");
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y1), ==, "AddBackward0");
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (yn), ==, "MmBackward0");
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y3n), ==, "UnsafeViewBackward0");
}

static void
test_linear_errors (void)
{
  const char *func = "gt_tensor_linear";
  gint64 xs[2] = { 3, 2 }, ws[2] = { 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new (lin_x, 6, xs, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w = gt_test_new (lin_w, 6, ws, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w1 = gt_test_new_1d (lin_w, 6, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) x32 = gt_test_new (lin_x, 6, ws, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b3 = gt_test_new_1d (lin_x, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) xok = gt_test_new (lin_x, 6, ws, 2, GT_DTYPE_FLOAT64);
  GtTensor *r;

  r = gt_tensor_linear (x, w, NULL, &error);
  g_assert_null (r);
  gt_assert_error_names (error, GT_ERROR_SHAPE, func);
  g_assert_nonnull (strstr (error->message, "(3x2 and 3x2)"));
  g_clear_error (&error);
  r = gt_tensor_linear (xok, w1, NULL, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, func);
  r = gt_tensor_linear (x32, w, NULL, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, func);
  r = gt_tensor_linear (xok, w, b3, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, func);
}

static const gdouble emb_w[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };   /* 5 x 2 */

static void
test_embedding (void)
{
  static const gdouble idx[] = { 4, 0, 4, 2, 1, 3 };
  static const gdouble expected[] = { 8, 9, 0, 1, 8, 9, 4, 5, 2, 3, 6, 7 };
  gint64 is[2] = { 2, 3 }, ws[2] = { 5, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) w = gt_test_new (emb_w, 10, ws, 2, GT_DTYPE_FLOAT32);

  for (int d = 0; d < 2; d++)
    {
      g_autoptr(GtTensor) i = gt_test_new (idx, 6, is, 2,
                                           d == 0 ? GT_DTYPE_INT64 : GT_DTYPE_INT32);
      g_autoptr(GtTensor) y = gt_embedding (i, w, -1, 0.0, 2.0, &error);
      g_autoptr(GtTensor) yp = gt_embedding (i, w, 4, 0.0, 2.0, &error);

      g_assert_no_error (error);
      gt_test_assert_shape (y, (gint64[]) { 2, 3, 2 }, 3);
      gt_test_assert_values (y, expected, 12, 0);
      /* padding_idx changes the gradient only */
      gt_test_assert_values (yp, expected, 12, 0);
    }
}

/* max_norm scales the referenced rows of weight in place, torch's
 * embedding_renorm_: row 1 = [3, 4] has norm 5 and becomes [3, 4] / (5 +
 * 1e-7); row 2 = [0.3, 0.4] is within the bound; row 0 is not referenced. */
static void
test_embedding_max_norm (void)
{
  static const gdouble wv[] = { 30, 40, 3, 4, 0.3, 0.4 };
  static const gdouble idx[] = { 1, 2, 1 };
  gint64 ws[2] = { 3, 2 };
  const gdouble s = 1.0 / (5.0 + 1e-7);
  const gdouble w_after[] = { 30, 40, 3 * s, 4 * s, 0.3, 0.4 };
  const gdouble y_expected[] = { 3 * s, 4 * s, 0.3, 0.4, 3 * s, 4 * s };
  /* the 1-norm of row 2 is 0.7: scaled with max_norm 0.5 */
  const gdouble s1 = 0.5 / (0.7 + 1e-7);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) w = gt_test_new (wv, 6, ws, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) w1 = gt_test_new (wv, 6, ws, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) i = gt_test_new_1d (idx, 3, GT_DTYPE_INT64);
  g_autoptr(GtTensor) i2 = gt_test_new_1d (idx + 1, 1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) y = gt_embedding (i, w, -1, 1.0, 2.0, &error);
  g_autoptr(GtTensor) y1 = gt_embedding (i2, w1, -1, 0.5, 1.0, &error);
  const gdouble w1_after[] = { 30, 40, 3, 4, 0.3 * s1, 0.4 * s1 };

  g_assert_no_error (error);
  gt_test_assert_values (w, w_after, 6, 1e-15);
  gt_test_assert_values (y, y_expected, 6, 1e-15);
  gt_test_assert_values (w1, w1_after, 6, 1e-15);
}

static void
test_embedding_errors (void)
{
  const char *func = "gt_embedding";
  static const gdouble bad[] = { 0, 5, 1 };
  static const gdouble neg[] = { 0, -1 };
  gint64 ws[2] = { 5, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) w = gt_test_new (emb_w, 10, ws, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) w1 = gt_test_new_1d (emb_w, 10, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) ib = gt_test_new_1d (bad, 3, GT_DTYPE_INT64);
  g_autoptr(GtTensor) in = gt_test_new_1d (neg, 2, GT_DTYPE_INT32);
  g_autoptr(GtTensor) ok = gt_test_new_1d (bad, 1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) fl = gt_test_new_1d (bad, 1, GT_DTYPE_FLOAT32);
  GtTensor *r;

  r = gt_embedding (ib, w, -1, 0.0, 2.0, &error);
  g_assert_null (r);
  gt_assert_error_names (error, GT_ERROR_INDEX, func);
  g_assert_nonnull (strstr (error->message, "index 5"));
  g_assert_nonnull (strstr (error->message, "num_embeddings = 5"));
  g_clear_error (&error);
  r = gt_embedding (in, w, -1, 0.0, 2.0, &error);
  g_assert_null (r);
  gt_assert_error_names (error, GT_ERROR_INDEX, func);
  g_assert_nonnull (strstr (error->message, "index -1"));
  g_clear_error (&error);
  r = gt_embedding (ok, w, 5, 0.0, 2.0, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, func);
  r = gt_embedding (ok, w1, -1, 0.0, 2.0, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, func);
  r = gt_embedding (fl, w, -1, 0.0, 2.0, &error);
  g_assert_null (r);
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, func);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/norm/batch-norm/training", test_batch_norm_training);
  g_test_add_func ("/norm/batch-norm/eval", test_batch_norm_eval);
  g_test_add_func ("/norm/batch-norm/4d", test_batch_norm_4d);
  g_test_add_func ("/norm/batch-norm/strided", test_batch_norm_strided);
  g_test_add_func ("/norm/batch-norm/errors", test_batch_norm_errors);
  g_test_add_func ("/norm/layer-norm/values", test_layer_norm);
  g_test_add_func ("/norm/layer-norm/errors", test_layer_norm_errors);
  g_test_add_func ("/norm/linear/values", test_linear);
  g_test_add_func ("/norm/linear/errors", test_linear_errors);
  g_test_add_func ("/norm/embedding/values", test_embedding);
  g_test_add_func ("/norm/embedding/max-norm", test_embedding_max_norm);
  g_test_add_func ("/norm/embedding/errors", test_embedding_errors);
  return g_test_run ();
}
