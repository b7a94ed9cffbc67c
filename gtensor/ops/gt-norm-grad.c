#include "config.h"

#include "gt-creation.h"
#include "gt-grad-mode.h"
#include "gt-index.h"
#include "gt-norm.h"
#include "gt-pointwise.h"
#include "gt-reduce.h"
#include "gt-shape.h"
#include "gt-tensor.h"
#include "gt-nn-private.h"
#include "gt-autograd-private.h"

/*
 * The gradient rules of batch norm, layer norm and embedding (torch 1.13's
 * NativeBatchNormBackward0, NativeLayerNormBackward0, EmbeddingBackward0).
 *
 * The normalisations have two ways to their gradients. A plain backward
 * (grad mode off in the engine, or nothing involved requires grad) calls
 * the backend's fused kernel with the statistics the forward saved. Under
 * create_graph, the gradients are instead written with gtensor ops, the
 * statistics recomputed from the input with recorded ops, so that the
 * second-order graph reaches the input through them (torch's
 * batchnorm_double_backward / layer_norm_double_backward give the same
 * derivatives).
 *
 * With x̂ = (x - mean) * invstd over the reduced elements (n of them) and
 * gw = grad * weight:
 *
 *   grad_input  = invstd * (gw - mean(gw) - x̂ * mean(gw * x̂))   (batch stats)
 *               = invstd * gw                                   (running stats)
 *   grad_weight = sum(grad * x̂),  grad_bias = sum(grad)
 */

#define TRY(var, expr) \
  g_autoptr(GtTensor) var = (expr); \
  if (var == NULL) \
    return FALSE

typedef struct {
  gboolean training;
  gdouble  eps;
  guint    n_normalized;   /* layer norm: the trailing dims normalised */
  gint64   padding_idx;    /* embedding */
  gint64   num;
  gint     slot_x, slot_w, slot_mean, slot_invstd;
} Ctx;

static Ctx *
ctx_new (GtNode *node)
{
  Ctx *c = g_new0 (Ctx, 1);

  c->slot_x = c->slot_w = c->slot_mean = c->slot_invstd = -1;
  gt_node_set_ctx (node, c, g_free);
  return c;
}

static GtTensor *
saved_or_null (GtNode  *node,
               gint     slot,
               GError **error)
{
  g_autoptr(GError) local = NULL;
  GtTensor *t;

  if (slot < 0)
    return NULL;
  t = gt_node_saved (node, (guint) slot, &local);
  if (t == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return t;
}

static const GtBackendNN *
nn_of (GtTensor *t)
{
  return gt_tensor_backend (t)->nn;
}

/* Whether the backward must be recorded: create_graph and something it
 * reads requires grad. */
static gboolean
recording (GtTensor *grad,
           GtTensor *x,
           GtTensor *w)
{
  return gt_is_grad_enabled () &&
         (grad->requires_grad || x->requires_grad || (w != NULL && w->requires_grad));
}

static GtTensor *
new_like (GtTensor  *t,
          GError   **error)
{
  return gt_tensor_new_empty (t->sizes, t->ndim, t->dtype, gt_tensor_device (t),
                              error);
}

/* The composed gradients of a normalisation over @red (the reduced dims,
 * kept) with the parameters broadcast by @param_view; @stat_dims are the
 * dims summed for weight and bias. */
typedef struct {
  const gint *red;
  gsize       n_red;
  const gint *param_dims;   /* the dims summed for grad_weight/grad_bias */
  gsize       n_param_dims;
  gint64      param_shape[GT_MAX_DIMS];   /* weight's broadcastable shape */
  guint       param_ndim;
  gint64      weight_shape[GT_MAX_DIMS];  /* weight's own shape */
  guint       weight_ndim;
} Composed;

/* @t summed over the parameter dims; none (an input of the normalised
 * shape alone) sums nothing, where gt_tensor_sum would sum everything. */
static GtTensor *
sum_dims (GtTensor        *t,
          const Composed  *cp,
          GError         **error)
{
  if (cp->n_param_dims == 0)
    return g_object_ref (t);
  return gt_tensor_sum (t, cp->param_dims, cp->n_param_dims, FALSE, error);
}

static gboolean
composed_backward (GtNode          *node,
                   const Composed  *cp,
                   GtTensor        *g,
                   GtTensor        *x,
                   GtTensor        *w,
                   GtTensor        *mean_saved,
                   GtTensor        *invstd_saved,
                   gboolean         batch_stats,
                   gdouble          eps,
                   GtTensor       **grad_inputs,
                   GError         **error)
{
  g_autoptr(GtTensor) mean = NULL;
  g_autoptr(GtTensor) invstd = NULL;
  g_autoptr(GtTensor) wb = NULL;

  if (batch_stats)
    {
      TRY (m, gt_tensor_mean (x, cp->red, cp->n_red, TRUE, error));
      TRY (xc, gt_tensor_sub (x, m, 1.0, error));
      TRY (sq, gt_tensor_mul (xc, xc, error));
      TRY (var, gt_tensor_mean (sq, cp->red, cp->n_red, TRUE, error));
      TRY (ve, gt_tensor_add_scalar (var, eps, 1.0, error));
      mean = g_steal_pointer (&m);
      if ((invstd = gt_tensor_rsqrt (ve, error)) == NULL)
        return FALSE;
    }
  else
    {
      /* constants: the running statistics (batch norm in evaluation) */
      if ((mean = gt_tensor_reshape (mean_saved, cp->param_shape, cp->param_ndim,
                                     error)) == NULL ||
          (invstd = gt_tensor_reshape (invstd_saved, cp->param_shape,
                                       cp->param_ndim, error)) == NULL)
        return FALSE;
    }
  if (w != NULL &&
      (wb = gt_tensor_reshape (w, cp->param_shape, cp->param_ndim, error)) == NULL)
    return FALSE;

  {
    TRY (xc, gt_tensor_sub (x, mean, 1.0, error));
    TRY (xhat, gt_tensor_mul (xc, invstd, error));
    TRY (gw, wb != NULL ? gt_tensor_mul (g, wb, error) : g_object_ref (g));

    if (gt_node_needs_input_grad (node, 0))
      {
        if (batch_stats)
          {
            TRY (mg, gt_tensor_mean (gw, cp->red, cp->n_red, TRUE, error));
            TRY (gx, gt_tensor_mul (gw, xhat, error));
            TRY (mgx, gt_tensor_mean (gx, cp->red, cp->n_red, TRUE, error));
            TRY (proj, gt_tensor_mul (xhat, mgx, error));
            TRY (d0, gt_tensor_sub (gw, mg, 1.0, error));
            TRY (d1, gt_tensor_sub (d0, proj, 1.0, error));

            grad_inputs[0] = gt_tensor_mul (d1, invstd, error);
          }
        else
          grad_inputs[0] = gt_tensor_mul (gw, invstd, error);
        if (grad_inputs[0] == NULL)
          return FALSE;
      }
    if (gt_node_needs_input_grad (node, 1))
      {
        TRY (gxh, gt_tensor_mul (g, xhat, error));
        TRY (s, sum_dims (gxh, cp, error));

        if ((grad_inputs[1] = gt_tensor_reshape (s, cp->weight_shape,
                                                 cp->weight_ndim, error)) == NULL)
          return FALSE;
      }
    if (gt_node_needs_input_grad (node, 2))
      {
        TRY (s, sum_dims (g, cp, error));

        if ((grad_inputs[2] = gt_tensor_reshape (s, cp->weight_shape,
                                                 cp->weight_ndim, error)) == NULL)
          return FALSE;
      }
  }
  return TRUE;
}

/* The gradient arrives in the output's dtype and shape, maybe strided. */
static GtTensor *
grad_for_kernel (GtTensor  *g,
                 GtTensor  *x,
                 GError   **error)
{
  g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
  g_autoptr(GtTensor) d = g->dtype == x->dtype ? g_object_ref (g)
                                               : gt_tensor_to_dtype (g, x->dtype, error);

  return d != NULL ? gt_tensor_contiguous (d, error) : NULL;
}

/* The saved tensors of batch and layer norm: the input, the statistics
 * and the weight (NULL without one). */
static gboolean
load_saved (GtNode     *node,
            Ctx        *c,
            GtTensor  **x,
            GtTensor  **mean,
            GtTensor  **invstd,
            GtTensor  **w,
            GError    **error)
{
  g_autoptr(GError) local = NULL;

  if ((*x = gt_node_saved (node, (guint) c->slot_x, error)) == NULL ||
      (*mean = gt_node_saved (node, (guint) c->slot_mean, error)) == NULL ||
      (*invstd = gt_node_saved (node, (guint) c->slot_invstd, error)) == NULL)
    return FALSE;
  *w = saved_or_null (node, c->slot_w, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* The fused kernel's operands: x, the gradient and the weight contiguous,
 * and the gradients the node needs, empty (weight's and bias's of the
 * shape @pshape). */
typedef struct {
  GtTensor *xc, *gc, *wc;
  GtTensor *gi, *gw, *gb;
} KernelIO;

static void
kernel_io_clear (KernelIO *k)
{
  g_clear_object (&k->xc);
  g_clear_object (&k->gc);
  g_clear_object (&k->wc);
  g_clear_object (&k->gi);
  g_clear_object (&k->gw);
  g_clear_object (&k->gb);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KernelIO, kernel_io_clear)

static gboolean
kernel_io (GtNode         *node,
           GtTensor       *g,
           GtTensor       *x,
           GtTensor       *w,
           const gint64   *pshape,
           guint           pndim,
           KernelIO       *k,
           GError        **error)
{
  return (k->xc = gt_tensor_contiguous (x, error)) != NULL &&
         (k->gc = grad_for_kernel (g, x, error)) != NULL &&
         (w == NULL || (k->wc = gt_tensor_contiguous (w, error)) != NULL) &&
         (!gt_node_needs_input_grad (node, 0) ||
          (k->gi = new_like (k->xc, error)) != NULL) &&
         (!gt_node_needs_input_grad (node, 1) ||
          (k->gw = gt_tensor_new_empty (pshape, pndim, x->dtype,
                                        gt_tensor_device (x), error)) != NULL) &&
         (!gt_node_needs_input_grad (node, 2) ||
          (k->gb = gt_tensor_new_empty (pshape, pndim, x->dtype,
                                        gt_tensor_device (x), error)) != NULL);
}

static gboolean
kernel_give (KernelIO   *k,
             GtTensor  **grad_inputs)
{
  grad_inputs[0] = g_steal_pointer (&k->gi);
  grad_inputs[1] = g_steal_pointer (&k->gw);
  grad_inputs[2] = g_steal_pointer (&k->gb);
  return TRUE;
}

/* The node of batch and layer norm: input, weight and bias in; the input,
 * the weight and the statistics saved. The context is returned for the
 * rest of the op's fields (the node lives on as @out's history). */
static Ctx *
record_norm (const char      *name,
             GtBackwardFunc   backward,
             GtTensor        *input,
             GtTensor        *weight,
             GtTensor        *bias,
             GtTensor        *mean,
             GtTensor        *invstd,
             gdouble          eps,
             GtTensor        *out)
{
  GtNode *node = gt_node_new (name, backward,
                              (GtTensor *[]) { input, weight, bias }, 3, 1);
  Ctx *c = ctx_new (node);

  c->eps = eps;
  c->slot_x = (gint) gt_node_save (node, input, FALSE);
  if (weight != NULL)
    c->slot_w = (gint) gt_node_save (node, weight, FALSE);
  c->slot_mean = (gint) gt_node_save (node, mean, FALSE);
  c->slot_invstd = (gint) gt_node_save (node, invstd, FALSE);
  gt_autograd_set_history (out, node, 0);
  gt_node_unref (node);
  return c;
}

/* ---- batch norm -------------------------------------------------------------- */

static gboolean
batch_norm_backward (GtNode     *node,
                     GtTensor  **grad_outputs,
                     GtTensor  **grad_inputs,
                     GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  GtTensor *g = grad_outputs[0];
  g_autoptr(GtTensor) x = NULL, mean = NULL, invstd = NULL, w = NULL;

  if (!load_saved (node, c, &x, &mean, &invstd, &w, error))
    return FALSE;
  if (recording (g, x, w))
    {
      Composed cp = { 0 };
      gint red[GT_MAX_DIMS];
      gsize n = 0;

      red[n++] = 0;
      for (guint d = 2; d < x->ndim; d++)
        red[n++] = (gint) d;
      cp.red = cp.param_dims = red;
      cp.n_red = cp.n_param_dims = n;
      cp.param_ndim = x->ndim;
      for (guint d = 0; d < x->ndim; d++)
        cp.param_shape[d] = d == 1 ? x->sizes[1] : 1;
      cp.weight_ndim = 1;
      cp.weight_shape[0] = x->sizes[1];
      return composed_backward (node, &cp, g, x, w, mean, invstd, c->training,
                                c->eps, grad_inputs, error);
    }

  {
    const GtBackendNN *nn = nn_of (x);
    gint64 c_shape[1] = { x->sizes[1] };
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    g_auto(KernelIO) k = { 0 };

    if (nn == NULL || nn->batch_norm_backward == NULL)
      return gt_backend_not_supported ("gt_tensor_batch_norm (backward)",
                                       gt_tensor_backend (x), error);
    if (!kernel_io (node, g, x, w, c_shape, 1, &k, error) ||
        !nn->batch_norm_backward (k.gi, k.gw, k.gb, k.gc, k.xc, mean, invstd,
                                  k.wc, c->training, error))
      return FALSE;
    return kernel_give (&k, grad_inputs);
  }
}

void
gt_nn_record_batch_norm (GtTensor *input,
                         GtTensor *weight,
                         GtTensor *bias,
                         GtTensor *mean,
                         GtTensor *invstd,
                         gboolean  training,
                         gdouble   eps,
                         GtTensor *out)
{
  Ctx *c = record_norm ("NativeBatchNormBackward0", batch_norm_backward,
                        input, weight, bias, mean, invstd, eps, out);

  c->training = training;
}

/* ---- layer norm -------------------------------------------------------------- */

static gboolean
layer_norm_backward (GtNode     *node,
                     GtTensor  **grad_outputs,
                     GtTensor  **grad_inputs,
                     GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  GtTensor *g = grad_outputs[0];
  g_autoptr(GtTensor) x = NULL, mean = NULL, rstd = NULL, w = NULL;
  guint axis;

  if (!load_saved (node, c, &x, &mean, &rstd, &w, error))
    return FALSE;
  axis = x->ndim - c->n_normalized;
  if (recording (g, x, w))
    {
      Composed cp = { 0 };
      gint red[GT_MAX_DIMS], lead[GT_MAX_DIMS];

      for (guint d = 0; d < c->n_normalized; d++)
        red[d] = (gint) (axis + d);
      for (guint d = 0; d < axis; d++)
        lead[d] = (gint) d;
      cp.red = red;
      cp.n_red = c->n_normalized;
      cp.param_dims = lead;
      cp.n_param_dims = axis;
      cp.param_ndim = c->n_normalized;
      cp.weight_ndim = c->n_normalized;
      for (guint d = 0; d < c->n_normalized; d++)
        cp.param_shape[d] = cp.weight_shape[d] = x->sizes[axis + d];
      return composed_backward (node, &cp, g, x, w, mean, rstd, TRUE, c->eps,
                                grad_inputs, error);
    }

  {
    const GtBackendNN *nn = nn_of (x);
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    g_auto(KernelIO) k = { 0 };

    if (nn == NULL || nn->layer_norm_backward == NULL)
      return gt_backend_not_supported ("gt_tensor_layer_norm (backward)",
                                       gt_tensor_backend (x), error);
    if (!kernel_io (node, g, x, w, x->sizes + axis, c->n_normalized, &k,
                    error) ||
        !nn->layer_norm_backward (k.gi, k.gw, k.gb, k.gc, k.xc, mean, rstd,
                                  k.wc, error))
      return FALSE;
    return kernel_give (&k, grad_inputs);
  }
}

void
gt_nn_record_layer_norm (GtTensor *input,
                         guint     n_normalized,
                         GtTensor *weight,
                         GtTensor *bias,
                         GtTensor *mean,
                         GtTensor *rstd,
                         gdouble   eps,
                         GtTensor *out)
{
  Ctx *c = record_norm ("NativeLayerNormBackward0", layer_norm_backward,
                        input, weight, bias, mean, rstd, eps, out);

  c->n_normalized = n_normalized;
}

/* ---- embedding ---------------------------------------------------------------- */

/* torch's embedding_dense_backward: the rows of grad added into a zero
 * matrix at their indices, the padding row's left out. With ops, so that
 * create_graph records it (IndexPutBackward0 and friends). */
static gboolean
embedding_backward (GtNode     *node,
                    GtTensor  **grad_outputs,
                    GtTensor  **grad_inputs,
                    GError    **error)
{
  Ctx *c = gt_node_get_ctx (node);
  GtTensor *g = grad_outputs[0];
  gint64 dim = g->ndim > 0 ? g->sizes[g->ndim - 1] : 1;
  gint64 rows_shape[2] = { -1, dim };
  gint64 w_shape[2] = { c->num, dim };
  TRY (idx, gt_node_saved (node, 0, error));
  TRY (g2, gt_tensor_reshape (g, rows_shape, 2, error));
  g_autoptr(GtTensor) rows = NULL;
  g_autoptr(GPtrArray) index = NULL;

  if (c->padding_idx >= 0)
    {
      TRY (pad, gt_tensor_eq_scalar (idx, (gdouble) c->padding_idx, error));
      TRY (pad2, gt_tensor_unsqueeze (pad, 1, error));

      if ((rows = gt_tensor_masked_fill_scalar (g2, pad2, 0.0, error)) == NULL)
        return FALSE;
    }
  else
    rows = g_object_ref (g2);
  {
    TRY (zeros, gt_tensor_new_empty (w_shape, 2, g->dtype,
                                     gt_tensor_device (g), error));

    if (!gt_tensor_zero_ (zeros, error))
      return FALSE;
    index = g_ptr_array_new ();
    g_ptr_array_add (index, idx);
    grad_inputs[0] = gt_tensor_index_put (zeros, index, rows, TRUE, error);
  }
  return grad_inputs[0] != NULL;
}

void
gt_nn_record_embedding (GtTensor *indices,
                        GtTensor *weight,
                        gint64    padding_idx,
                        GtTensor *out)
{
  GtNode *node = gt_node_new ("EmbeddingBackward0", embedding_backward,
                              &weight, 1, 1);
  Ctx *c = ctx_new (node);

  c->padding_idx = padding_idx;
  c->num = weight->sizes[0];
  gt_node_save (node, indices, FALSE);
  gt_autograd_set_history (out, node, 0);
  gt_node_unref (node);
}
