#pragma once

/* By the installed path, as gtensor.h includes it (see
 * gt-module-private.h). */
#include <gtensor/gt-batch-norm.h>

G_BEGIN_DECLS

/* The subclasses' _new_full constructors: a new @type with every argument
 * (a NaN @momentum stands for torch's None, the cumulative average), or
 * NULL with the reason when they describe no valid layer. */
GtModule *gt_batch_norm_new_checked (GType         type,
                                     gint64        num_features,
                                     gdouble       eps,
                                     gdouble       momentum,
                                     gboolean      affine,
                                     gboolean      track_running_stats,
                                     GtDType       dtype,
                                     GError      **error);

/* The subclasses' check_input_dim: GT_ERROR_SHAPE with torch's message
 * ("expected 2D or 3D input (got 4D input)") unless the input has
 * @min_ndim to @max_ndim dims. */
gboolean  gt_batch_norm_check_ndim  (GtBatchNorm  *self,
                                     GtTensor     *input,
                                     guint         min_ndim,
                                     guint         max_ndim,
                                     GError      **error);

G_END_DECLS
