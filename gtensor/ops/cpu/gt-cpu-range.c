#include "config.h"

#include <math.h>

#include "gt-cpu-backend-private.h"
#include "gt-cpu-convert-private.h"

/* dst is contiguous and freshly allocated by the creation functions. */

/* The 16-bit float types compute every operation in the type itself: each
 * result is rounded back to 16 bits, as c10::Half and c10::BFloat16 do. */
static inline gfloat
round16 (GtDType dtype, gfloat x)
{
  if (dtype == GT_DTYPE_FLOAT16)
    return gt_half_to_float (gt_float_to_half (x));
  return gt_bfloat16_to_float (gt_float_to_bfloat16 (x));
}

/* torch's CPU kernel (compiled for AVX2, where a*b+c contracts to fma)
 * fills blocks of two vectors (8 float32 or 4 float64 lanes each) with
 * Vectorized::arange: each vector starts at base = fma (step, c, start),
 * rounded to the element type, and lane k holds fma (k, step, base); the
 * tail after the last whole block takes fma (step, i, start). Matching it
 * makes gt_arange bit-identical to torch.arange. Integer dtypes compute in
 * int64 from truncated bounds (the op layer truncates them). */
static inline gdouble
arange_value (GtDType dtype, gdouble start, gdouble step, gint64 i, gint64 n)
{
  gint64 lanes = dtype == GT_DTYPE_FLOAT64 ? 4 : dtype == GT_DTYPE_FLOAT32 ? 8 : 16;
  gint64 block_end = (i / (2 * lanes) + 1) * 2 * lanes;
  gint64 c = i - i % lanes;
  gdouble base;

  if (dtype != GT_DTYPE_FLOAT64 && dtype != GT_DTYPE_FLOAT32)
    {
      /* The 16-bit types accumulate in float (their acc_type), from a
       * vector base rounded to the type. */
      gfloat fs = (gfloat) start, fst = (gfloat) step;

      if (block_end > n)
        return fmaf (fst, (gfloat) i, fs);
      return round16 (dtype, fmaf (fst, (gfloat) c, fs)) + (gfloat) (i - c) * fst;
    }
  if (block_end > n)
    return fma (step, (gdouble) i, start);
  base = fma (step, (gdouble) c, start);
  if (dtype == GT_DTYPE_FLOAT32)
    base = (gfloat) base;
  return fma ((gdouble) (i - c), step, base);
}

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

  if (!gt_dtype_is_floating_point (dtype))
    {
      /* Exact in int64 for every length. */
      gint64 s = (gint64) start, st = (gint64) step;
#pragma omp parallel for if (n > 65536)
      for (gint64 i = 0; i < n; i++)
        gt_cpu_store_int64 (data + i * esize, dtype, s + st * i);
      return TRUE;
    }

#pragma omp parallel for if (n > 65536)
  for (gint64 i = 0; i < n; i++)
    gt_cpu_store_double (data + i * esize, dtype, arange_value (dtype, start, step, i, n));
  return TRUE;
}

/* torch's linspace kernel walks from both ends toward the middle, so that
 * the last value is exactly @end, in the dtype's own precision (double for
 * the step of integer dtypes). Whole blocks of two vectors go through
 * Vectorized::arange: each vector's base is start + step * c (or
 * end - step * (steps - c - 1) past halfway), contracted to an fma, and
 * lane k adds k * step without one; the tail is scalar, with fma. For
 * integer dtypes the base is converted to the dtype before the lanes add to
 * it. Checked bit for bit against torch 1.13 on random ranges and lengths. */
static gint64
vector_lanes (GtDType dtype)
{
  return 32 / (gint64) gt_dtype_get_element_size (dtype);
}

static gdouble
linspace_f64 (gdouble start, gdouble end, gdouble step, gint64 steps, gint64 i,
              gint64 lanes, gboolean in_block)
{
  gint64 halfway = steps / 2, c = i - i % lanes;
  gdouble base;

  if (!in_block)
    return i < halfway ? fma (step, (gdouble) i, start)
                       : fma (-step, (gdouble) (steps - i - 1), end);
  base = c < halfway ? fma (step, (gdouble) c, start)
                     : fma (-step, (gdouble) (steps - c - 1), end);
  return base + (gdouble) (i - c) * step;
}

static gfloat
linspace_f32 (gfloat start, gfloat end, gfloat step, gint64 steps, gint64 i,
              gint64 lanes, gboolean in_block)
{
  gint64 halfway = steps / 2, c = i - i % lanes;
  gfloat base;

  if (!in_block)
    return i < halfway ? fmaf (step, (gfloat) i, start)
                       : fmaf (-step, (gfloat) (steps - i - 1), end);
  base = c < halfway ? fmaf (step, (gfloat) c, start)
                     : fmaf (-step, (gfloat) (steps - c - 1), end);
  return base + (gfloat) (i - c) * step;
}

static gfloat
linspace_f16 (GtDType dtype, gfloat start, gfloat end, gfloat step, gint64 steps,
              gint64 i, gint64 lanes, gboolean in_block)
{
  gint64 halfway = steps / 2, c = in_block ? i - i % lanes : i;
  gfloat base;

  base = c < halfway
    ? round16 (dtype, start + round16 (dtype, step * round16 (dtype, (gfloat) c)))
    : round16 (dtype, end - round16 (dtype, step * round16 (dtype, (gfloat) (steps - c - 1))));
  if (!in_block)
    return base;
  return round16 (dtype, base + round16 (dtype, round16 (dtype, (gfloat) (i - c)) * step));
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
  gint64 lanes = vector_lanes (dtype);
  gint64 blocks_end = steps - steps % (2 * lanes);
  gboolean floating = gt_dtype_is_floating_point (dtype);

  if (steps == 1)
    {
      gt_cpu_store_double (data, dtype, start);
      return TRUE;
    }

  if (dtype == GT_DTYPE_FLOAT64 || !floating)
    {
      gdouble step;

      /* For integer dtypes torch converts the ends to the dtype first; the
       * vectors start from a base already converted to the dtype. */
      if (!floating)
        {
          start = trunc (start);
          end = trunc (end);
        }
      step = (end - start) / (gdouble) (steps - 1);
      for (gint64 i = 0; i < steps; i++)
        {
          gdouble v;

          if (!floating && i < blocks_end)
            {
              gint64 c = i - i % lanes;
              gdouble base = trunc (linspace_f64 (start, end, step, steps, c, lanes, FALSE));
              v = base + (gdouble) (i - c) * step;
            }
          else
            v = linspace_f64 (start, end, step, steps, i, lanes, i < blocks_end);
          gt_cpu_store_double (data + i * esize, dtype, v);
        }
    }
  else if (dtype != GT_DTYPE_FLOAT32)
    {
      gfloat hs = round16 (dtype, (gfloat) start), he = round16 (dtype, (gfloat) end);
      gfloat step = round16 (dtype, round16 (dtype, he - hs) /
                                    round16 (dtype, (gfloat) (steps - 1)));

      for (gint64 i = 0; i < steps; i++)
        gt_cpu_store_double (data + i * esize, dtype,
                             linspace_f16 (dtype, hs, he, step, steps, i, lanes,
                                           i < blocks_end));
    }
  else
    {
      gfloat fs = (gfloat) start, fe = (gfloat) end;
      gfloat step = (fe - fs) / (gfloat) (steps - 1);

      for (gint64 i = 0; i < steps; i++)
        gt_cpu_store_double (data + i * esize, dtype,
                             linspace_f32 (fs, fe, step, steps, i, lanes,
                                           i < blocks_end));
    }
  return TRUE;
}
