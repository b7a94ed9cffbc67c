#include "config.h"

#include <math.h>

#include "gt-rng.h"
#include "gt-rng-private.h"

#define MT_N 624
#define MT_M 397

struct _GtGenerator {
  GMutex   mutex;
  guint64  seed;
  guint32  state[MT_N];
  gint     left;                  /* numbers left before the next twist */
  gint     next;
  gboolean has_next_normal;
  gdouble  next_normal;
};

static void
mt_seed (GtGenerator *self,
         guint64      seed)
{
  /* torch seeds its mt19937 with the low 32 bits of the seed. */
  self->state[0] = (guint32) (seed & 0xffffffffu);
  for (guint j = 1; j < MT_N; j++)
    self->state[j] = 1812433253u * (self->state[j - 1] ^ (self->state[j - 1] >> 30)) + j;
  self->left = 1;
  self->next = 0;
  self->seed = seed;
  self->has_next_normal = FALSE;
}

static inline guint32
mix_bits (guint32 u, guint32 v)
{
  return (u & 0x80000000u) | (v & 0x7fffffffu);
}

static inline guint32
twist (guint32 u, guint32 v)
{
  return (mix_bits (u, v) >> 1) ^ ((v & 1u) ? 0x9908b0dfu : 0u);
}

static void
mt_next_state (GtGenerator *self)
{
  guint32 *p = self->state;
  gint j;

  self->left = MT_N;
  self->next = 0;
  for (j = MT_N - MT_M + 1; --j; p++)
    *p = p[MT_M] ^ twist (p[0], p[1]);
  for (j = MT_M; --j; p++)
    *p = p[MT_M - MT_N] ^ twist (p[0], p[1]);
  *p = p[MT_M - MT_N] ^ twist (p[0], self->state[0]);
}

guint32
gt_generator_random (GtGenerator *self)
{
  guint32 y;

  if (--self->left <= 0)
    mt_next_state (self);
  y = self->state[self->next++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= (y >> 18);
  return y;
}

guint64
gt_generator_random64 (GtGenerator *self)
{
  /* torch: the first draw gives the high half. */
  guint64 hi = gt_generator_random (self);
  guint64 lo = gt_generator_random (self);
  return (hi << 32) | lo;
}

gdouble
gt_generator_normal_double (GtGenerator *self)
{
  gdouble u1, u2, r, theta;

  if (self->has_next_normal)
    {
      self->has_next_normal = FALSE;
      return self->next_normal;
    }
  /* uniform doubles from 53 random bits, as torch's
   * uniform_real_distribution<double> */
  u1 = (gt_generator_random64 (self) & ((G_GUINT64_CONSTANT (1) << 53) - 1)) *
       (1.0 / (gdouble) (G_GUINT64_CONSTANT (1) << 53));
  u2 = (gt_generator_random64 (self) & ((G_GUINT64_CONSTANT (1) << 53) - 1)) *
       (1.0 / (gdouble) (G_GUINT64_CONSTANT (1) << 53));
  r = sqrt (-2.0 * log1p (-u2));
  theta = 2.0 * G_PI * u1;
  self->next_normal = r * sin (theta);
  self->has_next_normal = TRUE;
  return r * cos (theta);
}

static GtGenerator *
generator_new (void)
{
  GtGenerator *self = g_new0 (GtGenerator, 1);

  g_mutex_init (&self->mutex);
  mt_seed (self, GT_DEFAULT_SEED);
  return self;
}

GtGenerator *
gt_generator_get_default (void)
{
  static gsize initialized = 0;
  static GtGenerator *default_generator;

  if (g_once_init_enter (&initialized))
    {
      default_generator = generator_new ();
      g_once_init_leave (&initialized, 1);
    }
  return default_generator;
}

void
gt_generator_lock (GtGenerator *self)
{
  g_mutex_lock (&self->mutex);
}

void
gt_generator_unlock (GtGenerator *self)
{
  g_mutex_unlock (&self->mutex);
}

/**
 * gt_manual_seed:
 * @seed: the seed
 *
 * Seeds the default generator (torch.manual_seed). After the same seed,
 * the random functions repeat exactly, and on the CPU they give the values
 * torch gives after torch.manual_seed() with that seed.
 *
 * Since: 0.1
 */
void
gt_manual_seed (guint64 seed)
{
  GtGenerator *gen = gt_generator_get_default ();

  gt_generator_lock (gen);
  mt_seed (gen, seed);
  gt_generator_unlock (gen);
}

/**
 * gt_initial_seed:
 *
 * The seed the default generator was last seeded with (torch.initial_seed).
 *
 * Returns: the seed
 *
 * Since: 0.1
 */
guint64
gt_initial_seed (void)
{
  GtGenerator *gen = gt_generator_get_default ();
  guint64 seed;

  gt_generator_lock (gen);
  seed = gen->seed;
  gt_generator_unlock (gen);
  return seed;
}

/**
 * gt_seed:
 *
 * Seeds the default generator with a non-deterministic seed (torch.seed).
 *
 * Returns: the seed used
 *
 * Since: 0.1
 */
guint64
gt_seed (void)
{
  guint64 seed = ((guint64) g_random_int () << 32) | g_random_int ();

  gt_manual_seed (seed);
  return seed;
}
