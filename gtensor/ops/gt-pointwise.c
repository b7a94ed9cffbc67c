#include "config.h"

#include <math.h>
#include <string.h>

#include "gt-pointwise.h"
#include "gt-pointwise-private.h"
#include "gt-device-private.h"
#include "gt-autograd-private.h"
#include "gt-error.h"
#include "gt-grad-mode.h"
#include "gt-op-private.h"

/*
 * The pointwise op family: element-wise arithmetic, comparisons, logical
 * ops, where, clamp and the unary math functions, with torch 1.13's dtype
 * rules. Each public function is a thin wrapper over one of binary(),
 * unary(), where() and clamp() below, which check the operands, work out
 * torch's result dtype, broadcast and convert the inputs, set up the
 * output (new, or the in-place target) and make one backend call.
 *
 * Autograd: each of the four wraps its *_forward() computation; when an
 * input needs a gradient, the node is built first (gt-pointwise-grad.c
 * holds the rules), the result is computed with grad mode off so that the
 * helper ops inside record nothing, and the node becomes the result's
 * history. In-place forms refuse leaves that require grad.
 */

/* ggml's GGML_OP_NAME: one name per op, the count pinned so that a new op
 * cannot be added to the enum without naming it here. */
const char *const gt_unary_op_names[GT_UNARY_N_OPS] = {
  [GT_UNARY_EXP] = "exp",
  [GT_UNARY_LOG] = "log",
  [GT_UNARY_LOG2] = "log2",
  [GT_UNARY_LOG1P] = "log1p",
  [GT_UNARY_EXPM1] = "expm1",
  [GT_UNARY_SQRT] = "sqrt",
  [GT_UNARY_RSQRT] = "rsqrt",
  [GT_UNARY_SIN] = "sin",
  [GT_UNARY_COS] = "cos",
  [GT_UNARY_TANH] = "tanh",
  [GT_UNARY_SIGMOID] = "sigmoid",
  [GT_UNARY_RECIPROCAL] = "reciprocal",
  [GT_UNARY_ABS] = "abs",
  [GT_UNARY_NEG] = "neg",
  [GT_UNARY_SIGN] = "sign",
  [GT_UNARY_ROUND] = "round",
  [GT_UNARY_FLOOR] = "floor",
  [GT_UNARY_CEIL] = "ceil",
  [GT_UNARY_TRUNC] = "trunc",
  [GT_UNARY_RELU] = "relu",
  [GT_UNARY_SQUARE] = "square",
  [GT_UNARY_NAN_TO_NUM] = "nan_to_num",
  [GT_UNARY_ISNAN] = "isnan",
  [GT_UNARY_ISINF] = "isinf",
  [GT_UNARY_LOGICAL_NOT] = "logical_not",
};
G_STATIC_ASSERT (GT_UNARY_N_OPS == 25);

const char *const gt_binary_op_names[GT_BINARY_N_OPS] = {
  [GT_BINARY_ADD] = "add",
  [GT_BINARY_SUB] = "sub",
  [GT_BINARY_MUL] = "mul",
  [GT_BINARY_DIV] = "div",
  [GT_BINARY_DIV_TRUNC] = "div_trunc",
  [GT_BINARY_DIV_FLOOR] = "div_floor",
  [GT_BINARY_POW] = "pow",
  [GT_BINARY_MAXIMUM] = "maximum",
  [GT_BINARY_MINIMUM] = "minimum",
  [GT_BINARY_REMAINDER] = "remainder",
  [GT_BINARY_ATAN2] = "atan2",
  [GT_BINARY_EQ] = "eq",
  [GT_BINARY_NE] = "ne",
  [GT_BINARY_LT] = "lt",
  [GT_BINARY_LE] = "le",
  [GT_BINARY_GT] = "gt",
  [GT_BINARY_GE] = "ge",
  [GT_BINARY_LOGICAL_AND] = "logical_and",
  [GT_BINARY_LOGICAL_OR] = "logical_or",
  [GT_BINARY_LOGICAL_XOR] = "logical_xor",
};
G_STATIC_ASSERT (GT_BINARY_N_OPS == 20);

/* ---- shared machinery ---------------------------------------------------- */

/* The dtype a kernel computes in: float16 and bfloat16 go through float32
 * and are rounded once at the end, as torch's CPU kernels compute them in
 * their "opmath" type. */
static GtDType
kernel_dtype (GtDType dtype)
{
  if (dtype == GT_DTYPE_FLOAT16 || dtype == GT_DTYPE_BFLOAT16)
    return GT_DTYPE_FLOAT32;
  return dtype;
}

/* The broadcast shape of @n tensors. */
static gboolean
broadcast_all (const char  *func,
               GtTensor   **tensors,
               guint        n,
               gint64      *shape,
               guint       *ndim,
               GError     **error)
{
  guint nd = 0;

  for (guint i = 0; i < n; i++)
    {
      gint64 tmp[GT_MAX_DIMS];
      guint tmp_nd;

      if (!gt_broadcast_shapes (func, shape, nd, tensors[i]->sizes,
                                tensors[i]->ndim, tmp, &tmp_nd, error))
        return FALSE;
      memcpy (shape, tmp, tmp_nd * sizeof (gint64));
      nd = tmp_nd;
    }
  *ndim = nd;
  return TRUE;
}

static GtTensor *
convert (GtTensor        *t,
         GtDType          dtype,
         const GtDevice  *device,
         GError         **error)
{
  g_autoptr(GtTensor) converted = gt_tensor_new_empty (t->sizes, t->ndim, dtype,
                                                       device, error);

  if (converted == NULL || !gt_tensor_copy_ (converted, t, error))
    return NULL;
  return g_steal_pointer (&converted);
}

/* @t as the kernel reads it: converted to @compute, then to the kernel's
 * dtype @kd (float32 for the 16-bit floats: their inputs are rounded to 16
 * bits first, as in torch), on @device and expanded to @shape. Copies and
 * views are made only where something differs. */
static GtTensor *
prepare_operand (GtTensor        *t,
                 GtDType          compute,
                 GtDType          kd,
                 const GtDevice  *device,
                 const gint64    *shape,
                 guint            ndim,
                 GError         **error)
{
  g_autoptr(GtTensor) rounded = NULL, converted = NULL;

  if (kd != compute && t->dtype != compute)
    {
      if ((rounded = convert (t, compute, device, error)) == NULL)
        return NULL;
      t = rounded;
    }
  if (t->dtype != kd || !gt_device_same (gt_tensor_device (t), device))
    {
      if ((converted = convert (t, kd, device, error)) == NULL)
        return NULL;
      t = converted;
    }
  if (t->ndim == ndim && memcmp (t->sizes, shape, ndim * sizeof (gint64)) == 0)
    return g_object_ref (t);
  return gt_tensor_expand_view (t, shape, ndim);
}

/* A number as a 0-d kernel operand, rounded to @compute on the way. */
static GtTensor *
prepare_operand_scalar (gdouble          value,
                        GtDType          compute,
                        GtDType          kd,
                        const GtDevice  *device,
                        GError         **error)
{
  g_autoptr(GtTensor) t = gt_op_scalar (value, compute, device, error);

  if (t == NULL)
    return NULL;
  return prepare_operand (t, compute, kd, device, t->sizes, 0, error);
}

/* Whether @t reads memory of @self other than element-for-element: then an
 * in-place result is computed aside and copied in at the end. */
static gboolean
overlaps_partially (GtTensor *self,
                    GtTensor *t)
{
  if (t->storage != self->storage)
    return FALSE;
  return t->offset != self->offset || t->ndim != self->ndim ||
         memcmp (t->sizes, self->sizes, self->ndim * sizeof (gint64)) != 0 ||
         memcmp (t->strides, self->strides, self->ndim * sizeof (gint64)) != 0;
}

/* Where a kernel writes, and what becomes of it. */
typedef struct {
  const char *func;
  GtTensor   *self;       /* the in-place target, or NULL */
  GtTensor   *out;        /* what the kernel writes (owned) */
  GtDType     result;     /* torch's result dtype */
} Sink;

static void
sink_clear (Sink *sink)
{
  g_clear_object (&sink->out);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sink, sink_clear)

/* Sets up @sink for a result of @result dtype and @shape that the kernel
 * writes as @kernel_out. In place (@self non-NULL), torch's checks come
 * first; the kernel then writes straight into @self unless the dtype
 * differs or an input overlaps it partly. */
static gboolean
sink_begin (Sink            *sink,
            const char      *func,
            GtTensor        *self,
            GtDType          result,
            GtDType          kernel_out,
            const gint64    *shape,
            guint            ndim,
            const GtDevice  *device,
            GtTensor       **inputs,
            guint            n_inputs,
            GError         **error)
{
  gboolean direct;

  sink->func = func;
  sink->self = self;
  sink->result = result;
  sink->out = NULL;

  if (self == NULL)
    {
      sink->out = gt_tensor_new_empty (shape, ndim, kernel_out, device, error);
      return sink->out != NULL;
    }

  if (!gt_op_prepare_inplace (func, self, result, shape, ndim, error))
    return FALSE;
  direct = self->dtype == kernel_out;
  for (guint i = 0; i < n_inputs && direct; i++)
    direct = !overlaps_partially (self, inputs[i]);
  if (direct)
    sink->out = g_object_ref (self);
  else
    sink->out = gt_tensor_new_empty (shape, ndim, kernel_out, device, error);
  return sink->out != NULL;
}

/* The result: @sink's output in torch's dtype, or for an in-place op a new
 * reference to self after copying the output in. */
static GtTensor *
sink_finish (Sink    *sink,
             GError **error)
{
  if (sink->self != NULL)
    {
      if (sink->out != sink->self && sink->out->numel > 0 &&
          !gt_tensor_copy_ (sink->self, sink->out, error))
        return NULL;
      return g_object_ref (sink->self);
    }
  if (sink->out->dtype != sink->result)
    return gt_tensor_to_dtype (sink->out, sink->result, error);
  return g_object_ref (sink->out);
}

/* A kernel's own error (a zero divisor) gets the public function's name. */
static gboolean
kernel_failed (const char  *func,
               GError     **error)
{
  g_prefix_error (error, "%s: ", func);
  return FALSE;
}

static gboolean
unsupported_dtype (const char  *func,
                   const char  *what,
                   GtDType      dtype,
                   GError     **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
               "%s: %s is not implemented for dtype %s", func, what,
               gt_dtype_get_name (dtype));
  return FALSE;
}

/* ---- binary ops ---------------------------------------------------------- */

/* A binary operand: a tensor, or a number with Python float semantics. */
typedef struct {
  gboolean  is_tensor;
  GtTensor *tensor;
  gdouble   value;
} Operand;

#define TENSOR(t) ((Operand) { TRUE, (t), 0.0 })
#define NUMBER(v) ((Operand) { FALSE, NULL, (v) })

/* How an op's dtypes follow from the operands' common dtype. */
typedef enum {
  RULE_COMMON,        /* the common dtype (add, mul, maximum, ...) */
  RULE_NO_BOOL,       /* the same, but bool is refused */
  RULE_FLOAT,         /* integers and bool compute in float32 */
  RULE_PREDICATE,     /* compare in the common dtype, bool result */
  RULE_LOGICAL,       /* inputs as bool, bool result */
} Rule;

static const Rule binary_rules[GT_BINARY_N_OPS] = {
  [GT_BINARY_ADD] = RULE_COMMON,
  [GT_BINARY_SUB] = RULE_COMMON,
  [GT_BINARY_MUL] = RULE_COMMON,
  [GT_BINARY_DIV] = RULE_FLOAT,
  [GT_BINARY_DIV_TRUNC] = RULE_NO_BOOL,
  [GT_BINARY_DIV_FLOOR] = RULE_NO_BOOL,
  [GT_BINARY_POW] = RULE_NO_BOOL,
  [GT_BINARY_MAXIMUM] = RULE_COMMON,
  [GT_BINARY_MINIMUM] = RULE_COMMON,
  [GT_BINARY_REMAINDER] = RULE_NO_BOOL,
  [GT_BINARY_ATAN2] = RULE_FLOAT,
  [GT_BINARY_EQ] = RULE_PREDICATE,
  [GT_BINARY_NE] = RULE_PREDICATE,
  [GT_BINARY_LT] = RULE_PREDICATE,
  [GT_BINARY_LE] = RULE_PREDICATE,
  [GT_BINARY_GT] = RULE_PREDICATE,
  [GT_BINARY_GE] = RULE_PREDICATE,
  [GT_BINARY_LOGICAL_AND] = RULE_LOGICAL,
  [GT_BINARY_LOGICAL_OR] = RULE_LOGICAL,
  [GT_BINARY_LOGICAL_XOR] = RULE_LOGICAL,
};

static GtDType
operand_dtype (Operand x)
{
  return x.is_tensor ? x.tensor->dtype : GT_DTYPE_FLOAT32;
}

/* torch's sub_check. */
static gboolean
check_sub (const char  *func,
           Operand      x,
           Operand      y,
           GError     **error)
{
  gboolean xb = operand_dtype (x) == GT_DTYPE_BOOL;
  gboolean yb = operand_dtype (y) == GT_DTYPE_BOOL;

  if (xb && yb)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: Subtraction, the `-` operator, with two bool tensors "
                   "is not supported. Use the `^` or `logical_xor()` operator "
                   "instead.", func);
      return FALSE;
    }
  if (xb || yb)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: Subtraction, the `-` operator, with a bool tensor is "
                   "not supported. If you are trying to invert a mask, use "
                   "the `~` or `logical_not()` operator instead.", func);
      return FALSE;
    }
  return TRUE;
}

/* torch's alpha_check: integer and bool results take whole alphas only. */
static gboolean
check_alpha (const char  *func,
             GtDType      compute,
             gdouble      alpha,
             GError     **error)
{
  if (gt_dtype_is_floating_point (compute) ||
      (alpha == floor (alpha) && fabs (alpha) < 9.2e18))
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
               "%s: alpha %g is not a whole number: for integral input "
               "tensors (here %s), argument alpha must not be a floating "
               "point number", func, alpha, gt_dtype_get_name (compute));
  return FALSE;
}

/* The compute and result dtypes of @op for operands of @common dtype. */
static gboolean
binary_dtypes (const char  *func,
               GtBinaryOp   op,
               GtDType      common,
               GtDType     *compute,
               GtDType     *result,
               GError     **error)
{
  switch (binary_rules[op])
    {
    case RULE_COMMON:
      *compute = *result = common;
      return TRUE;
    case RULE_NO_BOOL:
      if (common == GT_DTYPE_BOOL)
        return unsupported_dtype (func, gt_binary_op_names[op], common, error);
      *compute = *result = common;
      return TRUE;
    case RULE_FLOAT:
      *compute = *result = gt_dtype_is_floating_point (common)
                           ? common : GT_DTYPE_FLOAT32;
      return TRUE;
    case RULE_PREDICATE:
      *compute = common;
      *result = GT_DTYPE_BOOL;
      return TRUE;
    case RULE_LOGICAL:
      *compute = *result = GT_DTYPE_BOOL;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* Exponents for which x ** e is a unary op. */
static gboolean
pow_shortcut (gdouble    exponent,
              GtUnaryOp *op)
{
  if (exponent == 2.0)
    *op = GT_UNARY_SQUARE;
  else if (exponent == 0.5)
    *op = GT_UNARY_SQRT;
  else if (exponent == -0.5)
    *op = GT_UNARY_RSQRT;
  else if (exponent == -1.0)
    *op = GT_UNARY_RECIPROCAL;
  else
    return FALSE;
  return TRUE;
}

/* Whether @a and @b can go to a kernel as they are: of the kernel's dtype,
 * on @device, with the same sizes. */
static inline gboolean
operands_ready (GtTensor        *a,
                GtTensor        *b,
                GtDType          kd,
                const GtDevice  *device)
{
  return a->dtype == kd && b->dtype == kd && a->ndim == b->ndim &&
         memcmp (a->sizes, b->sizes, a->ndim * sizeof (gint64)) == 0 &&
         gt_device_same (gt_tensor_device (a), device) &&
         gt_device_same (gt_tensor_device (b), device);
}

/* The small-op path of binary_forward(): two float32 or float64 tensors of
 * one dtype, shape and device, for an op whose result has that dtype. None
 * of torch's dtype checks can fail then, and the operands go to the kernel
 * as they are. Returns FALSE when the case is not this one (nothing done);
 * otherwise sets *@out to the result, or to NULL with @error set. */
static gboolean
binary_same (const char  *func,
             GtBinaryOp   op,
             GtTensor    *x,
             GtTensor    *y,
             gdouble      alpha,
             gboolean     inplace,
             GtTensor   **out,
             GError     **error)
{
  GtDType dtype = x->dtype;
  const GtBackend *backend = gt_tensor_backend (x);
  GtTensor *r;

  if ((dtype != GT_DTYPE_FLOAT32 && dtype != GT_DTYPE_FLOAT64) ||
      y->dtype != dtype || backend->binary == NULL ||
      gt_binary_op_is_predicate (op) || binary_rules[op] == RULE_LOGICAL ||
      !operands_ready (x, y, dtype, gt_tensor_device (x)) ||
      (inplace && overlaps_partially (x, y)))
    return FALSE;

  if (inplace)
    {
      if (!gt_op_prepare_inplace (func, x, dtype, x->sizes, x->ndim, error))
        {
          *out = NULL;
          return TRUE;
        }
      r = g_object_ref (x);
    }
  else if ((r = gt_tensor_new_empty (x->sizes, x->ndim, dtype,
                                     gt_tensor_device (x), error)) == NULL)
    {
      *out = NULL;
      return TRUE;
    }

  if (r->numel > 0 && !backend->binary (op, r, x, y, alpha, error))
    {
      kernel_failed (func, error);
      g_clear_object (&r);
    }
  *out = r;
  return TRUE;
}

/* Every binary op: @x op @y, numbers promoting as Python floats; @inplace
 * writes the result into @x's tensor. */
static GtTensor *
binary_forward (const char  *func,
                GtBinaryOp   op,
                Operand      x,
                Operand      y,
                gdouble      alpha,
                gboolean     inplace,
                GError     **error)
{
  g_auto(Sink) sink = { 0 };
  g_autoptr(GtTensor) xs = NULL, ys = NULL, a_owned = NULL, b_owned = NULL;
  GtTensor *tensors[2], *a, *b;
  const GtDevice *device;
  const GtBackend *backend;
  GtResultType rt;
  GtDType compute, result, kd;
  GtUnaryOp uop;
  gint64 shape[GT_MAX_DIMS];
  guint nd, n = 0;

  if (x.is_tensor && y.is_tensor && GT_IS_TENSOR (x.tensor) &&
      GT_IS_TENSOR (y.tensor))
    {
      GtTensor *out;

      if (binary_same (func, op, x.tensor, y.tensor, alpha, inplace, &out,
                       error))
        return out;
    }

  gt_result_type_init (&rt);
  if (x.is_tensor)
    {
      if (!gt_op_check_tensor (func, "self", x.tensor, error))
        return NULL;
      gt_result_type_add_tensor (&rt, x.tensor);
      tensors[n++] = x.tensor;
    }
  else
    gt_result_type_add_scalar (&rt, GT_DTYPE_FLOAT32);
  if (y.is_tensor)
    {
      if (!gt_op_check_tensor (func, "other", y.tensor, error))
        return NULL;
      gt_result_type_add_tensor (&rt, y.tensor);
      tensors[n++] = y.tensor;
    }
  else
    gt_result_type_add_scalar (&rt, GT_DTYPE_FLOAT32);

  if (op == GT_BINARY_SUB && !check_sub (func, x, y, error))
    return NULL;
  if (!binary_dtypes (func, op, gt_result_type_get (&rt), &compute, &result,
                      error))
    return NULL;
  if ((op == GT_BINARY_ADD || op == GT_BINARY_SUB) &&
      !check_alpha (func, compute, alpha, error))
    return NULL;
  if (!gt_op_check_devices (func, tensors, n, error))
    return NULL;
  device = gt_op_device (tensors, n);
  kd = kernel_dtype (compute);

  /* Numbers become 0-d tensors of the compute dtype: zero-stride operands
   * once expanded. */
  if (!x.is_tensor &&
      (xs = gt_op_scalar (x.value, compute, device, error)) == NULL)
    return NULL;
  if (!y.is_tensor &&
      (ys = gt_op_scalar (y.value, compute, device, error)) == NULL)
    return NULL;
  tensors[0] = x.is_tensor ? x.tensor : xs;
  tensors[1] = y.is_tensor ? y.tensor : ys;

  if (kd == compute && operands_ready (tensors[0], tensors[1], kd, device))
    {
      /* The small-op path: nothing to convert, expand or reference. */
      a = tensors[0];
      b = tensors[1];
      nd = a->ndim;
      memcpy (shape, a->sizes, nd * sizeof (gint64));
    }
  else if (!broadcast_all (func, tensors, 2, shape, &nd, error) ||
           (a = a_owned = prepare_operand (tensors[0], compute, kd, device,
                                           shape, nd, error)) == NULL ||
           (b = b_owned = prepare_operand (tensors[1], compute, kd, device,
                                           shape, nd, error)) == NULL)
    return NULL;

  {
    GtTensor *inputs[2] = { a, b };

    if (!sink_begin (&sink, func, inplace ? x.tensor : NULL, result,
                     gt_binary_op_is_predicate (op) ? GT_DTYPE_BOOL : kd,
                     shape, nd, device, inputs, 2, error))
      return NULL;
  }
  backend = gt_tensor_backend (sink.out);
  if (sink.out->numel == 0)
    return sink_finish (&sink, error);
  if (op == GT_BINARY_POW && !y.is_tensor &&
      gt_dtype_is_floating_point (kd) && pow_shortcut (y.value, &uop))
    {
      /* torch's pow_tensor_scalar_optimized_kernel: the same values as
       * torch for these exponents, and faster than the general pow */
      if (backend->unary == NULL)
        return gt_backend_not_supported (func, backend, error), NULL;
      if (!backend->unary (uop, sink.out, a, NULL, error))
        return kernel_failed (func, error), NULL;
      return sink_finish (&sink, error);
    }
  if (backend->binary == NULL)
    return gt_backend_not_supported (func, backend, error), NULL;
  if (!backend->binary (op, sink.out, a, b, alpha, error))
    return kernel_failed (func, error), NULL;
  return sink_finish (&sink, error);
}

/* binary_forward() with autograd; comparisons and logical ops record
 * nothing. */
static GtTensor *
binary (const char  *func,
        GtBinaryOp   op,
        Operand      x,
        Operand      y,
        gdouble      alpha,
        gboolean     inplace,
        GError     **error)
{
  GtTensor *inputs[2] = { x.tensor, y.tensor };
  GtTensor *out;
  GtNode *node;

  if (inplace && x.tensor != NULL &&
      !gt_autograd_check_inplace (func, x.tensor, error))
    return NULL;
  if (gt_binary_op_is_predicate (op) || !gt_autograd_should_record (inputs, 2))
    return binary_forward (func, op, x, y, alpha, inplace, error);

  node = gt_pointwise_binary_node (op, x.tensor, x.value, y.tensor, y.value,
                                   alpha, inplace, error);
  if (node == NULL)
    return NULL;
  {
    /* (the guard object's allocation is a tenth of a small op) */
    gboolean previous = gt_set_grad_enabled (FALSE);

    out = binary_forward (func, op, x, y, alpha, inplace, error);
    gt_set_grad_enabled (previous);
  }
  if (out != NULL)
    gt_pointwise_record (node, out);
  gt_node_unref (node);
  return out;
}

static gboolean
binary_ (const char  *func,
         GtBinaryOp   op,
         GtTensor    *self,
         Operand      y,
         gdouble      alpha,
         GError     **error)
{
  g_autoptr(GtTensor) r = binary (func, op, TENSOR (self), y, alpha, TRUE, error);

  return r != NULL;
}

/* torch.div's rounding_mode. */
static gboolean
div_op (const char  *func,
        const char  *rounding_mode,
        GtBinaryOp  *op,
        GError     **error)
{
  if (rounding_mode == NULL)
    *op = GT_BINARY_DIV;
  else if (strcmp (rounding_mode, "trunc") == 0)
    *op = GT_BINARY_DIV_TRUNC;
  else if (strcmp (rounding_mode, "floor") == 0)
    *op = GT_BINARY_DIV_FLOOR;
  else
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: expected rounding_mode to be one of NULL, 'trunc', "
                   "or 'floor' but found '%s'", func, rounding_mode);
      return FALSE;
    }
  return TRUE;
}

/* ---- unary ops ----------------------------------------------------------- */

typedef enum {
  URULE_FLOAT,        /* integers and bool compute in float32 (exp, ...) */
  URULE_NUMBER,       /* same dtype, bool refused (abs, neg, relu) */
  URULE_ROUNDING,     /* floats rounded, integers copied, bool refused */
  URULE_SAME,         /* same dtype, any (sign) */
  URULE_FLOAT_ONLY,   /* floats computed, integers and bool copied */
  URULE_SQUARE,       /* torch.pow(x, 2): bool gives int64 */
  URULE_PREDICATE,    /* bool result */
} URule;

static const URule unary_rules[GT_UNARY_N_OPS] = {
  [GT_UNARY_EXP] = URULE_FLOAT,
  [GT_UNARY_LOG] = URULE_FLOAT,
  [GT_UNARY_LOG2] = URULE_FLOAT,
  [GT_UNARY_LOG1P] = URULE_FLOAT,
  [GT_UNARY_EXPM1] = URULE_FLOAT,
  [GT_UNARY_SQRT] = URULE_FLOAT,
  [GT_UNARY_RSQRT] = URULE_FLOAT,
  [GT_UNARY_SIN] = URULE_FLOAT,
  [GT_UNARY_COS] = URULE_FLOAT,
  [GT_UNARY_TANH] = URULE_FLOAT,
  [GT_UNARY_SIGMOID] = URULE_FLOAT,
  [GT_UNARY_RECIPROCAL] = URULE_FLOAT,
  [GT_UNARY_ABS] = URULE_NUMBER,
  [GT_UNARY_NEG] = URULE_NUMBER,
  [GT_UNARY_SIGN] = URULE_SAME,
  [GT_UNARY_ROUND] = URULE_ROUNDING,
  [GT_UNARY_FLOOR] = URULE_ROUNDING,
  [GT_UNARY_CEIL] = URULE_ROUNDING,
  [GT_UNARY_TRUNC] = URULE_ROUNDING,
  [GT_UNARY_RELU] = URULE_NUMBER,
  [GT_UNARY_SQUARE] = URULE_SQUARE,
  [GT_UNARY_NAN_TO_NUM] = URULE_FLOAT_ONLY,
  [GT_UNARY_ISNAN] = URULE_PREDICATE,
  [GT_UNARY_ISINF] = URULE_PREDICATE,
  [GT_UNARY_LOGICAL_NOT] = URULE_PREDICATE,
};

static gboolean
check_unary_dtype (const char  *func,
                   GtUnaryOp    op,
                   GtDType      dtype,
                   GError     **error)
{
  if (dtype != GT_DTYPE_BOOL)
    return TRUE;
  if (op == GT_UNARY_NEG)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: Negation, the `-` operator, on a bool tensor is not "
                   "supported. If you are trying to invert a mask, use the "
                   "`~` or `logical_not()` operator instead.", func);
      return FALSE;
    }
  if (unary_rules[op] == URULE_NUMBER || unary_rules[op] == URULE_ROUNDING)
    return unsupported_dtype (func, gt_unary_op_names[op], dtype, error);
  return TRUE;
}

/* Every unary op; @inplace writes into @self. */
static GtTensor *
unary_forward (const char           *func,
               GtUnaryOp             op,
               GtTensor             *self,
               const GtUnaryParams  *params,
               gboolean              inplace,
               GError              **error)
{
  g_auto(Sink) sink = { 0 };
  g_autoptr(GtTensor) in = NULL;
  const GtBackend *backend;
  GtDType compute, result;
  URule rule;

  if (!gt_op_check_tensor (func, "self", self, error) ||
      !check_unary_dtype (func, op, self->dtype, error))
    return NULL;

  rule = unary_rules[op];
  compute = result = self->dtype;
  if (rule == URULE_FLOAT && !gt_dtype_is_floating_point (compute))
    compute = result = GT_DTYPE_FLOAT32;
  else if (rule == URULE_SQUARE && compute == GT_DTYPE_BOOL)
    compute = result = GT_DTYPE_INT64;
  else if (rule == URULE_PREDICATE)
    result = GT_DTYPE_BOOL;

  /* Rounding an integer, or replacing NaN in one, changes nothing: torch
   * returns a copy. */
  if ((rule == URULE_ROUNDING || rule == URULE_FLOAT_ONLY) &&
      !gt_dtype_is_floating_point (compute))
    {
      if (inplace)
        return g_object_ref (self);
      return gt_tensor_clone (self, error);
    }

  in = prepare_operand (self, compute, kernel_dtype (compute),
                        gt_tensor_device (self), self->sizes, self->ndim,
                        error);
  if (in == NULL ||
      !sink_begin (&sink, func, inplace ? self : NULL, result,
                   rule == URULE_PREDICATE ? GT_DTYPE_BOOL
                                           : kernel_dtype (compute),
                   self->sizes, self->ndim, gt_tensor_device (self), &in, 1,
                   error))
    return NULL;
  backend = gt_tensor_backend (sink.out);
  if (backend->unary == NULL)
    return gt_backend_not_supported (func, backend, error), NULL;
  if (sink.out->numel > 0 &&
      !backend->unary (op, sink.out, in, params, error))
    return kernel_failed (func, error), NULL;
  return sink_finish (&sink, error);
}

/* unary_forward() with autograd; isnan, isinf and logical_not record
 * nothing. */
static GtTensor *
unary (const char           *func,
       GtUnaryOp             op,
       GtTensor             *self,
       const GtUnaryParams  *params,
       gboolean              inplace,
       GError              **error)
{
  GtTensor *out;
  GtNode *node;

  if (inplace && self != NULL && !gt_autograd_check_inplace (func, self, error))
    return NULL;
  if (gt_unary_op_is_predicate (op) || !gt_autograd_should_record (&self, 1))
    return unary_forward (func, op, self, params, inplace, error);

  node = gt_pointwise_unary_node (op, self, params, inplace, error);
  if (node == NULL)
    return NULL;
  {
    gboolean previous = gt_set_grad_enabled (FALSE);

    out = unary_forward (func, op, self, params, inplace, error);
    gt_set_grad_enabled (previous);
  }
  if (out != NULL)
    gt_pointwise_record (node, out);
  gt_node_unref (node);
  return out;
}

static gboolean
unary_ (const char           *func,
        GtUnaryOp             op,
        GtTensor             *self,
        const GtUnaryParams  *params,
        GError              **error)
{
  g_autoptr(GtTensor) r = unary (func, op, self, params, TRUE, error);

  return r != NULL;
}

/* ---- where --------------------------------------------------------------- */

static GtTensor *
where_forward (const char  *func,
               GtTensor    *condition,
       Operand      x,
       Operand      y,
       GError     **error)
{
  g_auto(Sink) sink = { 0 };
  g_autoptr(GtTensor) xs = NULL, ys = NULL, c = NULL, a = NULL, b = NULL;
  GtTensor *tensors[3];
  const GtDevice *device;
  const GtBackend *backend;
  GtResultType rt;
  GtDType result;
  gint64 shape[GT_MAX_DIMS];
  guint nd, n = 0;

  if (!gt_op_check_tensor (func, "condition", condition, error))
    return NULL;
  /* torch 1.13 still accepts uint8 conditions (with a deprecation warning). */
  if (condition->dtype != GT_DTYPE_BOOL && condition->dtype != GT_DTYPE_UINT8)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected condition to be a boolean tensor, but got a "
                   "tensor with dtype %s", func,
                   gt_dtype_get_name (condition->dtype));
      return NULL;
    }
  tensors[n++] = condition;
  gt_result_type_init (&rt);
  if (x.is_tensor)
    {
      if (!gt_op_check_tensor (func, "input", x.tensor, error))
        return NULL;
      gt_result_type_add_tensor (&rt, x.tensor);
      tensors[n++] = x.tensor;
    }
  else
    gt_result_type_add_scalar (&rt, GT_DTYPE_FLOAT32);
  if (y.is_tensor)
    {
      if (!gt_op_check_tensor (func, "other", y.tensor, error))
        return NULL;
      gt_result_type_add_tensor (&rt, y.tensor);
      tensors[n++] = y.tensor;
    }
  else
    gt_result_type_add_scalar (&rt, GT_DTYPE_FLOAT32);
  result = gt_result_type_get (&rt);

  if (!gt_op_check_devices (func, tensors, n, error))
    return NULL;
  device = gt_op_device (tensors, n);
  if (!x.is_tensor && (xs = gt_op_scalar (x.value, result, device, error)) == NULL)
    return NULL;
  if (!y.is_tensor && (ys = gt_op_scalar (y.value, result, device, error)) == NULL)
    return NULL;
  tensors[1] = x.is_tensor ? x.tensor : xs;
  tensors[2] = y.is_tensor ? y.tensor : ys;

  /* A selection: any dtype works as it is, float16 included. */
  if (!broadcast_all (func, tensors, 3, shape, &nd, error) ||
      (c = prepare_operand (condition, GT_DTYPE_BOOL, GT_DTYPE_BOOL, device,
                            shape, nd, error)) == NULL ||
      (a = prepare_operand (tensors[1], result, result, device, shape, nd,
                            error)) == NULL ||
      (b = prepare_operand (tensors[2], result, result, device, shape, nd,
                            error)) == NULL ||
      !sink_begin (&sink, func, NULL, result, result, shape, nd, device, NULL,
                   0, error))
    return NULL;
  backend = gt_tensor_backend (sink.out);
  if (backend->where == NULL)
    return gt_backend_not_supported (func, backend, error), NULL;
  if (sink.out->numel > 0 && !backend->where (sink.out, c, a, b, error))
    return kernel_failed (func, error), NULL;
  return sink_finish (&sink, error);
}

/* where_forward() with autograd: the gradient flows to the selected
 * operand; the condition gets none. */
static GtTensor *
where (const char  *func,
       GtTensor    *condition,
       Operand      x,
       Operand      y,
       GError     **error)
{
  GtTensor *inputs[2] = { x.tensor, y.tensor };
  GtTensor *out;
  GtNode *node;

  if (condition == NULL || !gt_autograd_should_record (inputs, 2))
    return where_forward (func, condition, x, y, error);

  node = gt_pointwise_where_node (condition, x.tensor, y.tensor, error);
  if (node == NULL)
    return NULL;
  {
    gboolean previous = gt_set_grad_enabled (FALSE);

    out = where_forward (func, condition, x, y, error);
    gt_set_grad_enabled (previous);
  }
  if (out != NULL)
    gt_pointwise_record (node, out);
  gt_node_unref (node);
  return out;
}

/* ---- clamp --------------------------------------------------------------- */

/* Tensor bounds (@lo / @hi tensors, NaN propagates) or number bounds
 * (@has_lo / @has_hi with values, Python float promotion, NaN ignored). */
typedef struct {
  GtTensor *lo;
  GtTensor *hi;
  gboolean  has_lo;
  gboolean  has_hi;
  gdouble   lo_value;
  gdouble   hi_value;
  gboolean  numbers;
} Bounds;

static GtTensor *
clamp_forward (const char    *func,
               GtTensor      *self,
               const Bounds  *bounds,
               gboolean       inplace,
               GError       **error)
{
  g_auto(Sink) sink = { 0 };
  g_autoptr(GtTensor) lo_s = NULL, hi_s = NULL, x = NULL, lo = NULL, hi = NULL;
  GtTensor *tensors[3];
  GtTensor *inputs[3];
  const GtDevice *device;
  const GtBackend *backend;
  GtResultType rt;
  GtDType result, kd;
  gint64 shape[GT_MAX_DIMS];
  guint nd, n = 0, n_inputs = 0;

  if (!gt_op_check_tensor (func, "self", self, error))
    return NULL;
  if (!bounds->numbers && bounds->lo == NULL && bounds->hi == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: at least one of min and max must not be NULL", func);
      return NULL;
    }

  tensors[n++] = self;
  gt_result_type_init (&rt);
  gt_result_type_add_tensor (&rt, self);
  if (bounds->numbers)
    gt_result_type_add_scalar (&rt, GT_DTYPE_FLOAT32);
  else
    {
      if (bounds->lo != NULL)
        {
          if (!gt_op_check_tensor (func, "min", bounds->lo, error))
            return NULL;
          gt_result_type_add_tensor (&rt, bounds->lo);
          tensors[n++] = bounds->lo;
        }
      if (bounds->hi != NULL)
        {
          if (!gt_op_check_tensor (func, "max", bounds->hi, error))
            return NULL;
          gt_result_type_add_tensor (&rt, bounds->hi);
          tensors[n++] = bounds->hi;
        }
    }
  result = gt_result_type_get (&rt);
  kd = kernel_dtype (result);
  if (!gt_op_check_devices (func, tensors, n, error))
    return NULL;
  device = gt_op_device (tensors, n);

  if (bounds->numbers)
    {
      if (bounds->has_lo &&
          (lo_s = prepare_operand_scalar (bounds->lo_value, result, kd, device,
                                          error)) == NULL)
        return NULL;
      if (bounds->has_hi &&
          (hi_s = prepare_operand_scalar (bounds->hi_value, result, kd, device,
                                          error)) == NULL)
        return NULL;
    }

  if (!broadcast_all (func, tensors, n, shape, &nd, error) ||
      (x = prepare_operand (self, result, kd, device, shape, nd, error)) == NULL)
    return NULL;
  inputs[n_inputs++] = x;
  if (bounds->lo != NULL)
    {
      if ((lo = prepare_operand (bounds->lo, result, kd, device, shape, nd,
                                error)) == NULL)
        return NULL;
      inputs[n_inputs++] = lo;
    }
  if (bounds->hi != NULL)
    {
      if ((hi = prepare_operand (bounds->hi, result, kd, device, shape, nd,
                                error)) == NULL)
        return NULL;
      inputs[n_inputs++] = hi;
    }
  if (!sink_begin (&sink, func, inplace ? self : NULL, result, kd, shape, nd,
                   device, inputs, n_inputs, error))
    return NULL;

  backend = gt_tensor_backend (sink.out);
  /* torch.clamp and clamp_min / clamp_max with a NaN number fill NaN. */
  if (bounds->numbers && ((bounds->has_lo && isnan (bounds->lo_value)) ||
                          (bounds->has_hi && isnan (bounds->hi_value))))
    {
      if (sink.out->numel > 0 && !backend->fill (sink.out, NAN, error))
        return NULL;
      return sink_finish (&sink, error);
    }
  if (backend->clamp == NULL)
    return gt_backend_not_supported (func, backend, error), NULL;
  if (sink.out->numel > 0 &&
      !backend->clamp (sink.out, x, bounds->numbers ? lo_s : lo,
                       bounds->numbers ? hi_s : hi, !bounds->numbers, error))
    return kernel_failed (func, error), NULL;
  return sink_finish (&sink, error);
}

/* clamp_forward() with autograd. */
static GtTensor *
clamp (const char    *func,
       GtTensor      *self,
       const Bounds  *bounds,
       gboolean       inplace,
       GError       **error)
{
  GtTensor *inputs[3] = { self, bounds->lo, bounds->hi };
  GtTensor *out;
  GtNode *node;

  if (inplace && self != NULL && !gt_autograd_check_inplace (func, self, error))
    return NULL;
  if (self == NULL || !gt_autograd_should_record (inputs, 3))
    return clamp_forward (func, self, bounds, inplace, error);

  node = gt_pointwise_clamp_node (self, bounds->lo, bounds->hi, bounds->numbers,
                                  bounds->has_lo, bounds->lo_value,
                                  bounds->has_hi, bounds->hi_value, inplace,
                                  error);
  if (node == NULL)
    return NULL;
  {
    gboolean previous = gt_set_grad_enabled (FALSE);

    out = clamp_forward (func, self, bounds, inplace, error);
    gt_set_grad_enabled (previous);
  }
  if (out != NULL)
    gt_pointwise_record (node, out);
  gt_node_unref (node);
  return out;
}

static gboolean
clamp_ (const char    *func,
        GtTensor      *self,
        const Bounds  *bounds,
        GError       **error)
{
  g_autoptr(GtTensor) r = clamp (func, self, bounds, TRUE, error);

  return r != NULL;
}

/* torch.round(decimals=) exists for floating point only. */
static gboolean
check_round (const char  *func,
             GtTensor    *self,
             gint         decimals,
             GError     **error)
{
  if (!gt_op_check_tensor (func, "self", self, error))
    return FALSE;
  if (decimals != 0 && !gt_dtype_is_floating_point (self->dtype))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: rounding to %d decimals is not implemented for dtype "
                   "%s", func, decimals, gt_dtype_get_name (self->dtype));
      return FALSE;
    }
  return TRUE;
}

/* The largest finite value of a floating-point dtype: nan_to_num's default
 * for infinity. */
static gdouble
dtype_max (GtDType dtype)
{
  switch (dtype)
    {
    case GT_DTYPE_FLOAT64:
      return G_MAXDOUBLE;
    case GT_DTYPE_FLOAT16:
      return 65504.0;
    case GT_DTYPE_BFLOAT16:
      return 3.3895313892515355e38;   /* 0x7f7f */
    default:
      return G_MAXFLOAT;
    }
}

static void
nan_to_num_params (GtDType        dtype,
                   gdouble        nan,
                   gboolean       has_posinf,
                   gdouble        posinf,
                   gboolean       has_neginf,
                   gdouble        neginf,
                   GtUnaryParams *params)
{
  params->decimals = 0;
  params->nan = nan;
  params->posinf = has_posinf ? posinf : dtype_max (dtype);
  params->neginf = has_neginf ? neginf : -dtype_max (dtype);
}

/* ---- the public functions ------------------------------------------------ */

/* Most public functions are one call of unary() or binary() in one of
 * four forms, naming themselves in their errors. Each is defined by one of
 * these after its documentation; add and sub (with alpha), div (with a
 * rounding mode), pow, the clamps and the reversed-scalar forms are
 * written out below. */
#define DEFINE_UNARY(name, op)                                              \
  GtTensor *                                                                \
  gt_tensor_##name (GtTensor    *self,                                      \
                    GError     **error)                                     \
  {                                                                         \
    return unary ("gt_tensor_" #name, op, self, NULL, FALSE, error);        \
  }

#define DEFINE_UNARY_(name, op)                                             \
  gboolean                                                                  \
  gt_tensor_##name##_ (GtTensor    *self,                                   \
                       GError     **error)                                  \
  {                                                                         \
    return unary_ ("gt_tensor_" #name "_", op, self, NULL, error);          \
  }

#define DEFINE_BINARY(name, op)                                             \
  GtTensor *                                                                \
  gt_tensor_##name (GtTensor    *self,                                      \
                    GtTensor    *other,                                     \
                    GError     **error)                                     \
  {                                                                         \
    return binary ("gt_tensor_" #name, op, TENSOR (self), TENSOR (other),   \
                   0.0, FALSE, error);                                      \
  }

#define DEFINE_BINARY_SCALAR(name, op)                                      \
  GtTensor *                                                                \
  gt_tensor_##name##_scalar (GtTensor    *self,                             \
                             gdouble      other,                            \
                             GError     **error)                            \
  {                                                                         \
    return binary ("gt_tensor_" #name "_scalar", op, TENSOR (self),         \
                   NUMBER (other), 0.0, FALSE, error);                      \
  }

#define DEFINE_BINARY_(name, op)                                            \
  gboolean                                                                  \
  gt_tensor_##name##_ (GtTensor    *self,                                   \
                       GtTensor    *other,                                  \
                       GError     **error)                                  \
  {                                                                         \
    return binary_ ("gt_tensor_" #name "_", op, self, TENSOR (other), 0.0,  \
                    error);                                                 \
  }

#define DEFINE_BINARY_SCALAR_(name, op)                                     \
  gboolean                                                                  \
  gt_tensor_##name##_scalar_ (GtTensor    *self,                            \
                              gdouble      other,                           \
                              GError     **error)                           \
  {                                                                         \
    return binary_ ("gt_tensor_" #name "_scalar_", op, self, NUMBER (other),\
                    0.0, error);                                            \
  }

/**
 * gt_tensor_add:
 * @self: a tensor
 * @other: the other operand
 * @alpha: the factor of @other (1 for a plain sum)
 * @error: return location for a #GError
 *
 * Adds @other, scaled by @alpha, to @self (torch.add): self + alpha ×
 * other.
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). Bool tensors
 * give the logical or. For integral results @alpha must be a whole number
 * (%GT_ERROR_VALUE otherwise).
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_add (GtTensor    *self,
               GtTensor    *other,
               gdouble      alpha,
               GError     **error)
{
  return binary ("gt_tensor_add", GT_BINARY_ADD, TENSOR (self),
                 TENSOR (other), alpha, FALSE, error);
}

/**
 * gt_tensor_add_scalar:
 * @self: a tensor
 * @other: a number
 * @alpha: the factor of @other (1 for a plain sum)
 * @error: return location for a #GError
 *
 * Adds @other, scaled by @alpha, to @self (torch.add): self + alpha ×
 * other.
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_add_scalar (GtTensor    *self,
                      gdouble      other,
                      gdouble      alpha,
                      GError     **error)
{
  return binary ("gt_tensor_add_scalar", GT_BINARY_ADD, TENSOR (self),
                 NUMBER (other), alpha, FALSE, error);
}

/**
 * gt_tensor_add_:
 * @self: a tensor
 * @other: the other operand
 * @alpha: the factor of @other (1 for a plain sum)
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.add].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_add_ (GtTensor    *self,
                GtTensor    *other,
                gdouble      alpha,
                GError     **error)
{
  return binary_ ("gt_tensor_add_", GT_BINARY_ADD, self,
                  TENSOR (other), alpha, error);
}

/**
 * gt_tensor_add_scalar_:
 * @self: a tensor
 * @other: a number
 * @alpha: the factor of @other (1 for a plain sum)
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.add_scalar].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_add_scalar_ (GtTensor    *self,
                       gdouble      other,
                       gdouble      alpha,
                       GError     **error)
{
  return binary_ ("gt_tensor_add_scalar_", GT_BINARY_ADD, self,
                  NUMBER (other), alpha, error);
}

/**
 * gt_tensor_sub:
 * @self: a tensor
 * @other: the other operand
 * @alpha: the factor of @other (1 for a plain difference)
 * @error: return location for a #GError
 *
 * Subtracts @other, scaled by @alpha, from @self (torch.sub): self − alpha
 * × other.
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). Bool operands
 * are refused with %GT_ERROR_DTYPE, as in torch; for integral results
 * @alpha must be a whole number.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_sub (GtTensor    *self,
               GtTensor    *other,
               gdouble      alpha,
               GError     **error)
{
  return binary ("gt_tensor_sub", GT_BINARY_SUB, TENSOR (self),
                 TENSOR (other), alpha, FALSE, error);
}

/**
 * gt_tensor_sub_scalar:
 * @self: a tensor
 * @other: a number
 * @alpha: the factor of @other (1 for a plain difference)
 * @error: return location for a #GError
 *
 * Subtracts @other, scaled by @alpha, from @self (torch.sub): self − alpha
 * × other.
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. A bool @self is refused with %GT_ERROR_DTYPE, as in torch.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_sub_scalar (GtTensor    *self,
                      gdouble      other,
                      gdouble      alpha,
                      GError     **error)
{
  return binary ("gt_tensor_sub_scalar", GT_BINARY_SUB, TENSOR (self),
                 NUMBER (other), alpha, FALSE, error);
}

/**
 * gt_tensor_sub_:
 * @self: a tensor
 * @other: the other operand
 * @alpha: the factor of @other (1 for a plain difference)
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.sub].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_sub_ (GtTensor    *self,
                GtTensor    *other,
                gdouble      alpha,
                GError     **error)
{
  return binary_ ("gt_tensor_sub_", GT_BINARY_SUB, self,
                  TENSOR (other), alpha, error);
}

/**
 * gt_tensor_sub_scalar_:
 * @self: a tensor
 * @other: a number
 * @alpha: the factor of @other (1 for a plain difference)
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.sub_scalar].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_sub_scalar_ (GtTensor    *self,
                       gdouble      other,
                       gdouble      alpha,
                       GError     **error)
{
  return binary_ ("gt_tensor_sub_scalar_", GT_BINARY_SUB, self,
                  NUMBER (other), alpha, error);
}

/**
 * gt_tensor_mul:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * Multiplies @self by @other element-wise (torch.mul).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). Bool tensors
 * give the logical and; integers wrap around on overflow.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (mul, GT_BINARY_MUL)

/**
 * gt_tensor_mul_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * Multiplies @self by @other element-wise (torch.mul).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (mul, GT_BINARY_MUL)

/**
 * gt_tensor_mul_:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.mul].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_BINARY_ (mul, GT_BINARY_MUL)

/**
 * gt_tensor_mul_scalar_:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.mul_scalar].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR_ (mul, GT_BINARY_MUL)

/**
 * gt_tensor_div:
 * @self: a tensor
 * @other: the other operand
 * @rounding_mode: (nullable): %NULL for true division, "trunc" or "floor"
 * @error: return location for a #GError
 *
 * Divides @self by @other element-wise (torch.div).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). With
 * @rounding_mode %NULL this is true division: integer and bool operands
 * give float32. "trunc" rounds the quotient toward zero and "floor" toward
 * negative infinity, keeping the common dtype; integer division by zero is
 * then %GT_ERROR_VALUE ("ZeroDivisionError") and bool is refused with
 * %GT_ERROR_DTYPE.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_div (GtTensor    *self,
               GtTensor    *other,
               const char  *rounding_mode,
               GError     **error)
{
  GtBinaryOp op;

  if (!div_op ("gt_tensor_div", rounding_mode, &op, error))
    return NULL;
  return binary ("gt_tensor_div", op, TENSOR (self),
                 TENSOR (other), 0.0, FALSE, error);
}

/**
 * gt_tensor_div_scalar:
 * @self: a tensor
 * @other: a number
 * @rounding_mode: (nullable): %NULL for true division, "trunc" or "floor"
 * @error: return location for a #GError
 *
 * Divides @self by @other element-wise (torch.div).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. With @rounding_mode %NULL this is true division; "trunc"
 * rounds the quotient toward zero and "floor" toward negative infinity.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_div_scalar (GtTensor    *self,
                      gdouble      other,
                      const char  *rounding_mode,
                      GError     **error)
{
  GtBinaryOp op;

  if (!div_op ("gt_tensor_div_scalar", rounding_mode, &op, error))
    return NULL;
  return binary ("gt_tensor_div_scalar", op, TENSOR (self),
                 NUMBER (other), 0.0, FALSE, error);
}

/**
 * gt_tensor_div_:
 * @self: a tensor
 * @other: the other operand
 * @rounding_mode: (nullable): %NULL for true division, "trunc" or "floor"
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.div].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_div_ (GtTensor    *self,
                GtTensor    *other,
                const char  *rounding_mode,
                GError     **error)
{
  GtBinaryOp op;

  if (!div_op ("gt_tensor_div_", rounding_mode, &op, error))
    return FALSE;
  return binary_ ("gt_tensor_div_", op, self,
                  TENSOR (other), 0.0, error);
}

/**
 * gt_tensor_div_scalar_:
 * @self: a tensor
 * @other: a number
 * @rounding_mode: (nullable): %NULL for true division, "trunc" or "floor"
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.div_scalar].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_div_scalar_ (GtTensor    *self,
                       gdouble      other,
                       const char  *rounding_mode,
                       GError     **error)
{
  GtBinaryOp op;

  if (!div_op ("gt_tensor_div_scalar_", rounding_mode, &op, error))
    return FALSE;
  return binary_ ("gt_tensor_div_scalar_", op, self,
                  NUMBER (other), 0.0, error);
}

/**
 * gt_tensor_pow:
 * @self: a tensor
 * @exponent: the exponent
 * @error: return location for a #GError
 *
 * Raises @self to the power @other element-wise (torch.pow).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). Integer
 * powers with negative exponents give 0 except for bases 1 and −1, as
 * torch's; bool is refused with %GT_ERROR_DTYPE.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_pow (GtTensor    *self,
               GtTensor    *exponent,
               GError     **error)
{
  return binary ("gt_tensor_pow", GT_BINARY_POW, TENSOR (self),
                 TENSOR (exponent), 0.0, FALSE, error);
}

/**
 * gt_tensor_pow_scalar:
 * @self: a tensor
 * @exponent: the exponent, a number
 * @error: return location for a #GError
 *
 * Raises @self to the power @exponent element-wise (torch.pow).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_pow_scalar (GtTensor    *self,
                      gdouble      exponent,
                      GError     **error)
{
  return binary ("gt_tensor_pow_scalar", GT_BINARY_POW, TENSOR (self),
                 NUMBER (exponent), 0.0, FALSE, error);
}

/**
 * gt_tensor_pow_:
 * @self: a tensor
 * @exponent: the exponent
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.pow].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_pow_ (GtTensor    *self,
                GtTensor    *exponent,
                GError     **error)
{
  return binary_ ("gt_tensor_pow_", GT_BINARY_POW, self,
                  TENSOR (exponent), 0.0, error);
}

/**
 * gt_tensor_pow_scalar_:
 * @self: a tensor
 * @exponent: the exponent, a number
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.pow_scalar].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_pow_scalar_ (GtTensor    *self,
                       gdouble      exponent,
                       GError     **error)
{
  return binary_ ("gt_tensor_pow_scalar_", GT_BINARY_POW, self,
                  NUMBER (exponent), 0.0, error);
}

/**
 * gt_tensor_maximum:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * The element-wise maximum of @self and @other (torch.maximum); NaN
 * propagates.
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor).
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (maximum, GT_BINARY_MAXIMUM)

/**
 * gt_tensor_maximum_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * The element-wise maximum of @self and @other (torch.maximum); NaN
 * propagates.
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. torch has no such overload; this is the op with a 0-d tensor
 * of the default dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (maximum, GT_BINARY_MAXIMUM)

/**
 * gt_tensor_minimum:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * The element-wise minimum of @self and @other (torch.minimum); NaN
 * propagates.
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor).
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (minimum, GT_BINARY_MINIMUM)

/**
 * gt_tensor_minimum_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * The element-wise minimum of @self and @other (torch.minimum); NaN
 * propagates.
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. torch has no such overload; this is the op with a 0-d tensor
 * of the default dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (minimum, GT_BINARY_MINIMUM)

/**
 * gt_tensor_remainder:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * The remainder of @self divided by @other, with the sign of the divisor
 * (torch.remainder, Python's %).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). Integer
 * division by zero is %GT_ERROR_VALUE ("ZeroDivisionError"); bool is
 * refused with %GT_ERROR_DTYPE.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (remainder, GT_BINARY_REMAINDER)

/**
 * gt_tensor_remainder_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * The remainder of @self divided by @other, with the sign of the divisor
 * (torch.remainder, Python's %).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (remainder, GT_BINARY_REMAINDER)

/**
 * gt_tensor_remainder_:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.remainder].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_BINARY_ (remainder, GT_BINARY_REMAINDER)

/**
 * gt_tensor_remainder_scalar_:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.remainder_scalar].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR_ (remainder, GT_BINARY_REMAINDER)

/**
 * gt_tensor_atan2:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * The element-wise arctangent of @self / @other with the quadrant of the
 * point (other, self) (torch.atan2).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). Integer and
 * bool operands give float32.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (atan2, GT_BINARY_ATAN2)

/**
 * gt_tensor_atan2_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * The element-wise arctangent of @self / @other with the quadrant of the
 * point (other, self) (torch.atan2).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. torch has no such overload; this is the op with a 0-d tensor
 * of the default dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (atan2, GT_BINARY_ATAN2)

/**
 * gt_tensor_atan2_:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.atan2].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_BINARY_ (atan2, GT_BINARY_ATAN2)

/**
 * gt_tensor_eq:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * Whether @self equals @other element-wise (torch.eq).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). The
 * comparison happens in the common dtype; the result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (eq, GT_BINARY_EQ)

/**
 * gt_tensor_eq_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * Whether @self equals @other element-wise (torch.eq).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. The result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (eq, GT_BINARY_EQ)

/**
 * gt_tensor_ne:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * Whether @self differs from @other element-wise (torch.ne).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). The
 * comparison happens in the common dtype; the result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (ne, GT_BINARY_NE)

/**
 * gt_tensor_ne_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * Whether @self differs from @other element-wise (torch.ne).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. The result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (ne, GT_BINARY_NE)

/**
 * gt_tensor_lt:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * Whether @self is less than @other element-wise (torch.lt).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). The
 * comparison happens in the common dtype; the result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (lt, GT_BINARY_LT)

/**
 * gt_tensor_lt_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * Whether @self is less than @other element-wise (torch.lt).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. The result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (lt, GT_BINARY_LT)

/**
 * gt_tensor_le:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * Whether @self is less than or equal to @other element-wise (torch.le).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). The
 * comparison happens in the common dtype; the result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (le, GT_BINARY_LE)

/**
 * gt_tensor_le_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * Whether @self is less than or equal to @other element-wise (torch.le).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. The result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (le, GT_BINARY_LE)

/**
 * gt_tensor_gt:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * Whether @self is greater than @other element-wise (torch.gt).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). The
 * comparison happens in the common dtype; the result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (gt, GT_BINARY_GT)

/**
 * gt_tensor_gt_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * Whether @self is greater than @other element-wise (torch.gt).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. The result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (gt, GT_BINARY_GT)

/**
 * gt_tensor_ge:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * Whether @self is greater than or equal to @other element-wise (torch.ge).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). The
 * comparison happens in the common dtype; the result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (ge, GT_BINARY_GE)

/**
 * gt_tensor_ge_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * Whether @self is greater than or equal to @other element-wise (torch.ge).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. The result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_BINARY_SCALAR (ge, GT_BINARY_GE)

/**
 * gt_tensor_logical_and:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * The element-wise logical and of @self and @other, nonzero counting as
 * true (torch.logical_and).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). Operands of
 * any dtypes; the result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (logical_and, GT_BINARY_LOGICAL_AND)

/**
 * gt_tensor_logical_or:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * The element-wise logical or of @self and @other, nonzero counting as true
 * (torch.logical_or).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). Operands of
 * any dtypes; the result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (logical_or, GT_BINARY_LOGICAL_OR)

/**
 * gt_tensor_logical_xor:
 * @self: a tensor
 * @other: the other operand
 * @error: return location for a #GError
 *
 * The element-wise logical exclusive or of @self and @other, nonzero
 * counting as true (torch.logical_xor).
 *
 * The operands broadcast against each other; the result dtype is
 * torch.result_type of the two (a 0-d tensor promotes like a number of its
 * kind, so a Python int can be passed as a 0-d int64 tensor). Operands of
 * any dtypes; the result is bool.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_SHAPE if the shapes do not broadcast
 *
 * Since: 0.1
 */
DEFINE_BINARY (logical_xor, GT_BINARY_LOGICAL_XOR)

/**
 * gt_tensor_rsub_scalar:
 * @self: a tensor
 * @other: a number
 * @alpha: the factor of @self
 * @error: return location for a #GError
 *
 * other − alpha × self (torch.rsub with a number, Python's `number -
 * tensor`).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. The same dtype rules and errors as the forward op apply.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_rsub_scalar (GtTensor    *self,
                       gdouble      other,
                       gdouble      alpha,
                       GError     **error)
{
  return binary ("gt_tensor_rsub_scalar", GT_BINARY_SUB, NUMBER (other),
                 TENSOR (self), alpha, FALSE, error);
}

/**
 * gt_tensor_rdiv_scalar:
 * @self: a tensor
 * @other: a number
 * @rounding_mode: (nullable): %NULL for true division, "trunc" or "floor"
 * @error: return location for a #GError
 *
 * other / self: a number divided by a tensor (Python's `number / tensor`
 * and, with "floor", `number // tensor`).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. The same dtype rules and errors as the forward op apply.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_rdiv_scalar (GtTensor    *self,
                       gdouble      other,
                       const char  *rounding_mode,
                       GError     **error)
{
  GtBinaryOp op;

  if (!div_op ("gt_tensor_rdiv_scalar", rounding_mode, &op, error))
    return NULL;
  return binary ("gt_tensor_rdiv_scalar", op, NUMBER (other),
                 TENSOR (self), 0.0, FALSE, error);
}

/**
 * gt_tensor_rpow_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * other raised to the power @self (torch.pow with a number base, Python's
 * `number ** tensor`).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. The same dtype rules and errors as the forward op apply.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_rpow_scalar (GtTensor    *self,
                       gdouble      other,
                       GError     **error)
{
  return binary ("gt_tensor_rpow_scalar", GT_BINARY_POW, NUMBER (other),
                 TENSOR (self), 0.0, FALSE, error);
}

/**
 * gt_tensor_rremainder_scalar:
 * @self: a tensor
 * @other: a number
 * @error: return location for a #GError
 *
 * The remainder of @other divided by @self, with the sign of @self
 * (Python's `number % tensor`).
 *
 * @other is a plain number that promotes as a Python float does in torch:
 * an integer or bool tensor gives float32, a floating-point tensor keeps
 * its dtype. The same dtype rules and errors as the forward op apply.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_rremainder_scalar (GtTensor    *self,
                             gdouble      other,
                             GError     **error)
{
  return binary ("gt_tensor_rremainder_scalar", GT_BINARY_REMAINDER, NUMBER (other),
                 TENSOR (self), 0.0, FALSE, error);
}

/* ---- where (namespace functions) ---- */

/**
 * gt_where:
 * @condition: a bool tensor (uint8 is accepted too, as torch 1.13 still does)
 * @input: the values where @condition is true
 * @other: the values where @condition is false
 * @error: return location for a #GError
 *
 * Picks @input where @condition is true and @other elsewhere (torch.where).
 * All three broadcast together; the result dtype is torch.result_type of
 * @input and @other.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set, %GT_ERROR_DTYPE for a condition that is not bool
 *
 * Since: 0.1
 */
GtTensor *
gt_where (GtTensor    *condition,
          GtTensor    *input,
          GtTensor    *other,
          GError     **error)
{
  return where ("gt_where", condition, TENSOR (input), TENSOR (other), error);
}

/**
 * gt_where_scalar:
 * @condition: a bool tensor
 * @input: the values where @condition is true
 * @other: the value where @condition is false, a number
 * @error: return location for a #GError
 *
 * torch.where with a number as the third argument; the number promotes as a
 * Python float.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_where_scalar (GtTensor    *condition,
                 GtTensor    *input,
                 gdouble      other,
                 GError     **error)
{
  return where ("gt_where_scalar", condition, TENSOR (input), NUMBER (other), error);
}

/**
 * gt_tensor_exp:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * e raised to each element (torch.exp).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (exp, GT_UNARY_EXP)

/**
 * gt_tensor_exp_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.exp].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (exp, GT_UNARY_EXP)

/**
 * gt_tensor_log:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The natural logarithm of each element (torch.log).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (log, GT_UNARY_LOG)

/**
 * gt_tensor_log_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.log].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (log, GT_UNARY_LOG)

/**
 * gt_tensor_log2:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The base-2 logarithm of each element (torch.log2).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (log2, GT_UNARY_LOG2)

/**
 * gt_tensor_log2_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.log2].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (log2, GT_UNARY_LOG2)

/**
 * gt_tensor_log1p:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * log(1 + x) of each element, accurate near zero (torch.log1p).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (log1p, GT_UNARY_LOG1P)

/**
 * gt_tensor_log1p_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.log1p].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (log1p, GT_UNARY_LOG1P)

/**
 * gt_tensor_expm1:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * exp(x) − 1 of each element, accurate near zero (torch.expm1).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (expm1, GT_UNARY_EXPM1)

/**
 * gt_tensor_expm1_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.expm1].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (expm1, GT_UNARY_EXPM1)

/**
 * gt_tensor_sqrt:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The square root of each element (torch.sqrt).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (sqrt, GT_UNARY_SQRT)

/**
 * gt_tensor_sqrt_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.sqrt].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (sqrt, GT_UNARY_SQRT)

/**
 * gt_tensor_rsqrt:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The reciprocal of the square root of each element (torch.rsqrt).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (rsqrt, GT_UNARY_RSQRT)

/**
 * gt_tensor_rsqrt_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.rsqrt].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (rsqrt, GT_UNARY_RSQRT)

/**
 * gt_tensor_sin:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The sine of each element, in radians (torch.sin).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (sin, GT_UNARY_SIN)

/**
 * gt_tensor_sin_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.sin].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (sin, GT_UNARY_SIN)

/**
 * gt_tensor_cos:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The cosine of each element, in radians (torch.cos).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (cos, GT_UNARY_COS)

/**
 * gt_tensor_cos_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.cos].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (cos, GT_UNARY_COS)

/**
 * gt_tensor_tanh:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The hyperbolic tangent of each element (torch.tanh).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (tanh, GT_UNARY_TANH)

/**
 * gt_tensor_tanh_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.tanh].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (tanh, GT_UNARY_TANH)

/**
 * gt_tensor_sigmoid:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The logistic function 1 / (1 + exp(−x)) of each element (torch.sigmoid).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (sigmoid, GT_UNARY_SIGMOID)

/**
 * gt_tensor_sigmoid_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.sigmoid].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (sigmoid, GT_UNARY_SIGMOID)

/**
 * gt_tensor_reciprocal:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * 1 / x for each element (torch.reciprocal).
 *
 * Integer and bool tensors give float32, floating-point tensors keep their
 * dtype.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (reciprocal, GT_UNARY_RECIPROCAL)

/**
 * gt_tensor_reciprocal_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.reciprocal].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (reciprocal, GT_UNARY_RECIPROCAL)

/**
 * gt_tensor_abs:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The absolute value of each element (torch.abs).
 *
 * The result has the dtype of @self; bool is refused with %GT_ERROR_DTYPE,
 * as in torch.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (abs, GT_UNARY_ABS)

/**
 * gt_tensor_abs_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.abs].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (abs, GT_UNARY_ABS)

/**
 * gt_tensor_neg:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The negation of each element (torch.neg).
 *
 * The result has the dtype of @self (unsigned integers wrap around); bool
 * is refused with %GT_ERROR_DTYPE, as in torch.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (neg, GT_UNARY_NEG)

/**
 * gt_tensor_neg_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.neg].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (neg, GT_UNARY_NEG)

/**
 * gt_tensor_sign:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The sign of each element: −1, 0 or 1, and 0 for NaN (torch.sign).
 *
 * The result has the dtype of @self.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (sign, GT_UNARY_SIGN)

/**
 * gt_tensor_sign_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.sign].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (sign, GT_UNARY_SIGN)

/**
 * gt_tensor_floor:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * Each element rounded down to an integer (torch.floor).
 *
 * Integer tensors come back unchanged (as a copy); bool is refused with
 * %GT_ERROR_DTYPE, as in torch.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (floor, GT_UNARY_FLOOR)

/**
 * gt_tensor_floor_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.floor].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (floor, GT_UNARY_FLOOR)

/**
 * gt_tensor_ceil:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * Each element rounded up to an integer (torch.ceil).
 *
 * Integer tensors come back unchanged (as a copy); bool is refused with
 * %GT_ERROR_DTYPE, as in torch.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (ceil, GT_UNARY_CEIL)

/**
 * gt_tensor_ceil_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.ceil].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (ceil, GT_UNARY_CEIL)

/**
 * gt_tensor_trunc:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * Each element rounded toward zero (torch.trunc).
 *
 * Integer tensors come back unchanged (as a copy); bool is refused with
 * %GT_ERROR_DTYPE, as in torch.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (trunc, GT_UNARY_TRUNC)

/**
 * gt_tensor_trunc_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.trunc].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (trunc, GT_UNARY_TRUNC)

/**
 * gt_tensor_relu:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * max(x, 0) for each element, NaN kept (torch.relu).
 *
 * The result has the dtype of @self; bool is refused with %GT_ERROR_DTYPE,
 * as in torch.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (relu, GT_UNARY_RELU)

/**
 * gt_tensor_relu_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.relu].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (relu, GT_UNARY_RELU)

/**
 * gt_tensor_square:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * x × x for each element (torch.square).
 *
 * The result has the dtype of @self, except that bool gives int64
 * (torch.pow(x, 2)).
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (square, GT_UNARY_SQUARE)

/**
 * gt_tensor_square_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.square].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (square, GT_UNARY_SQUARE)

/**
 * gt_tensor_isnan:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * Whether each element is NaN (torch.isnan).
 *
 * The result is bool for any dtype of @self.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (isnan, GT_UNARY_ISNAN)

/**
 * gt_tensor_isinf:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * Whether each element is positive or negative infinity (torch.isinf).
 *
 * The result is bool for any dtype of @self.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (isinf, GT_UNARY_ISINF)

/**
 * gt_tensor_logical_not:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * Whether each element is zero (torch.logical_not).
 *
 * The result is bool for any dtype of @self.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
DEFINE_UNARY (logical_not, GT_UNARY_LOGICAL_NOT)

/**
 * gt_tensor_logical_not_:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.logical_not].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
DEFINE_UNARY_ (logical_not, GT_UNARY_LOGICAL_NOT)

/**
 * gt_tensor_round:
 * @self: a tensor
 * @decimals: the number of decimal places; negative values round to tens,
 *   hundreds, ...
 * @error: return location for a #GError
 *
 * Rounds each element to @decimals decimal places, halves to even
 * (torch.round). For @decimals other than 0 the element is scaled by
 * 10^decimals, rounded and scaled back, in the dtype of @self, exactly as
 * torch does. Integer tensors come back unchanged when @decimals is 0 and
 * are refused with %GT_ERROR_DTYPE otherwise; bool is refused with
 * %GT_ERROR_DTYPE.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_round (GtTensor    *self,
                 gint         decimals,
                 GError     **error)
{
  GtUnaryParams params = { decimals, 0.0, 0.0, 0.0 };

  if (!check_round ("gt_tensor_round", self, decimals, error))
    return NULL;
  return unary ("gt_tensor_round", GT_UNARY_ROUND, self, &params,
                FALSE, error);
}

/**
 * gt_tensor_round_:
 * @self: a tensor
 * @decimals: the number of decimal places; negative values round to tens,
 *   hundreds, ...
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.round].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long").
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_round_ (GtTensor    *self,
                  gint         decimals,
                  GError     **error)
{
  GtUnaryParams params = { decimals, 0.0, 0.0, 0.0 };

  if (!check_round ("gt_tensor_round_", self, decimals, error))
    return FALSE;
  return unary_ ("gt_tensor_round_", GT_UNARY_ROUND, self, &params,
                 error);
}

/**
 * gt_tensor_nan_to_num:
 * @self: a tensor
 * @nan: the value for NaN (torch's default is 0)
 * @has_posinf: whether @posinf is given
 * @posinf: the value for positive infinity if @has_posinf
 * @has_neginf: whether @neginf is given
 * @neginf: the value for negative infinity if @has_neginf
 * @error: return location for a #GError
 *
 * Replaces NaN with @nan, positive infinity with @posinf and negative
 * infinity with @neginf (torch.nan_to_num). Without @has_posinf /
 * @has_neginf the infinities become the largest / lowest finite value of
 * the dtype of @self, as in torch. Integer and bool tensors come back
 * unchanged (as a copy).
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_nan_to_num (GtTensor    *self,
                      gdouble      nan,
                      gboolean     has_posinf,
                      gdouble      posinf,
                      gboolean     has_neginf,
                      gdouble      neginf,
                      GError     **error)
{
  GtUnaryParams params;

  if (!gt_op_check_tensor ("gt_tensor_nan_to_num", "self", self, error))
    return NULL;
  nan_to_num_params (self->dtype, nan, has_posinf, posinf, has_neginf, neginf,
                     &params);
  return unary ("gt_tensor_nan_to_num", GT_UNARY_NAN_TO_NUM, self,
                &params, FALSE, error);
}

/**
 * gt_tensor_nan_to_num_:
 * @self: a tensor
 * @nan: the value for NaN (torch's default is 0)
 * @has_posinf: whether @posinf is given
 * @posinf: the value for positive infinity if @has_posinf
 * @has_neginf: whether @neginf is given
 * @neginf: the value for negative infinity if @has_neginf
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.nan_to_num].
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_nan_to_num_ (GtTensor    *self,
                       gdouble      nan,
                       gboolean     has_posinf,
                       gdouble      posinf,
                       gboolean     has_neginf,
                       gdouble      neginf,
                       GError     **error)
{
  GtUnaryParams params;

  if (!gt_op_check_tensor ("gt_tensor_nan_to_num_", "self", self, error))
    return FALSE;
  nan_to_num_params (self->dtype, nan, has_posinf, posinf, has_neginf, neginf,
                     &params);
  return unary_ ("gt_tensor_nan_to_num_", GT_UNARY_NAN_TO_NUM, self,
                 &params, error);
}

/**
 * gt_tensor_clamp:
 * @self: a tensor
 * @min: (nullable): the lower bound
 * @max: (nullable): the upper bound
 * @error: return location for a #GError
 *
 * Clamps each element of @self into [@min, @max] (torch.clamp with tensor
 * bounds): max(min(x, max), min) as torch computes it, so @max wins where
 * @min > @max. Either bound may be %NULL, not both (%GT_ERROR_VALUE). The
 * three broadcast together; the result dtype is torch.result_type of all
 * given tensors (an integer tensor clamped by float bounds becomes float).
 * A NaN in @self or in a bound gives NaN.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_clamp (GtTensor    *self,
                 GtTensor    *min,
                 GtTensor    *max,
                 GError     **error)
{
  Bounds bounds = { min, max, FALSE, FALSE, 0.0, 0.0, FALSE };

  return clamp ("gt_tensor_clamp", self, &bounds, FALSE, error);
}

/**
 * gt_tensor_clamp_:
 * @self: a tensor
 * @min: (nullable): the lower bound
 * @max: (nullable): the upper bound
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.clamp].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long"),
 * %GT_ERROR_SHAPE if the other operands do not broadcast to @self's shape,
 * %GT_ERROR_VALUE if @self has elements sharing memory.
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_clamp_ (GtTensor    *self,
                  GtTensor    *min,
                  GtTensor    *max,
                  GError     **error)
{
  Bounds bounds = { min, max, FALSE, FALSE, 0.0, 0.0, FALSE };

  return clamp_ ("gt_tensor_clamp_", self, &bounds, error);
}

/**
 * gt_tensor_clamp_scalar:
 * @self: a tensor
 * @min: the lower bound
 * @max: the upper bound
 * @error: return location for a #GError
 *
 * Clamps each element of @self into [@min, @max] (torch.clamp with number
 * bounds). The bounds promote as Python floats: an integer or bool tensor
 * gives float32. @max wins where @min > @max; a NaN element stays NaN,
 * and a NaN bound makes every element NaN, as torch.clamp,
 * torch.clamp_min and torch.clamp_max do.
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_clamp_scalar (GtTensor    *self,
                        gdouble      min,
                        gdouble      max,
                        GError     **error)
{
  Bounds bounds = { NULL, NULL, TRUE, TRUE, min, max, TRUE };

  return clamp ("gt_tensor_clamp_scalar", self, &bounds, FALSE, error);
}

/**
 * gt_tensor_clamp_scalar_:
 * @self: a tensor
 * @min: the lower bound
 * @max: the upper bound
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.clamp_scalar].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long").
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_clamp_scalar_ (GtTensor    *self,
                         gdouble      min,
                         gdouble      max,
                         GError     **error)
{
  Bounds bounds = { NULL, NULL, TRUE, TRUE, min, max, TRUE };

  return clamp_ ("gt_tensor_clamp_scalar_", self, &bounds, error);
}

/**
 * gt_tensor_clamp_min_scalar:
 * @self: a tensor
 * @min: the lower bound
 * @error: return location for a #GError
 *
 * max(x, @min) for each element (torch.clamp_min with a number); dtypes as
 * [method@Gt.Tensor.clamp_scalar].
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_clamp_min_scalar (GtTensor    *self,
                            gdouble      min,
                            GError     **error)
{
  Bounds bounds = { NULL, NULL, TRUE, FALSE, min, 0.0, TRUE };

  return clamp ("gt_tensor_clamp_min_scalar", self, &bounds, FALSE, error);
}

/**
 * gt_tensor_clamp_min_scalar_:
 * @self: a tensor
 * @min: the lower bound
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.clamp_min_scalar].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long").
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_clamp_min_scalar_ (GtTensor    *self,
                             gdouble      min,
                             GError     **error)
{
  Bounds bounds = { NULL, NULL, TRUE, FALSE, min, 0.0, TRUE };

  return clamp_ ("gt_tensor_clamp_min_scalar_", self, &bounds, error);
}

/**
 * gt_tensor_clamp_max_scalar:
 * @self: a tensor
 * @max: the upper bound
 * @error: return location for a #GError
 *
 * min(x, @max) for each element (torch.clamp_max with a number); dtypes as
 * [method@Gt.Tensor.clamp_scalar].
 *
 * Returns: (transfer full) (nullable): a new tensor, or %NULL with an error
 *   set
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_clamp_max_scalar (GtTensor    *self,
                            gdouble      max,
                            GError     **error)
{
  Bounds bounds = { NULL, NULL, FALSE, TRUE, 0.0, max, TRUE };

  return clamp ("gt_tensor_clamp_max_scalar", self, &bounds, FALSE, error);
}

/**
 * gt_tensor_clamp_max_scalar_:
 * @self: a tensor
 * @max: the upper bound
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.clamp_max_scalar].
 *
 * The result is written into @self, whose dtype it must fit:
 * %GT_ERROR_DTYPE if torch could not cast the result dtype to it ("result
 * type Float can't be cast to the desired output type Long").
 *
 * Returns: %TRUE on success, %FALSE with an error set (and @self unchanged)
 *
 * Since: 0.1
 */
gboolean
gt_tensor_clamp_max_scalar_ (GtTensor    *self,
                             gdouble      max,
                             GError     **error)
{
  Bounds bounds = { NULL, NULL, FALSE, TRUE, 0.0, max, TRUE };

  return clamp_ ("gt_tensor_clamp_max_scalar_", self, &bounds, error);
}
