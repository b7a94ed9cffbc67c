#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib.h>
#include <gtensor/gt-version-macros.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
gboolean  gt_set_num_threads  (gint     n,
                               GError **error);
GT_AVAILABLE_IN_ALL
gint      gt_get_num_threads  (void);

G_END_DECLS
