#pragma once

#include "gt-tensor-private.h"

G_BEGIN_DECLS

/*
 * The reductions a backend implements through GtBackend.reduce, and the
 * scans through GtBackend.scan. The op layer (gt-reduce.c) has already
 * chosen the result dtype, checked the dims, put the reduced dims last and
 * handled reductions over zero elements; a kernel reduces the last
 * n_reduced dims of its input into a contiguous result of the kept dims.
 *
 * Numerics every backend follows (torch's):
 * - SUM, MEAN, VAR, STD, LOGSUMEXP and NORM of floating-point input
 *   accumulate in double (pairwise where a run is long); SUM and PROD of
 *   integers wrap in int64.
 * - AMAX, AMIN, MAX, MIN, ARGMAX, ARGMIN propagate NaN; indices are those
 *   of the first occurrence (of the first NaN where there is one), counted
 *   over the reduced dims flattened in row-major order.
 * - VAR and STD divide by max (0, n - correction); param is the correction.
 * - NORM: param is p; 0 counts non-zeros, ±inf take the max/min of |x|.
 * - LOGSUMEXP: log (sum (exp (x - m))) + m, m the maximum (0 if infinite).
 */
typedef enum {
  GT_REDUCE_SUM,
  GT_REDUCE_PROD,
  GT_REDUCE_MEAN,
  GT_REDUCE_VAR,
  GT_REDUCE_STD,
  GT_REDUCE_AMAX,
  GT_REDUCE_AMIN,
  GT_REDUCE_ALL,
  GT_REDUCE_ANY,
  GT_REDUCE_LOGSUMEXP,
  GT_REDUCE_NORM,
  GT_REDUCE_MAX,          /* values and indices */
  GT_REDUCE_MIN,          /* values and indices */
  GT_REDUCE_ARGMAX,       /* indices only, into an int64 result */
  GT_REDUCE_ARGMIN,
  GT_REDUCE_N_OPS
} GtReduceOp;

/* "sum", "prod", ...: torch's names, for messages. Pinned to the enum by a
 * static assertion in gt-reduce.c. */
extern const char *const gt_reduce_op_names[];

typedef enum {
  GT_SCAN_CUMSUM,
  GT_SCAN_N_OPS
} GtScanOp;

/* A view of @t with @dim moved last, the others in order; a 0-d tensor
 * becomes [1]. How scans and sorts hand their dim to a kernel. */
GtTensor *gt_tensor_dim_last_view (GtTensor *t,
                                   guint     dim);

/* gt-reduce-grad.c: makes a node the history of @out, a result computed
 * from @self, which needs a gradient. @mask: the reduced dims; @indices:
 * the positions of max_dim and min_dim (NULL for the other ops). */
void gt_reduce_record        (GtReduceOp  op,
                              GtTensor   *self,
                              guint       mask,
                              gboolean    keepdim,
                              gdouble     param,
                              gboolean    dims_given,
                              GtTensor   *out,
                              GtTensor   *indices);
void gt_reduce_record_cumsum (GtTensor   *self,
                              guint       dim,
                              GtTensor   *out);
/* sort and topk ("SortBackward0", "TopkBackward0"): @indices along @dim. */
void gt_reduce_record_select (const char *name,
                              GtTensor   *self,
                              guint       dim,
                              GtTensor   *out,
                              GtTensor   *indices);

G_END_DECLS
