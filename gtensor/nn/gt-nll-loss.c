/* gt-nll-loss.c: torch.nn.NLLLoss */

#include "config.h"

#include "gtensor.h"

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

enum {
  PROP_0,
  PROP_WEIGHT,
  PROP_IGNORE_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
gt_nll_loss_dispose (GObject *object)
{
  GtNLLLoss *self = GT_NLL_LOSS (object);

  g_clear_object (&self->weight);
  G_OBJECT_CLASS (gt_nll_loss_parent_class)->dispose (object);
}

static void
gt_nll_loss_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GtNLLLoss *self = GT_NLL_LOSS (object);

  switch (prop_id)
    {
    case PROP_WEIGHT:
      g_value_set_object (value, self->weight);
      break;
    case PROP_IGNORE_INDEX:
      g_value_set_int64 (value, self->ignore_index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_nll_loss_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GtNLLLoss *self = GT_NLL_LOSS (object);

  switch (prop_id)
    {
    case PROP_WEIGHT:
      g_set_object (&self->weight, g_value_get_object (value));
      break;
    case PROP_IGNORE_INDEX:
      self->ignore_index = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_nll_loss_class_init (GtNLLLossClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                      | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gt_nll_loss_dispose;
  object_class->get_property = gt_nll_loss_get_property;
  object_class->set_property = gt_nll_loss_set_property;
  GT_LOSS_CLASS (klass)->forward = gt_nll_loss_forward;

  /**
   * GtNLLLoss:weight:
   *
   * One weight per class (a 1-D tensor of size C); %NULL for none.
   *
   * Since: 0.1
   */
  properties[PROP_WEIGHT] =
    g_param_spec_object ("weight", NULL, NULL, GT_TYPE_TENSOR, flags);

  /**
   * GtNLLLoss:ignore-index:
   *
   * A target value that contributes nothing (and does not count in the
   * mean).
   *
   * Since: 0.1
   */
  properties[PROP_IGNORE_INDEX] =
    g_param_spec_int64 ("ignore-index", NULL, NULL, G_MININT64, G_MAXINT64,
                        -100, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  g_return_val_if_fail (reduction == GT_REDUCTION_NONE
                        || reduction == GT_REDUCTION_MEAN
                        || reduction == GT_REDUCTION_SUM, NULL);
  g_return_val_if_fail (weight == NULL || GT_IS_TENSOR (weight), NULL);
  return g_object_new (GT_TYPE_NLL_LOSS,
                       "weight", weight,
                       "ignore-index", ignore_index,
                       "reduction", reduction,
                       NULL);
}
