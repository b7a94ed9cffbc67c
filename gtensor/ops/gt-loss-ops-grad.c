#include "config.h"

#include "gt-error.h"
#include "gt-grad-mode.h"
#include "gt-loss-ops.h"
#include "gt-loss-private.h"
#include "gt-creation.h"
#include "gt-pointwise.h"
#include "gt-reduce.h"
#include "gt-shape.h"
#include "gt-tensor.h"
#include "gt-autograd-private.h"
#include "gt-backend-private.h"

/*
 * The gradient rules of softmax and the losses (torch 1.13's
 * derivatives.yaml).
 *
 * softmax and nll_loss have backward kernels: when the engine runs without
 * create_graph (grad mode off) the first-order gradient is one kernel
 * call. Under create_graph the same gradient is written with public ops,
 * which record their own graph, so second and higher orders work:
 * softmax as y * (g - sum (g * y)), log_softmax as g - exp (y) * sum (g),
 * and nll_loss as M * g, where M is the constant coefficient tensor the
 * backward kernel gives for a gradient of ones (nll_loss is linear in its
 * input).
 */

#define TRY(var, expr) \
  g_autoptr(GtTensor) var = (expr); \
  if (var == NULL) \
    return FALSE

/* The same in functions returning a tensor. */
#define TRYP(var, expr) \
  g_autoptr(GtTensor) var = (expr); \
  if (var == NULL) \
    return NULL

/* The [outer, size, inner] view of @t around @dim. */
static void
split_dims (GtTensor *t,
            guint     dim,
            gint64   *outer,
            gint64   *size,
            gint64   *inner)
{
  *outer = *inner = 1;
  *size = t->ndim > 0 ? t->sizes[dim] : 1;
  for (guint d = 0; d < t->ndim; d++)
    {
      if (d < dim)
        *outer *= t->sizes[d];
      else if (d > dim)
        *inner *= t->sizes[d];
    }
}

/* @t in @dtype and contiguous, as the backward kernels read it. */
static GtTensor *
contiguous_as (GtTensor  *t,
               GtDType    dtype,
               GError   **error)
{
  g_autoptr(GtTensor) d = t->dtype == dtype ? g_object_ref (t)
                                            : gt_tensor_to_dtype (t, dtype, error);

  return d != NULL ? gt_tensor_contiguous (d, error) : NULL;
}

/* ---- softmax / log_softmax ---- */

typedef struct {
  guint    dim;
  gboolean log;
  guint    slot;
} SoftmaxCtx;

static GtTensor *
softmax_backward_kernel (GtTensor  *g,
                         GtTensor  *y,
                         SoftmaxCtx *c,
                         GError   **error)
{
  const GtBackend *backend = gt_tensor_backend (y);
  g_autoptr(GtTensor) gc = NULL;
  g_autoptr(GtTensor) gi = NULL;
  gint64 outer, size, inner;

  if (backend->loss == NULL || backend->loss->softmax_backward == NULL)
    return gt_backend_not_supported ("gt_tensor_softmax backward", backend,
                                     error), NULL;
  if ((gc = contiguous_as (g, y->dtype, error)) == NULL)
    return NULL;
  gi = gt_tensor_new_empty (y->sizes, y->ndim, y->dtype, gt_tensor_device (y),
                            error);
  if (gi == NULL)
    return NULL;
  split_dims (y, c->dim, &outer, &size, &inner);
  if (!backend->loss->softmax_backward (gi, gc, y, outer, size, inner, c->log,
                                        error))
    return NULL;
  return g_steal_pointer (&gi);
}

static gboolean
softmax_backward (GtNode     *node,
                  GtTensor  **grad_outputs,
                  GtTensor  **grad_inputs,
                  GError    **error)
{
  SoftmaxCtx *c = gt_node_get_ctx (node);
  GtTensor *g = grad_outputs[0];
  gint dim = (gint) c->dim;

  if (!gt_node_needs_input_grad (node, 0))
    return TRUE;
  TRY (y, gt_node_saved (node, c->slot, error));
  if (!gt_is_grad_enabled ())
    {
      grad_inputs[0] = softmax_backward_kernel (g, y, c, error);
      return grad_inputs[0] != NULL;
    }
  if (c->log)
    {
      TRY (s, gt_tensor_sum (g, &dim, 1, TRUE, error));
      TRY (e, gt_tensor_exp (y, error));
      TRY (es, gt_tensor_mul (e, s, error));
      grad_inputs[0] = gt_tensor_sub (g, es, 1.0, error);
    }
  else
    {
      TRY (gy, gt_tensor_mul (g, y, error));
      TRY (s, gt_tensor_sum (gy, &dim, 1, TRUE, error));
      TRY (d, gt_tensor_sub (g, s, 1.0, error));
      grad_inputs[0] = gt_tensor_mul (y, d, error);
    }
  return grad_inputs[0] != NULL;
}

void
gt_loss_record_softmax (GtTensor *self,
                        GtTensor *out,
                        guint     dim,
                        gboolean  log)
{
  GtNode *node = gt_node_new (log ? "LogSoftmaxBackward0" : "SoftmaxBackward0",
                              softmax_backward, &self, 1, 1);
  SoftmaxCtx *c = g_new0 (SoftmaxCtx, 1);

  c->dim = dim;
  c->log = log;
  gt_node_set_ctx (node, c, g_free);
  gt_autograd_set_history (out, node, 0);
  c->slot = gt_node_save (node, out, TRUE);
  gt_node_unref (node);
}

/* ---- nll_loss ---- */

typedef struct {
  gint64  ignore_index;
  guint   reduction;
  guint   ndim;
  gint64  shape[GT_MAX_DIMS];
  gint64  geom[3];              /* [n, c, s] */
  GtDType dtype;
  gint    slot_target;
  gint    slot_weight;
  gint    slot_total;
} NllCtx;

static gboolean
nll_backward (GtNode     *node,
              GtTensor  **grad_outputs,
              GtTensor  **grad_inputs,
              GError    **error)
{
  NllCtx *c = gt_node_get_ctx (node);
  GtTensor *g = grad_outputs[0];
  g_autoptr(GtTensor) weight = NULL;
  g_autoptr(GtTensor) total = NULL;
  g_autoptr(GtTensor) gi = NULL;
  g_autoptr(GtTensor) gk = NULL;
  const GtBackend *backend;
  gboolean compose = gt_is_grad_enabled ();

  if (!gt_node_needs_input_grad (node, 0))
    return TRUE;
  TRY (target, gt_node_saved (node, c->slot_target, error));
  if (c->slot_weight >= 0 &&
      (weight = gt_node_saved (node, c->slot_weight, error)) == NULL)
    return FALSE;
  if (c->slot_total >= 0 &&
      (total = gt_node_saved (node, c->slot_total, error)) == NULL)
    return FALSE;

  backend = gt_tensor_backend (target);
  if (backend->loss == NULL || backend->loss->nll_loss_backward == NULL)
    return gt_backend_not_supported ("gt_nll_loss backward", backend, error);

  /* The kernel's gradient: of @g itself, or of ones for the composed form. */
  if (compose)
    gk = gt_ones (g->sizes, g->ndim, c->dtype,
                  (GtDevice *) gt_tensor_device (target), error);
  else
    gk = contiguous_as (g, c->dtype, error);
  if (gk == NULL)
    return FALSE;
  gi = gt_tensor_new_empty (c->geom, 3, c->dtype, gt_tensor_device (target),
                            error);
  if (gi == NULL)
    return FALSE;
  if (!backend->loss->nll_loss_backward (gi, gk, target, weight, total,
                                         c->ignore_index, c->reduction, error))
    return FALSE;

  if (compose)
    {
      /* gi is the constant d loss / d input for a gradient of one; the
       * gradient is linear in g: M * g, g viewed as [n, 1, s] unless 0-d. */
      g_autoptr(GtTensor) gv = NULL;
      g_autoptr(GtTensor) m = NULL;

      if (c->reduction == GT_REDUCTION_NONE)
        gv = gt_tensor_reshape (g, (gint64[]) { c->geom[0], 1, c->geom[2] }, 3,
                                error);
      else
        gv = g_object_ref (g);
      if (gv == NULL || (m = gt_tensor_mul (gi, gv, error)) == NULL)
        return FALSE;
      g_object_unref (gi);
      gi = g_steal_pointer (&m);
    }
  grad_inputs[0] = gt_tensor_reshape (gi, c->shape, c->ndim, error);
  return grad_inputs[0] != NULL;
}

void
gt_loss_record_nll (GtTensor *self,
                    GtTensor *target,
                    GtTensor *weight,
                    GtTensor *total_weight,
                    gint64    ignore_index,
                    guint     reduction,
                    GtTensor *out)
{
  GtNode *node = gt_node_new (self->ndim >= 3 ? "NllLoss2DBackward0"
                                              : "NllLossBackward0",
                              nll_backward, &self, 1, 1);
  NllCtx *c = g_new0 (NllCtx, 1);

  c->ignore_index = ignore_index;
  c->reduction = reduction;
  c->ndim = self->ndim;
  c->dtype = self->dtype;
  for (guint d = 0; d < self->ndim; d++)
    c->shape[d] = self->sizes[d];
  c->geom[0] = self->ndim > 1 ? self->sizes[0] : 1;
  c->geom[1] = self->ndim > 1 ? self->sizes[1] : self->sizes[0];
  c->geom[2] = 1;
  for (guint d = 2; d < self->ndim; d++)
    c->geom[2] *= self->sizes[d];
  gt_node_set_ctx (node, c, g_free);
  gt_autograd_set_history (out, node, 0);
  c->slot_target = (gint) gt_node_save (node, target, FALSE);
  c->slot_weight = weight != NULL ? (gint) gt_node_save (node, weight, FALSE) : -1;
  c->slot_total = total_weight != NULL
                  ? (gint) gt_node_save (node, total_weight, FALSE) : -1;
  gt_node_unref (node);
}

/* ---- the element-wise losses ---- */

/*
 * mse, smooth_l1, huber, binary_cross_entropy(_with_logits): one node
 * that saves the caller's input and target (so that a create_graph
 * gradient stays connected to them; the ops below broadcast and promote
 * them again). The gradient of the per-element loss, times the incoming
 * gradient (a 0-d one broadcasts), divided by the element count for MEAN,
 * then summed back to each operand's own shape and converted to its dtype.
 */

typedef struct {
  GtPointLoss kind;
  guint       reduction;
  gdouble     param;
  gint64      numel;
  GtDType     dtype[2];
  guint       ndim[2];
  gint64      shape[2][GT_MAX_DIMS];
  gint        slot_x, slot_t, slot_w, slot_p;
} PointCtx;

static const char *const point_names[] = {
  [GT_POINT_LOSS_MSE] = "MseLossBackward0",
  [GT_POINT_LOSS_SMOOTH_L1] = "SmoothL1LossBackward0",
  [GT_POINT_LOSS_HUBER] = "HuberLossBackward0",
  [GT_POINT_LOSS_BCE] = "BinaryCrossEntropyBackward0",
  [GT_POINT_LOSS_BCE_LOGITS] = "BinaryCrossEntropyWithLogitsBackward0",
};

/* log (sigmoid (s * x)) = -(relu (-s x) + log1p (exp (-|x|))). */
static GtTensor *
log_sigmoid (GtTensor  *x,
             gdouble    s,
             GError   **error)
{
  g_autoptr(GtTensor) sx = gt_tensor_mul_scalar (x, -s, error);
  g_autoptr(GtTensor) r = sx ? gt_tensor_relu (sx, error) : NULL;
  g_autoptr(GtTensor) a = r ? gt_tensor_abs (x, error) : NULL;
  g_autoptr(GtTensor) na = a ? gt_tensor_neg (a, error) : NULL;
  g_autoptr(GtTensor) e = na ? gt_tensor_exp (na, error) : NULL;
  g_autoptr(GtTensor) l = e ? gt_tensor_log1p (e, error) : NULL;
  g_autoptr(GtTensor) sp = l ? gt_tensor_add (r, l, 1.0, error) : NULL;

  return sp ? gt_tensor_neg (sp, error) : NULL;
}

/* d loss / d input per element (before the weight). */
static GtTensor *
point_dx (PointCtx  *c,
          GtTensor  *x,
          GtTensor  *t,
          GtTensor  *p,
          GError   **error)
{
  switch (c->kind)
    {
    case GT_POINT_LOSS_MSE:
      {
        TRYP (d, gt_tensor_sub (x, t, 1.0, error));
        return gt_tensor_mul_scalar (d, 2.0, error);
      }
    case GT_POINT_LOSS_SMOOTH_L1:
      {
        TRYP (d, gt_tensor_sub (x, t, 1.0, error));
        if (c->param == 0)
          return gt_tensor_sign (d, error);      /* beta 0: the L1 loss */
        {
          TRYP (q, gt_tensor_div_scalar (d, c->param, NULL, error));
          return gt_tensor_clamp_scalar (q, -1.0, 1.0, error);
        }
      }
    case GT_POINT_LOSS_HUBER:
      {
        TRYP (d, gt_tensor_sub (x, t, 1.0, error));
        return gt_tensor_clamp_scalar (d, -c->param, c->param, error);
      }
    case GT_POINT_LOSS_BCE:
      {
        /* torch: (x - t) / max ((1 - x) x, EPSILON) */
        TRYP (d, gt_tensor_sub (x, t, 1.0, error));
        TRYP (omx, gt_tensor_rsub_scalar (x, 1.0, 1.0, error));
        TRYP (v, gt_tensor_mul (omx, x, error));
        /* torch's EPSILON is the float 1e-12 */
        TRYP (vc, gt_tensor_clamp_min_scalar (v, (gdouble) 1e-12f, error));
        return gt_tensor_div (d, vc, NULL, error);
      }
    case GT_POINT_LOSS_BCE_LOGITS:
      {
        TRYP (sg, gt_tensor_sigmoid (x, error));
        if (p == NULL)
          return gt_tensor_sub (sg, t, 1.0, error);
        /* (p t + 1 - t) sigmoid (x) - p t */
        TRYP (pt, gt_tensor_mul (p, t, error));
        TRYP (a, gt_tensor_add_scalar (pt, 1.0, 1.0, error));
        TRYP (b, gt_tensor_sub (a, t, 1.0, error));
        TRYP (m, gt_tensor_mul (b, sg, error));
        return gt_tensor_sub (m, pt, 1.0, error);
      }
    }
  g_return_val_if_reached (NULL);
}

/* d loss / d target per element (before the weight). */
static GtTensor *
point_dt (PointCtx  *c,
          GtTensor  *x,
          GtTensor  *t,
          GtTensor  *p,
          GError   **error)
{
  switch (c->kind)
    {
    case GT_POINT_LOSS_MSE:
    case GT_POINT_LOSS_SMOOTH_L1:
    case GT_POINT_LOSS_HUBER:
      {
        TRYP (dx, point_dx (c, x, t, p, error));
        return gt_tensor_neg (dx, error);
      }
    case GT_POINT_LOSS_BCE:
      {
        /* torch: -logit (x) */
        TRYP (omx, gt_tensor_rsub_scalar (x, 1.0, 1.0, error));
        TRYP (q, gt_tensor_div (x, omx, NULL, error));
        TRYP (l, gt_tensor_log (q, error));
        return gt_tensor_neg (l, error);
      }
    case GT_POINT_LOSS_BCE_LOGITS:
      {
        if (p == NULL)
          return gt_tensor_neg (x, error);
        /* log_sigmoid (-x) - p log_sigmoid (x) */
        TRYP (ln, log_sigmoid (x, -1.0, error));
        TRYP (lp, log_sigmoid (x, 1.0, error));
        TRYP (plp, gt_tensor_mul (lp, p, error));
        return gt_tensor_sub (ln, plp, 1.0, error);
      }
    }
  g_return_val_if_reached (NULL);
}

/* @d times the weight, the incoming gradient and 1/numel for MEAN, summed
 * back to operand @i's shape and dtype. */
static GtTensor *
point_finish (PointCtx  *c,
              guint      i,
              GtTensor  *d,
              GtTensor  *w,
              GtTensor  *g,
              GError   **error)
{
  g_autoptr(GtTensor) dw = w != NULL ? gt_tensor_mul (d, w, error)
                                     : g_object_ref (d);
  g_autoptr(GtTensor) dg = NULL;
  g_autoptr(GtTensor) s = NULL;

  if (dw == NULL || (dg = gt_tensor_mul (dw, g, error)) == NULL)
    return NULL;
  if (c->reduction == GT_REDUCTION_MEAN)
    {
      GtTensor *t = gt_tensor_div_scalar (dg, (gdouble) c->numel, NULL, error);

      g_object_unref (dg);
      if ((dg = t) == NULL)
        return NULL;
    }
  s = gt_autograd_sum_to (dg, c->shape[i], c->ndim[i], error);
  if (s == NULL)
    return NULL;
  if (s->dtype != c->dtype[i])
    return gt_tensor_to_dtype (s, c->dtype[i], error);
  return g_steal_pointer (&s);
}

static gboolean
point_backward (GtNode     *node,
                GtTensor  **grad_outputs,
                GtTensor  **grad_inputs,
                GError    **error)
{
  PointCtx *c = gt_node_get_ctx (node);
  g_autoptr(GtTensor) w = NULL;
  g_autoptr(GtTensor) p = NULL;

  TRY (x, gt_node_saved (node, c->slot_x, error));
  TRY (t, gt_node_saved (node, c->slot_t, error));
  if (c->slot_w >= 0 && (w = gt_node_saved (node, c->slot_w, error)) == NULL)
    return FALSE;
  if (c->slot_p >= 0 && (p = gt_node_saved (node, c->slot_p, error)) == NULL)
    return FALSE;

  if (gt_node_needs_input_grad (node, 0))
    {
      TRY (dx, point_dx (c, x, t, p, error));
      grad_inputs[0] = point_finish (c, 0, dx, w, grad_outputs[0], error);
      if (grad_inputs[0] == NULL)
        return FALSE;
    }
  if (gt_node_needs_input_grad (node, 1))
    {
      TRY (dt, point_dt (c, x, t, p, error));
      grad_inputs[1] = point_finish (c, 1, dt, w, grad_outputs[0], error);
      if (grad_inputs[1] == NULL)
        return FALSE;
    }
  return TRUE;
}

void
gt_loss_record_point (GtPointLoss kind,
                      GtTensor   *input,
                      GtTensor   *target,
                      GtTensor   *x,
                      GtTensor   *t,
                      GtTensor   *weight,
                      GtTensor   *pos_weight,
                      guint       reduction,
                      gdouble     param,
                      GtTensor   *out)
{
  GtTensor *inputs[2] = { input, target };
  GtNode *node = gt_node_new (point_names[kind], point_backward, inputs, 2, 1);
  PointCtx *c = g_new0 (PointCtx, 1);

  c->kind = kind;
  c->reduction = reduction;
  c->param = param;
  c->numel = x->numel;
  for (guint i = 0; i < 2; i++)
    {
      c->dtype[i] = inputs[i]->dtype;
      c->ndim[i] = inputs[i]->ndim;
      for (guint d = 0; d < inputs[i]->ndim; d++)
        c->shape[i][d] = inputs[i]->sizes[d];
    }
  gt_node_set_ctx (node, c, g_free);
  gt_autograd_set_history (out, node, 0);
  c->slot_x = (gint) gt_node_save (node, input, FALSE);
  c->slot_t = (gint) gt_node_save (node, target, FALSE);
  c->slot_w = weight != NULL ? (gint) gt_node_save (node, weight, FALSE) : -1;
  c->slot_p = pos_weight != NULL ? (gint) gt_node_save (node, pos_weight, FALSE) : -1;
  gt_node_unref (node);
}
