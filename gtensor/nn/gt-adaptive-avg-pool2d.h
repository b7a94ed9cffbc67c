#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_ADAPTIVE_AVG_POOL2D (gt_adaptive_avg_pool2d_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtAdaptiveAvgPool2d, gt_adaptive_avg_pool2d, GT,
                      ADAPTIVE_AVG_POOL2D, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_adaptive_avg_pool2d_new (gint64 output_height,
                                      gint64 output_width);

G_END_DECLS
