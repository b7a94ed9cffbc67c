#include "config.h"

#include "gt-linalg.h"
#include "gt-op-private.h"
