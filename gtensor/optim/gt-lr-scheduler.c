#include "config.h"

#include "gt-error.h"
#include "gt-lr-scheduler.h"
#include "optim/gt-optim-private.h"

/**
 * GtLRScheduler:
 *
 * The base class of the epoch-based learning-rate schedulers (torch 1.13's
 * `torch.optim.lr_scheduler._LRScheduler`). It follows torch's chainable
 * form: each [method@Gt.LRScheduler.step] advances the epoch
 * ([property@Gt.LRScheduler:last-epoch]) and sets every group's learning
 * rate to what the `get_group_lr` virtual method computes from the
 * group's current one.
 *
 * On construction, as in torch: with last-epoch -1 each group gets the
 * option "initial_lr" (its current learning rate) unless it has one;
 * otherwise (resuming) every group must already have "initial_lr". The
 * base learning rates are the groups' "initial_lr". Then one step is made,
 * to epoch last-epoch + 1. A scheduler made with g_object_new() and
 * invalid settings reports the error from every later call of
 * [method@Gt.LRScheduler.step] and [method@Gt.LRScheduler.check]; the
 * subclasses' constructors return it.
 *
 * Since: 0.1
 */

typedef struct {
  GtOptimizer *optimizer;
  gint         last_epoch;
  guint        step_count;
  GArray      *base_lrs;
  GArray      *last_lrs;
  GError      *init_error;
} GtLRSchedulerPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GtLRScheduler, gt_lr_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPTIMIZER,
  PROP_LAST_EPOCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
gt_lr_scheduler_real_check (GtLRScheduler  *self,
                            GError        **error)
{
  return TRUE;
}

static gdouble
gt_lr_scheduler_real_get_group_lr (GtLRScheduler *self,
                                   guint          group,
                                   gdouble        lr,
                                   gdouble        base_lr)
{
  return lr;
}

/* ---- helpers shared by the schedulers ------------------------------------ */

/* the member of the instance a property of a scheduler stands for, + 1 */
G_DEFINE_QUARK (gt-optim-field, gt_optim_field)

GParamSpec *
gt_optim_field_property (GParamSpec *pspec,
                         gsize       offset)
{
  g_param_spec_set_qdata (pspec, gt_optim_field_quark (),
                          GSIZE_TO_POINTER (offset + 1));
  return pspec;
}

/* the member of @object that @pspec stands for, or NULL */
static gpointer
field_of (GObject    *object,
          GParamSpec *pspec)
{
  gsize offset = GPOINTER_TO_SIZE (g_param_spec_get_qdata (pspec,
                                                           gt_optim_field_quark ()));

  return offset != 0 ? G_STRUCT_MEMBER_P (object, offset - 1) : NULL;
}

void
gt_optim_get_field_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  gpointer field = field_of (object, pspec);

  if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else if (G_VALUE_HOLDS_INT (value))
    g_value_set_int (value, *(gint *) field);
  else if (G_VALUE_HOLDS_ENUM (value))
    g_value_set_enum (value, *(gint *) field);
  else if (G_VALUE_HOLDS_DOUBLE (value))
    g_value_set_double (value, *(gdouble *) field);
  else
    g_value_set_object (value, *(GObject **) field);
}

void
gt_optim_set_field_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  gpointer field = field_of (object, pspec);

  if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else if (G_VALUE_HOLDS_INT (value))
    *(gint *) field = g_value_get_int (value);
  else if (G_VALUE_HOLDS_ENUM (value))
    *(gint *) field = g_value_get_enum (value);
  else if (G_VALUE_HOLDS_DOUBLE (value))
    *(gdouble *) field = g_value_get_double (value);
  else
    g_set_object ((GObject **) field, g_value_get_object (value));
}

void
gt_optim_install_fields (GObjectClass       *klass,
                         const GtOptimField *fields,
                         guint               n_fields)
{
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_STATIC_STRINGS;

  klass->get_property = gt_optim_get_field_property;
  klass->set_property = gt_optim_set_field_property;
  for (guint i = 0; i < n_fields; i++)
    {
      const GtOptimField *f = &fields[i];
      GParamSpec *pspec;

      if (f->type == GT_OPTIM_FIELD_INT)
        pspec = g_param_spec_int (f->property, NULL, NULL, f->minimum,
                                  G_MAXINT, (gint) f->default_value, flags);
      else
        pspec = g_param_spec_double (f->property, NULL, NULL, -G_MAXDOUBLE,
                                     G_MAXDOUBLE, f->default_value, flags);
      g_object_class_install_property (klass, GT_OPTIM_FIELD_FIRST_ID + i,
                                       gt_optim_field_property (pspec,
                                                                f->offset));
    }
}

gpointer
gt_lr_scheduler_check_new (gpointer   self,
                           GError   **error)
{
  g_autoptr (GtLRScheduler) scheduler = self;

  if (scheduler == NULL || !gt_lr_scheduler_check (scheduler, error))
    return NULL;
  return g_steal_pointer (&scheduler);
}

/* ---- GObject --------------------------------------------------------------- */

static void
gt_lr_scheduler_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GtLRSchedulerPrivate *priv =
    gt_lr_scheduler_get_instance_private (GT_LR_SCHEDULER (object));

  switch (prop_id)
    {
    case PROP_OPTIMIZER:
      g_value_set_object (value, priv->optimizer);
      break;
    case PROP_LAST_EPOCH:
      g_value_set_int (value, priv->last_epoch);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_lr_scheduler_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GtLRSchedulerPrivate *priv =
    gt_lr_scheduler_get_instance_private (GT_LR_SCHEDULER (object));

  switch (prop_id)
    {
    case PROP_OPTIMIZER:
      priv->optimizer = g_value_dup_object (value);
      break;
    case PROP_LAST_EPOCH:
      priv->last_epoch = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* torch's `group.setdefault('initial_lr', group['lr'])` (or the check
 * that it is there when resuming) for groups the scheduler has not seen */
static gboolean
sync_base_lrs (GtLRScheduler  *self,
               GError        **error)
{
  GtLRSchedulerPrivate *priv = gt_lr_scheduler_get_instance_private (self);
  guint n = gt_optimizer_get_n_param_groups (priv->optimizer);

  for (guint i = priv->base_lrs->len; i < n; i++)
    {
      GtParamGroup *g = gt_optimizer_get_param_group (priv->optimizer, i);
      gdouble base;

      if (!gt_param_group_has_option (g, "initial_lr"))
        {
          if (priv->last_epoch != -1 && priv->step_count == 0)
            {
              g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                           "param 'initial_lr' is not specified in "
                           "param_groups[%u] when resuming an optimizer", i);
              return FALSE;
            }
          gt_param_group_set_option (g, "initial_lr",
                                     gt_param_group_get_lr (g));
        }
      base = gt_param_group_get_option (g, "initial_lr", 0);
      g_array_append_val (priv->base_lrs, base);
    }
  return TRUE;
}

static void
gt_lr_scheduler_constructed (GObject *object)
{
  GtLRScheduler *self = GT_LR_SCHEDULER (object);
  GtLRSchedulerPrivate *priv = gt_lr_scheduler_get_instance_private (self);

  G_OBJECT_CLASS (gt_lr_scheduler_parent_class)->constructed (object);
  if (priv->optimizer == NULL)
    {
      g_set_error (&priv->init_error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: the property \"optimizer\" is not set",
                   G_OBJECT_TYPE_NAME (object));
      return;
    }
  if (!sync_base_lrs (self, &priv->init_error) ||
      !GT_LR_SCHEDULER_GET_CLASS (self)->check (self, &priv->init_error))
    {
      g_prefix_error (&priv->init_error, "%s: ", G_OBJECT_TYPE_NAME (object));
      return;
    }
  /* torch's _initial_step */
  priv->step_count = 0;
  gt_lr_scheduler_step (self, NULL);
}

static void
gt_lr_scheduler_dispose (GObject *object)
{
  GtLRSchedulerPrivate *priv =
    gt_lr_scheduler_get_instance_private (GT_LR_SCHEDULER (object));

  g_clear_object (&priv->optimizer);
  G_OBJECT_CLASS (gt_lr_scheduler_parent_class)->dispose (object);
}

static void
gt_lr_scheduler_finalize (GObject *object)
{
  GtLRSchedulerPrivate *priv =
    gt_lr_scheduler_get_instance_private (GT_LR_SCHEDULER (object));

  g_array_unref (priv->base_lrs);
  g_array_unref (priv->last_lrs);
  g_clear_error (&priv->init_error);
  G_OBJECT_CLASS (gt_lr_scheduler_parent_class)->finalize (object);
}

static void
gt_lr_scheduler_class_init (GtLRSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gt_lr_scheduler_get_property;
  object_class->set_property = gt_lr_scheduler_set_property;
  object_class->constructed = gt_lr_scheduler_constructed;
  object_class->dispose = gt_lr_scheduler_dispose;
  object_class->finalize = gt_lr_scheduler_finalize;
  klass->check = gt_lr_scheduler_real_check;
  klass->get_group_lr = gt_lr_scheduler_real_get_group_lr;

  /**
   * GtLRScheduler:optimizer:
   *
   * The optimizer whose groups' learning rates are scheduled.
   *
   * Since: 0.1
   */
  properties[PROP_OPTIMIZER] =
    g_param_spec_object ("optimizer", NULL, NULL, GT_TYPE_OPTIMIZER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  /**
   * GtLRScheduler:last-epoch:
   *
   * The index of the last epoch: -1 (the default) to start, an epoch
   * count to resume (the groups must then have "initial_lr"). Advanced by
   * each step, the initial one included.
   *
   * Since: 0.1
   */
  properties[PROP_LAST_EPOCH] =
    g_param_spec_int ("last-epoch", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                      G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gt_lr_scheduler_init (GtLRScheduler *self)
{
  GtLRSchedulerPrivate *priv = gt_lr_scheduler_get_instance_private (self);

  priv->base_lrs = g_array_new (FALSE, FALSE, sizeof (gdouble));
  priv->last_lrs = g_array_new (FALSE, FALSE, sizeof (gdouble));
  priv->last_epoch = -1;
}

/**
 * gt_lr_scheduler_check:
 * @self: a #GtLRScheduler
 * @error: return location for a #GError
 *
 * Reports the error found on construction, if any (an invalid setting,
 * no optimizer, a missing "initial_lr" when resuming).
 *
 * Returns: %TRUE when the scheduler is usable, else %FALSE with
 *   %GT_ERROR_VALUE
 *
 * Since: 0.1
 */
gboolean
gt_lr_scheduler_check (GtLRScheduler  *self,
                       GError        **error)
{
  GtLRSchedulerPrivate *priv;

  g_return_val_if_fail (GT_IS_LR_SCHEDULER (self), FALSE);
  priv = gt_lr_scheduler_get_instance_private (self);
  if (priv->init_error != NULL)
    {
      g_propagate_error (error, g_error_copy (priv->init_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * gt_lr_scheduler_step:
 * @self: a #GtLRScheduler
 * @error: return location for a #GError
 *
 * Advances the epoch by one and sets every group's learning rate (torch's
 * `scheduler.step()`). Call it after [method@Gt.Optimizer.step].
 *
 * Returns: %TRUE on success, %FALSE with @error set for a scheduler that
 *   could not be constructed (see [method@Gt.LRScheduler.check])
 *
 * Since: 0.1
 */
gboolean
gt_lr_scheduler_step (GtLRScheduler  *self,
                      GError        **error)
{
  GtLRSchedulerPrivate *priv;
  GtLRSchedulerClass *klass;
  g_autoptr (GArray) values = NULL;
  guint n;

  g_return_val_if_fail (GT_IS_LR_SCHEDULER (self), FALSE);
  priv = gt_lr_scheduler_get_instance_private (self);
  if (!gt_lr_scheduler_check (self, error) || !sync_base_lrs (self, error))
    return FALSE;
  klass = GT_LR_SCHEDULER_GET_CLASS (self);
  n = gt_optimizer_get_n_param_groups (priv->optimizer);

  priv->step_count++;
  priv->last_epoch++;
  /* all values first, then the assignment, as torch's list comprehension */
  values = g_array_sized_new (FALSE, FALSE, sizeof (gdouble), n);
  for (guint i = 0; i < n; i++)
    {
      gdouble lr = gt_optimizer_get_group_lr (priv->optimizer, i, NULL);
      gdouble v = klass->get_group_lr (self, i, lr,
                                       g_array_index (priv->base_lrs,
                                                      gdouble, i));

      g_array_append_val (values, v);
    }
  g_array_set_size (priv->last_lrs, 0);
  for (guint i = 0; i < n; i++)
    {
      if (!gt_optimizer_set_group_lr (priv->optimizer, i,
                                      g_array_index (values, gdouble, i),
                                      error))
        return FALSE;
      g_array_append_val (priv->last_lrs, g_array_index (values, gdouble, i));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EPOCH]);
  return TRUE;
}

static gdouble *
copy_array (GArray *a,
            gsize  *n)
{
  if (n != NULL)
    *n = a->len;
  return g_memdup2 (a->data, MAX (a->len, 1) * sizeof (gdouble));
}

/**
 * gt_lr_scheduler_get_last_lr:
 * @self: a #GtLRScheduler
 * @n_lrs: (out): the number of values (one per group)
 *
 * Returns: (transfer full) (array length=n_lrs): the learning rates the
 *   last step set (torch's `get_last_lr()`)
 *
 * Since: 0.1
 */
gdouble *
gt_lr_scheduler_get_last_lr (GtLRScheduler *self,
                             gsize         *n_lrs)
{
  GtLRSchedulerPrivate *priv;

  g_return_val_if_fail (GT_IS_LR_SCHEDULER (self), NULL);
  priv = gt_lr_scheduler_get_instance_private (self);
  return copy_array (priv->last_lrs, n_lrs);
}

/**
 * gt_lr_scheduler_get_base_lrs:
 * @self: a #GtLRScheduler
 * @n_lrs: (out): the number of values (one per group)
 *
 * Returns: (transfer full) (array length=n_lrs): the groups' initial
 *   learning rates (torch's `base_lrs`)
 *
 * Since: 0.1
 */
gdouble *
gt_lr_scheduler_get_base_lrs (GtLRScheduler *self,
                              gsize         *n_lrs)
{
  GtLRSchedulerPrivate *priv;

  g_return_val_if_fail (GT_IS_LR_SCHEDULER (self), NULL);
  priv = gt_lr_scheduler_get_instance_private (self);
  return copy_array (priv->base_lrs, n_lrs);
}

/**
 * gt_lr_scheduler_get_last_epoch:
 * @self: a #GtLRScheduler
 *
 * Returns: the current epoch (0 after construction from -1)
 *
 * Since: 0.1
 */
gint
gt_lr_scheduler_get_last_epoch (GtLRScheduler *self)
{
  GtLRSchedulerPrivate *priv;

  g_return_val_if_fail (GT_IS_LR_SCHEDULER (self), 0);
  priv = gt_lr_scheduler_get_instance_private (self);
  return priv->last_epoch;
}

/**
 * gt_lr_scheduler_get_step_count:
 * @self: a #GtLRScheduler
 *
 * Returns: the number of steps made, the initial one included (torch's
 *   `_step_count`)
 *
 * Since: 0.1
 */
guint
gt_lr_scheduler_get_step_count (GtLRScheduler *self)
{
  GtLRSchedulerPrivate *priv;

  g_return_val_if_fail (GT_IS_LR_SCHEDULER (self), 0);
  priv = gt_lr_scheduler_get_instance_private (self);
  return priv->step_count;
}

/**
 * gt_lr_scheduler_get_optimizer:
 * @self: a #GtLRScheduler
 *
 * Returns: (transfer none) (nullable): the scheduled optimizer
 *
 * Since: 0.1
 */
GtOptimizer *
gt_lr_scheduler_get_optimizer (GtLRScheduler *self)
{
  GtLRSchedulerPrivate *priv;

  g_return_val_if_fail (GT_IS_LR_SCHEDULER (self), NULL);
  priv = gt_lr_scheduler_get_instance_private (self);
  return priv->optimizer;
}
