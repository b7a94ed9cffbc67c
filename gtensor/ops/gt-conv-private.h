#pragma once

#include "gt-backend-private.h"

G_BEGIN_DECLS

/* The backend entry points for conv2d and pooling (gt-conv.c, gt-pool.c).
 * Reached through GtBackend.conv; see gt-backend-private.h. */
typedef struct _GtBackendConv {
  gpointer reserved; /* replaced by the family's entry points */
} GtBackendConv;

/* The CPU backend's table (cpu/gt-cpu-conv.c). */
extern const GtBackendConv gt_cpu_backend_conv;

G_END_DECLS
