/* Gradients of the shape/view ops and of the copies (clone, contiguous,
 * to_dtype, copy_, fill_, zero_): every op through the gradient checker
 * over contiguous, transposed, sliced and expanded inputs, and squared
 * (op(x) · op(x)) with second order, so that the second derivative runs
 * through the op's own backward graph (the slice of SliceBackwardBackward0,
 * the stack of an unbind, the sum of an expand); torch's node names; views
 * that share memory and have a grad_fn; in-place writes into views and
 * leaves refused; hand-computed values for repeat past 8 dims, cat of
 * mixed dtypes and copies. Small shapes: the suite also runs under
 * valgrind. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

#define SHAPE(...) ((const gint64[]) { __VA_ARGS__ })
#define DIMS(...) ((const gint[]) { __VA_ARGS__ })

#define OP(fname, call)                                                     \
  static GtTensor *fname (GtTensor *x, GError **error) { return call; }

OP (reshape_op, gt_tensor_reshape (x, SHAPE (4, 6), 2, error))
OP (reshape_infer_op, gt_tensor_reshape (x, SHAPE (-1, 2), 2, error))
OP (view_op, gt_tensor_view (x, SHAPE (6, -1), 2, error))
OP (flatten_op, gt_tensor_flatten (x, 0, -1, error))
OP (flatten_inner_op, gt_tensor_flatten (x, 1, 2, error))
OP (unflatten_op, gt_tensor_unflatten (x, 2, SHAPE (2, 2), 2, error))
OP (transpose_op, gt_tensor_transpose (x, 0, 2, error))
OP (permute_op, gt_tensor_permute (x, DIMS (2, 0, 1), 3, error))
OP (t_op, gt_tensor_t (x, error))
OP (mt_op, gt_tensor_mt (x, error))
OP (squeeze_op, gt_tensor_squeeze (x, error))
OP (squeeze_dim_op, gt_tensor_squeeze_dim (x, 1, error))
OP (unsqueeze_op, gt_tensor_unsqueeze (x, 1, error))
OP (expand_op, gt_tensor_expand (x, SHAPE (2, 3, 4), 3, error))
OP (broadcast_to_op, gt_tensor_broadcast_to (x, SHAPE (2, 3, 4), 3, error))
OP (narrow_op, gt_tensor_narrow (x, 1, 1, 2, error))
OP (select_op, gt_tensor_select (x, 1, -1, error))
OP (slice_op, gt_tensor_slice (x, 1, 1, G_MAXINT64, 2, error))
OP (slice_neg_op, gt_tensor_slice (x, 0, -2, G_MAXINT64, 1, error))
OP (flip_op, gt_tensor_flip (x, DIMS (0, 2), 2, error))
OP (repeat_op, gt_tensor_repeat (x, SHAPE (2, 1, 3), 3, error))
OP (repeat_lead_op, gt_tensor_repeat (x, SHAPE (2, 1, 2), 3, error))
OP (repeat_zero_op, gt_tensor_repeat (x, SHAPE (0, 2), 2, error))

/* two_layouts (TRUE): view, whose input must be viewable: contiguous and
 * sliced only. */
static const GtGradcheckCase cases[] = {
  { "reshape", reshape_op, "ReshapeAliasBackward0", { 2, 3, 4 }, 3 },
  { "reshape-infer", reshape_infer_op, "ReshapeAliasBackward0", { 2, 3, 4 }, 3 },
  { "view", view_op, "ViewBackward0", { 2, 3, 4 }, 3, TRUE },
  { "flatten", flatten_op, "ReshapeAliasBackward0", { 2, 3, 4 }, 3 },
  { "flatten-inner", flatten_inner_op, "ReshapeAliasBackward0", { 2, 3, 4 }, 3 },
  { "unflatten", unflatten_op, "ViewBackward0", { 2, 3, 4 }, 3 },
  { "transpose", transpose_op, "TransposeBackward0", { 2, 3, 4 }, 3 },
  { "permute", permute_op, "PermuteBackward0", { 2, 3, 4 }, 3 },
  { "t", t_op, "TBackward0", { 3, 4 }, 2 },
  { "t-1d", t_op, "TBackward0", { 4 }, 1 },
  { "mT", mt_op, "TransposeBackward0", { 2, 3, 4 }, 3 },
  { "squeeze", squeeze_op, "SqueezeBackward0", { 3, 1, 4 }, 3 },
  { "squeeze-dim", squeeze_dim_op, "SqueezeBackward1", { 3, 1, 4 }, 3 },
  { "unsqueeze", unsqueeze_op, "UnsqueezeBackward0", { 3, 4 }, 2 },
  { "expand", expand_op, "ExpandBackward0", { 3, 1 }, 2 },
  { "broadcast_to", broadcast_to_op, "ExpandBackward0", { 1, 4 }, 2 },
  { "narrow", narrow_op, "SliceBackward0", { 3, 4 }, 2 },
  { "select", select_op, "SelectBackward0", { 3, 4 }, 2 },
  { "slice", slice_op, "SliceBackward0", { 3, 5 }, 2 },
  { "slice-negative", slice_neg_op, "SliceBackward0", { 3, 4 }, 2 },
  { "flip", flip_op, "FlipBackward0", { 2, 3, 4 }, 3 },
  { "repeat", repeat_op, "RepeatBackward0", { 2, 3, 2 }, 3 },
  { "repeat-lead", repeat_lead_op, "RepeatBackward0", { 3, 2 }, 2 },
  { "repeat-zero", repeat_zero_op, "RepeatBackward0", { 3, 2 }, 2 },
  { "clone", gt_tensor_clone, "CloneBackward0", { 3, 4 }, 2 },
};

static void
test_gradcheck (gconstpointer data)
{
  static const GtGradcheckLayout layouts[] = {
    GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_SLICED, GT_GRADCHECK_TRANSPOSED,
    GT_GRADCHECK_EXPANDED,
  };

  gt_gradcheck_case (data, layouts, G_N_ELEMENTS (layouts), rng);
}

static void
test_node_names (void)
{
  gt_gradcheck_case_nodes (cases, G_N_ELEMENTS (cases), rng);
}

/* ---- several outputs, several inputs ------------------------------------- */

typedef GPtrArray *(*MultiOp) (GtTensor *x, GError **error);

typedef struct {
  const char  *name;
  MultiOp      op;
  const char  *node;
  gint64       shape[2];
} MultiCase;

#define MULTI(fname, call)                                                  \
  static GPtrArray *fname (GtTensor *x, GError **error) { return call; }

MULTI (unbind_op, gt_tensor_unbind (x, 1, error))
MULTI (split_op, gt_tensor_split (x, 3, 1, error))
MULTI (chunk_op, gt_tensor_chunk (x, 2, 0, error))
MULTI (split_sizes_op, gt_tensor_split_sizes (x, SHAPE (1, 3), 2, 1, error))

static const MultiCase multi_cases[] = {
  { "unbind", unbind_op, "UnbindBackward0", { 3, 4 } },
  { "split", split_op, "SplitBackward0", { 2, 5 } },
  { "chunk", chunk_op, "SplitBackward0", { 3, 4 } },
  { "split_sizes", split_sizes_op, "SplitWithSizesBackward0", { 2, 4 } },
};

/* first piece squared, flattened, followed by the last flattened: pieces
 * in between get no gradient (zeros) */
static GtTensor *
multi_fn (GtTensor **in, gpointer data, GError **error)
{
  const MultiCase *c = data;
  g_autoptr(GPtrArray) pieces = c->op (in[0], error);
  g_autoptr(GtTensor) sq = NULL, a = NULL, b = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (pieces == NULL)
    return NULL;
  sq = gt_tensor_mul (pieces->pdata[0], pieces->pdata[0], error);
  a = gt_tensor_flatten (sq, 0, -1, error);
  b = gt_tensor_flatten (pieces->pdata[pieces->len - 1], 0, -1, error);
  g_ptr_array_add (parts, a);
  g_ptr_array_add (parts, b);
  return gt_cat (parts, 0, error);
}

static void
test_multi_gradcheck (gconstpointer data)
{
  const MultiCase *c = data;

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) x = gt_gradcheck_input (rng, c->shape, 2, -2, 2,
                                                  k ? GT_GRADCHECK_TRANSPOSED
                                                    : GT_GRADCHECK_CONTIGUOUS);
      g_autoptr(GPtrArray) pieces = c->op (x, &error);
      g_autofree char *what = g_strdup_printf ("%s (layout %u)", c->name, k);

      g_assert_no_error (error);
      for (guint i = 0; i < pieces->len; i++)
        g_assert_cmpstr (gt_tensor_get_grad_fn_name (pieces->pdata[i]), ==, c->node);
      gt_gradcheck (what, multi_fn, (gpointer) c, &x, 1, TRUE, rng);
    }
}

/* cat along @dim of three inputs with a skipped 1-D empty tensor between */
static GtTensor *
cat_fn (GtTensor **in, gpointer data, GError **error)
{
  g_autoptr(GtTensor) empty = gt_zeros (SHAPE (0), 1, GT_DTYPE_FLOAT64, NULL, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GtTensor) out = NULL;

  g_ptr_array_add (list, in[0]);
  g_ptr_array_add (list, empty);
  g_ptr_array_add (list, in[1]);
  g_ptr_array_add (list, in[2]);
  out = gt_cat (list, GPOINTER_TO_INT (data), error);
  return out ? gt_tensor_mul (out, out, error) : NULL;
}

static GtTensor *
stack_fn (GtTensor **in, gpointer data, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GtTensor) out = NULL;

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (list, in[i]);
  out = gt_stack (list, GPOINTER_TO_INT (data), error);
  return out ? gt_tensor_mul (out, out, error) : NULL;
}

static void
test_cat_stack_gradcheck (void)
{
  GtTensor *in[3];

  /* along dim 0 and dim 1 (sizes differ along it), mixed layouts */
  in[0] = gt_gradcheck_input (rng, SHAPE (2, 3), 2, -2, 2, GT_GRADCHECK_TRANSPOSED);
  in[1] = gt_gradcheck_input (rng, SHAPE (1, 3), 2, -2, 2, GT_GRADCHECK_CONTIGUOUS);
  in[2] = gt_gradcheck_input (rng, SHAPE (3, 3), 2, -2, 2, GT_GRADCHECK_SLICED);
  gt_gradcheck ("cat dim 0", cat_fn, GINT_TO_POINTER (0), in, 3, TRUE, rng);
  /* a constant in the list: only the others are differentiated */
  g_assert_true (gt_tensor_set_requires_grad (in[1], FALSE, NULL));
  gt_gradcheck ("cat dim 0, a constant", cat_fn, GINT_TO_POINTER (0), in, 3, TRUE, rng);
  for (guint i = 0; i < 3; i++)
    g_object_unref (in[i]);

  in[0] = gt_gradcheck_input (rng, SHAPE (2, 3), 2, -2, 2, GT_GRADCHECK_EXPANDED);
  in[1] = gt_gradcheck_input (rng, SHAPE (2, 1), 2, -2, 2, GT_GRADCHECK_CONTIGUOUS);
  in[2] = gt_gradcheck_input (rng, SHAPE (2, 2), 2, -2, 2, GT_GRADCHECK_TRANSPOSED);
  gt_gradcheck ("cat dim -1", cat_fn, GINT_TO_POINTER (-1), in, 3, TRUE, rng);
  for (guint i = 0; i < 3; i++)
    g_object_unref (in[i]);

  for (gint dim = 0; dim <= 2; dim++)
    {
      g_autofree char *what = g_strdup_printf ("stack dim %d", dim);

      in[0] = gt_gradcheck_input (rng, SHAPE (2, 3), 2, -2, 2, GT_GRADCHECK_CONTIGUOUS);
      in[1] = gt_gradcheck_input (rng, SHAPE (2, 3), 2, -2, 2, GT_GRADCHECK_TRANSPOSED);
      in[2] = gt_gradcheck_input (rng, SHAPE (2, 3), 2, -2, 2, GT_GRADCHECK_EXPANDED);
      gt_gradcheck (what, stack_fn, GINT_TO_POINTER (dim), in, 3, TRUE, rng);
      for (guint i = 0; i < 3; i++)
        g_object_unref (in[i]);
    }
}

/* ---- copies into a tensor ----------------------------------------------- */

/* t = x · 1; t.copy_(s) (s broadcast); t · x */
static GtTensor *
copy_fn (GtTensor **in, gpointer data, GError **error)
{
  g_autoptr(GtTensor) t = gt_tensor_mul_scalar (in[0], 1.0, error);

  if (t == NULL || !gt_tensor_copy_ (t, in[1], error))
    return NULL;
  if (gt_is_grad_enabled ())
    g_assert_cmpstr (gt_tensor_get_grad_fn_name (t), ==,
                     "torch::autograd::CopyBackwards");
  return gt_tensor_mul (t, in[0], error);
}

/* t = x · 1; t.fill_(2.5) or t.zero_(); t · x */
static GtTensor *
fill_fn (GtTensor **in, gpointer data, GError **error)
{
  g_autoptr(GtTensor) t = gt_tensor_mul_scalar (in[0], 1.0, error);
  gboolean zero = GPOINTER_TO_INT (data);

  if (t == NULL || !(zero ? gt_tensor_zero_ (t, error) : gt_tensor_fill_ (t, 2.5, error)))
    return NULL;
  if (gt_is_grad_enabled ())
    g_assert_cmpstr (gt_tensor_get_grad_fn_name (t), ==,
                     zero ? "ZeroBackward0" : "FillBackward2");
  return gt_tensor_mul (t, in[0], error);
}

/* x.t().contiguous() squared: a recorded clone */
static GtTensor *
contiguous_fn (GtTensor **in, gpointer data, GError **error)
{
  g_autoptr(GtTensor) t = gt_tensor_t (in[0], error);
  g_autoptr(GtTensor) c = t ? gt_tensor_contiguous (t, error) : NULL;

  if (c == NULL)
    return NULL;
  if (gt_is_grad_enabled ())
    g_assert_cmpstr (gt_tensor_get_grad_fn_name (c), ==, "CloneBackward0");
  return gt_tensor_mul (c, c, error);
}

static void
test_copies_gradcheck (void)
{
  GtTensor *in[2];
  g_autoptr(GtTensor) x = NULL;

  in[0] = gt_gradcheck_input (rng, SHAPE (3, 4), 2, -2, 2, GT_GRADCHECK_CONTIGUOUS);
  in[1] = gt_gradcheck_input (rng, SHAPE (3, 4), 2, -2, 2, GT_GRADCHECK_TRANSPOSED);
  gt_gradcheck ("copy_", copy_fn, NULL, in, 2, TRUE, rng);
  g_object_unref (in[1]);
  in[1] = gt_gradcheck_input (rng, SHAPE (4), 1, -2, 2, GT_GRADCHECK_SLICED);
  gt_gradcheck ("copy_ broadcast", copy_fn, NULL, in, 2, TRUE, rng);
  /* only the source needs a gradient */
  g_assert_true (gt_tensor_set_requires_grad (in[0], FALSE, NULL));
  gt_gradcheck ("copy_ into a constant", copy_fn, NULL, in, 2, TRUE, rng);
  g_object_unref (in[0]);
  g_object_unref (in[1]);

  x = gt_gradcheck_input (rng, SHAPE (3, 4), 2, -2, 2, GT_GRADCHECK_SLICED);
  gt_gradcheck ("fill_", fill_fn, GINT_TO_POINTER (0), &x, 1, TRUE, rng);
  gt_gradcheck ("zero_", fill_fn, GINT_TO_POINTER (1), &x, 1, TRUE, rng);
  gt_gradcheck ("contiguous", contiguous_fn, NULL, &x, 1, TRUE, rng);
}

/* ---- hand-computed values ----------------------------------------------- */

static GtTensor *
leaf (const gdouble *v, gsize n, const gint64 *shape, guint ndim, GtDType dtype)
{
  GtTensor *t = gt_test_new (v, n, shape, ndim, dtype);

  g_assert_true (gt_tensor_set_requires_grad (t, TRUE, NULL));
  return t;
}

static GtTensor *
grad_of (GtTensor *out, GtTensor *x, GtTensor *v)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outs = g_ptr_array_new ();
  g_autoptr(GPtrArray) ins = g_ptr_array_new ();
  g_autoptr(GPtrArray) gs = g_ptr_array_new ();
  g_autoptr(GPtrArray) r = NULL;

  g_ptr_array_add (outs, out);
  g_ptr_array_add (ins, x);
  g_ptr_array_add (gs, v);
  r = gt_autograd_grad (outs, ins, gs, FALSE, FALSE, TRUE, &error);
  g_assert_no_error (error);
  return r->pdata[0] ? g_object_ref (r->pdata[0]) : NULL;
}

static void
test_expand_and_repeat_values (void)
{
  const gdouble xv[] = { 1, 2, 3 }, eights[] = { 8, 8, 8 }, threes[] = { 3, 3 };
  const gdouble ones8[] = { 1, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 3, SHAPE (3, 1), 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) e = gt_tensor_expand (x, SHAPE (2, 3, 4), 3, &error);
  g_autoptr(GtTensor) v = gt_ones (SHAPE (2, 3, 4), 3, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) g = grad_of (e, x, v);
  g_autoptr(GtTensor) y = NULL, r = NULL, w = NULL, gy = NULL;

  /* every element of x is read 8 times */
  gt_test_assert_shape (g, SHAPE (3, 1), 2);
  gt_test_assert_values (g, eights, 3, 0.0);

  /* repeat with 8 dims: no room to split a dim, the pieces are added */
  y = leaf (ones8, 2, SHAPE (1, 1, 1, 1, 1, 1, 1, 2), 8, GT_DTYPE_FLOAT64);
  r = gt_tensor_repeat (y, SHAPE (1, 1, 1, 1, 1, 1, 1, 3), 8, &error);
  g_assert_no_error (error);
  w = gt_ones (r->sizes, 8, GT_DTYPE_FLOAT64, NULL, &error);
  gy = grad_of (r, y, w);
  gt_test_assert_values (gy, threes, 2, 0.0);
}

static GtTensor *
repeat8_op (GtTensor *x, GError **error)
{
  return gt_tensor_repeat (x, SHAPE (1, 1, 1, 1, 1, 2, 1, 3), 8, error);
}

static void
test_repeat_many_dims (void)
{
  static const GtGradcheckCase c = { "repeat-8-dims", repeat8_op, "RepeatBackward0" };
  g_autoptr(GtTensor) base = gt_gradcheck_input (rng, SHAPE (1, 1, 1, 1, 1, 2, 1, 2), 8,
                                                 -2, 2, GT_GRADCHECK_CONTIGUOUS);

  gt_gradcheck ("repeat of 8 dims", gt_gradcheck_case_squared_fn, (gpointer) &c,
                &base, 1, TRUE, rng);
}

static void
test_cat_mixed_dtypes (void)
{
  const gdouble av[] = { 0.5, -1 }, bv[] = { 2, 4 }, vv[] = { 0.25, -3, 1.5, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = leaf (av, 2, SHAPE (1, 2), 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = leaf (bv, 2, SHAPE (1, 2), 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) v = gt_test_new (vv, 4, SHAPE (2, 2), 2, GT_DTYPE_FLOAT64);
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GtTensor) out = NULL, ga = NULL, gb = NULL;

  g_ptr_array_add (list, a);
  g_ptr_array_add (list, b);
  out = gt_cat (list, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_get_dtype (out), ==, GT_DTYPE_FLOAT64);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (out), ==, "CatBackward0");
  ga = grad_of (out, a, v);
  g_assert_cmpint (gt_tensor_get_dtype (ga), ==, GT_DTYPE_FLOAT32);
  gt_test_assert_values (ga, vv, 2, 0.0);
  g_clear_object (&out);
  out = gt_cat (list, 0, &error);
  gb = grad_of (out, b, v);
  gt_test_assert_values (gb, vv + 2, 2, 0.0);
}

static void
test_to_dtype (void)
{
  const gdouble xv[] = { 1.5, -2 }, vv[] = { 0.1, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 2, SHAPE (2), 1, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) f = gt_tensor_to_dtype (x, GT_DTYPE_FLOAT32, &error);
  g_autoptr(GtTensor) i = gt_tensor_to_dtype (x, GT_DTYPE_INT64, &error);
  g_autoptr(GtTensor) same = gt_tensor_to_dtype (x, GT_DTYPE_FLOAT64, &error);
  g_autoptr(GtTensor) v = gt_test_new (vv, 2, SHAPE (2), 1, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) g = NULL;
  const gdouble want[] = { (gfloat) 0.1, 3 };

  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (f), ==, "ToCopyBackward0");
  g_assert_true (same == x);
  /* integers carry no gradient */
  g_assert_false (gt_tensor_get_requires_grad (i));
  g_assert_null (gt_tensor_get_grad_fn_name (i));
  g = grad_of (f, x, v);
  g_assert_cmpint (gt_tensor_get_dtype (g), ==, GT_DTYPE_FLOAT64);
  gt_test_assert_values (g, want, 2, 0.0);
}

static void
test_self_returned (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, SHAPE (2, 3), 2, -1, 1,
                                              GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) c = gt_tensor_contiguous (x, &error);
  g_autoptr(GtTensor) f = gt_tensor_flatten (x, 1, 1, &error);

  /* torch returns the tensor itself: no node */
  g_assert_true (c == x);
  g_assert_true (f == x);
}

/* ---- views --------------------------------------------------------------- */

static void
test_views_share_memory (void)
{
  const gdouble nine[] = { 9, 9 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, SHAPE (2, 2), 2, -1, 1,
                                              GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) t = gt_tensor_t (x, &error);
  g_autoptr(GtTensor) col = NULL, row = NULL;

  g_assert_true (t->storage == x->storage);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (t), ==, "TBackward0");
  {
    g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
    row = gt_tensor_select (x, 0, 0, &error);
    g_assert_true (gt_tensor_fill_ (row, 9, &error));
  }
  col = gt_tensor_select (t, 1, 0, &error);
  gt_test_assert_values (col, nine, 2, 0.0);
}

typedef GtTensor *(*ViewMaker) (GtTensor *base, GError **error);

static GtTensor *
make_t (GtTensor *b, GError **error)
{
  return gt_tensor_t (b, error);
}

static GtTensor *
make_select (GtTensor *b, GError **error)
{
  return gt_tensor_select (b, 0, 1, error);
}

static GtTensor *
make_reshape (GtTensor *b, GError **error)
{
  return gt_tensor_reshape (b, SHAPE (4), 1, error);
}

static GtTensor *
make_unbind (GtTensor *b, GError **error)
{
  g_autoptr(GPtrArray) parts = gt_tensor_unbind (b, 0, error);

  return g_object_ref (parts->pdata[0]);
}

static GtTensor *
make_expand (GtTensor *b, GError **error)
{
  g_autoptr(GtTensor) e = gt_tensor_expand (b, SHAPE (3, 2, 2), 3, error);

  return gt_tensor_select (e, 0, 0, error);
}

static void
test_inplace_on_views_refused (void)
{
  const ViewMaker makers[] = { make_t, make_select, make_reshape, make_unbind, make_expand };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, SHAPE (2, 2), 2, -1, 1,
                                              GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) y = gt_tensor_mul_scalar (x, 2.0, &error);
  g_autoptr(GtTensor) zero = gt_zeros (NULL, 0, GT_DTYPE_FLOAT64, NULL, &error);

  /* Views of a leaf that requires grad are refused as torch refuses them;
   * views of a non-leaf are written through CopySlices (test-grad-views),
   * except unbind's, which torch refuses too. */
  for (guint i = 0; i < G_N_ELEMENTS (makers); i++)
    {
      g_autoptr(GtTensor) v = makers[i] (x, &error);

      g_assert_no_error (error);
      g_assert_true (gt_tensor_get_requires_grad (v));
      g_assert_false (gt_tensor_mul_scalar_ (v, 2.0, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_mul_scalar_");
      g_assert_false (gt_tensor_fill_ (v, 1.0, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_fill_");
      g_assert_false (gt_tensor_zero_ (v, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_zero_");
      g_assert_false (gt_tensor_copy_ (v, zero, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_copy_");
      g_assert_false (gt_tensor_add_scalar_ (v, 1.0, 1.0, &error));
      g_assert_nonnull (strstr (error->message, "a view of a leaf Variable"));
      g_clear_error (&error);
    }
  {
    g_autoptr(GtTensor) v = make_unbind (y, &error);

    g_assert_false (gt_tensor_mul_scalar_ (v, 2.0, &error));
    g_assert_nonnull (strstr (error->message, "Output 0 of UnbindBackward0 is a view"));
    gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_mul_scalar_");
  }
  {
    g_autoptr(GtTensor) v = NULL;

    {
      g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
      v = make_select (y, &error);
    }
    g_assert_false (gt_tensor_mul_scalar_ (v, 2.0, &error));
    g_assert_nonnull (strstr (error->message, "created in no_grad mode"));
    gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_mul_scalar_");
  }

  /* leaves themselves */
  g_assert_false (gt_tensor_fill_ (x, 1.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_fill_");
  g_assert_false (gt_tensor_copy_ (x, y, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_copy_");

  /* no grad mode, a clone, the copy of a reshape: all writable */
  {
    g_autoptr(GtTensor) v = gt_tensor_select (y, 0, 1, &error);
    g_autoptr(GtTensor) c = gt_tensor_clone (v, &error);
    g_autoptr(GtTensor) t = gt_tensor_t (y, &error);
    g_autoptr(GtTensor) r = gt_tensor_reshape (t, SHAPE (4), 1, &error);

    {
      g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
      g_assert_true (gt_tensor_fill_ (v, 7.0, &error));
    }
    g_assert_true (gt_tensor_mul_scalar_ (c, 2.0, &error));
    g_assert_cmpstr (gt_tensor_get_grad_fn_name (r), ==, "UnsafeViewBackward0");
    g_assert_true (gt_tensor_mul_scalar_ (r, 2.0, &error));
    g_assert_no_error (error);
  }
}

/* ---- bugs of gt-tensor.c ------------------------------------------------- */

static void
test_empty_tensors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) z = gt_zeros (SHAPE (3, 0), 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) last = gt_tensor_select (z, 0, 2, &error);
  g_autoptr(GtTensor) e = gt_tensor_expand (last, SHAPE (4, 0), 2, &error);
  g_autoptr(GtTensor) one = gt_zeros (SHAPE (1, 3), 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) e2 = gt_tensor_expand (one, SHAPE (0, 3), 2, &error);
  g_autoptr(GBytes) bytes = NULL;

  /* the offset of the empty view lies past the end of its empty storage */
  g_assert_cmpint (gt_tensor_get_storage_offset (last), ==, 2);
  bytes = gt_tensor_to_bytes (last, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = gt_tensor_to_bytes (e, &error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);

  /* fill_ of expanded tensors without elements */
  g_assert_true (gt_tensor_fill_ (e, 1.0, &error));
  g_assert_true (gt_tensor_fill_ (e2, 1.0, &error));
  g_assert_true (gt_tensor_zero_ (e2, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (20240611);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad/shape/gradcheck/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_gradcheck);
    }
  for (guint i = 0; i < G_N_ELEMENTS (multi_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad/shape/gradcheck/%s",
                                               multi_cases[i].name);
      g_test_add_data_func (path, &multi_cases[i], test_multi_gradcheck);
    }
  g_test_add_func ("/grad/shape/gradcheck/cat-stack", test_cat_stack_gradcheck);
  g_test_add_func ("/grad/shape/gradcheck/copies", test_copies_gradcheck);
  g_test_add_func ("/grad/shape/gradcheck/repeat-8-dims", test_repeat_many_dims);
  g_test_add_func ("/grad/shape/node-names", test_node_names);
  g_test_add_func ("/grad/shape/values/expand-repeat", test_expand_and_repeat_values);
  g_test_add_func ("/grad/shape/values/cat-mixed-dtypes", test_cat_mixed_dtypes);
  g_test_add_func ("/grad/shape/values/to-dtype", test_to_dtype);
  g_test_add_func ("/grad/shape/self-returned", test_self_returned);
  g_test_add_func ("/grad/shape/views/share-memory", test_views_share_memory);
  g_test_add_func ("/grad/shape/views/inplace-refused", test_inplace_on_views_refused);
  g_test_add_func ("/grad/shape/empty-tensors", test_empty_tensors);

  status = g_test_run ();
  g_rand_free (rng);
  return status;
}
