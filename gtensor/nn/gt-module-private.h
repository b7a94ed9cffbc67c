#pragma once

/* By the installed path, as gtensor.h includes it: clang's #pragma once
 * takes nn/gt-module.h and its copy in the build tree for two headers. */
#include <gtensor/gt-module.h>

G_BEGIN_DECLS

/* The non-NULL children of @self in registration order without
 * allocating, for the containers' forward: start with *pos = 0; returns
 * NULL after the last one. (transfer none). Not safe against concurrent
 * registration, like every reader of the module's members. */
GtModule *gt_module_next_child (GtModule *self,
                                guint    *pos);

/* The number of non-NULL children. */
guint     gt_module_count_children (GtModule *self);

/* Where a layer of gtensor/nn keeps why its construct properties describe
 * no valid layer (NULL while they do): its constructed sets it, its
 * forward and _new_full constructor report a copy (gt_nn_check_valid in
 * gt-nn-util-private.h). Freed with the module. */
GError  **gt_module_invalid        (GtModule *self);

G_END_DECLS
