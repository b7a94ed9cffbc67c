#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

/* views: the result shares @self's storage */
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_reshape       (GtTensor      *self,
                                    const gint64  *shape,
                                    gsize          n_dims,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_view          (GtTensor      *self,
                                    const gint64  *shape,
                                    gsize          n_dims,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_flatten       (GtTensor      *self,
                                    gint           start_dim,
                                    gint           end_dim,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_unflatten     (GtTensor      *self,
                                    gint           dim,
                                    const gint64  *sizes,
                                    gsize          n_sizes,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_transpose     (GtTensor      *self,
                                    gint           dim0,
                                    gint           dim1,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_permute       (GtTensor      *self,
                                    const gint    *dims,
                                    gsize          n_dims,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_t             (GtTensor      *self,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_mt            (GtTensor      *self,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_squeeze       (GtTensor      *self,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_squeeze_dim   (GtTensor      *self,
                                    gint           dim,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_unsqueeze     (GtTensor      *self,
                                    gint           dim,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_expand        (GtTensor      *self,
                                    const gint64  *sizes,
                                    gsize          n_sizes,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_broadcast_to  (GtTensor      *self,
                                    const gint64  *shape,
                                    gsize          n_dims,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_narrow        (GtTensor      *self,
                                    gint           dim,
                                    gint64         start,
                                    gint64         length,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_select        (GtTensor      *self,
                                    gint           dim,
                                    gint64         index,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_slice         (GtTensor      *self,
                                    gint           dim,
                                    gint64         start,
                                    gint64         end,
                                    gint64         step,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GPtrArray *gt_tensor_unbind        (GtTensor      *self,
                                    gint           dim,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GPtrArray *gt_tensor_chunk         (GtTensor      *self,
                                    gint64         chunks,
                                    gint           dim,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GPtrArray *gt_tensor_split         (GtTensor      *self,
                                    gint64         split_size,
                                    gint           dim,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GPtrArray *gt_tensor_split_sizes   (GtTensor      *self,
                                    const gint64  *sizes,
                                    gsize          n_sizes,
                                    gint           dim,
                                    GError       **error);

/* copies */
GT_AVAILABLE_IN_ALL
GtTensor  *gt_cat                  (GPtrArray     *tensors,
                                    gint           dim,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_stack                (GPtrArray     *tensors,
                                    gint           dim,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_repeat        (GtTensor      *self,
                                    const gint64  *repeats,
                                    gsize          n_repeats,
                                    GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor  *gt_tensor_flip          (GtTensor      *self,
                                    const gint    *dims,
                                    gsize          n_dims,
                                    GError       **error);

G_END_DECLS
