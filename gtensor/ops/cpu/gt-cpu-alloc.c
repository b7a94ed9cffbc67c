#include "config.h"

#include <sys/mman.h>

#include <stdlib.h>
#include <unistd.h>

#include "gt-cpu-alloc-private.h"
#include "gt-error.h"

#if defined(__has_include)
# if __has_include(<valgrind/memcheck.h>)
#  include <valgrind/memcheck.h>
#  define GT_HAVE_MEMCHECK 1
# endif
#endif
#ifndef GT_HAVE_MEMCHECK
# define VALGRIND_MAKE_MEM_NOACCESS(p, n) ((void) 0)
# define VALGRIND_MAKE_MEM_UNDEFINED(p, n) ((void) 0)
#endif

/*
 * A size-class cache in front of posix_memalign.
 *
 * glibc serves blocks above its mmap threshold with fresh mappings, so an
 * op that allocates a 64 MiB result on every call pays a page fault per
 * 4 KiB page every call: writing into new memory runs at a quarter of the
 * speed of writing into reused memory. Blocks of 64 KiB and more are
 * therefore rounded up to a size class (four classes per power of two, so
 * at most 25% is wasted) and, when freed, kept on a per-class stack for the
 * next allocation of that class, up to a limit on the bytes held.
 *
 * Small blocks (the results of ops on a few elements) are kept too, in
 * power-of-two classes from 64 bytes to 32 KiB, at most SMALL_DEPTH per
 * class: popping one costs a third of an aligned malloc and free, which is
 * a tenth of the whole cost of a small op.
 *
 * One mutex guards the stacks; it is taken once per allocation and once per
 * free.
 */

#define MIN_SMALL_SHIFT 6                                /* 64 bytes */
#define MAX_SMALL_SHIFT 15                               /* 32 KiB */
#define N_SMALL (MAX_SMALL_SHIFT - MIN_SMALL_SHIFT + 1)
#define SMALL_DEPTH 256

#define STEPS_PER_OCTAVE 4
#define MIN_OCTAVE 16                                    /* 64 KiB */
#define MAX_OCTAVE 40                                    /* 1 TiB: larger blocks bypass */
#define N_LARGE ((MAX_OCTAVE - MIN_OCTAVE) * STEPS_PER_OCTAVE)
#define N_CLASSES (N_SMALL + N_LARGE)

/* The default limit: 1 GiB, or a quarter of the physical memory. */
#define DEFAULT_LIMIT ((gsize) 1 << 30)

typedef struct {
  gpointer *blocks;
  guint     len;
  guint     alloc;
} FreeList;

static struct {
  GMutex   mutex;
  gboolean limit_known;
  gsize    limit;
  gsize    cached;
  FreeList lists[N_CLASSES];
} cache;

/* The class of a rounded size (a multiple of 64 below 7 * 2^37), and the
 * size of the blocks of that class. */
static guint
size_class (gsize  size,
            gsize *class_size)
{
  guint octave, shift;
  gsize unit, steps;

  if (size <= ((gsize) 1 << MAX_SMALL_SHIFT))
    {
      shift = size <= 64 ? MIN_SMALL_SHIFT
                         : 64 - (guint) __builtin_clzll ((unsigned long long) size - 1);
      *class_size = (gsize) 1 << shift;
      return shift - MIN_SMALL_SHIFT;
    }

  size = MAX (size, (gsize) 1 << MIN_OCTAVE);
  octave = 63 - (guint) __builtin_clzll ((unsigned long long) size);
  unit = (gsize) 1 << (octave - 2);
  steps = (size + unit - 1) / unit;             /* 4 .. 8 */
  if (steps == 2 * STEPS_PER_OCTAVE)
    {
      octave++;
      steps = STEPS_PER_OCTAVE;
      unit <<= 1;
    }
  *class_size = steps * unit;
  return N_SMALL + (octave - MIN_OCTAVE) * STEPS_PER_OCTAVE +
         (guint) (steps - STEPS_PER_OCTAVE);
}

static gboolean
cacheable (gsize size)
{
  return size <= ((gsize) 7 << (MAX_OCTAVE - 3));     /* stays below 2^40 */
}

/* Called with the mutex held. */
static gsize
cache_limit (void)
{
  if (!cache.limit_known)
    {
      const char *env = g_getenv ("GT_CPU_CACHE_LIMIT");
      long pages = sysconf (_SC_PHYS_PAGES);
      long page_size = sysconf (_SC_PAGESIZE);

      cache.limit = DEFAULT_LIMIT;
      if (pages > 0 && page_size > 0)
        cache.limit = MIN (cache.limit, (gsize) pages * (gsize) page_size / 4);
      if (env != NULL)
        cache.limit = (gsize) g_ascii_strtoull (env, NULL, 10);
      cache.limit_known = TRUE;
    }
  return cache.limit;
}

/* Blocks of 2 MiB and more start on a 2 MiB boundary and ask for
 * transparent huge pages (Linux's default THP mode is "madvise": nothing
 * without asking). A 64 MiB tensor then needs 32 TLB entries instead of
 * 16384: streaming ops over large tensors run 10-25% faster (sum of 16M
 * float32 3.5 instead of 4.3 ms on the development machine), and a fresh
 * block takes one fault per 2 MiB instead of one per 4 KiB. */
#define HUGE_PAGE ((gsize) 2 << 20)

/* GT_CPU_HUGE_PAGES=0 in the environment turns this off. */
static gboolean
huge_pages_wanted (void)
{
  static gsize wanted = 0;   /* 1: no, 2: yes */

  if (g_once_init_enter (&wanted))
    {
      const char *env = g_getenv ("GT_CPU_HUGE_PAGES");

      g_once_init_leave (&wanted, env != NULL && g_str_equal (env, "0") ? 1 : 2);
    }
  return wanted == 2;
}

static gpointer
aligned_alloc_bytes (gsize size)
{
  gpointer data = NULL;

#ifdef MADV_HUGEPAGE
  if (size >= HUGE_PAGE && huge_pages_wanted ())
    {
      if (posix_memalign (&data, HUGE_PAGE, size) != 0)
        return NULL;
      /* advice only: a kernel without THP refuses it, nothing else changes */
      (void) madvise (data, size & ~(HUGE_PAGE - 1), MADV_HUGEPAGE);
      return data;
    }
#endif
  if (posix_memalign (&data, GT_CPU_ALIGNMENT, size) != 0)
    return NULL;
  return data;
}

gpointer
gt_cpu_alloc (gint     device,
              gsize    nbytes,
              GError **error)
{
  gpointer data = NULL;
  gsize size, class_size;
  guint cls;

  if (nbytes > G_MAXSIZE / 2)
    goto failed;

  /* Round up so that a zero-byte tensor still has a valid, unique pointer
   * and vector loops may read whole cache lines. */
  size = MAX ((nbytes + GT_CPU_ALIGNMENT - 1) / GT_CPU_ALIGNMENT, 1) *
         GT_CPU_ALIGNMENT;
  if (!cacheable (size))
    {
      data = aligned_alloc_bytes (size);
      if (data == NULL)
        goto failed;
      return data;
    }

  cls = size_class (size, &class_size);
  g_mutex_lock (&cache.mutex);
  if (cache.lists[cls].len > 0)
    {
      data = cache.lists[cls].blocks[--cache.lists[cls].len];
      cache.cached -= class_size;
    }
  g_mutex_unlock (&cache.mutex);
  if (data != NULL)
    {
      VALGRIND_MAKE_MEM_UNDEFINED (data, class_size);
      return data;
    }

  data = aligned_alloc_bytes (class_size);
  if (data == NULL)
    {
      /* Memory held for other classes may be what is missing. */
      gt_cpu_cache_empty ();
      data = aligned_alloc_bytes (class_size);
    }
  if (data != NULL)
    return data;

failed:
  g_set_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
               "out of memory: cannot allocate %" G_GSIZE_FORMAT
               " bytes of CPU memory", nbytes);
  return NULL;
}

/* Pushes @data on its class's stack unless that would pass the limit.
 * Called with the mutex held. */
static gboolean
cache_push (guint    cls,
            gsize    class_size,
            gpointer data)
{
  FreeList *list = &cache.lists[cls];

  if (cache.cached + class_size > cache_limit ())
    return FALSE;
  if (cls < N_SMALL && list->len >= SMALL_DEPTH)
    return FALSE;
  if (list->len == list->alloc)
    {
      guint alloc = MAX (8, list->alloc * 2);
      gpointer *blocks = g_try_realloc_n (list->blocks, alloc, sizeof (gpointer));

      if (blocks == NULL)
        return FALSE;
      list->blocks = blocks;
      list->alloc = alloc;
    }
  list->blocks[list->len++] = data;
  cache.cached += class_size;
  return TRUE;
}

void
gt_cpu_free (gint     device,
             gpointer data,
             gsize    nbytes)
{
  gsize size, class_size;
  gboolean kept;
  guint cls;

  if (data == NULL)
    return;
  size = MAX ((nbytes + GT_CPU_ALIGNMENT - 1) / GT_CPU_ALIGNMENT, 1) *
         GT_CPU_ALIGNMENT;
  if (!cacheable (size))
    {
      free (data);
      return;
    }

  cls = size_class (size, &class_size);
  /* Before it is visible to other threads: a cached block must not be
   * touched, so that memcheck still reports a use after free. */
  VALGRIND_MAKE_MEM_NOACCESS (data, class_size);
  g_mutex_lock (&cache.mutex);
  kept = cache_push (cls, class_size, data);
  g_mutex_unlock (&cache.mutex);
  if (!kept)
    {
      VALGRIND_MAKE_MEM_UNDEFINED (data, class_size);
      free (data);
    }
}

void
gt_cpu_cache_empty (void)
{
  g_mutex_lock (&cache.mutex);
  for (guint cls = 0; cls < N_CLASSES; cls++)
    {
      FreeList *list = &cache.lists[cls];

      for (guint i = 0; i < list->len; i++)
        free (list->blocks[i]);
      g_clear_pointer (&list->blocks, g_free);
      list->len = list->alloc = 0;
    }
  cache.cached = 0;
  g_mutex_unlock (&cache.mutex);
}

guint64
gt_cpu_cache_bytes (void)
{
  guint64 bytes;

  g_mutex_lock (&cache.mutex);
  bytes = cache.cached;
  g_mutex_unlock (&cache.mutex);
  return bytes;
}

/* Gives the cached blocks back when the library is unloaded or the process
 * exits, so that leak checkers see no memory held by the cache. */
__attribute__ ((destructor)) static void
cache_release_at_exit (void)
{
  gt_cpu_cache_empty ();
}
