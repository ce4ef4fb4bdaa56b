/* report-plots.c — data and scripts of the report's plots (report-plots.h).
 *
 * Each plot_* function picks what to show, writes DIR/gnuplot/NAME.dat
 * (numbers only: time, values; blocks separated by two blank lines for
 * gnuplot's `index`) and DIR/gnuplot/NAME.gp (common.gp + NAME.gp filled
 * in), and adds an MfReportFigure.  A plot with nothing to show still
 * draws a frame with a sentence saying so, so every figure exists.
 * Time on the x axis is the run's clock (day and hour of the simulated
 * week), which is what an administrator reads an outage by.
 * O(size of the data) for each plot.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-plots.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"
#include "report/report-numbers.h"
#include "report/report-template.h"

#include <math.h>
#include <string.h>

/* Pixel sizes. */
#define PLOT_WIDTH 1000
#define PLOT_HEIGHT 460

static void
append_row (GString *s, int n, ...)
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
static void
end_block (GString *s, gboolean empty, int columns)
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
static char *
queue_label (const MfRdQueue *q)
{
  return g_strdup_printf ("%s \u203a %s", q->server, q->queue);
}

/* ------------------------------------------------------------ queues */

static gboolean
plot_queues (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  int n_busy = 0, n = 0, between = 0;
  g_autofree int *busy = mf_report_data_busiest_queues (d, &n_busy);
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *title = "Queue length over time: the busiest queues";
  g_autofree char *total = mf_report_format_count (d->queues->len);
  char *caption;

  /* A queue that held mail only between two samples would be a flat
   * panel: it is left to the tables and warnings. */
  for (int i = 0; i < n_busy && n < MF_PLOT_TOP_QUEUES; i++)
    {
      g_autofree double *series = mf_report_data_queue_series (d, busy[i]);
      gboolean seen = FALSE;
      for (guint t = 0; t < d->times->len && !seen; t++)
        seen = series[t] > 0;
      if (!seen)
        {
          between++;
          continue;
        }
      for (guint t = 0; t < d->times->len; t++)
        append_row (dat, 2, mf_plot_clock (d, g_array_index (d->times, double, t)), series[t]);
      end_block (dat, FALSE, 2);
      g_ptr_array_add (names, queue_label (&g_array_index (d->queues, MfRdQueue, busy[i])));
      n++;
    }

  int rows = (n + 1) / 2, height = n == 0 ? 300 : 70 + 190 * rows;
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "queues", title, PLOT_WIDTH, height);
  mf_template_set_printf (vars, "N", "%d", n);
  mf_template_set_printf (vars, "ROWS", "%d", MAX (rows, 1));
  mf_template_take (vars, "NAMES", mf_plot_names_array ("NAMES", (const char *const *) names->pdata, n, FALSE));
  if (n == 0)
    caption = g_strdup ("No recipient was in a queue at any sample of the run.");
  else
    caption = g_strdup_printf ("The %d queues with the highest time-weighted mean length, of %s "
                               "queues (%d ever held a recipient), at every sample of the run; "
                               "each panel has its own scale%s. Queues carry the names Exchange "
                               "System Manager shows: the server, then the queue (link queues are "
                               "named after their next hop).", n, total, n_busy,
                               between > 0 ? "; queues that held mail only between samples are "
                                             "in the table below" : "");
  return mf_plot_finish (d, "queues", vars, n > 0 ? dat : NULL, PLOT_WIDTH, height, title, caption,
                         figures, error);
}

/* ------------------------------------------------------------ latency */

typedef struct {
  double low, high, count;
} Bin;

/* The latency buckets regrouped per tenth of a decade (by their midpoint). */
static GArray *
latency_bins (const MfReportData *d)
{
  GArray *bins = g_array_new (FALSE, FALSE, sizeof (Bin));
  int current = G_MININT;

  for (guint i = 0; i < d->buckets->len; i++)
    {
      const MfRdBucket *b = &g_array_index (d->buckets, MfRdBucket, i);
      double mid = b->low_s > 0 ? sqrt (b->low_s * b->high_s) : b->high_s / 2;
      int k;

      if (b->count <= 0 || mid <= 0)
        continue;
      k = (int) floor (log10 (mid) * MF_PLOT_BINS_PER_DECADE + 1e-9);
      if (k != current)
        {
          Bin bin = { pow (10, (double) k / MF_PLOT_BINS_PER_DECADE),
                      pow (10, (double) (k + 1) / MF_PLOT_BINS_PER_DECADE), 0 };
          g_array_append_val (bins, bin);
          current = k;
        }
      g_array_index (bins, Bin, bins->len - 1).count += b->count;
    }
  return bins;
}

/* Tics of a logarithmic latency axis, in words, within [lo, hi]. */
static char *
latency_tics (double lo, double hi)
{
  static const struct { const char *label; double s; } tics[] = {
    { "1 µs", 1e-6 }, { "10 µs", 1e-5 }, { "100 µs", 1e-4 }, { "1 ms", 1e-3 },
    { "10 ms", 1e-2 }, { "100 ms", 0.1 }, { "1 s", 1 }, { "10 s", 10 }, { "1 min", 60 },
    { "10 min", 600 }, { "1 h", 3600 }, { "10 h", 36000 }, { "1 d", 86400 },
    { "1 week", 604800 },
  };
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (tics); i++)
    if (tics[i].s >= lo && tics[i].s <= hi)
      {
        if (s->len > 0)
          g_string_append (s, ", ");
        mf_gp_append_quoted (s, tics[i].label);
        g_string_append_c (s, ' ');
        mf_gp_append_number (s, tics[i].s);
      }
  if (s->len == 0)
    g_string_append (s, "\"1 s\" 1");
  return g_string_free (s, FALSE);
}

/* The percentiles and their labels; a label near the right end of the
 * axis [lo, hi] goes on the left of its mark, so it is not cut off. */
static void
set_percentiles (const MfReportData *d, GHashTable *vars, double lo, double hi)
{
  const struct { const char *key, *name; double v; } p[] = {
    { "P50", "p50", d->latency_p50_s },
    { "P95", "p95", d->latency_p95_s },
    { "P99", "p99", d->latency_p99_s },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (p); i++)
    {
      g_autofree char *human = mf_report_format_seconds (p[i].v);
      g_autofree char *label = g_strdup_printf ("%s %s", p[i].name, human);
      g_autofree char *label_key = g_strdup_printf ("%s_LABEL", p[i].key);
      g_autofree char *side_key = g_strdup_printf ("%s_SIDE", p[i].key);
      g_autofree char *align_key = g_strdup_printf ("%s_SIDE_ALIGN", p[i].key);
      double where = isfinite (p[i].v) && p[i].v > 0 ? (log (p[i].v) - log (lo)) / (log (hi) - log (lo)) : 0;
      gboolean left = where > 0.65;

      mf_template_take (vars, p[i].key, mf_gp_number (p[i].v));
      mf_template_take (vars, label_key, mf_gp_quote (label));
      mf_template_set (vars, side_key, left ? "-" : "");
      mf_template_set (vars, align_key, left ? "right" : "left");
    }
}

static gboolean
plot_latency (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  g_autoptr (GArray) bins = latency_bins (d);
  gboolean any = bins->len > 0 && isfinite (d->latency_p50_s) && isfinite (d->latency_p99_s);
  const char *title = "Delivery latency: histogram";
  const char *cdf_title = "Delivery latency: cumulative distribution";
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "latency", title, PLOT_WIDTH, PLOT_HEIGHT);
  g_autoptr (GHashTable) cvars = mf_plot_vars (d, format, "latency-cdf", cdf_title, PLOT_WIDTH, PLOT_HEIGHT);
  g_autoptr (GString) dat = g_string_new (NULL), cdf = g_string_new (NULL);
  double lo = 1e-3, hi = 100, total = 0, cum = 0;
  g_autofree char *p50 = mf_report_format_seconds (d->latency_p50_s);
  g_autofree char *p95 = mf_report_format_seconds (d->latency_p95_s);
  g_autofree char *p99 = mf_report_format_seconds (d->latency_p99_s);
  g_autofree char *mean = mf_report_format_seconds (d->latency_mean_s);
  g_autofree char *tics = NULL;
  char *caption, *cdf_caption;

  if (any)
    {
      lo = g_array_index (bins, Bin, 0).low / 1.5;
      hi = g_array_index (bins, Bin, bins->len - 1).high * 1.5;
      lo = MIN (lo, d->latency_p50_s / 1.5);
      hi = MAX (hi, d->latency_p99_s * 1.5);
      for (guint i = 0; i < bins->len; i++)
        {
          const Bin *b = &g_array_index (bins, Bin, i);
          append_row (dat, 3, b->low, b->high, b->count);
          total += b->count;
        }
      append_row (cdf, 2, g_array_index (d->buckets, MfRdBucket, 0).low_s, 0.0);
      for (guint i = 0; i < d->buckets->len; i++)
        {
          const MfRdBucket *b = &g_array_index (d->buckets, MfRdBucket, i);
          cum += b->count;
          append_row (cdf, 2, b->high_s, cum / total);
        }
    }
  tics = latency_tics (lo, hi);
  for (int k = 0; k < 2; k++)
    {
      GHashTable *v = k == 0 ? vars : cvars;
      mf_template_set_printf (v, "N", "%u", any ? bins->len : 0);
      set_percentiles (d, v, lo, hi);
      mf_template_set (v, "XTICS", tics);
      mf_template_take (v, "LATMIN", mf_gp_number (lo));
      mf_template_take (v, "LATMAX", mf_gp_number (hi));
    }
  if (any)
    {
      caption = g_strdup_printf ("Latency of every recipient delivered after the warm-up, from "
                                 "submission to delivery into the mailbox store, grouped per tenth "
                                 "of a decade (logarithmic axis). Mean %s; the dashed lines are the "
                                 "percentiles: p50 %s, p95 %s, p99 %s.", mean, p50, p95, p99);
      cdf_caption = g_strdup_printf ("The share of recipients delivered within a given time. Half "
                                     "were delivered within %s, 95%% within %s, 99%% within %s.",
                                     p50, p95, p99);
    }
  else
    {
      caption = g_strdup ("No recipient was delivered after the warm-up.");
      cdf_caption = g_strdup (caption);
    }
  if (!mf_plot_finish (d, "latency", vars, any ? dat : NULL, PLOT_WIDTH, PLOT_HEIGHT, title, caption,
                       figures, error))
    {
      g_free (cdf_caption);
      return FALSE;
    }
  return mf_plot_finish (d, "latency-cdf", cvars, any ? cdf : NULL, PLOT_WIDTH, PLOT_HEIGHT, cdf_title,
                         cdf_caption, figures, error);
}

static gboolean
plot_flows (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *title = "Mean delivery latency per flow";
  int n = 0, width;

  for (guint i = 0; i < d->flows->len && n < MF_PLOT_MAX_FLOWS; i++)
    {
      const MfRdFlow *f = &g_array_index (d->flows, MfRdFlow, i);
      if (!isfinite (f->latency_mean_s))
        continue;
      append_row (dat, 3, (double) n, f->latency_mean_s, (double) f->generated);
      g_ptr_array_add (names, f->name);
      n++;
    }
  if (n == 0)
    return TRUE; /* no flow, or none delivered: index.html says so */
  width = CLAMP (200 + 70 * n, 640, 1400);
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "flows", title, width, PLOT_HEIGHT);
  mf_template_set_printf (vars, "N", "%d", n);
  mf_template_take (vars, "NAMES", mf_plot_names_array ("NAMES", (const char *const *) names->pdata, n, FALSE));
  return mf_plot_finish (d, "flows", vars, dat, width, PLOT_HEIGHT, title,
                         g_strdup_printf ("Mean latency of the recipients of each [flow] of the "
                                          "topology%s (the files of the run hold the mean per flow).",
                                          (guint) n < d->flows->len ? " that had a delivery" : ""),
                         figures, error);
}

/* ------------------------------------------------------------ connectors */

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
        append_row (g_ptr_array_index (blocks, k), 3, mf_plot_clock (d, s->time_s), (double) k,
                    100.0 * s->utilization);
    }
  for (int i = 0; i < n; i++)
    {
      GString *b = g_ptr_array_index (blocks, i);
      g_string_append_len (dat, b->str, (gssize) b->len);
      end_block (dat, b->len == 0, 3);
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
          append_row (g_ptr_array_index (blocks, b), 2, mf_plot_clock (d, s->time_s),
                      span[b] > 0 ? msgs[b] * 60.0 / span[b] : 0.0);
          msgs[b] = span[b] = 0;
          count[b] = 0;
        }
    }
  for (int b = 0; b < n; b++)
    {
      GString *block = g_ptr_array_index (blocks, b);
      if (count[b] > 0 && span[b] > 0)
        append_row (block, 2, mf_plot_clock (d, last[b]), msgs[b] * 60.0 / span[b]);
      g_string_append_len (dat, block->str, (gssize) block->len);
      end_block (dat, block->len == 0, 2);
    }
}

static gboolean
plot_connectors (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  int nc = (int) d->connectors->len, n = 0, h, k;
  g_autofree char *bin = NULL;
  g_autofree int *order = connector_order (d, by_messages);
  g_autofree int *slot = g_new (int, (gsize) nc + 1);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GString) dat = g_string_new (NULL), udat = g_string_new (NULL);
  const char *title = "Throughput of the busiest connectors";
  const char *utitle = "Connector utilisation over time";
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "throughput", title, PLOT_WIDTH, PLOT_HEIGHT + 60);
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
  if (!mf_plot_finish (d, "throughput", vars, n > 0 ? dat : NULL, PLOT_WIDTH, PLOT_HEIGHT + 60, title,
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
  g_autoptr (GHashTable) uvars = mf_plot_vars (d, format, "utilisation", utitle, PLOT_WIDTH, h);
  mf_template_set_printf (uvars, "N", "%d", n);
  mf_template_take (uvars, "NAMES", mf_plot_names_array ("NAMES", (const char *const *) names->pdata, n, TRUE));
  caption = g_strdup_printf ("The share of each sample interval in which a connector carried at "
                             "least one transfer, for %s%d connectors with the highest utilisation%s. "
                             "A row that stays dark red is a connector that is always busy: mail "
                             "waits for it.", n < nc ? "the " : "all ", n,
                             n < nc ? " over the run" : "");
  return mf_plot_finish (d, "utilisation", uvars, n > 0 ? udat : NULL, PLOT_WIDTH, h, utitle, caption,
                         figures, error);
}

/* ------------------------------------------------------------ link state */

static gboolean
plot_link_state (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  const MfTopology *topo = d->topo;
  g_autofree int *row = g_new (int, (gsize) topo->n_connectors + 1);
  g_autoptr (GPtrArray) row_names = g_ptr_array_new ();
  g_autoptr (GPtrArray) change_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) downs = mf_report_data_down_intervals (d);
  g_autoptr (GString) dat = g_string_new (NULL), block = g_string_new (NULL);
  const char *title = "Link state: connectors DOWN and UP, and when each routing group learned it";
  int nrows = 0, nchanges = MIN ((int) d->changes->len, MF_PLOT_MAX_CHANGES);
  gsize longest = 10;
  int top_px, bottom_px, height;
  char *caption;

  for (int c = 0; c < topo->n_connectors; c++)
    row[c] = -1;
  for (guint i = 0; i < d->changes->len; i++)
    {
      int c = g_array_index (d->changes, MfRdChange, i).connector;
      if (row[c] < 0 && nrows < MF_PLOT_MAX_STATE_ROWS)
        {
          row[c] = nrows++;
          g_ptr_array_add (row_names, topo->connectors[c].name);
          longest = MAX (longest, (gsize) g_utf8_strlen (topo->connectors[c].name, -1));
        }
    }

  /* index 0: DOWN intervals; 1, 2, 3: changes to DOWN, to UP, of cost. */
  for (guint i = 0; i < downs->len; i++)
    {
      const MfRdDown *dn = &g_array_index (downs, MfRdDown, i);
      if (row[dn->connector] >= 0)
        append_row (block, 3, mf_plot_clock (d, dn->start_s), (double) row[dn->connector],
                    dn->end_s - dn->start_s);
    }
  g_string_append_len (dat, block->str, (gssize) block->len);
  end_block (dat, block->len == 0, 3);
  for (int kind = 0; kind < 3; kind++)
    {
      g_string_truncate (block, 0);
      for (guint i = 0; i < d->changes->len; i++)
        {
          const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, i);
          int k = ch->major ? 2 : ch->up ? 1 : 0;
          if (k == kind && row[ch->connector] >= 0)
            append_row (block, 2, mf_plot_clock (d, ch->time_s), (double) row[ch->connector]);
        }
      g_string_append_len (dat, block->str, (gssize) block->len);
      end_block (dat, block->len == 0, 2);
    }
  /* index 4: per change, how long each routing group took to learn it. */
  g_string_truncate (block, 0);
  for (int i = 0; i < nchanges; i++)
    {
      const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, i);
      g_autofree double *learned = mf_report_data_group_learned (d, (guint) i);
      g_autofree char *when = mf_report_data_format_clock (d, ch->time_s);
      char *label;

      for (int g = 0; g < topo->n_routing_groups; g++)
        if (!isnan (learned[g]))
          append_row (block, 2, learned[g] - ch->time_s, (double) i);
      if (ch->major)
        label = g_strdup_printf ("%s %s cost %d", when, topo->connectors[ch->connector].name, ch->cost);
      else
        label = g_strdup_printf ("%s %s %s", when, topo->connectors[ch->connector].name,
                                 ch->up ? "UP" : "DOWN");
      longest = MAX (longest, (gsize) g_utf8_strlen (label, -1));
      g_ptr_array_add (change_names, label);
    }
  g_string_append_len (dat, block->str, (gssize) block->len);
  end_block (dat, block->len == 0, 2);

  top_px = 90 + 24 * nrows;
  bottom_px = 90 + 20 * nchanges;
  height = nrows == 0 ? 200 : top_px + bottom_px + 30;
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "link-state", title, PLOT_WIDTH, height);
  mf_template_set_printf (vars, "NROWS", "%d", nrows);
  mf_template_set_printf (vars, "NCHANGES", "%d", nchanges);
  mf_template_take (vars, "ROW_NAMES",
                    mf_plot_names_array ("ROW_NAMES", (const char *const *) row_names->pdata, nrows, TRUE));
  mf_template_take (vars, "CHANGE_NAMES",
                    mf_plot_names_array ("CHANGE_NAMES", (const char *const *) change_names->pdata, nchanges,
                                         TRUE));
  mf_template_take (vars, "TOP_SIZE", mf_gp_number ((double) (top_px + 30) / height));
  mf_template_take (vars, "BOTTOM_SIZE", mf_gp_number ((double) bottom_px / height));
  mf_template_set_printf (vars, "LMARGIN", "%d", (int) MIN (longest * 9 / 10 + 3, 60));
  if (nrows == 0)
    caption = g_strdup ("No connector changed state or cost during the run.");
  else
    {
      g_autofree char *conv = mf_report_format_seconds (d->convergence_s);
      caption = g_strdup_printf ("Top: each connector whose state or cost changed, red while its "
                                 "routing group master had it DOWN. Bottom: for each change%s, one "
                                 "dot per routing group at the time its master's link-state table "
                                 "took it in (or its first server's, if the master never did). The "
                                 "slowest change reached its last server after %s.",
                                 (int) d->changes->len > nchanges ? " (the first ones)" : "", conv);
    }
  return mf_plot_finish (d, "link-state", vars, nrows > 0 ? dat : NULL, PLOT_WIDTH, height, title,
                         caption, figures, error);
}

/* ------------------------------------------------------------ counts */

static gboolean
plot_counts (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  g_autoptr (GString) dat = g_string_new (NULL);
  const char *title = "Recipients delivered, returned with an NDR, and in flight";
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "counts", title, PLOT_WIDTH, 640);

  append_row (dat, 5, mf_plot_clock (d, 0), 0.0, 0.0, 0.0, 0.0);
  for (guint i = 0; i < d->counts->len; i++)
    {
      const MfRdCounts *c = &g_array_index (d->counts, MfRdCounts, i);
      append_row (dat, 5, mf_plot_clock (d, c->time_s), c->generated, c->delivered, c->ndr, c->in_flight);
    }
  return mf_plot_finish (d, "counts", vars, dat, PLOT_WIDTH, 640, title,
                         g_strdup ("Top: recipients generated, delivered and returned with an NDR "
                                   "since the start (NDRs on the right axis). Bottom: recipients in "
                                   "flight — in a queue or in transfer — at each sample. A curve "
                                   "that keeps rising at the bottom is mail the topology cannot "
                                   "carry."),
                         figures, error);
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

  return plot_queues (d, format, figures, error) && plot_latency (d, format, figures, error)
         && plot_flows (d, format, figures, error) && plot_connectors (d, format, figures, error)
         && plot_link_state (d, format, figures, error) && plot_counts (d, format, figures, error);
}
