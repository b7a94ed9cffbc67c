/* gt-log-softmax.c: torch.nn.LogSoftmax */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtLogSoftmax:
 *
 * torch.nn.LogSoftmax: the logarithm of the softmax, x_i - logsumexp(x), along the dim given by the construct-only
 * property "dim". Its default, %G_MININT, stands for torch's `dim=None`:
 * the legacy implicit choice of torch's `_get_softmax_dim`, dim 0 for 0-,
 * 1- and 3-D inputs and dim 1 otherwise (torch also warns that it is
 * deprecated).
 *
 * Since: 0.1
 */

/**
 * GtLogSoftmax:dim:
 *
 * The dim to normalise along (negative counts from the end); %G_MININT
 * for torch's None.
 *
 * Since: 0.1
 */
GT_NN_DEFINE_SOFTMAX_LAYER (GtLogSoftmax, gt_log_softmax,
                            gt_tensor_log_softmax)

/**
 * gt_log_softmax_new:
 * @dim: the dim to normalise along
 *
 * Creates torch.nn.LogSoftmax(dim=@dim).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_log_softmax_new (gint dim)
{
  return g_object_new (GT_TYPE_LOG_SOFTMAX, "dim", dim, NULL);
}
