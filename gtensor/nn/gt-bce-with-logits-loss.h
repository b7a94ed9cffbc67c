#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-loss.h>

G_BEGIN_DECLS

#define GT_TYPE_BCE_WITH_LOGITS_LOSS (gt_bce_with_logits_loss_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtBCEWithLogitsLoss, gt_bce_with_logits_loss, GT,
                      BCE_WITH_LOGITS_LOSS, GtLoss)

GT_AVAILABLE_IN_ALL
GtLoss *gt_bce_with_logits_loss_new      (void);
GT_AVAILABLE_IN_ALL
GtLoss *gt_bce_with_logits_loss_new_full (GtTensor    *weight,
                                          GtTensor    *pos_weight,
                                          GtReduction reduction);

G_END_DECLS
