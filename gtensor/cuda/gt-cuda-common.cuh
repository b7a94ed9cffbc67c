#pragma once

/* Shared device code of the CUDA kernels: dtype dispatch, conversions and
 * strided offsets. Only CUDA headers here, no GLib. */

#include <math.h>

#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <stdint.h>

#include "gt-cuda-kernels.h"

#define GT_CUDA_THREADS 256

typedef __half        gt_half;
typedef __nv_bfloat16 gt_bf16;

/* One case of a dtype switch: BODY runs with T bound to the C type CT. */
#define GT_CUDA_CASE(ID, CT, T, ...)                                       \
    case ID: { typedef CT T; __VA_ARGS__; } break;

/* Runs BODY with T bound to the C type of dtype DT; a dtype outside the
 * list returns cudaErrorInvalidValue from the enclosing function. */
#define GT_CUDA_DISPATCH_FLOAT(DT, T, ...)                                \
  switch (DT)                                                             \
    {                                                                     \
    GT_CUDA_CASE (GT_CUDA_F32, float, T, __VA_ARGS__)                     \
    GT_CUDA_CASE (GT_CUDA_F64, double, T, __VA_ARGS__)                    \
    default: return cudaErrorInvalidValue;                                \
    }

/* The compute dtypes of the pointwise ops (no float16 / bfloat16). */
#define GT_CUDA_COMPUTE_CASES(T, ...)                                     \
    GT_CUDA_CASE (GT_CUDA_F32, float, T, __VA_ARGS__)                     \
    GT_CUDA_CASE (GT_CUDA_F64, double, T, __VA_ARGS__)                    \
    GT_CUDA_CASE (GT_CUDA_I8, int8_t, T, __VA_ARGS__)                     \
    GT_CUDA_CASE (GT_CUDA_U8, uint8_t, T, __VA_ARGS__)                    \
    GT_CUDA_CASE (GT_CUDA_I16, int16_t, T, __VA_ARGS__)                   \
    GT_CUDA_CASE (GT_CUDA_I32, int32_t, T, __VA_ARGS__)                   \
    GT_CUDA_CASE (GT_CUDA_I64, int64_t, T, __VA_ARGS__)                   \
    GT_CUDA_CASE (GT_CUDA_BOOL, bool, T, __VA_ARGS__)

#define GT_CUDA_DISPATCH_COMPUTE(DT, T, ...)                              \
  switch (DT)                                                             \
    {                                                                     \
    GT_CUDA_COMPUTE_CASES (T, __VA_ARGS__)                                \
    default: return cudaErrorInvalidValue;                                \
    }

/* Every dtype. */
#define GT_CUDA_DISPATCH_ALL(DT, T, ...)                                  \
  switch (DT)                                                             \
    {                                                                     \
    GT_CUDA_COMPUTE_CASES (T, __VA_ARGS__)                                \
    GT_CUDA_CASE (GT_CUDA_F16, gt_half, T, __VA_ARGS__)                   \
    GT_CUDA_CASE (GT_CUDA_BF16, gt_bf16, T, __VA_ARGS__)                  \
    default: return cudaErrorInvalidValue;                                \
    }

/* The size in bytes of an element of dtype DT (host side). */
static inline int
gt_cuda_elem_size (int dtype)
{
  static const int sizes[GT_CUDA_N_DTYPES] = { 4, 8, 2, 2, 1, 1, 2, 4, 8, 1 };

  return dtype >= 0 && dtype < GT_CUDA_N_DTYPES ? sizes[dtype] : 0;
}

template <typename T> struct GtIsFloat { static const bool value = false; };
template <> struct GtIsFloat<float>   { static const bool value = true; };
template <> struct GtIsFloat<double>  { static const bool value = true; };
template <> struct GtIsFloat<gt_half> { static const bool value = true; };
template <> struct GtIsFloat<gt_bf16> { static const bool value = true; };

/* Values cross between dtypes through double (floats) or int64 (integers),
 * which holds every value of every dtype exactly except int64 in double;
 * casts follow C's rules as the CPU backend's conversions do. */
template <typename T> __device__ __forceinline__ double gt_to_double (T v)
{ return (double) v; }
template <> __device__ __forceinline__ double gt_to_double<gt_half> (gt_half v)
{ return (double) __half2float (v); }
template <> __device__ __forceinline__ double gt_to_double<gt_bf16> (gt_bf16 v)
{ return (double) __bfloat162float (v); }

template <typename T> __device__ __forceinline__ T gt_from_double (double v)
{
  /* Out-of-range float to integer is undefined in C; the CPU converts
   * through int64 and truncates, as does this. */
  if constexpr (!GtIsFloat<T>::value)
    return (T) (int64_t) v;
  else
    return (T) v;
}
template <> __device__ __forceinline__ bool gt_from_double<bool> (double v)
{ return v != 0.0; }
template <> __device__ __forceinline__ float gt_from_double<float> (double v)
{ return (float) v; }
template <> __device__ __forceinline__ double gt_from_double<double> (double v)
{ return v; }
template <> __device__ __forceinline__ gt_half gt_from_double<gt_half> (double v)
{ return __double2half (v); }
template <> __device__ __forceinline__ gt_bf16 gt_from_double<gt_bf16> (double v)
{ return __double2bfloat16 (v); }

/* Conversion of one element between any two dtypes. */
template <typename D, typename S>
__device__ __forceinline__ D gt_cast (S v)
{
  if constexpr (!GtIsFloat<S>::value && !GtIsFloat<D>::value)
    return (D) (int64_t) v;           /* exact for integers; bool: != 0 below */
  else
    return gt_from_double<D> (gt_to_double<S> (v));
}
template <> __device__ __forceinline__ bool gt_cast<bool, int8_t> (int8_t v) { return v != 0; }
template <> __device__ __forceinline__ bool gt_cast<bool, uint8_t> (uint8_t v) { return v != 0; }
template <> __device__ __forceinline__ bool gt_cast<bool, int16_t> (int16_t v) { return v != 0; }
template <> __device__ __forceinline__ bool gt_cast<bool, int32_t> (int32_t v) { return v != 0; }
template <> __device__ __forceinline__ bool gt_cast<bool, int64_t> (int64_t v) { return v != 0; }
template <> __device__ __forceinline__ bool gt_cast<bool, bool> (bool v) { return v; }
template <> __device__ __forceinline__ float gt_cast<float, float> (float v) { return v; }
template <> __device__ __forceinline__ double gt_cast<double, double> (double v) { return v; }
template <> __device__ __forceinline__ float gt_cast<float, gt_half> (gt_half v) { return __half2float (v); }
template <> __device__ __forceinline__ float gt_cast<float, gt_bf16> (gt_bf16 v) { return __bfloat162float (v); }
template <> __device__ __forceinline__ gt_half gt_cast<gt_half, float> (float v) { return __float2half_rn (v); }
template <> __device__ __forceinline__ gt_bf16 gt_cast<gt_bf16, float> (float v) { return __float2bfloat16_rn (v); }
template <> __device__ __forceinline__ gt_half gt_cast<gt_half, gt_half> (gt_half v) { return v; }
template <> __device__ __forceinline__ gt_bf16 gt_cast<gt_bf16, gt_bf16> (gt_bf16 v) { return v; }

/* Strided geometry with the dims merged where memory allows, passed by
 * value to kernels. Offsets are in elements. */
typedef struct {
  int     ndim;
  int64_t sizes[GT_CUDA_MAX_DIMS];
  int64_t strides[GT_CUDA_MAX_DIMS];
} GtCudaGeom;

__device__ __forceinline__ int64_t
gt_offset (const GtCudaGeom &g, int64_t linear)
{
  int64_t off = 0;

  /* The common merged cases without 64-bit divisions. */
  if (g.ndim == 0)
    return 0;
  if (g.ndim == 1)
    return linear * g.strides[0];
  for (int d = g.ndim - 1; d >= 0; d--)
    {
      int64_t s = g.sizes[d];
      int64_t q = linear / s;
      off += (linear - q * s) * g.strides[d];
      linear = q;
    }
  return off;
}

/* Merges dims that are contiguous with each other in EVERY one of the n
 * arrays (all with the same sizes), dropping size-1 dims. Host side. */
static inline void
gt_cuda_coalesce (const GtCudaArray *const *arrays, GtCudaGeom *geoms, int n)
{
  const GtCudaArray *first = arrays[0];
  int out = 0;

  for (int d = 0; d < first->ndim; d++)
    {
      int64_t size = first->sizes[d];
      int merge = out > 0;

      if (size == 1)
        continue;
      for (int i = 0; merge && i < n; i++)
        if (geoms[i].strides[out - 1] != arrays[i]->strides[d] * size)
          merge = 0;
      for (int i = 0; i < n; i++)
        {
          if (merge)
            {
              geoms[i].sizes[out - 1] *= size;
              geoms[i].strides[out - 1] = arrays[i]->strides[d];
            }
          else
            {
              geoms[i].sizes[out] = size;
              geoms[i].strides[out] = arrays[i]->strides[d];
            }
        }
      if (!merge)
        out++;
    }
  for (int i = 0; i < n; i++)
    geoms[i].ndim = out;
}

/* One flat run of elements with stride 1 (after coalescing). */
static inline int
gt_cuda_geom_is_flat (const GtCudaGeom *g)
{
  return g->ndim == 0 || (g->ndim == 1 && g->strides[0] == 1);
}

static inline unsigned int
gt_cuda_blocks (int64_t n, int per_thread)
{
  int64_t threads = (n + per_thread - 1) / per_thread;
  int64_t blocks = (threads + GT_CUDA_THREADS - 1) / GT_CUDA_THREADS;

  /* Grid-stride loops cover the rest. */
  if (blocks > 65535 * 8)
    blocks = 65535 * 8;
  return blocks < 1 ? 1 : (unsigned int) blocks;
}

#define GT_CUDA_GRID_LOOP(i, n)                                           \
  for (int64_t i = (int64_t) blockIdx.x * blockDim.x + threadIdx.x;       \
       i < (n); i += (int64_t) blockDim.x * gridDim.x)

/* The sum (or, with is_max, the NaN-propagating maximum) of one double
 * per thread over the whole block, returned to every
 * thread. Every thread of the block must call it (it synchronises), with
 * blockDim.x a multiple of 32 (full-warp shuffles). */
__device__ inline double
gt_cuda_block_all_reduce (double v, bool is_max)
{
  __shared__ double parts[32];
  __shared__ double result;
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  int n_warps = (blockDim.x + 31) / 32;

  for (int delta = 16; delta > 0; delta /= 2)
    {
      double o = __shfl_down_sync (0xffffffffu, v, delta);
      v = !is_max ? v + o : isnan (v) || isnan (o) ? NAN : fmax (v, o);
    }
  if (lane == 0)
    parts[warp] = v;
  __syncthreads ();
  if (warp == 0)
    {
      v = lane < n_warps ? parts[lane] : (is_max ? -INFINITY : 0.0);
      for (int delta = 16; delta > 0; delta /= 2)
        {
          double o = __shfl_down_sync (0xffffffffu, v, delta);
          v = !is_max ? v + o : isnan (v) || isnan (o) ? NAN : fmax (v, o);
        }
      if (lane == 0)
        result = v;
    }
  __syncthreads ();
  v = result;
  /* nobody may overwrite result (a next call) before everyone read it */
  __syncthreads ();
  return v;
}

__device__ inline double
gt_cuda_block_sum (double v)
{
  return gt_cuda_block_all_reduce (v, false);
}
