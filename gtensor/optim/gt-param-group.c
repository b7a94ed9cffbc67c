#include "config.h"

#include <string.h>

#include "gt-param-group.h"

/**
 * GtParamGroup:
 *
 * A group of parameters with its own hyper-parameters: one entry of
 * torch.optim's `optimizer.param_groups`. It holds the tensors and a map of
 * options, each a number named as torch names it: `lr`, `momentum`,
 * `dampening`, `weight_decay`, `nesterov`, `maximize`, `beta1`, `beta2`
 * (torch's `betas` tuple), `eps`, `amsgrad`, `alpha`, `centered`, and
 * `initial_lr` once a learning-rate scheduler has seen the group. Flags
 * are stored as 0 or 1.
 *
 * An option set on a group before it is added to an optimizer overrides
 * the optimizer's default; the others are filled in from the defaults when
 * the group is added ([method@Gt.Optimizer.add_param_group]). A group is
 * shared, not copied: changing an option of a group the optimizer holds
 * (`group.set_option ("lr", 0.1)`, Python's `g['lr'] = 0.1`) takes effect
 * at the next step.
 *
 * Since: 0.1
 */
struct _GtParamGroup
{
  GObject     parent_instance;

  GPtrArray  *params;       /* GtTensor, strong */
  GPtrArray  *names;        /* option names in insertion order */
  GHashTable *options;      /* name (owned by names) → gdouble * */
};

G_DEFINE_FINAL_TYPE (GtParamGroup, gt_param_group, G_TYPE_OBJECT)

static void
gt_param_group_finalize (GObject *object)
{
  GtParamGroup *self = GT_PARAM_GROUP (object);

  g_ptr_array_unref (self->params);
  g_hash_table_unref (self->options);
  g_ptr_array_unref (self->names);
  G_OBJECT_CLASS (gt_param_group_parent_class)->finalize (object);
}

static void
gt_param_group_class_init (GtParamGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gt_param_group_finalize;
}

static void
gt_param_group_init (GtParamGroup *self)
{
  self->params = g_ptr_array_new_with_free_func (g_object_unref);
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->options = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

/**
 * gt_param_group_new:
 * @params: (element-type Gt.Tensor) (nullable): the parameters; %NULL for
 *   none
 *
 * Creates a group of @params with no options of its own (torch's
 * `{'params': params}`). %NULL entries are left out.
 *
 * Returns: (transfer full): a new #GtParamGroup
 *
 * Since: 0.1
 */
GtParamGroup *
gt_param_group_new (GPtrArray *params)
{
  GtParamGroup *self = g_object_new (GT_TYPE_PARAM_GROUP, NULL);

  for (guint i = 0; params != NULL && i < params->len; i++)
    if (params->pdata[i] != NULL)
      g_ptr_array_add (self->params, g_object_ref (params->pdata[i]));
  return self;
}

/**
 * gt_param_group_get_n_params:
 * @self: a #GtParamGroup
 *
 * Returns: the number of parameters in the group
 *
 * Since: 0.1
 */
guint
gt_param_group_get_n_params (GtParamGroup *self)
{
  g_return_val_if_fail (GT_IS_PARAM_GROUP (self), 0);
  return self->params->len;
}

/**
 * gt_param_group_get_param:
 * @self: a #GtParamGroup
 * @index: which parameter, below [method@Gt.ParamGroup.get_n_params]
 *
 * Returns: (transfer none) (nullable): the parameter, or %NULL when @index
 *   is out of range
 *
 * Since: 0.1
 */
GtTensor *
gt_param_group_get_param (GtParamGroup *self,
                          guint         index)
{
  g_return_val_if_fail (GT_IS_PARAM_GROUP (self), NULL);
  if (index >= self->params->len)
    return NULL;
  return self->params->pdata[index];
}

/**
 * gt_param_group_get_params:
 * @self: a #GtParamGroup
 *
 * Returns: (transfer container) (element-type Gt.Tensor): the parameters,
 *   in order
 *
 * Since: 0.1
 */
GPtrArray *
gt_param_group_get_params (GtParamGroup *self)
{
  GPtrArray *out;

  g_return_val_if_fail (GT_IS_PARAM_GROUP (self), NULL);
  out = g_ptr_array_new_full (self->params->len, g_object_unref);
  for (guint i = 0; i < self->params->len; i++)
    g_ptr_array_add (out, g_object_ref (self->params->pdata[i]));
  return out;
}

/**
 * gt_param_group_has_option:
 * @self: a #GtParamGroup
 * @name: an option name, such as "lr"
 *
 * Returns: whether the group has the option @name
 *
 * Since: 0.1
 */
gboolean
gt_param_group_has_option (GtParamGroup *self,
                           const char   *name)
{
  g_return_val_if_fail (GT_IS_PARAM_GROUP (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return g_hash_table_contains (self->options, name);
}

/**
 * gt_param_group_get_option:
 * @self: a #GtParamGroup
 * @name: an option name, such as "lr"
 * @fallback: what to return when the group has no option @name
 *
 * Returns: the value of the option @name, or @fallback
 *
 * Since: 0.1
 */
gdouble
gt_param_group_get_option (GtParamGroup *self,
                           const char   *name,
                           gdouble       fallback)
{
  const gdouble *value;

  g_return_val_if_fail (GT_IS_PARAM_GROUP (self), fallback);
  g_return_val_if_fail (name != NULL, fallback);
  value = g_hash_table_lookup (self->options, name);
  return value != NULL ? *value : fallback;
}

/**
 * gt_param_group_set_option:
 * @self: a #GtParamGroup
 * @name: an option name, such as "lr"
 * @value: its value (flags: 0 or 1)
 *
 * Sets or adds the option @name. The optimizer checks the values at its
 * next step.
 *
 * Since: 0.1
 */
void
gt_param_group_set_option (GtParamGroup *self,
                           const char   *name,
                           gdouble       value)
{
  gdouble *slot;

  g_return_if_fail (GT_IS_PARAM_GROUP (self));
  g_return_if_fail (name != NULL);
  slot = g_hash_table_lookup (self->options, name);
  if (slot == NULL)
    {
      char *key = g_strdup (name);

      slot = g_new (gdouble, 1);
      g_ptr_array_add (self->names, key);
      g_hash_table_insert (self->options, key, slot);
    }
  *slot = value;
}

/**
 * gt_param_group_list_options:
 * @self: a #GtParamGroup
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   group's options in the order they were first set
 *
 * Since: 0.1
 */
char **
gt_param_group_list_options (GtParamGroup *self)
{
  char **names;

  g_return_val_if_fail (GT_IS_PARAM_GROUP (self), NULL);
  names = g_new0 (char *, self->names->len + 1);
  for (guint i = 0; i < self->names->len; i++)
    names[i] = g_strdup (self->names->pdata[i]);
  return names;
}

/**
 * gt_param_group_get_lr:
 * @self: a #GtParamGroup
 *
 * Returns: the option "lr" (0 if the group has none yet)
 *
 * Since: 0.1
 */
gdouble
gt_param_group_get_lr (GtParamGroup *self)
{
  return gt_param_group_get_option (self, "lr", 0.0);
}

/**
 * gt_param_group_set_lr:
 * @self: a #GtParamGroup
 * @lr: the learning rate
 *
 * Sets the option "lr".
 *
 * Since: 0.1
 */
void
gt_param_group_set_lr (GtParamGroup *self,
                       gdouble       lr)
{
  gt_param_group_set_option (self, "lr", lr);
}
