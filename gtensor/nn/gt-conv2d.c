/* gt-conv2d.c: torch.nn.Conv2d */

#include "config.h"

#include <string.h>

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtConv2d:
 *
 * torch.nn.Conv2d: a 2-D convolution of a `[N, C_in, H, W]` (or
 * `[C_in, H, W]`) input with the parameter "weight" of shape
 * `[out_channels, in_channels / groups, kernel_height, kernel_width]` and
 * the optional "bias" of shape `[out_channels]` (%NULL, torch's None, when
 * the layer has none).
 *
 * torch's int-or-pair arguments are pairs of construct-only int64
 * properties: "kernel-height"/"kernel-width", "stride-height"/"stride-width"
 * (1), "padding-height"/"padding-width" (0), "dilation-height" /
 * "dilation-width" (1). torch's string paddings go in "padding-string"
 * ("same" or "valid"; %NULL, the default, means the numeric padding).
 * Then "groups" (1), "bias" (%TRUE), "padding-mode" ("zeros", the only
 * mode implemented: "reflect", "replicate" and "circular" are
 * %GT_ERROR_NOT_SUPPORTED) and "dtype" (float32).
 *
 * The parameters are initialised as torch 1.13 does from the library's
 * generator: kaiming_uniform_(a=sqrt(5)) for the weight, then the bias
 * uniform in ±1/sqrt(fan_in), fan_in = in_channels / groups * kernel area.
 *
 * A configuration torch's constructor refuses (groups not dividing the
 * channels, a bad padding string, "same" with a stride, an unknown padding
 * mode, negative sizes, an integer dtype) gives a layer whose forward fails
 * with the reason; [ctor@Gt.Conv2d.new_full] reports it at construction.
 *
 * Since: 0.1
 */
struct _GtConv2d
{
  GtModule parent_instance;

  gint64 in_channels;
  gint64 out_channels;
  GtNnWindow window;
  char *padding_string;
  gint64 groups;
  gboolean bias;
  char *padding_mode;
  GtDType dtype;
};

G_DEFINE_FINAL_TYPE (GtConv2d, gt_conv2d, GT_TYPE_MODULE)

/* The checks of torch's _ConvNd.__init__, in its order. */
static gboolean
check_config (GtConv2d  *self,
              GError   **error)
{
  const char *mode = self->padding_mode;

  if (self->in_channels < 0 || self->out_channels < 0
      || self->window.kernel[0] < 0 || self->window.kernel[1] < 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_conv2d_new: channels and kernel sizes must be "
                   "non-negative, got in_channels=%" G_GINT64_FORMAT
                   ", out_channels=%" G_GINT64_FORMAT ", kernel_size=(%"
                   G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                   self->in_channels, self->out_channels,
                   self->window.kernel[0], self->window.kernel[1]);
      return FALSE;
    }
  if (self->groups <= 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_conv2d_new: groups must be a positive integer, got %"
                   G_GINT64_FORMAT, self->groups);
      return FALSE;
    }
  if (self->in_channels % self->groups != 0
      || self->out_channels % self->groups != 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_conv2d_new: %s must be divisible by groups (%"
                   G_GINT64_FORMAT " channels, groups=%" G_GINT64_FORMAT ")",
                   self->in_channels % self->groups != 0
                   ? "in_channels" : "out_channels",
                   self->in_channels % self->groups != 0
                   ? self->in_channels : self->out_channels,
                   self->groups);
      return FALSE;
    }
  if (self->padding_string != NULL)
    {
      if (strcmp (self->padding_string, "same") != 0
          && strcmp (self->padding_string, "valid") != 0)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "gt_conv2d_new: Invalid padding string '%s', should "
                       "be one of {'valid', 'same'}", self->padding_string);
          return FALSE;
        }
      if (strcmp (self->padding_string, "same") == 0
          && (self->window.stride[0] != 1 || self->window.stride[1] != 1))
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "gt_conv2d_new: padding='same' is not supported for "
                       "strided convolutions");
          return FALSE;
        }
    }
  if (strcmp (mode, "zeros") != 0)
    {
      gboolean known = strcmp (mode, "reflect") == 0
                       || strcmp (mode, "replicate") == 0
                       || strcmp (mode, "circular") == 0;

      if (known)
        g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
                     "gt_conv2d_new: padding_mode='%s' is not implemented; "
                     "only 'zeros' is", mode);
      else
        g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                     "gt_conv2d_new: padding_mode must be one of {'zeros', "
                     "'reflect', 'replicate', 'circular'}, but got "
                     "padding_mode='%s'", mode);
      return FALSE;
    }
  return gt_nn_check_float_dtype ("gt_conv2d_new", "parameters", self->dtype,
                                  error);
}

static gboolean
make_parameters (GtModule  *module,
                 GError   **error)
{
  GtConv2d *self = GT_CONV2D (module);
  g_autoptr(GtTensor) weight = NULL;
  g_autoptr(GtTensor) bias = NULL;
  gint64 shape[4];

  if (!check_config (self, error))
    return FALSE;
  shape[0] = self->out_channels;
  shape[1] = self->in_channels / self->groups;
  shape[2] = self->window.kernel[0];
  shape[3] = self->window.kernel[1];
  weight = gt_empty (shape, 4, self->dtype, NULL, error);
  if (weight == NULL)
    return FALSE;
  if (self->bias)
    {
      bias = gt_empty (shape, 1, self->dtype, NULL, error);
      if (bias == NULL)
        return FALSE;
    }
  /* _ConvNd.reset_parameters draws no bias when fan_in is 0 */
  return gt_nn_reset_weight_and_bias (weight, bias,
                                      shape[1] * shape[2] * shape[3], TRUE,
                                      error)
         && gt_nn_register_parameter (GT_MODULE (self), "weight", weight,
                                      error)
         && gt_nn_register_parameter (GT_MODULE (self), "bias", bias, error);
}

static GtTensor *
gt_conv2d_forward (GtModule  *module,
                   GtTensor  *input,
                   GError   **error)
{
  GtConv2d *self = GT_CONV2D (module);
  const GtNnWindow *w = &self->window;
  GtTensor *weight;
  GtTensor *bias;

  if (!gt_nn_check_valid (module, error))
    return NULL;
  weight = gt_nn_require_weight (module, error);
  if (weight == NULL)
    return NULL;
  bias = gt_module_get_parameter (module, "bias");
  if (self->padding_string != NULL)
    return gt_tensor_conv2d_padding_mode (input, weight, bias, w->stride, 2,
                                          self->padding_string,
                                          w->dilation, 2, self->groups,
                                          error);
  return gt_tensor_conv2d (input, weight, bias, w->stride, 2, w->padding, 2,
                           w->dilation, 2, self->groups, error);
}

static void
gt_conv2d_constructed (GObject *object)
{
  G_OBJECT_CLASS (gt_conv2d_parent_class)->constructed (object);
  gt_nn_construct (GT_MODULE (object), make_parameters, "gt_conv2d_new");
}

static void
gt_conv2d_finalize (GObject *object)
{
  GtConv2d *self = GT_CONV2D (object);

  g_free (self->padding_string);
  g_free (self->padding_mode);
  G_OBJECT_CLASS (gt_conv2d_parent_class)->finalize (object);
}

static void
gt_conv2d_class_init (GtConv2dClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gt_conv2d_constructed;
  object_class->finalize = gt_conv2d_finalize;
  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_conv2d_forward;

  /**
   * GtConv2d:in-channels:
   *
   * The number of input channels.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtConv2d, in_channels),
                       gt_nn_param_spec_size ("in-channels", 1));
  /**
   * GtConv2d:out-channels:
   *
   * The number of output channels.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtConv2d, out_channels),
                       gt_nn_param_spec_size ("out-channels", 1));
  /**
   * GtConv2d:kernel-height:
   *
   * The height of the kernel.
   *
   * Since: 0.1
   */
  /**
   * GtConv2d:kernel-width:
   *
   * The width of the kernel.
   *
   * Since: 0.1
   */
  /**
   * GtConv2d:stride-height:
   *
   * The vertical stride.
   *
   * Since: 0.1
   */
  /**
   * GtConv2d:stride-width:
   *
   * The horizontal stride.
   *
   * Since: 0.1
   */
  /**
   * GtConv2d:padding-height:
   *
   * The zero padding at the top and bottom (unused with
   * #GtConv2d:padding-string).
   *
   * Since: 0.1
   */
  /**
   * GtConv2d:padding-width:
   *
   * The zero padding left and right (unused with #GtConv2d:padding-string).
   *
   * Since: 0.1
   */
  /**
   * GtConv2d:dilation-height:
   *
   * The vertical spacing of the kernel's elements.
   *
   * Since: 0.1
   */
  /**
   * GtConv2d:dilation-width:
   *
   * The horizontal spacing of the kernel's elements.
   *
   * Since: 0.1
   */
  gt_nn_install_window (object_class, GT_NN_FIELD (GtConv2d, window), 1,
                        TRUE);
  /**
   * GtConv2d:padding-string:
   *
   * torch's string padding, "same" or "valid"; %NULL for the numeric
   * padding.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtConv2d, padding_string),
                       gt_nn_param_spec_string ("padding-string", NULL));
  /**
   * GtConv2d:groups:
   *
   * The number of blocked connections from input to output channels.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtConv2d, groups),
                       gt_nn_param_spec_size ("groups", 1));
  /**
   * GtConv2d:bias:
   *
   * Whether the layer has a bias parameter.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtConv2d, bias),
                       gt_nn_param_spec_boolean ("bias", TRUE));
  /**
   * GtConv2d:padding-mode:
   *
   * torch's padding_mode; only "zeros" is implemented.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtConv2d, padding_mode),
                       gt_nn_param_spec_string ("padding-mode", "zeros"));
  /**
   * GtConv2d:dtype:
   *
   * The dtype of the parameters (a floating-point one).
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtConv2d, dtype),
                       gt_nn_param_spec_dtype ());
}

static void
gt_conv2d_init (GtConv2d *self)
{
  /* every field is a construct property, which g_object_new sets, to its
   * default when not given */
}

/**
 * gt_conv2d_new:
 * @in_channels: the number of input channels
 * @out_channels: the number of output channels
 * @kernel_size: the height and width of the kernel
 * @stride: the stride in both dims (torch's default 1)
 * @padding: the zero padding in both dims (torch's default 0)
 *
 * Creates a float32 torch.nn.Conv2d(@in_channels, @out_channels,
 * @kernel_size, @stride, @padding) with a bias. Negative sizes give a layer
 * whose forward fails; [ctor@Gt.Conv2d.new_full] reports them at once.
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_conv2d_new (gint64 in_channels,
               gint64 out_channels,
               gint64 kernel_size,
               gint64 stride,
               gint64 padding)
{
  return g_object_new (GT_TYPE_CONV2D,
                       "in-channels", in_channels,
                       "out-channels", out_channels,
                       "kernel-height", kernel_size,
                       "kernel-width", kernel_size,
                       "stride-height", stride,
                       "stride-width", stride,
                       "padding-height", padding,
                       "padding-width", padding,
                       NULL);
}

/**
 * gt_conv2d_new_full:
 * @in_channels: the number of input channels
 * @out_channels: the number of output channels
 * @kernel_height: the height of the kernel
 * @kernel_width: the width of the kernel
 * @stride_height: the vertical stride
 * @stride_width: the horizontal stride
 * @padding_height: the zero padding at the top and bottom
 * @padding_width: the zero padding left and right
 * @padding_string: (nullable): "same" or "valid" instead of the numeric
 *   padding, or %NULL
 * @dilation_height: the vertical dilation
 * @dilation_width: the horizontal dilation
 * @groups: the number of groups
 * @bias: whether to add a learnable bias
 * @padding_mode: (nullable): torch's padding_mode; %NULL means "zeros",
 *   the only mode implemented
 * @dtype: the dtype of the parameters
 * @error: return location for a #GError
 *
 * Creates torch.nn.Conv2d with every argument.
 *
 * Returns: (transfer full): the new layer, or %NULL with @error set:
 *   %GT_ERROR_VALUE where torch's constructor raises ValueError,
 *   %GT_ERROR_NOT_SUPPORTED for the padding modes other than "zeros",
 *   %GT_ERROR_DTYPE for a dtype that is not floating-point
 *
 * Since: 0.1
 */
GtModule *
gt_conv2d_new_full (gint64       in_channels,
                    gint64       out_channels,
                    gint64       kernel_height,
                    gint64       kernel_width,
                    gint64       stride_height,
                    gint64       stride_width,
                    gint64       padding_height,
                    gint64       padding_width,
                    const char  *padding_string,
                    gint64       dilation_height,
                    gint64       dilation_width,
                    gint64       groups,
                    gboolean     bias,
                    const char  *padding_mode,
                    GtDType      dtype,
                    GError     **error)
{
  GtConv2d *self = g_object_new (GT_TYPE_CONV2D,
                                 "in-channels", in_channels,
                                 "out-channels", out_channels,
                                 "kernel-height", kernel_height,
                                 "kernel-width", kernel_width,
                                 "stride-height", stride_height,
                                 "stride-width", stride_width,
                                 "padding-height", padding_height,
                                 "padding-width", padding_width,
                                 "padding-string", padding_string,
                                 "dilation-height", dilation_height,
                                 "dilation-width", dilation_width,
                                 "groups", groups,
                                 "bias", bias,
                                 "padding-mode", padding_mode,
                                 "dtype", dtype,
                                 NULL);

  return gt_nn_valid_or_unref (GT_MODULE (self), error);
}
