/* report-plots-bandwidth.c — connectors in kbit/s against their bandwidth
 * (report-plots-private.h).
 *
 * From connectors.csv (bytes per sample interval) and the topology's
 * `bandwidth`: for the MF_PLOT_TOP_BANDWIDTH connectors with a limited
 * bandwidth that carried the most bytes (ties in topology order), one
 * figure each, bandwidth-1 … bandwidth-N by rank: the kbit/s carried
 * (bytes × 8 / 1000 over the interval, averaged down to at most
 * MF_PLOT_MAX_POINTS points), the bandwidth as a dashed line and the
 * bands of 50–80% and 80–100% utilisation of it.  Numbered, not named,
 * so no connector name reaches a file name.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "base/number-format.h"
#include "base/units.h"
#include "report/report-plots-private.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"
#include "report/report-html.h"
#include "report/report-numbers.h"
#include "report/report-template.h"

typedef struct {
  int connector;
  double bytes;
} Carried;

static gint
by_bytes (gconstpointer a, gconstpointer b)
{
  const Carried *x = a, *y = b;
  if (x->bytes != y->bytes)
    return x->bytes > y->bytes ? -1 : 1;
  return (x->connector > y->connector) - (x->connector < y->connector);
}

/* kbit/s of connector @c, @k samples per point. */
static void
kbit_rows (const MfReportData *d, int c, guint k, GString *dat)
{
  double prev = 0, start = 0, bytes = 0, last = 0;
  guint n = 0;
  gboolean any = FALSE;

  for (guint i = 0; i < d->connector_samples->len; i++)
    {
      const MfRdConnectorSample *s = &g_array_index (d->connector_samples, MfRdConnectorSample, i);
      if (s->connector != c)
        continue;
      if (n == 0)
        start = prev;
      bytes += s->bytes;
      last = prev = s->time_s;
      if (++n == k)
        {
          mf_plot_append_row (dat, 2, mf_plot_clock (d, last), last > start ? bytes * 8 / 1000 / (last - start) : 0.0);
          any = TRUE;
          n = 0;
          bytes = 0;
        }
    }
  if (n > 0 && last > start)
    {
      mf_plot_append_row (dat, 2, mf_plot_clock (d, last), bytes * 8 / 1000 / (last - start));
      any = TRUE;
    }
  mf_plot_end_block (dat, !any, 2);
}

gboolean
mf_plot_bandwidth (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  int nc = d->topo->n_connectors;
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (Carried));
  g_autofree double *bytes = g_new0 (double, (gsize) nc + 1);
  guint k = MAX (1u, (d->times->len + MF_PLOT_MAX_POINTS - 1) / MF_PLOT_MAX_POINTS);
  g_autofree char *bin = d->times->len >= 2
    ? mf_report_format_seconds (k * (g_array_index (d->times, double, d->times->len - 1)
                                     - g_array_index (d->times, double, 0)) / (d->times->len - 1))
    : g_strdup ("each sample interval");
  int shown;

  for (guint i = 0; i < d->connector_samples->len; i++)
    {
      const MfRdConnectorSample *s = &g_array_index (d->connector_samples, MfRdConnectorSample, i);
      if (s->connector >= 0 && s->connector < nc)
        bytes[s->connector] += s->bytes;
    }
  for (int c = 0; c < nc; c++)
    if (d->topo->connectors[c].bandwidth_bps != MF_BANDWIDTH_UNLIMITED && bytes[c] > 0)
      {
        Carried x = { c, bytes[c] };
        g_array_append_val (order, x);
      }
  g_array_sort (order, by_bytes);
  shown = MIN ((int) order->len, MF_PLOT_TOP_BANDWIDTH);
  for (int i = 0; i < shown; i++)
    {
      int c = g_array_index (order, Carried, i).connector;
      const char *cname = d->topo->connectors[c].name;
      double kbit = (double) d->topo->connectors[c].bandwidth_bps / 1000.0;
      g_autofree char *name = g_strdup_printf ("bandwidth-%d", i + 1);
      g_autofree char *title = g_strdup_printf ("Connector %s: kbit/s against its bandwidth", cname);
      g_autofree char *esc = mf_html_escape (cname);
      g_autofree char *bw = g_strdup_printf ("%s kbit/s", MF_NUMBER_SIG (kbit, 6));
      g_autofree char *bw_title = g_strdup_printf ("bandwidth %s", bw);
      g_autoptr (GHashTable) vars = mf_plot_vars (d, format, name, title, MF_PLOT_WIDTH, MF_PLOT_HEIGHT);
      g_autoptr (GString) dat = g_string_new (NULL);
      char *caption;

      kbit_rows (d, c, k, dat);
      mf_template_take (vars, "BANDWIDTH", mf_gp_number (kbit));
      mf_template_take (vars, "BANDWIDTH_TITLE", mf_gp_quote (bw_title));
      caption = g_strdup_printf ("%s (number %d by bytes carried among connectors with a limited "
                                 "bandwidth): kilobits per second carried, averaged over %s, "
                                 "against its bandwidth of %s. In the yellow band it is 50–80%% "
                                 "used, in the orange band above 80%%: mail starts to wait for it.",
                                 esc, i + 1, bin, bw);
      if (!mf_plot_finish_from (d, name, "bandwidth.gp", vars, dat, MF_PLOT_WIDTH, MF_PLOT_HEIGHT, title,
                                caption, figures, error))
        return FALSE;
    }
  return TRUE;
}
