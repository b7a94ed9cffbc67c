/* gt-tour: a short walk through gtensor's foundation from C.
 *
 * Creates tensors in the ways torch users know, prints them as torch does,
 * converts between dtypes, seeds the generator and shows how errors come
 * back as GErrors instead of aborting. The README's main command runs it
 * until the Fashion-MNIST trainer exists.
 */
#include <gtensor/gtensor.h>
#include <stdlib.h>

static void
show (const char *what,
      GtTensor   *t)
{
  g_autofree char *text = gt_tensor_to_string (t);

  g_print ("%s\n%s\n\n", what, text);
}

static gboolean
tour (GError **error)
{
  const gint64 shape[] = { 2, 3 };
  const gdouble values[] = { 1.5, -2.25, 3.0, 0.0, 1e-5, 42.0 };
  g_autoptr(GtTensor) a = NULL;
  g_autoptr(GtTensor) r = NULL;
  g_autoptr(GtTensor) x = NULL;
  g_autoptr(GtTensor) xi = NULL;
  g_autoptr(GtTensor) e = NULL;
  g_autoptr(GtTensor) l = NULL;
  g_autoptr(GtDevice) cpu = NULL;

  if (!(a = gt_arange (0, 10, 3, GT_DTYPE_INT64, NULL, error)))
    return FALSE;
  show ("gt_arange (0, 10, 3, INT64):", a);

  if (!(e = gt_eye (3, 4, GT_DTYPE_FLOAT32, NULL, error)))
    return FALSE;
  show ("gt_eye (3, 4):", e);

  if (!(l = gt_linspace (0, 1, 5, GT_DTYPE_FLOAT32, NULL, error)))
    return FALSE;
  show ("gt_linspace (0, 1, 5):", l);

  gt_manual_seed (0);
  if (!(r = gt_randn (shape, 2, GT_DTYPE_FLOAT32, NULL, error)))
    return FALSE;
  show ("gt_manual_seed (0); gt_randn ([2, 3]) -- the values torch.randn gives:", r);

  if (!(x = gt_tensor_new_from_doubles (values, G_N_ELEMENTS (values), shape, 2,
                                        GT_DTYPE_FLOAT64, NULL, error)))
    return FALSE;
  show ("from doubles, float64:", x);

  if (!(xi = gt_tensor_to_dtype (x, GT_DTYPE_INT32, error)))
    return FALSE;
  show ("to int32 (truncation toward zero):", xi);

  if (!(cpu = gt_device_new_from_string ("cpu", error)))
    return FALSE;
  g_print ("CUDA available: %s\n\n", gt_cuda_is_available () ? "yes" : "no");
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) bad = NULL;
  const gint64 negative[] = { 2, -1 };

  if (!tour (&error))
    {
      g_printerr ("gt-tour: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Bad input is an error to handle, never a crash. */
  bad = gt_zeros (negative, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_print ("gt_zeros ([2, -1]) fails cleanly: %s\n", error->message);
  return bad == NULL ? EXIT_SUCCESS : EXIT_FAILURE;
}
