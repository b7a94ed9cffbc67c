/* Gradients of conv2d: the gradient checker (float64, first and second
 * order) over input, weight and bias for stride, padding, dilation,
 * groups, 1x1 kernels, "same" with an even kernel and unbatched inputs, on
 * contiguous and transposed inputs; torch 1.13's node names, and a
 * gradient only for the inputs that require one. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

typedef struct {
  const char *name;
  gint64      x[4];
  guint       x_ndim;
  gint64      w[4];
  gboolean    bias;
  gint64      stride[2];
  gint64      padding[2];
  gint64      dilation[2];
  gint64      groups;
  const char *mode;      /* "same"/"valid", or NULL for @padding */
  const char *node;
} ConvCase;

static const ConvCase cases[] = {
  { "plain", { 2, 2, 5, 4 }, 4, { 3, 2, 3, 3 }, TRUE, { 1, 1 }, { 0, 0 }, { 1, 1 }, 1, NULL, "ConvolutionBackward0" },
  { "padding", { 2, 2, 4, 4 }, 4, { 2, 2, 3, 3 }, TRUE, { 1, 1 }, { 1, 1 }, { 1, 1 }, 1, NULL, "ConvolutionBackward0" },
  { "stride-padding", { 1, 2, 6, 5 }, 4, { 2, 2, 3, 2 }, TRUE, { 2, 1 }, { 1, 0 }, { 1, 1 }, 1, NULL, "ConvolutionBackward0" },
  { "dilation", { 1, 2, 6, 6 }, 4, { 2, 2, 2, 2 }, FALSE, { 1, 1 }, { 1, 1 }, { 2, 3 }, 1, NULL, "ConvolutionBackward0" },
  { "groups", { 2, 4, 4, 4 }, 4, { 4, 2, 2, 2 }, TRUE, { 1, 1 }, { 1, 1 }, { 1, 1 }, 2, NULL, "ConvolutionBackward0" },
  /* one image: the input gradient by shifted products (stride 1) */
  { "groups-one-image", { 1, 4, 5, 4 }, 4, { 4, 2, 2, 3 }, TRUE, { 1, 1 }, { 1, 1 }, { 2, 1 }, 2, NULL, "ConvolutionBackward0" },
  { "pointwise", { 2, 3, 3, 3 }, 4, { 2, 3, 1, 1 }, TRUE, { 1, 1 }, { 0, 0 }, { 1, 1 }, 1, NULL, "ConvolutionBackward0" },
  { "same-even", { 1, 2, 4, 5 }, 4, { 2, 2, 2, 3 }, TRUE, { 1, 1 }, { 0, 0 }, { 1, 1 }, 1, "same", "ConvolutionBackward0" },
  { "valid-stride", { 1, 1, 6, 6 }, 4, { 2, 1, 3, 3 }, TRUE, { 2, 2 }, { 0, 0 }, { 1, 1 }, 1, "valid", "ConvolutionBackward0" },
  { "unbatched", { 2, 4, 4 }, 3, { 2, 2, 3, 3 }, TRUE, { 1, 1 }, { 1, 1 }, { 1, 1 }, 1, NULL, "SqueezeBackward1" },
};

static GtTensor *
conv_fn (GtTensor **in, gpointer data, GError **error)
{
  const ConvCase *c = data;

  if (c->mode != NULL)
    return gt_tensor_conv2d_padding_mode (in[0], in[1], in[2], c->stride, 2,
                                          c->mode, c->dilation, 2, c->groups,
                                          error);
  return gt_tensor_conv2d (in[0], in[1], in[2], c->stride, 2, c->padding, 2,
                           c->dilation, 2, c->groups, error);
}

static void
test_conv_gradcheck (gconstpointer data)
{
  const ConvCase *c = data;
  const GtGradcheckLayout layouts[] = { GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_TRANSPOSED };
  const gint64 b_shape = c->w[0];

  for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
    {
      g_autoptr(GtTensor) x = gt_gradcheck_input (rng, c->x, c->x_ndim, -1, 1, layouts[k]);
      g_autoptr(GtTensor) w = gt_gradcheck_input (rng, c->w, 4, -1, 1, layouts[k]);
      g_autoptr(GtTensor) b = c->bias ? gt_gradcheck_input (rng, &b_shape, 1, -1, 1,
                                                            GT_GRADCHECK_CONTIGUOUS)
                                      : NULL;
      GtTensor *in[3] = { x, w, b };
      g_autofree char *what = g_strdup_printf ("conv2d %s (%s)", c->name,
                                               k == 0 ? "contiguous" : "transposed");
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) out = conv_fn (in, (gpointer) c, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gt_tensor_get_grad_fn_name (out), ==, c->node);
      gt_gradcheck (what, conv_fn, (gpointer) c, in, 3, TRUE, rng);
    }
}

/* Only the weight requires grad: the input and bias get no gradient, and
 * the weight's matches the checker. */
static void
test_weight_only (void)
{
  const ConvCase *c = &cases[1];
  const gint64 b_shape = c->w[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, c->x, 4, -1, 1, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) w = gt_gradcheck_input (rng, c->w, 4, -1, 1, GT_GRADCHECK_SLICED);
  g_autoptr(GtTensor) b = gt_gradcheck_input (rng, &b_shape, 1, -1, 1, GT_GRADCHECK_CONTIGUOUS);
  GtTensor *in[3] = { x, w, b };
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) s = NULL;

  g_assert_true (gt_tensor_set_requires_grad (x, FALSE, NULL));
  g_assert_true (gt_tensor_set_requires_grad (b, FALSE, NULL));
  gt_gradcheck ("conv2d weight only", conv_fn, (gpointer) c, in, 3, TRUE, rng);

  out = conv_fn (in, (gpointer) c, &error);
  g_assert_no_error (error);
  s = gt_tensor_sum (out, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (gt_tensor_get_grad (x));
  g_assert_null (gt_tensor_get_grad (b));
  g_assert_nonnull (gt_tensor_get_grad (w));
}

/* d sum(conv(x, w, b)) / d b = N * OH * OW for every channel, by hand. */
static void
test_bias_grad_value (void)
{
  const gint64 xs[] = { 3, 2, 4, 5 }, ws[] = { 4, 2, 3, 3 }, bs = 4;
  const gint64 one = 1;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, xs, 4, -1, 1, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) w = gt_gradcheck_input (rng, ws, 4, -1, 1, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) b = gt_gradcheck_input (rng, &bs, 1, -1, 1, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) out = gt_tensor_conv2d (x, w, b, &one, 1, &one, 1, &one, 1, 1, &error);
  g_autoptr(GtTensor) s = NULL;
  const gdouble expected[] = { 60, 60, 60, 60 };

  g_assert_no_error (error);
  s = gt_tensor_sum (out, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
  gt_test_assert_values (gt_tensor_get_grad (b), expected, 4, 1e-12);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (20240607);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad/conv2d/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_conv_gradcheck);
    }
  g_test_add_func ("/grad/conv2d/weight-only", test_weight_only);
  g_test_add_func ("/grad/conv2d/bias-value", test_bias_grad_value);
  ret = g_test_run ();
  g_rand_free (rng);
  return ret;
}
