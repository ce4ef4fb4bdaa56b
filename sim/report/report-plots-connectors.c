/* report-plots-connectors.c — the connectors over time (report-plots-private.h).
 *
 * Throughput (messages per minute, averaged down to at most
 * MF_PLOT_MAX_POINTS points per line) of the MF_PLOT_TOP_CONNECTORS
 * connectors that carried most messages, and a heatmap of the utilisation
 * of the MF_PLOT_HEATMAP_CONNECTORS most utilised connectors.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-plots-private.h"
#include "report/report-figure.h"
#include "report/report-numbers.h"
#include "report/report-template.h"

static gint
compare_desc (double a, double b)
{
  return (a < b) - (a > b);
}

static gint
by_messages (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GArray *cs = user_data;
  int ia = *(const int *) a, ib = *(const int *) b;
  const MfRdConnector *ca = &g_array_index (cs, MfRdConnector, ia), *cb = &g_array_index (cs, MfRdConnector, ib);
  gint c = compare_desc ((double) ca->messages, (double) cb->messages);
  return c != 0 ? c : (ia > ib) - (ia < ib);
}

static gint
by_utilization (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GArray *cs = user_data;
  int ia = *(const int *) a, ib = *(const int *) b;
  const MfRdConnector *ca = &g_array_index (cs, MfRdConnector, ia), *cb = &g_array_index (cs, MfRdConnector, ib);
  gint c = compare_desc (ca->utilization, cb->utilization);
  if (c == 0)
    c = compare_desc ((double) ca->messages, (double) cb->messages);
  return c != 0 ? c : (ia > ib) - (ia < ib);
}

static int *
connector_order (const MfReportData *d, GCompareDataFunc compare)
{
  int *order = g_new (int, d->connectors->len + 1);

  for (guint i = 0; i < d->connectors->len; i++)
    order[i] = (int) i;
  g_qsort_with_data (order, (gint) d->connectors->len, sizeof (int), compare, d->connectors);
  return order;
}

static void
free_gstring_block (gpointer s)
{
  g_string_free (s, TRUE);
}

/* Utilisation rows (time, row, percent) of the chosen connectors (@slot:
 * connector → heat-map row or -1), one scan line per row as `with image`
 * wants them. */
static void
utilisation_blocks (const MfReportData *d, const int *slot, int n, GString *dat)
{
  g_autoptr (GPtrArray) blocks = g_ptr_array_new_with_free_func (free_gstring_block);

  for (int i = 0; i < n; i++)
    g_ptr_array_add (blocks, g_string_new (NULL));
  for (guint i = 0; i < d->connector_samples->len; i++)
    {
      const MfRdConnectorSample *s = &g_array_index (d->connector_samples, MfRdConnectorSample, i);
      int k = slot[s->connector];
      if (k >= 0)
        mf_plot_append_row (g_ptr_array_index (blocks, k), 3, mf_plot_clock (d, s->time_s), (double) k,
                    100.0 * s->utilization);
    }
  for (int i = 0; i < n; i++)
    {
      GString *b = g_ptr_array_index (blocks, i);
      g_string_append_len (dat, b->str, (gssize) b->len);
      mf_plot_end_block (dat, b->len == 0, 3);
    }
}

/* Messages per minute of the chosen connectors (@slot: connector → block
 * or -1), averaged over @k sample intervals at a time so that a day of
 * one-minute samples stays readable. */
static void
throughput_blocks (const MfReportData *d, const int *slot, int n, int k, GString *dat)
{
  g_autoptr (GPtrArray) blocks = g_ptr_array_new_with_free_func (free_gstring_block);
  g_autofree double *prev = g_new0 (double, d->connectors->len + 1);
  g_autofree double *msgs = g_new0 (double, (gsize) n + 1), *span = g_new0 (double, (gsize) n + 1);
  g_autofree int *count = g_new0 (int, (gsize) n + 1);
  g_autofree double *last = g_new0 (double, (gsize) n + 1);

  for (int i = 0; i < n; i++)
    g_ptr_array_add (blocks, g_string_new (NULL));
  for (guint i = 0; i < d->connector_samples->len; i++)
    {
      const MfRdConnectorSample *s = &g_array_index (d->connector_samples, MfRdConnectorSample, i);
      int b = slot[s->connector];
      double interval = s->time_s - prev[s->connector];

      prev[s->connector] = s->time_s;
      if (b < 0)
        continue;
      msgs[b] += s->messages;
      span[b] += interval;
      last[b] = s->time_s;
      if (++count[b] == k)
        {
          mf_plot_append_row (g_ptr_array_index (blocks, b), 2, mf_plot_clock (d, s->time_s),
                      span[b] > 0 ? msgs[b] * 60.0 / span[b] : 0.0);
          msgs[b] = span[b] = 0;
          count[b] = 0;
        }
    }
  for (int b = 0; b < n; b++)
    {
      GString *block = g_ptr_array_index (blocks, b);
      if (count[b] > 0 && span[b] > 0)
        mf_plot_append_row (block, 2, mf_plot_clock (d, last[b]), msgs[b] * 60.0 / span[b]);
      g_string_append_len (dat, block->str, (gssize) block->len);
      mf_plot_end_block (dat, block->len == 0, 2);
    }
}

gboolean
mf_plot_connectors (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  int nc = (int) d->connectors->len, n = 0, h, k;
  g_autofree char *bin = NULL;
  g_autofree int *order = connector_order (d, by_messages);
  g_autofree int *slot = g_new (int, (gsize) nc + 1);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GString) dat = g_string_new (NULL), udat = g_string_new (NULL);
  const char *title = "Throughput of the busiest connectors";
  const char *utitle = "Connector utilisation over time";
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "throughput", title, MF_PLOT_WIDTH, MF_PLOT_HEIGHT + 60);
  g_autofree char *total = mf_report_format_count (nc);
  char *caption;

  for (int i = 0; i < nc; i++)
    slot[i] = -1;
  for (int i = 0; i < nc && n < MF_PLOT_TOP_CONNECTORS; i++)
    if (g_array_index (d->connectors, MfRdConnector, order[i]).messages > 0)
      {
        slot[order[i]] = n++;
        g_ptr_array_add (names, g_array_index (d->connectors, MfRdConnector, order[i]).name);
      }
  k = MAX (1, ((int) d->times->len + MF_PLOT_MAX_POINTS - 1) / MF_PLOT_MAX_POINTS);
  throughput_blocks (d, slot, n, k, dat);
  if (d->times->len >= 2)
    bin = mf_report_format_seconds (k * (g_array_index (d->times, double, d->times->len - 1)
                                         - g_array_index (d->times, double, 0)) / (d->times->len - 1));
  else
    bin = g_strdup ("each sample interval");
  mf_template_set (vars, "BIN", bin);
  mf_template_set_printf (vars, "N", "%d", n);
  mf_template_take (vars, "NAMES", mf_plot_names_array ("NAMES", (const char *const *) names->pdata, n, FALSE));
  caption = n == 0 ? g_strdup ("No connector carried a message.")
                   : g_strdup_printf ("Messages per minute over the %d connectors that carried the "
                                      "most messages (of %s), averaged over %s.", n, total, bin);
  if (!mf_plot_finish (d, "throughput", vars, n > 0 ? dat : NULL, MF_PLOT_WIDTH, MF_PLOT_HEIGHT + 60, title,
                       caption, figures, error))
    return FALSE;

  /* Utilisation: a heat map, one row per connector, busiest on top. */
  g_free (order);
  order = connector_order (d, by_utilization);
  g_ptr_array_set_size (names, 0);
  n = MIN (nc, MF_PLOT_HEATMAP_CONNECTORS);
  for (int i = 0; i < nc; i++)
    slot[i] = -1;
  for (int i = 0; i < n; i++)
    {
      slot[order[i]] = i;
      g_ptr_array_add (names, g_array_index (d->connectors, MfRdConnector, order[i]).name);
    }
  utilisation_blocks (d, slot, n, udat);
  h = 150 + 16 * MAX (n, 4);
  g_autoptr (GHashTable) uvars = mf_plot_vars (d, format, "utilisation", utitle, MF_PLOT_WIDTH, h);
  mf_template_set_printf (uvars, "N", "%d", n);
  mf_template_take (uvars, "NAMES", mf_plot_names_array ("NAMES", (const char *const *) names->pdata, n, TRUE));
  caption = g_strdup_printf ("The share of each sample interval in which a connector carried at "
                             "least one transfer, for %s%d connectors with the highest utilisation%s. "
                             "A row that stays dark red is a connector that is always busy: mail "
                             "waits for it.", n < nc ? "the " : "all ", n,
                             n < nc ? " over the run" : "");
  return mf_plot_finish (d, "utilisation", uvars, n > 0 ? udat : NULL, MF_PLOT_WIDTH, h, utitle, caption,
                         figures, error);
}
