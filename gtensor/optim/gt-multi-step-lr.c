#include "config.h"

#include <math.h>

#include "gt-error.h"
#include "gt-error-private.h"
#include "gt-multi-step-lr.h"
#include "optim/gt-optim-private.h"

/**
 * GtMultiStepLR:
 *
 * Decays the learning rate of each group by gamma at each milestone epoch
 * (torch.optim.lr_scheduler.MultiStepLR, chainable form). A milestone
 * given k times decays by gamma ** k, as torch's Counter does.
 *
 * Since: 0.1
 */
struct _GtMultiStepLR
{
  GtLRScheduler parent_instance;
  GArray       *milestones;  /* gint64, sorted */
  gdouble       gamma;
};

G_DEFINE_FINAL_TYPE (GtMultiStepLR, gt_multi_step_lr, GT_TYPE_LR_SCHEDULER)

/**
 * GtMultiStepLR:gamma:
 *
 * The factor of each decay (default 0.1).
 *
 * Since: 0.1
 */
static const GtOptimField fields[] = {
  { "gamma", GT_OPTIM_FIELD_DOUBLE, 0, 0.1,
    G_STRUCT_OFFSET (GtMultiStepLR, gamma) },
};

enum {
  PROP_0,
  PROP_MILESTONES,
};

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gdouble
gt_multi_step_lr_get_group_lr (GtLRScheduler *scheduler,
                               guint          group,
                               gdouble        lr,
                               gdouble        base_lr)
{
  GtMultiStepLR *self = (GtMultiStepLR *) scheduler;
  gint epoch = gt_lr_scheduler_get_last_epoch (scheduler);
  gint count = 0;

  for (guint i = 0; i < self->milestones->len; i++)
    count += g_array_index (self->milestones, gint64, i) == epoch;
  if (count == 0)
    return lr;
  return lr * pow (self->gamma, count);
}

static void
gt_multi_step_lr_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GtMultiStepLR *self = (GtMultiStepLR *) object;

  if (prop_id == PROP_MILESTONES)
    g_value_take_variant (value,
                          g_variant_new_fixed_array (G_VARIANT_TYPE_INT64,
                                                     self->milestones->data,
                                                     self->milestones->len,
                                                     sizeof (gint64)));
  else
    gt_optim_get_field_property (object, prop_id, value, pspec);
}

static void
gt_multi_step_lr_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GtMultiStepLR *self = (GtMultiStepLR *) object;

  if (prop_id == PROP_MILESTONES)
    {
      GVariant *v = g_value_get_variant (value);
      gsize n = 0;
      const gint64 *data = NULL;

      g_array_set_size (self->milestones, 0);
      if (v != NULL)
        data = g_variant_get_fixed_array (v, &n, sizeof (gint64));
      g_array_append_vals (self->milestones, data, n);
      g_array_sort (self->milestones, compare_int64);
    }
  else
    gt_optim_set_field_property (object, prop_id, value, pspec);
}

static void
gt_multi_step_lr_finalize (GObject *object)
{
  g_array_unref (((GtMultiStepLR *) object)->milestones);
  G_OBJECT_CLASS (gt_multi_step_lr_parent_class)->finalize (object);
}

static void
gt_multi_step_lr_class_init (GtMultiStepLRClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  GT_LR_SCHEDULER_CLASS (klass)->get_group_lr = gt_multi_step_lr_get_group_lr;
  object_class->get_property = gt_multi_step_lr_get_property;
  object_class->set_property = gt_multi_step_lr_set_property;
  object_class->finalize = gt_multi_step_lr_finalize;

  /**
   * GtMultiStepLR:milestones:
   *
   * The epochs at which to decay, as a #GVariant of type "ax" (C code
   * passes them to [ctor@Gt.MultiStepLR.new] instead).
   *
   * Since: 0.1
   */
  g_object_class_install_property (object_class, PROP_MILESTONES,
    g_param_spec_variant ("milestones", NULL, NULL, G_VARIANT_TYPE ("ax"),
                          NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS));
  /* gamma after milestones, as before; the installer sets the field
   * accessors, which ours fall back on */
  gt_optim_install_fields (object_class, fields, G_N_ELEMENTS (fields));
  object_class->get_property = gt_multi_step_lr_get_property;
  object_class->set_property = gt_multi_step_lr_set_property;
}

static void
gt_multi_step_lr_init (GtMultiStepLR *self)
{
  self->milestones = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * gt_multi_step_lr_new:
 * @optimizer: the optimizer to schedule
 * @milestones: (array length=n_milestones): the epochs at which to decay
 * @n_milestones: their number
 * @gamma: the factor of each decay
 * @last_epoch: -1 to start, or the last epoch when resuming
 * @error: return location for a #GError
 *
 * `torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones, gamma,
 * last_epoch)`.
 *
 * Returns: (transfer full) (nullable): a new #GtMultiStepLR (its initial
 *   step made), or %NULL with %GT_ERROR_VALUE
 *
 * Since: 0.1
 */
GtLRScheduler *
gt_multi_step_lr_new (GtOptimizer   *optimizer,
                      const gint64  *milestones,
                      gsize          n_milestones,
                      gdouble        gamma,
                      gint           last_epoch,
                      GError       **error)
{
  GVariant *v;

  g_return_val_if_fail (GT_IS_OPTIMIZER (optimizer), NULL);
  g_return_val_if_fail (milestones != NULL || n_milestones == 0, NULL);
  v = g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, milestones,
                                 n_milestones, sizeof (gint64));
  return gt_lr_scheduler_check_new (
    gt_object_new_checked ("gt_multi_step_lr_new", GT_TYPE_MULTI_STEP_LR,
                           error, "optimizer", optimizer,
                           "milestones", v, "gamma", gamma,
                           "last-epoch", last_epoch, NULL), error);
}

/**
 * gt_multi_step_lr_get_milestones:
 * @self: a #GtMultiStepLR
 * @n_milestones: (out): their number
 *
 * Returns: (transfer full) (array length=n_milestones): the milestones,
 *   sorted
 *
 * Since: 0.1
 */
gint64 *
gt_multi_step_lr_get_milestones (GtMultiStepLR *self,
                                 gsize         *n_milestones)
{
  g_return_val_if_fail (GT_IS_MULTI_STEP_LR (self), NULL);
  *n_milestones = self->milestones->len;
  return g_memdup2 (self->milestones->data,
                    MAX (self->milestones->len, 1) * sizeof (gint64));
}
