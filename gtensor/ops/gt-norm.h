#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

/* Normalisation, linear layers and embeddings (torch.nn.functional). */
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_batch_norm          (GtTensor      *self,
                                         GtTensor      *running_mean,
                                         GtTensor      *running_var,
                                         GtTensor      *weight,
                                         GtTensor      *bias,
                                         gboolean       training,
                                         gdouble        momentum,
                                         gdouble        eps,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_layer_norm          (GtTensor      *self,
                                         const gint64  *normalized_shape,
                                         gsize          n_normalized_shape,
                                         GtTensor      *weight,
                                         GtTensor      *bias,
                                         gdouble        eps,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_linear              (GtTensor      *self,
                                         GtTensor      *weight,
                                         GtTensor      *bias,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_embedding                  (GtTensor      *indices,
                                         GtTensor      *weight,
                                         gint64         padding_idx,
                                         gdouble        max_norm,
                                         gdouble        norm_type,
                                         GError       **error);

G_END_DECLS
