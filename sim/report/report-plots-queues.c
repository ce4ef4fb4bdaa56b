/* report-plots-queues.c — where the mail was over time (report-plots-private.h).
 *
 * The queue lengths of the busiest queues (MF_PLOT_TOP_QUEUES, their
 * omitted zeros restored) and the recipients delivered, returned with an
 * NDR and in flight, sample by sample, on the run's clock.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-plots-private.h"
#include "report/report-figure.h"
#include "report/report-numbers.h"
#include "report/report-template.h"

gboolean
mf_plot_queues (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  int n_busy = 0, n = 0, between = 0;
  g_autofree int *busy = mf_report_data_busiest_queues (d, &n_busy);
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *title = "Queue length over time: the busiest queues";
  g_autofree char *total = mf_report_format_count (d->queues->len);
  char *caption;

  /* Each row: the sample's time and length, then the interval that ends
   * there (its start, the lowest and highest length in it): a step line
   * over a band, so that a burst between two samples still shows.  A
   * queue that held mail for less than a microsecond has an empty band:
   * it is left to the tables and warnings. */
  for (int i = 0; i < n_busy && n < MF_PLOT_TOP_QUEUES; i++)
    {
      g_autofree double *length = g_new0 (double, d->times->len + 1);
      g_autofree double *lowest = g_new0 (double, d->times->len + 1);
      g_autofree double *highest = g_new0 (double, d->times->len + 1);
      gboolean seen = FALSE;
      mf_report_data_queue_bounds (d, busy[i], length, lowest, highest);
      for (guint t = 0; t < d->times->len && !seen; t++)
        seen = highest[t] > 0;
      if (!seen)
        {
          between++;
          continue;
        }
      for (guint t = 0; t < d->times->len; t++)
        {
          double at = g_array_index (d->times, double, t);
          double since = t > 0 ? g_array_index (d->times, double, t - 1) : 0.0;
          mf_plot_append_row (dat, 5, mf_plot_clock (d, at), length[t], mf_plot_clock (d, since),
                              lowest[t], highest[t]);
        }
      mf_plot_end_block (dat, FALSE, 5);
      g_ptr_array_add (names, mf_plot_queue_label (&g_array_index (d->queues, MfRdQueue, busy[i])));
      n++;
    }

  int rows = (n + 1) / 2, height = n == 0 ? 300 : 70 + 190 * rows;
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "queues", title, MF_PLOT_WIDTH, height);
  mf_template_set_printf (vars, "N", "%d", n);
  mf_template_set_printf (vars, "ROWS", "%d", MAX (rows, 1));
  mf_template_take (vars, "NAMES", mf_plot_names_array ("NAMES", (const char *const *) names->pdata, n, FALSE));
  if (n == 0)
    caption = g_strdup ("No recipient was in a queue at any sample of the run.");
  else
    caption = g_strdup_printf ("The %d queues with the highest time-weighted mean length, of %s "
                               "queues (%d ever held a recipient), at every sample of the run; "
                               "each panel has its own scale%s. The line is the length at each "
                               "sample; the shaded band spans the lowest and highest length "
                               "between two samples, so a burst that came and went between "
                               "samples still shows. Queues carry the names Exchange "
                               "System Manager shows: the server, then the queue (link queues are "
                               "named after their next hop).", n, total, n_busy,
                               between > 0 ? "; queues that never held mail for long enough to "
                                             "be seen are in the table below" : "");
  return mf_plot_finish (d, "queues", vars, n > 0 ? dat : NULL, MF_PLOT_WIDTH, height, title, caption,
                         figures, error);
}

gboolean
mf_plot_counts (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  g_autoptr (GString) dat = g_string_new (NULL);
  const char *title = "Recipients delivered, returned with an NDR, and in flight";
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "counts", title, MF_PLOT_WIDTH, 640);

  mf_plot_append_row (dat, 5, mf_plot_clock (d, 0), 0.0, 0.0, 0.0, 0.0);
  for (guint i = 0; i < d->counts->len; i++)
    {
      const MfRdCounts *c = &g_array_index (d->counts, MfRdCounts, i);
      mf_plot_append_row (dat, 5, mf_plot_clock (d, c->time_s), c->generated, c->delivered, c->ndr, c->in_flight);
    }
  return mf_plot_finish (d, "counts", vars, dat, MF_PLOT_WIDTH, 640, title,
                         g_strdup ("Top: recipients generated, delivered and returned with an NDR "
                                   "since the start (NDRs on the right axis). Bottom: recipients in "
                                   "flight — in a queue or in transfer — at each sample. A curve "
                                   "that keeps rising at the bottom is mail the topology cannot "
                                   "carry."),
                         figures, error);
}
