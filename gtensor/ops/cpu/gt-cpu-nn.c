#include "config.h"

#include "gt-cpu-backend-private.h"
#include "ops/gt-nn-private.h"

/* The CPU kernels for activations, dropout, normalisation, linear and embedding (gt-activation.c, gt-norm.c). */
const GtBackendNN gt_cpu_backend_nn = {
  .reserved = NULL,
};
