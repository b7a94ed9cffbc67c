/* In-place ops through views (torch's CopySlices): node names after the
 * write, gradients by hand and through the gradient checker (first and
 * second order) for writes through slices, selects, transposes and chains
 * of views, into a base that needs no grad, into a base with other
 * strides (new_from_blob), views made stale by writes elsewhere; torch's
 * refusals; no reference cycle between a base and its views. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

#define SHAPE(...) ((const gint64[]) { __VA_ARGS__ })
#define END G_MAXINT64

/* ---- by hand ------------------------------------------------------------------- */

static void
test_slice_mul_values (void)
{
  const gdouble xv[] = { 1, 2, 3, 4 }, yv[] = { 10, 20 };
  const gdouble want_b[] = { 1, 20, 60, 4 }, want_x[] = { 1, 10, 20, 1 };
  const gdouble want_y[] = { 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new (xv, 4, SHAPE (4), 1, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = gt_test_new (yv, 2, SHAPE (2), 1, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtTensor) v = NULL;
  g_autoptr(GtTensor) s = NULL;

  g_assert_true (gt_tensor_set_requires_grad (x, TRUE, &error));
  g_assert_true (gt_tensor_set_requires_grad (y, TRUE, &error));
  b = gt_tensor_mul_scalar (x, 1.0, &error);
  v = gt_tensor_slice (b, 0, 1, 3, 1, &error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (v), ==, "SliceBackward0");
  g_assert_true (gt_tensor_mul_ (v, y, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (b), ==, "torch::autograd::CopySlices");
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (v), ==, "AsStridedBackward0");
  gt_test_assert_values (b, want_b, 4, 0.0);

  s = gt_tensor_sum (b, NULL, 0, FALSE, &error);
  g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (x), want_x, 4, 0.0);
  gt_test_assert_values (gt_tensor_get_grad (y), want_y, 2, 0.0);
}

/* x = zeros(3); x[0] = w * 2: the base starts requiring grad. */
static void
test_base_without_grad (void)
{
  const gdouble wv[] = { 1.5 }, want_z[] = { 3, 0, 0 }, want_w[] = { 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) w = gt_test_new (wv, 1, NULL, 0, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) z = gt_zeros (SHAPE (3), 1, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) other = gt_tensor_slice (z, 0, 1, 3, 1, &error);
  g_autoptr(GtTensor) first = gt_tensor_select (z, 0, 0, &error);
  g_autoptr(GtTensor) w2 = NULL;
  g_autoptr(GtTensor) s = NULL;

  g_assert_true (gt_tensor_set_requires_grad (w, TRUE, &error));
  w2 = gt_tensor_mul_scalar (w, 2.0, &error);
  g_assert_false (gt_tensor_get_requires_grad (z));
  g_assert_true (gt_tensor_copy_ (first, w2, &error));
  g_assert_no_error (error);
  gt_test_assert_values (z, want_z, 3, 0.0);
  g_assert_true (gt_tensor_get_requires_grad (z));
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (z), ==, "torch::autograd::CopySlices");
  /* a view made before the write now reads the base's new history */
  g_assert_true (gt_tensor_get_requires_grad (other));
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (other), ==, "AsStridedBackward0");

  s = gt_tensor_sum (z, NULL, 0, FALSE, &error);
  g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
  gt_test_assert_values (gt_tensor_get_grad (w), want_w, 1, 0.0);
}

/* ---- the gradient checker -------------------------------------------------------- */

typedef enum {
  SLICE_MUL,          /* b[1:3].mul_(y) */
  SELECT_ADD,         /* b.select(1, 2).add_(y, 0.5), y broadcast */
  T_SIGMOID,          /* b.t().sigmoid_() */
  CHAIN_MUL,          /* b[1:3].t()[0].mul_(y) */
  COPY,               /* b.select(0, 1).copy_(y) */
  TWO_WRITES,         /* b[0:2].mul_(y); b[1:3].mul_(3); b.tanh_() */
  STALE_VIEW,         /* v = b[1:]; b.sin_(); v * v */
  ZEROS_BASE,         /* z = zeros; z[1].copy_(y * x[0]); z[0].add_(y) */
  BLOB_BASE,          /* the same into a transposed blob */
} Case;

static const char *case_names[] = {
  "slice-mul", "select-add", "t-sigmoid", "chain-mul", "copy", "two-writes",
  "stale-view", "zeros-base", "blob-base",
};

#define OK(call) G_STMT_START { if (!(call)) return NULL; } G_STMT_END

/* A transposed [3, 4] float64 tensor over new memory (strides 1, 3). */
static GtTensor *
blob_base (GError **error)
{
  gdouble *data = g_new0 (gdouble, 12);
  const gint64 strides[] = { 1, 3 };

  return gt_tensor_new_from_blob (GPOINTER_TO_SIZE (data), 12 * sizeof (gdouble),
                                  SHAPE (3, 4), 2, strides, 2, GT_DTYPE_FLOAT64,
                                  (GtBlobReleaseFunc) g_free, data, NULL, error);
}

/* sum(b * b) + sum(v * v): the base, which now depends on the write,
 * and the view, through their own histories. */
static GtTensor *
squares (GtTensor  *b,
         GtTensor  *v,
         GError   **error)
{
  g_autoptr(GtTensor) bb = NULL;
  g_autoptr(GtTensor) vv = NULL;
  g_autoptr(GtTensor) sb = NULL;
  g_autoptr(GtTensor) sv = NULL;

  OK (bb = gt_tensor_mul (b, b, error));
  OK (vv = gt_tensor_mul (v, v, error));
  OK (sb = gt_tensor_sum (bb, NULL, 0, FALSE, error));
  OK (sv = gt_tensor_sum (vv, NULL, 0, FALSE, error));
  return gt_tensor_add (sb, sv, 1.0, error);
}

static GtTensor *
views_fn (GtTensor **in,
          gpointer   user_data,
          GError   **error)
{
  Case c = GPOINTER_TO_INT (user_data);
  GtTensor *x = in[0], *y = in[1];
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtTensor) v = NULL;
  g_autoptr(GtTensor) w = NULL;
  g_autoptr(GtTensor) u = NULL;

  if (c == ZEROS_BASE || c == BLOB_BASE)
    {
      /* the base needs no grad; values that do are written into it */
      g_autoptr(GtTensor) x0 = NULL;
      g_autoptr(GtTensor) value = NULL;

      OK (b = c == BLOB_BASE ? blob_base (error)
                             : gt_zeros (SHAPE (3, 4), 2, GT_DTYPE_FLOAT64, NULL, error));
      OK (x0 = gt_tensor_select (x, 0, 0, error));
      OK (value = gt_tensor_mul (y, x0, error));
      OK (v = gt_tensor_select (b, 0, 1, error));
      OK (gt_tensor_copy_ (v, value, error));
      OK (u = gt_tensor_select (x, 1, 0, error));
      OK (w = gt_tensor_select (b, 1, 2, error));
      OK (gt_tensor_add_ (w, u, 1.0, error));
      return squares (b, v, error);
    }

  OK (b = gt_tensor_mul (x, x, error));
  switch (c)
    {
    case SLICE_MUL:
      OK (v = gt_tensor_slice (b, 0, 1, 3, 1, error));
      OK (gt_tensor_mul_ (v, y, error));
      break;
    case SELECT_ADD:
      OK (v = gt_tensor_select (b, 1, 2, error));
      OK (gt_tensor_add_ (v, y, 0.5, error));
      break;
    case T_SIGMOID:
      OK (v = gt_tensor_t (b, error));
      OK (gt_tensor_sigmoid_ (v, error));
      break;
    case CHAIN_MUL:
      OK (u = gt_tensor_slice (b, 0, 1, 3, 1, error));
      OK (w = gt_tensor_t (u, error));
      OK (v = gt_tensor_select (w, 0, 0, error));
      OK (gt_tensor_mul_ (v, y, error));
      break;
    case COPY:
      OK (v = gt_tensor_select (b, 0, 1, error));
      OK (gt_tensor_copy_ (v, y, error));
      break;
    case TWO_WRITES:
      OK (v = gt_tensor_slice (b, 0, 0, 2, 1, error));
      OK (w = gt_tensor_slice (b, 0, 1, 3, 1, error));
      OK (gt_tensor_mul_ (v, y, error));
      OK (gt_tensor_mul_scalar_ (w, 3.0, error));
      OK (gt_tensor_tanh_ (b, error));
      break;                /* v is read after both writes: regenerated */
    case STALE_VIEW:
      OK (v = gt_tensor_slice (b, 0, 1, END, 1, error));
      OK (gt_tensor_sin_ (b, error));
      break;
    default:
      g_assert_not_reached ();
    }
  return squares (b, v, error);
}

static void
test_gradcheck (void)
{
  static const gint64 y_shapes[][2] = {
    [SLICE_MUL] = { 2, 4 }, [SELECT_ADD] = { 1, 0 }, [T_SIGMOID] = { 2, 4 },
    [CHAIN_MUL] = { 2, 0 }, [COPY] = { 4, 0 }, [TWO_WRITES] = { 2, 4 },
    [STALE_VIEW] = { 2, 4 }, [ZEROS_BASE] = { 4, 0 }, [BLOB_BASE] = { 4, 0 },
  };
  static const guint y_ndim[] = { 2, 1, 2, 1, 1, 2, 2, 1, 1 };
  const GtGradcheckLayout layouts[] = { GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_TRANSPOSED };

  for (guint c = 0; c < G_N_ELEMENTS (case_names); c++)
    for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
      {
        g_autoptr(GtTensor) x = gt_gradcheck_input (rng, SHAPE (3, 4), 2, 0.2, 1.0, layouts[k]);
        g_autoptr(GtTensor) y = gt_gradcheck_input (rng, y_shapes[c], y_ndim[c], 0.5, 1.5,
                                                    GT_GRADCHECK_CONTIGUOUS);
        GtTensor *in[2] = { x, y };
        g_autofree char *what = g_strdup_printf ("%s (layout %u)", case_names[c], k);

        /* T_SIGMOID and STALE_VIEW do not use y */
        gt_tensor_set_requires_grad (y, c != T_SIGMOID && c != STALE_VIEW, NULL);
        gt_gradcheck (what, views_fn, GINT_TO_POINTER (c), in, 2, TRUE, rng);
      }
}

/* ---- refusals -------------------------------------------------------------------- */

static void
test_refusals (void)
{
  const gint64 zero_strides[] = { 0, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, SHAPE (2, 3), 2, -1, 1,
                                              GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) y = gt_tensor_mul_scalar (x, 2.0, &error);
  g_autoptr(GtTensor) leaf_view = gt_tensor_select (x, 0, 1, &error);
  g_autoptr(GPtrArray) parts = gt_tensor_split (y, 1, 0, &error);
  g_autoptr(GtTensor) quiet = NULL;
  g_autoptr(GtTensor) one = gt_ones (SHAPE (3), 1, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) wide = NULL;
  g_autoptr(GtTensor) row = NULL;

  g_assert_false (gt_tensor_mul_scalar_ (leaf_view, 2.0, &error));
  g_assert_nonnull (strstr (error->message, "a view of a leaf Variable that requires grad"));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_mul_scalar_");

  g_assert_false (gt_tensor_add_scalar_ (parts->pdata[1], 1.0, 1.0, &error));
  g_assert_nonnull (strstr (error->message, "Output 1 of SplitBackward0 is a view"));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_add_scalar_");

  {
    g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
    quiet = gt_tensor_select (y, 0, 0, &error);
    g_assert_true (gt_tensor_mul_scalar_ (quiet, 2.0, &error));
  }
  g_assert_false (gt_tensor_fill_ (quiet, 2.0, &error));
  g_assert_nonnull (strstr (error->message, "created in no_grad mode"));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_fill_");

  /* a base whose elements share memory is not rebased: only the view
   * records the write (a limitation; such bases only come from blobs) */
  {
    gdouble *data = g_new0 (gdouble, 3);
    wide = gt_tensor_new_from_blob (GPOINTER_TO_SIZE (data), 3 * sizeof (gdouble),
                                    SHAPE (2, 3), 2, zero_strides, 2, GT_DTYPE_FLOAT64,
                                    (GtBlobReleaseFunc) g_free, data, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_true (gt_tensor_set_requires_grad (one, TRUE, &error));
  row = gt_tensor_select (wide, 0, 0, &error);
  g_assert_true (gt_tensor_fill_ (row, 1.0, &error));    /* nothing to record */
  g_assert_true (gt_tensor_copy_ (row, one, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (row), ==, "torch::autograd::CopyBackwards");
  g_assert_false (gt_tensor_get_requires_grad (wide));
}

/* ---- memory ------------------------------------------------------------------------ */

/* The view holds its base; nothing holds the view: after the write, the
 * last reference to the view frees the base and the whole graph. */
static void
test_no_cycle (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, SHAPE (4), 1, -1, 1,
                                              GT_GRADCHECK_CONTIGUOUS);
  GtTensor *b = gt_tensor_mul_scalar (x, 3.0, &error);
  GtTensor *v = gt_tensor_slice (b, 0, 1, 3, 1, &error);
  GtTensor *watch_b = b, *watch_v = v;

  g_object_add_weak_pointer (G_OBJECT (b), (gpointer *) &watch_b);
  g_object_add_weak_pointer (G_OBJECT (v), (gpointer *) &watch_v);
  g_assert_true (gt_tensor_relu_ (v, &error));   /* saves its result */
  g_assert_true (gt_tensor_sigmoid_ (b, &error));
  g_object_unref (b);
  g_assert_nonnull (watch_b);                    /* the view keeps it */
  g_object_unref (v);
  g_assert_null (watch_v);
  g_assert_null (watch_b);
}

/* backward frees the saved tensors of the op inside CopySlices too */
static void
test_retain_graph (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, SHAPE (4), 1, -1, 1,
                                              GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) b = gt_tensor_mul_scalar (x, 1.0, &error);
  g_autoptr(GtTensor) v = gt_tensor_slice (b, 0, 0, 2, 1, &error);
  g_autoptr(GtTensor) s = NULL;

  g_assert_true (gt_tensor_exp_ (v, &error));
  s = gt_tensor_sum (b, NULL, 0, FALSE, &error);
  g_assert_true (gt_tensor_backward (s, NULL, TRUE, FALSE, &error));
  g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
  g_assert_false (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
  g_assert_nonnull (strstr (error->message, "ExpBackward0"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (20240607);

  g_test_add_func ("/grad/views/slice-mul-values", test_slice_mul_values);
  g_test_add_func ("/grad/views/base-without-grad", test_base_without_grad);
  g_test_add_func ("/grad/views/gradcheck", test_gradcheck);
  g_test_add_func ("/grad/views/refusals", test_refusals);
  g_test_add_func ("/grad/views/no-cycle", test_no_cycle);
  g_test_add_func ("/grad/views/retain-graph", test_retain_graph);
  return g_test_run ();
}
