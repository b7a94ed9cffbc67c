#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_TANH (gt_tanh_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtTanh, gt_tanh, GT, TANH, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_tanh_new (void);

G_END_DECLS
