/* gt-log-softmax.c: torch.nn.LogSoftmax */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtLogSoftmax:
 *
 * torch.nn.LogSoftmax: the logarithm of the softmax, x_i - logsumexp(x), along the dim given by the construct-only
 * property "dim". Its default, %G_MININT, stands for torch's `dim=None`:
 * the legacy implicit choice of torch's `_get_softmax_dim`, dim 0 for 0-,
 * 1- and 3-D inputs and dim 1 otherwise (torch also warns that it is
 * deprecated).
 *
 * Since: 0.1
 */
struct _GtLogSoftmax
{
  GtModule parent_instance;

  gint dim;
};

G_DEFINE_FINAL_TYPE (GtLogSoftmax, gt_log_softmax, GT_TYPE_MODULE)

static GtTensor *
gt_log_softmax_forward (GtModule  *module,
                        GtTensor  *input,
                        GError   **error)
{
  GtLogSoftmax *self = GT_LOG_SOFTMAX (module);

  return gt_tensor_log_softmax (input, gt_nn_softmax_dim (self->dim, input),
                                error);
}

static void
gt_log_softmax_class_init (GtLogSoftmaxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_log_softmax_forward;

  /**
   * GtLogSoftmax:dim:
   *
   * The dim to normalise along (negative counts from the end); %G_MININT
   * for torch's None.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtLogSoftmax, dim),
                       gt_nn_param_spec_int ("dim", G_MININT));
}

static void
gt_log_softmax_init (GtLogSoftmax *self)
{
  self->dim = G_MININT;
}

/**
 * gt_log_softmax_new:
 * @dim: the dim to normalise along
 *
 * Creates torch.nn.LogSoftmax(dim=@dim).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_log_softmax_new (gint dim)
{
  return g_object_new (GT_TYPE_LOG_SOFTMAX, "dim", dim, NULL);
}
