#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "gtensor.h"
#include "gt-serialize-private.h"
#include "gt-tensor-private.h"

/* Parsing and writing of the safetensors header. Everything here works on
 * memory; gt-serialize.c does the files. The parser trusts nothing in its
 * input: every length, offset and size is checked before use. */

/* The header needs three levels (file object, entry object, shape array);
 * json-glib's parser recurses once per level, so a hostile header of
 * millions of '[' would overflow the stack. The pre-scan refuses more. */
#define MAX_DEPTH 16

static const struct {
  const char *name;
  GtDType     dtype;
} dtype_names[] = {
  { "F32", GT_DTYPE_FLOAT32 },
  { "F64", GT_DTYPE_FLOAT64 },
  { "F16", GT_DTYPE_FLOAT16 },
  { "BF16", GT_DTYPE_BFLOAT16 },
  { "I8", GT_DTYPE_INT8 },
  { "U8", GT_DTYPE_UINT8 },
  { "I16", GT_DTYPE_INT16 },
  { "I32", GT_DTYPE_INT32 },
  { "I64", GT_DTYPE_INT64 },
  { "BOOL", GT_DTYPE_BOOL },
};

/* dtypes of the format (current and past versions) that gtensor lacks:
 * a file using them is valid but cannot be loaded here. */
static const char *const unsupported_dtype_names[] = {
  "U16", "U32", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "E8M0",
  "F6_E2M3", "F6_E3M2", "F4", "C64",
};

const char *
gt_safetensors_dtype_name (GtDType dtype)
{
  for (gsize i = 0; i < G_N_ELEMENTS (dtype_names); i++)
    if (dtype_names[i].dtype == dtype)
      return dtype_names[i].name;
  g_return_val_if_reached (NULL);
}

void
gt_safetensors_entry_free (gpointer entry)
{
  GtSafetensorsEntry *e = entry;

  if (e == NULL)
    return;
  g_free (e->name);
  g_free (e);
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct {
  const char *func;
  const char *source;
} Ctx;

G_GNUC_PRINTF (4, 5)
static gboolean
fail (const Ctx   *ctx,
      GError     **error,
      gint         code,
      const char  *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  /* Strings quoted from the file (a dtype decoded from a lone surrogate
   * escape) may not be UTF-8; bindings need valid messages. */
  if (!g_utf8_validate (reason, -1, NULL))
    {
      char *valid = g_utf8_make_valid (reason, -1);

      g_free (reason);
      reason = valid;
    }
  g_set_error (error, GT_ERROR, code, "%s: %s is not a valid safetensors "
               "file: %s", ctx->func, ctx->source, reason);
  return FALSE;
}

/* A lexical pass over the header before json-glib sees it. It refuses
 * characters that are not JSON outside strings (json-glib's scanner would
 * take comments and other extensions), nesting deeper than MAX_DEPTH, and
 * counts the ':' separators outside strings: in valid JSON that is the
 * number of object members in the whole document. json-glib keeps only
 * the last of two members with one name, so a parsed tree with fewer
 * members than this count had a duplicated name somewhere. */
static gboolean
prescan (const Ctx    *ctx,
         const char   *text,
         gsize         len,
         guint64      *n_members,
         GError      **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  guint64 colons = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '{':
        case '[':
          if (++depth > MAX_DEPTH)
            return fail (ctx, error, GT_ERROR_FORMAT, "the header nests "
                         "deeper than %d levels (byte %" G_GSIZE_FORMAT ")",
                         MAX_DEPTH, i);
          break;
        case '}':
        case ']':
          /* Unbalanced brackets are json-glib's to report. */
          if (depth > 0)
            depth--;
          break;
        case ':':
          colons++;
          break;
        case ' ': case '\t': case '\n': case '\r': case ',':
        case '-': case '+': case '.':
          break;
        default:
          if (!g_ascii_isalnum (c))
            return fail (ctx, error, GT_ERROR_FORMAT, "the header is not "
                         "JSON: unexpected character 0x%02x at byte %"
                         G_GSIZE_FORMAT, (guint) (guchar) c, i);
        }
    }
  *n_members = colons;
  return TRUE;
}

/* The number of object members in the tree under @node. */
static guint64
count_members (JsonNode *node)
{
  guint64 n = 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &child))
        n += 1 + count_members (child);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint len = json_array_get_length (array);

      for (guint i = 0; i < len; i++)
        n += count_members (json_array_get_element (array, i));
    }
  return n;
}

/* A JSON integer that is not negative; json-glib gives 2.0 or 1e3 as
 * doubles, which the format does not allow. */
static gboolean
get_uint (JsonNode *node,
          guint64  *value)
{
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  v = json_node_get_int (node);
  if (v < 0)
    return FALSE;
  *value = (guint64) v;
  return TRUE;
}

static gboolean
parse_dtype (const Ctx   *ctx,
             const char  *name,
             JsonNode    *node,
             GtDType     *dtype,
             GError     **error)
{
  const char *s;

  if (!JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (ctx, error, GT_ERROR_FORMAT, "the dtype of tensor '%s' "
                 "is not a string", name);
  s = json_node_get_string (node);
  for (gsize i = 0; i < G_N_ELEMENTS (dtype_names); i++)
    if (strcmp (s, dtype_names[i].name) == 0)
      {
        *dtype = dtype_names[i].dtype;
        return TRUE;
      }
  for (gsize i = 0; i < G_N_ELEMENTS (unsupported_dtype_names); i++)
    if (strcmp (s, unsupported_dtype_names[i]) == 0)
      {
        g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
                     "%s: %s: tensor '%s' has dtype %s, which gtensor does "
                     "not support", ctx->func, ctx->source, name, s);
        return FALSE;
      }
  return fail (ctx, error, GT_ERROR_FORMAT, "tensor '%s' has an unknown "
               "dtype '%s'", name, s);
}

static gboolean
parse_shape (const Ctx           *ctx,
             JsonNode            *node,
             GtSafetensorsEntry  *e,
             guint64             *numel,
             GError             **error)
{
  JsonArray *array;
  guint len;
  gboolean has_zero = FALSE;
  guint64 n = 1;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (ctx, error, GT_ERROR_FORMAT, "the shape of tensor '%s' is "
                 "not an array", e->name);
  array = json_node_get_array (node);
  len = json_array_get_length (array);
  if (len > GT_MAX_DIMS)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
                   "%s: %s: tensor '%s' has %u dimensions, gtensor supports "
                   "at most %d", ctx->func, ctx->source, e->name, len,
                   GT_MAX_DIMS);
      return FALSE;
    }
  for (guint i = 0; i < len; i++)
    {
      guint64 d;

      if (!get_uint (json_array_get_element (array, i), &d) ||
          d > G_MAXINT64)
        return fail (ctx, error, GT_ERROR_FORMAT, "dimension %u of the shape "
                     "of tensor '%s' is not an integer of at least 0",
                     i, e->name);
      e->shape[i] = (gint64) d;
      has_zero |= d == 0;
    }
  e->ndim = len;

  /* As gt_shape_check: a zero size makes any other size valid. */
  for (guint i = 0; i < len && !has_zero; i++)
    if (!g_uint64_checked_mul (&n, n, (guint64) e->shape[i]) ||
        n > G_MAXINT64)
      return fail (ctx, error, GT_ERROR_FORMAT, "the number of elements of "
                   "tensor '%s' overflows", e->name);
  *numel = has_zero ? 0 : n;
  return TRUE;
}

static gboolean
parse_offsets (const Ctx           *ctx,
               JsonNode            *node,
               GtSafetensorsEntry  *e,
               GError             **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) != 2)
    return fail (ctx, error, GT_ERROR_FORMAT, "the data_offsets of tensor "
                 "'%s' are not an array of two integers", e->name);
  if (!get_uint (json_array_get_element (array, 0), &e->begin) ||
      !get_uint (json_array_get_element (array, 1), &e->end))
    return fail (ctx, error, GT_ERROR_FORMAT, "the data_offsets of tensor "
                 "'%s' are not integers of at least 0", e->name);
  if (e->begin > e->end)
    return fail (ctx, error, GT_ERROR_FORMAT, "the data_offsets of tensor "
                 "'%s' begin at %" G_GUINT64_FORMAT " after their end %"
                 G_GUINT64_FORMAT, e->name, e->begin, e->end);
  return TRUE;
}

static GtSafetensorsEntry *
parse_entry (const Ctx   *ctx,
             const char  *name,
             JsonNode    *node,
             GError     **error)
{
  static const char *const fields[] = { "dtype", "shape", "data_offsets" };
  g_autoptr(GtSafetensorsEntry) e = g_new0 (GtSafetensorsEntry, 1);
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  guint64 numel = 0, nbytes;

  e->name = g_strdup (name);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (ctx, error, GT_ERROR_FORMAT, "the entry of tensor '%s' is not an "
            "object", name);
      return NULL;
    }
  object = json_node_get_object (node);
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!json_object_has_member (object, fields[i]))
      {
        fail (ctx, error, GT_ERROR_FORMAT, "the entry of tensor '%s' has no "
              "'%s'", name, fields[i]);
        return NULL;
      }
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    {
      gboolean known = FALSE;

      for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
        known |= strcmp (member, fields[i]) == 0;
      if (!known)
        {
          fail (ctx, error, GT_ERROR_FORMAT, "the entry of tensor '%s' has "
                "an unknown field '%s'", name, member);
          return NULL;
        }
    }

  if (!parse_dtype (ctx, name, json_object_get_member (object, "dtype"),
                    &e->dtype, error) ||
      !parse_shape (ctx, json_object_get_member (object, "shape"), e,
                    &numel, error) ||
      !parse_offsets (ctx, json_object_get_member (object, "data_offsets"),
                      e, error))
    return NULL;

  /* The byte size must fit a gint64, as gt_shape_check requires. */
  if (!g_uint64_checked_mul (&nbytes, numel,
                             gt_dtype_get_element_size (e->dtype)) ||
      nbytes > G_MAXINT64)
    {
      fail (ctx, error, GT_ERROR_FORMAT, "the byte size of tensor '%s' "
            "overflows", name);
      return NULL;
    }
  if (nbytes != e->end - e->begin)
    {
      g_autofree char *s = gt_shape_to_string (e->shape, e->ndim);
      fail (ctx, error, GT_ERROR_FORMAT, "tensor '%s' of shape %s and dtype "
            "%s needs %" G_GUINT64_FORMAT " bytes, its data_offsets [%"
            G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "] span %"
            G_GUINT64_FORMAT, name, s, gt_safetensors_dtype_name (e->dtype),
            nbytes, e->begin, e->end, e->end - e->begin);
      return NULL;
    }
  return g_steal_pointer (&e);
}

static gboolean
parse_metadata (const Ctx   *ctx,
                JsonNode    *node,
                GHashTable  *metadata,
                GError     **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (ctx, error, GT_ERROR_FORMAT, "__metadata__ is not an "
                 "object");
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (!g_utf8_validate (key, -1, NULL))
        return fail (ctx, error, GT_ERROR_FORMAT, "a metadata key is not "
                     "valid UTF-8");
      if (!JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_STRING)
        return fail (ctx, error, GT_ERROR_FORMAT, "the value of metadata "
                     "key '%s' is not a string", key);
      if (!g_utf8_validate (json_node_get_string (value), -1, NULL))
        return fail (ctx, error, GT_ERROR_FORMAT, "the value of metadata "
                     "key '%s' is not valid UTF-8", key);
      if (metadata != NULL)
        g_hash_table_insert (metadata, g_strdup (key),
                             g_strdup (json_node_get_string (value)));
    }
  return TRUE;
}

static gint
compare_by_offsets (gconstpointer a,
                    gconstpointer b)
{
  const GtSafetensorsEntry *x = *(GtSafetensorsEntry **) a;
  const GtSafetensorsEntry *y = *(GtSafetensorsEntry **) b;

  if (x->begin != y->begin)
    return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return 0;
}

static gint
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  const GtSafetensorsEntry *x = *(GtSafetensorsEntry **) a;
  const GtSafetensorsEntry *y = *(GtSafetensorsEntry **) b;

  return strcmp (x->name, y->name);
}

/* As the reference reader: sorted by offsets, each tensor begins where the
 * one before ends, the first at 0 and the last ends at the region's end;
 * no gaps, no overlaps, nothing outside the file. */
static gboolean
check_tiling (const Ctx   *ctx,
              GPtrArray   *entries,
              guint64      data_size,
              GError     **error)
{
  guint64 pos = 0;

  g_ptr_array_sort (entries, compare_by_offsets);
  for (guint i = 0; i < entries->len; i++)
    {
      GtSafetensorsEntry *e = entries->pdata[i];

      if (e->begin != pos)
        return fail (ctx, error, GT_ERROR_FORMAT, "tensor '%s' has "
                     "data_offsets [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                     "] but the previous tensor ends at %" G_GUINT64_FORMAT
                     " (the tensors must cover the data region without gaps "
                     "or overlaps)", e->name, e->begin, e->end, pos);
      pos = e->end;
    }
  if (pos != data_size)
    return fail (ctx, error, GT_ERROR_FORMAT, "the tensors cover %"
                 G_GUINT64_FORMAT " bytes of data, the file has %"
                 G_GUINT64_FORMAT " after the header", pos, data_size);
  return TRUE;
}

gboolean
gt_safetensors_parse (const char     *func,
                      const char     *source,
                      const guint8   *data,
                      gsize           size,
                      GPtrArray     **entries_out,
                      gsize          *data_start,
                      GHashTable    **metadata_out,
                      GError        **error)
{
  const Ctx ctx = { func, source };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) metadata = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  const char *header;
  guint64 n, n_members = 0;
  JsonNode *root;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (size < 8)
    return fail (&ctx, error, GT_ERROR_FORMAT, "it has %" G_GSIZE_FORMAT
                 " bytes, fewer than the 8 of the header length", size);
  memcpy (&n, data, 8);
  n = GUINT64_FROM_LE (n);
  if (n > GT_SERIALIZE_MAX_HEADER_SIZE)
    return fail (&ctx, error, GT_ERROR_FORMAT, "the header length %"
                 G_GUINT64_FORMAT " exceeds the limit of %d bytes", n,
                 GT_SERIALIZE_MAX_HEADER_SIZE);
  if (n > size - 8)
    return fail (&ctx, error, GT_ERROR_FORMAT, "the header length %"
                 G_GUINT64_FORMAT " goes past the end (%" G_GSIZE_FORMAT
                 " bytes after the length)", n, size - 8);
  if (n < 2)
    return fail (&ctx, error, GT_ERROR_FORMAT, "the header length %"
                 G_GUINT64_FORMAT " is too short for a JSON object", n);

  header = (const char *) data + 8;
  /* With a length, g_utf8_validate also refuses NUL bytes. */
  if (!g_utf8_validate (header, (gssize) n, NULL))
    return fail (&ctx, error, GT_ERROR_FORMAT, "the header is not valid "
                 "UTF-8");
  if (!prescan (&ctx, header, n, &n_members, error))
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, header, (gssize) n, &json_error))
    {
      /* json-glib quotes what it decoded, which may not be UTF-8 (a lone
       * surrogate escape); bindings need valid messages. */
      g_autofree char *message = g_utf8_make_valid (json_error->message, -1);

      return fail (&ctx, error, GT_ERROR_FORMAT, "the header is not JSON: %s",
                   message);
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (&ctx, error, GT_ERROR_FORMAT, "the header is not a JSON "
                 "object");
  if (count_members (root) != n_members)
    return fail (&ctx, error, GT_ERROR_FORMAT, "the header names a member "
                 "twice in one object");

  entries = g_ptr_array_new_with_free_func (gt_safetensors_entry_free);
  if (metadata_out != NULL)
    metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &node))
    {
      GtSafetensorsEntry *e;

      /* json-glib decodes \u escapes, lone surrogates included. */
      if (!g_utf8_validate (name, -1, NULL))
        return fail (&ctx, error, GT_ERROR_FORMAT, "a tensor name is not "
                     "valid UTF-8");

      if (strcmp (name, GT_SAFETENSORS_METADATA_KEY) == 0)
        {
          if (!parse_metadata (&ctx, node, metadata, error))
            return FALSE;
          continue;
        }
      e = parse_entry (&ctx, name, node, error);
      if (e == NULL)
        return FALSE;
      g_ptr_array_add (entries, e);
    }

  if (!check_tiling (&ctx, entries, size - 8 - n, error))
    return FALSE;
  g_ptr_array_sort (entries, compare_by_name);

  *entries_out = g_steal_pointer (&entries);
  *data_start = 8 + (gsize) n;
  if (metadata_out != NULL)
    *metadata_out = g_steal_pointer (&metadata);
  return TRUE;
}

/* ---- writing ------------------------------------------------------------ */

static gint
compare_for_layout (gconstpointer a,
                    gconstpointer b)
{
  const GtSafetensorsEntry *x = *(GtSafetensorsEntry **) a;
  const GtSafetensorsEntry *y = *(GtSafetensorsEntry **) b;
  gsize sx = gt_dtype_get_element_size (x->dtype);
  gsize sy = gt_dtype_get_element_size (y->dtype);

  if (sx != sy)
    return sx > sy ? -1 : 1;
  return strcmp (x->name, y->name);
}

guint64
gt_safetensors_layout (GPtrArray *entries)
{
  guint64 pos = 0;

  g_ptr_array_sort (entries, compare_for_layout);
  for (guint i = 0; i < entries->len; i++)
    {
      GtSafetensorsEntry *e = entries->pdata[i];
      guint64 numel = 1;

      for (gsize d = 0; d < e->ndim; d++)
        numel *= (guint64) e->shape[d];
      e->begin = pos;
      e->end = pos + numel * gt_dtype_get_element_size (e->dtype);
      pos = e->end;
    }
  return pos;
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static gboolean
check_utf8 (const char   *func,
            const char   *what,
            const char   *s,
            GError      **error)
{
  if (s != NULL && g_utf8_validate (s, -1, NULL))
    return TRUE;
  g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: %s is %s", func, what,
               s == NULL ? "NULL" : "not valid UTF-8");
  return FALSE;
}

GBytes *
gt_safetensors_build_header (const char   *func,
                             GPtrArray    *entries,
                             GHashTable   *metadata,
                             GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) by_name = g_ptr_array_sized_new (entries->len);
  g_autofree char *json = NULL;
  GString *out;
  gsize len, pad;
  guint64 len_le;

  json_builder_begin_object (builder);

  if (metadata != NULL && g_hash_table_size (metadata) > 0)
    {
      g_autofree gpointer *keys = NULL;
      guint n_keys;

      /* Sorted, so that one map always gives the same file. */
      keys = g_hash_table_get_keys_as_array (metadata, &n_keys);
      g_qsort_with_data (keys, (gint) n_keys, sizeof (gpointer),
                         compare_strings, NULL);
      json_builder_set_member_name (builder, GT_SAFETENSORS_METADATA_KEY);
      json_builder_begin_object (builder);
      for (guint i = 0; i < n_keys; i++)
        {
          const char *value = g_hash_table_lookup (metadata, keys[i]);

          if (!check_utf8 (func, "a metadata key", keys[i], error) ||
              !check_utf8 (func, "a metadata value", value, error))
            return NULL;
          json_builder_set_member_name (builder, keys[i]);
          json_builder_add_string_value (builder, value);
        }
      json_builder_end_object (builder);
    }

  /* A borrowing copy (g_ptr_array_copy would keep the free function). */
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (by_name, entries->pdata[i]);
  g_ptr_array_sort (by_name, compare_by_name);
  for (guint i = 0; i < by_name->len; i++)
    {
      GtSafetensorsEntry *e = by_name->pdata[i];

      if (!check_utf8 (func, "a tensor name", e->name, error))
        return NULL;
      if (strcmp (e->name, GT_SAFETENSORS_METADATA_KEY) == 0)
        {
          g_set_error (error, GT_ERROR, GT_ERROR_VALUE, "%s: a tensor may "
                       "not be called %s, the format keeps that name for "
                       "the metadata", func, GT_SAFETENSORS_METADATA_KEY);
          return NULL;
        }
      json_builder_set_member_name (builder, e->name);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "dtype");
      json_builder_add_string_value (builder,
                                     gt_safetensors_dtype_name (e->dtype));
      json_builder_set_member_name (builder, "shape");
      json_builder_begin_array (builder);
      for (gsize d = 0; d < e->ndim; d++)
        json_builder_add_int_value (builder, e->shape[d]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "data_offsets");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, (gint64) e->begin);
      json_builder_add_int_value (builder, (gint64) e->end);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &len);

  /* Spaces after the JSON put the data region at a multiple of 8 from the
   * start of the file, as the reference writer does. */
  pad = (8 - len % 8) % 8;
  len_le = GUINT64_TO_LE ((guint64) (len + pad));
  out = g_string_sized_new (8 + len + pad);
  g_string_append_len (out, (const char *) &len_le, 8);
  g_string_append_len (out, json, (gssize) len);
  for (gsize i = 0; i < pad; i++)
    g_string_append_c (out, ' ');
  return g_string_free_to_bytes (out);
}
