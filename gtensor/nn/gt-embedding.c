/* gt-embedding.c: torch.nn.Embedding */

#include "config.h"

#include "gtensor.h"
#include "gt-nn-util-private.h"
#include "gt-error-private.h"

/**
 * GtEmbedding:
 *
 * torch.nn.Embedding: a lookup table, the parameter "weight" of shape
 * `[num_embeddings, embedding_dim]`; the forward takes an int64 tensor of
 * indices of any shape and returns the rows, of shape `indices.shape +
 * [embedding_dim]`.
 *
 * The weight is drawn N(0, 1) from the library's generator, as torch 1.13
 * does, and the row padding_idx is then zeroed (its gradient is always
 * zero). Construct-only properties: "num-embeddings", "embedding-dim",
 * "padding-idx" (-1, the default, stands for torch's None; a row index is
 * in [0, num_embeddings): a binding that takes torch's negative indices
 * adds num_embeddings first), "max-norm" (0, the default, stands for torch's
 * None; when positive each looked-up row with a larger norm is renormalised
 * in the weight in place, as torch does), "norm-type" (2) and "dtype"
 * (float32). An invalid configuration gives a layer whose forward fails;
 * [ctor@Gt.Embedding.new_full] reports it at construction.
 *
 * Since: 0.1
 */
struct _GtEmbedding
{
  GtModule parent_instance;

  gint64 num_embeddings;
  gint64 embedding_dim;
  gint64 padding_idx;
  gdouble max_norm;
  gdouble norm_type;
  GtDType dtype;
};

G_DEFINE_FINAL_TYPE (GtEmbedding, gt_embedding, GT_TYPE_MODULE)

static gboolean
make_parameters (GtModule  *module,
                 GError   **error)
{
  GtEmbedding *self = GT_EMBEDDING (module);
  g_autoptr(GtTensor) weight = NULL;
  gint64 shape[2] = { self->num_embeddings, self->embedding_dim };

  if (self->num_embeddings < 0 || self->embedding_dim < 0)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_embedding_new: num_embeddings and embedding_dim must "
                   "be non-negative, got %" G_GINT64_FORMAT " and %"
                   G_GINT64_FORMAT, self->num_embeddings,
                   self->embedding_dim);
      return FALSE;
    }
  if (self->padding_idx != -1
      && (self->padding_idx < 0 || self->padding_idx >= self->num_embeddings))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_embedding_new: Padding_idx must be within "
                   "num_embeddings (got padding_idx=%" G_GINT64_FORMAT
                   " for %" G_GINT64_FORMAT " embeddings; -1 means none)",
                   self->padding_idx, self->num_embeddings);
      return FALSE;
    }
  if (!gt_nn_check_float_dtype ("gt_embedding_new", "the weight",
                                self->dtype, error))
    return FALSE;
  weight = gt_empty (shape, 2, self->dtype, NULL, error);
  if (weight == NULL || !gt_tensor_normal_ (weight, 0, 1, error))
    return FALSE;
  if (self->padding_idx >= 0)
    {
      g_autoptr(GtTensor) row = gt_tensor_select (weight, 0,
                                                  self->padding_idx, error);

      if (row == NULL || !gt_tensor_zero_ (row, error))
        return FALSE;
    }
  return gt_nn_register_parameter (GT_MODULE (self), "weight", weight, error);
}

static GtTensor *
gt_embedding_forward (GtModule  *module,
                      GtTensor  *input,
                      GError   **error)
{
  GtEmbedding *self = GT_EMBEDDING (module);
  GtTensor *weight;

  if (!gt_nn_check_valid (module, error))
    return NULL;
  weight = gt_nn_require_weight (module, error);
  if (weight == NULL)
    return NULL;
  return gt_embedding (input, weight, self->padding_idx, self->max_norm,
                       self->norm_type, error);
}

static void
gt_embedding_constructed (GObject *object)
{
  G_OBJECT_CLASS (gt_embedding_parent_class)->constructed (object);
  gt_nn_construct (GT_MODULE (object), make_parameters, "gt_embedding_new");
}

static void
gt_embedding_class_init (GtEmbeddingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                      | G_PARAM_STATIC_STRINGS;

  object_class->constructed = gt_embedding_constructed;
  gt_nn_use_fields (object_class);
  GT_MODULE_CLASS (klass)->forward = gt_embedding_forward;

  /**
   * GtEmbedding:num-embeddings:
   *
   * The number of rows of the table.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtEmbedding, num_embeddings),
                       gt_nn_param_spec_size ("num-embeddings", 1));
  /**
   * GtEmbedding:embedding-dim:
   *
   * The size of each row.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtEmbedding, embedding_dim),
                       gt_nn_param_spec_size ("embedding-dim", 1));
  /**
   * GtEmbedding:padding-idx:
   *
   * The row kept at zero with a zero gradient; -1 for none.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtEmbedding, padding_idx),
                       gt_nn_param_spec_size ("padding-idx", -1));
  /**
   * GtEmbedding:max-norm:
   *
   * The largest norm of a looked-up row (renormalised in place beyond);
   * 0 for none.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtEmbedding, max_norm),
                       g_param_spec_double ("max-norm", NULL, NULL, 0,
                                            G_MAXDOUBLE, 0, flags));
  /**
   * GtEmbedding:norm-type:
   *
   * The p of the p-norm used with #GtEmbedding:max-norm.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtEmbedding, norm_type),
                       g_param_spec_double ("norm-type", NULL, NULL,
                                            -G_MAXDOUBLE, G_MAXDOUBLE, 2,
                                            flags));
  /**
   * GtEmbedding:dtype:
   *
   * The dtype of the weight.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtEmbedding, dtype),
                       gt_nn_param_spec_dtype ());
}

static void
gt_embedding_init (GtEmbedding *self)
{
  self->num_embeddings = 1;
  self->embedding_dim = 1;
  self->padding_idx = -1;
  self->norm_type = 2;
  self->dtype = GT_DTYPE_FLOAT32;
}

/**
 * gt_embedding_new:
 * @num_embeddings: the number of rows
 * @embedding_dim: the size of each row
 *
 * Creates a float32 torch.nn.Embedding(@num_embeddings, @embedding_dim).
 * Negative sizes give a layer whose forward fails;
 * [ctor@Gt.Embedding.new_full] reports them at once.
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_embedding_new (gint64 num_embeddings,
                  gint64 embedding_dim)
{
  return g_object_new (GT_TYPE_EMBEDDING,
                       "num-embeddings", num_embeddings,
                       "embedding-dim", embedding_dim,
                       NULL);
}

/**
 * gt_embedding_new_full:
 * @num_embeddings: the number of rows
 * @embedding_dim: the size of each row
 * @padding_idx: the row kept at zero, or -1 for none
 * @max_norm: the largest norm of a looked-up row, or 0 for none
 * @norm_type: the p of the norm (torch's default 2)
 * @dtype: the dtype of the weight
 * @error: return location for a #GError
 *
 * Creates torch.nn.Embedding with every argument but scale_grad_by_freq
 * and sparse.
 *
 * Returns: (transfer full): the new layer, or %NULL with @error set
 *
 * Since: 0.1
 */
GtModule *
gt_embedding_new_full (gint64    num_embeddings,
                       gint64    embedding_dim,
                       gint64    padding_idx,
                       gdouble   max_norm,
                       gdouble   norm_type,
                       GtDType   dtype,
                       GError  **error)
{
  GtEmbedding *self = gt_object_new_checked ("gt_embedding_new",
                                             GT_TYPE_EMBEDDING, error,
                                    "num-embeddings", num_embeddings,
                                    "embedding-dim", embedding_dim,
                                    "padding-idx", padding_idx,
                                    "max-norm", max_norm,
                                    "norm-type", norm_type,
                                    "dtype", dtype,
                                    NULL);

  if (self == NULL)
    return NULL;
  return gt_nn_valid_or_unref (GT_MODULE (self), error);
}
