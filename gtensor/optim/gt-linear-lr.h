#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-lr-scheduler.h>

G_BEGIN_DECLS

#define GT_TYPE_LINEAR_LR (gt_linear_lr_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtLinearLR, gt_linear_lr, GT, LINEAR_LR, GtLRScheduler)

GT_AVAILABLE_IN_ALL
GtLRScheduler *gt_linear_lr_new (GtOptimizer    *optimizer,
                                 gdouble        start_factor,
                                 gdouble        end_factor,
                                 gint           total_iters,
                                 gint            last_epoch,
                                 GError        **error);

G_END_DECLS
