/* Gradients of the pools: the gradient checker (float64) for max_pool2d
 * (kernel 2 fast path, padding, dilation, ceil_mode, unbatched), avg_pool2d
 * (count_include_pad on and off, ceil_mode, divisor_override) and
 * adaptive_avg_pool2d (overlapping and growing windows) on contiguous,
 * transposed and sliced inputs; torch 1.13's node names for the first and
 * the second order; the second order with respect to grad_output by hand;
 * max-pool gradients land on the argmax only. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

typedef enum { MAX, AVG, ADAPTIVE } Kind;

typedef struct {
  const char *name;
  Kind        kind;
  gint64      x[4];
  guint       ndim;
  gint64      k[2];
  gint64      s[2];
  gint64      p[2];
  gint64      d[2];
  gboolean    ceil;
  gboolean    count_include_pad;
  gint64      divisor;
  const char *node;
} PoolCase;

static const PoolCase cases[] = {
  { "max-k2", MAX, { 2, 2, 4, 6 }, 4, { 2, 2 }, { 2, 2 }, { 0, 0 }, { 1, 1 }, FALSE, FALSE, 0, "MaxPool2DWithIndicesBackward0" },
  { "max-k3-s2-p1", MAX, { 1, 2, 5, 6 }, 4, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, FALSE, FALSE, 0, "MaxPool2DWithIndicesBackward0" },
  { "max-ceil", MAX, { 1, 2, 5, 5 }, 4, { 2, 3 }, { 2, 2 }, { 1, 0 }, { 1, 1 }, TRUE, FALSE, 0, "MaxPool2DWithIndicesBackward0" },
  { "max-dilation", MAX, { 1, 1, 6, 6 }, 4, { 2, 2 }, { 1, 2 }, { 1, 0 }, { 2, 2 }, FALSE, FALSE, 0, "MaxPool2DWithIndicesBackward0" },
  { "max-unbatched", MAX, { 2, 4, 5 }, 3, { 2, 2 }, { 1, 2 }, { 0, 0 }, { 1, 1 }, TRUE, FALSE, 0, "MaxPool2DWithIndicesBackward0" },
  { "avg-k2", AVG, { 2, 2, 4, 4 }, 4, { 2, 2 }, { 2, 2 }, { 0, 0 }, { 1, 1 }, FALSE, TRUE, 0, "AvgPool2DBackward0" },
  { "avg-pad-include", AVG, { 1, 2, 5, 6 }, 4, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, FALSE, TRUE, 0, "AvgPool2DBackward0" },
  { "avg-pad-exclude-ceil", AVG, { 1, 2, 5, 6 }, 4, { 3, 2 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, TRUE, FALSE, 0, "AvgPool2DBackward0" },
  { "avg-divisor", AVG, { 1, 2, 4, 4 }, 4, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, FALSE, TRUE, 3, "AvgPool2DBackward0" },
  { "avg-unbatched", AVG, { 2, 5, 4 }, 3, { 3, 2 }, { 2, 1 }, { 1, 0 }, { 1, 1 }, TRUE, TRUE, 0, "AvgPool2DBackward0" },
  { "adaptive", ADAPTIVE, { 2, 2, 5, 7 }, 4, { 3, 4 }, { 0 }, { 0 }, { 0 }, FALSE, FALSE, 0, "AdaptiveAvgPool2DBackward0" },
  { "adaptive-grow", ADAPTIVE, { 1, 2, 3, 2 }, 4, { 4, 3 }, { 0 }, { 0 }, { 0 }, FALSE, FALSE, 0, "AdaptiveAvgPool2DBackward0" },
  { "adaptive-unbatched", ADAPTIVE, { 2, 4, 4 }, 3, { 3, 3 }, { 0 }, { 0 }, { 0 }, FALSE, FALSE, 0, "AdaptiveAvgPool2DBackward0" },
};

static GtTensor *
pool_fn (GtTensor **in, gpointer data, GError **error)
{
  const PoolCase *c = data;

  switch (c->kind)
    {
    case MAX:
      return gt_tensor_max_pool2d (in[0], c->k, 2, c->s, 2, c->p, 2, c->d, 2,
                                   c->ceil, NULL, error);
    case AVG:
      return gt_tensor_avg_pool2d (in[0], c->k, 2, c->s, 2, c->p, 2, c->ceil,
                                   c->count_include_pad, c->divisor, error);
    case ADAPTIVE:
    default:
      return gt_tensor_adaptive_avg_pool2d (in[0], c->k, 2, error);
    }
}

static void
test_pool_gradcheck (gconstpointer data)
{
  const PoolCase *c = data;
  const GtGradcheckLayout layouts[] = {
    GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_TRANSPOSED, GT_GRADCHECK_SLICED,
  };

  for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
    {
      g_autoptr(GtTensor) x = gt_gradcheck_input (rng, c->x, c->ndim, -1, 1, layouts[k]);
      g_autofree char *what = g_strdup_printf ("%s (layout %u)", c->name, k);
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) out = pool_fn (&x, (gpointer) c, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gt_tensor_get_grad_fn_name (out), ==, c->node);
      /* random values: no ties, so max pooling is differentiable there */
      gt_gradcheck (what, pool_fn, (gpointer) c, &x, 1, TRUE, rng);
    }
}

/* The first gradient as a function of grad_output v: linear, so its own
 * gradient for a weight u is the pool's adjoint: for max, u gathered at
 * the argmax; checked against the forward: <grad(v), u> = <v, pool'(u)>
 * and, for the averages, pool'(u) = pool(u). */
static void
test_second_order_wrt_grad_output (gconstpointer data)
{
  const PoolCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, c->x, c->ndim, -1, 1, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) out = pool_fn (&x, (gpointer) c, &error);
  g_autoptr(GtTensor) v = NULL;
  g_autoptr(GtTensor) u = NULL;
  g_autoptr(GPtrArray) outs = g_ptr_array_new ();
  g_autoptr(GPtrArray) ins = g_ptr_array_new ();
  g_autoptr(GPtrArray) gos = g_ptr_array_new ();
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GtTensor) dot = NULL;
  g_autoptr(GtTensor) lhs = NULL;
  g_autoptr(GtTensor) rhs = NULL;
  g_autoptr(GtTensor) pooled_u = NULL;
  GtTensor *gx;
  gdouble a, b;

  g_assert_no_error (error);
  v = gt_gradcheck_input (rng, out->sizes, out->ndim, -1, 1, GT_GRADCHECK_CONTIGUOUS);
  u = gt_gradcheck_input (rng, x->sizes, x->ndim, -1, 1, GT_GRADCHECK_CONTIGUOUS);
  g_assert_true (gt_tensor_set_requires_grad (u, FALSE, NULL));
  g_ptr_array_add (outs, out);
  g_ptr_array_add (ins, x);
  g_ptr_array_add (gos, v);
  first = gt_autograd_grad (outs, ins, gos, TRUE, TRUE, FALSE, &error);
  g_assert_no_error (error);
  gx = g_ptr_array_index (first, 0);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (gx), ==,
                   c->kind == MAX ? "MaxPool2DWithIndicesBackwardBackward0"
                   : c->kind == AVG ? "AvgPool2DBackwardBackward0"
                   : "AdaptiveAvgPool2DBackwardBackward0");

  /* d <grad(v), u> / dv */
  {
    g_autoptr(GtTensor) prod = gt_tensor_mul (gx, u, &error);

    g_assert_no_error (error);
    dot = gt_tensor_sum (prod, NULL, 0, FALSE, &error);
    g_assert_no_error (error);
  }
  g_ptr_array_set_size (outs, 0);
  g_ptr_array_add (outs, dot);
  g_ptr_array_set_size (ins, 0);
  g_ptr_array_add (ins, v);
  second = gt_autograd_grad (outs, ins, NULL, FALSE, FALSE, FALSE, &error);
  g_assert_no_error (error);

  /* <grad(v), u> computed again must equal <v, second> (linearity) */
  {
    g_autoptr(GtTensor) p1 = gt_tensor_mul (v, g_ptr_array_index (second, 0), &error);

    lhs = gt_tensor_sum (p1, NULL, 0, FALSE, &error);
    g_assert_no_error (error);
  }
  a = gt_tensor_item (lhs, &error);
  b = gt_tensor_item (dot, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (a - b), <=, 1e-12 * MAX (1.0, fabs (b)));

  if (c->kind != MAX)
    {
      /* the averages' adjoint of the adjoint is the pool itself */
      g_autoptr(GtTensor) diff = NULL;
      g_autoptr(GtTensor) m = NULL;

      pooled_u = pool_fn (&u, (gpointer) c, &error);
      g_assert_no_error (error);
      diff = gt_tensor_sub (pooled_u, g_ptr_array_index (second, 0), 1.0, &error);
      g_assert_no_error (error);
      m = gt_tensor_abs (diff, &error);
      rhs = gt_tensor_amax (m, NULL, 0, FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (gt_tensor_item (rhs, NULL), <=, 1e-12);
    }
}

/* Kernel 2 over [[1, 4], [3, 2]]: the whole gradient goes to the 4. */
static void
test_max_grad_to_argmax (void)
{
  const gdouble v[] = { 1, 4, 3, 2 };
  const gint64 shape[] = { 1, 1, 2, 2 }, k = 2, p = 0, d = 1;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new (v, 4, shape, 4, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) y = NULL;
  g_autoptr(GtTensor) s = NULL;
  const gdouble expected[] = { 0, 1, 0, 0 };

  g_assert_true (gt_tensor_set_requires_grad (x, TRUE, NULL));
  y = gt_tensor_max_pool2d (x, &k, 1, NULL, 0, &p, 1, &d, 1, FALSE, NULL, &error);
  g_assert_no_error (error);
  s = gt_tensor_sum (y, NULL, 0, FALSE, &error);
  g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (x), expected, 4, 0.0);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (7031);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad/pool/%s", cases[i].name);
      g_autofree char *path2 = g_strdup_printf ("/grad/pool/%s/second-order-grad-output",
                                                cases[i].name);

      g_test_add_data_func (path, &cases[i], test_pool_gradcheck);
      g_test_add_data_func (path2, &cases[i], test_second_order_wrt_grad_output);
    }
  g_test_add_func ("/grad/pool/max-to-argmax", test_max_grad_to_argmax);
  ret = g_test_run ();
  g_rand_free (rng);
  return ret;
}
