/* gt-sigmoid.c: torch.nn.Sigmoid */

#include "config.h"

#include "gtensor.h"

/**
 * GtSigmoid:
 *
 * torch.nn.Sigmoid, the logistic function 1 / (1 + exp(-x)) elementwise. No parameters; the same in training and evaluation mode.
 *
 * Since: 0.1
 */
struct _GtSigmoid
{
  GtModule parent_instance;
};

G_DEFINE_FINAL_TYPE (GtSigmoid, gt_sigmoid, GT_TYPE_MODULE)

static GtTensor *
gt_sigmoid_forward (GtModule  *module,
                    GtTensor  *input,
                    GError   **error)
{
  return gt_tensor_sigmoid (input, error);
}

static void
gt_sigmoid_class_init (GtSigmoidClass *klass)
{
  GT_MODULE_CLASS (klass)->forward = gt_sigmoid_forward;
}

static void
gt_sigmoid_init (GtSigmoid *self)
{
}

/**
 * gt_sigmoid_new:
 *
 * Creates torch.nn.Sigmoid().
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_sigmoid_new (void)
{
  return g_object_new (GT_TYPE_SIGMOID, NULL);
}
