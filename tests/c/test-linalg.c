/* Matrix products (matmul, mm, bmm, mv, dot, outer, addmm) with values
 * computed by hand or by a naive triple loop, every error they report,
 * thread control and the CPU memory cache. */

#include "gt-test-utils.h"

static const GtDType float_dtypes[] = { GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64 };
static const GtDType product_dtypes[] = {
  GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64, GT_DTYPE_FLOAT16, GT_DTYPE_BFLOAT16,
  GT_DTYPE_INT8, GT_DTYPE_UINT8, GT_DTYPE_INT16, GT_DTYPE_INT32,
  GT_DTYPE_INT64,
};

/* [[1, 2, 3], [4, 5, 6]] and [[7, 8], [9, 10], [11, 12]] */
static const gdouble a23[] = { 1, 2, 3, 4, 5, 6 };
static const gdouble b32[] = { 7, 8, 9, 10, 11, 12 };
static const gdouble ab[] = { 58, 64, 139, 154 };
static const gint64 s23[] = { 2, 3 }, s32[] = { 3, 2 }, s22[] = { 2, 2 };

/* A deterministic matrix of small integers, exact in every dtype. */
static GtTensor *
small_ints (const gint64 *shape,
            gsize         n_dims,
            GtDType       dtype,
            guint         seed)
{
  g_autofree gdouble *data = NULL;
  gint64 n = 1;

  for (gsize i = 0; i < n_dims; i++)
    n *= shape[i];
  data = g_new (gdouble, MAX (n, 1));
  for (gint64 i = 0; i < n; i++)
    data[i] = (gdouble) ((i * 7 + seed * 13) % 9) - 4.0;
  return gt_test_new (data, (gsize) n, shape, n_dims, dtype);
}

/* a @ b for contiguous row-major [batch, M, K] and [batch, K, N] values. */
static gdouble *
naive_bmm (const gdouble *a,
           const gdouble *b,
           gint64         batch,
           gint64         M,
           gint64         K,
           gint64         N)
{
  gdouble *c = g_new0 (gdouble, MAX (batch * M * N, 1));

  for (gint64 t = 0; t < batch; t++)
    for (gint64 i = 0; i < M; i++)
      for (gint64 j = 0; j < N; j++)
        for (gint64 k = 0; k < K; k++)
          c[(t * M + i) * N + j] += a[(t * M + i) * K + k] * b[(t * K + k) * N + j];
  return c;
}

/* What a product of values of @dtype gives after wrapping around. */
static void
wrap (gdouble *v,
      gsize    n,
      GtDType  dtype)
{
  for (gsize i = 0; i < n; i++)
    if (dtype == GT_DTYPE_UINT8)
      v[i] = (gdouble) (guint8) (gint64) v[i];
    else if (dtype == GT_DTYPE_INT8)
      v[i] = (gdouble) (gint8) (guint8) (gint64) v[i];
}

static gdouble *
values_of (GtTensor *t)
{
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  gdouble *v = gt_tensor_to_doubles (t, &n, &error);

  g_assert_no_error (error);
  return v;
}

/* ---- mm ------------------------------------------------------------------ */

static void
test_mm_basic (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (product_dtypes); i++)
    {
      GtDType dtype = product_dtypes[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) a = gt_test_new (a23, 6, s23, 2, dtype);
      g_autoptr(GtTensor) b = gt_test_new (b32, 6, s32, 2, dtype);
      g_autoptr(GtTensor) c = gt_tensor_mm (a, b, &error);
      g_autoptr(GtTensor) d = NULL;

      g_assert_no_error (error);
      gt_test_assert_shape (c, s22, 2);
      g_assert_cmpint (gt_tensor_get_dtype (c), ==, dtype);
      if (dtype == GT_DTYPE_INT8)
        {
          /* 139 and 154 wrap around as in torch's int8 arithmetic. */
          const gdouble wrapped[] = { 58, 64, 139 - 256, 154 - 256 };
          gt_test_assert_values (c, wrapped, 4, 0.0);
        }
      else if (dtype == GT_DTYPE_BFLOAT16)
        {
          /* 139 and 154 round to 8 significant bits. */
          const gdouble rounded[] = { 58, 64, 139, 154 };
          gt_test_assert_values (c, rounded, 4, 1.0);
        }
      else
        gt_test_assert_values (c, ab, 4, 0.0);

      d = gt_tensor_matmul (a, b, &error);
      g_assert_no_error (error);
      gt_test_assert_shape (d, s22, 2);
    }
}

static void
test_mm_uint8_wraps (void)
{
  const gdouble x[] = { 200, 100 }, y[] = { 2, 3 };
  const gint64 s12[] = { 1, 2 }, s21[] = { 2, 1 };
  const gint64 expected[] = { 188 };   /* 700 mod 256 */
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_test_new (x, 2, s12, 2, GT_DTYPE_UINT8);
  g_autoptr(GtTensor) b = gt_test_new (y, 2, s21, 2, GT_DTYPE_UINT8);
  g_autoptr(GtTensor) c = gt_tensor_mm (a, b, &error);

  g_assert_no_error (error);
  gt_test_assert_int64s (c, expected, 1);
}

static void
test_mm_int64_exact (void)
{
  /* Beyond float64's 53 bits: the integer kernel must not go through
   * doubles. */
  const gint64 x[] = { (G_GINT64_CONSTANT (1) << 60) + 1, 3 };
  const gint64 y[] = { 2, 5 };
  const gint64 s12[] = { 1, 2 }, s21[] = { 2, 1 };
  const gint64 expected[] = { (G_GINT64_CONSTANT (1) << 61) + 2 + 15 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_tensor_new_from_int64s (x, 2, s12, 2, GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) b = gt_tensor_new_from_int64s (y, 2, s21, 2, GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) c = gt_tensor_mm (a, b, &error);

  g_assert_no_error (error);
  gt_test_assert_int64s (c, expected, 1);
}

/* Transposed views go to BLAS as CblasTrans without a copy; the result
 * must be the same as for contiguous operands. */
static void
test_mm_transposed (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (product_dtypes); i++)
    {
      GtDType dtype = product_dtypes[i];
      g_autoptr(GError) error = NULL;
      /* aT is [3, 2] holding a23 transposed; its transpose is a23. */
      const gdouble at_data[] = { 1, 4, 2, 5, 3, 6 };
      const gdouble bt_data[] = { 7, 9, 11, 8, 10, 12 };
      g_autoptr(GtTensor) at = gt_test_new (at_data, 6, s32, 2, dtype);
      g_autoptr(GtTensor) bt = gt_test_new (bt_data, 6, s23, 2, dtype);
      g_autoptr(GtTensor) a = gt_test_transpose (at);
      g_autoptr(GtTensor) b = gt_test_transpose (bt);
      g_autoptr(GtTensor) ac = gt_test_new (a23, 6, s23, 2, dtype);
      g_autoptr(GtTensor) bc = gt_test_new (b32, 6, s32, 2, dtype);
      g_autoptr(GtTensor) c1 = gt_tensor_mm (a, bc, &error);
      g_autoptr(GtTensor) c2 = gt_tensor_mm (ac, b, &error);
      g_autoptr(GtTensor) c3 = gt_tensor_mm (a, b, &error);
      g_autofree gdouble *v1 = NULL, *v2 = NULL, *v3 = NULL, *ref = NULL;
      g_autoptr(GtTensor) cref = gt_tensor_mm (ac, bc, &error);

      g_assert_no_error (error);
      v1 = values_of (c1);
      v2 = values_of (c2);
      v3 = values_of (c3);
      ref = values_of (cref);
      for (gsize k = 0; k < 4; k++)
        {
          g_assert_cmpfloat (v1[k], ==, ref[k]);
          g_assert_cmpfloat (v2[k], ==, ref[k]);
          g_assert_cmpfloat (v3[k], ==, ref[k]);
        }
    }
}

/* Views strided in both dimensions are copied before BLAS; row slices
 * (leading dimension larger than the row) are not. */
static void
test_mm_strided (void)
{
  const gint64 big[] = { 6, 8 };

  for (gsize i = 0; i < G_N_ELEMENTS (product_dtypes); i++)
    {
      GtDType dtype = product_dtypes[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) base = small_ints (big, 2, dtype, 1);
      g_autofree gdouble *bv = values_of (base);
      /* every other row and column: [3, 4] with strides [16, 2] */
      const gint64 sz[] = { 3, 4 }, st[] = { 16, 2 };
      /* a slice of rows: [4, 3] with strides [8, 1] */
      const gint64 sz2[] = { 4, 3 }, st2[] = { 8, 1 };
      g_autoptr(GtTensor) a = gt_test_view (base, 2, sz, st, 1);
      g_autoptr(GtTensor) b = gt_test_view (base, 2, sz2, st2, 3);
      g_autoptr(GtTensor) c = gt_tensor_mm (a, b, &error);
      gdouble av[12], bw[12];
      g_autofree gdouble *ref = NULL;

      g_assert_no_error (error);
      for (gint r = 0; r < 3; r++)
        for (gint k = 0; k < 4; k++)
          av[r * 4 + k] = bv[1 + r * 16 + k * 2];
      for (gint k = 0; k < 4; k++)
        for (gint j = 0; j < 3; j++)
          bw[k * 3 + j] = bv[3 + k * 8 + j];
      ref = naive_bmm (av, bw, 1, 3, 4, 3);
      wrap (ref, 9, dtype);
      gt_test_assert_values (c, ref, 9, dtype == GT_DTYPE_BFLOAT16 ? 0.5 : 0.0);
    }
}

static void
test_mm_empty (void)
{
  const gint64 s03[] = { 0, 3 }, s34[] = { 3, 4 }, s04[] = { 0, 4 };
  const gint64 s20[] = { 2, 0 }, s03b[] = { 0, 3 }, s23r[] = { 2, 3 };

  for (gsize i = 0; i < G_N_ELEMENTS (product_dtypes); i++)
    {
      GtDType dtype = product_dtypes[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) a = gt_zeros (s03, 2, dtype, NULL, &error);
      g_autoptr(GtTensor) b = gt_ones (s34, 2, dtype, NULL, &error);
      g_autoptr(GtTensor) c = gt_tensor_mm (a, b, &error);
      g_autoptr(GtTensor) k0a = gt_ones (s20, 2, dtype, NULL, &error);
      g_autoptr(GtTensor) k0b = gt_ones (s03b, 2, dtype, NULL, &error);
      g_autoptr(GtTensor) k0 = gt_tensor_mm (k0a, k0b, &error);

      g_assert_no_error (error);
      gt_test_assert_shape (c, s04, 2);
      /* An empty inner dimension sums nothing: zeros. */
      gt_test_assert_shape (k0, s23r, 2);
      gt_test_assert_all (k0, 0.0);
    }
}

static void
test_mm_errors (void)
{
  const gint64 s3[] = { 3 }, s42[] = { 4, 2 }, s232[] = { 2, 3, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_test_new (a23, 6, s23, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) a64 = gt_test_new (b32, 6, s32, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) ai = gt_test_new (b32, 6, s32, 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) ab1 = gt_test_new (a23, 6, s23, 2, GT_DTYPE_BOOL);
  g_autoptr(GtTensor) ab2 = gt_test_new (b32, 6, s32, 2, GT_DTYPE_BOOL);
  g_autoptr(GtTensor) v = gt_zeros (s3, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) m42 = gt_zeros (s42, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) t3 = gt_zeros (s232, 3, GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (gt_tensor_mm (a, v, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_mm");
  g_assert_null (gt_tensor_mm (t3, m42, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_mm");
  g_assert_null (gt_tensor_mm (a, m42, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_SHAPE);
  g_assert_nonnull (strstr (error->message, "gt_tensor_mm: shapes [2, 3] and [4, 2] cannot be multiplied (2x3 and 4x2)"));
  g_clear_error (&error);
  g_assert_null (gt_tensor_mm (a, a64, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_mm");
  g_assert_null (gt_tensor_mm (a, ai, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_mm");
  g_assert_null (gt_tensor_mm (ab1, ab2, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_mm");
}

/* ---- matmul ------------------------------------------------------------------ */

static void
test_matmul_vector_cases (void)
{
  const gdouble x[] = { 1, 2, 3 }, y[] = { 4, 5, 6 };
  const gint64 s2[] = { 2 };

  for (gsize i = 0; i < G_N_ELEMENTS (product_dtypes); i++)
    {
      GtDType dtype = product_dtypes[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) vx = gt_test_new_1d (x, 3, dtype);
      g_autoptr(GtTensor) vy = gt_test_new_1d (y, 3, dtype);
      g_autoptr(GtTensor) a = gt_test_new (a23, 6, s23, 2, dtype);
      g_autoptr(GtTensor) b = gt_test_new (b32, 6, s32, 2, dtype);
      g_autoptr(GtTensor) dot = gt_tensor_matmul (vx, vy, &error);
      g_autoptr(GtTensor) mv = gt_tensor_matmul (a, vy, &error);
      g_autoptr(GtTensor) vm = gt_tensor_matmul (vx, b, &error);
      const gdouble e_dot[] = { 32 }, e_mv[] = { 32, 77 }, e_vm[] = { 58, 64 };

      g_assert_no_error (error);
      g_assert_cmpuint (gt_tensor_get_ndim (dot), ==, 0);
      gt_test_assert_values (dot, e_dot, 1, 0.0);
      gt_test_assert_shape (mv, s2, 1);
      gt_test_assert_values (mv, e_mv, 2, 0.0);
      gt_test_assert_shape (vm, s2, 1);
      gt_test_assert_values (vm, e_vm, 2, 0.0);
      g_assert_cmpint (gt_tensor_get_dtype (dot), ==, dtype);
    }
}

/* [2, 2, 3] @ [2, 3, 2], [2, 1, 2, 3] @ [3, 3, 4] and the folded
 * [2, 2, 3] @ [3, 2], checked against a naive loop. */
static void
test_matmul_batched (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (product_dtypes); i++)
    {
      GtDType dtype = product_dtypes[i];
      gdouble tol = dtype == GT_DTYPE_BFLOAT16 || dtype == GT_DTYPE_FLOAT16 ? 0.5 : 0.0;
      const gint64 sa[] = { 2, 2, 3 }, sb[] = { 2, 3, 2 }, sc[] = { 2, 2, 2 };
      const gint64 sa4[] = { 2, 1, 2, 3 }, sb3[] = { 3, 3, 4 }, sc4[] = { 2, 3, 2, 4 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) a = small_ints (sa, 3, dtype, 1);
      g_autoptr(GtTensor) b = small_ints (sb, 3, dtype, 2);
      g_autoptr(GtTensor) c = gt_tensor_matmul (a, b, &error);
      g_autoptr(GtTensor) cb = gt_tensor_bmm (a, b, &error);
      g_autoptr(GtTensor) m = small_ints (s32, 2, dtype, 3);
      g_autoptr(GtTensor) cf = gt_tensor_matmul (a, m, &error);
      g_autoptr(GtTensor) a4 = small_ints (sa4, 4, dtype, 4);
      g_autoptr(GtTensor) b3 = small_ints (sb3, 3, dtype, 5);
      g_autoptr(GtTensor) c4 = gt_tensor_matmul (a4, b3, &error);
      g_autofree gdouble *av = values_of (a), *bv = values_of (b), *mv = values_of (m);
      g_autofree gdouble *a4v = values_of (a4), *b3v = values_of (b3);
      g_autofree gdouble *ref = naive_bmm (av, bv, 2, 2, 3, 2);
      g_autofree gdouble *reff = naive_bmm (av, mv, 1, 4, 3, 2);
      gdouble ref4[48];

      wrap (ref, 8, dtype);
      wrap (reff, 8, dtype);
      g_assert_no_error (error);
      gt_test_assert_shape (c, sc, 3);
      gt_test_assert_values (c, ref, 8, tol);
      gt_test_assert_values (cb, ref, 8, tol);
      gt_test_assert_shape (cf, sc, 3);
      gt_test_assert_values (cf, reff, 8, tol);

      gt_test_assert_shape (c4, sc4, 4);
      for (gint p = 0; p < 2; p++)
        for (gint q = 0; q < 3; q++)
          {
            g_autofree gdouble *r = naive_bmm (a4v + p * 6, b3v + q * 12, 1, 2, 3, 4);
            memcpy (ref4 + (p * 3 + q) * 8, r, 8 * sizeof (gdouble));
          }
      wrap (ref4, 48, dtype);
      gt_test_assert_values (c4, ref4, 48, tol);
    }
}

/* [2, 2, 3] @ [3] → [2, 2]; [3] @ [2, 3, 4] → [2, 4]. */
static void
test_matmul_nd_vector (void)
{
  const gint64 sa[] = { 2, 2, 3 }, sb[] = { 2, 3, 4 };
  const gint64 s22r[] = { 2, 2 }, s24[] = { 2, 4 };

  for (gsize i = 0; i < G_N_ELEMENTS (float_dtypes); i++)
    {
      GtDType dtype = float_dtypes[i];
      g_autoptr(GError) error = NULL;
      const gdouble x[] = { 1, -2, 3 };
      g_autoptr(GtTensor) v = gt_test_new_1d (x, 3, dtype);
      g_autoptr(GtTensor) a = small_ints (sa, 3, dtype, 1);
      g_autoptr(GtTensor) b = small_ints (sb, 3, dtype, 2);
      g_autoptr(GtTensor) av_ = gt_tensor_matmul (a, v, &error);
      g_autoptr(GtTensor) vb = gt_tensor_matmul (v, b, &error);
      g_autofree gdouble *avals = values_of (a), *bvals = values_of (b);
      g_autofree gdouble *r1 = naive_bmm (avals, x, 1, 4, 3, 1);
      gdouble r2[8];

      g_assert_no_error (error);
      gt_test_assert_shape (av_, s22r, 2);
      gt_test_assert_values (av_, r1, 4, 0.0);
      for (gint t = 0; t < 2; t++)
        {
          g_autofree gdouble *r = naive_bmm (x, bvals + t * 12, 1, 1, 3, 4);
          memcpy (r2 + t * 4, r, 4 * sizeof (gdouble));
        }
      gt_test_assert_shape (vb, s24, 2);
      gt_test_assert_values (vb, r2, 8, 0.0);
    }
}

/* A batch operand broadcast with zero strides, and a transposed batch. */
static void
test_matmul_expanded_and_transposed_batch (void)
{
  const gint64 s1[] = { 1, 2, 3 }, sexp[] = { 4, 2, 3 }, stexp[] = { 0, 3, 1 };
  const gint64 sb[] = { 4, 3, 2 }, sc[] = { 4, 2, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) base = small_ints (s1, 3, GT_DTYPE_FLOAT32, 1);
  g_autoptr(GtTensor) a = gt_test_view (base, 3, sexp, stexp, 0);
  /* b: [4, 3, 2] seen through a permuted [3, 4, 2] contiguous tensor */
  const gint64 sbase[] = { 3, 4, 2 }, bst[] = { 2, 8, 1 };
  g_autoptr(GtTensor) bb = small_ints (sbase, 3, GT_DTYPE_FLOAT32, 2);
  g_autoptr(GtTensor) b = gt_test_view (bb, 3, sb, bst, 0);
  g_autoptr(GtTensor) c = gt_tensor_matmul (a, b, &error);
  g_autofree gdouble *av = values_of (base), *bbv = values_of (bb);
  gdouble bv[24], ref[16];

  g_assert_no_error (error);
  for (gint t = 0; t < 4; t++)
    for (gint k = 0; k < 3; k++)
      for (gint j = 0; j < 2; j++)
        bv[(t * 3 + k) * 2 + j] = bbv[k * 8 + t * 2 + j];
  for (gint t = 0; t < 4; t++)
    {
      g_autofree gdouble *r = naive_bmm (av, bv + t * 6, 1, 2, 3, 2);
      memcpy (ref + t * 4, r, 4 * sizeof (gdouble));
    }
  gt_test_assert_shape (c, sc, 3);
  gt_test_assert_values (c, ref, 16, 0.0);
}

/* Larger sizes: the parallel batch loop, OpenBLAS's threaded path, gemv,
 * and the threaded integer kernel, against a naive loop. */
static void
test_matmul_larger (void)
{
  /* 16 products of 40 x 30 x 20: small enough for one OpenBLAS thread
   * each, large enough together to go over the OpenMP team. */
  const gint64 sa[] = { 16, 40, 30 }, sb[] = { 16, 30, 20 };
  const gint64 la[] = { 96, 130 }, lb[] = { 130, 70 };
  const gint64 lv[] = { 130 };

  for (gsize i = 0; i < 3; i++)
    {
      GtDType dtype = (GtDType[]) { GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64, GT_DTYPE_INT32 }[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) a = small_ints (sa, 3, dtype, 1);
      g_autoptr(GtTensor) b = small_ints (sb, 3, dtype, 2);
      g_autoptr(GtTensor) c = gt_tensor_matmul (a, b, &error);
      g_autoptr(GtTensor) A = small_ints (la, 2, dtype, 3);
      g_autoptr(GtTensor) B = small_ints (lb, 2, dtype, 4);
      g_autoptr(GtTensor) C = gt_tensor_mm (A, B, &error);
      g_autoptr(GtTensor) v = small_ints (lv, 1, dtype, 5);
      g_autoptr(GtTensor) Av = gt_tensor_mv (A, v, &error);
      g_autofree gdouble *avs = values_of (a), *bvs = values_of (b);
      g_autofree gdouble *Avs = values_of (A), *Bvs = values_of (B), *vvs = values_of (v);
      g_autofree gdouble *ref = naive_bmm (avs, bvs, 16, 40, 30, 20);
      g_autofree gdouble *Ref = naive_bmm (Avs, Bvs, 1, 96, 130, 70);
      g_autofree gdouble *vref = naive_bmm (Avs, vvs, 1, 96, 130, 1);

      g_assert_no_error (error);
      gt_test_assert_values (c, ref, 16 * 40 * 20, 0.0);
      gt_test_assert_values (C, Ref, 96 * 70, 0.0);
      gt_test_assert_values (Av, vref, 96, 0.0);
    }
}

static void
test_matmul_empty (void)
{
  const gint64 s023[] = { 0, 2, 3 }, s34[] = { 3, 4 }, s024[] = { 0, 2, 4 };
  const gint64 s0[] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_ones (s023, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) b = gt_ones (s34, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) c = gt_tensor_matmul (a, b, &error);
  g_autoptr(GtTensor) e = gt_ones (s0, 1, GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) d = gt_tensor_matmul (e, e, &error);
  const gdouble zero[] = { 0 };

  g_assert_no_error (error);
  gt_test_assert_shape (c, s024, 3);
  g_assert_cmpuint (gt_tensor_get_ndim (d), ==, 0);
  gt_test_assert_values (d, zero, 1, 0.0);
}

static void
test_matmul_errors (void)
{
  const gint64 s3[] = { 3 }, s4[] = { 4 }, s45[] = { 4, 5 };
  const gint64 s223[] = { 2, 2, 3 }, s334[] = { 3, 3, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) scalar = gt_zeros (NULL, 0, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) v3 = gt_zeros (s3, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) v4 = gt_zeros (s4, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) v3d = gt_zeros (s3, 1, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) a = gt_zeros (s23, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) m45 = gt_zeros (s45, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) t223 = gt_zeros (s223, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) t334 = gt_zeros (s334, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) vb = gt_zeros (s3, 1, GT_DTYPE_BOOL, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (gt_tensor_matmul (scalar, v3, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_matmul");
  g_assert_null (gt_tensor_matmul (v3, scalar, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_matmul");

  g_assert_null (gt_tensor_matmul (a, m45, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_SHAPE);
  g_assert_nonnull (strstr (error->message, "gt_tensor_matmul: shapes [2, 3] and [4, 5] cannot be multiplied (2x3 and 4x5)"));
  g_clear_error (&error);

  g_assert_null (gt_tensor_matmul (v3, v4, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_matmul");
  g_assert_null (gt_tensor_matmul (a, v4, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_matmul");
  g_assert_null (gt_tensor_matmul (v3, m45, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_matmul");
  g_assert_null (gt_tensor_matmul (t223, v4, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_matmul");
  g_assert_null (gt_tensor_matmul (t223, t334, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_SHAPE);
  g_assert_nonnull (strstr (error->message, "gt_tensor_matmul"));
  g_assert_nonnull (strstr (error->message, "[2] and [3]"));
  g_clear_error (&error);

  g_assert_null (gt_tensor_matmul (v3, v3d, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_matmul");
  g_assert_null (gt_tensor_matmul (vb, vb, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_matmul");
  g_assert_null (gt_tensor_matmul (v3, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_matmul");
}

/* ---- bmm, mv, dot ---------------------------------------------------------- */

static void
test_bmm_errors (void)
{
  const gint64 s232[] = { 2, 3, 2 }, s332[] = { 3, 3, 2 }, s242[] = { 2, 4, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) m = gt_zeros (s23, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) a = gt_zeros (s232, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) b = gt_zeros (s332, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) c = gt_zeros (s242, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) d = gt_zeros (s232, 3, GT_DTYPE_INT32, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (gt_tensor_bmm (m, m, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_bmm");
  g_assert_null (gt_tensor_bmm (a, b, &error));   /* batch 2 and 3 */
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_bmm");
  g_assert_null (gt_tensor_bmm (a, c, &error));   /* inner 2 and 4 */
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_bmm");
  g_assert_null (gt_tensor_bmm (a, d, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_bmm");
}

static void
test_mv (void)
{
  const gdouble x[] = { 1, 0, 2, 0, 3, 0 };
  const gint64 s6[] = { 6 }, s3[] = { 3 }, st2[] = { 2 };
  const gdouble e[] = { 1 + 4 + 9, 4 + 10 + 18 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_test_new (a23, 6, s23, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) xb = gt_test_new (x, 6, s6, 1, GT_DTYPE_FLOAT64);
  /* A strided vector: every other element. */
  g_autoptr(GtTensor) v = gt_test_view (xb, 1, s3, st2, 0);
  g_autoptr(GtTensor) y = gt_tensor_mv (a, v, &error);
  g_autoptr(GtTensor) at = gt_test_transpose (a);
  g_autoptr(GtTensor) v2 = gt_test_new_1d (e, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) z = gt_tensor_mv (at, v2, &error);
  const gdouble ez[] = { 14 + 4 * 32, 2 * 14 + 5 * 32, 3 * 14 + 6 * 32 };
  g_autoptr(GtTensor) bad = gt_zeros (s6, 1, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) vf = gt_zeros (s3, 1, GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_no_error (error);
  gt_test_assert_values (y, e, 2, 0.0);
  gt_test_assert_values (z, ez, 3, 0.0);

  g_assert_null (gt_tensor_mv (a, bad, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_mv");
  g_assert_null (gt_tensor_mv (v, v, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_mv");
  g_assert_null (gt_tensor_mv (a, a, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_mv");
  g_assert_null (gt_tensor_mv (a, vf, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_mv");
}

static void
test_dot (void)
{
  const gdouble x[] = { 1, 2, 3 }, y[] = { -1, 0.5, 4 };
  const gdouble e[] = { 12 };
  const gint64 s2[] = { 2 }, s0[] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_test_new_1d (x, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = gt_test_new_1d (y, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) d = gt_tensor_dot (a, b, &error);
  g_autoptr(GtTensor) ai = gt_test_new_1d (x, 3, GT_DTYPE_INT64);
  g_autoptr(GtTensor) di = gt_tensor_dot (ai, ai, &error);
  const gint64 ei[] = { 14 };
  g_autoptr(GtTensor) e0 = gt_zeros (s0, 1, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) d0 = gt_tensor_dot (e0, e0, &error);
  const gdouble zero[] = { 0 };
  g_autoptr(GtTensor) m = gt_zeros (s23, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) v2 = gt_zeros (s2, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) scalar = gt_zeros (NULL, 0, GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (gt_tensor_get_ndim (d), ==, 0);
  gt_test_assert_values (d, e, 1, 0.0);
  gt_test_assert_int64s (di, ei, 1);
  g_assert_cmpuint (gt_tensor_get_ndim (d0), ==, 0);
  gt_test_assert_values (d0, zero, 1, 0.0);

  g_assert_null (gt_tensor_dot (m, a, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_dot");
  g_assert_null (gt_tensor_dot (scalar, scalar, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_dot");
  g_assert_null (gt_tensor_dot (a, v2, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_dot");
  g_assert_null (gt_tensor_dot (a, ai, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_dot");
}

/* ---- outer ------------------------------------------------------------------ */

static void
test_outer (void)
{
  const gdouble x[] = { 1, -2 }, y[] = { 3, 0.5, 4 };
  const gdouble e[] = { 3, 0.5, 4, -6, -1, -8 };
  const gint64 s23r[] = { 2, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_test_new_1d (x, 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) b = gt_test_new_1d (y, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) o = gt_tensor_outer (a, b, &error);
  const gdouble bx[] = { 1, 0 }, by[] = { 1, 1, 0 };
  const gdouble be[] = { 1, 1, 0, 0, 0, 0 };
  g_autoptr(GtTensor) ba = gt_test_new_1d (bx, 2, GT_DTYPE_BOOL);
  g_autoptr(GtTensor) bb = gt_test_new_1d (by, 3, GT_DTYPE_BOOL);
  g_autoptr(GtTensor) bo = gt_tensor_outer (ba, bb, &error);
  g_autoptr(GtTensor) ha = gt_test_new_1d (x, 2, GT_DTYPE_FLOAT16);
  g_autoptr(GtTensor) ho = gt_tensor_outer (ha, ha, &error);
  const gdouble he[] = { 1, -2, -2, 4 };
  g_autoptr(GtTensor) scalar = gt_zeros (NULL, 0, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) m = gt_zeros (s23, 2, GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_no_error (error);
  gt_test_assert_shape (o, s23r, 2);
  g_assert_cmpint (gt_tensor_get_dtype (o), ==, GT_DTYPE_FLOAT32);
  gt_test_assert_values (o, e, 6, 0.0);
  g_assert_cmpint (gt_tensor_get_dtype (bo), ==, GT_DTYPE_BOOL);
  gt_test_assert_values (bo, be, 6, 0.0);
  g_assert_cmpint (gt_tensor_get_dtype (ho), ==, GT_DTYPE_FLOAT16);
  gt_test_assert_values (ho, he, 4, 0.0);

  g_assert_null (gt_tensor_outer (scalar, a, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_outer");
  g_assert_null (gt_tensor_outer (a, m, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_outer");
}

/* ---- addmm ------------------------------------------------------------------ */

static void
test_addmm (void)
{
  const gdouble s[] = { 1, 2, 3, 4 }, row[] = { 10, 20 };
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (float_dtypes); i++)
    {
      GtDType dtype = float_dtypes[i];
      g_autoptr(GtTensor) self = gt_test_new (s, 4, s22, 2, dtype);
      g_autoptr(GtTensor) a = gt_test_new (a23, 6, s23, 2, dtype);
      g_autoptr(GtTensor) b = gt_test_new (b32, 6, s32, 2, dtype);
      g_autoptr(GtTensor) r = gt_tensor_addmm (self, a, b, 2.0, 0.5, &error);
      const gdouble e[] = { 2 + 29, 4 + 32, 6 + 69.5, 8 + 77 };
      g_autoptr(GtTensor) bias = gt_test_new_1d (row, 2, dtype);
      g_autoptr(GtTensor) rb = gt_tensor_addmm (bias, a, b, 1.0, 1.0, &error);
      const gdouble eb[] = { 68, 84, 149, 174 };
      g_autoptr(GtTensor) sc = gt_full (NULL, 0, 5.0, dtype, NULL, &error);
      g_autoptr(GtTensor) rs = gt_tensor_addmm (sc, a, b, -1.0, 1.0, &error);
      const gdouble es[] = { 53, 59, 134, 149 };
      g_autoptr(GtTensor) nan = gt_full (s22, 2, NAN, dtype, NULL, &error);
      g_autoptr(GtTensor) rn = gt_tensor_addmm (nan, a, b, 0.0, 1.0, &error);
      g_autoptr(GtTensor) at = gt_test_transpose (b);
      g_autoptr(GtTensor) bt = gt_test_transpose (a);
      g_autoptr(GtTensor) rt = gt_tensor_addmm (self, at, bt, 1.0, 1.0, &error);
      /* b^T a^T = (a b)^T */
      const gdouble et[] = { 1 + 58, 2 + 139, 3 + 64, 4 + 154 };

      g_assert_no_error (error);
      gt_test_assert_values (r, e, 4, 0.0);
      gt_test_assert_values (rb, eb, 4, 0.0);
      gt_test_assert_values (rs, es, 4, 0.0);
      gt_test_assert_values (rn, ab, 4, 0.0);
      gt_test_assert_values (rt, et, 4, 0.0);
    }
}

static void
test_addmm_integer (void)
{
  const gdouble ones[] = { 1, 1, 1, 1, 1, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) self = gt_test_new (ones, 4, s22, 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) a = gt_test_new (ones, 6, s23, 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) b = gt_test_new (ones, 6, s32, 2, GT_DTYPE_INT64);
  /* torch truncates: alpha 2.7 → 2, beta 0.5 → 0, beta -1.5 → -1 */
  g_autoptr(GtTensor) r1 = gt_tensor_addmm (self, a, b, 0.5, 2.7, &error);
  g_autoptr(GtTensor) r2 = gt_tensor_addmm (self, a, b, -1.5, 3.0, &error);
  const gint64 e1[] = { 6, 6, 6, 6 }, e2[] = { 8, 8, 8, 8 };
  const gint64 s20[] = { 2, 0 }, s02[] = { 0, 2 };
  g_autoptr(GtTensor) k0a = gt_zeros (s20, 2, GT_DTYPE_INT32, NULL, &error);
  g_autoptr(GtTensor) k0b = gt_zeros (s02, 2, GT_DTYPE_INT32, NULL, &error);
  g_autoptr(GtTensor) self32 = gt_test_new (ones, 4, s22, 2, GT_DTYPE_INT32);
  g_autoptr(GtTensor) r3 = gt_tensor_addmm (self32, k0a, k0b, 3.0, 1.0, &error);
  const gint64 e3[] = { 3, 3, 3, 3 };

  g_assert_no_error (error);
  gt_test_assert_int64s (r1, e1, 4);
  gt_test_assert_int64s (r2, e2, 4);
  gt_test_assert_int64s (r3, e3, 4);

  g_assert_null (gt_tensor_addmm (self, a, b, 1.0, NAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_addmm");
  g_assert_null (gt_tensor_addmm (self, a, b, 1e19, 1.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_addmm");
}

static void
test_addmm_errors (void)
{
  const gint64 s3[] = { 3 }, s42[] = { 4, 2 }, s222[] = { 2, 2, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) self = gt_zeros (s22, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) self64 = gt_zeros (s22, 2, GT_DTYPE_FLOAT64, NULL, &error);
  g_autoptr(GtTensor) self3 = gt_zeros (s3, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) self222 = gt_zeros (s222, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) a = gt_zeros (s23, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) b = gt_zeros (s32, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) b42 = gt_zeros (s42, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) v = gt_zeros (s3, 1, GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (gt_tensor_addmm (self, v, b, 1.0, 1.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_addmm");
  g_assert_null (gt_tensor_addmm (self, a, b42, 1.0, 1.0, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_SHAPE);
  g_assert_nonnull (strstr (error->message, "(2x3 and 4x2)"));
  g_clear_error (&error);
  g_assert_null (gt_tensor_addmm (self3, a, b, 1.0, 1.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_addmm");
  g_assert_null (gt_tensor_addmm (self222, a, b, 1.0, 1.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_tensor_addmm");
  g_assert_null (gt_tensor_addmm (self64, a, b, 1.0, 1.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_addmm");
  g_assert_null (gt_tensor_addmm (self, NULL, b, 1.0, 1.0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_addmm");
}

/* ---- threads and the memory cache -------------------------------------------- */

static gpointer
set_one_thread (gpointer user_data)
{
  return GINT_TO_POINTER (gt_set_num_threads (1, NULL));
}

static void
test_threads (void)
{
  g_autoptr(GError) error = NULL;
  gint before = gt_get_num_threads ();

  g_assert_cmpint (before, >=, 1);
  g_assert_true (gt_set_num_threads (1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gt_get_num_threads (), ==, 1);
  g_assert_true (gt_set_num_threads (3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gt_get_num_threads (), ==, 3);
  g_assert_true (gt_set_num_threads (before, NULL));
  g_assert_cmpint (gt_get_num_threads (), ==, before);

  /* The setting is process-wide, whichever thread makes it. */
  g_assert_true (g_thread_join (g_thread_new ("set", set_one_thread, NULL)));
  g_assert_cmpint (gt_get_num_threads (), ==, 1);
  g_assert_true (gt_set_num_threads (before, NULL));

  /* A count that is not positive is bad data, as torch's RuntimeError:
   * a GError, and the setting is left as it was. */
  for (gint n = 0; n >= -4; n -= 4)
    {
      g_autofree char *got = g_strdup_printf ("got %d", n);

      g_assert_false (gt_set_num_threads (n, &error));
      g_assert_error (error, GT_ERROR, GT_ERROR_VALUE);
      g_assert_nonnull (strstr (error->message, "gt_set_num_threads: number "
                                "of threads must be positive"));
      g_assert_nonnull (strstr (error->message, got));
      g_clear_error (&error);
      g_assert_cmpint (gt_get_num_threads (), ==, before);
    }
}

static void
test_memory_cache (void)
{
  const gint64 big[] = { 256, 1024 };     /* 1 MiB of float32 */
  const gint64 small[] = { 16 };
  g_autoptr(GError) error = NULL;
  GtTensor *t;
  gpointer data;
  guint64 cached;

  if (g_getenv ("GT_CPU_CACHE_LIMIT") != NULL)
    {
      g_test_skip ("GT_CPU_CACHE_LIMIT is set");
      return;
    }
  gt_empty_cache ();
  g_assert_cmpuint (gt_cpu_memory_cached (), ==, 0);

  t = gt_empty (big, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
  data = gt_tensor_data (t);
  g_object_unref (t);
  cached = gt_cpu_memory_cached ();
  g_assert_cmpuint (cached, >=, 1 << 20);
  g_assert_cmpuint (cached, <, (1 << 20) + (1 << 19));

  /* The next allocation of that size class reuses the block. */
  t = gt_zeros (big, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gt_tensor_data (t) == data);
  g_assert_cmpuint (gt_cpu_memory_cached (), ==, 0);
  gt_test_assert_all (t, 0.0);
  g_object_unref (t);
  cached = gt_cpu_memory_cached ();
  g_assert_cmpuint (cached, >=, 1 << 20);

  /* A tensor of at most 128 bytes shares one 256-byte block with its
   * storage header; a dropped one keeps it while the tensor object waits
   * in the thread's cache of dropped tensors, for the next small result.
   * gt_empty_cache () frees both. */
  t = gt_ones (small, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
  data = gt_tensor_data (t);
  g_object_unref (t);
  g_assert_cmpuint (gt_cpu_memory_cached (), ==, cached);
  t = gt_zeros (small, 1, GT_DTYPE_INT32, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gt_tensor_data (t) == data);
  g_object_unref (t);

  gt_empty_cache ();
  g_assert_cmpuint (gt_cpu_memory_cached (), ==, 0);
}

/* Many threads allocating and freeing through the cache at once. */
static gpointer
alloc_worker (gpointer user_data)
{
  for (gint i = 0; i < 200; i++)
    {
      gint64 shape[] = { 16384 + 4096 * (i % 5) };
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) t = gt_full (shape, 1, (gdouble) i, GT_DTYPE_FLOAT32, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpfloat (((gfloat *) gt_tensor_data (t))[shape[0] - 1], ==, (gfloat) i);
      g_assert_cmpuint (GPOINTER_TO_SIZE (gt_tensor_data (t)) % 64, ==, 0);
    }
  return NULL;
}

/* Blocks of 2 MiB and more start on a 2 MiB boundary, so that the huge
 * pages they ask for can back them from their first byte; smaller ones
 * keep the 64-byte alignment of the kernels. */
static void
test_memory_huge_alignment (void)
{
  g_autoptr(GError) error = NULL;
  const gint64 big[] = { 1 << 20 };         /* 4 MiB of float32 */
  const gint64 small[] = { 1000 };
  g_autoptr(GtTensor) b = gt_ones (big, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) s = gt_ones (small, 1, GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_no_error (error);
  if (g_strcmp0 (g_getenv ("GT_CPU_HUGE_PAGES"), "0") != 0)
    g_assert_cmpuint ((guintptr) gt_tensor_data (b) % (2 << 20), ==, 0);
  g_assert_cmpuint ((guintptr) gt_tensor_data (s) % 64, ==, 0);
  gt_test_assert_all (b, 1.0);
}

static void
test_memory_cache_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("alloc", alloc_worker, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  if (g_getenv ("GT_CPU_CACHE_LIMIT") == NULL)
    g_assert_cmpuint (gt_cpu_memory_cached (), >, 0);
  gt_empty_cache ();
  g_assert_cmpuint (gt_cpu_memory_cached (), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ops/linalg/mm/basic", test_mm_basic);
  g_test_add_func ("/ops/linalg/mm/uint8-wraps", test_mm_uint8_wraps);
  g_test_add_func ("/ops/linalg/mm/int64-exact", test_mm_int64_exact);
  g_test_add_func ("/ops/linalg/mm/transposed", test_mm_transposed);
  g_test_add_func ("/ops/linalg/mm/strided", test_mm_strided);
  g_test_add_func ("/ops/linalg/mm/empty", test_mm_empty);
  g_test_add_func ("/ops/linalg/mm/errors", test_mm_errors);
  g_test_add_func ("/ops/linalg/matmul/vectors", test_matmul_vector_cases);
  g_test_add_func ("/ops/linalg/matmul/batched", test_matmul_batched);
  g_test_add_func ("/ops/linalg/matmul/nd-vector", test_matmul_nd_vector);
  g_test_add_func ("/ops/linalg/matmul/expanded-transposed-batch",
                   test_matmul_expanded_and_transposed_batch);
  g_test_add_func ("/ops/linalg/matmul/larger", test_matmul_larger);
  g_test_add_func ("/ops/linalg/matmul/empty", test_matmul_empty);
  g_test_add_func ("/ops/linalg/matmul/errors", test_matmul_errors);
  g_test_add_func ("/ops/linalg/bmm/errors", test_bmm_errors);
  g_test_add_func ("/ops/linalg/mv", test_mv);
  g_test_add_func ("/ops/linalg/dot", test_dot);
  g_test_add_func ("/ops/linalg/outer", test_outer);
  g_test_add_func ("/ops/linalg/addmm", test_addmm);
  g_test_add_func ("/ops/linalg/addmm/integer", test_addmm_integer);
  g_test_add_func ("/ops/linalg/addmm/errors", test_addmm_errors);
  g_test_add_func ("/threads/num-threads", test_threads);
  g_test_add_func ("/memory/cache", test_memory_cache);
  g_test_add_func ("/memory/cache/threads", test_memory_cache_threads);
  g_test_add_func ("/memory/huge-alignment", test_memory_huge_alignment);

  return g_test_run ();
}
