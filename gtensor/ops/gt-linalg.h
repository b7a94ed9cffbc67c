#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_matmul  (GtTensor  *self,
                             GtTensor  *other,
                             GError   **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_mm      (GtTensor  *self,
                             GtTensor  *mat2,
                             GError   **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_bmm     (GtTensor  *self,
                             GtTensor  *mat2,
                             GError   **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_mv      (GtTensor  *self,
                             GtTensor  *vec,
                             GError   **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_dot     (GtTensor  *self,
                             GtTensor  *other,
                             GError   **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_outer   (GtTensor  *self,
                             GtTensor  *vec2,
                             GError   **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_addmm   (GtTensor  *self,
                             GtTensor  *mat1,
                             GtTensor  *mat2,
                             gdouble    beta,
                             gdouble    alpha,
                             GError   **error);

G_END_DECLS
