#include "config.h"

#include "ops/cpu/gt-cpu-backend-private.h"
#include "optim/gt-optim-private.h"

/* The CPU kernels for the optimizers' fused updates. */
const GtBackendOptim gt_cpu_backend_optim = {
  .reserved = NULL,
};
