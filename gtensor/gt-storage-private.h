#pragma once

#include <glib.h>

#include "gt-backend-private.h"

G_BEGIN_DECLS

/*
 * GtStorage:
 *
 * The reference-counted memory under one or more tensors (torch7's
 * THStorage). Views share a storage; the version counter, bumped by every
 * in-place write, lets autograd detect that a saved tensor was modified.
 *
 * Copy on write: a storage whose bytes are also visible through a GBytes
 * (imported with gt_tensor_new_from_bytes, or exported zero-copy by
 * gt_tensor_to_bytes) must not change them, since GBytes are immutable. Such a
 * storage has copy_on_write set, and gt_storage_prepare_write() gives it a
 * private copy before the first write. Every writer of existing memory calls
 * it; freshly allocated results never need to.
 */
typedef struct _GtStorage {
  gatomicrefcount   ref_count;
  GtDevice          device;       /* resolved: CPU, or CUDA with an index */
  const GtBackend  *backend;
  guint8           *data;
  gsize             nbytes;
  GBytes           *block;        /* owns data when imported or exported */
  gboolean          copy_on_write;
  gint64            version;      /* atomic */
  /* Borrowed memory (gt_tensor_new_from_blob): released by calling
   * release (release_data) once the storage dies, never freed by us. */
  GDestroyNotify    release;
  gpointer          release_arg;
  /* Small host storages live in one block from the backend's allocator,
   * this header first and the data at GT_STORAGE_INLINE_OFFSET: one
   * allocation and one free per small tensor instead of two. The block's
   * size, or 0 when the header was allocated on its own. */
  gsize             block_size;
} GtStorage;

/* Where the data of a one-block storage starts (a multiple of the CPU
 * alignment), and the largest data kept that way. */
#define GT_STORAGE_INLINE_OFFSET 128
#define GT_STORAGE_INLINE_MAX    128

GtStorage *gt_storage_new            (const GtDevice *device,
                                      gsize           nbytes,
                                      GError        **error);
GtStorage *gt_storage_new_from_bytes (GBytes         *bytes);
GtStorage *gt_storage_new_borrowed   (gpointer        data,
                                      gsize           nbytes,
                                      GDestroyNotify  release,
                                      gpointer        release_arg);
GtStorage *gt_storage_ref            (GtStorage      *self);
void       gt_storage_unref          (GtStorage      *self);

gboolean   gt_storage_prepare_write  (GtStorage      *self,
                                      GError        **error);
GBytes    *gt_storage_share_bytes    (GtStorage      *self,
                                      gsize           offset,
                                      gsize           size);

static inline void
gt_storage_bump_version (GtStorage *self)
{
  __atomic_fetch_add (&self->version, 1, __ATOMIC_RELAXED);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GtStorage, gt_storage_unref)

G_END_DECLS
