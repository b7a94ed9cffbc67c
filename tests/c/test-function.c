/* GtFunction: custom differentiable operations written in C. A cube
 * (x^3, backward 3x^2 g) and a two-input, two-output function that saves
 * one of its outputs, through the gradient checker (first and second
 * order, contiguous, transposed and sliced inputs); node names; saved
 * tensors checked against in-place writes; needs_input_grad; nothing
 * recorded without grad; errors for wrong backward results; no reference
 * cycle between the function and its outputs. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

static GPtrArray *
tensor_array (void)
{
  return g_ptr_array_new_with_free_func (gt_gradcheck_unref_nullable);
}

/* ---- Cube: x^3 ------------------------------------------------------------ */

#define TEST_TYPE_CUBE (test_cube_get_type ())
G_DECLARE_FINAL_TYPE (TestCube, test_cube, TEST, CUBE, GtFunction)
struct _TestCube { GtFunction parent_instance; };
G_DEFINE_TYPE (TestCube, test_cube, GT_TYPE_FUNCTION)

static GPtrArray *
cube_forward (GtFunction *self, GPtrArray *inputs, GError **error)
{
  GtTensor *x = inputs->pdata[0];
  g_autoptr(GtTensor) x2 = NULL;
  g_autoptr(GPtrArray) out = tensor_array ();
  GtTensor *y;

  /* Grad mode is off in forward: nothing below records. */
  g_assert_false (gt_is_grad_enabled ());
  if (!(x2 = gt_tensor_mul (x, x, error)) || !(y = gt_tensor_mul (x2, x, error)))
    return NULL;
  g_ptr_array_add (out, y);
  gt_function_save_for_backward (self, inputs);
  return g_steal_pointer (&out);
}

static GPtrArray *
cube_backward (GtFunction *self, GPtrArray *grad_outputs, GError **error)
{
  g_autoptr(GPtrArray) saved = gt_function_get_saved_tensors (self, error);
  g_autoptr(GPtrArray) grads = tensor_array ();
  g_autoptr(GtTensor) x2 = NULL, x2g = NULL;
  GtTensor *gx;

  if (saved == NULL)
    return NULL;
  /* 3 x^2 g, with recording ops: differentiable again under create_graph. */
  if (!(x2 = gt_tensor_mul (saved->pdata[0], saved->pdata[0], error)) ||
      !(x2g = gt_tensor_mul (x2, grad_outputs->pdata[0], error)) ||
      !(gx = gt_tensor_mul_scalar (x2g, 3.0, error)))
    return NULL;
  g_ptr_array_add (grads, gx);
  return g_steal_pointer (&grads);
}

static void
test_cube_class_init (TestCubeClass *klass)
{
  GT_FUNCTION_CLASS (klass)->forward = cube_forward;
  GT_FUNCTION_CLASS (klass)->backward = cube_backward;
}

static void test_cube_init (TestCube *self) { }

/* ---- MulExp: (a, b) -> (a b, exp(a)), saving exp(a), an output --------- */

#define TEST_TYPE_MUL_EXP (test_mul_exp_get_type ())
G_DECLARE_FINAL_TYPE (TestMulExp, test_mul_exp, TEST, MUL_EXP, GtFunction)
struct _TestMulExp {
  GtFunction parent_instance;
  gboolean   needs[2];          /* needs_input_grad as seen in forward */
  guint      n_backward;
  gboolean   bad_count, bad_shape;
};
G_DEFINE_TYPE (TestMulExp, test_mul_exp, GT_TYPE_FUNCTION)

static GPtrArray *
mul_exp_forward (GtFunction *self, GPtrArray *inputs, GError **error)
{
  TestMulExp *me = TEST_MUL_EXP (self);
  g_autoptr(GPtrArray) out = tensor_array ();
  g_autoptr(GPtrArray) save = g_ptr_array_new ();
  GtTensor *p, *e;

  me->needs[0] = gt_function_needs_input_grad (self, 0);
  me->needs[1] = gt_function_needs_input_grad (self, 1);
  if (!(p = gt_tensor_mul (inputs->pdata[0], inputs->pdata[1], error)))
    return NULL;
  g_ptr_array_add (out, p);
  if (!(e = gt_tensor_exp (inputs->pdata[0], error)))
    return NULL;
  g_ptr_array_add (out, e);
  g_ptr_array_add (save, inputs->pdata[0]);
  g_ptr_array_add (save, inputs->pdata[1]);
  g_ptr_array_add (save, e);
  gt_function_save_for_backward (self, save);
  return g_steal_pointer (&out);
}

static GPtrArray *
mul_exp_backward (GtFunction *self, GPtrArray *grad_outputs, GError **error)
{
  TestMulExp *me = TEST_MUL_EXP (self);
  g_autoptr(GPtrArray) saved = gt_function_get_saved_tensors (self, error);
  g_autoptr(GPtrArray) grads = tensor_array ();
  GtTensor *a, *b, *e, *g0, *g1;

  me->n_backward++;
  if (saved == NULL)
    return NULL;
  a = saved->pdata[0], b = saved->pdata[1], e = saved->pdata[2];
  g0 = grad_outputs->pdata[0], g1 = grad_outputs->pdata[1];
  if (me->bad_count)
    return g_steal_pointer (&grads);
  if (me->bad_shape)
    {
      g_ptr_array_add (grads, gt_tensor_sum (g0, NULL, 0, FALSE, error));
      g_ptr_array_add (grads, NULL);
      return g_steal_pointer (&grads);
    }
  /* da = g0 b + g1 exp(a), db = g0 a */
  if (gt_function_needs_input_grad (self, 0))
    {
      g_autoptr(GtTensor) t0 = gt_tensor_mul (g0, b, error);
      g_autoptr(GtTensor) t1 = t0 ? gt_tensor_mul (g1, e, error) : NULL;
      GtTensor *ga = t1 ? gt_tensor_add (t0, t1, 1.0, error) : NULL;

      if (ga == NULL)
        return NULL;
      g_ptr_array_add (grads, ga);
    }
  else
    g_ptr_array_add (grads, NULL);
  if (gt_function_needs_input_grad (self, 1))
    {
      GtTensor *gb = gt_tensor_mul (g0, a, error);

      if (gb == NULL)
        return NULL;
      g_ptr_array_add (grads, gb);
    }
  else
    g_ptr_array_add (grads, NULL);
  return g_steal_pointer (&grads);
}

static void
test_mul_exp_class_init (TestMulExpClass *klass)
{
  GT_FUNCTION_CLASS (klass)->forward = mul_exp_forward;
  GT_FUNCTION_CLASS (klass)->backward = mul_exp_backward;
}

static void test_mul_exp_init (TestMulExp *self) { }

/* ---- helpers --------------------------------------------------------------- */

static GPtrArray *
apply (GtFunction *f, GtTensor **inputs, guint n, GError **error)
{
  g_autoptr(GPtrArray) in = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (in, inputs[i]);
  return gt_function_apply (f, in, error);
}

static GtTensor *
cube_fn (GtTensor **inputs, gpointer user_data, GError **error)
{
  g_autoptr(GtFunction) f = g_object_new (TEST_TYPE_CUBE, NULL);
  g_autoptr(GPtrArray) out = apply (f, inputs, 1, error);

  return out ? g_object_ref (out->pdata[0]) : NULL;
}

/* which: 0 = a b, 1 = exp(a), 2 = a b + exp(a) */
static GtTensor *
mul_exp_fn (GtTensor **inputs, gpointer user_data, GError **error)
{
  guint which = GPOINTER_TO_UINT (user_data);
  g_autoptr(GtFunction) f = g_object_new (TEST_TYPE_MUL_EXP, NULL);
  g_autoptr(GPtrArray) out = apply (f, inputs, 2, error);

  if (out == NULL)
    return NULL;
  if (which < 2)
    return g_object_ref (out->pdata[which]);
  return gt_tensor_add (out->pdata[0], out->pdata[1], 1.0, error);
}

static GtTensor *
leaf (const gdouble *values, gsize n)
{
  GtTensor *t = gt_test_new_1d (values, n, GT_DTYPE_FLOAT64);

  g_assert_true (gt_tensor_set_requires_grad (t, TRUE, NULL));
  return t;
}

/* ---- tests ----------------------------------------------------------------- */

static void
test_cube_values (void)
{
  const gdouble xv[] = { 1, -2, 3 }, yv[] = { 1, -8, 27 }, dx[] = { 3, 12, 27 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 3);
  g_autoptr(GtFunction) f = g_object_new (TEST_TYPE_CUBE, NULL);
  g_autoptr(GPtrArray) out = apply (f, &x, 1, &error);
  g_autoptr(GtTensor) ones = NULL;
  GtTensor *y;

  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 1);
  y = out->pdata[0];
  gt_test_assert_values (y, yv, 3, 0.0);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "TestCubeBackward");
  g_assert_true (gt_tensor_get_requires_grad (y));
  g_assert_cmpuint (gt_function_get_n_inputs (f), ==, 1);
  ones = gt_ones_like (y, &error);
  g_assert_true (gt_tensor_backward (y, ones, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (x), dx, 3, 1e-12);

  /* The graph was freed by the backward pass without retain_graph. */
  g_assert_null (gt_function_get_saved_tensors (f, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
  g_clear_error (&error);

  /* One instance per application. */
  g_assert_null (apply (f, &x, 1, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
}

static void
test_cube_gradcheck (void)
{
  const gint64 shape[2] = { 3, 4 };
  const GtGradcheckLayout layouts[] = { GT_GRADCHECK_CONTIGUOUS,
                                        GT_GRADCHECK_TRANSPOSED,
                                        GT_GRADCHECK_SLICED };

  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    {
      g_autoptr(GtTensor) x = gt_gradcheck_input (rng, shape, 2, -2, 2, layouts[l]);

      gt_gradcheck ("cube", cube_fn, NULL, &x, 1, TRUE, rng);
    }
}

static void
test_mul_exp_gradcheck (void)
{
  const gint64 shape[2] = { 2, 3 };
  const GtGradcheckLayout layouts[] = { GT_GRADCHECK_CONTIGUOUS,
                                        GT_GRADCHECK_TRANSPOSED,
                                        GT_GRADCHECK_SLICED };

  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    for (guint which = 0; which < 3; which++)
      {
        GtTensor *in[2] = {
          gt_gradcheck_input (rng, shape, 2, -1, 1, layouts[l]),
          gt_gradcheck_input (rng, shape, 2, -1, 1, layouts[(l + 1) % 3]),
        };
        g_autofree char *what = g_strdup_printf ("mul_exp[%u] layout %u", which, l);

        /* which 1 uses only exp(a): b gets no gradient, a zero one for
         * output 0 reaches backward. */
        gt_gradcheck (what, mul_exp_fn, GUINT_TO_POINTER (which), in, 2, TRUE, rng);
        g_object_unref (in[0]);
        g_object_unref (in[1]);
      }
}

static void
test_mul_exp_values (void)
{
  const gdouble av[] = { 0, 1 }, bv[] = { 2, 3 };
  const gdouble da[] = { 2 + 1, 3 + G_E }, db[] = { 0, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = leaf (av, 2);
  g_autoptr(GtTensor) b = leaf (bv, 2);
  GtTensor *in[2] = { a, b };
  g_autoptr(TestMulExp) f = g_object_new (TEST_TYPE_MUL_EXP, NULL);
  g_autoptr(GPtrArray) out = apply (GT_FUNCTION (f), in, 2, &error);
  g_autoptr(GtTensor) s = NULL, ones = NULL;

  g_assert_no_error (error);
  g_assert_true (f->needs[0] && f->needs[1]);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (out->pdata[0]), ==, "TestMulExpBackward");
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (out->pdata[1]), ==, "TestMulExpBackward");
  s = gt_tensor_add (out->pdata[0], out->pdata[1], 1.0, &error);
  ones = gt_ones_like (s, &error);
  g_assert_true (gt_tensor_backward (s, ones, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (a), da, 2, 1e-12);
  gt_test_assert_values (gt_tensor_get_grad (b), db, 2, 1e-12);
  g_assert_cmpuint (f->n_backward, ==, 1);
}

static void
test_needs_input_grad (void)
{
  const gdouble av[] = { 1, 2 }, bv[] = { 3, 4 }, da[] = { 3 + G_E, 4 + G_E * G_E };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = leaf (av, 2);
  g_autoptr(GtTensor) b = gt_test_new_1d (bv, 2, GT_DTYPE_FLOAT64);
  GtTensor *in[2] = { a, b };
  g_autoptr(TestMulExp) f = g_object_new (TEST_TYPE_MUL_EXP, NULL);
  g_autoptr(GPtrArray) out = apply (GT_FUNCTION (f), in, 2, &error);
  g_autoptr(GtTensor) s = NULL;
  g_autoptr(GPtrArray) outs = g_ptr_array_new ();
  g_autoptr(GPtrArray) ins = g_ptr_array_new ();
  g_autoptr(GPtrArray) grads = NULL;

  g_assert_no_error (error);
  g_assert_true (f->needs[0]);
  g_assert_false (f->needs[1]);
  g_assert_true (gt_function_needs_input_grad (GT_FUNCTION (f), 0));
  g_assert_false (gt_function_needs_input_grad (GT_FUNCTION (f), 1));
  g_assert_false (gt_function_needs_input_grad (GT_FUNCTION (f), 7));
  s = gt_tensor_add (out->pdata[0], out->pdata[1], 1.0, &error);
  g_ptr_array_add (outs, s);
  g_ptr_array_add (ins, a);
  grads = gt_autograd_grad (outs, ins, NULL, FALSE, FALSE, FALSE, &error);
  g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);  /* not one element */
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) go = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (go, gt_ones_like (s, NULL));
    grads = gt_autograd_grad (outs, ins, go, FALSE, FALSE, FALSE, &error);
  }
  g_assert_no_error (error);
  gt_test_assert_values (grads->pdata[0], da, 2, 1e-12);
}

static void
test_no_record (void)
{
  const gdouble xv[] = { 2 }, yv[] = { 8 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new_1d (xv, 1, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) xg = leaf (xv, 1);
  g_autoptr(GtFunction) f = g_object_new (TEST_TYPE_CUBE, NULL);
  g_autoptr(GtFunction) f2 = g_object_new (TEST_TYPE_CUBE, NULL);
  g_autoptr(GPtrArray) out = apply (f, &x, 1, &error);
  g_autoptr(GPtrArray) out2 = NULL;

  g_assert_no_error (error);
  gt_test_assert_values (out->pdata[0], yv, 1, 0.0);
  g_assert_null (gt_tensor_get_grad_fn_name (out->pdata[0]));
  g_assert_false (gt_tensor_get_requires_grad (out->pdata[0]));
  g_assert_null (gt_function_get_saved_tensors (f, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
  g_clear_error (&error);

  /* Grad mode off: nothing recorded either. */
  {
    g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();

    out2 = apply (f2, &xg, 1, &error);
  }
  g_assert_no_error (error);
  g_assert_false (gt_tensor_get_requires_grad (out2->pdata[0]));
}

static void
test_saved_modified_inplace (void)
{
  const gdouble xv[] = { 1, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x0 = leaf (xv, 2);
  g_autoptr(GtTensor) x = gt_tensor_mul_scalar (x0, 1.0, &error);  /* non-leaf */
  g_autoptr(GtFunction) f = g_object_new (TEST_TYPE_CUBE, NULL);
  g_autoptr(GPtrArray) out = apply (f, &x, 1, &error);
  g_autoptr(GtTensor) ones = NULL;

  g_assert_no_error (error);
  g_assert_true (gt_tensor_add_scalar_ (x, 1.0, 1.0, &error));
  g_assert_no_error (error);
  ones = gt_ones_like (out->pdata[0], &error);
  g_assert_false (gt_tensor_backward (out->pdata[0], ones, FALSE, FALSE, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
  g_assert_nonnull (strstr (error->message, "inplace"));
}

static void
test_bad_backward (void)
{
  const gdouble av[] = { 1, 2 }, bv[] = { 3, 4 };

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) a = leaf (av, 2);
      g_autoptr(GtTensor) b = leaf (bv, 2);
      GtTensor *in[2] = { a, b };
      g_autoptr(TestMulExp) f = g_object_new (TEST_TYPE_MUL_EXP, NULL);
      g_autoptr(GPtrArray) out = apply (GT_FUNCTION (f), in, 2, &error);
      g_autoptr(GtTensor) ones = NULL;

      g_assert_no_error (error);
      f->bad_count = k == 0;
      f->bad_shape = k == 1;
      ones = gt_ones_like (out->pdata[0], &error);
      g_assert_false (gt_tensor_backward (out->pdata[0], ones, FALSE, FALSE, &error));
      g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
      g_assert_nonnull (strstr (error->message, "TestMulExpBackward"));
      g_assert_nonnull (strstr (error->message, k == 0 ? "number of gradients"
                                                       : "invalid gradient at index 0"));
    }
}

static void
test_no_cycle (void)
{
  const gdouble xv[] = { 1, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = leaf (xv, 2);
  g_autoptr(GtTensor) b = leaf (xv, 2);
  GtTensor *in[2] = { a, b };
  GtFunction *f = g_object_new (TEST_TYPE_MUL_EXP, NULL);
  GtTensor *out0;
  GPtrArray *out = apply (f, in, 2, &error);

  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (f), (gpointer *) &f);
  out0 = out->pdata[0];
  g_object_add_weak_pointer (G_OBJECT (out0), (gpointer *) &out0);
  g_object_unref (f);
  g_assert_nonnull (f);            /* the node holds it */
  g_ptr_array_unref (out);         /* the saved output holds no reference */
  g_assert_null (out0);
  g_assert_null (f);
}

static void
test_default_vfuncs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtFunction) f = g_object_new (GT_TYPE_FUNCTION, NULL);
  g_autoptr(GPtrArray) in = g_ptr_array_new ();

  g_assert_null (gt_function_apply (f, in, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (1234);

  g_test_add_func ("/function/cube/values", test_cube_values);
  g_test_add_func ("/function/cube/gradcheck", test_cube_gradcheck);
  g_test_add_func ("/function/mul-exp/values", test_mul_exp_values);
  g_test_add_func ("/function/mul-exp/gradcheck", test_mul_exp_gradcheck);
  g_test_add_func ("/function/needs-input-grad", test_needs_input_grad);
  g_test_add_func ("/function/no-record", test_no_record);
  g_test_add_func ("/function/saved-modified-inplace", test_saved_modified_inplace);
  g_test_add_func ("/function/bad-backward", test_bad_backward);
  g_test_add_func ("/function/no-cycle", test_no_cycle);
  g_test_add_func ("/function/default-vfuncs", test_default_vfuncs);

  ret = g_test_run ();
  g_rand_free (rng);
  return ret;
}
