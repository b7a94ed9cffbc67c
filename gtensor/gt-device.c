#include "config.h"

#include <errno.h>
#include <string.h>

#include "gt-device-private.h"
#include "gt-cuda-private.h"
#include "gt-error.h"

G_DEFINE_BOXED_TYPE (GtDevice, gt_device, gt_device_copy, gt_device_free)

/**
 * gt_device_new:
 * @device_type: the kind of device
 * @index: the device's index, or -1 for none (the current device)
 * @error: return location for a #GError
 *
 * Creates a device description. It does not check that the device exists:
 * functions that allocate on it do.
 *
 * Returns: (transfer full): a new #GtDevice, or %NULL with
 *   %GT_ERROR_DEVICE if @device_type is not a #GtDeviceType or @index is
 *   below -1 (torch: "Device index must not be negative")
 *
 * Since: 0.1
 */
GtDevice *
gt_device_new (GtDeviceType   device_type,
               gint           index,
               GError       **error)
{
  GtDevice *self;

  /* Both may come from data (a config file, a binding's int): GErrors,
   * as gt_device_new_from_string's, not criticals. */
  if (device_type != GT_DEVICE_TYPE_CPU && device_type != GT_DEVICE_TYPE_CUDA)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                   "gt_device_new: unknown device type %d", (int) device_type);
      return NULL;
    }
  if (index < -1)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                   "gt_device_new: device index must not be negative, got %d "
                   "(-1 means no index)", index);
      return NULL;
    }

  self = g_new (GtDevice, 1);
  self->type = device_type;
  self->index = index;
  return self;
}

/* Parses "N" as torch does: decimal digits, no sign, no leading zero. */
static gboolean
parse_index (const char *s,
             gint       *index)
{
  guint64 value;

  if (*s == '\0' || (s[0] == '0' && s[1] != '\0'))
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (!g_ascii_string_to_unsigned (s, 10, 0, G_MAXINT, &value, NULL))
    return FALSE;
  *index = (gint) value;
  return TRUE;
}

/**
 * gt_device_new_from_string:
 * @spec: a device string: "cpu", "cuda", "cuda:N" (or "cpu:N")
 * @error: return location for a #GError
 *
 * Parses a device string with torch.device's rules: a type name, then
 * optionally a colon and a decimal index without sign or leading zeros.
 *
 * Returns: (transfer full): the device, or %NULL with
 *   %GT_ERROR_DEVICE if @spec is malformed or names an unknown type
 *
 * Since: 0.1
 */
GtDevice *
gt_device_new_from_string (const char  *spec,
                           GError     **error)
{
  g_autofree char *type_name = NULL;
  g_autofree char *shown = NULL;
  const char *colon;
  GtDeviceType type;
  gint index = -1;

  if (spec == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                   "gt_device_new_from_string: the device string is NULL");
      return NULL;
    }

  /* The spec may come from anywhere; GError messages must be UTF-8. */
  shown = g_utf8_make_valid (spec, -1);
  colon = strchr (spec, ':');
  type_name = colon ? g_strndup (spec, colon - spec) : g_strdup (spec);

  if (g_str_equal (type_name, "cpu"))
    type = GT_DEVICE_TYPE_CPU;
  else if (g_str_equal (type_name, "cuda"))
    type = GT_DEVICE_TYPE_CUDA;
  else
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                   "gt_device_new_from_string: invalid device string '%s': "
                   "expected 'cpu', 'cuda' or 'cuda:N' with a device index N",
                   shown);
      return NULL;
    }

  if (colon != NULL && !parse_index (colon + 1, &index))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                   "gt_device_new_from_string: invalid device index in '%s': "
                   "expected a non-negative decimal number without leading "
                   "zeros",
                   shown);
      return NULL;
    }

  return gt_device_new (type, index, error);
}

/**
 * gt_device_copy:
 * @self: a #GtDevice
 *
 * Copies a device.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 0.1
 */
GtDevice *
gt_device_copy (const GtDevice *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * gt_device_free:
 * @self: (transfer full): a #GtDevice
 *
 * Frees a device.
 *
 * Since: 0.1
 */
void
gt_device_free (GtDevice *self)
{
  g_free (self);
}

/**
 * gt_device_get_device_type:
 * @self: a #GtDevice
 *
 * The device's kind.
 *
 * Returns: the #GtDeviceType
 *
 * Since: 0.1
 */
GtDeviceType
gt_device_get_device_type (const GtDevice *self)
{
  g_return_val_if_fail (self != NULL, GT_DEVICE_TYPE_CPU);

  return self->type;
}

/**
 * gt_device_get_index:
 * @self: a #GtDevice
 *
 * The device's index, as torch.device.index; -1 where torch says None.
 *
 * Returns: the index or -1
 *
 * Since: 0.1
 */
gint
gt_device_get_index (const GtDevice *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->index;
}

/**
 * gt_device_to_string:
 * @self: a #GtDevice
 *
 * Formats the device as torch does: "cpu", "cuda", "cuda:1".
 *
 * Returns: (transfer full): the device string
 *
 * Since: 0.1
 */
char *
gt_device_to_string (const GtDevice *self)
{
  const char *name;

  g_return_val_if_fail (self != NULL, NULL);

  name = self->type == GT_DEVICE_TYPE_CUDA ? "cuda" : "cpu";
  if (self->index < 0)
    return g_strdup (name);
  return g_strdup_printf ("%s:%d", name, self->index);
}

/**
 * gt_device_equal:
 * @a: a #GtDevice
 * @b: another #GtDevice
 *
 * Compares type and index, as `torch.device` equality does ("cuda" and
 * "cuda:0" differ).
 *
 * Returns: %TRUE if both describe the same device
 *
 * Since: 0.1
 */
gboolean
gt_device_equal (const GtDevice *a,
                 const GtDevice *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->type == b->type && a->index == b->index;
}

/* Two resolved devices: CPU indices do not matter, CUDA ones do. */
gboolean
gt_device_same (const GtDevice *a,
                const GtDevice *b)
{
  if (a->type != b->type)
    return FALSE;
  return a->type == GT_DEVICE_TYPE_CPU || a->index == b->index;
}

gboolean
gt_device_resolve (const char     *func,
                   const GtDevice *device,
                   GtDevice       *resolved,
                   GError        **error)
{
  gint count;

  if (device == NULL || device->type == GT_DEVICE_TYPE_CPU)
    {
      *resolved = GT_DEVICE_CPU;
      return TRUE;
    }
  if (device->type != GT_DEVICE_TYPE_CUDA)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE,
                   "%s: unknown device type %d", func, (int) device->type);
      return FALSE;
    }

  count = gt_cuda_device_count ();
  if (count == 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE,
                   "%s: device 'cuda' is not available: %s", func,
                   gt_cuda_get_unavailable_reason ());
      return FALSE;
    }
  if (device->index >= count)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE,
                   "%s: device 'cuda:%d' is not available: this machine has "
                   "%d CUDA device(s)", func, device->index, count);
      return FALSE;
    }
  resolved->type = GT_DEVICE_TYPE_CUDA;
  resolved->index = device->index < 0 ? 0 : device->index;
  return TRUE;
}
