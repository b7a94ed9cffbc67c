/* gt-smooth-l1-loss.c: torch.nn.SmoothL1Loss */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtSmoothL1Loss:
 *
 * torch.nn.SmoothL1Loss: the smooth L1 loss: 0.5 (x - y)^2 / beta where |x
 * - y| < beta, |x - y| - 0.5 beta elsewhere, reduced as "reduction" says
 * (mean by default). Construct-only properties: "beta" (default 1.0); the
 * reduction is the "reduction" property of [class@Gt.Loss].
 *
 * Since: 0.1
 */

/**
 * GtSmoothL1Loss:beta:
 *
 * The threshold between the squared and the absolute part (non-
 * negative).
 *
 * Since: 0.1
 */
GT_NN_DEFINE_SCALAR_LOSS (GtSmoothL1Loss, gt_smooth_l1_loss, gt_smooth_l1_loss,
                          beta, "beta", 1.0)

/**
 * gt_smooth_l1_loss_new:
 *
 * Creates torch.nn.SmoothL1Loss() with torch's defaults.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_smooth_l1_loss_new (void)
{
  return g_object_new (GT_TYPE_SMOOTH_L1_LOSS, NULL);
}

/**
 * gt_smooth_l1_loss_new_full:
 * @reduction: how the losses are reduced (torch's default is mean)
 * @beta: the threshold between the squared and the absolute part (non-
 *   negative).
 *
 * Creates torch.nn.SmoothL1Loss with every argument but the deprecated
 * size_average and reduce.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_smooth_l1_loss_new_full (GtReduction reduction,
                            gdouble     beta)
{
  g_return_val_if_fail (gt_nn_reduction_is_valid (reduction), NULL);
  return g_object_new (GT_TYPE_SMOOTH_L1_LOSS,
                       "beta", beta,
                       "reduction", reduction,
                       NULL);
}
