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

/* gather: a[e] = b[e + index[e] * stride]; scatter: a[e + index[e] *
 * stride] = b[e]. By element size. */
template <typename U, typename I>
__global__ void
gather_scatter_kernel (int scatter, U *a, GtCudaGeom ag, const U *b,
                       GtCudaGeom bg, const I *idx, GtCudaGeom ig, int64_t n,
                       int64_t size, int64_t stride)
{
  GT_CUDA_GRID_LOOP (e, n)
    {
      int64_t k = wrapped ((int64_t) idx[gt_offset (ig, e)], size) * stride;

      if (scatter)
        a[gt_offset (ag, e) + k] = b[gt_offset (bg, e)];
      else
        a[gt_offset (ag, e)] = b[gt_offset (bg, e) + k];
    }
}

/* *p += v for the 1- and 2-byte dtypes, which have no atomicAdd of
 * their own: a compare-and-swap loop on the aligned 32-bit word that holds
 * *p, the sum computed as the CPU's (wrapping integers; float16 and
 * bfloat16 rounded once per addition). */
template <typename T>
__device__ __forceinline__ void
atomic_add_narrow (T *p, T v)
{
  typedef typename std::conditional<sizeof (T) == 1, uint8_t, uint16_t>::type Bits;
  uintptr_t addr = (uintptr_t) p;
  unsigned int *word = (unsigned int *) (addr & ~(uintptr_t) 3);
  unsigned int shift = (unsigned int) (addr & 3) * 8;
  unsigned int mask = (unsigned int) (Bits) ~(Bits) 0 << shift;
  unsigned int old = *word, assumed;

  do
    {
      Bits bits = (Bits) ((old & mask) >> shift);
      T cur, sum;

      assumed = old;
      memcpy (&cur, &bits, sizeof cur);
      if constexpr (GtIsFloat<T>::value)
        sum = gt_from_double<T> (gt_to_double<T> (cur) + gt_to_double<T> (v));
      else
        sum = (T) (uint32_t) ((uint32_t) cur + (uint32_t) v);
      memcpy (&bits, &sum, sizeof bits);
      old = atomicCAS (word, assumed,
                       (assumed & ~mask) | ((unsigned int) bits << shift));
    }
  while (old != assumed);
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
  else if constexpr (sizeof (T) <= 2)
    atomic_add_narrow<T> (p, v);
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
        ADD_CASE (GT_CUDA_F16, gt_half)
        ADD_CASE (GT_CUDA_BF16, gt_bf16)
        ADD_CASE (GT_CUDA_I8, int8_t)
        ADD_CASE (GT_CUDA_U8, uint8_t)
        ADD_CASE (GT_CUDA_I16, int16_t)
        ADD_CASE (GT_CUDA_I32, int32_t)
        ADD_CASE (GT_CUDA_I64, int64_t)
        ADD_CASE (GT_CUDA_BOOL, bool)
#undef ADD_CASE
        default:
          return cudaErrorInvalidValue;
        }
      return cudaGetLastError ();
    }
  switch (gt_cuda_elem_size (a->dtype))
    {
#define GS_CASE(SIZE, U)                                                     \
    case SIZE:                                                               \
      gather_scatter_kernel<U, I><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>> \
        (scatter, (U *) a->data, g[0], (const U *) b->data, g[1], idx, g[2],  \
         n, size, stride);                                                   \
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

/* Each warp reduces its own minimum and maximum before one atomic each
 * (an atomic per element on two addresses would serialise the grid). */
__global__ void
range_kernel (const int64_t *idx, GtCudaGeom g, int64_t n, long long *mm)
{
  long long lo = INT64_MAX, hi = INT64_MIN;

  GT_CUDA_GRID_LOOP (e, n)
    {
      long long v = (long long) idx[gt_offset (g, e)];
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
  for (int d = 16; d > 0; d /= 2)
    {
      long long olo = __shfl_down_sync (0xffffffffu, lo, d);
      long long ohi = __shfl_down_sync (0xffffffffu, hi, d);
      lo = olo < lo ? olo : lo;
      hi = ohi > hi ? ohi : hi;
    }
  if (threadIdx.x % 32 == 0 && lo <= hi)
    {
      atomicMin (mm, lo);
      atomicMax (mm + 1, hi);
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
  switch (gt_cuda_elem_size (dst->dtype))
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
