#include "config.h"

#include <math.h>

#include "gt-error.h"
#include "gt-error-private.h"
#include "gt-step-lr.h"
#include "optim/gt-optim-private.h"

/**
 * GtStepLR:
 *
 * Decays the learning rate of each group by gamma every step-size epochs
 * (torch.optim.lr_scheduler.StepLR, chainable form).
 *
 * Since: 0.1
 */
struct _GtStepLR
{
  GtLRScheduler parent_instance;
  gint    step_size;
  gdouble gamma;
};

G_DEFINE_FINAL_TYPE (GtStepLR, gt_step_lr, GT_TYPE_LR_SCHEDULER)

/**
 * GtStepLR:step-size:
 *
 * The period of the decay, in epochs (default 1).
 *
 * Since: 0.1
 */
/**
 * GtStepLR:gamma:
 *
 * The factor of each decay (default 0.1).
 *
 * Since: 0.1
 */
static const GtOptimField fields[] = {
  { "step-size", GT_OPTIM_FIELD_INT, 1, 1,
    G_STRUCT_OFFSET (GtStepLR, step_size) },
  { "gamma", GT_OPTIM_FIELD_DOUBLE, 0, 0.1,
    G_STRUCT_OFFSET (GtStepLR, gamma) },
};

static gdouble
gt_step_lr_get_group_lr (GtLRScheduler *scheduler,
                        guint          group,
                        gdouble        lr,
                        gdouble        base_lr)
{
  GtStepLR *self = (GtStepLR *) scheduler;
  gint epoch = gt_lr_scheduler_get_last_epoch (scheduler);

  if (epoch == 0 || epoch % self->step_size != 0)
    return lr;
  return lr * self->gamma;
}

static void
gt_step_lr_class_init (GtStepLRClass *klass)
{
  GT_LR_SCHEDULER_CLASS (klass)->get_group_lr = gt_step_lr_get_group_lr;
  gt_optim_install_fields (G_OBJECT_CLASS (klass), fields,
                           G_N_ELEMENTS (fields));
}

static void
gt_step_lr_init (GtStepLR *self)
{
}

/**
 * gt_step_lr_new:
 * @optimizer: the optimizer to schedule
 * @step_size: the period of the decay, in epochs (at least 1)
 * @gamma: the factor of each decay
 * @last_epoch: -1 to start, or the last epoch when resuming
 * @error: return location for a #GError
 *
 * `torch.optim.lr_scheduler.StepLR(optimizer, step_size, gamma, last_epoch)`.
 *
 * Returns: (transfer full) (nullable): a new #GtStepLR (its initial step
 *   made), or %NULL with %GT_ERROR_VALUE for invalid settings
 *
 * Since: 0.1
 */
GtLRScheduler *
gt_step_lr_new (GtOptimizer    *optimizer,
                gint           step_size,
                gdouble        gamma,
                gint            last_epoch,
                GError        **error)
{
  g_return_val_if_fail (GT_IS_OPTIMIZER (optimizer), NULL);
  return gt_lr_scheduler_check_new (
    gt_object_new_checked ("gt_step_lr_new", GT_TYPE_STEP_LR, error,
                           "optimizer", optimizer,
                           "step-size", step_size,
                           "gamma", gamma,
                           "last-epoch", last_epoch, NULL), error);
}
