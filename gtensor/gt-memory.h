#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib.h>
#include <gtensor/gt-version-macros.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
void     gt_empty_cache         (void);
GT_AVAILABLE_IN_ALL
guint64  gt_cpu_memory_cached   (void);

G_END_DECLS
