#include "config.h"

#include <math.h>
#include <string.h>

#include "gt-pointwise.h"
#include "gt-pointwise-private.h"
#include "gt-creation.h"
#include "gt-grad-mode.h"
#include "gt-node-private.h"
#include "gt-shape-private.h"

/*
 * The gradient rules of the pointwise ops: torch 1.13's derivatives.yaml,
 * one backward function per op, written with gtensor's own ops so that a
 * backward run under create_graph records the graph of the gradient.
 *
 * gt-pointwise.c calls the *_node() constructors before it computes a
 * result that needs a history (the node takes its edges and saves the
 * inputs while they still hold the op's inputs: an in-place op saves a
 * clone of self, as torch does), then gt_pointwise_record() once the result
 * exists. The backward functions give every input gradient the input's
 * shape (summing broadcast dimensions) and dtype (torch's engine casts a
 * gradient to its input's dtype).
 *
 * Node names are those torch 1.13 shows from Python, where a number
 * operand is wrapped into a tensor: x + 2 is AddBackward0, 2 ** x is
 * PowBackward1 with no edge for the 2.
 */

enum {
  SLOT_SELF,
  SLOT_OTHER,
  SLOT_MAX,       /* clamp's max bound */
  SLOT_COND,      /* where's condition */
  SLOT_RESULT,
  N_SLOTS
};

typedef struct {
  gint     op;            /* GtBinaryOp or GtUnaryOp */
  gboolean x_number;      /* the first operand is a number (2 - x, 2 ** x) */
  gboolean y_number;      /* the second operand is a number (x + 2) */
  gdouble  value;         /* that number */
  gdouble  alpha;         /* add and sub */
  gboolean has_lo;        /* clamp's number bounds */
  gboolean has_hi;
  gdouble  lo;
  gdouble  hi;
  gboolean save_result;
  gint     slot[N_SLOTS]; /* saved tensors, -1 where none */
} Ctx;

static GtNode *
node_new (const char      *name,
          GtBackwardFunc   backward,
          GtTensor       **inputs,
          guint            n_inputs,
          Ctx            **ctx)
{
  GtNode *node = gt_node_new (name, backward, inputs, n_inputs, 1);

  *ctx = g_new0 (Ctx, 1);
  for (guint i = 0; i < N_SLOTS; i++)
    (*ctx)->slot[i] = -1;
  gt_node_set_ctx (node, *ctx, g_free);
  return node;
}

/* ---- clone, for the value of self before an in-place op ------------------ */

static gboolean
clone_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  grad_inputs[0] = g_object_ref (grad_outputs[0]);
  return TRUE;
}

/* torch saves self.clone() for an in-place op whose rule reads self: the
 * clone keeps self's values, and its CloneBackward0 leads to self's history
 * so that gradients of the gradient still reach it. */
static GtTensor *
clone_recorded (GtTensor  *self,
                GError   **error)
{
  GtTensor *clone;
  gboolean record = gt_autograd_should_record (&self, 1);

  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    clone = gt_tensor_clone (self, error);
  }
  if (clone != NULL && record)
    {
      GtNode *node = gt_node_new ("CloneBackward0", clone_backward, &self, 1, 1);
      gt_autograd_set_history (clone, node, 0);
      gt_node_unref (node);
    }
  return clone;
}

/* Saves @t in @which; self of an in-place op as its clone. */
static gboolean
save (GtNode    *node,
      Ctx       *ctx,
      guint      which,
      GtTensor  *t,
      gboolean   inplace_self,
      GError   **error)
{
  g_autoptr(GtTensor) clone = NULL;

  if (inplace_self)
    {
      if ((clone = clone_recorded (t, error)) == NULL)
        return FALSE;
      t = clone;
    }
  ctx->slot[which] = (gint) gt_node_save (node, t, FALSE);
  return TRUE;
}

void
gt_pointwise_record (GtNode   *node,
                     GtTensor *out)
{
  Ctx *ctx = gt_node_get_ctx (node);

  /* An in-place op: the tensor's earlier node no longer computes it, so its
   * hooks and retained gradient move to the new one, and a view's base
   * gets CopySlices (torch's rebase_history). */
  gt_autograd_rebase_history (out, node);
  if (ctx->save_result)
    ctx->slot[SLOT_RESULT] = (gint) gt_node_save (node, out, TRUE);
}

/* ---- helpers of the backward functions ----------------------------------- */

static GtTensor *
saved (GtNode     *node,
       Ctx        *ctx,
       guint       which,
       GError    **error)
{
  g_assert (ctx->slot[which] >= 0);
  return gt_node_saved (node, (guint) ctx->slot[which], error);
}

static gboolean
needs (GtNode *node,
       guint   i)
{
  return gt_node_needs_input_grad (node, i);
}

/* grad where @mask holds, 0 elsewhere; @mask is taken. */
static GtTensor *
keep_where (GtTensor  *mask,
            GtTensor  *grad,
            GError   **error)
{
  g_autoptr(GtTensor) m = mask;

  return m ? gt_where_scalar (m, grad, 0.0, error) : NULL;
}

/* logical_not of @t, taken. */
static GtTensor *
not_ (GtTensor  *t,
      GError   **error)
{
  g_autoptr(GtTensor) owned = t;

  return owned ? gt_tensor_logical_not (owned, error) : NULL;
}

/* a * b, both taken (either may be NULL after an error). */
static GtTensor *
mul_take (GtTensor  *a,
          GtTensor  *b,
          GError   **error)
{
  g_autoptr(GtTensor) x = a;
  g_autoptr(GtTensor) y = b;

  return x && y ? gt_tensor_mul (x, y, error) : NULL;
}

/* ---- binary ops ---------------------------------------------------------- */

/* add: self ← grad, other ← alpha · grad */
static gboolean
add_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];

  if (needs (node, 0) && !gt_grad_give (node, 0, g_object_ref (grad), grad_inputs, error))
    return FALSE;
  if (needs (node, 1) &&
      !gt_grad_give (node, 1, ctx->alpha == 1.0 ? g_object_ref (grad)
                                                : gt_tensor_mul_scalar (grad, ctx->alpha, error),
                     grad_inputs, error))
    return FALSE;
  return TRUE;
}

/* −alpha · grad */
static GtTensor *
neg_alpha (GtTensor  *grad,
           gdouble    alpha,
           GError   **error)
{
  g_autoptr(GtTensor) neg = gt_tensor_neg (grad, error);

  if (neg == NULL || alpha == 1.0)
    return g_steal_pointer (&neg);
  return gt_tensor_mul_scalar (neg, alpha, error);
}

/* sub: self ← grad, other ← −alpha · grad; rsub (number − alpha · self):
 * self ← −alpha · grad */
static gboolean
sub_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];

  if (ctx->x_number)
    return gt_grad_give (node, 0, neg_alpha (grad, ctx->alpha, error), grad_inputs, error);
  if (needs (node, 0) && !gt_grad_give (node, 0, g_object_ref (grad), grad_inputs, error))
    return FALSE;
  if (needs (node, 1) &&
      !gt_grad_give (node, 1, neg_alpha (grad, ctx->alpha, error), grad_inputs, error))
    return FALSE;
  return TRUE;
}

/* mul: self ← grad · other, other ← grad · self */
static gboolean
mul_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];

  if (ctx->y_number)
    return gt_grad_give (node, 0, gt_tensor_mul_scalar (grad, ctx->value, error),
                         grad_inputs, error);
  if (needs (node, 0))
    {
      g_autoptr(GtTensor) other = saved (node, ctx, SLOT_OTHER, error);
      if (other == NULL ||
          !gt_grad_give (node, 0, gt_tensor_mul (grad, other, error), grad_inputs, error))
        return FALSE;
    }
  if (needs (node, 1))
    {
      g_autoptr(GtTensor) self = saved (node, ctx, SLOT_SELF, error);
      if (self == NULL ||
          !gt_grad_give (node, 1, gt_tensor_mul (grad, self, error), grad_inputs, error))
        return FALSE;
    }
  return TRUE;
}

/* div: self ← grad / other, other ← −grad · ((self / other) / other) */
static gboolean
div_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) other = NULL;

  if (ctx->y_number)
    return gt_grad_give (node, 0, gt_tensor_div_scalar (grad, ctx->value, NULL, error),
                         grad_inputs, error);
  if ((other = saved (node, ctx, SLOT_OTHER, error)) == NULL)
    return FALSE;
  if (needs (node, 0) &&
      !gt_grad_give (node, 0, gt_tensor_div (grad, other, NULL, error), grad_inputs, error))
    return FALSE;
  if (needs (node, 1))
    {
      g_autoptr(GtTensor) self = saved (node, ctx, SLOT_SELF, error);
      g_autoptr(GtTensor) q = self ? gt_tensor_div (self, other, NULL, error) : NULL;
      g_autoptr(GtTensor) q2 = q ? gt_tensor_div (q, other, NULL, error) : NULL;
      g_autoptr(GtTensor) neg = q2 ? gt_tensor_neg (grad, error) : NULL;

      if (neg == NULL ||
          !gt_grad_give (node, 1, gt_tensor_mul (neg, q2, error), grad_inputs, error))
        return FALSE;
    }
  return TRUE;
}

/* div with a rounding mode, and every other op that is piecewise constant:
 * zero gradients */
static gboolean
zero_backward (GtNode     *node,
               GtTensor  **grad_outputs,
               GtTensor  **grad_inputs,
               GError    **error)
{
  for (guint i = 0; i < node->n_next; i++)
    if (needs (node, i) &&
        !gt_grad_give (node, i, gt_grad_zeros_for (node, i, error), grad_inputs, error))
      return FALSE;
  return TRUE;
}

/* pow with a number exponent e: self ← grad · (e · self^(e−1)), zeros for
 * e = 0 */
static gboolean
pow_scalar_backward (GtNode     *node,
                     GtTensor  **grad_outputs,
                     GtTensor  **grad_inputs,
                     GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  gdouble e = ctx->value;
  g_autoptr(GtTensor) self = NULL, p = NULL, d = NULL;

  if (e == 0.0)
    return gt_grad_give (node, 0, gt_grad_zeros_for (node, 0, error), grad_inputs, error);
  if ((self = saved (node, ctx, SLOT_SELF, error)) == NULL ||
      (p = gt_tensor_pow_scalar (self, e - 1.0, error)) == NULL ||
      (d = gt_tensor_mul_scalar (p, e, error)) == NULL)
    return FALSE;
  return gt_grad_give (node, 0, gt_tensor_mul (grad_outputs[0], d, error), grad_inputs, error);
}

/* pow with tensor operands (2 ** x included):
 *   self     ← where(exponent == 0, 0, grad · exponent · self^(exponent−1))
 *   exponent ← grad · where(self == 0 & exponent >= 0, 0, result · log self) */
static gboolean
pow_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) exponent = saved (node, ctx, SLOT_OTHER, error);

  if (exponent == NULL)
    return FALSE;
  if (!ctx->x_number && needs (node, 0))
    {
      g_autoptr(GtTensor) self = saved (node, ctx, SLOT_SELF, error);
      g_autoptr(GtTensor) em1 = self ? gt_tensor_sub_scalar (exponent, 1.0, 1.0, error) : NULL;
      g_autoptr(GtTensor) p = em1 ? gt_tensor_pow (self, em1, error) : NULL;
      g_autoptr(GtTensor) d = p ? gt_tensor_mul (exponent, p, error) : NULL;
      g_autoptr(GtTensor) gd = d ? gt_tensor_mul (grad, d, error) : NULL;
      g_autoptr(GtTensor) nonzero = gd ? gt_tensor_ne_scalar (exponent, 0.0, error) : NULL;

      if (nonzero == NULL ||
          !gt_grad_give (node, 0, gt_where_scalar (nonzero, gd, 0.0, error), grad_inputs, error))
        return FALSE;
    }
  if (needs (node, 1))
    {
      g_autoptr(GtTensor) result = saved (node, ctx, SLOT_RESULT, error);
      g_autoptr(GtTensor) self = NULL, log_self = NULL, rl = NULL, zero_base = NULL;
      g_autoptr(GtTensor) nonneg = NULL, cond = NULL, keep = NULL, d = NULL;

      if (result == NULL)
        return FALSE;
      if (ctx->x_number)
        {
          /* the base is a number: log of it, and the zero test, are scalar */
          if ((rl = gt_tensor_mul_scalar (result, log (ctx->value), error)) == NULL)
            return FALSE;
          if (ctx->value != 0.0)
            return gt_grad_give (node, 1, gt_tensor_mul (grad, rl, error), grad_inputs, error);
          if ((keep = not_ (gt_tensor_ge_scalar (exponent, 0.0, error), error)) == NULL ||
              (d = gt_where_scalar (keep, rl, 0.0, error)) == NULL)
            return FALSE;
          return gt_grad_give (node, 1, gt_tensor_mul (grad, d, error), grad_inputs, error);
        }
      if ((self = saved (node, ctx, SLOT_SELF, error)) == NULL ||
          (log_self = gt_tensor_log (self, error)) == NULL ||
          (rl = gt_tensor_mul (result, log_self, error)) == NULL ||
          (zero_base = gt_tensor_eq_scalar (self, 0.0, error)) == NULL ||
          (nonneg = gt_tensor_ge_scalar (exponent, 0.0, error)) == NULL ||
          (cond = gt_tensor_logical_and (zero_base, nonneg, error)) == NULL ||
          (keep = gt_tensor_logical_not (cond, error)) == NULL ||
          (d = gt_where_scalar (keep, rl, 0.0, error)) == NULL)
        return FALSE;
      return gt_grad_give (node, 1, gt_tensor_mul (grad, d, error), grad_inputs, error);
    }
  return TRUE;
}

/* maximum / minimum: the gradient goes to the larger (smaller) operand,
 * split in halves where they are equal:
 *   t     = where(self == other, grad / 2, grad)
 *   self  ← t masked to 0 where self loses, other ← t where other loses */
static gboolean
extremum_backward (GtNode     *node,
                   GtTensor  **grad_outputs,
                   GtTensor  **grad_inputs,
                   GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  gboolean is_max = ctx->op == GT_BINARY_MAXIMUM;
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) self = saved (node, ctx, SLOT_SELF, error);
  g_autoptr(GtTensor) other = NULL, eq = NULL, half = NULL, t = NULL;

  if (self == NULL)
    return FALSE;
  if (!ctx->y_number && (other = saved (node, ctx, SLOT_OTHER, error)) == NULL)
    return FALSE;
  eq = other ? gt_tensor_eq (self, other, error)
             : gt_tensor_eq_scalar (self, ctx->value, error);
  if (eq == NULL ||
      (half = gt_tensor_div_scalar (grad, 2.0, NULL, error)) == NULL ||
      (t = gt_where (eq, half, grad, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < 2; i++)
    {
      /* self loses where self < other for maximum, self > other for minimum;
       * other loses in the opposite case */
      gboolean self_less = (i == 0) == is_max;
      GtTensor *loses;

      if (!needs (node, i))
        continue;
      if (other != NULL)
        loses = self_less ? gt_tensor_lt (self, other, error)
                          : gt_tensor_gt (self, other, error);
      else
        loses = self_less ? gt_tensor_lt_scalar (self, ctx->value, error)
                          : gt_tensor_gt_scalar (self, ctx->value, error);
      if (!gt_grad_give (node, i, keep_where (not_ (loses, error), t, error), grad_inputs, error))
        return FALSE;
    }
  return TRUE;
}

/* remainder: self ← grad, other ← −grad · floor(self / other) */
static gboolean
remainder_backward (GtNode     *node,
                    GtTensor  **grad_outputs,
                    GtTensor  **grad_inputs,
                    GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];

  if (!ctx->x_number && needs (node, 0) &&
      !gt_grad_give (node, 0, g_object_ref (grad), grad_inputs, error))
    return FALSE;
  if (needs (node, 1))
    {
      g_autoptr(GtTensor) other = saved (node, ctx, SLOT_OTHER, error);
      g_autoptr(GtTensor) self = NULL, q = NULL, neg = NULL;

      if (other == NULL)
        return FALSE;
      if (ctx->x_number)
        q = gt_tensor_rdiv_scalar (other, ctx->value, "floor", error);
      else if ((self = saved (node, ctx, SLOT_SELF, error)) != NULL)
        q = gt_tensor_div (self, other, "floor", error);
      if (q == NULL || (neg = gt_tensor_neg (grad, error)) == NULL ||
          !gt_grad_give (node, 1, gt_tensor_mul (neg, q, error), grad_inputs, error))
        return FALSE;
    }
  return TRUE;
}

/* atan2: with r = 1 / (self² + other²), self ← grad · other · r,
 * other ← grad · −self · r */
static gboolean
atan2_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) self = saved (node, ctx, SLOT_SELF, error);
  g_autoptr(GtTensor) other = NULL, ss = NULL, oo = NULL, sum = NULL, recip = NULL;

  if (self == NULL || (ss = gt_tensor_mul (self, self, error)) == NULL)
    return FALSE;
  if (ctx->y_number)
    sum = gt_tensor_add_scalar (ss, ctx->value * ctx->value, 1.0, error);
  else if ((other = saved (node, ctx, SLOT_OTHER, error)) != NULL &&
           (oo = gt_tensor_mul (other, other, error)) != NULL)
    sum = gt_tensor_add (ss, oo, 1.0, error);
  if (sum == NULL || (recip = gt_tensor_reciprocal (sum, error)) == NULL)
    return FALSE;

  if (needs (node, 0))
    {
      g_autoptr(GtTensor) go = other ? gt_tensor_mul (grad, other, error)
                                     : gt_tensor_mul_scalar (grad, ctx->value, error);
      if (go == NULL ||
          !gt_grad_give (node, 0, gt_tensor_mul (go, recip, error), grad_inputs, error))
        return FALSE;
    }
  if (!ctx->y_number && needs (node, 1))
    {
      g_autoptr(GtTensor) neg = gt_tensor_neg (self, error);
      g_autoptr(GtTensor) gs = neg ? gt_tensor_mul (grad, neg, error) : NULL;

      if (gs == NULL ||
          !gt_grad_give (node, 1, gt_tensor_mul (gs, recip, error), grad_inputs, error))
        return FALSE;
    }
  return TRUE;
}

GtNode *
gt_pointwise_binary_node (GtBinaryOp   op,
                          GtTensor    *x,
                          gdouble      x_value,
                          GtTensor    *y,
                          gdouble      y_value,
                          gdouble      alpha,
                          gboolean     inplace,
                          GError     **error)
{
  GtTensor *inputs[2] = { x, y };
  guint n_inputs = 2;
  const char *name;
  GtBackwardFunc backward;
  gboolean save_x = FALSE, save_y = FALSE, save_result = FALSE;
  GtNode *node;
  Ctx *ctx;

  switch (op)
    {
    case GT_BINARY_ADD:
      name = "AddBackward0";
      backward = add_backward;
      break;
    case GT_BINARY_SUB:
      name = x ? "SubBackward0" : "RsubBackward1";
      backward = sub_backward;
      if (x == NULL)
        {
          inputs[0] = y;
          n_inputs = 1;
        }
      break;
    case GT_BINARY_MUL:
      name = "MulBackward0";
      backward = mul_backward;
      save_x = save_y = x && y;
      break;
    case GT_BINARY_DIV:
      if (x == NULL)
        {
          /* number / x is torch's x.reciprocal() * number (__rdiv__) */
          g_autoptr(GtTensor) recip = gt_tensor_reciprocal (y, error);
          GtTensor *mul_inputs[2] = { recip, NULL };

          if (recip == NULL)
            return NULL;
          node = node_new ("MulBackward0", mul_backward, mul_inputs, 2, &ctx);
          ctx->op = GT_BINARY_MUL;
          ctx->y_number = TRUE;
          ctx->value = x_value;
          return node;
        }
      name = "DivBackward0";
      backward = div_backward;
      save_x = save_y = y != NULL;
      break;
    case GT_BINARY_DIV_TRUNC:
    case GT_BINARY_DIV_FLOOR:
      name = "DivBackward2";
      backward = zero_backward;
      break;
    case GT_BINARY_POW:
      if (y == NULL)
        {
          name = "PowBackward0";
          backward = pow_scalar_backward;
          save_x = TRUE;
          n_inputs = 1;
        }
      else
        {
          name = "PowBackward1";
          backward = pow_backward;
          save_x = x != NULL;
          save_y = save_result = TRUE;
        }
      break;
    case GT_BINARY_MAXIMUM:
    case GT_BINARY_MINIMUM:
      name = op == GT_BINARY_MAXIMUM ? "MaximumBackward0" : "MinimumBackward0";
      backward = extremum_backward;
      save_x = TRUE;
      save_y = y != NULL;
      break;
    case GT_BINARY_REMAINDER:
      /* torch has no derivative for number % x (NotImplemented); the same
       * rule as for two tensors gives it here */
      name = y ? "RemainderBackward1" : "RemainderBackward0";
      backward = remainder_backward;
      save_x = x && y;
      save_y = y != NULL;
      if (y == NULL)
        n_inputs = 1;
      break;
    case GT_BINARY_ATAN2:
      name = "Atan2Backward0";
      backward = atan2_backward;
      save_x = TRUE;
      save_y = y != NULL;
      break;
    default:
      g_assert_not_reached ();
      return NULL;
    }

  node = node_new (name, backward, inputs, n_inputs, &ctx);
  ctx->op = op;
  ctx->x_number = x == NULL;
  ctx->y_number = y == NULL;
  ctx->value = x ? y_value : x_value;
  ctx->alpha = alpha;
  ctx->save_result = save_result;
  if ((save_x && !save (node, ctx, SLOT_SELF, x, inplace, error)) ||
      (save_y && !save (node, ctx, SLOT_OTHER, y, FALSE, error)))
    {
      gt_node_unref (node);
      return NULL;
    }
  return node;
}

/* ---- where and clamp ----------------------------------------------------- */

/* where: input ← where(condition, grad, 0), other ← where(condition, 0, grad) */
static gboolean
where_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) cond = saved (node, ctx, SLOT_COND, error);

  if (cond == NULL)
    return FALSE;
  if (needs (node, 0) &&
      !gt_grad_give (node, 0, gt_where_scalar (cond, grad, 0.0, error), grad_inputs, error))
    return FALSE;
  if (needs (node, 1) &&
      !gt_grad_give (node, 1, keep_where (gt_tensor_logical_not (cond, error), grad, error),
                     grad_inputs, error))
    return FALSE;
  return TRUE;
}

GtNode *
gt_pointwise_where_node (GtTensor  *condition,
                         GtTensor  *x,
                         GtTensor  *y,
                         GError   **error)
{
  GtTensor *inputs[2] = { x, y };
  Ctx *ctx;
  GtNode *node = node_new ("WhereBackward0", where_backward, inputs, 2, &ctx);

  ctx->slot[SLOT_COND] = (gint) gt_node_save (node, condition, FALSE);
  return node;
}

/* clamp with tensor bounds (torch's clamp_backward_min_max):
 *   self ← grad where min <= self <= max
 *   min  ← grad where self < min and min < max
 *   max  ← grad where self > max or max < min
 * with one bound only, self ← grad where inside it, the bound where not. */
static gboolean
clamp_tensor_backward (GtNode     *node,
                       GtTensor  **grad_outputs,
                       GtTensor  **grad_inputs,
                       GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) self = saved (node, ctx, SLOT_SELF, error);
  g_autoptr(GtTensor) lo = NULL, hi = NULL;

  if (self == NULL)
    return FALSE;
  if (ctx->slot[SLOT_OTHER] >= 0 && (lo = saved (node, ctx, SLOT_OTHER, error)) == NULL)
    return FALSE;
  if (ctx->slot[SLOT_MAX] >= 0 && (hi = saved (node, ctx, SLOT_MAX, error)) == NULL)
    return FALSE;

  if (needs (node, 0))
    {
      g_autoptr(GtTensor) pred = NULL;

      if (lo && hi)
        {
          g_autoptr(GtTensor) ge = gt_tensor_ge (self, lo, error);
          g_autoptr(GtTensor) le = ge ? gt_tensor_le (self, hi, error) : NULL;
          pred = le ? gt_tensor_logical_and (ge, le, error) : NULL;
        }
      else
        pred = lo ? gt_tensor_ge (self, lo, error) : gt_tensor_le (self, hi, error);
      if (!gt_grad_give (node, 0, keep_where (g_steal_pointer (&pred), grad, error),
                         grad_inputs, error))
        return FALSE;
    }
  if (lo && needs (node, 1))
    {
      g_autoptr(GtTensor) pred = gt_tensor_lt (self, lo, error);

      if (pred && hi)
        {
          g_autoptr(GtTensor) ordered = gt_tensor_lt (lo, hi, error);
          g_autoptr(GtTensor) both = ordered ? gt_tensor_logical_and (pred, ordered, error) : NULL;
          g_object_unref (pred);
          pred = g_steal_pointer (&both);
        }
      if (!gt_grad_give (node, 1, keep_where (g_steal_pointer (&pred), grad, error),
                         grad_inputs, error))
        return FALSE;
    }
  if (hi && needs (node, 2))
    {
      g_autoptr(GtTensor) pred = gt_tensor_gt (self, hi, error);

      if (pred && lo)
        {
          g_autoptr(GtTensor) crossed = gt_tensor_lt (hi, lo, error);
          g_autoptr(GtTensor) either = crossed ? gt_tensor_logical_or (pred, crossed, error) : NULL;
          g_object_unref (pred);
          pred = g_steal_pointer (&either);
        }
      if (!gt_grad_give (node, 2, keep_where (g_steal_pointer (&pred), grad, error),
                         grad_inputs, error))
        return FALSE;
    }
  return TRUE;
}

/* clamp with number bounds: grad where min <= self <= max (one-sided for
 * clamp_min / clamp_max); a NaN bound gives zeros. */
static gboolean
clamp_scalar_backward (GtNode     *node,
                       GtTensor  **grad_outputs,
                       GtTensor  **grad_inputs,
                       GError    **error)
{
  Ctx *ctx = gt_node_get_ctx (node);
  g_autoptr(GtTensor) self = saved (node, ctx, SLOT_SELF, error);
  g_autoptr(GtTensor) pred = NULL;

  if (self == NULL)
    return FALSE;
  if (ctx->has_lo && ctx->has_hi)
    {
      g_autoptr(GtTensor) ge = gt_tensor_ge_scalar (self, ctx->lo, error);
      g_autoptr(GtTensor) le = ge ? gt_tensor_le_scalar (self, ctx->hi, error) : NULL;
      pred = le ? gt_tensor_logical_and (ge, le, error) : NULL;
    }
  else if (ctx->has_lo)
    pred = gt_tensor_ge_scalar (self, ctx->lo, error);
  else
    pred = gt_tensor_le_scalar (self, ctx->hi, error);
  return gt_grad_give (node, 0, keep_where (g_steal_pointer (&pred), grad_outputs[0], error),
                       grad_inputs, error);
}

GtNode *
gt_pointwise_clamp_node (GtTensor  *self,
                         GtTensor  *lo,
                         GtTensor  *hi,
                         gboolean   numbers,
                         gboolean   has_lo,
                         gdouble    lo_value,
                         gboolean   has_hi,
                         gdouble    hi_value,
                         gboolean   inplace,
                         GError   **error)
{
  GtNode *node;
  Ctx *ctx;

  if (numbers)
    {
      const char *name = !has_hi ? "ClampMinBackward0"
                         : !has_lo ? "ClampMaxBackward0" : "ClampBackward1";

      node = node_new (name, clamp_scalar_backward, &self, 1, &ctx);
      ctx->has_lo = has_lo;
      ctx->has_hi = has_hi;
      ctx->lo = lo_value;
      ctx->hi = hi_value;
    }
  else
    {
      GtTensor *inputs[3] = { self, lo, hi };

      node = node_new ("ClampBackward0", clamp_tensor_backward, inputs, 3, &ctx);
      if (lo != NULL)
        ctx->slot[SLOT_OTHER] = (gint) gt_node_save (node, lo, FALSE);
      if (hi != NULL)
        ctx->slot[SLOT_MAX] = (gint) gt_node_save (node, hi, FALSE);
    }
  if (!save (node, ctx, SLOT_SELF, self, inplace, error))
    {
      gt_node_unref (node);
      return NULL;
    }
  return node;
}

/* ---- unary ops ----------------------------------------------------------- */

/* Each unary rule reads the saved self (s) or result (r) and the incoming
 * gradient (g). */
#define UNARY_BACKWARD(fname, which, body)                                    \
  static gboolean                                                           \
  fname (GtNode     *node,                                                  \
         GtTensor  **grad_outputs,                                          \
         GtTensor  **grad_inputs,                                           \
         GError    **error)                                                 \
  {                                                                         \
    Ctx *ctx = gt_node_get_ctx (node);                                      \
    GtTensor *g = grad_outputs[0];                                          \
    g_autoptr(GtTensor) v = saved (node, ctx, which, error);                \
    g_autoptr(GtTensor) t1 = NULL;                                          \
    g_autoptr(GtTensor) t2 = NULL;                                          \
    GtTensor *out = NULL;                                                   \
                                                                            \
    if (v == NULL)                                                          \
      return FALSE;                                                         \
    body;                                                                   \
    (void) t1;                                                              \
    (void) t2;                                                              \
    return gt_grad_give (node, 0, out, grad_inputs, error);                 \
  }

/* exp: grad · result */
UNARY_BACKWARD (exp_backward, SLOT_RESULT,
                out = gt_tensor_mul (g, v, error))
/* log: grad / self */
UNARY_BACKWARD (log_backward, SLOT_SELF,
                out = gt_tensor_div (g, v, NULL, error))
/* log2: grad / (self · ln 2) */
UNARY_BACKWARD (log2_backward, SLOT_SELF,
                if ((t1 = gt_tensor_mul_scalar (v, G_LN2, error)))
                  out = gt_tensor_div (g, t1, NULL, error))
/* log1p: grad / (self + 1) */
UNARY_BACKWARD (log1p_backward, SLOT_SELF,
                if ((t1 = gt_tensor_add_scalar (v, 1.0, 1.0, error)))
                  out = gt_tensor_div (g, t1, NULL, error))
/* expm1: grad · (result + 1) */
UNARY_BACKWARD (expm1_backward, SLOT_RESULT,
                if ((t1 = gt_tensor_add_scalar (v, 1.0, 1.0, error)))
                  out = gt_tensor_mul (g, t1, error))
/* sqrt: grad / (2 · result) */
UNARY_BACKWARD (sqrt_backward, SLOT_RESULT,
                if ((t1 = gt_tensor_mul_scalar (v, 2.0, error)))
                  out = gt_tensor_div (g, t1, NULL, error))
/* rsqrt: −0.5 · grad · result³ */
UNARY_BACKWARD (rsqrt_backward, SLOT_RESULT,
                if ((t1 = gt_tensor_mul_scalar (g, -0.5, error)) &&
                    (t2 = gt_tensor_pow_scalar (v, 3.0, error)))
                  out = gt_tensor_mul (t1, t2, error))
/* sin: grad · cos self */
UNARY_BACKWARD (sin_backward, SLOT_SELF,
                if ((t1 = gt_tensor_cos (v, error)))
                  out = gt_tensor_mul (g, t1, error))
/* cos: grad · −sin self */
UNARY_BACKWARD (cos_backward, SLOT_SELF,
                if ((t1 = gt_tensor_sin (v, error)) &&
                    (t2 = gt_tensor_neg (t1, error)))
                  out = gt_tensor_mul (g, t2, error))
/* tanh: grad · (1 − result²) */
UNARY_BACKWARD (tanh_backward, SLOT_RESULT,
                if ((t1 = gt_tensor_mul (v, v, error)) &&
                    (t2 = gt_tensor_rsub_scalar (t1, 1.0, 1.0, error)))
                  out = gt_tensor_mul (g, t2, error))
/* sigmoid: grad · (1 − result) · result */
UNARY_BACKWARD (sigmoid_backward, SLOT_RESULT,
                if ((t1 = gt_tensor_rsub_scalar (v, 1.0, 1.0, error)) &&
                    (t2 = gt_tensor_mul (g, t1, error)))
                  out = gt_tensor_mul (t2, v, error))
/* reciprocal: −grad · result² */
UNARY_BACKWARD (reciprocal_backward, SLOT_RESULT,
                if ((t1 = gt_tensor_neg (g, error)) &&
                    (t2 = gt_tensor_mul (v, v, error)))
                  out = gt_tensor_mul (t1, t2, error))
/* abs: grad · sign self (0 at 0) */
UNARY_BACKWARD (abs_backward, SLOT_SELF,
                if ((t1 = gt_tensor_sign (v, error)))
                  out = gt_tensor_mul (g, t1, error))
/* relu (threshold_backward): where(result <= 0, 0, grad) */
UNARY_BACKWARD (relu_backward, SLOT_RESULT,
                out = keep_where (not_ (gt_tensor_le_scalar (v, 0.0, error), error),
                                  g, error))
/* square (torch.pow(self, 2)): grad · 2 · self */
UNARY_BACKWARD (square_backward, SLOT_SELF,
                if ((t1 = gt_tensor_mul_scalar (v, 2.0, error)))
                  out = gt_tensor_mul (g, t1, error))
/* nan_to_num: grad · isfinite(self) */
UNARY_BACKWARD (nan_to_num_backward, SLOT_SELF,
                if ((t1 = gt_tensor_isnan (v, error)) &&
                    (t2 = gt_tensor_isinf (v, error)))
                  out = mul_take (g_object_ref (g),
                                  not_ (gt_tensor_logical_or (t1, t2, error), error),
                                  error))

/* neg: −grad */
static gboolean
neg_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  return gt_grad_give (node, 0, gt_tensor_neg (grad_outputs[0], error), grad_inputs, error);
}

typedef struct {
  const char     *name;
  GtBackwardFunc  backward;
  gint            save;       /* SLOT_SELF, SLOT_RESULT, or -1 */
} UnaryRule;

static const UnaryRule grad_rules[GT_UNARY_N_OPS] = {
  [GT_UNARY_EXP] = { "ExpBackward0", exp_backward, SLOT_RESULT },
  [GT_UNARY_LOG] = { "LogBackward0", log_backward, SLOT_SELF },
  [GT_UNARY_LOG2] = { "Log2Backward0", log2_backward, SLOT_SELF },
  [GT_UNARY_LOG1P] = { "Log1PBackward0", log1p_backward, SLOT_SELF },
  [GT_UNARY_EXPM1] = { "Expm1Backward0", expm1_backward, SLOT_RESULT },
  [GT_UNARY_SQRT] = { "SqrtBackward0", sqrt_backward, SLOT_RESULT },
  [GT_UNARY_RSQRT] = { "RsqrtBackward0", rsqrt_backward, SLOT_RESULT },
  [GT_UNARY_SIN] = { "SinBackward0", sin_backward, SLOT_SELF },
  [GT_UNARY_COS] = { "CosBackward0", cos_backward, SLOT_SELF },
  [GT_UNARY_TANH] = { "TanhBackward0", tanh_backward, SLOT_RESULT },
  [GT_UNARY_SIGMOID] = { "SigmoidBackward0", sigmoid_backward, SLOT_RESULT },
  [GT_UNARY_RECIPROCAL] = { "ReciprocalBackward0", reciprocal_backward, SLOT_RESULT },
  [GT_UNARY_ABS] = { "AbsBackward0", abs_backward, SLOT_SELF },
  [GT_UNARY_NEG] = { "NegBackward0", neg_backward, -1 },
  [GT_UNARY_SIGN] = { "SignBackward0", zero_backward, -1 },
  [GT_UNARY_ROUND] = { "RoundBackward0", zero_backward, -1 },
  [GT_UNARY_FLOOR] = { "FloorBackward0", zero_backward, -1 },
  [GT_UNARY_CEIL] = { "CeilBackward0", zero_backward, -1 },
  [GT_UNARY_TRUNC] = { "TruncBackward0", zero_backward, -1 },
  [GT_UNARY_RELU] = { "ReluBackward0", relu_backward, SLOT_RESULT },
  [GT_UNARY_SQUARE] = { "PowBackward0", square_backward, SLOT_SELF },
  [GT_UNARY_NAN_TO_NUM] = { "NanToNumBackward0", nan_to_num_backward, SLOT_SELF },
  /* isnan, isinf, logical_not: bool results, never recorded */
};

GtNode *
gt_pointwise_unary_node (GtUnaryOp             op,
                         GtTensor             *self,
                         const GtUnaryParams  *params,
                         gboolean              inplace,
                         GError              **error)
{
  const UnaryRule *rule = &grad_rules[op];
  const char *name = rule->name;
  GtNode *node;
  Ctx *ctx;

  g_assert (rule->backward != NULL);
  /* torch.round(x, decimals=d) is the round.decimals overload */
  if (op == GT_UNARY_ROUND && params != NULL && params->decimals != 0)
    name = "RoundBackward1";

  node = node_new (name, rule->backward, &self, 1, &ctx);
  ctx->op = op;
  ctx->save_result = rule->save == SLOT_RESULT;
  if (rule->save == SLOT_SELF && !save (node, ctx, SLOT_SELF, self, inplace, error))
    {
      gt_node_unref (node);
      return NULL;
    }
  return node;
}
