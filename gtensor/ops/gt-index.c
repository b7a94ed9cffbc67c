#include "config.h"

#include <string.h>

#include "gt-autograd-private.h"
#include "gt-error.h"
#include "gt-grad-mode.h"
#include "gt-index.h"
#include "gt-index-private.h"
#include "gt-op-private.h"
#include "gt-shape.h"

/*
 * Indexing ops. Most of them are one of two kernels seen through views:
 *
 *   gather:  out[e] = src[e + index[e] * stride]
 *   scatter: dst[e + index[e] * stride] = src[e]   (or +=)
 *
 * where src (dst) is the input restrided to the shape of the result with
 * stride 0 along the indexed dimension, so that e walks every other
 * dimension normally. index_select expands a 1-D index to the result's
 * shape, take sees a contiguous copy as 1-D, and advanced indexing with
 * several index tensors first sums their element offsets (index_offsets)
 * and gathers with stride 1. The kernels check the indices themselves.
 *
 * Autograd: when an input requires grad, the op runs with grad mode off
 * (so that the clones and views it makes inside record nothing) and then
 * records its node (gt-index-grad.c) with torch's name. In-place forms
 * refuse leaves and views that require grad, and rebase self's history.
 */

/* ---- helpers ---------------------------------------------------------- */

static gboolean
check_self (const char  *func,
            GtTensor    *self,
            GError     **error)
{
  return gt_op_check_tensor (func, "self", self, error);
}

static gboolean
check_index_dtype (const char  *func,
                   GtTensor    *index,
                   gboolean     allow_int32,
                   GError     **error)
{
  if (index->dtype == GT_DTYPE_INT64 ||
      (allow_int32 && index->dtype == GT_DTYPE_INT32))
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
               "%s: expected dtype %s for index, got %s", func,
               allow_int32 ? "int32 or int64" : "int64",
               gt_dtype_get_name (index->dtype));
  return FALSE;
}

static gboolean
check_mask_dtype (const char  *func,
                  GtTensor    *mask,
                  GError     **error)
{
  /* torch 1.13 still takes uint8 masks (with a deprecation warning). */
  if (mask->dtype == GT_DTYPE_BOOL || mask->dtype == GT_DTYPE_UINT8)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
               "%s: expected a bool mask, got a mask of dtype %s", func,
               gt_dtype_get_name (mask->dtype));
  return FALSE;
}

static gboolean
check_devices2 (const char  *func,
                GtTensor    *a,
                GtTensor    *b,
                GError     **error)
{
  GtTensor *ts[2] = { a, b };

  return gt_op_check_devices (func, ts, 2, error);
}

/* A 0-d tensor counts as 1-D for dim arguments. */
static guint
nonempty_ndim (GtTensor *t)
{
  return MAX (t->ndim, 1);
}

/* @t seen with @ndim dims of @sizes, its own strides (0 for dims it does
 * not have), and stride 0 along @zero_dim (G_MAXUINT: none). */
static GtTensor *
restride (GtTensor     *t,
          guint         ndim,
          const gint64 *sizes,
          guint         zero_dim)
{
  gint64 strides[GT_MAX_DIMS];

  for (guint k = 0; k < ndim; k++)
    strides[k] = k == zero_dim || k >= t->ndim ? 0 : t->strides[k];
  return gt_tensor_new_view (t, ndim, sizes, strides, t->offset);
}

/* @t, which the kernel reads while writing into @dst, as a snapshot if
 * the two share memory. */
static GtTensor *
unaliased (GtTensor  *t,
           GtTensor  *dst,
           GError   **error)
{
  if (t->storage == dst->storage)
    return gt_tensor_clone (t, error);
  return g_object_ref (t);
}

/* A 0-d tensor of @dtype on @device holding @value's element. */
static GtTensor *
scalar_from_tensor (GtTensor        *value,
                    GtDType          dtype,
                    const GtDevice  *device,
                    GError         **error)
{
  g_autoptr(GtTensor) v = gt_tensor_new_empty (NULL, 0, dtype, device, error);

  if (v == NULL || !gt_tensor_copy_ (v, value, error))
    return NULL;
  return g_steal_pointer (&v);
}

/* ---- index_select, gather, take ------------------------------------------ */

static GtTensor *
index_select_impl (GtTensor  *self,
                   gint       dim,
                   GtTensor  *index,
                   GError   **error)
{
  const char *func = "gt_tensor_index_select";
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) src = NULL;
  g_autoptr(GtTensor) idx = NULL;
  gint64 shape[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  guint d;

  if (!check_self (func, self, error) ||
      !gt_op_check_tensor (func, "index", index, error) ||
      !check_index_dtype (func, index, TRUE, error))
    return NULL;
  if (index->ndim > 1)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: index is supposed to be a vector, got %u dimensions",
                   func, index->ndim);
      return NULL;
    }
  if (!gt_dim_wrap (func, dim, self->ndim, &d, error) ||
      !check_devices2 (func, self, index, error))
    return NULL;

  if (self->ndim == 0)
    {
      /* The one element, picked by a single index. */
      if (index->numel != 1)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: an index into a 0-d tensor can have only 1 "
                       "value, got %" G_GINT64_FORMAT, func, index->numel);
          return NULL;
        }
      out = gt_tensor_new_empty (NULL, 0, self->dtype, gt_tensor_device (self),
                            error);
      idx = gt_tensor_new_view (index, 0, NULL, NULL, index->offset);
      if (out == NULL ||
          !gt_tensor_backend (out)->gather (out, self, idx, 0, 1, 0, 0, func,
                                       error))
        return NULL;
      return g_steal_pointer (&out);
    }

  memcpy (shape, self->sizes, self->ndim * sizeof (gint64));
  shape[d] = index->numel;
  out = gt_tensor_new_empty (shape, self->ndim, self->dtype,
                        gt_tensor_device (self), error);
  if (out == NULL)
    return NULL;
  src = restride (self, self->ndim, shape, d);
  for (guint k = 0; k < self->ndim; k++)
    strides[k] = k == d && index->ndim == 1 ? index->strides[0] : 0;
  idx = gt_tensor_new_view (index, self->ndim, shape, strides, index->offset);
  if (!gt_tensor_backend (out)->gather (out, src, idx, d, self->sizes[d],
                                   self->strides[d], 0, func, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* index_select and gather: @impl computes the result with grad mode off
 * when it is recorded, then @record makes the node. */
static GtTensor *
pick_along (const char  *func,
            GtTensor  *(*impl) (GtTensor *, gint, GtTensor *, GError **),
            void       (*record) (GtTensor *, GtTensor *, guint, GtTensor *),
            GtTensor    *self,
            gint         dim,
            GtTensor    *index,
            GError     **error)
{
  GtTensor *out;
  guint d;

  if (!gt_autograd_should_record (&self, 1))
    return impl (self, dim, index, error);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    out = impl (self, dim, index, error);
  }
  if (out != NULL && gt_dim_wrap (func, dim, self->ndim, &d, NULL))
    record (self, out, d, index);
  return out;
}

/**
 * gt_tensor_index_select:
 * @self: a #GtTensor
 * @dim: the dimension to pick entries of; negative counts from the end
 * @index: a 1-D (or 0-d) int64 or int32 tensor of entries of @dim, each
 *   in [0, size); negative ones are refused, as in torch
 * @error: return location for a #GError
 *
 * A new tensor of the entries @index of dimension @dim, in that order
 * (torch's `index_select`): the result has @self's shape with @dim's size
 * replaced by the number of indices.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with
 *   %GT_ERROR_INDEX for an index or dimension out of range,
 *   %GT_ERROR_DTYPE for an index that is not int64 or int32,
 *   %GT_ERROR_SHAPE for an index with more than one dimension
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_index_select (GtTensor  *self,
                        gint       dim,
                        GtTensor  *index,
                        GError   **error)
{
  return pick_along ("gt_tensor_index_select", index_select_impl,
                     gt_index_grad_index_select, self, dim, index, error);
}

static GtTensor *
gather_impl (GtTensor  *self,
             gint       dim,
             GtTensor  *index,
             GError   **error)
{
  const char *func = "gt_tensor_gather";
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) src = NULL;
  guint d;

  if (!check_self (func, self, error) ||
      !gt_op_check_tensor (func, "index", index, error) ||
      !check_index_dtype (func, index, FALSE, error) ||
      !gt_dim_wrap (func, dim, self->ndim, &d, error) ||
      !check_devices2 (func, self, index, error))
    return NULL;
  if (nonempty_ndim (index) != nonempty_ndim (self))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
              "%s: index tensor must have the same number of dimensions "
              "as input tensor (%u and %u)", func, index->ndim, self->ndim);
      return NULL;
    }
  for (guint k = 0; k < MIN (index->ndim, self->ndim); k++)
    if (k != d && index->sizes[k] > self->sizes[k])
      {
        g_autofree char *is = gt_shape_to_string (index->sizes, index->ndim);
        g_autofree char *ss = gt_shape_to_string (self->sizes, self->ndim);
        g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                "%s: size does not match at dimension %u: expected index "
                "%s to be smaller than self %s apart from dimension %u",
                func, k, is, ss, d);
        return NULL;
      }

  out = gt_tensor_new_empty (index->sizes, index->ndim, self->dtype,
                        gt_tensor_device (self), error);
  if (out == NULL)
    return NULL;
  src = restride (self, index->ndim, index->sizes, d);
  if (!gt_tensor_backend (out)->gather (out, src, index, d,
                                   self->ndim ? self->sizes[d] : 1,
                                   self->ndim ? self->strides[d] : 0, 0,
                                   func, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * gt_tensor_gather:
 * @self: a #GtTensor
 * @dim: the dimension to gather along; negative counts from the end
 * @index: an int64 tensor with as many dimensions as @self, no larger than
 *   @self outside @dim; its values are entries of @dim in [0, size)
 * @error: return location for a #GError
 *
 * out[i][j][k] = self[index[i][j][k]][j][k] for @dim 0, and likewise for
 * other dimensions (torch's `gather`). The result has @index's shape.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with
 *   %GT_ERROR_INDEX for an index or dimension out of range,
 *   %GT_ERROR_DTYPE for an index that is not int64, %GT_ERROR_SHAPE for
 *   an index of another rank or larger than @self outside @dim
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_gather (GtTensor  *self,
                  gint       dim,
                  GtTensor  *index,
                  GError   **error)
{
  return pick_along ("gt_tensor_gather", gather_impl, gt_index_grad_gather,
                     self, dim, index, error);
}

static GtTensor *
take_impl (GtTensor  *self,
           GtTensor  *index,
           GError   **error)
{
  const char *func = "gt_tensor_take";
  g_autoptr(GtTensor) flat = NULL;
  g_autoptr(GtTensor) src = NULL;
  g_autoptr(GtTensor) out = NULL;
  gint64 zeros[GT_MAX_DIMS] = { 0 };

  if (!check_self (func, self, error) ||
      !gt_op_check_tensor (func, "index", index, error) ||
      !check_index_dtype (func, index, FALSE, error) ||
      !check_devices2 (func, self, index, error))
    return NULL;

  flat = gt_tensor_contiguous (self, error);
  if (flat == NULL)
    return NULL;
  out = gt_tensor_new_empty (index->sizes, index->ndim, self->dtype,
                        gt_tensor_device (self), error);
  if (out == NULL)
    return NULL;
  /* Every element of the result starts from the flat tensor's first one
   * and moves index[e] elements on. */
  src = gt_tensor_new_view (flat, index->ndim, index->sizes, zeros,
                       flat->offset);
  if (!gt_tensor_backend (out)->gather (out, src, index, 0, flat->numel, 1,
                                   GT_INDEX_WRAP, func, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * gt_tensor_take:
 * @self: a #GtTensor
 * @index: an int64 tensor of positions in @self read as 1-D in row-major
 *   order; negative ones count from the end
 * @error: return location for a #GError
 *
 * The elements of @self at flat positions @index, in @index's shape
 * (torch's `take`).
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with
 *   %GT_ERROR_INDEX for a position out of range, %GT_ERROR_DTYPE for an
 *   index that is not int64
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_take (GtTensor  *self,
                GtTensor  *index,
                GError   **error)
{
  gboolean record = gt_autograd_should_record (&self, 1);
  GtTensor *out;

  if (!record)
    return take_impl (self, index, error);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    out = take_impl (self, index, error);
  }
  if (out != NULL)
    gt_index_grad_take (self, out, index);
  return out;
}

/* ---- scatter --------------------------------------------------------------- */

static gboolean
scatter_checks (const char  *func,
                GtTensor    *self,
                gint         dim,
                GtTensor    *index,
                GtTensor    *src,
                guint       *d,
                GError     **error)
{
  GtTensor *ts[3] = { self, index, src };

  if (!check_self (func, self, error) ||
      !gt_op_check_tensor (func, "index", index, error) ||
      (src != NULL && !gt_op_check_tensor (func, "src", src, error)) ||
      !check_index_dtype (func, index, FALSE, error) ||
      !gt_dim_wrap (func, dim, self->ndim, d, error) ||
      !gt_op_check_devices (func, ts, src != NULL ? 3 : 2, error))
    return FALSE;
  if (src != NULL && src->dtype != self->dtype)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected self.dtype to be equal to src.dtype (%s and "
                   "%s)", func, gt_dtype_get_name (self->dtype),
                   gt_dtype_get_name (src->dtype));
      return FALSE;
    }
  if (nonempty_ndim (index) != nonempty_ndim (self) ||
      (src != NULL && nonempty_ndim (index) != nonempty_ndim (src)))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: index tensor must have the same number of dimensions "
                   "as self and src tensors (%u, %u and %u)", func,
                   index->ndim, self->ndim, src != NULL ? src->ndim : self->ndim);
      return FALSE;
    }
  for (guint k = 0; k < index->ndim; k++)
    if ((k != *d && k < self->ndim && index->sizes[k] > self->sizes[k]) ||
        (src != NULL && k < src->ndim && index->sizes[k] > src->sizes[k]))
      {
        g_autofree char *is = gt_shape_to_string (index->sizes, index->ndim);
        g_autofree char *ss = gt_shape_to_string (self->sizes, self->ndim);
        g_autofree char *rs = src != NULL ? gt_shape_to_string (src->sizes, src->ndim)
                                          : g_strdup ("(a scalar)");
        g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                     "%s: expected index %s to be smaller than self %s apart "
                     "from dimension %u and to be smaller size than src %s",
                     func, is, ss, *d, rs);
        return FALSE;
      }
  return TRUE;
}

/* Scatters @src (or @value when @src is NULL) into @dst, which is @self or
 * a new copy of it; the checks are done. */
static gboolean
scatter_into (const char  *func,
              GtTensor    *dst,
              guint        d,
              GtTensor    *index,
              GtTensor    *src,
              gdouble      value,
              gboolean     accumulate,
              GError     **error)
{
  g_autoptr(GtTensor) target = NULL;
  g_autoptr(GtTensor) values = NULL;
  g_autoptr(GtTensor) idx = NULL;
  g_autoptr(GtTensor) scalar = NULL;
  g_autoptr(GtTensor) unaliased_src = NULL;

  idx = unaliased (index, dst, error);
  if (idx == NULL)
    return FALSE;
  if (src != NULL)
    {
      unaliased_src = unaliased (src, dst, error);
      if (unaliased_src == NULL)
        return FALSE;
      values = restride (unaliased_src, index->ndim, index->sizes, G_MAXUINT);
    }
  else
    {
      gint64 zeros[GT_MAX_DIMS] = { 0 };

      scalar = gt_op_scalar (value, dst->dtype, gt_tensor_device (dst), error);
      if (scalar == NULL)
        return FALSE;
      values = gt_tensor_new_view (scalar, index->ndim, index->sizes, zeros,
                                   scalar->offset);
    }
  target = restride (dst, index->ndim, index->sizes, d);
  return gt_tensor_backend (dst)->scatter (target, values, idx, d,
                                           dst->ndim ? dst->sizes[d] : 1,
                                           dst->ndim ? dst->strides[d] : 0,
                                           accumulate ? GT_INDEX_ACCUMULATE : 0,
                                           func, error);
}

/* scatter and scatter_add, with a tensor @src or a @value: into a copy of
 * @self returned in @out, or into @self itself when @inplace (@out NULL). */
static gboolean
scatter_run (const char  *func,
             GtTensor    *self,
             gint         dim,
             GtTensor    *index,
             GtTensor    *src,
             gdouble      value,
             gboolean     accumulate,
             gboolean     inplace,
             GtTensor   **out,
             GError     **error)
{
  g_autoptr(GtTensor) result = NULL;
  GtTensor *inputs[2] = { self, src };
  gboolean record;
  guint d;

  if (!scatter_checks (func, self, dim, index, src, &d, error) ||
      (inplace && !gt_autograd_check_inplace (func, self, error)))
    return FALSE;
  record = gt_autograd_should_record (inputs, 2);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = record ? gt_no_grad_guard_new () : NULL;

    if (!inplace)
      result = gt_tensor_clone (self, error);
    else if (gt_op_prepare_inplace (func, self, self->dtype, self->sizes,
                                    self->ndim, error))
      result = g_object_ref (self);
    if (result == NULL ||
        !scatter_into (func, result, d, index, src, value, accumulate, error))
      return FALSE;
  }
  if (record)
    gt_index_grad_scatter (self, result, d, index, src, accumulate, inplace);
  if (out != NULL)
    *out = g_steal_pointer (&result);
  return TRUE;
}

/**
 * gt_tensor_scatter:
 * @self: a #GtTensor
 * @dim: the dimension to scatter along; negative counts from the end
 * @index: an int64 tensor with as many dimensions as @self, no larger than
 *   @src and than @self outside @dim; its values are entries of @dim
 * @src: the values, of @self's dtype
 * @error: return location for a #GError
 *
 * A copy of @self with out[index[i][j][k]][j][k] = src[i][j][k] for @dim 0,
 * and likewise for other dimensions (torch's `scatter`). Where indices
 * repeat, which value lands is unspecified, as in torch.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with
 *   %GT_ERROR_INDEX for an index or dimension out of range,
 *   %GT_ERROR_DTYPE for an index that is not int64 or a @src of another
 *   dtype, %GT_ERROR_SHAPE for mismatched shapes
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_scatter (GtTensor  *self,
                   gint       dim,
                   GtTensor   *index,
                   GtTensor  *src,
                   GError   **error)
{
  const char *func = "gt_tensor_scatter";
  GtTensor *out = NULL;

  if (gt_op_check_tensor (func, "src", src, error))
    scatter_run (func, self, dim, index, src, 0.0, FALSE, FALSE, &out, error);
  return out;
}

/**
 * gt_tensor_scatter_scalar:
 * @self: a #GtTensor
 * @dim: the dimension to scatter along; negative counts from the end
 * @index: an int64 tensor with as many dimensions as @self, no larger than
 *   @self outside @dim
 * @value: the value written at every index, converted to @self's dtype
 * @error: return location for a #GError
 *
 * A copy of @self with @value at the positions @index along @dim (torch's
 * `scatter` with a scalar `value`).
 *
 * Returns: (transfer full) (nullable): the result, or %NULL on error as
 *   [method@Gt.Tensor.scatter]
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_scatter_scalar (GtTensor  *self,
                          gint       dim,
                          GtTensor  *index,
                          gdouble    value,
                          GError   **error)
{
  GtTensor *out = NULL;

  scatter_run ("gt_tensor_scatter_scalar", self, dim, index, NULL, value,
               FALSE, FALSE, &out, error);
  return out;
}

/**
 * gt_tensor_scatter_:
 * @self: the tensor written to
 * @dim: the dimension to scatter along; negative counts from the end
 * @index: an int64 tensor of entries of @dim (see [method@Gt.Tensor.scatter])
 * @src: the values, of @self's dtype
 * @error: return location for a #GError
 *
 * In-place [method@Gt.Tensor.scatter] (torch's `scatter_`).
 *
 * Returns: %TRUE on success; %FALSE on error as [method@Gt.Tensor.scatter],
 *   or with %GT_ERROR_VALUE when elements of @self share memory
 *
 * Since: 0.1
 */
gboolean
gt_tensor_scatter_ (GtTensor  *self,
                    gint       dim,
                    GtTensor  *index,
                    GtTensor  *src,
                    GError   **error)
{
  const char *func = "gt_tensor_scatter_";

  if (!gt_op_check_tensor (func, "src", src, error))
    return FALSE;
  return scatter_run (func, self, dim, index, src, 0.0, FALSE, TRUE, NULL,
                      error);
}

/**
 * gt_tensor_scatter_scalar_:
 * @self: the tensor written to
 * @dim: the dimension to scatter along; negative counts from the end
 * @index: an int64 tensor of entries of @dim
 * @value: the value written at every index, converted to @self's dtype
 * @error: return location for a #GError
 *
 * In-place [method@Gt.Tensor.scatter_scalar] (torch's `scatter_` with a
 * scalar `value`).
 *
 * Returns: %TRUE on success; %FALSE on error as [method@Gt.Tensor.scatter_]
 *
 * Since: 0.1
 */
gboolean
gt_tensor_scatter_scalar_ (GtTensor  *self,
                           gint       dim,
                           GtTensor  *index,
                           gdouble    value,
                           GError   **error)
{
  return scatter_run ("gt_tensor_scatter_scalar_", self, dim, index, NULL,
                      value, FALSE, TRUE, NULL, error);
}

/**
 * gt_tensor_scatter_add:
 * @self: a #GtTensor
 * @dim: the dimension to scatter along; negative counts from the end
 * @index: an int64 tensor of entries of @dim (see [method@Gt.Tensor.scatter])
 * @src: the values, of @self's dtype
 * @error: return location for a #GError
 *
 * A copy of @self with out[index[i][j][k]][j][k] += src[i][j][k] for
 * @dim 0, and likewise for other dimensions (torch's `scatter_add`):
 * values with the same index all add up. Integers wrap around; for bool
 * the sum is an or.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL on error as
 *   [method@Gt.Tensor.scatter]
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_scatter_add (GtTensor  *self,
                       gint       dim,
                       GtTensor  *index,
                       GtTensor  *src,
                       GError   **error)
{
  const char *func = "gt_tensor_scatter_add";
  GtTensor *out = NULL;

  if (gt_op_check_tensor (func, "src", src, error))
    scatter_run (func, self, dim, index, src, 0.0, TRUE, FALSE, &out, error);
  return out;
}

/**
 * gt_tensor_scatter_add_:
 * @self: the tensor added to
 * @dim: the dimension to scatter along; negative counts from the end
 * @index: an int64 tensor of entries of @dim
 * @src: the values, of @self's dtype
 * @error: return location for a #GError
 *
 * In-place [method@Gt.Tensor.scatter_add] (torch's `scatter_add_`).
 *
 * Returns: %TRUE on success; %FALSE on error as [method@Gt.Tensor.scatter_]
 *
 * Since: 0.1
 */
gboolean
gt_tensor_scatter_add_ (GtTensor  *self,
                        gint       dim,
                        GtTensor  *index,
                        GtTensor  *src,
                        GError   **error)
{
  const char *func = "gt_tensor_scatter_add_";

  if (!gt_op_check_tensor (func, "src", src, error))
    return FALSE;
  return scatter_run (func, self, dim, index, src, 0.0, TRUE, TRUE, NULL,
                      error);
}

/* ---- masks ------------------------------------------------------------------ */

/* masked_fill in all four forms: @value is a 0-d tensor of any dtype. */
static GtTensor *
masked_fill_forward (const char  *func,
                     GtTensor    *self,
                     GtTensor    *mask,
                     GtTensor    *value,
                     gboolean     inplace,
                     GError     **error)
{
  GtTensor *ts[3] = { self, mask, value };
  g_autoptr(GtTensor) target = NULL;
  g_autoptr(GtTensor) mask_e = NULL;
  g_autoptr(GtTensor) mask_safe = NULL;
  g_autoptr(GtTensor) v = NULL;
  gint64 shape[GT_MAX_DIMS];
  guint nd;

  if (!check_self (func, self, error) ||
      !gt_op_check_tensor (func, "mask", mask, error) ||
      !gt_op_check_tensor (func, "value", value, error) ||
      !check_mask_dtype (func, mask, error) ||
      !gt_op_check_devices (func, ts, 3, error))
    return NULL;
  if (value->ndim != 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: only supports a 0-dimensional value tensor, but got "
                   "tensor with %u dimension(s)", func, value->ndim);
      return NULL;
    }
  if (!gt_broadcast_shapes (func, self->sizes, self->ndim, mask->sizes,
                            mask->ndim, shape, &nd, error))
    return NULL;

  if (inplace)
    {
      if (!gt_op_prepare_inplace (func, self, self->dtype, shape, nd, error))
        return NULL;
      target = g_object_ref (self);
    }
  else
    {
      g_autoptr(GtTensor) self_e = gt_tensor_expand_view (self, shape, nd);

      target = gt_tensor_new_empty (shape, nd, self->dtype,
                                    gt_tensor_device (self), error);
      if (target == NULL ||
          (target->numel > 0 &&
           !gt_tensor_backend (target)->copy (target, self_e, error)))
        return NULL;
    }
  if (target->numel == 0)
    return g_steal_pointer (&target);

  v = scalar_from_tensor (value, self->dtype, gt_tensor_device (target), error);
  mask_safe = v != NULL ? unaliased (mask, target, error) : NULL;
  if (mask_safe == NULL)
    return NULL;
  mask_e = gt_tensor_expand_view (mask_safe, shape, nd);
  if (!gt_tensor_backend (target)->masked_fill (target, mask_e, v, error))
    return NULL;
  return g_steal_pointer (&target);
}

/* masked_fill_forward() with autograd; @number: @value stands for a
 * number (MaskedFillBackward0), not a tensor of the caller's. */
static GtTensor *
masked_fill_impl (const char  *func,
                  GtTensor    *self,
                  GtTensor    *mask,
                  GtTensor    *value,
                  gboolean     number,
                  gboolean     inplace,
                  GError     **error)
{
  GtTensor *inputs[2] = { self, number ? NULL : value };
  GtTensor *out;

  if (!check_self (func, self, error) ||
      !gt_op_check_tensor (func, "mask", mask, error) ||
      !gt_op_check_tensor (func, "value", value, error) ||
      (inplace && !gt_autograd_check_inplace (func, self, error)))
    return NULL;
  if (!gt_autograd_should_record (inputs, 2))
    return masked_fill_forward (func, self, mask, value, inplace, error);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    out = masked_fill_forward (func, self, mask, value, inplace, error);
  }
  if (out != NULL)
    gt_index_grad_masked_fill (self, out, mask, inputs[1], inplace);
  return out;
}

static GtTensor *
masked_fill_scalar_impl (const char  *func,
                         GtTensor    *self,
                         GtTensor    *mask,
                         gdouble      value,
                         gboolean     inplace,
                         GError     **error)
{
  g_autoptr(GtTensor) v = NULL;

  if (!check_self (func, self, error))
    return NULL;
  v = gt_op_scalar (value, self->dtype, gt_tensor_device (self), error);
  if (v == NULL)
    return NULL;
  return masked_fill_impl (func, self, mask, v, TRUE, inplace, error);
}

/**
 * gt_tensor_masked_fill:
 * @self: a #GtTensor
 * @mask: a bool tensor that broadcasts with @self
 * @value: a 0-d tensor; its value is converted to @self's dtype
 * @error: return location for a #GError
 *
 * A copy of @self with @value where @mask is true (torch's `masked_fill`
 * with a tensor value). The result has the broadcast shape of @self and
 * @mask.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with
 *   %GT_ERROR_DTYPE for a mask that is not bool (or uint8),
 *   %GT_ERROR_SHAPE for shapes that do not broadcast or a @value with
 *   dimensions
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_masked_fill (GtTensor  *self,
                       GtTensor  *mask,
                       GtTensor  *value,
                       GError   **error)
{
  return masked_fill_impl ("gt_tensor_masked_fill", self, mask, value, FALSE,
                           FALSE, error);
}

/**
 * gt_tensor_masked_fill_scalar:
 * @self: a #GtTensor
 * @mask: a bool tensor that broadcasts with @self
 * @value: the value, converted to @self's dtype
 * @error: return location for a #GError
 *
 * A copy of @self with @value where @mask is true (torch's `masked_fill`
 * with a number).
 *
 * Returns: (transfer full) (nullable): the result, or %NULL on error as
 *   [method@Gt.Tensor.masked_fill]
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_masked_fill_scalar (GtTensor  *self,
                              GtTensor  *mask,
                              gdouble    value,
                              GError   **error)
{
  return masked_fill_scalar_impl ("gt_tensor_masked_fill_scalar", self, mask,
                                  value, FALSE, error);
}

/**
 * gt_tensor_masked_fill_:
 * @self: the tensor written to
 * @mask: a bool tensor that broadcasts to @self's shape
 * @value: a 0-d tensor; its value is converted to @self's dtype
 * @error: return location for a #GError
 *
 * Sets the elements of @self where @mask is true to @value (torch's
 * `masked_fill_`).
 *
 * Returns: %TRUE on success; %FALSE on error as
 *   [method@Gt.Tensor.masked_fill], with %GT_ERROR_SHAPE also when the
 *   broadcast shape is not @self's
 *
 * Since: 0.1
 */
gboolean
gt_tensor_masked_fill_ (GtTensor  *self,
                        GtTensor  *mask,
                        GtTensor  *value,
                        GError   **error)
{
  g_autoptr(GtTensor) r = masked_fill_impl ("gt_tensor_masked_fill_", self,
                                            mask, value, FALSE, TRUE, error);
  return r != NULL;
}

/**
 * gt_tensor_masked_fill_scalar_:
 * @self: the tensor written to
 * @mask: a bool tensor that broadcasts to @self's shape
 * @value: the value, converted to @self's dtype
 * @error: return location for a #GError
 *
 * Sets the elements of @self where @mask is true to @value (torch's
 * `masked_fill_` with a number).
 *
 * Returns: %TRUE on success; %FALSE on error as
 *   [method@Gt.Tensor.masked_fill_]
 *
 * Since: 0.1
 */
gboolean
gt_tensor_masked_fill_scalar_ (GtTensor  *self,
                               GtTensor  *mask,
                               gdouble    value,
                               GError   **error)
{
  g_autoptr(GtTensor) r = masked_fill_scalar_impl ("gt_tensor_masked_fill_scalar_",
                                                   self, mask, value, TRUE,
                                                   error);
  return r != NULL;
}

static GtTensor *
masked_select_impl (GtTensor  *self,
                    GtTensor  *mask,
                    GError   **error)
{
  const char *func = "gt_tensor_masked_select";
  g_autoptr(GtTensor) self_e = NULL;
  g_autoptr(GtTensor) mask_e = NULL;
  g_autoptr(GtTensor) out = NULL;
  gint64 shape[GT_MAX_DIMS], count = 0;
  const GtBackend *backend;
  guint nd;

  if (!check_self (func, self, error) ||
      !gt_op_check_tensor (func, "mask", mask, error) ||
      !check_mask_dtype (func, mask, error) ||
      !check_devices2 (func, self, mask, error) ||
      !gt_broadcast_shapes (func, self->sizes, self->ndim, mask->sizes,
                       mask->ndim, shape, &nd, error))
    return NULL;
  backend = gt_tensor_backend (self);
  self_e = gt_tensor_expand_view (self, shape, nd);
  mask_e = gt_tensor_expand_view (mask, shape, nd);
  if (!backend->count_nonzero (mask_e, &count, error))
    return NULL;
  out = gt_tensor_new_empty (&count, 1, self->dtype, gt_tensor_device (self),
                        error);
  if (out == NULL || !backend->masked_select (out, self_e, mask_e, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * gt_tensor_masked_select:
 * @self: a #GtTensor
 * @mask: a bool tensor that broadcasts with @self
 * @error: return location for a #GError
 *
 * The elements of @self (broadcast with @mask) where @mask is true, as a
 * new 1-D tensor in row-major order (torch's `masked_select`).
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with
 *   %GT_ERROR_DTYPE for a mask that is not bool (or uint8),
 *   %GT_ERROR_SHAPE for shapes that do not broadcast
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_masked_select (GtTensor  *self,
                         GtTensor  *mask,
                         GError   **error)
{
  gboolean record = gt_autograd_should_record (&self, 1);
  gint64 shape[GT_MAX_DIMS];
  GtTensor *out;
  guint nd;

  if (!record)
    return masked_select_impl (self, mask, error);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    out = masked_select_impl (self, mask, error);
  }
  if (out != NULL &&
      gt_broadcast_shapes ("gt_tensor_masked_select", self->sizes, self->ndim,
                           mask->sizes, mask->ndim, shape, &nd, NULL))
    gt_index_grad_masked_select (self, out, mask, shape, nd);
  return out;
}

/**
 * gt_tensor_nonzero:
 * @self: a #GtTensor
 * @error: return location for a #GError
 *
 * The coordinates of the nonzero elements of @self (NaN counts as nonzero)
 * as an int64 tensor of shape [count, ndim], in row-major order (torch's
 * `nonzero`).
 *
 * Returns: (transfer full) (nullable): the coordinates
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_nonzero (GtTensor  *self,
                   GError   **error)
{
  const char *func = "gt_tensor_nonzero";
  g_autoptr(GtTensor) out = NULL;
  gint64 shape[2] = { 0, 0 };
  const GtBackend *backend;

  if (!check_self (func, self, error))
    return NULL;
  backend = gt_tensor_backend (self);
  if (!backend->count_nonzero (self, &shape[0], error))
    return NULL;
  shape[1] = self->ndim;
  out = gt_tensor_new_empty (shape, 2, GT_DTYPE_INT64, gt_tensor_device (self),
                             error);
  if (out == NULL || !backend->nonzero (out, self, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ---- advanced indexing -------------------------------------------------------- */

/*
 * self[indices] as torch computes it: bool masks become their nonzero
 * coordinates (one int64 tensor per mask dim), a 0-d bool adds a size-1
 * dim (Python's x[True]), the index tensors broadcast to one shape B, and
 * the result is B in place of the indexed dims if those are adjacent,
 * otherwise B followed by the dims that are not indexed.
 */
typedef struct {
  GtTensor *base;                     /* self, or a view with added dims */
  guint     n;                        /* index tensors */
  guint     dims[GT_MAX_DIMS];        /* the dim of base each one indexes */
  GtTensor *tensors[GT_MAX_DIMS];     /* int64 */
  gint64    bshape[GT_MAX_DIMS];      /* their broadcast shape */
  guint     bndim;
  guint     bpos;                     /* where B starts in the result */
  gint64    shape[GT_MAX_DIMS];       /* the result */
  gint64    strides[GT_MAX_DIMS];     /* base laid out on it, 0 over B */
  guint     ndim;
} AdvIndex;

static void
adv_index_clear (AdvIndex *a)
{
  g_clear_object (&a->base);
  for (guint i = 0; i < a->n; i++)
    g_clear_object (&a->tensors[i]);
  a->n = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AdvIndex, adv_index_clear)

static gboolean
too_many_indices (const char  *func,
                  guint        ndim,
                  guint        got,
                  GError     **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
               "%s: too many indices for tensor of dimension %u (got %u)",
               func, ndim, got);
  return FALSE;
}

static gboolean
adv_add (const char  *func,
         AdvIndex    *a,
         GtTensor    *t,
         guint        dim,
         GError     **error)
{
  if (a->n == GT_MAX_DIMS)
    return too_many_indices (func, a->base->ndim, a->n + 1, error);
  a->dims[a->n] = dim;
  a->tensors[a->n] = t;
  a->n++;
  return TRUE;
}

/* One bool or uint8 entry at dim *d. */
static gboolean
adv_add_mask (const char  *func,
              AdvIndex    *a,
              GtTensor    *mask,
              guint       *d,
              GError     **error)
{
  g_autoptr(GtTensor) nz = NULL;

  if (mask->ndim == 0)
    {
      /* x[True] is x[None][[0]], x[False] is x[None][[]]. */
      GtTensor *unsqueezed;
      gint64 n;
      gboolean truth;

      truth = gt_tensor_item (mask, error) != 0.0;
      if (error != NULL && *error != NULL)
        return FALSE;
      unsqueezed = gt_tensor_unsqueeze (a->base, (gint) *d, error);
      if (unsqueezed == NULL)
        return FALSE;
      g_object_unref (a->base);
      a->base = unsqueezed;
      n = truth ? 1 : 0;
      nz = gt_tensor_new_empty (&n, 1, GT_DTYPE_INT64, gt_tensor_device (mask),
                                error);
      if (nz == NULL ||
          (n > 0 && !gt_tensor_backend (nz)->fill (nz, 0.0, error)))
        return FALSE;
      if (!adv_add (func, a, g_steal_pointer (&nz), *d, error))
        return FALSE;
      (*d)++;
      return TRUE;
    }

  if (*d + mask->ndim > a->base->ndim)
    return too_many_indices (func, a->base->ndim, *d + mask->ndim, error);
  for (guint j = 0; j < mask->ndim; j++)
    if (mask->sizes[j] != a->base->sizes[*d + j])
      {
        g_autofree char *ms = gt_shape_to_string (mask->sizes, mask->ndim);
        g_autofree char *bs = gt_shape_to_string (a->base->sizes, a->base->ndim);
        g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                     "%s: the shape of the mask %s at index %u does not match "
                     "the shape of the indexed tensor %s at index %u", func,
                     ms, j, bs, *d + j);
        return FALSE;
      }
  nz = gt_tensor_nonzero (mask, error);
  if (nz == NULL)
    return FALSE;
  for (guint j = 0; j < mask->ndim; j++)
    {
      GtTensor *column = gt_tensor_select (nz, 1, j, error);

      if (column == NULL || !adv_add (func, a, column, *d + j, error))
        {
          g_clear_object (&column);
          return FALSE;
        }
    }
  *d += mask->ndim;
  return TRUE;
}

static gboolean
adv_broadcast (const char  *func,
               AdvIndex    *a,
               GError     **error)
{
  a->bndim = 0;
  for (guint i = 0; i < a->n; i++)
    {
      gint64 tmp[GT_MAX_DIMS];
      guint nd;

      if (!gt_broadcast_shapes (func, a->bshape, a->bndim, a->tensors[i]->sizes,
                                a->tensors[i]->ndim, tmp, &nd, NULL))
        {
          GString *s = g_string_new (NULL);

          for (guint j = 0; j < a->n; j++)
            {
              g_autofree char *one = gt_shape_to_string (a->tensors[j]->sizes,
                                                         a->tensors[j]->ndim);
              g_string_append_printf (s, j ? ", %s" : "%s", one);
            }
          g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                       "%s: shape mismatch: indexing tensors could not be "
                       "broadcast together with shapes %s", func, s->str);
          g_string_free (s, TRUE);
          return FALSE;
        }
      memcpy (a->bshape, tmp, nd * sizeof (gint64));
      a->bndim = nd;
    }
  return TRUE;
}

/* The result's shape, and base's strides laid out on it. */
static gboolean
adv_layout (const char  *func,
            AdvIndex    *a,
            GError     **error)
{
  GtTensor *b = a->base;
  gboolean adjacent = a->n == 0 || a->dims[a->n - 1] - a->dims[0] == a->n - 1;
  guint first = a->n ? a->dims[0] : 0, last = a->n ? a->dims[a->n - 1] : 0;
  gint64 shape[2 * GT_MAX_DIMS], strides[2 * GT_MAX_DIMS];
  guint n = 0;

  if (adjacent)
    {
      for (guint k = 0; k < first; k++, n++)
        {
          shape[n] = b->sizes[k];
          strides[n] = b->strides[k];
        }
      a->bpos = n;
      for (guint k = 0; k < a->bndim; k++, n++)
        {
          shape[n] = a->bshape[k];
          strides[n] = 0;
        }
      for (guint k = a->n ? last + 1 : 0; k < b->ndim; k++, n++)
        {
          shape[n] = b->sizes[k];
          strides[n] = b->strides[k];
        }
    }
  else
    {
      guint next = 0;

      a->bpos = 0;
      for (guint k = 0; k < a->bndim; k++, n++)
        {
          shape[n] = a->bshape[k];
          strides[n] = 0;
        }
      for (guint k = 0; k < b->ndim; k++)
        {
          if (next < a->n && a->dims[next] == k)
            {
              next++;
              continue;
            }
          shape[n] = b->sizes[k];
          strides[n] = b->strides[k];
          n++;
        }
    }
  if (n > GT_MAX_DIMS)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: the result would have %u dimensions, at most %d are "
                   "supported", func, n, GT_MAX_DIMS);
      return FALSE;
    }
  memcpy (a->shape, shape, n * sizeof (gint64));
  memcpy (a->strides, strides, n * sizeof (gint64));
  a->ndim = n;
  return TRUE;
}

static gboolean
adv_prepare (const char  *func,
             GtTensor    *self,
             GPtrArray   *indices,
             AdvIndex    *a,
             GError     **error)
{
  guint d = 0, n_entries = indices != NULL ? indices->len : 0;

  memset (a, 0, sizeof *a);
  a->base = gt_tensor_new_view (self, self->ndim, self->sizes, self->strides,
                                self->offset);
  for (guint i = 0; i < n_entries; i++)
    {
      GtTensor *t = g_ptr_array_index (indices, i);

      if (t == NULL)
        {
          d++;
          continue;
        }
      if (!GT_IS_TENSOR (t))
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: index %u is neither a tensor nor NULL", func, i);
          return FALSE;
        }
      if (!check_devices2 (func, self, t, error))
        return FALSE;
      if (t->dtype == GT_DTYPE_BOOL || t->dtype == GT_DTYPE_UINT8)
        {
          if (!adv_add_mask (func, a, t, &d, error))
            return FALSE;
        }
      else if (t->dtype == GT_DTYPE_INT64)
        {
          if (d >= a->base->ndim)
            return too_many_indices (func, a->base->ndim, d + 1, error);
          if (!adv_add (func, a, g_object_ref (t), d, error))
            return FALSE;
          d++;
        }
      else
        {
          g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                       "%s: tensors used as indices must be int64, uint8 or "
                       "bool tensors, got %s at position %u", func,
                       gt_dtype_get_name (t->dtype), i);
          return FALSE;
        }
    }
  if (d > a->base->ndim)
    return too_many_indices (func, a->base->ndim, d, error);
  return adv_broadcast (func, a, error) && adv_layout (func, a, error);
}

/* The index operand of the kernel, laid out on the result: the one index
 * tensor itself, or the summed element offsets of several. @flags, @dim,
 * @size and @stride receive the kernel's arguments. */
static GtTensor *
adv_index_operand (const char  *func,
                   AdvIndex    *a,
                   guint       *flags,
                   guint       *dim,
                   gint64      *size,
                   gint64      *stride,
                   GError     **error)
{
  g_autoptr(GtTensor) source = NULL;
  gint64 strides[GT_MAX_DIMS] = { 0 };
  GtTensor *b = a->base;

  if (a->n == 1)
    {
      source = gt_tensor_expand_view (a->tensors[0], a->bshape, a->bndim);
      *flags = GT_INDEX_WRAP;
      *dim = a->dims[0];
      *size = b->sizes[a->dims[0]];
      *stride = b->strides[a->dims[0]];
    }
  else
    {
      const GtBackend *backend = gt_tensor_backend (b);

      source = gt_tensor_new_empty (a->bshape, a->bndim, GT_DTYPE_INT64,
                                    gt_tensor_device (b), error);
      if (source == NULL ||
          (source->numel > 0 && !backend->fill (source, 0.0, error)))
        return NULL;
      for (guint i = 0; i < a->n; i++)
        {
          g_autoptr(GtTensor) t = gt_tensor_expand_view (a->tensors[i],
                                                         a->bshape, a->bndim);
          if (!backend->index_offsets (source, t, a->dims[i],
                                       b->sizes[a->dims[i]],
                                       b->strides[a->dims[i]], func, error))
            return NULL;
        }
      *flags = 0;
      *dim = a->n ? a->dims[0] : 0;
      *size = G_MAXINT64;
      *stride = 1;
    }
  for (guint k = 0; k < a->bndim; k++)
    strides[a->bpos + k] = source->strides[k];
  return gt_tensor_new_view (source, a->ndim, a->shape, strides, source->offset);
}

static GtTensor *
index_forward (const char  *func,
               GtTensor    *self,
               GPtrArray   *indices,
               GError     **error)
{
  g_auto(AdvIndex) a = { 0 };
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) src = NULL;
  g_autoptr(GtTensor) idx = NULL;
  guint flags, dim;
  gint64 size, stride;

  if (!check_self (func, self, error) ||
      !adv_prepare (func, self, indices, &a, error))
    return NULL;
  out = gt_tensor_new_empty (a.shape, a.ndim, self->dtype,
                             gt_tensor_device (self), error);
  if (out == NULL)
    return NULL;
  idx = adv_index_operand (func, &a, &flags, &dim, &size, &stride, error);
  if (idx == NULL)
    return NULL;
  src = gt_tensor_new_view (a.base, a.ndim, a.shape, a.strides, a.base->offset);
  if (!gt_tensor_backend (out)->gather (out, src, idx, dim, size, stride, flags,
                                        func, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* index_forward() with autograd (IndexBackward0). */
static GtTensor *
index_impl (const char  *func,
            GtTensor    *self,
            GPtrArray   *indices,
            GError     **error)
{
  GtTensor *out;

  if (!check_self (func, self, error))
    return NULL;
  if (!gt_autograd_should_record (&self, 1))
    return index_forward (func, self, indices, error);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    out = index_forward (func, self, indices, error);
  }
  if (out != NULL)
    gt_index_grad_index (self, out, indices);
  return out;
}

/**
 * gt_tensor_index:
 * @self: a #GtTensor
 * @indices: (element-type Gt.Tensor) (nullable): one entry per leading
 *   dimension of @self: an int64 tensor of entries of that dimension
 *   (negative ones count from the end), a bool (or uint8) mask covering as
 *   many dimensions as it has, or %NULL for all of the dimension (`:`)
 * @error: return location for a #GError
 *
 * Advanced indexing, `self[indices]` in torch with tensors as indices: the
 * index tensors broadcast together; the result has their broadcast shape
 * in place of the indexed dimensions when those are next to each other,
 * otherwise in front of the dimensions that are not indexed. A mask picks
 * the positions where it is true. A 0-d int64 index counts as an index
 * tensor (torch's aten::index; Python's `t[tensor(1)]` selects instead),
 * a 0-d bool adds a dimension of size 1 or 0 as `t[True]` does. The
 * result is a new tensor. GJS cannot put %NULL into an array; it can use
 * [method@Gt.Tensor.index_dims].
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with
 *   %GT_ERROR_INDEX for an index out of range, too many indices, index
 *   tensors that do not broadcast or a mask of the wrong shape,
 *   %GT_ERROR_DTYPE for an index tensor of another dtype
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_index (GtTensor   *self,
                 GPtrArray  *indices,
                 GError    **error)
{
  return index_impl ("gt_tensor_index", self, indices, error);
}

static gboolean
index_put_forward (const char  *func,
                   GtTensor    *self,
                   GPtrArray   *indices,
                   GtTensor    *values,
                   gboolean     accumulate,
                   GError     **error)
{
  g_auto(AdvIndex) a = { 0 };
  g_autoptr(GtTensor) dst = NULL;
  g_autoptr(GtTensor) idx = NULL;
  g_autoptr(GtTensor) safe_idx = NULL;
  g_autoptr(GtTensor) safe_values = NULL;
  g_autoptr(GtTensor) values_e = NULL;
  gint64 shape[GT_MAX_DIMS];
  guint flags, dim, nd;
  gint64 size, stride;

  if (!check_self (func, self, error) ||
      !gt_op_check_tensor (func, "values", values, error) ||
      !check_devices2 (func, self, values, error))
    return FALSE;
  if (values->dtype != self->dtype)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: index put requires the source and destination dtypes "
                   "match, got %s for the destination and %s for the source",
                   func, gt_dtype_get_name (self->dtype),
                   gt_dtype_get_name (values->dtype));
      return FALSE;
    }
  if (!adv_prepare (func, self, indices, &a, error))
    return FALSE;
  if (!gt_broadcast_shapes (func, a.shape, a.ndim, values->sizes, values->ndim,
                            shape, &nd, NULL) ||
      nd != a.ndim || memcmp (shape, a.shape, nd * sizeof (gint64)) != 0)
    {
      g_autofree char *vs = gt_shape_to_string (values->sizes, values->ndim);
      g_autofree char *rs = gt_shape_to_string (a.shape, a.ndim);
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: shape mismatch: value tensor of shape %s cannot be "
                   "broadcast to indexing result of shape %s", func, vs, rs);
      return FALSE;
    }
  if (!gt_op_prepare_inplace (func, self, self->dtype, self->sizes, self->ndim,
                              error))
    return FALSE;

  idx = adv_index_operand (func, &a, &flags, &dim, &size, &stride, error);
  safe_idx = idx != NULL ? unaliased (idx, self, error) : NULL;
  safe_values = safe_idx != NULL ? unaliased (values, self, error) : NULL;
  if (safe_values == NULL)
    return FALSE;
  values_e = gt_tensor_expand_view (safe_values, a.shape, a.ndim);
  dst = gt_tensor_new_view (a.base, a.ndim, a.shape, a.strides, a.base->offset);
  if (accumulate)
    flags |= GT_INDEX_ACCUMULATE;
  return gt_tensor_backend (self)->scatter (dst, values_e, safe_idx, dim, size,
                                            stride, flags, func, error);
}

/* index_put_forward() into @self with autograd (IndexPutBackward0): in
 * place, or into @out, a fresh clone of @self (the caller's @self). */
static gboolean
index_put_impl (const char  *func,
                GtTensor    *self,
                GtTensor    *out,
                GPtrArray   *indices,
                GtTensor    *values,
                gboolean     accumulate,
                GError     **error)
{
  GtTensor *inputs[2] = { self, values };
  gboolean inplace = out == self, ok;

  if (!check_self (func, self, error) ||
      !gt_op_check_tensor (func, "values", values, error) ||
      (inplace && !gt_autograd_check_inplace (func, self, error)))
    return FALSE;
  if (!gt_autograd_should_record (inputs, 2))
    return index_put_forward (func, out, indices, values, accumulate, error);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    ok = index_put_forward (func, out, indices, values, accumulate, error);
  }
  if (ok)
    gt_index_grad_index_put (self, out, indices, values, accumulate, inplace);
  return ok;
}

/**
 * gt_tensor_index_put_:
 * @self: the tensor written to
 * @indices: (element-type Gt.Tensor) (nullable): the indices, as for
 *   [method@Gt.Tensor.index]
 * @values: values of @self's dtype that broadcast to the shape
 *   [method@Gt.Tensor.index] would return
 * @accumulate: %TRUE to add the values (repeated indices all add up),
 *   %FALSE to store them (which of repeated indices wins is unspecified)
 * @error: return location for a #GError
 *
 * `self[indices] = values`, or `+=` with @accumulate (torch's
 * `index_put_`).
 *
 * Returns: %TRUE on success; %FALSE on error as [method@Gt.Tensor.index],
 *   or with %GT_ERROR_DTYPE when @values has another dtype,
 *   %GT_ERROR_SHAPE when it does not broadcast to the indexed shape
 *
 * Since: 0.1
 */
gboolean
gt_tensor_index_put_ (GtTensor   *self,
                      GPtrArray  *indices,
                      GtTensor   *values,
                      gboolean    accumulate,
                      GError    **error)
{
  return index_put_impl ("gt_tensor_index_put_", self, self, indices, values,
                         accumulate, error);
}

/**
 * gt_tensor_index_put:
 * @self: a #GtTensor
 * @indices: (element-type Gt.Tensor) (nullable): the indices, as for
 *   [method@Gt.Tensor.index]
 * @values: values of @self's dtype that broadcast to the indexed shape
 * @accumulate: %TRUE to add the values, %FALSE to store them
 * @error: return location for a #GError
 *
 * A copy of @self with [method@Gt.Tensor.index_put_] applied (torch's
 * `index_put`).
 *
 * Returns: (transfer full) (nullable): the result, or %NULL on error as
 *   [method@Gt.Tensor.index_put_]
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_index_put (GtTensor   *self,
                     GPtrArray  *indices,
                     GtTensor   *values,
                     gboolean    accumulate,
                     GError    **error)
{
  const char *func = "gt_tensor_index_put";
  g_autoptr(GtTensor) out = NULL;

  if (!check_self (func, self, error))
    return NULL;
  {
    /* the clone is no step of the graph: index_put records self */
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    out = gt_tensor_clone (self, error);
  }
  if (out == NULL ||
      !index_put_impl (func, self, out, indices, values, accumulate, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ---- the same with explicit dims, for bindings without NULL in arrays ---------- */

/* The entries of gt_tensor_index for index tensors at @dims: ':' (NULL)
 * everywhere else. */
static GPtrArray *
entries_from_dims (const char  *func,
                   GtTensor    *self,
                   const gint  *dims,
                   gsize        n_dims,
                   GPtrArray   *indices,
                   GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  guint n = indices != NULL ? indices->len : 0;
  guint pos = 0;

  if (n != n_dims || (dims == NULL && n_dims > 0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: %" G_GSIZE_FORMAT " dims given for %u index tensors",
                   func, n_dims, n);
      return NULL;
    }
  entries = g_ptr_array_new ();
  for (guint k = 0; k < n; k++)
    {
      GtTensor *t = g_ptr_array_index (indices, k);
      guint d;

      if (!gt_op_check_tensor (func, "index", t, error) ||
          !gt_dim_wrap (func, dims[k], self->ndim, &d, error))
        return NULL;
      if (d < pos)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: dims must increase and must not fall inside the "
                       "dims of an earlier mask (dim %d after dim %u)", func,
                       dims[k], pos);
          return NULL;
        }
      for (; pos < d; pos++)
        g_ptr_array_add (entries, NULL);
      g_ptr_array_add (entries, t);
      /* A mask covers as many dims as it has; a 0-d bool adds one. */
      pos += t->dtype == GT_DTYPE_BOOL || t->dtype == GT_DTYPE_UINT8 ? t->ndim : 1;
    }
  return g_steal_pointer (&entries);
}

/**
 * gt_tensor_index_dims:
 * @self: a #GtTensor
 * @dims: (array length=n_dims) (nullable): for each index tensor, the
 *   (first) dimension of @self it indexes, in increasing order; negative
 *   counts from the end
 * @n_dims: the number of index tensors
 * @indices: (element-type Gt.Tensor) (nullable): the index tensors, as for
 *   [method@Gt.Tensor.index]
 * @error: return location for a #GError
 *
 * [method@Gt.Tensor.index] with `:` for every dimension not named in
 * @dims, for bindings that cannot put %NULL into an array (GJS):
 * `x[:, i]` is `index_dims ([1], [i])`.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL on error as
 *   [method@Gt.Tensor.index], or with %GT_ERROR_VALUE when @dims does
 *   not match @indices or does not increase
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_index_dims (GtTensor    *self,
                      const gint  *dims,
                      gsize        n_dims,
                      GPtrArray   *indices,
                      GError     **error)
{
  const char *func = "gt_tensor_index_dims";
  g_autoptr(GPtrArray) entries = NULL;

  if (!check_self (func, self, error))
    return NULL;
  entries = entries_from_dims (func, self, dims, n_dims, indices, error);
  if (entries == NULL)
    return NULL;
  return index_impl (func, self, entries, error);
}

/**
 * gt_tensor_index_put_dims_:
 * @self: the tensor written to
 * @dims: (array length=n_dims) (nullable): for each index tensor, the
 *   (first) dimension of @self it indexes, in increasing order
 * @n_dims: the number of index tensors
 * @indices: (element-type Gt.Tensor) (nullable): the index tensors
 * @values: values of @self's dtype that broadcast to the indexed shape
 * @accumulate: %TRUE to add the values, %FALSE to store them
 * @error: return location for a #GError
 *
 * [method@Gt.Tensor.index_put_] with `:` for every dimension not named in
 * @dims (see [method@Gt.Tensor.index_dims]).
 *
 * Returns: %TRUE on success; %FALSE on error as
 *   [method@Gt.Tensor.index_put_] and [method@Gt.Tensor.index_dims]
 *
 * Since: 0.1
 */
gboolean
gt_tensor_index_put_dims_ (GtTensor    *self,
                           const gint  *dims,
                           gsize        n_dims,
                           GPtrArray   *indices,
                           GtTensor    *values,
                           gboolean     accumulate,
                           GError     **error)
{
  const char *func = "gt_tensor_index_put_dims_";
  g_autoptr(GPtrArray) entries = NULL;

  if (!check_self (func, self, error))
    return FALSE;
  entries = entries_from_dims (func, self, dims, n_dims, indices, error);
  if (entries == NULL)
    return FALSE;
  return index_put_impl (func, self, self, entries, values, accumulate, error);
}

/* ---- one_hot -------------------------------------------------------------------- */

/**
 * gt_one_hot:
 * @indices: an int64 tensor of class indices, each in [0, num_classes)
 * @num_classes: the number of classes, or -1 for the largest index + 1
 * @error: return location for a #GError
 *
 * One-hot encoding (torch.nn.functional.one_hot): an int64 tensor of
 * @indices' shape plus a last dimension of @num_classes, with 1 at each
 * index and 0 elsewhere.
 *
 * Returns: (transfer full) (nullable): the encoding, or %NULL with
 *   %GT_ERROR_DTYPE for indices that are not int64, %GT_ERROR_INDEX for a
 *   negative index or one not below @num_classes, %GT_ERROR_VALUE when
 *   @num_classes is not given for an empty tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_one_hot (GtTensor  *indices,
            gint64     num_classes,
            GError   **error)
{
  const char *func = "gt_one_hot";
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) dst = NULL;
  g_autoptr(GtTensor) idx = NULL;
  g_autoptr(GtTensor) one = NULL;
  g_autoptr(GtTensor) ones = NULL;
  gint64 shape[GT_MAX_DIMS], sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  gint64 zeros[GT_MAX_DIMS] = { 0 };
  const GtBackend *backend;
  guint nd;

  if (!gt_op_check_tensor (func, "indices", indices, error))
    return NULL;
  if (indices->dtype != GT_DTYPE_INT64)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: one_hot is only applicable to index tensors of dtype "
                   "int64, got %s", func, gt_dtype_get_name (indices->dtype));
      return NULL;
    }
  backend = gt_tensor_backend (indices);
  if (indices->numel == 0)
    {
      if (num_classes <= 0)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: can not infer total number of classes from empty "
                       "tensor", func);
          return NULL;
        }
    }
  else
    {
      gint64 min, max;

      if (!backend->index_range (indices, &min, &max, error))
        return NULL;
      if (min < 0)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                       "%s: class values must be non-negative, got %"
                       G_GINT64_FORMAT, func, min);
          return NULL;
        }
      if (num_classes == -1)
        num_classes = max + 1;
      else if (max >= num_classes)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                       "%s: class values must be smaller than num_classes (%"
                       G_GINT64_FORMAT "), got %" G_GINT64_FORMAT, func,
                       num_classes, max);
          return NULL;
        }
    }

  nd = indices->ndim + 1;
  memcpy (shape, indices->sizes, indices->ndim * sizeof (gint64));
  shape[nd - 1] = num_classes;
  if (!gt_shape_check (func, shape, nd, GT_DTYPE_INT64, NULL, error))
    return NULL;
  out = gt_tensor_new_empty (shape, nd, GT_DTYPE_INT64,
                             gt_tensor_device (indices), error);
  if (out == NULL)
    return NULL;
  if (out->numel == 0)
    return g_steal_pointer (&out);
  if (!backend->fill (out, 0.0, error))
    return NULL;

  /* Scatter a 1 along the new last dim at each index. */
  memcpy (sizes, indices->sizes, indices->ndim * sizeof (gint64));
  sizes[nd - 1] = 1;
  memcpy (strides, indices->strides, indices->ndim * sizeof (gint64));
  strides[nd - 1] = 0;
  idx = gt_tensor_new_view (indices, nd, sizes, strides, indices->offset);
  dst = restride (out, nd, sizes, nd - 1);
  one = gt_op_scalar (1.0, GT_DTYPE_INT64, gt_tensor_device (out), error);
  if (one == NULL)
    return NULL;
  ones = gt_tensor_new_view (one, nd, sizes, zeros, one->offset);
  if (!backend->scatter (dst, ones, idx, nd - 1, num_classes, 1, 0, func, error))
    return NULL;
  return g_steal_pointer (&out);
}
