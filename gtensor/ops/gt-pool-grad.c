#include "config.h"

#include <string.h>

#include "gt-conv-private.h"
#include "gt-autograd-private.h"
#include "gt-grad-mode.h"
#include "gt-index.h"
#include "gt-shape.h"

/*
 * The gradients of the pools. Each first-order rule is a backward kernel
 * (max: add grad_output at the saved argmax; average: spread it over the
 * window). Those gradients are linear in grad_output, so under
 * create_graph they get a node named as torch's (…BackwardBackward0)
 * whose rule is the adjoint of the backward: the pool itself for the
 * averages, a gather at the saved indices for max. Both are recorded ops,
 * so every order is differentiable.
 */

typedef struct {
  GtAvgPool2d pool;
  guint       ndim;           /* the input's: 3 or 4 */
  gint64      in_sizes[4];
  gint64      oh, ow;         /* the output plane */
  gint        slot_ind;
} Ctx;

static Ctx *
ctx_new (GtNode   *node,
         GtTensor *in,
         GtTensor *out)
{
  Ctx *c = g_new0 (Ctx, 1);

  c->ndim = in->ndim;
  memcpy (c->in_sizes, in->sizes, in->ndim * sizeof (gint64));
  c->oh = out->sizes[out->ndim - 2];
  c->ow = out->sizes[out->ndim - 1];
  c->slot_ind = -1;
  gt_node_set_ctx (node, c, g_free);
  return c;
}

/* Copies @c into a new node's context. */
static Ctx *
ctx_copy (GtNode    *node,
          const Ctx *c)
{
  Ctx *copy = g_memdup2 (c, sizeof *c);

  copy->slot_ind = -1;
  gt_node_set_ctx (node, copy, g_free);
  return copy;
}

/* The node of a pool: @name with the rule @backward, its context @in's
 * and @out's shapes, the window @pool and the saved @ind where not NULL. */
static void
record (const char         *name,
        GtBackwardFunc      backward,
        GtTensor           *out,
        GtTensor           *in,
        const GtAvgPool2d  *pool,
        GtTensor           *ind)
{
  GtNode *node = gt_node_new (name, backward, &in, 1, 1);
  Ctx *c = ctx_new (node, in, out);

  if (pool != NULL)
    c->pool = *pool;
  gt_autograd_set_history (out, node, 0);
  if (ind != NULL)
    c->slot_ind = (gint) gt_node_save (node, ind, FALSE);
  gt_node_unref (node);
}

/* The end of a first-order rule: under create_graph, @gi (the gradient,
 * linear in @go) gets a node of @name whose rule @backward is the
 * adjoint, with @c's context and the saved @ind where not NULL. */
static gboolean
give (GtTensor       *gi,
      GtTensor       *go,
      const char     *name,
      GtBackwardFunc  backward,
      const Ctx      *c,
      GtTensor       *ind,
      GtTensor      **grad_inputs)
{
  if (gi == NULL)
    return FALSE;
  if (gt_is_grad_enabled () && gt_autograd_should_record (&go, 1))
    {
      GtNode *bb = gt_node_new (name, backward, &go, 1, 1);
      Ctx *cc = ctx_copy (bb, c);

      gt_autograd_set_history (gi, bb, 0);
      if (ind != NULL)
        cc->slot_ind = (gint) gt_node_save (bb, ind, FALSE);
      gt_node_unref (bb);
    }
  grad_inputs[0] = gi;
  return TRUE;
}

/* ---- max -------------------------------------------------------------------- */

/* grad_output's gradient: ggI gathered at the argmax of each window. */
static gboolean
max_double_backward (GtNode     *node,
                     GtTensor  **grad_outputs,
                     GtTensor  **grad_inputs,
                     GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  g_autoptr(GtTensor) ind = NULL;
  g_autoptr(GtTensor) flat = NULL;
  g_autoptr(GtTensor) ind_flat = NULL;
  g_autoptr(GtTensor) picked = NULL;

  if (!gt_node_needs_input_grad (node, 0))
    return TRUE;
  if ((ind = gt_node_saved (node, c->slot_ind, error)) == NULL ||
      (flat = gt_tensor_flatten (grad_outputs[0], -2, -1, error)) == NULL ||
      (ind_flat = gt_tensor_flatten (ind, -2, -1, error)) == NULL ||
      (picked = gt_tensor_gather (flat, -1, ind_flat, error)) == NULL)
    return FALSE;
  grad_inputs[0] = gt_tensor_view (picked, ind->sizes, ind->ndim, error);
  return grad_inputs[0] != NULL;
}

static gboolean
max_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  g_autoptr(GtTensor) ind = gt_node_saved (node, c->slot_ind, error);
  GtTensor *go = grad_outputs[0];

  if (ind == NULL)
    return FALSE;
  return give (gt_pool_max_backward (go, c->in_sizes, c->ndim, ind, error),
               go, "MaxPool2DWithIndicesBackwardBackward0",
               max_double_backward, c, ind, grad_inputs);
}

void
gt_pool_record_max (GtTensor *out,
                    GtTensor *in,
                    GtTensor *indices)
{
  record ("MaxPool2DWithIndicesBackward0", max_backward, out, in, NULL,
          indices);
}

/* ---- average ---------------------------------------------------------------- */

static gboolean
avg_double_backward (GtNode     *node,
                     GtTensor  **grad_outputs,
                     GtTensor  **grad_inputs,
                     GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);

  if (!gt_node_needs_input_grad (node, 0))
    return TRUE;
  grad_inputs[0] = gt_pool_avg_run (grad_outputs[0], &c->pool, c->oh, c->ow,
                                    error);
  return grad_inputs[0] != NULL;
}

static gboolean
avg_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  GtTensor *go = grad_outputs[0];

  return give (gt_pool_avg_backward (go, c->in_sizes, c->ndim, &c->pool,
                                     error),
               go, "AvgPool2DBackwardBackward0", avg_double_backward, c,
               NULL, grad_inputs);
}

void
gt_pool_record_avg (GtTensor          *out,
                    GtTensor          *in,
                    const GtAvgPool2d *pool)
{
  record ("AvgPool2DBackward0", avg_backward, out, in, pool, NULL);
}

/* ---- adaptive average ------------------------------------------------------- */

static gboolean
adaptive_double_backward (GtNode     *node,
                          GtTensor  **grad_outputs,
                          GtTensor  **grad_inputs,
                          GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);

  if (!gt_node_needs_input_grad (node, 0))
    return TRUE;
  grad_inputs[0] = gt_pool_adaptive_run (grad_outputs[0], c->oh, c->ow, error);
  return grad_inputs[0] != NULL;
}

static gboolean
adaptive_backward (GtNode     *node,
                   GtTensor  **grad_outputs,
                   GtTensor  **grad_inputs,
                   GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  GtTensor *go = grad_outputs[0];

  return give (gt_pool_adaptive_backward (go, c->in_sizes, c->ndim, error),
               go, "AdaptiveAvgPool2DBackwardBackward0",
               adaptive_double_backward, c, NULL, grad_inputs);
}

void
gt_pool_record_adaptive (GtTensor *out,
                         GtTensor *in)
{
  record ("AdaptiveAvgPool2DBackward0", adaptive_backward, out, in, NULL,
          NULL);
}
