#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib-object.h>
#include <gtensor/gt-version-macros.h>
#include <gtensor/gt-optimizer.h>

G_BEGIN_DECLS

#define GT_TYPE_LR_SCHEDULER (gt_lr_scheduler_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GtLRScheduler, gt_lr_scheduler, GT, LR_SCHEDULER, GObject)

/**
 * GtLRSchedulerClass:
 * @parent_class: the parent class
 * @check: checks the scheduler's settings once, before the initial step
 *   (%GT_ERROR_VALUE with torch's message); the default accepts all
 * @get_group_lr: torch's chainable `get_lr()` for one group: the new
 *   learning rate of group @group, given its current learning rate @lr
 *   and its base (initial) learning rate @base_lr; the epoch is already
 *   advanced ([method@Gt.LRScheduler.get_last_epoch],
 *   [method@Gt.LRScheduler.get_step_count]). The default keeps @lr.
 *
 * The virtual methods of a learning-rate scheduler.
 *
 * Since: 0.1
 */

/**
 * GtLRSchedulerClass::check:
 * @self: a #GtLRScheduler
 * @error: return location for a #GError
 *
 * Checks the settings.
 *
 * Returns: %TRUE when they are valid, %FALSE with @error set
 *
 * Since: 0.1
 */

/**
 * GtLRSchedulerClass::get_group_lr:
 * @self: a #GtLRScheduler
 * @group: the group's index
 * @lr: the group's current learning rate
 * @base_lr: the group's initial learning rate
 *
 * Computes the group's learning rate for the new epoch.
 *
 * Returns: the new learning rate
 *
 * Since: 0.1
 */
struct _GtLRSchedulerClass
{
  GObjectClass parent_class;

  gboolean (*check)        (GtLRScheduler  *self,
                            GError        **error);
  gdouble  (*get_group_lr) (GtLRScheduler  *self,
                            guint           group,
                            gdouble         lr,
                            gdouble         base_lr);

  /*< private >*/
  gpointer padding[8];
};

GT_AVAILABLE_IN_ALL
gboolean     gt_lr_scheduler_step            (GtLRScheduler  *self,
                                              GError        **error);
GT_AVAILABLE_IN_ALL
gdouble     *gt_lr_scheduler_get_last_lr     (GtLRScheduler  *self,
                                              gsize          *n_lrs);
GT_AVAILABLE_IN_ALL
gdouble     *gt_lr_scheduler_get_base_lrs    (GtLRScheduler  *self,
                                              gsize          *n_lrs);
GT_AVAILABLE_IN_ALL
gint         gt_lr_scheduler_get_last_epoch  (GtLRScheduler  *self);
GT_AVAILABLE_IN_ALL
guint        gt_lr_scheduler_get_step_count  (GtLRScheduler  *self);
GT_AVAILABLE_IN_ALL
GtOptimizer *gt_lr_scheduler_get_optimizer   (GtLRScheduler  *self);
GT_AVAILABLE_IN_ALL
gboolean     gt_lr_scheduler_check           (GtLRScheduler  *self,
                                              GError        **error);

G_END_DECLS
