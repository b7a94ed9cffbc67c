#include "config.h"

#include "gt-error.h"
#include "gt-rmsprop.h"
#include "optim/gt-optim-private.h"

/**
 * GtRMSprop:
 *
 * RMSprop: torch.optim.RMSprop of torch 1.13 (the single-tensor path),
 * each parameter updated in one fused pass:
 *
 * |[
 * g = maximize ? -grad : grad
 * if weight_decay != 0: g = g + weight_decay * param
 * square_avg = square_avg * alpha + (1 - alpha) * g * g
 * if centered:
 *     grad_avg = grad_avg * alpha + (1 - alpha) * g
 *     avg = sqrt (square_avg - grad_avg * grad_avg) + eps
 * else: avg = sqrt (square_avg) + eps
 * if momentum > 0:
 *     buf = momentum * buf + g / avg; param = param - lr * buf
 * else: param = param - lr * g / avg
 * ]|
 *
 * The state of a parameter: "step" (0-d float32), "square_avg",
 * "momentum_buffer" (momentum > 0) and "grad_avg" (centered). Defaults as
 * torch's: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay or momentum.
 *
 * Since: 0.1
 */
struct _GtRMSprop
{
  GtOptimizer parent_instance;
};

G_DEFINE_FINAL_TYPE (GtRMSprop, gt_rmsprop, GT_TYPE_OPTIMIZER)

enum {
  PROP_0,
  PROP_ALPHA,
  PROP_EPS,
  PROP_WEIGHT_DECAY,
  PROP_MOMENTUM,
  PROP_CENTERED,
  PROP_MAXIMIZE,
  N_PROPS
};

static const char *const option_names[N_PROPS] = {
  NULL, "alpha", "eps", "weight_decay", "momentum", "centered", "maximize",
};

static GParamSpec *properties[N_PROPS];

static gboolean
gt_rmsprop_check_group (GtOptimizer   *self,
                        GtParamGroup  *g,
                        GError       **error)
{
  gdouble lr = gt_param_group_get_lr (g);
  gdouble eps = gt_param_group_get_option (g, "eps", 0);
  gdouble momentum = gt_param_group_get_option (g, "momentum", 0);
  gdouble weight_decay = gt_param_group_get_option (g, "weight_decay", 0);
  gdouble alpha = gt_param_group_get_option (g, "alpha", 0);

  if (!(lr >= 0.0))
    return gt_optim_invalid (error, "learning rate", lr);
  if (!(eps >= 0.0))
    return gt_optim_invalid (error, "epsilon value", eps);
  if (!(momentum >= 0.0))
    return gt_optim_invalid (error, "momentum value", momentum);
  if (!(weight_decay >= 0.0))
    return gt_optim_invalid (error, "weight_decay value", weight_decay);
  if (!(alpha >= 0.0))
    return gt_optim_invalid (error, "alpha value", alpha);
  return TRUE;
}

static gboolean
gt_rmsprop_step (GtOptimizer  *self,
                 GError      **error)
{
  const char *func = "gt_optimizer_step";

  for (guint gi = 0; gi < gt_optimizer_get_n_param_groups (self); gi++)
    {
      GtParamGroup *g = gt_optimizer_get_param_group (self, gi);
      GtOptimRmspropArgs args = {
        .lr = gt_param_group_get_lr (g),
        .alpha = gt_param_group_get_option (g, "alpha", 0.99),
        .eps = gt_param_group_get_option (g, "eps", 1e-8),
        .weight_decay = gt_param_group_get_option (g, "weight_decay", 0),
        .momentum = gt_param_group_get_option (g, "momentum", 0),
        .centered = gt_param_group_get_option (g, "centered", 0) != 0,
        .maximize = gt_param_group_get_option (g, "maximize", 0) != 0,
      };

      for (guint i = 0; i < gt_param_group_get_n_params (g); i++)
        {
          GtTensor *p = gt_param_group_get_param (g, i);
          GtTensor *square_avg, *grad_avg = NULL, *buf = NULL;
          GtOptimUpdate u;
          GError *local = NULL;

          if (!gt_optim_update_begin (&u, func, p, gi, i, &local))
            {
              if (local == NULL)
                continue;
              g_propagate_error (error, local);
              return FALSE;
            }
          if (u.backend->rmsprop == NULL)
            {
              gt_optim_update_clear (&u);
              return gt_backend_not_supported (func, gt_tensor_backend (p),
                                               error);
            }
          if ((square_avg = gt_optim_state_tensor (self, p, "square_avg",
                                                   TRUE, error)) == NULL ||
              (args.momentum > 0 &&
               (buf = gt_optim_state_tensor (self, p, "momentum_buffer", TRUE,
                                             error)) == NULL) ||
              (args.centered &&
               (grad_avg = gt_optim_state_tensor (self, p, "grad_avg", TRUE,
                                                  error)) == NULL) ||
              gt_optim_increment_step (self, p, error) < 0 ||
              !u.backend->rmsprop (u.work, u.grad, square_avg, grad_avg, buf,
                                   &args, error))
            {
              gt_optim_update_clear (&u);
              return FALSE;
            }
          if (!gt_optim_update_finish (&u, error))
            return FALSE;
        }
    }
  return TRUE;
}

static void
gt_rmsprop_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  gt_optim_get_option_property (object, option_names, N_PROPS, prop_id,
                                value, pspec);
}

static void
gt_rmsprop_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  gt_optim_set_option_property (object, option_names, N_PROPS, prop_id,
                                value, pspec);
}

static void
gt_rmsprop_class_init (GtRMSpropClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtOptimizerClass *optimizer_class = GT_OPTIMIZER_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                            G_PARAM_STATIC_STRINGS;

  object_class->get_property = gt_rmsprop_get_property;
  object_class->set_property = gt_rmsprop_set_property;
  optimizer_class->step = gt_rmsprop_step;
  optimizer_class->check_group = gt_rmsprop_check_group;

  /**
   * GtRMSprop:alpha:
   *
   * The smoothing constant (default 0.99).
   *
   * Since: 0.1
   */
  properties[PROP_ALPHA] =
    g_param_spec_double ("alpha", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0.99, flags);
  /**
   * GtRMSprop:eps:
   *
   * Added to the denominator (default 1e-8).
   *
   * Since: 0.1
   */
  properties[PROP_EPS] =
    g_param_spec_double ("eps", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         1e-8, flags);
  /**
   * GtRMSprop:weight-decay:
   *
   * L2 penalty added to the gradient (default 0).
   *
   * Since: 0.1
   */
  properties[PROP_WEIGHT_DECAY] =
    g_param_spec_double ("weight-decay", NULL, NULL, -G_MAXDOUBLE,
                         G_MAXDOUBLE, 0, flags);
  /**
   * GtRMSprop:momentum:
   *
   * The momentum factor (default 0).
   *
   * Since: 0.1
   */
  properties[PROP_MOMENTUM] =
    g_param_spec_double ("momentum", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0, flags);
  /**
   * GtRMSprop:centered:
   *
   * Whether to normalise by an estimate of the gradient's variance
   * (default %FALSE).
   *
   * Since: 0.1
   */
  properties[PROP_CENTERED] =
    g_param_spec_boolean ("centered", NULL, NULL, FALSE, flags);
  /**
   * GtRMSprop:maximize:
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
gt_rmsprop_init (GtRMSprop *self)
{
}

/**
 * gt_rmsprop_new:
 * @params: (element-type Gt.Tensor): the parameters to optimise
 * @lr: the learning rate (torch's default: 1e-2)
 * @error: return location for a #GError
 *
 * `torch.optim.RMSprop(params, lr)` with torch's other defaults.
 *
 * Returns: (transfer full) (nullable): a new #GtRMSprop, or %NULL with
 *   %GT_ERROR_VALUE for an invalid learning rate or an empty list
 *
 * Since: 0.1
 */
GtOptimizer *
gt_rmsprop_new (GPtrArray  *params,
                gdouble     lr,
                GError    **error)
{
  return gt_rmsprop_new_full (params, lr, 0.99, 1e-8, 0, 0, FALSE, FALSE,
                              error);
}

/**
 * gt_rmsprop_new_full:
 * @params: (element-type Gt.Tensor): the parameters to optimise
 * @lr: the learning rate
 * @alpha: the smoothing constant
 * @eps: added to the denominator
 * @weight_decay: L2 penalty
 * @momentum: the momentum factor
 * @centered: whether to centre the second moment
 * @maximize: whether to maximise the objective
 * @error: return location for a #GError
 *
 * `torch.optim.RMSprop(params, lr, alpha, eps, weight_decay, momentum,
 * centered, maximize=maximize)`.
 *
 * Returns: (transfer full) (nullable): a new #GtRMSprop, or %NULL with
 *   %GT_ERROR_VALUE and torch's message ("Invalid alpha value: -0.5")
 *
 * Since: 0.1
 */
GtOptimizer *
gt_rmsprop_new_full (GPtrArray  *params,
                     gdouble     lr,
                     gdouble     alpha,
                     gdouble     eps,
                     gdouble     weight_decay,
                     gdouble     momentum,
                     gboolean    centered,
                     gboolean    maximize,
                     GError    **error)
{
  static const char *const names[] = {
    "learning rate",
    "alpha value",
    "epsilon value",
    "weight_decay value",
    "momentum value",
  };
  const gdouble values[] = { lr, alpha, eps, weight_decay, momentum };
  GtOptimizer *self;

  if (!gt_optim_reject_nan ("gt_rmsprop_new", names, values,
                            G_N_ELEMENTS (values), error))
    return NULL;
  self = g_object_new (GT_TYPE_RMSPROP, "lr", lr,
                      "alpha", alpha, "eps", eps,
                      "weight-decay", weight_decay,
                      "momentum", momentum,
                      "centered", centered,
                      "maximize", maximize, NULL);

  return gt_optim_construct (self, "gt_rmsprop_new", params, error);
}
