#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

/* Activations and dropout (torch.nn.functional). */
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_gelu                (GtTensor      *self,
                                         const char    *approximate,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_leaky_relu          (GtTensor      *self,
                                         gdouble        negative_slope,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_leaky_relu_         (GtTensor      *self,
                                         gdouble        negative_slope,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_dropout             (GtTensor      *self,
                                         gdouble        p,
                                         gboolean       training,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_dropout_            (GtTensor      *self,
                                         gdouble        p,
                                         gboolean       training,
                                         GError       **error);

G_END_DECLS
