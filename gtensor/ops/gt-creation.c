#include "config.h"

#include <math.h>

#include "gt-creation.h"
#include "gt-device-private.h"
#include "gt-error.h"
#include "gt-tensor-private.h"

/* Checks and allocates: the shared first half of every creation function. */
static GtTensor *
create (const char    *func,
        const gint64  *shape,
        gsize          n_dims,
        GtDType        dtype,
        GtDevice      *device,
        GError       **error)
{
  GtDevice resolved;
  GtTensor *t;

  if (!gt_shape_check (func, shape, n_dims, dtype, NULL, error) ||
      !gt_device_resolve (func, device, &resolved, error))
    return NULL;
  t = gt_tensor_new_empty (shape, (guint) n_dims, dtype, &resolved, error);
  if (t == NULL)
    g_prefix_error (error, "%s: ", func);
  return t;
}

/* torch refuses a fill value the dtype cannot hold ("value cannot be
 * converted to type uint8_t without overflow"); fractions truncate. */
static gboolean
check_value_fits (const char  *func,
                  gdouble      value,
                  GtDType      dtype,
                  GError     **error)
{
  gdouble lo, hi;

  switch (dtype)
    {
    case GT_DTYPE_BOOL:
      return TRUE;
    case GT_DTYPE_FLOAT64:
      return TRUE;
    case GT_DTYPE_FLOAT32: lo = -G_MAXFLOAT; hi = G_MAXFLOAT; break;
    case GT_DTYPE_FLOAT16: lo = -65504.0; hi = 65504.0; break;
    case GT_DTYPE_BFLOAT16: lo = -3.3895313892515355e38; hi = 3.3895313892515355e38; break;
    case GT_DTYPE_INT8: lo = G_MININT8; hi = G_MAXINT8; break;
    case GT_DTYPE_UINT8: lo = 0; hi = G_MAXUINT8; break;
    case GT_DTYPE_INT16: lo = G_MININT16; hi = G_MAXINT16; break;
    case GT_DTYPE_INT32: lo = G_MININT32; hi = G_MAXINT32; break;
    default: lo = -9223372036854775808.0; hi = 9223372036854775807.0; break;
    }
  /* Infinities and NaN are values of the float types, never of integers. */
  if (gt_dtype_is_floating_point (dtype) && !isfinite (value))
    return TRUE;
  if (value >= lo && value <= hi)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
               "%s: value %g cannot be converted to type %s without overflow",
               func, value, gt_dtype_get_name (dtype));
  return FALSE;
}

static GtTensor *
create_filled (const char    *func,
               const gint64  *shape,
               gsize          n_dims,
               gdouble        value,
               GtDType        dtype,
               GtDevice      *device,
               GError       **error)
{
  g_autoptr(GtTensor) t = NULL;

  if (gt_dtype_is_valid (dtype) && !check_value_fits (func, value, dtype, error))
    return NULL;
  t = create (func, shape, n_dims, dtype, device, error);
  if (t == NULL || (t->numel > 0 && !gt_tensor_backend (t)->fill (t, value, error)))
    return NULL;
  return g_steal_pointer (&t);
}

/**
 * gt_empty:
 * @shape: (array length=n_dims) (nullable): the sizes of the dimensions
 * @n_dims: the number of dimensions
 * @dtype: the element type
 * @device: (nullable): the device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * A tensor whose elements are not initialised (torch.empty).
 *
 * Returns: (transfer full): the tensor, or %NULL with
 *   %GT_ERROR_SHAPE for a negative or too large shape, %GT_ERROR_DTYPE for
 *   an unknown dtype, %GT_ERROR_OUT_OF_MEMORY if it does not fit
 *
 * Since: 0.1
 */
GtTensor *
gt_empty (const gint64  *shape,
          gsize          n_dims,
          GtDType        dtype,
          GtDevice      *device,
          GError       **error)
{
  return create ("gt_empty", shape, n_dims, dtype, device, error);
}

/**
 * gt_zeros:
 * @shape: (array length=n_dims) (nullable): the sizes of the dimensions
 * @n_dims: the number of dimensions
 * @dtype: the element type
 * @device: (nullable): the device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * A tensor filled with zeros (torch.zeros).
 *
 * Returns: (transfer full): the tensor, or %NULL on error
 *
 * Since: 0.1
 */
GtTensor *
gt_zeros (const gint64  *shape,
          gsize          n_dims,
          GtDType        dtype,
          GtDevice      *device,
          GError       **error)
{
  return create_filled ("gt_zeros", shape, n_dims, 0.0, dtype, device, error);
}

/**
 * gt_ones:
 * @shape: (array length=n_dims) (nullable): the sizes of the dimensions
 * @n_dims: the number of dimensions
 * @dtype: the element type
 * @device: (nullable): the device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * A tensor filled with ones (torch.ones).
 *
 * Returns: (transfer full): the tensor, or %NULL on error
 *
 * Since: 0.1
 */
GtTensor *
gt_ones (const gint64  *shape,
         gsize          n_dims,
         GtDType        dtype,
         GtDevice      *device,
         GError       **error)
{
  return create_filled ("gt_ones", shape, n_dims, 1.0, dtype, device, error);
}

/**
 * gt_full:
 * @shape: (array length=n_dims) (nullable): the sizes of the dimensions
 * @n_dims: the number of dimensions
 * @fill_value: the value of every element, converted to @dtype
 * @dtype: the element type
 * @device: (nullable): the device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * A tensor filled with @fill_value (torch.full).
 *
 * Returns: (transfer full): the tensor, or %NULL on error
 *
 * Since: 0.1
 */
GtTensor *
gt_full (const gint64  *shape,
         gsize          n_dims,
         gdouble        fill_value,
         GtDType        dtype,
         GtDevice      *device,
         GError       **error)
{
  return create_filled ("gt_full", shape, n_dims, fill_value, dtype, device, error);
}

/* The CPU computes ranges directly; other backends may not have the kernel,
 * in which case the values are made on the host and copied over. */
static GtTensor *
create_range (const char  *func,
              gint64       n,
              gdouble      a,
              gdouble      b,
              gboolean     is_linspace,
              GtDType      dtype,
              GtDevice    *device,
              GError     **error)
{
  g_autoptr(GtTensor) t = create (func, &n, 1, dtype, device, error);
  g_autoptr(GtTensor) host = NULL;
  const GtBackend *backend;
  gboolean (*kernel) (GtTensor *, gdouble, gdouble, GError **);

  if (t == NULL || n == 0)
    return g_steal_pointer (&t);

  backend = gt_tensor_backend (t);
  kernel = is_linspace ? backend->linspace : backend->arange;
  if (kernel != NULL)
    return kernel (t, a, b, error) ? g_steal_pointer (&t) : NULL;

  host = gt_tensor_new_empty (&n, 1, dtype, NULL, error);
  if (host == NULL)
    return NULL;
  kernel = is_linspace ? gt_cpu_backend_get ()->linspace
                       : gt_cpu_backend_get ()->arange;
  if (!kernel (host, a, b, error) || !gt_tensor_copy_ (t, host, error))
    return NULL;
  return g_steal_pointer (&t);
}

/**
 * gt_arange:
 * @start: the first value
 * @end: the end of the range, not included
 * @step: the difference between neighbours; may be negative, not zero
 * @dtype: the element type
 * @device: (nullable): the device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * The values start, start + step, ... up to but excluding @end
 * (torch.arange). The length is ceil((end - start) / step); the values are
 * computed as start + i * step in double precision.
 *
 * Returns: (transfer full): a 1-D tensor, or %NULL with
 *   %GT_ERROR_VALUE for a zero or NaN step, non-finite bounds, or a step
 *   whose sign points away from @end
 *
 * Since: 0.1
 */
GtTensor *
gt_arange (gdouble    start,
           gdouble    end,
           gdouble    step,
           GtDType    dtype,
           GtDevice  *device,
           GError   **error)
{
  const char *func = "gt_arange";
  gdouble size_d;

  if (!isfinite (start) || !isfinite (end))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: unsupported range: %g -> %g (bounds must be finite)",
                   func, start, end);
      return NULL;
    }
  if (step == 0.0 || isnan (step))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: step must be nonzero and not NaN, got %g", func, step);
      return NULL;
    }
  if ((step > 0 && end < start) || (step < 0 && end > start))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: upper bound and larger bound inconsistent with step "
                   "sign (start %g, end %g, step %g)", func, start, end, step);
      return NULL;
    }

  /* For integer dtypes torch computes from truncated bounds and step, and
   * for int64 the length as well. */
  if (gt_dtype_is_valid (dtype) && !gt_dtype_is_floating_point (dtype))
    {
      gdouble istart = trunc (start), iend = trunc (end), istep = trunc (step);

      if (istep == 0.0)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: step %g is zero when converted to %s", func, step,
                       gt_dtype_get_name (dtype));
          return NULL;
        }
      size_d = dtype == GT_DTYPE_INT64 ? ceil ((iend - istart) / istep)
                                        : ceil ((end - start) / step);
      start = istart;
      step = istep;
    }
  else
    size_d = ceil ((end - start) / step);
  if (!(size_d >= 0 && size_d < 9.2e18))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: range %g -> %g with step %g has too many elements",
                   func, start, end, step);
      return NULL;
    }
  return create_range (func, (gint64) size_d, start, step, FALSE, dtype,
                       device, error);
}

/**
 * gt_linspace:
 * @start: the first value
 * @end: the last value
 * @steps: the number of values, at least 0
 * @dtype: the element type
 * @device: (nullable): the device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * @steps evenly spaced values from @start to @end inclusive
 * (torch.linspace); one step gives just @start.
 *
 * Returns: (transfer full): a 1-D tensor, or %NULL with
 *   %GT_ERROR_VALUE for a negative @steps
 *
 * Since: 0.1
 */
GtTensor *
gt_linspace (gdouble    start,
             gdouble    end,
             gint64     steps,
             GtDType    dtype,
             GtDevice  *device,
             GError   **error)
{
  if (steps < 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_linspace: number of steps must be non-negative, got %"
                   G_GINT64_FORMAT, steps);
      return NULL;
    }
  return create_range ("gt_linspace", steps, start, end, TRUE, dtype, device,
                       error);
}

/**
 * gt_eye:
 * @n: the number of rows
 * @m: the number of columns
 * @dtype: the element type
 * @device: (nullable): the device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * A 2-D tensor with ones on the diagonal and zeros elsewhere (torch.eye;
 * pass @n twice for a square matrix).
 *
 * Returns: (transfer full): the tensor, or %NULL with
 *   %GT_ERROR_SHAPE for a negative @n or @m
 *
 * Since: 0.1
 */
GtTensor *
gt_eye (gint64     n,
        gint64     m,
        GtDType    dtype,
        GtDevice  *device,
        GError   **error)
{
  gint64 shape[2] = { n, m };
  g_autoptr(GtTensor) t = create_filled ("gt_eye", shape, 2, 0.0, dtype, device,
                                         error);
  g_autoptr(GtTensor) diagonal = NULL;
  gint64 k = MIN (n, m), stride;

  if (t == NULL || k == 0)
    return g_steal_pointer (&t);
  /* only now: m + 1 overflows for a refused m of G_MAXINT64 */
  stride = m + 1;

  /* The diagonal is a strided view; filling it writes the ones. */
  diagonal = gt_tensor_new_view (t, 1, &k, &stride, 0);
  if (!gt_tensor_backend (t)->fill (diagonal, 1.0, error))
    return NULL;
  return g_steal_pointer (&t);
}

static gboolean
check_like (const char  *func,
            GtTensor    *input,
            GError     **error)
{
  if (GT_IS_TENSOR (input))
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: input is not a tensor", func);
  return FALSE;
}

static GtTensor *
full_like (const char  *func,
           GtTensor    *input,
           gdouble      fill_value,
           GError     **error)
{
  g_autoptr(GtTensor) t = NULL;

  if (!check_like (func, input, error) ||
      !check_value_fits (func, fill_value, input->dtype, error))
    return NULL;
  t = gt_tensor_new_empty (input->sizes, input->ndim, input->dtype,
                           gt_tensor_device (input), error);
  if (t == NULL)
    {
      g_prefix_error (error, "%s: ", func);
      return NULL;
    }
  if (t->numel > 0 && !gt_tensor_backend (t)->fill (t, fill_value, error))
    return NULL;
  return g_steal_pointer (&t);
}

/**
 * gt_empty_like:
 * @input: a #GtTensor
 * @error: return location for a #GError
 *
 * An uninitialised contiguous tensor with @input's shape, dtype and device.
 *
 * Returns: (transfer full): the tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_empty_like (GtTensor  *input,
               GError   **error)
{
  GtTensor *t;

  if (!check_like ("gt_empty_like", input, error))
    return NULL;
  t = gt_tensor_new_empty (input->sizes, input->ndim, input->dtype,
                           gt_tensor_device (input), error);
  if (t == NULL)
    g_prefix_error (error, "gt_empty_like: ");
  return t;
}

/**
 * gt_zeros_like:
 * @input: a #GtTensor
 * @error: return location for a #GError
 *
 * Zeros with @input's shape, dtype and device (torch.zeros_like).
 *
 * Returns: (transfer full): the tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_zeros_like (GtTensor  *input,
               GError   **error)
{
  return full_like ("gt_zeros_like", input, 0.0, error);
}

/**
 * gt_ones_like:
 * @input: a #GtTensor
 * @error: return location for a #GError
 *
 * Ones with @input's shape, dtype and device (torch.ones_like).
 *
 * Returns: (transfer full): the tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_ones_like (GtTensor  *input,
              GError   **error)
{
  return full_like ("gt_ones_like", input, 1.0, error);
}

/**
 * gt_full_like:
 * @input: a #GtTensor
 * @fill_value: the value of every element
 * @error: return location for a #GError
 *
 * @fill_value everywhere, with @input's shape, dtype and device
 * (torch.full_like).
 *
 * Returns: (transfer full): the tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_full_like (GtTensor  *input,
              gdouble    fill_value,
              GError   **error)
{
  return full_like ("gt_full_like", input, fill_value, error);
}
