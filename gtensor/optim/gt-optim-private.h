#pragma once

#include "gt-backend-private.h"
#include "gt-tensor-private.h"

G_BEGIN_DECLS

typedef struct _GtOptimizer GtOptimizer;
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

/* get_property / set_property of optimizers whose properties are options
 * of the defaults: @names[prop_id] is the option's name; booleans are
 * stored as 0 and 1. */
void      gt_optim_get_option_property (GObject     *object,
                                        const char *const *names,
                                        guint        n_names,
                                        guint        prop_id,
                                        GValue      *value,
                                        GParamSpec  *pspec);
void      gt_optim_set_option_property (GObject     *object,
                                        const char *const *names,
                                        guint        n_names,
                                        guint        prop_id,
                                        const GValue *value,
                                        GParamSpec  *pspec);

/* Adam and AdamW (gt-adam.c): the group check and the step, decoupled for
 * AdamW. */
gboolean  gt_adam_check_group_impl (GtParamGroup  *group,
                                    GError       **error);
gboolean  gt_adam_step_impl        (GtOptimizer   *self,
                                    gboolean       decoupled,
                                    GError       **error);

/* Python's repr of a float ("0.1", "1.0", "1e-08", "-inf") for torch's
 * messages; free with g_free. */
char     *gt_optim_format_double  (gdouble        value);

/* GT_ERROR_VALUE with torch's message "Invalid <what>: <value>". */
gboolean  gt_optim_invalid        (GError       **error,
                                   const char    *what,
                                   gdouble        value);

/* The constructors' hyper-parameters go through GObject properties, which
 * silently drop NaN (the default stays): refuse NaN before that, with
 * GT_ERROR_VALUE naming @func and the argument. */
gboolean  gt_optim_reject_nan     (const char          *func,
                                   const char *const   *names,
                                   const gdouble       *values,
                                   guint                n_values,
                                   GError             **error);

G_END_DECLS
