#include "config.h"

#include <math.h>

#include "gt-error.h"
#include "gt-activation.h"
#include "gt-pointwise.h"
#include "gt-tensor.h"
#include "gt-nn-private.h"
#include "gt-node-private.h"
#include "gt-autograd-private.h"

/*
 * The gradient rules of the activations and dropout (torch 1.13's
 * derivatives.yaml), written with gtensor ops so that a backward run under
 * create_graph records the gradient's own graph:
 *
 *   gelu:            grad * gelu'(x), itself an op (GeluBackwardBackward0)
 *                    whose gradients are gelu_backward(gg, x) for grad and
 *                    gg * grad * gelu''(x) for x (torch's
 *                    gelu_double_backward);
 *   leaky_relu:      where(x > 0, grad, grad * slope); the in-place form
 *                    reads the result instead of x, as torch does;
 *   dropout:         grad * noise (torch's CPU dropout is input * noise).
 */

typedef struct {
  gboolean tanh_approx;
  gdouble  slope;
} Ctx;

#define TRY(var, expr) \
  g_autoptr(GtTensor) var = (expr); \
  if (var == NULL) \
    return FALSE

static GtNode *
node_new (const char      *name,
          GtBackwardFunc   backward,
          GtTensor       **inputs,
          guint            n_inputs,
          Ctx            **ctx)
{
  GtNode *node = gt_node_new (name, backward, inputs, n_inputs, 1);

  *ctx = g_new0 (Ctx, 1);
  gt_node_set_ctx (node, *ctx, g_free);
  return node;
}

/* An in-place op's result: the tensor's earlier node no longer computes
 * it, so its hooks and retained gradient move to the new one (torch's
 * rebase_history, as gt_pointwise_record does). */
static void
set_history (GtTensor *out,
             GtNode   *node,
             gboolean  inplace)
{
  if (inplace)
    gt_autograd_rebase_history (out, node);
  else
    gt_autograd_set_history (out, node, 0);
}

/* ---- gelu -------------------------------------------------------------------- */

static gboolean
gelu_backward (GtNode     *node,
               GtTensor  **grad_outputs,
               GtTensor  **grad_inputs,
               GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  TRY (x, gt_node_saved (node, 0, error));

  grad_inputs[0] = gt_nn_gelu_backward (grad_outputs[0], x, c->tanh_approx, error);
  return grad_inputs[0] != NULL;
}

void
gt_nn_record_gelu (GtTensor *self,
                   gboolean  tanh_approx,
                   GtTensor *out)
{
  Ctx *c;
  GtNode *node = node_new ("GeluBackward0", gelu_backward, &self, 1, &c);

  c->tanh_approx = tanh_approx;
  gt_node_save (node, self, FALSE);
  gt_autograd_set_history (out, node, 0);
  gt_node_unref (node);
}

/* gelu''(x), the derivative of gelu_backward(grad, x) / grad, with public
 * ops (torch's gelu_double_backward). */
static GtTensor *
gelu_second (GtTensor  *x,
             gboolean   tanh_approx,
             GError   **error)
{
  g_autoptr(GtTensor) x2 = gt_tensor_mul (x, x, error);

  if (x2 == NULL)
    return NULL;
  if (!tanh_approx)
    {
      /* pdf(x) * (2 - x²), pdf = exp(-x²/2) / √(2π) */
      const gdouble k_beta = M_2_SQRTPI * M_SQRT1_2 * 0.5;
      g_autoptr(GtTensor) e = gt_tensor_mul_scalar (x2, -0.5, error);
      g_autoptr(GtTensor) ex = e != NULL ? gt_tensor_exp (e, error) : NULL;
      g_autoptr(GtTensor) pdf = ex != NULL ? gt_tensor_mul_scalar (ex, k_beta, error) : NULL;
      g_autoptr(GtTensor) two_minus = x2 != NULL ? gt_tensor_rsub_scalar (x2, 2.0, 1.0, error) : NULL;

      if (pdf == NULL || two_minus == NULL)
        return NULL;
      return gt_tensor_mul (pdf, two_minus, error);
    }
  else
    {
      /* g * (h - x t h² + 3 κ β x²) with t = tanh(β (x + κ x³)),
       * g = 1 - t², h = β (1 + 3 κ x²) */
      const gdouble k_beta = M_SQRT2 * M_2_SQRTPI * 0.5, k_kappa = 0.044715;
      g_autoptr(GtTensor) x3 = gt_tensor_mul (x2, x, error);
      g_autoptr(GtTensor) in0 = x3 != NULL ? gt_tensor_add (x, x3, k_kappa, error) : NULL;
      g_autoptr(GtTensor) inner = in0 != NULL ? gt_tensor_mul_scalar (in0, k_beta, error) : NULL;
      g_autoptr(GtTensor) t = inner != NULL ? gt_tensor_tanh (inner, error) : NULL;
      g_autoptr(GtTensor) t2 = t != NULL ? gt_tensor_mul (t, t, error) : NULL;
      g_autoptr(GtTensor) g = t2 != NULL ? gt_tensor_rsub_scalar (t2, 1.0, 1.0, error) : NULL;
      g_autoptr(GtTensor) h0 = gt_tensor_mul_scalar (x2, 3.0 * k_kappa * k_beta, error);
      g_autoptr(GtTensor) h = h0 != NULL ? gt_tensor_add_scalar (h0, k_beta, 1.0, error) : NULL;
      g_autoptr(GtTensor) xt = t != NULL ? gt_tensor_mul (x, t, error) : NULL;
      g_autoptr(GtTensor) hh = h != NULL ? gt_tensor_mul (h, h, error) : NULL;
      g_autoptr(GtTensor) xthh = xt != NULL && hh != NULL ? gt_tensor_mul (xt, hh, error) : NULL;
      g_autoptr(GtTensor) s0 = xthh != NULL ? gt_tensor_sub (h, xthh, 1.0, error) : NULL;
      g_autoptr(GtTensor) s1 = s0 != NULL && h0 != NULL ? gt_tensor_add (s0, h0, 1.0, error) : NULL;

      if (s1 == NULL || g == NULL)
        return NULL;
      return gt_tensor_mul (g, s1, error);
    }
}

static gboolean
gelu_backward_backward (GtNode     *node,
                        GtTensor  **grad_outputs,
                        GtTensor  **grad_inputs,
                        GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  GtTensor *gg = grad_outputs[0];
  TRY (x, gt_node_saved (node, 1, error));

  if (gt_node_needs_input_grad (node, 0) &&
      (grad_inputs[0] = gt_nn_gelu_backward (gg, x, c->tanh_approx, error)) == NULL)
    return FALSE;
  if (gt_node_needs_input_grad (node, 1))
    {
      TRY (grad, gt_node_saved (node, 0, error));
      TRY (second, gelu_second (x, c->tanh_approx, error));
      TRY (ggg, gt_tensor_mul (gg, grad, error));

      if ((grad_inputs[1] = gt_tensor_mul (ggg, second, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}

void
gt_nn_record_gelu_backward (GtTensor *grad,
                            GtTensor *self,
                            gboolean  tanh_approx,
                            GtTensor *out)
{
  Ctx *c;
  GtNode *node = node_new ("GeluBackwardBackward0", gelu_backward_backward,
                           (GtTensor *[]) { grad, self }, 2, &c);

  c->tanh_approx = tanh_approx;
  gt_node_save (node, grad, FALSE);
  gt_node_save (node, self, FALSE);
  gt_autograd_set_history (out, node, 0);
  gt_node_unref (node);
}

/* ---- leaky_relu ------------------------------------------------------------- */

static gboolean
leaky_relu_backward (GtNode     *node,
                     GtTensor  **grad_outputs,
                     GtTensor  **grad_inputs,
                     GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  GtTensor *g = grad_outputs[0];
  TRY (x, gt_node_saved (node, 0, error));

  if (g_str_equal (gt_node_get_name (node), "LeakyReluBackward1") && c->slope < 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
                   "gt_tensor_leaky_relu_: in-place leaky_relu backward is "
                   "triggered with a negative slope (%g), which is not "
                   "supported: the result does not tell which inputs were "
                   "negative; call the out-of-place gt_tensor_leaky_relu "
                   "instead", c->slope);
      return FALSE;
    }
  {
    TRY (positive, gt_tensor_gt_scalar (x, 0.0, error));
    TRY (scaled, gt_tensor_mul_scalar (g, c->slope, error));

    grad_inputs[0] = gt_where (positive, g, scaled, error);
  }
  return grad_inputs[0] != NULL;
}

void
gt_nn_record_leaky_relu (GtTensor *self,
                         gdouble   slope,
                         gboolean  inplace,
                         GtTensor *out)
{
  Ctx *c;
  GtNode *node = node_new (inplace ? "LeakyReluBackward1" : "LeakyReluBackward0",
                           leaky_relu_backward, &self, 1, &c);

  c->slope = slope;
  if (!inplace)
    gt_node_save (node, self, FALSE);
  set_history (out, node, inplace);
  if (inplace)
    gt_node_save (node, out, TRUE);
  gt_node_unref (node);
}

/* ---- dropout ----------------------------------------------------------------- */

static gboolean
dropout_backward (GtNode     *node,
                  GtTensor  **grad_outputs,
                  GtTensor  **grad_inputs,
                  GError    **error)
{
  TRY (noise, gt_node_saved (node, 0, error));

  grad_inputs[0] = gt_tensor_mul (grad_outputs[0], noise, error);
  return grad_inputs[0] != NULL;
}

void
gt_nn_record_dropout (GtTensor *self,
                      GtTensor *noise,
                      gboolean  inplace,
                      GtTensor *out)
{
  Ctx *c;
  GtNode *node = node_new ("MulBackward0", dropout_backward, &self, 1, &c);

  gt_node_save (node, noise, FALSE);
  set_history (out, node, inplace);
  gt_node_unref (node);
}
