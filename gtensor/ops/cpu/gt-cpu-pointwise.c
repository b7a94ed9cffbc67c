#include "config.h"

#include "gt-cpu-backend-private.h"
