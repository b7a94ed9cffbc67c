#pragma once

#include <glib.h>
#include <string.h>

/* float16 and bfloat16 conversions, bit-exact with torch's c10::Half and
 * c10::BFloat16: round to nearest even, overflow to infinity, NaN kept. */

static inline guint32
gt_float_bits (gfloat f)
{
  guint32 u;
  memcpy (&u, &f, sizeof u);
  return u;
}

static inline gfloat
gt_bits_float (guint32 u)
{
  gfloat f;
  memcpy (&f, &u, sizeof f);
  return f;
}

static inline gfloat
gt_half_to_float (guint16 h)
{
  const guint32 w = (guint32) h << 16;
  const guint32 sign = w & 0x80000000u;
  const guint32 two_w = w + w;
  /* Normal numbers: shift the exponent and mantissa into place and rescale
   * by 2^-112 to fix the exponent bias; subnormals: use the mantissa as
   * the low bits of a float with a known exponent and subtract it. */
  const gfloat normalized = gt_bits_float ((two_w >> 4) + (0xE0u << 23)) * 0x1.0p-112f;
  const gfloat denormalized = gt_bits_float ((two_w >> 17) | (126u << 23)) - 0.5f;
  const guint32 bits = two_w < (1u << 27) ? gt_float_bits (denormalized)
                                          : gt_float_bits (normalized);
  return gt_bits_float (sign | bits);
}

static inline guint16
gt_float_to_half (gfloat f)
{
  /* Scaling up then down lets the FPU do the rounding to 11 bits,
   * including subnormals and overflow to infinity. */
  gfloat base = (__builtin_fabsf (f) * 0x1.0p+112f) * 0x1.0p-110f;
  const guint32 w = gt_float_bits (f);
  const guint32 shl1_w = w + w;
  const guint32 sign = w & 0x80000000u;
  guint32 bias = shl1_w & 0xFF000000u;
  guint32 bits, exp_bits, mantissa_bits;

  if (bias < 0x71000000u)
    bias = 0x71000000u;
  base = gt_bits_float ((bias >> 1) + 0x07800000u) + base;
  bits = gt_float_bits (base);
  exp_bits = (bits >> 13) & 0x00007C00u;
  mantissa_bits = bits & 0x00000FFFu;
  return (guint16) ((sign >> 16) |
                    (shl1_w > 0xFF000000u ? 0x7E00u : exp_bits + mantissa_bits));
}

static inline gfloat
gt_bfloat16_to_float (guint16 b)
{
  return gt_bits_float ((guint32) b << 16);
}

static inline guint16
gt_float_to_bfloat16 (gfloat f)
{
  guint32 u;

  if (f != f)
    return 0x7FC0;
  u = gt_float_bits (f);
  u += 0x7FFFu + ((u >> 16) & 1u);
  return (guint16) (u >> 16);
}
