/* gt-max-pool2d.c: torch.nn.MaxPool2d */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtMaxPool2d:
 *
 * torch.nn.MaxPool2d over the last two dims of a 3-D `[C, H, W]` or 4-D
 * `[N, C, H, W]` input. torch's pairs are pairs of construct-only int64
 * properties: "kernel-height"/"kernel-width", "stride-height"/"stride-width"
 * (0, the default, means torch's stride=None, the kernel size; reading them
 * back gives the stride in use), "padding-height"/"padding-width" (0),
 * "dilation-height"/"dilation-width" (1); then "ceil-mode" and
 * "return-indices" (both %FALSE).
 *
 * The forward returns the pooled values. With "return-indices" it also
 * keeps the flat indices of the maxima (int64, each into its own H*W
 * plane, as torch's), which [method@Gt.MaxPool2d.get_indices] returns
 * until the next forward; [method@Gt.MaxPool2d.forward_with_indices]
 * returns both at once whatever the property says. Bad sizes are reported
 * by the forward, as in torch.
 *
 * Since: 0.1
 */
struct _GtMaxPool2d
{
  GtModule parent_instance;

  GtNnWindow window;
  gboolean ceil_mode;
  gboolean return_indices;
  GtTensor *indices;
};

G_DEFINE_FINAL_TYPE (GtMaxPool2d, gt_max_pool2d, GT_TYPE_MODULE)

static GtTensor *
pool (GtMaxPool2d  *self,
      GtTensor     *input,
      GtTensor    **indices,
      GError      **error)
{
  const GtNnWindow *w = &self->window;

  return gt_tensor_max_pool2d (input, w->kernel, 2, w->stride, 2,
                               w->padding, 2, w->dilation, 2,
                               self->ceil_mode, indices, error);
}

static GtTensor *
gt_max_pool2d_forward (GtModule  *module,
                       GtTensor  *input,
                       GError   **error)
{
  GtMaxPool2d *self = GT_MAX_POOL2D (module);
  GtTensor *indices = NULL;
  GtTensor *result;

  result = pool (self, input, self->return_indices ? &indices : NULL, error);
  if (result != NULL && self->return_indices)
    {
      g_clear_object (&self->indices);
      self->indices = indices;
    }
  return result;
}

/**
 * gt_max_pool2d_forward_with_indices:
 * @self: a #GtMaxPool2d
 * @input: a 3-D or 4-D tensor
 * @indices: (out) (transfer full) (optional): the flat indices of the
 *   maxima within each H*W plane (int64)
 * @error: return location for a #GError
 *
 * torch's `MaxPool2d(..., return_indices=True)(input)`: the values and the
 * indices. Runs the forward through [method@Gt.Module.forward], so the
 * forward signals are emitted, with indices kept whatever "return-indices"
 * says.
 *
 * Returns: (transfer full): the pooled values, or %NULL with @error set
 *
 * Since: 0.1
 */
GtTensor *
gt_max_pool2d_forward_with_indices (GtMaxPool2d  *self,
                                    GtTensor     *input,
                                    GtTensor    **indices,
                                    GError      **error)
{
  gboolean saved;
  GtTensor *result;

  g_return_val_if_fail (GT_IS_MAX_POOL2D (self), NULL);

  saved = self->return_indices;
  self->return_indices = TRUE;
  result = gt_module_forward (GT_MODULE (self), input, error);
  self->return_indices = saved;
  if (result != NULL && indices != NULL)
    *indices = self->indices != NULL ? g_object_ref (self->indices) : NULL;
  return result;
}

/**
 * gt_max_pool2d_get_indices:
 * @self: a #GtMaxPool2d
 *
 * The indices of the maxima of the last successful forward that kept them
 * (see #GtMaxPool2d:return-indices).
 *
 * Returns: (transfer none) (nullable): the indices, or %NULL when no
 *   forward has kept any
 *
 * Since: 0.1
 */
GtTensor *
gt_max_pool2d_get_indices (GtMaxPool2d *self)
{
  g_return_val_if_fail (GT_IS_MAX_POOL2D (self), NULL);

  return self->indices;
}

static void
gt_max_pool2d_dispose (GObject *object)
{
  GtMaxPool2d *self = GT_MAX_POOL2D (object);

  g_clear_object (&self->indices);
  G_OBJECT_CLASS (gt_max_pool2d_parent_class)->dispose (object);
}

static void
gt_max_pool2d_class_init (GtMaxPool2dClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gt_nn_pool_constructed;
  object_class->dispose = gt_max_pool2d_dispose;
  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_max_pool2d_forward;

  /**
   * GtMaxPool2d:kernel-height:
   *
   * The height of the pooling window.
   *
   * Since: 0.1
   */
  /**
   * GtMaxPool2d:kernel-width:
   *
   * The width of the pooling window.
   *
   * Since: 0.1
   */
  /**
   * GtMaxPool2d:stride-height:
   *
   * The vertical stride; 0 (both strides 0) means the kernel size.
   *
   * Since: 0.1
   */
  /**
   * GtMaxPool2d:stride-width:
   *
   * The horizontal stride; 0 (both strides 0) means the kernel size.
   *
   * Since: 0.1
   */
  /**
   * GtMaxPool2d:padding-height:
   *
   * The implicit -inf padding added at the top and bottom.
   *
   * Since: 0.1
   */
  /**
   * GtMaxPool2d:padding-width:
   *
   * The implicit -inf padding added left and right.
   *
   * Since: 0.1
   */
  /**
   * GtMaxPool2d:dilation-height:
   *
   * The vertical spacing of the window's elements.
   *
   * Since: 0.1
   */
  /**
   * GtMaxPool2d:dilation-width:
   *
   * The horizontal spacing of the window's elements.
   *
   * Since: 0.1
   */
  gt_nn_install_window (object_class, GT_NN_FIELD (GtMaxPool2d, window), 0,
                        TRUE);
  /**
   * GtMaxPool2d:ceil-mode:
   *
   * Whether the output size rounds up instead of down.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtMaxPool2d, ceil_mode),
                       gt_nn_param_spec_boolean ("ceil-mode", FALSE));
  /**
   * GtMaxPool2d:return-indices:
   *
   * Whether each forward keeps the indices of the maxima for
   * [method@Gt.MaxPool2d.get_indices].
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class,
                       GT_NN_FIELD (GtMaxPool2d, return_indices),
                       gt_nn_param_spec_boolean ("return-indices", FALSE));
}

static void
gt_max_pool2d_init (GtMaxPool2d *self)
{
  /* every field but indices is a construct property, which g_object_new
   * sets, to its default when not given */
}

/**
 * gt_max_pool2d_new:
 * @kernel_size: the height and width of the window
 *
 * Creates torch.nn.MaxPool2d(@kernel_size): stride the kernel size, no
 * padding.
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_max_pool2d_new (gint64 kernel_size)
{
  return g_object_new (GT_TYPE_MAX_POOL2D,
                       "kernel-height", kernel_size,
                       "kernel-width", kernel_size,
                       NULL);
}

/**
 * gt_max_pool2d_new_full:
 * @kernel_height: the height of the window
 * @kernel_width: the width of the window
 * @stride_height: the vertical stride (0 with @stride_width 0: the kernel)
 * @stride_width: the horizontal stride
 * @padding_height: the padding at the top and bottom
 * @padding_width: the padding left and right
 * @dilation_height: the vertical dilation (torch's default 1)
 * @dilation_width: the horizontal dilation
 * @ceil_mode: whether output sizes round up
 * @return_indices: whether each forward keeps the indices of the maxima
 *
 * Creates torch.nn.MaxPool2d((@kernel_height, @kernel_width),
 * (@stride_height, @stride_width), ...).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_max_pool2d_new_full (gint64   kernel_height,
                        gint64   kernel_width,
                        gint64   stride_height,
                        gint64   stride_width,
                        gint64   padding_height,
                        gint64   padding_width,
                        gint64   dilation_height,
                        gint64   dilation_width,
                        gboolean ceil_mode,
                        gboolean return_indices)
{
  return g_object_new (GT_TYPE_MAX_POOL2D,
                       "kernel-height", kernel_height,
                       "kernel-width", kernel_width,
                       "stride-height", stride_height,
                       "stride-width", stride_width,
                       "padding-height", padding_height,
                       "padding-width", padding_width,
                       "dilation-height", dilation_height,
                       "dilation-width", dilation_width,
                       "ceil-mode", ceil_mode,
                       "return-indices", return_indices,
                       NULL);
}
