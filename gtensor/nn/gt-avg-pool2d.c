/* gt-avg-pool2d.c: torch.nn.AvgPool2d */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtAvgPool2d:
 *
 * torch.nn.AvgPool2d over the last two dims of a 3-D or 4-D input. Pairs
 * are pairs of construct-only int64 properties: "kernel-height" /
 * "kernel-width", "stride-height"/"stride-width" (0, the default, means
 * torch's stride=None, the kernel size; reading them back gives the stride
 * in use), "padding-height"/"padding-width" (0); then "ceil-mode" (%FALSE),
 * "count-include-pad" (%TRUE) and "divisor-override" (0 means torch's
 * None). Bad sizes are reported by the forward, as in torch.
 *
 * Since: 0.1
 */
struct _GtAvgPool2d
{
  GtModule parent_instance;

  GtNnWindow window;     /* no dilation: its pair is unused */
  gboolean ceil_mode;
  gboolean count_include_pad;
  gint64 divisor_override;
};

G_DEFINE_FINAL_TYPE (GtAvgPool2d, gt_avg_pool2d, GT_TYPE_MODULE)

static GtTensor *
gt_avg_pool2d_forward (GtModule  *module,
                       GtTensor  *input,
                       GError   **error)
{
  GtAvgPool2d *self = GT_AVG_POOL2D (module);
  const GtNnWindow *w = &self->window;

  return gt_tensor_avg_pool2d (input, w->kernel, 2, w->stride, 2,
                               w->padding, 2, self->ceil_mode,
                               self->count_include_pad,
                               self->divisor_override, error);
}

static void
gt_avg_pool2d_class_init (GtAvgPool2dClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gt_nn_pool_constructed;
  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_avg_pool2d_forward;

  /**
   * GtAvgPool2d:kernel-height:
   *
   * The height of the pooling window.
   *
   * Since: 0.1
   */
  /**
   * GtAvgPool2d:kernel-width:
   *
   * The width of the pooling window.
   *
   * Since: 0.1
   */
  /**
   * GtAvgPool2d:stride-height:
   *
   * The vertical stride; 0 (both strides 0) means the kernel size.
   *
   * Since: 0.1
   */
  /**
   * GtAvgPool2d:stride-width:
   *
   * The horizontal stride; 0 (both strides 0) means the kernel size.
   *
   * Since: 0.1
   */
  /**
   * GtAvgPool2d:padding-height:
   *
   * The implicit zero padding at the top and bottom.
   *
   * Since: 0.1
   */
  /**
   * GtAvgPool2d:padding-width:
   *
   * The implicit zero padding left and right.
   *
   * Since: 0.1
   */
  gt_nn_install_window (object_class, GT_NN_FIELD (GtAvgPool2d, window), 0,
                        FALSE);
  /**
   * GtAvgPool2d:ceil-mode:
   *
   * Whether the output size rounds up instead of down.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtAvgPool2d, ceil_mode),
                       gt_nn_param_spec_boolean ("ceil-mode", FALSE));
  /**
   * GtAvgPool2d:count-include-pad:
   *
   * Whether the padding counts in the divisor.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class,
                       GT_NN_FIELD (GtAvgPool2d, count_include_pad),
                       gt_nn_param_spec_boolean ("count-include-pad", TRUE));
  /**
   * GtAvgPool2d:divisor-override:
   *
   * A fixed divisor; 0 for torch's None (the window's size).
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class,
                       GT_NN_FIELD (GtAvgPool2d, divisor_override),
                       gt_nn_param_spec_size ("divisor-override", 0));
}

static void
gt_avg_pool2d_init (GtAvgPool2d *self)
{
  /* every field is a construct property, which g_object_new sets, to its
   * default when not given */
}

/**
 * gt_avg_pool2d_new:
 * @kernel_size: the height and width of the window
 *
 * Creates torch.nn.AvgPool2d(@kernel_size): stride the kernel size, no
 * padding.
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_avg_pool2d_new (gint64 kernel_size)
{
  return g_object_new (GT_TYPE_AVG_POOL2D,
                       "kernel-height", kernel_size,
                       "kernel-width", kernel_size,
                       NULL);
}

/**
 * gt_avg_pool2d_new_full:
 * @kernel_height: the height of the window
 * @kernel_width: the width of the window
 * @stride_height: the vertical stride (0 with @stride_width 0: the kernel)
 * @stride_width: the horizontal stride
 * @padding_height: the padding at the top and bottom
 * @padding_width: the padding left and right
 * @ceil_mode: whether output sizes round up
 * @count_include_pad: whether the padding counts in the divisor
 * @divisor_override: a fixed divisor, 0 for none
 *
 * Creates torch.nn.AvgPool2d((@kernel_height, @kernel_width),
 * (@stride_height, @stride_width), ...).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_avg_pool2d_new_full (gint64   kernel_height,
                        gint64   kernel_width,
                        gint64   stride_height,
                        gint64   stride_width,
                        gint64   padding_height,
                        gint64   padding_width,
                        gboolean ceil_mode,
                        gboolean count_include_pad,
                        gint64   divisor_override)
{
  return g_object_new (GT_TYPE_AVG_POOL2D,
                       "kernel-height", kernel_height,
                       "kernel-width", kernel_width,
                       "stride-height", stride_height,
                       "stride-width", stride_width,
                       "padding-height", padding_height,
                       "padding-width", padding_width,
                       "ceil-mode", ceil_mode,
                       "count-include-pad", count_include_pad,
                       "divisor-override", divisor_override,
                       NULL);
}
