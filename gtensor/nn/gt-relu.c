/* gt-relu.c: torch.nn.ReLU */

#include "config.h"

#include "gtensor.h"

/**
 * GtReLU:
 *
 * torch.nn.ReLU: max(0, x) elementwise. With the construct-only property
 * "inplace" (default %FALSE) the forward overwrites its input and returns
 * it, as torch's `ReLU(inplace=True)`.
 *
 * Since: 0.1
 */
struct _GtReLU
{
  GtModule parent_instance;

  gboolean inplace;
};

G_DEFINE_FINAL_TYPE (GtReLU, gt_relu, GT_TYPE_MODULE)

enum {
  PROP_0,
  PROP_INPLACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtTensor *
gt_relu_forward (GtModule  *module,
                 GtTensor  *input,
                 GError   **error)
{
  GtReLU *self = GT_RELU (module);

  if (!self->inplace)
    return gt_tensor_relu (input, error);
  if (!gt_tensor_relu_ (input, error))
    return NULL;
  return g_object_ref (input);
}

static void
gt_relu_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  GtReLU *self = GT_RELU (object);

  switch (prop_id)
    {
    case PROP_INPLACE:
      g_value_set_boolean (value, self->inplace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_relu_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  GtReLU *self = GT_RELU (object);

  switch (prop_id)
    {
    case PROP_INPLACE:
      self->inplace = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_relu_class_init (GtReLUClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gt_relu_get_property;
  object_class->set_property = gt_relu_set_property;
  GT_MODULE_CLASS (klass)->forward = gt_relu_forward;

  /**
   * GtReLU:inplace:
   *
   * Whether the forward overwrites its input.
   *
   * Since: 0.1
   */
  properties[PROP_INPLACE] =
    g_param_spec_boolean ("inplace", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                          | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gt_relu_init (GtReLU *self)
{
}

/**
 * gt_relu_new:
 *
 * Creates torch.nn.ReLU() (not in place; set the "inplace" property with
 * g_object_new() for the in-place form).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_relu_new (void)
{
  return g_object_new (GT_TYPE_RELU, NULL);
}
