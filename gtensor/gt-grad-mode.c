#include "config.h"

#include "gt-grad-mode.h"

/* Grad mode is per thread, as in torch: one thread's no-grad block must not
 * change what another thread records. Stored inverted so that the zero
 * initial value means "enabled". */
static _Thread_local gboolean grad_disabled;

struct _GtNoGradGuard {
  gboolean previous;
};

/**
 * gt_set_grad_enabled:
 * @enabled: whether autograd records operations in this thread
 *
 * Turns gradient recording on or off for the calling thread
 * (torch.set_grad_enabled).
 *
 * Returns: the previous setting, to restore later
 *
 * Since: 0.1
 */
gboolean
gt_set_grad_enabled (gboolean enabled)
{
  gboolean previous = !grad_disabled;

  grad_disabled = !enabled;
  return previous;
}

/**
 * gt_is_grad_enabled:
 *
 * Whether autograd records operations in the calling thread
 * (torch.is_grad_enabled).
 *
 * Returns: %TRUE if gradients are recorded
 *
 * Since: 0.1
 */
gboolean
gt_is_grad_enabled (void)
{
  return !grad_disabled;
}

/**
 * gt_no_grad_guard_new: (skip)
 *
 * Disables gradient recording in this thread until the guard is freed.
 *
 * Returns: (transfer full): the guard
 *
 * Since: 0.1
 */
GtNoGradGuard *
gt_no_grad_guard_new (void)
{
  GtNoGradGuard *guard = g_new (GtNoGradGuard, 1);

  guard->previous = gt_set_grad_enabled (FALSE);
  return guard;
}

/**
 * gt_no_grad_guard_free: (skip)
 * @guard: a guard from gt_no_grad_guard_new()
 *
 * Restores the grad mode that was in force when @guard was created.
 *
 * Since: 0.1
 */
void
gt_no_grad_guard_free (GtNoGradGuard *guard)
{
  if (guard == NULL)
    return;
  gt_set_grad_enabled (guard->previous);
  g_free (guard);
}
