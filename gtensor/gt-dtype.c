#include "config.h"

#include "gt-dtype.h"
#include "gt-dtype-private.h"
#include "gt-error.h"

typedef struct {
  const char *name;      /* torch's name, without "torch." */
  gsize       size;
  gboolean    floating;
  gboolean    is_signed;
} GtDTypeInfo;

/* Indexed by GtDType; the static assertion below keeps it in step. */
static const GtDTypeInfo dtype_info[] = {
  [GT_DTYPE_FLOAT32]  = { "float32",  4, TRUE,  TRUE  },
  [GT_DTYPE_FLOAT64]  = { "float64",  8, TRUE,  TRUE  },
  [GT_DTYPE_FLOAT16]  = { "float16",  2, TRUE,  TRUE  },
  [GT_DTYPE_BFLOAT16] = { "bfloat16", 2, TRUE,  TRUE  },
  [GT_DTYPE_INT8]     = { "int8",     1, FALSE, TRUE  },
  [GT_DTYPE_UINT8]    = { "uint8",    1, FALSE, FALSE },
  [GT_DTYPE_INT16]    = { "int16",    2, FALSE, TRUE  },
  [GT_DTYPE_INT32]    = { "int32",    4, FALSE, TRUE  },
  [GT_DTYPE_INT64]    = { "int64",    8, FALSE, TRUE  },
  [GT_DTYPE_BOOL]     = { "bool",     1, FALSE, FALSE },
};
G_STATIC_ASSERT (G_N_ELEMENTS (dtype_info) == GT_DTYPE_N_TYPES);

/* torch's other spellings of the same types. */
static const struct { const char *alias; GtDType dtype; } dtype_aliases[] = {
  { "float", GT_DTYPE_FLOAT32 },
  { "double", GT_DTYPE_FLOAT64 },
  { "half", GT_DTYPE_FLOAT16 },
  { "short", GT_DTYPE_INT16 },
  { "int", GT_DTYPE_INT32 },
  { "long", GT_DTYPE_INT64 },
};

/**
 * gt_dtype_is_valid:
 * @dtype: a value that may be a #GtDType
 *
 * Whether @dtype is one of the #GtDType values. Bindings can pass any
 * integer where an enum is expected; functions that take a dtype check it
 * with this and report %GT_ERROR_DTYPE.
 *
 * Returns: %TRUE if @dtype names a dtype
 *
 * Since: 0.1
 */
gboolean
gt_dtype_is_valid (GtDType dtype)
{
  return (guint) dtype < GT_DTYPE_N_TYPES;
}

/**
 * gt_dtype_get_element_size:
 * @dtype: a #GtDType
 *
 * The size in bytes of one element of @dtype (torch's `element_size()`).
 *
 * Returns: the element size, or 0 if @dtype is not a valid dtype
 *
 * Since: 0.1
 */
gsize
gt_dtype_get_element_size (GtDType dtype)
{
  return gt_dtype_is_valid (dtype) ? dtype_info[dtype].size : 0;
}

/**
 * gt_dtype_get_name:
 * @dtype: a #GtDType
 *
 * The name torch gives @dtype, without the "torch." prefix: "float32",
 * "int64", "bool", ...
 *
 * Returns: (nullable): the name, or %NULL if @dtype is not a valid dtype
 *
 * Since: 0.1
 */
const char *
gt_dtype_get_name (GtDType dtype)
{
  return gt_dtype_is_valid (dtype) ? dtype_info[dtype].name : NULL;
}

/**
 * gt_dtype_from_name:
 * @name: a dtype name such as "float32", "float", "int64" or "long",
 *   optionally with a "torch." prefix
 * @error: return location for a #GError
 *
 * Parses the names torch uses for its dtypes.
 *
 * Returns: the dtype; float32 with %GT_ERROR_DTYPE for an unknown name
 *
 * Since: 0.1
 */
GtDType
gt_dtype_from_name (const char  *name,
                    GError     **error)
{
  const char *bare;

  if (name == NULL)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "gt_dtype_from_name: the name is NULL");
      return GT_DTYPE_FLOAT32;
    }

  bare = g_str_has_prefix (name, "torch.") ? name + 6 : name;
  for (guint i = 0; i < GT_DTYPE_N_TYPES; i++)
    if (g_str_equal (bare, dtype_info[i].name))
      return (GtDType) i;
  for (guint i = 0; i < G_N_ELEMENTS (dtype_aliases); i++)
    if (g_str_equal (bare, dtype_aliases[i].alias))
      return dtype_aliases[i].dtype;

  g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
               "gt_dtype_from_name: unknown dtype name '%s'", name);
  return GT_DTYPE_FLOAT32;
}

/**
 * gt_dtype_is_floating_point:
 * @dtype: a #GtDType
 *
 * Whether @dtype is one of the floating-point types.
 *
 * Returns: %TRUE for float32, float64, float16 and bfloat16
 *
 * Since: 0.1
 */
gboolean
gt_dtype_is_floating_point (GtDType dtype)
{
  return gt_dtype_is_valid (dtype) && dtype_info[dtype].floating;
}

/**
 * gt_dtype_is_signed:
 * @dtype: a #GtDType
 *
 * Whether @dtype can represent negative numbers (torch's `is_signed`).
 *
 * Returns: %TRUE unless @dtype is uint8 or bool
 *
 * Since: 0.1
 */
gboolean
gt_dtype_is_signed (GtDType dtype)
{
  return gt_dtype_is_valid (dtype) && dtype_info[dtype].is_signed;
}

static int
dtype_float_rank (GtDType dtype)
{
  switch (dtype)
    {
    case GT_DTYPE_FLOAT16:
    case GT_DTYPE_BFLOAT16:
      return 1;
    case GT_DTYPE_FLOAT32:
      return 2;
    case GT_DTYPE_FLOAT64:
      return 3;
    default:
      return 0;
    }
}

/**
 * gt_dtype_promote_types:
 * @a: a #GtDType
 * @b: another #GtDType
 *
 * The dtype of the result of a binary operation between tensors of dtypes @a
 * and @b, following torch.promote_types: bool < integers < floats, the wider
 * type wins within a category, uint8 with int8 gives int16, and float16 with
 * bfloat16 gives float32.
 *
 * Returns: the promoted dtype (float32 if either argument is invalid)
 *
 * Since: 0.1
 */
GtDType
gt_dtype_promote_types (GtDType a,
                        GtDType b)
{
  if (!gt_dtype_is_valid (a) || !gt_dtype_is_valid (b))
    return GT_DTYPE_FLOAT32;
  if (a == b)
    return a;
  if (a == GT_DTYPE_BOOL)
    return b;
  if (b == GT_DTYPE_BOOL)
    return a;

  if (dtype_info[a].floating && dtype_info[b].floating)
    {
      int ra = dtype_float_rank (a), rb = dtype_float_rank (b);
      /* The two 16-bit formats are incomparable: both fit in float32. */
      if (ra == rb)
        return GT_DTYPE_FLOAT32;
      return ra > rb ? a : b;
    }
  if (dtype_info[a].floating)
    return a;
  if (dtype_info[b].floating)
    return b;

  /* Both integers. uint8 only mixes with int8 into int16; otherwise the wider
   * signed type holds every uint8 value. */
  if (a == GT_DTYPE_UINT8 || b == GT_DTYPE_UINT8)
    {
      GtDType other = a == GT_DTYPE_UINT8 ? b : a;
      return other == GT_DTYPE_INT8 ? GT_DTYPE_INT16 : other;
    }
  return dtype_info[a].size >= dtype_info[b].size ? a : b;
}

gboolean
gt_dtype_check (const char *func,
                GtDType     dtype,
                GError    **error)
{
  if (gt_dtype_is_valid (dtype))
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
               "%s: unknown dtype %d", func, (int) dtype);
  return FALSE;
}
