/* report-html.c — index.html (report-html.h).
 *
 * The page is reports/index.html with its {{KEY}}s filled by the section
 * functions (report-html-*.c), each of which returns escaped HTML.
 * Figures are <img> elements with relative URLs of files report.c has just
 * drawn; the file list links only to files that exist when the page is
 * made.  Numbers are formatted for people (thousands separators, durations
 * in words); the CSV files linked at the end hold the exact values.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-html.h"
#include "report/report-figure.h"
#include "report/report-html-private.h"
#include "report/report-plots.h"
#include "report/report-servers.h"
#include "report/report-template.h"

#include <string.h>

static char *
figure_html (const MfReportFigure *f, MfReportFormat format)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "<figure id=\"fig-%s\"><img src=\"%s.%s\" width=\"%d\" height=\"%d\" alt=\"",
                          f->name, f->name, mf_report_format_extension (format), f->width, f->height);
  mf_html_append_escaped (s, f->title);
  g_string_append (s, "\"><figcaption>");
  g_string_append (s, f->caption);
  g_string_append (s, "</figcaption></figure>");
  return g_string_free (s, FALSE);
}

/* "latency-cdf" → "FIGURE_LATENCY_CDF" */
static char *
figure_key (const char *name)
{
  char *key = g_strconcat ("FIGURE_", name, NULL);

  for (char *p = key; *p; p++)
    *p = *p == '-' ? '_' : g_ascii_toupper (*p);
  return key;
}

static void
file_link (GString *s, const char *dir, const char *name, const char *what)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;
  g_string_append (s, "<li><a href=\"");
  mf_html_append_escaped (s, name);
  g_string_append (s, "\">");
  mf_html_append_escaped (s, name);
  g_string_append_printf (s, "</a> — %s</li>\n", what);
}

static char *
files_html (const MfReportData *d, const GPtrArray *figures)
{
  static const struct { const char *name, *what; } files[] = {
    { "summary.json", "the run's figures" },
    { "counts.csv", "recipients generated, delivered, NDR and in flight at each sample" },
    { "queues.csv", "queue lengths at each sample (zeros left out)" },
    { "queue-stats.csv", "maximum, mean and final length of every queue" },
    { "connectors.csv", "messages, bytes and utilisation of every connector per interval" },
    { "link-state.csv", "link-state changes and when each server learned them" },
    { "latency-histogram.csv", "the latency histogram" },
    { "qshape.csv", "queued recipients at the end by age" },
    { "perfmon.csv", "each server's SMTP Server counters per sample interval" },
  };
  GString *s = g_string_new ("<ul>\n");

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    file_link (s, mf_result_dir_work_path (d->out), files[i].name, files[i].what);
  for (guint i = 0; i < figures->len; i++)
    {
      const MfReportFigure *f = g_ptr_array_index (figures, i);
      g_autofree char *gp = g_strdup_printf ("%s/%s.gp", MF_PLOT_SUBDIR, f->name);
      g_autofree char *dat = g_strdup_printf ("%s/%s.dat", MF_PLOT_SUBDIR, f->name);
      g_autofree char *title = mf_html_escape (f->title);
      g_autofree char *what = g_strdup_printf ("gnuplot script of “%s”", title);
      g_autofree char *dwhat = g_strdup_printf ("its data");
      file_link (s, mf_result_dir_work_path (d->out), gp, what);
      file_link (s, mf_result_dir_work_path (d->out), dat, dwhat);
    }
  g_string_append (s, "</ul>");
  return g_string_free (s, FALSE);
}

/* The figures whose names start with @prefix ("perfmon-"), in order. */
static char *
figures_with_prefix (const GPtrArray *figures, const char *prefix, MfReportFormat format,
                     const char *empty)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < figures->len; i++)
    {
      const MfReportFigure *f = g_ptr_array_index (figures, i);
      if (g_str_has_prefix (f->name, prefix))
        {
          g_autofree char *html = figure_html (f, format);
          g_string_append (s, html);
          g_string_append_c (s, '\n');
        }
    }
  if (s->len == 0)
    g_string_append (s, empty);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------ page */

/**
 * mf_report_html_page:
 * @figures: (element-type MfReportFigure): the figures drawn, whose images exist
 *
 * Returns: (transfer full): index.html; NULL with MF_REPORT_ERROR_TEMPLATE
 *   (a bug).  O(queues log queues + connectors + changes × groups).
 */
char *
mf_report_html_page (const MfReportData *d, MfReportFormat format, const GPtrArray *figures,
                     GError **error)
{
  static const char *const figure_names[] = {
    "map", "queues", "latency", "latency-cdf", "flows", "throughput", "utilisation", "link-state",
    "counts",
  };
  g_autoptr (GHashTable) vars = mf_template_vars_new ();
  g_autoptr (GArray) growing = mf_report_data_growing (d);
  g_autoptr (GPtrArray) list = mf_html_warnings (d, growing);
  const char *css = mf_template_get ("report.css", NULL);
  gboolean flows_drawn = FALSE;

  g_return_val_if_fail (d != NULL && figures != NULL, NULL);

  mf_template_set (vars, "CSS", css != NULL ? css : "");
  mf_template_take (vars, "ORGANIZATION", mf_html_escape (d->organization));
  mf_template_take (vars, "TOPOLOGY", mf_html_escape (d->topology_path));
  mf_template_set_printf (vars, "SEED", "%" G_GUINT64_FORMAT, d->seed);
  mf_template_take (vars, "HEADLINE", mf_html_headline (d, list->len));
  mf_template_take (vars, "SUMMARY", mf_html_summary (d));
  mf_template_take (vars, "WARNINGS", mf_html_warnings_html (list));
  for (gsize i = 0; i < G_N_ELEMENTS (figure_names); i++)
    {
      g_autofree char *key = figure_key (figure_names[i]);
      mf_template_set (vars, key, strcmp (figure_names[i], "flows") == 0 ? "" : "<p>Not drawn.</p>");
    }
  for (guint i = 0; i < figures->len; i++)
    {
      const MfReportFigure *f = g_ptr_array_index (figures, i);
      g_autofree char *key = figure_key (f->name);
      flows_drawn = flows_drawn || strcmp (f->name, "flows") == 0;
      mf_template_take (vars, key, figure_html (f, format));
    }
  mf_template_take (vars, "QSHAPE", d->qshape != NULL ? mf_html_qshape_table (d) : mf_html_final_queue_table (d));
  mf_template_take (vars, "QUEUE_TABLE", mf_html_queue_table (d, growing));
  mf_template_take (vars, "FLOW_TABLE", mf_html_flow_table (d, flows_drawn));
  mf_template_take (vars, "CONNECTOR_TABLE", mf_html_connector_table (d));
  mf_template_take (vars, "LINK_STATE_TABLE", mf_html_link_state_table (d));
  mf_template_take (vars, "EVENTS_SECTION", mf_html_events_section (d));
  mf_template_take (vars, "SERVERS", mf_html_servers (d));
  mf_template_take (vars, "FIGURES_PERFMON", figures_with_prefix (figures, "perfmon-", format,
                                                                    "<p>Not drawn: the run has no perfmon.csv.</p>"));
  mf_template_take (vars, "FIGURES_BANDWIDTH", figures_with_prefix (figures, "bandwidth-", format,
                                                                      "<p>No connector with a limited bandwidth carried a message.</p>"));
  mf_template_set_printf (vars, "BANDWIDTH_TOP", "%d", MF_PLOT_TOP_BANDWIDTH);
  mf_template_set_printf (vars, "PERFMON_TOP", "%d", MF_SV_MAX_PERFMON);
  mf_template_take (vars, "FILES", files_html (d, figures));
  return mf_template_expand ("index.html", vars, error);
}
