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

/**
 * GtRMSprop:alpha:
 *
 * The smoothing constant (default 0.99).
 *
 * Since: 0.1
 */
/**
 * GtRMSprop:eps:
 *
 * Added to the denominator (default 1e-8).
 *
 * Since: 0.1
 */
/**
 * GtRMSprop:weight-decay:
 *
 * L2 penalty added to the gradient (default 0).
 *
 * Since: 0.1
 */
/**
 * GtRMSprop:momentum:
 *
 * The momentum factor (default 0).
 *
 * Since: 0.1
 */
/**
 * GtRMSprop:centered:
 *
 * Whether to normalise by an estimate of the gradient's variance
 * (default %FALSE).
 *
 * Since: 0.1
 */
/**
 * GtRMSprop:maximize:
 *
 * Whether to maximise the objective (default %FALSE).
 *
 * Since: 0.1
 */
enum {
  OPT_LR,
  OPT_ALPHA,
  OPT_EPS,
  OPT_WEIGHT_DECAY,
  OPT_MOMENTUM,
  OPT_CENTERED,
  OPT_MAXIMIZE,
  N_OPTIONS
};

#define ARG(m) G_STRUCT_OFFSET (GtOptimRmspropArgs, m)
static const GtOptimOption options[N_OPTIONS] = {
  GT_OPTIM_LR_OPTION (GtOptimRmspropArgs),
  { "alpha", "alpha", "alpha value", 0.99, FALSE, ARG (alpha) },
  { "eps", "eps", "epsilon value", 1e-8, FALSE, ARG (eps) },
  { "weight_decay", "weight-decay", "weight_decay value", 0, FALSE,
    ARG (weight_decay) },
  { "momentum", "momentum", "momentum value", 0, FALSE, ARG (momentum) },
  { "centered", "centered", NULL, 0, TRUE, ARG (centered) },
  { "maximize", "maximize", NULL, 0, TRUE, ARG (maximize) },
};
#undef ARG

/* torch's order */
static const GtOptimCheck checks[] = {
  { OPT_LR, GT_OPTIM_NON_NEGATIVE },
  { OPT_EPS, GT_OPTIM_NON_NEGATIVE },
  { OPT_MOMENTUM, GT_OPTIM_NON_NEGATIVE },
  { OPT_WEIGHT_DECAY, GT_OPTIM_NON_NEGATIVE },
  { OPT_ALPHA, GT_OPTIM_NON_NEGATIVE },
};

static gboolean
gt_rmsprop_check_group (GtOptimizer   *self,
                        GtParamGroup  *g,
                        GError       **error)
{
  return gt_optim_check_options (g, options, checks, G_N_ELEMENTS (checks),
                                 error);
}

static gboolean
rmsprop_update (GtOptimizer    *self,
                GtOptimUpdate  *u,
                gpointer        data,
                GError        **error)
{
  GtOptimRmspropArgs *args = data;
  GtTensor *p = u->param;
  GtTensor *square_avg, *grad_avg = NULL, *buf = NULL;

  return (square_avg = gt_optim_state_tensor (self, p, "square_avg", TRUE,
                                              error)) != NULL &&
         (!(args->momentum > 0) ||
          (buf = gt_optim_state_tensor (self, p, "momentum_buffer", TRUE,
                                        error)) != NULL) &&
         (!args->centered ||
          (grad_avg = gt_optim_state_tensor (self, p, "grad_avg", TRUE,
                                             error)) != NULL) &&
         gt_optim_increment_step (self, p, error) >= 0 &&
         u->backend->rmsprop (u->work, u->grad, square_avg, grad_avg, buf,
                              args, error);
}

static gboolean
gt_rmsprop_step (GtOptimizer  *self,
                 GError      **error)
{
  GtOptimRmspropArgs args = { 0 };

  return gt_optim_step_params (self, options, N_OPTIONS, &args,
                               G_STRUCT_OFFSET (GtBackendOptim, rmsprop),
                               rmsprop_update, error);
}

static void
gt_rmsprop_class_init (GtRMSpropClass *klass)
{
  GtOptimizerClass *optimizer_class = GT_OPTIMIZER_CLASS (klass);

  optimizer_class->step = gt_rmsprop_step;
  optimizer_class->check_group = gt_rmsprop_check_group;
  gt_optim_install_options (G_OBJECT_CLASS (klass), options, N_OPTIONS);
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
  const gdouble values[] = {
    lr, alpha, eps, weight_decay, momentum, centered, maximize,
  };

  return gt_optim_new (GT_TYPE_RMSPROP, "gt_rmsprop_new", params, options,
                       values, G_N_ELEMENTS (values), error);
}
