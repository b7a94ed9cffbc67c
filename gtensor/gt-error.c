#include "config.h"

#include <gobject/gvaluecollector.h>

#include "gt-error.h"
#include "gt-error-private.h"

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

static void
clear_value (GValue *value)
{
  if (G_IS_VALUE (value))
    g_value_unset (value);
}

/* "nan", "-1", "1e-05": the argument as the caller wrote it */
static char *
value_text (const GValue *value)
{
  if (G_VALUE_HOLDS_DOUBLE (value))
    return g_strdup_printf ("%g", g_value_get_double (value));
  if (G_VALUE_HOLDS_FLOAT (value))
    return g_strdup_printf ("%g", (double) g_value_get_float (value));
  return g_strdup_value_contents (value);
}

gpointer
gt_object_new_checked (const char  *func,
                       GType        type,
                       GError     **error,
                       const char  *first_property_name,
                       ...)
{
  g_autoptr (GTypeClass) klass = g_type_class_ref (type);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GArray) values = g_array_new (FALSE, TRUE, sizeof (GValue));
  gboolean ok = TRUE;
  va_list ap;

  g_array_set_clear_func (values, (GDestroyNotify) clear_value);
  va_start (ap, first_property_name);
  for (const char *name = first_property_name; name != NULL;
       name = va_arg (ap, const char *))
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass),
                                                        name);
      g_autofree char *collect_error = NULL;
      g_auto (GValue) checked = G_VALUE_INIT;
      GValue *value;

      if (pspec == NULL)
        {
          g_critical ("%s: %s has no property '%s'", func,
                      g_type_name (type), name);
          ok = FALSE;
          break;
        }
      g_array_set_size (values, values->len + 1);
      value = &g_array_index (values, GValue, values->len - 1);
      G_VALUE_COLLECT_INIT (value, pspec->value_type, ap, 0, &collect_error);
      if (collect_error != NULL)
        {
          g_critical ("%s: %s", func, collect_error);
          ok = FALSE;
          break;
        }
      g_ptr_array_add (names, (gpointer) name);
      g_value_init (&checked, pspec->value_type);
      g_value_copy (value, &checked);
      if (g_param_value_validate (pspec, &checked))
        {
          g_autofree char *arg = g_strdelimit (g_strdup (name), "-", '_');
          g_autofree char *text = value_text (value);

          g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                       "%s: invalid %s %s", func, arg, text);
          ok = FALSE;
          break;
        }
    }
  va_end (ap);
  if (!ok)
    return NULL;
  return g_object_new_with_properties (type, names->len,
                                       (const char **) names->pdata,
                                       (const GValue *) (gpointer) values->data);
}
