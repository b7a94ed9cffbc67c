#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
GtTensor *gt_rand            (const gint64  *shape,
                              gsize          n_dims,
                              GtDType        dtype,
                              GtDevice      *device,
                              GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_randn           (const gint64  *shape,
                              gsize          n_dims,
                              GtDType        dtype,
                              GtDevice      *device,
                              GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_randint         (gint64         low,
                              gint64         high,
                              const gint64  *shape,
                              gsize          n_dims,
                              GtDType        dtype,
                              GtDevice      *device,
                              GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_rand_like       (GtTensor      *input,
                              GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_randn_like      (GtTensor      *input,
                              GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_randint_like    (GtTensor      *input,
                              gint64         low,
                              gint64         high,
                              GError       **error);

GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_uniform_ (GtTensor      *self,
                              gdouble        from,
                              gdouble        to,
                              GError       **error);
GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_normal_  (GtTensor      *self,
                              gdouble        mean,
                              gdouble        std,
                              GError       **error);

G_END_DECLS
