#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_CONV2D (gt_conv2d_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtConv2d, gt_conv2d, GT, CONV2D, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_conv2d_new      (gint64       in_channels,
                              gint64       out_channels,
                              gint64       kernel_size,
                              gint64       stride,
                              gint64       padding);
GT_AVAILABLE_IN_ALL
GtModule *gt_conv2d_new_full (gint64       in_channels,
                              gint64       out_channels,
                              gint64       kernel_height,
                              gint64       kernel_width,
                              gint64       stride_height,
                              gint64       stride_width,
                              gint64       padding_height,
                              gint64       padding_width,
                              const char  *padding_string,
                              gint64       dilation_height,
                              gint64       dilation_width,
                              gint64       groups,
                              gboolean     bias,
                              const char  *padding_mode,
                              GtDType      dtype,
                              GError     **error);

G_END_DECLS
