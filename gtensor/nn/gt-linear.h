#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_LINEAR (gt_linear_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtLinear, gt_linear, GT, LINEAR, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_linear_new      (gint64     in_features,
                              gint64     out_features,
                              gboolean   bias);
GT_AVAILABLE_IN_ALL
GtModule *gt_linear_new_full (gint64     in_features,
                              gint64     out_features,
                              gboolean   bias,
                              GtDType    dtype,
                              GError   **error);

G_END_DECLS
