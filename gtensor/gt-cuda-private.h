#pragma once

#include "gt-cuda.h"

G_BEGIN_DECLS

/* Name of the entry point a CUDA module exports:
 *   const GtBackend *gt_cuda_module_init (GError **error);
 * It returns its backend table (abi_version must match) or fails. */
#define GT_CUDA_MODULE_ENTRY "gt_cuda_module_init"

/* What the module offers besides its GtBackend table (the public
 * gt_cuda_memory_* / gt_cuda_set_allow_tf32 / gt_cuda_synchronize calls),
 * found through a second optional entry point:
 *   const GtCudaExtras *gt_cuda_module_extras (void);
 * Every member may be NULL. */
#define GT_CUDA_MODULE_EXTRAS "gt_cuda_module_extras"

typedef struct {
  guint    abi_version;                        /* GT_BACKEND_ABI_VERSION */
  guint64  (*memory_allocated) (gint device);
  guint64  (*memory_reserved)  (gint device);
  void     (*empty_cache)      (void);
  void     (*set_allow_tf32)   (gboolean allow);
  gboolean (*synchronize)      (gint device, GError **error);
  /* The core hands the module a function drawing 64 random bits from the
   * default generator (under its lock): the seed of each CUDA random
   * kernel, so that gt_manual_seed makes CUDA runs repeat. */
  void     (*set_seed_source)  (guint64 (*draw) (void));
} GtCudaExtras;

/* Tries once per process to load the module; TRUE if a backend is
 * registered. */
gboolean    gt_cuda_load                   (void);

/* Why CUDA is unavailable, for error messages; never NULL. */
const char *gt_cuda_get_unavailable_reason (void);

G_END_DECLS
