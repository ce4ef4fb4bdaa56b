/* test-stat-check.c — the helpers of stat-check.h checked themselves:
 * moments_of and ks_statistic against values worked out by hand, and
 * check_mean_var and check_ks run in a subprocess on a value just inside
 * their tolerance (the subprocess passes) and just outside (it fails), so
 * that a statistical test built on them can fail at all. */
#include <glib.h>
#include <math.h>

#include "stat-check.h"

#define GRID_N 10000

/* (i + ½) / n: a deterministic sample of U(0, 1), mean ½, D = ½n against
 * the uniform CDF. */
static double *
grid (void)
{
  double *x = g_new (double, GRID_N);
  for (gsize i = 0; i < GRID_N; i++)
    x[i] = ((double) i + 0.5) / GRID_N;
  return x;
}

static double
unit_cdf (double x)
{
  return CLAMP (x, 0.0, 1.0);
}

static void
test_moments_of (void)
{
  static const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
  /* Deviations from 5: squares sum to 32, fourth powers to 356. */
  Moments m = moments_of (x, G_N_ELEMENTS (x));
  double var = 32.0 / 7.0;

  g_assert_cmpfloat_with_epsilon (m.mean, 5.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.var, var, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.se_mean, sqrt (var / 8.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (m.se_var, sqrt ((356.0 / 8.0 - var * var) / 8.0), 1e-12);
}

static void
test_ks_statistic (void)
{
  double x[] = { 0.9, 0.1, 0.4 };

  /* Largest gap at 0.4: F_n = 2/3 just after it, F = 0.4. */
  g_assert_cmpfloat_with_epsilon (ks_statistic (x, G_N_ELEMENTS (x), unit_cdf),
                                  2.0 / 3.0 - 0.4, 1e-12);
  g_assert_cmpfloat (x[0], ==, 0.1);
  g_assert_cmpfloat (x[1], ==, 0.4);
  g_assert_cmpfloat (x[2], ==, 0.9);
}

/* The grid with its wanted mean or variance moved by `k` of its own
 * standard errors. */
static void
mean_var_off_by (gboolean move_mean, double k)
{
  g_autofree double *x = grid ();
  Moments m = moments_of (x, GRID_N);
  double want_mean = m.mean + (move_mean ? k * m.se_mean : 0.0);
  double want_var = m.var + (move_mean ? 0.0 : k * m.se_var);

  check_mean_var (x, GRID_N, want_mean, want_var);
}

/* The grid moved right by `k` times the critical distance, less the grid's
 * own ½n, so that D = k × critical value. */
static void
ks_off_by (double k)
{
  g_autofree double *x = grid ();
  double shift = k * KS_CRIT_001 / sqrt ((double) GRID_N) - 0.5 / GRID_N;

  for (gsize i = 0; i < GRID_N; i++)
    x[i] += shift;
  check_ks (x, GRID_N, unit_cdf);
}

static void
sub_mean_inside (void)
{
  mean_var_off_by (TRUE, 0.9 * K_SE);
}

static void
sub_mean_outside (void)
{
  mean_var_off_by (TRUE, -1.1 * K_SE);
}

static void
sub_var_inside (void)
{
  mean_var_off_by (FALSE, -0.9 * K_SE);
}

static void
sub_var_outside (void)
{
  mean_var_off_by (FALSE, 1.1 * K_SE);
}

static void
sub_ks_inside (void)
{
  ks_off_by (0.9);
}

static void
sub_ks_outside (void)
{
  ks_off_by (1.1);
}

static void
expect (const char *subprocess, gboolean passes)
{
  g_autofree char *path = g_strdup_printf ("/stat-check/subprocess/%s", subprocess);

  g_test_trap_subprocess (path, 0, G_TEST_SUBPROCESS_DEFAULT);
  if (passes)
    g_test_trap_assert_passed ();
  else
    {
      g_test_trap_assert_failed ();
      g_test_trap_assert_stderr ("*assertion failed*");
    }
}

static void
test_check_mean_var (void)
{
  expect ("mean-inside", TRUE);
  expect ("mean-outside", FALSE);
  expect ("var-inside", TRUE);
  expect ("var-outside", FALSE);
}

static void
test_check_ks (void)
{
  expect ("ks-inside", TRUE);
  expect ("ks-outside", FALSE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stat-check/moments-of", test_moments_of);
  g_test_add_func ("/stat-check/ks-statistic", test_ks_statistic);
  g_test_add_func ("/stat-check/check-mean-var", test_check_mean_var);
  g_test_add_func ("/stat-check/check-ks", test_check_ks);
  g_test_add_func ("/stat-check/subprocess/mean-inside", sub_mean_inside);
  g_test_add_func ("/stat-check/subprocess/mean-outside", sub_mean_outside);
  g_test_add_func ("/stat-check/subprocess/var-inside", sub_var_inside);
  g_test_add_func ("/stat-check/subprocess/var-outside", sub_var_outside);
  g_test_add_func ("/stat-check/subprocess/ks-inside", sub_ks_inside);
  g_test_add_func ("/stat-check/subprocess/ks-outside", sub_ks_outside);
  return g_test_run ();
}
