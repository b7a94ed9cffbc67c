#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gtensor.h"
#include "gt-serialize-private.h"
#include "gt-tensor-private.h"

/* safetensors files: the public entry points, the atomic writer and the
 * three ways of turning a parsed file into tensors (copies, views of a
 * mapped file, views of a caller's GBytes). The header format lives in
 * gt-serialize-format.c. */

/* ---- collecting what to write -------------------------------------------- */

/* The entries of @tensors, laid out (offsets set, in data order); each
 * entry's user data is its tensor, borrowed from @tensors. */
static GPtrArray *
collect_entries (const char   *func,
                 GHashTable   *tensors,
                 guint64      *data_size,
                 GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  GHashTableIter iter;
  gpointer key, value;

  entries = g_ptr_array_new_with_free_func (gt_safetensors_entry_free);
  g_hash_table_iter_init (&iter, tensors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtSafetensorsEntry *e;
      const gint64 *shape;

      if (key == NULL)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: a tensor name "
                       "is NULL", func);
          return NULL;
        }
      if (!GT_IS_TENSOR (value))
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: the value of "
                       "'%s' is not a GtTensor", func, (const char *) key);
          return NULL;
        }
      e = g_new0 (GtSafetensorsEntry, 1);
      e->name = g_strdup (key);
      e->dtype = gt_tensor_get_dtype (value);
      shape = gt_tensor_get_shape (value, &e->ndim);
      if (e->ndim > 0)
        memcpy (e->shape, shape, e->ndim * sizeof (gint64));
      e->user_data = value;
      g_ptr_array_add (entries, e);
    }
  *data_size = gt_safetensors_layout (entries);
  return g_steal_pointer (&entries);
}

/* The little-endian row-major bytes of @tensor. A contiguous CPU tensor is
 * read in place (gt_tensor_to_bytes would share its memory and so make the
 * tensor copy itself on its next write, after every checkpoint); other
 * tensors are made contiguous on the host through gt_tensor_to_bytes. */
static GBytes *
tensor_bytes (GtTensor  *tensor,
              GError   **error)
{
  gsize nbytes = (gsize) gt_tensor_get_numel (tensor) *
                 gt_dtype_get_element_size (gt_tensor_get_dtype (tensor));

  if (nbytes == 0)
    return g_bytes_new (NULL, 0);
  if (gt_tensor_device (tensor)->type == GT_DEVICE_TYPE_CPU &&
      gt_tensor_is_contiguous (tensor))
    return g_bytes_new_with_free_func (gt_tensor_data (tensor), nbytes,
                                       g_object_unref,
                                       g_object_ref (tensor));
  return gt_tensor_to_bytes (tensor, error);
}

static gboolean
check_bytes (const char          *func,
             GtSafetensorsEntry  *e,
             GBytes              *bytes,
             GError             **error)
{
  if (g_bytes_get_size (bytes) == e->end - e->begin)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: tensor '%s' gave %"
               G_GSIZE_FORMAT " bytes, %" G_GUINT64_FORMAT " expected", func,
               e->name, g_bytes_get_size (bytes), e->end - e->begin);
  return FALSE;
}

/* ---- writing a file ----------------------------------------------------- */

/* write(2) until done; FALSE with errno set on failure. */
static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          size)
{
  while (size > 0)
    {
      gssize n = write (fd, data, MIN (size, (gsize) 1 << 30));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      size -= (gsize) n;
    }
  return TRUE;
}

static gboolean
io_error (const char   *func,
          const char   *what,
          const char   *path,
          int           saved_errno,
          GError      **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_IO, "%s: cannot %s '%s': %s", func,
               what, path, g_strerror (saved_errno));
  return FALSE;
}

/* Writes the header and every tensor's bytes to @fd. On an I/O failure
 * returns FALSE with *saved_errno set and no GError; on any other failure
 * (a device copy) FALSE with the GError set. */
static gboolean
write_contents (const char  *func,
                int          fd,
                GBytes      *header,
                GPtrArray   *entries,
                int         *saved_errno,
                GError     **error)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (header, &size);

  if (!write_all (fd, data, size))
    {
      *saved_errno = errno;
      return FALSE;
    }
  /* One tensor at a time: a device or strided tensor's host copy lives
   * only while it is written. */
  for (guint i = 0; i < entries->len; i++)
    {
      GtSafetensorsEntry *e = entries->pdata[i];
      g_autoptr(GBytes) bytes = tensor_bytes (e->user_data, error);

      if (bytes == NULL || !check_bytes (func, e, bytes, error))
        return FALSE;
      data = g_bytes_get_data (bytes, &size);
      if (size > 0 && !write_all (fd, data, size))
        {
          *saved_errno = errno;
          return FALSE;
        }
    }
  return TRUE;
}

/* Makes the rename durable; a failure here loses nothing already written,
 * so it is not reported. */
static void
sync_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      g_fsync (fd);
      g_close (fd, NULL);
    }
}

/* The file appears under @path complete or not at all: everything goes to
 * "<path>.XXXXXX" in the same folder (so that rename(2) stays within one
 * file system), which is flushed to disk and renamed over @path. Any
 * failure removes the temporary file and leaves an existing @path as it
 * was. */
static gboolean
write_atomically (const char  *func,
                  const char  *path,
                  GBytes      *header,
                  GPtrArray   *entries,
                  GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  GError *local_error = NULL;
  int saved_errno = 0;
  const char *what = "write";
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return io_error (func, "create a temporary file next to", path, errno,
                     error);

  if (!write_contents (func, fd, header, entries, &saved_errno,
                       &local_error))
    goto failed;
  if (g_fsync (fd) != 0)
    {
      saved_errno = errno;
      goto failed;
    }
  if (!g_close (fd, NULL))
    {
      saved_errno = errno;
      fd = -1;
      goto failed;
    }
  fd = -1;
  if (g_rename (tmp, path) != 0)
    {
      saved_errno = errno;
      what = "rename the temporary file to";
      goto failed;
    }
  sync_folder (path);
  return TRUE;

failed:
  if (fd >= 0)
    g_close (fd, NULL);
  g_unlink (tmp);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return io_error (func, what, path, saved_errno, error);
}

static gboolean
save_file (const char   *func,
           GHashTable   *tensors,
           GHashTable   *metadata,
           const char   *path,
           GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GBytes) header = NULL;
  guint64 data_size;

  entries = collect_entries (func, tensors, &data_size, error);
  if (entries == NULL)
    return FALSE;
  header = gt_safetensors_build_header (func, entries, metadata, error);
  if (header == NULL)
    return FALSE;
  return write_atomically (func, path, header, entries, error);
}

/**
 * gt_save:
 * @tensors: (element-type utf8 Gt.Tensor): the tensors to write, by name
 * @metadata: (nullable) (element-type utf8 utf8): free-form text stored in
 *   the file's `__metadata__`, or %NULL
 * @path: (type filename): the file to write
 * @error: return location for a #GError
 *
 * Writes @tensors to @path in the safetensors format: an 8-byte
 * little-endian header length, a JSON header naming every tensor's dtype
 * (`F32`, `F64`, `F16`, `BF16`, `I64`, `I32`, `I16`, `I8`, `U8`, `BOOL`),
 * shape and byte range, then the raw little-endian data. Such files load
 * in the reference readers (safetensors for PyTorch and NumPy) and back
 * with [func@Gt.load].
 *
 * The header lists the tensors by name and is padded with spaces so that
 * the data starts at a multiple of 8 bytes; the data is ordered by
 * decreasing element size, then by name, as the reference writer does, so
 * that every tensor is aligned for its dtype and can be used in place from
 * a mapped file ([func@Gt.load_mapped]). Tensors that are not contiguous
 * or not on the CPU are written by value; gradients and autograd history
 * are not saved.
 *
 * The write is atomic: the data goes to a temporary file next to @path,
 * which is flushed to disk and renamed over @path. On failure no file is
 * left behind and an existing file at @path is unchanged.
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_IO (naming the path
 *   and the system's reason) when the file cannot be written, or
 *   %GT_ERROR_VALUE when a name or metadata string is not UTF-8 or a
 *   tensor is called `__metadata__`
 *
 * Since: 0.1
 */
gboolean
gt_save (GHashTable   *tensors,
         GHashTable   *metadata,
         const char   *path,
         GError      **error)
{
  g_return_val_if_fail (tensors != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return save_file ("gt_save", tensors, metadata, path, error);
}

/**
 * gt_save_to_bytes:
 * @tensors: (element-type utf8 Gt.Tensor): the tensors to write, by name
 * @metadata: (nullable) (element-type utf8 utf8): free-form text stored in
 *   the file's `__metadata__`, or %NULL
 * @error: return location for a #GError
 *
 * The bytes that [func@Gt.save] would write to a file.
 *
 * Returns: (transfer full): the safetensors bytes, or %NULL with
 *   %GT_ERROR_VALUE (see [func@Gt.save]) or %GT_ERROR_OUT_OF_MEMORY
 *
 * Since: 0.1
 */
GBytes *
gt_save_to_bytes (GHashTable   *tensors,
                  GHashTable   *metadata,
                  GError      **error)
{
  const char *func = "gt_save_to_bytes";
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GBytes) header = NULL;
  guint64 data_size;
  gsize header_size, total;
  gconstpointer header_data;
  guint8 *out;

  g_return_val_if_fail (tensors != NULL, NULL);

  entries = collect_entries (func, tensors, &data_size, error);
  if (entries == NULL)
    return NULL;
  header = gt_safetensors_build_header (func, entries, metadata, error);
  if (header == NULL)
    return NULL;

  header_data = g_bytes_get_data (header, &header_size);
  if (data_size > G_MAXSIZE - header_size ||
      (out = g_try_malloc (MAX (header_size + data_size, 1))) == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY, "%s: out of "
                   "memory for %" G_GUINT64_FORMAT " bytes", func,
                   (guint64) header_size + data_size);
      return NULL;
    }
  total = header_size + (gsize) data_size;
  memcpy (out, header_data, header_size);
  for (guint i = 0; i < entries->len; i++)
    {
      GtSafetensorsEntry *e = entries->pdata[i];
      g_autoptr(GBytes) bytes = tensor_bytes (e->user_data, error);
      gsize size;
      gconstpointer data;

      if (bytes == NULL || !check_bytes (func, e, bytes, error))
        {
          g_free (out);
          return NULL;
        }
      data = g_bytes_get_data (bytes, &size);
      if (size > 0)
        memcpy (out + header_size + e->begin, data, size);
    }
  return g_bytes_new_take (out, total);
}

/**
 * gt_tensor_save:
 * @self: a #GtTensor
 * @path: (type filename): the file to write
 * @error: return location for a #GError
 *
 * Writes one tensor to @path as [func@Gt.save] does, under the name
 * %GT_SERIALIZE_TENSOR_NAME (`"tensor"`), with the metadata
 * %GT_SERIALIZE_KIND_KEY = %GT_SERIALIZE_KIND_TENSOR (`"gtensor.kind":
 * "tensor"`) that tells readers the file holds a single tensor.
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_IO as [func@Gt.save]
 *
 * Since: 0.1
 */
gboolean
gt_tensor_save (GtTensor    *self,
                const char  *path,
                GError     **error)
{
  g_autoptr(GHashTable) tensors = NULL;
  g_autoptr(GHashTable) metadata = NULL;

  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  tensors = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (tensors, (gpointer) GT_SERIALIZE_TENSOR_NAME, self);
  metadata = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (metadata, (gpointer) GT_SERIALIZE_KIND_KEY,
                       (gpointer) GT_SERIALIZE_KIND_TENSOR);
  return save_file ("gt_tensor_save", tensors, metadata, path, error);
}

/* ---- loading ------------------------------------------------------------ */

typedef enum {
  LOAD_COPY,    /* every tensor gets its own memory */
  LOAD_SHARE,   /* tensors read the buffer in place, copy on write */
} LoadMode;

/* BOOL elements other than 0 and 1 would break the kernels' assumptions;
 * the format does not define them. */
static gboolean
check_bools (const char          *func,
             const char          *source,
             const GtSafetensorsEntry *e,
             const guint8        *data,
             GError             **error)
{
  for (guint64 i = 0; i < e->end - e->begin; i++)
    if (data[i] > 1)
      {
        g_set_error (error, GT_ERROR, GT_ERROR_FORMAT, "%s: %s is not a "
                     "valid safetensors file: BOOL tensor '%s' holds the "
                     "byte %u at element %" G_GUINT64_FORMAT, func, source,
                     e->name, data[i], i);
        return FALSE;
      }
  return TRUE;
}

static GtTensor *
entry_to_tensor (const char                *func,
                 const char                *source,
                 GBytes                    *buffer,
                 gsize                      data_start,
                 const GtSafetensorsEntry  *e,
                 LoadMode                   mode,
                 GError                   **error)
{
  const guint8 *data = (const guint8 *) g_bytes_get_data (buffer, NULL) +
                       data_start + e->begin;
  gsize nbytes = (gsize) (e->end - e->begin);
  g_autoptr(GtTensor) tensor = NULL;

  if (e->dtype == GT_DTYPE_BOOL &&
      !check_bools (func, source, e, data, error))
    return NULL;

  if (mode == LOAD_SHARE)
    {
      g_autoptr(GBytes) slice = NULL;

      slice = g_bytes_new_from_bytes (buffer, data_start + e->begin, nbytes);
      /* A slice not aligned for its dtype (a file from another writer) is
       * copied by gt_tensor_new_from_bytes. */
      return gt_tensor_new_from_bytes (slice, e->shape, e->ndim, e->dtype,
                                       NULL, error);
    }

  tensor = gt_tensor_new_empty (e->shape, (guint) e->ndim, e->dtype, NULL,
                                error);
  if (tensor == NULL)
    return NULL;
  if (nbytes > 0)
    memcpy (gt_tensor_data (tensor), data, nbytes);
  return g_steal_pointer (&tensor);
}

/* The tensors of the safetensors file in @buffer, by name. */
static GHashTable *
load_buffer (const char   *func,
             const char   *source,
             GBytes       *buffer,
             LoadMode      mode,
             GHashTable  **metadata,
             GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) tensors = NULL;
  gsize size, data_start;
  const guint8 *data = g_bytes_get_data (buffer, &size);

  if (!gt_safetensors_parse (func, source, data, size, &entries, &data_start,
                             metadata, error))
    return NULL;

  tensors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      GtSafetensorsEntry *e = entries->pdata[i];
      GtTensor *tensor = entry_to_tensor (func, source, buffer, data_start,
                                          e, mode, error);

      if (tensor == NULL)
        {
          if (metadata != NULL)
            g_clear_pointer (metadata, g_hash_table_unref);
          return NULL;
        }
      g_hash_table_insert (tensors, g_strdup (e->name), tensor);
    }
  return g_steal_pointer (&tensors);
}

/* The whole file as bytes over a read-only private mapping. An empty file
 * gives empty bytes (and a format error later). */
static GBytes *
map_file (const char   *func,
          const char   *path,
          GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  GMappedFile *file = g_mapped_file_new (path, FALSE, &local_error);
  GBytes *bytes;

  if (file == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_IO, "%s: cannot read '%s': %s",
                   func, path, local_error->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (file);
  g_mapped_file_unref (file);
  return bytes;
}

static GHashTable *
load_file (const char   *func,
           const char   *path,
           LoadMode      mode,
           GHashTable  **metadata,
           GError      **error)
{
  g_autoptr(GBytes) bytes = map_file (func, path, error);
  g_autofree char *source = NULL;

  if (bytes == NULL)
    return NULL;
  source = g_strdup_printf ("'%s'", path);
  return load_buffer (func, source, bytes, mode, metadata, error);
}

/**
 * gt_load:
 * @path: (type filename): a safetensors file
 * @error: return location for a #GError
 *
 * Reads every tensor of a safetensors file (written by [func@Gt.save] or
 * any other safetensors writer) into memory of its own, on the CPU.
 *
 * The file is checked completely before anything is returned: a header
 * length beyond the file or above %GT_SERIALIZE_MAX_HEADER_SIZE, a header
 * that is not UTF-8 JSON, entries with missing, extra or ill-typed fields,
 * unknown dtypes, negative or overflowing shapes, byte ranges that do not
 * match the shape or do not tile the data region exactly, names given
 * twice, BOOL elements other than 0 and 1, and metadata values that are
 * not strings are all reported as %GT_ERROR_FORMAT; nothing outside the
 * file is ever read.
 *
 * Returns: (transfer container) (element-type utf8 Gt.Tensor): the
 *   tensors by name, or %NULL with %GT_ERROR_IO when the file cannot be
 *   read, %GT_ERROR_FORMAT when it is malformed, or
 *   %GT_ERROR_NOT_SUPPORTED for valid files with dtypes gtensor lacks (U16,
 *   U32, U64, F8_E4M3, ...) or more than 8 dimensions
 *
 * Since: 0.1
 */
GHashTable *
gt_load (const char  *path,
         GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return load_file ("gt_load", path, LOAD_COPY, NULL, error);
}

/**
 * gt_load_with_metadata:
 * @path: (type filename): a safetensors file
 * @metadata: (out) (transfer container) (element-type utf8 utf8): the
 *   file's `__metadata__` (empty when it has none)
 * @error: return location for a #GError
 *
 * As [func@Gt.load], and also returns the file's metadata.
 *
 * Returns: (transfer container) (element-type utf8 Gt.Tensor): the
 *   tensors by name, or %NULL with an error as [func@Gt.load]
 *
 * Since: 0.1
 */
GHashTable *
gt_load_with_metadata (const char   *path,
                       GHashTable  **metadata,
                       GError      **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (metadata != NULL, NULL);

  *metadata = NULL;
  return load_file ("gt_load_with_metadata", path, LOAD_COPY, metadata,
                    error);
}

/**
 * gt_load_mapped:
 * @path: (type filename): a safetensors file
 * @metadata: (out) (optional) (nullable) (transfer container)
 *   (element-type utf8 utf8): the file's `__metadata__` (empty when it has
 *   none)
 * @error: return location for a #GError
 *
 * As [func@Gt.load], but the file is mapped into memory (#GMappedFile)
 * and the tensors read it in place, without a copy: loading costs only the
 * header's parsing and pages are read from disk when first touched. The
 * mapping is private and read-only; the first in-place write to a tensor
 * gives that tensor a private copy, and the file never changes. The
 * mapping lasts while any of the tensors (or views of them) lives.
 *
 * Tensors whose bytes are not aligned for their dtype (possible in files
 * from other writers, never in files from [func@Gt.save]) are copied.
 * Another process truncating or rewriting the file in place while it is
 * mapped makes the tensors' contents undefined (and a read past a
 * truncated end raises SIGBUS); replacing it with a rename, as
 * [func@Gt.save] does, is safe.
 *
 * Returns: (transfer container) (element-type utf8 Gt.Tensor): the
 *   tensors by name, or %NULL with an error as [func@Gt.load]
 *
 * Since: 0.1
 */
GHashTable *
gt_load_mapped (const char   *path,
                GHashTable  **metadata,
                GError      **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (metadata != NULL)
    *metadata = NULL;
  return load_file ("gt_load_mapped", path, LOAD_SHARE, metadata, error);
}

/**
 * gt_load_from_bytes:
 * @bytes: the contents of a safetensors file
 * @metadata: (out) (optional) (nullable) (transfer container)
 *   (element-type utf8 utf8): the file's `__metadata__` (empty when it has
 *   none)
 * @error: return location for a #GError
 *
 * As [func@Gt.load] for a file held in memory, such as the result of
 * [func@Gt.save_to_bytes]. The tensors read @bytes in place and keep a
 * reference to it; as with [ctor@Gt.Tensor.new_from_bytes], the first
 * in-place write to one of them makes a private copy.
 *
 * Returns: (transfer container) (element-type utf8 Gt.Tensor): the
 *   tensors by name, or %NULL with %GT_ERROR_FORMAT or
 *   %GT_ERROR_NOT_SUPPORTED as [func@Gt.load]
 *
 * Since: 0.1
 */
GHashTable *
gt_load_from_bytes (GBytes       *bytes,
                    GHashTable  **metadata,
                    GError      **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);

  if (metadata != NULL)
    *metadata = NULL;
  return load_buffer ("gt_load_from_bytes", "the buffer", bytes, LOAD_SHARE,
                      metadata, error);
}

/**
 * gt_tensor_load:
 * @path: (type filename): a safetensors file
 * @error: return location for a #GError
 *
 * Reads one tensor from a safetensors file: the one called
 * %GT_SERIALIZE_TENSOR_NAME (`"tensor"`, as [method@Gt.Tensor.save]
 * writes it), or else the file's only tensor. The file is checked as by
 * [func@Gt.load]; only the chosen tensor is copied into memory.
 *
 * Returns: (transfer full): the tensor, or %NULL with an error as
 *   [func@Gt.load], or %GT_ERROR_FORMAT when the file holds several
 *   tensors and none is called `"tensor"`, or none at all
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_load (const char  *path,
                GError     **error)
{
  const char *func = "gt_tensor_load";
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *source = NULL;
  const GtSafetensorsEntry *chosen = NULL;
  gsize size, data_start;
  const guint8 *data;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = map_file (func, path, error);
  if (bytes == NULL)
    return NULL;
  source = g_strdup_printf ("'%s'", path);
  data = g_bytes_get_data (bytes, &size);
  if (!gt_safetensors_parse (func, source, data, size, &entries, &data_start,
                             NULL, error))
    return NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      const GtSafetensorsEntry *e = entries->pdata[i];

      if (strcmp (e->name, GT_SERIALIZE_TENSOR_NAME) == 0)
        chosen = e;
    }
  if (chosen == NULL && entries->len == 1)
    chosen = entries->pdata[0];
  if (chosen == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_FORMAT, "%s: %s holds %u "
                   "tensors and none is called '%s'", func, source,
                   entries->len, GT_SERIALIZE_TENSOR_NAME);
      return NULL;
    }
  return entry_to_tensor (func, source, bytes, data_start, chosen, LOAD_COPY,
                          error);
}

/* ---- modules ------------------------------------------------------------ */

/**
 * gt_module_save:
 * @self: a #GtModule
 * @path: (type filename): the file to write
 * @error: return location for a #GError
 *
 * Writes the module's state ([method@Gt.Module.state_dict]: parameters
 * and persistent buffers under their dotted names, "fc.weight",
 * "bn.running_mean") to @path as [func@Gt.save] does. The file loads into
 * a module of the same structure with [method@Gt.Module.load], and into a
 * PyTorch module through safetensors' `load_file` and `load_state_dict`.
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_IO as [func@Gt.save]
 *
 * Since: 0.1
 */
gboolean
gt_module_save (GtModule    *self,
                const char  *path,
                GError     **error)
{
  g_autoptr(GHashTable) state = NULL;

  g_return_val_if_fail (GT_IS_MODULE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  state = gt_module_state_dict (self);
  return save_file ("gt_module_save", state, NULL, path, error);
}

/**
 * gt_module_load:
 * @self: a #GtModule
 * @path: (type filename): a safetensors file, such as one written by
 *   [method@Gt.Module.save] or by PyTorch's safetensors `save_file` of a
 *   `state_dict`
 * @strict: whether the file's names must match the module's exactly
 * @error: return location for a #GError
 *
 * Reads @path (mapped, as [func@Gt.load_mapped]: the values go straight
 * from the file into the module's tensors) and copies it into the module
 * with [method@Gt.Module.load_state_dict].
 *
 * Returns: %TRUE on success; %FALSE with the errors of [func@Gt.load] or
 *   of [method@Gt.Module.load_state_dict] (missing or unexpected names,
 *   shape mismatches), in which case the module is unchanged
 *
 * Since: 0.1
 */
gboolean
gt_module_load (GtModule    *self,
                const char  *path,
                gboolean     strict,
                GError     **error)
{
  g_autoptr(GHashTable) state = NULL;

  g_return_val_if_fail (GT_IS_MODULE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  state = load_file ("gt_module_load", path, LOAD_SHARE, NULL, error);
  if (state == NULL)
    return FALSE;
  return gt_module_load_state_dict (self, state, strict, error);
}

/**
 * gt_optimizer_save:
 * @self: a #GtOptimizer
 * @path: (type filename): the file to write
 * @error: return location for a #GError
 *
 * Writes the optimizer's state ([method@Gt.Optimizer.state_dict]: each
 * parameter's buffers such as "state.0.exp_avg", and every group's
 * hyper-parameters and parameter indices) to @path as [func@Gt.save] does,
 * with the optimizer's type name in the metadata ("gtensor.optimizer").
 * Together with [method@Gt.Module.save] this is a checkpoint from which
 * training resumes bit for bit ([method@Gt.Optimizer.load]).
 *
 * Returns: %TRUE on success; %FALSE with the errors of
 *   [method@Gt.Optimizer.state_dict] or %GT_ERROR_IO as [func@Gt.save]
 *
 * Since: 0.1
 */
gboolean
gt_optimizer_save (GtOptimizer  *self,
                   const char   *path,
                   GError      **error)
{
  g_autoptr(GHashTable) state = NULL;
  g_autoptr(GHashTable) metadata = NULL;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  state = gt_optimizer_state_dict (self, error);
  if (state == NULL)
    return FALSE;
  metadata = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (metadata, (gpointer) "gtensor.optimizer",
                       (gpointer) G_OBJECT_TYPE_NAME (self));
  return save_file ("gt_optimizer_save", state, metadata, path, error);
}

/**
 * gt_optimizer_load:
 * @self: a #GtOptimizer over parameters laid out as the saved one's
 * @path: (type filename): a file written by [method@Gt.Optimizer.save]
 * @error: return location for a #GError
 *
 * Reads @path and restores the optimizer's state with
 * [method@Gt.Optimizer.load_state_dict]. The file may come from another
 * optimizer type: as in torch, only the entries this one knows are used.
 *
 * Returns: %TRUE on success; %FALSE with the errors of [func@Gt.load] or
 *   of [method@Gt.Optimizer.load_state_dict] (group or parameter counts
 *   that do not match)
 *
 * Since: 0.1
 */
gboolean
gt_optimizer_load (GtOptimizer  *self,
                   const char   *path,
                   GError      **error)
{
  g_autoptr(GHashTable) state = NULL;

  g_return_val_if_fail (GT_IS_OPTIMIZER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  state = load_file ("gt_optimizer_load", path, LOAD_COPY, NULL, error);
  if (state == NULL)
    return FALSE;
  return gt_optimizer_load_state_dict (self, state, error);
}
