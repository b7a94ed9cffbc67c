#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_LOG_SOFTMAX (gt_log_softmax_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtLogSoftmax, gt_log_softmax, GT, LOG_SOFTMAX, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_log_softmax_new (gint dim);

G_END_DECLS
