#pragma once

#include "gt-backend-private.h"

G_BEGIN_DECLS

/* The backend entry points for softmax and the losses (gt-loss-ops.c).
 * Reached through GtBackend.loss; see gt-backend-private.h. */
typedef struct _GtBackendLoss {
  gpointer reserved; /* replaced by the family's entry points */
} GtBackendLoss;

/* The CPU backend's table (cpu/gt-cpu-loss.c). */
extern const GtBackendLoss gt_cpu_backend_loss;

G_END_DECLS
