/* Gradients of the activations and dropout in float64: gelu (both forms)
 * and leaky_relu (several slopes) through the gradient checker over
 * contiguous, transposed, sliced and expanded inputs, first and second
 * order; leaky_relu_ on a non-leaf (LeakyReluBackward1) and its refusal of
 * a negative slope at backward time; dropout with a fixed seed (the same
 * mask at every evaluation), out of place and in place, whose gradient is
 * the mask times 1 / (1 - p). */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

static const GtGradcheckLayout layouts[] = {
  GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_TRANSPOSED, GT_GRADCHECK_SLICED,
  GT_GRADCHECK_EXPANDED,
};
static const char *layout_names[] = { "contiguous", "transposed", "sliced", "expanded" };

/* Every element of @x with |v| < 0.1 moved away from 0 (leaky_relu's
 * kink). */
static void
move_away_from_zero (GtTensor *x)
{
  g_autofree gint64 *offsets = gt_gradcheck_offsets (x);

  for (gint64 k = 0; k < x->numel; k++)
    {
      gdouble *p = gt_gradcheck_element (x, offsets[k]);

      if (fabs (*p) < 0.1)
        *p = *p < 0 ? -0.1 - fabs (*p) : 0.1 + *p;
    }
}

/* ---- gelu ------------------------------------------------------------------ */

static GtTensor *
gelu_fn (GtTensor **in, gpointer data, GError **error)
{
  return gt_tensor_gelu (in[0], data, error);
}

static void
test_gelu (gconstpointer data)
{
  const char *approximate = data;
  gint64 shape[2] = { 3, 4 };

  for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
    {
      g_autofree char *what = g_strdup_printf ("gelu %s (%s)", approximate,
                                               layout_names[k]);
      g_autoptr(GtTensor) x = gt_gradcheck_input (rng, shape, 2, -3, 3, layouts[k]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) y = gt_tensor_gelu (x, approximate, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "GeluBackward0");
      gt_gradcheck (what, gelu_fn, (gpointer) approximate, &x, 1, TRUE, rng);
    }
}

/* The gradient of gelu is an op of its own: GeluBackwardBackward0. */
static void
test_gelu_backward_node (void)
{
  gint64 shape[1] = { 5 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, shape, 1, -2, 2, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) y = gt_tensor_gelu (x, NULL, &error);
  g_autoptr(GtTensor) s = gt_tensor_sum (y, NULL, 0, FALSE, &error);
  g_autoptr(GPtrArray) outputs = g_ptr_array_new ();
  g_autoptr(GPtrArray) inputs = g_ptr_array_new ();
  g_autoptr(GPtrArray) grads = NULL;

  g_ptr_array_add (outputs, s);
  g_ptr_array_add (inputs, x);
  grads = gt_autograd_grad (outputs, inputs, NULL, FALSE, TRUE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (grads->pdata[0]), ==,
                   "GeluBackwardBackward0");
}

/* ---- leaky_relu ------------------------------------------------------------- */

static GtTensor *
leaky_fn (GtTensor **in, gpointer data, GError **error)
{
  return gt_tensor_leaky_relu (in[0], *(const gdouble *) data, error);
}

static void
test_leaky_relu (void)
{
  static const gdouble slopes[] = { 0.01, 0.2, -0.3, 1.5 };
  gint64 shape[2] = { 3, 4 };

  for (guint s = 0; s < G_N_ELEMENTS (slopes); s++)
    for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
      {
        g_autofree char *what = g_strdup_printf ("leaky_relu %g (%s)", slopes[s],
                                                 layout_names[k]);
        g_autoptr(GtTensor) x = gt_gradcheck_input (rng, shape, 2, -1, 1, layouts[k]);

        move_away_from_zero (x);
        gt_gradcheck (what, leaky_fn, (gpointer) &slopes[s], &x, 1, TRUE, rng);
      }
}

static GtTensor *
leaky_inplace_fn (GtTensor **in, gpointer data, GError **error)
{
  g_autoptr(GtTensor) y = gt_tensor_mul_scalar (in[0], 1.0, error);

  if (y == NULL || !gt_tensor_leaky_relu_ (y, *(const gdouble *) data, error))
    return NULL;
  return g_steal_pointer (&y);
}

static void
test_leaky_relu_inplace (void)
{
  static const gdouble slope = 0.1, negative = -0.1;
  gint64 shape[2] = { 3, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, shape, 2, -1, 1, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) y = NULL;

  move_away_from_zero (x);
  gt_gradcheck ("leaky_relu_", leaky_inplace_fn, (gpointer) &slope, &x, 1, TRUE, rng);

  /* torch refuses the gradient through the result for a negative slope */
  y = leaky_inplace_fn (&x, (gpointer) &negative, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "LeakyReluBackward1");
  {
    g_autoptr(GtTensor) s = gt_tensor_sum (y, NULL, 0, FALSE, &error);

    g_assert_false (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
    gt_assert_error_names_clear (&error, GT_ERROR_NOT_SUPPORTED, "leaky_relu_");
  }
}

/* ---- dropout ---------------------------------------------------------------- */

typedef struct {
  gdouble  p;
  gboolean inplace;
} DropoutCase;

static GtTensor *
dropout_fn (GtTensor **in, gpointer data, GError **error)
{
  const DropoutCase *c = data;

  /* the same mask at every evaluation */
  gt_manual_seed (1234);
  if (c->inplace)
    {
      g_autoptr(GtTensor) y = gt_tensor_mul_scalar (in[0], 1.0, error);

      if (y == NULL || !gt_tensor_dropout_ (y, c->p, TRUE, error))
        return NULL;
      return g_steal_pointer (&y);
    }
  return gt_tensor_dropout (in[0], c->p, TRUE, error);
}

static void
test_dropout (void)
{
  static const DropoutCase cases[] = {
    { 0.3, FALSE }, { 0.5, TRUE }, { 0.9, FALSE }, { 1.0, FALSE }, { 0.0, TRUE },
  };
  gint64 shape[2] = { 4, 5 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint k = 0; k < 3; k++)
      {
        g_autofree char *what = g_strdup_printf ("dropout p=%g%s (%s)", cases[i].p,
                                                 cases[i].inplace ? " in place" : "",
                                                 layout_names[k]);
        g_autoptr(GtTensor) x = gt_gradcheck_input (rng, shape, 2, -1, 1, layouts[k]);

        gt_gradcheck (what, dropout_fn, (gpointer) &cases[i], &x, 1, TRUE, rng);
      }
}

/* The gradient is exactly the mask scaled: 0 or 1 / (1 - p). */
static void
test_dropout_gradient_values (void)
{
  gint64 shape[1] = { 64 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, shape, 1, 1, 2, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) y = NULL;
  g_autoptr(GtTensor) s = NULL;
  g_autofree gdouble *yv = NULL;
  g_autofree gdouble *gv = NULL;
  gsize n = 0;

  gt_manual_seed (99);
  y = gt_tensor_dropout (x, 0.25, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "MulBackward0");
  s = gt_tensor_sum (y, NULL, 0, FALSE, &error);
  g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
  yv = gt_tensor_to_doubles (y, &n, &error);
  gv = gt_tensor_to_doubles (gt_tensor_get_grad (x), &n, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    {
      if (yv[i] == 0)
        g_assert_cmpfloat (gv[i], ==, 0.0);
      else
        g_assert_cmpfloat (gv[i], ==, 1.0 / 0.75);
    }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (20240601);
  g_test_add_data_func ("/grad-activation/gelu/none", "none", test_gelu);
  g_test_add_data_func ("/grad-activation/gelu/tanh", "tanh", test_gelu);
  g_test_add_func ("/grad-activation/gelu/backward-node", test_gelu_backward_node);
  g_test_add_func ("/grad-activation/leaky-relu", test_leaky_relu);
  g_test_add_func ("/grad-activation/leaky-relu/inplace", test_leaky_relu_inplace);
  g_test_add_func ("/grad-activation/dropout", test_dropout);
  g_test_add_func ("/grad-activation/dropout/values", test_dropout_gradient_values);
  status = g_test_run ();
  g_rand_free (rng);
  return status;
}
