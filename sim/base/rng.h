/* rng.h — random streams: xoshiro256** generators, one per model entity.
 *
 * Owns: the generator, its seeding and the basic variates (uniform,
 * exponential, normal, bounded integers).  A stream is keyed by (run seed,
 * replication, entity name) through a stable hash (FNV-1a 64) and splitmix64,
 * so a stream's sample path depends on nothing else: adding a server leaves
 * every other server's numbers unchanged (common random numbers), and
 * replication r of a run draws on streams disjoint from replication 0's.
 * Every result is a pure function of the key and the number of draws, on any
 * platform with IEEE doubles and a correctly rounded libm log (glibc).
 *
 * The struct is public so that each entity embeds its stream by value (no
 * allocation, no pointer chase on the hot path); its fields are private.
 * Deliberately not here: GRand, g_random_*, the wall clock, global state.
 */
#ifndef MF_RNG_H
#define MF_RNG_H

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];
  double spare_normal; /* the second variate of the last polar pair */
  gboolean has_spare;
} MfRng;

/* The golden-ratio increment of splitmix64 (Steele, Lea and Flood 2014). */
#define MF_RNG_GOLDEN_GAMMA G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)

/* FNV-1a 64 of a name's bytes: stable across platforms and releases. */
guint64 mf_rng_hash_name (const char *name);
void mf_rng_init (MfRng *rng, guint64 run_seed, guint replication, const char *entity);
void mf_rng_set_state (MfRng *rng, const guint64 state[4]);
void mf_rng_jump (MfRng *rng);
double mf_rng_normal (MfRng *rng);
guint64 mf_rng_below (MfRng *rng, guint64 bound);

/* splitmix64's finaliser: a bijection of 64-bit words in which every
 * output bit depends on every input bit.  Seeds and the link-state routing
 * hash are built on it, so its arithmetic is part of every output. */
static inline guint64
mf_rng_mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
mf_rng_rotl_ (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits (xoshiro256**, Blackman and Vigna 2018). */
static inline guint64
mf_rng_next_u64 (MfRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = mf_rng_rotl_ (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = mf_rng_rotl_ (s[3], 45);
  return result;
}

/* Uniform on [0, 1): the top 53 bits, every multiple of 2^-53 equally
 * likely. */
static inline double
mf_rng_uniform01 (MfRng *rng)
{
  return (double) (mf_rng_next_u64 (rng) >> 11) * 0x1.0p-53;
}

/* Uniform on (0, 1]: safe to take the log of. */
static inline double
mf_rng_uniform01_open0 (MfRng *rng)
{
  return (double) ((mf_rng_next_u64 (rng) >> 11) + 1) * 0x1.0p-53;
}

/* Exponential with the given mean, by inversion: -mean * ln U, U in (0,1]. */
static inline double
mf_rng_exp (MfRng *rng, double mean)
{
  return -mean * log (mf_rng_uniform01_open0 (rng));
}

G_END_DECLS

#endif /* MF_RNG_H */
