#pragma once

#include "gt-cuda.h"

G_BEGIN_DECLS

/* Name of the entry point a CUDA module exports:
 *   const GtBackend *gt_cuda_module_init (GError **error);
 * It returns its backend table (abi_version must match) or fails. */
#define GT_CUDA_MODULE_ENTRY "gt_cuda_module_init"

/* Tries once per process to load the module; TRUE if a backend is
 * registered. */
gboolean    gt_cuda_load                   (void);

/* Why CUDA is unavailable, for error messages; never NULL. */
const char *gt_cuda_get_unavailable_reason (void);

G_END_DECLS
