#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_MAX_POOL2D (gt_max_pool2d_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtMaxPool2d, gt_max_pool2d, GT, MAX_POOL2D, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_max_pool2d_new                (gint64        kernel_size);
GT_AVAILABLE_IN_ALL
GtModule *gt_max_pool2d_new_full           (gint64        kernel_height,
                                            gint64        kernel_width,
                                            gint64        stride_height,
                                            gint64        stride_width,
                                            gint64        padding_height,
                                            gint64        padding_width,
                                            gint64        dilation_height,
                                            gint64        dilation_width,
                                            gboolean      ceil_mode,
                                            gboolean      return_indices);
GT_AVAILABLE_IN_ALL
GtTensor *gt_max_pool2d_forward_with_indices (GtMaxPool2d  *self,
                                              GtTensor     *input,
                                              GtTensor    **indices,
                                              GError      **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_max_pool2d_get_indices        (GtMaxPool2d  *self);

G_END_DECLS
