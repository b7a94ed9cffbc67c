#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_SOFTMAX (gt_softmax_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtSoftmax, gt_softmax, GT, SOFTMAX, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_softmax_new (gint dim);

G_END_DECLS
