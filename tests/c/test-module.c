/* GtModule, the containers and GtLoss: registration order and names,
 * state dicts, modes, gradients, in-place conversion, hooks, threads. */

#include <gtensor/gtensor.h>

#include "gt-test-utils.h"

/* ---- a module written in C: y = x @ w + b ------------------------------ */

#define TEST_TYPE_AFFINE (test_affine_get_type ())
G_DECLARE_FINAL_TYPE (TestAffine, test_affine, TEST, AFFINE, GtModule)

struct _TestAffine
{
  GtModule parent_instance;
};

G_DEFINE_FINAL_TYPE (TestAffine, test_affine, GT_TYPE_MODULE)

static GtTensor *
test_affine_forward (GtModule  *module,
                     GtTensor  *input,
                     GError   **error)
{
  g_autoptr(GtTensor) xw = NULL;

  xw = gt_tensor_matmul (input, gt_module_get_parameter (module, "w"), error);
  if (xw == NULL)
    return NULL;
  return gt_tensor_add (xw, gt_module_get_parameter (module, "b"), 1.0, error);
}

static void
test_affine_class_init (TestAffineClass *klass)
{
  GT_MODULE_CLASS (klass)->forward = test_affine_forward;
}

static void
test_affine_init (TestAffine *self)
{
}

/* w = [[w0, w1], [w2, w3]], b = [b0, b1], both requiring grad. */
static GtModule *
affine_new (const gdouble *w,
            const gdouble *b)
{
  GtModule *m = g_object_new (TEST_TYPE_AFFINE, NULL);
  gint64 wshape[] = { 2, 2 };
  g_autoptr(GtTensor) wt = gt_test_new (w, 4, wshape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) bt = gt_test_new_1d (b, 2, GT_DTYPE_FLOAT64);

  g_assert_true (gt_tensor_set_requires_grad (wt, TRUE, NULL));
  g_assert_true (gt_tensor_set_requires_grad (bt, TRUE, NULL));
  gt_module_register_parameter (m, "w", wt);
  gt_module_register_parameter (m, "b", bt);
  return m;
}

static const gdouble W1[] = { 1, 2, 3, 4 }, B1[] = { 0.5, -0.5 };
static const gdouble W2[] = { 1, 0, 0, -1 }, B2[] = { 0, 1 };

/* net: parameter "scale", child "features" = Sequential (affine, identity,
 * affine), buffer "steps" (persistent, int64), buffer "cache" (not). */
static GtModule *
net_new (void)
{
  GtModule *net = g_object_new (GT_TYPE_MODULE, NULL);
  g_autoptr(GtModule) features = gt_sequential_new_take (affine_new (W1, B1),
                                                         gt_identity_new (),
                                                         affine_new (W2, B2),
                                                         NULL);
  gdouble one = 1.0;
  g_autoptr(GtTensor) scale = gt_test_new_1d (&one, 1, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) steps = gt_zeros (NULL, 0, GT_DTYPE_INT64, NULL, NULL);
  g_autoptr(GtTensor) cache = gt_zeros (NULL, 0, GT_DTYPE_FLOAT64, NULL, NULL);

  g_assert_true (gt_tensor_set_requires_grad (scale, TRUE, NULL));
  gt_module_register_parameter (net, "scale", scale);
  gt_module_register_module (net, "features", features);
  gt_module_register_buffer (net, "steps", steps, TRUE);
  gt_module_register_buffer (net, "cache", cache, FALSE);
  gt_module_register_parameter (net, "unused", NULL);
  return net;
}

static void
assert_strv (char              **got,
             const char * const *want)
{
  g_autofree char *got_s = g_strjoinv (",", got);
  g_autofree char *want_s = g_strjoinv (",", (char **) want);

  g_assert_cmpstr (got_s, ==, want_s);
}

static void
assert_values (GtTensor      *t,
               const gdouble *want,
               gsize          n)
{
  gsize got_n = 0;
  g_autofree gdouble *got = gt_tensor_to_doubles (t, &got_n, NULL);

  g_assert_cmpuint (got_n, ==, n);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (got[i], want[i], 1e-12);
}

static gdouble
value_at (GtTensor *t,
          gsize     i)
{
  gsize n = 0;
  g_autofree gdouble *v = gt_tensor_to_doubles (t, &n, NULL);

  g_assert_cmpuint (i, <, n);
  return v[i];
}

static void
test_names (void)
{
  g_autoptr(GtModule) net = net_new ();
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) params = gt_module_named_parameters (net, TRUE, &names);
  g_autoptr(GPtrArray) own = gt_module_parameters (net, FALSE);
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GPtrArray) buffers = NULL;
  g_auto(GStrv) child_names = NULL;
  g_auto(GStrv) module_names = NULL;
  g_auto(GStrv) buffer_names = NULL;
  static const char *want_params[] = { "scale", "features.0.w", "features.0.b",
                                       "features.2.w", "features.2.b", NULL };
  static const char *want_modules[] = { "", "features", "features.0",
                                        "features.1", "features.2", NULL };
  static const char *want_buffers[] = { "steps", "cache", NULL };
  GtModule *features = gt_module_get_module (net, "features");

  assert_strv (names, want_params);
  g_assert_cmpuint (params->len, ==, 5);
  g_assert_true (g_ptr_array_index (params, 1) ==
                 gt_module_get_parameter (gt_sequential_get (GT_SEQUENTIAL (features), 0), "w"));
  g_assert_cmpuint (own->len, ==, 1);
  g_assert_true (gt_module_has_parameter (net, "unused"));
  g_assert_null (gt_module_get_parameter (net, "unused"));
  g_assert_null (gt_module_get_parameter (net, "features"));

  children = gt_module_named_children (net, &child_names);
  g_assert_cmpuint (children->len, ==, 1);
  g_assert_cmpstr (child_names[0], ==, "features");
  modules = gt_module_named_modules (net, &module_names);
  assert_strv (module_names, want_modules);
  g_assert_true (g_ptr_array_index (modules, 0) == (gpointer) net);
  buffers = gt_module_named_buffers (net, TRUE, &buffer_names);
  assert_strv (buffer_names, want_buffers);

  g_assert_cmpuint (gt_sequential_get_length (GT_SEQUENTIAL (features)), ==, 3);
  g_assert_true (GT_IS_IDENTITY (gt_sequential_get (GT_SEQUENTIAL (features), -2)));
  g_assert_null (gt_sequential_get (GT_SEQUENTIAL (features), 3));
  g_assert_null (gt_sequential_get (GT_SEQUENTIAL (features), -4));
}

/* Re-registering keeps the place; another kind moves to the end; a shared
 * tensor is listed once by parameters () and under each name in the state
 * dict, as in torch. */
static void
test_registration (void)
{
  g_autoptr(GtModule) m = g_object_new (GT_TYPE_MODULE, NULL);
  g_autoptr(GtModule) child = g_object_new (GT_TYPE_MODULE, NULL);
  gdouble v[] = { 1, 2 };
  g_autoptr(GtTensor) a = gt_test_new_1d (v, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = gt_test_new_1d (v, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GPtrArray) params = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) keys = NULL;
  static const char *want_keys[] = { "x", "y", "z", "c.shared", NULL };

  gt_module_register_parameter (m, "x", a);
  gt_module_register_parameter (m, "y", a);
  gt_module_register_parameter (m, "x", b);            /* keeps its place */
  gt_module_register_parameter (child, "shared", a);
  gt_module_register_module (m, "c", child);
  gt_module_register_parameter (m, "z", NULL);
  gt_module_register_buffer (m, "z", a, TRUE);         /* moves to the end */

  params = gt_module_named_parameters (m, TRUE, &names);
  g_assert_cmpuint (params->len, ==, 2);
  g_assert_cmpstr (names[0], ==, "x");
  g_assert_cmpstr (names[1], ==, "y");
  g_assert_true (g_ptr_array_index (params, 0) == (gpointer) b);
  keys = gt_module_state_dict_keys (m);
  assert_strv (keys, want_keys);

  g_assert_true (gt_module_remove (m, "y"));
  g_assert_false (gt_module_remove (m, "y"));
  g_assert_false (gt_module_has_parameter (m, "y"));
}

static void
test_state_dict (void)
{
  g_autoptr(GtModule) net = net_new ();
  g_autoptr(GtModule) other = net_new ();
  g_autoptr(GHashTable) sd = gt_module_state_dict (net);
  g_auto(GStrv) keys = gt_module_state_dict_keys (net);
  static const char *want[] = { "scale", "steps", "features.0.w", "features.0.b",
                                "features.2.w", "features.2.b", NULL };
  GtTensor *w = g_hash_table_lookup (sd, "features.0.w");
  GtModule *feat0 = gt_sequential_get (GT_SEQUENTIAL (gt_module_get_module (net, "features")), 0);
  GtTensor *param = gt_module_get_parameter (feat0, "w");
  gdouble seven[] = { 7, 7, 7, 7 };

  assert_strv (keys, want);
  g_assert_cmpuint (g_hash_table_size (sd), ==, 6);
  /* A detached alias: no grad, same memory. */
  g_assert_false (gt_tensor_get_requires_grad (w));
  g_assert_true (w != param);
  g_assert_true (gt_tensor_fill_ (w, 7.0, NULL));
  assert_values (param, seven, 4);
}

static void
test_load_state_dict (void)
{
  g_autoptr(GtModule) src = net_new ();
  g_autoptr(GtModule) dst = net_new ();
  g_autoptr(GHashTable) sd = gt_module_state_dict (src);
  g_autoptr(GError) error = NULL;
  GtModule *feat0 = gt_sequential_get (GT_SEQUENTIAL (gt_module_get_module (dst, "features")), 0);
  GtTensor *w_before = gt_module_get_parameter (feat0, "w");
  gint64 shape3[] = { 3 };
  gdouble fives[] = { 5, 5, 5, 5 };

  gt_tensor_fill_ (g_hash_table_lookup (sd, "features.0.w"), 5.0, NULL);
  g_assert_true (gt_module_load_state_dict (dst, sd, TRUE, &error));
  g_assert_no_error (error);
  /* in place: the same tensor, new values, still a leaf requiring grad */
  g_assert_true (gt_module_get_parameter (feat0, "w") == w_before);
  assert_values (w_before, fives, 4);
  g_assert_true (gt_tensor_get_requires_grad (w_before));
  g_assert_null (w_before->grad_fn);

  /* missing and unexpected keys */
  g_hash_table_remove (sd, "features.2.b");
  g_hash_table_insert (sd, g_strdup ("bogus"), gt_zeros (shape3, 1, GT_DTYPE_FLOAT32, NULL, NULL));
  gt_tensor_fill_ (g_hash_table_lookup (sd, "features.0.w"), 9.0, NULL);
  g_assert_false (gt_module_load_state_dict (dst, sd, TRUE, &error));
  gt_assert_error_names (error, GT_ERROR_VALUE, "gt_module_load_state_dict");
  g_assert_nonnull (strstr (error->message, "Missing key(s) in state_dict: \"features.2.b\"."));
  g_assert_nonnull (strstr (error->message, "Unexpected key(s) in state_dict: \"bogus\"."));
  g_clear_error (&error);
  assert_values (w_before, fives, 4);          /* nothing copied */

  /* non-strict: the known keys load */
  g_assert_true (gt_module_load_state_dict (dst, sd, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value_at (w_before, 0), ==, 9.0);

  /* size mismatch, even when not strict */
  g_hash_table_insert (sd, g_strdup ("features.0.w"), gt_zeros (shape3, 1, GT_DTYPE_FLOAT64, NULL, NULL));
  g_assert_false (gt_module_load_state_dict (dst, sd, FALSE, &error));
  gt_assert_error_names (error, GT_ERROR_SHAPE, "gt_module_load_state_dict");
  g_assert_nonnull (strstr (error->message,
                            "size mismatch for features.0.w: copying a param with shape [3] "
                            "from checkpoint, the shape in current model is [2, 2]."));
}

typedef struct {
  int pre_calls;
  int post_calls;
  gboolean replace;
} HookData;

static GtTensor *
on_forward_pre (GtModule *module,
                GtTensor *input,
                gpointer  user_data)
{
  HookData *d = user_data;

  d->pre_calls++;
  return d->replace ? gt_tensor_mul_scalar (input, 2.0, NULL) : NULL;
}

static GtTensor *
on_forward (GtModule *module,
            GtTensor *input,
            GtTensor *output,
            gpointer  user_data)
{
  HookData *d = user_data;

  d->post_calls++;
  return d->replace ? gt_tensor_add_scalar (output, 100.0, 1.0, NULL) : NULL;
}

static void
test_forward (void)
{
  g_autoptr(GtModule) seq = gt_sequential_new_take (affine_new (W1, B1),
                                                    gt_identity_new (),
                                                    affine_new (W2, B2), NULL);
  gint64 shape[] = { 1, 2 };
  gdouble xv[] = { 1, 1 };
  g_autoptr(GtTensor) x = gt_test_new (xv, 2, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = NULL;
  g_autoptr(GtTensor) y2 = NULL;
  g_autoptr(GtTensor) y3 = NULL;
  g_autoptr(GError) error = NULL;
  HookData d = { 0, 0, FALSE };
  GtModule *first = gt_sequential_get (GT_SEQUENTIAL (seq), 0);
  /* x @ W1 + B1 = [4.5, 5.5]; @ W2 + B2 = [4.5, -5.5 + 1] */
  gdouble want[] = { 4.5, -4.5 };
  /* pre-hook doubles the input of the first module: [2, 2] @ W1 + B1 =
   * [8.5, 11.5]; hook adds 100: [108.5, 111.5]; @ W2 + B2 = [108.5, -110.5] */
  gdouble want_hooked[] = { 108.5, -110.5 };
  gulong h1, h2;

  y = gt_module_forward (seq, x, &error);
  g_assert_no_error (error);
  assert_values (y, want, 2);

  h1 = g_signal_connect (first, "forward-pre", G_CALLBACK (on_forward_pre), &d);
  h2 = g_signal_connect (first, "forward", G_CALLBACK (on_forward), &d);
  y2 = gt_module_forward (seq, x, &error);
  g_assert_no_error (error);
  assert_values (y2, want, 2);
  g_assert_cmpint (d.pre_calls, ==, 1);
  g_assert_cmpint (d.post_calls, ==, 1);

  d.replace = TRUE;
  y3 = gt_module_forward (seq, x, &error);
  g_assert_no_error (error);
  assert_values (y3, want_hooked, 2);
  g_signal_handler_disconnect (first, h1);
  g_signal_handler_disconnect (first, h2);
}

static void
test_forward_errors (void)
{
  g_autoptr(GtModule) base = g_object_new (GT_TYPE_MODULE, NULL);
  g_autoptr(GtModule) list = gt_module_list_new ();
  g_autoptr(GtModule) seq = gt_sequential_new_take (affine_new (W1, B1), NULL);
  g_autoptr(GtModule) id = gt_identity_new ();
  g_autoptr(GtTensor) bad = gt_zeros ((gint64[]) { 1, 3 }, 2, GT_DTYPE_FLOAT64, NULL, NULL);
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (gt_module_forward (base, bad, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_NOT_SUPPORTED, "gt_module_forward");
  g_assert_null (gt_module_forward (list, bad, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_NOT_SUPPORTED, "GtModuleList");
  /* an op's error passes through the container unchanged */
  g_assert_null (gt_module_forward (seq, bad, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_SHAPE);
  g_clear_error (&error);

  gt_module_list_append (GT_MODULE_LIST (list), id);
  gt_module_list_append (GT_MODULE_LIST (list), seq);
  g_assert_cmpuint (gt_module_list_get_length (GT_MODULE_LIST (list)), ==, 2);
  g_assert_true (gt_module_list_get (GT_MODULE_LIST (list), -1) == seq);
  g_assert_null (gt_module_list_get (GT_MODULE_LIST (list), 2));

  out = gt_module_forward (id, bad, &error);
  g_assert_true (out == bad);
}

static void
test_flatten (void)
{
  g_autoptr(GtModule) f = gt_flatten_new (1, -1);
  g_autoptr(GtModule) f0 = g_object_new (GT_TYPE_FLATTEN, "start-dim", 0, NULL);
  gint64 shape[] = { 2, 3, 4 };
  g_autoptr(GtTensor) x = gt_test_arange_shaped (shape, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) y = gt_module_forward (f, x, NULL);
  g_autoptr(GtTensor) y0 = gt_module_forward (f0, x, NULL);
  g_autoptr(GtModule) bad = gt_flatten_new (5, -1);
  g_autoptr(GError) error = NULL;

  gt_test_assert_shape (y, (gint64[]) { 2, 12 }, 2);
  gt_test_assert_shape (y0, (gint64[]) { 24 }, 1);
  g_assert_cmpint (gt_flatten_get_start_dim (GT_FLATTEN (f0)), ==, 0);
  g_assert_cmpint (gt_flatten_get_end_dim (GT_FLATTEN (f0)), ==, -1);
  g_assert_null (gt_module_forward (bad, x, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_INDEX);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(int *) user_data)++;
}

static void
test_train_eval (void)
{
  g_autoptr(GtModule) net = net_new ();
  g_autoptr(GPtrArray) modules = gt_module_modules (net);
  GtModule *features = gt_module_get_module (net, "features");
  int notified = 0;
  gboolean prop;

  g_signal_connect (net, "notify::training", G_CALLBACK (count_notify), &notified);
  for (guint i = 0; i < modules->len; i++)
    g_assert_true (gt_module_get_training (g_ptr_array_index (modules, i)));
  gt_module_eval (net);
  for (guint i = 0; i < modules->len; i++)
    g_assert_false (gt_module_get_training (g_ptr_array_index (modules, i)));
  g_assert_cmpint (notified, ==, 1);
  g_object_get (net, "training", &prop, NULL);
  g_assert_false (prop);

  /* the property changes one module only */
  g_object_set (net, "training", TRUE, NULL);
  g_assert_true (gt_module_get_training (net));
  g_assert_false (gt_module_get_training (features));
  gt_module_train (net, TRUE);
  g_assert_true (gt_module_get_training (features));
  g_assert_cmpint (notified, ==, 2);
}

static GtTensor *
sum_all (GtTensor *t)
{
  return gt_tensor_sum (t, NULL, 0, FALSE, NULL);
}

/* The gradient of sum (x @ w + b) is x^T 1 for w and the batch size for b. */
static void
test_zero_grad (void)
{
  g_autoptr(GtModule) m = affine_new (W1, B1);
  gint64 shape[] = { 2, 2 };
  gdouble xv[] = { 1, 2, 3, 4 };
  g_autoptr(GtTensor) x = gt_test_new (xv, 4, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = gt_module_forward (m, x, NULL);
  g_autoptr(GtTensor) s = sum_all (y);
  GtTensor *w = gt_module_get_parameter (m, "w");
  GtTensor *b = gt_module_get_parameter (m, "b");
  gdouble want_w[] = { 4, 4, 6, 6 }, want_b[] = { 2, 2 }, zeros[] = { 0, 0, 0, 0 };

  g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, NULL));
  assert_values (gt_tensor_get_grad (w), want_w, 4);
  assert_values (gt_tensor_get_grad (b), want_b, 2);

  gt_module_zero_grad (m, FALSE);
  g_assert_nonnull (gt_tensor_get_grad (w));
  assert_values (gt_tensor_get_grad (w), zeros, 4);
  gt_module_zero_grad (m, TRUE);
  g_assert_null (gt_tensor_get_grad (w));
  g_assert_null (gt_tensor_get_grad (b));
}

/* Manual SGD on a C module: the loss goes down at every step. */
static void
test_sgd (void)
{
  g_autoptr(GtModule) m = affine_new (W1, B1);
  gint64 shape[] = { 4, 2 };
  gdouble xv[] = { 1, 0, 0, 1, 1, 1, -1, 2 };
  gdouble tv[] = { 1, -1, 0, 2, 1, 1, 3, 0 };
  g_autoptr(GtTensor) x = gt_test_new (xv, 8, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) target = gt_test_new (tv, 8, shape, 2, GT_DTYPE_FLOAT64);
  gdouble last = G_MAXDOUBLE, first = 0;

  for (int step = 0; step < 20; step++)
    {
      g_autoptr(GtTensor) y = gt_module_forward (m, x, NULL);
      g_autoptr(GtTensor) diff = gt_tensor_sub (y, target, 1.0, NULL);
      g_autoptr(GtTensor) sq = gt_tensor_mul (diff, diff, NULL);
      g_autoptr(GtTensor) loss = sum_all (sq);
      g_autoptr(GPtrArray) params = gt_module_parameters (m, TRUE);
      gdouble value = gt_tensor_item (loss, NULL);

      g_assert_cmpfloat (value, <, last);
      if (step == 0)
        first = value;
      last = value;
      gt_module_zero_grad (m, TRUE);
      g_assert_true (gt_tensor_backward (loss, NULL, FALSE, FALSE, NULL));
      {
        g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();

        for (guint i = 0; i < params->len; i++)
          {
            GtTensor *p = g_ptr_array_index (params, i);

            g_assert_true (gt_tensor_sub_ (p, gt_tensor_get_grad (p), 0.02, NULL));
          }
      }
    }
  g_assert_cmpfloat (last, <, 0.5 * first);
}

/* to_dtype keeps every tensor's identity (optimizers hold them) and leaves
 * integer buffers alone; to_device onto the same device changes nothing. */
static void
test_convert (void)
{
  g_autoptr(GtModule) net = net_new ();
  g_autoptr(GPtrArray) before = gt_module_parameters (net, TRUE);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtDevice) cpu = gt_device_new_from_string ("cpu", NULL);
  GtModule *feat0 = gt_sequential_get (GT_SEQUENTIAL (gt_module_get_module (net, "features")), 0);

  g_assert_true (gt_module_to_dtype (net, GT_DTYPE_FLOAT32, &error));
  g_assert_no_error (error);
  after = gt_module_parameters (net, TRUE);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    {
      GtTensor *p = g_ptr_array_index (after, i);

      g_assert_true (p == g_ptr_array_index (before, i));
      g_assert_cmpint (gt_tensor_get_dtype (p), ==, GT_DTYPE_FLOAT32);
      g_assert_true (gt_tensor_get_requires_grad (p));
    }
  g_assert_cmpint (gt_tensor_get_dtype (gt_module_get_buffer (net, "steps")), ==, GT_DTYPE_INT64);
  g_assert_cmpint (gt_tensor_get_dtype (gt_module_get_buffer (net, "cache")), ==, GT_DTYPE_FLOAT32);
  g_assert_cmpfloat (value_at (gt_module_get_parameter (feat0, "w"), 3), ==, 4.0);

  g_assert_true (gt_module_to_device (net, cpu, &error));
  g_assert_true (gt_module_to_device (net, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (gt_module_to_dtype (net, GT_DTYPE_INT64, &error));
  gt_assert_error_names (error, GT_ERROR_DTYPE, "gt_module_to_dtype");
}

static void
record_name (GtModule *module,
             gpointer  user_data)
{
  g_string_append_printf (user_data, "%s;", G_OBJECT_TYPE_NAME (module));
}

static void
test_apply (void)
{
  g_autoptr(GtModule) net = net_new ();
  g_autoptr(GString) order = g_string_new (NULL);

  gt_module_apply (net, record_name, order);
  g_assert_cmpstr (order->str, ==,
                   "TestAffine;GtIdentity;TestAffine;GtSequential;GtModule;");
}

/* ---- GtLoss ---------------------------------------------------------- */

#define TEST_TYPE_SQUARED (test_squared_get_type ())
G_DECLARE_FINAL_TYPE (TestSquared, test_squared, TEST, SQUARED, GtLoss)

struct _TestSquared
{
  GtLoss parent_instance;
};

G_DEFINE_FINAL_TYPE (TestSquared, test_squared, GT_TYPE_LOSS)

static GtTensor *
test_squared_forward (GtLoss    *loss,
                      GtTensor  *input,
                      GtTensor  *target,
                      GError   **error)
{
  g_autoptr(GtTensor) d = gt_tensor_sub (input, target, 1.0, error);
  g_autoptr(GtTensor) sq = d ? gt_tensor_mul (d, d, error) : NULL;

  if (sq == NULL)
    return NULL;
  switch (gt_loss_get_reduction (loss))
    {
    case GT_REDUCTION_SUM:
      return gt_tensor_sum (sq, NULL, 0, FALSE, error);
    case GT_REDUCTION_MEAN:
      return gt_tensor_mean (sq, NULL, 0, FALSE, error);
    default:
      return g_steal_pointer (&sq);
    }
}

static void
test_squared_class_init (TestSquaredClass *klass)
{
  GT_LOSS_CLASS (klass)->forward = test_squared_forward;
}

static void
test_squared_init (TestSquared *self)
{
}

static void
test_loss (void)
{
  g_autoptr(GtLoss) loss = g_object_new (TEST_TYPE_SQUARED, NULL);
  g_autoptr(GtLoss) sum_loss = g_object_new (TEST_TYPE_SQUARED, "reduction",
                                             GT_REDUCTION_SUM, NULL);
  g_autoptr(GtLoss) base = g_object_new (GT_TYPE_LOSS, NULL);
  gdouble a[] = { 1, 2, 3 }, b[] = { 0, 0, 1 };
  g_autoptr(GtTensor) x = gt_test_new_1d (a, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) t = gt_test_new_1d (b, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) mean = gt_loss_forward (loss, x, t, NULL);
  g_autoptr(GtTensor) sum = gt_loss_forward (sum_loss, x, t, NULL);
  g_autoptr(GError) error = NULL;
  GtReduction r;

  g_assert_cmpint (gt_loss_get_reduction (loss), ==, GT_REDUCTION_MEAN);
  g_assert_cmpfloat_with_epsilon (gt_tensor_item (mean, NULL), 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (gt_tensor_item (sum, NULL), 9.0, 1e-12);
  gt_loss_set_reduction (loss, GT_REDUCTION_NONE);
  g_object_get (loss, "reduction", &r, NULL);
  g_assert_cmpint (r, ==, GT_REDUCTION_NONE);
  g_assert_null (gt_loss_forward (base, x, t, &error));
  gt_assert_error_names (error, GT_ERROR_NOT_SUPPORTED, "gt_loss_forward");
}

/* ---- threads: forward on a shared module ----------------------------- */

typedef struct {
  GtModule *model;
  GtTensor *x;
  gdouble   result[2];
} ThreadData;

static gpointer
thread_forward (gpointer user_data)
{
  ThreadData *d = user_data;

  for (int i = 0; i < 200; i++)
    {
      g_autoptr(GtTensor) y = gt_module_forward (d->model, d->x, NULL);
      gsize n = 0;
      g_autofree gdouble *v = gt_tensor_to_doubles (y, &n, NULL);

      d->result[0] = v[0];
      d->result[1] = v[1];
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(GtModule) seq = gt_sequential_new_take (affine_new (W1, B1),
                                                    gt_identity_new (),
                                                    affine_new (W2, B2), NULL);
  gint64 shape[] = { 1, 2 };
  gdouble xv[] = { 1, 1 };
  g_autoptr(GtTensor) x = gt_test_new (xv, 2, shape, 2, GT_DTYPE_FLOAT64);
  ThreadData data[4];
  GThread *threads[4];

  for (int i = 0; i < 4; i++)
    {
      data[i] = (ThreadData) { seq, x, { 0, 0 } };
      threads[i] = g_thread_new ("forward", thread_forward, &data[i]);
    }
  for (int i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpfloat (data[i].result[0], ==, 4.5);
      g_assert_cmpfloat (data[i].result[1], ==, -4.5);
    }
}

/* ---- the cost of the hook check (run with -m perf) -------------------- */

#define TEST_TYPE_RELU (test_relu_get_type ())
G_DECLARE_FINAL_TYPE (TestRelu, test_relu, TEST, RELU, GtModule)

struct _TestRelu
{
  GtModule parent_instance;
};

G_DEFINE_FINAL_TYPE (TestRelu, test_relu, GT_TYPE_MODULE)

static GtTensor *
test_relu_forward (GtModule  *module,
                   GtTensor  *input,
                   GError   **error)
{
  return gt_tensor_relu (input, error);
}

static void
test_relu_class_init (TestReluClass *klass)
{
  GT_MODULE_CLASS (klass)->forward = test_relu_forward;
}

static void
test_relu_init (TestRelu *self)
{
}

static GtTensor *
on_forward_noop (GtModule *module,
                 GtTensor *input,
                 GtTensor *output,
                 gpointer  user_data)
{
  return NULL;
}

static gdouble
time_forward (GtModule *seq,
              GtTensor *x,
              int       n)
{
  gint64 start = g_get_monotonic_time ();

  for (int i = 0; i < n; i++)
    {
      GtTensor *y = gt_module_forward (seq, x, NULL);

      g_object_unref (y);
    }
  return (g_get_monotonic_time () - start) * 1000.0 / n;    /* ns */
}

static GtTensor *
relu_forward (GtTensor *x)
{
  return gt_tensor_relu (x, NULL);
}

static void
test_perf (void)
{
  g_autoptr(GtModule) seq = gt_sequential_new ();
  g_autoptr(GtTensor) x = gt_zeros ((gint64[]) { 1 }, 1, GT_DTYPE_FLOAT32, NULL, NULL);
  const int n = 200000;
  gdouble plain = G_MAXDOUBLE, hooked = G_MAXDOUBLE, ops = G_MAXDOUBLE;
  gdouble direct = G_MAXDOUBLE;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }
  /* three ReLU modules written here (the layers' GtReLU may not exist) */
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(GtModule) r = g_object_new (TEST_TYPE_RELU, NULL);

      gt_sequential_append (GT_SEQUENTIAL (seq), r);
    }
  for (int rep = 0; rep < 5; rep++)
    {
      gint64 start = g_get_monotonic_time ();

      for (int i = 0; i < n; i++)
        {
          GtTensor *a = relu_forward (x), *b = relu_forward (a), *c = relu_forward (b);

          g_object_unref (a);
          g_object_unref (b);
          g_object_unref (c);
        }
      ops = MIN (ops, (g_get_monotonic_time () - start) * 1000.0 / n);
      plain = MIN (plain, time_forward (seq, x, n));
      start = g_get_monotonic_time ();
      for (int i = 0; i < n; i++)
        {
          /* the same chain through the virtual methods, without
           * gt_module_forward's signal checks */
          GtTensor *t = g_object_ref (x);
          GtModule *child;
          guint pos = 0;

          while ((child = gt_sequential_get (GT_SEQUENTIAL (seq), pos++)) != NULL)
            {
              GtTensor *next = GT_MODULE_GET_CLASS (child)->forward (child, t, NULL);

              g_object_unref (t);
              t = next;
            }
          g_object_unref (t);
        }
      direct = MIN (direct, (g_get_monotonic_time () - start) * 1000.0 / n);
    }
  for (guint i = 0; i < 3; i++)
    g_signal_connect (gt_sequential_get (GT_SEQUENTIAL (seq), i), "forward",
                      G_CALLBACK (on_forward_noop), NULL);
  for (int rep = 0; rep < 5; rep++)
    hooked = MIN (hooked, time_forward (seq, x, n));
  g_test_message ("3 relu ops alone: %.0f ns; the 3 modules' forward vfuncs "
                  "called directly: %.0f ns; Sequential of the 3 ReLU modules "
                  "without handlers: %.0f ns; with a no-op forward handler on "
                  "each: %.0f ns", ops, direct, plain, hooked);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/module/names", test_names);
  g_test_add_func ("/module/registration", test_registration);
  g_test_add_func ("/module/state-dict", test_state_dict);
  g_test_add_func ("/module/load-state-dict", test_load_state_dict);
  g_test_add_func ("/module/forward/hooks", test_forward);
  g_test_add_func ("/module/forward/errors", test_forward_errors);
  g_test_add_func ("/module/flatten", test_flatten);
  g_test_add_func ("/module/train-eval", test_train_eval);
  g_test_add_func ("/module/zero-grad", test_zero_grad);
  g_test_add_func ("/module/sgd", test_sgd);
  g_test_add_func ("/module/convert", test_convert);
  g_test_add_func ("/module/apply", test_apply);
  g_test_add_func ("/module/loss", test_loss);
  g_test_add_func ("/module/threads", test_threads);
  g_test_add_func ("/module/perf", test_perf);

  return g_test_run ();
}
