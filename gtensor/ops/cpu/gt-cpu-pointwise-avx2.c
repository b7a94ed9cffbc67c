#include "config.h"

/* The pointwise kernels for x86-64 CPUs with AVX2 and FMA, chosen at run
 * time by gt-cpu-pointwise.c. The pragma (rather than per-file compiler
 * flags) keeps the build description simple; it also defines __AVX2__ and
 * __FMA__ for the headers that follow, so SLEEF declares its avx2
 * functions. */
#if defined(__x86_64__)
#pragma GCC target ("avx2,fma")
#define GT_PW_TABLE gt_cpu_pw_kernels_avx2
#include "gt-cpu-pointwise-loops.h"
#endif
