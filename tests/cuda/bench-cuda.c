/* GPU timings for tools/gpu-check.sh, in the rows of issue 8's speed
 * table: fp32 GEMM 8192^3 (TF32 off and on), elementwise add and sum of
 * 2^28 floats, a one-element add from C, softmax of [4096, 4096]. Each is
 * warmed up, then timed over several runs with gt_cuda_synchronize around
 * them. Prints one line per row. */

#include <stdio.h>

#include <gtensor/gtensor.h>

static GtDevice *cuda;

static gboolean
sync_ok (void)
{
  g_autoptr(GError) error = NULL;

  if (!gt_cuda_synchronize (0, &error))
    {
      printf ("synchronize failed: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

static GtTensor *
filled (gint64 n, gdouble v)
{
  g_autoptr(GError) error = NULL;
  GtTensor *t = gt_full (&n, 1, v, GT_DTYPE_FLOAT32, cuda, &error);

  if (t == NULL)
    printf ("allocation of %" G_GINT64_FORMAT " floats failed: %s\n", n,
            error->message);
  return t;
}

typedef GtTensor *(*Work) (GtTensor *a, GtTensor *b, GError **error);

static GtTensor *w_add (GtTensor *a, GtTensor *b, GError **e) { return gt_tensor_add (a, b, 1.0, e); }
static GtTensor *w_sum (GtTensor *a, GtTensor *b, GError **e) { return gt_tensor_sum (a, NULL, 0, FALSE, e); }
static GtTensor *w_mm (GtTensor *a, GtTensor *b, GError **e) { return gt_tensor_mm (a, b, e); }
static GtTensor *w_softmax (GtTensor *a, GtTensor *b, GError **e) { return gt_tensor_softmax (a, 1, e); }
static GtTensor *w_conv (GtTensor *a, GtTensor *b, GError **e)
{
  static const gint64 one[1] = { 1 };
  return gt_tensor_conv2d (a, b, NULL, one, 1, one, 1, one, 1, 1, e);
}

/* Seconds per call, the median-free mean of @reps after @warm warm-ups. */
static gdouble
time_it (Work w, GtTensor *a, GtTensor *b, guint warm, guint reps)
{
  g_autoptr(GError) error = NULL;
  gint64 t0;

  for (guint i = 0; i < warm; i++)
    {
      g_autoptr(GtTensor) r = w (a, b, &error);
      if (r == NULL)
        {
          printf ("failed: %s\n", error->message);
          return -1;
        }
    }
  if (!sync_ok ())
    return -1;
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < reps; i++)
    {
      g_autoptr(GtTensor) r = w (a, b, &error);
      if (r == NULL)
        return -1;
    }
  if (!sync_ok ())
    return -1;
  return (g_get_monotonic_time () - t0) / 1e6 / reps;
}

int
main (void)
{
  gint64 n = (gint64) 1 << 28, shape[2];
  gdouble s;

  if (!gt_cuda_is_available ())
    {
      printf ("no CUDA device\n");
      return 77;
    }
  cuda = gt_device_new (GT_DEVICE_TYPE_CUDA, 0, NULL);

  {
    g_autoptr(GtTensor) a = filled (n, 1.0), b = filled (n, 2.0);
    if (a != NULL && b != NULL)
      {
        s = time_it (w_add, a, b, 3, 20);
        printf ("add 2^28 float32: %.3f ms, %.2f TB/s (3 x 1 GiB moved)\n",
                s * 1e3, 3.0 * 4 * n / s / 1e12);
        s = time_it (w_sum, a, NULL, 3, 20);
        printf ("sum 2^28 float32: %.3f ms, %.2f TB/s\n", s * 1e3,
                4.0 * n / s / 1e12);
      }
  }
  gt_cuda_empty_cache ();

  shape[0] = shape[1] = 8192;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GtTensor) a = gt_full (shape, 2, 0.5, GT_DTYPE_FLOAT32, cuda, &error);
    g_autoptr(GtTensor) b = gt_full (shape, 2, 0.25, GT_DTYPE_FLOAT32, cuda, &error);
    if (a != NULL && b != NULL)
      {
        gdouble flop = 2.0 * 8192.0 * 8192.0 * 8192.0;
        s = time_it (w_mm, a, b, 2, 10);
        printf ("GEMM 8192^3 float32, TF32 off: %.3f ms, %.1f TFLOP/s\n",
                s * 1e3, flop / s / 1e12);
        gt_cuda_set_allow_tf32 (TRUE);
        s = time_it (w_mm, a, b, 2, 10);
        gt_cuda_set_allow_tf32 (FALSE);
        printf ("GEMM 8192^3 float32, TF32 on: %.3f ms, %.1f TFLOP/s\n",
                s * 1e3, flop / s / 1e12);
      }
    else
      printf ("GEMM: %s\n", error->message);
  }

  {
    gint64 xs[4] = { 256, 64, 56, 56 }, ws[4] = { 64, 64, 3, 3 };
    g_autoptr(GtTensor) x = gt_full (xs, 4, 0.5, GT_DTYPE_FLOAT32, cuda, NULL);
    g_autoptr(GtTensor) w = gt_full (ws, 4, 0.01, GT_DTYPE_FLOAT32, cuda, NULL);
    if (x != NULL && w != NULL)
      {
        s = time_it (w_conv, x, w, 2, 10);
        printf ("conv2d [256, 64, 56, 56] * [64, 64, 3, 3] pad 1 float32, TF32 off: %.3f ms\n",
                s * 1e3);
        gt_cuda_set_allow_tf32 (TRUE);
        s = time_it (w_conv, x, w, 2, 10);
        gt_cuda_set_allow_tf32 (FALSE);
        printf ("conv2d [256, 64, 56, 56] * [64, 64, 3, 3] pad 1 float32, TF32 on: %.3f ms\n",
                s * 1e3);
      }
  }
  gt_cuda_empty_cache ();

  shape[0] = shape[1] = 4096;
  {
    g_autoptr(GtTensor) a = gt_full (shape, 2, 0.5, GT_DTYPE_FLOAT32, cuda, NULL);
    if (a != NULL)
      {
        s = time_it (w_softmax, a, NULL, 3, 20);
        printf ("softmax [4096, 4096] float32 dim 1: %.3f ms\n", s * 1e3);
      }
  }

  {
    g_autoptr(GtTensor) a = filled (1, 1.0), b = filled (1, 2.0);
    if (a != NULL && b != NULL)
      {
        s = time_it (w_add, a, b, 100, 10000);
        printf ("one-element add from C: %.2f us per op\n", s * 1e6);
      }
  }
  printf ("memory: %" G_GUINT64_FORMAT " bytes allocated, %" G_GUINT64_FORMAT
          " reserved\n", gt_cuda_memory_allocated (0),
          gt_cuda_memory_reserved (0));
  return 0;
}
