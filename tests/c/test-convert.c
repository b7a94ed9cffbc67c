/* gt_tensor_to_dtype for every pair of dtypes, with torch's results
 * (PyTorch 1.13 on x86-64), and the conversions' edges: float16/bfloat16
 * rounding to nearest even, overflow to infinity, NaN, truncation toward
 * zero, wrap-around of out-of-range integers, and bool. */

#include "gt-test-utils.h"

#define N_CONV 12

/* Generated once with PyTorch 1.13: for each source dtype the inputs
 * (as given to gt_tensor_new_from_doubles) and, for each target dtype,
 * torch.tensor(inputs, dtype=src).to(dst).tolist(). */
static const gdouble conv_float_inputs[N_CONV] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.1, 100.7, -100.7, 3.999, 127.0, 200.0 };
static const gdouble conv_int_inputs[N_CONV] = { 0, 1, -1, 2, 5, -7, 100, 127, -128, 42, 3, 10 };
static const gdouble conv_uint8_inputs[N_CONV] = { 0, 1, 255, 2, 5, 7, 100, 127, 128, 42, 3, 10 };
static const gdouble conv_bool_inputs[N_CONV] = { 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1 };

/* The four signed integer sources give the same rows: every input fits
 * in int8, and torch converts each exactly. */
#define SIGNED_INT_ROWS \
    [GT_DTYPE_FLOAT32] = { 0.0, 1.0, -1.0, 2.0, 5.0, -7.0, 100.0, 127.0, -128.0, 42.0, 3.0, 10.0 },   \
    [GT_DTYPE_FLOAT64] = { 0.0, 1.0, -1.0, 2.0, 5.0, -7.0, 100.0, 127.0, -128.0, 42.0, 3.0, 10.0 },   \
    [GT_DTYPE_FLOAT16] = { 0.0, 1.0, -1.0, 2.0, 5.0, -7.0, 100.0, 127.0, -128.0, 42.0, 3.0, 10.0 },   \
    [GT_DTYPE_BFLOAT16] = { 0.0, 1.0, -1.0, 2.0, 5.0, -7.0, 100.0, 127.0, -128.0, 42.0, 3.0, 10.0 },  \
    [GT_DTYPE_INT8] = { 0, 1, -1, 2, 5, -7, 100, 127, -128, 42, 3, 10 },                              \
    [GT_DTYPE_UINT8] = { 0, 1, 255, 2, 5, 249, 100, 127, 128, 42, 3, 10 },                            \
    [GT_DTYPE_INT16] = { 0, 1, -1, 2, 5, -7, 100, 127, -128, 42, 3, 10 },                             \
    [GT_DTYPE_INT32] = { 0, 1, -1, 2, 5, -7, 100, 127, -128, 42, 3, 10 },                             \
    [GT_DTYPE_INT64] = { 0, 1, -1, 2, 5, -7, 100, 127, -128, 42, 3, 10 },                             \
    [GT_DTYPE_BOOL] = { 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },

static const gdouble conv_expected[GT_DTYPE_N_TYPES][GT_DTYPE_N_TYPES][N_CONV] = {
  [GT_DTYPE_FLOAT32] = {
    [GT_DTYPE_FLOAT32] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.10000000149011612, 100.69999694824219, -100.69999694824219, 3.999000072479248, 127.0, 200.0 },
    [GT_DTYPE_FLOAT64] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.10000000149011612, 100.69999694824219, -100.69999694824219, 3.999000072479248, 127.0, 200.0 },
    [GT_DTYPE_FLOAT16] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.0999755859375, 100.6875, -100.6875, 3.998046875, 127.0, 200.0 },
    [GT_DTYPE_BFLOAT16] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.10009765625, 100.5, -100.5, 4.0, 127.0, 200.0 },
    [GT_DTYPE_INT8] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, -56 },
    [GT_DTYPE_UINT8] = { 0, 0, 1, 255, 2, 254, 0, 100, 156, 3, 127, 200 },
    [GT_DTYPE_INT16] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, 200 },
    [GT_DTYPE_INT32] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, 200 },
    [GT_DTYPE_INT64] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, 200 },
    [GT_DTYPE_BOOL] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
  },
  [GT_DTYPE_FLOAT64] = {
    [GT_DTYPE_FLOAT32] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.10000000149011612, 100.69999694824219, -100.69999694824219, 3.999000072479248, 127.0, 200.0 },
    [GT_DTYPE_FLOAT64] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.1, 100.7, -100.7, 3.999, 127.0, 200.0 },
    [GT_DTYPE_FLOAT16] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.0999755859375, 100.6875, -100.6875, 3.998046875, 127.0, 200.0 },
    [GT_DTYPE_BFLOAT16] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.10009765625, 100.5, -100.5, 4.0, 127.0, 200.0 },
    [GT_DTYPE_INT8] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, -56 },
    [GT_DTYPE_UINT8] = { 0, 0, 1, 255, 2, 254, 0, 100, 156, 3, 127, 200 },
    [GT_DTYPE_INT16] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, 200 },
    [GT_DTYPE_INT32] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, 200 },
    [GT_DTYPE_INT64] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, 200 },
    [GT_DTYPE_BOOL] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
  },
  [GT_DTYPE_FLOAT16] = {
    [GT_DTYPE_FLOAT32] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.0999755859375, 100.6875, -100.6875, 3.998046875, 127.0, 200.0 },
    [GT_DTYPE_FLOAT64] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.0999755859375, 100.6875, -100.6875, 3.998046875, 127.0, 200.0 },
    [GT_DTYPE_FLOAT16] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.0999755859375, 100.6875, -100.6875, 3.998046875, 127.0, 200.0 },
    [GT_DTYPE_BFLOAT16] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.10009765625, 100.5, -100.5, 4.0, 127.0, 200.0 },
    [GT_DTYPE_INT8] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, -56 },
    [GT_DTYPE_UINT8] = { 0, 0, 1, 255, 2, 254, 0, 100, 156, 3, 127, 200 },
    [GT_DTYPE_INT16] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, 200 },
    [GT_DTYPE_INT32] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, 200 },
    [GT_DTYPE_INT64] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 3, 127, 200 },
    [GT_DTYPE_BOOL] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
  },
  [GT_DTYPE_BFLOAT16] = {
    [GT_DTYPE_FLOAT32] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.10009765625, 100.5, -100.5, 4.0, 127.0, 200.0 },
    [GT_DTYPE_FLOAT64] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.10009765625, 100.5, -100.5, 4.0, 127.0, 200.0 },
    [GT_DTYPE_FLOAT16] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.10009765625, 100.5, -100.5, 4.0, 127.0, 200.0 },
    [GT_DTYPE_BFLOAT16] = { 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.10009765625, 100.5, -100.5, 4.0, 127.0, 200.0 },
    [GT_DTYPE_INT8] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 4, 127, -56 },
    [GT_DTYPE_UINT8] = { 0, 0, 1, 255, 2, 254, 0, 100, 156, 4, 127, 200 },
    [GT_DTYPE_INT16] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 4, 127, 200 },
    [GT_DTYPE_INT32] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 4, 127, 200 },
    [GT_DTYPE_INT64] = { 0, 0, 1, -1, 2, -2, 0, 100, -100, 4, 127, 200 },
    [GT_DTYPE_BOOL] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
  },
  [GT_DTYPE_INT8] = { SIGNED_INT_ROWS },
  [GT_DTYPE_UINT8] = {
    [GT_DTYPE_FLOAT32] = { 0.0, 1.0, 255.0, 2.0, 5.0, 7.0, 100.0, 127.0, 128.0, 42.0, 3.0, 10.0 },
    [GT_DTYPE_FLOAT64] = { 0.0, 1.0, 255.0, 2.0, 5.0, 7.0, 100.0, 127.0, 128.0, 42.0, 3.0, 10.0 },
    [GT_DTYPE_FLOAT16] = { 0.0, 1.0, 255.0, 2.0, 5.0, 7.0, 100.0, 127.0, 128.0, 42.0, 3.0, 10.0 },
    [GT_DTYPE_BFLOAT16] = { 0.0, 1.0, 255.0, 2.0, 5.0, 7.0, 100.0, 127.0, 128.0, 42.0, 3.0, 10.0 },
    [GT_DTYPE_INT8] = { 0, 1, -1, 2, 5, 7, 100, 127, -128, 42, 3, 10 },
    [GT_DTYPE_UINT8] = { 0, 1, 255, 2, 5, 7, 100, 127, 128, 42, 3, 10 },
    [GT_DTYPE_INT16] = { 0, 1, 255, 2, 5, 7, 100, 127, 128, 42, 3, 10 },
    [GT_DTYPE_INT32] = { 0, 1, 255, 2, 5, 7, 100, 127, 128, 42, 3, 10 },
    [GT_DTYPE_INT64] = { 0, 1, 255, 2, 5, 7, 100, 127, 128, 42, 3, 10 },
    [GT_DTYPE_BOOL] = { 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
  },
  [GT_DTYPE_INT16] = { SIGNED_INT_ROWS },
  [GT_DTYPE_INT32] = { SIGNED_INT_ROWS },
  [GT_DTYPE_INT64] = { SIGNED_INT_ROWS },
  [GT_DTYPE_BOOL] = {
    [GT_DTYPE_FLOAT32] = { 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0 },
    [GT_DTYPE_FLOAT64] = { 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0 },
    [GT_DTYPE_FLOAT16] = { 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0 },
    [GT_DTYPE_BFLOAT16] = { 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0 },
    [GT_DTYPE_INT8] = { 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1 },
    [GT_DTYPE_UINT8] = { 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1 },
    [GT_DTYPE_INT16] = { 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1 },
    [GT_DTYPE_INT32] = { 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1 },
    [GT_DTYPE_INT64] = { 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1 },
    [GT_DTYPE_BOOL] = { 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1 },
  },
};

static const gdouble *
conv_inputs (GtDType src)
{
  if (gt_dtype_is_floating_point (src))
    return conv_float_inputs;
  if (src == GT_DTYPE_UINT8)
    return conv_uint8_inputs;
  if (src == GT_DTYPE_BOOL)
    return conv_bool_inputs;
  return conv_int_inputs;
}

/* Converts @values (given as float64) to @src, then to @dst. */
static GtTensor *
convert_via (const gdouble *values,
             gsize          n,
             GtDType        src,
             GtDType        dst)
{
  g_autoptr(GtTensor) s = gt_test_new_1d (values, n, src);
  g_autoptr(GError) error = NULL;
  GtTensor *d = gt_tensor_to_dtype (s, dst, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  g_assert_cmpint (gt_tensor_get_dtype (d), ==, dst);
  return d;
}

static void
test_convert_all_pairs (void)
{
  for (guint s = 0; s < GT_DTYPE_N_TYPES; s++)
    for (guint d = 0; d < GT_DTYPE_N_TYPES; d++)
      {
        g_autoptr(GtTensor) t = NULL;

        g_test_message ("%s -> %s", gt_dtype_get_name ((GtDType) s),
                        gt_dtype_get_name ((GtDType) d));
        t = convert_via (conv_inputs ((GtDType) s), N_CONV, (GtDType) s, (GtDType) d);
        /* exact, including the sign of -0.0 in float results */
        gt_test_assert_values (t, conv_expected[s][d], N_CONV, 0.0);
      }
}

static void
test_convert_float16_rounding (void)
{
  /* float64 -> float16. Hand-checked: 2049 and 2051 lie halfway between
   * neighbours 2 apart and go to the even mantissa (2048, 2052); 65504 is
   * the largest half, 65519 rounds down to it and 65520 (halfway to 2^16)
   * rounds up to infinity; 2^-24 is the smallest subnormal and 2^-25 lies
   * halfway between it and 0, so goes to 0, while anything above goes up.
   * The bit patterns are torch's. */
  const gdouble in[] = { 2049.0, 2051.0, 2050.0, 65504.0, 65519.0, 65520.0,
                         1e5, -1e5, 1e-8, 6e-8, 0x1p-24, 0x1p-25,
                         0x1p-25 * 1.0000001, NAN, INFINITY, -INFINITY, 0.1,
                         1.0 / 3.0 };
  const guint16 bits[] = { 0x6800, 0x6802, 0x6801, 0x7BFF, 0x7BFF, 0x7C00,
                           0x7C00, 0xFC00, 0x0000, 0x0001, 0x0001, 0x0000,
                           0x0001, 0x7E00, 0x7C00, 0xFC00, 0x2E66, 0x3555 };
  g_autoptr(GtTensor) h = convert_via (in, G_N_ELEMENTS (in), GT_DTYPE_FLOAT64,
                                       GT_DTYPE_FLOAT16);
  /* The same from float32, torch's other common source. */
  const gdouble in32[] = { 2049.0, 65520.0, 1e-8, NAN, 0.1, 1.0 / 3.0 };
  const guint16 bits32[] = { 0x6800, 0x7C00, 0x0000, 0x7E00, 0x2E66, 0x3555 };
  g_autoptr(GtTensor) h32 = convert_via (in32, G_N_ELEMENTS (in32), GT_DTYPE_FLOAT32,
                                         GT_DTYPE_FLOAT16);

  gt_test_assert_bits16 (h, bits, G_N_ELEMENTS (bits));
  gt_test_assert_bits16 (h32, bits32, G_N_ELEMENTS (bits32));
}

static void
test_convert_bfloat16_rounding (void)
{
  /* float32 -> bfloat16 keeps 8 mantissa bits. 1 + 2^-8 is halfway between
   * 1 and 1 + 2^-7 and goes to 1 (even); 1 + 3 * 2^-8 goes to 1 + 2^-6;
   * FLT_MAX and 3.4e38 round past the largest bfloat16 (0x7F7F, about
   * 3.3895e38) to infinity; -257 is halfway between -256 and -258: -256.
   * Subnormals stay subnormal (1e-40 -> 0x0001). Torch's bit patterns. */
  const gdouble in[] = { 1.00390625, 1.01171875, 1.0078125, 3.4e38,
                         3.4028234663852886e38, 3.3961e38, -INFINITY, 0.1,
                         1.0 / 3.0, -257.0, 1e-40 };
  const guint16 bits[] = { 0x3F80, 0x3F82, 0x3F81, 0x7F80, 0x7F80, 0x7F7F,
                           0xFF80, 0x3DCD, 0x3EAB, 0xC380, 0x0001 };
  /* From float64 the value goes through float32 first, as in torch, so
   * 1.0039062500001 rounds to 1.00390625 and then, halfway, to 1. */
  const gdouble in64[] = { 1.00390625, 1.0039062500001, 3.4028234663852886e38,
                           1e39 };
  const guint16 bits64[] = { 0x3F80, 0x3F80, 0x7F80, 0x7F80 };
  const gdouble nan_in[] = { NAN, -NAN };
  const gdouble nan_out[] = { NAN, NAN };
  g_autoptr(GtTensor) b = convert_via (in, G_N_ELEMENTS (in), GT_DTYPE_FLOAT32,
                                       GT_DTYPE_BFLOAT16);
  g_autoptr(GtTensor) b64 = convert_via (in64, G_N_ELEMENTS (in64), GT_DTYPE_FLOAT64,
                                         GT_DTYPE_BFLOAT16);
  /* torch's scalar and vector paths give different NaN bits: only check
   * that NaN stays NaN. */
  g_autoptr(GtTensor) bn = convert_via (nan_in, 2, GT_DTYPE_FLOAT32, GT_DTYPE_BFLOAT16);

  gt_test_assert_bits16 (b, bits, G_N_ELEMENTS (bits));
  gt_test_assert_bits16 (b64, bits64, G_N_ELEMENTS (bits64));
  gt_test_assert_values (bn, nan_out, 2, 0.0);
}

static void
test_convert_16bit_round_trip (void)
{
  /* Every float16 and bfloat16 value is exact in float32 and float64, so
   * 16 -> 32 -> 16 and 16 -> 64 -> 16 must give back every bit pattern
   * (NaNs only need to stay NaN). */
  const GtDType types[] = { GT_DTYPE_FLOAT16, GT_DTYPE_BFLOAT16 };
  const GtDType wide[] = { GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64 };
  const gint64 n = 65536;
  g_autofree guint16 *patterns = g_new (guint16, n);

  for (gint64 i = 0; i < n; i++)
    patterns[i] = (guint16) i;

  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    for (gsize w = 0; w < G_N_ELEMENTS (wide); w++)
      {
        g_autoptr(GBytes) in = g_bytes_new (patterns, n * sizeof (guint16));
        g_autoptr(GError) error = NULL;
        g_autoptr(GtTensor) h = gt_tensor_new_from_bytes (in, &n, 1, types[t],
                                                          NULL, &error);
        g_autoptr(GtTensor) up = gt_tensor_to_dtype (h, wide[w], &error);
        g_autoptr(GtTensor) down = gt_tensor_to_dtype (up, types[t], &error);
        g_autoptr(GBytes) out = gt_tensor_to_bytes (down, &error);
        g_autofree gdouble *values = gt_tensor_to_doubles (up, (gsize[]) { 0 }, &error);
        const guint16 *bits = g_bytes_get_data (out, NULL);

        g_assert_no_error (error);
        for (gint64 i = 0; i < n; i++)
          {
            gboolean is_nan = isnan (values[i]);

            if (is_nan)
              {
                /* exponent all ones, mantissa nonzero */
                g_assert_true (types[t] == GT_DTYPE_FLOAT16
                               ? (i & 0x7C00) == 0x7C00 && (i & 0x03FF) != 0
                               : (i & 0x7F80) == 0x7F80 && (i & 0x007F) != 0);
                g_assert_true (types[t] == GT_DTYPE_FLOAT16
                               ? (bits[i] & 0x7C00) == 0x7C00 && (bits[i] & 0x03FF) != 0
                               : (bits[i] & 0x7F80) == 0x7F80 && (bits[i] & 0x007F) != 0);
              }
            else if (bits[i] != patterns[i])
              g_error ("%s 0x%04x -> %s %g -> 0x%04x", gt_dtype_get_name (types[t]),
                       patterns[i], gt_dtype_get_name (wide[w]), values[i], bits[i]);
          }
      }
}

static void
test_convert_float16_values (void)
{
  /* Decoding: subnormals, the smallest normal, the largest value, signs. */
  const guint16 bits[] = { 0x0001, 0x03FF, 0x0400, 0x3C00, 0x7BFF, 0x8000,
                           0xFC00, 0xC000 };
  const gdouble expected[] = { 0x1p-24, 1023 * 0x1p-24, 0x1p-14, 1.0, 65504.0,
                               -0.0, -INFINITY, -2.0 };
  const gint64 n = G_N_ELEMENTS (bits);
  g_autoptr(GBytes) bytes = g_bytes_new (bits, sizeof bits);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) h = gt_tensor_new_from_bytes (bytes, &n, 1, GT_DTYPE_FLOAT16,
                                                    NULL, &error);
  g_autoptr(GtTensor) d = gt_tensor_to_dtype (h, GT_DTYPE_FLOAT64, &error);

  g_assert_no_error (error);
  gt_test_assert_values (d, expected, G_N_ELEMENTS (expected), 0.0);
  /* reading a float16 tensor directly gives the same */
  gt_test_assert_values (h, expected, G_N_ELEMENTS (expected), 0.0);
}

typedef struct {
  GtDType      dst;
  const gint64 *expected;
} IntCase;

static void
test_convert_float_to_int (void)
{
  /* Truncation toward zero; out-of-range values wrap the way torch's x86
   * conversions do (int8/int16 through int32, uint8 through int64):
   * torch.tensor([...], dtype=torch.float64).to(dst) */
  const gdouble in[] = { 2.9, -2.9, -1.0, 255.9, 256.0, 300.5, -129.0, 0.5,
                         -0.0, 1e10 };
  const gint64 i8[] = { 2, -2, -1, -1, 0, 44, 127, 0, 0, 0 };
  const gint64 u8[] = { 2, 254, 255, 255, 0, 44, 127, 0, 0, 0 };
  const gint64 i16[] = { 2, -2, -1, 255, 256, 300, -129, 0, 0, 0 };
  const gint64 i32[] = { 2, -2, -1, 255, 256, 300, -129, 0, 0, G_MININT32 };
  const gint64 i64[] = { 2, -2, -1, 255, 256, 300, -129, 0, 0,
                         G_GINT64_CONSTANT (10000000000) };
  const gint64 b[] = { 1, 1, 1, 1, 1, 1, 1, 1, 0, 1 };
  const IntCase cases[] = {
    { GT_DTYPE_INT8, i8 }, { GT_DTYPE_UINT8, u8 }, { GT_DTYPE_INT16, i16 },
    { GT_DTYPE_INT32, i32 }, { GT_DTYPE_INT64, i64 }, { GT_DTYPE_BOOL, b },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GtTensor) t = convert_via (in, G_N_ELEMENTS (in), GT_DTYPE_FLOAT64,
                                           cases[i].dst);

      g_test_message ("float64 -> %s", gt_dtype_get_name (cases[i].dst));
      gt_test_assert_int64s (t, cases[i].expected, G_N_ELEMENTS (in));
    }
}

static void
test_convert_uint8_wrap (void)
{
  /* Negative values wrap modulo 256: -1.0 -> 255, as uint8(-1) in torch. */
  const gdouble fin[] = { -1.0, -2.5, -128.0, -255.0 };
  const gint64 fexp[] = { 255, 254, 128, 1 };
  const gdouble iin[] = { -1, -7, -256, -257 };
  const gint64 iexp[] = { 255, 249, 0, 255 };
  g_autoptr(GtTensor) f32 = convert_via (fin, 4, GT_DTYPE_FLOAT32, GT_DTYPE_UINT8);
  g_autoptr(GtTensor) f16 = convert_via (fin, 4, GT_DTYPE_FLOAT16, GT_DTYPE_UINT8);
  g_autoptr(GtTensor) i64 = convert_via (iin, 4, GT_DTYPE_INT64, GT_DTYPE_UINT8);
  g_autoptr(GtTensor) i16 = convert_via (iin, 4, GT_DTYPE_INT16, GT_DTYPE_UINT8);

  gt_test_assert_int64s (f32, fexp, 4);
  gt_test_assert_int64s (f16, fexp, 4);
  gt_test_assert_int64s (i64, iexp, 4);
  gt_test_assert_int64s (i16, iexp, 4);
}

static void
test_convert_nan_inf_to_int (void)
{
  /* torch on x86-64: NaN and infinities become INT32_MIN / INT64_MIN, whose
   * low bytes are 0 for the narrower types; any of them is true as bool. */
  const gdouble in[] = { NAN, INFINITY, -INFINITY };
  const gint64 narrow[] = { 0, 0, 0 };
  const gint64 i32[] = { G_MININT32, G_MININT32, G_MININT32 };
  const gint64 i64[] = { G_MININT64, G_MININT64, G_MININT64 };
  const gint64 b[] = { 1, 1, 1 };
  const IntCase cases[] = {
    { GT_DTYPE_INT8, narrow }, { GT_DTYPE_UINT8, narrow }, { GT_DTYPE_INT16, narrow },
    { GT_DTYPE_INT32, i32 }, { GT_DTYPE_INT64, i64 }, { GT_DTYPE_BOOL, b },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GtTensor) t = convert_via (in, 3, GT_DTYPE_FLOAT32, cases[i].dst);

      g_test_message ("float32 -> %s", gt_dtype_get_name (cases[i].dst));
      gt_test_assert_int64s (t, cases[i].expected, 3);
    }
}

static void
test_convert_int_wrap (void)
{
  /* Integer narrowing keeps the low bits (two's complement), as torch. */
  const gint64 in[] = { 300, -1, 65541, G_GINT64_CONSTANT (2147483648),
                        G_GINT64_CONSTANT (-2147483649),
                        G_GINT64_CONSTANT (1099511627783), 0 };
  const gint64 i8[] = { 44, -1, 5, 0, -1, 7, 0 };
  const gint64 u8[] = { 44, 255, 5, 0, 255, 7, 0 };
  const gint64 i16[] = { 300, -1, 5, 0, -1, 7, 0 };
  const gint64 i32[] = { 300, -1, 65541, G_MININT32, G_MAXINT32, 7, 0 };
  const gint64 b[] = { 1, 1, 1, 1, 1, 1, 0 };
  const IntCase cases[] = {
    { GT_DTYPE_INT8, i8 }, { GT_DTYPE_UINT8, u8 }, { GT_DTYPE_INT16, i16 },
    { GT_DTYPE_INT32, i32 }, { GT_DTYPE_BOOL, b },
  };
  const gint64 n = G_N_ELEMENTS (in);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) src = gt_tensor_new_from_int64s (in, n, &n, 1, GT_DTYPE_INT64,
                                                       NULL, &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GtTensor) t = gt_tensor_to_dtype (src, cases[i].dst, &error);

      g_assert_no_error (error);
      g_test_message ("int64 -> %s", gt_dtype_get_name (cases[i].dst));
      gt_test_assert_int64s (t, cases[i].expected, (gsize) n);
    }
}

static void
test_convert_int_to_float (void)
{
  /* Large integers round to the nearest float (torch: int64 -> float32
   * turns 2^53 + 1 into 2^53 and 2^24 + 1 into 2^24); float16 overflows to
   * infinity; bfloat16 rounds 257 (halfway) to 256 and 259 to 260. */
  const gint64 in[] = { G_GINT64_CONSTANT (9007199254740993), 16777217,
                        -(G_GINT64_CONSTANT (1) << 62) };
  const gdouble f32[] = { 9007199254740992.0, 16777216.0, -4.611686018427388e18 };
  const gdouble f64[] = { 9007199254740992.0, 16777217.0, -4.611686018427388e18 };
  const gint64 in16[] = { 2049, 70000, -70000, 255 };
  const gdouble f16[] = { 2048.0, INFINITY, -INFINITY, 255.0 };
  const gint64 inbf[] = { 257, 259, 70000 };
  const gdouble bf16[] = { 256.0, 260.0, 70144.0 };
  const gint64 n3 = 3, n4 = 4;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_tensor_new_from_int64s (in, 3, &n3, 1, GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) b = gt_tensor_new_from_int64s (in16, 4, &n4, 1, GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) c = gt_tensor_new_from_int64s (inbf, 3, &n3, 1, GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) af = gt_tensor_to_dtype (a, GT_DTYPE_FLOAT32, &error);
  g_autoptr(GtTensor) ad = gt_tensor_to_dtype (a, GT_DTYPE_FLOAT64, &error);
  g_autoptr(GtTensor) bh = gt_tensor_to_dtype (b, GT_DTYPE_FLOAT16, &error);
  g_autoptr(GtTensor) cb = gt_tensor_to_dtype (c, GT_DTYPE_BFLOAT16, &error);

  g_assert_no_error (error);
  gt_test_assert_values (af, f32, 3, 0.0);
  gt_test_assert_values (ad, f64, 3, 0.0);
  gt_test_assert_values (bh, f16, 4, 0.0);
  gt_test_assert_values (cb, bf16, 3, 0.0);
}

static void
test_convert_bool (void)
{
  /* Anything nonzero is true, including NaN, infinities and the smallest
   * subnormal; only +0 and -0 are false. */
  const gdouble in[] = { 0.5, -0.0, 0.0, NAN, -INFINITY, 4.9406564584124654e-324 };
  const gint64 expected[] = { 1, 0, 0, 1, 1, 1 };
  const gdouble back[] = { 1.0, 0.0, 0.0, 1.0, 1.0, 1.0 };
  g_autoptr(GtTensor) b = convert_via (in, 6, GT_DTYPE_FLOAT64, GT_DTYPE_BOOL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) f = gt_tensor_to_dtype (b, GT_DTYPE_FLOAT32, &error);
  g_autoptr(GtTensor) i = gt_tensor_to_dtype (b, GT_DTYPE_INT64, &error);

  g_assert_no_error (error);
  gt_test_assert_int64s (b, expected, 6);
  gt_test_assert_values (f, back, 6, 0.0);
  gt_test_assert_int64s (i, expected, 6);
}

static void
test_convert_same_dtype (void)
{
  /* torch's to(dtype) returns the tensor itself when nothing changes. */
  const gdouble v[] = { 1, 2 };
  g_autoptr(GtTensor) t = gt_test_new_1d (v, 2, GT_DTYPE_INT32);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) same = gt_tensor_to_dtype (t, GT_DTYPE_INT32, &error);
  g_autoptr(GtTensor) other = gt_tensor_to_dtype (t, GT_DTYPE_INT64, &error);
  const gdouble v_after[] = { 1, 2 };

  g_assert_no_error (error);
  g_assert_true (same == t);
  /* A converted tensor has its own memory. */
  g_assert_true (other != t);
  g_assert_true (gt_tensor_fill_ (other, 9, &error));
  gt_test_assert_values (t, v_after, 2, 0.0);
}

static void
test_convert_views (void)
{
  const gint64 shape[] = { 2, 3 };
  const gint64 tr_shape[] = { 3, 2 };
  g_autoptr(GtTensor) base = gt_test_arange_shaped (shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) tr = gt_test_transpose (base);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_tensor_to_dtype (tr, GT_DTYPE_INT16, &error);
  const gint64 expected[] = { 0, 3, 1, 4, 2, 5 };
  const gint64 empty_shape[] = { 0, 4 };
  g_autoptr(GtTensor) e = gt_zeros (empty_shape, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) ec = NULL;

  /* A transposed view converts in its logical order into a new contiguous
   * tensor of its shape. */
  g_assert_no_error (error);
  gt_test_assert_shape (t, tr_shape, 2);
  g_assert_true (gt_tensor_is_contiguous (t));
  gt_test_assert_int64s (t, expected, 6);

  ec = gt_tensor_to_dtype (e, GT_DTYPE_BOOL, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (ec, empty_shape, 2);
}

static void
test_convert_errors (void)
{
  const gdouble v[] = { 1 };
  g_autoptr(GtTensor) t = gt_test_new_1d (v, 1, GT_DTYPE_FLOAT32);
  g_autoptr(GError) error = NULL;

  g_assert_null (gt_tensor_to_dtype (t, (GtDType) 99, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_to_dtype");
  g_assert_null (gt_tensor_to_dtype (t, (GtDType) GT_DTYPE_N_TYPES, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_to_dtype");
  g_assert_null (gt_tensor_to_dtype (t, (GtDType) -1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_to_dtype");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/convert/all-pairs", test_convert_all_pairs);
  g_test_add_func ("/convert/float16/rounding", test_convert_float16_rounding);
  g_test_add_func ("/convert/float16/values", test_convert_float16_values);
  g_test_add_func ("/convert/bfloat16/rounding", test_convert_bfloat16_rounding);
  g_test_add_func ("/convert/16-bit/round-trip", test_convert_16bit_round_trip);
  g_test_add_func ("/convert/float-to-int", test_convert_float_to_int);
  g_test_add_func ("/convert/uint8-wrap", test_convert_uint8_wrap);
  g_test_add_func ("/convert/nan-inf-to-int", test_convert_nan_inf_to_int);
  g_test_add_func ("/convert/int-wrap", test_convert_int_wrap);
  g_test_add_func ("/convert/int-to-float", test_convert_int_to_float);
  g_test_add_func ("/convert/bool", test_convert_bool);
  g_test_add_func ("/convert/same-dtype", test_convert_same_dtype);
  g_test_add_func ("/convert/views", test_convert_views);
  g_test_add_func ("/convert/errors", test_convert_errors);

  return g_test_run ();
}
