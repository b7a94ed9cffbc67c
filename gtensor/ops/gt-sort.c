#include "config.h"

#include "gt-sort.h"
#include "gt-op-private.h"
