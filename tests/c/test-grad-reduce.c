/* Gradients of the reductions, the scan, the sorts and the matrix products:
 * every differentiable op through the gradient checker over contiguous,
 * transposed, sliced and (where no ties or zero spreads arise) expanded
 * inputs, first order everywhere and second order for the ops whose
 * gradient is itself differentiable at random points; torch 1.13's node
 * names; prod with zeros; matmul over every operand rank pair and with
 * broadcast batch dims; addmm with beta/alpha and a broadcast self. */
#include "config.h"

#include <gtensor/gtensor.h>

#include "gt-gradcheck.h"
#include "gt-test-utils.h"

static GRand *rng;

/* ---- reductions, cumsum, sort, topk --------------------------------------- */

typedef GtTensor *(*UnaryOp) (GtTensor *x, GError **error);

typedef struct {
  const char *name;
  UnaryOp     op;
  gint64      shape[3];
  guint       ndim;
  gdouble     lo, hi;       /* input range */
  const char *node;         /* torch 1.13's grad_fn name */
  gboolean    second;       /* check second order too */
  gboolean    expand;       /* also check an expanded input (no ties) */
  gboolean    away;         /* move inputs at least 0.1 away from 0 */
} ReduceCase;

#define OP(fname, call) \
  static GtTensor *fname (GtTensor *x, GError **error) { return call; }
#define DIMS(...) (const gint[]) { __VA_ARGS__ }, G_N_ELEMENTS (((const gint[]) { __VA_ARGS__ }))

OP (sum_all, gt_tensor_sum (x, NULL, 0, FALSE, error))
OP (sum_dim, gt_tensor_sum (x, DIMS (1), FALSE, error))
OP (sum_dims_keep, gt_tensor_sum (x, DIMS (0, 2), TRUE, error))
OP (mean_all, gt_tensor_mean (x, NULL, 0, FALSE, error))
OP (mean_dim, gt_tensor_mean (x, DIMS (0), FALSE, error))
OP (mean_dims_keep, gt_tensor_mean (x, DIMS (-1, 0), TRUE, error))
OP (prod_all, gt_tensor_prod (x, NULL, 0, FALSE, error))
OP (prod_dim, gt_tensor_prod (x, DIMS (1), FALSE, error))
OP (prod_dim_keep, gt_tensor_prod (x, DIMS (0), TRUE, error))
OP (var_all, gt_tensor_var (x, NULL, 0, 1.0, FALSE, error))
OP (var_dim0, gt_tensor_var (x, DIMS (1), 0.0, FALSE, error))
OP (var_keep, gt_tensor_var (x, DIMS (0), 1.0, TRUE, error))
OP (std_all, gt_tensor_std (x, NULL, 0, 1.0, FALSE, error))
OP (std_dim0, gt_tensor_std (x, DIMS (1), 0.0, FALSE, error))
OP (std_keep, gt_tensor_std (x, DIMS (0), 1.0, TRUE, error))
OP (amax_dim, gt_tensor_amax (x, DIMS (1), FALSE, error))
OP (amax_all, gt_tensor_amax (x, NULL, 0, FALSE, error))
OP (logsumexp_dim, gt_tensor_logsumexp (x, DIMS (1), FALSE, error))
OP (logsumexp_all, gt_tensor_logsumexp (x, DIMS (0, 1), FALSE, error))
OP (norm2_all, gt_tensor_norm (x, 2.0, NULL, 0, FALSE, error))
OP (norm2_dim, gt_tensor_norm (x, 2.0, DIMS (1), FALSE, error))
OP (norm1_dim, gt_tensor_norm (x, 1.0, DIMS (0), FALSE, error))
OP (norm1_all, gt_tensor_norm (x, 1.0, NULL, 0, FALSE, error))
OP (norm_inf_dim, gt_tensor_norm (x, INFINITY, DIMS (1), TRUE, error))
OP (norm_inf_all, gt_tensor_norm (x, INFINITY, NULL, 0, FALSE, error))
OP (norm3_dim, gt_tensor_norm (x, 3.0, DIMS (1), FALSE, error))
OP (norm3_all, gt_tensor_norm (x, 3.0, NULL, 0, FALSE, error))
OP (cumsum1, gt_tensor_cumsum (x, 1, error))
OP (cumsum0, gt_tensor_cumsum (x, 0, error))

static GtTensor *
max_dim1 (GtTensor *x, GError **error)
{
  g_autoptr(GtTensor) indices = NULL;

  return gt_tensor_max_dim (x, 1, FALSE, &indices, error);
}

static GtTensor *
max_dim0_keep (GtTensor *x, GError **error)
{
  g_autoptr(GtTensor) indices = NULL;

  return gt_tensor_max_dim (x, 0, TRUE, &indices, error);
}

static GtTensor *
sort1 (GtTensor *x, GError **error)
{
  g_autoptr(GtTensor) indices = NULL;

  return gt_tensor_sort (x, 1, FALSE, TRUE, &indices, error);
}

static GtTensor *
sort0_desc (GtTensor *x, GError **error)
{
  g_autoptr(GtTensor) indices = NULL;

  return gt_tensor_sort (x, 0, TRUE, TRUE, &indices, error);
}

static GtTensor *
topk2 (GtTensor *x, GError **error)
{
  g_autoptr(GtTensor) indices = NULL;

  return gt_tensor_topk (x, 2, -1, TRUE, TRUE, &indices, error);
}

static GtTensor *
topk3_smallest (GtTensor *x, GError **error)
{
  g_autoptr(GtTensor) indices = NULL;

  return gt_tensor_topk (x, 3, 0, FALSE, TRUE, &indices, error);
}

static const ReduceCase reduce_cases[] = {
  { "sum", sum_all, { 3, 4 }, 2, -1, 1, "SumBackward0", TRUE, TRUE, FALSE },
  { "sum-dim", sum_dim, { 3, 4 }, 2, -1, 1, "SumBackward1", TRUE, TRUE, FALSE },
  { "sum-dims-keepdim", sum_dims_keep, { 2, 3, 4 }, 3, -1, 1, "SumBackward1", TRUE, TRUE, FALSE },
  { "mean", mean_all, { 3, 4 }, 2, -1, 1, "MeanBackward0", TRUE, TRUE, FALSE },
  { "mean-dim", mean_dim, { 3, 4 }, 2, -1, 1, "MeanBackward1", TRUE, TRUE, FALSE },
  { "mean-dims-keepdim", mean_dims_keep, { 2, 3, 4 }, 3, -1, 1, "MeanBackward1", TRUE, TRUE, FALSE },
  { "prod", prod_all, { 3, 4 }, 2, 0.5, 1.5, "ProdBackward0", TRUE, TRUE, FALSE },
  { "prod-dim", prod_dim, { 3, 4 }, 2, -1.5, 1.5, "ProdBackward1", TRUE, TRUE, FALSE },
  { "prod-dim-keepdim", prod_dim_keep, { 3, 4 }, 2, -1.5, 1.5, "ProdBackward1", TRUE, TRUE, FALSE },
  { "var", var_all, { 3, 4 }, 2, -1, 1, "VarBackward0", TRUE, TRUE, FALSE },
  { "var-dim-correction0", var_dim0, { 3, 4 }, 2, -1, 1, "VarBackward0", TRUE, TRUE, FALSE },
  /* along dim 0, which the expanded layout makes constant: var 0 is smooth */
  { "var-dim-keepdim", var_keep, { 3, 4 }, 2, -1, 1, "VarBackward0", TRUE, TRUE, FALSE },
  { "std", std_all, { 3, 4 }, 2, -1, 1, "StdBackward0", TRUE, TRUE, FALSE },
  { "std-dim-correction0", std_dim0, { 3, 4 }, 2, -1, 1, "StdBackward0", TRUE, TRUE, FALSE },
  /* std 0 along an expanded dim 0 is not differentiable */
  { "std-dim-keepdim", std_keep, { 3, 4 }, 2, -1, 1, "StdBackward0", TRUE, FALSE, FALSE },
  { "amax-dim", amax_dim, { 3, 4 }, 2, -1, 1, "AmaxBackward0", FALSE, FALSE, FALSE },
  { "amax", amax_all, { 3, 4 }, 2, -1, 1, "AmaxBackward0", FALSE, FALSE, FALSE },
  { "max_dim", max_dim1, { 3, 4 }, 2, -1, 1, "MaxBackward0", TRUE, FALSE, FALSE },
  { "max_dim-keepdim", max_dim0_keep, { 3, 4 }, 2, -1, 1, "MaxBackward0", TRUE, FALSE, FALSE },
  { "logsumexp-dim", logsumexp_dim, { 3, 4 }, 2, -1, 1, "LogsumexpBackward0", TRUE, TRUE, FALSE },
  { "logsumexp-all", logsumexp_all, { 3, 4 }, 2, -1, 1, "LogsumexpBackward0", TRUE, TRUE, FALSE },
  { "norm2", norm2_all, { 3, 4 }, 2, -1, 1, "NormBackward1", TRUE, TRUE, FALSE },
  { "norm2-dim", norm2_dim, { 3, 4 }, 2, -1, 1, "NormBackward1", TRUE, TRUE, FALSE },
  { "norm1-dim", norm1_dim, { 3, 4 }, 2, -1, 1, "NormBackward1", FALSE, FALSE, TRUE },
  { "norm1", norm1_all, { 3, 4 }, 2, -1, 1, "NormBackward1", FALSE, FALSE, TRUE },
  { "norm-inf-dim-keepdim", norm_inf_dim, { 3, 4 }, 2, -1, 1, "NormBackward1", FALSE, FALSE, FALSE },
  { "norm-inf", norm_inf_all, { 3, 4 }, 2, -1, 1, "NormBackward1", FALSE, FALSE, FALSE },
  { "norm3-dim", norm3_dim, { 3, 4 }, 2, -1, 1, "NormBackward1", TRUE, TRUE, TRUE },
  { "norm3", norm3_all, { 3, 4 }, 2, -1, 1, "NormBackward1", TRUE, TRUE, TRUE },
  { "cumsum-dim1", cumsum1, { 3, 4 }, 2, -1, 1, "CumsumBackward0", TRUE, TRUE, FALSE },
  { "cumsum-dim0", cumsum0, { 3, 4 }, 2, -1, 1, "CumsumBackward0", TRUE, TRUE, FALSE },
  { "sort", sort1, { 3, 4 }, 2, -1, 1, "SortBackward0", TRUE, FALSE, FALSE },
  { "sort-descending", sort0_desc, { 3, 4 }, 2, -1, 1, "SortBackward0", TRUE, FALSE, FALSE },
  { "topk", topk2, { 3, 5 }, 2, -1, 1, "TopkBackward0", TRUE, FALSE, FALSE },
  { "topk-smallest", topk3_smallest, { 4, 3 }, 2, -1, 1, "TopkBackward0", TRUE, FALSE, FALSE },
};

static GtTensor *
reduce_fn (GtTensor **in, gpointer data, GError **error)
{
  const ReduceCase *c = data;

  return c->op (in[0], error);
}

/* Every element of @x with |v| < 0.1 moved to ±0.1 (p = 1 norms have a
 * kink at 0 that central differences would straddle). */
static void
move_away_from_zero (GtTensor *x)
{
  g_autofree gint64 *offsets = gt_gradcheck_offsets (x);

  for (gint64 k = 0; k < x->numel; k++)
    {
      gdouble *p = gt_gradcheck_element (x, offsets[k]);

      if (fabs (*p) < 0.1)
        *p = *p < 0 ? -0.1 - fabs (*p) : 0.1 + *p;
    }
}

static void
assert_node (UnaryOp op, GtTensor *x, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) out = op (x, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (gt_tensor_get_grad_fn_name (out), ==, expected);
}

static void
test_reduce_gradcheck (gconstpointer data)
{
  const ReduceCase *c = data;
  const GtGradcheckLayout layouts[] = {
    GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_TRANSPOSED, GT_GRADCHECK_SLICED,
    GT_GRADCHECK_EXPANDED,
  };
  const char *names[] = { "contiguous", "transposed", "sliced", "expanded" };

  for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
    {
      g_autoptr(GtTensor) x = NULL;
      g_autofree char *what = NULL;

      if (layouts[k] == GT_GRADCHECK_EXPANDED && !c->expand)
        continue;
      x = gt_gradcheck_input (rng, c->shape, c->ndim, c->lo, c->hi, layouts[k]);
      if (c->away)
        move_away_from_zero (x);
      what = g_strdup_printf ("%s (%s)", c->name, names[k]);
      assert_node (c->op, x, c->node);
      gt_gradcheck (what, reduce_fn, (gpointer) c, &x, 1, c->second, rng);
    }
}

/* prod with one and with two zeros in the reduced elements: torch divides
 * only where no zero is reduced, and otherwise takes the product of the
 * others (one zero) or 0 (two). Products are multilinear, so central
 * differences are exact there, at first and at second order. */
static void
test_prod_zeros (void)
{
  const gint64 shape[] = { 3, 4 };
  const UnaryOp ops[] = { prod_all, prod_dim, prod_dim_keep };
  const GtGradcheckLayout layouts[] = { GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_TRANSPOSED };
  /* one zero (row 0, col 1); then a second zero in row 0 (col 3) and one
   * in row 2 */
  const gint64 zeros[][3] = { { 1, -1, -1 }, { 1, 3, 10 } };

  for (guint z = 0; z < G_N_ELEMENTS (zeros); z++)
    for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
      for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
        {
          g_autoptr(GtTensor) x = gt_gradcheck_input (rng, shape, 2, 0.5, 1.5, layouts[l]);
          g_autofree gint64 *offsets = gt_gradcheck_offsets (x);
          g_autofree char *what = g_strdup_printf ("prod %u with %s zeros (layout %u)",
                                                   i, z == 0 ? "one" : "several", l);
          ReduceCase c = { what, ops[i], { 3, 4 }, 2, 0, 0, NULL, FALSE, FALSE, FALSE };

          for (guint j = 0; j < 3; j++)
            if (zeros[z][j] >= 0)
              *gt_gradcheck_element (x, offsets[zeros[z][j]]) = 0.0;
          /* second order too: the backward is differentiable at the
           * zeros (the exclusive products of torch's
           * prod_safe_zeros_backward), including the mixed derivative
           * of two zeros of one slice */
          gt_gradcheck (what, reduce_fn, &c, &x, 1, TRUE, rng);
        }
}

/* The values at one zero, by hand: d prod / d x_k = prod of the others. */
static void
test_prod_one_zero_values (void)
{
  const gdouble v[] = { 2.0, 0.0, -3.0, 0.5 };
  const gdouble expected[] = { 0.0, -3.0, 0.0, 0.0 };
  g_autoptr(GtTensor) x = gt_test_new_1d (v, 4, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) p = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gt_tensor_set_requires_grad (x, TRUE, &error));
  p = gt_tensor_prod (x, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (gt_tensor_backward (p, NULL, FALSE, FALSE, &error));
  g_assert_no_error (error);
  gt_test_assert_values (gt_tensor_get_grad (x), expected, 4, 0.0);
}

/* ---- matrix products ------------------------------------------------------- */

typedef GtTensor *(*BinaryOp) (GtTensor *a, GtTensor *b, GError **error);

typedef struct {
  const char *name;
  BinaryOp    op;
  gint64      a[4], b[4];
  guint       na, nb;
  const char *node;
} MatmulCase;

static const MatmulCase matmul_cases[] = {
  { "matmul-1d-1d", gt_tensor_matmul, { 3 }, { 3 }, 1, 1, "DotBackward0" },
  { "matmul-2d-1d", gt_tensor_matmul, { 2, 3 }, { 3 }, 2, 1, "MvBackward0" },
  { "matmul-1d-2d", gt_tensor_matmul, { 3 }, { 3, 2 }, 1, 2, "SqueezeBackward3" },
  { "matmul-2d-2d", gt_tensor_matmul, { 2, 3 }, { 3, 4 }, 2, 2, "MmBackward0" },
  { "matmul-3d-1d", gt_tensor_matmul, { 3, 2, 3 }, { 3 }, 3, 1, "UnsafeViewBackward0" },
  { "matmul-3d-2d", gt_tensor_matmul, { 3, 2, 3 }, { 3, 4 }, 3, 2, "UnsafeViewBackward0" },
  { "matmul-1d-3d", gt_tensor_matmul, { 3 }, { 2, 3, 2 }, 1, 3, "UnsafeViewBackward0" },
  { "matmul-2d-3d", gt_tensor_matmul, { 2, 3 }, { 2, 3, 4 }, 2, 3, "CloneBackward0" },
  { "matmul-3d-3d", gt_tensor_matmul, { 2, 2, 3 }, { 2, 3, 2 }, 3, 3, "UnsafeViewBackward0" },
  { "matmul-batch-broadcast", gt_tensor_matmul, { 1, 2, 3 }, { 3, 3, 2 }, 3, 3,
    "UnsafeViewBackward0" },
  { "matmul-batch-broadcast-4d", gt_tensor_matmul, { 2, 1, 2, 3 }, { 2, 3, 2 }, 4, 3,
    "UnsafeViewBackward0" },
  { "mm", gt_tensor_mm, { 2, 3 }, { 3, 4 }, 2, 2, "MmBackward0" },
  { "bmm", gt_tensor_bmm, { 2, 2, 3 }, { 2, 3, 4 }, 3, 3, "BmmBackward0" },
  { "mv", gt_tensor_mv, { 2, 3 }, { 3 }, 2, 1, "MvBackward0" },
  { "dot", gt_tensor_dot, { 3 }, { 3 }, 1, 1, "DotBackward0" },
  /* torch's outer is a composite: self.reshape(-1, 1) * vec2 */
  { "outer", gt_tensor_outer, { 3 }, { 2 }, 1, 1, "MulBackward0" },
};

static GtTensor *
binary_fn (GtTensor **in, gpointer data, GError **error)
{
  const MatmulCase *c = data;

  return c->op (in[0], in[1], error);
}

static void
test_matmul_gradcheck (gconstpointer data)
{
  const MatmulCase *c = data;
  /* layouts of (a, b): each transposed alone, both sliced, a expanded */
  const GtGradcheckLayout layouts[][2] = {
    { GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_CONTIGUOUS },
    { GT_GRADCHECK_TRANSPOSED, GT_GRADCHECK_CONTIGUOUS },
    { GT_GRADCHECK_CONTIGUOUS, GT_GRADCHECK_TRANSPOSED },
    { GT_GRADCHECK_SLICED, GT_GRADCHECK_SLICED },
    { GT_GRADCHECK_EXPANDED, GT_GRADCHECK_CONTIGUOUS },
  };

  for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
    {
      g_autoptr(GtTensor) a = NULL;
      g_autoptr(GtTensor) b = NULL;
      g_autofree char *what = NULL;
      GtTensor *in[2];

      /* a transposed 1-d input is the contiguous one */
      if ((layouts[k][0] == GT_GRADCHECK_TRANSPOSED && c->na < 2) ||
          (layouts[k][1] == GT_GRADCHECK_TRANSPOSED && c->nb < 2))
        continue;
      a = gt_gradcheck_input (rng, c->a, c->na, -1, 1, layouts[k][0]);
      b = gt_gradcheck_input (rng, c->b, c->nb, -1, 1, layouts[k][1]);
      in[0] = a;
      in[1] = b;
      what = g_strdup_printf ("%s (layouts %d, %d)", c->name, layouts[k][0],
                              layouts[k][1]);
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GtTensor) out = c->op (a, b, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (gt_tensor_get_grad_fn_name (out), ==, c->node);
      }
      gt_gradcheck (what, binary_fn, (gpointer) c, in, 2, TRUE, rng);
    }
}

/* Only one operand needs a gradient: the other is a constant. */
static void
test_matmul_one_operand (void)
{
  const gint64 sa[] = { 4, 2, 3 }, sb[] = { 3, 2 };
  MatmulCase c = { "matmul", gt_tensor_matmul, { 0 }, { 0 }, 3, 2, NULL };
  g_autoptr(GtTensor) a = gt_gradcheck_input (rng, sa, 3, -1, 1, GT_GRADCHECK_CONTIGUOUS);
  g_autoptr(GtTensor) b = gt_gradcheck_input (rng, sb, 2, -1, 1, GT_GRADCHECK_TRANSPOSED);
  g_autoptr(GtTensor) b_const = gt_tensor_detach (b);
  g_autoptr(GtTensor) a_const = gt_tensor_detach (a);
  GtTensor *in[2] = { a, b_const };

  gt_gradcheck ("matmul, other constant", binary_fn, &c, in, 2, TRUE, rng);
  in[0] = a_const;
  in[1] = b;
  gt_gradcheck ("matmul, self constant", binary_fn, &c, in, 2, TRUE, rng);
}

/* ---- addmm ----------------------------------------------------------------- */

static GtTensor *
addmm_fn (GtTensor **in, gpointer data, GError **error)
{
  return gt_tensor_addmm (in[0], in[1], in[2], 0.5, -2.0, error);
}

static void
test_addmm_gradcheck (void)
{
  const struct { gint64 shape[2]; guint ndim; } selves[] = {
    { { 2, 4 }, 2 }, { { 4 }, 1 }, { { 1, 4 }, 2 }, { { 2, 1 }, 2 }, { { 0 }, 0 },
  };
  const gint64 s1[] = { 2, 3 }, s2[] = { 3, 4 };

  for (guint i = 0; i < G_N_ELEMENTS (selves); i++)
    {
      g_autoptr(GtTensor) s = gt_gradcheck_input (rng, selves[i].shape, selves[i].ndim,
                                                  -1, 1, GT_GRADCHECK_CONTIGUOUS);
      g_autoptr(GtTensor) m1 = gt_gradcheck_input (rng, s1, 2, -1, 1, GT_GRADCHECK_TRANSPOSED);
      g_autoptr(GtTensor) m2 = gt_gradcheck_input (rng, s2, 2, -1, 1,
                                                   i % 2 ? GT_GRADCHECK_SLICED
                                                         : GT_GRADCHECK_CONTIGUOUS);
      g_autofree char *what = g_strdup_printf ("addmm (self %u)", i);
      GtTensor *in[3] = { s, m1, m2 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GtTensor) out = addmm_fn (in, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gt_tensor_get_grad_fn_name (out), ==, "AddmmBackward0");
      gt_gradcheck (what, addmm_fn, NULL, in, 3, TRUE, rng);
    }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (20240611);

  for (guint i = 0; i < G_N_ELEMENTS (reduce_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad/reduce/gradcheck/%s",
                                               reduce_cases[i].name);
      g_test_add_data_func (path, &reduce_cases[i], test_reduce_gradcheck);
    }
  g_test_add_func ("/grad/reduce/prod-zeros/gradcheck", test_prod_zeros);
  g_test_add_func ("/grad/reduce/prod-zeros/values", test_prod_one_zero_values);
  for (guint i = 0; i < G_N_ELEMENTS (matmul_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grad/linalg/gradcheck/%s",
                                               matmul_cases[i].name);
      g_test_add_data_func (path, &matmul_cases[i], test_matmul_gradcheck);
    }
  g_test_add_func ("/grad/linalg/gradcheck/matmul-one-operand", test_matmul_one_operand);
  g_test_add_func ("/grad/linalg/gradcheck/addmm", test_addmm_gradcheck);

  status = g_test_run ();
  g_rand_free (rng);
  return status;
}
