#pragma once

#include "gt-batch-norm.h"

G_BEGIN_DECLS

/* For the subclasses' _new_full constructors: FALSE with the reason when
 * the construct properties describe no valid layer. */
gboolean gt_batch_norm_check_construction (GtBatchNorm  *self,
                                           GError      **error);

G_END_DECLS
