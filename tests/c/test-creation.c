/* The creation functions: zeros, ones, full, empty, arange, linspace, eye
 * and their _like forms, with the values torch gives (PyTorch 1.13), and
 * every bad argument they must refuse. */

#include "gt-test-utils.h"

static const GtDType all_dtypes[] = {
  GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64, GT_DTYPE_FLOAT16, GT_DTYPE_BFLOAT16,
  GT_DTYPE_INT8, GT_DTYPE_UINT8, GT_DTYPE_INT16, GT_DTYPE_INT32,
  GT_DTYPE_INT64, GT_DTYPE_BOOL,
};

static void
assert_contiguous_shape (GtTensor     *t,
                         const gint64 *shape,
                         gsize         n_dims,
                         GtDType       dtype)
{
  gint64 numel = 1;

  g_assert_nonnull (t);
  gt_test_assert_shape (t, shape, n_dims);
  for (gsize i = 0; i < n_dims; i++)
    numel *= shape[i];
  g_assert_cmpint (gt_tensor_get_numel (t), ==, numel);
  g_assert_cmpint (gt_tensor_get_dtype (t), ==, dtype);
  g_assert_true (gt_tensor_is_contiguous (t));
  g_assert_cmpint (gt_tensor_get_storage_offset (t), ==, 0);
  g_assert_false (gt_tensor_get_requires_grad (t));
}

/* ---- filled tensors --------------------------------------------------------- */

static void
test_creation_zeros_ones (void)
{
  const gint64 shape[] = { 2, 3 };

  for (gsize i = 0; i < G_N_ELEMENTS (all_dtypes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) z = gt_zeros (shape, 2, all_dtypes[i], NULL, &error);
      g_autoptr(GtTensor) o = gt_ones (shape, 2, all_dtypes[i], NULL, &error);

      g_assert_no_error (error);
      assert_contiguous_shape (z, shape, 2, all_dtypes[i]);
      assert_contiguous_shape (o, shape, 2, all_dtypes[i]);
      gt_test_assert_all (z, 0.0);
      gt_test_assert_all (o, 1.0);
    }
}

static void
test_creation_scalar_and_empty_shapes (void)
{
  const gint64 zero[] = { 0 };
  const gint64 zero_mid[] = { 3, 0, 2 };
  const gint64 huge_empty[] = { 0, G_MAXINT64 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) s = gt_full (NULL, 0, 6.5, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) e1 = gt_zeros (zero, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) e2 = gt_ones (zero_mid, 3, GT_DTYPE_INT64, NULL, &error);
  /* torch.empty(0, 2**63 - 1) is fine: no element, no byte. */
  g_autoptr(GtTensor) e3 = gt_empty (huge_empty, 2, GT_DTYPE_FLOAT64, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (gt_tensor_get_ndim (s), ==, 0);
  g_assert_cmpfloat (gt_tensor_item (s, &error), ==, 6.5);
  assert_contiguous_shape (e1, zero, 1, GT_DTYPE_FLOAT32);
  assert_contiguous_shape (e2, zero_mid, 3, GT_DTYPE_INT64);
  assert_contiguous_shape (e3, huge_empty, 2, GT_DTYPE_FLOAT64);
}

static void
test_creation_full (void)
{
  const gint64 shape[] = { 3 };
  const struct { GtDType dtype; gdouble value; gdouble expected; } cases[] = {
    { GT_DTYPE_FLOAT32, 0.1, (gfloat) 0.1 },
    { GT_DTYPE_FLOAT64, 0.1, 0.1 },
    { GT_DTYPE_FLOAT16, 0.1, 0.0999755859375 },      /* torch: half(0.1) */
    { GT_DTYPE_BFLOAT16, 0.1, 0.10009765625 },
    { GT_DTYPE_INT32, 2.7, 2 },                      /* truncation */
    { GT_DTYPE_INT64, -2.7, -2 },
    { GT_DTYPE_INT8, 100, 100 },
    { GT_DTYPE_BOOL, 0.5, 1 },
    { GT_DTYPE_FLOAT32, -INFINITY, -INFINITY },
    { GT_DTYPE_FLOAT64, NAN, NAN },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) t = gt_full (shape, 1, cases[i].value, cases[i].dtype,
                                       NULL, &error);
      const gdouble expected[] = { cases[i].expected, cases[i].expected,
                                   cases[i].expected };

      g_assert_no_error (error);
      assert_contiguous_shape (t, shape, 1, cases[i].dtype);
      gt_test_assert_values (t, expected, 3, 0.0);
    }
}

static void
test_creation_empty (void)
{
  const gint64 shape[] = { 4, 1, 5 };
  const gint64 strides[] = { 5, 5, 1 };

  for (gsize i = 0; i < G_N_ELEMENTS (all_dtypes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) t = gt_empty (shape, 3, all_dtypes[i], NULL, &error);

      /* Only the geometry is defined; the memory must still be writable. */
      g_assert_no_error (error);
      assert_contiguous_shape (t, shape, 3, all_dtypes[i]);
      gt_test_assert_strides (t, strides, 3);
      g_assert_cmpuint (gt_tensor_get_element_size (t), ==,
                        gt_dtype_get_element_size (all_dtypes[i]));
      g_assert_true (gt_tensor_fill_ (t, 1.0, &error));
      gt_test_assert_all (t, 1.0);
    }
}

/* ---- ranges ------------------------------------------------------------------ */

typedef struct {
  gdouble        start, end, step;
  GtDType        dtype;
  gsize          n;
  const gdouble *expected;
} ArangeCase;

static void
test_creation_arange (void)
{
  /* torch.arange(...).tolist() */
  static const gdouble r0[] = { 0, 1, 2, 3, 4 };
  static const gdouble r1[] = { 0.0, 0.10000000149011612, 0.20000000298023224,
                                0.30000001192092896, 0.4000000059604645, 0.5,
                                0.6000000238418579, 0.699999988079071,
                                0.800000011920929, 0.8999999761581421 };
  static const gdouble r2[] = { 0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5,
                                0.6000000000000001, 0.7000000000000001, 0.8, 0.9 };
  static const gdouble r3[] = { 5.0, 3.5, 2.0, 0.5 };
  static const gdouble r4[] = { 1.0, 1.5, 2.0 };
  static const gdouble r5[] = { -3, -1, 1 };
  static const gdouble r6[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  static const gdouble r7[] = { 0.0, 3.0, 6.0, 9.0 };
  static const gdouble r8[] = { 0.0, 0.25, 0.5, 0.75 };
  static const gdouble r9[] = { 10, 7, 4, 1 };
  const ArangeCase cases[] = {
    { 0, 5, 1, GT_DTYPE_FLOAT32, 5, r0 },
    { 0, 5, 1, GT_DTYPE_INT64, 5, r0 },
    { 0, 1, 0.1, GT_DTYPE_FLOAT32, 10, r1 },
    { 0, 1, 0.1, GT_DTYPE_FLOAT64, 10, r2 },
    { 5, 0, -1.5, GT_DTYPE_FLOAT32, 4, r3 },
    { 1, 2.5, 0.5, GT_DTYPE_FLOAT64, 3, r4 },
    { -3, 3, 2, GT_DTYPE_INT32, 3, r5 },
    { 0, 10, 1, GT_DTYPE_UINT8, 10, r6 },
    { 0, 10, 3, GT_DTYPE_FLOAT16, 4, r7 },
    { 0, 1, 0.25, GT_DTYPE_BFLOAT16, 4, r8 },
    { 10, 0, -3, GT_DTYPE_INT16, 4, r9 },
    { 0, 0, 1, GT_DTYPE_FLOAT32, 0, NULL },
    { 2, 2, -1, GT_DTYPE_INT64, 0, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ArangeCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) t = gt_arange (c->start, c->end, c->step, c->dtype,
                                         NULL, &error);
      const gint64 shape[] = { (gint64) c->n };

      g_assert_no_error (error);
      assert_contiguous_shape (t, shape, 1, c->dtype);
      gt_test_assert_values (t, c->expected, c->n, 0.0);
    }
}

/* torch.arange(0, 3.2, 0.1) in float32 and float64 (PyTorch 1.13, AVX2). */
static const gdouble arange32_f32[] = {
  0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896,
  0.4000000059604645, 0.5, 0.6000000238418579, 0.699999988079071,
  0.800000011920929, 0.9000000357627869, 1.0, 1.100000023841858,
  1.2000000476837158, 1.2999999523162842, 1.399999976158142, 1.5,
  1.600000023841858, 1.7000000476837158, 1.8000000715255737, 1.899999976158142,
  2.0, 2.0999999046325684, 2.200000047683716, 2.299999952316284,
  2.4000000953674316, 2.5, 2.6000001430511475, 2.700000047683716,
  2.8000001907348633, 2.9000000953674316, 3.0, 3.1000001430511475 };
static const gdouble arange32_f64[] = {
  0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001,
  0.7000000000000001, 0.8, 0.9, 1.0, 1.1, 1.2000000000000002, 1.3000000000000003,
  1.4000000000000001, 1.5000000000000002, 1.6, 1.7000000000000002, 1.8,
  1.9000000000000001, 2.0, 2.1, 2.2, 2.3, 2.4000000000000004, 2.5000000000000004,
  2.6000000000000005, 2.7, 2.8000000000000003, 2.9000000000000004,
  3.0000000000000004, 3.1 };

static void
check_arange_32 (gdouble tol_f32,
                 gdouble tol_f64)
{
  const gint64 n = 32;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) f = gt_arange (0, 3.2, 0.1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) d = gt_arange (0, 3.2, 0.1, GT_DTYPE_FLOAT64, NULL, &error);

  g_assert_no_error (error);
  assert_contiguous_shape (f, &n, 1, GT_DTYPE_FLOAT32);
  assert_contiguous_shape (d, &n, 1, GT_DTYPE_FLOAT64);
  gt_test_assert_values (f, arange32_f32, 32, tol_f32);
  gt_test_assert_values (d, arange32_f64, 32, tol_f64);
}

static void
test_creation_arange_long (void)
{
  check_arange_32 (1e-6, 1e-15);
}

static void
test_creation_arange_torch_exact (void)
{
  /* From 16 elements on, torch fills blocks with Vectorized::arange: each
   * vector starts at fma(step, i, start) and adds k * step, so some values
   * differ from start + i * step in the last bit. */
  check_arange_32 (0.0, 0.0);
}

static void
test_creation_arange_integer_fractional (void)
{
  /* For integer dtypes torch converts start and step to int64 before
   * computing (and, for int64, the length too):
   * torch.arange(0, 5, 1.5, dtype=torch.int64) -> [0, 1, 2, 3, 4]
   * torch.arange(0, 5, 1.5, dtype=torch.int32) -> [0, 1, 2, 3]
   * torch.arange(-2.5, 2, 1, dtype=torch.int64) -> [-2, -1, 0, 1] */
  const gint64 a[] = { 0, 1, 2, 3, 4 };
  const gint64 b[] = { 0, 1, 2, 3 };
  const gint64 c[] = { -2, -1, 0, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) ta = gt_arange (0, 5, 1.5, GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) tb = gt_arange (0, 5, 1.5, GT_DTYPE_INT32, NULL, &error);
  g_autoptr(GtTensor) tc = gt_arange (-2.5, 2, 1, GT_DTYPE_INT64, NULL, &error);

  g_assert_no_error (error);
  gt_test_assert_int64s (tb, b, G_N_ELEMENTS (b));
  gt_test_assert_int64s (ta, a, G_N_ELEMENTS (a));
  gt_test_assert_int64s (tc, c, G_N_ELEMENTS (c));
}

static void
test_creation_arange_errors (void)
{
  g_autoptr(GError) error = NULL;
  const struct { gdouble start, end, step; } bad[] = {
    { 0, 1, 0 },                 /* step 0 */
    { 0, 1, -0.0 },
    { 0, 1, NAN },               /* NaN step */
    { 0, INFINITY, 1 },          /* infinite bounds */
    { -INFINITY, 0, 1 },
    { NAN, 1, 1 },               /* NaN bound */
    { 0, NAN, 1 },
    { 1, 0, 1 },                 /* step points away from end */
    { 0, 1, -1 },
    { 0, 1e300, 1e-300 },        /* more elements than an int64 counts */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GtTensor *t = gt_arange (bad[i].start, bad[i].end, bad[i].step,
                               GT_DTYPE_FLOAT32, NULL, &error);

      if (t != NULL)
        g_error ("gt_arange (%g, %g, %g) was accepted", bad[i].start,
                 bad[i].end, bad[i].step);
      gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_arange");
    }

  g_assert_null (gt_arange (0, 4, 1, (GtDType) 99, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_arange");
}

typedef struct {
  gdouble        start, end;
  gint64         steps;
  GtDType        dtype;
  const gdouble *expected;
  gdouble        tol;
} LinspaceCase;

static void
check_linspace_cases (const LinspaceCase *cases,
                      gsize               n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      const LinspaceCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) t = gt_linspace (c->start, c->end, c->steps, c->dtype,
                                           NULL, &error);

      g_assert_no_error (error);
      assert_contiguous_shape (t, &c->steps, 1, c->dtype);
      g_test_message ("linspace(%g, %g, %" G_GINT64_FORMAT ", %s)", c->start,
                      c->end, c->steps, gt_dtype_get_name (c->dtype));
      gt_test_assert_values (t, c->expected, (gsize) c->steps, c->tol);
    }
}

/* torch.linspace(...).tolist() (PyTorch 1.13 on x86-64 with AVX2). */
static const gdouble lin_sym7_f32[] = { -1.0, -0.6666666269302368, -0.3333333134651184,
                                        -2.9802322387695312e-08, 0.3333333134651184,
                                        0.6666666269302368, 1.0 };
static const gdouble lin_unit11_f64[] = { 0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5,
                                          0.6000000000000001, 0.7000000000000001, 0.8,
                                          0.9, 1.0 };
static const gdouble lin_sym7_f64[] = { -1.0, -0.6666666666666667, -0.33333333333333337,
                                        5.551115123125783e-17, 0.33333333333333337,
                                        0.6666666666666667, 1.0 };
static const gdouble lin_sym8_f32[] = { -1.0, -0.7142857313156128, -0.4285714030265808,
                                        -0.14285710453987122, 0.14285710453987122,
                                        0.4285714030265808, 0.7142857313156128, 1.0 };
static const gdouble lin_unit11_f16[] = { 0.0, 0.0999755859375, 0.199951171875,
                                          0.2998046875, 0.39990234375, 0.5,
                                          0.60009765625, 0.7001953125, 0.7998046875,
                                          0.89990234375, 1.0 };
static const gdouble lin_unit40_f32[] = {
  0.0, 0.025641025975346565, 0.05128205195069313, 0.07692307978868484,
  0.10256410390138626, 0.12820513546466827, 0.1538461595773697, 0.1794871836900711,
  0.20512820780277252, 0.23076923191547394, 0.25641027092933655, 0.28205129504203796,
  0.3076923191547394, 0.3333333432674408, 0.3589743673801422, 0.38461539149284363,
  0.41025641560554504, 0.43589743971824646, 0.4615384638309479, 0.4871794879436493,
  0.5128205418586731, 0.5384615659713745, 0.5641025900840759, 0.5897436141967773,
  0.6153846383094788, 0.6410256624221802, 0.6666666865348816, 0.692307710647583,
  0.7179487347602844, 0.7435897588729858, 0.7692307829856873, 0.7948718070983887,
  0.8205128312110901, 0.8461538553237915, 0.8717948794364929, 0.8974359035491943,
  0.9230769276618958, 0.9487179517745972, 0.9743589758872986, 1.0 };

static void
test_creation_linspace (void)
{
  static const gdouble l0[] = { 0.0, 0.25, 0.5, 0.75, 1.0 };
  static const gdouble l2[] = { 0.0, 0.10000000149011612, 0.20000000298023224,
                                0.30000001192092896, 0.4000000059604645, 0.5,
                                0.6000000238418579, 0.699999988079071,
                                0.800000011920929, 0.8999999761581421, 1.0 };
  static const gdouble l6[] = { 0.10000000149011612, 0.25999999046325684,
                                0.41999998688697815, 0.5799999833106995,
                                0.7400000095367432, 0.8999999761581421 };
  static const gdouble l7[] = { -5, -1, 1, 5 };
  static const gdouble l8[] = { 10, 8, 6, 5, 3, 1, 0 };
  static const gdouble l10[] = { 1.0, 0.5, 0.0 };
  static const gdouble l11[] = { 0.0 };
  static const gdouble l12[] = { 2.0, 2.0, 2.0 };
  static const gdouble l13[] = { 1000000.0, 1000000.5, 1000001.0 };
  /* Exactly torch's values... */
  const LinspaceCase exact[] = {
    { 0, 1, 5, GT_DTYPE_FLOAT32, l0, 0.0 },
    { 0, 1, 5, GT_DTYPE_FLOAT64, l0, 0.0 },
    { 0, 1, 11, GT_DTYPE_FLOAT32, l2, 0.0 },
    { 0.1, 0.9, 6, GT_DTYPE_FLOAT32, l6, 0.0 },
    { -5, 5, 4, GT_DTYPE_INT64, l7, 0.0 },
    { -5.5, 5.5, 4, GT_DTYPE_INT64, l7, 0.0 },   /* ends truncated first */
    { 10, 0, 7, GT_DTYPE_INT32, l8, 0.0 },
    { 1, 0, 3, GT_DTYPE_FLOAT32, l10, 0.0 },
    { 0, 1, 1, GT_DTYPE_FLOAT32, l11, 0.0 },     /* one step: just start */
    { 2, 2, 3, GT_DTYPE_FLOAT32, l12, 0.0 },
    { 1e6, 1e6 + 1, 3, GT_DTYPE_FLOAT32, l13, 0.0 },
    { 3, 1, 0, GT_DTYPE_FLOAT32, NULL, 0.0 },
  };
  /* ...and within rounding of them where torch's kernel rounds
   * differently (see /creation/linspace/torch-exact). */
  const LinspaceCase close[] = {
    { -1, 1, 7, GT_DTYPE_FLOAT32, lin_sym7_f32, 1e-7 },
    { 0, 1, 11, GT_DTYPE_FLOAT64, lin_unit11_f64, 1e-15 },
    { -1, 1, 7, GT_DTYPE_FLOAT64, lin_sym7_f64, 1e-15 },
    { -1, 1, 8, GT_DTYPE_FLOAT32, lin_sym8_f32, 1e-7 },
    { 0, 1, 11, GT_DTYPE_FLOAT16, lin_unit11_f16, 5e-4 },
    { 0, 1, 40, GT_DTYPE_FLOAT32, lin_unit40_f32, 1e-7 },
  };

  check_linspace_cases (exact, G_N_ELEMENTS (exact));
  check_linspace_cases (close, G_N_ELEMENTS (close));
}

static void
test_creation_linspace_torch_exact (void)
{
  /* torch's CPU kernel evaluates start + step * i and end - step * (n-1-i)
   * with fused multiply-adds, computes 16-bit types in their own
   * precision, and fills 16-element blocks through Vectorized::arange. */
  const LinspaceCase cases[] = {
    { -1, 1, 7, GT_DTYPE_FLOAT32, lin_sym7_f32, 0.0 },
    { 0, 1, 11, GT_DTYPE_FLOAT64, lin_unit11_f64, 0.0 },
    { -1, 1, 7, GT_DTYPE_FLOAT64, lin_sym7_f64, 0.0 },
    { -1, 1, 8, GT_DTYPE_FLOAT32, lin_sym8_f32, 0.0 },
    { 0, 1, 11, GT_DTYPE_FLOAT16, lin_unit11_f16, 0.0 },
    { 0, 1, 40, GT_DTYPE_FLOAT32, lin_unit40_f32, 0.0 },
  };

  check_linspace_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_creation_linspace_errors (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (gt_linspace (0, 1, -1, GT_DTYPE_FLOAT32, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_linspace");
  g_assert_null (gt_linspace (0, 1, G_MININT64, GT_DTYPE_FLOAT32, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_linspace");
  /* 2^63 - 1 float32 values do not fit in 64-bit byte counts */
  g_assert_null (gt_linspace (0, 1, G_MAXINT64, GT_DTYPE_FLOAT32, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_linspace");
  g_assert_null (gt_linspace (0, 1, 3, (GtDType) 99, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_linspace");
}

static void
test_creation_eye (void)
{
  const gdouble e23[] = { 1, 0, 0, 0, 1, 0 };
  const gdouble e32[] = { 1, 0, 0, 1, 0, 0 };
  const gdouble e33[] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  const gint64 s23[] = { 2, 3 }, s32[] = { 3, 2 }, s33[] = { 3, 3 };
  const gint64 s00[] = { 0, 0 }, s03[] = { 0, 3 }, s30[] = { 3, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_eye (2, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) b = gt_eye (3, 2, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) c = gt_eye (3, 3, GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) d = gt_eye (2, 3, GT_DTYPE_BOOL, NULL, &error);
  g_autoptr(GtTensor) z0 = gt_eye (0, 0, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) z1 = gt_eye (0, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) z2 = gt_eye (3, 0, GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_no_error (error);
  assert_contiguous_shape (a, s23, 2, GT_DTYPE_FLOAT32);
  gt_test_assert_values (a, e23, 6, 0.0);
  assert_contiguous_shape (b, s32, 2, GT_DTYPE_FLOAT64);
  gt_test_assert_values (b, e32, 6, 0.0);
  assert_contiguous_shape (c, s33, 2, GT_DTYPE_INT64);
  gt_test_assert_values (c, e33, 9, 0.0);
  gt_test_assert_values (d, e23, 6, 0.0);
  assert_contiguous_shape (z0, s00, 2, GT_DTYPE_FLOAT32);
  assert_contiguous_shape (z1, s03, 2, GT_DTYPE_FLOAT32);
  assert_contiguous_shape (z2, s30, 2, GT_DTYPE_FLOAT32);
}

static void
test_creation_eye_errors (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (gt_eye (-1, 3, GT_DTYPE_FLOAT32, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_eye");
  g_assert_null (gt_eye (3, -1, GT_DTYPE_FLOAT32, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_eye");
  g_assert_null (gt_eye (G_MAXINT64, G_MAXINT64, GT_DTYPE_FLOAT32, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_eye");
  g_assert_null (gt_eye (2, 2, (GtDType) 99, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_eye");
}

/* ---- the _like forms ------------------------------------------------------------ */

static void
test_creation_like (void)
{
  const gint64 shape[] = { 2, 3 };
  const gint64 tr_shape[] = { 3, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) base = gt_test_arange_shaped (shape, 2, GT_DTYPE_INT32);
  g_autoptr(GtTensor) tr = gt_test_transpose (base);
  g_autoptr(GtTensor) f = gt_test_arange_shaped (shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) z = NULL;
  g_autoptr(GtTensor) o = NULL;
  g_autoptr(GtTensor) full = NULL;
  g_autoptr(GtTensor) e = NULL;
  g_autoptr(GtTensor) zf = NULL;

  z = gt_zeros_like (base, &error);
  g_assert_no_error (error);
  assert_contiguous_shape (z, shape, 2, GT_DTYPE_INT32);
  gt_test_assert_all (z, 0.0);

  /* The shape of a view, not of its storage. */
  o = gt_ones_like (tr, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (o, tr_shape, 2);
  gt_test_assert_all (o, 1.0);

  full = gt_full_like (tr, -7.9, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (full, tr_shape, 2);
  gt_test_assert_all (full, -7.0);

  e = gt_empty_like (tr, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (e, tr_shape, 2);
  g_assert_cmpint (gt_tensor_get_dtype (e), ==, GT_DTYPE_INT32);

  /* torch.zeros_like does not copy requires_grad. */
  g_assert_true (gt_tensor_set_requires_grad (f, TRUE, &error));
  zf = gt_zeros_like (f, &error);
  g_assert_no_error (error);
  g_assert_false (gt_tensor_get_requires_grad (zf));
  g_assert_cmpint (gt_tensor_get_dtype (zf), ==, GT_DTYPE_FLOAT64);

  /* The input is untouched. */
  {
    const gdouble expected[] = { 0, 1, 2, 3, 4, 5 };
    gt_test_assert_values (base, expected, 6, 0.0);
  }
}

static void
test_creation_like_errors (void)
{
  g_autoptr(GError) error = NULL;

  /* Bindings may hand over a NULL tensor: an error, never a crash. */
  g_assert_null (gt_empty_like (NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_empty_like");
  g_assert_null (gt_full_like (NULL, 1.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_full_like");
}

static void
test_creation_like_errors_name (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (gt_zeros_like (NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_zeros_like");
  g_assert_null (gt_ones_like (NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_ones_like");
}

/* ---- bad shapes and dtypes ----------------------------------------------------- */

typedef GtTensor *(*ShapeCtor) (const gint64 *shape, gsize n_dims, GtDType dtype,
                                GError **error);

static GtTensor *
call_empty (const gint64 *shape, gsize n_dims, GtDType dtype, GError **error)
{
  return gt_empty (shape, n_dims, dtype, NULL, error);
}

static GtTensor *
call_zeros (const gint64 *shape, gsize n_dims, GtDType dtype, GError **error)
{
  return gt_zeros (shape, n_dims, dtype, NULL, error);
}

static GtTensor *
call_ones (const gint64 *shape, gsize n_dims, GtDType dtype, GError **error)
{
  return gt_ones (shape, n_dims, dtype, NULL, error);
}

static GtTensor *
call_full (const gint64 *shape, gsize n_dims, GtDType dtype, GError **error)
{
  return gt_full (shape, n_dims, 3.0, dtype, NULL, error);
}

static void
test_creation_shape_errors (void)
{
  const struct { ShapeCtor ctor; const char *name; } ctors[] = {
    { call_empty, "gt_empty" },
    { call_zeros, "gt_zeros" },
    { call_ones, "gt_ones" },
    { call_full, "gt_full" },
  };
  const gint64 negative[] = { 2, -1 };
  const gint64 very_negative[] = { G_MININT64 };
  const gint64 nine[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  /* 2^62 float32 elements: 2^64 bytes do not fit in 64 bits */
  const gint64 bytes_overflow[] = { G_GINT64_CONSTANT (1) << 62 };
  /* numel itself overflows int64 */
  const gint64 numel_overflow[] = { G_GINT64_CONSTANT (1) << 32,
                                    G_GINT64_CONSTANT (1) << 32 };
  const gint64 ok[] = { 2 };
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (ctors); i++)
    {
      g_test_message ("%s", ctors[i].name);
      g_assert_null (ctors[i].ctor (negative, 2, GT_DTYPE_FLOAT32, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, ctors[i].name);
      g_assert_null (ctors[i].ctor (very_negative, 1, GT_DTYPE_INT8, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, ctors[i].name);
      g_assert_null (ctors[i].ctor (nine, 9, GT_DTYPE_FLOAT32, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, ctors[i].name);
      g_assert_null (ctors[i].ctor (bytes_overflow, 1, GT_DTYPE_FLOAT32, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, ctors[i].name);
      g_assert_null (ctors[i].ctor (numel_overflow, 2, GT_DTYPE_BOOL, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, ctors[i].name);
      g_assert_null (ctors[i].ctor (NULL, 1, GT_DTYPE_FLOAT32, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, ctors[i].name);
      g_assert_null (ctors[i].ctor (ok, 1, (GtDType) 99, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, ctors[i].name);
      g_assert_null (ctors[i].ctor (ok, 1, (GtDType) -5, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, ctors[i].name);
    }
}

static void
test_creation_out_of_memory (void)
{
  /* Valid shapes whose memory does not exist: 2^50 bytes. */
  const gint64 shape[] = { G_GINT64_CONSTANT (1) << 48 };
  const gint64 shape2[] = { G_GINT64_CONSTANT (1) << 25, G_GINT64_CONSTANT (1) << 25 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) fine = NULL;

  g_assert_null (gt_ones (shape, 1, GT_DTYPE_FLOAT32, NULL, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);
  g_assert_null (gt_full (shape2, 2, 1.0, GT_DTYPE_INT8, NULL, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);
  g_assert_null (gt_arange (0, 281474976710656.0, 1, GT_DTYPE_FLOAT32, NULL, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);
  g_assert_null (gt_eye (G_GINT64_CONSTANT (1) << 24, G_GINT64_CONSTANT (1) << 24,
                         GT_DTYPE_FLOAT32, NULL, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);

  /* The process carries on allocating normally. */
  fine = gt_eye (2, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fine);
}

static void
test_creation_out_of_memory_message (void)
{
  /* Like every other error, running out of memory names the call. */
  const gint64 shape[] = { G_GINT64_CONSTANT (1) << 48 };
  g_autoptr(GError) error = NULL;

  g_assert_null (gt_zeros (shape, 1, GT_DTYPE_FLOAT32, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_OUT_OF_MEMORY, "gt_zeros");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/creation/zeros-ones", test_creation_zeros_ones);
  g_test_add_func ("/creation/scalar-and-empty-shapes", test_creation_scalar_and_empty_shapes);
  g_test_add_func ("/creation/full", test_creation_full);
  g_test_add_func ("/creation/empty", test_creation_empty);
  g_test_add_func ("/creation/arange", test_creation_arange);
  g_test_add_func ("/creation/arange/long", test_creation_arange_long);
  g_test_add_func ("/creation/arange/torch-exact", test_creation_arange_torch_exact);
  g_test_add_func ("/creation/arange/integer-fractional", test_creation_arange_integer_fractional);
  g_test_add_func ("/creation/arange/errors", test_creation_arange_errors);
  g_test_add_func ("/creation/linspace", test_creation_linspace);
  g_test_add_func ("/creation/linspace/torch-exact", test_creation_linspace_torch_exact);
  g_test_add_func ("/creation/linspace/errors", test_creation_linspace_errors);
  g_test_add_func ("/creation/eye", test_creation_eye);
  g_test_add_func ("/creation/eye/errors", test_creation_eye_errors);
  g_test_add_func ("/creation/like", test_creation_like);
  g_test_add_func ("/creation/like/errors", test_creation_like_errors);
  g_test_add_func ("/creation/like/errors-name", test_creation_like_errors_name);
  g_test_add_func ("/creation/shape-errors", test_creation_shape_errors);
  g_test_add_func ("/creation/out-of-memory", test_creation_out_of_memory);
  g_test_add_func ("/creation/out-of-memory/message", test_creation_out_of_memory_message);

  return g_test_run ();
}
