/* gt-nn-util.c: logic shared by the layers of gtensor/nn */

#include "config.h"

#include <math.h>

#include "gt-module-private.h"
#include "gt-nn-util-private.h"

gboolean
gt_nn_check_valid (GtModule  *module,
                   GError   **error)
{
  const GError *invalid = *gt_module_invalid (module);

  if (invalid == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (invalid));
  return FALSE;
}

void
gt_nn_name_invalid (GtModule   *module,
                    const char *func)
{
  GError **invalid = gt_module_invalid (module);

  if (*invalid != NULL && !g_str_has_prefix ((*invalid)->message, func))
    g_prefix_error (invalid, "%s: ", func);
}

void
gt_nn_construct (GtModule    *module,
                 gboolean   (*make) (GtModule  *,
                                     GError   **),
                 const char  *func)
{
  make (module, gt_module_invalid (module));
  gt_nn_name_invalid (module, func);
}

GtModule *
gt_nn_valid_or_unref (GtModule  *module,
                      GError   **error)
{
  if (gt_nn_check_valid (module, error))
    return module;
  g_object_unref (module);
  return NULL;
}

GtTensor *
gt_nn_require_weight (GtModule  *module,
                      GError   **error)
{
  GtTensor *weight = gt_module_get_parameter (module, "weight");

  if (weight == NULL)
    g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                 "gt_module_forward: %s has no weight",
                 G_OBJECT_TYPE_NAME (module));
  return weight;
}

gboolean
gt_nn_check_float_dtype (const char  *func,
                         const char  *what,
                         GtDType      dtype,
                         GError     **error)
{
  if (gt_dtype_is_floating_point (dtype))
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
               "%s: %s must have a floating-point dtype, got %s",
               func, what, gt_dtype_get_name (dtype));
  return FALSE;
}

/* kaiming_uniform_(a=sqrt(5)) with the same floating-point steps as
 * torch's Python, so the bounds are bit-identical (nothing for an empty
 * weight, as torch), then the bias uniform in ±1/sqrt(fan_in). With
 * fan_in 0 Linear still draws the bias from [0, 0] (it consumes the
 * generator) while _ConvNd draws nothing: @skip_bias_without_fan_in. */
gboolean
gt_nn_reset_weight_and_bias (GtTensor  *weight,
                             GtTensor  *bias,
                             gint64     fan_in,
                             gboolean   skip_bias_without_fan_in,
                             GError   **error)
{
  if (gt_tensor_get_numel (weight) > 0)
    {
      gdouble a = sqrt (5.0);
      gdouble gain = sqrt (2.0 / (1 + a * a));
      gdouble std = gain / sqrt ((gdouble) fan_in);
      gdouble bound = sqrt (3.0) * std;

      if (!gt_tensor_uniform_ (weight, -bound, bound, error))
        return FALSE;
    }
  if (bias != NULL && (fan_in != 0 || !skip_bias_without_fan_in))
    {
      gdouble bound = fan_in > 0 ? 1 / sqrt ((gdouble) fan_in) : 0;

      if (!gt_tensor_uniform_ (bias, -bound, bound, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gt_nn_register_parameter (GtModule    *module,
                          const char  *name,
                          GtTensor    *param,
                          GError     **error)
{
  if (param != NULL && !gt_tensor_set_requires_grad (param, TRUE, error))
    return FALSE;
  gt_module_register_parameter (module, name, param);
  return TRUE;
}

gboolean
gt_nn_make_affine (GtModule      *module,
                   const gint64  *shape,
                   gsize          n_dims,
                   GtDType        dtype,
                   gboolean       affine,
                   GError       **error)
{
  g_autoptr(GtTensor) weight = NULL;
  g_autoptr(GtTensor) bias = NULL;

  if (affine)
    {
      weight = gt_ones (shape, n_dims, dtype, NULL, error);
      if (weight == NULL)
        return FALSE;
      bias = gt_zeros (shape, n_dims, dtype, NULL, error);
      if (bias == NULL)
        return FALSE;
    }
  return gt_nn_register_parameter (module, "weight", weight, error)
         && gt_nn_register_parameter (module, "bias", bias, error);
}

#define CONSTRUCT_ONLY (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY \
                        | G_PARAM_STATIC_STRINGS)

void
gt_nn_use_fields (GObjectClass *klass)
{
  klass->get_property = gt_nn_get_field;
  klass->set_property = gt_nn_set_field;
}

void
gt_nn_install_field (GObjectClass *klass,
                     guint         offset,
                     GParamSpec   *pspec)
{
  g_object_class_install_property (klass, offset + 1, pspec);
}

void
gt_nn_get_field (GObject    *object,
                 guint       prop_id,
                 GValue     *value,
                 GParamSpec *pspec)
{
  gpointer field = (char *) object + prop_id - 1;

  switch (G_TYPE_FUNDAMENTAL (G_PARAM_SPEC_VALUE_TYPE (pspec)))
    {
    case G_TYPE_INT64:
      g_value_set_int64 (value, *(gint64 *) field);
      break;
    case G_TYPE_INT:
      g_value_set_int (value, *(gint *) field);
      break;
    case G_TYPE_DOUBLE:
      g_value_set_double (value, *(gdouble *) field);
      break;
    case G_TYPE_BOOLEAN:
      g_value_set_boolean (value, *(gboolean *) field);
      break;
    case G_TYPE_ENUM:
      g_value_set_enum (value, *(gint *) field);
      break;
    case G_TYPE_STRING:
      g_value_set_string (value, *(char **) field);
      break;
    case G_TYPE_OBJECT:
      g_value_set_object (value, *(GObject **) field);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
gt_nn_set_field (GObject      *object,
                 guint         prop_id,
                 const GValue *value,
                 GParamSpec   *pspec)
{
  gpointer field = (char *) object + prop_id - 1;

  switch (G_TYPE_FUNDAMENTAL (G_PARAM_SPEC_VALUE_TYPE (pspec)))
    {
    case G_TYPE_INT64:
      *(gint64 *) field = g_value_get_int64 (value);
      break;
    case G_TYPE_INT:
      *(gint *) field = g_value_get_int (value);
      break;
    case G_TYPE_DOUBLE:
      *(gdouble *) field = g_value_get_double (value);
      break;
    case G_TYPE_BOOLEAN:
      *(gboolean *) field = g_value_get_boolean (value);
      break;
    case G_TYPE_ENUM:
      *(gint *) field = g_value_get_enum (value);
      break;
    case G_TYPE_STRING:
      {
        const char *string = g_value_get_string (value);

        g_free (*(char **) field);
        *(char **) field =
          g_strdup (string != NULL
                    ? string : G_PARAM_SPEC_STRING (pspec)->default_value);
      }
      break;
    case G_TYPE_OBJECT:
      g_set_object ((GObject **) field, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
gt_nn_dispose_fields (GObject *object)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (object);
  g_autofree GParamSpec **pspecs = NULL;
  guint n, i;

  pspecs = g_object_class_list_properties (klass, &n);
  for (i = 0; i < n; i++)
    {
      gpointer field = (char *) object + pspecs[i]->param_id - 1;

      if (pspecs[i]->owner_type == G_TYPE_FROM_CLASS (klass)
          && G_IS_PARAM_SPEC_OBJECT (pspecs[i]))
        g_clear_object ((GObject **) field);
    }
  G_OBJECT_CLASS (g_type_class_peek_parent (klass))->dispose (object);
}

void
gt_nn_install_window (GObjectClass *klass,
                      guint         offset,
                      gint64        default_stride,
                      gboolean      dilation)
{
  static const struct {
    const char *height;
    const char *width;
    guint offset;
  } pairs[] = {
    { "kernel-height", "kernel-width", G_STRUCT_OFFSET (GtNnWindow, kernel) },
    { "stride-height", "stride-width", G_STRUCT_OFFSET (GtNnWindow, stride) },
    { "padding-height", "padding-width",
      G_STRUCT_OFFSET (GtNnWindow, padding) },
    { "dilation-height", "dilation-width",
      G_STRUCT_OFFSET (GtNnWindow, dilation) },
  };
  gint64 defaults[] = { 1, default_stride, 0, 1 };
  guint i;

  for (i = 0; i < (dilation ? 4 : 3); i++)
    {
      guint at = offset + pairs[i].offset;

      gt_nn_install_field (klass, at,
                           gt_nn_param_spec_size (pairs[i].height,
                                                  defaults[i]));
      gt_nn_install_field (klass, at + sizeof (gint64),
                           gt_nn_param_spec_size (pairs[i].width,
                                                  defaults[i]));
    }
}

GParamSpec *
gt_nn_param_spec_size (const char *name,
                       gint64      default_value)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64,
                             default_value, CONSTRUCT_ONLY);
}

GParamSpec *
gt_nn_param_spec_int (const char *name,
                      gint        default_value)
{
  return g_param_spec_int (name, NULL, NULL, G_MININT, G_MAXINT,
                           default_value, CONSTRUCT_ONLY);
}

GParamSpec *
gt_nn_param_spec_double (const char *name,
                         gdouble     default_value)
{
  return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                              default_value,
                              CONSTRUCT_ONLY | G_PARAM_LAX_VALIDATION);
}

GParamSpec *
gt_nn_param_spec_boolean (const char *name,
                          gboolean    default_value)
{
  return g_param_spec_boolean (name, NULL, NULL, default_value,
                               CONSTRUCT_ONLY);
}

GParamSpec *
gt_nn_param_spec_string (const char *name,
                         const char *default_value)
{
  return g_param_spec_string (name, NULL, NULL, default_value,
                              CONSTRUCT_ONLY);
}

GParamSpec *
gt_nn_param_spec_dtype (void)
{
  return g_param_spec_enum ("dtype", NULL, NULL, GT_TYPE_DTYPE,
                            GT_DTYPE_FLOAT32, CONSTRUCT_ONLY);
}

GParamSpec *
gt_nn_param_spec_tensor (const char *name)
{
  return g_param_spec_object (name, NULL, NULL, GT_TYPE_TENSOR,
                              CONSTRUCT_ONLY);
}

gboolean
gt_nn_reduction_is_valid (GtReduction reduction)
{
  return reduction == GT_REDUCTION_NONE || reduction == GT_REDUCTION_MEAN
         || reduction == GT_REDUCTION_SUM;
}

void
gt_nn_pool_constructed (GObject *object)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (object);
  /* the window starts with kernel-height, whose id is its offset + 1 */
  GParamSpec *kernel = g_object_class_find_property (klass, "kernel-height");
  GtNnWindow *w = (GtNnWindow *) ((char *) object + kernel->param_id - 1);

  G_OBJECT_CLASS (g_type_class_peek_parent (klass))->constructed (object);
  if (w->stride[0] == 0 && w->stride[1] == 0)
    {
      w->stride[0] = w->kernel[0];
      w->stride[1] = w->kernel[1];
    }
}

gint
gt_nn_softmax_dim (gint      dim,
                   GtTensor *input)
{
  guint ndim;

  if (dim != G_MININT)
    return dim;
  ndim = gt_tensor_get_ndim (input);
  return (ndim == 0 || ndim == 1 || ndim == 3) ? 0 : 1;
}

void
gt_nn_append_indexed (GtModule *container,
                      GtModule *module)
{
  char name[16];

  g_snprintf (name, sizeof name, "%u", gt_module_count_children (container));
  gt_module_register_module (container, name, module);
}

/* @index negative counts from the end, as in Python; NULL out of range */
GtModule *
gt_nn_get_indexed (GtModule *container,
                   gint      index)
{
  GtModule *child;
  guint n, pos = 0;

  n = gt_module_count_children (container);
  if (index < 0)
    index += (gint) n;
  if (index < 0 || (guint) index >= n)
    return NULL;
  while ((child = gt_module_next_child (container, &pos)) != NULL)
    if (index-- == 0)
      return child;
  return NULL;
}
