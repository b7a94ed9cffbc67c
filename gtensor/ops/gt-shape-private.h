#pragma once

#include "gt-autograd-private.h"

G_BEGIN_DECLS

/*
 * Autograd of the shape/view ops (gt-shape.c) and of the copies of
 * gt-tensor.c (clone, to_dtype, copy_, fill_), in gt-shape-grad.c.
 *
 * An op that sees gt_autograd_should_record() computes its result with grad
 * mode off (so that the helper ops inside record nothing), then calls one
 * of these with its checked (wrapped) arguments: the node takes the edges
 * of the inputs, keeps what its backward needs and becomes the history of
 * the output(s). A view keeps sharing memory and gets its own grad_fn.
 *
 * In-place writes into a view rebase the base's history (torch's
 * CopySlices, gt_autograd_rebase_history() in gt-shape-grad.c).
 */

/* torch's as_strided as views need it: a view of @self's memory with
 * @offset counted from @self's own offset; the caller guarantees that it
 * stays inside @self's memory. Records AsStridedBackward0. */
GtTensor *gt_shape_as_strided         (GtTensor      *self,
                                       guint          ndim,
                                       const gint64  *sizes,
                                       const gint64  *strides,
                                       gint64         offset);
void      gt_shape_grad_as_strided    (GtTensor      *self,
                                       GtTensor      *out);
/* Makes @t (an alias of a view written in place) the view's part of
 * @copy_slices, the base's history after the write: AsStridedBackward0. */
void      gt_shape_grad_reattach_view (GtNode        *copy_slices,
                                       GtTensor      *t);

/* view, reshape, flatten, unflatten, squeeze: @name is the node
 * (ViewBackward0, ReshapeAliasBackward0, UnsafeViewBackward0,
 * SqueezeBackward0/1); the backward reshapes to @self's shape. @is_view is
 * FALSE for the copy of a reshape (UnsafeViewBackward0). */
void      gt_shape_grad_reshape       (const char    *name,
                                       GtTensor      *self,
                                       GtTensor      *out,
                                       gboolean       is_view);
/* transpose, t, mT (TransposeBackward0, TBackward0) */
void      gt_shape_grad_transpose     (const char    *name,
                                       GtTensor      *self,
                                       GtTensor      *out,
                                       guint          dim0,
                                       guint          dim1);
void      gt_shape_grad_permute       (GtTensor      *self,
                                       GtTensor      *out,
                                       const guint   *dims);
void      gt_shape_grad_unsqueeze     (GtTensor      *self,
                                       GtTensor      *out,
                                       guint          dim);
/* expand, broadcast_to: the gradient is summed back to @self's shape */
void      gt_shape_grad_expand        (GtTensor      *self,
                                       GtTensor      *out);
/* narrow and slice: out = self[..., start:end:step, ...] along @dim, with
 * start and end already clamped as the view was made */
void      gt_shape_grad_slice         (GtTensor      *self,
                                       GtTensor      *out,
                                       guint          dim,
                                       gint64         start,
                                       gint64         end,
                                       gint64         step);
void      gt_shape_grad_select        (GtTensor      *self,
                                       GtTensor      *out,
                                       guint          dim,
                                       gint64         index);
/* unbind (UnbindBackward0), split and chunk (SplitBackward0), split with
 * sizes (SplitWithSizesBackward0): @outs are the pieces along @dim */
void      gt_shape_grad_unbind        (GtTensor      *self,
                                       GPtrArray     *outs,
                                       guint          dim);
void      gt_shape_grad_split         (const char    *name,
                                       GtTensor      *self,
                                       GPtrArray     *outs,
                                       guint          dim);
/* cat along @dim (wrapped for the result); 1-D tensors of size 0 are left
 * out of a cat and get zero gradients */
void      gt_shape_grad_cat           (GtTensor     **inputs,
                                       guint          n,
                                       GtTensor      *out,
                                       guint          dim);
void      gt_shape_grad_stack         (GtTensor     **inputs,
                                       guint          n,
                                       GtTensor      *out,
                                       guint          dim);
void      gt_shape_grad_repeat        (GtTensor      *self,
                                       GtTensor      *out,
                                       const gint64  *repeats,
                                       guint          n_repeats);
/* @flip: for each dim of @self, whether it is reversed */
void      gt_shape_grad_flip          (GtTensor      *self,
                                       GtTensor      *out,
                                       const gboolean *flip);

/* clone and contiguous (CloneBackward0), to_dtype (ToCopyBackward0) */
void      gt_shape_grad_clone         (GtTensor      *self,
                                       GtTensor      *out);
void      gt_shape_grad_to_dtype      (GtTensor      *self,
                                       GtTensor      *out);
/* copy_ (CopyBackwards) and fill_/zero_ (FillBackward2, ZeroBackward0):
 * in place on @self, after the write; @src may be NULL for a fill. The
 * node's edge to @self leads to its previous history, which gets zeros. */
void      gt_shape_grad_copy_         (GtTensor      *self,
                                       GtTensor      *src);
void      gt_shape_grad_fill_         (const char    *name,
                                       GtTensor      *self);

/* For the backward functions of the shape and index families: stores
 * @grad (taken; NULL after an error returns FALSE) as the gradient of
 * input @i of @node, summed to the input's shape where it was broadcast
 * and cast to its dtype; zeros in the shape and dtype of input @i. */
gboolean  gt_grad_give                (GtNode        *node,
                                       guint          i,
                                       GtTensor      *grad,
                                       GtTensor     **grad_inputs,
                                       GError       **error);
GtTensor *gt_grad_zeros_for           (GtNode        *node,
                                       guint          i,
                                       GError       **error);

/* Makes @node the history of @out, which an in-place op has just written:
 * the tensor's earlier node no longer computes it, so its hooks and
 * retained gradient move to the new one (torch's rebase_history). */
void      gt_shape_grad_rebase        (GtNode        *node,
                                       GtTensor      *out);

G_END_DECLS
