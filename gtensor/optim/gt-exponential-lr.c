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

/**
 * GtExponentialLR:gamma:
 *
 * The factor of each decay (torch has no default; 0.1 here).
 *
 * Since: 0.1
 */
static const GtOptimField fields[] = {
  { "gamma", GT_OPTIM_FIELD_DOUBLE, 0, 0.1,
    G_STRUCT_OFFSET (GtExponentialLR, gamma) },
};

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
  GT_LR_SCHEDULER_CLASS (klass)->get_group_lr = gt_exponential_lr_get_group_lr;
  gt_optim_install_fields (G_OBJECT_CLASS (klass), fields,
                           G_N_ELEMENTS (fields));
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
