#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_index_select        (GtTensor   *self,
                                         gint        dim,
                                         GtTensor   *index,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_gather              (GtTensor   *self,
                                         gint        dim,
                                         GtTensor   *index,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_take                (GtTensor   *self,
                                         GtTensor   *index,
                                         GError    **error);

GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_scatter             (GtTensor   *self,
                                         gint        dim,
                                         GtTensor   *index,
                                         GtTensor   *src,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_scatter_scalar      (GtTensor   *self,
                                         gint        dim,
                                         GtTensor   *index,
                                         gdouble     value,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_scatter_            (GtTensor   *self,
                                         gint        dim,
                                         GtTensor   *index,
                                         GtTensor   *src,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_scatter_scalar_     (GtTensor   *self,
                                         gint        dim,
                                         GtTensor   *index,
                                         gdouble     value,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_scatter_add         (GtTensor   *self,
                                         gint        dim,
                                         GtTensor   *index,
                                         GtTensor   *src,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_scatter_add_        (GtTensor   *self,
                                         gint        dim,
                                         GtTensor   *index,
                                         GtTensor   *src,
                                         GError    **error);

GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_masked_fill         (GtTensor   *self,
                                         GtTensor   *mask,
                                         GtTensor   *value,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_masked_fill_scalar  (GtTensor   *self,
                                         GtTensor   *mask,
                                         gdouble     value,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_masked_fill_        (GtTensor   *self,
                                         GtTensor   *mask,
                                         GtTensor   *value,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_masked_fill_scalar_ (GtTensor   *self,
                                         GtTensor   *mask,
                                         gdouble     value,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_masked_select       (GtTensor   *self,
                                         GtTensor   *mask,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_nonzero             (GtTensor   *self,
                                         GError    **error);

GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_index               (GtTensor   *self,
                                         GPtrArray  *indices,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_index_put           (GtTensor   *self,
                                         GPtrArray  *indices,
                                         GtTensor   *values,
                                         gboolean    accumulate,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_index_put_          (GtTensor   *self,
                                         GPtrArray  *indices,
                                         GtTensor   *values,
                                         gboolean    accumulate,
                                         GError    **error);

GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_index_dims          (GtTensor   *self,
                                         const gint *dims,
                                         gsize       n_dims,
                                         GPtrArray  *indices,
                                         GError    **error);
GT_AVAILABLE_IN_ALL
gboolean  gt_tensor_index_put_dims_     (GtTensor   *self,
                                         const gint *dims,
                                         gsize       n_dims,
                                         GPtrArray  *indices,
                                         GtTensor   *values,
                                         gboolean    accumulate,
                                         GError    **error);

GT_AVAILABLE_IN_ALL
GtTensor *gt_one_hot                    (GtTensor   *indices,
                                         gint64      num_classes,
                                         GError    **error);

G_END_DECLS
