#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Host memory for tensors (gt-cpu-alloc.c): 64-byte aligned; blocks of
 * GT_CPU_CACHE_MIN_BYTES and more are recycled through a size-class cache.
 * gt_cpu_free must get the nbytes the block was allocated with. */
#define GT_CPU_ALIGNMENT 64
#define GT_CPU_CACHE_MIN_BYTES (64 * 1024)

gpointer gt_cpu_alloc        (gint      device,
                              gsize     nbytes,
                              GError  **error);
void     gt_cpu_free         (gint      device,
                              gpointer  data,
                              gsize     nbytes);

/* Frees every cached block. */
void     gt_cpu_cache_empty  (void);
/* Bytes held by the cache. */
guint64  gt_cpu_cache_bytes  (void);

G_END_DECLS
