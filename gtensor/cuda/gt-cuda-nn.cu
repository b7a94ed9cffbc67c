/* Softmax and log_softmax with their backward, nll_loss with its
 * backward, and the fused SGD and Adam updates, for float32 and float64
 * on contiguous tensors (the op layer's contract, ops/gt-loss-private.h
 * and optim/gt-optim-private.h). Formulas and order of operations follow
 * the CPU kernels (gt-cpu-loss.c, gt-cpu-optim-loops.h). */

#include <math.h>

#include "gt-cuda-common.cuh"

/* NaN-propagating max for the softmax maximum, as the CPU's. */
__device__ __forceinline__ double
max_nan (double a, double b)
{
  return isnan (a) || isnan (b) ? NAN : fmax (a, b);
}

/* inner == 1: one block per row. */
template <typename T>
__global__ void
softmax_rows (T *out, const T *in, int64_t outer, int64_t size, int log)
{
  for (int64_t row = blockIdx.x; row < outer; row += gridDim.x)
    {
      const T *x = in + row * size;
      T *y = out + row * size;
      double m = -INFINITY, sum = 0.0;

      for (int64_t j = threadIdx.x; j < size; j += blockDim.x)
        m = max_nan (m, (double) x[j]);
      m = gt_cuda_block_all_reduce (m, true);
      for (int64_t j = threadIdx.x; j < size; j += blockDim.x)
        sum += exp ((double) x[j] - m);
      sum = gt_cuda_block_all_reduce (sum, false);
      for (int64_t j = threadIdx.x; j < size; j += blockDim.x)
        {
          double d = (double) x[j] - m;
          y[j] = (T) (log ? d - ::log (sum) : exp (d) / sum);
        }
    }
}

/* inner > 1: one thread per (outer, inner) column. */
template <typename T>
__global__ void
softmax_cols (T *out, const T *in, int64_t outer, int64_t size,
              int64_t inner, int log)
{
  GT_CUDA_GRID_LOOP (e, outer * inner)
    {
      int64_t o = e / inner, i = e % inner;
      const T *x = in + o * size * inner + i;
      T *y = out + o * size * inner + i;
      double m = -INFINITY, sum = 0.0;

      for (int64_t j = 0; j < size; j++)
        m = max_nan (m, (double) x[j * inner]);
      for (int64_t j = 0; j < size; j++)
        sum += exp ((double) x[j * inner] - m);
      for (int64_t j = 0; j < size; j++)
        {
          double d = (double) x[j * inner] - m;
          y[j * inner] = (T) (log ? d - ::log (sum) : exp (d) / sum);
        }
    }
}

extern "C" int
gt_cuda_launch_softmax (void *out, const void *in, int dtype, int64_t outer,
                        int64_t size, int64_t inner, int log)
{
  if (outer * size * inner == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    if (inner == 1)
      softmax_rows<T><<<gt_cuda_blocks (outer * GT_CUDA_THREADS, 1),
                        GT_CUDA_THREADS>>> ((T *) out, (const T *) in, outer,
                                            size, log);
    else
      softmax_cols<T><<<gt_cuda_blocks (outer * inner, 1), GT_CUDA_THREADS>>>
        ((T *) out, (const T *) in, outer, size, inner, log));
  return cudaGetLastError ();
}

/* softmax: gi = y (g - sum (g y)); log_softmax: gi = g - exp (y) sum (g).
 * grad_in may be grad_out: each element is read before it is written. */
template <typename T>
__global__ void
softmax_backward_rows (T *gi, const T *go, const T *out, int64_t outer,
                       int64_t size, int log)
{
  for (int64_t row = blockIdx.x; row < outer; row += gridDim.x)
    {
      const T *g = go + row * size, *y = out + row * size;
      T *r = gi + row * size;
      double s = 0.0;

      for (int64_t j = threadIdx.x; j < size; j += blockDim.x)
        s += log ? (double) g[j] : (double) g[j] * (double) y[j];
      s = gt_cuda_block_all_reduce (s, false);
      for (int64_t j = threadIdx.x; j < size; j += blockDim.x)
        r[j] = (T) (log ? (double) g[j] - exp ((double) y[j]) * s
                        : (double) y[j] * ((double) g[j] - s));
    }
}

template <typename T>
__global__ void
softmax_backward_cols (T *gi, const T *go, const T *out, int64_t outer,
                       int64_t size, int64_t inner, int log)
{
  GT_CUDA_GRID_LOOP (e, outer * inner)
    {
      int64_t o = e / inner, i = e % inner, base = o * size * inner + i;
      double s = 0.0;

      for (int64_t j = 0; j < size; j++)
        {
          int64_t k = base + j * inner;
          s += log ? (double) go[k] : (double) go[k] * (double) out[k];
        }
      for (int64_t j = 0; j < size; j++)
        {
          int64_t k = base + j * inner;
          double g = (double) go[k], y = (double) out[k];
          gi[k] = (T) (log ? g - exp (y) * s : y * (g - s));
        }
    }
}

extern "C" int
gt_cuda_launch_softmax_backward (void *grad_in, const void *grad_out,
                                 const void *out, int dtype, int64_t outer,
                                 int64_t size, int64_t inner, int log)
{
  if (outer * size * inner == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    if (inner == 1)
      softmax_backward_rows<T><<<gt_cuda_blocks (outer * GT_CUDA_THREADS, 1),
                                 GT_CUDA_THREADS>>>
        ((T *) grad_in, (const T *) grad_out, (const T *) out, outer, size,
         log);
    else
      softmax_backward_cols<T><<<gt_cuda_blocks (outer * inner, 1),
                                 GT_CUDA_THREADS>>>
        ((T *) grad_in, (const T *) grad_out, (const T *) out, outer, size,
         inner, log));
  return cudaGetLastError ();
}

/* ---- nll_loss ------------------------------------------------------------- */

__global__ void
check_targets (const int64_t *t, int64_t count, int64_t c,
               int64_t ignore_index, unsigned long long *first_bad)
{
  GT_CUDA_GRID_LOOP (i, count)
    if (t[i] != ignore_index && (t[i] < 0 || t[i] >= c))
      atomicMin (first_bad, (unsigned long long) i);
}

/* reduction NONE: one thread per (n, s). */
template <typename T>
__global__ void
nll_none (T *out, const T *x, const int64_t *t, const T *w, int64_t n,
          int64_t c, int64_t s, int64_t ignore_index)
{
  GT_CUDA_GRID_LOOP (e, n * s)
    {
      int64_t i = e / s, k = e % s, ti = t[e];
      double v = 0.0;

      if (ti != ignore_index)
        v = -(w != NULL ? (double) w[ti] : 1.0) * (double) x[(i * c + ti) * s + k];
      out[e] = (T) v;
    }
}

/* MEAN / SUM: one block, sums in double. */
template <typename T>
__global__ void
nll_reduce (T *out, T *total_weight, const T *x, const int64_t *t,
            const T *w, int64_t n, int64_t c, int64_t s,
            int64_t ignore_index, int mean)
{
  double sum = 0.0, tw = 0.0;

  for (int64_t e = threadIdx.x; e < n * s; e += blockDim.x)
    {
      int64_t i = e / s, k = e % s, ti = t[e];
      double wi;

      if (ti == ignore_index)
        continue;
      wi = w != NULL ? (double) w[ti] : 1.0;
      tw += wi;
      sum -= wi * (double) x[(i * c + ti) * s + k];
    }
  sum = gt_cuda_block_all_reduce (sum, false);
  tw = gt_cuda_block_all_reduce (tw, false);
  if (threadIdx.x == 0)
    {
      *total_weight = (T) tw;
      *out = (T) (mean ? sum / tw : sum);
    }
}

extern "C" int
gt_cuda_launch_nll_loss (void *out, void *total_weight, const void *in,
                         const int64_t *target, const void *weight, int dtype,
                         int64_t n, int64_t c, int64_t s,
                         int64_t ignore_index, int reduction, int *bad,
                         int64_t *bad_target)
{
  unsigned long long *first_bad = NULL, host_bad = ~0ull;
  int64_t count = n * s;
  int err;

  *bad = 0;
  if (count > 0)
    {
      err = cudaMallocAsync ((void **) &first_bad, sizeof *first_bad, 0);
      if (err != cudaSuccess)
        return err;
      err = cudaMemcpyAsync (first_bad, &host_bad, sizeof host_bad,
                             cudaMemcpyHostToDevice, 0);
      if (err == cudaSuccess)
        {
          check_targets<<<gt_cuda_blocks (count, 1), GT_CUDA_THREADS>>>
            (target, count, c, ignore_index, first_bad);
          err = cudaGetLastError ();
        }
      if (err == cudaSuccess)
        err = cudaMemcpy (&host_bad, first_bad, sizeof host_bad,
                          cudaMemcpyDeviceToHost);
      cudaFreeAsync (first_bad, 0);
      if (err != cudaSuccess)
        return err;
      if (host_bad != ~0ull)
        {
          *bad = 1;
          return cudaMemcpy (bad_target, target + host_bad, sizeof (int64_t),
                             cudaMemcpyDeviceToHost);
        }
    }

  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    if (reduction != 0)
      nll_reduce<T><<<1, 1024>>> ((T *) out, (T *) total_weight,
                                  (const T *) in, target, (const T *) weight,
                                  n, c, s, ignore_index, reduction == 1);
    else if (count > 0)
      nll_none<T><<<gt_cuda_blocks (count, 1), GT_CUDA_THREADS>>>
        ((T *) out, (const T *) in, target, (const T *) weight, n, c, s,
         ignore_index));
  return cudaGetLastError ();
}

template <typename T>
__global__ void
nll_backward (T *gi, const T *g, const int64_t *t, const T *w, const T *tw,
              int64_t n, int64_t c, int64_t s, int64_t ignore_index,
              int reduction)
{
  GT_CUDA_GRID_LOOP (e, n * s)
    {
      int64_t i = e / s, k = e % s, ti = t[e];
      double v;

      if (ti == ignore_index)
        continue;
      if (reduction == 0)
        v = (double) g[e];
      else
        {
          v = (double) g[0];
          if (reduction == 1)
            v /= (double) tw[0];
        }
      gi[(i * c + ti) * s + k] = (T) (-(w != NULL ? (double) w[ti] : 1.0) * v);
    }
}

extern "C" int
gt_cuda_launch_nll_loss_backward (void *grad_in, const void *grad_out,
                                  const int64_t *target, const void *weight,
                                  const void *total_weight, int dtype,
                                  int64_t n, int64_t c, int64_t s,
                                  int64_t ignore_index, int reduction)
{
  int err;

  if (n * c * s == 0)
    return cudaSuccess;
  err = cudaMemsetAsync (grad_in, 0,
                         (size_t) (n * c * s) * gt_cuda_elem_size (dtype), 0);
  if (err != cudaSuccess)
    return err;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    nll_backward<T><<<gt_cuda_blocks (n * s, 1), GT_CUDA_THREADS>>>
      ((T *) grad_in, (const T *) grad_out, target, (const T *) weight,
       (const T *) total_weight, n, c, s, ignore_index, reduction));
  return cudaGetLastError ();
}

/* ---- fused optimizer updates ------------------------------------------------ */

template <typename T>
__global__ void
sgd_kernel (T *p, const T *g, T *buf, int64_t n, GtCudaSgdArgs a)
{
  const T wd = (T) a.weight_decay, mom = (T) a.momentum;
  const T omd = (T) (1.0 - a.dampening), nlr = (T) -a.lr;
  const T sign = a.maximize ? (T) -1 : (T) 1;

  GT_CUDA_GRID_LOOP (i, n)
    {
      T d = sign * g[i];
      if (a.weight_decay != 0)
        d = fma (p[i], wd, d);
      if (buf != NULL)
        {
          T b = a.first ? d : fma (d, omd, buf[i] * mom);
          buf[i] = b;
          d = a.nesterov ? fma (b, mom, d) : b;
        }
      p[i] = fma (d, nlr, p[i]);
    }
}

extern "C" int
gt_cuda_launch_sgd (void *param, const void *grad, void *momentum_buffer,
                    int dtype, int64_t n, const GtCudaSgdArgs *args)
{
  if (n == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    sgd_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) param, (const T *) grad, (T *) momentum_buffer, n, *args));
  return cudaGetLastError ();
}

template <typename T>
__global__ void
adam_kernel (T *p, const T *g, T *m, T *v, T *vmax, int64_t n,
             GtCudaAdamArgs a, T nss, T bc2s)
{
  const T b1 = (T) a.beta1, omb1 = (T) (1.0 - a.beta1);
  const T b2 = (T) a.beta2, omb2 = (T) (1.0 - a.beta2);
  const T wd = (T) a.weight_decay, eps = (T) a.eps;
  const T shrink = (T) (1.0 - a.lr * a.weight_decay);
  const bool decay = !a.decoupled && a.weight_decay != 0;
  const T sign = a.maximize ? (T) -1 : (T) 1;

  GT_CUDA_GRID_LOOP (i, n)
    {
      T gi = sign * g[i], pi = p[i];
      if (a.decoupled)
        pi = pi * shrink;
      else if (decay)
        gi = fma (pi, wd, gi);
      const T mi = fma (gi, omb1, m[i] * b1);
      const T vi = v[i] * b2 + (omb2 * gi) * gi;
      T denom_v = vi;
      m[i] = mi;
      v[i] = vi;
      if (vmax != NULL)
        {
          const T old = vmax[i];
          /* torch.maximum: NaN wins */
          const T vm = (old != old || vi != vi) ? old + vi : (old > vi ? old : vi);
          vmax[i] = vm;
          denom_v = vm;
        }
      p[i] = pi + (nss * mi) / (sqrt (denom_v) / bc2s + eps);
    }
}

extern "C" int
gt_cuda_launch_adam (void *param, const void *grad, void *exp_avg,
                     void *exp_avg_sq, void *max_exp_avg_sq, int dtype,
                     int64_t n, const GtCudaAdamArgs *args)
{
  double bias_correction1 = 1.0 - pow (args->beta1, args->step);
  double bias_correction2 = 1.0 - pow (args->beta2, args->step);
  double nss = -(args->lr / bias_correction1), bc2s = sqrt (bias_correction2);

  if (n == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    adam_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) param, (const T *) grad, (T *) exp_avg, (T *) exp_avg_sq,
       (T *) max_exp_avg_sq, n, *args, (T) nss, (T) bc2s));
  return cudaGetLastError ();
}
