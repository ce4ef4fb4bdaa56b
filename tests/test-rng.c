/* test-rng.c — random streams: reference vectors of xoshiro256** and
 * FNV-1a, golden seeding values (a change to seeding changes every run),
 * stream keying by (seed, replication, name), and the basic variates
 * checked for range, moments and, for exp and normal, by Kolmogorov–Smirnov. */
#include <glib.h>
#include <math.h>

#include "base/rng.h"
#include "stat-check.h"

#define N_SAMPLES 400000

static void
test_xoshiro_reference_vector (void)
{
  /* From the authors' reference implementation, state {1, 2, 3, 4}. */
  static const guint64 state[4] = { 1, 2, 3, 4 };
  static const guint64 want[] = {
    11520, 0, 1509978240, G_GUINT64_CONSTANT (1215971899390074240),
    G_GUINT64_CONSTANT (1216172134540287360), G_GUINT64_CONSTANT (607988272756665600),
  };
  MfRng rng;
  mf_rng_set_state (&rng, state);
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    g_assert_cmpuint (mf_rng_next_u64 (&rng), ==, want[i]);
}

static void
test_fnv1a_vectors (void)
{
  g_assert_cmpuint (mf_rng_hash_name (""), ==, G_GUINT64_CONSTANT (0xcbf29ce484222325));
  g_assert_cmpuint (mf_rng_hash_name ("a"), ==, G_GUINT64_CONSTANT (0xaf63dc4c8601ec8c));
  g_assert_cmpuint (mf_rng_hash_name ("foobar"), ==, G_GUINT64_CONSTANT (0x85944171f73967e8));
}

/* Computed by an independent implementation of the seeding (Python):
 * these pin the sample paths of every run to (seed, replication, name). */
static void
test_golden_seeding (void)
{
  static const struct {
    guint64 seed;
    guint replication;
    const char *name;
    guint64 want[3];
  } cases[] = {
    { 1, 0, "server EX01",
      { G_GUINT64_CONSTANT (0x8ebc7576b296781a), G_GUINT64_CONSTANT (0x712b5b4a748d4659),
        G_GUINT64_CONSTANT (0x3f2aa19521624431) } },
    { 1, 1, "server EX01",
      { G_GUINT64_CONSTANT (0x7bfff68d75b644f4), G_GUINT64_CONSTANT (0x1046fe5f974995b4),
        G_GUINT64_CONSTANT (0x0f33b40e37a50c9e) } },
    { 20240607, 0, "flow nightly",
      { G_GUINT64_CONSTANT (0xe8cc9c7845357c4a), G_GUINT64_CONSTANT (0x5eb006b097edab33),
        G_GUINT64_CONSTANT (0x25301e08dc6e3aad) } },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MfRng rng;
      mf_rng_init (&rng, cases[i].seed, cases[i].replication, cases[i].name);
      for (int k = 0; k < 3; k++)
        g_assert_cmpuint (mf_rng_next_u64 (&rng), ==, cases[i].want[k]);
    }
}

/* A stream depends only on its key: creating other streams, or drawing
 * from them, changes nothing; changing any part of the key changes it. */
static void
test_streams_keyed_by_name (void)
{
  MfRng a1, a2, other, b, a_seed, a_rep;
  mf_rng_init (&a1, 99, 0, "server A");
  guint64 first[16];
  for (int i = 0; i < 16; i++)
    first[i] = mf_rng_next_u64 (&a1);

  mf_rng_init (&other, 99, 0, "server NEW");
  for (int i = 0; i < 1000; i++)
    mf_rng_next_u64 (&other);
  mf_rng_init (&a2, 99, 0, "server A");
  for (int i = 0; i < 16; i++)
    g_assert_cmpuint (mf_rng_next_u64 (&a2), ==, first[i]);

  mf_rng_init (&b, 99, 0, "server B");
  mf_rng_init (&a_seed, 100, 0, "server A");
  mf_rng_init (&a_rep, 99, 1, "server A");
  guint64 xb = mf_rng_next_u64 (&b), xs = mf_rng_next_u64 (&a_seed), xr = mf_rng_next_u64 (&a_rep);
  g_assert_cmpuint (xb, !=, first[0]);
  g_assert_cmpuint (xs, !=, first[0]);
  g_assert_cmpuint (xr, !=, first[0]);
  g_assert_cmpuint (xs, !=, xr);
}

/* Streams of neighbouring names are uncorrelated: the correlation of
 * uniforms from "server 1" and "server 2" is within 5 SE (1/√n) of 0. */
static void
test_neighbour_streams_uncorrelated (void)
{
  MfRng a, b;
  mf_rng_init (&a, 5, 0, "server 1");
  mf_rng_init (&b, 5, 0, "server 2");
  double sxy = 0.0;
  for (int i = 0; i < N_SAMPLES; i++)
    sxy += (mf_rng_uniform01 (&a) - 0.5) * (mf_rng_uniform01 (&b) - 0.5);
  double corr = sxy / N_SAMPLES * 12.0;
  g_assert_cmpfloat (fabs (corr), <, K_SE / sqrt (N_SAMPLES));
}

static void
test_uniform01 (void)
{
  MfRng rng;
  mf_rng_init (&rng, 1, 0, "uniform");
  g_autofree double *x = g_new (double, N_SAMPLES);
  for (int i = 0; i < N_SAMPLES; i++)
    {
      x[i] = mf_rng_uniform01 (&rng);
      g_assert_cmpfloat (x[i], >=, 0.0);
      g_assert_cmpfloat (x[i], <, 1.0);
      double o = mf_rng_uniform01_open0 (&rng);
      g_assert_cmpfloat (o, >, 0.0);
      g_assert_cmpfloat (o, <=, 1.0);
    }
  check_mean_var (x, N_SAMPLES, 0.5, 1.0 / 12.0);
}

static double
exp1_cdf (double x)
{
  return -expm1 (-x);
}

static double
normal_cdf (double x)
{
  return 0.5 * erfc (-x / G_SQRT2);
}

static void
test_exp_moments_and_ks (void)
{
  MfRng rng;
  mf_rng_init (&rng, 2, 0, "exp");
  const double mean = 3.5;
  g_autofree double *x = g_new (double, N_SAMPLES);
  for (int i = 0; i < N_SAMPLES; i++)
    {
      x[i] = mf_rng_exp (&rng, mean);
      g_assert_cmpfloat (x[i], >=, 0.0);
    }
  check_mean_var (x, N_SAMPLES, mean, mean * mean);
  for (int i = 0; i < N_SAMPLES; i++)
    x[i] /= mean;
  check_ks (x, N_SAMPLES, exp1_cdf);
}

static void
test_normal_moments_and_ks (void)
{
  MfRng rng;
  mf_rng_init (&rng, 3, 0, "normal");
  g_autofree double *x = g_new (double, N_SAMPLES);
  for (int i = 0; i < N_SAMPLES; i++)
    x[i] = mf_rng_normal (&rng);
  check_mean_var (x, N_SAMPLES, 0.0, 1.0);
  check_ks (x, N_SAMPLES, normal_cdf);
}

/* Chi-square of mf_rng_below over its cells; a bound near 2^64 · 2/3
 * would show modulo bias in the top half if there were any. */
static void
test_below_unbiased (void)
{
  MfRng rng;
  mf_rng_init (&rng, 4, 0, "below");
  guint64 counts[7] = { 0 };
  for (int i = 0; i < N_SAMPLES; i++)
    counts[mf_rng_below (&rng, 7)]++;
  double chi2 = 0.0, e = N_SAMPLES / 7.0;
  for (int k = 0; k < 7; k++)
    chi2 += ((double) counts[k] - e) * ((double) counts[k] - e) / e;
  g_assert_cmpfloat (chi2, <, 22.46); /* χ²(6) at 0.999 */

  const guint64 big = G_GUINT64_CONSTANT (0xaaaaaaaaaaaaaaab); /* ≈ 2^64 · 2/3 */
  guint64 low_half = 0;
  for (int i = 0; i < N_SAMPLES; i++)
    {
      guint64 v = mf_rng_below (&rng, big);
      g_assert_cmpuint (v, <, big);
      low_half += v < big / 2;
    }
  /* Modulo reduction would put 3/4 of the draws in the lower half. */
  double se = sqrt (0.25 / N_SAMPLES);
  g_assert_cmpfloat_with_epsilon ((double) low_half / N_SAMPLES, 0.5, K_SE * se);
  g_assert_cmpuint (mf_rng_below (&rng, 1), ==, 0);
}

/* The jump is a polynomial in the transition, so it commutes with it:
 * jump(next(s)) == next(jump(s)); and it moves the stream. */
static void
test_jump_commutes (void)
{
  MfRng a, b;
  mf_rng_init (&a, 6, 0, "jump");
  b = a;
  mf_rng_next_u64 (&a);
  mf_rng_jump (&a);
  mf_rng_jump (&b);
  mf_rng_next_u64 (&b);
  for (int i = 0; i < 8; i++)
    g_assert_cmpuint (mf_rng_next_u64 (&a), ==, mf_rng_next_u64 (&b));

  MfRng c, d;
  mf_rng_init (&c, 6, 0, "jump");
  d = c;
  mf_rng_jump (&d);
  g_assert_cmpuint (mf_rng_next_u64 (&c), !=, mf_rng_next_u64 (&d));
}

static void
test_zero_state_refused (void)
{
  static const guint64 zero[4] = { 0, 0, 0, 0 };
  static const guint64 one[4] = { 1, 0, 0, 0 };
  MfRng rng;
  mf_rng_set_state (&rng, one);
  g_test_expect_message ("msgflow-rng", G_LOG_LEVEL_CRITICAL, "*!= 0*");
  mf_rng_set_state (&rng, zero);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (rng.s[0], ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rng/xoshiro-reference-vector", test_xoshiro_reference_vector);
  g_test_add_func ("/rng/fnv1a-vectors", test_fnv1a_vectors);
  g_test_add_func ("/rng/golden-seeding", test_golden_seeding);
  g_test_add_func ("/rng/streams-keyed-by-name", test_streams_keyed_by_name);
  g_test_add_func ("/rng/neighbour-streams-uncorrelated", test_neighbour_streams_uncorrelated);
  g_test_add_func ("/rng/uniform01", test_uniform01);
  g_test_add_func ("/rng/exp-moments-and-ks", test_exp_moments_and_ks);
  g_test_add_func ("/rng/normal-moments-and-ks", test_normal_moments_and_ks);
  g_test_add_func ("/rng/below-unbiased", test_below_unbiased);
  g_test_add_func ("/rng/jump-commutes", test_jump_commutes);
  g_test_add_func ("/rng/zero-state-refused", test_zero_state_refused);
  return g_test_run ();
}
