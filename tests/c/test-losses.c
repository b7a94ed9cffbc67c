/* test-losses.c: the loss classes of gtensor/nn against hand-computed
 * values for each reduction, their construct properties and defaults
 * (torch's), class weights, ignore_index, label smoothing and pos_weight. */

#include <math.h>
#include <string.h>

#include "gt-test-utils.h"

/* Runs @loss with each reduction: @none holds the per-element losses,
 * the mean and the sum are checked against @mean and @sum. */
static void
check_reductions (GtLoss        *loss,
                  GtTensor      *input,
                  GtTensor      *target,
                  const gdouble *none,
                  gsize          n,
                  gdouble        mean,
                  gdouble        sum,
                  gdouble        tol)
{
  g_autoptr(GError) error = NULL;
  GtReduction r[] = { GT_REDUCTION_NONE, GT_REDUCTION_MEAN, GT_REDUCTION_SUM };

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GtTensor) out = NULL;

      gt_loss_set_reduction (loss, r[i]);
      out = gt_loss_forward (loss, input, target, &error);
      g_assert_no_error (error);
      if (r[i] == GT_REDUCTION_NONE)
        gt_test_assert_values (out, none, n, tol);
      else
        {
          gdouble expected = r[i] == GT_REDUCTION_MEAN ? mean : sum;

          g_assert_cmpuint (gt_tensor_get_ndim (out), ==, 0);
          gt_test_assert_values (out, &expected, 1, tol);
        }
    }
  gt_loss_set_reduction (loss, GT_REDUCTION_MEAN);
}

static GtTensor *
vec (const gdouble *data,
     gsize          n)
{
  return gt_test_new_1d (data, n, GT_DTYPE_FLOAT64);
}

static void
test_defaults (void)
{
  g_autoptr(GtLoss) ce = gt_cross_entropy_loss_new ();
  g_autoptr(GtLoss) nll = gt_nll_loss_new ();
  g_autoptr(GtLoss) sl1 = gt_smooth_l1_loss_new ();
  g_autoptr(GtLoss) hub = gt_huber_loss_new ();
  g_autoptr(GtLoss) bcel = gt_bce_with_logits_loss_new ();
  g_autoptr(GtLoss) bce = gt_bce_loss_new ();
  GtLoss *all[] = { ce, nll, sl1, hub, bcel, bce };
  g_autoptr(GtTensor) weight = NULL;
  g_autoptr(GtTensor) pos = NULL;
  gint64 ignore;
  gdouble smoothing, beta, delta;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_true (GT_IS_LOSS (all[i]));
      g_assert_cmpint (gt_loss_get_reduction (all[i]), ==, GT_REDUCTION_MEAN);
    }
  g_object_get (ce, "weight", &weight, "ignore-index", &ignore,
                "label-smoothing", &smoothing, NULL);
  g_assert_null (weight);
  g_assert_cmpint (ignore, ==, -100);
  g_assert_cmpfloat (smoothing, ==, 0);
  g_object_get (nll, "ignore-index", &ignore, NULL);
  g_assert_cmpint (ignore, ==, -100);
  g_object_get (sl1, "beta", &beta, NULL);
  g_assert_cmpfloat (beta, ==, 1);
  g_object_get (hub, "delta", &delta, NULL);
  g_assert_cmpfloat (delta, ==, 1);
  g_object_get (bcel, "weight", &weight, "pos-weight", &pos, NULL);
  g_assert_null (weight);
  g_assert_null (pos);
}

static void
test_full_constructors (void)
{
  const gdouble w[] = { 1, 2 };
  g_autoptr(GtTensor) weight = vec (w, 2);
  g_autoptr(GtLoss) ce = gt_cross_entropy_loss_new_full (weight, 3,
                                                         GT_REDUCTION_SUM,
                                                         0.25);
  g_autoptr(GtLoss) bcel = gt_bce_with_logits_loss_new_full (NULL, weight,
                                                             GT_REDUCTION_NONE);
  g_autoptr(GtLoss) hub = gt_huber_loss_new_full (GT_REDUCTION_SUM, 0.5);
  g_autoptr(GtTensor) got = NULL;
  g_autoptr(GtTensor) got_pos = NULL;
  gint64 ignore;
  gdouble smoothing, delta;

  g_object_get (ce, "weight", &got, "ignore-index", &ignore,
                "label-smoothing", &smoothing, NULL);
  g_assert_true (got == weight);
  g_assert_cmpint (ignore, ==, 3);
  g_assert_cmpfloat (smoothing, ==, 0.25);
  g_assert_cmpint (gt_loss_get_reduction (ce), ==, GT_REDUCTION_SUM);
  g_object_get (bcel, "pos-weight", &got_pos, NULL);
  g_assert_true (got_pos == weight);
  g_assert_cmpint (gt_loss_get_reduction (bcel), ==, GT_REDUCTION_NONE);
  g_object_get (hub, "delta", &delta, NULL);
  g_assert_cmpfloat (delta, ==, 0.5);
  g_assert_cmpint (gt_loss_get_reduction (hub), ==, GT_REDUCTION_SUM);
}

/* x = [1, 2, 3], y = [0, 2, 5]: differences 1, 0, -2 */
static const gdouble X[] = { 1, 2, 3 }, Y[] = { 0, 2, 5 };

static void
test_mse_l1 (void)
{
  g_autoptr(GtTensor) x = vec (X, 3);
  g_autoptr(GtTensor) y = vec (Y, 3);
  g_autoptr(GtLoss) mse = gt_mse_loss_new ();
  g_autoptr(GtLoss) l1 = gt_l1_loss_new_full (GT_REDUCTION_SUM);
  const gdouble e_mse[] = { 1, 0, 4 }, e_l1[] = { 1, 0, 2 };

  g_assert_cmpint (gt_loss_get_reduction (l1), ==, GT_REDUCTION_SUM);
  check_reductions (mse, x, y, e_mse, 3, 5 / 3.0, 5, 1e-15);
  check_reductions (l1, x, y, e_l1, 3, 1, 3, 1e-15);
}

static void
test_smooth_l1_huber (void)
{
  g_autoptr(GtTensor) x = vec (X, 3);
  g_autoptr(GtTensor) y = vec (Y, 3);
  g_autoptr(GtLoss) s1 = gt_smooth_l1_loss_new ();
  g_autoptr(GtLoss) s2 = gt_smooth_l1_loss_new_full (GT_REDUCTION_MEAN, 2);
  g_autoptr(GtLoss) h1 = gt_huber_loss_new ();
  g_autoptr(GtLoss) h2 = gt_huber_loss_new_full (GT_REDUCTION_MEAN, 2);
  /* beta 1: |1| is not below beta: 1 - 0.5; |2|: 2 - 0.5 */
  const gdouble e_s1[] = { 0.5, 0, 1.5 };
  /* beta 2: 0.5 * 1 / 2; 2 - 1 */
  const gdouble e_s2[] = { 0.25, 0, 1 };
  /* delta 2: 0.5 * 1; 2 * (2 - 1) */
  const gdouble e_h2[] = { 0.5, 0, 2 };

  check_reductions (s1, x, y, e_s1, 3, 2 / 3.0, 2, 1e-15);
  check_reductions (s2, x, y, e_s2, 3, 1.25 / 3, 1.25, 1e-15);
  check_reductions (h1, x, y, e_s1, 3, 2 / 3.0, 2, 1e-15);
  check_reductions (h2, x, y, e_h2, 3, 2.5 / 3, 2.5, 1e-15);
}

static void
test_bce (void)
{
  const gdouble p[] = { 0.5, 0.9, 0.2 }, t[] = { 1, 0, 0 };
  const gdouble w[] = { 1, 2, 3 };
  g_autoptr(GtTensor) x = vec (p, 3);
  g_autoptr(GtTensor) y = vec (t, 3);
  g_autoptr(GtTensor) weight = vec (w, 3);
  g_autoptr(GtLoss) bce = gt_bce_loss_new ();
  g_autoptr(GtLoss) wbce = gt_bce_loss_new_full (weight, GT_REDUCTION_MEAN);
  gdouble e[] = { -log (0.5), -log (0.1), -log (0.8) };
  gdouble ew[3];

  for (guint i = 0; i < 3; i++)
    ew[i] = w[i] * e[i];
  check_reductions (bce, x, y, e, 3, (e[0] + e[1] + e[2]) / 3,
                    e[0] + e[1] + e[2], 1e-12);
  check_reductions (wbce, x, y, ew, 3, (ew[0] + ew[1] + ew[2]) / 3,
                    ew[0] + ew[1] + ew[2], 1e-12);
}

static void
test_bce_with_logits (void)
{
  const gdouble z[] = { 0, 2, -1 }, t[] = { 1, 0, 1 }, pw[] = { 2, 2, 2 };
  g_autoptr(GtTensor) x = vec (z, 3);
  g_autoptr(GtTensor) y = vec (t, 3);
  g_autoptr(GtTensor) pos = vec (pw, 3);
  g_autoptr(GtLoss) plain = gt_bce_with_logits_loss_new ();
  g_autoptr(GtLoss) weighted = gt_bce_with_logits_loss_new_full (NULL, pos,
                                                                 GT_REDUCTION_MEAN);
  gdouble e[] = { log (2), log (1 + exp (2)), log (1 + exp (1)) };
  /* the positive examples count twice */
  gdouble ep[] = { 2 * e[0], e[1], 2 * e[2] };

  check_reductions (plain, x, y, e, 3, (e[0] + e[1] + e[2]) / 3,
                    e[0] + e[1] + e[2], 1e-12);
  check_reductions (weighted, x, y, ep, 3, (ep[0] + ep[1] + ep[2]) / 3,
                    ep[0] + ep[1] + ep[2], 1e-12);
}

static void
test_nll (void)
{
  g_autoptr(GError) error = NULL;
  const gdouble lp[] = { -1, -2, -3, -0.5, -1.5, -2.5 }, w[] = { 1, 2, 3 };
  const gint64 shape[] = { 2, 3 }, t[] = { 2, 0 };
  g_autoptr(GtTensor) x = gt_test_new (lp, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = gt_tensor_new_from_int64s (t, 2, shape, 1,
                                                     GT_DTYPE_INT64, NULL,
                                                     &error);
  g_autoptr(GtTensor) weight = vec (w, 3);
  g_autoptr(GtLoss) nll = gt_nll_loss_new ();
  g_autoptr(GtLoss) wnll = gt_nll_loss_new_full (weight, -100,
                                                 GT_REDUCTION_MEAN);
  g_autoptr(GtLoss) ign = gt_nll_loss_new_full (NULL, 2, GT_REDUCTION_MEAN);
  const gdouble e[] = { 3, 0.5 }, ew[] = { 9, 0.5 }, ei[] = { 0, 0.5 };

  check_reductions (nll, x, y, e, 2, 1.75, 3.5, 1e-15);
  /* weighted mean: divided by the targets' weights, 3 + 1 */
  check_reductions (wnll, x, y, ew, 2, 9.5 / 4, 9.5, 1e-15);
  /* the ignored target neither adds nor counts */
  check_reductions (ign, x, y, ei, 2, 0.5, 0.5, 1e-15);
}

static void
test_cross_entropy (void)
{
  g_autoptr(GError) error = NULL;
  const gdouble logits[] = { 0, 1, 2, 1, 1, 1 };
  const gdouble probs[] = { 0, 0, 1, 1, 0, 0 };
  const gint64 shape[] = { 2, 3 }, t[] = { 2, 0 };
  g_autoptr(GtTensor) x = gt_test_new (logits, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = gt_tensor_new_from_int64s (t, 2, shape, 1,
                                                     GT_DTYPE_INT64, NULL,
                                                     &error);
  g_autoptr(GtTensor) yp = gt_test_new (probs, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtLoss) ce = gt_cross_entropy_loss_new ();
  g_autoptr(GtLoss) smooth = gt_cross_entropy_loss_new_full (NULL, -100,
                                                             GT_REDUCTION_MEAN,
                                                             0.1);
  gdouble lz = log (1 + exp (1) + exp (2));
  const gdouble e[] = { lz - 2, log (3) };
  /* (1 - eps) * nll + eps * mean over classes of -log p */
  const gdouble es[] = { 0.9 * (lz - 2) + 0.1 * (lz - 1), log (3) };

  check_reductions (ce, x, y, e, 2, (e[0] + e[1]) / 2, e[0] + e[1],
                    1e-14);
  /* one-hot probabilities give the class-index values */
  check_reductions (ce, x, yp, e, 2, (e[0] + e[1]) / 2, e[0] + e[1], 1e-14);
  check_reductions (smooth, x, y, es, 2, (es[0] + es[1]) / 2, es[0] + es[1],
                    1e-14);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/losses/defaults", test_defaults);
  g_test_add_func ("/losses/full-constructors", test_full_constructors);
  g_test_add_func ("/losses/mse-l1", test_mse_l1);
  g_test_add_func ("/losses/smooth-l1-huber", test_smooth_l1_huber);
  g_test_add_func ("/losses/bce", test_bce);
  g_test_add_func ("/losses/bce-with-logits", test_bce_with_logits);
  g_test_add_func ("/losses/nll", test_nll);
  g_test_add_func ("/losses/cross-entropy", test_cross_entropy);

  return g_test_run ();
}
