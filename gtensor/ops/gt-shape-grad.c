#include "config.h"

#include <string.h>

#include "gt-shape.h"
#include "gt-shape-private.h"
#include "gt-creation.h"
#include "gt-error.h"
#include "gt-grad-mode.h"
#include "gt-node-private.h"
#include "gt-pointwise.h"
#include "gt-reduce.h"

/*
 * The gradient rules of the shape/view ops and of the copies in
 * gt-tensor.c: torch 1.13's derivatives.yaml, one backward function per
 * op, written with gtensor's own ops so that a backward run under
 * create_graph records the graph of the gradient (second order).
 *
 * The ops compute their result first (with grad mode off) and call the
 * gt_shape_grad_*() recorder, which makes a node over the inputs' edges
 * and sets it as the output's history. A view stays a view: it shares
 * @self's memory, has a grad_fn of its own and knows its base, so that an
 * in-place write through it rebases the base's history (CopySlices, at
 * the end of this file).
 *
 * slice and select scatter their gradient into zeros of the input's
 * shape; that scatter is itself a recorded op (SliceBackwardBackward0,
 * SelectBackwardBackward0, as in torch) whose backward is the slice again.
 */

typedef struct {
  guint     ndim;                   /* the input's shape and dtype */
  gint64    sizes[GT_MAX_DIMS];
  GtDType   dtype;
  guint     dim;
  guint     dim1;
  gint64    start;                  /* slice; select's index */
  gint64    end;
  gint64    step;
  gboolean  select;                 /* the embed op: select, not slice */
  guint     n;                      /* entries of values */
  gint64    values[GT_MAX_DIMS];    /* permute's dims, repeat's repeats, flip's dims */
  gint64   *lengths;                /* cat: each input's size along dim (-1: left out) */
} ShapeCtx;

static void
ctx_free (gpointer data)
{
  ShapeCtx *ctx = data;

  g_free (ctx->lengths);
  g_free (ctx);
}

static ShapeCtx *
ctx_new (GtTensor *self)
{
  ShapeCtx *ctx = g_new0 (ShapeCtx, 1);

  if (self != NULL)
    {
      ctx->ndim = self->ndim;
      memcpy (ctx->sizes, self->sizes, sizeof ctx->sizes);
      ctx->dtype = self->dtype;
    }
  return ctx;
}

/* Makes a node of @name over @inputs, owning @ctx, the history of @outs. */
static void
record (const char      *name,
        GtBackwardFunc   backward,
        GtTensor       **inputs,
        guint            n_inputs,
        GtTensor       **outs,
        guint            n_outs,
        ShapeCtx        *ctx)
{
  GtNode *node;

  /* Only floating-point results carry gradients (torch's rule). */
  if (n_outs == 0 || !gt_dtype_is_floating_point (outs[0]->dtype))
    {
      ctx_free (ctx);
      return;
    }
  node = gt_node_new (name, backward, inputs, n_inputs, n_outs);
  gt_node_set_ctx (node, ctx, ctx_free);
  for (guint i = 0; i < n_outs; i++)
    gt_autograd_set_history (outs[i], node, i);
  gt_node_unref (node);
}

void
gt_shape_grad_rebase (GtNode   *node,
                      GtTensor *out)
{
  gt_autograd_rebase_history (out, node);
}

/* ---- helpers of the backward functions ----------------------------------- */

static GtNodeOutput *
input_meta (GtNode *node,
            guint   i)
{
  GtEdge *edge = &node->next[i];

  return &edge->node->outputs[edge->input_nr];
}

gboolean
gt_grad_give (GtNode     *node,
              guint       i,
              GtTensor   *grad,
              GtTensor  **grad_inputs,
              GError    **error)
{
  g_autoptr(GtTensor) g = grad;
  GtNodeOutput *meta = input_meta (node, i);

  if (g == NULL)
    return FALSE;
  if (g->ndim != meta->ndim ||
      memcmp (g->sizes, meta->sizes, meta->ndim * sizeof (gint64)) != 0)
    {
      GtTensor *summed = gt_autograd_sum_to (g, meta->sizes, meta->ndim, error);
      if (summed == NULL)
        return FALSE;
      g_object_unref (g);
      g = summed;
    }
  if (g->dtype != meta->dtype)
    {
      GtTensor *cast = gt_tensor_to_dtype (g, meta->dtype, error);
      if (cast == NULL)
        return FALSE;
      g_object_unref (g);
      g = cast;
    }
  grad_inputs[i] = g_steal_pointer (&g);
  return TRUE;
}

GtTensor *
gt_grad_zeros_for (GtNode   *node,
                   guint     i,
                   GError  **error)
{
  GtNodeOutput *meta = input_meta (node, i);
  GtDevice device = meta->device;

  return gt_zeros (meta->sizes, meta->ndim, meta->dtype, &device, error);
}

static gboolean
needs (GtNode *node,
       guint   i)
{
  return gt_node_needs_input_grad (node, i);
}

/* ---- reshapes ------------------------------------------------------------- */

/* view, reshape, flatten, unflatten, squeeze: grad.reshape(self.shape) */
static gboolean
reshape_backward (GtNode     *node,
                  GtTensor  **grad_outputs,
                  GtTensor  **grad_inputs,
                  GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);
  GtTensor *g = gt_tensor_reshape (grad_outputs[0], ctx->sizes, ctx->ndim, error);

  return gt_grad_give (node, 0, g, grad_inputs, error);
}

/* The copy of a reshape: the same rule, but the result is no view. */
static gboolean
unsafe_view_backward (GtNode     *node,
                      GtTensor  **grad_outputs,
                      GtTensor  **grad_inputs,
                      GError    **error)
{
  return reshape_backward (node, grad_outputs, grad_inputs, error);
}

void
gt_shape_grad_reshape (const char *name,
                       GtTensor   *self,
                       GtTensor   *out,
                       gboolean    is_view)
{
  record (name, is_view ? reshape_backward : unsafe_view_backward, &self, 1,
          &out, 1, ctx_new (self));
}

/* ---- permutations ------------------------------------------------------------ */

static gboolean
transpose_backward (GtNode     *node,
                    GtTensor  **grad_outputs,
                    GtTensor  **grad_inputs,
                    GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);
  GtTensor *g = gt_tensor_transpose (grad_outputs[0], (gint) ctx->dim, (gint) ctx->dim1,
                                     error);

  return gt_grad_give (node, 0, g, grad_inputs, error);
}

static gboolean
t_backward (GtNode     *node,
            GtTensor  **grad_outputs,
            GtTensor  **grad_inputs,
            GError    **error)
{
  return gt_grad_give (node, 0, gt_tensor_t (grad_outputs[0], error), grad_inputs, error);
}

void
gt_shape_grad_transpose (const char *name,
                         GtTensor   *self,
                         GtTensor   *out,
                         guint       dim0,
                         guint       dim1)
{
  ShapeCtx *ctx = ctx_new (self);

  ctx->dim = dim0;
  ctx->dim1 = dim1;
  record (name, strcmp (name, "TBackward0") == 0 ? t_backward : transpose_backward,
          &self, 1, &out, 1, ctx);
}

/* permute: the inverse permutation */
static gboolean
permute_backward (GtNode     *node,
                  GtTensor  **grad_outputs,
                  GtTensor  **grad_inputs,
                  GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);
  gint inverse[GT_MAX_DIMS];

  for (guint i = 0; i < ctx->n; i++)
    inverse[ctx->values[i]] = (gint) i;
  return gt_grad_give (node, 0,
                       gt_tensor_permute (grad_outputs[0], inverse, ctx->n, error),
                       grad_inputs, error);
}

void
gt_shape_grad_permute (GtTensor    *self,
                       GtTensor    *out,
                       const guint *dims)
{
  ShapeCtx *ctx = ctx_new (self);

  ctx->n = self->ndim;
  for (guint i = 0; i < self->ndim; i++)
    ctx->values[i] = dims[i];
  record ("PermuteBackward0", permute_backward, &self, 1, &out, 1, ctx);
}

/* ---- adding dims, expanding ------------------------------------------------- */

static gboolean
unsqueeze_backward (GtNode     *node,
                    GtTensor  **grad_outputs,
                    GtTensor  **grad_inputs,
                    GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);
  GtTensor *g = gt_tensor_squeeze_dim (grad_outputs[0], (gint) ctx->dim, error);

  return gt_grad_give (node, 0, g, grad_inputs, error);
}

void
gt_shape_grad_unsqueeze (GtTensor *self,
                         GtTensor *out,
                         guint     dim)
{
  ShapeCtx *ctx = ctx_new (self);

  ctx->dim = dim;
  record ("UnsqueezeBackward0", unsqueeze_backward, &self, 1, &out, 1, ctx);
}

/* expand: the gradient summed over the broadcast dims (sum_to) */
static gboolean
expand_backward (GtNode     *node,
                 GtTensor  **grad_outputs,
                 GtTensor  **grad_inputs,
                 GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);

  return gt_grad_give (node, 0,
                       gt_autograd_sum_to (grad_outputs[0], ctx->sizes, ctx->ndim, error),
                       grad_inputs, error);
}

void
gt_shape_grad_expand (GtTensor *self,
                      GtTensor *out)
{
  record ("ExpandBackward0", expand_backward, &self, 1, &out, 1, ctx_new (self));
}

/* ---- slice and select ---------------------------------------------------------- */

/* The slice (select) of the embed op's gradient: its backward. */
static gboolean
embed_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);
  GtTensor *g = grad_outputs[0];

  g = ctx->select ? gt_tensor_select (g, (gint) ctx->dim, ctx->start, error)
                  : gt_tensor_slice (g, (gint) ctx->dim, ctx->start, ctx->end, ctx->step,
                                     error);
  return gt_grad_give (node, 0, g, grad_inputs, error);
}

/* torch's slice_backward / select_backward: zeros of the input's shape
 * with @grad written into the slice (or the selected entry), recorded so
 * that second-order gradients flow back into @grad. */
static GtTensor *
embed (GtTensor        *grad,
       const ShapeCtx  *ctx,
       GError         **error)
{
  gboolean record_it = gt_autograd_should_record (&grad, 1);
  GtDevice device = *gt_tensor_device (grad);
  g_autoptr(GtTensor) out = NULL;

  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    g_autoptr(GtTensor) part = NULL;

    out = gt_zeros (ctx->sizes, ctx->ndim, grad->dtype, &device, error);
    if (out == NULL)
      return NULL;
    part = ctx->select ? gt_tensor_select (out, (gint) ctx->dim, ctx->start, error)
                       : gt_tensor_slice (out, (gint) ctx->dim, ctx->start, ctx->end,
                                          ctx->step, error);
    if (part == NULL || !gt_tensor_copy_ (part, grad, error))
      return NULL;
  }
  if (record_it)
    {
      ShapeCtx *copy = g_memdup2 (ctx, sizeof *ctx);

      copy->lengths = NULL;
      record (ctx->select ? "SelectBackwardBackward0" : "SliceBackwardBackward0",
              embed_backward, &grad, 1, &out, 1, copy);
    }
  return g_steal_pointer (&out);
}

static gboolean
slice_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  return gt_grad_give (node, 0, embed (grad_outputs[0], gt_node_get_ctx (node), error),
                       grad_inputs, error);
}

/* select: the same with the index in ctx->start */
static gboolean
select_backward (GtNode     *node,
                 GtTensor  **grad_outputs,
                 GtTensor  **grad_inputs,
                 GError    **error)
{
  return gt_grad_give (node, 0, embed (grad_outputs[0], gt_node_get_ctx (node), error),
                       grad_inputs, error);
}

void
gt_shape_grad_slice (GtTensor *self,
                     GtTensor *out,
                     guint     dim,
                     gint64    start,
                     gint64    end,
                     gint64    step)
{
  ShapeCtx *ctx = ctx_new (self);

  ctx->dim = dim;
  ctx->start = start;
  ctx->end = end;
  ctx->step = step;
  record ("SliceBackward0", slice_backward, &self, 1, &out, 1, ctx);
}

void
gt_shape_grad_select (GtTensor *self,
                      GtTensor *out,
                      guint     dim,
                      gint64    index)
{
  ShapeCtx *ctx = ctx_new (self);

  ctx->dim = dim;
  ctx->start = index;
  ctx->select = TRUE;
  record ("SelectBackward0", select_backward, &self, 1, &out, 1, ctx);
}

/* ---- unbind and split --------------------------------------------------------- */

static GPtrArray *
as_list (GtTensor **tensors,
         guint      n)
{
  GPtrArray *list = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (list, tensors[i]);
  return list;
}

/* unbind: the gradients stacked back along dim */
static gboolean
unbind_backward (GtNode     *node,
                 GtTensor  **grad_outputs,
                 GtTensor  **grad_inputs,
                 GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);
  g_autoptr(GPtrArray) list = as_list (grad_outputs, node->n_outputs);

  return gt_grad_give (node, 0, gt_stack (list, (gint) ctx->dim, error), grad_inputs,
                       error);
}

/* split, chunk, split with sizes: the gradients joined along dim */
static gboolean
split_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);
  g_autoptr(GPtrArray) list = as_list (grad_outputs, node->n_outputs);
  g_autoptr(GtTensor) joined = gt_cat (list, (gint) ctx->dim, error);

  if (joined == NULL)
    return FALSE;
  /* Pieces of a 1-D tensor of size 0 are all left out of the cat. */
  return gt_grad_give (node, 0, gt_tensor_reshape (joined, ctx->sizes, ctx->ndim, error),
                       grad_inputs, error);
}

void
gt_shape_grad_unbind (GtTensor  *self,
                      GPtrArray *outs,
                      guint      dim)
{
  ShapeCtx *ctx = ctx_new (self);

  ctx->dim = dim;
  record ("UnbindBackward0", unbind_backward, &self, 1, (GtTensor **) outs->pdata,
          outs->len, ctx);
}

void
gt_shape_grad_split (const char *name,
                     GtTensor   *self,
                     GPtrArray  *outs,
                     guint       dim)
{
  ShapeCtx *ctx = ctx_new (self);

  ctx->dim = dim;
  record (name, split_backward, &self, 1, (GtTensor **) outs->pdata, outs->len, ctx);
}

/* ---- cat and stack -------------------------------------------------------------- */

/* cat: each input's slab of the gradient */
static gboolean
cat_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);
  gint64 offset = 0;

  for (guint i = 0; i < node->n_next; i++)
    {
      gint64 length = ctx->lengths[i];

      if (needs (node, i))
        {
          GtTensor *g = length < 0
            ? gt_grad_zeros_for (node, i, error)
            : gt_tensor_narrow (grad_outputs[0], (gint) ctx->dim, offset, length, error);

          if (!gt_grad_give (node, i, g, grad_inputs, error))
            return FALSE;
        }
      if (length > 0)
        offset += length;
    }
  return TRUE;
}

void
gt_shape_grad_cat (GtTensor **inputs,
                   guint      n,
                   GtTensor  *out,
                   guint      dim)
{
  ShapeCtx *ctx = ctx_new (NULL);

  ctx->dim = dim;
  ctx->lengths = g_new (gint64, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    ctx->lengths[i] = inputs[i]->ndim == 1 && inputs[i]->sizes[0] == 0
      ? -1 : inputs[i]->sizes[dim];
  record ("CatBackward0", cat_backward, inputs, n, &out, 1, ctx);
}

/* stack: each input's entry of the gradient along dim */
static gboolean
stack_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);

  for (guint i = 0; i < node->n_next; i++)
    if (needs (node, i) &&
        !gt_grad_give (node, i,
                       gt_tensor_select (grad_outputs[0], (gint) ctx->dim, i, error),
                       grad_inputs, error))
      return FALSE;
  return TRUE;
}

void
gt_shape_grad_stack (GtTensor **inputs,
                     guint      n,
                     GtTensor  *out,
                     guint      dim)
{
  ShapeCtx *ctx = ctx_new (NULL);

  ctx->dim = dim;
  record ("StackBackward0", stack_backward, inputs, n, &out, 1, ctx);
}

/* ---- repeat and flip ------------------------------------------------------------ */

/* The sum of the @r pieces of size @s along @dim of @g (taken). */
static GtTensor *
sum_pieces (GtTensor  *g,
            guint      dim,
            gint64     r,
            gint64     s,
            GError   **error)
{
  g_autoptr(GtTensor) owned = g;
  g_autoptr(GtTensor) acc = NULL;
  gint d = (gint) dim;

  if (owned == NULL)
    return NULL;
  if (owned->ndim < GT_MAX_DIMS)
    {
      /* [.., r * s, ..] seen as [.., r, s, ..], summed over r */
      gint64 parts[2] = { r, s };
      g_autoptr(GtTensor) split = gt_tensor_unflatten (owned, d, parts, 2, error);

      return split ? gt_tensor_sum (split, &d, 1, FALSE, error) : NULL;
    }
  /* No room for another dim: add the pieces one by one. */
  acc = gt_tensor_narrow (owned, d, 0, r > 0 ? s : 0, error);
  if (acc == NULL)
    return NULL;
  if (r == 0)
    {
      gint64 sizes[GT_MAX_DIMS];
      GtDevice device = *gt_tensor_device (owned);

      memcpy (sizes, owned->sizes, sizeof sizes);
      sizes[dim] = s;
      return gt_zeros (sizes, owned->ndim, owned->dtype, &device, error);
    }
  for (gint64 k = 1; k < r; k++)
    {
      g_autoptr(GtTensor) piece = gt_tensor_narrow (owned, d, k * s, s, error);
      GtTensor *sum = piece ? gt_tensor_add (acc, piece, 1.0, error) : NULL;

      if (sum == NULL)
        return NULL;
      g_object_unref (acc);
      acc = sum;
    }
  return g_steal_pointer (&acc);
}

/* repeat: every copy's gradient summed back, then the added leading dims
 * dropped */
static gboolean
repeat_backward (GtNode     *node,
                 GtTensor  **grad_outputs,
                 GtTensor  **grad_inputs,
                 GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);
  GtTensor *g = g_object_ref (grad_outputs[0]);
  guint lead = ctx->n - ctx->ndim;

  for (guint i = 0; i < ctx->n && g != NULL; i++)
    {
      gint64 r = ctx->values[i];
      gint64 s = i < lead ? 1 : ctx->sizes[i - lead];

      if (r != 1)
        g = sum_pieces (g, i, r, s, error);
    }
  if (g == NULL)
    return FALSE;
  {
    g_autoptr(GtTensor) owned = g;
    return gt_grad_give (node, 0, gt_tensor_reshape (owned, ctx->sizes, ctx->ndim, error),
                         grad_inputs, error);
  }
}

void
gt_shape_grad_repeat (GtTensor     *self,
                      GtTensor     *out,
                      const gint64 *repeats,
                      guint         n_repeats)
{
  ShapeCtx *ctx = ctx_new (self);

  ctx->n = n_repeats;
  memcpy (ctx->values, repeats, n_repeats * sizeof (gint64));
  record ("RepeatBackward0", repeat_backward, &self, 1, &out, 1, ctx);
}

static gboolean
flip_backward (GtNode     *node,
               GtTensor  **grad_outputs,
               GtTensor  **grad_inputs,
               GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);
  gint dims[GT_MAX_DIMS];

  for (guint i = 0; i < ctx->n; i++)
    dims[i] = (gint) ctx->values[i];
  return gt_grad_give (node, 0, gt_tensor_flip (grad_outputs[0], dims, ctx->n, error),
                       grad_inputs, error);
}

void
gt_shape_grad_flip (GtTensor       *self,
                    GtTensor       *out,
                    const gboolean *flip)
{
  ShapeCtx *ctx = ctx_new (self);

  for (guint d = 0; d < self->ndim; d++)
    if (flip[d])
      ctx->values[ctx->n++] = d;
  record ("FlipBackward0", flip_backward, &self, 1, &out, 1, ctx);
}

/* ---- copies ---------------------------------------------------------------------- */

static gboolean
clone_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  return gt_grad_give (node, 0, g_object_ref (grad_outputs[0]), grad_inputs, error);
}

void
gt_shape_grad_clone (GtTensor *self,
                     GtTensor *out)
{
  record ("CloneBackward0", clone_backward, &self, 1, &out, 1, ctx_new (self));
}

/* to(dtype): the gradient converted back (give casts it) */
static gboolean
to_copy_backward (GtNode     *node,
                  GtTensor  **grad_outputs,
                  GtTensor  **grad_inputs,
                  GError    **error)
{
  ShapeCtx *ctx = gt_node_get_ctx (node);

  return gt_grad_give (node, 0, gt_tensor_to_dtype (grad_outputs[0], ctx->dtype, error),
                       grad_inputs, error);
}

void
gt_shape_grad_to_dtype (GtTensor *self,
                        GtTensor *out)
{
  if (!gt_dtype_is_floating_point (self->dtype))
    return;
  record ("ToCopyBackward0", to_copy_backward, &self, 1, &out, 1, ctx_new (self));
}

/* copy_: self's earlier values are gone (zeros); src gets the gradient
 * summed to its shape and cast to its dtype */
static gboolean
copy_backward (GtNode     *node,
               GtTensor  **grad_outputs,
               GtTensor  **grad_inputs,
               GError    **error)
{
  if (needs (node, 0))
    {
      grad_inputs[0] = gt_grad_zeros_for (node, 0, error);
      if (grad_inputs[0] == NULL)
        return FALSE;
    }
  if (needs (node, 1) &&
      !gt_grad_give (node, 1, g_object_ref (grad_outputs[0]), grad_inputs, error))
    return FALSE;
  return TRUE;
}

/* fill_ and zero_: nothing flows back */
static gboolean
fill_backward (GtNode     *node,
               GtTensor  **grad_outputs,
               GtTensor  **grad_inputs,
               GError    **error)
{
  if (!needs (node, 0))
    return TRUE;
  grad_inputs[0] = gt_grad_zeros_for (node, 0, error);
  return grad_inputs[0] != NULL;
}

static void
record_inplace (const char      *name,
                GtBackwardFunc   backward,
                GtTensor       **inputs,
                guint            n_inputs)
{
  GtTensor *self = inputs[0];
  GtNode *node;

  if (!gt_dtype_is_floating_point (self->dtype))
    return;
  node = gt_node_new (name, backward, inputs, n_inputs, 1);
  gt_shape_grad_rebase (node, self);
  gt_node_unref (node);
}

void
gt_shape_grad_copy_ (GtTensor *self,
                     GtTensor *src)
{
  GtTensor *inputs[2] = { self, src };

  /* torch shows the node with its C++ namespace */
  record_inplace ("torch::autograd::CopyBackwards", copy_backward, inputs, 2);
}

void
gt_shape_grad_fill_ (const char *name,
                     GtTensor   *self)
{
  record_inplace (name, fill_backward, &self, 1);
}

/* ---- views and in-place writes through them (CopySlices) ----------------- */

/* A view's place in its base's memory (or as_strided's output's place in
 * its input's): enough to find the view's part of a gradient laid out as
 * the base is. Offsets count from the input's offset. */
typedef struct {
  guint   in_ndim;
  gint64  in_sizes[GT_MAX_DIMS];
  gint64  in_strides[GT_MAX_DIMS];
  guint   out_ndim;
  gint64  out_sizes[GT_MAX_DIMS];
  gint64  out_strides[GT_MAX_DIMS];
  gint64  out_offset;
} Geometry;

static Geometry *
geometry_new (GtTensor *in,
              GtTensor *out)
{
  Geometry *g = g_new0 (Geometry, 1);

  g->in_ndim = in->ndim;
  memcpy (g->in_sizes, in->sizes, sizeof g->in_sizes);
  memcpy (g->in_strides, in->strides, sizeof g->in_strides);
  g->out_ndim = out->ndim;
  memcpy (g->out_sizes, out->sizes, sizeof g->out_sizes);
  memcpy (g->out_strides, out->strides, sizeof g->out_strides);
  g->out_offset = out->offset - in->offset;
  return g;
}

/* How many elements of memory a geometry reaches (strides are never
 * negative: flip copies). */
static gint64
geometry_span (guint         ndim,
               const gint64 *sizes,
               const gint64 *strides,
               gint64        offset)
{
  gint64 last = offset;

  for (guint i = 0; i < ndim; i++)
    {
      if (sizes[i] == 0)
        return 0;
      last += (sizes[i] - 1) * strides[i];
    }
  return last + 1;
}

/* Whether elements of @t share memory (an expanded root tensor). */
static gboolean
has_overlap (GtTensor *t)
{
  for (guint i = 0; i < t->ndim; i++)
    if (t->strides[i] == 0 && t->sizes[i] > 1)
      return TRUE;
  return FALSE;
}

/* Zeros covering the memory of both sides of @g, with @grad (the output's
 * gradient) written into the output's place, summed first over the dims
 * the output repeats with stride 0. Written with ops, so that under
 * create_graph the write is recorded (a CopySlices of its own). */
static GtTensor *
scatter_to_memory (GtTensor        *grad,
                   const Geometry  *g,
                   GError         **error)
{
  gint64 n = MAX (geometry_span (g->in_ndim, g->in_sizes, g->in_strides, 0),
                  geometry_span (g->out_ndim, g->out_sizes, g->out_strides, g->out_offset));
  GtDevice device = *gt_tensor_device (grad);
  gint64 sizes[GT_MAX_DIMS];
  gint dims[GT_MAX_DIMS];
  gsize n_dims = 0;
  g_autoptr(GtTensor) memory = gt_zeros (&n, 1, grad->dtype, &device, error);
  g_autoptr(GtTensor) summed = NULL;
  g_autoptr(GtTensor) part = NULL;

  if (memory == NULL)
    return NULL;
  memcpy (sizes, g->out_sizes, sizeof sizes);
  for (guint d = 0; d < g->out_ndim; d++)
    if (g->out_strides[d] == 0 && g->out_sizes[d] > 1)
      {
        dims[n_dims++] = (gint) d;
        sizes[d] = 1;
      }
  summed = n_dims > 0 ? gt_tensor_sum (grad, dims, n_dims, TRUE, error)
                      : g_object_ref (grad);
  if (summed == NULL)
    return NULL;
  part = gt_shape_as_strided (memory, g->out_ndim, sizes, g->out_strides, g->out_offset);
  if (!gt_tensor_copy_ (part, summed, error))
    return NULL;
  return g_steal_pointer (&memory);
}

/* torch's as_strided_backward for the geometries views have: the gradient
 * scattered into zeros laid out as the input's memory, then read as the
 * input. */
static gboolean
as_strided_backward (GtNode     *node,
                     GtTensor  **grad_outputs,
                     GtTensor  **grad_inputs,
                     GError    **error)
{
  Geometry *g = gt_node_get_ctx (node);
  g_autoptr(GtTensor) memory = scatter_to_memory (grad_outputs[0], g, error);

  if (memory == NULL)
    return FALSE;
  return gt_grad_give (node, 0,
                       gt_shape_as_strided (memory, g->in_ndim, g->in_sizes,
                                            g->in_strides, 0),
                       grad_inputs, error);
}

void
gt_shape_grad_as_strided (GtTensor *self,
                          GtTensor *out)
{
  GtNode *node;

  if (!gt_dtype_is_floating_point (out->dtype))
    return;
  node = gt_node_new ("AsStridedBackward0", as_strided_backward, &self, 1, 1);
  gt_node_set_ctx (node, geometry_new (self, out), g_free);
  gt_autograd_set_history (out, node, 0);
  gt_node_unref (node);
}

/* torch's CopySlices: the base's gradient, laid out as the base, has the
 * view's part run through the in-place op's node; the op's gradient for
 * its input 0 (the view's earlier values) replaces that part before the
 * whole goes to the base's earlier history, and its other inputs get
 * theirs directly. */
static gboolean
copy_slices_backward (GtNode     *node,
                      GtTensor  **grad_outputs,
                      GtTensor  **grad_inputs,
                      GError    **error)
{
  Geometry *g = gt_node_get_ctx (node);
  GtNode *fn = node->inner;
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) result = NULL;
  g_autoptr(GtTensor) memory = NULL;
  g_autoptr(GtTensor) slice = NULL;
  g_autoptr(GtTensor) slice_grad = NULL;
  g_autofree GtTensor **fn_grads = g_new0 (GtTensor *, MAX (fn->n_next, 1));
  gboolean ok;

  if (gt_tensor_is_contiguous_strides (g->in_ndim, g->in_sizes, g->in_strides))
    result = gt_tensor_clone (grad, error);
  else
    {
      /* A base with other strides: a buffer laid out as its memory. */
      gint64 n = geometry_span (g->in_ndim, g->in_sizes, g->in_strides, 0);
      GtDevice device = *gt_tensor_device (grad);

      memory = gt_zeros (&n, 1, grad->dtype, &device, error);
      if (memory == NULL)
        return FALSE;
      result = gt_shape_as_strided (memory, g->in_ndim, g->in_sizes, g->in_strides, 0);
      if (!gt_tensor_copy_ (result, grad, error))
        return FALSE;
    }
  if (result == NULL)
    return FALSE;
  slice = gt_shape_as_strided (result, g->out_ndim, g->out_sizes, g->out_strides,
                               g->out_offset);
  slice_grad = gt_tensor_clone (slice, error);
  if (slice_grad == NULL)
    return FALSE;

  fn->outer = node;
  ok = fn->backward (fn, &slice_grad, fn_grads, error);
  fn->outer = NULL;
  if (ok && gt_node_needs_input_grad (node, 0))
    {
      ok = fn_grads[0] != NULL ? gt_tensor_copy_ (slice, fn_grads[0], error)
                               : gt_tensor_zero_ (slice, error);
      if (ok)
        grad_inputs[0] = g_object_ref (result);
    }
  for (guint i = 1; i < fn->n_next; i++)
    {
      if (ok && gt_node_needs_input_grad (node, i))
        grad_inputs[i] = g_steal_pointer (&fn_grads[i]);
      g_clear_object (&fn_grads[i]);
    }
  g_clear_object (&fn_grads[0]);
  return ok;
}

void
gt_shape_grad_reattach_view (GtNode   *copy_slices,
                             GtTensor *t)
{
  GtTensor *none = NULL;
  GtNode *node = gt_node_new ("AsStridedBackward0", as_strided_backward, &none, 1, 1);

  node->next[0] = (GtEdge) { gt_node_ref (copy_slices), 0 };
  gt_node_set_ctx (node, g_memdup2 (gt_node_get_ctx (copy_slices), sizeof (Geometry)),
                   g_free);
  gt_autograd_set_history (t, node, 0);
  gt_node_unref (node);
}

static void
forget_output (GtTensor *t)
{
  if (t->grad_fn != NULL)
    {
      GtNodeOutput *o = &t->grad_fn->outputs[t->output_nr];
      if (o->tensor == t)
        o->tensor = NULL;
    }
}

static gint64
storage_version (GtTensor *t)
{
  return __atomic_load_n (&t->storage->version, __ATOMIC_RELAXED);
}

/* The view @t as an AsStridedBackward0 of its base's current history. */
static void
view_regenerate (GtTensor *t)
{
  GtTensor *base = t->view_base;
  GtNode *node = gt_node_new ("AsStridedBackward0", as_strided_backward, &base, 1, 1);

  gt_node_set_ctx (node, geometry_new (base, t), g_free);
  forget_output (t);
  gt_autograd_set_history (t, node, 0);
  gt_node_unref (node);
  t->view_version = storage_version (t);
}

void
gt_autograd_make_view (GtTensor *view,
                       GtTensor *self)
{
  GtViewCreation creation = gt_is_grad_enabled () ? GT_VIEW_CREATION_DEFAULT
                                                  : GT_VIEW_CREATION_NO_GRAD_MODE;

  if (self->view_base != NULL)
    {
      view->view_base = g_object_ref (self->view_base);
      if (creation == GT_VIEW_CREATION_DEFAULT)
        creation = self->view_creation;
    }
  else
    view->view_base = g_object_ref (self);
  view->view_creation = creation;
  view->view_version = storage_version (self);
}

/* A write into the memory since the view's history was made (through
 * another view, or into the base) makes it stale: torch regenerates it
 * when it is next read. */
void
gt_autograd_view_refresh_slow (GtTensor *t)
{
  GtTensor *base = t->view_base;

  if (t->view_version == storage_version (t) || !base->requires_grad ||
      !gt_dtype_is_floating_point (t->dtype) || has_overlap (base))
    return;
  view_regenerate (t);
}

void
gt_autograd_rebase_history (GtTensor *self,
                            GtNode   *node)
{
  GtTensor *base = self->view_base;
  g_autofree GtTensor **inputs = NULL;
  GtNodeOutput *meta;
  GtNode *copy_slices;

  forget_output (self);
  if (base == NULL || has_overlap (base))
    {
      gt_autograd_set_history (self, node, 0);
      return;
    }
  g_assert (node->n_next >= 1 && node->n_outputs == 1);

  /* The op's node leaves the graph and lives inside CopySlices; its
   * output is the view's part of the base's gradient. */
  meta = &node->outputs[0];
  meta->dtype = self->dtype;
  meta->device = *gt_tensor_device (self);
  meta->ndim = self->ndim;
  memcpy (meta->sizes, self->sizes, sizeof meta->sizes);
  meta->tensor = NULL;

  inputs = g_new0 (GtTensor *, node->n_next);
  inputs[0] = base;
  copy_slices = gt_node_new ("torch::autograd::CopySlices", copy_slices_backward,
                             inputs, node->n_next, 1);
  for (guint i = 1; i < node->n_next; i++)
    {
      copy_slices->next[i] = node->next[i];
      if (copy_slices->next[i].node != NULL)
        gt_node_ref (copy_slices->next[i].node);
    }
  copy_slices->inner = gt_node_ref (node);
  gt_node_set_ctx (copy_slices, geometry_new (base, self), g_free);

  forget_output (base);
  gt_autograd_set_history (base, copy_slices, 0);
  gt_node_unref (copy_slices);

  view_regenerate (self);
}
