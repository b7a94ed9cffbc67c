#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The CPU generator: a 32-bit Mersenne Twister (MT19937), the engine and the
 * seeding torch's CPU generator uses, with torch's way of turning its
 * output into uniform, normal and integer values. With the same seed,
 * gt_rand/gt_randn/gt_randint give the values torch.rand/randn/randint give.
 *
 * One process-wide generator guarded by a mutex: callers lock it for a whole
 * fill so that a tensor's values are one contiguous run of the sequence.
 */
typedef struct _GtGenerator GtGenerator;

GtGenerator *gt_generator_get_default   (void);
void         gt_generator_lock          (GtGenerator *self);
void         gt_generator_unlock        (GtGenerator *self);

/* The following need the lock held. */
guint32      gt_generator_random        (GtGenerator *self);
guint64      gt_generator_random64      (GtGenerator *self);
/* torch's normal_distribution<double>: Box-Muller, caching the second
 * value in the generator. */
gdouble      gt_generator_normal_double (GtGenerator *self);

/* The default seed of a fresh process, torch's default_rng_seed_val. */
#define GT_DEFAULT_SEED G_GUINT64_CONSTANT (67280421310721)

G_END_DECLS
