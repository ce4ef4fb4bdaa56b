/* test-welch.c — Welch's t-test: the statistic and the Welch–Satterthwaite
 * degrees of freedom of a sample worked by hand, two-sided p-values at the
 * tabulated critical values of Student's t, a non-integer df against a
 * numerical integral of the t density, and the degenerate cases. */
#include <glib.h>
#include <math.h>

#include "base/welch.h"

/* Critical values t(1 - alpha/2, df) from the table of the t distribution
 * in the NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.6.7.2
 * ("Critical Values of the Student's t Distribution"), where the two-sided
 * p-value is alpha by definition.  The table gives three decimals, so the
 * p-value is only as exact as that rounding allows. */
static void
test_p_at_critical_values (void)
{
  static const struct {
    double t, df, alpha;
  } table[] = {
    { 12.706, 1, 0.05 }, { 4.303, 2, 0.05 },  { 2.571, 5, 0.05 }, { 2.228, 10, 0.05 },
    { 2.042, 30, 0.05 }, { 1.984, 100, 0.05 }, { 6.314, 1, 0.10 }, { 1.812, 10, 0.10 },
    { 4.032, 5, 0.01 },  { 3.169, 10, 0.01 }, { 2.750, 30, 0.01 }, { 2.626, 100, 0.01 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      double p = mf_welch_p_two_sided (table[i].t, table[i].df);
      g_assert_cmpfloat_with_epsilon (p, table[i].alpha, 0.002 * table[i].alpha + 1e-4);
      /* Symmetric in t. */
      g_assert_cmpfloat_with_epsilon (mf_welch_p_two_sided (-table[i].t, table[i].df), p, 1e-15);
    }
  g_assert_cmpfloat (mf_welch_p_two_sided (0.0, 4), ==, 1.0);
  g_assert_cmpfloat (mf_welch_p_two_sided (1e6, 4), <, 1e-15);
}

/* Student's t density, for an independent check of the p-value. */
static double
t_density (double x, double df)
{
  return exp (lgamma ((df + 1) / 2) - lgamma (df / 2)) / sqrt (df * G_PI)
         * pow (1 + x * x / df, -(df + 1) / 2);
}

/* 2 * integral from 0 to t of the density by Simpson's rule: 1 - p. */
static double
central_mass (double t, double df)
{
  const int n = 20000;
  double h = t / n, s = t_density (0, df) + t_density (t, df);

  for (int i = 1; i < n; i++)
    s += (i % 2 ? 4 : 2) * t_density (i * h, df);
  return 2 * s * h / 3;
}

/* A = 1..5 (mean 3, variance 2.5), B = 2, 4, .., 10 (mean 6, variance 10):
 * s²/n = 0.5 and 2, t = 3 / sqrt (2.5), df = 2.5² / (0.5²/4 + 2²/4) = 100/17. */
static void
test_worked_example (void)
{
  const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 2, 4, 6, 8, 10 };
  MfWelch w = mf_welch_test (a, 5, b, 5);

  g_assert_true (w.defined);
  g_assert_cmpfloat_with_epsilon (w.mean_a, 3.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (w.mean_b, 6.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (w.t, 3.0 / sqrt (2.5), 1e-12);
  g_assert_cmpfloat_with_epsilon (w.df, 100.0 / 17.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (w.p, 1.0 - central_mass (w.t, w.df), 1e-9);
  g_assert_cmpfloat (w.p, >, 0.05); /* not significant at 5% */
  g_assert_cmpfloat (w.p, <, 0.2);

  /* Swapping the samples turns the sign, nothing else. */
  MfWelch r = mf_welch_test (b, 5, a, 5);
  g_assert_cmpfloat_with_epsilon (r.t, -w.t, 1e-12);
  g_assert_cmpfloat_with_epsilon (r.p, w.p, 1e-15);

  /* A clear shift is significant; equal samples are not. */
  const double c[] = { 101, 102, 103, 104, 105 };
  MfWelch s = mf_welch_test (a, 5, c, 5);
  g_assert_cmpfloat (s.p, <, 1e-6);
  MfWelch e = mf_welch_test (a, 5, a, 5);
  g_assert_cmpfloat (e.t, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (e.p, 1.0, 1e-15);
}

static void
test_degenerate (void)
{
  const double a[] = { 1, 2, 3 }, one[] = { 7 }, k1[] = { 4, 4, 4 }, k2[] = { 5, 5 };
  const double with_nan[] = { 1, NAN, 3 };

  MfWelch w = mf_welch_test (a, 3, one, 1);
  g_assert_false (w.defined);
  g_assert_true (isnan (w.p) && isnan (w.t) && isnan (w.df));
  g_assert_false (mf_welch_test (a, 3, with_nan, 3).defined);
  g_assert_false (mf_welch_test (NULL, 0, a, 3).defined);

  /* Constant samples: certain difference, or none. */
  w = mf_welch_test (k1, 3, k2, 2);
  g_assert_true (w.defined);
  g_assert_cmpfloat (w.p, ==, 0.0);
  g_assert_true (isnan (w.t));
  w = mf_welch_test (k1, 3, k1, 3);
  g_assert_cmpfloat (w.p, ==, 1.0);

  /* One constant sample: df is that of the other, n - 1. */
  w = mf_welch_test (k1, 3, a, 3);
  g_assert_cmpfloat_with_epsilon (w.df, 2.0, 1e-12);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/welch/p-at-critical-values", test_p_at_critical_values);
  g_test_add_func ("/welch/worked-example", test_worked_example);
  g_test_add_func ("/welch/degenerate", test_degenerate);
  return g_test_run ();
}
