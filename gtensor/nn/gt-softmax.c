/* gt-softmax.c: torch.nn.Softmax */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtSoftmax:
 *
 * torch.nn.Softmax: the softmax exp(x_i) / sum_j exp(x_j), along the dim given by the construct-only
 * property "dim". Its default, %G_MININT, stands for torch's `dim=None`:
 * the legacy implicit choice of torch's `_get_softmax_dim`, dim 0 for 0-,
 * 1- and 3-D inputs and dim 1 otherwise (torch also warns that it is
 * deprecated).
 *
 * Since: 0.1
 */

/**
 * GtSoftmax:dim:
 *
 * The dim to normalise along (negative counts from the end); %G_MININT
 * for torch's None.
 *
 * Since: 0.1
 */
GT_NN_DEFINE_SOFTMAX_LAYER (GtSoftmax, gt_softmax, gt_tensor_softmax)

/**
 * gt_softmax_new:
 * @dim: the dim to normalise along
 *
 * Creates torch.nn.Softmax(dim=@dim).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_softmax_new (gint dim)
{
  return g_object_new (GT_TYPE_SOFTMAX, "dim", dim, NULL);
}
