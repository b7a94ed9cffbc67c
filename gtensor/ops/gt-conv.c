#include "config.h"

#include <string.h>

#include "gt-error.h"
#include "gt-conv.h"
#include "gt-conv-private.h"
#include "gt-op-private.h"
#include "gt-autograd-private.h"
#include "gt-grad-mode.h"
#include "gt-shape.h"

/*
 * conv2d with torch 1.13's checks and output sizes. The op checks its
 * arguments, makes input and weight contiguous and calls the backend's
 * conv2d kernel once (cpu/gt-cpu-conv.c: im2col + GEMM); the history
 * (ConvolutionBackward0, and ConvolutionBackwardBackward0 for second
 * order) is in gt-conv-grad.c. An unbatched [C, H, W] input goes through
 * unsqueeze/squeeze, as in torch (its result's grad_fn is
 * SqueezeBackward1).
 *
 * Errors: GT_ERROR_SHAPE for tensors of the wrong rank or size (channel
 * mismatch, bias length, a kernel larger than the padded input),
 * GT_ERROR_VALUE for bad stride/padding/dilation/groups values and
 * padding strings, GT_ERROR_DTYPE for non-float inputs and a weight or
 * bias whose dtype differs from the input's.
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
                   "%s: expected %s to be a single integer value or a list "
                   "of 2 values, but got %" G_GSIZE_FORMAT " values", func,
                   name, values == NULL ? 0 : n);
      return FALSE;
    }
  out[0] = values[0];
  out[1] = n == 2 ? values[1] : values[0];
  return TRUE;
}

static gboolean
check_dtype_match (const char  *func,
                   GtTensor    *self,
                   GtTensor    *other,
                   const char  *what,
                   GError     **error)
{
  if (other->dtype != self->dtype)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected scalar type %s but found %s (input %s, %s "
                   "%s)", func, gt_dtype_get_name (self->dtype),
                   gt_dtype_get_name (other->dtype),
                   gt_dtype_get_name (self->dtype), what,
                   gt_dtype_get_name (other->dtype));
      return FALSE;
    }
  return TRUE;
}

/* The checks that do not depend on the padding. */
static gboolean
check_tensors (const char  *func,
               GtTensor    *self,
               GtTensor    *weight,
               GtTensor    *bias,
               gint64       groups,
               GError     **error)
{
  GtTensor *all[3] = { self, weight, bias };
  g_autofree char *ws = NULL, *xs = NULL;

  if (!gt_op_check_tensor (func, "input", self, error) ||
      !gt_op_check_tensor (func, "weight", weight, error) ||
      (bias != NULL && !gt_op_check_tensor (func, "bias", bias, error)) ||
      !gt_op_check_devices (func, all, bias != NULL ? 3 : 2, error))
    return FALSE;
  if (self->dtype != GT_DTYPE_FLOAT32 && self->dtype != GT_DTYPE_FLOAT64)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "%s: expected a float32 or float64 input, got %s", func,
                   gt_dtype_get_name (self->dtype));
      return FALSE;
    }
  if (!check_dtype_match (func, self, weight, "weight", error) ||
      (bias != NULL && !check_dtype_match (func, self, bias, "bias", error)))
    return FALSE;

  xs = gt_shape_to_string (self->sizes, self->ndim);
  ws = gt_shape_to_string (weight->sizes, weight->ndim);
  if (self->ndim != 3 && self->ndim != 4)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: expected 3D (unbatched) or 4D (batched) input, but "
                   "got input of size %s", func, xs);
      return FALSE;
    }
  if (weight->ndim != 4)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: expected a 4D weight [out_channels, in_channels / "
                   "groups, kH, kW], but got weight of size %s", func, ws);
      return FALSE;
    }
  if (groups <= 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: non-positive groups is not supported (groups=%"
                   G_GINT64_FORMAT ")", func, groups);
      return FALSE;
    }
  if (weight->sizes[0] % groups != 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: expected weight %s to be divisible by groups=%"
                   G_GINT64_FORMAT " at dimension 0", func, ws, groups);
      return FALSE;
    }
  if (self->sizes[self->ndim - 3] != weight->sizes[1] * groups)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: given groups=%" G_GINT64_FORMAT ", weight of size %s "
                   "expects input %s to have %" G_GINT64_FORMAT " channels, "
                   "but got %" G_GINT64_FORMAT " channels instead", func,
                   groups, ws, xs, weight->sizes[1] * groups,
                   self->sizes[self->ndim - 3]);
      return FALSE;
    }
  if (bias != NULL && (bias->ndim != 1 || bias->sizes[0] != weight->sizes[0]))
    {
      g_autofree char *bs = gt_shape_to_string (bias->sizes, bias->ndim);

      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: given weight of size %s, expected bias to be "
                   "1-dimensional with %" G_GINT64_FORMAT " elements, but got "
                   "bias of size %s instead", func, ws, weight->sizes[0], bs);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_window (const char     *func,
              const gint64   *stride,
              const gint64   *dilation,
              GError        **error)
{
  if (stride[0] <= 0 || stride[1] <= 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: non-positive stride is not supported (stride=[%"
                   G_GINT64_FORMAT ", %" G_GINT64_FORMAT "])", func,
                   stride[0], stride[1]);
      return FALSE;
    }
  if (dilation[0] <= 0 || dilation[1] <= 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: dilation should be greater than zero, but got [%"
                   G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]", func,
                   dilation[0], dilation[1]);
      return FALSE;
    }
  return TRUE;
}

GtTensor *
gt_conv2d_run (GtTensor          *in,
               GtTensor          *weight,
               GtTensor          *bias,
               const GtWindow2d  *win,
               gint64             oh,
               gint64             ow,
               gint64             groups,
               GError           **error)
{
  const GtBackend *backend = gt_tensor_backend (in);
  GtTensor *inputs[3] = { in, weight, bias };
  gint64 shape[4] = { in->sizes[0], weight->sizes[0], oh, ow };
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GtTensor) xc = NULL;
  g_autoptr(GtTensor) wc = NULL;
  g_autoptr(GtTensor) bc = NULL;

  if (backend->conv == NULL || backend->conv->conv2d == NULL)
    {
      gt_backend_not_supported ("gt_tensor_conv2d", backend, error);
      return NULL;
    }
  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();

    if ((xc = gt_tensor_contiguous (in, error)) == NULL ||
        (wc = gt_tensor_contiguous (weight, error)) == NULL ||
        (bias != NULL && (bc = gt_tensor_contiguous (bias, error)) == NULL) ||
        (out = gt_tensor_new_empty (shape, 4, in->dtype, gt_tensor_device (in),
                                    error)) == NULL ||
        !backend->conv->conv2d (out, xc, wc, bc, win, groups, error))
      return NULL;
  }
  if (gt_autograd_should_record (inputs, 3))
    gt_conv_record (out, in, weight, bias, win, groups);
  return g_steal_pointer (&out);
}

/* The checked conv2d of @self (3-D or 4-D) with the top/left padding @pad
 * and the output size given by @oh, @ow. */
static GtTensor *
conv2d (GtTensor          *self,
        GtTensor          *weight,
        GtTensor          *bias,
        const GtWindow2d  *win,
        gint64             oh,
        gint64             ow,
        gint64             groups,
        GError           **error)
{
  g_autoptr(GtTensor) x4 = NULL;
  g_autoptr(GtTensor) y4 = NULL;

  if (self->ndim == 4)
    return gt_conv2d_run (self, weight, bias, win, oh, ow, groups, error);
  if ((x4 = gt_tensor_unsqueeze (self, 0, error)) == NULL ||
      (y4 = gt_conv2d_run (x4, weight, bias, win, oh, ow, groups,
                           error)) == NULL)
    return NULL;
  return gt_tensor_squeeze_dim (y4, 0, error);
}

/* torch's check that the dilated kernel fits the padded input. */
static gboolean
check_fits (const char    *func,
            GtTensor      *self,
            GtTensor      *weight,
            const gint64  *pad_total,
            const gint64  *dilation,
            GError       **error)
{
  gint64 h = self->sizes[self->ndim - 2] + pad_total[0];
  gint64 w = self->sizes[self->ndim - 1] + pad_total[1];
  gint64 kh = dilation[0] * (weight->sizes[2] - 1) + 1;
  gint64 kw = dilation[1] * (weight->sizes[3] - 1) + 1;

  if (h < kh || w < kw)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: calculated padded input size per channel: (%"
                   G_GINT64_FORMAT " x %" G_GINT64_FORMAT "). Kernel size: (%"
                   G_GINT64_FORMAT " x %" G_GINT64_FORMAT "). Kernel size "
                   "can't be greater than actual input size", func, h, w, kh,
                   kw);
      return FALSE;
    }
  return TRUE;
}

static void
window_init (GtWindow2d   *win,
             GtTensor     *weight,
             const gint64 *stride,
             const gint64 *pad,
             const gint64 *dilation)
{
  win->kh = weight->sizes[2];
  win->kw = weight->sizes[3];
  win->sh = stride[0];
  win->sw = stride[1];
  win->ph = pad[0];
  win->pw = pad[1];
  win->dh = dilation[0];
  win->dw = dilation[1];
}

/**
 * gt_tensor_conv2d:
 * @self: the input, [N, C, H, W] or unbatched [C, H, W], float32 or float64
 * @weight: the filters, [O, C / @groups, kH, kW], of @self's dtype
 * @bias: (nullable): [O] added to every output channel, or %NULL
 * @stride: (array length=n_stride): the step of the window: one value for
 *   both dims or (height, width)
 * @n_stride: the length of @stride (1 or 2)
 * @padding: (array length=n_padding): the zeros added on each side: one
 *   value or (height, width)
 * @n_padding: the length of @padding (1 or 2)
 * @dilation: (array length=n_dilation): the spacing of the kernel's
 *   elements: one value or (height, width)
 * @n_dilation: the length of @dilation (1 or 2)
 * @groups: the number of blocked connections from input to output
 *   channels; C and O must both be divisible by it
 * @error: return location for a #GError
 *
 * The 2-D convolution (cross-correlation) of torch.nn.functional.conv2d:
 * out[n, o] = bias[o] + sum over the C / @groups input channels c of group
 * o / (O / @groups) of the correlation of the padded input channel with
 * weight[o, c]. The output is [N, O, OH, OW] with
 * OH = (H + 2 * padding - dilation * (kH - 1) - 1) / stride + 1 (rounded
 * down), and likewise OW; an unbatched input gives an unbatched output.
 *
 * Records ConvolutionBackward0 (gradients for the input, the weight and
 * the bias, with second order through ConvolutionBackwardBackward0).
 *
 * Returns: (transfer full): the result, or %NULL with @error set:
 *   %GT_ERROR_SHAPE for inputs of the wrong rank, a channel mismatch, a
 *   bias of the wrong size or a kernel larger than the padded input;
 *   %GT_ERROR_VALUE for a non-positive stride, dilation or groups, a
 *   negative padding, size arrays not of length 1 or 2, or out channels
 *   not divisible by @groups; %GT_ERROR_DTYPE for a non-float input or a
 *   weight or bias of another dtype
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_conv2d (GtTensor      *self,
                  GtTensor      *weight,
                  GtTensor      *bias,
                  const gint64  *stride,
                  gsize          n_stride,
                  const gint64  *padding,
                  gsize          n_padding,
                  const gint64  *dilation,
                  gsize          n_dilation,
                  gint64         groups,
                  GError       **error)
{
  const char *func = "gt_tensor_conv2d";
  gint64 s[2], p[2], d[2], total[2];
  GtWindow2d win;
  gint64 oh, ow;

  if (!check_tensors (func, self, weight, bias, groups, error) ||
      !parse_pair (func, "stride", stride, n_stride, s, error) ||
      !parse_pair (func, "padding", padding, n_padding, p, error) ||
      !parse_pair (func, "dilation", dilation, n_dilation, d, error) ||
      !check_window (func, s, d, error))
    return NULL;
  if (p[0] < 0 || p[1] < 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: negative padding is not supported (padding=[%"
                   G_GINT64_FORMAT ", %" G_GINT64_FORMAT "])", func, p[0],
                   p[1]);
      return NULL;
    }
  total[0] = 2 * p[0];
  total[1] = 2 * p[1];
  if (!check_fits (func, self, weight, total, d, error))
    return NULL;

  window_init (&win, weight, s, p, d);
  oh = (self->sizes[self->ndim - 2] + total[0] - d[0] * (win.kh - 1) - 1) / s[0] + 1;
  ow = (self->sizes[self->ndim - 1] + total[1] - d[1] * (win.kw - 1) - 1) / s[1] + 1;
  return conv2d (self, weight, bias, &win, oh, ow, groups, error);
}

/**
 * gt_tensor_conv2d_padding_mode:
 * @self: the input, [N, C, H, W] or unbatched [C, H, W], float32 or float64
 * @weight: the filters, [O, C / @groups, kH, kW], of @self's dtype
 * @bias: (nullable): [O] added to every output channel, or %NULL
 * @stride: (array length=n_stride): the step of the window: one value for
 *   both dims or (height, width)
 * @n_stride: the length of @stride (1 or 2)
 * @padding: "valid" (no padding) or "same" (the output has the input's
 *   height and width)
 * @dilation: (array length=n_dilation): the spacing of the kernel's
 *   elements: one value or (height, width)
 * @n_dilation: the length of @dilation (1 or 2)
 * @groups: the number of blocked connections from input to output channels
 * @error: return location for a #GError
 *
 * [method@Gt.Tensor.conv2d] with torch's string paddings. "same" pads
 * dilation * (k - 1) in total along each dim, half of it before the first
 * element and the rest (one more when the total is odd) after the last, as
 * torch does; like torch it refuses a stride other than 1.
 *
 * Returns: (transfer full): the result, or %NULL with @error set: as
 *   [method@Gt.Tensor.conv2d], and %GT_ERROR_VALUE for an unknown padding
 *   string or "same" with a stride other than 1
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_conv2d_padding_mode (GtTensor      *self,
                               GtTensor      *weight,
                               GtTensor      *bias,
                               const gint64  *stride,
                               gsize          n_stride,
                               const char    *padding,
                               const gint64  *dilation,
                               gsize          n_dilation,
                               gint64         groups,
                               GError       **error)
{
  const char *func = "gt_tensor_conv2d_padding_mode";
  const gint64 zero[2] = { 0, 0 };
  gint64 s[2], d[2], total[2], p[2];
  gboolean same;
  GtWindow2d win;
  gint64 oh, ow;

  if (!check_tensors (func, self, weight, bias, groups, error) ||
      !parse_pair (func, "stride", stride, n_stride, s, error) ||
      !parse_pair (func, "dilation", dilation, n_dilation, d, error) ||
      !check_window (func, s, d, error))
    return NULL;
  if (g_strcmp0 (padding, "same") == 0)
    same = TRUE;
  else if (g_strcmp0 (padding, "valid") == 0)
    same = FALSE;
  else
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: invalid padding string: '%s' (expected 'same' or "
                   "'valid')", func, padding != NULL ? padding : "(null)");
      return NULL;
    }
  if (same && (s[0] != 1 || s[1] != 1))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: padding='same' is not supported for strided "
                   "convolutions (stride=[%" G_GINT64_FORMAT ", %"
                   G_GINT64_FORMAT "])", func, s[0], s[1]);
      return NULL;
    }

  if (same)
    {
      total[0] = d[0] * (weight->sizes[2] - 1);
      total[1] = d[1] * (weight->sizes[3] - 1);
    }
  else
    total[0] = total[1] = 0;
  p[0] = total[0] / 2;
  p[1] = total[1] / 2;
  if (!check_fits (func, self, weight, total, d, error))
    return NULL;

  window_init (&win, weight, s, same ? p : zero, d);
  oh = (self->sizes[self->ndim - 2] + total[0] - d[0] * (win.kh - 1) - 1) / s[0] + 1;
  ow = (self->sizes[self->ndim - 1] + total[1] - d[1] * (win.kw - 1) - 1) / s[1] + 1;
  return conv2d (self, weight, bias, &win, oh, ow, groups, error);
}
