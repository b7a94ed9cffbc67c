#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib.h>
#include <gtensor/gt-version-macros.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
gboolean gt_set_grad_enabled (gboolean enabled);
GT_AVAILABLE_IN_ALL
gboolean gt_is_grad_enabled  (void);

/**
 * GtNoGradGuard:
 *
 * A scope in which autograd records nothing, for C code:
 *
 * |[<!-- language="C" -->
 * {
 *   g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();
 *   ... // operations here are not recorded
 * }   // the previous grad mode is back
 * ]|
 *
 * Bindings use [func@Gt.set_grad_enabled] (Python's `with Gt.no_grad():`).
 *
 * Since: 0.1
 */
typedef struct _GtNoGradGuard GtNoGradGuard;

GT_AVAILABLE_IN_ALL
GtNoGradGuard *gt_no_grad_guard_new  (void);
GT_AVAILABLE_IN_ALL
void           gt_no_grad_guard_free (GtNoGradGuard *guard);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GtNoGradGuard, gt_no_grad_guard_free)

G_END_DECLS
