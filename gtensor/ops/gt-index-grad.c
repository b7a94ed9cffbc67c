#include "config.h"

#include <string.h>

#include "gt-index.h"
#include "gt-index-private.h"
#include "gt-shape.h"
#include "gt-shape-private.h"
#include "gt-creation.h"
#include "gt-error.h"
#include "gt-grad-mode.h"
#include "gt-node-private.h"
#include "gt-pointwise.h"
#include "gt-reduce.h"

/*
 * The gradient rules of the indexing ops: torch 1.13's derivatives.yaml,
 * written with gtensor's own ops so that a backward run under create_graph
 * records the graph of the gradient.
 *
 * What is picked (index_select, gather, take, index, masked_select) sends
 * its gradient back into zeros of the input's shape with an accumulating
 * scatter (scatter_add, or index_put with accumulate), itself a recorded
 * op whose backward picks again: second-order gradients flow. What is
 * written (scatter, index_put, masked_fill) gives the written-over
 * positions of self no gradient and the values the gradient they landed
 * on. The index tensors and masks are saved, so an in-place change to
 * one of them before the backward is an error, as in torch.
 *
 * The ops (gt-index.c) compute their result with grad mode off, then call
 * these recorders; in-place forms record after the write, taking the
 * edge to self's previous history, and rebase self's history.
 */

typedef struct {
  guint     ndim;                   /* self's shape */
  gint64    sizes[GT_MAX_DIMS];
  guint     dim;
  gboolean  accumulate;
  gint      index;                  /* saved index or mask, -1 if none */
  guint     bndim;                  /* masked_select: the broadcast shape */
  gint64    bsizes[GT_MAX_DIMS];
  guint     n_entries;              /* index, index_put: one per entry, */
  gint     *entries;                /* the saved slot or -1 for ':' */
} IndexCtx;

static void
ctx_free (gpointer data)
{
  IndexCtx *ctx = data;

  g_free (ctx->entries);
  g_free (ctx);
}

/* The entries of an index (NULL for ':'), saved one by one. */
static void
save_entries (GtNode    *node,
              IndexCtx  *ctx,
              GPtrArray *indices)
{
  ctx->n_entries = indices != NULL ? indices->len : 0;
  ctx->entries = g_new (gint, MAX (ctx->n_entries, 1));
  for (guint i = 0; i < ctx->n_entries; i++)
    {
      GtTensor *t = g_ptr_array_index (indices, i);
      ctx->entries[i] = t != NULL ? (gint) gt_node_save (node, t, FALSE) : -1;
    }
}

/* Every recorder: a node of @name over @inputs (self first) whose context
 * is @params (dim, accumulate, the broadcast shape: what the op needs)
 * with self's shape, the saved @index or mask and the saved @entries of
 * an advanced index, each where not NULL. The node becomes @out's
 * history (self's, rebased, when @inplace). Only floating-point results
 * carry gradients (an integer self filled with a value that requires
 * grad records nothing, as in torch). */
static void
record (const char      *name,
        GtBackwardFunc   backward,
        GtTensor       **inputs,
        guint            n_inputs,
        GtTensor        *out,
        const IndexCtx  *params,
        GtTensor        *index,
        GPtrArray       *entries,
        gboolean         inplace)
{
  IndexCtx *ctx;
  GtNode *node;

  if (!gt_dtype_is_floating_point (out->dtype))
    return;
  ctx = g_memdup2 (params, sizeof *ctx);
  ctx->ndim = inputs[0]->ndim;
  memcpy (ctx->sizes, inputs[0]->sizes, sizeof ctx->sizes);
  node = gt_node_new (name, backward, inputs, n_inputs, 1);
  gt_node_set_ctx (node, ctx, ctx_free);
  ctx->index = index != NULL ? (gint) gt_node_save (node, index, FALSE) : -1;
  if (entries != NULL)
    save_entries (node, ctx, entries);
  if (inplace)
    gt_shape_grad_rebase (node, out);
  else
    gt_autograd_set_history (out, node, 0);
  gt_node_unref (node);
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static GPtrArray *
saved_entries (GtNode    *node,
               IndexCtx  *ctx,
               GError   **error)
{
  GPtrArray *list = g_ptr_array_new_full (ctx->n_entries, unref_nullable);

  for (guint i = 0; i < ctx->n_entries; i++)
    {
      GtTensor *t = NULL;

      if (ctx->entries[i] >= 0 &&
          (t = gt_node_saved (node, (guint) ctx->entries[i], error)) == NULL)
        {
          g_ptr_array_unref (list);
          return NULL;
        }
      g_ptr_array_add (list, t);
    }
  return list;
}

static GtTensor *
zeros (const gint64  *sizes,
       guint          ndim,
       GtTensor      *like,
       GError       **error)
{
  GtDevice device = *gt_tensor_device (like);

  return gt_zeros (sizes, ndim, like->dtype, &device, error);
}

static GtTensor *
saved_index (GtNode    *node,
             IndexCtx  *ctx,
             GError   **error)
{
  return gt_node_saved (node, (guint) ctx->index, error);
}

/* A bool mask as where() wants it (torch 1.13 still takes uint8). */
static GtTensor *
bool_mask (GtTensor  *mask,
           GError   **error)
{
  return gt_tensor_to_dtype (mask, GT_DTYPE_BOOL, error);
}

/* ---- index_select, gather, take ------------------------------------------- */

/* The gradient added into zeros of self's shape at @index along the dim
 * (torch's index_add and scatter_add). */
static gboolean
give_scatter_add (GtNode     *node,
                  GtTensor   *index,
                  GtTensor   *grad,
                  GtTensor  **grad_inputs,
                  GError    **error)
{
  IndexCtx *ctx = gt_node_get_ctx (node);
  g_autoptr(GtTensor) base = zeros (ctx->sizes, ctx->ndim, grad, error);

  if (base == NULL)
    return FALSE;
  return gt_grad_give (node, 0,
                       gt_tensor_scatter_add (base, (gint) ctx->dim, index, grad, error),
                       grad_inputs, error);
}

/* The gradient added into zeros of the shape @sizes at the positions of
 * the advanced index @entries (torch's index_put_ with accumulate). */
static GtTensor *
index_put_add (const gint64  *sizes,
               guint          ndim,
               GPtrArray     *entries,
               GtTensor      *grad,
               GError       **error)
{
  g_autoptr(GtTensor) base = zeros (sizes, ndim, grad, error);

  return base != NULL ? gt_tensor_index_put (base, entries, grad, TRUE, error)
                      : NULL;
}

/* index_select: the gradient added into zeros at the indices along dim
 * (torch's index_add, done as a scatter_add with the index expanded) */
static gboolean
index_select_backward (GtNode     *node,
                       GtTensor  **grad_outputs,
                       GtTensor  **grad_inputs,
                       GError    **error)
{
  IndexCtx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) index = saved_index (node, ctx, error);
  g_autoptr(GtTensor) idx64 = NULL, idx = NULL, idx_e = NULL;
  gint64 shape[GT_MAX_DIMS];

  if (index == NULL)
    return FALSE;
  if (ctx->ndim == 0)
    return gt_grad_give (node, 0, g_object_ref (grad), grad_inputs, error);

  for (guint k = 0; k < ctx->ndim; k++)
    shape[k] = k == ctx->dim ? index->numel : 1;
  if ((idx64 = gt_tensor_to_dtype (index, GT_DTYPE_INT64, error)) == NULL ||
      (idx = gt_tensor_reshape (idx64, shape, ctx->ndim, error)) == NULL ||
      (idx_e = gt_tensor_expand (idx, grad->sizes, grad->ndim, error)) == NULL)
    return FALSE;
  return give_scatter_add (node, idx_e, grad, grad_inputs, error);
}

void
gt_index_grad_index_select (GtTensor *self,
                            GtTensor *out,
                            guint     dim,
                            GtTensor *index)
{
  IndexCtx params = { .dim = dim };

  record ("IndexSelectBackward0", index_select_backward, &self, 1, out,
          &params, index, NULL, FALSE);
}

/* gather: the gradient added into zeros where it was gathered from */
static gboolean
gather_backward (GtNode     *node,
                 GtTensor  **grad_outputs,
                 GtTensor  **grad_inputs,
                 GError    **error)
{
  IndexCtx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) index = saved_index (node, ctx, error);

  return index != NULL && give_scatter_add (node, index, grad, grad_inputs, error);
}

void
gt_index_grad_gather (GtTensor *self,
                      GtTensor *out,
                      guint     dim,
                      GtTensor *index)
{
  IndexCtx params = { .dim = dim };

  record ("GatherBackward0", gather_backward, &self, 1, out, &params, index,
          NULL, FALSE);
}

/* take: the gradient added into zeros at the flat positions (torch's
 * put_ with accumulate; index_put wraps negative positions the same way) */
static gboolean
take_backward (GtNode     *node,
               GtTensor  **grad_outputs,
               GtTensor  **grad_inputs,
               GError    **error)
{
  IndexCtx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) index = saved_index (node, ctx, error);
  g_autoptr(GtTensor) flat = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 numel = 1;

  if (index == NULL)
    return FALSE;
  for (guint k = 0; k < ctx->ndim; k++)
    numel *= ctx->sizes[k];
  list = g_ptr_array_new ();
  g_ptr_array_add (list, index);
  flat = index_put_add (&numel, 1, list, grad, error);
  if (flat == NULL)
    return FALSE;
  return gt_grad_give (node, 0, gt_tensor_reshape (flat, ctx->sizes, ctx->ndim, error),
                       grad_inputs, error);
}

void
gt_index_grad_take (GtTensor *self,
                    GtTensor *out,
                    GtTensor *index)
{
  IndexCtx params = { 0 };

  record ("TakeBackward0", take_backward, &self, 1, out, &params, index,
          NULL, FALSE);
}

/* ---- scatter ------------------------------------------------------------------ */

/* @g (taken), gathered with an index smaller than src, padded with zeros
 * to src's shape: the entries of src that were never read get none. */
static GtTensor *
pad_to (GtTensor      *g,
        const gint64  *sizes,
        guint          ndim,
        GError       **error)
{
  g_autoptr(GtTensor) cur = g;

  if (cur == NULL)
    return NULL;
  if (cur->ndim != ndim)
    {
      /* a 0-d index with a 1-D src of one element, or the reverse */
      gint64 one = 1;
      GtTensor *r = gt_tensor_reshape (cur, &one, ndim, error);

      if (r == NULL)
        return NULL;
      g_object_unref (cur);
      cur = r;
    }
  for (guint k = 0; k < ndim; k++)
    if (cur->sizes[k] < sizes[k])
      {
        gint64 pad[GT_MAX_DIMS];
        g_autoptr(GtTensor) z = NULL;
        g_autoptr(GPtrArray) parts = NULL;
        GtTensor *joined;

        memcpy (pad, cur->sizes, sizeof pad);
        pad[k] = sizes[k] - cur->sizes[k];
        if ((z = zeros (pad, ndim, cur, error)) == NULL)
          return NULL;
        parts = g_ptr_array_new ();
        g_ptr_array_add (parts, cur);
        g_ptr_array_add (parts, z);
        if ((joined = gt_cat (parts, (gint) k, error)) == NULL)
          return NULL;
        g_object_unref (cur);
        cur = joined;
      }
  return g_steal_pointer (&cur);
}

/* scatter (src or value) and scatter_add: self keeps the gradient except
 * where scatter overwrote it; src gets the gradient gathered at its
 * targets */
static gboolean
scatter_backward (GtNode     *node,
                  GtTensor  **grad_outputs,
                  GtTensor  **grad_inputs,
                  GError    **error)
{
  IndexCtx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) index = saved_index (node, ctx, error);

  if (index == NULL)
    return FALSE;
  if (gt_node_needs_input_grad (node, 0))
    {
      GtTensor *g = ctx->accumulate
        ? g_object_ref (grad)
        : gt_tensor_scatter_scalar (grad, (gint) ctx->dim, index, 0.0, error);

      if (!gt_grad_give (node, 0, g, grad_inputs, error))
        return FALSE;
    }
  if (node->n_next > 1 && gt_node_needs_input_grad (node, 1))
    {
      GtNodeOutput *src = &node->next[1].node->outputs[node->next[1].input_nr];
      GtTensor *g = pad_to (gt_tensor_gather (grad, (gint) ctx->dim, index, error),
                            src->sizes, src->ndim, error);

      if (!gt_grad_give (node, 1, g, grad_inputs, error))
        return FALSE;
    }
  return TRUE;
}

void
gt_index_grad_scatter (GtTensor *self,
                       GtTensor *out,
                       guint     dim,
                       GtTensor *index,
                       GtTensor *src,
                       gboolean  accumulate,
                       gboolean  inplace)
{
  GtTensor *inputs[2] = { self, src };
  const char *name = accumulate ? "ScatterAddBackward0"
                     : src != NULL ? "ScatterBackward0" : "ScatterBackward1";
  IndexCtx params = { .dim = dim, .accumulate = accumulate };

  record (name, scatter_backward, inputs, src != NULL ? 2 : 1, out, &params,
          index, NULL, inplace);
}

/* ---- masks ---------------------------------------------------------------------- */

/* masked_fill: self keeps the gradient where the mask is false; a tensor
 * value gets the sum of the gradient where it is true */
static gboolean
masked_fill_backward (GtNode     *node,
                      GtTensor  **grad_outputs,
                      GtTensor  **grad_inputs,
                      GError    **error)
{
  IndexCtx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) mask = saved_index (node, ctx, error);

  if (mask == NULL)
    return FALSE;
  if (gt_node_needs_input_grad (node, 0) &&
      !gt_grad_give (node, 0, gt_tensor_masked_fill_scalar (grad, mask, 0.0, error),
                     grad_inputs, error))
    return FALSE;
  if (node->n_next > 1 && gt_node_needs_input_grad (node, 1))
    {
      g_autoptr(GtTensor) m = bool_mask (mask, error);
      g_autoptr(GtTensor) picked = m ? gt_where_scalar (m, grad, 0.0, error) : NULL;

      if (picked == NULL ||
          !gt_grad_give (node, 1, gt_tensor_sum (picked, NULL, 0, FALSE, error),
                         grad_inputs, error))
        return FALSE;
    }
  return TRUE;
}

void
gt_index_grad_masked_fill (GtTensor *self,
                           GtTensor *out,
                           GtTensor *mask,
                           GtTensor *value,
                           gboolean  inplace)
{
  GtTensor *inputs[2] = { self, value };
  IndexCtx params = { 0 };

  record (value != NULL ? "MaskedFillBackward1" : "MaskedFillBackward0",
          masked_fill_backward, inputs, value != NULL ? 2 : 1, out, &params,
          mask, NULL, inplace);
}

/* masked_select: the gradient put back where the (broadcast) mask is
 * true, summed to self's shape */
static gboolean
masked_select_backward (GtNode     *node,
                        GtTensor  **grad_outputs,
                        GtTensor  **grad_inputs,
                        GError    **error)
{
  IndexCtx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) mask = saved_index (node, ctx, error);
  g_autoptr(GtTensor) m = NULL, m_e = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (mask == NULL ||
      (m = bool_mask (mask, error)) == NULL ||
      (m_e = gt_tensor_expand (m, ctx->bsizes, ctx->bndim, error)) == NULL)
    return FALSE;
  list = g_ptr_array_new ();
  g_ptr_array_add (list, m_e);
  return gt_grad_give (node, 0,
                       index_put_add (ctx->bsizes, ctx->bndim, list, grad, error),
                       grad_inputs, error);
}

void
gt_index_grad_masked_select (GtTensor     *self,
                             GtTensor     *out,
                             GtTensor     *mask,
                             const gint64 *bshape,
                             guint         bndim)
{
  IndexCtx params = { .bndim = bndim };

  memcpy (params.bsizes, bshape, bndim * sizeof (gint64));
  record ("MaskedSelectBackward0", masked_select_backward, &self, 1, out,
          &params, mask, NULL, FALSE);
}

/* ---- advanced indexing ---------------------------------------------------------- */

/* index: the gradient added into zeros at the indexed positions (torch's
 * index_put_ with accumulate) */
static gboolean
index_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  IndexCtx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GPtrArray) entries = saved_entries (node, ctx, error);

  if (entries == NULL)
    return FALSE;
  return gt_grad_give (node, 0,
                       index_put_add (ctx->sizes, ctx->ndim, entries, grad, error),
                       grad_inputs, error);
}

void
gt_index_grad_index (GtTensor  *self,
                     GtTensor  *out,
                     GPtrArray *indices)
{
  IndexCtx params = { 0 };

  record ("IndexBackward0", index_backward, &self, 1, out, &params, NULL,
          indices, FALSE);
}

/* index_put: self keeps the gradient except where values were stored
 * (all of it with accumulate); values get the gradient at the indexed
 * positions, summed to their shape */
static gboolean
index_put_backward (GtNode     *node,
                    GtTensor  **grad_outputs,
                    GtTensor  **grad_inputs,
                    GError    **error)
{
  IndexCtx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GPtrArray) entries = saved_entries (node, ctx, error);

  if (entries == NULL)
    return FALSE;
  if (gt_node_needs_input_grad (node, 0))
    {
      GtTensor *g = NULL;

      if (ctx->accumulate)
        g = g_object_ref (grad);
      else
        {
          g_autoptr(GtTensor) zero = zeros (NULL, 0, grad, error);

          g = zero ? gt_tensor_index_put (grad, entries, zero, FALSE, error) : NULL;
        }
      if (!gt_grad_give (node, 0, g, grad_inputs, error))
        return FALSE;
    }
  if (gt_node_needs_input_grad (node, 1) &&
      !gt_grad_give (node, 1, gt_tensor_index (grad, entries, error), grad_inputs, error))
    return FALSE;
  return TRUE;
}

void
gt_index_grad_index_put (GtTensor  *self,
                         GtTensor  *out,
                         GPtrArray *indices,
                         GtTensor  *values,
                         gboolean   accumulate,
                         gboolean   inplace)
{
  GtTensor *inputs[2] = { self, values };
  IndexCtx params = { .accumulate = accumulate };

  record ("IndexPutBackward0", index_put_backward, inputs, 2, out, &params,
          NULL, indices, inplace);
}
