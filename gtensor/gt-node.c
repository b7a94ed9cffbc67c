#include "config.h"

#include <string.h>

#include "gt-autograd-private.h"
#include "gt-error.h"
#include "gt-grad-mode.h"
#include "gt-node-private.h"
#include "gt-pointwise.h"
#include "gt-reduce.h"
#include "gt-shape.h"
#include "gt-shape-private.h"

/* Nodes are numbered as they are created; the engine runs later nodes
 * first among those that are ready, as torch does. */
static gint64 next_sequence_nr;

/* Creating a leaf's accumulator must not race between threads. */
static GMutex accumulator_lock;

gboolean
gt_autograd_should_record (GtTensor **inputs,
                           guint      n_inputs)
{
  if (!gt_is_grad_enabled ())
    return FALSE;
  for (guint i = 0; i < n_inputs; i++)
    if (inputs[i] != NULL)
      {
        gt_autograd_view_refresh (inputs[i]);
        if (inputs[i]->requires_grad)
          return TRUE;
      }
  return FALSE;
}

#define ROUND16(n) (((n) + 15) & ~(gsize) 15)
#define N_INLINE_SAVED 2


static GtNode *
node_alloc (const char     *name,
            GtBackwardFunc  backward,
            guint           n_next,
            guint           n_outputs)
{
  /* One block: the node, its edges, its outputs, and room for the two
   * tensors most rules save (more move to an array of their own). */
  gsize edges = ROUND16 (sizeof (GtNode));
  gsize outputs = ROUND16 (edges + MAX (n_next, 1) * sizeof (GtEdge));
  gsize saved = ROUND16 (outputs + MAX (n_outputs, 1) * sizeof (GtNodeOutput));
  GtNode *node = g_malloc0 (saved + N_INLINE_SAVED * sizeof (GtSavedTensor));

  g_atomic_ref_count_init (&node->ref_count);
  node->name = name;
  node->backward = backward;
  node->n_next = n_next;
  node->next = (GtEdge *) ((guint8 *) node + edges);
  node->n_outputs = n_outputs;
  node->outputs = (GtNodeOutput *) ((guint8 *) node + outputs);
  node->saved = (GtSavedTensor *) ((guint8 *) node + saved);
  node->sequence_nr = __atomic_fetch_add (&next_sequence_nr, 1, __ATOMIC_RELAXED);
  return node;
}

GtNode *
gt_node_new (const char      *name,
             GtBackwardFunc   backward,
             GtTensor       **inputs,
             guint            n_inputs,
             guint            n_outputs)
{
  GtNode *node = node_alloc (name, backward, n_inputs, n_outputs);

  for (guint i = 0; i < n_inputs; i++)
    node->next[i] = inputs[i] ? gt_autograd_edge_of (inputs[i])
                              : (GtEdge) { NULL, 0 };
  return node;
}

GtNode *
gt_node_ref (GtNode *node)
{
  g_atomic_ref_count_inc (&node->ref_count);
  return node;
}

static void
saved_clear (GtSavedTensor *saved)
{
  /* During a backward pass the alias may be reused (gt-tensor.c). */
  gt_tensor_pool_release (g_steal_pointer (&saved->data));
  g_clear_pointer (&saved->grad_fn, gt_node_unref);
}

void
gt_node_release_saved (GtNode *node)
{
  for (guint i = 0; i < node->n_saved; i++)
    saved_clear (&node->saved[i]);
  node->released = TRUE;
  if (node->inner != NULL)
    gt_node_release_saved (node->inner);
}

void
gt_node_unref (GtNode *node)
{
  /* Long chains are freed iteratively: unreferencing the next nodes
   * recursively would overflow the stack for a million-node graph. */
  GPtrArray *pending = NULL;

  while (node != NULL)
    {
      if (g_atomic_ref_count_dec (&node->ref_count))
        {
          gt_node_release_saved (node);
          if (node->saved_on_heap)
            g_free (node->saved);
          if (node->ctx_destroy)
            node->ctx_destroy (node->ctx);
          if (node->variable != NULL)
            {
              /* An AccumulateGrad node: the leaf's weak pointer dies too. */
              g_mutex_lock (&accumulator_lock);
              if (node->variable->grad_accumulator == node)
                node->variable->grad_accumulator = NULL;
              g_mutex_unlock (&accumulator_lock);
              g_object_unref (node->variable);
            }
          if (pending == NULL && (node->n_next > 0 || node->inner != NULL))
            pending = g_ptr_array_new ();
          for (guint i = 0; i < node->n_next; i++)
            if (node->next[i].node != NULL)
              g_ptr_array_add (pending, node->next[i].node);
          if (node->inner != NULL)
            g_ptr_array_add (pending, node->inner);
          g_free (node);
        }
      node = (pending && pending->len) ? g_ptr_array_steal_index_fast (pending, pending->len - 1)
                                       : NULL;
    }
  if (pending)
    g_ptr_array_unref (pending);
}

const char *
gt_node_get_name (GtNode *node)
{
  return node->name;
}

void
gt_node_set_ctx (GtNode         *node,
                 gpointer        ctx,
                 GDestroyNotify  destroy)
{
  if (node->ctx_destroy)
    node->ctx_destroy (node->ctx);
  node->ctx = ctx;
  node->ctx_destroy = destroy;
}

gpointer
gt_node_get_ctx (GtNode *node)
{
  return node->ctx;
}

/* A new tensor object over @t's memory and geometry, without history. */
GtTensor *
gt_tensor_alias (GtTensor *t)
{
  return gt_tensor_new_view (t, t->ndim, t->sizes, t->strides, t->offset);
}

guint
gt_node_save (GtNode   *node,
              GtTensor *t,
              gboolean  is_output)
{
  GtSavedTensor *saved;

  gt_autograd_view_refresh (t);
  if (node->saved_on_heap)
    node->saved = g_renew (GtSavedTensor, node->saved, node->n_saved + 1);
  else if (node->n_saved == N_INLINE_SAVED)
    {
      /* out of room in the node's block */
      GtSavedTensor *array = g_new (GtSavedTensor, node->n_saved + 1);

      memcpy (array, node->saved, node->n_saved * sizeof (GtSavedTensor));
      node->saved = array;
      node->saved_on_heap = TRUE;
    }
  saved = &node->saved[node->n_saved];
  memset (saved, 0, sizeof *saved);

  saved->version = __atomic_load_n (&t->storage->version, __ATOMIC_RELAXED);
  saved->requires_grad = t->requires_grad;
  saved->is_output = is_output;
  saved->output_nr = t->output_nr;
  /* An input's history is an earlier node: a strong reference is no
   * cycle. A leaf input is kept as itself, so that a second-order graph
   * reaches its accumulator; anything else as an alias without history. */
  if (!is_output && t->grad_fn != NULL)
    saved->grad_fn = gt_node_ref (t->grad_fn);
  if (!is_output && t->grad_fn == NULL && t->requires_grad)
    saved->data = g_object_ref (t);
  else
    saved->data = gt_tensor_alias (t);
  return node->n_saved++;
}

GtTensor *
gt_node_saved (GtNode    *node,
               guint      slot,
               GError   **error)
{
  GtSavedTensor *saved;
  GtTensor *t;
  gint64 version;

  if (node->released)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                   "%s: trying to backward through the graph a second time "
                   "(or directly access saved tensors after they have already "
                   "been freed). Saved intermediate values of the graph are "
                   "freed when you call backward() or autograd.grad(). "
                   "Specify retain_graph=True if you need to backward through "
                   "the graph a second time", node->name);
      return NULL;
    }
  g_assert (slot < node->n_saved);
  saved = &node->saved[slot];

  version = __atomic_load_n (&saved->data->storage->version, __ATOMIC_RELAXED);
  if (version != saved->version)
    {
      g_autofree char *what = gt_shape_to_string (saved->data->sizes, saved->data->ndim);
      g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                   "%s: one of the variables needed for gradient computation "
                   "has been modified by an inplace operation: [%s %s] is at "
                   "version %" G_GINT64_FORMAT "; expected version %"
                   G_GINT64_FORMAT " instead", node->name,
                   gt_dtype_get_name (saved->data->dtype), what, version,
                   saved->version);
      return NULL;
    }

  /* Outside create_graph the plain values are all a backward needs. */
  if (!gt_is_grad_enabled () || !saved->requires_grad ||
      (saved->grad_fn == NULL && !saved->is_output))
    return g_object_ref (saved->data);

  t = gt_tensor_alias (saved->data);
  if (saved->is_output && node->outer != NULL)
    {
      /* The output of an in-place op on a view: its history is the view's
       * part of the base's CopySlices, as torch's SavedVariable keeps the
       * view's grad_fn (never this node, which is outside the graph). */
      gt_shape_grad_reattach_view (node->outer, t);
      return t;
    }
  t->requires_grad = TRUE;
  t->output_nr = saved->output_nr;
  t->grad_fn = gt_node_ref (saved->is_output ? node : saved->grad_fn);
  return t;
}

gboolean
gt_node_needs_input_grad (GtNode *node,
                          guint   i)
{
  return i < node->n_next && node->next[i].node != NULL;
}

void
gt_autograd_set_history (GtTensor *out,
                         GtNode   *node,
                         guint     output_nr)
{
  GtNodeOutput *meta = &node->outputs[output_nr];

  g_assert (output_nr < node->n_outputs);
  g_clear_pointer (&out->grad_fn, gt_node_unref);
  out->grad_fn = gt_node_ref (node);
  out->output_nr = output_nr;
  out->requires_grad = TRUE;

  meta->dtype = out->dtype;
  meta->device = *gt_tensor_device (out);
  meta->ndim = out->ndim;
  memcpy (meta->sizes, out->sizes, sizeof meta->sizes);
  meta->tensor = out;
}

static gboolean accumulate_grad_backward (GtNode *node, GtTensor **grad_outputs,
                                          GtTensor **grad_inputs, GError **error);

/* A reference to a leaf's AccumulateGrad node through the leaf's weak
 * pointer, unless its last reference is being dropped: gt_node_unref
 * clears the weak pointer only after the count reached 0, so another
 * thread may still find the node there (taking a reference then would
 * revive a node that is being freed). Called under accumulator_lock. */
static gboolean
node_ref_if_alive (GtNode *node)
{
  gint old = g_atomic_int_get (&node->ref_count);

  while (old > 0)
    {
      if (g_atomic_int_compare_and_exchange (&node->ref_count, old, old + 1))
        return TRUE;
      old = g_atomic_int_get (&node->ref_count);
    }
  return FALSE;
}

GtEdge
gt_autograd_edge_of (GtTensor *t)
{
  GtNode *acc;

  gt_autograd_view_refresh (t);
  if (t->grad_fn != NULL)
    return (GtEdge) { gt_node_ref (t->grad_fn), t->output_nr };
  if (!t->requires_grad)
    return (GtEdge) { NULL, 0 };

  g_mutex_lock (&accumulator_lock);
  acc = t->grad_accumulator;
  if (acc == NULL || !node_ref_if_alive (acc))
    {
      /* none yet, or the old one is dying: its gt_node_unref clears the
       * weak pointer only while it still points at it */
      acc = node_alloc ("AccumulateGrad", accumulate_grad_backward, 0, 1);
      acc->variable = g_object_ref (t);
      acc->outputs[0].dtype = t->dtype;
      acc->outputs[0].device = *gt_tensor_device (t);
      acc->outputs[0].ndim = t->ndim;
      memcpy (acc->outputs[0].sizes, t->sizes, sizeof t->sizes);
      acc->outputs[0].tensor = t;
      t->grad_accumulator = acc;     /* weak */
    }
  g_mutex_unlock (&accumulator_lock);
  return (GtEdge) { acc, 0 };
}

/* torch's AccumulateGrad: the first gradient is stored (detached unless a
 * graph of it is wanted), later ones are added; in place when no graph is
 * being built, out of place otherwise so that a recorded grad stays valid. */
static gboolean
accumulate_grad_backward (GtNode     *node,
                          GtTensor  **grad_outputs,
                          GtTensor  **grad_inputs,
                          GError    **error)
{
  GtTensor *variable = node->variable;
  GtTensor *grad = grad_outputs[0];
  g_autoptr(GtTensor) sum = NULL;

  if (variable->grad == NULL)
    {
      g_autoptr(GtTensor) stored = NULL;

      /* As torch's AccumulateGrad, a gradient nothing else holds (the
       * engine's buffer is its one reference, and no other tensor shares
       * its memory) becomes .grad as it is; anything else is cloned so that
       * .grad never aliases another tensor. */
      if (gt_is_grad_enabled () ||
          (g_atomic_int_get (&((GObject *) grad)->ref_count) == 1 &&
           g_atomic_ref_count_compare (&grad->storage->ref_count, 1) &&
           !grad->requires_grad && grad->view_base == NULL &&
           !grad->storage->copy_on_write && grad->offset == 0 &&
           gt_tensor_is_contiguous_strides (grad->ndim, grad->sizes, grad->strides)))
        stored = g_object_ref (grad);
      else
        stored = gt_tensor_clone (grad, error);
      return stored != NULL && gt_tensor_set_grad (variable, stored, error);
    }
  if (!gt_is_grad_enabled ())
    return gt_tensor_add_ (variable->grad, grad, 1.0, error);

  sum = gt_tensor_add (variable->grad, grad, 1.0, error);
  return sum != NULL && gt_tensor_set_grad (variable, sum, error);
}

GtTensor *
gt_autograd_sum_to (GtTensor      *grad,
                    const gint64  *shape,
                    guint          ndim,
                    GError       **error)
{
  gint dims[GT_MAX_DIMS];
  gsize n = 0;
  guint lead;
  g_autoptr(GtTensor) summed = NULL;

  g_assert (grad->ndim >= ndim);
  lead = grad->ndim - ndim;
  for (guint i = 0; i < lead; i++)
    dims[n++] = (gint) i;
  for (guint i = 0; i < ndim; i++)
    if (shape[i] == 1 && grad->sizes[lead + i] != 1)
      dims[n++] = (gint) (lead + i);
  if (n == 0)
    return g_object_ref (grad);

  summed = gt_tensor_sum (grad, dims, n, TRUE, error);
  if (summed == NULL)
    return NULL;
  return gt_tensor_reshape (summed, shape, ndim, error);
}

gboolean
gt_autograd_check_inplace (const char  *func,
                           GtTensor    *self,
                           GError     **error)
{
  GtTensor *base = self->view_base;

  if (!gt_is_grad_enabled ())
    return TRUE;
  gt_autograd_view_refresh (self);
  if (base != NULL)
    {
      /* A view whose base needs no gradient may still be written with a
       * value that does: the base then starts requiring grad. */
      if (!base->requires_grad && !self->requires_grad)
        return TRUE;
      if (base->requires_grad && base->grad_fn == NULL)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                       "%s: a view of a leaf Variable that requires grad is "
                       "being used in an in-place operation.", func);
          return FALSE;
        }
      if (self->view_creation == GT_VIEW_CREATION_MULTI_OUTPUT)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                       "%s: Output %u of %s is a view and is being modified "
                       "inplace. This view is the output of a function that "
                       "returns multiple views. Such functions do not allow "
                       "the output views to be modified inplace. You should "
                       "replace the inplace operation by an out-of-place one.",
                       func, self->output_nr,
                       self->grad_fn ? self->grad_fn->name : "a view function");
          return FALSE;
        }
      for (guint i = 0; i < base->ndim; i++)
        if (base->strides[i] == 0 && base->sizes[i] > 1)
          {
            g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
                         "%s: in-place write through a view of a tensor whose "
                         "elements share memory (a stride of 0); clone() the "
                         "base first", func);
            return FALSE;
          }
      if (self->view_creation == GT_VIEW_CREATION_NO_GRAD_MODE)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                       "%s: A view was created in no_grad mode and is being "
                       "modified inplace with grad mode enabled. Given that "
                       "this use case is ambiguous and error-prone, it is "
                       "forbidden. You can clarify your code by moving both "
                       "the view and the inplace either both inside the "
                       "no_grad block (if you don't want the inplace to be "
                       "tracked) or both outside (if you want the inplace to "
                       "be tracked).", func);
          return FALSE;
        }
      return TRUE;
    }
  if (!self->requires_grad || self->grad_fn != NULL)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
               "%s: a leaf variable that requires grad is being used in an "
               "in-place operation", func);
  return FALSE;
}
