/* Gradients of the indexing ops: index_select, gather, take, scatter
 * (tensor and number), scatter_add, masked_fill (number and tensor value),
 * masked_select, index and index_put, their in-place forms on non-leaf
 * copies, through the gradient checker over contiguous, transposed,
 * sliced and expanded inputs, and squared (second order through the
 * scatter_add / index_put / gather that the backward records); torch's
 * node names; repeated indices adding up; saved indices checked against
 * in-place changes; leaves and views refused by the in-place forms. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

#define SHAPE(...) ((const gint64[]) { __VA_ARGS__ })

/* int64 (or another dtype) tensors of fixed values */
static GtTensor *
ints (const gdouble *v, gsize n, const gint64 *shape, guint ndim, GtDType dtype)
{
  return gt_test_new (v, n, shape, ndim, dtype);
}

#define INDEX(name, dtype, shape, ndim, ...)                                \
  static GtTensor *name (void)                                              \
  {                                                                         \
    const gdouble v[] = { __VA_ARGS__ };                                    \
    return ints (v, G_N_ELEMENTS (v), shape, ndim, dtype);                  \
  }

INDEX (rows_dup, GT_DTYPE_INT64, SHAPE (3), 1, 2, 0, 2)
INDEX (cols_i32, GT_DTYPE_INT32, SHAPE (2), 1, 3, 1)
INDEX (gather_idx, GT_DTYPE_INT64, SHAPE (3, 2), 2, 0, 0, 3, 1, 2, 2)
INDEX (gather_small, GT_DTYPE_INT64, SHAPE (2, 4), 2, 1, 0, 2, 1, 1, 1, 0, 0)
INDEX (take_idx, GT_DTYPE_INT64, SHAPE (2, 2), 2, 0, -1, 5, 5)
INDEX (scatter_unique, GT_DTYPE_INT64, SHAPE (3, 2), 2, 0, 2, 3, 1, 1, 0)
INDEX (cols_dup, GT_DTYPE_INT64, SHAPE (3), 1, 1, 1, 3)
INDEX (rows_unique, GT_DTYPE_INT64, SHAPE (2), 1, 2, 0)
INDEX (mask2, GT_DTYPE_BOOL, SHAPE (3, 4), 2, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0)
INDEX (mask1, GT_DTYPE_BOOL, SHAPE (4), 1, 1, 0, 1, 1)
INDEX (mask_col, GT_DTYPE_BOOL, SHAPE (3, 1), 2, 1, 0, 1)

static GPtrArray *
entries (GtTensor *a, GtTensor *b, GtTensor *c, guint n)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (gt_gradcheck_unref_nullable);

  g_ptr_array_add (list, a);
  if (n > 1)
    g_ptr_array_add (list, b);
  if (n > 2)
    g_ptr_array_add (list, c);
  return list;
}

/* ---- one input ----------------------------------------------------------- */

#define OP(fname, body)                                                     \
  static GtTensor *fname (GtTensor *x, GError **error) { body }

OP (index_select_op, g_autoptr(GtTensor) i = rows_dup ();
    return gt_tensor_index_select (x, 0, i, error);)
OP (index_select_i32_op, g_autoptr(GtTensor) i = cols_i32 ();
    return gt_tensor_index_select (x, 1, i, error);)
OP (gather_op, g_autoptr(GtTensor) i = gather_idx ();
    return gt_tensor_gather (x, 1, i, error);)
OP (gather_small_op, g_autoptr(GtTensor) i = gather_small ();
    return gt_tensor_gather (x, 0, i, error);)
OP (take_op, g_autoptr(GtTensor) i = take_idx ();
    return gt_tensor_take (x, i, error);)
OP (scatter_scalar_op, g_autoptr(GtTensor) i = scatter_unique ();
    return gt_tensor_scatter_scalar (x, 1, i, -0.5, error);)
OP (masked_fill_op, g_autoptr(GtTensor) m = mask2 ();
    return gt_tensor_masked_fill_scalar (x, m, 1.5, error);)
OP (masked_fill_bcast_op, g_autoptr(GtTensor) m = mask_col ();
    return gt_tensor_masked_fill_scalar (x, m, 1.5, error);)
OP (masked_select_op, g_autoptr(GtTensor) m = mask2 ();
    return gt_tensor_masked_select (x, m, error);)
OP (masked_select_bcast_op, g_autoptr(GtTensor) m = mask1 ();
    return gt_tensor_masked_select (x, m, error);)
OP (index_rows_op, g_autoptr(GPtrArray) l = entries (rows_dup (), NULL, NULL, 1);
    return gt_tensor_index (x, l, error);)
OP (index_cols_op, g_autoptr(GPtrArray) l = entries (NULL, gather_idx (), NULL, 2);
    return gt_tensor_index (x, l, error);)
OP (index_two_op, g_autoptr(GPtrArray) l = entries (rows_dup (), cols_dup (), NULL, 2);
    return gt_tensor_index (x, l, error);)
OP (index_mask_op, g_autoptr(GPtrArray) l = entries (mask2 (), NULL, NULL, 1);
    return gt_tensor_index (x, l, error);)
OP (index_dims_op, g_autoptr(GPtrArray) l = entries (gather_idx (), NULL, NULL, 1);
    return gt_tensor_index_dims (x, (const gint[]) { 1 }, 1, l, error);)

static const GtGradcheckCase cases[] = {
  { "index_select", index_select_op, "IndexSelectBackward0", { 3, 4 }, 2 },
  { "index_select-int32", index_select_i32_op, "IndexSelectBackward0", { 3, 4 }, 2 },
  { "gather", gather_op, "GatherBackward0", { 3, 4 }, 2 },
  { "gather-smaller-index", gather_small_op, "GatherBackward0", { 3, 4 }, 2 },
  { "take", take_op, "TakeBackward0", { 3, 4 }, 2 },
  { "scatter-number", scatter_scalar_op, "ScatterBackward1", { 3, 4 }, 2 },
  { "masked_fill", masked_fill_op, "MaskedFillBackward0", { 3, 4 }, 2 },
  { "masked_fill-broadcast-self", masked_fill_op, "MaskedFillBackward0", { 4 }, 1 },
  { "masked_fill-broadcast-mask", masked_fill_bcast_op, "MaskedFillBackward0", { 4 }, 1 },
  { "masked_select", masked_select_op, "MaskedSelectBackward0", { 3, 4 }, 2 },
  { "masked_select-broadcast", masked_select_bcast_op, "MaskedSelectBackward0", { 3, 4 }, 2 },
  { "masked_select-broadcast-self", masked_select_op, "MaskedSelectBackward0", { 4 }, 1 },
  { "index", index_rows_op, "IndexBackward0", { 3, 4 }, 2 },
  { "index-dim1", index_cols_op, "IndexBackward0", { 3, 4 }, 2 },
  { "index-two", index_two_op, "IndexBackward0", { 3, 4 }, 2 },
  { "index-mask", index_mask_op, "IndexBackward0", { 3, 4 }, 2 },
  { "index_dims", index_dims_op, "IndexBackward0", { 3, 4 }, 2 },
};

static void
test_gradcheck (gconstpointer data)
{
  static const GtGradcheckLayout layouts[] = {
    GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_TRANSPOSED, GT_GRADCHECK_SLICED,
    GT_GRADCHECK_EXPANDED,
  };

  gt_gradcheck_case (data, layouts, G_N_ELEMENTS (layouts), rng);
}

static void
test_node_names (void)
{
  gt_gradcheck_case_nodes (cases, G_N_ELEMENTS (cases), rng);
}

/* ---- two inputs: self and the written values -------------------------------- */

typedef GtTensor *(*Op2) (GtTensor *x, GtTensor *s, gboolean inplace, GError **error);

typedef struct {
  const char  *name;
  Op2          op;
  const char  *node;
  gint64       shape[2][3];   /* self, values */
  guint        ndim[2];
} Case2;

/* Each writing op out of place (into a copy of x), or in place into a
 * non-leaf copy t of x and then t · x, so that t's earlier history
 * matters. */
static GtTensor *
inplace_then_mul (GtTensor  *x,
                  gboolean (*write) (GtTensor *t, GtTensor *s, GError **error),
                  GtTensor  *s,
                  GError   **error)
{
  g_autoptr(GtTensor) t = gt_tensor_mul_scalar (x, 1.0, error);

  if (t == NULL || !write (t, s, error))
    return NULL;
  return gt_tensor_mul (t, x, error);
}

#define OP2(fname, setup, call, call_)                                      \
  static gboolean                                                           \
  fname##_ (GtTensor *t, GtTensor *s, GError **error)                       \
  {                                                                         \
    setup;                                                                  \
    return call_;                                                           \
  }                                                                         \
  static GtTensor *                                                         \
  fname (GtTensor *x, GtTensor *s, gboolean inplace, GError **error)        \
  {                                                                         \
    if (inplace)                                                            \
      return inplace_then_mul (x, fname##_, s, error);                      \
    {                                                                       \
      setup;                                                                \
      return call;                                                          \
    }                                                                       \
  }

OP2 (scatter_op, g_autoptr(GtTensor) i = scatter_unique (),
     gt_tensor_scatter (x, 1, i, s, error),
     gt_tensor_scatter_ (t, 1, i, s, error))
OP2 (scatter_add_op, g_autoptr(GtTensor) i = gather_idx (),
     gt_tensor_scatter_add (x, 1, i, s, error),
     gt_tensor_scatter_add_ (t, 1, i, s, error))
OP2 (masked_fill_t_op, g_autoptr(GtTensor) m = mask_col (),
     gt_tensor_masked_fill (x, m, s, error),
     gt_tensor_masked_fill_ (t, m, s, error))
OP2 (index_put_acc_op, g_autoptr(GPtrArray) l = entries (rows_dup (), NULL, NULL, 1),
     gt_tensor_index_put (x, l, s, TRUE, error),
     gt_tensor_index_put_ (t, l, s, TRUE, error))
OP2 (index_put_op, g_autoptr(GPtrArray) l = entries (rows_unique (), NULL, NULL, 1),
     gt_tensor_index_put (x, l, s, FALSE, error),
     gt_tensor_index_put_ (t, l, s, FALSE, error))
OP2 (index_put_mask_op, g_autoptr(GPtrArray) l = entries (mask2 (), NULL, NULL, 1),
     gt_tensor_index_put (x, l, s, FALSE, error),
     gt_tensor_index_put_ (t, l, s, FALSE, error))
OP2 (index_put_dims_op, g_autoptr(GPtrArray) l = entries (gather_idx (), NULL, NULL, 1);
     g_autoptr(GPtrArray) full = entries (NULL, gather_idx (), NULL, 2),
     gt_tensor_index_put (x, full, s, TRUE, error),
     gt_tensor_index_put_dims_ (t, (const gint[]) { 1 }, 1, l, s, TRUE, error))

static const Case2 cases2[] = {
  /* src larger than the index: its unread entries get zeros */
  { "scatter", scatter_op, "ScatterBackward0", { { 3, 4 }, { 3, 3 } }, { 2, 2 } },
  { "scatter_add", scatter_add_op, "ScatterAddBackward0", { { 3, 4 }, { 3, 2 } }, { 2, 2 } },
  { "masked_fill-tensor", masked_fill_t_op, "MaskedFillBackward1", { { 3, 4 }, { 0 } },
    { 2, 0 } },
  /* values broadcast to the indexed shape, repeated rows */
  { "index_put-accumulate", index_put_acc_op, "IndexPutBackward0",
    { { 3, 4 }, { 4 } }, { 2, 1 } },
  { "index_put", index_put_op, "IndexPutBackward0", { { 3, 4 }, { 2, 4 } }, { 2, 2 } },
  { "index_put-mask", index_put_mask_op, "IndexPutBackward0", { { 3, 4 }, { 6 } }, { 2, 1 } },
  { "index_put-dims", index_put_dims_op, "IndexPutBackward0", { { 3, 4 }, { 2 } }, { 2, 1 } },
};

static GtTensor *
case2_fn (GtTensor **in, gpointer data, GError **error)
{
  const Case2 *c = data;

  return c->op (in[0], in[1], FALSE, error);
}

static GtTensor *
case2_inplace_fn (GtTensor **in, gpointer data, GError **error)
{
  const Case2 *c = data;

  return c->op (in[0], in[1], TRUE, error);
}

static GtTensor *
case2_squared_fn (GtTensor **in, gpointer data, GError **error)
{
  g_autoptr(GtTensor) y = case2_fn (in, data, error);

  return y ? gt_tensor_mul (y, y, error) : NULL;
}

static void
test_gradcheck2 (gconstpointer data)
{
  const Case2 *c = data;
  GtTensor *in[2];
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) y = NULL;

  in[0] = gt_gradcheck_input (rng, c->shape[0], c->ndim[0], -2, 2, GT_GRADCHECK_TRANSPOSED);
  in[1] = gt_gradcheck_input (rng, c->shape[1], c->ndim[1], -2, 2, GT_GRADCHECK_CONTIGUOUS);
  y = case2_fn (in, (gpointer) c, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, c->node);

  gt_gradcheck (c->name, case2_fn, (gpointer) c, in, 2, FALSE, rng);
  gt_gradcheck (c->name, case2_squared_fn, (gpointer) c, in, 2, TRUE, rng);
  gt_gradcheck (c->name, case2_inplace_fn, (gpointer) c, in, 2, TRUE, rng);
  /* only one of the two needs a gradient */
  g_assert_true (gt_tensor_set_requires_grad (in[1], FALSE, NULL));
  gt_gradcheck (c->name, case2_inplace_fn, (gpointer) c, in, 2, TRUE, rng);
  g_assert_true (gt_tensor_set_requires_grad (in[1], TRUE, NULL));
  g_assert_true (gt_tensor_set_requires_grad (in[0], FALSE, NULL));
  gt_gradcheck (c->name, case2_squared_fn, (gpointer) c, in, 2, TRUE, rng);
  g_object_unref (in[0]);
  g_object_unref (in[1]);
}

/* ---- values ------------------------------------------------------------------ */

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

static GtTensor *
leaf (const gdouble *v, gsize n, const gint64 *shape, guint ndim)
{
  GtTensor *t = gt_test_new (v, n, shape, ndim, GT_DTYPE_FLOAT64);

  g_assert_true (gt_tensor_set_requires_grad (t, TRUE, NULL));
  return t;
}

static void
test_repeated_indices_add_up (void)
{
  const gdouble xv[] = { 1, 2, 3, 4 }, vv[] = { 1, 10, 100, 1000 };
  /* take [0, 3, 3, -1]: positions 0 and 3 (three times) */
  const gdouble iv[] = { 0, 3, 3, -1 }, want[] = { 1, 0, 0, 1110 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = leaf (xv, 4, SHAPE (4), 1);
  g_autoptr(GtTensor) i = ints (iv, 4, SHAPE (4), 1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) v = gt_test_new (vv, 4, SHAPE (4), 1, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) y = gt_tensor_take (x, i, &error);
  g_autoptr(GtTensor) g = grad_of (y, x, v);
  g_autoptr(GtTensor) s = NULL, gs = NULL;

  gt_test_assert_values (g, want, 4, 0.0);
  g_clear_object (&g);
  g_clear_object (&y);

  /* index_select with an int32 index: the same sums */
  {
    g_autoptr(GtTensor) i32 = NULL;
    const gdouble iv32[] = { 0, 3, 3, 3 };

    i32 = ints (iv32, 4, SHAPE (4), 1, GT_DTYPE_INT32);
    y = gt_tensor_index_select (x, 0, i32, &error);
    g = grad_of (y, x, v);
    gt_test_assert_values (g, want, 4, 0.0);
  }

  /* scatter: self loses the gradient where src was written */
  {
    const gdouble sv[] = { 7, 8 }, si[] = { 1, 2 }, want_x[] = { 1, 0, 0, 1000 };
    const gdouble want_s[] = { 10, 100 };
    g_autoptr(GtTensor) src = leaf (sv, 2, SHAPE (2), 1);
    g_autoptr(GtTensor) idx = ints (si, 2, SHAPE (2), 1, GT_DTYPE_INT64);
    g_autoptr(GtTensor) out = gt_tensor_scatter (x, 0, idx, src, &error);
    g_autoptr(GtTensor) gx = grad_of (out, x, v);

    g_clear_object (&out);
    out = gt_tensor_scatter (x, 0, idx, src, &error);
    s = grad_of (out, src, v);
    gt_test_assert_values (gx, want_x, 4, 0.0);
    gt_test_assert_values (s, want_s, 2, 0.0);
  }

  /* masked_fill with a tensor value: the value gets the masked sum */
  {
    const gdouble mv[] = { 1, 0, 1, 1 }, want_v = 1101, want_x[] = { 0, 10, 0, 0 };
    g_autoptr(GtTensor) m = ints (mv, 4, SHAPE (4), 1, GT_DTYPE_BOOL);
    g_autoptr(GtTensor) val = leaf (&want_v, 1, NULL, 0);
    g_autoptr(GtTensor) out = gt_tensor_masked_fill (x, m, val, &error);
    g_autoptr(GtTensor) gx = grad_of (out, x, v);

    g_clear_object (&out);
    out = gt_tensor_masked_fill (x, m, val, &error);
    gs = grad_of (out, val, v);
    gt_test_assert_values (gs, &want_v, 1, 0.0);
    gt_test_assert_values (gx, want_x, 4, 0.0);
  }
}

static void
test_saved_index_modified (void)
{
  const gdouble iv[] = { 0, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, SHAPE (2, 2), 2, -1, 1,
                                              GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) i = ints (iv, 2, SHAPE (2, 1), 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) y = gt_tensor_gather (x, 1, i, &error);
  g_autoptr(GtTensor) v = gt_ones_like (y, &error);

  g_assert_true (gt_tensor_fill_ (i, 0, &error));
  g_assert_false (gt_tensor_backward (y, v, FALSE, FALSE, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_AUTOGRAD);
  g_assert_nonnull (strstr (error->message, "GatherBackward0"));
}

static void
test_inplace_refused (void)
{
  const gdouble iv[] = { 0, 1 }, mv[] = { 1, 0 }, vv[] = { 5, 6 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_gradcheck_input (rng, SHAPE (2, 2), 2, -1, 1,
                                              GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) y = gt_tensor_mul_scalar (x, 1.0, &error);
  g_autoptr(GtTensor) view = gt_tensor_t (y, &error);
  g_autoptr(GtTensor) i = ints (iv, 2, SHAPE (2, 1), 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) m = ints (mv, 2, SHAPE (2), 1, GT_DTYPE_BOOL);
  g_autoptr(GtTensor) v = gt_test_new (vv, 2, SHAPE (2), 1, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) src = gt_zeros (SHAPE (2, 1), 2, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GPtrArray) rows = entries (ints (iv, 1, SHAPE (1), 1, GT_DTYPE_INT64), NULL,
                                       NULL, 1);
  g_autoptr(GtTensor) leaf_view = gt_tensor_t (x, &error);
  GtTensor *targets[2] = { x, leaf_view };

  /* a view of a non-leaf is written through CopySlices (test-grad-views) */
  g_assert_true (gt_tensor_masked_fill_scalar_ (view, m, 0.0, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, "torch::autograd::CopySlices");
  for (guint k = 0; k < 2; k++)
    {
      GtTensor *t = targets[k];

      g_assert_false (gt_tensor_scatter_ (t, 1, i, src, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_scatter_");
      g_assert_false (gt_tensor_scatter_scalar_ (t, 1, i, 1.0, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_scatter_scalar_");
      g_assert_false (gt_tensor_scatter_add_ (t, 1, i, src, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_scatter_add_");
      g_assert_false (gt_tensor_masked_fill_scalar_ (t, m, 0.0, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD,
                                   "gt_tensor_masked_fill_scalar_");
      g_assert_false (gt_tensor_index_put_ (t, rows, v, FALSE, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_AUTOGRAD, "gt_tensor_index_put_");
    }
  /* with grad mode off the leaf can be written */
  {
    g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
    g_assert_true (gt_tensor_masked_fill_scalar_ (x, m, 0.0, &error));
  }
}

static void
test_integer_self_records_nothing (void)
{
  const gdouble kv[] = { 1, 2, 3 }, mv[] = { 1, 0, 1 }, val = 2.5;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) k = ints (kv, 3, SHAPE (3), 1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) m = ints (mv, 3, SHAPE (3), 1, GT_DTYPE_BOOL);
  g_autoptr(GtTensor) v = leaf (&val, 1, NULL, 0);
  g_autoptr(GtTensor) out = gt_tensor_masked_fill (k, m, v, &error);

  g_assert_no_error (error);
  g_assert_false (gt_tensor_get_requires_grad (out));
  g_assert_null (gt_tensor_get_grad_fn_name (out));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (20240612);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad/index/gradcheck/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_gradcheck);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases2); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad/index/gradcheck/%s", cases2[i].name);
      g_test_add_data_func (path, &cases2[i], test_gradcheck2);
    }
  g_test_add_func ("/grad/index/node-names", test_node_names);
  g_test_add_func ("/grad/index/values/repeated-indices", test_repeated_indices_add_up);
  g_test_add_func ("/grad/index/saved-index-modified", test_saved_index_modified);
  g_test_add_func ("/grad/index/inplace-refused", test_inplace_refused);
  g_test_add_func ("/grad/index/integer-self", test_integer_self_records_nothing);

  status = g_test_run ();
  g_rand_free (rng);
  return status;
}
