#pragma once

#include "gt-tensor.h"

G_BEGIN_DECLS

/* The "gradient" signal, for the autograd engine. */
gboolean  gt_tensor_has_gradient_handlers (GtTensor *self);
/* Returns the replacement gradient (transfer full) or NULL. */
GtTensor *gt_tensor_emit_gradient         (GtTensor *self,
                                           GtTensor *grad);

G_END_DECLS
