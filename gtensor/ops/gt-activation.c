#include "config.h"

#include <string.h>

#include "gt-error.h"
#include "gt-activation.h"
#include "gt-creation.h"
#include "gt-pointwise.h"
#include "gt-op-private.h"
#include "gt-nn-private.h"
#include "gt-autograd-private.h"

/*
 * Activations and dropout (torch.nn.functional.gelu, leaky_relu, dropout).
 * Each op checks its input, allocates the result, calls one kernel of the
 * backend's nn table and records its node (gt-activation-grad.c) with
 * torch 1.13's name: GeluBackward0, LeakyReluBackward0/1 and, for dropout,
 * MulBackward0 (torch's CPU dropout is input * noise).
 */

const GtBackendNN *
gt_nn_table (const char  *func,
             GtTensor    *t,
             gsize        entry_offset,
             GError     **error)
{
  const GtBackend *backend = gt_tensor_backend (t);

  if (backend->nn == NULL ||
      G_STRUCT_MEMBER (gpointer, backend->nn, entry_offset) == NULL)
    {
      gt_backend_not_supported (func, backend, error);
      return NULL;
    }
  return backend->nn;
}

/* The activations are defined for float32 and float64. */
static gboolean
check_floating (const char  *func,
                GtTensor    *self,
                GError     **error)
{
  if (!gt_op_check_tensor (func, "self", self, error))
    return FALSE;
  if (self->dtype == GT_DTYPE_FLOAT32 || self->dtype == GT_DTYPE_FLOAT64)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
               "%s: expected a float32 or float64 tensor, but got %s", func,
               gt_dtype_get_name (self->dtype));
  return FALSE;
}

static GtTensor *
empty_like (GtTensor  *self,
            GError   **error)
{
  return gt_tensor_new_empty (self->sizes, self->ndim, self->dtype,
                              gt_tensor_device (self), error);
}

/* ---- GELU ------------------------------------------------------------------ */

static gboolean
parse_approximate (const char  *func,
                   const char  *approximate,
                   gboolean    *tanh_approx,
                   GError     **error)
{
  if (approximate == NULL || strcmp (approximate, "none") == 0)
    *tanh_approx = FALSE;
  else if (strcmp (approximate, "tanh") == 0)
    *tanh_approx = TRUE;
  else
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: approximate argument must be either none or tanh, "
                   "but got \"%s\"", func, approximate);
      return FALSE;
    }
  return TRUE;
}

/**
 * gt_tensor_gelu:
 * @self: a float32 or float64 tensor
 * @approximate: (nullable): %NULL or "none" for the exact form, "tanh" for
 *   the tanh approximation
 * @error: return location for a #GError
 *
 * The Gaussian error linear unit (torch.nn.functional.gelu) of each
 * element: `x * Φ(x) = x * 0.5 * (1 + erf(x / √2))`, or with "tanh"
 * `0.5 * x * (1 + tanh(√(2/π) * (x + 0.044715 * x³)))`.
 *
 * Differentiable to any order (the gradient is an op of its own,
 * GeluBackwardBackward0 when recorded, as in torch).
 *
 * Returns: (transfer full) (nullable): a new tensor of @self's shape and
 *   dtype, or %NULL with %GT_ERROR_VALUE for another @approximate,
 *   %GT_ERROR_DTYPE for a dtype other than float32 and float64
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_gelu (GtTensor      *self,
                const char    *approximate,
                GError       **error)
{
  const char *func = "gt_tensor_gelu";
  const GtBackendNN *nn;
  g_autoptr(GtTensor) out = NULL;
  gboolean tanh_approx;

  g_return_val_if_fail (self != NULL, NULL);
  if (!check_floating (func, self, error) ||
      !parse_approximate (func, approximate, &tanh_approx, error))
    return NULL;
  if ((nn = GT_NN_TABLE (func, self, gelu, error)) == NULL)
    return NULL;
  if ((out = empty_like (self, error)) == NULL)
    return NULL;
  if (out->numel > 0 && !nn->gelu (out, self, tanh_approx, error))
    return NULL;
  if (gt_autograd_should_record (&self, 1))
    gt_nn_record_gelu (self, tanh_approx, out);
  return g_steal_pointer (&out);
}

/* The gradient of gelu as an op of its own (declared in gt-nn-private.h):
 * @grad * gelu'(@self), recorded as GeluBackwardBackward0, so that gelu
 * has derivatives of every order. @grad has @self's shape. */
GtTensor *
gt_nn_gelu_backward (GtTensor  *grad,
                     GtTensor  *self,
                     gboolean   tanh_approx,
                     GError   **error)
{
  const char *func = "gt_tensor_gelu (backward)";
  const GtBackendNN *nn;
  g_autoptr(GtTensor) g = NULL;
  g_autoptr(GtTensor) out = NULL;

  if ((nn = GT_NN_TABLE (func, self, gelu_backward, error)) == NULL)
    return NULL;
  g = grad->dtype == self->dtype ? g_object_ref (grad)
                                 : gt_tensor_to_dtype (grad, self->dtype, error);
  if (g == NULL || (out = empty_like (self, error)) == NULL)
    return NULL;
  if (out->numel > 0 && !nn->gelu_backward (out, g, self, tanh_approx, error))
    return NULL;
  if (gt_autograd_should_record ((GtTensor *[]) { grad, self }, 2))
    gt_nn_record_gelu_backward (grad, self, tanh_approx, out);
  return g_steal_pointer (&out);
}

/* ---- leaky ReLU ------------------------------------------------------------- */

/**
 * gt_tensor_leaky_relu:
 * @self: a float32 or float64 tensor
 * @negative_slope: the factor of negative elements (torch's default is
 *   0.01)
 * @error: return location for a #GError
 *
 * `x > 0 ? x : negative_slope * x` for each element
 * (torch.nn.functional.leaky_relu).
 *
 * Returns: (transfer full) (nullable): a new tensor of @self's shape and
 *   dtype, or %NULL with %GT_ERROR_DTYPE for a dtype other than float32
 *   and float64
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_leaky_relu (GtTensor      *self,
                      gdouble        negative_slope,
                      GError       **error)
{
  const char *func = "gt_tensor_leaky_relu";
  const GtBackendNN *nn;
  g_autoptr(GtTensor) out = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  if (!check_floating (func, self, error))
    return NULL;
  if ((nn = GT_NN_TABLE (func, self, leaky_relu, error)) == NULL)
    return NULL;
  if ((out = empty_like (self, error)) == NULL)
    return NULL;
  if (out->numel > 0 && !nn->leaky_relu (out, self, negative_slope, error))
    return NULL;
  if (gt_autograd_should_record (&self, 1))
    gt_nn_record_leaky_relu (self, negative_slope, FALSE, out);
  return g_steal_pointer (&out);
}

/**
 * gt_tensor_leaky_relu_:
 * @self: a float32 or float64 tensor, written in place
 * @negative_slope: the factor of negative elements
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.leaky_relu]
 * (torch.nn.functional.leaky_relu_). Its gradient is computed from the
 * result (LeakyReluBackward1), which, as in torch, fails at backward time
 * when @negative_slope is negative.
 *
 * Returns: %TRUE on success, %FALSE with %GT_ERROR_DTYPE for a dtype other
 *   than float32 and float64, %GT_ERROR_VALUE when elements of @self share
 *   memory, %GT_ERROR_AUTOGRAD for a leaf that requires grad (or a view of
 *   one) while grad mode is on
 *
 * Since: 0.1
 */
gboolean
gt_tensor_leaky_relu_ (GtTensor      *self,
                       gdouble        negative_slope,
                       GError       **error)
{
  const char *func = "gt_tensor_leaky_relu_";
  const GtBackendNN *nn;

  g_return_val_if_fail (self != NULL, FALSE);
  if (!check_floating (func, self, error) ||
      !gt_autograd_check_inplace (func, self, error))
    return FALSE;
  if ((nn = GT_NN_TABLE (func, self, leaky_relu, error)) == NULL)
    return FALSE;
  if (!gt_op_prepare_inplace (func, self, self->dtype, self->sizes, self->ndim,
                              error))
    return FALSE;
  if (self->numel > 0 && !nn->leaky_relu (self, self, negative_slope, error))
    return FALSE;
  if (gt_autograd_should_record (&self, 1))
    gt_nn_record_leaky_relu (self, negative_slope, TRUE, self);
  return TRUE;
}

/* ---- dropout --------------------------------------------------------------- */

static gboolean
check_probability (const char  *func,
                   gdouble      p,
                   GError     **error)
{
  if (p >= 0.0 && p <= 1.0)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
               "%s: dropout probability has to be between 0 and 1, but got %g",
               func, p);
  return FALSE;
}

/* p == 1: torch multiplies by a 0-d zero (MulBackward0), so that every
 * dtype works and the gradient is zeros. */
static GtTensor *
zero_tensor (GtTensor  *self,
             GError   **error)
{
  return gt_zeros (NULL, 0, self->dtype, NULL, error);
}

/**
 * gt_tensor_dropout:
 * @self: a tensor
 * @p: the probability of an element to be zeroed, in [0, 1]
 * @training: whether to apply dropout; %FALSE gives @self back
 * @error: return location for a #GError
 *
 * Dropout (torch.nn.functional.dropout): in training, each element is
 * zeroed with probability @p and the others are scaled by `1 / (1 - p)`.
 * The mask comes from the default generator as torch 1.13's CPU dropout
 * draws it (`bernoulli_(1 - p)`, one 64-bit draw per element in memory
 * order), so after `gt_manual_seed (s)` the result is torch's after
 * `torch.manual_seed(s)`.
 *
 * As in torch, when @training is %FALSE, @p is 0 or @self is empty, the
 * result is @self itself (a new reference), and when @p is 1 it is @self
 * times a 0-d zero. The gradient is the incoming one times the mask and
 * scale (MulBackward0).
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with
 *   %GT_ERROR_VALUE for @p outside [0, 1] ("dropout probability has to be
 *   between 0 and 1, but got 1.5"), %GT_ERROR_DTYPE when 0 < @p < 1 and
 *   @self is not float32 or float64
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_dropout (GtTensor      *self,
                   gdouble        p,
                   gboolean       training,
                   GError       **error)
{
  const char *func = "gt_tensor_dropout";
  const GtBackendNN *nn;
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) noise = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  if (!gt_op_check_tensor (func, "self", self, error) ||
      !check_probability (func, p, error))
    return NULL;
  if (p == 0.0 || !training || self->numel == 0)
    return g_object_ref (self);
  if (p == 1.0)
    {
      g_autoptr(GtTensor) zero = zero_tensor (self, error);

      return zero != NULL ? gt_tensor_mul (self, zero, error) : NULL;
    }
  if (!check_floating (func, self, error))
    return NULL;
  if ((nn = GT_NN_TABLE (func, self, dropout, error)) == NULL)
    return NULL;
  if ((out = empty_like (self, error)) == NULL ||
      (noise = empty_like (self, error)) == NULL)
    return NULL;
  if (!nn->dropout (out, noise, self, p, error))
    return NULL;
  if (gt_autograd_should_record (&self, 1))
    gt_nn_record_dropout (self, noise, FALSE, out);
  return g_steal_pointer (&out);
}

/**
 * gt_tensor_dropout_:
 * @self: a tensor, written in place
 * @p: the probability of an element to be zeroed, in [0, 1]
 * @training: whether to apply dropout; %FALSE leaves @self unchanged
 * @error: return location for a #GError
 *
 * The in-place form of [method@Gt.Tensor.dropout]
 * (torch.nn.functional.dropout with inplace=True), drawing the same mask.
 *
 * Returns: %TRUE on success, %FALSE with %GT_ERROR_VALUE for @p outside
 *   [0, 1] or when elements of @self share memory, %GT_ERROR_DTYPE when
 *   0 < @p < 1 and @self is not float32 or float64, %GT_ERROR_AUTOGRAD for
 *   a leaf that requires grad (or a view of one) while grad mode is on
 *
 * Since: 0.1
 */
gboolean
gt_tensor_dropout_ (GtTensor      *self,
                    gdouble        p,
                    gboolean       training,
                    GError       **error)
{
  const char *func = "gt_tensor_dropout_";
  const GtBackendNN *nn;
  g_autoptr(GtTensor) noise = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  if (!gt_op_check_tensor (func, "self", self, error) ||
      !check_probability (func, p, error))
    return FALSE;
  if (p == 0.0 || !training || self->numel == 0)
    return TRUE;
  if (p == 1.0)
    {
      g_autoptr(GtTensor) zero = zero_tensor (self, error);

      return zero != NULL && gt_tensor_mul_ (self, zero, error);
    }
  if (!check_floating (func, self, error) ||
      !gt_autograd_check_inplace (func, self, error))
    return FALSE;
  if ((nn = GT_NN_TABLE (func, self, dropout, error)) == NULL)
    return FALSE;
  if (!gt_op_prepare_inplace (func, self, self->dtype, self->sizes, self->ndim,
                              error) ||
      (noise = empty_like (self, error)) == NULL)
    return FALSE;
  if (!nn->dropout (self, noise, self, p, error))
    return FALSE;
  if (gt_autograd_should_record (&self, 1))
    gt_nn_record_dropout (self, noise, TRUE, self);
  return TRUE;
}
