/* schedule.c — weekly schedules (see schedule.h).
 *
 * A schedule is parsed into a bitmap of the minutes of the week, then
 * collapsed into sorted, disjoint, non-adjacent windows, so overlapping or
 * adjacent items in the text give the same schedule.  TRUST: the text is
 * untrusted; the bitmap has a fixed size whatever the input.
 */
#define G_LOG_DOMAIN "msgflow-schedule"

#include "model/schedule.h"

#include <string.h>

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
      first_day = mf_units_scan_day (&p);
      if (first_day < 0)
        goto syntax;
      last_day = first_day;
      if (*p == '-')
        {
          p++;
          last_day = mf_units_scan_day (&p);
          if (last_day < 0)
            goto syntax;
        }
      if (*p != ' ' && *p != '\t')
        goto syntax;
      p = mf_units_skip_spaces (p);
    }
  start = mf_units_scan_clock (&p, FALSE);
  if (start < 0 || *p != '-')
    goto syntax;
  p++;
  end = mf_units_scan_clock (&p, TRUE);
  if (end < 0 || *mf_units_skip_spaces (p) != '\0')
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
  const char *p = mf_units_skip_spaces (text);

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
