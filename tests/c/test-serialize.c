/* safetensors files: the exact bytes gtensor writes, round trips of every
 * dtype and shape through bytes, files and mapped files, metadata, single
 * tensors, atomic writes, and every kind of malformed file refused with
 * GT_ERROR_FORMAT. */

#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gt-test-utils.h"

static const GtDType all_dtypes[] = {
  GT_DTYPE_FLOAT32, GT_DTYPE_FLOAT64, GT_DTYPE_FLOAT16, GT_DTYPE_BFLOAT16,
  GT_DTYPE_INT8, GT_DTYPE_UINT8, GT_DTYPE_INT16, GT_DTYPE_INT32,
  GT_DTYPE_INT64, GT_DTYPE_BOOL,
};

static GHashTable *
new_map (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                g_object_unref);
}

static GHashTable *
new_strings (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* arange of @shape in @dtype, with values kept within every dtype's range
 * (bool gets i % 2). */
static GtTensor *
pattern (const gint64 *shape,
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
    data[i] = dtype == GT_DTYPE_BOOL ? (gdouble) (i % 2)
              : dtype == GT_DTYPE_UINT8 ? (gdouble) (i % 251)
              : (gdouble) (i % 113) - 50.0 + (gt_dtype_is_floating_point (dtype) ? 0.25 : 0.0);
  t = gt_tensor_new_from_doubles (data, (gsize) n, shape, n_dims, dtype, NULL,
                                  &error);
  g_assert_no_error (error);
  return t;
}

/* Same dtype, shape and bytes. */
static void
assert_same_tensor (GtTensor *a,
                    GtTensor *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ba = NULL;
  g_autoptr(GBytes) bb = NULL;
  gsize na, nb;
  const gint64 *sa = gt_tensor_get_shape (a, &na);

  g_assert_cmpint (gt_tensor_get_dtype (a), ==, gt_tensor_get_dtype (b));
  gt_tensor_get_shape (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  gt_test_assert_shape (b, sa, na);
  ba = gt_tensor_to_bytes (a, &error);
  g_assert_no_error (error);
  bb = gt_tensor_to_bytes (b, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ba, bb));
}

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gt-serialize-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Removes @dir and the plain files in it. */
static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* ---- exact bytes -------------------------------------------------------- */

static void
test_layout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) map = new_map ();
  g_autoptr(GHashTable) meta = new_strings ();
  g_autoptr(GBytes) bytes = NULL;
  const gint64 shape_b[] = { 2, 3 }, shape_a[] = { 3 };
  const char *expected =
    "{\"__metadata__\":{\"k\":\"v\",\"z\":\"\\\"q\\\"\"},"
    "\"a\":{\"dtype\":\"I8\",\"shape\":[3],\"data_offsets\":[32,35]},"
    "\"b\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,32]},"
    "\"c\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}";
  const gsize json_len = strlen (expected);
  const gsize padded = json_len + (8 - json_len % 8) % 8;
  const guint8 *data;
  gsize size;
  guint64 n;
  gdouble c;
  gfloat b[6];

  g_hash_table_insert (map, g_strdup ("b"),
                       gt_test_arange_shaped (shape_b, 2, GT_DTYPE_FLOAT32));
  g_hash_table_insert (map, g_strdup ("a"),
                       gt_test_arange_shaped (shape_a, 1, GT_DTYPE_INT8));
  c = 2.5;
  g_hash_table_insert (map, g_strdup ("c"),
                       gt_test_new (&c, 1, NULL, 0, GT_DTYPE_FLOAT64));
  g_hash_table_insert (meta, g_strdup ("z"), g_strdup ("\"q\""));
  g_hash_table_insert (meta, g_strdup ("k"), g_strdup ("v"));

  bytes = gt_save_to_bytes (map, meta, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);

  memcpy (&n, data, 8);
  n = GUINT64_FROM_LE (n);
  g_assert_cmpuint (n, ==, padded);
  g_assert_cmpuint ((8 + n) % 8, ==, 0);
  g_assert_cmpuint (size, ==, 8 + n + 35);
  g_assert_cmpmem (data + 8, json_len, expected, json_len);
  for (gsize i = json_len; i < n; i++)
    g_assert_cmpint (data[8 + i], ==, ' ');

  /* The data: c (F64), then b (F32), then a (I8). */
  memcpy (&c, data + 8 + n, 8);
  g_assert_cmpfloat (c, ==, 2.5);
  memcpy (b, data + 8 + n + 8, sizeof b);
  for (int i = 0; i < 6; i++)
    g_assert_cmpfloat (b[i], ==, (gfloat) i);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (data[8 + n + 32 + i], ==, i);
}

/* ---- round trips -------------------------------------------------------- */

static void
test_roundtrip_dtypes (void)
{
  static const struct { gsize n; gint64 shape[4]; } shapes[] = {
    { 0, { 0 } }, { 1, { 0 } }, { 3, { 2, 0, 3 } }, { 1, { 7 } },
    { 2, { 3, 5 } }, { 3, { 2, 3, 4 } }, { 4, { 1, 2, 1, 3 } },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) map = new_map ();
  g_autoptr(GHashTable) back = NULL;
  g_autoptr(GHashTable) mapped = NULL;
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "all.safetensors", NULL);

  for (gsize d = 0; d < G_N_ELEMENTS (all_dtypes); d++)
    for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
      g_hash_table_insert (map,
                           g_strdup_printf ("%s/%" G_GSIZE_FORMAT,
                                            gt_dtype_get_name (all_dtypes[d]),
                                            s),
                           pattern (shapes[s].shape, shapes[s].n,
                                    all_dtypes[d]));

  bytes = gt_save_to_bytes (map, NULL, &error);
  g_assert_no_error (error);
  back = gt_load_from_bytes (bytes, &meta, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (meta), ==, 0);
  g_assert_cmpuint (g_hash_table_size (back), ==, g_hash_table_size (map));

  g_assert_true (gt_save (map, NULL, path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&back, g_hash_table_unref);
  back = gt_load (path, &error);
  g_assert_no_error (error);
  mapped = gt_load_mapped (path, NULL, &error);
  g_assert_no_error (error);

  {
    GHashTableIter iter;
    gpointer key, value;
    g_autofree gchar *contents = NULL;
    gsize len;

    /* The file is exactly what gt_save_to_bytes gives. */
    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    g_assert_cmpmem (contents, len, g_bytes_get_data (bytes, NULL),
                     g_bytes_get_size (bytes));

    g_hash_table_iter_init (&iter, map);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        assert_same_tensor (value, g_hash_table_lookup (back, key));
        assert_same_tensor (value, g_hash_table_lookup (mapped, key));
      }
  }
  remove_dir (dir);
}

/* A transposed view and a narrowed view are written by value; the saved
 * tensor itself does not turn copy-on-write (it is read in place). */
static void
test_roundtrip_noncontiguous (void)
{
  g_autoptr(GError) error = NULL;
  const gint64 shape[] = { 3, 4 };
  g_autoptr(GtTensor) base = gt_test_arange_shaped (shape, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) t = gt_test_transpose (base);
  const gint64 sizes[] = { 2 }, strides[] = { 5 };
  g_autoptr(GtTensor) strided = gt_test_view (base, 1, sizes, strides, 1);
  g_autoptr(GtTensor) t_copy = gt_tensor_contiguous (t, &error);
  g_autoptr(GHashTable) map = new_map ();
  g_autoptr(GHashTable) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree gdouble *values = NULL;
  gsize n;

  g_assert_no_error (error);
  g_assert_false (gt_tensor_is_contiguous (t));
  g_hash_table_insert (map, g_strdup ("t"), g_object_ref (t));
  g_hash_table_insert (map, g_strdup ("s"), g_object_ref (strided));
  g_hash_table_insert (map, g_strdup ("base"), g_object_ref (base));
  bytes = gt_save_to_bytes (map, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (base->storage->copy_on_write);

  back = gt_load_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  assert_same_tensor (t_copy, g_hash_table_lookup (back, "t"));
  g_assert_true (gt_tensor_is_contiguous (g_hash_table_lookup (back, "t")));
  values = gt_tensor_to_doubles (g_hash_table_lookup (back, "s"), &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (values[0], ==, 1.0);
  g_assert_cmpfloat (values[1], ==, 6.0);
  assert_same_tensor (base, g_hash_table_lookup (back, "base"));
}

static void
test_roundtrip_large (void)
{
  g_autoptr(GError) error = NULL;
  const gint64 shape[] = { 1 << 10, 1 << 10 };
  g_autoptr(GtTensor) t = NULL;
  g_autoptr(GtTensor) back = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "large.safetensors", NULL);
  GStatBuf st;

  gt_manual_seed (3);
  t = gt_randn (shape, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gt_tensor_save (t, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 4 << 20);
  g_assert_cmpint (st.st_size, <, (4 << 20) + 256);

  back = gt_tensor_load (path, &error);
  g_assert_no_error (error);
  assert_same_tensor (t, back);
  remove_dir (dir);
}

static void
test_metadata (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) map = new_map ();
  g_autoptr(GHashTable) meta = new_strings ();
  g_autoptr(GHashTable) meta_back = NULL;
  g_autoptr(GHashTable) back = NULL;
  g_autoptr(GHashTable) back2 = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "m.safetensors", NULL);
  const gint64 shape[] = { 2 };

  g_hash_table_insert (map, g_strdup ("w"),
                       gt_test_arange_shaped (shape, 1, GT_DTYPE_INT32));
  g_hash_table_insert (meta, g_strdup ("format"), g_strdup ("pt"));
  g_hash_table_insert (meta, g_strdup ("épo\"ch\n"), g_strdup ("ünï\\cödé ✓"));
  g_hash_table_insert (meta, g_strdup (""), g_strdup (""));
  g_assert_true (gt_save (map, meta, path, &error));
  g_assert_no_error (error);

  back = gt_load_with_metadata (path, &meta_back, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (back), ==, 1);
  g_assert_cmpuint (g_hash_table_size (meta_back), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (meta_back, "format"), ==, "pt");
  g_assert_cmpstr (g_hash_table_lookup (meta_back, "épo\"ch\n"), ==,
                   "ünï\\cödé ✓");
  g_assert_cmpstr (g_hash_table_lookup (meta_back, ""), ==, "");
  g_clear_pointer (&meta_back, g_hash_table_unref);

  back2 = gt_load_mapped (path, &meta_back, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (meta_back), ==, 3);
  g_clear_pointer (&meta_back, g_hash_table_unref);

  /* No metadata: an empty map. */
  g_assert_true (gt_save (map, NULL, path, &error));
  g_clear_pointer (&back, g_hash_table_unref);
  back = gt_load_with_metadata (path, &meta_back, &error);
  g_assert_no_error (error);
  g_assert_nonnull (meta_back);
  g_assert_cmpuint (g_hash_table_size (meta_back), ==, 0);
  remove_dir (dir);
}

static void
test_single_tensor (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "t.safetensors", NULL);
  const gint64 shape[] = { 2, 2 };
  g_autoptr(GtTensor) t = gt_test_arange_shaped (shape, 2, GT_DTYPE_BFLOAT16);
  g_autoptr(GtTensor) back = NULL;
  g_autoptr(GHashTable) map = NULL;
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(GHashTable) two = new_map ();

  g_assert_true (gt_tensor_save (t, path, &error));
  g_assert_no_error (error);
  map = gt_load_with_metadata (path, &meta, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (map), ==, 1);
  assert_same_tensor (t, g_hash_table_lookup (map, GT_SERIALIZE_TENSOR_NAME));
  g_assert_cmpstr (g_hash_table_lookup (meta, GT_SERIALIZE_KIND_KEY), ==,
                   GT_SERIALIZE_KIND_TENSOR);
  back = gt_tensor_load (path, &error);
  g_assert_no_error (error);
  assert_same_tensor (t, back);
  g_clear_object (&back);

  /* A file whose only tensor has another name. */
  g_hash_table_insert (two, g_strdup ("x"), g_object_ref (t));
  g_assert_true (gt_save (two, NULL, path, &error));
  back = gt_tensor_load (path, &error);
  g_assert_no_error (error);
  assert_same_tensor (t, back);
  g_clear_object (&back);

  /* Two tensors, none called "tensor". */
  g_hash_table_insert (two, g_strdup ("y"), g_object_ref (t));
  g_assert_true (gt_save (two, NULL, path, &error));
  back = gt_tensor_load (path, &error);
  g_assert_null (back);
  gt_assert_error_names_clear (&error, GT_ERROR_FORMAT, "gt_tensor_load");

  /* Two tensors, one called "tensor". */
  g_hash_table_insert (two, g_strdup ("tensor"), pattern (shape, 1, GT_DTYPE_INT16));
  g_assert_true (gt_save (two, NULL, path, &error));
  back = gt_tensor_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gt_tensor_get_dtype (back), ==, GT_DTYPE_INT16);
  remove_dir (dir);
}

/* ---- mapped files ------------------------------------------------------- */

static void
test_mapped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "mapped.safetensors", NULL);
  g_autofree gchar *before = NULL;
  g_autofree gchar *after = NULL;
  gsize len_before, len_after;
  const gint64 shape[] = { 4, 5 };
  g_autoptr(GHashTable) map = new_map ();
  g_autoptr(GHashTable) mapped = NULL;
  g_autoptr(GHashTable) again = NULL;
  GtTensor *w, *h;
  g_autofree gdouble *values = NULL;
  gsize n;

  g_hash_table_insert (map, g_strdup ("w"), pattern (shape, 2, GT_DTYPE_FLOAT32));
  g_hash_table_insert (map, g_strdup ("h"), pattern (shape, 2, GT_DTYPE_FLOAT16));
  g_assert_true (gt_save (map, NULL, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, &len_before, NULL));

  mapped = gt_load_mapped (path, NULL, &error);
  g_assert_no_error (error);
  w = g_hash_table_lookup (mapped, "w");
  h = g_hash_table_lookup (mapped, "h");
  assert_same_tensor (g_hash_table_lookup (map, "w"), w);
  assert_same_tensor (g_hash_table_lookup (map, "h"), h);

  /* In place: the tensor reads the mapping, which lies inside no heap
   * block of ours, and is copy-on-write. */
  g_assert_nonnull (w->storage->block);
  g_assert_true (w->storage->copy_on_write);

  /* Writing to a mapped tensor changes the tensor, not the file. */
  g_assert_true (gt_tensor_fill_ (w, 7.0, &error));
  g_assert_no_error (error);
  g_assert_true (gt_tensor_add_scalar_ (h, 1.0, 1.0, &error));
  g_assert_no_error (error);
  values = gt_tensor_to_doubles (w, &n, &error);
  g_assert_cmpuint (n, ==, 20);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat (values[i], ==, 7.0);
  g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);

  again = gt_load_mapped (path, NULL, &error);
  g_assert_no_error (error);
  assert_same_tensor (g_hash_table_lookup (map, "w"),
                      g_hash_table_lookup (again, "w"));

  /* The mapping outlives the file's name and the table. */
  w = g_object_ref (g_hash_table_lookup (again, "w"));
  g_clear_pointer (&again, g_hash_table_unref);
  g_assert_cmpint (g_remove (path), ==, 0);
  assert_same_tensor (g_hash_table_lookup (map, "w"), w);
  g_object_unref (w);
  remove_dir (dir);
}

/* A file from another writer, data ordered by name: F16 a[3] at [0, 6),
 * F32 b[1] at [6, 10): b is not 4-byte aligned and is copied on load. */
static void
test_unaligned (void)
{
  g_autoptr(GError) error = NULL;
  const char *json = "{\"a\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                     "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[6,10]}}";
  guint64 n = GUINT64_TO_LE (strlen (json));
  const guint16 halves[3] = { 0x3c00, 0xc000, 0x3800 };  /* 1, -2, 0.5 */
  const gfloat f = 3.25f;
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) map = NULL;
  g_autofree gdouble *a = NULL;
  gsize na;

  g_byte_array_append (file, (const guint8 *) &n, 8);
  g_byte_array_append (file, (const guint8 *) json, strlen (json));
  g_byte_array_append (file, (const guint8 *) halves, 6);
  g_byte_array_append (file, (const guint8 *) &f, 4);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&file));

  map = gt_load_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  a = gt_tensor_to_doubles (g_hash_table_lookup (map, "a"), &na, &error);
  g_assert_cmpuint (na, ==, 3);
  g_assert_cmpfloat (a[0], ==, 1.0);
  g_assert_cmpfloat (a[1], ==, -2.0);
  g_assert_cmpfloat (a[2], ==, 0.5);
  g_assert_cmpfloat (gt_tensor_item (g_hash_table_lookup (map, "b"), &error),
                     ==, 3.25);
  g_assert_no_error (error);
}

/* ---- errors ------------------------------------------------------------- */

static void
test_save_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) map = new_map ();
  g_autoptr(GHashTable) meta = new_strings ();
  g_autoptr(GBytes) bytes = NULL;
  const gint64 shape[] = { 2 };

  g_hash_table_insert (map, g_strdup ("__metadata__"),
                       pattern (shape, 1, GT_DTYPE_FLOAT32));
  bytes = gt_save_to_bytes (map, NULL, &error);
  g_assert_null (bytes);
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_save_to_bytes");
  g_hash_table_remove_all (map);

  g_hash_table_insert (map, g_strdup ("bad\xff"),
                       pattern (shape, 1, GT_DTYPE_FLOAT32));
  g_assert_false (gt_save (map, NULL, "/nonexistent/x", &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_save");
  g_hash_table_remove_all (map);

  g_hash_table_insert (map, g_strdup ("ok"), pattern (shape, 1, GT_DTYPE_FLOAT32));
  g_hash_table_insert (meta, g_strdup ("k"), g_strdup ("\xc3"));
  bytes = gt_save_to_bytes (map, meta, &error);
  g_assert_null (bytes);
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_save_to_bytes");

  /* Not a tensor. */
  g_hash_table_insert (map, g_strdup ("obj"), g_object_new (G_TYPE_OBJECT, NULL));
  bytes = gt_save_to_bytes (map, NULL, &error);
  g_assert_null (bytes);
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_save_to_bytes");
}

static void
test_load_io_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.safetensors", NULL);
  GHashTable *map;
  GtTensor *t;

  map = gt_load (missing, &error);
  g_assert_null (map);
  gt_assert_error_names (error, GT_ERROR_IO, "gt_load");
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  map = gt_load_mapped (dir, NULL, &error);
  g_assert_null (map);
  gt_assert_error_names_clear (&error, GT_ERROR_IO, "gt_load_mapped");

  t = gt_tensor_load (missing, &error);
  g_assert_null (t);
  gt_assert_error_names_clear (&error, GT_ERROR_IO, "gt_tensor_load");
  remove_dir (dir);
}

static GHashTable *
small_map (void)
{
  GHashTable *map = new_map ();
  const gint64 shape[] = { 64 };

  g_hash_table_insert (map, g_strdup ("x"), pattern (shape, 1, GT_DTYPE_FLOAT64));
  return map;
}

/* A folder that does not exist or cannot be written: GT_ERROR_IO naming
 * the path and the reason, no file. */
static void
test_atomic_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) map = small_map ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *sub = g_build_filename (dir, "ro", NULL);
  g_autofree char *path = g_build_filename (sub, "x.safetensors", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no", "x.safetensors", NULL);

  g_assert_false (gt_save (map, NULL, nowhere, &error));
  gt_assert_error_names (error, GT_ERROR_IO, "gt_save");
  g_assert_nonnull (strstr (error->message, nowhere));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);

  /* root writes anywhere: the read-only folder case needs another user. */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_mkdir (sub, 0500), ==, 0);
      g_assert_false (gt_save (map, NULL, path, &error));
      gt_assert_error_names (error, GT_ERROR_IO, "gt_save");
      g_assert_nonnull (strstr (error->message, g_strerror (EACCES)));
      g_clear_error (&error);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (count_files (sub), ==, 0);
      g_chmod (sub, 0700);
    }
  remove_dir (sub);
  remove_dir (dir);
}

/* A write that fails half-way (the file size limit) or at the rename (the
 * target is a folder) leaves the old file as it was and no temporary. */
static void
test_atomic_failure_keeps_old (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) map = small_map ();
  g_autoptr(GHashTable) big = new_map ();
  g_autoptr(GHashTable) back = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "keep.safetensors", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.safetensors", NULL);
  g_autofree gchar *before = NULL;
  g_autofree gchar *after = NULL;
  gsize len_before, len_after;
  const gint64 shape[] = { 1 << 16 };
  struct rlimit old_limit, limit;
  void (*old_handler) (int);

  g_assert_true (gt_save (map, NULL, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, &len_before, NULL));
  g_hash_table_insert (big, g_strdup ("x"), pattern (shape, 1, GT_DTYPE_FLOAT64));

  /* At most 16 KiB per file: the 512 KiB tensor's write fails with
   * EFBIG instead of a signal. */
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 16384;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (gt_save (big, NULL, path, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, old_handler);
  gt_assert_error_names (error, GT_ERROR_IO, "gt_save");
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
  g_assert_cmpuint (count_files (dir), ==, 1);
  back = gt_load (path, &error);
  g_assert_no_error (error);
  assert_same_tensor (g_hash_table_lookup (map, "x"),
                      g_hash_table_lookup (back, "x"));

  /* The rename fails: a folder has the name. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_false (gt_save (map, NULL, folder, &error));
  gt_assert_error_names (error, GT_ERROR_IO, "gt_save");
  g_assert_nonnull (strstr (error->message, folder));
  g_clear_error (&error);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_files (dir), ==, 2);
  g_rmdir (folder);

  /* Overwriting works and replaces the contents. */
  g_assert_true (gt_save (big, NULL, path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&back, g_hash_table_unref);
  back = gt_load (path, &error);
  g_assert_no_error (error);
  assert_same_tensor (g_hash_table_lookup (big, "x"),
                      g_hash_table_lookup (back, "x"));
  g_assert_cmpuint (count_files (dir), ==, 1);
  remove_dir (dir);
}

/* A buffer: the 8-byte length @n, @json, then @data_len bytes of @fill. */
static GBytes *
make_file (guint64      n,
           const char  *json,
           gsize        json_len,
           gsize        data_len,
           guint8       fill)
{
  g_autoptr(GByteArray) a = g_byte_array_new ();
  guint64 le = GUINT64_TO_LE (n);

  g_byte_array_append (a, (const guint8 *) &le, 8);
  g_byte_array_append (a, (const guint8 *) json, (guint) json_len);
  for (gsize i = 0; i < data_len; i++)
    g_byte_array_append (a, &fill, 1);
  return g_byte_array_free_to_bytes (g_steal_pointer (&a));
}

static void
expect_bad_bytes (GBytes      *bytes,
                  gint         code,
                  const char  *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) meta = NULL;
  GHashTable *map = gt_load_from_bytes (bytes, &meta, &error);

  g_assert_null (map);
  g_assert_null (meta);
  gt_assert_error_names (error, code, "gt_load_from_bytes");
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("  -> %s", error->message);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("message '%s' does not contain '%s'", error->message, needle);
}

/* @json as the whole header, @data_len zero bytes after it. */
static void
expect_bad (const char *json,
            gsize       data_len,
            gint        code,
            const char *needle)
{
  g_autoptr(GBytes) bytes = make_file (strlen (json), json, strlen (json),
                                       data_len, 0);

  expect_bad_bytes (bytes, code, needle);
}

#define F32_2 "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":"

static void
test_malformed (void)
{
  static const struct {
    const char *json;
    gsize       data_len;
    gint        code;
    const char *needle;
  } cases[] = {
    /* JSON itself */
    { "{\"a\":", 0, GT_ERROR_FORMAT, "not JSON" },
    { "[1, 2]", 0, GT_ERROR_FORMAT, "not a JSON object" },
    { "\"x\"  ", 0, GT_ERROR_FORMAT, "not a JSON object" },
    { "   ", 0, GT_ERROR_FORMAT, NULL },
    { "{} x", 0, GT_ERROR_FORMAT, "not JSON" },
    { "{/* c */}", 0, GT_ERROR_FORMAT, "unexpected character" },
    { "{'a': 1}", 0, GT_ERROR_FORMAT, "unexpected character" },
    { "{\"a\":1,}", 0, GT_ERROR_FORMAT, NULL },
    /* entries */
    { "{\"a\":3}", 0, GT_ERROR_FORMAT, "not an object" },
    { "{\"a\":null}", 0, GT_ERROR_FORMAT, "not an object" },
    { "{\"a\":[]}", 0, GT_ERROR_FORMAT, "not an object" },
    { "{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "has no 'dtype'" },
    { "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "has no 'shape'" },
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, GT_ERROR_FORMAT, "has no 'data_offsets'" },
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", 8, GT_ERROR_FORMAT, "unknown field 'x'" },
    /* dtypes */
    { "{\"a\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "not a string" },
    { "{\"a\":{\"dtype\":\"F128\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "unknown dtype 'F128'" },
    { "{\"a\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "unknown dtype" },
    { "{\"a\":{\"dtype\":\"U16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, GT_ERROR_NOT_SUPPORTED, "U16" },
    { "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2, GT_ERROR_NOT_SUPPORTED, "F8_E4M3" },
    /* shapes */
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "not an array" },
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "dimension 0" },
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "dimension 0" },
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1,\"2\"],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "dimension 1" },
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":[true],\"data_offsets\":[0,4]}}", 4, GT_ERROR_FORMAT, "dimension 0" },
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,2],\"data_offsets\":[0,8]}}", 8, GT_ERROR_NOT_SUPPORTED, "9 dimensions" },
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "overflows" },
    { "{\"a\":{\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,0]}}", 0, GT_ERROR_FORMAT, "byte size of tensor 'a' overflows" },
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "needs 12 bytes" },
    { "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "needs 4 bytes" },
    /* offsets */
    { "{\"a\":" F32_2 "8}}", 8, GT_ERROR_FORMAT, "not an array of two" },
    { "{\"a\":" F32_2 "[0]}}", 8, GT_ERROR_FORMAT, "not an array of two" },
    { "{\"a\":" F32_2 "[0,4,8]}}", 8, GT_ERROR_FORMAT, "not an array of two" },
    { "{\"a\":" F32_2 "[-8,0]}}", 8, GT_ERROR_FORMAT, "not integers" },
    { "{\"a\":" F32_2 "[0.0,8]}}", 8, GT_ERROR_FORMAT, "not integers" },
    { "{\"a\":" F32_2 "[8,0]}}", 8, GT_ERROR_FORMAT, "after their end" },
    { "{\"a\":" F32_2 "[8,16]}}", 16, GT_ERROR_FORMAT, "previous tensor ends at 0" },
    { "{\"a\":" F32_2 "[0,8]}}", 4, GT_ERROR_FORMAT, "cover 8 bytes" },
    { "{\"a\":" F32_2 "[0,8]}}", 12, GT_ERROR_FORMAT, "cover 8 bytes" },
    { "{\"a\":" F32_2 "[0,8]}}", 0, GT_ERROR_FORMAT, "cover 8 bytes" },
    { "{\"a\":" F32_2 "[9223372036854775800,9223372036854775808]}}", 0, GT_ERROR_FORMAT, NULL },
    /* several tensors: overlap, gap, shared range */
    { "{\"a\":" F32_2 "[0,8]},\"b\":" F32_2 "[4,12]}}", 12, GT_ERROR_FORMAT, "previous tensor ends at 8" },
    { "{\"a\":" F32_2 "[0,8]},\"b\":" F32_2 "[12,20]}}", 20, GT_ERROR_FORMAT, "previous tensor ends at 8" },
    { "{\"a\":" F32_2 "[0,8]},\"b\":" F32_2 "[0,8]}}", 8, GT_ERROR_FORMAT, "previous tensor ends at 8" },
    /* duplicates */
    { "{\"a\":" F32_2 "[0,8]},\"a\":" F32_2 "[8,16]}}", 16, GT_ERROR_FORMAT, "twice" },
    { "{\"a\":" F32_2 "[0,8]},\"\\u0061\":" F32_2 "[8,16]}}", 16, GT_ERROR_FORMAT, "twice" },
    { "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, GT_ERROR_FORMAT, "twice" },
    { "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0, GT_ERROR_FORMAT, "twice" },
    { "{\"__metadata__\":{},\"__metadata__\":{}}", 0, GT_ERROR_FORMAT, "twice" },
    { "{\"a\":" F32_2 "[0,8]},\"a\\u0000b\":" F32_2 "[8,16]}}", 16, GT_ERROR_FORMAT, NULL },
    /* metadata */
    { "{\"__metadata__\":[]}", 0, GT_ERROR_FORMAT, "__metadata__ is not an object" },
    { "{\"__metadata__\":\"x\"}", 0, GT_ERROR_FORMAT, "__metadata__ is not an object" },
    { "{\"__metadata__\":{\"k\":1}}", 0, GT_ERROR_FORMAT, "'k' is not a string" },
    { "{\"__metadata__\":{\"k\":null}}", 0, GT_ERROR_FORMAT, "'k' is not a string" },
    { "{\"__metadata__\":{\"k\":{\"x\":\"y\"}}}", 0, GT_ERROR_FORMAT, "'k' is not a string" },
    { "{\"__metadata__\":{\"k\":[\"x\"]}}", 0, GT_ERROR_FORMAT, "'k' is not a string" },
    /* text encodings */
    { "{\"\xff\":1}", 0, GT_ERROR_FORMAT, "UTF-8" },
    { "{\"\xc3\x28\":1}", 0, GT_ERROR_FORMAT, "UTF-8" },
    { "{\"\\ud800\":" F32_2 "[0,8]}}", 8, GT_ERROR_FORMAT, NULL },
    /* found by the fuzzer: a dtype decoded from a lone surrogate, quoted in
     * the message */
    { "{\"a\":{\"dtype\":\"I\\ud80064\",\"shape\":[3],\"data_offsets\":[0,24]}}", 24, GT_ERROR_FORMAT, "unknown dtype" },
    /* BOOL bytes */
    { "{\"a\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", 0, GT_ERROR_FORMAT, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = g_strescape (cases[i].json, NULL);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, escaped);
      expect_bad (cases[i].json, cases[i].data_len, cases[i].code,
                  cases[i].needle);
    }
}

static void
test_malformed_framing (void)
{
  const char *json = "{}";
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) five = g_bytes_new ("\x02\0\0\0\0", 5);
  g_autoptr(GBytes) beyond = make_file (100, json, 2, 0, 0);
  g_autoptr(GBytes) huge = make_file (G_MAXUINT64, json, 2, 0, 0);
  g_autoptr(GBytes) over_limit = make_file (GT_SERIALIZE_MAX_HEADER_SIZE + 1ull, json, 2, 0, 0);
  g_autoptr(GBytes) zero = make_file (0, "", 0, 0, 0);
  g_autoptr(GBytes) with_nul = make_file (3, "{\0}", 3, 0, 0);
  g_autoptr(GBytes) bools = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ok = NULL;
  GString *deep = g_string_new ("{\"a\":");

  expect_bad_bytes (empty, GT_ERROR_FORMAT, "fewer than the 8");
  expect_bad_bytes (five, GT_ERROR_FORMAT, "fewer than the 8");
  expect_bad_bytes (beyond, GT_ERROR_FORMAT, "goes past the end");
  expect_bad_bytes (huge, GT_ERROR_FORMAT, "exceeds the limit");
  expect_bad_bytes (over_limit, GT_ERROR_FORMAT, "exceeds the limit");
  expect_bad_bytes (zero, GT_ERROR_FORMAT, "too short");
  expect_bad_bytes (with_nul, GT_ERROR_FORMAT, "UTF-8");

  /* A million levels of arrays would overflow json-glib's stack. */
  for (int i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(GBytes) b = make_file (deep->len, deep->str, deep->len, 0, 0);
    expect_bad_bytes (b, GT_ERROR_FORMAT, "nests deeper");
  }
  g_string_free (deep, TRUE);

  /* BOOL with a byte other than 0 and 1. */
  {
    const char *j = "{\"a\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}";
    bools = make_file (strlen (j), j, strlen (j), 2, 2);
    expect_bad_bytes (bools, GT_ERROR_FORMAT, "BOOL tensor 'a'");
  }

  /* The smallest valid file, and a header of trailing spaces. */
  {
    g_autoptr(GBytes) b = make_file (8, "{}      ", 8, 0, 0);
    ok = gt_load_from_bytes (b, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (ok), ==, 0);
  }
}

/* A malformed file through gt_load: the message names the path. */
static void
test_malformed_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bad.safetensors", NULL);
  const char *json = "{\"a\":" F32_2 "[0,8]}}";
  g_autoptr(GBytes) bytes = make_file (strlen (json), json, strlen (json), 6, 0);
  GHashTable *map;
  GtTensor *t;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), NULL));
  map = gt_load (path, &error);
  g_assert_null (map);
  gt_assert_error_names (error, GT_ERROR_FORMAT, "gt_load");
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  map = gt_load_mapped (path, NULL, &error);
  g_assert_null (map);
  gt_assert_error_names_clear (&error, GT_ERROR_FORMAT, "gt_load_mapped");
  t = gt_tensor_load (path, &error);
  g_assert_null (t);
  gt_assert_error_names_clear (&error, GT_ERROR_FORMAT, "gt_tensor_load");

  /* An empty file. */
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  map = gt_load (path, &error);
  g_assert_null (map);
  gt_assert_error_names_clear (&error, GT_ERROR_FORMAT, "gt_load");
  remove_dir (dir);
}

/* Every prefix of a valid file is refused, none crashes. */
static void
test_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) map = new_map ();
  g_autoptr(GBytes) bytes = NULL;
  const gint64 shape[] = { 3 };

  g_hash_table_insert (map, g_strdup ("a"), pattern (shape, 1, GT_DTYPE_FLOAT32));
  g_hash_table_insert (map, g_strdup ("b"), pattern (shape, 1, GT_DTYPE_INT8));
  bytes = gt_save_to_bytes (map, NULL, &error);
  g_assert_no_error (error);
  for (gsize n = 0; n < g_bytes_get_size (bytes); n++)
    {
      g_autoptr(GBytes) prefix = g_bytes_new_from_bytes (bytes, 0, n);
      expect_bad_bytes (prefix, GT_ERROR_FORMAT, NULL);
    }
}


/* ---- modules ------------------------------------------------------------ */

static GtModule *
small_model (void)
{
  return gt_sequential_new_take (gt_linear_new (3, 2, TRUE),
                                 gt_batch_norm1d_new (2), NULL);
}

static void
assert_same_state (GtModule *a,
                   GtModule *b)
{
  g_autoptr(GHashTable) sa = gt_module_state_dict (a);
  g_autoptr(GHashTable) sb = gt_module_state_dict (b);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (sa), ==, g_hash_table_size (sb));
  g_hash_table_iter_init (&iter, sa);
  while (g_hash_table_iter_next (&iter, &key, &value))
    assert_same_tensor (value, g_hash_table_lookup (sb, key));
}

static void
test_module (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autoptr(GtModule) a = NULL;
  g_autoptr(GtModule) b = NULL;
  g_autoptr(GtModule) other = gt_linear_new (3, 2, TRUE);
  g_autoptr(GtModule) other_copy = gt_linear_new (3, 2, TRUE);
  g_autoptr(GHashTable) file = NULL;
  g_autoptr(GHashTable) state = NULL;
  GtTensor *mean;
  const char *keys[] = { "0.weight", "0.bias", "1.weight", "1.bias",
                         "1.running_mean", "1.running_var",
                         "1.num_batches_tracked" };

  gt_manual_seed (1);
  a = small_model ();
  gt_manual_seed (2);
  b = small_model ();

  /* Buffers with values of their own. */
  state = gt_module_state_dict (a);
  mean = g_hash_table_lookup (state, "1.running_mean");
  g_assert_true (gt_tensor_fill_ (mean, 0.75, &error));
  g_assert_no_error (error);

  g_assert_true (gt_module_save (a, path, &error));
  g_assert_no_error (error);
  file = gt_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (file), ==, G_N_ELEMENTS (keys));
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    assert_same_tensor (g_hash_table_lookup (state, keys[i]),
                        g_hash_table_lookup (file, keys[i]));
  g_assert_cmpint (gt_tensor_get_dtype (g_hash_table_lookup (file, "1.num_batches_tracked")),
                   ==, GT_DTYPE_INT64);

  g_assert_true (gt_module_load (b, path, TRUE, &error));
  g_assert_no_error (error);
  assert_same_state (a, b);

  /* Another structure: strict refuses and changes nothing; non-strict
   * loads the names that match (none here). */
  {
    g_autoptr(GHashTable) s = gt_module_state_dict (other);

    g_assert_true (gt_module_load_state_dict (other_copy, s, TRUE, &error));
    g_assert_no_error (error);
  }
  g_assert_false (gt_module_load (other, path, TRUE, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_VALUE);
  g_clear_error (&error);
  assert_same_state (other, other_copy);
  g_assert_true (gt_module_load (other, path, FALSE, &error));
  g_assert_no_error (error);
  assert_same_state (other, other_copy);

  /* A missing file. */
  g_assert_false (gt_module_load (b, dir, TRUE, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_IO, "gt_module_load");
  g_assert_false (gt_module_save (b, "/nonexistent/m.safetensors", &error));
  gt_assert_error_names_clear (&error, GT_ERROR_IO, "gt_module_save");
  remove_dir (dir);
}

/* One Adam step on a float64 parameter with the gradient 2 * p. */
static void
adam_step (GtOptimizer *opt,
           GtTensor    *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) sq = gt_tensor_square (p, &error);
  g_autoptr(GtTensor) loss = gt_tensor_sum (sq, NULL, 0, FALSE, &error);

  g_assert_true (gt_optimizer_zero_grad (opt, TRUE, &error));
  g_assert_true (gt_tensor_backward (loss, NULL, FALSE, FALSE, &error));
  g_assert_true (gt_optimizer_step (opt, &error));
  g_assert_no_error (error);
}

static GtTensor *
adam_param (void)
{
  const gdouble values[] = { 1.0, -2.0, 0.5 };
  const gint64 shape[] = { 3 };
  GtTensor *p = gt_tensor_new_from_doubles (values, 3, shape, 1, GT_DTYPE_FLOAT64,
                                            NULL, NULL);

  g_assert_true (gt_tensor_set_requires_grad (p, TRUE, NULL));
  return p;
}

/* Saving an optimizer and loading it into a fresh one resumes training
 * exactly as an uninterrupted run. */
static void
test_optimizer (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "adam.safetensors", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) p1 = adam_param ();
  g_autoptr(GtTensor) p2 = NULL;
  g_autoptr(GPtrArray) l1 = g_ptr_array_new ();
  g_autoptr(GPtrArray) l2 = g_ptr_array_new ();
  g_autoptr(GtOptimizer) o1 = NULL, o2 = NULL;
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(GHashTable) back = NULL;

  g_ptr_array_add (l1, p1);
  o1 = gt_adam_new (l1, 0.1, &error);
  g_assert_no_error (error);
  adam_step (o1, p1);
  adam_step (o1, p1);
  g_assert_true (gt_optimizer_save (o1, path, &error));
  g_assert_no_error (error);
  back = gt_load_with_metadata (path, &meta, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (meta, "gtensor.optimizer"), ==, "GtAdam");
  g_assert_nonnull (g_hash_table_lookup (back, "state.0.exp_avg"));

  {
    g_autoptr(GtTensor) d = gt_tensor_detach (p1);

    p2 = gt_tensor_clone (d, &error);      /* a fresh leaf with p1's values */
    g_assert_no_error (error);
    g_assert_true (gt_tensor_set_requires_grad (p2, TRUE, NULL));
  }
  g_ptr_array_add (l2, p2);
  o2 = gt_adam_new (l2, 0.1, &error);
  g_assert_true (gt_optimizer_load (o2, path, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      adam_step (o1, p1);
      adam_step (o2, p2);
    }
  assert_same_tensor (p1, p2);

  /* a missing file: the optimizer keeps its state */
  g_assert_false (gt_optimizer_load (o2, "/nonexistent/adam.safetensors", &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_IO);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/serialize/layout", test_layout);
  g_test_add_func ("/serialize/roundtrip/dtypes", test_roundtrip_dtypes);
  g_test_add_func ("/serialize/roundtrip/noncontiguous", test_roundtrip_noncontiguous);
  g_test_add_func ("/serialize/roundtrip/large", test_roundtrip_large);
  g_test_add_func ("/serialize/metadata", test_metadata);
  g_test_add_func ("/serialize/single-tensor", test_single_tensor);
  g_test_add_func ("/serialize/mapped", test_mapped);
  g_test_add_func ("/serialize/unaligned", test_unaligned);
  g_test_add_func ("/serialize/errors/save", test_save_errors);
  g_test_add_func ("/serialize/errors/load-io", test_load_io_errors);
  g_test_add_func ("/serialize/atomic/unwritable", test_atomic_unwritable);
  g_test_add_func ("/serialize/atomic/failure-keeps-old", test_atomic_failure_keeps_old);
  g_test_add_func ("/serialize/malformed/header", test_malformed);
  g_test_add_func ("/serialize/malformed/framing", test_malformed_framing);
  g_test_add_func ("/serialize/malformed/file", test_malformed_file);
  g_test_add_func ("/serialize/malformed/truncated", test_truncated);
  g_test_add_func ("/serialize/module", test_module);
  g_test_add_func ("/serialize/optimizer", test_optimizer);

  return g_test_run ();
}
