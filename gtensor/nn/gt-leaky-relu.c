/* gt-leaky-relu.c: torch.nn.LeakyReLU */

#include "config.h"

#include "gtensor.h"

/**
 * GtLeakyReLU:
 *
 * torch.nn.LeakyReLU: x for x >= 0, negative_slope * x below. Construct-only
 * properties "negative-slope" (default 0.01) and "inplace" (default %FALSE;
 * when set the forward overwrites its input and returns it).
 *
 * Since: 0.1
 */
struct _GtLeakyReLU
{
  GtModule parent_instance;

  gdouble negative_slope;
  gboolean inplace;
};

G_DEFINE_FINAL_TYPE (GtLeakyReLU, gt_leaky_relu, GT_TYPE_MODULE)

enum {
  PROP_0,
  PROP_NEGATIVE_SLOPE,
  PROP_INPLACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtTensor *
gt_leaky_relu_forward (GtModule  *module,
                       GtTensor  *input,
                       GError   **error)
{
  GtLeakyReLU *self = GT_LEAKY_RELU (module);

  if (!self->inplace)
    return gt_tensor_leaky_relu (input, self->negative_slope, error);
  if (!gt_tensor_leaky_relu_ (input, self->negative_slope, error))
    return NULL;
  return g_object_ref (input);
}

static void
gt_leaky_relu_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GtLeakyReLU *self = GT_LEAKY_RELU (object);

  switch (prop_id)
    {
    case PROP_NEGATIVE_SLOPE:
      g_value_set_double (value, self->negative_slope);
      break;
    case PROP_INPLACE:
      g_value_set_boolean (value, self->inplace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_leaky_relu_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GtLeakyReLU *self = GT_LEAKY_RELU (object);

  switch (prop_id)
    {
    case PROP_NEGATIVE_SLOPE:
      self->negative_slope = g_value_get_double (value);
      break;
    case PROP_INPLACE:
      self->inplace = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_leaky_relu_class_init (GtLeakyReLUClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                      | G_PARAM_STATIC_STRINGS;

  object_class->get_property = gt_leaky_relu_get_property;
  object_class->set_property = gt_leaky_relu_set_property;
  GT_MODULE_CLASS (klass)->forward = gt_leaky_relu_forward;

  /**
   * GtLeakyReLU:negative-slope:
   *
   * The slope for negative inputs.
   *
   * Since: 0.1
   */
  properties[PROP_NEGATIVE_SLOPE] =
    g_param_spec_double ("negative-slope", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.01,
                         /* lax: NaN reaches set_property instead of being
                          * dropped for the default; forward judges it */
                         flags | G_PARAM_LAX_VALIDATION);
  /**
   * GtLeakyReLU:inplace:
   *
   * Whether the forward overwrites its input.
   *
   * Since: 0.1
   */
  properties[PROP_INPLACE] =
    g_param_spec_boolean ("inplace", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gt_leaky_relu_init (GtLeakyReLU *self)
{
  self->negative_slope = 0.01;
}

/**
 * gt_leaky_relu_new:
 * @negative_slope: the slope for negative inputs (torch's default is 0.01)
 *
 * Creates torch.nn.LeakyReLU(@negative_slope).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_leaky_relu_new (gdouble negative_slope)
{
  return g_object_new (GT_TYPE_LEAKY_RELU,
                       "negative-slope", negative_slope,
                       NULL);
}
