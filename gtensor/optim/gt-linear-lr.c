#include "config.h"

#include <math.h>

#include "gt-error.h"
#include "gt-error-private.h"
#include "gt-linear-lr.h"
#include "optim/gt-optim-private.h"

/**
 * GtLinearLR:
 *
 * Scales each group's learning rate by a factor that changes linearly
 * from start-factor to end-factor over total-iters epochs
 * (torch.optim.lr_scheduler.LinearLR, chainable form).
 *
 * Since: 0.1
 */
struct _GtLinearLR
{
  GtLRScheduler parent_instance;
  gdouble start_factor;
  gdouble end_factor;
  gint    total_iters;
};

G_DEFINE_FINAL_TYPE (GtLinearLR, gt_linear_lr, GT_TYPE_LR_SCHEDULER)

/**
 * GtLinearLR:start-factor:
 *
 * The factor of the first epoch (default 1/3).
 *
 * Since: 0.1
 */
/**
 * GtLinearLR:end-factor:
 *
 * The factor from total-iters on (default 1).
 *
 * Since: 0.1
 */
/**
 * GtLinearLR:total-iters:
 *
 * The number of epochs of the change (default 5).
 *
 * Since: 0.1
 */
static const GtOptimField fields[] = {
  { "start-factor", GT_OPTIM_FIELD_DOUBLE, 0, 1.0 / 3,
    G_STRUCT_OFFSET (GtLinearLR, start_factor) },
  { "end-factor", GT_OPTIM_FIELD_DOUBLE, 0, 1.0,
    G_STRUCT_OFFSET (GtLinearLR, end_factor) },
  { "total-iters", GT_OPTIM_FIELD_INT, 0, 5,
    G_STRUCT_OFFSET (GtLinearLR, total_iters) },
};

static gboolean
gt_linear_lr_check (GtLRScheduler  *scheduler,
                   GError        **error)
{
  GtLinearLR *self = (GtLinearLR *) scheduler;

  /* torch's checks, written so that NaN fails them too */
  if (!(self->start_factor >= 0 && self->start_factor <= 1.0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_linear_lr_new: Starting multiplicative factor expected "
                   "to be between 0 and 1.");
      return FALSE;
    }
  if (!(self->end_factor >= 0 && self->end_factor <= 1.0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_linear_lr_new: Ending multiplicative factor expected "
                   "to be between 0 and 1.");
      return FALSE;
    }
  return TRUE;
}

static gdouble
gt_linear_lr_get_group_lr (GtLRScheduler *scheduler,
                          guint          group,
                          gdouble        lr,
                          gdouble        base_lr)
{
  GtLinearLR *self = (GtLinearLR *) scheduler;
  gint epoch = gt_lr_scheduler_get_last_epoch (scheduler);

  if (epoch == 0)
    return lr * self->start_factor;
  if (epoch > self->total_iters)
    return lr;
  return lr * (1. + (self->end_factor - self->start_factor) /
               (self->total_iters * self->start_factor +
                (epoch - 1) * (self->end_factor - self->start_factor)));
}

static void
gt_linear_lr_class_init (GtLinearLRClass *klass)
{
  GtLRSchedulerClass *scheduler_class = GT_LR_SCHEDULER_CLASS (klass);

  scheduler_class->check = gt_linear_lr_check;
  scheduler_class->get_group_lr = gt_linear_lr_get_group_lr;
  gt_optim_install_fields (G_OBJECT_CLASS (klass), fields,
                           G_N_ELEMENTS (fields));
}

static void
gt_linear_lr_init (GtLinearLR *self)
{
}

/**
 * gt_linear_lr_new:
 * @optimizer: the optimizer to schedule
 * @start_factor: the factor of the first epoch, in [0, 1]
 * @end_factor: the factor from @total_iters on, in [0, 1]
 * @total_iters: the number of epochs of the change
 * @last_epoch: -1 to start, or the last epoch when resuming
 * @error: return location for a #GError
 *
 * `torch.optim.lr_scheduler.LinearLR(optimizer, start_factor, end_factor, total_iters, last_epoch)`.
 *
 * Returns: (transfer full) (nullable): a new #GtLinearLR (its initial step
 *   made), or %NULL with %GT_ERROR_VALUE for invalid settings
 *
 * Since: 0.1
 */
GtLRScheduler *
gt_linear_lr_new (GtOptimizer    *optimizer,
                  gdouble        start_factor,
                  gdouble        end_factor,
                  gint           total_iters,
                  gint            last_epoch,
                  GError        **error)
{
  g_return_val_if_fail (GT_IS_OPTIMIZER (optimizer), NULL);
  return gt_lr_scheduler_check_new (
    gt_object_new_checked ("gt_linear_lr_new", GT_TYPE_LINEAR_LR, error,
                           "optimizer", optimizer,
                           "start-factor", start_factor,
                           "end-factor", end_factor,
                           "total-iters", total_iters,
                           "last-epoch", last_epoch, NULL), error);
}
