#include "config.h"

#include <gmodule.h>

#include "gt-backend-private.h"
#include "gt-cuda-private.h"
#include "gt-error.h"

/*
 * The CUDA backend lives in a separate module (libgtensor-cuda-1.0.so) so
 * that the core library and its typelib never link CUDA. It is looked up
 * once, on first use: $GT_CUDA_MODULE if set (a path to the module, used by
 * the build tree's tests), else the installed module directory.
 */

static char *unavailable_reason;

static const char *
module_path (void)
{
  const char *env = g_getenv ("GT_CUDA_MODULE");

  if (env != NULL && *env != '\0')
    return env;
  return GT_CUDA_MODULE_DIR G_DIR_SEPARATOR_S "libgtensor-cuda-1.0.so";
}

typedef const GtBackend *(*GtCudaModuleInit) (GError **error);

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
