#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-optimizer.h>

G_BEGIN_DECLS

#define GT_TYPE_ADAM (gt_adam_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtAdam, gt_adam, GT, ADAM, GtOptimizer)

GT_AVAILABLE_IN_ALL
GtOptimizer *gt_adam_new       (GPtrArray  *params,
                                gdouble     lr,
                                GError    **error);
GT_AVAILABLE_IN_ALL
GtOptimizer *gt_adam_new_full  (GPtrArray  *params,
                                gdouble     lr,
                                gdouble     beta1,
                                gdouble     beta2,
                                gdouble     eps,
                                gdouble     weight_decay,
                                gboolean    amsgrad,
                                gboolean    maximize,
                                GError    **error);

G_END_DECLS
