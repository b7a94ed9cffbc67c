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

enum {
  PROP_0,
  PROP_MOMENTUM,
  PROP_DAMPENING,
  PROP_WEIGHT_DECAY,
  PROP_NESTEROV,
  PROP_MAXIMIZE,
  N_PROPS
};

static const char *const option_names[N_PROPS] = {
  NULL, "momentum", "dampening", "weight_decay", "nesterov", "maximize",
};

static GParamSpec *properties[N_PROPS];

static gboolean
gt_sgd_check_group (GtOptimizer   *self,
                    GtParamGroup  *g,
                    GError       **error)
{
  gdouble lr = gt_param_group_get_lr (g);
  gdouble momentum = gt_param_group_get_option (g, "momentum", 0);
  gdouble dampening = gt_param_group_get_option (g, "dampening", 0);
  gdouble weight_decay = gt_param_group_get_option (g, "weight_decay", 0);
  gboolean nesterov = gt_param_group_get_option (g, "nesterov", 0) != 0;

  if (!(lr >= 0.0))
    return gt_optim_invalid (error, "learning rate", lr);
  if (!(momentum >= 0.0))
    return gt_optim_invalid (error, "momentum value", momentum);
  if (!(weight_decay >= 0.0))
    return gt_optim_invalid (error, "weight_decay value", weight_decay);
  if (nesterov && (momentum <= 0 || dampening != 0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "Nesterov momentum requires a momentum and zero dampening");
      return FALSE;
    }
  return TRUE;
}

static gboolean
gt_sgd_step (GtOptimizer  *self,
             GError      **error)
{
  const char *func = "gt_optimizer_step";

  for (guint gi = 0; gi < gt_optimizer_get_n_param_groups (self); gi++)
    {
      GtParamGroup *g = gt_optimizer_get_param_group (self, gi);
      GtOptimSgdArgs args = {
        .lr = gt_param_group_get_lr (g),
        .momentum = gt_param_group_get_option (g, "momentum", 0),
        .dampening = gt_param_group_get_option (g, "dampening", 0),
        .weight_decay = gt_param_group_get_option (g, "weight_decay", 0),
        .nesterov = gt_param_group_get_option (g, "nesterov", 0) != 0,
        .maximize = gt_param_group_get_option (g, "maximize", 0) != 0,
      };

      for (guint i = 0; i < gt_param_group_get_n_params (g); i++)
        {
          GtTensor *p = gt_param_group_get_param (g, i);
          GtTensor *buf = NULL;
          GtOptimUpdate u;
          GError *local = NULL;

          if (!gt_optim_update_begin (&u, func, p, gi, i, &local))
            {
              if (local == NULL)
                continue;
              g_propagate_error (error, local);
              return FALSE;
            }
          if (u.backend->sgd == NULL)
            {
              gt_optim_update_clear (&u);
              return gt_backend_not_supported (func, gt_tensor_backend (p),
                                               error);
            }
          args.first = FALSE;
          if (args.momentum != 0)
            {
              args.first = gt_optimizer_get_state (self, p,
                                                   "momentum_buffer") == NULL;
              buf = gt_optim_state_tensor (self, p, "momentum_buffer", TRUE,
                                           error);
              if (buf == NULL)
                {
                  gt_optim_update_clear (&u);
                  return FALSE;
                }
            }
          if (!u.backend->sgd (u.work, u.grad, buf, &args, error))
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
gt_sgd_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  gt_optim_get_option_property (object, option_names, N_PROPS, prop_id,
                                value, pspec);
}

static void
gt_sgd_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  gt_optim_set_option_property (object, option_names, N_PROPS, prop_id,
                                value, pspec);
}

static void
gt_sgd_class_init (GtSGDClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtOptimizerClass *optimizer_class = GT_OPTIMIZER_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                            G_PARAM_STATIC_STRINGS;

  object_class->get_property = gt_sgd_get_property;
  object_class->set_property = gt_sgd_set_property;
  optimizer_class->step = gt_sgd_step;
  optimizer_class->check_group = gt_sgd_check_group;

  /**
   * GtSGD:momentum:
   *
   * The momentum factor (default 0, no momentum buffer).
   *
   * Since: 0.1
   */
  properties[PROP_MOMENTUM] =
    g_param_spec_double ("momentum", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0, flags);
  /**
   * GtSGD:dampening:
   *
   * Dampening for momentum (default 0).
   *
   * Since: 0.1
   */
  properties[PROP_DAMPENING] =
    g_param_spec_double ("dampening", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0, flags);
  /**
   * GtSGD:weight-decay:
   *
   * L2 penalty added to the gradient (default 0).
   *
   * Since: 0.1
   */
  properties[PROP_WEIGHT_DECAY] =
    g_param_spec_double ("weight-decay", NULL, NULL, -G_MAXDOUBLE,
                         G_MAXDOUBLE, 0, flags);
  /**
   * GtSGD:nesterov:
   *
   * Whether to use Nesterov momentum (default %FALSE).
   *
   * Since: 0.1
   */
  properties[PROP_NESTEROV] =
    g_param_spec_boolean ("nesterov", NULL, NULL, FALSE, flags);
  /**
   * GtSGD:maximize:
   *
   * Whether to maximise the objective instead of minimising it (default
   * %FALSE).
   *
   * Since: 0.1
   */
  properties[PROP_MAXIMIZE] =
    g_param_spec_boolean ("maximize", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  static const char *const names[] = {
    "learning rate",
    "momentum value",
    "dampening value",
    "weight_decay value",
  };
  const gdouble values[] = { lr, momentum, dampening, weight_decay };
  GtOptimizer *self;

  if (!gt_optim_reject_nan ("gt_sgd_new", names, values,
                            G_N_ELEMENTS (values), error))
    return NULL;
  self = g_object_new (GT_TYPE_SGD, "lr", lr,
                      "momentum", momentum,
                      "dampening", dampening,
                      "weight-decay", weight_decay,
                      "nesterov", nesterov,
                      "maximize", maximize, NULL);

  return gt_optim_construct (self, "gt_sgd_new", params, error);
}
