#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib.h>
#include <gtensor/gt-version-macros.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
void     gt_manual_seed   (guint64 seed);
GT_AVAILABLE_IN_ALL
guint64  gt_initial_seed  (void);
GT_AVAILABLE_IN_ALL
guint64  gt_seed          (void);

G_END_DECLS
