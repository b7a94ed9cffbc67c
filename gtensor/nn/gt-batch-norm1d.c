/* gt-batch-norm1d.c: torch.nn.BatchNorm1d */

#include "config.h"

#include "gtensor.h"
#include "gt-batch-norm-private.h"

/**
 * GtBatchNorm1d:
 *
 * torch.nn.BatchNorm1d: [class@Gt.BatchNorm] for inputs of shape
 * `[N, C]` or `[N, C, L]`; another rank fails with torch's message
 * "expected 2D or 3D input (got ...D input)" (%GT_ERROR_SHAPE).
 *
 * Since: 0.1
 */
GT_DEFINE_BATCH_NORM_RANKS (GtBatchNorm1d, gt_batch_norm1d, 2, 3)

/**
 * gt_batch_norm1d_new:
 * @num_features: C, the size of the input's dim 1
 *
 * Creates torch.nn.BatchNorm1d(@num_features) with torch's defaults
 * (float32). A negative @num_features gives a layer whose forward fails;
 * [ctor@Gt.BatchNorm1d.new_full] reports it at once.
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_batch_norm1d_new (gint64 num_features)
{
  return g_object_new (GT_TYPE_BATCH_NORM1D,
                       "num-features", num_features,
                       NULL);
}

/**
 * gt_batch_norm1d_new_full:
 * @num_features: C, the size of the input's dim 1
 * @eps: added to the variance (torch's default 1e-5)
 * @momentum: the running statistics' factor (0.1); NaN for torch's None,
 *   a cumulative moving average (the #GtBatchNorm:cumulative-average
 *   property)
 * @affine: whether the layer has a weight and a bias (%TRUE)
 * @track_running_stats: whether the layer keeps running statistics (%TRUE)
 * @dtype: the dtype of the parameters and statistics
 * @error: return location for a #GError
 *
 * Creates torch.nn.BatchNorm1d with every argument.
 *
 * Returns: (transfer full): the new layer, or %NULL with @error set
 *
 * Since: 0.1
 */
GtModule *
gt_batch_norm1d_new_full (gint64     num_features,
                           gdouble    eps,
                           gdouble    momentum,
                           gboolean   affine,
                           gboolean   track_running_stats,
                           GtDType    dtype,
                           GError   **error)
{
  return gt_batch_norm_new_checked (GT_TYPE_BATCH_NORM1D, num_features, eps,
                                    momentum, affine, track_running_stats,
                                    dtype, error);
}
