#include "config.h"

#include <math.h>

#include "gt-creation.h"
#include "gt-device-private.h"
#include "gt-error.h"
#include "gt-random.h"
#include "gt-tensor-private.h"

static gboolean
check_floating (const char  *func,
                GtDType      dtype,
                GError     **error)
{
  if (!gt_dtype_check (func, dtype, error))
    return FALSE;
  if (gt_dtype_is_floating_point (dtype))
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
               "%s: needs a floating-point dtype, got %s", func,
               gt_dtype_get_name (dtype));
  return FALSE;
}

static gboolean
check_writable (const char  *func,
                GtTensor    *self,
                GError     **error)
{
  for (guint i = 0; i < self->ndim; i++)
    if (self->strides[i] == 0 && self->sizes[i] > 1)
      {
        g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                     "%s: unsupported operation: more than one element of "
                     "the written-to tensor refers to a single memory "
                     "location; clone() the tensor first", func);
        return FALSE;
      }
  return gt_tensor_prepare_write (self, error);
}

static gboolean
fill_uniform (const char *func, GtTensor *t, gdouble from, gdouble to, GError **error)
{
  const GtBackend *backend = gt_tensor_backend (t);

  if (t->numel == 0)
    return TRUE;
  if (backend->random_uniform == NULL)
    return gt_backend_not_supported (func, backend, error);
  return backend->random_uniform (t, from, to, error);
}

static gboolean
fill_normal (const char *func, GtTensor *t, gdouble mean, gdouble std, GError **error)
{
  const GtBackend *backend = gt_tensor_backend (t);

  if (t->numel == 0)
    return TRUE;
  if (backend->random_normal == NULL)
    return gt_backend_not_supported (func, backend, error);
  return backend->random_normal (t, mean, std, error);
}

static GtTensor *
create_random (const char    *func,
               const gint64  *shape,
               gsize          n_dims,
               GtDType        dtype,
               GtDevice      *device,
               gboolean       normal,
               GError       **error)
{
  g_autoptr(GtTensor) t = NULL;
  GtDevice resolved;

  if (!check_floating (func, dtype, error) ||
      !gt_shape_check (func, shape, n_dims, dtype, NULL, error) ||
      !gt_device_resolve (func, device, &resolved, error))
    return NULL;
  t = gt_tensor_new_empty (shape, (guint) n_dims, dtype, &resolved, error);
  if (t == NULL)
    return NULL;
  if (!(normal ? fill_normal (func, t, 0.0, 1.0, error)
               : fill_uniform (func, t, 0.0, 1.0, error)))
    return NULL;
  return g_steal_pointer (&t);
}

/**
 * gt_rand:
 * @shape: (array length=n_dims) (nullable): the sizes of the dimensions
 * @n_dims: the number of dimensions
 * @dtype: a floating-point element type
 * @device: (nullable): the device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * Values drawn uniformly from [0, 1) by the default generator (torch.rand;
 * the same values as torch for the same seed on the CPU).
 *
 * Returns: (transfer full): the tensor, or %NULL with
 *   %GT_ERROR_DTYPE for a dtype that is not floating-point
 *
 * Since: 0.1
 */
GtTensor *
gt_rand (const gint64  *shape,
         gsize          n_dims,
         GtDType        dtype,
         GtDevice      *device,
         GError       **error)
{
  return create_random ("gt_rand", shape, n_dims, dtype, device, FALSE, error);
}

/**
 * gt_randn:
 * @shape: (array length=n_dims) (nullable): the sizes of the dimensions
 * @n_dims: the number of dimensions
 * @dtype: a floating-point element type
 * @device: (nullable): the device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * Values drawn from the standard normal distribution (torch.randn; the
 * same values as torch for the same seed on the CPU).
 *
 * Returns: (transfer full): the tensor, or %NULL with
 *   %GT_ERROR_DTYPE for a dtype that is not floating-point
 *
 * Since: 0.1
 */
GtTensor *
gt_randn (const gint64  *shape,
          gsize          n_dims,
          GtDType        dtype,
          GtDevice      *device,
          GError       **error)
{
  return create_random ("gt_randn", shape, n_dims, dtype, device, TRUE, error);
}

/* torch's check of randint's bounds against the dtype's range. */
static gboolean
check_int_bounds (const char  *func,
                  gint64       low,
                  gint64       high,
                  GtDType      dtype,
                  GError     **error)
{
  gint64 lo = G_MININT64, hi = G_MAXINT64;

  if (low >= high)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: expects low < high, but got low=%" G_GINT64_FORMAT
                   " >= high=%" G_GINT64_FORMAT, func, low, high);
      return FALSE;
    }
  switch (dtype)
    {
    case GT_DTYPE_BOOL: lo = 0; hi = 1; break;
    case GT_DTYPE_UINT8: lo = 0; hi = G_MAXUINT8; break;
    case GT_DTYPE_INT8: lo = G_MININT8; hi = G_MAXINT8; break;
    case GT_DTYPE_INT16: lo = G_MININT16; hi = G_MAXINT16; break;
    case GT_DTYPE_INT32: lo = G_MININT32; hi = G_MAXINT32; break;
    /* Floats: torch only warns beyond the mantissa (the values are then
     * rounded); it refuses what exceeds the largest finite value, which
     * only float16 can reach from int64 bounds. */
    case GT_DTYPE_FLOAT16: lo = -65504; hi = 65504; break;
    default: break;
    }
  if (low < lo || high - 1 > hi)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: range [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") "
                   "does not fit dtype %s, whose values go from %"
                   G_GINT64_FORMAT " to %" G_GINT64_FORMAT, func, low, high,
                   gt_dtype_get_name (dtype), lo, hi);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fill_int (const char *func, GtTensor *t, gint64 low, gint64 high, GError **error)
{
  const GtBackend *backend = gt_tensor_backend (t);

  if (!check_int_bounds (func, low, high, t->dtype, error))
    return FALSE;
  if (t->numel == 0)
    return TRUE;
  if (backend->random_int == NULL)
    return gt_backend_not_supported (func, backend, error);
  return backend->random_int (t, low, high, error);
}

/**
 * gt_randint:
 * @low: the lowest value
 * @high: one above the highest value
 * @shape: (array length=n_dims) (nullable): the sizes of the dimensions
 * @n_dims: the number of dimensions
 * @dtype: the element type (torch's default is int64)
 * @device: (nullable): the device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * Integers drawn uniformly from [@low, @high) (torch.randint; the same
 * values as torch for the same seed on the CPU).
 *
 * Returns: (transfer full): the tensor, or %NULL with
 *   %GT_ERROR_VALUE if @low >= @high or the range does not fit @dtype
 *
 * Since: 0.1
 */
GtTensor *
gt_randint (gint64         low,
            gint64         high,
            const gint64  *shape,
            gsize          n_dims,
            GtDType        dtype,
            GtDevice      *device,
            GError       **error)
{
  const char *func = "gt_randint";
  g_autoptr(GtTensor) t = NULL;
  GtDevice resolved;

  if (!gt_shape_check (func, shape, n_dims, dtype, NULL, error) ||
      !check_int_bounds (func, low, high, dtype, error) ||
      !gt_device_resolve (func, device, &resolved, error))
    return NULL;
  t = gt_tensor_new_empty (shape, (guint) n_dims, dtype, &resolved, error);
  if (t == NULL || !fill_int (func, t, low, high, error))
    return NULL;
  return g_steal_pointer (&t);
}

static GtTensor *
empty_like (const char *func, GtTensor *input, GError **error)
{
  if (!GT_IS_TENSOR (input))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: input is not a tensor", func);
      return NULL;
    }
  return gt_empty_like (input, error);
}

/**
 * gt_rand_like:
 * @input: a floating-point #GtTensor
 * @error: return location for a #GError
 *
 * Uniform [0, 1) values with @input's shape, dtype and device.
 *
 * Returns: (transfer full): the tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_rand_like (GtTensor  *input,
              GError   **error)
{
  const char *func = "gt_rand_like";
  g_autoptr(GtTensor) t = NULL;

  if (GT_IS_TENSOR (input) && !check_floating (func, input->dtype, error))
    return NULL;
  t = empty_like (func, input, error);
  if (t == NULL || !fill_uniform (func, t, 0.0, 1.0, error))
    return NULL;
  return g_steal_pointer (&t);
}

/**
 * gt_randn_like:
 * @input: a floating-point #GtTensor
 * @error: return location for a #GError
 *
 * Standard normal values with @input's shape, dtype and device.
 *
 * Returns: (transfer full): the tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_randn_like (GtTensor  *input,
               GError   **error)
{
  const char *func = "gt_randn_like";
  g_autoptr(GtTensor) t = NULL;

  if (GT_IS_TENSOR (input) && !check_floating (func, input->dtype, error))
    return NULL;
  t = empty_like (func, input, error);
  if (t == NULL || !fill_normal (func, t, 0.0, 1.0, error))
    return NULL;
  return g_steal_pointer (&t);
}

/**
 * gt_randint_like:
 * @input: a #GtTensor
 * @low: the lowest value
 * @high: one above the highest value
 * @error: return location for a #GError
 *
 * Integers from [@low, @high) with @input's shape, dtype and device.
 *
 * Returns: (transfer full): the tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_randint_like (GtTensor  *input,
                 gint64     low,
                 gint64     high,
                 GError   **error)
{
  g_autoptr(GtTensor) t = empty_like ("gt_randint_like", input, error);

  if (t == NULL || !fill_int ("gt_randint_like", t, low, high, error))
    return NULL;
  return g_steal_pointer (&t);
}

/**
 * gt_tensor_uniform_:
 * @self: a floating-point #GtTensor
 * @from: the lower bound
 * @to: the upper bound, not included
 * @error: return location for a #GError
 *
 * Fills @self with values drawn uniformly from [@from, @to) (torch's
 * `uniform_`).
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_VALUE if @from > @to
 *   or a bound is not finite, %GT_ERROR_DTYPE for a non-float tensor
 *
 * Since: 0.1
 */
gboolean
gt_tensor_uniform_ (GtTensor  *self,
                    gdouble    from,
                    gdouble    to,
                    GError   **error)
{
  const char *func = "gt_tensor_uniform_";

  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  if (!check_floating (func, self->dtype, error))
    return FALSE;
  if (!isfinite (from) || !isfinite (to) || from > to)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: expects from <= to with finite bounds, but got from=%g "
                   "and to=%g", func, from, to);
      return FALSE;
    }
  return check_writable (func, self, error) &&
         fill_uniform (func, self, from, to, error);
}

/**
 * gt_tensor_normal_:
 * @self: a floating-point #GtTensor
 * @mean: the mean
 * @std: the standard deviation, at least 0
 * @error: return location for a #GError
 *
 * Fills @self with values from the normal distribution N(@mean, @std²)
 * (torch's `normal_`).
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_VALUE for a negative or
 *   NaN @std, %GT_ERROR_DTYPE for a non-float tensor
 *
 * Since: 0.1
 */
gboolean
gt_tensor_normal_ (GtTensor  *self,
                   gdouble    mean,
                   gdouble    std,
                   GError   **error)
{
  const char *func = "gt_tensor_normal_";

  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  if (!check_floating (func, self->dtype, error))
    return FALSE;
  if (!(std >= 0.0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: expects std >= 0.0, but found std %g", func, std);
      return FALSE;
    }
  return check_writable (func, self, error) &&
         fill_normal (func, self, mean, std, error);
}
