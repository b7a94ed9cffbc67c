/* The autograd engine, driven by a test-only differentiable multiply built
 * from the private node API: graph walks, accumulation, retain_graph,
 * in-place detection, autograd.grad, hooks, retain_grad, grad mode per
 * thread, higher-order gradients and freeing of long graphs. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-autograd-private.h"
#include "gt-node-private.h"
#include "gt-test-utils.h"

/* ---- a differentiable multiply: out = a * b ---------------------------- */

static GtTensor *test_mul (GtTensor *a, GtTensor *b, GError **error);

static gboolean
mul_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  g_autoptr(GtTensor) a = gt_node_saved (node, 0, error);
  g_autoptr(GtTensor) b = a ? gt_node_saved (node, 1, error) : NULL;

  if (b == NULL)
    return FALSE;
  /* d(ab)/da = b, d(ab)/db = a; written with the recording multiply so that
   * create_graph gives a graph of the gradient. */
  if (gt_node_needs_input_grad (node, 0) &&
      !(grad_inputs[0] = test_mul (grad_outputs[0], b, error)))
    return FALSE;
  if (gt_node_needs_input_grad (node, 1) &&
      !(grad_inputs[1] = test_mul (grad_outputs[0], a, error)))
    return FALSE;
  return TRUE;
}

static GtTensor *
test_mul (GtTensor *a, GtTensor *b, GError **error)
{
  GtTensor *inputs[2] = { a, b };
  gboolean record = gt_autograd_should_record (inputs, 2);
  GtTensor *out;

  {
    g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
    out = gt_tensor_mul (a, b, error);
  }
  if (out != NULL && record)
    {
      GtNode *node = gt_node_new ("MulBackward0", mul_backward, inputs, 2, 1);
      gt_node_save (node, a, FALSE);
      gt_node_save (node, b, FALSE);
      gt_autograd_set_history (out, node, 0);
      gt_node_unref (node);
    }
  return out;
}

static GtTensor *
leaf (const gdouble *values, gsize n)
{
  const gint64 shape[1] = { (gint64) n };
  GtTensor *t = gt_test_new (values, n, shape, 1, GT_DTYPE_FLOAT64);

  g_assert_true (gt_tensor_set_requires_grad (t, TRUE, NULL));
  return t;
}

static GtTensor *
ones_like (GtTensor *t)
{
  g_autoptr(GError) error = NULL;
  GtTensor *o = gt_ones_like (t, &error);

  g_assert_no_error (error);
  return o;
}

/* ---- tests ----------------------------------------------------------------- */

static void
test_leaf_accumulates (void)
{
  const gdouble xv[] = { 1, 2, 3 }, two[] = { 2, 2, 2 }, four[] = { 4, 4, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 3);
  g_autoptr(GtTensor) g = gt_test_new_1d (two, 3, GT_DTYPE_FLOAT64);

  g_assert_true (gt_tensor_backward (x, g, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (x), two, 3, 0.0);
  g_assert_true (gt_tensor_backward (x, g, FALSE, FALSE, &error));
  gt_test_assert_values (gt_tensor_get_grad (x), four, 3, 0.0);
  g_assert_true (gt_tensor_is_leaf (x));
  g_assert_null (gt_tensor_get_grad_fn_name (x));
}

static void
test_chain_and_diamond (void)
{
  const gdouble xv[] = { 1, 2, 3 }, wv[] = { 4, 5, 6 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 3);
  g_autoptr(GtTensor) w = leaf (wv, 3);
  /* z = (x * w) * x: dz/dx = 2xw, dz/dw = x^2 (x reached by two paths) */
  g_autoptr(GtTensor) xw = test_mul (x, w, &error);
  g_autoptr(GtTensor) z = test_mul (xw, x, &error);
  g_autoptr(GtTensor) g = ones_like (z);
  const gdouble dx[] = { 8, 20, 36 }, dw[] = { 1, 4, 9 };

  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (z), ==, "MulBackward0");
  g_assert_false (gt_tensor_is_leaf (z));
  g_assert_true (gt_tensor_backward (z, g, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (x), dx, 3, 1e-12);
  gt_test_assert_values (gt_tensor_get_grad (w), dw, 3, 1e-12);
  /* Non-leaf tensors keep no gradient unless asked. */
  g_assert_null (gt_tensor_get_grad (xw));
}

static void
test_second_backward_fails_without_retain (void)
{
  const gdouble xv[] = { 1, 2 }, dx[] = { 4, 8 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 2);
  g_autoptr(GtTensor) y = test_mul (x, x, &error);
  g_autoptr(GtTensor) g = ones_like (y);

  g_assert_true (gt_tensor_backward (y, g, TRUE, FALSE, &error));
  g_assert_true (gt_tensor_backward (y, g, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (x), dx, 2, 1e-12);

  g_assert_false (gt_tensor_backward (y, g, FALSE, FALSE, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
  g_assert_nonnull (strstr (error->message, "second time"));
}

static void
test_inplace_modification_detected (void)
{
  const gdouble xv[] = { 1, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 2);
  g_autoptr(GtTensor) y = test_mul (x, x, &error);
  g_autoptr(GtTensor) z = test_mul (y, y, &error);
  g_autoptr(GtTensor) g = ones_like (z);
  gint64 version = gt_tensor_get_version (y);

  /* y is saved by z's node; writing it afterwards invalidates the graph. */
  g_assert_true (gt_tensor_fill_ (y, 0.0, &error));
  g_assert_cmpint (gt_tensor_get_version (y), ==, version + 1);
  g_assert_false (gt_tensor_backward (z, g, FALSE, FALSE, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
  g_assert_nonnull (strstr (error->message, "modified by an inplace operation"));
  g_assert_nonnull (strstr (error->message, "MulBackward0"));
}

static void
test_implicit_gradient_rules (void)
{
  const gdouble xv[] = { 1, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 2);
  g_autoptr(GtTensor) y = test_mul (x, x, &error);
  g_autoptr(GtTensor) plain = gt_test_new_1d (xv, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) wrong = gt_zeros ((const gint64[]) { 3 }, 1,
                                        GT_DTYPE_FLOAT64, NULL, &error);

  /* A non-scalar output needs an explicit gradient. */
  g_assert_false (gt_tensor_backward (y, NULL, FALSE, FALSE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_backward");
  /* A tensor outside the graph cannot be differentiated. */
  g_assert_false (gt_tensor_backward (plain, NULL, FALSE, FALSE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_backward");
  /* The gradient must have the output's shape. */
  g_assert_false (gt_tensor_backward (y, wrong, FALSE, FALSE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_backward");
}

static GPtrArray *
list_of (GtTensor *a, GtTensor *b)
{
  GPtrArray *list = g_ptr_array_new ();

  g_ptr_array_add (list, a);
  if (b != NULL)
    g_ptr_array_add (list, b);
  return list;
}

static void
test_autograd_grad (void)
{
  const gdouble xv[] = { 1, 2, 3 }, dx[] = { 2, 4, 6 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 3);
  g_autoptr(GtTensor) unused = leaf (xv, 3);
  g_autoptr(GtTensor) y = test_mul (x, x, &error);
  g_autoptr(GtTensor) g = ones_like (y);
  g_autoptr(GPtrArray) outputs = list_of (y, NULL);
  g_autoptr(GPtrArray) grads = list_of (g, NULL);
  g_autoptr(GPtrArray) inputs = list_of (x, unused);
  g_autoptr(GPtrArray) only_x = list_of (x, NULL);
  g_autoptr(GPtrArray) result = NULL;

  /* An input the outputs do not depend on is an error... */
  result = gt_autograd_grad (outputs, inputs, grads, TRUE, FALSE, FALSE, &error);
  g_assert_null (result);
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_autograd_grad");

  /* ...or NULL when allowed; leaves' .grad is left alone. */
  result = gt_autograd_grad (outputs, inputs, grads, TRUE, FALSE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->len, ==, 2);
  gt_test_assert_values (result->pdata[0], dx, 3, 1e-12);
  g_assert_null (result->pdata[1]);
  g_assert_null (gt_tensor_get_grad (x));
  g_clear_pointer (&result, g_ptr_array_unref);

  /* A non-leaf input: the gradient flowing into it. */
  {
    g_autoptr(GtTensor) z = test_mul (y, x, &error);
    g_autoptr(GtTensor) gz = ones_like (z);
    g_autoptr(GPtrArray) zo = list_of (z, NULL);
    g_autoptr(GPtrArray) zg = list_of (gz, NULL);
    g_autoptr(GPtrArray) yin = list_of (y, NULL);

    result = gt_autograd_grad (zo, yin, zg, FALSE, FALSE, FALSE, &error);
    g_assert_no_error (error);
    gt_test_assert_values (result->pdata[0], xv, 3, 1e-12);   /* dz/dy = x */
    g_clear_pointer (&result, g_ptr_array_unref);
  }

  g_assert_null (gt_autograd_grad (outputs, only_x, NULL, FALSE, FALSE, FALSE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_autograd_grad");
}

static void
test_create_graph_second_order (void)
{
  const gdouble xv[] = { 1, 2, 3 }, wv[] = { 4, 5, 6 }, ones[] = { 1, 1, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 3);
  g_autoptr(GtTensor) w = leaf (wv, 3);
  g_autoptr(GtTensor) y = test_mul (x, w, &error);
  g_autoptr(GtTensor) g = ones_like (y);
  g_autoptr(GPtrArray) out = list_of (y, NULL);
  g_autoptr(GPtrArray) in = list_of (x, NULL);
  g_autoptr(GPtrArray) gs = list_of (g, NULL);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GtTensor) g2 = NULL;

  /* dy/dx = w, recorded as a function of w ... */
  first = gt_autograd_grad (out, in, gs, FALSE, TRUE, FALSE, &error);
  g_assert_no_error (error);
  gt_test_assert_values (first->pdata[0], wv, 3, 0.0);
  g_assert_true (gt_tensor_get_requires_grad (first->pdata[0]));
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (first->pdata[0]), ==, "MulBackward0");

  /* ... so that its own gradient reaches w: d(dy/dx)/dw = 1 */
  g2 = ones_like (first->pdata[0]);
  g_assert_true (gt_tensor_backward (first->pdata[0], g2, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (w), ones, 3, 0.0);
  g_assert_null (gt_tensor_get_grad (x));
}

static GtTensor *
double_gradient (GtTensor *self, GtTensor *grad, gpointer user_data)
{
  gint *calls = user_data;
  g_autoptr(GtTensor) two = gt_full_like (grad, 2.0, NULL);

  (*calls)++;
  return gt_tensor_mul (grad, two, NULL);
}

static void
test_hooks_and_retain_grad (void)
{
  const gdouble xv[] = { 1, 2 }, dx[] = { 4, 16 }, dy[] = { 2, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 2);
  g_autoptr(GtTensor) y = test_mul (x, x, &error);       /* y = x^2 */
  g_autoptr(GtTensor) w = gt_tensor_detach (x);
  g_autoptr(GtTensor) z = test_mul (y, w, &error);       /* z = x^2 * x0 */
  g_autoptr(GtTensor) g = ones_like (z);
  gint calls = 0;

  g_assert_true (gt_tensor_retain_grad (y, &error));
  g_signal_connect (y, "gradient", G_CALLBACK (double_gradient), &calls);
  g_assert_true (gt_tensor_backward (z, g, FALSE, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (calls, ==, 1);
  /* dz/dy = w = x, doubled by the hook, and kept by retain_grad */
  gt_test_assert_values (gt_tensor_get_grad (y), dy, 2, 1e-12);
  /* dz/dx = (2w) * 2x = 4x^2 */
  gt_test_assert_values (gt_tensor_get_grad (x), dx, 2, 1e-12);
  g_assert_false (gt_tensor_get_requires_grad (w));
}

static void
test_requires_grad_rules (void)
{
  const gdouble xv[] = { 1, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 2);
  g_autoptr(GtTensor) y = test_mul (x, x, &error);
  g_autoptr(GtTensor) plain = gt_test_new_1d (xv, 2, GT_DTYPE_FLOAT64);

  /* Only leaves may stop requiring grad; detach_ makes y a leaf. */
  g_assert_false (gt_tensor_set_requires_grad (y, FALSE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_set_requires_grad");
  g_assert_true (gt_tensor_detach_ (y, &error));
  g_assert_true (gt_tensor_is_leaf (y));
  g_assert_false (gt_tensor_get_requires_grad (y));
  g_assert_false (gt_tensor_retain_grad (plain, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_retain_grad");
}

static void
test_no_grad_guard (void)
{
  const gdouble xv[] = { 1, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 2);

  g_assert_true (gt_is_grad_enabled ());
  {
    g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
    g_autoptr(GtTensor) y = test_mul (x, x, &error);

    g_assert_false (gt_is_grad_enabled ());
    g_assert_false (gt_tensor_get_requires_grad (y));
  }
  g_assert_true (gt_is_grad_enabled ());
  g_assert_true (gt_set_grad_enabled (FALSE));
  g_assert_false (gt_set_grad_enabled (TRUE));
}

static gpointer
thread_grad_mode (gpointer data)
{
  /* Each thread starts with grad mode on, whatever the other one did. */
  gboolean initial = gt_is_grad_enabled ();

  gt_set_grad_enabled (GPOINTER_TO_INT (data));
  g_usleep (2000);
  return GINT_TO_POINTER (initial && gt_is_grad_enabled () == GPOINTER_TO_INT (data));
}

static void
test_grad_mode_per_thread (void)
{
  GThread *a = g_thread_new ("off", thread_grad_mode, GINT_TO_POINTER (FALSE));
  GThread *b = g_thread_new ("on", thread_grad_mode, GINT_TO_POINTER (TRUE));

  g_assert_true (GPOINTER_TO_INT (g_thread_join (a)));
  g_assert_true (GPOINTER_TO_INT (g_thread_join (b)));
  g_assert_true (gt_is_grad_enabled ());
}

static void
test_long_chain_is_freed (void)
{
  const gdouble one[] = { 1.0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (one, 1);
  GtTensor *y = g_object_ref (x);
  gpointer weak = x;
  /* Freeing must not recurse once per node; a million nodes with -m slow
   * (too slow under valgrind for every run). */
  int n = g_test_slow () ? 1000000 : 20000;

  for (int i = 0; i < n; i++)
    {
      GtTensor *next = test_mul (y, x, &error);
      g_assert_no_error (error);
      g_object_unref (y);
      y = next;
    }
  g_assert_true (gt_tensor_backward (y, NULL, FALSE, FALSE, &error));
  g_assert_no_error (error);
  g_object_unref (y);

  /* With the graph gone nothing holds x but this test: no cycle kept it. */
  g_object_add_weak_pointer (G_OBJECT (x), &weak);
  g_clear_object (&x);
  g_assert_null (weak);
}

/* d²(x³)/dx² = 6x with x³ built from the library's own multiply: the first
 * gradient, 3x², is the sum of three paths, so the engine's gradient sums
 * must be recorded (AddBackward0) for the second one to be right. */
static void
test_second_derivative_of_cube (void)
{
  const gdouble xv[] = { -1.5, 0.5, 2 };
  const gdouble d1[] = { 6.75, 0.75, 12 }, d2[] = { -9, 3, 12 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 3);
  g_autoptr(GtTensor) xx = gt_tensor_mul (x, x, &error);
  g_autoptr(GtTensor) y = gt_tensor_mul (xx, x, &error);
  g_autoptr(GtTensor) g = ones_like (y);
  g_autoptr(GPtrArray) out = list_of (y, NULL);
  g_autoptr(GPtrArray) in = list_of (x, NULL);
  g_autoptr(GPtrArray) gs = list_of (g, NULL);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GtTensor) ones = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "MulBackward0");
  first = gt_autograd_grad (out, in, gs, FALSE, TRUE, FALSE, &error);
  g_assert_no_error (error);
  gt_test_assert_values (first->pdata[0], d1, 3, 1e-12);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (first->pdata[0]), ==, "AddBackward0");

  ones = ones_like (first->pdata[0]);
  g_assert_true (gt_tensor_backward (first->pdata[0], ones, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (x), d2, 3, 1e-12);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/autograd/leaf/accumulates", test_leaf_accumulates);
  g_test_add_func ("/autograd/graph/chain-and-diamond", test_chain_and_diamond);
  g_test_add_func ("/autograd/graph/retain", test_second_backward_fails_without_retain);
  g_test_add_func ("/autograd/graph/inplace-detected", test_inplace_modification_detected);
  g_test_add_func ("/autograd/backward/errors", test_implicit_gradient_rules);
  g_test_add_func ("/autograd/grad", test_autograd_grad);
  g_test_add_func ("/autograd/grad/create-graph", test_create_graph_second_order);
  g_test_add_func ("/autograd/hooks-and-retain-grad", test_hooks_and_retain_grad);
  g_test_add_func ("/autograd/requires-grad", test_requires_grad_rules);
  g_test_add_func ("/autograd/grad-mode/guard", test_no_grad_guard);
  g_test_add_func ("/autograd/grad-mode/per-thread", test_grad_mode_per_thread);
  g_test_add_func ("/autograd/graph/long-chain-freed", test_long_chain_is_freed);
  g_test_add_func ("/autograd/grad/second-derivative-of-cube", test_second_derivative_of_cube);

  return g_test_run ();
}
