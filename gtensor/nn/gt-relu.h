#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_RELU (gt_relu_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtReLU, gt_relu, GT, RELU, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_relu_new (void);

G_END_DECLS
