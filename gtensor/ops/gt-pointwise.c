#include "config.h"

#include "gt-pointwise.h"
#include "gt-op-private.h"
