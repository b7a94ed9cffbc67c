#pragma once

/* A gradient checker for the C tests (torch.autograd.gradcheck and
 * gradgradcheck in float64):
 *
 *   first order:  the gradients autograd.grad gives for a random
 *                 grad_output v equal the central finite differences of
 *                 <f(inputs), v> over every input element;
 *   second order: the gradients of <first gradients, w> (autograd.grad with
 *                 create_graph, then again) equal the finite differences of
 *                 <first gradients, w> for a random w.
 *
 * Inputs may be any float64 views: transposed, sliced or expanded (stride
 * 0). A finite difference moves one element of memory, so for an expanded
 * input it is compared with the analytical gradient summed over every
 * position that reads that element. Inputs that do not require grad (a
 * where condition, a constant) are passed to the function and not checked.
 *
 * eps 1e-6, and |analytical − numerical| <= atol + rtol · |numerical| with
 * atol 1e-5, rtol 1e-3 (torch's gradcheck defaults). */

#include <math.h>
#include <string.h>

#include <gtensor/gtensor.h>

#include "gt-tensor-private.h"

#define GT_GRADCHECK_EPS  1e-6
#define GT_GRADCHECK_ATOL 1e-5
#define GT_GRADCHECK_RTOL 1e-3

/* The function under test: one tensor from @inputs (new reference), or NULL
 * with @error set. */
typedef GtTensor *(*GtGradcheckFunc) (GtTensor  **inputs,
                                      gpointer    user_data,
                                      GError    **error);

typedef enum {
  GT_GRADCHECK_CONTIGUOUS,
  GT_GRADCHECK_TRANSPOSED,   /* the last two dims swapped (2-d and up) */
  GT_GRADCHECK_SLICED,       /* every other element of a twice wider base */
  GT_GRADCHECK_EXPANDED,     /* dim 0 of size > 1 read through stride 0 */
} GtGradcheckLayout;

/* A float64 leaf requiring grad with values uniform in [@lo, @hi), laid out
 * as @layout (the base tensor is not kept: the view holds its storage). */
static inline GtTensor *
gt_gradcheck_input (GRand             *rand,
                    const gint64      *shape,
                    guint              ndim,
                    gdouble            lo,
                    gdouble            hi,
                    GtGradcheckLayout  layout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) base = NULL;
  gint64 base_shape[GT_MAX_DIMS], sizes[GT_MAX_DIMS], strides[GT_MAX_DIMS];
  g_autofree gdouble *values = NULL;
  gint64 n = 1;
  GtTensor *t;

  memcpy (base_shape, shape, ndim * sizeof (gint64));
  if (layout == GT_GRADCHECK_TRANSPOSED && ndim >= 2)
    {
      base_shape[ndim - 1] = shape[ndim - 2];
      base_shape[ndim - 2] = shape[ndim - 1];
    }
  else if (layout == GT_GRADCHECK_SLICED && ndim >= 1)
    base_shape[ndim - 1] = 2 * shape[ndim - 1];
  else if (layout == GT_GRADCHECK_EXPANDED && ndim >= 1)
    base_shape[0] = 1;
  for (guint i = 0; i < ndim; i++)
    n *= base_shape[i];

  values = g_new (gdouble, MAX (n, 1));
  for (gint64 i = 0; i < n; i++)
    values[i] = g_rand_double_range (rand, lo, hi);
  base = gt_tensor_new_from_doubles (values, (gsize) n, base_shape, ndim,
                                     GT_DTYPE_FLOAT64, NULL, &error);
  g_assert_no_error (error);

  memcpy (sizes, base->sizes, ndim * sizeof (gint64));
  memcpy (strides, base->strides, ndim * sizeof (gint64));
  if (layout == GT_GRADCHECK_TRANSPOSED && ndim >= 2)
    {
      sizes[ndim - 1] = base->sizes[ndim - 2];
      sizes[ndim - 2] = base->sizes[ndim - 1];
      strides[ndim - 1] = base->strides[ndim - 2];
      strides[ndim - 2] = base->strides[ndim - 1];
    }
  else if (layout == GT_GRADCHECK_SLICED && ndim >= 1)
    {
      sizes[ndim - 1] = shape[ndim - 1];
      strides[ndim - 1] = 2 * base->strides[ndim - 1];
    }
  else if (layout == GT_GRADCHECK_EXPANDED && ndim >= 1)
    {
      sizes[0] = shape[0];
      strides[0] = 0;
    }
  t = gt_tensor_new_view (base, ndim, sizes, strides, base->offset);
  g_assert_true (gt_tensor_set_requires_grad (t, TRUE, NULL));
  return t;
}

/* Where each element of @t lives, in row-major order of @t: offsets in
 * elements from the start of its storage. */
static inline gint64 *
gt_gradcheck_offsets (GtTensor *t)
{
  gint64 *offsets = g_new (gint64, MAX (t->numel, 1));
  gint64 idx[GT_MAX_DIMS] = { 0 };

  for (gint64 k = 0; k < t->numel; k++)
    {
      gint64 off = t->offset;

      for (guint d = 0; d < t->ndim; d++)
        off += idx[d] * t->strides[d];
      offsets[k] = off;
      for (gint d = (gint) t->ndim - 1; d >= 0; d--)
        {
          if (++idx[d] < t->sizes[d])
            break;
          idx[d] = 0;
        }
    }
  return offsets;
}

static inline gdouble *
gt_gradcheck_element (GtTensor *t,
                      gint64    offset)
{
  return (gdouble *) (gpointer) t->storage->data + offset;
}

static inline GtTensor *
gt_gradcheck_random_like (GRand    *rand,
                          GtTensor *t)
{
  g_autoptr(GError) error = NULL;
  g_autofree gdouble *values = g_new (gdouble, MAX (t->numel, 1));
  GtTensor *r;

  for (gint64 i = 0; i < t->numel; i++)
    values[i] = g_rand_double_range (rand, -1.0, 1.0);
  r = gt_tensor_new_from_doubles (values, (gsize) t->numel, t->sizes, t->ndim,
                                  GT_DTYPE_FLOAT64, NULL, &error);
  g_assert_no_error (error);
  return r;
}

static inline gdouble
gt_gradcheck_dot (GtTensor *a,
                  GtTensor *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree gdouble *x = NULL, *y = NULL;
  gsize n = 0, m = 0;
  gdouble s = 0.0;

  if (a == NULL)
    return 0.0;
  x = gt_tensor_to_doubles (a, &n, &error);
  g_assert_no_error (error);
  y = gt_tensor_to_doubles (b, &m, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, m);
  for (gsize i = 0; i < n; i++)
    s += x[i] * y[i];
  return s;
}

static inline void
gt_gradcheck_unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

typedef struct {
  GtGradcheckFunc  func;
  gpointer         user_data;
  GtTensor       **inputs;
  guint            n_inputs;
  GPtrArray       *checked;    /* the inputs that require grad */
  GtTensor        *v;          /* grad_output of f */
  GPtrArray       *w;          /* one weight per first gradient */
  const char      *what;
} GtGradcheck;

/* f(inputs), with or without a graph. */
static inline GtTensor *
gt_gradcheck_eval (GtGradcheck *gc,
                   gboolean     grad)
{
  g_autoptr(GError) error = NULL;
  gboolean previous = gt_set_grad_enabled (grad);
  GtTensor *out = gc->func (gc->inputs, gc->user_data, &error);

  gt_set_grad_enabled (previous);
  if (out == NULL)
    g_error ("%s: the function failed: %s", gc->what, error->message);
  g_assert_cmpint (gt_tensor_get_dtype (out), ==, GT_DTYPE_FLOAT64);
  return out;
}

/* The first gradients for grad_output v (NULL entries: unused inputs). */
static inline GPtrArray *
gt_gradcheck_first (GtGradcheck *gc,
                    gboolean     create_graph)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) out = gt_gradcheck_eval (gc, TRUE);
  g_autoptr(GPtrArray) outputs = g_ptr_array_new ();
  g_autoptr(GPtrArray) grads = g_ptr_array_new ();
  GPtrArray *result;

  g_ptr_array_add (outputs, out);
  g_ptr_array_add (grads, gc->v);
  if (!gt_tensor_get_requires_grad (out))
    {
      /* f does not depend on the inputs at all */
      result = g_ptr_array_new_with_free_func (gt_gradcheck_unref_nullable);
      for (guint i = 0; i < gc->checked->len; i++)
        g_ptr_array_add (result, NULL);
      return result;
    }
  result = gt_autograd_grad (outputs, gc->checked, grads, FALSE, create_graph,
                             TRUE, &error);
  if (result == NULL)
    g_error ("%s: autograd.grad failed: %s", gc->what, error->message);
  return result;
}

/* <first gradients, w> without a graph: what the second order differences. */
static inline gdouble
gt_gradcheck_first_dot_w (GtGradcheck *gc)
{
  g_autoptr(GPtrArray) first = gt_gradcheck_first (gc, FALSE);
  gdouble s = 0.0;

  for (guint i = 0; i < first->len; i++)
    s += gt_gradcheck_dot (first->pdata[i], gc->w->pdata[i]);
  return s;
}

static inline gdouble
gt_gradcheck_f_dot_v (GtGradcheck *gc)
{
  g_autoptr(GtTensor) out = gt_gradcheck_eval (gc, FALSE);

  return gt_gradcheck_dot (out, gc->v);
}

/* Compares @analytical (one per checked input, NULL meaning zeros) with
 * the central differences of @scalar. */
static inline void
gt_gradcheck_compare (GtGradcheck *gc,
                      GPtrArray   *analytical,
                      gdouble    (*scalar) (GtGradcheck *gc),
                      const char  *order)
{
  for (guint i = 0; i < gc->checked->len; i++)
    {
      GtTensor *x = gc->checked->pdata[i];
      g_autofree gint64 *offsets = gt_gradcheck_offsets (x);
      g_autofree gdouble *a = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
      gsize n = 0;

      if (analytical->pdata[i] != NULL)
        {
          g_autoptr(GError) error = NULL;
          GtTensor *g = analytical->pdata[i];

          g_assert_cmpuint (g->ndim, ==, x->ndim);
          g_assert_cmpmem (g->sizes, g->ndim * sizeof (gint64), x->sizes,
                           x->ndim * sizeof (gint64));
          g_assert_cmpint (gt_tensor_get_dtype (g), ==, GT_DTYPE_FLOAT64);
          a = gt_tensor_to_doubles (g, &n, &error);
          g_assert_no_error (error);
        }

      for (gint64 k = 0; k < x->numel; k++)
        {
          gdouble *p = gt_gradcheck_element (x, offsets[k]);
          gdouble orig = *p, plus, minus, numerical, sum = 0.0;

          if (g_hash_table_contains (seen, &offsets[k]))
            continue;
          g_hash_table_add (seen, &offsets[k]);
          /* every position reading this element */
          for (gint64 j = k; j < x->numel; j++)
            if (offsets[j] == offsets[k] && a != NULL)
              sum += a[j];

          *p = orig + GT_GRADCHECK_EPS;
          plus = scalar (gc);
          *p = orig - GT_GRADCHECK_EPS;
          minus = scalar (gc);
          *p = orig;
          numerical = (plus - minus) / (2 * GT_GRADCHECK_EPS);

          if (!(fabs (sum - numerical) <=
                GT_GRADCHECK_ATOL + GT_GRADCHECK_RTOL * fabs (numerical)))
            g_error ("%s: %s gradient of input %u, element %" G_GINT64_FORMAT
                     " (value %.17g): analytical %.10g, numerical %.10g",
                     gc->what, order, i, k, orig, sum, numerical);
        }
    }
}

/* Checks the first gradients of @func at @inputs, and with @second_order
 * the second. Aborts the test with the op, input and element on a
 * mismatch. */
static inline void
gt_gradcheck (const char       *what,
              GtGradcheckFunc   func,
              gpointer          user_data,
              GtTensor        **inputs,
              guint             n_inputs,
              gboolean          second_order,
              GRand            *rand)
{
  GtGradcheck gc = { func, user_data, inputs, n_inputs, NULL, NULL, NULL, what };
  g_autoptr(GtTensor) out = NULL;
  g_autoptr(GPtrArray) first = NULL;

  gc.checked = g_ptr_array_new ();
  for (guint i = 0; i < n_inputs; i++)
    if (inputs[i] != NULL && gt_tensor_get_requires_grad (inputs[i]))
      {
        g_assert_cmpint (gt_tensor_get_dtype (inputs[i]), ==, GT_DTYPE_FLOAT64);
        g_ptr_array_add (gc.checked, inputs[i]);
      }
  g_assert_cmpuint (gc.checked->len, >, 0);

  out = gt_gradcheck_eval (&gc, FALSE);
  gc.v = gt_gradcheck_random_like (rand, out);

  first = gt_gradcheck_first (&gc, second_order);
  gt_gradcheck_compare (&gc, first, gt_gradcheck_f_dot_v, "first-order");

  if (second_order)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) outputs = g_ptr_array_new ();
      g_autoptr(GPtrArray) weights = g_ptr_array_new ();
      g_autoptr(GPtrArray) second = NULL;

      gc.w = g_ptr_array_new_with_free_func ((GDestroyNotify) g_object_unref);
      for (guint i = 0; i < first->len; i++)
        {
          GtTensor *g = first->pdata[i];
          GtTensor *w = gt_gradcheck_random_like (rand, gc.checked->pdata[i]);

          g_ptr_array_add (gc.w, w);
          /* a gradient that does not depend on the inputs (x + y) has no
           * graph: its second derivatives are zero */
          if (g != NULL && gt_tensor_get_requires_grad (g))
            {
              g_ptr_array_add (outputs, g);
              g_ptr_array_add (weights, w);
            }
        }
      if (outputs->len > 0)
        {
          second = gt_autograd_grad (outputs, gc.checked, weights, FALSE, FALSE,
                                     TRUE, &error);
          if (second == NULL)
            g_error ("%s: second-order autograd.grad failed: %s", what,
                     error->message);
        }
      else
        {
          second = g_ptr_array_new ();
          for (guint i = 0; i < gc.checked->len; i++)
            g_ptr_array_add (second, NULL);
        }
      gt_gradcheck_compare (&gc, second, gt_gradcheck_first_dot_w, "second-order");
      g_ptr_array_unref (gc.w);
    }

  g_object_unref (gc.v);
  g_ptr_array_unref (gc.checked);
}

/* ---- tables of one-input ops ------------------------------------------------
 *
 * The grad tests of op families (shape, index) check each op of a table the
 * same way: first order over several layouts of the input, second order of
 * op(x) · op(x) (through the op's own backward graph) on the first two, and
 * torch's node name on the result. */

typedef GtTensor *(*GtGradcheckOp) (GtTensor  *x,
                                    GError   **error);

typedef struct {
  const char     *name;
  GtGradcheckOp   op;
  const char     *node;         /* torch's grad_fn name of the result */
  gint64          shape[3];     /* the input */
  guint           ndim;
  gboolean        two_layouts;  /* only the first two layouts (a view
                                 * needs ones it can view) */
} GtGradcheckCase;

static inline GtTensor *
gt_gradcheck_case_fn (GtTensor **in,
                      gpointer   data,
                      GError   **error)
{
  const GtGradcheckCase *c = data;

  return c->op (in[0], error);
}

static inline GtTensor *
gt_gradcheck_case_squared_fn (GtTensor **in,
                              gpointer   data,
                              GError   **error)
{
  const GtGradcheckCase *c = data;
  g_autoptr(GtTensor) y = c->op (in[0], error);

  return y ? gt_tensor_mul (y, y, error) : NULL;
}

/* First order on each of @layouts (inputs uniform in [-2, 2)), second order
 * of the square on the first two. */
static inline void
gt_gradcheck_case (const GtGradcheckCase   *c,
                   const GtGradcheckLayout *layouts,
                   guint                    n_layouts,
                   GRand                   *rand)
{
  for (guint k = 0; k < n_layouts; k++)
    {
      g_autoptr(GtTensor) x = NULL;
      g_autofree char *what = g_strdup_printf ("%s (layout %u)", c->name, k);
      g_autofree char *what2 = g_strdup_printf ("%s squared (layout %u)", c->name, k);

      if (k >= 2 && c->two_layouts)
        continue;
      x = gt_gradcheck_input (rand, c->shape, c->ndim, -2, 2, layouts[k]);
      gt_gradcheck (what, gt_gradcheck_case_fn, (gpointer) c, &x, 1, FALSE, rand);
      if (k < 2)
        gt_gradcheck (what2, gt_gradcheck_case_squared_fn, (gpointer) c, &x, 1,
                      TRUE, rand);
    }
}

/* The result of each case on a leaf requiring grad: torch's node name, and
 * a non-leaf that requires grad. */
static inline void
gt_gradcheck_case_nodes (const GtGradcheckCase *cases,
                         guint                  n_cases,
                         GRand                 *rand)
{
  for (guint i = 0; i < n_cases; i++)
    {
      const GtGradcheckCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) x = gt_gradcheck_input (rand, c->shape, c->ndim, -1, 1,
                                                  GT_GRADCHECK_CONTIGUOUS);
      g_autoptr(GtTensor) y = c->op (x, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gt_tensor_get_grad_fn_name (y), ==, c->node);
      g_assert_true (gt_tensor_get_requires_grad (y));
      g_assert_false (gt_tensor_is_leaf (y));
    }
}
