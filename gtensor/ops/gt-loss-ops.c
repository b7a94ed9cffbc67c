/* gt-loss-ops.c: STUB — to be replaced by the family's implementation */

#include "config.h"

#include "gtensor.h"

/**
 * gt_tensor_softmax:
 * @self: self
 * @dim: dim
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_softmax (GtTensor      *self,
                   gint           dim,
                   GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_tensor_log_softmax:
 * @self: self
 * @dim: dim
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_log_softmax (GtTensor      *self,
                       gint           dim,
                       GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_mse_loss:
 * @input: input
 * @target: target
 * @reduction: reduction
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_mse_loss (GtTensor      *input,
             GtTensor      *target,
             GtReduction    reduction,
             GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_l1_loss:
 * @input: input
 * @target: target
 * @reduction: reduction
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_l1_loss (GtTensor      *input,
            GtTensor      *target,
            GtReduction    reduction,
            GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_smooth_l1_loss:
 * @input: input
 * @target: target
 * @reduction: reduction
 * @beta: beta
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_smooth_l1_loss (GtTensor      *input,
                   GtTensor      *target,
                   GtReduction    reduction,
                   gdouble        beta,
                   GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_huber_loss:
 * @input: input
 * @target: target
 * @reduction: reduction
 * @delta: delta
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_huber_loss (GtTensor      *input,
               GtTensor      *target,
               GtReduction    reduction,
               gdouble        delta,
               GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_binary_cross_entropy:
 * @input: input
 * @target: target
 * @weight: (nullable): weight
 * @reduction: reduction
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_binary_cross_entropy (GtTensor      *input,
                         GtTensor      *target,
                         GtTensor      *weight,
                         GtReduction    reduction,
                         GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_binary_cross_entropy_with_logits:
 * @input: input
 * @target: target
 * @weight: (nullable): weight
 * @pos_weight: (nullable): pos weight
 * @reduction: reduction
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_binary_cross_entropy_with_logits (GtTensor *input,
                                     GtTensor      *target,
                                     GtTensor      *weight,
                                     GtTensor      *pos_weight,
                                     GtReduction    reduction,
                                     GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_nll_loss:
 * @input: input
 * @target: target
 * @weight: (nullable): weight
 * @ignore_index: ignore index
 * @reduction: reduction
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_nll_loss (GtTensor      *input,
             GtTensor      *target,
             GtTensor      *weight,
             gint64         ignore_index,
             GtReduction    reduction,
             GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_cross_entropy:
 * @input: input
 * @target: target
 * @weight: (nullable): weight
 * @ignore_index: ignore index
 * @reduction: reduction
 * @label_smoothing: label smoothing
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
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
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

