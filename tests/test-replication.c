/* test-replication.c — Student t quantiles against 17-digit values
 * (mpmath), the distribution function, the coverage of 95% intervals over
 * many replicated experiments, and the replication driver's error path. */
#include <glib.h>
#include <math.h>

#include "base/replication.h"
#include "base/rng.h"

static void
test_t_quantile_table (void)
{
  static const struct {
    double p, df, want;
  } cases[] = {
    { 0.975, 1, 12.706204736174705 },   { 0.975, 2, 4.3026527297494639 },
    { 0.975, 3, 3.1824463052837096 },   { 0.975, 4, 2.7764451051977944 },
    { 0.975, 5, 2.5705818356363155 },   { 0.975, 9, 2.2621571627982055 },
    { 0.975, 10, 2.2281388519862747 },  { 0.975, 19, 2.0930240544083098 },
    { 0.975, 29, 2.0452296421327043 },  { 0.975, 30, 2.0422724563012383 },
    { 0.975, 100, 1.9839715185235523 }, { 0.975, 1000, 1.9623390808264085 },
    { 0.975, 99999, 1.9599877077718448 }, { 0.975, 100001, 1.9599877072973792 },
    { 0.975, 1e6, 1.959966356814107 },  { 0.995, 10, 3.1692726726169512 },
    { 0.9995, 5, 6.8688266258811102 },  { 0.025, 7, -2.3646242515927853 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double got = mf_student_t_quantile (cases[i].p, cases[i].df);
      g_assert_cmpfloat_with_epsilon (got, cases[i].want, 1e-9 * fabs (cases[i].want));
    }
  g_assert_cmpfloat (mf_student_t_quantile (0.5, 3), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (mf_student_t_cdf (1.5, 3), 0.88470806737758847, 1e-12);
  g_assert_cmpfloat_with_epsilon (mf_student_t_cdf (-1.5, 3), 1 - 0.88470806737758847, 1e-12);
  for (double df = 1; df < 200; df *= 1.7)
    for (double p = 0.01; p < 1.0; p += 0.07)
      g_assert_cmpfloat_with_epsilon (mf_student_t_cdf (mf_student_t_quantile (p, df), df), p, 1e-12);
}

/* 95% intervals from R = 5 normal values must cover the true mean in
 * 95% of 4000 experiments (binomial SE 0.34%; z instead of t would give
 * about 88%). */
static void
test_interval_coverage (void)
{
  MfRng rng;
  mf_rng_init (&rng, 12, 0, "coverage");
  const int n_experiments = 4000, r = 5;
  int covered = 0;
  for (int e = 0; e < n_experiments; e++)
    {
      double v[5];
      for (int i = 0; i < r; i++)
        v[i] = 10.0 + 2.0 * mf_rng_normal (&rng);
      MfInterval ci = mf_interval_from_values (v, r, 0.95);
      g_assert_cmpuint (ci.n, ==, 5);
      covered += fabs (ci.mean - 10.0) <= ci.half_width;
    }
  double rate = (double) covered / n_experiments;
  g_assert_cmpfloat_with_epsilon (rate, 0.95, 5.0 * sqrt (0.95 * 0.05 / n_experiments));
}

static void
test_interval_small (void)
{
  double one = 4.0;
  MfInterval ci = mf_interval_from_values (&one, 1, 0.95);
  g_assert_cmpuint (ci.n, ==, 1);
  g_assert_cmpfloat (ci.mean, ==, 4.0);
  g_assert_true (isnan (ci.half_width));
  ci = mf_interval_from_values (NULL, 0, 0.95);
  g_assert_true (isnan (ci.mean));
  double two[] = { 1.0, 3.0 }; /* sd √2, t(0.975, 1) · √2 / √2 */
  ci = mf_interval_from_values (two, 2, 0.95);
  g_assert_cmpfloat_with_epsilon (ci.half_width, 12.706204736174705, 1e-9);
}

typedef struct {
  guint calls;
  guint fail_at;
} Runs;

static gboolean
replication_func (guint replication, gpointer user_data, GError **error)
{
  Runs *runs = user_data;
  g_assert_cmpuint (replication, ==, runs->calls);
  runs->calls++;
  if (replication == runs->fail_at)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "model failed");
      return FALSE;
    }
  return TRUE;
}

static void
test_replications_run (void)
{
  Runs ok = { 0, G_MAXUINT };
  g_assert_true (mf_replications_run (4, replication_func, &ok, NULL));
  g_assert_cmpuint (ok.calls, ==, 4);

  g_autoptr (GError) error = NULL;
  Runs bad = { 0, 2 };
  g_assert_false (mf_replications_run (5, replication_func, &bad, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "replication 2: model failed");
  g_assert_cmpuint (bad.calls, ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/replication/t-quantile-table", test_t_quantile_table);
  g_test_add_func ("/replication/interval-coverage", test_interval_coverage);
  g_test_add_func ("/replication/interval-small", test_interval_small);
  g_test_add_func ("/replication/run-stops-at-first-error", test_replications_run);
  return g_test_run ();
}
