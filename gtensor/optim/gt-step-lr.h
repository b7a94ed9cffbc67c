#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-lr-scheduler.h>

G_BEGIN_DECLS

#define GT_TYPE_STEP_LR (gt_step_lr_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtStepLR, gt_step_lr, GT, STEP_LR, GtLRScheduler)

GT_AVAILABLE_IN_ALL
GtLRScheduler *gt_step_lr_new (GtOptimizer    *optimizer,
                               gint           step_size,
                               gdouble        gamma,
                               gint            last_epoch,
                               GError        **error);

G_END_DECLS
