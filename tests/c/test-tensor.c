/* GtTensor itself: construction from data, metadata, strides and
 * contiguity, reading data back, the GBytes contract (zero copy, copy on
 * write), the autograd fields and every way construction can be refused. */

#include "gt-test-utils.h"

/* ---- construction from data ---------------------------------------------- */

static void
test_tensor_new_from_doubles (void)
{
  const gdouble data[] = { 1.5, -2, 3.25, 0, 1e10, -7 };
  const gint64 shape[] = { 2, 3 };
  const gint64 strides[] = { 3, 1 };
  g_autoptr(GtTensor) t = gt_test_new (data, 6, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtDevice) device = gt_tensor_get_device (t);

  gt_test_assert_shape (t, shape, 2);
  gt_test_assert_strides (t, strides, 2);
  g_assert_cmpuint (gt_tensor_get_ndim (t), ==, 2);
  g_assert_cmpint (gt_tensor_get_numel (t), ==, 6);
  g_assert_cmpint (gt_tensor_get_dtype (t), ==, GT_DTYPE_FLOAT64);
  g_assert_cmpuint (gt_tensor_get_element_size (t), ==, 8);
  g_assert_cmpint (gt_tensor_get_storage_offset (t), ==, 0);
  g_assert_true (gt_tensor_is_contiguous (t));
  g_assert_true (gt_tensor_is_floating_point (t));
  g_assert_false (gt_tensor_get_requires_grad (t));
  g_assert_null (gt_tensor_get_grad (t));
  g_assert_cmpint (gt_device_get_device_type (device), ==, GT_DEVICE_TYPE_CPU);
  gt_test_assert_values (t, data, 6, 0.0);
}

static void
test_tensor_new_from_doubles_dtypes (void)
{
  const gdouble data[] = { 2.7, -2.7, 0.0, 1.0 };
  const gdouble as_f32[] = { (gfloat) 2.7, (gfloat) -2.7, 0, 1 };
  const gint64 as_int[] = { 2, -2, 0, 1 };
  const gint64 as_uint8[] = { 2, 254, 0, 1 };
  const gint64 as_bool[] = { 1, 1, 0, 1 };
  g_autoptr(GtTensor) f32 = gt_test_new_1d (data, 4, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) i32 = gt_test_new_1d (data, 4, GT_DTYPE_INT32);
  g_autoptr(GtTensor) u8 = gt_test_new_1d (data, 4, GT_DTYPE_UINT8);
  g_autoptr(GtTensor) b = gt_test_new_1d (data, 4, GT_DTYPE_BOOL);

  /* torch.tensor(data, dtype=...) converts as a C cast would. */
  gt_test_assert_values (f32, as_f32, 4, 0.0);
  gt_test_assert_int64s (i32, as_int, 4);
  gt_test_assert_int64s (u8, as_uint8, 4);
  gt_test_assert_int64s (b, as_bool, 4);
  g_assert_false (gt_tensor_is_floating_point (i32));
}

static void
test_tensor_new_scalar (void)
{
  const gdouble v = 4.5;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_tensor_new_from_doubles (&v, 1, NULL, 0,
                                                      GT_DTYPE_FLOAT32, NULL,
                                                      &error);
  gsize n_dims = 99;

  g_assert_no_error (error);
  g_assert_cmpuint (gt_tensor_get_ndim (t), ==, 0);
  gt_tensor_get_shape (t, &n_dims);
  g_assert_cmpuint (n_dims, ==, 0);
  g_assert_cmpint (gt_tensor_get_numel (t), ==, 1);
  g_assert_true (gt_tensor_is_contiguous (t));
  g_assert_cmpfloat (gt_tensor_item (t, &error), ==, 4.5);
  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_item_int64 (t, &error), ==, 4);
  g_assert_no_error (error);
}

static void
test_tensor_new_from_int64s (void)
{
  /* Values a double cannot hold stay exact in int64 tensors. */
  const gint64 data[] = { G_GINT64_CONSTANT (9007199254740993), -1,
                          G_MAXINT64, G_MININT64, 300, 0 };
  const gint64 shape[] = { 3, 2 };
  const gint64 as_int8[] = { 1, -1, -1, 0, 44, 0 };
  const gint64 as_bool[] = { 1, 1, 1, 1, 1, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = NULL;
  g_autoptr(GtTensor) i8 = NULL;
  g_autoptr(GtTensor) b = NULL;

  t = gt_tensor_new_from_int64s (data, 6, shape, 2, GT_DTYPE_INT64, NULL, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (t, shape, 2);
  gt_test_assert_int64s (t, data, 6);

  /* Narrower integers wrap as torch's conversions do. */
  i8 = gt_tensor_new_from_int64s (data, 6, shape, 2, GT_DTYPE_INT8, NULL, &error);
  g_assert_no_error (error);
  gt_test_assert_int64s (i8, as_int8, 6);

  b = gt_tensor_new_from_int64s (data, 6, shape, 2, GT_DTYPE_BOOL, NULL, &error);
  g_assert_no_error (error);
  gt_test_assert_int64s (b, as_bool, 6);
}

static void
test_tensor_new_empty_data (void)
{
  const gint64 shape0[] = { 0 };
  const gint64 shape20[] = { 2, 0, 3 };
  const gint64 strides20[] = { 3, 3, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = NULL;
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtTensor) c = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) out = NULL;

  /* No values and no data pointer is a valid empty tensor. */
  a = gt_tensor_new_from_doubles (NULL, 0, shape0, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_get_numel (a), ==, 0);

  /* torch: empty(2, 0, 3).stride() == (3, 3, 1). */
  b = gt_tensor_new_from_int64s (NULL, 0, shape20, 3, GT_DTYPE_INT64, NULL, &error);
  g_assert_no_error (error);
  gt_test_assert_strides (b, strides20, 3);
  g_assert_true (gt_tensor_is_contiguous (b));

  c = gt_tensor_new_from_bytes (empty, shape20, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_get_numel (c), ==, 0);
  g_assert_true (gt_tensor_fill_ (c, 1.0, &error));
  g_assert_no_error (error);
  out = gt_tensor_to_bytes (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (out), ==, 0);
}

static void
test_tensor_new_max_dims (void)
{
  const gint64 shape[8] = { 1, 2, 1, 2, 1, 2, 1, 2 };
  const gint64 strides[8] = { 16, 8, 8, 4, 4, 2, 2, 1 };  /* torch */
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_zeros (shape, 8, GT_DTYPE_INT16, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (gt_tensor_get_ndim (t), ==, 8);
  g_assert_cmpint (gt_tensor_get_numel (t), ==, 16);
  gt_test_assert_strides (t, strides, 8);
  gt_test_assert_all (t, 0.0);
}

/* ---- metadata ------------------------------------------------------------ */

static void
test_tensor_get_size_stride (void)
{
  const gint64 shape[] = { 2, 3, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_zeros (shape, 3, GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_get_size (t, 0, &error), ==, 2);
  g_assert_cmpint (gt_tensor_get_size (t, 2, &error), ==, 4);
  /* Negative dims count from the end, as t.size(-1). */
  g_assert_cmpint (gt_tensor_get_size (t, -1, &error), ==, 4);
  g_assert_cmpint (gt_tensor_get_size (t, -3, &error), ==, 2);
  g_assert_cmpint (gt_tensor_get_stride (t, 0, &error), ==, 12);
  g_assert_cmpint (gt_tensor_get_stride (t, -2, &error), ==, 4);
  g_assert_cmpint (gt_tensor_get_stride (t, 2, &error), ==, 1);
  g_assert_no_error (error);
}

static void
test_tensor_get_size_errors (void)
{
  const gint64 shape[] = { 2, 3 };
  const gdouble v = 1.0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_zeros (shape, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) scalar = gt_test_new (&v, 1, NULL, 0, GT_DTYPE_FLOAT32);

  g_assert_cmpint (gt_tensor_get_size (t, 2, &error), ==, -1);
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_get_size");
  g_assert_cmpint (gt_tensor_get_size (t, -3, &error), ==, -1);
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_get_size");
  g_assert_cmpint (gt_tensor_get_size (t, G_MININT, &error), ==, -1);
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_get_size");
  g_assert_cmpint (gt_tensor_get_stride (t, 5, &error), ==, -1);
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_get_stride");

  /* A 0-d tensor has no dimension to ask about (torch raises too). */
  g_assert_cmpint (gt_tensor_get_size (scalar, 0, &error), ==, -1);
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_get_size");
  g_assert_cmpint (gt_tensor_get_stride (scalar, -1, &error), ==, -1);
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_get_stride");
}

static void
test_tensor_contiguity (void)
{
  const gint64 shape[] = { 2, 3 };
  g_autoptr(GtTensor) base = gt_test_arange_shaped (shape, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) tr = gt_test_transpose (base);
  const gint64 tr_shape[] = { 3, 2 };
  const gint64 tr_strides[] = { 1, 3 };
  /* Size-1 dims may have any stride (torch's rule), so [3, 1] with strides
   * [1, 7] is contiguous; a column, or every other element, is not. */
  const gint64 odd_sizes[] = { 3, 1 }, odd_strides[] = { 1, 7 };
  const gint64 col_sizes[] = { 2, 1 }, col_strides[] = { 3, 1 };
  const gint64 row_sizes[] = { 1, 3 }, row_strides[] = { 99, 1 };
  const gint64 step_sizes[] = { 3 }, step_strides[] = { 2 };
  g_autoptr(GtTensor) odd = gt_test_view (base, 2, odd_sizes, odd_strides, 1);
  g_autoptr(GtTensor) col = gt_test_view (base, 2, col_sizes, col_strides, 1);
  g_autoptr(GtTensor) row = gt_test_view (base, 2, row_sizes, row_strides, 3);
  g_autoptr(GtTensor) step = gt_test_view (base, 1, step_sizes, step_strides, 0);
  const gdouble tr_values[] = { 0, 3, 1, 4, 2, 5 };
  const gdouble odd_values[] = { 1, 2, 3 };
  const gdouble col_values[] = { 1, 4 };
  const gdouble row_values[] = { 3, 4, 5 };
  const gdouble step_values[] = { 0, 2, 4 };

  g_assert_true (gt_tensor_is_contiguous (base));
  gt_test_assert_shape (tr, tr_shape, 2);
  gt_test_assert_strides (tr, tr_strides, 2);
  g_assert_false (gt_tensor_is_contiguous (tr));
  g_assert_true (gt_tensor_is_contiguous (odd));
  g_assert_false (gt_tensor_is_contiguous (col));
  g_assert_true (gt_tensor_is_contiguous (row));
  g_assert_false (gt_tensor_is_contiguous (step));
  g_assert_cmpint (gt_tensor_get_storage_offset (row), ==, 3);

  /* Reading a view goes through its geometry. */
  gt_test_assert_values (tr, tr_values, 6, 0.0);
  gt_test_assert_values (odd, odd_values, 3, 0.0);
  gt_test_assert_values (col, col_values, 2, 0.0);
  gt_test_assert_values (row, row_values, 3, 0.0);
  gt_test_assert_values (step, step_values, 3, 0.0);
}

static void
test_tensor_contiguity_empty (void)
{
  const gint64 shape[] = { 2, 3 };
  g_autoptr(GtTensor) base = gt_test_arange_shaped (shape, 2, GT_DTYPE_FLOAT32);
  /* torch: a tensor without elements is contiguous whatever its strides,
   * e.g. t.t()[0:0] or as_strided((0, 3), (5, 9)). */
  const gint64 a_sizes[] = { 0, 3 }, a_strides[] = { 5, 9 };
  const gint64 b_sizes[] = { 3, 0 }, b_strides[] = { 5, 9 };
  const gint64 c_sizes[] = { 0, 2 }, c_strides[] = { 1, 3 };
  g_autoptr(GtTensor) a = gt_test_view (base, 2, a_sizes, a_strides, 0);
  g_autoptr(GtTensor) b = gt_test_view (base, 2, b_sizes, b_strides, 0);
  g_autoptr(GtTensor) c = gt_test_view (base, 2, c_sizes, c_strides, 0);

  g_assert_true (gt_tensor_is_contiguous (b));
  g_assert_true (gt_tensor_is_contiguous (a));
  g_assert_true (gt_tensor_is_contiguous (c));
}

static void
test_tensor_properties (void)
{
  const gint64 shape[] = { 4 };
  g_autoptr(GtTensor) base = gt_test_arange_shaped (shape, 1, GT_DTYPE_INT32);
  const gint64 sizes[] = { 2 }, strides[] = { 1 };
  g_autoptr(GtTensor) v = gt_test_view (base, 1, sizes, strides, 2);
  GtDType dtype;
  guint ndim;
  gint64 numel, offset;
  gboolean requires_grad;
  GtTensor *grad;
  g_autoptr(GtDevice) device = NULL;

  /* Bindings read metadata through the GObject properties. */
  g_object_get (v, "dtype", &dtype, "ndim", &ndim, "numel", &numel,
                "storage-offset", &offset, "requires-grad", &requires_grad,
                "grad", &grad, "device", &device, NULL);
  g_assert_cmpint (dtype, ==, GT_DTYPE_INT32);
  g_assert_cmpuint (ndim, ==, 1);
  g_assert_cmpint (numel, ==, 2);
  g_assert_cmpint (offset, ==, 2);
  g_assert_false (requires_grad);
  g_assert_null (grad);
  g_assert_nonnull (device);
  g_assert_cmpint (gt_device_get_device_type (device), ==, GT_DEVICE_TYPE_CPU);
}

/* ---- reading data back --------------------------------------------------- */

static void
test_tensor_item (void)
{
  const gint64 shape[] = { 1, 1 };
  const gint64 big = G_GINT64_CONSTANT (4611686018427387905);  /* 2^62 + 1 */
  const gint64 one = 1;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) f = gt_full (shape, 2, -2.75, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) i = gt_tensor_new_from_int64s (&big, 1, &one, 1,
                                                     GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) b = gt_full (shape, 2, 1.0, GT_DTYPE_BOOL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (gt_tensor_item (f, &error), ==, -2.75);
  /* item_int64 truncates toward zero, as int(t.item()). */
  g_assert_cmpint (gt_tensor_item_int64 (f, &error), ==, -2);
  g_assert_cmpint (gt_tensor_item_int64 (i, &error), ==, big);
  g_assert_cmpfloat (gt_tensor_item (b, &error), ==, 1.0);
  g_assert_no_error (error);
}

static void
test_tensor_item_view (void)
{
  /* item() of a one-element view reads at the view's offset. */
  const gint64 shape[] = { 2, 3 };
  const gint64 one[] = { 1, 1 }, strides[] = { 3, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) base = gt_test_arange_shaped (shape, 2, GT_DTYPE_INT32);
  g_autoptr(GtTensor) elem = gt_test_view (base, 2, one, strides, 4);
  g_autoptr(GtTensor) scalar = gt_test_view (base, 0, NULL, NULL, 5);

  g_assert_cmpint (gt_tensor_item_int64 (elem, &error), ==, 4);
  g_assert_cmpfloat (gt_tensor_item (scalar, &error), ==, 5.0);
  g_assert_no_error (error);
}

static void
test_tensor_item_errors (void)
{
  const gint64 two[] = { 2 }, none[] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_zeros (two, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) e = gt_zeros (none, 1, GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_cmpfloat (gt_tensor_item (t, &error), ==, 0.0);
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_item");
  g_assert_cmpint (gt_tensor_item_int64 (t, &error), ==, 0);
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_item_int64");
  g_assert_cmpfloat (gt_tensor_item (e, &error), ==, 0.0);
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_item");
}

static void
test_tensor_to_doubles_int64s (void)
{
  const gint64 shape[] = { 2, 2 };
  g_autoptr(GtTensor) base = gt_test_arange_shaped (shape, 2, GT_DTYPE_INT16);
  g_autoptr(GtTensor) tr = gt_test_transpose (base);
  const gdouble expected_d[] = { 0, 2, 1, 3 };
  const gint64 expected_i[] = { 0, 2, 1, 3 };
  const gdouble fdata[] = { -1.9, 1.9, 2.5, -0.5 };
  const gint64 truncated[] = { -1, 1, 2, 0 };
  g_autoptr(GtTensor) f = gt_test_new_1d (fdata, 4, GT_DTYPE_FLOAT64);

  gt_test_assert_values (tr, expected_d, 4, 0.0);
  gt_test_assert_int64s (tr, expected_i, 4);
  gt_test_assert_int64s (f, truncated, 4);
}

static void
test_tensor_read_empty (void)
{
  /* An empty tensor reads back as zero values, without an error (the
   * array itself may be NULL, as g_memdup2 of nothing is). */
  const gint64 shape[] = { 0, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_zeros (shape, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autofree gdouble *d = NULL;
  g_autofree gint64 *i = NULL;
  g_autoptr(GBytes) b = NULL;
  gsize n = 99;

  d = gt_tensor_to_doubles (t, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  n = 99;
  i = gt_tensor_to_int64s (t, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  b = gt_tensor_to_bytes (t, &error);
  g_assert_no_error (error);
  g_assert_nonnull (b);
  g_assert_cmpuint (g_bytes_get_size (b), ==, 0);
}

/* ---- the GBytes contract --------------------------------------------------- */

static void
test_tensor_from_bytes_zero_copy (void)
{
  const gfloat data[] = { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f };
  const gint64 shape[] = { 3, 2 };
  const gdouble expected[] = { 1, 2, 3, 4, 5, 6 };
  g_autoptr(GBytes) bytes = g_bytes_new (data, sizeof data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_tensor_new_from_bytes (bytes, shape, 2,
                                                    GT_DTYPE_FLOAT32, NULL,
                                                    &error);

  g_assert_no_error (error);
  gt_test_assert_shape (t, shape, 2);
  gt_test_assert_values (t, expected, 6, 0.0);
  /* On the CPU the tensor reads the GBytes' memory in place. */
  g_assert_true (gt_tensor_data (t) == g_bytes_get_data (bytes, NULL));
}

static void
test_tensor_from_bytes_copy_on_write (void)
{
  const gint32 data[] = { 10, 20, 30, 40 };
  const gint64 shape[] = { 4 };
  const gint64 half[] = { 2 }, unit[] = { 1 };
  const gdouble after_fill[] = { 7, 7, 7, 7 };
  const gdouble after_view_write[] = { 10, 20, -1, -1 };
  g_autoptr(GBytes) bytes = g_bytes_new (data, sizeof data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = NULL;
  g_autoptr(GtTensor) u = NULL;
  g_autoptr(GtTensor) tail = NULL;

  /* Writing the tensor must never write the (immutable) GBytes. */
  t = gt_tensor_new_from_bytes (bytes, shape, 1, GT_DTYPE_INT32, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gt_tensor_fill_ (t, 7.0, &error));
  g_assert_no_error (error);
  gt_test_assert_values (t, after_fill, 4, 0.0);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), sizeof data, data, sizeof data);
  g_assert_true (gt_tensor_data (t) != g_bytes_get_data (bytes, NULL));

  /* Nor through a view: the copy happens at the storage, under every view. */
  u = gt_tensor_new_from_bytes (bytes, shape, 1, GT_DTYPE_INT32, NULL, &error);
  g_assert_no_error (error);
  tail = gt_test_view (u, 1, half, unit, 2);
  g_assert_true (gt_tensor_fill_ (tail, -1.0, &error));
  g_assert_no_error (error);
  gt_test_assert_values (u, after_view_write, 4, 0.0);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), sizeof data, data, sizeof data);
}

static void
test_tensor_from_bytes_unaligned (void)
{
  /* float64 data at an odd address is copied at once, with the right
   * values, rather than read misaligned. */
  guint8 raw[1 + 2 * sizeof (gdouble)];
  const gdouble values[] = { 0.25, -8.5 };
  const gint64 shape[] = { 2 };
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) slice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = NULL;

  memcpy (raw + 1, values, sizeof values);
  whole = g_bytes_new (raw, sizeof raw);
  slice = g_bytes_new_from_bytes (whole, 1, sizeof values);
  if (((guintptr) g_bytes_get_data (slice, NULL)) % sizeof (gdouble) == 0)
    {
      g_test_skip ("the slice happens to be aligned");
      return;
    }
  t = gt_tensor_new_from_bytes (slice, shape, 1, GT_DTYPE_FLOAT64, NULL, &error);
  g_assert_no_error (error);
  gt_test_assert_values (t, values, 2, 0.0);
  g_assert_cmpuint ((guintptr) gt_tensor_data (t) % sizeof (gdouble), ==, 0);
}

static void
test_tensor_to_bytes_zero_copy (void)
{
  const gint64 shape[] = { 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_test_arange_shaped (shape, 2, GT_DTYPE_INT64);
  g_autoptr(GBytes) bytes = gt_tensor_to_bytes (t, &error);
  const gint64 *words;
  gsize size = 0;

  g_assert_no_error (error);
  words = g_bytes_get_data (bytes, &size);
  g_assert_cmpuint (size, ==, 6 * sizeof (gint64));
  /* A contiguous CPU tensor is exported without a copy. */
  g_assert_true ((gconstpointer) words == gt_tensor_data (t));
  for (gint64 i = 0; i < 6; i++)
    g_assert_cmpint (words[i], ==, i);
}

static void
test_tensor_to_bytes_copy_on_write (void)
{
  const gint64 shape[] = { 4 };
  const gint64 half[] = { 2 }, unit[] = { 1 };
  const gfloat before[] = { 0, 1, 2, 3 };
  const gdouble after[] = { 9, 9, 9, 9 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_test_arange_shaped (shape, 1, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) view = gt_test_view (t, 1, half, unit, 2);
  g_autoptr(GBytes) bytes = gt_tensor_to_bytes (t, &error);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) fresh = NULL;
  const gdouble view_after[] = { 9, 9 };

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   before, sizeof before);

  /* The GBytes must not see a later fill_ of the tensor... */
  g_assert_true (gt_tensor_fill_ (t, 9.0, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   before, sizeof before);
  gt_test_assert_values (t, after, 4, 0.0);
  /* ...while views made before the write still share the tensor's memory. */
  gt_test_assert_values (view, view_after, 2, 0.0);

  /* Exporting twice, then writing through a view, spares both exports. */
  again = gt_tensor_to_bytes (t, &error);
  g_assert_no_error (error);
  g_assert_true (gt_tensor_zero_ (view, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   before, sizeof before);
  g_assert_cmpfloat (((const gfloat *) g_bytes_get_data (again, NULL))[3], ==, 9.0f);
  fresh = gt_tensor_to_bytes (t, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (((const gfloat *) g_bytes_get_data (fresh, NULL))[0], ==, 9.0f);
  g_assert_cmpfloat (((const gfloat *) g_bytes_get_data (fresh, NULL))[3], ==, 0.0f);
}

static void
test_tensor_to_bytes_outlives_tensor (void)
{
  const gint64 shape[] = { 3 };
  GtTensor *t = gt_test_arange_shaped (shape, 1, GT_DTYPE_INT32);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = gt_tensor_to_bytes (t, &error);
  const gint32 expected[] = { 0, 1, 2 };

  /* The GBytes keeps the memory alive (valgrind checks the read). */
  g_assert_no_error (error);
  g_object_unref (t);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, sizeof expected);
}

static void
test_tensor_to_bytes_views (void)
{
  const gint64 shape[] = { 2, 3 };
  g_autoptr(GtTensor) base = gt_test_arange_shaped (shape, 2, GT_DTYPE_INT16);
  g_autoptr(GtTensor) tr = gt_test_transpose (base);
  const gint64 row_sizes[] = { 3 }, row_strides[] = { 1 };
  g_autoptr(GtTensor) row = gt_test_view (base, 1, row_sizes, row_strides, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tr_bytes = gt_tensor_to_bytes (tr, &error);
  g_autoptr(GBytes) row_bytes = gt_tensor_to_bytes (row, &error);
  const gint16 tr_expected[] = { 0, 3, 1, 4, 2, 5 };
  const gint16 row_expected[] = { 3, 4, 5 };

  g_assert_no_error (error);
  /* A non-contiguous view comes out in row-major order of its shape. */
  g_assert_cmpmem (g_bytes_get_data (tr_bytes, NULL), g_bytes_get_size (tr_bytes),
                   tr_expected, sizeof tr_expected);
  /* A contiguous view with an offset exports just its own elements. */
  g_assert_cmpmem (g_bytes_get_data (row_bytes, NULL), g_bytes_get_size (row_bytes),
                   row_expected, sizeof row_expected);
}

static void
test_tensor_bytes_round_trip (void)
{
  const gint64 shape[] = { 2, 2 };
  const gdouble data[] = { 0.1, -0.0, 1e300, -3 };
  g_autoptr(GtTensor) a = gt_test_new (data, 4, shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = gt_tensor_to_bytes (a, &error);
  g_autoptr(GtTensor) b = gt_tensor_new_from_bytes (bytes, shape, 2,
                                                    GT_DTYPE_FLOAT64, NULL,
                                                    &error);

  g_assert_no_error (error);
  gt_test_assert_values (b, data, 4, 0.0);
  /* b writes to a private copy; a and its export are untouched. */
  g_assert_true (gt_tensor_fill_ (b, 5.0, &error));
  g_assert_no_error (error);
  gt_test_assert_values (a, data, 4, 0.0);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   data, sizeof data);
}

/* ---- autograd fields -------------------------------------------------------- */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_tensor_requires_grad (void)
{
  const gint64 shape[] = { 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_zeros (shape, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) i = gt_zeros (shape, 1, GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) h = gt_zeros (shape, 1, GT_DTYPE_BFLOAT16, NULL, &error);
  guint notified = 0;

  g_signal_connect (t, "notify::requires-grad", G_CALLBACK (count_notify), &notified);
  g_assert_true (gt_tensor_set_requires_grad (t, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (gt_tensor_get_requires_grad (t));
  /* Setting the same value again does not notify (explicit notify). */
  g_assert_true (gt_tensor_set_requires_grad (t, TRUE, &error));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (gt_tensor_set_requires_grad (t, FALSE, &error));
  g_assert_false (gt_tensor_get_requires_grad (t));
  g_assert_cmpuint (notified, ==, 2);

  g_assert_true (gt_tensor_set_requires_grad (h, TRUE, &error));
  g_assert_no_error (error);

  /* Only floating-point tensors can require gradients (torch: RuntimeError). */
  g_assert_false (gt_tensor_set_requires_grad (i, TRUE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_set_requires_grad");
  g_assert_false (gt_tensor_get_requires_grad (i));
  /* Turning it off is always fine. */
  g_assert_true (gt_tensor_set_requires_grad (i, FALSE, &error));
  g_assert_no_error (error);
}

static void
test_tensor_requires_grad_property (void)
{
  const gint64 shape[] = { 2 };
  g_autoptr(GtTensor) i = gt_zeros (shape, 1, GT_DTYPE_INT32, NULL, NULL);

  /* A property cannot return a GError: a refused value warns. */
  g_test_expect_message ("Gtensor", G_LOG_LEVEL_WARNING,
                         "*gt_tensor_set_requires_grad*");
  g_object_set (i, "requires-grad", TRUE, NULL);
  g_test_assert_expected_messages ();
  g_assert_false (gt_tensor_get_requires_grad (i));
}

static void
test_tensor_set_grad (void)
{
  const gint64 shape[] = { 2, 2 };
  const gint64 other_shape[] = { 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_zeros (shape, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) g = gt_ones (shape, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) bad_shape = gt_ones (other_shape, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) bad_dtype = gt_ones (shape, 2, GT_DTYPE_FLOAT64, NULL, &error);
  GtTensor *via_property = NULL;

  g_assert_true (gt_tensor_set_grad (t, g, &error));
  g_assert_no_error (error);
  g_assert_true (gt_tensor_get_grad (t) == g);
  g_object_get (t, "grad", &via_property, NULL);
  g_assert_true (via_property == g);
  g_object_unref (via_property);

  g_assert_false (gt_tensor_set_grad (t, bad_shape, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_set_grad");
  g_assert_false (gt_tensor_set_grad (t, bad_dtype, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_set_grad");
  g_assert_false (gt_tensor_set_grad (t, t, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_set_grad");
  /* A refused gradient leaves the old one in place. */
  g_assert_true (gt_tensor_get_grad (t) == g);

  /* Through the property a refused gradient is a warning. */
  g_test_expect_message ("Gtensor", G_LOG_LEVEL_WARNING, "*gt_tensor_set_grad*");
  g_object_set (t, "grad", bad_shape, NULL);
  g_test_assert_expected_messages ();
  g_assert_true (gt_tensor_get_grad (t) == g);

  g_assert_true (gt_tensor_set_grad (t, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (gt_tensor_get_grad (t));
}

/* ---- refused construction ---------------------------------------------------- */

static void
test_tensor_new_errors (void)
{
  const gdouble data[] = { 1, 2, 3, 4, 5, 6 };
  const gint64 idata[] = { 1, 2, 3, 4, 5, 6 };
  const gint64 shape[] = { 2, 3 };
  const gint64 negative[] = { 2, -3 };
  const gint64 nine[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 6 };
  const gint64 overflow[] = { G_GINT64_CONSTANT (1) << 62, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (data, sizeof data);

  /* n_data != numel */
  g_assert_null (gt_tensor_new_from_doubles (data, 5, shape, 2, GT_DTYPE_FLOAT32,
                                             NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_doubles");
  g_assert_null (gt_tensor_new_from_int64s (idata, 2, shape, 2, GT_DTYPE_INT64,
                                            NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_int64s");
  /* a scalar needs exactly one value */
  g_assert_null (gt_tensor_new_from_doubles (data, 2, NULL, 0, GT_DTYPE_FLOAT32,
                                             NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_doubles");

  /* negative sizes, too many dims, byte counts that overflow */
  g_assert_null (gt_tensor_new_from_doubles (data, 6, negative, 2, GT_DTYPE_FLOAT32,
                                             NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_doubles");
  g_assert_null (gt_tensor_new_from_doubles (data, 6, nine, 9, GT_DTYPE_FLOAT32,
                                             NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_doubles");
  g_assert_null (gt_tensor_new_from_int64s (idata, 6, overflow, 2, GT_DTYPE_INT64,
                                            NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_int64s");
  /* a shape array that is missing */
  g_assert_null (gt_tensor_new_from_doubles (data, 6, NULL, 2, GT_DTYPE_FLOAT32,
                                             NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_doubles");

  /* data missing although values are announced */
  g_assert_null (gt_tensor_new_from_doubles (NULL, 6, shape, 2, GT_DTYPE_FLOAT32,
                                             NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_new_from_doubles");
  g_assert_null (gt_tensor_new_from_int64s (NULL, 6, shape, 2, GT_DTYPE_INT64,
                                            NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_new_from_int64s");

  /* unknown dtypes, as a binding could pass */
  g_assert_null (gt_tensor_new_from_doubles (data, 6, shape, 2, (GtDType) 99,
                                             NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_new_from_doubles");
  g_assert_null (gt_tensor_new_from_int64s (idata, 6, shape, 2, (GtDType) -1,
                                            NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_new_from_int64s");
  g_assert_null (gt_tensor_new_from_bytes (bytes, shape, 2, (GtDType) 99, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_new_from_bytes");
}

static void
test_tensor_new_from_bytes_errors (void)
{
  const gdouble data[] = { 1, 2, 3, 4, 5, 6 };
  const gint64 shape[] = { 2, 3 };
  const gint64 negative[] = { -1, 6 };
  const gint64 nine[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 6 };
  const gint64 huge[] = { G_GINT64_CONSTANT (1) << 61, 8 };
  g_autoptr(GBytes) bytes = g_bytes_new (data, sizeof data);
  g_autoptr(GError) error = NULL;

  /* 48 bytes: right for 6 float64 or 12 float32, wrong for 6 float32 */
  g_assert_null (gt_tensor_new_from_bytes (bytes, shape, 2, GT_DTYPE_FLOAT32,
                                           NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_bytes");
  g_assert_null (gt_tensor_new_from_bytes (bytes, shape, 2, GT_DTYPE_INT16,
                                           NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_bytes");
  g_assert_null (gt_tensor_new_from_bytes (bytes, negative, 2, GT_DTYPE_FLOAT64,
                                           NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_bytes");
  g_assert_null (gt_tensor_new_from_bytes (bytes, nine, 9, GT_DTYPE_FLOAT64,
                                           NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_bytes");
  /* 2^64 elements: numel * size wraps to 0 in 64 bits and must not match
   * an empty GBytes */
  {
    g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
    const gint64 wrap[] = { G_GINT64_CONSTANT (1) << 32, G_GINT64_CONSTANT (1) << 32 };

    g_assert_null (gt_tensor_new_from_bytes (empty, wrap, 2, GT_DTYPE_UINT8,
                                             NULL, &error));
    gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_bytes");
  }
  g_assert_null (gt_tensor_new_from_bytes (bytes, huge, 2, GT_DTYPE_FLOAT64,
                                           NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_new_from_bytes");
  g_assert_null (gt_tensor_new_from_bytes (NULL, shape, 2, GT_DTYPE_FLOAT64,
                                           NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_new_from_bytes");
}

static void
test_tensor_out_of_memory (void)
{
  /* 2^48 float32 elements are 2^50 bytes (1 PiB): the shape is valid, the
   * allocation fails, and the process must go on. */
  const gint64 shape[] = { G_GINT64_CONSTANT (1) << 48 };
  const gint64 small[] = { 3 };
  const gdouble twos[] = { 2, 2, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) after = NULL;

  g_assert_null (gt_empty (shape, 1, GT_DTYPE_FLOAT32, NULL, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);
  g_assert_null (gt_zeros (shape, 1, GT_DTYPE_FLOAT32, NULL, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);
  g_assert_null (gt_rand (shape, 1, GT_DTYPE_FLOAT32, NULL, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);

  after = gt_full (small, 1, 2.0, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
  gt_test_assert_values (after, twos, 3, 0.0);
}

/* gt_tensor_new_from_blob shares the caller's memory both ways and calls
 * the release callback once, when the last tensor over it is gone. */
static void
count_release (gpointer user_data)
{
  (*(int *) user_data)++;
}

static void
test_tensor_blob_shares_memory (void)
{
  float data[6] = { 1, 2, 3, 4, 5, 6 };
  const gint64 shape[] = { 2, 3 };
  const gint64 strides_t[] = { 1, 2 };    /* the transpose of a [3, 2] block */
  const gint64 shape_t[] = { 2, 3 };
  int released = 0;
  g_autoptr(GError) error = NULL;
  GtTensor *t, *view;

  t = gt_tensor_new_from_blob ((guint64) (guintptr) data, sizeof data, shape, 2,
                               NULL, 0, GT_DTYPE_FLOAT32, count_release,
                               &released, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gt_tensor_is_contiguous (t));
  data[4] = 50;                                      /* visible in the tensor */
  {
    gsize n;
    g_autofree gdouble *values = gt_tensor_to_doubles (t, &n, &error);
    g_assert_cmpfloat (values[4], ==, 50);
  }
  g_assert_true (gt_tensor_fill_ (t, 7, &error));    /* writes the caller's memory */
  g_assert_cmpfloat (data[0], ==, 7);
  g_assert_cmpfloat (data[5], ==, 7);
  g_assert_cmpuint (gt_tensor_get_data_address (t, TRUE, &error), ==,
                    (guint64) (guintptr) data);

  view = gt_tensor_select (t, 0, 1, &error);       /* keeps the storage */
  g_object_unref (t);
  g_assert_cmpint (released, ==, 0);
  g_object_unref (view);
  g_assert_cmpint (released, ==, 1);

  released = 0;
  data[0] = 1; data[1] = 2; data[2] = 3; data[3] = 4; data[4] = 5; data[5] = 6;
  t = gt_tensor_new_from_blob ((guint64) (guintptr) data, sizeof data, shape_t, 2,
                               strides_t, 2, GT_DTYPE_FLOAT32, count_release,
                               &released, NULL, &error);
  g_assert_no_error (error);
  {
    gsize n;
    g_autofree gdouble *values = gt_tensor_to_doubles (t, &n, &error);
    const gdouble expected[] = { 1, 3, 5, 2, 4, 6 };
    g_assert_cmpmem (values, n * sizeof (gdouble), expected, sizeof expected);
  }
  g_object_unref (t);
  g_assert_cmpint (released, ==, 1);
}

static void
notify_count (gpointer user_data)
{
  (*(int *) user_data) += 10;
}

static void
test_tensor_blob_errors (void)
{
  float data[4] = { 0 };
  const gint64 shape[] = { 2, 3 };
  const gint64 neg[] = { -1, 1 };
  int counter = 0;
  g_autoptr(GError) error = NULL;

  /* six floats do not fit in 16 bytes: nothing called but the notify */
  g_assert_null (gt_tensor_new_from_blob ((guint64) (guintptr) data, sizeof data,
                                          shape, 2, NULL, 0, GT_DTYPE_FLOAT32,
                                          count_release, &counter, notify_count,
                                          &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, "gt_tensor_new_from_blob"));
  g_assert_cmpint (counter, ==, 10);
  g_clear_error (&error);

  g_assert_null (gt_tensor_new_from_blob ((guint64) (guintptr) data, sizeof data,
                                          shape, 2, neg, 2, GT_DTYPE_FLOAT32,
                                          NULL, NULL, NULL, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_VALUE);
  g_clear_error (&error);

  g_assert_null (gt_tensor_new_from_blob ((guint64) (guintptr) data + 1, 8, shape, 1,
                                          NULL, 0, GT_DTYPE_FLOAT32, NULL, NULL,
                                          NULL, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_VALUE);
  g_clear_error (&error);

  g_assert_null (gt_tensor_new_from_blob (0, 0, shape, 2, neg, 1, GT_DTYPE_FLOAT32,
                                          NULL, NULL, NULL, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_VALUE);
}

/* Writing through the address of a tensor that shares a GBytes first gives
 * the tensor its own copy: the GBytes never changes. */
static void
test_tensor_data_address_copy_on_write (void)
{
  const float values[] = { 1, 2, 3 };
  const gint64 shape[] = { 3 };
  g_autoptr(GBytes) bytes = g_bytes_new (values, sizeof values);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_tensor_new_from_bytes (bytes, shape, 1, GT_DTYPE_FLOAT32,
                                                    NULL, &error);
  guint64 ro = gt_tensor_get_data_address (t, FALSE, &error);
  guint64 rw;

  g_assert_cmpuint (ro, ==, (guint64) (guintptr) g_bytes_get_data (bytes, NULL));
  rw = gt_tensor_get_data_address (t, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rw, !=, ro);
  ((float *) (guintptr) rw)[0] = 9;
  g_assert_cmpfloat (((const float *) g_bytes_get_data (bytes, NULL))[0], ==, 1);
}


int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tensor/new/from-doubles", test_tensor_new_from_doubles);
  g_test_add_func ("/tensor/new/from-doubles/dtypes", test_tensor_new_from_doubles_dtypes);
  g_test_add_func ("/tensor/new/scalar", test_tensor_new_scalar);
  g_test_add_func ("/tensor/new/from-int64s", test_tensor_new_from_int64s);
  g_test_add_func ("/tensor/new/empty-data", test_tensor_new_empty_data);
  g_test_add_func ("/tensor/new/max-dims", test_tensor_new_max_dims);
  g_test_add_func ("/tensor/new/errors", test_tensor_new_errors);
  g_test_add_func ("/tensor/new/from-bytes/errors", test_tensor_new_from_bytes_errors);
  g_test_add_func ("/tensor/new/out-of-memory", test_tensor_out_of_memory);
  g_test_add_func ("/tensor/metadata/size-stride", test_tensor_get_size_stride);
  g_test_add_func ("/tensor/metadata/size-errors", test_tensor_get_size_errors);
  g_test_add_func ("/tensor/metadata/contiguity", test_tensor_contiguity);
  g_test_add_func ("/tensor/metadata/contiguity-empty", test_tensor_contiguity_empty);
  g_test_add_func ("/tensor/metadata/properties", test_tensor_properties);
  g_test_add_func ("/tensor/read/item", test_tensor_item);
  g_test_add_func ("/tensor/read/item-view", test_tensor_item_view);
  g_test_add_func ("/tensor/read/empty", test_tensor_read_empty);
  g_test_add_func ("/tensor/read/item-errors", test_tensor_item_errors);
  g_test_add_func ("/tensor/read/doubles-int64s", test_tensor_to_doubles_int64s);
  g_test_add_func ("/tensor/bytes/from-zero-copy", test_tensor_from_bytes_zero_copy);
  g_test_add_func ("/tensor/bytes/from-copy-on-write", test_tensor_from_bytes_copy_on_write);
  g_test_add_func ("/tensor/bytes/from-unaligned", test_tensor_from_bytes_unaligned);
  g_test_add_func ("/tensor/bytes/to-zero-copy", test_tensor_to_bytes_zero_copy);
  g_test_add_func ("/tensor/bytes/to-copy-on-write", test_tensor_to_bytes_copy_on_write);
  g_test_add_func ("/tensor/bytes/to-outlives-tensor", test_tensor_to_bytes_outlives_tensor);
  g_test_add_func ("/tensor/bytes/to-views", test_tensor_to_bytes_views);
  g_test_add_func ("/tensor/bytes/round-trip", test_tensor_bytes_round_trip);
  g_test_add_func ("/tensor/grad/requires-grad", test_tensor_requires_grad);
  g_test_add_func ("/tensor/grad/requires-grad-property", test_tensor_requires_grad_property);
  g_test_add_func ("/tensor/grad/set-grad", test_tensor_set_grad);
  g_test_add_func ("/tensor/blob/shares-memory", test_tensor_blob_shares_memory);
  g_test_add_func ("/tensor/blob/errors", test_tensor_blob_errors);
  g_test_add_func ("/tensor/blob/data-address-copy-on-write",
                   test_tensor_data_address_copy_on_write);

  return g_test_run ();
}
