#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_DROPOUT (gt_dropout_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtDropout, gt_dropout, GT, DROPOUT, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_dropout_new      (gdouble    p);
GT_AVAILABLE_IN_ALL
GtModule *gt_dropout_new_full (gdouble    p,
                               gboolean   inplace,
                               GError   **error);

G_END_DECLS
