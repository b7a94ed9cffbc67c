#pragma once

#include "gt-autograd-private.h"
#include "gt-device-private.h"

G_BEGIN_DECLS

/* The inside of a node, for gt-node.c and the engine only. */

typedef struct {
  GtTensor  *data;          /* alias without history, or the leaf itself */
  gint64     version;       /* storage version when saved */
  GtNode    *grad_fn;       /* an input's history (strong) */
  guint      output_nr;
  gboolean   requires_grad;
  gboolean   is_output;
} GtSavedTensor;

/* What the engine needs to know of each output: enough to make a zero
 * gradient when none flowed, and the tensor for its hooks. */
typedef struct {
  GtDType    dtype;
  GtDevice   device;
  guint      ndim;
  gint64     sizes[GT_MAX_DIMS];
  GtTensor  *tensor;        /* weak: cleared by the tensor's dispose */
} GtNodeOutput;

struct _GtNode {
  gatomicrefcount  ref_count;
  const char      *name;
  GtBackwardFunc   backward;
  gint64           sequence_nr;

  guint            n_next;
  GtEdge          *next;

  guint            n_outputs;
  GtNodeOutput    *outputs;

  guint            n_saved;
  GtSavedTensor   *saved;        /* in the node's block, up to two */
  gboolean         saved_on_heap;
  gboolean         released;

  gpointer         ctx;
  GDestroyNotify   ctx_destroy;

  GtTensor        *variable;   /* AccumulateGrad: the leaf (strong) */
  GtNode          *inner;      /* CopySlices: the in-place op's node (strong) */
  GtNode          *outer;      /* the CopySlices running this node, while it runs */

  /* The engine's task for this node during a backward pass, claimed with a
   * compare-and-swap of @engine so that a concurrent pass over the same
   * graph falls back to its own table (gt-autograd.c). */
  gpointer         engine;
  gpointer         task;
};

/* Frees the saved tensors of @node (and of its inner node) after a
 * backward pass that does not retain the graph. */
void gt_node_release_saved (GtNode *node);

/* Recycling of the engine's small tensors during a backward pass
 * (gt-tensor.c): between push and pop, gt_tensor_pool_release() drops a
 * reference and keeps the object if nothing else can know of it, and
 * gt_tensor_new_empty() on this thread reuses kept objects. */
typedef struct {
  GtTensor *tensors[32];
  guint     len;
} GtTensorPool;

GtTensorPool *gt_tensor_pool_push    (GtTensorPool *pool);
void          gt_tensor_pool_pop     (GtTensorPool *pool,
                                      GtTensorPool *previous);
void          gt_tensor_pool_release (GtTensor     *t);

/* A new tensor over @t's memory and geometry, without history. */
GtTensor *gt_tensor_alias (GtTensor *t);

G_END_DECLS
