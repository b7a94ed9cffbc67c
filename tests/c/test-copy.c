/* Writing into tensors: copy_ (broadcasting, dtype conversion, views that
 * overlap their source, non-contiguous destinations), fill_, zero_, clone
 * and contiguous, and the version counter every in-place write bumps. */

#include "gt-test-utils.h"

static gint64
version_of (GtTensor *t)
{
  return __atomic_load_n (&t->storage->version, __ATOMIC_RELAXED);
}

static void
copy_ok (GtTensor *dst,
         GtTensor *src)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gt_tensor_copy_ (dst, src, &error));
  g_assert_no_error (error);
}

/* ---- copy_ -------------------------------------------------------------------- */

static void
test_copy_same_shape (void)
{
  const gdouble v[] = { 1.5, -2, 3.25, 4, 5, 6 };
  const gint64 shape[] = { 2, 3 };
  g_autoptr(GtTensor) src = gt_test_new (v, 6, shape, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) dst = gt_zeros (shape, 2, GT_DTYPE_FLOAT32, NULL, NULL);

  copy_ok (dst, src);
  gt_test_assert_values (dst, v, 6, 0.0);
  /* the source is read, not moved */
  gt_test_assert_values (src, v, 6, 0.0);
}

static void
test_copy_broadcast (void)
{
  const gint64 s23[] = { 2, 3 }, s3[] = { 3 }, s21[] = { 2, 1 }, s13[] = { 1, 3 };
  const gint64 s413[] = { 4, 1, 3 };
  const gdouble row[] = { 1, 2, 3 };
  const gdouble col[] = { 10, 20 };
  const gdouble seven = 7;
  g_autoptr(GtTensor) d1 = gt_zeros (s23, 2, GT_DTYPE_FLOAT64, NULL, NULL);
  g_autoptr(GtTensor) d2 = gt_zeros (s23, 2, GT_DTYPE_INT32, NULL, NULL);
  g_autoptr(GtTensor) d3 = gt_zeros (s23, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) d4 = gt_zeros (s413, 3, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) r = gt_test_new (row, 3, s3, 1, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) c = gt_test_new (col, 2, s21, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) sc = gt_test_new (&seven, 1, NULL, 0, GT_DTYPE_INT64);
  g_autoptr(GtTensor) r13 = gt_test_new (row, 3, s13, 2, GT_DTYPE_FLOAT32);
  const gdouble rows[] = { 1, 2, 3, 1, 2, 3 };
  const gdouble cols[] = { 10, 10, 10, 20, 20, 20 };
  const gdouble sevens[] = { 7, 7, 7, 7, 7, 7 };
  const gdouble rows4[] = { 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3 };

  /* torch: dst.copy_(src) broadcasts src to dst's shape */
  copy_ok (d1, r);
  gt_test_assert_values (d1, rows, 6, 0.0);
  copy_ok (d2, c);
  gt_test_assert_values (d2, cols, 6, 0.0);
  copy_ok (d3, sc);
  gt_test_assert_values (d3, sevens, 6, 0.0);
  copy_ok (d4, r13);
  gt_test_assert_values (d4, rows4, 12, 0.0);
}

static void
test_copy_dtype_conversion (void)
{
  const gint64 n = 5;
  const gdouble v[] = { -2.7, 2.7, 255.0, -1.0, 0.5 };
  g_autoptr(GtTensor) src = gt_test_new_1d (v, 5, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) i32 = gt_zeros (&n, 1, GT_DTYPE_INT32, NULL, NULL);
  g_autoptr(GtTensor) u8 = gt_zeros (&n, 1, GT_DTYPE_UINT8, NULL, NULL);
  g_autoptr(GtTensor) b = gt_zeros (&n, 1, GT_DTYPE_BOOL, NULL, NULL);
  g_autoptr(GtTensor) h = gt_zeros (&n, 1, GT_DTYPE_FLOAT16, NULL, NULL);
  g_autoptr(GtTensor) back = gt_zeros (&n, 1, GT_DTYPE_FLOAT64, NULL, NULL);
  const gint64 e_i32[] = { -2, 2, 255, -1, 0 };
  const gint64 e_u8[] = { 254, 2, 255, 255, 0 };
  const gint64 e_b[] = { 1, 1, 1, 1, 1 };
  const gdouble e_h[] = { -2.69921875, 2.69921875, 255, -1, 0.5 };
  const gdouble e_back[] = { 1, 1, 1, 1, 1 };

  copy_ok (i32, src);
  gt_test_assert_int64s (i32, e_i32, 5);
  copy_ok (u8, src);
  gt_test_assert_int64s (u8, e_u8, 5);
  copy_ok (b, src);
  gt_test_assert_int64s (b, e_b, 5);
  copy_ok (h, src);
  gt_test_assert_values (h, e_h, 5, 0.0);
  copy_ok (back, b);
  gt_test_assert_values (back, e_back, 5, 0.0);
}

static void
test_copy_non_contiguous_dst (void)
{
  const gint64 s23[] = { 2, 3 }, s32[] = { 3, 2 };
  const gint64 n10[] = { 10 };
  const gint64 every_other[] = { 5 }, stride2[] = { 2 };
  g_autoptr(GtTensor) base = gt_zeros (s23, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) tr = gt_test_transpose (base);                  /* [3, 2] */
  g_autoptr(GtTensor) src = gt_test_arange_shaped (s32, 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) line = gt_full (n10, 1, -1, GT_DTYPE_FLOAT64, NULL, NULL);
  g_autoptr(GtTensor) odd = gt_test_view (line, 1, every_other, stride2, 1);
  const gdouble five[] = { 1, 2, 3, 4, 5 };
  g_autoptr(GtTensor) src5 = gt_test_new_1d (five, 5, GT_DTYPE_FLOAT32);
  /* base[j][i] = src[i][j] */
  const gdouble base_expected[] = { 0, 2, 4, 1, 3, 5 };
  const gdouble line_expected[] = { -1, 1, -1, 2, -1, 3, -1, 4, -1, 5 };

  copy_ok (tr, src);
  gt_test_assert_values (base, base_expected, 6, 0.0);

  /* Only the view's elements are written. */
  copy_ok (odd, src5);
  gt_test_assert_values (line, line_expected, 10, 0.0);
}

static void
test_copy_non_contiguous_src (void)
{
  const gint64 s23[] = { 2, 3 }, s32[] = { 3, 2 };
  g_autoptr(GtTensor) base = gt_test_arange_shaped (s23, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) tr = gt_test_transpose (base);
  g_autoptr(GtTensor) dst = gt_zeros (s32, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) dst_tr = gt_zeros (s23, 2, GT_DTYPE_INT16, NULL, NULL);
  g_autoptr(GtTensor) dst_tr_view = gt_test_transpose (dst_tr);
  const gdouble expected[] = { 0, 3, 1, 4, 2, 5 };
  const gdouble identity[] = { 0, 1, 2, 3, 4, 5 };

  copy_ok (dst, tr);
  gt_test_assert_values (dst, expected, 6, 0.0);
  /* transposed into transposed: the layout round-trips */
  copy_ok (dst_tr_view, tr);
  gt_test_assert_values (dst_tr, identity, 6, 0.0);
}

static void
test_copy_overlap (void)
{
  /* Views of one storage. torch refuses partial overlap; gtensor defines
   * the result as if the source were read completely before writing. */
  const gint64 n10[] = { 10 }, s22[] = { 2, 2 };
  const gint64 eight[] = { 8 }, unit[] = { 1 };
  g_autoptr(GtTensor) x = gt_test_arange_shaped (n10, 1, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) right = gt_test_view (x, 1, eight, unit, 1);   /* x[1:9] */
  g_autoptr(GtTensor) left = gt_test_view (x, 1, eight, unit, 0);    /* x[0:8] */
  g_autoptr(GtTensor) y = gt_test_arange_shaped (n10, 1, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) yl = gt_test_view (y, 1, eight, unit, 0);      /* y[0:8] */
  g_autoptr(GtTensor) yr = gt_test_view (y, 1, eight, unit, 2);      /* y[2:10] */
  g_autoptr(GtTensor) a = gt_test_arange_shaped (s22, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) at = gt_test_transpose (a);
  /* shifting right would smear x[0] if copied front to back */
  const gdouble x_expected[] = { 0, 0, 1, 2, 3, 4, 5, 6, 7, 9 };
  /* shifting left would smear if copied back to front */
  const gdouble y_expected[] = { 2, 3, 4, 5, 6, 7, 8, 9, 8, 9 };
  const gdouble a_expected[] = { 0, 2, 1, 3 };

  copy_ok (right, left);
  gt_test_assert_values (x, x_expected, 10, 0.0);
  copy_ok (yl, yr);
  gt_test_assert_values (y, y_expected, 10, 0.0);
  /* a.copy_(a.t()) transposes in place */
  copy_ok (a, at);
  gt_test_assert_values (a, a_expected, 4, 0.0);
}

static void
test_copy_self (void)
{
  const gint64 n3[] = { 3 };
  g_autoptr(GtTensor) t = gt_test_arange_shaped (n3, 1, GT_DTYPE_INT64);
  const gint64 expected[] = { 0, 1, 2 };
  gint64 before = version_of (t);

  /* Copying a tensor onto itself changes nothing but still counts as a
   * write, as in torch. */
  copy_ok (t, t);
  gt_test_assert_int64s (t, expected, 3);
  g_assert_cmpint (version_of (t), >, before);
}

static void
test_copy_empty (void)
{
  const gint64 s0[] = { 0, 3 }, s3[] = { 3 };
  g_autoptr(GtTensor) dst = gt_zeros (s0, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) src = gt_ones (s3, 1, GT_DTYPE_INT64, NULL, NULL);

  /* [3] broadcasts to [0, 3]: nothing to do, and no error */
  copy_ok (dst, src);
  g_assert_cmpint (gt_tensor_get_numel (dst), ==, 0);
}

static void
test_copy_large (void)
{
  /* Big enough for the OpenMP path: a transposed float64 -> float32 copy
   * of 1024 x 1024 elements; every element is checked. */
  const gint64 shape[] = { 1024, 1024 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) src = gt_arange (0, 1024 * 1024, 1, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) src2d = NULL;
  g_autoptr(GtTensor) tr = NULL;
  g_autoptr(GtTensor) dst = gt_empty (shape, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autofree gdouble *v = NULL;
  gsize n = 0;
  const gint64 strides[] = { 1024, 1 };

  g_assert_no_error (error);
  src2d = gt_test_view (src, 2, shape, strides, 0);
  tr = gt_test_transpose (src2d);
  copy_ok (dst, tr);
  v = gt_tensor_to_doubles (dst, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1024 * 1024);
  for (gint64 i = 0; i < 1024; i++)
    for (gint64 j = 0; j < 1024; j++)
      if (v[i * 1024 + j] != (gdouble) (j * 1024 + i))
        g_error ("dst[%" G_GINT64_FORMAT "][%" G_GINT64_FORMAT "] = %g", i, j,
                 v[i * 1024 + j]);
}

static void
test_copy_errors (void)
{
  const gint64 s22[] = { 2, 2 }, s3[] = { 3 }, s23[] = { 2, 3 }, s13[] = { 1, 3 };
  const gint64 one[] = { 1 }, expand_sizes[] = { 4 }, expand_strides[] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) d22 = gt_zeros (s22, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) d3 = gt_zeros (s3, 1, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) d13 = gt_zeros (s13, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) s3t = gt_ones (s3, 1, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) s23t = gt_ones (s23, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) base = gt_zeros (one, 1, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) expanded = gt_test_view (base, 1, expand_sizes, expand_strides, 0);
  g_autoptr(GtTensor) four = gt_ones (expand_sizes, 1, GT_DTYPE_FLOAT32, NULL, NULL);

  /* shapes that do not broadcast at all */
  g_assert_false (gt_tensor_copy_ (d22, s3t, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_copy_");
  /* shapes that broadcast, but to something bigger than the destination */
  g_assert_false (gt_tensor_copy_ (d3, s23t, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_copy_");
  g_assert_false (gt_tensor_copy_ (d13, s23t, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_copy_");
  /* a destination whose elements share memory (torch refuses too) */
  g_assert_false (gt_tensor_copy_ (expanded, four, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_copy_");

  /* nothing was written by the refused calls */
  gt_test_assert_all (d22, 0.0);
  gt_test_assert_all (d3, 0.0);
  gt_test_assert_all (d13, 0.0);
  gt_test_assert_all (base, 0.0);
}

/* ---- fill_ and zero_ ------------------------------------------------------------ */

static void
test_copy_fill (void)
{
  const gint64 s23[] = { 2, 3 }, n3[] = { 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) f = gt_zeros (s23, 2, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) i = gt_zeros (n3, 1, GT_DTYPE_INT8, NULL, NULL);
  g_autoptr(GtTensor) b = gt_zeros (n3, 1, GT_DTYPE_BOOL, NULL, NULL);
  g_autoptr(GtTensor) h = gt_zeros (n3, 1, GT_DTYPE_BFLOAT16, NULL, NULL);
  g_autoptr(GtTensor) base = gt_zeros (s23, 2, GT_DTYPE_FLOAT64, NULL, NULL);
  const gint64 col_sizes[] = { 2 }, col_strides[] = { 3 };
  g_autoptr(GtTensor) col = gt_test_view (base, 1, col_sizes, col_strides, 1);
  const gdouble base_expected[] = { 0, 4.5, 0, 0, 4.5, 0 };
  const gdouble i_expected[] = { -56, -56, -56 };
  const gdouble bf_expected[] = { 0.10009765625, 0.10009765625, 0.10009765625 };

  g_assert_true (gt_tensor_fill_ (f, -3.5, &error));
  gt_test_assert_all (f, -3.5);
  /* converted as torch converts: 200 wraps to -56 in int8 */
  g_assert_true (gt_tensor_fill_ (i, 200, &error));
  gt_test_assert_values (i, i_expected, 3, 0.0);
  g_assert_true (gt_tensor_fill_ (b, -0.25, &error));
  gt_test_assert_all (b, 1.0);
  g_assert_true (gt_tensor_fill_ (h, 0.1, &error));
  gt_test_assert_values (h, bf_expected, 3, 0.0);
  /* a column view: only the column changes */
  g_assert_true (gt_tensor_fill_ (col, 4.5, &error));
  gt_test_assert_values (base, base_expected, 6, 0.0);
  g_assert_no_error (error);
}

static void
test_copy_zero (void)
{
  const gint64 s23[] = { 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) base = gt_full (s23, 2, 8, GT_DTYPE_INT64, NULL, NULL);
  const gint64 row_sizes[] = { 3 }, row_strides[] = { 1 };
  g_autoptr(GtTensor) row = gt_test_view (base, 1, row_sizes, row_strides, 3);
  const gint64 expected[] = { 8, 8, 8, 0, 0, 0 };

  g_assert_true (gt_tensor_zero_ (row, &error));
  g_assert_no_error (error);
  gt_test_assert_int64s (base, expected, 6);
}

static void
test_copy_fill_expanded (void)
{
  /* torch.zeros(3).expand(2, 3).fill_(1) is allowed (every write of an
   * element stores the same value) and sets the base to ones; zero_ too. */
  const gint64 n3[] = { 3 }, s23[] = { 2, 3 }, strides[] = { 0, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) base = gt_zeros (n3, 1, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) expanded = gt_test_view (base, 2, s23, strides, 0);

  g_assert_true (gt_tensor_fill_ (expanded, 1.0, &error));
  g_assert_no_error (error);
  gt_test_assert_all (base, 1.0);
  g_assert_true (gt_tensor_zero_ (expanded, &error));
  g_assert_no_error (error);
  gt_test_assert_all (base, 0.0);
}

/* ---- clone and contiguous --------------------------------------------------------- */

static void
test_copy_clone (void)
{
  const gint64 s23[] = { 2, 3 }, s32[] = { 3, 2 };
  const gint64 strides32[] = { 2, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_test_arange_shaped (s23, 2, GT_DTYPE_UINT8);
  g_autoptr(GtTensor) c = gt_tensor_clone (a, &error);
  g_autoptr(GtTensor) tr = gt_test_transpose (a);
  g_autoptr(GtTensor) ct = gt_tensor_clone (tr, &error);
  const gdouble a_values[] = { 0, 1, 2, 3, 4, 5 };
  const gdouble tr_values[] = { 0, 3, 1, 4, 2, 5 };
  const gdouble scalar_v = 2.5;
  g_autoptr(GtTensor) s = gt_test_new (&scalar_v, 1, NULL, 0, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) cs = gt_tensor_clone (s, &error);

  g_assert_no_error (error);
  g_assert_true (c != a);
  g_assert_true (c->storage != a->storage);
  g_assert_cmpint (gt_tensor_get_dtype (c), ==, GT_DTYPE_UINT8);
  gt_test_assert_values (c, a_values, 6, 0.0);

  /* a clone of a view is contiguous with the view's shape */
  gt_test_assert_shape (ct, s32, 2);
  gt_test_assert_strides (ct, strides32, 2);
  g_assert_cmpint (gt_tensor_get_storage_offset (ct), ==, 0);
  gt_test_assert_values (ct, tr_values, 6, 0.0);

  /* writing the clone leaves the original alone, and the other way round */
  g_assert_true (gt_tensor_fill_ (c, 9, &error));
  gt_test_assert_values (a, a_values, 6, 0.0);
  g_assert_true (gt_tensor_zero_ (a, &error));
  gt_test_assert_values (ct, tr_values, 6, 0.0);

  g_assert_cmpuint (gt_tensor_get_ndim (cs), ==, 0);
  g_assert_cmpfloat (gt_tensor_item (cs, &error), ==, 2.5);
  g_assert_no_error (error);
}

static void
test_copy_contiguous (void)
{
  const gint64 s23[] = { 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_test_arange_shaped (s23, 2, GT_DTYPE_INT32);
  g_autoptr(GtTensor) same = gt_tensor_contiguous (a, &error);
  g_autoptr(GtTensor) tr = gt_test_transpose (a);
  g_autoptr(GtTensor) c = gt_tensor_contiguous (tr, &error);
  const gdouble tr_values[] = { 0, 3, 1, 4, 2, 5 };

  g_assert_no_error (error);
  /* already contiguous: the tensor itself, as torch */
  g_assert_true (same == a);
  g_assert_true (c != tr);
  g_assert_true (gt_tensor_is_contiguous (c));
  gt_test_assert_values (c, tr_values, 6, 0.0);
}

/* ---- writes, GBytes and versions ---------------------------------------------------- */

static void
test_copy_copy_on_write (void)
{
  const gdouble data[] = { 1, 2, 3 };
  const gint64 n3[] = { 3 };
  g_autoptr(GBytes) bytes = g_bytes_new (data, sizeof data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_tensor_new_from_bytes (bytes, n3, 1, GT_DTYPE_FLOAT64,
                                                    NULL, &error);
  g_autoptr(GtTensor) src = gt_full (n3, 1, 5, GT_DTYPE_INT32, NULL, NULL);
  g_autoptr(GtTensor) u = gt_test_arange_shaped (n3, 1, GT_DTYPE_FLOAT64);
  g_autoptr(GBytes) exported = gt_tensor_to_bytes (u, &error);
  const gdouble u_before[] = { 0, 1, 2 };

  g_assert_no_error (error);
  /* copy_ into a tensor over a GBytes leaves the GBytes alone... */
  copy_ok (t, src);
  gt_test_assert_all (t, 5.0);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), sizeof data, data, sizeof data);
  /* ...and so does copy_ into a tensor that was exported. */
  copy_ok (u, src);
  gt_test_assert_all (u, 5.0);
  g_assert_cmpmem (g_bytes_get_data (exported, NULL), sizeof u_before,
                   u_before, sizeof u_before);
}

static void
test_copy_version_counter (void)
{
  const gint64 n4[] = { 4 }, two[] = { 2 }, unit[] = { 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) t = gt_zeros (n4, 1, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) v = gt_test_view (t, 1, two, unit, 2);
  g_autoptr(GtTensor) src = gt_ones (two, 1, GT_DTYPE_FLOAT32, NULL, NULL);
  g_autoptr(GtTensor) c = NULL;
  gint64 v0 = version_of (t), v1, v2, v3;

  /* Autograd detects in-place changes of saved tensors through the
   * storage's version, which every writer bumps, views included. */
  g_assert_true (gt_tensor_fill_ (t, 1, &error));
  v1 = version_of (t);
  g_assert_cmpint (v1, >, v0);
  g_assert_true (gt_tensor_copy_ (v, src, &error));
  v2 = version_of (t);
  g_assert_cmpint (v2, >, v1);
  g_assert_cmpint (version_of (v), ==, v2);
  g_assert_true (gt_tensor_zero_ (v, &error));
  v3 = version_of (t);
  g_assert_cmpint (v3, >, v2);
  g_assert_no_error (error);

  /* reading does not count */
  c = gt_tensor_clone (t, &error);
  g_assert_cmpint (version_of (t), ==, v3);
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copy/same-shape", test_copy_same_shape);
  g_test_add_func ("/copy/broadcast", test_copy_broadcast);
  g_test_add_func ("/copy/dtype-conversion", test_copy_dtype_conversion);
  g_test_add_func ("/copy/non-contiguous-dst", test_copy_non_contiguous_dst);
  g_test_add_func ("/copy/non-contiguous-src", test_copy_non_contiguous_src);
  g_test_add_func ("/copy/overlap", test_copy_overlap);
  g_test_add_func ("/copy/self", test_copy_self);
  g_test_add_func ("/copy/empty", test_copy_empty);
  g_test_add_func ("/copy/large", test_copy_large);
  g_test_add_func ("/copy/errors", test_copy_errors);
  g_test_add_func ("/copy/copy-on-write", test_copy_copy_on_write);
  g_test_add_func ("/copy/version-counter", test_copy_version_counter);
  g_test_add_func ("/copy/fill/values", test_copy_fill);
  g_test_add_func ("/copy/fill/zero", test_copy_zero);
  g_test_add_func ("/copy/fill/expanded", test_copy_fill_expanded);
  g_test_add_func ("/copy/clone/values", test_copy_clone);
  g_test_add_func ("/copy/clone/contiguous", test_copy_contiguous);

  return g_test_run ();
}
