#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-loss.h>

G_BEGIN_DECLS

#define GT_TYPE_L1_LOSS (gt_l1_loss_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtL1Loss, gt_l1_loss, GT, L1_LOSS, GtLoss)

GT_AVAILABLE_IN_ALL
GtLoss *gt_l1_loss_new      (void);
GT_AVAILABLE_IN_ALL
GtLoss *gt_l1_loss_new_full (GtReduction reduction);

G_END_DECLS
