#pragma once

/* The value and error checks of the op-family tests (pointwise, reduce,
 * index, shape, sort): a call's result is taken and checked in one line,
 * with the expected values written out. The macros read and clear a
 * `GError *error` of the calling test. */

#include "gt-test-utils.h"

/* A 1-D tensor of @dtype holding the numbers after it. */
#define VEC(dtype, ...)                                                       \
  gt_test_new_1d ((const gdouble[]) { __VA_ARGS__ },                          \
                  G_N_ELEMENTS (((const gdouble[]) { __VA_ARGS__ })), (dtype))

static G_GNUC_UNUSED GtTensor *
scalar0 (gdouble value,
         GtDType dtype)
{
  return gt_test_new (&value, 1, NULL, 0, dtype);
}

/* Takes @result: no error, then dtype, shape and values. @errorp is read
 * after the call that produced @result has run. */
static G_GNUC_UNUSED void
expect (GtTensor      *result,
        GError       **errorp,
        GtDType        dtype,
        const gint64  *shape,
        gsize          n_dims,
        const gdouble *values,
        gdouble        tol)
{
  gint64 n = 1;

  g_assert_no_error (*errorp);
  g_assert_nonnull (result);
  g_assert_cmpstr (gt_dtype_get_name (gt_tensor_get_dtype (result)), ==,
                   gt_dtype_get_name (dtype));
  gt_test_assert_shape (result, shape, n_dims);
  for (gsize i = 0; i < n_dims; i++)
    n *= shape[i];
  gt_test_assert_values (result, values, (gsize) n, tol);
  g_object_unref (result);
}

/* A 1-D result. */
#define EXPECT1(result, dtype, tol, ...)                                      \
  G_STMT_START {                                                              \
    const gdouble want_[] = { __VA_ARGS__ };                                  \
    const gint64 shape_ = G_N_ELEMENTS (want_);                               \
    expect ((result), &error, (dtype), &shape_, 1, want_, (tol));             \
  } G_STMT_END

/* A 0-d result. */
#define EXPECT0(result, dtype, tol, value)                                    \
  G_STMT_START {                                                              \
    const gdouble want_ = (value);                                            \
    expect ((result), &error, (dtype), NULL, 0, &want_, (tol));               \
  } G_STMT_END

/* A result of any shape. */
#define EXPECTN(result, dtype, tol, shape, ...)                               \
  G_STMT_START {                                                              \
    const gdouble want_[] = { __VA_ARGS__ };                                  \
    expect ((result), &error, (dtype), (shape), G_N_ELEMENTS (shape), want_,  \
            (tol));                                                           \
  } G_STMT_END

/* A failed call (a tensor or a list): NULL, then the error's code and the
 * function its message names. */
#define EXPECT_ERROR(result, code, func)                                      \
  G_STMT_START {                                                              \
    gpointer r_ = (result);                                                   \
    g_assert_null (r_);                                                       \
    gt_assert_error_names_clear (&error, (code), (func));                     \
  } G_STMT_END

/* A failed in-place call: FALSE, then the same. */
#define EXPECT_FAIL(ok, code, func)                                           \
  G_STMT_START {                                                              \
    g_assert_false (ok);                                                      \
    gt_assert_error_names_clear (&error, (code), (func));                     \
  } G_STMT_END

/* @error's message contains @text (a value, a shape, torch's wording). */
static G_GNUC_UNUSED void
expect_message (const GError *error,
                const char   *text)
{
  g_assert_nonnull (error);
  if (strstr (error->message, text) == NULL)
    g_error ("message '%s' lacks '%s'", error->message, text);
}
