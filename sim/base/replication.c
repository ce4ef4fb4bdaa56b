/* replication.c — replications and Student-t intervals (replication.h).
 *
 * The t distribution function is computed from the regularised incomplete
 * beta function (continued fraction, modified Lentz), and its quantile by
 * bisection on that function, which is monotone: slow (a few hundred
 * evaluations) but exact to double precision for every df, and called a
 * handful of times per run.  Beyond df = 1e5 a Cornish–Fisher expansion
 * around the normal quantile is exact to double precision and avoids the
 * slow convergence of the fraction for huge parameters.
 */
#define G_LOG_DOMAIN "msgflow-replication"

#include "base/replication.h"

#include <math.h>

#define BETACF_MAX_ITER 20000
#define BETACF_EPS 1e-16
#define TINY 1e-300
#define BISECT_ITER 200
#define LARGE_DF 1e5

/* Continued fraction for I_x(a, b), good for x < (a + 1) / (a + b + 2). */
static double
beta_cf (double a, double b, double x)
{
  double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap;
  if (fabs (d) < TINY)
    d = TINY;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= BETACF_MAX_ITER; m++)
    {
      double m2 = 2.0 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1.0 + aa * d;
      if (fabs (d) < TINY)
        d = TINY;
      c = 1.0 + aa / c;
      if (fabs (c) < TINY)
        c = TINY;
      d = 1.0 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1.0 + aa * d;
      if (fabs (d) < TINY)
        d = TINY;
      c = 1.0 + aa / c;
      if (fabs (c) < TINY)
        c = TINY;
      d = 1.0 / d;
      double del = d * c;
      h *= del;
      if (fabs (del - 1.0) < BETACF_EPS)
        break;
    }
  return h;
}

/* The regularised incomplete beta function I_x(a, b). */
static double
beta_inc (double a, double b, double x)
{
  if (x <= 0.0)
    return 0.0;
  if (x >= 1.0)
    return 1.0;
  double front = exp (lgamma (a + b) - lgamma (a) - lgamma (b) + a * log (x) + b * log1p (-x));
  if (x < (a + 1.0) / (a + b + 2.0))
    return front * beta_cf (a, b, x) / a;
  return 1.0 - front * beta_cf (b, a, 1.0 - x) / b;
}

/**
 * mf_student_t_cdf:
 * @df: degrees of freedom, > 0
 *
 * Returns: P(T ≤ @t) for Student's t with @df degrees of freedom.
 */
double
mf_student_t_cdf (double t, double df)
{
  g_return_val_if_fail (df > 0.0, NAN);
  double tail = 0.5 * beta_inc (0.5 * df, 0.5, df / (df + t * t));
  return t > 0.0 ? 1.0 - tail : tail;
}

/* Standard normal quantile by bisection on erfc: exact, and cheap enough
 * for a few calls. */
static double
normal_quantile_upper (double q) /* z with P(Z > z) = q, q in (0, 0.5] */
{
  double lo = 0.0, hi = 40.0;
  for (int i = 0; i < BISECT_ITER; i++)
    {
      double mid = 0.5 * (lo + hi);
      if (0.5 * erfc (mid / G_SQRT2) > q)
        lo = mid;
      else
        hi = mid;
    }
  return 0.5 * (lo + hi);
}

/**
 * mf_student_t_quantile:
 * @p: in (0, 1)
 * @df: degrees of freedom, > 0
 *
 * Returns: t such that P(T ≤ t) = @p, to about double precision; e.g.
 *   mf_student_t_quantile (0.975, 9) = 2.2622.
 */
double
mf_student_t_quantile (double p, double df)
{
  g_return_val_if_fail (p > 0.0 && p < 1.0, NAN);
  g_return_val_if_fail (df > 0.0, NAN);

  if (p == 0.5)
    return 0.0;
  double q = p > 0.5 ? 1.0 - p : p; /* the upper tail beyond |t| */
  double t;
  if (df > LARGE_DF)
    {
      double z = normal_quantile_upper (q), z2 = z * z;
      t = z + z * (z2 + 1.0) / (4.0 * df)
          + z * ((5.0 * z2 + 16.0) * z2 + 3.0) / (96.0 * df * df)
          + z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / (384.0 * df * df * df);
    }
  else
    {
      /* P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t²), increasing
       * in x: bisect on x in (0, 1). */
      double lo = 0.0, hi = 1.0;
      for (int i = 0; i < BISECT_ITER; i++)
        {
          double mid = 0.5 * (lo + hi);
          if (0.5 * beta_inc (0.5 * df, 0.5, mid) < q)
            lo = mid;
          else
            hi = mid;
        }
      double x = 0.5 * (lo + hi);
      t = sqrt (df * (1.0 - x) / x);
    }
  return p > 0.5 ? t : -t;
}

/**
 * mf_interval_from_tally:
 * @values: (transfer none): one value per replication
 * @confidence: in (0, 1), e.g. 0.95
 *
 * Returns: mean ± t_{(1+c)/2, n-1} · sd / √n; half_width is NAN when
 *   fewer than two values.
 */
MfInterval
mf_interval_from_tally (const MfTally *values, double confidence)
{
  MfInterval ci = { 0, NAN, NAN, NAN };
  g_return_val_if_fail (values != NULL, ci);
  g_return_val_if_fail (confidence > 0.0 && confidence < 1.0, ci);

  ci.n = mf_tally_count (values);
  ci.mean = mf_tally_mean (values);
  ci.sd = mf_tally_sd (values);
  if (ci.n >= 2)
    ci.half_width = mf_student_t_quantile (0.5 * (1.0 + confidence), (double) (ci.n - 1))
                    * ci.sd / sqrt ((double) ci.n);
  return ci;
}

/**
 * mf_interval_from_values:
 * @values: (array length=n): one value per replication
 *
 * mf_interval_from_tally() over @values.  O(n).
 */
MfInterval
mf_interval_from_values (const double *values, gsize n, double confidence)
{
  MfTally t;
  mf_tally_reset (&t);
  for (gsize i = 0; i < n; i++)
    mf_tally_add (&t, values[i]);
  return mf_interval_from_tally (&t, confidence);
}

/**
 * mf_replications_run:
 * @n_replications: R ≥ 1
 * @func: runs replication r (0 .. R-1), which seeds its streams with r
 * @user_data: (transfer none): for @func
 * @error: set, prefixed "replication R: ", from the first failing run
 *
 * Runs the replications in order, stopping at the first failure.  They
 * share nothing but @user_data, so a distributed driver may run them in
 * any order or place and merge afterwards.
 *
 * Returns: FALSE exactly when @error is set.
 */
gboolean
mf_replications_run (guint n_replications, MfReplicationFunc func, gpointer user_data,
                     GError **error)
{
  g_return_val_if_fail (n_replications >= 1 && func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint r = 0; r < n_replications; r++)
    {
      GError *local = NULL;
      if (!func (r, user_data, &local))
        {
          g_propagate_prefixed_error (error, local, "replication %u: ", r);
          return FALSE;
        }
    }
  return TRUE;
}
