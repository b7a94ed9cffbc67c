#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

/* over a list of dims (all dims when the list is empty) */
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_sum          (GtTensor      *self,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_mean         (GtTensor      *self,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_prod         (GtTensor      *self,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_var          (GtTensor      *self,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gdouble        correction,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_std          (GtTensor      *self,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gdouble        correction,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_amax         (GtTensor      *self,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_amin         (GtTensor      *self,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_all          (GtTensor      *self,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_any          (GtTensor      *self,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_logsumexp    (GtTensor      *self,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_norm         (GtTensor      *self,
                                  gdouble        p,
                                  const gint    *dims,
                                  gsize          n_dims,
                                  gboolean       keepdim,
                                  GError       **error);

/* the extremes, of the whole tensor or along one dim with indices */
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_max          (GtTensor      *self,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_min          (GtTensor      *self,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_max_dim      (GtTensor      *self,
                                  gint           dim,
                                  gboolean       keepdim,
                                  GtTensor     **indices,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_min_dim      (GtTensor      *self,
                                  gint           dim,
                                  gboolean       keepdim,
                                  GtTensor     **indices,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_argmax       (GtTensor      *self,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_argmin       (GtTensor      *self,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_argmax_dim   (GtTensor      *self,
                                  gint           dim,
                                  gboolean       keepdim,
                                  GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_argmin_dim   (GtTensor      *self,
                                  gint           dim,
                                  gboolean       keepdim,
                                  GError       **error);

/* scans */
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_cumsum       (GtTensor      *self,
                                  gint           dim,
                                  GError       **error);

G_END_DECLS
