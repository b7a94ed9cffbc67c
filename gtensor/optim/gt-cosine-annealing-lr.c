#include "config.h"

#include <math.h>

#include "gt-error.h"
#include "gt-error-private.h"
#include "gt-cosine-annealing-lr.h"
#include "optim/gt-optim-private.h"

/**
 * GtCosineAnnealingLR:
 *
 * Cosine annealing from each group's initial learning rate to eta-min
 * over t-max epochs (torch.optim.lr_scheduler.CosineAnnealingLR). The
 * learning rates follow torch 1.13's recursive (chainable) formula, not the
 * closed form, so that they equal torch's to the last bit, including after
 * another scheduler or the user changed a learning rate.
 *
 * Since: 0.1
 */
struct _GtCosineAnnealingLR
{
  GtLRScheduler parent_instance;
  gint    t_max;
  gdouble eta_min;
};

G_DEFINE_FINAL_TYPE (GtCosineAnnealingLR, gt_cosine_annealing_lr, GT_TYPE_LR_SCHEDULER)

/**
 * GtCosineAnnealingLR:t-max:
 *
 * The number of epochs of a half period (default 1).
 *
 * Since: 0.1
 */
/**
 * GtCosineAnnealingLR:eta-min:
 *
 * The minimum learning rate (default 0).
 *
 * Since: 0.1
 */
static const GtOptimField fields[] = {
  { "t-max", GT_OPTIM_FIELD_INT, 1, 1,
    G_STRUCT_OFFSET (GtCosineAnnealingLR, t_max) },
  { "eta-min", GT_OPTIM_FIELD_DOUBLE, 0, 0,
    G_STRUCT_OFFSET (GtCosineAnnealingLR, eta_min) },
};

static gdouble
gt_cosine_annealing_lr_get_group_lr (GtLRScheduler *scheduler,
                                    guint          group,
                                    gdouble        lr,
                                    gdouble        base_lr)
{
  GtCosineAnnealingLR *self = (GtCosineAnnealingLR *) scheduler;
  gint epoch = gt_lr_scheduler_get_last_epoch (scheduler);

  const gdouble t_max = self->t_max;

  if (epoch == 0)
    return lr;
  if (gt_lr_scheduler_get_step_count (scheduler) == 1 && epoch > 0)
    return self->eta_min + (base_lr - self->eta_min) *
           (1 + cos (epoch * G_PI / t_max)) / 2;
  /* Python's % with a positive divisor is never negative */
  if ((((epoch - 1 - self->t_max) % (2 * self->t_max)) + 2 * self->t_max) %
      (2 * self->t_max) == 0)
    return lr + (base_lr - self->eta_min) * (1 - cos (G_PI / t_max)) / 2;
  return (1 + cos (G_PI * epoch / t_max)) /
         (1 + cos (G_PI * (epoch - 1) / t_max)) *
         (lr - self->eta_min) + self->eta_min;
}

static void
gt_cosine_annealing_lr_class_init (GtCosineAnnealingLRClass *klass)
{
  GT_LR_SCHEDULER_CLASS (klass)->get_group_lr = gt_cosine_annealing_lr_get_group_lr;
  gt_optim_install_fields (G_OBJECT_CLASS (klass), fields,
                           G_N_ELEMENTS (fields));
}

static void
gt_cosine_annealing_lr_init (GtCosineAnnealingLR *self)
{
}

/**
 * gt_cosine_annealing_lr_new:
 * @optimizer: the optimizer to schedule
 * @t_max: the number of epochs of a half period (at least 1)
 * @eta_min: the minimum learning rate
 * @last_epoch: -1 to start, or the last epoch when resuming
 * @error: return location for a #GError
 *
 * `torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max, eta_min, last_epoch)`.
 *
 * Returns: (transfer full) (nullable): a new #GtCosineAnnealingLR (its initial step
 *   made), or %NULL with %GT_ERROR_VALUE for invalid settings
 *
 * Since: 0.1
 */
GtLRScheduler *
gt_cosine_annealing_lr_new (GtOptimizer    *optimizer,
                            gint           t_max,
                            gdouble        eta_min,
                            gint            last_epoch,
                            GError        **error)
{
  g_return_val_if_fail (GT_IS_OPTIMIZER (optimizer), NULL);
  return gt_lr_scheduler_check_new (
    gt_object_new_checked ("gt_cosine_annealing_lr_new",
                           GT_TYPE_COSINE_ANNEALING_LR, error,
                           "optimizer", optimizer,
                           "t-max", t_max,
                           "eta-min", eta_min,
                           "last-epoch", last_epoch, NULL), error);
}
