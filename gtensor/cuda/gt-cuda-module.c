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

/* ---- tensors as kernel descriptors -------------------------------------------- */

static GtCudaArray
array_of (GtTensor *t)
{
  GtCudaArray a;

  a.data = t->storage->data + t->offset * (gint64) element_sizes[t->dtype];
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
data_of (GtTensor *t)
{
  return t->storage->data + t->offset * (gint64) element_sizes[t->dtype];
}

/* ---- devices and memory ----------------------------------------------------------- */

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
                     (gint64) g_atomic_pointer_get (&allocated[device]));
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
    return;
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

/* A contiguous scratch copy of @a (any dtype) in @out; freed with
 * scratch_free once the work that reads it is queued. */
static gboolean
scratch_contiguous (const char        *func,
                    const GtCudaArray *a,
                    GtCudaArray       *out,
                    GError           **error)
{
  gsize esize = element_sizes[a->dtype];
  gint64 stride = 1;

  *out = *a;
  for (gint d = a->ndim - 1; d >= 0; d--)
    {
      out->strides[d] = stride;
      stride *= MAX (a->sizes[d], 1);
    }
  CUDA_CHECK (func, cudaMallocAsync (&out->data,
                                     MAX ((gsize) a->numel * esize, 1), 0));
  CUDA_CHECK (func, gt_cuda_launch_copy (out, a));
  return TRUE;
}

static void
scratch_free (GtCudaArray *a)
{
  if (a->data != NULL)
    cudaFreeAsync (a->data, 0);
  a->data = NULL;
}

/* ---- copies and fills ----------------------------------------------------------- */

static gboolean
cuda_copy (GtTensor  *dst,
           GtTensor  *src,
           GError   **error)
{
  GtCudaArray d = array_of (dst), s = array_of (src);

  if (!use_tensor_device ("gt_tensor_copy_", dst, error))
    return FALSE;
  CUDA_CHECK ("gt_tensor_copy_", gt_cuda_launch_copy (&d, &s));
  return TRUE;
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
  GtCudaArray d = array_of (dst);

  if (!use_tensor_device ("gt_tensor_fill_", dst, error))
    return FALSE;
  CUDA_CHECK ("gt_tensor_fill_", gt_cuda_launch_fill (&d, value));
  return TRUE;
}

static gboolean
cuda_arange (GtTensor  *dst,
             gdouble    start,
             gdouble    step,
             GError   **error)
{
  GtCudaArray d = array_of (dst);

  if (!use_tensor_device ("gt_arange", dst, error))
    return FALSE;
  CUDA_CHECK ("gt_arange", gt_cuda_launch_arange (&d, start, step));
  return TRUE;
}

static gboolean
cuda_linspace (GtTensor  *dst,
               gdouble    start,
               gdouble    end,
               GError   **error)
{
  GtCudaArray d = array_of (dst);

  if (!use_tensor_device ("gt_linspace", dst, error))
    return FALSE;
  CUDA_CHECK ("gt_linspace", gt_cuda_launch_linspace (&d, start, end));
  return TRUE;
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
  if (!use_tensor_device (unary_names[op], out, error))
    return FALSE;
  CUDA_CHECK (unary_names[op], gt_cuda_launch_unary (op, &o, &x, &p));
  return TRUE;
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

  if (!use_tensor_device (binary_names[op], out, error))
    return FALSE;
  CUDA_CHECK (binary_names[op],
              gt_cuda_launch_binary (op, &o, &xa, &xb, alpha, &zero_divisor));
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

  if (!use_tensor_device ("gt_where", out, error))
    return FALSE;
  CUDA_CHECK ("gt_where", gt_cuda_launch_where (&o, &c, &xa, &xb));
  return TRUE;
}

static gboolean
cuda_clamp (GtTensor  *out,
            GtTensor  *in,
            GtTensor  *lo,
            GtTensor  *hi,
            gboolean   tensor_bounds,
            GError   **error)
{
  GtCudaArray o = array_of (out), x = array_of (in), l, h;

  if (lo != NULL)
    l = array_of (lo);
  if (hi != NULL)
    h = array_of (hi);
  if (!use_tensor_device ("gt_tensor_clamp", out, error))
    return FALSE;
  CUDA_CHECK ("gt_tensor_clamp",
              gt_cuda_launch_clamp (&o, &x, lo != NULL ? &l : NULL,
                                    hi != NULL ? &h : NULL, tensor_bounds));
  return TRUE;
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

  if (indices != NULL)
    idx = array_of (indices);
  if (!use_tensor_device (func, out, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_reduce ((int) op, &o,
                                           indices != NULL ? &idx : NULL,
                                           &x, (int) n_reduced, param));
  return TRUE;
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

  CUDA_CHECK (func, gt_cuda_launch_check_index (&x, size, wrap, &bad, &value));
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

static gboolean
cuda_gather (GtTensor    *out,
             GtTensor    *src,
             GtTensor    *index,
             guint        dim,
             gint64       size,
             gint64       stride,
             guint        flags,
             const char  *func,
             GError     **error)
{
  GtCudaArray o = array_of (out), s = array_of (src), x = array_of (index);

  if (!use_tensor_device (func, out, error) ||
      !check_index (func, index, dim, size, (flags & GT_INDEX_WRAP) != 0, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_gather_scatter (FALSE, FALSE, &o, &s, &x,
                                                   size, stride));
  return TRUE;
}

static gboolean
cuda_scatter (GtTensor    *dst,
              GtTensor    *src,
              GtTensor    *index,
              guint        dim,
              gint64       size,
              gint64       stride,
              guint        flags,
              const char  *func,
              GError     **error)
{
  GtCudaArray d = array_of (dst), s = array_of (src), x = array_of (index);
  gboolean accumulate = (flags & GT_INDEX_ACCUMULATE) != 0;
  cudaError_t err;

  if (!use_tensor_device (func, dst, error) ||
      !check_index (func, index, dim, size, (flags & GT_INDEX_WRAP) != 0, error))
    return FALSE;
  err = (cudaError_t) gt_cuda_launch_gather_scatter (TRUE, accumulate, &d, &s,
                                                     &x, size, stride);
  if (err == cudaErrorNotSupported)
    return not_supported (func, "accumulating into this dtype", error);
  CUDA_CHECK (func, err);
  return TRUE;
}

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

  if (!use_tensor_device (func, offsets, error) ||
      !check_index (func, index, dim, size, TRUE, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_index_offsets (&o, &x, size, stride));
  return TRUE;
}

static gboolean
cuda_index_range (GtTensor  *index,
                  gint64    *min,
                  gint64    *max,
                  GError   **error)
{
  GtCudaArray x = array_of (index);

  if (!use_tensor_device ("gt_tensor_index", index, error))
    return FALSE;
  CUDA_CHECK ("gt_tensor_index", gt_cuda_launch_index_range (&x, min, max));
  return TRUE;
}

static gboolean
cuda_masked_fill (GtTensor  *dst,
                  GtTensor  *mask,
                  GtTensor  *value,
                  GError   **error)
{
  GtCudaArray d = array_of (dst), m = array_of (mask);

  if (!use_tensor_device ("gt_tensor_masked_fill_", dst, error))
    return FALSE;
  CUDA_CHECK ("gt_tensor_masked_fill_",
              gt_cuda_launch_masked_fill (&d, &m, data_of (value)));
  return TRUE;
}

static gboolean
cuda_count_nonzero (GtTensor  *src,
                    gint64    *count,
                    GError   **error)
{
  GtCudaArray s = array_of (src);

  if (!use_tensor_device ("gt_tensor_count_nonzero", src, error))
    return FALSE;
  CUDA_CHECK ("gt_tensor_count_nonzero",
              gt_cuda_launch_count_nonzero (&s, count));
  return TRUE;
}

/* ---- sorting and selection ------------------------------------------------------ */

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
  cudaError_t err;

  if (values != NULL)
    v = array_of (values);
  if (indices != NULL)
    i = array_of (indices);
  if (!use_tensor_device (func, in, error))
    return FALSE;
  err = (cudaError_t) gt_cuda_launch_sort (values != NULL ? &v : NULL,
                                           indices != NULL ? &i : NULL, &x, k,
                                           descending);
  if (err == cudaErrorNotSupported)
    return not_supported (func, "more than 2^31 elements", error);
  CUDA_CHECK (func, err);
  return TRUE;
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

static gboolean
cuda_masked_select (GtTensor  *out,
                    GtTensor  *src,
                    GtTensor  *mask,
                    GError   **error)
{
  GtCudaArray o = array_of (out), s = array_of (src), m = array_of (mask);
  cudaError_t err;

  if (!use_tensor_device ("gt_tensor_masked_select", src, error))
    return FALSE;
  err = (cudaError_t) gt_cuda_launch_select (0, &o, &s, &m);
  if (err == cudaErrorNotSupported)
    return not_supported ("gt_tensor_masked_select", "more than 2^31 elements",
                          error);
  CUDA_CHECK ("gt_tensor_masked_select", err);
  return TRUE;
}

static gboolean
cuda_nonzero (GtTensor  *out,
              GtTensor  *src,
              GError   **error)
{
  GtCudaArray o = array_of (out), s = array_of (src);
  cudaError_t err;

  if (!use_tensor_device ("gt_tensor_nonzero", src, error))
    return FALSE;
  err = (cudaError_t) gt_cuda_launch_select (1, &o, &s, NULL);
  if (err == cudaErrorNotSupported)
    return not_supported ("gt_tensor_nonzero", "more than 2^31 elements",
                          error);
  CUDA_CHECK ("gt_tensor_nonzero", err);
  return TRUE;
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
  cublasStatus_t st;

  g_mutex_lock (&blas_lock);
  if (blas_handles[device] == NULL)
    {
      st = cublasCreate (&blas_handles[device]);
      if (st != CUBLAS_STATUS_SUCCESS)
        {
          blas_handles[device] = NULL;
          g_mutex_unlock (&blas_lock);
          blas_failed (func, st, error);
          return NULL;
        }
      /* No TF32 unless the compute type asks for it. */
      cublasSetMathMode (blas_handles[device], CUBLAS_DEFAULT_MATH);
    }
  cublasSetStream (blas_handles[device], 0);
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
  gint64 batch = 1, sa = 0, sb = 0, so = 0, lda, ldb, ldc;
  gboolean a_col, b_col, o_col, ok = FALSE;
  const GtCudaArray *pa = &xa, *pb = &xb, *po = &o;
  cublasHandle_t handle;
  cublasStatus_t st;
  cudaDataType_t type;
  cublasComputeType_t compute;
  float alpha_f = (float) alpha, beta_f = (float) beta;
  gconstpointer alpha_p = &alpha_f, beta_p = &beta_f;

  if (!use_device (func, device, error))
    return FALSE;
  if (out->dtype != GT_DTYPE_FLOAT32 && out->dtype != GT_DTYPE_FLOAT64 &&
      out->dtype != GT_DTYPE_FLOAT16 && out->dtype != GT_DTYPE_BFLOAT16)
    {
      CUDA_CHECK (func, gt_cuda_launch_gemm_int (&o, &xa, &xb, alpha, beta));
      return TRUE;
    }
  for (gint d = 0; d < nd - 2; d++)
    batch *= out->sizes[d];
  if (batch == 0 || m == 0 || n == 0)
    return TRUE;
  if (m > G_MAXINT || n > G_MAXINT || k > G_MAXINT || batch > G_MAXINT)
    return not_supported (func, "a matrix dimension above 2^31", error);

  /* Operands cuBLAS cannot address are compacted first. */
  if (!batch_stride (pa, &sa) ||
      !blas_layout (m, k, pa->strides[nd - 2], pa->strides[nd - 1], &a_col, &lda))
    {
      if (!scratch_contiguous (func, &xa, &ca, error))
        goto out;
      pa = &ca;
      batch_stride (pa, &sa);
      blas_layout (m, k, pa->strides[nd - 2], pa->strides[nd - 1], &a_col, &lda);
    }
  if (!batch_stride (pb, &sb) ||
      !blas_layout (k, n, pb->strides[nd - 2], pb->strides[nd - 1], &b_col, &ldb))
    {
      if (!scratch_contiguous (func, &xb, &cb, error))
        goto out;
      pb = &cb;
      batch_stride (pb, &sb);
      blas_layout (k, n, pb->strides[nd - 2], pb->strides[nd - 1], &b_col, &ldb);
    }
  if (!batch_stride (po, &so) || (batch > 1 && so == 0) ||
      !blas_layout (m, n, po->strides[nd - 2], po->strides[nd - 1], &o_col, &ldc) ||
      o_col)
    {
      /* The result goes to a row-major scratch, then into out. */
      if (beta != 0.0)
        {
          if (!scratch_contiguous (func, &o, &co, error))
            goto out;
        }
      else
        {
          gint64 stride = 1;
          co = o;
          for (gint d = nd - 1; d >= 0; d--)
            {
              co.strides[d] = stride;
              stride *= MAX (o.sizes[d], 1);
            }
          if (cudaMallocAsync (&co.data, MAX ((gsize) o.numel *
                                              element_sizes[o.dtype], 1), 0)
              != cudaSuccess)
            {
              co.data = NULL;
              cuda_failed (func, cudaGetLastError (), error);
              goto out;
            }
        }
      po = &co;
      batch_stride (po, &so);
      blas_layout (m, n, po->strides[nd - 2], po->strides[nd - 1], &o_col, &ldc);
    }
  /* K == 0: cuBLAS scales C by beta; its leading dimensions must still be
   * at least 1. */
  lda = MAX (lda, 1);
  ldb = MAX (ldb, 1);

  type = blas_type (out->dtype);
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
                                   pb->data, type, (int) ldb, sb,
                                   pa->data, type, (int) lda, sa,
                                   beta_p, po->data, type, (int) ldc, so,
                                   (int) batch, compute, CUBLAS_GEMM_DEFAULT);
  g_mutex_unlock (&blas_lock);
  if (st != CUBLAS_STATUS_SUCCESS)
    {
      blas_failed (func, st, error);
      goto out;
    }
  if (po == &co)
    {
      cudaError_t err = (cudaError_t) gt_cuda_launch_copy (&o, &co);
      if (err != cudaSuccess)
        {
          cuda_failed (func, err, error);
          goto out;
        }
    }
  ok = TRUE;

out:
  scratch_free (&ca);
  scratch_free (&cb);
  scratch_free (&co);
  return ok;
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

static gboolean
window_is_identity (const GtWindow2d *w)
{
  return w->kh == 1 && w->kw == 1 && w->sh == 1 && w->sw == 1 &&
         w->ph == 0 && w->pw == 0;
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
  gboolean direct = window_is_identity (win);
  gint device = in->storage->device.index;
  guint8 *x = data_of (in), *wt = data_of (weight), *y = data_of (out);
  gpointer col = NULL;
  gboolean ok = TRUE;

  if (!float_only (func, in, error) || !use_device (func, device, error))
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
  if (ok && bias != NULL)
    CUDA_CHECK (func, gt_cuda_launch_add_bias (y, data_of (bias), in->dtype,
                                               N, O, P));
  return ok;
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
  gboolean direct = window_is_identity (win);
  gint device = grad_out->storage->device.index;
  const guint8 *go = data_of (grad_out);
  gpointer col = NULL;
  gboolean ok = TRUE;

  if (!float_only (func, grad_out, error) || !use_device (func, device, error))
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
      CUDA_CHECK (func, gt_cuda_launch_fill (&gw, 0.0));
    }
  if (ok && grad_bias != NULL)
    {
      /* grad_out [N, O, P] read as [O, N, P], the last two dims summed. */
      GtCudaArray gb = array_of (grad_bias), view = array_of (grad_out);

      view.ndim = 3;
      view.sizes[0] = O; view.strides[0] = P;
      view.sizes[1] = N; view.strides[1] = O * P;
      view.sizes[2] = P; view.strides[2] = 1;
      if (N * P == 0)
        CUDA_CHECK (func, gt_cuda_launch_fill (&gb, 0.0));
      else
        CUDA_CHECK (func, gt_cuda_launch_reduce (GT_REDUCE_SUM, &gb, NULL, &view,
                                                 2, 0.0));
    }
  return ok;
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

  if (!float_only (func, in, error) || !use_tensor_device (func, in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_max_pool2d (
                      data_of (out), indices != NULL ? data_of (indices) : NULL,
                      data_of (in), in->dtype, &cw, in->sizes[0] * in->sizes[1],
                      in->sizes[2], in->sizes[3], out->sizes[2], out->sizes[3]));
  return TRUE;
}

static gboolean
cuda_max_pool2d_backward (GtTensor  *grad_in,
                          GtTensor  *grad_out,
                          GtTensor  *indices,
                          GError   **error)
{
  const char *func = "MaxPool2DWithIndicesBackward0";

  if (!float_only (func, grad_in, error) ||
      !use_tensor_device (func, grad_in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_max_pool2d_backward (
                      data_of (grad_in), data_of (grad_out), data_of (indices),
                      grad_in->dtype, grad_in->sizes[0] * grad_in->sizes[1],
                      grad_in->sizes[2] * grad_in->sizes[3],
                      grad_out->sizes[2] * grad_out->sizes[3]));
  return TRUE;
}

static gboolean
cuda_avg_pool2d (GtTensor          *out,
                 GtTensor          *in,
                 const GtAvgPool2d *pool,
                 GError           **error)
{
  const char *func = "gt_tensor_avg_pool2d";
  GtCudaWindow cw = window_of (&pool->win);

  if (!float_only (func, in, error) || !use_tensor_device (func, in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_avg_pool2d (
                      data_of (out), data_of (in), in->dtype, &cw,
                      pool->count_include_pad, pool->divisor_override,
                      in->sizes[0] * in->sizes[1], in->sizes[2], in->sizes[3],
                      out->sizes[2], out->sizes[3], FALSE));
  return TRUE;
}

static gboolean
cuda_avg_pool2d_backward (GtTensor          *grad_in,
                          GtTensor          *grad_out,
                          const GtAvgPool2d *pool,
                          GError           **error)
{
  const char *func = "AvgPool2DBackward0";
  GtCudaWindow cw = window_of (&pool->win);

  if (!float_only (func, grad_in, error) ||
      !use_tensor_device (func, grad_in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_avg_pool2d (
                      data_of (grad_in), data_of (grad_out), grad_in->dtype, &cw,
                      pool->count_include_pad, pool->divisor_override,
                      grad_in->sizes[0] * grad_in->sizes[1], grad_in->sizes[2],
                      grad_in->sizes[3], grad_out->sizes[2], grad_out->sizes[3],
                      TRUE));
  return TRUE;
}

static gboolean
cuda_adaptive_avg_pool2d (GtTensor  *out,
                          GtTensor  *in,
                          GError   **error)
{
  const char *func = "gt_tensor_adaptive_avg_pool2d";

  if (!float_only (func, in, error) || !use_tensor_device (func, in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_adaptive_avg_pool2d (
                      data_of (out), data_of (in), in->dtype,
                      in->sizes[0] * in->sizes[1], in->sizes[2], in->sizes[3],
                      out->sizes[2], out->sizes[3], FALSE));
  return TRUE;
}

static gboolean
cuda_adaptive_avg_pool2d_backward (GtTensor  *grad_in,
                                   GtTensor  *grad_out,
                                   GError   **error)
{
  const char *func = "AdaptiveAvgPool2DBackward0";

  if (!float_only (func, grad_in, error) ||
      !use_tensor_device (func, grad_in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_adaptive_avg_pool2d (
                      data_of (grad_in), data_of (grad_out), grad_in->dtype,
                      grad_in->sizes[0] * grad_in->sizes[1], grad_in->sizes[2],
                      grad_in->sizes[3], grad_out->sizes[2], grad_out->sizes[3],
                      TRUE));
  return TRUE;
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

static gpointer
data_or_null (GtTensor *t)
{
  return t != NULL ? data_of (t) : NULL;
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
  gint64 N = in->sizes[0], C = in->ndim > 1 ? in->sizes[1] : 1;
  gint64 S = N * C > 0 ? in->numel / (N * C) : 0;

  if (!float_only (func, in, error) || !use_tensor_device (func, in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_batch_norm (
                      data_of (out), data_of (mean), data_of (invstd),
                      data_of (in), data_or_null (weight), data_or_null (bias),
                      data_or_null (running_mean), data_or_null (running_var),
                      in->dtype, N, C, S, training, momentum, eps));
  return TRUE;
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
  gint64 N = in->sizes[0], C = in->ndim > 1 ? in->sizes[1] : 1;
  gint64 S = N * C > 0 ? in->numel / (N * C) : 0;

  if (!float_only (func, in, error) || !use_tensor_device (func, in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_batch_norm_backward (
                      data_or_null (grad_in), data_or_null (grad_weight),
                      data_or_null (grad_bias), data_of (grad_out), data_of (in),
                      data_of (mean), data_of (invstd), data_or_null (weight),
                      in->dtype, N, C, S, training));
  return TRUE;
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

  if (!use_tensor_device (func, dst, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_random (&d, kind, a, b, low, high,
                                           next_seed ()));
  return TRUE;
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

  if (b != NULL)
    xb = array_of (b);
  if (!float_only (func, out, error) || !use_tensor_device (func, out, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_activation (kind, &o, &xa,
                                               b != NULL ? &xb : NULL, slope));
  return TRUE;
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

  if (!float_only (func, in, error) || !use_tensor_device (func, in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_dropout (&o, data_of (noise), &x, p,
                                            next_seed ()));
  return TRUE;
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
  gint64 M = mean->numel, N = M > 0 ? in->numel / M : 0;

  if (!float_only (func, in, error) || !use_tensor_device (func, in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_layer_norm (
                      data_of (out), data_of (mean), data_of (rstd),
                      data_of (in), data_or_null (weight), data_or_null (bias),
                      in->dtype, M, N, eps));
  return TRUE;
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
  gint64 M = mean->numel, N = M > 0 ? in->numel / M : 0;

  if (!float_only (func, in, error) || !use_tensor_device (func, in, error))
    return FALSE;
  if (M == 0 || N == 0)
    {
      /* Nothing to reduce: the gradients of weight and bias are zeros. */
      if (grad_weight != NULL && !cuda_fill (grad_weight, 0.0, error))
        return FALSE;
      if (grad_bias != NULL && !cuda_fill (grad_bias, 0.0, error))
        return FALSE;
      return TRUE;
    }
  CUDA_CHECK (func, gt_cuda_launch_layer_norm_backward (
                      data_or_null (grad_in), data_or_null (grad_weight),
                      data_or_null (grad_bias), data_of (grad_out),
                      data_of (in), data_of (mean), data_of (rstd),
                      data_or_null (weight), in->dtype, M, N));
  return TRUE;
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

  if (!use_tensor_device (func, out, error))
    return FALSE;
  if (out->dtype != GT_DTYPE_FLOAT32 && out->dtype != GT_DTYPE_FLOAT64 &&
      out->dtype != GT_DTYPE_INT64 && out->dtype != GT_DTYPE_INT32)
    return not_supported (func, "this result dtype", error);
  CUDA_CHECK (func, gt_cuda_launch_cumsum (&o, &x));
  return TRUE;
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

  if (!float_only (func, in, error) || !use_tensor_device (func, out, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_softmax (data_of (out), data_of (in),
                                            in->dtype, outer, size, inner,
                                            log));
  return TRUE;
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

  if (!float_only (func, out, error) ||
      !use_tensor_device (func, grad_in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_softmax_backward (data_of (grad_in),
                                                     data_of (grad_out),
                                                     data_of (out),
                                                     out->dtype, outer, size,
                                                     inner, log));
  return TRUE;
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
  if (!float_only (func, in, error) || !use_tensor_device (func, in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_nll_loss (data_of (out),
                                             total_weight != NULL
                                               ? data_of (total_weight) : NULL,
                                             data_of (in), data_of (target),
                                             weight != NULL ? data_of (weight)
                                                            : NULL,
                                             in->dtype, n, c, s, ignore_index,
                                             (int) reduction, &bad,
                                             &bad_target));
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

  if (!float_only (func, grad_in, error) ||
      !use_tensor_device (func, grad_in, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_nll_loss_backward (
                      data_of (grad_in), data_of (grad_out), data_of (target),
                      weight != NULL ? data_of (weight) : NULL,
                      total_weight != NULL ? data_of (total_weight) : NULL,
                      grad_in->dtype, n, c, s, ignore_index,
                      (int) reduction));
  return TRUE;
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

  if (!float_only (func, param, error) ||
      !use_tensor_device (func, param, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_sgd (data_of (param), data_of (grad),
                                        momentum_buffer != NULL
                                          ? data_of (momentum_buffer) : NULL,
                                        param->dtype, param->numel, &a));
  return TRUE;
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

  if (!float_only (func, param, error) ||
      !use_tensor_device (func, param, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_adam (data_of (param), data_of (grad),
                                         data_of (exp_avg),
                                         data_of (exp_avg_sq),
                                         max_exp_avg_sq != NULL
                                           ? data_of (max_exp_avg_sq) : NULL,
                                         param->dtype, param->numel, &a));
  return TRUE;
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

  if (!float_only (func, param, error) ||
      !use_tensor_device (func, param, error))
    return FALSE;
  CUDA_CHECK (func, gt_cuda_launch_rmsprop (data_of (param), data_of (grad),
                                            data_of (square_avg),
                                            data_or_null (grad_avg),
                                            data_or_null (momentum_buffer),
                                            param->dtype, param->numel, &a));
  return TRUE;
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
