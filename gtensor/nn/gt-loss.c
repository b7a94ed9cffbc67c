#include "config.h"

#include "gt-enum-types.h"
#include "gt-error.h"
#include "gt-loss.h"

/**
 * GtLoss:
 *
 * The base class of the loss functions (torch.nn's `_Loss`): a loss
 * object holds its options, such as #GtLoss:reduction, and
 * [method@Gt.Loss.forward] computes `loss (input, target)`. Subclasses
 * override the `forward` virtual method, in C or by subclassing in Python
 * (`do_forward`), JavaScript (`vfunc_forward`) or Vala (`override`).
 *
 * Since: 0.1
 */

typedef struct {
  GtReduction reduction;
} GtLossPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GtLoss, gt_loss, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REDUCTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtTensor *
gt_loss_real_forward (GtLoss    *self,
                      GtTensor  *input,
                      GtTensor  *target,
                      GError   **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "gt_loss_forward: %s does not implement forward",
               G_OBJECT_TYPE_NAME (self));
  return NULL;
}

static void
gt_loss_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  GtLoss *self = GT_LOSS (object);

  switch (prop_id)
    {
    case PROP_REDUCTION:
      g_value_set_enum (value, gt_loss_get_reduction (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_loss_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  GtLoss *self = GT_LOSS (object);

  switch (prop_id)
    {
    case PROP_REDUCTION:
      gt_loss_set_reduction (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_loss_class_init (GtLossClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gt_loss_get_property;
  object_class->set_property = gt_loss_set_property;
  klass->forward = gt_loss_real_forward;

  /**
   * GtLoss:reduction:
   *
   * How the per-element losses are reduced (torch's `reduction=`):
   * %GT_REDUCTION_MEAN (the default), %GT_REDUCTION_SUM or
   * %GT_REDUCTION_NONE.
   *
   * Since: 0.1
   */
  properties[PROP_REDUCTION] =
    g_param_spec_enum ("reduction", NULL, NULL,
                       GT_TYPE_REDUCTION, GT_REDUCTION_MEAN,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gt_loss_init (GtLoss *self)
{
  GtLossPrivate *priv = gt_loss_get_instance_private (self);

  priv->reduction = GT_REDUCTION_MEAN;
}

/**
 * gt_loss_forward:
 * @self: a #GtLoss
 * @input: the prediction
 * @target: the target
 * @error: return location for a #GError
 *
 * Computes the loss of @input against @target (torch's
 * `loss_fn (input, target)`) by calling the `forward` virtual method.
 *
 * Returns: (transfer full): the loss, or %NULL with @error set
 *
 * Since: 0.1
 */
GtTensor *
gt_loss_forward (GtLoss    *self,
                 GtTensor  *input,
                 GtTensor  *target,
                 GError   **error)
{
  GError *local_error = NULL;
  GtTensor *result;

  g_return_val_if_fail (GT_IS_LOSS (self), NULL);
  g_return_val_if_fail (GT_IS_TENSOR (input), NULL);
  g_return_val_if_fail (GT_IS_TENSOR (target), NULL);

  result = GT_LOSS_GET_CLASS (self)->forward (self, input, target, &local_error);
  if (result != NULL && local_error != NULL)
    g_clear_object (&result);
  if (result == NULL && local_error == NULL)
    g_set_error (&local_error, GT_ERROR, GT_ERROR_VALUE,
                 "gt_loss_forward: %s.forward returned no tensor",
                 G_OBJECT_TYPE_NAME (self));
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return result;
}

/**
 * gt_loss_get_reduction:
 * @self: a #GtLoss
 *
 * Returns: the #GtLoss:reduction
 *
 * Since: 0.1
 */
GtReduction
gt_loss_get_reduction (GtLoss *self)
{
  GtLossPrivate *priv;

  g_return_val_if_fail (GT_IS_LOSS (self), GT_REDUCTION_MEAN);

  priv = gt_loss_get_instance_private (self);
  return priv->reduction;
}

/**
 * gt_loss_set_reduction:
 * @self: a #GtLoss
 * @reduction: the reduction
 *
 * Sets the #GtLoss:reduction.
 *
 * Since: 0.1
 */
void
gt_loss_set_reduction (GtLoss      *self,
                       GtReduction  reduction)
{
  GtLossPrivate *priv;

  g_return_if_fail (GT_IS_LOSS (self));
  g_return_if_fail (reduction <= GT_REDUCTION_SUM);

  priv = gt_loss_get_instance_private (self);
  if (priv->reduction == reduction)
    return;
  priv->reduction = reduction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDUCTION]);
}
