#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_FLATTEN (gt_flatten_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtFlatten, gt_flatten, GT, FLATTEN, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_flatten_new           (gint       start_dim,
                                    gint       end_dim);
GT_AVAILABLE_IN_ALL
gint      gt_flatten_get_start_dim (GtFlatten *self);
GT_AVAILABLE_IN_ALL
gint      gt_flatten_get_end_dim   (GtFlatten *self);

G_END_DECLS
