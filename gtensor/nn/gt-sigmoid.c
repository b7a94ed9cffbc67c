/* gt-sigmoid.c: torch.nn.Sigmoid */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtSigmoid:
 *
 * torch.nn.Sigmoid, the logistic function 1 / (1 + exp(-x)) elementwise. No parameters; the same in training and evaluation mode.
 *
 * Since: 0.1
 */
GT_NN_DEFINE_PLAIN_LAYER (GtSigmoid, gt_sigmoid, gt_tensor_sigmoid)

/**
 * gt_sigmoid_new:
 *
 * Creates torch.nn.Sigmoid().
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_sigmoid_new (void)
{
  return g_object_new (GT_TYPE_SIGMOID, NULL);
}
