#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib-object.h>
#include <gtensor/gt-version-macros.h>
#include <gtensor/gt-tensor.h>
#include <gtensor/gt-param-group.h>

G_BEGIN_DECLS

#define GT_TYPE_OPTIMIZER (gt_optimizer_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GtOptimizer, gt_optimizer, GT, OPTIMIZER, GObject)

/**
 * GtOptimizerClass:
 * @parent_class: the parent class
 * @step: updates every parameter that has a gradient, once (torch's
 *   `optimizer.step()`); called by [method@Gt.Optimizer.step] after the
 *   groups' options were checked
 * @check_group: checks the options of one group (defaults filled in) and
 *   fails with %GT_ERROR_VALUE and torch's message ("Invalid learning
 *   rate: -0.1"); the default accepts any group with a non-negative "lr"
 *
 * The virtual methods of an optimizer. A subclass in any language keeps
 * its per-parameter state with [method@Gt.Optimizer.get_state] and
 * [method@Gt.Optimizer.set_state] so that the state dict carries it.
 *
 * Since: 0.1
 */

/**
 * GtOptimizerClass::step:
 * @self: a #GtOptimizer
 * @error: return location for a #GError
 *
 * Performs one optimisation step.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 *
 * Since: 0.1
 */

/**
 * GtOptimizerClass::check_group:
 * @self: a #GtOptimizer
 * @group: the group to check
 * @error: return location for a #GError
 *
 * Checks the hyper-parameters of @group.
 *
 * Returns: %TRUE when they are valid, %FALSE with @error set
 *
 * Since: 0.1
 */
struct _GtOptimizerClass
{
  GObjectClass parent_class;

  gboolean (*step)        (GtOptimizer   *self,
                           GError       **error);
  gboolean (*check_group) (GtOptimizer   *self,
                           GtParamGroup  *group,
                           GError       **error);

  /*< private >*/
  gpointer padding[8];
};

GT_AVAILABLE_IN_ALL
gboolean      gt_optimizer_step                 (GtOptimizer   *self,
                                                 GError       **error);
GT_AVAILABLE_IN_ALL
gboolean      gt_optimizer_zero_grad            (GtOptimizer   *self,
                                                 gboolean       set_to_none,
                                                 GError       **error);
GT_AVAILABLE_IN_ALL
gboolean      gt_optimizer_check                (GtOptimizer   *self,
                                                 GError       **error);

/* parameter groups */
GT_AVAILABLE_IN_ALL
gboolean      gt_optimizer_add_param_group      (GtOptimizer   *self,
                                                 GtParamGroup  *group,
                                                 GError       **error);
GT_AVAILABLE_IN_ALL
gboolean      gt_optimizer_add_params           (GtOptimizer   *self,
                                                 GPtrArray     *params,
                                                 GError       **error);
GT_AVAILABLE_IN_ALL
guint         gt_optimizer_get_n_param_groups   (GtOptimizer   *self);
GT_AVAILABLE_IN_ALL
GtParamGroup *gt_optimizer_get_param_group      (GtOptimizer   *self,
                                                 guint          index);
GT_AVAILABLE_IN_ALL
GPtrArray    *gt_optimizer_get_param_groups     (GtOptimizer   *self);
GT_AVAILABLE_IN_ALL
GtParamGroup *gt_optimizer_get_defaults         (GtOptimizer   *self);

/* learning rates */
GT_AVAILABLE_IN_ALL
gdouble       gt_optimizer_get_lr               (GtOptimizer   *self);
GT_AVAILABLE_IN_ALL
void          gt_optimizer_set_lr               (GtOptimizer   *self,
                                                 gdouble        lr);
GT_AVAILABLE_IN_ALL
gdouble       gt_optimizer_get_group_lr         (GtOptimizer   *self,
                                                 guint          group,
                                                 GError       **error);
GT_AVAILABLE_IN_ALL
gboolean      gt_optimizer_set_group_lr         (GtOptimizer   *self,
                                                 guint          group,
                                                 gdouble        lr,
                                                 GError       **error);

/* per-parameter state */
GT_AVAILABLE_IN_ALL
GtTensor     *gt_optimizer_get_state            (GtOptimizer   *self,
                                                 GtTensor      *param,
                                                 const char    *name);
GT_AVAILABLE_IN_ALL
void          gt_optimizer_set_state            (GtOptimizer   *self,
                                                 GtTensor      *param,
                                                 const char    *name,
                                                 GtTensor      *value);
GT_AVAILABLE_IN_ALL
char        **gt_optimizer_list_state           (GtOptimizer   *self,
                                                 GtTensor      *param);

/* saving and resuming */
GT_AVAILABLE_IN_ALL
GHashTable   *gt_optimizer_state_dict           (GtOptimizer   *self,
                                                 GError       **error);
GT_AVAILABLE_IN_ALL
gboolean      gt_optimizer_load_state_dict      (GtOptimizer   *self,
                                                 GHashTable    *state_dict,
                                                 GError       **error);

G_END_DECLS
