#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib-object.h>
#include <gtensor/gt-version-macros.h>

G_BEGIN_DECLS

/**
 * GtDeviceType:
 * @GT_DEVICE_TYPE_CPU: host memory, computed by the built-in CPU backend
 * @GT_DEVICE_TYPE_CUDA: NVIDIA GPU memory, computed by the CUDA module
 *
 * The kinds of device a tensor can live on.
 *
 * Since: 0.1
 */
typedef enum {
  GT_DEVICE_TYPE_CPU,
  GT_DEVICE_TYPE_CUDA,
} GtDeviceType;

#define GT_TYPE_DEVICE (gt_device_get_type ())

/**
 * GtDevice:
 *
 * A device: a #GtDeviceType and an index ("cpu", "cuda:1"), as torch.device.
 * The index is -1 where none was given ("cuda" means the current CUDA
 * device). An opaque boxed type; %NULL wherever a `GtDevice *` argument is
 * nullable means the CPU.
 *
 * Since: 0.1
 */
typedef struct _GtDevice GtDevice;

GT_AVAILABLE_IN_ALL
GType         gt_device_get_type         (void) G_GNUC_CONST;
GT_AVAILABLE_IN_ALL
GtDevice     *gt_device_new              (GtDeviceType    device_type,
                                          gint            index,
                                          GError        **error);
GT_AVAILABLE_IN_ALL
GtDevice     *gt_device_new_from_string  (const char     *spec,
                                          GError        **error);
GT_AVAILABLE_IN_ALL
GtDevice     *gt_device_copy             (const GtDevice *self);
GT_AVAILABLE_IN_ALL
void          gt_device_free             (GtDevice       *self);
GT_AVAILABLE_IN_ALL
GtDeviceType  gt_device_get_device_type  (const GtDevice *self);
GT_AVAILABLE_IN_ALL
gint          gt_device_get_index        (const GtDevice *self);
GT_AVAILABLE_IN_ALL
char         *gt_device_to_string        (const GtDevice *self);
GT_AVAILABLE_IN_ALL
gboolean      gt_device_equal            (const GtDevice *a,
                                          const GtDevice *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GtDevice, gt_device_free)

G_END_DECLS
