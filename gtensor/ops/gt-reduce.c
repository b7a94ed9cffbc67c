#include "config.h"

#include "gt-reduce.h"
#include "gt-op-private.h"
