#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib.h>
#include <gtensor/gt-version-macros.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
gboolean gt_cuda_is_available  (void);
GT_AVAILABLE_IN_ALL
gint     gt_cuda_device_count  (void);

G_END_DECLS
