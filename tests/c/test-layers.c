/* test-layers.c: the layers of gtensor/nn against hand-computed values:
 * parameter names, shapes and initialisation, construct properties,
 * training/evaluation behaviour and the errors torch's constructors and
 * forwards raise. */

#include <math.h>
#include <string.h>

#include "gt-test-utils.h"

/* Overwrites the parameter or buffer @t with @data (grad mode off, as
 * torch's `with torch.no_grad(): p.copy_(...)`). */
static void
set_values (GtTensor      *t,
            const gdouble *data,
            gsize          n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
  gsize n_dims;
  const gint64 *shape = gt_tensor_get_shape (t, &n_dims);
  g_autoptr(GtTensor) src = gt_test_new (data, n, shape, n_dims,
                                         gt_tensor_get_dtype (t));

  g_assert_nonnull (t);
  gt_tensor_copy_ (t, src, &error);
  g_assert_no_error (error);
}

static void
assert_param_names (GtModule    *module,
                    const char **expected)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) params = gt_module_named_parameters (module, TRUE,
                                                            &names);

  g_assert_cmpuint (params->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < params->len; i++)
    {
      g_assert_cmpstr (names[i], ==, expected[i]);
      g_assert_true (gt_tensor_get_requires_grad (params->pdata[i]));
    }
}

static void
assert_state_keys (GtModule    *module,
                   const char **expected)
{
  g_auto(GStrv) keys = gt_module_state_dict_keys (module);

  g_assert_cmpstrv (keys, expected);
}

/* ---- Linear ------------------------------------------------------------ */

static void
test_linear_params (void)
{
  g_autoptr(GtModule) m = gt_linear_new (3, 2, TRUE);
  g_autoptr(GtModule) nb = gt_linear_new (3, 2, FALSE);
  const char *names[] = { "weight", "bias", NULL };
  const char *names_nb[] = { "weight", NULL };
  const gint64 wshape[] = { 2, 3 }, bshape[] = { 2 };
  gint64 in_features = 0, out_features = 0;
  gboolean bias = FALSE;
  GtDType dtype = GT_DTYPE_BOOL;

  g_assert_true (GT_IS_LINEAR (m));
  assert_param_names (m, names);
  assert_state_keys (m, names);
  gt_test_assert_shape (gt_module_get_parameter (m, "weight"), wshape, 2);
  gt_test_assert_shape (gt_module_get_parameter (m, "bias"), bshape, 1);
  g_assert_cmpint (gt_tensor_get_dtype (gt_module_get_parameter (m, "weight")),
                   ==, GT_DTYPE_FLOAT32);
  g_object_get (m, "in-features", &in_features, "out-features", &out_features,
                "bias", &bias, "dtype", &dtype, NULL);
  g_assert_cmpint (in_features, ==, 3);
  g_assert_cmpint (out_features, ==, 2);
  g_assert_true (bias);
  g_assert_cmpint (dtype, ==, GT_DTYPE_FLOAT32);

  /* no bias: registered as None, absent from the lists */
  assert_param_names (nb, names_nb);
  assert_state_keys (nb, names_nb);
  g_assert_null (gt_module_get_parameter (nb, "bias"));
}

/* kaiming_uniform_(a=sqrt(5)) then the bias, drawn in that order from the
 * library's generator: replaying the same draws by hand gives the same
 * numbers. */
static void
test_linear_init (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = NULL;
  g_autoptr(GtTensor) w = NULL;
  g_autoptr(GtTensor) b = NULL;
  g_autofree gdouble *wv = NULL;
  g_autofree gdouble *bv = NULL;
  const gint64 wshape[] = { 4, 5 }, bshape[] = { 4 };
  gdouble bound = 1 / sqrt (5.0);
  /* torch's kaiming_uniform_ bound, step by step */
  gdouble a = sqrt (5.0);
  gdouble wbound = sqrt (3.0) * (sqrt (2.0 / (1 + a * a)) / sqrt (5.0));
  gsize n;

  gt_manual_seed (1234);
  m = gt_linear_new_full (5, 4, TRUE, GT_DTYPE_FLOAT64, &error);
  g_assert_no_error (error);

  gt_manual_seed (1234);
  w = gt_empty (wshape, 2, GT_DTYPE_FLOAT64, NULL, &error);
  g_assert_no_error (error);
  /* gain sqrt(2 / (1 + 5)) times sqrt(3 / fan_in): 1 / sqrt(fan_in) */
  gt_tensor_uniform_ (w, -wbound, wbound, &error);
  g_assert_no_error (error);
  b = gt_empty (bshape, 1, GT_DTYPE_FLOAT64, NULL, &error);
  gt_tensor_uniform_ (b, -bound, bound, &error);
  g_assert_no_error (error);

  wv = gt_tensor_to_doubles (w, &n, &error);
  gt_test_assert_values (gt_module_get_parameter (m, "weight"), wv, n, 0);
  bv = gt_tensor_to_doubles (b, &n, &error);
  gt_test_assert_values (gt_module_get_parameter (m, "bias"), bv, n, 0);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat (fabs (bv[i]), <=, bound);
}

static void
test_linear_forward (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = gt_linear_new (3, 2, TRUE);
  const gdouble w[] = { 1, 2, 3, -1, 0, 1 }, b[] = { 0.5, -0.5 };
  const gdouble x[] = { 1, 1, 1, 2, 0, -1 };
  const gint64 xshape[] = { 2, 3 };
  g_autoptr(GtTensor) input = gt_test_new (x, 6, xshape, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) out = NULL;
  /* [1,1,1]: 6.5, -0.5; [2,0,-1]: -1+0.5, -3-0.5 */
  const gdouble expected[] = { 6.5, -0.5, -0.5, -3.5 };

  set_values (gt_module_get_parameter (m, "weight"), w, 6);
  set_values (gt_module_get_parameter (m, "bias"), b, 2);
  out = gt_module_forward (m, input, &error);
  g_assert_no_error (error);
  gt_test_assert_values (out, expected, 4, 1e-6);
  g_assert_true (gt_tensor_get_requires_grad (out));
}

static void
test_linear_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) bad = NULL;
  g_autoptr(GtTensor) x = gt_zeros ((gint64[]) { 1, 3 }, 2, GT_DTYPE_FLOAT32,
                                    NULL, NULL);
  GtModule *m;

  m = gt_linear_new_full (-1, 2, TRUE, GT_DTYPE_FLOAT32, &error);
  g_assert_null (m);
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_linear_new");
  m = gt_linear_new_full (3, 2, TRUE, GT_DTYPE_INT64, &error);
  g_assert_null (m);
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_linear_new");

  /* the constructor without GError: the forward reports the problem */
  bad = gt_linear_new (3, -2, TRUE);
  g_assert_null (gt_module_forward (bad, x, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_linear_new");
}

/* ---- Conv2d ------------------------------------------------------------ */

static void
test_conv2d_params (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = gt_conv2d_new (3, 8, 5, 2, 1);
  g_autoptr(GtModule) g = NULL;
  const char *names[] = { "weight", "bias", NULL };
  const gint64 wshape[] = { 8, 3, 5, 5 }, bshape[] = { 8 };
  const gint64 gshape[] = { 6, 2, 3, 1 };
  gint64 kh, kw, sh, sw, ph, pw, dh, groups;
  char *mode = NULL, *pstr = NULL;

  assert_param_names (m, names);
  gt_test_assert_shape (gt_module_get_parameter (m, "weight"), wshape, 4);
  gt_test_assert_shape (gt_module_get_parameter (m, "bias"), bshape, 1);
  g_object_get (m, "kernel-height", &kh, "kernel-width", &kw,
                "stride-height", &sh, "stride-width", &sw,
                "padding-height", &ph, "padding-width", &pw,
                "dilation-height", &dh, "groups", &groups,
                "padding-mode", &mode, "padding-string", &pstr, NULL);
  g_assert_cmpint (kh, ==, 5);
  g_assert_cmpint (kw, ==, 5);
  g_assert_cmpint (sh, ==, 2);
  g_assert_cmpint (sw, ==, 2);
  g_assert_cmpint (ph, ==, 1);
  g_assert_cmpint (pw, ==, 1);
  g_assert_cmpint (dh, ==, 1);
  g_assert_cmpint (groups, ==, 1);
  g_assert_cmpstr (mode, ==, "zeros");
  g_assert_null (pstr);
  g_free (mode);

  /* groups divide the input channels of the weight; fan_in = 2 * 3 * 1 */
  g = gt_conv2d_new_full (4, 6, 3, 1, 1, 1, 0, 0, "same", 1, 1, 2, FALSE,
                          NULL, GT_DTYPE_FLOAT64, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (gt_module_get_parameter (g, "weight"), gshape, 4);
  g_assert_null (gt_module_get_parameter (g, "bias"));
  {
    g_autofree gdouble *v = NULL;
    gsize n;
    gdouble bound = 1 / sqrt (6.0), lo = 1, hi = -1;

    v = gt_tensor_to_doubles (gt_module_get_parameter (g, "weight"), &n,
                              &error);
    for (gsize i = 0; i < n; i++)
      {
        lo = MIN (lo, v[i]);
        hi = MAX (hi, v[i]);
      }
    /* inside the bound, and spread over most of it (36 draws) */
    g_assert_cmpfloat (lo, >=, -bound);
    g_assert_cmpfloat (hi, <=, bound);
    g_assert_cmpfloat (hi - lo, >, bound);
  }
}

static void
test_conv2d_errors (void)
{
  g_autoptr(GError) error = NULL;
  struct {
    gint64 in, out, stride, groups;
    const char *pad, *mode;
    gint code;
    const char *text;
  } cases[] = {
    { 3, 4, 1, 0, NULL, NULL, GT_ERROR_VALUE, "groups must be a positive" },
    { 3, 4, 1, 2, NULL, NULL, GT_ERROR_VALUE, "in_channels must be divisible" },
    { 4, 3, 1, 2, NULL, NULL, GT_ERROR_VALUE, "out_channels must be divisible" },
    { 3, 4, 1, 1, "full", NULL, GT_ERROR_VALUE, "Invalid padding string 'full'" },
    { 3, 4, 2, 1, "same", NULL, GT_ERROR_VALUE, "not supported for strided" },
    { 3, 4, 1, 1, NULL, "reflect", GT_ERROR_NOT_SUPPORTED, "reflect" },
    { 3, 4, 1, 1, NULL, "circular", GT_ERROR_NOT_SUPPORTED, "circular" },
    { 3, 4, 1, 1, NULL, "mirror", GT_ERROR_VALUE, "padding_mode must be one of" },
    { -3, 4, 1, 1, NULL, NULL, GT_ERROR_VALUE, "non-negative" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtModule *m = gt_conv2d_new_full (cases[i].in, cases[i].out, 3, 3,
                                        cases[i].stride, cases[i].stride,
                                        0, 0, cases[i].pad, 1, 1,
                                        cases[i].groups, TRUE, cases[i].mode,
                                        GT_DTYPE_FLOAT32, &error);

      g_assert_null (m);
      gt_assert_error_names (error, cases[i].code, "gt_conv2d_new");
      if (strstr (error->message, cases[i].text) == NULL)
        g_error ("case %" G_GSIZE_FORMAT ": '%s' lacks '%s'", i,
                 error->message, cases[i].text);
      g_clear_error (&error);
    }
  g_assert_null (gt_conv2d_new_full (1, 1, 3, 3, 1, 1, 0, 0, NULL, 1, 1, 1,
                                     TRUE, NULL, GT_DTYPE_INT32, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_conv2d_new");
}

static void
test_conv2d_forward (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = gt_conv2d_new (1, 1, 2, 1, 0);
  g_autoptr(GtModule) same = NULL;
  const gint64 xshape[] = { 1, 1, 3, 3 };
  g_autoptr(GtTensor) x = gt_test_arange_shaped (xshape, 4, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) out = NULL;
  const gdouble w[] = { 1, 0, 0, 1 }, b[] = { 10 };
  /* x[i][j] + x[i+1][j+1] + 10 over 0..8 */
  const gdouble expected[] = { 14, 16, 20, 22 };
  const gint64 oshape[] = { 1, 1, 2, 2 };

  set_values (gt_module_get_parameter (m, "weight"), w, 4);
  set_values (gt_module_get_parameter (m, "bias"), b, 1);
  out = gt_module_forward (m, x, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (out, oshape, 4);
  gt_test_assert_values (out, expected, 4, 1e-5);
  g_clear_object (&out);

  /* "same" keeps the 3x3 size with a 2x2 kernel (padding 0 before, 1 after) */
  same = g_object_new (GT_TYPE_CONV2D, "kernel-height", (gint64) 2,
                       "kernel-width", (gint64) 2, "padding-string", "same",
                       "bias", FALSE, NULL);
  set_values (gt_module_get_parameter (same, "weight"), w, 4);
  out = gt_module_forward (same, x, &error);
  g_assert_no_error (error);
  {
    const gdouble e[] = { 4, 6, 2, 10, 12, 5, 6, 7, 8 };

    gt_test_assert_values (out, e, 9, 1e-5);
  }
}

/* ---- pooling ------------------------------------------------------------ */

static void
test_max_pool2d (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = gt_max_pool2d_new (2);
  g_autoptr(GtModule) r = gt_max_pool2d_new_full (2, 2, 1, 1, 0, 0, 1, 1,
                                                  FALSE, TRUE);
  const gint64 xshape[] = { 1, 1, 4, 4 };
  g_autoptr(GtTensor) x = gt_test_arange_shaped (xshape, 4, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) idx = NULL;
  gint64 sh, sw;
  gboolean ri;
  const gdouble expected[] = { 5, 7, 13, 15 };
  const gint64 eidx[] = { 5, 7, 13, 15 };

  g_object_get (m, "stride-height", &sh, "stride-width", &sw,
                "return-indices", &ri, NULL);
  /* stride=None means the kernel size */
  g_assert_cmpint (sh, ==, 2);
  g_assert_cmpint (sw, ==, 2);
  g_assert_false (ri);
  g_assert_null (gt_max_pool2d_get_indices (GT_MAX_POOL2D (m)));

  out = gt_module_forward (m, x, &error);
  g_assert_no_error (error);
  gt_test_assert_values (out, expected, 4, 0);
  g_assert_null (gt_max_pool2d_get_indices (GT_MAX_POOL2D (m)));
  g_clear_object (&out);

  out = gt_max_pool2d_forward_with_indices (GT_MAX_POOL2D (m), x, &idx,
                                            &error);
  g_assert_no_error (error);
  gt_test_assert_values (out, expected, 4, 0);
  gt_test_assert_int64s (idx, eidx, 4);
  g_clear_object (&out);
  g_clear_object (&idx);

  /* stride 1 with return_indices: a 3x3 output, indices kept */
  out = gt_module_forward (r, x, &error);
  g_assert_no_error (error);
  {
    const gint64 e[] = { 5, 6, 7, 9, 10, 11, 13, 14, 15 };

    gt_test_assert_int64s (gt_max_pool2d_get_indices (GT_MAX_POOL2D (r)), e,
                           9);
  }
}

static void
test_avg_pool2d (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = gt_avg_pool2d_new (2);
  g_autoptr(GtModule) pad = gt_avg_pool2d_new_full (2, 2, 2, 2, 1, 1, FALSE,
                                                    FALSE, 0);
  g_autoptr(GtModule) div = gt_avg_pool2d_new_full (2, 2, 0, 0, 0, 0, FALSE,
                                                    TRUE, 1);
  const gint64 xshape[] = { 1, 4, 4 };
  g_autoptr(GtTensor) x = gt_test_arange_shaped (xshape, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) out = NULL;
  gboolean cip;
  gint64 dov, sw;

  g_object_get (m, "count-include-pad", &cip, "divisor-override", &dov,
                "stride-width", &sw, NULL);
  g_assert_true (cip);
  g_assert_cmpint (dov, ==, 0);
  g_assert_cmpint (sw, ==, 2);

  out = gt_module_forward (m, x, &error);
  g_assert_no_error (error);
  {
    const gdouble e[] = { 2.5, 4.5, 10.5, 12.5 };

    gt_test_assert_values (out, e, 4, 1e-12);
  }
  g_clear_object (&out);
  /* padding 1 without counting the pad: corners average one element */
  out = gt_module_forward (pad, x, &error);
  g_assert_no_error (error);
  {
    const gdouble e[] = { 0, 1.5, 3, 6, 7.5, 9, 12, 13.5, 15 };

    gt_test_assert_values (out, e, 9, 1e-12);
  }
  g_clear_object (&out);
  out = gt_module_forward (div, x, &error);
  g_assert_no_error (error);
  {
    const gdouble e[] = { 10, 18, 42, 50 };

    gt_test_assert_values (out, e, 4, 1e-12);
  }
}

static void
test_adaptive_avg_pool2d (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = gt_adaptive_avg_pool2d_new (1, 1);
  g_autoptr(GtModule) keep = gt_adaptive_avg_pool2d_new (-1, 2);
  const gint64 xshape[] = { 1, 2, 3, 4 };
  g_autoptr(GtTensor) x = gt_test_arange_shaped (xshape, 4, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) out = NULL;
  const gint64 oshape[] = { 1, 2, 1, 1 }, kshape[] = { 1, 2, 3, 2 };

  out = gt_module_forward (m, x, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (out, oshape, 4);
  {
    const gdouble e[] = { 5.5, 17.5 };

    gt_test_assert_values (out, e, 2, 1e-5);
  }
  g_clear_object (&out);
  /* None keeps the height: columns pairs averaged */
  out = gt_module_forward (keep, x, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (out, kshape, 4);
  {
    const gdouble e[] = { 0.5, 2.5, 4.5, 6.5, 8.5, 10.5,
                          12.5, 14.5, 16.5, 18.5, 20.5, 22.5 };

    gt_test_assert_values (out, e, 12, 1e-5);
  }
}

/* ---- activations ---------------------------------------------------------- */

static GtTensor *
activation_input (GtDType dtype)
{
  const gdouble x[] = { -2, -0.5, 0, 1, 3 };

  return gt_test_new_1d (x, 5, dtype);
}

static void
test_relu (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = gt_relu_new ();
  g_autoptr(GtModule) inplace = g_object_new (GT_TYPE_RELU, "inplace", TRUE,
                                              NULL);
  g_autoptr(GtTensor) x = activation_input (GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) same = NULL;
  const gdouble e[] = { 0, 0, 0, 1, 3 }, orig[] = { -2, -0.5, 0, 1, 3 };

  {
    g_autoptr(GPtrArray) params = gt_module_parameters (m, TRUE);

    g_assert_cmpuint (params->len, ==, 0);
  }
  out = gt_module_forward (m, x, &error);
  g_assert_no_error (error);
  gt_test_assert_values (out, e, 5, 0);
  gt_test_assert_values (x, orig, 5, 0);
  same = gt_module_forward (inplace, x, &error);
  g_assert_no_error (error);
  g_assert_true (same == x);
  gt_test_assert_values (x, e, 5, 0);
}

static void
test_sigmoid_tanh (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) s = gt_sigmoid_new ();
  g_autoptr(GtModule) t = gt_tanh_new ();
  g_autoptr(GtTensor) x = activation_input (GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) so = gt_module_forward (s, x, &error);
  g_autoptr(GtTensor) to = NULL;
  gdouble es[5], et[5];
  const gdouble xs[] = { -2, -0.5, 0, 1, 3 };

  g_assert_no_error (error);
  to = gt_module_forward (t, x, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      es[i] = 1 / (1 + exp (-xs[i]));
      et[i] = tanh (xs[i]);
    }
  gt_test_assert_values (so, es, 5, 1e-15);
  gt_test_assert_values (to, et, 5, 1e-15);
}

static void
test_leaky_relu (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) d = g_object_new (GT_TYPE_LEAKY_RELU, NULL);
  g_autoptr(GtModule) m = gt_leaky_relu_new (0.2);
  g_autoptr(GtTensor) x = activation_input (GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) out = NULL;
  gdouble slope = 0;

  g_object_get (d, "negative-slope", &slope, NULL);
  g_assert_cmpfloat (slope, ==, 0.01);
  out = gt_module_forward (m, x, &error);
  g_assert_no_error (error);
  {
    const gdouble e[] = { -0.4, -0.1, 0, 1, 3 };

    gt_test_assert_values (out, e, 5, 1e-15);
  }
}

static void
test_gelu (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = gt_gelu_new (NULL);
  g_autoptr(GtModule) th = gt_gelu_new ("tanh");
  g_autoptr(GtModule) bad = gt_gelu_new ("fast");
  g_autoptr(GtTensor) x = activation_input (GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) out = NULL;
  g_autofree char *approx = NULL;
  const gdouble xs[] = { -2, -0.5, 0, 1, 3 };
  gdouble e[5], et[5];

  g_object_get (m, "approximate", &approx, NULL);
  g_assert_cmpstr (approx, ==, "none");
  for (guint i = 0; i < 5; i++)
    {
      gdouble v = xs[i];

      e[i] = 0.5 * v * (1 + erf (v / sqrt (2.0)));
      et[i] = 0.5 * v * (1 + tanh (sqrt (2 / G_PI)
                                   * (v + 0.044715 * v * v * v)));
    }
  out = gt_module_forward (m, x, &error);
  g_assert_no_error (error);
  gt_test_assert_values (out, e, 5, 1e-14);
  g_clear_object (&out);
  out = gt_module_forward (th, x, &error);
  g_assert_no_error (error);
  gt_test_assert_values (out, et, 5, 1e-14);
  g_assert_null (gt_module_forward (bad, x, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
}

static void
test_softmax (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) sm = gt_softmax_new (1);
  g_autoptr(GtModule) lsm = gt_log_softmax_new (-1);
  g_autoptr(GtModule) implicit = g_object_new (GT_TYPE_SOFTMAX, NULL);
  const gdouble x[] = { 0, 1, 2, 1, 1, 1 };
  const gint64 shape[] = { 2, 3 };
  g_autoptr(GtTensor) input = gt_test_new (x, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) out = NULL;
  gdouble z = 1 + exp (1) + exp (2);
  const gdouble e[] = { 1 / z, exp (1) / z, exp (2) / z,
                        1 / 3.0, 1 / 3.0, 1 / 3.0 };
  const gdouble le[] = { -log (z), 1 - log (z), 2 - log (z),
                         -log (3), -log (3), -log (3) };
  gint dim = 0;

  g_object_get (implicit, "dim", &dim, NULL);
  g_assert_cmpint (dim, ==, G_MININT);
  out = gt_module_forward (sm, input, &error);
  g_assert_no_error (error);
  gt_test_assert_values (out, e, 6, 1e-15);
  g_clear_object (&out);
  /* dim=None on a 2-D input picks dim 1 */
  out = gt_module_forward (implicit, input, &error);
  g_assert_no_error (error);
  gt_test_assert_values (out, e, 6, 1e-15);
  g_clear_object (&out);
  out = gt_module_forward (lsm, input, &error);
  g_assert_no_error (error);
  gt_test_assert_values (out, le, 6, 1e-14);
}

/* ---- normalisation -------------------------------------------------------- */

static void
test_batch_norm_state (void)
{
  g_autoptr(GtModule) m = gt_batch_norm2d_new (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) plain = NULL;
  const char *keys[] = { "weight", "bias", "running_mean", "running_var",
                         "num_batches_tracked", NULL };
  const char *params[] = { "weight", "bias", NULL };
  const char *none[] = { NULL };
  GtTensor *count = gt_module_get_buffer (m, "num_batches_tracked");
  gdouble eps, momentum;
  gboolean affine, track;
  gint64 nf;

  g_assert_true (GT_IS_BATCH_NORM (m));
  assert_param_names (m, params);
  assert_state_keys (m, keys);
  gt_test_assert_all (gt_module_get_parameter (m, "weight"), 1);
  gt_test_assert_all (gt_module_get_parameter (m, "bias"), 0);
  gt_test_assert_all (gt_module_get_buffer (m, "running_mean"), 0);
  gt_test_assert_all (gt_module_get_buffer (m, "running_var"), 1);
  g_assert_cmpint (gt_tensor_get_dtype (count), ==, GT_DTYPE_INT64);
  g_assert_cmpuint (gt_tensor_get_ndim (count), ==, 0);
  g_assert_cmpint (gt_tensor_item_int64 (count, NULL), ==, 0);
  g_object_get (m, "eps", &eps, "momentum", &momentum, "affine", &affine,
                "track-running-stats", &track, "num-features", &nf, NULL);
  g_assert_cmpfloat (eps, ==, 1e-5);
  g_assert_cmpfloat (momentum, ==, 0.1);
  g_assert_true (affine && track);
  g_assert_cmpint (nf, ==, 3);

  plain = gt_batch_norm2d_new_full (3, 1e-3, 0.1, FALSE, FALSE,
                                    GT_DTYPE_FLOAT64, &error);
  g_assert_no_error (error);
  assert_param_names (plain, none);
  assert_state_keys (plain, none);
  g_assert_null (gt_module_get_buffer (plain, "running_mean"));

  g_assert_null (gt_batch_norm1d_new_full (-2, 1e-5, 0.1, TRUE, TRUE,
                                           GT_DTYPE_FLOAT32, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_batch_norm1d_new");
  g_assert_null (gt_batch_norm2d_new_full (2, 1e-5, 0.1, TRUE, TRUE,
                                           GT_DTYPE_INT64, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_batch_norm2d_new");
}

static void
test_batch_norm_dims (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) b1 = gt_batch_norm1d_new (2);
  g_autoptr(GtModule) b2 = gt_batch_norm2d_new (2);
  g_autoptr(GtTensor) x3 = gt_zeros ((gint64[]) { 2, 2, 3 }, 3,
                                     GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) x4 = gt_zeros ((gint64[]) { 2, 2, 3, 1 }, 4,
                                     GT_DTYPE_FLOAT32, NULL, NULL);

  g_assert_null (gt_module_forward (b2, x3, &error));
  gt_assert_error_names (error, GT_ERROR_SHAPE, "gt_module_forward");
  g_assert_nonnull (strstr (error->message,
                            "expected 4D input (got 3D input)"));
  g_clear_error (&error);
  g_assert_null (gt_module_forward (b1, x4, &error));
  gt_assert_error_names (error, GT_ERROR_SHAPE, "gt_module_forward");
  g_assert_nonnull (strstr (error->message,
                            "expected 2D or 3D input (got 4D input)"));
  g_clear_error (&error);
  /* the refused forward did not count a batch */
  g_assert_cmpint (gt_tensor_item_int64 (gt_module_get_buffer (b2, "num_batches_tracked"), NULL), ==, 0);
}

static void
test_batch_norm_train_eval (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = NULL;
  g_autoptr(GtModule) cum = NULL;
  /* N=2, C=2, L=2: channel 0 holds 1, 3, 5, 7 (mean 4, biased var 5,
   * unbiased 20/3); channel 1 holds 2, 2, 2, 2 (mean 2, var 0) */
  const gdouble x[] = { 1, 3, 2, 2, 5, 7, 2, 2 };
  const gint64 shape[] = { 2, 2, 2 };
  g_autoptr(GtTensor) input = gt_test_new (x, 8, shape, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) out = NULL;
  gdouble s = sqrt (5 + 1e-5);
  const gdouble e_train[] = { -3 / s, -1 / s, 0, 0, 1 / s, 3 / s, 0, 0 };
  const gdouble e_mean[] = { 0.4, 0.2 };
  const gdouble e_var[] = { 0.9 + 0.1 * 20 / 3.0, 0.9 };

  m = gt_batch_norm1d_new_full (2, 1e-5, 0.1, TRUE, TRUE, GT_DTYPE_FLOAT64,
                                &error);
  g_assert_no_error (error);
  out = gt_module_forward (m, input, &error);
  g_assert_no_error (error);
  gt_test_assert_values (out, e_train, 8, 1e-12);
  gt_test_assert_values (gt_module_get_buffer (m, "running_mean"), e_mean, 2,
                         1e-14);
  gt_test_assert_values (gt_module_get_buffer (m, "running_var"), e_var, 2,
                         1e-14);
  g_assert_cmpint (gt_tensor_item_int64 (gt_module_get_buffer (m, "num_batches_tracked"), NULL), ==, 1);
  g_clear_object (&out);

  /* eval: the running statistics, which do not change */
  gt_module_eval (m);
  out = gt_module_forward (m, input, &error);
  g_assert_no_error (error);
  {
    gdouble e[8];

    for (guint i = 0; i < 8; i++)
      {
        guint c = (i / 2) % 2;

        e[i] = (x[i] - e_mean[c]) / sqrt (e_var[c] + 1e-5);
      }
    gt_test_assert_values (out, e, 8, 1e-12);
  }
  gt_test_assert_values (gt_module_get_buffer (m, "running_mean"), e_mean, 2,
                         1e-14);
  g_assert_cmpint (gt_tensor_item_int64 (gt_module_get_buffer (m, "num_batches_tracked"), NULL), ==, 1);
  g_clear_object (&out);

  /* momentum=None: a cumulative average, the first batch taken whole */
  cum = gt_batch_norm1d_new_full (2, 1e-5, NAN, TRUE, TRUE, GT_DTYPE_FLOAT64,
                                  &error);
  g_assert_no_error (error);
  out = gt_module_forward (cum, input, &error);
  g_assert_no_error (error);
  {
    const gdouble em[] = { 4, 2 }, ev[] = { 20 / 3.0, 0 };

    gt_test_assert_values (gt_module_get_buffer (cum, "running_mean"), em, 2,
                           1e-14);
    gt_test_assert_values (gt_module_get_buffer (cum, "running_var"), ev, 2,
                           1e-14);
  }
  g_assert_true (gt_batch_norm_reset_running_stats (GT_BATCH_NORM (cum),
                                                    &error));
  gt_test_assert_all (gt_module_get_buffer (cum, "running_mean"), 0);
  gt_test_assert_all (gt_module_get_buffer (cum, "running_var"), 1);
  g_assert_cmpint (gt_tensor_item_int64 (gt_module_get_buffer (cum, "num_batches_tracked"), NULL), ==, 0);
}

static void
test_layer_norm (void)
{
  g_autoptr(GError) error = NULL;
  const gint64 ns[] = { 2, 3 };
  g_autoptr(GtModule) m = gt_layer_norm_new_full (ns, 2, 1e-5, TRUE,
                                                  GT_DTYPE_FLOAT64, NULL);
  g_autoptr(GtModule) f32 = gt_layer_norm_new (ns, 2);
  g_autoptr(GtModule) plain = NULL;
  const char *names[] = { "weight", "bias", NULL };
  const char *none[] = { NULL };
  const gint64 xshape[] = { 2, 2, 3 };
  g_autoptr(GtTensor) x = gt_test_arange_shaped (xshape, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GVariant) v = NULL;
  const gint64 *got;
  gsize n = 0;

  assert_param_names (m, names);
  gt_test_assert_shape (gt_module_get_parameter (m, "weight"), ns, 2);
  gt_test_assert_all (gt_module_get_parameter (m, "weight"), 1);
  gt_test_assert_all (gt_module_get_parameter (m, "bias"), 0);
  got = gt_layer_norm_get_normalized_shape (GT_LAYER_NORM (m), &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (got[0], ==, 2);
  g_assert_cmpint (got[1], ==, 3);
  g_assert_cmpint (gt_tensor_get_dtype (gt_module_get_parameter (f32, "weight")),
                   ==, GT_DTYPE_FLOAT32);
  g_object_get (m, "normalized-shape", &v, NULL);
  g_assert_cmpstr (g_variant_get_type_string (v), ==, "ax");
  g_assert_cmpuint (g_variant_n_children (v), ==, 2);

  plain = gt_layer_norm_new_full (ns + 1, 1, 1e-5, FALSE, GT_DTYPE_FLOAT64,
                                  &error);
  g_assert_no_error (error);
  assert_param_names (plain, none);
  g_assert_null (gt_layer_norm_new_full ((gint64[]) { -1 }, 1, 1e-5, TRUE,
                                         GT_DTYPE_FLOAT32, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_layer_norm_new");

  out = gt_module_forward (m, x, &error);
  g_assert_no_error (error);
  {
    /* each sample is 6 consecutive numbers: mean +2.5, biased var 35/12 */
    gdouble e[12], s = sqrt (35 / 12.0 + 1e-5);

    for (guint i = 0; i < 12; i++)
      e[i] = ((i % 6) - 2.5) / s;
    gt_test_assert_values (out, e, 12, 1e-12);
  }
}

/* ---- dropout, embedding --------------------------------------------------- */

static void
test_dropout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = gt_dropout_new (0.5);
  g_autoptr(GtModule) all = gt_dropout_new (1.0);
  g_autoptr(GtModule) bad = gt_dropout_new (1.5);
  g_autoptr(GtTensor) x = gt_ones ((gint64[]) { 1000 }, 1, GT_DTYPE_FLOAT32,
                                   NULL, NULL);
  g_autoptr(GtTensor) out = NULL;
  g_autofree gdouble *v = NULL;
  gsize n, zeros = 0;
  gdouble p;

  {
    g_autoptr(GObject) d = g_object_new (GT_TYPE_DROPOUT, NULL);

    g_object_get (d, "p", &p, NULL);
  }
  g_assert_cmpfloat (p, ==, 0.5);
  g_assert_null (gt_dropout_new_full (-0.1, FALSE, &error));
  gt_assert_error_names (error, GT_ERROR_VALUE, "gt_dropout_new");
  g_assert_nonnull (strstr (error->message,
                            "dropout probability has to be between 0 and 1"));
  g_clear_error (&error);
  g_assert_null (gt_module_forward (bad, x, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_dropout_new");

  out = gt_module_forward (m, x, &error);
  g_assert_no_error (error);
  /* training: zeros and 2s, about half each */
  v = gt_tensor_to_doubles (out, &n, &error);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (v[i] == 0 || v[i] == 2);
      zeros += v[i] == 0;
    }
  g_assert_cmpuint (zeros, >, 400);
  g_assert_cmpuint (zeros, <, 600);
  g_clear_object (&out);
  out = gt_module_forward (all, x, &error);
  g_assert_no_error (error);
  gt_test_assert_all (out, 0);
  g_clear_object (&out);

  /* evaluation: the identity */
  gt_module_eval (m);
  out = gt_module_forward (m, x, &error);
  g_assert_no_error (error);
  gt_test_assert_all (out, 1);
}

static void
test_embedding (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtModule) m = NULL;
  g_autoptr(GtTensor) w = NULL;
  g_autoptr(GtTensor) row = NULL;
  g_autoptr(GtTensor) idx = NULL;
  g_autoptr(GtTensor) out = NULL;
  const char *names[] = { "weight", NULL };
  const gint64 wshape[] = { 5, 3 }, ishape[] = { 2, 2 };
  const gint64 ids[] = { 4, 1, 1, 2 };
  g_autofree gdouble *wv = NULL;
  gsize n;

  /* N(0, 1) from the generator, then the padding row zeroed */
  gt_manual_seed (7);
  m = gt_embedding_new_full (5, 3, 2, 0, 2, GT_DTYPE_FLOAT64, &error);
  g_assert_no_error (error);
  gt_manual_seed (7);
  w = gt_empty (wshape, 2, GT_DTYPE_FLOAT64, NULL, &error);
  gt_tensor_normal_ (w, 0, 1, &error);
  g_assert_no_error (error);
  row = gt_tensor_select (w, 0, 2, &error);
  gt_tensor_zero_ (row, &error);
  wv = gt_tensor_to_doubles (w, &n, &error);
  assert_param_names (m, names);
  gt_test_assert_shape (gt_module_get_parameter (m, "weight"), wshape, 2);
  gt_test_assert_values (gt_module_get_parameter (m, "weight"), wv, n, 0);

  g_assert_null (gt_embedding_new_full (5, 3, 5, 0, 2, GT_DTYPE_FLOAT32,
                                        &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_embedding_new");
  g_assert_null (gt_embedding_new_full (-5, 3, -1, 0, 2, GT_DTYPE_FLOAT32,
                                        &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_embedding_new");

  idx = gt_tensor_new_from_int64s (ids, 4, ishape, 2, GT_DTYPE_INT64, NULL,
                                   &error);
  out = gt_module_forward (m, idx, &error);
  g_assert_no_error (error);
  {
    const gint64 oshape[] = { 2, 2, 3 };
    gdouble e[12];

    for (guint i = 0; i < 4; i++)
      for (guint j = 0; j < 3; j++)
        e[i * 3 + j] = wv[ids[i] * 3 + j];
    gt_test_assert_shape (out, oshape, 3);
    gt_test_assert_values (out, e, 12, 0);
  }
}

/* A small CNN's state_dict keys are torch's. */
static void
test_state_dict_keys (void)
{
  g_autoptr(GtModule) seq = gt_sequential_new ();
  const char *keys[] = {
    "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean",
    "1.running_var", "1.num_batches_tracked", "5.weight", "5.bias", NULL
  };
  GtModule *layers[] = {
    gt_conv2d_new (1, 4, 3, 1, 1), gt_batch_norm2d_new (4), gt_relu_new (),
    gt_max_pool2d_new (2), gt_flatten_new (1, -1),
    gt_linear_new (4 * 2 * 2, 3, TRUE),
  };

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      gt_sequential_append (GT_SEQUENTIAL (seq), layers[i]);
      g_object_unref (layers[i]);
    }
  assert_state_keys (seq, keys);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layers/linear/params", test_linear_params);
  g_test_add_func ("/layers/linear/init", test_linear_init);
  g_test_add_func ("/layers/linear/forward", test_linear_forward);
  g_test_add_func ("/layers/linear/errors", test_linear_errors);
  g_test_add_func ("/layers/conv2d/params", test_conv2d_params);
  g_test_add_func ("/layers/conv2d/errors", test_conv2d_errors);
  g_test_add_func ("/layers/conv2d/forward", test_conv2d_forward);
  g_test_add_func ("/layers/max-pool2d", test_max_pool2d);
  g_test_add_func ("/layers/avg-pool2d", test_avg_pool2d);
  g_test_add_func ("/layers/adaptive-avg-pool2d", test_adaptive_avg_pool2d);
  g_test_add_func ("/layers/relu", test_relu);
  g_test_add_func ("/layers/sigmoid-tanh", test_sigmoid_tanh);
  g_test_add_func ("/layers/leaky-relu", test_leaky_relu);
  g_test_add_func ("/layers/gelu", test_gelu);
  g_test_add_func ("/layers/softmax", test_softmax);
  g_test_add_func ("/layers/batch-norm/state", test_batch_norm_state);
  g_test_add_func ("/layers/batch-norm/dims", test_batch_norm_dims);
  g_test_add_func ("/layers/batch-norm/train-eval", test_batch_norm_train_eval);
  g_test_add_func ("/layers/layer-norm", test_layer_norm);
  g_test_add_func ("/layers/dropout", test_dropout);
  g_test_add_func ("/layers/embedding", test_embedding);
  g_test_add_func ("/layers/state-dict-keys", test_state_dict_keys);

  return g_test_run ();
}
