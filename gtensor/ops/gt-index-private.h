#pragma once

#include <glib.h>

#include "gt-error.h"

G_BEGIN_DECLS

/*
 * What the indexing kernels (GtBackend.gather, .scatter, .index_offsets,
 * ...) share with the op layer (gt-index.c). The kernels check every index
 * before they touch data, so a bad index is a GError and never a read or
 * write out of bounds; the message is the same on every backend.
 */

/* Flags of GtBackend.gather and GtBackend.scatter. */
typedef enum {
  GT_INDEX_WRAP       = 1 << 0,   /* [-size, 0) counts from the end */
  GT_INDEX_ACCUMULATE = 1 << 1,   /* scatter adds (bool: or) instead of storing */
} GtIndexFlags;

/* GT_ERROR_INDEX "@func: index 5 is out of bounds for dimension 0 with
 * size 3"; returns FALSE. */
static inline gboolean
gt_index_out_of_bounds (const char  *func,
                        gint64       index,
                        guint        dim,
                        gint64       size,
                        GError     **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
               "%s: index %" G_GINT64_FORMAT " is out of bounds for "
               "dimension %u with size %" G_GINT64_FORMAT, func, index, dim,
               size);
  return FALSE;
}

G_END_DECLS
