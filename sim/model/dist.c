/* dist.c — samplers for MfDist (see dist.h).
 *
 * Each kind uses one exact method: inversion for exp, uniform and geometric
 * (one uniform draw each), the polar normal for lognormal.  A draw consumes a
 * fixed number of uniforms except for lognormal (rejection), so streams stay
 * aligned across what-if runs that change only parameters of exp, uniform
 * or geometric distributions.
 */
#define G_LOG_DOMAIN "msgflow-dist"

#include "model/dist.h"

#include <math.h>

/**
 * mf_dist_sample:
 * @dist: a validated distribution
 * @rng: the stream to draw from
 *
 * Returns: one value in @dist's unit: const(a) = a; exp(a) with mean a;
 *   uniform(a, b) on [a, b); lognormal(a, b) = a * exp(b * Z) with Z
 *   standard normal (median a); geometric(a) on 1, 2, … with mean a, that
 *   is P(X = k) = p (1 - p)^(k-1) with p = 1/a.  O(1).
 */
double
mf_dist_sample (const MfDist *dist, MfRng *rng)
{
  g_return_val_if_fail (dist != NULL && rng != NULL, 0.0);

  switch (dist->kind)
    {
    case MF_DIST_CONST:
      return dist->a;
    case MF_DIST_EXP:
      return mf_rng_exp (rng, dist->a);
    case MF_DIST_UNIFORM:
      return dist->a + (dist->b - dist->a) * mf_rng_uniform01 (rng);
    case MF_DIST_LOGNORMAL:
      return dist->a * exp (dist->b * mf_rng_normal (rng));
    case MF_DIST_GEOMETRIC:
      {
        /* P(X > k) = P(U <= q^k) = q^k with q = 1 - p: inversion. */
        double u = mf_rng_uniform01_open0 (rng);
        if (dist->a <= 1.0)
          return 1.0;
        return 1.0 + floor (log (u) / log1p (-1.0 / dist->a));
      }
    default:
      g_return_val_if_reached (0.0);
    }
}

/**
 * mf_dist_sample_rounded:
 *
 * Returns: mf_dist_sample() rounded to the nearest integer (µs, bytes,
 *   count), at least 0 and saturating at G_MAXINT64.  Rounding to nearest
 *   keeps the mean of continuous distributions to within a fraction of a
 *   unit.
 */
gint64
mf_dist_sample_rounded (const MfDist *dist, MfRng *rng)
{
  double x = floor (mf_dist_sample (dist, rng) + 0.5);
  if (!(x > 0.0))
    return 0;
  if (x >= 0x1.0p63)
    return G_MAXINT64;
  return (gint64) x;
}

/**
 * mf_dist_variance:
 *
 * Returns: the variance of @dist, in its unit squared (for reports and
 *   analytic checks; the mean is mf_dist_mean() in units.h).
 */
double
mf_dist_variance (const MfDist *dist)
{
  g_return_val_if_fail (dist != NULL, 0.0);

  switch (dist->kind)
    {
    case MF_DIST_CONST:
      return 0.0;
    case MF_DIST_EXP:
      return dist->a * dist->a;
    case MF_DIST_UNIFORM:
      return (dist->b - dist->a) * (dist->b - dist->a) / 12.0;
    case MF_DIST_LOGNORMAL:
      {
        double s2 = dist->b * dist->b;
        return dist->a * dist->a * exp (s2) * expm1 (s2);
      }
    case MF_DIST_GEOMETRIC:
      {
        double p = 1.0 / dist->a;
        return (1.0 - p) / (p * p);
      }
    default:
      g_return_val_if_reached (0.0);
    }
}
