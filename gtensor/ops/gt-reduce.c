#include "config.h"

#include <math.h>

#include "gt-error.h"
#include "gt-reduce.h"
#include "gt-reduce-private.h"
#include "gt-op-private.h"
#include "gt-autograd-private.h"

/*
 * Reductions and scans: the checks and dtype rules of torch 1.13, then one
 * backend call. The input goes to the backend as a view with the reduced
 * dims moved last, so a kernel only ever reduces trailing dims; reductions
 * over zero elements never reach it (their result is a fill).
 */

const char *const gt_reduce_op_names[] = {
  [GT_REDUCE_SUM] = "sum",
  [GT_REDUCE_PROD] = "prod",
  [GT_REDUCE_MEAN] = "mean",
  [GT_REDUCE_VAR] = "var",
  [GT_REDUCE_STD] = "std",
  [GT_REDUCE_AMAX] = "amax",
  [GT_REDUCE_AMIN] = "amin",
  [GT_REDUCE_ALL] = "all",
  [GT_REDUCE_ANY] = "any",
  [GT_REDUCE_LOGSUMEXP] = "logsumexp",
  [GT_REDUCE_NORM] = "norm",
  [GT_REDUCE_MAX] = "max",
  [GT_REDUCE_MIN] = "min",
  [GT_REDUCE_ARGMAX] = "argmax",
  [GT_REDUCE_ARGMIN] = "argmin",
};
G_STATIC_ASSERT (G_N_ELEMENTS (gt_reduce_op_names) == GT_REDUCE_N_OPS);

/* ---- checks ------------------------------------------------------------- */

/* The reduced dims as a bit mask: every dim when @n_dims is 0, else the
 * wrapped dims of the list, each at most once. */
static gboolean
dims_mask (const char  *func,
           GtTensor    *self,
           const gint  *dims,
           gsize        n_dims,
           guint       *mask,
           GError     **error)
{
  *mask = 0;
  if (dims == NULL || n_dims == 0)
    {
      *mask = (1u << self->ndim) - 1;
      return TRUE;
    }
  for (gsize i = 0; i < n_dims; i++)
    {
      guint d;

      if (!gt_dim_wrap (func, dims[i], self->ndim, &d, error))
        return FALSE;
      if (*mask & (1u << d))
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: dim %u appears multiple times in the list of "
                       "dims", func, d);
          return FALSE;
        }
      *mask |= 1u << d;
    }
  return TRUE;
}

static gboolean
refuse_dtype (const char  *func,
              const char  *why,
              GtDType      dtype,
              GError     **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_DTYPE, "%s: %s, got %s", func, why,
               gt_dtype_get_name (dtype));
  return FALSE;
}

/* torch's result dtype of each reduction, or GT_ERROR_DTYPE where torch
 * refuses the input dtype on the CPU. */
static gboolean
result_dtype (const char  *func,
              GtReduceOp   op,
              GtDType      in,
              GtDType     *out,
              GError     **error)
{
  gboolean is_float = gt_dtype_is_floating_point (in);
  gboolean is_half = in == GT_DTYPE_FLOAT16 || in == GT_DTYPE_BFLOAT16;

  switch (op)
    {
    case GT_REDUCE_PROD:
      if (is_half)
        return refuse_dtype (func, "prod is not implemented on the CPU for "
                             "float16 and bfloat16", in, error);
      G_GNUC_FALLTHROUGH;
    case GT_REDUCE_SUM:
      *out = is_float ? in : GT_DTYPE_INT64;
      return TRUE;
    case GT_REDUCE_MEAN:
      if (!is_float)
        return refuse_dtype (func, "could not infer output dtype: the input "
                             "dtype must be a floating point dtype", in, error);
      break;
    case GT_REDUCE_VAR:
    case GT_REDUCE_STD:
      if (!is_float)
        return refuse_dtype (func, "std and var only support floating point "
                             "dtypes", in, error);
      break;
    case GT_REDUCE_NORM:
      if (!is_float)
        return refuse_dtype (func, "input dtype should be floating point",
                             in, error);
      break;
    case GT_REDUCE_LOGSUMEXP:
      if (in == GT_DTYPE_FLOAT16)
        return refuse_dtype (func, "logsumexp is not implemented on the CPU "
                             "for float16", in, error);
      /* Integers and bools are computed in the default float dtype. */
      *out = is_float ? in : GT_DTYPE_FLOAT32;
      return TRUE;
    case GT_REDUCE_ALL:
    case GT_REDUCE_ANY:
      /* torch keeps uint8 for all/any of uint8 (a legacy rule). */
      *out = in == GT_DTYPE_UINT8 ? GT_DTYPE_UINT8 : GT_DTYPE_BOOL;
      return TRUE;
    case GT_REDUCE_ARGMAX:
    case GT_REDUCE_ARGMIN:
      if (in == GT_DTYPE_BOOL)
        return refuse_dtype (func, "argmax and argmin are not implemented "
                             "for bool", in, error);
      *out = GT_DTYPE_INT64;
      return TRUE;
    case GT_REDUCE_AMAX:
    case GT_REDUCE_AMIN:
    case GT_REDUCE_MAX:
    case GT_REDUCE_MIN:
    default:
      break;
    }
  *out = in;
  return TRUE;
}

/* Reductions without an identity (the extremes) refuse to reduce zero
 * elements, with torch's IndexError (a reduced dim of size 0) or, when no
 * dim was named, its RuntimeError (or IndexError for argmax/argmin). */
static gboolean
check_nonempty (const char  *func,
                GtReduceOp   op,
                GtTensor    *self,
                guint        mask,
                gboolean     dims_given,
                GError     **error)
{
  const char *name = gt_reduce_op_names[op];

  if (self->numel != 0)
    return TRUE;
  if (!dims_given)
    {
      gboolean is_arg = op == GT_REDUCE_ARGMAX || op == GT_REDUCE_ARGMIN;

      g_set_error (error, GT_ERROR, is_arg ? GT_ERROR_INDEX : GT_ERROR_VALUE,
                   "%s: %s(): expected reduction dim to be specified for "
                   "input.numel() == 0", func, name);
      return FALSE;
    }
  for (guint d = 0; d < self->ndim; d++)
    if ((mask & (1u << d)) && self->sizes[d] == 0)
      {
        g_autofree char *s = gt_shape_to_string (self->sizes, self->ndim);

        g_set_error (error, GT_ERROR, GT_ERROR_INDEX,
                     "%s: %s(): expected reduction dim %u to have non-zero "
                     "size (input shape %s)", func, name, d, s);
        return FALSE;
      }
  return TRUE;
}

/* ---- the reduction ------------------------------------------------------- */

/* The result of reducing zero elements. */
static gdouble
empty_value (GtReduceOp op)
{
  switch (op)
    {
    case GT_REDUCE_PROD:
    case GT_REDUCE_ALL:
      return 1.0;
    case GT_REDUCE_MEAN:
    case GT_REDUCE_VAR:
    case GT_REDUCE_STD:
      return NAN;
    case GT_REDUCE_LOGSUMEXP:
      return -INFINITY;
    default:
      return 0.0;
    }
}

/* Reduces the dims of @mask with @op into a new tensor of @dtype (and, with
 * @indices, a new int64 tensor of the positions). */
static GtTensor *
reduce (const char  *func,
        GtReduceOp   op,
        GtTensor    *self,
        guint        mask,
        gboolean     keepdim,
        GtDType      dtype,
        gdouble      param,
        GtTensor   **indices,
        GError     **error)
{
  const GtBackend *backend = gt_tensor_backend (self);
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) idx = NULL;
  g_autoptr(GtTensor) in = NULL;
  gint64 out_shape[GT_MAX_DIMS], sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  guint out_nd = 0, nk = 0, nr = 0;
  gint64 n_red = 1;

  /* Result shape, and a permutation putting the reduced dims last. */
  for (guint d = 0; d < self->ndim; d++)
    if (mask & (1u << d))
      {
        n_red *= self->sizes[d];
        if (keepdim)
          out_shape[out_nd++] = 1;
      }
    else
      {
        out_shape[out_nd++] = self->sizes[d];
        sizes[nk] = self->sizes[d];
        strides[nk++] = self->strides[d];
      }
  for (guint d = 0; d < self->ndim; d++)
    if (mask & (1u << d))
      {
        sizes[nk + nr] = self->sizes[d];
        strides[nk + nr++] = self->strides[d];
      }

  out = gt_tensor_new_empty (out_shape, out_nd, dtype,
                             gt_tensor_device (self), error);
  if (out == NULL)
    return NULL;
  if (indices != NULL)
    {
      idx = gt_tensor_new_empty (out_shape, out_nd, GT_DTYPE_INT64,
                                 gt_tensor_device (self), error);
      if (idx == NULL)
        return NULL;
    }

  if (out->numel > 0 && n_red == 0)
    {
      if (!backend->fill (out, empty_value (op), error))
        return NULL;
    }
  else if (out->numel > 0)
    {
      if (backend->reduce == NULL)
        {
          gt_backend_not_supported (func, backend, error);
          return NULL;
        }
      /* Reduced dims already last (the common case): @self as it is. */
      if (mask == ((1u << self->ndim) - 1) - ((1u << nk) - 1))
        in = g_object_ref (self);
      else
        in = gt_tensor_new_view (self, nk + nr, sizes, strides, self->offset);
      if (!backend->reduce (op, out, idx, in, nr, param, error))
        return NULL;
    }

  if (indices != NULL)
    *indices = g_steal_pointer (&idx);
  return g_steal_pointer (&out);
}

/* The checks and the reduction of the list-of-dims ops. */
static GtTensor *
reduce_dims (const char  *func,
             GtReduceOp   op,
             GtTensor    *self,
             const gint  *dims,
             gsize        n_dims,
             gboolean     keepdim,
             gdouble      param,
             GError     **error)
{
  g_autoptr(GtTensor) converted = NULL;
  GtDType dtype;
  guint mask;

  if (!gt_op_check_tensor (func, "self", self, error) ||
      !result_dtype (func, op, self->dtype, &dtype, error) ||
      !dims_mask (func, self, dims, n_dims, &mask, error))
    return NULL;
  if ((op == GT_REDUCE_AMAX || op == GT_REDUCE_AMIN) &&
      !check_nonempty (func, op, self, mask, dims != NULL && n_dims > 0, error))
    return NULL;
  /* logsumexp of integers: torch computes it on a float copy. */
  if (dtype != self->dtype && op == GT_REDUCE_LOGSUMEXP)
    {
      converted = gt_tensor_to_dtype (self, dtype, error);
      if (converted == NULL)
        return NULL;
    }
  {
    GtTensor *input = converted != NULL ? converted : self;
    GtTensor *out = reduce (func, op, input, mask, keepdim, dtype, param,
                            NULL, error);

    /* Autograd: the result computed, a node becomes its history. */
    if (out != NULL && gt_autograd_should_record (&input, 1))
      gt_reduce_record (op, input, mask, keepdim, param,
                        dims != NULL && n_dims > 0, out, NULL);
    return out;
  }
}

/* The list-of-dims reductions without a parameter are one call each,
 * naming the public function in their errors. */
#define DEFINE_REDUCE_DIMS(name, op)                                        \
  GtTensor *                                                                \
  gt_tensor_##name (GtTensor    *self,                                      \
                    const gint  *dims,                                      \
                    gsize        n_dims,                                    \
                    gboolean     keepdim,                                   \
                    GError     **error)                                     \
  {                                                                         \
    g_return_val_if_fail (self != NULL, NULL);                              \
    return reduce_dims ("gt_tensor_" #name, op, self, dims, n_dims,         \
                        keepdim, 0.0, error);                               \
  }

/**
 * gt_tensor_sum:
 * @self: a tensor
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * The sum of the elements over @dims (torch.sum). Integers and bools sum
 * into an int64 result (wrapping on overflow), floating-point tensors keep
 * their dtype and are summed in double precision, pairwise over long
 * runs. The sum of no elements is 0.
 *
 * Returns: (transfer full) (nullable): the sums, or %NULL with
 *   %GT_ERROR_INDEX for a dim out of range or %GT_ERROR_VALUE for a dim
 *   given twice
 *
 * Since: 0.1
 */
DEFINE_REDUCE_DIMS (sum, GT_REDUCE_SUM)

/**
 * gt_tensor_mean:
 * @self: a floating-point tensor
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * The arithmetic mean over @dims (torch.mean), in @self's dtype; NaN for
 * no elements.
 *
 * Returns: (transfer full) (nullable): the means, or %NULL with
 *   %GT_ERROR_DTYPE for an integer or bool tensor, %GT_ERROR_INDEX or
 *   %GT_ERROR_VALUE for bad dims
 *
 * Since: 0.1
 */
DEFINE_REDUCE_DIMS (mean, GT_REDUCE_MEAN)

/**
 * gt_tensor_prod:
 * @self: a tensor
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * The product of the elements over @dims (torch.prod; torch itself takes
 * at most one dim). Integers and bools multiply into int64 (wrapping);
 * the product of no elements is 1.
 *
 * Returns: (transfer full) (nullable): the products, or %NULL with
 *   %GT_ERROR_DTYPE for float16 or bfloat16 (as torch's CPU),
 *   %GT_ERROR_INDEX or %GT_ERROR_VALUE for bad dims
 *
 * Since: 0.1
 */
DEFINE_REDUCE_DIMS (prod, GT_REDUCE_PROD)

/**
 * gt_tensor_var:
 * @self: a floating-point tensor
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @correction: subtracted from the number of elements in the divisor:
 *   1 (torch's default, unbiased=True) or 0 (unbiased=False)
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * The variance over @dims (torch.var): the sum of squared deviations from
 * the mean divided by max (0, n - @correction), computed in two passes in
 * double precision. Dividing by zero gives inf (or NaN when every
 * deviation is 0), as in torch.
 *
 * Returns: (transfer full) (nullable): the variances, or %NULL with
 *   %GT_ERROR_DTYPE for an integer or bool tensor, %GT_ERROR_INDEX or
 *   %GT_ERROR_VALUE for bad dims
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_var (GtTensor    *self,
               const gint  *dims,
               gsize        n_dims,
               gdouble      correction,
               gboolean     keepdim,
               GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_dims ("gt_tensor_var", GT_REDUCE_VAR, self, dims, n_dims,
                      keepdim, correction, error);
}

/**
 * gt_tensor_std:
 * @self: a floating-point tensor
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @correction: subtracted from the number of elements in the divisor:
 *   1 (torch's default, unbiased=True) or 0 (unbiased=False)
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * The standard deviation over @dims (torch.std): the square root of
 * [method@Gt.Tensor.var].
 *
 * Returns: (transfer full) (nullable): the standard deviations, or %NULL
 *   with %GT_ERROR_DTYPE for an integer or bool tensor, %GT_ERROR_INDEX or
 *   %GT_ERROR_VALUE for bad dims
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_std (GtTensor    *self,
               const gint  *dims,
               gsize        n_dims,
               gdouble      correction,
               gboolean     keepdim,
               GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_dims ("gt_tensor_std", GT_REDUCE_STD, self, dims, n_dims,
                      keepdim, correction, error);
}

/**
 * gt_tensor_amax:
 * @self: a tensor
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * The maximum over @dims (torch.amax), in @self's dtype. NaN propagates:
 * a slice holding NaN has maximum NaN.
 *
 * Returns: (transfer full) (nullable): the maxima, or %NULL with
 *   %GT_ERROR_INDEX when a reduced dim has size 0 (or %GT_ERROR_VALUE
 *   when no dim is named and @self is empty), %GT_ERROR_INDEX or
 *   %GT_ERROR_VALUE for bad dims
 *
 * Since: 0.1
 */
DEFINE_REDUCE_DIMS (amax, GT_REDUCE_AMAX)

/**
 * gt_tensor_amin:
 * @self: a tensor
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * The minimum over @dims (torch.amin), in @self's dtype; NaN propagates.
 *
 * Returns: (transfer full) (nullable): the minima, or %NULL with
 *   %GT_ERROR_INDEX when a reduced dim has size 0 (or %GT_ERROR_VALUE
 *   when no dim is named and @self is empty), %GT_ERROR_INDEX or
 *   %GT_ERROR_VALUE for bad dims
 *
 * Since: 0.1
 */
DEFINE_REDUCE_DIMS (amin, GT_REDUCE_AMIN)

/**
 * gt_tensor_all:
 * @self: a tensor
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * Whether every element over @dims is non-zero (torch.all; NaN counts as
 * non-zero). The result is bool, or uint8 for a uint8 tensor as in torch;
 * TRUE for no elements.
 *
 * Returns: (transfer full) (nullable): the results, or %NULL with
 *   %GT_ERROR_INDEX or %GT_ERROR_VALUE for bad dims
 *
 * Since: 0.1
 */
DEFINE_REDUCE_DIMS (all, GT_REDUCE_ALL)

/**
 * gt_tensor_any:
 * @self: a tensor
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * Whether any element over @dims is non-zero (torch.any). The result is
 * bool, or uint8 for a uint8 tensor as in torch; FALSE for no elements.
 *
 * Returns: (transfer full) (nullable): the results, or %NULL with
 *   %GT_ERROR_INDEX or %GT_ERROR_VALUE for bad dims
 *
 * Since: 0.1
 */
DEFINE_REDUCE_DIMS (any, GT_REDUCE_ANY)

/**
 * gt_tensor_logsumexp:
 * @self: a tensor
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * log (sum (exp (x))) over @dims (torch.logsumexp), computed stably as
 * m + log (sum (exp (x - m))) with m the maximum. Integer and bool tensors
 * give float32, as in torch; no elements give -inf.
 *
 * Returns: (transfer full) (nullable): the results, or %NULL with
 *   %GT_ERROR_DTYPE for float16 (as torch's CPU), %GT_ERROR_INDEX or
 *   %GT_ERROR_VALUE for bad dims
 *
 * Since: 0.1
 */
DEFINE_REDUCE_DIMS (logsumexp, GT_REDUCE_LOGSUMEXP)

/**
 * gt_tensor_norm:
 * @self: a floating-point tensor
 * @p: the order: 2 (Euclidean), 1, `INFINITY` (largest magnitude),
 *   `-INFINITY` (smallest), 0 (number of non-zeros) or any other value
 *   for (sum |x|^p)^(1/p)
 * @dims: (array length=n_dims) (nullable): the dims to reduce; negative
 *   dims count from the end
 * @n_dims: the number of dims; 0 reduces every dim
 * @keepdim: whether reduced dims stay in the result with size 1
 * @error: return location for a #GError
 *
 * The vector p-norm over @dims (torch.norm with a number p), accumulated
 * in double precision; 0 for no elements.
 *
 * Returns: (transfer full) (nullable): the norms, or %NULL with
 *   %GT_ERROR_DTYPE for an integer or bool tensor, %GT_ERROR_INDEX or
 *   %GT_ERROR_VALUE for bad dims
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_norm (GtTensor    *self,
                gdouble      p,
                const gint  *dims,
                gsize        n_dims,
                gboolean     keepdim,
                GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_dims ("gt_tensor_norm", GT_REDUCE_NORM, self, dims, n_dims,
                      keepdim, p, error);
}

/* ---- extremes ------------------------------------------------------------ */

/* max/min/argmax/argmin of the whole tensor (@dim NULL) or along one dim. */
static GtTensor *
reduce_extreme (const char  *func,
                GtReduceOp   op,
                GtTensor    *self,
                const gint  *dim,
                gboolean     keepdim,
                GtTensor   **indices,
                GError     **error)
{
  GtDType dtype;
  guint mask;

  if (!gt_op_check_tensor (func, "self", self, error) ||
      !result_dtype (func, op, self->dtype, &dtype, error) ||
      !dims_mask (func, self, dim, dim != NULL ? 1 : 0, &mask, error) ||
      !check_nonempty (func, op, self, mask, dim != NULL, error))
    return NULL;
  if (gt_autograd_should_record (&self, 1) &&
      (op == GT_REDUCE_MAX || op == GT_REDUCE_MIN))
    {
      /* Autograd: max_dim's gradient goes to its positions; those of the
       * whole tensor are not needed (the gradient is shared among ties). */
      g_autoptr(GtTensor) idx = NULL;
      GtReduceOp values_op = op == GT_REDUCE_MAX ? GT_REDUCE_AMAX
                                                 : GT_REDUCE_AMIN;
      GtTensor *out = reduce (func, dim != NULL ? op : values_op, self, mask,
                              keepdim, dtype, 0.0,
                              dim != NULL ? &idx : NULL, error);

      if (out == NULL)
        return NULL;
      gt_reduce_record (op, self, mask, keepdim, 0.0, dim != NULL, out, idx);
      if (indices != NULL)
        *indices = g_steal_pointer (&idx);
      return out;
    }
  /* Values alone need no positions. */
  if (indices == NULL && op == GT_REDUCE_MAX)
    op = GT_REDUCE_AMAX;
  else if (indices == NULL && op == GT_REDUCE_MIN)
    op = GT_REDUCE_AMIN;
  return reduce (func, op, self, mask, keepdim, dtype, 0.0, indices, error);
}

/**
 * gt_tensor_max:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The largest element, as a 0-d tensor of @self's dtype (torch.max with
 * no dim). NaN propagates.
 *
 * Returns: (transfer full) (nullable): the maximum, or %NULL with
 *   %GT_ERROR_VALUE for an empty tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_max (GtTensor  *self,
               GError   **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_extreme ("gt_tensor_max", GT_REDUCE_MAX, self, NULL, FALSE,
                         NULL, error);
}

/**
 * gt_tensor_min:
 * @self: a tensor
 * @error: return location for a #GError
 *
 * The smallest element, as a 0-d tensor of @self's dtype (torch.min with
 * no dim). NaN propagates.
 *
 * Returns: (transfer full) (nullable): the minimum, or %NULL with
 *   %GT_ERROR_VALUE for an empty tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_min (GtTensor  *self,
               GError   **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_extreme ("gt_tensor_min", GT_REDUCE_MIN, self, NULL, FALSE,
                         NULL, error);
}

/**
 * gt_tensor_max_dim:
 * @self: a tensor
 * @dim: the dim to reduce; negative dims count from the end
 * @keepdim: whether @dim stays in the results with size 1
 * @indices: (out) (transfer full) (optional): return location for the
 *   int64 positions of the maxima along @dim
 * @error: return location for a #GError
 *
 * The maxima along @dim and where they are (torch.max with a dim). A NaN
 * is the maximum of its slice; among equal maxima the first position is
 * returned.
 *
 * Returns: (transfer full) (nullable): the maxima, in @self's dtype, or
 *   %NULL with %GT_ERROR_INDEX for a dim out of range or of size 0
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_max_dim (GtTensor   *self,
                   gint        dim,
                   gboolean    keepdim,
                   GtTensor  **indices,
                   GError    **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_extreme ("gt_tensor_max_dim", GT_REDUCE_MAX, self, &dim,
                         keepdim, indices, error);
}

/**
 * gt_tensor_min_dim:
 * @self: a tensor
 * @dim: the dim to reduce; negative dims count from the end
 * @keepdim: whether @dim stays in the results with size 1
 * @indices: (out) (transfer full) (optional): return location for the
 *   int64 positions of the minima along @dim
 * @error: return location for a #GError
 *
 * The minima along @dim and where they are (torch.min with a dim). A NaN
 * is the minimum of its slice; among equal minima the first position is
 * returned.
 *
 * Returns: (transfer full) (nullable): the minima, in @self's dtype, or
 *   %NULL with %GT_ERROR_INDEX for a dim out of range or of size 0
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_min_dim (GtTensor   *self,
                   gint        dim,
                   gboolean    keepdim,
                   GtTensor  **indices,
                   GError    **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_extreme ("gt_tensor_min_dim", GT_REDUCE_MIN, self, &dim,
                         keepdim, indices, error);
}

/**
 * gt_tensor_argmax:
 * @self: a tensor
 * @keepdim: whether the result keeps @self's dims, all of size 1
 * @error: return location for a #GError
 *
 * The position of the largest element in @self flattened in row-major
 * order (torch.argmax with no dim), as an int64 tensor; the first NaN or
 * the first of equal maxima.
 *
 * Returns: (transfer full) (nullable): the position, or %NULL with
 *   %GT_ERROR_INDEX for an empty tensor, %GT_ERROR_DTYPE for bool
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_argmax (GtTensor  *self,
                  gboolean   keepdim,
                  GError   **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_extreme ("gt_tensor_argmax", GT_REDUCE_ARGMAX, self, NULL,
                         keepdim, NULL, error);
}

/**
 * gt_tensor_argmin:
 * @self: a tensor
 * @keepdim: whether the result keeps @self's dims, all of size 1
 * @error: return location for a #GError
 *
 * The position of the smallest element in @self flattened in row-major
 * order (torch.argmin with no dim), as an int64 tensor; the first NaN or
 * the first of equal minima.
 *
 * Returns: (transfer full) (nullable): the position, or %NULL with
 *   %GT_ERROR_INDEX for an empty tensor, %GT_ERROR_DTYPE for bool
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_argmin (GtTensor  *self,
                  gboolean   keepdim,
                  GError   **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_extreme ("gt_tensor_argmin", GT_REDUCE_ARGMIN, self, NULL,
                         keepdim, NULL, error);
}

/**
 * gt_tensor_argmax_dim:
 * @self: a tensor
 * @dim: the dim to reduce; negative dims count from the end
 * @keepdim: whether @dim stays in the result with size 1
 * @error: return location for a #GError
 *
 * The positions of the maxima along @dim (torch.argmax with a dim), as an
 * int64 tensor: the same as the indices of [method@Gt.Tensor.max_dim].
 *
 * Returns: (transfer full) (nullable): the positions, or %NULL with
 *   %GT_ERROR_INDEX for a dim out of range or of size 0, %GT_ERROR_DTYPE
 *   for bool
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_argmax_dim (GtTensor  *self,
                      gint       dim,
                      gboolean   keepdim,
                      GError   **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_extreme ("gt_tensor_argmax_dim", GT_REDUCE_ARGMAX, self, &dim,
                         keepdim, NULL, error);
}

/**
 * gt_tensor_argmin_dim:
 * @self: a tensor
 * @dim: the dim to reduce; negative dims count from the end
 * @keepdim: whether @dim stays in the result with size 1
 * @error: return location for a #GError
 *
 * The positions of the minima along @dim (torch.argmin with a dim), as an
 * int64 tensor: the same as the indices of [method@Gt.Tensor.min_dim].
 *
 * Returns: (transfer full) (nullable): the positions, or %NULL with
 *   %GT_ERROR_INDEX for a dim out of range or of size 0, %GT_ERROR_DTYPE
 *   for bool
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_argmin_dim (GtTensor  *self,
                      gint       dim,
                      gboolean   keepdim,
                      GError   **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reduce_extreme ("gt_tensor_argmin_dim", GT_REDUCE_ARGMIN, self, &dim,
                         keepdim, NULL, error);
}

/* ---- scans --------------------------------------------------------------- */

GtTensor *
gt_tensor_dim_last_view (GtTensor *t,
                         guint     dim)
{
  gint64 sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  guint n = 0;

  if (t->ndim == 0)
    {
      sizes[0] = 1;
      strides[0] = 1;
      return gt_tensor_new_view (t, 1, sizes, strides, t->offset);
    }
  /* Already last: no new object. */
  if (dim == t->ndim - 1)
    return g_object_ref (t);
  for (guint d = 0; d < t->ndim; d++)
    if (d != dim)
      {
        sizes[n] = t->sizes[d];
        strides[n++] = t->strides[d];
      }
  sizes[n] = t->sizes[dim];
  strides[n] = t->strides[dim];
  return gt_tensor_new_view (t, t->ndim, sizes, strides, t->offset);
}

/**
 * gt_tensor_cumsum:
 * @self: a tensor
 * @dim: the dim to accumulate along; negative dims count from the end
 * @error: return location for a #GError
 *
 * The running sums along @dim (torch.cumsum): element i is the sum of
 * elements 0..i. Integers and bools accumulate into int64; floating-point
 * tensors keep their dtype and accumulate in double precision.
 *
 * Returns: (transfer full) (nullable): a tensor of @self's shape, or %NULL
 *   with %GT_ERROR_INDEX for a dim out of range, %GT_ERROR_DTYPE for
 *   float16 (as torch's CPU)
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_cumsum (GtTensor  *self,
                  gint       dim,
                  GError   **error)
{
  const char *func = "gt_tensor_cumsum";
  const GtBackend *backend;
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) in_view = NULL;
  g_autoptr(GtTensor) out_view = NULL;
  GtDType dtype;
  guint d;

  g_return_val_if_fail (self != NULL, NULL);
  if (!gt_op_check_tensor (func, "self", self, error) ||
      !gt_dim_wrap (func, dim, self->ndim, &d, error))
    return NULL;
  if (self->dtype == GT_DTYPE_FLOAT16)
    {
      refuse_dtype (func, "cumsum is not implemented on the CPU for float16",
                    self->dtype, error);
      return NULL;
    }
  dtype = gt_dtype_is_floating_point (self->dtype) ? self->dtype
                                                   : GT_DTYPE_INT64;
  out = gt_tensor_new_empty (self->sizes, self->ndim, dtype,
                             gt_tensor_device (self), error);
  if (out == NULL || out->numel == 0)
    return g_steal_pointer (&out);

  backend = gt_tensor_backend (self);
  if (backend->scan == NULL)
    {
      gt_backend_not_supported (func, backend, error);
      return NULL;
    }
  in_view = gt_tensor_dim_last_view (self, d);
  out_view = gt_tensor_dim_last_view (out, d);
  if (!backend->scan (GT_SCAN_CUMSUM, out_view, in_view, error))
    return NULL;
  if (gt_autograd_should_record (&self, 1))
    gt_reduce_record_cumsum (self, d, out);
  return g_steal_pointer (&out);
}
