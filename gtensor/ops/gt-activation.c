/* gt-activation.c: STUB — to be replaced by the family's implementation */

#include "config.h"

#include "gtensor.h"

/**
 * gt_tensor_gelu:
 * @self: self
 * @approximate: (nullable): approximate
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_gelu (GtTensor      *self,
                const char    *approximate,
                GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_tensor_leaky_relu:
 * @self: self
 * @negative_slope: negative slope
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_leaky_relu (GtTensor      *self,
                      gdouble        negative_slope,
                      GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_tensor_leaky_relu_:
 * @self: self
 * @negative_slope: negative slope
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
gt_tensor_leaky_relu_ (GtTensor      *self,
                       gdouble        negative_slope,
                       GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return FALSE;
}

/**
 * gt_tensor_dropout:
 * @self: self
 * @p: p
 * @training: training
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GtTensor *
gt_tensor_dropout (GtTensor      *self,
                   gdouble        p,
                   gboolean       training,
                   GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return NULL;
}

/**
 * gt_tensor_dropout_:
 * @self: self
 * @p: p
 * @training: training
 * @error: return location for a #GError
 *
 * Not implemented yet.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
gt_tensor_dropout_ (GtTensor      *self,
                    gdouble        p,
                    gboolean       training,
                    GError       **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not implemented yet", G_STRFUNC);
  return FALSE;
}

