#include "config.h"

#include "gt-cpu-backend-private.h"
#include "ops/gt-loss-private.h"

/* The CPU kernels for softmax and the losses (gt-loss.c). */
const GtBackendLoss gt_cpu_backend_loss = {
  .reserved = NULL,
};
