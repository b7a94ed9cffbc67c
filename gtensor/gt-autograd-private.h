#pragma once

#include "gt-tensor-private.h"

G_BEGIN_DECLS

/*
 * The autograd graph (micrograd's engine with torch's bookkeeping).
 *
 * A differentiable op that sees an input requiring grad (and grad mode on)
 * creates a GtNode: its backward function, one edge per input (to the
 * input's grad_fn, or to the AccumulateGrad node of a leaf), and the tensors
 * the backward needs, saved as GtSavedTensor. The output tensors point to
 * the node (tensor->grad_fn, strong); nodes point to earlier nodes (edges,
 * strong); nothing points forward, so the graph has no reference cycles.
 *
 * Saved tensors hold a detached alias (same storage, no grad_fn) and the
 * storage version at save time; an in-place write in between is detected
 * when the backward unpacks them. A saved output does not keep a reference
 * to its own node (that would be a cycle): when create_graph needs its
 * history, the alias is re-attached to the node being run.
 */

typedef struct _GtNode GtNode;

typedef struct {
  GtNode *node;       /* NULL: this input needs no gradient */
  guint   input_nr;   /* which output of @node the input was */
} GtEdge;

/* Computes the gradients of the node's inputs from those of its outputs.
 * @grad_outputs has one tensor per output (zeros where nothing flowed);
 * the function stores a new reference or NULL in each of the node's
 * n_next slots of @grad_inputs (NULL where no gradient is needed, see
 * gt_node_needs_input_grad). Written with gtensor ops, so that the
 * engine's grad mode (on for create_graph) records second-order graphs. */
typedef gboolean (*GtBackwardFunc) (GtNode     *node,
                                    GtTensor  **grad_outputs,
                                    GtTensor  **grad_inputs,
                                    GError    **error);

/* Whether an op on @inputs should record a node: grad mode is on and one
 * of them requires grad. */
gboolean  gt_autograd_should_record (GtTensor      **inputs,
                                     guint           n_inputs);

/* A node for an op with @n_outputs outputs over @inputs (NULL entries are
 * allowed for non-tensor arguments and get no edge). @name is torch's
 * ("MulBackward0") and must be a static string. */
GtNode   *gt_node_new               (const char     *name,
                                     GtBackwardFunc  backward,
                                     GtTensor      **inputs,
                                     guint           n_inputs,
                                     guint           n_outputs);
GtNode   *gt_node_ref               (GtNode         *node);
void      gt_node_unref             (GtNode         *node);
const char *gt_node_get_name        (GtNode         *node);

/* Op-specific values the backward needs (dims, scalars...). */
void      gt_node_set_ctx           (GtNode         *node,
                                     gpointer        ctx,
                                     GDestroyNotify  destroy);
gpointer  gt_node_get_ctx           (GtNode         *node);

/* Saves @t for the backward; returns its slot. @is_output is TRUE when @t
 * is an output of this node (set its history first). */
guint     gt_node_save              (GtNode         *node,
                                     GtTensor       *t,
                                     gboolean        is_output);
/* The saved tensor of @slot, checked against in-place modification and
 * against a graph already freed by a backward without retain_graph.
 * GT_ERROR_AUTOGRAD with torch's explanations. */
GtTensor *gt_node_saved             (GtNode         *node,
                                     guint           slot,
                                     GError        **error);

/* Whether input @i of the node has an edge that wants a gradient. */
gboolean  gt_node_needs_input_grad  (GtNode         *node,
                                     guint           i);

/* Makes @node the grad_fn of @out (its output @output_nr) and marks @out
 * as requiring grad. */
void      gt_autograd_set_history   (GtTensor       *out,
                                     GtNode         *node,
                                     guint           output_nr);

/* The edge a gradient for @t flows into: its grad_fn, or its leaf
 * accumulator (created on demand); {NULL, 0} if @t needs no gradient. The
 * caller owns the reference to the edge's node. */
GtEdge    gt_autograd_edge_of       (GtTensor       *t);

/* Sums a gradient of a broadcast result back to an input's @shape:
 * over the leading dims broadcasting added and the dims where the input
 * had size 1 (torch's sum_to_size). A new reference; @grad itself when
 * nothing needs summing. */
GtTensor *gt_autograd_sum_to    (GtTensor       *grad,
                                 const gint64   *shape,
                                 guint           ndim,
                                 GError        **error);

/* Refuses an in-place op on a leaf that requires grad while grad mode is
 * on, with torch's message, and on the views torch refuses (views of such
 * leaves, views made in no-grad mode or by an op with several outputs);
 * TRUE if the op may go ahead. */
gboolean  gt_autograd_check_inplace (const char *func,
                                     GtTensor   *self,
                                     GError    **error);

/*
 * Views and in-place ops (torch's CopySlices).
 *
 * A view made by a view op (gt-shape.c) keeps a strong reference to its
 * root base (tensor->view_base; a view of a view points to the root) and
 * reads its geometry relative to the base from its own sizes, strides and
 * offset. The base never points to its views, so there is no cycle.
 *
 * An in-place op records its node as usual (input 0 is self's earlier
 * value) and then calls gt_autograd_rebase_history(). For a view, the
 * base gets a new grad_fn, CopySlices, which owns the op's node: the base's
 * gradient is split into the part under the view, which goes through the
 * op's backward, and the rest, which goes to the base's earlier history
 * with the view's part replaced by what the op's backward gives for its
 * input 0. The view itself becomes an AsStridedBackward0 of the base.
 *
 * Other views of the same memory notice the write through the shared
 * version counter: whenever their history is read (edges, saves, checks),
 * gt_autograd_view_refresh() gives a view whose version is stale an
 * AsStridedBackward0 of its base's current history, as torch does.
 */
typedef enum {
  GT_VIEW_CREATION_DEFAULT,
  GT_VIEW_CREATION_NO_GRAD_MODE,   /* made while grad mode was off */
  GT_VIEW_CREATION_MULTI_OUTPUT,   /* one of unbind's or split's views */
} GtViewCreation;

/* Makes @view, just made over @self's memory by a view op, a view of
 * @self's root base. */
void      gt_autograd_make_view     (GtTensor       *view,
                                     GtTensor       *self);

void      gt_autograd_view_refresh_slow (GtTensor   *t);

/* Brings the history of a view up to date after writes into its memory. */
static inline void
gt_autograd_view_refresh (GtTensor *t)
{
  if (G_UNLIKELY (t->view_base != NULL))
    gt_autograd_view_refresh_slow (t);
}

/* Makes @node (whose input 0 is @self's value before an in-place op) the
 * history of @self after the op: directly, or through CopySlices on the
 * base when @self is a view. */
void      gt_autograd_rebase_history (GtTensor      *self,
                                      GtNode        *node);

G_END_DECLS
