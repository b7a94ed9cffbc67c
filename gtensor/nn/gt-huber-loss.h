#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-loss.h>

G_BEGIN_DECLS

#define GT_TYPE_HUBER_LOSS (gt_huber_loss_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtHuberLoss, gt_huber_loss, GT, HUBER_LOSS, GtLoss)

GT_AVAILABLE_IN_ALL
GtLoss *gt_huber_loss_new      (void);
GT_AVAILABLE_IN_ALL
GtLoss *gt_huber_loss_new_full (GtReduction reduction,
                                gdouble     delta);

G_END_DECLS
