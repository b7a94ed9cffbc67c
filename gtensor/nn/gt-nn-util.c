/* gt-nn-util.c: logic shared by the layers of gtensor/nn */

#include "config.h"

#include <math.h>

#include "gt-module-private.h"
#include "gt-nn-util-private.h"

gboolean
gt_nn_check_valid (const GError  *invalid,
                   GError       **error)
{
  if (invalid == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (invalid));
  return FALSE;
}

void
gt_nn_name_invalid (GError     **invalid,
                    const char  *func)
{
  if (*invalid != NULL && !g_str_has_prefix ((*invalid)->message, func))
    g_prefix_error (invalid, "%s: ", func);
}

GtModule *
gt_nn_valid_or_unref (GtModule      *module,
                      const GError  *invalid,
                      GError       **error)
{
  if (gt_nn_check_valid (invalid, error))
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

GParamSpec *
gt_nn_param_spec_size (const char *name,
                       gint64      default_value)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64,
                             default_value,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                             | G_PARAM_STATIC_STRINGS);
}

void
gt_nn_pool_default_stride (gint64       stride[2],
                           const gint64 kernel[2])
{
  if (stride[0] == 0 && stride[1] == 0)
    {
      stride[0] = kernel[0];
      stride[1] = kernel[1];
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
