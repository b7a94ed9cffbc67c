#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib-object.h>
#include <gtensor/gt-version-macros.h>
#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

#define GT_TYPE_PARAM_GROUP (gt_param_group_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtParamGroup, gt_param_group, GT, PARAM_GROUP, GObject)

GT_AVAILABLE_IN_ALL
GtParamGroup  *gt_param_group_new              (GPtrArray     *params);

GT_AVAILABLE_IN_ALL
guint          gt_param_group_get_n_params     (GtParamGroup  *self);
GT_AVAILABLE_IN_ALL
GtTensor      *gt_param_group_get_param        (GtParamGroup  *self,
                                                guint          index);
GT_AVAILABLE_IN_ALL
GPtrArray     *gt_param_group_get_params       (GtParamGroup  *self);

GT_AVAILABLE_IN_ALL
gboolean       gt_param_group_has_option       (GtParamGroup  *self,
                                                const char    *name);
GT_AVAILABLE_IN_ALL
gdouble        gt_param_group_get_option       (GtParamGroup  *self,
                                                const char    *name,
                                                gdouble        fallback);
GT_AVAILABLE_IN_ALL
void           gt_param_group_set_option       (GtParamGroup  *self,
                                                const char    *name,
                                                gdouble        value);
GT_AVAILABLE_IN_ALL
char         **gt_param_group_list_options     (GtParamGroup  *self);

GT_AVAILABLE_IN_ALL
gdouble        gt_param_group_get_lr           (GtParamGroup  *self);
GT_AVAILABLE_IN_ALL
void           gt_param_group_set_lr           (GtParamGroup  *self,
                                                gdouble        lr);

G_END_DECLS
