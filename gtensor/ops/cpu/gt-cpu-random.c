#include "config.h"

#include <math.h>

#include "gt-cpu-backend-private.h"
#include "gt-cpu-convert-private.h"
#include "gt-cpu-iter.h"
#include "gt-rng-private.h"

/*
 * Random fills reproduce torch's CPU kernels draw for draw: the elements are
 * visited serially in memory order, float32 takes 24 bits of one 32-bit
 * draw, float64 53 bits of a 64-bit draw (two 32-bit ones), float16 11 bits
 * and bfloat16 8 bits. Serial by design: the sequence must not depend on
 * the thread count.
 */

static inline gdouble
uniform_unit (GtGenerator *gen,
              GtDType      dtype)
{
  switch (dtype)
    {
    case GT_DTYPE_FLOAT64:
      return (gt_generator_random64 (gen) & ((G_GUINT64_CONSTANT (1) << 53) - 1)) *
             (1.0 / (gdouble) (G_GUINT64_CONSTANT (1) << 53));
    case GT_DTYPE_FLOAT16:
      return (gfloat) (gt_generator_random (gen) & ((1u << 11) - 1)) * (1.0f / (1u << 11));
    case GT_DTYPE_BFLOAT16:
      return (gfloat) (gt_generator_random (gen) & ((1u << 8) - 1)) * (1.0f / (1u << 8));
    default:
      return (gfloat) (gt_generator_random (gen) & ((1u << 24) - 1)) * (1.0f / (1u << 24));
    }
}

/* x * (to - from) + from, in float for the 16-bit types. torch 1.13's CPU
 * kernel (built for AVX2, where the compiler contracts the expression into
 * a fused multiply-add) computes fma (x, to - from, from) in double for
 * float64 and float32 (dist_acctype<float> is double on the CPU, the bounds
 * first cast to float); fma() gives those roundings on every machine, so
 * nn's initialisers draw torch's exact values. */
static inline gdouble
uniform_value (GtGenerator *gen,
               GtDType      dtype,
               gdouble      from,
               gdouble      to)
{
  gdouble x = uniform_unit (gen, dtype);

  if (dtype == GT_DTYPE_FLOAT64)
    return fma (x, to - from, from);
  if (dtype == GT_DTYPE_FLOAT32)
    {
      gfloat f = (gfloat) from, t = (gfloat) to;

      return fma (x, (gdouble) (t - f), (gdouble) f);
    }
  /* torch first casts the bounds to the tensor's dtype. */
  {
    gfloat f = (gfloat) from, t = (gfloat) to;
    if (dtype == GT_DTYPE_FLOAT16)
      {
        f = gt_half_to_float (gt_float_to_half (f));
        t = gt_half_to_float (gt_float_to_half (t));
      }
    else if (dtype == GT_DTYPE_BFLOAT16)
      {
        f = gt_bfloat16_to_float (gt_float_to_bfloat16 (f));
        t = gt_bfloat16_to_float (gt_float_to_bfloat16 (t));
      }
    return (gfloat) x * (t - f) + f;
  }
}

typedef struct {
  GtGenerator *gen;
  GtDType      dtype;
  gdouble      a, b;
  gint64       low;
  guint64      range;
} RandomData;

static void
uniform_loop (guint8 **data, const gint64 *strides, gint64 n, gpointer user_data)
{
  RandomData *rd = user_data;

  for (gint64 i = 0; i < n; i++)
    gt_cpu_store_double (data[0] + i * strides[0], rd->dtype,
                         uniform_value (rd->gen, rd->dtype, rd->a, rd->b));
}

static void
run_serial (GtTensor  *dst,
            GtCpuLoop  loop,
            RandomData *rd)
{
  GtTensor *ops[1] = { dst };
  GtCpuIter iter;

  gt_cpu_iter_init (&iter, 1, ops);
  gt_generator_lock (rd->gen);
  gt_cpu_iter_for_range (&iter, 0, iter.numel, loop, rd);
  gt_generator_unlock (rd->gen);
}

gboolean
gt_cpu_random_uniform (GtTensor  *dst,
                       gdouble    from,
                       gdouble    to,
                       GError   **error)
{
  RandomData rd = { gt_generator_get_default (), dst->dtype, from, to, 0, 0 };

  run_serial (dst, uniform_loop, &rd);
  return TRUE;
}

/* ---- normal ------------------------------------------------------------------ */

static void
normal_serial_loop (guint8 **data, const gint64 *strides, gint64 n, gpointer user_data)
{
  RandomData *rd = user_data;

  for (gint64 i = 0; i < n; i++)
    gt_cpu_store_double (data[0] + i * strides[0], rd->dtype,
                         gt_generator_normal_double (rd->gen) * rd->b + rd->a);
}

/* torch's normal_fill_16: Box-Muller on 8 pairs of uniforms, the first
 * eight becoming cosines and the last eight sines. */
static void
normal_fill_16_float (gfloat *v, gfloat mean, gfloat std)
{
  for (int j = 0; j < 8; j++)
    {
      const gfloat u1 = 1.0f - v[j];
      const gfloat u2 = v[j + 8];
      const gfloat radius = sqrtf (-2.0f * logf (u1));
      const gfloat theta = (gfloat) (2.0 * G_PI * (gdouble) u2);
      v[j] = radius * cosf (theta) * std + mean;
      v[j + 8] = radius * sinf (theta) * std + mean;
    }
}

static void
normal_fill_16_double (gdouble *v, gdouble mean, gdouble std)
{
  for (int j = 0; j < 8; j++)
    {
      const gdouble u1 = 1.0 - v[j];
      const gdouble u2 = v[j + 8];
      const gdouble radius = sqrt (-2.0 * log (u1));
      const gdouble theta = 2.0 * G_PI * u2;
      v[j] = radius * cos (theta) * std + mean;
      v[j + 8] = radius * sin (theta) * std + mean;
    }
}

#define DEFINE_NORMAL_FILL(name, T, fill16, dtype_)                         \
  static void                                                               \
  name (GtGenerator *gen, T *data, gint64 size, T mean, T std)              \
  {                                                                         \
    for (gint64 i = 0; i < size; i++)                                       \
      data[i] = (T) uniform_value (gen, dtype_, 0.0, 1.0);                  \
    for (gint64 i = 0; i + 16 <= size; i += 16)                             \
      fill16 (data + i, mean, std);                                         \
    if (size % 16 != 0)                                                     \
      {                                                                     \
        /* Redraw the last 16 values and transform them again. */           \
        T *tail = data + size - 16;                                         \
        for (int i = 0; i < 16; i++)                                        \
          tail[i] = (T) uniform_value (gen, dtype_, 0.0, 1.0);              \
        fill16 (tail, mean, std);                                           \
      }                                                                     \
  }

DEFINE_NORMAL_FILL (normal_fill_float, gfloat, normal_fill_16_float, GT_DTYPE_FLOAT32)
DEFINE_NORMAL_FILL (normal_fill_double, gdouble, normal_fill_16_double, GT_DTYPE_FLOAT64)

gboolean
gt_cpu_random_normal (GtTensor  *dst,
                      gdouble    mean,
                      gdouble    std,
                      GError   **error)
{
  RandomData rd = { gt_generator_get_default (), dst->dtype, mean, std, 0, 0 };
  gboolean contiguous = gt_tensor_is_contiguous (dst);

  if (dst->numel >= 16 && contiguous &&
      (dst->dtype == GT_DTYPE_FLOAT32 || dst->dtype == GT_DTYPE_FLOAT64))
    {
      gt_generator_lock (rd.gen);
      if (dst->dtype == GT_DTYPE_FLOAT32)
        normal_fill_float (rd.gen, gt_tensor_data (dst), dst->numel,
                           (gfloat) mean, (gfloat) std);
      else
        normal_fill_double (rd.gen, gt_tensor_data (dst), dst->numel, mean, std);
      gt_generator_unlock (rd.gen);
      return TRUE;
    }
  if (dst->numel >= 16 && contiguous)
    {
      /* The 16-bit types: torch computes in the type itself; float32
       * arithmetic rounded once at the end is within one unit of it. */
      g_autofree gfloat *tmp = g_try_new (gfloat, dst->numel);
      guint8 *out = gt_tensor_data (dst);
      gsize esize = gt_dtype_get_element_size (dst->dtype);

      if (tmp == NULL)
        return gt_cpu_alloc_failed (dst->numel * sizeof (gfloat), error);
      gt_generator_lock (rd.gen);
      for (gint64 i = 0; i < dst->numel; i++)
        tmp[i] = (gfloat) uniform_value (rd.gen, dst->dtype, 0.0, 1.0);
      gt_generator_unlock (rd.gen);
      for (gint64 i = 0; i + 16 <= dst->numel; i += 16)
        normal_fill_16_float (tmp + i, (gfloat) mean, (gfloat) std);
      if (dst->numel % 16 != 0)
        {
          gfloat *tail = tmp + dst->numel - 16;
          gt_generator_lock (rd.gen);
          for (int i = 0; i < 16; i++)
            tail[i] = (gfloat) uniform_value (rd.gen, dst->dtype, 0.0, 1.0);
          gt_generator_unlock (rd.gen);
          normal_fill_16_float (tail, (gfloat) mean, (gfloat) std);
        }
      for (gint64 i = 0; i < dst->numel; i++)
        gt_cpu_store_double (out + i * esize, dst->dtype, tmp[i]);
      return TRUE;
    }

  run_serial (dst, normal_serial_loop, &rd);
  return TRUE;
}

/* ---- integers ------------------------------------------------------------------ */

static void
int_loop (guint8 **data, const gint64 *strides, gint64 n, gpointer user_data)
{
  RandomData *rd = user_data;
  /* torch 1.13 takes a 64-bit draw only for int64 and float64 tensors
   * whose range needs it; float32 keeps one 32-bit draw per element. */
  gboolean wide = rd->range >= (G_GUINT64_CONSTANT (1) << 32) &&
                  (rd->dtype == GT_DTYPE_INT64 || rd->dtype == GT_DTYPE_FLOAT64);

  for (gint64 i = 0; i < n; i++)
    {
      guint64 r = wide ? gt_generator_random64 (rd->gen)
                       : gt_generator_random (rd->gen);
      gint64 v = (gint64) (r % rd->range + (guint64) rd->low);
      guint8 *p = data[0] + i * strides[0];

      switch (rd->dtype)
        {
#define STORE_CASE(D, ctype, ltype) case GT_DTYPE_##D: GT_STORE (D, p, v); break;
          GT_FOREACH_DTYPE (STORE_CASE)
#undef STORE_CASE
        default:
          g_assert_not_reached ();
        }
    }
}

gboolean
gt_cpu_random_int (GtTensor  *dst,
                   gint64     low,
                   gint64     high,
                   GError   **error)
{
  RandomData rd = { gt_generator_get_default (), dst->dtype, 0, 0, low,
                    (guint64) high - (guint64) low };

  run_serial (dst, int_loop, &rd);
  return TRUE;
}
