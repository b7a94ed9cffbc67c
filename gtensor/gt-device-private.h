#pragma once

#include "gt-device.h"

G_BEGIN_DECLS

struct _GtDevice {
  GtDeviceType type;
  gint         index;   /* -1: unspecified */
};

#define GT_DEVICE_CPU ((GtDevice) { GT_DEVICE_TYPE_CPU, -1 })

/* @device may be NULL (the CPU). Resolves CUDA's -1 to the current device
 * and checks that the device exists: GT_ERROR_DEVICE_UNAVAILABLE if not. */
gboolean gt_device_resolve (const char     *func,
                            const GtDevice *device,
                            GtDevice       *resolved,
                            GError        **error);

gboolean gt_device_same (const GtDevice *a,
                         const GtDevice *b);

G_END_DECLS
