/* The shape family: views (reshape, view, flatten, unflatten, transpose,
 * permute, t, mT, squeeze, unsqueeze, expand, narrow, select, slice, unbind,
 * chunk, split) and the copies (cat, stack, repeat, flip), with values
 * worked out by hand, the strides torch gives, storage shared where torch
 * shares it, and every error they report. */

#include "gt-test-expect.h"

/* ---- helpers ------------------------------------------------------------- */

#define SHAPE(...) ((const gint64[]) { __VA_ARGS__ })
#define NDIMS(...) G_N_ELEMENTS (((const gint64[]) { __VA_ARGS__ }))

/* torch.arange(n).reshape(shape) in float32. */
static GtTensor *
ar (const gint64 *shape,
    gsize         n_dims)
{
  return gt_test_arange_shaped (shape, n_dims, GT_DTYPE_FLOAT32);
}

#define AR(...) ar (SHAPE (__VA_ARGS__), NDIMS (__VA_ARGS__))

/* Takes @t: shape, then values. */
static void
check (GtTensor      *t,
       const gint64  *shape,
       gsize          n_dims,
       const gdouble *values)
{
  gint64 n = 1;

  g_assert_nonnull (t);
  gt_test_assert_shape (t, shape, n_dims);
  for (gsize i = 0; i < n_dims; i++)
    n *= shape[i];
  gt_test_assert_values (t, values, (gsize) n, 0);
  g_object_unref (t);
}

#define CHECK(t, shape, ...)                                                  \
  check ((t), shape, G_N_ELEMENTS (shape),                                    \
         (const gdouble[]) { __VA_ARGS__ })

static gboolean
same_storage (GtTensor *a,
              GtTensor *b)
{
  return a->storage == b->storage;
}

/* ---- reshape and view ------------------------------------------------------ */

static void
test_reshape_view (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (3, 4);
  g_autoptr(GtTensor) r = NULL;
  static const gint64 s26[] = { 2, 6 }, s12[] = { 12 };

  r = gt_tensor_reshape (x, SHAPE (2, -1), 2, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (r, s26, 2);
  gt_test_assert_strides (r, SHAPE (6, 1), 2);
  g_assert_true (same_storage (r, x));
  /* a write through the view shows in the base */
  g_assert_true (gt_tensor_fill_ (r, 7.0, &error));
  gt_test_assert_all (x, 7.0);
  g_clear_object (&r);

  g_clear_object (&x);
  x = AR (3, 4);
  CHECK (gt_tensor_reshape (x, SHAPE (-1), 1, &error), s12,
         0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
  CHECK (gt_tensor_view (x, SHAPE (2, 2, 3), 3, &error), SHAPE (2, 2, 3),
         0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
  g_assert_no_error (error);
}

static void
test_reshape_copies_when_needed (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (3, 4);
  g_autoptr(GtTensor) xt = gt_tensor_t (x, &error);
  g_autoptr(GtTensor) r = NULL;
  g_autoptr(GtTensor) v = NULL;
  static const gint64 s12[] = { 12 };

  /* the transpose read in row-major order cannot be a view */
  r = gt_tensor_reshape (xt, s12, 1, &error);
  g_assert_no_error (error);
  g_assert_false (same_storage (r, x));
  gt_test_assert_values (r, (const gdouble[]) { 0, 4, 8, 1, 5, 9, 2, 6, 10,
                                                3, 7, 11 }, 12, 0);
  EXPECT_ERROR (gt_tensor_view (xt, s12, 1, &error), GT_ERROR_SHAPE,
                "gt_tensor_view");
  /* ... but splitting one of its dims can */
  v = gt_tensor_view (xt, SHAPE (2, 2, 3, 1), 4, &error);
  g_assert_no_error (error);
  gt_test_assert_strides (v, SHAPE (2, 1, 4, 4), 4);
  g_assert_true (same_storage (v, x));
  /* an expanded tensor keeps its zero strides */
  {
    g_autoptr(GtTensor) col = AR (3, 1);
    g_autoptr(GtTensor) e = gt_tensor_expand (col, SHAPE (3, 4), 2, &error);
    g_autoptr(GtTensor) ev = gt_tensor_view (e, SHAPE (3, 2, 2), 3, &error);

    g_assert_no_error (error);
    gt_test_assert_strides (ev, SHAPE (1, 0, 0), 3);
    EXPECT_ERROR (gt_tensor_view (e, s12, 1, &error), GT_ERROR_SHAPE,
                  "gt_tensor_view");
  }
}

static void
test_reshape_0d_and_empty (void)
{
  GError *error = NULL;
  const gdouble five = 5;
  g_autoptr(GtTensor) s = gt_test_new (&five, 1, NULL, 0, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) e = gt_test_arange_shaped (SHAPE (0, 3), 2, GT_DTYPE_INT32);
  g_autoptr(GtTensor) one = NULL;
  g_autoptr(GtTensor) back = NULL;
  g_autoptr(GtTensor) r = NULL;

  one = gt_tensor_view (s, SHAPE (1, 1), 2, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (one, SHAPE (1, 1), 2);
  back = gt_tensor_reshape (one, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gt_tensor_get_ndim (back), ==, 0);
  g_assert_cmpfloat (gt_tensor_item (back, &error), ==, 5.0);

  r = gt_tensor_reshape (e, SHAPE (3, 0, 2), 3, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (r, SHAPE (3, 0, 2), 3);
  g_clear_object (&r);
  r = gt_tensor_reshape (e, SHAPE (-1), 1, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (r, SHAPE (0), 1);
  EXPECT_ERROR (gt_tensor_reshape (e, SHAPE (0, -1), 2, &error),
                GT_ERROR_SHAPE, "gt_tensor_reshape");
}

static void
test_reshape_errors (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (3, 4);

  g_assert_null (gt_tensor_reshape (x, SHAPE (5, -1), 2, &error));
  expect_message (error, "shape '[5, -1]' is invalid for input of size 12");
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_reshape");
  EXPECT_ERROR (gt_tensor_reshape (x, SHAPE (5, 2), 2, &error),
                GT_ERROR_SHAPE, "gt_tensor_reshape");
  g_assert_null (gt_tensor_reshape (x, SHAPE (-1, -1), 2, &error));
  expect_message (error, "only one dimension can be inferred");
  g_clear_error (&error);
  EXPECT_ERROR (gt_tensor_reshape (x, SHAPE (-2, -6), 2, &error),
                GT_ERROR_SHAPE, "gt_tensor_reshape");
  EXPECT_ERROR (gt_tensor_reshape (x, SHAPE (1, 1, 1, 1, 1, 1, 1, 1, 12), 9,
                                   &error), GT_ERROR_SHAPE, "gt_tensor_reshape");
  EXPECT_ERROR (gt_tensor_view (x, SHAPE (G_MAXINT64, 2), 2, &error),
                GT_ERROR_SHAPE, "gt_tensor_view");
  EXPECT_ERROR (gt_tensor_reshape (NULL, SHAPE (1), 1, &error),
                GT_ERROR_VALUE, "gt_tensor_reshape");
}

/* ---- flatten and unflatten ------------------------------------------------------ */

static void
test_flatten (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (2, 3, 4);
  g_autoptr(GtTensor) f = NULL;
  const gdouble one = 1;
  g_autoptr(GtTensor) s = gt_test_new (&one, 1, NULL, 0, GT_DTYPE_FLOAT32);

  f = gt_tensor_flatten (x, 1, -1, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (f, SHAPE (2, 12), 2);
  gt_test_assert_strides (f, SHAPE (12, 1), 2);
  g_assert_true (same_storage (f, x));
  g_clear_object (&f);
  f = gt_tensor_flatten (x, 0, 1, &error);
  gt_test_assert_shape (f, SHAPE (6, 4), 2);
  g_clear_object (&f);
  f = gt_tensor_flatten (x, -2, -2, &error);
  gt_test_assert_shape (f, SHAPE (2, 3, 4), 3);
  g_clear_object (&f);
  CHECK (gt_tensor_flatten (s, 0, -1, &error), SHAPE (1), 1);
  g_assert_no_error (error);

  EXPECT_ERROR (gt_tensor_flatten (x, 2, 1, &error), GT_ERROR_VALUE,
                "gt_tensor_flatten");
  EXPECT_ERROR (gt_tensor_flatten (x, 0, 3, &error), GT_ERROR_INDEX,
                "gt_tensor_flatten");
  EXPECT_ERROR (gt_tensor_flatten (x, -4, 0, &error), GT_ERROR_INDEX,
                "gt_tensor_flatten");
}

static void
test_unflatten (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (2, 12);
  g_autoptr(GtTensor) u = NULL;
  g_autoptr(GtTensor) xt = NULL;
  const gdouble one = 1;
  g_autoptr(GtTensor) s = gt_test_new (&one, 1, NULL, 0, GT_DTYPE_FLOAT32);

  u = gt_tensor_unflatten (x, 1, SHAPE (3, -1), 2, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (u, SHAPE (2, 3, 4), 3);
  gt_test_assert_strides (u, SHAPE (12, 4, 1), 3);
  g_clear_object (&u);
  /* a transposed tensor splits along its own strides */
  xt = gt_tensor_t (x, &error);
  u = gt_tensor_unflatten (xt, 0, SHAPE (2, 6), 2, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (u, SHAPE (2, 6, 2), 3);
  gt_test_assert_strides (u, SHAPE (6, 1, 12), 3);

  g_assert_null (gt_tensor_unflatten (x, 1, SHAPE (5, -1), 2, &error));
  expect_message (error, "don't multiply up to the size of dim 1 (12)");
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_unflatten");
  EXPECT_ERROR (gt_tensor_unflatten (x, 1, SHAPE (5, 2), 2, &error),
                GT_ERROR_SHAPE, "gt_tensor_unflatten");
  EXPECT_ERROR (gt_tensor_unflatten (x, 1, NULL, 0, &error), GT_ERROR_SHAPE,
                "gt_tensor_unflatten");
  EXPECT_ERROR (gt_tensor_unflatten (x, 1, SHAPE (-1, -1), 2, &error),
                GT_ERROR_SHAPE, "gt_tensor_unflatten");
  EXPECT_ERROR (gt_tensor_unflatten (x, 2, SHAPE (12), 1, &error),
                GT_ERROR_INDEX, "gt_tensor_unflatten");
  EXPECT_ERROR (gt_tensor_unflatten (s, 0, SHAPE (1), 1, &error),
                GT_ERROR_INDEX, "gt_tensor_unflatten");
}

/* ---- transpose, permute, t, mT ------------------------------------------------------ */

static void
test_transpose_permute (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (2, 3);
  g_autoptr(GtTensor) y = AR (2, 3, 4);
  g_autoptr(GtTensor) p = NULL;

  CHECK (gt_tensor_transpose (x, 0, -1, &error), SHAPE (3, 2), 0, 3, 1, 4, 2, 5);
  CHECK (gt_tensor_transpose (x, 1, 1, &error), SHAPE (2, 3), 0, 1, 2, 3, 4, 5);
  p = gt_tensor_permute (y, (const gint[]) { 2, 0, -2 }, 3, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (p, SHAPE (4, 2, 3), 3);
  gt_test_assert_strides (p, SHAPE (1, 12, 4), 3);
  g_assert_true (same_storage (p, y));
  /* [k][i][j] = y[i][j][k] = 12 i + 4 j + k */
  {
    g_autoptr(GtTensor) c = gt_tensor_contiguous (p, &error);
    gsize n_vals = 0;
    g_autofree gdouble *v = gt_tensor_to_doubles (c, &n_vals, &error);

    g_assert_cmpfloat (v[0 * 6 + 1 * 3 + 2], ==, 12 + 8);
    g_assert_cmpfloat (v[3 * 6 + 0 * 3 + 1], ==, 4 + 3);
  }

  EXPECT_ERROR (gt_tensor_transpose (x, 0, 2, &error), GT_ERROR_INDEX,
                "gt_tensor_transpose");
  EXPECT_ERROR (gt_tensor_permute (y, (const gint[]) { 0, 0, 1 }, 3, &error),
                GT_ERROR_VALUE, "gt_tensor_permute");
  EXPECT_ERROR (gt_tensor_permute (y, (const gint[]) { 0, 1 }, 2, &error),
                GT_ERROR_SHAPE, "gt_tensor_permute");
  EXPECT_ERROR (gt_tensor_permute (y, (const gint[]) { 0, 1, 3 }, 3, &error),
                GT_ERROR_INDEX, "gt_tensor_permute");
}

/* contiguous() of transposes goes through the backend's cache-blocked
 * path: every element size, edges that are not a multiple of the tile,
 * batches, reversed strides and the threaded case. */
static void
test_transpose_contiguous (void)
{
  static const GtDType dtypes[] = { GT_DTYPE_UINT8, GT_DTYPE_FLOAT16,
                                    GT_DTYPE_INT32, GT_DTYPE_FLOAT32,
                                    GT_DTYPE_FLOAT64 };
  static const gint64 shapes[][3] = { { 1, 37, 53 }, { 3, 67, 45 },
                                      { 1, 300, 211 }, { 2, 4, 100 } };
  GError *error = NULL;

  for (gsize k = 0; k < G_N_ELEMENTS (dtypes); k++)
    for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
      {
        const gint64 *sh = shapes[s];
        /* uint8 and float16 hold integers exactly only below 256 / 2048 */
        gdouble mod = dtypes[k] == GT_DTYPE_UINT8 ? 256
                      : dtypes[k] == GT_DTYPE_FLOAT16 ? 2048 : G_MAXDOUBLE;
        g_autoptr(GtTensor) x = NULL;
        g_autoptr(GtTensor) t = NULL;
        g_autoptr(GtTensor) c = NULL;
        g_autoptr(GtTensor) f = NULL;
        g_autoptr(GtTensor) fc = NULL;
        g_autofree gdouble *v = NULL;
        g_autofree gdouble *fv = NULL;
        gsize n = 0;

        {
          gint64 total = sh[0] * sh[1] * sh[2];
          g_autofree gdouble *data = g_new (gdouble, total);

          for (gint64 i = 0; i < total; i++)
            data[i] = fmod ((gdouble) i, mod);
          x = gt_test_new (data, (gsize) total, sh, 3, dtypes[k]);
          t = gt_tensor_transpose (x, 1, 2, &error);
        }
        c = gt_tensor_contiguous (t, &error);
        g_assert_no_error (error);
        v = gt_tensor_to_doubles (c, &n, &error);
        g_assert_cmpuint (n, ==, (gsize) (sh[0] * sh[1] * sh[2]));
        /* c[b][i][j] = x[b][j][i] */
        for (gint64 b = 0; b < sh[0]; b++)
          for (gint64 i = 0; i < sh[2]; i++)
            for (gint64 j = 0; j < sh[1]; j++)
              {
                gdouble want = fmod ((gdouble) (b * sh[1] * sh[2] + j * sh[2] + i), mod);
                gdouble got = v[(b * sh[2] + i) * sh[1] + j];

                if (got != want)
                  g_error ("%s %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT "x%"
                           G_GINT64_FORMAT " at [%" G_GINT64_FORMAT "][%"
                           G_GINT64_FORMAT "][%" G_GINT64_FORMAT "]: %g, want %g",
                           gt_dtype_get_name (dtypes[k]), sh[0], sh[1], sh[2],
                           b, i, j, got, want);
              }
        /* reversed along both dims: c[b][I-1-i][J-1-j] */
        f = gt_tensor_flip (t, (const gint[]) { 1, 2 }, 2, &error);
        g_assert_no_error (error);
        fv = gt_tensor_to_doubles (f, &n, &error);
        for (gint64 b = 0; b < sh[0]; b++)
          for (gint64 i = 0; i < sh[2]; i++)
            for (gint64 j = 0; j < sh[1]; j++)
              g_assert_cmpfloat (fv[(b * sh[2] + i) * sh[1] + j], ==,
                                 v[(b * sh[2] + sh[2] - 1 - i) * sh[1] + sh[1] - 1 - j]);
      }
}

static void
test_t_and_mt (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) v = AR (3);
  g_autoptr(GtTensor) m = AR (2, 3);
  g_autoptr(GtTensor) b = AR (2, 3, 4);
  g_autoptr(GtTensor) mt = NULL;

  CHECK (gt_tensor_t (v, &error), SHAPE (3), 0, 1, 2);
  CHECK (gt_tensor_t (m, &error), SHAPE (3, 2), 0, 3, 1, 4, 2, 5);
  EXPECT_ERROR (gt_tensor_t (b, &error), GT_ERROR_SHAPE, "gt_tensor_t");
  mt = gt_tensor_mt (b, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (mt, SHAPE (2, 4, 3), 3);
  gt_test_assert_strides (mt, SHAPE (12, 1, 4), 3);
  CHECK (gt_tensor_mt (m, &error), SHAPE (3, 2), 0, 3, 1, 4, 2, 5);
  EXPECT_ERROR (gt_tensor_mt (v, &error), GT_ERROR_SHAPE, "gt_tensor_mt");
}

/* ---- squeeze, unsqueeze, expand ------------------------------------------------------ */

static void
test_squeeze_unsqueeze (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (1, 3, 1);
  g_autoptr(GtTensor) m = AR (3, 4);
  g_autoptr(GtTensor) u = NULL;
  const gdouble one = 1;
  g_autoptr(GtTensor) s = gt_test_new (&one, 1, NULL, 0, GT_DTYPE_FLOAT32);

  CHECK (gt_tensor_squeeze (x, &error), SHAPE (3), 0, 1, 2);
  CHECK (gt_tensor_squeeze_dim (x, -1, &error), SHAPE (1, 3), 0, 1, 2);
  CHECK (gt_tensor_squeeze_dim (x, 1, &error), SHAPE (1, 3, 1), 0, 1, 2);
  u = gt_tensor_squeeze_dim (s, 0, &error);
  g_assert_cmpuint (gt_tensor_get_ndim (u), ==, 0);
  g_clear_object (&u);
  EXPECT_ERROR (gt_tensor_squeeze_dim (x, 3, &error), GT_ERROR_INDEX,
                "gt_tensor_squeeze_dim");

  u = gt_tensor_unsqueeze (m, 2, &error);
  gt_test_assert_shape (u, SHAPE (3, 4, 1), 3);
  gt_test_assert_strides (u, SHAPE (4, 1, 1), 3);
  g_clear_object (&u);
  u = gt_tensor_unsqueeze (m, 0, &error);
  gt_test_assert_strides (u, SHAPE (12, 4, 1), 3);
  g_clear_object (&u);
  u = gt_tensor_unsqueeze (m, -2, &error);
  gt_test_assert_shape (u, SHAPE (3, 1, 4), 3);
  gt_test_assert_strides (u, SHAPE (4, 4, 1), 3);
  g_clear_object (&u);
  CHECK (gt_tensor_unsqueeze (s, -1, &error), SHAPE (1), 1);
  g_assert_no_error (error);
  EXPECT_ERROR (gt_tensor_unsqueeze (m, 3, &error), GT_ERROR_INDEX,
                "gt_tensor_unsqueeze");
  EXPECT_ERROR (gt_tensor_unsqueeze (m, -4, &error), GT_ERROR_INDEX,
                "gt_tensor_unsqueeze");
  {
    g_autoptr(GtTensor) big = AR (1, 1, 1, 1, 1, 1, 1, 2);

    EXPECT_ERROR (gt_tensor_unsqueeze (big, 0, &error), GT_ERROR_SHAPE,
                  "gt_tensor_unsqueeze");
  }
}

static void
test_expand (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) col = AR (3, 1);
  g_autoptr(GtTensor) e = NULL;

  e = gt_tensor_expand (col, SHAPE (2, -1, 4), 3, &error);
  g_assert_no_error (error);
  gt_test_assert_shape (e, SHAPE (2, 3, 4), 3);
  gt_test_assert_strides (e, SHAPE (0, 1, 0), 3);
  g_assert_true (same_storage (e, col));
  g_clear_object (&e);
  CHECK (gt_tensor_expand (col, SHAPE (3, 2), 2, &error), SHAPE (3, 2),
         0, 0, 1, 1, 2, 2);
  CHECK (gt_tensor_broadcast_to (col, SHAPE (1, 3, 2), 3, &error),
         SHAPE (1, 3, 2), 0, 0, 1, 1, 2, 2);
  e = gt_tensor_expand (col, SHAPE (0, 3, 1), 3, &error);
  gt_test_assert_shape (e, SHAPE (0, 3, 1), 3);
  gt_test_assert_strides (e, SHAPE (0, 1, 1), 3);
  g_assert_no_error (error);

  g_assert_null (gt_tensor_expand (col, SHAPE (4, 4), 2, &error));
  expect_message (error, "must match the existing size (3) at non-singleton "
                         "dimension 0");
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_expand");
  EXPECT_ERROR (gt_tensor_expand (col, SHAPE (-1, 3, 4), 3, &error),
                GT_ERROR_SHAPE, "gt_tensor_expand");
  EXPECT_ERROR (gt_tensor_expand (col, SHAPE (4), 1, &error), GT_ERROR_SHAPE,
                "gt_tensor_expand");
  EXPECT_ERROR (gt_tensor_expand (col, SHAPE (3, -2), 2, &error),
                GT_ERROR_SHAPE, "gt_tensor_expand");
  EXPECT_ERROR (gt_tensor_broadcast_to (col, SHAPE (4, 4), 2, &error),
                GT_ERROR_SHAPE, "gt_tensor_broadcast_to");
}

/* ---- narrow, select, slice, unbind --------------------------------------------------- */

static void
test_narrow_select (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (3, 4);
  g_autoptr(GtTensor) n = NULL;
  const gdouble one = 1;
  g_autoptr(GtTensor) s = gt_test_new (&one, 1, NULL, 0, GT_DTYPE_FLOAT32);

  n = gt_tensor_narrow (x, 1, -2, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_get_storage_offset (n), ==, 2);
  g_assert_true (same_storage (n, x));
  CHECK (g_steal_pointer (&n), SHAPE (3, 2), 2, 3, 6, 7, 10, 11);
  CHECK (gt_tensor_narrow (x, 0, 1, 1, &error), SHAPE (1, 4), 4, 5, 6, 7);
  CHECK (gt_tensor_narrow (x, 1, 4, 0, &error), SHAPE (3, 0), 0);
  CHECK (gt_tensor_select (x, 1, -1, &error), SHAPE (3), 3, 7, 11);
  CHECK (gt_tensor_select (x, 0, 2, &error), SHAPE (4), 8, 9, 10, 11);
  g_assert_no_error (error);

  EXPECT_ERROR (gt_tensor_narrow (x, 1, 5, 0, &error), GT_ERROR_INDEX,
                "gt_tensor_narrow");
  EXPECT_ERROR (gt_tensor_narrow (x, 1, -5, 0, &error), GT_ERROR_INDEX,
                "gt_tensor_narrow");
  g_assert_null (gt_tensor_narrow (x, 1, 2, 3, &error));
  expect_message (error, "start (2) + length (3) exceeds dimension size (4)");
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_narrow");
  EXPECT_ERROR (gt_tensor_narrow (x, 1, 2, -1, &error), GT_ERROR_INDEX,
                "gt_tensor_narrow");
  EXPECT_ERROR (gt_tensor_narrow (s, 0, 0, 1, &error), GT_ERROR_INDEX,
                "gt_tensor_narrow");
  EXPECT_ERROR (gt_tensor_narrow (x, 2, 0, 1, &error), GT_ERROR_INDEX,
                "gt_tensor_narrow");
  g_assert_null (gt_tensor_select (x, 1, 4, &error));
  expect_message (error, "index 4 is out of range for tensor of size [3, 4] "
                         "at dimension 1");
  gt_assert_error_names_clear (&error, GT_ERROR_INDEX, "gt_tensor_select");
  EXPECT_ERROR (gt_tensor_select (x, 1, -5, &error), GT_ERROR_INDEX,
                "gt_tensor_select");
  EXPECT_ERROR (gt_tensor_select (s, 0, 0, &error), GT_ERROR_INDEX,
                "gt_tensor_select");
}

static void
test_slice (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (3, 4);
  g_autoptr(GtTensor) sl = NULL;
  const gdouble one = 1;
  g_autoptr(GtTensor) s = gt_test_new (&one, 1, NULL, 0, GT_DTYPE_FLOAT32);

  sl = gt_tensor_slice (x, 1, 1, 4, 2, &error);
  g_assert_no_error (error);
  gt_test_assert_strides (sl, SHAPE (4, 2), 2);
  g_assert_cmpint (gt_tensor_get_storage_offset (sl), ==, 1);
  CHECK (g_steal_pointer (&sl), SHAPE (3, 2), 1, 3, 5, 7, 9, 11);
  /* Python's clamping: x[:, -100:100:3] */
  CHECK (gt_tensor_slice (x, -1, -100, 100, 3, &error), SHAPE (3, 2),
         0, 3, 4, 7, 8, 11);
  CHECK (gt_tensor_slice (x, 1, -3, -1, 1, &error), SHAPE (3, 2),
         1, 2, 5, 6, 9, 10);
  CHECK (gt_tensor_slice (x, 1, 3, 1, 1, &error), SHAPE (3, 0), 0);
  CHECK (gt_tensor_slice (x, 0, 1, G_MAXINT64, 1, &error), SHAPE (2, 4),
         4, 5, 6, 7, 8, 9, 10, 11);
  CHECK (gt_tensor_slice (x, 0, G_MININT64, G_MAXINT64, G_MAXINT64, &error),
         SHAPE (1, 4), 0, 1, 2, 3);
  g_assert_no_error (error);

  g_assert_null (gt_tensor_slice (x, 1, 0, 4, 0, &error));
  expect_message (error, "slice step must be positive");
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_slice");
  EXPECT_ERROR (gt_tensor_slice (x, 1, 0, 4, -1, &error), GT_ERROR_VALUE,
                "gt_tensor_slice");
  EXPECT_ERROR (gt_tensor_slice (s, 0, 0, 1, 1, &error), GT_ERROR_INDEX,
                "gt_tensor_slice");
  EXPECT_ERROR (gt_tensor_slice (x, -3, 0, 1, 1, &error), GT_ERROR_INDEX,
                "gt_tensor_slice");
}

static void
test_unbind (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (2, 3);
  g_autoptr(GPtrArray) parts = NULL;
  const gdouble one = 1;
  g_autoptr(GtTensor) s = gt_test_new (&one, 1, NULL, 0, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) e = AR (0, 3);

  parts = gt_tensor_unbind (x, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 3);
  gt_test_assert_values (g_ptr_array_index (parts, 0), (const gdouble[]) { 0, 3 }, 2, 0);
  gt_test_assert_values (g_ptr_array_index (parts, 2), (const gdouble[]) { 2, 5 }, 2, 0);
  g_assert_true (gt_tensor_fill_ (g_ptr_array_index (parts, 1), -1, &error));
  gt_test_assert_values (x, (const gdouble[]) { 0, -1, 2, 3, -1, 5 }, 6, 0);
  g_clear_pointer (&parts, g_ptr_array_unref);
  parts = gt_tensor_unbind (e, 0, &error);
  g_assert_cmpuint (parts->len, ==, 0);
  EXPECT_ERROR (gt_tensor_unbind (s, 0, &error), GT_ERROR_INDEX,
                "gt_tensor_unbind");
  EXPECT_ERROR (gt_tensor_unbind (x, 2, &error), GT_ERROR_INDEX,
                "gt_tensor_unbind");
}

/* ---- chunk and split ---------------------------------------------------------------- */

static void
assert_lengths (GPtrArray    *parts,
                guint         dim,
                const gint64 *lengths,
                guint         n)
{
  g_assert_nonnull (parts);
  g_assert_cmpuint (parts->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (gt_tensor_get_size (g_ptr_array_index (parts, i), (gint) dim,
                                         NULL), ==, lengths[i]);
  g_ptr_array_unref (parts);
}

#define LENGTHS(parts, dim, ...) \
  assert_lengths ((parts), (dim), SHAPE (__VA_ARGS__), NDIMS (__VA_ARGS__))

static void
test_chunk_split (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (10);
  g_autoptr(GtTensor) six = AR (6);
  g_autoptr(GtTensor) m = AR (2, 7);
  g_autoptr(GtTensor) e = AR (0);
  g_autoptr(GPtrArray) parts = NULL;
  const gdouble one = 1;
  g_autoptr(GtTensor) s = gt_test_new (&one, 1, NULL, 0, GT_DTYPE_FLOAT32);

  LENGTHS (gt_tensor_chunk (x, 4, 0, &error), 0, 3, 3, 3, 1);
  LENGTHS (gt_tensor_chunk (six, 4, 0, &error), 0, 2, 2, 2);
  LENGTHS (gt_tensor_chunk (x, 20, -1, &error), 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
  LENGTHS (gt_tensor_chunk (m, 2, 1, &error), 1, 4, 3);
  /* torch keeps the number of pieces of an empty dimension */
  LENGTHS (gt_tensor_chunk (e, 3, 0, &error), 0, 0, 0, 0);
  LENGTHS (gt_tensor_split (x, 4, 0, &error), 0, 4, 4, 2);
  LENGTHS (gt_tensor_split (x, 20, 0, &error), 0, 10);
  LENGTHS (gt_tensor_split (e, 0, 0, &error), 0, 0);
  LENGTHS (gt_tensor_split (e, 2, 0, &error), 0, 0);
  LENGTHS (gt_tensor_split_sizes (x, SHAPE (3, 0, 7), 3, 0, &error), 0, 3, 0, 7);
  LENGTHS (gt_tensor_split_sizes (e, NULL, 0, 0, &error), 0);
  g_assert_no_error (error);

  parts = gt_tensor_split (m, 3, 1, &error);
  gt_test_assert_values (g_ptr_array_index (parts, 2), (const gdouble[]) { 6, 13 },
                         2, 0);
  /* the pieces are views */
  g_assert_true (gt_tensor_fill_ (g_ptr_array_index (parts, 1), 0, &error));
  gt_test_assert_values (m, (const gdouble[]) { 0, 1, 2, 0, 0, 0, 6,
                                                7, 8, 9, 0, 0, 0, 13 }, 14, 0);

  EXPECT_ERROR (gt_tensor_chunk (x, 0, 0, &error), GT_ERROR_VALUE,
                "gt_tensor_chunk");
  EXPECT_ERROR (gt_tensor_chunk (s, 1, 0, &error), GT_ERROR_INDEX,
                "gt_tensor_chunk");
  EXPECT_ERROR (gt_tensor_chunk (x, 2, 1, &error), GT_ERROR_INDEX,
                "gt_tensor_chunk");
  EXPECT_ERROR (gt_tensor_split (x, 0, 0, &error), GT_ERROR_VALUE,
                "gt_tensor_split");
  EXPECT_ERROR (gt_tensor_split (x, -1, 0, &error), GT_ERROR_VALUE,
                "gt_tensor_split");
  EXPECT_ERROR (gt_tensor_split (s, 1, 0, &error), GT_ERROR_INDEX,
                "gt_tensor_split");
  g_assert_null (gt_tensor_split_sizes (x, SHAPE (3, 6), 2, 0, &error));
  expect_message (error, "to sum exactly to 10");
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_split_sizes");
  EXPECT_ERROR (gt_tensor_split_sizes (x, SHAPE (11, -1), 2, 0, &error),
                GT_ERROR_VALUE, "gt_tensor_split_sizes");
  EXPECT_ERROR (gt_tensor_split_sizes (x, SHAPE (G_MAXINT64, G_MAXINT64), 2, 0,
                                       &error), GT_ERROR_SHAPE,
                "gt_tensor_split_sizes");
}

/* ---- cat and stack ---------------------------------------------------------------- */

static GPtrArray *
list (GtTensor *first,
      ...)
{
  GPtrArray *l = g_ptr_array_new_with_free_func (g_object_unref);
  va_list ap;

  va_start (ap, first);
  for (GtTensor *t = first; t != NULL; t = va_arg (ap, GtTensor *))
    g_ptr_array_add (l, g_object_ref (t));
  va_end (ap);
  return l;
}

static void
test_cat (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = AR (2, 2);
  g_autoptr(GtTensor) b = gt_test_arange_shaped (SHAPE (2, 1), 2, GT_DTYPE_INT32);
  g_autoptr(GtTensor) at = gt_tensor_t (a, NULL);
  g_autoptr(GtTensor) empty = gt_test_arange_shaped (SHAPE (0), 1, GT_DTYPE_FLOAT64);
  g_autoptr(GPtrArray) l = NULL;
  g_autoptr(GtTensor) r = NULL;

  l = list (a, b, at, NULL);
  r = gt_cat (l, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_get_dtype (r), ==, GT_DTYPE_FLOAT32);
  CHECK (g_steal_pointer (&r), SHAPE (2, 5), 0, 1, 0, 0, 2, 2, 3, 1, 1, 3);
  g_clear_pointer (&l, g_ptr_array_unref);
  l = list (a, at, NULL);
  CHECK (gt_cat (l, -2, &error), SHAPE (4, 2), 0, 1, 2, 3, 0, 2, 1, 3);
  g_clear_pointer (&l, g_ptr_array_unref);

  /* the skipped [0] tensor still takes part in the dtype */
  l = list (empty, b, empty, NULL);
  r = gt_cat (l, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_get_dtype (r), ==, GT_DTYPE_FLOAT64);
  CHECK (g_steal_pointer (&r), SHAPE (2, 1), 0, 1);
  g_clear_pointer (&l, g_ptr_array_unref);
  l = list (empty, empty, NULL);
  CHECK (gt_cat (l, 5, &error), SHAPE (0), 0);
  g_assert_no_error (error);
  g_clear_pointer (&l, g_ptr_array_unref);

  /* errors */
  l = g_ptr_array_new ();
  EXPECT_ERROR (gt_cat (l, 0, &error), GT_ERROR_VALUE, "gt_cat");
  EXPECT_ERROR (gt_cat (NULL, 0, &error), GT_ERROR_VALUE, "gt_cat");
  g_clear_pointer (&l, g_ptr_array_unref);
  l = list (a, b, NULL);
  g_assert_null (gt_cat (l, 0, &error));
  expect_message (error, "Expected size 2 but got size 1 for tensor number 1");
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_cat");
  EXPECT_ERROR (gt_cat (l, 2, &error), GT_ERROR_INDEX, "gt_cat");
  g_clear_pointer (&l, g_ptr_array_unref);
  {
    g_autoptr(GtTensor) v = AR (3);
    const gdouble one = 1;
    g_autoptr(GtTensor) s = gt_test_new (&one, 1, NULL, 0, GT_DTYPE_FLOAT32);

    l = list (a, v, NULL);
    EXPECT_ERROR (gt_cat (l, 0, &error), GT_ERROR_SHAPE, "gt_cat");
    g_clear_pointer (&l, g_ptr_array_unref);
    l = list (s, s, NULL);
    EXPECT_ERROR (gt_cat (l, 0, &error), GT_ERROR_SHAPE, "gt_cat");
    g_clear_pointer (&l, g_ptr_array_unref);
  }
  l = g_ptr_array_new ();
  g_ptr_array_add (l, a);
  g_ptr_array_add (l, NULL);
  EXPECT_ERROR (gt_cat (l, 0, &error), GT_ERROR_VALUE, "gt_cat");
}

/* Above the grain size cat copies all its slabs with one thread team:
 * same-dtype, converted, transposed and empty inputs together. */
static void
test_cat_large (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = gt_test_arange_shaped (SHAPE (300, 200), 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = gt_test_arange_shaped (SHAPE (200, 300), 2, GT_DTYPE_INT32);
  g_autoptr(GtTensor) bt = gt_tensor_t (b, NULL);
  g_autoptr(GtTensor) e = gt_test_arange_shaped (SHAPE (300, 0), 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) c = gt_test_arange_shaped (SHAPE (300, 7), 2, GT_DTYPE_FLOAT32);
  g_autoptr(GPtrArray) l = list (a, e, bt, c, a, NULL);
  g_autoptr(GtTensor) r = gt_cat (l, 1, &error);
  g_autofree gdouble *v = NULL;
  gsize n = 0;
  const gint64 w = 200 + 0 + 200 + 7 + 200;

  g_assert_no_error (error);
  gt_test_assert_shape (r, SHAPE (300, w), 2);
  v = gt_tensor_to_doubles (r, &n, &error);
  for (gint64 i = 0; i < 300; i++)
    for (gint64 j = 0; j < w; j++)
      {
        gdouble want;

        if (j < 200)
          want = i * 200 + j;                    /* a */
        else if (j < 400)
          want = (j - 200) * 300 + i;            /* bt[i][j'] = b[j'][i] */
        else if (j < 407)
          want = i * 7 + (j - 400);              /* c */
        else
          want = i * 200 + (j - 407);            /* a again */
        if (v[i * w + j] != want)
          g_error ("cat [%" G_GINT64_FORMAT "][%" G_GINT64_FORMAT "]: %g, want %g",
                   i, j, v[i * w + j], want);
      }
}

static void
test_stack (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) a = AR (2);
  g_autoptr(GtTensor) b = gt_test_arange_shaped (SHAPE (2), 1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) c = AR (3);
  g_autoptr(GPtrArray) l = list (a, b, NULL);
  g_autoptr(GtTensor) r = NULL;

  r = gt_stack (l, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_get_dtype (r), ==, GT_DTYPE_FLOAT32);
  CHECK (g_steal_pointer (&r), SHAPE (2, 2), 0, 0, 1, 1);
  CHECK (gt_stack (l, -2, &error), SHAPE (2, 2), 0, 1, 0, 1);
  EXPECT_ERROR (gt_stack (l, 2, &error), GT_ERROR_INDEX, "gt_stack");
  g_clear_pointer (&l, g_ptr_array_unref);
  {
    const gdouble v[] = { 1, 2 };
    g_autoptr(GtTensor) s0 = gt_test_new (v, 1, NULL, 0, GT_DTYPE_FLOAT32);
    g_autoptr(GtTensor) s1 = gt_test_new (v + 1, 1, NULL, 0, GT_DTYPE_FLOAT32);

    l = list (s0, s1, NULL);
    CHECK (gt_stack (l, 0, &error), SHAPE (2), 1, 2);
    g_clear_pointer (&l, g_ptr_array_unref);
  }
  l = list (a, c, NULL);
  g_assert_null (gt_stack (l, 0, &error));
  expect_message (error, "got [2] at entry 0 and [3] at entry 1");
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_stack");
  g_clear_pointer (&l, g_ptr_array_unref);
  l = g_ptr_array_new ();
  EXPECT_ERROR (gt_stack (l, 0, &error), GT_ERROR_VALUE, "gt_stack");
}

/* ---- repeat and flip ---------------------------------------------------------------- */

static void
test_repeat (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) v = AR (3);
  g_autoptr(GtTensor) m = AR (2, 2);
  g_autoptr(GtTensor) mt = gt_tensor_t (m, NULL);
  const gdouble one = 1;
  g_autoptr(GtTensor) s = gt_test_new (&one, 1, NULL, 0, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) r = NULL;

  CHECK (gt_tensor_repeat (v, SHAPE (2, 2), 2, &error), SHAPE (2, 6),
         0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2);
  CHECK (gt_tensor_repeat (mt, SHAPE (1, 2), 2, &error), SHAPE (2, 4),
         0, 2, 0, 2, 1, 3, 1, 3);
  CHECK (gt_tensor_repeat (m, SHAPE (2, 1), 2, &error), SHAPE (4, 2),
         0, 1, 2, 3, 0, 1, 2, 3);
  CHECK (gt_tensor_repeat (s, SHAPE (3), 1, &error), SHAPE (3), 1, 1, 1);
  CHECK (gt_tensor_repeat (m, SHAPE (2, 0), 2, &error), SHAPE (4, 0), 0);
  r = gt_tensor_repeat (s, NULL, 0, &error);
  g_assert_cmpuint (gt_tensor_get_ndim (r), ==, 0);
  g_clear_object (&r);
  /* eight dims of repeats: a copy layout of 16 dims, looped over */
  {
    g_autoptr(GtTensor) c = AR (2, 1, 2, 1, 2, 1, 2, 1);

    r = gt_tensor_repeat (c, SHAPE (2, 2, 2, 2, 2, 2, 2, 2), 8, &error);
    g_assert_no_error (error);
    gt_test_assert_shape (r, SHAPE (4, 2, 4, 2, 4, 2, 4, 2), 8);
    {
      gsize n_vals = 0;
      g_autofree gdouble *vals = gt_tensor_to_doubles (r, &n_vals, &error);
      /* r[i0..i7] = c[i0 % 2][0][i2 % 2][0][i4 % 2][0][i6 % 2][0] */
      const gint64 idx[] = { 3, 1, 2, 0, 1, 1, 3, 1 };
      gint64 flat = 0, stride = 1;
      const gint64 sz[] = { 4, 2, 4, 2, 4, 2, 4, 2 };

      for (gint d = 7; d >= 0; d--)
        {
          flat += idx[d] * stride;
          stride *= sz[d];
        }
      g_assert_cmpfloat (vals[flat], ==, 8 * 1 + 4 * 0 + 2 * 1 + 1);
    }
  }
  g_assert_no_error (error);

  EXPECT_ERROR (gt_tensor_repeat (m, SHAPE (2), 1, &error), GT_ERROR_SHAPE,
                "gt_tensor_repeat");
  EXPECT_ERROR (gt_tensor_repeat (m, SHAPE (2, -1), 2, &error), GT_ERROR_SHAPE,
                "gt_tensor_repeat");
  EXPECT_ERROR (gt_tensor_repeat (m, SHAPE (1, 1, 1, 1, 1, 1, 1, 1, 1), 9,
                                  &error), GT_ERROR_SHAPE, "gt_tensor_repeat");
  EXPECT_ERROR (gt_tensor_repeat (m, SHAPE (G_MAXINT64, 2), 2, &error),
                GT_ERROR_SHAPE, "gt_tensor_repeat");
}

static void
test_flip (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (2, 3);
  g_autoptr(GtTensor) xt = gt_tensor_t (x, NULL);
  g_autoptr(GtTensor) f = NULL;
  const gdouble one = 1;
  g_autoptr(GtTensor) s = gt_test_new (&one, 1, NULL, 0, GT_DTYPE_FLOAT32);
  const gdouble bits[] = { 1, 0, 0 };
  g_autoptr(GtTensor) b = gt_test_new_1d (bits, 3, GT_DTYPE_BOOL);

  CHECK (gt_tensor_flip (x, (const gint[]) { 1 }, 1, &error), SHAPE (2, 3),
         2, 1, 0, 5, 4, 3);
  CHECK (gt_tensor_flip (x, (const gint[]) { 0, -1 }, 2, &error), SHAPE (2, 3),
         5, 4, 3, 2, 1, 0);
  CHECK (gt_tensor_flip (xt, (const gint[]) { 0 }, 1, &error), SHAPE (3, 2),
         2, 5, 1, 4, 0, 3);
  CHECK (gt_tensor_flip (b, (const gint[]) { 0 }, 1, &error), SHAPE (3), 0, 0, 1);
  f = gt_tensor_flip (x, NULL, 0, &error);
  g_assert_false (same_storage (f, x));
  g_clear_object (&f);
  f = gt_tensor_flip (s, (const gint[]) { 0 }, 1, &error);
  g_assert_cmpfloat (gt_tensor_item (f, &error), ==, 1);
  g_assert_no_error (error);

  g_assert_null (gt_tensor_flip (x, (const gint[]) { 1, -1 }, 2, &error));
  expect_message (error, "dim 1 appears multiple times");
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_flip");
  EXPECT_ERROR (gt_tensor_flip (x, (const gint[]) { 2 }, 1, &error),
                GT_ERROR_INDEX, "gt_tensor_flip");
}

/* ---- views and storage ----------------------------------------------------------------- */

static void
test_views_share_storage (void)
{
  GError *error = NULL;
  g_autoptr(GtTensor) x = AR (4, 6);
  g_autoptr(GtTensor) v = NULL;

  /* each view writes one value into x through its own geometry */
  v = gt_tensor_select (x, 0, 1, &error);
  g_assert_true (gt_tensor_fill_ (v, -1, &error));
  g_clear_object (&v);
  v = gt_tensor_slice (x, 1, 0, 6, 5, &error);   /* columns 0 and 5 */
  {
    g_autoptr(GtTensor) row = gt_tensor_select (v, 0, 3, &error);
    g_assert_true (gt_tensor_fill_ (row, -2, &error));
  }
  g_clear_object (&v);
  v = gt_tensor_transpose (x, 0, 1, &error);
  {
    g_autoptr(GtTensor) cell = gt_tensor_narrow (v, 0, 2, 1, &error);
    g_autoptr(GtTensor) cell2 = gt_tensor_narrow (cell, 1, 0, 1, &error);
    g_assert_true (gt_tensor_fill_ (cell2, -3, &error));
  }
  g_assert_no_error (error);
  gt_test_assert_values (x, (const gdouble[]) {
    0, 1, -3, 3, 4, 5,
    -1, -1, -1, -1, -1, -1,
    12, 13, 14, 15, 16, 17,
    -2, 19, 20, 21, 22, -2 }, 24, 0);
}

static void
test_not_a_tensor (void)
{
  GError *error = NULL;

  EXPECT_ERROR (gt_tensor_transpose (NULL, 0, 1, &error), GT_ERROR_VALUE,
                "gt_tensor_transpose");
  EXPECT_ERROR (gt_tensor_flip (NULL, NULL, 0, &error), GT_ERROR_VALUE,
                "gt_tensor_flip");
  EXPECT_ERROR (gt_tensor_chunk (NULL, 1, 0, &error), GT_ERROR_VALUE,
                "gt_tensor_chunk");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ops/shape/reshape/view", test_reshape_view);
  g_test_add_func ("/ops/shape/reshape/copy", test_reshape_copies_when_needed);
  g_test_add_func ("/ops/shape/reshape/0d-and-empty", test_reshape_0d_and_empty);
  g_test_add_func ("/ops/shape/reshape/errors", test_reshape_errors);
  g_test_add_func ("/ops/shape/flatten", test_flatten);
  g_test_add_func ("/ops/shape/unflatten", test_unflatten);
  g_test_add_func ("/ops/shape/transpose-permute", test_transpose_permute);
  g_test_add_func ("/ops/shape/transpose-contiguous", test_transpose_contiguous);
  g_test_add_func ("/ops/shape/t-mt", test_t_and_mt);
  g_test_add_func ("/ops/shape/squeeze-unsqueeze", test_squeeze_unsqueeze);
  g_test_add_func ("/ops/shape/expand", test_expand);
  g_test_add_func ("/ops/shape/narrow-select", test_narrow_select);
  g_test_add_func ("/ops/shape/slice", test_slice);
  g_test_add_func ("/ops/shape/unbind", test_unbind);
  g_test_add_func ("/ops/shape/chunk-split", test_chunk_split);
  g_test_add_func ("/ops/shape/cat", test_cat);
  g_test_add_func ("/ops/shape/cat-large", test_cat_large);
  g_test_add_func ("/ops/shape/stack", test_stack);
  g_test_add_func ("/ops/shape/repeat", test_repeat);
  g_test_add_func ("/ops/shape/flip", test_flip);
  g_test_add_func ("/ops/shape/views-share-storage", test_views_share_storage);
  g_test_add_func ("/ops/shape/not-a-tensor", test_not_a_tensor);

  return g_test_run ();
}
