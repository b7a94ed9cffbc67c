/* gt-huber-loss.c: torch.nn.HuberLoss */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtHuberLoss:
 *
 * torch.nn.HuberLoss: the Huber loss: 0.5 (x - y)^2 where |x - y| < delta,
 * delta (|x - y| - 0.5 delta) elsewhere, reduced as "reduction" says (mean
 * by default). Construct-only properties: "delta" (default 1.0); the
 * reduction is the "reduction" property of [class@Gt.Loss].
 *
 * Since: 0.1
 */

/**
 * GtHuberLoss:delta:
 *
 * The threshold between the squared and the linear part (positive).
 *
 * Since: 0.1
 */
GT_NN_DEFINE_SCALAR_LOSS (GtHuberLoss, gt_huber_loss, gt_huber_loss, delta,
                          "delta", 1.0)

/**
 * gt_huber_loss_new:
 *
 * Creates torch.nn.HuberLoss() with torch's defaults.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_huber_loss_new (void)
{
  return g_object_new (GT_TYPE_HUBER_LOSS, NULL);
}

/**
 * gt_huber_loss_new_full:
 * @reduction: how the losses are reduced (torch's default is mean)
 * @delta: the threshold between the squared and the linear part
 *   (positive).
 *
 * Creates torch.nn.HuberLoss with every argument but the deprecated
 * size_average and reduce.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_huber_loss_new_full (GtReduction reduction,
                        gdouble     delta)
{
  g_return_val_if_fail (gt_nn_reduction_is_valid (reduction), NULL);
  return g_object_new (GT_TYPE_HUBER_LOSS,
                       "delta", delta,
                       "reduction", reduction,
                       NULL);
}
