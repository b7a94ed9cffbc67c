/* conv2d's im2col / col2im (the GEMMs are cuBLAS calls from
 * gt-cuda-module.c), pooling and batch norm, for contiguous float32 and
 * float64 tensors [N, C, H, W] (the op layer's contract,
 * ops/gt-conv-private.h and ops/gt-nn-private.h). */

#include <math.h>

#include "gt-cuda-common.cuh"

/* col [C * kh * kw, OH * OW] of one image [C, H, W]. */
template <typename T>
__global__ void
im2col_kernel (T *col, const T *im, GtCudaWindow w, int64_t C, int64_t H,
               int64_t W, int64_t OH, int64_t OW)
{
  GT_CUDA_GRID_LOOP (e, C * w.kh * w.kw * OH * OW)
    {
      int64_t ox = e % OW, oy = (e / OW) % OH, r = e / (OW * OH);
      int64_t kx = r % w.kw, ky = (r / w.kw) % w.kh, c = r / (w.kw * w.kh);
      int64_t y = oy * w.sh - w.ph + ky * w.dh, x = ox * w.sw - w.pw + kx * w.dw;

      col[e] = y >= 0 && y < H && x >= 0 && x < W ? im[(c * H + y) * W + x]
                                                  : (T) 0;
    }
}

/* im [C, H, W] = the sum of the col entries that read each pixel (the
 * gather form: no atomics, deterministic). */
template <typename T>
__global__ void
col2im_kernel (T *im, const T *col, GtCudaWindow w, int64_t C, int64_t H,
               int64_t W, int64_t OH, int64_t OW)
{
  GT_CUDA_GRID_LOOP (e, C * H * W)
    {
      int64_t x = e % W, y = (e / W) % H, c = e / (W * H);
      T sum = 0;

      for (int64_t ky = 0; ky < w.kh; ky++)
        {
          int64_t ty = y + w.ph - ky * w.dh;
          if (ty < 0 || ty % w.sh != 0 || ty / w.sh >= OH)
            continue;
          for (int64_t kx = 0; kx < w.kw; kx++)
            {
              int64_t tx = x + w.pw - kx * w.dw;
              if (tx < 0 || tx % w.sw != 0 || tx / w.sw >= OW)
                continue;
              sum += col[(((c * w.kh + ky) * w.kw + kx) * OH + ty / w.sh) * OW
                         + tx / w.sw];
            }
        }
      im[e] = sum;
    }
}

extern "C" int
gt_cuda_launch_im2col (void *col, const void *im, int dtype,
                       const GtCudaWindow *w, int64_t C, int64_t H, int64_t W,
                       int64_t OH, int64_t OW)
{
  int64_t n = C * w->kh * w->kw * OH * OW;

  if (n == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    im2col_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) col, (const T *) im, *w, C, H, W, OH, OW));
  return cudaGetLastError ();
}

extern "C" int
gt_cuda_launch_col2im (void *im, const void *col, int dtype,
                       const GtCudaWindow *w, int64_t C, int64_t H, int64_t W,
                       int64_t OH, int64_t OW)
{
  int64_t n = C * H * W;

  if (n == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    col2im_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) im, (const T *) col, *w, C, H, W, OH, OW));
  return cudaGetLastError ();
}

/* out [N, C, S] += bias [C] */
template <typename T>
__global__ void
bias_kernel (T *out, const T *bias, int64_t N, int64_t C, int64_t S)
{
  GT_CUDA_GRID_LOOP (e, N * C * S)
    out[e] += bias[(e / S) % C];
}

extern "C" int
gt_cuda_launch_add_bias (void *out, const void *bias, int dtype, int64_t N,
                         int64_t C, int64_t S)
{
  if (N * C * S == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    bias_kernel<T><<<gt_cuda_blocks (N * C * S, 1), GT_CUDA_THREADS>>>
      ((T *) out, (const T *) bias, N, C, S));
  return cudaGetLastError ();
}

/* ---- pooling ------------------------------------------------------------------ */

/* The backward pools scatter into a zeroed grad_in of n elements. */
static int
zero_grad_in (void *grad_in, int dtype, int64_t n)
{
  return cudaMemsetAsync (grad_in, 0, (size_t) n * gt_cuda_elem_size (dtype), 0);
}

template <typename T>
__global__ void
max_pool_kernel (T *out, int64_t *indices, const T *in, GtCudaWindow w,
                 int64_t NC, int64_t H, int64_t W, int64_t OH, int64_t OW)
{
  GT_CUDA_GRID_LOOP (e, NC * OH * OW)
    {
      int64_t ox = e % OW, oy = (e / OW) % OH, p = e / (OW * OH);
      const T *plane = in + p * H * W;
      T best = (T) -INFINITY;
      int64_t best_i = -1;

      for (int64_t ky = 0; ky < w.kh; ky++)
        {
          int64_t y = oy * w.sh - w.ph + ky * w.dh;
          if (y < 0 || y >= H)
            continue;
          for (int64_t kx = 0; kx < w.kw; kx++)
            {
              int64_t x = ox * w.sw - w.pw + kx * w.dw;
              T v;
              if (x < 0 || x >= W)
                continue;
              v = plane[y * W + x];
              /* NaN wins, then the first maximum */
              if (best_i < 0 || (v > best || v != v) && !(best != best))
                {
                  best = v;
                  best_i = y * W + x;
                }
            }
        }
      out[e] = best;
      if (indices != NULL)
        indices[e] = best_i;
    }
}

extern "C" int
gt_cuda_launch_max_pool2d (void *out, int64_t *indices, const void *in,
                           int dtype, const GtCudaWindow *w, int64_t NC,
                           int64_t H, int64_t W, int64_t OH, int64_t OW)
{
  int64_t n = NC * OH * OW;

  if (n == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    max_pool_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) out, indices, (const T *) in, *w, NC, H, W, OH, OW));
  return cudaGetLastError ();
}

/* grad_in (zeroed first) [i's plane][indices[i]] += grad_out[i]. */
template <typename T>
__global__ void
max_pool_backward_kernel (T *gi, const T *go, const int64_t *indices,
                          int64_t n, int64_t out_plane, int64_t in_plane)
{
  GT_CUDA_GRID_LOOP (e, n)
    {
      int64_t idx = indices[e];
      if (idx >= 0)
        atomicAdd (gi + (e / out_plane) * in_plane + idx, go[e]);
    }
}

extern "C" int
gt_cuda_launch_max_pool2d_backward (void *grad_in, const void *grad_out,
                                    const int64_t *indices, int dtype,
                                    int64_t NC, int64_t in_plane,
                                    int64_t out_plane)
{
  int err = zero_grad_in (grad_in, dtype, NC * in_plane);

  if (err != cudaSuccess || NC * out_plane == 0)
    return err;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    max_pool_backward_kernel<T><<<gt_cuda_blocks (NC * out_plane, 1),
                                  GT_CUDA_THREADS>>>
      ((T *) grad_in, (const T *) grad_out, indices, NC * out_plane,
       out_plane, in_plane));
  return cudaGetLastError ();
}

/* torch's avg_pool2d window and divisor. mode: 0 forward, 1 backward. */
__device__ __forceinline__ void
avg_window (const GtCudaWindow &w, int64_t oy, int64_t ox, int64_t H,
            int64_t W, int count_include_pad, int64_t divisor_override,
            int64_t *y0, int64_t *y1, int64_t *x0, int64_t *x1,
            double *divisor)
{
  int64_t hs = oy * w.sh - w.ph, ws = ox * w.sw - w.pw;
  int64_t he = hs + w.kh < H + w.ph ? hs + w.kh : H + w.ph;
  int64_t we = ws + w.kw < W + w.pw ? ws + w.kw : W + w.pw;
  int64_t pool = (he - hs) * (we - ws);

  hs = hs > 0 ? hs : 0;
  ws = ws > 0 ? ws : 0;
  he = he < H ? he : H;
  we = we < W ? we : W;
  *y0 = hs; *y1 = he; *x0 = ws; *x1 = we;
  if (divisor_override != 0)
    *divisor = (double) divisor_override;
  else if (count_include_pad)
    *divisor = (double) pool;
  else
    *divisor = (double) ((he - hs) * (we - ws));
}

/* adaptive_avg_pool2d's window: [floor(i * H / OH), ceil((i + 1) * H / OH)),
 * as torch. */
__device__ __forceinline__ void
adaptive_window (int64_t oy, int64_t ox, int64_t H, int64_t W, int64_t OH,
                 int64_t OW, int64_t *y0, int64_t *y1, int64_t *x0,
                 int64_t *x1, double *divisor)
{
  *y0 = oy * H / OH;
  *y1 = ((oy + 1) * H + OH - 1) / OH;
  *x0 = ox * W / OW;
  *x1 = ((ox + 1) * W + OW - 1) / OW;
  *divisor = (double) ((*y1 - *y0) * (*x1 - *x0));
}

/* avg_pool2d (adaptive 0) and adaptive_avg_pool2d, one thread per output
 * element. Forward: out [NC, OH, OW] = the window's sum / divisor.
 * Backward (out = grad_in [NC, H, W], zeroed; in = grad_out [NC, OH,
 * OW]): grad_out / divisor added to every pixel of the window. */
template <typename T>
__global__ void
avg_pool_kernel (T *out, const T *in, GtCudaWindow w, int cip, int64_t dov,
                 int adaptive, int64_t NC, int64_t H, int64_t W, int64_t OH,
                 int64_t OW, int backward)
{
  GT_CUDA_GRID_LOOP (e, NC * OH * OW)
    {
      int64_t ox = e % OW, oy = (e / OW) % OH, p = e / (OW * OH);
      int64_t y0, y1, x0, x1;
      double div, sum = 0.0;

      if (adaptive)
        adaptive_window (oy, ox, H, W, OH, OW, &y0, &y1, &x0, &x1, &div);
      else
        avg_window (w, oy, ox, H, W, cip, dov, &y0, &y1, &x0, &x1, &div);
      if (backward)
        {
          T g = (T) ((double) in[e] / div);
          for (int64_t y = y0; y < y1; y++)
            for (int64_t x = x0; x < x1; x++)
              atomicAdd (out + (p * H + y) * W + x, g);
        }
      else
        {
          for (int64_t y = y0; y < y1; y++)
            for (int64_t x = x0; x < x1; x++)
              sum += (double) in[(p * H + y) * W + x];
          out[e] = (T) (sum / div);
        }
    }
}

static int
avg_pool_run (void *out, const void *in, int dtype, const GtCudaWindow *w,
              int count_include_pad, int64_t divisor_override, int adaptive,
              int64_t NC, int64_t H, int64_t W, int64_t OH, int64_t OW,
              int backward)
{
  int64_t n = NC * OH * OW;

  if (backward)
    {
      int err = zero_grad_in (out, dtype, NC * H * W);
      if (err != cudaSuccess)
        return err;
    }
  if (n == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    avg_pool_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) out, (const T *) in, *w, count_include_pad, divisor_override,
       adaptive, NC, H, W, OH, OW, backward));
  return cudaGetLastError ();
}

extern "C" int
gt_cuda_launch_avg_pool2d (void *out, const void *in, int dtype,
                           const GtCudaWindow *w, int count_include_pad,
                           int64_t divisor_override, int64_t NC, int64_t H,
                           int64_t W, int64_t OH, int64_t OW, int backward)
{
  return avg_pool_run (out, in, dtype, w, count_include_pad, divisor_override,
                       0, NC, H, W, OH, OW, backward);
}

extern "C" int
gt_cuda_launch_adaptive_avg_pool2d (void *out, const void *in, int dtype,
                                    int64_t NC, int64_t H, int64_t W,
                                    int64_t OH, int64_t OW, int backward)
{
  GtCudaWindow none = { 1, 1, 1, 1, 0, 0, 1, 1 };

  return avg_pool_run (out, in, dtype, &none, 0, 0, 1, NC, H, W, OH, OW,
                       backward);
}

/* ---- batch norm ---------------------------------------------------------------- */

/* The element (n, c, s) of [N, C, S] for the e-th (n, s) of channel c. */
__device__ __forceinline__ int64_t
bn_index (int64_t e, int64_t c, int64_t C, int64_t S)
{
  return ((e / S) * C + c) * S + e % S;
}

/* One block per channel, the CPU kernel's formulas and roundings
 * (gt-cpu-nn.c: deviations and products in T, sums in double). */
template <typename T>
__global__ void
bn_forward_kernel (T *out, T *mean_out, T *invstd_out, const T *in,
                   const T *w, const T *b, T *rm, T *rv, int64_t N, int64_t C,
                   int64_t S, int training, double momentum, double eps)
{
  const int64_t NS = N * S;
  const T mom = (T) momentum;

  for (int64_t c = blockIdx.x; c < C; c += gridDim.x)
    {
      T mean, invstd, alpha, beta;

      if (training)
        {
          double sum = 0.0, sq = 0.0, var;
          T var_sum;

          for (int64_t e = threadIdx.x; e < NS; e += blockDim.x)
            sum += (double) in[bn_index (e, c, C, S)];
          sum = gt_cuda_block_sum (sum);
          mean = (T) (sum / NS);
          for (int64_t e = threadIdx.x; e < NS; e += blockDim.x)
            {
              T d = in[bn_index (e, c, C, S)] - mean;
              sq += (double) (d * d);
            }
          sq = gt_cuda_block_sum (sq);
          var_sum = (T) sq;
          var = (double) (var_sum / (T) NS);
          invstd = (T) (var != 0.0 || eps != 0.0 ? 1.0 / sqrt (var + eps) : 0.0);
          if (threadIdx.x == 0)
            {
              if (rm != NULL)
                rm[c] = mom * mean + ((T) 1 - mom) * rm[c];
              if (rv != NULL)
                {
                  double unbiased = (double) (var_sum / (T) (NS - 1));
                  rv[c] = (T) ((double) mom * unbiased +
                               (double) (((T) 1 - mom) * rv[c]));
                }
            }
        }
      else
        {
          mean = rm[c];
          invstd = (T) 1 / (T) sqrt (rv[c] + (T) eps);
        }
      if (threadIdx.x == 0)
        {
          mean_out[c] = mean;
          invstd_out[c] = invstd;
        }
      alpha = invstd * (w != NULL ? w[c] : (T) 1);
      beta = (b != NULL ? b[c] : (T) 0) - mean * alpha;
      for (int64_t e = threadIdx.x; e < NS; e += blockDim.x)
        {
          int64_t k = bn_index (e, c, C, S);
          out[k] = in[k] * alpha + beta;
        }
    }
}

template <typename T>
__global__ void
bn_backward_kernel (T *dx, T *dw, T *db, const T *dy, const T *in,
                    const T *mean_in, const T *invstd_in, const T *w,
                    int64_t N, int64_t C, int64_t S, int training)
{
  const int64_t NS = N * S;

  for (int64_t c = blockIdx.x; c < C; c += gridDim.x)
    {
      const T mean = mean_in[c], invstd = invstd_in[c];
      const T wc = w != NULL ? w[c] : (T) 1;
      double sum = 0.0, dotp = 0.0;

      for (int64_t e = threadIdx.x; e < NS; e += blockDim.x)
        {
          int64_t k = bn_index (e, c, C, S);
          sum += (double) dy[k];
          dotp += (double) ((in[k] - mean) * dy[k]);
        }
      sum = gt_cuda_block_sum (sum);
      dotp = gt_cuda_block_sum (dotp);
      if (dx != NULL)
        {
          const T k = (T) dotp * invstd * invstd / (T) NS;
          const T grad_mean = (T) (sum / NS);
          for (int64_t e = threadIdx.x; e < NS; e += blockDim.x)
            {
              int64_t i = bn_index (e, c, C, S);
              dx[i] = training ? (dy[i] - grad_mean - (in[i] - mean) * k) * (invstd * wc)
                               : dy[i] * (invstd * wc);
            }
        }
      if (threadIdx.x == 0)
        {
          if (dw != NULL)
            dw[c] = (T) (dotp * (double) invstd);
          if (db != NULL)
            db[c] = (T) sum;
        }
    }
}

/* One block per channel (a grid-stride loop over channels past the
 * largest grid). */
static unsigned int
channel_blocks (int64_t C)
{
  return (unsigned int) (C < 65535 * 16 ? C : 65535 * 16);
}

extern "C" int
gt_cuda_launch_batch_norm (void *out, void *mean, void *invstd, const void *in,
                           const void *weight, const void *bias,
                           void *running_mean, void *running_var, int dtype,
                           int64_t N, int64_t C, int64_t S, int training,
                           double momentum, double eps)
{
  if (C == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    bn_forward_kernel<T><<<channel_blocks (C), GT_CUDA_THREADS>>>
      ((T *) out, (T *) mean, (T *) invstd, (const T *) in, (const T *) weight,
       (const T *) bias, (T *) running_mean, (T *) running_var, N, C, S,
       training, momentum, eps));
  return cudaGetLastError ();
}

extern "C" int
gt_cuda_launch_batch_norm_backward (void *grad_in, void *grad_weight,
                                    void *grad_bias, const void *grad_out,
                                    const void *in, const void *mean,
                                    const void *invstd, const void *weight,
                                    int dtype, int64_t N, int64_t C,
                                    int64_t S, int training)
{
  if (C == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    bn_backward_kernel<T><<<channel_blocks (C), GT_CUDA_THREADS>>>
      ((T *) grad_in, (T *) grad_weight, (T *) grad_bias, (const T *) grad_out,
       (const T *) in, (const T *) mean, (const T *) invstd,
       (const T *) weight, N, C, S, training));
  return cudaGetLastError ();
}
