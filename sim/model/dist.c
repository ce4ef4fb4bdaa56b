/* dist.c — distributions (see dist.h): parsing and printing, then the
 * samplers.
 *
 * Parsing accepts a plain value (const) or NAME(PARAMS) with each parameter
 * in the unit of the key; counts are whole and at most Exchange's 64000
 * recipients per message.  The samplers: each kind uses one exact method,
 * inversion for exp, uniform and geometric (one uniform draw each), the
 * polar normal for lognormal.  A draw consumes a
 * fixed number of uniforms except for lognormal (rejection), so streams stay
 * aligned across what-if runs that change only parameters of exp, uniform
 * or geometric distributions.
 */
#define G_LOG_DOMAIN "msgflow-dist"

#include "model/dist.h"

#include <math.h>
#include <string.h>

/* Parse one distribution parameter in the unit's syntax. */
static gboolean
parse_dist_param (const char *text, MfDistUnit unit, double *out, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  switch (unit)
    {
    case MF_DIST_UNIT_DURATION:
      {
        gint64 us;
        if (!mf_parse_duration (trimmed, &us, error))
          return FALSE;
        *out = (double) us;
        return TRUE;
      }
    case MF_DIST_UNIT_SIZE:
      {
        guint64 bytes;
        if (!mf_parse_size (trimmed, &bytes, error))
          return FALSE;
        if (bytes == MF_SIZE_UNLIMITED)
          {
            g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                         "a message size cannot be unlimited");
            return FALSE;
          }
        *out = (double) bytes;
        return TRUE;
      }
    case MF_DIST_UNIT_COUNT:
    default:
      {
        const char *p = trimmed;
        double v;
        if (!mf_units_scan_number (&p, &v) || *p != '\0')
          {
            g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
                         "'%s' is not a number", trimmed);
            return FALSE;
          }
        *out = v;
        return TRUE;
      }
    }
}

/* The largest count a distribution may produce on average: Exchange's limit
 * of recipients per message. */
#define MAX_COUNT 64000.0

gboolean
mf_parse_dist (const char *text, MfDistUnit unit, MfDist *out, GError **error)
{
  static const struct { const char *name; MfDistKind kind; int n_params; } kinds[] = {
    { "const", MF_DIST_CONST, 1 }, { "exp", MF_DIST_EXP, 1 },
    { "uniform", MF_DIST_UNIFORM, 2 }, { "lognormal", MF_DIST_LOGNORMAL, 2 },
    { "geometric", MF_DIST_GEOMETRIC, 1 },
  };
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_auto (GStrv) params = NULL;
  const char *open = strchr (copy, '(');
  gsize k;
  double a = 0, b = 0;

  memset (out, 0, sizeof *out);
  if (open == NULL)
    {
      /* A plain value means const. */
      if (!parse_dist_param (copy, unit, &a, error))
        {
          if (g_error_matches (*error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE)
              && unit == MF_DIST_UNIT_SIZE && strstr ((*error)->message, "unlimited"))
            g_prefix_error (error, "'%s': ", copy);
          return FALSE;
        }
      k = 0;
    }
  else
    {
      gsize name_len = (gsize) (open - copy);
      gsize len = strlen (copy);
      g_autofree char *inner = NULL;

      for (k = 0; k < G_N_ELEMENTS (kinds); k++)
        if (strlen (kinds[k].name) == name_len && strncmp (copy, kinds[k].name, name_len) == 0)
          break;
      if (k == G_N_ELEMENTS (kinds) || copy[len - 1] != ')')
        {
          g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
                       "'%s' is not a distribution (const(X), exp(MEAN), uniform(A,B), "
                       "lognormal(MEDIAN,SIGMA), geometric(MEAN))", copy);
          return FALSE;
        }
      inner = g_strndup (open + 1, len - name_len - 2);
      params = g_strsplit (inner, ",", -1);
      if (g_strv_length (params) != (guint) kinds[k].n_params)
        {
          g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
                       "'%s': %s takes %d parameter%s", copy, kinds[k].name,
                       kinds[k].n_params, kinds[k].n_params == 1 ? "" : "s");
          return FALSE;
        }
      if (!parse_dist_param (params[0], unit, &a, error))
        {
          g_prefix_error (error, "'%s': ", copy);
          return FALSE;
        }
      if (kinds[k].kind == MF_DIST_LOGNORMAL)
        {
          const char *p = g_strstrip (params[1]);
          if (!mf_units_scan_number (&p, &b) || *p != '\0' || b > 10.0)
            {
              g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                           "'%s': sigma must be a number from 0 to 10", copy);
              return FALSE;
            }
        }
      else if (kinds[k].n_params == 2 && !parse_dist_param (params[1], unit, &b, error))
        {
          g_prefix_error (error, "'%s': ", copy);
          return FALSE;
        }
    }

  out->kind = kinds[k].kind;
  out->a = a;
  out->b = b;
  if (out->kind == MF_DIST_UNIFORM && b < a)
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s': the low end is above the high end", copy);
      return FALSE;
    }
  if (unit == MF_DIST_UNIT_COUNT)
    {
      if (out->kind == MF_DIST_EXP || out->kind == MF_DIST_LOGNORMAL)
        {
          g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                       "'%s': use const, uniform or geometric for a count", copy);
          return FALSE;
        }
      if (out->kind == MF_DIST_GEOMETRIC && a < 1.0)
        {
          g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                       "'%s': the mean of a count must be at least 1", copy);
          return FALSE;
        }
      if (out->kind != MF_DIST_GEOMETRIC
          && (a < 1.0 || a != floor (a) || (out->kind == MF_DIST_UNIFORM && b != floor (b))))
        {
          g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                       "'%s': a count must be a whole number of at least 1", copy);
          return FALSE;
        }
      if (a > MAX_COUNT || b > MAX_COUNT)
        {
          g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                       "'%s': more than 64000 recipients per message", copy);
          return FALSE;
        }
    }
  else if (out->kind == MF_DIST_GEOMETRIC)
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s': geometric is for counts only", copy);
      return FALSE;
    }
  else if ((out->kind == MF_DIST_EXP || out->kind == MF_DIST_LOGNORMAL) && a <= 0.0)
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s': the %s must be above zero", copy,
                   out->kind == MF_DIST_EXP ? "mean" : "median");
      return FALSE;
    }
  return TRUE;
}

double
mf_dist_mean (const MfDist *dist)
{
  switch (dist->kind)
    {
    case MF_DIST_UNIFORM:
      return (dist->a + dist->b) / 2.0;
    case MF_DIST_LOGNORMAL:
      return dist->a * exp (dist->b * dist->b / 2.0);
    case MF_DIST_CONST:
    case MF_DIST_EXP:
    case MF_DIST_GEOMETRIC:
    default:
      return dist->a;
    }
}

/* Print one parameter so that parsing it again gives the same value. */
static void
append_param (GString *s, double v, MfDistUnit unit)
{
  switch (unit)
    {
    case MF_DIST_UNIT_DURATION:
      {
        g_autofree char *t = mf_format_duration ((gint64) llround (v));
        g_string_append (s, t);
        break;
      }
    case MF_DIST_UNIT_SIZE:
      g_string_append_printf (s, "%" G_GUINT64_FORMAT "B", (guint64) llround (v));
      break;
    case MF_DIST_UNIT_COUNT:
    default:
      {
        g_autofree char *t = mf_format_number (v);
        g_string_append (s, t);
        break;
      }
    }
}

char *
mf_dist_to_string (const MfDist *dist, MfDistUnit unit)
{
  static const char *const names[] = { "const", "exp", "uniform", "lognormal", "geometric" };
  GString *s = g_string_new (names[dist->kind]);

  g_string_append_c (s, '(');
  append_param (s, dist->a, unit);
  if (dist->kind == MF_DIST_UNIFORM)
    {
      g_string_append_c (s, ',');
      append_param (s, dist->b, unit);
    }
  else if (dist->kind == MF_DIST_LOGNORMAL)
    {
      g_autofree char *t = mf_format_number (dist->b);
      g_string_append_printf (s, ",%s", t);
    }
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

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
 *   analytic checks; the mean is mf_dist_mean() above).
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
