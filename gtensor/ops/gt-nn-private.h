#pragma once

#include "gt-backend-private.h"

G_BEGIN_DECLS

/*
 * The backend entry points for activations, dropout, normalisation, linear
 * and embedding (gt-activation.c, gt-norm.c). Reached through GtBackend.nn;
 * see gt-backend-private.h. Linear and embedding are composed of other ops
 * and need no entry of their own.
 *
 * Every tensor a kernel receives is float32 or float64, all of one dtype.
 * The element-wise entries take any strides and the same sizes for every
 * operand (the output may be the input itself: in-place); the
 * normalisation entries take contiguous tensors.
 */
typedef struct _GtBackendNN {
  /* @out = gelu(@in): x Φ(x), or with @tanh_approx torch's tanh form. */
  gboolean (*gelu)                (GtTensor *out, GtTensor *in,
                                   gboolean tanh_approx, GError **error);
  /* @grad_in = @grad_out * gelu'(@in). */
  gboolean (*gelu_backward)       (GtTensor *grad_in, GtTensor *grad_out,
                                   GtTensor *in, gboolean tanh_approx,
                                   GError **error);
  /* @out = @in > 0 ? @in : @in * @slope. */
  gboolean (*leaky_relu)          (GtTensor *out, GtTensor *in, gdouble slope,
                                   GError **error);
  /* Dropout in training: @noise (new, contiguous) = bernoulli(1 - @p) /
   * (1 - @p), drawn from the device's default generator as torch's
   * bernoulli_(1 - p) draws (on the CPU: serially, one 64-bit draw per
   * element), then @out = @in * @noise (@out may be @in). 0 < @p < 1. */
  gboolean (*dropout)             (GtTensor *out, GtTensor *noise,
                                   GtTensor *in, gdouble p, GError **error);
  /* Batch norm of @in, contiguous [N, C, S] (S = 1 for 2-D input), N*S > 0.
   * Training: @mean and @invstd ([C]) get the batch mean and
   * 1 / sqrt(biased var + eps); @running_mean / @running_var (nullable)
   * are updated in place with @momentum and the unbiased variance.
   * Eval: @mean = @running_mean and @invstd = 1 / sqrt(@running_var + eps)
   * (both given). Then @out = (@in - mean) * invstd * @weight + @bias
   * (@weight and @bias nullable: 1 and 0). */
  gboolean (*batch_norm)          (GtTensor *out, GtTensor *mean,
                                   GtTensor *invstd, GtTensor *in,
                                   GtTensor *weight, GtTensor *bias,
                                   GtTensor *running_mean,
                                   GtTensor *running_var, gboolean training,
                                   gdouble momentum, gdouble eps,
                                   GError **error);
  /* The gradients of batch_norm (with the @mean and @invstd it gave):
   * @grad_in (nullable, [N, C, S]), @grad_weight and @grad_bias (nullable,
   * [C]). @training: @mean and @invstd were batch statistics, which the
   * gradient of @in goes through. @weight nullable. */
  gboolean (*batch_norm_backward) (GtTensor *grad_in, GtTensor *grad_weight,
                                   GtTensor *grad_bias, GtTensor *grad_out,
                                   GtTensor *in, GtTensor *mean,
                                   GtTensor *invstd, GtTensor *weight,
                                   gboolean training, GError **error);
  /* Layer norm of @in as [M, N] rows: @mean and @rstd ([M]) per row, @out
   * = (@in - mean) * rstd * @weight + @bias (@weight, @bias [N],
   * nullable). */
  gboolean (*layer_norm)          (GtTensor *out, GtTensor *mean,
                                   GtTensor *rstd, GtTensor *in,
                                   GtTensor *weight, GtTensor *bias,
                                   gdouble eps, GError **error);
  /* Its gradients: @grad_in ([M, N]), @grad_weight, @grad_bias ([N]), each
   * nullable. */
  gboolean (*layer_norm_backward) (GtTensor *grad_in, GtTensor *grad_weight,
                                   GtTensor *grad_bias, GtTensor *grad_out,
                                   GtTensor *in, GtTensor *mean,
                                   GtTensor *rstd, GtTensor *weight,
                                   GError **error);
} GtBackendNN;

/* The CPU backend's table (cpu/gt-cpu-nn.c). */
extern const GtBackendNN gt_cpu_backend_nn;

/* gt-activation-grad.c, gt-norm-grad.c: the histories of the ops (the
 * forward has run with grad mode off). */

void      gt_nn_record_gelu         (GtTensor   *self,
                                     gboolean    tanh_approx,
                                     GtTensor   *out);
/* @inplace: @out is @self after leaky_relu_ (torch saves the result). */
void      gt_nn_record_leaky_relu   (GtTensor   *self,
                                     gdouble     slope,
                                     gboolean    inplace,
                                     GtTensor   *out);
void      gt_nn_record_dropout      (GtTensor   *self,
                                     GtTensor   *noise,
                                     gboolean    inplace,
                                     GtTensor   *out);
void      gt_nn_record_gelu_backward (GtTensor  *grad,
                                      GtTensor  *self,
                                      gboolean   tanh_approx,
                                      GtTensor  *out);
/* gt-activation.c: the gradient of gelu as an op of its own
 * (GeluBackwardBackward0 when recorded), so that gelu has derivatives of
 * every order. */
GtTensor *gt_nn_gelu_backward       (GtTensor   *grad,
                                     GtTensor   *self,
                                     gboolean    tanh_approx,
                                     GError    **error);

void      gt_nn_record_batch_norm   (GtTensor   *input,
                                     GtTensor   *weight,
                                     GtTensor   *bias,
                                     GtTensor   *mean,
                                     GtTensor   *invstd,
                                     gboolean    training,
                                     gdouble     eps,
                                     GtTensor   *out);
void      gt_nn_record_layer_norm   (GtTensor   *input,
                                     guint       n_normalized,
                                     GtTensor   *weight,
                                     GtTensor   *bias,
                                     GtTensor   *mean,
                                     GtTensor   *rstd,
                                     gdouble     eps,
                                     GtTensor   *out);
void      gt_nn_record_embedding    (GtTensor   *indices,
                                     GtTensor   *weight,
                                     gint64      padding_idx,
                                     GtTensor   *out);

/* The backend's nn table when it has the entry at @entry_offset, or NULL
 * with GT_ERROR_NOT_SUPPORTED naming @func (gt-activation.c). */
const GtBackendNN *gt_nn_table      (const char  *func,
                                     GtTensor    *t,
                                     gsize        entry_offset,
                                     GError     **error);
#define GT_NN_TABLE(func, t, entry, error) \
  gt_nn_table (func, t, G_STRUCT_OFFSET (GtBackendNN, entry), error)

G_END_DECLS
