#include "config.h"

#include <string.h>

#include "gt-autograd.h"
#include "gt-error.h"
#include "gt-grad-mode.h"
#include <gtensor/gt-module.h>  /* as gtensor.h: see gt-module-private.h */
#include "gt-module-private.h"
#include "gt-pointwise.h"
#include "gt-tensor-private.h"

/**
 * GtModule:
 *
 * The base class of neural-network layers and models (torch.nn.Module).
 *
 * A module holds named parameters, buffers and child modules in
 * registration order. Subclasses register them in their constructor (or
 * `constructed`) with [method@Gt.Module.register_parameter],
 * [method@Gt.Module.register_buffer] and [method@Gt.Module.register_module],
 * and override the `forward` virtual method, in C or by subclassing in
 * Python (`do_forward`), JavaScript (`vfunc_forward`) or Vala (`override`).
 * [method@Gt.Module.forward] runs it and emits the #GtModule::forward-pre
 * and #GtModule::forward signals, torch's forward hooks.
 *
 * Names follow torch: a child's parameter is "features.0.weight"
 * ([method@Gt.Module.named_parameters], [method@Gt.Module.state_dict]).
 * Functions that return several names and objects return the objects as a
 * #GPtrArray and the names, in the same order, as a %NULL-terminated
 * string array in an out argument.
 *
 * Thread safety: a module may be shared between threads that only call
 * [method@Gt.Module.forward] (and read its parameters); registration,
 * [method@Gt.Module.to_device], [method@Gt.Module.load_state_dict],
 * [method@Gt.Module.train] and [method@Gt.Module.zero_grad] must not run
 * concurrently with anything else on the same module.
 *
 * Since: 0.1
 */

typedef enum {
  ENTRY_PARAMETER,
  ENTRY_BUFFER,
  ENTRY_MODULE,
} EntryKind;

/* One named member; @object may be NULL (torch's `None` entries). */
typedef struct {
  char      *name;
  EntryKind  kind;
  gpointer   object;
  gboolean   persistent;
} Entry;

typedef struct {
  GPtrArray  *entries;   /* Entry *, registration order */
  GHashTable *index;     /* name -> Entry * (keys owned by the entries) */
  gboolean    training;
  GError     *invalid;   /* see gt_module_invalid() */
} GtModulePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GtModule, gt_module, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRAINING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FORWARD_PRE,
  SIGNAL_FORWARD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->name);
  g_clear_object (&e->object);
  g_free (e);
}

static GtTensor *
gt_module_real_forward (GtModule  *self,
                        GtTensor  *input,
                        GError   **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_NOT_SUPPORTED,
               "gt_module_forward: %s does not implement forward",
               G_OBJECT_TYPE_NAME (self));
  return NULL;
}

static void
gt_module_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GtModule *self = GT_MODULE (object);

  switch (prop_id)
    {
    case PROP_TRAINING:
      g_value_set_boolean (value, gt_module_get_training (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_module_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  GtModule *self = GT_MODULE (object);

  switch (prop_id)
    {
    case PROP_TRAINING:
      gt_module_set_training (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gt_module_dispose (GObject *object)
{
  GtModulePrivate *priv = gt_module_get_instance_private (GT_MODULE (object));

  /* Children may hold references back (a Python subclass storing its
   * parent); dropping the entries here breaks such cycles. */
  if (priv->index != NULL)
    g_hash_table_remove_all (priv->index);
  if (priv->entries != NULL)
    g_ptr_array_set_size (priv->entries, 0);

  G_OBJECT_CLASS (gt_module_parent_class)->dispose (object);
}

static void
gt_module_finalize (GObject *object)
{
  GtModulePrivate *priv = gt_module_get_instance_private (GT_MODULE (object));

  g_clear_pointer (&priv->index, g_hash_table_unref);
  g_clear_pointer (&priv->entries, g_ptr_array_unref);
  g_clear_error (&priv->invalid);

  G_OBJECT_CLASS (gt_module_parent_class)->finalize (object);
}

GError **
gt_module_invalid (GtModule *self)
{
  GtModulePrivate *priv = gt_module_get_instance_private (self);

  return &priv->invalid;
}

/* The hooks' replacement values chain as torch's: the last handler that
 * returns a tensor decides. */
static gboolean
accumulate_replacement (GSignalInvocationHint *ihint,
                        GValue                *return_accu,
                        const GValue          *handler_return,
                        gpointer               data)
{
  GObject *replacement = g_value_get_object (handler_return);

  if (replacement != NULL)
    g_value_set_object (return_accu, replacement);
  return TRUE;
}

static void
gt_module_class_init (GtModuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gt_module_get_property;
  object_class->set_property = gt_module_set_property;
  object_class->dispose = gt_module_dispose;
  object_class->finalize = gt_module_finalize;
  klass->forward = gt_module_real_forward;

  /**
   * GtModule:training:
   *
   * Whether the module is in training mode (torch's `training`). Setting
   * the property changes this module only; [method@Gt.Module.train] and
   * [method@Gt.Module.eval] change the whole tree. %TRUE for a new module.
   *
   * Since: 0.1
   */
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GtModule::forward-pre:
   * @self: the module
   * @input: the input [method@Gt.Module.forward] received
   *
   * Emitted by [method@Gt.Module.forward] before the `forward` virtual
   * method runs (torch's forward pre-hook). A handler may return a tensor
   * that replaces the input; when several do, the last one wins.
   *
   * Returns: (transfer full) (nullable): a replacement input, or %NULL
   *
   * Since: 0.1
   */
  signals[SIGNAL_FORWARD_PRE] =
    g_signal_new ("forward-pre",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  accumulate_replacement, NULL,
                  NULL,
                  GT_TYPE_TENSOR, 1, GT_TYPE_TENSOR);

  /**
   * GtModule::forward:
   * @self: the module
   * @input: the input the `forward` virtual method received
   * @output: its output
   *
   * Emitted by [method@Gt.Module.forward] after the `forward` virtual
   * method returned (torch's forward hook). A handler may return a tensor
   * that replaces the output; when several do, the last one wins.
   *
   * Returns: (transfer full) (nullable): a replacement output, or %NULL
   *
   * Since: 0.1
   */
  signals[SIGNAL_FORWARD] =
    g_signal_new ("forward",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  accumulate_replacement, NULL,
                  NULL,
                  GT_TYPE_TENSOR, 2, GT_TYPE_TENSOR, GT_TYPE_TENSOR);
}

static void
gt_module_init (GtModule *self)
{
  GtModulePrivate *priv = gt_module_get_instance_private (self);

  priv->entries = g_ptr_array_new_with_free_func (entry_free);
  priv->index = g_hash_table_new (g_str_hash, g_str_equal);
  priv->training = TRUE;
}

/* ---- forward ------------------------------------------------------------ */

/**
 * gt_module_forward:
 * @self: a #GtModule
 * @input: the input tensor
 * @error: return location for a #GError
 *
 * Runs the module: emits #GtModule::forward-pre, calls the `forward`
 * virtual method and emits #GtModule::forward (torch's `module(input)`).
 * The signals are only emitted when a handler is connected, so a module
 * without hooks pays nothing for them.
 *
 * Returns: (transfer full): the output, or %NULL with @error set
 *
 * Since: 0.1
 */
GtTensor *
gt_module_forward (GtModule  *self,
                   GtTensor  *input,
                   GError   **error)
{
  g_autoptr(GtTensor) replaced_input = NULL;
  GError *local_error = NULL;
  GtTensor *output;

  g_return_val_if_fail (GT_IS_MODULE (self), NULL);
  g_return_val_if_fail (GT_IS_TENSOR (input), NULL);

  if (g_signal_has_handler_pending (self, signals[SIGNAL_FORWARD_PRE], 0, FALSE))
    {
      g_signal_emit (self, signals[SIGNAL_FORWARD_PRE], 0, input, &replaced_input);
      if (replaced_input != NULL)
        input = replaced_input;
    }

  output = GT_MODULE_GET_CLASS (self)->forward (self, input, &local_error);
  if (output == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, GT_ERROR, GT_ERROR_VALUE,
                     "gt_module_forward: %s.forward returned no tensor",
                     G_OBJECT_TYPE_NAME (self));
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (local_error != NULL)
    {
      /* A binding that set an error and still returned a value. */
      g_object_unref (output);
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (g_signal_has_handler_pending (self, signals[SIGNAL_FORWARD], 0, FALSE))
    {
      GtTensor *replacement = NULL;

      g_signal_emit (self, signals[SIGNAL_FORWARD], 0, input, output, &replacement);
      if (replacement != NULL)
        {
          g_object_unref (output);
          output = replacement;
        }
    }
  return output;
}

/* ---- registration ------------------------------------------------------- */

static Entry *
lookup (GtModule   *self,
        const char *name)
{
  GtModulePrivate *priv = gt_module_get_instance_private (self);

  return g_hash_table_lookup (priv->index, name);
}

static void
remove_entry (GtModule *self,
              Entry    *e)
{
  GtModulePrivate *priv = gt_module_get_instance_private (self);

  g_hash_table_remove (priv->index, e->name);
  g_ptr_array_remove (priv->entries, e);
}

/* torch's setattr: the same kind keeps its place, another kind moves the
 * name to the end. Takes a new reference to @object. */
static void
set_entry (GtModule   *self,
           const char *name,
           EntryKind   kind,
           gpointer    object,
           gboolean    persistent)
{
  GtModulePrivate *priv = gt_module_get_instance_private (self);
  Entry *e = lookup (self, name);

  if (e != NULL && e->kind != kind)
    {
      remove_entry (self, e);
      e = NULL;
    }
  if (e == NULL)
    {
      e = g_new0 (Entry, 1);
      e->name = g_strdup (name);
      e->kind = kind;
      g_ptr_array_add (priv->entries, e);
      g_hash_table_insert (priv->index, e->name, e);
    }
  if (object != NULL)
    g_object_ref (object);
  g_clear_object (&e->object);
  e->object = object;
  e->persistent = persistent;
}

static gboolean
valid_name (const char *name)
{
  return name != NULL && *name != '\0' && strchr (name, '.') == NULL;
}

/**
 * gt_module_register_parameter:
 * @self: a #GtModule
 * @name: the parameter's name (no dots)
 * @param: (nullable): the parameter, or %NULL to reserve the name
 *
 * Adds a parameter (torch's `register_parameter`): a tensor that the
 * module owns and optimizers update, normally a leaf with requires-grad
 * set. A name registered before keeps its place in the order and gets the
 * new tensor. %NULL registers the name without a tensor (torch's `None`,
 * e.g. a layer without bias); such entries are skipped by every listing.
 *
 * Since: 0.1
 */
void
gt_module_register_parameter (GtModule   *self,
                              const char *name,
                              GtTensor   *param)
{
  g_return_if_fail (GT_IS_MODULE (self));
  g_return_if_fail (valid_name (name));
  g_return_if_fail (param == NULL || GT_IS_TENSOR (param));

  set_entry (self, name, ENTRY_PARAMETER, param, TRUE);
}

/**
 * gt_module_register_buffer:
 * @self: a #GtModule
 * @name: the buffer's name (no dots)
 * @buffer: (nullable): the buffer, or %NULL
 * @persistent: whether the buffer is part of the state dict
 *
 * Adds a buffer (torch's `register_buffer`): state that is not a
 * parameter, such as batch norm's running statistics. Buffers move with
 * [method@Gt.Module.to_device]; persistent ones are saved by
 * [method@Gt.Module.state_dict].
 *
 * Since: 0.1
 */
void
gt_module_register_buffer (GtModule   *self,
                           const char *name,
                           GtTensor   *buffer,
                           gboolean    persistent)
{
  g_return_if_fail (GT_IS_MODULE (self));
  g_return_if_fail (valid_name (name));
  g_return_if_fail (buffer == NULL || GT_IS_TENSOR (buffer));

  set_entry (self, name, ENTRY_BUFFER, buffer, persistent);
}

/**
 * gt_module_register_module:
 * @self: a #GtModule
 * @name: the child's name (no dots)
 * @module: (nullable): the child module, or %NULL
 *
 * Adds a child module (torch's `add_module`); its parameters and buffers
 * appear under "name." in the listings and the state dict.
 *
 * Since: 0.1
 */
void
gt_module_register_module (GtModule   *self,
                           const char *name,
                           GtModule   *module)
{
  g_return_if_fail (GT_IS_MODULE (self));
  g_return_if_fail (valid_name (name));
  g_return_if_fail (module == NULL || GT_IS_MODULE (module));
  g_return_if_fail (module != self);

  set_entry (self, name, ENTRY_MODULE, module, TRUE);
}

/**
 * gt_module_remove:
 * @self: a #GtModule
 * @name: a registered name
 *
 * Removes the parameter, buffer or child called @name (torch's `delattr`).
 *
 * Returns: %TRUE if @name was registered
 *
 * Since: 0.1
 */
gboolean
gt_module_remove (GtModule   *self,
                  const char *name)
{
  Entry *e;

  g_return_val_if_fail (GT_IS_MODULE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  e = lookup (self, name);
  if (e == NULL)
    return FALSE;
  remove_entry (self, e);
  return TRUE;
}

static gpointer
get_entry_object (GtModule   *self,
                  const char *name,
                  EntryKind   kind)
{
  Entry *e = lookup (self, name);

  return e != NULL && e->kind == kind ? e->object : NULL;
}

static gboolean
has_entry (GtModule   *self,
           const char *name,
           EntryKind   kind)
{
  Entry *e = lookup (self, name);

  return e != NULL && e->kind == kind;
}

/**
 * gt_module_get_parameter:
 * @self: a #GtModule
 * @name: a parameter's name (this module's own, no dots)
 *
 * Returns: (transfer none) (nullable): the parameter, or %NULL when @name
 *   is not a parameter or was registered as %NULL
 *
 * Since: 0.1
 */
GtTensor *
gt_module_get_parameter (GtModule   *self,
                         const char *name)
{
  g_return_val_if_fail (GT_IS_MODULE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return get_entry_object (self, name, ENTRY_PARAMETER);
}

/**
 * gt_module_get_buffer:
 * @self: a #GtModule
 * @name: a buffer's name
 *
 * Returns: (transfer none) (nullable): the buffer, or %NULL
 *
 * Since: 0.1
 */
GtTensor *
gt_module_get_buffer (GtModule   *self,
                      const char *name)
{
  g_return_val_if_fail (GT_IS_MODULE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return get_entry_object (self, name, ENTRY_BUFFER);
}

/**
 * gt_module_get_module:
 * @self: a #GtModule
 * @name: a child's name
 *
 * Returns: (transfer none) (nullable): the child, or %NULL
 *
 * Since: 0.1
 */
GtModule *
gt_module_get_module (GtModule   *self,
                      const char *name)
{
  g_return_val_if_fail (GT_IS_MODULE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return get_entry_object (self, name, ENTRY_MODULE);
}

/**
 * gt_module_has_parameter:
 * @self: a #GtModule
 * @name: a name
 *
 * Returns: whether @name is registered as a parameter (possibly %NULL)
 *
 * Since: 0.1
 */
gboolean
gt_module_has_parameter (GtModule   *self,
                         const char *name)
{
  g_return_val_if_fail (GT_IS_MODULE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return has_entry (self, name, ENTRY_PARAMETER);
}

/**
 * gt_module_has_buffer:
 * @self: a #GtModule
 * @name: a name
 *
 * Returns: whether @name is registered as a buffer (possibly %NULL)
 *
 * Since: 0.1
 */
gboolean
gt_module_has_buffer (GtModule   *self,
                      const char *name)
{
  g_return_val_if_fail (GT_IS_MODULE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return has_entry (self, name, ENTRY_BUFFER);
}

/**
 * gt_module_has_module:
 * @self: a #GtModule
 * @name: a name
 *
 * Returns: whether @name is registered as a child module (possibly %NULL)
 *
 * Since: 0.1
 */
gboolean
gt_module_has_module (GtModule   *self,
                      const char *name)
{
  g_return_val_if_fail (GT_IS_MODULE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return has_entry (self, name, ENTRY_MODULE);
}

/* ---- traversal ---------------------------------------------------------- */

static char *
join_name (const char *prefix,
           const char *name)
{
  return *prefix ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);
}

static char **
take_names (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* The (optional) names out-argument of the named_* lists: @name_list (its
 * strings freed with it) becomes *@names, or is freed when @names is
 * NULL. */
static void
give_names (GPtrArray   *name_list,
            char      ***names)
{
  if (names == NULL)
    {
      g_ptr_array_unref (name_list);
      return;
    }
  g_ptr_array_set_free_func (name_list, NULL);
  *names = take_names (name_list);
}

/* torch's named_modules: pre-order, each module once. */
static void
collect_modules (GtModule   *self,
                 const char *prefix,
                 GHashTable *seen,
                 GPtrArray  *modules,
                 GPtrArray  *names)
{
  GtModulePrivate *priv = gt_module_get_instance_private (self);

  if (!g_hash_table_add (seen, self))
    return;
  g_ptr_array_add (modules, g_object_ref (self));
  g_ptr_array_add (names, g_strdup (prefix));

  for (guint i = 0; i < priv->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (priv->entries, i);
      g_autofree char *child_prefix = NULL;

      if (e->kind != ENTRY_MODULE || e->object == NULL)
        continue;
      child_prefix = join_name (prefix, e->name);
      collect_modules (e->object, child_prefix, seen, modules, names);
    }
}

static GPtrArray *
named_modules (GtModule  *self,
               GPtrArray *names)
{
  GPtrArray *modules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  collect_modules (self, "", seen, modules, names);
  return modules;
}

/* torch's _named_members over parameters or buffers: every member of
 * every module (or of @self only), each tensor once. */
static GPtrArray *
named_members (GtModule  *self,
               EntryKind  kind,
               gboolean   recurse,
               GPtrArray *names)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) module_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) modules = NULL;

  if (recurse)
    modules = named_modules (self, module_names);
  else
    {
      modules = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (modules, g_object_ref (self));
      g_ptr_array_add (module_names, g_strdup (""));
    }

  for (guint m = 0; m < modules->len; m++)
    {
      GtModule *module = g_ptr_array_index (modules, m);
      GtModulePrivate *priv = gt_module_get_instance_private (module);

      for (guint i = 0; i < priv->entries->len; i++)
        {
          Entry *e = g_ptr_array_index (priv->entries, i);

          if (e->kind != kind || e->object == NULL)
            continue;
          if (!g_hash_table_add (seen, e->object))
            continue;
          g_ptr_array_add (result, g_object_ref (e->object));
          if (names != NULL)
            g_ptr_array_add (names, join_name (g_ptr_array_index (module_names, m),
                                               e->name));
        }
    }
  return result;
}

/* named_members with the names for an optional out-argument */
static GPtrArray *
named_members_with_names (GtModule   *self,
                          EntryKind   kind,
                          gboolean    recurse,
                          char     ***names)
{
  GPtrArray *name_list = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *result = named_members (self, kind, recurse, name_list);

  give_names (name_list, names);
  return result;
}

/**
 * gt_module_parameters:
 * @self: a #GtModule
 * @recurse: whether to include the parameters of all descendants
 *
 * The parameters in torch's order (this module's, then each child's, in
 * registration order), each tensor once even when shared.
 *
 * Returns: (transfer container) (element-type Gt.Tensor): the parameters
 *
 * Since: 0.1
 */
GPtrArray *
gt_module_parameters (GtModule *self,
                      gboolean  recurse)
{
  g_return_val_if_fail (GT_IS_MODULE (self), NULL);

  return named_members (self, ENTRY_PARAMETER, recurse, NULL);
}

/**
 * gt_module_named_parameters:
 * @self: a #GtModule
 * @recurse: whether to include the parameters of all descendants
 * @names: (out) (array zero-terminated=1) (transfer full) (optional): the
 *   dotted names ("features.0.weight"), in the same order
 *
 * The parameters as [method@Gt.Module.parameters] lists them, with their
 * names (torch's `named_parameters`).
 *
 * Returns: (transfer container) (element-type Gt.Tensor): the parameters
 *
 * Since: 0.1
 */
GPtrArray *
gt_module_named_parameters (GtModule   *self,
                            gboolean    recurse,
                            char     ***names)
{
  g_return_val_if_fail (GT_IS_MODULE (self), NULL);

  return named_members_with_names (self, ENTRY_PARAMETER, recurse, names);
}

/**
 * gt_module_buffers:
 * @self: a #GtModule
 * @recurse: whether to include the buffers of all descendants
 *
 * The buffers (persistent or not) in torch's order, each tensor once.
 *
 * Returns: (transfer container) (element-type Gt.Tensor): the buffers
 *
 * Since: 0.1
 */
GPtrArray *
gt_module_buffers (GtModule *self,
                   gboolean  recurse)
{
  g_return_val_if_fail (GT_IS_MODULE (self), NULL);

  return named_members (self, ENTRY_BUFFER, recurse, NULL);
}

/**
 * gt_module_named_buffers:
 * @self: a #GtModule
 * @recurse: whether to include the buffers of all descendants
 * @names: (out) (array zero-terminated=1) (transfer full) (optional): the
 *   dotted names, in the same order
 *
 * The buffers with their names (torch's `named_buffers`).
 *
 * Returns: (transfer container) (element-type Gt.Tensor): the buffers
 *
 * Since: 0.1
 */
GPtrArray *
gt_module_named_buffers (GtModule   *self,
                         gboolean    recurse,
                         char     ***names)
{
  g_return_val_if_fail (GT_IS_MODULE (self), NULL);

  return named_members_with_names (self, ENTRY_BUFFER, recurse, names);
}

/**
 * gt_module_named_children:
 * @self: a #GtModule
 * @names: (out) (array zero-terminated=1) (transfer full) (optional): the
 *   children's names, in the same order
 *
 * The direct children in registration order, each module once (torch's
 * `named_children`).
 *
 * Returns: (transfer container) (element-type Gt.Module): the children
 *
 * Since: 0.1
 */
GPtrArray *
gt_module_named_children (GtModule   *self,
                          char     ***names)
{
  GtModulePrivate *priv;
  GPtrArray *result;
  GPtrArray *name_list;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  g_return_val_if_fail (GT_IS_MODULE (self), NULL);

  priv = gt_module_get_instance_private (self);
  result = g_ptr_array_new_with_free_func (g_object_unref);
  name_list = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < priv->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (priv->entries, i);

      if (e->kind != ENTRY_MODULE || e->object == NULL ||
          !g_hash_table_add (seen, e->object))
        continue;
      g_ptr_array_add (result, g_object_ref (e->object));
      g_ptr_array_add (name_list, g_strdup (e->name));
    }
  give_names (name_list, names);
  return result;
}

/**
 * gt_module_children:
 * @self: a #GtModule
 *
 * The direct children in registration order (torch's `children`).
 *
 * Returns: (transfer container) (element-type Gt.Module): the children
 *
 * Since: 0.1
 */
GPtrArray *
gt_module_children (GtModule *self)
{
  return gt_module_named_children (self, NULL);
}

/**
 * gt_module_named_modules:
 * @self: a #GtModule
 * @names: (out) (array zero-terminated=1) (transfer full) (optional): the
 *   dotted names, "" for @self, in the same order
 *
 * @self and all its descendants in pre-order, each module once (torch's
 * `named_modules`).
 *
 * Returns: (transfer container) (element-type Gt.Module): the modules
 *
 * Since: 0.1
 */
GPtrArray *
gt_module_named_modules (GtModule   *self,
                         char     ***names)
{
  GPtrArray *name_list;
  GPtrArray *result;

  g_return_val_if_fail (GT_IS_MODULE (self), NULL);

  name_list = g_ptr_array_new_with_free_func (g_free);
  result = named_modules (self, name_list);
  give_names (name_list, names);
  return result;
}

/**
 * gt_module_modules:
 * @self: a #GtModule
 *
 * @self and all its descendants in pre-order (torch's `modules`).
 *
 * Returns: (transfer container) (element-type Gt.Module): the modules
 *
 * Since: 0.1
 */
GPtrArray *
gt_module_modules (GtModule *self)
{
  return gt_module_named_modules (self, NULL);
}

static void
apply_rec (GtModule     *self,
           GtModuleFunc  func,
           gpointer      user_data)
{
  g_autoptr(GPtrArray) children = gt_module_children (self);

  for (guint i = 0; i < children->len; i++)
    apply_rec (g_ptr_array_index (children, i), func, user_data);
  func (self, user_data);
}

/**
 * gt_module_apply:
 * @self: a #GtModule
 * @func: (scope call): the function to call
 * @user_data: (closure): data for @func
 *
 * Calls @func on every child, recursively, then on @self (torch's
 * `apply`, e.g. to initialise weights).
 *
 * Since: 0.1
 */
void
gt_module_apply (GtModule     *self,
                 GtModuleFunc  func,
                 gpointer      user_data)
{
  g_return_if_fail (GT_IS_MODULE (self));
  g_return_if_fail (func != NULL);

  apply_rec (self, func, user_data);
}

/* ---- modes ------------------------------------------------------------- */

/**
 * gt_module_get_training:
 * @self: a #GtModule
 *
 * Returns: whether @self is in training mode
 *
 * Since: 0.1
 */
gboolean
gt_module_get_training (GtModule *self)
{
  GtModulePrivate *priv;

  g_return_val_if_fail (GT_IS_MODULE (self), FALSE);

  priv = gt_module_get_instance_private (self);
  return priv->training;
}

/**
 * gt_module_set_training:
 * @self: a #GtModule
 * @training: the mode
 *
 * Sets the #GtModule:training property of @self alone (its children keep
 * their mode); use [method@Gt.Module.train] for the whole tree.
 *
 * Since: 0.1
 */
void
gt_module_set_training (GtModule *self,
                        gboolean  training)
{
  GtModulePrivate *priv;

  g_return_if_fail (GT_IS_MODULE (self));

  priv = gt_module_get_instance_private (self);
  training = !!training;
  if (priv->training == training)
    return;
  priv->training = training;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
}

/**
 * gt_module_train:
 * @self: a #GtModule
 * @mode: %TRUE for training mode, %FALSE for evaluation mode
 *
 * Sets the mode of @self and all its descendants (torch's `train`).
 *
 * Since: 0.1
 */
void
gt_module_train (GtModule *self,
                 gboolean  mode)
{
  g_autoptr(GPtrArray) modules = NULL;

  g_return_if_fail (GT_IS_MODULE (self));

  modules = gt_module_modules (self);
  for (guint i = 0; i < modules->len; i++)
    gt_module_set_training (g_ptr_array_index (modules, i), mode);
}

/**
 * gt_module_eval:
 * @self: a #GtModule
 *
 * Puts @self and all its descendants in evaluation mode (torch's `eval`,
 * the same as `train (FALSE)`).
 *
 * Since: 0.1
 */
void
gt_module_eval (GtModule *self)
{
  gt_module_train (self, FALSE);
}

/* ---- parameters' state ------------------------------------------------ */

/**
 * gt_module_zero_grad:
 * @self: a #GtModule
 * @set_to_none: %TRUE to drop the gradients (torch's default), %FALSE to
 *   fill them with zeros
 *
 * Resets the gradients of all parameters (torch's `zero_grad`).
 *
 * Since: 0.1
 */
void
gt_module_zero_grad (GtModule *self,
                     gboolean  set_to_none)
{
  g_autoptr(GPtrArray) params = NULL;

  g_return_if_fail (GT_IS_MODULE (self));

  params = gt_module_parameters (self, TRUE);
  for (guint i = 0; i < params->len; i++)
    {
      GtTensor *p = g_ptr_array_index (params, i);
      GtTensor *grad = gt_tensor_get_grad (p);

      if (grad == NULL)
        continue;
      if (set_to_none)
        {
          gt_tensor_set_grad (p, NULL, NULL);
          continue;
        }
      /* torch detaches a gradient that has history before zeroing it. */
      if (grad->grad_fn != NULL || grad->requires_grad)
        {
          g_autoptr(GtTensor) detached = gt_tensor_detach (grad);
          g_autoptr(GtTensor) zeros = gt_tensor_clone (detached, NULL);

          if (zeros != NULL && gt_tensor_zero_ (zeros, NULL))
            gt_tensor_set_grad (p, zeros, NULL);
        }
      else
        gt_tensor_zero_ (grad, NULL);
    }
}

/* Replaces the data of @t by @moved's, keeping @t's identity (torch's
 * `param.data = fn(param.data)`): optimizers and other holders of @t see
 * the new data. */
static void
swap_data (GtTensor *t,
           GtTensor *moved)
{
  GtStorage *old = t->storage;

  t->storage = gt_storage_ref (moved->storage);
  gt_storage_unref (old);
  t->dtype = moved->dtype;
  t->ndim = moved->ndim;
  t->numel = moved->numel;
  t->offset = moved->offset;
  memcpy (t->sizes, moved->sizes, sizeof t->sizes);
  memcpy (t->strides, moved->strides, sizeof t->strides);
}

typedef GtTensor *(*ConvertFunc) (GtTensor  *t,
                                  gpointer   data,
                                  GError   **error);

/* Converts every parameter, its gradient and every buffer in place.
 * Everything is converted first and swapped only if all conversions
 * worked, so a failure leaves the module as it was. */
static gboolean
convert_all (GtModule     *self,
             ConvertFunc   convert,
             gpointer      data,
             GError      **error)
{
  g_autoptr(GPtrArray) params = gt_module_parameters (self, TRUE);
  g_autoptr(GPtrArray) buffers = gt_module_buffers (self, TRUE);
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = gt_no_grad_guard_new ();

  for (guint i = 0; i < params->len + buffers->len; i++)
    {
      GtTensor *t = i < params->len ? g_ptr_array_index (params, i)
                                    : g_ptr_array_index (buffers, i - params->len);

      for (int with_grad = 0; with_grad < 2 && t != NULL; with_grad++)
        {
          GtTensor *converted;

          if (g_hash_table_add (seen, t))
            {
              converted = convert (t, data, error);
              if (converted == NULL)
                return FALSE;
              g_ptr_array_add (targets, g_object_ref (t));
              g_ptr_array_add (results, converted);
            }
          t = i < params->len ? t->grad : NULL;
        }
    }

  for (guint i = 0; i < targets->len; i++)
    {
      GtTensor *t = g_ptr_array_index (targets, i);
      GtTensor *r = g_ptr_array_index (results, i);

      if (r != t)
        swap_data (t, r);
    }
  return TRUE;
}

static GtTensor *
convert_device (GtTensor  *t,
                gpointer   data,
                GError   **error)
{
  return gt_tensor_to_device (t, data, error);
}

static GtTensor *
convert_dtype (GtTensor  *t,
               gpointer   data,
               GError   **error)
{
  GtDType dtype = GPOINTER_TO_INT (data);

  /* torch's Module.to (dtype) converts floating-point tensors only. */
  if (!gt_tensor_is_floating_point (t) || t->dtype == dtype)
    return g_object_ref (t);
  return gt_tensor_to_dtype (t, dtype, error);
}

/**
 * gt_module_to_device:
 * @self: a #GtModule
 * @device: (nullable): the target device, %NULL for the CPU
 * @error: return location for a #GError
 *
 * Moves every parameter, its gradient and every buffer to @device
 * (torch's `module.to (device)`). The tensors keep their identity: each
 * one's data is replaced in place, as torch replaces `param.data`, so an
 * optimizer created before the move keeps updating the same tensors.
 * Tensors already on @device are left alone. When one tensor cannot be
 * moved, nothing is changed.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
gt_module_to_device (GtModule  *self,
                     GtDevice  *device,
                     GError   **error)
{
  g_return_val_if_fail (GT_IS_MODULE (self), FALSE);

  if (convert_all (self, convert_device, device, error))
    return TRUE;
  /* the message of the tensor op that failed, under this function's name */
  g_prefix_error (error, "gt_module_to_device: ");
  return FALSE;
}

/**
 * gt_module_to_dtype:
 * @self: a #GtModule
 * @dtype: a floating-point dtype
 * @error: return location for a #GError
 *
 * Converts every floating-point parameter, gradient and buffer to @dtype
 * in place (torch's `module.to (dtype)`, `double ()`, `float ()`);
 * integer buffers such as `num_batches_tracked` keep their dtype.
 *
 * Returns: %TRUE on success, %FALSE with @error set (GT_ERROR_DTYPE when
 *   @dtype is not a floating-point dtype)
 *
 * Since: 0.1
 */
gboolean
gt_module_to_dtype (GtModule  *self,
                    GtDType    dtype,
                    GError   **error)
{
  g_return_val_if_fail (GT_IS_MODULE (self), FALSE);

  if (dtype != GT_DTYPE_FLOAT32 && dtype != GT_DTYPE_FLOAT64 &&
      dtype != GT_DTYPE_FLOAT16 && dtype != GT_DTYPE_BFLOAT16)
    {
      g_set_error (error, GT_ERROR, GT_ERROR_DTYPE,
                   "gt_module_to_dtype: nn.Module.to only accepts floating point "
                   "dtypes, but got desired dtype=%s",
                   gt_dtype_get_name (dtype));
      return FALSE;
    }
  return convert_all (self, convert_dtype, GINT_TO_POINTER (dtype), error);
}

/* torch's state_dict recursion: no de-duplication, so a shared module or
 * parameter appears under each of its names. */
static void
collect_state (GtModule   *self,
               const char *prefix,
               GPtrArray  *names,
               GPtrArray  *tensors)
{
  GtModulePrivate *priv = gt_module_get_instance_private (self);

  for (int pass = 0; pass < 3; pass++)
    for (guint i = 0; i < priv->entries->len; i++)
      {
        Entry *e = g_ptr_array_index (priv->entries, i);
        g_autofree char *name = NULL;

        if (e->object == NULL || (int) e->kind != pass ||
            (e->kind == ENTRY_BUFFER && !e->persistent))
          continue;
        name = join_name (prefix, e->name);
        if (e->kind == ENTRY_MODULE)
          collect_state (e->object, name, names, tensors);
        else
          {
            g_ptr_array_add (names, g_steal_pointer (&name));
            if (tensors != NULL)
              g_ptr_array_add (tensors, e->object);
          }
      }
}

/**
 * gt_module_state_dict_keys:
 * @self: a #GtModule
 *
 * The keys of [method@Gt.Module.state_dict] in torch's order (parameters,
 * then persistent buffers, then each child's keys), since a #GHashTable
 * has no order.
 *
 * Returns: (transfer full) (array zero-terminated=1): the keys
 *
 * Since: 0.1
 */
char **
gt_module_state_dict_keys (GtModule *self)
{
  GPtrArray *names;

  g_return_val_if_fail (GT_IS_MODULE (self), NULL);

  names = g_ptr_array_new ();
  collect_state (self, "", names, NULL);
  return take_names (names);
}

/**
 * gt_module_state_dict:
 * @self: a #GtModule
 *
 * The module's state (torch's `state_dict`): every parameter and
 * persistent buffer under its dotted name ("fc.weight",
 * "bn.running_mean"), as a detached alias that shares the tensor's memory.
 * [method@Gt.Module.state_dict_keys] gives the keys in order.
 *
 * Returns: (transfer container) (element-type utf8 Gt.Tensor): the state
 *
 * Since: 0.1
 */
GHashTable *
gt_module_state_dict (GtModule *self)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) tensors = NULL;
  GHashTable *dict;

  g_return_val_if_fail (GT_IS_MODULE (self), NULL);

  names = g_ptr_array_new ();
  tensors = g_ptr_array_new ();
  collect_state (self, "", names, tensors);
  dict = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  for (guint i = 0; i < names->len; i++)
    g_hash_table_insert (dict, g_ptr_array_index (names, i),
                         gt_tensor_detach (g_ptr_array_index (tensors, i)));
  return dict;
}

static gint
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
append_quoted (GString    *s,
               const char *key,
               gboolean    first)
{
  g_string_append_printf (s, "%s\"%s\"", first ? "" : ", ", key);
}

/**
 * gt_module_load_state_dict:
 * @self: a #GtModule
 * @state_dict: (element-type utf8 Gt.Tensor): name -> tensor, as
 *   [method@Gt.Module.state_dict] returns
 * @strict: whether the keys must match the module's exactly
 * @error: return location for a #GError
 *
 * Copies the values of @state_dict into the module's parameters and
 * persistent buffers, in place and with grad mode off (torch's
 * `load_state_dict`); the tensors keep their identity, dtype and device
 * (values are converted). With @strict, a key the module lacks or a
 * module key absent from @state_dict is an error (GT_ERROR_VALUE, with
 * torch's "Missing key(s) in state_dict: ..." / "Unexpected key(s) in
 * state_dict: ..." lines); a tensor of another shape is always an error
 * (GT_ERROR_SHAPE "size mismatch for fc.weight: ..." when it is the only
 * kind of error). Unlike torch, nothing is copied when any error is found.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
gt_module_load_state_dict (GtModule    *self,
                           GHashTable  *state_dict,
                           gboolean     strict,
                           GError     **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) tensors = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) unexpected = g_string_new (NULL);
  g_autoptr(GString) mismatch = g_string_new (NULL);
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GPtrArray) sorted_keys = NULL;
  g_autoptr(GtNoGradGuard) guard G_GNUC_UNUSED = NULL;
  gboolean any_missing = FALSE, any_unexpected = FALSE;

  g_return_val_if_fail (GT_IS_MODULE (self), FALSE);
  g_return_val_if_fail (state_dict != NULL, FALSE);

  names = g_ptr_array_new_with_free_func (g_free);
  tensors = g_ptr_array_new ();
  collect_state (self, "", names, tensors);
  known = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      GtTensor *dst = g_ptr_array_index (tensors, i);
      GtTensor *src = g_hash_table_lookup (state_dict, name);

      g_hash_table_add (known, (gpointer) name);
      if (src == NULL || !GT_IS_TENSOR (src))
        {
          if (strict)
            {
              append_quoted (missing, name, !any_missing);
              any_missing = TRUE;
            }
          continue;
        }
      if (src->ndim != dst->ndim ||
          memcmp (src->sizes, dst->sizes, dst->ndim * sizeof (gint64)) != 0)
        {
          g_autofree char *src_shape = gt_shape_to_string (src->sizes, src->ndim);
          g_autofree char *dst_shape = gt_shape_to_string (dst->sizes, dst->ndim);

          g_string_append_printf (mismatch,
                                  "\n\tsize mismatch for %s: copying a param with "
                                  "shape %s from checkpoint, the shape in current "
                                  "model is %s.",
                                  name, src_shape, dst_shape);
        }
    }

  if (strict)
    {
      /* Sorted, so the message does not depend on hash order. */
      GHashTableIter iter;
      gpointer key;

      sorted_keys = g_ptr_array_new ();
      g_hash_table_iter_init (&iter, state_dict);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (known, key))
          g_ptr_array_add (sorted_keys, key);
      g_ptr_array_sort (sorted_keys, compare_keys);
      for (guint i = 0; i < sorted_keys->len; i++)
        append_quoted (unexpected, g_ptr_array_index (sorted_keys, i), i == 0);
      any_unexpected = sorted_keys->len > 0;
    }

  if (any_missing || any_unexpected || mismatch->len > 0)
    {
      g_autoptr(GString) msg = g_string_new (NULL);

      g_string_append_printf (msg,
                              "gt_module_load_state_dict: Error(s) in loading "
                              "state_dict for %s:", G_OBJECT_TYPE_NAME (self));
      if (any_missing)
        g_string_append_printf (msg, "\n\tMissing key(s) in state_dict: %s. ",
                                missing->str);
      if (any_unexpected)
        g_string_append_printf (msg, "\n\tUnexpected key(s) in state_dict: %s. ",
                                unexpected->str);
      g_string_append (msg, mismatch->str);
      g_set_error_literal (error, GT_ERROR,
                           any_missing || any_unexpected ? GT_ERROR_VALUE
                                                         : GT_ERROR_SHAPE,
                           msg->str);
      return FALSE;
    }

  guard = gt_no_grad_guard_new ();
  for (guint i = 0; i < names->len; i++)
    {
      GtTensor *dst = g_ptr_array_index (tensors, i);
      GtTensor *src = g_hash_table_lookup (state_dict, g_ptr_array_index (names, i));

      if (src == NULL || src == dst)
        continue;
      if (!gt_tensor_copy_ (dst, src, error))
        {
          g_prefix_error (error, "gt_module_load_state_dict: %s: ",
                          (const char *) g_ptr_array_index (names, i));
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- private ------------------------------------------------------------ */

GtModule *
gt_module_next_child (GtModule *self,
                      guint    *pos)
{
  GtModulePrivate *priv = gt_module_get_instance_private (self);

  while (*pos < priv->entries->len)
    {
      Entry *e = g_ptr_array_index (priv->entries, (*pos)++);

      if (e->kind == ENTRY_MODULE && e->object != NULL)
        return e->object;
    }
  return NULL;
}

guint
gt_module_count_children (GtModule *self)
{
  GtModulePrivate *priv = gt_module_get_instance_private (self);
  guint n = 0;

  for (guint i = 0; i < priv->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (priv->entries, i);

      if (e->kind == ENTRY_MODULE && e->object != NULL)
        n++;
    }
  return n;
}
