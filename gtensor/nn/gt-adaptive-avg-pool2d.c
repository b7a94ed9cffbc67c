/* gt-adaptive-avg-pool2d.c: torch.nn.AdaptiveAvgPool2d */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtAdaptiveAvgPool2d:
 *
 * torch.nn.AdaptiveAvgPool2d: average pooling of a 3-D or 4-D input to a
 * fixed output size, given by the construct-only int64 properties
 * "output-height" and "output-width" (default 1). -1 stands for torch's
 * None in the output size: that dim keeps the input's size.
 *
 * Since: 0.1
 */
struct _GtAdaptiveAvgPool2d
{
  GtModule parent_instance;

  gint64 output_size[2];
};

G_DEFINE_FINAL_TYPE (GtAdaptiveAvgPool2d, gt_adaptive_avg_pool2d,
                     GT_TYPE_MODULE)

static GtTensor *
gt_adaptive_avg_pool2d_forward (GtModule  *module,
                                GtTensor  *input,
                                GError   **error)
{
  GtAdaptiveAvgPool2d *self = GT_ADAPTIVE_AVG_POOL2D (module);
  gint64 size[2] = { self->output_size[0], self->output_size[1] };
  gsize ndim;
  const gint64 *shape = gt_tensor_get_shape (input, &ndim);

  /* torch's _list_with_default: None takes the input's size */
  for (guint i = 0; i < 2; i++)
    if (size[i] == -1 && ndim >= 2)
      size[i] = shape[ndim - 2 + i];
  return gt_tensor_adaptive_avg_pool2d (input, size, 2, error);
}

static void
gt_adaptive_avg_pool2d_class_init (GtAdaptiveAvgPool2dClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_adaptive_avg_pool2d_forward;

  /**
   * GtAdaptiveAvgPool2d:output-height:
   *
   * The output height; -1 keeps the input's.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class,
                       GT_NN_FIELD (GtAdaptiveAvgPool2d, output_size[0]),
                       gt_nn_param_spec_size ("output-height", 1));
  /**
   * GtAdaptiveAvgPool2d:output-width:
   *
   * The output width; -1 keeps the input's.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class,
                       GT_NN_FIELD (GtAdaptiveAvgPool2d, output_size[1]),
                       gt_nn_param_spec_size ("output-width", 1));
}

static void
gt_adaptive_avg_pool2d_init (GtAdaptiveAvgPool2d *self)
{
  self->output_size[0] = self->output_size[1] = 1;
}

/**
 * gt_adaptive_avg_pool2d_new:
 * @output_height: the output height, -1 to keep the input's
 * @output_width: the output width, -1 to keep the input's
 *
 * Creates torch.nn.AdaptiveAvgPool2d((@output_height, @output_width)).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_adaptive_avg_pool2d_new (gint64 output_height,
                            gint64 output_width)
{
  return g_object_new (GT_TYPE_ADAPTIVE_AVG_POOL2D,
                       "output-height", output_height,
                       "output-width", output_width,
                       NULL);
}
