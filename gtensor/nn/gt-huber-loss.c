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
struct _GtHuberLoss
{
  GtLoss parent_instance;

  gdouble delta;
};

G_DEFINE_FINAL_TYPE (GtHuberLoss, gt_huber_loss, GT_TYPE_LOSS)

static GtTensor *
gt_huber_loss_forward (GtLoss    *loss,
                       GtTensor  *input,
                       GtTensor  *target,
                       GError   **error)
{
  GtHuberLoss *self = GT_HUBER_LOSS (loss);
  GtReduction reduction = gt_loss_get_reduction (loss);

  return gt_huber_loss (input, target, reduction, self->delta, error);
}

static void
gt_huber_loss_class_init (GtHuberLossClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gt_nn_use_fields (object_class);
  GT_LOSS_CLASS (klass)->forward = gt_huber_loss_forward;

  /**
   * GtHuberLoss:delta:
   *
   * The threshold between the squared and the linear part (positive).
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtHuberLoss, delta),
                       gt_nn_param_spec_double ("delta", 1.0));
}

static void
gt_huber_loss_init (GtHuberLoss *self)
{
  self->delta = 1.0;
}

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
