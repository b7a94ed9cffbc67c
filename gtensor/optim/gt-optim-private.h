#pragma once

#include "gt-backend-private.h"
#include "gt-tensor-private.h"

G_BEGIN_DECLS

typedef struct _GtOptimizer GtOptimizer;
typedef struct _GtOptimizerClass GtOptimizerClass;
typedef struct _GtParamGroup GtParamGroup;

/*
 * The fused updates: one pass over a parameter's elements that reads the
 * parameter, its gradient and the optimizer's state and writes the
 * parameter and the state, with torch 1.13's single-tensor formulas in
 * their order of operations, computed in the parameter's dtype (float32 or
 * float64). The scalars are given as doubles and rounded to the dtype by
 * the kernel, as torch's wrapped numbers are.
 */

/* torch.optim.SGD; @momentum_buffer is NULL when momentum is 0, and is
 * overwritten with the (weight-decayed, sign-flipped) gradient when @first
 * (torch's `buf = clone(d_p)`). */
typedef struct {
  gdouble  lr;
  gdouble  momentum;
  gdouble  dampening;
  gdouble  weight_decay;
  gboolean nesterov;
  gboolean maximize;
  gboolean first;
} GtOptimSgdArgs;

/* torch.optim.Adam, and AdamW when @decoupled (param *= 1 - lr * wd before
 * the moments, no weight decay added to the gradient). @step is the step
 * count after this step's increment. @max_exp_avg_sq only with @amsgrad. */
typedef struct {
  gdouble  lr;
  gdouble  beta1;
  gdouble  beta2;
  gdouble  eps;
  gdouble  weight_decay;
  gdouble  step;
  gboolean amsgrad;
  gboolean maximize;
  gboolean decoupled;
} GtOptimAdamArgs;

/* torch.optim.RMSprop; @grad_avg only when @centered, @momentum_buffer
 * only when @momentum > 0. */
typedef struct {
  gdouble  lr;
  gdouble  alpha;
  gdouble  eps;
  gdouble  weight_decay;
  gdouble  momentum;
  gboolean centered;
  gboolean maximize;
} GtOptimRmspropArgs;

/* The backend entry points for the optimizers' fused updates. Reached
 * through GtBackend.optim; see gt-backend-private.h. Every tensor is
 * contiguous, of one dtype (float32 or float64) and of one element count;
 * @param and the state tensors are written in place (the caller has made
 * them writable). A NULL entry: not supported on that backend. */
typedef struct _GtBackendOptim {
  gboolean (*sgd)     (GtTensor *param, GtTensor *grad,
                       GtTensor *momentum_buffer,
                       const GtOptimSgdArgs *args, GError **error);
  gboolean (*adam)    (GtTensor *param, GtTensor *grad, GtTensor *exp_avg,
                       GtTensor *exp_avg_sq, GtTensor *max_exp_avg_sq,
                       const GtOptimAdamArgs *args, GError **error);
  gboolean (*rmsprop) (GtTensor *param, GtTensor *grad, GtTensor *square_avg,
                       GtTensor *grad_avg, GtTensor *momentum_buffer,
                       const GtOptimRmspropArgs *args, GError **error);
} GtBackendOptim;

/* The CPU backend's table (optim/gt-cpu-optim.c). */
extern const GtBackendOptim gt_cpu_backend_optim;

/* ---- helpers shared by the optimizers (gt-optimizer.c) ---------------- */

/* One parameter ready for a fused update: @param itself when contiguous,
 * else a contiguous copy written back by gt_optim_update_finish; @grad a
 * contiguous gradient of the parameter's dtype; @backend the table. */
typedef struct {
  GtTensor             *param;     /* the optimizer's parameter (borrowed) */
  GtTensor             *work;      /* strong */
  GtTensor             *grad;      /* strong */
  const GtBackendOptim *backend;
  guint                 group;
  guint                 index;     /* within the group */
} GtOptimUpdate;

/* FALSE without error when the parameter has no gradient (skipped as in
 * torch); FALSE with @error for a bad dtype, shape or device. */
gboolean  gt_optim_update_begin   (GtOptimUpdate *u,
                                   const char    *func,
                                   GtTensor      *param,
                                   guint          group,
                                   guint          index,
                                   GError       **error);
gboolean  gt_optim_update_finish  (GtOptimUpdate *u,
                                   GError       **error);
void      gt_optim_update_clear   (GtOptimUpdate *u);

/* The state tensor @name of @param, created as zeros of the parameter's
 * shape and dtype (contiguous) when missing and @create; made writable. */
GtTensor *gt_optim_state_tensor   (GtOptimizer   *self,
                                   GtTensor      *param,
                                   const char    *name,
                                   gboolean       create,
                                   GError       **error);

/* Takes @self (a new object), checks its defaults, refuses an empty
 * @params and adds it as the first group; NULL with @error (prefixed with
 * @func) on failure. For the failable constructors. */
GtOptimizer *gt_optim_construct   (GtOptimizer   *self,
                                   const char    *func,
                                   GPtrArray     *params,
                                   GError       **error);

/* Increments the float32 0-d "step" state of @param (torch 1.13's
 * `state['step'] += 1` on a float tensor), creating it at 0, and returns
 * the new count as a double; -1 with @error on failure. */
gdouble   gt_optim_increment_step (GtOptimizer   *self,
                                   GtTensor      *param,
                                   GError       **error);

/* ---- the optimizers' hyper-parameters as tables (gt-optimizer.c) -------- */

/* One hyper-parameter: a group option, the construct property that sets
 * its default, and the member of the kernel's arguments (GtOptimSgdArgs,
 * ...) it fills. Entry 0 of every table is the learning rate, a property
 * of GtOptimizer itself; the other entries are the subclass's properties,
 * in the constructor's order. Booleans are stored as options 0 and 1. */
typedef struct {
  const char *option;         /* "weight_decay" */
  const char *property;       /* "weight-decay" */
  const char *what;           /* torch's name in "Invalid <what>: -1.0";
                               * NULL for booleans */
  gdouble     default_value;  /* the property's default */
  gboolean    boolean;
  gsize       offset;         /* of the gdouble or gboolean in the args */
} GtOptimOption;

/* Entry 0 of every table: the learning rate, member lr of @Args */
#define GT_OPTIM_LR_OPTION(Args) \
  { "lr", "lr", "learning rate", 1e-3, FALSE, G_STRUCT_OFFSET (Args, lr) }

/* the most entries of a table of options */
#define GT_OPTIM_MAX_OPTIONS 16

/* torch's range checks of the options */
typedef enum {
  GT_OPTIM_NON_NEGATIVE,      /* 0.0 <= x */
  GT_OPTIM_BELOW_ONE,         /* 0.0 <= x < 1.0 */
} GtOptimRange;

/* One check: the index of the option in its table and its range; a
 * table of them lists the checks in torch's order. */
typedef struct {
  guint        option;
  GtOptimRange range;
} GtOptimCheck;

/* marks the properties of optimizer subclasses with their option name */
GQuark    gt_optim_option_quark    (void);

/* Installs the properties of @options (entry 0, "lr", excepted) on
 * @klass, construct and read-write, and makes them read and write the
 * defaults' options (get_property and set_property of @klass). */
void      gt_optim_install_options (GObjectClass        *klass,
                                    const GtOptimOption *options,
                                    guint                n_options);

/* The first failing check of @checks on @group, as GT_ERROR_VALUE with
 * torch's message ("Invalid epsilon value: -1.0"). */
gboolean  gt_optim_check_options   (GtParamGroup        *group,
                                    const GtOptimOption *options,
                                    const GtOptimCheck  *checks,
                                    guint                n_checks,
                                    GError             **error);

/* The failable constructors: refuses a NaN in @values (one per entry of
 * @options, the learning rate first; booleans as 0 and 1) with
 * GT_ERROR_VALUE naming @func and the argument (properties would drop
 * it silently), makes the @type object with @values as properties, and
 * finishes it with gt_optim_construct. */
GtOptimizer *gt_optim_new          (GType                type,
                                    const char          *func,
                                    GPtrArray           *params,
                                    const GtOptimOption *options,
                                    const gdouble       *values,
                                    guint                n_options,
                                    GError             **error);

/* Updates one parameter made ready by gt_optim_step_params: gets or makes
 * the state tensors and calls the kernel with @args; on failure the
 * caller clears @u. */
typedef gboolean (*GtOptimUpdateFunc) (GtOptimizer    *self,
                                       GtOptimUpdate  *u,
                                       gpointer        args,
                                       GError        **error);

/* The step of the fused optimizers: for each group, fills @args from its
 * options (@options), then calls @update for every parameter that has a
 * gradient; a backend whose entry at @kernel (G_STRUCT_OFFSET in
 * GtBackendOptim) is NULL is refused as not supported. */
gboolean  gt_optim_step_params     (GtOptimizer         *self,
                                    const GtOptimOption *options,
                                    guint                n_options,
                                    gpointer             args,
                                    gsize                kernel,
                                    GtOptimUpdateFunc    update,
                                    GError             **error);

/* Adam and AdamW (gt-adam.c): the options, and the class set-up of both:
 * the step (decoupled weight decay for AdamW), the group check and the
 * properties (AdamW's default weight decay is 1e-2). */
enum {
  GT_ADAM_LR,
  GT_ADAM_BETA1,
  GT_ADAM_BETA2,
  GT_ADAM_EPS,
  GT_ADAM_WEIGHT_DECAY,
  GT_ADAM_AMSGRAD,
  GT_ADAM_MAXIMIZE,
  GT_ADAM_N_OPTIONS
};

extern const GtOptimOption gt_adam_options[GT_ADAM_N_OPTIONS];

void      gt_adam_class_setup      (GtOptimizerClass *klass,
                                    gboolean          decoupled);

/* Python's repr of a float ("0.1", "1.0", "1e-08", "-inf") for torch's
 * messages; free with g_free. */
char     *gt_optim_format_double  (gdouble        value);

/* GT_ERROR_VALUE with torch's message "Invalid <what>: <value>". */
gboolean  gt_optim_invalid        (GError       **error,
                                   const char    *what,
                                   gdouble        value);

/* ---- helpers shared by the LR schedulers --------------------------------- */

/* Marks @pspec as the gint, enum, gdouble or object member at @offset of
 * the instance, read and written by gt_optim_get_field_property and
 * gt_optim_set_field_property (a class's get_property and set_property);
 * returns @pspec. */
GQuark      gt_optim_field_quark       (void);
GParamSpec *gt_optim_field_property    (GParamSpec    *pspec,
                                        gsize          offset);
void        gt_optim_get_field_property (GObject      *object,
                                         guint         prop_id,
                                         GValue       *value,
                                         GParamSpec   *pspec);
void        gt_optim_set_field_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec);

/* One setting of a scheduler kept in an instance member: a construct-only
 * property, an int of at least @minimum or any double. */
typedef enum {
  GT_OPTIM_FIELD_INT,
  GT_OPTIM_FIELD_DOUBLE,
} GtOptimFieldType;

typedef struct {
  const char       *property;
  GtOptimFieldType  type;
  gint              minimum;        /* ints */
  gdouble           default_value;
  gsize             offset;         /* of the gint or gdouble member */
} GtOptimField;

/* Installs @fields as properties of @klass, read and written by the field
 * accessors above (set as @klass's get_property and set_property). Their
 * ids start at GT_OPTIM_FIELD_FIRST_ID, clear of the class's own ones. */
#define GT_OPTIM_FIELD_FIRST_ID 1024

void        gt_optim_install_fields     (GObjectClass       *klass,
                                         const GtOptimField *fields,
                                         guint               n_fields);

/* The end of the schedulers' constructors: @self (from
 * gt_object_new_checked, NULL when that failed) when
 * gt_lr_scheduler_check accepts it; else NULL with @error, @self
 * released. */
gpointer    gt_lr_scheduler_check_new   (gpointer      self,
                                         GError      **error);

G_END_DECLS
