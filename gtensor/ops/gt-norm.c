#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gt-error.h"
#include "gt-norm.h"
#include "gt-creation.h"
#include "gt-grad-mode.h"
#include "gt-index.h"
#include "gt-linalg.h"
#include "gt-pointwise.h"
#include "gt-reduce.h"
#include "gt-shape.h"
#include "gt-op-private.h"
#include "gt-nn-private.h"
#include "gt-autograd-private.h"

/*
 * Normalisation, linear layers and embeddings (torch.nn.functional
 * batch_norm, layer_norm, linear, embedding).
 *
 * batch_norm and layer_norm run one kernel of the backend's nn table
 * (contiguous operands) and record torch 1.13's NativeBatchNormBackward0 /
 * NativeLayerNormBackward0 (gt-norm-grad.c). linear is composed of addmm /
 * matmul and add exactly as torch's at::linear is, so its graph has the
 * same nodes; embedding is an index_select with its own
 * EmbeddingBackward0.
 */

static gboolean
check_floating (const char  *func,
                GtTensor    *self,
                GError     **error)
{
  if (self->dtype == GT_DTYPE_FLOAT32 || self->dtype == GT_DTYPE_FLOAT64)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
               "%s: expected a float32 or float64 input, but got %s", func,
               gt_dtype_get_name (self->dtype));
  return FALSE;
}

/* An optional parameter: a tensor of @self's dtype (torch: "expected
 * scalar type Float but found Double"). */
static gboolean
check_param (const char  *func,
             const char  *name,
             GtTensor    *param,
             GtTensor    *self,
             GError     **error)
{
  if (param == NULL)
    return TRUE;
  if (!gt_op_check_tensor (func, name, param, error))
    return FALSE;
  if (!gt_op_check_devices (func, (GtTensor *[]) { self, param }, 2, error))
    return FALSE;
  if (param->dtype != self->dtype)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected %s to have the input's dtype %s, but got %s",
                   func, name, gt_dtype_get_name (self->dtype),
                   gt_dtype_get_name (param->dtype));
      return FALSE;
    }
  return TRUE;
}

/* ---- batch norm ------------------------------------------------------------- */

static gboolean
check_channels (const char  *func,
                const char  *name,
                GtTensor    *param,
                gint64       channels,
                GError     **error)
{
  if (param == NULL || param->numel == channels)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
               "%s: %s should contain %" G_GINT64_FORMAT " elements not %"
               G_GINT64_FORMAT, func, name, channels, param->numel);
  return FALSE;
}

/* Writes the contiguous copy @src of a running statistic back into @dst
 * (when the statistic was not contiguous). */
static gboolean
write_back (GtTensor  *dst,
            GtTensor  *src,
            GError   **error)
{
  g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = NULL;
  g_autoptr(GtTensor) view = NULL;

  if (dst == NULL || dst == src)
    return TRUE;
  guard = gt_no_grad_guard_new ();
  view = gt_tensor_reshape (src, dst->sizes, dst->ndim, error);
  return view != NULL && gt_tensor_copy_ (dst, view, error);
}

/**
 * gt_tensor_batch_norm:
 * @self: the input, (N, C) or (N, C, *), float32 or float64
 * @running_mean: (nullable): the running means, C elements, updated in
 *   place in training; required in evaluation
 * @running_var: (nullable): the running variances, C elements, updated in
 *   place in training; required in evaluation
 * @weight: (nullable): the scale, C elements, or %NULL for 1
 * @bias: (nullable): the shift, C elements, or %NULL for 0
 * @training: use the batch's statistics (and update the running ones)
 *   rather than the running statistics
 * @momentum: the weight of the batch statistics in the running ones
 * @eps: added to the variance for stability
 * @error: return location for a #GError
 *
 * Batch normalisation (torch.nn.functional.batch_norm): each channel c is
 * normalised as `(x - mean[c]) / sqrt(var[c] + eps) * weight[c] +
 * bias[c]`. In training, mean and var are the statistics of the batch over
 * every dimension except 1 (the biased variance), and the running
 * statistics, when given, become `(1 - momentum) * running + momentum *
 * batch` with the unbiased batch variance, as torch does. In evaluation
 * the running statistics are used.
 *
 * Differentiable in @self, @weight and @bias (NativeBatchNormBackward0;
 * second order through gtensor ops).
 *
 * Returns: (transfer full) (nullable): the normalised tensor, or %NULL with
 *   %GT_ERROR_SHAPE for an input of fewer than 2 dims or a parameter
 *   without C elements ("running_mean should contain 3 elements not 4"),
 *   %GT_ERROR_VALUE for one value per channel in training ("Expected more
 *   than 1 value per channel when training, got input size [1, 3]") or
 *   missing running statistics in evaluation, %GT_ERROR_DTYPE for a
 *   non-float input or parameters of another dtype
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_batch_norm (GtTensor      *self,
                      GtTensor      *running_mean,
                      GtTensor      *running_var,
                      GtTensor      *weight,
                      GtTensor      *bias,
                      gboolean       training,
                      gdouble        momentum,
                      gdouble        eps,
                      GError       **error)
{
  const char *func = "gt_tensor_batch_norm";
  const GtBackendNN *nn;
  g_autoptr(GtTensor) in = NULL;
  g_autoptr(GtTensor) w = NULL;
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtTensor) rm = NULL;
  g_autoptr(GtTensor) rv = NULL;
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) mean = NULL;
  g_autoptr(GtTensor) invstd = NULL;
  gint64 channels, per_channel = 1;

  g_return_val_if_fail (self != NULL, NULL);
  if (!gt_op_check_tensor (func, "input", self, error))
    return NULL;
  if (self->ndim < 2)
    {
      g_autofree char *s = gt_shape_to_string (self->sizes, self->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: expected an input of 2 or more dims (N, C, *), but "
                   "got shape %s", func, s);
      return NULL;
    }
  if (!check_floating (func, self, error) ||
      !check_param (func, "running_mean", running_mean, self, error) ||
      !check_param (func, "running_var", running_var, self, error) ||
      !check_param (func, "weight", weight, self, error) ||
      !check_param (func, "bias", bias, self, error))
    return NULL;
  channels = self->sizes[1];
  if (!check_channels (func, "running_mean", running_mean, channels, error) ||
      !check_channels (func, "running_var", running_var, channels, error) ||
      !check_channels (func, "weight", weight, channels, error) ||
      !check_channels (func, "bias", bias, channels, error))
    return NULL;
  if (!training && (running_mean == NULL || running_var == NULL))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: %s must be defined in evaluation mode", func,
                   running_mean == NULL ? "running_mean" : "running_var");
      return NULL;
    }
  per_channel = self->sizes[0];
  for (guint d = 2; d < self->ndim; d++)
    per_channel *= self->sizes[d];
  if (training && per_channel == 1)
    {
      g_autofree char *s = gt_shape_to_string (self->sizes, self->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: Expected more than 1 value per channel when training, "
                   "got input size %s", func, s);
      return NULL;
    }
  if ((nn = GT_NN_TABLE (func, self, batch_norm, error)) == NULL)
    return NULL;
  if ((out = gt_tensor_new_empty (self->sizes, self->ndim, self->dtype,
                                  gt_tensor_device (self), error)) == NULL)
    return NULL;
  if (self->numel == 0)
    return g_steal_pointer (&out);

  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    gint64 c_shape[1] = { channels };

    if ((in = gt_tensor_contiguous (self, error)) == NULL ||
        (weight != NULL && (w = gt_tensor_contiguous (weight, error)) == NULL) ||
        (bias != NULL && (b = gt_tensor_contiguous (bias, error)) == NULL) ||
        (running_mean != NULL &&
         (rm = gt_tensor_contiguous (running_mean, error)) == NULL) ||
        (running_var != NULL &&
         (rv = gt_tensor_contiguous (running_var, error)) == NULL))
      return NULL;
    if ((mean = gt_tensor_new_empty (c_shape, 1, self->dtype,
                                     gt_tensor_device (self), error)) == NULL ||
        (invstd = gt_tensor_new_empty (c_shape, 1, self->dtype,
                                       gt_tensor_device (self), error)) == NULL)
      return NULL;
    /* The running statistics are written in place. */
    if (training &&
        ((rm != NULL && !gt_tensor_prepare_write (rm, error)) ||
         (rv != NULL && !gt_tensor_prepare_write (rv, error))))
      return NULL;
    if (!nn->batch_norm (out, mean, invstd, in, w, b, rm, rv, training,
                         momentum, eps, error))
      return NULL;
    if (training &&
        (!write_back (running_mean, rm, error) ||
         !write_back (running_var, rv, error)))
      return NULL;
  }

  if (gt_autograd_should_record ((GtTensor *[]) { self, weight, bias }, 3))
    gt_nn_record_batch_norm (self, weight, bias, mean, invstd, training, eps,
                             out);
  return g_steal_pointer (&out);
}

/* ---- layer norm ------------------------------------------------------------- */

static gboolean
shape_equals (GtTensor      *t,
              const gint64  *shape,
              gsize          n)
{
  return t->ndim == n && memcmp (t->sizes, shape, n * sizeof (gint64)) == 0;
}

/**
 * gt_tensor_layer_norm:
 * @self: the input, float32 or float64, whose last dims are
 *   @normalized_shape
 * @normalized_shape: (array length=n_normalized_shape): the shape of the
 *   trailing dims normalised together
 * @n_normalized_shape: the length of @normalized_shape, at least 1
 * @weight: (nullable): the scale, of shape @normalized_shape, or %NULL
 * @bias: (nullable): the shift, of shape @normalized_shape, or %NULL
 * @eps: added to the variance for stability
 * @error: return location for a #GError
 *
 * Layer normalisation (torch.nn.functional.layer_norm): the elements of
 * each slice over the trailing @normalized_shape dims are normalised with
 * the slice's mean and biased variance, `(x - mean) / sqrt(var + eps) *
 * weight + bias`.
 *
 * Differentiable in @self, @weight and @bias (NativeLayerNormBackward0;
 * second order through gtensor ops).
 *
 * Returns: (transfer full) (nullable): the normalised tensor, or %NULL with
 *   %GT_ERROR_SHAPE when @normalized_shape is empty, @weight or @bias does
 *   not have that shape, or the input's trailing dims differ from it
 *   ("Given normalized_shape=[4], expected input with shape [*, 4], but got
 *   input of size [2, 3]"), %GT_ERROR_DTYPE for a non-float input or
 *   parameters of another dtype
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_layer_norm (GtTensor      *self,
                      const gint64  *normalized_shape,
                      gsize          n_normalized_shape,
                      GtTensor      *weight,
                      GtTensor      *bias,
                      gdouble        eps,
                      GError       **error)
{
  const char *func = "gt_tensor_layer_norm";
  const GtBackendNN *nn;
  g_autofree char *ns = NULL;
  g_autoptr(GtTensor) in = NULL;
  g_autoptr(GtTensor) w = NULL;
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) mean = NULL;
  g_autoptr(GtTensor) rstd = NULL;
  guint axis;
  gint64 rows = 1;

  g_return_val_if_fail (self != NULL, NULL);
  if (!gt_op_check_tensor (func, "input", self, error))
    return NULL;
  ns = gt_shape_to_string (normalized_shape, n_normalized_shape);
  if (n_normalized_shape < 1)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: Expected normalized_shape to be at least "
                   "1-dimensional, i.e., containing at least one element, but "
                   "got normalized_shape = %s", func, ns);
      return NULL;
    }
  if (!check_floating (func, self, error) ||
      !check_param (func, "weight", weight, self, error) ||
      !check_param (func, "bias", bias, self, error))
    return NULL;
  if (weight != NULL && !shape_equals (weight, normalized_shape, n_normalized_shape))
    {
      g_autofree char *ws = gt_shape_to_string (weight->sizes, weight->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: Expected weight to be of same shape as "
                   "normalized_shape, but got weight of shape %s and "
                   "normalized_shape = %s", func, ws, ns);
      return NULL;
    }
  if (bias != NULL && !shape_equals (bias, normalized_shape, n_normalized_shape))
    {
      g_autofree char *bs = gt_shape_to_string (bias->sizes, bias->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: Expected bias to be of same shape as "
                   "normalized_shape, but got bias of shape %s and "
                   "normalized_shape = %s", func, bs, ns);
      return NULL;
    }
  if (self->ndim < n_normalized_shape ||
      memcmp (self->sizes + self->ndim - n_normalized_shape, normalized_shape,
              n_normalized_shape * sizeof (gint64)) != 0)
    {
      g_autofree char *is = gt_shape_to_string (self->sizes, self->ndim);
      GString *expected = g_string_new ("[*");

      for (gsize i = 0; i < n_normalized_shape; i++)
        g_string_append_printf (expected, ", %" G_GINT64_FORMAT,
                                normalized_shape[i]);
      g_string_append_c (expected, ']');
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: Given normalized_shape=%s, expected input with shape "
                   "%s, but got input of size%s", func, ns, expected->str, is);
      g_string_free (expected, TRUE);
      return NULL;
    }
  if ((nn = GT_NN_TABLE (func, self, layer_norm, error)) == NULL)
    return NULL;

  axis = self->ndim - (guint) n_normalized_shape;
  for (guint d = 0; d < axis; d++)
    rows *= self->sizes[d];
  if ((out = gt_tensor_new_empty (self->sizes, self->ndim, self->dtype,
                                  gt_tensor_device (self), error)) == NULL)
    return NULL;
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    gint64 m_shape[1] = { rows };

    if ((in = gt_tensor_contiguous (self, error)) == NULL ||
        (weight != NULL && (w = gt_tensor_contiguous (weight, error)) == NULL) ||
        (bias != NULL && (b = gt_tensor_contiguous (bias, error)) == NULL))
      return NULL;
    if ((mean = gt_tensor_new_empty (m_shape, 1, self->dtype,
                                     gt_tensor_device (self), error)) == NULL ||
        (rstd = gt_tensor_new_empty (m_shape, 1, self->dtype,
                                     gt_tensor_device (self), error)) == NULL)
      return NULL;
    if (out->numel > 0 &&
        !nn->layer_norm (out, mean, rstd, in, w, b, eps, error))
      return NULL;
  }
  if (gt_autograd_should_record ((GtTensor *[]) { self, weight, bias }, 3))
    gt_nn_record_layer_norm (self, (guint) n_normalized_shape, weight, bias,
                             mean, rstd, eps, out);
  return g_steal_pointer (&out);
}

/* ---- linear ------------------------------------------------------------------ */

/**
 * gt_tensor_linear:
 * @self: the input, (*, in_features)
 * @weight: the weight, (out_features, in_features), of @self's dtype
 * @bias: (nullable): the bias, out_features elements, or %NULL
 * @error: return location for a #GError
 *
 * `self @ weight^T + bias` (torch.nn.functional.linear), computed as
 * torch's at::linear does, so that values and graph nodes are the same: a
 * 2-D input with a bias is one addmm (AddmmBackward0), a contiguous 3-D
 * input with a bias an addmm on its (B*T, in) view reshaped back
 * (ViewBackward0), anything else a matmul with weight^T followed by the
 * addition of the bias (AddBackward0).
 *
 * Returns: (transfer full) (nullable): the result, (*, out_features), or
 *   %NULL with %GT_ERROR_SHAPE when @weight is not 2-D, @self is 0-d, the
 *   sizes do not match ("input of shape [2, 3] and weight of shape [4, 5]
 *   cannot be multiplied (2x3 and 5x4)") or @bias does not have
 *   out_features elements, %GT_ERROR_DTYPE when the dtypes differ
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_linear (GtTensor      *self,
                  GtTensor      *weight,
                  GtTensor      *bias,
                  GError       **error)
{
  const char *func = "gt_tensor_linear";
  g_autoptr(GtTensor) wt = NULL;
  g_autoptr(GtTensor) product = NULL;
  GtTensor *result = NULL;
  gint64 in_features, out_features, rows = 1;

  g_return_val_if_fail (self != NULL, NULL);
  if (!gt_op_check_tensor (func, "input", self, error) ||
      !gt_op_check_tensor (func, "weight", weight, error) ||
      (bias != NULL && !gt_op_check_tensor (func, "bias", bias, error)) ||
      !gt_op_check_devices (func, (GtTensor *[]) { self, weight, bias },
                            bias != NULL ? 3 : 2, error))
    return NULL;
  if (weight->ndim != 2)
    {
      g_autofree char *ws = gt_shape_to_string (weight->sizes, weight->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: expected a 2-D weight (out_features, in_features), but "
                   "got shape %s", func, ws);
      return NULL;
    }
  if (self->ndim == 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: expected an input of at least 1 dim, but got a 0-d "
                   "tensor", func);
      return NULL;
    }
  out_features = weight->sizes[0];
  in_features = weight->sizes[1];
  for (guint d = 0; d + 1 < self->ndim; d++)
    rows *= self->sizes[d];
  if (self->sizes[self->ndim - 1] != in_features)
    {
      g_autofree char *is = gt_shape_to_string (self->sizes, self->ndim);
      g_autofree char *ws = gt_shape_to_string (weight->sizes, weight->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: input of shape %s and weight of shape %s cannot be "
                   "multiplied (%" G_GINT64_FORMAT "x%" G_GINT64_FORMAT " and %"
                   G_GINT64_FORMAT "x%" G_GINT64_FORMAT ")", func, is, ws, rows,
                   self->sizes[self->ndim - 1], in_features, out_features);
      return NULL;
    }
  if (self->dtype != weight->dtype || (bias != NULL && bias->dtype != self->dtype))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected input, weight and bias to have the same dtype, "
                   "but got %s, %s and %s", func, gt_dtype_get_name (self->dtype),
                   gt_dtype_get_name (weight->dtype),
                   bias != NULL ? gt_dtype_get_name (bias->dtype) : "no bias");
      return NULL;
    }
  if (bias != NULL &&
      (bias->ndim > 1 || (bias->numel != out_features && bias->numel != 1)))
    {
      g_autofree char *bs = gt_shape_to_string (bias->sizes, bias->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: expected a bias of %" G_GINT64_FORMAT " elements "
                   "(out_features), but got shape %s", func, out_features, bs);
      return NULL;
    }

  if ((wt = gt_tensor_t (weight, error)) == NULL)
    goto failed;
  if (bias != NULL && self->ndim == 2)
    result = gt_tensor_addmm (bias, self, wt, 1.0, 1.0, error);
  else if (bias != NULL && self->ndim == 3 && gt_tensor_is_contiguous (self))
    {
      gint64 flat[2] = { rows, in_features };
      gint64 shape[3] = { self->sizes[0], self->sizes[1], out_features };
      g_autoptr(GtTensor) x2 = gt_tensor_view (self, flat, 2, error);

      if (x2 != NULL)
        product = gt_tensor_addmm (bias, x2, wt, 1.0, 1.0, error);
      if (product != NULL)
        result = gt_tensor_view (product, shape, 3, error);
    }
  else
    {
      product = gt_tensor_matmul (self, wt, error);
      if (product != NULL)
        result = bias != NULL ? gt_tensor_add (product, bias, 1.0, error)
                              : g_steal_pointer (&product);
    }
  if (result != NULL)
    return result;
failed:
  g_prefix_error (error, "%s: ", func);
  return NULL;
}

/* ---- embedding ------------------------------------------------------------- */

static int
compare_int64 (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* torch's embedding_renorm_: every row referenced by @flat whose
 * @norm_type-norm exceeds @max_norm is scaled by max_norm / (norm + 1e-7),
 * in place, without recording. */
static gboolean
renorm_rows (GtTensor  *weight,
             GtTensor  *flat,
             gdouble    max_norm,
             gdouble    norm_type,
             GError   **error)
{
  g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
  g_autofree gint64 *idx = NULL;
  gsize n = 0;

  if ((idx = gt_tensor_to_int64s (flat, &n, error)) == NULL && flat->numel > 0)
    return FALSE;
  qsort (idx, n, sizeof (gint64), compare_int64);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GtTensor) row = NULL;
      g_autoptr(GtTensor) norm = NULL;
      gdouble value;

      if (i > 0 && idx[i] == idx[i - 1])
        continue;
      if ((row = gt_tensor_select (weight, 0, idx[i], error)) == NULL ||
          (norm = gt_tensor_norm (row, norm_type, NULL, 0, FALSE, error)) == NULL)
        return FALSE;
      value = gt_tensor_item (norm, error);
      if (isnan (value) && error != NULL && *error != NULL)
        return FALSE;
      if (value > max_norm &&
          !gt_tensor_mul_scalar_ (row, max_norm / (value + 1e-7), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * gt_embedding:
 * @indices: int32 or int64 indices into the rows of @weight, any shape
 * @weight: the embedding matrix, (num_embeddings, embedding_dim)
 * @padding_idx: a row whose gradient is always zero, or a negative value
 *   for none
 * @max_norm: when positive, the rows referenced by @indices whose norm
 *   exceeds it are first scaled in place (in @weight, without recording)
 *   to this norm, as torch does; 0 or negative for no renormalisation
 * @norm_type: the p of the norm for @max_norm (torch's default is 2)
 * @error: return location for a #GError
 *
 * Looks up rows of @weight (torch.nn.functional.embedding): the result has
 * shape `indices.shape + (embedding_dim,)`. Its gradient for @weight adds
 * the incoming rows into the rows they came from, the @padding_idx row
 * excepted (EmbeddingBackward0).
 *
 * Returns: (transfer full) (nullable): the rows, or %NULL with
 *   %GT_ERROR_INDEX for an index outside [0, num_embeddings) or
 *   @padding_idx >= num_embeddings, %GT_ERROR_SHAPE when @weight is not
 *   2-D, %GT_ERROR_DTYPE when @indices is not int32 or int64
 *
 * Since: 0.1
 */
GtTensor *
gt_embedding (GtTensor      *indices,
              GtTensor      *weight,
              gint64         padding_idx,
              gdouble        max_norm,
              gdouble        norm_type,
              GError       **error)
{
  const char *func = "gt_embedding";
  g_autoptr(GtTensor) flat = NULL;
  g_autoptr(GtTensor) rows = NULL;
  g_autoptr(GtTensor) out = NULL;
  gint64 num, dim, shape[GT_MAX_DIMS + 1], minus_one = -1;

  g_return_val_if_fail (indices != NULL, NULL);
  if (!gt_op_check_tensor (func, "indices", indices, error) ||
      !gt_op_check_tensor (func, "weight", weight, error) ||
      !gt_op_check_devices (func, (GtTensor *[]) { indices, weight }, 2, error))
    return NULL;
  if (weight->ndim != 2)
    {
      g_autofree char *ws = gt_shape_to_string (weight->sizes, weight->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: 'weight' must be 2-D (num_embeddings, embedding_dim), "
                   "but got shape %s", func, ws);
      return NULL;
    }
  if (indices->dtype != GT_DTYPE_INT64 && indices->dtype != GT_DTYPE_INT32)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected indices of dtype int64 or int32, but got %s",
                   func, gt_dtype_get_name (indices->dtype));
      return NULL;
    }
  if (indices->ndim + 1 > GT_MAX_DIMS)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: indices of %u dims would give a result of more than %d "
                   "dims", func, indices->ndim, GT_MAX_DIMS);
      return NULL;
    }
  num = weight->sizes[0];
  dim = weight->sizes[1];
  if (padding_idx >= num)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                   "%s: padding_idx %" G_GINT64_FORMAT " must be within "
                   "num_embeddings (%" G_GINT64_FORMAT ")", func, padding_idx,
                   num);
      return NULL;
    }

  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    g_autoptr(GtTensor) as64 = NULL;

    as64 = indices->dtype == GT_DTYPE_INT64 ? g_object_ref (indices)
                                            : gt_tensor_to_dtype (indices, GT_DTYPE_INT64, error);
    if (as64 == NULL || (flat = gt_tensor_reshape (as64, &minus_one, 1, error)) == NULL)
      return NULL;
    if (flat->numel > 0)
      {
        g_autoptr(GtTensor) lo = gt_tensor_min (flat, error);
        g_autoptr(GtTensor) hi = lo != NULL ? gt_tensor_max (flat, error) : NULL;
        gint64 vlo, vhi;

        if (hi == NULL)
          return NULL;
        vlo = gt_tensor_item_int64 (lo, NULL);
        vhi = gt_tensor_item_int64 (hi, NULL);
        if (vlo < 0 || vhi >= num)
          {
            g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                         "%s: index %" G_GINT64_FORMAT " is out of range for "
                         "num_embeddings = %" G_GINT64_FORMAT, func,
                         vlo < 0 ? vlo : vhi, num);
            return NULL;
          }
      }
    if (max_norm > 0 && !renorm_rows (weight, flat, max_norm, norm_type, error))
      {
        /* the failing helper op named itself; say who called it */
        g_prefix_error (error, "%s: max_norm: ", func);
        return NULL;
      }
    if ((rows = gt_tensor_index_select (weight, 0, flat, error)) == NULL)
      return NULL;
    memcpy (shape, indices->sizes, indices->ndim * sizeof (gint64));
    shape[indices->ndim] = dim;
    if ((out = gt_tensor_reshape (rows, shape, indices->ndim + 1, error)) == NULL)
      return NULL;
  }
  if (gt_autograd_should_record (&weight, 1))
    gt_nn_record_embedding (flat, weight, padding_idx, out);
  return g_steal_pointer (&out);
}
