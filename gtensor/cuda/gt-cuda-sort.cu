/* sort and topk (CUB's segmented radix sort of order-preserving 64-bit
 * keys, stable, one segment per row of the last dim), masked_select and
 * nonzero (CUB's exclusive scan of the flags). */

#include <cub/cub.cuh>

#include "gt-cuda-common.cuh"

/* An unsigned key whose order is the value order, NaN above +inf as
 * torch sorts it; descending flips every bit. */
template <typename T>
__device__ __forceinline__ uint64_t
order_key (T v, bool descending)
{
  uint64_t k;

  if constexpr (GtIsFloat<T>::value)
    {
      double d = gt_to_double<T> (v);
      if (d != d)
        k = UINT64_MAX;
      else
        {
          uint64_t b = (uint64_t) __double_as_longlong (d == 0.0 ? 0.0 : d);
          k = (b >> 63) ? ~b : (b | (1ull << 63));
        }
    }
  else if constexpr (std::is_signed<T>::value)
    k = (uint64_t) (int64_t) v ^ (1ull << 63);
  else
    k = (uint64_t) v;
  return descending ? ~k : k;
}

template <typename T>
__global__ void
make_keys (uint64_t *keys, int64_t *vals, const T *in, int64_t n, int64_t len,
           bool descending)
{
  GT_CUDA_GRID_LOOP (e, n)
    {
      keys[e] = order_key<T> (in[e], descending);
      vals[e] = e % len;
    }
}

__global__ void
row_offsets (int64_t *off, int64_t rows, int64_t len)
{
  GT_CUDA_GRID_LOOP (r, rows + 1)
    off[r] = r * len;
}

/* values/indices [rows..., k] (any strides) from the sorted positions */
template <typename T>
__global__ void
emit (T *values, GtCudaGeom vg, int64_t *indices, GtCudaGeom ig,
      const T *in, const int64_t *order, int64_t rows, int64_t len, int64_t k)
{
  GT_CUDA_GRID_LOOP (e, rows * k)
    {
      int64_t r = e / k, j = e % k, src = order[r * len + j];
      if (values != NULL)
        values[gt_offset (vg, e)] = in[r * len + src];
      if (indices != NULL)
        indices[gt_offset (ig, e)] = src;
    }
}

static GtCudaGeom
geom_of (const GtCudaArray *a)
{
  GtCudaGeom g;

  g.ndim = a->ndim;
  for (int d = 0; d < a->ndim; d++)
    {
      g.sizes[d] = a->sizes[d];
      g.strides[d] = a->strides[d];
    }
  return g;
}

template <typename T>
static int
sort_run (const GtCudaArray *values, const GtCudaArray *indices,
          const GtCudaArray *in, int64_t k, bool descending)
{
  int64_t n = in->numel, len = in->ndim > 0 ? in->sizes[in->ndim - 1] : 1;
  int64_t rows = n / (len > 0 ? len : 1);
  const GtCudaArray *out = values != NULL ? values : indices;
  GtCudaArray compact = *in;
  uint64_t *keys = NULL, *keys_out = NULL;
  int64_t *vals = NULL, *vals_out = NULL, *off = NULL;
  void *temp = NULL;
  size_t temp_bytes = 0, esize = sizeof (T);
  int64_t stride = 1;
  int err;

  if (n == 0 || out == NULL || k == 0)
    return cudaSuccess;
  if (n > INT32_MAX || rows > INT32_MAX)
    return cudaErrorNotSupported;
  for (int d = in->ndim - 1; d >= 0; d--)
    {
      compact.strides[d] = stride;
      stride *= in->sizes[d];
    }
  /* the compact input, padded to 8 bytes, then keys, values, offsets */
  err = cudaMallocAsync (&compact.data, ((n * esize + 7) / 8) * 8
                         + n * (2 * sizeof (uint64_t) + 2 * sizeof (int64_t))
                         + (rows + 1) * sizeof (int64_t), 0);
  if (err != cudaSuccess)
    return err;
  keys = (uint64_t *) ((char *) compact.data + ((n * esize + 7) / 8) * 8);
  keys_out = keys + n;
  vals = (int64_t *) (keys_out + n);
  vals_out = vals + n;
  off = vals_out + n;

  err = gt_cuda_launch_copy (&compact, in);
  if (err == cudaSuccess)
    {
      make_keys<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
        (keys, vals, (const T *) compact.data, n, len, descending);
      row_offsets<<<gt_cuda_blocks (rows + 1, 1), GT_CUDA_THREADS>>>
        (off, rows, len);
      err = cudaGetLastError ();
    }
  if (err == cudaSuccess)
    err = cub::DeviceSegmentedRadixSort::SortPairs (
            temp, temp_bytes, keys, keys_out, vals, vals_out, (int) n,
            (int) rows, off, off + 1, 0, 64, 0);
  if (err == cudaSuccess)
    err = cudaMallocAsync (&temp, temp_bytes > 0 ? temp_bytes : 1, 0);
  if (err == cudaSuccess)
    {
      err = cub::DeviceSegmentedRadixSort::SortPairs (
              temp, temp_bytes, keys, keys_out, vals, vals_out, (int) n,
              (int) rows, off, off + 1, 0, 64, 0);
      cudaFreeAsync (temp, 0);
    }
  if (err == cudaSuccess)
    {
      GtCudaGeom vg = values != NULL ? geom_of (values) : geom_of (out);
      GtCudaGeom ig = indices != NULL ? geom_of (indices) : geom_of (out);
      emit<T><<<gt_cuda_blocks (rows * k, 1), GT_CUDA_THREADS>>>
        (values != NULL ? (T *) values->data : (T *) NULL, vg,
         indices != NULL ? (int64_t *) indices->data : (int64_t *) NULL, ig,
         (const T *) compact.data, vals_out, rows, len, k);
      err = cudaGetLastError ();
    }
  cudaFreeAsync (compact.data, 0);
  return err;
}

/* k = the last size of the outputs (len for sort); descending for sort's
 * flag or topk's largest. Stable in both directions. */
extern "C" int
gt_cuda_launch_sort (const GtCudaArray *values, const GtCudaArray *indices,
                     const GtCudaArray *in, int64_t k, int descending)
{
  GT_CUDA_DISPATCH_ALL (in->dtype, T,
    return sort_run<T> (values, indices, in, k, descending != 0));
  return cudaSuccess;
}

/* ---- masked_select and nonzero ------------------------------------------------- */

template <typename T>
__global__ void
flags_kernel (int64_t *flags, const T *src, GtCudaGeom g, int64_t n)
{
  GT_CUDA_GRID_LOOP (e, n)
    {
      T v = src[gt_offset (g, e)];
      if constexpr (GtIsFloat<T>::value)
        flags[e] = gt_to_double<T> (v) != 0.0;
      else
        flags[e] = v != (T) 0;
    }
}

template <typename U>
__global__ void
select_kernel (U *out, const U *src, GtCudaGeom sg, const int64_t *flags,
               const int64_t *pos, int64_t n)
{
  GT_CUDA_GRID_LOOP (e, n)
    if (flags[e])
      out[pos[e]] = src[gt_offset (sg, e)];
}

__global__ void
coords_kernel (int64_t *out, GtCudaGeom shape, const int64_t *flags,
               const int64_t *pos, int64_t n)
{
  GT_CUDA_GRID_LOOP (e, n)
    if (flags[e])
      {
        int64_t rest = e, *row = out + pos[e] * shape.ndim;
        for (int d = shape.ndim - 1; d >= 0; d--)
          {
            row[d] = rest % shape.sizes[d];
            rest /= shape.sizes[d];
          }
      }
}

/* which: 0 masked_select (out, src, mask), 1 nonzero (out, src) */
extern "C" int
gt_cuda_launch_select (int which, const GtCudaArray *out,
                       const GtCudaArray *src, const GtCudaArray *mask)
{
  const GtCudaArray *flag_src = which == 0 ? mask : src;
  GtCudaGeom fg = geom_of (flag_src), sg = geom_of (src);
  int64_t n = src->numel;
  int64_t *flags = NULL, *pos;
  void *temp = NULL;
  size_t temp_bytes = 0;
  int err;

  if (n == 0 || out->numel == 0)
    return cudaSuccess;
  if (n > INT32_MAX)
    return cudaErrorNotSupported;
  err = cudaMallocAsync ((void **) &flags, 2 * n * sizeof (int64_t), 0);
  if (err != cudaSuccess)
    return err;
  pos = flags + n;
  GT_CUDA_DISPATCH_ALL (flag_src->dtype, T,
    flags_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      (flags, (const T *) flag_src->data, fg, n));
  err = cudaGetLastError ();
  if (err == cudaSuccess)
    err = cub::DeviceScan::ExclusiveSum (temp, temp_bytes, flags, pos, (int) n, 0);
  if (err == cudaSuccess)
    err = cudaMallocAsync (&temp, temp_bytes > 0 ? temp_bytes : 1, 0);
  if (err == cudaSuccess)
    {
      err = cub::DeviceScan::ExclusiveSum (temp, temp_bytes, flags, pos, (int) n, 0);
      cudaFreeAsync (temp, 0);
    }
  if (err == cudaSuccess && which == 1)
    {
      GtCudaGeom shape = geom_of (src);
      coords_kernel<<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
        ((int64_t *) out->data, shape, flags, pos, n);
      err = cudaGetLastError ();
    }
  else if (err == cudaSuccess)
    {
      switch (gt_cuda_elem_size (src->dtype))
        {
        case 8:
          select_kernel<uint64_t><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
            ((uint64_t *) out->data, (const uint64_t *) src->data, sg, flags, pos, n);
          break;
        case 4:
          select_kernel<uint32_t><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
            ((uint32_t *) out->data, (const uint32_t *) src->data, sg, flags, pos, n);
          break;
        case 2:
          select_kernel<uint16_t><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
            ((uint16_t *) out->data, (const uint16_t *) src->data, sg, flags, pos, n);
          break;
        default:
          select_kernel<uint8_t><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
            ((uint8_t *) out->data, (const uint8_t *) src->data, sg, flags, pos, n);
          break;
        }
      err = cudaGetLastError ();
    }
  cudaFreeAsync (flags, 0);
  return err;
}
