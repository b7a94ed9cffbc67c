#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib-object.h>
#include <gtensor/gt-version-macros.h>
#include <gtensor/gt-optimizer.h>

G_BEGIN_DECLS

/**
 * GtPlateauMode:
 * @GT_PLATEAU_MODE_MIN: the metric should decrease (a loss)
 * @GT_PLATEAU_MODE_MAX: the metric should increase (an accuracy)
 *
 * torch's `mode='min'` / `'max'` of ReduceLROnPlateau.
 *
 * Since: 0.1
 */
typedef enum {
  GT_PLATEAU_MODE_MIN,
  GT_PLATEAU_MODE_MAX,
} GtPlateauMode;

/**
 * GtThresholdMode:
 * @GT_THRESHOLD_MODE_REL: an improvement is relative to the best value
 * @GT_THRESHOLD_MODE_ABS: an improvement is an absolute difference
 *
 * torch's `threshold_mode='rel'` / `'abs'` of ReduceLROnPlateau.
 *
 * Since: 0.1
 */
typedef enum {
  GT_THRESHOLD_MODE_REL,
  GT_THRESHOLD_MODE_ABS,
} GtThresholdMode;

#define GT_TYPE_REDUCE_LR_ON_PLATEAU (gt_reduce_lr_on_plateau_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtReduceLROnPlateau, gt_reduce_lr_on_plateau, GT, REDUCE_LR_ON_PLATEAU, GObject)

GT_AVAILABLE_IN_ALL
GtReduceLROnPlateau *gt_reduce_lr_on_plateau_new       (GtOptimizer          *optimizer,
                                                        GtPlateauMode         mode,
                                                        gdouble               factor,
                                                        gint                  patience,
                                                        gdouble               threshold,
                                                        GtThresholdMode       threshold_mode,
                                                        gint                  cooldown,
                                                        gdouble               min_lr,
                                                        gdouble               eps,
                                                        GError              **error);
GT_AVAILABLE_IN_ALL
gboolean             gt_reduce_lr_on_plateau_set_min_lrs (GtReduceLROnPlateau *self,
                                                        const gdouble        *min_lrs,
                                                        gsize                 n_min_lrs,
                                                        GError              **error);
GT_AVAILABLE_IN_ALL
gboolean             gt_reduce_lr_on_plateau_step      (GtReduceLROnPlateau  *self,
                                                        gdouble               metric,
                                                        GError              **error);
GT_AVAILABLE_IN_ALL
gdouble             *gt_reduce_lr_on_plateau_get_last_lr (GtReduceLROnPlateau *self,
                                                        gsize                *n_lrs);
GT_AVAILABLE_IN_ALL
gdouble              gt_reduce_lr_on_plateau_get_best  (GtReduceLROnPlateau  *self);
GT_AVAILABLE_IN_ALL
gint                 gt_reduce_lr_on_plateau_get_num_bad_epochs (GtReduceLROnPlateau *self);
GT_AVAILABLE_IN_ALL
gint                 gt_reduce_lr_on_plateau_get_cooldown_counter (GtReduceLROnPlateau *self);
GT_AVAILABLE_IN_ALL
gint                 gt_reduce_lr_on_plateau_get_last_epoch (GtReduceLROnPlateau *self);
GT_AVAILABLE_IN_ALL
gboolean             gt_reduce_lr_on_plateau_check     (GtReduceLROnPlateau  *self,
                                                        GError              **error);

G_END_DECLS
