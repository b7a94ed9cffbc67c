#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-lr-scheduler.h>

G_BEGIN_DECLS

#define GT_TYPE_EXPONENTIAL_LR (gt_exponential_lr_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtExponentialLR, gt_exponential_lr, GT, EXPONENTIAL_LR, GtLRScheduler)

GT_AVAILABLE_IN_ALL
GtLRScheduler *gt_exponential_lr_new (GtOptimizer    *optimizer,
                                      gdouble        gamma,
                                      gint            last_epoch,
                                      GError        **error);

G_END_DECLS
