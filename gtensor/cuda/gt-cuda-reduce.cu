/* Reductions: one pass per statistic, warp shuffles inside a block, and
 * for few long outputs several blocks per output whose partial results a
 * second small kernel combines. Floats accumulate in double and integers
 * in int64, as the CPU backend (gt-cpu-reduce.c) does, so the results
 * agree with it to rounding; var/std and logsumexp take two passes (mean,
 * then squared deviations; max, then exp of deviations) as there. */

#include <math.h>

#include "gt-cuda-common.cuh"

/* Must match GtReduceOp (ops/gt-reduce-private.h). */
enum {
  R_SUM, R_PROD, R_MEAN, R_VAR, R_STD, R_AMAX, R_AMIN, R_ALL, R_ANY,
  R_LOGSUMEXP, R_NORM, R_MAX, R_MIN, R_ARGMAX, R_ARGMIN
};

/* What one pass accumulates. */
enum {
  K_SUM, K_PROD, K_MAX, K_MIN, K_ALL, K_ANY, K_COUNT_NZ, K_SUM_ABS, K_SUM_SQ,
  K_MAX_ABS, K_MIN_ABS, K_SUM_POW, K_ARGMAX, K_ARGMIN, K_SUM_SQDEV,
  K_SUM_EXPDEV
};

typedef struct {
  double  d;
  int64_t i;
  int64_t idx;      /* argmax/argmin: -1 while empty */
} Acc;

typedef struct {
  int     kind;
  int     int_path;   /* accumulate in i (integers), else in d */
  double  p;          /* the p of K_SUM_POW */
} Pass;

__device__ __forceinline__ Acc
acc_init (const Pass &ps)
{
  Acc a = { 0.0, 0, -1 };

  switch (ps.kind)
    {
    case K_PROD: a.d = 1.0; a.i = 1; break;
    case K_MAX: case K_ARGMAX: case K_MAX_ABS:
      a.d = -INFINITY; a.i = INT64_MIN; break;
    case K_MIN: case K_ARGMIN: case K_MIN_ABS:
      a.d = INFINITY; a.i = INT64_MAX; break;
    case K_ALL: a.i = 1; break;
    default: break;
    }
  return a;
}

/* max/min that propagate NaN: once NaN, always NaN. */
__device__ __forceinline__ double
nan_max (double m, double v)
{
  return (v > m || isnan (v)) && !isnan (m) ? v : m;
}

__device__ __forceinline__ double
nan_min (double m, double v)
{
  return (v < m || isnan (v)) && !isnan (m) ? v : m;
}

/* Whether candidate (v, vi) beats the current best (b, bi) for argmax
 * (want_max) or argmin: NaN wins, then the extreme, then the first index. */
__device__ __forceinline__ bool
arg_better_d (double v, int64_t vi, double b, int64_t bi, bool want_max)
{
  if (vi < 0)
    return false;
  if (bi < 0)
    return true;
  if (isnan (b))
    return isnan (v) && vi < bi;
  if (isnan (v))
    return true;
  if (v == b)
    return vi < bi;
  return want_max ? v > b : v < b;
}

__device__ __forceinline__ bool
arg_better_i (int64_t v, int64_t vi, int64_t b, int64_t bi, bool want_max)
{
  if (vi < 0)
    return false;
  if (bi < 0)
    return true;
  if (v == b)
    return vi < bi;
  return want_max ? v > b : v < b;
}

/* Adds element x (as double xd and int64 xi) at reduced position r. */
__device__ __forceinline__ void
acc_add (Acc &a, const Pass &ps, double xd, int64_t xi, int64_t r,
         double center)
{
  switch (ps.kind)
    {
    case K_SUM:
      if (ps.int_path) a.i += xi; else a.d += xd;
      break;
    case K_PROD:
      if (ps.int_path) a.i = (int64_t) ((uint64_t) a.i * (uint64_t) xi);
      else a.d *= xd;
      break;
    case K_MAX:
      if (ps.int_path) a.i = xi > a.i ? xi : a.i; else a.d = nan_max (a.d, xd);
      break;
    case K_MIN:
      if (ps.int_path) a.i = xi < a.i ? xi : a.i; else a.d = nan_min (a.d, xd);
      break;
    case K_ALL: a.i = a.i && (ps.int_path ? xi != 0 : xd != 0.0); break;
    case K_ANY: a.i = a.i || (ps.int_path ? xi != 0 : xd != 0.0); break;
    case K_COUNT_NZ: a.d += xd != 0.0 ? 1.0 : 0.0; break;
    case K_SUM_ABS: a.d += fabs (xd); break;
    case K_SUM_SQ: a.d += xd * xd; break;
    case K_MAX_ABS: a.d = nan_max (a.d, fabs (xd)); break;
    case K_MIN_ABS: a.d = nan_min (a.d, fabs (xd)); break;
    case K_SUM_POW: a.d += pow (fabs (xd), ps.p); break;
    case K_ARGMAX: case K_ARGMIN:
      {
        bool want_max = ps.kind == K_ARGMAX;
        if (ps.int_path ? arg_better_i (xi, r, a.i, a.idx, want_max)
                        : arg_better_d (xd, r, a.d, a.idx, want_max))
          {
            a.d = xd;
            a.i = xi;
            a.idx = r;
          }
      }
      break;
    case K_SUM_SQDEV: a.d += (xd - center) * (xd - center); break;
    case K_SUM_EXPDEV: a.d += exp (xd - center); break;
    default: break;
    }
}

__device__ __forceinline__ void
acc_combine (Acc &a, const Acc &b, const Pass &ps)
{
  switch (ps.kind)
    {
    case K_SUM: case K_COUNT_NZ: case K_SUM_ABS: case K_SUM_SQ:
    case K_SUM_POW: case K_SUM_SQDEV: case K_SUM_EXPDEV:
      a.d += b.d;
      a.i += b.i;
      break;
    case K_PROD:
      a.d *= b.d;
      a.i = (int64_t) ((uint64_t) a.i * (uint64_t) b.i);
      break;
    case K_MAX: case K_MAX_ABS:
      a.d = nan_max (a.d, b.d);
      a.i = b.i > a.i ? b.i : a.i;
      break;
    case K_MIN: case K_MIN_ABS:
      a.d = nan_min (a.d, b.d);
      a.i = b.i < a.i ? b.i : a.i;
      break;
    case K_ALL: a.i = a.i && b.i; break;
    case K_ANY: a.i = a.i || b.i; break;
    case K_ARGMAX: case K_ARGMIN:
      {
        bool want_max = ps.kind == K_ARGMAX;
        if (ps.int_path ? arg_better_i (b.i, b.idx, a.i, a.idx, want_max)
                        : arg_better_d (b.d, b.idx, a.d, a.idx, want_max))
          a = b;
      }
      break;
    default: break;
    }
}

__device__ __forceinline__ Acc
acc_shfl_down (const Acc &a, int delta)
{
  Acc b;

  b.d = __shfl_down_sync (0xffffffffu, a.d, delta);
  b.i = __shfl_down_sync (0xffffffffu, (long long) a.i, delta);
  b.idx = __shfl_down_sync (0xffffffffu, (long long) a.idx, delta);
  return b;
}

/* The whole block's accumulator, valid in thread 0. */
__device__ Acc
block_reduce (Acc a, const Pass &ps)
{
  __shared__ Acc warp_accs[32];
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  int n_warps = (blockDim.x + 31) / 32;

  for (int delta = 16; delta > 0; delta /= 2)
    {
      Acc b = acc_shfl_down (a, delta);
      acc_combine (a, b, ps);
    }
  if (lane == 0)
    warp_accs[warp] = a;
  __syncthreads ();
  if (warp == 0)
    {
      a = lane < n_warps ? warp_accs[lane] : acc_init (ps);
      for (int delta = 16; delta > 0; delta /= 2)
        {
          Acc b = acc_shfl_down (a, delta);
          acc_combine (a, b, ps);
        }
    }
  __syncthreads ();
  return a;
}

/* What the final pass writes. */
typedef struct {
  int      op;
  int      k1;              /* the first pass's kind (norm's variants) */
  int      is_float;
  double   param;
  double   n_red;
  void    *out;
  int      out_dtype;
  int64_t *indices;         /* NULL unless max/min */
  double  *centers;         /* pass 1 of two: where the centers go */
  int      write_center;
} Final;

template <typename O>
__device__ __forceinline__ void
store_as (void *out, int64_t o, double vd, int64_t vi, bool use_i)
{
  O *p = (O *) out + o;

  if constexpr (GtIsFloat<O>::value)
    *p = use_i ? gt_from_double<O> ((double) vi) : gt_from_double<O> (vd);
  else if constexpr (std::is_same<O, bool>::value)
    *p = use_i ? vi != 0 : vd != 0.0;
  else
    *p = use_i ? (O) vi : gt_from_double<O> (vd);
}

__device__ void
finish (const Final &f, int64_t o, const Acc &a, double c)
{
  double n = f.n_red, r;
  bool use_i;

  if (f.write_center)
    {
      /* Pass 1's result → the center of pass 2. */
      if (f.op == R_LOGSUMEXP)
        f.centers[o] = isinf (a.d) ? 0.0 : a.d;
      else
        f.centers[o] = a.d / n;       /* var, std: the mean */
      return;
    }
  if (f.op == R_ARGMAX || f.op == R_ARGMIN)
    {
      ((int64_t *) f.out)[o] = a.idx;
      return;
    }
  if (f.indices != NULL)
    f.indices[o] = a.idx;

  use_i = !f.is_float || f.k1 == K_ALL || f.k1 == K_ANY;
  switch (f.op)
    {
    case R_MEAN: r = a.d / n; break;
    case R_VAR: r = a.d / fmax (0.0, n - f.param); break;
    case R_STD: r = sqrt (a.d / fmax (0.0, n - f.param)); break;
    case R_LOGSUMEXP: r = log (a.d) + c; break;
    case R_NORM:
      use_i = false;
      r = f.k1 == K_SUM_SQ ? sqrt (a.d)
          : f.k1 == K_SUM_POW ? pow (a.d, 1.0 / f.param) : a.d;
      break;
    default: r = a.d; break;
    }
  if (f.op == R_VAR || f.op == R_STD || f.op == R_LOGSUMEXP ||
      f.op == R_MEAN)
    use_i = false;
  switch (f.out_dtype)
    {
    case GT_CUDA_F32: store_as<float> (f.out, o, r, a.i, use_i); break;
    case GT_CUDA_F64: store_as<double> (f.out, o, r, a.i, use_i); break;
    case GT_CUDA_F16: store_as<gt_half> (f.out, o, r, a.i, use_i); break;
    case GT_CUDA_BF16: store_as<gt_bf16> (f.out, o, r, a.i, use_i); break;
    case GT_CUDA_I8: store_as<int8_t> (f.out, o, r, a.i, use_i); break;
    case GT_CUDA_U8: store_as<uint8_t> (f.out, o, r, a.i, use_i); break;
    case GT_CUDA_I16: store_as<int16_t> (f.out, o, r, a.i, use_i); break;
    case GT_CUDA_I32: store_as<int32_t> (f.out, o, r, a.i, use_i); break;
    case GT_CUDA_I64: store_as<int64_t> (f.out, o, r, a.i, use_i); break;
    case GT_CUDA_BOOL: store_as<bool> (f.out, o, r, a.i, use_i); break;
    default: break;
    }
}

template <typename T>
__device__ __forceinline__ void
load_elem (const T *in, int64_t off, double &xd, int64_t &xi)
{
  T x = in[off];

  if constexpr (GtIsFloat<T>::value)
    {
      xd = gt_to_double<T> (x);
      xi = 0;
    }
  else
    {
      xi = (int64_t) x;
      xd = (double) xi;
    }
}

/* Blocks of @split per output; block (o, c) reduces chunk c of output o. */
template <typename T>
__global__ void
reduce_blocks (const T *in, GtCudaGeom kg, GtCudaGeom rg, int64_t n_out,
               int64_t n_red, int split, Pass ps, Final f, Acc *partials)
{
  int64_t chunk = (n_red + split - 1) / split;

  for (int64_t b = blockIdx.x; b < n_out * split; b += gridDim.x)
    {
      int64_t o = b / split, c = b % split;
      int64_t begin = c * chunk, end = begin + chunk < n_red ? begin + chunk : n_red;
      int64_t base = gt_offset (kg, o);
      double center = f.centers != NULL && !f.write_center ? f.centers[o] : 0.0;
      Acc a = acc_init (ps);

      for (int64_t r = begin + threadIdx.x; r < end; r += blockDim.x)
        {
          double xd;
          int64_t xi;
          load_elem<T> (in, base + gt_offset (rg, r), xd, xi);
          acc_add (a, ps, xd, xi, r, center);
        }
      a = block_reduce (a, ps);
      if (threadIdx.x == 0)
        {
          if (split > 1)
            partials[b] = a;
          else
            finish (f, o, a, center);
        }
    }
}

/* One thread per output: for many outputs whose neighbours are nearer in
 * memory than their own elements (reductions over a leading dim). */
template <typename T>
__global__ void
reduce_threads (const T *in, GtCudaGeom kg, GtCudaGeom rg, int64_t n_out,
                int64_t n_red, Pass ps, Final f)
{
  GT_CUDA_GRID_LOOP (o, n_out)
    {
      int64_t base = gt_offset (kg, o);
      double center = f.centers != NULL && !f.write_center ? f.centers[o] : 0.0;
      Acc a = acc_init (ps);

      for (int64_t r = 0; r < n_red; r++)
        {
          double xd;
          int64_t xi;
          load_elem<T> (in, base + gt_offset (rg, r), xd, xi);
          acc_add (a, ps, xd, xi, r, center);
        }
      finish (f, o, a, center);
    }
}

__global__ void
reduce_partials (const Acc *partials, int64_t n_out, int split, Pass ps,
                 Final f)
{
  GT_CUDA_GRID_LOOP (o, n_out)
    {
      Acc a = partials[o * split];
      double center = f.centers != NULL && !f.write_center ? f.centers[o] : 0.0;

      for (int c = 1; c < split; c++)
        acc_combine (a, partials[o * split + c], ps);
      finish (f, o, a, center);
    }
}

static void
plan (int op, double param, int *k1, int *k2)
{
  *k2 = -1;
  switch (op)
    {
    case R_SUM: case R_MEAN: *k1 = K_SUM; break;
    case R_PROD: *k1 = K_PROD; break;
    case R_VAR: case R_STD: *k1 = K_SUM; *k2 = K_SUM_SQDEV; break;
    case R_AMAX: *k1 = K_MAX; break;
    case R_AMIN: *k1 = K_MIN; break;
    case R_ALL: *k1 = K_ALL; break;
    case R_ANY: *k1 = K_ANY; break;
    case R_LOGSUMEXP: *k1 = K_MAX; *k2 = K_SUM_EXPDEV; break;
    case R_NORM:
      *k1 = param == 0.0 ? K_COUNT_NZ : param == 1.0 ? K_SUM_ABS
            : param == 2.0 ? K_SUM_SQ : param == INFINITY ? K_MAX_ABS
            : param == -INFINITY ? K_MIN_ABS : K_SUM_POW;
      break;
    case R_MAX: case R_ARGMAX: *k1 = K_ARGMAX; break;
    default: *k1 = K_ARGMIN; break;
    }
}

static int
int_kind (int kind)
{
  return kind == K_SUM || kind == K_PROD || kind == K_MAX || kind == K_MIN ||
         kind == K_ALL || kind == K_ANY || kind == K_ARGMAX ||
         kind == K_ARGMIN;
}

/* Dims of one group merged where memory allows (kept or reduced). */
static void
coalesce_group (const GtCudaArray *in, int first, int count, GtCudaGeom *g)
{
  GtCudaArray part = *in;

  part.ndim = count;
  for (int d = 0; d < count; d++)
    {
      part.sizes[d] = in->sizes[first + d];
      part.strides[d] = in->strides[first + d];
    }
  const GtCudaArray *arrays[1] = { &part };
  gt_cuda_coalesce (arrays, g, 1);
}

template <typename T>
static int
reduce_run (int op, const GtCudaArray *out, const GtCudaArray *indices,
            const GtCudaArray *in, int n_reduced, double param)
{
  GtCudaGeom kg, rg;
  int64_t n_out = 1, n_red = 1;
  int n_kept = in->ndim - n_reduced, k1, k2, device, n_sm = 132, split = 1;
  int is_float = GtIsFloat<T>::value, vertical, err, n_pass;
  double *centers = NULL;
  Acc *partials = NULL;

  for (int d = 0; d < in->ndim; d++)
    (d < n_kept ? n_out : n_red) *= in->sizes[d];
  if (n_out == 0 || n_red == 0)
    return cudaSuccess;
  coalesce_group (in, 0, n_kept, &kg);
  coalesce_group (in, n_kept, n_reduced, &rg);
  plan (op, param, &k1, &k2);

  /* (a failure here only keeps the guess; clear it, or the launch below
   * would report it) */
  if (cudaGetDevice (&device) != cudaSuccess ||
      cudaDeviceGetAttribute (&n_sm, cudaDevAttrMultiProcessorCount, device)
      != cudaSuccess)
    cudaGetLastError ();

  vertical = n_out >= 1024 && kg.ndim > 0 &&
             (rg.ndim == 0 || n_red < 16 ||
              llabs (kg.strides[kg.ndim - 1]) < llabs (rg.strides[rg.ndim - 1]));
  if (!vertical && n_out < 2 * n_sm)
    {
      /* Few outputs: share each one among blocks of ≥ 4096 elements. */
      int64_t want = (4 * n_sm + n_out - 1) / n_out, most = n_red / 4096;
      split = (int) (want < most ? want : most);
      if (split < 1)
        split = 1;
      if (split > 1024)
        split = 1024;
    }

  n_pass = k2 >= 0 ? 2 : 1;
  if (n_pass == 2)
    {
      err = cudaMallocAsync ((void **) &centers, n_out * sizeof (double), 0);
      if (err != cudaSuccess)
        return err;
    }
  if (split > 1)
    {
      err = cudaMallocAsync ((void **) &partials, n_out * split * sizeof (Acc), 0);
      if (err != cudaSuccess)
        {
          if (centers != NULL)
            cudaFreeAsync (centers, 0);
          return err;
        }
    }

  err = cudaSuccess;
  for (int pass = 0; pass < n_pass && err == cudaSuccess; pass++)
    {
      Pass ps;
      Final f;

      ps.kind = pass == 0 ? k1 : k2;
      /* logsumexp of integers centres on the maximum as a double (its
       * first pass's result is read from Acc.d) */
      ps.int_path = !is_float && int_kind (ps.kind) && op != R_LOGSUMEXP;
      ps.p = param;
      f.op = op;
      f.k1 = k1;
      f.is_float = is_float;
      f.param = param;
      f.n_red = (double) n_red;
      f.out = out->data;
      f.out_dtype = out->dtype;
      f.indices = indices != NULL ? (int64_t *) indices->data : NULL;
      f.centers = centers;
      f.write_center = n_pass == 2 && pass == 0;

      if (vertical)
        reduce_threads<T><<<gt_cuda_blocks (n_out, 1), GT_CUDA_THREADS>>>
          ((const T *) in->data, kg, rg, n_out, n_red, ps, f);
      else
        {
          int64_t blocks = n_out * split;
          if (blocks > 65535 * 16)
            blocks = 65535 * 16;
          reduce_blocks<T><<<(unsigned int) blocks, GT_CUDA_THREADS>>>
            ((const T *) in->data, kg, rg, n_out, n_red, split, ps, f,
             partials);
          if (split > 1)
            reduce_partials<<<gt_cuda_blocks (n_out, 1), GT_CUDA_THREADS>>>
              (partials, n_out, split, ps, f);
        }
      err = cudaGetLastError ();
    }
  if (partials != NULL)
    cudaFreeAsync (partials, 0);
  if (centers != NULL)
    cudaFreeAsync (centers, 0);
  return err;
}

extern "C" int
gt_cuda_launch_reduce (int op, const GtCudaArray *out,
                       const GtCudaArray *indices, const GtCudaArray *in,
                       int n_reduced, double param)
{
  GT_CUDA_DISPATCH_ALL (in->dtype, T,
    return reduce_run<T> (op, out, indices, in, n_reduced, param));
  return cudaSuccess;
}
