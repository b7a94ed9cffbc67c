#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_LAYER_NORM (gt_layer_norm_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtLayerNorm, gt_layer_norm, GT, LAYER_NORM, GtModule)

GT_AVAILABLE_IN_ALL
GtModule     *gt_layer_norm_new                  (const gint64  *normalized_shape,
                                                  gsize          n_normalized_shape);
GT_AVAILABLE_IN_ALL
GtModule     *gt_layer_norm_new_full             (const gint64  *normalized_shape,
                                                  gsize          n_normalized_shape,
                                                  gdouble        eps,
                                                  gboolean       elementwise_affine,
                                                  GtDType        dtype,
                                                  GError       **error);
GT_AVAILABLE_IN_ALL
const gint64 *gt_layer_norm_get_normalized_shape (GtLayerNorm   *self,
                                                  gsize         *n_dims);

G_END_DECLS
