/* The optimizers: hand-computed steps of each update rule (float64 and
 * float32), parameter groups, state dicts that resume exactly, the step
 * signal, zero_grad, non-contiguous parameters and the errors. */
#include "gt-test-utils.h"

static GtTensor *
leaf (const gdouble *data,
      gsize          n,
      GtDType        dtype)
{
  GtTensor *t = gt_test_new_1d (data, n, dtype);

  g_assert_true (gt_tensor_set_requires_grad (t, TRUE, NULL));
  return t;
}

static void
set_grad (GtTensor      *p,
          const gdouble *data,
          gsize          n)
{
  g_autoptr (GtTensor) g = gt_test_new_1d (data, n, gt_tensor_get_dtype (p));

  g_assert_true (gt_tensor_set_grad (p, g, NULL));
}

static void
assert_values (GtTensor      *t,
               const gdouble *want,
               gsize          n,
               gdouble        tol)
{
  gsize got_n = 0;
  g_autoptr (GtTensor) d = gt_tensor_detach (t);
  g_autofree gdouble *got = gt_tensor_to_doubles (d, &got_n, NULL);

  g_assert_cmpuint (got_n, ==, n);
  for (gsize i = 0; i < n; i++)
    if (tol == 0)
      g_assert_cmpfloat (got[i], ==, want[i]);
    else
      g_assert_cmpfloat_with_epsilon (got[i], want[i], tol);
}

static GPtrArray *
list_of (GtTensor *a,
         GtTensor *b)
{
  GPtrArray *l = g_ptr_array_new ();

  g_ptr_array_add (l, a);
  if (b != NULL)
    g_ptr_array_add (l, b);
  return l;
}

static void
test_sgd_nesterov_weight_decay (void)
{
  const gdouble p0[] = { 1, 2 }, g[] = { 0.5, -1 };
  g_autoptr (GtTensor) p = leaf (p0, 2, GT_DTYPE_FLOAT64);
  g_autoptr (GPtrArray) params = list_of (p, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GtOptimizer) opt =
    gt_sgd_new_full (params, 0.1, 0.9, 0, 0.1, TRUE, FALSE, &error);
  const gdouble want1[] = { 0.886, 2.152 }, want2[] = { 0.725566, 2.365912 };

  g_assert_no_error (error);
  set_grad (p, g, 2);
  g_assert_true (gt_optimizer_step (opt, &error));
  assert_values (p, want1, 2, 1e-12);
  /* buf = d on the first step */
  {
    const gdouble buf1[] = { 0.6, -0.8 };

    assert_values (gt_optimizer_get_state (opt, p, "momentum_buffer"), buf1,
                   2, 1e-12);
  }
  g_assert_true (gt_optimizer_step (opt, &error));
  assert_values (p, want2, 2, 1e-12);
}

static void
test_sgd_plain_float32_and_maximize (void)
{
  const gdouble p0[] = { 1, 2, 3 }, g[] = { 1, -2, 0.5 };
  g_autoptr (GtTensor) p = leaf (p0, 3, GT_DTYPE_FLOAT32);
  g_autoptr (GtTensor) q = leaf (p0, 3, GT_DTYPE_FLOAT64);
  g_autoptr (GPtrArray) params = list_of (p, NULL);
  g_autoptr (GPtrArray) qparams = list_of (q, NULL);
  g_autoptr (GtOptimizer) opt = gt_sgd_new (params, 0.5, NULL);
  g_autoptr (GtOptimizer) maxi =
    gt_sgd_new_full (qparams, 0.5, 0, 0, 0, FALSE, TRUE, NULL);
  const gdouble want[] = { 0.5, 3, 2.75 }, wantmax[] = { 1.5, 1, 3.25 };

  set_grad (p, g, 3);
  set_grad (q, g, 3);
  g_assert_true (gt_optimizer_step (opt, NULL));
  g_assert_true (gt_optimizer_step (maxi, NULL));
  g_assert_cmpint (gt_tensor_get_dtype (p), ==, GT_DTYPE_FLOAT32);
  assert_values (p, want, 3, 0);
  assert_values (q, wantmax, 3, 0);
  /* plain SGD keeps no state */
  g_assert_null (gt_optimizer_get_state (opt, p, "momentum_buffer"));
}

static void
test_adam_constant_gradient (void)
{
  /* with a constant gradient Adam moves by lr per step */
  const gdouble p0[] = { 1, -1 }, g[] = { 0.5, -0.25 };
  GtDType dtypes[] = { GT_DTYPE_FLOAT64, GT_DTYPE_FLOAT32 };

  for (guint d = 0; d < G_N_ELEMENTS (dtypes); d++)
    {
      g_autoptr (GtTensor) p = leaf (p0, 2, dtypes[d]);
      g_autoptr (GPtrArray) params = list_of (p, NULL);
      g_autoptr (GtOptimizer) opt = gt_adam_new (params, 0.1, NULL);
      gdouble tol = dtypes[d] == GT_DTYPE_FLOAT64 ? 1e-7 : 1e-6;

      set_grad (p, g, 2);
      for (int s = 1; s <= 3; s++)
        {
          const gdouble want[] = { 1 - 0.1 * s, -1 + 0.1 * s };
          GtTensor *step;

          g_assert_true (gt_optimizer_step (opt, NULL));
          assert_values (p, want, 2, tol);
          step = gt_optimizer_get_state (opt, p, "step");
          g_assert_cmpint (gt_tensor_get_dtype (step), ==, GT_DTYPE_FLOAT32);
          g_assert_cmpfloat (gt_tensor_item (step, NULL), ==, s);
        }
      {
        /* exp_avg after three steps: 0.5 * (1 - 0.9^3) */
        const gdouble m[] = { 0.5 * 0.271, -0.25 * 0.271 };

        assert_values (gt_optimizer_get_state (opt, p, "exp_avg"), m, 2,
                       tol * 0.1);
      }
    }
}

static void
test_adam_weight_decay_and_amsgrad (void)
{
  const gdouble p0[] = { 1 }, g[] = { 0.5 };
  g_autoptr (GtTensor) p = leaf (p0, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GtTensor) q = leaf (p0, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GPtrArray) params = list_of (p, NULL);
  g_autoptr (GPtrArray) qparams = list_of (q, NULL);
  /* Adam: g' = 0.5 + 0.5 * 1 = 1 → the first step moves by lr */
  g_autoptr (GtOptimizer) adam =
    gt_adam_new_full (params, 0.1, 0.9, 0.999, 1e-8, 0.5, TRUE, FALSE, NULL);
  /* AdamW: param * (1 - 0.1 * 0.1), then the Adam step of lr */
  g_autoptr (GtOptimizer) adamw =
    gt_adamw_new_full (qparams, 0.1, 0.9, 0.999, 1e-8, 0.1, FALSE, FALSE,
                       NULL);
  const gdouble want[] = { 0.9 }, wantw[] = { 0.89 }, vmax[] = { 0.001 };

  set_grad (p, g, 1);
  set_grad (q, g, 1);
  g_assert_true (gt_optimizer_step (adam, NULL));
  g_assert_true (gt_optimizer_step (adamw, NULL));
  assert_values (p, want, 1, 1e-7);
  assert_values (q, wantw, 1, 1e-7);
  assert_values (gt_optimizer_get_state (adam, p, "max_exp_avg_sq"), vmax, 1,
                 1e-15);
  g_assert_null (gt_optimizer_get_state (adamw, q, "max_exp_avg_sq"));
}

static void
test_rmsprop (void)
{
  const gdouble p0[] = { 1 }, g[] = { 0.5 };
  g_autoptr (GtTensor) p = leaf (p0, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GtTensor) q = leaf (p0, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GPtrArray) params = list_of (p, NULL);
  g_autoptr (GPtrArray) qparams = list_of (q, NULL);
  g_autoptr (GtOptimizer) plain = gt_rmsprop_new (params, 0.01, NULL);
  g_autoptr (GtOptimizer) centered =
    gt_rmsprop_new_full (qparams, 0.01, 0.99, 1e-8, 0, 0.9, TRUE, FALSE, NULL);
  /* square_avg = 0.01 * 0.25; avg = 0.05 (+ eps) */
  const gdouble want[] = { 1 - 0.01 * 0.5 / (0.05 + 1e-8) };
  /* centered: grad_avg = 0.005, avg = sqrt (0.0025 - 0.000025);
   * momentum buffer = g / avg on the first step */
  const gdouble buf = 0.5 / (sqrt (0.002475) + 1e-8);
  const gdouble wantc[] = { 1 - 0.01 * buf }, wantbuf[] = { buf };

  set_grad (p, g, 1);
  set_grad (q, g, 1);
  g_assert_true (gt_optimizer_step (plain, NULL));
  g_assert_true (gt_optimizer_step (centered, NULL));
  assert_values (p, want, 1, 1e-14);
  assert_values (q, wantc, 1, 1e-14);
  assert_values (gt_optimizer_get_state (centered, q, "momentum_buffer"),
                 wantbuf, 1, 1e-12);
  g_assert_nonnull (gt_optimizer_get_state (centered, q, "grad_avg"));
  g_assert_null (gt_optimizer_get_state (plain, p, "grad_avg"));
}

static void
test_groups_and_lr (void)
{
  const gdouble a0[] = { 1 }, g[] = { 1 };
  g_autoptr (GtTensor) a = leaf (a0, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GtTensor) b = leaf (a0, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GPtrArray) la = list_of (a, NULL);
  g_autoptr (GPtrArray) lb = list_of (b, NULL);
  g_autoptr (GtOptimizer) opt = gt_sgd_new (la, 0.1, NULL);
  g_autoptr (GtParamGroup) group = gt_param_group_new (lb);
  g_autoptr (GError) error = NULL;
  const gdouble wa[] = { 0.9 }, wb[] = { 0.5 };

  gt_param_group_set_option (group, "lr", 0.5);
  g_assert_true (gt_optimizer_add_param_group (opt, group, &error));
  g_assert_no_error (error);
  /* the defaults fill what the group lacks */
  g_assert_cmpfloat (gt_param_group_get_option (group, "momentum", -1), ==, 0);
  g_assert_cmpuint (gt_optimizer_get_n_param_groups (opt), ==, 2);
  g_assert_cmpfloat (gt_optimizer_get_group_lr (opt, 1, NULL), ==, 0.5);
  set_grad (a, g, 1);
  set_grad (b, g, 1);
  g_assert_true (gt_optimizer_step (opt, NULL));
  assert_values (a, wa, 1, 1e-15);
  assert_values (b, wb, 1, 1e-15);
  /* the lr property sets every group */
  g_object_set (opt, "lr", 0.25, NULL);
  g_assert_cmpfloat (gt_optimizer_get_group_lr (opt, 1, NULL), ==, 0.25);
  /* a parameter in two groups */
  g_assert_false (gt_optimizer_add_params (opt, la, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE,
                               "gt_optimizer_add_param_group");
}

static void
count_step (GtOptimizer *opt,
            gpointer     data)
{
  (*(int *) data)++;
}

static void
test_signal_and_zero_grad (void)
{
  const gdouble a0[] = { 1, 2 }, g[] = { 1, 1 }, zeros[] = { 0, 0 };
  g_autoptr (GtTensor) a = leaf (a0, 2, GT_DTYPE_FLOAT32);
  g_autoptr (GPtrArray) la = list_of (a, NULL);
  g_autoptr (GtOptimizer) opt = gt_sgd_new (la, 0.1, NULL);
  int count = 0;

  g_signal_connect (opt, "step", G_CALLBACK (count_step), &count);
  g_assert_true (gt_optimizer_step (opt, NULL));     /* no grad: skipped */
  assert_values (a, a0, 2, 0);
  set_grad (a, g, 2);
  g_assert_true (gt_optimizer_step (opt, NULL));
  g_assert_cmpint (count, ==, 2);
  g_assert_true (gt_optimizer_zero_grad (opt, FALSE, NULL));
  assert_values (gt_tensor_get_grad (a), zeros, 2, 0);
  g_assert_true (gt_optimizer_zero_grad (opt, TRUE, NULL));
  g_assert_null (gt_tensor_get_grad (a));
}

static void
test_non_contiguous (void)
{
  const gdouble d[] = { 1, 2, 3, 4, 5, 6 };
  const gint64 shape[] = { 2, 3 };
  g_autoptr (GtTensor) base = gt_test_new (d, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr (GtTensor) p = gt_test_transpose (base);      /* [3, 2] view */
  g_autoptr (GPtrArray) lp = list_of (p, NULL);
  g_autoptr (GtOptimizer) opt = NULL;
  const gdouble ones[] = { 1, 1, 1, 1, 1, 1 };
  const gint64 gshape[] = { 3, 2 };
  g_autoptr (GtTensor) g = gt_test_new (ones, 6, gshape, 2, GT_DTYPE_FLOAT64);
  const gdouble want[] = { 0, 1, 2, 3, 4, 5 };

  g_assert_true (gt_tensor_set_requires_grad (p, TRUE, NULL));
  opt = gt_sgd_new (lp, 1.0, NULL);
  g_assert_true (gt_tensor_set_grad (p, g, NULL));
  g_assert_true (gt_optimizer_step (opt, NULL));
  g_assert_false (gt_tensor_is_contiguous (p));
  /* the update went through a copy written back into the view's storage */
  assert_values (base, want, 6, 0);
}

static void
test_state_dict_resume (void)
{
  const gdouble p0[] = { 1, -2, 3 };
  g_autoptr (GtTensor) a = leaf (p0, 3, GT_DTYPE_FLOAT64);
  g_autoptr (GtTensor) b = leaf (p0, 3, GT_DTYPE_FLOAT64);
  g_autoptr (GPtrArray) la = list_of (a, NULL);
  g_autoptr (GPtrArray) lb = list_of (b, NULL);
  g_autoptr (GtOptimizer) oa =
    gt_adam_new_full (la, 0.05, 0.8, 0.99, 1e-8, 0.01, TRUE, FALSE, NULL);
  g_autoptr (GtOptimizer) ob = gt_adam_new (lb, 1.0, NULL);
  g_autoptr (GHashTable) sd = NULL;
  g_autoptr (GError) error = NULL;

  for (int s = 0; s < 4; s++)
    {
      const gdouble g[] = { sin (s), cos (s), s * 0.1 };

      set_grad (a, g, 3);
      g_assert_true (gt_optimizer_step (oa, NULL));
    }
  sd = gt_optimizer_state_dict (oa, &error);
  g_assert_no_error (error);
  g_assert_true (g_hash_table_contains (sd, "state.0.exp_avg"));
  g_assert_true (g_hash_table_contains (sd, "state.0.max_exp_avg_sq"));
  g_assert_cmpfloat (gt_tensor_item (g_hash_table_lookup (sd, "state.0.step"),
                                     NULL), ==, 4);
  g_assert_cmpfloat (gt_tensor_item (g_hash_table_lookup (sd,
                                                          "param_groups.0.beta1"),
                                     NULL), ==, 0.8);
  {
    /* b = a's values, written without autograd */
    gboolean prev = gt_set_grad_enabled (FALSE);

    g_assert_true (gt_tensor_copy_ (b, a, NULL));
    gt_set_grad_enabled (prev);
  }
  g_assert_true (gt_optimizer_load_state_dict (ob, sd, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (gt_optimizer_get_lr (ob), ==, 0.05);
  for (int s = 4; s < 8; s++)
    {
      const gdouble g[] = { sin (s), cos (s), s * 0.1 };
      gsize n;
      g_autofree gdouble *va = NULL, *vb = NULL;
      g_autoptr (GtTensor) da = NULL, db = NULL;

      set_grad (a, g, 3);
      set_grad (b, g, 3);
      g_assert_true (gt_optimizer_step (oa, NULL));
      g_assert_true (gt_optimizer_step (ob, NULL));
      da = gt_tensor_detach (a);
      db = gt_tensor_detach (b);
      va = gt_tensor_to_doubles (da, &n, NULL);
      vb = gt_tensor_to_doubles (db, &n, NULL);
      g_assert_cmpmem (va, n * sizeof (gdouble), vb, n * sizeof (gdouble));
    }
  /* a dict for another layout */
  g_hash_table_remove (sd, "param_groups.0.params");
  g_assert_false (gt_optimizer_load_state_dict (ob, sd, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE,
                               "gt_optimizer_load_state_dict");
}

static void
test_errors (void)
{
  const gdouble p0[] = { 1 };
  g_autoptr (GtTensor) a = leaf (p0, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GPtrArray) la = list_of (a, NULL);
  g_autoptr (GPtrArray) empty = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GtTensor) h = NULL;
  g_autoptr (GPtrArray) lh = NULL;
  g_autoptr (GtOptimizer) opt = NULL;
  g_autoptr (GtOptimizer) bad = NULL;

  g_assert_null (gt_adam_new (la, -0.1, &error));
  gt_assert_error_names (error, GT_ERROR_VALUE, "gt_adam_new");
  g_assert_cmpstr (error->message, ==,
                   "gt_adam_new: Invalid learning rate: -0.1");
  g_clear_error (&error);
  g_assert_null (gt_adam_new_full (la, 0.1, 1.0, 0.999, 1e-8, 0, FALSE, FALSE,
                                   &error));
  g_assert_cmpstr (error->message, ==,
                   "gt_adam_new: Invalid beta parameter at index 0: 1.0");
  g_clear_error (&error);
  g_assert_null (gt_sgd_new_full (la, 0.1, 0, 0, 0, TRUE, FALSE, &error));
  g_assert_cmpstr (error->message, ==, "gt_sgd_new: Nesterov momentum requires "
                   "a momentum and zero dampening");
  g_clear_error (&error);
  g_assert_null (gt_rmsprop_new_full (la, 0.1, -0.5, 1e-8, 0, 0, FALSE, FALSE,
                                      &error));
  g_assert_cmpstr (error->message, ==,
                   "gt_rmsprop_new: Invalid alpha value: -0.5");
  g_clear_error (&error);
  g_assert_null (gt_adamw_new (empty, 0.1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_adamw_new");

  /* step refuses an invalid group */
  opt = gt_adam_new (la, 0.1, NULL);
  gt_param_group_set_option (gt_optimizer_get_param_group (opt, 0), "eps", -1);
  {
    const gdouble g[] = { 1 };

    set_grad (a, g, 1);
  }
  g_assert_false (gt_optimizer_step (opt, &error));
  g_assert_cmpstr (error->message, ==,
                   "gt_optimizer_step: Invalid epsilon value: -1.0");
  g_clear_error (&error);
  assert_values (a, p0, 1, 0);

  /* an optimizer made with g_object_new is checked by gt_optimizer_check */
  bad = g_object_new (GT_TYPE_SGD, "lr", 0.1, "momentum", -1.0, NULL);
  g_assert_false (gt_optimizer_check (bad, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_optimizer_check");

  /* float16 parameters */
  h = gt_zeros ((gint64[]) { 2 }, 1, GT_DTYPE_FLOAT16, NULL, NULL);
  lh = list_of (h, NULL);
  g_clear_object (&opt);
  opt = gt_sgd_new (lh, 0.1, NULL);
  {
    g_autoptr (GtTensor) g = gt_zeros ((gint64[]) { 2 }, 1, GT_DTYPE_FLOAT16,
                                       NULL, NULL);

    g_assert_true (gt_tensor_set_grad (h, g, NULL));
  }
  g_assert_false (gt_optimizer_step (opt, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_optimizer_step");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(int *) data)++;
}

static void
refuse_group_lr (GtOptimizer *opt,
                 guint        group,
                 const char  *message)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (gt_optimizer_set_group_lr (opt, group, 0.5, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_INDEX);
  g_assert_cmpstr (error->message, ==, message);
}

/* torch's `optimizer.param_groups[i]['lr'] = lr`: a missing group is
 * GT_ERROR_INDEX (torch's IndexError), nothing changed */
static void
test_set_group_lr (void)
{
  const gdouble a0[] = { 1 };
  g_autoptr (GtTensor) a = leaf (a0, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GtTensor) b = leaf (a0, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GPtrArray) la = list_of (a, NULL);
  g_autoptr (GPtrArray) lb = list_of (b, NULL);
  g_autoptr (GtOptimizer) opt = gt_sgd_new (la, 0.1, NULL);
  g_autoptr (GError) error = NULL;
  int notified = 0;

  g_signal_connect (opt, "notify::lr", G_CALLBACK (count_notify), &notified);
  refuse_group_lr (opt, 1, "gt_optimizer_set_group_lr: group 1 is out of "
                   "range: the optimizer has 1 parameter group");
  g_assert_cmpfloat (gt_optimizer_get_group_lr (opt, 0, NULL), ==, 0.1);

  g_assert_true (gt_optimizer_add_params (opt, lb, NULL));
  g_assert_true (gt_optimizer_set_group_lr (opt, 1, 0.5, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (gt_optimizer_get_group_lr (opt, 0, NULL), ==, 0.1);
  g_assert_cmpfloat (gt_optimizer_get_group_lr (opt, 1, NULL), ==, 0.5);
  g_assert_cmpint (notified, ==, 0);   /* "lr" is group 0's */
  g_assert_true (gt_optimizer_set_group_lr (opt, 0, 0.25, &error));
  g_assert_cmpfloat (gt_optimizer_get_lr (opt), ==, 0.25);
  g_assert_cmpint (notified, ==, 1);

  refuse_group_lr (opt, G_MAXUINT, "gt_optimizer_set_group_lr: group "
                   "4294967295 is out of range: the optimizer has 2 "
                   "parameter groups");
  g_assert_cmpfloat (gt_optimizer_get_group_lr (opt, 1, NULL), ==, 0.5);
  g_assert_cmpint (notified, ==, 1);

  /* reading a missing group's rate is the same IndexError in torch */
  g_assert_cmpfloat (gt_optimizer_get_group_lr (opt, 2, &error), ==, 0.0);
  g_assert_error (error, GT_ERROR, GT_ERROR_INDEX);
  g_assert_cmpstr (error->message, ==, "gt_optimizer_get_group_lr: group 2 "
                   "is out of range: the optimizer has 2 parameter groups");
}

/* The construct properties of every optimizer: torch's defaults, and
 * each property reads and writes the defaults' option of its name. */
static void
check_option_properties (GType                type,
                         const char *const    *props,
                         const char *const    *options,
                         const gdouble        *defaults,
                         guint                 n)
{
  g_autoptr (GtOptimizer) opt = g_object_new (type, NULL);
  GtParamGroup *d = gt_optimizer_get_defaults (opt);

  g_assert_true (gt_optimizer_check (opt, NULL));
  g_assert_cmpfloat (gt_optimizer_get_lr (opt), ==, 1e-3);
  for (guint i = 0; i < n; i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (opt),
                                                        props[i]);
      g_auto (GValue) v = G_VALUE_INIT;

      g_assert_nonnull (pspec);
      g_assert_true (pspec->flags & G_PARAM_CONSTRUCT);
      g_assert_cmpfloat (gt_param_group_get_option (d, options[i], -7), ==,
                         defaults[i]);
      g_value_init (&v, pspec->value_type);
      g_object_get_property (G_OBJECT (opt), props[i], &v);
      if (pspec->value_type == G_TYPE_BOOLEAN)
        {
          g_assert_cmpint (g_value_get_boolean (&v), ==, defaults[i] != 0);
          g_object_set (opt, props[i], TRUE, NULL);
          g_assert_cmpfloat (gt_param_group_get_option (d, options[i], -7),
                             ==, 1);
        }
      else
        {
          g_assert_cmpfloat (g_value_get_double (&v), ==, defaults[i]);
          g_object_set (opt, props[i], 0.25 + i, NULL);
          g_assert_cmpfloat (gt_param_group_get_option (d, options[i], -7),
                             ==, 0.25 + i);
          g_value_unset (&v);
          g_value_init (&v, G_TYPE_DOUBLE);
          g_object_get_property (G_OBJECT (opt), props[i], &v);
          g_assert_cmpfloat (g_value_get_double (&v), ==, 0.25 + i);
        }
    }
}

static void
test_option_properties (void)
{
  const char *const adam_props[] = {
    "beta1", "beta2", "eps", "weight-decay", "amsgrad", "maximize",
  };
  const char *const adam_options[] = {
    "beta1", "beta2", "eps", "weight_decay", "amsgrad", "maximize",
  };
  const gdouble adam[] = { 0.9, 0.999, 1e-8, 0, 0, 0 };
  const gdouble adamw[] = { 0.9, 0.999, 1e-8, 1e-2, 0, 0 };
  const char *const sgd_props[] = {
    "momentum", "dampening", "weight-decay", "nesterov", "maximize",
  };
  const char *const sgd_options[] = {
    "momentum", "dampening", "weight_decay", "nesterov", "maximize",
  };
  const gdouble sgd[] = { 0, 0, 0, 0, 0 };
  const char *const rms_props[] = {
    "alpha", "eps", "weight-decay", "momentum", "centered", "maximize",
  };
  const char *const rms_options[] = {
    "alpha", "eps", "weight_decay", "momentum", "centered", "maximize",
  };
  const gdouble rms[] = { 0.99, 1e-8, 0, 0, 0, 0 };

  check_option_properties (GT_TYPE_ADAM, adam_props, adam_options, adam, 6);
  check_option_properties (GT_TYPE_ADAMW, adam_props, adam_options, adamw, 6);
  check_option_properties (GT_TYPE_SGD, sgd_props, sgd_options, sgd, 5);
  check_option_properties (GT_TYPE_RMSPROP, rms_props, rms_options, rms, 6);
}

/* several invalid values: the constructors report the first NaN in the
 * argument order, the checks the first failure in torch's order */
static void
test_error_order (void)
{
  const gdouble p0[] = { 1 };
  g_autoptr (GtTensor) a = leaf (p0, 1, GT_DTYPE_FLOAT64);
  g_autoptr (GPtrArray) la = list_of (a, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_null (gt_adam_new_full (la, 0.1, 0.9, NAN, NAN, NAN, FALSE, FALSE,
                                   &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_VALUE);
  g_assert_cmpstr (error->message, ==,
                   "gt_adam_new: Invalid beta parameter at index 1: nan");
  g_clear_error (&error);
  g_assert_null (gt_adamw_new_full (la, 0.1, 2.0, 0.999, -1, -1, FALSE, FALSE,
                                    &error));
  g_assert_cmpstr (error->message, ==,
                   "gt_adamw_new: Invalid epsilon value: -1.0");
  g_clear_error (&error);
  g_assert_null (gt_adam_new_full (la, 0.1, 0.9, 1.0, 0, -1, FALSE, FALSE,
                                   &error));
  g_assert_cmpstr (error->message, ==,
                   "gt_adam_new: Invalid beta parameter at index 1: 1.0");
  g_clear_error (&error);
  g_assert_null (gt_sgd_new_full (la, 0.1, 0, NAN, NAN, FALSE, FALSE,
                                  &error));
  g_assert_cmpstr (error->message, ==,
                   "gt_sgd_new: Invalid dampening value: nan");
  g_clear_error (&error);
  g_assert_null (gt_sgd_new_full (la, -1, -1, 0, -1, FALSE, FALSE, &error));
  g_assert_cmpstr (error->message, ==,
                   "gt_sgd_new: Invalid learning rate: -1.0");
  g_clear_error (&error);
  g_assert_null (gt_sgd_new_full (la, 0.1, 0, 0.5, -1, TRUE, FALSE, &error));
  g_assert_cmpstr (error->message, ==,
                   "gt_sgd_new: Invalid weight_decay value: -1.0");
  g_clear_error (&error);
  g_assert_null (gt_rmsprop_new_full (la, 0.1, -1, 1e-8, -1, -1, FALSE, FALSE,
                                      &error));
  g_assert_cmpstr (error->message, ==,
                   "gt_rmsprop_new: Invalid momentum value: -1.0");
  g_clear_error (&error);
  g_assert_null (gt_rmsprop_new_full (la, NAN, NAN, 1e-8, 0, 0, FALSE, FALSE,
                                      &error));
  g_assert_cmpstr (error->message, ==,
                   "gt_rmsprop_new: Invalid learning rate: nan");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/optim/sgd/nesterov-weight-decay",
                   test_sgd_nesterov_weight_decay);
  g_test_add_func ("/optim/sgd/float32-maximize",
                   test_sgd_plain_float32_and_maximize);
  g_test_add_func ("/optim/adam/constant-gradient", test_adam_constant_gradient);
  g_test_add_func ("/optim/adam/weight-decay-amsgrad-adamw",
                   test_adam_weight_decay_and_amsgrad);
  g_test_add_func ("/optim/rmsprop", test_rmsprop);
  g_test_add_func ("/optim/groups", test_groups_and_lr);
  g_test_add_func ("/optim/signal-zero-grad", test_signal_and_zero_grad);
  g_test_add_func ("/optim/non-contiguous", test_non_contiguous);
  g_test_add_func ("/optim/state-dict", test_state_dict_resume);
  g_test_add_func ("/optim/errors", test_errors);
  g_test_add_func ("/optim/errors/order", test_error_order);
  g_test_add_func ("/optim/set-group-lr", test_set_group_lr);
  g_test_add_func ("/optim/option-properties", test_option_properties);
  return g_test_run ();
}
