#include "config.h"

#include <omp.h>

#include "gt-cpu-iter.h"

/* TRUE if dim a should be inside (vary faster than) dim b. The first
 * operand whose strides differ decides; zero strides (broadcast) abstain. */
static gboolean
dim_is_inner (const GtCpuIter *iter,
              guint            a,
              guint            b)
{
  for (guint op = 0; op < iter->n_operands; op++)
    {
      gint64 sa = iter->strides[op][a], sb = iter->strides[op][b];

      if (sa == 0 || sb == 0 || sa == sb)
        continue;
      return ABS (sa) < ABS (sb);
    }
  return FALSE;
}

static void
swap_dims (GtCpuIter *iter,
           guint      a,
           guint      b)
{
  gint64 t = iter->sizes[a];

  iter->sizes[a] = iter->sizes[b];
  iter->sizes[b] = t;
  for (guint op = 0; op < iter->n_operands; op++)
    {
      t = iter->strides[op][a];
      iter->strides[op][a] = iter->strides[op][b];
      iter->strides[op][b] = t;
    }
}

static void
coalesce (GtCpuIter *iter)
{
  guint out = 0;

  for (guint d = 1; d < iter->ndim; d++)
    {
      gboolean mergeable = TRUE;

      for (guint op = 0; op < iter->n_operands && mergeable; op++)
        mergeable = iter->strides[op][d] ==
                    iter->strides[op][out] * iter->sizes[out];
      if (mergeable)
        {
          iter->sizes[out] *= iter->sizes[d];
          continue;
        }
      out++;
      iter->sizes[out] = iter->sizes[d];
      for (guint op = 0; op < iter->n_operands; op++)
        iter->strides[op][out] = iter->strides[op][d];
    }
  iter->ndim = out + 1;
}

void
gt_cpu_iter_init (GtCpuIter  *iter,
                  guint       n_operands,
                  GtTensor  **operands)
{
  GtTensor *out = operands[0];
  guint nd = 0;

  g_assert (n_operands >= 1 && n_operands <= GT_CPU_ITER_MAX_OPERANDS);

  iter->n_operands = n_operands;
  iter->numel = out->numel;
  for (guint op = 0; op < n_operands; op++)
    iter->data[op] = gt_tensor_data (operands[op]);

  /* Reverse the order (innermost first) and drop size-1 dimensions. */
  for (gint d = (gint) out->ndim - 1; d >= 0; d--)
    {
      if (out->sizes[d] == 1)
        continue;
      iter->sizes[nd] = out->sizes[d];
      for (guint op = 0; op < n_operands; op++)
        iter->strides[op][nd] = operands[op]->strides[d] *
          (gint64) gt_dtype_get_element_size (operands[op]->dtype);
      nd++;
    }
  if (nd == 0)
    {
      iter->sizes[0] = 1;
      for (guint op = 0; op < n_operands; op++)
        iter->strides[op][0] = 0;
      nd = 1;
    }
  iter->ndim = nd;

  /* Insertion sort: at most 8 dims, usually already in order. */
  for (guint i = 1; i < iter->ndim; i++)
    for (guint j = i; j > 0 && dim_is_inner (iter, j, j - 1); j--)
      swap_dims (iter, j, j - 1);

  coalesce (iter);
}

void
gt_cpu_iter_for_range (const GtCpuIter *iter,
                       gint64           begin,
                       gint64           end,
                       GtCpuLoop        loop,
                       gpointer         user_data)
{
  gint64 idx[GT_MAX_DIMS];
  gint64 inner[GT_CPU_ITER_MAX_OPERANDS];
  guint8 *ptr[GT_CPU_ITER_MAX_OPERANDS];
  gint64 rem = begin;
  guint nops = iter->n_operands;

  if (begin >= end)
    return;

  for (guint op = 0; op < nops; op++)
    {
      ptr[op] = iter->data[op];
      inner[op] = iter->strides[op][0];
    }
  for (guint d = 0; d < iter->ndim; d++)
    {
      idx[d] = rem % iter->sizes[d];
      rem /= iter->sizes[d];
      for (guint op = 0; op < nops; op++)
        ptr[op] += idx[d] * iter->strides[op][d];
    }

  while (begin < end)
    {
      gint64 n = MIN (iter->sizes[0] - idx[0], end - begin);

      loop (ptr, inner, n, user_data);
      begin += n;
      idx[0] += n;
      for (guint op = 0; op < nops; op++)
        ptr[op] += n * inner[op];

      /* Carry into the outer dimensions. */
      for (guint d = 0; d + 1 < iter->ndim && idx[d] == iter->sizes[d]; d++)
        {
          idx[d] = 0;
          idx[d + 1]++;
          for (guint op = 0; op < nops; op++)
            ptr[op] += iter->strides[op][d + 1] -
                       iter->sizes[d] * iter->strides[op][d];
        }
    }
}

void
gt_cpu_iter_run (const GtCpuIter *iter,
                 GtCpuLoop        loop,
                 gpointer         user_data)
{
  gint64 numel = iter->numel;

  if (numel < GT_CPU_GRAIN_SIZE || omp_get_max_threads () == 1)
    {
      gt_cpu_iter_for_range (iter, 0, numel, loop, user_data);
      return;
    }

#pragma omp parallel
  {
    gint64 nth = omp_get_num_threads ();
    gint64 ith = omp_get_thread_num ();
    gint64 chunk = (numel + nth - 1) / nth;
    gint64 begin = MIN (ith * chunk, numel);
    gint64 end = MIN (begin + chunk, numel);

    gt_cpu_iter_for_range (iter, begin, end, loop, user_data);
  }
}

gboolean
gt_cpu_iter_is_contiguous (const GtCpuIter *iter,
                           const gsize     *element_sizes)
{
  if (iter->ndim != 1)
    return FALSE;
  for (guint op = 0; op < iter->n_operands; op++)
    if (iter->strides[op][0] != (gint64) element_sizes[op] &&
        !(iter->sizes[0] == 1))
      return FALSE;
  return TRUE;
}
