#include "config.h"

#include "gt-adam.h"
#include "gt-error.h"
#include "optim/gt-optim-private.h"

/**
 * GtAdam:
 *
 * Adam: torch.optim.Adam of torch 1.13 (the single-tensor path), each
 * parameter updated in one fused pass with torch's operations in torch's
 * order, in the parameter's dtype:
 *
 * |[
 * step += 1
 * g = maximize ? -grad : grad
 * if weight_decay != 0: g = g + weight_decay * param
 * exp_avg = exp_avg * beta1 + (1 - beta1) * g
 * exp_avg_sq = exp_avg_sq * beta2 + (1 - beta2) * g * g
 * bias_correction1 = 1 - beta1 ** step; bias_correction2 = 1 - beta2 ** step
 * step_size = lr / bias_correction1
 * if amsgrad: max_exp_avg_sq = maximum (max_exp_avg_sq, exp_avg_sq)
 * denom = sqrt (amsgrad ? max_exp_avg_sq : exp_avg_sq)
 *         / sqrt (bias_correction2) + eps
 * param = param - step_size * exp_avg / denom
 * ]|
 *
 * The state of a parameter: "step" (0-d float32), "exp_avg", "exp_avg_sq"
 * and, with amsgrad, "max_exp_avg_sq". The construct properties are the
 * defaults of the groups (torch's defaults: lr 1e-3, betas (0.9, 0.999),
 * eps 1e-8, no weight decay).
 *
 * Since: 0.1
 */
struct _GtAdam
{
  GtOptimizer parent_instance;
};

G_DEFINE_FINAL_TYPE (GtAdam, gt_adam, GT_TYPE_OPTIMIZER)

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

gboolean
gt_adam_check_group_impl (GtParamGroup  *g,
                          GError       **error)
{
  gdouble lr = gt_param_group_get_lr (g);
  gdouble eps = gt_param_group_get_option (g, "eps", 0);
  gdouble beta1 = gt_param_group_get_option (g, "beta1", 0);
  gdouble beta2 = gt_param_group_get_option (g, "beta2", 0);
  gdouble weight_decay = gt_param_group_get_option (g, "weight_decay", 0);

  if (!(lr >= 0.0))
    return gt_optim_invalid (error, "learning rate", lr);
  if (!(eps >= 0.0))
    return gt_optim_invalid (error, "epsilon value", eps);
  if (!(beta1 >= 0.0 && beta1 < 1.0))
    return gt_optim_invalid (error, "beta parameter at index 0", beta1);
  if (!(beta2 >= 0.0 && beta2 < 1.0))
    return gt_optim_invalid (error, "beta parameter at index 1", beta2);
  if (!(weight_decay >= 0.0))
    return gt_optim_invalid (error, "weight_decay value", weight_decay);
  return TRUE;
}

gboolean
gt_adam_step_impl (GtOptimizer  *self,
                   gboolean      decoupled,
                   GError      **error)
{
  const char *func = "gt_optimizer_step";

  for (guint gi = 0; gi < gt_optimizer_get_n_param_groups (self); gi++)
    {
      GtParamGroup *g = gt_optimizer_get_param_group (self, gi);
      GtOptimAdamArgs args = {
        .lr = gt_param_group_get_lr (g),
        .beta1 = gt_param_group_get_option (g, "beta1", 0.9),
        .beta2 = gt_param_group_get_option (g, "beta2", 0.999),
        .eps = gt_param_group_get_option (g, "eps", 1e-8),
        .weight_decay = gt_param_group_get_option (g, "weight_decay", 0),
        .amsgrad = gt_param_group_get_option (g, "amsgrad", 0) != 0,
        .maximize = gt_param_group_get_option (g, "maximize", 0) != 0,
        .decoupled = decoupled,
      };

      for (guint i = 0; i < gt_param_group_get_n_params (g); i++)
        {
          GtTensor *p = gt_param_group_get_param (g, i);
          GtTensor *exp_avg, *exp_avg_sq, *max_exp_avg_sq = NULL;
          GtOptimUpdate u;
          GError *local = NULL;

          if (!gt_optim_update_begin (&u, func, p, gi, i, &local))
            {
              if (local == NULL)
                continue;
              g_propagate_error (error, local);
              return FALSE;
            }
          if (u.backend->adam == NULL)
            {
              gt_optim_update_clear (&u);
              return gt_backend_not_supported (func, gt_tensor_backend (p),
                                               error);
            }
          if ((exp_avg = gt_optim_state_tensor (self, p, "exp_avg", TRUE,
                                                error)) == NULL ||
              (exp_avg_sq = gt_optim_state_tensor (self, p, "exp_avg_sq",
                                                   TRUE, error)) == NULL ||
              (args.amsgrad &&
               (max_exp_avg_sq = gt_optim_state_tensor (self, p,
                                                        "max_exp_avg_sq",
                                                        TRUE, error)) == NULL) ||
              (args.step = gt_optim_increment_step (self, p, error)) < 0 ||
              !u.backend->adam (u.work, u.grad, exp_avg, exp_avg_sq,
                                max_exp_avg_sq, &args, error))
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

static gboolean
gt_adam_check_group (GtOptimizer   *self,
                     GtParamGroup  *group,
                     GError       **error)
{
  return gt_adam_check_group_impl (group, error);
}

static gboolean
gt_adam_step (GtOptimizer  *self,
              GError      **error)
{
  return gt_adam_step_impl (self, FALSE, error);
}

static void
gt_adam_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  gt_optim_get_option_property (object, option_names, N_PROPS, prop_id,
                                value, pspec);
}

static void
gt_adam_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  gt_optim_set_option_property (object, option_names, N_PROPS, prop_id,
                                value, pspec);
}

static void
gt_adam_class_init (GtAdamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtOptimizerClass *optimizer_class = GT_OPTIMIZER_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                            G_PARAM_STATIC_STRINGS;

  object_class->get_property = gt_adam_get_property;
  object_class->set_property = gt_adam_set_property;
  optimizer_class->step = gt_adam_step;
  optimizer_class->check_group = gt_adam_check_group;

  /**
   * GtAdam:beta1:
   *
   * The decay of the first moment (torch's betas[0], default 0.9).
   *
   * Since: 0.1
   */
  properties[PROP_BETA1] =
    g_param_spec_double ("beta1", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0.9, flags);
  /**
   * GtAdam:beta2:
   *
   * The decay of the second moment (torch's betas[1], default 0.999).
   *
   * Since: 0.1
   */
  properties[PROP_BETA2] =
    g_param_spec_double ("beta2", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0.999, flags);
  /**
   * GtAdam:eps:
   *
   * Added to the denominator (default 1e-8).
   *
   * Since: 0.1
   */
  properties[PROP_EPS] =
    g_param_spec_double ("eps", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         1e-8, flags);
  /**
   * GtAdam:weight-decay:
   *
   * L2 penalty added to the gradient (default 0).
   *
   * Since: 0.1
   */
  properties[PROP_WEIGHT_DECAY] =
    g_param_spec_double ("weight-decay", NULL, NULL, -G_MAXDOUBLE,
                         G_MAXDOUBLE, 0, flags);
  /**
   * GtAdam:amsgrad:
   *
   * Whether to use the AMSGrad variant (default %FALSE).
   *
   * Since: 0.1
   */
  properties[PROP_AMSGRAD] =
    g_param_spec_boolean ("amsgrad", NULL, NULL, FALSE, flags);
  /**
   * GtAdam:maximize:
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
gt_adam_init (GtAdam *self)
{
}

/**
 * gt_adam_new:
 * @params: (element-type Gt.Tensor): the parameters to optimise
 * @lr: the learning rate (torch's default: 1e-3)
 * @error: return location for a #GError
 *
 * `torch.optim.Adam(params, lr)` with torch's other defaults.
 *
 * Returns: (transfer full) (nullable): a new #GtAdam, or %NULL with
 *   %GT_ERROR_VALUE for an invalid learning rate or an empty list
 *
 * Since: 0.1
 */
GtOptimizer *
gt_adam_new (GPtrArray  *params,
             gdouble     lr,
             GError    **error)
{
  return gt_adam_new_full (params, lr, 0.9, 0.999, 1e-8, 0, FALSE, FALSE,
                           error);
}

/**
 * gt_adam_new_full:
 * @params: (element-type Gt.Tensor): the parameters to optimise
 * @lr: the learning rate
 * @beta1: the decay of the first moment
 * @beta2: the decay of the second moment
 * @eps: added to the denominator
 * @weight_decay: L2 penalty
 * @amsgrad: whether to use AMSGrad
 * @maximize: whether to maximise the objective
 * @error: return location for a #GError
 *
 * `torch.optim.Adam(params, lr, (beta1, beta2), eps, weight_decay,
 * amsgrad, maximize=maximize)`.
 *
 * Returns: (transfer full) (nullable): a new #GtAdam, or %NULL with
 *   %GT_ERROR_VALUE and torch's message ("Invalid beta parameter at index
 *   0: 1.0")
 *
 * Since: 0.1
 */
GtOptimizer *
gt_adam_new_full (GPtrArray  *params,
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

  if (!gt_optim_reject_nan ("gt_adam_new", names, values,
                            G_N_ELEMENTS (values), error))
    return NULL;
  self = g_object_new (GT_TYPE_ADAM, "lr", lr,
                      "beta1", beta1, "beta2", beta2,
                      "eps", eps,
                      "weight-decay", weight_decay,
                      "amsgrad", amsgrad,
                      "maximize", maximize, NULL);

  return gt_optim_construct (self, "gt_adam_new", params, error);
}
