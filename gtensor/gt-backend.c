#include "config.h"

#include "gt-backend-private.h"
#include "gt-cuda-private.h"
#include "gt-error.h"

/* One slot per GtDeviceType. Written once (under the CUDA loader's GOnce),
 * read without locks afterwards. */
static const GtBackend *backends[GT_DEVICE_TYPE_CUDA + 1];

void
gt_backend_register (const GtBackend *backend)
{
  g_return_if_fail (backend != NULL);
  g_return_if_fail ((guint) backend->device_type < G_N_ELEMENTS (backends));

  g_atomic_pointer_set (&backends[backend->device_type], backend);
}

const GtBackend *
gt_backend_get (GtDeviceType   type,
                GError       **error)
{
  const GtBackend *backend;

  if (type == GT_DEVICE_TYPE_CPU)
    return gt_cpu_backend_get ();

  if ((guint) type >= G_N_ELEMENTS (backends))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                   "unknown device type %d", (int) type);
      return NULL;
    }

  backend = g_atomic_pointer_get (&backends[type]);
  if (backend == NULL && type == GT_DEVICE_TYPE_CUDA && gt_cuda_load ())
    backend = g_atomic_pointer_get (&backends[type]);
  if (backend == NULL)
    g_set_error (error, GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE,
                 "the CUDA backend is not available: %s",
                 gt_cuda_get_unavailable_reason ());
  return backend;
}

gboolean
gt_backend_not_supported (const char       *func,
                          const GtBackend  *backend,
                          GError          **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%s: not supported on the %s backend", func, backend->name);
  return FALSE;
}
