#pragma once

#include "gt-backend-private.h"

G_BEGIN_DECLS

/* The backend entry points for softmax and the losses (gt-loss-ops.c).
 * Reached through GtBackend.loss; see gt-backend-private.h.
 *
 * Softmax kernels see their tensors as [outer, size, inner] (the softmax
 * dim in the middle), all contiguous and of one dtype, float32 or float64.
 * The nll kernels see the input as [n, c, s] (s: the product of the
 * spatial dims, 1 without them) and the target as int64 [n, s], both
 * contiguous; @weight is NULL or a contiguous [c] of the input's dtype. */
typedef struct _GtBackendLoss {
  /* out = softmax (in), or log_softmax (in) when @log, along the middle
   * dim; numerically stable (the maximum is subtracted first). */
  gboolean (*softmax)           (GtTensor *out, GtTensor *in, gint64 outer,
                                 gint64 size, gint64 inner, gboolean log,
                                 GError **error);
  /* The first-order gradient: grad_in = y * (g - sum (g * y)) for softmax,
   * g - exp (y) * sum (g) for log_softmax (@out is y, the forward's
   * result); @grad_in may be @grad_out. */
  gboolean (*softmax_backward)  (GtTensor *grad_in, GtTensor *grad_out,
                                 GtTensor *out, gint64 outer, gint64 size,
                                 gint64 inner, gboolean log, GError **error);
  /* Checks every target against [0, c) unless it equals @ignore_index
   * (GT_ERROR_INDEX naming @func before anything is written), then:
   * @reduction NONE: @out [n, s] = -w[t] * in[n, t, s] (0 where ignored);
   * otherwise @out (0-d) = the sum of those, divided by @total_weight's
   * value for MEAN, and @total_weight (0-d) = the sum of w[t] over the
   * targets not ignored (w = 1 without a weight). */
  gboolean (*nll_loss)          (GtTensor *out, GtTensor *total_weight,
                                 GtTensor *in, GtTensor *target,
                                 GtTensor *weight, gint64 ignore_index,
                                 guint reduction, const char *func,
                                 GError **error);
  /* @grad_in [n, c, s] = 0 except grad_in[n, t, s] = -w[t] * g, g being
   * @grad_out[n, s] (NONE, contiguous) or the 0-d @grad_out (SUM), divided
   * by @total_weight for MEAN; targets were checked by the forward. */
  gboolean (*nll_loss_backward) (GtTensor *grad_in, GtTensor *grad_out,
                                 GtTensor *target, GtTensor *weight,
                                 GtTensor *total_weight, gint64 ignore_index,
                                 guint reduction, GError **error);
} GtBackendLoss;

/* The CPU backend's table (cpu/gt-cpu-loss.c). */
extern const GtBackendLoss gt_cpu_backend_loss;

/* The element-wise losses that record one node of their own. */
typedef enum {
  GT_POINT_LOSS_MSE,
  GT_POINT_LOSS_SMOOTH_L1,
  GT_POINT_LOSS_HUBER,
  GT_POINT_LOSS_BCE,
  GT_POINT_LOSS_BCE_LOGITS,
} GtPointLoss;

/* Autograd of softmax and the losses (gt-loss-ops-grad.c). */
void gt_loss_record_softmax (GtTensor *self, GtTensor *out, guint dim,
                             gboolean log);
void gt_loss_record_nll     (GtTensor *self, GtTensor *target,
                             GtTensor *weight, GtTensor *total_weight,
                             gint64 ignore_index, guint reduction,
                             GtTensor *out);
/* @input, @target: the caller's operands (the node's inputs, saved with
 * the optional @weight and @pos_weight, which broadcast to them); @x: the
 * broadcast operand the forward used (its element count divides MEAN);
 * @param: beta or delta. */
void gt_loss_record_point   (GtPointLoss kind, GtTensor *input,
                             GtTensor *target, GtTensor *x, GtTensor *t,
                             GtTensor *weight, GtTensor *pos_weight,
                             guint reduction, gdouble param, GtTensor *out);

G_END_DECLS
