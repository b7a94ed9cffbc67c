/* gt-softmax.c: torch.nn.Softmax */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtSoftmax:
 *
 * torch.nn.Softmax: the softmax exp(x_i) / sum_j exp(x_j), along the dim given by the construct-only
 * property "dim". Its default, %G_MININT, stands for torch's `dim=None`:
 * the legacy implicit choice of torch's `_get_softmax_dim`, dim 0 for 0-,
 * 1- and 3-D inputs and dim 1 otherwise (torch also warns that it is
 * deprecated).
 *
 * Since: 0.1
 */
struct _GtSoftmax
{
  GtModule parent_instance;

  gint dim;
};

G_DEFINE_FINAL_TYPE (GtSoftmax, gt_softmax, GT_TYPE_MODULE)

static GtTensor *
gt_softmax_forward (GtModule  *module,
                    GtTensor  *input,
                    GError   **error)
{
  GtSoftmax *self = GT_SOFTMAX (module);

  return gt_tensor_softmax (input, gt_nn_softmax_dim (self->dim, input),
                            error);
}

static void
gt_softmax_class_init (GtSoftmaxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_softmax_forward;

  /**
   * GtSoftmax:dim:
   *
   * The dim to normalise along (negative counts from the end); %G_MININT
   * for torch's None.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtSoftmax, dim),
                       gt_nn_param_spec_int ("dim", G_MININT));
}

static void
gt_softmax_init (GtSoftmax *self)
{
  self->dim = G_MININT;
}

/**
 * gt_softmax_new:
 * @dim: the dim to normalise along
 *
 * Creates torch.nn.Softmax(dim=@dim).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_softmax_new (gint dim)
{
  return g_object_new (GT_TYPE_SOFTMAX, "dim", dim, NULL);
}
