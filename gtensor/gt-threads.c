#include "config.h"

#include <cblas.h>
#include <omp.h>

#include "gt-error.h"
#include "gt-threads.h"

/* 0 until gt_set_num_threads() is called: OpenMP's default then applies
 * (the number of cores, or OMP_NUM_THREADS). */
static gint num_threads;

/**
 * gt_set_num_threads:
 * @n: the number of threads, at least 1
 * @error: return location for a #GError
 *
 * Sets how many threads the CPU kernels use, as torch.set_num_threads
 * does: the OpenMP team size of element-wise kernels, reductions and
 * batched products, and the number of OpenBLAS threads of matrix products.
 * The setting is process-wide.
 *
 * Returns: %TRUE, or %FALSE with %GT_ERROR_VALUE if @n is not positive
 *   (the setting is then left as it was)
 *
 * Since: 0.1
 */
gboolean
gt_set_num_threads (gint     n,
                    GError **error)
{
  /* A count from a command line or a config file: bad data, not a
   * programmer error, so a GError as torch's RuntimeError. */
  if (n < 1)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_set_num_threads: number of threads must be positive, "
                   "got %d", n);
      return FALSE;
    }

  g_atomic_int_set (&num_threads, n);
  /* For the kernels that size their teams by OpenMP's own setting; that
   * one is kept per thread, so kernels pass gt_get_num_threads() as their
   * team size to see this call from any thread. */
  omp_set_num_threads (n);
  openblas_set_num_threads (n);
  return TRUE;
}

/**
 * gt_get_num_threads:
 *
 * The number of threads the CPU kernels use (torch.get_num_threads). Until
 * [func@Gt.set_num_threads] is called this is OpenMP's default: the number
 * of CPU cores, or the `OMP_NUM_THREADS` environment variable when set.
 *
 * Returns: the number of threads, at least 1
 *
 * Since: 0.1
 */
gint
gt_get_num_threads (void)
{
  gint n = g_atomic_int_get (&num_threads);

  return n > 0 ? n : omp_get_max_threads ();
}
