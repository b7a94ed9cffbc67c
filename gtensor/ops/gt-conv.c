/* gt-conv.c: STUB — to be replaced by the family's implementation */

#include "config.h"

#include "gtensor.h"

/**
 * gt_tensor_conv2d:
 * @self: self
 * @weight: weight
 * @bias: (nullable): bias
 * @stride: (array length=n_stride): stride
 * @n_stride: the length of @stride
 * @padding: (array length=n_padding): padding
 * @n_padding: the length of @padding
 * @dilation: (array length=n_dilation): dilation
 * @n_dilation: the length of @dilation
 * @groups: groups
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_conv2d (GtTensor      *self,
                  GtTensor      *weight,
                  GtTensor      *bias,
                  const gint64  *stride,
                  gsize          n_stride,
                  const gint64  *padding,
                  gsize          n_padding,
                  const gint64  *dilation,
                  gsize          n_dilation,
                  gint64         groups,
                  GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_tensor_conv2d_padding_mode:
 * @self: self
 * @weight: weight
 * @bias: (nullable): bias
 * @stride: (array length=n_stride): stride
 * @n_stride: the length of @stride
 * @padding: padding
 * @dilation: (array length=n_dilation): dilation
 * @n_dilation: the length of @dilation
 * @groups: groups
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_conv2d_padding_mode (GtTensor      *self,
                               GtTensor      *weight,
                               GtTensor      *bias,
                               const gint64  *stride,
                               gsize          n_stride,
                               const char    *padding,
                               const gint64  *dilation,
                               gsize          n_dilation,
                               gint64         groups,
                               GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

