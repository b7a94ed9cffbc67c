/* Pointwise unary and binary ops and clamp. The op is a run-time argument
 * (a uniform branch costs nothing next to the memory traffic) so that each
 * dtype compiles one kernel per form, not one per op. Two forms: flat
 * (every operand one contiguous run, or a broadcast scalar) with 16-byte
 * vector loads when the pointers allow, and strided (any geometry, dims
 * merged first). The element formulas are those of the CPU backend
 * (gt-cpu-pointwise-loops.h), which follow torch. */

#include "gt-cuda-common.cuh"

/* Must match GtUnaryOp / GtBinaryOp (ops/gt-pointwise-private.h);
 * gt-cuda-module.c checks the last values. */
enum {
  U_EXP, U_LOG, U_LOG2, U_LOG1P, U_EXPM1, U_SQRT, U_RSQRT, U_SIN, U_COS,
  U_TANH, U_SIGMOID, U_RECIPROCAL, U_ABS, U_NEG, U_SIGN, U_ROUND, U_FLOOR,
  U_CEIL, U_TRUNC, U_RELU, U_SQUARE, U_NAN_TO_NUM, U_ISNAN, U_ISINF,
  U_LOGICAL_NOT
};
enum {
  B_ADD, B_SUB, B_MUL, B_DIV, B_DIV_TRUNC, B_DIV_FLOOR, B_POW, B_MAXIMUM,
  B_MINIMUM, B_REMAINDER, B_ATAN2, B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE,
  B_LOGICAL_AND, B_LOGICAL_OR, B_LOGICAL_XOR
};

/* The wrapping type of integer arithmetic: unsigned, at least 32 bits. */
template <typename T> struct GtWrap { typedef uint32_t type; };
template <> struct GtWrap<int64_t> { typedef uint64_t type; };

/* x < 0 without the unsigned types' "pointless comparison" warning. */
template <typename T>
__device__ __forceinline__ bool
is_neg (T x)
{
  if constexpr (std::is_signed<T>::value)
    return x < 0;
  else
    return false;
}

template <typename T, int N>
struct alignas (sizeof (T) * N) GtVec { T v[N]; };

/* ---- unary ----------------------------------------------------------------- */

template <typename T>
__device__ __forceinline__ T
unary_float (int op, T a, const GtCudaUnaryParams &p)
{
  switch (op)
    {
    case U_EXP: return exp (a);
    case U_LOG: return log (a);
    case U_LOG2: return log2 (a);
    case U_LOG1P: return log1p (a);
    case U_EXPM1: return expm1 (a);
    case U_SQRT: return sqrt (a);
    case U_RSQRT: return (T) 1 / sqrt (a);
    case U_SIN: return sin (a);
    case U_COS: return cos (a);
    case U_TANH: return tanh (a);
    case U_SIGMOID: return (T) 1 / ((T) 1 + exp (-a));
    case U_RECIPROCAL: return (T) 1 / a;
    case U_ABS: return fabs (a);
    case U_NEG: return -a;
    case U_SIGN: return (T) ((0 < a) - (a < 0));
    case U_ROUND:
      if (p.decimals == 0)
        return rint (a);
      if (p.decimals > 0)
        {
          T s = (T) pow (10.0, (double) p.decimals);
          return rint (a * s) / s;
        }
      else
        {
          T s = (T) pow (10.0, (double) -p.decimals);
          return rint (a / s) * s;
        }
    case U_FLOOR: return floor (a);
    case U_CEIL: return ceil (a);
    case U_TRUNC: return trunc (a);
    case U_RELU: return a < 0 ? (T) 0 : a;
    case U_SQUARE: return a * a;
    case U_NAN_TO_NUM:
      return a != a ? (T) p.nan : a == (T) INFINITY ? (T) p.posinf
             : a == (T) -INFINITY ? (T) p.neginf : a;
    default: return a;
    }
}

template <typename T>
__device__ __forceinline__ T
unary_int (int op, T a)
{
  typedef typename GtWrap<T>::type U;

  if constexpr (std::is_same<T, bool>::value)
    return op == U_SIGN || op == U_ABS || op == U_RELU || op == U_SQUARE ||
           op == U_ROUND || op == U_FLOOR || op == U_CEIL || op == U_TRUNC
           ? a : a;
  else if constexpr (std::is_unsigned<T>::value)
    switch (op)
      {
      case U_NEG: return (T) (0 - (U) a);
      case U_SIGN: return (T) (a != 0);
      case U_SQUARE: return (T) ((U) a * (U) a);
      default: return a;      /* abs, relu, the roundings: the identity */
      }
  else
    switch (op)
      {
      case U_ABS: return a < 0 ? (T) (0 - (U) a) : a;
      case U_NEG: return (T) (0 - (U) a);
      case U_SIGN: return (T) ((0 < a) - (a < 0));
      case U_RELU: return a < 0 ? (T) 0 : a;
      case U_SQUARE: return (T) ((U) a * (U) a);
      default: return a;      /* the roundings: the identity */
      }
}

template <typename T>
__device__ __forceinline__ bool
unary_pred (int op, T a)
{
  if constexpr (GtIsFloat<T>::value)
    switch (op)
      {
      case U_ISNAN: return a != a;
      case U_ISINF: return fabs (a) == (T) INFINITY;
      default: return a == 0;
      }
  else
    return op == U_LOGICAL_NOT ? a == 0 : false;
}

template <typename T, typename OT>
__device__ __forceinline__ OT
unary_apply (int op, T a, const GtCudaUnaryParams &p)
{
  if constexpr (std::is_same<OT, bool>::value && !std::is_same<T, bool>::value)
    return unary_pred<T> (op, a);
  else if constexpr (std::is_same<T, bool>::value)
    return op == U_LOGICAL_NOT || op == U_ISNAN || op == U_ISINF
           ? (op == U_LOGICAL_NOT ? !a : false) : a;
  else if constexpr (GtIsFloat<T>::value)
    return unary_float<T> (op, a, p);
  else
    return unary_int<T> (op, a);
}

template <typename T, typename OT, int N>
__global__ void
unary_flat (OT *o, const T *x, int64_t n, int op, GtCudaUnaryParams p)
{
  int64_t nv = n / N;

  GT_CUDA_GRID_LOOP (i, nv)
    {
      GtVec<T, N> in = ((const GtVec<T, N> *) x)[i];
      GtVec<OT, N> out;
#pragma unroll
      for (int k = 0; k < N; k++)
        out.v[k] = unary_apply<T, OT> (op, in.v[k], p);
      ((GtVec<OT, N> *) o)[i] = out;
    }
  GT_CUDA_GRID_LOOP (j, n - nv * N)
    o[nv * N + j] = unary_apply<T, OT> (op, x[nv * N + j], p);
}

template <typename T, typename OT>
__global__ void
unary_strided (OT *o, GtCudaGeom og, const T *x, GtCudaGeom xg, int64_t n,
               int op, GtCudaUnaryParams p)
{
  GT_CUDA_GRID_LOOP (i, n)
    o[gt_offset (og, i)] = unary_apply<T, OT> (op, x[gt_offset (xg, i)], p);
}

static inline int
aligned (const void *p, size_t bytes)
{
  return ((uintptr_t) p) % bytes == 0;
}

template <typename T, typename OT>
static int
unary_run (int op, const GtCudaArray *out, const GtCudaArray *in,
           const GtCudaUnaryParams *params)
{
  const GtCudaArray *arrays[2] = { out, in };
  GtCudaGeom g[2];
  int64_t n = out->numel;
  const int N = 16 / sizeof (T);

  gt_cuda_coalesce (arrays, g, 2);
  if (gt_cuda_geom_is_flat (&g[0]) && gt_cuda_geom_is_flat (&g[1]))
    {
      if (aligned (in->data, 16) && aligned (out->data, sizeof (OT) * N))
        unary_flat<T, OT, N><<<gt_cuda_blocks (n, N), GT_CUDA_THREADS>>>
          ((OT *) out->data, (const T *) in->data, n, op, *params);
      else
        unary_flat<T, OT, 1><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
          ((OT *) out->data, (const T *) in->data, n, op, *params);
    }
  else
    unary_strided<T, OT><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((OT *) out->data, g[0], (const T *) in->data, g[1], n, op, *params);
  return cudaGetLastError ();
}

extern "C" int
gt_cuda_launch_unary (int op, const GtCudaArray *out, const GtCudaArray *in,
                      const GtCudaUnaryParams *params)
{
  if (out->numel == 0)
    return cudaSuccess;
  if (out->dtype == GT_CUDA_BOOL && in->dtype != GT_CUDA_BOOL)
    {
      GT_CUDA_DISPATCH_COMPUTE (in->dtype, T,
                                return unary_run<T, bool> (op, out, in, params));
    }
  else
    {
      GT_CUDA_DISPATCH_COMPUTE (in->dtype, T,
                                return unary_run<T, T> (op, out, in, params));
    }
  return cudaSuccess;
}

/* ---- binary ---------------------------------------------------------------- */

template <typename T>
__device__ __forceinline__ T
div_floor_float (T a, T b)
{
  T mod, div, floordiv;

  if (b == 0)
    return a / b;
  mod = fmod (a, b);
  div = (a - mod) / b;
  if (mod != 0 && (b < 0) != (mod < 0))
    div -= 1;
  if (div == 0)
    return copysign ((T) 0, a / b);
  floordiv = floor (div);
  if (div - floordiv > (T) 0.5)
    floordiv += 1;
  return floordiv;
}

template <typename T>
__device__ __forceinline__ T
binary_float (int op, T a, T b, T al)
{
  switch (op)
    {
    case B_ADD: return a + al * b;
    case B_SUB: return a - al * b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_DIV_TRUNC: return trunc (a / b);
    case B_DIV_FLOOR: return div_floor_float (a, b);
    case B_POW: return pow (a, b);
    case B_MAXIMUM: return a != a ? a : b != b ? b : a > b ? a : b;
    case B_MINIMUM: return a != a ? a : b != b ? b : a < b ? a : b;
    case B_REMAINDER:
      {
        T mod = fmod (a, b);
        if (mod != 0 && (b < 0) != (mod < 0))
          mod += b;
        return mod;
      }
    case B_ATAN2: return atan2 (a, b);
    default: return a;
    }
}

template <typename T>
__device__ __forceinline__ T
binary_int (int op, T a, T b, int64_t alpha)
{
  typedef typename GtWrap<T>::type U;
  const bool sgn = std::is_signed<T>::value;

  switch (op)
    {
    case B_ADD: return (T) ((U) a + (U) alpha * (U) b);
    case B_SUB: return (T) ((U) a - (U) alpha * (U) b);
    case B_MUL: return (T) ((U) a * (U) b);
    case B_DIV_TRUNC:
      if (sgn && b == (T) -1)
        return (T) (0 - (U) a);
      return (T) (a / b);
    case B_DIV_FLOOR:
      {
        T q, r;
        if (sgn && b == (T) -1)
          return (T) (0 - (U) a);
        q = (T) (a / b);
        r = (T) (a % b);
        if (r != 0 && (is_neg (r) != is_neg (b)))
          q--;
        return q;
      }
    case B_REMAINDER:
      {
        T r;
        if (sgn && b == (T) -1)
          return 0;
        r = (T) (a % b);
        if (r != 0 && (is_neg (r) != is_neg (b)))
          r = (T) ((U) r + (U) b);
        return r;
      }
    case B_POW:
      {
        /* torch's powi: negative exponents give 0 except for bases 1, -1 */
        U result = 1, bb = (U) a;
        if (is_neg (b))
          {
            if (a == 1)
              return 1;
            if (sgn && a == (T) -1)
              return (b & 1) ? (T) -1 : (T) 1;
            return 0;
          }
        for (T e = b; e != 0; e = (T) (e >> 1))
          {
            if (e & 1)
              result *= bb;
            bb *= bb;
          }
        return (T) result;
      }
    case B_MAXIMUM: return a > b ? a : b;
    case B_MINIMUM: return a < b ? a : b;
    default: return a;
    }
}

/* The comparisons and (on bool operands, which the op layer gives them)
 * the logical ops. */
template <typename T>
__device__ __forceinline__ bool
binary_pred (int op, T a, T b)
{
  switch (op)
    {
    case B_EQ: return a == b;
    case B_NE: return a != b;
    case B_LT: return a < b;
    case B_LE: return a <= b;
    case B_GT: return a > b;
    case B_GE: return a >= b;
    case B_LOGICAL_AND: return a != (T) 0 && b != (T) 0;
    case B_LOGICAL_OR: return a != (T) 0 || b != (T) 0;
    default: return (a != (T) 0) != (b != (T) 0);
    }
}

typedef struct {
  double  f;      /* alpha for floats */
  int64_t i;      /* alpha for integers, truncated as torch's Scalar */
} Alpha;

template <typename T, typename OT>
__device__ __forceinline__ OT
binary_apply (int op, T a, T b, const Alpha &al)
{
  if constexpr (std::is_same<OT, bool>::value && !std::is_same<T, bool>::value)
    return binary_pred<T> (op, a, b);
  else if constexpr (std::is_same<T, bool>::value)
    {
      if (op >= B_EQ)
        return binary_pred<T> (op, a, b);
      switch (op)
        {
        case B_ADD: return a || (al.i != 0 && b);
        case B_MUL: case B_MINIMUM: return a && b;
        case B_MAXIMUM: return a || b;
        default: return a;
        }
    }
  else if constexpr (GtIsFloat<T>::value)
    return binary_float<T> (op, a, b, (T) al.f);
  else
    return binary_int<T> (op, a, b, al.i);
}

/* Flat form: a and b each a contiguous run or (stride 0) a scalar. */
template <typename T, typename OT, int N>
__global__ void
binary_flat (OT *o, const T *a, int a_scalar, const T *b, int b_scalar,
             int64_t n, int op, Alpha al)
{
  int64_t nv = n / N;
  T sa = a_scalar ? a[0] : T (), sb = b_scalar ? b[0] : T ();

  GT_CUDA_GRID_LOOP (i, nv)
    {
      GtVec<T, N> va, vb;
      GtVec<OT, N> out;

      if (!a_scalar)
        va = ((const GtVec<T, N> *) a)[i];
      if (!b_scalar)
        vb = ((const GtVec<T, N> *) b)[i];
#pragma unroll
      for (int k = 0; k < N; k++)
        out.v[k] = binary_apply<T, OT> (op, a_scalar ? sa : va.v[k],
                                        b_scalar ? sb : vb.v[k], al);
      ((GtVec<OT, N> *) o)[i] = out;
    }
  GT_CUDA_GRID_LOOP (j, n - nv * N)
    {
      int64_t e = nv * N + j;
      o[e] = binary_apply<T, OT> (op, a_scalar ? sa : a[e],
                                  b_scalar ? sb : b[e], al);
    }
}

template <typename T, typename OT>
__global__ void
binary_strided (OT *o, GtCudaGeom og, const T *a, GtCudaGeom ag,
                const T *b, GtCudaGeom bg, int64_t n, int op, Alpha al)
{
  GT_CUDA_GRID_LOOP (i, n)
    o[gt_offset (og, i)] = binary_apply<T, OT> (op, a[gt_offset (ag, i)],
                                                b[gt_offset (bg, i)], al);
}

/* Any zero among the divisors: the integer divisions refuse them. */
template <typename T>
__global__ void
find_zero (const T *b, GtCudaGeom bg, int64_t n, int *flag)
{
  GT_CUDA_GRID_LOOP (i, n)
    if (b[gt_offset (bg, i)] == (T) 0)
      *flag = 1;
}

static int
is_scalar_geom (const GtCudaGeom *g)
{
  for (int d = 0; d < g->ndim; d++)
    if (g->strides[d] != 0)
      return 0;
  return 1;
}

template <typename T, typename OT>
static int
binary_run (int op, const GtCudaArray *out, const GtCudaArray *a,
            const GtCudaArray *b, double alpha, int *zero_divisor)
{
  const GtCudaArray *arrays[3] = { out, a, b };
  GtCudaGeom g[3];
  int64_t n = out->numel;
  const int N = 16 / sizeof (T);
  Alpha al = { alpha, (int64_t) alpha };
  int a_scalar, b_scalar;

  gt_cuda_coalesce (arrays, g, 3);

  if (!GtIsFloat<T>::value && !std::is_same<T, bool>::value &&
      (op == B_DIV_TRUNC || op == B_DIV_FLOOR || op == B_REMAINDER))
    {
      int *flag = NULL, found = 0;
      int err = cudaMallocAsync ((void **) &flag, sizeof (int), 0);

      if (err != cudaSuccess)
        return err;
      err = cudaMemsetAsync (flag, 0, sizeof (int), 0);
      if (err == cudaSuccess)
        {
          find_zero<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
            ((const T *) b->data, g[2], n, flag);
          err = cudaGetLastError ();
        }
      if (err == cudaSuccess)
        err = cudaMemcpy (&found, flag, sizeof (int), cudaMemcpyDeviceToHost);
      cudaFreeAsync (flag, 0);
      if (err != cudaSuccess)
        return err;
      if (found)
        {
          *zero_divisor = 1;
          return cudaSuccess;
        }
    }

  a_scalar = is_scalar_geom (&g[1]);
  b_scalar = is_scalar_geom (&g[2]);
  if (gt_cuda_geom_is_flat (&g[0]) &&
      (a_scalar || gt_cuda_geom_is_flat (&g[1])) &&
      (b_scalar || gt_cuda_geom_is_flat (&g[2])))
    {
      if ((a_scalar || aligned (a->data, 16)) &&
          (b_scalar || aligned (b->data, 16)) &&
          aligned (out->data, sizeof (OT) * N))
        binary_flat<T, OT, N><<<gt_cuda_blocks (n, N), GT_CUDA_THREADS>>>
          ((OT *) out->data, (const T *) a->data, a_scalar,
           (const T *) b->data, b_scalar, n, op, al);
      else
        binary_flat<T, OT, 1><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
          ((OT *) out->data, (const T *) a->data, a_scalar,
           (const T *) b->data, b_scalar, n, op, al);
    }
  else
    binary_strided<T, OT><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((OT *) out->data, g[0], (const T *) a->data, g[1],
       (const T *) b->data, g[2], n, op, al);
  return cudaGetLastError ();
}

extern "C" int
gt_cuda_launch_binary (int op, const GtCudaArray *out, const GtCudaArray *a,
                       const GtCudaArray *b, double alpha, int *zero_divisor)
{
  *zero_divisor = 0;
  if (out->numel == 0)
    return cudaSuccess;
  if (out->dtype == GT_CUDA_BOOL && a->dtype != GT_CUDA_BOOL)
    {
      GT_CUDA_DISPATCH_COMPUTE (a->dtype, T,
        return binary_run<T, bool> (op, out, a, b, alpha, zero_divisor));
    }
  else
    {
      GT_CUDA_DISPATCH_COMPUTE (a->dtype, T,
        return binary_run<T, T> (op, out, a, b, alpha, zero_divisor));
    }
  return cudaSuccess;
}

/* ---- clamp ------------------------------------------------------------------ */

template <typename T>
__global__ void
clamp_kernel (T *o, GtCudaGeom og, const T *x, GtCudaGeom xg,
              const T *lo, GtCudaGeom lg, const T *hi, GtCudaGeom hg,
              int64_t n, int tensor_bounds)
{
  GT_CUDA_GRID_LOOP (i, n)
    {
      T r = x[gt_offset (xg, i)];

      if (tensor_bounds)
        {
          /* NaN anywhere gives NaN, as torch's clamp with tensors */
          if (lo != NULL)
            {
              T l = lo[gt_offset (lg, i)];
              r = r != r ? r : l != l ? l : r < l ? l : r;
            }
          if (hi != NULL)
            {
              T h = hi[gt_offset (hg, i)];
              r = r != r ? r : h != h ? h : h < r ? h : r;
            }
        }
      else
        {
          /* Scalar bounds: a NaN bound compares false and is ignored */
          if (lo != NULL)
            {
              T l = lo[gt_offset (lg, i)];
              r = r < l ? l : r;
            }
          if (hi != NULL)
            {
              T h = hi[gt_offset (hg, i)];
              r = h < r ? h : r;
            }
        }
      o[gt_offset (og, i)] = r;
    }
}

extern "C" int
gt_cuda_launch_clamp (const GtCudaArray *out, const GtCudaArray *in,
                      const GtCudaArray *lo, const GtCudaArray *hi,
                      int tensor_bounds)
{
  const GtCudaArray *arrays[4] = { out, in, lo != NULL ? lo : in,
                                   hi != NULL ? hi : in };
  GtCudaGeom g[4];
  int64_t n = out->numel;

  if (n == 0)
    return cudaSuccess;
  gt_cuda_coalesce (arrays, g, 4);
  GT_CUDA_DISPATCH_COMPUTE (out->dtype, T,
    clamp_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) out->data, g[0], (const T *) in->data, g[1],
       lo != NULL ? (const T *) lo->data : (const T *) NULL, g[2],
       hi != NULL ? (const T *) hi->data : (const T *) NULL, g[3], n,
       tensor_bounds));
  return cudaGetLastError ();
}
