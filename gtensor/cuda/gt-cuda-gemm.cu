/* GEMM for the dtypes cuBLAS lacks (integers, bool): one thread per output
 * element, int64 accumulation with wrapping as the CPU backend. Slow but
 * exact; float32/float64/float16/bfloat16 go through cuBLAS
 * (gt-cuda-module.c). */

#include "gt-cuda-common.cuh"

typedef struct {
  int     n_batch_dims;
  int64_t batch_sizes[GT_CUDA_MAX_DIMS];
  int64_t o_bs[GT_CUDA_MAX_DIMS], a_bs[GT_CUDA_MAX_DIMS], b_bs[GT_CUDA_MAX_DIMS];
  int64_t m, n, k;
  int64_t o_rs, o_cs, a_rs, a_cs, b_rs, b_cs;
} GemmGeom;

template <typename T>
__global__ void
gemm_int_kernel (T *o, const T *a, const T *b, GemmGeom g, int64_t total,
                 int64_t alpha, int64_t beta)
{
  GT_CUDA_GRID_LOOP (e, total)
    {
      int64_t col = e % g.n, row = (e / g.n) % g.m, batch = e / (g.n * g.m);
      int64_t oo = 0, ao = 0, bo = 0;
      uint64_t acc = 0;

      for (int d = g.n_batch_dims - 1; d >= 0; d--)
        {
          int64_t idx = batch % g.batch_sizes[d];
          batch /= g.batch_sizes[d];
          oo += idx * g.o_bs[d];
          ao += idx * g.a_bs[d];
          bo += idx * g.b_bs[d];
        }
      for (int64_t kk = 0; kk < g.k; kk++)
        {
          T x = a[ao + row * g.a_rs + kk * g.a_cs];
          T y = b[bo + kk * g.b_rs + col * g.b_cs];
          if constexpr (std::is_same<T, bool>::value)
            acc |= (uint64_t) (x && y);
          else
            acc += (uint64_t) (int64_t) x * (uint64_t) (int64_t) y;
        }
      T *dst = o + oo + row * g.o_rs + col * g.o_cs;
      if constexpr (std::is_same<T, bool>::value)
        *dst = (beta != 0 && *dst) || (alpha != 0 && acc != 0);
      else
        {
          uint64_t r = (uint64_t) alpha * acc;
          if (beta != 0)
            r += (uint64_t) beta * (uint64_t) (int64_t) *dst;
          *dst = (T) (int64_t) r;
        }
    }
}

extern "C" int
gt_cuda_launch_gemm_int (const GtCudaArray *out, const GtCudaArray *a,
                         const GtCudaArray *b, double alpha, double beta)
{
  GemmGeom g;
  int nd = out->ndim;
  int64_t total = out->numel;

  if (total == 0)
    return cudaSuccess;
  g.n_batch_dims = nd - 2;
  for (int d = 0; d < nd - 2; d++)
    {
      g.batch_sizes[d] = out->sizes[d];
      g.o_bs[d] = out->strides[d];
      g.a_bs[d] = a->strides[d];
      g.b_bs[d] = b->strides[d];
    }
  g.m = out->sizes[nd - 2];
  g.n = out->sizes[nd - 1];
  g.k = a->sizes[nd - 1];
  g.o_rs = out->strides[nd - 2]; g.o_cs = out->strides[nd - 1];
  g.a_rs = a->strides[nd - 2]; g.a_cs = a->strides[nd - 1];
  g.b_rs = b->strides[nd - 2]; g.b_cs = b->strides[nd - 1];

  switch (out->dtype)
    {
#define GEMM_CASE(DT, T)                                                   \
    case DT:                                                               \
      gemm_int_kernel<T><<<gt_cuda_blocks (total, 1), GT_CUDA_THREADS>>>   \
        ((T *) out->data, (const T *) a->data, (const T *) b->data, g,     \
         total, (int64_t) alpha, (int64_t) beta);                          \
      break;
    GEMM_CASE (GT_CUDA_I8, int8_t)
    GEMM_CASE (GT_CUDA_U8, uint8_t)
    GEMM_CASE (GT_CUDA_I16, int16_t)
    GEMM_CASE (GT_CUDA_I32, int32_t)
    GEMM_CASE (GT_CUDA_I64, int64_t)
    GEMM_CASE (GT_CUDA_BOOL, bool)
#undef GEMM_CASE
    default:
      return cudaErrorInvalidValue;
    }
  return cudaGetLastError ();
}
