#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_SEQUENTIAL (gt_sequential_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtSequential, gt_sequential, GT, SEQUENTIAL, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_sequential_new          (void);
GT_AVAILABLE_IN_ALL
GtModule *gt_sequential_new_from_array (GtModule    **modules,
                                        gsize         n_modules);
GT_AVAILABLE_IN_ALL
GtModule *gt_sequential_new_take     (GtModule     *first,
                                      ...) G_GNUC_NULL_TERMINATED;
GT_AVAILABLE_IN_ALL
void      gt_sequential_append       (GtSequential *self,
                                      GtModule     *module);
GT_AVAILABLE_IN_ALL
GtModule *gt_sequential_get          (GtSequential *self,
                                      gint          index);
GT_AVAILABLE_IN_ALL
guint     gt_sequential_get_length   (GtSequential *self);

G_END_DECLS
