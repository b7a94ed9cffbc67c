#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-batch-norm.h>

G_BEGIN_DECLS

#define GT_TYPE_BATCH_NORM2D (gt_batch_norm2d_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtBatchNorm2d, gt_batch_norm2d, GT, BATCH_NORM2D,
                      GtBatchNorm)

GT_AVAILABLE_IN_ALL
GtModule *gt_batch_norm2d_new      (gint64     num_features);
GT_AVAILABLE_IN_ALL
GtModule *gt_batch_norm2d_new_full (gint64     num_features,
                                    gdouble    eps,
                                    gdouble    momentum,
                                    gboolean   affine,
                                    gboolean   track_running_stats,
                                    GtDType    dtype,
                                    GError   **error);

G_END_DECLS
