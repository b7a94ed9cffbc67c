#include "config.h"

#include <stdlib.h>

#include "gt-cpu-alloc-private.h"
#include "gt-cpu-backend-private.h"
#include "gt-error.h"
#include "ops/gt-conv-private.h"
#include "ops/gt-loss-private.h"
#include "ops/gt-nn-private.h"
#include "optim/gt-optim-private.h"

static gint
cpu_device_count (void)
{
  return 1;
}

static const GtBackend cpu_backend = {
  .device_type = GT_DEVICE_TYPE_CPU,
  .name = "CPU",
  .abi_version = GT_BACKEND_ABI_VERSION,

  .device_count = cpu_device_count,
  /* 64-byte aligned, large blocks recycled (gt-cpu-alloc.c) */
  .alloc = gt_cpu_alloc,
  .free = gt_cpu_free,
  /* Host memory needs no transfers. */
  .upload = NULL,
  .download = NULL,

  .copy = gt_cpu_copy,
  .fill = gt_cpu_fill,
  .arange = gt_cpu_arange,
  .linspace = gt_cpu_linspace,

  .random_uniform = gt_cpu_random_uniform,
  .random_normal = gt_cpu_random_normal,
  .random_int = gt_cpu_random_int,

  /* pointwise */
  .unary = gt_cpu_unary,
  .binary = gt_cpu_binary,
  .where = gt_cpu_where,
  .clamp = gt_cpu_clamp,

  /* reductions and scans */
  .reduce = gt_cpu_reduce,
  .scan = gt_cpu_scan,

  /* sorting */
  .sort = gt_cpu_sort,
  .topk = gt_cpu_topk,

  /* shapes */
  .copy_many = gt_cpu_copy_many,

  /* indexing */
  .gather = gt_cpu_gather,
  .scatter = gt_cpu_scatter,
  .index_offsets = gt_cpu_index_offsets,
  .index_range = gt_cpu_index_range,
  .masked_fill = gt_cpu_masked_fill,
  .count_nonzero = gt_cpu_count_nonzero,
  .masked_select = gt_cpu_masked_select,
  .nonzero = gt_cpu_nonzero,

  /* linear algebra */
  .gemm = gt_cpu_gemm,

  /* the neural-network families' sub-tables */
  .conv = &gt_cpu_backend_conv,
  .nn = &gt_cpu_backend_nn,
  .loss = &gt_cpu_backend_loss,
  .optim = &gt_cpu_backend_optim,
};

const GtBackend *
gt_cpu_backend_get (void)
{
  return &cpu_backend;
}

gboolean
gt_cpu_alloc_failed (gsize     nbytes,
                     GError  **error)
{
  g_set_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY,
               "out of memory: cannot allocate %" G_GSIZE_FORMAT
               " bytes of CPU scratch memory", nbytes);
  return FALSE;
}
