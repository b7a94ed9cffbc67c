/* gt-l1-loss.c: torch.nn.L1Loss */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtL1Loss:
 *
 * torch.nn.L1Loss: the mean absolute error |x - y|, elementwise, reduced
 * as "reduction" says (mean by default). The reduction is the "reduction"
 * property of [class@Gt.Loss].
 *
 * Since: 0.1
 */
GT_NN_DEFINE_PLAIN_LOSS (GtL1Loss, gt_l1_loss, gt_l1_loss)

/**
 * gt_l1_loss_new:
 *
 * Creates torch.nn.L1Loss() with torch's defaults.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_l1_loss_new (void)
{
  return g_object_new (GT_TYPE_L1_LOSS, NULL);
}

/**
 * gt_l1_loss_new_full:
 * @reduction: how the losses are reduced (torch's default is mean)
 *
 * Creates torch.nn.L1Loss with every argument but the deprecated
 * size_average and reduce.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_l1_loss_new_full (GtReduction reduction)
{
  g_return_val_if_fail (gt_nn_reduction_is_valid (reduction), NULL);
  return g_object_new (GT_TYPE_L1_LOSS,
                       "reduction", reduction,
                       NULL);
}
