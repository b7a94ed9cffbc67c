#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_MODULE_LIST (gt_module_list_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtModuleList, gt_module_list, GT, MODULE_LIST, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_module_list_new        (void);
GT_AVAILABLE_IN_ALL
void      gt_module_list_append     (GtModuleList *self,
                                     GtModule     *module);
GT_AVAILABLE_IN_ALL
GtModule *gt_module_list_get        (GtModuleList *self,
                                     gint          index);
GT_AVAILABLE_IN_ALL
guint     gt_module_list_get_length (GtModuleList *self);

G_END_DECLS
