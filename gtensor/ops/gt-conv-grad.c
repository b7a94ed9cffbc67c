#include "config.h"

#include <string.h>

#include "gt-conv-private.h"
#include "gt-autograd-private.h"
#include "gt-grad-mode.h"
#include "gt-pointwise.h"
#include "gt-shape.h"

/*
 * The gradients of conv2d. The first-order rule (ConvolutionBackward0)
 * calls the backend's conv2d_backward kernel (GEMM + col2im for the input,
 * GEMM summed over the batch for the weight, a sum for the bias). Its
 * results are linear in grad_output and in the input (weight gradient) or
 * the weight (input gradient), so when the engine runs with create_graph
 * they get a node of their own, ConvolutionBackwardBackward0 as in torch,
 * whose rule is again made of conv2d and its backward:
 *
 *   d/d grad_output = conv2d (ggI, weight, ggB) + conv2d (input, ggW)
 *   d/d input       = grad_input part of backward (grad_output, weight=ggW)
 *   d/d weight      = grad_weight part of backward (grad_output, input=ggI)
 *
 * so every order is differentiable.
 */

typedef struct {
  GtWindow2d win;
  gint64     groups;
  gint       slot_in;
  gint       slot_w;
  gint       slot_go;
  gboolean   need[3];    /* which gradients the backward produced */
  gint64     in_sizes[4];
  gint64     w_sizes[4];
} Ctx;

#define TRY(var, expr) \
  g_autoptr(GtTensor) var = (expr); \
  if (var == NULL) \
    return FALSE

static Ctx *
ctx_new (GtNode           *node,
         const GtWindow2d *win,
         gint64            groups)
{
  Ctx *c = g_new0 (Ctx, 1);

  c->win = *win;
  c->groups = groups;
  c->slot_in = c->slot_w = c->slot_go = -1;
  gt_node_set_ctx (node, c, g_free);
  return c;
}

static gboolean double_backward (GtNode *node, GtTensor **grad_outputs,
                                 GtTensor **grad_inputs, GError **error);

/* The gradients of conv2d for @go: out[0] for the input (of @in_sizes,
 * reading @w), out[1] for the weight (of @w_sizes, reading @in), out[2]
 * for the bias, each where @need says. Recorded for create_graph. */
static gboolean
conv_backward_run (GtTensor          *go,
                   GtTensor          *in,
                   const gint64      *in_sizes,
                   GtTensor          *w,
                   const gint64      *w_sizes,
                   const GtWindow2d  *win,
                   gint64             groups,
                   const gboolean    *need,
                   GtTensor         **out,
                   GError           **error)
{
  const GtBackend *backend = gt_tensor_backend (go);
  GtTensor *inputs[3] = { go, need[1] ? in : NULL, need[0] ? w : NULL };
  g_autoptr(GtTensor) goc = NULL;
  g_autoptr(GtTensor) inc = NULL;
  g_autoptr(GtTensor) wc = NULL;
  const GtDevice *device = gt_tensor_device (go);
  gint64 b_size = go->sizes[1];

  out[0] = out[1] = out[2] = NULL;
  if (backend->conv == NULL || backend->conv->conv2d_backward == NULL)
    return gt_backend_not_supported ("gt_tensor_conv2d backward", backend,
                                     error);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();

    if ((goc = gt_tensor_contiguous (go, error)) == NULL)
      return FALSE;
    if (need[1] && (inc = gt_tensor_contiguous (in, error)) == NULL)
      return FALSE;
    if (!need[1] && in != NULL)
      inc = g_object_ref (in);  /* its sizes only */
    if (need[0] && (wc = gt_tensor_contiguous (w, error)) == NULL)
      return FALSE;
    if ((need[0] && (out[0] = gt_tensor_new_empty (in_sizes, 4, go->dtype,
                                                   device, error)) == NULL) ||
        (need[1] && (out[1] = gt_tensor_new_empty (w_sizes, 4, go->dtype,
                                                   device, error)) == NULL) ||
        (need[2] && (out[2] = gt_tensor_new_empty (&b_size, 1, go->dtype,
                                                   device, error)) == NULL) ||
        !backend->conv->conv2d_backward (out[0], out[1], out[2], goc, inc, wc,
                                         win, groups, error))
      goto fail;
  }

  if (gt_is_grad_enabled () && gt_autograd_should_record (inputs, 3))
    {
      GtNode *node = gt_node_new ("ConvolutionBackwardBackward0",
                                  double_backward, inputs, 3, 3);
      Ctx *c = ctx_new (node, win, groups);

      memcpy (c->need, need, sizeof c->need);
      memcpy (c->in_sizes, in_sizes, sizeof c->in_sizes);
      memcpy (c->w_sizes, w_sizes, sizeof c->w_sizes);
      for (guint i = 0; i < 3; i++)
        if (out[i] != NULL)
          gt_autograd_set_history (out[i], node, i);
      c->slot_go = (gint) gt_node_save (node, go, FALSE);
      if (need[1])
        c->slot_in = (gint) gt_node_save (node, in, FALSE);
      if (need[0])
        c->slot_w = (gint) gt_node_save (node, w, FALSE);
      gt_node_unref (node);
    }
  return TRUE;

fail:
  for (guint i = 0; i < 3; i++)
    g_clear_object (&out[i]);
  return FALSE;
}

static gboolean
conv_backward (GtNode     *node,
               GtTensor  **grad_outputs,
               GtTensor  **grad_inputs,
               GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  gboolean need[3];

  for (guint i = 0; i < 3; i++)
    need[i] = gt_node_needs_input_grad (node, i);
  TRY (in, gt_node_saved (node, c->slot_in, error));
  TRY (w, gt_node_saved (node, c->slot_w, error));
  return conv_backward_run (grad_outputs[0], in, in->sizes, w, w->sizes,
                            &c->win, c->groups, need, grad_inputs, error);
}

/* @a + @b where either may be NULL; steals both. */
static GtTensor *
sum_terms (GtTensor  *a,
           GtTensor  *b,
           GError   **error)
{
  GtTensor *s;

  if (a == NULL)
    return b;
  if (b == NULL)
    return a;
  s = gt_tensor_add (a, b, 1.0, error);
  g_object_unref (a);
  g_object_unref (b);
  return s;
}

static gboolean
double_backward (GtNode     *node,
                 GtTensor  **grad_outputs,
                 GtTensor  **grad_inputs,
                 GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  GtTensor *gg_in = c->need[0] ? grad_outputs[0] : NULL;
  GtTensor *gg_w = c->need[1] ? grad_outputs[1] : NULL;
  GtTensor *gg_b = c->need[2] ? grad_outputs[2] : NULL;
  TRY (go, gt_node_saved (node, c->slot_go, error));
  g_autoptr(GtTensor) in = NULL;
  g_autoptr(GtTensor) w = NULL;

  if (c->slot_in >= 0 && (in = gt_node_saved (node, c->slot_in, error)) == NULL)
    return FALSE;
  if (c->slot_w >= 0 && (w = gt_node_saved (node, c->slot_w, error)) == NULL)
    return FALSE;

  if (gt_node_needs_input_grad (node, 0))
    {
      gint64 oh = go->sizes[2], ow = go->sizes[3];
      GtTensor *t = NULL;

      if (gg_in != NULL)
        {
          t = gt_conv2d_run (gg_in, w, gg_b, &c->win, oh, ow, c->groups, error);
          if (t == NULL)
            return FALSE;
          gg_b = NULL;
        }
      if (gg_w != NULL)
        {
          GtTensor *u = gt_conv2d_run (in, gg_w, gg_b, &c->win, oh, ow,
                                       c->groups, error);
          if (u == NULL)
            {
              g_clear_object (&t);
              return FALSE;
            }
          gg_b = NULL;
          if ((t = sum_terms (t, u, error)) == NULL)
            return FALSE;
        }
      if (gg_b != NULL)
        {
          const gint64 shape[4] = { 1, gg_b->sizes[0], 1, 1 };
          TRY (b4, gt_tensor_view (gg_b, shape, 4, error));
          GtTensor *u = gt_tensor_expand (b4, go->sizes, 4, error);

          if (u == NULL || (t = sum_terms (t, u, error)) == NULL)
            {
              g_clear_object (&t);
              return FALSE;
            }
        }
      if (t == NULL)
        t = gt_tensor_mul_scalar (go, 0.0, error);
      if ((grad_inputs[0] = t) == NULL)
        return FALSE;
    }
  if (gt_node_needs_input_grad (node, 1))
    {
      const gboolean need[3] = { TRUE, FALSE, FALSE };
      GtTensor *r[3];

      if (!conv_backward_run (go, NULL, c->in_sizes, gg_w, c->w_sizes, &c->win,
                              c->groups, need, r, error))
        return FALSE;
      grad_inputs[1] = r[0];
    }
  if (gt_node_needs_input_grad (node, 2))
    {
      const gboolean need[3] = { FALSE, TRUE, FALSE };
      GtTensor *r[3];

      if (!conv_backward_run (go, gg_in, c->in_sizes, NULL, c->w_sizes,
                              &c->win, c->groups, need, r, error))
        return FALSE;
      grad_inputs[2] = r[1];
    }
  return TRUE;
}

void
gt_conv_record (GtTensor         *out,
                GtTensor         *in,
                GtTensor         *weight,
                GtTensor         *bias,
                const GtWindow2d *win,
                gint64            groups)
{
  GtTensor *inputs[3] = { in, weight, bias };
  GtNode *node = gt_node_new ("ConvolutionBackward0", conv_backward, inputs,
                              3, 1);
  Ctx *c = ctx_new (node, win, groups);

  gt_autograd_set_history (out, node, 0);
  /* the tensors themselves, not contiguous copies: second order needs
   * their histories */
  c->slot_in = (gint) gt_node_save (node, in, FALSE);
  c->slot_w = (gint) gt_node_save (node, weight, FALSE);
  gt_node_unref (node);
}
