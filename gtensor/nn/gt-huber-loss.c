/* gt-huber-loss.c: torch.nn.HuberLoss */

#include "config.h"

#include "gtensor.h"

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

enum {
  PROP_0,
  PROP_DELTA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
gt_huber_loss_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GtHuberLoss *self = GT_HUBER_LOSS (object);

  switch (prop_id)
    {
    case PROP_DELTA:
      g_value_set_double (value, self->delta);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_huber_loss_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GtHuberLoss *self = GT_HUBER_LOSS (object);

  switch (prop_id)
    {
    case PROP_DELTA:
      self->delta = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_huber_loss_class_init (GtHuberLossClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                      | G_PARAM_STATIC_STRINGS;

  object_class->get_property = gt_huber_loss_get_property;
  object_class->set_property = gt_huber_loss_set_property;
  GT_LOSS_CLASS (klass)->forward = gt_huber_loss_forward;

  /**
   * GtHuberLoss:delta:
   *
   * The threshold between the squared and the linear part (positive).
   *
   * Since: 0.1
   */
  properties[PROP_DELTA] =
    g_param_spec_double ("delta", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 1.0,
                         /* lax: NaN reaches set_property instead of being
                          * dropped for the default; forward judges it */
                         flags | G_PARAM_LAX_VALIDATION);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  g_return_val_if_fail (reduction == GT_REDUCTION_NONE
                        || reduction == GT_REDUCTION_MEAN
                        || reduction == GT_REDUCTION_SUM, NULL);
  return g_object_new (GT_TYPE_HUBER_LOSS,
                       "delta", delta,
                       "reduction", reduction,
                       NULL);
}
