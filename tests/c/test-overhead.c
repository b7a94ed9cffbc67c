/* The small-op paths: results of one-element ops, the storage that shares
 * one block with its data, the binary fast path, and the autograd engine's
 * reuse of the tensors it alone held during a backward pass. Each test
 * checks values, so that a tensor reused while someone still sees it
 * shows up as a wrong number. */

#include "gt-test-utils.h"
#include "gt-node-private.h"

static GtTensor *
scalar1 (gdouble v, GtDType dtype, gboolean requires_grad)
{
  g_autoptr(GError) error = NULL;
  GtTensor *t = gt_test_new_1d (&v, 1, dtype);

  if (requires_grad)
    g_assert_true (gt_tensor_set_requires_grad (t, TRUE, &error));
  g_assert_no_error (error);
  return t;
}

static gdouble
item (GtTensor *t)
{
  g_autoptr(GError) error = NULL;
  gdouble v = gt_tensor_item (t, &error);

  g_assert_no_error (error);
  return v;
}

/* y = x, then n times y = (y + w) * w: the benchmark's chain. Returns y;
 * the intermediate tensors go into @keep when it is not NULL. */
static GtTensor *
chain (GtTensor *x, GtTensor *w, gint n, GPtrArray *keep)
{
  g_autoptr(GError) error = NULL;
  GtTensor *y = g_object_ref (x);

  for (gint i = 0; i < n; i++)
    {
      g_autoptr(GtTensor) s = gt_tensor_add (y, w, 1.0, &error);
      g_assert_no_error (error);
      g_object_unref (y);
      y = gt_tensor_mul (s, w, &error);
      g_assert_no_error (error);
      if (keep != NULL)
        g_ptr_array_add (keep, g_object_ref (y));
    }
  return y;
}

/* Gradients of the chain by forward differentiation in double. */
static void
chain_expected (gdouble x, gdouble w, gint n, gdouble *dx, gdouble *dw)
{
  gdouble y = x, yx = 1.0, yw = 0.0;

  for (gint i = 0; i < n; i++)
    {
      yw = (yw + 1.0) * w + (y + w);
      yx = yx * w;
      y = (y + w) * w;
    }
  *dx = yx;
  *dw = yw;
}

static void
test_chain_gradients (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = scalar1 (0.5, GT_DTYPE_FLOAT64, TRUE);
  g_autoptr(GtTensor) w = scalar1 (1.01, GT_DTYPE_FLOAT64, TRUE);
  gdouble dx, dw;

  chain_expected (0.5, 1.01, 200, &dx, &dw);
  /* Twice: the second pass accumulates into the first one's .grad. */
  for (gint pass = 1; pass <= 2; pass++)
    {
      g_autoptr(GtTensor) y = chain (x, w, 200, NULL);

      g_assert_true (gt_tensor_backward (y, NULL, FALSE, FALSE, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (item (gt_tensor_get_grad (x)), pass * dx,
                                      1e-10 * fabs (dx));
      g_assert_cmpfloat_with_epsilon (item (gt_tensor_get_grad (w)), pass * dw,
                                      1e-10 * fabs (dw));
    }

  /* float32 as well (the kernels' other fast-path dtype) */
  {
    g_autoptr(GtTensor) xf = scalar1 (0.5, GT_DTYPE_FLOAT32, TRUE);
    g_autoptr(GtTensor) wf = scalar1 (1.25, GT_DTYPE_FLOAT32, TRUE);
    g_autoptr(GtTensor) y = chain (xf, wf, 10, NULL);

    chain_expected (0.5, 1.25, 10, &dx, &dw);
    g_assert_true (gt_tensor_backward (y, NULL, FALSE, FALSE, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (item (gt_tensor_get_grad (xf)), dx, 1e-5 * fabs (dx));
    g_assert_cmpfloat_with_epsilon (item (gt_tensor_get_grad (wf)), dw, 1e-5 * fabs (dw));
  }
}

/* A hook that keeps every gradient it sees. */
static GtTensor *
keep_gradient (GtTensor *self, GtTensor *grad, gpointer user_data)
{
  g_ptr_array_add (user_data, g_object_ref (grad));
  return NULL;
}

/* Gradients a hook holds on to must keep their values while the rest of
 * the pass runs: the engine may reuse only what nobody else holds. */
static void
test_hook_keeps_gradients (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = scalar1 (1.0, GT_DTYPE_FLOAT64, TRUE);
  g_autoptr(GtTensor) w = scalar1 (2.0, GT_DTYPE_FLOAT64, TRUE);
  g_autoptr(GPtrArray) ys = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtTensor) y = chain (x, w, 8, ys);

  for (guint i = 0; i < ys->len; i++)
    g_signal_connect (ys->pdata[i], "gradient", G_CALLBACK (keep_gradient), seen);
  g_assert_true (gt_tensor_backward (y, NULL, FALSE, FALSE, &error));
  g_assert_no_error (error);

  /* dy/dy_k = w^(n-1-k) for y_{k+1} = (y_k + w) * w; hooks run from the
   * last y to the first. */
  g_assert_cmpuint (seen->len, ==, 8);
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpfloat (item (seen->pdata[i]), ==, ldexp (1.0, (int) i));
}

static guint
gradient_signal (void)
{
  return g_signal_lookup ("gradient", GT_TYPE_TENSOR);
}

static GtTensor *
count_call (GtTensor *self, GtTensor *grad, gpointer user_data)
{
  (*(gint *) user_data)++;
  return NULL;
}

/* The pool itself: only tensors nothing else can know of are kept, and
 * gt_tensor_new_empty () hands them out again while the pool is current. */
static void
test_pool_rules (void)
{
  const gint64 one[] = { 1 };
  g_autoptr(GError) error = NULL;
  GtTensorPool pool, *previous;
  gpointer weak = NULL;
  GtTensor *t, *u, *kept;
  gint calls = 0;

  previous = gt_tensor_pool_push (&pool);

  /* a plain result: kept, and reused with fresh geometry */
  t = gt_tensor_new_empty (one, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
  kept = t;
  gt_tensor_pool_release (t);
  g_assert_cmpuint (pool.len, ==, 1);
  {
    const gint64 shape[] = { 2, 2 };
    u = gt_tensor_new_empty (shape, 2, GT_DTYPE_FLOAT64, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (u == kept);
    g_assert_cmpuint (pool.len, ==, 0);
    gt_test_assert_shape (u, shape, 2);
    {
      const gint64 strides[] = { 2, 1 };
      gt_test_assert_strides (u, strides, 2);
    }
    g_assert_cmpint (gt_tensor_get_dtype (u), ==, GT_DTYPE_FLOAT64);
    g_assert_cmpint (gt_tensor_get_version (u), ==, 0);
    g_assert_true (gt_tensor_fill_ (u, 7.0, &error));
    gt_test_assert_all (u, 7.0);
    g_object_unref (u);
  }

  /* a weak pointer lives in qdata: finalized at once, never reused */
  t = gt_tensor_new_empty (one, 1, GT_DTYPE_FLOAT32, NULL, &error);
  weak = t;
  g_object_add_weak_pointer (G_OBJECT (t), &weak);
  gt_tensor_pool_release (t);
  g_assert_null (weak);
  g_assert_cmpuint (pool.len, ==, 0);

  /* a signal handler: not kept */
  t = gt_tensor_new_empty (one, 1, GT_DTYPE_FLOAT32, NULL, &error);
  weak = t;
  g_object_add_weak_pointer (G_OBJECT (t), &weak);
  g_signal_connect (t, "gradient", G_CALLBACK (count_call), &calls);
  gt_tensor_pool_release (t);
  g_assert_null (weak);
  g_assert_cmpuint (pool.len, ==, 0);

  /* another reference, or autograd state: not kept */
  t = gt_tensor_new_empty (one, 1, GT_DTYPE_FLOAT32, NULL, &error);
  u = g_object_ref (t);
  gt_tensor_pool_release (t);
  g_assert_cmpuint (pool.len, ==, 0);
  g_assert_true (gt_tensor_set_requires_grad (u, TRUE, &error));
  gt_tensor_pool_release (u);
  g_assert_cmpuint (pool.len, ==, 0);

  /* a tensor whose storage is shared is kept without it */
  t = gt_tensor_new_empty (one, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_true (gt_tensor_fill_ (t, 3.0, &error));
  u = gt_tensor_detach (t);
  gt_tensor_pool_release (t);
  g_assert_cmpuint (pool.len, ==, 1);
  g_assert_cmpfloat (item (u), ==, 3.0);
  t = gt_tensor_new_empty (one, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_true (t->storage != u->storage);
  g_assert_true (gt_tensor_fill_ (t, 5.0, &error));
  g_assert_cmpfloat (item (u), ==, 3.0);
  g_object_unref (u);
  gt_tensor_pool_release (t);

  gt_tensor_pool_pop (&pool, previous);
  g_assert_cmpuint (pool.len, ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (calls, ==, 0);

  /* outside a pass, release is a plain unref */
  t = gt_tensor_new_empty (one, 1, GT_DTYPE_FLOAT32, NULL, &error);
  weak = t;
  g_object_add_weak_pointer (G_OBJECT (t), &weak);
  g_object_remove_weak_pointer (G_OBJECT (t), &weak);
  gt_tensor_pool_release (t);
}

/* g_object_run_dispose() still disconnects handlers: the tensor's dispose
 * skips GObject's only when the last reference is going. */
static void
test_run_dispose (void)
{
  g_autoptr(GtTensor) t = scalar1 (3.0, GT_DTYPE_FLOAT32, FALSE);
  gint calls = 0;

  g_signal_connect (t, "gradient", G_CALLBACK (count_call), &calls);
  g_assert_true (g_signal_has_handler_pending (t, gradient_signal (), 0, TRUE));
  g_object_run_dispose (G_OBJECT (t));
  g_assert_false (g_signal_has_handler_pending (t, gradient_signal (), 0, TRUE));
  g_assert_cmpint (calls, ==, 0);
  g_assert_cmpfloat (item (t), ==, 3.0);
}

/* Small tensors keep their data in the storage's own block: aligned for the
 * kernels, and exported bytes outlive the tensor. */
static void
test_small_storage (void)
{
  const gdouble v[] = { 1.5, -2.0, 4.0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_test_new_1d (v, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = gt_tensor_add (a, a, 1.0, &error);
  g_autoptr(GBytes) bytes = NULL;
  const gfloat *f;
  gsize n;

  g_assert_no_error (error);
  g_assert_cmpuint ((guintptr) gt_tensor_data (b) % 64, ==, 0);
  bytes = gt_tensor_to_bytes (b, &error);
  g_assert_no_error (error);
  g_clear_object (&b);
  f = g_bytes_get_data (bytes, &n);
  g_assert_cmpuint (n, ==, 3 * sizeof (gfloat));
  g_assert_cmpfloat (f[0], ==, 3.0f);
  g_assert_cmpfloat (f[1], ==, -4.0f);
  g_assert_cmpfloat (f[2], ==, 8.0f);

  /* the storage turned copy-on-write: a write to the tensor leaves the
   * bytes alone */
  {
    g_autoptr(GtTensor) c = gt_tensor_mul (a, a, &error);
    g_autoptr(GBytes) cb = gt_tensor_to_bytes (c, &error);
    const gdouble before[] = { 2.25, 4.0, 16.0 };

    g_assert_no_error (error);
    g_assert_true (gt_tensor_add_ (c, a, 1.0, &error));
    g_assert_no_error (error);
    f = g_bytes_get_data (cb, &n);
    for (gint i = 0; i < 3; i++)
      g_assert_cmpfloat (f[i], ==, (gfloat) before[i]);
    {
      const gdouble after[] = { 3.75, 2.0, 20.0 };
      gt_test_assert_values (c, after, 3, 0.0);
    }
  }
}

/* The binary fast path against the general one: same dtypes and shapes,
 * non-contiguous operands, in place on itself. */
static void
test_binary_paths (void)
{
  const gdouble v[] = { 1, 2, 3, 4, 5, 6 };
  const gint64 shape[] = { 2, 3 };
  const gint64 tshape[] = { 3, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_test_new (v, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) bt = gt_test_new (v, 6, tshape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = gt_test_transpose (bt);     /* [[1,3,5],[2,4,6]] */
  g_autoptr(GtTensor) s = gt_tensor_sub (a, b, 2.0, &error);
  g_autoptr(GtTensor) m = gt_tensor_mul (a, b, &error);
  const gdouble sv[] = { -1, -4, -7, 0, -3, -6 };
  const gdouble mv[] = { 1, 6, 15, 8, 20, 36 };
  const gdouble dv[] = { 2, 4, 6, 8, 10, 12 };
  gint64 version = gt_tensor_get_version (a);

  g_assert_no_error (error);
  /* (valgrind's emulation of the negated FMA gives -0 for 4 - 2 * 2, so
   * a tolerance rather than an exact, sign-checked match) */
  gt_test_assert_values (s, sv, 6, 1e-12);
  gt_test_assert_values (m, mv, 6, 0.0);
  g_assert_cmpint (gt_tensor_get_dtype (s), ==, GT_DTYPE_FLOAT64);

  g_assert_true (gt_tensor_add_ (a, a, 1.0, &error));
  g_assert_no_error (error);
  gt_test_assert_values (a, dv, 6, 0.0);
  g_assert_cmpint (gt_tensor_get_version (a), ==, version + 1);

  /* writing a float64 result into a float32 tensor goes the general way */
  {
    g_autoptr(GtTensor) f = gt_test_new (v, 6, shape, 2, GT_DTYPE_FLOAT32);
    g_assert_true (gt_tensor_add_ (f, a, 1.0, &error));
    g_assert_no_error (error);
    {
      const gdouble fv[] = { 3, 6, 9, 12, 15, 18 };
      gt_test_assert_values (f, fv, 6, 0.0);
    }
    g_assert_cmpint (gt_tensor_get_dtype (f), ==, GT_DTYPE_FLOAT32);
  }
}

/* AccumulateGrad takes a gradient as it is only when nothing else can see
 * it: a gradient the caller passed in, or one shared by two inputs, is
 * copied, so that .grad never aliases another tensor. */
static void
test_accumulate_grad_copies (void)
{
  const gdouble xv[] = { 1, 2, 3 }, gv[] = { 0.5, -1, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = gt_test_new_1d (xv, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) g = gt_test_new_1d (gv, 3, GT_DTYPE_FLOAT32);

  g_assert_true (gt_tensor_set_requires_grad (x, TRUE, &error));

  /* backward from the leaf itself: the given gradient is copied */
  g_assert_true (gt_tensor_backward (x, g, FALSE, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (gt_tensor_get_grad (x) != g);
  g_assert_true (gt_tensor_fill_ (g, 9.0, &error));
  gt_test_assert_values (gt_tensor_get_grad (x), gv, 3, 0.0);
  g_assert_true (gt_tensor_set_grad (x, NULL, &error));

  /* x + x: AddBackward0 hands the same gradient to both edges of x's
   * accumulator, which sums them (2 each) */
  {
    g_autoptr(GtTensor) y = gt_tensor_add (x, x, 1.0, &error);
    g_autoptr(GtTensor) ones = gt_ones_like (y, &error);
    const gdouble two[] = { 2, 2, 2 };

    g_assert_true (gt_tensor_backward (y, ones, FALSE, FALSE, &error));
    g_assert_no_error (error);
    gt_test_assert_values (gt_tensor_get_grad (x), two, 3, 0.0);
    gt_test_assert_all (ones, 1.0);
  }

  /* x * w: each leaf gets its own fresh gradient */
  {
    g_autoptr(GtTensor) w = gt_test_new_1d (gv, 3, GT_DTYPE_FLOAT32);
    g_autoptr(GtTensor) y = NULL;
    g_autoptr(GtTensor) ones = NULL;
    const gdouble dx[] = { 2.5, 4.5, 6.5 };   /* 0.5 + 2x */

    g_assert_true (gt_tensor_set_grad (x, NULL, &error));
    g_assert_true (gt_tensor_fill_ (w, 0.5, &error));
    g_assert_true (gt_tensor_set_requires_grad (w, TRUE, &error));
    y = gt_tensor_mul (x, w, &error);
    ones = gt_ones_like (y, &error);
    g_assert_true (gt_tensor_backward (y, ones, FALSE, FALSE, &error));
    g_assert_no_error (error);
    gt_test_assert_all (gt_tensor_get_grad (x), 0.5);
    gt_test_assert_values (gt_tensor_get_grad (w), xv, 3, 0.0);
    g_assert_true (gt_tensor_get_grad (x) != gt_tensor_get_grad (w));
    /* the gradients accumulate in place on the next pass */
    g_clear_object (&y);
    y = gt_tensor_mul (x, x, &error);
    g_assert_true (gt_tensor_backward (y, ones, FALSE, FALSE, &error));
    g_assert_no_error (error);
    gt_test_assert_values (gt_tensor_get_grad (x), dx, 3, 0.0);
    gt_test_assert_values (gt_tensor_get_grad (w), xv, 3, 0.0);
  }
}

/* ---- the per-thread cache of dropped tensors (gt-tensor.c) ------------- */

static GtTensor *
add_checked (GtTensor *x, GtTensor *y)
{
  g_autoptr(GError) error = NULL;
  GtTensor *z = gt_tensor_add (x, y, 1.0, &error);

  g_assert_no_error (error);
  return z;
}

static void
set_flag (gpointer data, GObject *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static void
set_flag_notify (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* A dropped plain tensor is kept and handed out again in a fresh state:
 * the same object comes back as the next result (the cache works), with
 * that result's values, no autograd state and no handlers. */
static void
test_cache_recycles (void)
{
  g_autoptr(GtTensor) x = scalar1 (1.0, GT_DTYPE_FLOAT32, FALSE);
  g_autoptr(GtTensor) y = scalar1 (2.0, GT_DTYPE_FLOAT32, FALSE);
  g_autoptr(GtTensor) w = NULL;
  GtTensor *z;
  gint calls = 0;

  /* this GLib's datalists are read directly (else g_datalist_foreach) */
  g_assert_true (gt_tensor_cache_reads_qdata ());
  gt_empty_cache ();
  g_assert_cmpuint (gt_tensor_cache_length (), ==, 0);
  z = add_checked (x, y);
  g_signal_connect (z, "gradient", G_CALLBACK (count_call), &calls);
  g_object_unref (z);
  g_assert_cmpuint (gt_tensor_cache_length (), ==, 1);

  w = add_checked (y, y);
  g_assert_true (w == (gpointer) z);
  g_assert_cmpuint (gt_tensor_cache_length (), ==, 0);
  g_assert_cmpfloat (item (w), ==, 4.0);
  g_assert_cmpint (gt_tensor_get_dtype (w), ==, GT_DTYPE_FLOAT32);
  g_assert_cmpuint (gt_tensor_get_ndim (w), ==, 1);
  g_assert_cmpint (gt_tensor_get_numel (w), ==, 1);
  g_assert_false (gt_tensor_get_requires_grad (w));
  g_assert_null (gt_tensor_get_grad (w));
  g_assert_false (g_signal_has_handler_pending (w, gradient_signal (), 0, TRUE));
  g_assert_cmpint (calls, ==, 0);

  /* a result with a history is no plain tensor: it dies */
  g_assert_true (gt_tensor_set_requires_grad (x, TRUE, NULL));
  z = add_checked (x, y);
  g_object_unref (z);
  g_assert_cmpuint (gt_tensor_cache_length (), ==, 0);

  g_clear_object (&w);
  g_assert_cmpuint (gt_tensor_cache_length (), ==, 1);
  gt_empty_cache ();
  g_assert_cmpuint (gt_tensor_cache_length (), ==, 0);
}

/* Whatever outside gtensor can know of a tensor keeps it out of the cache:
 * weak references fire, qdata is freed, tensors with autograd state die.
 * A view is kept without the storage it shares. */
static void
test_cache_refuses (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) x = scalar1 (1.0, GT_DTYPE_FLOAT32, FALSE);
  g_autoptr(GtTensor) y = scalar1 (2.0, GT_DTYPE_FLOAT32, FALSE);
  gboolean finalized = FALSE, freed = FALSE;
  GtTensor *z;

  gt_empty_cache ();
  z = add_checked (x, y);
  g_object_weak_ref (G_OBJECT (z), set_flag, &finalized);
  g_object_unref (z);
  g_assert_true (finalized);
  g_assert_cmpuint (gt_tensor_cache_length (), ==, 0);

  z = add_checked (x, y);
  g_object_set_data_full (G_OBJECT (z), "user", &freed, set_flag_notify);
  g_object_unref (z);
  g_assert_true (freed);
  g_assert_cmpuint (gt_tensor_cache_length (), ==, 0);

  z = add_checked (x, y);
  g_assert_true (gt_tensor_set_requires_grad (z, TRUE, &error));
  g_object_unref (z);
  g_assert_cmpuint (gt_tensor_cache_length (), ==, 0);

  z = add_checked (x, y);
  {
    GtTensor *v = gt_tensor_unsqueeze (z, 0, &error);
    g_autoptr(GtTensor) v2 = NULL;

    g_assert_no_error (error);
    g_object_unref (v);
    g_assert_cmpuint (gt_tensor_cache_length (), ==, 1);
    /* the next view takes the cached object and shares z's storage */
    v2 = gt_tensor_squeeze (z, &error);
    g_assert_no_error (error);
    g_assert_true (v2 == (gpointer) v);
    g_assert_cmpuint (gt_tensor_get_ndim (v2), ==, 0);
    g_assert_true (gt_tensor_fill_ (v2, 7.0, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (item (z), ==, 7.0);
  }
  g_object_unref (z);
  gt_empty_cache ();
}

static gpointer
drop_in_thread (gpointer data)
{
  g_autoptr(GtTensor) x = scalar1 (1.0, GT_DTYPE_FLOAT32, FALSE);

  for (gint i = 0; i < 40; i++)
    g_object_unref (add_checked (x, x));
  return GUINT_TO_POINTER (gt_tensor_cache_length ());
}

/* A thread's cache is its own, and is emptied when the thread ends (the
 * valgrind run of this suite sees a leak otherwise). */
static void
test_cache_threads (void)
{
  GThread *thread;
  guint len_before = gt_tensor_cache_length ();

  thread = g_thread_new ("cache", drop_in_thread, NULL);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (thread)), >, 0);
  g_assert_cmpuint (gt_tensor_cache_length (), ==, len_before);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/overhead/chain-gradients", test_chain_gradients);
  g_test_add_func ("/overhead/hook-keeps-gradients", test_hook_keeps_gradients);
  g_test_add_func ("/overhead/pool-rules", test_pool_rules);
  g_test_add_func ("/overhead/run-dispose", test_run_dispose);
  g_test_add_func ("/overhead/small-storage", test_small_storage);
  g_test_add_func ("/overhead/binary-paths", test_binary_paths);
  g_test_add_func ("/overhead/accumulate-grad-copies", test_accumulate_grad_copies);
  g_test_add_func ("/overhead/cache-recycles", test_cache_recycles);
  g_test_add_func ("/overhead/cache-refuses", test_cache_refuses);
  g_test_add_func ("/overhead/cache-threads", test_cache_threads);

  return g_test_run ();
}
