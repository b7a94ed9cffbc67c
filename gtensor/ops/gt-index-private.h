#pragma once

#include <glib.h>

#include "gt-error.h"

G_BEGIN_DECLS

/*
 * What the indexing kernels (GtBackend.gather, .scatter, .index_offsets,
 * ...) share with the op layer (gt-index.c). The kernels check every index
 * before they touch data, so a bad index is a GError and never a read or
 * write out of bounds; the message is the same on every backend.
 */

/* Flags of GtBackend.gather and GtBackend.scatter. */
typedef enum {
  GT_INDEX_WRAP       = 1 << 0,   /* [-size, 0) counts from the end */
  GT_INDEX_ACCUMULATE = 1 << 1,   /* scatter adds (bool: or) instead of storing */
} GtIndexFlags;

/* GT_ERROR_INDEX "@func: index 5 is out of bounds for dimension 0 with
 * size 3"; returns FALSE. */
static inline gboolean
gt_index_out_of_bounds (const char  *func,
                        gint64       index,
                        guint        dim,
                        gint64       size,
                        GError     **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
               "%s: index %" G_GINT64_FORMAT " is out of bounds for "
               "dimension %u with size %" G_GINT64_FORMAT, func, index, dim,
               size);
  return FALSE;
}

/*
 * Autograd of the indexing ops (gt-index-grad.c). An op whose inputs need
 * gradients computes its result with grad mode off, then calls one of
 * these with its checked arguments (dims wrapped): the node takes the
 * inputs' edges, saves the index tensors or mask, and becomes @out's
 * history. With @inplace, @out is self, already written: the node's edge
 * leads to self's previous history, which is replaced. Results that are
 * not floating point record nothing.
 */
typedef struct _GtTensor GtTensor;

void  gt_index_grad_index_select  (GtTensor      *self,
                                   GtTensor      *out,
                                   guint          dim,
                                   GtTensor      *index);
void  gt_index_grad_gather        (GtTensor      *self,
                                   GtTensor      *out,
                                   guint          dim,
                                   GtTensor      *index);
void  gt_index_grad_take          (GtTensor      *self,
                                   GtTensor      *out,
                                   GtTensor      *index);
/* scatter with @src (ScatterBackward0) or a number (@src NULL,
 * ScatterBackward1), scatter_add (@accumulate, ScatterAddBackward0) */
void  gt_index_grad_scatter       (GtTensor      *self,
                                   GtTensor      *out,
                                   guint          dim,
                                   GtTensor      *index,
                                   GtTensor      *src,
                                   gboolean       accumulate,
                                   gboolean       inplace);
/* @value: the 0-d tensor of the tensor form (MaskedFillBackward1), NULL
 * for a number (MaskedFillBackward0) */
void  gt_index_grad_masked_fill   (GtTensor      *self,
                                   GtTensor      *out,
                                   GtTensor      *mask,
                                   GtTensor      *value,
                                   gboolean       inplace);
/* @bshape: the broadcast shape of self and mask */
void  gt_index_grad_masked_select (GtTensor      *self,
                                   GtTensor      *out,
                                   GtTensor      *mask,
                                   const gint64  *bshape,
                                   guint          bndim);
/* @indices: the entries of gt_tensor_index() (NULL for ':') */
void  gt_index_grad_index         (GtTensor      *self,
                                   GtTensor      *out,
                                   GPtrArray     *indices);
void  gt_index_grad_index_put     (GtTensor      *self,
                                   GtTensor      *out,
                                   GPtrArray     *indices,
                                   GtTensor      *values,
                                   gboolean       accumulate,
                                   gboolean       inplace);

G_END_DECLS
