/* rng.c — seeding, jumps and the variates that are not inlined (rng.h).
 *
 * Seeding: h = FNV-1a-64(entity); the key is mixed as
 * x = mix(mix(mix(seed) ^ h) ^ replication), where mix is splitmix64's
 * bijective finaliser (mf_rng_mix64, rng.h), so changing any one part
 * changes x; x then seeds splitmix64, whose next four outputs are the
 * xoshiro state (the authors' recommended seeding; it cannot produce the
 * all-zero state, since mix is a bijection and its four inputs differ).
 * Replication 0 is the plain run, so `--seed N` and replication 0 of
 * `--seed N --replications R` agree.
 */
#define G_LOG_DOMAIN "msgflow-rng"

#include "base/rng.h"

#define FNV_OFFSET G_GUINT64_CONSTANT (0xcbf29ce484222325)
#define FNV_PRIME G_GUINT64_CONSTANT (0x100000001b3)

/**
 * mf_rng_hash_name:
 * @name: a NUL-terminated byte string
 *
 * Returns: FNV-1a 64 of the bytes of @name: stable across platforms and
 *   releases (never g_str_hash).
 */
guint64
mf_rng_hash_name (const char *name)
{
  g_return_val_if_fail (name != NULL, 0);

  guint64 h = FNV_OFFSET;
  for (const guchar *p = (const guchar *) name; *p != '\0'; p++)
    {
      h ^= *p;
      h *= FNV_PRIME;
    }
  return h;
}

static inline guint64
splitmix64_next (guint64 *x)
{
  *x += MF_RNG_GOLDEN_GAMMA;
  return mf_rng_mix64 (*x);
}

/**
 * mf_rng_init:
 * @rng: (out caller-allocates): the stream to set up
 * @run_seed: the run's seed
 * @replication: 0 for a single run, r for the r-th replication
 * @entity: the stream's name, e.g. "server EX01" or "flow nightly"
 *
 * Seeds @rng from (run seed, replication, entity name) only.  O(len).
 */
void
mf_rng_init (MfRng *rng, guint64 run_seed, guint replication, const char *entity)
{
  g_return_if_fail (rng != NULL && entity != NULL);

  guint64 x = mf_rng_mix64 (mf_rng_mix64 (mf_rng_mix64 (run_seed) ^ mf_rng_hash_name (entity))
                             ^ replication);
  guint64 state[4];
  for (int i = 0; i < 4; i++)
    state[i] = splitmix64_next (&x);
  mf_rng_set_state (rng, state);
}

/**
 * mf_rng_set_state:
 * @state: four words, not all zero
 *
 * Sets the raw xoshiro256** state (for reference vectors and checkpoints).
 */
void
mf_rng_set_state (MfRng *rng, const guint64 state[4])
{
  g_return_if_fail (rng != NULL && state != NULL);
  g_return_if_fail ((state[0] | state[1] | state[2] | state[3]) != 0);

  for (int i = 0; i < 4; i++)
    rng->s[i] = state[i];
  rng->spare_normal = 0.0;
  rng->has_spare = FALSE;
}

/**
 * mf_rng_jump:
 *
 * Advances @rng by 2^128 draws (the authors' jump polynomial), giving
 * 2^128 non-overlapping substreams of one stream.  O(256) draws.
 */
void
mf_rng_jump (MfRng *rng)
{
  static const guint64 jump[] = {
    G_GUINT64_CONSTANT (0x180ec6d33cfd0aba), G_GUINT64_CONSTANT (0xd5a61266f0c9392c),
    G_GUINT64_CONSTANT (0xa9582618e03fc9aa), G_GUINT64_CONSTANT (0x39abdc4529b1661c),
  };
  g_return_if_fail (rng != NULL);

  guint64 acc[4] = { 0, 0, 0, 0 };
  for (gsize i = 0; i < G_N_ELEMENTS (jump); i++)
    for (int b = 0; b < 64; b++)
      {
        if (jump[i] & (G_GUINT64_CONSTANT (1) << b))
          for (int k = 0; k < 4; k++)
            acc[k] ^= rng->s[k];
        mf_rng_next_u64 (rng);
      }
  for (int k = 0; k < 4; k++)
    rng->s[k] = acc[k];
  rng->has_spare = FALSE;
}

/**
 * mf_rng_normal:
 *
 * A standard normal variate by Marsaglia's polar method: exact in
 * distribution, no trigonometry, and reproducible since it uses only
 * +, *, /, log and sqrt.  Variates come in pairs; the second is kept in
 * @rng for the next call, so the stream's sequence still depends only on
 * its key and its history of calls.
 */
double
mf_rng_normal (MfRng *rng)
{
  g_return_val_if_fail (rng != NULL, 0.0);

  if (rng->has_spare)
    {
      rng->has_spare = FALSE;
      return rng->spare_normal;
    }
  double u, v, s;
  do
    {
      u = 2.0 * mf_rng_uniform01 (rng) - 1.0;
      v = 2.0 * mf_rng_uniform01 (rng) - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);
  double f = sqrt (-2.0 * log (s) / s);
  rng->spare_normal = v * f;
  rng->has_spare = TRUE;
  return u * f;
}

/**
 * mf_rng_below:
 * @bound: > 0
 *
 * Returns: a uniform integer in [0, @bound), without modulo bias
 *   (Lemire's multiply-and-reject).
 */
guint64
mf_rng_below (MfRng *rng, guint64 bound)
{
  g_return_val_if_fail (rng != NULL && bound > 0, 0);

  /* 128-bit product through two 64-bit halves, to stay within C17. */
  for (;;)
    {
      guint64 x = mf_rng_next_u64 (rng);
      guint64 x_lo = x & G_MAXUINT32, x_hi = x >> 32;
      guint64 b_lo = bound & G_MAXUINT32, b_hi = bound >> 32;
      guint64 ll = x_lo * b_lo, lh = x_lo * b_hi, hl = x_hi * b_lo, hh = x_hi * b_hi;
      guint64 mid = (ll >> 32) + (lh & G_MAXUINT32) + (hl & G_MAXUINT32);
      guint64 low = (mid << 32) | (ll & G_MAXUINT32);
      guint64 high = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
      if (low >= bound)
        return high;
      /* Reject the few low parts that would bias the result. */
      guint64 threshold = (0 - bound) % bound;
      if (low >= threshold)
        return high;
    }
}
