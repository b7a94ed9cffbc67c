#pragma once

#include <math.h>

#include "gt-half-private.h"
#include "gt-dtype-private.h"

G_BEGIN_DECLS

/*
 * Element loads and stores for every dtype, with torch's conversion rules.
 *
 * A load gives a gint64 for integer and bool types and a gdouble for float
 * types, so every value is held exactly; a store accepts either and
 * converts. _Generic picks the store by the value's C type, so one macro
 * body serves all 100 dtype pairs.
 *
 * torch (c10::convert) converts floats to integers with a C cast, which on
 * x86-64 means: int32 and narrower go through a 32-bit truncating convert
 * (out of range or NaN gives INT32_MIN, then the low bits are kept), uint8
 * goes through int64 on purpose, int64 gives INT64_MIN when out of range.
 * These helpers spell that out without undefined behaviour.
 */

/* The one X-macro list of dtypes: enum suffix, storage C type, loaded type. */
#define GT_FOREACH_DTYPE(X)            \
  X (FLOAT32,  gfloat,   gdouble)      \
  X (FLOAT64,  gdouble,  gdouble)      \
  X (FLOAT16,  guint16,  gdouble)      \
  X (BFLOAT16, guint16,  gdouble)      \
  X (INT8,     gint8,    gint64)       \
  X (UINT8,    guint8,   gint64)       \
  X (INT16,    gint16,   gint64)       \
  X (INT32,    gint32,   gint64)       \
  X (INT64,    gint64,   gint64)       \
  X (BOOL,     guint8,   gint64)

static inline gint32
gt_double_to_int32 (gdouble v)
{
  if (!(v > -2147483649.0 && v < 2147483648.0))
    return G_MININT32;
  return (gint32) v;
}

static inline gint64
gt_double_to_int64 (gdouble v)
{
  if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0))
    return G_MININT64;
  return (gint64) v;
}

/* loads */
static inline gdouble gt_load_FLOAT32 (const void *p) { return *(const gfloat *) p; }
static inline gdouble gt_load_FLOAT64 (const void *p) { return *(const gdouble *) p; }
static inline gdouble gt_load_FLOAT16 (const void *p) { return gt_half_to_float (*(const guint16 *) p); }
static inline gdouble gt_load_BFLOAT16 (const void *p) { return gt_bfloat16_to_float (*(const guint16 *) p); }
static inline gint64 gt_load_INT8 (const void *p) { return *(const gint8 *) p; }
static inline gint64 gt_load_UINT8 (const void *p) { return *(const guint8 *) p; }
static inline gint64 gt_load_INT16 (const void *p) { return *(const gint16 *) p; }
static inline gint64 gt_load_INT32 (const void *p) { return *(const gint32 *) p; }
static inline gint64 gt_load_INT64 (const void *p) { return *(const gint64 *) p; }
static inline gint64 gt_load_BOOL (const void *p) { return *(const guint8 *) p != 0; }

/* stores from a double */
static inline void gt_stored_FLOAT32 (void *p, gdouble v) { *(gfloat *) p = (gfloat) v; }
static inline void gt_stored_FLOAT64 (void *p, gdouble v) { *(gdouble *) p = v; }
static inline void gt_stored_FLOAT16 (void *p, gdouble v) { *(guint16 *) p = gt_float_to_half ((gfloat) v); }
static inline void gt_stored_BFLOAT16 (void *p, gdouble v) { *(guint16 *) p = gt_float_to_bfloat16 ((gfloat) v); }
static inline void gt_stored_INT8 (void *p, gdouble v) { *(gint8 *) p = (gint8) (guint8) (guint32) gt_double_to_int32 (v); }
static inline void gt_stored_UINT8 (void *p, gdouble v) { *(guint8 *) p = (guint8) (guint64) gt_double_to_int64 (v); }
static inline void gt_stored_INT16 (void *p, gdouble v) { *(gint16 *) p = (gint16) (guint16) (guint32) gt_double_to_int32 (v); }
static inline void gt_stored_INT32 (void *p, gdouble v) { *(gint32 *) p = gt_double_to_int32 (v); }
static inline void gt_stored_INT64 (void *p, gdouble v) { *(gint64 *) p = gt_double_to_int64 (v); }
static inline void gt_stored_BOOL (void *p, gdouble v) { *(guint8 *) p = v != 0.0; }

/* stores from an int64 */
static inline void gt_storei_FLOAT32 (void *p, gint64 v) { *(gfloat *) p = (gfloat) v; }
static inline void gt_storei_FLOAT64 (void *p, gint64 v) { *(gdouble *) p = (gdouble) v; }
static inline void gt_storei_FLOAT16 (void *p, gint64 v) { *(guint16 *) p = gt_float_to_half ((gfloat) v); }
static inline void gt_storei_BFLOAT16 (void *p, gint64 v) { *(guint16 *) p = gt_float_to_bfloat16 ((gfloat) v); }
static inline void gt_storei_INT8 (void *p, gint64 v) { *(gint8 *) p = (gint8) (guint8) (guint64) v; }
static inline void gt_storei_UINT8 (void *p, gint64 v) { *(guint8 *) p = (guint8) (guint64) v; }
static inline void gt_storei_INT16 (void *p, gint64 v) { *(gint16 *) p = (gint16) (guint16) (guint64) v; }
static inline void gt_storei_INT32 (void *p, gint64 v) { *(gint32 *) p = (gint32) (guint32) (guint64) v; }
static inline void gt_storei_INT64 (void *p, gint64 v) { *(gint64 *) p = v; }
static inline void gt_storei_BOOL (void *p, gint64 v) { *(guint8 *) p = v != 0; }

#define GT_STORE(D, p, v) \
  _Generic ((v), gdouble: gt_stored_##D, gint64: gt_storei_##D) ((p), (v))

G_END_DECLS
