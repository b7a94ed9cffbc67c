/*
 * The pointwise array kernels, compiled once per instruction set: the
 * includer defines GT_PW_TABLE (the name of the GtCpuPwKernels it
 * provides) and, for the AVX2 build, sets the target with a pragma before
 * including this. Not a normal header: no include guard, on purpose.
 *
 * Every kernel is a plain loop over contiguous arrays. Simple arithmetic
 * is left to the compiler (`omp simd` makes it vectorise at -O2, and
 * permits out == in); transcendental functions go through SLEEF's vector
 * functions of the same accuracy (u10, 1 ULP) that torch calls, with the
 * last partial vector computed in a padded buffer so that every element
 * gets the same function whatever its position.
 *
 * Numerics follow torch 1.13's CPU kernels: integer arithmetic wraps,
 * float -> the same formulas (div_floor_floating, remainder by fmod,
 * NaN-propagating maximum/minimum, sign(NaN) = 0, round half to even).
 */

#include <string.h>
#include <tgmath.h>

#if defined(__x86_64__)
#include <immintrin.h>
#include <sleef.h>
#endif

#include "gt-cpu-pointwise-private.h"

#if !defined(GT_PW_TABLE)
#error "define GT_PW_TABLE before including gt-cpu-pointwise-loops.h"
#endif

/* ---- the vector layer: width, loads, stores, SLEEF ---------------------- */

#if defined(__AVX2__) && defined(__FMA__)
typedef __m256  pw_vf;
typedef __m256d pw_vd;
#define VF_N             8
#define VD_N             4
#define VF_LOAD(p)       _mm256_loadu_ps (p)
#define VD_LOAD(p)       _mm256_loadu_pd (p)
#define VF_STORE(p, v)   _mm256_storeu_ps ((p), (v))
#define VD_STORE(p, v)   _mm256_storeu_pd ((p), (v))
#define VF_SET1(x)       _mm256_set1_ps (x)
#define VD_SET1(x)       _mm256_set1_pd (x)
#define VF_ADD(a, b)     _mm256_add_ps ((a), (b))
#define VD_ADD(a, b)     _mm256_add_pd ((a), (b))
#define VF_DIV(a, b)     _mm256_div_ps ((a), (b))
#define VD_DIV(a, b)     _mm256_div_pd ((a), (b))
#define VF_SQRT(a)       _mm256_sqrt_ps (a)
#define VD_SQRT(a)       _mm256_sqrt_pd (a)
#define VF_NEG(a)        _mm256_xor_ps ((a), _mm256_set1_ps (-0.0f))
#define VD_NEG(a)        _mm256_xor_pd ((a), _mm256_set1_pd (-0.0))
#define VF_ROUND(a, m)   _mm256_round_ps ((a), (m) | _MM_FROUND_NO_EXC)
#define VD_ROUND(a, m)   _mm256_round_pd ((a), (m) | _MM_FROUND_NO_EXC)
#define VF_SLEEF(fn)     Sleef_##fn##f8_u10avx2
#define VD_SLEEF(fn)     Sleef_##fn##d4_u10avx2
#define PW_HAVE_VROUND   1
#elif defined(__x86_64__)
typedef __m128  pw_vf;
typedef __m128d pw_vd;
#define VF_N             4
#define VD_N             2
#define VF_LOAD(p)       _mm_loadu_ps (p)
#define VD_LOAD(p)       _mm_loadu_pd (p)
#define VF_STORE(p, v)   _mm_storeu_ps ((p), (v))
#define VD_STORE(p, v)   _mm_storeu_pd ((p), (v))
#define VF_SET1(x)       _mm_set1_ps (x)
#define VD_SET1(x)       _mm_set1_pd (x)
#define VF_ADD(a, b)     _mm_add_ps ((a), (b))
#define VD_ADD(a, b)     _mm_add_pd ((a), (b))
#define VF_DIV(a, b)     _mm_div_ps ((a), (b))
#define VD_DIV(a, b)     _mm_div_pd ((a), (b))
#define VF_SQRT(a)       _mm_sqrt_ps (a)
#define VD_SQRT(a)       _mm_sqrt_pd (a)
#define VF_NEG(a)        _mm_xor_ps ((a), _mm_set1_ps (-0.0f))
#define VD_NEG(a)        _mm_xor_pd ((a), _mm_set1_pd (-0.0))
#define VF_SLEEF(fn)     Sleef_##fn##f4_u10sse2
#define VD_SLEEF(fn)     Sleef_##fn##d2_u10sse2
#define PW_HAVE_VROUND   0
#else
/* Other architectures: one lane, libm. */
typedef gfloat  pw_vf;
typedef gdouble pw_vd;
#define VF_N             1
#define VD_N             1
#define VF_LOAD(p)       (*(p))
#define VD_LOAD(p)       (*(p))
#define VF_STORE(p, v)   (*(p) = (v))
#define VD_STORE(p, v)   (*(p) = (v))
#define VF_SET1(x)       ((gfloat) (x))
#define VD_SET1(x)       ((gdouble) (x))
#define VF_ADD(a, b)     ((a) + (b))
#define VD_ADD(a, b)     ((a) + (b))
#define VF_DIV(a, b)     ((a) / (b))
#define VD_DIV(a, b)     ((a) / (b))
#define VF_SQRT(a)       sqrtf (a)
#define VD_SQRT(a)       sqrt (a)
#define VF_NEG(a)        (-(a))
#define VD_NEG(a)        (-(a))
#define VF_SLEEF(fn)     fn##f
#define VD_SLEEF(fn)     fn
#define PW_HAVE_VROUND   0
#endif

/* Per float dtype: C type, vector type, width. */
#define PW_V_FLOAT32_T   gfloat
#define PW_V_FLOAT32_VT  pw_vf
#define PW_V_FLOAT32_N   VF_N
#define PW_V_FLOAT64_T   gdouble
#define PW_V_FLOAT64_VT  pw_vd
#define PW_V_FLOAT64_N   VD_N

/* ---- element helpers ----------------------------------------------------- */

/* torch's c10::div_floor_floating */
#define PW_DEFINE_FLOAT_HELPERS(T, S)                                         \
  static inline T                                                             \
  pw_div_floor_##S (T a, T b)                                                 \
  {                                                                           \
    T mod, div, floordiv;                                                     \
    if (G_UNLIKELY (b == 0))                                                  \
      return a / b;                                                           \
    mod = fmod (a, b);                                                        \
    div = (a - mod) / b;                                                      \
    if (mod != 0 && (b < 0) != (mod < 0))                                     \
      div -= 1;                                                               \
    if (div == 0)                                                             \
      return copysign ((T) 0, a / b);                                         \
    floordiv = floor (div);                                                   \
    if (div - floordiv > (T) 0.5)                                             \
      floordiv += 1;                                                          \
    return floordiv;                                                          \
  }                                                                           \
  static inline T                                                             \
  pw_remainder_##S (T a, T b)                                                 \
  {                                                                           \
    T mod = fmod (a, b);                                                      \
    if (mod != 0 && (b < 0) != (mod < 0))                                     \
      mod += b;                                                               \
    return mod;                                                               \
  }
PW_DEFINE_FLOAT_HELPERS (gfloat, FLOAT32)
PW_DEFINE_FLOAT_HELPERS (gdouble, FLOAT64)

/* Integers: arithmetic in an unsigned type of at least 32 bits so that
 * overflow wraps instead of being undefined. Zero divisors never get
 * here (the driver checks first); MIN / -1 wraps as on torch's x86. */
#define PW_DEFINE_INT_HELPERS(T, U, S)                                        \
  static inline T                                                             \
  pw_div_trunc_##S (T a, T b)                                                 \
  {                                                                           \
    if (b == (T) -1)                                                          \
      return (T) (0 - (U) a);                                                 \
    return (T) (a / b);                                                       \
  }                                                                           \
  static inline T                                                             \
  pw_div_floor_##S (T a, T b)                                                 \
  {                                                                           \
    T q, r;                                                                   \
    if (b == (T) -1)                                                          \
      return (T) (0 - (U) a);                                                 \
    q = (T) (a / b);                                                          \
    r = (T) (a % b);                                                          \
    if (r != 0 && ((r < 0) != (b < 0)))                                       \
      q--;                                                                    \
    return q;                                                                 \
  }                                                                           \
  static inline T                                                             \
  pw_remainder_##S (T a, T b)                                                 \
  {                                                                           \
    T r;                                                                      \
    if (b == (T) -1)                                                          \
      return 0;                                                               \
    r = (T) (a % b);                                                          \
    if (r != 0 && ((r < 0) != (b < 0)))                                       \
      r = (T) ((U) r + (U) b);                                                \
    return r;                                                                 \
  }                                                                           \
  /* torch's powi: negative exponents give 0 except for bases 1 and -1 */    \
  static inline T                                                             \
  pw_pow_##S (T base, T exp)                                                  \
  {                                                                           \
    U result = 1, b = (U) base;                                               \
    if (exp < 0)                                                              \
      {                                                                       \
        if (base == 1)                                                        \
          return 1;                                                           \
        if (base == (T) -1)                                                   \
          return (exp & 1) ? (T) -1 : 1;                                      \
        return 0;                                                             \
      }                                                                       \
    for (T e = exp; e != 0; e = (T) (e >> 1))                                 \
      {                                                                       \
        if (e & 1)                                                            \
          result *= b;                                                        \
        b *= b;                                                               \
      }                                                                       \
    return (T) result;                                                        \
  }
PW_DEFINE_INT_HELPERS (gint8, guint32, INT8)
PW_DEFINE_INT_HELPERS (gint16, guint32, INT16)
PW_DEFINE_INT_HELPERS (gint32, guint32, INT32)
PW_DEFINE_INT_HELPERS (gint64, guint64, INT64)

static inline guint8 pw_div_trunc_UINT8 (guint8 a, guint8 b) { return a / b; }
static inline guint8 pw_div_floor_UINT8 (guint8 a, guint8 b) { return a / b; }
static inline guint8 pw_remainder_UINT8 (guint8 a, guint8 b) { return a % b; }
static inline guint8
pw_pow_UINT8 (guint8 base, guint8 exp)
{
  guint32 result = 1, b = base;

  for (guint e = exp; e != 0; e >>= 1)
    {
      if (e & 1)
        result *= b;
      b *= b;
    }
  return (guint8) result;
}

/* ---- loop generators ----------------------------------------------------- */

/* A unary kernel the compiler vectorises. EXPR reads `a` (the element)
 * and may use what PRE declares (and `p`, the params). */
#define PW_MAP_UNARY(NAME, T, OT, PRE, EXPR)                                  \
  static void                                                                 \
  NAME (gpointer o_, gconstpointer x_, gint64 n, const GtUnaryParams *p)      \
  {                                                                           \
    OT *o = o_;                                                               \
    const T *x = x_;                                                          \
    PRE;                                                                      \
    (void) p;                                                                 \
    _Pragma ("omp simd")                                                      \
    for (gint64 i = 0; i < n; i++)                                            \
      {                                                                       \
        const T a = x[i];                                                     \
        o[i] = (EXPR);                                                        \
      }                                                                       \
  }

/* A unary kernel over explicit vectors: VEXPR maps the vector `v`. */
#define PW_VEC_UNARY(NAME, T, VT, N, LOAD, STORE, VEXPR)                      \
  static void                                                                 \
  NAME (gpointer o_, gconstpointer x_, gint64 n, const GtUnaryParams *p)      \
  {                                                                           \
    T *o = o_;                                                                \
    const T *x = x_;                                                          \
    gint64 i = 0;                                                             \
    (void) p;                                                                 \
    for (; i + N <= n; i += N)                                                \
      {                                                                       \
        VT v = LOAD (x + i);                                                  \
        STORE (o + i, VEXPR);                                                 \
      }                                                                       \
    if (i < n)                                                                \
      {                                                                       \
        T buf[N];                                                             \
        memset (buf, 0, sizeof buf);                                          \
        memcpy (buf, x + i, (gsize) (n - i) * sizeof (T));                    \
        {                                                                     \
          VT v = LOAD (buf);                                                  \
          STORE (buf, VEXPR);                                                 \
        }                                                                     \
        memcpy (o + i, buf, (gsize) (n - i) * sizeof (T));                    \
      }                                                                       \
  }

/* A binary kernel in its three forms. EXPR reads `a` and `b`. */
#define PW_MAP_BINARY(NAME, T, OT, PRE, EXPR)                                 \
  static void                                                                 \
  NAME##_vv (gpointer o_, gconstpointer a_, gconstpointer b_, gint64 n,       \
             gdouble alpha)                                                   \
  {                                                                           \
    OT *o = o_;                                                               \
    const T *xa = a_, *xb = b_;                                               \
    PRE;                                                                      \
    (void) alpha;                                                             \
    _Pragma ("omp simd")                                                      \
    for (gint64 i = 0; i < n; i++)                                            \
      {                                                                       \
        const T a = xa[i], b = xb[i];                                         \
        o[i] = (EXPR);                                                        \
      }                                                                       \
  }                                                                           \
  static void                                                                 \
  NAME##_vs (gpointer o_, gconstpointer a_, gconstpointer b_, gint64 n,       \
             gdouble alpha)                                                   \
  {                                                                           \
    OT *o = o_;                                                               \
    const T *xa = a_;                                                         \
    const T b = *(const T *) b_;                                              \
    PRE;                                                                      \
    (void) alpha;                                                             \
    _Pragma ("omp simd")                                                      \
    for (gint64 i = 0; i < n; i++)                                            \
      {                                                                       \
        const T a = xa[i];                                                    \
        o[i] = (EXPR);                                                        \
      }                                                                       \
  }                                                                           \
  static void                                                                 \
  NAME##_sv (gpointer o_, gconstpointer a_, gconstpointer b_, gint64 n,       \
             gdouble alpha)                                                   \
  {                                                                           \
    OT *o = o_;                                                               \
    const T a = *(const T *) a_;                                              \
    const T *xb = b_;                                                         \
    PRE;                                                                      \
    (void) alpha;                                                             \
    _Pragma ("omp simd")                                                      \
    for (gint64 i = 0; i < n; i++)                                            \
      {                                                                       \
        const T b = xb[i];                                                    \
        o[i] = (EXPR);                                                        \
      }                                                                       \
  }

/* A binary kernel over explicit vectors: VEXPR combines `va` and `vb`. */
#define PW_VEC_BINARY_FORM(NAME, T, VT, N, LOAD, STORE, SET1, LA, LB, VEXPR)  \
  static void                                                                 \
  NAME (gpointer o_, gconstpointer a_, gconstpointer b_, gint64 n,            \
        gdouble alpha)                                                        \
  {                                                                           \
    T *o = o_;                                                                \
    const T *xa = a_, *xb = b_;                                               \
    gint64 i = 0;                                                             \
    (void) alpha;                                                             \
    for (; i + N <= n; i += N)                                                \
      {                                                                       \
        VT va = LA (xa, i), vb = LB (xb, i);                                \
        STORE (o + i, VEXPR);                                                 \
      }                                                                       \
    if (i < n)                                                                \
      {                                                                       \
        T ba[N], bb[N];                                                       \
        for (gint64 j = 0; j < N; j++)                                        \
          {                                                                   \
            ba[j] = i + j < n ? LA##_ELEM (xa, i + j) : 0;                    \
            bb[j] = i + j < n ? LB##_ELEM (xb, i + j) : 0;                    \
          }                                                                   \
        {                                                                     \
          VT va = LOAD (ba), vb = LOAD (bb);                                  \
          STORE (ba, VEXPR);                                                  \
        }                                                                     \
        memcpy (o + i, ba, (gsize) (n - i) * sizeof (T));                     \
      }                                                                       \
  }

#define PW_VEC_BINARY(NAME, D, V, VEXPR)                                      \
  PW_VEC_BINARY_FORM (NAME##_vv, PW_V_##D##_T, PW_V_##D##_VT, PW_V_##D##_N,   \
                      V##_LOAD, V##_STORE, V##_SET1, V##_LDV, V##_LDV, VEXPR) \
  PW_VEC_BINARY_FORM (NAME##_vs, PW_V_##D##_T, PW_V_##D##_VT, PW_V_##D##_N,   \
                      V##_LOAD, V##_STORE, V##_SET1, V##_LDV, V##_LDS, VEXPR) \
  PW_VEC_BINARY_FORM (NAME##_sv, PW_V_##D##_T, PW_V_##D##_VT, PW_V_##D##_N,   \
                      V##_LOAD, V##_STORE, V##_SET1, V##_LDS, V##_LDV, VEXPR)

/* Operand loaders for PW_VEC_BINARY_FORM: a vector, or a broadcast scalar. */
#define VF_LDV(p, i)      VF_LOAD ((p) + (i))
#define VF_LDV_ELEM(p, i) ((p)[i])
#define VF_LDS(p, i)      VF_SET1 ((p)[0])
#define VF_LDS_ELEM(p, i) ((p)[0])
#define VD_LDV(p, i)      VD_LOAD ((p) + (i))
#define VD_LDV_ELEM(p, i) ((p)[i])
#define VD_LDS(p, i)      VD_SET1 ((p)[0])
#define VD_LDS_ELEM(p, i) ((p)[0])

/* ---- floating-point kernels ---------------------------------------------- */

#define PW_FLOAT_KERNELS(D, T, V)                                             \
  PW_VEC_UNARY (exp_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD, V##_STORE, \
                V##_SLEEF (exp) (v))                                          \
  PW_VEC_UNARY (log_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD, V##_STORE, \
                V##_SLEEF (log) (v))                                          \
  PW_VEC_UNARY (log2_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD,           \
                V##_STORE, V##_SLEEF (log2) (v))                              \
  PW_VEC_UNARY (log1p_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD,          \
                V##_STORE, V##_SLEEF (log1p) (v))                             \
  PW_VEC_UNARY (expm1_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD,          \
                V##_STORE, V##_SLEEF (expm1) (v))                             \
  PW_VEC_UNARY (sin_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD, V##_STORE, \
                V##_SLEEF (sin) (v))                                          \
  PW_VEC_UNARY (cos_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD, V##_STORE, \
                V##_SLEEF (cos) (v))                                          \
  PW_VEC_UNARY (tanh_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD,           \
                V##_STORE, V##_SLEEF (tanh) (v))                              \
  /* torch: 1 / (1 + exp(-x)) with the vector exp */                         \
  PW_VEC_UNARY (sigmoid_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD,        \
                V##_STORE,                                                    \
                V##_DIV (V##_SET1 (1), V##_ADD (V##_SET1 (1),                 \
                                               V##_SLEEF (exp) (V##_NEG (v)))))\
  PW_VEC_UNARY (sqrt_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD,           \
                V##_STORE, V##_SQRT (v))                                      \
  PW_VEC_UNARY (rsqrt_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD,          \
                V##_STORE, V##_DIV (V##_SET1 (1), V##_SQRT (v)))              \
  PW_MAP_UNARY (reciprocal_##D, T, T, , (T) 1 / a)                            \
  PW_MAP_UNARY (abs_##D, T, T, , fabs (a))                                    \
  PW_MAP_UNARY (neg_##D, T, T, , -a)                                          \
  PW_MAP_UNARY (sign_##D, T, T, , (T) ((0 < a) - (a < 0)))                    \
  PW_MAP_UNARY (relu_##D, T, T, , a < 0 ? (T) 0 : a)                          \
  PW_MAP_UNARY (square_##D, T, T, , a * a)                                    \
  PW_MAP_UNARY (isnan_##D, T, guint8, , a != a)                               \
  PW_MAP_UNARY (isinf_##D, T, guint8, , fabs (a) == (T) INFINITY)             \
  PW_MAP_UNARY (logical_not_##D, T, guint8, , a == 0)                         \
  PW_MAP_UNARY (nan_to_num_##D, T, T,                                         \
                const T nan_v = (T) p->nan; const T pos_v = (T) p->posinf;    \
                const T neg_v = (T) p->neginf,                                \
                a != a ? nan_v : a == (T) INFINITY ? pos_v                    \
                : a == (T) -INFINITY ? neg_v : a)                             \
  PW_MAP_UNARY (round_plain_##D, T, T, , rint (a))                            \
  PW_MAP_UNARY (round_mul_##D, T, T, const T s = (T) pow (10.0, p->decimals), \
                rint (a * s) / s)                                             \
  PW_MAP_UNARY (round_div_##D, T, T,                                          \
                const T s = (T) pow (10.0, -p->decimals), rint (a / s) * s)   \
  /* torch.round(decimals=): scale, round half to even, scale back */         \
  static void                                                                 \
  round_##D (gpointer o, gconstpointer x, gint64 n, const GtUnaryParams *p)   \
  {                                                                           \
    if (p == NULL || p->decimals == 0)                                        \
      round_plain_##D (o, x, n, p);                                           \
    else if (p->decimals > 0)                                                 \
      round_mul_##D (o, x, n, p);                                             \
    else                                                                      \
      round_div_##D (o, x, n, p);                                             \
  }                                                                           \
  PW_ROUNDING_KERNELS (D, T, V)                                               \
                                                                              \
  /* With alpha 1 these are exactly a + b and a - b (also when fused). */   \
  PW_MAP_BINARY (add_##D, T, T, const T al = (T) alpha, a + al * b)           \
  PW_MAP_BINARY (sub_##D, T, T, const T al = (T) alpha, a - al * b)           \
  PW_MAP_BINARY (mul_##D, T, T, , a * b)                                      \
  PW_MAP_BINARY (div_##D, T, T, , a / b)                                      \
  PW_MAP_BINARY (div_trunc_##D, T, T, , trunc (a / b))                        \
  PW_MAP_BINARY (div_floor_##D, T, T, , pw_div_floor_##D (a, b))              \
  PW_MAP_BINARY (remainder_##D, T, T, , pw_remainder_##D (a, b))              \
  PW_MAP_BINARY (maximum_##D, T, T, ,                                         \
                 a != a ? a : b != b ? b : a > b ? a : b)                     \
  PW_MAP_BINARY (minimum_##D, T, T, ,                                         \
                 a != a ? a : b != b ? b : a < b ? a : b)                     \
  PW_VEC_BINARY (pow_##D, D, V, V##_SLEEF (pow) (va, vb))                     \
  PW_VEC_BINARY (atan2_##D, D, V, V##_SLEEF (atan2) (va, vb))                 \
  PW_COMPARE_KERNELS (D, T)                                                   \
  /* Scalar bounds: a NaN bound compares false and is ignored */              \
  PW_CLAMP_KERNELS (D, T)                                                     \
  static void                                                                 \
  clamp_tensor_both_##D (gpointer o_, gconstpointer x_, gconstpointer lo_,    \
                         gconstpointer hi_, gint64 n)                         \
  {                                                                           \
    T *o = o_;                                                                \
    const T *x = x_, *lo = lo_, *hi = hi_;                                    \
    _Pragma ("omp simd")                                                      \
    for (gint64 i = 0; i < n; i++)                                            \
      {                                                                       \
        T a = x[i], l = lo[i], h = hi[i];                                     \
        /* NaN anywhere gives NaN, as torch's vectorised clamp */             \
        T r = a != a ? a : l != l ? l : a < l ? l : a;                        \
        o[i] = r != r ? r : h != h ? h : h < r ? h : r;                       \
      }                                                                       \
  }

#if PW_HAVE_VROUND
#define PW_ROUNDING_KERNELS(D, T, V)                                          \
  PW_VEC_UNARY (floor_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD,          \
                V##_STORE, V##_ROUND (v, _MM_FROUND_TO_NEG_INF))              \
  PW_VEC_UNARY (ceil_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD,           \
                V##_STORE, V##_ROUND (v, _MM_FROUND_TO_POS_INF))              \
  PW_VEC_UNARY (trunc_##D, T, PW_V_##D##_VT, PW_V_##D##_N, V##_LOAD,          \
                V##_STORE, V##_ROUND (v, _MM_FROUND_TO_ZERO))
#else
#define PW_ROUNDING_KERNELS(D, T, V)                                          \
  PW_MAP_UNARY (floor_##D, T, T, , floor (a))                                 \
  PW_MAP_UNARY (ceil_##D, T, T, , ceil (a))                                   \
  PW_MAP_UNARY (trunc_##D, T, T, , trunc (a))
#endif

#define PW_COMPARE_KERNELS(D, T)                                              \
  PW_MAP_BINARY (eq_##D, T, guint8, , a == b)                                 \
  PW_MAP_BINARY (ne_##D, T, guint8, , a != b)                                 \
  PW_MAP_BINARY (lt_##D, T, guint8, , a < b)                                  \
  PW_MAP_BINARY (le_##D, T, guint8, , a <= b)                                 \
  PW_MAP_BINARY (gt_##D, T, guint8, , a > b)                                  \
  PW_MAP_BINARY (ge_##D, T, guint8, , a >= b)

/* torch's scalar clamp: x = max(x, lo) then min(x, hi) with std::max/min,
 * so a NaN input stays NaN and a NaN bound changes nothing. */
#define PW_CLAMP_KERNELS(D, T)                                                \
  static void                                                                 \
  clamp_scalar_both_##D (gpointer o_, gconstpointer x_, gconstpointer lo_,    \
                         gconstpointer hi_, gint64 n)                         \
  {                                                                           \
    T *o = o_;                                                                \
    const T *x = x_;                                                          \
    const T l = *(const T *) lo_, h = *(const T *) hi_;                       \
    _Pragma ("omp simd")                                                      \
    for (gint64 i = 0; i < n; i++)                                            \
      {                                                                       \
        T a = x[i];                                                           \
        a = a < l ? l : a;                                                    \
        o[i] = h < a ? h : a;                                                 \
      }                                                                       \
  }                                                                           \
  static void                                                                 \
  clamp_scalar_min_##D (gpointer o_, gconstpointer x_, gconstpointer lo_,     \
                        gconstpointer hi_, gint64 n)                          \
  {                                                                           \
    T *o = o_;                                                                \
    const T *x = x_;                                                          \
    const T l = *(const T *) lo_;                                             \
    _Pragma ("omp simd")                                                      \
    for (gint64 i = 0; i < n; i++)                                            \
      o[i] = x[i] < l ? l : x[i];                                             \
  }                                                                           \
  static void                                                                 \
  clamp_scalar_max_##D (gpointer o_, gconstpointer x_, gconstpointer lo_,     \
                        gconstpointer hi_, gint64 n)                          \
  {                                                                           \
    T *o = o_;                                                                \
    const T *x = x_;                                                          \
    const T h = *(const T *) hi_;                                             \
    _Pragma ("omp simd")                                                      \
    for (gint64 i = 0; i < n; i++)                                            \
      o[i] = h < x[i] ? h : x[i];                                             \
  }

PW_FLOAT_KERNELS (FLOAT32, gfloat, VF)
PW_FLOAT_KERNELS (FLOAT64, gdouble, VD)

/* ---- integer kernels ----------------------------------------------------- */

/* What signed and unsigned integers share; U is the wrapping type. */
#define PW_INT_COMMON_KERNELS(D, T, U)                                        \
  PW_MAP_UNARY (square_##D, T, T, , (T) ((U) a * (U) a))                      \
  PW_MAP_UNARY (isnan_##D, T, guint8, , ((void) a, 0))                                    \
  PW_MAP_UNARY (isinf_##D, T, guint8, , ((void) a, 0))                                    \
  PW_MAP_UNARY (logical_not_##D, T, guint8, , a == 0)                         \
  PW_MAP_BINARY (add_##D, T, T, const U al = (U) (gint64) alpha,                   \
                 (T) ((U) a + al * (U) b))                                    \
  PW_MAP_BINARY (sub_##D, T, T, const U al = (U) (gint64) alpha,                   \
                 (T) ((U) a - al * (U) b))                                    \
  PW_MAP_BINARY (mul_##D, T, T, , (T) ((U) a * (U) b))                        \
  PW_MAP_BINARY (div_trunc_##D, T, T, , pw_div_trunc_##D (a, b))              \
  PW_MAP_BINARY (div_floor_##D, T, T, , pw_div_floor_##D (a, b))              \
  PW_MAP_BINARY (remainder_##D, T, T, , pw_remainder_##D (a, b))              \
  PW_MAP_BINARY (pow_##D, T, T, , pw_pow_##D (a, b))                          \
  PW_MAP_BINARY (maximum_##D, T, T, , a > b ? a : b)                          \
  PW_MAP_BINARY (minimum_##D, T, T, , a < b ? a : b)                          \
  PW_COMPARE_KERNELS (D, T)                                                   \
  PW_CLAMP_KERNELS (D, T)                                                     \
  static void                                                                 \
  clamp_tensor_both_##D (gpointer o_, gconstpointer x_, gconstpointer lo_,    \
                         gconstpointer hi_, gint64 n)                         \
  {                                                                           \
    T *o = o_;                                                                \
    const T *x = x_, *lo = lo_, *hi = hi_;                                    \
    _Pragma ("omp simd")                                                      \
    for (gint64 i = 0; i < n; i++)                                            \
      {                                                                       \
        T r = x[i] < lo[i] ? lo[i] : x[i];                                    \
        o[i] = hi[i] < r ? hi[i] : r;                                         \
      }                                                                       \
  }

#define PW_SIGNED_KERNELS(D, T, U)                                            \
  PW_INT_COMMON_KERNELS (D, T, U)                                             \
  PW_MAP_UNARY (abs_##D, T, T, , a < 0 ? (T) (0 - (U) a) : a)                 \
  PW_MAP_UNARY (neg_##D, T, T, , (T) (0 - (U) a))                             \
  PW_MAP_UNARY (sign_##D, T, T, , (T) ((0 < a) - (a < 0)))                    \
  PW_MAP_UNARY (relu_##D, T, T, , a < 0 ? (T) 0 : a)

PW_SIGNED_KERNELS (INT8, gint8, guint32)
PW_SIGNED_KERNELS (INT16, gint16, guint32)
PW_SIGNED_KERNELS (INT32, gint32, guint32)
PW_SIGNED_KERNELS (INT64, gint64, guint64)

PW_INT_COMMON_KERNELS (UINT8, guint8, guint32)
PW_MAP_UNARY (abs_UINT8, guint8, guint8, , a)
PW_MAP_UNARY (neg_UINT8, guint8, guint8, , (guint8) (0 - (guint32) a))
PW_MAP_UNARY (sign_UINT8, guint8, guint8, , a != 0)
PW_MAP_UNARY (relu_UINT8, guint8, guint8, , a)

/* ---- bool kernels: values are 0 or 1 ------------------------------------- */

PW_MAP_UNARY (sign_BOOL, guint8, guint8, , a != 0)
PW_MAP_UNARY (isnan_BOOL, guint8, guint8, , ((void) a, 0))
PW_MAP_UNARY (isinf_BOOL, guint8, guint8, , ((void) a, 0))
PW_MAP_UNARY (logical_not_BOOL, guint8, guint8, , a == 0)
PW_MAP_BINARY (add_BOOL, guint8, guint8, const guint8 al = alpha != 0,
               (a != 0) | ((b != 0) & al))
PW_MAP_BINARY (mul_BOOL, guint8, guint8, , (a != 0) & (b != 0))
PW_MAP_BINARY (maximum_BOOL, guint8, guint8, , (a != 0) | (b != 0))
PW_MAP_BINARY (minimum_BOOL, guint8, guint8, , (a != 0) & (b != 0))
PW_MAP_BINARY (logical_and_BOOL, guint8, guint8, , (a != 0) & (b != 0))
PW_MAP_BINARY (logical_or_BOOL, guint8, guint8, , (a != 0) | (b != 0))
PW_MAP_BINARY (logical_xor_BOOL, guint8, guint8, , (a != 0) ^ (b != 0))
PW_MAP_BINARY (eq_BOOL, guint8, guint8, , (a != 0) == (b != 0))
PW_MAP_BINARY (ne_BOOL, guint8, guint8, , (a != 0) != (b != 0))
PW_MAP_BINARY (lt_BOOL, guint8, guint8, , (a != 0) < (b != 0))
PW_MAP_BINARY (le_BOOL, guint8, guint8, , (a != 0) <= (b != 0))
PW_MAP_BINARY (gt_BOOL, guint8, guint8, , (a != 0) > (b != 0))
PW_MAP_BINARY (ge_BOOL, guint8, guint8, , (a != 0) >= (b != 0))
static void
clamp_tensor_both_BOOL (gpointer o_, gconstpointer x_, gconstpointer lo_,
                        gconstpointer hi_, gint64 n)
{
  guint8 *o = o_;
  const guint8 *x = x_, *lo = lo_, *hi = hi_;

  for (gint64 i = 0; i < n; i++)
    o[i] = ((x[i] != 0) | (lo[i] != 0)) & (hi[i] != 0);
}

/* ---- the table ----------------------------------------------------------- */

#define PW_U(op, D) [GT_DTYPE_##D] = op##_##D,
#define PW_B(op, D) [GT_DTYPE_##D] = { op##_##D##_vv, op##_##D##_vs, op##_##D##_sv },
#define PW_FLOATS(X, op) X (op, FLOAT32) X (op, FLOAT64)
#define PW_INTS(X, op) \
  X (op, INT8) X (op, UINT8) X (op, INT16) X (op, INT32) X (op, INT64)
#define PW_NUMBERS(X, op) PW_FLOATS (X, op) PW_INTS (X, op)
#define PW_ALL(X, op) PW_NUMBERS (X, op) X (op, BOOL)

const GtCpuPwKernels GT_PW_TABLE = {
  .name = G_STRINGIFY (GT_PW_TABLE),
  .unary = {
    [GT_UNARY_EXP] = { PW_FLOATS (PW_U, exp) },
    [GT_UNARY_LOG] = { PW_FLOATS (PW_U, log) },
    [GT_UNARY_LOG2] = { PW_FLOATS (PW_U, log2) },
    [GT_UNARY_LOG1P] = { PW_FLOATS (PW_U, log1p) },
    [GT_UNARY_EXPM1] = { PW_FLOATS (PW_U, expm1) },
    [GT_UNARY_SQRT] = { PW_FLOATS (PW_U, sqrt) },
    [GT_UNARY_RSQRT] = { PW_FLOATS (PW_U, rsqrt) },
    [GT_UNARY_SIN] = { PW_FLOATS (PW_U, sin) },
    [GT_UNARY_COS] = { PW_FLOATS (PW_U, cos) },
    [GT_UNARY_TANH] = { PW_FLOATS (PW_U, tanh) },
    [GT_UNARY_SIGMOID] = { PW_FLOATS (PW_U, sigmoid) },
    [GT_UNARY_RECIPROCAL] = { PW_FLOATS (PW_U, reciprocal) },
    [GT_UNARY_ABS] = { PW_NUMBERS (PW_U, abs) },
    [GT_UNARY_NEG] = { PW_NUMBERS (PW_U, neg) },
    [GT_UNARY_SIGN] = { PW_ALL (PW_U, sign) },
    [GT_UNARY_ROUND] = { PW_FLOATS (PW_U, round) },
    [GT_UNARY_FLOOR] = { PW_FLOATS (PW_U, floor) },
    [GT_UNARY_CEIL] = { PW_FLOATS (PW_U, ceil) },
    [GT_UNARY_TRUNC] = { PW_FLOATS (PW_U, trunc) },
    [GT_UNARY_RELU] = { PW_NUMBERS (PW_U, relu) },
    [GT_UNARY_SQUARE] = { PW_NUMBERS (PW_U, square) },
    [GT_UNARY_NAN_TO_NUM] = { PW_FLOATS (PW_U, nan_to_num) },
    [GT_UNARY_ISNAN] = { PW_ALL (PW_U, isnan) },
    [GT_UNARY_ISINF] = { PW_ALL (PW_U, isinf) },
    [GT_UNARY_LOGICAL_NOT] = { PW_ALL (PW_U, logical_not) },
  },
  .binary = {
    [GT_BINARY_ADD] = { PW_ALL (PW_B, add) },
    [GT_BINARY_SUB] = { PW_NUMBERS (PW_B, sub) },
    [GT_BINARY_MUL] = { PW_ALL (PW_B, mul) },
    [GT_BINARY_DIV] = { PW_FLOATS (PW_B, div) },
    [GT_BINARY_DIV_TRUNC] = { PW_NUMBERS (PW_B, div_trunc) },
    [GT_BINARY_DIV_FLOOR] = { PW_NUMBERS (PW_B, div_floor) },
    [GT_BINARY_POW] = { PW_NUMBERS (PW_B, pow) },
    [GT_BINARY_MAXIMUM] = { PW_ALL (PW_B, maximum) },
    [GT_BINARY_MINIMUM] = { PW_ALL (PW_B, minimum) },
    [GT_BINARY_REMAINDER] = { PW_NUMBERS (PW_B, remainder) },
    [GT_BINARY_ATAN2] = { PW_FLOATS (PW_B, atan2) },
    [GT_BINARY_EQ] = { PW_ALL (PW_B, eq) },
    [GT_BINARY_NE] = { PW_ALL (PW_B, ne) },
    [GT_BINARY_LT] = { PW_ALL (PW_B, lt) },
    [GT_BINARY_LE] = { PW_ALL (PW_B, le) },
    [GT_BINARY_GT] = { PW_ALL (PW_B, gt) },
    [GT_BINARY_GE] = { PW_ALL (PW_B, ge) },
    [GT_BINARY_LOGICAL_AND] = { PW_B (logical_and, BOOL) },
    [GT_BINARY_LOGICAL_OR] = { PW_B (logical_or, BOOL) },
    [GT_BINARY_LOGICAL_XOR] = { PW_B (logical_xor, BOOL) },
  },
  .clamp = {
    [GT_CPU_CLAMP_SCALAR_BOTH] = { PW_NUMBERS (PW_U, clamp_scalar_both) },
    [GT_CPU_CLAMP_SCALAR_MIN] = { PW_NUMBERS (PW_U, clamp_scalar_min) },
    [GT_CPU_CLAMP_SCALAR_MAX] = { PW_NUMBERS (PW_U, clamp_scalar_max) },
    [GT_CPU_CLAMP_TENSOR_BOTH] = { PW_ALL (PW_U, clamp_tensor_both) },
  },
};
