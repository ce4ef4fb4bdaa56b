/* report-plots-latency.c — delivery latency (report-plots-private.h).
 *
 * The histogram of latency-histogram.csv regrouped into
 * MF_PLOT_BINS_PER_DECADE bins per decade on a logarithmic axis whose tics
 * are written in words, its cumulative distribution (both with the
 * percentiles of summary.json marked), and the mean latency of each flow (at most
 * MF_PLOT_MAX_FLOWS; none drawn when no flow delivered anything).
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-plots-private.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"
#include "report/report-numbers.h"
#include "report/report-template.h"

#include <math.h>

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

gboolean
mf_plot_latency (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  g_autoptr (GArray) bins = latency_bins (d);
  gboolean any = bins->len > 0 && isfinite (d->latency_p50_s) && isfinite (d->latency_p99_s);
  const char *title = "Delivery latency: histogram";
  const char *cdf_title = "Delivery latency: cumulative distribution";
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "latency", title, MF_PLOT_WIDTH, MF_PLOT_HEIGHT);
  g_autoptr (GHashTable) cvars = mf_plot_vars (d, format, "latency-cdf", cdf_title, MF_PLOT_WIDTH, MF_PLOT_HEIGHT);
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
          mf_plot_append_row (dat, 3, b->low, b->high, b->count);
          total += b->count;
        }
      mf_plot_append_row (cdf, 2, g_array_index (d->buckets, MfRdBucket, 0).low_s, 0.0);
      for (guint i = 0; i < d->buckets->len; i++)
        {
          const MfRdBucket *b = &g_array_index (d->buckets, MfRdBucket, i);
          cum += b->count;
          mf_plot_append_row (cdf, 2, b->high_s, cum / total);
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
  if (!mf_plot_finish (d, "latency", vars, any ? dat : NULL, MF_PLOT_WIDTH, MF_PLOT_HEIGHT, title, caption,
                       figures, error))
    {
      g_free (cdf_caption);
      return FALSE;
    }
  return mf_plot_finish (d, "latency-cdf", cvars, any ? cdf : NULL, MF_PLOT_WIDTH, MF_PLOT_HEIGHT, cdf_title,
                         cdf_caption, figures, error);
}

gboolean
mf_plot_flows (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
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
      mf_plot_append_row (dat, 3, (double) n, f->latency_mean_s, (double) f->generated);
      g_ptr_array_add (names, f->name);
      n++;
    }
  if (n == 0)
    return TRUE; /* no flow, or none delivered: index.html says so */
  width = CLAMP (200 + 70 * n, 640, 1400);
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "flows", title, width, MF_PLOT_HEIGHT);
  mf_template_set_printf (vars, "N", "%d", n);
  mf_template_take (vars, "NAMES", mf_plot_names_array ("NAMES", (const char *const *) names->pdata, n, FALSE));
  return mf_plot_finish (d, "flows", vars, dat, width, MF_PLOT_HEIGHT, title,
                         g_strdup_printf ("Mean latency of the recipients of each [flow] of the "
                                          "topology%s (the files of the run hold the mean per flow).",
                                          (guint) n < d->flows->len ? " that had a delivery" : ""),
                         figures, error);
}
