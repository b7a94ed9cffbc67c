#pragma once

#include "gt-tensor-private.h"

G_BEGIN_DECLS

/* gt-linalg-grad.c: the histories of the matrix products (computed first,
 * with grad mode off where the computation uses recording ops). */

/* matmul, mm, bmm, mv, dot: @out = @self @ @other, named @name. */
void        gt_linalg_record       (const char *name,
                                    GtTensor   *self,
                                    GtTensor   *other,
                                    GtTensor   *out);
/* torch 1.13's name for the last node of matmul on operands of these
 * numbers of dims. */
const char *gt_linalg_matmul_name  (guint       na,
                                    guint       nb);
void        gt_linalg_record_addmm (GtTensor   *self,
                                    GtTensor   *mat1,
                                    GtTensor   *mat2,
                                    gdouble     beta,
                                    gdouble     alpha,
                                    GtTensor   *out);

G_END_DECLS
