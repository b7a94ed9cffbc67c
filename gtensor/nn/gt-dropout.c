/* gt-dropout.c: torch.nn.Dropout */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"
#include "gt-error-private.h"

/**
 * GtDropout:
 *
 * torch.nn.Dropout: in training mode zeroes each element with probability
 * "p" (default 0.5), drawing from the library's generator, and scales the
 * others by 1 / (1 - p); in evaluation mode the identity (the input itself
 * is returned, as torch does). "inplace" (default %FALSE) makes the
 * training forward overwrite its input. A "p" outside [0, 1] gives a layer
 * whose forward fails (%GT_ERROR_VALUE); [ctor@Gt.Dropout.new_full] reports
 * it at construction, as torch's constructor does.
 *
 * Since: 0.1
 */
struct _GtDropout
{
  GtModule parent_instance;

  gdouble p;
  gboolean inplace;
};

G_DEFINE_FINAL_TYPE (GtDropout, gt_dropout, GT_TYPE_MODULE)

static GtTensor *
gt_dropout_forward (GtModule  *module,
                    GtTensor  *input,
                    GError   **error)
{
  GtDropout *self = GT_DROPOUT (module);
  gboolean training = gt_module_get_training (module);

  if (!gt_nn_check_valid (module, error))
    return NULL;
  if (!self->inplace)
    return gt_tensor_dropout (input, self->p, training, error);
  if (!gt_tensor_dropout_ (input, self->p, training, error))
    return NULL;
  return g_object_ref (input);
}

static void
gt_dropout_constructed (GObject *object)
{
  GtDropout *self = GT_DROPOUT (object);

  G_OBJECT_CLASS (gt_dropout_parent_class)->constructed (object);
  /* written so that NaN is refused too */
  if (!(self->p >= 0 && self->p <= 1))
    g_set_error (gt_module_invalid (GT_MODULE (self)), GT_ERROR,
                 GT_ERROR_VALUE,
                 "gt_dropout_new: dropout probability has to be between 0 "
                 "and 1, but got %g", self->p);
}

static void
gt_dropout_class_init (GtDropoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gt_dropout_constructed;
  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_dropout_forward;

  /**
   * GtDropout:p:
   *
   * The probability of zeroing an element, in [0, 1].
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtDropout, p),
                       gt_nn_param_spec_double ("p", 0.5));
  /**
   * GtDropout:inplace:
   *
   * Whether the forward overwrites its input.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtDropout, inplace),
                       gt_nn_param_spec_boolean ("inplace", FALSE));
}

static void
gt_dropout_init (GtDropout *self)
{
  self->p = 0.5;
}

/**
 * gt_dropout_new:
 * @p: the probability of zeroing an element (torch's default is 0.5)
 *
 * Creates torch.nn.Dropout(@p). A @p outside [0, 1] gives a layer whose
 * forward fails; [ctor@Gt.Dropout.new_full] reports it at once.
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_dropout_new (gdouble p)
{
  return g_object_new (GT_TYPE_DROPOUT, "p", p, NULL);
}

/**
 * gt_dropout_new_full:
 * @p: the probability of zeroing an element
 * @inplace: whether the forward overwrites its input
 * @error: return location for a #GError
 *
 * Creates torch.nn.Dropout(@p, @inplace).
 *
 * Returns: (transfer full): the new layer, or %NULL with @error set
 *   (%GT_ERROR_VALUE when @p is not in [0, 1])
 *
 * Since: 0.1
 */
GtModule *
gt_dropout_new_full (gdouble    p,
                     gboolean   inplace,
                     GError   **error)
{
  GtDropout *self = gt_object_new_checked ("gt_dropout_new", GT_TYPE_DROPOUT,
                                           error,
                                           "p", p,
                                           "inplace", inplace,
                                           NULL);

  if (self == NULL)
    return NULL;
  return gt_nn_valid_or_unref (GT_MODULE (self), error);
}
