#include "config.h"

#include "gtensor.h"

/* safetensors files: filled in by the serialization work. */
