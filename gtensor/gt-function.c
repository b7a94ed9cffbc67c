#include "config.h"

#include <string.h>

#include "gt-autograd-private.h"
#include "gt-error.h"
#include "gt-function.h"
#include "gt-grad-mode.h"
#include "gt-node-private.h"
#include "gt-shape-private.h"

/**
 * GtFunction:
 *
 * A custom differentiable operation (torch.autograd.Function), written in
 * any language by subclassing: override the `forward` and `backward`
 * virtual methods (`do_forward`/`do_backward` in Python, `vfunc_forward`/
 * `vfunc_backward` in GJS, `override` in Vala) and call
 * [method@Gt.Function.apply] on a new instance for each use.
 *
 * `forward` receives the input tensors and returns the output tensors; it
 * runs with grad mode off, and may keep tensors for the backward pass with
 * [method@Gt.Function.save_for_backward]. When an input requires grad,
 * apply() records a node named after the subclass's type name followed by
 * "Backward" ("CubeBackward"): its backward pass calls `backward` with one
 * gradient per output (zeros where none flowed), which returns one
 * gradient per input, of the input's shape (%NULL where none is needed,
 * see [method@Gt.Function.needs_input_grad]). `backward` runs with grad
 * mode on under create_graph, so when it is written with gtensor's
 * operations its gradients can be differentiated again.
 *
 * The recorded node keeps a reference to the function object; the
 * function keeps none to its outputs (saved outputs are stored by the
 * node), so no reference cycle forms.
 *
 * Since: 0.1
 */

typedef struct {
  GtNode     *node;             /* weak: cleared when the node dies */
  GPtrArray  *pending;          /* saved during forward, until the node exists */
  GArray     *slots;            /* the node's slots of the saved tensors */
  gboolean   *needs_grad;       /* per input, while no node exists */
  guint       n_inputs;
  GtTensor  **input_meta;       /* detached aliases for the shape checks */
  gboolean    applied;
  gboolean    recorded;
} GtFunctionPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GtFunction, gt_function, G_TYPE_OBJECT)

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static GPtrArray *
gt_function_real_forward (GtFunction  *self,
                          GPtrArray   *inputs,
                          GError     **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "gt_function_apply: %s does not implement forward",
               G_OBJECT_TYPE_NAME (self));
  return NULL;
}

static GPtrArray *
gt_function_real_backward (GtFunction  *self,
                           GPtrArray   *grad_outputs,
                           GError     **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "%sBackward: %s does not implement backward",
               G_OBJECT_TYPE_NAME (self), G_OBJECT_TYPE_NAME (self));
  return NULL;
}

static void
gt_function_finalize (GObject *object)
{
  GtFunctionPrivate *priv = gt_function_get_instance_private (GT_FUNCTION (object));

  g_clear_pointer (&priv->pending, g_ptr_array_unref);
  g_clear_pointer (&priv->slots, g_array_unref);
  g_clear_pointer (&priv->needs_grad, g_free);
  if (priv->input_meta != NULL)
    for (guint i = 0; i < priv->n_inputs; i++)
      g_clear_object (&priv->input_meta[i]);
  g_clear_pointer (&priv->input_meta, g_free);

  G_OBJECT_CLASS (gt_function_parent_class)->finalize (object);
}

static void
gt_function_class_init (GtFunctionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gt_function_finalize;
  klass->forward = gt_function_real_forward;
  klass->backward = gt_function_real_backward;
}

static void
gt_function_init (GtFunction *self)
{
}

/* The virtual methods return (transfer full) arrays: the caller owns one
 * reference per element, whether the array frees them (a C implementation's
 * g_ptr_array_new_with_free_func (g_object_unref)) or not (PyGObject's
 * arrays have no free func). Stealing the elements takes those references
 * either way, into an array that frees them (the convention of the
 * (transfer container) results). */
static GPtrArray *
take_result (GPtrArray *result)
{
  gsize len = 0;
  gpointer *data = g_ptr_array_steal (result, &len);
  GPtrArray *owned = g_ptr_array_new_full ((guint) len, unref_nullable);

  for (gsize i = 0; i < len; i++)
    g_ptr_array_add (owned, data[i]);
  g_free (data);
  g_ptr_array_unref (result);
  return owned;
}

static GPtrArray *
function_forward (GtFunction  *self,
                  GPtrArray   *inputs,
                  GError     **error)
{
  GPtrArray *result;

  g_return_val_if_fail (GT_IS_FUNCTION (self), NULL);

  result = GT_FUNCTION_GET_CLASS (self)->forward (self, inputs, error);
  return result ? take_result (result) : NULL;
}

static GPtrArray *
function_backward (GtFunction  *self,
                   GPtrArray   *grad_outputs,
                   GError     **error)
{
  GPtrArray *result;

  g_return_val_if_fail (GT_IS_FUNCTION (self), NULL);

  result = GT_FUNCTION_GET_CLASS (self)->backward (self, grad_outputs, error);
  return result ? take_result (result) : NULL;
}

static void
node_ctx_destroy (gpointer data)
{
  GtFunction *self = data;
  GtFunctionPrivate *priv = gt_function_get_instance_private (self);

  priv->node = NULL;
  g_object_unref (self);
}

static gboolean
same_shape (GtTensor *a, GtTensor *b)
{
  return a->ndim == b->ndim &&
         memcmp (a->sizes, b->sizes, a->ndim * sizeof (gint64)) == 0;
}

static gboolean
function_node_backward (GtNode     *node,
                        GtTensor  **grad_outputs,
                        GtTensor  **grad_inputs,
                        GError    **error)
{
  GtFunction *self = gt_node_get_ctx (node);
  GtFunctionPrivate *priv = gt_function_get_instance_private (self);
  g_autoptr(GPtrArray) grads = g_ptr_array_new_full (node->n_outputs, unref_nullable);
  g_autoptr(GPtrArray) result = NULL;
  GError *local_error = NULL;

  for (guint i = 0; i < node->n_outputs; i++)
    g_ptr_array_add (grads, g_object_ref (grad_outputs[i]));

  result = function_backward (self, grads, &local_error);
  if (result == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, GT_ERROR, GT_ERROR_AUTOGRAD,
                     "%s: backward returned no gradients", node->name);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (result->len != priv->n_inputs)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                   "%s: function backward returned an incorrect number of "
                   "gradients (expected %u, got %u)", node->name,
                   priv->n_inputs, result->len);
      return FALSE;
    }
  for (guint i = 0; i < priv->n_inputs; i++)
    {
      GtTensor *g = result->pdata[i];

      if (g == NULL || !gt_node_needs_input_grad (node, i))
        continue;
      if (!GT_IS_TENSOR (g))
        {
          g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                       "%s: gradient %u is not a tensor", node->name, i);
          return FALSE;
        }
      if (!same_shape (g, priv->input_meta[i]))
        {
          g_autofree char *got = gt_shape_to_string (g->sizes, g->ndim);
          g_autofree char *want = gt_shape_to_string (priv->input_meta[i]->sizes,
                                                      priv->input_meta[i]->ndim);
          g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                       "%s: function backward returned an invalid gradient at "
                       "index %u - got [%s] but expected shape [%s]",
                       node->name, i, got, want);
          return FALSE;
        }
      grad_inputs[i] = g_object_ref (g);
    }
  return TRUE;
}

static gboolean
check_tensors (const char *func, const char *what, GPtrArray *list, GError **error)
{
  if (list == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: %s is NULL", func, what);
      return FALSE;
    }
  for (guint i = 0; i < list->len; i++)
    if (!GT_IS_TENSOR (list->pdata[i]))
      {
        g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                     "%s: element %u of %s is not a tensor", func, i, what);
        return FALSE;
      }
  return TRUE;
}

/**
 * gt_function_apply:
 * @self: a new #GtFunction (one instance per application)
 * @inputs: (element-type Gt.Tensor): the input tensors
 * @error: return location for a #GError
 *
 * Runs the function's `forward` with grad mode off and, when grad mode is
 * on and an input requires grad, records the operation in the autograd
 * graph with the function's `backward` as its derivative
 * (torch.autograd.Function.apply).
 *
 * An output that is one of the inputs is returned as a new tensor sharing
 * its memory, so that the input's own history is left alone.
 *
 * Returns: (transfer container) (element-type Gt.Tensor): the outputs, or
 *   %NULL with @error set (the forward's error, %GT_ERROR_AUTOGRAD if
 *   @self was already applied, %GT_ERROR_VALUE for a non-tensor)
 *
 * Since: 0.1
 */
GPtrArray *
gt_function_apply (GtFunction  *self,
                   GPtrArray   *inputs,
                   GError     **error)
{
  GtFunctionPrivate *priv;
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  GtTensor **in;
  gboolean record;
  GtNode *node;

  g_return_val_if_fail (GT_IS_FUNCTION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  priv = gt_function_get_instance_private (self);
  if (priv->applied)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                   "gt_function_apply: this %s was already applied; create a "
                   "new instance for each application", G_OBJECT_TYPE_NAME (self));
      return NULL;
    }
  if (!check_tensors ("gt_function_apply", "inputs", inputs, error))
    return NULL;

  in = (GtTensor **) inputs->pdata;
  record = gt_autograd_should_record (in, inputs->len);
  priv->applied = TRUE;
  priv->n_inputs = inputs->len;
  priv->needs_grad = g_new0 (gboolean, MAX (inputs->len, 1));
  priv->input_meta = g_new0 (GtTensor *, MAX (inputs->len, 1));
  for (guint i = 0; i < inputs->len; i++)
    {
      priv->needs_grad[i] = record && in[i]->requires_grad;
      priv->input_meta[i] = gt_tensor_alias (in[i]);
    }
  priv->pending = g_ptr_array_new_with_free_func (g_object_unref);

  {
    g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();
    GError *local_error = NULL;

    outputs = function_forward (self, inputs, &local_error);
    if (outputs == NULL)
      {
        if (local_error == NULL)
          g_set_error (&local_error, GT_ERROR, GT_ERROR_VALUE,
                       "gt_function_apply: %s's forward returned no outputs",
                       G_OBJECT_TYPE_NAME (self));
        g_propagate_error (error, local_error);
        g_clear_pointer (&priv->pending, g_ptr_array_unref);
        return NULL;
      }
  }
  pending = g_steal_pointer (&priv->pending);
  if (!check_tensors ("gt_function_apply", "the outputs of forward", outputs, error))
    return NULL;

  /* An input returned as it is becomes an alias with its own history. */
  for (guint o = 0; o < outputs->len; o++)
    for (guint i = 0; i < inputs->len; i++)
      if (outputs->pdata[o] == inputs->pdata[i])
        {
          GtTensor *alias = gt_tensor_alias (in[i]);

          g_object_unref (outputs->pdata[o]);
          outputs->pdata[o] = alias;
          break;
        }

  if (!record)
    return g_steal_pointer (&outputs);

  {
    g_autofree char *name = g_strconcat (G_OBJECT_TYPE_NAME (self), "Backward", NULL);

    /* Node names are static strings: interned, one per subclass. */
    node = gt_node_new (g_intern_string (name), function_node_backward,
                        in, inputs->len, outputs->len);
  }
  priv->node = node;
  priv->recorded = TRUE;
  gt_node_set_ctx (node, g_object_ref (self), node_ctx_destroy);
  for (guint o = 0; o < outputs->len; o++)
    gt_autograd_set_history (outputs->pdata[o], node, o);

  priv->slots = g_array_sized_new (FALSE, FALSE, sizeof (guint), pending->len);
  for (guint s = 0; s < pending->len; s++)
    {
      GtTensor *t = pending->pdata[s];
      gboolean is_output = FALSE;
      guint slot;

      for (guint o = 0; o < outputs->len; o++)
        is_output = is_output || outputs->pdata[o] == (gpointer) t;
      slot = gt_node_save (node, t, is_output);
      g_array_append_val (priv->slots, slot);
    }
  gt_node_unref (node);
  return g_steal_pointer (&outputs);
}


/**
 * gt_function_save_for_backward:
 * @self: a #GtFunction
 * @tensors: (element-type Gt.Tensor): inputs or outputs of the forward
 *   (or intermediate tensors) the backward will need
 *
 * Keeps @tensors for [method@Gt.Function.get_saved_tensors], to be called
 * from `forward` (ctx.save_for_backward). Like the saved tensors of
 * gtensor's own operations they are checked at backward time: modifying
 * one in place in between is a %GT_ERROR_AUTOGRAD. Saving an output does
 * not keep the output's graph alive through the function.
 *
 * Since: 0.1
 */
void
gt_function_save_for_backward (GtFunction *self,
                               GPtrArray  *tensors)
{
  GtFunctionPrivate *priv;

  g_return_if_fail (GT_IS_FUNCTION (self));
  g_return_if_fail (tensors != NULL);

  priv = gt_function_get_instance_private (self);
  if (priv->pending == NULL)
    {
      g_critical ("gt_function_save_for_backward: only forward, run by "
                  "gt_function_apply, can save tensors");
      return;
    }
  g_ptr_array_set_size (priv->pending, 0);
  for (guint i = 0; i < tensors->len; i++)
    {
      g_return_if_fail (GT_IS_TENSOR (tensors->pdata[i]));
      g_ptr_array_add (priv->pending, g_object_ref (tensors->pdata[i]));
    }
}

/**
 * gt_function_get_saved_tensors:
 * @self: a #GtFunction
 * @error: return location for a #GError
 *
 * The tensors given to [method@Gt.Function.save_for_backward], for
 * `backward` (ctx.saved_tensors). Under create_graph they carry their
 * history, so that a backward written with gtensor's operations can be
 * differentiated again.
 *
 * Returns: (transfer container) (element-type Gt.Tensor): the saved
 *   tensors, or %NULL with %GT_ERROR_AUTOGRAD when one was modified in
 *   place since, when the graph was already freed by a backward pass
 *   without retain_graph, or when apply() recorded no graph
 *
 * Since: 0.1
 */
GPtrArray *
gt_function_get_saved_tensors (GtFunction  *self,
                               GError     **error)
{
  GtFunctionPrivate *priv;
  g_autoptr(GPtrArray) saved = NULL;

  g_return_val_if_fail (GT_IS_FUNCTION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  priv = gt_function_get_instance_private (self);
  if (priv->node == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                   "gt_function_get_saved_tensors: %s has no saved tensors: "
                   "%s", G_OBJECT_TYPE_NAME (self),
                   priv->recorded ? "its graph was freed"
                                  : "apply() recorded no graph");
      return NULL;
    }
  saved = g_ptr_array_new_full (priv->slots->len, unref_nullable);
  for (guint s = 0; s < priv->slots->len; s++)
    {
      GtTensor *t = gt_node_saved (priv->node, g_array_index (priv->slots, guint, s), error);

      if (t == NULL)
        return NULL;
      g_ptr_array_add (saved, t);
    }
  return g_steal_pointer (&saved);
}

/**
 * gt_function_needs_input_grad:
 * @self: a #GtFunction
 * @i: an input index
 *
 * Whether the gradient of input @i is wanted (ctx.needs_input_grad): in
 * `forward`, whether the input requires grad and is being recorded; in
 * `backward`, whether the gradient flows anywhere. `backward` may give
 * %NULL for the others.
 *
 * Returns: %TRUE if input @i needs a gradient
 *
 * Since: 0.1
 */
gboolean
gt_function_needs_input_grad (GtFunction *self,
                              guint       i)
{
  GtFunctionPrivate *priv;

  g_return_val_if_fail (GT_IS_FUNCTION (self), FALSE);

  priv = gt_function_get_instance_private (self);
  if (priv->node != NULL)
    return gt_node_needs_input_grad (priv->node, i);
  return priv->needs_grad != NULL && i < priv->n_inputs && priv->needs_grad[i];
}

/**
 * gt_function_get_n_inputs:
 * @self: a #GtFunction
 *
 * The number of inputs @self was applied to (0 before
 * [method@Gt.Function.apply]).
 *
 * Returns: the number of inputs
 *
 * Since: 0.1
 */
guint
gt_function_get_n_inputs (GtFunction *self)
{
  GtFunctionPrivate *priv;

  g_return_val_if_fail (GT_IS_FUNCTION (self), 0);

  priv = gt_function_get_instance_private (self);
  return priv->n_inputs;
}
