/* Gradients of the pointwise ops: every differentiable op (tensor, number
 * and in-place forms) through the gradient checker over contiguous,
 * transposed, sliced, expanded, 0-d and broadcast inputs, first and
 * second order; torch's node names; and
 * hand-computed values at the points where torch picks a subgradient
 * (ties, clamp bounds, 0 for abs and relu, 0 ** 0, NaN and infinities). */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

/* ---- unary ops and number forms ------------------------------------------ */

typedef GtTensor *(*UnaryOp) (GtTensor *self, GError **error);
typedef gboolean (*UnaryInplace) (GtTensor *self, GError **error);

typedef struct {
  const char   *name;
  UnaryOp       op;
  UnaryInplace  op_;        /* NULL where there is no in-place form */
  const char   *node;       /* torch's grad_fn name */
  gdouble       lo, hi;     /* input range */
} UnaryCase;

#define NUMBER_FORM(fname, call)                                            \
  static GtTensor *fname (GtTensor *x, GError **error) { return call; }
#define NUMBER_FORM_(fname, call)                                           \
  static gboolean fname (GtTensor *x, GError **error) { return call; }

NUMBER_FORM (add_s, gt_tensor_add_scalar (x, 1.5, 0.5, error))
NUMBER_FORM_ (add_s_, gt_tensor_add_scalar_ (x, 1.5, 0.5, error))
NUMBER_FORM (sub_s, gt_tensor_sub_scalar (x, 1.5, 2.0, error))
NUMBER_FORM_ (sub_s_, gt_tensor_sub_scalar_ (x, 1.5, 2.0, error))
NUMBER_FORM (rsub_s, gt_tensor_rsub_scalar (x, 1.5, 2.0, error))
NUMBER_FORM (mul_s, gt_tensor_mul_scalar (x, -1.7, error))
NUMBER_FORM_ (mul_s_, gt_tensor_mul_scalar_ (x, -1.7, error))
NUMBER_FORM (div_s, gt_tensor_div_scalar (x, -1.7, NULL, error))
NUMBER_FORM_ (div_s_, gt_tensor_div_scalar_ (x, -1.7, NULL, error))
NUMBER_FORM (div_s_floor, gt_tensor_div_scalar (x, 0.3, "floor", error))
NUMBER_FORM (rdiv_s, gt_tensor_rdiv_scalar (x, 2.5, NULL, error))
NUMBER_FORM (rdiv_s_trunc, gt_tensor_rdiv_scalar (x, 2.5, "trunc", error))
NUMBER_FORM (pow_s3, gt_tensor_pow_scalar (x, 3.0, error))
NUMBER_FORM_ (pow_s3_, gt_tensor_pow_scalar_ (x, 3.0, error))
NUMBER_FORM (pow_s2, gt_tensor_pow_scalar (x, 2.0, error))
NUMBER_FORM (pow_s_half, gt_tensor_pow_scalar (x, 0.5, error))
NUMBER_FORM (pow_s_frac, gt_tensor_pow_scalar (x, -1.5, error))
NUMBER_FORM (pow_s0, gt_tensor_pow_scalar (x, 0.0, error))
NUMBER_FORM (rpow_s, gt_tensor_rpow_scalar (x, 2.5, error))
NUMBER_FORM (max_s, gt_tensor_maximum_scalar (x, 0.1, error))
NUMBER_FORM (min_s, gt_tensor_minimum_scalar (x, 0.1, error))
NUMBER_FORM (rem_s, gt_tensor_remainder_scalar (x, 0.7, error))
NUMBER_FORM_ (rem_s_, gt_tensor_remainder_scalar_ (x, 0.7, error))
NUMBER_FORM (rrem_s, gt_tensor_rremainder_scalar (x, 5.0, error))
NUMBER_FORM (atan2_s, gt_tensor_atan2_scalar (x, -0.8, error))
NUMBER_FORM (clamp_s, gt_tensor_clamp_scalar (x, -0.5, 0.6, error))
NUMBER_FORM_ (clamp_s_, gt_tensor_clamp_scalar_ (x, -0.5, 0.6, error))
NUMBER_FORM (clamp_min_s, gt_tensor_clamp_min_scalar (x, -0.5, error))
NUMBER_FORM_ (clamp_min_s_, gt_tensor_clamp_min_scalar_ (x, -0.5, error))
NUMBER_FORM (clamp_max_s, gt_tensor_clamp_max_scalar (x, 0.6, error))
NUMBER_FORM_ (clamp_max_s_, gt_tensor_clamp_max_scalar_ (x, 0.6, error))
NUMBER_FORM (round0, gt_tensor_round (x, 0, error))
NUMBER_FORM_ (round0_, gt_tensor_round_ (x, 0, error))
NUMBER_FORM (round2, gt_tensor_round (x, 2, error))
NUMBER_FORM (nan_to_num, gt_tensor_nan_to_num (x, 0.0, FALSE, 0.0, FALSE, 0.0, error))
NUMBER_FORM_ (nan_to_num_, gt_tensor_nan_to_num_ (x, 0.0, FALSE, 0.0, FALSE, 0.0, error))

static const UnaryCase unary_cases[] = {
  { "exp", gt_tensor_exp, gt_tensor_exp_, "ExpBackward0", -1, 1 },
  { "log", gt_tensor_log, gt_tensor_log_, "LogBackward0", 0.5, 2 },
  { "log2", gt_tensor_log2, gt_tensor_log2_, "Log2Backward0", 0.5, 2 },
  { "log1p", gt_tensor_log1p, gt_tensor_log1p_, "Log1PBackward0", -0.5, 2 },
  { "expm1", gt_tensor_expm1, gt_tensor_expm1_, "Expm1Backward0", -1, 1 },
  { "sqrt", gt_tensor_sqrt, gt_tensor_sqrt_, "SqrtBackward0", 0.5, 2 },
  { "rsqrt", gt_tensor_rsqrt, gt_tensor_rsqrt_, "RsqrtBackward0", 0.5, 2 },
  { "sin", gt_tensor_sin, gt_tensor_sin_, "SinBackward0", -2, 2 },
  { "cos", gt_tensor_cos, gt_tensor_cos_, "CosBackward0", -2, 2 },
  { "tanh", gt_tensor_tanh, gt_tensor_tanh_, "TanhBackward0", -2, 2 },
  { "sigmoid", gt_tensor_sigmoid, gt_tensor_sigmoid_, "SigmoidBackward0", -2, 2 },
  { "reciprocal", gt_tensor_reciprocal, gt_tensor_reciprocal_, "ReciprocalBackward0", 0.5, 2 },
  { "abs", gt_tensor_abs, gt_tensor_abs_, "AbsBackward0", -2, 2 },
  { "neg", gt_tensor_neg, gt_tensor_neg_, "NegBackward0", -2, 2 },
  { "sign", gt_tensor_sign, gt_tensor_sign_, "SignBackward0", -2, 2 },
  { "floor", gt_tensor_floor, gt_tensor_floor_, "FloorBackward0", -2, 2 },
  { "ceil", gt_tensor_ceil, gt_tensor_ceil_, "CeilBackward0", -2, 2 },
  { "trunc", gt_tensor_trunc, gt_tensor_trunc_, "TruncBackward0", -2, 2 },
  { "round", round0, round0_, "RoundBackward0", -2, 2 },
  { "round-decimals", round2, NULL, "RoundBackward1", -2, 2 },
  { "relu", gt_tensor_relu, gt_tensor_relu_, "ReluBackward0", -2, 2 },
  { "square", gt_tensor_square, gt_tensor_square_, "PowBackward0", -2, 2 },
  { "nan_to_num", nan_to_num, nan_to_num_, "NanToNumBackward0", -2, 2 },
  { "add-number", add_s, add_s_, "AddBackward0", -2, 2 },
  { "sub-number", sub_s, sub_s_, "SubBackward0", -2, 2 },
  { "rsub-number", rsub_s, NULL, "RsubBackward1", -2, 2 },
  { "mul-number", mul_s, mul_s_, "MulBackward0", -2, 2 },
  { "div-number", div_s, div_s_, "DivBackward0", -2, 2 },
  { "div-number-floor", div_s_floor, NULL, "DivBackward2", -2, 2 },
  { "rdiv-number", rdiv_s, NULL, "MulBackward0", 0.5, 2 },
  { "rdiv-number-trunc", rdiv_s_trunc, NULL, "DivBackward2", 0.5, 2 },
  { "pow-number", pow_s3, pow_s3_, "PowBackward0", -2, 2 },
  { "pow-number-2", pow_s2, NULL, "PowBackward0", -2, 2 },
  { "pow-number-0.5", pow_s_half, NULL, "PowBackward0", 0.5, 2 },
  { "pow-number-frac", pow_s_frac, NULL, "PowBackward0", 0.5, 2 },
  { "pow-number-0", pow_s0, NULL, "PowBackward0", -2, 2 },
  { "rpow-number", rpow_s, NULL, "PowBackward1", -2, 2 },
  { "maximum-number", max_s, NULL, "MaximumBackward0", -2, 2 },
  { "minimum-number", min_s, NULL, "MinimumBackward0", -2, 2 },
  { "remainder-number", rem_s, rem_s_, "RemainderBackward0", -2, 2 },
  { "rremainder-number", rrem_s, NULL, "RemainderBackward1", 0.7, 1.9 },
  { "atan2-number", atan2_s, NULL, "Atan2Backward0", -2, 2 },
  { "clamp-numbers", clamp_s, clamp_s_, "ClampBackward1", -1, 1 },
  { "clamp_min-number", clamp_min_s, clamp_min_s_, "ClampMinBackward0", -1, 1 },
  { "clamp_max-number", clamp_max_s, clamp_max_s_, "ClampMaxBackward0", -1, 1 },
};

static GtTensor *
unary_fn (GtTensor **in, gpointer data, GError **error)
{
  const UnaryCase *c = data;

  return c->op (in[0], error);
}

/* In place on a copy: the copy is a non-leaf whose history is rebased. */
static GtTensor *
unary_inplace_fn (GtTensor **in, gpointer data, GError **error)
{
  const UnaryCase *c = data;
  g_autoptr(GtTensor) t = gt_tensor_mul_scalar (in[0], 1.0, error);

  if (t == NULL || !c->op_ (t, error))
    return NULL;
  return g_steal_pointer (&t);
}

typedef struct {
  gint64             shape[3];
  guint              ndim;
  GtGradcheckLayout  layout;
} UnaryConfig;

static const UnaryConfig unary_configs[] = {
  { { 2, 3 }, 2, GT_GRADCHECK_TRANSPOSED },
  { { 3, 2 }, 2, GT_GRADCHECK_EXPANDED },
  { { 4 }, 1, GT_GRADCHECK_SLICED },
  { { 0 }, 0, GT_GRADCHECK_CONTIGUOUS },
};

static void
test_unary_gradcheck (gconstpointer data)
{
  const UnaryCase *c = data;

  for (guint k = 0; k < G_N_ELEMENTS (unary_configs); k++)
    {
      const UnaryConfig *cfg = &unary_configs[k];
      g_autoptr(GtTensor) x = gt_gradcheck_input (rng, cfg->shape, cfg->ndim,
                                                  c->lo, c->hi, cfg->layout);
      g_autofree char *what = g_strdup_printf ("%s (config %u)", c->name, k);
      g_autofree char *what_ = g_strdup_printf ("%s_ (config %u)", c->name, k);

      gt_gradcheck (what, unary_fn, (gpointer) c, &x, 1, TRUE, rng);
      if (c->op_ != NULL)
        gt_gradcheck (what_, unary_inplace_fn, (gpointer) c, &x, 1, TRUE, rng);
    }
}

/* ---- binary ops ------------------------------------------------------------ */

typedef GtTensor *(*BinaryOp) (GtTensor *x, GtTensor *y, GError **error);
typedef gboolean (*BinaryInplace) (GtTensor *x, GtTensor *y, GError **error);

typedef struct {
  const char    *name;
  BinaryOp       op;
  BinaryInplace  op_;
  const char    *node;
  gdouble        lo[2], hi[2];
} BinaryCase;

#define TENSOR_FORM(fname, call)                                            \
  static GtTensor *fname (GtTensor *x, GtTensor *y, GError **error) { return call; }
#define TENSOR_FORM_(fname, call)                                           \
  static gboolean fname (GtTensor *x, GtTensor *y, GError **error) { return call; }

TENSOR_FORM (add_t, gt_tensor_add (x, y, 0.7, error))
TENSOR_FORM_ (add_t_, gt_tensor_add_ (x, y, 0.7, error))
TENSOR_FORM (sub_t, gt_tensor_sub (x, y, 1.3, error))
TENSOR_FORM_ (sub_t_, gt_tensor_sub_ (x, y, 1.3, error))
TENSOR_FORM (div_tt, gt_tensor_div (x, y, NULL, error))
TENSOR_FORM_ (div_tt_, gt_tensor_div_ (x, y, NULL, error))
TENSOR_FORM (div_tt_floor, gt_tensor_div (x, y, "floor", error))
TENSOR_FORM_ (div_tt_floor_, gt_tensor_div_ (x, y, "floor", error))
TENSOR_FORM (div_tt_trunc, gt_tensor_div (x, y, "trunc", error))

static const BinaryCase binary_cases[] = {
  { "add", add_t, add_t_, "AddBackward0", { -2, -2 }, { 2, 2 } },
  { "sub", sub_t, sub_t_, "SubBackward0", { -2, -2 }, { 2, 2 } },
  { "mul", gt_tensor_mul, gt_tensor_mul_, "MulBackward0", { -2, -2 }, { 2, 2 } },
  { "div", div_tt, div_tt_, "DivBackward0", { -2, 0.5 }, { 2, 2 } },
  { "div-floor", div_tt_floor, div_tt_floor_, "DivBackward2", { -2, 0.5 }, { 2, 2 } },
  { "div-trunc", div_tt_trunc, NULL, "DivBackward2", { -2, 0.5 }, { 2, 2 } },
  { "pow", gt_tensor_pow, gt_tensor_pow_, "PowBackward1", { 0.5, -2 }, { 2, 2 } },
  { "maximum", gt_tensor_maximum, NULL, "MaximumBackward0", { -2, -2 }, { 2, 2 } },
  { "minimum", gt_tensor_minimum, NULL, "MinimumBackward0", { -2, -2 }, { 2, 2 } },
  { "remainder", gt_tensor_remainder, gt_tensor_remainder_, "RemainderBackward1",
    { -3, 0.7 }, { 3, 1.9 } },
  { "atan2", gt_tensor_atan2, gt_tensor_atan2_, "Atan2Backward0", { -2, -2 }, { 2, 2 } },
};

static GtTensor *
binary_fn (GtTensor **in, gpointer data, GError **error)
{
  const BinaryCase *c = data;

  return c->op (in[0], in[1], error);
}

/* In place into x + 0 · y: a non-leaf of the broadcast shape. */
static GtTensor *
binary_inplace_fn (GtTensor **in, gpointer data, GError **error)
{
  const BinaryCase *c = data;
  g_autoptr(GtTensor) t = gt_tensor_add (in[0], in[1], 0.0, error);

  if (t == NULL || !c->op_ (t, in[1], error))
    return NULL;
  return g_steal_pointer (&t);
}

typedef struct {
  gint64             shape[2][3];
  guint              ndim[2];
  GtGradcheckLayout  layout[2];
  gboolean           second_order;
} BinaryConfig;

/* Second order everywhere: the gradients of broadcast inputs are summed
 * back (sum_to: sum and reshape), and those ops record too. */
static const BinaryConfig binary_configs[] = {
  { { { 2, 3 }, { 2, 3 } }, { 2, 2 },
    { GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_TRANSPOSED }, TRUE },
  { { { 3, 2 }, { 3, 2 } }, { 2, 2 },
    { GT_GRADCHECK_EXPANDED, GT_GRADCHECK_SLICED }, TRUE },
  { { { 2, 1, 3 }, { 4, 1 } }, { 3, 2 },
    { GT_GRADCHECK_SLICED, GT_GRADCHECK_TRANSPOSED }, TRUE },
  { { { 0 }, { 3 } }, { 0, 1 },
    { GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_CONTIGUOUS }, TRUE },
};

static void
test_binary_gradcheck (gconstpointer data)
{
  const BinaryCase *c = data;

  for (guint k = 0; k < G_N_ELEMENTS (binary_configs); k++)
    {
      const BinaryConfig *cfg = &binary_configs[k];
      GtTensor *in[2];
      g_autofree char *what = g_strdup_printf ("%s (config %u)", c->name, k);
      g_autofree char *what_ = g_strdup_printf ("%s_ (config %u)", c->name, k);

      for (guint i = 0; i < 2; i++)
        in[i] = gt_gradcheck_input (rng, cfg->shape[i], cfg->ndim[i], c->lo[i],
                                    c->hi[i], cfg->layout[i]);
      gt_gradcheck (what, binary_fn, (gpointer) c, in, 2, cfg->second_order, rng);
      if (c->op_ != NULL)
        gt_gradcheck (what_, binary_inplace_fn, (gpointer) c, in, 2,
                      cfg->second_order, rng);

      /* one operand a constant: only the other is differentiated */
      g_assert_true (gt_tensor_set_requires_grad (in[1], FALSE, NULL));
      gt_gradcheck (what, binary_fn, (gpointer) c, in, 2, cfg->second_order, rng);
      g_assert_true (gt_tensor_set_requires_grad (in[1], TRUE, NULL));
      g_assert_true (gt_tensor_set_requires_grad (in[0], FALSE, NULL));
      gt_gradcheck (what, binary_fn, (gpointer) c, in, 2, cfg->second_order, rng);

      g_object_unref (in[0]);
      g_object_unref (in[1]);
    }
}

/* ---- where and tensor clamp ------------------------------------------------ */

static GtTensor *
where_fn (GtTensor **in, gpointer data, GError **error)
{
  return gt_where (in[2], in[0], in[1], error);
}

static GtTensor *
where_scalar_fn (GtTensor **in, gpointer data, GError **error)
{
  return gt_where_scalar (in[2], in[0], -0.25, error);
}

static GtTensor *
alternating_mask (const gint64 *shape, guint ndim)
{
  g_autoptr(GError) error = NULL;
  gdouble values[64];
  gint64 n = 1;
  GtTensor *t;

  for (guint i = 0; i < ndim; i++)
    n *= shape[i];
  g_assert_cmpint (n, <=, 64);
  for (gint64 i = 0; i < n; i++)
    values[i] = (i % 3) != 1;
  t = gt_tensor_new_from_doubles (values, (gsize) n, shape, ndim,
                                  GT_DTYPE_BOOL, NULL, &error);
  g_assert_no_error (error);
  return t;
}

static void
test_where_gradcheck (void)
{
  const gint64 s23[] = { 2, 3 }, s3[] = { 3 }, s21[] = { 2, 1 };
  GtTensor *in[3];

  /* same shapes, non-contiguous */
  in[0] = gt_gradcheck_input (rng, s23, 2, -2, 2, GT_GRADCHECK_TRANSPOSED);
  in[1] = gt_gradcheck_input (rng, s23, 2, -2, 2, GT_GRADCHECK_SLICED);
  in[2] = alternating_mask (s23, 2);
  gt_gradcheck ("where", where_fn, NULL, in, 3, TRUE, rng);
  gt_gradcheck ("where_scalar", where_scalar_fn, NULL, in, 3, TRUE, rng);
  for (guint i = 0; i < 3; i++)
    g_object_unref (in[i]);

  /* broadcast */
  in[0] = gt_gradcheck_input (rng, s3, 1, -2, 2, GT_GRADCHECK_CONTIGUOUS);
  in[1] = gt_gradcheck_input (rng, s21, 2, -2, 2, GT_GRADCHECK_EXPANDED);
  in[2] = alternating_mask (s23, 2);
  gt_gradcheck ("where (broadcast)", where_fn, NULL, in, 3, TRUE, rng);
  gt_gradcheck ("where_scalar (broadcast)", where_scalar_fn, NULL, in, 3, TRUE, rng);
  for (guint i = 0; i < 3; i++)
    g_object_unref (in[i]);
}

static GtTensor *
clamp_fn (GtTensor **in, gpointer data, GError **error)
{
  guint which = GPOINTER_TO_UINT (data);   /* 1: min, 2: max, 3: both */

  return gt_tensor_clamp (in[0], which & 1 ? in[1] : NULL,
                          which & 2 ? in[2] : NULL, error);
}

static GtTensor *
clamp_inplace_fn (GtTensor **in, gpointer data, GError **error)
{
  guint which = GPOINTER_TO_UINT (data);
  g_autoptr(GtTensor) t = gt_tensor_mul_scalar (in[0], 1.0, error);

  if (t == NULL ||
      !gt_tensor_clamp_ (t, which & 1 ? in[1] : NULL, which & 2 ? in[2] : NULL,
                         error))
    return NULL;
  return g_steal_pointer (&t);
}

static void
test_clamp_gradcheck (void)
{
  const gint64 s23[] = { 2, 3 }, s3[] = { 3 }, s21[] = { 2, 1 };

  for (guint which = 1; which <= 3; which++)
    {
      GtTensor *in[3];

      in[0] = gt_gradcheck_input (rng, s23, 2, -2, 2, GT_GRADCHECK_TRANSPOSED);
      in[1] = gt_gradcheck_input (rng, s23, 2, -1, 0, GT_GRADCHECK_CONTIGUOUS);
      in[2] = gt_gradcheck_input (rng, s23, 2, 0, 1, GT_GRADCHECK_SLICED);
      gt_gradcheck ("clamp", clamp_fn, GUINT_TO_POINTER (which), in, 3, TRUE, rng);
      gt_gradcheck ("clamp_", clamp_inplace_fn, GUINT_TO_POINTER (which), in, 3,
                    TRUE, rng);
      for (guint i = 0; i < 3; i++)
        g_object_unref (in[i]);

      /* bounds broadcast against self, and crossing bounds (min > max) */
      in[0] = gt_gradcheck_input (rng, s23, 2, -2, 2, GT_GRADCHECK_CONTIGUOUS);
      in[1] = gt_gradcheck_input (rng, s3, 1, -1, 0.5, GT_GRADCHECK_CONTIGUOUS);
      in[2] = gt_gradcheck_input (rng, s21, 2, -0.5, 1, GT_GRADCHECK_EXPANDED);
      gt_gradcheck ("clamp (broadcast)", clamp_fn, GUINT_TO_POINTER (which), in, 3,
                    TRUE, rng);
      for (guint i = 0; i < 3; i++)
        g_object_unref (in[i]);
    }
}

/* ---- node names -------------------------------------------------------------- */

static void
test_node_names (void)
{
  const gint64 s[] = { 2, 2 };
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, s, 2, 0.5, 2, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) y = gt_gradcheck_input (rng, s, 2, 0.5, 2, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) cond = alternating_mask (s, 2);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (unary_cases); i++)
    {
      g_autoptr(GtTensor) out = unary_cases[i].op (x, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gt_tensor_get_grad_fn_name (out), ==, unary_cases[i].node);
      if (unary_cases[i].op_ != NULL)
        {
          g_autoptr(GtTensor) t = gt_tensor_mul_scalar (x, 1.0, &error);
          g_assert_true (unary_cases[i].op_ (t, &error));
          g_assert_cmpstr (gt_tensor_get_grad_fn_name (t), ==, unary_cases[i].node);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (binary_cases); i++)
    {
      g_autoptr(GtTensor) out = binary_cases[i].op (x, y, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gt_tensor_get_grad_fn_name (out), ==, binary_cases[i].node);
    }
  {
    g_autoptr(GtTensor) w = gt_where (cond, x, y, &error);
    g_autoptr(GtTensor) c0 = gt_tensor_clamp (x, y, NULL, &error);
    g_autoptr(GtTensor) t = gt_tensor_mul_scalar (x, 1.0, &error);

    g_assert_cmpstr (gt_tensor_get_grad_fn_name (w), ==, "WhereBackward0");
    g_assert_cmpstr (gt_tensor_get_grad_fn_name (c0), ==, "ClampBackward0");
    /* an in-place op saving self keeps it as a recorded clone */
    g_assert_true (gt_tensor_sin_ (t, &error));
    g_assert_cmpstr (gt_tensor_get_grad_fn_name (t), ==, "SinBackward0");
  }
}

/* ---- hand-computed values ------------------------------------------------- */

static GtTensor *
leaf (const gdouble *values, gsize n)
{
  GtTensor *t = gt_test_new_1d (values, n, GT_DTYPE_FLOAT64);

  g_assert_true (gt_tensor_set_requires_grad (t, TRUE, NULL));
  return t;
}

/* backward of out with ones */
static void
backward_ones (GtTensor *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) ones = gt_ones_like (out, &error);

  g_assert_true (gt_tensor_backward (out, ones, FALSE, FALSE, &error));
  g_assert_no_error (error);
}

static void
test_extremum_ties (void)
{
  const gdouble xv[] = { 1, 2, 5 }, yv[] = { 1, 3, 4 };
  const gdouble max_x[] = { 0.5, 0, 1 }, max_y[] = { 0.5, 1, 0 };
  const gdouble min_x[] = { 0.5, 1, 0 }, min_y[] = { 0.5, 0, 1 };
  const gdouble max_s[] = { 0.5, 1, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 3);
  g_autoptr(GtTensor) y = leaf (yv, 3);
  g_autoptr(GtTensor) mx = gt_tensor_maximum (x, y, &error);
  g_autoptr(GtTensor) mn = NULL, ms = NULL;

  g_assert_no_error (error);
  backward_ones (mx);
  gt_test_assert_values (gt_tensor_get_grad (x), max_x, 3, 0.0);
  gt_test_assert_values (gt_tensor_get_grad (y), max_y, 3, 0.0);

  g_assert_true (gt_tensor_set_grad (x, NULL, NULL));
  g_assert_true (gt_tensor_set_grad (y, NULL, NULL));
  mn = gt_tensor_minimum (x, y, &error);
  backward_ones (mn);
  gt_test_assert_values (gt_tensor_get_grad (x), min_x, 3, 0.0);
  gt_test_assert_values (gt_tensor_get_grad (y), min_y, 3, 0.0);

  /* against a number: the tie still splits */
  g_assert_true (gt_tensor_set_grad (x, NULL, NULL));
  ms = gt_tensor_maximum_scalar (x, 1.0, &error);
  backward_ones (ms);
  gt_test_assert_values (gt_tensor_get_grad (x), max_s, 3, 0.0);
}

static void
test_clamp_bounds (void)
{
  const gdouble xv[] = { -1, 0, 0.5, 1, 2 };
  const gdouble both[] = { 0, 1, 1, 1, 0 }, lo[] = { 0, 1, 1, 1, 1 }, hi[] = { 1, 1, 1, 1, 0 };
  const gdouble nan_bound[] = { 0, 0, 0, 0, 0 };
  /* torch's example of crossing bounds */
  const gdouble av[] = { 0, 1, 2, 3 }, lv[] = { 0, 1.5, 2, 4 }, hv[] = { 0, 1, 2, 3.5 };
  const gdouble ga[] = { 1, 0, 1, 0 }, gl[] = { 0, 0, 0, 0 }, gh[] = { 0, 1, 0, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 5);
  g_autoptr(GtTensor) a = leaf (av, 4);
  g_autoptr(GtTensor) l = leaf (lv, 4);
  g_autoptr(GtTensor) h = leaf (hv, 4);
  g_autoptr(GtTensor) c = NULL;

  c = gt_tensor_clamp_scalar (x, 0, 1, &error);
  backward_ones (c);
  gt_test_assert_values (gt_tensor_get_grad (x), both, 5, 0.0);
  g_clear_object (&c);
  g_assert_true (gt_tensor_set_grad (x, NULL, NULL));
  c = gt_tensor_clamp_min_scalar (x, 0, &error);
  backward_ones (c);
  gt_test_assert_values (gt_tensor_get_grad (x), lo, 5, 0.0);
  g_clear_object (&c);
  g_assert_true (gt_tensor_set_grad (x, NULL, NULL));
  c = gt_tensor_clamp_max_scalar (x, 1, &error);
  backward_ones (c);
  gt_test_assert_values (gt_tensor_get_grad (x), hi, 5, 0.0);
  g_clear_object (&c);
  g_assert_true (gt_tensor_set_grad (x, NULL, NULL));
  c = gt_tensor_clamp_scalar (x, NAN, 1, &error);
  backward_ones (c);
  gt_test_assert_values (gt_tensor_get_grad (x), nan_bound, 5, 0.0);
  g_clear_object (&c);

  c = gt_tensor_clamp (a, l, h, &error);
  g_assert_no_error (error);
  backward_ones (c);
  gt_test_assert_values (gt_tensor_get_grad (a), ga, 4, 0.0);
  gt_test_assert_values (gt_tensor_get_grad (l), gl, 4, 0.0);
  gt_test_assert_values (gt_tensor_get_grad (h), gh, 4, 0.0);
}

static void
test_kinks_are_zero (void)
{
  const gdouble xv[] = { 0, -0.0, 1.5, -2 };
  const gdouble abs_g[] = { 0, 0, 1, -1 }, relu_g[] = { 0, 0, 1, 0 }, zero[] = { 0, 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 4);
  g_autoptr(GtTensor) a = gt_tensor_abs (x, &error);
  g_autoptr(GtTensor) r = NULL, s = NULL, fl = NULL, f = NULL;

  backward_ones (a);
  gt_test_assert_values (gt_tensor_get_grad (x), abs_g, 4, 0.0);
  g_assert_true (gt_tensor_set_grad (x, NULL, NULL));
  r = gt_tensor_relu (x, &error);
  backward_ones (r);
  gt_test_assert_values (gt_tensor_get_grad (x), relu_g, 4, 0.0);
  g_assert_true (gt_tensor_set_grad (x, NULL, NULL));
  s = gt_tensor_sign (x, &error);
  fl = gt_tensor_floor (x, &error);
  f = gt_tensor_add (s, fl, 1.0, &error);
  g_assert_no_error (error);
  backward_ones (f);
  gt_test_assert_values (gt_tensor_get_grad (x), zero, 4, 0.0);
}

static void
test_pow_special_points (void)
{
  /* x ** e at (0, 0), (0, 2), (2, 0), (-2, 2), (0, -1) */
  const gdouble xv[] = { 0, 0, 2, -2, 0 }, ev[] = { 0, 2, 0, 2, -1 };
  const gdouble gx[] = { 0, 0, 0, -4, -INFINITY };
  const gdouble ge[] = { 0, 0, G_LN2, NAN, -INFINITY };
  /* x ** 0 has zero gradient everywhere; 0 ** x for x >= 0 too */
  const gdouble zero[] = { 0, 0, 0, 0, 0 };
  const gdouble rv[] = { 1, 0, -1 }, gr[] = { 0, 0, -INFINITY };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 5);
  g_autoptr(GtTensor) e = leaf (ev, 5);
  g_autoptr(GtTensor) r = leaf (rv, 3);
  g_autoptr(GtTensor) p = gt_tensor_pow (x, e, &error);
  g_autoptr(GtTensor) p0 = NULL, rp = NULL;

  g_assert_no_error (error);
  backward_ones (p);
  gt_test_assert_values (gt_tensor_get_grad (x), gx, 5, 1e-15);
  gt_test_assert_values (gt_tensor_get_grad (e), ge, 5, 1e-15);

  g_assert_true (gt_tensor_set_grad (x, NULL, NULL));
  p0 = gt_tensor_pow_scalar (x, 0.0, &error);
  backward_ones (p0);
  gt_test_assert_values (gt_tensor_get_grad (x), zero, 5, 0.0);

  rp = gt_tensor_rpow_scalar (r, 0.0, &error);
  backward_ones (rp);
  gt_test_assert_values (gt_tensor_get_grad (r), gr, 3, 0.0);
}

static void
test_nan_to_num_gradient (void)
{
  const gdouble xv[] = { NAN, INFINITY, -INFINITY, 1.5 }, g[] = { 0, 0, 0, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 4);
  g_autoptr(GtTensor) y = gt_tensor_nan_to_num (x, 0.0, FALSE, 0.0, FALSE, 0.0, &error);

  backward_ones (y);
  gt_test_assert_values (gt_tensor_get_grad (x), g, 4, 0.0);
}

/* ---- in-place rules --------------------------------------------------------- */

static void
test_inplace_rules (void)
{
  const gdouble xv[] = { 0.5, 1.0 }, yv[] = { 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 2);
  g_autoptr(GtTensor) y = leaf (yv, 2);
  g_autoptr(GtTensor) plain = gt_test_new_1d (xv, 2, GT_DTYPE_FLOAT64);

  /* a leaf that requires grad refuses, in every op family form... */
  g_assert_false (gt_tensor_add_ (x, y, 1.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_add_");
  g_assert_false (gt_tensor_exp_ (x, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_exp_");
  g_assert_false (gt_tensor_clamp_scalar_ (x, 0, 1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_clamp_scalar_");
  gt_test_assert_values (x, xv, 2, 0.0);
  /* ...but not under no-grad */
  {
    g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
    const gdouble twice[] = { 1.0, 2.0 };

    g_assert_true (gt_tensor_mul_scalar_ (x, 2.0, &error));
    gt_test_assert_values (x, twice, 2, 0.0);
    g_assert_true (gt_tensor_mul_scalar_ (x, 0.5, &error));
    g_assert_true (gt_tensor_is_leaf (x));
  }

  /* a tensor outside the graph joins it through an in-place op */
  g_assert_true (gt_tensor_add_ (plain, y, 1.0, &error));
  g_assert_no_error (error);
  g_assert_true (gt_tensor_get_requires_grad (plain));
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (plain), ==, "AddBackward0");

  /* sin_ differentiates at the value before the op: cos(x), not cos(sin x) */
  {
    g_autoptr(GtTensor) z = gt_tensor_mul_scalar (x, 1.0, &error);
    const gdouble prod[] = { 2 * cos (0.5) * 2, 3 * cos (1.0) * 2 };

    g_assert_true (gt_tensor_sin_ (z, &error));
    g_assert_true (gt_tensor_mul_scalar_ (z, 2.0, &error));
    g_assert_true (gt_tensor_mul_ (z, y, &error));
    g_assert_cmpstr (gt_tensor_get_grad_fn_name (z), ==, "MulBackward0");
    backward_ones (z);
    gt_test_assert_values (gt_tensor_get_grad (x), prod, 2, 1e-15);
  }
}

static void
test_saved_result_modified (void)
{
  const gdouble xv[] = { 0.5, 1.0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 2);
  g_autoptr(GtTensor) y = gt_tensor_exp (x, &error);
  g_autoptr(GtTensor) ones = gt_ones_like (y, &error);

  /* exp saved its result; changing it in place breaks the graph */
  g_assert_true (gt_tensor_add_scalar_ (y, 1.0, 1.0, &error));
  g_assert_false (gt_tensor_backward (y, ones, FALSE, FALSE, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
  g_assert_nonnull (strstr (error->message, "ExpBackward0"));
  g_clear_error (&error);

  /* x.mul_(x) saves x as other and then changes it, as in torch */
  {
    g_autoptr(GtTensor) t = gt_tensor_mul_scalar (x, 1.0, &error);

    g_assert_true (gt_tensor_mul_ (t, t, &error));
    g_assert_false (gt_tensor_backward (t, ones, FALSE, FALSE, &error));
    g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
    g_clear_error (&error);
  }
}

/* ---- what records nothing, and dtypes ---------------------------------------- */

static void
test_not_differentiable (void)
{
  const gdouble xv[] = { 0.5, -1.0 }, yv[] = { 1, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 2);
  g_autoptr(GtTensor) y = leaf (yv, 2);
  GtTensor *outs[] = {
    gt_tensor_lt (x, y, &error), gt_tensor_eq_scalar (x, 0.5, &error),
    gt_tensor_ge (x, y, &error), gt_tensor_isnan (x, &error),
    gt_tensor_isinf (x, &error), gt_tensor_logical_not (x, &error),
    gt_tensor_logical_and (x, y, &error), gt_tensor_logical_xor (x, y, &error),
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (outs); i++)
    {
      g_assert_false (gt_tensor_get_requires_grad (outs[i]));
      g_assert_null (gt_tensor_get_grad_fn_name (outs[i]));
      g_object_unref (outs[i]);
    }

  /* grad mode off: no history */
  {
    g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
    g_autoptr(GtTensor) e = gt_tensor_exp (x, &error);

    g_assert_false (gt_tensor_get_requires_grad (e));
  }
}

static void
test_mixed_dtypes (void)
{
  const gdouble xv[] = { 0.5, -1.0 }, kv[] = { 3, -2 }, yv[] = { 2, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new_1d (xv, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) k = gt_test_new_1d (kv, 2, GT_DTYPE_INT32);
  g_autoptr(GtTensor) y = leaf (yv, 2);
  g_autoptr(GtTensor) xk = NULL, xy = NULL;
  g_autoptr(GtTensor) s0 = NULL;
  const gint64 no_shape[1] = { 0 };
  const gdouble s0v[] = { 3 };

  g_assert_true (gt_tensor_set_requires_grad (x, TRUE, NULL));
  /* an int operand never gets a gradient; x's is float32 */
  xk = gt_tensor_mul (x, k, &error);
  g_assert_no_error (error);
  backward_ones (xk);
  g_assert_cmpint (gt_tensor_get_dtype (gt_tensor_get_grad (x)), ==, GT_DTYPE_FLOAT32);
  gt_test_assert_values (gt_tensor_get_grad (x), kv, 2, 0.0);

  /* float32 · float64: each gradient in its input's dtype */
  g_assert_true (gt_tensor_set_grad (x, NULL, NULL));
  xy = gt_tensor_mul (x, y, &error);
  g_assert_cmpint (gt_tensor_get_dtype (xy), ==, GT_DTYPE_FLOAT64);
  backward_ones (xy);
  g_assert_cmpint (gt_tensor_get_dtype (gt_tensor_get_grad (x)), ==, GT_DTYPE_FLOAT32);
  g_assert_cmpint (gt_tensor_get_dtype (gt_tensor_get_grad (y)), ==, GT_DTYPE_FLOAT64);
  gt_test_assert_values (gt_tensor_get_grad (x), yv, 2, 0.0);
  gt_test_assert_values (gt_tensor_get_grad (y), xv, 2, 0.0);

  /* a 0-d float64 operand of a float32 op: summed, back in float64 */
  s0 = gt_test_new (s0v, 1, no_shape, 0, GT_DTYPE_FLOAT64);
  g_assert_true (gt_tensor_set_requires_grad (s0, TRUE, NULL));
  {
    g_autoptr(GtTensor) sum = gt_tensor_add (x, s0, 2.0, &error);
    const gdouble two[] = { 4 };

    g_assert_cmpint (gt_tensor_get_dtype (sum), ==, GT_DTYPE_FLOAT32);
    backward_ones (sum);
    g_assert_cmpint (gt_tensor_get_dtype (gt_tensor_get_grad (s0)), ==, GT_DTYPE_FLOAT64);
    gt_test_assert_values (gt_tensor_get_grad (s0), two, 1, 0.0);
  }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (20240607);

  for (guint i = 0; i < G_N_ELEMENTS (unary_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad/pointwise/gradcheck/%s",
                                               unary_cases[i].name);
      g_test_add_data_func (path, &unary_cases[i], test_unary_gradcheck);
    }
  for (guint i = 0; i < G_N_ELEMENTS (binary_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad/pointwise/gradcheck/%s",
                                               binary_cases[i].name);
      g_test_add_data_func (path, &binary_cases[i], test_binary_gradcheck);
    }
  g_test_add_func ("/grad/pointwise/gradcheck/where", test_where_gradcheck);
  g_test_add_func ("/grad/pointwise/gradcheck/clamp", test_clamp_gradcheck);
  g_test_add_func ("/grad/pointwise/node-names", test_node_names);
  g_test_add_func ("/grad/pointwise/values/extremum-ties", test_extremum_ties);
  g_test_add_func ("/grad/pointwise/values/clamp-bounds", test_clamp_bounds);
  g_test_add_func ("/grad/pointwise/values/kinks", test_kinks_are_zero);
  g_test_add_func ("/grad/pointwise/values/pow-special", test_pow_special_points);
  g_test_add_func ("/grad/pointwise/values/nan-to-num", test_nan_to_num_gradient);
  g_test_add_func ("/grad/pointwise/inplace/rules", test_inplace_rules);
  g_test_add_func ("/grad/pointwise/inplace/saved-modified", test_saved_result_modified);
  g_test_add_func ("/grad/pointwise/not-differentiable", test_not_differentiable);
  g_test_add_func ("/grad/pointwise/mixed-dtypes", test_mixed_dtypes);

  status = g_test_run ();
  g_rand_free (rng);
  return status;
}
