#include "config.h"

#include <string.h>

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

/**
 * GtAdam:beta1:
 *
 * The decay of the first moment (torch's betas[0], default 0.9).
 *
 * Since: 0.1
 */
/**
 * GtAdam:beta2:
 *
 * The decay of the second moment (torch's betas[1], default 0.999).
 *
 * Since: 0.1
 */
/**
 * GtAdam:eps:
 *
 * Added to the denominator (default 1e-8).
 *
 * Since: 0.1
 */
/**
 * GtAdam:weight-decay:
 *
 * L2 penalty added to the gradient (default 0).
 *
 * Since: 0.1
 */
/**
 * GtAdam:amsgrad:
 *
 * Whether to use the AMSGrad variant (default %FALSE).
 *
 * Since: 0.1
 */
/**
 * GtAdam:maximize:
 *
 * Whether to maximise the objective (default %FALSE).
 *
 * Since: 0.1
 */
#define ARG(m) G_STRUCT_OFFSET (GtOptimAdamArgs, m)
const GtOptimOption gt_adam_options[GT_ADAM_N_OPTIONS] = {
  GT_OPTIM_LR_OPTION (GtOptimAdamArgs),
  { "beta1", "beta1", "beta parameter at index 0", 0.9, FALSE, ARG (beta1) },
  { "beta2", "beta2", "beta parameter at index 1", 0.999, FALSE,
    ARG (beta2) },
  { "eps", "eps", "epsilon value", 1e-8, FALSE, ARG (eps) },
  { "weight_decay", "weight-decay", "weight_decay value", 0, FALSE,
    ARG (weight_decay) },
  { "amsgrad", "amsgrad", NULL, 0, TRUE, ARG (amsgrad) },
  { "maximize", "maximize", NULL, 0, TRUE, ARG (maximize) },
};
#undef ARG

/* torch's order */
static const GtOptimCheck adam_checks[] = {
  { GT_ADAM_LR, GT_OPTIM_NON_NEGATIVE },
  { GT_ADAM_EPS, GT_OPTIM_NON_NEGATIVE },
  { GT_ADAM_BETA1, GT_OPTIM_BELOW_ONE },
  { GT_ADAM_BETA2, GT_OPTIM_BELOW_ONE },
  { GT_ADAM_WEIGHT_DECAY, GT_OPTIM_NON_NEGATIVE },
};

static gboolean
adam_update (GtOptimizer    *self,
             GtOptimUpdate  *u,
             gpointer        data,
             GError        **error)
{
  GtOptimAdamArgs *args = data;
  GtTensor *p = u->param;
  GtTensor *exp_avg, *exp_avg_sq, *max_exp_avg_sq = NULL;

  return (exp_avg = gt_optim_state_tensor (self, p, "exp_avg", TRUE,
                                           error)) != NULL &&
         (exp_avg_sq = gt_optim_state_tensor (self, p, "exp_avg_sq", TRUE,
                                              error)) != NULL &&
         (!args->amsgrad ||
          (max_exp_avg_sq = gt_optim_state_tensor (self, p, "max_exp_avg_sq",
                                                   TRUE, error)) != NULL) &&
         (args->step = gt_optim_increment_step (self, p, error)) >= 0 &&
         u->backend->adam (u->work, u->grad, exp_avg, exp_avg_sq,
                           max_exp_avg_sq, args, error);
}

static gboolean
adam_step (GtOptimizer  *self,
           gboolean      decoupled,
           GError      **error)
{
  GtOptimAdamArgs args = { .decoupled = decoupled };

  return gt_optim_step_params (self, gt_adam_options, GT_ADAM_N_OPTIONS,
                               &args, G_STRUCT_OFFSET (GtBackendOptim, adam),
                               adam_update, error);
}

static gboolean
gt_adam_step (GtOptimizer  *self,
              GError      **error)
{
  return adam_step (self, FALSE, error);
}

static gboolean
gt_adamw_step (GtOptimizer  *self,
               GError      **error)
{
  return adam_step (self, TRUE, error);
}

static gboolean
gt_adam_check_group (GtOptimizer   *self,
                     GtParamGroup  *group,
                     GError       **error)
{
  return gt_optim_check_options (group, gt_adam_options, adam_checks,
                                 G_N_ELEMENTS (adam_checks), error);
}

void
gt_adam_class_setup (GtOptimizerClass *klass,
                     gboolean          decoupled)
{
  GtOptimOption options[GT_ADAM_N_OPTIONS];

  klass->step = decoupled ? gt_adamw_step : gt_adam_step;
  klass->check_group = gt_adam_check_group;
  /* AdamW's options are Adam's but for the default weight decay */
  memcpy (options, gt_adam_options, sizeof options);
  if (decoupled)
    options[GT_ADAM_WEIGHT_DECAY].default_value = 1e-2;
  gt_optim_install_options (G_OBJECT_CLASS (klass), options,
                            GT_ADAM_N_OPTIONS);
}

static void
gt_adam_class_init (GtAdamClass *klass)
{
  gt_adam_class_setup (GT_OPTIMIZER_CLASS (klass), FALSE);
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
  const gdouble values[] = {
    lr, beta1, beta2, eps, weight_decay, amsgrad, maximize,
  };

  return gt_optim_new (GT_TYPE_ADAM, "gt_adam_new", params, gt_adam_options,
                       values, G_N_ELEMENTS (values), error);
}
