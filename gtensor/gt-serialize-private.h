#pragma once

#include <glib.h>

#include "gt-dtype-private.h"

G_BEGIN_DECLS

/*
 * The safetensors format (https://github.com/huggingface/safetensors):
 *
 *   8 bytes   N, the header length, unsigned little-endian
 *   N bytes   UTF-8 JSON object: {"name": {"dtype": "F32", "shape": [2, 3],
 *             "data_offsets": [begin, end]}, ..., "__metadata__": {"k": "v"}}
 *   the rest  the data region: every tensor's raw little-endian row-major
 *             bytes; offsets are relative to the start of the region, and
 *             the byte ranges of all tensors tile it exactly.
 */

#define GT_SAFETENSORS_METADATA_KEY "__metadata__"

/* One tensor of a file, as its header describes it. */
typedef struct {
  char    *name;
  GtDType  dtype;
  gsize    ndim;
  gint64   shape[GT_MAX_DIMS];
  guint64  begin;      /* relative to the data region */
  guint64  end;
  gpointer user_data;  /* the tensor being written (borrowed) */
} GtSafetensorsEntry;

/* Checks a whole safetensors buffer without touching a byte outside
 * data[0, size): header length, UTF-8, JSON, every entry, the tiling of the
 * data region. @func and @source ("'path'" or "the buffer") go into the
 * messages. On success @entries (GtSafetensorsEntry *, freed with the
 * array) is sorted by name, @data_start is where the data region begins,
 * and @metadata, when not NULL, receives the __metadata__ map (empty when
 * the file has none). Errors: GT_ERROR_FORMAT for anything malformed,
 * GT_ERROR_NOT_SUPPORTED for valid files gtensor cannot represent (dtypes
 * such as U16 or F8_E4M3, more than GT_MAX_DIMS dimensions). */
gboolean  gt_safetensors_parse        (const char     *func,
                                       const char     *source,
                                       const guint8   *data,
                                       gsize           size,
                                       GPtrArray     **entries,
                                       gsize          *data_start,
                                       GHashTable    **metadata,
                                       GError        **error);

/* Fills in begin/end of @entries (GtSafetensorsEntry *) in the order the
 * data is written: by decreasing element size, then by name, as the
 * reference writer does, so that every tensor is aligned for its dtype
 * once the data region starts at a multiple of 8. Sorts @entries into
 * that order and returns the data region's size. */
guint64   gt_safetensors_layout       (GPtrArray      *entries);

/* The 8-byte length followed by the JSON header of @entries (laid out by
 * gt_safetensors_layout), padded with spaces so that the data region
 * starts at a multiple of 8. @metadata may be NULL. GT_ERROR_VALUE when a
 * name, key or value is not UTF-8 or a tensor is called __metadata__. */
GBytes   *gt_safetensors_build_header (const char     *func,
                                       GPtrArray      *entries,
                                       GHashTable     *metadata,
                                       GError        **error);

/* The safetensors name of @dtype ("F32", "BF16", "BOOL", ...). */
const char *gt_safetensors_dtype_name (GtDType         dtype);

void      gt_safetensors_entry_free   (gpointer        entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GtSafetensorsEntry, gt_safetensors_entry_free)

G_END_DECLS
