#include "config.h"

#include "gt-error.h"
#include <gtensor/gt-module-list.h>  /* as gtensor.h: see gt-module-private.h */
#include "gt-module-private.h"
#include "gt-nn-util-private.h"

/**
 * GtModuleList:
 *
 * A list of modules (torch.nn.ModuleList): its children, named "0", "1",
 * ..., are registered so that their parameters belong to the parent, but
 * it has no forward of its own (calling [method@Gt.Module.forward] on it
 * fails with %GT_ERROR_NOT_SUPPORTED); the model that holds it iterates
 * over its modules.
 *
 * Since: 0.1
 */
struct _GtModuleList
{
  GtModule parent_instance;
};

G_DEFINE_FINAL_TYPE (GtModuleList, gt_module_list, GT_TYPE_MODULE)

static GtTensor *
gt_module_list_forward (GtModule  *module,
                        GtTensor  *input,
                        GError   **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "gt_module_forward: a GtModuleList has no forward; iterate over "
               "its modules instead");
  return NULL;
}

static void
gt_module_list_class_init (GtModuleListClass *klass)
{
  GT_MODULE_CLASS (klass)->forward = gt_module_list_forward;
}

static void
gt_module_list_init (GtModuleList *self)
{
}

/**
 * gt_module_list_new:
 *
 * Creates an empty module list.
 *
 * Returns: (transfer full): a new #GtModuleList
 *
 * Since: 0.1
 */
GtModule *
gt_module_list_new (void)
{
  return g_object_new (GT_TYPE_MODULE_LIST, NULL);
}

/**
 * gt_module_list_append:
 * @self: a #GtModuleList
 * @module: the module to add at the end
 *
 * Appends @module, named after its position, taking a reference.
 *
 * Since: 0.1
 */
void
gt_module_list_append (GtModuleList *self,
                       GtModule     *module)
{
  g_return_if_fail (GT_IS_MODULE_LIST (self));
  g_return_if_fail (GT_IS_MODULE (module));

  gt_nn_append_indexed (GT_MODULE (self), module);
}

/**
 * gt_module_list_get:
 * @self: a #GtModuleList
 * @index: the position, negative counting from the end as in Python
 *
 * Returns: (transfer none) (nullable): the module at @index, or %NULL when
 *   @index is out of range
 *
 * Since: 0.1
 */
GtModule *
gt_module_list_get (GtModuleList *self,
                    gint          index)
{
  g_return_val_if_fail (GT_IS_MODULE_LIST (self), NULL);

  return gt_nn_get_indexed (GT_MODULE (self), index);
}

/**
 * gt_module_list_get_length:
 * @self: a #GtModuleList
 *
 * Returns: the number of modules
 *
 * Since: 0.1
 */
guint
gt_module_list_get_length (GtModuleList *self)
{
  g_return_val_if_fail (GT_IS_MODULE_LIST (self), 0);

  return gt_module_count_children (GT_MODULE (self));
}
