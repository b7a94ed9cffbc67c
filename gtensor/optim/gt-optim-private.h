#pragma once

#include "gt-backend-private.h"

G_BEGIN_DECLS

/* The backend entry points for the optimizers' fused updates (gt-optim.c and
 * the optimizers). Reached through GtBackend.optim; see gt-backend-private.h. */
typedef struct _GtBackendOptim {
  gpointer reserved; /* replaced by the optimizers' entry points */
} GtBackendOptim;

/* The CPU backend's table (optim/gt-cpu-optim.c). */
extern const GtBackendOptim gt_cpu_backend_optim;

G_END_DECLS
