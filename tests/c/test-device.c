/* GtDevice: parsing with torch.device's rules, formatting, equality, and
 * what happens when CUDA is asked for on a machine without it. */

#include "gt-test-utils.h"

static void
test_device_new (void)
{
  g_autoptr(GtDevice) cpu = gt_device_new (GT_DEVICE_TYPE_CPU, -1, NULL);
  g_autoptr(GtDevice) cuda1 = gt_device_new (GT_DEVICE_TYPE_CUDA, 1, NULL);
  g_autoptr(GtDevice) copy = gt_device_copy (cuda1);
  g_autofree char *s_cpu = gt_device_to_string (cpu);
  g_autofree char *s_cuda1 = gt_device_to_string (cuda1);

  g_assert_cmpint (gt_device_get_device_type (cpu), ==, GT_DEVICE_TYPE_CPU);
  g_assert_cmpint (gt_device_get_index (cpu), ==, -1);
  g_assert_cmpstr (s_cpu, ==, "cpu");
  g_assert_cmpint (gt_device_get_device_type (cuda1), ==, GT_DEVICE_TYPE_CUDA);
  g_assert_cmpint (gt_device_get_index (cuda1), ==, 1);
  g_assert_cmpstr (s_cuda1, ==, "cuda:1");
  g_assert_true (copy != cuda1);
  g_assert_true (gt_device_equal (copy, cuda1));
}

static void
test_device_new_errors (void)
{
  g_autoptr(GError) error = NULL;

  /* torch.device ('cuda', -5) raises "Device index must not be negative";
   * -1 is gtensor's "no index" (torch's None), so -2 is the first bad one. */
  for (gint index = -2; index >= -5; index -= 3)
    {
      g_autofree char *got = g_strdup_printf ("got %d", index);

      g_assert_null (gt_device_new (GT_DEVICE_TYPE_CUDA, index, &error));
      gt_assert_error_names (error, GT_ERROR_DEVICE, "gt_device_new: device "
                             "index must not be negative");
      g_assert_nonnull (strstr (error->message, got));
      g_clear_error (&error);
      g_assert_null (gt_device_new (GT_DEVICE_TYPE_CPU, index, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_DEVICE, "gt_device_new");
    }

  /* An int that is no GtDeviceType (C callers can pass one). */
  g_assert_null (gt_device_new ((GtDeviceType) 7, 0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE,
                               "gt_device_new: unknown device type 7");
}

typedef struct {
  const char   *spec;
  GtDeviceType  type;
  gint          index;
  const char   *str;     /* str(torch.device(spec)) */
} DeviceCase;

static void
test_device_parse (void)
{
  /* Accepted by torch.device (PyTorch 1.13). */
  const DeviceCase cases[] = {
    { "cpu", GT_DEVICE_TYPE_CPU, -1, "cpu" },
    { "cpu:0", GT_DEVICE_TYPE_CPU, 0, "cpu:0" },
    { "cpu:1", GT_DEVICE_TYPE_CPU, 1, "cpu:1" },
    { "cuda", GT_DEVICE_TYPE_CUDA, -1, "cuda" },
    { "cuda:0", GT_DEVICE_TYPE_CUDA, 0, "cuda:0" },
    { "cuda:12", GT_DEVICE_TYPE_CUDA, 12, "cuda:12" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtDevice) d = gt_device_new_from_string (cases[i].spec, &error);
      g_autofree char *s = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (d);
      g_assert_cmpint (gt_device_get_device_type (d), ==, cases[i].type);
      g_assert_cmpint (gt_device_get_index (d), ==, cases[i].index);
      s = gt_device_to_string (d);
      g_assert_cmpstr (s, ==, cases[i].str);
    }
}

static void
test_device_parse_errors (void)
{
  /* Each of these makes torch.device raise. */
  const char *bad[] = { "cuda:x", "gpu", "cuda:01", "cuda:-1", "", "cpu:",
                        "CUDA", "cuda:1 ", " cuda", "cuda:+1", "cuda::0",
                        "cuda:99999999999999999999" };
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GtDevice *d = gt_device_new_from_string (bad[i], &error);

      if (d != NULL)
        g_error ("'%s' was accepted as a device", bad[i]);
      gt_assert_error_names_clear (&error, GT_ERROR_DEVICE,
                                   "gt_device_new_from_string");
    }

  g_assert_null (gt_device_new_from_string (NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE, "gt_device_new_from_string");
}

static void
test_device_equal (void)
{
  g_autoptr(GtDevice) cuda = gt_device_new (GT_DEVICE_TYPE_CUDA, -1, NULL);
  g_autoptr(GtDevice) cuda0 = gt_device_new (GT_DEVICE_TYPE_CUDA, 0, NULL);
  g_autoptr(GtDevice) cuda0b = gt_device_new_from_string ("cuda:0", NULL);
  g_autoptr(GtDevice) cpu = gt_device_new (GT_DEVICE_TYPE_CPU, -1, NULL);
  g_autoptr(GtDevice) cpu0 = gt_device_new (GT_DEVICE_TYPE_CPU, 0, NULL);

  /* As torch.device: "cuda" != "cuda:0", "cpu" != "cpu:0". */
  g_assert_true (gt_device_equal (cuda0, cuda0b));
  g_assert_false (gt_device_equal (cuda, cuda0));
  g_assert_false (gt_device_equal (cpu, cpu0));
  g_assert_false (gt_device_equal (cpu, cuda));
}

static void
test_device_boxed (void)
{
  g_autoptr(GtDevice) d = gt_device_new (GT_DEVICE_TYPE_CUDA, 3, NULL);
  GtDevice *copy;

  /* Bindings copy and free through the boxed type. */
  g_assert_true (G_TYPE_IS_BOXED (GT_TYPE_DEVICE));
  copy = g_boxed_copy (GT_TYPE_DEVICE, d);
  g_assert_true (gt_device_equal (copy, d));
  g_boxed_free (GT_TYPE_DEVICE, copy);
}

static void
test_device_tensor_on_cpu (void)
{
  const gint64 shape[] = { 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtDevice) cpu = gt_device_new_from_string ("cpu", NULL);
  g_autoptr(GtDevice) cpu1 = gt_device_new_from_string ("cpu:1", NULL);
  g_autoptr(GtTensor) a = gt_zeros (shape, 1, GT_DTYPE_FLOAT32, cpu, &error);
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtDevice) got = NULL;
  g_autoptr(GtTensor) same = NULL;
  g_autofree char *s = NULL;

  g_assert_no_error (error);
  got = gt_tensor_get_device (a);
  s = gt_device_to_string (got);
  g_assert_cmpstr (s, ==, "cpu");

  /* torch ignores the CPU index: "cpu:1" is the one CPU. */
  b = gt_zeros (shape, 1, GT_DTYPE_FLOAT32, cpu1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (b);

  /* Moving to the device a tensor is on returns it unchanged. */
  same = gt_tensor_to_device (a, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (same == a);
}

static void
test_device_cuda_unavailable (void)
{
  const gint64 shape[] = { 2, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtDevice) cuda = gt_device_new_from_string ("cuda", NULL);
  g_autoptr(GtDevice) cuda3 = gt_device_new_from_string ("cuda:3", NULL);
  g_autoptr(GtTensor) cpu_t = NULL;
  const gdouble data[] = { 1, 2, 3, 4 };
  g_autoptr(GBytes) bytes = NULL;

  if (gt_cuda_is_available ())
    {
      g_test_skip ("a CUDA device is present");
      return;
    }
  g_assert_cmpint (gt_cuda_device_count (), ==, 0);

  g_assert_null (gt_zeros (shape, 2, GT_DTYPE_FLOAT32, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE, "gt_zeros");
  g_assert_null (gt_empty (shape, 2, GT_DTYPE_FLOAT32, cuda3, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE, "gt_empty");
  g_assert_null (gt_ones (shape, 2, GT_DTYPE_INT64, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE, "gt_ones");
  g_assert_null (gt_full (shape, 2, 2.0, GT_DTYPE_FLOAT32, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE, "gt_full");
  g_assert_null (gt_arange (0, 4, 1, GT_DTYPE_FLOAT32, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE, "gt_arange");
  g_assert_null (gt_linspace (0, 1, 4, GT_DTYPE_FLOAT32, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE, "gt_linspace");
  g_assert_null (gt_eye (2, 2, GT_DTYPE_FLOAT32, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE, "gt_eye");
  g_assert_null (gt_rand (shape, 2, GT_DTYPE_FLOAT32, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE, "gt_rand");
  g_assert_null (gt_randn (shape, 2, GT_DTYPE_FLOAT32, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE, "gt_randn");
  g_assert_null (gt_randint (0, 3, shape, 2, GT_DTYPE_INT64, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE, "gt_randint");
  g_assert_null (gt_tensor_new_from_doubles (data, 4, shape, 2, GT_DTYPE_FLOAT32,
                                             cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE,
                               "gt_tensor_new_from_doubles");
  g_assert_null (gt_tensor_new_from_int64s ((const gint64[]) { 1, 2, 3, 4 }, 4,
                                            shape, 2, GT_DTYPE_INT64, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE,
                               "gt_tensor_new_from_int64s");
  bytes = g_bytes_new (data, sizeof data);
  g_assert_null (gt_tensor_new_from_bytes (bytes, shape, 2, GT_DTYPE_FLOAT64,
                                           cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE,
                               "gt_tensor_new_from_bytes");

  cpu_t = gt_test_new (data, 4, shape, 2, GT_DTYPE_FLOAT32);
  g_assert_null (gt_tensor_to_device (cpu_t, cuda, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DEVICE_UNAVAILABLE,
                               "gt_tensor_to_device");

  /* The failures left the process and the CPU tensor intact. */
  gt_test_assert_values (cpu_t, data, 4, 0.0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/device/new", test_device_new);
  g_test_add_func ("/device/new/errors", test_device_new_errors);
  g_test_add_func ("/device/parse", test_device_parse);
  g_test_add_func ("/device/parse/errors", test_device_parse_errors);
  g_test_add_func ("/device/equal", test_device_equal);
  g_test_add_func ("/device/boxed", test_device_boxed);
  g_test_add_func ("/device/tensor-on-cpu", test_device_tensor_on_cpu);
  g_test_add_func ("/device/cuda-unavailable", test_device_cuda_unavailable);

  return g_test_run ();
}
