#pragma once

#include "gt-backend-private.h"
#include "gt-tensor-private.h"

G_BEGIN_DECLS

/* The geometry of one conv2d or pooling window over a [N, C, H, W]
 * input: kernel (kh, kw), stride, padding before the first element (top,
 * left; the output size, given by the output tensor, fixes how much is
 * implied after the last one) and dilation. */
typedef struct {
  gint64 kh, kw;
  gint64 sh, sw;
  gint64 ph, pw;
  gint64 dh, dw;
} GtWindow2d;

/* The ways of averaging over a window (avg_pool2d). */
typedef struct {
  GtWindow2d win;
  gboolean   count_include_pad;
  gint64     divisor_override;   /* 0: none */
} GtAvgPool2d;

/* The backend entry points for conv2d and pooling (gt-conv.c, gt-pool.c).
 * Reached through GtBackend.conv; see gt-backend-private.h.
 *
 * Every tensor is contiguous, 4-D [N, C, H, W] (the op layer makes them
 * so), float32 or float64 and all of one dtype except the int64 indices;
 * outputs are new tensors the kernel fills completely. N, C and the
 * output sizes may be zero only where the op layer lets them through. */
typedef struct _GtBackendConv {
  /* out [N, O, OH, OW] = conv(in [N, C, H, W], weight [O, C / groups, kh,
   * kw]) + bias [O] (nullable). */
  gboolean (*conv2d)                    (GtTensor         *out,
                                         GtTensor         *in,
                                         GtTensor         *weight,
                                         GtTensor         *bias,
                                         const GtWindow2d *win,
                                         gint64            groups,
                                         GError          **error);
  /* The gradients of conv2d for @grad_out: any of @grad_in (the shape of
   * @in), @grad_weight and @grad_bias may be NULL when not wanted; the
   * data of @in is read only for @grad_weight, that of @weight only for
   * @grad_in (@in may be NULL when @grad_in is given, @weight when it is
   * not). */
  gboolean (*conv2d_backward)           (GtTensor         *grad_in,
                                         GtTensor         *grad_weight,
                                         GtTensor         *grad_bias,
                                         GtTensor         *grad_out,
                                         GtTensor         *in,
                                         GtTensor         *weight,
                                         const GtWindow2d *win,
                                         gint64            groups,
                                         GError          **error);
  /* out = the maximum of each window (NaN wins, as torch); @indices
   * (nullable, int64, @out's shape) = its flat index into H * W. */
  gboolean (*max_pool2d)                (GtTensor         *out,
                                         GtTensor         *indices,
                                         GtTensor         *in,
                                         const GtWindow2d *win,
                                         GError          **error);
  /* grad_in = zeros with grad_out[i] added at indices[i] of its plane. */
  gboolean (*max_pool2d_backward)       (GtTensor         *grad_in,
                                         GtTensor         *grad_out,
                                         GtTensor         *indices,
                                         GError          **error);
  gboolean (*avg_pool2d)                (GtTensor         *out,
                                         GtTensor         *in,
                                         const GtAvgPool2d *pool,
                                         GError          **error);
  gboolean (*avg_pool2d_backward)       (GtTensor         *grad_in,
                                         GtTensor         *grad_out,
                                         const GtAvgPool2d *pool,
                                         GError          **error);
  /* Windows [floor(i * H / OH), ceil((i + 1) * H / OH)), as torch. */
  gboolean (*adaptive_avg_pool2d)       (GtTensor         *out,
                                         GtTensor         *in,
                                         GError          **error);
  gboolean (*adaptive_avg_pool2d_backward) (GtTensor      *grad_in,
                                            GtTensor      *grad_out,
                                            GError       **error);
} GtBackendConv;

/* The CPU backend's table (cpu/gt-cpu-conv.c) and its pooling kernels
 * (cpu/gt-cpu-pool.c). */
extern const GtBackendConv gt_cpu_backend_conv;

gboolean gt_cpu_max_pool2d            (GtTensor *out, GtTensor *indices,
                                       GtTensor *in, const GtWindow2d *win,
                                       GError **error);
gboolean gt_cpu_max_pool2d_backward   (GtTensor *grad_in, GtTensor *grad_out,
                                       GtTensor *indices, GError **error);
gboolean gt_cpu_avg_pool2d            (GtTensor *out, GtTensor *in,
                                       const GtAvgPool2d *pool, GError **error);
gboolean gt_cpu_avg_pool2d_backward   (GtTensor *grad_in, GtTensor *grad_out,
                                       const GtAvgPool2d *pool, GError **error);
gboolean gt_cpu_adaptive_avg_pool2d   (GtTensor *out, GtTensor *in,
                                       GError **error);
gboolean gt_cpu_adaptive_avg_pool2d_backward (GtTensor *grad_in,
                                              GtTensor *grad_out,
                                              GError **error);

/* gt-conv-grad.c: the history of @out = conv2d (@in, @weight, @bias)
 * computed with @in 4-D. */
void      gt_conv_record          (GtTensor         *out,
                                   GtTensor         *in,
                                   GtTensor         *weight,
                                   GtTensor         *bias,
                                   const GtWindow2d *win,
                                   gint64            groups);
/* conv2d on 4-D tensors of one dtype, already checked: runs the kernel
 * with grad mode off and records the history when needed. @bias
 * nullable. */
GtTensor *gt_conv2d_run           (GtTensor         *in,
                                   GtTensor         *weight,
                                   GtTensor         *bias,
                                   const GtWindow2d *win,
                                   gint64            oh,
                                   gint64            ow,
                                   gint64            groups,
                                   GError          **error);

/* gt-pool-grad.c: the histories of the pools (@in as the user gave it,
 * 3-D or 4-D; @indices: the argmax of max_pool2d, which the node keeps). */
void      gt_pool_record_max      (GtTensor          *out,
                                   GtTensor          *in,
                                   GtTensor          *indices);
void      gt_pool_record_avg      (GtTensor          *out,
                                   GtTensor          *in,
                                   const GtAvgPool2d *pool);
void      gt_pool_record_adaptive (GtTensor          *out,
                                   GtTensor          *in);

/* gt-pool.c: the backward kernels on 3-D or 4-D tensors, without history:
 * the gradient (of @in_sizes, @ndim dims) for @grad_out. */
GtTensor *gt_pool_max_backward      (GtTensor          *grad_out,
                                     const gint64      *in_sizes,
                                     guint              ndim,
                                     GtTensor          *indices,
                                     GError           **error);
GtTensor *gt_pool_avg_backward      (GtTensor          *grad_out,
                                     const gint64      *in_sizes,
                                     guint              ndim,
                                     const GtAvgPool2d *pool,
                                     GError           **error);
GtTensor *gt_pool_adaptive_backward (GtTensor          *grad_out,
                                     const gint64      *in_sizes,
                                     guint              ndim,
                                     GError           **error);
/* avg_pool2d and adaptive_avg_pool2d of a checked @in (3-D or 4-D) to an
 * [OH, OW] plane, recording history: the adjoints of the backwards, which
 * their double backward calls. */
GtTensor *gt_pool_avg_run           (GtTensor          *in,
                                     const GtAvgPool2d *pool,
                                     gint64             oh,
                                     gint64             ow,
                                     GError           **error);
GtTensor *gt_pool_adaptive_run      (GtTensor          *in,
                                     gint64             oh,
                                     gint64             ow,
                                     GError           **error);

G_END_DECLS
