/* report-plots-servers.c — a Performance Monitor plot per server
 * (report-plots-private.h).
 *
 * From perfmon.csv: for the MF_PLOT_TOP_SERVERS servers with the most
 * traffic (messages delivered + sent + received over the run, the rates
 * times their intervals; ties by topology order), one figure each, rates
 * averaged down to at most MF_PLOT_MAX_POINTS points (queue lengths: the
 * highest of each bin),
 * perfmon-1 … perfmon-N by rank, with the SMTP Server counters.  Figures
 * are numbered, not named after the server, so no name reaches a file
 * name.  perfmon.csv is read twice (the traffic of every server, then
 * the rows of the servers drawn) so a large run's file is never held
 * whole.  A run without perfmon.csv (older) draws none.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-plots-private.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"
#include "report/report-html.h"
#include "report/report-numbers.h"
#include "report/report-servers.h"
#include "report/report-template.h"

typedef struct {
  int server;
  double messages;
} Traffic;

static gint
by_traffic (gconstpointer a, gconstpointer b)
{
  const Traffic *x = a, *y = b;
  if (x->messages != y->messages)
    return x->messages > y->messages ? -1 : 1;
  return (x->server > y->server) - (x->server < y->server);
}

/* The rows of one server, @k samples at a time once there are more than
 * MF_PLOT_MAX_POINTS: rates averaged over the bin's time, lengths the
 * bin's highest (a short backlog stays visible). */
static void
perf_rows (const MfReportData *d, const GArray *rows, GString *dat)
{
  guint k = MAX (1u, (rows->len + MF_PLOT_MAX_POINTS - 1) / MF_PLOT_MAX_POINTS);
  double prev = 0;

  for (guint i = 0; i < rows->len; i += k)
    {
      MfSvPerf sum = { 0 };
      double start = prev;
      for (guint j = i; j < rows->len && j < i + k; j++)
        {
          const MfSvPerf *p = &g_array_index (rows, MfSvPerf, j);
          double dt = p->time_s - prev;
          sum.delivered += p->delivered * dt;
          sum.sent += p->sent * dt;
          sum.received += p->received * dt;
          sum.local = MAX (sum.local, p->local);
          sum.remote = MAX (sum.remote, p->remote);
          sum.retry = MAX (sum.retry, p->retry);
          sum.categorizer = MAX (sum.categorizer, p->categorizer);
          prev = sum.time_s = p->time_s;
        }
      double span = sum.time_s - start;
      if (span <= 0)
        span = 1;
      mf_plot_append_row (dat, 8, mf_plot_clock (d, sum.time_s), sum.delivered / span, sum.sent / span,
                          sum.received / span, sum.local, sum.remote, sum.retry, sum.categorizer);
    }
  mf_plot_end_block (dat, rows->len == 0, 8);
}

gboolean
mf_plot_servers (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  int n = d->topo->n_servers;
  g_autofree double *traffic = g_new0 (double, (gsize) n + 1);
  g_autofree gboolean *keep = g_new0 (gboolean, (gsize) n + 1);
  g_autoptr (GPtrArray) perf = mf_report_servers_perfmon (d, keep, traffic, error);
  g_autoptr (GArray) order = NULL;
  int shown;

  if (perf == NULL)
    return error == NULL || *error == NULL;
  order = g_array_new (FALSE, FALSE, sizeof (Traffic));
  for (int s = 0; s < n; s++)
    {
      Traffic t = { s, traffic[s] };
      g_array_append_val (order, t);
    }
  g_array_sort (order, by_traffic);
  shown = MIN ((int) order->len, MF_PLOT_TOP_SERVERS);
  /* Read again, keeping only the rows of the servers drawn. */
  for (int i = 0; i < shown; i++)
    keep[g_array_index (order, Traffic, i).server] = TRUE;
  g_clear_pointer (&perf, g_ptr_array_unref);
  if ((perf = mf_report_servers_perfmon (d, keep, NULL, error)) == NULL)
    return FALSE;
  for (int i = 0; i < shown; i++)
    {
      const Traffic *t = &g_array_index (order, Traffic, i);
      const GArray *rows = g_ptr_array_index (perf, t->server);
      const char *server = d->topo->servers[t->server].name;
      g_autofree char *name = g_strdup_printf ("perfmon-%d", i + 1);
      g_autofree char *title = g_strdup_printf ("Performance Monitor: SMTP Server on %s", server);
      g_autofree char *esc = mf_html_escape (server);
      g_autofree char *msgs = mf_report_format_count (t->messages);
      g_autoptr (GHashTable) vars = mf_plot_vars (d, format, name, title, MF_PLOT_WIDTH, MF_PLOT_HEIGHT);
      g_autoptr (GString) dat = g_string_new (NULL);
      guint k = MAX (1u, (rows->len + MF_PLOT_MAX_POINTS - 1) / MF_PLOT_MAX_POINTS);
      g_autofree char *bin = rows->len >= 2
        ? mf_report_format_seconds (k * (g_array_index (rows, MfSvPerf, rows->len - 1).time_s
                                         - g_array_index (rows, MfSvPerf, 0).time_s) / (rows->len - 1))
        : g_strdup ("each sample interval");
      char *caption;

      perf_rows (d, rows, dat);
      caption = g_strdup_printf ("%s (number %d by traffic: %s messages delivered, sent and received "
                                 "over the run): its SMTP Server counters at each sample, from "
                                 "<a href=\"perfmon.csv\">perfmon.csv</a>. Rates on the left axis, "
                                 "queue lengths (dashed; the highest in each point's span) on the right. Rates are averaged "
                                 "over %s.", esc, i + 1, msgs, bin);
      if (!mf_plot_finish_from (d, name, "perfmon.gp", vars, dat, MF_PLOT_WIDTH, MF_PLOT_HEIGHT, title,
                                caption, figures, error))
        return FALSE;
    }
  return TRUE;
}
