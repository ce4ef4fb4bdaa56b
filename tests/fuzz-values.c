/* fuzz-values.c — libFuzzer target for the plain value parsers of
 * base/units.h.
 *
 * Any bytes, as one NUL-terminated text (cut at the first NUL, as a line of
 * a topology file would be), go through every parser and scanner of
 * units.h.  A rejection must carry an MF_UNITS_ERROR message; a scanner
 * may only advance within the text.  Where a value parses and units.h has
 * its formatter, the formatted text must parse back: to the same value for
 * durations, sizes, bandwidths and integers (whole units), and within the
 * twelve decimals mf_format_number prints for rates and shares.  The same
 * function is replayed over tests/fuzz/values/ by fuzz-replay.c.
 */
#include "base/units.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A parser's result: on failure the error must be ours and say something.
 * The error is passed by address so that it is read after the parser ran
 * (the order of evaluating arguments is unspecified); it is freed and
 * cleared here. */
static gboolean
values_checked (gboolean ok, GError **errorp, const char *what, const char *text)
{
  GError *error = *errorp;

  *errorp = NULL;
  if (ok)
    {
      if (error != NULL)
        {
          fprintf (stderr, "%s accepted '%s' but set an error\n", what, text);
          abort ();
        }
      return TRUE;
    }
  if (error == NULL || error->domain != MF_UNITS_ERROR || error->message[0] == '\0')
    {
      fprintf (stderr, "%s rejected '%s' without an MF_UNITS_ERROR message\n", what, text);
      abort ();
    }
  g_error_free (error);
  return FALSE;
}

static void G_GNUC_NORETURN
values_round_trip_failed (const char *what, const char *text, const char *formatted)
{
  fprintf (stderr, "%s: '%s' formats as '%s', which does not parse back to it\n", what, text,
           formatted);
  abort ();
}

static void
values_duration (const char *text)
{
  GError *error = NULL;
  gint64 us = 0, again = -1;
  g_autofree char *f = NULL;

  if (!values_checked (mf_parse_duration (text, &us, &error), &error, "duration", text))
    return;
  if (us < 0 || us > MF_DURATION_MAX_US)
    values_round_trip_failed ("duration out of range", text, "");
  f = mf_format_duration (us);
  if (!mf_parse_duration (f, &again, NULL) || again != us)
    values_round_trip_failed ("duration", text, f);
}

static void
values_size (const char *text)
{
  GError *error = NULL;
  guint64 v = 0, again = 0;
  g_autofree char *f = NULL;

  if (!values_checked (mf_parse_size (text, &v, &error), &error, "size", text))
    return;
  if (v > MF_SIZE_MAX_BYTES && v != MF_SIZE_UNLIMITED)
    values_round_trip_failed ("size out of range", text, "");
  f = mf_format_size (v);
  if (!mf_parse_size (f, &again, NULL) || again != v)
    values_round_trip_failed ("size", text, f);
}

static void
values_bandwidth (const char *text)
{
  GError *error = NULL;
  guint64 v = 0, again = 0;
  g_autofree char *f = NULL;

  if (!values_checked (mf_parse_bandwidth (text, &v, &error), &error, "bandwidth", text))
    return;
  if ((v < 1 || v > MF_BANDWIDTH_MAX_BPS) && v != MF_BANDWIDTH_UNLIMITED)
    values_round_trip_failed ("bandwidth out of range", text, "");
  f = mf_format_bandwidth (v);
  if (!mf_parse_bandwidth (f, &again, NULL) || again != v)
    values_round_trip_failed ("bandwidth", text, f);
}

/* mf_format_number prints twelve decimals: the text parses back to within
 * half a unit of the last one (and the double's own rounding). */
static gboolean
values_close (double a, double b)
{
  return fabs (a - b) <= 1e-12 + 1e-15 * fabs (a);
}

static void
values_rate (const char *text)
{
  GError *error = NULL;
  double v = -1, again = -1;
  g_autofree char *n = NULL, *f = NULL;

  if (!values_checked (mf_parse_rate (text, &v, &error), &error, "rate", text))
    return;
  if (!(v >= 0 && v <= MF_RATE_MAX_PER_S))
    values_round_trip_failed ("rate out of range", text, "");
  n = mf_format_number (v);
  f = g_strconcat (n, "/s", NULL);
  if (!mf_parse_rate (f, &again, NULL) || !values_close (v, again))
    values_round_trip_failed ("rate", text, f);
}

static void
values_share (const char *text)
{
  GError *error = NULL;
  double v = -1, again = -1;
  g_autofree char *n = NULL, *f = NULL;

  if (!values_checked (mf_parse_share (text, &v, &error), &error, "share", text))
    return;
  if (!(v >= 0 && v <= 1))
    values_round_trip_failed ("share out of range", text, "");
  n = mf_format_number (v * 100.0);
  f = g_strconcat (n, "%", NULL);
  if (!mf_parse_share (f, &again, NULL) || !values_close (v, again))
    values_round_trip_failed ("share", text, f);
}

/* Integers over the whole range and over a narrow one: the range check is
 * the parser's, the text back is GLib's decimal. */
static void
values_int (const char *text)
{
  static const gint64 ranges[][2] = { { G_MININT64, G_MAXINT64 }, { 0, 100 }, { -5, 5 } };

  for (gsize i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      GError *error = NULL;
      gint64 v = 0, again = 0;
      g_autofree char *f = NULL;

      if (!values_checked (mf_parse_int (text, ranges[i][0], ranges[i][1], &v, &error), &error,
                           "int", text))
        continue;
      if (v < ranges[i][0] || v > ranges[i][1])
        values_round_trip_failed ("int out of range", text, "");
      f = g_strdup_printf ("%" G_GINT64_FORMAT, v);
      if (!mf_parse_int (f, ranges[i][0], ranges[i][1], &again, NULL) || again != v)
        values_round_trip_failed ("int", text, f);
    }
}

static void
values_uint (const char *text)
{
  static const guint64 ranges[][2] = { { 0, G_MAXUINT64 }, { 1, 65535 } };

  for (gsize i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      GError *error = NULL;
      guint64 v = 0, again = 0;
      g_autofree char *f = NULL;

      if (!values_checked (mf_parse_uint (text, ranges[i][0], ranges[i][1], &v, &error), &error,
                           "uint", text))
        continue;
      if (v < ranges[i][0] || v > ranges[i][1])
        values_round_trip_failed ("uint out of range", text, "");
      f = g_strdup_printf ("%" G_GUINT64_FORMAT, v);
      if (!mf_parse_uint (f, ranges[i][0], ranges[i][1], &again, NULL) || again != v)
        values_round_trip_failed ("uint", text, f);
    }
}

/* Booleans and times of week have no formatter: parsing alone, and a
 * time of week's range (a weekday offset lies within the week). */
static void
values_bool_and_time (const char *text)
{
  GError *error = NULL;
  gboolean b = FALSE;
  MfTimeKind kind = MF_TIME_AFTER_START;
  gint64 us = -1;

  values_checked (mf_parse_bool (text, &b, &error), &error, "bool", text);
  if (values_checked (mf_parse_time_of_week (text, &us, &kind, &error), &error,
                      "time of week", text)
      && (us < 0 || (kind == MF_TIME_OF_WEEK && us >= MF_US_PER_WEEK)
          || (kind == MF_TIME_OF_DAY && us >= MF_US_PER_DAY)
          || (kind == MF_TIME_AFTER_START && us > MF_DURATION_MAX_US)))
    values_round_trip_failed ("time of week out of range", text, "");
}

/* The scanners, at every position of the text: each advances only within
 * it, and what it returns is in its documented range. */
static void
values_scanners (const char *text, size_t len)
{
  for (size_t i = 0; i <= len; i++)
    {
      const char *start = text + i, *p = start;
      double v = -1;
      int d, m;

      if (mf_units_scan_number (&p, &v) && (p <= start || p > text + len || !(v >= 0)))
        values_round_trip_failed ("scan_number", start, "");
      p = start;
      d = mf_units_scan_day (&p);
      if (d < -1 || d > 6 || (d >= 0 ? p <= start || p > text + len : p != start))
        values_round_trip_failed ("scan_day", start, "");
      for (int allow = 0; allow < 2; allow++)
        {
          p = start;
          m = mf_units_scan_clock (&p, allow);
          if (m < -1 || m > 24 * 60 || (m == 24 * 60 && !allow)
              || (m >= 0 ? p <= start || p > text + len : p != start))
            values_round_trip_failed ("scan_clock", start, "");
        }
      p = mf_units_skip_spaces (start);
      if (p < start || p > text + len)
        values_round_trip_failed ("skip_spaces", start, "");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* A value is one short field of a line; longer inputs teach nothing new
   * and would make the scanners' loop quadratic. */
  char *text = g_strndup ((const char *) data, MIN (size, 4096));
  size_t len = strlen (text);

  values_duration (text);
  values_size (text);
  values_bandwidth (text);
  values_rate (text);
  values_share (text);
  values_int (text);
  values_uint (text);
  values_bool_and_time (text);
  values_scanners (text, len);
  g_free (text);
  return 0;
}
