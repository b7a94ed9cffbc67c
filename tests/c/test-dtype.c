/* GtDType: names, sizes, categories and torch.promote_types. */

#include "gt-test-utils.h"

#include "gt-dtype-private.h"

typedef struct {
  GtDType     dtype;
  const char *name;
  gsize       size;
  gboolean    floating;
  gboolean    is_signed;
} DTypeRow;

/* torch: dtype.itemsize, is_floating_point, is_signed. */
static const DTypeRow dtype_rows[] = {
  { GT_DTYPE_FLOAT32,  "float32",  4, TRUE,  TRUE  },
  { GT_DTYPE_FLOAT64,  "float64",  8, TRUE,  TRUE  },
  { GT_DTYPE_FLOAT16,  "float16",  2, TRUE,  TRUE  },
  { GT_DTYPE_BFLOAT16, "bfloat16", 2, TRUE,  TRUE  },
  { GT_DTYPE_INT8,     "int8",     1, FALSE, TRUE  },
  { GT_DTYPE_UINT8,    "uint8",    1, FALSE, FALSE },
  { GT_DTYPE_INT16,    "int16",    2, FALSE, TRUE  },
  { GT_DTYPE_INT32,    "int32",    4, FALSE, TRUE  },
  { GT_DTYPE_INT64,    "int64",    8, FALSE, TRUE  },
  { GT_DTYPE_BOOL,     "bool",     1, FALSE, FALSE },
};

static void
test_dtype_properties (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (dtype_rows), ==, GT_DTYPE_N_TYPES);
  for (gsize i = 0; i < G_N_ELEMENTS (dtype_rows); i++)
    {
      const DTypeRow *r = &dtype_rows[i];

      g_assert_true (gt_dtype_is_valid (r->dtype));
      g_assert_cmpstr (gt_dtype_get_name (r->dtype), ==, r->name);
      g_assert_cmpuint (gt_dtype_get_element_size (r->dtype), ==, r->size);
      g_assert_cmpint (gt_dtype_is_floating_point (r->dtype), ==, r->floating);
      g_assert_cmpint (gt_dtype_is_signed (r->dtype), ==, r->is_signed);
    }
}

static void
test_dtype_invalid (void)
{
  /* Bindings can pass any integer as an enum: every query must cope. */
  const GtDType bad[] = { (GtDType) 99, (GtDType) GT_DTYPE_N_TYPES, (GtDType) -1 };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (gt_dtype_is_valid (bad[i]));
      g_assert_null (gt_dtype_get_name (bad[i]));
      g_assert_cmpuint (gt_dtype_get_element_size (bad[i]), ==, 0);
      g_assert_false (gt_dtype_is_floating_point (bad[i]));
      g_assert_false (gt_dtype_is_signed (bad[i]));
      g_assert_cmpint (gt_dtype_promote_types (bad[i], GT_DTYPE_INT64), ==,
                       GT_DTYPE_FLOAT32);
    }
}

static void
test_dtype_from_name (void)
{
  const struct { const char *name; GtDType dtype; } names[] = {
    { "float32", GT_DTYPE_FLOAT32 }, { "float", GT_DTYPE_FLOAT32 },
    { "torch.float32", GT_DTYPE_FLOAT32 },
    { "float64", GT_DTYPE_FLOAT64 }, { "double", GT_DTYPE_FLOAT64 },
    { "float16", GT_DTYPE_FLOAT16 }, { "half", GT_DTYPE_FLOAT16 },
    { "bfloat16", GT_DTYPE_BFLOAT16 }, { "torch.bfloat16", GT_DTYPE_BFLOAT16 },
    { "int8", GT_DTYPE_INT8 }, { "uint8", GT_DTYPE_UINT8 },
    { "int16", GT_DTYPE_INT16 }, { "short", GT_DTYPE_INT16 },
    { "int32", GT_DTYPE_INT32 }, { "int", GT_DTYPE_INT32 },
    { "int64", GT_DTYPE_INT64 }, { "long", GT_DTYPE_INT64 },
    { "torch.long", GT_DTYPE_INT64 }, { "bool", GT_DTYPE_BOOL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      GtDType dtype = gt_dtype_from_name (names[i].name, &error);

      g_assert_no_error (error);
      g_assert_cmpint (dtype, ==, names[i].dtype);
    }
}

static void
test_dtype_from_name_errors (void)
{
  const char *bad[] = { "", "Float32", "float128", "torch.", "torch.foo",
                        "int 32", "float32 ", "complex64" };
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      /* A failed parse gives the default dtype along with the error. */
      g_assert_cmpint (gt_dtype_from_name (bad[i], &error), ==, GT_DTYPE_FLOAT32);
      gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_dtype_from_name");
    }

  g_assert_cmpint (gt_dtype_from_name (NULL, &error), ==, GT_DTYPE_FLOAT32);
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_dtype_from_name");
}

/* torch.promote_types over every pair, computed once with PyTorch 1.13 and
 * indexed by GtDType (f32 f64 f16 bf16 i8 u8 i16 i32 i64 bool). */
static void
test_dtype_promote (void)
{
#define F32 GT_DTYPE_FLOAT32
#define F64 GT_DTYPE_FLOAT64
#define F16 GT_DTYPE_FLOAT16
#define BF16 GT_DTYPE_BFLOAT16
#define I8 GT_DTYPE_INT8
#define U8 GT_DTYPE_UINT8
#define I16 GT_DTYPE_INT16
#define I32 GT_DTYPE_INT32
#define I64 GT_DTYPE_INT64
#define B GT_DTYPE_BOOL
  static const GtDType expected[GT_DTYPE_N_TYPES][GT_DTYPE_N_TYPES] = {
    /*          f32  f64  f16  bf16  i8   u8   i16  i32  i64  bool */
    /* f32  */ { F32, F64, F32, F32,  F32, F32, F32, F32, F32, F32 },
    /* f64  */ { F64, F64, F64, F64,  F64, F64, F64, F64, F64, F64 },
    /* f16  */ { F32, F64, F16, F32,  F16, F16, F16, F16, F16, F16 },
    /* bf16 */ { F32, F64, F32, BF16, BF16, BF16, BF16, BF16, BF16, BF16 },
    /* i8   */ { F32, F64, F16, BF16, I8,  I16, I16, I32, I64, I8 },
    /* u8   */ { F32, F64, F16, BF16, I16, U8,  I16, I32, I64, U8 },
    /* i16  */ { F32, F64, F16, BF16, I16, I16, I16, I32, I64, I16 },
    /* i32  */ { F32, F64, F16, BF16, I32, I32, I32, I32, I64, I32 },
    /* i64  */ { F32, F64, F16, BF16, I64, I64, I64, I64, I64, I64 },
    /* bool */ { F32, F64, F16, BF16, I8,  U8,  I16, I32, I64, B },
  };
#undef F32
#undef F64
#undef F16
#undef BF16
#undef I8
#undef U8
#undef I16
#undef I32
#undef I64
#undef B

  for (guint a = 0; a < GT_DTYPE_N_TYPES; a++)
    for (guint b = 0; b < GT_DTYPE_N_TYPES; b++)
      {
        GtDType got = gt_dtype_promote_types ((GtDType) a, (GtDType) b);

        if (got != expected[a][b])
          g_error ("promote_types(%s, %s) = %s, torch says %s",
                   gt_dtype_get_name ((GtDType) a), gt_dtype_get_name ((GtDType) b),
                   gt_dtype_get_name (got), gt_dtype_get_name (expected[a][b]));
      }
}

static void
test_dtype_enum_type (void)
{
  /* The GType from mkenums is what bindings see: its nicks are the names. */
  g_autoptr(GEnumClass) klass = g_type_class_ref (GT_TYPE_DTYPE);
  GEnumValue *v;

  g_assert_cmpuint (klass->n_values, ==, GT_DTYPE_N_TYPES);
  v = g_enum_get_value (klass, GT_DTYPE_BFLOAT16);
  g_assert_nonnull (v);
  g_assert_cmpstr (v->value_nick, ==, "bfloat16");
  v = g_enum_get_value (klass, GT_DTYPE_INT64);
  g_assert_cmpstr (v->value_nick, ==, "int64");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dtype/properties", test_dtype_properties);
  g_test_add_func ("/dtype/invalid", test_dtype_invalid);
  g_test_add_func ("/dtype/from-name", test_dtype_from_name);
  g_test_add_func ("/dtype/from-name/errors", test_dtype_from_name_errors);
  g_test_add_func ("/dtype/promote", test_dtype_promote);
  g_test_add_func ("/dtype/enum-type", test_dtype_enum_type);

  return g_test_run ();
}
