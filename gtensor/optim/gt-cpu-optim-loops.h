/* The fused optimizer loops, included twice by gt-cpu-optim.c: once for
 * the baseline instruction set and once under `#pragma GCC target
 * ("avx2,fma")`. GT_OPTIM_SUFFIX names the copy; GT_OPTIM_FMA (a, b, c)
 * is a * b + c as torch's Vectorized<T>::fmadd computes it on that
 * instruction set (one rounding with FMA, two without): torch's
 * `x.add_(y, alpha=a)` is fmadd (y, a, x), while mul_, addcmul_ and
 * addcdiv_ round every product. No other contraction happens (the file is
 * compiled with fp-contract off), so each float32 operation rounds where
 * torch's does. */

#define GT_OPTIM_CAT2(a, b) a##_##b
#define GT_OPTIM_CAT(a, b) GT_OPTIM_CAT2 (a, b)
#define GT_OPTIM_NAME(n, t) GT_OPTIM_CAT (GT_OPTIM_CAT (n, t), GT_OPTIM_SUFFIX)

/* The blocks that one thread updates at a time. */
#define GT_OPTIM_BLOCK 4096

#define GT_OPTIM_DEFINE(T, TN, SQRT, FMAF)                                     \
static void                                                                    \
GT_OPTIM_NAME (sgd, TN) (T *restrict p, const T *restrict g,                   \
                         T *restrict buf, gint64 n,                            \
                         const GtOptimSgdArgs *a)                              \
{                                                                              \
  const T wd = (T) a->weight_decay, mom = (T) a->momentum;                     \
  const T omd = (T) (1.0 - a->dampening), nlr = (T) -a->lr;                    \
  const gboolean decay = a->weight_decay != 0, has_buf = buf != NULL;          \
  const gboolean first = a->first, nesterov = a->nesterov;                     \
  const T sign = a->maximize ? (T) -1 : (T) 1;                                 \
  const gint64 n_blocks = (n + GT_OPTIM_BLOCK - 1) / GT_OPTIM_BLOCK;           \
                                                                               \
  _Pragma ("omp parallel for schedule (static) if (n > GT_OPTIM_GRAIN)")       \
  for (gint64 blk = 0; blk < n_blocks; blk++)                                  \
    {                                                                          \
      const gint64 end = MIN (n, (blk + 1) * GT_OPTIM_BLOCK);                  \
      for (gint64 i = blk * GT_OPTIM_BLOCK; i < end; i++)                      \
        {                                                                      \
          T d = sign * g[i];                                                   \
          if (decay)                                                           \
            d = FMAF (p[i], wd, d);                                            \
          if (has_buf)                                                         \
            {                                                                  \
              T b = first ? d : FMAF (d, omd, buf[i] * mom);                   \
              buf[i] = b;                                                      \
              d = nesterov ? FMAF (b, mom, d) : b;                             \
            }                                                                  \
          p[i] = FMAF (d, nlr, p[i]);                                          \
        }                                                                      \
    }                                                                          \
}                                                                              \
                                                                               \
static void                                                                    \
GT_OPTIM_NAME (adam, TN) (T *restrict p, const T *restrict g,                  \
                          T *restrict m, T *restrict v, T *restrict vmax,      \
                          gint64 n, const GtOptimAdamArgs *a)                  \
{                                                                              \
  const gdouble bias_correction1 = 1.0 - pow (a->beta1, a->step);             \
  const gdouble bias_correction2 = 1.0 - pow (a->beta2, a->step);             \
  const T b1 = (T) a->beta1, omb1 = (T) (1.0 - a->beta1);                      \
  const T b2 = (T) a->beta2, omb2 = (T) (1.0 - a->beta2);                      \
  const T wd = (T) a->weight_decay, eps = (T) a->eps;                          \
  const T nss = (T) -(a->lr / bias_correction1);                               \
  const T bc2s = (T) sqrt (bias_correction2);                                  \
  const T shrink = (T) (1.0 - a->lr * a->weight_decay);                        \
  const gboolean decoupled = a->decoupled;                                     \
  const gboolean decay = !decoupled && a->weight_decay != 0;                   \
  const T sign = a->maximize ? (T) -1 : (T) 1;                                 \
  const gint64 n_blocks = (n + GT_OPTIM_BLOCK - 1) / GT_OPTIM_BLOCK;           \
                                                                               \
  _Pragma ("omp parallel for schedule (static) if (n > GT_OPTIM_GRAIN)")       \
  for (gint64 blk = 0; blk < n_blocks; blk++)                                  \
    {                                                                          \
      const gint64 end = MIN (n, (blk + 1) * GT_OPTIM_BLOCK);                  \
      if (vmax == NULL)                                                        \
        for (gint64 i = blk * GT_OPTIM_BLOCK; i < end; i++)                    \
          {                                                                    \
            T gi = sign * g[i], pi = p[i];                                     \
            if (decoupled)                                                     \
              pi = pi * shrink;                                                \
            else if (decay)                                                    \
              gi = FMAF (pi, wd, gi);                                          \
            const T mi = FMAF (gi, omb1, m[i] * b1);                           \
            const T vi = v[i] * b2 + (omb2 * gi) * gi;                         \
            m[i] = mi;                                                         \
            v[i] = vi;                                                         \
            p[i] = pi + (nss * mi) / (SQRT (vi) / bc2s + eps);                 \
          }                                                                    \
      else                                                                     \
        for (gint64 i = blk * GT_OPTIM_BLOCK; i < end; i++)                    \
          {                                                                    \
            T gi = sign * g[i], pi = p[i];                                     \
            if (decoupled)                                                     \
              pi = pi * shrink;                                                \
            else if (decay)                                                    \
              gi = FMAF (pi, wd, gi);                                          \
            const T mi = FMAF (gi, omb1, m[i] * b1);                           \
            const T vi = v[i] * b2 + (omb2 * gi) * gi;                         \
            const T old = vmax[i];                                             \
            /* torch.maximum: NaN wins */                                      \
            const T vm = (old != old || vi != vi) ? old + vi                   \
                                                  : (old > vi ? old : vi);     \
            m[i] = mi;                                                         \
            v[i] = vi;                                                         \
            vmax[i] = vm;                                                      \
            p[i] = pi + (nss * mi) / (SQRT (vm) / bc2s + eps);                 \
          }                                                                    \
    }                                                                          \
}                                                                              \
                                                                               \
static void                                                                    \
GT_OPTIM_NAME (rmsprop, TN) (T *restrict p, const T *restrict g,               \
                             T *restrict sq, T *restrict ga,                   \
                             T *restrict buf, gint64 n,                        \
                             const GtOptimRmspropArgs *a)                      \
{                                                                              \
  const T al = (T) a->alpha, oma = (T) (1.0 - a->alpha);                       \
  const T wd = (T) a->weight_decay, eps = (T) a->eps;                          \
  const T mom = (T) a->momentum, nlr = (T) -a->lr;                             \
  const gboolean decay = a->weight_decay != 0;                                 \
  const T sign = a->maximize ? (T) -1 : (T) 1;                                 \
  const gint64 n_blocks = (n + GT_OPTIM_BLOCK - 1) / GT_OPTIM_BLOCK;           \
                                                                               \
  _Pragma ("omp parallel for schedule (static) if (n > GT_OPTIM_GRAIN)")       \
  for (gint64 blk = 0; blk < n_blocks; blk++)                                  \
    {                                                                          \
      const gint64 end = MIN (n, (blk + 1) * GT_OPTIM_BLOCK);                  \
      for (gint64 i = blk * GT_OPTIM_BLOCK; i < end; i++)                      \
        {                                                                      \
          T gi = sign * g[i];                                                  \
          if (decay)                                                           \
            gi = FMAF (p[i], wd, gi);                                          \
          const T si = sq[i] * al + (oma * gi) * gi;                           \
          T avg;                                                               \
          sq[i] = si;                                                          \
          if (ga != NULL)                                                      \
            {                                                                  \
              const T gai = FMAF (gi, oma, ga[i] * al);                        \
              ga[i] = gai;                                                     \
              avg = SQRT (si + ((T) -1 * gai) * gai);                          \
            }                                                                  \
          else                                                                 \
            avg = SQRT (si);                                                   \
          avg = avg + eps;                                                     \
          if (buf != NULL)                                                     \
            {                                                                  \
              const T b = buf[i] * mom + ((T) 1 * gi) / avg;                   \
              buf[i] = b;                                                      \
              p[i] = FMAF (b, nlr, p[i]);                                      \
            }                                                                  \
          else                                                                 \
            p[i] = p[i] + (nlr * gi) / avg;                                    \
        }                                                                      \
    }                                                                          \
}

GT_OPTIM_DEFINE (float, f32, sqrtf, GT_OPTIM_FMAF)
GT_OPTIM_DEFINE (double, f64, sqrt, GT_OPTIM_FMA)

static const GtOptimKernels GT_OPTIM_CAT (gt_cpu_optim_kernels, GT_OPTIM_SUFFIX) = {
  .sgd_f32 = GT_OPTIM_NAME (sgd, f32),
  .sgd_f64 = GT_OPTIM_NAME (sgd, f64),
  .adam_f32 = GT_OPTIM_NAME (adam, f32),
  .adam_f64 = GT_OPTIM_NAME (adam, f64),
  .rmsprop_f32 = GT_OPTIM_NAME (rmsprop, f32),
  .rmsprop_f64 = GT_OPTIM_NAME (rmsprop, f64),
};

#undef GT_OPTIM_DEFINE
#undef GT_OPTIM_NAME
#undef GT_OPTIM_CAT
#undef GT_OPTIM_CAT2
#undef GT_OPTIM_BLOCK
