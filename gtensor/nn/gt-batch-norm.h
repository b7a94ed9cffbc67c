#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_BATCH_NORM (gt_batch_norm_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GtBatchNorm, gt_batch_norm, GT, BATCH_NORM, GtModule)

/**
 * GtBatchNormClass:
 * @parent_class: the parent class
 * @check_input_dim: refuses an input whose number of dims the subclass does
 *   not take (torch's `_check_input_dim`)
 *
 * The class of the batch normalisations: the abstract base of
 * [class@Gt.BatchNorm1d] and [class@Gt.BatchNorm2d], torch's `_BatchNorm`.
 *
 * Since: 0.1
 */

/**
 * GtBatchNormClass::check_input_dim:
 * @self: a #GtBatchNorm
 * @input: the forward's input
 * @error: return location for a #GError
 *
 * Checks the number of dims of @input.
 *
 * Returns: %TRUE when @input is accepted, else %FALSE with @error set
 *
 * Since: 0.1
 */
struct _GtBatchNormClass
{
  GtModuleClass parent_class;

  gboolean (*check_input_dim) (GtBatchNorm  *self,
                               GtTensor     *input,
                               GError      **error);

  /*< private >*/
  gpointer padding[4];
};

GT_AVAILABLE_IN_ALL
gboolean gt_batch_norm_reset_running_stats (GtBatchNorm  *self,
                                            GError      **error);
GT_AVAILABLE_IN_ALL
gboolean gt_batch_norm_reset_parameters    (GtBatchNorm  *self,
                                            GError      **error);

G_END_DECLS
