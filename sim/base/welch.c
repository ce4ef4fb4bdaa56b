/* welch.c — Welch's t-test (welch.h).
 *
 * Means and variances are computed in two passes (the mean first, then
 * squared deviations from it), which keeps the variance of values that
 * differ only in their last digits from cancelling to garbage.
 */
#define G_LOG_DOMAIN "msgflow-welch"

#include "base/welch.h"
#include "base/replication.h"

#include <math.h>

/* Mean and unbiased variance of @n >= 2 values; FALSE when one is NaN or infinite. */
static gboolean
moments (const double *v, gsize n, double *mean, double *var)
{
  double sum = 0.0, ss = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (v[i]))
        return FALSE;
      sum += v[i];
    }
  *mean = sum / (double) n;
  for (gsize i = 0; i < n; i++)
    ss += (v[i] - *mean) * (v[i] - *mean);
  *var = ss / (double) (n - 1);
  return TRUE;
}

/**
 * mf_welch_p_two_sided:
 * @t: the statistic
 * @df: degrees of freedom, > 0 (not necessarily whole)
 *
 * Returns: P(|T| >= |@t|) for Student's t with @df degrees of freedom.
 */
double
mf_welch_p_two_sided (double t, double df)
{
  g_return_val_if_fail (df > 0.0, NAN);
  if (isnan (t))
    return NAN;
  /* The lower tail at -|t|, doubled: no 1 - x cancellation for large |t|. */
  return fmin (1.0, 2.0 * mf_student_t_cdf (-fabs (t), df));
}

/**
 * mf_welch_test:
 * @a: (array length=n_a): sample A (the earlier run)
 * @b: (array length=n_b): sample B (the later run)
 *
 * t = (mean_b - mean_a) / sqrt (s_a²/n_a + s_b²/n_b) and
 * df = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a-1) + (s_b²/n_b)²/(n_b-1)).
 * O(n_a + n_b).
 *
 * Returns: the test; see MfWelch for the degenerate cases.
 */
MfWelch
mf_welch_test (const double *a, gsize n_a, const double *b, gsize n_b)
{
  MfWelch w = { FALSE, NAN, NAN, NAN, NAN, NAN };
  double var_a, var_b;

  if (n_a < 2 || n_b < 2 || !moments (a, n_a, &w.mean_a, &var_a)
      || !moments (b, n_b, &w.mean_b, &var_b))
    {
      w.mean_a = w.mean_b = NAN;
      return w;
    }
  w.defined = TRUE;
  double qa = var_a / (double) n_a, qb = var_b / (double) n_b;
  double se2 = qa + qb;
  if (se2 == 0.0)
    {
      /* Two constant samples: no spread to weigh the difference against;
       * they differ for certain or not at all. */
      w.p = w.mean_a == w.mean_b ? 1.0 : 0.0;
      return w;
    }
  w.t = (w.mean_b - w.mean_a) / sqrt (se2);
  w.df = se2 * se2 / (qa * qa / (double) (n_a - 1) + qb * qb / (double) (n_b - 1));
  w.p = mf_welch_p_two_sided (w.t, w.df);
  return w;
}
