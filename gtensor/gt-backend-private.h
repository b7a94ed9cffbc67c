#pragma once

#include <glib.h>

#include "gt-device-private.h"
#include "gt-dtype-private.h"
#include "ops/gt-pointwise-private.h"

G_BEGIN_DECLS

typedef struct _GtTensor GtTensor;

/* Bumped whenever the table below changes, so that a CUDA module built for
 * another version of the core is refused instead of called wrongly. */
#define GT_BACKEND_ABI_VERSION 3

/*
 * GtBackend:
 *
 * The kernel entry points of one device type. The op layer validates
 * arguments, computes result shapes and dtypes, allocates results and then
 * calls these; a backend never sees tensors from another device. A NULL
 * entry means "not supported on this backend" and the op reports
 * GT_ERROR_NOT_SUPPORTED.
 *
 * Kernels receive tensors whose sizes already agree (broadcast operands come
 * as expanded views with zero strides) and may assume the dtypes the op
 * layer promised; they only fail on device errors.
 */
typedef struct _GtBackend {
  GtDeviceType device_type;
  const char  *name;
  guint        abi_version;

  /* devices and memory */
  gint     (*device_count)    (void);
  gpointer (*alloc)           (gint device, gsize nbytes, GError **error);
  void     (*free)            (gint device, gpointer data, gsize nbytes);
  gboolean (*upload)          (gint device, gpointer dst, gconstpointer src,
                               gsize nbytes, GError **error);
  gboolean (*download)        (gint device, gpointer dst, gconstpointer src,
                               gsize nbytes, GError **error);

  /* copies and fills; dst and src have the same sizes, any strides/dtypes */
  gboolean (*copy)            (GtTensor *dst, GtTensor *src, GError **error);
  gboolean (*fill)            (GtTensor *dst, gdouble value, GError **error);
  gboolean (*arange)          (GtTensor *dst, gdouble start, gdouble step,
                               GError **error);
  gboolean (*linspace)        (GtTensor *dst, gdouble start, gdouble end,
                               GError **error);

  /* random fills from the device's default generator */
  gboolean (*random_uniform)  (GtTensor *dst, gdouble from, gdouble to,
                               GError **error);
  gboolean (*random_normal)   (GtTensor *dst, gdouble mean, gdouble std,
                               GError **error);
  gboolean (*random_int)      (GtTensor *dst, gint64 low, gint64 high,
                               GError **error);

  /* pointwise (gt-pointwise.c, cpu/gt-cpu-pointwise.c) */
  /* Inputs come converted to the op's compute dtype (never float16 or
   * bfloat16: the op layer computes those in float32) and expanded to the
   * sizes of @out; @out has that dtype, or bool for the predicates
   * (gt_*_op_is_predicate), any strides, and is either new or exactly one
   * of the inputs (in-place), never partly overlapping them. Integer
   * DIV_TRUNC, DIV_FLOOR and REMAINDER check for a zero divisor before
   * writing and fail with GT_ERROR_VALUE "ZeroDivisionError". */
  gboolean (*unary)           (GtUnaryOp op, GtTensor *out, GtTensor *in,
                               const GtUnaryParams *params, GError **error);
  gboolean (*binary)          (GtBinaryOp op, GtTensor *out, GtTensor *a,
                               GtTensor *b, gdouble alpha, GError **error);
  /* @cond bool; @a, @b and @out of one dtype (any, float16 included). */
  gboolean (*where)           (GtTensor *out, GtTensor *cond, GtTensor *a,
                               GtTensor *b, GError **error);
  /* min(max(in, lo), hi) with either bound NULL. @tensor_bounds: NaN
   * bounds propagate (torch.clamp with tensors); otherwise the bounds are
   * 0-d or zero-stride and a NaN bound is ignored (torch's Scalar bounds). */
  gboolean (*clamp)           (GtTensor *out, GtTensor *in, GtTensor *lo,
                               GtTensor *hi, gboolean tensor_bounds,
                               GError **error);

  /* reductions and scans (gt-reduce.c, cpu/gt-cpu-reduce.c) */
  /* @op is a GtReduceOp (ops/gt-reduce-private.h): reduces the last
   * @n_reduced dims of @in into @out, contiguous with the kept dims' sizes
   * and the dtype the op chose; @indices (int64, like @out) for MAX/MIN,
   * else NULL. @param: the correction of VAR/STD, the p of NORM. Every
   * output reduces at least one element. */
  gboolean (*reduce)          (guint op, GtTensor *out, GtTensor *indices,
                               GtTensor *in, guint n_reduced, gdouble param,
                               GError **error);
  /* @op is a GtScanOp: scans the last dim of @in into @out (same sizes,
   * any strides, @out's dtype). */
  gboolean (*scan)            (guint op, GtTensor *out, GtTensor *in,
                               GError **error);

  /* sorting (gt-sort.c, cpu/gt-cpu-sort.c) */
  /* Both along the last dim of @in. @values (@in's dtype) and @indices
   * (int64) have @in's sizes, or its sizes with @k last for topk, and any
   * strides; either may be NULL when not wanted. NaN sorts above +inf. */
  gboolean (*sort)            (GtTensor *values, GtTensor *indices,
                               GtTensor *in, gboolean descending,
                               gboolean stable, GError **error);
  gboolean (*topk)            (GtTensor *values, GtTensor *indices,
                               GtTensor *in, gint64 k, gboolean largest,
                               gboolean sorted, GError **error);

  /* shapes: cat and friends (gt-shape.c, cpu/gt-cpu-shape.c) */
  /* Copies @srcs[i] into @dsts[i] for every i, as @copy does, in one go
   * (cat's slabs: one thread team for all of them); the destinations do
   * not overlap each other or the sources. */
  gboolean (*copy_many)       (GtTensor **dsts, GtTensor **srcs, guint n,
                               GError **error);

  /* indexing (gt-index.c, cpu/gt-cpu-index.c) */
  /* @index: int32 or int64 with the sizes of @out (gather) or @src
   * (scatter), any strides. Each kernel first checks every index against
   * [0, @size) ([-@size, @size) with GT_INDEX_WRAP; @flags are
   * GtIndexFlags from ops/gt-index-private.h) and fails with
   * gt_index_out_of_bounds (@func, value, @dim, @size) before touching
   * data. @src of gather / @dst of scatter come restrided: stride 0 along
   * the indexed dim, whose real stride (elements) is @stride:
   *   gather:  out[e] = src[e + index[e] * stride]
   *   scatter: dst[e + index[e] * stride] = src[e] (+= with ACCUMULATE;
   *            bool: or). All of one dtype, any. */
  gboolean (*gather)          (GtTensor *out, GtTensor *src, GtTensor *index,
                               guint dim, gint64 size, gint64 stride,
                               guint flags, const char *func, GError **error);
  gboolean (*scatter)         (GtTensor *dst, GtTensor *src, GtTensor *index,
                               guint dim, gint64 size, gint64 stride,
                               guint flags, const char *func, GError **error);
  /* @offsets (int64) += wrapped @index * @stride, @index expanded to the
   * sizes of @offsets; checked as above, negative indices wrap. */
  gboolean (*index_offsets)   (GtTensor *offsets, GtTensor *index, guint dim,
                               gint64 size, gint64 stride, const char *func,
                               GError **error);
  /* The smallest and largest value of a non-empty int64 tensor. */
  gboolean (*index_range)     (GtTensor *index, gint64 *min, gint64 *max,
                               GError **error);
  /* dst[e] = value where @mask (bool or uint8, @dst's sizes) is nonzero;
   * @value is 0-d of @dst's dtype. */
  gboolean (*masked_fill)     (GtTensor *dst, GtTensor *mask,
                               GtTensor *value, GError **error);
  /* The number of nonzero elements of @src (any dtype; NaN counts). */
  gboolean (*count_nonzero)   (GtTensor *src, gint64 *count, GError **error);
  /* @out (1-D contiguous, one element per nonzero of @mask) = the elements
   * of @src where @mask (bool or uint8, @src's sizes) is nonzero, in
   * row-major order. */
  gboolean (*masked_select)   (GtTensor *out, GtTensor *src, GtTensor *mask,
                               GError **error);
  /* @out (int64 [count, ndim] contiguous) = the coordinates of the nonzero
   * elements of @src in row-major order. */
  gboolean (*nonzero)         (GtTensor *out, GtTensor *src, GError **error);

  /* linear algebra (gt-linalg.c, cpu/gt-cpu-linalg.c) */
  /* out[..., M, N] = beta * out + alpha * (a[..., M, K] @ b[..., K, N]) for
   * every batch index: all three of one dtype (any, bool and float16
   * included) and ndim >= 2, with equal batch sizes (broadcast batches come
   * as zero strides); a and b any strides, out without overlap. beta == 0
   * ignores out's old values (NaN included); K == 0 gives beta * out.
   * Integer dtypes accumulate in int64 with alpha and beta truncated to
   * integers, as torch converts its Scalars; bool gives "any a & b". */
  gboolean (*gemm)            (GtTensor *out, GtTensor *a, GtTensor *b,
                               gdouble alpha, gdouble beta, GError **error);

  /* The neural-network families keep their entry points in sub-tables,
   * each declared in its family's private header and owned by it, so that
   * adding a kernel to one family touches no other file. A NULL sub-table
   * (or a NULL entry in one) means the backend lacks those kernels: the op
   * reports gt_backend_not_supported. */
  const struct _GtBackendConv  *conv;   /* ops/gt-conv-private.h: conv2d, pooling */
  const struct _GtBackendNN    *nn;     /* ops/gt-nn-private.h: activations, norms, dropout, embedding */
  const struct _GtBackendLoss  *loss;   /* ops/gt-loss-private.h: softmax and the losses */
  const struct _GtBackendOptim *optim;  /* optim/gt-optim-private.h: fused optimizer updates */
} GtBackend;

/* The backend of a device type: the CPU one always, the CUDA one once its
 * module has loaded. NULL with GT_ERROR_DEVICE_UNAVAILABLE otherwise. */
const GtBackend *gt_backend_get (GtDeviceType   type,
                                 GError       **error);

/* The built-in CPU backend. */
const GtBackend *gt_cpu_backend_get (void);

/* Used by gt-cuda.c once it has loaded the module. */
void gt_backend_register (const GtBackend *backend);

/* GT_ERROR_NOT_SUPPORTED naming the op and the backend; returns FALSE. */
gboolean gt_backend_not_supported (const char       *func,
                                   const GtBackend  *backend,
                                   GError          **error);

G_END_DECLS
