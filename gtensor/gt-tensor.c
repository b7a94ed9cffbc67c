#include "config.h"

#include <string.h>

#include "gt-device-private.h"
#include "gt-enum-types.h"
#include "gt-error.h"
#include "gt-tensor-private.h"
#include "gt-tensor-signals-private.h"
#include "gt-node-private.h"
#include "gt-autograd-private.h"
#include "gt-grad-mode.h"
#include "gt-shape-private.h"

/**
 * GtTensor:
 *
 * An n-dimensional array of one #GtDType on one #GtDevice, with PyTorch's
 * semantics: a view of sizes, strides (in elements) and an offset over a
 * shared, reference-counted storage, plus the fields autograd needs.
 *
 * Tensors are created by the namespace functions ([func@Gt.zeros],
 * [func@Gt.arange], [func@Gt.randn], ...) or from data
 * ([ctor@Gt.Tensor.new_from_doubles], [ctor@Gt.Tensor.new_from_bytes]).
 * Operations are methods; those that write into the tensor end in `_`.
 *
 * Since: 0.1
 */

G_DEFINE_FINAL_TYPE (GtTensor, gt_tensor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DTYPE,
  PROP_DEVICE,
  PROP_NDIM,
  PROP_NUMEL,
  PROP_STORAGE_OFFSET,
  PROP_REQUIRES_GRAD,
  PROP_GRAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_GRADIENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static guint notify_signal;

/* ---- recycling dropped tensors ------------------------------------------ */

/*
 * Every op makes a result object and most results are dropped soon after;
 * for a small tensor, GObject's construction and finalisation (instance
 * allocation, qdata, handler and weak-reference bookkeeping) cost more than
 * the arithmetic. So a plain tensor whose last reference goes away while
 * nothing else can know of it is kept, with its small storage, in a short
 * per-thread cache, and tensor_object_new () hands it out again. GObject
 * allows this: an object re-referenced in dispose survives, and
 * g_object_unref () then just drops its own reference.
 *
 * "Nothing else can know of it" means: no qdata (weak references, weak
 * pointers, toggle references, closures and every binding's wrapper live
 * there), signal handlers dropped here as GObject would drop them. GLib
 * 2.74's g_object_unref () freezes the notify queue, itself a qdata entry,
 * before calling dispose, so that one entry is allowed (GLib thaws and
 * removes it after dispose returns). Each thread's cache is emptied when
 * the thread ends, by gt_empty_cache () for the caller's, and at unload.
 */
#define TENSOR_CACHE_SIZE 16

typedef struct {
  guint     len;
  gboolean  draining;      /* let objects die instead of keeping them */
  gboolean  registered;    /* tensor_cache_owner set for this thread */
  GtTensor *tensors[TENSOR_CACHE_SIZE];
} TensorCache;

static _Thread_local TensorCache tensor_cache;
static GQuark notify_queue_quark;   /* 0 if this GLib has none */

static void
tensor_cache_drain (gpointer data)
{
  TensorCache *cache = data;

  cache->draining = TRUE;
  while (cache->len > 0)
    g_object_unref (cache->tensors[--cache->len]);
  cache->draining = FALSE;
}

/* Its destructor drains a thread's cache when the thread ends. */
static GPrivate tensor_cache_owner = G_PRIVATE_INIT (tensor_cache_drain);

void
gt_tensor_cache_empty (void)
{
  tensor_cache_drain (&tensor_cache);
}

__attribute__((destructor)) static void
tensor_cache_unload (void)
{
  gt_tensor_cache_empty ();
}

guint
gt_tensor_cache_length (void)
{
  return tensor_cache.len;
}

static void
count_foreign_qdata (GQuark   key,
                     gpointer data,
                     gpointer user_data)
{
  if (key != notify_queue_quark)
    (*(guint *) user_data)++;
}

/* g_datalist_foreach () allocates a copy of the keys: a tenth of a
 * one-element op. GLib's GData (gdataset.c, the same since 2.30) begins
 * with its number of entries, then the entries' keys, data and destroy
 * functions; the qdata pointer's low bits carry GObject's flags. Reading
 * that directly is used only when a probe object shows it works; else
 * g_datalist_foreach () counts. */
typedef struct {
  guint32  len;
  guint32  alloc;
  struct { GQuark key; gpointer data; GDestroyNotify destroy; } data[1];
} QDataView;

static const QDataView *
qdata_view (GObject *object)
{
  /* the flags and GLib's lock bit: GData is at least 8-byte aligned */
  return (const QDataView *) ((gsize) g_atomic_pointer_get (&object->qdata) &
                              ~(gsize) 7);
}

/* Whether qdata_view () reads this GLib's datalists right, tried on a
 * probe with one and two entries. */
static gboolean
qdata_view_works (void)
{
  static gsize state = 0;   /* 1: no, 2: yes */

  if (g_once_init_enter (&state))
    {
      GObject *probe = g_object_new (G_TYPE_OBJECT, NULL);
      GQuark one = g_quark_from_static_string ("gt-qdata-probe-1");
      GQuark two = g_quark_from_static_string ("gt-qdata-probe-2");
      const QDataView *v;
      gboolean ok;

      g_object_set_qdata (probe, one, probe);
      v = qdata_view (probe);
      ok = v != NULL && v->len == 1 && v->data[0].key == one &&
           v->data[0].data == probe;
      g_object_set_qdata (probe, two, &state);
      v = qdata_view (probe);
      ok = ok && v != NULL && v->len == 2 && v->data[1].key == two &&
           v->data[1].data == &state;
      g_object_set_qdata (probe, one, NULL);
      v = qdata_view (probe);
      ok = ok && v != NULL && v->len == 1 && v->data[0].key == two;
      g_object_unref (probe);
      g_once_init_leave (&state, ok ? 2 : 1);
    }
  return state == 2;
}

gboolean
gt_tensor_cache_reads_qdata (void)
{
  return qdata_view_works ();
}

/* Whether nothing outside gtensor can reach @object: see above. */
static gboolean
tensor_unknown_elsewhere (GObject *object)
{
  const QDataView *v = qdata_view (object);
  guint foreign = 0;

  if (v == NULL)
    return TRUE;
  if (notify_queue_quark == 0)
    return FALSE;
  if (qdata_view_works ())
    return v->len == 0 || (v->len == 1 && v->data[0].key == notify_queue_quark);
  g_datalist_foreach (&object->qdata, count_foreign_qdata, &foreign);
  return foreign == 0;
}

static gboolean storage_reusable (GtStorage *storage);

/* Called from dispose on the last reference, after the autograd links
 * are dropped: keeps @self if it is a plain tensor nobody else can reach. */
static gboolean
tensor_cache_keep (GtTensor *self)
{
  TensorCache *cache = &tensor_cache;
  GObject *object = (GObject *) self;

  if (cache->len == TENSOR_CACHE_SIZE || cache->draining ||
      self->requires_grad || self->retains_grad ||
      self->grad_accumulator != NULL || !tensor_unknown_elsewhere (object))
    return FALSE;
  if (G_UNLIKELY (!cache->registered))
    {
      g_private_set (&tensor_cache_owner, cache);
      cache->registered = TRUE;
    }
  g_signal_handlers_destroy (object);
  if (self->storage != NULL && !storage_reusable (self->storage))
    g_clear_pointer (&self->storage, gt_storage_unref);
  g_object_ref (object);          /* the cache's: g_object_unref stops here */
  cache->tensors[cache->len++] = self;
  return TRUE;
}

/* A cached tensor in a fresh object's state but for its storage (which
 * may be NULL or a small host block), or NULL. */
static inline GtTensor *
tensor_cache_take (void)
{
  TensorCache *cache = &tensor_cache;
  GtTensor *t;
  GtStorage *storage;

  if (cache->len == 0)
    return NULL;
  t = cache->tensors[--cache->len];
  storage = t->storage;
  memset ((guint8 *) t + sizeof (GObject), 0,
          sizeof (GtTensor) - sizeof (GObject));
  t->storage = storage;
  return t;
}

static void
gt_tensor_dispose (GObject *object)
{
  /* Plain casts: the checked GT_TENSOR () and G_OBJECT_CLASS () cost more
   * than the rest of a small tensor's disposal. */
  GtTensor *self = (GtTensor *) object;

  g_clear_object (&self->grad);
  if (self->grad_fn != NULL)
    {
      /* The node only knew this tensor weakly, for its hooks. */
      GtNodeOutput *o = &self->grad_fn->outputs[self->output_nr];
      if (o->tensor == self)
        o->tensor = NULL;
      g_clear_pointer (&self->grad_fn, gt_node_unref);
    }
  g_clear_object (&self->view_base);

  if (g_atomic_int_get (&object->ref_count) == 1 && tensor_cache_keep (self))
    return;

  /* GObject's own dispose drops signal handlers, closures and weak
   * references. When the last reference is going away (g_object_unref
   * with a count of 1), g_object_unref does exactly that itself right
   * after dispose returns, so chaining up would do it twice: that is a
   * tenth of a small op's cost. g_object_run_dispose () holds a reference
   * of its own while calling dispose, and then the parent runs. */
  if (g_atomic_int_get (&object->ref_count) > 1)
    ((GObjectClass *) gt_tensor_parent_class)->dispose (object);
}

static void
gt_tensor_finalize (GObject *object)
{
  GtTensor *self = (GtTensor *) object;

  g_clear_pointer (&self->storage, gt_storage_unref);

  ((GObjectClass *) gt_tensor_parent_class)->finalize (object);
}

static void
gt_tensor_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GtTensor *self = GT_TENSOR (object);

  switch (prop_id)
    {
    case PROP_DTYPE:
      g_value_set_enum (value, self->dtype);
      break;
    case PROP_DEVICE:
      g_value_take_boxed (value, gt_tensor_get_device (self));
      break;
    case PROP_NDIM:
      g_value_set_uint (value, self->ndim);
      break;
    case PROP_NUMEL:
      g_value_set_int64 (value, self->numel);
      break;
    case PROP_STORAGE_OFFSET:
      g_value_set_int64 (value, self->offset);
      break;
    case PROP_REQUIRES_GRAD:
      gt_autograd_view_refresh (self);
      g_value_set_boolean (value, self->requires_grad);
      break;
    case PROP_GRAD:
      g_value_set_object (value, self->grad);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_tensor_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  GtTensor *self = GT_TENSOR (object);
  g_autoptr(GError) error = NULL;

  /* Property writes cannot report a GError; the setters' checks still apply
   * and a refused value is a warning, as for any invalid property value. */
  switch (prop_id)
    {
    case PROP_REQUIRES_GRAD:
      if (!gt_tensor_set_requires_grad (self, g_value_get_boolean (value), &error))
        g_warning ("%s", error->message);
      break;
    case PROP_GRAD:
      if (!gt_tensor_set_grad (self, g_value_get_object (value), &error))
        g_warning ("%s", error->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_tensor_class_init (GtTensorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gt_tensor_dispose;
  object_class->finalize = gt_tensor_finalize;
  object_class->get_property = gt_tensor_get_property;
  object_class->set_property = gt_tensor_set_property;

  /**
   * GtTensor:dtype:
   *
   * The element type.
   *
   * Since: 0.1
   */
  properties[PROP_DTYPE] =
    g_param_spec_enum ("dtype", NULL, NULL,
                       GT_TYPE_DTYPE, GT_DTYPE_FLOAT32,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GtTensor:device:
   *
   * The device the data lives on.
   *
   * Since: 0.1
   */
  properties[PROP_DEVICE] =
    g_param_spec_boxed ("device", NULL, NULL,
                        GT_TYPE_DEVICE,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GtTensor:ndim:
   *
   * The number of dimensions (0 for a scalar tensor).
   *
   * Since: 0.1
   */
  properties[PROP_NDIM] =
    g_param_spec_uint ("ndim", NULL, NULL,
                       0, GT_MAX_DIMS, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GtTensor:numel:
   *
   * The number of elements.
   *
   * Since: 0.1
   */
  properties[PROP_NUMEL] =
    g_param_spec_int64 ("numel", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GtTensor:storage-offset:
   *
   * The offset of the first element in the storage, in elements.
   *
   * Since: 0.1
   */
  properties[PROP_STORAGE_OFFSET] =
    g_param_spec_int64 ("storage-offset", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GtTensor:requires-grad:
   *
   * Whether autograd records operations on this tensor. Only floating-point
   * tensors can require gradients; setting it on another dtype is refused
   * with a warning (use [method@Gt.Tensor.set_requires_grad] for a #GError).
   *
   * Since: 0.1
   */
  properties[PROP_REQUIRES_GRAD] =
    g_param_spec_boolean ("requires-grad", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * GtTensor:grad:
   *
   * The accumulated gradient, or %NULL. An assigned gradient must have the
   * tensor's shape, dtype and device.
   *
   * Since: 0.1
   */
  properties[PROP_GRAD] =
    g_param_spec_object ("grad", NULL, NULL,
                         GT_TYPE_TENSOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GtTensor::gradient:
   * @self: the tensor
   * @grad: the gradient of @self just computed by a backward pass
   *
   * Emitted during a backward pass when the gradient of @self is complete,
   * before it flows further (torch's `register_hook`). A handler may
   * return a replacement gradient of the same shape; the first handler
   * returning one wins.
   *
   * Returns: (transfer full) (nullable): a replacement gradient, or %NULL
   *   to keep @grad
   *
   * Since: 0.1
   */
  signals[SIGNAL_GRADIENT] =
    g_signal_new ("gradient",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_first_wins, NULL,
                  NULL,
                  GT_TYPE_TENSOR, 1, GT_TYPE_TENSOR);
  notify_signal = g_signal_lookup ("notify", G_TYPE_OBJECT);
  /* GObject's name for it; see "recycling dropped tensors". */
  notify_queue_quark = g_quark_try_string ("GObject-notify-queue");
}

gboolean
gt_tensor_has_gradient_handlers (GtTensor *self)
{
  return g_signal_has_handler_pending (self, signals[SIGNAL_GRADIENT], 0, FALSE);
}

GtTensor *
gt_tensor_emit_gradient (GtTensor *self,
                         GtTensor *grad)
{
  GtTensor *replacement = NULL;

  g_signal_emit (self, signals[SIGNAL_GRADIENT], 0, grad, &replacement);
  return replacement;
}

static void
gt_tensor_init (GtTensor *self)
{
}

/* ---- internal constructors and checks ---------------------------------- */

/* A bare tensor object: g_object_new () without its varargs parsing. */
static inline GtTensor *
tensor_object_new (void)
{
  GtTensor *t = tensor_cache_take ();

  if (t != NULL)
    {
      g_clear_pointer (&t->storage, gt_storage_unref);
      return t;
    }
  return (GtTensor *) g_object_new_with_properties (GT_TYPE_TENSOR, 0, NULL, NULL);
}

char *
gt_shape_to_string (const gint64 *shape,
                    gsize         n_dims)
{
  GString *s = g_string_new ("[");

  for (gsize i = 0; i < n_dims; i++)
    g_string_append_printf (s, i ? ", %" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                            shape[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

gboolean
gt_shape_check (const char    *func,
                const gint64  *shape,
                gsize          n_dims,
                GtDType        dtype,
                gint64        *numel,
                GError       **error)
{
  gint64 n = 1;
  gint64 limit;

  if (!gt_dtype_check (func, dtype, error))
    return FALSE;
  if (n_dims > GT_MAX_DIMS)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: %" G_GSIZE_FORMAT " dimensions requested, at most %d "
                   "are supported", func, n_dims, GT_MAX_DIMS);
      return FALSE;
    }
  if (shape == NULL && n_dims > 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: the shape is NULL but has %" G_GSIZE_FORMAT
                   " dimensions", func, n_dims);
      return FALSE;
    }

  for (gsize i = 0; i < n_dims; i++)
    if (shape[i] < 0)
      {
        g_autofree char *s = gt_shape_to_string (shape, n_dims);
        g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                     "%s: invalid shape %s: negative dimension %" G_GINT64_FORMAT,
                     func, s, shape[i]);
        return FALSE;
      }

  /* The byte size must fit a signed 64-bit value (and so every offset
   * computed from strides). Zero-sized dims make any shape valid. */
  limit = G_MAXINT64 / (gint64) gt_dtype_get_element_size (dtype);
  for (gsize i = 0; i < n_dims; i++)
    if (shape[i] == 0)
      {
        limit = G_MAXINT64;
        break;
      }
  for (gsize i = 0; i < n_dims; i++)
    {
      if (shape[i] != 0 && n > limit / shape[i])
        {
          g_autofree char *s = gt_shape_to_string (shape, n_dims);
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: shape %s of %s is too large: its size in bytes "
                       "overflows", func, s, gt_dtype_get_name (dtype));
          return FALSE;
        }
      n *= shape[i];
    }
  if (numel != NULL)
    *numel = n;
  return TRUE;
}

gboolean
gt_dim_wrap (const char  *func,
             gint         dim,
             guint        ndim,
             guint       *wrapped,
             GError     **error)
{
  /* torch treats a 0-d tensor as having one dimension for dim arguments. */
  gint n = ndim == 0 ? 1 : (gint) ndim;

  if (dim < -n || dim >= n)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                   "%s: dimension out of range (expected to be in range of "
                   "[%d, %d], but got %d)", func, -n, n - 1, dim);
      return FALSE;
    }
  *wrapped = (guint) (dim < 0 ? dim + n : dim);
  return TRUE;
}

static void
set_contiguous_strides (GtTensor *t)
{
  gint64 stride = 1;

  for (gint i = (gint) t->ndim - 1; i >= 0; i--)
    {
      t->strides[i] = stride;
      /* A size-0 or size-1 dimension does not change later strides, as in
       * torch (contiguous strides of [2, 0, 3] are [3, 3, 1]). Only a
       * tensor with no elements can overflow here ([0, 2^32, 2^62] passes
       * the shape check): its strides are never used, so saturate. */
      if (__builtin_mul_overflow (stride, MAX (t->sizes[i], 1), &stride))
        stride = G_MAXINT64;
    }
}

/* ---- recycling the engine's tensors -------------------------------------- */

/*
 * A backward pass makes and drops gradient tensors by the thousand; for
 * small ones, GObject's construction and disposal cost more than the
 * arithmetic. While a pass runs, tensors that only the engine ever held
 * (gt_tensor_pool_release() checks that nothing else can know of them: a
 * single reference, no qdata, hence no weak references or bindings'
 * wrappers, no signal handlers, no autograd state) go into the pass's pool
 * instead of being freed, and gt_tensor_new_empty() on that thread hands
 * them out again as new tensors, with their small storage when it fits.
 * The pool is emptied (the objects really freed) when the pass ends.
 */
static _Thread_local GtTensorPool *current_pool;

GtTensorPool *
gt_tensor_pool_push (GtTensorPool *pool)
{
  GtTensorPool *previous = current_pool;

  pool->len = 0;
  current_pool = pool;
  return previous;
}

void
gt_tensor_pool_pop (GtTensorPool *pool,
                    GtTensorPool *previous)
{
  current_pool = previous;
  while (pool->len > 0)
    g_object_unref (pool->tensors[--pool->len]);
}

/* Whether @storage is a small host block only @t uses. */
static gboolean
storage_reusable (GtStorage *storage)
{
  return storage->block_size != 0 && storage->block == NULL &&
         storage->release == NULL && !storage->copy_on_write &&
         storage->device.type == GT_DEVICE_TYPE_CPU &&
         g_atomic_ref_count_compare (&storage->ref_count, 1) &&
         storage->data == (guint8 *) storage + GT_STORAGE_INLINE_OFFSET;
}

void
gt_tensor_pool_release (GtTensor *t)
{
  GtTensorPool *pool = current_pool;
  GObject *object = (GObject *) t;

  if (t == NULL)
    return;
  if (pool == NULL || pool->len == G_N_ELEMENTS (pool->tensors) ||
      g_atomic_int_get (&object->ref_count) != 1 ||
      g_atomic_pointer_get (&object->qdata) != NULL ||
      t->grad != NULL || t->grad_fn != NULL || t->view_base != NULL ||
      t->requires_grad || t->retains_grad || t->grad_accumulator != NULL ||
      g_signal_has_handler_pending (t, signals[SIGNAL_GRADIENT], 0, TRUE) ||
      g_signal_has_handler_pending (t, notify_signal, 0, TRUE))
    {
      g_object_unref (t);
      return;
    }
  if (t->storage != NULL && !storage_reusable (t->storage))
    g_clear_pointer (&t->storage, gt_storage_unref);
  pool->tensors[pool->len++] = t;
}

/* Gives @t, a reused tensor, storage for a new contiguous result of
 * @nbytes on @device: its own small block when that fits, else a new
 * storage (NULL with @error set if that failed). Returns @t. */
static GtTensor *
reuse_with_storage (GtTensor        *t,
                    const GtDevice  *device,
                    gsize            nbytes,
                    GError         **error)
{
  if (t->storage != NULL && device->type == GT_DEVICE_TYPE_CPU &&
      nbytes <= GT_STORAGE_INLINE_MAX)
    {
      t->storage->nbytes = nbytes;
      t->storage->version = 0;
      return t;
    }
  g_clear_pointer (&t->storage, gt_storage_unref);
  t->storage = gt_storage_new (device, nbytes, error);
  return t;
}

/* A pooled tensor for a new contiguous result of @nbytes on @device, with
 * storage (NULL storage and @error set if that failed), or NULL if the
 * pool has none. */
static GtTensor *
pool_take (const GtDevice  *device,
           gsize            nbytes,
           GError         **error)
{
  GtTensorPool *pool = current_pool;
  GtTensor *t;

  if (G_LIKELY (pool == NULL) || pool->len == 0)
    return NULL;
  t = pool->tensors[--pool->len];
  t->offset = 0;
  t->output_nr = 0;
  t->view_version = 0;
  t->view_creation = 0;
  return reuse_with_storage (t, device, nbytes, error);
}

/* The same from the thread's cache of dropped tensors. */
static GtTensor *
cache_take_sized (const GtDevice  *device,
                  gsize            nbytes,
                  GError         **error)
{
  GtTensor *t = tensor_cache_take ();

  return t != NULL ? reuse_with_storage (t, device, nbytes, error) : NULL;
}

GtTensor *
gt_tensor_new_empty (const gint64   *shape,
                     guint           ndim,
                     GtDType         dtype,
                     const GtDevice *device,
                     GError        **error)
{
  GtDevice cpu = GT_DEVICE_CPU;
  GtTensor *self;
  GtStorage *storage;
  gint64 numel = 1;
  gsize nbytes;

  /* A shape with a 0 may have other sizes whose product overflows (a view
   * of [0, 2^62, 2^62] transposed): its numel is 0 whatever they are. */
  for (guint i = 0; i < ndim && numel != 0; i++)
    if (shape[i] == 0)
      numel = 0;
  for (guint i = 0; i < ndim && numel != 0; i++)
    numel *= shape[i];

  if (!device)
    device = &cpu;
  nbytes = (gsize) numel * gt_dtype_get_element_size (dtype);
  if ((self = pool_take (device, nbytes, error)) != NULL ||
      (self = cache_take_sized (device, nbytes, error)) != NULL)
    {
      if (self->storage == NULL)
        {
          g_object_unref (self);
          return NULL;
        }
    }
  else
    {
      storage = gt_storage_new (device, nbytes, error);
      if (storage == NULL)
        return NULL;
      self = tensor_object_new ();
      self->storage = storage;
    }
  self->dtype = dtype;
  self->ndim = ndim;
  self->numel = numel;
  if (ndim > 0)
    memcpy (self->sizes, shape, ndim * sizeof (gint64));
  set_contiguous_strides (self);
  return self;
}

GtTensor *
gt_tensor_new_view (GtTensor     *base,
                    guint         ndim,
                    const gint64 *sizes,
                    const gint64 *strides,
                    gint64        offset)
{
  GtTensor *self = tensor_object_new ();

  self->storage = gt_storage_ref (base->storage);
  self->dtype = base->dtype;
  self->ndim = ndim;
  self->offset = offset;
  self->numel = 1;
  for (guint i = 0; i < ndim; i++)
    {
      self->sizes[i] = sizes[i];
      self->strides[i] = strides[i];
      if (sizes[i] == 0)
        self->numel = 0;
    }
  /* Without a 0 the product fits (the view lies in its storage); with one
   * the other sizes may overflow it (see gt_tensor_new_empty). */
  for (guint i = 0; i < ndim && self->numel != 0; i++)
    self->numel *= sizes[i];
  return self;
}

gboolean
gt_tensor_is_contiguous_strides (guint         ndim,
                                 const gint64 *sizes,
                                 const gint64 *strides)
{
  gint64 expected = 1;

  /* torch's rule: size-1 dimensions may have any stride, and a tensor with
   * no elements is contiguous whatever its strides. */
  for (guint i = 0; i < ndim; i++)
    if (sizes[i] == 0)
      return TRUE;
  for (gint i = (gint) ndim - 1; i >= 0; i--)
    {
      if (sizes[i] != 1)
        {
          if (strides[i] != expected)
            return FALSE;
          expected *= sizes[i];
        }
    }
  return TRUE;
}

gboolean
gt_tensor_prepare_write (GtTensor  *self,
                         GError   **error)
{
  if (!gt_storage_prepare_write (self->storage, error))
    return FALSE;
  gt_storage_bump_version (self->storage);
  return TRUE;
}

/* ---- construction from data -------------------------------------------- */

static gboolean
check_data_length (const char    *func,
                   gsize          n_data,
                   gint64         numel,
                   const gint64  *shape,
                   gsize          n_dims,
                   GError       **error)
{
  g_autofree char *s = NULL;

  if ((guint64) numel == n_data)
    return TRUE;
  s = gt_shape_to_string (shape, n_dims);
  g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
               "%s: %" G_GSIZE_FORMAT " values given for shape %s, which has "
               "%" G_GINT64_FORMAT " elements", func, n_data, s, numel);
  return FALSE;
}

/* A tensor from host values of @src_dtype, converted to @dtype on @device:
 * the values are wrapped without a copy and copied once into the result. */
static GtTensor *
new_from_host (const char     *func,
               gconstpointer   data,
               gsize           n_data,
               GtDType         src_dtype,
               const gint64   *shape,
               gsize           n_dims,
               GtDType         dtype,
               GtDevice       *device,
               GError        **error)
{
  g_autoptr(GtTensor) src = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GtTensor) result = NULL;
  g_autoptr(GtStorage) storage = NULL;
  GtDevice resolved;
  gint64 numel;

  if (!gt_shape_check (func, shape, n_dims, dtype, &numel, error) ||
      !check_data_length (func, n_data, numel, shape, n_dims, error) ||
      !gt_device_resolve (func, device, &resolved, error))
    return NULL;
  if (n_data > 0 && data == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: the data is NULL", func);
      return NULL;
    }

  result = gt_tensor_new_empty (shape, n_dims, dtype, &resolved, error);
  if (result == NULL)
    return NULL;
  if (numel == 0)
    return g_steal_pointer (&result);

  /* Borrowed only for the duration of this call. */
  bytes = g_bytes_new_static (data, n_data * gt_dtype_get_element_size (src_dtype));
  storage = gt_storage_new_from_bytes (bytes);
  src = tensor_object_new ();
  src->storage = g_steal_pointer (&storage);
  src->dtype = src_dtype;
  src->ndim = n_dims;
  src->numel = numel;
  memcpy (src->sizes, result->sizes, sizeof src->sizes);
  memcpy (src->strides, result->strides, sizeof src->strides);

  if (!gt_tensor_copy_ (result, src, error))
    return NULL;
  return g_steal_pointer (&result);
}

/**
 * gt_tensor_new_from_doubles:
 * @data: (array length=n_data) (nullable): the values in row-major order
 * @n_data: the number of values; must equal the product of @shape
 * @shape: (array length=n_dims) (nullable): the sizes of the dimensions
 * @n_dims: the number of dimensions (0 for a scalar tensor)
 * @dtype: the element type of the result
 * @device: (nullable): where to put the tensor; %NULL for the CPU
 * @error: return location for a #GError
 *
 * Creates a tensor from values, converting them to @dtype as
 * [method@Gt.Tensor.to_dtype] does (floats to integers truncate toward
 * zero, nonzero to bool is true).
 *
 * Returns: (transfer full): a new tensor, or %NULL with
 *   %GT_ERROR_SHAPE when the number of values does not match the shape
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_new_from_doubles (const gdouble  *data,
                            gsize           n_data,
                            const gint64   *shape,
                            gsize           n_dims,
                            GtDType         dtype,
                            GtDevice       *device,
                            GError        **error)
{
  return new_from_host ("gt_tensor_new_from_doubles", data, n_data,
                        GT_DTYPE_FLOAT64, shape, n_dims, dtype, device, error);
}

/**
 * gt_tensor_new_from_int64s:
 * @data: (array length=n_data) (nullable): the values in row-major order
 * @n_data: the number of values; must equal the product of @shape
 * @shape: (array length=n_dims) (nullable): the sizes of the dimensions
 * @n_dims: the number of dimensions (0 for a scalar tensor)
 * @dtype: the element type of the result
 * @device: (nullable): where to put the tensor; %NULL for the CPU
 * @error: return location for a #GError
 *
 * Creates a tensor from 64-bit integers, exact for int64 values that a
 * double could not hold. Narrower integer dtypes wrap around as torch's
 * conversions do.
 *
 * Returns: (transfer full): a new tensor, or %NULL on error
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_new_from_int64s (const gint64   *data,
                           gsize           n_data,
                           const gint64   *shape,
                           gsize           n_dims,
                           GtDType         dtype,
                           GtDevice       *device,
                           GError        **error)
{
  return new_from_host ("gt_tensor_new_from_int64s", data, n_data,
                        GT_DTYPE_INT64, shape, n_dims, dtype, device, error);
}

/**
 * gt_tensor_new_from_bytes:
 * @data: raw little-endian elements of @dtype in row-major order
 * @shape: (array length=n_dims) (nullable): the sizes of the dimensions
 * @n_dims: the number of dimensions
 * @dtype: the element type of @data
 * @device: (nullable): where to put the tensor; %NULL for the CPU
 * @error: return location for a #GError
 *
 * Creates a tensor over the bytes of @data. On the CPU no copy is made: the
 * tensor keeps a reference to @data and reads it in place. Since a #GBytes
 * is immutable, the first in-place write to the tensor (or a view of it)
 * makes a private copy first. Data that is not aligned for @dtype is
 * copied at once.
 *
 * Returns: (transfer full): a new tensor, or %NULL with
 *   %GT_ERROR_SHAPE when the size of @data does not match the shape
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_new_from_bytes (GBytes        *data,
                          const gint64  *shape,
                          gsize          n_dims,
                          GtDType        dtype,
                          GtDevice      *device,
                          GError       **error)
{
  const char *func = "gt_tensor_new_from_bytes";
  g_autoptr(GtTensor) self = NULL;
  GtDevice resolved;
  gint64 numel;
  gsize size, esize;
  gconstpointer bytes;

  if (data == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: the data is NULL", func);
      return NULL;
    }
  if (!gt_shape_check (func, shape, n_dims, dtype, &numel, error) ||
      !gt_device_resolve (func, device, &resolved, error))
    return NULL;

  esize = gt_dtype_get_element_size (dtype);
  bytes = g_bytes_get_data (data, &size);
  if ((guint64) numel * esize != size)
    {
      g_autofree char *s = gt_shape_to_string (shape, n_dims);
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: %" G_GSIZE_FORMAT " bytes given for shape %s of %s, "
                   "which needs %" G_GUINT64_FORMAT " bytes", func, size, s,
                   gt_dtype_get_name (dtype), (guint64) numel * esize);
      return NULL;
    }

  if (resolved.type != GT_DEVICE_TYPE_CPU || ((guintptr) bytes % esize) != 0)
    return new_from_host (func, bytes, (gsize) numel, dtype, shape, n_dims,
                          dtype, device, error);

  self = tensor_object_new ();
  self->storage = gt_storage_new_from_bytes (data);
  self->dtype = dtype;
  self->ndim = n_dims;
  self->numel = numel;
  if (n_dims > 0)
    memcpy (self->sizes, shape, n_dims * sizeof (gint64));
  set_contiguous_strides (self);
  return g_steal_pointer (&self);
}

typedef struct {
  GtBlobReleaseFunc release;
  gpointer          user_data;
  GDestroyNotify    notify;
} BlobOwner;

static void
blob_owner_release (gpointer data)
{
  BlobOwner *owner = data;

  if (owner->release != NULL)
    owner->release (owner->user_data);
  if (owner->notify != NULL)
    owner->notify (owner->user_data);
  g_free (owner);
}

/* The number of bytes a strided layout spans from its first element. */
static gboolean
blob_span (const char    *func,
           const gint64  *shape,
           const gint64  *strides,
           gsize          n_dims,
           gsize          esize,
           guint64       *span,
           GError       **error)
{
  guint64 last = 0;

  for (gsize i = 0; i < n_dims; i++)
    {
      if (strides[i] < 0)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: negative stride %" G_GINT64_FORMAT " in dim %"
                       G_GSIZE_FORMAT, func, strides[i], i);
          return FALSE;
        }
      if (shape[i] == 0)
        {
          *span = 0;
          return TRUE;
        }
      last += (guint64) (shape[i] - 1) * (guint64) strides[i];
    }
  *span = (last + 1) * esize;
  return TRUE;
}

/**
 * gt_tensor_new_from_blob:
 * @address: the address of the first element, in this process
 * @nbytes: the size of the memory block at @address
 * @shape: (array length=n_dims): the sizes of the dimensions
 * @n_dims: the number of dimensions
 * @strides: (array length=n_strides) (nullable): strides in elements, or
 *   %NULL for a contiguous (row-major) layout
 * @n_strides: the length of @strides: 0 or @n_dims
 * @dtype: the element type
 * @release: (scope notified) (closure user_data) (destroy notify) (nullable):
 *   called once the last tensor over the memory is gone
 * @user_data: data for @release
 * @notify: (nullable): frees @user_data after @release
 * @error: return location for a #GError
 *
 * A CPU tensor over memory that somebody else owns, as torch.from_numpy:
 * no copy is made, writes through the tensor change the memory and writes
 * to the memory show in the tensor. The memory must stay valid until
 * @release runs. This is how the Python overrides share NumPy arrays; C
 * code passes `(guint64) (guintptr) pointer`.
 *
 * Errors: %GT_ERROR_VALUE for a NULL address with data, negative strides,
 * an address not aligned to the element size, or a layout reaching past
 * @nbytes; %GT_ERROR_SHAPE for a bad shape. On error @release is not
 * called, @notify is.
 *
 * Returns: (transfer full): the tensor, or %NULL with @error set
 */
GtTensor *
gt_tensor_new_from_blob (guint64            address,
                         gsize              nbytes,
                         const gint64      *shape,
                         gsize              n_dims,
                         const gint64      *strides,
                         gsize              n_strides,
                         GtDType            dtype,
                         GtBlobReleaseFunc  release,
                         gpointer           user_data,
                         GDestroyNotify     notify,
                         GError           **error)
{
  const char *func = "gt_tensor_new_from_blob";
  g_autoptr(GtTensor) self = NULL;
  BlobOwner *owner;
  gint64 numel;
  guint64 span;
  gsize esize;

  if (!gt_shape_check (func, shape, n_dims, dtype, &numel, error))
    goto fail;
  esize = gt_dtype_get_element_size (dtype);
  self = tensor_object_new ();
  self->dtype = dtype;
  self->ndim = n_dims;
  self->numel = numel;
  if (n_dims > 0)
    memcpy (self->sizes, shape, n_dims * sizeof (gint64));
  set_contiguous_strides (self);
  if (strides != NULL && n_strides != n_dims)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: %" G_GSIZE_FORMAT " strides given for %" G_GSIZE_FORMAT
                   " dims", func, n_strides, n_dims);
      goto fail;
    }
  if (strides != NULL && n_dims > 0)
    memcpy (self->strides, strides, n_dims * sizeof (gint64));
  if (!blob_span (func, self->sizes, self->strides, n_dims, esize, &span, error))
    goto fail;
  if (span > nbytes || (span > 0 && address == 0) || address % esize != 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: the layout needs %" G_GUINT64_FORMAT " bytes at 0x%"
                   G_GINT64_MODIFIER "x (aligned to %" G_GSIZE_FORMAT "), the "
                   "block has %" G_GSIZE_FORMAT, func, span, address, esize, nbytes);
      goto fail;
    }

  owner = g_new (BlobOwner, 1);
  owner->release = release;
  owner->user_data = user_data;
  owner->notify = notify;
  self->storage = gt_storage_new_borrowed ((gpointer) (guintptr) address,
                                           nbytes, blob_owner_release, owner);
  return g_steal_pointer (&self);

fail:
  if (notify != NULL)
    notify (user_data);
  return NULL;
}

/**
 * gt_tensor_get_data_address:
 * @self: a CPU #GtTensor
 * @writable: whether the caller will write through the address
 * @error: return location for a #GError
 *
 * The address of @self's first element (its storage offset applied), for
 * code that shares the memory without a copy, such as the Python
 * overrides' NumPy views. With @writable, memory still shared with a
 * #GBytes gets its private copy first (see gt_tensor_new_from_bytes), so
 * that writes never change the bytes. The address stays valid while @self
 * (or another reference to its storage) lives and nothing reallocates it.
 * Writes through it are invisible to autograd's version check.
 *
 * Errors: %GT_ERROR_DEVICE for a tensor not on the CPU.
 *
 * Returns: the address, or 0 with @error set (0 also for an empty tensor)
 */
guint64
gt_tensor_get_data_address (GtTensor  *self,
                            gboolean   writable,
                            GError   **error)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), 0);

  if (self->storage->device.type != GT_DEVICE_TYPE_CPU)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                   "gt_tensor_get_data_address: the tensor is on %s, not on "
                   "the CPU", self->storage->backend->name);
      return 0;
    }
  if (writable && !gt_storage_prepare_write (self->storage, error))
    return 0;
  if (self->storage->data == NULL)
    return 0;
  return (guint64) (guintptr) (self->storage->data +
                               self->offset * gt_dtype_get_element_size (self->dtype));
}

/* ---- metadata ----------------------------------------------------------- */

/**
 * gt_tensor_get_shape:
 * @self: a #GtTensor
 * @n_dims: (out): the number of dimensions
 *
 * The sizes of the dimensions (torch's `shape`).
 *
 * Returns: (array length=n_dims) (transfer none): the sizes, owned by @self
 *
 * Since: 0.1
 */
const gint64 *
gt_tensor_get_shape (GtTensor *self,
                     gsize    *n_dims)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  if (n_dims != NULL)
    *n_dims = self->ndim;
  return self->sizes;
}

/**
 * gt_tensor_get_strides:
 * @self: a #GtTensor
 * @n_dims: (out): the number of dimensions
 *
 * The strides of the dimensions in elements (torch's `stride()`).
 *
 * Returns: (array length=n_dims) (transfer none): the strides, owned by @self
 *
 * Since: 0.1
 */
const gint64 *
gt_tensor_get_strides (GtTensor *self,
                       gsize    *n_dims)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  if (n_dims != NULL)
    *n_dims = self->ndim;
  return self->strides;
}

/**
 * gt_tensor_get_size:
 * @self: a #GtTensor
 * @dim: a dimension; negative values count from the end
 * @error: return location for a #GError
 *
 * The size of one dimension (torch's `size(dim)`).
 *
 * Returns: the size, or -1 with %GT_ERROR_INDEX if @dim is out of range
 *
 * Since: 0.1
 */
gint64
gt_tensor_get_size (GtTensor  *self,
                    gint       dim,
                    GError   **error)
{
  guint d;

  g_return_val_if_fail (GT_IS_TENSOR (self), -1);

  if (self->ndim == 0 || !gt_dim_wrap ("gt_tensor_get_size", dim, self->ndim, &d, error))
    {
      if (self->ndim == 0)
        g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                     "gt_tensor_get_size: dimension %d given for a tensor "
                     "with no dimensions", dim);
      return -1;
    }
  return self->sizes[d];
}

/**
 * gt_tensor_get_stride:
 * @self: a #GtTensor
 * @dim: a dimension; negative values count from the end
 * @error: return location for a #GError
 *
 * The stride of one dimension in elements (torch's `stride(dim)`).
 *
 * Returns: the stride, or -1 with %GT_ERROR_INDEX if @dim is out of range
 *
 * Since: 0.1
 */
gint64
gt_tensor_get_stride (GtTensor  *self,
                      gint       dim,
                      GError   **error)
{
  guint d;

  g_return_val_if_fail (GT_IS_TENSOR (self), -1);

  if (self->ndim == 0 || !gt_dim_wrap ("gt_tensor_get_stride", dim, self->ndim, &d, error))
    {
      if (self->ndim == 0)
        g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                     "gt_tensor_get_stride: dimension %d given for a tensor "
                     "with no dimensions", dim);
      return -1;
    }
  return self->strides[d];
}

/**
 * gt_tensor_get_ndim:
 * @self: a #GtTensor
 *
 * The number of dimensions (torch's `dim()`).
 *
 * Returns: the number of dimensions
 *
 * Since: 0.1
 */
guint
gt_tensor_get_ndim (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), 0);

  return self->ndim;
}

/**
 * gt_tensor_get_numel:
 * @self: a #GtTensor
 *
 * The number of elements (torch's `numel()`).
 *
 * Returns: the number of elements
 *
 * Since: 0.1
 */
gint64
gt_tensor_get_numel (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), 0);

  return self->numel;
}

/**
 * gt_tensor_get_dtype:
 * @self: a #GtTensor
 *
 * The element type.
 *
 * Returns: the #GtDType
 *
 * Since: 0.1
 */
GtDType
gt_tensor_get_dtype (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), GT_DTYPE_FLOAT32);

  return self->dtype;
}

/**
 * gt_tensor_get_element_size:
 * @self: a #GtTensor
 *
 * The size of one element in bytes (torch's `element_size()`).
 *
 * Returns: the element size
 *
 * Since: 0.1
 */
gsize
gt_tensor_get_element_size (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), 0);

  return gt_dtype_get_element_size (self->dtype);
}

/**
 * gt_tensor_get_device:
 * @self: a #GtTensor
 *
 * The device the data lives on: "cpu" or "cuda:N" (always with an index
 * for CUDA, as torch's `device`).
 *
 * Returns: (transfer full): a new #GtDevice
 *
 * Since: 0.1
 */
GtDevice *
gt_tensor_get_device (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  return gt_device_copy (gt_tensor_device (self));
}

/**
 * gt_tensor_get_storage_offset:
 * @self: a #GtTensor
 *
 * The offset of the first element in the underlying storage, in elements.
 *
 * Returns: the offset
 *
 * Since: 0.1
 */
gint64
gt_tensor_get_storage_offset (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), 0);

  return self->offset;
}

/**
 * gt_tensor_is_contiguous:
 * @self: a #GtTensor
 *
 * Whether the elements are laid out densely in row-major order (size-1
 * dimensions may have any stride, as in torch).
 *
 * Returns: %TRUE if @self is contiguous
 *
 * Since: 0.1
 */
gboolean
gt_tensor_is_contiguous (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  return gt_tensor_is_contiguous_strides (self->ndim, self->sizes, self->strides);
}

/**
 * gt_tensor_is_floating_point:
 * @self: a #GtTensor
 *
 * Whether the dtype is a floating-point type.
 *
 * Returns: %TRUE for float32, float64, float16 and bfloat16 tensors
 *
 * Since: 0.1
 */
gboolean
gt_tensor_is_floating_point (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  return gt_dtype_is_floating_point (self->dtype);
}

/* ---- autograd fields ---------------------------------------------------- */

/**
 * gt_tensor_get_requires_grad:
 * @self: a #GtTensor
 *
 * Whether autograd records operations on @self.
 *
 * Returns: the value of #GtTensor:requires-grad
 *
 * Since: 0.1
 */
gboolean
gt_tensor_get_requires_grad (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  gt_autograd_view_refresh (self);
  return self->requires_grad;
}

/**
 * gt_tensor_set_requires_grad:
 * @self: a #GtTensor
 * @requires_grad: whether to record operations for autograd
 * @error: return location for a #GError
 *
 * Sets #GtTensor:requires-grad (torch's `requires_grad_()`).
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_DTYPE when asking a
 *   tensor that is not floating-point to require gradients
 *
 * Since: 0.1
 */
gboolean
gt_tensor_set_requires_grad (GtTensor  *self,
                             gboolean   requires_grad,
                             GError   **error)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  requires_grad = !!requires_grad;
  gt_autograd_view_refresh (self);
  if (!requires_grad && self->grad_fn != NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                   "gt_tensor_set_requires_grad: you can only change "
                   "requires_grad flags of leaf variables; use detach() to "
                   "get a tensor outside the graph");
      return FALSE;
    }
  if (requires_grad && !gt_dtype_is_floating_point (self->dtype))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "gt_tensor_set_requires_grad: only tensors of floating "
                   "point dtype can require gradients, not %s",
                   gt_dtype_get_name (self->dtype));
      return FALSE;
    }
  if (self->requires_grad != requires_grad)
    {
      self->requires_grad = requires_grad;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIRES_GRAD]);
    }
  return TRUE;
}

/**
 * gt_tensor_get_grad:
 * @self: a #GtTensor
 *
 * The gradient accumulated by a backward pass, if any.
 *
 * Returns: (transfer none) (nullable): the gradient, owned by @self
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_get_grad (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  return self->grad;
}

/**
 * gt_tensor_set_grad:
 * @self: a #GtTensor
 * @grad: (nullable): the new gradient, or %NULL to clear it
 * @error: return location for a #GError
 *
 * Replaces the gradient (torch's `x.grad = g`).
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_SHAPE, %GT_ERROR_DTYPE or
 *   %GT_ERROR_DEVICE if @grad does not match @self
 *
 * Since: 0.1
 */
gboolean
gt_tensor_set_grad (GtTensor  *self,
                    GtTensor  *grad,
                    GError   **error)
{
  const char *func = "gt_tensor_set_grad";

  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);
  g_return_val_if_fail (grad == NULL || GT_IS_TENSOR (grad), FALSE);

  if (grad != NULL)
    {
      if (grad == self)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: a tensor cannot be its own gradient", func);
          return FALSE;
        }
      if (grad->dtype != self->dtype)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                       "%s: assigned grad has data of type %s, but the "
                       "tensor is %s", func, gt_dtype_get_name (grad->dtype),
                       gt_dtype_get_name (self->dtype));
          return FALSE;
        }
      if (grad->ndim != self->ndim ||
          memcmp (grad->sizes, self->sizes, self->ndim * sizeof (gint64)) != 0)
        {
          g_autofree char *gs = gt_shape_to_string (grad->sizes, grad->ndim);
          g_autofree char *ss = gt_shape_to_string (self->sizes, self->ndim);
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: assigned grad has shape %s, but the tensor has "
                       "shape %s", func, gs, ss);
          return FALSE;
        }
      if (!gt_device_same (gt_tensor_device (grad), gt_tensor_device (self)))
        {
          g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                       "%s: assigned grad is on another device than the "
                       "tensor", func);
          return FALSE;
        }
    }

  if (g_set_object (&self->grad, grad))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRAD]);
  return TRUE;
}

/* ---- broadcasting -------------------------------------------------------- */

gboolean
gt_broadcast_shapes (const char    *func,
                     const gint64  *a,
                     guint          a_ndim,
                     const gint64  *b,
                     guint          b_ndim,
                     gint64        *out,
                     guint         *out_ndim,
                     GError       **error)
{
  guint n = MAX (a_ndim, b_ndim);

  for (guint i = 0; i < n; i++)
    {
      /* Align from the last dimension. */
      gint64 sa = i < a_ndim ? a[a_ndim - 1 - i] : 1;
      gint64 sb = i < b_ndim ? b[b_ndim - 1 - i] : 1;

      if (sa != sb && sa != 1 && sb != 1)
        {
          g_autofree char *as = gt_shape_to_string (a, a_ndim);
          g_autofree char *bs = gt_shape_to_string (b, b_ndim);
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: shapes %s and %s cannot be broadcast (size %"
                       G_GINT64_FORMAT " against %" G_GINT64_FORMAT
                       " in dimension %d from the end)", func, as, bs, sa, sb,
                       (int) i + 1);
          return FALSE;
        }
      out[n - 1 - i] = sa == 1 ? sb : sa;
    }
  *out_ndim = n;
  return TRUE;
}

GtTensor *
gt_tensor_expand_view (GtTensor     *self,
                       const gint64 *shape,
                       guint         ndim)
{
  gint64 strides[GT_MAX_DIMS];
  guint lead = ndim - self->ndim;

  for (guint i = 0; i < ndim; i++)
    {
      if (i < lead)
        strides[i] = 0;
      else if (self->sizes[i - lead] == 1 && shape[i] != 1)
        strides[i] = 0;
      else
        strides[i] = self->strides[i - lead];
    }
  return gt_tensor_new_view (self, ndim, shape, strides, self->offset);
}

/* ---- copies between tensors and devices ---------------------------------- */

static gboolean
has_internal_overlap (GtTensor *t)
{
  for (guint i = 0; i < t->ndim; i++)
    if (t->strides[i] == 0 && t->sizes[i] > 1)
      return TRUE;
  return FALSE;
}

static gboolean
same_geometry (GtTensor *a,
               GtTensor *b)
{
  return a->storage == b->storage && a->offset == b->offset &&
         a->dtype == b->dtype && a->ndim == b->ndim &&
         memcmp (a->sizes, b->sizes, a->ndim * sizeof (gint64)) == 0 &&
         memcmp (a->strides, b->strides, a->ndim * sizeof (gint64)) == 0;
}

/* Moves the bytes of a contiguous tensor to a contiguous tensor of the same
 * dtype and shape on another device. */
static gboolean
transfer_contiguous (GtTensor  *dst,
                     GtTensor  *src,
                     GError   **error)
{
  gsize nbytes = (gsize) dst->numel * gt_dtype_get_element_size (dst->dtype);
  const GtDevice *dd = gt_tensor_device (dst), *sd = gt_tensor_device (src);
  g_autofree guint8 *host = NULL;

  if (nbytes == 0)
    return TRUE;
  if (sd->type == GT_DEVICE_TYPE_CPU)
    return gt_tensor_backend (dst)->upload (dd->index, gt_tensor_data (dst),
                                            gt_tensor_data (src), nbytes, error);
  if (dd->type == GT_DEVICE_TYPE_CPU)
    return gt_tensor_backend (src)->download (sd->index, gt_tensor_data (dst),
                                              gt_tensor_data (src), nbytes, error);

  /* Between two accelerators: through host memory. */
  host = g_try_malloc (nbytes);
  if (host == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
                   "out of host memory staging %" G_GSIZE_FORMAT " bytes "
                   "between devices", nbytes);
      return FALSE;
    }
  return gt_tensor_backend (src)->download (sd->index, host, gt_tensor_data (src),
                                            nbytes, error) &&
         gt_tensor_backend (dst)->upload (dd->index, gt_tensor_data (dst), host,
                                          nbytes, error);
}

/* dst and src have equal sizes and may live on different devices. */
static gboolean
copy_same_shape (GtTensor  *dst,
                 GtTensor  *src,
                 GError   **error)
{
  g_autoptr(GtTensor) staged = NULL;
  g_autoptr(GtTensor) landed = NULL;
  const GtDevice *dd = gt_tensor_device (dst);

  if (gt_device_same (dd, gt_tensor_device (src)))
    return gt_tensor_backend (dst)->copy (dst, src, error);

  /* Convert and compact on the source device, move the bytes, then scatter
   * into dst's layout on its own device if it is not contiguous. */
  staged = gt_tensor_new_empty (src->sizes, src->ndim, dst->dtype,
                                gt_tensor_device (src), error);
  if (staged == NULL || !gt_tensor_backend (src)->copy (staged, src, error))
    return FALSE;
  if (gt_tensor_is_contiguous (dst))
    return transfer_contiguous (dst, staged, error);

  landed = gt_tensor_new_empty (dst->sizes, dst->ndim, dst->dtype, dd, error);
  return landed != NULL &&
         transfer_contiguous (landed, staged, error) &&
         gt_tensor_backend (dst)->copy (dst, landed, error);
}

static gboolean
copy_impl (const char  *func,
           GtTensor    *self,
           GtTensor    *src,
           GError     **error)
{
  g_autoptr(GtTensor) expanded = NULL;
  g_autoptr(GtTensor) snapshot = NULL;
  gint64 shape[GT_MAX_DIMS];
  guint ndim;

  if (!gt_broadcast_shapes (func, self->sizes, self->ndim, src->sizes,
                            src->ndim, shape, &ndim, error))
    return FALSE;
  if (ndim != self->ndim ||
      memcmp (shape, self->sizes, ndim * sizeof (gint64)) != 0)
    {
      g_autofree char *ds = gt_shape_to_string (self->sizes, self->ndim);
      g_autofree char *ss = gt_shape_to_string (src->sizes, src->ndim);
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: source of shape %s cannot be broadcast to the "
                   "destination's shape %s", func, ss, ds);
      return FALSE;
    }
  if (has_internal_overlap (self))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: unsupported operation: more than one element of the "
                   "written-to tensor refers to a single memory location; "
                   "clone() the tensor first", func);
      return FALSE;
    }
  if (self->numel == 0 || same_geometry (self, src))
    return gt_tensor_prepare_write (self, error);

  /* A source that shares memory with the destination is read completely
   * before anything is written. */
  if (src->storage == self->storage)
    {
      snapshot = gt_tensor_clone (src, error);
      if (snapshot == NULL)
        return FALSE;
      src = snapshot;
    }

  if (!gt_tensor_prepare_write (self, error))
    return FALSE;
  expanded = gt_tensor_expand_view (src, self->sizes, self->ndim);
  return copy_same_shape (self, expanded, error);
}

/**
 * gt_tensor_copy_:
 * @self: the destination
 * @src: the source; its shape must broadcast to @self's
 * @error: return location for a #GError
 *
 * Copies the elements of @src into @self, converting the dtype and moving
 * between devices as needed (torch's `copy_`). Overlapping source and
 * destination memory is handled.
 *
 * With autograd, @self gets a node (torch's CopyBackwards) through which
 * the gradient flows to @src; @self's earlier values get none. As for
 * every in-place op, a leaf that requires grad, or a view of a tensor
 * that requires grad, cannot be written while grad mode is on.
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_SHAPE if @src does not
 *   broadcast to @self's shape, %GT_ERROR_AUTOGRAD for a leaf or view
 *   that requires grad
 *
 * Since: 0.1
 */
gboolean
gt_tensor_copy_ (GtTensor  *self,
                 GtTensor  *src,
                 GError   **error)
{
  const char *func = "gt_tensor_copy_";
  GtTensor *inputs[2] = { self, src };
  gboolean ok;

  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);
  g_return_val_if_fail (GT_IS_TENSOR (src), FALSE);

  if (!gt_autograd_check_inplace (func, self, error))
    return FALSE;
  if (!gt_autograd_should_record (inputs, 2))
    return copy_impl (func, self, src, error);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    ok = copy_impl (func, self, src, error);
  }
  if (ok)
    gt_shape_grad_copy_ (self, src);
  return ok;
}

/* fill_ and zero_; @node_name is what autograd records (torch's names). */
static gboolean
fill_impl (const char  *func,
           const char  *node_name,
           GtTensor    *self,
           gdouble      value,
           GError     **error)
{
  if (!gt_autograd_check_inplace (func, self, error))
    return FALSE;
  /* Unlike copy_, torch lets fill_ write through an expanded view: every
   * alias of an element receives the same value. A tensor without
   * elements only has its version bumped, whatever its strides and
   * offset. */
  if (!gt_tensor_prepare_write (self, error))
    return FALSE;
  if (self->numel > 0 && !gt_tensor_backend (self)->fill (self, value, error))
    return FALSE;
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_fill_ (node_name, self);
  return TRUE;
}

/**
 * gt_tensor_fill_:
 * @self: a #GtTensor
 * @value: the value, converted to @self's dtype
 * @error: return location for a #GError
 *
 * Sets every element to @value (torch's `fill_`). With autograd the
 * earlier values of @self get no gradient (FillBackward2).
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_AUTOGRAD for a leaf,
 *   or a view of a tensor, that requires grad while grad mode is on
 *
 * Since: 0.1
 */
gboolean
gt_tensor_fill_ (GtTensor  *self,
                 gdouble    value,
                 GError   **error)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  return fill_impl ("gt_tensor_fill_", "FillBackward2", self, value, error);
}

/**
 * gt_tensor_zero_:
 * @self: a #GtTensor
 * @error: return location for a #GError
 *
 * Sets every element to zero (torch's `zero_`). With autograd the
 * earlier values of @self get no gradient (ZeroBackward0).
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_AUTOGRAD as
 *   [method@Gt.Tensor.fill_]
 *
 * Since: 0.1
 */
gboolean
gt_tensor_zero_ (GtTensor  *self,
                 GError   **error)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  return fill_impl ("gt_tensor_zero_", "ZeroBackward0", self, 0.0, error);
}

/* A contiguous copy of @self with @dtype on @device. */
static GtTensor *
copy_to (GtTensor        *self,
         GtDType          dtype,
         const GtDevice  *device,
         GError         **error)
{
  g_autoptr(GtTensor) result = NULL;

  result = gt_tensor_new_empty (self->sizes, self->ndim, dtype, device, error);
  if (result == NULL)
    return NULL;
  if (self->numel > 0 && !copy_same_shape (result, self, error))
    return NULL;
  return g_steal_pointer (&result);
}

/**
 * gt_tensor_clone:
 * @self: a #GtTensor
 * @error: return location for a #GError
 *
 * A contiguous copy with the same dtype and device (torch's `clone`); the
 * gradient flows back unchanged (CloneBackward0).
 *
 * Returns: (transfer full): the copy, or %NULL if memory ran out
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_clone (GtTensor  *self,
                 GError   **error)
{
  GtTensor *out;

  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  out = copy_to (self, self->dtype, gt_tensor_device (self), error);
  if (out != NULL && gt_autograd_should_record (&self, 1))
    gt_shape_grad_clone (self, out);
  return out;
}

/**
 * gt_tensor_contiguous:
 * @self: a #GtTensor
 * @error: return location for a #GError
 *
 * @self itself if it is contiguous, otherwise a contiguous copy (torch's
 * `contiguous`).
 *
 * Returns: (transfer full): a contiguous tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_contiguous (GtTensor  *self,
                      GError   **error)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  if (gt_tensor_is_contiguous (self))
    return g_object_ref (self);
  return gt_tensor_clone (self, error);
}

/**
 * gt_tensor_to_dtype:
 * @self: a #GtTensor
 * @dtype: the target dtype
 * @error: return location for a #GError
 *
 * Converts to @dtype as torch's `to(dtype)`: @self itself when the dtype is
 * already @dtype, otherwise a new tensor. Floats become integers by
 * truncation toward zero (values outside the target's range wrap as in
 * torch), anything nonzero becomes true, and float16/bfloat16 round to
 * nearest even.
 *
 * Returns: (transfer full): the converted tensor, or %NULL with
 *   %GT_ERROR_DTYPE for an unknown dtype
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_to_dtype (GtTensor  *self,
                    GtDType    dtype,
                    GError   **error)
{
  GtTensor *out;

  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  if (!gt_dtype_check ("gt_tensor_to_dtype", dtype, error))
    return NULL;
  if (dtype == self->dtype)
    return g_object_ref (self);
  out = copy_to (self, dtype, gt_tensor_device (self), error);
  if (out != NULL && gt_autograd_should_record (&self, 1))
    gt_shape_grad_to_dtype (self, out);
  return out;
}

/**
 * gt_tensor_to_device:
 * @self: a #GtTensor
 * @device: (nullable): the target device; %NULL for the CPU
 * @error: return location for a #GError
 *
 * Moves to @device as torch's `to(device)`: @self itself when it is already
 * there, otherwise a contiguous copy.
 *
 * Returns: (transfer full): the tensor on @device, or %NULL
 *   with %GT_ERROR_DEVICE_UNAVAILABLE if the device does not exist here
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_to_device (GtTensor  *self,
                     GtDevice  *device,
                     GError   **error)
{
  GtDevice resolved;

  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  if (!gt_device_resolve ("gt_tensor_to_device", device, &resolved, error))
    return NULL;
  if (gt_device_same (&resolved, gt_tensor_device (self)))
    return g_object_ref (self);
  return copy_to (self, self->dtype, &resolved, error);
}

/* ---- reading data back ---------------------------------------------------- */

/* A contiguous host tensor of @dtype with @self's values; @self itself when
 * it already is one. */
static GtTensor *
host_contiguous (GtTensor  *self,
                 GtDType    dtype,
                 GError   **error)
{
  GtDevice cpu = GT_DEVICE_CPU;

  if (self->dtype == dtype && gt_tensor_is_contiguous (self) &&
      gt_tensor_device (self)->type == GT_DEVICE_TYPE_CPU)
    return g_object_ref (self);
  return copy_to (self, dtype, &cpu, error);
}

/**
 * gt_tensor_to_bytes:
 * @self: a #GtTensor
 * @error: return location for a #GError
 *
 * The elements as raw little-endian bytes in row-major order. For a
 * contiguous CPU tensor no copy is made: the #GBytes shares the tensor's
 * memory and keeps it alive. The bytes never change afterwards; a later
 * in-place write to the tensor first moves the tensor to a private copy.
 * Other tensors are copied.
 *
 * Returns: (transfer full): the bytes, or %NULL if a copy failed
 *
 * Since: 0.1
 */
GBytes *
gt_tensor_to_bytes (GtTensor  *self,
                    GError   **error)
{
  g_autoptr(GtTensor) host = NULL;
  gsize esize;

  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  /* No elements: nothing to share, and the offset of an empty view may
   * lie past the end of its storage (zeros (3, 0).select (0, 2)). */
  if (self->numel == 0)
    return g_bytes_new (NULL, 0);
  host = host_contiguous (self, self->dtype, error);
  if (host == NULL)
    return NULL;
  esize = gt_dtype_get_element_size (host->dtype);
  return gt_storage_share_bytes (host->storage, (gsize) host->offset * esize,
                                 (gsize) host->numel * esize);
}

/* A caller-owned copy of a contiguous host tensor's elements; never NULL
 * on success, even for no elements, since NULL means failure to bindings. */
static gpointer
copy_out (GtTensor  *host,
          gsize      esize,
          gsize     *n_values,
          GError   **error)
{
  gsize nbytes = (gsize) host->numel * esize;
  gpointer out = g_try_malloc (MAX (nbytes, 1));

  if (out == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
                   "out of memory copying %" G_GSIZE_FORMAT " bytes of "
                   "tensor data", nbytes);
      return NULL;
    }
  if (nbytes > 0)                /* an empty tensor may have no memory */
    memcpy (out, gt_tensor_data (host), nbytes);
  *n_values = (gsize) host->numel;
  return out;
}

/**
 * gt_tensor_to_doubles:
 * @self: a #GtTensor
 * @n_values: (out): the number of values
 * @error: return location for a #GError
 *
 * The elements converted to doubles, in row-major order (torch's
 * `flatten().tolist()`). int64 values beyond 2^53 lose precision: use
 * [method@Gt.Tensor.to_int64s] for those.
 *
 * Returns: (array length=n_values) (transfer full): the values
 *
 * Since: 0.1
 */
gdouble *
gt_tensor_to_doubles (GtTensor  *self,
                      gsize     *n_values,
                      GError   **error)
{
  g_autoptr(GtTensor) host = NULL;

  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);
  g_return_val_if_fail (n_values != NULL, NULL);

  *n_values = 0;
  host = host_contiguous (self, GT_DTYPE_FLOAT64, error);
  if (host == NULL)
    return NULL;
  return copy_out (host, sizeof (gdouble), n_values, error);
}

/**
 * gt_tensor_to_int64s:
 * @self: a #GtTensor
 * @n_values: (out): the number of values
 * @error: return location for a #GError
 *
 * The elements converted to 64-bit integers (floats truncated toward
 * zero), in row-major order.
 *
 * Returns: (array length=n_values) (transfer full): the values
 *
 * Since: 0.1
 */
gint64 *
gt_tensor_to_int64s (GtTensor  *self,
                     gsize     *n_values,
                     GError   **error)
{
  g_autoptr(GtTensor) host = NULL;

  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);
  g_return_val_if_fail (n_values != NULL, NULL);

  *n_values = 0;
  host = host_contiguous (self, GT_DTYPE_INT64, error);
  if (host == NULL)
    return NULL;
  return copy_out (host, sizeof (gint64), n_values, error);
}

static GtTensor *
item_host (const char  *func,
           GtTensor    *self,
           GtDType      dtype,
           GError     **error)
{
  if (self->numel != 1)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: a tensor with %" G_GINT64_FORMAT " elements cannot "
                   "be converted to a scalar", func, self->numel);
      return NULL;
    }
  return host_contiguous (self, dtype, error);
}

/**
 * gt_tensor_item:
 * @self: a #GtTensor with exactly one element
 * @error: return location for a #GError
 *
 * The value of a one-element tensor (torch's `item()`) as a double.
 *
 * Returns: the value; 0 with %GT_ERROR_VALUE if @self does not have exactly
 *   one element
 *
 * Since: 0.1
 */
gdouble
gt_tensor_item (GtTensor  *self,
                GError   **error)
{
  g_autoptr(GtTensor) host = NULL;

  g_return_val_if_fail (GT_IS_TENSOR (self), 0.0);

  host = item_host ("gt_tensor_item", self, GT_DTYPE_FLOAT64, error);
  return host ? *(gdouble *) gt_tensor_data (host) : 0.0;
}

/**
 * gt_tensor_item_int64:
 * @self: a #GtTensor with exactly one element
 * @error: return location for a #GError
 *
 * The value of a one-element tensor as a 64-bit integer, exact for int64
 * tensors (floats are truncated toward zero).
 *
 * Returns: the value; 0 with %GT_ERROR_VALUE if @self does not have exactly
 *   one element
 *
 * Since: 0.1
 */
gint64
gt_tensor_item_int64 (GtTensor  *self,
                      GError   **error)
{
  g_autoptr(GtTensor) host = NULL;

  g_return_val_if_fail (GT_IS_TENSOR (self), 0);

  host = item_host ("gt_tensor_item_int64", self, GT_DTYPE_INT64, error);
  return host ? *(gint64 *) gt_tensor_data (host) : 0;
}
