/* report-html-events.c — the run's events on the page (report-html-private.h).
 *
 * Owns: one headline line per configured [event] ("LON-BRU-outage: LON-BRU
 * down Mon 10:00–12:00: 412 messages rerouted, p99 +35 min") and the
 * Events section: a table of every event with what it did over its window
 * (summary.json "scheduled_events", format.md §4.12), the definitions of
 * those figures, and how the plots mark events and link-state changes.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-html-private.h"
#include "report/report-numbers.h"
#include "report/report-plots-events.h"

#include <math.h>
#include <string.h>

/* Events named in the headline; the rest are in the section. */
#define MF_HEADLINE_MAX_EVENTS 4

/* "+35 min", "−12 s", "±0 s"; "–" when unknown. */
static void
append_change (GString *s, double change_s)
{
  g_autofree char *abs = NULL;

  if (!isfinite (change_s))
    {
      g_string_append (s, "–");
      return;
    }
  abs = mf_report_format_seconds (fabs (change_s));
  g_string_append (s, change_s > 0 ? "+" : change_s < 0 ? "−" : "±");
  g_string_append (s, abs);
}

/* "LON-BRU down Mon 10:00–12:00" (escaped). */
static void
append_what_when (GString *s, const MfReportData *d, const MfRdEvent *e)
{
  g_autofree char *from = mf_report_data_format_clock (d, e->start_s);

  mf_html_append_escaped (s, e->target);
  g_string_append_c (s, ' ');
  mf_html_append_escaped (s, e->action);
  g_string_append_c (s, ' ');
  g_string_append (s, from);
  if (!isnan (e->end_s))
    {
      g_autofree char *to = mf_report_data_format_clock (d, e->end_s);
      /* The day only when it differs: "Mon 10:00–12:00". */
      const char *space_from = strchr (from, ' '), *space_to = strchr (to, ' ');
      gboolean same_day = space_from != NULL && space_to != NULL && space_from - from == space_to - to
                          && strncmp (from, to, (size_t) (space_from - from)) == 0;
      g_string_append (s, "–");
      g_string_append (s, same_day ? space_to + 1 : to);
    }
}

/* ": 412 messages rerouted, 3 NDRs, p99 +35 min" for a measured event. */
static void
append_figures (GString *s, const MfRdEvent *e)
{
  if (isnan (e->rerouted))
    return;
  g_string_append (s, ": ");
  mf_html_append_count (s, e->rerouted);
  g_string_append_printf (s, " message%s rerouted", e->rerouted == 1 ? "" : "s");
  if (e->ndr_recipients > 0)
    {
      g_string_append (s, ", ");
      mf_html_append_count (s, e->ndr_recipients);
      g_string_append_printf (s, " NDR%s", e->ndr_recipients == 1 ? "" : "s");
    }
  if (isfinite (e->latency_p99_change_s))
    {
      g_string_append (s, ", p99 ");
      append_change (s, e->latency_p99_change_s);
    }
}

/**
 * mf_html_events_headline:
 *
 * Returns: (transfer full): HTML lines for the headline, one per event
 *   (the first MF_HEADLINE_MAX_EVENTS), "" without events.
 */
char *
mf_html_events_headline (const MfReportData *d)
{
  GString *s = g_string_new (NULL);
  guint n = d->scheduled->len;

  for (guint i = 0; i < MIN (n, (guint) MF_HEADLINE_MAX_EVENTS); i++)
    {
      const MfRdEvent *e = &g_array_index (d->scheduled, MfRdEvent, i);
      g_string_append (s, "<br><span class=\"event\">");
      mf_html_append_escaped (s, e->name);
      g_string_append (s, " — ");
      append_what_when (s, d, e);
      append_figures (s, e);
      g_string_append (s, "</span>");
    }
  if (n > MF_HEADLINE_MAX_EVENTS)
    g_string_append_printf (s, "<br><a href=\"#events\">%u more events</a>",
                            n - MF_HEADLINE_MAX_EVENTS);
  return g_string_free (s, FALSE);
}

static void
td_seconds (GString *s, double v)
{
  g_autofree char *t = mf_report_format_seconds (v);
  mf_html_td_raw (s, "n", t);
}

/**
 * mf_html_events_section: Returns: (transfer full): the Events section's HTML.
 */
char *
mf_html_events_section (const MfReportData *d)
{
  static const char *const headers[] = {
    "event", "action", "target", "from", "window until", "#messages sent", "#rerouted",
    "#NDRs", "#delivered", "#latency p99", "#p99 vs baseline", NULL,
  };
  GString *s = g_string_new (NULL);
  guint drawn, lines = mf_plot_event_change_lines (d, &drawn);

  if (d->scheduled->len == 0)
    g_string_append (s, "<p>The topology has no <code>[event]</code>.</p>\n");
  else
    {
      g_string_append (s, "<p>Every configured event, with what it did over its <em>window</em>: "
                          "from its start to its end, or, without a duration, to the next event on "
                          "the same target or the end of the run. <em>Messages sent</em> were "
                          "submitted in the window; <em>rerouted</em> messages were sent, in the "
                          "window, over a connector that begins none of the lowest-cost routes of "
                          "the organisation's initial state; <em>NDRs</em> and <em>delivered</em> "
                          "count recipients of the messages sent in the window. The p99 is their "
                          "99th-percentile latency; <em>vs baseline</em> compares it with the p99 "
                          "of the mail sent while no event was in force");
      if (isfinite (d->event_baseline_p99_s))
        {
          g_autofree char *b = mf_report_format_seconds (d->event_baseline_p99_s);
          g_string_append_printf (s, " (%s)", b);
        }
      g_string_append (s, ".</p>\n<div class=\"scroll\"><table>\n");
      mf_html_th_row (s, headers);
      for (guint i = 0; i < d->scheduled->len; i++)
        {
          const MfRdEvent *e = &g_array_index (d->scheduled, MfRdEvent, i);
          g_autofree char *from = mf_report_data_format_clock (d, e->start_s);
          g_autofree char *until = mf_report_data_format_clock (d, mf_plot_event_end_s (d, e));
          g_autoptr (GString) change = g_string_new (NULL);
          g_string_append (s, "<tr>");
          mf_html_td_text (s, e->name);
          mf_html_td_text (s, e->action);
          mf_html_td_text (s, e->target);
          mf_html_td_text (s, from);
          mf_html_td_text (s, until);
          mf_html_td_count (s, e->messages);
          mf_html_td_count (s, e->rerouted);
          mf_html_td_count (s, e->ndr_recipients);
          mf_html_td_count (s, e->delivered);
          td_seconds (s, e->latency_p99_s);
          append_change (change, e->latency_p99_change_s);
          mf_html_td_raw (s, "n", change->str);
          g_string_append (s, "</tr>\n");
        }
      g_string_append (s, "</table></div>\n");
    }
  g_string_append (s, "<p>On every plot over time, an outage or a cost change is a shaded band "
                      "and an instant event (up, start-smtp, a master move) a dashed line, each "
                      "labelled with its name");
  if (lines > 0)
    {
      g_string_append_printf (s, "; each of the run's %u moments of link-state change is a dotted "
                                 "line", lines);
      if (drawn < lines)
        g_string_append_printf (s, " (the first %u are drawn)", drawn);
    }
  g_string_append (s, ".</p>\n");
  return g_string_free (s, FALSE);
}
