/* report-numbers.c — durations and counts for people (report-numbers.h).
 *
 * A duration keeps three significant digits below a minute and whole
 * units above (minutes and seconds, hours and minutes, days and hours),
 * the precision an administrator reads a queue's age with.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "base/number-format.h"
#include "report/report-numbers.h"

#include <math.h>
#include <string.h>

/**
 * mf_report_format_seconds:
 *
 * Returns: (transfer full): a duration for people: "87 µs", "155 ms",
 *   "4.2 s", "3 min 05 s", "3 h 57 min", "2 d 04 h"; "–" when not finite.
 */
char *
mf_report_format_seconds (double s)
{
  if (!isfinite (s))
    return g_strdup ("–");
  if (s < 0)
    s = 0;
  if (s == 0)
    return g_strdup ("0 s");
  if (s < 1e-3)
    return g_strdup_printf ("%s µs", MF_NUMBER_SIG (s * 1e6, 3));
  if (s < 1)
    return g_strdup_printf ("%s ms", MF_NUMBER_SIG (s * 1e3, 3));
  if (s < 60)
    return g_strdup_printf ("%s s", MF_NUMBER_SIG (s, 3));
  gint64 whole = (gint64) llround (s);
  if (whole < 3600)
    return whole % 60 == 0 ? g_strdup_printf ("%d min", (int) (whole / 60))
                           : g_strdup_printf ("%d min %02d s", (int) (whole / 60), (int) (whole % 60));
  if (whole < 86400)
    return whole % 3600 / 60 == 0 ? g_strdup_printf ("%d h", (int) (whole / 3600))
                                  : g_strdup_printf ("%d h %02d min", (int) (whole / 3600), (int) (whole % 3600 / 60));
  return whole % 86400 / 3600 == 0
           ? g_strdup_printf ("%" G_GINT64_FORMAT " d", whole / 86400)
           : g_strdup_printf ("%" G_GINT64_FORMAT " d %02d h", whole / 86400, (int) (whole % 86400 / 3600));
}

/** mf_report_format_count: Returns: (transfer full): "270,283"; "–" when not finite. */
char *
mf_report_format_count (double v)
{
  char digits[64];
  GString *s;
  int len, lead;

  if (!isfinite (v))
    return g_strdup ("–");
  g_snprintf (digits, sizeof digits, "%.0f", fabs (v));
  len = (int) strlen (digits);
  lead = len % 3 == 0 ? 3 : len % 3;
  s = g_string_new (v < 0 ? "-" : "");
  for (int i = 0; i < len; i++)
    {
      if (i > 0 && (i - lead) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}
