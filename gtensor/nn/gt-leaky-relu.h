#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_LEAKY_RELU (gt_leaky_relu_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtLeakyReLU, gt_leaky_relu, GT, LEAKY_RELU, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_leaky_relu_new (gdouble negative_slope);

G_END_DECLS
