/* libFuzzer target for the device-string parser: the input, copied and
 * NUL-terminated (it may hold any bytes, not UTF-8, or an early NUL), is
 * given to gt_device_new_from_string. A device that parses prints back to
 * exactly the same string (the grammar has one spelling per device: no
 * sign, no leading zeros) and parses again to an equal device; a string
 * that does not parse fails with GT_ERROR_DEVICE and a valid UTF-8 message
 * naming the function.
 *
 * tests/fuzz/replay.c runs this function over corpus-device without
 * libFuzzer, so CI exercises it with any compiler. */

#include "fuzz-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *spec = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtDevice) device = NULL;
  g_autoptr(GtDevice) again = NULL;
  g_autofree char *printed = NULL;

  device = gt_device_new_from_string (spec, &error);
  if (device == NULL)
    {
      check_error_prefix (error, "gt_device_new_from_string");
      g_assert_cmpint (error->code, ==, GT_ERROR_DEVICE);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_true (gt_device_get_device_type (device) == GT_DEVICE_TYPE_CPU ||
                 gt_device_get_device_type (device) == GT_DEVICE_TYPE_CUDA);
  g_assert_cmpint (gt_device_get_index (device), >=, -1);

  printed = gt_device_to_string (device);
  g_assert_cmpstr (printed, ==, spec);
  again = gt_device_new_from_string (printed, &error);
  g_assert_no_error (error);
  g_assert_true (gt_device_equal (device, again));
  return 0;
}
