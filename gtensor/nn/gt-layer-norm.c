/* gt-layer-norm.c: torch.nn.LayerNorm */

#include "config.h"

#include <math.h>
#include <string.h>

#include "gtensor.h"
#include "gt-nn-util-private.h"

/**
 * GtLayerNorm:
 *
 * torch.nn.LayerNorm: normalises the trailing dims given by
 * normalized_shape over each sample, then scales by the parameter "weight"
 * (ones) and shifts by "bias" (zeros), both of shape normalized_shape when
 * "elementwise-affine" is %TRUE (the default; otherwise both are registered
 * as %NULL). Same in training and evaluation mode.
 *
 * Construct-only properties: "normalized-shape", a #GVariant of type "ax"
 * (bindings may find [ctor@Gt.LayerNorm.new] and
 * [method@Gt.LayerNorm.get_normalized_shape] easier), "eps" (1e-5),
 * "elementwise-affine" (%TRUE) and "dtype" (float32). Negative sizes or an
 * integer dtype give a layer whose forward fails with the reason;
 * [ctor@Gt.LayerNorm.new_full] reports it at construction.
 *
 * Since: 0.1
 */
struct _GtLayerNorm
{
  GtModule parent_instance;

  gint64 *shape;
  gsize n_dims;
  gdouble eps;
  gboolean elementwise_affine;
  GtDType dtype;
};

G_DEFINE_FINAL_TYPE (GtLayerNorm, gt_layer_norm, GT_TYPE_MODULE)

/* "normalized-shape" is a GVariant kept as an array: the one property
 * gt_nn_get_field and gt_nn_set_field do not copy; its id follows their
 * rule too */
#define PROP_NORMALIZED_SHAPE (GT_NN_FIELD (GtLayerNorm, shape) + 1)

static gboolean
make_parameters (GtModule  *module,
                 GError   **error)
{
  GtLayerNorm *self = GT_LAYER_NORM (module);
  for (gsize i = 0; i < self->n_dims; i++)
    if (self->shape[i] < 0)
      {
        g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                     "gt_layer_norm_new: normalized_shape has a negative "
                     "size %" G_GINT64_FORMAT " at dim %" G_GSIZE_FORMAT,
                     self->shape[i], i);
        return FALSE;
      }
  return gt_nn_check_float_dtype ("gt_layer_norm_new", "parameters",
                                  self->dtype, error)
         && gt_nn_make_affine (GT_MODULE (self), self->shape, self->n_dims,
                               self->dtype, self->elementwise_affine, error);
}

static GtTensor *
gt_layer_norm_forward (GtModule  *module,
                       GtTensor  *input,
                       GError   **error)
{
  GtLayerNorm *self = GT_LAYER_NORM (module);

  if (!gt_nn_check_valid (module, error))
    return NULL;
  return gt_tensor_layer_norm (input, self->shape, self->n_dims,
                               gt_module_get_parameter (module, "weight"),
                               gt_module_get_parameter (module, "bias"),
                               self->eps, error);
}

/**
 * gt_layer_norm_get_normalized_shape:
 * @self: a #GtLayerNorm
 * @n_dims: (out): the number of normalised dims
 *
 * The normalised trailing shape.
 *
 * Returns: (array length=n_dims) (transfer none): the shape
 *
 * Since: 0.1
 */
const gint64 *
gt_layer_norm_get_normalized_shape (GtLayerNorm *self,
                                    gsize       *n_dims)
{
  g_return_val_if_fail (GT_IS_LAYER_NORM (self), NULL);
  g_return_val_if_fail (n_dims != NULL, NULL);

  *n_dims = self->n_dims;
  return self->shape;
}

static void
gt_layer_norm_constructed (GObject *object)
{
  G_OBJECT_CLASS (gt_layer_norm_parent_class)->constructed (object);
  gt_nn_construct (GT_MODULE (object), make_parameters, "gt_layer_norm_new");
}

static void
gt_layer_norm_finalize (GObject *object)
{
  GtLayerNorm *self = GT_LAYER_NORM (object);

  g_free (self->shape);
  G_OBJECT_CLASS (gt_layer_norm_parent_class)->finalize (object);
}

static void
gt_layer_norm_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GtLayerNorm *self = GT_LAYER_NORM (object);

  if (prop_id != PROP_NORMALIZED_SHAPE)
    {
      gt_nn_get_field (object, prop_id, value, pspec);
      return;
    }
  g_value_set_variant (value,
                       g_variant_new_fixed_array (G_VARIANT_TYPE_INT64,
                                                  self->shape, self->n_dims,
                                                  sizeof (gint64)));
}

static void
gt_layer_norm_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GtLayerNorm *self = GT_LAYER_NORM (object);
  GVariant *v;
  const gint64 *data = NULL;
  gsize n = 0;

  if (prop_id != PROP_NORMALIZED_SHAPE)
    {
      gt_nn_set_field (object, prop_id, value, pspec);
      return;
    }
  v = g_value_get_variant (value);
  if (v != NULL)
    data = g_variant_get_fixed_array (v, &n, sizeof (gint64));
  g_free (self->shape);
  self->shape = g_new0 (gint64, MAX (n, 1));
  if (n > 0)
    memcpy (self->shape, data, n * sizeof (gint64));
  self->n_dims = n;
}

static void
gt_layer_norm_class_init (GtLayerNormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                      | G_PARAM_STATIC_STRINGS;

  object_class->constructed = gt_layer_norm_constructed;
  object_class->finalize = gt_layer_norm_finalize;
  object_class->get_property = gt_layer_norm_get_property;
  object_class->set_property = gt_layer_norm_set_property;
  GT_MODULE_CLASS (klass)->forward = gt_layer_norm_forward;

  /**
   * GtLayerNorm:normalized-shape:
   *
   * The normalised trailing shape, a #GVariant of type "ax".
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtLayerNorm, shape),
                       g_param_spec_variant ("normalized-shape", NULL, NULL,
                                             G_VARIANT_TYPE ("ax"), NULL,
                                             flags));
  /**
   * GtLayerNorm:eps:
   *
   * The value added to the variance for numerical stability.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtLayerNorm, eps),
                       g_param_spec_double ("eps", NULL, NULL, 0,
                                            G_MAXDOUBLE, 1e-5, flags));
  /**
   * GtLayerNorm:elementwise-affine:
   *
   * Whether the layer has the learnable parameters weight and bias.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class,
                       GT_NN_FIELD (GtLayerNorm, elementwise_affine),
                       gt_nn_param_spec_boolean ("elementwise-affine", TRUE));
  /**
   * GtLayerNorm:dtype:
   *
   * The dtype of the parameters.
   *
   * Since: 0.1
   */
  gt_nn_install_field (object_class, GT_NN_FIELD (GtLayerNorm, dtype),
                       gt_nn_param_spec_dtype ());
}

static void
gt_layer_norm_init (GtLayerNorm *self)
{
  self->shape = g_new0 (gint64, 1);
  self->eps = 1e-5;
  self->elementwise_affine = TRUE;
  self->dtype = GT_DTYPE_FLOAT32;
}

static GtLayerNorm *
layer_norm_new (const gint64 *normalized_shape,
                gsize         n_normalized_shape,
                gdouble       eps,
                gboolean      elementwise_affine,
                GtDType       dtype)
{
  GVariant *shape = g_variant_new_fixed_array (G_VARIANT_TYPE_INT64,
                                               normalized_shape,
                                               n_normalized_shape,
                                               sizeof (gint64));

  return g_object_new (GT_TYPE_LAYER_NORM,
                       "normalized-shape", shape,
                       "eps", eps,
                       "elementwise-affine", elementwise_affine,
                       "dtype", dtype,
                       NULL);
}

/**
 * gt_layer_norm_new:
 * @normalized_shape: (array length=n_normalized_shape): the trailing shape
 *   to normalise
 * @n_normalized_shape: the length of @normalized_shape
 *
 * Creates torch.nn.LayerNorm(@normalized_shape) with torch's defaults
 * (eps 1e-5, affine, float32).
 *
 * Returns: (transfer full): the new layer
 *
 * Since: 0.1
 */
GtModule *
gt_layer_norm_new (const gint64 *normalized_shape,
                   gsize         n_normalized_shape)
{
  g_return_val_if_fail (normalized_shape != NULL || n_normalized_shape == 0,
                        NULL);

  return GT_MODULE (layer_norm_new (normalized_shape, n_normalized_shape,
                                    1e-5, TRUE, GT_DTYPE_FLOAT32));
}

/**
 * gt_layer_norm_new_full:
 * @normalized_shape: (array length=n_normalized_shape): the trailing shape
 *   to normalise
 * @n_normalized_shape: the length of @normalized_shape
 * @eps: added to the variance (torch's default 1e-5)
 * @elementwise_affine: whether the layer has a weight and a bias
 * @dtype: the dtype of the parameters
 * @error: return location for a #GError
 *
 * Creates torch.nn.LayerNorm with every argument.
 *
 * Returns: (transfer full): the new layer, or %NULL with @error set
 *
 * Since: 0.1
 */
GtModule *
gt_layer_norm_new_full (const gint64  *normalized_shape,
                        gsize          n_normalized_shape,
                        gdouble        eps,
                        gboolean       elementwise_affine,
                        GtDType        dtype,
                        GError       **error)
{
  GtLayerNorm *self;

  g_return_val_if_fail (normalized_shape != NULL || n_normalized_shape == 0,
                        NULL);

  /* the eps property would drop NaN, inf or a negative eps and keep 1e-5 */
  if (!(eps >= 0 && eps <= G_MAXDOUBLE))
    {
      g_set_error (error, GT_ERROR, GT_ERROR_VALUE,
                   "gt_layer_norm_new: invalid eps %g", eps);
      return NULL;
    }
  self = layer_norm_new (normalized_shape, n_normalized_shape, eps,
                         elementwise_affine, dtype);
  return gt_nn_valid_or_unref (GT_MODULE (self), error);
}
