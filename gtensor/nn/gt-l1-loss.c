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
struct _GtL1Loss
{
  GtLoss parent_instance;
};

G_DEFINE_FINAL_TYPE (GtL1Loss, gt_l1_loss, GT_TYPE_LOSS)

static GtTensor *
gt_l1_loss_forward (GtLoss    *loss,
                    GtTensor  *input,
                    GtTensor  *target,
                    GError   **error)
{
  GtReduction reduction = gt_loss_get_reduction (loss);

  return gt_l1_loss (input, target, reduction, error);
}

static void
gt_l1_loss_class_init (GtL1LossClass *klass)
{
  GT_LOSS_CLASS (klass)->forward = gt_l1_loss_forward;
}

static void
gt_l1_loss_init (GtL1Loss *self)
{
}

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
