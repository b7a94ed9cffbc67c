#include "config.h"

#include "gt-shape.h"
#include "gt-op-private.h"
