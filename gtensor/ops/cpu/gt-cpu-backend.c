#include "config.h"

#include <stdlib.h>

#include "gt-cpu-backend-private.h"
#include "gt-error.h"

/* Tensor memory is aligned for the widest vector loads (AVX-512) and is
 * never allocated with g_malloc, which aborts when memory runs out. */
#define GT_CPU_ALIGNMENT 64

static gint
cpu_device_count (void)
{
  return 1;
}

static gpointer
cpu_alloc (gint     device,
           gsize    nbytes,
           GError **error)
{
  gpointer data = NULL;
  /* Round up so that a zero-byte tensor still has a valid, unique pointer
   * and vector loops may read whole cache lines. */
  gsize size = MAX ((nbytes + GT_CPU_ALIGNMENT - 1) / GT_CPU_ALIGNMENT, 1) *
               GT_CPU_ALIGNMENT;

  if (nbytes > G_MAXSIZE - GT_CPU_ALIGNMENT ||
      posix_memalign (&data, GT_CPU_ALIGNMENT, size) != 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
                   "out of memory: cannot allocate %" G_GSIZE_FORMAT
                   " bytes of CPU memory", nbytes);
      return NULL;
    }
  return data;
}

static void
cpu_free (gint     device,
          gpointer data,
          gsize    nbytes)
{
  free (data);
}

static const GtBackend cpu_backend = {
  .device_type = GT_DEVICE_TYPE_CPU,
  .name = "CPU",
  .abi_version = GT_BACKEND_ABI_VERSION,

  .device_count = cpu_device_count,
  .alloc = cpu_alloc,
  .free = cpu_free,
  /* Host memory needs no transfers. */
  .upload = NULL,
  .download = NULL,

  .copy = gt_cpu_copy,
  .fill = gt_cpu_fill,
  .arange = gt_cpu_arange,
  .linspace = gt_cpu_linspace,

  .random_uniform = gt_cpu_random_uniform,
  .random_normal = gt_cpu_random_normal,
  .random_int = gt_cpu_random_int,

  /* pointwise */

  /* reductions and scans */

  /* sorting */

  /* shapes */

  /* indexing */

  /* linear algebra */
};

const GtBackend *
gt_cpu_backend_get (void)
{
  return &cpu_backend;
}

gboolean
gt_cpu_alloc_failed (gsize     nbytes,
                     GError  **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
               "out of memory: cannot allocate %" G_GSIZE_FORMAT
               " bytes of CPU scratch memory", nbytes);
  return FALSE;
}
