/* units.c — parsers and formatters for the value kinds of FORMAT.md §2.
 *
 * TRUST: every input is untrusted text from a topology file or a command
 * line.  Numbers are scanned by hand (digits, one optional fraction) before
 * conversion, so "inf", "nan", hex and exponents never get in; every result
 * is range-checked before it is converted to an integer, so nothing wraps.
 * Messages name the bad text and, where useful, the accepted forms; the
 * caller adds FILE:LINE and the key.
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
static gboolean
scan_number (const char **p, double *out)
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

static const char *
skip_spaces (const char *p)
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

gboolean
mf_parse_duration (const char *text, gint64 *out_us, GError **error)
{
  /* Longest unit names first, so "ms" is not read as "m" + "s". */
  static const struct { const char *name; double us; } units[] = {
    { "ms", 1e3 }, { "us", 1.0 }, { "d", 86400e6 }, { "h", 3600e6 },
    { "m", 60e6 }, { "s", 1e6 },
  };
  const char *p = skip_spaces (text);
  double total = 0.0;
  gboolean any = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  if (*p == '-')
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s' is negative", text);
      return FALSE;
    }
  while (*p != '\0')
    {
      double v;
      gsize len = 0;
      gsize i;

      if (!scan_number (&p, &v))
        goto syntax;
      p = skip_spaces (p);
      for (i = 0; i < G_N_ELEMENTS (units); i++)
        if (has_unit (p, units[i].name, &len))
          break;
      if (i == G_N_ELEMENTS (units))
        {
          /* A bare number means seconds, but only on its own. */
          if (*p != '\0' || any)
            goto syntax;
          total = v * 1e6;
          any = TRUE;
          break;
        }
      total += v * units[i].us;
      any = TRUE;
      p = skip_spaces (p + len);
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
  static const struct { const char *name; double bytes; } units[] = {
    { "KB", 1024.0 }, { "MB", 1048576.0 }, { "GB", 1073741824.0 },
    { "TB", 1099511627776.0 }, { "K", 1024.0 }, { "M", 1048576.0 },
    { "G", 1073741824.0 }, { "B", 1.0 },
  };
  const char *p = skip_spaces (text);
  double v;
  double mult = 1.0;

  g_return_val_if_fail (text != NULL, FALSE);
  if (g_ascii_strcasecmp (p, "unlimited") == 0)
    {
      *out_bytes = MF_SIZE_UNLIMITED;
      return TRUE;
    }
  if (*p == '-')
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s' is negative", text);
      return FALSE;
    }
  if (!scan_number (&p, &v))
    goto syntax;
  p = skip_spaces (p);
  if (*p != '\0')
    {
      gsize i, len = 0;
      for (i = 0; i < G_N_ELEMENTS (units); i++)
        if (has_unit (p, units[i].name, &len))
          break;
      if (i == G_N_ELEMENTS (units) || *skip_spaces (p + len) != '\0')
        goto syntax;
      mult = units[i].bytes;
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
  static const struct { const char *name; double bps; } units[] = {
    { "kbit", 1e3 }, { "mbit", 1e6 }, { "gbit", 1e9 }, { "bit", 1.0 },
    { "kbps", 1e3 }, { "mbps", 1e6 }, { "gbps", 1e9 }, { "bps", 1.0 },
  };
  const char *p = skip_spaces (text);
  double v;
  gsize i, len = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  if (g_ascii_strcasecmp (p, "unlimited") == 0)
    {
      *out_bps = MF_BANDWIDTH_UNLIMITED;
      return TRUE;
    }
  if (!scan_number (&p, &v))
    goto syntax;
  p = skip_spaces (p);
  for (i = 0; i < G_N_ELEMENTS (units); i++)
    if (has_unit (p, units[i].name, &len))
      break;
  if (i == G_N_ELEMENTS (units) || *skip_spaces (p + len) != '\0')
    goto syntax;
  v *= units[i].bps;
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
  static const struct { const char *name; double seconds; } units[] = {
    { "s", 1.0 }, { "sec", 1.0 }, { "m", 60.0 }, { "min", 60.0 },
    { "h", 3600.0 }, { "hour", 3600.0 }, { "d", 86400.0 }, { "day", 86400.0 },
  };
  const char *p = skip_spaces (text);
  double v;
  gsize i, len = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  if (*p == '-')
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s' is negative", text);
      return FALSE;
    }
  if (!scan_number (&p, &v))
    goto syntax;
  p = skip_spaces (p);
  if (*p != '/')
    goto syntax;
  p = skip_spaces (p + 1);
  for (i = 0; i < G_N_ELEMENTS (units); i++)
    if (has_unit (p, units[i].name, &len))
      break;
  if (i == G_N_ELEMENTS (units) || *skip_spaces (p + len) != '\0')
    goto syntax;
  v /= units[i].seconds;
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
  const char *p = skip_spaces (text);
  double v;

  g_return_val_if_fail (text != NULL, FALSE);
  if (*p == '-')
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "'%s' is negative", text);
      return FALSE;
    }
  if (!scan_number (&p, &v))
    goto syntax;
  p = skip_spaces (p);
  if (*p != '%' || *skip_spaces (p + 1) != '\0')
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

gboolean
mf_parse_int (const char *text, gint64 min, gint64 max, gint64 *out, GError **error)
{
  const char *p = text;
  gint64 v = 0;
  gboolean negative = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  if (*p == '-' || *p == '+')
    negative = (*p++ == '-');
  if (!g_ascii_isdigit (*p))
    goto syntax;
  for (; g_ascii_isdigit (*p); p++)
    {
      int d = *p - '0';
      /* Saturate instead of overflowing: the range check below reports it. */
      if (v > (G_MAXINT64 - d) / 10)
        {
          v = G_MAXINT64;
          while (g_ascii_isdigit (p[1]))
            p++;
        }
      else
        v = v * 10 + d;
    }
  if (*p != '\0')
    goto syntax;
  if (negative)
    v = -v;
  if (v < min || v > max)
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "%s is out of range %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT,
                   text, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;

syntax:
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
               "'%s' is not a whole number", text);
  return FALSE;
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
static int
scan_day (const char **p)
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
static int
scan_clock (const char **p, gboolean allow_24)
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
mf_parse_time_of_week (const char *text, gint64 *out_us, gboolean *out_is_weekday,
                       GError **error)
{
  const char *p = skip_spaces (text);
  int day, minute;

  g_return_val_if_fail (text != NULL, FALSE);
  if (g_ascii_isdigit (*p))
    {
      if (!mf_parse_duration (text, out_us, error))
        return FALSE;
      *out_is_weekday = FALSE;
      return TRUE;
    }
  day = scan_day (&p);
  if (day < 0)
    goto syntax;
  p = skip_spaces (p);
  minute = scan_clock (&p, FALSE);
  if (minute < 0 || *skip_spaces (p) != '\0')
    goto syntax;
  *out_us = day * MF_US_PER_DAY + minute * MF_US_PER_MINUTE;
  *out_is_weekday = TRUE;
  return TRUE;

syntax:
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
               "'%s' is not a time of week (examples: Mon 09:30, or a duration such as 2h)",
               text);
  return FALSE;
}

/* Parse one window "Mon-Fri 18:00-07:00" into the minute bitmap. */
static gboolean
parse_window (const char *text, guint8 *bitmap, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  const char *p = trimmed;
  int first_day = 0, last_day = 6;
  int start, end;

  if (g_ascii_isalpha (*p))
    {
      first_day = scan_day (&p);
      if (first_day < 0)
        goto syntax;
      last_day = first_day;
      if (*p == '-')
        {
          p++;
          last_day = scan_day (&p);
          if (last_day < 0)
            goto syntax;
        }
      if (*p != ' ' && *p != '\t')
        goto syntax;
      p = skip_spaces (p);
    }
  start = scan_clock (&p, FALSE);
  if (start < 0 || *p != '-')
    goto syntax;
  p++;
  end = scan_clock (&p, TRUE);
  if (end < 0 || *skip_spaces (p) != '\0')
    goto syntax;
  if (start == end)
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                   "schedule window '%s' is empty", trimmed);
      return FALSE;
    }
  for (int d = first_day;; d = (d + 1) % 7)
    {
      /* A window that ends at or before its start runs into the next day. */
      int length = end > start ? end - start : 24 * 60 - start + end;
      int base = d * 24 * 60 + start;
      for (int i = 0; i < length; i++)
        {
          int m = (base + i) % MF_MINUTES_PER_WEEK;
          bitmap[m / 8] |= (guint8) (1u << (m % 8));
        }
      if (d == last_day)
        break;
    }
  return TRUE;

syntax:
  g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
               "schedule '%s' is not a schedule window (examples: always, never, "
               "Mon-Fri 18:00-07:00, Sat-Sun 00:00-24:00)", trimmed);
  return FALSE;
}

gboolean
mf_parse_schedule (const char *text, MfSchedule *out, GError **error)
{
  g_autofree guint8 *bitmap = NULL;
  g_auto (GStrv) parts = NULL;
  GArray *windows;
  const char *p = skip_spaces (text);

  g_return_val_if_fail (text != NULL, FALSE);
  out->n_windows = 0;
  out->windows = NULL;
  if (g_ascii_strcasecmp (p, "always") == 0)
    {
      out->n_windows = 1;
      out->windows = g_new (MfWindow, 1);
      out->windows[0].start_min = 0;
      out->windows[0].end_min = MF_MINUTES_PER_WEEK;
      return TRUE;
    }
  if (g_ascii_strcasecmp (p, "never") == 0)
    return TRUE;

  bitmap = g_malloc0 (MF_MINUTES_PER_WEEK / 8);
  parts = g_strsplit (text, ",", -1);
  for (gsize i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *item = g_strstrip (g_strdup (parts[i]));
      if (*item == '\0')
        {
          g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX, "schedule has an empty item");
          return FALSE;
        }
      if (!parse_window (parts[i], bitmap, error))
        return FALSE;
    }
  windows = g_array_new (FALSE, FALSE, sizeof (MfWindow));
  for (int m = 0; m < MF_MINUTES_PER_WEEK;)
    {
      if (!(bitmap[m / 8] & (1u << (m % 8))))
        {
          m++;
          continue;
        }
      MfWindow w = { .start_min = (guint16) m };
      while (m < MF_MINUTES_PER_WEEK && (bitmap[m / 8] & (1u << (m % 8))))
        m++;
      w.end_min = (guint16) m;
      g_array_append_val (windows, w);
    }
  out->n_windows = windows->len;
  out->windows = (MfWindow *) (void *) g_array_free (windows, FALSE);
  return TRUE;
}

void
mf_schedule_clear (MfSchedule *schedule)
{
  g_clear_pointer (&schedule->windows, g_free);
  schedule->n_windows = 0;
}

void
mf_schedule_copy (const MfSchedule *src, MfSchedule *dst)
{
  dst->n_windows = src->n_windows;
  dst->windows = src->n_windows ? g_memdup2 (src->windows, src->n_windows * sizeof (MfWindow)) : NULL;
}

gboolean
mf_schedule_is_always (const MfSchedule *schedule)
{
  return schedule->n_windows == 1 && schedule->windows[0].start_min == 0
         && schedule->windows[0].end_min == MF_MINUTES_PER_WEEK;
}

gboolean
mf_schedule_is_never (const MfSchedule *schedule)
{
  return schedule->n_windows == 0;
}

gboolean
mf_schedule_open_at (const MfSchedule *schedule, guint minute_of_week)
{
  /* Windows are few (a handful per schedule): a linear scan beats a search. */
  for (guint i = 0; i < schedule->n_windows; i++)
    if (minute_of_week >= schedule->windows[i].start_min
        && minute_of_week < schedule->windows[i].end_min)
      return TRUE;
  return FALSE;
}

gboolean
mf_domain_is_valid (const char *domain)
{
  gsize len = strlen (domain);
  gsize label = 0;

  if (len == 0 || len > 253)
    return FALSE;
  for (const char *p = domain; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (label == 0 || p[-1] == '-')
            return FALSE;
          label = 0;
        }
      else if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        {
          if (label == 0 && *p == '-')
            return FALSE;
          if (++label > 63)
            return FALSE;
        }
      else
        return FALSE;
    }
  return label > 0;
}

gboolean
mf_parse_address_space (const char *text, MfAddressSpace *out, GError **error)
{
  g_autofree char *whole = g_strstrip (g_strdup (text));
  g_autofree char *copy = g_strdup (whole);
  char *p = copy;
  char *pattern;
  char *cost_text;
  gint64 cost = 1;

  out->pattern = NULL;
  out->cost = 0;
  if (g_ascii_strncasecmp (p, "SMTP:", 5) == 0)
    p += 5;
  else if (strchr (p, ':') != NULL)
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
                   "address space '%s': only SMTP address spaces are supported", whole);
      return FALSE;
    }
  pattern = p;
  cost_text = strpbrk (p, " \t");
  if (cost_text != NULL)
    {
      *cost_text++ = '\0';
      cost_text = g_strstrip (cost_text);
      g_autoptr (GError) int_error = NULL;
      if (!mf_parse_int (cost_text, 1, 100, &cost, &int_error))
        {
          if (int_error->code == MF_UNITS_ERROR_RANGE)
            g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE,
                         "address space '%s': cost %s is out of range 1..100", whole, cost_text);
          else
            g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
                         "address space '%s': cost '%s' is not a whole number", whole, cost_text);
          return FALSE;
        }
    }
  if (*pattern == '@')
    pattern++;
  if (!(strcmp (pattern, "*") == 0
        || (g_str_has_prefix (pattern, "*.") && mf_domain_is_valid (pattern + 2))
        || mf_domain_is_valid (pattern)))
    {
      g_set_error (error, MF_UNITS_ERROR, MF_UNITS_ERROR_SYNTAX,
                   "address space '%s' is not an SMTP address space (examples: SMTP:* 10, "
                   "SMTP:*.fabrikam.com 5, SMTP:fabrikam.com)", whole);
      return FALSE;
    }
  out->pattern = g_ascii_strdown (pattern, -1);
  out->cost = (int) cost;
  return TRUE;
}

void
mf_address_space_clear (MfAddressSpace *space)
{
  g_clear_pointer (&space->pattern, g_free);
}

static int
count_labels (const char *domain)
{
  int n = 1;
  for (const char *p = domain; *p != '\0'; p++)
    n += (*p == '.');
  return n;
}

int
mf_address_space_match (const char *pattern, const char *domain)
{
  gsize plen, dlen;

  if (strcmp (pattern, "*") == 0)
    return 0;
  if (pattern[0] == '*' && pattern[1] == '.')
    {
      /* "*.x.y" matches the domains below x.y, not x.y itself. */
      const char *suffix = pattern + 1; /* ".x.y" */
      plen = strlen (suffix);
      dlen = strlen (domain);
      if (dlen > plen && g_ascii_strcasecmp (domain + dlen - plen, suffix) == 0)
        return 2 * count_labels (pattern + 2);
      return -1;
    }
  if (g_ascii_strcasecmp (pattern, domain) == 0)
    return 2 * count_labels (pattern) + 1;
  return -1;
}

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
        if (!scan_number (&p, &v) || *p != '\0')
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
          if (!scan_number (&p, &b) || *p != '\0' || b > 10.0)
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
