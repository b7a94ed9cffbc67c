/* Gradients of batch_norm, layer_norm, linear and embedding in float64
 * through the gradient checker, first and second order. The first-order
 * check runs the fused backward kernels; the second-order one differentiates
 * the gradients recorded with create_graph (gtensor ops) and compares them
 * with finite differences of the kernels' gradients, so both paths are
 * checked. Inputs contiguous, transposed and sliced; batch norm in training
 * (with and without running statistics, weight and bias) and evaluation;
 * torch 1.13's node names. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

static const GtGradcheckLayout layouts[] = {
  GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_TRANSPOSED, GT_GRADCHECK_SLICED,
};
static const char *layout_names[] = { "contiguous", "transposed", "sliced" };

/* ---- batch norm -------------------------------------------------------------- */

typedef struct {
  const char *name;
  gint64      shape[4];
  guint       ndim;
  gboolean    training;
  gboolean    affine;       /* weight and bias */
  gboolean    running;      /* running statistics given */
} BnCase;

static const BnCase bn_cases[] = {
  { "2d-train-affine", { 5, 3 }, 2, TRUE, TRUE, TRUE },
  { "3d-train-affine", { 3, 2, 4 }, 3, TRUE, TRUE, FALSE },
  { "4d-train-plain", { 2, 3, 2, 2 }, 4, TRUE, FALSE, TRUE },
  { "3d-eval-affine", { 3, 2, 4 }, 3, FALSE, TRUE, TRUE },
  { "2d-eval-plain", { 4, 3 }, 2, FALSE, FALSE, TRUE },
};

typedef struct {
  const BnCase *c;
  GtTensor     *rm, *rv;
} BnData;

static GtTensor *
bn_fn (GtTensor **in, gpointer data, GError **error)
{
  BnData *d = data;

  return gt_tensor_batch_norm (in[0], d->rm, d->rv, d->c->affine ? in[1] : NULL,
                               d->c->affine ? in[2] : NULL, d->c->training, 0.1,
                               1e-5, error);
}

static void
test_batch_norm (gconstpointer data)
{
  const BnCase *c = data;
  gint64 cs[1] = { c->shape[1] };

  for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
    {
      g_autofree char *what = g_strdup_printf ("batch_norm %s (%s)", c->name,
                                               layout_names[k]);
      g_autoptr(GtTensor) x = gt_gradcheck_input (rng, c->shape, c->ndim, -2, 2, layouts[k]);
      g_autoptr(GtTensor) w = gt_gradcheck_input (rng, cs, 1, 0.5, 1.5, GT_GRADCHECK_CONTIGUOUS);
      g_autoptr(GtTensor) b = gt_gradcheck_input (rng, cs, 1, -1, 1, GT_GRADCHECK_SLICED);
      g_autoptr(GtTensor) rm = NULL;
      g_autoptr(GtTensor) rv = NULL;
      g_autoptr(GError) error = NULL;
      GtTensor *in[3] = { x, w, b };
      BnData d = { c, NULL, NULL };

      if (c->running)
        {
          rm = gt_gradcheck_input (rng, cs, 1, -0.5, 0.5, GT_GRADCHECK_CONTIGUOUS);
          rv = gt_gradcheck_input (rng, cs, 1, 0.5, 2, GT_GRADCHECK_CONTIGUOUS);
          g_assert_true (gt_tensor_set_requires_grad (rm, FALSE, NULL));
          g_assert_true (gt_tensor_set_requires_grad (rv, FALSE, NULL));
          d.rm = rm;
          d.rv = rv;
        }
      {
        g_autoptr(GtTensor) y = bn_fn (in, &d, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "NativeBatchNormBackward0");
      }
      gt_gradcheck (what, bn_fn, &d, in, c->affine ? 3 : 1, TRUE, rng);
    }
}

/* ---- layer norm -------------------------------------------------------------- */

typedef struct {
  const char *name;
  gint64      shape[3];
  guint       ndim;
  guint       n_norm;
  gboolean    affine;
} LnCase;

static const LnCase ln_cases[] = {
  { "2d-last", { 3, 4 }, 2, 1, TRUE },
  { "3d-last-two", { 2, 3, 4 }, 3, 2, TRUE },
  { "3d-plain", { 2, 3, 4 }, 3, 1, FALSE },
  { "1d", { 5 }, 1, 1, TRUE },
};

static GtTensor *
ln_fn (GtTensor **in, gpointer data, GError **error)
{
  const LnCase *c = data;

  return gt_tensor_layer_norm (in[0], c->shape + c->ndim - c->n_norm, c->n_norm,
                               c->affine ? in[1] : NULL, c->affine ? in[2] : NULL,
                               1e-5, error);
}

static void
test_layer_norm (gconstpointer data)
{
  const LnCase *c = data;
  const gint64 *ns = c->shape + c->ndim - c->n_norm;

  for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
    {
      g_autofree char *what = g_strdup_printf ("layer_norm %s (%s)", c->name,
                                               layout_names[k]);
      g_autoptr(GtTensor) x = gt_gradcheck_input (rng, c->shape, c->ndim, -2, 2, layouts[k]);
      g_autoptr(GtTensor) w = gt_gradcheck_input (rng, ns, c->n_norm, 0.5, 1.5, layouts[k]);
      g_autoptr(GtTensor) b = gt_gradcheck_input (rng, ns, c->n_norm, -1, 1, GT_GRADCHECK_CONTIGUOUS);
      g_autoptr(GError) error = NULL;
      GtTensor *in[3] = { x, w, b };
      g_autoptr(GtTensor) y = ln_fn (in, (gpointer) c, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "NativeLayerNormBackward0");
      gt_gradcheck (what, ln_fn, (gpointer) c, in, c->affine ? 3 : 1, TRUE, rng);
    }
}

/* ---- linear ------------------------------------------------------------------ */

typedef struct {
  const char *name;
  gint64      shape[3];
  guint       ndim;
  gboolean    bias;
} LinCase;

static const LinCase lin_cases[] = {
  { "2d-bias", { 4, 3 }, 2, TRUE },
  { "3d-bias", { 2, 2, 3 }, 3, TRUE },
  { "1d-bias", { 3 }, 1, TRUE },
  { "2d", { 4, 3 }, 2, FALSE },
  { "3d", { 2, 2, 3 }, 3, FALSE },
};

static GtTensor *
lin_fn (GtTensor **in, gpointer data, GError **error)
{
  const LinCase *c = data;

  return gt_tensor_linear (in[0], in[1], c->bias ? in[2] : NULL, error);
}

static void
test_linear (gconstpointer data)
{
  const LinCase *c = data;
  gint64 ws[2] = { 5, 3 }, bs[1] = { 5 };

  for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
    {
      g_autofree char *what = g_strdup_printf ("linear %s (%s)", c->name,
                                               layout_names[k]);
      g_autoptr(GtTensor) x = gt_gradcheck_input (rng, c->shape, c->ndim, -1, 1, layouts[k]);
      g_autoptr(GtTensor) w = gt_gradcheck_input (rng, ws, 2, -1, 1, layouts[k]);
      g_autoptr(GtTensor) b = gt_gradcheck_input (rng, bs, 1, -1, 1, GT_GRADCHECK_CONTIGUOUS);
      GtTensor *in[3] = { x, w, b };

      gt_gradcheck (what, lin_fn, (gpointer) c, in, c->bias ? 3 : 2, TRUE, rng);
    }
}

/* ---- embedding --------------------------------------------------------------- */

typedef struct {
  GtTensor *indices;
  gint64    padding_idx;
} EmbData;

static GtTensor *
emb_fn (GtTensor **in, gpointer data, GError **error)
{
  EmbData *d = data;

  return gt_embedding (d->indices, in[0], d->padding_idx, 0.0, 2.0, error);
}

static void
test_embedding (void)
{
  /* repeated indices accumulate; row 3 is never used. The padding row's
   * gradient is zero on purpose (not the derivative), so the checker runs
   * without padding and with the unused row 3 as padding (the masked path);
   * the values with a used padding row are checked below. */
  static const gint64 pads[] = { -1, 3 };
  static const gdouble idx[] = { 1, 0, 2, 1, 4, 1 };
  gint64 is[2] = { 2, 3 }, ws[2] = { 5, 3 };
  g_autoptr(GtTensor) indices = gt_test_new (idx, 6, is, 2, GT_DTYPE_INT64);

  for (guint p = 0; p < G_N_ELEMENTS (pads); p++)
    for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
      {
        gint64 pad = pads[p];
        g_autofree char *what = g_strdup_printf ("embedding padding_idx=%" G_GINT64_FORMAT
                                                 " (%s)", pad, layout_names[k]);
        g_autoptr(GtTensor) w = gt_gradcheck_input (rng, ws, 2, -1, 1, layouts[k]);
        EmbData d = { indices, pad };
        g_autoptr(GError) error = NULL;
        g_autoptr(GtTensor) y = emb_fn (&w, &d, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "EmbeddingBackward0");
        gt_gradcheck (what, emb_fn, &d, &w, 1, TRUE, rng);
      }
}

/* The padding row's gradient is zero, the others count their uses. */
static void
test_embedding_gradient_values (void)
{
  static const gdouble idx[] = { 1, 0, 2, 1, 4, 1 };
  static const gdouble wv[15] = { 0 };
  /* rows used: 0 once, 1 three times (padding), 2 once, 3 never, 4 once */
  static const gdouble expected[] = { 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1 };
  gint64 ws[2] = { 5, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) indices = gt_test_new_1d (idx, 6, GT_DTYPE_INT32);
  g_autoptr(GtTensor) w = gt_test_new (wv, 15, ws, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) y = NULL;
  g_autoptr(GtTensor) s = NULL;

  g_assert_true (gt_tensor_set_requires_grad (w, TRUE, NULL));
  y = gt_embedding (indices, w, 1, 0.0, 2.0, &error);
  s = gt_tensor_sum (y, NULL, 0, FALSE, &error);
  g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (w), expected, 15, 0);
}

/* Batch norm's gradients for a constant channel (variance 0): finite with
 * eps, and the kernel agrees with the composed path. */
static void
test_batch_norm_training_values (void)
{
  /* x = [[1, 2], [3, 2], [5, 2]]: channel 1 is constant */
  static const gdouble xv[] = { 1, 2, 3, 2, 5, 2 };
  static const gdouble gv[] = { 1, 0.5, -2, 0.25, 0.5, 1 };
  gint64 shape[2] = { 3, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new (xv, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) g = gt_test_new (gv, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = NULL;
  g_autofree gdouble *dx = NULL;
  gsize n = 0;
  gdouble mean_g = (1 - 2 + 0.5) / 3.0, invstd = 1.0 / sqrt (8.0 / 3.0 + 1e-5);
  gdouble xh[3], dot = 0;

  g_assert_true (gt_tensor_set_requires_grad (x, TRUE, NULL));
  y = gt_tensor_batch_norm (x, NULL, NULL, NULL, NULL, TRUE, 0.1, 1e-5, &error);
  g_assert_true (gt_tensor_backward (y, g, FALSE, FALSE, &error));
  g_assert_no_error (error);
  dx = gt_tensor_to_doubles (gt_tensor_get_grad (x), &n, &error);
  /* channel 0 by the formula; channel 1: gradient minus its mean, / sqrt(eps) */
  for (int i = 0; i < 3; i++)
    {
      xh[i] = (xv[2 * i] - 3.0) * invstd;
      dot += gv[2 * i] * xh[i];
    }
  for (int i = 0; i < 3; i++)
    {
      gdouble want = invstd * (gv[2 * i] - mean_g - xh[i] * dot / 3.0);
      gdouble want1 = (gv[2 * i + 1] - (0.5 + 0.25 + 1) / 3.0) / sqrt (1e-5);

      g_assert_cmpfloat_with_epsilon (dx[2 * i], want, 1e-12);
      g_assert_cmpfloat_with_epsilon (dx[2 * i + 1], want1, 1e-9);
    }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (4242);
  for (guint i = 0; i < G_N_ELEMENTS (bn_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad-norm/batch-norm/%s", bn_cases[i].name);
      g_test_add_data_func (path, &bn_cases[i], test_batch_norm);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ln_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad-norm/layer-norm/%s", ln_cases[i].name);
      g_test_add_data_func (path, &ln_cases[i], test_layer_norm);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lin_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad-norm/linear/%s", lin_cases[i].name);
      g_test_add_data_func (path, &lin_cases[i], test_linear);
    }
  g_test_add_func ("/grad-norm/embedding", test_embedding);
  g_test_add_func ("/grad-norm/embedding/values", test_embedding_gradient_values);
  g_test_add_func ("/grad-norm/batch-norm/values", test_batch_norm_training_values);
  status = g_test_run ();
  g_rand_free (rng);
  return status;
}
