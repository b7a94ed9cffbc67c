/* gt-bce-loss.c: torch.nn.BCELoss */

#include "config.h"

#include "gtensor.h"

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

enum {
  PROP_0,
  PROP_WEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
gt_bce_loss_dispose (GObject *object)
{
  GtBCELoss *self = GT_BCE_LOSS (object);

  g_clear_object (&self->weight);
  G_OBJECT_CLASS (gt_bce_loss_parent_class)->dispose (object);
}

static void
gt_bce_loss_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GtBCELoss *self = GT_BCE_LOSS (object);

  switch (prop_id)
    {
    case PROP_WEIGHT:
      g_value_set_object (value, self->weight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_bce_loss_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GtBCELoss *self = GT_BCE_LOSS (object);

  switch (prop_id)
    {
    case PROP_WEIGHT:
      g_set_object (&self->weight, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_bce_loss_class_init (GtBCELossClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                      | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gt_bce_loss_dispose;
  object_class->get_property = gt_bce_loss_get_property;
  object_class->set_property = gt_bce_loss_set_property;
  GT_LOSS_CLASS (klass)->forward = gt_bce_loss_forward;

  /**
   * GtBCELoss:weight:
   *
   * A manual rescaling weight, of the shape the functional op takes; %NULL
   * for none.
   *
   * Since: 0.1
   */
  properties[PROP_WEIGHT] =
    g_param_spec_object ("weight", NULL, NULL, GT_TYPE_TENSOR, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  g_return_val_if_fail (reduction == GT_REDUCTION_NONE
                        || reduction == GT_REDUCTION_MEAN
                        || reduction == GT_REDUCTION_SUM, NULL);
  g_return_val_if_fail (weight == NULL || GT_IS_TENSOR (weight), NULL);
  return g_object_new (GT_TYPE_BCE_LOSS,
                       "weight", weight,
                       "reduction", reduction,
                       NULL);
}
