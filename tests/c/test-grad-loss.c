/* Gradients of softmax, log_softmax and the losses through the gradient
 * checker (float64 finite differences, first and second order): every
 * loss and reduction, with class weights, ignore_index, label smoothing,
 * probability targets, pos_weight, (N, C, d1, d2) inputs and broadcast
 * targets; non-contiguous inputs for the softmaxes; torch 1.13's node
 * names. Second order also runs the composed (create_graph) backward of
 * the kernels, first order their backward kernels. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

typedef enum {
  K_SOFTMAX,
  K_LOG_SOFTMAX,
  K_MSE,
  K_L1,
  K_SMOOTH_L1,
  K_HUBER,
  K_BCE,
  K_BCE_LOGITS,
  K_NLL,
  K_CE,
} Kind;

typedef struct {
  const char  *name;
  Kind         kind;
  gint64       shape[4];     /* input */
  guint        ndim;
  gint64       tshape[4];    /* target (float, or class indices) */
  guint        tndim;
  gboolean     target_grad;  /* the target is a float64 leaf too */
  gboolean     weighted;     /* a class / element weight */
  gboolean     pos_weight;
  gint64       ignore_index;
  gdouble      param;        /* dim, beta, delta, label smoothing */
  GtReduction  reduction;
  const char  *node;
  gboolean     second;
  GtGradcheckLayout layout;
} LossCase;

/* inputs: [0] input, [1] target, [2] weight, [3] pos_weight */
static GtTensor *
loss_fn (GtTensor **in,
         gpointer   user_data,
         GError   **error)
{
  const LossCase *c = user_data;

  switch (c->kind)
    {
    case K_SOFTMAX:
      return gt_tensor_softmax (in[0], (gint) c->param, error);
    case K_LOG_SOFTMAX:
      return gt_tensor_log_softmax (in[0], (gint) c->param, error);
    case K_MSE:
      return gt_mse_loss (in[0], in[1], c->reduction, error);
    case K_L1:
      return gt_l1_loss (in[0], in[1], c->reduction, error);
    case K_SMOOTH_L1:
      return gt_smooth_l1_loss (in[0], in[1], c->reduction, c->param, error);
    case K_HUBER:
      return gt_huber_loss (in[0], in[1], c->reduction, c->param, error);
    case K_BCE:
      return gt_binary_cross_entropy (in[0], in[1], in[2], c->reduction, error);
    case K_BCE_LOGITS:
      return gt_binary_cross_entropy_with_logits (in[0], in[1], in[2], in[3],
                                                  c->reduction, error);
    case K_NLL:
      return gt_nll_loss (in[0], in[1], in[2], c->ignore_index, c->reduction,
                          error);
    case K_CE:
      return gt_cross_entropy (in[0], in[1], in[2], c->ignore_index,
                               c->reduction, c->param, error);
    }
  g_assert_not_reached ();
}

/* Class indices in [0, @c) with every third one set to @ignore. */
static GtTensor *
class_targets (const gint64 *shape,
               guint         ndim,
               gint64        c,
               gint64        ignore)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 1;
  g_autofree gint64 *v = NULL;
  GtTensor *t;

  for (guint d = 0; d < ndim; d++)
    n *= shape[d];
  v = g_new (gint64, MAX (n, 1));
  for (gint64 i = 0; i < n; i++)
    v[i] = (i % 3 == 1 && ignore != -100) ? ignore : g_rand_int_range (rng, 0, (gint32) c);
  t = gt_tensor_new_from_int64s (v, (gsize) n, shape, ndim, GT_DTYPE_INT64, NULL, &error);
  g_assert_no_error (error);
  return t;
}

static GtTensor *
constant (const gint64 *shape,
          guint         ndim,
          gdouble       lo,
          gdouble       hi)
{
  GtTensor *t = gt_gradcheck_input (rng, shape, ndim, lo, hi, GT_GRADCHECK_CONTIGUOUS);

  g_assert_true (gt_tensor_set_requires_grad (t, FALSE, NULL));
  return t;
}

static void
test_loss_gradcheck (gconstpointer data)
{
  const LossCase *c = data;
  GtTensor *in[4] = { NULL, NULL, NULL, NULL };
  gdouble lo = -2, hi = 2;
  gint64 classes = c->ndim == 1 ? c->shape[0] : c->shape[1];
  gint64 cshape[1] = { classes };

  if (c->kind == K_BCE)
    lo = 0.05, hi = 0.95;
  in[0] = gt_gradcheck_input (rng, c->shape, c->ndim, lo, hi, c->layout);
  switch (c->kind)
    {
    case K_SOFTMAX:
    case K_LOG_SOFTMAX:
      break;
    case K_NLL:
    case K_CE:
      if (c->target_grad)   /* class probabilities */
        {
          g_autoptr(GtTensor) r = gt_gradcheck_input (rng, c->tshape, c->tndim, -1, 1,
                                                      GT_GRADCHECK_CONTIGUOUS);
          g_autoptr(GError) error = NULL;

          g_assert_true (gt_tensor_set_requires_grad (r, FALSE, NULL));
          in[1] = gt_tensor_softmax (r, c->ndim == 1 ? 0 : 1, &error);
          g_assert_no_error (error);
          g_assert_true (gt_tensor_set_requires_grad (in[1], TRUE, NULL));
        }
      else
        in[1] = class_targets (c->tshape, c->tndim, classes, c->ignore_index);
      if (c->weighted)
        in[2] = constant (cshape, 1, 0.2, 2.0);
      break;
    default:
      if (c->target_grad)
        in[1] = gt_gradcheck_input (rng, c->tshape, c->tndim,
                                    c->kind == K_BCE ? 0 : lo, c->kind == K_BCE ? 1 : hi,
                                    GT_GRADCHECK_CONTIGUOUS);
      else
        in[1] = constant (c->tshape, c->tndim, c->kind == K_BCE ? 0 : lo,
                          c->kind == K_BCE ? 1 : hi);
      if (c->weighted)
        in[2] = constant (c->shape + c->ndim - 1, 1, 0.2, 2.0);
      if (c->pos_weight)
        in[3] = constant (c->shape + c->ndim - 1, 1, 0.2, 3.0);
      break;
    }

  if (c->node != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) out = loss_fn (in, (gpointer) c, &error);

      g_assert_no_error (error);
      g_assert_nonnull (out->grad_fn);
      g_assert_cmpstr (gt_tensor_get_grad_fn_name (out), ==, c->node);
    }
  gt_gradcheck (c->name, loss_fn, (gpointer) c, in, 4, c->second, rng);
  for (guint i = 0; i < 4; i++)
    g_clear_object (&in[i]);
}

#define S2(a, b) { a, b }, 2
#define S3(a, b, c) { a, b, c }, 3
#define S4(a, b, c, d) { a, b, c, d }, 4
#define S1(a) { a }, 1
#define S0 { 0 }, 0
#define NONE GT_REDUCTION_NONE
#define MEAN GT_REDUCTION_MEAN
#define SUM GT_REDUCTION_SUM
#define T GT_GRADCHECK_TRANSPOSED
#define SL GT_GRADCHECK_SLICED
#define C GT_GRADCHECK_CONTIGUOUS

static const LossCase cases[] = {
  /* name, kind, shape, tshape, target_grad, weighted, pos_weight, ignore, param, reduction, node, second, layout */
  { "softmax/dim1", K_SOFTMAX, S2 (3, 5), S0, 0, 0, 0, -100, 1, NONE, "SoftmaxBackward0", 1, C },
  { "softmax/dim0-transposed", K_SOFTMAX, S2 (4, 3), S0, 0, 0, 0, -100, 0, NONE, NULL, 1, T },
  { "softmax/3d-mid-sliced", K_SOFTMAX, S3 (2, 3, 4), S0, 0, 0, 0, -100, 1, NONE, NULL, 1, SL },
  { "softmax/0d", K_SOFTMAX, S0, S0, 0, 0, 0, -100, 0, NONE, NULL, 1, C },
  { "log_softmax/dim1", K_LOG_SOFTMAX, S2 (3, 5), S0, 0, 0, 0, -100, -1, NONE, "LogSoftmaxBackward0", 1, C },
  { "log_softmax/dim0-transposed", K_LOG_SOFTMAX, S2 (4, 3), S0, 0, 0, 0, -100, 0, NONE, NULL, 1, T },
  { "log_softmax/3d-last-sliced", K_LOG_SOFTMAX, S3 (2, 3, 4), S0, 0, 0, 0, -100, 2, NONE, NULL, 1, SL },
  { "mse/mean", K_MSE, S2 (3, 4), S2 (3, 4), 1, 0, 0, 0, 0, MEAN, "MseLossBackward0", 1, C },
  { "mse/none-broadcast", K_MSE, S2 (3, 4), S1 (4), 1, 0, 0, 0, 0, NONE, NULL, 1, T },
  { "mse/sum", K_MSE, S2 (3, 4), S2 (3, 4), 1, 0, 0, 0, 0, SUM, NULL, 1, SL },
  { "l1/mean", K_L1, S2 (3, 4), S2 (3, 4), 1, 0, 0, 0, 0, MEAN, "MeanBackward0", 0, C },
  { "l1/none", K_L1, S2 (3, 4), S1 (4), 1, 0, 0, 0, 0, NONE, "AbsBackward0", 0, C },
  { "smooth_l1/mean", K_SMOOTH_L1, S2 (3, 4), S2 (3, 4), 1, 0, 0, 0, 1.0, MEAN, "SmoothL1LossBackward0", 1, C },
  { "smooth_l1/sum-beta0.5", K_SMOOTH_L1, S2 (3, 4), S2 (3, 4), 1, 0, 0, 0, 0.5, SUM, NULL, 1, T },
  { "smooth_l1/beta0", K_SMOOTH_L1, S2 (3, 4), S2 (3, 4), 1, 0, 0, 0, 0.0, MEAN, "SmoothL1LossBackward0", 0, C },
  { "huber/mean", K_HUBER, S2 (3, 4), S2 (3, 4), 1, 0, 0, 0, 1.0, MEAN, "HuberLossBackward0", 1, C },
  { "huber/none-delta2", K_HUBER, S2 (3, 4), S2 (1, 4), 1, 0, 0, 0, 2.0, NONE, NULL, 1, C },
  { "bce/mean", K_BCE, S2 (3, 4), S2 (3, 4), 1, 0, 0, 0, 0, MEAN, "BinaryCrossEntropyBackward0", 1, C },
  { "bce/sum-weight", K_BCE, S2 (3, 4), S2 (3, 4), 1, 1, 0, 0, 0, SUM, NULL, 1, C },
  { "bce/none-weight", K_BCE, S2 (3, 4), S2 (3, 4), 0, 1, 0, 0, 0, NONE, NULL, 1, T },
  { "bce_logits/mean", K_BCE_LOGITS, S2 (3, 4), S2 (3, 4), 1, 0, 0, 0, 0, MEAN,
    "BinaryCrossEntropyWithLogitsBackward0", 1, C },
  { "bce_logits/sum-weight-pos", K_BCE_LOGITS, S2 (3, 4), S2 (3, 4), 1, 1, 1, 0, 0, SUM, NULL, 1, C },
  { "bce_logits/none-pos", K_BCE_LOGITS, S2 (3, 4), S2 (3, 4), 1, 0, 1, 0, 0, NONE, NULL, 1, T },
  { "nll/mean", K_NLL, S2 (4, 5), S1 (4), 0, 0, 0, -100, 0, MEAN, "NllLossBackward0", 1, C },
  { "nll/mean-weight-ignore", K_NLL, S2 (4, 5), S1 (4), 0, 1, 0, 2, 0, MEAN, NULL, 1, T },
  { "nll/none-weight", K_NLL, S2 (4, 5), S1 (4), 0, 1, 0, -100, 0, NONE, NULL, 1, SL },
  { "nll/sum-1d", K_NLL, S1 (5), S0, 0, 1, 0, -100, 0, SUM, "NllLossBackward0", 1, C },
  { "nll/4d-mean-weight-ignore", K_NLL, S4 (2, 3, 2, 2), S3 (2, 2, 2), 0, 1, 0, 1, 0, MEAN,
    "NllLoss2DBackward0", 1, C },
  { "nll/4d-none", K_NLL, S4 (2, 3, 2, 2), S3 (2, 2, 2), 0, 0, 0, -100, 0, NONE, NULL, 1, T },
  { "ce/mean", K_CE, S2 (4, 5), S1 (4), 0, 0, 0, -100, 0, MEAN, "NllLossBackward0", 1, C },
  { "ce/mean-weight-ignore", K_CE, S2 (4, 5), S1 (4), 0, 1, 0, 3, 0, MEAN, NULL, 1, T },
  { "ce/none-smoothing", K_CE, S2 (4, 5), S1 (4), 0, 0, 0, -100, 0.2, NONE, "AddBackward0", 1, C },
  { "ce/mean-smoothing-weight-ignore", K_CE, S2 (4, 5), S1 (4), 0, 1, 0, 0, 0.3, MEAN, NULL, 1, C },
  { "ce/sum-smoothing-1d", K_CE, S1 (5), S0, 0, 1, 0, -100, 0.1, SUM, NULL, 1, C },
  { "ce/4d-mean-smoothing-weight", K_CE, S4 (2, 3, 2, 2), S3 (2, 2, 2), 0, 1, 0, 1, 0.25, MEAN,
    NULL, 1, SL },
  { "ce/4d-sum", K_CE, S4 (2, 3, 2, 2), S3 (2, 2, 2), 0, 0, 0, -100, 0, SUM, "NllLoss2DBackward0", 1, C },
  { "ce/prob-mean", K_CE, S2 (4, 5), S2 (4, 5), 1, 0, 0, -100, 0, MEAN, NULL, 1, C },
  { "ce/prob-none-weight-smoothing", K_CE, S2 (4, 5), S2 (4, 5), 1, 1, 0, -100, 0.2, NONE,
    "NegBackward0", 1, T },
  { "ce/prob-4d-sum-weight", K_CE, S4 (2, 3, 2, 2), S4 (2, 3, 2, 2), 1, 1, 0, -100, 0, SUM,
    NULL, 1, C },
  { "ce/prob-1d-mean-smoothing", K_CE, S1 (5), S1 (5), 1, 0, 0, -100, 0.4, MEAN, NULL, 1, C },
};

/* The backward kernels (no create_graph) and the composed backward
 * (create_graph) give the same first gradient. */
static void
test_kernel_matches_composed (void)
{
  g_autoptr(GError) error = NULL;
  const gint64 shape[3] = { 3, 4, 5 };

  for (guint k = 0; k < 3; k++)
    for (gint dim = 0; dim < 3; dim++)
      {
        g_autoptr(GtTensor) x = gt_gradcheck_input (rng, shape, 3, -2, 2, GT_GRADCHECK_CONTIGUOUS);
        g_autoptr(GtTensor) tg = class_targets ((gint64[]) { 3, 5 }, 2, 4, 1);
        g_autoptr(GtTensor) y = NULL;
        g_autoptr(GtTensor) v = NULL;
        g_autoptr(GPtrArray) a = NULL;
        g_autoptr(GPtrArray) b = NULL;
        g_autofree gdouble *av = NULL, *bv = NULL;
        gsize na = 0, nb = 0;

        if (k == 0)
          y = gt_tensor_softmax (x, dim, &error);
        else if (k == 1)
          y = gt_tensor_log_softmax (x, dim, &error);
        else
          y = gt_nll_loss (x, tg, NULL, 1, dim == 0 ? GT_REDUCTION_NONE : (GtReduction) dim, &error);
        g_assert_no_error (error);
        v = gt_gradcheck_random_like (rng, y);
        {
          g_autoptr(GPtrArray) outs = g_ptr_array_new ();
          g_autoptr(GPtrArray) ins = g_ptr_array_new ();
          g_autoptr(GPtrArray) gouts = g_ptr_array_new ();

          g_ptr_array_add (outs, y);
          g_ptr_array_add (ins, x);
          g_ptr_array_add (gouts, v);
          a = gt_autograd_grad (outs, ins, gouts, TRUE, FALSE, FALSE, &error);
          g_assert_no_error (error);
          b = gt_autograd_grad (outs, ins, gouts, TRUE, TRUE, FALSE, &error);
          g_assert_no_error (error);
        }
        /* the composed gradient has a graph (nll's is M * v, constant in
         * x, so none), the kernel's has none */
        if (k < 2)
          g_assert_nonnull (((GtTensor *) b->pdata[0])->grad_fn);
        g_assert_null (((GtTensor *) a->pdata[0])->grad_fn);
        av = gt_tensor_to_doubles (a->pdata[0], &na, &error);
        g_assert_no_error (error);
        bv = gt_tensor_to_doubles (b->pdata[0], &nb, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (na, ==, nb);
        g_assert_cmpuint (na, ==, 60);
        for (gsize i = 0; i < na; i++)
          g_assert_cmpfloat_with_epsilon (av[i], bv[i], 1e-12);
      }
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (20240607);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad-loss/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_loss_gradcheck);
    }
  g_test_add_func ("/grad-loss/kernel-matches-composed", test_kernel_matches_composed);
  ret = g_test_run ();
  g_rand_free (rng);
  return ret;
}
