/*
 * libgtensor-cuda-1.0.so: the CUDA backend, loaded by gt-cuda.c with
 * GModule on first use. This file is its C side: the entry points, the
 * GtBackend table, device memory (a stream-ordered caching pool per
 * device), host <-> device transfers, cuBLAS GEMM and the glue that turns
 * GtTensors into the plain GtCudaArray descriptors the kernels (*.cu) take
 * and their cudaError_t results into GErrors.
 *
 * The module links GLib, the CUDA runtime (static) and cuBLAS, never
 * libgtensor: it is loaded into processes that have the core either as a
 * shared library or (the C tests) as object files, so it uses only the
 * core's struct layouts and inline helpers that do not call out.
 *
 * Every kernel and copy runs on the legacy default stream of the tensor's
 * device, so they are ordered with each other and with the pool's
 * stream-ordered frees; transfers to the host wait for the queued work.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gmodule.h>

#include <cuda_runtime.h>
#include <cublas_v2.h>

#include "gt-backend-private.h"
#include "gt-cuda-private.h"
#include "gt-error.h"
#include "gt-tensor-private.h"
#include "ops/gt-conv-private.h"
#include "ops/gt-index-private.h"
#include "ops/gt-loss-ops.h"
#include "ops/gt-loss-private.h"
#include "ops/gt-nn-private.h"
#include "ops/gt-pointwise-private.h"
#include "ops/gt-reduce-private.h"
#include "optim/gt-optim-private.h"

#include "gt-cuda-kernels.h"

/* The public entry points (looked up by name, so exported). */
G_MODULE_EXPORT const GtBackend    *gt_cuda_module_init   (GError **error);
G_MODULE_EXPORT const GtCudaExtras *gt_cuda_module_extras (void);

G_STATIC_ASSERT ((int) GT_DTYPE_FLOAT32 == GT_CUDA_F32);
G_STATIC_ASSERT ((int) GT_DTYPE_FLOAT64 == GT_CUDA_F64);
G_STATIC_ASSERT ((int) GT_DTYPE_FLOAT16 == GT_CUDA_F16);
G_STATIC_ASSERT ((int) GT_DTYPE_BFLOAT16 == GT_CUDA_BF16);
G_STATIC_ASSERT ((int) GT_DTYPE_INT8 == GT_CUDA_I8);
G_STATIC_ASSERT ((int) GT_DTYPE_UINT8 == GT_CUDA_U8);
G_STATIC_ASSERT ((int) GT_DTYPE_INT16 == GT_CUDA_I16);
G_STATIC_ASSERT ((int) GT_DTYPE_INT32 == GT_CUDA_I32);
G_STATIC_ASSERT ((int) GT_DTYPE_INT64 == GT_CUDA_I64);
G_STATIC_ASSERT ((int) GT_DTYPE_BOOL == GT_CUDA_BOOL);
G_STATIC_ASSERT (GT_MAX_DIMS == GT_CUDA_MAX_DIMS);
/* The kernels mirror these enums' orders; their last members pin them. */
G_STATIC_ASSERT (GT_UNARY_LOGICAL_NOT == 24);
G_STATIC_ASSERT (GT_BINARY_LOGICAL_XOR == 19);
G_STATIC_ASSERT (GT_REDUCE_ARGMIN == 14);
G_STATIC_ASSERT (GT_REDUCTION_NONE == 0 && GT_REDUCTION_MEAN == 1);

/* The core's gt_error_quark(), which this module cannot call. Not
 * g_quark_from_static_string: the module is unloaded again when it finds
 * no device, and GLib's quark table would keep a pointer into it. */
#define CUDA_GT_ERROR (g_quark_from_string ("gt-error-quark"))

static const gsize element_sizes[GT_CUDA_N_DTYPES] = {
  4, 8, 2, 2, 1, 1, 2, 4, 8, 1
};

static gint n_devices;
static gint allow_tf32;            /* atomic */
static gint64 allocated[64];       /* atomic, bytes in use per device */

/* ---- errors ---------------------------------------------------------------- */

static gboolean
cuda_failed (const char  *func,
             cudaError_t  err,
             GError     **error)
{
  /* The runtime remembers the failure as its "last error" until it is
   * read: clear it, or the next kernel launch (which checks
   * cudaGetLastError) would report this error as its own. Sticky errors
   * (a broken context) stay. */
  cudaGetLastError ();
  if (err == cudaErrorMemoryAllocation)
    g_set_error (error, CUDA_GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
                 "%s: CUDA out of memory (%s)", func,
                 cudaGetErrorString (err));
  else
    g_set_error (error, CUDA_GT_ERROR, GT_ERROR_CUDA, "%s: CUDA error %s: %s",
                 func, cudaGetErrorName (err), cudaGetErrorString (err));
  return FALSE;
}

#define CUDA_CHECK(func, call)                                               \
  G_STMT_START {                                                             \
    cudaError_t err_ = (cudaError_t) (call);                                 \
    if (err_ != cudaSuccess)                                                 \
      return cuda_failed ((func), err_, error);                              \
  } G_STMT_END

static gboolean
not_supported (const char  *func,
               const char  *what,
               GError     **error)
{
  g_set_error (error, CUDA_GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: %s is not supported on the CUDA backend", func, what);
  return FALSE;
}

static gboolean
use_device (const char  *func,
            gint         device,
            GError     **error)
{
  CUDA_CHECK (func, cudaSetDevice (device < 0 ? 0 : device));
  return TRUE;
}

static gboolean
use_tensor_device (const char  *func,
                   GtTensor    *t,
                   GError     **error)
{
  return use_device (func, t->storage->device.index, error);
}

static gboolean
float_only (const char  *func,
            GtTensor    *t,
            GError     **error)
{
  if (t->dtype == GT_DTYPE_FLOAT32 || t->dtype == GT_DTYPE_FLOAT64)
    return TRUE;
  g_set_error (error, CUDA_GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: only float32 and float64 are supported on the CUDA "
               "backend", func);
  return FALSE;
}

/* The prologue of an entry: @t's dtype float32/float64 where @floats,
 * then @t's device made current for the launches that follow. */
static gboolean
enter (const char  *func,
       GtTensor    *t,
       gboolean     floats,
       GError     **error)
{
  return (!floats || float_only (func, t, error)) &&
         use_tensor_device (func, t, error);
}

/* The epilogue: a launcher's status as a GError. Written as
 * `enter (...) && launched (func, gt_cuda_launch_x (...), error)`, so that
 * the launch runs only after the prologue succeeded. */
static gboolean
launched (const char  *func,
          int          err,
          GError     **error)
{
  return err == cudaSuccess || cuda_failed (func, (cudaError_t) err, error);
}

/* As launched(), with cudaErrorNotSupported (a launcher's limit) as
 * GT_ERROR_NOT_SUPPORTED naming @what. */
static gboolean
launched_within (const char  *func,
                 int          err,
                 const char  *what,
                 GError     **error)
{
  if (err == cudaErrorNotSupported)
    return not_supported (func, what, error);
  return launched (func, err, error);
}

/* ---- tensors as kernel descriptors -------------------------------------------- */

/* The first element of @t's view (its storage offset applied). */
static gpointer
data_of (GtTensor *t)
{
  return t->storage->data + t->offset * (gint64) element_sizes[t->dtype];
}

static GtCudaArray
array_of (GtTensor *t)
{
  GtCudaArray a;

  a.data = data_of (t);
  a.dtype = (int) t->dtype;
  a.ndim = (int) t->ndim;
  a.numel = t->numel;
  for (guint d = 0; d < t->ndim; d++)
    {
      a.sizes[d] = t->sizes[d];
      a.strides[d] = t->strides[d];
    }
  return a;
}

static gpointer
data_or_null (GtTensor *t)
{
  return t != NULL ? data_of (t) : NULL;
}

/* The descriptor of an optional tensor, kept in @a; NULL for none. */
static const GtCudaArray *
array_or_null (GtTensor    *t,
               GtCudaArray *a)
{
  if (t == NULL)
    return NULL;
  *a = array_of (t);
  return a;
}

/* ---- devices and memory ----------------------------------------------------------- */

static guint64 cuda_memory_allocated (gint device);

static gint
cuda_device_count (void)
{
  return n_devices;
}

static gpointer
cuda_alloc (gint     device,
            gsize    nbytes,
            GError **error)
{
  gpointer p = NULL;
  cudaError_t err;
  /* Every tensor gets a unique, 256-byte aligned pointer, also when empty. */
  gsize size = MAX (nbytes, 1);

  if (!use_device ("gt_cuda_alloc", device, error))
    return NULL;
  err = cudaMallocAsync (&p, size, 0);
  if (err == cudaErrorMemoryAllocation)
    {
      /* The pool's cached blocks may be fragmented: give them back and
       * try once more, as torch's allocator does. */
      cudaGetLastError ();
      cudaDeviceSynchronize ();
      {
        cudaMemPool_t pool;
        if (cudaDeviceGetDefaultMemPool (&pool, device) == cudaSuccess)
          cudaMemPoolTrimTo (pool, 0);
      }
      err = cudaMallocAsync (&p, size, 0);
    }
  if (err != cudaSuccess)
    {
      cudaGetLastError ();
      if (err == cudaErrorMemoryAllocation)
        g_set_error (error, CUDA_GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
                     "CUDA out of memory: cannot allocate %" G_GSIZE_FORMAT
                     " bytes on cuda:%d (%" G_GINT64_FORMAT " bytes in use "
                     "by tensors)", nbytes, device,
                     (gint64) cuda_memory_allocated (device));
      else
        cuda_failed ("gt_cuda_alloc", err, error);
      return NULL;
    }
  if (device >= 0 && device < (gint) G_N_ELEMENTS (allocated))
    __atomic_fetch_add (&allocated[device], (gint64) nbytes, __ATOMIC_RELAXED);
  return p;
}

static void
cuda_free (gint     device,
           gpointer data,
           gsize    nbytes)
{
  if (data == NULL)
    return;
  if (cudaSetDevice (device < 0 ? 0 : device) != cudaSuccess)
    {
      cudaGetLastError ();
      return;
    }
  /* Stream-ordered: the block returns to the pool once the kernels queued
   * before this point are done with it. Errors here (a context torn down
   * at exit) leave nothing to do. */
  if (cudaFreeAsync (data, 0) != cudaSuccess)
    cudaGetLastError ();
  if (device >= 0 && device < (gint) G_N_ELEMENTS (allocated))
    __atomic_fetch_sub (&allocated[device], (gint64) nbytes, __ATOMIC_RELAXED);
}

static gboolean
cuda_upload (gint          device,
             gpointer      dst,
             gconstpointer src,
             gsize         nbytes,
             GError      **error)
{
  if (!use_device ("gt_cuda_upload", device, error))
    return FALSE;
  CUDA_CHECK ("gt_tensor_to_device (host to CUDA)",
              cudaMemcpy (dst, src, nbytes, cudaMemcpyHostToDevice));
  return TRUE;
}

static gboolean
cuda_download (gint          device,
               gpointer      dst,
               gconstpointer src,
               gsize         nbytes,
               GError      **error)
{
  if (!use_device ("gt_cuda_download", device, error))
    return FALSE;
  /* Waits for the kernels that write src, and reports their errors. */
  CUDA_CHECK ("gt_tensor_to_device (CUDA to host)",
              cudaMemcpy (dst, src, nbytes, cudaMemcpyDeviceToHost));
  return TRUE;
}

static guint64
cuda_memory_allocated (gint device)
{
  if (device < 0 || device >= (gint) G_N_ELEMENTS (allocated))
    return 0;
  return (guint64) __atomic_load_n (&allocated[device], __ATOMIC_RELAXED);
}

static guint64
cuda_memory_reserved (gint device)
{
  cudaMemPool_t pool;
  guint64 reserved = 0;   /* cuuint64_t */

  if (cudaDeviceGetDefaultMemPool (&pool, device) != cudaSuccess ||
      cudaMemPoolGetAttribute (pool, cudaMemPoolAttrReservedMemCurrent,
                               &reserved) != cudaSuccess)
    {
      cudaGetLastError ();
      return 0;
    }
  return (guint64) reserved;
}

static void
cuda_empty_cache (void)
{
  for (gint d = 0; d < n_devices; d++)
    {
      cudaMemPool_t pool;

      if (cudaSetDevice (d) != cudaSuccess ||
          cudaDeviceGetDefaultMemPool (&pool, d) != cudaSuccess)
        continue;
      /* Blocks freed by queued work return to the pool once it is done. */
      cudaDeviceSynchronize ();
      cudaMemPoolTrimTo (pool, 0);
    }
  cudaGetLastError ();
}

static gboolean
cuda_synchronize (gint      device,
                  GError  **error)
{
  if (!use_device ("gt_cuda_synchronize", device, error))
    return FALSE;
  CUDA_CHECK ("gt_cuda_synchronize", cudaDeviceSynchronize ());
  return TRUE;
}

/* A contiguous scratch array shaped as @a (any dtype) in @out, holding a
 * copy of @a's elements when @copy; freed with scratch_free once the work
 * that reads it is queued. On failure @out->data is NULL (nothing to
 * free: never @a's own data). */
static gboolean
scratch_contiguous (const char        *func,
                    const GtCudaArray *a,
                    GtCudaArray       *out,
                    gboolean           copy,
                    GError           **error)
{
  gsize esize = element_sizes[a->dtype];
  gint64 stride = 1;
  gpointer data = NULL;
  cudaError_t err;

  *out = *a;
  out->data = NULL;
  for (gint d = a->ndim - 1; d >= 0; d--)
    {
      out->strides[d] = stride;
      stride *= MAX (a->sizes[d], 1);
    }
  err = cudaMallocAsync (&data, MAX ((gsize) a->numel * esize, 1), 0);
  if (err != cudaSuccess)
    return cuda_failed (func, err, error);
  out->data = data;
  if (copy && (err = (cudaError_t) gt_cuda_launch_copy (out, a)) != cudaSuccess)
    {
      cudaFreeAsync (out->data, 0);
      out->data = NULL;
      return cuda_failed (func, err, error);
    }
  return TRUE;
}

static void
scratch_free (GtCudaArray *a)
{
  if (a->data != NULL && cudaFreeAsync (a->data, 0) != cudaSuccess)
    cudaGetLastError ();
  a->data = NULL;
}

/* ---- copies and fills ----------------------------------------------------------- */

static gboolean
cuda_copy (GtTensor  *dst,
           GtTensor  *src,
           GError   **error)
{
  const char *func = "gt_tensor_copy_";
  GtCudaArray d = array_of (dst), s = array_of (src);

  return enter (func, dst, FALSE, error) &&
         launched (func, gt_cuda_launch_copy (&d, &s), error);
}

static gboolean
cuda_copy_many (GtTensor **dsts,
                GtTensor **srcs,
                guint      n,
                GError   **error)
{
  for (guint i = 0; i < n; i++)
    if (!cuda_copy (dsts[i], srcs[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
cuda_fill (GtTensor  *dst,
           gdouble    value,
           GError   **error)
{
  const char *func = "gt_tensor_fill_";
  GtCudaArray d = array_of (dst);

  return enter (func, dst, FALSE, error) &&
         launched (func, gt_cuda_launch_fill (&d, value), error);
}

static gboolean
cuda_arange (GtTensor  *dst,
             gdouble    start,
             gdouble    step,
             GError   **error)
{
  const char *func = "gt_arange";
  GtCudaArray d = array_of (dst);

  return enter (func, dst, FALSE, error) &&
         launched (func, gt_cuda_launch_arange (&d, start, step), error);
}

static gboolean
cuda_linspace (GtTensor  *dst,
               gdouble    start,
               gdouble    end,
               GError   **error)
{
  const char *func = "gt_linspace";
  GtCudaArray d = array_of (dst);

  return enter (func, dst, FALSE, error) &&
         launched (func, gt_cuda_launch_linspace (&d, start, end), error);
}

/* ---- pointwise --------------------------------------------------------------- */

/* The op names for messages (the core's tables are not exported). */
static const char *const unary_names[GT_UNARY_N_OPS] = {
  "gt_tensor_exp", "gt_tensor_log", "gt_tensor_log2", "gt_tensor_log1p",
  "gt_tensor_expm1", "gt_tensor_sqrt", "gt_tensor_rsqrt", "gt_tensor_sin",
  "gt_tensor_cos", "gt_tensor_tanh", "gt_tensor_sigmoid",
  "gt_tensor_reciprocal", "gt_tensor_abs", "gt_tensor_neg", "gt_tensor_sign",
  "gt_tensor_round", "gt_tensor_floor", "gt_tensor_ceil", "gt_tensor_trunc",
  "gt_tensor_relu", "gt_tensor_square", "gt_tensor_nan_to_num",
  "gt_tensor_isnan", "gt_tensor_isinf", "gt_tensor_logical_not",
};
static const char *const binary_names[GT_BINARY_N_OPS] = {
  "gt_tensor_add", "gt_tensor_sub", "gt_tensor_mul", "gt_tensor_div",
  "gt_tensor_div (trunc)", "gt_tensor_div (floor)", "gt_tensor_pow",
  "gt_tensor_maximum", "gt_tensor_minimum", "gt_tensor_remainder",
  "gt_tensor_atan2", "gt_tensor_eq", "gt_tensor_ne", "gt_tensor_lt",
  "gt_tensor_le", "gt_tensor_gt", "gt_tensor_ge", "gt_tensor_logical_and",
  "gt_tensor_logical_or", "gt_tensor_logical_xor",
};
static const char *const reduce_names[GT_REDUCE_N_OPS] = {
  "gt_tensor_sum", "gt_tensor_prod", "gt_tensor_mean", "gt_tensor_var",
  "gt_tensor_std", "gt_tensor_amax", "gt_tensor_amin", "gt_tensor_all",
  "gt_tensor_any", "gt_tensor_logsumexp", "gt_tensor_norm", "gt_tensor_max",
  "gt_tensor_min", "gt_tensor_argmax", "gt_tensor_argmin",
};

static gboolean
cuda_unary (GtUnaryOp            op,
            GtTensor            *out,
            GtTensor            *in,
            const GtUnaryParams *params,
            GError             **error)
{
  GtCudaArray o = array_of (out), x = array_of (in);
  GtCudaUnaryParams p = { 0, 0.0, 0.0, 0.0 };

  if (params != NULL)
    {
      p.decimals = params->decimals;
      p.nan = params->nan;
      p.posinf = params->posinf;
      p.neginf = params->neginf;
    }
  return enter (unary_names[op], out, FALSE, error) &&
         launched (unary_names[op], gt_cuda_launch_unary (op, &o, &x, &p),
                   error);
}

static gboolean
cuda_binary (GtBinaryOp  op,
             GtTensor   *out,
             GtTensor   *a,
             GtTensor   *b,
             gdouble     alpha,
             GError    **error)
{
  GtCudaArray o = array_of (out), xa = array_of (a), xb = array_of (b);
  int zero_divisor = 0;

  if (!enter (binary_names[op], out, FALSE, error) ||
      !launched (binary_names[op],
                 gt_cuda_launch_binary (op, &o, &xa, &xb, alpha, &zero_divisor),
                 error))
    return FALSE;
  if (zero_divisor)
    {
      g_set_error (error, CUDA_GT_ERROR, GT_ERROR_VALUE,
                   "%s: ZeroDivisionError", binary_names[op]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
cuda_where (GtTensor  *out,
            GtTensor  *cond,
            GtTensor  *a,
            GtTensor  *b,
            GError   **error)
{
  GtCudaArray o = array_of (out), c = array_of (cond);
  GtCudaArray xa = array_of (a), xb = array_of (b);

  return enter ("gt_where", out, FALSE, error) &&
         launched ("gt_where", gt_cuda_launch_where (&o, &c, &xa, &xb), error);
}

static gboolean
cuda_clamp (GtTensor  *out,
            GtTensor  *in,
            GtTensor  *lo,
            GtTensor  *hi,
            gboolean   tensor_bounds,
            GError   **error)
{
  const char *func = "gt_tensor_clamp";
  GtCudaArray o = array_of (out), x = array_of (in), l, h;

  return enter (func, out, FALSE, error) &&
         launched (func, gt_cuda_launch_clamp (&o, &x, array_or_null (lo, &l),
                                               array_or_null (hi, &h),
                                               tensor_bounds), error);
}

/* ---- reductions -------------------------------------------------------------- */

static gboolean
cuda_reduce (guint      op,
             GtTensor  *out,
             GtTensor  *indices,
             GtTensor  *in,
             guint      n_reduced,
             gdouble    param,
             GError   **error)
{
  GtCudaArray o = array_of (out), x = array_of (in), idx;
  const char *func = reduce_names[op];

  return enter (func, out, FALSE, error) &&
         launched (func, gt_cuda_launch_reduce ((int) op, &o,
                                                array_or_null (indices, &idx),
                                                &x, (int) n_reduced, param),
                   error);
}

/* ---- index ops -------------------------------------------------------------- */

/* gt_index_out_of_bounds' message (that inline calls the core). */
static gboolean
check_index (const char  *func,
             GtTensor    *index,
             guint        dim,
             gint64       size,
             gboolean     wrap,
             GError     **error)
{
  GtCudaArray x = array_of (index);
  int bad = 0;
  gint64 value = 0;

  if (!launched (func, gt_cuda_launch_check_index (&x, size, wrap, &bad, &value),
                 error))
    return FALSE;
  if (bad)
    {
      g_set_error (error, CUDA_GT_ERROR, GT_ERROR_INDEX,
                   "%s: index %" G_GINT64_FORMAT " is out of bounds for "
                   "dimension %u with size %" G_GINT64_FORMAT, func, value, dim,
                   size);
      return FALSE;
    }
  return TRUE;
}

/* gather (@scatter FALSE: @a = out, @b = src) and scatter (@a = dst,
 * @b = src), after the index check. */
static gboolean
gather_scatter (gboolean     scatter,
                GtTensor    *a,
                GtTensor    *b,
                GtTensor    *index,
                guint        dim,
                gint64       size,
                gint64       stride,
                guint        flags,
                const char  *func,
                GError     **error)
{
  GtCudaArray xa = array_of (a), xb = array_of (b), x = array_of (index);
  gboolean accumulate = scatter && (flags & GT_INDEX_ACCUMULATE) != 0;

  return enter (func, a, FALSE, error) &&
         check_index (func, index, dim, size, (flags & GT_INDEX_WRAP) != 0,
                      error) &&
         launched (func, gt_cuda_launch_gather_scatter (scatter, accumulate,
                                                        &xa, &xb, &x, size,
                                                        stride), error);
}

/* The two table entries (one signature): gather_scatter's. */
#define CUDA_GATHER_SCATTER_ENTRY(name, is_scatter)                           \
  static gboolean                                                             \
  name (GtTensor *a, GtTensor *b, GtTensor *index, guint dim, gint64 size,    \
        gint64 stride, guint flags, const char *func, GError **error)         \
  {                                                                           \
    return gather_scatter (is_scatter, a, b, index, dim, size, stride, flags, \
                           func, error);                                      \
  }

CUDA_GATHER_SCATTER_ENTRY (cuda_gather, FALSE)
CUDA_GATHER_SCATTER_ENTRY (cuda_scatter, TRUE)

static gboolean
cuda_index_offsets (GtTensor    *offsets,
                    GtTensor    *index,
                    guint        dim,
                    gint64       size,
                    gint64       stride,
                    const char  *func,
                    GError     **error)
{
  GtCudaArray o = array_of (offsets), x = array_of (index);

  return enter (func, offsets, FALSE, error) &&
         check_index (func, index, dim, size, TRUE, error) &&
         launched (func, gt_cuda_launch_index_offsets (&o, &x, size, stride),
                   error);
}

static gboolean
cuda_index_range (GtTensor  *index,
                  gint64    *min,
                  gint64    *max,
                  GError   **error)
{
  const char *func = "gt_tensor_index";
  GtCudaArray x = array_of (index);

  return enter (func, index, FALSE, error) &&
         launched (func, gt_cuda_launch_index_range (&x, min, max), error);
}

static gboolean
cuda_masked_fill (GtTensor  *dst,
                  GtTensor  *mask,
                  GtTensor  *value,
                  GError   **error)
{
  const char *func = "gt_tensor_masked_fill_";
  GtCudaArray d = array_of (dst), m = array_of (mask);

  return enter (func, dst, FALSE, error) &&
         launched (func, gt_cuda_launch_masked_fill (&d, &m, data_of (value)),
                   error);
}

static gboolean
cuda_count_nonzero (GtTensor  *src,
                    gint64    *count,
                    GError   **error)
{
  const char *func = "gt_tensor_count_nonzero";
  GtCudaArray s = array_of (src);

  return enter (func, src, FALSE, error) &&
         launched (func, gt_cuda_launch_count_nonzero (&s, count), error);
}

/* ---- sorting and selection ------------------------------------------------------ */

#define CUDA_SORT_LIMIT "more than 2^31 elements"

static gboolean
sort_common (const char  *func,
             GtTensor    *values,
             GtTensor    *indices,
             GtTensor    *in,
             gint64       k,
             gboolean     descending,
             GError     **error)
{
  GtCudaArray v, i, x = array_of (in);

  return enter (func, in, FALSE, error) &&
         launched_within (func, gt_cuda_launch_sort (array_or_null (values, &v),
                                                     array_or_null (indices, &i),
                                                     &x, k, descending),
                          CUDA_SORT_LIMIT, error);
}

static gboolean
cuda_sort (GtTensor  *values,
           GtTensor  *indices,
           GtTensor  *in,
           gboolean   descending,
           gboolean   stable,
           GError   **error)
{
  /* always stable */
  return sort_common ("gt_tensor_sort", values, indices, in,
                      in->ndim > 0 ? in->sizes[in->ndim - 1] : 1, descending,
                      error);
}

static gboolean
cuda_topk (GtTensor  *values,
           GtTensor  *indices,
           GtTensor  *in,
           gint64     k,
           gboolean   largest,
           gboolean   sorted,
           GError   **error)
{
  /* always sorted */
  return sort_common ("gt_tensor_topk", values, indices, in, k, largest, error);
}

/* masked_select (@mask given) and nonzero (@mask NULL) */
static gboolean
select_common (const char  *func,
               GtTensor    *out,
               GtTensor    *src,
               GtTensor    *mask,
               GError     **error)
{
  GtCudaArray o = array_of (out), s = array_of (src), m;

  return enter (func, src, FALSE, error) &&
         launched_within (func, gt_cuda_launch_select (mask != NULL ? 0 : 1,
                                                       &o, &s,
                                                       array_or_null (mask, &m)),
                          CUDA_SORT_LIMIT, error);
}

static gboolean
cuda_masked_select (GtTensor  *out,
                    GtTensor  *src,
                    GtTensor  *mask,
                    GError   **error)
{
  return select_common ("gt_tensor_masked_select", out, src, mask, error);
}

static gboolean
cuda_nonzero (GtTensor  *out,
              GtTensor  *src,
              GError   **error)
{
  return select_common ("gt_tensor_nonzero", out, src, NULL, error);
}

/* ---- GEMM through cuBLAS ------------------------------------------------------- */

static GMutex blas_lock;            /* guards the handles and their use */
static cublasHandle_t blas_handles[64];

static gboolean
blas_failed (const char     *func,
             cublasStatus_t  status,
             GError        **error)
{
  g_set_error (error, CUDA_GT_ERROR, GT_ERROR_CUDA, "%s: cuBLAS error %s: %s",
               func, cublasGetStatusName (status),
               cublasGetStatusString (status));
  return FALSE;
}

/* A matrix of @rows x @cols with strides @s0 (rows) and @s1 (columns) as
 * cuBLAS sees it: row-major (*trans = FALSE) or column-major, with its
 * leading dimension; FALSE if it is neither (it must be copied). */
static gboolean
blas_layout (gint64    rows,
             gint64    cols,
             gint64    s0,
             gint64    s1,
             gboolean *col_major,
             gint64   *ld)
{
  if ((s1 == 1 || cols == 1) && (rows == 1 || s0 >= MAX (cols, 1)))
    {
      *col_major = FALSE;
      *ld = rows == 1 ? MAX (cols, 1) : s0;
      return TRUE;
    }
  if ((s0 == 1 || rows == 1) && (cols == 1 || s1 >= MAX (rows, 1)))
    {
      *col_major = TRUE;
      *ld = cols == 1 ? MAX (rows, 1) : s1;
      return TRUE;
    }
  return FALSE;
}

/* The batch dims of @a as one stride, if they are evenly spaced. */
static gboolean
batch_stride (const GtCudaArray *a,
              gint64            *stride)
{
  gint nb = a->ndim - 2;
  gint64 s = 0;
  gboolean first = TRUE;

  for (gint d = nb - 1; d >= 0; d--)
    {
      gint64 inner = 1;

      if (a->sizes[d] == 1)
        continue;
      if (first)
        {
          s = a->strides[d];
          first = FALSE;
          /* The dims after it (size 1 skipped) must chain onto it. */
          continue;
        }
      for (gint e = d + 1; e < nb; e++)
        inner *= a->sizes[e];
      if (a->strides[d] != s * inner)
        return FALSE;
    }
  *stride = s;
  return TRUE;
}

/* The device's cuBLAS handle with blas_lock held (unlock after the
 * call), or NULL with the lock released. */
static cublasHandle_t
blas_lock_handle (const char  *func,
                  gint         device,
                  GError     **error)
{
  cublasStatus_t st = CUBLAS_STATUS_SUCCESS;

  device = CLAMP (device, 0, (gint) G_N_ELEMENTS (blas_handles) - 1);
  g_mutex_lock (&blas_lock);
  if (blas_handles[device] == NULL)
    {
      st = cublasCreate (&blas_handles[device]);
      /* No TF32 unless the compute type asks for it. */
      if (st == CUBLAS_STATUS_SUCCESS)
        st = cublasSetMathMode (blas_handles[device], CUBLAS_DEFAULT_MATH);
      if (st != CUBLAS_STATUS_SUCCESS && blas_handles[device] != NULL)
        {
          cublasDestroy (blas_handles[device]);
          blas_handles[device] = NULL;
        }
    }
  if (st == CUBLAS_STATUS_SUCCESS)
    st = cublasSetStream (blas_handles[device], 0);
  if (st != CUBLAS_STATUS_SUCCESS)
    {
      g_mutex_unlock (&blas_lock);
      blas_failed (func, st, error);
      return NULL;
    }
  return blas_handles[device];
}

static cudaDataType_t
blas_type (GtDType dtype)
{
  switch (dtype)
    {
    case GT_DTYPE_FLOAT64: return CUDA_R_64F;
    case GT_DTYPE_FLOAT16: return CUDA_R_16F;
    case GT_DTYPE_BFLOAT16: return CUDA_R_16BF;
    default: return CUDA_R_32F;
    }
}

/* Whether cuBLAS can address @x ([batch..., rows, cols]) in place: its
 * batches evenly strided (@bs), a row- or column-major matrix with a
 * leading dimension (@ld) that fits cuBLAS's int. */
static gboolean
blas_operand (const GtCudaArray *x,
              gint64             rows,
              gint64             cols,
              gboolean          *col_major,
              gint64            *ld,
              gint64            *bs)
{
  gint nd = x->ndim;

  return batch_stride (x, bs) &&
         blas_layout (rows, cols, x->strides[nd - 2], x->strides[nd - 1],
                      col_major, ld) &&
         *ld <= G_MAXINT;
}

/* @x itself when cuBLAS can read it, else a contiguous copy in @scratch
 * (NULL on failure). */
static const GtCudaArray *
blas_input (const char        *func,
            const GtCudaArray *x,
            GtCudaArray       *scratch,
            gint64             rows,
            gint64             cols,
            gboolean          *col_major,
            gint64            *ld,
            gint64            *bs,
            GError           **error)
{
  if (blas_operand (x, rows, cols, col_major, ld, bs))
    return x;
  if (!scratch_contiguous (func, x, scratch, TRUE, error))
    return NULL;
  blas_operand (scratch, rows, cols, col_major, ld, bs);
  return scratch;
}

static gboolean
cuda_gemm (GtTensor  *out,
           GtTensor  *a,
           GtTensor  *b,
           gdouble    alpha,
           gdouble    beta,
           GError   **error)
{
  const char *func = "gt_tensor_matmul";
  GtCudaArray o = array_of (out), xa = array_of (a), xb = array_of (b);
  GtCudaArray ca = { 0 }, cb = { 0 }, co = { 0 };
  gint nd = out->ndim, device = out->storage->device.index;
  gint64 m = out->sizes[nd - 2], n = out->sizes[nd - 1], k = a->sizes[nd - 1];
  gint64 batch = 1, sa = 0, sb = 0, so = 0, lda = 1, ldb = 1, ldc = 1;
  gboolean a_col = FALSE, b_col = FALSE, o_col = FALSE, ok = FALSE;
  const GtCudaArray *pa, *pb, *po = &o;
  cublasHandle_t handle;
  cublasStatus_t st;
  cublasComputeType_t compute;
  float alpha_f = (float) alpha, beta_f = (float) beta;
  gconstpointer alpha_p = &alpha_f, beta_p = &beta_f;

  if (!use_device (func, device, error))
    return FALSE;
  if (out->dtype != GT_DTYPE_FLOAT32 && out->dtype != GT_DTYPE_FLOAT64 &&
      out->dtype != GT_DTYPE_FLOAT16 && out->dtype != GT_DTYPE_BFLOAT16)
    return launched (func, gt_cuda_launch_gemm_int (&o, &xa, &xb, alpha, beta),
                     error);
  for (gint d = 0; d < nd - 2; d++)
    batch *= out->sizes[d];
  if (batch == 0 || m == 0 || n == 0)
    return TRUE;
  if (m > G_MAXINT || n > G_MAXINT || k > G_MAXINT || batch > G_MAXINT)
    return not_supported (func, "a matrix dimension above 2^31", error);

  /* Operands cuBLAS cannot address are compacted first. */
  if ((pa = blas_input (func, &xa, &ca, m, k, &a_col, &lda, &sa, error)) == NULL ||
      (pb = blas_input (func, &xb, &cb, k, n, &b_col, &ldb, &sb, error)) == NULL)
    goto out;
  if (!blas_operand (po, m, n, &o_col, &ldc, &so) || o_col ||
      (batch > 1 && so == 0))
    {
      /* The result goes to a row-major scratch (holding out's values when
       * beta reads them), then into out. */
      if (!scratch_contiguous (func, &o, &co, beta != 0.0, error))
        goto out;
      po = &co;
      blas_operand (po, m, n, &o_col, &ldc, &so);
    }
  /* K == 0: cuBLAS scales C by beta; its leading dimensions must still be
   * at least 1. */
  lda = MAX (lda, 1);
  ldb = MAX (ldb, 1);

  if (out->dtype == GT_DTYPE_FLOAT64)
    {
      compute = CUBLAS_COMPUTE_64F;
      alpha_p = &alpha;
      beta_p = &beta;
    }
  else if (out->dtype == GT_DTYPE_FLOAT32 && g_atomic_int_get (&allow_tf32))
    compute = CUBLAS_COMPUTE_32F_FAST_TF32;
  else
    compute = CUBLAS_COMPUTE_32F;

  handle = blas_lock_handle (func, device, error);
  if (handle == NULL)
    goto out;
  /* Row-major C = A B is column-major C^T = B^T A^T: cuBLAS gets B first.
   * A row-major operand read as column-major is already transposed. */
  st = cublasGemmStridedBatchedEx (handle,
                                   b_col ? CUBLAS_OP_T : CUBLAS_OP_N,
                                   a_col ? CUBLAS_OP_T : CUBLAS_OP_N,
                                   (int) n, (int) m, (int) k, alpha_p,
                                   pb->data, blas_type (out->dtype), (int) ldb,
                                   sb, pa->data, blas_type (out->dtype),
                                   (int) lda, sa, beta_p, po->data,
                                   blas_type (out->dtype), (int) ldc, so,
                                   (int) batch, compute, CUBLAS_GEMM_DEFAULT);
  g_mutex_unlock (&blas_lock);
  if (st != CUBLAS_STATUS_SUCCESS)
    {
      blas_failed (func, st, error);
      goto out;
    }
  ok = po != &co || launched (func, gt_cuda_launch_copy (&o, &co), error);

out:
  scratch_free (&ca);
  scratch_free (&cb);
  scratch_free (&co);
  return ok;
}

/* Row-major C [m, n] = alpha op(A) op(B) + beta C on device pointers of
 * float32 or float64 (op(X) = X^T when trans_x), leading dimensions as
 * stored. TF32 follows gt_cuda_set_allow_tf32. */
static gboolean
blas_gemm_rm (const char     *func,
              gint            device,
              GtDType         dtype,
              gboolean        trans_a,
              gboolean        trans_b,
              gint64          m,
              gint64          n,
              gint64          k,
              gdouble         alpha,
              gconstpointer   a,
              gint64          lda,
              gconstpointer   b,
              gint64          ldb,
              gdouble         beta,
              gpointer        c,
              gint64          ldc,
              GError        **error)
{
  cublasHandle_t handle;
  cublasStatus_t st;
  float alpha_f = (float) alpha, beta_f = (float) beta;
  gboolean f64 = dtype == GT_DTYPE_FLOAT64;
  cublasComputeType_t compute = f64 ? CUBLAS_COMPUTE_64F
    : g_atomic_int_get (&allow_tf32) ? CUBLAS_COMPUTE_32F_FAST_TF32
    : CUBLAS_COMPUTE_32F;

  if (m == 0 || n == 0)
    return TRUE;
  if (m > G_MAXINT || n > G_MAXINT || k > G_MAXINT || lda > G_MAXINT ||
      ldb > G_MAXINT || ldc > G_MAXINT)
    return not_supported (func, "a matrix dimension above 2^31", error);
  handle = blas_lock_handle (func, device, error);
  if (handle == NULL)
    return FALSE;
  /* Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T. */
  st = cublasGemmEx (handle, trans_b ? CUBLAS_OP_T : CUBLAS_OP_N,
                     trans_a ? CUBLAS_OP_T : CUBLAS_OP_N,
                     (int) n, (int) m, (int) k,
                     f64 ? (gconstpointer) &alpha : (gconstpointer) &alpha_f,
                     b, blas_type (dtype), (int) MAX (ldb, 1),
                     a, blas_type (dtype), (int) MAX (lda, 1),
                     f64 ? (gconstpointer) &beta : (gconstpointer) &beta_f,
                     c, blas_type (dtype), (int) MAX (ldc, 1),
                     compute, CUBLAS_GEMM_DEFAULT);
  g_mutex_unlock (&blas_lock);
  if (st != CUBLAS_STATUS_SUCCESS)
    return blas_failed (func, st, error);
  return TRUE;
}

/* ---- conv2d (im2col + cuBLAS) and pooling ----------------------------------- */

static GtCudaWindow
window_of (const GtWindow2d *w)
{
  GtCudaWindow cw = { w->kh, w->kw, w->sh, w->sw, w->ph, w->pw, w->dh, w->dw };
  return cw;
}

/* A 1x1 window that maps the [H, W] plane onto an equal output plane: the
 * image is its own im2col matrix. */
static gboolean
window_is_identity (const GtWindow2d *w,
                    gint64            H,
                    gint64            W,
                    gint64            OH,
                    gint64            OW)
{
  return w->kh == 1 && w->kw == 1 && w->sh == 1 && w->sw == 1 &&
         w->ph == 0 && w->pw == 0 && OH == H && OW == W;
}

static gboolean
cuda_conv2d (GtTensor         *out,
             GtTensor         *in,
             GtTensor         *weight,
             GtTensor         *bias,
             const GtWindow2d *win,
             gint64            groups,
             GError          **error)
{
  const char *func = "gt_tensor_conv2d";
  gint64 N = in->sizes[0], C = in->sizes[1], H = in->sizes[2], W = in->sizes[3];
  gint64 O = out->sizes[1], OH = out->sizes[2], OW = out->sizes[3];
  gint64 Cg = C / groups, Og = O / groups, K = Cg * win->kh * win->kw;
  gint64 P = OH * OW;
  gsize esize = element_sizes[in->dtype];
  GtCudaWindow cw = window_of (win);
  gboolean direct = window_is_identity (win, H, W, OH, OW);
  gint device = in->storage->device.index;
  guint8 *x = data_of (in), *wt = data_of (weight), *y = data_of (out);
  gpointer col = NULL;
  gboolean ok = TRUE;

  if (!enter (func, in, TRUE, error))
    return FALSE;
  if (!direct)
    CUDA_CHECK (func, cudaMallocAsync (&col, MAX ((gsize) (K * P) * esize, 1), 0));
  for (gint64 n = 0; ok && n < N; n++)
    for (gint64 g = 0; ok && g < groups; g++)
      {
        const guint8 *img = x + ((n * C + g * Cg) * H * W) * esize;
        gconstpointer bmat = img;

        if (!direct)
          {
            cudaError_t err = (cudaError_t)
              gt_cuda_launch_im2col (col, img, in->dtype, &cw, Cg, H, W, OH, OW);
            if (err != cudaSuccess)
              {
                ok = cuda_failed (func, err, error);
                break;
              }
            bmat = col;
          }
        ok = blas_gemm_rm (func, device, in->dtype, FALSE, FALSE, Og, P, K, 1.0,
                           wt + (g * Og * K) * esize, K, bmat, P, 0.0,
                           y + ((n * O + g * Og) * P) * esize, P, error);
      }
  if (col != NULL)
    cudaFreeAsync (col, 0);
  return ok && (bias == NULL ||
                launched (func, gt_cuda_launch_add_bias (y, data_of (bias),
                                                         in->dtype, N, O, P),
                          error));
}

static gboolean
cuda_conv2d_backward (GtTensor         *grad_in,
                      GtTensor         *grad_weight,
                      GtTensor         *grad_bias,
                      GtTensor         *grad_out,
                      GtTensor         *in,
                      GtTensor         *weight,
                      const GtWindow2d *win,
                      gint64            groups,
                      GError          **error)
{
  const char *func = "ConvolutionBackward0";
  GtTensor *shape_src = grad_in != NULL ? grad_in : in;
  gint64 N = shape_src->sizes[0], C = shape_src->sizes[1];
  gint64 H = shape_src->sizes[2], W = shape_src->sizes[3];
  gint64 O = grad_out->sizes[1], OH = grad_out->sizes[2], OW = grad_out->sizes[3];
  gint64 Cg = C / groups, Og = O / groups;
  gint64 K = Cg * win->kh * win->kw, P = OH * OW;
  gsize esize = element_sizes[grad_out->dtype];
  GtCudaWindow cw = window_of (win);
  gboolean direct = window_is_identity (win, H, W, OH, OW);
  gint device = grad_out->storage->device.index;
  const guint8 *go = data_of (grad_out);
  gpointer col = NULL;
  gboolean ok = TRUE;

  if (!enter (func, grad_out, TRUE, error))
    return FALSE;
  if (!direct && (grad_in != NULL || grad_weight != NULL))
    CUDA_CHECK (func, cudaMallocAsync (&col, MAX ((gsize) (K * P) * esize, 1), 0));

  for (gint64 n = 0; ok && n < N; n++)
    for (gint64 g = 0; ok && g < groups; g++)
      {
        const guint8 *go_ng = go + ((n * O + g * Og) * P) * esize;
        cudaError_t err = cudaSuccess;

        if (grad_in != NULL)
          {
            /* col = W_g^T grad_out, then folded back onto the image. */
            guint8 *gi = (guint8 *) data_of (grad_in) + ((n * C + g * Cg) * H * W) * esize;
            ok = blas_gemm_rm (func, device, grad_out->dtype, TRUE, FALSE, K, P, Og,
                               1.0, (guint8 *) data_of (weight) + (g * Og * K) * esize,
                               K, go_ng, P, 0.0, direct ? (gpointer) gi : col, P,
                               error);
            if (ok && !direct)
              err = (cudaError_t) gt_cuda_launch_col2im (gi, col, grad_out->dtype,
                                                         &cw, Cg, H, W, OH, OW);
          }
        if (ok && err == cudaSuccess && grad_weight != NULL)
          {
            /* dW_g += grad_out col^T over the images. */
            const guint8 *img = (const guint8 *) data_of (in) + ((n * C + g * Cg) * H * W) * esize;
            gconstpointer cmat = img;
            if (!direct)
              {
                err = (cudaError_t) gt_cuda_launch_im2col (col, img, grad_out->dtype,
                                                           &cw, Cg, H, W, OH, OW);
                cmat = col;
              }
            if (err == cudaSuccess)
              ok = blas_gemm_rm (func, device, grad_out->dtype, FALSE, TRUE, Og, K,
                                 P, 1.0, go_ng, P, cmat, P, n == 0 ? 0.0 : 1.0,
                                 (guint8 *) data_of (grad_weight) + (g * Og * K) * esize,
                                 K, error);
          }
        if (err != cudaSuccess)
          ok = cuda_failed (func, err, error);
      }
  if (col != NULL)
    cudaFreeAsync (col, 0);
  if (ok && grad_weight != NULL && N == 0)
    {
      GtCudaArray gw = array_of (grad_weight);
      ok = launched (func, gt_cuda_launch_fill (&gw, 0.0), error);
    }
  if (ok && grad_bias != NULL)
    {
      /* grad_out [N, O, P] read as [O, N, P], the last two dims summed. */
      GtCudaArray gb = array_of (grad_bias), view = array_of (grad_out);

      view.ndim = 3;
      view.sizes[0] = O; view.strides[0] = P;
      view.sizes[1] = N; view.strides[1] = O * P;
      view.sizes[2] = P; view.strides[2] = 1;
      ok = launched (func, N * P == 0 ? gt_cuda_launch_fill (&gb, 0.0)
                                      : gt_cuda_launch_reduce (GT_REDUCE_SUM, &gb,
                                                               NULL, &view, 2,
                                                               0.0), error);
    }
  return ok;
}

/* Pooling sees [N, C, H, W] as N * C planes. */
static gint64
planes_of (GtTensor *t)
{
  return t->sizes[0] * t->sizes[1];
}

static gboolean
cuda_max_pool2d (GtTensor         *out,
                 GtTensor         *indices,
                 GtTensor         *in,
                 const GtWindow2d *win,
                 GError          **error)
{
  const char *func = "gt_tensor_max_pool2d";
  GtCudaWindow cw = window_of (win);

  return enter (func, in, TRUE, error) &&
         launched (func, gt_cuda_launch_max_pool2d (
                           data_of (out), data_or_null (indices), data_of (in),
                           in->dtype, &cw, planes_of (in), in->sizes[2],
                           in->sizes[3], out->sizes[2], out->sizes[3]), error);
}

static gboolean
cuda_max_pool2d_backward (GtTensor  *grad_in,
                          GtTensor  *grad_out,
                          GtTensor  *indices,
                          GError   **error)
{
  const char *func = "MaxPool2DWithIndicesBackward0";

  return enter (func, grad_in, TRUE, error) &&
         launched (func, gt_cuda_launch_max_pool2d_backward (
                           data_of (grad_in), data_of (grad_out),
                           data_of (indices), grad_in->dtype, planes_of (grad_in),
                           grad_in->sizes[2] * grad_in->sizes[3],
                           grad_out->sizes[2] * grad_out->sizes[3]), error);
}

/* avg_pool2d forward (@big = in, @small = out) or backward (@big =
 * grad_in, @small = grad_out). */
static gboolean
avg_pool (const char        *func,
          GtTensor          *big,
          GtTensor          *small,
          const GtAvgPool2d *pool,
          gboolean           backward,
          GError           **error)
{
  GtCudaWindow cw = window_of (&pool->win);

  return enter (func, big, TRUE, error) &&
         launched (func, gt_cuda_launch_avg_pool2d (
                           data_of (backward ? big : small),
                           data_of (backward ? small : big), big->dtype, &cw,
                           pool->count_include_pad, pool->divisor_override,
                           planes_of (big), big->sizes[2], big->sizes[3],
                           small->sizes[2], small->sizes[3], backward), error);
}

static gboolean
cuda_avg_pool2d (GtTensor          *out,
                 GtTensor          *in,
                 const GtAvgPool2d *pool,
                 GError           **error)
{
  return avg_pool ("gt_tensor_avg_pool2d", in, out, pool, FALSE, error);
}

static gboolean
cuda_avg_pool2d_backward (GtTensor          *grad_in,
                          GtTensor          *grad_out,
                          const GtAvgPool2d *pool,
                          GError           **error)
{
  return avg_pool ("AvgPool2DBackward0", grad_in, grad_out, pool, TRUE, error);
}

/* adaptive_avg_pool2d, as avg_pool. */
static gboolean
adaptive_avg_pool (const char  *func,
                   GtTensor    *big,
                   GtTensor    *small,
                   gboolean     backward,
                   GError     **error)
{
  return enter (func, big, TRUE, error) &&
         launched (func, gt_cuda_launch_adaptive_avg_pool2d (
                           data_of (backward ? big : small),
                           data_of (backward ? small : big), big->dtype,
                           planes_of (big), big->sizes[2], big->sizes[3],
                           small->sizes[2], small->sizes[3], backward), error);
}

static gboolean
cuda_adaptive_avg_pool2d (GtTensor  *out,
                          GtTensor  *in,
                          GError   **error)
{
  return adaptive_avg_pool ("gt_tensor_adaptive_avg_pool2d", in, out, FALSE,
                            error);
}

static gboolean
cuda_adaptive_avg_pool2d_backward (GtTensor  *grad_in,
                                   GtTensor  *grad_out,
                                   GError   **error)
{
  return adaptive_avg_pool ("AdaptiveAvgPool2DBackward0", grad_in, grad_out,
                            TRUE, error);
}

static const GtBackendConv cuda_backend_conv = {
  .conv2d = cuda_conv2d,
  .conv2d_backward = cuda_conv2d_backward,
  .max_pool2d = cuda_max_pool2d,
  .max_pool2d_backward = cuda_max_pool2d_backward,
  .avg_pool2d = cuda_avg_pool2d,
  .avg_pool2d_backward = cuda_avg_pool2d_backward,
  .adaptive_avg_pool2d = cuda_adaptive_avg_pool2d,
  .adaptive_avg_pool2d_backward = cuda_adaptive_avg_pool2d_backward,
};

/* ---- batch norm ---------------------------------------------------------------- */

/* @in (contiguous, 2 or more dims) as [N, C, S]. */
static void
bn_geom (GtTensor *in,
         gint64   *N,
         gint64   *C,
         gint64   *S)
{
  *N = in->sizes[0];
  *C = in->ndim > 1 ? in->sizes[1] : 1;
  *S = *N * *C > 0 ? in->numel / (*N * *C) : 0;
}

static gboolean
cuda_batch_norm (GtTensor  *out,
                 GtTensor  *mean,
                 GtTensor  *invstd,
                 GtTensor  *in,
                 GtTensor  *weight,
                 GtTensor  *bias,
                 GtTensor  *running_mean,
                 GtTensor  *running_var,
                 gboolean   training,
                 gdouble    momentum,
                 gdouble    eps,
                 GError   **error)
{
  const char *func = "gt_tensor_batch_norm";
  gint64 N, C, S;

  bn_geom (in, &N, &C, &S);
  return enter (func, in, TRUE, error) &&
         launched (func, gt_cuda_launch_batch_norm (
                           data_of (out), data_of (mean), data_of (invstd),
                           data_of (in), data_or_null (weight),
                           data_or_null (bias), data_or_null (running_mean),
                           data_or_null (running_var), in->dtype, N, C, S,
                           training, momentum, eps), error);
}

static gboolean
cuda_batch_norm_backward (GtTensor  *grad_in,
                          GtTensor  *grad_weight,
                          GtTensor  *grad_bias,
                          GtTensor  *grad_out,
                          GtTensor  *in,
                          GtTensor  *mean,
                          GtTensor  *invstd,
                          GtTensor  *weight,
                          gboolean   training,
                          GError   **error)
{
  const char *func = "NativeBatchNormBackward0";
  gint64 N, C, S;

  bn_geom (in, &N, &C, &S);
  return enter (func, in, TRUE, error) &&
         launched (func, gt_cuda_launch_batch_norm_backward (
                           data_or_null (grad_in), data_or_null (grad_weight),
                           data_or_null (grad_bias), data_of (grad_out),
                           data_of (in), data_of (mean), data_of (invstd),
                           data_or_null (weight), in->dtype, N, C, S, training),
                   error);
}

/* ---- random numbers ---------------------------------------------------------- */

static guint64 (*seed_source) (void);
static guint64 fallback_seed = G_GUINT64_CONSTANT (0x5DEECE66D);

static void
cuda_set_seed_source (guint64 (*draw) (void))
{
  seed_source = draw;
}

/* A fresh Philox key per kernel, from the core's generator. */
static guint64
next_seed (void)
{
  if (seed_source != NULL)
    return seed_source ();
  return __atomic_add_fetch (&fallback_seed, G_GUINT64_CONSTANT (0x9E3779B97F4A7C15),
                             __ATOMIC_RELAXED);
}

static gboolean
cuda_random (const char  *func,
             GtTensor    *dst,
             int          kind,
             gdouble      a,
             gdouble      b,
             gint64       low,
             gint64       high,
             GError     **error)
{
  GtCudaArray d = array_of (dst);

  return enter (func, dst, FALSE, error) &&
         launched (func, gt_cuda_launch_random (&d, kind, a, b, low, high,
                                                next_seed ()), error);
}

static gboolean
cuda_random_uniform (GtTensor  *dst,
                     gdouble    from,
                     gdouble    to,
                     GError   **error)
{
  return cuda_random ("gt_tensor_uniform_", dst, 0, from, to, 0, 1, error);
}

static gboolean
cuda_random_normal (GtTensor  *dst,
                    gdouble    mean,
                    gdouble    std,
                    GError   **error)
{
  return cuda_random ("gt_tensor_normal_", dst, 1, mean, std, 0, 1, error);
}

static gboolean
cuda_random_int (GtTensor  *dst,
                 gint64     low,
                 gint64     high,
                 GError   **error)
{
  return cuda_random ("gt_randint", dst, 2, 0.0, 0.0, low, high, error);
}

/* ---- activations, dropout, layer norm, cumsum, RMSprop -------------------------- */

static gboolean
cuda_activation (const char  *func,
                 int          kind,
                 GtTensor    *out,
                 GtTensor    *a,
                 GtTensor    *b,
                 gdouble      slope,
                 GError     **error)
{
  GtCudaArray o = array_of (out), xa = array_of (a), xb;

  return enter (func, out, TRUE, error) &&
         launched (func, gt_cuda_launch_activation (kind, &o, &xa,
                                                    array_or_null (b, &xb),
                                                    slope), error);
}

static gboolean
cuda_gelu (GtTensor  *out,
           GtTensor  *in,
           gboolean   tanh_approx,
           GError   **error)
{
  return cuda_activation ("gt_tensor_gelu", tanh_approx ? 1 : 0, out, in,
                          NULL, 0.0, error);
}

static gboolean
cuda_gelu_backward (GtTensor  *grad_in,
                    GtTensor  *grad_out,
                    GtTensor  *in,
                    gboolean   tanh_approx,
                    GError   **error)
{
  return cuda_activation ("GeluBackward0", tanh_approx ? 3 : 2, grad_in,
                          grad_out, in, 0.0, error);
}

static gboolean
cuda_leaky_relu (GtTensor  *out,
                 GtTensor  *in,
                 gdouble    slope,
                 GError   **error)
{
  return cuda_activation ("gt_tensor_leaky_relu", 4, out, in, NULL, slope,
                          error);
}

static gboolean
cuda_dropout (GtTensor  *out,
              GtTensor  *noise,
              GtTensor  *in,
              gdouble    p,
              GError   **error)
{
  const char *func = "gt_tensor_dropout";
  GtCudaArray o = array_of (out), x = array_of (in);

  return enter (func, in, TRUE, error) &&
         launched (func, gt_cuda_launch_dropout (&o, data_of (noise), &x, p,
                                                 next_seed ()), error);
}

/* @in [M, N] row by row: M is the number of statistics (@mean's). */
static void
ln_geom (GtTensor *in,
         GtTensor *mean,
         gint64   *M,
         gint64   *N)
{
  *M = mean->numel;
  *N = *M > 0 ? in->numel / *M : 0;
}

static gboolean
cuda_layer_norm (GtTensor  *out,
                 GtTensor  *mean,
                 GtTensor  *rstd,
                 GtTensor  *in,
                 GtTensor  *weight,
                 GtTensor  *bias,
                 gdouble    eps,
                 GError   **error)
{
  const char *func = "gt_tensor_layer_norm";
  gint64 M, N;

  ln_geom (in, mean, &M, &N);
  return enter (func, in, TRUE, error) &&
         launched (func, gt_cuda_launch_layer_norm (
                           data_of (out), data_of (mean), data_of (rstd),
                           data_of (in), data_or_null (weight),
                           data_or_null (bias), in->dtype, M, N, eps), error);
}

static gboolean
cuda_layer_norm_backward (GtTensor  *grad_in,
                          GtTensor  *grad_weight,
                          GtTensor  *grad_bias,
                          GtTensor  *grad_out,
                          GtTensor  *in,
                          GtTensor  *mean,
                          GtTensor  *rstd,
                          GtTensor  *weight,
                          GError   **error)
{
  const char *func = "NativeLayerNormBackward0";
  gint64 M, N;

  ln_geom (in, mean, &M, &N);
  if (!enter (func, in, TRUE, error))
    return FALSE;
  if (M == 0 || N == 0)
    {
      /* Nothing to reduce: the gradients of weight and bias are zeros. */
      return (grad_weight == NULL || cuda_fill (grad_weight, 0.0, error)) &&
             (grad_bias == NULL || cuda_fill (grad_bias, 0.0, error));
    }
  return launched (func, gt_cuda_launch_layer_norm_backward (
                           data_or_null (grad_in), data_or_null (grad_weight),
                           data_or_null (grad_bias), data_of (grad_out),
                           data_of (in), data_of (mean), data_of (rstd),
                           data_or_null (weight), in->dtype, M, N), error);
}

static const GtBackendNN cuda_backend_nn = {
  .gelu = cuda_gelu,
  .gelu_backward = cuda_gelu_backward,
  .leaky_relu = cuda_leaky_relu,
  .dropout = cuda_dropout,
  .batch_norm = cuda_batch_norm,
  .batch_norm_backward = cuda_batch_norm_backward,
  .layer_norm = cuda_layer_norm,
  .layer_norm_backward = cuda_layer_norm_backward,
};

static gboolean
cuda_scan (guint      op,
           GtTensor  *out,
           GtTensor  *in,
           GError   **error)
{
  const char *func = "gt_tensor_cumsum";
  GtCudaArray o = array_of (out), x = array_of (in);

  return enter (func, out, FALSE, error) &&
         launched_within (func, gt_cuda_launch_cumsum (&o, &x),
                          "this result dtype", error);
}

/* ---- softmax and nll_loss ---------------------------------------------------- */

static gboolean
cuda_softmax (GtTensor  *out,
              GtTensor  *in,
              gint64     outer,
              gint64     size,
              gint64     inner,
              gboolean   log,
              GError   **error)
{
  const char *func = log ? "gt_tensor_log_softmax" : "gt_tensor_softmax";

  return enter (func, in, TRUE, error) &&
         launched (func, gt_cuda_launch_softmax (data_of (out), data_of (in),
                                                 in->dtype, outer, size, inner,
                                                 log), error);
}

static gboolean
cuda_softmax_backward (GtTensor  *grad_in,
                       GtTensor  *grad_out,
                       GtTensor  *out,
                       gint64     outer,
                       gint64     size,
                       gint64     inner,
                       gboolean   log,
                       GError   **error)
{
  const char *func = log ? "LogSoftmaxBackward0" : "SoftmaxBackward0";

  return enter (func, out, TRUE, error) &&
         launched (func, gt_cuda_launch_softmax_backward (
                           data_of (grad_in), data_of (grad_out), data_of (out),
                           out->dtype, outer, size, inner, log), error);
}

static gboolean
cuda_nll_loss (GtTensor    *out,
               GtTensor    *total_weight,
               GtTensor    *in,
               GtTensor    *target,
               GtTensor    *weight,
               gint64       ignore_index,
               guint        reduction,
               const char  *func,
               GError     **error)
{
  gint64 n = in->ndim > 0 ? in->sizes[0] : 1;
  gint64 c = in->ndim > 1 ? in->sizes[1] : in->sizes[0];
  gint64 s = target->numel / MAX (n, 1);
  int bad = 0;
  gint64 bad_target = 0;

  /* The 1-D input [c] comes as [c] with a 0-d target. */
  if (in->ndim == 1)
    {
      n = 1;
      c = in->sizes[0];
      s = 1;
    }
  if (!enter (func, in, TRUE, error) ||
      !launched (func, gt_cuda_launch_nll_loss (data_of (out),
                                                data_or_null (total_weight),
                                                data_of (in), data_of (target),
                                                data_or_null (weight),
                                                in->dtype, n, c, s,
                                                ignore_index, (int) reduction,
                                                &bad, &bad_target), error))
    return FALSE;
  if (bad)
    {
      g_set_error (error, CUDA_GT_ERROR, GT_ERROR_INDEX,
                   "%s: Target %" G_GINT64_FORMAT " is out of bounds "
                   "(the input has %" G_GINT64_FORMAT " classes).",
                   func, bad_target, c);
      return FALSE;
    }
  return TRUE;
}

static gboolean
cuda_nll_loss_backward (GtTensor  *grad_in,
                        GtTensor  *grad_out,
                        GtTensor  *target,
                        GtTensor  *weight,
                        GtTensor  *total_weight,
                        gint64     ignore_index,
                        guint      reduction,
                        GError   **error)
{
  const char *func = "NllLossBackward0";
  gint64 n = grad_in->ndim > 1 ? grad_in->sizes[0] : 1;
  gint64 c = grad_in->ndim > 1 ? grad_in->sizes[1] : grad_in->sizes[0];
  gint64 s = grad_in->ndim > 2 ? grad_in->sizes[2] : 1;

  return enter (func, grad_in, TRUE, error) &&
         launched (func, gt_cuda_launch_nll_loss_backward (
                           data_of (grad_in), data_of (grad_out),
                           data_of (target), data_or_null (weight),
                           data_or_null (total_weight), grad_in->dtype, n, c, s,
                           ignore_index, (int) reduction), error);
}

static const GtBackendLoss cuda_backend_loss = {
  .softmax = cuda_softmax,
  .softmax_backward = cuda_softmax_backward,
  .nll_loss = cuda_nll_loss,
  .nll_loss_backward = cuda_nll_loss_backward,
};

/* ---- fused optimizer updates ------------------------------------------------ */

static gboolean
cuda_sgd (GtTensor              *param,
          GtTensor              *grad,
          GtTensor              *momentum_buffer,
          const GtOptimSgdArgs  *args,
          GError               **error)
{
  const char *func = "gt_sgd_step";
  GtCudaSgdArgs a = { args->lr, args->momentum, args->dampening,
                      args->weight_decay, args->nesterov, args->maximize,
                      args->first };

  return enter (func, param, TRUE, error) &&
         launched (func, gt_cuda_launch_sgd (data_of (param), data_of (grad),
                                             data_or_null (momentum_buffer),
                                             param->dtype, param->numel, &a),
                   error);
}

static gboolean
cuda_adam (GtTensor               *param,
           GtTensor               *grad,
           GtTensor               *exp_avg,
           GtTensor               *exp_avg_sq,
           GtTensor               *max_exp_avg_sq,
           const GtOptimAdamArgs  *args,
           GError                **error)
{
  const char *func = "gt_adam_step";
  GtCudaAdamArgs a = { args->lr, args->beta1, args->beta2, args->eps,
                       args->weight_decay, args->step, args->amsgrad,
                       args->maximize, args->decoupled };

  return enter (func, param, TRUE, error) &&
         launched (func, gt_cuda_launch_adam (data_of (param), data_of (grad),
                                              data_of (exp_avg),
                                              data_of (exp_avg_sq),
                                              data_or_null (max_exp_avg_sq),
                                              param->dtype, param->numel, &a),
                   error);
}

static gboolean
cuda_rmsprop (GtTensor                  *param,
              GtTensor                  *grad,
              GtTensor                  *square_avg,
              GtTensor                  *grad_avg,
              GtTensor                  *momentum_buffer,
              const GtOptimRmspropArgs  *args,
              GError                   **error)
{
  const char *func = "gt_rmsprop_step";
  GtCudaRmspropArgs a = { args->lr, args->alpha, args->eps, args->weight_decay,
                          args->momentum, args->centered, args->maximize };

  return enter (func, param, TRUE, error) &&
         launched (func, gt_cuda_launch_rmsprop (data_of (param), data_of (grad),
                                                 data_of (square_avg),
                                                 data_or_null (grad_avg),
                                                 data_or_null (momentum_buffer),
                                                 param->dtype, param->numel, &a),
                   error);
}

static const GtBackendOptim cuda_backend_optim = {
  .sgd = cuda_sgd,
  .adam = cuda_adam,
  .rmsprop = cuda_rmsprop,
};

/* ---- the table ------------------------------------------------------------------ */

/* Entries left NULL have no CUDA kernel yet: the op layer reports
 * GT_ERROR_NOT_SUPPORTED naming the op and this backend. */
static const GtBackend cuda_backend = {
  .device_type = GT_DEVICE_TYPE_CUDA,
  .name = "CUDA",
  .abi_version = GT_BACKEND_ABI_VERSION,

  .device_count = cuda_device_count,
  .alloc = cuda_alloc,
  .free = cuda_free,
  .upload = cuda_upload,
  .download = cuda_download,

  .copy = cuda_copy,
  .fill = cuda_fill,
  .arange = cuda_arange,
  .linspace = cuda_linspace,

  .random_uniform = cuda_random_uniform,
  .random_normal = cuda_random_normal,
  .random_int = cuda_random_int,

  .unary = cuda_unary,
  .binary = cuda_binary,
  .where = cuda_where,
  .clamp = cuda_clamp,

  .reduce = cuda_reduce,
  .scan = cuda_scan,

  .sort = cuda_sort,
  .topk = cuda_topk,

  .copy_many = cuda_copy_many,

  .gather = cuda_gather,
  .scatter = cuda_scatter,
  .index_offsets = cuda_index_offsets,
  .index_range = cuda_index_range,
  .masked_fill = cuda_masked_fill,
  .count_nonzero = cuda_count_nonzero,
  .masked_select = cuda_masked_select,
  .nonzero = cuda_nonzero,

  .gemm = cuda_gemm,

  .conv = &cuda_backend_conv,
  .nn = &cuda_backend_nn,
  .loss = &cuda_backend_loss,
  .optim = &cuda_backend_optim,
};

static void
cuda_set_allow_tf32 (gboolean allow)
{
  g_atomic_int_set (&allow_tf32, allow ? 1 : 0);
}

static const GtCudaExtras cuda_extras = {
  .abi_version = GT_BACKEND_ABI_VERSION,
  .memory_allocated = cuda_memory_allocated,
  .memory_reserved = cuda_memory_reserved,
  .empty_cache = cuda_empty_cache,
  .set_allow_tf32 = cuda_set_allow_tf32,
  .synchronize = cuda_synchronize,
  .set_seed_source = cuda_set_seed_source,
};

const GtCudaExtras *
gt_cuda_module_extras (void)
{
  return &cuda_extras;
}

const GtBackend *
gt_cuda_module_init (GError **error)
{
  cudaError_t err;
  gint count = 0;

  err = cudaGetDeviceCount (&count);
  if (err != cudaSuccess)
    {
      cudaGetLastError ();
      g_set_error (error, CUDA_GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE,
                   "the CUDA runtime found no usable device (%s: %s)",
                   cudaGetErrorName (err), cudaGetErrorString (err));
      return NULL;
    }
  if (count <= 0)
    {
      g_set_error (error, CUDA_GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE,
                   "no CUDA device was found");
      return NULL;
    }
  count = MIN (count, (gint) G_N_ELEMENTS (allocated));

  /* The default pools keep freed blocks for reuse instead of returning
   * them at every synchronisation: the caching allocator. */
  for (gint d = 0; d < count; d++)
    {
      cudaMemPool_t pool;
      guint64 keep = G_MAXUINT64;

      if (cudaDeviceGetDefaultMemPool (&pool, d) == cudaSuccess)
        cudaMemPoolSetAttribute (pool, cudaMemPoolAttrReleaseThreshold, &keep);
      cudaGetLastError ();
    }
  n_devices = count;
  return &cuda_backend;
}
