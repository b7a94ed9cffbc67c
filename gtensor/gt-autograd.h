#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
gboolean    gt_tensor_backward          (GtTensor   *self,
                                         GtTensor   *gradient,
                                         gboolean    retain_graph,
                                         gboolean    create_graph,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
GPtrArray  *gt_autograd_grad            (GPtrArray  *outputs,
                                         GPtrArray  *inputs,
                                         GPtrArray  *grad_outputs,
                                         gboolean    retain_graph,
                                         gboolean    create_graph,
                                         gboolean    allow_unused,
                                         GError    **error);

GT_AVAILABLE_IN_ALL
GtTensor   *gt_tensor_detach            (GtTensor   *self);
GT_AVAILABLE_IN_ALL
gboolean    gt_tensor_detach_           (GtTensor   *self,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
gboolean    gt_tensor_retain_grad       (GtTensor   *self,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
gboolean    gt_tensor_is_leaf           (GtTensor   *self);
GT_AVAILABLE_IN_ALL
gboolean    gt_tensor_get_retains_grad  (GtTensor   *self);
GT_AVAILABLE_IN_ALL
const char *gt_tensor_get_grad_fn_name  (GtTensor   *self);
GT_AVAILABLE_IN_ALL
gint64      gt_tensor_get_version       (GtTensor   *self);

G_END_DECLS
