/* gt-linear.c: torch.nn.Linear */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtLinear:
 *
 * A fully connected layer, torch.nn.Linear: `y = x W^T + b` with a weight
 * of shape `[out_features, in_features]` and an optional bias of shape
 * `[out_features]`, registered as the parameters "weight" and "bias" (a
 * layer without bias registers "bias" as %NULL, as torch's None).
 *
 * The parameters are initialised as torch 1.13 does, drawing from the
 * library's generator: the weight with kaiming_uniform_(a=sqrt(5)), that is
 * uniform(-b, b) with b = 1/sqrt(in_features), then the bias uniform in
 * ±1/sqrt(in_features). So [func@Gt.manual_seed] (s) followed by a new layer
 * gives the weights of `torch.manual_seed(s); torch.nn.Linear(...)`.
 *
 * The constructor arguments are construct-only properties: "in-features",
 * "out-features", "bias" (default %TRUE) and "dtype" (default float32, torch's
 * `dtype=`). An invalid configuration made with g_object_new() (negative
 * sizes, an integer dtype) gives a layer whose forward fails with the
 * reason; [ctor@Gt.Linear.new_full] reports it at construction.
 *
 * Since: 0.1
 */
struct _GtLinear
{
  GtModule parent_instance;

  gint64 in_features;
  gint64 out_features;
  gboolean bias;
  GtDType dtype;
};

G_DEFINE_FINAL_TYPE (GtLinear, gt_linear, GT_TYPE_MODULE)

static gboolean
make_parameters (GtModule  *module,
                 GError   **error)
{
  GtLinear *self = GT_LINEAR (module);
  g_autoptr(GtTensor) weight = NULL;
  g_autoptr(GtTensor) bias = NULL;
  gint64 shape[2] = { self->out_features, self->in_features };

  if (self->in_features < 0 || self->out_features < 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_linear_new: in_features and out_features must be "
                   "non-negative, got %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                   self->in_features, self->out_features);
      return FALSE;
    }
  if (!gt_nn_check_float_dtype ("gt_linear_new", "parameters", self->dtype,
                                error))
    return FALSE;
  weight = gt_empty (shape, 2, self->dtype, NULL, error);
  if (weight == NULL)
    return FALSE;
  if (self->bias)
    {
      bias = gt_empty (shape, 1, self->dtype, NULL, error);
      if (bias == NULL)
        return FALSE;
    }
  /* Linear.reset_parameters draws the bias even when in_features is 0 */
  return gt_nn_reset_weight_and_bias (weight, bias, self->in_features, FALSE,
                                      error)
         && gt_nn_register_parameter (GT_MODULE (self), "weight", weight,
                                      error)
         && gt_nn_register_parameter (GT_MODULE (self), "bias", bias, error);
}

static GtTensor *
gt_linear_forward (GtModule  *module,
                   GtTensor  *input,
                   GError   **error)
{
  GtTensor *weight;

  if (!gt_nn_check_valid (module, error))
    return NULL;
  weight = gt_nn_require_weight (module, error);
  if (weight == NULL)
    return NULL;
  return gt_tensor_linear (input, weight,
                           gt_module_get_parameter (module, "bias"), error);
}

static void
gt_linear_constructed (GObject *object)
{
  G_OBJECT_CLASS (gt_linear_parent_class)->constructed (object);
  gt_nn_construct (GT_MODULE (object), make_parameters, "gt_linear_new");
}

static void
gt_linear_class_init (GtLinearClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtModuleClass *module_class = GT_MODULE_CLASS (klass);

  object_class->constructed = gt_linear_constructed;
  gt_nn_use_fields (object_class);
  module_class->forward = gt_linear_forward;

  /**
   * GtLinear:in-features:
   *
   * The size of each input sample (the input's last dim).
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtLinear, in_features),
                       gt_nn_param_spec_size ("in-features", 0));
  /**
   * GtLinear:out-features:
   *
   * The size of each output sample.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtLinear, out_features),
                       gt_nn_param_spec_size ("out-features", 0));
  /**
   * GtLinear:bias:
   *
   * Whether the layer has a bias parameter.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtLinear, bias),
                       gt_nn_param_spec_boolean ("bias", TRUE));
  /**
   * GtLinear:dtype:
   *
   * The dtype of the parameters (a floating-point one).
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtLinear, dtype),
                       gt_nn_param_spec_dtype ());
}

static void
gt_linear_init (GtLinear *self)
{
  self->bias = TRUE;
  self->dtype = GT_DTYPE_FLOAT32;
}

/**
 * gt_linear_new:
 * @in_features: the size of each input sample
 * @out_features: the size of each output sample
 * @bias: whether to add a learnable bias
 *
 * Creates a float32 torch.nn.Linear(@in_features, @out_features, @bias).
 * Negative sizes give a layer whose forward fails; use
 * [ctor@Gt.Linear.new_full] to be told at construction.
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_linear_new (gint64   in_features,
               gint64   out_features,
               gboolean bias)
{
  return g_object_new (GT_TYPE_LINEAR,
                       "in-features", in_features,
                       "out-features", out_features,
                       "bias", bias,
                       NULL);
}

/**
 * gt_linear_new_full:
 * @in_features: the size of each input sample
 * @out_features: the size of each output sample
 * @bias: whether to add a learnable bias
 * @dtype: the dtype of the parameters
 * @error: return location for a #GError
 *
 * Creates torch.nn.Linear(@in_features, @out_features, @bias, dtype=@dtype).
 *
 * Returns: (transfer full): the new layer, or %NULL with @error set
 *   (%GT_ERROR_VALUE for negative sizes, %GT_ERROR_DTYPE for a dtype that
 *   is not floating-point)
 *
 * Since: 0.1
 */
GtModule *
gt_linear_new_full (gint64    in_features,
                    gint64    out_features,
                    gboolean  bias,
                    GtDType   dtype,
                    GError  **error)
{
  GtLinear *self = g_object_new (GT_TYPE_LINEAR,
                                 "in-features", in_features,
                                 "out-features", out_features,
                                 "bias", bias,
                                 "dtype", dtype,
                                 NULL);

  return gt_nn_valid_or_unref (GT_MODULE (self), error);
}
