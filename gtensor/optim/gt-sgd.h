#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-optimizer.h>

G_BEGIN_DECLS

#define GT_TYPE_SGD (gt_sgd_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtSGD, gt_sgd, GT, SGD, GtOptimizer)

GT_AVAILABLE_IN_ALL
GtOptimizer *gt_sgd_new       (GPtrArray  *params,
                               gdouble     lr,
                               GError    **error);
GT_AVAILABLE_IN_ALL
GtOptimizer *gt_sgd_new_full  (GPtrArray  *params,
                               gdouble     lr,
                               gdouble     momentum,
                               gdouble     dampening,
                               gdouble     weight_decay,
                               gboolean    nesterov,
                               gboolean    maximize,
                               GError    **error);

G_END_DECLS
