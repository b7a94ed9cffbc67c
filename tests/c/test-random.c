/* Random tensors: with one seed, gtensor must give exactly the numbers
 * torch gives on the CPU (values below come from PyTorch 1.13), repeat
 * them after reseeding, and refuse dtypes and ranges torch refuses. */

#include "gt-test-utils.h"

static GtTensor *
checked (GtTensor *t,
         GError   *error)
{
  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

typedef GtTensor *(*DrawFunc) (const gint64  *shape,
                               gsize          n_dims,
                               GtDType        dtype,
                               GtDevice      *device,
                               GError       **error);

/* Seeds the generator with @seed, draws @n values of @dtype with @draw
 * (gt_rand or gt_randn) and compares them with torch's, within @tol.
 * @what is the torch call that gave @expected, logged so that a failure
 * says which draw it was. */
static void
assert_draw (const char    *what,
             guint64        seed,
             DrawFunc       draw,
             GtDType        dtype,
             const gdouble *expected,
             gint64         n,
             gdouble        tol)
{
  GError *error = NULL;
  g_autoptr(GtTensor) t = NULL;

  g_test_message ("%s", what);
  gt_manual_seed (seed);
  t = checked (draw (&n, 1, dtype, NULL, &error), error);
  g_assert_cmpint (gt_tensor_get_dtype (t), ==, dtype);
  gt_test_assert_values (t, expected, n, tol);
}

/* The same for gt_randint (@low, @high), compared exactly. */
static void
assert_randint (const char   *what,
                guint64       seed,
                gint64        low,
                gint64        high,
                GtDType       dtype,
                const gint64 *expected,
                gint64        n)
{
  GError *error = NULL;
  g_autoptr(GtTensor) t = NULL;

  g_test_message ("%s", what);
  gt_manual_seed (seed);
  t = checked (gt_randint (low, high, &n, 1, dtype, NULL, &error), error);
  g_assert_cmpint (gt_tensor_get_dtype (t), ==, dtype);
  gt_test_assert_int64s (t, expected, n);
}

/* ---- exact values ------------------------------------------------------------ */

static void
test_random_rand_torch (void)
{
  /* torch.manual_seed(0); torch.rand(2, 3) */
  const gdouble expected[] = { 0.49625658988952637, 0.7682217955589294,
                               0.08847743272781372, 0.13203048706054688,
                               0.30742281675338745, 0.6340786814689636 };
  const gint64 shape[] = { 2, 3 };
  GError *error = NULL;
  g_autoptr(GtTensor) t = NULL;

  gt_manual_seed (0);
  t = checked (gt_rand (shape, 2, GT_DTYPE_FLOAT32, NULL, &error), error);
  gt_test_assert_shape (t, shape, 2);
  g_assert_cmpint (gt_tensor_get_dtype (t), ==, GT_DTYPE_FLOAT32);
  gt_test_assert_values (t, expected, 6, 0.0);
}

static void
test_random_randn_torch (void)
{
  /* torch.manual_seed(0); torch.randn(2, 3): fewer than 16 values use the
   * scalar Box-Muller path in double */
  const gdouble expected[] = { 1.5409960746765137, -0.293428897857666,
                               -2.1787893772125244, 0.5684312582015991,
                               -1.0845223665237427, -1.3985954523086548 };
  const gint64 shape[] = { 2, 3 };
  GError *error = NULL;
  g_autoptr(GtTensor) t = NULL;

  gt_manual_seed (0);
  t = checked (gt_randn (shape, 2, GT_DTYPE_FLOAT32, NULL, &error), error);
  gt_test_assert_values (t, expected, 6, 0.0);
}

static void
test_random_randn_vectorized_torch (void)
{
  /* torch.manual_seed(0); torch.randn(20): 16 values or more take the
   * normal_fill path, which redraws the last 16 when n % 16 != 0 */
  const gdouble expected[] = {
    -1.1258398294448853, -1.152360200881958, -0.2505785822868347,
    -0.4338788092136383, 0.5988394618034363, -1.5550950765609741,
    -0.3413603901863098, 1.85300612449646, 0.46809640526771545,
    -0.1577124446630478, 1.4436601400375366, 0.26604941487312317,
    1.3893661499023438, 1.586334228515625, 0.946298360824585,
    -0.843676745891571, 0.9318265914916992, 1.2590092420578003,
    2.0049805641174316, 0.05373690277338028 };
  /* torch.manual_seed(0); torch.randn(17, dtype=torch.float64) */
  const gdouble expected64[] = {
    -2.310411800234176, -0.6332746088675096, -1.2609246557194385,
    -0.726951062065411, -0.019964750907762653, 0.2102998901016947,
    0.17718935139366584, -0.830510051008449, 0.23871805816817063,
    -0.2426793824588577, -0.7730112772958181, -1.5951814880783068,
    -0.6870036940435463, 1.4880743158106724, -0.4484158047114511,
    -0.8910030351707375, 0.6748575435940039 };

  /* float32 transcendental functions may differ by an ulp between libms */
  assert_draw ("torch.randn(20)", 0, gt_randn, GT_DTYPE_FLOAT32, expected,
               20, 1e-6);
  assert_draw ("torch.randn(17, dtype=torch.float64)", 0, gt_randn,
               GT_DTYPE_FLOAT64, expected64, 17, 1e-14);
}

static void
test_random_randint_torch (void)
{
  const gint64 n5[] = { 5 };
  /* torch.manual_seed(0); torch.randint(0, 10, (8,)) */
  const gint64 expected[] = { 4, 9, 3, 0, 3, 9, 7, 3 };
  /* torch.manual_seed(42); torch.randint(-5, 5, (6,), dtype=torch.int32) */
  const gint64 expected_neg[] = { -3, 2, 1, -1, 1, 0 };
  /* torch.manual_seed(42); torch.randint(0, 2**40, (4,)): a range of 2^32
   * or more draws 64 bits per value */
  const gint64 expected_wide[] = { G_GINT64_CONSTANT (441507790259),
                                   G_GINT64_CONSTANT (395924837646),
                                   G_GINT64_CONSTANT (458615280711),
                                   G_GINT64_CONSTANT (810017303572) };
  /* torch.manual_seed(0); torch.randint(0, 256, (5,), dtype=torch.uint8) */
  const gint64 expected_u8[] = { 172, 47, 117, 192, 67 };
  /* torch.manual_seed(0); torch.randint(0, 2, (6,), dtype=torch.bool) */
  const gint64 expected_bool[] = { 0, 1, 1, 0, 1, 1 };
  /* torch.manual_seed(0); torch.randint(3, 7, (5,), dtype=torch.float32) */
  const gdouble expected_f32[] = { 3, 6, 4, 3, 6 };
  GError *error = NULL;
  g_autoptr(GtTensor) f = NULL;

  assert_randint ("torch.randint(0, 10, (8,))", 0, 0, 10, GT_DTYPE_INT64,
                  expected, 8);
  assert_randint ("torch.randint(-5, 5, (6,), dtype=torch.int32)", 42, -5, 5,
                  GT_DTYPE_INT32, expected_neg, 6);
  assert_randint ("torch.randint(0, 2**40, (4,))", 42, 0,
                  G_GINT64_CONSTANT (1) << 40, GT_DTYPE_INT64, expected_wide,
                  4);
  assert_randint ("torch.randint(0, 256, (5,), dtype=torch.uint8)", 0, 0, 256,
                  GT_DTYPE_UINT8, expected_u8, 5);
  assert_randint ("torch.randint(0, 2, (6,), dtype=torch.bool)", 0, 0, 2,
                  GT_DTYPE_BOOL, expected_bool, 6);

  gt_manual_seed (0);
  f = checked (gt_randint (3, 7, n5, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  gt_test_assert_values (f, expected_f32, 5, 0.0);
}

static void
test_random_other_dtypes_torch (void)
{
  /* torch.manual_seed(0); torch.rand(4, dtype=torch.float64): 53 bits */
  const gdouble rand64[] = { 0.9700530018065531, 0.707819864399788,
                             0.45938294312745087, 0.9207476841219603 };
  /* torch.manual_seed(0); torch.randn(4, dtype=torch.float64) */
  const gdouble randn64[] = { 1.5409961082440433, -0.2934289057609464,
                              -2.1787893820745574, 0.5684312772806678 };
  /* torch.rand(4, dtype=torch.float16) / torch.bfloat16 after seed 0 */
  const gdouble rand16[] = { 0.333984375, 0.27294921875, 0.80712890625, 0.59375 };
  const gdouble randbf16[] = { 0.671875, 0.18359375, 0.45703125, 0.75 };
  /* torch.randn(5, dtype=torch.float16) after seed 0 */
  const gdouble randn16[] = { 1.541015625, -0.29345703125, -2.1796875,
                              0.568359375, -1.0849609375 };

  assert_draw ("torch.rand(4, dtype=torch.float64)", 0, gt_rand,
               GT_DTYPE_FLOAT64, rand64, 4, 0.0);
  assert_draw ("torch.randn(4, dtype=torch.float64)", 0, gt_randn,
               GT_DTYPE_FLOAT64, randn64, 4, 0.0);
  assert_draw ("torch.rand(4, dtype=torch.float16)", 0, gt_rand,
               GT_DTYPE_FLOAT16, rand16, 4, 0.0);
  assert_draw ("torch.rand(4, dtype=torch.bfloat16)", 0, gt_rand,
               GT_DTYPE_BFLOAT16, randbf16, 4, 0.0);
  assert_draw ("torch.randn(5, dtype=torch.float16)", 0, gt_randn,
               GT_DTYPE_FLOAT16, randn16, 5, 0.0);
}

static void
test_random_randn_16bit_vectorized (void)
{
  /* torch.manual_seed(0); torch.randn(20, dtype=torch.float16 / bfloat16).
   * torch computes these in the 16-bit type; gtensor in float32, so allow
   * a couple of units in the last place. */
  const gdouble f16[] = { -0.90087890625, 0.481201171875, 1.1982421875,
                          0.9052734375, -1.3935546875, 0.7724609375,
                          -0.2142333984375, 0.398681640625, 1.6650390625,
                          -1.0234375, -1.2783203125, 0.44287109375,
                          0.85400390625, 0.1734619140625, 0.2022705078125,
                          -0.1365966796875, 0.61328125, 0.152099609375,
                          1.384765625, -0.6416015625 };
  const gdouble bf16[] = { 1.4609375, 0.291015625, 0.9609375, 1.5703125,
                           -0.671875, -0.11083984375, 0.89453125, -1.3359375,
                           -0.875, 0.32421875, 1.3671875, 0.059326171875,
                           2.03125, 0.5625, 0.2001953125, -0.69921875,
                           0.283203125, -0.80859375, -0.443359375,
                           -0.44921875 };

  assert_draw ("torch.randn(20, dtype=torch.float16)", 0, gt_randn,
               GT_DTYPE_FLOAT16, f16, 20, 4e-3);
  assert_draw ("torch.randn(20, dtype=torch.bfloat16)", 0, gt_randn,
               GT_DTYPE_BFLOAT16, bf16, 20, 3e-2);
}

static void
test_random_inplace_torch (void)
{
  const gint64 n4[] = { 4 };
  /* torch.manual_seed(0); torch.empty(4).uniform_(-2, 3) */
  const gdouble uniform[] = { 0.48128294944763184, 1.841109037399292,
                              -1.5576128959655762, -1.3398475646972656 };
  /* torch.manual_seed(0); torch.empty(4).normal_(1.0, 2.0) */
  const gdouble normal[] = { 4.081992149353027, 0.4131421744823456,
                             -3.357578754425049, 2.1368625164031982 };
  GError *error = NULL;
  g_autoptr(GtTensor) u = checked (gt_empty (n4, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  g_autoptr(GtTensor) n = checked (gt_empty (n4, 1, GT_DTYPE_FLOAT32, NULL, &error), error);

  gt_manual_seed (0);
  g_assert_true (gt_tensor_uniform_ (u, -2, 3, &error));
  g_assert_no_error (error);
  gt_test_assert_values (u, uniform, 4, 0.0);
  gt_manual_seed (0);
  g_assert_true (gt_tensor_normal_ (n, 1.0, 2.0, &error));
  g_assert_no_error (error);
  gt_test_assert_values (n, normal, 4, 0.0);
}

static void
test_random_views_torch (void)
{
  /* Filling a transposed view visits memory in order, as torch does:
   * torch.manual_seed(0); t = torch.empty(2, 3); t.t().uniform_() gives
   * t == rand(2, 3), and likewise for normal_ on a 4x5 buffer. */
  const gdouble rand6[] = { 0.49625658988952637, 0.7682217955589294,
                            0.08847743272781372, 0.13203048706054688,
                            0.30742281675338745, 0.6340786814689636 };
  const gdouble normal20[] = {
    1.5409960746765137, -0.293428897857666, -2.1787893772125244,
    0.5684312582015991, -1.0845223665237427, -1.3985954523086548,
    0.40334683656692505, 0.8380263447761536, -0.7192575931549072,
    -0.40334352850914, -0.5966353416442871, 0.18203648924827576,
    -0.8566746115684509, 1.1006041765213013, -1.0711873769760132,
    0.1227012425661087, -0.5663174986839294, 0.3731146454811096,
    -0.8919953107833862, -1.5091077089309692 };
  const gint64 s23[] = { 2, 3 }, s45[] = { 4, 5 };
  GError *error = NULL;
  g_autoptr(GtTensor) a = checked (gt_empty (s23, 2, GT_DTYPE_FLOAT32, NULL, &error), error);
  g_autoptr(GtTensor) at = gt_test_transpose (a);
  g_autoptr(GtTensor) b = checked (gt_empty (s45, 2, GT_DTYPE_FLOAT32, NULL, &error), error);
  g_autoptr(GtTensor) bt = gt_test_transpose (b);

  gt_manual_seed (0);
  g_assert_true (gt_tensor_uniform_ (at, 0, 1, &error));
  g_assert_no_error (error);
  gt_test_assert_values (a, rand6, 6, 0.0);

  /* Non-contiguous: the scalar path even for 20 values. */
  gt_manual_seed (0);
  g_assert_true (gt_tensor_normal_ (bt, 0, 1, &error));
  g_assert_no_error (error);
  gt_test_assert_values (b, normal20, 20, 0.0);
}

/* ---- the generator's state ------------------------------------------------------ */

static void
test_random_sequence (void)
{
  /* Consecutive calls continue one stream: rand(3), rand(3) == rand(6). */
  const gdouble first[] = { 0.49625658988952637, 0.7682217955589294,
                            0.08847743272781372 };
  const gdouble second[] = { 0.13203048706054688, 0.30742281675338745,
                             0.6340786814689636 };
  /* torch.manual_seed(0); torch.randn(3); torch.rand(2) */
  const gdouble after_randn[] = { 0.455627977848053, 0.6323062777519226 };
  /* torch.manual_seed(0); torch.randn(3); torch.randn(3) */
  const gdouble randn_second[] = { 0.5684312582015991, -1.0845223665237427,
                                   -1.3985954523086548 };
  const gint64 n3[] = { 3 }, n2[] = { 2 };
  GError *error = NULL;
  g_autoptr(GtTensor) a = NULL;
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtTensor) c = NULL;
  g_autoptr(GtTensor) d = NULL;
  g_autoptr(GtTensor) e = NULL;
  g_autoptr(GtTensor) f = NULL;

  gt_manual_seed (0);
  a = checked (gt_rand (n3, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  b = checked (gt_rand (n3, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  gt_test_assert_values (a, first, 3, 0.0);
  gt_test_assert_values (b, second, 3, 0.0);

  gt_manual_seed (0);
  c = checked (gt_randn (n3, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  d = checked (gt_rand (n2, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  gt_test_assert_values (d, after_randn, 2, 0.0);

  /* The Box-Muller pair's second value is kept for the next normal. */
  gt_manual_seed (0);
  e = checked (gt_randn (n3, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  f = checked (gt_randn (n3, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  gt_test_assert_values (f, randn_second, 3, 0.0);
}

static void
test_random_seed_resets_normal (void)
{
  /* randn(3) leaves the second value of a Box-Muller pair cached; seeding
   * must drop it, or randn after manual_seed would not repeat. */
  const gdouble first[] = { 1.5409960746765137, -0.293428897857666,
                            -2.1787893772125244 };
  const gint64 n3[] = { 3 };
  GError *error = NULL;
  g_autoptr(GtTensor) a = NULL;
  g_autoptr(GtTensor) b = NULL;

  gt_manual_seed (0);
  a = checked (gt_randn (n3, 1, GT_DTYPE_FLOAT64, NULL, &error), error);
  gt_manual_seed (0);
  b = checked (gt_randn (n3, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  gt_test_assert_values (b, first, 3, 0.0);
}

#define N_THREADS 4
#define PER_THREAD 250

static gpointer
draw_rand (gpointer data)
{
  const gint64 n = PER_THREAD;

  return gt_rand (&n, 1, GT_DTYPE_FLOAT32, NULL, NULL);
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return (x > y) - (x < y);
}

static void
test_random_threads (void)
{
  /* The generator is locked for a whole fill: tensors drawn from several
   * threads at once are disjoint runs of the one sequence, so together
   * they hold exactly the values of one sequential draw. */
  const gint64 total = N_THREADS * PER_THREAD;
  GThread *threads[N_THREADS];
  g_autofree gdouble *all = g_new (gdouble, total);
  g_autofree gdouble *seq = NULL;
  g_autoptr(GtTensor) reference = NULL;
  GError *error = NULL;
  gsize n = 0;

  gt_manual_seed (99);
  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("rand", draw_rand, NULL);
  for (guint i = 0; i < N_THREADS; i++)
    {
      g_autoptr(GtTensor) t = g_thread_join (threads[i]);
      g_autofree gdouble *v = NULL;

      g_assert_nonnull (t);
      v = gt_tensor_to_doubles (t, &n, &error);
      g_assert_no_error (error);
      memcpy (all + i * PER_THREAD, v, PER_THREAD * sizeof (gdouble));
    }

  gt_manual_seed (99);
  reference = checked (gt_rand (&total, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  seq = gt_tensor_to_doubles (reference, &n, &error);
  qsort (all, total, sizeof (gdouble), compare_doubles);
  qsort (seq, total, sizeof (gdouble), compare_doubles);
  g_assert_cmpmem (all, total * sizeof (gdouble), seq, total * sizeof (gdouble));
}

static void
test_random_seeding (void)
{
  /* torch.manual_seed(123); torch.rand(3) */
  const gdouble s123[] = { 0.29611194133758545, 0.516562283039093,
                           0.2516707181930542 };
  /* torch seeds mt19937 with the low 32 bits: seeds 2^32 + 5 and 5 agree */
  const gdouble s5[] = { 0.8302518725395203, 0.12611091136932373 };
  const gint64 n100[] = { 100 };
  GError *error = NULL;
  g_autoptr(GtTensor) d = NULL;
  g_autoptr(GtTensor) e = NULL;
  g_autofree gdouble *dv = NULL;
  g_autofree gdouble *ev = NULL;
  gsize n = 0;
  guint64 seed;

  /* (drawing does not change the initial seed) */
  assert_draw ("torch.rand(3) after seed 123", 123, gt_rand, GT_DTYPE_FLOAT32,
               s123, 3, 0.0);
  g_assert_cmpuint (gt_initial_seed (), ==, 123);
  assert_draw ("torch.rand(2) after seed 2^32 + 5",
               G_GUINT64_CONSTANT (4294967301), gt_rand, GT_DTYPE_FLOAT32, s5,
               2, 0.0);
  g_assert_cmpuint (gt_initial_seed (), ==, G_GUINT64_CONSTANT (4294967301));
  assert_draw ("torch.rand(2) after seed 5", 5, gt_rand, GT_DTYPE_FLOAT32, s5,
               2, 0.0);

  /* gt_seed picks a seed, reports it, and the stream repeats from it. */
  seed = gt_seed ();
  g_assert_cmpuint (gt_initial_seed (), ==, seed);
  d = checked (gt_randn (n100, 1, GT_DTYPE_FLOAT64, NULL, &error), error);
  gt_manual_seed (seed);
  e = checked (gt_randn (n100, 1, GT_DTYPE_FLOAT64, NULL, &error), error);
  dv = gt_tensor_to_doubles (d, &n, &error);
  ev = gt_tensor_to_doubles (e, &n, &error);
  g_assert_cmpmem (dv, 100 * sizeof (gdouble), ev, 100 * sizeof (gdouble));
}

static void
test_random_repeatable (void)
{
  const gint64 shape[] = { 7, 33 };
  GError *error = NULL;
  g_autoptr(GtTensor) a = NULL;
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtTensor) c = NULL;
  g_autoptr(GBytes) ab = NULL;
  g_autoptr(GBytes) bb = NULL;
  g_autoptr(GBytes) cb = NULL;

  /* Same seed, same numbers, whatever the OpenMP thread count. */
  gt_manual_seed (2024);
  a = checked (gt_randn (shape, 2, GT_DTYPE_FLOAT32, NULL, &error), error);
  gt_manual_seed (2024);
  b = checked (gt_randn (shape, 2, GT_DTYPE_FLOAT32, NULL, &error), error);
  gt_manual_seed (2025);
  c = checked (gt_randn (shape, 2, GT_DTYPE_FLOAT32, NULL, &error), error);
  ab = gt_tensor_to_bytes (a, NULL);
  bb = gt_tensor_to_bytes (b, NULL);
  cb = gt_tensor_to_bytes (c, NULL);
  g_assert_true (g_bytes_equal (ab, bb));
  g_assert_false (g_bytes_equal (ab, cb));
}

static void
test_random_ranges (void)
{
  const gint64 shape[] = { 1000 };
  GError *error = NULL;
  g_autoptr(GtTensor) r = NULL;
  g_autoptr(GtTensor) i = NULL;
  g_autoptr(GtTensor) u = NULL;
  g_autofree gdouble *rv = NULL;
  g_autofree gint64 *iv = NULL;
  g_autofree gdouble *uv = NULL;
  gboolean seen[7] = { FALSE };
  gdouble sum = 0;
  gsize n = 0;

  gt_manual_seed (7);
  r = checked (gt_rand (shape, 1, GT_DTYPE_FLOAT64, NULL, &error), error);
  rv = gt_tensor_to_doubles (r, &n, &error);
  for (gsize k = 0; k < n; k++)
    {
      g_assert_cmpfloat (rv[k], >=, 0.0);
      g_assert_cmpfloat (rv[k], <, 1.0);
      sum += rv[k];
    }
  /* mean of 1000 uniforms: 0.5 with a standard deviation of 0.009 */
  g_assert_cmpfloat_with_epsilon (sum / n, 0.5, 0.05);

  i = checked (gt_randint (-3, 4, shape, 1, GT_DTYPE_INT16, NULL, &error), error);
  iv = gt_tensor_to_int64s (i, &n, &error);
  for (gsize k = 0; k < n; k++)
    {
      g_assert_cmpint (iv[k], >=, -3);
      g_assert_cmpint (iv[k], <, 4);
      seen[iv[k] + 3] = TRUE;
    }
  for (gsize k = 0; k < G_N_ELEMENTS (seen); k++)
    g_assert_true (seen[k]);

  u = checked (gt_empty (shape, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  g_assert_true (gt_tensor_uniform_ (u, 5.0, 5.0, &error));
  g_assert_no_error (error);
  uv = gt_tensor_to_doubles (u, &n, &error);
  for (gsize k = 0; k < n; k++)
    g_assert_cmpfloat (uv[k], ==, 5.0);
}

static void
test_random_like (void)
{
  const gint64 shape[] = { 2 };
  /* torch.manual_seed(0); torch.rand_like(torch.empty(2, dtype=torch.float64)) */
  const gdouble expected[] = { 0.9700530018065531, 0.707819864399788 };
  GError *error = NULL;
  g_autoptr(GtTensor) proto = checked (gt_zeros (shape, 1, GT_DTYPE_FLOAT64, NULL, &error), error);
  g_autoptr(GtTensor) iproto = checked (gt_zeros (shape, 1, GT_DTYPE_UINT8, NULL, &error), error);
  g_autoptr(GtTensor) a = NULL;
  g_autoptr(GtTensor) b = NULL;
  g_autoptr(GtTensor) c = NULL;
  g_autofree gint64 *cv = NULL;
  gsize n = 0;

  gt_manual_seed (0);
  a = checked (gt_rand_like (proto, &error), error);
  g_assert_cmpint (gt_tensor_get_dtype (a), ==, GT_DTYPE_FLOAT64);
  gt_test_assert_values (a, expected, 2, 0.0);
  b = checked (gt_randn_like (proto, &error), error);
  gt_test_assert_shape (b, shape, 1);
  c = checked (gt_randint_like (iproto, 250, 256, &error), error);
  g_assert_cmpint (gt_tensor_get_dtype (c), ==, GT_DTYPE_UINT8);
  cv = gt_tensor_to_int64s (c, &n, &error);
  for (gsize k = 0; k < n; k++)
    g_assert_cmpint (cv[k], >=, 250);
}

/* ---- refused arguments ---------------------------------------------------------- */

static void
test_random_errors (void)
{
  const gint64 shape[] = { 3 };
  const gint64 negative[] = { -3 };
  GError *error = NULL;
  g_autoptr(GtTensor) it = checked (gt_zeros (shape, 1, GT_DTYPE_INT32, NULL, &error), error);
  g_autoptr(GtTensor) ft = checked (gt_zeros (shape, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  const GtDType not_float[] = { GT_DTYPE_INT8, GT_DTYPE_UINT8, GT_DTYPE_INT16,
                                GT_DTYPE_INT32, GT_DTYPE_INT64, GT_DTYPE_BOOL };

  /* torch: "check_uniform_bounds" not implemented for 'Long' */
  for (gsize i = 0; i < G_N_ELEMENTS (not_float); i++)
    {
      g_assert_null (gt_rand (shape, 1, not_float[i], NULL, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_rand");
      g_assert_null (gt_randn (shape, 1, not_float[i], NULL, &error));
      gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_randn");
    }
  g_assert_null (gt_rand (shape, 1, (GtDType) 99, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_rand");
  g_assert_null (gt_randint (0, 3, shape, 1, (GtDType) 99, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_randint");
  g_assert_null (gt_rand (negative, 1, GT_DTYPE_FLOAT32, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_rand");
  g_assert_null (gt_randn (negative, 1, GT_DTYPE_FLOAT32, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_randn");
  g_assert_null (gt_randint (0, 3, negative, 1, GT_DTYPE_INT64, NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_SHAPE, "gt_randint");

  g_assert_null (gt_rand_like (it, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_rand_like");
  g_assert_null (gt_randn_like (it, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_randn_like");
  g_assert_null (gt_rand_like (NULL, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_rand_like");
  g_assert_null (gt_randint_like (NULL, 0, 2, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_randint_like");

  g_assert_false (gt_tensor_uniform_ (it, 0, 1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_uniform_");
  g_assert_false (gt_tensor_normal_ (it, 0, 1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_DTYPE, "gt_tensor_normal_");
  g_assert_false (gt_tensor_uniform_ (ft, 1, 0, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_uniform_");
  g_assert_false (gt_tensor_uniform_ (ft, 0, INFINITY, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_uniform_");
  g_assert_false (gt_tensor_uniform_ (ft, NAN, 1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_uniform_");
  g_assert_false (gt_tensor_normal_ (ft, 0, -1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_normal_");
  g_assert_false (gt_tensor_normal_ (ft, 0, NAN, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_normal_");
}

static void
test_random_randint_errors (void)
{
  const gint64 shape[] = { 3 };
  GError *error = NULL;
  g_autoptr(GtTensor) u8 = checked (gt_zeros (shape, 1, GT_DTYPE_UINT8, NULL, &error), error);
  const struct { gint64 low, high; GtDType dtype; } bad[] = {
    { 5, 5, GT_DTYPE_INT64 },            /* low >= high */
    { 6, 5, GT_DTYPE_INT64 },
    { 0, 0, GT_DTYPE_FLOAT32 },
    { 0, 257, GT_DTYPE_UINT8 },          /* 256 is not a uint8 */
    { -1, 5, GT_DTYPE_UINT8 },
    { -129, 0, GT_DTYPE_INT8 },
    { 0, 129, GT_DTYPE_INT8 },
    { 0, 3, GT_DTYPE_BOOL },
    { -1, 1, GT_DTYPE_BOOL },
    { 0, 32769, GT_DTYPE_INT16 },
    { G_MININT64, 0, GT_DTYPE_INT32 },
    { 0, 65506, GT_DTYPE_FLOAT16 },      /* beyond float16's largest value */
    { -65505, 0, GT_DTYPE_FLOAT16 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GtTensor *t = gt_randint (bad[i].low, bad[i].high, shape, 1, bad[i].dtype,
                                NULL, &error);

      if (t != NULL)
        g_error ("randint (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %s) was "
                 "accepted", bad[i].low, bad[i].high,
                 gt_dtype_get_name (bad[i].dtype));
      gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_randint");
    }

  g_assert_null (gt_randint_like (u8, 0, 300, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_randint_like");
  g_assert_null (gt_randint_like (u8, 3, 2, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_randint_like");
}

static void
test_random_overlap_errors (void)
{
  /* An expanded view (stride 0) would write one element many times. */
  const gint64 one[] = { 1 };
  const gint64 sizes[] = { 4 }, strides[] = { 0 };
  GError *error = NULL;
  g_autoptr(GtTensor) base = checked (gt_zeros (one, 1, GT_DTYPE_FLOAT32, NULL, &error), error);
  g_autoptr(GtTensor) expanded = gt_test_view (base, 1, sizes, strides, 0);

  g_assert_false (gt_tensor_uniform_ (expanded, 0, 1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_uniform_");
  g_assert_false (gt_tensor_normal_ (expanded, 0, 1, &error));
  gt_assert_error_names_clear (&error, GT_ERROR_VALUE, "gt_tensor_normal_");
  gt_test_assert_all (base, 0.0);
}

static void
test_random_copy_on_write (void)
{
  /* A random fill of a tensor over a GBytes must not write the GBytes. */
  const gfloat data[] = { 1, 2, 3, 4 };
  const gint64 shape[] = { 4 };
  g_autoptr(GBytes) bytes = g_bytes_new (data, sizeof data);
  GError *error = NULL;
  g_autoptr(GtTensor) t = checked (gt_tensor_new_from_bytes (bytes, shape, 1,
                                                             GT_DTYPE_FLOAT32,
                                                             NULL, &error), error);

  g_assert_true (gt_tensor_uniform_ (t, 10, 11, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), sizeof data, data, sizeof data);
  g_assert_true (gt_tensor_normal_ (t, 0, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), sizeof data, data, sizeof data);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/random/rand/torch", test_random_rand_torch);
  g_test_add_func ("/random/randn/torch", test_random_randn_torch);
  g_test_add_func ("/random/randn/torch-vectorized", test_random_randn_vectorized_torch);
  g_test_add_func ("/random/randn/16-bit-vectorized", test_random_randn_16bit_vectorized);
  g_test_add_func ("/random/randint/torch", test_random_randint_torch);
  g_test_add_func ("/random/dtypes/torch", test_random_other_dtypes_torch);
  g_test_add_func ("/random/inplace/torch", test_random_inplace_torch);
  g_test_add_func ("/random/inplace/views", test_random_views_torch);
  g_test_add_func ("/random/inplace/copy-on-write", test_random_copy_on_write);
  g_test_add_func ("/random/generator/sequence", test_random_sequence);
  g_test_add_func ("/random/generator/seeding", test_random_seeding);
  g_test_add_func ("/random/generator/seed-resets-normal", test_random_seed_resets_normal);
  g_test_add_func ("/random/generator/threads", test_random_threads);
  g_test_add_func ("/random/generator/repeatable", test_random_repeatable);
  g_test_add_func ("/random/ranges", test_random_ranges);
  g_test_add_func ("/random/like", test_random_like);
  g_test_add_func ("/random/errors", test_random_errors);
  g_test_add_func ("/random/randint/errors", test_random_randint_errors);
  g_test_add_func ("/random/inplace/overlap-errors", test_random_overlap_errors);

  return g_test_run ();
}
