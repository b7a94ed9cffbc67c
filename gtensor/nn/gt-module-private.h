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

G_END_DECLS
