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
  if (dtype == GT_CUDA_F32)
    im2col_kernel<float><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((float *) col, (const float *) im, *w, C, H, W, OH, OW);
  else
    im2col_kernel<double><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((double *) col, (const double *) im, *w, C, H, W, OH, OW);
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
  if (dtype == GT_CUDA_F32)
    col2im_kernel<float><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((float *) im, (const float *) col, *w, C, H, W, OH, OW);
  else
    col2im_kernel<double><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((double *) im, (const double *) col, *w, C, H, W, OH, OW);
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
  if (dtype == GT_CUDA_F32)
    bias_kernel<float><<<gt_cuda_blocks (N * C * S, 1), GT_CUDA_THREADS>>>
      ((float *) out, (const float *) bias, N, C, S);
  else
    bias_kernel<double><<<gt_cuda_blocks (N * C * S, 1), GT_CUDA_THREADS>>>
      ((double *) out, (const double *) bias, N, C, S);
  return cudaGetLastError ();
}

/* ---- pooling ------------------------------------------------------------------ */

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
  if (dtype == GT_CUDA_F32)
    max_pool_kernel<float><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((float *) out, indices, (const float *) in, *w, NC, H, W, OH, OW);
  else
    max_pool_kernel<double><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((double *) out, indices, (const double *) in, *w, NC, H, W, OH, OW);
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
  size_t esize = dtype == GT_CUDA_F32 ? 4 : 8;
  int err = cudaMemsetAsync (grad_in, 0, (size_t) (NC * in_plane) * esize, 0);

  if (err != cudaSuccess || NC * out_plane == 0)
    return err;
  if (dtype == GT_CUDA_F32)
    max_pool_backward_kernel<float><<<gt_cuda_blocks (NC * out_plane, 1),
                                      GT_CUDA_THREADS>>>
      ((float *) grad_in, (const float *) grad_out, indices, NC * out_plane,
       out_plane, in_plane);
  else
    max_pool_backward_kernel<double><<<gt_cuda_blocks (NC * out_plane, 1),
                                       GT_CUDA_THREADS>>>
      ((double *) grad_in, (const double *) grad_out, indices,
       NC * out_plane, out_plane, in_plane);
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

template <typename T>
__global__ void
avg_pool_kernel (T *out, const T *in, GtCudaWindow w, int cip, int64_t dov,
                 int64_t NC, int64_t H, int64_t W, int64_t OH, int64_t OW)
{
  GT_CUDA_GRID_LOOP (e, NC * OH * OW)
    {
      int64_t ox = e % OW, oy = (e / OW) % OH, p = e / (OW * OH);
      int64_t y0, y1, x0, x1;
      double div, sum = 0.0;

      avg_window (w, oy, ox, H, W, cip, dov, &y0, &y1, &x0, &x1, &div);
      for (int64_t y = y0; y < y1; y++)
        for (int64_t x = x0; x < x1; x++)
          sum += (double) in[(p * H + y) * W + x];
      out[e] = (T) (sum / div);
    }
}

template <typename T>
__global__ void
avg_pool_backward_kernel (T *gi, const T *go, GtCudaWindow w, int cip,
                          int64_t dov, int64_t NC, int64_t H, int64_t W,
                          int64_t OH, int64_t OW)
{
  GT_CUDA_GRID_LOOP (e, NC * OH * OW)
    {
      int64_t ox = e % OW, oy = (e / OW) % OH, p = e / (OW * OH);
      int64_t y0, y1, x0, x1;
      double div;

      avg_window (w, oy, ox, H, W, cip, dov, &y0, &y1, &x0, &x1, &div);
      T g = (T) ((double) go[e] / div);
      for (int64_t y = y0; y < y1; y++)
        for (int64_t x = x0; x < x1; x++)
          atomicAdd (gi + (p * H + y) * W + x, g);
    }
}

extern "C" int
gt_cuda_launch_avg_pool2d (void *out, const void *in, int dtype,
                           const GtCudaWindow *w, int count_include_pad,
                           int64_t divisor_override, int64_t NC, int64_t H,
                           int64_t W, int64_t OH, int64_t OW, int backward)
{
  int64_t n = NC * OH * OW;

  if (backward)
    {
      size_t esize = dtype == GT_CUDA_F32 ? 4 : 8;
      /* here out is grad_in [NC, H, W] and in is grad_out [NC, OH, OW] */
      int err = cudaMemsetAsync (out, 0, (size_t) (NC * H * W) * esize, 0);
      if (err != cudaSuccess)
        return err;
    }
  if (n == 0)
    return cudaSuccess;
  if (dtype == GT_CUDA_F32)
    {
      if (backward)
        avg_pool_backward_kernel<float><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
          ((float *) out, (const float *) in, *w, count_include_pad,
           divisor_override, NC, H, W, OH, OW);
      else
        avg_pool_kernel<float><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
          ((float *) out, (const float *) in, *w, count_include_pad,
           divisor_override, NC, H, W, OH, OW);
    }
  else
    {
      if (backward)
        avg_pool_backward_kernel<double><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
          ((double *) out, (const double *) in, *w, count_include_pad,
           divisor_override, NC, H, W, OH, OW);
      else
        avg_pool_kernel<double><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
          ((double *) out, (const double *) in, *w, count_include_pad,
           divisor_override, NC, H, W, OH, OW);
    }
  return cudaGetLastError ();
}

/* Windows [floor(i * H / OH), ceil((i + 1) * H / OH)), as torch. */
template <typename T>
__global__ void
adaptive_avg_kernel (T *out, const T *in, int64_t NC, int64_t H, int64_t W,
                     int64_t OH, int64_t OW, int backward)
{
  GT_CUDA_GRID_LOOP (e, NC * OH * OW)
    {
      int64_t ox = e % OW, oy = (e / OW) % OH, p = e / (OW * OH);
      int64_t y0 = oy * H / OH, y1 = ((oy + 1) * H + OH - 1) / OH;
      int64_t x0 = ox * W / OW, x1 = ((ox + 1) * W + OW - 1) / OW;
      double div = (double) ((y1 - y0) * (x1 - x0)), sum = 0.0;

      if (backward)
        {
          /* out: grad_in [NC, H, W]; in: grad_out [NC, OH, OW] */
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

extern "C" int
gt_cuda_launch_adaptive_avg_pool2d (void *out, const void *in, int dtype,
                                    int64_t NC, int64_t H, int64_t W,
                                    int64_t OH, int64_t OW, int backward)
{
  int64_t n = NC * OH * OW;

  if (backward)
    {
      size_t esize = dtype == GT_CUDA_F32 ? 4 : 8;
      int err = cudaMemsetAsync (out, 0, (size_t) (NC * H * W) * esize, 0);
      if (err != cudaSuccess)
        return err;
    }
  if (n == 0)
    return cudaSuccess;
  if (dtype == GT_CUDA_F32)
    adaptive_avg_kernel<float><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((float *) out, (const float *) in, NC, H, W, OH, OW, backward);
  else
    adaptive_avg_kernel<double><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((double *) out, (const double *) in, NC, H, W, OH, OW, backward);
  return cudaGetLastError ();
}

/* ---- batch norm ---------------------------------------------------------------- */

__device__ double
bn_block_sum (double v)
{
  __shared__ double parts[32];
  __shared__ double result;
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32;

  for (int d = 16; d > 0; d /= 2)
    v += __shfl_down_sync (0xffffffffu, v, d);
  if (lane == 0)
    parts[warp] = v;
  __syncthreads ();
  if (warp == 0)
    {
      v = lane < (int) (blockDim.x + 31) / 32 ? parts[lane] : 0.0;
      for (int d = 16; d > 0; d /= 2)
        v += __shfl_down_sync (0xffffffffu, v, d);
      if (lane == 0)
        result = v;
    }
  __syncthreads ();
  v = result;
  __syncthreads ();
  return v;
}

/* One block per channel, the CPU kernel's formulas (gt-cpu-nn.c). */
template <typename T>
__global__ void
bn_forward_kernel (T *out, T *mean_out, T *invstd_out, const T *in,
                   const T *w, const T *b, T *rm, T *rv, int64_t N, int64_t C,
                   int64_t S, int training, double momentum, double eps)
{
  int64_t c = blockIdx.x, NS = N * S;
  T mean, invstd, alpha, beta;

  if (training)
    {
      double sum = 0.0, sq = 0.0, var;

      for (int64_t e = threadIdx.x; e < NS; e += blockDim.x)
        sum += (double) in[((e / S) * C + c) * S + e % S];
      sum = bn_block_sum (sum);
      mean = (T) (sum / NS);
      for (int64_t e = threadIdx.x; e < NS; e += blockDim.x)
        {
          double d = (double) in[((e / S) * C + c) * S + e % S] - (double) mean;
          sq += d * d;
        }
      sq = bn_block_sum (sq);
      var = (double) ((T) sq / (T) NS);
      invstd = (T) (var != 0.0 || eps != 0.0 ? 1.0 / sqrt (var + eps) : 0.0);
      if (threadIdx.x == 0)
        {
          if (rm != NULL)
            rm[c] = (T) momentum * mean + ((T) 1 - (T) momentum) * rm[c];
          if (rv != NULL)
            {
              double unbiased = (double) ((T) sq / (T) (NS - 1));
              rv[c] = (T) (momentum * unbiased + (double) (((T) 1 - (T) momentum) * rv[c]));
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
      int64_t k = ((e / S) * C + c) * S + e % S;
      out[k] = in[k] * alpha + beta;
    }
}

template <typename T>
__global__ void
bn_backward_kernel (T *dx, T *dw, T *db, const T *dy, const T *in,
                    const T *mean_in, const T *invstd_in, const T *w,
                    int64_t N, int64_t C, int64_t S, int training)
{
  int64_t c = blockIdx.x, NS = N * S;
  const T mean = mean_in[c], invstd = invstd_in[c];
  const T wc = w != NULL ? w[c] : (T) 1;
  double sum = 0.0, dotp = 0.0;

  for (int64_t e = threadIdx.x; e < NS; e += blockDim.x)
    {
      int64_t k = ((e / S) * C + c) * S + e % S;
      sum += (double) dy[k];
      dotp += (double) dy[k] * ((double) in[k] - (double) mean);
    }
  sum = bn_block_sum (sum);
  dotp = bn_block_sum (dotp);
  if (dx != NULL)
    {
      const T k = (T) dotp * invstd * invstd / (T) NS;
      const T grad_mean = (T) (sum / NS);
      for (int64_t e = threadIdx.x; e < NS; e += blockDim.x)
        {
          int64_t i = ((e / S) * C + c) * S + e % S;
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

extern "C" int
gt_cuda_launch_batch_norm (void *out, void *mean, void *invstd, const void *in,
                           const void *weight, const void *bias,
                           void *running_mean, void *running_var, int dtype,
                           int64_t N, int64_t C, int64_t S, int training,
                           double momentum, double eps)
{
  if (C == 0)
    return cudaSuccess;
  if (dtype == GT_CUDA_F32)
    bn_forward_kernel<float><<<(unsigned int) C, GT_CUDA_THREADS>>>
      ((float *) out, (float *) mean, (float *) invstd, (const float *) in,
       (const float *) weight, (const float *) bias, (float *) running_mean,
       (float *) running_var, N, C, S, training, momentum, eps);
  else
    bn_forward_kernel<double><<<(unsigned int) C, GT_CUDA_THREADS>>>
      ((double *) out, (double *) mean, (double *) invstd, (const double *) in,
       (const double *) weight, (const double *) bias, (double *) running_mean,
       (double *) running_var, N, C, S, training, momentum, eps);
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
  if (dtype == GT_CUDA_F32)
    bn_backward_kernel<float><<<(unsigned int) C, GT_CUDA_THREADS>>>
      ((float *) grad_in, (float *) grad_weight, (float *) grad_bias,
       (const float *) grad_out, (const float *) in, (const float *) mean,
       (const float *) invstd, (const float *) weight, N, C, S, training);
  else
    bn_backward_kernel<double><<<(unsigned int) C, GT_CUDA_THREADS>>>
      ((double *) grad_in, (double *) grad_weight, (double *) grad_bias,
       (const double *) grad_out, (const double *) in, (const double *) mean,
       (const double *) invstd, (const double *) weight, N, C, S, training);
  return cudaGetLastError ();
}
