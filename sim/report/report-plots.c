/* report-plots.c — data and scripts of the report's plots (report-plots.h).
 *
 * Each mf_plot_* function (report-plots-*.c) picks what to show, writes
 * DIR/gnuplot/NAME.dat (numbers only: time, values; blocks separated by
 * two blank lines for gnuplot's `index`) and DIR/gnuplot/NAME.gp
 * (common.gp + NAME.gp filled in), and adds an MfReportFigure.  A plot with
 * nothing to show still draws a frame with a sentence saying so, so every
 * figure exists.  Time on the x axis is the run's clock (day and hour of
 * the simulated week), which is what an administrator reads an outage by.
 * Here: the helpers that write data rows, and the order of the plots.
 * O(size of the data) for each plot.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-plots.h"
#include "report/report-plots-private.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"

void
mf_plot_append_row (GString *s, int n, ...)
{
  va_list ap;

  va_start (ap, n);
  for (int i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      mf_gp_append_number (s, va_arg (ap, double));
    }
  va_end (ap);
  g_string_append_c (s, '\n');
}

/* Ends a data block; an empty block gets a NaN row, since gnuplot cannot
 * tell an empty block from a longer separator. */
void
mf_plot_end_block (GString *s, gboolean empty, int columns)
{
  if (empty)
    {
      for (int i = 0; i < columns; i++)
        g_string_append (s, i > 0 ? " NaN" : "NaN");
      g_string_append_c (s, '\n');
    }
  g_string_append (s, "\n\n");
}

/* "SERVER › queue" */
char *
mf_plot_queue_label (const MfRdQueue *q)
{
  return g_strdup_printf ("%s \u203a %s", q->server, q->queue);
}

/**
 * mf_report_plots_write:
 * @figures: (element-type MfReportFigure): where the figures are appended
 *
 * Writes the data and scripts of every plot but the map into
 * DIR/gnuplot/ (which must exist).  Returns: FALSE with
 * MF_REPORT_ERROR_IO or MF_REPORT_ERROR_TEMPLATE.
 */
gboolean
mf_report_plots_write (const MfReportData *d, MfReportFormat format, GPtrArray *figures,
                       GError **error)
{
  g_return_val_if_fail (d != NULL && figures != NULL, FALSE);

  return mf_plot_queues (d, format, figures, error) && mf_plot_latency (d, format, figures, error)
         && mf_plot_flows (d, format, figures, error) && mf_plot_connectors (d, format, figures, error)
         && mf_plot_link_state (d, format, figures, error) && mf_plot_counts (d, format, figures, error)
         && mf_plot_servers (d, format, figures, error) && mf_plot_bandwidth (d, format, figures, error);
}
