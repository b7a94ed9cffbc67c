#include "config.h"

#include <string.h>
#include <omp.h>

#include "gt-cpu-backend-private.h"
#include "gt-cpu-convert-private.h"
#include "gt-cpu-iter.h"
#include "gt-index-private.h"

/*
 * Indexing kernels. Data is moved by element size (the bits of any dtype),
 * arithmetic (scatter with accumulate, nonzero tests) goes through the
 * dtype X-macro. Every kernel that follows indices first checks all of
 * them in one pass, so nothing is read or written out of bounds.
 */

/* ---- running one state per thread ----------------------------------------- */

/* Runs @loop over @iter in one range per thread; @states holds
 * omp_get_max_threads () states of @state_size bytes, each initialised by
 * the caller and passed as user data to its thread's range. Returns how
 * many ranges ran, in iteration order. */
static gint
run_per_thread (const GtCpuIter *iter,
                GtCpuLoop        loop,
                gpointer         states,
                gsize            state_size)
{
  gint64 numel = iter->numel;
  gint used = 1;

  if (numel < GT_CPU_GRAIN_SIZE || omp_get_max_threads () == 1)
    {
      gt_cpu_iter_for_range (iter, 0, numel, loop, states);
      return 1;
    }

#pragma omp parallel
  {
    gint64 nth = omp_get_num_threads ();
    gint64 ith = omp_get_thread_num ();
    gint64 chunk = (numel + nth - 1) / nth;
    gint64 begin = MIN (ith * chunk, numel);
    gint64 end = MIN (begin + chunk, numel);

    gt_cpu_iter_for_range (iter, begin, end, loop,
                           (guint8 *) states + ith * state_size);
    if (ith == 0)
      used = (gint) nth;
  }
  return used;
}

/* Like gt_cpu_iter_run for loops that do @weight units of work per element
 * (scatter walks a whole dim for each): threads as soon as the total work
 * passes the grain. */
static void
run_weighted (const GtCpuIter *iter,
              GtCpuLoop        loop,
              gpointer         user_data,
              gint64           weight)
{
  gint64 numel = iter->numel;

  if (numel * weight < GT_CPU_GRAIN_SIZE || numel < 2 ||
      omp_get_max_threads () == 1)
    {
      gt_cpu_iter_for_range (iter, 0, numel, loop, user_data);
      return;
    }

#pragma omp parallel
  {
    gint64 nth = omp_get_num_threads ();
    gint64 ith = omp_get_thread_num ();
    gint64 chunk = (numel + nth - 1) / nth;
    gint64 begin = MIN (ith * chunk, numel);
    gint64 end = MIN (begin + chunk, numel);

    gt_cpu_iter_for_range (iter, begin, end, loop, user_data);
  }
}

/* ---- checking indices ---------------------------------------------------- */

typedef struct {
  gint64   lo;        /* valid: [lo, hi) */
  gint64   hi;
  gboolean found;
  gint64   bad;       /* the first bad value of this range */
} CheckState;

/* (guint64) v - lo < hi - lo, in unsigned arithmetic, tests lo <= v < hi
 * without overflow and vectorises as a reduction. */
#define DEFINE_CHECK(IT)                                                    \
  static void                                                               \
  check_loop_##IT (guint8 **data, const gint64 *strides, gint64 n,          \
                   gpointer user_data)                                      \
  {                                                                         \
    CheckState *cs = user_data;                                             \
    guint64 lo = (guint64) cs->lo, span = (guint64) cs->hi - lo;            \
    const guint8 *p = data[0];                                              \
    gint64 s = strides[0];                                                  \
    gboolean any = FALSE;                                                   \
                                                                            \
    if (cs->found)                                                          \
      return;                                                               \
    if (s == sizeof (IT))                                                   \
      {                                                                     \
        const IT *restrict v = (const IT *) p;                              \
        _Pragma ("omp simd reduction(|:any)")                               \
        for (gint64 i = 0; i < n; i++)                                      \
          any |= (guint64) (gint64) v[i] - lo >= span;                      \
      }                                                                     \
    else                                                                    \
      for (gint64 i = 0; i < n; i++)                                        \
        any |= (guint64) (gint64) *(const IT *) (p + i * s) - lo >= span;   \
    if (!any)                                                               \
      return;                                                               \
    for (gint64 i = 0; i < n; i++)                                          \
      {                                                                     \
        gint64 v = *(const IT *) (p + i * s);                               \
        if ((guint64) v - lo >= span)                                       \
          {                                                                 \
            cs->found = TRUE;                                               \
            cs->bad = v;                                                    \
            return;                                                         \
          }                                                                 \
      }                                                                     \
  }
DEFINE_CHECK (gint32)
DEFINE_CHECK (gint64)

/* Checks every value of @index against [0, size) or [-size, size). Dims
 * of stride 0 (an expanded index) repeat values and are skipped. */
static gboolean
check_indices (const char  *func,
               GtTensor    *index,
               guint        dim,
               gint64       size,
               gboolean     wrap,
               GError     **error)
{
  g_autoptr(GtTensor) compact = NULL;
  gint64 sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  gint nth = omp_get_max_threads (), used;
  CheckState *states;
  GtCpuIter iter;
  guint n = 0;

  if (index->numel == 0)
    return TRUE;
  for (guint d = 0; d < index->ndim; d++)
    if (index->strides[d] != 0)
      {
        sizes[n] = index->sizes[d];
        strides[n] = index->strides[d];
        n++;
      }
  compact = gt_tensor_new_view (index, n, sizes, strides, index->offset);

  states = g_newa (CheckState, nth);
  for (gint i = 0; i < nth; i++)
    states[i] = (CheckState) { wrap ? -size : 0, size, FALSE, 0 };
  gt_cpu_iter_init (&iter, 1, &compact);
  used = run_per_thread (&iter, index->dtype == GT_DTYPE_INT32
                                  ? check_loop_gint32 : check_loop_gint64,
                         states, sizeof (CheckState));
  for (gint i = 0; i < used; i++)
    if (states[i].found)
      return gt_index_out_of_bounds (func, states[i].bad, dim, size, error);
  return TRUE;
}

/* ---- gather and scatter ------------------------------------------------------ */

typedef struct {
  gint64 size;
  gint64 stride;      /* bytes along the indexed dim */
} IndexData;

/* Checked indices: a negative one can only be a wrapped one. */
static inline gint64
load_index_gint32 (const guint8 *p,
                   gint64        size)
{
  gint64 k = *(const gint32 *) p;

  return k < 0 ? k + size : k;
}

static inline gint64
load_index_gint64 (const guint8 *p,
                   gint64        size)
{
  gint64 k = *(const gint64 *) p;

  return k < 0 ? k + size : k;
}


/*
 * gather checks each index as it goes, in the same pass: @out is new, so
 * what it holds when a bad index stops the kernel is never seen. A range
 * stops at its first bad index; the earliest range with one reports it.
 */
typedef struct {
  IndexData id;
  gint64    lo;
  guint64   span;       /* valid: (guint64) k - lo < span */
  gboolean  found;
  gint64    bad;
} GatherState;

/* A run whose index stride is 0 (index_select, one index tensor of an
 * advanced index) moves one contiguous piece; otherwise one element per
 * index. */
#define DEFINE_GATHER(T, IT)                                                \
  static void                                                               \
  gather_##T##_##IT (guint8 **data, const gint64 *strides, gint64 n,        \
                     gpointer user_data)                                    \
  {                                                                         \
    GatherState *gs = user_data;                                            \
    const gint64 size = gs->id.size, stride = gs->id.stride;                \
    const guint64 lo = (guint64) gs->lo, span = gs->span;                  \
    const gint64 os = strides[0], ss = strides[1], xs = strides[2];         \
    guint8 *const out = data[0];                                            \
    const guint8 *src = data[1], *const idx = data[2];                      \
                                                                            \
    if (gs->found)                                                          \
      return;                                                               \
    if (xs == 0)                                                            \
      {                                                                     \
        gint64 k = *(const IT *) idx;                                       \
                                                                            \
        if ((guint64) k - lo >= span)                                       \
          {                                                                 \
            gs->found = TRUE;                                               \
            gs->bad = k;                                                    \
            return;                                                         \
          }                                                                 \
        src += (k < 0 ? k + size : k) * stride;                             \
        if (os == sizeof (T) && ss == sizeof (T))                           \
          {                                                                 \
            memcpy (out, src, n * sizeof (T));                              \
            return;                                                         \
          }                                                                 \
        for (gint64 i = 0; i < n; i++)                                      \
          *(T *) (out + i * os) = *(const T *) (src + i * ss);              \
        return;                                                             \
      }                                                                     \
    for (gint64 i = 0; i < n; i++)                                          \
      {                                                                     \
        gint64 k = *(const IT *) (idx + i * xs);                            \
                                                                            \
        if (G_UNLIKELY ((guint64) k - lo >= span))                          \
          {                                                                 \
            gs->found = TRUE;                                               \
            gs->bad = k;                                                    \
            return;                                                         \
          }                                                                 \
        if (k < 0)                                                          \
          k += size;                                                        \
        *(T *) (out + i * os) = *(const T *) (src + i * ss + k * stride);   \
      }                                                                     \
  }

/*
 * scatter writes into the caller's tensor, so its indices are checked in a
 * pass of their own first. Two elements collide only along a dim where
 * @dst has stride 0 (the indexed one): when there is at most one such dim,
 * threads split the others and each walks that dim serially (torch's
 * scheme), so sums are never lost and the last of repeated indices wins
 * deterministically; with several, adding runs on one thread.
 */
typedef struct {
  IndexData id;
  gint64    len;        /* the collision dim, walked inside the loop */
  gint64    src_step;   /* bytes along it */
  gint64    idx_step;
} ScatterData;

/* The loop body once per element of a run and of the collision dim, in
 * the order that walks the source with the smaller stride innermost; the
 * elements of one run never collide, so either order is safe. Everything
 * is read into locals first: the stores could alias any memory (the build
 * has -fno-strict-aliasing), which would make the compiler reload it all
 * on every element. */
#define SCATTER_WALK(IT, BODY)                                              \
  const ScatterData *sd = user_data;                                        \
  const gint64 len = sd->len, size = sd->id.size, stride = sd->id.stride;   \
  const gint64 src_step = sd->src_step, idx_step = sd->idx_step;            \
  const gint64 ds = strides[0], ss = strides[1], xs = strides[2];           \
  guint8 *const d0 = data[0];                                               \
  const guint8 *const s0 = data[1], *const x0 = data[2];                    \
  if (len == 1 || ABS (src_step) <= ABS (ss))                               \
    {                                                                       \
      for (gint64 i = 0; i < n; i++)                                        \
        for (gint64 j = 0; j < len; j++)                                    \
          {                                                                 \
            guint8 *d = d0 + i * ds +                                       \
              load_index_##IT (x0 + i * xs + j * idx_step, size) * stride;  \
            const guint8 *s = s0 + i * ss + j * src_step;                   \
            BODY                                                            \
          }                                                                 \
    }                                                                       \
  else                                                                      \
    {                                                                       \
      for (gint64 j = 0; j < len; j++)                                      \
        for (gint64 i = 0; i < n; i++)                                      \
          {                                                                 \
            guint8 *d = d0 + i * ds +                                       \
              load_index_##IT (x0 + i * xs + j * idx_step, size) * stride;  \
            const guint8 *s = s0 + i * ss + j * src_step;                   \
            BODY                                                            \
          }                                                                 \
    }

#define DEFINE_SCATTER(T, IT)                                               \
  static void                                                               \
  scatter_##T##_##IT (guint8 **data, const gint64 *strides, gint64 n,       \
                      gpointer user_data)                                   \
  {                                                                         \
    SCATTER_WALK (IT, *(T *) d = *(const T *) s;)                           \
  }

#define DEFINE_MOVES(T)     \
  DEFINE_GATHER (T, gint32)  \
  DEFINE_GATHER (T, gint64)  \
  DEFINE_SCATTER (T, gint32) \
  DEFINE_SCATTER (T, gint64)
DEFINE_MOVES (guint8)
DEFINE_MOVES (guint16)
DEFINE_MOVES (guint32)
DEFINE_MOVES (guint64)

/* [log2 element size][index is int64] */
static const GtCpuLoop gather_loops[4][2] = {
  { gather_guint8_gint32, gather_guint8_gint64 },
  { gather_guint16_gint32, gather_guint16_gint64 },
  { gather_guint32_gint32, gather_guint32_gint64 },
  { gather_guint64_gint32, gather_guint64_gint64 },
};
static const GtCpuLoop scatter_loops[4][2] = {
  { scatter_guint8_gint32, scatter_guint8_gint64 },
  { scatter_guint16_gint32, scatter_guint16_gint64 },
  { scatter_guint32_gint32, scatter_guint32_gint64 },
  { scatter_guint64_gint32, scatter_guint64_gint64 },
};

static guint
size_class (GtDType dtype)
{
  switch (gt_dtype_get_element_size (dtype))
    {
    case 1: return 0;
    case 2: return 1;
    case 4: return 2;
    default: return 3;
    }
}

/* Accumulation, per dtype: floats add in double and round once to the
 * element type (for float16/bfloat16 the same result as torch's float
 * arithmetic), integers wrap around, bool ors. */
#define ACC_gdouble(D)                                                      \
  GT_STORE (D, d, gt_load_##D (d) + gt_load_##D (s));
#define ACC_gint64(D)                                                       \
  GT_STORE (D, d, (gint64) ((guint64) gt_load_##D (d) +                     \
                            (guint64) gt_load_##D (s)));

#define DEFINE_SCATTER_ADD_IT(D, ltype, IT)                                 \
  static void                                                               \
  scatter_add_##D##_##IT (guint8 **data, const gint64 *strides, gint64 n,   \
                          gpointer user_data)                               \
  {                                                                         \
    SCATTER_WALK (IT, ACC_##ltype (D))                                      \
  }
#define DEFINE_SCATTER_ADD(D, ctype, ltype)      \
  DEFINE_SCATTER_ADD_IT (D, ltype, gint32)       \
  DEFINE_SCATTER_ADD_IT (D, ltype, gint64)
GT_FOREACH_DTYPE (DEFINE_SCATTER_ADD)

#define SCATTER_ADD_ROW(D, ctype, ltype) \
  [GT_DTYPE_##D] = { scatter_add_##D##_gint32, scatter_add_##D##_gint64 },
static const GtCpuLoop scatter_add_loops[GT_DTYPE_N_TYPES][2] = {
  GT_FOREACH_DTYPE (SCATTER_ADD_ROW)
};

gboolean
gt_cpu_gather (GtTensor    *out,
               GtTensor    *src,
               GtTensor    *index,
               guint        dim,
               gint64       size,
               gint64       stride,
               guint        flags,
               const char  *func,
               GError     **error)
{
  GtTensor *ops[3] = { out, src, index };
  gint nth = omp_get_max_threads (), used;
  GatherState *states = g_newa (GatherState, nth);
  gint64 lo = (flags & GT_INDEX_WRAP) ? -size : 0;
  GtCpuIter iter;

  if (out->numel == 0)
    return TRUE;
  for (gint i = 0; i < nth; i++)
    states[i] = (GatherState) {
      { size, stride * (gint64) gt_dtype_get_element_size (src->dtype) },
      lo, (guint64) size - (guint64) lo, FALSE, 0 };
  gt_cpu_iter_init (&iter, 3, ops);
  used = run_per_thread (&iter, gather_loops[size_class (out->dtype)]
                                            [index->dtype == GT_DTYPE_INT64],
                         states, sizeof (GatherState));
  for (gint i = 0; i < used; i++)
    if (states[i].found)
      return gt_index_out_of_bounds (func, states[i].bad, dim, size, error);
  return TRUE;
}

gboolean
gt_cpu_scatter (GtTensor    *dst,
                GtTensor    *src,
                GtTensor    *index,
                guint        dim,
                gint64       size,
                gint64       stride,
                guint        flags,
                const char  *func,
                GError     **error)
{
  gboolean is64 = index->dtype == GT_DTYPE_INT64;
  gboolean accumulate = (flags & GT_INDEX_ACCUMULATE) != 0;
  ScatterData sd = { { size, stride * (gint64) gt_dtype_get_element_size (dst->dtype) },
                     1, 0, 0 };
  g_autoptr(GtTensor) d = NULL;
  g_autoptr(GtTensor) s = NULL;
  g_autoptr(GtTensor) x = NULL;
  GtTensor *ops[3];
  gint64 sizes[GT_MAX_DIMS];
  GtCpuLoop loop;
  GtCpuIter iter;
  gint z = -1, n_zero = 0;

  if (!check_indices (func, index, dim, size, flags & GT_INDEX_WRAP, error))
    return FALSE;
  if (src->numel == 0)
    return TRUE;

  for (guint k = 0; k < dst->ndim; k++)
    if (dst->strides[k] == 0 && dst->sizes[k] > 1)
      {
        z = (gint) k;
        n_zero++;
      }
  loop = accumulate ? scatter_add_loops[dst->dtype][is64]
                    : scatter_loops[size_class (dst->dtype)][is64];

  if (n_zero == 1)
    {
      /* The iteration leaves the collision dim out (size 1); the loop
       * walks it for each element. */
      memcpy (sizes, dst->sizes, dst->ndim * sizeof (gint64));
      sizes[z] = 1;
      sd.len = dst->sizes[z];
      sd.src_step = src->strides[z] * (gint64) gt_dtype_get_element_size (src->dtype);
      sd.idx_step = index->strides[z] * (gint64) gt_dtype_get_element_size (index->dtype);
      d = gt_tensor_new_view (dst, dst->ndim, sizes, dst->strides, dst->offset);
      s = gt_tensor_new_view (src, src->ndim, sizes, src->strides, src->offset);
      x = gt_tensor_new_view (index, index->ndim, sizes, index->strides,
                              index->offset);
      ops[0] = d;
      ops[1] = s;
      ops[2] = x;
      gt_cpu_iter_init (&iter, 3, ops);
      run_weighted (&iter, loop, &sd, sd.len);
      return TRUE;
    }

  ops[0] = dst;
  ops[1] = src;
  ops[2] = index;
  gt_cpu_iter_init (&iter, 3, ops);
  if (accumulate && n_zero > 1)
    gt_cpu_iter_for_range (&iter, 0, iter.numel, loop, &sd);
  else
    gt_cpu_iter_run (&iter, loop, &sd);
  return TRUE;
}

/* ---- offsets of advanced indexing ------------------------------------------ */

#define DEFINE_OFFSETS(IT)                                                  \
  static void                                                               \
  offsets_loop_##IT (guint8 **data, const gint64 *strides, gint64 n,        \
                     gpointer user_data)                                    \
  {                                                                         \
    const IndexData *id = user_data;                                        \
    const gint64 size = id->size, stride = id->stride;                      \
    const gint64 os = strides[0], xs = strides[1];                          \
    guint8 *const out = data[0];                                            \
    const guint8 *const idx = data[1];                                      \
                                                                            \
    for (gint64 i = 0; i < n; i++)                                          \
      *(gint64 *) (out + i * os) += load_index_##IT (idx + i * xs, size) * stride; \
  }
DEFINE_OFFSETS (gint32)
DEFINE_OFFSETS (gint64)

gboolean
gt_cpu_index_offsets (GtTensor    *offsets,
                      GtTensor    *index,
                      guint        dim,
                      gint64       size,
                      gint64       stride,
                      const char  *func,
                      GError     **error)
{
  GtTensor *ops[2] = { offsets, index };
  IndexData id = { size, stride };   /* offsets are in elements */
  GtCpuIter iter;

  if (!check_indices (func, index, dim, size, TRUE, error))
    return FALSE;
  if (offsets->numel == 0)
    return TRUE;
  gt_cpu_iter_init (&iter, 2, ops);
  gt_cpu_iter_run (&iter, index->dtype == GT_DTYPE_INT64 ? offsets_loop_gint64
                                                         : offsets_loop_gint32,
                   &id);
  return TRUE;
}

typedef struct {
  gint64 min;
  gint64 max;
} RangeState;

static void
range_loop (guint8 **data, const gint64 *strides, gint64 n, gpointer user_data)
{
  RangeState *rs = user_data;

  for (gint64 i = 0; i < n; i++)
    {
      gint64 v = *(const gint64 *) (data[0] + i * strides[0]);
      rs->min = MIN (rs->min, v);
      rs->max = MAX (rs->max, v);
    }
}

gboolean
gt_cpu_index_range (GtTensor  *index,
                    gint64    *min,
                    gint64    *max,
                    GError   **error)
{
  gint nth = omp_get_max_threads (), used;
  RangeState *states = g_newa (RangeState, nth);
  GtCpuIter iter;

  for (gint i = 0; i < nth; i++)
    states[i] = (RangeState) { G_MAXINT64, G_MININT64 };
  gt_cpu_iter_init (&iter, 1, &index);
  used = run_per_thread (&iter, range_loop, states, sizeof (RangeState));
  *min = G_MAXINT64;
  *max = G_MININT64;
  for (gint i = 0; i < used; i++)
    {
      *min = MIN (*min, states[i].min);
      *max = MAX (*max, states[i].max);
    }
  return TRUE;
}

/* ---- masked_fill ------------------------------------------------------------ */

typedef struct {
  guint8 bytes[8];    /* one element of the value */
} FillValue;

#define DEFINE_MASKED_FILL(T)                                               \
  static void                                                               \
  masked_fill_##T (guint8 **data, const gint64 *strides, gint64 n,          \
                   gpointer user_data)                                      \
  {                                                                         \
    T v;                                                                    \
    memcpy (&v, ((const FillValue *) user_data)->bytes, sizeof v);          \
    if (strides[0] == sizeof (T) && strides[1] == 1)                        \
      {                                                                     \
        T *restrict d = (T *) data[0];                                      \
        const guint8 *restrict m = data[1];                                 \
        _Pragma ("omp simd")                                                \
        for (gint64 i = 0; i < n; i++)                                      \
          d[i] = m[i] ? v : d[i];                                           \
        return;                                                             \
      }                                                                     \
    for (gint64 i = 0; i < n; i++)                                          \
      if (data[1][i * strides[1]])                                          \
        *(T *) (data[0] + i * strides[0]) = v;                              \
  }
DEFINE_MASKED_FILL (guint8)
DEFINE_MASKED_FILL (guint16)
DEFINE_MASKED_FILL (guint32)
DEFINE_MASKED_FILL (guint64)

static const GtCpuLoop masked_fill_loops[4] = {
  masked_fill_guint8, masked_fill_guint16, masked_fill_guint32,
  masked_fill_guint64,
};

gboolean
gt_cpu_masked_fill (GtTensor  *dst,
                    GtTensor  *mask,
                    GtTensor  *value,
                    GError   **error)
{
  GtTensor *ops[2] = { dst, mask };
  FillValue fv = { { 0 } };
  GtCpuIter iter;

  if (dst->numel == 0)
    return TRUE;
  memcpy (fv.bytes, gt_tensor_data (value), gt_dtype_get_element_size (dst->dtype));
  gt_cpu_iter_init (&iter, 2, ops);
  gt_cpu_iter_run (&iter, masked_fill_loops[size_class (dst->dtype)], &fv);
  return TRUE;
}

/* ---- counting nonzero elements ---------------------------------------------- */

/* Whether the element at p is nonzero: NaN is, -0.0 is not. */
#define DEFINE_IS_NONZERO(D, ctype, ltype) \
  static inline gboolean is_nonzero_##D (const guint8 *p) { return gt_load_##D (p) != 0; }
GT_FOREACH_DTYPE (DEFINE_IS_NONZERO)

#define DEFINE_COUNT(D, ctype, ltype)                                       \
  static void                                                               \
  count_loop_##D (guint8 **data, const gint64 *strides, gint64 n,           \
                  gpointer user_data)                                       \
  {                                                                         \
    gint64 c = 0;                                                           \
    if (strides[0] == sizeof (ctype))                                       \
      {                                                                     \
        const guint8 *restrict p = data[0];                                 \
        _Pragma ("omp simd reduction(+:c)")                                 \
        for (gint64 i = 0; i < n; i++)                                      \
          c += is_nonzero_##D (p + i * sizeof (ctype));                     \
      }                                                                     \
    else                                                                    \
      for (gint64 i = 0; i < n; i++)                                        \
        c += is_nonzero_##D (data[0] + i * strides[0]);                     \
    *(gint64 *) user_data += c;                                             \
  }
GT_FOREACH_DTYPE (DEFINE_COUNT)

#define COUNT_ENTRY(D, ctype, ltype) [GT_DTYPE_##D] = count_loop_##D,
static const GtCpuLoop count_loops[GT_DTYPE_N_TYPES] = {
  GT_FOREACH_DTYPE (COUNT_ENTRY)
};

gboolean
gt_cpu_count_nonzero (GtTensor  *src,
                      gint64    *count,
                      GError   **error)
{
  gint nth = omp_get_max_threads (), used;
  gint64 *counts = g_newa (gint64, nth);
  GtCpuIter iter;

  *count = 0;
  if (src->numel == 0)
    return TRUE;
  memset (counts, 0, nth * sizeof (gint64));
  gt_cpu_iter_init (&iter, 1, &src);
  used = run_per_thread (&iter, count_loops[src->dtype], counts, sizeof (gint64));
  for (gint i = 0; i < used; i++)
    *count += counts[i];
  return TRUE;
}

/* ---- row-major walks: masked_select and nonzero ------------------------------ */

/*
 * The results of masked_select and nonzero are in row-major order, which
 * GtCpuIter (it reorders dims for speed) does not keep. These walk the
 * rows (all dims but the last) in order instead: each thread takes a
 * range of rows, counts first, then writes from its prefix offset.
 */
typedef struct {
  guint   ndim;                   /* outer dims, then the row */
  gint64  sizes[GT_MAX_DIMS];
  gint64  strides[2][GT_MAX_DIMS];  /* bytes */
  guint8 *data[2];
  gint64  n_rows;
  gint64  row_len;
} Rows;

static void
rows_init (Rows      *r,
           GtTensor **ops,
           guint      n_ops,
           gboolean   merge)
{
  GtTensor *t = ops[0];
  guint n = 0;

  for (guint op = 0; op < n_ops; op++)
    r->data[op] = gt_tensor_data (ops[op]);
  for (guint d = 0; d < t->ndim; d++)
    {
      gboolean mergeable = merge && n > 0;

      if (merge && t->sizes[d] == 1)
        continue;
      for (guint op = 0; op < n_ops && mergeable; op++)
        mergeable = r->strides[op][n - 1] ==
          ops[op]->strides[d] * t->sizes[d] *
          (gint64) gt_dtype_get_element_size (ops[op]->dtype);
      if (mergeable)
        {
          r->sizes[n - 1] *= t->sizes[d];
          for (guint op = 0; op < n_ops; op++)
            r->strides[op][n - 1] = ops[op]->strides[d] *
              (gint64) gt_dtype_get_element_size (ops[op]->dtype);
          continue;
        }
      r->sizes[n] = t->sizes[d];
      for (guint op = 0; op < n_ops; op++)
        r->strides[op][n] = ops[op]->strides[d] *
          (gint64) gt_dtype_get_element_size (ops[op]->dtype);
      n++;
    }
  if (n == 0)
    {
      r->sizes[0] = 1;
      for (guint op = 0; op < n_ops; op++)
        r->strides[op][0] = 0;
      n = 1;
    }
  r->ndim = n;
  r->row_len = r->sizes[n - 1];
  r->n_rows = 1;
  for (guint d = 0; d + 1 < n; d++)
    r->n_rows *= r->sizes[d];
}

/* The coordinates of row @row and the data pointers at its start. */
static void
rows_seek (const Rows *r,
           gint64      row,
           gint64     *coords,
           guint8    **ptr,
           guint       n_ops)
{
  for (guint op = 0; op < n_ops; op++)
    ptr[op] = r->data[op];
  for (gint d = (gint) r->ndim - 2; d >= 0; d--)
    {
      coords[d] = row % r->sizes[d];
      row /= r->sizes[d];
      for (guint op = 0; op < n_ops; op++)
        ptr[op] += coords[d] * r->strides[op][d];
    }
}

/* Moves to the next row. */
static void
rows_next (const Rows *r,
           gint64     *coords,
           guint8    **ptr,
           guint       n_ops)
{
  for (gint d = (gint) r->ndim - 2; d >= 0; d--)
    {
      coords[d]++;
      for (guint op = 0; op < n_ops; op++)
        ptr[op] += r->strides[op][d];
      if (coords[d] < r->sizes[d])
        return;
      for (guint op = 0; op < n_ops; op++)
        ptr[op] -= r->sizes[d] * r->strides[op][d];
      coords[d] = 0;
    }
}

/* How many threads split @r, and which rows thread @ith gets. */
static gint
rows_threads (const Rows *r)
{
  if (r->n_rows * r->row_len < GT_CPU_GRAIN_SIZE || r->n_rows < 2)
    return 1;
  return (gint) MIN ((gint64) omp_get_max_threads (), r->n_rows);
}

static void
rows_range (const Rows *r,
            gint        ith,
            gint        nth,
            gint64     *begin,
            gint64     *end)
{
  gint64 chunk = (r->n_rows + nth - 1) / nth;

  *begin = MIN (ith * chunk, r->n_rows);
  *end = MIN (*begin + chunk, r->n_rows);
}

typedef gint64 (*CountRowFunc) (const guint8 *p, gint64 stride, gint64 n);

#define DEFINE_COUNT_ROW(D, ctype, ltype)                                   \
  static gint64                                                             \
  count_row_##D (const guint8 *p, gint64 stride, gint64 n)                  \
  {                                                                         \
    gint64 c = 0;                                                           \
    for (gint64 i = 0; i < n; i++)                                          \
      c += is_nonzero_##D (p + i * stride);                                 \
    return c;                                                               \
  }
GT_FOREACH_DTYPE (DEFINE_COUNT_ROW)

#define COUNT_ROW_ENTRY(D, ctype, ltype) [GT_DTYPE_##D] = count_row_##D,
static const CountRowFunc count_rows[GT_DTYPE_N_TYPES] = {
  GT_FOREACH_DTYPE (COUNT_ROW_ENTRY)
};

/* Counts the nonzero elements of operand @op in rows [begin, end). */
static gint64
rows_count (const Rows *r,
            guint       op,
            GtDType     dtype,
            guint       n_ops,
            gint64      begin,
            gint64      end)
{
  gint64 coords[GT_MAX_DIMS];
  guint8 *ptr[2];
  gint64 c = 0;

  if (begin >= end)
    return 0;
  rows_seek (r, begin, coords, ptr, n_ops);
  for (gint64 row = begin; row < end; row++)
    {
      c += count_rows[dtype] (ptr[op], r->strides[op][r->ndim - 1], r->row_len);
      rows_next (r, coords, ptr, n_ops);
    }
  return c;
}

/* Inside a parallel region, where thread @ith of @team writes its
 * results: after the nonzeros of operand @op in the rows of the threads
 * before it (each thread counts its own rows [begin, end), then one sums
 * them into @starts). Every thread of the team must call it: it waits at
 * a barrier. */
static gint64
team_start (const Rows *r,
            gint64     *starts,
            gint        ith,
            gint        team,
            guint       op,
            GtDType     dtype,
            guint       n_ops,
            gint64      begin,
            gint64      end)
{
  starts[ith + 1] = team > 1 ? rows_count (r, op, dtype, n_ops, begin, end) : 0;
#pragma omp barrier
#pragma omp single
  {
    starts[0] = 0;
    for (gint i = 1; i <= team; i++)
      starts[i] += starts[i - 1];
  }
  return starts[ith];
}

#define DEFINE_SELECT_ROW(T)                                                \
  static guint8 *                                                           \
  select_row_##T (guint8 *out, const guint8 *src, gint64 ss,                \
                  const guint8 *mask, gint64 ms, gint64 n)                  \
  {                                                                         \
    T *o = (T *) out;                                                       \
    for (gint64 i = 0; i < n; i++)                                          \
      if (mask[i * ms])                                                     \
        *o++ = *(const T *) (src + i * ss);                                 \
    return (guint8 *) o;                                                    \
  }
DEFINE_SELECT_ROW (guint8)
DEFINE_SELECT_ROW (guint16)
DEFINE_SELECT_ROW (guint32)
DEFINE_SELECT_ROW (guint64)

typedef guint8 *(*SelectRowFunc) (guint8 *out, const guint8 *src, gint64 ss,
                                  const guint8 *mask, gint64 ms, gint64 n);
static const SelectRowFunc select_rows[4] = {
  select_row_guint8, select_row_guint16, select_row_guint32, select_row_guint64,
};

gboolean
gt_cpu_masked_select (GtTensor  *out,
                      GtTensor  *src,
                      GtTensor  *mask,
                      GError   **error)
{
  GtTensor *ops[2] = { src, mask };
  SelectRowFunc select_row = select_rows[size_class (src->dtype)];
  gsize esize = gt_dtype_get_element_size (src->dtype);
  guint8 *out_data = gt_tensor_data (out);
  gint64 *starts;
  Rows r;
  gint nth;

  if (out->numel == 0)
    return TRUE;
  rows_init (&r, ops, 2, TRUE);
  nth = rows_threads (&r);
  starts = g_newa (gint64, nth + 1);

#pragma omp parallel num_threads (nth) if (nth > 1)
  {
    /* The team may be smaller than asked for. */
    gint team = omp_get_num_threads (), ith = omp_get_thread_num ();
    gint64 begin, end, coords[GT_MAX_DIMS];
    guint8 *ptr[2], *o;

    rows_range (&r, ith, team, &begin, &end);
    o = out_data + team_start (&r, starts, ith, team, 1, mask->dtype, 2,
                               begin, end) * esize;
    if (begin < end)
      {
        rows_seek (&r, begin, coords, ptr, 2);
        for (gint64 row = begin; row < end; row++)
          {
            o = select_row (o, ptr[0], r.strides[0][r.ndim - 1], ptr[1],
                            r.strides[1][r.ndim - 1], r.row_len);
            rows_next (&r, coords, ptr, 2);
          }
      }
  }
  return TRUE;
}

typedef gint64 *(*NonzeroRowFunc) (gint64 *out, const guint8 *p, gint64 stride,
                                   gint64 n, const gint64 *coords, guint ndim);

#define DEFINE_NONZERO_ROW(D, ctype, ltype)                                 \
  static gint64 *                                                           \
  nonzero_row_##D (gint64 *out, const guint8 *p, gint64 stride, gint64 n,   \
                   const gint64 *coords, guint ndim)                        \
  {                                                                         \
    for (gint64 i = 0; i < n; i++)                                          \
      if (is_nonzero_##D (p + i * stride))                                  \
        {                                                                   \
          for (guint d = 0; d + 1 < ndim; d++)                              \
            *out++ = coords[d];                                             \
          *out++ = i;                                                       \
        }                                                                   \
    return out;                                                             \
  }
GT_FOREACH_DTYPE (DEFINE_NONZERO_ROW)

#define NONZERO_ROW_ENTRY(D, ctype, ltype) [GT_DTYPE_##D] = nonzero_row_##D,
static const NonzeroRowFunc nonzero_rows[GT_DTYPE_N_TYPES] = {
  GT_FOREACH_DTYPE (NONZERO_ROW_ENTRY)
};

gboolean
gt_cpu_nonzero (GtTensor  *out,
                GtTensor  *src,
                GError   **error)
{
  NonzeroRowFunc nonzero_row = nonzero_rows[src->dtype];
  gint64 *out_data = gt_tensor_data (out);
  guint width = src->ndim;
  gint64 *starts;
  Rows r;
  gint nth;

  if (out->numel == 0)
    return TRUE;
  if (width == 0)
    return TRUE;   /* one row of no coordinates */
  /* No merging: every dim gives a coordinate. */
  rows_init (&r, &src, 1, FALSE);
  nth = rows_threads (&r);
  starts = g_newa (gint64, nth + 1);

#pragma omp parallel num_threads (nth) if (nth > 1)
  {
    /* The team may be smaller than asked for. */
    gint team = omp_get_num_threads (), ith = omp_get_thread_num ();
    gint64 begin, end, coords[GT_MAX_DIMS];
    guint8 *ptr[1];
    gint64 *o;

    rows_range (&r, ith, team, &begin, &end);
    o = out_data + team_start (&r, starts, ith, team, 0, src->dtype, 1,
                               begin, end) * width;
    if (begin < end)
      {
        rows_seek (&r, begin, coords, ptr, 1);
        for (gint64 row = begin; row < end; row++)
          {
            o = nonzero_row (o, ptr[0], r.strides[0][r.ndim - 1], r.row_len,
                             coords, r.ndim);
            rows_next (&r, coords, ptr, 1);
          }
      }
  }
  return TRUE;
}
