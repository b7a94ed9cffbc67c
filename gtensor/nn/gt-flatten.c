#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtFlatten:
 *
 * Flattens the dims #GtFlatten:start-dim to #GtFlatten:end-dim of its
 * input into one (torch.nn.Flatten, defaults 1 and -1: everything but the
 * batch dim), with [method@Gt.Tensor.flatten].
 *
 * Since: 0.1
 */
struct _GtFlatten
{
  GtModule parent_instance;

  gint start_dim;
  gint end_dim;
};

G_DEFINE_FINAL_TYPE (GtFlatten, gt_flatten, GT_TYPE_MODULE)

static GtTensor *
gt_flatten_forward (GtModule  *module,
                    GtTensor  *input,
                    GError   **error)
{
  GtFlatten *self = GT_FLATTEN (module);

  return gt_tensor_flatten (input, self->start_dim, self->end_dim, error);
}

static void
gt_flatten_class_init (GtFlattenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_flatten_forward;

  /**
   * GtFlatten:start-dim:
   *
   * The first dim to flatten (negative counts from the end).
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtFlatten, start_dim),
                       gt_nn_param_spec_int ("start-dim", 1));

  /**
   * GtFlatten:end-dim:
   *
   * The last dim to flatten (negative counts from the end).
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtFlatten, end_dim),
                       gt_nn_param_spec_int ("end-dim", -1));

}

static void
gt_flatten_init (GtFlatten *self)
{
  self->start_dim = 1;
  self->end_dim = -1;
}

/**
 * gt_flatten_new:
 * @start_dim: the first dim to flatten (torch's default 1)
 * @end_dim: the last dim to flatten (torch's default -1)
 *
 * Creates a flatten module.
 *
 * Returns: (transfer full): a new #GtFlatten
 *
 * Since: 0.1
 */
GtModule *
gt_flatten_new (gint start_dim,
                gint end_dim)
{
  return g_object_new (GT_TYPE_FLATTEN,
                       "start-dim", start_dim,
                       "end-dim", end_dim,
                       NULL);
}

/**
 * gt_flatten_get_start_dim:
 * @self: a #GtFlatten
 *
 * Returns: the #GtFlatten:start-dim
 *
 * Since: 0.1
 */
gint
gt_flatten_get_start_dim (GtFlatten *self)
{
  g_return_val_if_fail (GT_IS_FLATTEN (self), 0);

  return self->start_dim;
}

/**
 * gt_flatten_get_end_dim:
 * @self: a #GtFlatten
 *
 * Returns: the #GtFlatten:end-dim
 *
 * Since: 0.1
 */
gint
gt_flatten_get_end_dim (GtFlatten *self)
{
  g_return_val_if_fail (GT_IS_FLATTEN (self), 0);

  return self->end_dim;
}
