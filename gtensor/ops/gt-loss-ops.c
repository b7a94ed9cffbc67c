#include "config.h"

#include <math.h>
#include <string.h>

#include "gt-error.h"
#include "gt-grad-mode.h"
#include "gt-loss-ops.h"
#include "gt-loss-private.h"
#include "gt-op-private.h"
#include "gt-autograd-private.h"
#include "gt-creation.h"
#include "gt-index.h"
#include "gt-pointwise.h"
#include "gt-reduce.h"
#include "gt-shape.h"

/*
 * Softmax and the losses of torch.nn.functional.
 *
 * softmax and log_softmax along one dim, and the loss functions of
 * torch.nn.functional with torch 1.13's values, shapes, dtypes, errors
 * and gradients. The losses reduce as #GtReduction says: one value per
 * element (or per sample) for %GT_REDUCTION_NONE, a 0-d tensor otherwise.
 * An empty input with %GT_REDUCTION_MEAN gives NaN, as in torch.
 *
 * softmax, log_softmax and nll_loss have kernels of their own (forward and
 * first-order backward); the other losses compute their forward with
 * gtensor's element-wise ops and record one node with torch's name
 * ("MseLossBackward0"...), and cross_entropy is log_softmax followed by
 * nll_loss, as torch composes it. Every backward can itself be
 * differentiated (create_graph).
 */

#define TRY(var, expr) \
  g_autoptr(GtTensor) var = (expr); \
  if (var == NULL) \
    return NULL

/* torch refuses integer inputs; gtensor also float16 and bfloat16. */
static gboolean
check_float (const char  *func,
             const char  *name,
             GtTensor    *t,
             GError     **error)
{
  if (t->dtype == GT_DTYPE_FLOAT32 || t->dtype == GT_DTYPE_FLOAT64)
    return TRUE;
  {
    g_autofree char *ts = gt_tensor_describe (t);

    g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                 "%s: expected %s of dtype float32 or float64, got %s",
                 func, name, ts);
  }
  return FALSE;
}

static gboolean
check_dtype_float (const char  *func,
                   GtDType      dtype,
                   GtTensor    *a,
                   GtTensor    *b,
                   GError     **error)
{
  if (dtype == GT_DTYPE_FLOAT32 || dtype == GT_DTYPE_FLOAT64)
    return TRUE;
  {
    g_autofree char *as = gt_tensor_describe (a);
    g_autofree char *bs = gt_tensor_describe (b);

    g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                 "%s: expected float32 or float64 operands, got input %s "
                 "and target %s", func, as, bs);
  }
  return FALSE;
}

static gboolean
check_reduction (const char   *func,
                 GtReduction   reduction,
                 GError      **error)
{
  if (reduction == GT_REDUCTION_NONE || reduction == GT_REDUCTION_MEAN ||
      reduction == GT_REDUCTION_SUM)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: %d is not a valid "
               "reduction", func, (gint) reduction);
  return FALSE;
}

static gboolean
check_same_shape (const char  *func,
                  GtTensor    *input,
                  GtTensor    *target,
                  GError     **error)
{
  g_autofree char *is = NULL;
  g_autofree char *ts = NULL;

  if (input->ndim == target->ndim &&
      memcmp (input->sizes, target->sizes, input->ndim * sizeof (gint64)) == 0)
    return TRUE;
  is = gt_shape_to_string (input->sizes, input->ndim);
  ts = gt_shape_to_string (target->sizes, target->ndim);
  g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
               "%s: target size %s must be the same as input size %s",
               func, ts, is);
  return FALSE;
}

/* @t (nullable) converted to @dtype and checked to broadcast to @shape
 * (the broadcast result must be @shape itself). */
static gboolean
prepare_weight (const char    *func,
                const char    *name,
                GtTensor      *t,
                GtDType        dtype,
                const gint64  *shape,
                guint          ndim,
                GtTensor     **out,
                GError       **error)
{
  gint64 b[GT_MAX_DIMS];
  guint bn;

  *out = NULL;
  if (t == NULL)
    return TRUE;
  if (!gt_op_check_tensor (func, name, t, error))
    return FALSE;
  if (!gt_broadcast_shapes (func, t->sizes, t->ndim, shape, ndim, b, &bn,
                            error))
    return FALSE;
  if (bn != ndim || memcmp (b, shape, ndim * sizeof (gint64)) != 0)
    {
      g_autofree char *ws = gt_shape_to_string (t->sizes, t->ndim);
      g_autofree char *is = gt_shape_to_string (shape, ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: %s of shape %s does not broadcast to the input's "
                   "shape %s", func, name, ws, is);
      return FALSE;
    }
  *out = t->dtype == dtype ? g_object_ref (t) : gt_tensor_to_dtype (t, dtype, error);
  return *out != NULL;
}

/* The per-element losses @l reduced as asked. */
static GtTensor *
reduce (GtTensor     *l,
        GtReduction   reduction,
        GError      **error)
{
  switch (reduction)
    {
    case GT_REDUCTION_NONE:
      return g_object_ref (l);
    case GT_REDUCTION_MEAN:
      return gt_tensor_mean (l, NULL, 0, FALSE, error);
    case GT_REDUCTION_SUM:
      return gt_tensor_sum (l, NULL, 0, FALSE, error);
    }
  g_return_val_if_reached (NULL);
}

/* ---- softmax ---- */

static GtTensor *
softmax_impl (const char  *func,
              GtTensor    *self,
              gint         dim,
              gboolean     log,
              GError     **error)
{
  const GtBackend *backend;
  g_autoptr(GtTensor) x = NULL;
  g_autoptr(GtTensor) out = NULL;
  gint64 outer = 1, inner = 1, size;
  guint d;

  if (!gt_op_check_tensor (func, "self", self, error) ||
      !check_float (func, "self", self, error) ||
      !gt_dim_wrap (func, dim, self->ndim, &d, error))
    return NULL;
  backend = gt_tensor_backend (self);
  if (backend->loss == NULL || backend->loss->softmax == NULL)
    return gt_backend_not_supported (func, backend, error), NULL;

  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();

    if ((x = gt_tensor_contiguous (self, error)) == NULL)
      return NULL;
  }
  out = gt_tensor_new_empty (self->sizes, self->ndim, self->dtype,
                             gt_tensor_device (self), error);
  if (out == NULL)
    return NULL;
  size = self->ndim > 0 ? self->sizes[d] : 1;
  for (guint i = 0; i < self->ndim; i++)
    {
      if (i < d)
        outer *= self->sizes[i];
      else if (i > d)
        inner *= self->sizes[i];
    }
  if (!backend->loss->softmax (out, x, outer, size, inner, log, error))
    return NULL;
  if (gt_autograd_should_record (&self, 1))
    gt_loss_record_softmax (self, out, d, log);
  return g_steal_pointer (&out);
}

/**
 * gt_tensor_softmax:
 * @self: a float32 or float64 tensor (0-d allowed)
 * @dim: the dim to normalise along; negative counts from the end
 * @error: return location for a #GError
 *
 * exp (x) / sum (exp (x)) along @dim (torch.softmax), computed stably by
 * subtracting each slice's maximum first. A slice holding NaN gives NaN.
 *
 * Returns: (transfer full) (nullable): a new tensor of @self's shape and
 *   dtype, or %NULL with %GT_ERROR_DTYPE for an integer, bool, float16 or
 *   bfloat16 input and %GT_ERROR_INDEX for a dim out of range
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_softmax (GtTensor      *self,
                   gint           dim,
                   GError       **error)
{
  return softmax_impl ("gt_tensor_softmax", self, dim, FALSE, error);
}

/**
 * gt_tensor_log_softmax:
 * @self: a float32 or float64 tensor (0-d allowed)
 * @dim: the dim to normalise along; negative counts from the end
 * @error: return location for a #GError
 *
 * x - log (sum (exp (x))) along @dim (torch.log_softmax), computed stably
 * by subtracting each slice's maximum first.
 *
 * Returns: (transfer full) (nullable): a new tensor of @self's shape and
 *   dtype, or %NULL with %GT_ERROR_DTYPE for an integer, bool, float16 or
 *   bfloat16 input and %GT_ERROR_INDEX for a dim out of range
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_log_softmax (GtTensor      *self,
                       gint           dim,
                       GError       **error)
{
  return softmax_impl ("gt_tensor_log_softmax", self, dim, TRUE, error);
}

/* ---- the element-wise losses ---- */

/* The checks and broadcasting shared by mse, smooth_l1 and huber:
 * promoted floating dtype, operands broadcast to one shape in @x, @t. */
static gboolean
prepare_pair (const char   *func,
              GtTensor     *input,
              GtTensor     *target,
              GtReduction   reduction,
              GtTensor    **x,
              GtTensor    **t,
              GError      **error)
{
  GtTensor *ops[2] = { input, target };
  GtTensor *prepared[2] = { NULL, NULL };
  gint64 shape[GT_MAX_DIMS];
  guint ndim;
  GtDType dtype;

  if (!gt_op_check_tensor (func, "input", input, error) ||
      !gt_op_check_tensor (func, "target", target, error) ||
      !check_reduction (func, reduction, error) ||
      !gt_op_check_devices (func, ops, 2, error))
    return FALSE;
  dtype = gt_result_type (input, target);
  if (!check_dtype_float (func, dtype, input, target, error))
    return FALSE;
  if (!gt_op_broadcast_inputs (func, ops, 2, dtype, gt_op_device (ops, 2),
                               shape, &ndim, prepared, error))
    return FALSE;
  *x = prepared[0];
  *t = prepared[1];
  return TRUE;
}

/* Reduces @l and records the node when an operand needs a gradient. */
static GtTensor *
finish_point (GtPointLoss   kind,
              GtTensor     *input,
              GtTensor     *target,
              GtTensor     *x,
              GtTensor     *t,
              GtTensor     *weight,
              GtTensor     *pos_weight,
              GtTensor     *l,
              GtReduction   reduction,
              gdouble       param,
              GError      **error)
{
  g_autoptr(GtTensor) out = NULL;

  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();

    /* NONE hands out @l itself: the caller made it and keeps no alias */
    if ((out = reduce (l, reduction, error)) == NULL)
      return NULL;
  }
  if (gt_autograd_should_record ((GtTensor *[]) { input, target }, 2))
    gt_loss_record_point (kind, input, target, x, t, weight, pos_weight,
                          reduction, param, out);
  return g_steal_pointer (&out);
}

/**
 * gt_mse_loss:
 * @input: the predictions, float32 or float64
 * @target: the targets; broadcast with @input
 * @reduction: how to reduce the squared errors
 * @error: return location for a #GError
 *
 * The mean squared error (torch.nn.functional.mse_loss): (input - target)²
 * per element, reduced. The operands broadcast (torch warns when their
 * shapes differ; gtensor does not) and promote as torch's binary ops.
 * Differentiable in both operands ("MseLossBackward0").
 *
 * Returns: (transfer full) (nullable): the loss, or %NULL with
 *   %GT_ERROR_SHAPE when the shapes do not broadcast and %GT_ERROR_DTYPE
 *   when the promoted dtype is not float32 or float64
 *
 * Since: 0.1
 */
GtTensor *
gt_mse_loss (GtTensor      *input,
             GtTensor      *target,
             GtReduction    reduction,
             GError       **error)
{
  const char *func = "gt_mse_loss";
  g_autoptr(GtTensor) x = NULL;
  g_autoptr(GtTensor) t = NULL;
  g_autoptr(GtTensor) l = NULL;

  g_return_val_if_fail (input != NULL, NULL);
  if (!prepare_pair (func, input, target, reduction, &x, &t, error))
    return NULL;
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    TRY (d, gt_tensor_sub (x, t, 1.0, error));

    if ((l = gt_tensor_square (d, error)) == NULL)
      return NULL;
  }
  return finish_point (GT_POINT_LOSS_MSE, input, target, x, t, NULL, NULL, l,
                       reduction, 0.0, error);
}

/**
 * gt_l1_loss:
 * @input: the predictions
 * @target: the targets; broadcast with @input
 * @reduction: how to reduce the absolute errors
 * @error: return location for a #GError
 *
 * The mean absolute error (torch.nn.functional.l1_loss): |input - target|
 * per element, reduced. Composed of sub, abs and mean/sum exactly as torch
 * 1.13 composes it, so the gradient nodes are torch's (AbsBackward0,
 * MeanBackward0, SumBackward0).
 *
 * Returns: (transfer full) (nullable): the loss, or %NULL with
 *   %GT_ERROR_SHAPE when the shapes do not broadcast and %GT_ERROR_DTYPE
 *   for operands that are not floating point
 *
 * Since: 0.1
 */
GtTensor *
gt_l1_loss (GtTensor      *input,
            GtTensor      *target,
            GtReduction    reduction,
            GError       **error)
{
  const char *func = "gt_l1_loss";

  g_return_val_if_fail (input != NULL, NULL);
  if (!gt_op_check_tensor (func, "input", input, error) ||
      !gt_op_check_tensor (func, "target", target, error) ||
      !check_reduction (func, reduction, error) ||
      !check_dtype_float (func, gt_result_type (input, target), input, target,
                          error))
    return NULL;
  {
    g_autoptr(GtTensor) d = gt_tensor_sub (input, target, 1.0, error);

    if (d == NULL)
      {
        /* shapes that do not broadcast: gt_tensor_sub named itself */
        g_prefix_error (error, "%s: ", func);
        return NULL;
      }
    TRY (a, gt_tensor_abs (d, error));

    return reduce (a, reduction, error);
  }
}

/* The elementwise loss of smooth L1 and Huber: with d = |x - t|,
 * @quad d² where d < @thr, else @lin (d - @thr / 2); computed with grad
 * mode off (the node is recorded by finish_point). */
static GtTensor *
quad_lin_elementwise (GtTensor  *x,
                      GtTensor  *t,
                      gdouble    thr,
                      gdouble    quad,
                      gdouble    lin,
                      GError   **error)
{
  g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
  TRY (d, gt_tensor_sub (x, t, 1.0, error));
  TRY (a, gt_tensor_abs (d, error));
  TRY (small, gt_tensor_lt_scalar (a, thr, error));
  TRY (sq, gt_tensor_mul (a, a, error));
  TRY (q, gt_tensor_mul_scalar (sq, quad, error));
  TRY (am, gt_tensor_sub_scalar (a, 0.5 * thr, 1.0, error));
  TRY (l, lin != 1.0 ? gt_tensor_mul_scalar (am, lin, error)
                     : g_object_ref (am));

  return gt_where (small, q, l, error);
}

/* smooth L1 and Huber once their parameter (@thr) is checked. */
static GtTensor *
quad_lin_loss (const char   *func,
               GtPointLoss   kind,
               GtTensor     *input,
               GtTensor     *target,
               GtReduction   reduction,
               gdouble       thr,
               gdouble       quad,
               gdouble       lin,
               GError      **error)
{
  g_autoptr(GtTensor) x = NULL;
  g_autoptr(GtTensor) t = NULL;
  g_autoptr(GtTensor) l = NULL;

  if (!prepare_pair (func, input, target, reduction, &x, &t, error) ||
      (l = quad_lin_elementwise (x, t, thr, quad, lin, error)) == NULL)
    return NULL;
  return finish_point (kind, input, target, x, t, NULL, NULL, l, reduction,
                       thr, error);
}

/**
 * gt_smooth_l1_loss:
 * @input: the predictions, float32 or float64
 * @target: the targets; broadcast with @input
 * @reduction: how to reduce the losses
 * @beta: where the loss turns from quadratic to linear, >= 0
 * @error: return location for a #GError
 *
 * torch.nn.functional.smooth_l1_loss: with d = |input - target|,
 * 0.5 d² / @beta where d < @beta, else d - 0.5 @beta. @beta == 0 gives
 * the L1 loss, as in torch. Differentiable in both operands
 * ("SmoothL1LossBackward0").
 *
 * Returns: (transfer full) (nullable): the loss, or %NULL with
 *   %GT_ERROR_VALUE for a negative @beta, %GT_ERROR_SHAPE when the shapes
 *   do not broadcast, %GT_ERROR_DTYPE for non-floating operands
 *
 * Since: 0.1
 */
GtTensor *
gt_smooth_l1_loss (GtTensor      *input,
                   GtTensor      *target,
                   GtReduction    reduction,
                   gdouble        beta,
                   GError       **error)
{
  const char *func = "gt_smooth_l1_loss";

  g_return_val_if_fail (input != NULL, NULL);
  if (!(beta >= 0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: smooth_l1_loss does not support negative values for "
                   "beta (got %g)", func, beta);
      return NULL;
    }
  /* beta 0 is the L1 loss: the quadratic part is never picked */
  return quad_lin_loss (func, GT_POINT_LOSS_SMOOTH_L1, input, target,
                        reduction, beta, beta > 0 ? 0.5 / beta : 0.0, 1.0,
                        error);
}

/**
 * gt_huber_loss:
 * @input: the predictions, float32 or float64
 * @target: the targets; broadcast with @input
 * @reduction: how to reduce the losses
 * @delta: where the loss turns from quadratic to linear, > 0
 * @error: return location for a #GError
 *
 * torch.nn.functional.huber_loss: with d = |input - target|, 0.5 d² where
 * d < @delta, else @delta (d - 0.5 @delta). Differentiable in both
 * operands ("HuberLossBackward0").
 *
 * Returns: (transfer full) (nullable): the loss, or %NULL with
 *   %GT_ERROR_VALUE for @delta <= 0, %GT_ERROR_SHAPE when the shapes do not
 *   broadcast, %GT_ERROR_DTYPE for non-floating operands
 *
 * Since: 0.1
 */
GtTensor *
gt_huber_loss (GtTensor      *input,
               GtTensor      *target,
               GtReduction    reduction,
               gdouble        delta,
               GError       **error)
{
  const char *func = "gt_huber_loss";

  g_return_val_if_fail (input != NULL, NULL);
  if (!(delta > 0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: huber_loss does not support non-positive values for "
                   "delta (got %g)", func, delta);
      return NULL;
    }
  return quad_lin_loss (func, GT_POINT_LOSS_HUBER, input, target, reduction,
                        delta, 0.5, delta, error);
}

/* Whether every element of @x lies in [0, 1] (NaN does not); a 0-d bool
 * tensor. */
static GtTensor *
all_probabilities (GtTensor  *x,
                   GError   **error)
{
  TRY (ge, gt_tensor_ge_scalar (x, 0.0, error));
  TRY (le, gt_tensor_le_scalar (x, 1.0, error));
  TRY (in, gt_tensor_logical_and (ge, le, error));

  return gt_tensor_all (in, NULL, 0, FALSE, error);
}

/**
 * gt_binary_cross_entropy:
 * @input: probabilities in [0, 1], float32 or float64
 * @target: the targets, of @input's shape and dtype
 * @weight: (nullable): per-element weights broadcast to @input's shape
 * @reduction: how to reduce the losses
 * @error: return location for a #GError
 *
 * torch.nn.functional.binary_cross_entropy:
 * -@weight (t log (x) + (1 - t) log (1 - x)) per element, each log clamped
 * at -100 as torch does, so that x = 0 or 1 gives a finite loss.
 * Differentiable in @input and @target ("BinaryCrossEntropyBackward0");
 * @weight is a constant.
 *
 * Returns: (transfer full) (nullable): the loss, or %NULL with
 *   %GT_ERROR_VALUE "all elements of input should be between 0 and 1",
 *   %GT_ERROR_SHAPE when @target's shape differs from @input's or @weight
 *   does not broadcast to it, %GT_ERROR_DTYPE when the dtypes differ or are
 *   not float32/float64
 *
 * Since: 0.1
 */
GtTensor *
gt_binary_cross_entropy (GtTensor      *input,
                         GtTensor      *target,
                         GtTensor      *weight,
                         GtReduction    reduction,
                         GError       **error)
{
  const char *func = "gt_binary_cross_entropy";
  g_autoptr(GtTensor) w = NULL;
  g_autoptr(GtTensor) l = NULL;

  g_return_val_if_fail (input != NULL, NULL);
  if (!gt_op_check_tensor (func, "input", input, error) ||
      !gt_op_check_tensor (func, "target", target, error) ||
      !check_reduction (func, reduction, error) ||
      !gt_op_check_devices (func, (GtTensor *[]) { input, target }, 2, error) ||
      !check_same_shape (func, input, target, error) ||
      !check_float (func, "input", input, error))
    return NULL;
  if (target->dtype != input->dtype)
    {
      g_autofree char *is = gt_tensor_describe (input);
      g_autofree char *ts = gt_tensor_describe (target);

      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected target of the input's dtype, got input %s "
                   "and target %s", func, is, ts);
      return NULL;
    }
  if (!prepare_weight (func, "weight", weight, input->dtype, input->sizes,
                       input->ndim, &w, error))
    return NULL;
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();

    TRY (ok, all_probabilities (input, error));

    if (gt_tensor_item (ok, NULL) == 0)
      {
        g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                     "%s: all elements of input should be between 0 and 1",
                     func);
        return NULL;
      }
    /* torch: (t - 1) max (log (1 - x), -100) - t max (log (x), -100) */
    {
      TRY (lx, gt_tensor_log (input, error));
      TRY (lxc, gt_tensor_clamp_min_scalar (lx, -100.0, error));
      TRY (omx, gt_tensor_rsub_scalar (input, 1.0, 1.0, error));
      TRY (l1x, gt_tensor_log (omx, error));
      TRY (l1xc, gt_tensor_clamp_min_scalar (l1x, -100.0, error));
      TRY (tm1, gt_tensor_sub_scalar (target, 1.0, 1.0, error));
      TRY (a, gt_tensor_mul (tm1, l1xc, error));
      TRY (b, gt_tensor_mul (target, lxc, error));

      if ((l = gt_tensor_sub (a, b, 1.0, error)) == NULL)
        return NULL;
      if (w != NULL)
        {
          GtTensor *lw = gt_tensor_mul (l, w, error);

          g_object_unref (l);
          if ((l = lw) == NULL)
            return NULL;
        }
    }
  }
  return finish_point (GT_POINT_LOSS_BCE, input, target, input, target, w,
                       NULL, l, reduction, 0.0, error);
}

/**
 * gt_binary_cross_entropy_with_logits:
 * @input: logits, float32 or float64
 * @target: the targets, of @input's shape
 * @weight: (nullable): per-element weights broadcast to @input's shape
 * @pos_weight: (nullable): weights of the positive term, broadcast to
 *   @input's shape (typically one per class, the last dim)
 * @reduction: how to reduce the losses
 * @error: return location for a #GError
 *
 * torch.nn.functional.binary_cross_entropy_with_logits: the binary cross
 * entropy of sigmoid (@input), computed in torch's stable log-sigmoid form
 * (1 - t) x + (1 + (p - 1) t) (log (exp (-m) + exp (-x - m)) + m) with
 * m = max (-x, 0), times @weight. The operands promote as torch's binary
 * ops. Differentiable in @input and @target
 * ("BinaryCrossEntropyWithLogitsBackward0").
 *
 * Returns: (transfer full) (nullable): the loss, or %NULL with
 *   %GT_ERROR_SHAPE when @target's shape differs from @input's or a weight
 *   does not broadcast to it, %GT_ERROR_DTYPE for non-floating operands
 *
 * Since: 0.1
 */
GtTensor *
gt_binary_cross_entropy_with_logits (GtTensor *input,
                                     GtTensor      *target,
                                     GtTensor      *weight,
                                     GtTensor      *pos_weight,
                                     GtReduction    reduction,
                                     GError       **error)
{
  const char *func = "gt_binary_cross_entropy_with_logits";
  g_autoptr(GtTensor) x = NULL;
  g_autoptr(GtTensor) t = NULL;
  g_autoptr(GtTensor) w = NULL;
  g_autoptr(GtTensor) p = NULL;
  g_autoptr(GtTensor) l = NULL;

  g_return_val_if_fail (input != NULL, NULL);
  if (!gt_op_check_tensor (func, "input", input, error) ||
      !gt_op_check_tensor (func, "target", target, error) ||
      !check_same_shape (func, input, target, error) ||
      !prepare_pair (func, input, target, reduction, &x, &t, error) ||
      !prepare_weight (func, "weight", weight, x->dtype, x->sizes, x->ndim,
                       &w, error) ||
      !prepare_weight (func, "pos_weight", pos_weight, x->dtype, x->sizes,
                       x->ndim, &p, error))
    return NULL;
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    /* torch computes softplus (-x) in the input's own dtype, and only the
     * terms with the target in the promoted one */
    TRY (nx, gt_tensor_neg (input, error));
    TRY (m, gt_tensor_clamp_min_scalar (nx, 0.0, error));
    TRY (nm, gt_tensor_neg (m, error));
    TRY (e1, gt_tensor_exp (nm, error));
    TRY (nxm, gt_tensor_sub (nx, m, 1.0, error));
    TRY (e2, gt_tensor_exp (nxm, error));
    TRY (es, gt_tensor_add (e1, e2, 1.0, error));
    TRY (ls, gt_tensor_log (es, error));
    TRY (sp, gt_tensor_add (ls, m, 1.0, error));      /* softplus (-x) */
    TRY (omt, gt_tensor_rsub_scalar (t, 1.0, 1.0, error));
    TRY (a, gt_tensor_mul (omt, x, error));

    if (p != NULL)
      {
        TRY (pm1, gt_tensor_sub_scalar (p, 1.0, 1.0, error));
        TRY (pt, gt_tensor_mul (pm1, t, error));
        TRY (lw, gt_tensor_add_scalar (pt, 1.0, 1.0, error));
        TRY (b, gt_tensor_mul (lw, sp, error));

        l = gt_tensor_add (a, b, 1.0, error);
      }
    else
      {
        /* torch's order: ((1 - t) x + m) + log (...) */
        TRY (am, gt_tensor_add (a, m, 1.0, error));

        l = gt_tensor_add (am, ls, 1.0, error);
      }
    if (l == NULL)
      return NULL;
    if (w != NULL)
      {
        GtTensor *lw = gt_tensor_mul (l, w, error);

        g_object_unref (l);
        if ((l = lw) == NULL)
          return NULL;
      }
  }
  return finish_point (GT_POINT_LOSS_BCE_LOGITS, input, target, x, t, w, p,
                       l, reduction, 0.0, error);
}

/* ---- nll_loss and cross_entropy ---- */

/* What nll_loss and cross_entropy check first: tensors, the reduction,
 * one device, and a float input of at least one dim (the classes). */
static gboolean
check_class_operands (const char   *func,
                      GtTensor     *input,
                      GtTensor     *target,
                      GtReduction   reduction,
                      GError      **error)
{
  if (!gt_op_check_tensor (func, "input", input, error) ||
      !gt_op_check_tensor (func, "target", target, error) ||
      !check_reduction (func, reduction, error) ||
      !gt_op_check_devices (func, (GtTensor *[]) { input, target }, 2, error))
    return FALSE;
  if (input->ndim < 1)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: expected an input of 1 or more dimensions (got 0)",
                   func);
      return FALSE;
    }
  return check_float (func, "input", input, error);
}

/* nll_loss with torch's nll_loss_nd checks; @func names the caller. */
static GtTensor *
nll_impl (const char   *func,
          GtTensor     *input,
          GtTensor     *target,
          GtTensor     *weight,
          gint64        ignore_index,
          GtReduction   reduction,
          GError      **error)
{
  const GtBackend *backend;
  g_autoptr(GtTensor) x = NULL;
  g_autoptr(GtTensor) tc = NULL;
  g_autoptr(GtTensor) w = NULL;
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) total = NULL;
  gint64 c;
  gboolean shape_ok;

  if (!check_class_operands (func, input, target, reduction, error))
    return NULL;
  if (target->dtype != GT_DTYPE_INT64)
    {
      g_autofree char *ts = gt_tensor_describe (target);

      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected a target of class indices of dtype int64, "
                   "got %s", func, ts);
      return NULL;
    }
  c = input->ndim == 1 ? input->sizes[0] : input->sizes[1];
  /* the target has the input's shape without the class dim */
  if (input->ndim == 1)
    shape_ok = target->ndim == 0;
  else
    shape_ok = target->ndim == input->ndim - 1 &&
               target->sizes[0] == input->sizes[0] &&
               memcmp (target->sizes + 1, input->sizes + 2,
                       (input->ndim - 2) * sizeof (gint64)) == 0;
  if (!shape_ok)
    {
      g_autofree char *is = gt_shape_to_string (input->sizes, input->ndim);
      g_autofree char *ts = gt_shape_to_string (target->sizes, target->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: a target of shape %s does not match an input of "
                   "shape %s (expected the input's shape without its class "
                   "dim)", func, ts, is);
      return NULL;
    }
  if (weight != NULL)
    {
      if (!gt_op_check_tensor (func, "weight", weight, error) ||
          !gt_op_check_devices (func, (GtTensor *[]) { input, weight }, 2, error))
        return NULL;
      if (weight->ndim != 1 || weight->sizes[0] != c)
        {
          g_autofree char *ws = gt_shape_to_string (weight->sizes, weight->ndim);

          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: weight tensor should be defined either for all %"
                       G_GINT64_FORMAT " classes or no classes but got weight "
                       "tensor of shape: %s", func, c, ws);
          return NULL;
        }
    }
  backend = gt_tensor_backend (input);
  if (backend->loss == NULL || backend->loss->nll_loss == NULL)
    return gt_backend_not_supported (func, backend, error), NULL;

  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();

    if ((x = gt_tensor_contiguous (input, error)) == NULL ||
        (tc = gt_tensor_contiguous (target, error)) == NULL)
      return NULL;
    if (weight != NULL &&
        (w = weight->dtype == input->dtype
             ? gt_tensor_contiguous (weight, error)
             : gt_tensor_to_dtype (weight, input->dtype, error)) == NULL)
      return NULL;
    if (w != NULL && !gt_tensor_is_contiguous (w))
      {
        GtTensor *wc = gt_tensor_contiguous (w, error);

        g_object_unref (w);
        if ((w = wc) == NULL)
          return NULL;
      }
  }
  if (reduction == GT_REDUCTION_NONE)
    out = gt_tensor_new_empty (target->sizes, target->ndim, input->dtype,
                               gt_tensor_device (input), error);
  else
    out = gt_tensor_new_empty (NULL, 0, input->dtype, gt_tensor_device (input),
                               error);
  if (out == NULL)
    return NULL;
  if (reduction != GT_REDUCTION_NONE &&
      (total = gt_tensor_new_empty (NULL, 0, input->dtype,
                                    gt_tensor_device (input), error)) == NULL)
    return NULL;
  if (!backend->loss->nll_loss (out, total, x, tc, w, ignore_index, reduction,
                                func, error))
    return NULL;
  if (gt_autograd_should_record (&input, 1))
    gt_loss_record_nll (input, tc, w, total, ignore_index, reduction, out);
  return g_steal_pointer (&out);
}

/**
 * gt_nll_loss:
 * @input: log-probabilities: (C), (N, C) or (N, C, d1, ...), float32 or
 *   float64
 * @target: int64 class indices: (), (N) or (N, d1, ...)
 * @weight: (nullable): a weight per class, (C)
 * @ignore_index: a target value that contributes nothing (torch's default
 *   is -100)
 * @reduction: how to reduce the losses
 * @error: return location for a #GError
 *
 * The negative log likelihood loss (torch.nn.functional.nll_loss):
 * -@weight[t] @input[n, t, ...] for every target t that is not
 * @ignore_index (0 for those). %GT_REDUCTION_MEAN divides the sum by the
 * sum of the weights of the targets not ignored (NaN when there are none).
 * Differentiable in @input ("NllLossBackward0", "NllLoss2DBackward0" for
 * inputs with spatial dims).
 *
 * Returns: (transfer full) (nullable): the loss, or %NULL with
 *   %GT_ERROR_INDEX when a target lies outside [0, C) and is not
 *   @ignore_index, %GT_ERROR_SHAPE when the shapes do not match,
 *   %GT_ERROR_DTYPE when @target is not int64 or @input not floating
 *
 * Since: 0.1
 */
GtTensor *
gt_nll_loss (GtTensor      *input,
             GtTensor      *target,
             GtTensor      *weight,
             gint64         ignore_index,
             GtReduction    reduction,
             GError       **error)
{
  g_return_val_if_fail (input != NULL, NULL);
  return nll_impl ("gt_nll_loss", input, target, weight, ignore_index,
                   reduction, error);
}

/* @weight [C] as a tensor that broadcasts along the class dim of an
 * @ndim-dim input. */
static GtTensor *
class_view (GtTensor  *weight,
            guint      ndim,
            GError   **error)
{
  gint64 shape[GT_MAX_DIMS];

  if (ndim <= 1)
    return g_object_ref (weight);
  for (guint d = 0; d < ndim; d++)
    shape[d] = 1;
  shape[1] = weight->sizes[0];
  return gt_tensor_view (weight, shape, ndim, error);
}

/* torch 1.13's cross_entropy_loss_prob_target. */
static GtTensor *
cross_entropy_prob (GtTensor     *input,
                    GtTensor     *target,
                    GtTensor     *weight,
                    GtReduction   reduction,
                    gdouble       label_smoothing,
                    GError      **error)
{
  gint class_dim = input->ndim == 1 ? 0 : 1;
  gint64 c = input->sizes[class_dim];
  g_autoptr(GtTensor) tgt = NULL;
  g_autoptr(GtTensor) prod = NULL;
  TRY (lp, gt_tensor_log_softmax (input, class_dim, error));

  if (label_smoothing > 0)
    {
      TRY (a, gt_tensor_mul_scalar (target, 1 - label_smoothing, error));

      tgt = gt_tensor_add_scalar (a, label_smoothing / c, 1.0, error);
    }
  else
    tgt = g_object_ref (target);
  if (tgt == NULL || (prod = gt_tensor_mul (lp, tgt, error)) == NULL)
    return NULL;
  if (weight != NULL)
    {
      TRY (wv, class_view (weight, input->ndim, error));
      GtTensor *pw = gt_tensor_mul (prod, wv, error);

      g_object_unref (prod);
      if ((prod = pw) == NULL)
        return NULL;
    }
  if (reduction == GT_REDUCTION_NONE)
    {
      TRY (s, gt_tensor_sum (prod, &class_dim, 1, FALSE, error));
      return gt_tensor_neg (s, error);
    }
  {
    TRY (s, gt_tensor_sum (prod, NULL, 0, FALSE, error));
    TRY (ns, gt_tensor_neg (s, error));
    if (reduction == GT_REDUCTION_SUM)
      return g_steal_pointer (&ns);
    /* the mean over the samples; NaN for an empty input as torch */
    return gt_tensor_div_scalar (ns, c > 0 ? (gdouble) (input->numel / c) : 0.0,
                                 NULL, error);
  }
}

/* torch 1.13's cross_entropy_loss_label_smoothing. */
static GtTensor *
cross_entropy_smooth (const char   *func,
                      GtTensor     *input,
                      GtTensor     *target,
                      GtTensor     *weight,
                      gint64        ignore_index,
                      GtReduction   reduction,
                      gdouble       label_smoothing,
                      GError      **error)
{
  gint class_dim = input->ndim == 1 ? 0 : 1;
  gint64 c = input->sizes[class_dim];
  g_autoptr(GtTensor) smooth = NULL;
  g_autoptr(GtTensor) ret = NULL;
  TRY (lp, gt_tensor_log_softmax (input, class_dim, error));
  TRY (nll, nll_impl (func, lp, target, weight, ignore_index, reduction, error));
  TRY (ignore, gt_tensor_eq_scalar (target, (gdouble) ignore_index, error));

  {
    g_autoptr(GtTensor) p = NULL;

    if (weight != NULL)
      {
        TRY (wv, class_view (weight, input->ndim, error));

        p = gt_tensor_mul (lp, wv, error);
      }
    else
      p = g_object_ref (lp);
    if (p == NULL)
      return NULL;
    {
      TRY (s, gt_tensor_sum (p, &class_dim, 1, FALSE, error));
      TRY (ns, gt_tensor_neg (s, error));

      smooth = gt_tensor_masked_fill_scalar (ns, ignore, 0.0, error);
      if (smooth == NULL)
        return NULL;
    }
  }
  switch (reduction)
    {
    case GT_REDUCTION_MEAN:
      {
        TRY (s, gt_tensor_sum (smooth, NULL, 0, FALSE, error));
        TRY (keep, gt_tensor_logical_not (ignore, error));
        g_autoptr(GtTensor) den = NULL;

        if (weight != NULL)
          {
            TRY (kept, gt_tensor_masked_select (target, keep, error));
            TRY (wk, gt_tensor_index_select (weight, 0, kept, error));

            den = gt_tensor_sum (wk, NULL, 0, FALSE, error);
          }
        else
          den = gt_tensor_sum (keep, NULL, 0, FALSE, error);
        if (den == NULL)
          return NULL;
        ret = gt_tensor_div (s, den, NULL, error);
      }
      break;
    case GT_REDUCTION_SUM:
      ret = gt_tensor_sum (smooth, NULL, 0, FALSE, error);
      break;
    case GT_REDUCTION_NONE:
      ret = g_object_ref (smooth);
      break;
    }
  if (ret == NULL)
    return NULL;
  {
    TRY (a, gt_tensor_mul_scalar (nll, 1 - label_smoothing, error));
    TRY (b, gt_tensor_mul_scalar (ret, label_smoothing / c, error));

    return gt_tensor_add (a, b, 1.0, error);
  }
}

/**
 * gt_cross_entropy:
 * @input: unnormalised scores: (C), (N, C) or (N, C, d1, ...), float32 or
 *   float64
 * @target: int64 class indices ((), (N) or (N, d1, ...)), or class
 *   probabilities of @input's shape (floating point)
 * @weight: (nullable): a weight per class, (C)
 * @ignore_index: a class-index target that contributes nothing (torch's
 *   default is -100); must be negative with probability targets
 * @reduction: how to reduce the losses
 * @label_smoothing: in [0, 1]: the weight of a uniform distribution mixed
 *   into the targets (values <= 0 mean none, as torch)
 * @error: return location for a #GError
 *
 * torch.nn.functional.cross_entropy: log_softmax over the class dim
 * followed by [func@Gt.nll_loss] for class indices, or
 * -sum (weight * target * log_softmax (input)) over the classes for
 * probability targets (taken when @target has @input's shape), with
 * torch 1.13's label smoothing formulas for both. With class indices and
 * %GT_REDUCTION_MEAN the loss is the weighted mean over the targets not
 * ignored; with probabilities the mean over the samples.
 *
 * Returns: (transfer full) (nullable): the loss, or %NULL with
 *   %GT_ERROR_INDEX for a class index out of range, %GT_ERROR_VALUE for
 *   @label_smoothing above 1 or a non-negative @ignore_index with
 *   probability targets, %GT_ERROR_SHAPE and %GT_ERROR_DTYPE for
 *   mismatched operands
 *
 * Since: 0.1
 */
GtTensor *
gt_cross_entropy (GtTensor      *input,
                  GtTensor      *target,
                  GtTensor      *weight,
                  gint64         ignore_index,
                  GtReduction    reduction,
                  gdouble        label_smoothing,
                  GError       **error)
{
  const char *func = "gt_cross_entropy";

  g_return_val_if_fail (input != NULL, NULL);
  if (!check_class_operands (func, input, target, reduction, error))
    return NULL;
  if (label_smoothing > 1 || isnan (label_smoothing))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: label_smoothing must be between 0.0 and 1.0. Got: %g",
                   func, label_smoothing);
      return NULL;
    }

  if (input->ndim == target->ndim &&
      memcmp (input->sizes, target->sizes, input->ndim * sizeof (gint64)) == 0)
    {
      gint64 c = input->ndim == 1 ? input->sizes[0] : input->sizes[1];

      if (!gt_tensor_is_floating_point (target))
        {
          g_autofree char *ts = gt_tensor_describe (target);

          g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                       "%s: expected a floating point target with class "
                       "probabilities, got %s", func, ts);
          return NULL;
        }
      if (ignore_index >= 0)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: ignore_index (%" G_GINT64_FORMAT ") is not "
                       "supported for floating point target", func,
                       ignore_index);
          return NULL;
        }
      /* (not a tensor: its sizes cannot be read) */
      if (weight != NULL && !gt_op_check_tensor (func, "weight", weight, error))
        return NULL;
      if (weight != NULL && (weight->ndim != 1 || weight->sizes[0] != c))
        {
          g_autofree char *ws = gt_shape_to_string (weight->sizes, weight->ndim);

          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: weight tensor should be defined either for all %"
                       G_GINT64_FORMAT " classes or no classes but got weight "
                       "tensor of shape: %s", func, c, ws);
          return NULL;
        }
      return cross_entropy_prob (input, target, weight, reduction,
                                 label_smoothing, error);
    }
  if (label_smoothing > 0)
    return cross_entropy_smooth (func, input, target, weight, ignore_index,
                                 reduction, label_smoothing, error);
  {
    TRY (lp, gt_tensor_log_softmax (input, input->ndim == 1 ? 0 : 1, error));

    return nll_impl (func, lp, target, weight, ignore_index, reduction, error);
  }
}
