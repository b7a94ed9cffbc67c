/* gt-cross-entropy-loss.c: torch.nn.CrossEntropyLoss */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtCrossEntropyLoss:
 *
 * torch.nn.CrossEntropyLoss: log_softmax over the classes (dim 1) followed
 * by the negative log likelihood; targets are class indices (int64) or
 * class probabilities (the input's shape and dtype), reduced as
 * "reduction" says (mean by default). Construct-only properties: "weight"
 * (default %NULL), "ignore-index" (default -100), "label-smoothing"
 * (default 0.0); the reduction is the "reduction" property of
 * [class@Gt.Loss].
 *
 * Since: 0.1
 */
struct _GtCrossEntropyLoss
{
  GtLoss parent_instance;

  GtTensor *weight;
  gint64 ignore_index;
  gdouble label_smoothing;
};

G_DEFINE_FINAL_TYPE (GtCrossEntropyLoss, gt_cross_entropy_loss, GT_TYPE_LOSS)

static GtTensor *
gt_cross_entropy_loss_forward (GtLoss    *loss,
                               GtTensor  *input,
                               GtTensor  *target,
                               GError   **error)
{
  GtCrossEntropyLoss *self = GT_CROSS_ENTROPY_LOSS (loss);
  GtReduction reduction = gt_loss_get_reduction (loss);

  return gt_cross_entropy (input, target, self->weight, self->ignore_index,
                           reduction, self->label_smoothing, error);
}

static void
gt_cross_entropy_loss_class_init (GtCrossEntropyLossClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gt_nn_dispose_fields;
  gt_nn_use_fields (object_class);
  GT_LOSS_CLASS (klass)->forward = gt_cross_entropy_loss_forward;

  /**
   * GtCrossEntropyLoss:weight:
   *
   * One weight per class (a 1-D tensor of size C); %NULL for none.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtCrossEntropyLoss, weight),
                       gt_nn_param_spec_tensor ("weight"));

  /**
   * GtCrossEntropyLoss:ignore-index:
   *
   * A target class index that contributes nothing (class-index targets
   * only).
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class,
                       GT_NN_FIELD (GtCrossEntropyLoss, ignore_index),
                       gt_nn_param_spec_size ("ignore-index", -100));

  /**
   * GtCrossEntropyLoss:label-smoothing:
   *
   * The amount of smoothing in [0, 1] mixed into the targets.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class,
                       GT_NN_FIELD (GtCrossEntropyLoss, label_smoothing),
                       gt_nn_param_spec_double ("label-smoothing", 0.0));
}

static void
gt_cross_entropy_loss_init (GtCrossEntropyLoss *self)
{
  self->ignore_index = -100;
  self->label_smoothing = 0.0;
}

/**
 * gt_cross_entropy_loss_new:
 *
 * Creates torch.nn.CrossEntropyLoss() with torch's defaults.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_cross_entropy_loss_new (void)
{
  return g_object_new (GT_TYPE_CROSS_ENTROPY_LOSS, NULL);
}

/**
 * gt_cross_entropy_loss_new_full:
 * @weight: (nullable): one weight per class (a 1-D tensor of size C);
 *   %NULL for none.
 * @ignore_index: a target class index that contributes nothing (class-
 *   index targets only).
 * @reduction: how the losses are reduced (torch's default is mean)
 * @label_smoothing: the amount of smoothing in [0, 1] mixed into the
 *   targets.
 *
 * Creates torch.nn.CrossEntropyLoss with every argument but the deprecated
 * size_average and reduce.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_cross_entropy_loss_new_full (GtTensor    *weight,
                                gint64      ignore_index,
                                GtReduction reduction,
                                gdouble     label_smoothing)
{
  g_return_val_if_fail (gt_nn_reduction_is_valid (reduction), NULL);
  g_return_val_if_fail (weight == NULL || GT_IS_TENSOR (weight), NULL);
  return g_object_new (GT_TYPE_CROSS_ENTROPY_LOSS,
                       "weight", weight,
                       "ignore-index", ignore_index,
                       "label-smoothing", label_smoothing,
                       "reduction", reduction,
                       NULL);
}
