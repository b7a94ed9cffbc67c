#include "config.h"

#include "gt-cpu-backend-private.h"
#include "ops/gt-conv-private.h"

/* The CPU kernels for conv2d and pooling (gt-conv.c, gt-pool.c). */
const GtBackendConv gt_cpu_backend_conv = {
  .reserved = NULL,
};
