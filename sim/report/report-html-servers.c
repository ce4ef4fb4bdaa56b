/* report-html-servers.c — the "Servers" section of the page
 * (report-html-private.h).
 *
 * Per server, its queues as Exchange System Manager's Queue Viewer showed
 * them at the server's peak backlog (report-servers.h says why the peak
 * and not the end): queue, state, messages, oldest message (its age, and
 * when it was submitted) and next retry, both as clock times of the
 * simulated week like every time on the page.  The MF_SV_MAX_SERVERS
 * servers with the highest peak are shown, each table in a scrolling box.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-html-private.h"
#include "report/report-numbers.h"
#include "report/report-servers.h"

#include <math.h>

static void
server_table (GString *s, const MfReportData *d, const MfSvServer *sv)
{
  static const char *const headers[] = {
    "queue", "state", "#messages", "oldest message", "submitted", "next retry", NULL,
  };
  g_autofree char *when = mf_report_data_format_clock (d, sv->peak_time_s);

  g_string_append (s, "<h3 class=\"server\">");
  mf_html_append_escaped (s, d->topo->servers[sv->server].name);
  g_string_append (s, " <span class=\"muted\">— ");
  mf_html_append_count (s, sv->peak_total);
  g_string_append_printf (s, " message%s queued at its peak, %s</span></h3>\n",
                          sv->peak_total == 1 ? "" : "s", when);
  g_string_append (s, "<div class=\"scroll\"><table class=\"queue-viewer\">\n");
  mf_html_th_row (s, headers);
  for (guint i = 0; i < sv->queues->len && i < MF_HTML_MAX_ROWS; i++)
    {
      const MfSvQueue *q = &g_array_index (sv->queues, MfSvQueue, i);
      g_autofree char *age = isfinite (q->oldest_age_s) ? mf_report_format_seconds (q->oldest_age_s) : g_strdup ("");
      g_autofree char *born = isfinite (q->oldest_age_s)
                                ? mf_report_data_format_clock (d, MAX (0.0, sv->peak_time_s - q->oldest_age_s))
                                : g_strdup ("");
      g_autofree char *retry = isfinite (q->next_retry_s)
                                 ? mf_report_data_format_clock (d, sv->peak_time_s + q->next_retry_s)
                                 : g_strdup ("");
      g_string_append (s, "<tr>");
      mf_html_td_text (s, q->queue);
      mf_html_td_text (s, q->state);
      mf_html_td_count (s, q->length);
      mf_html_td_raw (s, "n", age);
      mf_html_td_text (s, born);
      mf_html_td_text (s, retry);
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "</table></div>\n");
}

/**
 * mf_html_servers:
 *
 * Returns: (transfer full): the Queue Viewer tables of the busiest servers,
 *   or a sentence.  O(rows of queues.csv).
 */
char *
mf_html_servers (const MfReportData *d)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) peaks = mf_report_servers_peaks (d, &error);
  GString *s;

  if (peaks == NULL)
    {
      s = g_string_new ("<p>Not available: ");
      mf_html_append_escaped (s, error->message);
      g_string_append (s, "</p>");
      return g_string_free (s, FALSE);
    }
  if (peaks->len == 0)
    return g_strdup ("<p>No server ever held a message in a queue at a sample.</p>");
  s = g_string_new ("<p class=\"note\">Each server's queues as Queue Viewer showed them at the "
                    "sample where the server held the most messages (its peak backlog; the "
                    "first such sample on a tie), not at the end of the run. Oldest message: "
                    "its age then, and when it was submitted; next retry: when a queue in Retry "
                    "connects again. ");
  if (peaks->len > MF_SV_MAX_SERVERS)
    {
      g_string_append_printf (s, "The %d servers with the highest peak of ", MF_SV_MAX_SERVERS);
      mf_html_append_count (s, peaks->len);
      g_string_append (s, " that held mail are shown; all queues are in "
                          "<a href=\"queues.csv\">queues.csv</a>.");
    }
  else
    g_string_append (s, "Every server that held mail is shown, highest peak first.");
  g_string_append (s, "</p>\n");
  for (guint i = 0; i < peaks->len && i < MF_SV_MAX_SERVERS; i++)
    server_table (s, d, g_ptr_array_index (peaks, i));
  return g_string_free (s, FALSE);
}
