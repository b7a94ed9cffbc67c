#include "config.h"

#include <math.h>
#include <string.h>

#include "gt-tensor-private.h"

/*
 * gt_tensor_to_string: torch's repr, character for character, so that logs
 * and doctests read the same in both libraries. This follows the rules of
 * torch/_tensor_str.py (PyTorch 1.13): precision 4, threshold 1000 elements
 * before summarising with 3 edge items, line width 80, fixed or scientific
 * notation chosen from the nonzero finite values, integral floats printed
 * as "1.", and suffixes for non-default dtypes, devices and requires_grad.
 */

#define PRECISION 4
#define THRESHOLD 1000
#define EDGEITEMS 3
#define LINEWIDTH 80

typedef struct {
  GtTensor *t;            /* a CPU tensor */
  gboolean  floating;
  gboolean  is_bool;
  gboolean  summarize;
  /* the formatter's decisions */
  gboolean  int_mode;
  gboolean  sci_mode;
  gint      max_width;
  /* statistics collected over the printed elements */
  gboolean  any_finite_nonzero;
  gboolean  all_integral;
  gdouble   min_abs, max_abs;
} Printer;

typedef void (*ElementFunc) (Printer *p, gconstpointer element);

static gconstpointer
element_at (GtTensor *t, gint64 offset)
{
  return (const guint8 *) t->storage->data +
         offset * (gint64) gt_dtype_get_element_size (t->dtype);
}

/* Visits the elements that will be printed, in order. */
static void
visit (Printer *p, guint dim, gint64 offset, ElementFunc func)
{
  GtTensor *t = p->t;
  gint64 size;

  if (dim == t->ndim)
    {
      func (p, element_at (t, offset));
      return;
    }
  size = t->sizes[dim];
  for (gint64 i = 0; i < size; i++)
    {
      if (p->summarize && size > 2 * EDGEITEMS && i == EDGEITEMS)
        i = size - EDGEITEMS;
      visit (p, dim + 1, offset + i * t->strides[dim], func);
    }
}

/* Python's str.format of a float: like printf, but NaN is never signed. */
typedef enum { FMT_SCI, FMT_INT, FMT_FIXED } FloatFormat;

static char *
format_float (FloatFormat fmt, gdouble v)
{
  if (isnan (v))
    return g_strdup ("nan");
  switch (fmt)
    {
    case FMT_SCI:
      return g_strdup_printf ("%.4e", v);
    case FMT_INT:
      return g_strdup_printf ("%.0f", v);
    default:
      return g_strdup_printf ("%.4f", v);
    }
}

static char *
format_value (Printer *p, gconstpointer element)
{
  GtTensor *t = p->t;

  if (p->is_bool)
    return g_strdup (*(const guint8 *) element ? "True" : "False");
  if (!p->floating)
    return g_strdup_printf ("%" G_GINT64_FORMAT, gt_cpu_load_int64 (element, t->dtype));
  {
    gdouble v = gt_cpu_load_double (element, t->dtype);

    if (p->sci_mode)
      return format_float (FMT_SCI, v);
    if (p->int_mode)
      {
        char *s = format_float (FMT_INT, v);
        if (isfinite (v))
          {
            char *with_dot = g_strconcat (s, ".", NULL);
            g_free (s);
            s = with_dot;
          }
        return s;
      }
    return format_float (FMT_FIXED, v);
  }
}

static void
collect_stats (Printer *p, gconstpointer element)
{
  gdouble v = gt_cpu_load_double (element, p->t->dtype);

  if (!isfinite (v) || v == 0.0)
    return;
  if (!p->any_finite_nonzero)
    {
      p->min_abs = p->max_abs = fabs (v);
      p->any_finite_nonzero = TRUE;
    }
  p->min_abs = MIN (p->min_abs, fabs (v));
  p->max_abs = MAX (p->max_abs, fabs (v));
  if (v != ceil (v))
    p->all_integral = FALSE;
}

static void
measure_width (Printer *p, gconstpointer element)
{
  g_autofree char *s = NULL;
  gint extra = 0;

  if (p->floating)
    {
      gdouble v = gt_cpu_load_double (element, p->t->dtype);

      /* Only nonzero finite values count toward the width. */
      if (!isfinite (v) || v == 0.0)
        return;
      if (p->int_mode && !p->sci_mode)
        {
          s = format_float (FMT_INT, v);
          extra = 1;  /* the trailing "." */
        }
    }
  if (s == NULL)
    s = format_value (p, element);
  p->max_width = MAX (p->max_width, (gint) strlen (s) + extra);
}

static void
setup_formatter (Printer *p)
{
  p->int_mode = TRUE;
  p->sci_mode = FALSE;
  p->max_width = 1;

  if (p->floating)
    {
      p->all_integral = TRUE;
      visit (p, 0, p->t->offset, collect_stats);
      if (!p->any_finite_nonzero)
        return;
      p->int_mode = p->all_integral;
      if (p->max_abs / p->min_abs > 1000.0 || p->max_abs > 1e8 ||
          (!p->int_mode && p->min_abs < 1e-4))
        p->sci_mode = TRUE;
    }
  visit (p, 0, p->t->offset, measure_width);
}

static void
append_padded (Printer *p, GString *out, gconstpointer element)
{
  g_autofree char *s = format_value (p, element);
  gint len = (gint) strlen (s);

  for (gint i = len; i < p->max_width; i++)
    g_string_append_c (out, ' ');
  g_string_append (out, s);
}

static void
append_vector (Printer *p, GString *out, gint64 offset, gint indent)
{
  GtTensor *t = p->t;
  guint dim = t->ndim - 1;
  gint64 size = t->sizes[dim];
  gint element_length = p->max_width + 2;
  gint per_line = MAX (1, (LINEWIDTH - indent) / element_length);
  gint in_line = 0;
  gboolean cut = p->summarize && size > 2 * EDGEITEMS;

  g_string_append_c (out, '[');
  for (gint64 i = 0; i < size; i++)
    {
      if (in_line == per_line)
        {
          g_string_append_c (out, ',');
          g_string_append_c (out, '\n');
          for (gint k = 0; k < indent + 1; k++)
            g_string_append_c (out, ' ');
          in_line = 0;
        }
      else if (i > 0)
        g_string_append (out, ", ");

      if (cut && i == EDGEITEMS)
        {
          /* The ellipsis takes an element's place in the line. */
          g_string_append (out, " ...");
          i = size - EDGEITEMS - 1;
        }
      else
        append_padded (p, out, element_at (t, offset + i * t->strides[dim]));
      in_line++;
    }
  g_string_append_c (out, ']');
}

static void
append_tensor (Printer *p, GString *out, guint dim, gint64 offset, gint indent)
{
  GtTensor *t = p->t;
  gint64 size;
  gboolean cut;

  if (t->ndim == 0)
    {
      append_padded (p, out, element_at (t, offset));
      return;
    }
  if (dim == t->ndim - 1)
    {
      append_vector (p, out, offset, indent);
      return;
    }

  size = t->sizes[dim];
  cut = p->summarize && size > 2 * EDGEITEMS;
  g_string_append_c (out, '[');
  for (gint64 i = 0; i < size; i++)
    {
      if (i > 0)
        {
          /* ",", then one newline per remaining dimension, then indent. */
          g_string_append_c (out, ',');
          for (guint k = 0; k < t->ndim - dim - 1; k++)
            g_string_append_c (out, '\n');
          for (gint k = 0; k < indent + 1; k++)
            g_string_append_c (out, ' ');
        }
      if (cut && i == EDGEITEMS)
        {
          g_string_append (out, "...");
          i = size - EDGEITEMS - 1;
          continue;
        }
      append_tensor (p, out, dim + 1, offset + i * t->strides[dim], indent + 1);
    }
  g_string_append_c (out, ']');
}

static void
add_suffix (GString *out, gsize *last_line_len, const char *suffix, gint indent)
{
  gsize len = strlen (suffix);

  if (*last_line_len + len + 2 > LINEWIDTH)
    {
      g_string_append (out, ",\n");
      for (gint k = 0; k < indent; k++)
        g_string_append_c (out, ' ');
      g_string_append (out, suffix);
      *last_line_len = indent + len;
    }
  else
    {
      g_string_append (out, ", ");
      g_string_append (out, suffix);
      *last_line_len += len + 2;
    }
}

/**
 * gt_tensor_to_string:
 * @self: a #GtTensor
 *
 * Formats @self exactly as torch's `repr()` does, e.g.
 * `tensor([[0., 1.],\n        [2., 3.]])`, summarising tensors of more than
 * 1000 elements with "...", and adding `dtype=torch.int32`,
 * `device='cuda:0'` or `requires_grad=True` where torch would.
 *
 * Returns: (transfer full): the text
 *
 * Since: 0.1
 */
char *
gt_tensor_to_string (GtTensor *self)
{
  const gint indent = 7;   /* strlen ("tensor(") */
  g_autoptr(GtTensor) host = NULL;
  g_autoptr(GError) error = NULL;
  GString *out;
  GPtrArray *suffixes;
  gsize last_line_len;
  const char *nl;

  g_return_val_if_fail (GT_IS_TENSOR (self), NULL);

  host = gt_tensor_to_device (self, NULL, &error);
  if (host == NULL)
    return g_strdup_printf ("tensor(<unreadable: %s>)", error->message);

  suffixes = g_ptr_array_new_with_free_func (g_free);
  if (gt_tensor_device (self)->type != GT_DEVICE_TYPE_CPU)
    {
      g_autofree char *dev = gt_device_to_string (gt_tensor_device (self));
      g_ptr_array_add (suffixes, g_strdup_printf ("device='%s'", dev));
    }

  out = g_string_new ("tensor(");
  if (self->numel == 0)
    {
      g_string_append (out, "[]");
      if (self->ndim != 1)
        {
          GString *size = g_string_new ("size=(");
          for (guint i = 0; i < self->ndim; i++)
            g_string_append_printf (size, i ? ", %" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                                    self->sizes[i]);
          g_string_append (size, self->ndim == 1 ? ",)" : ")");
          g_ptr_array_add (suffixes, g_string_free (size, FALSE));
        }
      if (self->dtype != GT_DTYPE_FLOAT32)
        g_ptr_array_add (suffixes, g_strdup_printf ("dtype=torch.%s",
                                                    gt_dtype_get_name (self->dtype)));
    }
  else
    {
      Printer p = { 0 };

      if (self->dtype != GT_DTYPE_FLOAT32 && self->dtype != GT_DTYPE_INT64 &&
          self->dtype != GT_DTYPE_BOOL)
        g_ptr_array_add (suffixes, g_strdup_printf ("dtype=torch.%s",
                                                    gt_dtype_get_name (self->dtype)));
      p.t = host;
      p.floating = gt_dtype_is_floating_point (host->dtype);
      p.is_bool = host->dtype == GT_DTYPE_BOOL;
      p.summarize = host->numel > THRESHOLD;
      setup_formatter (&p);
      append_tensor (&p, out, 0, host->offset, indent);
    }
  if (self->requires_grad)
    g_ptr_array_add (suffixes, g_strdup ("requires_grad=True"));

  nl = strrchr (out->str, '\n');
  last_line_len = nl ? (gsize) (out->str + out->len - nl) + 1 : out->len + 2;
  for (guint i = 0; i < suffixes->len; i++)
    add_suffix (out, &last_line_len, g_ptr_array_index (suffixes, i), indent);
  g_string_append_c (out, ')');

  g_ptr_array_unref (suffixes);
  return g_string_free (out, FALSE);
}
