#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-version-macros.h>
#include <gtensor/gt-tensor.h>
#include <gtensor/gt-module.h>
#include <gtensor/gt-optimizer.h>

G_BEGIN_DECLS

/**
 * GT_SERIALIZE_TENSOR_NAME:
 *
 * The name under which [method@Gt.Tensor.save] stores its one tensor.
 *
 * Since: 0.1
 */
#define GT_SERIALIZE_TENSOR_NAME "tensor"

/**
 * GT_SERIALIZE_KIND_KEY:
 *
 * The metadata key that [method@Gt.Tensor.save] sets to
 * %GT_SERIALIZE_KIND_TENSOR, so that a reader can tell a file holding one
 * tensor from a map that happens to hold one entry.
 *
 * Since: 0.1
 */
#define GT_SERIALIZE_KIND_KEY "gtensor.kind"

/**
 * GT_SERIALIZE_KIND_TENSOR:
 *
 * The value of %GT_SERIALIZE_KIND_KEY in files written by
 * [method@Gt.Tensor.save].
 *
 * Since: 0.1
 */
#define GT_SERIALIZE_KIND_TENSOR "tensor"

/**
 * GT_SERIALIZE_MAX_HEADER_SIZE:
 *
 * The largest JSON header a reader accepts, in bytes (100 MB, the limit
 * of the reference implementation).
 *
 * Since: 0.1
 */
#define GT_SERIALIZE_MAX_HEADER_SIZE 100000000

GT_AVAILABLE_IN_ALL
gboolean     gt_save                (GHashTable   *tensors,
                                     GHashTable   *metadata,
                                     const char   *path,
                                     GError      **error);
GT_AVAILABLE_IN_ALL
GBytes      *gt_save_to_bytes       (GHashTable   *tensors,
                                     GHashTable   *metadata,
                                     GError      **error);

GT_AVAILABLE_IN_ALL
GHashTable  *gt_load                (const char   *path,
                                     GError      **error);
GT_AVAILABLE_IN_ALL
GHashTable  *gt_load_with_metadata  (const char   *path,
                                     GHashTable  **metadata,
                                     GError      **error);
GT_AVAILABLE_IN_ALL
GHashTable  *gt_load_mapped         (const char   *path,
                                     GHashTable  **metadata,
                                     GError      **error);
GT_AVAILABLE_IN_ALL
GHashTable  *gt_load_from_bytes     (GBytes       *bytes,
                                     GHashTable  **metadata,
                                     GError      **error);

GT_AVAILABLE_IN_ALL
gboolean     gt_tensor_save         (GtTensor     *self,
                                     const char   *path,
                                     GError      **error);
GT_AVAILABLE_IN_ALL
GtTensor    *gt_tensor_load         (const char   *path,
                                     GError      **error);

GT_AVAILABLE_IN_ALL
gboolean     gt_module_save         (GtModule     *self,
                                     const char   *path,
                                     GError      **error);
GT_AVAILABLE_IN_ALL
gboolean     gt_module_load         (GtModule     *self,
                                     const char   *path,
                                     gboolean      strict,
                                     GError      **error);
GT_AVAILABLE_IN_ALL
gboolean     gt_optimizer_save      (GtOptimizer  *self,
                                     const char   *path,
                                     GError      **error);
GT_AVAILABLE_IN_ALL
gboolean     gt_optimizer_load      (GtOptimizer  *self,
                                     const char   *path,
                                     GError      **error);

G_END_DECLS
