#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
GtTensor *gt_empty       (const gint64  *shape,
                          gsize          n_dims,
                          GtDType        dtype,
                          GtDevice      *device,
                          GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_zeros       (const gint64  *shape,
                          gsize          n_dims,
                          GtDType        dtype,
                          GtDevice      *device,
                          GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_ones        (const gint64  *shape,
                          gsize          n_dims,
                          GtDType        dtype,
                          GtDevice      *device,
                          GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_full        (const gint64  *shape,
                          gsize          n_dims,
                          gdouble        fill_value,
                          GtDType        dtype,
                          GtDevice      *device,
                          GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_arange      (gdouble        start,
                          gdouble        end,
                          gdouble        step,
                          GtDType        dtype,
                          GtDevice      *device,
                          GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_linspace    (gdouble        start,
                          gdouble        end,
                          gint64         steps,
                          GtDType        dtype,
                          GtDevice      *device,
                          GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_eye         (gint64         n,
                          gint64         m,
                          GtDType        dtype,
                          GtDevice      *device,
                          GError       **error);

GT_AVAILABLE_IN_ALL
GtTensor *gt_empty_like  (GtTensor      *input,
                          GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_zeros_like  (GtTensor      *input,
                          GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_ones_like   (GtTensor      *input,
                          GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_full_like   (GtTensor      *input,
                          gdouble        fill_value,
                          GError       **error);

G_END_DECLS
