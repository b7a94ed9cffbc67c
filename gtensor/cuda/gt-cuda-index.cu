/* Index ops: the bounds check, gather, scatter (store or accumulate),
 * index offsets, the range of an index tensor, masked_fill and
 * count_nonzero (ops/gt-index-private.h, gt-backend-private.h). */

#include "gt-cuda-common.cuh"

template <typename I>
__global__ void
check_kernel (const I *idx, GtCudaGeom g, int64_t n, int64_t lo, int64_t hi,
              unsigned long long *first_bad)
{
  GT_CUDA_GRID_LOOP (e, n)
    {
      int64_t v = (int64_t) idx[gt_offset (g, e)];
      if (v < lo || v >= hi)
        atomicMin (first_bad, (unsigned long long) e);
    }
}

template <typename I>
__global__ void
fetch_kernel (const I *idx, GtCudaGeom g, unsigned long long pos, int64_t *out)
{
  *out = (int64_t) idx[gt_offset (g, (int64_t) pos)];
}

extern "C" int
gt_cuda_launch_check_index (const GtCudaArray *index, int64_t size, int wrap,
                            int *bad, int64_t *bad_value)
{
  const GtCudaArray *arrays[1] = { index };
  GtCudaGeom g;
  unsigned long long *first = NULL, host = ~0ull;
  int64_t *val = NULL;
  int64_t n = index->numel;
  int err;

  *bad = 0;
  if (n == 0)
    return cudaSuccess;
  gt_cuda_coalesce (arrays, &g, 1);
  err = cudaMallocAsync ((void **) &first, sizeof *first + sizeof (int64_t), 0);
  if (err != cudaSuccess)
    return err;
  val = (int64_t *) (first + 1);
  err = cudaMemcpyAsync (first, &host, sizeof host, cudaMemcpyHostToDevice, 0);
  if (err == cudaSuccess)
    {
      if (index->dtype == GT_CUDA_I32)
        check_kernel<int32_t><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
          ((const int32_t *) index->data, g, n, wrap ? -size : 0, size, first);
      else
        check_kernel<int64_t><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
          ((const int64_t *) index->data, g, n, wrap ? -size : 0, size, first);
      err = cudaGetLastError ();
    }
  if (err == cudaSuccess)
    err = cudaMemcpy (&host, first, sizeof host, cudaMemcpyDeviceToHost);
  if (err == cudaSuccess && host != ~0ull)
    {
      if (index->dtype == GT_CUDA_I32)
        fetch_kernel<int32_t><<<1, 1>>> ((const int32_t *) index->data, g, host, val);
      else
        fetch_kernel<int64_t><<<1, 1>>> ((const int64_t *) index->data, g, host, val);
      err = cudaGetLastError ();
      if (err == cudaSuccess)
        err = cudaMemcpy (bad_value, val, sizeof (int64_t), cudaMemcpyDeviceToHost);
      *bad = 1;
    }
  cudaFreeAsync (first, 0);
  return err;
}

__device__ __forceinline__ int64_t
wrapped (int64_t v, int64_t size)
{
  return v < 0 ? v + size : v;
}

/* out[e] = src[e + index[e] * stride], by element size */
template <typename U, typename I>
__global__ void
gather_kernel (U *out, GtCudaGeom og, const U *src, GtCudaGeom sg,
               const I *idx, GtCudaGeom ig, int64_t n, int64_t size,
               int64_t stride)
{
  GT_CUDA_GRID_LOOP (e, n)
    {
      int64_t k = wrapped ((int64_t) idx[gt_offset (ig, e)], size);
      out[gt_offset (og, e)] = src[gt_offset (sg, e) + k * stride];
    }
}

/* dst[e + index[e] * stride] = src[e] */
template <typename U, typename I>
__global__ void
scatter_kernel (U *dst, GtCudaGeom dg, const U *src, GtCudaGeom sg,
                const I *idx, GtCudaGeom ig, int64_t n, int64_t size,
                int64_t stride)
{
  GT_CUDA_GRID_LOOP (e, n)
    {
      int64_t k = wrapped ((int64_t) idx[gt_offset (ig, e)], size);
      dst[gt_offset (dg, e) + k * stride] = src[gt_offset (sg, e)];
    }
}

template <typename T>
__device__ __forceinline__ void
atomic_accumulate (T *p, T v)
{
  if constexpr (std::is_same<T, bool>::value)
    {
      if (v)
        *p = true;          /* or: every writer stores the same value */
    }
  else if constexpr (std::is_same<T, int64_t>::value)
    atomicAdd ((unsigned long long *) p, (unsigned long long) v);
  else
    atomicAdd (p, v);
}

template <typename T, typename I>
__global__ void
scatter_add_kernel (T *dst, GtCudaGeom dg, const T *src, GtCudaGeom sg,
                    const I *idx, GtCudaGeom ig, int64_t n, int64_t size,
                    int64_t stride)
{
  GT_CUDA_GRID_LOOP (e, n)
    {
      int64_t k = wrapped ((int64_t) idx[gt_offset (ig, e)], size);
      atomic_accumulate<T> (dst + gt_offset (dg, e) + k * stride,
                            src[gt_offset (sg, e)]);
    }
}

static int
elem_size (int dtype)
{
  static const int sizes[GT_CUDA_N_DTYPES] = { 4, 8, 2, 2, 1, 1, 2, 4, 8, 1 };
  return sizes[dtype];
}

template <typename I>
static int
gather_scatter (int scatter, int accumulate, const GtCudaArray *a,
                const GtCudaArray *b, const GtCudaArray *index, int64_t size,
                int64_t stride)
{
  /* gather: a = out, b = src; scatter: a = dst, b = src. The iteration
   * runs over the arrays' common sizes (index's). No merging: dst/src
   * carry a zero stride along the indexed dim that must stay apart. */
  GtCudaGeom g[3];
  const GtCudaArray *arrays[3] = { a, b, index };
  int64_t n = index->numel;
  const I *idx = (const I *) index->data;

  for (int i = 0; i < 3; i++)
    {
      g[i].ndim = index->ndim;
      for (int d = 0; d < index->ndim; d++)
        {
          g[i].sizes[d] = index->sizes[d];
          g[i].strides[d] = arrays[i]->strides[d];
        }
    }
  if (n == 0)
    return cudaSuccess;
  if (accumulate)
    {
      switch (a->dtype)
        {
#define ADD_CASE(DT, T)                                                      \
        case DT:                                                             \
          scatter_add_kernel<T, I><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>> \
            ((T *) a->data, g[0], (const T *) b->data, g[1], idx, g[2], n,   \
             size, stride);                                                  \
          break;
        ADD_CASE (GT_CUDA_F32, float)
        ADD_CASE (GT_CUDA_F64, double)
        ADD_CASE (GT_CUDA_I32, int32_t)
        ADD_CASE (GT_CUDA_I64, int64_t)
        ADD_CASE (GT_CUDA_BOOL, bool)
#undef ADD_CASE
        default:
          return cudaErrorNotSupported;
        }
      return cudaGetLastError ();
    }
  switch (elem_size (a->dtype))
    {
#define GS_CASE(SIZE, U)                                                     \
    case SIZE:                                                               \
      if (scatter)                                                           \
        scatter_kernel<U, I><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>     \
          ((U *) a->data, g[0], (const U *) b->data, g[1], idx, g[2], n,     \
           size, stride);                                                    \
      else                                                                   \
        gather_kernel<U, I><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>      \
          ((U *) a->data, g[0], (const U *) b->data, g[1], idx, g[2], n,     \
           size, stride);                                                    \
      break;
    GS_CASE (1, uint8_t)
    GS_CASE (2, uint16_t)
    GS_CASE (4, uint32_t)
    GS_CASE (8, uint64_t)
#undef GS_CASE
    default:
      return cudaErrorInvalidValue;
    }
  return cudaGetLastError ();
}

extern "C" int
gt_cuda_launch_gather_scatter (int scatter, int accumulate,
                               const GtCudaArray *a, const GtCudaArray *b,
                               const GtCudaArray *index, int64_t size,
                               int64_t stride)
{
  if (index->dtype == GT_CUDA_I32)
    return gather_scatter<int32_t> (scatter, accumulate, a, b, index, size,
                                    stride);
  return gather_scatter<int64_t> (scatter, accumulate, a, b, index, size,
                                  stride);
}

/* offsets += wrapped (index) * stride, index expanded to offsets' sizes */
template <typename I>
__global__ void
offsets_kernel (int64_t *off, GtCudaGeom og, const I *idx, GtCudaGeom ig,
                int64_t n, int64_t size, int64_t stride)
{
  GT_CUDA_GRID_LOOP (e, n)
    off[gt_offset (og, e)] += wrapped ((int64_t) idx[gt_offset (ig, e)], size) * stride;
}

extern "C" int
gt_cuda_launch_index_offsets (const GtCudaArray *offsets,
                              const GtCudaArray *index, int64_t size,
                              int64_t stride)
{
  const GtCudaArray *arrays[2] = { offsets, index };
  GtCudaGeom g[2];
  int64_t n = offsets->numel;

  if (n == 0)
    return cudaSuccess;
  gt_cuda_coalesce (arrays, g, 2);
  if (index->dtype == GT_CUDA_I32)
    offsets_kernel<int32_t><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((int64_t *) offsets->data, g[0], (const int32_t *) index->data, g[1], n,
       size, stride);
  else
    offsets_kernel<int64_t><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((int64_t *) offsets->data, g[0], (const int64_t *) index->data, g[1], n,
       size, stride);
  return cudaGetLastError ();
}

__global__ void
range_kernel (const int64_t *idx, GtCudaGeom g, int64_t n, long long *mm)
{
  GT_CUDA_GRID_LOOP (e, n)
    {
      long long v = (long long) idx[gt_offset (g, e)];
      atomicMin (mm, v);
      atomicMax (mm + 1, v);
    }
}

extern "C" int
gt_cuda_launch_index_range (const GtCudaArray *index, int64_t *min,
                            int64_t *max)
{
  const GtCudaArray *arrays[1] = { index };
  GtCudaGeom g;
  long long host[2] = { INT64_MAX, INT64_MIN }, *mm = NULL;
  int64_t n = index->numel;
  int err;

  gt_cuda_coalesce (arrays, &g, 1);
  err = cudaMallocAsync ((void **) &mm, sizeof host, 0);
  if (err != cudaSuccess)
    return err;
  err = cudaMemcpyAsync (mm, host, sizeof host, cudaMemcpyHostToDevice, 0);
  if (err == cudaSuccess && n > 0)
    {
      range_kernel<<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
        ((const int64_t *) index->data, g, n, mm);
      err = cudaGetLastError ();
    }
  if (err == cudaSuccess)
    err = cudaMemcpy (host, mm, sizeof host, cudaMemcpyDeviceToHost);
  cudaFreeAsync (mm, 0);
  *min = host[0];
  *max = host[1];
  return err;
}

/* dst[e] = *value where mask[e] != 0 (mask bool or uint8: one byte) */
template <typename U>
__global__ void
masked_fill_kernel (U *dst, GtCudaGeom dg, const uint8_t *mask, GtCudaGeom mg,
                    const U *value, int64_t n)
{
  U v = *value;

  GT_CUDA_GRID_LOOP (e, n)
    if (mask[gt_offset (mg, e)])
      dst[gt_offset (dg, e)] = v;
}

extern "C" int
gt_cuda_launch_masked_fill (const GtCudaArray *dst, const GtCudaArray *mask,
                            const void *value)
{
  const GtCudaArray *arrays[2] = { dst, mask };
  GtCudaGeom g[2];
  int64_t n = dst->numel;

  if (n == 0)
    return cudaSuccess;
  gt_cuda_coalesce (arrays, g, 2);
  switch (elem_size (dst->dtype))
    {
#define MF_CASE(SIZE, U)                                                     \
    case SIZE:                                                               \
      masked_fill_kernel<U><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>      \
        ((U *) dst->data, g[0], (const uint8_t *) mask->data, g[1],          \
         (const U *) value, n);                                              \
      break;
    MF_CASE (1, uint8_t)
    MF_CASE (2, uint16_t)
    MF_CASE (4, uint32_t)
    MF_CASE (8, uint64_t)
#undef MF_CASE
    default:
      return cudaErrorInvalidValue;
    }
  return cudaGetLastError ();
}

template <typename T>
__global__ void
count_kernel (const T *src, GtCudaGeom g, int64_t n, unsigned long long *count)
{
  unsigned long long local = 0;

  GT_CUDA_GRID_LOOP (e, n)
    {
      T v = src[gt_offset (g, e)];
      if constexpr (GtIsFloat<T>::value)
        local += gt_to_double<T> (v) != 0.0;   /* NaN counts */
      else
        local += v != (T) 0;
    }
  for (int d = 16; d > 0; d /= 2)
    local += __shfl_down_sync (0xffffffffu, local, d);
  if (threadIdx.x % 32 == 0 && local != 0)
    atomicAdd (count, local);
}

extern "C" int
gt_cuda_launch_count_nonzero (const GtCudaArray *src, int64_t *count)
{
  const GtCudaArray *arrays[1] = { src };
  GtCudaGeom g;
  unsigned long long *c = NULL, host = 0;
  int64_t n = src->numel;
  int err;

  *count = 0;
  if (n == 0)
    return cudaSuccess;
  gt_cuda_coalesce (arrays, &g, 1);
  err = cudaMallocAsync ((void **) &c, sizeof host, 0);
  if (err != cudaSuccess)
    return err;
  err = cudaMemsetAsync (c, 0, sizeof host, 0);
  if (err == cudaSuccess)
    {
      GT_CUDA_DISPATCH_ALL (src->dtype, T,
        count_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
          ((const T *) src->data, g, n, c));
      err = cudaGetLastError ();
    }
  if (err == cudaSuccess)
    err = cudaMemcpy (&host, c, sizeof host, cudaMemcpyDeviceToHost);
  cudaFreeAsync (c, 0);
  *count = (int64_t) host;
  return err;
}
