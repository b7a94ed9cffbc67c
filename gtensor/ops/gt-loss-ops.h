#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

/**
 * GtReduction:
 * @GT_REDUCTION_NONE: no reduction: one loss per element (or per sample)
 * @GT_REDUCTION_MEAN: the mean of the losses (weighted mean where the loss
 *   takes class weights), torch's default
 * @GT_REDUCTION_SUM: the sum of the losses
 *
 * How a loss reduces its per-element values, torch's `reduction=` string.
 */
typedef enum {
  GT_REDUCTION_NONE,
  GT_REDUCTION_MEAN,
  GT_REDUCTION_SUM,
} GtReduction;

/* Softmax along one dim (torch.softmax / log_softmax), numerically stable. */
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_softmax             (GtTensor      *self,
                                         gint           dim,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_log_softmax         (GtTensor      *self,
                                         gint           dim,
                                         GError       **error);

/* The losses of torch.nn.functional. */
GT_AVAILABLE_IN_ALL
GtTensor *gt_mse_loss                   (GtTensor      *input,
                                         GtTensor      *target,
                                         GtReduction    reduction,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_l1_loss                    (GtTensor      *input,
                                         GtTensor      *target,
                                         GtReduction    reduction,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_smooth_l1_loss             (GtTensor      *input,
                                         GtTensor      *target,
                                         GtReduction    reduction,
                                         gdouble        beta,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_huber_loss                 (GtTensor      *input,
                                         GtTensor      *target,
                                         GtReduction    reduction,
                                         gdouble        delta,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_binary_cross_entropy       (GtTensor      *input,
                                         GtTensor      *target,
                                         GtTensor      *weight,
                                         GtReduction    reduction,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_binary_cross_entropy_with_logits (GtTensor *input,
                                         GtTensor      *target,
                                         GtTensor      *weight,
                                         GtTensor      *pos_weight,
                                         GtReduction    reduction,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_nll_loss                   (GtTensor      *input,
                                         GtTensor      *target,
                                         GtTensor      *weight,
                                         gint64         ignore_index,
                                         GtReduction    reduction,
                                         GError       **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_cross_entropy              (GtTensor      *input,
                                         GtTensor      *target,
                                         GtTensor      *weight,
                                         gint64         ignore_index,
                                         GtReduction    reduction,
                                         gdouble        label_smoothing,
                                         GError       **error);

G_END_DECLS
