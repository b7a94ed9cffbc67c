/* gt-bench: times gtensor's CPU ops from C, one row per operation of the
 * ops issue, and prints the median time of each as a JSON line for
 * benchmarks/run.py (or as a table with --table).
 *
 *   gt-bench [--threads N] [--min-time SECONDS] [--rows a,b,...] [--table]
 *
 * Each row is registered with the gtensor functions it calls. They are
 * declared weak, so that a row whose function is not in the library yet is
 * reported as skipped instead of failing the build. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtensor/gtensor.h>

/* The functions the rows call that may not have landed in every build,
 * declared here as well as in their headers (the compiler checks that the
 * two agree), and weak. */
GtTensor *gt_tensor_add       (GtTensor *self, GtTensor *other, gdouble alpha, GError **error);
GtTensor *gt_tensor_mul       (GtTensor *self, GtTensor *other, GError **error);
GtTensor *gt_tensor_exp       (GtTensor *self, GError **error);
GtTensor *gt_tensor_tanh      (GtTensor *self, GError **error);
GtTensor *gt_tensor_sigmoid   (GtTensor *self, GError **error);
GtTensor *gt_tensor_sum       (GtTensor *self, const gint *dims, gsize n_dims,
                               gboolean keepdim, GError **error);
GtTensor *gt_tensor_mean      (GtTensor *self, const gint *dims, gsize n_dims,
                               gboolean keepdim, GError **error);
GtTensor *gt_tensor_max_dim   (GtTensor *self, gint dim, gboolean keepdim,
                               GtTensor **indices, GError **error);
GtTensor *gt_tensor_sort      (GtTensor *self, gint dim, gboolean descending,
                               gboolean stable, GtTensor **indices, GError **error);
GtTensor *gt_tensor_transpose (GtTensor *self, gint dim0, gint dim1, GError **error);
GtTensor *gt_cat              (GPtrArray *tensors, gint dim, GError **error);
GtTensor *gt_tensor_relu      (GtTensor *self, GError **error);
gboolean  gt_tensor_backward  (GtTensor *self, GtTensor *gradient, gboolean retain_graph,
                               gboolean create_graph, GError **error);

#pragma weak gt_tensor_add
#pragma weak gt_tensor_mul
#pragma weak gt_tensor_exp
#pragma weak gt_tensor_tanh
#pragma weak gt_tensor_sigmoid
#pragma weak gt_tensor_sum
#pragma weak gt_tensor_mean
#pragma weak gt_tensor_max_dim
#pragma weak gt_tensor_sort
#pragma weak gt_tensor_transpose
#pragma weak gt_cat
#pragma weak gt_tensor_relu
#pragma weak gt_tensor_backward

#define N16M (16 * 1024 * 1024)

typedef struct {
  GtTensor  *a;
  GtTensor  *b;
  GPtrArray *list;             /* cat's inputs; the MLP's x, W1, b1, W2, b2 */
} Inputs;

typedef struct {
  const char *name;                /* shared with run.py */
  const char *what;
  gconstpointer need;              /* the function that must exist */
  const char *need_name;
  void      (*setup) (Inputs *in);
  /* One call of the op; the result is dropped at once, as in a loop of
   * `c = a + b` in Python. */
  void      (*run)   (Inputs *in);
  gint        batch;               /* calls per timed sample */
  gint        per;                 /* report seconds per call / per (0: 1) */
  /* Instead of timing run: one call that returns the seconds of the part
   * to time (set up untimed first). */
  gdouble   (*run_timed) (Inputs *in);
} Row;

static void
check (GError *error)
{
  if (error != NULL)
    {
      fprintf (stderr, "gt-bench: %s\n", error->message);
      exit (1);
    }
}

/* A float32 tensor of normal values, [n0, n1], or [n0] when n1 is 0. */
static GtTensor *
randn (gint64 n0, gint64 n1)
{
  gint64 shape[] = { n0, n1 };
  GError *error = NULL;
  GtTensor *t = gt_randn (shape, n1 > 0 ? 2 : 1, GT_DTYPE_FLOAT32, NULL, &error);

  check (error);
  return t;
}

static void
drop (GtTensor *t,
      GError   *error)
{
  check (error);
  g_object_unref (t);
}

/* ---- setups --------------------------------------------------------------- */

static void setup_256 (Inputs *in) { in->a = randn (256, 256); in->b = randn (256, 256); }
static void setup_1024 (Inputs *in) { in->a = randn (1024, 1024); in->b = randn (1024, 1024); }
static void setup_2048 (Inputs *in) { in->a = randn (2048, 2048); in->b = randn (2048, 2048); }
static void setup_16m (Inputs *in) { in->a = randn (N16M, 0); in->b = randn (N16M, 0); }
static void setup_4096 (Inputs *in) { in->a = randn (4096, 4096); }
static void setup_1m (Inputs *in) { in->a = randn (1024 * 1024, 0); }
static void setup_one (Inputs *in) { in->a = randn (1, 0); in->b = randn (1, 0); }

static void
setup_cat (Inputs *in)
{
  in->list = g_ptr_array_new_with_free_func (g_object_unref);
  for (gint i = 0; i < 8; i++)
    g_ptr_array_add (in->list, randn (1024, 1024));
}

/* ---- the ops -------------------------------------------------------------- */

static void
run_matmul (Inputs *in)
{
  GError *error = NULL;
  drop (gt_tensor_matmul (in->a, in->b, &error), error);
}

static void
run_add (Inputs *in)
{
  GError *error = NULL;
  drop (gt_tensor_add (in->a, in->b, 1.0, &error), error);
}

static void
run_mul (Inputs *in)
{
  GError *error = NULL;
  drop (gt_tensor_mul (in->a, in->b, &error), error);
}

static void
run_exp (Inputs *in)
{
  GError *error = NULL;
  drop (gt_tensor_exp (in->a, &error), error);
}

static void
run_tanh (Inputs *in)
{
  GError *error = NULL;
  drop (gt_tensor_tanh (in->a, &error), error);
}

static void
run_sigmoid (Inputs *in)
{
  GError *error = NULL;
  drop (gt_tensor_sigmoid (in->a, &error), error);
}

static void
run_sum (Inputs *in)
{
  GError *error = NULL;
  drop (gt_tensor_sum (in->a, NULL, 0, FALSE, &error), error);
}

static void
run_mean (Inputs *in)
{
  GError *error = NULL;
  drop (gt_tensor_mean (in->a, NULL, 0, FALSE, &error), error);
}

static void
run_max_dim (Inputs *in)
{
  GError *error = NULL;
  GtTensor *indices = NULL;

  drop (gt_tensor_max_dim (in->a, 1, FALSE, &indices, &error), error);
  g_object_unref (indices);
}

static void
run_sort (Inputs *in)
{
  GError *error = NULL;
  GtTensor *indices = NULL;

  drop (gt_tensor_sort (in->a, -1, FALSE, FALSE, &indices, &error), error);
  g_object_unref (indices);
}

static void
run_transpose_contiguous (Inputs *in)
{
  GError *error = NULL;
  GtTensor *t = gt_tensor_transpose (in->a, 0, 1, &error);

  check (error);
  drop (gt_tensor_contiguous (t, &error), error);
  g_object_unref (t);
}

static void
run_cat (Inputs *in)
{
  GError *error = NULL;
  drop (gt_cat (in->list, 0, &error), error);
}

/* ---- autograd ------------------------------------------------------------ */

#define CHAIN 1000

/* x and w, one element each, requiring grad */
static void
setup_chain (Inputs *in)
{
  GError *error = NULL;

  setup_one (in);
  gt_tensor_set_requires_grad (in->a, TRUE, &error);
  check (error);
  gt_tensor_set_requires_grad (in->b, TRUE, &error);
  check (error);
}

/* y = x; then 1000 times y = y + w and y = y * w in turn: 1000 recorded
 * nodes (AddBackward0, MulBackward0). */
static GtTensor *
chain_forward (Inputs *in)
{
  GError *error = NULL;
  GtTensor *y = g_object_ref (in->a);

  for (gint i = 0; i < CHAIN; i++)
    {
      GtTensor *next = i % 2 ? gt_tensor_mul (y, in->b, &error)
                             : gt_tensor_add (y, in->b, 1.0, &error);

      check (error);
      g_object_unref (y);
      y = next;
    }
  return y;
}

static void
clear_grad (GtTensor *t)
{
  GError *error = NULL;

  gt_tensor_set_grad (t, NULL, &error);
  check (error);
}

static void
run_chain_forward (Inputs *in)
{
  g_object_unref (chain_forward (in));
}

static void
run_chain (Inputs *in)
{
  GError *error = NULL;
  GtTensor *y = chain_forward (in);

  gt_tensor_backward (y, NULL, FALSE, FALSE, &error);
  check (error);
  g_object_unref (y);
  clear_grad (in->a);
  clear_grad (in->b);
}

/* the backward alone, the graph built untimed */
static gdouble
run_chain_backward (Inputs *in)
{
  GError *error = NULL;
  GtTensor *y = chain_forward (in);
  gint64 t0 = g_get_monotonic_time ();

  gt_tensor_backward (y, NULL, FALSE, FALSE, &error);
  check (error);
  g_object_unref (y);
  t0 = g_get_monotonic_time () - t0;
  clear_grad (in->a);
  clear_grad (in->b);
  return t0 / 1e6;
}

/* x [128, 784]; W1 [784, 256], b1 [256], W2 [256, 10], b2 [10] requiring
 * grad (float32, scaled like a default nn.Linear init) */
static void
setup_mlp (Inputs *in)
{
  const gint64 shapes[][2] = { { 128, 784 }, { 784, 256 }, { 256, 0 }, { 256, 10 }, { 10, 0 } };
  const gdouble scales[] = { 1.0, 1.0 / 28.0, 1.0 / 28.0, 1.0 / 16.0, 1.0 / 16.0 };

  in->list = g_ptr_array_new_with_free_func (g_object_unref);
  for (gint i = 0; i < 5; i++)
    {
      GError *error = NULL;
      g_autoptr(GtTensor) r = randn (shapes[i][0], shapes[i][1]);
      GtTensor *t = gt_tensor_mul_scalar (r, scales[i], &error);

      check (error);
      if (i > 0)
        gt_tensor_set_requires_grad (t, TRUE, &error);
      check (error);
      g_ptr_array_add (in->list, t);
    }
}

/* loss = mean ((relu (x @ W1 + b1) @ W2 + b2) ** 2), then backward into
 * W1, b1, W2, b2 (their .grad cleared after each step, as with
 * optimizer.zero_grad (set_to_none=True)) */
static void
run_mlp (Inputs *in)
{
  GError *error = NULL;
  GtTensor **p = (GtTensor **) in->list->pdata;
  g_autoptr(GtTensor) h0 = gt_tensor_matmul (p[0], p[1], &error);
  g_autoptr(GtTensor) h1 = h0 ? gt_tensor_add (h0, p[2], 1.0, &error) : NULL;
  g_autoptr(GtTensor) h = h1 ? gt_tensor_relu (h1, &error) : NULL;
  g_autoptr(GtTensor) o0 = h ? gt_tensor_matmul (h, p[3], &error) : NULL;
  g_autoptr(GtTensor) o = o0 ? gt_tensor_add (o0, p[4], 1.0, &error) : NULL;
  g_autoptr(GtTensor) sq = o ? gt_tensor_mul (o, o, &error) : NULL;
  g_autoptr(GtTensor) loss = sq ? gt_tensor_mean (sq, NULL, 0, FALSE, &error) : NULL;

  check (error);
  gt_tensor_backward (loss, NULL, FALSE, FALSE, &error);
  check (error);
  for (gint i = 1; i < 5; i++)
    clear_grad (p[i]);
}

#define NEEDS1(f) (gconstpointer) (f), #f

static const Row rows[] = {
  { "matmul_256", "matmul 256x256 @ 256x256 f32", NEEDS1 (gt_tensor_matmul), setup_256, run_matmul, 10 },
  { "matmul_1024", "matmul 1024x1024 f32", NEEDS1 (gt_tensor_matmul), setup_1024, run_matmul, 1 },
  { "matmul_2048", "matmul 2048x2048 f32", NEEDS1 (gt_tensor_matmul), setup_2048, run_matmul, 1 },
  { "add_16M", "add 16M f32", NEEDS1 (gt_tensor_add), setup_16m, run_add, 1 },
  { "mul_16M", "mul 16M f32", NEEDS1 (gt_tensor_mul), setup_16m, run_mul, 1 },
  { "exp_16M", "exp 16M f32", NEEDS1 (gt_tensor_exp), setup_16m, run_exp, 1 },
  { "tanh_16M", "tanh 16M f32", NEEDS1 (gt_tensor_tanh), setup_16m, run_tanh, 1 },
  { "sigmoid_16M", "sigmoid 16M f32", NEEDS1 (gt_tensor_sigmoid), setup_16m, run_sigmoid, 1 },
  { "sum_16M", "sum 16M f32", NEEDS1 (gt_tensor_sum), setup_16m, run_sum, 1 },
  { "mean_16M", "mean 16M f32", NEEDS1 (gt_tensor_mean), setup_16m, run_mean, 1 },
  { "max_dim_4096", "max(dim=1) 4096x4096 f32", NEEDS1 (gt_tensor_max_dim), setup_4096, run_max_dim, 1 },
  { "sort_1M", "sort 1M f32", NEEDS1 (gt_tensor_sort), setup_1m, run_sort, 1 },
  { "transpose_contiguous_4096", "transpose(0, 1).contiguous() 4096x4096 f32",
    NEEDS1 (gt_tensor_transpose), setup_4096, run_transpose_contiguous, 1 },
  { "cat_8", "cat 8 x [1024, 1024] f32 along dim 0", NEEDS1 (gt_cat), setup_cat, run_cat, 1 },
  { "add_1", "add of one-element tensors (per-op overhead)", NEEDS1 (gt_tensor_add), setup_one, run_add, 10000 },
  { "chain_1000_fwd", "1000 one-element add/mul recorded for autograd, per node",
    NEEDS1 (gt_tensor_backward), setup_chain, run_chain_forward, 1, CHAIN },
  { "chain_1000", "forward + backward of 1000 one-element add/mul, per node",
    NEEDS1 (gt_tensor_backward), setup_chain, run_chain, 1, CHAIN },
  { "chain_1000_bwd", "backward alone of the 1000-node chain, per node",
    NEEDS1 (gt_tensor_backward), setup_chain, NULL, 1, CHAIN, run_chain_backward },
  { "mlp_784", "MLP 784-256-10, batch 128, f32: forward + backward",
    NEEDS1 (gt_tensor_relu), setup_mlp, run_mlp, 1 },
};

static int
compare_doubles (const void *a, const void *b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return (x > y) - (x < y);
}

/* The median seconds per call: two warm-up calls (they fault in the memory
 * the cache then recycles), then samples until @min_time has passed, at
 * least 5 and at most 200. */
static gdouble
time_row (const Row *row,
          Inputs    *in,
          gdouble    min_time,
          gint      *n_samples)
{
  gdouble samples[200];
  gint n = 0;
  gint64 start = g_get_monotonic_time ();

  if (row->run_timed != NULL)
    {
      row->run_timed (in);
      while (n < (gint) G_N_ELEMENTS (samples) &&
             (n < 5 || (g_get_monotonic_time () - start) / 1e6 < min_time))
        samples[n++] = row->run_timed (in);
      goto done;
    }
  for (gint i = 0; i < 2 * row->batch; i++)
    row->run (in);

  while (n < (gint) G_N_ELEMENTS (samples) &&
         (n < 5 || (g_get_monotonic_time () - start) / 1e6 < min_time))
    {
      gint64 t0 = g_get_monotonic_time ();

      for (gint i = 0; i < row->batch; i++)
        row->run (in);
      samples[n++] = (g_get_monotonic_time () - t0) / 1e6 / row->batch;
    }
done:
  qsort (samples, n, sizeof (gdouble), compare_doubles);
  *n_samples = n;
  return (n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2) /
         MAX (row->per, 1);
}

static void
free_inputs (Inputs *in)
{
  g_clear_object (&in->a);
  g_clear_object (&in->b);
  g_clear_pointer (&in->list, g_ptr_array_unref);
}

static gboolean
selected (const char *name,
          char      **only)
{
  if (only == NULL)
    return TRUE;
  for (gint i = 0; only[i] != NULL; i++)
    if (strcmp (only[i], name) == 0)
      return TRUE;
  return FALSE;
}

int
main (int argc, char *argv[])
{
  gint threads = 0;
  gdouble min_time = 1.0;
  g_autofree char *rows_arg = NULL;
  gboolean table = FALSE;
  g_auto(GStrv) only = NULL;
  GOptionEntry entries[] = {
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "Threads for OpenMP and OpenBLAS (default: all cores)", "N" },
    { "min-time", 0, 0, G_OPTION_ARG_DOUBLE, &min_time, "Seconds to spend on each row at least (default 1)", "S" },
    { "rows", 0, 0, G_OPTION_ARG_STRING, &rows_arg, "Comma-separated rows to run (default: all)", "ROWS" },
    { "table", 0, 0, G_OPTION_ARG_NONE, &table, "Print a table instead of JSON lines", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time gtensor's CPU ops");
  GError *error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "gt-bench: %s\n", error->message);
      return 2;
    }
  if (threads > 0 && !gt_set_num_threads (threads, &error))
    {
      fprintf (stderr, "gt-bench: %s\n", error->message);
      return 2;
    }
  if (rows_arg != NULL)
    only = g_strsplit (rows_arg, ",", -1);
  gt_manual_seed (0);

  if (table)
    printf ("%-28s %14s  %s\n", "row", "median", "samples");
  for (gsize r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      const Row *row = &rows[r];
      Inputs in = { NULL, NULL, NULL };
      gdouble seconds;
      gint n;

      if (!selected (row->name, only))
        continue;
      /* A weak reference reads as NULL when the library lacks it. */
      if (row->need == NULL)
        {
          if (table)
            printf ("%-28s %14s  (%s not in the library)\n", row->name, "skipped", row->need_name);
          else
            printf ("{\"row\": \"%s\", \"skipped\": \"%s not in the library\"}\n",
                    row->name, row->need_name);
          fflush (stdout);
          continue;
        }

      row->setup (&in);
      seconds = time_row (row, &in, min_time, &n);
      free_inputs (&in);
      gt_empty_cache ();

      if (table)
        printf ("%-28s %12.3f us  %d\n", row->name, seconds * 1e6, n);
      else
        printf ("{\"row\": \"%s\", \"seconds\": %.9g, \"samples\": %d, \"threads\": %d}\n",
                row->name, seconds, n, gt_get_num_threads ());
      fflush (stdout);
    }
  return 0;
}
