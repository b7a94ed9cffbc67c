/* libFuzzer target for the safetensors reader: any input either loads or
 * fails with GT_ERROR_FORMAT / GT_ERROR_NOT_SUPPORTED and a valid UTF-8
 * message; never a crash or an out-of-bounds read (build with
 * -fsanitize=fuzzer,address to check the latter). A file that loads is
 * read completely, written again with gt_save_to_bytes and loaded again:
 * the tensors must come back the same, and the rewritten file is
 * canonical (writing it once more gives the same bytes).
 *
 * tests/fuzz/replay.c runs this function over the corpus without libFuzzer,
 * so CI exercises it with any compiler. */

#include <stdint.h>
#include <string.h>

#include <gtensor/gtensor.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_error (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == GT_ERROR);
  g_assert_true (error->code == GT_ERROR_FORMAT ||
                 error->code == GT_ERROR_NOT_SUPPORTED);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "gt_load_from_bytes"));
}

/* Reads every byte of @t (so that the sanitizer sees any bad pointer) and
 * converts it, which runs the dtype's conversion kernel. */
static guint
touch (GtTensor *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = gt_tensor_to_bytes (t, &error);
  g_autofree gdouble *values = NULL;
  const guint8 *p;
  gsize n, n_values;
  guint sum = 0;

  g_assert_no_error (error);
  p = g_bytes_get_data (bytes, &n);
  g_assert_cmpuint (n, ==, (gsize) gt_tensor_get_numel (t) *
                           gt_tensor_get_element_size (t));
  for (gsize i = 0; i < n; i++)
    sum += p[i];
  values = gt_tensor_to_doubles (t, &n_values, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_values, ==, (gsize) gt_tensor_get_numel (t));
  return sum;
}

static void
assert_same_maps (GHashTable *a,
                  GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtTensor *other = g_hash_table_lookup (b, key);
      g_autoptr(GBytes) x = NULL;
      g_autoptr(GBytes) y = NULL;
      gsize na, nb;
      const gint64 *sa, *sb;

      g_assert_nonnull (other);
      g_assert_cmpint (gt_tensor_get_dtype (value), ==,
                       gt_tensor_get_dtype (other));
      sa = gt_tensor_get_shape (value, &na);
      sb = gt_tensor_get_shape (other, &nb);
      g_assert_cmpuint (na, ==, nb);
      if (na > 0)
        g_assert_cmpmem (sa, na * sizeof (gint64), sb, nb * sizeof (gint64));
      x = gt_tensor_to_bytes (value, NULL);
      y = gt_tensor_to_bytes (other, NULL);
      g_assert_true (g_bytes_equal (x, y));
    }
}

static void
assert_same_strings (GHashTable *a,
                     GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (b, key), ==, value);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) metadata = NULL;
  g_autoptr(GHashTable) tensors = NULL;
  g_autoptr(GHashTable) metadata2 = NULL;
  g_autoptr(GHashTable) tensors2 = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) saved2 = NULL;
  GHashTableIter iter;
  gpointer value;
  guint sum = 0;

  tensors = gt_load_from_bytes (bytes, &metadata, &error);
  if (tensors == NULL)
    {
      check_error (error);
      g_assert_null (metadata);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_nonnull (metadata);

  g_hash_table_iter_init (&iter, tensors);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sum += touch (value);
  (void) sum;

  saved = gt_save_to_bytes (tensors, metadata, &error);
  g_assert_no_error (error);
  tensors2 = gt_load_from_bytes (saved, &metadata2, &error);
  g_assert_no_error (error);
  assert_same_maps (tensors, tensors2);
  assert_same_strings (metadata, metadata2);
  saved2 = gt_save_to_bytes (tensors2, metadata2, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (saved, saved2));
  return 0;
}
