/* Preloaded by tools/run-tsan.sh: GMutex, GCond and g_once_init_* on top of
 * pthreads and compiler atomics, so that ThreadSanitizer sees them.
 *
 * GLib 2.74 builds GMutex and GCond on futexes and g_once_init_leave on
 * its own (uninstrumented) atomics; TSan knows neither, so every access
 * protected by them (the CPU allocator's cache, the generator, GType
 * registration) would be reported as a race. gtensor's calls go through
 * the PLT and land here instead. Only for the TSan run: a GMutex here holds
 * a pointer to a pthread mutex allocated on first use (as GLib's own
 * non-futex build does). */
#include <glib.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t *
mutex_of (GMutex *m)
{
  pthread_mutex_t *p = __atomic_load_n ((pthread_mutex_t **) &m->p,
                                        __ATOMIC_ACQUIRE);

  if (p == NULL)
    {
      pthread_mutex_t *fresh = malloc (sizeof *fresh);
      pthread_mutex_t *expected = NULL;

      pthread_mutex_init (fresh, NULL);
      if (__atomic_compare_exchange_n ((pthread_mutex_t **) &m->p, &expected,
                                       fresh, FALSE, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE))
        p = fresh;
      else
        {
          pthread_mutex_destroy (fresh);
          free (fresh);
          p = expected;
        }
    }
  return p;
}

void
g_mutex_init (GMutex *m)
{
  m->p = NULL;
}

void
g_mutex_clear (GMutex *m)
{
  pthread_mutex_t *p = m->p;

  if (p != NULL)
    {
      pthread_mutex_destroy (p);
      free (p);
    }
  m->p = NULL;
}

void
g_mutex_lock (GMutex *m)
{
  pthread_mutex_lock (mutex_of (m));
}

void
g_mutex_unlock (GMutex *m)
{
  pthread_mutex_unlock (mutex_of (m));
}

gboolean
g_mutex_trylock (GMutex *m)
{
  return pthread_mutex_trylock (mutex_of (m)) == 0;
}

static pthread_cond_t *
cond_of (GCond *c)
{
  pthread_cond_t *p = __atomic_load_n ((pthread_cond_t **) &c->p,
                                       __ATOMIC_ACQUIRE);

  if (p == NULL)
    {
      pthread_cond_t *fresh = malloc (sizeof *fresh);
      pthread_cond_t *expected = NULL;

      pthread_cond_init (fresh, NULL);
      if (__atomic_compare_exchange_n ((pthread_cond_t **) &c->p, &expected,
                                       fresh, FALSE, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE))
        p = fresh;
      else
        {
          pthread_cond_destroy (fresh);
          free (fresh);
          p = expected;
        }
    }
  return p;
}

void
g_cond_init (GCond *c)
{
  c->p = NULL;
}

void
g_cond_clear (GCond *c)
{
  pthread_cond_t *p = c->p;

  if (p != NULL)
    {
      pthread_cond_destroy (p);
      free (p);
    }
  c->p = NULL;
}

void
g_cond_wait (GCond *c, GMutex *m)
{
  pthread_cond_wait (cond_of (c), mutex_of (m));
}

void
g_cond_signal (GCond *c)
{
  pthread_cond_signal (cond_of (c));
}

void
g_cond_broadcast (GCond *c)
{
  pthread_cond_broadcast (cond_of (c));
}

static pthread_mutex_t once_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t once_cond = PTHREAD_COND_INITIALIZER;
static GSList *once_pending;

gboolean
(g_once_init_enter) (volatile void *location)
{
  gsize *value = (gsize *) location;
  gboolean need_init = FALSE;

  pthread_mutex_lock (&once_mutex);
  if (__atomic_load_n (value, __ATOMIC_ACQUIRE) == 0)
    {
      if (g_slist_find (once_pending, (void *) location) == NULL)
        {
          need_init = TRUE;
          once_pending = g_slist_prepend (once_pending, (void *) location);
        }
      else
        while (g_slist_find (once_pending, (void *) location) != NULL)
          pthread_cond_wait (&once_cond, &once_mutex);
    }
  pthread_mutex_unlock (&once_mutex);
  return need_init;
}

void
(g_once_init_leave) (volatile void *location,
                     gsize          result)
{
  __atomic_store_n ((gsize *) location, result, __ATOMIC_RELEASE);
  pthread_mutex_lock (&once_mutex);
  once_pending = g_slist_remove (once_pending, (void *) location);
  pthread_cond_broadcast (&once_cond);
  pthread_mutex_unlock (&once_mutex);
}
