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

/**
 * GtAdamW:beta1:
 *
 * The decay of the first moment (torch's betas[0], default 0.9).
 *
 * Since: 0.1
 */
/**
 * GtAdamW:beta2:
 *
 * The decay of the second moment (torch's betas[1], default 0.999).
 *
 * Since: 0.1
 */
/**
 * GtAdamW:eps:
 *
 * Added to the denominator (default 1e-8).
 *
 * Since: 0.1
 */
/**
 * GtAdamW:weight-decay:
 *
 * Decoupled weight decay (default 1e-2).
 *
 * Since: 0.1
 */
/**
 * GtAdamW:amsgrad:
 *
 * Whether to use the AMSGrad variant (default %FALSE).
 *
 * Since: 0.1
 */
/**
 * GtAdamW:maximize:
 *
 * Whether to maximise the objective (default %FALSE).
 *
 * Since: 0.1
 */

static void
gt_adamw_class_init (GtAdamWClass *klass)
{
  gt_adam_class_setup (GT_OPTIMIZER_CLASS (klass), TRUE);
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
  const gdouble values[] = {
    lr, beta1, beta2, eps, weight_decay, amsgrad, maximize,
  };

  return gt_optim_new (GT_TYPE_ADAMW, "gt_adamw_new", params,
                       gt_adam_options, values, G_N_ELEMENTS (values), error);
}
