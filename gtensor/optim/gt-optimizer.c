#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gt-autograd.h"
#include "gt-creation.h"
#include "gt-error.h"
#include "gt-grad-mode.h"
#include "gt-optimizer.h"
#include "optim/gt-optim-private.h"
#include "ops/gt-op-private.h"

/**
 * GtOptimizer:
 *
 * The base class of the optimizers (torch.optim.Optimizer). An optimizer
 * holds parameter groups ([class@Gt.ParamGroup]), default hyper-parameters
 * (its construct properties, see [method@Gt.Optimizer.get_defaults]) and a
 * state per parameter: named tensors such as "step", "exp_avg" or
 * "momentum_buffer".
 *
 * [method@Gt.Optimizer.step] checks every group's options, runs the
 * `step` virtual method, then emits [signal@Gt.Optimizer::step].
 * Parameters whose gradient is %NULL are skipped, as in torch.
 *
 * ## The state dict
 *
 * [method@Gt.Optimizer.state_dict] flattens torch's `optimizer.state_dict()`
 * into one map from names to tensors, so that it can be written with the
 * safetensors writer as it is and read back with
 * [method@Gt.Optimizer.load_state_dict]:
 *
 * - `state.<i>.<name>`: the state tensor `<name>` of parameter `<i>`, where
 *   parameters are numbered from 0 across the groups in order, as torch
 *   numbers them (for example `state.0.exp_avg`, `state.3.momentum_buffer`).
 *   The step count `state.<i>.step` is a 0-d float32 tensor, as torch 1.13
 *   keeps it for Adam and AdamW.
 * - `param_groups.<g>.params`: a 1-D int64 tensor with the indices of the
 *   parameters of group `<g>`.
 * - `param_groups.<g>.<option>`: each option of group `<g>` ("lr",
 *   "beta1", "weight_decay", "amsgrad", "initial_lr", ...) as a 0-d
 *   float64 tensor.
 *
 * The tensors are copies: stepping on does not change a state dict taken
 * before. Loading copies the state again, converted to each parameter's
 * dtype (except "step"), so that a fresh optimizer built over the same
 * parameters continues bit for bit where the saved one stopped.
 *
 * Since: 0.1
 */

typedef struct {
  GPtrArray    *groups;     /* GtParamGroup */
  GtParamGroup *defaults;   /* the defaults, no parameters */
  GHashTable   *state;      /* GtTensor (ref) → GHashTable name → GtTensor */
} GtOptimizerPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GtOptimizer, gt_optimizer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LR,
  N_PROPS
};

enum {
  SIGNAL_STEP,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean check_group (GtOptimizer   *self,
                             const char    *func,
                             GtParamGroup  *group,
                             GError       **error);

/* ---- shared helpers ------------------------------------------------------- */

char *
gt_optim_format_double (gdouble value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("nan");
  if (isinf (value))
    return g_strdup (value > 0 ? "inf" : "-inf");
  /* The shortest form that reads back to the same double, as Python's
   * repr; Python adds ".0" to integral values and writes exponents of
   * 16 and more (and below -4) in scientific form. */
  for (int precision = 1; precision <= 17; precision++)
    {
      g_snprintf (buf, sizeof buf, "%.*g", precision, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  if (strchr (buf, 'e') != NULL)
    {
      double a = fabs (value);

      if (a >= 1e-4 && a < 1e16)
        {
          /* %g went scientific earlier than Python would: print fixed */
          for (int decimals = 0; decimals <= 20; decimals++)
            {
              g_snprintf (buf, sizeof buf, "%.*f", decimals, value);
              if (g_ascii_strtod (buf, NULL) == value)
                break;
            }
        }
    }
  if (strchr (buf, 'e') == NULL && strchr (buf, '.') == NULL)
    return g_strconcat (buf, ".0", NULL);
  return g_strdup (buf);
}

gboolean
gt_optim_invalid (GError     **error,
                  const char  *what,
                  gdouble      value)
{
  g_autofree char *text = gt_optim_format_double (value);

  g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "Invalid %s: %s", what, text);
  return FALSE;
}

/* ---- the options as tables ------------------------------------------------ */

/* the option a property of an optimizer subclass stands for */
G_DEFINE_QUARK (gt-optim-option, gt_optim_option)

static void
get_option_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  GtParamGroup *d = gt_optimizer_get_defaults (GT_OPTIMIZER (object));
  const char *name = g_param_spec_get_qdata (pspec, gt_optim_option_quark ());
  gdouble v;

  if (name == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  v = gt_param_group_get_option (d, name, 0);
  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, v != 0);
  else
    g_value_set_double (value, v);
}

static void
set_option_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  GtParamGroup *d = gt_optimizer_get_defaults (GT_OPTIMIZER (object));
  const char *name = g_param_spec_get_qdata (pspec, gt_optim_option_quark ());

  if (name == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_BOOLEAN)
    gt_param_group_set_option (d, name, g_value_get_boolean (value) ? 1 : 0);
  else
    gt_param_group_set_option (d, name, g_value_get_double (value));
}

void
gt_optim_install_options (GObjectClass        *klass,
                          const GtOptimOption *options,
                          guint                n_options)
{
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                            G_PARAM_STATIC_STRINGS;

  klass->get_property = get_option_property;
  klass->set_property = set_option_property;
  /* entry 0 is "lr", GtOptimizer's own */
  for (guint i = 1; i < n_options; i++)
    {
      const GtOptimOption *o = &options[i];
      GParamSpec *pspec;

      if (o->boolean)
        pspec = g_param_spec_boolean (o->property, NULL, NULL,
                                      o->default_value != 0, flags);
      else
        pspec = g_param_spec_double (o->property, NULL, NULL, -G_MAXDOUBLE,
                                     G_MAXDOUBLE, o->default_value, flags);
      g_param_spec_set_qdata (pspec, gt_optim_option_quark (),
                              (gpointer) o->option);
      g_object_class_install_property (klass, i, pspec);
    }
}

gboolean
gt_optim_check_options (GtParamGroup        *group,
                        const GtOptimOption *options,
                        const GtOptimCheck  *checks,
                        guint                n_checks,
                        GError             **error)
{
  for (guint i = 0; i < n_checks; i++)
    {
      const GtOptimOption *o = &options[checks[i].option];
      gdouble v = gt_param_group_get_option (group, o->option, 0);
      gboolean ok = v >= 0.0;   /* false for NaN */

      if (checks[i].range == GT_OPTIM_BELOW_ONE)
        ok = ok && v < 1.0;
      if (!ok)
        return gt_optim_invalid (error, o->what, v);
    }
  return TRUE;
}

GtOptimizer *
gt_optim_new (GType                type,
              const char          *func,
              GPtrArray           *params,
              const GtOptimOption *options,
              const gdouble       *values,
              guint                n_options,
              GError             **error)
{
  const char *names[GT_OPTIM_MAX_OPTIONS];
  GValue gvalues[GT_OPTIM_MAX_OPTIONS];
  GtOptimizer *self;

  g_return_val_if_fail (n_options <= GT_OPTIM_MAX_OPTIONS, NULL);
  for (guint i = 0; i < n_options; i++)
    if (!options[i].boolean && isnan (values[i]))
      {
        g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                     "%s: Invalid %s: nan", func, options[i].what);
        return NULL;
      }
  memset (gvalues, 0, sizeof gvalues);
  for (guint i = 0; i < n_options; i++)
    {
      names[i] = options[i].property;
      if (options[i].boolean)
        {
          g_value_init (&gvalues[i], G_TYPE_BOOLEAN);
          g_value_set_boolean (&gvalues[i], values[i] != 0);
        }
      else
        {
          g_value_init (&gvalues[i], G_TYPE_DOUBLE);
          g_value_set_double (&gvalues[i], values[i]);
        }
    }
  self = GT_OPTIMIZER (g_object_new_with_properties (type, n_options, names,
                                                     gvalues));
  for (guint i = 0; i < n_options; i++)
    g_value_unset (&gvalues[i]);
  return gt_optim_construct (self, func, params, error);
}

/* the group's options into the kernel's arguments */
static void
read_options (GtParamGroup        *group,
              const GtOptimOption *options,
              guint                n_options,
              gpointer             args)
{
  for (guint i = 0; i < n_options; i++)
    {
      const GtOptimOption *o = &options[i];
      gdouble v = gt_param_group_get_option (group, o->option,
                                             o->default_value);

      if (o->boolean)
        G_STRUCT_MEMBER (gboolean, args, o->offset) = v != 0;
      else
        G_STRUCT_MEMBER (gdouble, args, o->offset) = v;
    }
}

gboolean
gt_optim_step_params (GtOptimizer         *self,
                      const GtOptimOption *options,
                      guint                n_options,
                      gpointer             args,
                      gsize                kernel,
                      GtOptimUpdateFunc    update,
                      GError             **error)
{
  const char *func = "gt_optimizer_step";

  for (guint gi = 0; gi < gt_optimizer_get_n_param_groups (self); gi++)
    {
      GtParamGroup *g = gt_optimizer_get_param_group (self, gi);

      read_options (g, options, n_options, args);
      for (guint i = 0; i < gt_param_group_get_n_params (g); i++)
        {
          GtTensor *p = gt_param_group_get_param (g, i);
          GtOptimUpdate u;
          GError *local = NULL;

          if (!gt_optim_update_begin (&u, func, p, gi, i, &local))
            {
              if (local == NULL)
                continue;   /* no gradient: skipped, as in torch */
              g_propagate_error (error, local);
              return FALSE;
            }
          if (G_STRUCT_MEMBER (gpointer, u.backend, kernel) == NULL)
            {
              gt_optim_update_clear (&u);
              return gt_backend_not_supported (func, gt_tensor_backend (p),
                                               error);
            }
          if (!update (self, &u, args, error))
            {
              gt_optim_update_clear (&u);
              return FALSE;
            }
          if (!gt_optim_update_finish (&u, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ---- per-parameter state --------------------------------------------------- */

static GHashTable *
param_state (GtOptimizer *self,
             GtTensor    *param,
             gboolean     create)
{
  GtOptimizerPrivate *priv = gt_optimizer_get_instance_private (self);
  GHashTable *state = g_hash_table_lookup (priv->state, param);

  if (state == NULL && create)
    {
      state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     g_object_unref);
      g_hash_table_insert (priv->state, g_object_ref (param), state);
    }
  return state;
}

GtTensor *
gt_optim_state_tensor (GtOptimizer *self,
                       GtTensor    *param,
                       const char  *name,
                       gboolean     create,
                       GError     **error)
{
  GHashTable *state = param_state (self, param, create);
  GtTensor *t = state != NULL ? g_hash_table_lookup (state, name) : NULL;

  if (t == NULL)
    {
      if (!create)
        return NULL;
      t = gt_zeros_like (param, error);
      if (t == NULL)
        return NULL;
      g_hash_table_insert (state, g_strdup (name), t);
    }
  if (t->dtype != param->dtype || t->numel != param->numel ||
      !gt_tensor_is_contiguous (t) ||
      t->storage->backend != param->storage->backend ||
      t->storage->device.index != param->storage->device.index)
    {
      g_autofree char *td = gt_tensor_describe (t);
      g_autofree char *pd = gt_tensor_describe (param);

      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_optimizer_step: the state \"%s\" (%s) does not fit "
                   "its parameter (%s): it must be contiguous, with the "
                   "parameter's dtype, device and size", name, td, pd);
      return NULL;
    }
  if (!gt_tensor_prepare_write (t, error))
    return NULL;
  return t;
}

GtOptimizer *
gt_optim_construct (GtOptimizer *self,
                    const char  *func,
                    GPtrArray   *params,
                    GError     **error)
{
  g_autoptr (GtOptimizer) opt = self;
  GtOptimizerPrivate *priv = gt_optimizer_get_instance_private (self);

  if (!check_group (self, func, priv->defaults, error))
    return NULL;
  if (params == NULL || params->len == 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: optimizer got an empty parameter list", func);
      return NULL;
    }
  if (!gt_optimizer_add_params (self, params, error))
    return NULL;
  return g_steal_pointer (&opt);
}

gdouble
gt_optim_increment_step (GtOptimizer *self,
                         GtTensor    *param,
                         GError     **error)
{
  GHashTable *state = param_state (self, param, TRUE);
  GtTensor *t = g_hash_table_lookup (state, "step");
  float step;

  if (t == NULL)
    {
      t = gt_zeros (NULL, 0, GT_DTYPE_FLOAT32, NULL, error);
      if (t == NULL)
        return -1;
      g_hash_table_insert (state, g_strdup ("step"), t);
    }
  if (t->numel != 1 || t->storage->device.type != GT_DEVICE_TYPE_CPU)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_optimizer_step: the state \"step\" must be one number "
                   "on the CPU");
      return -1;
    }
  if (!gt_tensor_prepare_write (t, error))
    return -1;
  /* step_t += 1 on a float tensor: the count is exact up to 2^24 */
  if (t->dtype == GT_DTYPE_FLOAT64)
    {
      double *d = gt_tensor_data (t);

      *d += 1.0;
      return *d;
    }
  if (t->dtype != GT_DTYPE_FLOAT32)
    {
      g_autoptr (GtTensor) f = gt_tensor_to_dtype (t, GT_DTYPE_FLOAT32, error);

      if (f == NULL)
        return -1;
      g_hash_table_insert (state, g_strdup ("step"), g_object_ref (f));
      t = f;
    }
  step = *(float *) gt_tensor_data (t) + 1.0f;
  *(float *) gt_tensor_data (t) = step;
  return step;
}

gboolean
gt_optim_update_begin (GtOptimUpdate *u,
                       const char    *func,
                       GtTensor      *param,
                       guint          group,
                       guint          index,
                       GError       **error)
{
  GtTensor *grad = gt_tensor_get_grad (param);
  const GtBackend *backend = gt_tensor_backend (param);
  GtDType dtype = param->dtype;

  memset (u, 0, sizeof *u);
  if (grad == NULL)
    return FALSE;
  if (dtype != GT_DTYPE_FLOAT32 && dtype != GT_DTYPE_FLOAT64)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: parameter %u of group %u has dtype %s; the optimizers "
                   "update float32 and float64 parameters",
                   func, index, group, gt_dtype_get_name (dtype));
      return FALSE;
    }
  if (grad->ndim != param->ndim ||
      memcmp (grad->sizes, param->sizes, param->ndim * sizeof (gint64)) != 0)
    {
      g_autofree char *ps = gt_shape_to_string (param->sizes, param->ndim);
      g_autofree char *gs = gt_shape_to_string (grad->sizes, grad->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: parameter %u of group %u has shape %s but its "
                   "gradient has shape %s", func, index, group, ps, gs);
      return FALSE;
    }
  if (grad->storage->backend != backend ||
      grad->storage->device.index != param->storage->device.index)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                   "%s: parameter %u of group %u and its gradient are on "
                   "different devices", func, index, group);
      return FALSE;
    }
  if (backend->optim == NULL)
    return gt_backend_not_supported (func, backend, error);
  u->backend = backend->optim;
  u->param = param;
  u->group = group;
  u->index = index;

  if (grad->dtype == dtype && gt_tensor_is_contiguous (grad))
    u->grad = g_object_ref (grad);
  else
    {
      g_autoptr (GtTensor) g = gt_tensor_to_dtype (grad, dtype, error);

      u->grad = g != NULL ? gt_tensor_contiguous (g, error) : NULL;
      if (u->grad == NULL)
        return FALSE;
    }
  if (!gt_tensor_prepare_write (param, error))
    {
      gt_optim_update_clear (u);
      return FALSE;
    }
  /* The contiguous fast path writes in place; other layouts (and a
   * gradient sharing the parameter's memory) go through a copy that
   * gt_optim_update_finish writes back. Steps run with grad mode off, so
   * the copy records nothing. */
  if (gt_tensor_is_contiguous (param) && u->grad->storage != param->storage)
    u->work = g_object_ref (param);
  else if ((u->work = gt_tensor_clone (param, error)) == NULL)
    {
      gt_optim_update_clear (u);
      return FALSE;
    }
  return TRUE;
}

gboolean
gt_optim_update_finish (GtOptimUpdate *u,
                        GError       **error)
{
  gboolean ok = TRUE;

  if (u->work != NULL && u->work != u->param)
    ok = gt_tensor_copy_ (u->param, u->work, error);
  gt_optim_update_clear (u);
  return ok;
}

void
gt_optim_update_clear (GtOptimUpdate *u)
{
  g_clear_object (&u->work);
  g_clear_object (&u->grad);
}

/* ---- GObject --------------------------------------------------------------- */

static gboolean
gt_optimizer_real_step (GtOptimizer  *self,
                        GError      **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "gt_optimizer_step: %s does not implement step",
               G_OBJECT_TYPE_NAME (self));
  return FALSE;
}

static gboolean
gt_optimizer_real_check_group (GtOptimizer   *self,
                               GtParamGroup  *group,
                               GError       **error)
{
  gdouble lr = gt_param_group_get_lr (group);

  if (!(lr >= 0.0))
    return gt_optim_invalid (error, "learning rate", lr);
  return TRUE;
}

static void
gt_optimizer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GtOptimizer *self = GT_OPTIMIZER (object);

  switch (prop_id)
    {
    case PROP_LR:
      g_value_set_double (value, gt_optimizer_get_lr (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_optimizer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GtOptimizer *self = GT_OPTIMIZER (object);

  switch (prop_id)
    {
    case PROP_LR:
      gt_optimizer_set_lr (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_optimizer_dispose (GObject *object)
{
  GtOptimizerPrivate *priv =
    gt_optimizer_get_instance_private (GT_OPTIMIZER (object));

  g_ptr_array_set_size (priv->groups, 0);
  g_hash_table_remove_all (priv->state);
  G_OBJECT_CLASS (gt_optimizer_parent_class)->dispose (object);
}

static void
gt_optimizer_finalize (GObject *object)
{
  GtOptimizerPrivate *priv =
    gt_optimizer_get_instance_private (GT_OPTIMIZER (object));

  g_ptr_array_unref (priv->groups);
  g_hash_table_unref (priv->state);
  g_object_unref (priv->defaults);
  G_OBJECT_CLASS (gt_optimizer_parent_class)->finalize (object);
}

static void
gt_optimizer_class_init (GtOptimizerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gt_optimizer_get_property;
  object_class->set_property = gt_optimizer_set_property;
  object_class->dispose = gt_optimizer_dispose;
  object_class->finalize = gt_optimizer_finalize;
  klass->step = gt_optimizer_real_step;
  klass->check_group = gt_optimizer_real_check_group;

  /**
   * GtOptimizer:lr:
   *
   * The learning rate. Reading gives the first group's (the default's
   * while there is no group); writing sets the default and every group's,
   * as assigning `g['lr']` for every group of torch's `param_groups` does.
   *
   * Since: 0.1
   */
  properties[PROP_LR] =
    g_param_spec_double ("lr", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 1e-3,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GtOptimizer::step:
   * @self: the optimizer
   *
   * Emitted after each successful [method@Gt.Optimizer.step] (torch's
   * optimizer step post-hooks).
   *
   * Since: 0.1
   */
  signals[SIGNAL_STEP] =
    g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gt_optimizer_init (GtOptimizer *self)
{
  GtOptimizerPrivate *priv = gt_optimizer_get_instance_private (self);

  priv->groups = g_ptr_array_new_with_free_func (g_object_unref);
  priv->defaults = gt_param_group_new (NULL);
  priv->state = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                       g_object_unref,
                                       (GDestroyNotify) g_hash_table_unref);
}

/* ---- stepping ------------------------------------------------------------- */

static gboolean
check_group (GtOptimizer   *self,
             const char    *func,
             GtParamGroup  *group,
             GError       **error)
{
  GError *local = NULL;

  if (GT_OPTIMIZER_GET_CLASS (self)->check_group (self, group, &local))
    return TRUE;
  if (local == NULL)
    g_set_error (&local, GT_ERROR, GT_ERROR_VALUE,
                 "invalid parameter group");
  g_prefix_error (&local, "%s: ", func);
  g_propagate_error (error, local);
  return FALSE;
}

/**
 * gt_optimizer_check:
 * @self: a #GtOptimizer
 * @error: return location for a #GError
 *
 * Checks the defaults and every group's options as the constructors and
 * [method@Gt.Optimizer.step] do: an optimizer made with g_object_new() and
 * invalid properties is refused here.
 *
 * Returns: %TRUE when every hyper-parameter is valid; else %FALSE with
 *   %GT_ERROR_VALUE and torch's message ("gt_optimizer_check: Invalid
 *   learning rate: -0.1")
 *
 * Since: 0.1
 */
gboolean
gt_optimizer_check (GtOptimizer  *self,
                    GError      **error)
{
  GtOptimizerPrivate *priv;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), FALSE);
  priv = gt_optimizer_get_instance_private (self);
  if (!check_group (self, "gt_optimizer_check", priv->defaults, error))
    return FALSE;
  for (guint i = 0; i < priv->groups->len; i++)
    if (!check_group (self, "gt_optimizer_check", priv->groups->pdata[i],
                      error))
      return FALSE;
  return TRUE;
}

/**
 * gt_optimizer_step:
 * @self: a #GtOptimizer
 * @error: return location for a #GError
 *
 * Performs one optimisation step (torch's `optimizer.step()`): checks
 * every group's options, updates every parameter that has a gradient
 * with the subclass's rule, then emits [signal@Gt.Optimizer::step].
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_VALUE for invalid
 *   options (nothing is updated), %GT_ERROR_DTYPE for a parameter that is
 *   not float32 or float64, %GT_ERROR_SHAPE for a gradient of another
 *   shape
 *
 * Since: 0.1
 */
gboolean
gt_optimizer_step (GtOptimizer  *self,
                   GError      **error)
{
  GtOptimizerPrivate *priv;
  gboolean prev, ok;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), FALSE);
  priv = gt_optimizer_get_instance_private (self);
  for (guint i = 0; i < priv->groups->len; i++)
    if (!check_group (self, "gt_optimizer_step", priv->groups->pdata[i],
                      error))
      return FALSE;
  /* torch steps under no_grad: in-place writes into leaves that require
   * grad, and no graph for the helper copies */
  prev = gt_set_grad_enabled (FALSE);
  ok = GT_OPTIMIZER_GET_CLASS (self)->step (self, error);
  gt_set_grad_enabled (prev);
  if (!ok)
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_STEP], 0);
  return TRUE;
}

/**
 * gt_optimizer_zero_grad:
 * @self: a #GtOptimizer
 * @set_to_none: %TRUE to drop the gradients, %FALSE to fill them with
 *   zeros (torch 1.13's default)
 * @error: return location for a #GError
 *
 * Resets the gradient of every parameter (torch's
 * `optimizer.zero_grad(set_to_none)`). A gradient that has a graph of its
 * own (create_graph) is detached first, as torch does.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
gt_optimizer_zero_grad (GtOptimizer  *self,
                        gboolean      set_to_none,
                        GError      **error)
{
  GtOptimizerPrivate *priv;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), FALSE);
  priv = gt_optimizer_get_instance_private (self);
  for (guint g = 0; g < priv->groups->len; g++)
    {
      GtParamGroup *group = priv->groups->pdata[g];

      for (guint i = 0; i < gt_param_group_get_n_params (group); i++)
        {
          GtTensor *p = gt_param_group_get_param (group, i);
          GtTensor *grad = gt_tensor_get_grad (p);

          if (grad == NULL)
            continue;
          if (set_to_none)
            {
              if (!gt_tensor_set_grad (p, NULL, error))
                return FALSE;
              continue;
            }
          if (!gt_tensor_is_leaf (grad) || gt_tensor_get_requires_grad (grad))
            {
              g_autoptr (GtTensor) detached = gt_tensor_detach (grad);
              g_autoptr (GtTensor) zeros = gt_zeros_like (detached, error);

              if (zeros == NULL || !gt_tensor_set_grad (p, zeros, error))
                return FALSE;
              continue;
            }
          if (!gt_tensor_zero_ (grad, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ---- groups ------------------------------------------------------------- */

/**
 * gt_optimizer_add_param_group:
 * @self: a #GtOptimizer
 * @group: the group to add; the optimizer keeps a reference and shares it
 * @error: return location for a #GError
 *
 * Adds a parameter group (torch's `optimizer.add_param_group`). Options
 * the group does not have are set from the optimizer's defaults; then the
 * group is checked.
 *
 * Returns: %TRUE when the group was added; %FALSE with %GT_ERROR_VALUE
 *   for a parameter that is not a leaf ("can't optimize a non-leaf
 *   Tensor"), one already in another group ("some parameters appear in
 *   more than one parameter group") or an invalid option
 *
 * Since: 0.1
 */
gboolean
gt_optimizer_add_param_group (GtOptimizer   *self,
                              GtParamGroup  *group,
                              GError       **error)
{
  const char *func = "gt_optimizer_add_param_group";
  GtOptimizerPrivate *priv;
  g_auto (GStrv) names = NULL;
  guint n;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), FALSE);
  g_return_val_if_fail (GT_IS_PARAM_GROUP (group), FALSE);
  priv = gt_optimizer_get_instance_private (self);
  n = gt_param_group_get_n_params (group);

  for (guint g = 0; g < priv->groups->len; g++)
    if (priv->groups->pdata[g] == group)
      {
        g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                     "%s: the group is already in this optimizer", func);
        return FALSE;
      }
  for (guint i = 0; i < n; i++)
    {
      GtTensor *p = gt_param_group_get_param (group, i);

      if (!gt_tensor_is_leaf (p))
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: can't optimize a non-leaf Tensor (parameter %u)",
                       func, i);
          return FALSE;
        }
      for (guint g = 0; g < priv->groups->len; g++)
        {
          GtParamGroup *other = priv->groups->pdata[g];

          for (guint j = 0; j < gt_param_group_get_n_params (other); j++)
            if (gt_param_group_get_param (other, j) == p)
              {
                g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                             "%s: some parameters appear in more than one "
                             "parameter group", func);
                return FALSE;
              }
        }
    }

  names = gt_param_group_list_options (priv->defaults);
  for (guint k = 0; names[k] != NULL; k++)
    if (!gt_param_group_has_option (group, names[k]))
      gt_param_group_set_option (group, names[k],
                                 gt_param_group_get_option (priv->defaults,
                                                            names[k], 0));
  if (!check_group (self, func, group, error))
    return FALSE;
  g_ptr_array_add (priv->groups, g_object_ref (group));
  return TRUE;
}

/**
 * gt_optimizer_add_params:
 * @self: a #GtOptimizer
 * @params: (element-type Gt.Tensor): the parameters
 * @error: return location for a #GError
 *
 * Adds @params as one new group with the default options.
 *
 * Returns: %TRUE on success, %FALSE with @error set as
 *   [method@Gt.Optimizer.add_param_group] does
 *
 * Since: 0.1
 */
gboolean
gt_optimizer_add_params (GtOptimizer  *self,
                         GPtrArray    *params,
                         GError      **error)
{
  g_autoptr (GtParamGroup) group = NULL;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  for (guint i = 0; i < params->len; i++)
    if (!GT_IS_TENSOR (params->pdata[i]))
      {
        g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                     "gt_optimizer_add_params: element %u is not a tensor", i);
        return FALSE;
      }
  group = gt_param_group_new (params);
  return gt_optimizer_add_param_group (self, group, error);
}

/**
 * gt_optimizer_get_n_param_groups:
 * @self: a #GtOptimizer
 *
 * Returns: the number of parameter groups
 *
 * Since: 0.1
 */
guint
gt_optimizer_get_n_param_groups (GtOptimizer *self)
{
  GtOptimizerPrivate *priv;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), 0);
  priv = gt_optimizer_get_instance_private (self);
  return priv->groups->len;
}

/**
 * gt_optimizer_get_param_group:
 * @self: a #GtOptimizer
 * @index: which group
 *
 * Returns: (transfer none) (nullable): the group, or %NULL when @index is
 *   out of range
 *
 * Since: 0.1
 */
GtParamGroup *
gt_optimizer_get_param_group (GtOptimizer *self,
                              guint        index)
{
  GtOptimizerPrivate *priv;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), NULL);
  priv = gt_optimizer_get_instance_private (self);
  return index < priv->groups->len ? priv->groups->pdata[index] : NULL;
}

/**
 * gt_optimizer_get_param_groups:
 * @self: a #GtOptimizer
 *
 * Returns: (transfer container) (element-type Gt.ParamGroup): the groups,
 *   in order (torch's `optimizer.param_groups`)
 *
 * Since: 0.1
 */
GPtrArray *
gt_optimizer_get_param_groups (GtOptimizer *self)
{
  GtOptimizerPrivate *priv;
  GPtrArray *out;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), NULL);
  priv = gt_optimizer_get_instance_private (self);
  out = g_ptr_array_new_full (priv->groups->len, g_object_unref);
  for (guint i = 0; i < priv->groups->len; i++)
    g_ptr_array_add (out, g_object_ref (priv->groups->pdata[i]));
  return out;
}

/**
 * gt_optimizer_get_defaults:
 * @self: a #GtOptimizer
 *
 * The default options (torch's `optimizer.defaults`), filled in by the
 * construct properties; a group added later takes the options it lacks
 * from here.
 *
 * Returns: (transfer none): the defaults, as a group without parameters
 *
 * Since: 0.1
 */
GtParamGroup *
gt_optimizer_get_defaults (GtOptimizer *self)
{
  GtOptimizerPrivate *priv;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), NULL);
  priv = gt_optimizer_get_instance_private (self);
  return priv->defaults;
}

/**
 * gt_optimizer_get_lr:
 * @self: a #GtOptimizer
 *
 * Returns: the first group's learning rate, or the default one while the
 *   optimizer has no group
 *
 * Since: 0.1
 */
gdouble
gt_optimizer_get_lr (GtOptimizer *self)
{
  GtOptimizerPrivate *priv;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), 0);
  priv = gt_optimizer_get_instance_private (self);
  if (priv->groups->len > 0)
    return gt_param_group_get_lr (priv->groups->pdata[0]);
  return gt_param_group_get_lr (priv->defaults);
}

/**
 * gt_optimizer_set_lr:
 * @self: a #GtOptimizer
 * @lr: the learning rate
 *
 * Sets the default learning rate and every group's.
 *
 * Since: 0.1
 */
void
gt_optimizer_set_lr (GtOptimizer *self,
                     gdouble      lr)
{
  GtOptimizerPrivate *priv;

  g_return_if_fail (GT_IS_OPTIMIZER (self));
  priv = gt_optimizer_get_instance_private (self);
  gt_param_group_set_lr (priv->defaults, lr);
  for (guint i = 0; i < priv->groups->len; i++)
    gt_param_group_set_lr (priv->groups->pdata[i], lr);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LR]);
}

/* GT_ERROR_INDEX naming @func unless @self has a group @group. */
static gboolean
check_group_index (const char   *func,
                   GtOptimizer  *self,
                   guint         group,
                   GError      **error)
{
  guint n = gt_optimizer_get_n_param_groups (self);

  if (group < n)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
               "%s: group %u is out of range: the optimizer has %u "
               "parameter group%s", func, group, n, n == 1 ? "" : "s");
  return FALSE;
}

/**
 * gt_optimizer_get_group_lr:
 * @self: a #GtOptimizer
 * @group: which group
 * @error: return location for a #GError
 *
 * The learning rate of one group (torch's
 * `optimizer.param_groups[group]['lr']`).
 *
 * Returns: the learning rate of group @group; 0 with %GT_ERROR_INDEX when
 *   the optimizer has no group @group (torch raises IndexError)
 *
 * Since: 0.1
 */
gdouble
gt_optimizer_get_group_lr (GtOptimizer  *self,
                           guint         group,
                           GError      **error)
{
  g_return_val_if_fail (GT_IS_OPTIMIZER (self), 0.0);
  if (!check_group_index ("gt_optimizer_get_group_lr", self, group, error))
    return 0.0;
  return gt_param_group_get_lr (gt_optimizer_get_param_group (self, group));
}

/**
 * gt_optimizer_set_group_lr:
 * @self: a #GtOptimizer
 * @group: which group
 * @lr: its new learning rate
 * @error: return location for a #GError
 *
 * Sets the learning rate of one group (what a scheduler does; torch's
 * `optimizer.param_groups[group]['lr'] = lr`).
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_INDEX when the
 *   optimizer has no group @group ("gt_optimizer_set_group_lr: group 5
 *   is out of range: the optimizer has 1 parameter group"), nothing
 *   changed
 *
 * Since: 0.1
 */
gboolean
gt_optimizer_set_group_lr (GtOptimizer  *self,
                           guint         group,
                           gdouble       lr,
                           GError      **error)
{
  g_return_val_if_fail (GT_IS_OPTIMIZER (self), FALSE);
  if (!check_group_index ("gt_optimizer_set_group_lr", self, group, error))
    return FALSE;
  gt_param_group_set_lr (gt_optimizer_get_param_group (self, group), lr);
  if (group == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LR]);
  return TRUE;
}

/* ---- state --------------------------------------------------------------- */

/**
 * gt_optimizer_get_state:
 * @self: a #GtOptimizer
 * @param: a parameter
 * @name: the state's name, such as "exp_avg"
 *
 * Returns: (transfer none) (nullable): the state tensor @name of @param,
 *   or %NULL if it has none
 *
 * Since: 0.1
 */
GtTensor *
gt_optimizer_get_state (GtOptimizer *self,
                        GtTensor    *param,
                        const char  *name)
{
  GHashTable *state;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), NULL);
  g_return_val_if_fail (GT_IS_TENSOR (param), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  state = param_state (self, param, FALSE);
  return state != NULL ? g_hash_table_lookup (state, name) : NULL;
}

/**
 * gt_optimizer_set_state:
 * @self: a #GtOptimizer
 * @param: a parameter
 * @name: the state's name
 * @value: (nullable): the tensor to keep (a reference is taken), or %NULL
 *   to remove the entry
 *
 * Sets the state tensor @name of @param; for optimizers written in other
 * languages, whose state then travels in the state dict.
 *
 * Since: 0.1
 */
void
gt_optimizer_set_state (GtOptimizer *self,
                        GtTensor    *param,
                        const char  *name,
                        GtTensor    *value)
{
  GHashTable *state;

  g_return_if_fail (GT_IS_OPTIMIZER (self));
  g_return_if_fail (GT_IS_TENSOR (param));
  g_return_if_fail (name != NULL);
  state = param_state (self, param, value != NULL);
  if (value != NULL)
    g_hash_table_insert (state, g_strdup (name), g_object_ref (value));
  else if (state != NULL)
    g_hash_table_remove (state, name);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/**
 * gt_optimizer_list_state:
 * @self: a #GtOptimizer
 * @param: a parameter
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of
 *   @param's state tensors, sorted
 *
 * Since: 0.1
 */
char **
gt_optimizer_list_state (GtOptimizer *self,
                         GtTensor    *param)
{
  GHashTable *state;
  char **names;
  guint n = 0;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), NULL);
  g_return_val_if_fail (GT_IS_TENSOR (param), NULL);
  state = param_state (self, param, FALSE);
  if (state == NULL)
    return g_new0 (char *, 1);
  names = (char **) g_hash_table_get_keys_as_array (state, &n);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (names[i]);
  qsort (names, n, sizeof (char *), compare_strings);
  return names;
}

/* ---- state dict --------------------------------------------------------- */

static gboolean
insert_scalar (GHashTable  *dict,
               char        *key,
               gdouble      value,
               GError     **error)
{
  GtTensor *t = gt_tensor_new_from_doubles (&value, 1, NULL, 0,
                                            GT_DTYPE_FLOAT64, NULL, error);

  if (t == NULL)
    {
      g_free (key);
      return FALSE;
    }
  g_hash_table_insert (dict, key, t);
  return TRUE;
}

/**
 * gt_optimizer_state_dict:
 * @self: a #GtOptimizer
 * @error: return location for a #GError
 *
 * The optimizer's state and hyper-parameters as one map from names to
 * tensors (see the class description for the names), ready for the
 * safetensors writer.
 *
 * Returns: (transfer container) (element-type utf8 Gt.Tensor) (nullable):
 *   the state dict, or %NULL with @error set
 *
 * Since: 0.1
 */
GHashTable *
gt_optimizer_state_dict (GtOptimizer  *self,
                         GError      **error)
{
  GtOptimizerPrivate *priv;
  g_autoptr (GHashTable) dict = NULL;
  gint64 index = 0;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), NULL);
  priv = gt_optimizer_get_instance_private (self);
  dict = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                g_object_unref);
  for (guint g = 0; g < priv->groups->len; g++)
    {
      GtParamGroup *group = priv->groups->pdata[g];
      guint n = gt_param_group_get_n_params (group);
      g_autofree gint64 *indices = g_new (gint64, MAX (n, 1));
      g_auto (GStrv) options = gt_param_group_list_options (group);
      gint64 shape[1] = { n };
      GtTensor *t;

      for (guint i = 0; i < n; i++, index++)
        {
          GtTensor *p = gt_param_group_get_param (group, i);
          GHashTable *state = param_state (self, p, FALSE);
          GHashTableIter iter;
          gpointer key, value;

          indices[i] = index;
          if (state == NULL)
            continue;
          g_hash_table_iter_init (&iter, state);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              GtTensor *copy = gt_tensor_clone (value, error);

              if (copy == NULL)
                return NULL;
              g_hash_table_insert (dict,
                                   g_strdup_printf ("state.%" G_GINT64_FORMAT
                                                    ".%s", index,
                                                    (const char *) key),
                                   copy);
            }
        }
      t = gt_tensor_new_from_int64s (indices, n, shape, 1, GT_DTYPE_INT64,
                                     NULL, error);
      if (t == NULL)
        return NULL;
      g_hash_table_insert (dict, g_strdup_printf ("param_groups.%u.params", g),
                           t);
      for (guint k = 0; options[k] != NULL; k++)
        if (!insert_scalar (dict,
                            g_strdup_printf ("param_groups.%u.%s", g,
                                             options[k]),
                            gt_param_group_get_option (group, options[k], 0),
                            error))
          return NULL;
    }
  return g_steal_pointer (&dict);
}

typedef struct {
  GtTensor *param;
  char     *name;
  GtTensor *value;
} PendingState;

static void
pending_state_clear (gpointer data)
{
  PendingState *ps = data;

  g_free (ps->name);
  g_clear_object (&ps->value);
}

static gboolean
parse_index (const char *text,
             const char *end_chars,
             gint64     *value,
             const char **rest)
{
  char *end = NULL;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  *value = g_ascii_strtoll (text, &end, 10);
  if (end == text || strchr (end_chars, *end) == NULL || *end == '\0')
    return FALSE;
  *rest = end + 1;
  return TRUE;
}

/**
 * gt_optimizer_load_state_dict:
 * @self: a #GtOptimizer
 * @state_dict: (element-type utf8 Gt.Tensor): a map made by
 *   [method@Gt.Optimizer.state_dict] (or read back from a file)
 * @error: return location for a #GError
 *
 * Replaces the state and the groups' options with those of @state_dict
 * (torch's `optimizer.load_state_dict`). The optimizer must have the same
 * number of groups with the same number of parameters each. The tensors
 * are copied, converted to the parameter's dtype (except "step"). Nothing
 * changes when an error is reported.
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_VALUE for a dict that
 *   does not fit this optimizer ("loaded state dict has a different number
 *   of parameter groups", "loaded state dict contains a parameter group
 *   that doesn't match the size of optimizer's group", unknown names),
 *   %GT_ERROR_SHAPE for a state tensor whose shape is not its parameter's
 *
 * Since: 0.1
 */
gboolean
gt_optimizer_load_state_dict (GtOptimizer  *self,
                              GHashTable   *state_dict,
                              GError      **error)
{
  const char *func = "gt_optimizer_load_state_dict";
  GtOptimizerPrivate *priv;
  g_autoptr (GPtrArray) params = NULL;   /* all, in state dict order */
  g_autoptr (GArray) pending = NULL;
  g_autoptr (GArray) options = NULL;     /* (group, name, value) */
  guint n_groups_found = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), FALSE);
  g_return_val_if_fail (state_dict != NULL, FALSE);
  priv = gt_optimizer_get_instance_private (self);

  params = g_ptr_array_new ();
  for (guint g = 0; g < priv->groups->len; g++)
    for (guint i = 0; i < gt_param_group_get_n_params (priv->groups->pdata[g]); i++)
      g_ptr_array_add (params,
                       gt_param_group_get_param (priv->groups->pdata[g], i));

  /* the groups first: their count, then their sizes */
  while (TRUE)
    {
      g_autofree char *k = g_strdup_printf ("param_groups.%u.params",
                                            n_groups_found);

      if (!g_hash_table_contains (state_dict, k))
        break;
      n_groups_found++;
    }
  if (n_groups_found != priv->groups->len)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: loaded state dict has a different number of parameter "
                   "groups (%u, the optimizer has %u)", func, n_groups_found,
                   priv->groups->len);
      return FALSE;
    }
  for (guint g = 0; g < n_groups_found; g++)
    {
      g_autofree char *k = g_strdup_printf ("param_groups.%u.params", g);
      GtTensor *t = g_hash_table_lookup (state_dict, k);

      if (!GT_IS_TENSOR (t))
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: \"%s\" is not a tensor", func, k);
          return FALSE;
        }
      if (gt_tensor_get_numel (t) !=
          gt_param_group_get_n_params (priv->groups->pdata[g]))
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: loaded state dict contains a parameter group "
                       "that doesn't match the size of optimizer's group",
                       func);
          return FALSE;
        }
    }

  pending = g_array_new (FALSE, TRUE, sizeof (PendingState));
  g_array_set_clear_func (pending, pending_state_clear);
  options = g_array_new (FALSE, TRUE, sizeof (PendingState));
  g_array_set_clear_func (options, pending_state_clear);

  g_hash_table_iter_init (&iter, state_dict);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *k = key, *rest = NULL;
      GtTensor *t = value;
      gint64 idx;

      if (!GT_IS_TENSOR (t))
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: \"%s\" is not a tensor", func, k);
          return FALSE;
        }
      if (g_str_has_prefix (k, "state.") &&
          parse_index (k + 6, ".", &idx, &rest) && *rest != '\0')
        {
          PendingState ps = { 0 };
          GtTensor *p;

          if (idx >= params->len)
            {
              g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                           "%s: \"%s\" names parameter %" G_GINT64_FORMAT
                           " but the optimizer has %u parameters", func, k,
                           idx, params->len);
              return FALSE;
            }
          p = params->pdata[idx];
          if (strcmp (rest, "step") != 0 &&
              (t->ndim != p->ndim ||
               memcmp (t->sizes, p->sizes, p->ndim * sizeof (gint64)) != 0))
            {
              g_autofree char *ts = gt_shape_to_string (t->sizes, t->ndim);
              g_autofree char *ps2 = gt_shape_to_string (p->sizes, p->ndim);

              g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                           "%s: \"%s\" has shape %s but parameter %"
                           G_GINT64_FORMAT " has shape %s", func, k, ts,
                           idx, ps2);
              return FALSE;
            }
          ps.param = p;
          ps.name = g_strdup (rest);
          if (strcmp (rest, "step") == 0 || !gt_tensor_is_floating_point (p) ||
              t->dtype == p->dtype)
            ps.value = gt_tensor_clone (t, error);
          else
            ps.value = gt_tensor_to_dtype (t, p->dtype, error);
          /* to_dtype may return a view of @t when nothing changes */
          if (ps.value != NULL && ps.value->storage == t->storage)
            {
              g_autoptr (GtTensor) alias = ps.value;

              ps.value = gt_tensor_clone (alias, error);
            }
          if (ps.value == NULL)
            {
              g_free (ps.name);
              return FALSE;
            }
          g_array_append_val (pending, ps);
        }
      else if (g_str_has_prefix (k, "param_groups.") &&
               parse_index (k + 13, ".", &idx, &rest) && *rest != '\0' &&
               idx < priv->groups->len)
        {
          PendingState ps = { 0 };

          if (strcmp (rest, "params") == 0)
            continue;
          if (t->numel != 1)
            {
              g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                           "%s: the option \"%s\" must be one number", func,
                           k);
              return FALSE;
            }
          ps.param = priv->groups->pdata[idx];
          ps.name = g_strdup (rest);
          ps.value = g_object_ref (t);
          g_array_append_val (options, ps);
        }
      else
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: unexpected entry \"%s\" in the state dict", func,
                       k);
          return FALSE;
        }
    }

  /* all checked: apply */
  for (guint i = 0; i < options->len; i++)
    {
      PendingState *ps = &g_array_index (options, PendingState, i);
      gdouble v = gt_tensor_item (ps->value, NULL);

      gt_param_group_set_option ((GtParamGroup *) ps->param, ps->name, v);
    }
  g_hash_table_remove_all (priv->state);
  for (guint i = 0; i < pending->len; i++)
    {
      PendingState *ps = &g_array_index (pending, PendingState, i);
      GHashTable *state = param_state (self, ps->param, TRUE);

      g_hash_table_insert (state, g_steal_pointer (&ps->name),
                           g_steal_pointer (&ps->value));
    }
  if (priv->groups->len > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LR]);
  return TRUE;
}
