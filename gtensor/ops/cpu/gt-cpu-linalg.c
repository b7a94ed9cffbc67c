#include "config.h"

#include <cblas.h>
#include <omp.h>
#include <string.h>

#include "gt-cpu-backend-private.h"
#include "gt-cpu-convert-private.h"
#include "gt-error.h"
#include "gt-threads.h"

/*
 * Matrix products: out[..., M, N] = beta * out + alpha * a[..., M, K] @ b.
 *
 * float32 and float64 go to OpenBLAS. A matrix whose elements are laid out
 * row by row or column by column (a transposed contiguous tensor, a slice
 * of rows) is handed over as it is, with CblasTrans and its own leading
 * dimension; only a matrix strided in both directions is copied first.
 * float16 and bfloat16 compute in float32. Integer dtypes and bool use a
 * row kernel that accumulates in (wrapping) 64-bit integers, which gives
 * the same result modulo 2^bits as torch's arithmetic in the narrow type.
 */

/* OpenBLAS 0.3.21 runs a product on one thread when M*N*K is at most
 * SMP_THRESHOLD_MIN * GEMM_MULTITHREAD_THRESHOLD = 65536 * 4
 * (interface/gemm.c). Batches of such small products are spread over our
 * OpenMP threads instead; larger ones go one after the other and OpenBLAS
 * threads each of them. */
#define BLAS_SINGLE_THREAD_WORK 262144.0
/* The same for gemv: M*K below 2304 * 4 (interface/gemv.c). */
#define BLAS_SINGLE_THREAD_GEMV 9216.0

/* Multiply-adds below which the integer kernel stays on one thread. */
#define INT_GRAIN 65536.0

/* How the elements of one matrix lie in memory, for BLAS: element (r, c)
 * is at r * ld + c (row-major) or r + c * ld (column-major). */
typedef struct {
  gboolean col_major;
  gint64   ld;
} Layout;

/* The geometry shared by all matrices of one operand. */
typedef struct {
  guint8       *data;          /* the first matrix */
  gint64        rows;
  gint64        cols;
  gint64        sr;            /* element strides inside a matrix */
  gint64        sc;
  const gint64 *batch_strides; /* element strides of the batch dims */
  gsize         esize;
} Operand;

typedef struct {
  Operand       out, a, b;
  guint         nb;            /* number of batch dims */
  const gint64 *batch_sizes;
  gint64        batch;         /* product of batch_sizes */
  gint64        M, N, K;
} Problem;

static void
operand_init (Operand  *op,
              GtTensor *t,
              guint     nb)
{
  op->data = gt_tensor_data (t);
  op->rows = t->sizes[nb];
  op->cols = t->sizes[nb + 1];
  op->sr = t->strides[nb];
  op->sc = t->strides[nb + 1];
  op->batch_strides = t->strides;
  op->esize = gt_dtype_get_element_size (t->dtype);
}

/* The first element of matrix @index of the batch. */
static guint8 *
operand_matrix (const Operand *op,
                const Problem *p,
                gint64         index)
{
  gint64 offset = 0;

  for (gint d = (gint) p->nb - 1; d >= 0 && index > 0; d--)
    {
      offset += (index % p->batch_sizes[d]) * op->batch_strides[d];
      index /= p->batch_sizes[d];
    }
  return op->data + offset * (gint64) op->esize;
}

/* Whether BLAS can read the matrix in place; sizes of 1 leave their stride
 * free, as do the strides BLAS never follows. */
static gboolean
blas_layout (const Operand *op,
             Layout        *layout)
{
  gint64 rows = op->rows, cols = op->cols;

  if (cols == 1 || op->sc == 1)
    {
      gint64 ld = rows == 1 ? MAX (cols, 1) : op->sr;

      if (ld >= MAX (cols, 1) && ld <= G_MAXINT)
        {
          layout->col_major = FALSE;
          layout->ld = ld;
          return TRUE;
        }
    }
  if (rows == 1 || op->sr == 1)
    {
      gint64 ld = cols == 1 ? MAX (rows, 1) : op->sc;

      if (ld >= MAX (rows, 1) && ld <= G_MAXINT)
        {
          layout->col_major = TRUE;
          layout->ld = ld;
          return TRUE;
        }
    }
  return FALSE;
}

/* Copies a strided matrix to or from a row-major buffer. */
static void
copy_matrix (guint8       *dst,
             gint64        dst_sr,
             gint64        dst_sc,
             const guint8 *src,
             gint64        src_sr,
             gint64        src_sc,
             gint64        rows,
             gint64        cols,
             gsize         esize)
{
  for (gint64 r = 0; r < rows; r++)
    for (gint64 c = 0; c < cols; c++)
      memcpy (dst + (r * dst_sr + c * dst_sc) * (gint64) esize,
              src + (r * src_sr + c * src_sc) * (gint64) esize, esize);
}

/* ---- float32 / float64 through OpenBLAS ---------------------------------- */

/* What stays the same for every matrix of the batch. */
typedef struct {
  Layout   la, lb, lc;
  gboolean copy_a, copy_b, copy_c;
  gboolean use_gemv;
  gint64   incx, incy;
} BlasPlan;

static void
blas_plan (const Problem *p,
           BlasPlan      *plan)
{
  memset (plan, 0, sizeof *plan);
  plan->copy_a = !blas_layout (&p->a, &plan->la);
  plan->copy_b = !blas_layout (&p->b, &plan->lb);
  plan->copy_c = !blas_layout (&p->out, &plan->lc);
  if (plan->copy_a)
    plan->la = (Layout) { FALSE, MAX (p->K, 1) };
  if (plan->copy_b)
    plan->lb = (Layout) { FALSE, MAX (p->N, 1) };
  if (plan->copy_c)
    plan->lc = (Layout) { FALSE, MAX (p->N, 1) };

  /* A matrix times one column: gemv skips gemm's packing. BLAS wants
   * nonzero increments. */
  if (p->N == 1)
    {
      plan->incx = p->K == 1 ? 1 : p->b.sr;
      plan->incy = p->M == 1 ? 1 : (plan->copy_c ? 1 : p->out.sr);
      plan->use_gemv = plan->incx >= 1 && plan->incx <= G_MAXINT &&
                       plan->incy >= 1 && plan->incy <= G_MAXINT;
    }
}

/* Scratch for the matrices that must be copied; one set per thread. */
typedef struct {
  guint8 *a, *b, *c;
} Scratch;

static gboolean
scratch_init (Scratch        *s,
              const Problem  *p,
              const BlasPlan *plan,
              gsize           esize)
{
  memset (s, 0, sizeof *s);
  if (plan->copy_a)
    s->a = g_try_malloc (MAX (p->M * p->K, 1) * esize);
  if (plan->copy_b && !plan->use_gemv)
    s->b = g_try_malloc (MAX (p->K * p->N, 1) * esize);
  if (plan->copy_c)
    s->c = g_try_malloc (MAX (p->M * p->N, 1) * esize);
  return (!plan->copy_a || s->a) && (!plan->copy_b || plan->use_gemv || s->b) &&
         (!plan->copy_c || s->c);
}

static void
scratch_clear (Scratch *s)
{
  g_free (s->a);
  g_free (s->b);
  g_free (s->c);
}

#define DEFINE_BLAS_PRODUCT(T, P)                                            \
  static void                                                                \
  blas_product_##T (const Problem  *p,                                       \
                    const BlasPlan *plan,                                    \
                    Scratch        *s,                                       \
                    gint64          index,                                   \
                    T               alpha,                                   \
                    T               beta)                                    \
  {                                                                          \
    const T *a = (const T *) operand_matrix (&p->a, p, index);               \
    const T *b = (const T *) operand_matrix (&p->b, p, index);               \
    T *c = (T *) operand_matrix (&p->out, p, index);                         \
    T *cc = c;                                                               \
    gsize es = sizeof (T);                                                   \
                                                                             \
    if (plan->copy_a)                                                        \
      {                                                                      \
        copy_matrix (s->a, p->K, 1, (const guint8 *) a, p->a.sr, p->a.sc,    \
                     p->M, p->K, es);                                        \
        a = (const T *) s->a;                                                \
      }                                                                      \
    if (plan->copy_c)                                                        \
      {                                                                      \
        if (beta != 0)                                                       \
          copy_matrix (s->c, p->N, 1, (const guint8 *) c, p->out.sr,         \
                       p->out.sc, p->M, p->N, es);                           \
        cc = (T *) s->c;                                                     \
      }                                                                      \
                                                                             \
    if (plan->use_gemv)                                                      \
      {                                                                      \
        /* BLAS may scale y by a zero beta instead of ignoring it, and y   \
         * is uninitialised memory then. */                                  \
        if (beta == 0)                                                       \
          for (gint64 i = 0; i < p->M; i++)                                  \
            cc[i * plan->incy] = 0;                                          \
        cblas_##P##gemv (plan->la.col_major ? CblasColMajor : CblasRowMajor, \
                         CblasNoTrans, (blasint) p->M, (blasint) p->K,       \
                         alpha, a, (blasint) plan->la.ld, b,                 \
                         (blasint) plan->incx, beta, cc,                     \
                         (blasint) plan->incy);                              \
      }                                                                      \
    else                                                                     \
      {                                                                      \
        gboolean col = plan->lc.col_major;                                   \
                                                                             \
        if (plan->copy_b)                                                    \
          {                                                                  \
            copy_matrix (s->b, p->N, 1, (const guint8 *) b, p->b.sr,         \
                         p->b.sc, p->K, p->N, es);                           \
            b = (const T *) s->b;                                            \
          }                                                                  \
        cblas_##P##gemm (col ? CblasColMajor : CblasRowMajor,                \
                         plan->la.col_major != col ? CblasTrans : CblasNoTrans, \
                         plan->lb.col_major != col ? CblasTrans : CblasNoTrans, \
                         (blasint) p->M, (blasint) p->N, (blasint) p->K,     \
                         alpha, a, (blasint) plan->la.ld,                    \
                         b, (blasint) plan->lb.ld,                           \
                         beta, cc, (blasint) plan->lc.ld);                   \
      }                                                                      \
                                                                             \
    if (plan->copy_c)                                                        \
      copy_matrix ((guint8 *) c, p->out.sr, p->out.sc, s->c, p->N, 1,        \
                   p->M, p->N, es);                                          \
  }

DEFINE_BLAS_PRODUCT (gfloat, s)
DEFINE_BLAS_PRODUCT (gdouble, d)

/* Matrices [begin, end) of the batch, with scratch of their own. */
static gboolean
blas_range (const Problem  *p,
            const BlasPlan *plan,
            gboolean        is_float,
            gdouble         alpha,
            gdouble         beta,
            gint64          begin,
            gint64          end)
{
  Scratch s;
  gboolean ok = scratch_init (&s, p, plan, is_float ? sizeof (gfloat) : sizeof (gdouble));

  for (gint64 i = begin; ok && i < end; i++)
    {
      if (is_float)
        blas_product_gfloat (p, plan, &s, i, (gfloat) alpha, (gfloat) beta);
      else
        blas_product_gdouble (p, plan, &s, i, alpha, beta);
    }
  scratch_clear (&s);
  return ok;
}

static gboolean
blas_gemm (const Problem  *p,
           GtDType         dtype,
           gdouble         alpha,
           gdouble         beta,
           GError        **error)
{
  BlasPlan plan;
  gboolean is_float = dtype == GT_DTYPE_FLOAT32;
  gsize esize = is_float ? sizeof (gfloat) : sizeof (gdouble);
  gdouble work;
  gint failed = 0;

  if (p->M > G_MAXINT || p->N > G_MAXINT || p->K > G_MAXINT)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
                   "gemm: a %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT " by %"
                   G_GINT64_FORMAT "x%" G_GINT64_FORMAT " product exceeds "
                   "BLAS's 32-bit sizes", p->M, p->K, p->K, p->N);
      return FALSE;
    }

  blas_plan (p, &plan);
  work = (gdouble) p->M * (gdouble) p->N * (gdouble) p->K;
  /* Small products each on one OpenBLAS thread, spread over ours, when the
   * whole batch is worth waking a team for. */
  if (p->batch > 1 && gt_get_num_threads () > 1 &&
      work * (gdouble) p->batch > BLAS_SINGLE_THREAD_WORK &&
      (plan.use_gemv ? (gdouble) p->M * (gdouble) p->K <= BLAS_SINGLE_THREAD_GEMV
                     : work <= BLAS_SINGLE_THREAD_WORK))
    {
#pragma omp parallel num_threads (gt_get_num_threads ())
      {
        gint64 nth = omp_get_num_threads (), ith = omp_get_thread_num ();
        gint64 chunk = (p->batch + nth - 1) / nth;
        gint64 begin = MIN (ith * chunk, p->batch);

        if (!blas_range (p, &plan, is_float, alpha, beta, begin,
                         MIN (begin + chunk, p->batch)))
          g_atomic_int_set (&failed, 1);
      }
    }
  else if (!blas_range (p, &plan, is_float, alpha, beta, 0, p->batch))
    failed = 1;

  if (failed)
    return gt_cpu_alloc_failed (MAX (p->M, 1) * MAX (p->K, p->N) * esize, error);
  return TRUE;
}

/* ---- integers and bool ---------------------------------------------------- */

/* One output row: acc[j] = sum_k a[i, k] * b[k, j] in wrapping 64-bit
 * arithmetic (unsigned, so that overflow is defined). */
#define DEFINE_INT_ROW(D, ctype, ltype)                                      \
  static void                                                                \
  int_row_##D (const Problem *p,                                             \
               gint64         row,                                           \
               guint64        alpha,                                         \
               guint64        beta,                                          \
               guint64       *acc)                                           \
  {                                                                          \
    gint64 index = row / p->M, i = row % p->M;                               \
    const ctype *a = (const ctype *) operand_matrix (&p->a, p, index) +      \
                     i * p->a.sr;                                            \
    const ctype *b = (const ctype *) operand_matrix (&p->b, p, index);       \
    ctype *c = (ctype *) operand_matrix (&p->out, p, index) + i * p->out.sr; \
    gint64 N = p->N;                                                         \
                                                                             \
    memset (acc, 0, N * sizeof (guint64));                                   \
    for (gint64 k = 0; k < p->K && alpha != 0; k++)                          \
      {                                                                      \
        guint64 aik = (guint64) gt_load_##D (a + k * p->a.sc);               \
        const ctype *bk = b + k * p->b.sr;                                   \
                                                                             \
        if (aik == 0)                                                        \
          continue;                                                          \
        if (p->b.sc == 1)                                                    \
          for (gint64 j = 0; j < N; j++)                                     \
            acc[j] += aik * (guint64) gt_load_##D (bk + j);                  \
        else                                                                 \
          for (gint64 j = 0; j < N; j++)                                     \
            acc[j] += aik * (guint64) gt_load_##D (bk + j * p->b.sc);        \
      }                                                                      \
    for (gint64 j = 0; j < N; j++)                                           \
      {                                                                      \
        ctype *cj = c + j * p->out.sc;                                       \
        guint64 v = alpha * acc[j];                                          \
                                                                             \
        if (beta != 0)                                                       \
          v += beta * (guint64) gt_load_##D (cj);                            \
        GT_STORE (D, cj, (gint64) v);                                        \
      }                                                                      \
  }

#define DEFINE_INT_ROW_IF_INT(D, ctype, ltype) \
  DEFINE_INT_ROW_##ltype (D, ctype)
#define DEFINE_INT_ROW_gdouble(D, ctype)
#define DEFINE_INT_ROW_gint64(D, ctype) DEFINE_INT_ROW (D, ctype, gint64)
GT_FOREACH_DTYPE (DEFINE_INT_ROW_IF_INT)

typedef void (*IntRow) (const Problem *, gint64, guint64, guint64, guint64 *);

#define INT_ROW_ENTRY(D, ctype, ltype) INT_ROW_ENTRY_##ltype (D)
#define INT_ROW_ENTRY_gdouble(D)
#define INT_ROW_ENTRY_gint64(D) [GT_DTYPE_##D] = int_row_##D,

static const IntRow int_rows[GT_DTYPE_N_TYPES] = {
  GT_FOREACH_DTYPE (INT_ROW_ENTRY)
};

/* Output rows [begin, end) of all matrices, with an accumulator row of
 * their own. */
static gboolean
int_range (const Problem *p,
           IntRow         row_fn,
           guint64        alpha,
           guint64        beta,
           gint64         begin,
           gint64         end)
{
  guint64 *acc;

  if (begin >= end)
    return TRUE;
  acc = g_try_new (guint64, MAX (p->N, 1));
  if (acc == NULL)
    return FALSE;
  for (gint64 r = begin; r < end; r++)
    row_fn (p, r, alpha, beta, acc);
  g_free (acc);
  return TRUE;
}

static gboolean
int_gemm (const Problem  *p,
          GtDType         dtype,
          gdouble         alpha,
          gdouble         beta,
          GError        **error)
{
  IntRow row_fn = int_rows[dtype];
  /* torch converts alpha and beta to the integer type, truncating. */
  guint64 ialpha = (guint64) gt_double_to_int64 (alpha);
  guint64 ibeta = (guint64) gt_double_to_int64 (beta);
  gint64 rows = p->batch * p->M;
  gint failed = 0;

  g_assert (row_fn != NULL);

  if (gt_get_num_threads () > 1 &&
      (gdouble) rows * (gdouble) p->N * (gdouble) p->K > INT_GRAIN)
    {
#pragma omp parallel num_threads (gt_get_num_threads ())
      {
        gint64 nth = omp_get_num_threads (), ith = omp_get_thread_num ();
        gint64 chunk = (rows + nth - 1) / nth;
        gint64 begin = MIN (ith * chunk, rows);

        if (!int_range (p, row_fn, ialpha, ibeta, begin, MIN (begin + chunk, rows)))
          g_atomic_int_set (&failed, 1);
      }
    }
  else if (!int_range (p, row_fn, ialpha, ibeta, 0, rows))
    failed = 1;

  if (failed)
    return gt_cpu_alloc_failed (MAX (p->N, 1) * sizeof (guint64), error);
  return TRUE;
}

/* ---- float16 and bfloat16 through float32 --------------------------------- */

static GtTensor *
to_float32 (GtTensor  *t,
            gboolean   copy_values,
            GError   **error)
{
  g_autoptr(GtTensor) f = gt_tensor_new_empty (t->sizes, t->ndim,
                                               GT_DTYPE_FLOAT32, NULL, error);

  if (f == NULL || (copy_values && !gt_cpu_copy (f, t, error)))
    return NULL;
  return g_steal_pointer (&f);
}

static gboolean
half_gemm (GtTensor  *out,
           GtTensor  *a,
           GtTensor  *b,
           gdouble    alpha,
           gdouble    beta,
           GError   **error)
{
  g_autoptr(GtTensor) a32 = to_float32 (a, TRUE, error);
  g_autoptr(GtTensor) b32 = a32 ? to_float32 (b, TRUE, error) : NULL;
  g_autoptr(GtTensor) out32 = b32 ? to_float32 (out, beta != 0, error) : NULL;

  return out32 != NULL &&
         gt_cpu_gemm (out32, a32, b32, alpha, beta, error) &&
         gt_cpu_copy (out, out32, error);
}

/* ---- K == 0: out = beta * out ---------------------------------------------- */

#define DEFINE_SCALE(D, ctype, ltype) DEFINE_SCALE_##ltype (D, ctype)
#define DEFINE_SCALE_gdouble(D, ctype)                                       \
  static void                                                                \
  scale_##D (ctype *p, gdouble beta)                                         \
  {                                                                          \
    GT_STORE (D, p, beta == 0 ? 0.0 : beta * gt_load_##D (p));               \
  }
#define DEFINE_SCALE_gint64(D, ctype)                                        \
  static void                                                                \
  scale_##D (ctype *p, gdouble beta)                                         \
  {                                                                          \
    guint64 v = 0;                                                           \
                                                                             \
    /* out is uninitialised memory when beta is 0 */                         \
    if (beta != 0)                                                           \
      v = (guint64) gt_double_to_int64 (beta) * (guint64) gt_load_##D (p);   \
    GT_STORE (D, p, (gint64) v);                                             \
  }
GT_FOREACH_DTYPE (DEFINE_SCALE)

static void
scale_out (const Problem *p,
           GtDType        dtype,
           gdouble        beta)
{
  for (gint64 index = 0; index < p->batch; index++)
    {
      guint8 *m = operand_matrix (&p->out, p, index);

      for (gint64 i = 0; i < p->M; i++)
        for (gint64 j = 0; j < p->N; j++)
          {
            guint8 *e = m + (i * p->out.sr + j * p->out.sc) * (gint64) p->out.esize;

            switch (dtype)
              {
#define SCALE_CASE(D, ctype, ltype) \
              case GT_DTYPE_##D: scale_##D ((ctype *) e, beta); break;
              GT_FOREACH_DTYPE (SCALE_CASE)
#undef SCALE_CASE
              default:
                g_assert_not_reached ();
              }
          }
    }
}

/* ---- entry point ------------------------------------------------------------ */

gboolean
gt_cpu_gemm (GtTensor  *out,
             GtTensor  *a,
             GtTensor  *b,
             gdouble    alpha,
             gdouble    beta,
             GError   **error)
{
  Problem p;
  guint nb;

  g_return_val_if_fail (out->ndim >= 2 && out->ndim == a->ndim &&
                        out->ndim == b->ndim, FALSE);

  if (out->numel == 0)
    return TRUE;

  nb = out->ndim - 2;
  p.nb = nb;
  p.batch_sizes = out->sizes;
  p.batch = 1;
  for (guint d = 0; d < nb; d++)
    p.batch *= out->sizes[d];
  operand_init (&p.out, out, nb);
  operand_init (&p.a, a, nb);
  operand_init (&p.b, b, nb);
  p.M = out->sizes[nb];
  p.N = out->sizes[nb + 1];
  p.K = a->sizes[nb + 1];

  if (p.K == 0)
    {
      scale_out (&p, out->dtype, beta);
      return TRUE;
    }

  switch (out->dtype)
    {
    case GT_DTYPE_FLOAT32:
    case GT_DTYPE_FLOAT64:
      return blas_gemm (&p, out->dtype, alpha, beta, error);
    case GT_DTYPE_FLOAT16:
    case GT_DTYPE_BFLOAT16:
      return half_gemm (out, a, b, alpha, beta, error);
    default:
      return int_gemm (&p, out->dtype, alpha, beta, error);
    }
}
