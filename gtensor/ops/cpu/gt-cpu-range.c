#include "config.h"

#include <math.h>

#include "gt-cpu-backend-private.h"
#include "gt-cpu-convert-private.h"

/* dst is contiguous and freshly allocated by the creation functions. */

gboolean
gt_cpu_arange (GtTensor  *dst,
               gdouble    start,
               gdouble    step,
               GError   **error)
{
  guint8 *data = gt_tensor_data (dst);
  gsize esize = gt_dtype_get_element_size (dst->dtype);
  GtDType dtype = dst->dtype;
  gint64 n = dst->numel;

  /* torch computes start + step * i in double for every dtype on the CPU. */
#pragma omp parallel for if (n > 65536)
  for (gint64 i = 0; i < n; i++)
    gt_cpu_store_double (data + i * esize, dtype, start + step * (gdouble) i);
  return TRUE;
}

gboolean
gt_cpu_linspace (GtTensor  *dst,
                 gdouble    start,
                 gdouble    end,
                 GError   **error)
{
  guint8 *data = gt_tensor_data (dst);
  gsize esize = gt_dtype_get_element_size (dst->dtype);
  GtDType dtype = dst->dtype;
  gint64 steps = dst->numel;
  gint64 halfway = steps / 2;

  if (steps == 1)
    {
      gt_cpu_store_double (data, dtype, start);
      return TRUE;
    }

  /* torch walks from both ends toward the middle so that the last value is
   * exactly @end, in the dtype's own precision for float32 (and for the
   * 16-bit floats, approximated in float32 here). */
  if (dtype == GT_DTYPE_FLOAT64 || !gt_dtype_is_floating_point (dtype))
    {
      gdouble step;

      /* For integer dtypes torch converts the ends to the dtype first. */
      if (dtype != GT_DTYPE_FLOAT64)
        {
          start = trunc (start);
          end = trunc (end);
        }
      step = (end - start) / (gdouble) (steps - 1);
      for (gint64 i = 0; i < steps; i++)
        gt_cpu_store_double (data + i * esize, dtype,
                             i < halfway ? start + step * (gdouble) i
                                         : end - step * (gdouble) (steps - i - 1));
    }
  else
    {
      gfloat fs = (gfloat) start, fe = (gfloat) end;
      gfloat step = (fe - fs) / (gfloat) (steps - 1);
      for (gint64 i = 0; i < steps; i++)
        {
          gfloat v = i < halfway ? fs + step * (gfloat) i
                                 : fe - step * (gfloat) (steps - i - 1);
          gt_cpu_store_double (data + i * esize, dtype, v);
        }
    }
  return TRUE;
}
