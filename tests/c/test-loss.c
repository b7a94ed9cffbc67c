/* softmax, log_softmax and the functional losses: hand-computed values for
 * every reduction and option (float32 and float64), shapes and dtypes of
 * the results, NaN for an empty mean, and the errors (code, and a message
 * naming the function and the values). */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-test-utils.h"

#define LN2 0.69314718055994530942
#define LN3 1.09861228866810969140

static GtTensor *
longs (const gint64 *v,
       gsize         n,
       const gint64 *shape,
       gsize         ndim)
{
  g_autoptr(GError) error = NULL;
  GtTensor *t = gt_tensor_new_from_int64s (v, n, shape, ndim, GT_DTYPE_INT64, NULL, &error);

  g_assert_no_error (error);
  return t;
}

#define VALUES(t, tol, ...) \
  gt_test_assert_values ((t), (const gdouble[]) { __VA_ARGS__ }, \
                         G_N_ELEMENTS (((const gdouble[]) { __VA_ARGS__ })), (tol))
#define D(...) (const gdouble[]) { __VA_ARGS__ }, G_N_ELEMENTS (((const gdouble[]) { __VA_ARGS__ }))
#define SHAPE(...) (const gint64[]) { __VA_ARGS__ }, G_N_ELEMENTS (((const gint64[]) { __VA_ARGS__ }))

static const GtDType dtypes[] = { GT_DTYPE_FLOAT64, GT_DTYPE_FLOAT32 };

static gdouble
tol_of (GtDType dt)
{
  return dt == GT_DTYPE_FLOAT64 ? 1e-14 : 1e-6;
}

static void
test_softmax_values (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (dtypes); k++)
    {
      GtDType dt = dtypes[k];
      gdouble tol = tol_of (dt);
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) x = gt_test_new (D (1, 2, 3), SHAPE (1, 3), dt);
      g_autoptr(GtTensor) s = gt_tensor_softmax (x, -1, &error);
      g_autoptr(GtTensor) l = gt_tensor_log_softmax (x, 1, &error);
      /* dim 0 of [[0, 0], [ln 3, 0]]: columns [1/4, 3/4] and [1/2, 1/2] */
      g_autoptr(GtTensor) y = gt_test_new (D (0, 0, LN3, 0), SHAPE (2, 2), dt);
      g_autoptr(GtTensor) s0 = gt_tensor_softmax (y, 0, &error);
      g_autoptr(GtTensor) big = gt_test_new (D (1000, 1000, -1000, -1e4), SHAPE (2, 2), dt);
      g_autoptr(GtTensor) sb = gt_tensor_softmax (big, 1, &error);
      g_autoptr(GtTensor) lb = gt_tensor_log_softmax (big, 1, &error);
      g_autoptr(GtTensor) z = gt_test_new (D (5), NULL, 0, dt);
      g_autoptr(GtTensor) sz = gt_tensor_softmax (z, 0, &error);
      g_autoptr(GtTensor) lz = gt_tensor_log_softmax (z, -1, &error);

      g_assert_no_error (error);
      VALUES (s, tol, 0.090030573170380462, 0.24472847105479764, 0.66524095577481771);
      VALUES (l, tol * 10, -2.4076059644443806, -1.4076059644443806, -0.40760596444438030);
      gt_test_assert_shape (s, SHAPE (1, 3));
      g_assert_cmpint (s->dtype, ==, dt);
      VALUES (s0, tol, 0.25, 0.5, 0.75, 0.5);
      VALUES (sb, tol, 0.5, 0.5, 1.0, 0.0);
      VALUES (lb, tol, -LN2, -LN2, 0.0, -9000.0);
      VALUES (sz, 0.0, 1.0);
      VALUES (lz, 0.0, 0.0);
      g_assert_cmpuint (sz->ndim, ==, 0);
    }
}

static void
test_softmax_nan_and_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new (D (NAN, 0, 1, 0, -INFINITY, 0), SHAPE (2, 3),
                                       GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) s = gt_tensor_softmax (x, 1, &error);
  g_autoptr(GtTensor) e = gt_zeros (SHAPE (0, 4), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) se = gt_tensor_log_softmax (e, 1, &error);

  g_assert_no_error (error);
  VALUES (s, 1e-15, NAN, NAN, NAN, 0.5, 0.0, 0.5);
  gt_test_assert_shape (se, SHAPE (0, 4));
}

/* A column block wider than the kernel's (256) and rows big enough for
 * the threads: every slice sums to one. */
static void
test_softmax_wide (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_randn (SHAPE (3, 7, 600), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) s = gt_tensor_softmax (x, 1, &error);
  g_autoptr(GtTensor) sum = gt_tensor_sum (s, (const gint[]) { 1 }, 1, FALSE, &error);
  g_autoptr(GtTensor) l = gt_tensor_log_softmax (x, 2, &error);
  g_autoptr(GtTensor) el = gt_tensor_exp (l, &error);
  g_autoptr(GtTensor) sum2 = gt_tensor_sum (el, (const gint[]) { -1 }, 1, FALSE, &error);
  g_autoptr(GtTensor) ones1 = gt_ones (SHAPE (3, 600), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) ones2 = gt_ones (SHAPE (3, 7), GT_DTYPE_FLOAT32, NULL, &error);
  g_autofree gdouble *a = NULL, *b = NULL;
  gsize na, nb;

  g_assert_no_error (error);
  a = gt_tensor_to_doubles (sum, &na, &error);
  b = gt_tensor_to_doubles (sum2, &nb, &error);
  g_assert_cmpuint (na, ==, 1800);
  g_assert_cmpuint (nb, ==, 21);
  for (gsize i = 0; i < na; i++)
    g_assert_cmpfloat_with_epsilon (a[i], 1.0, 1e-5);
  for (gsize i = 0; i < nb; i++)
    g_assert_cmpfloat_with_epsilon (b[i], 1.0, 1e-5);
}

static void
test_softmax_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) i = longs ((gint64[]) { 1, 2 }, 2, SHAPE (2));
  g_autoptr(GtTensor) x = gt_zeros (SHAPE (2, 3), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) h = gt_zeros (SHAPE (2), GT_DTYPE_FLOAT16, NULL, &error);

  g_assert_null (gt_tensor_softmax (i, 0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_softmax");
  g_assert_null (gt_tensor_log_softmax (h, 0, &error));
  gt_assert_error_names (error, GT_ERROR_DTYPE, "gt_tensor_log_softmax");
  g_assert_nonnull (strstr (error->message, "float16"));
  g_clear_error (&error);
  g_assert_null (gt_tensor_softmax (x, 2, &error));
  gt_assert_error_names (error, GT_ERROR_INDEX, "gt_tensor_softmax");
  g_assert_nonnull (strstr (error->message, "[-2, 1]"));
}

static void
test_regression_losses (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (dtypes); k++)
    {
      GtDType dt = dtypes[k];
      gdouble tol = tol_of (dt);
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) x = gt_test_new (D (1, 2, 3), SHAPE (3), dt);
      g_autoptr(GtTensor) t = gt_test_new (D (1, 0, 5), SHAPE (3), dt);
      g_autoptr(GtTensor) t2 = gt_test_new (D (1, 1.5, 0), SHAPE (3), dt);
      g_autoptr(GtTensor) mn = gt_mse_loss (x, t, GT_REDUCTION_NONE, &error);
      g_autoptr(GtTensor) mm = gt_mse_loss (x, t, GT_REDUCTION_MEAN, &error);
      g_autoptr(GtTensor) ms = gt_mse_loss (x, t, GT_REDUCTION_SUM, &error);
      g_autoptr(GtTensor) ln = gt_l1_loss (x, t, GT_REDUCTION_NONE, &error);
      g_autoptr(GtTensor) lm = gt_l1_loss (x, t, GT_REDUCTION_MEAN, &error);
      /* |d| = 0, 0.5, 3 */
      g_autoptr(GtTensor) s1 = gt_smooth_l1_loss (x, t2, GT_REDUCTION_NONE, 1.0, &error);
      g_autoptr(GtTensor) s0 = gt_smooth_l1_loss (x, t2, GT_REDUCTION_SUM, 0.0, &error);
      g_autoptr(GtTensor) h1 = gt_huber_loss (x, t2, GT_REDUCTION_NONE, 1.0, &error);
      g_autoptr(GtTensor) h2 = gt_huber_loss (x, t2, GT_REDUCTION_MEAN, 2.0, &error);
      /* broadcast: a [3] input against a [2, 1] target */
      g_autoptr(GtTensor) tb = gt_test_new (D (0, 1), SHAPE (2, 1), dt);
      g_autoptr(GtTensor) mb = gt_mse_loss (x, tb, GT_REDUCTION_NONE, &error);

      g_assert_no_error (error);
      VALUES (mn, tol, 0, 4, 4);
      VALUES (mm, tol, 8.0 / 3);
      VALUES (ms, tol, 8);
      g_assert_cmpuint (mm->ndim, ==, 0);
      g_assert_cmpint (mm->dtype, ==, dt);
      VALUES (ln, tol, 0, 2, 2);
      VALUES (lm, tol, 4.0 / 3);
      VALUES (s1, tol, 0, 0.125, 2.5);
      VALUES (s0, tol, 3.5);
      VALUES (h1, tol, 0, 0.125, 2.5);
      VALUES (h2, tol, (0 + 0.125 + 2 * (3 - 1)) / 3.0);
      gt_test_assert_shape (mb, SHAPE (2, 3));
      VALUES (mb, tol, 1, 4, 9, 0, 1, 4);
    }
}

static void
test_bce (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (dtypes); k++)
    {
      GtDType dt = dtypes[k];
      gdouble tol = tol_of (dt);
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) x = gt_test_new (D (0.5, 0.25, 0, 1), SHAPE (4), dt);
      g_autoptr(GtTensor) t = gt_test_new (D (1, 0, 1, 1), SHAPE (4), dt);
      g_autoptr(GtTensor) w = gt_test_new (D (2, 1, 1, 3), SHAPE (4), dt);
      g_autoptr(GtTensor) n = gt_binary_cross_entropy (x, t, NULL, GT_REDUCTION_NONE, &error);
      g_autoptr(GtTensor) s = gt_binary_cross_entropy (x, t, w, GT_REDUCTION_SUM, &error);
      /* logits */
      g_autoptr(GtTensor) z = gt_test_new (D (0, 2), SHAPE (1, 2), dt);
      g_autoptr(GtTensor) zt = gt_test_new (D (1, 0), SHAPE (1, 2), dt);
      g_autoptr(GtTensor) pw = gt_test_new (D (3, 3), SHAPE (2), dt);
      g_autoptr(GtTensor) ln = gt_binary_cross_entropy_with_logits (z, zt, NULL, NULL,
                                                                    GT_REDUCTION_NONE, &error);
      g_autoptr(GtTensor) lp = gt_binary_cross_entropy_with_logits (z, zt, NULL, pw,
                                                                    GT_REDUCTION_MEAN, &error);
      g_autoptr(GtTensor) big = gt_test_new (D (-200, 200), SHAPE (2), dt);
      g_autoptr(GtTensor) bt = gt_test_new (D (1, 0), SHAPE (2), dt);
      g_autoptr(GtTensor) lbig = gt_binary_cross_entropy_with_logits (big, bt, NULL, NULL,
                                                                      GT_REDUCTION_NONE, &error);

      g_assert_no_error (error);
      /* -ln 0.5, -ln 0.75, log clamped at -100: 100, 0 */
      VALUES (n, tol, LN2, 0.28768207245178090, 100, 0);
      VALUES (s, tol * 100, 2 * LN2 + 0.28768207245178090 + 100);
      gt_test_assert_shape (ln, SHAPE (1, 2));
      VALUES (ln, tol, LN2, 2.1269280110429727);
      VALUES (lp, tol, (3 * LN2 + 2.1269280110429727) / 2);
      VALUES (lbig, tol * 1000, 200, 200);   /* stable: no overflow */
    }
}

static void
test_pointwise_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_zeros (SHAPE (2, 3), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) b = gt_zeros (SHAPE (4, 3), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) d = gt_zeros (SHAPE (2, 3), GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) i = longs ((gint64[]) { 1, 2 }, 2, SHAPE (2));
  g_autoptr(GtTensor) p = gt_test_new (D (0.5, 1.5), SHAPE (2), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) q = gt_test_new (D (1, 0), SHAPE (2), GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) w3 = gt_ones (SHAPE (3), GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (gt_mse_loss (a, b, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_mse_loss");
  g_assert_null (gt_mse_loss (i, i, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_mse_loss");
  g_assert_null (gt_l1_loss (i, i, GT_REDUCTION_SUM, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_l1_loss");
  g_assert_null (gt_mse_loss (a, a, (GtReduction) 7, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_mse_loss");
  g_assert_null (gt_smooth_l1_loss (a, a, GT_REDUCTION_MEAN, -0.5, &error));
  gt_assert_error_names (error, GT_ERROR_VALUE, "gt_smooth_l1_loss");
  g_assert_nonnull (strstr (error->message, "-0.5"));
  g_clear_error (&error);
  g_assert_null (gt_huber_loss (a, a, GT_REDUCTION_MEAN, 0.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_huber_loss");
  g_assert_null (gt_binary_cross_entropy (p, q, NULL, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names (error, GT_ERROR_VALUE, "gt_binary_cross_entropy");
  g_assert_nonnull (strstr (error->message, "all elements of input should be between 0 and 1"));
  g_clear_error (&error);
  g_assert_null (gt_binary_cross_entropy (a, d, NULL, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_binary_cross_entropy");
  g_assert_null (gt_binary_cross_entropy (q, a, NULL, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names (error, GT_ERROR_SHAPE, "gt_binary_cross_entropy");
  g_assert_nonnull (strstr (error->message, "[2, 3]"));
  g_clear_error (&error);
  g_assert_null (gt_binary_cross_entropy (q, q, w3, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_binary_cross_entropy");
  g_assert_null (gt_binary_cross_entropy_with_logits (a, b, NULL, NULL, GT_REDUCTION_MEAN,
                                                      &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_binary_cross_entropy_with_logits");
  g_assert_null (gt_binary_cross_entropy_with_logits (q, q, NULL, w3, GT_REDUCTION_MEAN,
                                                      &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_binary_cross_entropy_with_logits");
}

static void
test_nll (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (dtypes); k++)
    {
      GtDType dt = dtypes[k];
      gdouble tol = tol_of (dt);
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) x = gt_test_new (D (-1, -2, -3, -4, -5, -6), SHAPE (2, 3), dt);
      g_autoptr(GtTensor) t = longs ((gint64[]) { 2, 0 }, 2, SHAPE (2));
      g_autoptr(GtTensor) w = gt_test_new (D (1, 2, 3), SHAPE (3), dt);
      g_autoptr(GtTensor) n = gt_nll_loss (x, t, NULL, -100, GT_REDUCTION_NONE, &error);
      g_autoptr(GtTensor) m = gt_nll_loss (x, t, NULL, -100, GT_REDUCTION_MEAN, &error);
      g_autoptr(GtTensor) s = gt_nll_loss (x, t, NULL, -100, GT_REDUCTION_SUM, &error);
      g_autoptr(GtTensor) wn = gt_nll_loss (x, t, w, -100, GT_REDUCTION_NONE, &error);
      g_autoptr(GtTensor) wm = gt_nll_loss (x, t, w, -100, GT_REDUCTION_MEAN, &error);
      g_autoptr(GtTensor) in = gt_nll_loss (x, t, w, 0, GT_REDUCTION_NONE, &error);
      g_autoptr(GtTensor) im = gt_nll_loss (x, t, w, 0, GT_REDUCTION_MEAN, &error);
      g_autoptr(GtTensor) all = gt_nll_loss (x, t, NULL, 0, GT_REDUCTION_MEAN, &error);
      g_autoptr(GtTensor) x1 = gt_test_new (D (-1, -2, -3), SHAPE (3), dt);
      g_autoptr(GtTensor) t0 = longs ((gint64[]) { 1 }, 1, NULL, 0);
      g_autoptr(GtTensor) n1 = gt_nll_loss (x1, t0, NULL, -100, GT_REDUCTION_NONE, &error);
      /* (N, C, d) = (1, 2, 2): targets [1, 0] */
      g_autoptr(GtTensor) x3 = gt_test_new (D (-1, -2, -3, -4), SHAPE (1, 2, 2), dt);
      g_autoptr(GtTensor) t3 = longs ((gint64[]) { 1, 0 }, 2, SHAPE (1, 2));
      g_autoptr(GtTensor) n3 = gt_nll_loss (x3, t3, NULL, -100, GT_REDUCTION_NONE, &error);

      g_assert_no_error (error);
      VALUES (n, tol, 3, 4);
      VALUES (m, tol, 3.5);
      VALUES (s, tol, 7);
      VALUES (wn, tol, 9, 4);
      VALUES (wm, tol, 13.0 / 4);
      VALUES (in, tol, 9, 0);
      VALUES (im, tol, 3);
      VALUES (all, 0, 3);
      g_assert_cmpuint (n1->ndim, ==, 0);
      VALUES (n1, tol, 2);
      gt_test_assert_shape (n3, SHAPE (1, 2));
      VALUES (n3, tol, 3, 2);
      g_assert_cmpint (s->dtype, ==, dt);
    }
}

static void
test_nll_all_ignored_and_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_zeros (SHAPE (2, 3), GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) t = longs ((gint64[]) { -100, -100 }, 2, SHAPE (2));
  g_autoptr(GtTensor) m = gt_nll_loss (x, t, NULL, -100, GT_REDUCTION_MEAN, &error);
  g_autoptr(GtTensor) e = gt_zeros (SHAPE (0, 3), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) et = longs (NULL, 0, SHAPE (0));
  g_autoptr(GtTensor) em = gt_cross_entropy (e, et, NULL, -100, GT_REDUCTION_MEAN, 0.0, &error);
  g_autoptr(GtTensor) es = gt_cross_entropy (e, et, NULL, -100, GT_REDUCTION_SUM, 0.0, &error);
  g_autoptr(GtTensor) ez = gt_zeros (SHAPE (0), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) mse = gt_mse_loss (ez, ez, GT_REDUCTION_MEAN, &error);

  g_assert_no_error (error);
  VALUES (m, 0, NAN);
  VALUES (em, 0, NAN);
  VALUES (es, 0, 0);
  VALUES (mse, 0, NAN);
}

static void
test_cross_entropy (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (dtypes); k++)
    {
      GtDType dt = dtypes[k];
      gdouble tol = tol_of (dt);
      g_autoptr(GError) error = NULL;
      /* row 0 uniform; row 1 = [ln 2, 0, 0]: probabilities [1/2, 1/4, 1/4] */
      g_autoptr(GtTensor) x = gt_test_new (D (0, 0, 0, LN2, 0, 0), SHAPE (2, 3), dt);
      g_autoptr(GtTensor) t = longs ((gint64[]) { 1, 0 }, 2, SHAPE (2));
      g_autoptr(GtTensor) n = gt_cross_entropy (x, t, NULL, -100, GT_REDUCTION_NONE, 0.0, &error);
      /* label smoothing 0.3 on row 1: 0.7 ln 2 + 0.1 (ln 2 + 2 ln 4) */
      g_autoptr(GtTensor) ls = gt_cross_entropy (x, t, NULL, -100, GT_REDUCTION_NONE, 0.3,
                                                 &error);
      g_autoptr(GtTensor) ign = gt_cross_entropy (x, t, NULL, 1, GT_REDUCTION_MEAN, 0.3, &error);
      g_autoptr(GtTensor) p = gt_test_new (D (0.5, 0.5, 0, 0, 0.5, 0.5), SHAPE (2, 3), dt);
      g_autoptr(GtTensor) pn = gt_cross_entropy (x, p, NULL, -100, GT_REDUCTION_NONE, 0.0,
                                                 &error);
      g_autoptr(GtTensor) pm = gt_cross_entropy (x, p, NULL, -100, GT_REDUCTION_MEAN, 0.0,
                                                 &error);
      g_autoptr(GtTensor) w = gt_test_new (D (2, 1, 1), SHAPE (3), dt);
      g_autoptr(GtTensor) wm = gt_cross_entropy (x, t, w, -100, GT_REDUCTION_MEAN, 0.0, &error);

      g_assert_no_error (error);
      VALUES (n, tol, LN3, LN2);
      VALUES (ls, tol, LN3, 0.7 * LN2 + 0.1 * (LN2 + 4 * LN2));
      VALUES (ign, tol, 0.7 * LN2 + 0.1 * 5 * LN2);
      VALUES (pn, tol, LN3, 2 * LN2);
      VALUES (pm, tol, (LN3 + 2 * LN2) / 2);
      VALUES (wm, tol, (LN3 + 2 * LN2) / 3);
      g_assert_cmpuint (wm->ndim, ==, 0);
    }
}

static void
test_nll_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_zeros (SHAPE (3, 10), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) bad = longs ((gint64[]) { 1, 2, 12 }, 3, SHAPE (3));
  g_autoptr(GtTensor) neg = longs ((gint64[]) { 1, -1, 2 }, 3, SHAPE (3));
  g_autoptr(GtTensor) short_t = longs ((gint64[]) { 1, 2 }, 2, SHAPE (2));
  g_autoptr(GtTensor) ok = longs ((gint64[]) { 1, 2, 3 }, 3, SHAPE (3));
  g_autoptr(GtTensor) w4 = gt_ones (SHAPE (4), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) probs = gt_zeros (SHAPE (3, 10), GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) ilong = gt_zeros (SHAPE (3, 10), GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) s0 = gt_zeros (NULL, 0, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) i32 = gt_zeros (SHAPE (3), GT_DTYPE_INT32, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (gt_nll_loss (x, bad, NULL, -100, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names (error, GT_ERROR_INDEX, "gt_nll_loss");
  g_assert_nonnull (strstr (error->message, "Target 12 is out of bounds"));
  g_assert_nonnull (strstr (error->message, "10 classes"));
  g_clear_error (&error);
  g_assert_null (gt_nll_loss (x, neg, NULL, -100, GT_REDUCTION_NONE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_nll_loss");
  g_assert_null (gt_cross_entropy (x, bad, NULL, -100, GT_REDUCTION_SUM, 0.0, &error));
  gt_assert_error_names (error, GT_ERROR_INDEX, "gt_cross_entropy");
  g_assert_nonnull (strstr (error->message, "Target 12"));
  g_clear_error (&error);
  g_assert_null (gt_nll_loss (x, short_t, NULL, -100, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names (error, GT_ERROR_SHAPE, "gt_nll_loss");
  g_assert_nonnull (strstr (error->message, "[3, 10]"));
  g_clear_error (&error);
  g_assert_null (gt_nll_loss (x, ok, w4, -100, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_nll_loss");
  g_assert_null (gt_nll_loss (x, i32, NULL, -100, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_nll_loss");
  g_assert_null (gt_nll_loss (ilong, ok, NULL, -100, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_nll_loss");
  g_assert_null (gt_nll_loss (s0, ok, NULL, -100, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_nll_loss");
  g_assert_null (gt_cross_entropy (x, ok, NULL, -100, GT_REDUCTION_MEAN, 1.5, &error));
  gt_assert_error_names (error, GT_ERROR_VALUE, "gt_cross_entropy");
  g_assert_nonnull (strstr (error->message, "1.5"));
  g_clear_error (&error);
  g_assert_null (gt_cross_entropy (x, probs, NULL, 2, GT_REDUCTION_MEAN, 0.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_cross_entropy");
  g_assert_null (gt_cross_entropy (x, ilong, NULL, -100, GT_REDUCTION_MEAN, 0.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_cross_entropy");
  g_assert_null (gt_cross_entropy (x, probs, w4, -100, GT_REDUCTION_MEAN, 0.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_cross_entropy");
  g_assert_null (gt_cross_entropy (s0, ok, NULL, -100, GT_REDUCTION_MEAN, 0.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_cross_entropy");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loss/softmax/values", test_softmax_values);
  g_test_add_func ("/loss/softmax/nan-empty", test_softmax_nan_and_empty);
  g_test_add_func ("/loss/softmax/wide", test_softmax_wide);
  g_test_add_func ("/loss/softmax/errors", test_softmax_errors);
  g_test_add_func ("/loss/regression", test_regression_losses);
  g_test_add_func ("/loss/bce", test_bce);
  g_test_add_func ("/loss/pointwise-errors", test_pointwise_errors);
  g_test_add_func ("/loss/nll", test_nll);
  g_test_add_func ("/loss/nll/ignored-empty", test_nll_all_ignored_and_empty);
  g_test_add_func ("/loss/cross-entropy", test_cross_entropy);
  g_test_add_func ("/loss/nll/errors", test_nll_errors);
  return g_test_run ();
}
