#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-loss.h>

G_BEGIN_DECLS

#define GT_TYPE_NLL_LOSS (gt_nll_loss_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtNLLLoss, gt_nll_loss, GT, NLL_LOSS, GtLoss)

GT_AVAILABLE_IN_ALL
GtLoss *gt_nll_loss_new      (void);
GT_AVAILABLE_IN_ALL
GtLoss *gt_nll_loss_new_full (GtTensor    *weight,
                              gint64      ignore_index,
                              GtReduction reduction);

G_END_DECLS
