#pragma once

#include "gt-backend-private.h"

G_BEGIN_DECLS

/* The backend entry points for activations, dropout, normalisation, linear and embedding (gt-activation.c, gt-norm.c).
 * Reached through GtBackend.nn; see gt-backend-private.h. */
typedef struct _GtBackendNN {
  gpointer reserved; /* replaced by the family's entry points */
} GtBackendNN;

/* The CPU backend's table (cpu/gt-cpu-nn.c). */
extern const GtBackendNN gt_cpu_backend_nn;

G_END_DECLS
