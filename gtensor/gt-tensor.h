#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib-object.h>
#include <gtensor/gt-version-macros.h>
#include <gtensor/gt-dtype.h>
#include <gtensor/gt-device.h>

G_BEGIN_DECLS

#define GT_TYPE_TENSOR (gt_tensor_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtTensor, gt_tensor, GT, TENSOR, GObject)

/* construction from data */
GT_AVAILABLE_IN_ALL
GtTensor     *gt_tensor_new_from_doubles   (const gdouble  *data,
                                            gsize           n_data,
                                            const gint64   *shape,
                                            gsize           n_dims,
                                            GtDType         dtype,
                                            GtDevice       *device,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
GtTensor     *gt_tensor_new_from_int64s    (const gint64   *data,
                                            gsize           n_data,
                                            const gint64   *shape,
                                            gsize           n_dims,
                                            GtDType         dtype,
                                            GtDevice       *device,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
GtTensor     *gt_tensor_new_from_bytes     (GBytes         *data,
                                            const gint64   *shape,
                                            gsize           n_dims,
                                            GtDType         dtype,
                                            GtDevice       *device,
                                            GError        **error);

/**
 * GtBlobReleaseFunc:
 * @user_data: the data given to gt_tensor_new_from_blob()
 *
 * Called once when the last tensor over a blob's memory is gone.
 */
typedef void (*GtBlobReleaseFunc) (gpointer user_data);

GT_AVAILABLE_IN_ALL
GtTensor     *gt_tensor_new_from_blob      (guint64           address,
                                            gsize             nbytes,
                                            const gint64     *shape,
                                            gsize             n_dims,
                                            const gint64     *strides,
                                            gsize             n_strides,
                                            GtDType           dtype,
                                            GtBlobReleaseFunc release,
                                            gpointer          user_data,
                                            GDestroyNotify    notify,
                                            GError          **error);
GT_AVAILABLE_IN_ALL
guint64       gt_tensor_get_data_address   (GtTensor        *self,
                                            gboolean         writable,
                                            GError         **error);

/* metadata */
GT_AVAILABLE_IN_ALL
const gint64 *gt_tensor_get_shape          (GtTensor       *self,
                                            gsize          *n_dims);
GT_AVAILABLE_IN_ALL
const gint64 *gt_tensor_get_strides        (GtTensor       *self,
                                            gsize          *n_dims);
GT_AVAILABLE_IN_ALL
gint64        gt_tensor_get_size           (GtTensor       *self,
                                            gint            dim,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
gint64        gt_tensor_get_stride         (GtTensor       *self,
                                            gint            dim,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
guint         gt_tensor_get_ndim           (GtTensor       *self);
GT_AVAILABLE_IN_ALL
gint64        gt_tensor_get_numel          (GtTensor       *self);
GT_AVAILABLE_IN_ALL
GtDType       gt_tensor_get_dtype          (GtTensor       *self);
GT_AVAILABLE_IN_ALL
gsize         gt_tensor_get_element_size   (GtTensor       *self);
GT_AVAILABLE_IN_ALL
GtDevice     *gt_tensor_get_device         (GtTensor       *self);
GT_AVAILABLE_IN_ALL
gint64        gt_tensor_get_storage_offset (GtTensor       *self);
GT_AVAILABLE_IN_ALL
gboolean      gt_tensor_is_contiguous      (GtTensor       *self);
GT_AVAILABLE_IN_ALL
gboolean      gt_tensor_is_floating_point  (GtTensor       *self);

/* autograd fields */
GT_AVAILABLE_IN_ALL
gboolean      gt_tensor_get_requires_grad  (GtTensor       *self);
GT_AVAILABLE_IN_ALL
gboolean      gt_tensor_set_requires_grad  (GtTensor       *self,
                                            gboolean        requires_grad,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
GtTensor     *gt_tensor_get_grad           (GtTensor       *self);
GT_AVAILABLE_IN_ALL
gboolean      gt_tensor_set_grad           (GtTensor       *self,
                                            GtTensor       *grad,
                                            GError        **error);

/* reading data back */
GT_AVAILABLE_IN_ALL
GBytes       *gt_tensor_to_bytes           (GtTensor       *self,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
gdouble      *gt_tensor_to_doubles         (GtTensor       *self,
                                            gsize          *n_values,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
gint64       *gt_tensor_to_int64s          (GtTensor       *self,
                                            gsize          *n_values,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
gdouble       gt_tensor_item               (GtTensor       *self,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
gint64        gt_tensor_item_int64         (GtTensor       *self,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
char         *gt_tensor_to_string          (GtTensor       *self);

/* conversions and copies */
GT_AVAILABLE_IN_ALL
GtTensor     *gt_tensor_to_dtype           (GtTensor       *self,
                                            GtDType         dtype,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
GtTensor     *gt_tensor_to_device          (GtTensor       *self,
                                            GtDevice       *device,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
GtTensor     *gt_tensor_clone              (GtTensor       *self,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
GtTensor     *gt_tensor_contiguous         (GtTensor       *self,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
gboolean      gt_tensor_copy_              (GtTensor       *self,
                                            GtTensor       *src,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
gboolean      gt_tensor_fill_              (GtTensor       *self,
                                            gdouble         value,
                                            GError        **error);
GT_AVAILABLE_IN_ALL
gboolean      gt_tensor_zero_              (GtTensor       *self,
                                            GError        **error);

G_END_DECLS
