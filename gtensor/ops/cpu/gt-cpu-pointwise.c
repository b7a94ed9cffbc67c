#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gt-cpu-iter.h"
#include "gt-cpu-pointwise-private.h"
#include "gt-error.h"

/*
 * The CPU entry points of the pointwise family. GtCpuIter sorts and merges
 * the dimensions, so a contiguous tensor (or one broadcast against a
 * scalar) arrives here as one long run per thread and goes straight to an
 * array kernel of gt-cpu-pointwise-loops.h. Other runs are cut into blocks
 * of PW_BLOCK elements that are gathered into stack buffers first, so the
 * kernels only ever see contiguous arrays.
 */

#define PW_BLOCK 256

typedef struct {
  guint8 bytes[PW_BLOCK * 8];
} __attribute__ ((aligned (64))) PwBuffer;

/* ---- choosing the instruction set ---------------------------------------- */

static const GtCpuPwKernels *
pw_select (void)
{
  const char *cap = g_getenv ("GT_CPU_CAPABILITY");

  if (cap != NULL && g_ascii_strcasecmp (cap, "default") == 0)
    return &gt_cpu_pw_kernels_default;
#if defined(__x86_64__)
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    return &gt_cpu_pw_kernels_avx2;
#endif
  return &gt_cpu_pw_kernels_default;
}

static const GtCpuPwKernels *
pw_kernels (void)
{
  static gsize kernels = 0;

  if (g_once_init_enter (&kernels))
    g_once_init_leave (&kernels, (gsize) pw_select ());
  return (const GtCpuPwKernels *) kernels;
}

static gboolean
pw_unsupported (const char  *op,
                GtDType      dtype,
                GError     **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s is not implemented for dtype %s on the CPU", op,
               gt_dtype_get_name (dtype));
  return FALSE;
}

/* ---- running a loop ------------------------------------------------------ */

/* Pointwise loops are memory-bound: below this many elements (half a MiB
 * of float32 per operand) a second thread gains a few microseconds on an
 * idle machine, while on a loaded one every parallel region waits for a
 * descheduled team member, which costs milliseconds (an MLP step of
 * [128, 256] activations went from 7 to 170 ms with two threads under a
 * load of 10 on two cores). */
#define PW_PARALLEL_MIN (4 * GT_CPU_GRAIN_SIZE)

static void
pw_run (const GtCpuIter *iter,
        GtCpuLoop        loop,
        gpointer         user_data)
{
  if (iter->numel < PW_PARALLEL_MIN)
    gt_cpu_iter_for_range (iter, 0, iter->numel, loop, user_data);
  else
    gt_cpu_iter_run (iter, loop, user_data);
}

/* ---- gathering strided runs into blocks ---------------------------------- */

static void
gather (guint8       *dst,
        const guint8 *src,
        gint64        stride,
        gint64        n,
        gsize         esize)
{
  switch (esize)
    {
#define GATHER_N(T)                                                         \
      for (gint64 i = 0; i < n; i++)                                        \
        ((T *) dst)[i] = *(const T *) (src + i * stride);                   \
      break;
    case 1: GATHER_N (guint8)
    case 2: GATHER_N (guint16)
    case 4: GATHER_N (guint32)
    case 8: GATHER_N (guint64)
#undef GATHER_N
    default:
      g_assert_not_reached ();
    }
}

static void
scatter (guint8       *dst,
         gint64        stride,
         const guint8 *src,
         gint64        n,
         gsize         esize)
{
  switch (esize)
    {
#define SCATTER_N(T)                                                        \
      for (gint64 i = 0; i < n; i++)                                        \
        *(T *) (dst + i * stride) = ((const T *) src)[i];                   \
      break;
    case 1: SCATTER_N (guint8)
    case 2: SCATTER_N (guint16)
    case 4: SCATTER_N (guint32)
    case 8: SCATTER_N (guint64)
#undef SCATTER_N
    default:
      g_assert_not_reached ();
    }
}

/* Elements [i, i + m) of a run: in place when contiguous, else gathered
 * (a zero stride fills the buffer with the one element). */
static const guint8 *
block_input (guint8   *base,
             gint64    stride,
             gint64    esize,
             gint64    i,
             gint64    m,
             PwBuffer *buf)
{
  if (stride == esize)
    return base + i * esize;
  gather (buf->bytes, base + i * stride, stride, m, esize);
  return buf->bytes;
}

/* Whether every operand is contiguous in memory (small ops skip the
 * iterator then; a single element always is). The caller guarantees equal
 * sizes. */
static inline gboolean
all_contiguous (GtTensor **ops,
                guint      n)
{
  for (guint i = 0; i < n; i++)
    if (!gt_tensor_is_contiguous_strides (ops[i]->ndim, ops[i]->sizes,
                                          ops[i]->strides))
      return FALSE;
  return TRUE;
}

/* ---- unary --------------------------------------------------------------- */

typedef struct {
  GtCpuPwUnaryFn       fn;
  const GtUnaryParams *params;
  gint64               osize;
  gint64               isize;
} UnaryCtx;

static void
unary_loop (guint8       **data,
            const gint64  *s,
            gint64         n,
            gpointer       user_data)
{
  const UnaryCtx *c = user_data;
  PwBuffer ib, ob;

  /* One element (GtCpuIter gives a lone element zero strides): any
   * layout is contiguous. */
  if (n == 1 || (s[0] == c->osize && s[1] == c->isize))
    {
      c->fn (data[0], data[1], n, c->params);
      return;
    }
  for (gint64 i = 0; i < n; i += PW_BLOCK)
    {
      gint64 m = MIN (PW_BLOCK, n - i);
      const guint8 *in = block_input (data[1], s[1], c->isize, i, m, &ib);
      guint8 *out = s[0] == c->osize ? data[0] + i * c->osize : ob.bytes;

      c->fn (out, in, m, c->params);
      if (out == ob.bytes)
        scatter (data[0] + i * s[0], s[0], ob.bytes, m, c->osize);
    }
}

gboolean
gt_cpu_unary (GtUnaryOp             op,
              GtTensor             *out,
              GtTensor             *in,
              const GtUnaryParams  *params,
              GError              **error)
{
  static const GtUnaryParams no_params = { 0, 0.0, 0.0, 0.0 };
  GtTensor *ops[2] = { out, in };
  GtCpuIter iter;
  UnaryCtx c;

  g_return_val_if_fail (op < GT_UNARY_N_OPS, FALSE);
  c.fn = pw_kernels ()->unary[op][in->dtype];
  if (c.fn == NULL)
    return pw_unsupported (gt_unary_op_names[op], in->dtype, error);
  c.params = params != NULL ? params : &no_params;
  c.osize = (gint64) gt_dtype_get_element_size (out->dtype);
  c.isize = (gint64) gt_dtype_get_element_size (in->dtype);

  if (out->numel == 1 || (out->numel < GT_CPU_GRAIN_SIZE && all_contiguous (ops, 2)))
    {
      guint8 *data[2] = { out->storage->data + out->offset * c.osize,
                          in->storage->data + in->offset * c.isize };
      gint64 strides[2] = { c.osize, c.isize };

      unary_loop (data, strides, out->numel, &c);
      return TRUE;
    }
  gt_cpu_iter_init (&iter, 2, ops);
  pw_run (&iter, unary_loop, &c);
  return TRUE;
}

/* ---- binary -------------------------------------------------------------- */

typedef struct {
  const GtCpuPwBinaryFn *fns;     /* vv, vs, sv */
  gdouble                alpha;
  gint64                 osize;
  gint64                 isize;
} BinaryCtx;

static void
binary_loop (guint8       **data,
             const gint64  *s,
             gint64         n,
             gpointer       user_data)
{
  const BinaryCtx *c = user_data;
  gint64 es = c->isize;
  PwBuffer ab, bb, ob;

  if (n == 1)
    {
      c->fns[GT_CPU_PW_VV] (data[0], data[1], data[2], 1, c->alpha);
      return;
    }
  if (s[0] == c->osize)
    {
      int form = -1;

      if (s[1] == es && s[2] == es)
        form = GT_CPU_PW_VV;
      else if (s[1] == es && s[2] == 0)
        form = GT_CPU_PW_VS;
      else if (s[1] == 0 && s[2] == es)
        form = GT_CPU_PW_SV;
      if (form >= 0)
        {
          c->fns[form] (data[0], data[1], data[2], n, c->alpha);
          return;
        }
    }

  for (gint64 i = 0; i < n; i += PW_BLOCK)
    {
      gint64 m = MIN (PW_BLOCK, n - i);
      guint8 *out = s[0] == c->osize ? data[0] + i * c->osize : ob.bytes;
      const guint8 *a, *b;
      int form = GT_CPU_PW_VV;

      /* A broadcast operand stays a scalar; not both, or nothing is read
       * as a vector. */
      if (s[2] == 0)
        {
          b = data[2];
          form = GT_CPU_PW_VS;
        }
      else
        b = block_input (data[2], s[2], es, i, m, &bb);
      if (s[1] == 0 && form == GT_CPU_PW_VV)
        {
          a = data[1];
          form = GT_CPU_PW_SV;
        }
      else
        a = block_input (data[1], s[1], es, i, m, &ab);

      c->fns[form] (out, a, b, m, c->alpha);
      if (out == ob.bytes)
        scatter (data[0] + i * s[0], s[0], ob.bytes, m, c->osize);
    }
}

typedef struct {
  gint  found;
  gsize esize;
} FindZero;

static void
find_zero_loop (guint8       **data,
                const gint64  *s,
                gint64         n,
                gpointer       user_data)
{
  FindZero *fz = user_data;
  gboolean zero = FALSE;

  switch (fz->esize)
    {
#define FIND_N(T)                                                           \
      for (gint64 i = 0; i < n && !zero; i++)                               \
        zero = *(const T *) (data[0] + i * s[0]) == 0;                      \
      break;
    case 1: FIND_N (guint8)
    case 2: FIND_N (guint16)
    case 4: FIND_N (guint32)
    case 8: FIND_N (guint64)
#undef FIND_N
    default:
      g_assert_not_reached ();
    }
  if (zero)
    __atomic_store_n (&fz->found, 1, __ATOMIC_RELAXED);
}

/* Whether an integer tensor holds a zero: integer division checks its
 * divisor before writing anything, so that an in-place division that
 * fails leaves its tensor as it was. */
static gboolean
has_zero (GtTensor *t)
{
  GtTensor *ops[1] = { t };
  GtCpuIter iter;
  FindZero fz = { 0, gt_dtype_get_element_size (t->dtype) };

  gt_cpu_iter_init (&iter, 1, ops);
  gt_cpu_iter_run (&iter, find_zero_loop, &fz);
  return fz.found != 0;
}

gboolean
gt_cpu_binary (GtBinaryOp   op,
               GtTensor    *out,
               GtTensor    *a,
               GtTensor    *b,
               gdouble      alpha,
               GError     **error)
{
  GtTensor *ops[3] = { out, a, b };
  GtCpuIter iter;
  BinaryCtx c;

  g_return_val_if_fail (op < GT_BINARY_N_OPS, FALSE);
  c.fns = pw_kernels ()->binary[op][a->dtype];
  if (c.fns[GT_CPU_PW_VV] == NULL)
    return pw_unsupported (gt_binary_op_names[op], a->dtype, error);

  if ((op == GT_BINARY_DIV_TRUNC || op == GT_BINARY_DIV_FLOOR ||
       op == GT_BINARY_REMAINDER) && !gt_dtype_is_floating_point (b->dtype) &&
      has_zero (b))
    {
      g_set_error_literal (error, GT_ERROR, GT_ERROR_VALUE, "ZeroDivisionError");
      return FALSE;
    }

  c.alpha = alpha;
  c.osize = (gint64) gt_dtype_get_element_size (out->dtype);
  c.isize = (gint64) gt_dtype_get_element_size (a->dtype);
  if (out->numel == 1 || (out->numel < GT_CPU_GRAIN_SIZE && all_contiguous (ops, 3)))
    {
      /* One run on this thread, which is what the iterator would make of
       * it after sorting and merging the dimensions. */
      guint8 *data[3] = { out->storage->data + out->offset * c.osize,
                          a->storage->data + a->offset * c.isize,
                          b->storage->data + b->offset * c.isize };
      gint64 strides[3] = { c.osize, c.isize, c.isize };

      binary_loop (data, strides, out->numel, &c);
      return TRUE;
    }
  gt_cpu_iter_init (&iter, 3, ops);
  pw_run (&iter, binary_loop, &c);
  return TRUE;
}

/* ---- where: a selection, so only the element size matters ---------------- */

static void
where_loop (guint8       **data,
            const gint64  *s,
            gint64         n,
            gpointer       user_data)
{
  gsize esize = GPOINTER_TO_SIZE (user_data);
  const guint8 *cond = data[1];

  switch (esize)
    {
#define WHERE_N(T)                                                          \
      if (s[0] == sizeof (T) && s[1] == 1 && s[2] == sizeof (T) &&          \
          s[3] == sizeof (T))                                               \
        {                                                                   \
          T *o = (T *) data[0];                                             \
          const T *x = (const T *) data[2], *y = (const T *) data[3];       \
          _Pragma ("omp simd")                                              \
          for (gint64 i = 0; i < n; i++)                                    \
            {                                                               \
              /* a bit mask, not a branch: cond is random in relu's and     \
               * dropout's backward, and a branch mispredicts half the      \
               * time; this form also vectorizes */                         \
              T mask = (T) 0 - (T) (cond[i] != 0);                          \
              o[i] = (x[i] & mask) | (y[i] & ~mask);                        \
            }                                                               \
        }                                                                   \
      else if (s[0] == sizeof (T) && s[1] == 1 && s[2] == sizeof (T) &&     \
               s[3] == 0)                                                   \
        {                                                                   \
          /* where (mask, grad, 0): relu's and the masks' backward */       \
          T *o = (T *) data[0], yv = *(const T *) data[3];                  \
          const T *x = (const T *) data[2];                                 \
          _Pragma ("omp simd")                                              \
          for (gint64 i = 0; i < n; i++)                                    \
            {                                                               \
              T mask = (T) 0 - (T) (cond[i] != 0);                          \
              o[i] = (x[i] & mask) | (yv & ~mask);                          \
            }                                                               \
        }                                                                   \
      else                                                                  \
        for (gint64 i = 0; i < n; i++)                                      \
          *(T *) (data[0] + i * s[0]) = cond[i * s[1]]                      \
            ? *(const T *) (data[2] + i * s[2])                             \
            : *(const T *) (data[3] + i * s[3]);                            \
      break;
    case 1: WHERE_N (guint8)
    case 2: WHERE_N (guint16)
    case 4: WHERE_N (guint32)
    case 8: WHERE_N (guint64)
#undef WHERE_N
    default:
      g_assert_not_reached ();
    }
}

gboolean
gt_cpu_where (GtTensor  *out,
              GtTensor  *cond,
              GtTensor  *a,
              GtTensor  *b,
              GError   **error)
{
  GtTensor *ops[4] = { out, cond, a, b };
  GtCpuIter iter;

  gt_cpu_iter_init (&iter, 4, ops);
  pw_run (&iter, where_loop,
                   GSIZE_TO_POINTER (gt_dtype_get_element_size (out->dtype)));
  return TRUE;
}

/* ---- clamp --------------------------------------------------------------- */

typedef struct {
  GtCpuPwClampFn fn;
  gconstpointer  lo;          /* scalar bounds: the one element, or NULL */
  gconstpointer  hi;
  gint64         esize;
} ClampCtx;

static void
clamp_scalar_loop (guint8       **data,
                   const gint64  *s,
                   gint64         n,
                   gpointer       user_data)
{
  const ClampCtx *c = user_data;
  PwBuffer ib, ob;

  if (n == 1 || (s[0] == c->esize && s[1] == c->esize))
    {
      c->fn (data[0], data[1], c->lo, c->hi, n);
      return;
    }
  for (gint64 i = 0; i < n; i += PW_BLOCK)
    {
      gint64 m = MIN (PW_BLOCK, n - i);
      const guint8 *in = block_input (data[1], s[1], c->esize, i, m, &ib);
      guint8 *out = s[0] == c->esize ? data[0] + i * c->esize : ob.bytes;

      c->fn (out, in, c->lo, c->hi, m);
      if (out == ob.bytes)
        scatter (data[0] + i * s[0], s[0], ob.bytes, m, c->esize);
    }
}

static void
clamp_tensor_loop (guint8       **data,
                   const gint64  *s,
                   gint64         n,
                   gpointer       user_data)
{
  const ClampCtx *c = user_data;
  gint64 es = c->esize;
  PwBuffer xb, lb, hb, ob;

  if (n == 1 || (s[0] == es && s[1] == es && s[2] == es && s[3] == es))
    {
      c->fn (data[0], data[1], data[2], data[3], n);
      return;
    }
  for (gint64 i = 0; i < n; i += PW_BLOCK)
    {
      gint64 m = MIN (PW_BLOCK, n - i);
      guint8 *out = s[0] == es ? data[0] + i * es : ob.bytes;

      c->fn (out, block_input (data[1], s[1], es, i, m, &xb),
             block_input (data[2], s[2], es, i, m, &lb),
             block_input (data[3], s[3], es, i, m, &hb), m);
      if (out == ob.bytes)
        scatter (data[0] + i * s[0], s[0], ob.bytes, m, es);
    }
}

gboolean
gt_cpu_clamp (GtTensor  *out,
              GtTensor  *in,
              GtTensor  *lo,
              GtTensor  *hi,
              gboolean   tensor_bounds,
              GError   **error)
{
  const GtCpuPwKernels *k = pw_kernels ();
  GtCpuIter iter;
  ClampCtx c;

  g_return_val_if_fail (lo != NULL || hi != NULL, FALSE);
  c.esize = (gint64) gt_dtype_get_element_size (in->dtype);
  c.lo = c.hi = NULL;

  if (tensor_bounds)
    {
      GtTensor *ops[4] = { out, in, lo, hi };

      /* One tensor bound is torch's maximum / minimum. */
      if (hi == NULL)
        return gt_cpu_binary (GT_BINARY_MAXIMUM, out, in, lo, 0.0, error);
      if (lo == NULL)
        return gt_cpu_binary (GT_BINARY_MINIMUM, out, in, hi, 0.0, error);
      c.fn = k->clamp[GT_CPU_CLAMP_TENSOR_BOTH][in->dtype];
      if (c.fn == NULL)
        return pw_unsupported ("clamp", in->dtype, error);
      gt_cpu_iter_init (&iter, 4, ops);
      pw_run (&iter, clamp_tensor_loop, &c);
      return TRUE;
    }

  {
    GtTensor *ops[2] = { out, in };
    GtCpuClampMode mode = lo == NULL ? GT_CPU_CLAMP_SCALAR_MAX
                        : hi == NULL ? GT_CPU_CLAMP_SCALAR_MIN
                        : GT_CPU_CLAMP_SCALAR_BOTH;

    c.fn = k->clamp[mode][in->dtype];
    if (c.fn == NULL)
      return pw_unsupported ("clamp", in->dtype, error);
    /* Scalar bounds are 0-d or all-zero-stride: their first element. */
    c.lo = lo != NULL ? gt_tensor_data (lo) : NULL;
    c.hi = hi != NULL ? gt_tensor_data (hi) : NULL;
    gt_cpu_iter_init (&iter, 2, ops);
    pw_run (&iter, clamp_scalar_loop, &c);
    return TRUE;
  }
}
