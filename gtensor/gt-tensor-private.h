#pragma once

#include "gt-tensor.h"
#include "gt-dtype-private.h"
#include "gt-storage-private.h"

G_BEGIN_DECLS

/* Torch7's THTensor on a ref-counted storage: sizes and strides in
 * elements, an element offset into the storage. The fields are read
 * directly by the op layer and the kernels. */
struct _GtTensor {
  GObject     parent_instance;

  GtStorage  *storage;
  GtDType     dtype;
  guint       ndim;
  gint64      numel;
  gint64      offset;
  gint64      sizes[GT_MAX_DIMS];
  gint64      strides[GT_MAX_DIMS];

  /* autograd (see gt-autograd-private.h) */
  gboolean         requires_grad;
  gboolean         retains_grad;
  GtTensor        *grad;
  struct _GtNode  *grad_fn;           /* strong; NULL for leaves */
  guint            output_nr;         /* which output of grad_fn */
  struct _GtNode  *grad_accumulator;  /* weak: the node clears it */

  /* Views made by the view ops (gt-shape.c) remember their root base, so
   * that an in-place write through them rebases the base's history
   * (torch's CopySlices, see gt-autograd-private.h). Aliases (detach,
   * saved tensors) are no views in this sense. */
  GtTensor        *view_base;         /* strong; never a view itself */
  gint64           view_version;      /* storage version grad_fn describes */
  guint            view_creation;     /* GtViewCreation */
};

/* Validates a caller's shape: at most GT_MAX_DIMS dims, no negative size,
 * numel * element size representable. GT_ERROR_SHAPE naming @func. */
gboolean  gt_shape_check           (const char     *func,
                                    const gint64   *shape,
                                    gsize           n_dims,
                                    GtDType         dtype,
                                    gint64         *numel,
                                    GError        **error);

/* Frees the calling thread's cache of dropped tensors (gt-tensor.c), and
 * says how many it holds now (for tests). */
void      gt_tensor_cache_empty    (void);
guint     gt_tensor_cache_length   (void);
/* Whether the cache reads GLib's datalists directly (gt-tensor.c). */
gboolean  gt_tensor_cache_reads_qdata (void);

/* "[2, 3]"; for messages. */
char     *gt_shape_to_string       (const gint64   *shape,
                                    gsize           n_dims);

/* A new contiguous tensor with uninitialised memory. The shape must have
 * passed gt_shape_check(); @device must be resolved (or NULL for CPU). */
GtTensor *gt_tensor_new_empty      (const gint64   *shape,
                                    guint           ndim,
                                    GtDType         dtype,
                                    const GtDevice *device,
                                    GError        **error);

/* A new tensor sharing @base's storage with other geometry. */
GtTensor *gt_tensor_new_view       (GtTensor       *base,
                                    guint           ndim,
                                    const gint64   *sizes,
                                    const gint64   *strides,
                                    gint64          offset);

/* Check @dim against @ndim, wrapping negative dims as torch does. */
gboolean  gt_dim_wrap              (const char     *func,
                                    gint            dim,
                                    guint           ndim,
                                    guint          *wrapped,
                                    GError        **error);

/* Copy on write and version bump before writing into @self's memory. */
gboolean  gt_tensor_prepare_write  (GtTensor       *self,
                                    GError        **error);

static inline gpointer
gt_tensor_data (GtTensor *self)
{
  return self->storage->data +
         self->offset * (gint64) gt_dtype_get_element_size (self->dtype);
}

static inline const GtDevice *
gt_tensor_device (GtTensor *self)
{
  return &self->storage->device;
}

static inline const GtBackend *
gt_tensor_backend (GtTensor *self)
{
  return self->storage->backend;
}

gboolean  gt_tensor_is_contiguous_strides (guint         ndim,
                                           const gint64 *sizes,
                                           const gint64 *strides);

G_END_DECLS

G_BEGIN_DECLS

/* Broadcasts two shapes as torch does; GT_ERROR_SHAPE naming @func. */
gboolean  gt_broadcast_shapes      (const char     *func,
                                    const gint64   *a,
                                    guint           a_ndim,
                                    const gint64   *b,
                                    guint           b_ndim,
                                    gint64         *out,
                                    guint          *out_ndim,
                                    GError        **error);

/* A view of @self broadcast to @shape (zero strides on new or size-1
 * dims). The caller has checked that the shapes broadcast. */
GtTensor *gt_tensor_expand_view    (GtTensor       *self,
                                    const gint64   *shape,
                                    guint           ndim);

/* The first element of @self read as a double / int64 (host memory only). */
gdouble   gt_cpu_load_double       (gconstpointer   ptr,
                                    GtDType         dtype);
gint64    gt_cpu_load_int64        (gconstpointer   ptr,
                                    GtDType         dtype);

G_END_DECLS
