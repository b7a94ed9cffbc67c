#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-optimizer.h>

G_BEGIN_DECLS

#define GT_TYPE_RMSPROP (gt_rmsprop_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtRMSprop, gt_rmsprop, GT, RMSPROP, GtOptimizer)

GT_AVAILABLE_IN_ALL
GtOptimizer *gt_rmsprop_new       (GPtrArray  *params,
                                   gdouble     lr,
                                   GError    **error);
GT_AVAILABLE_IN_ALL
GtOptimizer *gt_rmsprop_new_full  (GPtrArray  *params,
                                   gdouble     lr,
                                   gdouble     alpha,
                                   gdouble     eps,
                                   gdouble     weight_decay,
                                   gdouble     momentum,
                                   gboolean    centered,
                                   gboolean    maximize,
                                   GError    **error);

G_END_DECLS
