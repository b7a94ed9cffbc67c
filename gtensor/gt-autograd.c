#include "config.h"

#include <string.h>

#include "gt-autograd.h"
#include "gt-creation.h"
#include "gt-error.h"
#include "gt-grad-mode.h"
#include "gt-node-private.h"
#include "gt-pointwise.h"
#include "gt-tensor-signals-private.h"

/*
 * The engine: from the roots' nodes, count how many edges lead into every
 * reachable node, then run nodes whose gradients are complete (dependency
 * count zero), latest-created first, summing the gradients each node sends
 * to its inputs. torch's algorithm on one thread.
 */

typedef struct {
  GtNode    *node;
  gint       dependencies;
  gboolean   needed;
  gboolean   discovered_children;
  GtTensor  *buffer[];     /* one summed gradient per output, or NULL */
} Task;

typedef struct {
  GtNode *node;            /* captured gradient for autograd.grad */
  guint   slot;
} Capture;

/* A plain array rather than a GPtrArray: pushes and pops are the engine's
 * innermost loop (see heap_push). */
typedef struct {
  Task  **tasks;
  guint   len;
  guint   alloc;
} Heap;

/* The tasks of one pass come from a few growing blocks, freed together at
 * the end: one allocation per thousands of nodes instead of one each. */
typedef struct _TaskBlock {
  struct _TaskBlock *prev;
  gsize              used;
  gsize              size;
  guint8             data[];
} TaskBlock;

typedef struct {
  GHashTable *tasks;       /* GtNode* -> Task*, for nodes another pass claimed */
  TaskBlock  *blocks;
  GPtrArray  *order;       /* Task* in discovery order */
  Heap        heap;        /* ready tasks, max-heap on sequence_nr */
  gboolean    keep_graph;
  gboolean    create_graph;
  Capture    *captures;
  guint       n_captures;
  GtTensor  **captured;    /* one per capture */
} Engine;

static gpointer
task_alloc (Engine *engine, gsize size)
{
  TaskBlock *block = engine->blocks;
  gpointer p;

  size = (size + 15) & ~(gsize) 15;
  if (block == NULL || block->size - block->used < size)
    {
      gsize cap = MAX (block ? 2 * block->size : 4096, size);

      block = g_malloc (sizeof (TaskBlock) + cap);
      block->prev = engine->blocks;
      block->used = 0;
      block->size = cap;
      engine->blocks = block;
    }
  p = block->data + block->used;
  block->used += size;
  return memset (p, 0, size);
}

static void
task_blocks_free (Engine *engine)
{
  while (engine->blocks != NULL)
    {
      TaskBlock *prev = engine->blocks->prev;

      g_free (engine->blocks);
      engine->blocks = prev;
    }
}

static void
buffer_release (GtTensor **slot)
{
  gt_tensor_pool_release (g_steal_pointer (slot));
}

static void
task_free (Engine *engine, Task *task)
{
  for (guint i = 0; i < task->node->n_outputs; i++)
    buffer_release (&task->buffer[i]);
  if (__atomic_load_n (&task->node->engine, __ATOMIC_ACQUIRE) == engine)
    {
      task->node->task = NULL;
      __atomic_store_n (&task->node->engine, NULL, __ATOMIC_RELEASE);
    }
}

/* The task of @node: in the node's own slot when this pass owns it (no
 * hashing per edge), else in the pass's table. */
static Task *
task_lookup (Engine *engine, GtNode *node)
{
  if (__atomic_load_n (&node->engine, __ATOMIC_ACQUIRE) == engine)
    return node->task;
  return engine->tasks ? g_hash_table_lookup (engine->tasks, node) : NULL;
}

static Task *
task_get (Engine *engine, GtNode *node)
{
  Task *task = task_lookup (engine, node);
  gpointer none = NULL;

  if (task != NULL)
    return task;
  task = task_alloc (engine, sizeof (Task) + MAX (node->n_outputs, 1) * sizeof (GtTensor *));
  task->node = node;
  if (__atomic_compare_exchange_n (&node->engine, &none, engine, FALSE,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    node->task = task;
  else
    {
      if (engine->tasks == NULL)
        engine->tasks = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (engine->tasks, node, task);
    }
  g_ptr_array_add (engine->order, task);
  return task;
}

/* ---- the ready heap ---------------------------------------------------------- */

static gboolean
heap_less (Heap *heap, guint a, guint b)
{
  return heap->tasks[a]->node->sequence_nr < heap->tasks[b]->node->sequence_nr;
}

static void
heap_swap (Heap *heap, guint a, guint b)
{
  Task *t = heap->tasks[a];
  heap->tasks[a] = heap->tasks[b];
  heap->tasks[b] = t;
}

static void
heap_push (Heap *heap, Task *task)
{
  guint i = heap->len;

  if (heap->len == heap->alloc)
    {
      heap->alloc = MAX (64, 2 * heap->alloc);
      heap->tasks = g_renew (Task *, heap->tasks, heap->alloc);
    }
  heap->tasks[heap->len++] = task;
  while (i > 0 && heap_less (heap, (i - 1) / 2, i))
    {
      heap_swap (heap, (i - 1) / 2, i);
      i = (i - 1) / 2;
    }
}

static Task *
heap_pop (Heap *heap)
{
  Task *top = heap->tasks[0];
  guint i = 0;

  heap->tasks[0] = heap->tasks[--heap->len];
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      if (l < heap->len && heap_less (heap, m, l))
        m = l;
      if (r < heap->len && heap_less (heap, m, r))
        m = r;
      if (m == i)
        break;
      heap_swap (heap, i, m);
      i = m;
    }
  return top;
}

/* ---- graph discovery ---------------------------------------------------------- */

static void
discover (Engine *engine, GtNode *root)
{
  GPtrArray *stack = g_ptr_array_new ();

  g_ptr_array_add (stack, task_get (engine, root));
  while (stack->len > 0)
    {
      Task *task = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if (task->discovered_children)
        continue;
      task->discovered_children = TRUE;
      for (guint i = 0; i < task->node->n_next; i++)
        {
          GtNode *next = task->node->next[i].node;
          Task *child;

          if (next == NULL)
            continue;
          child = task_get (engine, next);
          child->dependencies++;
          if (!child->discovered_children)
            g_ptr_array_add (stack, child);
        }
    }
  g_ptr_array_unref (stack);
}

static gboolean
is_captured (Engine *engine, GtNode *node)
{
  for (guint i = 0; i < engine->n_captures; i++)
    if (engine->captures[i].node == node)
      return TRUE;
  return FALSE;
}

/* backward() runs everything; autograd.grad() only what leads to a
 * captured input, and never the leaves' accumulators. */
static void
mark_needed (Engine *engine)
{
  gboolean changed = TRUE;

  for (guint i = 0; i < engine->order->len; i++)
    {
      Task *task = engine->order->pdata[i];
      task->needed = engine->captures == NULL || is_captured (engine, task->node);
    }
  if (engine->captures == NULL)
    return;

  /* Children come after parents in discovery order, so a reverse sweep
   * settles most graphs in one pass. */
  while (changed)
    {
      changed = FALSE;
      for (guint i = engine->order->len; i-- > 0;)
        {
          Task *task = engine->order->pdata[i];
          if (task->needed)
            continue;
          for (guint j = 0; j < task->node->n_next; j++)
            {
              GtNode *next = task->node->next[j].node;
              if (next && task_lookup (engine, next)->needed)
                {
                  task->needed = changed = TRUE;
                  break;
                }
            }
        }
    }
}

/* ---- running one node --------------------------------------------------------- */

/* Whether the engine may add into @t in place: nothing else holds the
 * tensor or its memory, and no graph of it is being recorded. */
static gboolean
owned_exclusively (GtTensor *t, GtTensor *grad)
{
  return !gt_is_grad_enabled () && !t->requires_grad &&
         g_atomic_int_get (&((GObject *) t)->ref_count) == 1 &&
         g_atomic_ref_count_compare (&t->storage->ref_count, 1) &&
         t->dtype == grad->dtype && t->ndim == grad->ndim &&
         memcmp (t->sizes, grad->sizes, t->ndim * sizeof (gint64)) == 0 &&
         gt_tensor_is_contiguous_strides (t->ndim, t->sizes, t->strides);
}

static gboolean
accumulate (GtTensor **slot, GtTensor *grad, GError **error)
{
  GtTensor *sum;

  if (*slot == NULL)
    {
      *slot = g_object_ref (grad);
      return TRUE;
    }
  if (owned_exclusively (*slot, grad))
    {
      const GtBackend *backend = gt_tensor_backend (*slot);

      /* Nothing else sees this tensor or its memory (no alias, no saved
       * copy, no version to keep), so the sum goes straight to the
       * kernel: gt_tensor_add_'s checks and version bump are for tensors
       * others can see. */
      if (((*slot)->dtype == GT_DTYPE_FLOAT32 || (*slot)->dtype == GT_DTYPE_FLOAT64) &&
          gt_device_same (gt_tensor_device (*slot), gt_tensor_device (grad)) &&
          backend->binary != NULL)
        return (*slot)->numel == 0 ||
               backend->binary (GT_BINARY_ADD, *slot, *slot, grad, 1.0, error);
      return gt_tensor_add_ (*slot, grad, 1.0, error);
    }
  sum = gt_tensor_add (*slot, grad, 1.0, error);
  if (sum == NULL)
    return FALSE;
  g_object_unref (*slot);
  *slot = sum;
  return TRUE;
}

/* Zeros for outputs no gradient reached, so rules need no NULL checks. */
static gboolean
materialize (Task *task, GError **error)
{
  GtNode *node = task->node;

  for (guint i = 0; i < node->n_outputs; i++)
    if (task->buffer[i] == NULL)
      {
        GtNodeOutput *o = &node->outputs[i];
        GtDevice device = o->device;

        task->buffer[i] = gt_zeros (o->sizes, o->ndim, o->dtype, &device, error);
        if (task->buffer[i] == NULL)
          return FALSE;
      }
  return TRUE;
}

/* Tensor hooks (the "gradient" signal) and retain_grad for each output. */
static gboolean
run_tensor_hooks (Task *task, GError **error)
{
  GtNode *node = task->node;

  for (guint i = 0; i < node->n_outputs; i++)
    {
      GtTensor *t = node->outputs[i].tensor;

      if (t == NULL || task->buffer[i] == NULL)
        continue;
      if (gt_tensor_has_gradient_handlers (t))
        {
          GtTensor *replacement = gt_tensor_emit_gradient (t, task->buffer[i]);
          if (replacement != NULL)
            {
              g_object_unref (task->buffer[i]);
              task->buffer[i] = replacement;
            }
        }
      if (t->retains_grad && t->grad_fn != NULL)
        {
          g_autoptr(GtTensor) sum = NULL;

          if (t->grad == NULL)
            sum = gt_tensor_detach (task->buffer[i]);
          else
            sum = gt_tensor_add (t->grad, task->buffer[i], 1.0, error);
          if (sum == NULL || !gt_tensor_set_grad (t, sum, error))
            return FALSE;
        }
    }
  return TRUE;
}

static void
take_captures (Engine *engine, Task *task)
{
  for (guint i = 0; i < engine->n_captures; i++)
    if (engine->captures[i].node == task->node)
      {
        GtTensor *g = task->buffer[engine->captures[i].slot];
        g_set_object (&engine->captured[i], g);
      }
}

static gboolean
check_gradient (GtNode *node, guint i, GtTensor *grad, GError **error)
{
  GtNode *next = node->next[i].node;
  GtNodeOutput *o = &next->outputs[node->next[i].input_nr];

  if (grad->ndim == o->ndim &&
      memcmp (grad->sizes, o->sizes, o->ndim * sizeof (gint64)) == 0)
    return TRUE;
  {
    g_autofree char *got = gt_shape_to_string (grad->sizes, grad->ndim);
    g_autofree char *want = gt_shape_to_string (o->sizes, o->ndim);
    g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                 "%s returned an invalid gradient at index %u - got %s but "
                 "expected shape compatible with %s", node->name, i, got, want);
  }
  return FALSE;
}

static gboolean
run_node (Engine *engine, Task *task, GError **error)
{
  GtNode *node = task->node;
  GtTensor *small[8] = { NULL };
  g_autofree GtTensor **large = NULL;
  GtTensor **grad_inputs;
  gboolean ok = TRUE;

  if (!run_tensor_hooks (task, error) || !materialize (task, error))
    return FALSE;
  take_captures (engine, task);
  if (!task->needed || (engine->captures != NULL && node->variable != NULL))
    return TRUE;

  grad_inputs = node->n_next <= G_N_ELEMENTS (small)
    ? small : (large = g_new0 (GtTensor *, node->n_next));
  ok = node->backward (node, task->buffer, grad_inputs, error);

  for (guint i = 0; ok && i < node->n_next; i++)
    {
      GtEdge *edge = &node->next[i];
      Task *next;

      if (edge->node == NULL)
        continue;
      next = task_lookup (engine, edge->node);
      if (grad_inputs[i] != NULL)
        ok = check_gradient (node, i, grad_inputs[i], error) &&
             accumulate (&next->buffer[edge->input_nr], grad_inputs[i], error);
      if (ok && --next->dependencies == 0)
        heap_push (&engine->heap, next);
    }

  for (guint i = 0; i < node->n_next; i++)
    buffer_release (&grad_inputs[i]);
  /* The node's gradients have been used: free them now (this also lets
   * the nodes before add into what they passed on, see accumulate, and
   * the next rules reuse the objects, see gt_tensor_pool_release). */
  for (guint i = 0; i < node->n_outputs; i++)
    buffer_release (&task->buffer[i]);

  if (!engine->keep_graph)
    gt_node_release_saved (node);
  return ok;
}

/* Runs the graph from @roots (edges) with @root_grads. */
static gboolean
engine_run (Engine    *engine,
            GtEdge    *roots,
            GtTensor **root_grads,
            guint      n_roots,
            GError   **error)
{
  gboolean ok = TRUE, previous;
  GtTensorPool pool, *previous_pool;

  engine->tasks = NULL;
  engine->blocks = NULL;
  engine->order = g_ptr_array_new ();
  engine->heap = (Heap) { NULL, 0, 0 };
  /* The whole pass (the rules, the sums of gradients, the hooks) records a
   * graph only for create_graph, as torch's GraphTask sets grad mode. */
  previous = gt_set_grad_enabled (engine->create_graph);
  previous_pool = gt_tensor_pool_push (&pool);

  for (guint i = 0; i < n_roots; i++)
    discover (engine, roots[i].node);
  mark_needed (engine);

  for (guint i = 0; i < n_roots && ok; i++)
    {
      Task *task = task_lookup (engine, roots[i].node);
      ok = accumulate (&task->buffer[roots[i].input_nr], root_grads[i], error);
    }
  for (guint i = 0; i < engine->order->len; i++)
    {
      Task *task = engine->order->pdata[i];
      if (task->dependencies == 0)
        heap_push (&engine->heap, task);
    }

  while (ok && engine->heap.len > 0)
    ok = run_node (engine, heap_pop (&engine->heap), error);

  g_free (engine->heap.tasks);
  for (guint i = 0; i < engine->order->len; i++)
    task_free (engine, engine->order->pdata[i]);
  g_ptr_array_unref (engine->order);
  g_clear_pointer (&engine->tasks, g_hash_table_unref);
  task_blocks_free (engine);
  gt_tensor_pool_pop (&pool, previous_pool);
  gt_set_grad_enabled (previous);
  return ok;
}

/* ---- public API --------------------------------------------------------------- */

/* The edge of @t, with a reference the caller owns: a leaf's accumulator
 * may have just been created for this call. */
static GtEdge
edge_ref (GtTensor *t)
{
  return gt_autograd_edge_of (t);
}

static gboolean
root_edge (const char *func, GtTensor *t, guint i, GtEdge *edge, GError **error)
{
  *edge = edge_ref (t);
  if (edge->node != NULL)
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
               "%s: element %u of tensors does not require grad and does not "
               "have a grad_fn", func, i);
  return FALSE;
}

static GtTensor *
root_gradient (const char *func, GtTensor *output, GtTensor *gradient, guint i,
               GError **error)
{
  if (gradient == NULL)
    {
      if (output->numel != 1)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                       "%s: grad can be implicitly created only for scalar "
                       "outputs (output %u has %" G_GINT64_FORMAT " elements)",
                       func, i, output->numel);
          return NULL;
        }
      return gt_ones_like (output, error);
    }
  if (gradient->ndim != output->ndim ||
      memcmp (gradient->sizes, output->sizes, output->ndim * sizeof (gint64)) != 0)
    {
      g_autofree char *g = gt_shape_to_string (gradient->sizes, gradient->ndim);
      g_autofree char *o = gt_shape_to_string (output->sizes, output->ndim);
      g_set_error (error, GT_ERROR, GT_ERROR_SHAPE,
                   "%s: mismatch in shape: grad_output[%u] has a shape of %s "
                   "and output[%u] has a shape of %s", func, i, g, i, o);
      return NULL;
    }
  return g_object_ref (gradient);
}

/**
 * gt_tensor_backward:
 * @self: the output to differentiate, usually a loss
 * @gradient: (nullable): the gradient of something with respect to @self;
 *   %NULL means ones, which is allowed only for a one-element @self
 * @retain_graph: keep the saved tensors so that the graph can be run again
 * @create_graph: record the backward pass itself, for higher-order
 *   gradients
 * @error: return location for a #GError
 *
 * Computes the gradients of @self with respect to the leaves of its graph
 * and adds them to their #GtTensor:grad (torch's `backward`).
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_AUTOGRAD if @self needs
 *   no gradient, the graph was already freed, or a saved tensor was
 *   modified in place
 *
 * Since: 0.1
 */
gboolean
gt_tensor_backward (GtTensor  *self,
                    GtTensor  *gradient,
                    gboolean   retain_graph,
                    gboolean   create_graph,
                    GError   **error)
{
  const char *func = "gt_tensor_backward";
  Engine engine = { 0 };
  g_autoptr(GtTensor) root_grad = NULL;
  GtEdge root;
  gboolean ok;

  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);
  g_return_val_if_fail (gradient == NULL || GT_IS_TENSOR (gradient), FALSE);

  if (!root_edge (func, self, 0, &root, error))
    return FALSE;
  root_grad = root_gradient (func, self, gradient, 0, error);
  if (root_grad == NULL)
    {
      gt_node_unref (root.node);
      return FALSE;
    }

  engine.keep_graph = retain_graph || create_graph;
  engine.create_graph = create_graph;
  ok = engine_run (&engine, &root, &root_grad, 1, error);
  gt_node_unref (root.node);
  return ok;
}

/* The result may hold NULL for unused inputs. */
static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static gboolean
check_list (const char *func, const char *what, GPtrArray *list, GError **error)
{
  if (list == NULL || list->len == 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: %s is empty", func, what);
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
 * gt_autograd_grad:
 * @outputs: (element-type Gt.Tensor): the tensors to differentiate
 * @inputs: (element-type Gt.Tensor): the tensors to differentiate with
 *   respect to
 * @grad_outputs: (element-type Gt.Tensor) (nullable): one gradient per
 *   output, or %NULL for ones (one-element outputs only)
 * @retain_graph: keep the graph for another backward pass
 * @create_graph: record the computation, for higher-order gradients
 * @allow_unused: give %NULL for an input the outputs do not depend on
 *   instead of failing
 * @error: return location for a #GError
 *
 * Computes and returns the gradients of @outputs with respect to @inputs,
 * without touching any #GtTensor:grad (torch.autograd.grad).
 *
 * Returns: (transfer container) (element-type Gt.Tensor): one
 *   gradient per input (%NULL entries for unused inputs when
 *   @allow_unused), or %NULL with %GT_ERROR_AUTOGRAD
 *
 * Since: 0.1
 */
GPtrArray *
gt_autograd_grad (GPtrArray  *outputs,
                  GPtrArray  *inputs,
                  GPtrArray  *grad_outputs,
                  gboolean    retain_graph,
                  gboolean    create_graph,
                  gboolean    allow_unused,
                  GError    **error)
{
  const char *func = "gt_autograd_grad";
  Engine engine = { 0 };
  g_autofree GtEdge *roots = NULL;
  g_autofree GtTensor **root_grads = NULL;
  g_autofree Capture *captures = NULL;
  GPtrArray *result = NULL;
  gboolean ok = TRUE;
  guint n;

  if (!check_list (func, "outputs", outputs, error) ||
      !check_list (func, "inputs", inputs, error))
    return NULL;
  if (grad_outputs != NULL && grad_outputs->len != outputs->len)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "%s: grad_outputs has %u tensors but outputs has %u",
                   func, grad_outputs->len, outputs->len);
      return NULL;
    }

  n = outputs->len;
  roots = g_new0 (GtEdge, n);
  root_grads = g_new0 (GtTensor *, n);
  for (guint i = 0; ok && i < n; i++)
    {
      GtTensor *g = grad_outputs ? grad_outputs->pdata[i] : NULL;
      ok = root_edge (func, outputs->pdata[i], i, &roots[i], error) &&
           (root_grads[i] = root_gradient (func, outputs->pdata[i], g, i, error)) != NULL;
    }

  captures = g_new0 (Capture, inputs->len);
  for (guint i = 0; ok && i < inputs->len; i++)
    {
      GtTensor *t = inputs->pdata[i];
      GtEdge edge;

      gt_autograd_view_refresh (t);
      if (!t->requires_grad)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                       "%s: one of the differentiated tensors (input %u) does "
                       "not require grad", func, i);
          ok = FALSE;
          break;
        }
      edge = edge_ref (t);
      captures[i].node = edge.node;
      captures[i].slot = edge.input_nr;
    }

  if (ok)
    {
      engine.keep_graph = retain_graph || create_graph;
      engine.create_graph = create_graph;
      engine.captures = captures;
      engine.n_captures = inputs->len;
      engine.captured = g_new0 (GtTensor *, inputs->len);
      ok = engine_run (&engine, roots, root_grads, n, error);
    }

  if (ok)
    {
      result = g_ptr_array_new_with_free_func (unref_nullable);
      for (guint i = 0; i < inputs->len; i++)
        {
          if (engine.captured[i] == NULL && !allow_unused)
            {
              g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                           "%s: one of the differentiated tensors (input %u) "
                           "appears to not have been used in the graph. Set "
                           "allow_unused=TRUE if this is the desired behavior",
                           func, i);
              g_clear_pointer (&result, g_ptr_array_unref);
              break;
            }
          g_ptr_array_add (result, engine.captured[i] ? g_object_ref (engine.captured[i]) : NULL);
        }
    }

  for (guint i = 0; engine.captured && i < inputs->len; i++)
    g_clear_object (&engine.captured[i]);
  g_free (engine.captured);
  for (guint i = 0; i < inputs->len; i++)
    g_clear_pointer (&captures[i].node, gt_node_unref);
  for (guint i = 0; i < n; i++)
    {
      g_clear_object (&root_grads[i]);
      g_clear_pointer (&roots[i].node, gt_node_unref);
    }
  return result;
}

/**
 * gt_tensor_detach:
 * @self: a #GtTensor
 *
 * A new tensor sharing @self's memory, outside the autograd graph (torch's
 * `detach`). In-place changes to either are visible in both.
 *
 * Returns: (transfer full): the detached tensor
 *
 * Since: 0.1
 */
GtTensor *
gt_tensor_detach (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  return gt_tensor_alias (self);
}

/**
 * gt_tensor_detach_:
 * @self: a #GtTensor
 * @error: return location for a #GError
 *
 * Takes @self out of the graph in place: it becomes a leaf that does not
 * require grad (torch's `detach_`).
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gt_tensor_detach_ (GtTensor  *self,
                   GError   **error)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  /* The tensor leaves the graph: no later write makes it a view of a base
   * that requires grad again. */
  g_clear_object (&self->view_base);
  if (self->grad_fn != NULL)
    {
      GtNodeOutput *o = &self->grad_fn->outputs[self->output_nr];
      if (o->tensor == self)
        o->tensor = NULL;
      g_clear_pointer (&self->grad_fn, gt_node_unref);
    }
  self->output_nr = 0;
  return gt_tensor_set_requires_grad (self, FALSE, error);
}

/**
 * gt_tensor_retain_grad:
 * @self: a #GtTensor
 * @error: return location for a #GError
 *
 * Makes a non-leaf tensor keep its gradient in #GtTensor:grad during
 * backward passes (torch's `retain_grad`); a no-op for leaves.
 *
 * Returns: %TRUE on success; %FALSE with %GT_ERROR_AUTOGRAD if @self does
 *   not require grad
 *
 * Since: 0.1
 */
gboolean
gt_tensor_retain_grad (GtTensor  *self,
                       GError   **error)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  gt_autograd_view_refresh (self);
  if (!self->requires_grad)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_AUTOGRAD,
                   "gt_tensor_retain_grad: can't retain_grad on a tensor that "
                   "has requires_grad=False");
      return FALSE;
    }
  if (self->grad_fn != NULL)
    self->retains_grad = TRUE;
  return TRUE;
}

/**
 * gt_tensor_is_leaf:
 * @self: a #GtTensor
 *
 * Whether @self is a leaf of the graph: it was not computed by a recorded
 * op (torch's `is_leaf`).
 *
 * Returns: %TRUE for leaves
 *
 * Since: 0.1
 */
gboolean
gt_tensor_is_leaf (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), TRUE);

  gt_autograd_view_refresh (self);
  return self->grad_fn == NULL;
}

/**
 * gt_tensor_get_retains_grad:
 * @self: a #GtTensor
 *
 * Whether gt_tensor_retain_grad() was called on this non-leaf tensor.
 *
 * Returns: %TRUE if @self keeps its gradient
 *
 * Since: 0.1
 */
gboolean
gt_tensor_get_retains_grad (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), FALSE);

  return self->retains_grad;
}

/**
 * gt_tensor_get_grad_fn_name:
 * @self: a #GtTensor
 *
 * The name of the node that computed @self, as torch prints it
 * ("AddBackward0"), or %NULL for a leaf.
 *
 * Returns: (nullable): the name
 *
 * Since: 0.1
 */
const char *
gt_tensor_get_grad_fn_name (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  gt_autograd_view_refresh (self);
  return self->grad_fn ? self->grad_fn->name : NULL;
}

/**
 * gt_tensor_get_version:
 * @self: a #GtTensor
 *
 * The version counter of @self's storage (torch's `_version`): it grows by
 * one with every in-place write to the tensor or any view of its memory.
 *
 * Returns: the version
 *
 * Since: 0.1
 */
gint64
gt_tensor_get_version (GtTensor *self)
{
  g_return_val_if_fail (GT_IS_TENSOR (self), 0);

  return __atomic_load_n (&self->storage->version, __ATOMIC_RELAXED);
}
