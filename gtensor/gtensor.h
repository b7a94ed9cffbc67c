#pragma once

#define GT_INSIDE

#include <gtensor/gt-version.h>
#include <gtensor/gt-version-macros.h>
#include <gtensor/gt-error.h>
#include <gtensor/gt-dtype.h>
#include <gtensor/gt-device.h>
#include <gtensor/gt-enum-types.h>
#include <gtensor/gt-cuda.h>
#include <gtensor/gt-rng.h>
#include <gtensor/gt-tensor.h>
#include <gtensor/gt-grad-mode.h>
#include <gtensor/gt-autograd.h>
#include <gtensor/gt-function.h>
#include <gtensor/gt-creation.h>
#include <gtensor/gt-random.h>
#include <gtensor/gt-pointwise.h>
#include <gtensor/gt-reduce.h>
#include <gtensor/gt-sort.h>
#include <gtensor/gt-shape.h>
#include <gtensor/gt-index.h>
#include <gtensor/gt-linalg.h>
#include <gtensor/gt-conv.h>
#include <gtensor/gt-pool.h>
#include <gtensor/gt-activation.h>
#include <gtensor/gt-norm.h>
#include <gtensor/gt-loss-ops.h>
#include <gtensor/gt-serialize.h>
#include <gtensor/gt-nn.h>
#include <gtensor/gt-optim.h>
#include <gtensor/gt-threads.h>
#include <gtensor/gt-memory.h>

#undef GT_INSIDE
