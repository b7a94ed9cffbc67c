/* libFuzzer target for gt_tensor_new_from_bytes with arbitrary dtypes and
 * shapes. The input is decoded as
 *
 *   byte 0      the dtype, as a signed byte (so invalid enum values too)
 *   byte 1      ndim = byte % 10 (0..9: one more than GT_MAX_DIMS);
 *               byte / 10 odd: the data starts one byte off alignment
 *   per dim     one byte: < 0xf8 gives byte % 8; 0xf8 gives -1; 0xf9 the
 *               next 8 bytes as a raw int64; 0xfa G_MAXINT64; 0xfb
 *               G_MININT64; 0xfc 2^32; 0xfd 2^62; 0xfe minus the next
 *               byte; 0xff the next 2 bytes as a little-endian uint16
 *   the rest    the element bytes
 *
 * A tensor that is created has the given dtype, shape and element count,
 * gives its bytes back unchanged, and converts to doubles and to a string;
 * a failure is a GT_ERROR whose valid UTF-8 message starts with the
 * function's name. Never a crash.
 *
 * tests/fuzz/replay.c runs this function over corpus-from-bytes without
 * libFuzzer, so CI exercises it with any compiler. */

#include "fuzz-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static gint64
read_size (Reader *r)
{
  guint8 b = read_byte (r);

  if (b < 0xf8)
    return b % 8;
  switch (b)
    {
    case 0xf8:
      return -1;
    case 0xf9:
      return read_raw_int64 (r);
    case 0xfa:
      return G_MAXINT64;
    case 0xfb:
      return G_MININT64;
    case 0xfc:
      return G_GINT64_CONSTANT (1) << 32;
    case 0xfd:
      return G_GINT64_CONSTANT (1) << 62;
    case 0xfe:
      return -(gint64) read_byte (r);
    default:
      {
        guint lo = read_byte (r);
        return (gint64) (lo | ((guint) read_byte (r) << 8));
      }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Reader r = { data, size };
  gint64 shape[10];
  gint dtype;
  gsize ndim;
  gboolean unaligned;
  guint8 b;
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autofree gdouble *values = NULL;
  g_autofree char *text = NULL;
  const gint64 *got;
  gsize n_got, n_values;
  guint64 numel = 1;

  dtype = (gint) (gint8) read_byte (&r);
  b = read_byte (&r);
  ndim = b % 10;
  unaligned = (b / 10) % 2 == 1;
  for (gsize i = 0; i < ndim; i++)
    shape[i] = read_size (&r);

  /* The element bytes, at an odd address when asked for. */
  whole = g_bytes_new (r.p - (unaligned && r.n > 0 ? 1 : 0),
                       r.n + (unaligned && r.n > 0 ? 1 : 0));
  bytes = g_bytes_new_from_bytes (whole, unaligned && r.n > 0 ? 1 : 0, r.n);

  t = gt_tensor_new_from_bytes (bytes, ndim > 0 ? shape : NULL, ndim,
                                (GtDType) dtype, NULL, &error);
  if (t == NULL)
    {
      check_error_prefix (error, "gt_tensor_new_from_bytes");
      return 0;
    }
  g_assert_no_error (error);

  g_assert_cmpint (gt_tensor_get_dtype (t), ==, dtype);
  got = gt_tensor_get_shape (t, &n_got);
  g_assert_cmpuint (n_got, ==, ndim);
  for (gsize i = 0; i < ndim; i++)
    {
      g_assert_cmpint (got[i], ==, shape[i]);
      g_assert_cmpint (shape[i], >=, 0);
      numel *= (guint64) shape[i];
    }
  g_assert_cmpuint (numel, ==, (guint64) gt_tensor_get_numel (t));
  g_assert_cmpuint (numel * gt_tensor_get_element_size (t), ==, r.n);

  back = gt_tensor_to_bytes (t, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, bytes));

  values = gt_tensor_to_doubles (t, &n_values, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_values, ==, numel);

  text = gt_tensor_to_string (t);
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  return 0;
}
