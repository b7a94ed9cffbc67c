/* gt-mse-loss.c: torch.nn.MSELoss */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtMSELoss:
 *
 * torch.nn.MSELoss: the mean squared error (x - y)^2, elementwise, reduced
 * as "reduction" says (mean by default). The reduction is the "reduction"
 * property of [class@Gt.Loss].
 *
 * Since: 0.1
 */
GT_NN_DEFINE_PLAIN_LOSS (GtMSELoss, gt_mse_loss, gt_mse_loss)

/**
 * gt_mse_loss_new:
 *
 * Creates torch.nn.MSELoss() with torch's defaults.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_mse_loss_new (void)
{
  return g_object_new (GT_TYPE_MSE_LOSS, NULL);
}

/**
 * gt_mse_loss_new_full:
 * @reduction: how the losses are reduced (torch's default is mean)
 *
 * Creates torch.nn.MSELoss with every argument but the deprecated
 * size_average and reduce.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_mse_loss_new_full (GtReduction reduction)
{
  g_return_val_if_fail (gt_nn_reduction_is_valid (reduction), NULL);
  return g_object_new (GT_TYPE_MSE_LOSS,
                       "reduction", reduction,
                       NULL);
}
