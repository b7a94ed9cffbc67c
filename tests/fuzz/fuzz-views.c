/* libFuzzer target for the shape and view operations with arbitrary
 * arguments. The input is decoded as
 *
 *   byte 0      the start: a dtype (byte % 4 of float32, float64, int64,
 *               bool) and a shape of arange(24) (byte / 4 % 8), or of an
 *               empty tensor
 *   then        up to 32 operations: one byte picks the operation, the
 *               next bytes its arguments (dims as signed bytes, sizes as
 *               in fuzz-from-bytes.c: small, -1, negative or huge)
 *
 * Every operation either succeeds, and then the result's element count is
 * the product of its shape and it reads back (gt_tensor_to_doubles, and
 * gt_tensor_contiguous gives the same values), or fails with a GT_ERROR
 * whose valid UTF-8 message names a function. Never a crash. A result
 * with more than 2^14 elements (expand makes big ones cheaply; reading
 * millions of elements per operation made a run 50 times slower) is checked but
 * not read, and the chain goes on from the previous tensor; unbind, chunk
 * and split are skipped where they could make between 4097 pieces and as
 * many as memory could hold (millions of views only take time and
 * memory); beyond that they must fail with GT_ERROR_OUT_OF_MEMORY.
 *
 * tests/fuzz/replay.c runs this function over corpus-views without
 * libFuzzer, so CI exercises it with any compiler. */

#include <unistd.h>

#include "fuzz-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define MAX_OPS 32
#define MAX_READ (G_GINT64_CONSTANT (1) << 14)

/* Mostly small dims (-4..4 hit the valid range of a small tensor), some
 * far out of range. */
static gint
read_dim (Reader *r)
{
  gint8 b = (gint8) read_byte (r);

  if (b == G_MININT8)
    return G_MININT;
  if (b == G_MAXINT8)
    return G_MAXINT;
  return b % 16 == b ? b : b % 6;
}

static gint64
read_size (Reader *r)
{
  guint8 b = read_byte (r);

  if (b < 0xf0)
    return b % 25;
  switch (b)
    {
    case 0xf0: case 0xf1: case 0xf2:
      return -1;
    case 0xf3:
      return -2;
    case 0xf4:
      return G_MAXINT64;
    case 0xf5:
      return G_MININT64;
    case 0xf6:
      return G_GINT64_CONSTANT (1) << 32;
    case 0xf7:
      return G_GINT64_CONSTANT (1) << 62;
    case 0xf8:
      return G_MAXINT;
    case 0xf9:
      return read_raw_int64 (r);
    default:
      return -(gint64) read_byte (r);
    }
}

static gsize
read_sizes (Reader *r,
            gint64 *sizes)
{
  gsize n = read_byte (r) % 10;

  for (gsize i = 0; i < n; i++)
    sizes[i] = read_size (r);
  return n;
}

/* Checks a successful result; returns whether the chain may go on with it. */
static gboolean
check_result (GtTensor *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) c = NULL;
  g_autofree gdouble *a = NULL;
  g_autofree gdouble *b = NULL;
  const gint64 *shape;
  gsize ndim, na, nb;
  guint64 numel = 1;
  gboolean zero = FALSE;

  shape = gt_tensor_get_shape (t, &ndim);
  g_assert_cmpuint (ndim, <=, 8);
  for (gsize i = 0; i < ndim; i++)
    {
      g_assert_cmpint (shape[i], >=, 0);
      zero = zero || shape[i] == 0;
    }
  for (gsize i = 0; i < ndim && !zero; i++)
    g_assert_true (g_uint64_checked_mul (&numel, numel, (guint64) shape[i]));
  if (zero)
    numel = 0;
  g_assert_cmpuint (numel, ==, (guint64) gt_tensor_get_numel (t));
  if (gt_tensor_get_numel (t) > MAX_READ)
    return FALSE;

  a = gt_tensor_to_doubles (t, &na, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (na, ==, numel);
  c = gt_tensor_contiguous (t, &error);
  g_assert_no_error (error);
  g_assert_true (gt_tensor_is_contiguous (c));
  b = gt_tensor_to_doubles (c, &nb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nb, ==, na);
  if (na > 0)
    g_assert_cmpmem (a, na * sizeof (gdouble), b, nb * sizeof (gdouble));
  return TRUE;
}

/* The first piece of a split, or @self again when there is none (unbind
 * of an empty dim). */
static GtTensor *
take_first (GtTensor  *self,
            GPtrArray *list)
{
  GtTensor *t;

  if (list == NULL)
    return NULL;
  t = g_object_ref (list->len > 0 ? g_ptr_array_index (list, 0) : self);
  for (guint i = 0; i < list->len; i++)
    check_result (g_ptr_array_index (list, i));
  g_ptr_array_unref (list);
  return t;
}

/* The size of @t along @dim, or -1 where @dim is out of range (then the
 * operation fails before cutting anything). */
static gint64
dim_size (GtTensor *t,
          gint      dim)
{
  gsize ndim;
  const gint64 *shape = gt_tensor_get_shape (t, &ndim);

  if (dim < -(gint) ndim || dim >= (gint) ndim)
    return -1;
  return shape[dim < 0 ? dim + (gint) ndim : dim];
}

/* Whether a split into at most @n pieces is worth running: a few
 * thousand pieces are cheap; more than a list holds, or views that need
 * more than the machine's memory (at least 128 bytes each), must fail
 * cleanly with GT_ERROR_OUT_OF_MEMORY; the millions between would only
 * take time and memory. */
static gboolean
few_pieces (gint64 n)
{
  static guint64 limit = 0;

  if (limit == 0)
    {
      long pages = sysconf (_SC_PHYS_PAGES), page = sysconf (_SC_PAGESIZE);

      limit = pages > 0 && page > 0 ? (guint64) pages * (guint64) page / 128
                                    : G_MAXUINT;
      limit = MIN (limit, G_MAXUINT);
    }
  return n <= 4096 || (guint64) n > limit;
}

static GtTensor *
apply (GtTensor *t,
       Reader   *r,
       GError  **error)
{
  gint64 sizes[10];
  gint dims[10];
  gsize n;
  gint d0, d1;
  gint64 a, b;

  switch (read_byte (r) % 22)
    {
    case 0:
      n = read_sizes (r, sizes);
      return gt_tensor_reshape (t, sizes, n, error);
    case 1:
      n = read_sizes (r, sizes);
      return gt_tensor_view (t, sizes, n, error);
    case 2:
      n = read_byte (r) % 10;
      for (gsize i = 0; i < n; i++)
        dims[i] = read_dim (r);
      return gt_tensor_permute (t, dims, n, error);
    case 3:
      d0 = read_dim (r);
      d1 = read_dim (r);
      return gt_tensor_transpose (t, d0, d1, error);
    case 4:
      d0 = read_dim (r);
      a = (gint64) ((guint64) read_size (r) - 4);  /* wraps, no UB */
      b = read_size (r);
      return gt_tensor_narrow (t, d0, a, b, error);
    case 5:
      d0 = read_dim (r);
      a = (gint64) ((guint64) read_size (r) - 4);  /* wraps, no UB */
      return gt_tensor_select (t, d0, a, error);
    case 6:
      {
        gint64 step;

        d0 = read_dim (r);
        a = (gint64) ((guint64) read_size (r) - 4);  /* wraps, no UB */
        b = (gint64) ((guint64) read_size (r) - 4);  /* wraps, no UB */
        step = read_size (r);
        return gt_tensor_slice (t, d0, a, b, step, error);
      }
    case 7:
      return gt_tensor_squeeze (t, error);
    case 8:
      return gt_tensor_squeeze_dim (t, read_dim (r), error);
    case 9:
      return gt_tensor_unsqueeze (t, read_dim (r), error);
    case 10:
      n = read_sizes (r, sizes);
      return gt_tensor_expand (t, sizes, n, error);
    case 11:
      n = read_sizes (r, sizes);
      return gt_tensor_broadcast_to (t, sizes, n, error);
    case 12:
      d0 = read_dim (r);
      d1 = read_dim (r);
      return gt_tensor_flatten (t, d0, d1, error);
    case 13:
      d0 = read_dim (r);
      n = read_sizes (r, sizes);
      return gt_tensor_unflatten (t, d0, sizes, n, error);
    case 14:
      return gt_tensor_t (t, error);
    case 15:
      return gt_tensor_mt (t, error);
    case 16:
      return gt_tensor_contiguous (t, error);
    case 17:
      d0 = read_dim (r);
      if (!few_pieces (dim_size (t, d0)))
        return g_object_ref (t);
      return take_first (t, gt_tensor_unbind (t, d0, error));
    case 18:
      a = read_size (r);
      d0 = read_dim (r);
      b = dim_size (t, d0);
      if (!few_pieces (b == 0 ? a : MIN (a, b)))
        return g_object_ref (t);
      return take_first (t, gt_tensor_chunk (t, a, d0, error));
    case 19:
      a = read_size (r);
      d0 = read_dim (r);
      b = dim_size (t, d0);
      if (a > 0 && b > 0 && !few_pieces ((b - 1) / a + 1))
        return g_object_ref (t);
      return take_first (t, gt_tensor_split (t, a, d0, error));
    case 20:
      n = read_sizes (r, sizes);
      return take_first (t, gt_tensor_split_sizes (t, sizes, n, read_dim (r),
                                                   error));
    default:
      n = read_byte (r) % 10;
      for (gsize i = 0; i < n; i++)
        dims[i] = read_dim (r);
      return gt_tensor_flip (t, dims, n, error);
    }
}

static const struct {
  gint64 numel;
  gsize  ndim;
  gint64 shape[6];
} starts[] = {
  { 24, 1, { 24 } },
  { 24, 3, { 2, 3, 4 } },
  { 24, 2, { 4, 6 } },
  { 24, 6, { 1, 2, 1, 3, 4, 1 } },
  { 24, 4, { 2, 2, 2, 3 } },
  { 24, 0, { 0 } }, /* replaced below by a 0-d tensor */
  { 0, 2, { 0, 3 } },
  { 0, 3, { 2, 0, 1 } },
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const GtDType dtypes[] = { GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64,
                                    GT_DTYPE_INT64, GT_DTYPE_BOOL };
  Reader r = { data, size };
  guint8 b = read_byte (&r);
  guint s = (b / 4) % G_N_ELEMENTS (starts);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) base = NULL;
  g_autoptr(GtTensor) t = NULL;

  base = gt_arange (0, s == 5 ? 1 : (gdouble) starts[s].numel, 1,
                    dtypes[b % 4] == GT_DTYPE_BOOL ? GT_DTYPE_INT64
                                                   : dtypes[b % 4],
                    NULL, &error);
  g_assert_no_error (error);
  if (dtypes[b % 4] == GT_DTYPE_BOOL)
    {
      GtTensor *x = gt_tensor_to_dtype (base, GT_DTYPE_BOOL, &error);
      g_assert_no_error (error);
      g_object_unref (base);
      base = x;
    }
  t = gt_tensor_reshape (base, starts[s].shape, starts[s].ndim, &error);
  g_assert_no_error (error);
  g_assert_true (check_result (t));

  for (int op = 0; op < MAX_OPS && r.n > 0; op++)
    {
      g_autoptr(GtTensor) next = apply (t, &r, &error);

      if (next == NULL)
        {
          check_error_prefix (error, "gt_");
          g_clear_error (&error);
          continue;
        }
      g_assert_no_error (error);
      if (check_result (next))
        g_set_object (&t, next);
    }
  return 0;
}
