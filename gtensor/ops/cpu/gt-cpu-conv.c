#include "config.h"

#include <cblas.h>
#include <omp.h>
#include <string.h>

#include "gt-cpu-alloc-private.h"
#include "gt-cpu-backend-private.h"
#include "gt-threads.h"
#include "ops/gt-conv-private.h"

/*
 * conv2d on the CPU: im2col + OpenBLAS GEMM, one image at a time.
 *
 * For image n and group g, the patches of the input become the columns of
 * a [K = C/groups * kh * kw, L = OH * OW] matrix (im2col, zeros where a
 * window reaches into the padding), and
 *
 *   forward:      out[n, g]  [Og, L] = W_g [Og, K] @ col [K, L] (+ bias)
 *   input grad:   col [K, L] = W_g^T @ grad_out[n, g], added back into the
 *                 input positions it came from (col2im)
 *   weight grad:  grad_W_g [Og, K] += grad_out[n, g] [Og, L] @ col^T
 *
 * A 1x1 kernel with stride 1 and no padding needs no im2col: the image
 * itself is the [K, L] matrix. Images are spread over the OpenMP threads
 * with OpenBLAS on one thread inside each (per-image products are small,
 * and OpenBLAS's own threads would fight ours); the weight gradient is
 * summed per thread and the partial sums added at the end. A batch of one
 * image, or too little work to wake a team, runs on this thread with
 * OpenBLAS threading each product instead.
 */

/* Multiply-adds below which one thread does the whole batch. */
#define CONV_PARALLEL_WORK 1.0e6

typedef struct {
  gint64            c;        /* input channels of one group */
  gint64            h, w;     /* input plane */
  gint64            oh, ow;   /* output plane */
  const GtWindow2d *win;
} Geo;

/* The kernel is the identity on the plane: a 1x1 window, stride 1, no
 * padding. */
static gboolean
geo_is_direct (const Geo *g)
{
  const GtWindow2d *w = g->win;

  return w->kh == 1 && w->kw == 1 && w->sh == 1 && w->sw == 1 &&
         w->ph == 0 && w->pw == 0 && g->oh == g->h && g->ow == g->w;
}

/* The output columns [*lo, *hi) whose input column ox * sw + off is inside
 * [0, w): outside them a window reads padding. */
static void
valid_range (gint64  off,
             gint64  stride,
             gint64  size,
             gint64  n_out,
             gint64 *lo,
             gint64 *hi)
{
  gint64 l = off >= 0 ? 0 : (-off + stride - 1) / stride;
  gint64 h = size - off <= 0 ? 0 : (size - off + stride - 1) / stride;

  l = MIN (l, n_out);
  h = CLAMP (h, l, n_out);
  *lo = l;
  *hi = h;
}

#define DEFINE_COLS(T, S)                                                    \
  /* col [c * kh * kw, oh * ow] = the windows of x [c, h, w]. */             \
  static void                                                                \
  im2col_##S (const T *x, const Geo *g, T *col)                              \
  {                                                                          \
    const GtWindow2d *w = g->win;                                            \
    gint64 L = g->oh * g->ow;                                                \
                                                                             \
    for (gint64 c = 0; c < g->c; c++)                                        \
      for (gint64 ki = 0; ki < w->kh; ki++)                                  \
        for (gint64 kj = 0; kj < w->kw; kj++)                                \
          {                                                                  \
            T *row = col + ((c * w->kh + ki) * w->kw + kj) * L;              \
            gint64 xoff = kj * w->dw - w->pw, lo, hi;                        \
                                                                             \
            valid_range (xoff, w->sw, g->w, g->ow, &lo, &hi);                \
            for (gint64 oy = 0; oy < g->oh; oy++)                            \
              {                                                              \
                T *r = row + oy * g->ow;                                     \
                gint64 iy = oy * w->sh - w->ph + ki * w->dh;                 \
                const T *xr;                                                 \
                                                                             \
                if (iy < 0 || iy >= g->h)                                    \
                  {                                                          \
                    memset (r, 0, g->ow * sizeof (T));                       \
                    continue;                                                \
                  }                                                          \
                xr = x + (c * g->h + iy) * g->w + xoff;                      \
                for (gint64 ox = 0; ox < lo; ox++)                           \
                  r[ox] = 0;                                                 \
                if (w->sw == 1)                                              \
                  memcpy (r + lo, xr + lo, (hi - lo) * sizeof (T));          \
                else                                                         \
                  for (gint64 ox = lo; ox < hi; ox++)                        \
                    r[ox] = xr[ox * w->sw];                                  \
                for (gint64 ox = hi; ox < g->ow; ox++)                       \
                  r[ox] = 0;                                                 \
              }                                                              \
          }                                                                  \
  }                                                                          \
                                                                             \
  /* x [c, h, w] += the columns of col put back where im2col took them. */   \
  static void                                                                \
  col2im_##S (const T *col, const Geo *g, T *x)                              \
  {                                                                          \
    const GtWindow2d *w = g->win;                                            \
    gint64 L = g->oh * g->ow;                                                \
                                                                             \
    for (gint64 c = 0; c < g->c; c++)                                        \
      for (gint64 ki = 0; ki < w->kh; ki++)                                  \
        for (gint64 kj = 0; kj < w->kw; kj++)                                \
          {                                                                  \
            const T *row = col + ((c * w->kh + ki) * w->kw + kj) * L;        \
            gint64 xoff = kj * w->dw - w->pw, lo, hi;                        \
                                                                             \
            valid_range (xoff, w->sw, g->w, g->ow, &lo, &hi);                \
            for (gint64 oy = 0; oy < g->oh; oy++)                            \
              {                                                              \
                const T *r = row + oy * g->ow;                               \
                gint64 iy = oy * w->sh - w->ph + ki * w->dh;                 \
                T *xr;                                                       \
                                                                             \
                if (iy < 0 || iy >= g->h)                                    \
                  continue;                                                  \
                xr = x + (c * g->h + iy) * g->w + xoff;                      \
                if (w->sw == 1)                                              \
                  for (gint64 ox = lo; ox < hi; ox++)                        \
                    xr[ox] += r[ox];                                         \
                else                                                         \
                  for (gint64 ox = lo; ox < hi; ox++)                        \
                    xr[ox * w->sw] += r[ox];                                 \
              }                                                              \
          }                                                                  \
  }                                                                          \
                                                                             \
  /* Every row of out [rows, L] set to its bias. */                          \
  static void                                                                \
  fill_rows_##S (void *out, const void *bias, gint64 rows, gint64 L)         \
  {                                                                          \
    for (gint64 r = 0; r < rows; r++)                                        \
      {                                                                      \
        T *o = (T *) out + r * L, b = ((const T *) bias)[r];                 \
                                                                             \
        for (gint64 l = 0; l < L; l++)                                       \
          o[l] = b;                                                          \
      }                                                                      \
  }                                                                          \
                                                                             \
  /* acc[r] += the sum of row r of m [rows, L]. */                           \
  static void                                                                \
  row_sums_##S (const void *m, gint64 rows, gint64 L, gdouble *acc)          \
  {                                                                          \
    for (gint64 r = 0; r < rows; r++)                                        \
      {                                                                      \
        const T *row = (const T *) m + r * L;                                \
        gdouble s = 0;                                                       \
                                                                             \
        for (gint64 l = 0; l < L; l++)                                       \
          s += row[l];                                                       \
        acc[r] += s;                                                         \
      }                                                                      \
  }                                                                          \
                                                                             \
  static void                                                                \
  add_##S (void *dst, const void *src, gint64 n)                             \
  {                                                                          \
    T *d = dst;                                                              \
    const T *s = src;                                                        \
                                                                             \
    for (gint64 i = 0; i < n; i++)                                           \
      d[i] += s[i];                                                          \
  }                                                                          \
                                                                             \
  static void                                                                \
  store_##S (void *dst, const gdouble *src, gint64 n)                        \
  {                                                                          \
    for (gint64 i = 0; i < n; i++)                                           \
      ((T *) dst)[i] = (T) src[i];                                           \
  }                                                                          \
                                                                             \
  static void                                                                \
  im2col_any_##S (const void *x, const Geo *g, void *col)                    \
  {                                                                          \
    im2col_##S (x, g, col);                                                  \
  }                                                                          \
                                                                             \
  static void                                                                \
  col2im_any_##S (const void *col, const Geo *g, void *x)                    \
  {                                                                          \
    col2im_##S (col, g, x);                                                  \
  }

DEFINE_COLS (gfloat, f)
DEFINE_COLS (gdouble, d)

/* Row-major C [M, N] = alpha * op(A) @ op(B) + beta * C. */
static void
gemm_f (gboolean ta, gboolean tb, gint64 M, gint64 N, gint64 K,
        const void *A, gint64 lda, const void *B, gint64 ldb,
        gdouble beta, void *C, gint64 ldc)
{
  cblas_sgemm (CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
               tb ? CblasTrans : CblasNoTrans, (int) M, (int) N, (int) K,
               1.0f, A, (int) lda, B, (int) ldb, (gfloat) beta, C, (int) ldc);
}

static void
gemm_d (gboolean ta, gboolean tb, gint64 M, gint64 N, gint64 K,
        const void *A, gint64 lda, const void *B, gint64 ldb,
        gdouble beta, void *C, gint64 ldc)
{
  cblas_dgemm (CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
               tb ? CblasTrans : CblasNoTrans, (int) M, (int) N, (int) K,
               1.0, A, (int) lda, B, (int) ldb, beta, C, (int) ldc);
}

/* The per-dtype pieces the drivers below are written with. */
typedef struct {
  gsize esize;
  void (*im2col)   (const void *x, const Geo *g, void *col);
  void (*col2im)   (const void *col, const Geo *g, void *x);
  void (*gemm)     (gboolean ta, gboolean tb, gint64 M, gint64 N, gint64 K,
                    const void *A, gint64 lda, const void *B, gint64 ldb,
                    gdouble beta, void *C, gint64 ldc);
  void (*fill_rows) (void *out, const void *bias, gint64 rows, gint64 L);
  void (*row_sums) (const void *m, gint64 rows, gint64 L, gdouble *acc);
  void (*add)      (void *dst, const void *src, gint64 n);
  void (*store)    (void *dst, const gdouble *src, gint64 n);
} Kernels;

static const Kernels kernels_f = {
  sizeof (gfloat), im2col_any_f, col2im_any_f, gemm_f, fill_rows_f,
  row_sums_f, add_f, store_f,
};
static const Kernels kernels_d = {
  sizeof (gdouble), im2col_any_d, col2im_any_d, gemm_d, fill_rows_d,
  row_sums_d, add_d, store_d,
};

/* Everything one image needs, shared by the threads. */
typedef struct {
  const Kernels *k;
  Geo            geo;
  gint64         groups;
  gint64         n;          /* images */
  gint64         og;         /* output channels per group */
  gint64         K, L;       /* rows and columns of one group's col */
  gboolean       direct;     /* no im2col needed */
  gsize          in_image;   /* bytes of one input image, [C, H, W] */
  gsize          in_group;   /* bytes of one group's input channels */
  gsize          out_image;  /* bytes of one output image */
  gsize          out_group;
  gsize          w_group;    /* bytes of one group's weights */
  gsize          col_bytes;
} Plan;

static void
plan_init (Plan             *p,
           GtTensor         *in,
           GtTensor         *out,
           const GtWindow2d *win,
           gint64            groups)
{
  p->k = in->dtype == GT_DTYPE_FLOAT32 ? &kernels_f : &kernels_d;
  p->groups = groups;
  p->n = in->sizes[0];
  p->geo.c = in->sizes[1] / groups;
  p->geo.h = in->sizes[2];
  p->geo.w = in->sizes[3];
  p->geo.oh = out->sizes[2];
  p->geo.ow = out->sizes[3];
  p->geo.win = win;
  p->og = out->sizes[1] / groups;
  p->K = p->geo.c * win->kh * win->kw;
  p->L = p->geo.oh * p->geo.ow;
  p->direct = geo_is_direct (&p->geo);
  p->in_group = p->geo.c * p->geo.h * p->geo.w * p->k->esize;
  p->in_image = p->in_group * groups;
  p->out_group = p->og * p->L * p->k->esize;
  p->out_image = p->out_group * groups;
  p->w_group = p->og * p->K * p->k->esize;
  p->col_bytes = p->direct ? 0 : MAX (p->K * p->L, 1) * p->k->esize;
}

/* How many threads to spread @n images over; 1 keeps OpenBLAS threaded. */
static gint
plan_threads (const Plan *p,
              gdouble     work)
{
  gint nth = gt_get_num_threads ();

  if (nth <= 1 || p->n < 2 || work < CONV_PARALLEL_WORK)
    return 1;
  return (gint) MIN ((gint64) nth, p->n);
}

/* Runs with OpenBLAS on one thread while ours work; restores its setting. */
typedef struct {
  gint saved;
} BlasSingle;

static void
blas_single_begin (BlasSingle *b,
                   gint        nth)
{
  b->saved = 0;
  if (nth > 1)
    {
      b->saved = openblas_get_num_threads ();
      if (b->saved > 1)
        openblas_set_num_threads (1);
    }
}

static void
blas_single_end (BlasSingle *b)
{
  if (b->saved > 1)
    openblas_set_num_threads (b->saved);
}

/* ---- forward ---------------------------------------------------------------- */

static void
forward_image (const Plan *p,
               const guint8 *x,
               const guint8 *weight,
               const guint8 *bias,
               guint8       *out,
               guint8       *col)
{
  const Kernels *k = p->k;

  for (gint64 g = 0; g < p->groups; g++)
    {
      const guint8 *xg = x + g * p->in_group;
      guint8 *og = out + g * p->out_group;
      const void *b = col;

      if (p->direct)
        b = xg;
      else
        k->im2col (xg, &p->geo, col);
      if (bias != NULL)
        k->fill_rows (og, bias + g * p->og * k->esize, p->og, p->L);
      k->gemm (FALSE, FALSE, p->og, p->L, p->K, weight + g * p->w_group, p->K,
               b, p->L, bias != NULL ? 1.0 : 0.0, og, p->L);
    }
}

static gboolean
cpu_conv2d (GtTensor          *out,
            GtTensor          *in,
            GtTensor          *weight,
            GtTensor          *bias,
            const GtWindow2d  *win,
            gint64             groups,
            GError           **error)
{
  Plan p;
  gint nth;
  guint8 *scratch = NULL;
  gsize scratch_bytes;
  const guint8 *x = gt_tensor_data (in), *w = gt_tensor_data (weight);
  const guint8 *b = bias != NULL ? gt_tensor_data (bias) : NULL;
  guint8 *o = gt_tensor_data (out);
  BlasSingle blas;

  plan_init (&p, in, out, win, groups);
  if (out->numel == 0)
    return TRUE;
  if (p.K == 0)
    {
      /* an empty channel dim: the bias alone */
      for (gint64 n = 0; n < p.n; n++)
        for (gint64 g = 0; g < groups; g++)
          {
            guint8 *og = o + n * p.out_image + g * p.out_group;

            if (b != NULL)
              p.k->fill_rows (og, b + g * p.og * p.k->esize, p.og, p.L);
            else
              memset (og, 0, p.out_group);
          }
      return TRUE;
    }

  nth = plan_threads (&p, (gdouble) out->numel * (gdouble) p.K);
  scratch_bytes = p.col_bytes * nth;
  if (scratch_bytes > 0 &&
      (scratch = gt_cpu_alloc (0, scratch_bytes, error)) == NULL)
    return FALSE;

  if (nth == 1)
    for (gint64 n = 0; n < p.n; n++)
      forward_image (&p, x + n * p.in_image, w, b, o + n * p.out_image, scratch);
  else
    {
      blas_single_begin (&blas, nth);
#pragma omp parallel for num_threads (nth) schedule (static)
      for (gint64 n = 0; n < p.n; n++)
        forward_image (&p, x + n * p.in_image, w, b, o + n * p.out_image,
                       scratch + p.col_bytes * omp_get_thread_num ());
      blas_single_end (&blas);
    }

  if (scratch != NULL)
    gt_cpu_free (0, scratch, scratch_bytes);
  return TRUE;
}

/* ---- backward --------------------------------------------------------------- */

typedef struct {
  guint8  *gw;      /* this thread's weight gradient, [O, K] */
  gdouble *gb;      /* this thread's bias gradient, [O] */
  guint8  *col;
  gboolean started; /* gw holds a sum already */
} Partial;

static void
backward_image (const Plan   *p,
                const guint8 *x,
                const guint8 *weight,
                const guint8 *go,
                guint8       *gi,
                Partial      *part)
{
  const Kernels *k = p->k;

  if (gi != NULL)
    {
      memset (gi, 0, p->in_image);
      for (gint64 g = 0; g < p->groups; g++)
        {
          const guint8 *gog = go + g * p->out_group;
          const guint8 *wg = weight + g * p->w_group;
          guint8 *gig = gi + g * p->in_group;

          if (p->direct)
            k->gemm (TRUE, FALSE, p->K, p->L, p->og, wg, p->K, gog, p->L, 0.0,
                     gig, p->L);
          else
            {
              k->gemm (TRUE, FALSE, p->K, p->L, p->og, wg, p->K, gog, p->L,
                       0.0, part->col, p->L);
              k->col2im (part->col, &p->geo, gig);
            }
        }
    }
  if (part->gw != NULL)
    {
      for (gint64 g = 0; g < p->groups; g++)
        {
          const guint8 *xg = x + g * p->in_group;
          const void *col = part->col;

          if (p->direct)
            col = xg;
          else
            k->im2col (xg, &p->geo, part->col);
          k->gemm (FALSE, TRUE, p->og, p->K, p->L, go + g * p->out_group, p->L,
                   col, p->L, part->started ? 1.0 : 0.0,
                   part->gw + g * p->w_group, p->K);
        }
      part->started = TRUE;
    }
  if (part->gb != NULL)
    k->row_sums (go, p->og * p->groups, p->L, part->gb);
}

static gboolean
cpu_conv2d_backward (GtTensor          *grad_in,
                     GtTensor          *grad_weight,
                     GtTensor          *grad_bias,
                     GtTensor          *grad_out,
                     GtTensor          *in,
                     GtTensor          *weight,
                     const GtWindow2d  *win,
                     gint64             groups,
                     GError           **error)
{
  Plan p;
  gint nth;
  gint64 O = grad_out->sizes[1];
  gsize w_bytes, part_bytes, scratch_bytes;
  guint8 *scratch = NULL;
  Partial *parts;
  const guint8 *x = in != NULL ? gt_tensor_data (in) : NULL;
  const guint8 *w = weight != NULL ? gt_tensor_data (weight) : NULL;
  const guint8 *go = gt_tensor_data (grad_out);
  guint8 *gi = grad_in != NULL ? gt_tensor_data (grad_in) : NULL;
  gdouble work;
  BlasSingle blas;

  plan_init (&p, grad_in != NULL ? grad_in : in, grad_out, win, groups);
  w_bytes = p.w_group * groups;
  if (grad_in != NULL && grad_in->numel > 0 && grad_out->numel == 0)
    memset (gi, 0, grad_in->numel * p.k->esize);
  if (grad_weight != NULL && (grad_out->numel == 0 || p.K == 0))
    {
      if (w_bytes > 0)
        memset (gt_tensor_data (grad_weight), 0, w_bytes);
      grad_weight = NULL;
    }
  if (grad_out->numel == 0 || p.K == 0)
    {
      if (grad_bias != NULL)
        {
          g_autofree gdouble *acc = g_new0 (gdouble, MAX (O, 1));

          for (gint64 n = 0; n < p.n && p.L > 0; n++)
            p.k->row_sums (go + n * p.out_image, O, p.L, acc);
          p.k->store (gt_tensor_data (grad_bias), acc, O);
        }
      if (grad_in != NULL && grad_in->numel > 0)
        memset (gi, 0, grad_in->numel * p.k->esize);
      return TRUE;
    }

  work = (gdouble) grad_out->numel * (gdouble) p.K *
         ((grad_in != NULL) + (grad_weight != NULL));
  nth = plan_threads (&p, work);
  /* per thread: a col buffer, a weight gradient (thread 0 writes the
   * result's own memory) and a bias gradient in double */
  part_bytes = p.col_bytes + (grad_weight != NULL ? w_bytes : 0) +
               (grad_bias != NULL ? O * sizeof (gdouble) : 0);
  part_bytes = (part_bytes + GT_CPU_ALIGNMENT - 1) & ~(gsize) (GT_CPU_ALIGNMENT - 1);
  scratch_bytes = part_bytes * nth;
  if (scratch_bytes > 0 &&
      (scratch = gt_cpu_alloc (0, scratch_bytes, error)) == NULL)
    return FALSE;
  parts = g_newa (Partial, nth);
  for (gint t = 0; t < nth; t++)
    {
      guint8 *base = scratch + part_bytes * t;
      gsize at = p.col_bytes;

      parts[t].col = base;
      parts[t].gw = NULL;
      parts[t].gb = NULL;
      parts[t].started = FALSE;
      if (grad_weight != NULL)
        {
          parts[t].gw = t == 0 ? gt_tensor_data (grad_weight) : base + at;
          at += w_bytes;
        }
      if (grad_bias != NULL)
        {
          parts[t].gb = (gdouble *) (base + at);
          memset (parts[t].gb, 0, O * sizeof (gdouble));
        }
    }

  if (nth == 1)
    for (gint64 n = 0; n < p.n; n++)
      backward_image (&p, x != NULL ? x + n * p.in_image : NULL, w,
                      go + n * p.out_image, gi != NULL ? gi + n * p.in_image : NULL,
                      &parts[0]);
  else
    {
      blas_single_begin (&blas, nth);
#pragma omp parallel num_threads (nth)
      {
        gint t = omp_get_thread_num ();
        gint64 chunk = (p.n + nth - 1) / nth;
        gint64 begin = MIN (t * chunk, p.n), end = MIN (begin + chunk, p.n);

        for (gint64 n = begin; n < end; n++)
          backward_image (&p, x != NULL ? x + n * p.in_image : NULL, w,
                          go + n * p.out_image,
                          gi != NULL ? gi + n * p.in_image : NULL, &parts[t]);
      }
      blas_single_end (&blas);
    }

  if (grad_weight != NULL)
    {
      if (!parts[0].started)
        memset (parts[0].gw, 0, w_bytes);
      for (gint t = 1; t < nth; t++)
        if (parts[t].started)
          p.k->add (parts[0].gw, parts[t].gw, w_bytes / p.k->esize);
    }
  if (grad_bias != NULL)
    {
      for (gint t = 1; t < nth; t++)
        for (gint64 o = 0; o < O; o++)
          parts[0].gb[o] += parts[t].gb[o];
      p.k->store (gt_tensor_data (grad_bias), parts[0].gb, O);
    }
  if (scratch != NULL)
    gt_cpu_free (0, scratch, scratch_bytes);
  return TRUE;
}

/* The CPU kernels for conv2d and pooling (gt-conv.c, gt-pool.c). */
const GtBackendConv gt_cpu_backend_conv = {
  .conv2d = cpu_conv2d,
  .conv2d_backward = cpu_conv2d_backward,
  .max_pool2d = gt_cpu_max_pool2d,
  .max_pool2d_backward = gt_cpu_max_pool2d_backward,
  .avg_pool2d = gt_cpu_avg_pool2d,
  .avg_pool2d_backward = gt_cpu_avg_pool2d_backward,
  .adaptive_avg_pool2d = gt_cpu_adaptive_avg_pool2d,
  .adaptive_avg_pool2d_backward = gt_cpu_adaptive_avg_pool2d_backward,
};
