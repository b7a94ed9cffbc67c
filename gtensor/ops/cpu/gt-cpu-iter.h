#pragma once

#include "gt-tensor-private.h"

G_BEGIN_DECLS

#define GT_CPU_ITER_MAX_OPERANDS 4

/* Below this many elements a kernel runs on one thread: starting the
 * OpenMP team costs more than it saves. */
#define GT_CPU_GRAIN_SIZE 32768

/*
 * GtCpuIter:
 *
 * Walks several tensors of the same sizes element by element in the order
 * that suits operand 0 (the output): dimensions are sorted by operand 0's
 * strides, then neighbours that are contiguous in every operand are merged,
 * so a contiguous or a simply transposed case becomes one long inner loop.
 * The inner loop function gets one data pointer and one byte stride per
 * operand and a run length; it is where kernels vectorise.
 */
typedef struct {
  guint    n_operands;
  guint    ndim;                                    /* dim 0 is innermost */
  gint64   numel;
  gint64   sizes[GT_MAX_DIMS];
  gint64   strides[GT_CPU_ITER_MAX_OPERANDS][GT_MAX_DIMS];   /* bytes */
  guint8  *data[GT_CPU_ITER_MAX_OPERANDS];
} GtCpuIter;

typedef void (*GtCpuLoop) (guint8       **data,
                           const gint64  *strides,
                           gint64         n,
                           gpointer       user_data);

/* @operands[0] defines the sizes; the others must have the same sizes
 * (broadcast operands come as expanded views). */
void gt_cpu_iter_init      (GtCpuIter      *iter,
                            guint           n_operands,
                            GtTensor      **operands);

/* Runs @loop over the elements [begin, end) in iteration order. */
void gt_cpu_iter_for_range (const GtCpuIter *iter,
                            gint64           begin,
                            gint64           end,
                            GtCpuLoop        loop,
                            gpointer         user_data);

/* Runs @loop over all elements, split across threads above the grain. */
void gt_cpu_iter_run       (const GtCpuIter *iter,
                            GtCpuLoop        loop,
                            gpointer         user_data);

/* Whether the iteration is one run with every operand contiguous (its
 * stride equal to its element size) or a scalar (stride 0). */
gboolean gt_cpu_iter_is_contiguous (const GtCpuIter *iter,
                                    const gsize     *element_sizes);

G_END_DECLS
