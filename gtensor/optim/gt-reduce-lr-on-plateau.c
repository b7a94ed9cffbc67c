#include "config.h"

#include <math.h>

#include "gt-enum-types.h"
#include "gt-error.h"
#include "gt-error-private.h"
#include "gt-reduce-lr-on-plateau.h"
#include "optim/gt-optim-private.h"

/**
 * GtReduceLROnPlateau:
 *
 * Reduces the learning rate of every group by factor when a metric has
 * stopped improving for more than patience epochs
 * (torch.optim.lr_scheduler.ReduceLROnPlateau of torch 1.13, with the same
 * improvement test, cooldown, per-group minimum and eps rule: a group's
 * learning rate changes only when it would drop by more than eps).
 *
 * Since: 0.1
 */
struct _GtReduceLROnPlateau
{
  GObject          parent_instance;

  GtOptimizer     *optimizer;
  GtPlateauMode    mode;
  gdouble          factor;
  gint             patience;
  gdouble          threshold;
  GtThresholdMode  threshold_mode;
  gint             cooldown;
  gdouble          min_lr;
  gdouble          eps;

  GArray          *min_lrs;       /* per group; empty: min_lr for all */
  GArray          *last_lrs;
  gdouble          best;
  gint             num_bad_epochs;
  gint             cooldown_counter;
  gint             last_epoch;
};

G_DEFINE_FINAL_TYPE (GtReduceLROnPlateau, gt_reduce_lr_on_plateau, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPTIMIZER,
  PROP_MODE,
  PROP_FACTOR,
  PROP_PATIENCE,
  PROP_THRESHOLD,
  PROP_THRESHOLD_MODE,
  PROP_COOLDOWN,
  PROP_MIN_LR,
  PROP_EPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gt_reduce_lr_on_plateau_constructed (GObject *object)
{
  GtReduceLROnPlateau *self = GT_REDUCE_LR_ON_PLATEAU (object);

  G_OBJECT_CLASS (gt_reduce_lr_on_plateau_parent_class)->constructed (object);
  /* torch's _reset */
  self->best = self->mode == GT_PLATEAU_MODE_MIN ? INFINITY : -INFINITY;
  self->cooldown_counter = 0;
  self->num_bad_epochs = 0;
  self->last_epoch = 0;
}

static void
gt_reduce_lr_on_plateau_dispose (GObject *object)
{
  g_clear_object (&GT_REDUCE_LR_ON_PLATEAU (object)->optimizer);
  G_OBJECT_CLASS (gt_reduce_lr_on_plateau_parent_class)->dispose (object);
}

static void
gt_reduce_lr_on_plateau_finalize (GObject *object)
{
  GtReduceLROnPlateau *self = GT_REDUCE_LR_ON_PLATEAU (object);

  g_array_unref (self->min_lrs);
  g_array_unref (self->last_lrs);
  G_OBJECT_CLASS (gt_reduce_lr_on_plateau_parent_class)->finalize (object);
}

static void
gt_reduce_lr_on_plateau_class_init (GtReduceLROnPlateauClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_STATIC_STRINGS;

  object_class->get_property = gt_optim_get_field_property;
  object_class->set_property = gt_optim_set_field_property;
  object_class->constructed = gt_reduce_lr_on_plateau_constructed;
  object_class->dispose = gt_reduce_lr_on_plateau_dispose;
  object_class->finalize = gt_reduce_lr_on_plateau_finalize;

#define FIELD(member, pspec) \
  gt_optim_field_property (pspec, G_STRUCT_OFFSET (GtReduceLROnPlateau, member))

  /**
   * GtReduceLROnPlateau:optimizer:
   *
   * The optimizer whose learning rates are reduced.
   *
   * Since: 0.1
   */
  properties[PROP_OPTIMIZER] = FIELD (optimizer,
    g_param_spec_object ("optimizer", NULL, NULL, GT_TYPE_OPTIMIZER, flags));
  /**
   * GtReduceLROnPlateau:mode:
   *
   * Whether the metric should decrease or increase (default
   * %GT_PLATEAU_MODE_MIN).
   *
   * Since: 0.1
   */
  properties[PROP_MODE] = FIELD (mode,
    g_param_spec_enum ("mode", NULL, NULL, GT_TYPE_PLATEAU_MODE,
                       GT_PLATEAU_MODE_MIN, flags));
  /**
   * GtReduceLROnPlateau:factor:
   *
   * The factor of each reduction, below 1 (default 0.1).
   *
   * Since: 0.1
   */
  properties[PROP_FACTOR] = FIELD (factor,
    g_param_spec_double ("factor", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.1,
                         flags));
  /**
   * GtReduceLROnPlateau:patience:
   *
   * The number of epochs without improvement tolerated (default 10).
   *
   * Since: 0.1
   */
  properties[PROP_PATIENCE] = FIELD (patience,
    g_param_spec_int ("patience", NULL, NULL, 0, G_MAXINT, 10, flags));
  /**
   * GtReduceLROnPlateau:threshold:
   *
   * The smallest change that counts as an improvement (default 1e-4).
   *
   * Since: 0.1
   */
  properties[PROP_THRESHOLD] = FIELD (threshold,
    g_param_spec_double ("threshold", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         1e-4, flags));
  /**
   * GtReduceLROnPlateau:threshold-mode:
   *
   * Whether the threshold is relative or absolute (default
   * %GT_THRESHOLD_MODE_REL).
   *
   * Since: 0.1
   */
  properties[PROP_THRESHOLD_MODE] = FIELD (threshold_mode,
    g_param_spec_enum ("threshold-mode", NULL, NULL, GT_TYPE_THRESHOLD_MODE,
                       GT_THRESHOLD_MODE_REL, flags));
  /**
   * GtReduceLROnPlateau:cooldown:
   *
   * The number of epochs to wait after a reduction before counting bad
   * epochs again (default 0).
   *
   * Since: 0.1
   */
  properties[PROP_COOLDOWN] = FIELD (cooldown,
    g_param_spec_int ("cooldown", NULL, NULL, 0, G_MAXINT, 0, flags));
  /**
   * GtReduceLROnPlateau:min-lr:
   *
   * The lower bound of every group's learning rate (default 0); see
   * [method@Gt.ReduceLROnPlateau.set_min_lrs] for one per group.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_LR] = FIELD (min_lr,
    g_param_spec_double ("min-lr", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         flags));
  /**
   * GtReduceLROnPlateau:eps:
   *
   * The smallest reduction applied; smaller ones are skipped (default
   * 1e-8).
   *
   * Since: 0.1
   */
  properties[PROP_EPS] = FIELD (eps,
    g_param_spec_double ("eps", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 1e-8,
                         flags));
#undef FIELD
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gt_reduce_lr_on_plateau_init (GtReduceLROnPlateau *self)
{
  self->min_lrs = g_array_new (FALSE, FALSE, sizeof (gdouble));
  self->last_lrs = g_array_new (FALSE, FALSE, sizeof (gdouble));
}

/**
 * gt_reduce_lr_on_plateau_check:
 * @self: a #GtReduceLROnPlateau
 * @error: return location for a #GError
 *
 * Checks the settings as torch's constructor does.
 *
 * Returns: %TRUE when they are valid; else %FALSE with %GT_ERROR_VALUE
 *   ("Factor should be < 1.0.")
 *
 * Since: 0.1
 */
gboolean
gt_reduce_lr_on_plateau_check (GtReduceLROnPlateau  *self,
                               GError              **error)
{
  const char *func = "gt_reduce_lr_on_plateau_new";

  g_return_val_if_fail (GT_IS_REDUCE_LR_ON_PLATEAU (self), FALSE);
  if (self->optimizer == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: the property \"optimizer\" is not set", func);
      return FALSE;
    }
  if (!(self->factor < 1.0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: Factor should be < 1.0.", func);
      return FALSE;
    }
  if (self->min_lrs->len != 0 &&
      self->min_lrs->len != gt_optimizer_get_n_param_groups (self->optimizer))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: expected %u min_lrs, got %u", func,
                   gt_optimizer_get_n_param_groups (self->optimizer),
                   self->min_lrs->len);
      return FALSE;
    }
  return TRUE;
}

/**
 * gt_reduce_lr_on_plateau_new:
 * @optimizer: the optimizer
 * @mode: whether the metric should decrease or increase
 * @factor: the factor of each reduction (below 1)
 * @patience: the number of epochs without improvement tolerated
 * @threshold: the smallest change that counts as an improvement
 * @threshold_mode: relative or absolute threshold
 * @cooldown: epochs to wait after a reduction
 * @min_lr: the lower bound of every group's learning rate
 * @eps: the smallest reduction applied
 * @error: return location for a #GError
 *
 * `torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode, factor,
 * patience, threshold, threshold_mode, cooldown, min_lr, eps)` (torch's
 * defaults: min, 0.1, 10, 1e-4, rel, 0, 0, 1e-8).
 *
 * Returns: (transfer full) (nullable): a new #GtReduceLROnPlateau, or
 *   %NULL with %GT_ERROR_VALUE ("Factor should be < 1.0.")
 *
 * Since: 0.1
 */
GtReduceLROnPlateau *
gt_reduce_lr_on_plateau_new (GtOptimizer      *optimizer,
                             GtPlateauMode     mode,
                             gdouble           factor,
                             gint              patience,
                             gdouble           threshold,
                             GtThresholdMode   threshold_mode,
                             gint              cooldown,
                             gdouble           min_lr,
                             gdouble           eps,
                             GError          **error)
{
  g_autoptr (GtReduceLROnPlateau) self = NULL;

  g_return_val_if_fail (GT_IS_OPTIMIZER (optimizer), NULL);
  self = gt_object_new_checked ("gt_reduce_lr_on_plateau_new",
                                GT_TYPE_REDUCE_LR_ON_PLATEAU, error,
                                "optimizer", optimizer,
                       "mode", mode, "factor", factor, "patience", patience,
                       "threshold", threshold,
                       "threshold-mode", threshold_mode,
                       "cooldown", cooldown, "min-lr", min_lr, "eps", eps,
                       NULL);
  if (self == NULL)
    return NULL;
  if (!gt_reduce_lr_on_plateau_check (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * gt_reduce_lr_on_plateau_set_min_lrs:
 * @self: a #GtReduceLROnPlateau
 * @min_lrs: (array length=n_min_lrs): one lower bound per group
 * @n_min_lrs: their number: the optimizer's number of groups
 * @error: return location for a #GError
 *
 * Sets a lower bound per group (torch's `min_lr` as a list).
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_VALUE ("expected 2
 *   min_lrs, got 1") when the count is not the number of groups
 *
 * Since: 0.1
 */
gboolean
gt_reduce_lr_on_plateau_set_min_lrs (GtReduceLROnPlateau  *self,
                                     const gdouble        *min_lrs,
                                     gsize                 n_min_lrs,
                                     GError              **error)
{
  guint n;

  g_return_val_if_fail (GT_IS_REDUCE_LR_ON_PLATEAU (self), FALSE);
  g_return_val_if_fail (min_lrs != NULL || n_min_lrs == 0, FALSE);
  n = self->optimizer != NULL ?
      gt_optimizer_get_n_param_groups (self->optimizer) : 0;
  if (n_min_lrs != n)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_reduce_lr_on_plateau_set_min_lrs: expected %u "
                   "min_lrs, got %" G_GSIZE_FORMAT, n, n_min_lrs);
      return FALSE;
    }
  /* the min-lr property refuses NaN as well */
  for (gsize i = 0; i < n_min_lrs; i++)
    if (isnan (min_lrs[i]))
      {
        g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                     "gt_reduce_lr_on_plateau_set_min_lrs: min_lrs[%"
                     G_GSIZE_FORMAT "] is NaN", i);
        return FALSE;
      }
  g_array_set_size (self->min_lrs, 0);
  g_array_append_vals (self->min_lrs, min_lrs, n_min_lrs);
  return TRUE;
}

static gboolean
is_better (GtReduceLROnPlateau *self,
           gdouble              a,
           gdouble              best)
{
  if (self->mode == GT_PLATEAU_MODE_MIN &&
      self->threshold_mode == GT_THRESHOLD_MODE_REL)
    return a < best * (1. - self->threshold);
  if (self->mode == GT_PLATEAU_MODE_MIN)
    return a < best - self->threshold;
  if (self->threshold_mode == GT_THRESHOLD_MODE_REL)
    return a > best * (self->threshold + 1.);
  return a > best + self->threshold;
}

/**
 * gt_reduce_lr_on_plateau_step:
 * @self: a #GtReduceLROnPlateau
 * @metric: this epoch's value of the watched metric
 * @error: return location for a #GError
 *
 * Records one epoch's metric and reduces the learning rates when it has
 * not improved for more than patience epochs (torch's
 * `scheduler.step(metrics)`).
 *
 * Returns: %TRUE on success, %FALSE with %GT_ERROR_VALUE for invalid
 *   settings
 *
 * Since: 0.1
 */
gboolean
gt_reduce_lr_on_plateau_step (GtReduceLROnPlateau  *self,
                              gdouble               metric,
                              GError              **error)
{
  guint n;

  g_return_val_if_fail (GT_IS_REDUCE_LR_ON_PLATEAU (self), FALSE);
  if (!gt_reduce_lr_on_plateau_check (self, error))
    return FALSE;
  self->last_epoch++;
  if (is_better (self, metric, self->best))
    {
      self->best = metric;
      self->num_bad_epochs = 0;
    }
  else
    self->num_bad_epochs++;

  if (self->cooldown_counter > 0)
    {
      self->cooldown_counter--;
      self->num_bad_epochs = 0;   /* ignore any bad epochs in cooldown */
    }

  n = gt_optimizer_get_n_param_groups (self->optimizer);
  if (self->num_bad_epochs > self->patience)
    {
      for (guint i = 0; i < n; i++)
        {
          gdouble old_lr = gt_optimizer_get_group_lr (self->optimizer, i,
                                                      NULL);
          gdouble min_lr = self->min_lrs->len > i ?
                           g_array_index (self->min_lrs, gdouble, i) :
                           self->min_lr;
          gdouble new_lr = MAX (old_lr * self->factor, min_lr);

          if (old_lr - new_lr > self->eps &&
              !gt_optimizer_set_group_lr (self->optimizer, i, new_lr, error))
            return FALSE;
        }
      self->cooldown_counter = self->cooldown;
      self->num_bad_epochs = 0;
    }

  g_array_set_size (self->last_lrs, 0);
  for (guint i = 0; i < n; i++)
    {
      gdouble lr = gt_optimizer_get_group_lr (self->optimizer, i, NULL);

      g_array_append_val (self->last_lrs, lr);
    }
  return TRUE;
}

/**
 * gt_reduce_lr_on_plateau_get_last_lr:
 * @self: a #GtReduceLROnPlateau
 * @n_lrs: (out): the number of values (one per group)
 *
 * Returns: (transfer full) (array length=n_lrs): the learning rates after
 *   the last step (the current ones before any step)
 *
 * Since: 0.1
 */
gdouble *
gt_reduce_lr_on_plateau_get_last_lr (GtReduceLROnPlateau *self,
                                     gsize               *n_lrs)
{
  guint n;
  gdouble *out;

  g_return_val_if_fail (GT_IS_REDUCE_LR_ON_PLATEAU (self), NULL);
  if (self->last_lrs->len > 0 || self->optimizer == NULL)
    {
      *n_lrs = self->last_lrs->len;
      return g_memdup2 (self->last_lrs->data,
                        MAX (self->last_lrs->len, 1) * sizeof (gdouble));
    }
  n = gt_optimizer_get_n_param_groups (self->optimizer);
  out = g_new0 (gdouble, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    out[i] = gt_optimizer_get_group_lr (self->optimizer, i, NULL);
  *n_lrs = n;
  return out;
}

/**
 * gt_reduce_lr_on_plateau_get_best:
 * @self: a #GtReduceLROnPlateau
 *
 * Returns: the best metric seen (+inf or -inf before any step)
 *
 * Since: 0.1
 */
gdouble
gt_reduce_lr_on_plateau_get_best (GtReduceLROnPlateau *self)
{
  g_return_val_if_fail (GT_IS_REDUCE_LR_ON_PLATEAU (self), 0);
  return self->best;
}

/**
 * gt_reduce_lr_on_plateau_get_num_bad_epochs:
 * @self: a #GtReduceLROnPlateau
 *
 * Returns: the number of epochs since the last improvement (or reduction)
 *
 * Since: 0.1
 */
gint
gt_reduce_lr_on_plateau_get_num_bad_epochs (GtReduceLROnPlateau *self)
{
  g_return_val_if_fail (GT_IS_REDUCE_LR_ON_PLATEAU (self), 0);
  return self->num_bad_epochs;
}

/**
 * gt_reduce_lr_on_plateau_get_cooldown_counter:
 * @self: a #GtReduceLROnPlateau
 *
 * Returns: the epochs of cooldown left
 *
 * Since: 0.1
 */
gint
gt_reduce_lr_on_plateau_get_cooldown_counter (GtReduceLROnPlateau *self)
{
  g_return_val_if_fail (GT_IS_REDUCE_LR_ON_PLATEAU (self), 0);
  return self->cooldown_counter;
}

/**
 * gt_reduce_lr_on_plateau_get_last_epoch:
 * @self: a #GtReduceLROnPlateau
 *
 * Returns: the number of steps made
 *
 * Since: 0.1
 */
gint
gt_reduce_lr_on_plateau_get_last_epoch (GtReduceLROnPlateau *self)
{
  g_return_val_if_fail (GT_IS_REDUCE_LR_ON_PLATEAU (self), 0);
  return self->last_epoch;
}
