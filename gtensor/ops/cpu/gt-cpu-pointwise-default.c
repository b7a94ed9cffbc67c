#include "config.h"

/* The pointwise kernels for any CPU of the architecture (on x86-64: SSE2
 * and SLEEF's sse2 functions). */
#define GT_PW_TABLE gt_cpu_pw_kernels_default
#include "gt-cpu-pointwise-loops.h"
