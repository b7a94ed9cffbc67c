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

enum {
  PROP_0,
  PROP_STEP_SIZE,
  PROP_GAMMA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtLRSchedulerClass *scheduler_class = GT_LR_SCHEDULER_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_STATIC_STRINGS;

  object_class->get_property = gt_optim_get_field_property;
  object_class->set_property = gt_optim_set_field_property;
  scheduler_class->get_group_lr = gt_step_lr_get_group_lr;

  /**
   * GtStepLR:step-size:
   *
   * The period of the decay, in epochs (default 1).
   *
   * Since: 0.1
   */
  properties[PROP_STEP_SIZE] = gt_optim_field_property (
    g_param_spec_int ("step-size", NULL, NULL, 1, G_MAXINT, 1, flags),
    G_STRUCT_OFFSET (GtStepLR, step_size));

  /**
   * GtStepLR:gamma:
   *
   * The factor of each decay (default 0.1).
   *
   * Since: 0.1
   */
  properties[PROP_GAMMA] = gt_optim_field_property (
    g_param_spec_double ("gamma", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0.1, flags),
    G_STRUCT_OFFSET (GtStepLR, gamma));

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
