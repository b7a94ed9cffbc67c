#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib-object.h>
#include <gtensor/gt-version-macros.h>
#include <gtensor/gt-dtype.h>
#include <gtensor/gt-device.h>
#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

#define GT_TYPE_MODULE (gt_module_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GtModule, gt_module, GT, MODULE, GObject)

/**
 * GtModuleClass:
 * @parent_class: the parent class
 * @forward: computes the module's output from @input; called by
 *   [method@Gt.Module.forward] between the `forward-pre` and `forward`
 *   signals
 *
 * The virtual methods of a [class@Gt.Module].
 *
 * Since: 0.1
 */

/**
 * GtModuleClass::forward:
 * @self: a #GtModule
 * @input: the input tensor
 * @error: return location for a #GError
 *
 * Computes the output of the module (torch's `forward`). Subclasses
 * override it; the base class's implementation fails with
 * %GT_ERROR_NOT_SUPPORTED.
 *
 * Returns: (transfer full): the output, or %NULL with @error set
 *
 * Since: 0.1
 */
struct _GtModuleClass
{
  GObjectClass parent_class;

  GtTensor *(*forward) (GtModule  *self,
                        GtTensor  *input,
                        GError   **error);

  /*< private >*/
  gpointer padding[8];
};

/**
 * GtModuleFunc:
 * @module: a module
 * @user_data: the data passed to [method@Gt.Module.apply]
 *
 * A function called on each module by [method@Gt.Module.apply].
 *
 * Since: 0.1
 */
typedef void (*GtModuleFunc) (GtModule *module,
                              gpointer  user_data);

GT_AVAILABLE_IN_ALL
GtTensor   *gt_module_forward             (GtModule     *self,
                                           GtTensor     *input,
                                           GError      **error);

/* registration, in order */
GT_AVAILABLE_IN_ALL
void        gt_module_register_parameter  (GtModule     *self,
                                           const char   *name,
                                           GtTensor     *param);
GT_AVAILABLE_IN_ALL
void        gt_module_register_buffer     (GtModule     *self,
                                           const char   *name,
                                           GtTensor     *buffer,
                                           gboolean      persistent);
GT_AVAILABLE_IN_ALL
void        gt_module_register_module     (GtModule     *self,
                                           const char   *name,
                                           GtModule     *module);
GT_AVAILABLE_IN_ALL
gboolean    gt_module_remove              (GtModule     *self,
                                           const char   *name);
GT_AVAILABLE_IN_ALL
GtTensor   *gt_module_get_parameter       (GtModule     *self,
                                           const char   *name);
GT_AVAILABLE_IN_ALL
GtTensor   *gt_module_get_buffer          (GtModule     *self,
                                           const char   *name);
GT_AVAILABLE_IN_ALL
GtModule   *gt_module_get_module          (GtModule     *self,
                                           const char   *name);
GT_AVAILABLE_IN_ALL
gboolean    gt_module_has_parameter       (GtModule     *self,
                                           const char   *name);
GT_AVAILABLE_IN_ALL
gboolean    gt_module_has_buffer          (GtModule     *self,
                                           const char   *name);
GT_AVAILABLE_IN_ALL
gboolean    gt_module_has_module          (GtModule     *self,
                                           const char   *name);

/* traversal */
GT_AVAILABLE_IN_ALL
GPtrArray  *gt_module_parameters          (GtModule     *self,
                                           gboolean      recurse);
GT_AVAILABLE_IN_ALL
GPtrArray  *gt_module_named_parameters    (GtModule     *self,
                                           gboolean      recurse,
                                           char       ***names);
GT_AVAILABLE_IN_ALL
GPtrArray  *gt_module_buffers             (GtModule     *self,
                                           gboolean      recurse);
GT_AVAILABLE_IN_ALL
GPtrArray  *gt_module_named_buffers       (GtModule     *self,
                                           gboolean      recurse,
                                           char       ***names);
GT_AVAILABLE_IN_ALL
GPtrArray  *gt_module_children            (GtModule     *self);
GT_AVAILABLE_IN_ALL
GPtrArray  *gt_module_named_children      (GtModule     *self,
                                           char       ***names);
GT_AVAILABLE_IN_ALL
GPtrArray  *gt_module_modules             (GtModule     *self);
GT_AVAILABLE_IN_ALL
GPtrArray  *gt_module_named_modules       (GtModule     *self,
                                           char       ***names);
GT_AVAILABLE_IN_ALL
void        gt_module_apply               (GtModule     *self,
                                           GtModuleFunc  func,
                                           gpointer      user_data);

/* modes */
GT_AVAILABLE_IN_ALL
void        gt_module_train               (GtModule     *self,
                                           gboolean      mode);
GT_AVAILABLE_IN_ALL
void        gt_module_eval                (GtModule     *self);
GT_AVAILABLE_IN_ALL
gboolean    gt_module_get_training        (GtModule     *self);
GT_AVAILABLE_IN_ALL
void        gt_module_set_training        (GtModule     *self,
                                           gboolean      training);

/* parameters' state */
GT_AVAILABLE_IN_ALL
void        gt_module_zero_grad           (GtModule     *self,
                                           gboolean      set_to_none);
GT_AVAILABLE_IN_ALL
gboolean    gt_module_to_device           (GtModule     *self,
                                           GtDevice     *device,
                                           GError      **error);
GT_AVAILABLE_IN_ALL
gboolean    gt_module_to_dtype            (GtModule     *self,
                                           GtDType       dtype,
                                           GError      **error);
GT_AVAILABLE_IN_ALL
GHashTable *gt_module_state_dict          (GtModule     *self);
GT_AVAILABLE_IN_ALL
char      **gt_module_state_dict_keys     (GtModule     *self);
GT_AVAILABLE_IN_ALL
gboolean    gt_module_load_state_dict     (GtModule     *self,
                                           GHashTable   *state_dict,
                                           gboolean      strict,
                                           GError      **error);

G_END_DECLS
