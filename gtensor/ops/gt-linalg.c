#include "config.h"

#include <math.h>
#include <string.h>

#include "gt-error.h"
#include "gt-linalg.h"
#include "gt-op-private.h"
#include "gt-linalg-private.h"
#include "gt-autograd-private.h"
#include "gt-grad-mode.h"
#include "gt-pointwise.h"
#include "gt-shape.h"

/*
 * Matrix products with torch's rules. Every op reduces to one call of the
 * backend's gemm entry on views: a vector becomes a 1 x K or K x 1 matrix
 * through a view (no copy), batch dimensions broadcast through zero
 * strides, and the result is allocated in its final shape, the kernel
 * writing through a view of it with the vector dimensions put back.
 */

/* The geometry of an operand as the kernel will see it. */
typedef struct {
  guint  ndim;
  gint64 sizes[GT_MAX_DIMS];
  gint64 strides[GT_MAX_DIMS];
} Geom;

static void
geom_of (GtTensor *t,
         Geom     *g)
{
  g->ndim = t->ndim;
  memcpy (g->sizes, t->sizes, t->ndim * sizeof (gint64));
  memcpy (g->strides, t->strides, t->ndim * sizeof (gint64));
}

/* A vector [K] as the matrix [1, K]. */
static void
geom_row (GtTensor *t,
          Geom     *g)
{
  g->ndim = 2;
  g->sizes[0] = 1;
  g->sizes[1] = t->sizes[0];
  g->strides[0] = t->sizes[0] * t->strides[0];
  g->strides[1] = t->strides[0];
}

/* A vector [K] as the matrix [K, 1]. */
static void
geom_col (GtTensor *t,
          Geom     *g)
{
  g->ndim = 2;
  g->sizes[0] = t->sizes[0];
  g->sizes[1] = 1;
  g->strides[0] = t->strides[0];
  g->strides[1] = 1;
}

static gboolean
check_operands (const char   *func,
                GtTensor    **tensors,
                const char  **names,
                guint         n,
                GError      **error)
{
  for (guint i = 0; i < n; i++)
    if (!gt_op_check_tensor (func, names[i], tensors[i], error))
      return FALSE;
  return gt_op_check_devices (func, tensors, n, error);
}

/* torch multiplies matrices of one dtype only ("expected scalar type Float
 * but found Double") and has no bool kernel. */
static gboolean
check_dtypes (const char  *func,
              GtTensor    *a,
              GtTensor    *b,
              GError     **error)
{
  if (a->dtype != b->dtype)
    {
      g_autofree char *as = gt_tensor_describe (a);
      g_autofree char *bs = gt_tensor_describe (b);

      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected both operands to have the same dtype, but "
                   "got %s and %s", func, as, bs);
      return FALSE;
    }
  if (a->dtype == GT_DTYPE_BOOL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: matrix products are not implemented for bool", func);
      return FALSE;
    }
  return TRUE;
}

static gboolean
dims_error (const char  *func,
            const char  *expected,
            GtTensor    *a,
            GtTensor    *b,
            GError     **error)
{
  g_autofree char *as = gt_shape_to_string (a->sizes, a->ndim);
  g_autofree char *bs = gt_shape_to_string (b->sizes, b->ndim);

  g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
               "%s: expected %s, but got shapes %s and %s", func, expected,
               as, bs);
  return FALSE;
}

static gboolean
mismatch_error (const char  *func,
                GtTensor    *a,
                GtTensor    *b,
                const Geom  *ga,
                const Geom  *gb,
                GError     **error)
{
  g_autofree char *as = gt_shape_to_string (a->sizes, a->ndim);
  g_autofree char *bs = gt_shape_to_string (b->sizes, b->ndim);

  g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
               "%s: shapes %s and %s cannot be multiplied (%" G_GINT64_FORMAT
               "x%" G_GINT64_FORMAT " and %" G_GINT64_FORMAT "x%"
               G_GINT64_FORMAT ")", func, as, bs,
               ga->sizes[ga->ndim - 2], ga->sizes[ga->ndim - 1],
               gb->sizes[gb->ndim - 2], gb->sizes[gb->ndim - 1]);
  return FALSE;
}

static gboolean
run_gemm (const char  *func,
          GtTensor    *out,
          GtTensor    *a,
          GtTensor    *b,
          gdouble      alpha,
          gdouble      beta,
          GError     **error)
{
  const GtBackend *backend = gt_tensor_backend (out);

  if (out->numel == 0)
    return TRUE;
  if (backend->gemm == NULL)
    return gt_backend_not_supported (func, backend, error);
  return backend->gemm (out, a, b, alpha, beta, error);
}

/* Whether dims [0, n) of @g can be walked as one dimension; its stride. */
static gboolean
collapse (const Geom *g,
          guint       n,
          gint64     *stride)
{
  gint64 inner_stride = 1, inner_size = 1;
  gboolean seen = FALSE;

  for (gint d = (gint) n - 1; d >= 0; d--)
    {
      if (g->sizes[d] == 1)
        continue;
      if (seen && g->strides[d] != inner_stride * inner_size)
        return FALSE;
      if (!seen)
        *stride = g->strides[d];
      seen = TRUE;
      inner_stride = g->strides[d];
      inner_size = g->sizes[d];
    }
  if (!seen)
    *stride = 1;
  return TRUE;
}

static void
contiguous_strides (const gint64 *sizes,
                    guint         ndim,
                    gint64       *strides)
{
  gint64 s = 1;

  for (gint d = (gint) ndim - 1; d >= 0; d--)
    {
      strides[d] = s;
      s *= MAX (sizes[d], 1);
    }
}

/* @g with its batch dimensions broadcast to @batch: zero strides where a
 * dimension is new or of size 1. */
static void
expand_geom (const Geom   *g,
             const gint64 *batch,
             guint         nbatch,
             Geom         *out)
{
  guint nb = g->ndim - 2;

  out->ndim = nbatch + 2;
  for (guint d = 0; d < nbatch; d++)
    {
      gint src = (gint) d - (gint) (nbatch - nb);

      out->sizes[d] = batch[d];
      out->strides[d] = src >= 0 && g->sizes[src] == batch[d] ? g->strides[src] : 0;
    }
  for (guint d = 0; d < 2; d++)
    {
      out->sizes[nbatch + d] = g->sizes[nb + d];
      out->strides[nbatch + d] = g->strides[nb + d];
    }
}

/* @t itself when @g is its geometry, else a view of it with @g: small
 * products pay for every GObject made on the way. */
static GtTensor *
view_as (GtTensor   *t,
         const Geom *g,
         gint64      offset)
{
  if (g->ndim == t->ndim && offset == t->offset &&
      memcmp (g->sizes, t->sizes, g->ndim * sizeof (gint64)) == 0 &&
      memcmp (g->strides, t->strides, g->ndim * sizeof (gint64)) == 0)
    return g_object_ref (t);
  return gt_tensor_new_view (t, g->ndim, g->sizes, g->strides, offset);
}

/*
 * a @ b for the matrices @ga (of @self) and @gb (of @other), ndim >= 2 each,
 * with broadcast batch dimensions. The result has the broadcast batch
 * shape followed by M (unless @drop_m) and N (unless @drop_n).
 */
static GtTensor *
product (const char  *func,
         GtTensor    *self,
         GtTensor    *other,
         const Geom  *ga,
         const Geom  *gb,
         gboolean     drop_m,
         gboolean     drop_n,
         GError     **error)
{
  guint na = ga->ndim, nb = gb->ndim, nbatch, rn = 0;
  gint64 M = ga->sizes[na - 2], K = ga->sizes[na - 1];
  gint64 N = gb->sizes[nb - 1];
  gint64 batch[GT_MAX_DIMS], rshape[GT_MAX_DIMS];
  g_autoptr(GtTensor) result = NULL;
  g_autoptr(GtTensor) a = NULL;
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtTensor) out = NULL;
  Geom ea, eb, eo;
  gint64 fold_stride;

  if (K != gb->sizes[nb - 2])
    return mismatch_error (func, self, other, ga, gb, error), NULL;
  if (!gt_broadcast_shapes (func, ga->sizes, na - 2, gb->sizes, nb - 2,
                            batch, &nbatch, NULL))
    {
      g_autofree char *as = gt_shape_to_string (self->sizes, self->ndim);
      g_autofree char *bs = gt_shape_to_string (other->sizes, other->ndim);
      g_autofree char *abs = gt_shape_to_string (ga->sizes, na - 2);
      g_autofree char *bbs = gt_shape_to_string (gb->sizes, nb - 2);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: shapes %s and %s cannot be multiplied: the batch "
                   "dimensions %s and %s cannot be broadcast", func, as, bs,
                   abs, bbs);
      return NULL;
    }

  memcpy (rshape, batch, nbatch * sizeof (gint64));
  rn = nbatch;
  if (!drop_m)
    rshape[rn++] = M;
  if (!drop_n)
    rshape[rn++] = N;
  if (!gt_shape_check (func, rshape, rn, self->dtype, NULL, error))
    return NULL;
  result = gt_tensor_new_empty (rshape, rn, self->dtype,
                                gt_op_device ((GtTensor *[]) { self, other }, 2),
                                error);
  if (result == NULL || result->numel == 0)
    return g_steal_pointer (&result);

  if (nb == 2 && nbatch > 0 && collapse (ga, na - 1, &fold_stride))
    {
      /* A stack of matrices times one matrix is one tall product. */
      ea.ndim = eo.ndim = 2;
      ea.sizes[0] = eo.sizes[0] = result->numel / N;
      ea.sizes[1] = K;
      ea.strides[0] = fold_stride;
      ea.strides[1] = ga->strides[na - 1];
      eo.sizes[1] = N;
      eo.strides[0] = N;
      eo.strides[1] = 1;
      eb = *gb;
    }
  else
    {
      expand_geom (ga, batch, nbatch, &ea);
      expand_geom (gb, batch, nbatch, &eb);
      eo.ndim = nbatch + 2;
      memcpy (eo.sizes, batch, nbatch * sizeof (gint64));
      eo.sizes[nbatch] = M;
      eo.sizes[nbatch + 1] = N;
      contiguous_strides (eo.sizes, eo.ndim, eo.strides);
    }
  a = view_as (self, &ea, self->offset);
  b = view_as (other, &eb, other->offset);
  out = view_as (result, &eo, 0);

  if (!run_gemm (func, out, a, b, 1.0, 0.0, error))
    return NULL;
  return g_steal_pointer (&result);
}

static GtTensor *
matmul (const char  *func,
        GtTensor    *self,
        GtTensor    *other,
        GError     **error)
{
  Geom ga, gb;

  if (self->ndim == 0 || other->ndim == 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: both arguments need to be at least 1-D, but they "
                   "are %u-D and %u-D", func, self->ndim, other->ndim);
      return NULL;
    }
  if (!check_dtypes (func, self, other, error))
    return NULL;

  if (self->ndim == 1)
    geom_row (self, &ga);
  else
    geom_of (self, &ga);
  if (other->ndim == 1)
    geom_col (other, &gb);
  else
    geom_of (other, &gb);
  return product (func, self, other, &ga, &gb, self->ndim == 1,
                  other->ndim == 1, error);
}

/* Autograd: @out (computed with backend calls only), made the result of
 * @name's node when an operand needs a gradient. */
static GtTensor *
recorded (const char *name,
          GtTensor   *self,
          GtTensor   *other,
          GtTensor   *out)
{
  if (out != NULL && gt_autograd_should_record ((GtTensor *[]) { self, other }, 2))
    gt_linalg_record (name, self, other, out);
  return out;
}

/**
 * gt_tensor_matmul:
 * @self: the left operand, at least 1-D
 * @other: the right operand, at least 1-D, of @self's dtype
 * @error: return location for a #GError
 *
 * The matrix product with the rules of torch.matmul:
 *
 * - two vectors give their dot product, a 0-d tensor;
 * - a matrix and a vector give the matrix-vector product;
 * - a vector on the left is taken as a 1 x K matrix and the 1 is removed
 *   from the result, a vector on the right as a K x 1 matrix, likewise;
 * - operands with more dimensions are stacks of matrices in their last two
 *   dimensions, and the leading (batch) dimensions broadcast against each
 *   other, so [j, 1, n, m] times [k, m, p] gives [j, k, n, p].
 *
 * float32 and float64 are computed by OpenBLAS; float16 and bfloat16 in
 * float32; integer dtypes exactly, wrapping around on overflow as in
 * torch. Transposed and other non-contiguous inputs are read in place when
 * BLAS can address them.
 *
 * Returns: (transfer full) (nullable): the product, or %NULL with
 *   %GT_ERROR_SHAPE for a 0-d operand, inner sizes that differ ("shapes
 *   [2, 3] and [4, 5] cannot be multiplied (2x3 and 4x5)") or batch
 *   dimensions that do not broadcast, %GT_ERROR_DTYPE when the dtypes
 *   differ or are bool, %GT_ERROR_DEVICE for tensors on different devices
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_matmul (GtTensor  *self,
                  GtTensor  *other,
                  GError   **error)
{
  const char *func = "gt_tensor_matmul";

  g_return_val_if_fail (self != NULL, NULL);
  if (!check_operands (func, (GtTensor *[]) { self, other },
                       (const char *[]) { "self", "other" }, 2, error))
    return NULL;
  return recorded (gt_linalg_matmul_name (self->ndim, other->ndim), self, other,
                   matmul (func, self, other, error));
}

/**
 * gt_tensor_mm:
 * @self: an n x m matrix
 * @mat2: an m x p matrix of @self's dtype
 * @error: return location for a #GError
 *
 * The matrix product of two 2-D tensors (torch.mm), an n x p matrix. See
 * [method@Gt.Tensor.matmul] for vectors and batches.
 *
 * Returns: (transfer full) (nullable): the product, or %NULL with
 *   %GT_ERROR_SHAPE when an operand is not 2-D or the inner sizes differ,
 *   %GT_ERROR_DTYPE when the dtypes differ or are bool
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_mm (GtTensor  *self,
              GtTensor  *mat2,
              GError   **error)
{
  const char *func = "gt_tensor_mm";

  g_return_val_if_fail (self != NULL, NULL);
  if (!check_operands (func, (GtTensor *[]) { self, mat2 },
                       (const char *[]) { "self", "mat2" }, 2, error))
    return NULL;
  if (self->ndim != 2 || mat2->ndim != 2)
    return dims_error (func, "two 2-D matrices", self, mat2, error), NULL;
  if (!check_dtypes (func, self, mat2, error))
    return NULL;
  return recorded ("MmBackward0", self, mat2, matmul (func, self, mat2, error));
}

/**
 * gt_tensor_bmm:
 * @self: a b x n x m batch of matrices
 * @mat2: a b x m x p batch of matrices of @self's dtype
 * @error: return location for a #GError
 *
 * The products of two batches of matrices, matrix by matrix (torch.bmm): a
 * b x n x p tensor. Unlike [method@Gt.Tensor.matmul], the batch sizes must
 * be equal; they do not broadcast.
 *
 * Returns: (transfer full) (nullable): the products, or %NULL with
 *   %GT_ERROR_SHAPE when an operand is not 3-D or the batch or inner sizes
 *   differ, %GT_ERROR_DTYPE when the dtypes differ or are bool
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_bmm (GtTensor  *self,
               GtTensor  *mat2,
               GError   **error)
{
  const char *func = "gt_tensor_bmm";
  Geom ga, gb;

  g_return_val_if_fail (self != NULL, NULL);
  if (!check_operands (func, (GtTensor *[]) { self, mat2 },
                       (const char *[]) { "self", "mat2" }, 2, error))
    return NULL;
  if (self->ndim != 3 || mat2->ndim != 3)
    return dims_error (func, "two 3-D batches of matrices", self, mat2, error), NULL;
  if (self->sizes[0] != mat2->sizes[0])
    return dims_error (func, "equal batch sizes", self, mat2, error), NULL;
  if (!check_dtypes (func, self, mat2, error))
    return NULL;
  geom_of (self, &ga);
  geom_of (mat2, &gb);
  return recorded ("BmmBackward0", self, mat2,
                   product (func, self, mat2, &ga, &gb, FALSE, FALSE, error));
}

/**
 * gt_tensor_mv:
 * @self: an n x m matrix
 * @vec: a vector of m elements of @self's dtype
 * @error: return location for a #GError
 *
 * The product of a matrix and a vector (torch.mv): a vector of n elements.
 *
 * Returns: (transfer full) (nullable): the product, or %NULL with
 *   %GT_ERROR_SHAPE when @self is not 2-D, @vec not 1-D or the sizes do
 *   not match, %GT_ERROR_DTYPE when the dtypes differ or are bool
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_mv (GtTensor  *self,
              GtTensor  *vec,
              GError   **error)
{
  const char *func = "gt_tensor_mv";

  g_return_val_if_fail (self != NULL, NULL);
  if (!check_operands (func, (GtTensor *[]) { self, vec },
                       (const char *[]) { "self", "vec" }, 2, error))
    return NULL;
  if (self->ndim != 2 || vec->ndim != 1)
    return dims_error (func, "a 2-D matrix and a 1-D vector", self, vec, error), NULL;
  if (!check_dtypes (func, self, vec, error))
    return NULL;
  return recorded ("MvBackward0", self, vec, matmul (func, self, vec, error));
}

/**
 * gt_tensor_dot:
 * @self: a vector
 * @other: a vector of as many elements, of @self's dtype
 * @error: return location for a #GError
 *
 * The dot product of two vectors (torch.dot): the sum of the products of
 * their elements, as a 0-d tensor; 0 for empty vectors.
 *
 * Returns: (transfer full) (nullable): a 0-d tensor, or %NULL with
 *   %GT_ERROR_SHAPE when an operand is not 1-D or the lengths differ,
 *   %GT_ERROR_DTYPE when the dtypes differ or are bool
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_dot (GtTensor  *self,
               GtTensor  *other,
               GError   **error)
{
  const char *func = "gt_tensor_dot";

  g_return_val_if_fail (self != NULL, NULL);
  if (!check_operands (func, (GtTensor *[]) { self, other },
                       (const char *[]) { "self", "other" }, 2, error))
    return NULL;
  if (self->ndim != 1 || other->ndim != 1)
    return dims_error (func, "two 1-D vectors", self, other, error), NULL;
  if (self->sizes[0] != other->sizes[0])
    return dims_error (func, "vectors of the same length", self, other, error), NULL;
  if (!check_dtypes (func, self, other, error))
    return NULL;
  return recorded ("DotBackward0", self, other, matmul (func, self, other, error));
}

/**
 * gt_tensor_outer:
 * @self: a vector of n elements
 * @vec2: a vector of m elements
 * @error: return location for a #GError
 *
 * The outer product (torch.outer): the n x m matrix of the products
 * `self[i] * vec2[j]`. Unlike the other products the dtypes may differ:
 * the result has their promoted dtype, as a multiplication would, and
 * every dtype is supported (for bool the product is a logical and).
 *
 * Returns: (transfer full) (nullable): the matrix, or %NULL with
 *   %GT_ERROR_SHAPE when an operand is not 1-D
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_outer (GtTensor  *self,
                 GtTensor  *vec2,
                 GError   **error)
{
  const char *func = "gt_tensor_outer";
  g_autoptr(GtTensor) a = NULL;
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtTensor) result = NULL;
  g_autoptr(GtTensor) col = NULL;
  g_autoptr(GtTensor) row = NULL;
  GtDType dtype;
  Geom ga, gb;
  gint64 shape[2];

  g_return_val_if_fail (self != NULL, NULL);
  if (!check_operands (func, (GtTensor *[]) { self, vec2 },
                       (const char *[]) { "self", "vec2" }, 2, error))
    return NULL;
  if (self->ndim != 1 || vec2->ndim != 1)
    return dims_error (func, "two 1-D vectors", self, vec2, error), NULL;
  /* Autograd: torch's composite, self as a column times vec2
   * (MulBackward0). */
  if (gt_autograd_should_record ((GtTensor *[]) { self, vec2 }, 2))
    {
      gint64 col_shape[2] = { self->sizes[0], 1 };

      col = gt_tensor_reshape (self, col_shape, 2, error);
      return col != NULL ? gt_tensor_mul (col, vec2, error) : NULL;
    }

  dtype = gt_result_type (self, vec2);
  a = self->dtype == dtype ? g_object_ref (self) : gt_tensor_to_dtype (self, dtype, error);
  if (a == NULL)
    return NULL;
  b = vec2->dtype == dtype ? g_object_ref (vec2) : gt_tensor_to_dtype (vec2, dtype, error);
  if (b == NULL)
    return NULL;

  /* A product with an inner size of 1. */
  shape[0] = a->sizes[0];
  shape[1] = b->sizes[0];
  result = gt_tensor_new_empty (shape, 2, dtype, gt_op_device ((GtTensor *[]) { a, b }, 2),
                                error);
  if (result == NULL)
    return NULL;
  geom_col (a, &ga);
  geom_row (b, &gb);
  col = gt_tensor_new_view (a, 2, ga.sizes, ga.strides, a->offset);
  row = gt_tensor_new_view (b, 2, gb.sizes, gb.strides, b->offset);
  if (!run_gemm (func, result, col, row, 1.0, 0.0, error))
    return NULL;
  return g_steal_pointer (&result);
}

/* torch converts alpha and beta to an integer dtype's type, truncating. */
static gboolean
check_int_scalar (const char  *func,
                  const char  *name,
                  gdouble      value,
                  GError     **error)
{
  if (value >= -9223372036854775808.0 && value < 9223372036854775808.0)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
               "%s: %s = %g cannot be converted to an integer without "
               "overflow", func, name, value);
  return FALSE;
}

/**
 * gt_tensor_addmm:
 * @self: the tensor added, broadcastable to n x p
 * @mat1: an n x m matrix
 * @mat2: an m x p matrix
 * @beta: the factor of @self
 * @alpha: the factor of the product
 * @error: return location for a #GError
 *
 * `beta * self + alpha * (mat1 @ mat2)` (torch.addmm), computed by one
 * BLAS call for float32 and float64. All three tensors must have the same
 * dtype. When @beta is 0, @self is not read, so NaN and infinity in it do
 * not reach the result. For integer dtypes @alpha and @beta are truncated
 * to integers first, as torch converts them.
 *
 * Returns: (transfer full) (nullable): an n x p tensor, or %NULL with
 *   %GT_ERROR_SHAPE when @mat1 or @mat2 is not 2-D, their inner sizes
 *   differ or @self does not broadcast to n x p, %GT_ERROR_DTYPE when the
 *   dtypes differ or are bool, %GT_ERROR_VALUE when @alpha or @beta does
 *   not fit an integer for an integer dtype
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_addmm (GtTensor  *self,
                 GtTensor  *mat1,
                 GtTensor  *mat2,
                 gdouble    beta,
                 gdouble    alpha,
                 GError   **error)
{
  const char *func = "gt_tensor_addmm";
  g_autoptr(GtTensor) result = NULL;
  gint64 shape[2], bshape[GT_MAX_DIMS];
  guint ndim;
  Geom ga, gb;

  g_return_val_if_fail (self != NULL, NULL);
  if (!check_operands (func, (GtTensor *[]) { self, mat1, mat2 },
                       (const char *[]) { "self", "mat1", "mat2" }, 3, error))
    return NULL;
  if (mat1->ndim != 2 || mat2->ndim != 2)
    return dims_error (func, "two 2-D matrices", mat1, mat2, error), NULL;
  if (!check_dtypes (func, mat1, mat2, error) ||
      !check_dtypes (func, self, mat2, error))
    return NULL;
  geom_of (mat1, &ga);
  geom_of (mat2, &gb);
  if (mat1->sizes[1] != mat2->sizes[0])
    return mismatch_error (func, mat1, mat2, &ga, &gb, error), NULL;

  shape[0] = mat1->sizes[0];
  shape[1] = mat2->sizes[1];
  if (self->ndim > 2 ||
      !gt_broadcast_shapes (func, self->sizes, self->ndim, shape, 2, bshape,
                            &ndim, NULL) ||
      bshape[0] != shape[0] || bshape[1] != shape[1])
    {
      g_autofree char *ss = gt_shape_to_string (self->sizes, self->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: self of shape %s cannot be broadcast to the shape of "
                   "the product, [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]",
                   func, ss, mat1->sizes[0], mat2->sizes[1]);
      return NULL;
    }

  if (!gt_dtype_is_floating_point (self->dtype))
    {
      if (!check_int_scalar (func, "alpha", alpha, error) ||
          !check_int_scalar (func, "beta", beta, error))
        return NULL;
      alpha = trunc (alpha);
      beta = trunc (beta);
    }

  result = gt_tensor_new_empty (shape, 2, self->dtype,
                                gt_op_device ((GtTensor *[]) { self, mat1, mat2 }, 3),
                                error);
  if (result == NULL)
    return NULL;
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();

    if (beta != 0 && result->numel > 0 && !gt_tensor_copy_ (result, self, error))
      return NULL;
  }
  if (!run_gemm (func, result, mat1, mat2, alpha, beta, error))
    return NULL;
  if (gt_autograd_should_record ((GtTensor *[]) { self, mat1, mat2 }, 3))
    gt_linalg_record_addmm (self, mat1, mat2, beta, alpha, result);
  return g_steal_pointer (&result);
}
