#include "config.h"

#include <string.h>
#include <unistd.h>

#include "gt-autograd-private.h"
#include "gt-error.h"
#include "gt-grad-mode.h"
#include "gt-shape.h"
#include "gt-shape-private.h"
#include "gt-op-private.h"

/*
 * Shape ops. Views only compute new sizes, strides and an offset over the
 * same storage (gt_tensor_new_view), as torch does; the copies (cat, stack,
 * repeat, flip, reshape of a layout that cannot be viewed) express their
 * result as views of a new tensor and move the data with the backend's
 * strided copy. cat's slabs go through GtBackend.copy_many when the
 * backend has it, so that one thread team copies all of them.
 *
 * Autograd: when an input requires grad, each op records its node
 * (gt-shape-grad.c) once the result exists, with torch's name; the
 * helpers an op calls inside run with grad mode off. Views stay views,
 * with a grad_fn of their own.
 */

/* ---- helpers ---------------------------------------------------------- */

static gboolean
check_self (const char  *func,
            GtTensor    *self,
            GError     **error)
{
  return gt_op_check_tensor (func, "self", self, error);
}

/* Products and sums of sizes, strides and offsets saturate instead of
 * overflowing. Only a tensor with no elements can make them overflow: its
 * sizes may be huge ([0, 2^62, 2^62] passes the shape check) and its
 * contiguous strides saturate near 2^63 (see set_contiguous_strides in
 * gt-tensor.c). Its strides and offset are never used to read anything,
 * so any value will do; torch lets them wrap, which in C is undefined.
 * A view of a tensor with elements stays inside its storage, where every
 * product is exact. */
static inline gint64
mul_sat (gint64 a,
         gint64 b)
{
  gint64 r;

  if (!__builtin_mul_overflow (a, b, &r))
    return r;
  return (a < 0) != (b < 0) ? G_MININT64 : G_MAXINT64;
}

static inline gint64
add_sat (gint64 a,
         gint64 b)
{
  gint64 r;

  if (!__builtin_add_overflow (a, b, &r))
    return r;
  return a < 0 ? G_MININT64 : G_MAXINT64;
}

/* The offset of entry @index along a dim of @stride, past @offset. */
static inline gint64
offset_at (gint64 offset,
           gint64 index,
           gint64 stride)
{
  return add_sat (offset, mul_sat (index, stride));
}

/* A view of @self with @ndim dims; @sizes/@strides may alias nothing. It
 * knows its base, for in-place writes through it (see
 * gt_autograd_rebase_history()); the internal views of the copies below
 * use gt_tensor_new_view() instead. */
static GtTensor *
view (GtTensor     *self,
      guint         ndim,
      const gint64 *sizes,
      const gint64 *strides,
      gint64        offset)
{
  GtTensor *out = gt_tensor_new_view (self, ndim, sizes, strides, offset);

  gt_autograd_make_view (out, self);
  return out;
}

/* The views of unbind and split, which torch does not let in-place ops
 * write through. */
static void
mark_multi_output (GPtrArray *views)
{
  for (guint i = 0; i < views->len; i++)
    ((GtTensor *) views->pdata[i])->view_creation = GT_VIEW_CREATION_MULTI_OUTPUT;
}

GtTensor *
gt_shape_as_strided (GtTensor     *self,
                     guint         ndim,
                     const gint64 *sizes,
                     const gint64 *strides,
                     gint64        offset)
{
  GtTensor *out = view (self, ndim, sizes, strides,
                        add_sat (self->offset, offset));

  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_as_strided (self, out);
  return out;
}

/* @out, a view of @self whose backward is a reshape back to @self's shape
 * (view, unflatten, squeeze), with its node when @self requires grad. */
static GtTensor *
record_view (const char *name,
             GtTensor   *self,
             GtTensor   *out)
{
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_reshape (name, self, out, TRUE);
  return out;
}

static GPtrArray *
tensor_array_new (guint reserve)
{
  return g_ptr_array_new_full (reserve, g_object_unref);
}

/* A freshly allocated result gets the data of @src (same sizes, any
 * layout and dtype) through the backend. */
static gboolean
backend_copy (GtTensor  *dst,
              GtTensor  *src,
              GError   **error)
{
  if (dst->numel == 0)
    return TRUE;
  return gt_tensor_backend (dst)->copy (dst, src, error);
}

/* ---- reshape and view --------------------------------------------------- */

/* torch's infer_size: fills in the one -1 of @shape from @numel. */
static gboolean
infer_shape (const char    *func,
             const gint64  *shape,
             gsize          n_dims,
             gint64         numel,
             gint64        *out,
             GError       **error)
{
  gint64 product = 1;
  gssize infer = -1;
  gboolean overflow = FALSE;

  if (n_dims > GT_MAX_DIMS)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: %" G_GSIZE_FORMAT " dimensions requested, at most %d "
                   "are supported", func, n_dims, GT_MAX_DIMS);
      return FALSE;
    }
  if (shape == NULL && n_dims > 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: the shape is NULL but has %" G_GSIZE_FORMAT
                   " dimensions", func, n_dims);
      return FALSE;
    }
  for (gsize i = 0; i < n_dims; i++)
    {
      if (shape[i] == -1)
        {
          if (infer >= 0)
            {
              g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                           "%s: only one dimension can be inferred", func);
              return FALSE;
            }
          infer = (gssize) i;
        }
      else if (shape[i] >= 0)
        overflow |= __builtin_mul_overflow (product, shape[i], &product);
      else
        {
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: invalid shape dimension %" G_GINT64_FORMAT,
                       func, shape[i]);
          return FALSE;
        }
      out[i] = shape[i];
    }

  if (!overflow &&
      (numel == product || (infer >= 0 && product > 0 && numel % product == 0)))
    {
      if (infer < 0)
        return TRUE;
      if (product == 0)
        {
          g_autofree char *s = gt_shape_to_string (shape, n_dims);
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: cannot reshape tensor of 0 elements into shape %s "
                       "because the unspecified dimension size -1 can be any "
                       "value and is ambiguous", func, s);
          return FALSE;
        }
      out[infer] = numel / product;
      return TRUE;
    }

  {
    g_autofree char *s = gt_shape_to_string (shape, n_dims);
    g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                 "%s: shape '%s' is invalid for input of size %" G_GINT64_FORMAT,
                 func, s, numel);
  }
  return FALSE;
}

/*
 * torch's computeStride: the strides under which a tensor of @old sizes
 * and strides can be seen with @new_sizes without moving data, or FALSE.
 * The old dims are cut into chunks that are contiguous among themselves;
 * every chunk must be covered by a whole number of new dims.
 */
static gboolean
compute_view_strides (GtTensor     *old,
                      const gint64 *new_sizes,
                      guint         new_ndim,
                      gint64       *new_strides)
{
  gint64 view_d, chunk_base_stride, tensor_numel = 1, view_numel = 1;

  if (old->numel == 0)
    {
      if (old->ndim == new_ndim &&
          memcmp (old->sizes, new_sizes, new_ndim * sizeof (gint64)) == 0)
        {
          memcpy (new_strides, old->strides, new_ndim * sizeof (gint64));
          return TRUE;
        }
      for (gint d = (gint) new_ndim - 1; d >= 0; d--)
        new_strides[d] = d == (gint) new_ndim - 1 ? 1
          : mul_sat (MAX (new_sizes[d + 1], 1), new_strides[d + 1]);
      return TRUE;
    }
  if (old->ndim == 0)
    {
      /* One element: every new dim has size 1, any stride works. */
      for (guint d = 0; d < new_ndim; d++)
        new_strides[d] = 1;
      return TRUE;
    }

  view_d = (gint64) new_ndim - 1;
  chunk_base_stride = old->strides[old->ndim - 1];
  for (gint tensor_d = (gint) old->ndim - 1; tensor_d >= 0; tensor_d--)
    {
      gint64 next_stride;

      tensor_numel *= old->sizes[tensor_d];
      /* End of a chunk: the next outer dim does not continue it. (A size-1
       * dim may carry any stride, so the product is checked: a product
       * that overflows equals no stride.) */
      if (tensor_d == 0 ||
          (old->sizes[tensor_d - 1] != 1 &&
           (__builtin_mul_overflow (tensor_numel, chunk_base_stride,
                                    &next_stride) ||
            old->strides[tensor_d - 1] != next_stride)))
        {
          while (view_d >= 0 &&
                 (view_numel < tensor_numel || new_sizes[view_d] == 1))
            {
              new_strides[view_d] = mul_sat (view_numel, chunk_base_stride);
              view_numel *= new_sizes[view_d];
              view_d--;
            }
          if (view_numel != tensor_numel)
            return FALSE;
          if (tensor_d > 0)
            {
              chunk_base_stride = old->strides[tensor_d - 1];
              tensor_numel = 1;
              view_numel = 1;
            }
        }
    }
  return view_d == -1;
}

/* @view_name: the node of a result that is a view (ViewBackward0 or
 * ReshapeAliasBackward0); a copy is UnsafeViewBackward0, as in torch. */
static GtTensor *
reshape_impl (const char    *func,
              GtTensor      *self,
              const gint64  *shape,
              gsize          n_dims,
              gboolean       allow_copy,
              const char    *view_name,
              GError       **error)
{
  gint64 sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  g_autoptr(GtTensor) copy = NULL;
  gboolean record = gt_autograd_should_record (&self, 1);
  GtTensor *out;

  if (!infer_shape (func, shape, n_dims, self->numel, sizes, error))
    return NULL;
  if (compute_view_strides (self, sizes, (guint) n_dims, strides))
    {
      out = view (self, (guint) n_dims, sizes, strides, self->offset);
      if (record)
        gt_shape_grad_reshape (view_name, self, out, TRUE);
      return out;
    }

  if (!allow_copy)
    {
      g_autofree char *from = gt_shape_to_string (self->sizes, self->ndim);
      g_autofree char *st = gt_shape_to_string (self->strides, self->ndim);
      g_autofree char *to = gt_shape_to_string (sizes, n_dims);
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: view size is not compatible with input tensor's size "
                   "and stride (at least one dimension spans across two "
                   "contiguous subspaces): shape %s with strides %s cannot be "
                   "viewed as %s. Use .reshape(...) instead.",
                   func, from, st, to);
      return NULL;
    }

  /* Not expressible as a view: a contiguous copy, seen with the new shape. */
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = record ? gt_no_grad_guard_new () : NULL;
    copy = gt_tensor_clone (self, error);
  }
  if (copy == NULL)
    return NULL;
  if (!compute_view_strides (copy, sizes, (guint) n_dims, strides))
    g_assert_not_reached ();
  out = gt_tensor_new_view (copy, (guint) n_dims, sizes, strides, copy->offset);
  if (record)
    gt_shape_grad_reshape ("UnsafeViewBackward0", self, out, FALSE);
  return out;
}

/**
 * gt_tensor_reshape:
 * @self: a #GtTensor
 * @shape: (array length=n_dims) (nullable): the new sizes; one of them may
 *   be -1, inferred from the number of elements
 * @n_dims: the number of dimensions
 * @error: return location for a #GError
 *
 * @self with another shape of the same number of elements (torch's
 * `reshape`): a view sharing @self's storage whenever the strides allow
 * it, otherwise a contiguous copy.
 *
 * Returns: (transfer full) (nullable): the reshaped tensor, or %NULL with
 *   %GT_ERROR_SHAPE when the number of elements differs, for more than one
 *   -1 or a size below -1
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_reshape (GtTensor      *self,
                   const gint64  *shape,
                   gsize          n_dims,
                   GError       **error)
{
  if (!check_self ("gt_tensor_reshape", self, error))
    return NULL;
  return reshape_impl ("gt_tensor_reshape", self, shape, n_dims, TRUE,
                       "ReshapeAliasBackward0", error);
}

/**
 * gt_tensor_view:
 * @self: a #GtTensor
 * @shape: (array length=n_dims) (nullable): the new sizes; one of them may
 *   be -1, inferred from the number of elements
 * @n_dims: the number of dimensions
 * @error: return location for a #GError
 *
 * @self seen with another shape, always sharing its storage (torch's
 * `view`). Unlike [method@Gt.Tensor.reshape] it never copies: a layout
 * that cannot be expressed with strides, such as a transposed matrix seen
 * as a vector, is an error.
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_SHAPE when the number of elements differs or the strides do
 *   not allow a view
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_view (GtTensor      *self,
                const gint64  *shape,
                gsize          n_dims,
                GError       **error)
{
  if (!check_self ("gt_tensor_view", self, error))
    return NULL;
  return reshape_impl ("gt_tensor_view", self, shape, n_dims, FALSE,
                       "ViewBackward0", error);
}

/**
 * gt_tensor_flatten:
 * @self: a #GtTensor
 * @start_dim: the first dimension to merge; negative counts from the end
 * @end_dim: the last dimension to merge; negative counts from the end
 * @error: return location for a #GError
 *
 * Merges the dimensions @start_dim to @end_dim into one (torch's
 * `flatten`; pass 0 and -1 for all of them). A 0-d tensor becomes 1-D.
 * A view where the strides allow it, otherwise a copy, as
 * [method@Gt.Tensor.reshape]; when there is nothing to merge (@start_dim
 * equal to @end_dim) @self itself, as torch returns it.
 *
 * Returns: (transfer full) (nullable): the flattened tensor, or %NULL with
 *   %GT_ERROR_INDEX for a dimension out of range, %GT_ERROR_VALUE when
 *   @start_dim comes after @end_dim, %GT_ERROR_SHAPE when the merged size
 *   does not fit in 64 bits (a tensor with no elements but huge sizes)
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_flatten (GtTensor  *self,
                   gint       start_dim,
                   gint       end_dim,
                   GError   **error)
{
  const char *func = "gt_tensor_flatten";
  gint64 shape[GT_MAX_DIMS];
  guint start, end, n = 0;
  gint64 merged = 1;

  if (!check_self (func, self, error) ||
      !gt_dim_wrap (func, start_dim, self->ndim, &start, error) ||
      !gt_dim_wrap (func, end_dim, self->ndim, &end, error))
    return NULL;
  if (start > end)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: invalid args: start_dim (%d) cannot come after "
                   "end_dim (%d)", func, start_dim, end_dim);
      return NULL;
    }
  if (self->ndim == 0)
    {
      gint64 one = 1;
      return reshape_impl (func, self, &one, 1, TRUE, "ReshapeAliasBackward0",
                           error);
    }
  if (start == end)
    return g_object_ref (self);

  for (guint d = 0; d < start; d++)
    shape[n++] = self->sizes[d];
  /* Only a tensor with no elements (a 0 outside the merged dims) can have
   * merged sizes whose product does not fit; torch lets it wrap. */
  for (guint d = start; d <= end && merged != 0; d++)
    if (self->sizes[d] == 0)
      merged = 0;
  for (guint d = start; d <= end && merged != 0; d++)
    if (__builtin_mul_overflow (merged, self->sizes[d], &merged))
      {
        g_autofree char *s = gt_shape_to_string (self->sizes, self->ndim);
        g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                     "%s: merging dimensions %u to %u of shape %s gives a "
                     "size that does not fit in 64 bits", func, start, end, s);
        return NULL;
      }
  shape[n++] = merged;
  for (guint d = end + 1; d < self->ndim; d++)
    shape[n++] = self->sizes[d];
  return reshape_impl (func, self, shape, n, TRUE, "ReshapeAliasBackward0",
                       error);
}

/**
 * gt_tensor_unflatten:
 * @self: a #GtTensor
 * @dim: the dimension to split; negative counts from the end
 * @sizes: (array length=n_sizes): the sizes it is split into; one may be
 *   -1, inferred
 * @n_sizes: the number of sizes, at least 1
 * @error: return location for a #GError
 *
 * Splits dimension @dim into several (torch's `unflatten`), the inverse of
 * [method@Gt.Tensor.flatten]. Always a view.
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_INDEX for a dimension out of range, %GT_ERROR_SHAPE when the
 *   sizes do not multiply up to the size of @dim
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_unflatten (GtTensor      *self,
                     gint           dim,
                     const gint64  *sizes,
                     gsize          n_sizes,
                     GError       **error)
{
  const char *func = "gt_tensor_unflatten";
  gint64 inner[GT_MAX_DIMS], shape[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  g_autoptr(GError) local = NULL;
  guint d, n = 0;

  if (!check_self (func, self, error))
    return NULL;
  if (self->ndim == 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                   "%s: dimension specified as %d but tensor has no "
                   "dimensions", func, dim);
      return NULL;
    }
  if (!gt_dim_wrap (func, dim, self->ndim, &d, error))
    return NULL;
  if (n_sizes == 0 || sizes == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: sizes must be non-empty", func);
      return NULL;
    }
  if (self->ndim - 1 + n_sizes > GT_MAX_DIMS)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: the result would have %" G_GSIZE_FORMAT
                   " dimensions, at most %d are supported", func,
                   self->ndim - 1 + n_sizes, GT_MAX_DIMS);
      return NULL;
    }
  if (!infer_shape (func, sizes, n_sizes, self->sizes[d], inner, &local))
    {
      g_autofree char *s = gt_shape_to_string (sizes, n_sizes);
      /* The product mismatch is reported in torch's unflatten words. */
      if (strstr (local->message, "is invalid for input") != NULL)
        g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                     "%s: provided sizes %s don't multiply up to the size "
                     "of dim %u (%" G_GINT64_FORMAT ") in the input tensor",
                     func, s, d, self->sizes[d]);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  for (guint i = 0; i < d; i++)
    shape[n++] = self->sizes[i];
  for (gsize i = 0; i < n_sizes; i++)
    shape[n++] = inner[i];
  for (guint i = d + 1; i < self->ndim; i++)
    shape[n++] = self->sizes[i];
  /* Splitting one dim is always expressible with strides. */
  if (!compute_view_strides (self, shape, n, strides))
    g_assert_not_reached ();
  return record_view ("ViewBackward0", self,
                      view (self, n, shape, strides, self->offset));
}

/* ---- permutations -------------------------------------------------------- */

/* transpose, t and mT, recording @node_name */
static GtTensor *
transpose_impl (const char  *func,
                const char  *node_name,
                GtTensor    *self,
                gint         dim0,
                gint         dim1,
                GError     **error)
{
  gint64 sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  GtTensor *out;
  guint a, b;

  if (!check_self (func, self, error) ||
      !gt_dim_wrap (func, dim0, self->ndim, &a, error) ||
      !gt_dim_wrap (func, dim1, self->ndim, &b, error))
    return NULL;
  memcpy (sizes, self->sizes, sizeof sizes);
  memcpy (strides, self->strides, sizeof strides);
  if (self->ndim > 0)
    {
      sizes[a] = self->sizes[b];
      sizes[b] = self->sizes[a];
      strides[a] = self->strides[b];
      strides[b] = self->strides[a];
    }
  out = view (self, self->ndim, sizes, strides, self->offset);
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_transpose (node_name, self, out, a, b);
  return out;
}

/**
 * gt_tensor_transpose:
 * @self: a #GtTensor
 * @dim0: a dimension; negative counts from the end
 * @dim1: the dimension to swap it with
 * @error: return location for a #GError
 *
 * A view with dimensions @dim0 and @dim1 swapped (torch's `transpose`).
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_INDEX for a dimension out of range
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_transpose (GtTensor  *self,
                     gint       dim0,
                     gint       dim1,
                     GError   **error)
{
  return transpose_impl ("gt_tensor_transpose", "TransposeBackward0", self,
                         dim0, dim1, error);
}

/**
 * gt_tensor_permute:
 * @self: a #GtTensor
 * @dims: (array length=n_dims) (nullable): for each dimension of the
 *   result, the dimension of @self it takes; negative counts from the end
 * @n_dims: the number of dimensions, equal to @self's
 * @error: return location for a #GError
 *
 * A view with the dimensions reordered (torch's `permute`).
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_SHAPE when @n_dims differs from @self's number of dimensions,
 *   %GT_ERROR_INDEX for a dimension out of range, %GT_ERROR_VALUE for a
 *   repeated dimension
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_permute (GtTensor    *self,
                   const gint  *dims,
                   gsize        n_dims,
                   GError     **error)
{
  const char *func = "gt_tensor_permute";
  gint64 sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  gboolean seen[GT_MAX_DIMS] = { FALSE };
  guint wrapped[GT_MAX_DIMS];
  GtTensor *out;

  if (!check_self (func, self, error))
    return NULL;
  if (n_dims != self->ndim || (dims == NULL && n_dims > 0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: number of dims don't match: the tensor has %u "
                   "dimensions but %" G_GSIZE_FORMAT " were given", func,
                   self->ndim, n_dims);
      return NULL;
    }
  for (gsize i = 0; i < n_dims; i++)
    {
      guint d;

      if (!gt_dim_wrap (func, dims[i], self->ndim, &d, error))
        return NULL;
      if (seen[d])
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: duplicate dims are not allowed (dim %u appears "
                       "twice)", func, d);
          return NULL;
        }
      seen[d] = TRUE;
      wrapped[i] = d;
      sizes[i] = self->sizes[d];
      strides[i] = self->strides[d];
    }
  out = view (self, self->ndim, sizes, strides, self->offset);
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_permute (self, out, wrapped);
  return out;
}

/**
 * gt_tensor_t:
 * @self: a #GtTensor with at most 2 dimensions
 * @error: return location for a #GError
 *
 * The transpose of a matrix as a view (torch's `t()` and `.T` for up to
 * two dimensions); 0-d and 1-D tensors come back as they are.
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_SHAPE for more than 2 dimensions
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_t (GtTensor  *self,
             GError   **error)
{
  const char *func = "gt_tensor_t";

  if (!check_self (func, self, error))
    return NULL;
  if (self->ndim > 2)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: t() expects a tensor with <= 2 dimensions, but self "
                   "is %uD", func, self->ndim);
      return NULL;
    }
  return transpose_impl (func, "TBackward0", self, 0, self->ndim < 2 ? 0 : 1,
                         error);
}

/**
 * gt_tensor_mt:
 * @self: a #GtTensor with at least 2 dimensions
 * @error: return location for a #GError
 *
 * The transpose of the last two dimensions as a view (torch's `.mT`):
 * every matrix of a batch is transposed.
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_SHAPE for fewer than 2 dimensions
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_mt (GtTensor  *self,
              GError   **error)
{
  const char *func = "gt_tensor_mt";

  if (!check_self (func, self, error))
    return NULL;
  if (self->ndim < 2)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: tensor.mT is only supported on matrices or batches "
                   "of matrices. Got %u-D tensor.", func, self->ndim);
      return NULL;
    }
  return transpose_impl (func, "TransposeBackward0", self, -2, -1, error);
}

/* ---- adding and removing dimensions -------------------------------------- */

/* @self without dimension @dim. */
static GtTensor *
drop_dim (GtTensor *self,
          guint     dim,
          gint64    offset)
{
  gint64 sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  guint n = 0;

  for (guint d = 0; d < self->ndim; d++)
    if (d != dim)
      {
        sizes[n] = self->sizes[d];
        strides[n] = self->strides[d];
        n++;
      }
  return view (self, n, sizes, strides, offset);
}

/**
 * gt_tensor_squeeze:
 * @self: a #GtTensor
 * @error: return location for a #GError
 *
 * A view without the dimensions of size 1 (torch's `squeeze()`).
 *
 * Returns: (transfer full) (nullable): the view
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_squeeze (GtTensor  *self,
                   GError   **error)
{
  gint64 sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  guint n = 0;

  if (!check_self ("gt_tensor_squeeze", self, error))
    return NULL;
  for (guint d = 0; d < self->ndim; d++)
    if (self->sizes[d] != 1)
      {
        sizes[n] = self->sizes[d];
        strides[n] = self->strides[d];
        n++;
      }
  return record_view ("SqueezeBackward0", self,
                      view (self, n, sizes, strides, self->offset));
}

/**
 * gt_tensor_squeeze_dim:
 * @self: a #GtTensor
 * @dim: the dimension to remove if its size is 1; negative counts from the
 *   end
 * @error: return location for a #GError
 *
 * A view without dimension @dim if it has size 1, otherwise a view of all
 * of @self (torch's `squeeze(dim)`).
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_INDEX for a dimension out of range
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_squeeze_dim (GtTensor  *self,
                       gint       dim,
                       GError   **error)
{
  const char *func = "gt_tensor_squeeze_dim";
  guint d;

  if (!check_self (func, self, error) ||
      !gt_dim_wrap (func, dim, self->ndim, &d, error))
    return NULL;
  if (self->ndim == 0 || self->sizes[d] != 1)
    return record_view ("SqueezeBackward1", self,
                        view (self, self->ndim, self->sizes, self->strides,
                              self->offset));
  return record_view ("SqueezeBackward1", self, drop_dim (self, d, self->offset));
}

/**
 * gt_tensor_unsqueeze:
 * @self: a #GtTensor
 * @dim: the position of the new dimension, from -(ndim + 1) to ndim
 * @error: return location for a #GError
 *
 * A view with a new dimension of size 1 at @dim (torch's `unsqueeze`).
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_INDEX for a position out of range, %GT_ERROR_SHAPE when the
 *   result would have more than 8 dimensions
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_unsqueeze (GtTensor  *self,
                     gint       dim,
                     GError   **error)
{
  const char *func = "gt_tensor_unsqueeze";
  gint64 sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  GtTensor *out;
  guint d, n = 0;

  if (!check_self (func, self, error) ||
      !gt_dim_wrap (func, dim, self->ndim + 1, &d, error))
    return NULL;
  if (self->ndim + 1 > GT_MAX_DIMS)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: the result would have %u dimensions, at most %d are "
                   "supported", func, self->ndim + 1, GT_MAX_DIMS);
      return NULL;
    }
  for (guint i = 0; i <= self->ndim; i++)
    {
      if (i == d)
        {
          /* torch's choice of stride, so that the result stays contiguous
           * when @self is. */
          sizes[n] = 1;
          strides[n] = d >= self->ndim ? 1
            : mul_sat (self->sizes[d], self->strides[d]);
          n++;
        }
      if (i < self->ndim)
        {
          sizes[n] = self->sizes[i];
          strides[n] = self->strides[i];
          n++;
        }
    }
  out = view (self, n, sizes, strides, self->offset);
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_unsqueeze (self, out, d);
  return out;
}

/* torch's inferExpandGeometry. */
static GtTensor *
expand_impl (const char    *func,
             GtTensor      *self,
             const gint64  *target,
             gsize          n,
             GError       **error)
{
  gint64 sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  GtTensor *out;

  if (n > GT_MAX_DIMS || (target == NULL && n > 0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: %" G_GSIZE_FORMAT " sizes given, at most %d "
                   "dimensions are supported", func, n, GT_MAX_DIMS);
      return NULL;
    }
  if (n < self->ndim)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: the number of sizes provided (%" G_GSIZE_FORMAT ") "
                   "must be greater or equal to the number of dimensions in "
                   "the tensor (%u)", func, n, self->ndim);
      return NULL;
    }

  for (gint i = (gint) n - 1; i >= 0; i--)
    {
      gint dim = (gint) self->ndim - ((gint) n - i);
      gint64 size = dim >= 0 ? self->sizes[dim] : 1;
      gint64 stride = dim >= 0 ? self->strides[dim]
        : (i + 1 < (gint) n ? mul_sat (sizes[i + 1], strides[i + 1]) : 1);
      gint64 want = target[i];

      if (want == -1)
        {
          if (dim < 0)
            {
              g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                           "%s: the expanded size of the tensor (-1) isn't "
                           "allowed in a leading, non-existing dimension %d",
                           func, i);
              return NULL;
            }
          want = size;
        }
      if (want < 0 || (size != want && size != 1))
        {
          g_autofree char *ts = gt_shape_to_string (target, n);
          g_autofree char *ss = gt_shape_to_string (self->sizes, self->ndim);
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: the expanded size of the tensor (%" G_GINT64_FORMAT
                       ") must match the existing size (%" G_GINT64_FORMAT
                       ") at non-singleton dimension %d.  Target sizes: %s.  "
                       "Tensor sizes: %s", func, want, size, i, ts, ss);
          return NULL;
        }
      if (size != want)
        {
          size = want;
          stride = 0;
        }
      sizes[i] = size;
      strides[i] = stride;
    }
  if (!gt_shape_check (func, sizes, n, self->dtype, NULL, error))
    return NULL;
  out = view (self, (guint) n, sizes, strides, self->offset);
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_expand (self, out);
  return out;
}

/**
 * gt_tensor_expand:
 * @self: a #GtTensor
 * @sizes: (array length=n_sizes) (nullable): the new sizes; -1 keeps the
 *   size of an existing dimension; new dimensions may be added in front
 * @n_sizes: the number of sizes, at least @self's number of dimensions
 * @error: return location for a #GError
 *
 * A view repeating @self along its size-1 dimensions without copying
 * (torch's `expand`): the repeated dimensions get stride 0. Write to the
 * result only after a [method@Gt.Tensor.clone].
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_SHAPE when a size does not match a non-singleton dimension
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_expand (GtTensor      *self,
                  const gint64  *sizes,
                  gsize          n_sizes,
                  GError       **error)
{
  if (!check_self ("gt_tensor_expand", self, error))
    return NULL;
  return expand_impl ("gt_tensor_expand", self, sizes, n_sizes, error);
}

/**
 * gt_tensor_broadcast_to:
 * @self: a #GtTensor
 * @shape: (array length=n_dims) (nullable): the shape to broadcast to
 * @n_dims: the number of dimensions
 * @error: return location for a #GError
 *
 * @self broadcast to @shape as a view (torch's `broadcast_to`, the same as
 * [method@Gt.Tensor.expand]).
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_SHAPE when @self does not broadcast to @shape
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_broadcast_to (GtTensor      *self,
                        const gint64  *shape,
                        gsize          n_dims,
                        GError       **error)
{
  if (!check_self ("gt_tensor_broadcast_to", self, error))
    return NULL;
  return expand_impl ("gt_tensor_broadcast_to", self, shape, n_dims, error);
}

/* ---- parts of a dimension ----------------------------------------------- */

static gboolean
check_not_0d (const char  *func,
              GtTensor    *self,
              GError     **error)
{
  if (self->ndim > 0)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
               "%s: cannot be applied to a 0-dim tensor", func);
  return FALSE;
}

/* The view of @self restricted to [start, start + length) along @dim:
 * checked arguments. */
static GtTensor *
narrow_view (GtTensor *self,
             guint     dim,
             gint64    start,
             gint64    length)
{
  gint64 sizes[GT_MAX_DIMS];

  memcpy (sizes, self->sizes, sizeof sizes);
  sizes[dim] = length;
  return view (self, self->ndim, sizes, self->strides,
               offset_at (self->offset, start, self->strides[dim]));
}

/**
 * gt_tensor_narrow:
 * @self: a #GtTensor with at least one dimension
 * @dim: the dimension to narrow; negative counts from the end
 * @start: the first index kept; negative counts from the end
 * @length: the number of indices kept
 * @error: return location for a #GError
 *
 * A view of @length consecutive entries of dimension @dim from @start
 * (torch's `narrow`).
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_INDEX for a dimension or range out of bounds
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_narrow (GtTensor  *self,
                  gint       dim,
                  gint64     start,
                  gint64     length,
                  GError   **error)
{
  const char *func = "gt_tensor_narrow";
  GtTensor *out;
  gint64 size;
  guint d;

  if (!check_self (func, self, error) || !check_not_0d (func, self, error) ||
      !gt_dim_wrap (func, dim, self->ndim, &d, error))
    return NULL;
  size = self->sizes[d];
  if (start < -size || start > size)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                   "%s: start out of range (expected to be in range of [%"
                   G_GINT64_FORMAT ", %" G_GINT64_FORMAT "], but got %"
                   G_GINT64_FORMAT ")", func, -size, size, start);
      return NULL;
    }
  if (start < 0)
    start += size;
  if (length < 0 || length > size - start)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                   "%s: start (%" G_GINT64_FORMAT ") + length (%"
                   G_GINT64_FORMAT ") exceeds dimension size (%"
                   G_GINT64_FORMAT ")", func, start, length, size);
      return NULL;
    }
  out = narrow_view (self, d, start, length);
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_slice (self, out, d, start, start + length, 1);
  return out;
}

/**
 * gt_tensor_select:
 * @self: a #GtTensor with at least one dimension
 * @dim: the dimension; negative counts from the end
 * @index: the entry of @dim to keep; negative counts from the end
 * @error: return location for a #GError
 *
 * The view of entry @index along @dim, without that dimension (torch's
 * `select`, Python's `t[..., index, ...]`).
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_INDEX for a dimension or index out of range
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_select (GtTensor  *self,
                  gint       dim,
                  gint64     index,
                  GError   **error)
{
  const char *func = "gt_tensor_select";
  GtTensor *out;
  gint64 size;
  guint d;

  if (!check_self (func, self, error) || !check_not_0d (func, self, error) ||
      !gt_dim_wrap (func, dim, self->ndim, &d, error))
    return NULL;
  size = self->sizes[d];
  if (index < -size || index >= size)
    {
      g_autofree char *s = gt_shape_to_string (self->sizes, self->ndim);
      g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                   "%s: index %" G_GINT64_FORMAT " is out of range for tensor "
                   "of size %s at dimension %u", func, index, s, d);
      return NULL;
    }
  if (index < 0)
    index += size;
  out = drop_dim (self, d, offset_at (self->offset, index, self->strides[d]));
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_select (self, out, d, index);
  return out;
}

/**
 * gt_tensor_slice:
 * @self: a #GtTensor with at least one dimension
 * @dim: the dimension; negative counts from the end
 * @start: the first index; negative counts from the end; clamped to the
 *   size as in a Python slice (pass 0 for the beginning)
 * @end: the index to stop before, likewise (pass %G_MAXINT64 for the end)
 * @step: the distance between kept entries, at least 1
 * @error: return location for a #GError
 *
 * The view `t[..., start:end:step, ...]` along @dim (torch's slicing).
 *
 * Returns: (transfer full) (nullable): the view, or %NULL with
 *   %GT_ERROR_INDEX for a dimension out of range, %GT_ERROR_VALUE for a
 *   step below 1
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_slice (GtTensor  *self,
                 gint       dim,
                 gint64     start,
                 gint64     end,
                 gint64     step,
                 GError   **error)
{
  const char *func = "gt_tensor_slice";
  gint64 sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  GtTensor *out;
  gint64 size, len;
  guint d;

  if (!check_self (func, self, error) || !check_not_0d (func, self, error) ||
      !gt_dim_wrap (func, dim, self->ndim, &d, error))
    return NULL;
  if (step <= 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: slice step must be positive, got %" G_GINT64_FORMAT,
                   func, step);
      return NULL;
    }

  /* Python's clamping, as torch's slice. */
  size = self->sizes[d];
  if (start < 0)
    start += size;
  if (end < 0)
    end += size;
  start = CLAMP (start, 0, size);
  end = CLAMP (end, start, size);
  len = end - start;
  /* Any step >= len selects the first element only; a smaller one keeps
   * the view's stride (stride * step) from overflowing for huge steps. */
  if (step > len)
    step = MAX (len, 1);

  memcpy (sizes, self->sizes, sizeof sizes);
  memcpy (strides, self->strides, sizeof strides);
  sizes[d] = len == 0 ? 0 : (len - 1) / step + 1;
  strides[d] = mul_sat (self->strides[d], step);
  out = view (self, self->ndim, sizes, strides,
              offset_at (self->offset, start, self->strides[d]));
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_slice (self, out, d, start, end, step);
  return out;
}

/* The machine's physical memory in bytes, or G_MAXUINT64 where unknown. */
static guint64
physical_memory (void)
{
#if defined (_SC_PHYS_PAGES) && defined (_SC_PAGESIZE)
  long pages = sysconf (_SC_PHYS_PAGES), page = sysconf (_SC_PAGESIZE);

  if (pages > 0 && page > 0 && (guint64) pages <= G_MAXUINT64 / (guint64) page)
    return (guint64) pages * (guint64) page;
#endif
  return G_MAXUINT64;
}

/* A huge, possibly empty, dimension cut in ones makes one view per piece.
 * A GPtrArray holds at most G_MAXUINT of them, and views (a tensor
 * object, its pointer and a length each) that cannot fit in the machine's
 * memory are refused up front with GT_ERROR_OUT_OF_MEMORY, instead of
 * GLib aborting in g_new or the process being killed half-way (a split
 * of an empty [2^31] tensor in ones would need about 500 GiB). */
static gboolean
check_n_pieces (const char  *func,
                gint64       n,
                GError     **error)
{
  const guint64 per_piece = sizeof (GtTensor) + sizeof (gpointer) +
                            sizeof (gint64);
  guint64 mem = physical_memory ();

  if ((guint64) n > G_MAXUINT)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
                   "%s: %" G_GINT64_FORMAT " pieces are more than a list "
                   "can hold", func, n);
      return FALSE;
    }
  if ((guint64) n > mem / per_piece)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
                   "%s: %" G_GINT64_FORMAT " pieces would need %"
                   G_GUINT64_FORMAT " MiB, more than the machine's %"
                   G_GUINT64_FORMAT " MiB of memory", func, n,
                   (guint64) n * per_piece >> 20, mem >> 20);
      return FALSE;
    }
  return TRUE;
}

/**
 * gt_tensor_unbind:
 * @self: a #GtTensor with at least one dimension
 * @dim: the dimension; negative counts from the end
 * @error: return location for a #GError
 *
 * Every entry of @dim as a view without that dimension (torch's `unbind`).
 *
 * The array holds a reference to each view and releases them when it is
 * freed: g_ptr_array_unref() is all a C caller needs. It is annotated
 * (transfer container) because bindings then take their own references;
 * with (transfer full) PyGObject and GJS would release the views twice.
 *
 * Returns: (transfer container) (element-type Gt.Tensor) (nullable): the views,
 *   or %NULL with %GT_ERROR_INDEX for a dimension out of range,
 *   %GT_ERROR_OUT_OF_MEMORY for more views than memory holds
 *
 * Since: 0.1
 */
GPtrArray *
gt_tensor_unbind (GtTensor  *self,
                  gint       dim,
                  GError   **error)
{
  const char *func = "gt_tensor_unbind";
  GPtrArray *result;
  guint d;

  if (!check_self (func, self, error) || !check_not_0d (func, self, error) ||
      !gt_dim_wrap (func, dim, self->ndim, &d, error) ||
      !check_n_pieces (func, self->sizes[d], error))
    return NULL;
  result = tensor_array_new ((guint) self->sizes[d]);
  for (gint64 i = 0; i < self->sizes[d]; i++)
    g_ptr_array_add (result,
                     drop_dim (self, d,
                               offset_at (self->offset, i, self->strides[d])));
  mark_multi_output (result);
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_unbind (self, result, d);
  return result;
}

/* Narrow views of @self along @d with the given lengths, which add up to
 * its size; @node_name is the node they record (SplitBackward0 or
 * SplitWithSizesBackward0). */
static GPtrArray *
split_views (GtTensor     *self,
             guint         d,
             const gint64 *lengths,
             gsize         n,
             const char   *node_name)
{
  GPtrArray *result = tensor_array_new ((guint) n);
  gint64 start = 0;

  for (gsize i = 0; i < n; i++)
    {
      g_ptr_array_add (result, narrow_view (self, d, start, lengths[i]));
      start += lengths[i];
    }
  mark_multi_output (result);
  if (gt_autograd_should_record (&self, 1))
    gt_shape_grad_split (node_name, self, result, d);
  return result;
}

static GPtrArray *
split_even (const char  *func,
            GtTensor    *self,
            gint64       split_size,
            guint        d,
            GError     **error)
{
  g_autofree gint64 *lengths = NULL;
  gint64 size = self->sizes[d], n = 1;

  if (split_size < 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: split expects split_size be non-negative, but got "
                   "split_size=%" G_GINT64_FORMAT, func, split_size);
      return NULL;
    }
  if (split_size == 0 && size != 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: split_size can only be 0 if dimension size is 0, but "
                   "got dimension size of %" G_GINT64_FORMAT, func, size);
      return NULL;
    }
  /* As torch: at least one piece, even when split_size exceeds the size. */
  if (split_size != 0)
    n = MAX ((size - 1) / split_size + 1, 1);
  if (!check_n_pieces (func, n, error))
    return NULL;
  lengths = g_new (gint64, n);
  for (gint64 i = 0; i < n; i++)
    lengths[i] = MIN (split_size, size - i * split_size);
  if (size == 0)
    lengths[0] = 0;
  return split_views (self, d, lengths, (gsize) n, "SplitBackward0");
}

/**
 * gt_tensor_chunk:
 * @self: a #GtTensor with at least one dimension
 * @chunks: the number of pieces wanted, at least 1
 * @dim: the dimension to cut; negative counts from the end
 * @error: return location for a #GError
 *
 * Cuts @self along @dim into views of ceil(size / @chunks) entries, the
 * last possibly shorter (torch's `chunk`); fewer than @chunks pieces come
 * back when the size does not allow that many.
 *
 * The array holds a reference to each view and releases them when it is
 * freed: g_ptr_array_unref() is all a C caller needs. It is annotated
 * (transfer container) because bindings then take their own references;
 * with (transfer full) PyGObject and GJS would release the views twice.
 *
 * Returns: (transfer container) (element-type Gt.Tensor) (nullable): the views,
 *   or %NULL with %GT_ERROR_VALUE for @chunks below 1, %GT_ERROR_INDEX for
 *   a dimension out of range or a 0-d tensor, %GT_ERROR_OUT_OF_MEMORY for
 *   more views than memory holds
 *
 * Since: 0.1
 */
GPtrArray *
gt_tensor_chunk (GtTensor  *self,
                 gint64     chunks,
                 gint       dim,
                 GError   **error)
{
  const char *func = "gt_tensor_chunk";
  gint64 size, split_size;
  guint d;

  if (!check_self (func, self, error) || !check_not_0d (func, self, error))
    return NULL;
  if (chunks <= 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: chunk expects `chunks` to be greater than 0, got: %"
                   G_GINT64_FORMAT, func, chunks);
      return NULL;
    }
  if (!gt_dim_wrap (func, dim, self->ndim, &d, error))
    return NULL;
  size = self->sizes[d];
  split_size = size == 0 ? 0 : (size - 1) / chunks + 1;
  if (size == 0)
    {
      /* torch keeps the number of (empty) pieces in this one case. */
      g_autofree gint64 *lengths = NULL;

      if (!check_n_pieces (func, chunks, error))
        return NULL;
      lengths = g_try_new0 (gint64, chunks);
      if (lengths == NULL)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
                       "%s: out of memory for %" G_GINT64_FORMAT " chunks",
                       func, chunks);
          return NULL;
        }
      return split_views (self, d, lengths, (gsize) chunks,
                          "SplitWithSizesBackward0");
    }
  return split_even (func, self, split_size, d, error);
}

/**
 * gt_tensor_split:
 * @self: a #GtTensor with at least one dimension
 * @split_size: the number of entries of each piece; the last may be shorter
 * @dim: the dimension to cut; negative counts from the end
 * @error: return location for a #GError
 *
 * Cuts @self along @dim into views of @split_size entries (torch's `split`
 * with an integer).
 *
 * The array holds a reference to each view and releases them when it is
 * freed: g_ptr_array_unref() is all a C caller needs. It is annotated
 * (transfer container) because bindings then take their own references;
 * with (transfer full) PyGObject and GJS would release the views twice.
 *
 * Returns: (transfer container) (element-type Gt.Tensor) (nullable): the views,
 *   or %NULL with %GT_ERROR_VALUE for a negative @split_size (or 0 for a
 *   non-empty dimension), %GT_ERROR_INDEX for a dimension out of range,
 *   %GT_ERROR_OUT_OF_MEMORY for more views than memory holds
 *
 * Since: 0.1
 */
GPtrArray *
gt_tensor_split (GtTensor  *self,
                 gint64     split_size,
                 gint       dim,
                 GError   **error)
{
  const char *func = "gt_tensor_split";
  guint d;

  if (!check_self (func, self, error) || !check_not_0d (func, self, error) ||
      !gt_dim_wrap (func, dim, self->ndim, &d, error))
    return NULL;
  return split_even (func, self, split_size, d, error);
}

/**
 * gt_tensor_split_sizes:
 * @self: a #GtTensor with at least one dimension
 * @sizes: (array length=n_sizes) (nullable): the length of each piece; they
 *   must add up to the size of @dim
 * @n_sizes: the number of pieces
 * @dim: the dimension to cut; negative counts from the end
 * @error: return location for a #GError
 *
 * Cuts @self along @dim into views of the given lengths (torch's `split`
 * with a list, `split_with_sizes`).
 *
 * The array holds a reference to each view and releases them when it is
 * freed: g_ptr_array_unref() is all a C caller needs. It is annotated
 * (transfer container) because bindings then take their own references;
 * with (transfer full) PyGObject and GJS would release the views twice.
 *
 * Returns: (transfer container) (element-type Gt.Tensor) (nullable): the views,
 *   or %NULL with %GT_ERROR_VALUE for a negative length, %GT_ERROR_SHAPE
 *   when the lengths do not add up, %GT_ERROR_INDEX for a dimension out of
 *   range, %GT_ERROR_OUT_OF_MEMORY for more views than memory holds
 *
 * Since: 0.1
 */
GPtrArray *
gt_tensor_split_sizes (GtTensor      *self,
                       const gint64  *sizes,
                       gsize          n_sizes,
                       gint           dim,
                       GError       **error)
{
  const char *func = "gt_tensor_split_sizes";
  gint64 total = 0;
  gboolean overflow = FALSE;
  guint d;

  if (!check_self (func, self, error) || !check_not_0d (func, self, error) ||
      !gt_dim_wrap (func, dim, self->ndim, &d, error))
    return NULL;
  if (sizes == NULL && n_sizes > 0)
    n_sizes = 0;
  for (gsize i = 0; i < n_sizes; i++)
    {
      if (sizes[i] < 0)
        {
          g_autofree char *s = gt_shape_to_string (sizes, n_sizes);
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: split_with_sizes expects split_sizes have only "
                       "non-negative entries, but got split_sizes=%s", func, s);
          return NULL;
        }
      overflow |= __builtin_add_overflow (total, sizes[i], &total);
    }
  if (overflow || total != self->sizes[d])
    {
      g_autofree char *s = gt_shape_to_string (sizes, n_sizes);
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: split_with_sizes expects split_sizes to sum exactly "
                   "to %" G_GINT64_FORMAT " (input tensor's size at dimension "
                   "%u), but got split_sizes=%s", func, self->sizes[d], d, s);
      return NULL;
    }
  if (!check_n_pieces (func, (gint64) MIN (n_sizes, (gsize) G_MAXINT64), error))
    return NULL;
  return split_views (self, d, sizes, n_sizes, "SplitWithSizesBackward0");
}

/* ---- cat and stack --------------------------------------------------------- */

/* torch's legacy rule: 1-D tensors of size 0 take no part in a cat. */
static gboolean
cat_skips (GtTensor *t)
{
  return t->ndim == 1 && t->sizes[0] == 0;
}

static gboolean
check_tensor_list (const char  *func,
                   GPtrArray   *tensors,
                   GError     **error)
{
  if (tensors == NULL || tensors->len == 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: expected a non-empty list of tensors", func);
      return FALSE;
    }
  for (guint i = 0; i < tensors->len; i++)
    if (!GT_IS_TENSOR (g_ptr_array_index (tensors, i)))
      {
        g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                     "%s: element %u of the list is not a tensor", func, i);
        return FALSE;
      }
  return gt_op_check_devices (func, (GtTensor **) tensors->pdata,
                              tensors->len, error);
}

/* The checks and the copies of cat; @tensors is a checked list. */
static GtTensor *
cat_impl (const char  *func,
          GtTensor   **tensors,
          guint        n,
          gint         dim,
          guint       *wrapped_dim,
          GError     **error)
{
  GtTensor *ref = NULL;
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GPtrArray) slabs = NULL;
  g_autoptr(GPtrArray) srcs = NULL;
  const GtBackend *backend;
  gint64 shape[GT_MAX_DIMS];
  GtDType dtype = tensors[0]->dtype;
  gint64 total = 0, pos = 0;
  guint d;

  for (guint i = 0; i < n; i++)
    {
      if (tensors[i]->ndim == 0)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: zero-dimensional tensor (at position %u) cannot "
                       "be concatenated", func, i);
          return NULL;
        }
      dtype = gt_dtype_promote_types (dtype, tensors[i]->dtype);
      if (ref == NULL && !cat_skips (tensors[i]))
        ref = tensors[i];
    }
  if (ref == NULL)
    {
      /* Only skipped tensors: the result is empty as well. */
      gint64 zero = 0;
      return gt_tensor_new_empty (&zero, 1, dtype, gt_tensor_device (tensors[0]),
                                  error);
    }
  if (!gt_dim_wrap (func, dim, ref->ndim, &d, error))
    return NULL;
  *wrapped_dim = d;

  for (guint i = 0; i < n; i++)
    {
      GtTensor *t = tensors[i];

      if (cat_skips (t))
        continue;
      if (t->ndim != ref->ndim)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: tensors must have same number of dimensions: got "
                       "%u and %u (tensor number %u in the list)", func,
                       ref->ndim, t->ndim, i);
          return NULL;
        }
      for (guint k = 0; k < t->ndim; k++)
        if (k != d && t->sizes[k] != ref->sizes[k])
          {
            g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                         "%s: sizes of tensors must match except in dimension "
                         "%u. Expected size %" G_GINT64_FORMAT " but got size %"
                         G_GINT64_FORMAT " for tensor number %u in the list",
                         func, d, ref->sizes[k], t->sizes[k], i);
            return NULL;
          }
      if (__builtin_add_overflow (total, t->sizes[d], &total))
        total = G_MAXINT64;
    }

  memcpy (shape, ref->sizes, ref->ndim * sizeof (gint64));
  shape[d] = total;
  if (!gt_shape_check (func, shape, ref->ndim, dtype, NULL, error))
    return NULL;
  out = gt_tensor_new_empty (shape, ref->ndim, dtype, gt_tensor_device (ref),
                             error);
  if (out == NULL)
    return NULL;

  /* Each input lands in its slab of the result, converting its dtype on
   * the way; the backend copies all of them in one go where it can. */
  slabs = g_ptr_array_new_full (n, g_object_unref);
  srcs = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      GtTensor *t = tensors[i];

      if (cat_skips (t) || t->sizes[d] == 0)
        continue;
      g_ptr_array_add (slabs, narrow_view (out, d, pos, t->sizes[d]));
      g_ptr_array_add (srcs, t);
      pos += t->sizes[d];
    }
  if (out->numel == 0)
    return g_steal_pointer (&out);
  backend = gt_tensor_backend (out);
  if (backend->copy_many != NULL)
    {
      if (!backend->copy_many ((GtTensor **) slabs->pdata,
                               (GtTensor **) srcs->pdata, slabs->len, error))
        return NULL;
      return g_steal_pointer (&out);
    }
  for (guint i = 0; i < slabs->len; i++)
    if (!backend_copy (g_ptr_array_index (slabs, i),
                       g_ptr_array_index (srcs, i), error))
      return NULL;
  return g_steal_pointer (&out);
}

/**
 * gt_cat:
 * @tensors: (element-type Gt.Tensor): the tensors, all with the same sizes
 *   except along @dim
 * @dim: the dimension to join along; negative counts from the end
 * @error: return location for a #GError
 *
 * Joins @tensors along @dim into a new tensor (torch.cat). The result has
 * the promoted dtype of all inputs. As in torch, 1-D tensors of size 0 are
 * left out whatever their shape.
 *
 * Returns: (transfer full) (nullable): the joined tensor, or %NULL with
 *   %GT_ERROR_VALUE for an empty list, %GT_ERROR_SHAPE for 0-d tensors or
 *   mismatched sizes, %GT_ERROR_INDEX for a dimension out of range,
 *   %GT_ERROR_DEVICE for tensors on different devices
 *
 * Since: 0.1
 */
GtTensor *
gt_cat (GPtrArray  *tensors,
        gint        dim,
        GError    **error)
{
  const char *func = "gt_cat";
  GtTensor **inputs;
  GtTensor *out;
  guint d = 0;

  if (!check_tensor_list (func, tensors, error))
    return NULL;
  inputs = (GtTensor **) tensors->pdata;
  out = cat_impl (func, inputs, tensors->len, dim, &d, error);
  if (out != NULL && gt_autograd_should_record (inputs, tensors->len))
    gt_shape_grad_cat (inputs, tensors->len, out, d);
  return out;
}

/**
 * gt_stack:
 * @tensors: (element-type Gt.Tensor): the tensors, all of the same shape
 * @dim: the position of the new dimension, from -(ndim + 1) to ndim
 * @error: return location for a #GError
 *
 * Joins @tensors along a new dimension @dim (torch.stack). The result has
 * the promoted dtype of all inputs.
 *
 * Returns: (transfer full) (nullable): the stacked tensor, or %NULL with
 *   %GT_ERROR_VALUE for an empty list, %GT_ERROR_SHAPE for tensors of
 *   different shapes, %GT_ERROR_INDEX for a dimension out of range
 *
 * Since: 0.1
 */
GtTensor *
gt_stack (GPtrArray  *tensors,
          gint        dim,
          GError    **error)
{
  const char *func = "gt_stack";
  g_autoptr(GPtrArray) unsqueezed = NULL;
  GtTensor *first, *out;
  gboolean record;
  guint d, cat_dim;

  if (!check_tensor_list (func, tensors, error))
    return NULL;
  first = g_ptr_array_index (tensors, 0);
  for (guint i = 1; i < tensors->len; i++)
    {
      GtTensor *t = g_ptr_array_index (tensors, i);

      if (t->ndim != first->ndim ||
          memcmp (t->sizes, first->sizes, t->ndim * sizeof (gint64)) != 0)
        {
          g_autofree char *a = gt_shape_to_string (first->sizes, first->ndim);
          g_autofree char *b = gt_shape_to_string (t->sizes, t->ndim);
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                       "%s: stack expects each tensor to be equal size, but "
                       "got %s at entry 0 and %s at entry %u", func, a, b, i);
          return NULL;
        }
    }
  if (!gt_dim_wrap (func, dim, first->ndim + 1, &d, error))
    return NULL;
  if (first->ndim + 1 > GT_MAX_DIMS)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: the result would have %u dimensions, at most %d are "
                   "supported", func, first->ndim + 1, GT_MAX_DIMS);
      return NULL;
    }

  record = gt_autograd_should_record ((GtTensor **) tensors->pdata, tensors->len);
  unsqueezed = tensor_array_new (tensors->len);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = record ? gt_no_grad_guard_new () : NULL;

    for (guint i = 0; i < tensors->len; i++)
      g_ptr_array_add (unsqueezed,
                       gt_tensor_unsqueeze (g_ptr_array_index (tensors, i),
                                            (gint) d, NULL));
  }
  out = cat_impl (func, (GtTensor **) unsqueezed->pdata, unsqueezed->len,
                  (gint) d, &cat_dim, error);
  if (out != NULL && record)
    gt_shape_grad_stack ((GtTensor **) tensors->pdata, tensors->len, out, d);
  return out;
}

/* ---- repeat and flip ------------------------------------------------------ */

/*
 * Copies between two layouts of up to 2 * GT_MAX_DIMS dims, more than a
 * tensor can hold: dims of size 1 are dropped and neighbours that are
 * contiguous in both merged; if more than GT_MAX_DIMS remain, the outermost
 * is looped over here.
 */
typedef struct {
  guint  ndim;
  gint64 sizes[2 * GT_MAX_DIMS];
  gint64 dst_strides[2 * GT_MAX_DIMS];
  gint64 src_strides[2 * GT_MAX_DIMS];
} Layout2;

static void
layout2_compact (Layout2 *l)
{
  guint n = 0;

  for (guint d = 0; d < l->ndim; d++)
    {
      if (l->sizes[d] == 1)
        continue;
      if (n > 0 &&
          l->dst_strides[n - 1] == l->dst_strides[d] * l->sizes[d] &&
          l->src_strides[n - 1] == l->src_strides[d] * l->sizes[d])
        {
          l->sizes[n - 1] *= l->sizes[d];
          l->dst_strides[n - 1] = l->dst_strides[d];
          l->src_strides[n - 1] = l->src_strides[d];
          continue;
        }
      l->sizes[n] = l->sizes[d];
      l->dst_strides[n] = l->dst_strides[d];
      l->src_strides[n] = l->src_strides[d];
      n++;
    }
  l->ndim = n;
}

static gboolean
layout2_copy (GtTensor       *dst,
              gint64          dst_offset,
              GtTensor       *src,
              gint64          src_offset,
              const Layout2  *l,
              guint           first,
              GError        **error)
{
  guint n = l->ndim - first;

  if (n <= GT_MAX_DIMS)
    {
      g_autoptr(GtTensor) dv = gt_tensor_new_view (dst, n, l->sizes + first,
                                                   l->dst_strides + first, dst_offset);
      g_autoptr(GtTensor) sv = gt_tensor_new_view (src, n, l->sizes + first,
                                                   l->src_strides + first, src_offset);
      return gt_tensor_backend (dst)->copy (dv, sv, error);
    }
  for (gint64 i = 0; i < l->sizes[first]; i++)
    if (!layout2_copy (dst, dst_offset + i * l->dst_strides[first],
                       src, src_offset + i * l->src_strides[first], l,
                       first + 1, error))
      return FALSE;
  return TRUE;
}

static GtTensor *
repeat_impl (GtTensor      *self,
             const gint64  *repeats,
             gsize          n_repeats,
             GError       **error)
{
  const char *func = "gt_tensor_repeat";
  g_autoptr(GtTensor) out = NULL;
  gint64 shape[GT_MAX_DIMS];
  Layout2 l = { 0 };
  guint lead;

  if (!check_self (func, self, error))
    return NULL;
  if (n_repeats < self->ndim || (repeats == NULL && n_repeats > 0))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
              "%s: number of dimensions of repeat dims (%" G_GSIZE_FORMAT
              ") can not be smaller than number of dimensions of tensor "
              "(%u)", func, n_repeats, self->ndim);
      return NULL;
    }
  if (n_repeats > GT_MAX_DIMS)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
              "%s: %" G_GSIZE_FORMAT " dimensions requested, at most %d "
              "are supported", func, n_repeats, GT_MAX_DIMS);
      return NULL;
    }
  lead = (guint) n_repeats - self->ndim;
  for (guint i = 0; i < n_repeats; i++)
    {
      gint64 s = i < lead ? 1 : self->sizes[i - lead];

      if (repeats[i] < 0)
        {
          g_autofree char *r = gt_shape_to_string (repeats, n_repeats);
          g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                  "%s: repeats must be non-negative, got %s", func, r);
          return NULL;
        }
      if (__builtin_mul_overflow (s, repeats[i], &shape[i]))
        shape[i] = G_MAXINT64;
    }
  if (!gt_shape_check (func, shape, n_repeats, self->dtype, NULL, error))
    return NULL;
  out = gt_tensor_new_empty (shape, (guint) n_repeats, self->dtype,
                        gt_tensor_device (self), error);
  if (out == NULL || out->numel == 0)
    return g_steal_pointer (&out);

  /* The result seen as [r0, s0, r1, s1, ...]: the source is the same for
   * every r, so its r dims have stride 0. One strided copy fills it all. */
  l.ndim = 2 * (guint) n_repeats;
  for (guint i = 0; i < n_repeats; i++)
    {
      gint64 s = i < lead ? 1 : self->sizes[i - lead];

      l.sizes[2 * i] = repeats[i];
      l.sizes[2 * i + 1] = s;
      l.dst_strides[2 * i] = s * out->strides[i];
      l.dst_strides[2 * i + 1] = out->strides[i];
      l.src_strides[2 * i] = 0;
      l.src_strides[2 * i + 1] = i < lead ? 0 : self->strides[i - lead];
    }
  layout2_compact (&l);
  if (!layout2_copy (out, out->offset, self, self->offset, &l, 0, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * gt_tensor_repeat:
 * @self: a #GtTensor
 * @repeats: (array length=n_repeats) (nullable): how many times to repeat
 *   along each dimension; extra leading entries add dimensions
 * @n_repeats: the number of entries, at least @self's number of dimensions
 * @error: return location for a #GError
 *
 * A new tensor made of copies of @self tiled @repeats times along each
 * dimension (torch's `repeat`, NumPy's `tile`).
 *
 * Returns: (transfer full) (nullable): the new tensor, or %NULL with
 *   %GT_ERROR_SHAPE for fewer entries than dimensions, a negative entry or
 *   a result too large
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_repeat (GtTensor      *self,
                  const gint64  *repeats,
                  gsize          n_repeats,
                  GError       **error)
{
  GtTensor *out = repeat_impl (self, repeats, n_repeats, error);

  if (out != NULL && gt_autograd_should_record (&self, 1))
    gt_shape_grad_repeat (self, out, repeats, (guint) n_repeats);
  return out;
}

/* @flip receives, for each dim, whether it is reversed. */
static GtTensor *
flip_impl (GtTensor    *self,
           const gint  *dims,
           gsize        n_dims,
           gboolean    *flip,
           GError     **error)
{
  const char *func = "gt_tensor_flip";
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) reversed = NULL;
  gint64 strides[GT_MAX_DIMS];
  gint64 offset;

  if (!check_self (func, self, error))
    return NULL;
  if (dims == NULL)
    n_dims = 0;
  for (gsize i = 0; i < n_dims; i++)
    {
      guint d;

      if (!gt_dim_wrap (func, dims[i], self->ndim, &d, error))
        return NULL;
      if (flip[d])
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                  "%s: dim %u appears multiple times in the list of dims",
                  func, d);
          return NULL;
        }
      flip[d] = TRUE;
    }

  out = gt_tensor_new_empty (self->sizes, self->ndim, self->dtype,
                        gt_tensor_device (self), error);
  if (out == NULL || out->numel == 0)
    return g_steal_pointer (&out);

  /* A negative-stride view starting at the last entry reads @self in
   * reverse; it never leaves this function. */
  offset = self->offset;
  for (guint d = 0; d < self->ndim; d++)
    {
      strides[d] = flip[d] ? -self->strides[d] : self->strides[d];
      if (flip[d])
        offset += (self->sizes[d] - 1) * self->strides[d];
    }
  reversed = gt_tensor_new_view (self, self->ndim, self->sizes, strides, offset);
  if (!backend_copy (out, reversed, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * gt_tensor_flip:
 * @self: a #GtTensor
 * @dims: (array length=n_dims) (nullable): the dimensions to reverse;
 *   negative counts from the end
 * @n_dims: the number of dimensions in @dims
 * @error: return location for a #GError
 *
 * A copy of @self with the order of entries reversed along @dims (torch's
 * `flip`; like torch it copies rather than returning a view).
 *
 * Returns: (transfer full) (nullable): the new tensor, or %NULL with
 *   %GT_ERROR_INDEX for a dimension out of range, %GT_ERROR_VALUE for a
 *   dimension given twice
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_flip (GtTensor    *self,
                const gint  *dims,
                gsize        n_dims,
                GError     **error)
{
  gboolean flip[GT_MAX_DIMS] = { FALSE };
  GtTensor *out = flip_impl (self, dims, n_dims, flip, error);

  if (out != NULL && gt_autograd_should_record (&self, 1))
    gt_shape_grad_flip (self, out, flip);
  return out;
}
