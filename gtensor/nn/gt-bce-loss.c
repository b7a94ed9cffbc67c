/* gt-bce-loss.c: torch.nn.BCELoss */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtBCELoss:
 *
 * torch.nn.BCELoss: the binary cross entropy -w (y log x + (1 - y) log(1 -
 * x)) of probabilities x, reduced as "reduction" says (mean by default).
 * Construct-only properties: "weight" (default %NULL); the reduction is
 * the "reduction" property of [class@Gt.Loss].
 *
 * Since: 0.1
 */
struct _GtBCELoss
{
  GtLoss parent_instance;

  GtTensor *weight;
};

G_DEFINE_FINAL_TYPE (GtBCELoss, gt_bce_loss, GT_TYPE_LOSS)

static GtTensor *
gt_bce_loss_forward (GtLoss    *loss,
                     GtTensor  *input,
                     GtTensor  *target,
                     GError   **error)
{
  GtBCELoss *self = GT_BCE_LOSS (loss);
  GtReduction reduction = gt_loss_get_reduction (loss);

  return gt_binary_cross_entropy (input, target, self->weight, reduction,
                                  error);
}

static void
gt_bce_loss_class_init (GtBCELossClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gt_nn_dispose_fields;
  gt_nn_use_fields (object_class);
  GT_LOSS_CLASS (klass)->forward = gt_bce_loss_forward;

  /**
   * GtBCELoss:weight:
   *
   * A manual rescaling weight, of the shape the functional op takes; %NULL
   * for none.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtBCELoss, weight),
                       gt_nn_param_spec_tensor ("weight"));
}

static void
gt_bce_loss_init (GtBCELoss *self)
{
}

/**
 * gt_bce_loss_new:
 *
 * Creates torch.nn.BCELoss() with torch's defaults.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_bce_loss_new (void)
{
  return g_object_new (GT_TYPE_BCE_LOSS, NULL);
}

/**
 * gt_bce_loss_new_full:
 * @weight: (nullable): a manual rescaling weight, of the shape the
 *   functional op takes; %NULL for none.
 * @reduction: how the losses are reduced (torch's default is mean)
 *
 * Creates torch.nn.BCELoss with every argument but the deprecated
 * size_average and reduce.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_bce_loss_new_full (GtTensor    *weight,
                      GtReduction reduction)
{
  g_return_val_if_fail (gt_nn_reduction_is_valid (reduction), NULL);
  g_return_val_if_fail (weight == NULL || GT_IS_TENSOR (weight), NULL);
  return g_object_new (GT_TYPE_BCE_LOSS,
                       "weight", weight,
                       "reduction", reduction,
                       NULL);
}
