#include "config.h"

#include <string.h>

#include "gt-error.h"
#include "gt-sort.h"
#include "gt-op-private.h"
#include "gt-reduce-private.h"
#include "gt-autograd-private.h"
#include "gt-grad-mode.h"

/*
 * Sorting: checks, result allocation, then one backend call that works
 * along the last dim of views with the sorted dim moved last. NaN sorts
 * above +inf (last ascending, first descending), as in torch.
 */

static gboolean
sort_dim (const char  *func,
          GtTensor    *self,
          gint         dim,
          guint       *d,
          GError     **error)
{
  if (!gt_op_check_tensor (func, "self", self, error) ||
      !gt_dim_wrap (func, dim, self->ndim, d, error))
    return FALSE;
  /* The kernels count positions in 32 bits. */
  if (self->ndim > 0 && self->sizes[*d] > (gint64) G_MAXUINT32)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
                   "%s: sorting %" G_GINT64_FORMAT " elements along one dim "
                   "is not supported (at most %u)", func, self->sizes[*d],
                   G_MAXUINT32);
      return FALSE;
    }
  return TRUE;
}

/* The backend call of sort (@k < 0) and topk (the @k first along @d):
 * new values (when @want_values) and int64 positions (when @indices) of
 * @self's shape with @d of size @k, computed along views with @d moved
 * last. @order is descending or largest, @keep stable or sorted. */
static GtTensor *
select_run (const char  *func,
            GtTensor    *self,
            guint        d,
            gint64       k,
            gboolean     order,
            gboolean     keep,
            gboolean     want_values,
            GtTensor   **indices,
            GError     **error)
{
  const GtBackend *backend = gt_tensor_backend (self);
  g_autoptr(GtTensor) values = NULL;
  g_autoptr(GtTensor) idx = NULL;
  g_autoptr(GtTensor) in_v = NULL;
  g_autoptr(GtTensor) values_v = NULL;
  g_autoptr(GtTensor) idx_v = NULL;
  gint64 shape[GT_MAX_DIMS];
  gint64 numel = 1;

  memcpy (shape, self->sizes, self->ndim * sizeof (gint64));
  if (k >= 0)
    shape[d] = k;
  for (guint i = 0; i < self->ndim; i++)
    numel *= shape[i];
  if (want_values &&
      (values = gt_tensor_new_empty (shape, self->ndim, self->dtype,
                                     gt_tensor_device (self), error)) == NULL)
    return NULL;
  if (indices != NULL &&
      (idx = gt_tensor_new_empty (shape, self->ndim, GT_DTYPE_INT64,
                                  gt_tensor_device (self), error)) == NULL)
    return NULL;

  if (numel > 0)
    {
      if (k < 0 ? backend->sort == NULL : backend->topk == NULL)
        {
          gt_backend_not_supported (func, backend, error);
          return NULL;
        }
      in_v = gt_tensor_dim_last_view (self, d);
      values_v = values != NULL ? gt_tensor_dim_last_view (values, d) : NULL;
      idx_v = idx != NULL ? gt_tensor_dim_last_view (idx, d) : NULL;
      if (!(k < 0 ? backend->sort (values_v, idx_v, in_v, order, keep, error)
                  : backend->topk (values_v, idx_v, in_v, k, order, keep,
                                   error)))
        return NULL;
    }

  if (indices != NULL)
    *indices = g_steal_pointer (&idx);
  return g_steal_pointer (&values);
}

/* Sorted values (when @want_values) and positions (when @indices). */
static GtTensor *
sort_common (const char  *func,
             GtTensor    *self,
             gint         dim,
             gboolean     descending,
             gboolean     stable,
             gboolean     want_values,
             GtTensor   **indices,
             GError     **error)
{
  guint d;

  if (!sort_dim (func, self, dim, &d, error))
    return NULL;
  return select_run (func, self, d, -1, descending, stable, want_values,
                     indices, error);
}

/* Autograd of sort and topk: a node @name whose gradient goes back to
 * the positions @idx (taken), which are handed out in @indices too. */
static GtTensor *
record_select (const char  *name,
               GtTensor    *self,
               gint         dim,
               GtTensor    *values,
               GtTensor    *idx,
               GtTensor   **indices)
{
  g_autoptr(GtTensor) owned = idx;
  guint d;

  if (values == NULL)
    return NULL;
  d = self->ndim == 0 ? 0 : (guint) (dim < 0 ? dim + (gint) self->ndim : dim);
  gt_reduce_record_select (name, self, d, values, owned);
  if (indices != NULL)
    *indices = g_steal_pointer (&owned);
  return values;
}

/**
 * gt_tensor_sort:
 * @self: a tensor
 * @dim: the dim to sort along; negative dims count from the end
 * @descending: sort from largest to smallest
 * @stable: keep equal elements in their original order
 * @indices: (out) (transfer full) (optional): return location for the
 *   int64 positions in @self of the sorted values
 * @error: return location for a #GError
 *
 * The elements of @self sorted along @dim (torch.sort). NaN counts as
 * larger than every number, so it comes last ascending and first
 * descending; -0 and +0 are equal. The CPU sort is always stable.
 *
 * Returns: (transfer full) (nullable): the sorted values, of @self's shape
 *   and dtype, or %NULL with %GT_ERROR_INDEX for a dim out of range
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_sort (GtTensor   *self,
                gint        dim,
                gboolean    descending,
                gboolean    stable,
                GtTensor  **indices,
                GError    **error)
{
  GtTensor *idx = NULL;
  GtTensor *values;

  g_return_val_if_fail (self != NULL, NULL);
  if (!gt_autograd_should_record (&self, 1))
    return sort_common ("gt_tensor_sort", self, dim, descending, stable, TRUE,
                        indices, error);
  values = sort_common ("gt_tensor_sort", self, dim, descending, stable, TRUE,
                        &idx, error);
  return record_select ("SortBackward0", self, dim, values, idx, indices);
}

/**
 * gt_tensor_argsort:
 * @self: a tensor
 * @dim: the dim to sort along; negative dims count from the end
 * @descending: sort from largest to smallest
 * @stable: keep equal elements in their original order
 * @error: return location for a #GError
 *
 * The positions that sort @self along @dim (torch.argsort): the indices
 * of [method@Gt.Tensor.sort].
 *
 * Returns: (transfer full) (nullable): an int64 tensor of @self's shape,
 *   or %NULL with %GT_ERROR_INDEX for a dim out of range
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_argsort (GtTensor  *self,
                   gint       dim,
                   gboolean   descending,
                   gboolean   stable,
                   GError   **error)
{
  GtTensor *indices = NULL;
  GError *local = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  /* Only the indices: the values are NULL on success too. */
  sort_common ("gt_tensor_argsort", self, dim, descending, stable, FALSE,
               &indices, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return indices;
}

static GtTensor *
topk_impl (GtTensor   *self,
           gint64      k,
           gint        dim,
           gboolean    largest,
           gboolean    sorted,
           GtTensor  **indices,
           GError    **error)
{
  const char *func = "gt_tensor_topk";
  g_autoptr(GtTensor) values = NULL;
  g_autoptr(GtTensor) idx = NULL;
  gint64 n;
  guint d;

  g_return_val_if_fail (self != NULL, NULL);
  if (!sort_dim (func, self, dim, &d, error))
    return NULL;
  if (self->dtype == GT_DTYPE_BOOL || self->dtype == GT_DTYPE_FLOAT16)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: topk is not implemented on the CPU for %s", func,
                   gt_dtype_get_name (self->dtype));
      return NULL;
    }
  n = self->ndim > 0 ? self->sizes[d] : 1;
  if (k < 0 || k > n)
    {
      g_autofree char *s = gt_shape_to_string (self->sizes, self->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                   "%s: selected index k out of range (k = %" G_GINT64_FORMAT
                   ", input shape %s, dim %u)", func, k, s, d);
      return NULL;
    }

  /* A 0-d tensor is its own top element (torch returns it even for k 0). */
  if (self->ndim == 0)
    {
      values = gt_tensor_clone (self, error);
      if (values == NULL)
        return NULL;
      if (indices != NULL)
        {
          idx = gt_tensor_new_empty (NULL, 0, GT_DTYPE_INT64,
                                     gt_tensor_device (self), error);
          if (idx == NULL || !gt_tensor_zero_ (idx, error))
            return NULL;
          *indices = g_steal_pointer (&idx);
        }
      return g_steal_pointer (&values);
    }

  return select_run (func, self, d, k, largest, sorted, TRUE, indices, error);
}

/**
 * gt_tensor_topk:
 * @self: a tensor
 * @k: how many elements to select, from 0 to the size of @dim
 * @dim: the dim to select along; negative dims count from the end
 * @largest: select the largest elements (else the smallest)
 * @sorted: return them in sorted order (they always are on the CPU)
 * @indices: (out) (transfer full) (optional): return location for the
 *   int64 positions of the selected values along @dim
 * @error: return location for a #GError
 *
 * The @k largest (or smallest) elements along @dim (torch.topk), NaN
 * counting as the largest. Among equal elements the first positions are
 * chosen, which may differ from torch's choice; the values never do.
 *
 * Returns: (transfer full) (nullable): the values, of @self's shape with
 *   @dim of size @k, or %NULL with %GT_ERROR_INDEX for a dim out of range
 *   or @k out of range, %GT_ERROR_DTYPE for bool or float16 (as torch's
 *   CPU)
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_topk (GtTensor   *self,
                gint64      k,
                gint        dim,
                gboolean    largest,
                gboolean    sorted,
                GtTensor  **indices,
                GError    **error)
{
  GtTensor *idx = NULL;
  GtTensor *values;

  g_return_val_if_fail (self != NULL, NULL);
  if (!gt_autograd_should_record (&self, 1))
    return topk_impl (self, k, dim, largest, sorted, indices, error);
  /* The values are computed with grad mode off (a 0-d input is cloned). */
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    values = topk_impl (self, k, dim, largest, sorted, &idx, error);
  }
  return record_select ("TopkBackward0", self, dim, values, idx, indices);
}
