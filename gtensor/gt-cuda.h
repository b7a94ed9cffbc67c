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
GT_AVAILABLE_IN_ALL
guint64  gt_cuda_memory_allocated (gint device);
GT_AVAILABLE_IN_ALL
guint64  gt_cuda_memory_reserved  (gint device);
GT_AVAILABLE_IN_ALL
void     gt_cuda_empty_cache      (void);
GT_AVAILABLE_IN_ALL
void     gt_cuda_set_allow_tf32   (gboolean allow);
GT_AVAILABLE_IN_ALL
gboolean gt_cuda_get_allow_tf32   (void);
GT_AVAILABLE_IN_ALL
gboolean gt_cuda_synchronize      (gint      device,
                                   GError  **error);

G_END_DECLS
