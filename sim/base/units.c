/* units.c — parsers and formatters for the plain value kinds of a topology
 * file: durations, sizes, bandwidths, rates, shares, integers, booleans and
 * times of week, plus the scanners the model's own value kinds reuse.
 *
 * TRUST: every input is untrusted text from a topology file or a command
 * line.  Numbers are scanned by hand (digits, one optional fraction) before
 * conversion, so "inf", "nan", hex and exponents never get in; every result
 * is range-checked before it is converted to an integer, so nothing wraps.
 * Messages name the bad text and, where useful, the accepted forms; the
 * caller adds FILE:LINE and the key.  Knows nothing of mail: schedules,
 * address spaces and distributions are parsed in sim/model.
 */
#define G_LOG_DOMAIN "msgflow-units"

#include "base/units.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK (mf-units-error-quark, mf_units_error)

/* Longest number text we accept: plenty for any sensible value, short enough
 * that a pathological line cannot make the conversion slow. */
#define MAX_NUMBER_CHARS 32

static const char *const day_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* Scan an unsigned decimal number (digits with an optional fraction) at *p.
 * Advances *p past it.  Returns FALSE when there is no number there. */
gboolean
mf_units_scan_number (const char **p, double *out)
{
  const char *s = *p;
  const char *q = s;
  char buf[MAX_NUMBER_CHARS + 1];

  while (g_ascii_isdigit (*q))
    q++;
  if (q == s)
    return FALSE;
  if (*q == '.')
    {
      const char *frac = ++q;
      while (g_ascii_isdigit (*q))
        q++;
      if (q == frac)
        return FALSE;
    }
  if ((gsize) (q - s) > MAX_NUMBER_CHARS)
    return FALSE;
  memcpy (buf, s, (gsize) (q - s));
  buf[q - s] = '\0';
  *out = g_ascii_strtod (buf, NULL);
  *p = q;
  return TRUE;
}

const char *
mf_units_skip_spaces (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Does `p` start with the word `unit` (case-insensitive) followed by a
 * character that cannot continue it? */
static gboolean
has_unit (const char *p, const char *unit, gsize *len)
{
  gsize n = strlen (unit);
  if (g_ascii_strncasecmp (p, unit, n) != 0)
    return FALSE;
  if (g_ascii_isalpha (p[n]))
    return FALSE;
  *len = n;
  return TRUE;
}

/* A unit name and what one of it is worth, in the parser's own unit. */
typedef struct {
  const char *name;
  double factor;
} Unit;

/* The first of @n @units that `p` starts with (the table puts longer names
 * first where one is a prefix of another), with its length in *len; NULL
 * when none does. */
static const Unit *
find_unit (const char *p, const Unit *units, gsize n, gsize *len)
{
  for (gsize i = 0; i < n; i++)
    if (has_unit (p, units[i].name, len))
      return &units[i];
  return NULL;
}

/* The unit that is all that is left of the text at `p`, or NULL. */
static const Unit *
final_unit (const char *p, const Unit *units, gsize n)
{
  gsize len = 0;
  const Unit *u = find_unit (p, units, n, &len);

  return u != NULL && *mf_units_skip_spaces (p + len) == '\0' ? u : NULL;
}

/* A minus sign where only non-negative values make sense: a range error
 * rather than a syntax error, so the message says what is wrong. */
static gboolean
is_negative (const char *p, const char *text, GError **error)
{
  if (*p != '-')
    return FALSE;
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE, "'%s' is negative", text);
  return TRUE;
}

gboolean
mf_parse_duration (const char *text, gint64 *out_us, GError **error)
{
  /* Longest unit names first, so "ms" is not read as "m" + "s". */
  static const Unit units[] = {
    { "ms", 1e3 }, { "us", 1.0 }, { "d", 86400e6 }, { "h", 3600e6 },
    { "m", 60e6 }, { "s", 1e6 },
  };
  const char *p = mf_units_skip_spaces (text);
  double total = 0.0;
  gboolean any = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  if (is_negative (p, text, error))
    return FALSE;
  while (*p != '\0')
    {
      double v;
      gsize len = 0;
      const Unit *u;

      if (!mf_units_scan_number (&p, &v))
        goto syntax;
      p = mf_units_skip_spaces (p);
      u = find_unit (p, units, G_N_ELEMENTS (units), &len);
      if (u == NULL)
        {
          /* A bare number means seconds, but only on its own. */
          if (*p != '\0' || any)
            goto syntax;
          total = v * 1e6;
          any = TRUE;
          break;
        }
      total += v * u->factor;
      any = TRUE;
      p = mf_units_skip_spaces (p + len);
    }
  if (!any)
    goto syntax;
  if (!(total <= (double) MF_DURATION_MAX_US))
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s' is longer than the limit of 3650d", text);
      return FALSE;
    }
  *out_us = (gint64) llround (total);
  return TRUE;

syntax:
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
               "'%s' is not a duration (examples: 250ms, 30s, 10m, 1h30m, 2d)", text);
  return FALSE;
}

gboolean
mf_parse_size (const char *text, guint64 *out_bytes, GError **error)
{
  static const Unit units[] = {
    { "KB", 1024.0 }, { "MB", 1048576.0 }, { "GB", 1073741824.0 },
    { "TB", 1099511627776.0 }, { "K", 1024.0 }, { "M", 1048576.0 },
    { "G", 1073741824.0 }, { "B", 1.0 },
  };
  const char *p = mf_units_skip_spaces (text);
  double v;
  double mult = 1.0;

  g_return_val_if_fail (text != NULL, FALSE);
  if (g_ascii_strcasecmp (p, "unlimited") == 0)
    {
      *out_bytes = MF_SIZE_UNLIMITED;
      return TRUE;
    }
  if (is_negative (p, text, error))
    return FALSE;
  if (!mf_units_scan_number (&p, &v))
    goto syntax;
  p = mf_units_skip_spaces (p);
  if (*p != '\0')
    {
      const Unit *u = final_unit (p, units, G_N_ELEMENTS (units));
      if (u == NULL)
        goto syntax;
      mult = u->factor;
    }
  v *= mult;
  if (!(v <= (double) MF_SIZE_MAX_BYTES))
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s' is larger than the limit of 1TB", text);
      return FALSE;
    }
  *out_bytes = (guint64) llround (v);
  return TRUE;

syntax:
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
               "'%s' is not a size (examples: 512B, 25KB, 10MB, 1GB, unlimited)", text);
  return FALSE;
}

gboolean
mf_parse_bandwidth (const char *text, guint64 *out_bps, GError **error)
{
  static const Unit units[] = {
    { "kbit", 1e3 }, { "mbit", 1e6 }, { "gbit", 1e9 }, { "bit", 1.0 },
    { "kbps", 1e3 }, { "mbps", 1e6 }, { "gbps", 1e9 }, { "bps", 1.0 },
  };
  const char *p = mf_units_skip_spaces (text);
  double v;
  const Unit *u;

  g_return_val_if_fail (text != NULL, FALSE);
  if (g_ascii_strcasecmp (p, "unlimited") == 0)
    {
      *out_bps = MF_BANDWIDTH_UNLIMITED;
      return TRUE;
    }
  if (!mf_units_scan_number (&p, &v))
    goto syntax;
  u = final_unit (mf_units_skip_spaces (p), units, G_N_ELEMENTS (units));
  if (u == NULL)
    goto syntax;
  v *= u->factor;
  if (v < 1.0)
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s' is below 1bit per second", text);
      return FALSE;
    }
  if (!(v <= (double) MF_BANDWIDTH_MAX_BPS))
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s' is above the limit of 1000Gbit", text);
      return FALSE;
    }
  *out_bps = (guint64) llround (v);
  return TRUE;

syntax:
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
               "'%s' is not a bandwidth (examples: 64kbit, 2Mbit, 1Gbit, unlimited)", text);
  return FALSE;
}

gboolean
mf_parse_rate (const char *text, double *out_per_s, GError **error)
{
  static const Unit units[] = {
    { "s", 1.0 }, { "sec", 1.0 }, { "m", 60.0 }, { "min", 60.0 },
    { "h", 3600.0 }, { "hour", 3600.0 }, { "d", 86400.0 }, { "day", 86400.0 },
  };
  const char *p = mf_units_skip_spaces (text);
  double v;
  const Unit *u;

  g_return_val_if_fail (text != NULL, FALSE);
  if (is_negative (p, text, error))
    return FALSE;
  if (!mf_units_scan_number (&p, &v))
    goto syntax;
  p = mf_units_skip_spaces (p);
  if (*p != '/')
    goto syntax;
  u = final_unit (mf_units_skip_spaces (p + 1), units, G_N_ELEMENTS (units));
  if (u == NULL)
    goto syntax;
  v /= u->factor;
  if (!(v <= MF_RATE_MAX_PER_S))
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s' is above the limit of 1000000/s", text);
      return FALSE;
    }
  *out_per_s = v;
  return TRUE;

syntax:
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
               "'%s' is not a rate (examples: 1200/h, 20/m, 0.5/s, 40/day)", text);
  return FALSE;
}

gboolean
mf_parse_share (const char *text, double *out_fraction, GError **error)
{
  const char *p = mf_units_skip_spaces (text);
  double v;

  g_return_val_if_fail (text != NULL, FALSE);
  if (is_negative (p, text, error))
    return FALSE;
  if (!mf_units_scan_number (&p, &v))
    goto syntax;
  p = mf_units_skip_spaces (p);
  if (*p != '%' || *mf_units_skip_spaces (p + 1) != '\0')
    goto syntax;
  if (v > 100.0)
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s' is above 100%%", text);
      return FALSE;
    }
  *out_fraction = v / 100.0;
  return TRUE;

syntax:
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
               "'%s' is not a share (example: 10%%)", text);
  return FALSE;
}

/* GLib's parsers do the conversion (base 10, no blanks, overflow caught);
 * their errors are replaced by ours so that every value kind reports in the
 * same words and MfUnitsError codes. */
static gboolean
set_int_error (const GError *number_error, const char *text, const char *min,
               const char *max, GError **error)
{
  if (g_error_matches (number_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
    g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE, "%s is out of range %s..%s",
                 text, min, max);
  else
    g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX, "'%s' is not a whole number", text);
  return FALSE;
}

gboolean
mf_parse_int (const char *text, gint64 min, gint64 max, gint64 *out, GError **error)
{
  g_autoptr (GError) number_error = NULL;
  gint64 v;

  g_return_val_if_fail (text != NULL, FALSE);
  if (!g_ascii_string_to_signed (text, 10, min, max, &v, &number_error))
    {
      char lo[24], hi[24];
      g_snprintf (lo, sizeof lo, "%" G_GINT64_FORMAT, min);
      g_snprintf (hi, sizeof hi, "%" G_GINT64_FORMAT, max);
      return set_int_error (number_error, text, lo, hi, error);
    }
  *out = v;
  return TRUE;
}

gboolean
mf_parse_uint (const char *text, guint64 min, guint64 max, guint64 *out, GError **error)
{
  g_autoptr (GError) number_error = NULL;
  guint64 v;

  g_return_val_if_fail (text != NULL, FALSE);
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &v, &number_error))
    {
      char lo[24], hi[24];
      g_snprintf (lo, sizeof lo, "%" G_GUINT64_FORMAT, min);
      g_snprintf (hi, sizeof hi, "%" G_GUINT64_FORMAT, max);
      return set_int_error (number_error, text, lo, hi, error);
    }
  *out = v;
  return TRUE;
}

gboolean
mf_parse_bool (const char *text, gboolean *out, GError **error)
{
  static const char *const yes[] = { "true", "yes", "on", "1" };
  static const char *const no[] = { "false", "no", "off", "0" };

  for (gsize i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (g_ascii_strcasecmp (text, yes[i]) == 0)
        {
          *out = TRUE;
          return TRUE;
        }
      if (g_ascii_strcasecmp (text, no[i]) == 0)
        {
          *out = FALSE;
          return TRUE;
        }
    }
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
               "'%s' is not true or false", text);
  return FALSE;
}

/* Scan a three-letter day name (or the full name) at *p; 0 = Monday. */
int
mf_units_scan_day (const char **p)
{
  static const char *const full[7] = { "monday", "tuesday", "wednesday", "thursday",
                                        "friday", "saturday", "sunday" };
  for (int d = 0; d < 7; d++)
    {
      gsize n = strlen (full[d]);
      if (g_ascii_strncasecmp (*p, full[d], n) == 0 && !g_ascii_isalpha ((*p)[n]))
        {
          *p += n;
          return d;
        }
      if (g_ascii_strncasecmp (*p, day_names[d], 3) == 0 && !g_ascii_isalpha ((*p)[3]))
        {
          *p += 3;
          return d;
        }
    }
  return -1;
}

/* Scan "HH:MM" (00:00..23:59, or 24:00 when allow_24) as minutes of the day. */
int
mf_units_scan_clock (const char **p, gboolean allow_24)
{
  const char *s = *p;
  int h, m;

  if (!g_ascii_isdigit (s[0]))
    return -1;
  if (g_ascii_isdigit (s[1]))
    {
      h = (s[0] - '0') * 10 + (s[1] - '0');
      s += 2;
    }
  else
    {
      h = s[0] - '0';
      s += 1;
    }
  if (s[0] != ':' || !g_ascii_isdigit (s[1]) || !g_ascii_isdigit (s[2]) || g_ascii_isdigit (s[3]))
    return -1;
  m = (s[1] - '0') * 10 + (s[2] - '0');
  if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24)))
    return -1;
  *p = s + 3;
  return h * 60 + m;
}

gboolean
mf_parse_time_of_week (const char *text, gint64 *out_us, MfTimeKind *out_kind, GError **error)
{
  const char *p = mf_units_skip_spaces (text);
  int day, minute;

  g_return_val_if_fail (text != NULL, FALSE);
  if (g_ascii_isdigit (*p))
    {
      const char *q = p;
      double v;
      minute = mf_units_scan_clock (&q, FALSE);
      if (minute >= 0 && *mf_units_skip_spaces (q) == '\0')
        {
          *out_us = minute * MF_US_PER_MINUTE;
          *out_kind = MF_TIME_OF_DAY;
          return TRUE;
        }
      q = p;
      if (mf_units_scan_number (&q, &v) && *mf_units_skip_spaces (q) == '\0' && v != 0)
        {
          g_autofree char *bare = g_strstrip (g_strdup (text));
          g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_AMBIGUOUS,
                       "'%s' has no unit: write %ss for %s seconds after the start, or a "
                       "clock time such as %s:00",
                       bare, bare, bare, v < 24 && v == (int) v ? bare : "12");
          return FALSE;
        }
      if (!mf_parse_duration (text, out_us, error))
        return FALSE;
      *out_kind = MF_TIME_AFTER_START;
      return TRUE;
    }
  day = mf_units_scan_day (&p);
  if (day < 0)
    goto syntax;
  p = mf_units_skip_spaces (p);
  minute = mf_units_scan_clock (&p, FALSE);
  if (minute < 0 || *mf_units_skip_spaces (p) != '\0')
    goto syntax;
  *out_us = day * MF_US_PER_DAY + minute * MF_US_PER_MINUTE;
  *out_kind = MF_TIME_OF_WEEK;
  return TRUE;

syntax:
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
               "'%s' is not a point in time (examples: Mon 09:30, 09:30, or a duration "
               "such as 2h)",
               text);
  return FALSE;
}

gint64
mf_time_point_after_start (gint64 value_us, MfTimeKind kind, gint64 start_us)
{
  switch (kind)
    {
    case MF_TIME_OF_WEEK:
      return (value_us - start_us % MF_US_PER_WEEK + 2 * MF_US_PER_WEEK) % MF_US_PER_WEEK;
    case MF_TIME_OF_DAY:
      return (value_us - start_us % MF_US_PER_DAY + 2 * MF_US_PER_DAY) % MF_US_PER_DAY;
    case MF_TIME_AFTER_START:
    default:
      return value_us;
    }
}

char *
mf_format_duration (gint64 us)
{
  static const struct { const char *name; gint64 us; } units[] = {
    { "d", MF_US_PER_DAY }, { "h", MF_US_PER_HOUR }, { "m", MF_US_PER_MINUTE },
    { "s", MF_US_PER_SECOND }, { "ms", 1000 }, { "us", 1 },
  };
  GString *s;

  if (us <= 0)
    return g_strdup ("0s");
  s = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    if (us >= units[i].us)
      {
        g_string_append_printf (s, "%" G_GINT64_FORMAT "%s", us / units[i].us, units[i].name);
        us %= units[i].us;
      }
  return g_string_free (s, FALSE);
}

char *
mf_format_size (guint64 bytes)
{
  if (bytes == MF_SIZE_UNLIMITED)
    return g_strdup ("unlimited");
  if (bytes >= 1073741824 && bytes % 1073741824 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "GB", bytes / 1073741824);
  if (bytes >= 1048576 && bytes % 1048576 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "MB", bytes / 1048576);
  if (bytes >= 1024 && bytes % 1024 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "KB", bytes / 1024);
  return g_strdup_printf ("%" G_GUINT64_FORMAT "B", bytes);
}

char *
mf_format_bandwidth (guint64 bps)
{
  if (bps == MF_BANDWIDTH_UNLIMITED)
    return g_strdup ("unlimited");
  if (bps >= 1000000000 && bps % 1000000000 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "Gbit", bps / 1000000000);
  if (bps >= 1000000 && bps % 1000000 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "Mbit", bps / 1000000);
  if (bps >= 1000 && bps % 1000 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "kbit", bps / 1000);
  return g_strdup_printf ("%" G_GUINT64_FORMAT "bit", bps);
}

char *
mf_format_number (double v)
{
  /* Fixed notation with enough digits, trailing zeros trimmed: the parsers
   * accept no exponents. */
  char *t = g_strdup_printf ("%.12f", v);
  char *dot = strchr (t, '.');
  if (dot != NULL)
    {
      char *end = t + strlen (t) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  return t;
}
