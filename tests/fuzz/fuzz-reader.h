/* What the fuzz targets share: a reader that takes the input a byte at a
 * time (past the end it gives zeros, so every input decodes to something),
 * and the check every target makes of a failure. Each target decodes
 * sizes with its own table (their seed corpora depend on it), so only the
 * raw reads are here. Everything is static: each target is one
 * translation unit. */

#pragma once

#include <stdint.h>
#include <string.h>

#include <gtensor/gtensor.h>

typedef struct {
  const uint8_t *p;
  size_t         n;
} Reader;

static G_GNUC_UNUSED guint8
read_byte (Reader *r)
{
  guint8 b;

  if (r->n == 0)
    return 0;
  b = *r->p;
  r->p++;
  r->n--;
  return b;
}

/* The next 8 bytes as a little-endian 64-bit value (an arbitrary size). */
static G_GNUC_UNUSED gint64
read_raw_int64 (Reader *r)
{
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v |= (guint64) read_byte (r) << (8 * i);
  return (gint64) v;
}

/* A failure must be a GT_ERROR whose message is valid UTF-8 and starts
 * with @prefix (the function's name, or "gt_" where any may fail). */
static G_GNUC_UNUSED void
check_error_prefix (const GError *error,
                    const char   *prefix)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == GT_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, prefix));
}
