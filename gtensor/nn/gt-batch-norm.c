/* gt-batch-norm.c: torch.nn's _BatchNorm, the base of BatchNorm1d/2d */

#include "config.h"

#include <math.h>

#include "gtensor.h"
#include "gt-batch-norm-private.h"
#include "gt-nn-util-private.h"
#include "gt-error-private.h"

/**
 * GtBatchNorm:
 *
 * Batch normalisation over dim 1 of the input (torch's `_BatchNorm`),
 * the abstract base of [class@Gt.BatchNorm1d] and [class@Gt.BatchNorm2d],
 * which only differ in the input ranks they take.
 *
 * Construct-only properties, with torch's defaults: "num-features" (C, the
 * size of dim 1), "eps" (1e-5), "momentum" (0.1), "cumulative-average" (%FALSE;
 * %TRUE is torch's `momentum=None`: the running statistics are a cumulative
 * moving average, factor 1 / num_batches_tracked, and "momentum" is
 * ignored), "affine" (%TRUE: parameters "weight", ones, and
 * "bias", zeros, of shape `[C]`; otherwise both registered as %NULL),
 * "track-running-stats" (%TRUE: buffers "running_mean" (zeros),
 * "running_var" (ones) and "num_batches_tracked" (an int64 0-d tensor,
 * 0); otherwise the three registered as %NULL) and "dtype" (float32, for the
 * parameters and the running statistics).
 *
 * The forward follows torch 1.13's `_BatchNorm.forward`: in training mode
 * (with tracked statistics) it adds 1 to num_batches_tracked, normalises
 * with the batch's statistics and updates the running ones in place
 * (running_var with the unbiased variance); in evaluation mode it uses the
 * running statistics, or the batch's when the layer tracks none.
 *
 * Since: 0.1
 */
typedef struct
{
  gint64 num_features;
  gdouble eps;
  gdouble momentum;
  gboolean cumulative;
  gboolean affine;
  gboolean track_running_stats;
  GtDType dtype;
} GtBatchNormPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GtBatchNorm, gt_batch_norm,
                                     GT_TYPE_MODULE)

enum {
  PROP_0,
  PROP_NUM_FEATURES,
  PROP_EPS,
  PROP_MOMENTUM,
  PROP_CUMULATIVE_AVERAGE,
  PROP_AFFINE,
  PROP_TRACK_RUNNING_STATS,
  PROP_DTYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * gt_batch_norm_reset_running_stats:
 * @self: a #GtBatchNorm
 * @error: return location for a #GError
 *
 * torch's `reset_running_stats`: running_mean to zeros, running_var to ones
 * and num_batches_tracked to 0, in place (nothing when the layer tracks no
 * statistics).
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
gt_batch_norm_reset_running_stats (GtBatchNorm  *self,
                                   GError      **error)
{
  GtModule *module = GT_MODULE (self);
  GtTensor *mean, *var, *count;

  g_return_val_if_fail (GT_IS_BATCH_NORM (self), FALSE);

  mean = gt_module_get_buffer (module, "running_mean");
  var = gt_module_get_buffer (module, "running_var");
  count = gt_module_get_buffer (module, "num_batches_tracked");
  return (mean == NULL || gt_tensor_zero_ (mean, error))
         && (var == NULL || gt_tensor_fill_ (var, 1, error))
         && (count == NULL || gt_tensor_zero_ (count, error));
}

/**
 * gt_batch_norm_reset_parameters:
 * @self: a #GtBatchNorm
 * @error: return location for a #GError
 *
 * torch's `reset_parameters`: resets the running statistics, then the
 * weight to ones and the bias to zeros, in place.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
gt_batch_norm_reset_parameters (GtBatchNorm  *self,
                                GError      **error)
{
  GtModule *module = GT_MODULE (self);
  GtTensor *weight, *bias;
  g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = NULL;

  g_return_val_if_fail (GT_IS_BATCH_NORM (self), FALSE);

  if (!gt_batch_norm_reset_running_stats (self, error))
    return FALSE;
  /* the parameters require grad: torch's init functions run in no_grad */
  guard = gt_no_grad_guard_new ();
  weight = gt_module_get_parameter (module, "weight");
  bias = gt_module_get_parameter (module, "bias");
  return (weight == NULL || gt_tensor_fill_ (weight, 1, error))
         && (bias == NULL || gt_tensor_zero_ (bias, error));
}

/* "gt_batch_norm2d_new" for GtBatchNorm2d: errors name the constructor
 * (a subclass from elsewhere: its type name) */
static char *
constructor_name (GType type)
{
  const char *camel = g_type_name (type) + 2;   /* after "Gt" */
  GString *name;

  if (!g_str_has_prefix (g_type_name (type), "Gt"))
    return g_strdup (g_type_name (type));
  name = g_string_new ("gt");

  for (const char *c = camel; *c != '\0'; c++)
    {
      if (g_ascii_isupper (*c))
        g_string_append_c (name, '_');
      g_string_append_c (name, g_ascii_tolower (*c));
    }
  g_string_append (name, "_new");
  return g_string_free (name, FALSE);
}

static gboolean
make_state (GtBatchNorm  *self,
            GError      **error)
{
  GtBatchNormPrivate *priv = gt_batch_norm_get_instance_private (self);
  GtModule *module = GT_MODULE (self);
  g_autofree char *func = constructor_name (G_OBJECT_TYPE (self));
  gint64 shape[1] = { priv->num_features };
  gint64 scalar_shape[1] = { 0 };

  if (priv->num_features < 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: num_features must be non-negative, got %"
                   G_GINT64_FORMAT, func, priv->num_features);
      return FALSE;
    }
  if (!gt_nn_check_float_dtype (func, "parameters", priv->dtype, error)
      || !gt_nn_make_affine (module, shape, 1, priv->dtype, priv->affine,
                             error))
    return FALSE;
  if (priv->track_running_stats)
    {
      g_autoptr(GtTensor) mean = gt_zeros (shape, 1, priv->dtype, NULL, error);
      g_autoptr(GtTensor) var = NULL;
      g_autoptr(GtTensor) count = NULL;

      if (mean == NULL)
        return FALSE;
      var = gt_ones (shape, 1, priv->dtype, NULL, error);
      if (var == NULL)
        return FALSE;
      count = gt_zeros (scalar_shape, 0, GT_DTYPE_INT64, NULL, error);
      if (count == NULL)
        return FALSE;
      gt_module_register_buffer (module, "running_mean", mean, TRUE);
      gt_module_register_buffer (module, "running_var", var, TRUE);
      gt_module_register_buffer (module, "num_batches_tracked", count, TRUE);
    }
  else
    {
      gt_module_register_buffer (module, "running_mean", NULL, TRUE);
      gt_module_register_buffer (module, "running_var", NULL, TRUE);
      gt_module_register_buffer (module, "num_batches_tracked", NULL, TRUE);
    }
  return TRUE;
}

static GtTensor *
gt_batch_norm_forward (GtModule  *module,
                       GtTensor  *input,
                       GError   **error)
{
  GtBatchNorm *self = GT_BATCH_NORM (module);
  GtBatchNormPrivate *priv = gt_batch_norm_get_instance_private (self);
  GtBatchNormClass *klass = GT_BATCH_NORM_GET_CLASS (self);
  gboolean training = gt_module_get_training (module);
  gboolean cumulative = priv->cumulative;
  gdouble factor = cumulative ? 0.0 : priv->momentum;
  GtTensor *mean, *var, *count;
  gboolean bn_training, pass_stats;

  if (!gt_nn_check_valid (module, error))
    return NULL;
  if (klass->check_input_dim != NULL
      && !klass->check_input_dim (self, input, error))
    return NULL;

  mean = gt_module_get_buffer (module, "running_mean");
  var = gt_module_get_buffer (module, "running_var");
  count = gt_module_get_buffer (module, "num_batches_tracked");
  if (training && priv->track_running_stats && count != NULL)
    {
      /* an int64 one: a Python-float 1 would make the sum float */
      g_autoptr(GtTensor) one = gt_full_like (count, 1, error);

      if (one == NULL || !gt_tensor_add_ (count, one, 1, error))
        return NULL;
      if (cumulative)
        {
          gdouble n = gt_tensor_item (count, error);

          if (isnan (n))
            return NULL;
          factor = 1.0 / n;
        }
    }
  /* batch statistics in training mode, and in eval mode without buffers */
  bn_training = training || (mean == NULL && var == NULL);
  /* the buffers are updated only when tracked and training */
  pass_stats = !training || priv->track_running_stats;
  return gt_tensor_batch_norm (input,
                               pass_stats ? mean : NULL,
                               pass_stats ? var : NULL,
                               gt_module_get_parameter (module, "weight"),
                               gt_module_get_parameter (module, "bias"),
                               bn_training, factor, priv->eps, error);
}

static void
gt_batch_norm_constructed (GObject *object)
{
  GtBatchNorm *self = GT_BATCH_NORM (object);
  g_autofree char *func = constructor_name (G_OBJECT_TYPE (self));

  G_OBJECT_CLASS (gt_batch_norm_parent_class)->constructed (object);
  make_state (self, gt_module_invalid (GT_MODULE (self)));
  gt_nn_name_invalid (GT_MODULE (self), func);
}

static void
gt_batch_norm_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GtBatchNorm *self = GT_BATCH_NORM (object);
  GtBatchNormPrivate *priv = gt_batch_norm_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NUM_FEATURES:
      g_value_set_int64 (value, priv->num_features);
      break;
    case PROP_EPS:
      g_value_set_double (value, priv->eps);
      break;
    case PROP_MOMENTUM:
      g_value_set_double (value, priv->momentum);
      break;
    case PROP_CUMULATIVE_AVERAGE:
      g_value_set_boolean (value, priv->cumulative);
      break;
    case PROP_AFFINE:
      g_value_set_boolean (value, priv->affine);
      break;
    case PROP_TRACK_RUNNING_STATS:
      g_value_set_boolean (value, priv->track_running_stats);
      break;
    case PROP_DTYPE:
      g_value_set_enum (value, priv->dtype);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_batch_norm_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GtBatchNorm *self = GT_BATCH_NORM (object);
  GtBatchNormPrivate *priv = gt_batch_norm_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NUM_FEATURES:
      priv->num_features = g_value_get_int64 (value);
      break;
    case PROP_EPS:
      priv->eps = g_value_get_double (value);
      break;
    case PROP_MOMENTUM:
      priv->momentum = g_value_get_double (value);
      break;
    case PROP_CUMULATIVE_AVERAGE:
      priv->cumulative = g_value_get_boolean (value);
      break;
    case PROP_AFFINE:
      priv->affine = g_value_get_boolean (value);
      break;
    case PROP_TRACK_RUNNING_STATS:
      priv->track_running_stats = g_value_get_boolean (value);
      break;
    case PROP_DTYPE:
      priv->dtype = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_batch_norm_class_init (GtBatchNormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                      | G_PARAM_STATIC_STRINGS;

  object_class->constructed = gt_batch_norm_constructed;
  object_class->get_property = gt_batch_norm_get_property;
  object_class->set_property = gt_batch_norm_set_property;
  GT_MODULE_CLASS (klass)->forward = gt_batch_norm_forward;

  /**
   * GtBatchNorm:num-features:
   *
   * C, the size of the input's dim 1.
   *
   * Since: 0.1
   */
  properties[PROP_NUM_FEATURES] =
    g_param_spec_int64 ("num-features", NULL, NULL, G_MININT64, G_MAXINT64,
                        1, flags);
  /**
   * GtBatchNorm:eps:
   *
   * The value added to the variance for numerical stability.
   *
   * Since: 0.1
   */
  properties[PROP_EPS] =
    g_param_spec_double ("eps", NULL, NULL, 0, G_MAXDOUBLE, 1e-5, flags);
  /**
   * GtBatchNorm:momentum:
   *
   * The factor of the running statistics' update (unused with
   * #GtBatchNorm:cumulative-average).
   *
   * Since: 0.1
   */
  properties[PROP_MOMENTUM] =
    g_param_spec_double ("momentum", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         0.1, flags);
  /**
   * GtBatchNorm:cumulative-average:
   *
   * %TRUE for torch's `momentum=None`: the running statistics are the
   * cumulative moving average of the batches' (factor
   * 1 / num_batches_tracked).
   *
   * Since: 0.1
   */
  properties[PROP_CUMULATIVE_AVERAGE] =
    g_param_spec_boolean ("cumulative-average", NULL, NULL, FALSE, flags);
  /**
   * GtBatchNorm:affine:
   *
   * Whether the layer has the learnable parameters weight and bias.
   *
   * Since: 0.1
   */
  properties[PROP_AFFINE] =
    g_param_spec_boolean ("affine", NULL, NULL, TRUE, flags);
  /**
   * GtBatchNorm:track-running-stats:
   *
   * Whether the layer keeps running statistics (used in evaluation mode).
   *
   * Since: 0.1
   */
  properties[PROP_TRACK_RUNNING_STATS] =
    g_param_spec_boolean ("track-running-stats", NULL, NULL, TRUE, flags);
  /**
   * GtBatchNorm:dtype:
   *
   * The dtype of the parameters and running statistics.
   *
   * Since: 0.1
   */
  properties[PROP_DTYPE] =
    g_param_spec_enum ("dtype", NULL, NULL, GT_TYPE_DTYPE,
                       GT_DTYPE_FLOAT32, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gt_batch_norm_init (GtBatchNorm *self)
{
  GtBatchNormPrivate *priv = gt_batch_norm_get_instance_private (self);

  priv->num_features = 1;
  priv->eps = 1e-5;
  priv->momentum = 0.1;
  priv->affine = TRUE;
  priv->track_running_stats = TRUE;
  priv->dtype = GT_DTYPE_FLOAT32;
}

GtModule *
gt_batch_norm_new_checked (GType         type,
                           gint64        num_features,
                           gdouble       eps,
                           gdouble       momentum,
                           gboolean      affine,
                           gboolean      track_running_stats,
                           GtDType       dtype,
                           GError      **error)
{
  gboolean cumulative = isnan (momentum);
  g_autofree char *func = constructor_name (type);
  GtBatchNorm *self = gt_object_new_checked (func, type, error,
                                    "num-features", num_features,
                                    "eps", eps,
                                    "momentum", cumulative ? 0.1 : momentum,
                                    "cumulative-average", cumulative,
                                    "affine", affine,
                                    "track-running-stats", track_running_stats,
                                    "dtype", dtype,
                                    NULL);

  if (self == NULL)
    return NULL;
  return gt_nn_valid_or_unref (GT_MODULE (self), error);
}

gboolean
gt_batch_norm_check_ndim (GtBatchNorm  *self,
                          GtTensor     *input,
                          guint         min_ndim,
                          guint         max_ndim,
                          GError      **error)
{
  guint ndim = gt_tensor_get_ndim (input);

  if (ndim >= min_ndim && ndim <= max_ndim)
    return TRUE;
  if (min_ndim == max_ndim)
    g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                 "gt_module_forward: %s expected %uD input (got %uD input)",
                 G_OBJECT_TYPE_NAME (self), min_ndim, ndim);
  else
    g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                 "gt_module_forward: %s expected %uD or %uD input (got %uD "
                 "input)", G_OBJECT_TYPE_NAME (self), min_ndim, max_ndim,
                 ndim);
  return FALSE;
}
