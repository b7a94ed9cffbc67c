#pragma once

#include "gt-cpu-backend-private.h"
#include "gt-pointwise-private.h"

G_BEGIN_DECLS

/*
 * The pointwise kernels of one instruction set. Each works on contiguous
 * arrays of one dtype; gt-cpu-pointwise.c walks tensors of any layout with
 * GtCpuIter, gathers strided runs into small blocks and calls these. The
 * same source (gt-cpu-pointwise-loops.h) is compiled twice: for the x86-64
 * baseline (SSE2, SLEEF's sse2 functions) and for AVX2 + FMA (SLEEF's
 * avx2 functions, as torch uses); the AVX2 table is picked at run time when
 * the CPU has it. GT_CPU_CAPABILITY=default in the environment forces the
 * baseline (torch's ATEN_CPU_CAPABILITY), which the tests use.
 */

/* out[i] = op (in[i]) */
typedef void (*GtCpuPwUnaryFn)  (gpointer             out,
                                 gconstpointer        in,
                                 gint64               n,
                                 const GtUnaryParams *params);

/* out[i] = a[i] op b[i]; the _vs form reads b[0] only, the _sv form a[0]. */
typedef void (*GtCpuPwBinaryFn) (gpointer             out,
                                 gconstpointer        a,
                                 gconstpointer        b,
                                 gint64               n,
                                 gdouble              alpha);

/* Clamps with lo[0] / hi[0] (either NULL) as torch's Scalar bounds, or
 * with arrays lo[i], hi[i] (both given) as its tensor bounds. */
typedef void (*GtCpuPwClampFn)  (gpointer             out,
                                 gconstpointer        in,
                                 gconstpointer        lo,
                                 gconstpointer        hi,
                                 gint64               n);

enum { GT_CPU_PW_VV, GT_CPU_PW_VS, GT_CPU_PW_SV, GT_CPU_PW_N_FORMS };

typedef enum {
  GT_CPU_CLAMP_SCALAR_BOTH,
  GT_CPU_CLAMP_SCALAR_MIN,
  GT_CPU_CLAMP_SCALAR_MAX,
  GT_CPU_CLAMP_TENSOR_BOTH,
  GT_CPU_CLAMP_N_MODES
} GtCpuClampMode;

typedef struct {
  const char      *name;
  GtCpuPwUnaryFn   unary[GT_UNARY_N_OPS][GT_DTYPE_N_TYPES];
  GtCpuPwBinaryFn  binary[GT_BINARY_N_OPS][GT_DTYPE_N_TYPES][GT_CPU_PW_N_FORMS];
  GtCpuPwClampFn   clamp[GT_CPU_CLAMP_N_MODES][GT_DTYPE_N_TYPES];
} GtCpuPwKernels;

extern const GtCpuPwKernels gt_cpu_pw_kernels_default;
#if defined(__x86_64__)
extern const GtCpuPwKernels gt_cpu_pw_kernels_avx2;
#endif

G_END_DECLS
