#include "config.h"

#include <math.h>

#include "gt-error.h"
#include "gt-error-private.h"
#include "gt-exponential-lr.h"
#include "optim/gt-optim-private.h"

/**
 * GtExponentialLR:
 *
 * Decays the learning rate of each group by gamma every epoch
 * (torch.optim.lr_scheduler.ExponentialLR, chainable form).
 *
 * Since: 0.1
 */
struct _GtExponentialLR
{
  GtLRScheduler parent_instance;
  gdouble gamma;
};

G_DEFINE_FINAL_TYPE (GtExponentialLR, gt_exponential_lr, GT_TYPE_LR_SCHEDULER)

enum {
  PROP_0,
  PROP_GAMMA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gdouble
gt_exponential_lr_get_group_lr (GtLRScheduler *scheduler,
                               guint          group,
                               gdouble        lr,
                               gdouble        base_lr)
{
  GtExponentialLR *self = (GtExponentialLR *) scheduler;
  gint epoch = gt_lr_scheduler_get_last_epoch (scheduler);

  if (epoch == 0)
    return lr;
  return lr * self->gamma;
}

static void
gt_exponential_lr_class_init (GtExponentialLRClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtLRSchedulerClass *scheduler_class = GT_LR_SCHEDULER_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_STATIC_STRINGS;

  object_class->get_property = gt_optim_get_field_property;
  object_class->set_property = gt_optim_set_field_property;
  scheduler_class->get_group_lr = gt_exponential_lr_get_group_lr;

  /**
   * GtExponentialLR:gamma:
   *
   * The factor of each decay (torch has no default; 0.1 here).
   *
   * Since: 0.1
   */
  properties[PROP_GAMMA] = gt_optim_field_property (
    g_param_spec_double ("gamma", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0.1, flags),
    G_STRUCT_OFFSET (GtExponentialLR, gamma));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gt_exponential_lr_init (GtExponentialLR *self)
{
}

/**
 * gt_exponential_lr_new:
 * @optimizer: the optimizer to schedule
 * @gamma: the factor of each decay
 * @last_epoch: -1 to start, or the last epoch when resuming
 * @error: return location for a #GError
 *
 * `torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma, last_epoch)`.
 *
 * Returns: (transfer full) (nullable): a new #GtExponentialLR (its initial step
 *   made), or %NULL with %GT_ERROR_VALUE for invalid settings
 *
 * Since: 0.1
 */
GtLRScheduler *
gt_exponential_lr_new (GtOptimizer    *optimizer,
                       gdouble        gamma,
                       gint            last_epoch,
                       GError        **error)
{
  g_return_val_if_fail (GT_IS_OPTIMIZER (optimizer), NULL);
  return gt_lr_scheduler_check_new (
    gt_object_new_checked ("gt_exponential_lr_new", GT_TYPE_EXPONENTIAL_LR,
                           error, "optimizer", optimizer,
                           "gamma", gamma,
                           "last-epoch", last_epoch, NULL), error);
}
