#include "config.h"

#include <omp.h>
#include <string.h>

#include "gt-cpu-alloc-private.h"
#include "gt-cpu-backend-private.h"
#include "gt-cpu-convert-private.h"
#include "gt-cpu-iter.h"
#include "gt-error.h"

/*
 * Sorting on the CPU.
 *
 * Each slice along the last dim is turned into unsigned integer keys whose
 * order is torch's order of the values: floats by their sign-magnitude bits
 * made monotonic, every NaN mapped to the largest key (NaN sorts above
 * +inf), -0 mapped to +0 (they compare equal), signed integers with the sign
 * bit flipped; descending order complements the keys. Then:
 * - sort: an LSD radix sort, one byte per pass, which is stable, so the
 *   stable and unstable sorts are the same; passes where every key shares
 *   the byte are skipped. Keys of at most 32 bits travel with their index
 *   packed into the low half of one 64-bit word. Short slices use an
 *   insertion sort.
 * - topk: quickselect of the k smallest (key, index) pairs, then a sort of
 *   those k. Among equal values the lowest indices are chosen.
 * Values are gathered from the input through the sorted indices, so they
 * keep their exact bits (NaN payloads, the sign of zero).
 * Threads take slices; a slice's scratch memory is allocated once per
 * thread.
 */

#define INSERTION_MAX 48

/* ---- keys ---------------------------------------------------------------- */

/* Key width in bits of each dtype. */
static const guint key_bits[GT_DTYPE_N_TYPES] = {
  [GT_DTYPE_FLOAT32] = 32, [GT_DTYPE_FLOAT64] = 64, [GT_DTYPE_FLOAT16] = 16,
  [GT_DTYPE_BFLOAT16] = 16, [GT_DTYPE_INT8] = 8, [GT_DTYPE_UINT8] = 8,
  [GT_DTYPE_INT16] = 16, [GT_DTYPE_INT32] = 32, [GT_DTYPE_INT64] = 64,
  [GT_DTYPE_BOOL] = 8,
};

/* Monotonic key of a float's bits: @abs is the bits without the sign,
 * @inf those of +inf. */
#define FLOAT_KEY(T, u, sign, inf)                                          \
  ({                                                                        \
    T abs_ = (u) & ~(T) (sign);                                             \
    abs_ > (T) (inf) ? (T) ~(T) 0                 /* every NaN: largest */  \
      : abs_ == 0 ? (T) (sign)                    /* -0 == +0 */            \
      : ((u) & (T) (sign)) ? (T) ~(u) : (T) ((u) | (T) (sign));             \
  })

static inline guint64
key_of (const guint8 *p,
        GtDType       dtype)
{
  switch (dtype)
    {
    case GT_DTYPE_FLOAT32:
      {
        guint32 u;
        memcpy (&u, p, 4);
        return FLOAT_KEY (guint32, u, 0x80000000u, 0x7F800000u);
      }
    case GT_DTYPE_FLOAT64:
      {
        guint64 u;
        memcpy (&u, p, 8);
        return FLOAT_KEY (guint64, u, G_GUINT64_CONSTANT (0x8000000000000000),
                          G_GUINT64_CONSTANT (0x7FF0000000000000));
      }
    case GT_DTYPE_FLOAT16:
      {
        guint16 u;
        memcpy (&u, p, 2);
        return FLOAT_KEY (guint16, u, 0x8000u, 0x7C00u);
      }
    case GT_DTYPE_BFLOAT16:
      {
        guint16 u;
        memcpy (&u, p, 2);
        return FLOAT_KEY (guint16, u, 0x8000u, 0x7F80u);
      }
    case GT_DTYPE_INT8:
      return (guint8) (*(const gint8 *) p) ^ 0x80u;
    case GT_DTYPE_UINT8:
      return *p;
    case GT_DTYPE_INT16:
      {
        gint16 v;
        memcpy (&v, p, 2);
        return (guint16) v ^ 0x8000u;
      }
    case GT_DTYPE_INT32:
      {
        gint32 v;
        memcpy (&v, p, 4);
        return (guint32) v ^ 0x80000000u;
      }
    case GT_DTYPE_INT64:
      {
        gint64 v;
        memcpy (&v, p, 8);
        return (guint64) v ^ G_GUINT64_CONSTANT (0x8000000000000000);
      }
    case GT_DTYPE_BOOL:
      return *p != 0;
    default:
      g_assert_not_reached ();
    }
  return 0;
}

/* The inverse of key_of: writes the value of @key at @p and returns TRUE,
 * or returns FALSE for the keys that stand for several values (every NaN,
 * both zeros), whose exact bits must come from the input. */
#define FLOAT_VALUE(T, key, sign, inf, p)                                   \
  ({                                                                        \
    T k_ = (T) (key), u_;                                                   \
    gboolean ok_ = k_ != (T) ~(T) 0 && k_ != (T) (sign);                    \
    u_ = (k_ & (T) (sign)) ? (T) (k_ & ~(T) (sign)) : (T) ~k_;              \
    if (ok_)                                                                \
      memcpy ((p), &u_, sizeof u_);                                         \
    ok_;                                                                    \
  })

static inline gboolean
value_of (guint64  key,
          GtDType  dtype,
          guint8  *p)
{
  switch (dtype)
    {
    case GT_DTYPE_FLOAT32:
      return FLOAT_VALUE (guint32, key, 0x80000000u, 0x7F800000u, p);
    case GT_DTYPE_FLOAT64:
      return FLOAT_VALUE (guint64, key, G_GUINT64_CONSTANT (0x8000000000000000),
                          G_GUINT64_CONSTANT (0x7FF0000000000000), p);
    case GT_DTYPE_FLOAT16:
      return FLOAT_VALUE (guint16, key, 0x8000u, 0x7C00u, p);
    case GT_DTYPE_BFLOAT16:
      return FLOAT_VALUE (guint16, key, 0x8000u, 0x7F80u, p);
    case GT_DTYPE_INT8:
    case GT_DTYPE_UINT8:
    case GT_DTYPE_BOOL:
      *p = (guint8) (key ^ (dtype == GT_DTYPE_INT8 ? 0x80u : 0u));
      return TRUE;
    case GT_DTYPE_INT16:
      {
        guint16 u = (guint16) (key ^ 0x8000u);
        memcpy (p, &u, 2);
        return TRUE;
      }
    case GT_DTYPE_INT32:
      {
        guint32 u = (guint32) (key ^ 0x80000000u);
        memcpy (p, &u, 4);
        return TRUE;
      }
    case GT_DTYPE_INT64:
      {
        guint64 u = key ^ G_GUINT64_CONSTANT (0x8000000000000000);
        memcpy (p, &u, 8);
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* Writes a sorted slice: positions (when @xp) and values (when @vp), the
 * values rebuilt from the keys so that the input is not read at random;
 * only NaN and zeros are copied from the input. */
#define DEFINE_EMIT_SORTED(D, ctype, ltype)                                 \
  static void                                                               \
  emit_sorted_##D (const guint64 *keys, const guint32 *idx, gint64 n,       \
                   guint64 flip, gboolean packed, guint8 *vp, gint64 vs,    \
                   gint64 *xp, gint64 xs, const guint8 *ip, gint64 is)      \
  {                                                                         \
    for (gint64 j = 0; j < n; j++)                                          \
      {                                                                     \
        guint64 key = packed ? keys[j] >> 32 : keys[j];                     \
        gint64 src = packed ? (gint64) (keys[j] & 0xFFFFFFFFu) : idx[j];    \
                                                                            \
        if (xp != NULL)                                                     \
          xp[j * xs] = src;                                                 \
        if (vp != NULL && !value_of (key ^ flip, GT_DTYPE_##D, vp + j * vs)) \
          memcpy (vp + j * vs, ip + src * is, sizeof (ctype));              \
      }                                                                     \
  }
GT_FOREACH_DTYPE (DEFINE_EMIT_SORTED)

typedef void (*EmitSortedFn) (const guint64 *keys, const guint32 *idx,
                              gint64 n, guint64 flip, gboolean packed,
                              guint8 *vp, gint64 vs, gint64 *xp, gint64 xs,
                              const guint8 *ip, gint64 is);
#define EMIT_SORTED_ENTRY(D, ctype, ltype) [GT_DTYPE_##D] = emit_sorted_##D,
static const EmitSortedFn emit_sorted[GT_DTYPE_N_TYPES] = {
  GT_FOREACH_DTYPE (EMIT_SORTED_ENTRY)
};

/* Fills keys[0..n) of the slice at @p (byte stride @s). With @packed, the
 * key goes to the high half and the index to the low half. */
#define DEFINE_MAKE_KEYS(D, ctype, ltype)                                   \
  static void                                                               \
  make_keys_##D (const guint8 *p, gint64 n, gint64 s, guint64 flip,         \
                 gboolean packed, guint64 *restrict keys)                   \
  {                                                                         \
    if (packed)                                                             \
      for (gint64 i = 0; i < n; i++)                                        \
        keys[i] = ((key_of (p + i * s, GT_DTYPE_##D) ^ flip) << 32) |       \
                  (guint64) i;                                              \
    else                                                                    \
      for (gint64 i = 0; i < n; i++)                                        \
        keys[i] = key_of (p + i * s, GT_DTYPE_##D) ^ flip;                  \
  }
GT_FOREACH_DTYPE (DEFINE_MAKE_KEYS)

typedef void (*MakeKeysFn) (const guint8 *p, gint64 n, gint64 s, guint64 flip,
                            gboolean packed, guint64 *keys);
#define MAKE_KEYS_ENTRY(D, ctype, ltype) [GT_DTYPE_##D] = make_keys_##D,
static const MakeKeysFn make_keys[GT_DTYPE_N_TYPES] = {
  GT_FOREACH_DTYPE (MAKE_KEYS_ENTRY)
};

/* ---- radix sort ---------------------------------------------------------- */

#define RADIX_MAX_BITS 11
#define RADIX_MAX_PASSES 8        /* 64 bits in bytes */

/* Stable LSD radix sort of keys[0..n) by bits [lo, hi), @digit bits per
 * pass, carrying idx (NULL when packed into the keys). tkeys/tidx are
 * scratch of n. Passes where every key has the same digit are skipped.
 * Returns TRUE when the result ended in the scratch arrays. */
static gboolean
radix_sort (guint64 *keys,
            guint32 *idx,
            guint64 *tkeys,
            guint32 *tidx,
            gint64   n,
            guint    lo,
            guint    hi,
            guint    digit)
{
  guint32 counts[RADIX_MAX_PASSES][1 << RADIX_MAX_BITS];
  guint n_passes = (hi - lo + digit - 1) / digit;
  guint64 mask = ((guint64) 1 << digit) - 1;
  gboolean swapped = FALSE;

  memset (counts, 0, n_passes * sizeof counts[0]);
  for (gint64 i = 0; i < n; i++)
    {
      guint64 k = keys[i] >> lo;

      for (guint p = 0; p < n_passes; p++)
        counts[p][(k >> (digit * p)) & mask]++;
    }

  for (guint p = 0; p < n_passes; p++)
    {
      guint32 *c = counts[p];
      guint32 sum = 0;
      guint shift = lo + digit * p;

      if (c[(keys[0] >> shift) & mask] == (guint32) n)
        continue;
      for (guint64 d = 0; d <= mask; d++)
        {
          guint32 t = c[d];
          c[d] = sum;
          sum += t;
        }
      if (idx != NULL)
        for (gint64 i = 0; i < n; i++)
          {
            guint32 dst = c[(keys[i] >> shift) & mask]++;
            tkeys[dst] = keys[i];
            tidx[dst] = idx[i];
          }
      else
        for (gint64 i = 0; i < n; i++)
          tkeys[c[(keys[i] >> shift) & mask]++] = keys[i];

      {
        guint64 *tk = keys;
        guint32 *ti = idx;

        keys = tkeys;
        tkeys = tk;
        if (idx != NULL)
          {
            idx = tidx;
            tidx = ti;
          }
      }
      swapped = !swapped;
    }
  return swapped;
}

/* Stable insertion sort for short slices. */
static void
insertion_sort (guint64 *keys,
                guint32 *idx,
                gint64   n)
{
  for (gint64 i = 1; i < n; i++)
    {
      guint64 k = keys[i];
      guint32 x = idx != NULL ? idx[i] : 0;
      gint64 j = i;

      for (; j > 0 && keys[j - 1] > k; j--)
        {
          keys[j] = keys[j - 1];
          if (idx != NULL)
            idx[j] = idx[j - 1];
        }
      keys[j] = k;
      if (idx != NULL)
        idx[j] = x;
    }
}

/* ---- output -------------------------------------------------------------- */

/* Writes position @j of a slice: the index, and the input element it
 * points at. */
static inline void
emit (guint8       *vp,
      gint64        vs,
      gint64       *xp,
      gint64        xs,
      const guint8 *ip,
      gint64        is,
      gsize         esize,
      gint64        j,
      gint64        src)
{
  if (xp != NULL)
    xp[j * xs] = src;
  if (vp != NULL)
    {
      const guint8 *from = ip + src * is;
      guint8 *to = vp + j * vs;

      switch (esize)
        {
        case 1: *to = *from; break;
        case 2: memcpy (to, from, 2); break;
        case 4: memcpy (to, from, 4); break;
        default: memcpy (to, from, 8); break;
        }
    }
}

/* The slices: every dim but the last, as offsets. */
typedef struct {
  guint   ndim;
  gint64  sizes[GT_MAX_DIMS];
  gint64  in_st[GT_MAX_DIMS], v_st[GT_MAX_DIMS], x_st[GT_MAX_DIMS];
  gint64  n_slices;
} Slices;

static void
slices_init (Slices   *sl,
             GtTensor *values,
             GtTensor *indices,
             GtTensor *in)
{
  sl->ndim = in->ndim - 1;
  sl->n_slices = 1;
  for (guint d = 0; d < sl->ndim; d++)
    {
      sl->sizes[d] = in->sizes[d];
      sl->in_st[d] = in->strides[d];
      sl->v_st[d] = values != NULL ? values->strides[d] : 0;
      sl->x_st[d] = indices != NULL ? indices->strides[d] : 0;
      sl->n_slices *= in->sizes[d];
    }
}

/* Element offsets of slice @r in the input, values and indices. */
static void
slice_offsets (const Slices *sl,
               gint64        r,
               gint64       *io,
               gint64       *vo,
               gint64       *xo)
{
  *io = *vo = *xo = 0;
  for (gint d = (gint) sl->ndim - 1; d >= 0; d--)
    {
      gint64 i = r % sl->sizes[d];

      r /= sl->sizes[d];
      *io += i * sl->in_st[d];
      *vo += i * sl->v_st[d];
      *xo += i * sl->x_st[d];
    }
}

typedef struct {
  GtTensor *values, *indices, *in;
  gint64    n;                /* slice length */
  gsize     esize;
  guint     bits;
  guint64   flip;             /* complement for descending / largest */
  gboolean  packed;
  Slices    sl;
} SortCtx;

static gboolean
sort_ctx_init (SortCtx   *sc,
               GtTensor  *values,
               GtTensor  *indices,
               GtTensor  *in,
               gboolean   reverse,
               GError   **error)
{
  sc->values = values;
  sc->indices = indices;
  sc->in = in;
  sc->n = in->sizes[in->ndim - 1];
  sc->esize = gt_dtype_get_element_size (in->dtype);
  sc->bits = key_bits[in->dtype];
  sc->flip = reverse ? (sc->bits == 64 ? ~(guint64) 0
                                       : ((guint64) 1 << sc->bits) - 1) : 0;
  sc->packed = sc->bits <= 32;
  slices_init (&sc->sl, values, indices, in);
  if (sc->n > (gint64) G_MAXUINT32)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
                   "sorting more than %u elements along one dimension is not "
                   "supported on the CPU", G_MAXUINT32);
      return FALSE;
    }
  return TRUE;
}

/* Where slice @r of the input, values and indices starts, and their steps
 * (bytes for input and values, elements for indices); values and indices
 * NULL where not wanted. */
typedef struct {
  const guint8 *ip;
  guint8       *vp;
  gint64       *xp;
  gint64        is, vs, xs;
} SlicePtrs;

static void
slice_ptrs (const SortCtx *sc,
            gint64         r,
            SlicePtrs     *p)
{
  gint64 io, vo, xo, es = (gint64) sc->esize;

  slice_offsets (&sc->sl, r, &io, &vo, &xo);
  p->ip = (const guint8 *) gt_tensor_data (sc->in) + io * es;
  p->is = sc->in->strides[sc->in->ndim - 1] * es;
  p->vp = NULL;
  p->xp = NULL;
  p->vs = p->xs = 0;
  if (sc->values != NULL)
    {
      p->vp = (guint8 *) gt_tensor_data (sc->values) + vo * es;
      p->vs = sc->values->strides[sc->values->ndim - 1] * es;
    }
  if (sc->indices != NULL)
    {
      p->xp = (gint64 *) gt_tensor_data (sc->indices) + xo;
      p->xs = sc->indices->strides[sc->indices->ndim - 1];
    }
}

/* ---- sort ---------------------------------------------------------------- */

static void
sort_slice (const SortCtx *sc,
            gint64         r,
            guint64       *keys,
            guint64       *tkeys,
            guint32       *idx,
            guint32       *tidx)
{
  gint64 n = sc->n;
  SlicePtrs p;

  slice_ptrs (sc, r, &p);
  make_keys[sc->in->dtype] (p.ip, n, p.is, sc->flip, sc->packed, keys);
  if (!sc->packed)
    for (gint64 i = 0; i < n; i++)
      idx[i] = (guint32) i;

  if (n <= INSERTION_MAX)
    insertion_sort (keys, sc->packed ? NULL : idx, n);
  else
    {
      /* 11-bit digits save passes on long slices; bytes suit short ones,
       * whose histograms would cost more than the passes. */
      guint digit = n >= 65536 ? 11 : 8;
      guint lo = sc->packed ? 32 : 0;

      if (radix_sort (keys, sc->packed ? NULL : idx, tkeys,
                      sc->packed ? NULL : tidx, n, lo, lo + sc->bits, digit))
        {
          keys = tkeys;
          idx = tidx;
        }
    }
  emit_sorted[sc->in->dtype] (keys, idx, n, sc->flip, sc->packed, p.vp, p.vs,
                              p.xp, p.xs, p.ip, p.is);
}

/* Runs @fn on every slice, in parallel over slices above the grain, with
 * per-thread scratch of @n_keys keys and @n_idx indices (twice each). */
typedef void (*SliceFn) (const SortCtx *sc, gint64 r, guint64 *keys,
                         guint64 *tkeys, guint32 *idx, guint32 *tidx);

static gboolean
for_each_slice (const SortCtx  *sc,
                SliceFn         fn,
                gint64          n_keys,
                gint64          n_idx,
                GError        **error)
{
  gboolean failed = FALSE;
  gboolean par = omp_get_max_threads () > 1 && sc->sl.n_slices > 1 &&
                 sc->sl.n_slices * sc->n >= GT_CPU_GRAIN_SIZE;
  gsize bytes = 2 * (gsize) n_keys * sizeof (guint64) +
                2 * (gsize) n_idx * sizeof (guint32);

  if (!par)
    {
      /* No OpenMP region: entering one costs more than a small sort. */
      guint64 *scratch = gt_cpu_alloc (0, bytes, NULL);
      guint32 *idx;

      if (scratch == NULL)
        return gt_cpu_alloc_failed (bytes, error);
      idx = (guint32 *) (scratch + 2 * n_keys);
      for (gint64 r = 0; r < sc->sl.n_slices; r++)
        fn (sc, r, scratch, scratch + n_keys, idx, idx + n_idx);
      gt_cpu_free (0, scratch, bytes);
      return TRUE;
    }

#pragma omp parallel
  {
    /* From the tensor allocator's cache: no fresh pages on every call. */
    guint64 *scratch = gt_cpu_alloc (0, bytes, NULL);
    guint64 *keys = scratch, *tkeys = scratch + n_keys;
    guint32 *idx = (guint32 *) (scratch + 2 * n_keys), *tidx = idx + n_idx;

    if (scratch == NULL)
      failed = TRUE;
    /* Every thread meets the loop, even one whose allocation failed. */
#pragma omp for schedule (dynamic, 1)
    for (gint64 r = 0; r < sc->sl.n_slices; r++)
      if (scratch != NULL)
        fn (sc, r, keys, tkeys, idx, tidx);
    if (scratch != NULL)
      gt_cpu_free (0, scratch, bytes);
  }
  if (failed)
    return gt_cpu_alloc_failed (bytes, error);
  return TRUE;
}

gboolean
gt_cpu_sort (GtTensor  *values,
             GtTensor  *indices,
             GtTensor  *in,
             gboolean   descending,
             gboolean   stable,
             GError   **error)
{
  SortCtx sc;

  /* The radix sort is stable, so @stable needs nothing more. */
  if (in->numel == 0)
    return TRUE;
  if (!sort_ctx_init (&sc, values, indices, in, descending, error))
    return FALSE;
  return for_each_slice (&sc, sort_slice, sc.n, sc.packed ? 0 : sc.n, error);
}

/* ---- topk ------------------------------------------------------------------ */

typedef struct {
  guint64 key;
  guint64 idx;
} Pair;

static inline gboolean
pair_less (const Pair *a,
           const Pair *b)
{
  return a->key < b->key || (a->key == b->key && a->idx < b->idx);
}

static inline void
pair_swap (Pair *a,
           Pair *b)
{
  Pair t = *a;
  *a = *b;
  *b = t;
}

static void
pair_insertion_sort (Pair   *a,
                     gint64  n)
{
  for (gint64 i = 1; i < n; i++)
    {
      Pair x = a[i];
      gint64 j = i;

      for (; j > 0 && pair_less (&x, &a[j - 1]); j--)
        a[j] = a[j - 1];
      a[j] = x;
    }
}

/* Bottom-up merge sort of a[0..n) with scratch t[0..n). */
static void
pair_merge_sort (Pair   *a,
                 Pair   *t,
                 gint64  n)
{
  Pair *src = a, *dst = t;
  const gint64 run = 16;

  for (gint64 i = 0; i < n; i += run)
    pair_insertion_sort (a + i, MIN (run, n - i));
  for (gint64 w = run; w < n; w *= 2)
    {
      for (gint64 lo = 0; lo < n; lo += 2 * w)
        {
          gint64 mid = MIN (lo + w, n), hi = MIN (lo + 2 * w, n);
          gint64 i = lo, j = mid, k = lo;

          while (i < mid && j < hi)
            dst[k++] = pair_less (&src[j], &src[i]) ? src[j++] : src[i++];
          while (i < mid)
            dst[k++] = src[i++];
          while (j < hi)
            dst[k++] = src[j++];
        }
      {
        Pair *x = src;
        src = dst;
        dst = x;
      }
    }
  if (src != a)
    memcpy (a, src, n * sizeof (Pair));
}

/* Rearranges a[0..n) so that a[0..k) are the k smallest pairs
 * (quickselect with median-of-three pivots; pairs are distinct). Falls
 * back to a full sort when partitions degenerate. */
static void
pair_select (Pair   *a,
             Pair   *t,
             gint64  n,
             gint64  k)
{
  gint64 lo = 0, hi = n;        /* the k-th smallest lies in [lo, hi) */
  gint budget = 2 * g_bit_storage ((gulong) n) + 8;

  while (hi - lo > INSERTION_MAX)
    {
      gint64 mid = lo + (hi - lo) / 2, i = lo, j = hi - 1;
      Pair pivot;

      if (budget-- == 0)
        {
          pair_merge_sort (a + lo, t, hi - lo);
          return;
        }
      if (pair_less (&a[mid], &a[lo]))
        pair_swap (&a[mid], &a[lo]);
      if (pair_less (&a[hi - 1], &a[lo]))
        pair_swap (&a[hi - 1], &a[lo]);
      if (pair_less (&a[hi - 1], &a[mid]))
        pair_swap (&a[hi - 1], &a[mid]);
      pivot = a[mid];

      /* Hoare partition: [lo, i) < pivot <= ... ; pivot is present. */
      for (;;)
        {
          while (pair_less (&a[i], &pivot))
            i++;
          while (pair_less (&pivot, &a[j]))
            j--;
          if (i >= j)
            break;
          pair_swap (&a[i], &a[j]);
          i++;
          j--;
        }
      /* Now [lo, j] <= pivot <= [j + 1, hi). */
      if (k <= j)
        hi = j + 1;
      else
        lo = j + 1;
    }
  pair_insertion_sort (a + lo, hi - lo);
}

/* Max-heap of pairs: sifts a[i] down in a[0..n). */
static void
heap_sift_down (Pair   *a,
                gint64  n,
                gint64  i)
{
  Pair x = a[i];

  for (;;)
    {
      gint64 child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && pair_less (&a[child], &a[child + 1]))
        child++;
      if (!pair_less (&x, &a[child]))
        break;
      a[i] = a[child];
      i = child;
    }
  a[i] = x;
}

/* The k smallest (key, position) pairs of a slice into heap[0..k), for k
 * much smaller than n: one pass over the input without a key array, and
 * most elements cost one comparison with the largest pair kept so far.
 * Elements come in position order, so a key equal to the largest kept one
 * is never better. */
#define DEFINE_HEAP_SELECT(D, ctype, ltype)                                 \
  static void                                                               \
  heap_select_##D (const guint8 *p, gint64 n, gint64 s, guint64 flip,       \
                   gint64 k, Pair *heap)                                    \
  {                                                                         \
    for (gint64 i = 0; i < k; i++)                                          \
      {                                                                     \
        heap[i].key = key_of (p + i * s, GT_DTYPE_##D) ^ flip;              \
        heap[i].idx = (guint64) i;                                          \
      }                                                                     \
    for (gint64 i = k / 2 - 1; i >= 0; i--)                                 \
      heap_sift_down (heap, k, i);                                          \
    for (gint64 i = k; i < n; i++)                                          \
      {                                                                     \
        guint64 key = key_of (p + i * s, GT_DTYPE_##D) ^ flip;              \
                                                                            \
        if (key < heap[0].key)                                              \
          {                                                                 \
            heap[0].key = key;                                              \
            heap[0].idx = (guint64) i;                                      \
            heap_sift_down (heap, k, 0);                                    \
          }                                                                 \
      }                                                                     \
  }
GT_FOREACH_DTYPE (DEFINE_HEAP_SELECT)

typedef void (*HeapSelectFn) (const guint8 *p, gint64 n, gint64 s,
                              guint64 flip, gint64 k, Pair *heap);
#define HEAP_SELECT_ENTRY(D, ctype, ltype) [GT_DTYPE_##D] = heap_select_##D,
static const HeapSelectFn heap_select[GT_DTYPE_N_TYPES] = {
  GT_FOREACH_DTYPE (HEAP_SELECT_ENTRY)
};

/* topk selects through a heap when k is at most n / TOPK_HEAP_RATIO. */
#define TOPK_HEAP_RATIO 16

typedef struct {
  SortCtx sc;
  gint64  k;
} TopkCtx;

static void
topk_slice (const SortCtx *sc,
            gint64         r,
            guint64       *keys,
            guint64       *tkeys,
            guint32       *idx,
            guint32       *tidx)
{
  const TopkCtx *tc = (const TopkCtx *) sc;
  gint64 n = sc->n, k = tc->k;
  gsize es = sc->esize;
  Pair *pairs = (Pair *) keys, *tmp = (Pair *) tkeys;
  SlicePtrs p;

  slice_ptrs (sc, r, &p);

  if (k <= n / TOPK_HEAP_RATIO)
    heap_select[sc->in->dtype] (p.ip, n, p.is, sc->flip, k, pairs);
  else
    {
      /* Keys into the first half of the pairs' memory, spread out into
       * pairs backwards so that nothing is overwritten before it is read,
       * then select. */
      make_keys[sc->in->dtype] (p.ip, n, p.is, sc->flip, FALSE, keys);
      for (gint64 i = n - 1; i >= 0; i--)
        {
          guint64 key = keys[i];

          pairs[i].key = key;
          pairs[i].idx = (guint64) i;
        }
      if (k < n)
        pair_select (pairs, tmp, n, k);
    }
  pair_merge_sort (pairs, tmp, k);

  for (gint64 j = 0; j < k; j++)
    emit (p.vp, p.vs, p.xp, p.xs, p.ip, p.is, es, j, (gint64) pairs[j].idx);
}

gboolean
gt_cpu_topk (GtTensor  *values,
             GtTensor  *indices,
             GtTensor  *in,
             gint64     k,
             gboolean   largest,
             gboolean   sorted,
             GError   **error)
{
  TopkCtx tc;

  /* The k results always come out sorted, which @sorted allows. */
  if (in->numel == 0 || k == 0)
    return TRUE;
  if (!sort_ctx_init (&tc.sc, values, indices, in, largest, error))
    return FALSE;
  tc.k = k;
  /* Pairs are two words: twice n (or k, for the heap) keys per array. */
  return for_each_slice (&tc.sc, topk_slice,
                         2 * (k <= tc.sc.n / TOPK_HEAP_RATIO ? k : tc.sc.n),
                         0, error);
}
