#pragma once

/* By the installed path, as gtensor.h includes it (see
 * gt-module-private.h). */
#include <gtensor/gt-batch-norm.h>

G_BEGIN_DECLS

/* The subclasses' _new_full constructors: a new @type with every argument
 * (a NaN @momentum stands for torch's None, the cumulative average), or
 * NULL with the reason when they describe no valid layer. */
GtModule *gt_batch_norm_new_checked (GType         type,
                                     gint64        num_features,
                                     gdouble       eps,
                                     gdouble       momentum,
                                     gboolean      affine,
                                     gboolean      track_running_stats,
                                     GtDType       dtype,
                                     GError      **error);

/* The subclasses' check_input_dim: GT_ERROR_SHAPE with torch's message
 * ("expected 2D or 3D input (got 4D input)") unless the input has
 * @min_ndim to @max_ndim dims. */
gboolean  gt_batch_norm_check_ndim  (GtBatchNorm  *self,
                                     GtTensor     *input,
                                     guint         min_ndim,
                                     guint         max_ndim,
                                     GError      **error);

/* BatchNorm1d and BatchNorm2d differ only by the input ranks they accept:
 * the instance struct, the type, check_input_dim (@min_ndim to @max_ndim
 * dims), class_init and init. The file keeps the documentation and the
 * constructors. */
#define GT_DEFINE_BATCH_NORM_RANKS(TypeName, type_name, min_ndim, max_ndim)  \
  struct _##TypeName                                                         \
  {                                                                          \
    GtBatchNorm parent_instance;                                             \
  };                                                                         \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, GT_TYPE_BATCH_NORM)              \
  static gboolean                                                            \
  type_name##_check_input_dim (GtBatchNorm *self, GtTensor *input,           \
                               GError **error)                               \
  {                                                                          \
    return gt_batch_norm_check_ndim (self, input, min_ndim, max_ndim,        \
                                     error);                                 \
  }                                                                          \
  static void                                                                \
  type_name##_class_init (TypeName##Class *klass)                            \
  {                                                                          \
    GT_BATCH_NORM_CLASS (klass)->check_input_dim =                           \
      type_name##_check_input_dim;                                           \
  }                                                                          \
  static void                                                                \
  type_name##_init (TypeName *self)                                          \
  {                                                                          \
  }

G_END_DECLS
