#pragma once

#include "gt-tensor-private.h"

G_BEGIN_DECLS

/*
 * Helpers shared by every op family: dtype promotion with torch's rules for
 * scalars and 0-d tensors, device checks, broadcasting of inputs, scalars
 * as 0-d tensors, and the checks of in-place ops. An op is: checks, then
 * these helpers, then one backend call.
 */

/* torch.result_type over several operands. n-d tensors outrank 0-d tensors,
 * which outrank plain numbers, unless a lower-ranked operand is of a higher
 * category (bool < integer < floating point). A plain float counts as the
 * default float dtype (float32), a plain int as int64. */
typedef struct {
  GtDType dim_result;
  GtDType zero_result;
  GtDType wrapped_result;
  guint   has;          /* bit 0: dim, bit 1: zero-dim, bit 2: wrapped */
} GtResultType;

void     gt_result_type_init        (GtResultType *rt);
void     gt_result_type_add_tensor  (GtResultType *rt,
                                     GtTensor     *t);
/* @kind: GT_DTYPE_FLOAT32 for a float, GT_DTYPE_INT64 for an integer,
 * GT_DTYPE_BOOL for a boolean plain number. */
void     gt_result_type_add_scalar  (GtResultType *rt,
                                     GtDType       kind);
GtDType  gt_result_type_get         (const GtResultType *rt);

/* Shorthands for two tensors, and for a tensor with a float scalar. */
GtDType  gt_result_type             (GtTensor     *a,
                                     GtTensor     *b);
GtDType  gt_result_type_with_float  (GtTensor     *a);

/* torch.can_cast: no float → integer, no non-bool → bool. */
gboolean gt_can_cast                (GtDType       from,
                                     GtDType       to);

/* All tensors on one device; a CPU 0-d tensor may join a CUDA op, as in
 * torch. GT_ERROR_DEVICE naming @func and the devices. */
gboolean gt_op_check_devices        (const char   *func,
                                     GtTensor    **tensors,
                                     guint         n,
                                     GError      **error);

/* The common device of @tensors (the first non-CPU one, else the CPU).
 * Call after gt_op_check_devices(). */
const GtDevice *gt_op_device        (GtTensor    **tensors,
                                     guint         n);

/* Prepares the inputs of an element-wise op: broadcasts their shapes
 * (GT_ERROR_SHAPE naming @func), converts each to @dtype (a copy only where
 * the dtype differs, and moves CPU 0-d tensors to @device), and expands it
 * to the common shape with zero strides. Stores new references in
 * @prepared and the shape in @shape/@ndim. */
gboolean gt_op_broadcast_inputs     (const char   *func,
                                     GtTensor    **inputs,
                                     guint         n,
                                     GtDType       dtype,
                                     const GtDevice *device,
                                     gint64       *shape,
                                     guint        *ndim,
                                     GtTensor    **prepared,
                                     GError      **error);

/* A 0-d tensor of @dtype holding @value on @device: how numbers reach the
 * kernels (expanded, it becomes a zero-stride operand). */
GtTensor *gt_op_scalar              (gdouble       value,
                                     GtDType       dtype,
                                     const GtDevice *device,
                                     GError      **error);

/* Checks for an in-place op writing a result of @result_dtype and shape
 * @shape into @self: the dtype must cast (torch's "result type Float can't
 * be cast to the desired output type Long"), the shape must be @self's
 * (no broadcasting of the destination), and @self must not have
 * overlapping elements. Also makes @self writable (copy on write, version
 * bump). */
gboolean gt_op_prepare_inplace      (const char   *func,
                                     GtTensor     *self,
                                     GtDType       result_dtype,
                                     const gint64 *shape,
                                     guint         ndim,
                                     GError      **error);

/* "[2, 3] float32" for messages; free with g_free(). */
char    *gt_tensor_describe         (GtTensor     *t);

/* GT_ERROR_VALUE "%s: self is not a tensor" style check for arguments
 * coming from bindings. */
gboolean gt_op_check_tensor         (const char   *func,
                                     const char   *name,
                                     GtTensor     *t,
                                     GError      **error);

G_END_DECLS
