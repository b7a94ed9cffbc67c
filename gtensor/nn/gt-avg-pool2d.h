#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_AVG_POOL2D (gt_avg_pool2d_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtAvgPool2d, gt_avg_pool2d, GT, AVG_POOL2D, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_avg_pool2d_new      (gint64    kernel_size);
GT_AVAILABLE_IN_ALL
GtModule *gt_avg_pool2d_new_full (gint64    kernel_height,
                                  gint64    kernel_width,
                                  gint64    stride_height,
                                  gint64    stride_width,
                                  gint64    padding_height,
                                  gint64    padding_width,
                                  gboolean  ceil_mode,
                                  gboolean  count_include_pad,
                                  gint64    divisor_override);

G_END_DECLS
