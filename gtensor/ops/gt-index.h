#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

G_END_DECLS
