#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib-object.h>
#include <gtensor/gt-version-macros.h>
#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

#define GT_TYPE_FUNCTION (gt_function_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GtFunction, gt_function, GT, FUNCTION, GObject)

/**
 * GtFunctionClass:
 * @parent_class: the parent class
 * @forward: computes the outputs from the inputs (grad mode is off while it
 *   runs); may call [method@Gt.Function.save_for_backward]
 * @backward: computes one gradient per input from one gradient per output
 *   (zeros where none flowed); %NULL entries for inputs without gradient
 *
 * The virtual methods of a custom differentiable operation
 * (torch.autograd.Function's forward and backward). Both return a new
 * array and a reference to each of its tensors: in C, build it with
 * `g_ptr_array_new_with_free_func (g_object_unref)` and add new references.
 *
 * Since: 0.1
 */

/**
 * GtFunctionClass::forward:
 * @self: a #GtFunction
 * @inputs: (element-type Gt.Tensor): the input tensors
 * @error: return location for a #GError
 *
 * Computes the outputs; called by [method@Gt.Function.apply] with grad
 * mode off.
 *
 * Returns: (transfer full) (element-type Gt.Tensor): the outputs, or %NULL
 *   with @error set
 *
 * Since: 0.1
 */

/**
 * GtFunctionClass::backward:
 * @self: a #GtFunction
 * @grad_outputs: (element-type Gt.Tensor): one gradient per output
 * @error: return location for a #GError
 *
 * Computes the gradients of the inputs.
 *
 * Returns: (transfer full) (element-type Gt.Tensor): one gradient per
 *   input, %NULL entries where none is needed; or %NULL with @error set
 *
 * Since: 0.1
 */
struct _GtFunctionClass
{
  GObjectClass parent_class;

  GPtrArray *(*forward)  (GtFunction  *self,
                          GPtrArray   *inputs,
                          GError     **error);
  GPtrArray *(*backward) (GtFunction  *self,
                          GPtrArray   *grad_outputs,
                          GError     **error);

  /*< private >*/
  gpointer padding[8];
};

GT_AVAILABLE_IN_ALL
GPtrArray *gt_function_apply                (GtFunction  *self,
                                             GPtrArray   *inputs,
                                             GError     **error);
GT_AVAILABLE_IN_ALL
void       gt_function_save_for_backward    (GtFunction  *self,
                                             GPtrArray   *tensors);
GT_AVAILABLE_IN_ALL
GPtrArray *gt_function_get_saved_tensors    (GtFunction  *self,
                                             GError     **error);
GT_AVAILABLE_IN_ALL
gboolean   gt_function_needs_input_grad     (GtFunction  *self,
                                             guint        i);
GT_AVAILABLE_IN_ALL
guint      gt_function_get_n_inputs         (GtFunction  *self);

G_END_DECLS
