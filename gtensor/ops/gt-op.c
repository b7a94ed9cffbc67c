#include "config.h"

#include <string.h>

#include "gt-creation.h"
#include "gt-device-private.h"
#include "gt-error.h"
#include "gt-op-private.h"

enum { HAS_DIM = 1, HAS_ZERO = 2, HAS_WRAPPED = 4 };

void
gt_result_type_init (GtResultType *rt)
{
  memset (rt, 0, sizeof *rt);
}

static void
accumulate (GtDType *slot,
            guint   *has,
            guint    bit,
            GtDType  dtype)
{
  *slot = (*has & bit) ? gt_dtype_promote_types (*slot, dtype) : dtype;
  *has |= bit;
}

void
gt_result_type_add_tensor (GtResultType *rt,
                           GtTensor     *t)
{
  if (t->ndim > 0)
    accumulate (&rt->dim_result, &rt->has, HAS_DIM, t->dtype);
  else
    accumulate (&rt->zero_result, &rt->has, HAS_ZERO, t->dtype);
}

void
gt_result_type_add_scalar (GtResultType *rt,
                           GtDType       kind)
{
  accumulate (&rt->wrapped_result, &rt->has, HAS_WRAPPED, kind);
}

static int
category (GtDType dtype)
{
  if (dtype == GT_DTYPE_BOOL)
    return 0;
  return gt_dtype_is_floating_point (dtype) ? 2 : 1;
}

/* torch's combine_categories: the higher-ranked result wins unless the
 * lower-ranked one is of a higher category. */
static gboolean
combine (GtDType  higher,
         gboolean has_higher,
         GtDType  lower,
         gboolean has_lower,
         GtDType *out)
{
  if (!has_higher)
    {
      *out = lower;
      return has_lower;
    }
  if (!has_lower || category (higher) >= category (lower))
    *out = higher;
  else
    *out = gt_dtype_promote_types (higher, lower);
  return TRUE;
}

GtDType
gt_result_type_get (const GtResultType *rt)
{
  GtDType lower, result;
  gboolean has_lower;

  has_lower = combine (rt->zero_result, rt->has & HAS_ZERO,
                       rt->wrapped_result, rt->has & HAS_WRAPPED, &lower);
  if (!combine (rt->dim_result, rt->has & HAS_DIM, lower, has_lower, &result))
    return GT_DTYPE_FLOAT32;
  return result;
}

GtDType
gt_result_type (GtTensor *a,
                GtTensor *b)
{
  GtResultType rt;

  gt_result_type_init (&rt);
  gt_result_type_add_tensor (&rt, a);
  gt_result_type_add_tensor (&rt, b);
  return gt_result_type_get (&rt);
}

GtDType
gt_result_type_with_float (GtTensor *a)
{
  GtResultType rt;

  gt_result_type_init (&rt);
  gt_result_type_add_tensor (&rt, a);
  gt_result_type_add_scalar (&rt, GT_DTYPE_FLOAT32);
  return gt_result_type_get (&rt);
}

gboolean
gt_can_cast (GtDType from,
             GtDType to)
{
  if (gt_dtype_is_floating_point (from) && !gt_dtype_is_floating_point (to))
    return FALSE;
  if (from != GT_DTYPE_BOOL && to == GT_DTYPE_BOOL)
    return FALSE;
  return TRUE;
}

const GtDevice *
gt_op_device (GtTensor **tensors,
              guint      n)
{
  for (guint i = 0; i < n; i++)
    if (gt_tensor_device (tensors[i])->type != GT_DEVICE_TYPE_CPU)
      return gt_tensor_device (tensors[i]);
  return gt_tensor_device (tensors[0]);
}

gboolean
gt_op_check_devices (const char  *func,
                     GtTensor   **tensors,
                     guint        n,
                     GError     **error)
{
  const GtDevice *common = gt_op_device (tensors, n);

  for (guint i = 0; i < n; i++)
    {
      const GtDevice *d = gt_tensor_device (tensors[i]);

      if (gt_device_same (d, common))
        continue;
      /* A CPU scalar tensor is allowed to join, as torch allows. */
      if (d->type == GT_DEVICE_TYPE_CPU && tensors[i]->ndim == 0)
        continue;
      {
        g_autofree char *a = gt_device_to_string (common);
        g_autofree char *b = gt_device_to_string (d);
        g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                     "%s: expected all tensors to be on the same device, but "
                     "found at least two devices, %s and %s", func, a, b);
        return FALSE;
      }
    }
  return TRUE;
}

gboolean
gt_op_broadcast_inputs (const char      *func,
                        GtTensor       **inputs,
                        guint            n,
                        GtDType          dtype,
                        const GtDevice  *device,
                        gint64          *shape,
                        guint           *ndim,
                        GtTensor       **prepared,
                        GError         **error)
{
  guint nd = 0;

  /* The broadcast shape of all inputs. */
  for (guint i = 0; i < n; i++)
    {
      gint64 tmp[GT_MAX_DIMS];
      guint tmp_nd;

      if (!gt_broadcast_shapes (func, shape, nd, inputs[i]->sizes,
                                inputs[i]->ndim, tmp, &tmp_nd, error))
        return FALSE;
      memcpy (shape, tmp, tmp_nd * sizeof (gint64));
      nd = tmp_nd;
    }

  for (guint i = 0; i < n; i++)
    prepared[i] = NULL;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtTensor) converted = NULL;
      GtTensor *t = inputs[i];

      if (t->dtype != dtype || !gt_device_same (gt_tensor_device (t), device))
        {
          converted = gt_tensor_new_empty (t->sizes, t->ndim, dtype, device, error);
          if (converted == NULL || !gt_tensor_copy_ (converted, t, error))
            {
              for (guint j = 0; j < i; j++)
                g_clear_object (&prepared[j]);
              return FALSE;
            }
          t = converted;
        }
      /* An input that already has the shape is used as it is: no view
       * object to create and destroy on the small-op path. */
      if (t->ndim == nd && memcmp (t->sizes, shape, nd * sizeof (gint64)) == 0)
        prepared[i] = g_object_ref (t);
      else
        prepared[i] = gt_tensor_expand_view (t, shape, nd);
    }
  *ndim = nd;
  return TRUE;
}

GtTensor *
gt_op_scalar (gdouble          value,
              GtDType          dtype,
              const GtDevice  *device,
              GError         **error)
{
  g_autoptr(GtTensor) t = gt_tensor_new_empty (NULL, 0, dtype, device, error);

  if (t == NULL || !gt_tensor_backend (t)->fill (t, value, error))
    return NULL;
  return g_steal_pointer (&t);
}

char *
gt_tensor_describe (GtTensor *t)
{
  g_autofree char *s = gt_shape_to_string (t->sizes, t->ndim);

  return g_strdup_printf ("%s %s", s, gt_dtype_get_name (t->dtype));
}

gboolean
gt_op_prepare_inplace (const char   *func,
                       GtTensor     *self,
                       GtDType       result_dtype,
                       const gint64 *shape,
                       guint         ndim,
                       GError      **error)
{
  if (!gt_can_cast (result_dtype, self->dtype))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: result type %s can't be cast to the desired output "
                   "type %s", func, gt_dtype_get_name (result_dtype),
                   gt_dtype_get_name (self->dtype));
      return FALSE;
    }
  if (ndim != self->ndim || memcmp (shape, self->sizes, ndim * sizeof (gint64)) != 0)
    {
      g_autofree char *s = gt_shape_to_string (shape, ndim);
      g_autofree char *d = gt_shape_to_string (self->sizes, self->ndim);
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: output with shape %s doesn't match the broadcast "
                   "shape %s", func, d, s);
      return FALSE;
    }
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

gboolean
gt_op_check_tensor (const char  *func,
                    const char  *name,
                    GtTensor    *t,
                    GError     **error)
{
  if (GT_IS_TENSOR (t))
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: %s is not a tensor",
               func, name);
  return FALSE;
}
