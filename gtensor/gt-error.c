#include "config.h"

#include "gt-error.h"

/**
 * gt_error_quark:
 *
 * The quark of the %GT_ERROR domain.
 *
 * Returns: the error domain quark
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (gt-error-quark, gt_error)
