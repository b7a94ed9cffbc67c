#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-loss.h>

G_BEGIN_DECLS

#define GT_TYPE_SMOOTH_L1_LOSS (gt_smooth_l1_loss_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtSmoothL1Loss, gt_smooth_l1_loss, GT,
                      SMOOTH_L1_LOSS, GtLoss)

GT_AVAILABLE_IN_ALL
GtLoss *gt_smooth_l1_loss_new      (void);
GT_AVAILABLE_IN_ALL
GtLoss *gt_smooth_l1_loss_new_full (GtReduction reduction,
                                    gdouble     beta);

G_END_DECLS
