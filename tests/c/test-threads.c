/* Concurrency: several threads run inference on one shared module (a small
 * CNN in eval mode) while another thread trains its own module with Adam.
 * The shared module's outputs must equal a single-threaded reference, the
 * trained parameters must equal those of the same training run alone,
 * grad mode must stay per thread, and the guarded generator must hand out
 * exactly the draws of a single-threaded run (each fill takes one
 * contiguous piece of the sequence). Also run under ThreadSanitizer by
 * tools/run-tsan.sh. */
#include "gt-test-utils.h"

#define N_INPUTS 6
#define N_INFER_THREADS 4
#define N_ROUNDS 12
#define N_TRAIN_STEPS 25

static GtModule *
small_cnn (void)
{
  return gt_sequential_new_take (gt_conv2d_new (1, 4, 3, 1, 1),
                                 gt_batch_norm2d_new (4),
                                 gt_relu_new (),
                                 gt_max_pool2d_new (2),
                                 gt_flatten_new (1, -1),
                                 gt_linear_new (4 * 4 * 4, 10, TRUE),
                                 NULL);
}

static GtTensor *
randn4 (gint64 n, gint64 c, gint64 h, gint64 w)
{
  const gint64 shape[] = { n, c, h, w };
  GError *error = NULL;
  GtTensor *t = gt_randn (shape, 4, GT_DTYPE_FLOAT32, NULL, &error);

  g_assert_no_error (error);
  return t;
}

static gdouble *
values_of (GtTensor *t, gsize *n)
{
  GError *error = NULL;
  gdouble *v = gt_tensor_to_doubles (t, n, &error);

  g_assert_no_error (error);
  return v;
}

/* ---- shared inference ---------------------------------------------- */

typedef struct {
  GtModule  *model;                 /* shared, eval mode */
  GtTensor  *inputs[N_INPUTS];
  gdouble   *expected[N_INPUTS];
  gsize      n_expected;
} Shared;

typedef struct {
  Shared   *shared;
  gboolean  no_grad;                /* this thread's grad mode */
  guint     mismatches;
  guint     grad_mode_errors;
  guint     failures;
} InferJob;

static gpointer
infer_thread (gpointer data)
{
  InferJob *job = data;
  g_autoptr(GtNoGradGuard) guard = job->no_grad ? gt_no_grad_guard_new () : NULL;

  for (guint r = 0; r < N_ROUNDS; r++)
    for (guint i = 0; i < N_INPUTS; i++)
      {
        GError *error = NULL;
        g_autoptr(GtTensor) out = NULL;
        g_autofree gdouble *got = NULL;
        gsize n = 0;
        gboolean recorded;

        /* Another thread's guard must not leak into this one. */
        if (gt_is_grad_enabled () == job->no_grad)
          job->grad_mode_errors++;
        out = gt_module_forward (job->shared->model, job->shared->inputs[i],
                                 &error);
        if (out == NULL)
          {
            job->failures++;
            g_clear_error (&error);
            continue;
          }
        /* The parameters require grad: only a recording thread gets a
         * graph. */
        recorded = gt_tensor_get_grad_fn_name (out) != NULL;
        if (recorded == job->no_grad)
          job->grad_mode_errors++;
        got = gt_tensor_to_doubles (out, &n, NULL);
        if (got == NULL || n != job->shared->n_expected ||
            memcmp (got, job->shared->expected[i], n * sizeof (gdouble)) != 0)
          job->mismatches++;
      }
  return NULL;
}

/* ---- a training thread --------------------------------------------- */

typedef struct {
  GtModule *model;
  GtTensor *x, *y;
  gdouble   first_loss, last_loss;
  gboolean  ok;
} TrainJob;

static gboolean
train (TrainJob *job)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) params = gt_module_parameters (job->model, TRUE);
  g_autoptr(GtOptimizer) adam = gt_adam_new (params, 0.01, &error);

  g_assert_no_error (error);
  gt_module_train (job->model, TRUE);
  for (guint step = 0; step < N_TRAIN_STEPS; step++)
    {
      g_autoptr(GtTensor) out = NULL;
      g_autoptr(GtTensor) loss = NULL;
      gdouble value;

      if (!gt_is_grad_enabled ())
        return FALSE;
      if (!gt_optimizer_zero_grad (adam, TRUE, &error))
        return FALSE;
      out = gt_module_forward (job->model, job->x, &error);
      if (out == NULL)
        return FALSE;
      loss = gt_mse_loss (out, job->y, GT_REDUCTION_MEAN, &error);
      if (loss == NULL || gt_tensor_get_grad_fn_name (loss) == NULL)
        return FALSE;
      value = gt_tensor_item (loss, &error);
      if (step == 0)
        job->first_loss = value;
      job->last_loss = value;
      if (!gt_tensor_backward (loss, NULL, FALSE, FALSE, &error))
        return FALSE;
      if (!gt_optimizer_step (adam, &error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
train_thread (gpointer data)
{
  TrainJob *job = data;

  job->ok = train (job);
  return NULL;
}

static void
copy_parameters (GtModule *dst,
                 GtModule *src)
{
  g_autoptr(GPtrArray) a = gt_module_parameters (dst, TRUE);
  g_autoptr(GPtrArray) b = gt_module_parameters (src, TRUE);
  g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();

  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      GError *error = NULL;

      g_assert_true (gt_tensor_copy_ (a->pdata[i], b->pdata[i], &error));
      g_assert_no_error (error);
    }
}

static void
assert_same_parameters (GtModule *a,
                        GtModule *b)
{
  g_autoptr(GPtrArray) pa = gt_module_parameters (a, TRUE);
  g_autoptr(GPtrArray) pb = gt_module_parameters (b, TRUE);

  g_assert_cmpuint (pa->len, ==, pb->len);
  for (guint i = 0; i < pa->len; i++)
    {
      gsize na = 0, nb = 0;
      g_autofree gdouble *va = values_of (pa->pdata[i], &na);
      g_autofree gdouble *vb = values_of (pb->pdata[i], &nb);

      g_assert_cmpuint (na, ==, nb);
      for (gsize k = 0; k < na; k++)
        g_assert_cmpfloat (va[k], ==, vb[k]);
    }
}

static void
test_shared_inference_with_training (void)
{
  GError *error = NULL;
  Shared shared = { 0 };
  InferJob jobs[N_INFER_THREADS] = { { 0 } };
  GThread *threads[N_INFER_THREADS + 1];
  g_autoptr(GtModule) trained_alone = NULL;
  g_autoptr(GtModule) trained_beside = NULL;
  TrainJob alone = { 0 }, beside = { 0 };

  gt_manual_seed (2024);
  shared.model = small_cnn ();
  /* A few training-mode forwards give BatchNorm running statistics that
   * differ from the initial ones, then eval mode freezes them. */
  {
    g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(GtTensor) x = randn4 (4, 1, 8, 8);
        g_autoptr(GtTensor) out = gt_module_forward (shared.model, x, &error);

        g_assert_no_error (error);
      }
  }
  gt_module_eval (shared.model);
  for (guint i = 0; i < N_INPUTS; i++)
    {
      g_autoptr(GtTensor) out = NULL;

      shared.inputs[i] = randn4 (2, 1, 8, 8);
      out = gt_module_forward (shared.model, shared.inputs[i], &error);
      g_assert_no_error (error);
      shared.expected[i] = values_of (out, &shared.n_expected);
      g_assert_cmpuint (shared.n_expected, ==, 20);
    }

  /* The training reference: the same model trained alone. */
  trained_alone = small_cnn ();
  trained_beside = small_cnn ();
  copy_parameters (trained_beside, trained_alone);
  alone.model = trained_alone;
  alone.x = randn4 (8, 1, 8, 8);
  {
    const gint64 shape[] = { 8, 10 };

    alone.y = gt_randn (shape, 2, GT_DTYPE_FLOAT32, NULL, &error);
    g_assert_no_error (error);
  }
  beside.model = trained_beside;
  beside.x = g_object_ref (alone.x);
  beside.y = g_object_ref (alone.y);
  g_assert_true (train (&alone));
  g_assert_cmpfloat (alone.last_loss, <, alone.first_loss);

  for (guint t = 0; t < N_INFER_THREADS; t++)
    {
      jobs[t].shared = &shared;
      jobs[t].no_grad = (t % 2 == 0);
      threads[t] = g_thread_new ("infer", infer_thread, &jobs[t]);
    }
  threads[N_INFER_THREADS] = g_thread_new ("train", train_thread, &beside);
  for (guint t = 0; t <= N_INFER_THREADS; t++)
    g_thread_join (threads[t]);

  for (guint t = 0; t < N_INFER_THREADS; t++)
    {
      g_assert_cmpuint (jobs[t].failures, ==, 0);
      g_assert_cmpuint (jobs[t].mismatches, ==, 0);
      g_assert_cmpuint (jobs[t].grad_mode_errors, ==, 0);
    }
  g_assert_true (beside.ok);
  g_assert_cmpfloat (beside.first_loss, ==, alone.first_loss);
  g_assert_cmpfloat (beside.last_loss, ==, alone.last_loss);
  assert_same_parameters (trained_beside, trained_alone);
  /* The main thread's grad mode is untouched by the threads' guards. */
  g_assert_true (gt_is_grad_enabled ());

  for (guint i = 0; i < N_INPUTS; i++)
    {
      g_object_unref (shared.inputs[i]);
      g_free (shared.expected[i]);
    }
  g_object_unref (shared.model);
  g_object_unref (alone.x);
  g_object_unref (alone.y);
  g_object_unref (beside.x);
  g_object_unref (beside.y);
}

/* ---- grad mode ----------------------------------------------------- */

typedef struct {
  GMutex   lock;
  GCond    cond;
  gint     phase;
  gboolean other_saw_enabled;
  gboolean recorded;
} GradModeSync;

static void
wait_phase (GradModeSync *s, gint phase)
{
  g_mutex_lock (&s->lock);
  while (s->phase < phase)
    g_cond_wait (&s->cond, &s->lock);
  g_mutex_unlock (&s->lock);
}

static void
set_phase (GradModeSync *s, gint phase)
{
  g_mutex_lock (&s->lock);
  s->phase = phase;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
}

static gpointer
recording_thread (gpointer data)
{
  GradModeSync *s = data;
  const gdouble v[] = { 1, 2, 3 };
  g_autoptr(GtTensor) a = gt_test_new_1d (v, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = NULL;

  /* Runs only while the main thread sits inside its no-grad block. */
  wait_phase (s, 1);
  s->other_saw_enabled = gt_is_grad_enabled ();
  g_assert_true (gt_tensor_set_requires_grad (a, TRUE, NULL));
  b = gt_tensor_mul (a, a, NULL);
  s->recorded = b != NULL && gt_tensor_get_grad_fn_name (b) != NULL;
  set_phase (s, 2);
  return NULL;
}

static void
test_grad_mode_per_thread (void)
{
  GradModeSync s = { 0 };
  GThread *thread;
  const gdouble v[] = { 1, 2, 3 };
  g_autoptr(GtTensor) a = gt_test_new_1d (v, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = NULL;

  g_mutex_init (&s.lock);
  g_cond_init (&s.cond);
  g_assert_true (gt_tensor_set_requires_grad (a, TRUE, NULL));
  thread = g_thread_new ("recording", recording_thread, &s);
  {
    g_autoptr(GtNoGradGuard) guard = gt_no_grad_guard_new ();

    set_phase (&s, 1);
    wait_phase (&s, 2);
    g_assert_false (gt_is_grad_enabled ());
    b = gt_tensor_mul (a, a, NULL);
    g_assert_null (gt_tensor_get_grad_fn_name (b));
  }
  g_thread_join (thread);
  g_assert_true (s.other_saw_enabled);
  g_assert_true (s.recorded);
  g_assert_true (gt_is_grad_enabled ());
  g_mutex_clear (&s.lock);
  g_cond_clear (&s.cond);
}

/* ---- the generator ------------------------------------------------- */

#define RNG_THREADS 4
#define RNG_DRAWS 40          /* fills per thread */
#define RNG_N 64              /* values per fill: one locked Box-Muller run */

typedef struct {
  gdouble *rows;              /* RNG_DRAWS rows of RNG_N values */
} RngJob;

static void
draw_rows (gdouble *rows, guint n_rows)
{
  const gint64 shape[] = { RNG_N };

  for (guint r = 0; r < n_rows; r++)
    {
      GError *error = NULL;
      g_autoptr(GtTensor) t = gt_randn (shape, 1, GT_DTYPE_FLOAT64, NULL, &error);
      g_autofree gdouble *v = NULL;
      gsize n = 0;

      g_assert_no_error (error);
      v = values_of (t, &n);
      g_assert_cmpuint (n, ==, RNG_N);
      memcpy (rows + (gsize) r * RNG_N, v, sizeof (gdouble) * RNG_N);
    }
}

static gpointer
rng_thread (gpointer data)
{
  RngJob *job = data;

  draw_rows (job->rows, RNG_DRAWS);
  return NULL;
}

static void
test_generator_shared (void)
{
  const guint total = RNG_THREADS * RNG_DRAWS;
  g_autofree gdouble *reference = g_new (gdouble, (gsize) total * RNG_N);
  g_autofree gboolean *used = g_new0 (gboolean, total);
  RngJob jobs[RNG_THREADS];
  GThread *threads[RNG_THREADS];

  gt_manual_seed (77);
  draw_rows (reference, total);

  gt_manual_seed (77);
  for (guint t = 0; t < RNG_THREADS; t++)
    {
      jobs[t].rows = g_new (gdouble, (gsize) RNG_DRAWS * RNG_N);
      threads[t] = g_thread_new ("rng", rng_thread, &jobs[t]);
    }
  for (guint t = 0; t < RNG_THREADS; t++)
    g_thread_join (threads[t]);

  /* Every fill a thread got is one of the single-threaded fills, each
   * handed out once: no draw lost, repeated or torn between threads. */
  for (guint t = 0; t < RNG_THREADS; t++)
    {
      for (guint r = 0; r < RNG_DRAWS; r++)
        {
          const gdouble *row = jobs[t].rows + (gsize) r * RNG_N;
          guint k;

          for (k = 0; k < total; k++)
            if (!used[k] &&
                memcmp (row, reference + (gsize) k * RNG_N,
                        sizeof (gdouble) * RNG_N) == 0)
              break;
          g_assert_cmpuint (k, <, total);
          used[k] = TRUE;
        }
      g_free (jobs[t].rows);
    }
  /* And the next draw continues the sequence after all of them. */
  {
    g_autofree gdouble *next_shared = g_new (gdouble, RNG_N);
    g_autofree gdouble *next_ref = g_new (gdouble, (gsize) (total + 1) * RNG_N);

    draw_rows (next_shared, 1);
    gt_manual_seed (77);
    draw_rows (next_ref, total + 1);
    g_assert_cmpmem (next_shared, sizeof (gdouble) * RNG_N,
                     next_ref + (gsize) total * RNG_N, sizeof (gdouble) * RNG_N);
  }
}

/* ---- a shared leaf's AccumulateGrad node ---------------------------- */

/* Every recording op on a leaf takes a reference to the leaf's
 * AccumulateGrad node through the leaf's weak pointer; dropping the graph
 * drops it. With several threads doing both on one shared leaf, a thread
 * could find the node after another had dropped its last reference but
 * before it cleared the weak pointer, and revive a node being freed
 * (GLib-CRITICAL g_atomic_ref_count_inc: old_value > 0, then a
 * use-after-free). Many short graphs make that window likely. */
#define LEAF_THREADS 4
#define LEAF_ROUNDS 3000

static gpointer
leaf_thread (gpointer data)
{
  GtTensor *leaf = data;
  guint bad = 0;

  for (guint r = 0; r < LEAF_ROUNDS; r++)
    {
      g_autoptr(GtTensor) y = gt_tensor_mul (leaf, leaf, NULL);

      if (y == NULL || gt_tensor_get_grad_fn_name (y) == NULL)
        bad++;
    }
  return GUINT_TO_POINTER (bad);
}

static void
test_shared_leaf_accumulator (void)
{
  const gdouble v[] = { 1, 2, 3 };
  g_autoptr(GtTensor) leaf = gt_test_new_1d (v, 3, GT_DTYPE_FLOAT64);
  GThread *threads[LEAF_THREADS];

  g_assert_true (gt_tensor_set_requires_grad (leaf, TRUE, NULL));
  for (guint t = 0; t < LEAF_THREADS; t++)
    threads[t] = g_thread_new ("leaf", leaf_thread, leaf);
  for (guint t = 0; t < LEAF_THREADS; t++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[t])), ==, 0);

  /* The leaf still accumulates correctly afterwards. */
  {
    GError *error = NULL;
    g_autoptr(GtTensor) y = gt_tensor_mul (leaf, leaf, &error);
    g_autoptr(GtTensor) s = gt_tensor_sum (y, NULL, 0, FALSE, &error);
    const gdouble want[] = { 2, 4, 6 };

    g_assert_no_error (error);
    g_assert_true (gt_tensor_backward (s, NULL, FALSE, FALSE, &error));
    g_assert_no_error (error);
    gt_test_assert_values (gt_tensor_get_grad (leaf), want, 3, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/threads/shared-inference-with-training",
                   test_shared_inference_with_training);
  g_test_add_func ("/threads/grad-mode-per-thread", test_grad_mode_per_thread);
  g_test_add_func ("/threads/generator", test_generator_shared);
  g_test_add_func ("/threads/shared-leaf-accumulator",
                   test_shared_leaf_accumulator);
  return g_test_run ();
}
