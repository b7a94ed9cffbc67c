#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib-object.h>
#include <gtensor/gt-version-macros.h>
#include <gtensor/gt-tensor.h>
#include <gtensor/gt-loss-ops.h>

G_BEGIN_DECLS

#define GT_TYPE_LOSS (gt_loss_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GtLoss, gt_loss, GT, LOSS, GObject)

/**
 * GtLossClass:
 * @parent_class: the parent class
 * @forward: computes the loss of @input against @target
 *
 * The virtual methods of a [class@Gt.Loss].
 *
 * Since: 0.1
 */

/**
 * GtLossClass::forward:
 * @self: a #GtLoss
 * @input: the prediction
 * @target: the target
 * @error: return location for a #GError
 *
 * Computes the loss, reduced as #GtLoss:reduction says. The base class's
 * implementation fails with %GT_ERROR_NOT_SUPPORTED.
 *
 * Returns: (transfer full): the loss, or %NULL with @error set
 *
 * Since: 0.1
 */
struct _GtLossClass
{
  GObjectClass parent_class;

  GtTensor *(*forward) (GtLoss    *self,
                        GtTensor  *input,
                        GtTensor  *target,
                        GError   **error);

  /*< private >*/
  gpointer padding[8];
};

GT_AVAILABLE_IN_ALL
GtTensor    *gt_loss_forward       (GtLoss       *self,
                                    GtTensor     *input,
                                    GtTensor     *target,
                                    GError      **error);
GT_AVAILABLE_IN_ALL
GtReduction  gt_loss_get_reduction (GtLoss       *self);
GT_AVAILABLE_IN_ALL
void         gt_loss_set_reduction (GtLoss       *self,
                                    GtReduction   reduction);

G_END_DECLS
