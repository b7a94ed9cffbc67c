#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

/* Convolution (torch.nn.functional.conv2d). Each of stride, padding and
 * dilation is an array of 1 (both dims) or 2 (height, width) values. */
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_conv2d              (GtTensor      *self,
                                         GtTensor      *weight,
                                         GtTensor      *bias,
                                         const gint64  *stride,
                                         gsize          n_stride,
                                         const gint64  *padding,
                                         gsize          n_padding,
                                         const gint64  *dilation,
                                         gsize          n_dilation,
                                         gint64         groups,
                                         GError       **error);
/* The same with torch's string paddings "same" and "valid". */
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_conv2d_padding_mode (GtTensor      *self,
                                         GtTensor      *weight,
                                         GtTensor      *bias,
                                         const gint64  *stride,
                                         gsize          n_stride,
                                         const char    *padding,
                                         const gint64  *dilation,
                                         gsize          n_dilation,
                                         gint64         groups,
                                         GError       **error);

G_END_DECLS
