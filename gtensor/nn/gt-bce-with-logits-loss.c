/* gt-bce-with-logits-loss.c: torch.nn.BCEWithLogitsLoss */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtBCEWithLogitsLoss:
 *
 * torch.nn.BCEWithLogitsLoss: the binary cross entropy of sigmoid(x)
 * computed stably from the logits x, reduced as "reduction" says (mean by
 * default). Construct-only properties: "weight" (default %NULL), "pos-
 * weight" (default %NULL); the reduction is the "reduction" property of
 * [class@Gt.Loss].
 *
 * Since: 0.1
 */
struct _GtBCEWithLogitsLoss
{
  GtLoss parent_instance;

  GtTensor *weight;
  GtTensor *pos_weight;
};

G_DEFINE_FINAL_TYPE (GtBCEWithLogitsLoss, gt_bce_with_logits_loss, GT_TYPE_LOSS)

static GtTensor *
gt_bce_with_logits_loss_forward (GtLoss    *loss,
                                 GtTensor  *input,
                                 GtTensor  *target,
                                 GError   **error)
{
  GtBCEWithLogitsLoss *self = GT_BCE_WITH_LOGITS_LOSS (loss);
  GtReduction reduction = gt_loss_get_reduction (loss);

  return gt_binary_cross_entropy_with_logits (input, target, self->weight,
                                              self->pos_weight, reduction,
                                              error);
}

static void
gt_bce_with_logits_loss_class_init (GtBCEWithLogitsLossClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gt_nn_dispose_fields;
  gt_nn_use_fields (object_class);
  GT_LOSS_CLASS (klass)->forward = gt_bce_with_logits_loss_forward;

  /**
   * GtBCEWithLogitsLoss:weight:
   *
   * A manual rescaling weight, of the shape the functional op takes; %NULL
   * for none.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtBCEWithLogitsLoss, weight),
                       gt_nn_param_spec_tensor ("weight"));

  /**
   * GtBCEWithLogitsLoss:pos-weight:
   *
   * The weight of the positive examples, broadcast along the classes
   * (last) dim; %NULL for none.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class,
                       GT_NN_FIELD (GtBCEWithLogitsLoss, pos_weight),
                       gt_nn_param_spec_tensor ("pos-weight"));
}

static void
gt_bce_with_logits_loss_init (GtBCEWithLogitsLoss *self)
{
}

/**
 * gt_bce_with_logits_loss_new:
 *
 * Creates torch.nn.BCEWithLogitsLoss() with torch's defaults.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_bce_with_logits_loss_new (void)
{
  return g_object_new (GT_TYPE_BCE_WITH_LOGITS_LOSS, NULL);
}

/**
 * gt_bce_with_logits_loss_new_full:
 * @weight: (nullable): a manual rescaling weight, of the shape the
 *   functional op takes; %NULL for none.
 * @pos_weight: (nullable): the weight of the positive examples, broadcast
 *   along the classes (last) dim; %NULL for none.
 * @reduction: how the losses are reduced (torch's default is mean)
 *
 * Creates torch.nn.BCEWithLogitsLoss with every argument but the deprecated
 * size_average and reduce.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_bce_with_logits_loss_new_full (GtTensor    *weight,
                                  GtTensor    *pos_weight,
                                  GtReduction reduction)
{
  g_return_val_if_fail (gt_nn_reduction_is_valid (reduction), NULL);
  g_return_val_if_fail (weight == NULL || GT_IS_TENSOR (weight), NULL);
  g_return_val_if_fail (pos_weight == NULL || GT_IS_TENSOR (pos_weight), NULL);
  return g_object_new (GT_TYPE_BCE_WITH_LOGITS_LOSS,
                       "weight", weight,
                       "pos-weight", pos_weight,
                       "reduction", reduction,
                       NULL);
}
