/* gt-leaky-relu.c: torch.nn.LeakyReLU */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtLeakyReLU:
 *
 * torch.nn.LeakyReLU: x for x >= 0, negative_slope * x below. Construct-only
 * properties "negative-slope" (default 0.01) and "inplace" (default %FALSE;
 * when set the forward overwrites its input and returns it).
 *
 * Since: 0.1
 */
struct _GtLeakyReLU
{
  GtModule parent_instance;

  gdouble negative_slope;
  gboolean inplace;
};

G_DEFINE_FINAL_TYPE (GtLeakyReLU, gt_leaky_relu, GT_TYPE_MODULE)

static GtTensor *
gt_leaky_relu_forward (GtModule  *module,
                       GtTensor  *input,
                       GError   **error)
{
  GtLeakyReLU *self = GT_LEAKY_RELU (module);

  if (!self->inplace)
    return gt_tensor_leaky_relu (input, self->negative_slope, error);
  if (!gt_tensor_leaky_relu_ (input, self->negative_slope, error))
    return NULL;
  return g_object_ref (input);
}

static void
gt_leaky_relu_class_init (GtLeakyReLUClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_leaky_relu_forward;

  /**
   * GtLeakyReLU:negative-slope:
   *
   * The slope for negative inputs.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtLeakyReLU, negative_slope),
                       gt_nn_param_spec_double ("negative-slope", 0.01));
  /**
   * GtLeakyReLU:inplace:
   *
   * Whether the forward overwrites its input.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtLeakyReLU, inplace),
                       gt_nn_param_spec_boolean ("inplace", FALSE));
}

static void
gt_leaky_relu_init (GtLeakyReLU *self)
{
  self->negative_slope = 0.01;
}

/**
 * gt_leaky_relu_new:
 * @negative_slope: the slope for negative inputs (torch's default is 0.01)
 *
 * Creates torch.nn.LeakyReLU(@negative_slope).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_leaky_relu_new (gdouble negative_slope)
{
  return g_object_new (GT_TYPE_LEAKY_RELU,
                       "negative-slope", negative_slope,
                       NULL);
}
