#include "config.h"

#include "gt-identity.h"

/**
 * GtIdentity:
 *
 * A module whose output is its input, the same tensor (torch.nn.Identity):
 * a placeholder in a model.
 *
 * Since: 0.1
 */
struct _GtIdentity
{
  GtModule parent_instance;
};

G_DEFINE_FINAL_TYPE (GtIdentity, gt_identity, GT_TYPE_MODULE)

static GtTensor *
gt_identity_forward (GtModule  *module,
                     GtTensor  *input,
                     GError   **error)
{
  return g_object_ref (input);
}

static void
gt_identity_class_init (GtIdentityClass *klass)
{
  GT_MODULE_CLASS (klass)->forward = gt_identity_forward;
}

static void
gt_identity_init (GtIdentity *self)
{
}

/**
 * gt_identity_new:
 *
 * Creates an identity module.
 *
 * Returns: (transfer full): a new #GtIdentity
 *
 * Since: 0.1
 */
GtModule *
gt_identity_new (void)
{
  return g_object_new (GT_TYPE_IDENTITY, NULL);
}
