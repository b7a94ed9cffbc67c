/* gt-gelu.c: torch.nn.GELU */

#include "config.h"

#include "gtensor.h"

/**
 * GtGELU:
 *
 * torch.nn.GELU: x * Φ(x) elementwise, or its tanh approximation. The
 * construct-only property "approximate" is torch's string, "none" (the
 * default) or "tanh"; another string fails at forward, as in torch.
 *
 * Since: 0.1
 */
struct _GtGELU
{
  GtModule parent_instance;

  char *approximate;
};

G_DEFINE_FINAL_TYPE (GtGELU, gt_gelu, GT_TYPE_MODULE)

enum {
  PROP_0,
  PROP_APPROXIMATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtTensor *
gt_gelu_forward (GtModule  *module,
                 GtTensor  *input,
                 GError   **error)
{
  GtGELU *self = GT_GELU (module);

  return gt_tensor_gelu (input, self->approximate, error);
}

static void
gt_gelu_finalize (GObject *object)
{
  GtGELU *self = GT_GELU (object);

  g_free (self->approximate);
  G_OBJECT_CLASS (gt_gelu_parent_class)->finalize (object);
}

static void
gt_gelu_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  GtGELU *self = GT_GELU (object);

  switch (prop_id)
    {
    case PROP_APPROXIMATE:
      g_value_set_string (value, self->approximate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_gelu_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  GtGELU *self = GT_GELU (object);

  switch (prop_id)
    {
    case PROP_APPROXIMATE:
      g_free (self->approximate);
      /* NULL (not set from a binding) means torch's default */
      self->approximate = g_strdup (g_value_get_string (value) != NULL
                                    ? g_value_get_string (value) : "none");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_gelu_class_init (GtGELUClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gt_gelu_finalize;
  object_class->get_property = gt_gelu_get_property;
  object_class->set_property = gt_gelu_set_property;
  GT_MODULE_CLASS (klass)->forward = gt_gelu_forward;

  /**
   * GtGELU:approximate:
   *
   * "none" for the exact GELU, "tanh" for the tanh approximation.
   *
   * Since: 0.1
   */
  properties[PROP_APPROXIMATE] =
    g_param_spec_string ("approximate", NULL, NULL, "none",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                         | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gt_gelu_init (GtGELU *self)
{
}

/**
 * gt_gelu_new:
 * @approximate: (nullable): "none" or "tanh"; %NULL means "none"
 *
 * Creates torch.nn.GELU(approximate=@approximate).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_gelu_new (const char *approximate)
{
  return g_object_new (GT_TYPE_GELU, "approximate", approximate, NULL);
}
