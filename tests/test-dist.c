/* test-dist.c — samplers of every distribution of a topology file, exact in
 * distribution: means and variances within K_SE standard errors measured
 * from the sample, Kolmogorov–Smirnov for exp and uniform, the normal
 * behind lognormal checked on the log scale, the geometric's support and
 * point mass, and rounding to integer units; parsing, printing and the
 * mean of every form. */
#include <glib.h>
#include <math.h>

#include "model/dist.h"
#include "stat-check.h"

#define N_SAMPLES 400000

static double *
draw (const MfDist *dist, const char *stream, gsize n)
{
  MfRng rng;
  mf_rng_init (&rng, 11, 0, stream);
  double *x = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    x[i] = mf_dist_sample (dist, &rng);
  return x;
}

static void
test_const (void)
{
  MfDist d = { MF_DIST_CONST, 5000.0, 0 };
  MfRng rng;
  mf_rng_init (&rng, 1, 0, "const");
  for (int i = 0; i < 100; i++)
    g_assert_cmpfloat (mf_dist_sample (&d, &rng), ==, 5000.0);
  g_assert_cmpfloat (mf_dist_variance (&d), ==, 0.0);
}

static double
exp1_cdf (double x)
{
  return -expm1 (-x);
}

static void
test_exp (void)
{
  MfDist d = { MF_DIST_EXP, 5000.0, 0 }; /* exp(5ms) in µs */
  g_autofree double *x = draw (&d, "exp", N_SAMPLES);
  check_mean_var (x, N_SAMPLES, 5000.0, mf_dist_variance (&d));
  g_assert_cmpfloat (mf_dist_variance (&d), ==, 25e6);
  for (gsize i = 0; i < N_SAMPLES; i++)
    x[i] /= 5000.0;
  check_ks (x, N_SAMPLES, exp1_cdf);
}

static double
uniform_cdf (double x)
{
  return CLAMP ((x - 2.0) / 8.0, 0.0, 1.0);
}

static void
test_uniform (void)
{
  MfDist d = { MF_DIST_UNIFORM, 2.0, 10.0 };
  g_autofree double *x = draw (&d, "uniform", N_SAMPLES);
  for (gsize i = 0; i < N_SAMPLES; i++)
    {
      g_assert_cmpfloat (x[i], >=, 2.0);
      g_assert_cmpfloat (x[i], <, 10.0);
    }
  check_mean_var (x, N_SAMPLES, 6.0, 64.0 / 12.0);
  g_assert_cmpfloat_with_epsilon (mf_dist_variance (&d), 64.0 / 12.0, 1e-12);
  check_ks (x, N_SAMPLES, uniform_cdf);
}

/* lognormal(median m, sigma s): ln X ~ N(ln m, s²); the mean and
 * variance of X follow (checked with a moderate s, whose fourth moment is
 * small enough for the standard errors to mean something). */
static void
test_lognormal (void)
{
  MfDist d = { MF_DIST_LOGNORMAL, 25600.0, 1.2 }; /* lognormal(25KB, 1.2) */
  g_autofree double *x = draw (&d, "lognormal", N_SAMPLES);
  guint64 below = 0;
  for (gsize i = 0; i < N_SAMPLES; i++)
    {
      g_assert_cmpfloat (x[i], >, 0.0);
      below += x[i] < 25600.0;
      x[i] = log (x[i]);
    }
  check_mean_var (x, N_SAMPLES, log (25600.0), 1.2 * 1.2);
  g_assert_cmpfloat_with_epsilon ((double) below / N_SAMPLES, 0.5, K_SE * sqrt (0.25 / N_SAMPLES));

  MfDist small = { MF_DIST_LOGNORMAL, 100.0, 0.4 };
  g_autofree double *y = draw (&small, "lognormal small", N_SAMPLES);
  check_mean_var (y, N_SAMPLES, 100.0 * exp (0.08), mf_dist_variance (&small));
  g_assert_cmpfloat_with_epsilon (mf_dist_variance (&small), 1e4 * exp (0.16) * expm1 (0.16), 1e-6);
}

static void
test_geometric (void)
{
  static const double means[] = { 1.5, 10.0 };
  for (gsize k = 0; k < G_N_ELEMENTS (means); k++)
    {
      MfDist d = { MF_DIST_GEOMETRIC, means[k], 0 };
      g_autofree double *x = draw (&d, "geometric", N_SAMPLES);
      guint64 ones = 0;
      for (gsize i = 0; i < N_SAMPLES; i++)
        {
          g_assert_cmpfloat (x[i], >=, 1.0);
          g_assert_cmpfloat (x[i], ==, floor (x[i]));
          ones += x[i] == 1.0;
        }
      double p = 1.0 / means[k];
      check_mean_var (x, N_SAMPLES, means[k], (1.0 - p) / (p * p));
      g_assert_cmpfloat_with_epsilon (mf_dist_variance (&d), (1.0 - p) / (p * p), 1e-9);
      g_assert_cmpfloat_with_epsilon ((double) ones / N_SAMPLES, p,
                                      K_SE * sqrt (p * (1.0 - p) / N_SAMPLES));
    }
  MfDist one = { MF_DIST_GEOMETRIC, 1.0, 0 };
  g_autofree double *z = draw (&one, "geometric one", 1000);
  for (gsize i = 0; i < 1000; i++)
    g_assert_cmpfloat (z[i], ==, 1.0);
}

static void
test_rounded (void)
{
  static const struct {
    double value;
    gint64 want;
  } cases[] = {
    { 2.5, 3 }, { 2.4999, 2 }, { 0.0, 0 }, { 0.49, 0 }, { 1e30, G_MAXINT64 }, { 12345678.5, 12345679 },
  };
  MfRng rng;
  mf_rng_init (&rng, 1, 0, "rounded");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MfDist d = { MF_DIST_CONST, cases[i].value, 0 };
      g_assert_cmpint (mf_dist_sample_rounded (&d, &rng), ==, cases[i].want);
    }

  /* E[floor(X + 1/2)] for X ~ exp(mean μ) is Σ_k≥1 e^-(k-1/2)/μ
   * = e^(1/2μ) / (e^(1/μ) - 1): rounding keeps the mean (9.9958 for 10). */
  MfDist d = { MF_DIST_EXP, 10.0, 0 };
  g_autofree double *x = g_new (double, N_SAMPLES);
  for (gsize i = 0; i < N_SAMPLES; i++)
    x[i] = (double) mf_dist_sample_rounded (&d, &rng);
  Moments m = moments_of (x, N_SAMPLES);
  double want = exp (0.05) / expm1 (0.1);
  g_assert_cmpfloat_with_epsilon (m.mean, want, K_SE * m.se_mean);
}

static void
test_parse (void)
{
  static const struct {
    const char *text;
    MfDistUnit unit;
    gboolean want_ok;
    MfDistKind kind;
    double a, b;
  } cases[] = {
    { "exp(5ms)", MF_DIST_UNIT_DURATION, TRUE, MF_DIST_EXP, 5000, 0 },
    { "const(0)", MF_DIST_UNIT_DURATION, TRUE, MF_DIST_CONST, 0, 0 },
    { "0", MF_DIST_UNIT_DURATION, TRUE, MF_DIST_CONST, 0, 0 },
    { "2s", MF_DIST_UNIT_DURATION, TRUE, MF_DIST_CONST, 2e6, 0 },
    { "uniform(1s, 3s)", MF_DIST_UNIT_DURATION, TRUE, MF_DIST_UNIFORM, 1e6, 3e6 },
    { "lognormal(25KB, 1.2)", MF_DIST_UNIT_SIZE, TRUE, MF_DIST_LOGNORMAL, 25600, 1.2 },
    { "25KB", MF_DIST_UNIT_SIZE, TRUE, MF_DIST_CONST, 25600, 0 },
    { "geometric(1.5)", MF_DIST_UNIT_COUNT, TRUE, MF_DIST_GEOMETRIC, 1.5, 0 },
    { "3", MF_DIST_UNIT_COUNT, TRUE, MF_DIST_CONST, 3, 0 },
    { "uniform(1,10)", MF_DIST_UNIT_COUNT, TRUE, MF_DIST_UNIFORM, 1, 10 },
    { "64000", MF_DIST_UNIT_COUNT, TRUE, MF_DIST_CONST, 64000, 0 },
    { "64001", MF_DIST_UNIT_COUNT, FALSE, 0, 0, 0 },
    { "0", MF_DIST_UNIT_COUNT, FALSE, 0, 0, 0 },
    { "1.5", MF_DIST_UNIT_COUNT, FALSE, 0, 0, 0 },
    { "geometric(0.5)", MF_DIST_UNIT_COUNT, FALSE, 0, 0, 0 },
    { "exp(2)", MF_DIST_UNIT_COUNT, FALSE, 0, 0, 0 },
    { "geometric(5ms)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "exp(0)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "uniform(3s,1s)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "uniform(1s)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "exp(1s,2s)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "normal(1s)", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "exp(5ms", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
    { "lognormal(25KB, 11)", MF_DIST_UNIT_SIZE, FALSE, 0, 0, 0 },
    { "lognormal(25KB, x)", MF_DIST_UNIT_SIZE, FALSE, 0, 0, 0 },
    { "unlimited", MF_DIST_UNIT_SIZE, FALSE, 0, 0, 0 },
    { "exp()", MF_DIST_UNIT_DURATION, FALSE, 0, 0, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) err = NULL;
      MfDist d;
      gboolean ok = mf_parse_dist (cases[i].text, cases[i].unit, &d, &err);
      g_test_message ("dist '%s'", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].want_ok);
      if (!ok)
        {
          g_assert_nonnull (err);
          continue;
        }
      g_assert_cmpint (d.kind, ==, cases[i].kind);
      g_assert_cmpfloat_with_epsilon (d.a, cases[i].a, 1e-9);
      g_assert_cmpfloat_with_epsilon (d.b, cases[i].b, 1e-9);
      /* Printing and parsing again gives the same distribution. */
      {
        g_autofree char *text = mf_dist_to_string (&d, cases[i].unit);
        MfDist again;
        g_assert_true (mf_parse_dist (text, cases[i].unit, &again, NULL));
        g_assert_cmpint (again.kind, ==, d.kind);
        g_assert_cmpfloat_with_epsilon (again.a, d.a, 1e-6);
        g_assert_cmpfloat_with_epsilon (again.b, d.b, 1e-6);
      }
    }
  {
    MfDist d = { MF_DIST_LOGNORMAL, 100, 1.0 };
    g_assert_cmpfloat_with_epsilon (mf_dist_mean (&d), 100 * exp (0.5), 1e-9);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dist/parse", test_parse);
  g_test_add_func ("/dist/const", test_const);
  g_test_add_func ("/dist/exp", test_exp);
  g_test_add_func ("/dist/uniform", test_uniform);
  g_test_add_func ("/dist/lognormal", test_lognormal);
  g_test_add_func ("/dist/geometric", test_geometric);
  g_test_add_func ("/dist/rounded", test_rounded);
  return g_test_run ();
}
