#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

/* Pooling (torch.nn.functional.max_pool2d and friends). Size arrays hold
 * 1 (both dims) or 2 (height, width) values; an empty stride (n_stride 0)
 * means the kernel size, as torch's stride=None. */
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_max_pool2d          (GtTensor      *self,
                                         const gint64  *kernel_size,
                                         gsize          n_kernel_size,
                                         const gint64  *stride,
                                         gsize          n_stride,
                                         const gint64  *padding,
                                         gsize          n_padding,
                                         const gint64  *dilation,
                                         gsize          n_dilation,
                                         gboolean       ceil_mode,
                                         GtTensor     **indices,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_avg_pool2d          (GtTensor      *self,
                                         const gint64  *kernel_size,
                                         gsize          n_kernel_size,
                                         const gint64  *stride,
                                         gsize          n_stride,
                                         const gint64  *padding,
                                         gsize          n_padding,
                                         gboolean       ceil_mode,
                                         gboolean       count_include_pad,
                                         gint64         divisor_override,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_adaptive_avg_pool2d (GtTensor      *self,
                                         const gint64  *output_size,
                                         gsize          n_output_size,
                                         GError       **error);

G_END_DECLS
