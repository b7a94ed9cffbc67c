#pragma once

#include "gt-backend-private.h"
#include "gt-tensor-private.h"

G_BEGIN_DECLS

/* The CPU backend's kernels, gathered into its table in gt-cpu-backend.c. */

gboolean gt_cpu_copy            (GtTensor *dst, GtTensor *src, GError **error);
gboolean gt_cpu_fill            (GtTensor *dst, gdouble value, GError **error);
gboolean gt_cpu_arange          (GtTensor *dst, gdouble start, gdouble step,
                                 GError **error);
gboolean gt_cpu_linspace        (GtTensor *dst, gdouble start, gdouble end,
                                 GError **error);
gboolean gt_cpu_random_uniform  (GtTensor *dst, gdouble from, gdouble to,
                                 GError **error);
gboolean gt_cpu_random_normal   (GtTensor *dst, gdouble mean, gdouble std,
                                 GError **error);
gboolean gt_cpu_random_int      (GtTensor *dst, gint64 low, gint64 high,
                                 GError **error);

/* pointwise (gt-cpu-pointwise.c) */
gboolean gt_cpu_unary           (GtUnaryOp op, GtTensor *out, GtTensor *in,
                                 const GtUnaryParams *params, GError **error);
gboolean gt_cpu_binary          (GtBinaryOp op, GtTensor *out, GtTensor *a,
                                 GtTensor *b, gdouble alpha, GError **error);
gboolean gt_cpu_where           (GtTensor *out, GtTensor *cond, GtTensor *a,
                                 GtTensor *b, GError **error);
gboolean gt_cpu_clamp           (GtTensor *out, GtTensor *in, GtTensor *lo,
                                 GtTensor *hi, gboolean tensor_bounds,
                                 GError **error);

/* reductions and scans (gt-cpu-reduce.c) */
gboolean gt_cpu_reduce          (guint op, GtTensor *out, GtTensor *indices,
                                 GtTensor *in, guint n_reduced, gdouble param,
                                 GError **error);
gboolean gt_cpu_scan            (guint op, GtTensor *out, GtTensor *in,
                                 GError **error);

/* sorting (gt-cpu-sort.c) */
gboolean gt_cpu_sort            (GtTensor *values, GtTensor *indices,
                                 GtTensor *in, gboolean descending,
                                 gboolean stable, GError **error);
gboolean gt_cpu_topk            (GtTensor *values, GtTensor *indices,
                                 GtTensor *in, gint64 k, gboolean largest,
                                 gboolean sorted, GError **error);

/* shapes (gt-cpu-shape.c) */
gboolean gt_cpu_copy_many       (GtTensor **dsts, GtTensor **srcs, guint n,
                                 GError **error);

/* indexing (gt-cpu-index.c) */
gboolean gt_cpu_gather          (GtTensor *out, GtTensor *src, GtTensor *index,
                                 guint dim, gint64 size, gint64 stride,
                                 guint flags, const char *func, GError **error);
gboolean gt_cpu_scatter         (GtTensor *dst, GtTensor *src, GtTensor *index,
                                 guint dim, gint64 size, gint64 stride,
                                 guint flags, const char *func, GError **error);
gboolean gt_cpu_index_offsets   (GtTensor *offsets, GtTensor *index, guint dim,
                                 gint64 size, gint64 stride, const char *func,
                                 GError **error);
gboolean gt_cpu_index_range     (GtTensor *index, gint64 *min, gint64 *max,
                                 GError **error);
gboolean gt_cpu_masked_fill     (GtTensor *dst, GtTensor *mask, GtTensor *value,
                                 GError **error);
gboolean gt_cpu_count_nonzero   (GtTensor *src, gint64 *count, GError **error);
gboolean gt_cpu_masked_select   (GtTensor *out, GtTensor *src, GtTensor *mask,
                                 GError **error);
gboolean gt_cpu_nonzero         (GtTensor *out, GtTensor *src, GError **error);

/* linear algebra (gt-cpu-linalg.c) */
gboolean gt_cpu_gemm            (GtTensor *out, GtTensor *a, GtTensor *b,
                                 gdouble alpha, gdouble beta, GError **error);

/* Stores @value converted to @dtype at @p. */
void     gt_cpu_store_double    (gpointer p, GtDType dtype, gdouble value);
void     gt_cpu_store_int64     (gpointer p, GtDType dtype, gint64 value);

G_END_DECLS

G_BEGIN_DECLS
/* Sets GT_ERROR_OUT_OF_MEMORY for a failed scratch allocation; FALSE. */
gboolean gt_cpu_alloc_failed (gsize nbytes, GError **error);
G_END_DECLS
