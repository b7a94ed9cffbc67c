#include "config.h"

#include <string.h>

#include "gt-error.h"
#include "gt-storage-private.h"

static void
storage_init (GtStorage       *self,
              const GtDevice  *device,
              const GtBackend *backend,
              gpointer         data,
              gsize            nbytes)
{
  g_atomic_ref_count_init (&self->ref_count);
  self->device = *device;
  self->backend = backend;
  self->data = data;
  self->nbytes = nbytes;
  self->block = NULL;
  self->copy_on_write = FALSE;
  self->version = 0;
  self->release = NULL;
  self->release_arg = NULL;
  self->block_size = 0;
}

G_STATIC_ASSERT (sizeof (GtStorage) <= GT_STORAGE_INLINE_OFFSET);

GtStorage *
gt_storage_new (const GtDevice *device,
                gsize           nbytes,
                GError        **error)
{
  const GtBackend *backend;
  gpointer data;
  GtStorage *self;

  backend = gt_backend_get (device->type, error);
  if (backend == NULL)
    return NULL;

  if (device->type == GT_DEVICE_TYPE_CPU && nbytes <= GT_STORAGE_INLINE_MAX)
    {
      /* The backend's blocks are aligned for the kernels, so the data at
       * GT_STORAGE_INLINE_OFFSET is too. */
      gsize size = GT_STORAGE_INLINE_OFFSET + GT_STORAGE_INLINE_MAX;

      self = backend->alloc (device->index, size, error);
      if (self == NULL)
        return NULL;
      storage_init (self, device, backend,
                    (guint8 *) self + GT_STORAGE_INLINE_OFFSET, nbytes);
      self->block_size = size;
      return self;
    }

  data = backend->alloc (device->index, nbytes, error);
  if (data == NULL)
    return NULL;

  self = g_new (GtStorage, 1);
  storage_init (self, device, backend, data, nbytes);
  return self;
}

/* Whether @self's data lives in its own block. */
static inline gboolean
data_is_inline (GtStorage *self)
{
  return self->block_size != 0 &&
         self->data == (guint8 *) self + GT_STORAGE_INLINE_OFFSET;
}

static void
storage_free (GtStorage *self)
{
  if (self->block_size != 0)
    self->backend->free (self->device.index, self, self->block_size);
  else
    g_free (self);
}

/* Wraps host memory owned by @bytes; the first write copies it. */
GtStorage *
gt_storage_new_from_bytes (GBytes *bytes)
{
  GtStorage *self = g_new0 (GtStorage, 1);
  gsize size;

  g_atomic_ref_count_init (&self->ref_count);
  self->device = GT_DEVICE_CPU;
  self->backend = gt_cpu_backend_get ();
  self->block = g_bytes_ref (bytes);
  self->data = (guint8 *) g_bytes_get_data (bytes, &size);
  self->nbytes = size;
  self->copy_on_write = TRUE;
  return self;
}

/* Memory owned by someone else (a NumPy array, a mapped file) that tensors
 * read and write in place, as torch.from_numpy: not copy-on-write. */
GtStorage *
gt_storage_new_borrowed (gpointer        data,
                         gsize           nbytes,
                         GDestroyNotify  release,
                         gpointer        release_arg)
{
  GtStorage *self = g_new0 (GtStorage, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->device = GT_DEVICE_CPU;
  self->backend = gt_cpu_backend_get ();
  self->data = data;
  self->nbytes = nbytes;
  self->release = release;
  self->release_arg = release_arg;
  return self;
}

GtStorage *
gt_storage_ref (GtStorage *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
release_data (GtStorage *self)
{
  if (self->block != NULL)
    g_clear_pointer (&self->block, g_bytes_unref);
  else if (self->release != NULL)
    {
      GDestroyNotify release = g_steal_pointer (&self->release);

      release (self->release_arg);
    }
  else if (self->data != NULL && !data_is_inline (self))
    self->backend->free (self->device.index, self->data, self->nbytes);
  self->data = NULL;
}

void
gt_storage_unref (GtStorage *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  release_data (self);
  storage_free (self);
}

gboolean
gt_storage_prepare_write (GtStorage  *self,
                          GError    **error)
{
  gpointer copy;

  if (!self->copy_on_write)
    return TRUE;

  /* Only host storages are ever shared with a GBytes. */
  g_assert (self->device.type == GT_DEVICE_TYPE_CPU);

  copy = self->backend->alloc (self->device.index, self->nbytes, error);
  if (copy == NULL)
    return FALSE;
  if (self->nbytes > 0)
    memcpy (copy, self->data, self->nbytes);
  release_data (self);
  self->data = copy;
  self->copy_on_write = FALSE;
  return TRUE;
}

static void
free_block_data (gpointer data)
{
  GtStorage *self = data;

  if (self->release != NULL)
    self->release (self->release_arg);
  else
    self->backend->free (self->device.index, self->data, self->nbytes);
  g_free (self);
}

/* A GBytes over [offset, offset + size) of host memory, without a copy. The
 * memory moves into a GBytes block the first time, and the storage turns
 * copy-on-write so that the GBytes never sees a later change. */
GBytes *
gt_storage_share_bytes (GtStorage *self,
                        gsize      offset,
                        gsize      size)
{
  g_return_val_if_fail (self->device.type == GT_DEVICE_TYPE_CPU, NULL);

  if (data_is_inline (self))
    {
      /* The block must outlive the storage: move the data out first. */
      gpointer copy = self->backend->alloc (self->device.index, self->nbytes, NULL);

      g_return_val_if_fail (copy != NULL, NULL);
      memcpy (copy, self->data, self->nbytes);
      self->data = copy;
    }
  if (self->block == NULL)
    {
      /* The block's free function needs the backend and size, so it owns
       * a small copy of the storage header. */
      GtStorage *owner = g_memdup2 (self, sizeof *self);
      self->block = g_bytes_new_with_free_func (self->data, self->nbytes,
                                                free_block_data, owner);
      /* borrowed memory: the block now releases it */
      self->release = NULL;
    }
  self->copy_on_write = TRUE;
  return g_bytes_new_from_bytes (self->block, offset, size);
}
