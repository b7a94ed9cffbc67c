/* Regression tests for the bugs found by the sanitizer run
 * (tools/run-sanitizers.sh) and the GIR-driven bad-input test
 * (tests/python/test_bad_input.py). Each case also runs under ASan and
 * UBSan there, where the original bug was a report; here each asserts the
 * visible part of the fix. */
#include <unistd.h>

#include "gt-test-utils.h"

/* UBSan: gt_tensor_slice computed stride * step for any step, which
 * overflowed for a huge one (x[::2**63-1]). A step past the end selects
 * one element: the view's stride stays that of a step of the length. */
static void
test_slice_huge_step (void)
{
  GError *error = NULL;
  const gint64 shape[] = { 3, 4 };
  g_autoptr(GtTensor) x = gt_test_arange_shaped (shape, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) s = gt_tensor_slice (x, 0, 0, G_MAXINT64, G_MAXINT64,
                                           &error);
  const gint64 *strides;
  const gdouble want[] = { 0, 1, 2, 3 };

  g_assert_no_error (error);
  strides = gt_tensor_get_strides (s, NULL);
  g_assert_cmpint (strides[0], >, 0);
  g_assert_cmpint (strides[1], ==, 1);
  gt_test_assert_values (s, want, 4, 0);
}

/* UBSan: the element copy read a guint32 / guint64 through a pointer into
 * caller bytes at any offset (gt_tensor_new_from_bytes of a slice of a
 * file, the safetensors reader). */
static void
test_from_bytes_unaligned (void)
{
  GError *error = NULL;
  const gint32 ints[] = { 7, -3, 1 << 30 };
  const gdouble doubles[] = { 0.5, -2.25 };
  guint8 *buf = g_malloc (64);
  g_autoptr(GBytes) bi = NULL;
  g_autoptr(GBytes) bd = NULL;
  g_autoptr(GtTensor) ti = NULL;
  g_autoptr(GtTensor) td = NULL;
  const gint64 n3[] = { 3 }, n2[] = { 2 };
  const gdouble want_i[] = { 7, -3, 1 << 30 };

  memcpy (buf + 1, ints, sizeof ints);
  memcpy (buf + 21, doubles, sizeof doubles);
  bi = g_bytes_new (buf + 1, sizeof ints);
  bd = g_bytes_new_static (buf + 21, sizeof doubles);
  ti = gt_tensor_new_from_bytes (bi, n3, 1, GT_DTYPE_INT32, NULL, &error);
  g_assert_no_error (error);
  td = gt_tensor_new_from_bytes (bd, n2, 1, GT_DTYPE_FLOAT64, NULL, &error);
  g_assert_no_error (error);
  gt_test_assert_values (ti, want_i, 3, 0);
  gt_test_assert_values (td, doubles, 2, 0);
  g_clear_pointer (&td, g_object_unref);
  g_clear_pointer (&bd, g_bytes_unref);
  g_free (buf);
}

/* UBSan: gt_eye computed m + 1 before refusing m = G_MAXINT64. */
static void
test_eye_huge (void)
{
  GError *error = NULL;

  g_assert_null (gt_eye (2, G_MAXINT64, GT_DTYPE_FLOAT32, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == GT_ERROR);
  g_clear_error (&error);
}

/* A tensor too large for memory: GT_ERROR_OUT_OF_MEMORY, and the process
 * goes on (ASan runs with allocator_may_return_null=1 for this). */
static void
test_out_of_memory (void)
{
  GError *error = NULL;
  const gint64 shape[] = { (gint64) 1 << 48 };     /* 2^50 bytes */
  g_autoptr(GtTensor) ok = NULL;

  g_assert_null (gt_empty (shape, 1, GT_DTYPE_FLOAT32, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_OUT_OF_MEMORY, "gt_empty");
  ok = gt_zeros (shape, 0, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
}

/* The optimizers' constructors pass their hyper-parameters through GObject
 * properties, which drop NaN with a warning and keep the default: a NaN
 * learning rate silently became 1e-3. */
static void
test_optimizer_nan (void)
{
  const gdouble v[] = { 1, 2 };
  g_autoptr(GtTensor) p = gt_test_new_1d (v, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  GError *error = NULL;

  g_assert_true (gt_tensor_set_requires_grad (p, TRUE, NULL));
  g_ptr_array_add (params, p);
  g_assert_null (gt_sgd_new (params, NAN, &error));
  gt_assert_error_names (error, GT_ERROR_VALUE, "gt_sgd_new");
  g_assert_nonnull (strstr (error->message, "learning rate"));
  g_clear_error (&error);
  g_assert_null (gt_adam_new_full (params, 1e-3, 0.9, NAN, 1e-8, 0, FALSE,
                                   FALSE, &error));
  gt_assert_error_names (error, GT_ERROR_VALUE, "gt_adam_new");
  g_assert_nonnull (strstr (error->message, "beta parameter at index 1"));
  g_clear_error (&error);
  g_assert_null (gt_adamw_new (params, NAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_adamw_new");
  g_assert_null (gt_rmsprop_new_full (params, 0.01, 0.99, 1e-8, 0, NAN,
                                      FALSE, FALSE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_rmsprop_new");
}

/* torch's alpha_check: bool operands take no fractional alpha (gtensor
 * accepted it, as it exempted bool from the integral rule). */
static void
test_bool_alpha (void)
{
  const gdouble v[] = { 1, 0 };
  g_autoptr(GtTensor) a = gt_test_new_1d (v, 2, GT_DTYPE_BOOL);
  g_autoptr(GtTensor) ok = NULL;
  GError *error = NULL;

  g_assert_null (gt_tensor_add (a, a, 0.5, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_add");
  ok = gt_tensor_add (a, a, 1.0, &error);
  g_assert_no_error (error);
}

/* Errors of a helper op inside a function name the function called. */
static void
test_messages_name_the_caller (void)
{
  const gdouble v[6] = { 0 };
  const gint64 s23[] = { 2, 3 }, s45[] = { 4, 5 };
  const gdouble w[] = { 1, 2, 3, 4 };
  const gint64 idx[] = { 0, 1 };
  const gint64 s2[] = { 2 }, s22[] = { 2, 2 };
  g_autoptr(GtTensor) a = gt_test_new (v, 6, s23, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = gt_zeros (s45, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) weight = gt_test_new (w, 4, s22, 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) indices = gt_tensor_new_from_int64s (idx, 2, s2, 1,
                                                           GT_DTYPE_INT64,
                                                           NULL, NULL);
  GError *error = NULL;

  g_assert_null (gt_l1_loss (a, b, GT_REDUCTION_MEAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_l1_loss");
  g_assert_null (gt_embedding (indices, weight, -1, 1.0, 2.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_embedding");
}

/* UBSan: copying out an empty tensor passed its NULL data to memcpy. */
static void
test_empty_to_doubles (void)
{
  GError *error = NULL;
  const gint64 shape[] = { 0 };
  g_autoptr(GtTensor) t = gt_zeros (shape, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autofree gdouble *v = NULL;
  gsize n = 99;

  g_assert_no_error (error);
  v = gt_tensor_to_doubles (t, &n, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
  g_assert_cmpuint (n, ==, 0);
}

/* UBSan: conv2d's backward kept each thread's double bias gradient right
 * after its float32 buffers, misaligned for some geometries (this one is
 * test_layers.py's Conv2d(3, 2, (2, 3), padding='same')). */
static void
test_conv_bias_grad_alignment (void)
{
  GError *error = NULL;
  const gint64 xs[] = { 1, 3, 5, 5 }, ws[] = { 2, 3, 2, 3 }, bs[] = { 2 };
  const gint64 one[] = { 1 };
  g_autoptr(GtTensor) x = gt_test_arange_shaped (xs, 4, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) w = gt_test_arange_shaped (ws, 4, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = gt_zeros (bs, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) y = NULL;
  g_autoptr(GtTensor) s = NULL;
  const gdouble want_gb[] = { 25, 25 };

  /* the input gradient's padded plane (3 x 7 x 7 floats) comes first */
  g_assert_true (gt_tensor_set_requires_grad (x, TRUE, NULL));
  g_assert_true (gt_tensor_set_requires_grad (w, TRUE, NULL));
  g_assert_true (gt_tensor_set_requires_grad (b, TRUE, NULL));
  y = gt_tensor_conv2d_padding_mode (x, w, b, one, 1, "same", one, 1, 1,
                                     &error);
  g_assert_no_error (error);
  s = gt_tensor_sum (y, NULL, 0, FALSE, &error);
  g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (b), want_gb, 2, 0);
}

/* Asserts @t's strides and storage offset. */
static void
assert_layout (GtTensor     *t,
               const gint64 *strides,
               gsize         ndim,
               gint64        offset)
{
  gsize n;
  const gint64 *got = gt_tensor_get_strides (t, &n);

  g_assert_cmpuint (n, ==, ndim);
  for (gsize i = 0; i < ndim; i++)
    g_assert_cmpint (got[i], ==, strides[i]);
  g_assert_cmpint (gt_tensor_get_storage_offset (t), ==, offset);
  g_assert_cmpint (gt_tensor_get_numel (t), ==, 0);
}

/* UBSan (fuzz-views): views of a tensor with no elements but huge sizes
 * multiplied its strides (saturated near 2^63) by sizes and indices in
 * int64. Nothing is ever read through them, so the products now saturate
 * at G_MAXINT64; below the limit they are torch's. */
static void
test_empty_huge_views (void)
{
  GError *error = NULL;
  const gint64 big = G_GINT64_CONSTANT (1) << 62, max = G_MAXINT64;
  const gint64 shape[] = { 0, big, big }, shape2[] = { big, 0, big };
  g_autoptr(GtTensor) t = gt_zeros (shape, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) t2 = gt_zeros (shape2, 3, GT_DTYPE_FLOAT32, NULL,
                                     &error);
  GtTensor *v;

  g_assert_no_error (error);
  assert_layout (t, (const gint64[]) { max, big, 1 }, 3, 0);
  assert_layout (t2, (const gint64[]) { big, big, 1 }, 3, 0);

  v = gt_tensor_unsqueeze (t, 1, &error);
  g_assert_no_error (error);
  assert_layout (v, (const gint64[]) { max, max, big, 1 }, 4, 0);
  g_object_unref (v);

  v = gt_tensor_narrow (t, 1, 5, 3, &error);
  g_assert_no_error (error);
  assert_layout (v, (const gint64[]) { max, big, 1 }, 3, max);
  g_object_unref (v);

  v = gt_tensor_select (t, 1, 5, &error);
  g_assert_no_error (error);
  assert_layout (v, (const gint64[]) { max, 1 }, 2, max);
  g_object_unref (v);

  v = gt_tensor_select (t, 2, 3, &error);   /* exact: 3 * 1 */
  g_assert_no_error (error);
  assert_layout (v, (const gint64[]) { max, big }, 2, 3);
  g_object_unref (v);

  v = gt_tensor_slice (t, 1, 2, G_MAXINT64, G_GINT64_CONSTANT (1) << 40,
                       &error);
  g_assert_no_error (error);
  assert_layout (v, (const gint64[]) { max, max, 1 }, 3, max);
  g_object_unref (v);

  v = gt_tensor_view (t, (const gint64[]) { 0, big, big / 2, 2 }, 4, &error);
  g_assert_no_error (error);
  assert_layout (v, (const gint64[]) { max, big, 2, 1 }, 4, 0);
  g_object_unref (v);

  v = gt_tensor_expand (t2, (const gint64[]) { 1, big, 0, big }, 4, &error);
  g_assert_no_error (error);
  assert_layout (v, (const gint64[]) { max, big, big, 1 }, 4, 0);
  g_object_unref (v);

  /* 2^62 pieces: more than a list holds */
  g_assert_null (gt_tensor_unbind (t, 1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_OUT_OF_MEMORY,
                               "gt_tensor_unbind");
}

/* Splits of an empty dimension into 2^31 pieces passed the list-size
 * check and then aborted in g_new / g_ptr_array (or exhausted memory):
 * about 500 GiB of views are now refused up front on any machine with
 * less than that. */
static void
test_pieces_out_of_memory (void)
{
  GError *error = NULL;
  const gint64 n = G_GINT64_CONSTANT (1) << 31;
  const gint64 shape[] = { n, 0 };
  g_autoptr(GtTensor) t = gt_zeros (shape, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GPtrArray) one = NULL;
  long pages = sysconf (_SC_PHYS_PAGES), page = sysconf (_SC_PAGESIZE);

  g_assert_no_error (error);
  /* a split of the empty dim: one empty piece, as in torch */
  one = gt_tensor_split (t, 5, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  assert_layout (g_ptr_array_index (one, 0), (const gint64[]) { 1, 1 }, 2, 0);

  if (pages <= 0 || page <= 0 ||
      (guint64) pages * (guint64) page >= (G_GUINT64_CONSTANT (1) << 40))
    {
      g_test_skip ("a terabyte of memory or more: the views would fit");
      return;
    }
  g_assert_null (gt_tensor_split (t, 1, 0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_OUT_OF_MEMORY,
                               "gt_tensor_split");
  g_assert_null (gt_tensor_unbind (t, 0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_OUT_OF_MEMORY,
                               "gt_tensor_unbind");
  g_assert_null (gt_tensor_chunk (t, n, 0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_OUT_OF_MEMORY,
                               "gt_tensor_chunk");
  /* an empty dim keeps the number of chunks asked for */
  g_assert_null (gt_tensor_chunk (t, n, 1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_OUT_OF_MEMORY,
                               "gt_tensor_chunk");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hostile/slice-huge-step", test_slice_huge_step);
  g_test_add_func ("/hostile/from-bytes-unaligned", test_from_bytes_unaligned);
  g_test_add_func ("/hostile/eye-huge", test_eye_huge);
  g_test_add_func ("/hostile/out-of-memory", test_out_of_memory);
  g_test_add_func ("/hostile/optimizer-nan", test_optimizer_nan);
  g_test_add_func ("/hostile/bool-alpha", test_bool_alpha);
  g_test_add_func ("/hostile/messages-name-the-caller",
                   test_messages_name_the_caller);
  g_test_add_func ("/hostile/empty-to-doubles", test_empty_to_doubles);
  g_test_add_func ("/hostile/conv-bias-grad-alignment",
                   test_conv_bias_grad_alignment);
  g_test_add_func ("/hostile/empty-huge-views", test_empty_huge_views);
  g_test_add_func ("/hostile/pieces-out-of-memory",
                   test_pieces_out_of_memory);
  return g_test_run ();
}
