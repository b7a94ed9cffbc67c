/* Copies with dtype conversion between any strides, fills, ranges and
 * where: the element-moving kernels of the CUDA backend. */

#include "gt-cuda-common.cuh"

template <typename D, typename S>
__global__ void
copy_flat (D *dst, const S *src, int64_t n)
{
  GT_CUDA_GRID_LOOP (i, n)
    dst[i] = gt_cast<D, S> (src[i]);
}

template <typename D, typename S>
__global__ void
copy_strided (D *dst, GtCudaGeom dg, const S *src, GtCudaGeom sg, int64_t n)
{
  GT_CUDA_GRID_LOOP (i, n)
    dst[gt_offset (dg, i)] = gt_cast<D, S> (src[gt_offset (sg, i)]);
}

template <typename D>
static int
copy_from (const GtCudaArray *dst, const GtCudaArray *src)
{
  const GtCudaArray *arrays[2] = { dst, src };
  GtCudaGeom g[2];
  int64_t n = dst->numel;

  gt_cuda_coalesce (arrays, g, 2);
  GT_CUDA_DISPATCH_ALL (src->dtype, S,
    if (gt_cuda_geom_is_flat (&g[0]) && gt_cuda_geom_is_flat (&g[1]))
      {
        if (sizeof (D) == sizeof (S) && dst->dtype == src->dtype)
          return cudaMemcpyAsync (dst->data, src->data, n * sizeof (D),
                                  cudaMemcpyDeviceToDevice, 0);
        copy_flat<D, S><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
          ((D *) dst->data, (const S *) src->data, n);
      }
    else
      copy_strided<D, S><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
        ((D *) dst->data, g[0], (const S *) src->data, g[1], n));
  return cudaGetLastError ();
}

extern "C" int
gt_cuda_launch_copy (const GtCudaArray *dst, const GtCudaArray *src)
{
  if (dst->numel == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_ALL (dst->dtype, D, return copy_from<D> (dst, src));
  return cudaSuccess;
}

/* ---- fill ------------------------------------------------------------------ */

template <typename T>
__global__ void
fill_strided (T *dst, GtCudaGeom g, int64_t n, double value)
{
  T v = gt_from_double<T> (value);

  GT_CUDA_GRID_LOOP (i, n)
    dst[gt_offset (g, i)] = v;
}

template <typename T>
__global__ void
fill_flat (T *dst, int64_t n, double value)
{
  T v = gt_from_double<T> (value);

  GT_CUDA_GRID_LOOP (i, n)
    dst[i] = v;
}

extern "C" int
gt_cuda_launch_fill (const GtCudaArray *dst, double value)
{
  const GtCudaArray *arrays[1] = { dst };
  GtCudaGeom g;
  int64_t n = dst->numel;

  if (n == 0)
    return cudaSuccess;
  gt_cuda_coalesce (arrays, &g, 1);
  GT_CUDA_DISPATCH_ALL (dst->dtype, T,
    if (gt_cuda_geom_is_flat (&g))
      fill_flat<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
        ((T *) dst->data, n, value);
    else
      fill_strided<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
        ((T *) dst->data, g, n, value));
  return cudaGetLastError ();
}

/* ---- ranges (dst contiguous) ---------------------------------------------- */

template <typename T>
__global__ void
arange_kernel (T *dst, int64_t n, double start, double step)
{
  GT_CUDA_GRID_LOOP (i, n)
    {
      if constexpr (GtIsFloat<T>::value)
        dst[i] = gt_from_double<T> (fma (step, (double) i, start));
      else
        /* Exact in int64 for every length, as on the CPU. */
        dst[i] = (T) ((int64_t) start + (int64_t) step * i);
    }
}

extern "C" int
gt_cuda_launch_arange (const GtCudaArray *dst, double start, double step)
{
  int64_t n = dst->numel;

  if (n == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_ALL (dst->dtype, T,
    arange_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) dst->data, n, start, step));
  return cudaGetLastError ();
}

/* torch's linspace walks from both ends toward the middle, so that both
 * ends are exact. */
__device__ __forceinline__ double
linspace_at (double start, double end, double step, int64_t n, int64_t i)
{
  return i < n / 2 ? fma (step, (double) i, start)
                   : fma (-step, (double) (n - i - 1), end);
}

/* Integer dtypes (lanes > 0) follow the CPU's (torch's) vector blocks:
 * each block of lanes starts from a base truncated to an integer, and the
 * lanes add (i - c) * step to it (gt-cpu-range.c). */
template <typename T>
__global__ void
linspace_kernel (T *dst, int64_t n, double start, double end, double step,
                 int64_t lanes)
{
  int64_t blocks_end = lanes > 0 ? n - n % (2 * lanes) : 0;

  GT_CUDA_GRID_LOOP (i, n)
    {
      double v;

      if (i < blocks_end)
        {
          int64_t c = i - i % lanes;
          v = __dadd_rn (trunc (linspace_at (start, end, step, n, c)),
                         __dmul_rn ((double) (i - c), step));
        }
      else
        v = linspace_at (start, end, step, n, i);
      dst[i] = gt_from_double<T> (v);
    }
}

extern "C" int
gt_cuda_launch_linspace (const GtCudaArray *dst, double start, double end)
{
  int64_t n = dst->numel, lanes = 0;
  double step;

  if (n == 0)
    return cudaSuccess;
  if (dst->dtype != GT_CUDA_F32 && dst->dtype != GT_CUDA_F64 &&
      dst->dtype != GT_CUDA_F16 && dst->dtype != GT_CUDA_BF16)
    {
      /* torch converts the ends to the integer dtype first */
      start = trunc (start);
      end = trunc (end);
      lanes = 32 / gt_cuda_elem_size (dst->dtype);
    }
  if (n == 1)
    end = start;            /* a single step is the start */
  step = n > 1 ? (end - start) / (double) (n - 1) : 0.0;
  GT_CUDA_DISPATCH_ALL (dst->dtype, T,
    linspace_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) dst->data, n, start, end, step, lanes));
  return cudaGetLastError ();
}

/* ---- where: selects bytes, so one kernel per element size ----------------- */

template <typename T>
__global__ void
where_kernel (T *out, GtCudaGeom og, const bool *cond, GtCudaGeom cg,
              const T *a, GtCudaGeom ag, const T *b, GtCudaGeom bg, int64_t n)
{
  GT_CUDA_GRID_LOOP (i, n)
    out[gt_offset (og, i)] = cond[gt_offset (cg, i)] ? a[gt_offset (ag, i)]
                                                     : b[gt_offset (bg, i)];
}

extern "C" int
gt_cuda_launch_where (const GtCudaArray *out, const GtCudaArray *cond,
                      const GtCudaArray *a, const GtCudaArray *b)
{
  const GtCudaArray *arrays[4] = { out, cond, a, b };
  GtCudaGeom g[4];
  int64_t n = out->numel;
  int esize;

  if (n == 0)
    return cudaSuccess;
  gt_cuda_coalesce (arrays, g, 4);
  esize = gt_cuda_elem_size (out->dtype);
#define WHERE_CASE(SIZE, U)                                                 \
  case SIZE:                                                                \
    where_kernel<U><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>             \
      ((U *) out->data, g[0], (const bool *) cond->data, g[1],              \
       (const U *) a->data, g[2], (const U *) b->data, g[3], n);            \
    break;
  switch (esize)
    {
    WHERE_CASE (1, uint8_t)
    WHERE_CASE (2, uint16_t)
    WHERE_CASE (4, uint32_t)
    WHERE_CASE (8, uint64_t)
    default:
      return cudaErrorInvalidValue;
    }
#undef WHERE_CASE
  return cudaGetLastError ();
}
