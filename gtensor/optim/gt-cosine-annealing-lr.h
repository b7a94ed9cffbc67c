#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-lr-scheduler.h>

G_BEGIN_DECLS

#define GT_TYPE_COSINE_ANNEALING_LR (gt_cosine_annealing_lr_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtCosineAnnealingLR, gt_cosine_annealing_lr, GT, COSINE_ANNEALING_LR, GtLRScheduler)

GT_AVAILABLE_IN_ALL
GtLRScheduler *gt_cosine_annealing_lr_new (GtOptimizer    *optimizer,
                                           gint           t_max,
                                           gdouble        eta_min,
                                           gint            last_epoch,
                                           GError        **error);

G_END_DECLS
