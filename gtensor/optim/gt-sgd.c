#include "config.h"

#include "gt-error.h"
#include "gt-sgd.h"
#include "optim/gt-optim-private.h"

/**
 * GtSGD:
 *
 * Stochastic gradient descent with optional momentum, Nesterov momentum,
 * dampening and weight decay: torch.optim.SGD of torch 1.13 (the
 * single-tensor path), each parameter updated in one fused pass:
 *
 * |[
 * d = maximize ? -grad : grad
 * if weight_decay != 0: d = d + weight_decay * param
 * if momentum != 0:
 *     buf = d on the first step, else momentum * buf + (1 - dampening) * d
 *     d = nesterov ? d + momentum * buf : buf
 * param = param - lr * d
 * ]|
 *
 * The state of a parameter is "momentum_buffer" (only with momentum).
 * The construct properties are the defaults of the groups; torch has no
 * default learning rate, gtensor's is 1e-3.
 *
 * Since: 0.1
 */
struct _GtSGD
{
  GtOptimizer parent_instance;
};

G_DEFINE_FINAL_TYPE (GtSGD, gt_sgd, GT_TYPE_OPTIMIZER)

/**
 * GtSGD:momentum:
 *
 * The momentum factor (default 0, no momentum buffer).
 *
 * Since: 0.1
 */
/**
 * GtSGD:dampening:
 *
 * Dampening for momentum (default 0).
 *
 * Since: 0.1
 */
/**
 * GtSGD:weight-decay:
 *
 * L2 penalty added to the gradient (default 0).
 *
 * Since: 0.1
 */
/**
 * GtSGD:nesterov:
 *
 * Whether to use Nesterov momentum (default %FALSE).
 *
 * Since: 0.1
 */
/**
 * GtSGD:maximize:
 *
 * Whether to maximise the objective instead of minimising it (default
 * %FALSE).
 *
 * Since: 0.1
 */
enum {
  OPT_LR,
  OPT_MOMENTUM,
  OPT_DAMPENING,
  OPT_WEIGHT_DECAY,
  OPT_NESTEROV,
  OPT_MAXIMIZE,
  N_OPTIONS
};

#define ARG(m) G_STRUCT_OFFSET (GtOptimSgdArgs, m)
static const GtOptimOption options[N_OPTIONS] = {
  GT_OPTIM_LR_OPTION (GtOptimSgdArgs),
  { "momentum", "momentum", "momentum value", 0, FALSE, ARG (momentum) },
  { "dampening", "dampening", "dampening value", 0, FALSE, ARG (dampening) },
  { "weight_decay", "weight-decay", "weight_decay value", 0, FALSE,
    ARG (weight_decay) },
  { "nesterov", "nesterov", NULL, 0, TRUE, ARG (nesterov) },
  { "maximize", "maximize", NULL, 0, TRUE, ARG (maximize) },
};
#undef ARG

/* torch's order */
static const GtOptimCheck checks[] = {
  { OPT_LR, GT_OPTIM_NON_NEGATIVE },
  { OPT_MOMENTUM, GT_OPTIM_NON_NEGATIVE },
  { OPT_WEIGHT_DECAY, GT_OPTIM_NON_NEGATIVE },
};

static gboolean
gt_sgd_check_group (GtOptimizer   *self,
                    GtParamGroup  *g,
                    GError       **error)
{
  gdouble momentum = gt_param_group_get_option (g, "momentum", 0);
  gdouble dampening = gt_param_group_get_option (g, "dampening", 0);
  gboolean nesterov = gt_param_group_get_option (g, "nesterov", 0) != 0;

  if (!gt_optim_check_options (g, options, checks, G_N_ELEMENTS (checks),
                               error))
    return FALSE;
  if (nesterov && (momentum <= 0 || dampening != 0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "Nesterov momentum requires a momentum and zero dampening");
      return FALSE;
    }
  return TRUE;
}

static gboolean
sgd_update (GtOptimizer    *self,
            GtOptimUpdate  *u,
            gpointer        data,
            GError        **error)
{
  GtOptimSgdArgs *args = data;
  GtTensor *buf = NULL;

  args->first = FALSE;
  if (args->momentum != 0)
    {
      args->first = gt_optimizer_get_state (self, u->param,
                                            "momentum_buffer") == NULL;
      buf = gt_optim_state_tensor (self, u->param, "momentum_buffer", TRUE,
                                   error);
      if (buf == NULL)
        return FALSE;
    }
  return u->backend->sgd (u->work, u->grad, buf, args, error);
}

static gboolean
gt_sgd_step (GtOptimizer  *self,
             GError      **error)
{
  GtOptimSgdArgs args = { 0 };

  return gt_optim_step_params (self, options, N_OPTIONS, &args,
                               G_STRUCT_OFFSET (GtBackendOptim, sgd),
                               sgd_update, error);
}

static void
gt_sgd_class_init (GtSGDClass *klass)
{
  GtOptimizerClass *optimizer_class = GT_OPTIMIZER_CLASS (klass);

  optimizer_class->step = gt_sgd_step;
  optimizer_class->check_group = gt_sgd_check_group;
  gt_optim_install_options (G_OBJECT_CLASS (klass), options, N_OPTIONS);
}

static void
gt_sgd_init (GtSGD *self)
{
}

/**
 * gt_sgd_new:
 * @params: (element-type Gt.Tensor): the parameters to optimise
 * @lr: the learning rate
 * @error: return location for a #GError
 *
 * `torch.optim.SGD(params, lr)`: plain gradient descent.
 *
 * Returns: (transfer full) (nullable): a new #GtSGD, or %NULL with
 *   %GT_ERROR_VALUE for an invalid learning rate or an empty list
 *
 * Since: 0.1
 */
GtOptimizer *
gt_sgd_new (GPtrArray  *params,
            gdouble     lr,
            GError    **error)
{
  return gt_sgd_new_full (params, lr, 0, 0, 0, FALSE, FALSE, error);
}

/**
 * gt_sgd_new_full:
 * @params: (element-type Gt.Tensor): the parameters to optimise
 * @lr: the learning rate
 * @momentum: the momentum factor (0: none)
 * @dampening: dampening for momentum
 * @weight_decay: L2 penalty
 * @nesterov: whether to use Nesterov momentum
 * @maximize: whether to maximise the objective
 * @error: return location for a #GError
 *
 * `torch.optim.SGD(params, lr, momentum, dampening, weight_decay,
 * nesterov, maximize=maximize)`.
 *
 * Returns: (transfer full) (nullable): a new #GtSGD, or %NULL with
 *   %GT_ERROR_VALUE and torch's message ("Invalid momentum value: -1.0",
 *   "Nesterov momentum requires a momentum and zero dampening")
 *
 * Since: 0.1
 */
GtOptimizer *
gt_sgd_new_full (GPtrArray  *params,
                 gdouble     lr,
                 gdouble     momentum,
                 gdouble     dampening,
                 gdouble     weight_decay,
                 gboolean    nesterov,
                 gboolean    maximize,
                 GError    **error)
{
  const gdouble values[] = {
    lr, momentum, dampening, weight_decay, nesterov, maximize,
  };

  return gt_optim_new (GT_TYPE_SGD, "gt_sgd_new", params, options, values,
                       G_N_ELEMENTS (values), error);
}
