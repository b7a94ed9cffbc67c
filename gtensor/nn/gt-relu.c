/* gt-relu.c: torch.nn.ReLU */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtReLU:
 *
 * torch.nn.ReLU: max(0, x) elementwise. With the construct-only property
 * "inplace" (default %FALSE) the forward overwrites its input and returns
 * it, as torch's `ReLU(inplace=True)`.
 *
 * Since: 0.1
 */
struct _GtReLU
{
  GtModule parent_instance;

  gboolean inplace;
};

G_DEFINE_FINAL_TYPE (GtReLU, gt_relu, GT_TYPE_MODULE)

static GtTensor *
gt_relu_forward (GtModule  *module,
                 GtTensor  *input,
                 GError   **error)
{
  GtReLU *self = GT_RELU (module);

  if (!self->inplace)
    return gt_tensor_relu (input, error);
  if (!gt_tensor_relu_ (input, error))
    return NULL;
  return g_object_ref (input);
}

static void
gt_relu_class_init (GtReLUClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_relu_forward;

  /**
   * GtReLU:inplace:
   *
   * Whether the forward overwrites its input.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtReLU, inplace),
                       gt_nn_param_spec_boolean ("inplace", FALSE));
}

static void
gt_relu_init (GtReLU *self)
{
}

/**
 * gt_relu_new:
 *
 * Creates torch.nn.ReLU() (not in place; set the "inplace" property with
 * g_object_new() for the in-place form).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_relu_new (void)
{
  return g_object_new (GT_TYPE_RELU, NULL);
}
