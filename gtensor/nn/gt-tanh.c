/* gt-tanh.c: torch.nn.Tanh */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtTanh:
 *
 * torch.nn.Tanh, the hyperbolic tangent elementwise. No parameters; the same in training and evaluation mode.
 *
 * Since: 0.1
 */
GT_NN_DEFINE_PLAIN_LAYER (GtTanh, gt_tanh, gt_tensor_tanh)

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
