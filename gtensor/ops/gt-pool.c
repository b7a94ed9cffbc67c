#include "config.h"

#include <string.h>

#include "gt-error.h"
#include "gt-pool.h"
#include "gt-conv-private.h"
#include "gt-op-private.h"
#include "gt-autograd-private.h"
#include "gt-grad-mode.h"

/*
 * Pooling with torch 1.13's checks and output sizes (pooling_output_shape
 * in aten/src/ATen/native/Pool.h): the op checks, makes the input
 * contiguous, allocates the result in the caller's rank (3-D unbatched or
 * 4-D) and hands the kernel 4-D views; the histories are in
 * gt-pool-grad.c.
 *
 * Errors: GT_ERROR_SHAPE for an input that is not 3-D or 4-D (or has an
 * empty channel or plane dim) and for outputs that would be empty;
 * GT_ERROR_VALUE for non-positive kernel sizes, strides or dilations,
 * negative paddings, paddings over half the kernel, size arrays not of
 * length 1 or 2 and a zero divisor; GT_ERROR_DTYPE for non-float inputs.
 */

/* @values (1 or 2 of them) as (height, width). */
static gboolean
parse_pair (const char    *func,
            const char    *name,
            const gint64  *values,
            gsize          n,
            gint64        *out,
            GError       **error)
{
  if (values == NULL || (n != 1 && n != 2))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: %s must either be a single int, or a tuple of two "
                   "ints, but got %" G_GSIZE_FORMAT " values", func, name,
                   values == NULL ? 0 : n);
      return FALSE;
    }
  out[0] = values[0];
  out[1] = n == 2 ? values[1] : values[0];
  return TRUE;
}

static gboolean
check_input (const char  *func,
             GtTensor    *self,
             gboolean     allow_empty,
             GError     **error)
{
  if (!gt_op_check_tensor (func, "input", self, error))
    return FALSE;
  if (self->dtype != GT_DTYPE_FLOAT32 && self->dtype != GT_DTYPE_FLOAT64)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected a float32 or float64 input, got %s", func,
                   gt_dtype_get_name (self->dtype));
      return FALSE;
    }
  if ((self->ndim != 3 && self->ndim != 4) ||
      (!allow_empty && (self->sizes[self->ndim - 3] == 0 ||
                        self->sizes[self->ndim - 2] == 0 ||
                        self->sizes[self->ndim - 1] == 0)))
    {
      g_autofree char *xs = gt_shape_to_string (self->sizes, self->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: expected 3D or 4D (batch mode) tensor with optional "
                   "0 dim batch size for input, but got %s", func, xs);
      return FALSE;
    }
  return TRUE;
}

/* floor (a / b) for b > 0. */
static gint64
div_floor (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* torch's pooling_output_shape: with ceil_mode the last window must start
 * inside the input or its left padding. */
static gint64
pool_out_size (gint64   in,
               gint64   k,
               gint64   pad,
               gint64   stride,
               gint64   dilation,
               gboolean ceil_mode)
{
  gint64 out = div_floor (in + 2 * pad - dilation * (k - 1) - 1 +
                          (ceil_mode ? stride - 1 : 0), stride) + 1;

  if (ceil_mode && (out - 1) * stride >= in + pad)
    out--;
  return out;
}

/* Parses and checks kernel, stride, padding and dilation into @win, and
 * the output plane into @oh, @ow. */
static gboolean
window_parse (const char    *func,
              GtTensor      *self,
              const gint64  *kernel_size,
              gsize          n_kernel_size,
              const gint64  *stride,
              gsize          n_stride,
              const gint64  *padding,
              gsize          n_padding,
              const gint64  *dilation,
              gsize          n_dilation,
              gboolean       ceil_mode,
              GtWindow2d    *win,
              gint64        *oh,
              gint64        *ow,
              GError       **error)
{
  gint64 k[2], s[2], p[2], d[2] = { 1, 1 };
  gint64 C = self->sizes[self->ndim - 3];
  gint64 H = self->sizes[self->ndim - 2], W = self->sizes[self->ndim - 1];

  if (!parse_pair (func, "kernel_size", kernel_size, n_kernel_size, k, error))
    return FALSE;
  if (n_stride == 0)
    {
      s[0] = k[0];
      s[1] = k[1];
    }
  else if (!parse_pair (func, "stride", stride, n_stride, s, error))
    return FALSE;
  if (!parse_pair (func, "padding", padding, n_padding, p, error) ||
      (dilation != NULL &&
       !parse_pair (func, "dilation", dilation, n_dilation, d, error)))
    return FALSE;

  if (k[0] <= 0 || k[1] <= 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: kernel size should be greater than zero, but got "
                   "kH: %" G_GINT64_FORMAT " kW: %" G_GINT64_FORMAT, func,
                   k[0], k[1]);
      return FALSE;
    }
  if (s[0] <= 0 || s[1] <= 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: stride should be greater than zero, but got dH: %"
                   G_GINT64_FORMAT " dW: %" G_GINT64_FORMAT, func, s[0], s[1]);
      return FALSE;
    }
  if (d[0] <= 0 || d[1] <= 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: dilation should be greater than zero, but got "
                   "dilationH: %" G_GINT64_FORMAT " dilationW: %"
                   G_GINT64_FORMAT, func, d[0], d[1]);
      return FALSE;
    }
  if (p[0] < 0 || p[1] < 0 || p[0] > k[0] / 2 || p[1] > k[1] / 2)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: pad should be non-negative and at most half of "
                   "kernel size, but got pad=[%" G_GINT64_FORMAT ", %"
                   G_GINT64_FORMAT "] and kernel_size=[%" G_GINT64_FORMAT
                   ", %" G_GINT64_FORMAT "]", func, p[0], p[1], k[0], k[1]);
      return FALSE;
    }

  *oh = pool_out_size (H, k[0], p[0], s[0], d[0], ceil_mode);
  *ow = pool_out_size (W, k[1], p[1], s[1], d[1], ceil_mode);
  if (*oh < 1 || *ow < 1)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: given input size: (%" G_GINT64_FORMAT "x%"
                   G_GINT64_FORMAT "x%" G_GINT64_FORMAT "). Calculated output "
                   "size: (%" G_GINT64_FORMAT "x%" G_GINT64_FORMAT "x%"
                   G_GINT64_FORMAT "). Output size is too small", func, C, H,
                   W, C, *oh, *ow);
      return FALSE;
    }
  win->kh = k[0];
  win->kw = k[1];
  win->sh = s[0];
  win->sw = s[1];
  win->ph = p[0];
  win->pw = p[1];
  win->dh = d[0];
  win->dw = d[1];
  return TRUE;
}

/* A 4-D alias of a contiguous 3-D or 4-D tensor, for the kernels. */
static GtTensor *
as_4d (GtTensor *t)
{
  gint64 sizes[4], strides[4];

  if (t->ndim == 4)
    return g_object_ref (t);
  sizes[0] = 1;
  memcpy (sizes + 1, t->sizes, 3 * sizeof (gint64));
  strides[0] = sizes[1] * sizes[2] * sizes[3];
  memcpy (strides + 1, t->strides, 3 * sizeof (gint64));
  return gt_tensor_new_view (t, 4, sizes, strides, t->offset);
}

/* A new contiguous tensor shaped as @like with its plane replaced by
 * (@oh, @ow) and @dtype. */
static GtTensor *
new_planes (GtTensor  *like,
            gint64     oh,
            gint64     ow,
            GtDType    dtype,
            GError   **error)
{
  gint64 shape[4];

  memcpy (shape, like->sizes, like->ndim * sizeof (gint64));
  shape[like->ndim - 2] = oh;
  shape[like->ndim - 1] = ow;
  return gt_tensor_new_empty (shape, like->ndim, dtype,
                              gt_tensor_device (like), error);
}

static const GtBackendConv *
conv_table (const char  *func,
            GtTensor    *t,
            gsize        offset,
            GError     **error)
{
  const GtBackend *backend = gt_tensor_backend (t);

  if (backend->conv == NULL ||
      G_STRUCT_MEMBER (gpointer, backend->conv, offset) == NULL)
    {
      gt_backend_not_supported (func, backend, error);
      return NULL;
    }
  return backend->conv;
}

#define TABLE(func, t, member, error) \
  conv_table (func, t, G_STRUCT_OFFSET (GtBackendConv, member), error)

/**
 * gt_tensor_max_pool2d:
 * @self: the input, [N, C, H, W] or unbatched [C, H, W], float32 or float64
 * @kernel_size: (array length=n_kernel_size): the window: one value for
 *   both dims or (height, width)
 * @n_kernel_size: the length of @kernel_size (1 or 2)
 * @stride: (array length=n_stride) (nullable): the step of the window, one
 *   or two values; empty for the kernel size (torch's stride=None)
 * @n_stride: the length of @stride (0, 1 or 2)
 * @padding: (array length=n_padding): the implicit -inf padding on each
 *   side, at most half the kernel: one or two values
 * @n_padding: the length of @padding (1 or 2)
 * @dilation: (array length=n_dilation): the spacing of the window's
 *   elements: one or two values
 * @n_dilation: the length of @dilation (1 or 2)
 * @ceil_mode: round the output size up instead of down (a last window
 *   that starts in the right padding is dropped)
 * @indices: (out) (optional) (transfer full): the position of each maximum
 *   as a flat index into the H * W input plane (int64, the result's shape),
 *   as torch's return_indices
 * @error: return location for a #GError
 *
 * The 2-D max pooling of torch.nn.functional.max_pool2d. The output plane
 * is OH = floor or ceil ((H + 2 * padding - dilation * (kernel - 1) - 1) /
 * stride) + 1, likewise OW. A NaN in a window is its maximum.
 *
 * Records MaxPool2DWithIndicesBackward0 (and, for second order,
 * MaxPool2DWithIndicesBackwardBackward0).
 *
 * Returns: (transfer full): the result, or %NULL with @error set:
 *   %GT_ERROR_SHAPE for an input that is not 3-D or 4-D with non-empty
 *   channel and plane dims, or an empty output; %GT_ERROR_VALUE for a
 *   non-positive kernel size, stride or dilation, a padding that is
 *   negative or over half the kernel, or size arrays of a wrong length;
 *   %GT_ERROR_DTYPE for a non-float input
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_max_pool2d (GtTensor      *self,
                      const gint64  *kernel_size,
                      gsize          n_kernel_size,
                      const gint64  *stride,
                      gsize          n_stride,
                      const gint64  *padding,
                      gsize          n_padding,
                      const gint64  *dilation,
                      gsize          n_dilation,
                      gboolean       ceil_mode,
                      GtTensor     **indices,
                      GError       **error)
{
  const char *func = "gt_tensor_max_pool2d";
  const GtBackendConv *conv;
  GtWindow2d win;
  gint64 oh, ow;
  gboolean record;
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) ind = NULL;

  if (indices != NULL)
    *indices = NULL;
  if (!check_input (func, self, FALSE, error) ||
      !window_parse (func, self, kernel_size, n_kernel_size, stride, n_stride,
                     padding, n_padding, dilation, n_dilation, ceil_mode,
                     &win, &oh, &ow, error) ||
      (conv = TABLE (func, self, max_pool2d, error)) == NULL)
    return NULL;

  record = gt_autograd_should_record (&self, 1);
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    g_autoptr(GtTensor) xc = NULL;
    g_autoptr(GtTensor) x4 = NULL;
    g_autoptr(GtTensor) o4 = NULL;
    g_autoptr(GtTensor) i4 = NULL;

    if ((xc = gt_tensor_contiguous (self, error)) == NULL ||
        (out = new_planes (self, oh, ow, self->dtype, error)) == NULL ||
        ((record || indices != NULL) &&
         (ind = new_planes (self, oh, ow, GT_DTYPE_INT64, error)) == NULL))
      return NULL;
    x4 = as_4d (xc);
    o4 = as_4d (out);
    i4 = ind != NULL ? as_4d (ind) : NULL;
    if (out->numel > 0 && !conv->max_pool2d (o4, i4, x4, &win, error))
      return NULL;
  }
  if (record)
    gt_pool_record_max (out, self, ind);
  if (indices != NULL)
    *indices = g_steal_pointer (&ind);
  return g_steal_pointer (&out);
}

/* Average pooling with the window @pool, or adaptive average pooling
 * when @pool is NULL: the kernel runs with grad mode off on contiguous 4-D
 * views, then the node is recorded. */
static GtTensor *
avg_run (const char         *func,
         GtTensor           *in,
         const GtAvgPool2d  *pool,
         gint64              oh,
         gint64              ow,
         GError            **error)
{
  const GtBackendConv *conv = pool != NULL
    ? TABLE (func, in, avg_pool2d, error)
    : TABLE (func, in, adaptive_avg_pool2d, error);
  g_autoptr(GtTensor) out = NULL;

  if (conv == NULL)
    return NULL;
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    g_autoptr(GtTensor) xc = NULL;
    g_autoptr(GtTensor) x4 = NULL;
    g_autoptr(GtTensor) o4 = NULL;

    if ((xc = gt_tensor_contiguous (in, error)) == NULL ||
        (out = new_planes (in, oh, ow, in->dtype, error)) == NULL)
      return NULL;
    x4 = as_4d (xc);
    o4 = as_4d (out);
    if (out->numel > 0 &&
        !(pool != NULL ? conv->avg_pool2d (o4, x4, pool, error)
                       : conv->adaptive_avg_pool2d (o4, x4, error)))
      return NULL;
  }
  if (gt_autograd_should_record (&in, 1))
    {
      if (pool != NULL)
        gt_pool_record_avg (out, in, pool);
      else
        gt_pool_record_adaptive (out, in);
    }
  return g_steal_pointer (&out);
}

GtTensor *
gt_pool_avg_run (GtTensor           *in,
                 const GtAvgPool2d  *pool,
                 gint64              oh,
                 gint64              ow,
                 GError            **error)
{
  return avg_run ("gt_tensor_avg_pool2d", in, pool, oh, ow, error);
}

/**
 * gt_tensor_avg_pool2d:
 * @self: the input, [N, C, H, W] or unbatched [C, H, W], float32 or float64
 * @kernel_size: (array length=n_kernel_size): the window: one value for
 *   both dims or (height, width)
 * @n_kernel_size: the length of @kernel_size (1 or 2)
 * @stride: (array length=n_stride) (nullable): the step of the window, one
 *   or two values; empty for the kernel size (torch's stride=None)
 * @n_stride: the length of @stride (0, 1 or 2)
 * @padding: (array length=n_padding): the implicit zero padding on each
 *   side, at most half the kernel: one or two values
 * @n_padding: the length of @padding (1 or 2)
 * @ceil_mode: round the output size up instead of down
 * @count_include_pad: divide by the window's size including the padding it
 *   covers (torch's default) rather than by the number of input elements
 * @divisor_override: divide every sum by this instead, unless 0
 * @error: return location for a #GError
 *
 * The 2-D average pooling of torch.nn.functional.avg_pool2d, with its
 * output sizes (as [method@Gt.Tensor.max_pool2d] without dilation).
 * Records AvgPool2DBackward0 (differentiable to any order).
 *
 * Returns: (transfer full): the result, or %NULL with @error set: as
 *   [method@Gt.Tensor.max_pool2d]
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_avg_pool2d (GtTensor      *self,
                      const gint64  *kernel_size,
                      gsize          n_kernel_size,
                      const gint64  *stride,
                      gsize          n_stride,
                      const gint64  *padding,
                      gsize          n_padding,
                      gboolean       ceil_mode,
                      gboolean       count_include_pad,
                      gint64         divisor_override,
                      GError       **error)
{
  const char *func = "gt_tensor_avg_pool2d";
  GtAvgPool2d pool;
  gint64 oh, ow;

  if (!check_input (func, self, FALSE, error) ||
      !window_parse (func, self, kernel_size, n_kernel_size, stride, n_stride,
                     padding, n_padding, NULL, 0, ceil_mode, &pool.win, &oh,
                     &ow, error))
    return NULL;
  pool.count_include_pad = count_include_pad;
  pool.divisor_override = divisor_override;
  return gt_pool_avg_run (self, &pool, oh, ow, error);
}

GtTensor *
gt_pool_adaptive_run (GtTensor  *in,
                      gint64     oh,
                      gint64     ow,
                      GError   **error)
{
  return avg_run ("gt_tensor_adaptive_avg_pool2d", in, NULL, oh, ow, error);
}

/**
 * gt_tensor_adaptive_avg_pool2d:
 * @self: the input, [N, C, H, W] or unbatched [C, H, W], float32 or float64
 * @output_size: (array length=n_output_size): the output plane: one value
 *   for both dims or (height, width)
 * @n_output_size: the length of @output_size (1 or 2)
 * @error: return location for a #GError
 *
 * torch.nn.functional.adaptive_avg_pool2d: output (i, j) averages the
 * input rows [floor (i * H / OH), ceil ((i + 1) * H / OH)) and the columns
 * likewise. Records AdaptiveAvgPool2DBackward0 (differentiable to any
 * order).
 *
 * Returns: (transfer full): the result, or %NULL with @error set:
 *   %GT_ERROR_SHAPE for an input that is not 3-D or 4-D or has an empty
 *   plane while the output is not empty; %GT_ERROR_VALUE for a negative
 *   output size or an array of a wrong length; %GT_ERROR_DTYPE for a
 *   non-float input
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_adaptive_avg_pool2d (GtTensor      *self,
                               const gint64  *output_size,
                               gsize          n_output_size,
                               GError       **error)
{
  const char *func = "gt_tensor_adaptive_avg_pool2d";
  gint64 o[2];

  if (!check_input (func, self, TRUE, error) ||
      !parse_pair (func, "output_size", output_size, n_output_size, o, error))
    return NULL;
  if (o[0] < 0 || o[1] < 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: output_size must be non-negative, but got [%"
                   G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]", func, o[0], o[1]);
      return NULL;
    }
  if ((self->sizes[self->ndim - 2] == 0 || self->sizes[self->ndim - 1] == 0) &&
      o[0] * o[1] > 0)
    {
      g_autofree char *xs = gt_shape_to_string (self->sizes, self->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: expected input to have non-zero size for non-batch "
                   "dimensions, but input has sizes %s", func, xs);
      return NULL;
    }
  return gt_pool_adaptive_run (self, o[0], o[1], error);
}

/* ---- backward kernels ------------------------------------------------------ */

/* Runs @kernel into a new gradient of @in_sizes for @grad_out. */
typedef gboolean (*BackKernel) (const GtBackendConv *conv, GtTensor *gi,
                                GtTensor *go, gconstpointer data,
                                GError **error);

static GtTensor *
run_backward (const char    *func,
              gsize          offset,
              BackKernel     kernel,
              gconstpointer  data,
              GtTensor      *grad_out,
              const gint64  *in_sizes,
              guint          ndim,
              GError       **error)
{
  const GtBackendConv *conv = conv_table (func, grad_out, offset, error);
  g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = NULL;
  g_autoptr(GtTensor) goc = NULL;
  g_autoptr(GtTensor) gi = NULL;
  g_autoptr(GtTensor) gi4 = NULL;
  g_autoptr(GtTensor) go4 = NULL;

  if (conv == NULL)
    return NULL;
  guard = gt_no_grad_guard_new ();
  if ((goc = gt_tensor_contiguous (grad_out, error)) == NULL ||
      (gi = gt_tensor_new_empty (in_sizes, ndim, grad_out->dtype,
                                 gt_tensor_device (grad_out), error)) == NULL)
    return NULL;
  if (gi->numel == 0)
    return g_steal_pointer (&gi);
  gi4 = as_4d (gi);
  go4 = as_4d (goc);
  if (goc->numel == 0)
    {
      memset (gt_tensor_data (gi), 0,
              gi->numel * gt_dtype_get_element_size (gi->dtype));
      return g_steal_pointer (&gi);
    }
  if (!kernel (conv, gi4, go4, data, error))
    return NULL;
  return g_steal_pointer (&gi);
}

static gboolean
max_kernel (const GtBackendConv *conv, GtTensor *gi, GtTensor *go,
            gconstpointer data, GError **error)
{
  g_autoptr(GtTensor) i4 = as_4d ((GtTensor *) data);

  return conv->max_pool2d_backward (gi, go, i4, error);
}

static gboolean
avg_kernel (const GtBackendConv *conv, GtTensor *gi, GtTensor *go,
            gconstpointer data, GError **error)
{
  return conv->avg_pool2d_backward (gi, go, data, error);
}

static gboolean
adaptive_kernel (const GtBackendConv *conv, GtTensor *gi, GtTensor *go,
                 gconstpointer data, GError **error)
{
  return conv->adaptive_avg_pool2d_backward (gi, go, error);
}

GtTensor *
gt_pool_max_backward (GtTensor      *grad_out,
                      const gint64  *in_sizes,
                      guint          ndim,
                      GtTensor      *indices,
                      GError       **error)
{
  return run_backward ("gt_tensor_max_pool2d backward",
                       G_STRUCT_OFFSET (GtBackendConv, max_pool2d_backward),
                       max_kernel, indices, grad_out, in_sizes, ndim, error);
}

GtTensor *
gt_pool_avg_backward (GtTensor           *grad_out,
                      const gint64       *in_sizes,
                      guint               ndim,
                      const GtAvgPool2d  *pool,
                      GError            **error)
{
  return run_backward ("gt_tensor_avg_pool2d backward",
                       G_STRUCT_OFFSET (GtBackendConv, avg_pool2d_backward),
                       avg_kernel, pool, grad_out, in_sizes, ndim, error);
}

GtTensor *
gt_pool_adaptive_backward (GtTensor      *grad_out,
                           const gint64  *in_sizes,
                           guint          ndim,
                           GError       **error)
{
  return run_backward ("gt_tensor_adaptive_avg_pool2d backward",
                       G_STRUCT_OFFSET (GtBackendConv,
                                        adaptive_avg_pool2d_backward),
                       adaptive_kernel, NULL, grad_out, in_sizes, ndim, error);
}
