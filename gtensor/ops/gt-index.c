#include "config.h"

#include "gt-index.h"
#include "gt-op-private.h"
