#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_sort     (GtTensor      *self,
                              gint           dim,
                              gboolean       descending,
                              gboolean       stable,
                              GtTensor     **indices,
                              GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_argsort  (GtTensor      *self,
                              gint           dim,
                              gboolean       descending,
                              gboolean       stable,
                              GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_topk     (GtTensor      *self,
                              gint64         k,
                              gint           dim,
                              gboolean       largest,
                              gboolean       sorted,
                              GtTensor     **indices,
                              GError       **error);

G_END_DECLS
