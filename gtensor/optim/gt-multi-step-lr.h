#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-lr-scheduler.h>

G_BEGIN_DECLS

#define GT_TYPE_MULTI_STEP_LR (gt_multi_step_lr_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtMultiStepLR, gt_multi_step_lr, GT, MULTI_STEP_LR, GtLRScheduler)

GT_AVAILABLE_IN_ALL
GtLRScheduler *gt_multi_step_lr_new            (GtOptimizer    *optimizer,
                                                const gint64   *milestones,
                                                gsize           n_milestones,
                                                gdouble         gamma,
                                                gint            last_epoch,
                                                GError        **error);
GT_AVAILABLE_IN_ALL
gint64        *gt_multi_step_lr_get_milestones (GtMultiStepLR  *self,
                                                gsize          *n_milestones);

G_END_DECLS
