#include "config.h"

#include "gt-adamw.h"
#include "gt-error.h"
#include "optim/gt-optim-private.h"

/**
 * GtAdamW:
 *
 * Adam with decoupled weight decay: torch.optim.AdamW of torch 1.13 (the
 * single-tensor path). As [class@Gt.Adam], except that the weight decay
 * shrinks the parameter before the moments (`param = param * (1 - lr *
 * weight_decay)`) instead of being added to the gradient, and that its
 * default is 1e-2.
 *
 * Since: 0.1
 */
struct _GtAdamW
{
  GtOptimizer parent_instance;
};

G_DEFINE_FINAL_TYPE (GtAdamW, gt_adamw, GT_TYPE_OPTIMIZER)

enum {
  PROP_0,
  PROP_BETA1,
  PROP_BETA2,
  PROP_EPS,
  PROP_WEIGHT_DECAY,
  PROP_AMSGRAD,
  PROP_MAXIMIZE,
  N_PROPS
};

static const char *const option_names[N_PROPS] = {
  NULL, "beta1", "beta2", "eps", "weight_decay", "amsgrad", "maximize",
};

static GParamSpec *properties[N_PROPS];

static gboolean
gt_adamw_check_group (GtOptimizer   *self,
                     GtParamGroup  *group,
                     GError       **error)
{
  return gt_adam_check_group_impl (group, error);
}

static gboolean
gt_adamw_step (GtOptimizer  *self,
              GError      **error)
{
  return gt_adam_step_impl (self, TRUE, error);
}

static void
gt_adamw_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  gt_optim_get_option_property (object, option_names, N_PROPS, prop_id,
                                value, pspec);
}

static void
gt_adamw_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  gt_optim_set_option_property (object, option_names, N_PROPS, prop_id,
                                value, pspec);
}

static void
gt_adamw_class_init (GtAdamWClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtOptimizerClass *optimizer_class = GT_OPTIMIZER_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                            G_PARAM_STATIC_STRINGS;

  object_class->get_property = gt_adamw_get_property;
  object_class->set_property = gt_adamw_set_property;
  optimizer_class->step = gt_adamw_step;
  optimizer_class->check_group = gt_adamw_check_group;

  /**
   * GtAdamW:beta1:
   *
   * The decay of the first moment (torch's betas[0], default 0.9).
   *
   * Since: 0.1
   */
  properties[PROP_BETA1] =
    g_param_spec_double ("beta1", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0.9, flags);
  /**
   * GtAdamW:beta2:
   *
   * The decay of the second moment (torch's betas[1], default 0.999).
   *
   * Since: 0.1
   */
  properties[PROP_BETA2] =
    g_param_spec_double ("beta2", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0.999, flags);
  /**
   * GtAdamW:eps:
   *
   * Added to the denominator (default 1e-8).
   *
   * Since: 0.1
   */
  properties[PROP_EPS] =
    g_param_spec_double ("eps", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         1e-8, flags);
  /**
   * GtAdamW:weight-decay:
   *
   * Decoupled weight decay (default 1e-2).
   *
   * Since: 0.1
   */
  properties[PROP_WEIGHT_DECAY] =
    g_param_spec_double ("weight-decay", NULL, NULL, -G_MAXDOUBLE,
                         G_MAXDOUBLE, 1e-2, flags);
  /**
   * GtAdamW:amsgrad:
   *
   * Whether to use the AMSGrad variant (default %FALSE).
   *
   * Since: 0.1
   */
  properties[PROP_AMSGRAD] =
    g_param_spec_boolean ("amsgrad", NULL, NULL, FALSE, flags);
  /**
   * GtAdamW:maximize:
   *
   * Whether to maximise the objective (default %FALSE).
   *
   * Since: 0.1
   */
  properties[PROP_MAXIMIZE] =
    g_param_spec_boolean ("maximize", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gt_adamw_init (GtAdamW *self)
{
}

/**
 * gt_adamw_new:
 * @params: (element-type Gt.Tensor): the parameters to optimise
 * @lr: the learning rate (torch's default: 1e-3)
 * @error: return location for a #GError
 *
 * `torch.optim.AdamW(params, lr)` with torch's other defaults.
 *
 * Returns: (transfer full) (nullable): a new #GtAdamW, or %NULL with
 *   %GT_ERROR_VALUE for an invalid learning rate or an empty list
 *
 * Since: 0.1
 */
GtOptimizer *
gt_adamw_new (GPtrArray  *params,
             gdouble     lr,
             GError    **error)
{
  return gt_adamw_new_full (params, lr, 0.9, 0.999, 1e-8, 1e-2, FALSE, FALSE,
                           error);
}

/**
 * gt_adamw_new_full:
 * @params: (element-type Gt.Tensor): the parameters to optimise
 * @lr: the learning rate
 * @beta1: the decay of the first moment
 * @beta2: the decay of the second moment
 * @eps: added to the denominator
 * @weight_decay: decoupled weight decay
 * @amsgrad: whether to use AMSGrad
 * @maximize: whether to maximise the objective
 * @error: return location for a #GError
 *
 * `torch.optim.AdamW(params, lr, (beta1, beta2), eps, weight_decay,
 * amsgrad, maximize=maximize)`.
 *
 * Returns: (transfer full) (nullable): a new #GtAdamW, or %NULL with
 *   %GT_ERROR_VALUE and torch's message ("Invalid beta parameter at index
 *   0: 1.0")
 *
 * Since: 0.1
 */
GtOptimizer *
gt_adamw_new_full (GPtrArray  *params,
                  gdouble     lr,
                  gdouble     beta1,
                  gdouble     beta2,
                  gdouble     eps,
                  gdouble     weight_decay,
                  gboolean    amsgrad,
                  gboolean    maximize,
                  GError    **error)
{
  static const char *const names[] = {
    "learning rate",
    "beta parameter at index 0",
    "beta parameter at index 1",
    "epsilon value",
    "weight_decay value",
  };
  const gdouble values[] = { lr, beta1, beta2, eps, weight_decay };
  GtOptimizer *self;

  if (!gt_optim_reject_nan ("gt_adamw_new", names, values,
                            G_N_ELEMENTS (values), error))
    return NULL;
  self = g_object_new (GT_TYPE_ADAMW, "lr", lr,
                      "beta1", beta1, "beta2", beta2,
                      "eps", eps,
                      "weight-decay", weight_decay,
                      "amsgrad", amsgrad,
                      "maximize", maximize, NULL);

  return gt_optim_construct (self, "gt_adamw_new", params, error);
}
