#include "config.h"

#include "gt-linalg.h"
#include "gt-linalg-private.h"
#include "gt-pointwise.h"
#include "gt-shape.h"
#include "gt-tensor.h"
#include "gt-autograd-private.h"

/*
 * The gradient rules of the matrix products (torch 1.13's
 * derivatives.yaml), written with gtensor's own ops so that a backward run
 * under create_graph records the graph of the gradient.
 *
 * matmul, mm, bmm, mv and dot share one rule: with a vector operand made a
 * matrix (a [K] self as [1, K], a [K] other as [K, 1]), the gradient of
 * self is grad @ other^T and that of other self^T @ grad, each summed back
 * over the batch dims broadcasting added (torch's matmul records the same
 * gradients through its reshapes and expands). The node is named as torch
 * 1.13 names the last op of its matmul for these shapes.
 */

typedef struct {
  gint    slot_a;
  gint    slot_b;
  gdouble beta;     /* addmm */
  gdouble alpha;
  guint   self_ndim; /* addmm's self, broadcast to the product */
  gint64  self_shape[GT_MAX_DIMS];
} Ctx;

#define TRY(var, expr) \
  g_autoptr(GtTensor) var = (expr); \
  if (var == NULL) \
    return FALSE

/* @t ([..., n, k] from a [k] vector when @vec) summed back to @shape. */
static GtTensor *
back_to (GtTensor      *t,
         gboolean       vec,
         gint           squeeze,
         const gint64  *shape,
         guint          ndim,
         GError       **error)
{
  g_autoptr(GtTensor) s = NULL;

  s = vec ? gt_tensor_squeeze_dim (t, squeeze, error) : g_object_ref (t);
  if (s == NULL)
    return NULL;
  return gt_autograd_sum_to (s, shape, ndim, error);
}

static gboolean
matmul_backward (GtNode     *node,
                 GtTensor  **grad_outputs,
                 GtTensor  **grad_inputs,
                 GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  TRY (a, gt_node_saved (node, c->slot_a, error));
  TRY (b, gt_node_saved (node, c->slot_b, error));
  gboolean va = a->ndim == 1, vb = b->ndim == 1;
  TRY (a1, va ? gt_tensor_unsqueeze (a, 0, error) : g_object_ref (a));
  TRY (b1, vb ? gt_tensor_unsqueeze (b, -1, error) : g_object_ref (b));
  TRY (g0, vb ? gt_tensor_unsqueeze (grad_outputs[0], -1, error)
              : g_object_ref (grad_outputs[0]));
  TRY (g1, va ? gt_tensor_unsqueeze (g0, -2, error) : g_object_ref (g0));

  if (gt_node_needs_input_grad (node, 0))
    {
      TRY (bt, gt_tensor_transpose (b1, -1, -2, error));
      TRY (ga, gt_tensor_matmul (g1, bt, error));
      if ((grad_inputs[0] = back_to (ga, va, -2, a->sizes, a->ndim, error)) == NULL)
        return FALSE;
    }
  if (gt_node_needs_input_grad (node, 1))
    {
      TRY (at, gt_tensor_transpose (a1, -1, -2, error));
      TRY (gb, gt_tensor_matmul (at, g1, error));
      if ((grad_inputs[1] = back_to (gb, vb, -1, b->sizes, b->ndim, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
addmm_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  GtTensor *g = grad_outputs[0];

  if (gt_node_needs_input_grad (node, 0))
    {
      TRY (gs, gt_tensor_mul_scalar (g, c->beta, error));
      if ((grad_inputs[0] = gt_autograd_sum_to (gs, c->self_shape, c->self_ndim,
                                                error)) == NULL)
        return FALSE;
    }
  if (gt_node_needs_input_grad (node, 1))
    {
      TRY (m2, gt_node_saved (node, c->slot_b, error));
      TRY (m2t, gt_tensor_t (m2, error));
      TRY (p, gt_tensor_mm (g, m2t, error));
      if ((grad_inputs[1] = gt_tensor_mul_scalar (p, c->alpha, error)) == NULL)
        return FALSE;
    }
  if (gt_node_needs_input_grad (node, 2))
    {
      TRY (m1, gt_node_saved (node, c->slot_a, error));
      TRY (m1t, gt_tensor_t (m1, error));
      TRY (p, gt_tensor_mm (m1t, g, error));
      if ((grad_inputs[2] = gt_tensor_mul_scalar (p, c->alpha, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}

static Ctx *
ctx_new (GtNode *node)
{
  Ctx *c = g_new0 (Ctx, 1);

  c->slot_a = c->slot_b = -1;
  gt_node_set_ctx (node, c, g_free);
  return c;
}

void
gt_linalg_record (const char *name,
                  GtTensor   *self,
                  GtTensor   *other,
                  GtTensor   *out)
{
  GtTensor *inputs[2] = { self, other };
  GtNode *node = gt_node_new (name, matmul_backward, inputs, 2, 1);
  Ctx *c = ctx_new (node);

  gt_autograd_set_history (out, node, 0);
  c->slot_a = (gint) gt_node_save (node, self, FALSE);
  c->slot_b = (gint) gt_node_save (node, other, FALSE);
  gt_node_unref (node);
}

const char *
gt_linalg_matmul_name (guint na,
                       guint nb)
{
  if (na == 1 && nb == 1)
    return "DotBackward0";
  if (na == 2 && nb == 1)
    return "MvBackward0";
  if (na == 1 && nb == 2)
    return "SqueezeBackward3";
  if (na == 2 && nb == 2)
    return "MmBackward0";
  if (na == 2)
    return "CloneBackward0";
  return "UnsafeViewBackward0";
}

void
gt_linalg_record_addmm (GtTensor *self,
                        GtTensor *mat1,
                        GtTensor *mat2,
                        gdouble   beta,
                        gdouble   alpha,
                        GtTensor *out)
{
  GtTensor *inputs[3] = { self, mat1, mat2 };
  GtNode *node = gt_node_new ("AddmmBackward0", addmm_backward, inputs, 3, 1);
  Ctx *c = ctx_new (node);

  c->beta = beta;
  c->alpha = alpha;
  c->self_ndim = self->ndim;
  for (guint d = 0; d < self->ndim; d++)
    c->self_shape[d] = self->sizes[d];
  gt_autograd_set_history (out, node, 0);
  /* torch saves mat1 only when mat2 needs a gradient and the reverse */
  if (gt_node_needs_input_grad (node, 2))
    c->slot_a = (gint) gt_node_save (node, mat1, FALSE);
  if (gt_node_needs_input_grad (node, 1))
    c->slot_b = (gint) gt_node_save (node, mat2, FALSE);
  gt_node_unref (node);
}
