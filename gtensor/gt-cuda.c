#include "config.h"

#include <gmodule.h>

#include "gt-backend-private.h"
#include "gt-cuda-private.h"
#include "gt-error.h"
#include "gt-rng-private.h"

/*
 * The CUDA backend lives in a separate module (libgtensor-cuda-1.0.so) so
 * that the core library and its typelib never link CUDA. It is looked up
 * once, on first use: $GT_CUDA_MODULE if set (a path to the module, used by
 * the build tree's tests), else the installed module directory.
 */

static char *unavailable_reason;
static const GtCudaExtras *extras;
static gint allow_tf32;     /* atomic; torch.backends.cuda.matmul.allow_tf32 */

static const char *
module_path (void)
{
  const char *env = g_getenv ("GT_CUDA_MODULE");

  if (env != NULL && *env != '\0')
    return env;
  return GT_CUDA_MODULE_DIR G_DIR_SEPARATOR_S "libgtensor-cuda-1.0.so";
}

typedef const GtBackend *(*GtCudaModuleInit) (GError **error);

/* 64 bits from the default generator: the seed of one CUDA random kernel. */
static guint64
draw_seed (void)
{
  GtGenerator *gen = gt_generator_get_default ();
  guint64 seed;

  gt_generator_lock (gen);
  seed = gt_generator_random64 (gen);
  gt_generator_unlock (gen);
  return seed;
}

static gboolean
load_module (void)
{
  g_autoptr(GError) error = NULL;
  const char *path = module_path ();
  GModule *module;
  GtCudaModuleInit init = NULL;
  const GtBackend *backend;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      unavailable_reason =
        g_strdup_printf ("gtensor was built without the CUDA module (%s "
                         "does not exist)", path);
      return FALSE;
    }

  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      unavailable_reason = g_strdup_printf ("cannot load %s: %s", path,
                                            g_module_error ());
      return FALSE;
    }
  if (!g_module_symbol (module, GT_CUDA_MODULE_ENTRY, (gpointer *) &init) ||
      init == NULL)
    {
      unavailable_reason = g_strdup_printf ("%s has no %s entry point",
                                            path, GT_CUDA_MODULE_ENTRY);
      g_module_close (module);
      return FALSE;
    }

  backend = init (&error);
  if (backend == NULL)
    {
      unavailable_reason = g_strdup (error->message);
      g_module_close (module);
      return FALSE;
    }
  if (backend->abi_version != GT_BACKEND_ABI_VERSION ||
      backend->device_type != GT_DEVICE_TYPE_CUDA)
    {
      unavailable_reason =
        g_strdup_printf ("%s was built for another version of gtensor", path);
      g_module_close (module);
      return FALSE;
    }

  /* Optional: memory statistics, the TF32 switch, synchronisation. */
  {
    const GtCudaExtras *(*get_extras) (void) = NULL;

    if (g_module_symbol (module, GT_CUDA_MODULE_EXTRAS,
                         (gpointer *) &get_extras) && get_extras != NULL)
      {
        extras = get_extras ();
        if (extras != NULL && extras->abi_version != GT_BACKEND_ABI_VERSION)
          extras = NULL;
        if (extras != NULL && extras->set_allow_tf32 != NULL)
          extras->set_allow_tf32 (g_atomic_int_get (&allow_tf32));
        if (extras != NULL && extras->set_seed_source != NULL)
          extras->set_seed_source (draw_seed);
      }
  }

  /* Kept loaded for the life of the process: tensors point into it. */
  g_module_make_resident (module);
  gt_backend_register (backend);
  return TRUE;
}

gboolean
gt_cuda_load (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    g_once_init_leave (&loaded, load_module () ? 2 : 1);
  return loaded == 2;
}

const char *
gt_cuda_get_unavailable_reason (void)
{
  gt_cuda_load ();
  if (unavailable_reason != NULL)
    return unavailable_reason;
  return "no CUDA device was found";
}

/**
 * gt_cuda_is_available:
 *
 * Whether CUDA tensors can be created: the CUDA module is installed, the
 * driver loads and at least one GPU is visible (torch.cuda.is_available).
 * Never fails; on machines without CUDA it simply returns %FALSE.
 *
 * Returns: %TRUE if at least one CUDA device can be used
 *
 * Since: 0.1
 */
gboolean
gt_cuda_is_available (void)
{
  return gt_cuda_device_count () > 0;
}

/**
 * gt_cuda_device_count:
 *
 * The number of usable CUDA devices (torch.cuda.device_count), 0 when the
 * module, the driver or a GPU is missing.
 *
 * Returns: the number of CUDA devices
 *
 * Since: 0.1
 */
gint
gt_cuda_device_count (void)
{
  const GtBackend *backend;

  if (!gt_cuda_load ())
    return 0;
  backend = gt_backend_get (GT_DEVICE_TYPE_CUDA, NULL);
  return backend != NULL && backend->device_count ? backend->device_count () : 0;
}

/**
 * gt_cuda_memory_allocated:
 * @device: the CUDA device index (0 for the first one)
 *
 * How many bytes of the device's memory tensors occupy now
 * (torch.cuda.memory_allocated). 0 without CUDA or for a device that does
 * not exist.
 *
 * Returns: the number of bytes in use by tensors
 *
 * Since: 0.1
 */
guint64
gt_cuda_memory_allocated (gint device)
{
  if (!gt_cuda_load () || extras == NULL || extras->memory_allocated == NULL ||
      device < 0 || device >= gt_cuda_device_count ())
    return 0;
  return extras->memory_allocated (device);
}

/**
 * gt_cuda_memory_reserved:
 * @device: the CUDA device index
 *
 * How many bytes of the device's memory gtensor holds: those in use by
 * tensors plus those its caching allocator keeps for reuse
 * (torch.cuda.memory_reserved). 0 without CUDA.
 *
 * Returns: the number of bytes reserved on @device
 *
 * Since: 0.1
 */
guint64
gt_cuda_memory_reserved (gint device)
{
  if (!gt_cuda_load () || extras == NULL || extras->memory_reserved == NULL ||
      device < 0 || device >= gt_cuda_device_count ())
    return 0;
  return extras->memory_reserved (device);
}

/**
 * gt_cuda_empty_cache:
 *
 * Gives the device memory that the CUDA caching allocator keeps for reuse
 * back to the driver, on every device (torch.cuda.empty_cache). Memory in
 * use by tensors is not affected. Does nothing without CUDA.
 *
 * Since: 0.1
 */
void
gt_cuda_empty_cache (void)
{
  if (gt_cuda_load () && extras != NULL && extras->empty_cache != NULL)
    extras->empty_cache ();
}

/**
 * gt_cuda_set_allow_tf32:
 * @allow: whether float32 matrix products may use TF32 tensor cores
 *
 * Lets float32 GEMMs on CUDA devices use TF32 tensor cores (about 8 times
 * faster on Ampere and later, with a 10-bit mantissa for the products), as
 * torch.backends.cuda.matmul.allow_tf32. Off by default, so that results
 * match the CPU's to float32 rounding. Process-wide; may be called before
 * CUDA is loaded.
 *
 * Since: 0.1
 */
void
gt_cuda_set_allow_tf32 (gboolean allow)
{
  g_atomic_int_set (&allow_tf32, allow ? 1 : 0);
  if (gt_cuda_load () && extras != NULL && extras->set_allow_tf32 != NULL)
    extras->set_allow_tf32 (allow ? TRUE : FALSE);
}

/**
 * gt_cuda_get_allow_tf32:
 *
 * Whether float32 GEMMs on CUDA devices may use TF32; see
 * gt_cuda_set_allow_tf32().
 *
 * Returns: %TRUE if TF32 is allowed
 *
 * Since: 0.1
 */
gboolean
gt_cuda_get_allow_tf32 (void)
{
  return g_atomic_int_get (&allow_tf32) != 0;
}

/**
 * gt_cuda_synchronize:
 * @device: the CUDA device index, or -1 for the first one
 * @error: return location for a #GError
 *
 * Waits until every kernel and copy queued on @device has finished
 * (torch.cuda.synchronize), and reports an error a kernel raised on the
 * way. Kernels run asynchronously: time them with this call around them.
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_DEVICE_UNAVAILABLE
 *   without CUDA or for a device that does not exist, %GT_ERROR_CUDA if
 *   the device reported an error
 *
 * Since: 0.1
 */
gboolean
gt_cuda_synchronize (gint      device,
                     GError  **error)
{
  gint count = gt_cuda_device_count ();

  if (device < 0)
    device = 0;
  if (count == 0 || extras == NULL || extras->synchronize == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE,
                   "gt_cuda_synchronize: CUDA is not available: %s",
                   gt_cuda_get_unavailable_reason ());
      return FALSE;
    }
  if (device >= count)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE,
                   "gt_cuda_synchronize: device 'cuda:%d' is not available: "
                   "this machine has %d CUDA device(s)", device, count);
      return FALSE;
    }
  return extras->synchronize (device, error);
}
