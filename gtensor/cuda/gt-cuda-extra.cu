/* The rest of the CUDA kernels: random fills and dropout (a counter-based
 * Philox4x32-10 generator keyed by a seed drawn from the core's generator
 * for every call, so gt_manual_seed makes CUDA runs repeat), cumsum, GELU,
 * leaky ReLU, layer norm, RMSprop. Formulas from the CPU kernels
 * (gt-cpu-nn.c, gt-cpu-optim-loops.h). */

#include <math.h>

#include "gt-cuda-common.cuh"

/* ---- Philox4x32-10 ---------------------------------------------------------------- */

__device__ __forceinline__ uint4
philox (uint4 c, uint2 k)
{
  for (int r = 0; r < 10; r++)
    {
      uint32_t hi0 = __umulhi (0xD2511F53u, c.x), lo0 = 0xD2511F53u * c.x;
      uint32_t hi1 = __umulhi (0xCD9E8D57u, c.z), lo1 = 0xCD9E8D57u * c.z;
      c = make_uint4 (hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
      k.x += 0x9E3779B9u;
      k.y += 0xBB67AE85u;
    }
  return c;
}

/* Four 32-bit draws for element i. */
__device__ __forceinline__ uint4
draw (uint64_t seed, int64_t i)
{
  return philox (make_uint4 ((uint32_t) i, (uint32_t) ((uint64_t) i >> 32), 0, 0),
                 make_uint2 ((uint32_t) seed, (uint32_t) (seed >> 32)));
}

/* [0, 1) with 53 bits */
__device__ __forceinline__ double
unit (uint32_t hi, uint32_t lo)
{
  uint64_t v = ((uint64_t) hi << 32 | lo) >> 11;
  return (double) v * (1.0 / 9007199254740992.0);
}

enum { RAND_UNIFORM, RAND_NORMAL, RAND_INT };

template <typename T>
__global__ void
random_kernel (T *dst, GtCudaGeom g, int64_t n, int kind, double a, double b,
               int64_t low, uint64_t range, uint64_t seed)
{
  GT_CUDA_GRID_LOOP (i, n)
    {
      uint4 r = draw (seed, i);
      T v;

      if (kind == RAND_UNIFORM)
        {
          double u = unit (r.x, r.y);
          double x = a + (b - a) * u;
          /* rounding up to b would leave the half-open range */
          v = gt_from_double<T> (x);
          if (GtIsFloat<T>::value && gt_to_double<T> (v) >= b && b > a)
            v = gt_from_double<T> (a);
        }
      else if (kind == RAND_NORMAL)
        {
          double u1 = unit (r.x, r.y), u2 = unit (r.z, r.w);
          double z = sqrt (-2.0 * log (1.0 - u1)) * cos (2.0 * M_PI * u2);
          v = gt_from_double<T> (a + b * z);
        }
      else
        {
          uint64_t u = (uint64_t) r.x << 32 | r.y;
          int64_t x = (int64_t) ((uint64_t) low + u % range);
          if constexpr (GtIsFloat<T>::value)
            v = gt_from_double<T> ((double) x);
          else
            v = (T) x;
        }
      dst[gt_offset (g, i)] = v;
    }
}

extern "C" int
gt_cuda_launch_random (const GtCudaArray *dst, int kind, double a, double b,
                       int64_t low, int64_t high, uint64_t seed)
{
  const GtCudaArray *arrays[1] = { dst };
  GtCudaGeom g;
  int64_t n = dst->numel;
  uint64_t range = (uint64_t) high - (uint64_t) low;

  if (n == 0)
    return cudaSuccess;
  if (kind == RAND_INT && range == 0)
    return cudaErrorInvalidValue;
  gt_cuda_coalesce (arrays, &g, 1);
  GT_CUDA_DISPATCH_ALL (dst->dtype, T,
    random_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) dst->data, g, n, kind, a, b, low, range, seed));
  return cudaGetLastError ();
}

/* noise = bernoulli (1 - p) / (1 - p); out = in * noise */
template <typename T>
__global__ void
dropout_kernel (T *out, GtCudaGeom og, T *noise, const T *in, GtCudaGeom ig,
                int64_t n, double p, uint64_t seed)
{
  const T scale = (T) (1.0 / (1.0 - p));

  GT_CUDA_GRID_LOOP (i, n)
    {
      uint4 r = draw (seed, i);
      T k = unit (r.x, r.y) < 1.0 - p ? scale : (T) 0;
      noise[i] = k;
      out[gt_offset (og, i)] = in[gt_offset (ig, i)] * k;
    }
}

extern "C" int
gt_cuda_launch_dropout (const GtCudaArray *out, void *noise,
                        const GtCudaArray *in, double p, uint64_t seed)
{
  GtCudaArray flat_out = *out, flat_in = *in;
  GtCudaGeom g[2];
  int64_t n = out->numel;

  if (n == 0)
    return cudaSuccess;
  /* noise is contiguous in out's logical element order, so the geometry
   * is taken as is (merging never reorders elements, but keep it plain). */
  for (int i = 0; i < 2; i++)
    {
      const GtCudaArray *a = i == 0 ? &flat_out : &flat_in;
      g[i].ndim = a->ndim;
      for (int d = 0; d < a->ndim; d++)
        {
          g[i].sizes[d] = a->sizes[d];
          g[i].strides[d] = a->strides[d];
        }
    }
  GT_CUDA_DISPATCH_FLOAT (out->dtype, T,
    dropout_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) out->data, g[0], (T *) noise, (const T *) in->data, g[1], n, p,
       seed));
  return cudaGetLastError ();
}

/* ---- cumsum along the last dim: one thread per row ------------------------------ */

/* The result dtype of cumsum: the input's for floats, int64 for the
 * integers and bool (gt-reduce.c). Floats add in double and integers in
 * int64 (wrapping), as the CPU's scan. */
template <typename T>
__global__ void
cumsum_kernel (typename std::conditional<GtIsFloat<T>::value, T, int64_t>::type *out,
               GtCudaGeom og, const T *in, GtCudaGeom ig, int64_t rows,
               int64_t len, int64_t o_step, int64_t i_step)
{
  GT_CUDA_GRID_LOOP (r, rows)
    {
      int64_t ob = gt_offset (og, r), ib = gt_offset (ig, r);

      if constexpr (GtIsFloat<T>::value)
        {
          double acc = 0.0;
          for (int64_t j = 0; j < len; j++)
            {
              acc += gt_to_double<T> (in[ib + j * i_step]);
              out[ob + j * o_step] = gt_from_double<T> (acc);
            }
        }
      else
        {
          uint64_t acc = 0;
          for (int64_t j = 0; j < len; j++)
            {
              acc += (uint64_t) (int64_t) in[ib + j * i_step];
              out[ob + j * o_step] = (int64_t) acc;
            }
        }
    }
}

template <typename T>
static int
cumsum_from (const GtCudaArray *out, const GtCudaArray *in)
{
  typedef typename std::conditional<GtIsFloat<T>::value, T, int64_t>::type O;
  GtCudaGeom og, ig;
  int k = in->ndim - 1;
  int64_t len = in->sizes[k], rows = in->numel / (len > 0 ? len : 1);

  if (out->dtype != (GtIsFloat<T>::value ? in->dtype : (int) GT_CUDA_I64))
    return cudaErrorNotSupported;
  og.ndim = ig.ndim = k;
  for (int d = 0; d < k; d++)
    {
      og.sizes[d] = ig.sizes[d] = in->sizes[d];
      og.strides[d] = out->strides[d];
      ig.strides[d] = in->strides[d];
    }
  cumsum_kernel<T><<<gt_cuda_blocks (rows, 1), GT_CUDA_THREADS>>>
    ((O *) out->data, og, (const T *) in->data, ig, rows, len,
     out->strides[k], in->strides[k]);
  return cudaGetLastError ();
}

extern "C" int
gt_cuda_launch_cumsum (const GtCudaArray *out, const GtCudaArray *in)
{
  if (in->numel == 0)
    return cudaSuccess;
  if (in->ndim == 0)
    return gt_cuda_launch_copy (out, in);
  GT_CUDA_DISPATCH_ALL (in->dtype, T, return cumsum_from<T> (out, in));
  return cudaSuccess;
}

/* ---- GELU and leaky ReLU (any strides) ------------------------------------------- */

#define K_ALPHA 0.70710678118654752440
#define K_BETA_PDF (1.12837916709551257390 * 0.70710678118654752440 * 0.5)
#define K_BETA_TANH (1.41421356237309504880 * 1.12837916709551257390 * 0.5)
#define K_KAPPA 0.044715

enum { ACT_GELU, ACT_GELU_TANH, ACT_GELU_BW, ACT_GELU_TANH_BW, ACT_LEAKY };

template <typename T>
__global__ void
act_kernel (T *o, GtCudaGeom og, const T *a, GtCudaGeom ag, const T *b,
            GtCudaGeom bg, int64_t n, int kind, double slope)
{
  GT_CUDA_GRID_LOOP (i, n)
    {
      T x = a[gt_offset (ag, i)], r;

      switch (kind)
        {
        case ACT_GELU:
          r = x * (T) 0.5 * ((T) 1 + erf (x * (T) K_ALPHA));
          break;
        case ACT_GELU_TANH:
          r = (T) 0.5 * x * ((T) 1 + tanh ((T) K_BETA_TANH * (x + (T) K_KAPPA * (x * x * x))));
          break;
        case ACT_GELU_BW:
          {
            /* a is grad_out, b the input */
            T dy = x, xi = b[gt_offset (bg, i)];
            T cdf = (T) 0.5 * ((T) 1 + erf (xi * (T) K_ALPHA));
            T pdf = (T) K_BETA_PDF * exp (xi * xi * (T) -0.5);
            r = dy * (cdf + xi * pdf);
          }
          break;
        case ACT_GELU_TANH_BW:
          {
            T dy = x, xi = b[gt_offset (bg, i)];
            T x_sq = xi * xi, x_cube = x_sq * xi;
            T inner = (T) K_BETA_TANH * (xi + (T) K_KAPPA * x_cube);
            T t = tanh (inner);
            T left = (T) 0.5 * xi, right = (T) 1 + t;
            T left_d = (T) 0.5 * right, tanh_d = (T) 1 - t * t;
            T inner_d = (T) K_BETA_TANH * ((T) 1 + (T) 3 * (T) K_KAPPA * x_sq);
            r = dy * (left_d + left * tanh_d * inner_d);
          }
          break;
        default:
          r = x > (T) 0 ? x : x * (T) slope;
          break;
        }
      o[gt_offset (og, i)] = r;
    }
}

extern "C" int
gt_cuda_launch_activation (int kind, const GtCudaArray *out,
                           const GtCudaArray *a, const GtCudaArray *b,
                           double slope)
{
  const GtCudaArray *arrays[3] = { out, a, b != NULL ? b : a };
  GtCudaGeom g[3];
  int64_t n = out->numel;

  if (n == 0)
    return cudaSuccess;
  gt_cuda_coalesce (arrays, g, 3);
  GT_CUDA_DISPATCH_FLOAT (out->dtype, T,
    act_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) out->data, g[0], (const T *) a->data, g[1],
       b != NULL ? (const T *) b->data : (const T *) NULL, g[2], n, kind,
       slope));
  return cudaGetLastError ();
}

/* ---- layer norm: rows [M, N] contiguous --------------------------------------------- */

template <typename T>
__global__ void
ln_forward_kernel (T *out, T *mean, T *rstd, const T *in, const T *w,
                   const T *b, int64_t M, int64_t N, double eps)
{
  for (int64_t i = blockIdx.x; i < M; i += gridDim.x)
    {
      const T *x = in + i * N;
      double s = 0.0, sq = 0.0, m;
      T r, mt, shift;

      for (int64_t j = threadIdx.x; j < N; j += blockDim.x)
        s += (double) x[j];
      m = gt_cuda_block_sum (s) / N;
      for (int64_t j = threadIdx.x; j < N; j += blockDim.x)
        sq += ((double) x[j] - m) * ((double) x[j] - m);
      sq = gt_cuda_block_sum (sq);
      r = (T) (1.0 / sqrt (sq / N + eps));
      mt = (T) m;
      if (threadIdx.x == 0)
        {
          mean[i] = mt;
          rstd[i] = r;
        }
      shift = -r * mt;
      for (int64_t j = threadIdx.x; j < N; j += blockDim.x)
        out[i * N + j] = (x[j] * r + shift) * (w != NULL ? w[j] : (T) 1) +
                         (b != NULL ? b[j] : (T) 0);
    }
}

template <typename T>
__global__ void
ln_backward_dx_kernel (T *dx, const T *dy, const T *in, const T *mean,
                       const T *rstd, const T *w, int64_t M, int64_t N)
{
  for (int64_t i = blockIdx.x; i < M; i += gridDim.x)
    {
      const T *x = in + i * N, *g = dy + i * N;
      const double a = (double) rstd[i], m = (double) mean[i];
      double ds = 0.0, dbs = 0.0, bb, cc;

      for (int64_t j = threadIdx.x; j < N; j += blockDim.x)
        {
          double gw = (double) g[j] * (double) (w != NULL ? w[j] : (T) 1);
          ds += gw * (double) x[j];
          dbs += gw;
        }
      ds = gt_cuda_block_sum (ds);
      dbs = gt_cuda_block_sum (dbs);
      /* torch's layer_norm_backward_frame */
      bb = (dbs * m - ds) * a * a * a / N;
      cc = -bb * m - dbs * a / N;
      for (int64_t j = threadIdx.x; j < N; j += blockDim.x)
        dx[i * N + j] = (T) (a * (double) g[j] * (double) (w != NULL ? w[j] : (T) 1)
                             + bb * (double) x[j] + cc);
    }
}

/* dw, db: one thread per column, summing over the rows in double. */
template <typename T>
__global__ void
ln_backward_dw_kernel (T *dw, T *db, const T *dy, const T *in, const T *mean,
                       const T *rstd, int64_t M, int64_t N)
{
  GT_CUDA_GRID_LOOP (j, N)
    {
      double sw = 0.0, sb = 0.0;

      for (int64_t i = 0; i < M; i++)
        {
          double g = (double) dy[i * N + j];
          sw += g * (((double) in[i * N + j] - (double) mean[i]) * (double) rstd[i]);
          sb += g;
        }
      if (dw != NULL)
        dw[j] = (T) sw;
      if (db != NULL)
        db[j] = (T) sb;
    }
}

/* One block per row (a grid-stride loop past the largest grid). */
static unsigned int
row_blocks (int64_t M)
{
  return (unsigned int) (M < 65535 * 8 ? M : 65535 * 8);
}

extern "C" int
gt_cuda_launch_layer_norm (void *out, void *mean, void *rstd, const void *in,
                           const void *w, const void *b, int dtype, int64_t M,
                           int64_t N, double eps)
{
  if (M == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    ln_forward_kernel<T><<<row_blocks (M), GT_CUDA_THREADS>>>
      ((T *) out, (T *) mean, (T *) rstd, (const T *) in, (const T *) w,
       (const T *) b, M, N, eps));
  return cudaGetLastError ();
}

extern "C" int
gt_cuda_launch_layer_norm_backward (void *dx, void *dw, void *db,
                                    const void *dy, const void *in,
                                    const void *mean, const void *rstd,
                                    const void *w, int dtype, int64_t M,
                                    int64_t N)
{
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    if (dx != NULL && M > 0)
      ln_backward_dx_kernel<T><<<row_blocks (M), GT_CUDA_THREADS>>>
        ((T *) dx, (const T *) dy, (const T *) in, (const T *) mean,
         (const T *) rstd, (const T *) w, M, N);
    if ((dw != NULL || db != NULL) && N > 0)
      ln_backward_dw_kernel<T><<<gt_cuda_blocks (N, 1), GT_CUDA_THREADS>>>
        ((T *) dw, (T *) db, (const T *) dy, (const T *) in,
         (const T *) mean, (const T *) rstd, M, N));
  return cudaGetLastError ();
}

/* ---- RMSprop ------------------------------------------------------------------------ */

template <typename T>
__global__ void
rmsprop_kernel (T *p, const T *g, T *sq, T *ga, T *buf, int64_t n,
                GtCudaRmspropArgs a)
{
  const T al = (T) a.alpha, oma = (T) (1.0 - a.alpha);
  const T wd = (T) a.weight_decay, eps = (T) a.eps;
  const T mom = (T) a.momentum, nlr = (T) -a.lr;
  const T sign = a.maximize ? (T) -1 : (T) 1;

  GT_CUDA_GRID_LOOP (i, n)
    {
      T gi = sign * g[i];
      if (a.weight_decay != 0)
        gi = fma (p[i], wd, gi);
      const T si = sq[i] * al + (oma * gi) * gi;
      T avg;
      sq[i] = si;
      if (ga != NULL)
        {
          const T gai = fma (gi, oma, ga[i] * al);
          ga[i] = gai;
          avg = sqrt (si + ((T) -1 * gai) * gai);
        }
      else
        avg = sqrt (si);
      avg = avg + eps;
      if (buf != NULL)
        {
          const T b = buf[i] * mom + ((T) 1 * gi) / avg;
          buf[i] = b;
          p[i] = fma (b, nlr, p[i]);
        }
      else
        p[i] = p[i] + (nlr * gi) / avg;
    }
}

extern "C" int
gt_cuda_launch_rmsprop (void *param, const void *grad, void *square_avg,
                        void *grad_avg, void *momentum_buffer, int dtype,
                        int64_t n, const GtCudaRmspropArgs *args)
{
  if (n == 0)
    return cudaSuccess;
  GT_CUDA_DISPATCH_FLOAT (dtype, T,
    rmsprop_kernel<T><<<gt_cuda_blocks (n, 1), GT_CUDA_THREADS>>>
      ((T *) param, (const T *) grad, (T *) square_avg, (T *) grad_avg,
       (T *) momentum_buffer, n, *args));
  return cudaGetLastError ();
}
