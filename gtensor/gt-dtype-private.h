#pragma once

#include "gt-dtype.h"

G_BEGIN_DECLS

/* Number of GtDType values; not public so that adding one breaks no ABI. */
#define GT_DTYPE_N_TYPES 10

/* Largest number of dimensions a tensor may have. */
#define GT_MAX_DIMS 8

/* Validates a dtype coming from a caller: GT_ERROR_DTYPE naming @func. */
gboolean gt_dtype_check (const char *func,
                         GtDType     dtype,
                         GError    **error);

G_END_DECLS
