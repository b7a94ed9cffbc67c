/* gt-pool.c: STUB — to be replaced by the family's implementation */

#include "config.h"

#include "gtensor.h"

/**
 * gt_tensor_max_pool2d:
 * @self: self
 * @kernel_size: (array length=n_kernel_size): kernel size
 * @n_kernel_size: the length of @kernel_size
 * @stride: (array length=n_stride): stride
 * @n_stride: the length of @stride
 * @padding: (array length=n_padding): padding
 * @n_padding: the length of @padding
 * @dilation: (array length=n_dilation): dilation
 * @n_dilation: the length of @dilation
 * @ceil_mode: ceil mode
 * @indices: (out) (optional) (transfer full): indices
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_max_pool2d (GtTensor      *self,
                      const gint64  *kernel_size,
                      gsize          n_kernel_size,
                      const gint64  *stride,
                      gsize          n_stride,
                      const gint64  *padding,
                      gsize          n_padding,
                      const gint64  *dilation,
                      gsize          n_dilation,
                      gboolean       ceil_mode,
                      GtTensor     **indices,
                      GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_tensor_avg_pool2d:
 * @self: self
 * @kernel_size: (array length=n_kernel_size): kernel size
 * @n_kernel_size: the length of @kernel_size
 * @stride: (array length=n_stride): stride
 * @n_stride: the length of @stride
 * @padding: (array length=n_padding): padding
 * @n_padding: the length of @padding
 * @ceil_mode: ceil mode
 * @count_include_pad: count include pad
 * @divisor_override: divisor override
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_avg_pool2d (GtTensor      *self,
                      const gint64  *kernel_size,
                      gsize          n_kernel_size,
                      const gint64  *stride,
                      gsize          n_stride,
                      const gint64  *padding,
                      gsize          n_padding,
                      gboolean       ceil_mode,
                      gboolean       count_include_pad,
                      gint64         divisor_override,
                      GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_tensor_adaptive_avg_pool2d:
 * @self: self
 * @output_size: (array length=n_output_size): output size
 * @n_output_size: the length of @output_size
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_adaptive_avg_pool2d (GtTensor      *self,
                               const gint64  *output_size,
                               gsize          n_output_size,
                               GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

