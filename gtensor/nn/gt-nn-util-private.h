/* gt-nn-util-private.h: logic shared by the layers of gtensor/nn (not
 * installed, not introspected) */
#pragma once

#include "gtensor.h"
#include "gt-module-private.h"

G_BEGIN_DECLS

/* Layers whose construct properties may describe no valid layer keep the
 * reason in gt_module_invalid(); the forward and the _new_full
 * constructors report a copy of it. TRUE when there is none. */
gboolean    gt_nn_check_valid          (GtModule      *module,
                                        GError       **error);

/* Makes the reason kept in gt_module_invalid() name the constructor
 * @func: a failure of a tensor op while building the layer (a size too
 * large for memory names gt_empty) gets "@func: " in front; one that
 * names @func already is left as it is. */
void        gt_nn_name_invalid         (GtModule      *module,
                                        const char    *func);

/* For constructed: runs @make (the layer's checks and parameters) with
 * gt_module_invalid() as its error, then gt_nn_name_invalid(). */
void        gt_nn_construct            (GtModule      *module,
                                        gboolean     (*make) (GtModule  *,
                                                              GError   **),
                                        const char    *func);

/* For the _new_full constructors: @module when it is valid, else NULL
 * with @error set and @module unreffed. */
GtModule   *gt_nn_valid_or_unref       (GtModule      *module,
                                        GError       **error);

/* The parameter "weight" of @module (transfer none), or NULL with
 * "gt_module_forward: <Type> has no weight" (GT_ERROR_VALUE). */
GtTensor   *gt_nn_require_weight       (GtModule      *module,
                                        GError       **error);

/* GT_ERROR_DTYPE "<func>: <what> must have a floating-point dtype, got
 * <dtype>" unless @dtype is floating-point. */
gboolean    gt_nn_check_float_dtype    (const char    *func,
                                        const char    *what,
                                        GtDType        dtype,
                                        GError       **error);

/* torch 1.13's reset_parameters of Linear and _ConvNd from the library's
 * generator. */
gboolean    gt_nn_reset_weight_and_bias (GtTensor  *weight,
                                         GtTensor  *bias,
                                         gint64     fan_in,
                                         gboolean   skip_bias_without_fan_in,
                                         GError   **error);

/* Makes @param (NULL: torch's None) require grad and registers it. */
gboolean    gt_nn_register_parameter   (GtModule      *module,
                                        const char    *name,
                                        GtTensor      *param,
                                        GError       **error);

/* The elementwise affine parameters of the norm layers: "weight" (ones)
 * and "bias" (zeros) of @shape when @affine, else both None. */
gboolean    gt_nn_make_affine          (GtModule      *module,
                                        const gint64  *shape,
                                        gsize          n_dims,
                                        GtDType        dtype,
                                        gboolean       affine,
                                        GError       **error);

/* Construct-only properties kept in a field of the instance struct, for
 * the layers and losses whose get_property and set_property only copy
 * values: gt_nn_use_fields() makes gt_nn_get_field / gt_nn_set_field the
 * class's get_property and set_property, and gt_nn_install_field()
 * installs @pspec with the field's offset plus one as its property id, so
 * no table maps ids to fields. The field's C type follows the property's
 * value type: gint64, gint, gdouble, gboolean, an enum (stored as an int),
 * char * (owned, the class frees it in finalize; setting NULL stores the
 * property's default, so "padding-mode" NULL means "zeros") or a GObject *
 * (owned, cleared by the class's dispose: gt_nn_dispose_fields or its
 * own). */
#define GT_NN_FIELD(Type, member) ((guint) G_STRUCT_OFFSET (Type, member))

void        gt_nn_use_fields           (GObjectClass  *klass);
void        gt_nn_install_field        (GObjectClass  *klass,
                                        guint          offset,
                                        GParamSpec    *pspec);
void        gt_nn_get_field            (GObject       *object,
                                        guint          prop_id,
                                        GValue        *value,
                                        GParamSpec    *pspec);
void        gt_nn_set_field            (GObject       *object,
                                        guint          prop_id,
                                        const GValue  *value,
                                        GParamSpec    *pspec);

/* A dispose for the final types whose only references are their field
 * properties: clears the object fields of the properties @object's own
 * class installed, then chains up. */
void        gt_nn_dispose_fields       (GObject       *object);

/* torch's int-or-pair sizes of the conv and pool layers, in this order in
 * their instance structs so that one call installs them all. */
typedef struct
{
  gint64 kernel[2];
  gint64 stride[2];
  gint64 padding[2];
  gint64 dilation[2];
} GtNnWindow;

/* Installs the int64 field properties "kernel-height"/"kernel-width" (1),
 * "stride-height"/"stride-width" (@default_stride), "padding-height" /
 * "padding-width" (0) and, when @dilation, "dilation-height" /
 * "dilation-width" (1) on the GtNnWindow at @offset. */
void        gt_nn_install_window       (GObjectClass  *klass,
                                        guint          offset,
                                        gint64         default_stride,
                                        gboolean       dilation);

/* Construct-only property specs of the layers and losses. */
/* int64 for a size (any value: the forward or constructor judges it) */
GParamSpec *gt_nn_param_spec_size      (const char    *name,
                                        gint64         default_value);
/* a double whose NaN reaches set_property instead of being dropped for
 * the default (G_PARAM_LAX_VALIDATION): the forward or constructor judges
 * it */
GParamSpec *gt_nn_param_spec_double    (const char    *name,
                                        gdouble        default_value);
GParamSpec *gt_nn_param_spec_int       (const char    *name,
                                        gint           default_value);
GParamSpec *gt_nn_param_spec_boolean   (const char    *name,
                                        gboolean       default_value);
/* a string, owned by its field (see above) */
GParamSpec *gt_nn_param_spec_string    (const char    *name,
                                        const char    *default_value);
/* "dtype", a GtDType defaulting to float32 */
GParamSpec *gt_nn_param_spec_dtype     (void);
/* a nullable GtTensor (the losses' class weights) */
GParamSpec *gt_nn_param_spec_tensor    (const char    *name);

/* For the losses' _new_full constructors' g_return_val_if_fail: whether
 * @reduction is one of the GtReduction values. */
gboolean    gt_nn_reduction_is_valid   (GtReduction    reduction);

/* The constructed of the pools (final types): chains up, then gives the
 * GtNnWindow that gt_nn_install_window installed on @object's class
 * torch's stride = stride if stride is not None else kernel_size, None
 * being both strides 0. */
void        gt_nn_pool_constructed     (GObject       *object);

/* Softmax and LogSoftmax: @dim, or for G_MININT (torch's None) the dim
 * torch's _get_softmax_dim picks for @input (0 for 0-, 1- and 3-D
 * inputs, else 1). */
gint        gt_nn_softmax_dim          (gint           dim,
                                        GtTensor      *input);

/* GtSequential and GtModuleList: children named after their position. */
void        gt_nn_append_indexed       (GtModule      *container,
                                        GtModule      *module);
GtModule   *gt_nn_get_indexed          (GtModule      *container,
                                        gint           index);

/* The layers and losses that differ only by the op their forward calls,
 * defined by one macro each: the instance struct, the type, the forward,
 * class_init and init. The file keeps the type's documentation, that of
 * its properties, and its constructors. */

/* The instance struct (@Parent, then @members), the final type and an
 * empty init (every field is a construct property). */
#define GT_NN_DEFINE_TYPE(TypeName, type_name, Parent, PARENT_TYPE, members) \
  struct _##TypeName                                                         \
  {                                                                          \
    Parent parent_instance;                                                  \
    members                                                                  \
  };                                                                         \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, PARENT_TYPE)                     \
  static void                                                                \
  type_name##_init (TypeName *self)                                          \
  {                                                                          \
  }

/* The forward of a layer (GtModuleClass) and of a loss (GtLossClass). */
#define GT_NN_LAYER_FORWARD(type_name)                                       \
  static GtTensor *                                                          \
  type_name##_forward (GtModule *module, GtTensor *input, GError **error)
#define GT_NN_LOSS_FORWARD(type_name)                                        \
  static GtTensor *                                                          \
  type_name##_forward (GtLoss *loss, GtTensor *input, GtTensor *target,      \
                       GError **error)

/* A layer without state: forward is @op (input, error) (Sigmoid, Tanh). */
#define GT_NN_DEFINE_PLAIN_LAYER(TypeName, type_name, op)                    \
  GT_NN_DEFINE_TYPE (TypeName, type_name, GtModule, GT_TYPE_MODULE, )        \
  GT_NN_LAYER_FORWARD (type_name)                                            \
  {                                                                          \
    return op (input, error);                                                \
  }                                                                          \
  static void                                                                \
  type_name##_class_init (TypeName##Class *klass)                            \
  {                                                                          \
    GT_MODULE_CLASS (klass)->forward = type_name##_forward;                  \
  }

/* Softmax and LogSoftmax: forward is @op (input, dim, error) along the
 * construct-only int property "dim" (G_MININT, torch's None, picks the
 * dim as gt_nn_softmax_dim does). */
#define GT_NN_DEFINE_SOFTMAX_LAYER(TypeName, type_name, op)                  \
  GT_NN_DEFINE_TYPE (TypeName, type_name, GtModule, GT_TYPE_MODULE,          \
                     gint dim;)                                              \
  GT_NN_LAYER_FORWARD (type_name)                                            \
  {                                                                          \
    gint dim = ((TypeName *) module)->dim;                                   \
                                                                             \
    return op (input, gt_nn_softmax_dim (dim, input), error);                \
  }                                                                          \
  static void                                                                \
  type_name##_class_init (TypeName##Class *klass)                            \
  {                                                                          \
    gt_nn_use_fields (G_OBJECT_CLASS (klass));                               \
    GT_MODULE_CLASS (klass)->forward = type_name##_forward;                  \
    gt_nn_install_field (G_OBJECT_CLASS (klass), GT_NN_FIELD (TypeName, dim),\
                         gt_nn_param_spec_int ("dim", G_MININT));            \
  }

/* A loss without options: forward is @op (input, target, reduction,
 * error) (L1Loss, MSELoss). */
#define GT_NN_DEFINE_PLAIN_LOSS(TypeName, type_name, op)                     \
  GT_NN_DEFINE_TYPE (TypeName, type_name, GtLoss, GT_TYPE_LOSS, )            \
  GT_NN_LOSS_FORWARD (type_name)                                             \
  {                                                                          \
    return op (input, target, gt_loss_get_reduction (loss), error);          \
  }                                                                          \
  static void                                                                \
  type_name##_class_init (TypeName##Class *klass)                            \
  {                                                                          \
    GT_LOSS_CLASS (klass)->forward = type_name##_forward;                    \
  }

/* A loss with one double option, the construct-only property @prop
 * (default @default_value) kept in the field @field: forward is @op
 * (input, target, reduction, field, error) (HuberLoss, SmoothL1Loss). */
#define GT_NN_DEFINE_SCALAR_LOSS(TypeName, type_name, op, field, prop,       \
                                 default_value)                              \
  GT_NN_DEFINE_TYPE (TypeName, type_name, GtLoss, GT_TYPE_LOSS,              \
                     gdouble field;)                                         \
  GT_NN_LOSS_FORWARD (type_name)                                             \
  {                                                                          \
    return op (input, target, gt_loss_get_reduction (loss),                  \
               ((TypeName *) loss)->field, error);                           \
  }                                                                          \
  static void                                                                \
  type_name##_class_init (TypeName##Class *klass)                            \
  {                                                                          \
    gt_nn_use_fields (G_OBJECT_CLASS (klass));                               \
    GT_LOSS_CLASS (klass)->forward = type_name##_forward;                    \
    gt_nn_install_field (G_OBJECT_CLASS (klass),                             \
                         GT_NN_FIELD (TypeName, field),                      \
                         gt_nn_param_spec_double (prop, default_value));     \
  }

G_END_DECLS
