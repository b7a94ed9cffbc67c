#pragma once

/*
 * The interface between the CUDA module's C side (gt-cuda-module.c, which
 * knows GtTensor and GError) and its kernels (*.cu, which know neither).
 * Plain C types only, so that nvcc never sees GLib's headers: a tensor
 * crosses as a GtCudaArray (device pointer, dtype, sizes and strides in
 * elements), a launcher returns a cudaError_t-compatible int (0 = success).
 * Every launcher runs on the current device's legacy default stream, so
 * kernels, copies and the stream-ordered allocator are ordered with each
 * other without explicit synchronisation.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GT_CUDA_MAX_DIMS 8

/* Mirrors GtDType (gt-dtype.h); gt-cuda-module.c checks the values. */
enum {
  GT_CUDA_F32, GT_CUDA_F64, GT_CUDA_F16, GT_CUDA_BF16, GT_CUDA_I8,
  GT_CUDA_U8, GT_CUDA_I16, GT_CUDA_I32, GT_CUDA_I64, GT_CUDA_BOOL,
  GT_CUDA_N_DTYPES
};

typedef struct {
  void    *data;                     /* first element (offset applied) */
  int      dtype;
  int      ndim;
  int64_t  numel;
  int64_t  sizes[GT_CUDA_MAX_DIMS];
  int64_t  strides[GT_CUDA_MAX_DIMS];
} GtCudaArray;

/* copies, fills, ranges (gt-cuda-copy.cu); dst and src of equal sizes */
int gt_cuda_launch_copy     (const GtCudaArray *dst, const GtCudaArray *src);
int gt_cuda_launch_fill     (const GtCudaArray *dst, double value);
int gt_cuda_launch_arange   (const GtCudaArray *dst, double start, double step);
int gt_cuda_launch_linspace (const GtCudaArray *dst, double start, double end);
int gt_cuda_launch_where    (const GtCudaArray *out, const GtCudaArray *cond,
                             const GtCudaArray *a, const GtCudaArray *b);

/* pointwise (gt-cuda-pointwise.cu); op values are GtUnaryOp / GtBinaryOp */
typedef struct {
  int    decimals;
  double nan, posinf, neginf;
} GtCudaUnaryParams;

int gt_cuda_launch_unary  (int op, const GtCudaArray *out,
                           const GtCudaArray *in,
                           const GtCudaUnaryParams *params);
int gt_cuda_launch_binary (int op, const GtCudaArray *out,
                           const GtCudaArray *a, const GtCudaArray *b,
                           double alpha, int *zero_divisor);
/* lo / hi may be NULL */
int gt_cuda_launch_clamp  (const GtCudaArray *out, const GtCudaArray *in,
                           const GtCudaArray *lo, const GtCudaArray *hi,
                           int tensor_bounds);

/* reductions (gt-cuda-reduce.cu); op is a GtReduceOp. The last n_reduced
 * dims of in are reduced into out (contiguous); indices may be NULL. Its
 * scratch memory comes from the stream-ordered pool. */
int gt_cuda_launch_reduce (int op, const GtCudaArray *out,
                           const GtCudaArray *indices, const GtCudaArray *in,
                           int n_reduced, double param);

/* integer and bool GEMM that cuBLAS lacks (gt-cuda-gemm.cu): out, a, b
 * are [batch..., M, N] / [.., M, K] / [.., K, N] with any strides. */
int gt_cuda_launch_gemm_int (const GtCudaArray *out, const GtCudaArray *a,
                             const GtCudaArray *b, double alpha, double beta);

/* nn (gt-cuda-nn.cu); contiguous tensors of float32 or float64 */
int gt_cuda_launch_softmax (void *out, const void *in, int dtype,
                            int64_t outer, int64_t size, int64_t inner,
                            int log);
int gt_cuda_launch_softmax_backward (void *grad_in, const void *grad_out,
                                     const void *out, int dtype,
                                     int64_t outer, int64_t size,
                                     int64_t inner, int log);
/* @target: int64 [n * s] contiguous. Checks every target against [0, c)
 * unless it is @ignore_index first: a bad one leaves *bad = 1 and its
 * value in *bad_target, and nothing is written. */
int gt_cuda_launch_nll_loss (void *out, void *total_weight, const void *in,
                             const int64_t *target, const void *weight,
                             int dtype, int64_t n, int64_t c, int64_t s,
                             int64_t ignore_index, int reduction,
                             int *bad, int64_t *bad_target);
int gt_cuda_launch_nll_loss_backward (void *grad_in, const void *grad_out,
                                      const int64_t *target,
                                      const void *weight,
                                      const void *total_weight, int dtype,
                                      int64_t n, int64_t c, int64_t s,
                                      int64_t ignore_index, int reduction);

typedef struct {
  double lr, beta1, beta2, eps, weight_decay, step;
  int    amsgrad, maximize, decoupled;
} GtCudaAdamArgs;
typedef struct {
  double lr, momentum, dampening, weight_decay;
  int    nesterov, maximize, first;
} GtCudaSgdArgs;

int gt_cuda_launch_adam (void *param, const void *grad, void *exp_avg,
                         void *exp_avg_sq, void *max_exp_avg_sq, int dtype,
                         int64_t n, const GtCudaAdamArgs *args);
int gt_cuda_launch_sgd  (void *param, const void *grad, void *momentum_buffer,
                         int dtype, int64_t n, const GtCudaSgdArgs *args);

/* conv2d, pooling, batch norm (gt-cuda-conv.cu); contiguous float32 or
 * float64. The window mirrors GtWindow2d. */
typedef struct {
  int64_t kh, kw, sh, sw, ph, pw, dh, dw;
} GtCudaWindow;

int gt_cuda_launch_im2col (void *col, const void *im, int dtype,
                           const GtCudaWindow *w, int64_t C, int64_t H,
                           int64_t W, int64_t OH, int64_t OW);
int gt_cuda_launch_col2im (void *im, const void *col, int dtype,
                           const GtCudaWindow *w, int64_t C, int64_t H,
                           int64_t W, int64_t OH, int64_t OW);
int gt_cuda_launch_add_bias (void *out, const void *bias, int dtype,
                             int64_t N, int64_t C, int64_t S);
int gt_cuda_launch_max_pool2d (void *out, int64_t *indices, const void *in,
                               int dtype, const GtCudaWindow *w, int64_t NC,
                               int64_t H, int64_t W, int64_t OH, int64_t OW);
int gt_cuda_launch_max_pool2d_backward (void *grad_in, const void *grad_out,
                                        const int64_t *indices, int dtype,
                                        int64_t NC, int64_t in_plane,
                                        int64_t out_plane);
/* backward: out is grad_in [NC, H, W], in is grad_out [NC, OH, OW] */
int gt_cuda_launch_avg_pool2d (void *out, const void *in, int dtype,
                               const GtCudaWindow *w, int count_include_pad,
                               int64_t divisor_override, int64_t NC,
                               int64_t H, int64_t W, int64_t OH, int64_t OW,
                               int backward);
int gt_cuda_launch_adaptive_avg_pool2d (void *out, const void *in, int dtype,
                                        int64_t NC, int64_t H, int64_t W,
                                        int64_t OH, int64_t OW, int backward);
int gt_cuda_launch_batch_norm (void *out, void *mean, void *invstd,
                               const void *in, const void *weight,
                               const void *bias, void *running_mean,
                               void *running_var, int dtype, int64_t N,
                               int64_t C, int64_t S, int training,
                               double momentum, double eps);
int gt_cuda_launch_batch_norm_backward (void *grad_in, void *grad_weight,
                                        void *grad_bias, const void *grad_out,
                                        const void *in, const void *mean,
                                        const void *invstd,
                                        const void *weight, int dtype,
                                        int64_t N, int64_t C, int64_t S,
                                        int training);

/* random fills, dropout, cumsum, activations, layer norm, RMSprop
 * (gt-cuda-extra.cu). kind: 0 uniform [a, b), 1 normal (mean a, std b),
 * 2 integers [low, high). seed: 64 bits from the core's generator. */
int gt_cuda_launch_random (const GtCudaArray *dst, int kind, double a,
                           double b, int64_t low, int64_t high,
                           uint64_t seed);
/* noise: contiguous in out's element order; out may be in */
int gt_cuda_launch_dropout (const GtCudaArray *out, void *noise,
                            const GtCudaArray *in, double p, uint64_t seed);
int gt_cuda_launch_cumsum (const GtCudaArray *out, const GtCudaArray *in);
/* kind: 0 gelu, 1 gelu tanh, 2 gelu backward (a grad_out, b input),
 * 3 gelu tanh backward, 4 leaky relu (slope) */
int gt_cuda_launch_activation (int kind, const GtCudaArray *out,
                               const GtCudaArray *a, const GtCudaArray *b,
                               double slope);
int gt_cuda_launch_layer_norm (void *out, void *mean, void *rstd,
                               const void *in, const void *w, const void *b,
                               int dtype, int64_t M, int64_t N, double eps);
int gt_cuda_launch_layer_norm_backward (void *dx, void *dw, void *db,
                                        const void *dy, const void *in,
                                        const void *mean, const void *rstd,
                                        const void *w, int dtype, int64_t M,
                                        int64_t N);
typedef struct {
  double lr, alpha, eps, weight_decay, momentum;
  int    centered, maximize;
} GtCudaRmspropArgs;
int gt_cuda_launch_rmsprop (void *param, const void *grad, void *square_avg,
                            void *grad_avg, void *momentum_buffer, int dtype,
                            int64_t n, const GtCudaRmspropArgs *args);

/* index ops (gt-cuda-index.cu) */
int gt_cuda_launch_check_index (const GtCudaArray *index, int64_t size,
                                int wrap, int *bad, int64_t *bad_value);
/* gather: a = out, b = src; scatter: a = dst, b = src; all iterated over
 * index's sizes. accumulate: float32/64, int32/64, bool only. */
int gt_cuda_launch_gather_scatter (int scatter, int accumulate,
                                   const GtCudaArray *a, const GtCudaArray *b,
                                   const GtCudaArray *index, int64_t size,
                                   int64_t stride);
int gt_cuda_launch_index_offsets (const GtCudaArray *offsets,
                                  const GtCudaArray *index, int64_t size,
                                  int64_t stride);
int gt_cuda_launch_index_range (const GtCudaArray *index, int64_t *min,
                                int64_t *max);
/* value: device pointer to one element of dst's dtype */
int gt_cuda_launch_masked_fill (const GtCudaArray *dst,
                                const GtCudaArray *mask, const void *value);
int gt_cuda_launch_count_nonzero (const GtCudaArray *src, int64_t *count);

/* sorting and selection (gt-cuda-sort.cu). sort/topk along the last dim:
 * values and/or indices (either NULL) with the last size k, stable. */
int gt_cuda_launch_sort (const GtCudaArray *values, const GtCudaArray *indices,
                         const GtCudaArray *in, int64_t k, int descending);
/* which 0: out = src[mask != 0] (1-D); which 1: out [count, ndim] = the
 * coordinates of src's nonzeros (mask NULL) */
int gt_cuda_launch_select (int which, const GtCudaArray *out,
                           const GtCudaArray *src, const GtCudaArray *mask);

#ifdef __cplusplus
}
#endif
