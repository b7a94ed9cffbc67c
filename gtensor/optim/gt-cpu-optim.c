#include "config.h"

/* The CPU kernels for the optimizers' fused updates: one pass over each
 * parameter, OpenMP across blocks above a grain size, float32 and float64,
 * in two copies (baseline and AVX2+FMA, chosen at run time as the
 * pointwise kernels are) so that each rounds as torch's kernels do on the
 * same machine. */

/* Every product rounds unless the loops say FMA (see the loops header);
 * -O3 lets the vectoriser unswitch the loops on their flags. */
#pragma GCC optimize ("O3", "fp-contract=off", "no-math-errno")

#include <math.h>

#include "ops/cpu/gt-cpu-backend-private.h"
#include "optim/gt-optim-private.h"

#define GT_OPTIM_GRAIN 32768

typedef struct {
  void (*sgd_f32)     (float *restrict, const float *restrict,
                       float *restrict, gint64, const GtOptimSgdArgs *);
  void (*sgd_f64)     (double *restrict, const double *restrict,
                       double *restrict, gint64, const GtOptimSgdArgs *);
  void (*adam_f32)    (float *restrict, const float *restrict,
                       float *restrict, float *restrict, float *restrict,
                       gint64, const GtOptimAdamArgs *);
  void (*adam_f64)    (double *restrict, const double *restrict,
                       double *restrict, double *restrict, double *restrict,
                       gint64, const GtOptimAdamArgs *);
  void (*rmsprop_f32) (float *restrict, const float *restrict,
                       float *restrict, float *restrict, float *restrict,
                       gint64, const GtOptimRmspropArgs *);
  void (*rmsprop_f64) (double *restrict, const double *restrict,
                       double *restrict, double *restrict, double *restrict,
                       gint64, const GtOptimRmspropArgs *);
} GtOptimKernels;

/* The baseline: torch's DEFAULT capability rounds a * b before adding. */
#define GT_OPTIM_SUFFIX default
#define GT_OPTIM_FMA(a, b, c) ((a) * (b) + (c))
#define GT_OPTIM_FMAF(a, b, c) ((a) * (b) + (c))
#include "gt-cpu-optim-loops.h"
#undef GT_OPTIM_SUFFIX
#undef GT_OPTIM_FMA
#undef GT_OPTIM_FMAF

#if defined(__x86_64__)
#pragma GCC push_options
#pragma GCC target ("avx2,fma")
#define GT_OPTIM_SUFFIX avx2
#define GT_OPTIM_FMA(a, b, c) __builtin_fma ((a), (b), (c))
#define GT_OPTIM_FMAF(a, b, c) __builtin_fmaf ((a), (b), (c))
#include "gt-cpu-optim-loops.h"
#undef GT_OPTIM_SUFFIX
#undef GT_OPTIM_FMA
#undef GT_OPTIM_FMAF
#pragma GCC pop_options
#endif

static const GtOptimKernels *
optim_select (void)
{
  const char *cap = g_getenv ("GT_CPU_CAPABILITY");

  if (cap != NULL && g_ascii_strcasecmp (cap, "default") == 0)
    return &gt_cpu_optim_kernels_default;
#if defined(__x86_64__)
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    return &gt_cpu_optim_kernels_avx2;
#endif
  return &gt_cpu_optim_kernels_default;
}

static const GtOptimKernels *
optim_kernels (void)
{
  static gsize kernels = 0;

  if (g_once_init_enter (&kernels))
    g_once_init_leave (&kernels, (gsize) optim_select ());
  return (const GtOptimKernels *) kernels;
}

static inline gpointer
data_or_null (GtTensor *t)
{
  return t != NULL ? gt_tensor_data (t) : NULL;
}

static gboolean
cpu_sgd (GtTensor             *param,
         GtTensor             *grad,
         GtTensor             *momentum_buffer,
         const GtOptimSgdArgs *args,
         GError              **error)
{
  const GtOptimKernels *k = optim_kernels ();

  if (param->dtype == GT_DTYPE_FLOAT64)
    k->sgd_f64 (gt_tensor_data (param), gt_tensor_data (grad),
                data_or_null (momentum_buffer), param->numel, args);
  else
    k->sgd_f32 (gt_tensor_data (param), gt_tensor_data (grad),
                data_or_null (momentum_buffer), param->numel, args);
  return TRUE;
}

static gboolean
cpu_adam (GtTensor              *param,
          GtTensor              *grad,
          GtTensor              *exp_avg,
          GtTensor              *exp_avg_sq,
          GtTensor              *max_exp_avg_sq,
          const GtOptimAdamArgs *args,
          GError               **error)
{
  const GtOptimKernels *k = optim_kernels ();

  if (param->dtype == GT_DTYPE_FLOAT64)
    k->adam_f64 (gt_tensor_data (param), gt_tensor_data (grad),
                 gt_tensor_data (exp_avg), gt_tensor_data (exp_avg_sq),
                 data_or_null (max_exp_avg_sq), param->numel, args);
  else
    k->adam_f32 (gt_tensor_data (param), gt_tensor_data (grad),
                 gt_tensor_data (exp_avg), gt_tensor_data (exp_avg_sq),
                 data_or_null (max_exp_avg_sq), param->numel, args);
  return TRUE;
}

static gboolean
cpu_rmsprop (GtTensor                 *param,
             GtTensor                 *grad,
             GtTensor                 *square_avg,
             GtTensor                 *grad_avg,
             GtTensor                 *momentum_buffer,
             const GtOptimRmspropArgs *args,
             GError                  **error)
{
  const GtOptimKernels *k = optim_kernels ();

  if (param->dtype == GT_DTYPE_FLOAT64)
    k->rmsprop_f64 (gt_tensor_data (param), gt_tensor_data (grad),
                    gt_tensor_data (square_avg), data_or_null (grad_avg),
                    data_or_null (momentum_buffer), param->numel, args);
  else
    k->rmsprop_f32 (gt_tensor_data (param), gt_tensor_data (grad),
                    gt_tensor_data (square_avg), data_or_null (grad_avg),
                    data_or_null (momentum_buffer), param->numel, args);
  return TRUE;
}

const GtBackendOptim gt_cpu_backend_optim = {
  .sgd = cpu_sgd,
  .adam = cpu_adam,
  .rmsprop = cpu_rmsprop,
};
