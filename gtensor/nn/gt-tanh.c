/* gt-tanh.c: torch.nn.Tanh */

#include "config.h"

#include "gtensor.h"

/**
 * GtTanh:
 *
 * torch.nn.Tanh, the hyperbolic tangent elementwise. No parameters; the same in training and evaluation mode.
 *
 * Since: 0.1
 */
struct _GtTanh
{
  GtModule parent_instance;
};

G_DEFINE_FINAL_TYPE (GtTanh, gt_tanh, GT_TYPE_MODULE)

static GtTensor *
gt_tanh_forward (GtModule  *module,
                 GtTensor  *input,
                 GError   **error)
{
  return gt_tensor_tanh (input, error);
}

static void
gt_tanh_class_init (GtTanhClass *klass)
{
  GT_MODULE_CLASS (klass)->forward = gt_tanh_forward;
}

static void
gt_tanh_init (GtTanh *self)
{
}

/**
 * gt_tanh_new:
 *
 * Creates torch.nn.Tanh().
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_tanh_new (void)
{
  return g_object_new (GT_TYPE_TANH, NULL);
}
