/* gt-smooth-l1-loss.c: torch.nn.SmoothL1Loss */

#include "config.h"

#include "gtensor.h"

/**
 * GtSmoothL1Loss:
 *
 * torch.nn.SmoothL1Loss: the smooth L1 loss: 0.5 (x - y)^2 / beta where |x
 * - y| < beta, |x - y| - 0.5 beta elsewhere, reduced as "reduction" says
 * (mean by default). Construct-only properties: "beta" (default 1.0); the
 * reduction is the "reduction" property of [class@Gt.Loss].
 *
 * Since: 0.1
 */
struct _GtSmoothL1Loss
{
  GtLoss parent_instance;

  gdouble beta;
};

G_DEFINE_FINAL_TYPE (GtSmoothL1Loss, gt_smooth_l1_loss, GT_TYPE_LOSS)

enum {
  PROP_0,
  PROP_BETA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtTensor *
gt_smooth_l1_loss_forward (GtLoss    *loss,
                           GtTensor  *input,
                           GtTensor  *target,
                           GError   **error)
{
  GtSmoothL1Loss *self = GT_SMOOTH_L1_LOSS (loss);
  GtReduction reduction = gt_loss_get_reduction (loss);

  return gt_smooth_l1_loss (input, target, reduction, self->beta, error);
}

static void
gt_smooth_l1_loss_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GtSmoothL1Loss *self = GT_SMOOTH_L1_LOSS (object);

  switch (prop_id)
    {
    case PROP_BETA:
      g_value_set_double (value, self->beta);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_smooth_l1_loss_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GtSmoothL1Loss *self = GT_SMOOTH_L1_LOSS (object);

  switch (prop_id)
    {
    case PROP_BETA:
      self->beta = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_smooth_l1_loss_class_init (GtSmoothL1LossClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                      | G_PARAM_STATIC_STRINGS;

  object_class->get_property = gt_smooth_l1_loss_get_property;
  object_class->set_property = gt_smooth_l1_loss_set_property;
  GT_LOSS_CLASS (klass)->forward = gt_smooth_l1_loss_forward;

  /**
   * GtSmoothL1Loss:beta:
   *
   * The threshold between the squared and the absolute part (non-
   * negative).
   *
   * Since: 0.1
   */
  properties[PROP_BETA] =
    g_param_spec_double ("beta", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 1.0,
                         /* lax: NaN reaches set_property instead of being
                          * dropped for the default; forward judges it */
                         flags | G_PARAM_LAX_VALIDATION);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gt_smooth_l1_loss_init (GtSmoothL1Loss *self)
{
  self->beta = 1.0;
}

/**
 * gt_smooth_l1_loss_new:
 *
 * Creates torch.nn.SmoothL1Loss() with torch's defaults.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_smooth_l1_loss_new (void)
{
  return g_object_new (GT_TYPE_SMOOTH_L1_LOSS, NULL);
}

/**
 * gt_smooth_l1_loss_new_full:
 * @reduction: how the losses are reduced (torch's default is mean)
 * @beta: the threshold between the squared and the absolute part (non-
 *   negative).
 *
 * Creates torch.nn.SmoothL1Loss with every argument but the deprecated
 * size_average and reduce.
 *
 * Returns: (transfer full): the new loss
 *
 * Since: 0.1
 */
GtLoss *
gt_smooth_l1_loss_new_full (GtReduction reduction,
                            gdouble     beta)
{
  g_return_val_if_fail (reduction == GT_REDUCTION_NONE
                        || reduction == GT_REDUCTION_MEAN
                        || reduction == GT_REDUCTION_SUM, NULL);
  return g_object_new (GT_TYPE_SMOOTH_L1_LOSS,
                       "beta", beta,
                       "reduction", reduction,
                       NULL);
}
