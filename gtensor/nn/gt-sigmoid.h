#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_SIGMOID (gt_sigmoid_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtSigmoid, gt_sigmoid, GT, SIGMOID, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_sigmoid_new (void);

G_END_DECLS
