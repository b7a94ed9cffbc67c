/* gt-gelu.c: torch.nn.GELU */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

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
gt_gelu_class_init (GtGELUClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gt_gelu_finalize;
  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_gelu_forward;

  /**
   * GtGELU:approximate:
   *
   * "none" for the exact GELU, "tanh" for the tanh approximation.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtGELU, approximate),
                       gt_nn_param_spec_string ("approximate", "none"));
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
