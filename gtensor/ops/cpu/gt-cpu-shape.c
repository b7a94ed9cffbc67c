#include "config.h"

#include <string.h>
#include <omp.h>

#include "gt-cpu-backend-private.h"
#include "gt-cpu-iter.h"

/*
 * The shape ops are views, or copies through the backend's strided copy.
 * The one kernel here copies many pairs at once for cat and stack: with a
 * thread team per input, each of the (often 8 or more) copies pays for
 * starting and joining the team, which on a busy machine means waiting for
 * a descheduled thread every time. One team instead splits the sum of all
 * the copies evenly; the destinations are disjoint, so no thread waits for
 * another until the end.
 */

/* Same dtype, any layout: the bytes of each element. */
static void
copy_elements_loop (guint8       **data,
                    const gint64  *strides,
                    gint64         n,
                    gpointer       user_data)
{
  gsize esize = GPOINTER_TO_SIZE (user_data);
  guint8 *restrict d = data[0];
  const guint8 *restrict s = data[1];

  if (strides[0] == (gint64) esize && strides[1] == (gint64) esize)
    {
      memcpy (d, s, n * esize);
      return;
    }
  switch (esize)
    {
#define COPY_N(T)                                                           \
      for (gint64 i = 0; i < n; i++)                                        \
        *(T *) (d + i * strides[0]) = *(const T *) (s + i * strides[1]);    \
      break;
    case 1: COPY_N (guint8)
    case 2: COPY_N (guint16)
    case 4: COPY_N (guint32)
    case 8: COPY_N (guint64)
#undef COPY_N
    default:
      g_assert_not_reached ();
    }
}

gboolean
gt_cpu_copy_many (GtTensor  **dsts,
                  GtTensor  **srcs,
                  guint       n,
                  GError    **error)
{
  g_autofree GtCpuIter *iters = NULL;
  g_autofree gint64 *starts = NULL;
  g_autofree guint *which = NULL;
  gint64 total = 0;
  guint m = 0;

  iters = g_try_new (GtCpuIter, MAX (n, 1));
  starts = g_try_new (gint64, n + 1);
  which = g_try_new (guint, MAX (n, 1));
  if (iters == NULL || starts == NULL || which == NULL)
    return gt_cpu_alloc_failed (n * (sizeof (GtCpuIter) + sizeof (gint64)), error);

  /* Conversions go through the ordinary copy; the rest is gathered. */
  for (guint i = 0; i < n; i++)
    {
      GtTensor *ops[2] = { dsts[i], srcs[i] };

      if (dsts[i]->numel == 0)
        continue;
      if (dsts[i]->dtype != srcs[i]->dtype)
        {
          if (!gt_cpu_copy (dsts[i], srcs[i], error))
            return FALSE;
          continue;
        }
      gt_cpu_iter_init (&iters[m], 2, ops);
      which[m] = i;
      starts[m] = total;
      total += iters[m].numel;
      m++;
    }
  starts[m] = total;

  if (total < GT_CPU_GRAIN_SIZE || omp_get_max_threads () == 1)
    {
      for (guint k = 0; k < m; k++)
        gt_cpu_iter_for_range (&iters[k], 0, iters[k].numel, copy_elements_loop,
                               GSIZE_TO_POINTER (gt_dtype_get_element_size (
                                 dsts[which[k]]->dtype)));
      return TRUE;
    }

#pragma omp parallel
  {
    gint64 nth = omp_get_num_threads ();
    gint64 ith = omp_get_thread_num ();
    gint64 chunk = (total + nth - 1) / nth;
    gint64 begin = MIN (ith * chunk, total);
    gint64 end = MIN (begin + chunk, total);

    /* This thread's share of the concatenated element ranges. */
    for (guint k = 0; k < m; k++)
      {
        gint64 lo = MAX (begin, starts[k]), hi = MIN (end, starts[k + 1]);

        if (lo < hi)
          gt_cpu_iter_for_range (&iters[k], lo - starts[k], hi - starts[k],
                                 copy_elements_loop,
                                 GSIZE_TO_POINTER (gt_dtype_get_element_size (
                                   dsts[which[k]]->dtype)));
      }
  }
  return TRUE;
}
