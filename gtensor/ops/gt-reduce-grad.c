#include "config.h"

#include <math.h>
#include <string.h>

#include "gt-reduce.h"
#include "gt-reduce-private.h"
#include "gt-creation.h"
#include "gt-index.h"
#include "gt-pointwise.h"
#include "gt-shape.h"
#include "gt-tensor.h"
#include "gt-grad-mode.h"
#include "gt-autograd-private.h"

/*
 * The gradient rules of the reductions, scans and sorts: torch 1.13's
 * derivatives.yaml, written with gtensor's own ops so that a backward run
 * under create_graph records the graph of the gradient.
 *
 * gt-reduce.c and gt-sort.c compute a result as before and, when the input
 * needs a gradient, hand it here to become the result's history. The
 * reductions know their reduced dims as a mask over self's dims; a
 * gradient of a result without keepdim is first reshaped to the keepdim
 * shape (torch's restore_reduced_dims), then broadcast against self.
 */

typedef struct {
  GtReduceOp op;
  guint      mask;       /* reduced dims of self */
  gboolean   keepdim;
  gdouble    param;      /* var/std correction, norm p */
  gint       dim;        /* cumsum, sort, topk, max_dim */
  guint      ndim;       /* self's shape */
  gint64     shape[GT_MAX_DIMS];
  GtDType    dtype;
  gint       slot_self;
  gint       slot_result;
  gint       slot_indices;
} Ctx;

#define TRY(var, expr) \
  g_autoptr(GtTensor) var = (expr); \
  if (var == NULL) \
    return FALSE

static GtNode *
node_new (const char      *name,
          GtBackwardFunc   backward,
          GtTensor        *self,
          Ctx            **ctx)
{
  GtNode *node = gt_node_new (name, backward, &self, 1, 1);

  *ctx = g_new0 (Ctx, 1);
  (*ctx)->ndim = self->ndim;
  memcpy ((*ctx)->shape, self->sizes, self->ndim * sizeof (gint64));
  (*ctx)->dtype = self->dtype;
  (*ctx)->slot_self = (*ctx)->slot_result = (*ctx)->slot_indices = -1;
  gt_node_set_ctx (node, *ctx, g_free);
  return node;
}

/* The reduced dims as a list; the count. */
static gsize
dims_of (Ctx  *c,
         gint *dims)
{
  gsize n = 0;

  for (guint d = 0; d < c->ndim; d++)
    if (c->mask & (1u << d))
      dims[n++] = (gint) d;
  return n;
}

/* @g (of the result's shape) with the reduced dims back as size 1. */
static GtTensor *
restore (Ctx       *c,
         GtTensor  *g,
         GError   **error)
{
  gint64 shape[GT_MAX_DIMS];

  if (c->keepdim)
    return g_object_ref (g);
  for (guint d = 0; d < c->ndim; d++)
    shape[d] = (c->mask & (1u << d)) ? 1 : c->shape[d];
  return gt_tensor_reshape (g, shape, c->ndim, error);
}

static GtTensor *
expand_self (Ctx       *c,
             GtTensor  *g,
             GError   **error)
{
  return gt_tensor_expand (g, c->shape, c->ndim, error);
}

/* The number of elements each result reduces. */
static gint64
count (Ctx *c)
{
  gint64 n = 1;

  for (guint d = 0; d < c->ndim; d++)
    if (c->mask & (1u << d))
      n *= c->shape[d];
  return n;
}

/* sum over the reduced dims, keepdim */
static GtTensor *
sum_kept (Ctx       *c,
          GtTensor  *t,
          GError   **error)
{
  gint dims[GT_MAX_DIMS];
  gsize n = dims_of (c, dims);

  if (n == 0)
    return g_object_ref (t);
  return gt_tensor_sum (t, dims, n, TRUE, error);
}

static gboolean
sum_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  TRY (g, restore (c, grad_outputs[0], error));

  if ((grad_inputs[0] = expand_self (c, g, error)) == NULL)
    return FALSE;
  return TRUE;
}

static gboolean
mean_backward (GtNode     *node,
               GtTensor  **grad_outputs,
               GtTensor  **grad_inputs,
               GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  TRY (g, restore (c, grad_outputs[0], error));
  TRY (e, expand_self (c, g, error));

  grad_inputs[0] = gt_tensor_div_scalar (e, (gdouble) count (c), NULL, error);
  return grad_inputs[0] != NULL;
}

/* 2 (x - mean) g / max (0, n - correction), @g restored. */
static GtTensor *
var_grad (Ctx       *c,
          GtTensor  *self,
          GtTensor  *g,
          GError   **error)
{
  gint dims[GT_MAX_DIMS];
  gsize n = dims_of (c, dims);
  gdouble denom = MAX (0.0, (gdouble) count (c) - c->param);
  g_autoptr(GtTensor) mean = NULL, dev = NULL, scaled = NULL;

  mean = n == 0 ? g_object_ref (self) : gt_tensor_mean (self, dims, n, TRUE, error);
  if (mean == NULL ||
      (dev = gt_tensor_sub (self, mean, 1.0, error)) == NULL ||
      (scaled = gt_tensor_mul_scalar (g, 2.0 / denom, error)) == NULL)
    return NULL;
  return gt_tensor_mul (scaled, dev, error);
}

static gboolean
var_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  TRY (self, gt_node_saved (node, c->slot_self, error));
  TRY (g, restore (c, grad_outputs[0], error));

  grad_inputs[0] = var_grad (c, self, g, error);
  return grad_inputs[0] != NULL;
}

static gboolean
std_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  TRY (self, gt_node_saved (node, c->slot_self, error));
  TRY (result, gt_node_saved (node, c->slot_result, error));
  TRY (two_r, gt_tensor_mul_scalar (result, 2.0, error));
  TRY (q, gt_tensor_div (grad_outputs[0], two_r, NULL, error));
  TRY (zero, gt_tensor_eq_scalar (result, 0.0, error));
  TRY (gv, gt_tensor_masked_fill_scalar (q, zero, 0.0, error));
  TRY (g, restore (c, gv, error));

  grad_inputs[0] = var_grad (c, self, g, error);
  return grad_inputs[0] != NULL;
}

/* amax, amin, max, min: the gradient split evenly among the elements equal
 * to the result (with NaN matching NaN for max and min). */
static gboolean
extreme_backward (GtNode     *node,
                  GtTensor  **grad_outputs,
                  GtTensor  **grad_inputs,
                  GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  TRY (self, gt_node_saved (node, c->slot_self, error));
  TRY (result, gt_node_saved (node, c->slot_result, error));
  TRY (r, restore (c, result, error));
  TRY (g, restore (c, grad_outputs[0], error));
  TRY (eq, gt_tensor_eq (self, r, error));
  g_autoptr(GtTensor) mask_b = NULL;

  if (c->op == GT_REDUCE_MAX || c->op == GT_REDUCE_MIN)
    {
      TRY (n1, gt_tensor_isnan (self, error));
      TRY (n2, gt_tensor_isnan (r, error));
      TRY (both, gt_tensor_logical_and (n1, n2, error));
      mask_b = gt_tensor_logical_or (eq, both, error);
    }
  else
    mask_b = g_object_ref (eq);
  if (mask_b == NULL)
    return FALSE;
  TRY (mask, gt_tensor_to_dtype (mask_b, c->dtype, error));
  TRY (n, sum_kept (c, mask, error));
  TRY (share, gt_tensor_div (g, n, NULL, error));

  grad_inputs[0] = gt_tensor_mul (share, mask, error);
  return grad_inputs[0] != NULL;
}

/* max_dim, min_dim, sort, topk: the gradient goes to the positions of
 * @indices along c->dim (torch's value_selecting_reduction_backward). */
static gboolean
select_backward (GtNode     *node,
                 GtTensor  **grad_outputs,
                 GtTensor  **grad_inputs,
                 GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  TRY (indices, gt_node_saved (node, c->slot_indices, error));
  TRY (idx, restore (c, indices, error));
  TRY (g, restore (c, grad_outputs[0], error));
  TRY (zeros, gt_zeros (c->shape, c->ndim, g->dtype, (GtDevice *) gt_tensor_device (g),
                        error));

  grad_inputs[0] = gt_tensor_scatter (zeros, c->dim, idx, g, error);
  return grad_inputs[0] != NULL;
}

static gboolean
logsumexp_backward (GtNode     *node,
                    GtTensor  **grad_outputs,
                    GtTensor  **grad_inputs,
                    GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  TRY (self, gt_node_saved (node, c->slot_self, error));
  TRY (result, gt_node_saved (node, c->slot_result, error));
  TRY (r, restore (c, result, error));
  TRY (g, restore (c, grad_outputs[0], error));
  TRY (d, gt_tensor_sub (self, r, 1.0, error));
  TRY (e, gt_tensor_exp (d, error));

  grad_inputs[0] = gt_tensor_mul (g, e, error);
  return grad_inputs[0] != NULL;
}

/* torch's norm_backward. */
static gboolean
norm_backward (GtNode     *node,
               GtTensor  **grad_outputs,
               GtTensor  **grad_inputs,
               GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  gdouble p = c->param;
  TRY (self, gt_node_saved (node, c->slot_self, error));
  TRY (result, gt_node_saved (node, c->slot_result, error));
  TRY (nr, restore (c, result, error));
  TRY (g, restore (c, grad_outputs[0], error));

  if (p == 0.0)
    {
      grad_inputs[0] = gt_zeros (c->shape, c->ndim, self->dtype,
                                 (GtDevice *) gt_tensor_device (self), error);
      return grad_inputs[0] != NULL;
    }
  if (p == 1.0)
    {
      TRY (s, gt_tensor_sign (self, error));
      grad_inputs[0] = gt_tensor_mul (s, g, error);
      return grad_inputs[0] != NULL;
    }
  if (isinf (p))
    {
      TRY (ax, gt_tensor_abs (self, error));
      TRY (eq, gt_tensor_eq (ax, nr, error));
      TRY (nan, gt_tensor_isnan (ax, error));
      TRY (mask_b, gt_tensor_logical_or (eq, nan, error));
      TRY (mask, gt_tensor_to_dtype (mask_b, self->dtype, error));
      TRY (n, sum_kept (c, mask, error));
      TRY (share, gt_tensor_div (g, n, NULL, error));
      TRY (sm, gt_tensor_mul (share, mask, error));
      TRY (s, gt_tensor_sign (self, error));
      grad_inputs[0] = gt_tensor_mul (s, sm, error);
      return grad_inputs[0] != NULL;
    }

  TRY (zero, gt_tensor_eq_scalar (nr, 0.0, error));
  g_autoptr(GtTensor) scale = NULL, factor = NULL;

  if (p == 2.0)
    {
      scale = gt_tensor_div (g, nr, NULL, error);
      factor = g_object_ref (self);
    }
  else
    {
      TRY (ax, gt_tensor_abs (self, error));
      if (p < 1.0)
        {
          TRY (np, gt_tensor_pow_scalar (nr, 1.0 - p, error));
          scale = gt_tensor_mul (g, np, error);
        }
      else
        {
          TRY (np, gt_tensor_pow_scalar (nr, p - 1.0, error));
          scale = gt_tensor_div (g, np, NULL, error);
        }
      if (p < 2.0)
        {
          TRY (s, gt_tensor_sign (self, error));
          TRY (ap, gt_tensor_pow_scalar (ax, p - 1.0, error));
          TRY (sap, gt_tensor_mul (s, ap, error));
          /* |0| ** (p - 1) is inf below p = 1: torch's 0 there */
          TRY (xz, gt_tensor_eq_scalar (self, 0.0, error));
          factor = gt_tensor_masked_fill_scalar (sap, xz, 0.0, error);
        }
      else
        {
          TRY (ap, gt_tensor_pow_scalar (ax, p - 2.0, error));
          factor = gt_tensor_mul (self, ap, error);
        }
    }
  if (scale == NULL || factor == NULL)
    return FALSE;
  TRY (masked, gt_tensor_masked_fill_scalar (scale, zero, 0.0, error));

  grad_inputs[0] = gt_tensor_mul (factor, masked, error);
  return grad_inputs[0] != NULL;
}

/* prod: g * the product of the other elements of the slice (torch's
 * exclusive products), written with recorded ops so that the gradient is
 * differentiable again (create_graph) at zeros too, as torch's
 * prod_safe_zeros_backward is. With p1 the product of the slice's nonzero
 * elements, x1 the input with its zeros replaced by 1 (a = p1 / x1) and zs
 * the sum of the slice's zero elements (value 0, derivative 1 for each):
 *   no zero:    others_k = a_k
 *   one zero:   others_k = a_k at the zero, a_k * zs elsewhere (value 0,
 *               but d/dx_zero = the product of the rest)
 *   two zeros:  others_k = a_k * (zs - x_k) at a zero (the other zero,
 *               differentiably), 0 elsewhere (two zero factors: 0 up to
 *               second order)
 *   more:       0 (every exclusive product keeps two zero factors).
 * Without create_graph (grad mode off in the backward) it takes torch's
 * cheaper first-order path, which gives +0 rather than p1 * -0 off the
 * zero. */
static gboolean
prod_backward (GtNode     *node,
               GtTensor  **grad_outputs,
               GtTensor  **grad_inputs,
               GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  gint dims[GT_MAX_DIMS];
  gsize nd = dims_of (c, dims);
  TRY (self, gt_node_saved (node, c->slot_self, error));
  TRY (g, restore (c, grad_outputs[0], error));
  TRY (z, gt_tensor_eq_scalar (self, 0.0, error));
  TRY (nonzero, gt_tensor_logical_not (z, error));
  TRY (x1, gt_where_scalar (nonzero, self, 1.0, error));
  TRY (p1, nd == 0 ? g_object_ref (x1) : gt_tensor_prod (x1, dims, nd, TRUE, error));
  TRY (nz, nd == 0 ? gt_tensor_to_dtype (z, GT_DTYPE_INT64, error)
                   : gt_tensor_sum (z, dims, nd, TRUE, error));
  TRY (a, gt_tensor_div (p1, x1, NULL, error));
  if (!gt_is_grad_enabled ())
    {
      /* not recorded (no create_graph): torch's first-order shortcut,
       * the product of the others at a lone zero and +0 everywhere else */
      TRY (one, gt_tensor_eq_scalar (nz, 1.0, error));
      TRY (only, gt_tensor_logical_and (one, z, error));
      TRY (b, gt_where_scalar (only, p1, 0.0, error));
      TRY (none, gt_tensor_eq_scalar (nz, 0.0, error));
      TRY (sel, gt_where (none, a, b, error));

      grad_inputs[0] = gt_tensor_mul (g, sel, error);
      return grad_inputs[0] != NULL;
    }
  TRY (zval, gt_where_scalar (z, self, 0.0, error));
  TRY (zs, nd == 0 ? g_object_ref (zval) : gt_tensor_sum (zval, dims, nd, TRUE, error));
  /* one zero */
  TRY (f1, gt_where_scalar (nonzero, zs, 1.0, error));
  TRY (b1, gt_tensor_mul (a, f1, error));
  /* two zeros */
  TRY (other, gt_tensor_sub (zs, self, 1.0, error));
  TRY (a2, gt_tensor_mul (a, other, error));
  TRY (b2, gt_where_scalar (z, a2, 0.0, error));
  TRY (two, gt_tensor_eq_scalar (nz, 2.0, error));
  TRY (s2, gt_where_scalar (two, b2, 0.0, error));
  TRY (one, gt_tensor_eq_scalar (nz, 1.0, error));
  TRY (s1, gt_where (one, b1, s2, error));
  TRY (none, gt_tensor_eq_scalar (nz, 0.0, error));
  TRY (sel, gt_where (none, a, s1, error));

  grad_inputs[0] = gt_tensor_mul (g, sel, error);
  return grad_inputs[0] != NULL;
}

static gboolean
cumsum_backward (GtNode     *node,
                 GtTensor  **grad_outputs,
                 GtTensor  **grad_inputs,
                 GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);

  if (c->ndim == 0)
    {
      grad_inputs[0] = g_object_ref (grad_outputs[0]);
      return TRUE;
    }
  TRY (f, gt_tensor_flip (grad_outputs[0], &c->dim, 1, error));
  TRY (s, gt_tensor_cumsum (f, c->dim, error));

  grad_inputs[0] = gt_tensor_flip (s, &c->dim, 1, error);
  return grad_inputs[0] != NULL;
}

/* The node of each differentiable reduction: torch's name when every dim
 * is reduced and, where torch has another, when dims are named; the rule;
 * what it saves. all, any, argmax and argmin have none. */
typedef struct {
  const char     *name;
  const char     *name_dims;
  GtBackwardFunc  backward;
  gboolean        save_self;
  gboolean        save_result;
} GradRule;

static const GradRule grad_rules[GT_REDUCE_N_OPS] = {
  [GT_REDUCE_SUM] = { "SumBackward0", "SumBackward1", sum_backward, FALSE, FALSE },
  [GT_REDUCE_MEAN] = { "MeanBackward0", "MeanBackward1", mean_backward, FALSE, FALSE },
  [GT_REDUCE_PROD] = { "ProdBackward0", "ProdBackward1", prod_backward, TRUE, FALSE },
  [GT_REDUCE_VAR] = { "VarBackward0", NULL, var_backward, TRUE, FALSE },
  [GT_REDUCE_STD] = { "StdBackward0", NULL, std_backward, TRUE, TRUE },
  [GT_REDUCE_AMAX] = { "AmaxBackward0", NULL, extreme_backward, TRUE, TRUE },
  [GT_REDUCE_AMIN] = { "AminBackward0", NULL, extreme_backward, TRUE, TRUE },
  /* max and min of the whole tensor; along a dim, see max_dim_rules */
  [GT_REDUCE_MAX] = { "MaxBackward1", NULL, extreme_backward, TRUE, TRUE },
  [GT_REDUCE_MIN] = { "MinBackward1", NULL, extreme_backward, TRUE, TRUE },
  [GT_REDUCE_LOGSUMEXP] = { "LogsumexpBackward0", NULL, logsumexp_backward, TRUE, TRUE },
  [GT_REDUCE_NORM] = { "NormBackward1", NULL, norm_backward, TRUE, TRUE },
};

/* max_dim and min_dim: the gradient goes to the saved positions. */
static const GradRule max_dim_rules[2] = {
  { "MaxBackward0", NULL, select_backward, FALSE, FALSE },
  { "MinBackward0", NULL, select_backward, FALSE, FALSE },
};

void
gt_reduce_record (GtReduceOp  op,
                  GtTensor   *self,
                  guint       mask,
                  gboolean    keepdim,
                  gdouble     param,
                  gboolean    dims_given,
                  GtTensor   *out,
                  GtTensor   *indices)
{
  const GradRule *rule = &grad_rules[op];
  GtNode *node;
  Ctx *c;

  if ((op == GT_REDUCE_MAX || op == GT_REDUCE_MIN) && indices != NULL)
    rule = &max_dim_rules[op == GT_REDUCE_MAX ? 0 : 1];
  if (rule->backward == NULL)
    return;   /* all, any, argmax, argmin: not differentiable */

  node = node_new (dims_given && rule->name_dims != NULL ? rule->name_dims
                                                         : rule->name,
                   rule->backward, self, &c);
  c->op = op;
  c->mask = mask;
  c->keepdim = keepdim;
  c->param = param;
  for (guint d = 0; d < self->ndim; d++)
    if (mask & (1u << d))
      c->dim = (gint) d;
  gt_autograd_set_history (out, node, 0);
  if (rule->save_self)
    c->slot_self = (gint) gt_node_save (node, self, FALSE);
  if (rule->save_result)
    c->slot_result = (gint) gt_node_save (node, out, TRUE);
  if (indices != NULL)
    c->slot_indices = (gint) gt_node_save (node, indices, FALSE);
  gt_node_unref (node);
}

void
gt_reduce_record_cumsum (GtTensor *self,
                         guint     dim,
                         GtTensor *out)
{
  Ctx *c;
  GtNode *node = node_new ("CumsumBackward0", cumsum_backward, self, &c);

  c->dim = (gint) dim;
  gt_autograd_set_history (out, node, 0);
  gt_node_unref (node);
}

void
gt_reduce_record_select (const char *name,
                         GtTensor   *self,
                         guint       dim,
                         GtTensor   *out,
                         GtTensor   *indices)
{
  Ctx *c;
  GtNode *node = node_new (name, select_backward, self, &c);

  c->dim = (gint) dim;
  c->keepdim = TRUE;
  gt_autograd_set_history (out, node, 0);
  c->slot_indices = (gint) gt_node_save (node, indices, FALSE);
  gt_node_unref (node);
}
