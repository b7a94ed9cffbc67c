#pragma once

/* Small helpers shared by the C tests. Everything is static so that each
 * test program stays one translation unit and -Wmissing-prototypes is
 * satisfied; G_GNUC_UNUSED keeps programs that use only some of them quiet. */

#include <math.h>
#include <string.h>

#include <gtensor/gtensor.h>

#include "gt-tensor-private.h"

/* A bad input must give a GError of @code in GT_ERROR whose message names
 * the public function the caller called, so that a user reading a log from
 * Python or GJS knows which call failed. A macro, so that a failure points
 * at the test's line. */
#define gt_assert_error_names(err, code, func)                              \
  G_STMT_START {                                                            \
    g_assert_error ((err), GT_ERROR, (code));                               \
    if (strstr ((err)->message, (func)) == NULL)                            \
      g_error ("error message '%s' does not name '%s'", (err)->message,     \
               (func));                                                     \
  } G_STMT_END

/* Same, then clears the error for the next check. */
#define gt_assert_error_names_clear(errp, code, func)                       \
  G_STMT_START {                                                            \
    gt_assert_error_names (*(errp), (code), (func));                        \
    g_clear_error (errp);                                                   \
  } G_STMT_END

static G_GNUC_UNUSED GtTensor *
gt_test_new (const gdouble *data,
             gsize          n_data,
             const gint64  *shape,
             gsize          n_dims,
             GtDType        dtype)
{
  g_autoptr(GError) error = NULL;
  GtTensor *t = gt_tensor_new_from_doubles (data, n_data, shape, n_dims,
                                            dtype, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

/* A 1-D tensor of @n values. */
static G_GNUC_UNUSED GtTensor *
gt_test_new_1d (const gdouble *data,
                gsize          n,
                GtDType        dtype)
{
  gint64 shape = (gint64) n;

  return gt_test_new (data, n, &shape, 1, dtype);
}

/* torch.arange(n, dtype=dtype).reshape(shape) */
static G_GNUC_UNUSED GtTensor *
gt_test_arange_shaped (const gint64 *shape,
                       gsize         n_dims,
                       GtDType       dtype)
{
  g_autoptr(GError) error = NULL;
  g_autofree gdouble *data = NULL;
  gint64 n = 1;
  GtTensor *t;

  for (gsize i = 0; i < n_dims; i++)
    n *= shape[i];
  data = g_new (gdouble, MAX (n, 1));
  for (gint64 i = 0; i < n; i++)
    data[i] = (gdouble) i;
  t = gt_tensor_new_from_doubles (data, (gsize) n, shape, n_dims, dtype, NULL,
                                  &error);
  g_assert_no_error (error);
  return t;
}

/* A view of @base with explicit geometry (the op layer's views are not
 * written yet; the private constructor gives the same tensors). */
static G_GNUC_UNUSED GtTensor *
gt_test_view (GtTensor     *base,
              guint         ndim,
              const gint64 *sizes,
              const gint64 *strides,
              gint64        offset)
{
  return gt_tensor_new_view (base, ndim, sizes, strides, offset);
}

/* The transpose of a 2-D tensor, as a view. */
static G_GNUC_UNUSED GtTensor *
gt_test_transpose (GtTensor *base)
{
  gint64 sizes[2], strides[2];

  g_assert_cmpuint (base->ndim, ==, 2);
  sizes[0] = base->sizes[1];
  sizes[1] = base->sizes[0];
  strides[0] = base->strides[1];
  strides[1] = base->strides[0];
  return gt_tensor_new_view (base, 2, sizes, strides, base->offset);
}

static G_GNUC_UNUSED void
gt_test_assert_shape (GtTensor     *t,
                      const gint64 *shape,
                      gsize         n_dims)
{
  gsize n = 99;
  const gint64 *s = gt_tensor_get_shape (t, &n);

  g_assert_cmpuint (n, ==, n_dims);
  for (gsize i = 0; i < n_dims; i++)
    g_assert_cmpint (s[i], ==, shape[i]);
}

static G_GNUC_UNUSED void
gt_test_assert_strides (GtTensor     *t,
                        const gint64 *strides,
                        gsize         n_dims)
{
  gsize n = 99;
  const gint64 *s = gt_tensor_get_strides (t, &n);

  g_assert_cmpuint (n, ==, n_dims);
  for (gsize i = 0; i < n_dims; i++)
    g_assert_cmpint (s[i], ==, strides[i]);
}

/* Compares two doubles: NaN equals NaN, infinities must match exactly, and
 * @tol == 0 demands bit-for-bit equality including the sign of zero. */
static G_GNUC_UNUSED gboolean
gt_test_double_matches (gdouble actual,
                        gdouble expected,
                        gdouble tol)
{
  if (isnan (expected))
    return isnan (actual);
  if (isinf (expected) || tol == 0.0)
    return actual == expected && signbit (actual) == signbit (expected);
  return fabs (actual - expected) <= tol;
}

/* The values of @t, read back through gt_tensor_to_doubles, in row-major
 * order. */
static G_GNUC_UNUSED void
gt_test_assert_values (GtTensor      *t,
                       const gdouble *expected,
                       gsize          n,
                       gdouble        tol)
{
  g_autoptr(GError) error = NULL;
  g_autofree gdouble *values = NULL;
  gsize n_values = 0;

  values = gt_tensor_to_doubles (t, &n_values, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_values, ==, n);
  for (gsize i = 0; i < n; i++)
    if (!gt_test_double_matches (values[i], expected[i], tol))
      g_error ("element %" G_GSIZE_FORMAT ": got %.17g, expected %.17g "
               "(tolerance %g)", i, values[i], expected[i], tol);
}

static G_GNUC_UNUSED void
gt_test_assert_int64s (GtTensor     *t,
                       const gint64 *expected,
                       gsize         n)
{
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *values = NULL;
  gsize n_values = 0;

  values = gt_tensor_to_int64s (t, &n_values, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_values, ==, n);
  for (gsize i = 0; i < n; i++)
    if (values[i] != expected[i])
      g_error ("element %" G_GSIZE_FORMAT ": got %" G_GINT64_FORMAT
               ", expected %" G_GINT64_FORMAT, i, values[i], expected[i]);
}

/* Every element of @t equals @value exactly. */
static G_GNUC_UNUSED void
gt_test_assert_all (GtTensor *t,
                    gdouble   value)
{
  g_autoptr(GError) error = NULL;
  g_autofree gdouble *values = NULL;
  gsize n_values = 0;

  values = gt_tensor_to_doubles (t, &n_values, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_values, ==, (gsize) gt_tensor_get_numel (t));
  for (gsize i = 0; i < n_values; i++)
    g_assert_cmpfloat (values[i], ==, value);
}

/* The raw bits of a 16-bit float tensor, for exact rounding checks. */
static G_GNUC_UNUSED void
gt_test_assert_bits16 (GtTensor      *t,
                       const guint16 *expected,
                       gsize          n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = gt_tensor_to_bytes (t, &error);
  const guint16 *bits;
  gsize size = 0;

  g_assert_no_error (error);
  bits = g_bytes_get_data (bytes, &size);
  g_assert_cmpuint (size, ==, n * sizeof (guint16));
  for (gsize i = 0; i < n; i++)
    if (bits[i] != expected[i])
      g_error ("element %" G_GSIZE_FORMAT ": got bits 0x%04x, expected 0x%04x",
               i, bits[i], expected[i]);
}

/* ---- tests of known library bugs ------------------------------------------ */

/* A test that fails because of a library bug that has been reported but not
 * fixed yet. Its body runs in a subprocess so that the failure does not stop
 * the other tests of the program; the failure is reported as TAP "not ok #
 * TODO" (meson: expected fail, shown in the summary). Once the library is
 * fixed and the body passes, the test fails on purpose so that the marker is
 * removed and the test becomes an ordinary one. */
typedef struct {
  GTestFunc   func;
  const char *bug;
} GtTestKnownBug;

static G_GNUC_UNUSED void
gt_test_run_known_bug (gconstpointer data)
{
  const GtTestKnownBug *kb = data;

  if (g_test_subprocess ())
    {
      kb->func ();
      return;
    }
  /* The subprocess's assertion message goes to stderr, i.e. the test log. */
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (g_test_trap_has_passed ())
    g_test_fail_printf ("the known bug is fixed; make this an ordinary "
                        "g_test_add_func test: %s", kb->bug);
  else
    g_test_incomplete_printf ("known library bug: %s", kb->bug);
}

#define gt_test_add_known_bug(path, function, description)                 \
  G_STMT_START {                                                            \
    static const GtTestKnownBug kb_ = { (function), (description) };        \
    g_test_add_data_func ((path), &kb_, gt_test_run_known_bug);             \
  } G_STMT_END
