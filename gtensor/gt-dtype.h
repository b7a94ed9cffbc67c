#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib.h>
#include <gtensor/gt-version-macros.h>

G_BEGIN_DECLS

/**
 * GtDType:
 * @GT_DTYPE_FLOAT32: 32-bit IEEE float, the default
 * @GT_DTYPE_FLOAT64: 64-bit IEEE float
 * @GT_DTYPE_FLOAT16: 16-bit IEEE half float
 * @GT_DTYPE_BFLOAT16: 16-bit brain float (float32 with 8 mantissa bits)
 * @GT_DTYPE_INT8: signed 8-bit integer
 * @GT_DTYPE_UINT8: unsigned 8-bit integer
 * @GT_DTYPE_INT16: signed 16-bit integer
 * @GT_DTYPE_INT32: signed 32-bit integer
 * @GT_DTYPE_INT64: signed 64-bit integer
 * @GT_DTYPE_BOOL: boolean stored in one byte (0 or 1)
 *
 * The element types of a #GtTensor, as torch.dtype.
 *
 * Since: 0.1
 */
typedef enum /*< underscore_name=gt_dtype >*/ {
  GT_DTYPE_FLOAT32,
  GT_DTYPE_FLOAT64,
  GT_DTYPE_FLOAT16,
  GT_DTYPE_BFLOAT16,
  GT_DTYPE_INT8,
  GT_DTYPE_UINT8,
  GT_DTYPE_INT16,
  GT_DTYPE_INT32,
  GT_DTYPE_INT64,
  GT_DTYPE_BOOL,
} GtDType;

GT_AVAILABLE_IN_ALL
gboolean     gt_dtype_is_valid            (GtDType      dtype);
GT_AVAILABLE_IN_ALL
gsize        gt_dtype_get_element_size    (GtDType      dtype);
GT_AVAILABLE_IN_ALL
const char  *gt_dtype_get_name            (GtDType      dtype);
GT_AVAILABLE_IN_ALL
GtDType      gt_dtype_from_name           (const char  *name,
                                           GError     **error);
GT_AVAILABLE_IN_ALL
gboolean     gt_dtype_is_floating_point   (GtDType      dtype);
GT_AVAILABLE_IN_ALL
gboolean     gt_dtype_is_signed           (GtDType      dtype);
GT_AVAILABLE_IN_ALL
GtDType      gt_dtype_promote_types       (GtDType      a,
                                           GtDType      b);

G_END_DECLS
