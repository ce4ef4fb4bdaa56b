/* compare-plots.c — the overlaid plots of `msgflow compare` (compare-private.h).
 *
 * Two plots, each with run A and run B on one axis: the cumulative
 * distribution of delivery latency (from latency-histogram.csv) and the
 * recipients queued over time in all queues together (from queues.csv,
 * the omitted zeros restored).  Scripts and data go into gnuplot/ of the
 * comparison as the report's do (report-figure.h), and gnuplot draws them
 * as it draws the report's.
 */
#define G_LOG_DOMAIN "msgflow-compare"

#include "report/compare-private.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"
#include "report/report-template.h"

#include <math.h>

#define CMP_PLOT_WIDTH 1000
#define CMP_PLOT_HEIGHT 460

/* One data block: the CDF of @d at each bucket's upper edge; its range
 * widens [*lo, *hi].  Returns the recipients counted. */
static double
cdf_block (GString *dat, const MfReportData *d, double *lo, double *hi)
{
  double total = 0, cum = 0;

  for (guint i = 0; i < d->buckets->len; i++)
    total += g_array_index (d->buckets, MfRdBucket, i).count;
  for (guint i = 0; i < d->buckets->len && total > 0; i++)
    {
      const MfRdBucket *b = &g_array_index (d->buckets, MfRdBucket, i);
      if (b->count <= 0 || b->high_s <= 0)
        continue;
      if (cum == 0)
        {
          /* The step starts at 0 at the first bucket's lower edge. */
          double start = b->low_s > 0 ? b->low_s : b->high_s / 10;
          mf_gp_append_number (dat, start);
          g_string_append (dat, " 0\n");
          *lo = MIN (*lo, start);
        }
      cum += b->count;
      mf_gp_append_number (dat, b->high_s);
      g_string_append_c (dat, ' ');
      mf_gp_append_number (dat, cum / total);
      g_string_append_c (dat, '\n');
      *hi = MAX (*hi, b->high_s);
    }
  if (total <= 0)
    g_string_append (dat, "NaN NaN\n");
  g_string_append (dat, "\n\n");
  return total;
}

static void
set_labels (GHashTable *vars)
{
  mf_template_take (vars, "LABEL_A", mf_gp_quote ("A"));
  mf_template_take (vars, "LABEL_B", mf_gp_quote ("B"));
}

static gboolean
plot_latency (MfCompare *c, GError **error)
{
  const char *name = "compare-latency-cdf", *title = "Delivery latency: cumulative distribution, A and B";
  g_autoptr (GHashTable) vars = mf_plot_vars (c->b, c->format, name, title, CMP_PLOT_WIDTH, CMP_PLOT_HEIGHT);
  g_autoptr (GString) dat = g_string_new (NULL);
  double lo = INFINITY, hi = 0;
  double na = cdf_block (dat, c->a, &lo, &hi), nb = cdf_block (dat, c->b, &lo, &hi);

  if (!isfinite (lo) || hi <= lo)
    lo = 1e-3, hi = 100;
  mf_template_take (vars, "N_A", mf_gp_number (na));
  mf_template_take (vars, "N_B", mf_gp_number (nb));
  mf_template_take (vars, "LATMIN", mf_gp_number (lo));
  mf_template_take (vars, "LATMAX", mf_gp_number (hi * 1.5));
  set_labels (vars);
  return mf_plot_finish (c->b, name, vars, dat, CMP_PLOT_WIDTH, CMP_PLOT_HEIGHT, title,
                         g_strdup ("The share of recipients delivered within a given time, run A "
                                   "(blue) and run B (red), from each run's latency histogram: a "
                                   "curve further left delivers faster."),
                         c->plots, error);
}

/* One data block: all queues of @d summed at each sample time. */
static void
queue_block (GString *dat, const MfReportData *d)
{
  g_autofree double *sum = g_new0 (double, MAX (d->times->len, 1));

  for (guint q = 0; q < d->queues->len; q++)
    {
      g_autofree double *series = mf_report_data_queue_series (d, (int) q);
      for (guint i = 0; i < d->times->len; i++)
        sum[i] += series[i];
    }
  for (guint i = 0; i < d->times->len; i++)
    {
      mf_gp_append_number (dat, mf_plot_clock (d, g_array_index (d->times, double, i)));
      g_string_append_c (dat, ' ');
      mf_gp_append_number (dat, sum[i]);
      g_string_append_c (dat, '\n');
    }
  if (d->times->len == 0)
    g_string_append (dat, "NaN NaN\n");
  g_string_append (dat, "\n\n");
}

static gboolean
plot_queues (MfCompare *c, GError **error)
{
  const char *name = "compare-queues", *title = "Recipients queued, all queues, A and B";
  g_autoptr (GHashTable) vars = mf_plot_vars (c->b, c->format, name, title, CMP_PLOT_WIDTH, CMP_PLOT_HEIGHT);
  g_autoptr (GString) dat = g_string_new (NULL);
  double xmin = MIN (mf_plot_clock (c->a, 0), mf_plot_clock (c->b, 0));
  double xmax = MAX (mf_plot_clock (c->a, MAX (c->a->sim_time_s, 1.0)),
                     mf_plot_clock (c->b, MAX (c->b->sim_time_s, 1.0)));

  queue_block (dat, c->a);
  queue_block (dat, c->b);
  mf_template_take (vars, "XMIN", mf_gp_number (xmin));
  mf_template_take (vars, "XMAX", mf_gp_number (xmax));
  set_labels (vars);
  return mf_plot_finish (c->b, name, vars, dat, CMP_PLOT_WIDTH, CMP_PLOT_HEIGHT, title,
                         g_strdup ("Recipients in any queue of any server at each sample of "
                                   "queues.csv, run A (blue) and run B (red)."),
                         c->plots, error);
}

/**
 * mf_compare_plots:
 * @gnuplot: the gnuplot program (found)
 *
 * Writes the plots' scripts and data into c->out, has gnuplot draw each
 * and writes the images; c->plots lists them.  FALSE with MF_REPORT_ERROR
 * IO, GNUPLOT or TEMPLATE.
 */
gboolean
mf_compare_plots (MfCompare *c, const char *gnuplot, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!mf_result_dir_mkdir (c->out, MF_PLOT_SUBDIR, &local))
    {
      g_set_error_literal (error, MF_REPORT_ERROR, MF_REPORT_ERROR_IO, local->message);
      return FALSE;
    }
  c->a->out = c->b->out = c->out;
  if (!plot_latency (c, error) || !plot_queues (c, error))
    return FALSE;
  for (guint i = 0; i < c->plots->len; i++)
    {
      const MfReportFigure *f = g_ptr_array_index (c->plots, i);
      g_autofree char *script = g_strdup_printf ("%s/%s.gp", MF_PLOT_SUBDIR, f->name);
      g_autofree char *image_name = g_strdup_printf ("%s.%s", f->name, mf_report_format_extension (c->format));
      g_autoptr (GBytes) image = NULL;
      gsize len = 0;
      const void *bytes;
      if (!mf_gp_run (gnuplot, mf_result_dir_work_path (c->out), script, &image, error))
        return FALSE;
      bytes = g_bytes_get_data (image, &len);
      if (len == 0)
        {
          g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_GNUPLOT, "gnuplot drew nothing for %s/%s",
                       mf_result_dir_final_path (c->out), image_name);
          return FALSE;
        }
      if (!mf_report_write_file (c->out, image_name, bytes, (gssize) len, error))
        return FALSE;
    }
  return TRUE;
}
