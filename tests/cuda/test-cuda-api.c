/* The CUDA API on machines without a usable GPU (this suite runs
 * everywhere): gtensor answers "not available" cleanly whether the module
 * is missing (GT_CUDA_MODULE pointing nowhere) or present without a
 * driver or GPU, and everything CUDA-specific is a harmless no-op or a
 * GT_ERROR_DEVICE_UNAVAILABLE. On a machine with a GPU the checks that
 * need its absence are skipped. */

#include <gtensor/gtensor.h>

static void
test_unavailable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtDevice) cuda = gt_device_new (GT_DEVICE_TYPE_CUDA, -1, NULL);
  g_autoptr(GtDevice) cuda0 = gt_device_new (GT_DEVICE_TYPE_CUDA, 0, NULL);
  gint64 shape[2] = { 2, 3 };
  g_autoptr(GtTensor) cpu = gt_ones (shape, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) moved = NULL;

  if (gt_cuda_is_available ())
    {
      g_test_skip ("a CUDA device is present");
      return;
    }
  g_assert_cmpint (gt_cuda_device_count (), ==, 0);
  g_assert_cmpuint (gt_cuda_memory_allocated (0), ==, 0);
  g_assert_cmpuint (gt_cuda_memory_reserved (0), ==, 0);
  gt_cuda_empty_cache ();

  g_assert_null (gt_zeros (shape, 2, GT_DTYPE_FLOAT32, cuda, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "gt_zeros"));
  g_clear_error (&error);

  moved = gt_tensor_to_device (cpu, cuda0, &error);
  g_assert_null (moved);
  g_assert_error (error, GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (gt_cuda_synchronize (0, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "gt_cuda_synchronize"));
  g_clear_error (&error);

  /* CPU work is unaffected. */
  {
    g_autoptr(GtTensor) s = gt_tensor_sum (cpu, NULL, 0, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (gt_tensor_item (s, NULL), ==, 6.0);
  }
}

/* Why CUDA is unavailable, as the loader found it: the module missing, or
 * present and loaded but without a driver or device. */
static void
test_reason (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtDevice) cuda = gt_device_new (GT_DEVICE_TYPE_CUDA, -1, NULL);
  const char *expect = g_getenv ("GT_TEST_CUDA_EXPECT");

  if (gt_cuda_is_available ())
    {
      g_test_skip ("a CUDA device is present");
      return;
    }
  g_assert_null (gt_empty ((gint64[]) { 4 }, 1, GT_DTYPE_FLOAT32, cuda, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE);
  g_test_message ("reason: %s", error->message);
  if (g_strcmp0 (expect, "missing") == 0)
    g_assert_nonnull (strstr (error->message, "without the CUDA module"));
  else if (g_strcmp0 (expect, "no-device") == 0)
    /* The module loaded and asked the CUDA runtime, which said why. */
    g_assert_nonnull (strstr (error->message, "CUDA"));
}

static void
test_tf32_switch (void)
{
  g_assert_false (gt_cuda_get_allow_tf32 ());
  gt_cuda_set_allow_tf32 (TRUE);
  g_assert_true (gt_cuda_get_allow_tf32 ());
  gt_cuda_set_allow_tf32 (FALSE);
  g_assert_false (gt_cuda_get_allow_tf32 ());
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cuda-api/unavailable", test_unavailable);
  g_test_add_func ("/cuda-api/reason", test_reason);
  g_test_add_func ("/cuda-api/tf32-switch", test_tf32_switch);
  return g_test_run ();
}
