/* test-stats.c — statistics primitives: tally moments (stable at large
 * offsets) and exact merging, time-weighted averages on known paths, the
 * histogram's 1% percentile bound against exact order statistics, its
 * handling of 0 and huge values, exact merging and bounded memory, and the
 * set that resets everything at the end of the warm-up. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "base/rng.h"
#include "stat-check.h"
#include "base/stats.h"

static void
test_tally_moments (void)
{
  MfRng rng;
  mf_rng_init (&rng, 1, 0, "tally");
  const gsize n = 100000;
  g_autofree double *x = g_new (double, n);
  MfTally t;
  mf_tally_reset (&t);
  for (gsize i = 0; i < n; i++)
    {
      x[i] = 1e9 + mf_rng_normal (&rng); /* a large offset: naive sums lose it */
      mf_tally_add (&t, x[i]);
    }
  /* The reference works on x - 1e9, which is exact (Sterbenz). */
  g_autofree double *y = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    y[i] = x[i] - 1e9;
  Moments m = moments_of (y, n);
  m.mean += 1e9;
  double mn = x[0], mx = x[0];
  for (gsize i = 1; i < n; i++)
    mn = MIN (mn, x[i]), mx = MAX (mx, x[i]);
  g_assert_cmpuint (mf_tally_count (&t), ==, n);
  /* Welford rounds each step to ulp(1e9): ~1e-14 relative after 1e5. */
  g_assert_cmpfloat_with_epsilon (mf_tally_mean (&t), m.mean, 1e-12 * m.mean);
  g_assert_cmpfloat_with_epsilon (mf_tally_variance (&t), m.var, 1e-6 * m.var);
  g_assert_cmpfloat_with_epsilon (mf_tally_sd (&t), sqrt (m.var), 1e-6);
  g_assert_cmpfloat (mf_tally_min (&t), ==, mn);
  g_assert_cmpfloat (mf_tally_max (&t), ==, mx);

  MfTally empty;
  mf_tally_reset (&empty);
  g_assert_true (isnan (mf_tally_mean (&empty)));
  g_assert_true (isnan (mf_tally_min (&empty)));
  mf_tally_add (&empty, 3.0);
  g_assert_cmpfloat (mf_tally_mean (&empty), ==, 3.0);
  g_assert_true (isnan (mf_tally_variance (&empty)));
}

static void
test_tally_merge (void)
{
  MfRng rng;
  mf_rng_init (&rng, 2, 0, "tally merge");
  MfTally whole, parts[4], merged;
  mf_tally_reset (&whole);
  mf_tally_reset (&merged);
  for (int k = 0; k < 4; k++)
    mf_tally_reset (&parts[k]);
  for (int i = 0; i < 50000; i++)
    {
      double x = mf_rng_exp (&rng, 100.0) + (i < 25000 ? 0.0 : 1000.0); /* shifted halves */
      mf_tally_add (&whole, x);
      mf_tally_add (&parts[i * 3 / 50000], x); /* parts[3] stays empty */
    }
  for (int k = 0; k < 4; k++)
    mf_tally_merge (&merged, &parts[k]);
  g_assert_cmpuint (mf_tally_count (&merged), ==, mf_tally_count (&whole));
  g_assert_cmpfloat_with_epsilon (mf_tally_mean (&merged), mf_tally_mean (&whole), 1e-9);
  g_assert_cmpfloat_with_epsilon (mf_tally_variance (&merged), mf_tally_variance (&whole),
                                  1e-9 * mf_tally_variance (&whole));
  g_assert_cmpfloat (mf_tally_min (&merged), ==, mf_tally_min (&whole));
  g_assert_cmpfloat (mf_tally_max (&merged), ==, mf_tally_max (&whole));
}

static void
test_time_avg (void)
{
  MfTimeAvg ta;
  mf_time_avg_init (&ta, 0, 0.0);
  mf_time_avg_set (&ta, 10, 2.0);
  mf_time_avg_set (&ta, 30, 5.0);
  mf_time_avg_set (&ta, 35, 0.0);
  g_assert_cmpfloat_with_epsilon (mf_time_avg_mean (&ta, 50), 65.0 / 50.0, 1e-12);
  g_assert_cmpfloat (mf_time_avg_max (&ta), ==, 5.0);
  g_assert_cmpfloat (mf_time_avg_level (&ta), ==, 0.0);
  g_assert_cmpfloat (mf_time_avg_mean (&ta, 0 + 35), ==, 65.0 / 35.0);

  MfTimeAvg first = ta;
  mf_time_avg_advance (&first, 50);

  /* Warm-up ends at 35: history forgotten, the level (0) kept. */
  mf_time_avg_reset (&ta, 35);
  g_assert_cmpfloat (mf_time_avg_mean (&ta, 35), ==, 0.0);
  mf_time_avg_set (&ta, 40, 4.0);
  g_assert_cmpfloat_with_epsilon (mf_time_avg_mean (&ta, 50), 40.0 / 15.0, 1e-12);
  g_assert_cmpfloat (mf_time_avg_max (&ta), ==, 4.0);

  /* Merge pools area and time: (65 + 40) / (50 + 15). */
  mf_time_avg_advance (&ta, 50);
  mf_time_avg_merge (&first, &ta);
  g_assert_cmpfloat_with_epsilon (mf_time_avg_covered_mean (&first), 105.0 / 65.0, 1e-12);
  g_assert_cmpint (mf_time_avg_covered_us (&first), ==, 65);
  g_assert_cmpfloat (mf_time_avg_max (&first), ==, 5.0);

  MfTimeAvg fresh;
  mf_time_avg_init (&fresh, 7, 3.0);
  g_assert_cmpfloat (mf_time_avg_mean (&fresh, 7), ==, 3.0); /* no time yet */

  g_test_expect_message ("msgflow-stats", G_LOG_LEVEL_CRITICAL, "*now_us >= ta->last_us*");
  mf_time_avg_set (&fresh, 6, 1.0);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (mf_time_avg_level (&fresh), ==, 3.0);
}

/* The nearest-rank order statistic the histogram approximates. */
static double
exact_percentile (const double *sorted, gsize n, double p)
{
  double r = ceil (p / 100.0 * (double) n);
  gsize rank = r < 1.0 ? 1 : (gsize) r;
  return sorted[MIN (rank, n) - 1];
}

static const double percentiles[] = { 0, 0.01, 0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100 };

static void
check_percentile (const MfHistogram *h, const double *sorted, gsize n, double p)
{
  double want = exact_percentile (sorted, n, p);
  double got = mf_histogram_percentile (h, p);
  if (want == 0.0)
    g_assert_cmpfloat (got, ==, 0.0);
  else
    g_assert_cmpfloat (fabs (got - want) / want, <=, MF_HISTOGRAM_REL_ERROR);
}

/* The usual levels, then a dense grid: every bucket position within an
 * octave gets hit, so a coarser layout (1.6% error) would fail. */
static void
check_percentiles (const MfHistogram *h, double *x, gsize n)
{
  qsort (x, n, sizeof (double), stat_check_cmp_double);
  for (gsize i = 0; i < G_N_ELEMENTS (percentiles); i++)
    check_percentile (h, x, n, percentiles[i]);
  for (int i = 1; i < 2000; i++)
    check_percentile (h, x, n, i / 20.0);
}

/* Lognormal with sigma 2.5 spans ~30 octaves; exp data bunch near 0. */
static void
test_histogram_percentiles (void)
{
  MfRng rng;
  mf_rng_init (&rng, 3, 0, "histogram");
  const gsize n = 200000;
  g_autofree double *x = g_new (double, n);
  g_autoptr (MfHistogram) h = mf_histogram_new ();
  g_autoptr (MfHistogram) e = mf_histogram_new ();
  MfTally t;
  mf_tally_reset (&t);
  for (gsize i = 0; i < n; i++)
    {
      x[i] = 1000.0 * exp (2.5 * mf_rng_normal (&rng));
      mf_histogram_add (h, x[i]);
      mf_tally_add (&t, x[i]);
    }
  g_assert_cmpuint (mf_histogram_count (h), ==, n);
  g_assert_cmpfloat_with_epsilon (mf_histogram_mean (h), mf_tally_mean (&t),
                                  1e-9 * mf_tally_mean (&t));
  g_assert_cmpfloat (mf_histogram_min (h), ==, mf_tally_min (&t));
  g_assert_cmpfloat (mf_histogram_max (h), ==, mf_tally_max (&t));
  check_percentiles (h, x, n);

  for (gsize i = 0; i < n; i++)
    {
      x[i] = mf_rng_exp (&rng, 3e6);
      mf_histogram_add (e, x[i]);
    }
  check_percentiles (e, x, n);
}

static void
test_histogram_zero_and_huge (void)
{
  g_autoptr (MfHistogram) h = mf_histogram_new ();
  g_assert_true (isnan (mf_histogram_percentile (h, 50)));
  g_assert_true (isnan (mf_histogram_mean (h)));
  double x[] = { 0, 0, 0, 0, 0, 1e-30, 1e-30, 5.0, 1e18, 3e18, 1e25, 1e300 };
  for (gsize i = 0; i < G_N_ELEMENTS (x); i++)
    mf_histogram_add (h, x[i]);
  g_assert_cmpfloat (mf_histogram_percentile (h, 0), ==, 0.0);
  g_assert_cmpfloat (mf_histogram_percentile (h, 50), <=, MF_HISTOGRAM_MIN); /* rank 6 */
  double p60 = mf_histogram_percentile (h, 60); /* rank 8: 5.0 */
  g_assert_cmpfloat (fabs (p60 - 5.0) / 5.0, <=, MF_HISTOGRAM_REL_ERROR);
  double p70 = mf_histogram_percentile (h, 70); /* rank 9: 1e18 */
  g_assert_cmpfloat (fabs (p70 - 1e18) / 1e18, <=, MF_HISTOGRAM_REL_ERROR);
  g_assert_cmpfloat (mf_histogram_percentile (h, 100), ==, 1e300);
  g_assert_cmpfloat (mf_histogram_max (h), ==, 1e300);

  g_test_expect_message ("msgflow-stats", G_LOG_LEVEL_CRITICAL, "*x >= 0.0*");
  mf_histogram_add (h, -1.0);
  g_test_assert_expected_messages ();
  g_test_expect_message ("msgflow-stats", G_LOG_LEVEL_CRITICAL, "*x >= 0.0*");
  mf_histogram_add (h, NAN);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (mf_histogram_count (h), ==, G_N_ELEMENTS (x));
}

typedef struct {
  GArray *rows; /* triples (low, high, count) */
} Buckets;

static void
collect_bucket (double low, double high, guint64 count, gpointer user_data)
{
  GArray *rows = user_data;
  double row[3] = { low, high, (double) count };
  g_assert_cmpfloat (low, <, high);
  if (rows->len > 0)
    g_assert_cmpfloat (g_array_index (rows, double, rows->len - 2), <=, low);
  g_array_append_vals (rows, row, 3);
}

static void
test_histogram_merge (void)
{
  MfRng rng;
  mf_rng_init (&rng, 4, 0, "histogram merge");
  g_autoptr (MfHistogram) whole = mf_histogram_new ();
  g_autoptr (MfHistogram) merged = mf_histogram_new ();
  MfHistogram *parts[3] = { mf_histogram_new (), mf_histogram_new (), mf_histogram_new () };
  for (int i = 0; i < 60000; i++)
    {
      double v = i % 100 == 0 ? 0.0 : mf_rng_exp (&rng, i < 30000 ? 10.0 : 1e7);
      mf_histogram_add (whole, v);
      mf_histogram_add (parts[i % 3], v);
    }
  for (int k = 0; k < 3; k++)
    {
      mf_histogram_merge (merged, parts[k]);
      mf_histogram_free (parts[k]);
    }
  g_assert_cmpuint (mf_histogram_count (merged), ==, mf_histogram_count (whole));
  g_assert_cmpfloat (mf_histogram_min (merged), ==, mf_histogram_min (whole));
  g_assert_cmpfloat (mf_histogram_max (merged), ==, mf_histogram_max (whole));
  for (gsize i = 0; i < G_N_ELEMENTS (percentiles); i++)
    g_assert_cmpfloat (mf_histogram_percentile (merged, percentiles[i]), ==,
                       mf_histogram_percentile (whole, percentiles[i]));
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
  mf_histogram_foreach_bucket (whole, collect_bucket, a);
  mf_histogram_foreach_bucket (merged, collect_bucket, b);
  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpuint (a->len, >, 3 * 64);
  g_assert_cmpmem (a->data, a->len * sizeof (double), b->data, b->len * sizeof (double));
}

/* Memory is bounded by the octave count, whatever the number and spread
 * of the values. */
static void
test_histogram_memory_bounded (void)
{
  MfRng rng;
  mf_rng_init (&rng, 5, 0, "histogram memory");
  g_autoptr (MfHistogram) narrow = mf_histogram_new ();
  g_autoptr (MfHistogram) wide = mf_histogram_new ();
  for (int i = 0; i < 500000; i++)
    {
      mf_histogram_add (narrow, mf_rng_exp (&rng, 5000.0));
      mf_histogram_add (wide, ldexp (1.0 + mf_rng_uniform01 (&rng), (int) mf_rng_below (&rng, 200) - 60));
    }
  g_assert_cmpuint (mf_histogram_memory_bytes (narrow), <, 16 * 1024);
  g_assert_cmpuint (mf_histogram_memory_bytes (wide), <=, sizeof (gpointer) * 100 + 84 * 512 + 128);
  gsize before = mf_histogram_memory_bytes (wide);
  for (int i = 0; i < 100000; i++)
    mf_histogram_add (wide, ldexp (1.0, (int) mf_rng_below (&rng, 200) - 60));
  g_assert_cmpuint (mf_histogram_memory_bytes (wide), ==, before);
}

static void
test_stat_set_resets_all (void)
{
  MfTally t;
  MfTimeAvg ta;
  g_autoptr (MfHistogram) h = mf_histogram_new ();
  mf_tally_reset (&t);
  mf_time_avg_init (&ta, 0, 0.0);
  g_autoptr (MfStatSet) set = mf_stat_set_new ();
  mf_stat_set_add_tally (set, &t);
  mf_stat_set_add_time_avg (set, &ta);
  mf_stat_set_add_histogram (set, h);
  for (int i = 1; i <= 10; i++)
    {
      mf_tally_add (&t, i);
      mf_histogram_add (h, i);
      mf_time_avg_set (&ta, i * 10, i);
    }
  mf_stat_set_reset (set, 120);
  g_assert_cmpuint (mf_tally_count (&t), ==, 0);
  g_assert_cmpuint (mf_histogram_count (h), ==, 0);
  g_assert_true (isnan (mf_histogram_percentile (h, 50)));
  g_assert_cmpfloat (mf_time_avg_level (&ta), ==, 10.0); /* the real state survives */
  g_assert_cmpfloat (mf_time_avg_mean (&ta, 130), ==, 10.0);
  g_assert_cmpfloat (mf_time_avg_max (&ta), ==, 10.0);
  mf_tally_add (&t, 7.0);
  mf_histogram_add (h, 7.0);
  g_assert_cmpfloat (mf_tally_mean (&t), ==, 7.0);
  g_assert_cmpfloat (mf_histogram_percentile (h, 50), ==, 7.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/tally-moments", test_tally_moments);
  g_test_add_func ("/stats/tally-merge", test_tally_merge);
  g_test_add_func ("/stats/time-avg", test_time_avg);
  g_test_add_func ("/stats/histogram-percentiles-within-1pct", test_histogram_percentiles);
  g_test_add_func ("/stats/histogram-zero-and-huge", test_histogram_zero_and_huge);
  g_test_add_func ("/stats/histogram-merge", test_histogram_merge);
  g_test_add_func ("/stats/histogram-memory-bounded", test_histogram_memory_bounded);
  g_test_add_func ("/stats/stat-set-resets-all", test_stat_set_resets_all);
  return g_test_run ();
}
