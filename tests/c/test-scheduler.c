/* The learning-rate schedulers: hand-computed learning rates per epoch,
 * resuming, ReduceLROnPlateau, and the errors. */
#include "gt-test-utils.h"

static GtOptimizer *
make_sgd (gdouble lr)
{
  const gdouble d[] = { 0 };
  g_autoptr (GtTensor) p = gt_test_new_1d (d, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GPtrArray) l = g_ptr_array_new ();

  g_assert_true (gt_tensor_set_requires_grad (p, TRUE, NULL));
  g_ptr_array_add (l, p);
  return gt_sgd_new (l, lr, NULL);
}

static void
check_lrs (GtLRScheduler *s,
           GtOptimizer   *opt,
           const gdouble *want,
           guint          n)
{
  for (guint e = 0; e < n; e++)
    {
      gsize k = 0;
      g_autofree gdouble *last = gt_lr_scheduler_get_last_lr (s, &k);

      g_assert_cmpuint (k, ==, 1);
      g_assert_cmpint (gt_lr_scheduler_get_last_epoch (s), ==, e);
      g_assert_cmpfloat_with_epsilon (last[0], want[e], 1e-15);
      g_assert_cmpfloat (gt_optimizer_get_lr (opt), ==, last[0]);
      g_assert_true (gt_lr_scheduler_step (s, NULL));
    }
}

static void
test_step_lr (void)
{
  g_autoptr (GtOptimizer) opt = make_sgd (1.0);
  g_autoptr (GtLRScheduler) s = gt_step_lr_new (opt, 3, 0.5, -1, NULL);
  const gdouble want[] = { 1, 1, 1, 0.5, 0.5, 0.5, 0.25 };
  gsize n;
  g_autofree gdouble *base = NULL;

  check_lrs (s, opt, want, G_N_ELEMENTS (want));
  base = gt_lr_scheduler_get_base_lrs (s, &n);
  g_assert_cmpfloat (base[0], ==, 1.0);
  g_assert_cmpfloat (gt_param_group_get_option (gt_optimizer_get_param_group (opt, 0),
                                                "initial_lr", 0), ==, 1.0);
}

static void
test_multi_step_lr (void)
{
  g_autoptr (GtOptimizer) opt = make_sgd (1.0);
  const gint64 milestones[] = { 5, 2, 5 };
  g_autoptr (GtLRScheduler) s =
    gt_multi_step_lr_new (opt, milestones, 3, 0.1, -1, NULL);
  const gdouble want[] = { 1, 1, 0.1, 0.1, 0.1, 0.001, 0.001 };

  check_lrs (s, opt, want, G_N_ELEMENTS (want));
}

static void
test_exponential_lr (void)
{
  g_autoptr (GtOptimizer) opt = make_sgd (1.0);
  g_autoptr (GtLRScheduler) s = gt_exponential_lr_new (opt, 0.5, -1, NULL);
  const gdouble want[] = { 1, 0.5, 0.25, 0.125 };

  check_lrs (s, opt, want, G_N_ELEMENTS (want));
}

static void
test_cosine_annealing_lr (void)
{
  g_autoptr (GtOptimizer) opt = make_sgd (1.0);
  g_autoptr (GtLRScheduler) s =
    gt_cosine_annealing_lr_new (opt, 2, 0.0, -1, NULL);
  /* the recursive form: down to eta_min at T_max, back up after */
  const gdouble want[] = { 1, 0.5, 0, 0.5, 1, 0.5, 0 };

  check_lrs (s, opt, want, G_N_ELEMENTS (want));
}

static void
test_linear_lr (void)
{
  g_autoptr (GtOptimizer) opt = make_sgd (1.0);
  g_autoptr (GtLRScheduler) s = gt_linear_lr_new (opt, 0.5, 1.0, 2, -1, NULL);
  const gdouble want[] = { 0.5, 0.75, 1, 1, 1 };

  check_lrs (s, opt, want, G_N_ELEMENTS (want));
}

static void
test_resume (void)
{
  g_autoptr (GtOptimizer) opt = make_sgd (1.0);
  g_autoptr (GtLRScheduler) s = NULL;
  g_autoptr (GError) error = NULL;

  /* resuming needs initial_lr */
  g_assert_null (gt_step_lr_new (opt, 2, 0.5, 3, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, "initial_lr"));
  g_clear_error (&error);
  gt_param_group_set_option (gt_optimizer_get_param_group (opt, 0),
                             "initial_lr", 1.0);
  s = gt_step_lr_new (opt, 2, 0.5, 3, &error);
  g_assert_no_error (error);
  /* the initial step goes to epoch 4, a multiple of 2: decay */
  g_assert_cmpint (gt_lr_scheduler_get_last_epoch (s), ==, 4);
  g_assert_cmpfloat (gt_optimizer_get_lr (opt), ==, 0.5);
}

static void
test_plateau (void)
{
  g_autoptr (GtOptimizer) opt = make_sgd (1.0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GtReduceLROnPlateau) s =
    gt_reduce_lr_on_plateau_new (opt, GT_PLATEAU_MODE_MIN, 0.5, 1, 1e-4,
                                 GT_THRESHOLD_MODE_REL, 0, 0.3, 1e-8, &error);
  const gdouble metrics[] = { 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5 };
  const gdouble want[] = { 1, 1, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3, 0.3 };
  const gdouble two[] = { 0.1, 0.2 };

  g_assert_no_error (error);
  g_assert_cmpfloat (gt_reduce_lr_on_plateau_get_best (s), ==, INFINITY);
  for (guint e = 0; e < G_N_ELEMENTS (metrics); e++)
    {
      gsize n = 0;
      g_autofree gdouble *last = NULL;

      g_assert_true (gt_reduce_lr_on_plateau_step (s, metrics[e], NULL));
      last = gt_reduce_lr_on_plateau_get_last_lr (s, &n);
      g_assert_cmpuint (n, ==, 1);
      g_assert_cmpfloat (last[0], ==, want[e]);
    }
  g_assert_cmpfloat (gt_reduce_lr_on_plateau_get_best (s), ==, 0.5);
  g_assert_false (gt_reduce_lr_on_plateau_set_min_lrs (s, two, 2, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE,
                               "gt_reduce_lr_on_plateau_set_min_lrs");
  g_assert_null (gt_reduce_lr_on_plateau_new (opt, GT_PLATEAU_MODE_MAX, 1.0,
                                              10, 1e-4, GT_THRESHOLD_MODE_ABS,
                                              0, 0, 1e-8, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE,
                               "gt_reduce_lr_on_plateau");
}

static void
test_errors (void)
{
  g_autoptr (GtOptimizer) opt = make_sgd (1.0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GtLRScheduler) bad = NULL;

  g_assert_null (gt_linear_lr_new (opt, 1.5, 1.0, 5, -1, &error));
  gt_assert_error_names (error, GT_ERROR_VALUE, "gt_linear_lr_new");
  g_assert_nonnull (strstr (error->message, "Starting multiplicative factor "
                            "expected to be between 0 and 1."));
  g_clear_error (&error);
  /* made with g_object_new: the error comes back from step */
  bad = g_object_new (GT_TYPE_LINEAR_LR, "optimizer", opt, "end-factor", 2.0,
                      NULL);
  g_assert_false (gt_lr_scheduler_step (bad, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_linear_lr_new");
}

/* the settings read back through the properties */
static void
test_properties (void)
{
  g_autoptr (GtOptimizer) opt = make_sgd (1.0);
  const gint64 milestones[] = { 7, 3 };
  g_autoptr (GtLRScheduler) step = gt_step_lr_new (opt, 4, 0.5, -1, NULL);
  g_autoptr (GtLRScheduler) multi =
    gt_multi_step_lr_new (opt, milestones, 2, 0.25, -1, NULL);
  g_autoptr (GtLRScheduler) expo = gt_exponential_lr_new (opt, 0.75, -1,
                                                          NULL);
  g_autoptr (GtLRScheduler) cosine =
    gt_cosine_annealing_lr_new (opt, 6, 0.125, -1, NULL);
  g_autoptr (GtLRScheduler) linear = gt_linear_lr_new (opt, 0.5, 0.875, 3, -1,
                                                       NULL);
  g_autoptr (GtLRScheduler) dflt = g_object_new (GT_TYPE_LINEAR_LR,
                                                 "optimizer", opt, NULL);
  g_autoptr (GtReduceLROnPlateau) plateau =
    gt_reduce_lr_on_plateau_new (opt, GT_PLATEAU_MODE_MAX, 0.5, 3, 0.25,
                                 GT_THRESHOLD_MODE_ABS, 2, 0.125, 1e-6, NULL);
  g_autoptr (GtOptimizer) got_opt = NULL;
  g_autoptr (GVariant) got_milestones = NULL;
  gint i1 = 0, i2 = 0, last_epoch = -5;
  gdouble d1 = 0, d2 = 0, d3 = 0, d4 = 0;
  GtPlateauMode mode = 0;
  GtThresholdMode threshold_mode = 0;
  const gint64 *m;
  gsize n = 0;

  g_object_get (step, "step-size", &i1, "gamma", &d1, "last-epoch",
                &last_epoch, NULL);
  g_assert_cmpint (i1, ==, 4);
  g_assert_cmpfloat (d1, ==, 0.5);
  g_assert_cmpint (last_epoch, ==, 0);
  g_object_get (multi, "milestones", &got_milestones, "gamma", &d1, NULL);
  m = g_variant_get_fixed_array (got_milestones, &n, sizeof (gint64));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (m[0], ==, 3);
  g_assert_cmpint (m[1], ==, 7);
  g_assert_cmpfloat (d1, ==, 0.25);
  g_object_get (expo, "gamma", &d1, NULL);
  g_assert_cmpfloat (d1, ==, 0.75);
  g_object_get (cosine, "t-max", &i1, "eta-min", &d1, NULL);
  g_assert_cmpint (i1, ==, 6);
  g_assert_cmpfloat (d1, ==, 0.125);
  g_object_get (linear, "start-factor", &d1, "end-factor", &d2,
                "total-iters", &i1, NULL);
  g_assert_cmpfloat (d1, ==, 0.5);
  g_assert_cmpfloat (d2, ==, 0.875);
  g_assert_cmpint (i1, ==, 3);
  g_object_get (dflt, "start-factor", &d1, "end-factor", &d2,
                "total-iters", &i1, NULL);
  g_assert_cmpfloat (d1, ==, 1.0 / 3);
  g_assert_cmpfloat (d2, ==, 1.0);
  g_assert_cmpint (i1, ==, 5);
  g_object_get (plateau, "optimizer", &got_opt, "mode", &mode,
                "factor", &d1, "patience", &i1, "threshold", &d2,
                "threshold-mode", &threshold_mode, "cooldown", &i2,
                "min-lr", &d3, "eps", &d4, NULL);
  g_assert_true (got_opt == opt);
  g_assert_cmpint (mode, ==, GT_PLATEAU_MODE_MAX);
  g_assert_cmpfloat (d1, ==, 0.5);
  g_assert_cmpint (i1, ==, 3);
  g_assert_cmpfloat (d2, ==, 0.25);
  g_assert_cmpint (threshold_mode, ==, GT_THRESHOLD_MODE_ABS);
  g_assert_cmpint (i2, ==, 2);
  g_assert_cmpfloat (d3, ==, 0.125);
  g_assert_cmpfloat (d4, ==, 1e-6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scheduler/step-lr", test_step_lr);
  g_test_add_func ("/scheduler/multi-step-lr", test_multi_step_lr);
  g_test_add_func ("/scheduler/exponential-lr", test_exponential_lr);
  g_test_add_func ("/scheduler/cosine-annealing-lr", test_cosine_annealing_lr);
  g_test_add_func ("/scheduler/linear-lr", test_linear_lr);
  g_test_add_func ("/scheduler/resume", test_resume);
  g_test_add_func ("/scheduler/plateau", test_plateau);
  g_test_add_func ("/scheduler/errors", test_errors);
  g_test_add_func ("/scheduler/properties", test_properties);
  return g_test_run ();
}
