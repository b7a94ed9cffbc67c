#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib.h>
#include <gtensor/gt-version-macros.h>

G_BEGIN_DECLS

/**
 * GT_ERROR:
 *
 * The error domain of every #GError that gtensor reports.
 *
 * Since: 0.1
 */
#define GT_ERROR (gt_error_quark ())

/**
 * GtError:
 * @GT_ERROR_SHAPE: shapes that do not fit the operation (broadcasting,
 *   numbers of elements, dimension counts, negative sizes)
 * @GT_ERROR_DTYPE: a dtype the operation does not accept, or an unknown one
 * @GT_ERROR_DEVICE: tensors on different devices, or a malformed device
 * @GT_ERROR_INDEX: a dimension or an index out of range
 * @GT_ERROR_VALUE: an invalid argument value (a zero step, a NaN bound, ...)
 * @GT_ERROR_AUTOGRAD: misuse of the autograd graph
 * @GT_ERROR_IO: reading or writing a file failed
 * @GT_ERROR_FORMAT: a file or buffer is not in the expected format
 * @GT_ERROR_CUDA: the CUDA runtime reported an error
 * @GT_ERROR_OUT_OF_MEMORY: an allocation failed
 * @GT_ERROR_NOT_SUPPORTED: the operation is not supported for these inputs
 *   on this backend
 * @GT_ERROR_DEVICE_UNAVAILABLE: the device exists in principle but not on
 *   this machine (no CUDA module, driver or GPU)
 *
 * Error codes of the %GT_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  GT_ERROR_SHAPE,
  GT_ERROR_DTYPE,
  GT_ERROR_DEVICE,
  GT_ERROR_INDEX,
  GT_ERROR_VALUE,
  GT_ERROR_AUTOGRAD,
  GT_ERROR_IO,
  GT_ERROR_FORMAT,
  GT_ERROR_CUDA,
  GT_ERROR_OUT_OF_MEMORY,
  GT_ERROR_NOT_SUPPORTED,
  GT_ERROR_DEVICE_UNAVAILABLE,
} GtError;

GT_AVAILABLE_IN_ALL
GQuark gt_error_quark (void);

G_END_DECLS
