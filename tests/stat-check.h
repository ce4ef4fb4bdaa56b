/* stat-check.h — helpers shared by the statistical tests: sample moments
 * with their standard errors, the Kolmogorov–Smirnov statistic, and the
 * assertions built on them (test-stat-check.c shows each can fail).
 * Tolerances are K standard errors, the errors measured from the sample
 * itself (its variance and fourth moment), never guessed. */
#ifndef MF_STAT_CHECK_H
#define MF_STAT_CHECK_H

#include <glib.h>
#include <math.h>
#include <stdlib.h>

/* Tolerance in standard errors: a fixed seed passes or fails forever; at
 * 5 SE a correct sampler fails with probability ~6e-7 per check. */
#define K_SE 5.0

/* The Kolmogorov–Smirnov critical value at α = 0.001 is ≈ 1.949 / √n. */
#define KS_CRIT_001 1.949

typedef struct {
  double mean;
  double var;     /* sample variance */
  double se_mean; /* √(var / n) */
  double se_var;  /* √((m4 - var²) / n) */
} Moments;

static inline Moments
moments_of (const double *x, gsize n)
{
  double sum = 0.0;
  for (gsize i = 0; i < n; i++)
    sum += x[i];
  double mean = sum / (double) n, m2 = 0.0, m4 = 0.0;
  for (gsize i = 0; i < n; i++)
    {
      double d = (x[i] - mean) * (x[i] - mean);
      m2 += d;
      m4 += d * d;
    }
  m4 /= (double) n;
  Moments m = { mean, m2 / (double) (n - 1), 0, 0 };
  m.se_mean = sqrt (m.var / (double) n);
  m.se_var = sqrt (fmax (m4 - m.var * m.var, 0.0) / (double) n);
  return m;
}

static inline int
stat_check_cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Sorts @x in place and returns sup |F_n - F|. */
static inline double
ks_statistic (double *x, gsize n, double (*cdf) (double))
{
  qsort (x, n, sizeof (double), stat_check_cmp_double);
  double d = 0.0;
  for (gsize i = 0; i < n; i++)
    {
      double f = cdf (x[i]);
      d = fmax (d, fmax ((double) (i + 1) / (double) n - f, f - (double) i / (double) n));
    }
  return d;
}

/* Asserts that the sample's mean and variance are each within K_SE
 * standard errors of the wanted values. */
static inline void
check_mean_var (const double *x, gsize n, double want_mean, double want_var)
{
  Moments m = moments_of (x, n);
  g_assert_cmpfloat_with_epsilon (m.mean, want_mean, K_SE * m.se_mean);
  g_assert_cmpfloat_with_epsilon (m.var, want_var, K_SE * m.se_var);
}

/* Asserts that the sample passes Kolmogorov–Smirnov against @cdf at
 * α = 0.001.  Sorts @x in place. */
static inline void
check_ks (double *x, gsize n, double (*cdf) (double))
{
  g_assert_cmpfloat (ks_statistic (x, n, cdf), <, KS_CRIT_001 / sqrt ((double) n));
}

#endif /* MF_STAT_CHECK_H */
