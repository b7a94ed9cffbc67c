#include "config.h"

#include <stdarg.h>

#include "gt-error.h"
#include "gt-module-private.h"
#include "gt-nn-util-private.h"
#include <gtensor/gt-sequential.h>  /* as gtensor.h: see gt-module-private.h */

/**
 * GtSequential:
 *
 * A chain of modules (torch.nn.Sequential): [method@Gt.Module.forward]
 * feeds the input to the first child and each output to the next. The
 * children are named "0", "1", ... in order, so a parameter of the first
 * child appears as "0.weight" in [method@Gt.Module.state_dict].
 *
 * Since: 0.1
 */
struct _GtSequential
{
  GtModule parent_instance;
};

G_DEFINE_FINAL_TYPE (GtSequential, gt_sequential, GT_TYPE_MODULE)

static GtTensor *
gt_sequential_forward (GtModule  *module,
                       GtTensor  *input,
                       GError   **error)
{
  GtTensor *x = g_object_ref (input);
  GtModule *child;
  guint pos = 0;

  while ((child = gt_module_next_child (module, &pos)) != NULL)
    {
      GtTensor *y = gt_module_forward (child, x, error);

      g_object_unref (x);
      if (y == NULL)
        return NULL;
      x = y;
    }
  return x;
}

static void
gt_sequential_class_init (GtSequentialClass *klass)
{
  GT_MODULE_CLASS (klass)->forward = gt_sequential_forward;
}

static void
gt_sequential_init (GtSequential *self)
{
}

/**
 * gt_sequential_new:
 *
 * Creates an empty sequential container; add modules with
 * [method@Gt.Sequential.append]. An empty one returns its input.
 *
 * Returns: (transfer full): a new #GtSequential
 *
 * Since: 0.1
 */
GtModule *
gt_sequential_new (void)
{
  return g_object_new (GT_TYPE_SEQUENTIAL, NULL);
}

/**
 * gt_sequential_new_from_array:
 * @modules: (array length=n_modules): the modules, in order
 * @n_modules: the number of modules
 *
 * Creates a sequential container of @modules (torch's
 * `nn.Sequential (*modules)`), taking a reference to each.
 *
 * Returns: (transfer full): a new #GtSequential
 *
 * Since: 0.1
 */
GtModule *
gt_sequential_new_from_array (GtModule **modules,
                              gsize      n_modules)
{
  GtModule *self = gt_sequential_new ();

  for (gsize i = 0; i < n_modules; i++)
    gt_sequential_append (GT_SEQUENTIAL (self), modules[i]);
  return self;
}

/**
 * gt_sequential_new_take: (skip)
 * @first: (transfer full): the first module
 * @...: more modules (transfer full), then %NULL
 *
 * Creates a sequential container of the given modules, taking ownership
 * of each, so that C code can write
 * `gt_sequential_new_take (gt_linear_new (784, 10, TRUE), gt_relu_new (), NULL)`.
 * Bindings use [ctor@Gt.Sequential.new_from_array].
 *
 * Returns: (transfer full): a new #GtSequential
 *
 * Since: 0.1
 */
GtModule *
gt_sequential_new_take (GtModule *first,
                        ...)
{
  GtModule *self = gt_sequential_new ();
  GtModule *m;
  va_list args;

  va_start (args, first);
  for (m = first; m != NULL; m = va_arg (args, GtModule *))
    {
      gt_sequential_append (GT_SEQUENTIAL (self), m);
      g_object_unref (m);
    }
  va_end (args);
  return self;
}

/**
 * gt_sequential_append:
 * @self: a #GtSequential
 * @module: the module to add at the end
 *
 * Appends @module, named after its position ("0", "1", ...), taking a
 * reference to it.
 *
 * Since: 0.1
 */
void
gt_sequential_append (GtSequential *self,
                      GtModule     *module)
{
  g_return_if_fail (GT_IS_SEQUENTIAL (self));
  g_return_if_fail (GT_IS_MODULE (module));

  gt_nn_append_indexed (GT_MODULE (self), module);
}

/**
 * gt_sequential_get:
 * @self: a #GtSequential
 * @index: the position, negative counting from the end as in Python
 *
 * Returns: (transfer none) (nullable): the module at @index, or %NULL when
 *   @index is out of range
 *
 * Since: 0.1
 */
GtModule *
gt_sequential_get (GtSequential *self,
                   gint          index)
{
  g_return_val_if_fail (GT_IS_SEQUENTIAL (self), NULL);

  return gt_nn_get_indexed (GT_MODULE (self), index);
}

/**
 * gt_sequential_get_length:
 * @self: a #GtSequential
 *
 * Returns: the number of modules
 *
 * Since: 0.1
 */
guint
gt_sequential_get_length (GtSequential *self)
{
  g_return_val_if_fail (GT_IS_SEQUENTIAL (self), 0);

  return gt_module_count_children (GT_MODULE (self));
}
