/* gt-nll-loss.c: torch.nn.NLLLoss */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtNLLLoss:
 *
 * torch.nn.NLLLoss: the negative log likelihood -w[y] x[y] of log-
 * probabilities x and class indices y, reduced as "reduction" says (mean
 * by default). Construct-only properties: "weight" (default %NULL),
 * "ignore-index" (default -100); the reduction is the "reduction" property
 * of [class@Gt.Loss].
 *
 * Since: 0.1
 */
struct _GtNLLLoss
{
  GtLoss parent_instance;

  GtTensor *weight;
  gint64 ignore_index;
};

G_DEFINE_FINAL_TYPE (GtNLLLoss, gt_nll_loss, GT_TYPE_LOSS)

static GtTensor *
gt_nll_loss_forward (GtLoss    *loss,
                     GtTensor  *input,
                     GtTensor  *target,
                     GError   **error)
{
  GtNLLLoss *self = GT_NLL_LOSS (loss);
  GtReduction reduction = gt_loss_get_reduction (loss);

  return gt_nll_loss (input, target, self->weight, self->ignore_index,
                      reduction, error);
}

static void
gt_nll_loss_class_init (GtNLLLossClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gt_nn_dispose_fields;
  gt_nn_use_fields (object_class);
  GT_LOSS_CLASS (klass)->forward = gt_nll_loss_forward;

  /**
   * GtNLLLoss:weight:
   *
   * One weight per class (a 1-D tensor of size C); %NULL for none.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtNLLLoss, weight),
                       gt_nn_param_spec_tensor ("weight"));

  /**
   * GtNLLLoss:ignore-index:
   *
   * A target value that contributes nothing (and does not count in the
   * mean).
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtNLLLoss, ignore_index),
                       gt_nn_param_spec_size ("ignore-index", -100));
}

static void
gt_nll_loss_init (GtNLLLoss *self)
{
  self->ignore_index = -100;
}

/**
 * gt_nll_loss_new:
 *
 * Creates torch.nn.NLLLoss() with torch's defaults.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_nll_loss_new (void)
{
  return g_object_new (GT_TYPE_NLL_LOSS, NULL);
}

/**
 * gt_nll_loss_new_full:
 * @weight: (nullable): one weight per class (a 1-D tensor of size C);
 *   %NULL for none.
 * @ignore_index: a target value that contributes nothing (and does not
 *   count in the mean).
 * @reduction: how the losses are reduced (torch's default is mean)
 *
 * Creates torch.nn.NLLLoss with every argument but the deprecated
 * size_average and reduce.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_nll_loss_new_full (GtTensor    *weight,
                      gint64      ignore_index,
                      GtReduction reduction)
{
  g_return_val_if_fail (gt_nn_reduction_is_valid (reduction), NULL);
  g_return_val_if_fail (weight == NULL || GT_IS_TENSOR (weight), NULL);
  return g_object_new (GT_TYPE_NLL_LOSS,
                       "weight", weight,
                       "ignore-index", ignore_index,
                       "reduction", reduction,
                       NULL);
}
