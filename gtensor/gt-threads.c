#include "config.h"

#include <cblas.h>
#include <omp.h>

#include "gt-threads.h"

/**
 * gt_set_num_threads:
 * @n: the number of threads, at least 1
 *
 * Sets how many threads the CPU kernels use, as torch.set_num_threads does:
 * the OpenMP team size of the element-wise kernels, reductions and batched
 * products, and the number of OpenBLAS threads used by matrix products.
 *
 * OpenMP keeps this setting per thread: it applies to kernels called from
 * the calling thread (and from threads it starts afterwards). The OpenBLAS
 * setting is process-wide.
 *
 * Since: 1.0
 */
void
gt_set_num_threads (gint n)
{
  g_return_if_fail (n >= 1);

  omp_set_num_threads (n);
  openblas_set_num_threads (n);
}

/**
 * gt_get_num_threads:
 *
 * The number of threads the CPU kernels called from this thread use
 * (torch.get_num_threads). By default this is the number of CPU cores, or
 * the `OMP_NUM_THREADS` environment variable when it is set.
 *
 * Returns: the number of threads, at least 1
 *
 * Since: 1.0
 */
gint
gt_get_num_threads (void)
{
  return omp_get_max_threads ();
}
