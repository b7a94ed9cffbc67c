/* The CUDA backend against the CPU backend: every implemented op, forward
 * and (where differentiable) backward, on random inputs, as ggml's
 * test-backend-ops does. Exits 77 (skipped) when gt_cuda_is_available() is
 * FALSE. Assertions are non-fatal, so that one run on a GPU machine lists
 * every op that disagrees. */

#include <math.h>
#include <stdio.h>

#include <gtensor/gtensor.h>

static GtDevice *cuda;
/* GT_TEST_CUDA_ON_CPU=1 without a GPU: the "CUDA" side runs on the CPU,
 * which checks the harness and every case's CPU side (used where no GPU
 * is at hand, so that GPU time is not spent on mistakes in the test). */
static gboolean on_cpu;

#define MAX_IN 3

typedef GtTensor *(*OpFn) (GtTensor **in, GError **error);

typedef struct {
  const char *name;
  OpFn        fn;
  guint       n_in;
  gint64      shapes[MAX_IN][4];   /* 0-terminated; {-1} = 0-d */
  GtDType     dtype;
  gboolean    grad;                /* also compare input gradients */
  gboolean    positive;            /* inputs in (0.5, 2.5) */
  gboolean    transposed;          /* first input as a transposed view */
} OpCase;

static guint
shape_of (const gint64 *s,
          gint64       *out)
{
  guint n = 0;

  if (s[0] == -1)
    return 0;
  while (n < 4 && s[n] != 0)
    {
      out[n] = s[n];
      n++;
    }
  return n;
}

/* Downloads @gpu and compares it element by element with @cpu. */
static gboolean
compare (const char *what,
         GtTensor   *cpu,
         GtTensor   *gpu,
         gdouble     rtol,
         gdouble     atol)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) back = NULL;
  g_autofree gdouble *a = NULL, *b = NULL;
  gsize na = 0, nb = 0, nd_a, nd_b;
  const gint64 *sa, *sb;
  g_autoptr(GtDevice) dev = gt_tensor_get_device (gpu);

  if (!on_cpu && gt_device_get_device_type (dev) != GT_DEVICE_TYPE_CUDA)
    {
      g_test_message ("%s: the result is not on a CUDA device", what);
      g_test_fail ();
      return FALSE;
    }
  sa = gt_tensor_get_shape (cpu, &nd_a);
  sb = gt_tensor_get_shape (gpu, &nd_b);
  if (nd_a != nd_b || memcmp (sa, sb, nd_a * sizeof (gint64)) != 0 ||
      gt_tensor_get_dtype (cpu) != gt_tensor_get_dtype (gpu))
    {
      g_test_message ("%s: shape or dtype differs", what);
      g_test_fail ();
      return FALSE;
    }
  back = gt_tensor_to_device (gpu, NULL, &error);
  g_assert_no_error (error);
  if (back == NULL)
    return FALSE;
  a = gt_tensor_to_doubles (cpu, &na, &error);
  g_assert_no_error (error);
  b = gt_tensor_to_doubles (back, &nb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (na, ==, nb);
  for (gsize i = 0; i < na && i < nb; i++)
    {
      gboolean same = (isnan (a[i]) && isnan (b[i])) || a[i] == b[i] ||
                      fabs (a[i] - b[i]) <= atol + rtol * fabs (a[i]);
      if (!same)
        {
          g_test_message ("%s: element %" G_GSIZE_FORMAT ": CPU %.17g, "
                          "CUDA %.17g", what, i, a[i], b[i]);
          g_test_fail ();
          return FALSE;
        }
    }
  return TRUE;
}

static GtTensor *
random_input (const OpCase *c,
              guint         i)
{
  g_autoptr(GError) error = NULL;
  gint64 shape[4];
  guint n = shape_of (c->shapes[i], shape);
  g_autoptr(GtTensor) r = gt_randn (shape, n, GT_DTYPE_FLOAT64, NULL, &error);
  GtTensor *t;

  g_assert_no_error (error);
  if (c->positive && c->dtype != GT_DTYPE_FLOAT32 && c->dtype != GT_DTYPE_FLOAT64)
    {
      /* integers 1..4: never a zero divisor */
      g_autoptr(GtTensor) a = gt_tensor_abs (r, &error);
      g_autoptr(GtTensor) s = gt_tensor_mul_scalar (a, 2.0, &error);
      g_autoptr(GtTensor) m = gt_tensor_minimum_scalar (s, 3.0, &error);
      g_autoptr(GtTensor) p = gt_tensor_add_scalar (m, 1.0, 1.0, &error);
      t = gt_tensor_to_dtype (p, c->dtype, &error);
    }
  else if (c->positive)
    {
      g_autoptr(GtTensor) a = gt_tensor_abs (r, &error);
      g_autoptr(GtTensor) s = gt_tensor_add_scalar (a, 0.5, 1.0, &error);
      g_autoptr(GtTensor) m = gt_tensor_minimum_scalar (s, 2.5, &error);
      t = gt_tensor_to_dtype (m, c->dtype, &error);
    }
  else if (c->dtype == GT_DTYPE_INT64 || c->dtype == GT_DTYPE_INT32)
    {
      g_autoptr(GtTensor) s = gt_tensor_mul_scalar (r, 4.0, &error);
      g_autoptr(GtTensor) f = gt_tensor_round (s, 0, &error);
      t = gt_tensor_to_dtype (f, c->dtype, &error);
    }
  else
    t = gt_tensor_to_dtype (r, c->dtype, &error);
  g_assert_no_error (error);
  return t;
}

static void
run_case (gconstpointer data)
{
  const OpCase *c = data;
  g_autoptr(GError) error = NULL;
  GtTensor *cpu_in[MAX_IN] = { NULL }, *gpu_in[MAX_IN] = { NULL };
  GtTensor *cpu_leaf[MAX_IN] = { NULL }, *gpu_leaf[MAX_IN] = { NULL };
  g_autoptr(GtTensor) cpu_out = NULL, gpu_out = NULL;
  gboolean is_float = c->dtype == GT_DTYPE_FLOAT32 || c->dtype == GT_DTYPE_FLOAT64;
  gdouble rtol = c->dtype == GT_DTYPE_FLOAT32 ? 1e-4 : 1e-9;
  gdouble atol = c->dtype == GT_DTYPE_FLOAT32 ? 1e-5 : 1e-11;

  gt_manual_seed (1234);
  for (guint i = 0; i < c->n_in; i++)
    {
      g_autoptr(GtTensor) base = random_input (c, i);

      if (c->transposed && i == 0 && gt_tensor_get_ndim (base) >= 2)
        {
          /* The data of the transpose, presented as a transposed view. */
          g_autoptr(GtTensor) tr = gt_tensor_transpose (base, 0, 1, &error);
          g_autoptr(GtTensor) cont = gt_tensor_contiguous (tr, &error);
          g_autoptr(GtTensor) cont_gpu = gt_tensor_to_device (cont, cuda, &error);
          g_assert_no_error (error);
          cpu_leaf[i] = g_object_ref (cont);
          gpu_leaf[i] = g_object_ref (cont_gpu);
        }
      else
        {
          cpu_leaf[i] = g_object_ref (base);
          gpu_leaf[i] = gt_tensor_to_device (base, cuda, &error);
          g_assert_no_error (error);
          if (gpu_leaf[i] == NULL)
            goto out;
        }
      if (c->grad)
        {
          gt_tensor_set_requires_grad (cpu_leaf[i], TRUE, NULL);
          gt_tensor_set_requires_grad (gpu_leaf[i], TRUE, NULL);
        }
      if (c->transposed && i == 0 && gt_tensor_get_ndim (base) >= 2)
        {
          cpu_in[i] = gt_tensor_transpose (cpu_leaf[i], 0, 1, &error);
          gpu_in[i] = gt_tensor_transpose (gpu_leaf[i], 0, 1, &error);
        }
      else
        {
          cpu_in[i] = g_object_ref (cpu_leaf[i]);
          gpu_in[i] = g_object_ref (gpu_leaf[i]);
        }
    }

  cpu_out = c->fn (cpu_in, &error);
  g_assert_no_error (error);
  if (cpu_out == NULL)
    goto out;
  gpu_out = c->fn (gpu_in, &error);
  if (gpu_out == NULL)
    {
      g_test_message ("%s on CUDA failed: %s", c->name,
                      error != NULL ? error->message : "?");
      g_test_fail ();
      goto out;
    }
  if (!compare (c->name, cpu_out, gpu_out, rtol, atol) || !c->grad || !is_float)
    goto out;

  /* Backward with the same random output gradient on both devices. */
  {
    gsize nd;
    const gint64 *shape = gt_tensor_get_shape (cpu_out, &nd);
    g_autoptr(GtTensor) g64 = gt_randn (shape, nd, GT_DTYPE_FLOAT64, NULL, &error);
    g_autoptr(GtTensor) g_cpu = gt_tensor_to_dtype (g64, gt_tensor_get_dtype (cpu_out),
                                                    &error);
    g_autoptr(GtTensor) g_gpu = gt_tensor_to_device (g_cpu, cuda, &error);

    g_assert_no_error (error);
    if (!gt_tensor_backward (cpu_out, g_cpu, FALSE, FALSE, &error))
      {
        /* the CPU's backward is the reference: a failure is the test's */
        g_test_message ("%s backward on the CPU failed: %s", c->name,
                        error->message);
        g_test_fail ();
        goto out;
      }
    if (!gt_tensor_backward (gpu_out, g_gpu, FALSE, FALSE, &error))
      {
        g_test_message ("%s backward on CUDA failed: %s", c->name,
                        error->message);
        g_test_fail ();
        goto out;
      }
    for (guint i = 0; i < c->n_in; i++)
      {
        GtTensor *gc = gt_tensor_get_grad (cpu_leaf[i]);
        GtTensor *gg = gt_tensor_get_grad (gpu_leaf[i]);
        g_autofree char *what = g_strdup_printf ("%s: gradient of input %u",
                                                 c->name, i);
        if (gc == NULL)
          continue;
        if (gg == NULL)
          {
            g_test_message ("%s missing on CUDA", what);
            g_test_fail ();
            continue;
          }
        compare (what, gc, gg, rtol * 10, atol * 10);
      }
  }

out:
  for (guint i = 0; i < c->n_in; i++)
    {
      g_clear_object (&cpu_in[i]);
      g_clear_object (&gpu_in[i]);
      g_clear_object (&cpu_leaf[i]);
      g_clear_object (&gpu_leaf[i]);
    }
}

/* ---- the ops ------------------------------------------------------------------ */

static const gint d0[] = { 0 }, d1[] = { 1 }, d01[] = { 0, 1 }, d12[] = { 1, 2 };

static GtTensor *op_add (GtTensor **x, GError **e) { return gt_tensor_add (x[0], x[1], 1.0, e); }
static GtTensor *op_sub (GtTensor **x, GError **e) { return gt_tensor_sub (x[0], x[1], 2.0, e); }
static GtTensor *op_mul (GtTensor **x, GError **e) { return gt_tensor_mul (x[0], x[1], e); }
static GtTensor *op_div (GtTensor **x, GError **e) { return gt_tensor_div (x[0], x[1], NULL, e); }
static GtTensor *op_div_floor (GtTensor **x, GError **e) { return gt_tensor_div (x[0], x[1], "floor", e); }
static GtTensor *op_pow (GtTensor **x, GError **e) { return gt_tensor_pow (x[0], x[1], e); }
static GtTensor *op_maximum (GtTensor **x, GError **e) { return gt_tensor_maximum (x[0], x[1], e); }
static GtTensor *op_lt (GtTensor **x, GError **e) { return gt_tensor_lt (x[0], x[1], e); }
static GtTensor *op_exp (GtTensor **x, GError **e) { return gt_tensor_exp (x[0], e); }
static GtTensor *op_log (GtTensor **x, GError **e) { return gt_tensor_log (x[0], e); }
static GtTensor *op_sqrt (GtTensor **x, GError **e) { return gt_tensor_sqrt (x[0], e); }
static GtTensor *op_tanh (GtTensor **x, GError **e) { return gt_tensor_tanh (x[0], e); }
static GtTensor *op_sigmoid (GtTensor **x, GError **e) { return gt_tensor_sigmoid (x[0], e); }
static GtTensor *op_abs (GtTensor **x, GError **e) { return gt_tensor_abs (x[0], e); }
static GtTensor *op_relu (GtTensor **x, GError **e) { return gt_tensor_relu (x[0], e); }
static GtTensor *op_where (GtTensor **x, GError **e)
{
  g_autoptr(GtTensor) c = gt_tensor_lt (x[0], x[1], e);
  return c != NULL ? gt_where (c, x[0], x[1], e) : NULL;
}
static GtTensor *op_clamp (GtTensor **x, GError **e) { return gt_tensor_clamp (x[0], x[1], x[2], e); }
static GtTensor *op_contiguous (GtTensor **x, GError **e) { return gt_tensor_contiguous (x[0], e); }
static GtTensor *op_to_f64 (GtTensor **x, GError **e) { return gt_tensor_to_dtype (x[0], GT_DTYPE_FLOAT64, e); }
static GtTensor *op_to_i32 (GtTensor **x, GError **e) { return gt_tensor_to_dtype (x[0], GT_DTYPE_INT32, e); }
static GtTensor *op_sum_all (GtTensor **x, GError **e) { return gt_tensor_sum (x[0], NULL, 0, FALSE, e); }
static GtTensor *op_sum_0 (GtTensor **x, GError **e) { return gt_tensor_sum (x[0], d0, 1, FALSE, e); }
static GtTensor *op_sum_1 (GtTensor **x, GError **e) { return gt_tensor_sum (x[0], d1, 1, TRUE, e); }
static GtTensor *op_sum_12 (GtTensor **x, GError **e) { return gt_tensor_sum (x[0], d12, 2, FALSE, e); }
static GtTensor *op_mean_1 (GtTensor **x, GError **e) { return gt_tensor_mean (x[0], d1, 1, FALSE, e); }
static GtTensor *op_prod_1 (GtTensor **x, GError **e) { return gt_tensor_prod (x[0], d1, 1, FALSE, e); }
static GtTensor *op_var_1 (GtTensor **x, GError **e) { return gt_tensor_var (x[0], d1, 1, 1.0, FALSE, e); }
static GtTensor *op_std_all (GtTensor **x, GError **e) { return gt_tensor_std (x[0], NULL, 0, 1.0, FALSE, e); }
static GtTensor *op_amax_0 (GtTensor **x, GError **e) { return gt_tensor_amax (x[0], d0, 1, FALSE, e); }
static GtTensor *op_amin_01 (GtTensor **x, GError **e) { return gt_tensor_amin (x[0], d01, 2, FALSE, e); }
static GtTensor *op_logsumexp_1 (GtTensor **x, GError **e) { return gt_tensor_logsumexp (x[0], d1, 1, FALSE, e); }
static GtTensor *op_logsumexp_big_1 (GtTensor **x, GError **e)
{
  /* integers far beyond exp's range: the maximum must be taken out first */
  g_autoptr(GtDevice) dev = gt_tensor_get_device (x[0]);
  g_autoptr(GtTensor) k = gt_full (NULL, 0, 300.0, gt_tensor_get_dtype (x[0]), dev, e);
  g_autoptr(GtTensor) big = k != NULL ? gt_tensor_mul (x[0], k, e) : NULL;
  return big != NULL ? gt_tensor_logsumexp (big, d1, 1, FALSE, e) : NULL;
}
static GtTensor *op_norm2 (GtTensor **x, GError **e) { return gt_tensor_norm (x[0], 2.0, NULL, 0, FALSE, e); }
static GtTensor *op_norm3_1 (GtTensor **x, GError **e) { return gt_tensor_norm (x[0], 3.0, d1, 1, FALSE, e); }
static GtTensor *op_all_1 (GtTensor **x, GError **e)
{
  g_autoptr(GtTensor) c = gt_tensor_lt (x[0], x[1], e);
  return c != NULL ? gt_tensor_all (c, d1, 1, FALSE, e) : NULL;
}
static GtTensor *op_max_dim (GtTensor **x, GError **e)
{
  g_autoptr(GtTensor) idx = NULL;
  GtTensor *v = gt_tensor_max_dim (x[0], 1, FALSE, &idx, e);
  return v;
}
static GtTensor *op_argmax_1 (GtTensor **x, GError **e) { return gt_tensor_argmax_dim (x[0], 1, FALSE, e); }
static GtTensor *op_argmin_0 (GtTensor **x, GError **e) { return gt_tensor_argmin_dim (x[0], 0, FALSE, e); }
static GtTensor *op_matmul (GtTensor **x, GError **e) { return gt_tensor_matmul (x[0], x[1], e); }
static GtTensor *op_bmm (GtTensor **x, GError **e) { return gt_tensor_bmm (x[0], x[1], e); }
static GtTensor *op_softmax_1 (GtTensor **x, GError **e) { return gt_tensor_softmax (x[0], 1, e); }
static GtTensor *op_log_softmax_1 (GtTensor **x, GError **e) { return gt_tensor_log_softmax (x[0], 1, e); }
static GtTensor *op_softmax_0 (GtTensor **x, GError **e) { return gt_tensor_softmax (x[0], 0, e); }
static GtTensor *op_cross_entropy (GtTensor **x, GError **e)
{
  /* Targets from the second input: |round(4 x)| mod 10 as class indices. */
  gint64 t[16];
  for (guint i = 0; i < 16; i++)
    t[i] = (gint64) ((i * 7) % 10);
  {
    gint64 shape[1] = { 16 };
    g_autoptr(GtDevice) dev = gt_tensor_get_device (x[0]);
    g_autoptr(GtTensor) tc = gt_tensor_new_from_int64s (t, 16, shape, 1, GT_DTYPE_INT64, NULL, e);
    g_autoptr(GtTensor) td = tc != NULL ? gt_tensor_to_device (tc, dev, e) : NULL;
    return td != NULL ? gt_cross_entropy (x[0], td, NULL, -100,
                                          GT_REDUCTION_MEAN, 0.0, e) : NULL;
  }
}
static GtTensor *op_mlp (GtTensor **x, GError **e)
{
  /* relu (x W1) summed with a softmax: several kernels chained */
  g_autoptr(GtTensor) h = gt_tensor_matmul (x[0], x[1], e);
  g_autoptr(GtTensor) r = h != NULL ? gt_tensor_relu (h, e) : NULL;
  g_autoptr(GtTensor) s = r != NULL ? gt_tensor_log_softmax (r, 1, e) : NULL;
  return s != NULL ? gt_tensor_mean (s, d0, 1, FALSE, e) : NULL;
}

static const gint64 one[1] = { 1 }, two[1] = { 2 }, three[1] = { 3 }, zero[1] = { 0 };
static GtTensor *op_conv (GtTensor **x, GError **e)
{ return gt_tensor_conv2d (x[0], x[1], x[2], one, 1, one, 1, one, 1, 1, e); }
static GtTensor *op_conv_strided (GtTensor **x, GError **e)
{ return gt_tensor_conv2d (x[0], x[1], x[2], two, 1, zero, 1, one, 1, 1, e); }
static GtTensor *op_conv_groups (GtTensor **x, GError **e)
{ return gt_tensor_conv2d (x[0], x[1], NULL, one, 1, two, 1, two, 1, 2, e); }
static GtTensor *op_conv_1x1 (GtTensor **x, GError **e)
{ return gt_tensor_conv2d (x[0], x[1], x[2], one, 1, zero, 1, one, 1, 1, e); }
static GtTensor *op_max_pool (GtTensor **x, GError **e)
{ return gt_tensor_max_pool2d (x[0], two, 1, two, 1, zero, 1, one, 1, FALSE, NULL, e); }
static GtTensor *op_max_pool_overlap (GtTensor **x, GError **e)
{ return gt_tensor_max_pool2d (x[0], three, 1, one, 1, one, 1, one, 1, FALSE, NULL, e); }
static GtTensor *op_avg_pool (GtTensor **x, GError **e)
{ return gt_tensor_avg_pool2d (x[0], three, 1, two, 1, one, 1, TRUE, FALSE, 0, e); }
static GtTensor *op_adaptive_avg (GtTensor **x, GError **e)
{
  static const gint64 size[2] = { 3, 2 };
  return gt_tensor_adaptive_avg_pool2d (x[0], size, 2, e);
}
static GtTensor *op_batch_norm (GtTensor **x, GError **e)
{ return gt_tensor_batch_norm (x[0], NULL, NULL, x[1], x[2], TRUE, 0.1, 1e-5, e); }
static GtTensor *op_batch_norm_eval (GtTensor **x, GError **e)
{
  /* running statistics: mean x[1], var |x[2]| + 0.5 */
  g_autoptr(GtTensor) a = gt_tensor_abs (x[2], e);
  g_autoptr(GtTensor) v = a != NULL ? gt_tensor_add_scalar (a, 0.5, 1.0, e) : NULL;
  g_autoptr(GtTensor) rm = gt_tensor_detach (x[1]);
  g_autoptr(GtTensor) rv = v != NULL ? gt_tensor_detach (v) : NULL;
  return rv != NULL ? gt_tensor_batch_norm (x[0], rm, rv, x[1], x[2], FALSE,
                                            0.1, 1e-5, e) : NULL;
}

static GtTensor *op_gelu (GtTensor **x, GError **e) { return gt_tensor_gelu (x[0], "none", e); }
static GtTensor *op_gelu_tanh (GtTensor **x, GError **e) { return gt_tensor_gelu (x[0], "tanh", e); }
static GtTensor *op_leaky_relu (GtTensor **x, GError **e) { return gt_tensor_leaky_relu (x[0], 0.1, e); }
static GtTensor *op_layer_norm (GtTensor **x, GError **e)
{
  static const gint64 ns[1] = { 12 };
  return gt_tensor_layer_norm (x[0], ns, 1, x[1], x[2], 1e-5, e);
}
static GtTensor *op_cumsum_1 (GtTensor **x, GError **e) { return gt_tensor_cumsum (x[0], 1, e); }
static GtTensor *op_cumsum_0 (GtTensor **x, GError **e) { return gt_tensor_cumsum (x[0], 0, e); }

/* An int64 index tensor on @like's device: (i * 3 + 1) % @mod. */
static GtTensor *
index_like (GtTensor     *like,
            const gint64 *shape,
            guint         n_dims,
            gint64        mod,
            GError      **e)
{
  gint64 n = 1, v[64];
  g_autoptr(GtDevice) dev = gt_tensor_get_device (like);
  g_autoptr(GtTensor) c = NULL;

  for (guint d = 0; d < n_dims; d++)
    n *= shape[d];
  for (gint64 i = 0; i < n && i < 64; i++)
    v[i] = (i * 3 + 1) % mod;
  c = gt_tensor_new_from_int64s (v, n, shape, n_dims, GT_DTYPE_INT64, NULL, e);
  return c != NULL ? gt_tensor_to_device (c, dev, e) : NULL;
}
static GtTensor *op_index_select (GtTensor **x, GError **e)
{
  static const gint64 s[1] = { 9 };
  g_autoptr(GtTensor) i = index_like (x[0], s, 1, 5, e);
  return i != NULL ? gt_tensor_index_select (x[0], 0, i, e) : NULL;
}
static GtTensor *op_gather (GtTensor **x, GError **e)
{
  static const gint64 s[2] = { 5, 3 };
  g_autoptr(GtTensor) i = index_like (x[0], s, 2, 7, e);
  return i != NULL ? gt_tensor_gather (x[0], 1, i, e) : NULL;
}
static GtTensor *op_scatter_add (GtTensor **x, GError **e)
{
  static const gint64 s[2] = { 5, 3 };
  g_autoptr(GtTensor) i = index_like (x[0], s, 2, 7, e);
  return i != NULL ? gt_tensor_scatter_add (x[0], 1, i, x[1], e) : NULL;
}
static GtTensor *op_masked_fill (GtTensor **x, GError **e)
{
  g_autoptr(GtTensor) m = gt_tensor_lt (x[0], x[1], e);
  return m != NULL ? gt_tensor_masked_fill_scalar (x[0], m, 0.5, e) : NULL;
}

static GtTensor *op_sort_desc (GtTensor **x, GError **e)
{ return gt_tensor_sort (x[0], 1, TRUE, TRUE, NULL, e); }
static GtTensor *op_argsort (GtTensor **x, GError **e)
{ return gt_tensor_argsort (x[0], 0, FALSE, TRUE, e); }
static GtTensor *op_topk (GtTensor **x, GError **e)
{ return gt_tensor_topk (x[0], 5, 1, TRUE, TRUE, NULL, e); }
static GtTensor *op_topk_smallest_idx (GtTensor **x, GError **e)
{
  g_autoptr(GtTensor) v = NULL;
  GtTensor *idx = NULL;
  v = gt_tensor_topk (x[0], 3, 0, FALSE, TRUE, &idx, e);
  return v != NULL ? idx : NULL;
}
static GtTensor *op_masked_select (GtTensor **x, GError **e)
{
  g_autoptr(GtTensor) m = gt_tensor_lt (x[0], x[1], e);
  return m != NULL ? gt_tensor_masked_select (x[0], m, e) : NULL;
}
static GtTensor *op_nonzero (GtTensor **x, GError **e)
{
  g_autoptr(GtTensor) m = gt_tensor_lt (x[0], x[1], e);
  return m != NULL ? gt_tensor_nonzero (m, e) : NULL;
}

#define F32 GT_DTYPE_FLOAT32
#define F64 GT_DTYPE_FLOAT64
#define I64 GT_DTYPE_INT64
#define I16 GT_DTYPE_INT16
#define F16 GT_DTYPE_FLOAT16
#define BF16 GT_DTYPE_BFLOAT16

static const OpCase cases[] = {
  /* copies, conversions, strides */
  { "contiguous-of-transpose", op_contiguous, 1, { { 37, 53 } }, F32, TRUE, FALSE, TRUE },
  { "to-float64", op_to_f64, 1, { { 5, 7, 3 } }, F32, TRUE, FALSE, FALSE },
  { "to-int32", op_to_i32, 1, { { 129 } }, I64, FALSE, FALSE, FALSE },
  /* pointwise binary with broadcasting */
  { "add-broadcast", op_add, 2, { { 4, 1, 5 }, { 3, 1 } }, F32, TRUE, FALSE, FALSE },
  { "add-large", op_add, 2, { { 1000, 1003 }, { 1000, 1003 } }, F32, TRUE, FALSE, FALSE },
  { "add-transposed", op_add, 2, { { 33, 65 }, { 33, 65 } }, F32, TRUE, FALSE, TRUE },
  { "add-int64", op_add, 2, { { 6, 7 }, { 7 } }, I64, FALSE, FALSE, FALSE },
  { "sub-alpha", op_sub, 2, { { 8, 9 }, { 9 } }, F64, TRUE, FALSE, FALSE },
  { "mul", op_mul, 2, { { 17, 3 }, { 17, 1 } }, F64, TRUE, FALSE, FALSE },
  { "div", op_div, 2, { { 31 }, { 31 } }, F32, TRUE, TRUE, FALSE },
  { "div-floor-int64", op_div_floor, 2, { { 40 }, { 40 } }, I64, FALSE, TRUE, FALSE },
  { "pow", op_pow, 2, { { 5, 6 }, { 6 } }, F64, TRUE, TRUE, FALSE },
  { "maximum", op_maximum, 2, { { 10, 10 }, { 10 } }, F32, TRUE, FALSE, FALSE },
  { "lt", op_lt, 2, { { 10, 10 }, { 10, 1 } }, F32, FALSE, FALSE, FALSE },
  { "where", op_where, 2, { { 12, 5 }, { 5 } }, F32, TRUE, FALSE, FALSE },
  { "clamp-tensors", op_clamp, 3, { { 20, 4 }, { 4 }, { 20, 1 } }, F64, TRUE, FALSE, FALSE },
  /* pointwise unary */
  { "exp", op_exp, 1, { { 100, 3 } }, F32, TRUE, FALSE, FALSE },
  { "log", op_log, 1, { { 64 } }, F64, TRUE, TRUE, FALSE },
  { "sqrt", op_sqrt, 1, { { 7, 9 } }, F32, TRUE, TRUE, TRUE },
  { "tanh", op_tanh, 1, { { 1025 } }, F32, TRUE, FALSE, FALSE },
  { "sigmoid", op_sigmoid, 1, { { 3, 4, 5 } }, F64, TRUE, FALSE, FALSE },
  { "abs-int64", op_abs, 1, { { 50 } }, I64, FALSE, FALSE, FALSE },
  { "relu", op_relu, 1, { { 16, 16 } }, F32, TRUE, FALSE, FALSE },
  /* reductions */
  { "sum-all", op_sum_all, 1, { { 300, 301 } }, F32, TRUE, FALSE, FALSE },
  { "sum-all-large", op_sum_all, 1, { { 1 << 22 } }, F32, FALSE, FALSE, FALSE },
  { "sum-dim0-vertical", op_sum_0, 1, { { 3000, 64 } }, F32, TRUE, FALSE, FALSE },
  { "sum-dim1-keepdim", op_sum_1, 1, { { 20, 30, 4 } }, F64, TRUE, FALSE, FALSE },
  { "sum-dims12-transposed", op_sum_12, 1, { { 6, 7, 8 } }, F32, TRUE, FALSE, TRUE },
  { "sum-int64", op_sum_all, 1, { { 1000 } }, I64, FALSE, FALSE, FALSE },
  { "mean-dim1", op_mean_1, 1, { { 9, 100 } }, F32, TRUE, FALSE, FALSE },
  { "prod-dim1", op_prod_1, 1, { { 9, 5 } }, F64, TRUE, TRUE, FALSE },
  { "var-dim1", op_var_1, 1, { { 9, 100 } }, F64, TRUE, FALSE, FALSE },
  { "std-all", op_std_all, 1, { { 1000, 100 } }, F32, TRUE, FALSE, FALSE },
  { "amax-dim0", op_amax_0, 1, { { 50, 7 } }, F32, TRUE, FALSE, FALSE },
  { "amin-dims01", op_amin_01, 1, { { 5, 7, 3 } }, F64, TRUE, FALSE, FALSE },
  { "logsumexp-dim1", op_logsumexp_1, 1, { { 8, 1000 } }, F32, TRUE, FALSE, FALSE },
  { "logsumexp-int64-large", op_logsumexp_big_1, 1, { { 6, 50 } }, I64, FALSE, FALSE, FALSE },
  { "norm2-all", op_norm2, 1, { { 77, 3 } }, F64, TRUE, FALSE, FALSE },
  { "norm3-dim1", op_norm3_1, 1, { { 7, 30 } }, F64, TRUE, FALSE, FALSE },
  { "all-dim1", op_all_1, 2, { { 6, 40 }, { 40 } }, F32, FALSE, FALSE, FALSE },
  { "max-dim1", op_max_dim, 1, { { 33, 17 } }, F32, TRUE, FALSE, FALSE },
  { "argmax-dim1", op_argmax_1, 1, { { 33, 5000 } }, F32, FALSE, FALSE, FALSE },
  { "argmin-dim0-int64", op_argmin_0, 1, { { 100, 3 } }, I64, FALSE, FALSE, FALSE },
  /* GEMM (TF32 off: float32 to rounding) */
  { "matmul", op_matmul, 2, { { 64, 32 }, { 32, 48 } }, F32, TRUE, FALSE, FALSE },
  { "matmul-transposed", op_matmul, 2, { { 16, 40 }, { 40, 24 } }, F32, TRUE, FALSE, TRUE },
  { "matmul-f64-vector", op_matmul, 2, { { 13, 7 }, { 7 } }, F64, TRUE, FALSE, FALSE },
  { "matmul-broadcast-batch", op_matmul, 2, { { 3, 5, 6 }, { 6, 4 } }, F32, TRUE, FALSE, FALSE },
  { "bmm", op_bmm, 2, { { 4, 16, 8 }, { 4, 8, 12 } }, F64, TRUE, FALSE, FALSE },
  { "matmul-int64", op_matmul, 2, { { 9, 8 }, { 8, 7 } }, I64, FALSE, FALSE, FALSE },
  /* softmax and the losses */
  { "softmax-dim1", op_softmax_1, 1, { { 16, 1000 } }, F32, TRUE, FALSE, FALSE },
  { "log-softmax-dim1", op_log_softmax_1, 1, { { 5, 10, 7 } }, F64, TRUE, FALSE, FALSE },
  { "softmax-dim0", op_softmax_0, 1, { { 30, 8 } }, F32, TRUE, FALSE, FALSE },
  { "cross-entropy", op_cross_entropy, 1, { { 16, 10 } }, F32, TRUE, FALSE, FALSE },
  /* conv2d (im2col + cuBLAS), pooling, batch norm */
  { "conv2d", op_conv, 3, { { 2, 3, 9, 8 }, { 4, 3, 3, 3 }, { 4 } }, F32, TRUE, FALSE, FALSE },
  { "conv2d-f64-stride2", op_conv_strided, 3, { { 3, 2, 11, 10 }, { 5, 2, 3, 2 }, { 5 } }, F64, TRUE, FALSE, FALSE },
  { "conv2d-groups-dilation", op_conv_groups, 2, { { 2, 4, 10, 10 }, { 6, 2, 3, 3 } }, F64, TRUE, FALSE, FALSE },
  { "conv2d-1x1", op_conv_1x1, 3, { { 2, 8, 5, 5 }, { 3, 8, 1, 1 }, { 3 } }, F32, TRUE, FALSE, FALSE },
  { "max-pool2d", op_max_pool, 1, { { 2, 3, 8, 9 } }, F32, TRUE, FALSE, FALSE },
  { "max-pool2d-overlap", op_max_pool_overlap, 1, { { 2, 2, 7, 7 } }, F64, TRUE, FALSE, FALSE },
  { "avg-pool2d", op_avg_pool, 1, { { 2, 3, 9, 7 } }, F64, TRUE, FALSE, FALSE },
  { "adaptive-avg-pool2d", op_adaptive_avg, 1, { { 2, 3, 7, 5 } }, F32, TRUE, FALSE, FALSE },
  { "batch-norm-train", op_batch_norm, 3, { { 8, 4, 5, 5 }, { 4 }, { 4 } }, F64, TRUE, FALSE, FALSE },
  { "batch-norm-eval", op_batch_norm_eval, 3, { { 8, 4, 6 }, { 4 }, { 4 } }, F32, TRUE, FALSE, FALSE },
  /* activations, layer norm, cumsum */
  { "gelu", op_gelu, 1, { { 9, 31 } }, F32, TRUE, FALSE, FALSE },
  { "gelu-tanh", op_gelu_tanh, 1, { { 9, 31 } }, F64, TRUE, FALSE, TRUE },
  { "leaky-relu", op_leaky_relu, 1, { { 40 } }, F32, TRUE, FALSE, FALSE },
  { "layer-norm", op_layer_norm, 3, { { 6, 5, 12 }, { 12 }, { 12 } }, F64, TRUE, FALSE, FALSE },
  { "cumsum-dim1", op_cumsum_1, 1, { { 7, 300 } }, F32, TRUE, FALSE, FALSE },
  { "cumsum-dim0-int64", op_cumsum_0, 1, { { 30, 4 } }, I64, FALSE, FALSE, FALSE },
  { "cumsum-dim1-bfloat16", op_cumsum_1, 1, { { 5, 40 } }, BF16, FALSE, FALSE, FALSE },
  /* index ops */
  { "index-select", op_index_select, 1, { { 5, 7 } }, F32, TRUE, FALSE, FALSE },
  { "gather", op_gather, 1, { { 5, 7 } }, F64, TRUE, FALSE, FALSE },
  { "scatter-add", op_scatter_add, 2, { { 5, 7 }, { 5, 3 } }, F64, TRUE, FALSE, FALSE },
  { "scatter-add-int16", op_scatter_add, 2, { { 5, 7 }, { 5, 3 } }, I16, FALSE, FALSE, FALSE },
  { "scatter-add-float16", op_scatter_add, 2, { { 5, 7 }, { 5, 3 } }, F16, FALSE, FALSE, FALSE },
  { "masked-fill", op_masked_fill, 2, { { 6, 8 }, { 8 } }, F32, TRUE, FALSE, FALSE },
  /* sorting and selection */
  { "sort-descending", op_sort_desc, 1, { { 7, 300 } }, F32, TRUE, FALSE, FALSE },
  { "argsort-dim0-int64", op_argsort, 1, { { 50, 3 } }, I64, FALSE, FALSE, FALSE },
  { "topk-largest", op_topk, 1, { { 6, 40 } }, F64, TRUE, FALSE, TRUE },
  { "topk-smallest-indices", op_topk_smallest_idx, 1, { { 20, 4 } }, F32, FALSE, FALSE, FALSE },
  { "masked-select", op_masked_select, 2, { { 9, 8 }, { 8 } }, F32, TRUE, FALSE, FALSE },
  { "nonzero", op_nonzero, 2, { { 9, 8 }, { 8 } }, F32, FALSE, FALSE, FALSE },
  { "mlp", op_mlp, 2, { { 32, 20 }, { 20, 10 } }, F32, TRUE, FALSE, FALSE },
};

/* ---- the rest ------------------------------------------------------------------ */

static void
test_creation (void)
{
  gint64 shape[2] = { 3, 5 };
  struct { const char *what; GtTensor *c, *g; } t[] = {
    { "zeros", gt_zeros (shape, 2, F32, NULL, NULL), gt_zeros (shape, 2, F32, cuda, NULL) },
    { "full", gt_full (shape, 2, 2.5, F64, NULL, NULL), gt_full (shape, 2, 2.5, F64, cuda, NULL) },
    { "ones-int64", gt_ones (shape, 2, I64, NULL, NULL), gt_ones (shape, 2, I64, cuda, NULL) },
    { "arange", gt_arange (-3, 10, 0.25, F32, NULL, NULL), gt_arange (-3, 10, 0.25, F32, cuda, NULL) },
    { "arange-int64", gt_arange (0, 1000, 3, I64, NULL, NULL), gt_arange (0, 1000, 3, I64, cuda, NULL) },
    { "linspace", gt_linspace (-1, 1, 101, F64, NULL, NULL), gt_linspace (-1, 1, 101, F64, cuda, NULL) },
    { "linspace-int64-fractional-ends", gt_linspace (0.5, 100.7, 77, I64, NULL, NULL),
      gt_linspace (0.5, 100.7, 77, I64, cuda, NULL) },
    { "linspace-one-step", gt_linspace (3, 7, 1, F32, NULL, NULL), gt_linspace (3, 7, 1, F32, cuda, NULL) },
    { "eye", gt_eye (4, 6, F32, NULL, NULL), gt_eye (4, 6, F32, cuda, NULL) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      if (t[i].c != NULL && t[i].g != NULL)
        compare (t[i].what, t[i].c, t[i].g, 1e-6, 1e-12);
      else
        {
          g_test_message ("%s failed", t[i].what);
          g_test_fail ();
        }
      g_clear_object (&t[i].c);
      g_clear_object (&t[i].g);
    }
}

static void
test_memory (void)
{
  g_autoptr(GError) error = NULL;
  gint64 shape[1] = { 1 << 20 };
  guint64 before = gt_cuda_memory_allocated (0), during, after;
  GtTensor *t = gt_zeros (shape, 1, F32, cuda, &error);

  g_assert_no_error (error);
  during = gt_cuda_memory_allocated (0);
  g_assert_cmpuint (during, >=, before + (4u << 20));
  g_assert_cmpuint (gt_cuda_memory_reserved (0), >=, during);
  g_object_unref (t);
  after = gt_cuda_memory_allocated (0);
  g_assert_cmpuint (after, ==, before);

  /* The freed block stays cached until empty_cache. */
  g_assert_cmpuint (gt_cuda_memory_reserved (0), >=, 4u << 20);
  g_assert_true (gt_cuda_synchronize (0, &error));
  g_assert_no_error (error);
  gt_cuda_empty_cache ();
  g_assert_cmpuint (gt_cuda_memory_reserved (0), <, before + (4u << 20) + 1);

  /* A loop of allocations reuses the pool. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(GtTensor) u = gt_ones (shape, 1, F32, cuda, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (gt_cuda_memory_allocated (0), ==, before);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  gint64 shape[1] = { 8 };
  g_autoptr(GtTensor) c = gt_ones (shape, 1, F32, NULL, NULL);
  g_autoptr(GtTensor) g = gt_ones (shape, 1, F32, cuda, &error);
  g_autoptr(GtTensor) sum = NULL, sorted = NULL, q = NULL;
  g_autoptr(GtTensor) zi = NULL, oi = NULL, gzi = NULL, goi = NULL;
  g_autoptr(GtDevice) far = gt_device_new (GT_DEVICE_TYPE_CUDA, 1000, NULL);

  g_assert_no_error (error);
  /* Cross-device operands are refused as torch does. */
  sum = gt_tensor_add (c, g, 1.0, &error);
  g_assert_null (sum);
  g_assert_error (error, GT_ERROR, GT_ERROR_DEVICE);
  g_clear_error (&error);

  /* Out-of-range indices are refused before anything is written. */
  {
    gint64 bad[2] = { 1, 8 }, two_[1] = { 2 };
    g_autoptr(GtTensor) ic = gt_tensor_new_from_int64s (bad, 2, two_, 1, I64, NULL, NULL);
    g_autoptr(GtTensor) ig = gt_tensor_to_device (ic, cuda, &error);
    g_assert_no_error (error);
    sorted = gt_tensor_index_select (g, 0, ig, &error);
    g_assert_null (sorted);
    g_assert_error (error, GT_ERROR, GT_ERROR_INDEX);
    g_clear_error (&error);
  }

  /* Integer division by zero is refused before anything is written. */
  zi = gt_zeros (shape, 1, I64, NULL, NULL);
  oi = gt_ones (shape, 1, I64, NULL, NULL);
  gzi = gt_tensor_to_device (zi, cuda, &error);
  goi = gt_tensor_to_device (oi, cuda, &error);
  g_assert_no_error (error);
  q = gt_tensor_div (goi, gzi, "floor", &error);
  g_assert_null (q);
  g_assert_error (error, GT_ERROR, GT_ERROR_VALUE);
  g_clear_error (&error);

  /* A device index beyond the machine's. */
  g_assert_null (gt_zeros (shape, 1, F32, far, &error));
  g_assert_error (error, GT_ERROR, GT_ERROR_DEVICE_UNAVAILABLE);
  g_clear_error (&error);

  /* An absurd allocation is GT_ERROR_OUT_OF_MEMORY, not an abort. */
  {
    gint64 huge[1] = { (gint64) 1 << 50 };
    g_assert_null (gt_empty (huge, 1, GT_DTYPE_UINT8, cuda, &error));
    g_assert_error (error, GT_ERROR, GT_ERROR_OUT_OF_MEMORY);
    g_clear_error (&error);
  }
}

static void
test_tf32 (void)
{
  g_autoptr(GError) error = NULL;
  gint64 shape[2] = { 256, 256 };
  g_autoptr(GtTensor) a = NULL, ag = NULL, exact = NULL, fast = NULL;
  g_autoptr(GtTensor) pc = NULL;

  gt_manual_seed (7);
  a = gt_randn (shape, 2, F32, NULL, &error);
  ag = gt_tensor_to_device (a, cuda, &error);
  g_assert_no_error (error);
  g_assert_false (gt_cuda_get_allow_tf32 ());
  exact = gt_tensor_matmul (ag, ag, &error);
  pc = gt_tensor_matmul (a, a, &error);
  g_assert_no_error (error);
  compare ("matmul 256 without TF32", pc, exact, 1e-4, 1e-4);
  gt_cuda_set_allow_tf32 (TRUE);
  fast = gt_tensor_matmul (ag, ag, &error);
  gt_cuda_set_allow_tf32 (FALSE);
  g_assert_no_error (error);
  /* TF32 keeps 10 mantissa bits: close, not equal. */
  compare ("matmul 256 with TF32", pc, fast, 2e-2, 2e-1);
}

/* Statistics of the device generator, and gt_manual_seed repeating it. */
static void
test_random (void)
{
  g_autoptr(GError) error = NULL;
  gint64 shape[1] = { 1 << 20 };
  g_autoptr(GtTensor) n1 = NULL, n2 = NULL, u = NULL, ri = NULL, d = NULL;
  g_autoptr(GtTensor) ones = NULL;
  g_autoptr(GtTensor) m = NULL, sd = NULL, umin = NULL, umax = NULL;
  g_autoptr(GtTensor) rmin = NULL, rmax = NULL, same = NULL, all = NULL;
  g_autoptr(GtTensor) kept = NULL;
  gdouble frac;

  gt_manual_seed (42);
  n1 = gt_randn (shape, 1, GT_DTYPE_FLOAT64, cuda, &error);
  g_assert_no_error (error);
  if (n1 == NULL)
    return;
  m = gt_tensor_mean (n1, NULL, 0, FALSE, &error);
  sd = gt_tensor_std (n1, NULL, 0, 1.0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (gt_tensor_item (m, NULL)), <, 0.01);
  g_assert_cmpfloat (fabs (gt_tensor_item (sd, NULL) - 1.0), <, 0.01);

  gt_manual_seed (42);
  n2 = gt_randn (shape, 1, GT_DTYPE_FLOAT64, cuda, &error);
  same = gt_tensor_eq (n1, n2, &error);
  all = gt_tensor_all (same, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (gt_tensor_item (all, NULL), ==, 1.0);

  u = gt_rand (shape, 1, F32, cuda, &error);
  umin = gt_tensor_amin (u, NULL, 0, FALSE, &error);
  umax = gt_tensor_amax (u, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (gt_tensor_item (umin, NULL), >=, 0.0);
  g_assert_cmpfloat (gt_tensor_item (umin, NULL), <, 1e-4);
  g_assert_cmpfloat (gt_tensor_item (umax, NULL), <, 1.0);
  g_assert_cmpfloat (gt_tensor_item (umax, NULL), >, 1.0 - 1e-4);

  ri = gt_randint (-3, 5, shape, 1, I64, cuda, &error);
  rmin = gt_tensor_amin (ri, NULL, 0, FALSE, &error);
  rmax = gt_tensor_amax (ri, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (gt_tensor_item (rmin, NULL), ==, -3.0);
  g_assert_cmpfloat (gt_tensor_item (rmax, NULL), ==, 4.0);

  /* dropout keeps about 1 - p, scaled by 1 / (1 - p) */
  ones = gt_ones (shape, 1, F32, cuda, &error);
  d = gt_tensor_dropout (ones, 0.25, TRUE, &error);
  g_assert_no_error (error);
  if (d == NULL)
    return;
  kept = gt_tensor_mean (d, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  frac = gt_tensor_item (kept, NULL);      /* (1 - p) * 1 / (1 - p) = 1 */
  g_assert_cmpfloat (fabs (frac - 1.0), <, 0.01);
  {
    g_autoptr(GtTensor) dmax = gt_tensor_amax (d, NULL, 0, FALSE, &error);
    g_assert_cmpfloat (fabs (gt_tensor_item (dmax, NULL) - 4.0 / 3.0), <, 1e-6);
  }
}

/* A few steps of an optimizer on the CPU and on CUDA from the same
 * parameters and gradients: the fused kernels against the CPU's. */
typedef GtOptimizer *(*OptimNew) (GPtrArray *params, GError **error);

typedef struct {
  const char *name;
  OptimNew    make;
  GtDType     dtype;
  gint64      shape[2];
  guint       ndim;
  guint64     seed;
  gdouble     rtol, atol;
} OptimCase;

static GtOptimizer *
new_adam (GPtrArray *p, GError **e)
{
  return gt_adam_new (p, 0.01, e);
}

static GtOptimizer *
new_adam_amsgrad (GPtrArray *p, GError **e)
{
  return gt_adam_new_full (p, 0.01, 0.9, 0.999, 1e-8, 0.01, TRUE, FALSE, e);
}

static GtOptimizer *
new_rmsprop (GPtrArray *p, GError **e)
{
  return gt_rmsprop_new (p, 0.01, e);
}

static GtOptimizer *
new_sgd_nesterov (GPtrArray *p, GError **e)
{
  return gt_sgd_new_full (p, 0.1, 0.9, 0.0, 1e-3, TRUE, FALSE, e);
}

static const OptimCase optim_cases[] = {
  { "adam", new_adam, GT_DTYPE_FLOAT32, { 50, 20 }, 2, 3, 1e-5, 1e-6 },
  { "adam-amsgrad-decay", new_adam_amsgrad, GT_DTYPE_FLOAT64, { 70 }, 1, 4, 1e-10, 1e-12 },
  { "rmsprop", new_rmsprop, GT_DTYPE_FLOAT64, { 300 }, 1, 5, 1e-10, 1e-12 },
  { "sgd-nesterov", new_sgd_nesterov, GT_DTYPE_FLOAT32, { 9, 11 }, 2, 6, 1e-5, 1e-6 },
};

static void
run_optim_case (gconstpointer data)
{
  const OptimCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) pc = NULL, pg = NULL, gc = NULL, gg = NULL;
  g_autoptr(GPtrArray) lc = g_ptr_array_new (), lg = g_ptr_array_new ();
  g_autoptr(GtOptimizer) oc = NULL, og = NULL;

  gt_manual_seed (c->seed);
  pc = gt_randn (c->shape, c->ndim, c->dtype, NULL, &error);
  pg = gt_tensor_to_device (pc, cuda, &error);
  gc = gt_randn (c->shape, c->ndim, c->dtype, NULL, &error);
  gg = gt_tensor_to_device (gc, cuda, &error);
  g_assert_no_error (error);
  gt_tensor_set_requires_grad (pc, TRUE, NULL);
  gt_tensor_set_requires_grad (pg, TRUE, NULL);
  g_ptr_array_add (lc, pc);
  g_ptr_array_add (lg, pg);
  oc = c->make (lc, &error);
  og = c->make (lg, &error);
  g_assert_no_error (error);
  for (guint step = 0; step < 3; step++)
    {
      gt_tensor_set_grad (pc, gc, NULL);
      gt_tensor_set_grad (pg, gg, NULL);
      g_assert_true (gt_optimizer_step (oc, &error));
      if (!gt_optimizer_step (og, &error))
        {
          g_test_message ("%s step on CUDA: %s", c->name, error->message);
          g_test_fail ();
          return;
        }
    }
  compare (c->name, pc, pg, c->rtol, c->atol);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  on_cpu = !gt_cuda_is_available () && g_getenv ("GT_TEST_CUDA_ON_CPU") != NULL;
  if (!gt_cuda_is_available () && !on_cpu)
    {
      g_autoptr(GtDevice) dev = gt_device_new (GT_DEVICE_TYPE_CUDA, 0, NULL);
      g_autoptr(GtTensor) t = gt_empty ((gint64[]) { 1 }, 1, GT_DTYPE_FLOAT32,
                                        dev, &error);
      printf ("1..0 # SKIP no CUDA device: %s\n",
              error != NULL ? error->message : "?");
      return 77;
    }

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  cuda = on_cpu ? gt_device_new (GT_DEVICE_TYPE_CPU, -1, NULL)
               : gt_device_new (GT_DEVICE_TYPE_CUDA, 0, NULL);
  printf ("# %d CUDA device(s)%s\n", gt_cuda_device_count (),
          on_cpu ? "; the CUDA side runs on the CPU" : "");

  g_test_add_func ("/cuda/creation", test_creation);
  if (!on_cpu)
    {
      g_test_add_func ("/cuda/memory", test_memory);
      g_test_add_func ("/cuda/errors", test_errors);
      g_test_add_func ("/cuda/tf32", test_tf32);
      g_test_add_func ("/cuda/random", test_random);
    }
  for (guint i = 0; i < G_N_ELEMENTS (optim_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cuda/optim/%s",
                                               optim_cases[i].name);
      g_test_add_data_func (path, &optim_cases[i], run_optim_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cuda/op/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], run_case);
    }
  return g_test_run ();
}
