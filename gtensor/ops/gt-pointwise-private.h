#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The element-wise ops as the backends see them (ggml's ggml_op): the op
 * layer (gt-pointwise.c) picks the dtypes, broadcasts and converts the
 * inputs, then calls GtBackend.unary / .binary / .where / .clamp with one
 * of these. The names in gt_unary_op_names / gt_binary_op_names are pinned
 * to the enums by G_STATIC_ASSERT in gt-pointwise.c, so adding an op
 * without naming it does not compile.
 */

typedef enum {
  GT_UNARY_EXP,
  GT_UNARY_LOG,
  GT_UNARY_LOG2,
  GT_UNARY_LOG1P,
  GT_UNARY_EXPM1,
  GT_UNARY_SQRT,
  GT_UNARY_RSQRT,
  GT_UNARY_SIN,
  GT_UNARY_COS,
  GT_UNARY_TANH,
  GT_UNARY_SIGMOID,
  GT_UNARY_RECIPROCAL,
  GT_UNARY_ABS,
  GT_UNARY_NEG,
  GT_UNARY_SIGN,
  GT_UNARY_ROUND,          /* params->decimals */
  GT_UNARY_FLOOR,
  GT_UNARY_CEIL,
  GT_UNARY_TRUNC,
  GT_UNARY_RELU,
  GT_UNARY_SQUARE,
  GT_UNARY_NAN_TO_NUM,     /* params->nan, posinf, neginf */
  GT_UNARY_ISNAN,          /* these three write bool */
  GT_UNARY_ISINF,
  GT_UNARY_LOGICAL_NOT,
  GT_UNARY_N_OPS
} GtUnaryOp;

typedef enum {
  GT_BINARY_ADD,           /* a + alpha * b */
  GT_BINARY_SUB,           /* a - alpha * b */
  GT_BINARY_MUL,
  GT_BINARY_DIV,           /* true division, floating point only */
  GT_BINARY_DIV_TRUNC,
  GT_BINARY_DIV_FLOOR,
  GT_BINARY_POW,
  GT_BINARY_MAXIMUM,       /* NaN-propagating */
  GT_BINARY_MINIMUM,
  GT_BINARY_REMAINDER,     /* sign of the divisor, as torch.remainder */
  GT_BINARY_ATAN2,
  GT_BINARY_EQ,            /* these nine write bool */
  GT_BINARY_NE,
  GT_BINARY_LT,
  GT_BINARY_LE,
  GT_BINARY_GT,
  GT_BINARY_GE,
  GT_BINARY_LOGICAL_AND,   /* inputs are bool */
  GT_BINARY_LOGICAL_OR,
  GT_BINARY_LOGICAL_XOR,
  GT_BINARY_N_OPS
} GtBinaryOp;

/* Extra arguments of the unary ops that take any. */
typedef struct {
  gint    decimals;        /* GT_UNARY_ROUND */
  gdouble nan;             /* GT_UNARY_NAN_TO_NUM replacements, already */
  gdouble posinf;          /* resolved to the dtype's limits by the op */
  gdouble neginf;          /* layer when the caller gave none */
} GtUnaryParams;

extern const char *const gt_unary_op_names[GT_UNARY_N_OPS];
extern const char *const gt_binary_op_names[GT_BINARY_N_OPS];

/* Ops whose result is bool whatever the input dtype. */
static inline gboolean
gt_unary_op_is_predicate (GtUnaryOp op)
{
  return op == GT_UNARY_ISNAN || op == GT_UNARY_ISINF ||
         op == GT_UNARY_LOGICAL_NOT;
}

static inline gboolean
gt_binary_op_is_predicate (GtBinaryOp op)
{
  return op >= GT_BINARY_EQ;
}

/*
 * Autograd of the pointwise ops (gt-pointwise-grad.c). Before an op whose
 * inputs need gradients runs, its node is made from the inputs (NULL for a
 * number operand): the node takes their edges and saves what the rule
 * reads (for an in-place op, a clone of self). Once the result exists,
 * gt_pointwise_record() makes the node its history (an in-place result is
 * self, whose history is replaced) and saves it if the rule reads it.
 * The constructors fail only if a clone of self cannot be made.
 */

typedef struct _GtNode GtNode;
typedef struct _GtTensor GtTensor;

GtNode  *gt_pointwise_binary_node (GtBinaryOp            op,
                                   GtTensor             *x,
                                   gdouble               x_value,
                                   GtTensor             *y,
                                   gdouble               y_value,
                                   gdouble               alpha,
                                   gboolean              inplace,
                                   GError              **error);
GtNode  *gt_pointwise_unary_node  (GtUnaryOp             op,
                                   GtTensor             *self,
                                   const GtUnaryParams  *params,
                                   gboolean              inplace,
                                   GError              **error);
GtNode  *gt_pointwise_where_node  (GtTensor             *condition,
                                   GtTensor             *x,
                                   GtTensor             *y,
                                   GError              **error);
GtNode  *gt_pointwise_clamp_node  (GtTensor             *self,
                                   GtTensor             *lo,
                                   GtTensor             *hi,
                                   gboolean              numbers,
                                   gboolean              has_lo,
                                   gdouble               lo_value,
                                   gboolean              has_hi,
                                   gdouble               hi_value,
                                   gboolean              inplace,
                                   GError              **error);
void     gt_pointwise_record      (GtNode               *node,
                                   GtTensor             *out);

G_END_DECLS
