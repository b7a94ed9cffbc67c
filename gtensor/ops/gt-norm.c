/* gt-norm.c: STUB — to be replaced by the family's implementation */

#include "config.h"

#include "gtensor.h"

/**
 * gt_tensor_batch_norm:
 * @self: self
 * @running_mean: (nullable): running mean
 * @running_var: (nullable): running var
 * @weight: weight
 * @bias: (nullable): bias
 * @training: training
 * @momentum: momentum
 * @eps: eps
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_batch_norm (GtTensor      *self,
                      GtTensor      *running_mean,
                      GtTensor      *running_var,
                      GtTensor      *weight,
                      GtTensor      *bias,
                      gboolean       training,
                      gdouble        momentum,
                      gdouble        eps,
                      GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_tensor_layer_norm:
 * @self: self
 * @normalized_shape: (array length=n_normalized_shape): normalized shape
 * @n_normalized_shape: the length of @normalized_shape
 * @weight: weight
 * @bias: (nullable): bias
 * @eps: eps
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_layer_norm (GtTensor      *self,
                      const gint64  *normalized_shape,
                      gsize          n_normalized_shape,
                      GtTensor      *weight,
                      GtTensor      *bias,
                      gdouble        eps,
                      GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_tensor_linear:
 * @self: self
 * @weight: weight
 * @bias: (nullable): bias
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_linear (GtTensor      *self,
                  GtTensor      *weight,
                  GtTensor      *bias,
                  GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_embedding:
 * @indices: indices
 * @weight: weight
 * @padding_idx: padding idx
 * @max_norm: max norm
 * @norm_type: norm type
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_embedding (GtTensor      *indices,
              GtTensor      *weight,
              gint64         padding_idx,
              gdouble        max_norm,
              gdouble        norm_type,
              GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

