#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Host memory for tensors (gt-cpu-alloc.c): 64-byte aligned, recycled
 * through a size-class cache. gt_cpu_free must get the nbytes the block
 * was allocated with. */
#define GT_CPU_ALIGNMENT 64

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
