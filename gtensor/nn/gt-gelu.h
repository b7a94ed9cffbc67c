#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_GELU (gt_gelu_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtGELU, gt_gelu, GT, GELU, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_gelu_new (const char *approximate);

G_END_DECLS
