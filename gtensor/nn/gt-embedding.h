#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-module.h>

G_BEGIN_DECLS

#define GT_TYPE_EMBEDDING (gt_embedding_get_type ())

GT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GtEmbedding, gt_embedding, GT, EMBEDDING, GtModule)

GT_AVAILABLE_IN_ALL
GtModule *gt_embedding_new      (gint64     num_embeddings,
                                 gint64     embedding_dim);
GT_AVAILABLE_IN_ALL
GtModule *gt_embedding_new_full (gint64     num_embeddings,
                                 gint64     embedding_dim,
                                 gint64     padding_idx,
                                 gdouble    max_norm,
                                 gdouble    norm_type,
                                 GtDType    dtype,
                                 GError   **error);

G_END_DECLS
