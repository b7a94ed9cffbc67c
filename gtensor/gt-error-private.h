#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* g_object_new() for the constructors that take a GError: the properties
 * come as name/value pairs, as for g_object_new(), and each value is first
 * checked against its GParamSpec. GObject would drop a value its spec
 * refuses (NaN, or one outside the spec's range) with a warning and keep
 * the default, so the object would silently differ from what was asked;
 * here that is GT_ERROR_VALUE naming @func and the argument. */
gpointer gt_object_new_checked (const char   *func,
                                GType         type,
                                GError      **error,
                                const char   *first_property_name,
                                ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
