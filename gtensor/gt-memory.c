#include "config.h"

#include "gt-memory.h"
#include "gt-cpu-alloc-private.h"
#include "gt-tensor-private.h"

/**
 * gt_empty_cache:
 *
 * Returns the CPU memory that gtensor keeps for reuse to the system.
 *
 * Freed tensor buffers are not given back at once: they wait in a cache,
 * sorted by size class, for the next allocation of that class, so that an
 * op allocating its result on every call does not pay for fresh page
 * faults (large tensors) or for malloc (small ones) every call. The cache
 * holds at most 1 GiB or a quarter of the physical memory, whichever is
 * smaller; the environment variable `GT_CPU_CACHE_LIMIT` (a number of
 * bytes, 0 turns the cache off) changes that limit. Memory in use by
 * tensors is not affected. The calling thread's few recycled tensor
 * objects (kept to spare small ops GObject's construction) are freed too.
 *
 * Blocks of 2 MiB and more are aligned to 2 MiB and ask Linux for
 * transparent huge pages (fewer TLB misses and page faults on large
 * tensors); `GT_CPU_HUGE_PAGES=0` in the environment turns that off.
 *
 * Since: 0.1
 */
void
gt_empty_cache (void)
{
  gt_tensor_cache_empty ();
  gt_cpu_cache_empty ();
}

/**
 * gt_cpu_memory_cached:
 *
 * How much freed CPU memory the cache of [func@Gt.empty_cache] holds now.
 *
 * Returns: the number of bytes held for reuse
 *
 * Since: 0.1
 */
guint64
gt_cpu_memory_cached (void)
{
  return gt_cpu_cache_bytes ();
}
