/* report-figure.c — a figure's script, data file and description (report-figure.h).
 *
 * A script is reports/common.gp followed by reports/NAME.gp, both filled
 * from the same values; the files are written into the report's result
 * folder (base/result-dir.h), published only when the report is whole.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-figure.h"
#include "report/report-gnuplot.h"
#include "report/report-plots-events.h"
#include "report/report-template.h"

void
mf_report_figure_free (MfReportFigure *f)
{
  if (f == NULL)
    return;
  g_free (f->name);
  g_free (f->title);
  g_free (f->caption);
  g_free (f);
}

/** mf_plot_clock: Returns: the x value of run time @time_s (gnuplot time, see common.gp). */
double
mf_plot_clock (const MfReportData *d, double time_s)
{
  return MF_PLOT_CLOCK_MONDAY_S + mf_report_data_clock_s (d, time_s);
}

/**
 * mf_plot_names_array:
 * @array: the gnuplot variable's name (ours, not input)
 * @names: (array length=n): untrusted strings
 * @tic_labels: the names become labels of `set xtics (...)`, which gnuplot
 *   reads as formats: '%' is doubled so that "%s" in a name stays text
 *
 * Returns: (transfer full): `array ARRAY[n] = ["...", ...]` with every
 *   name quoted; a one-element array holding "" when @n is 0 (gnuplot has
 *   no empty arrays).
 */
char *
mf_plot_names_array (const char *array, const char *const *names, int n, gboolean tic_labels)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "array %s[%d] = [", array, MAX (n, 1));
  if (n == 0)
    g_string_append (s, "\"\"");
  for (int i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      if (tic_labels)
        {
          g_auto (GStrv) parts = g_strsplit (names[i], "%", -1);
          g_autofree char *doubled = g_strjoinv ("%%", parts);
          mf_gp_append_quoted (s, doubled);
        }
      else
        mf_gp_append_quoted (s, names[i]);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/**
 * mf_plot_vars:
 *
 * Returns: (transfer full): the values common.gp needs for plot @name:
 *   terminal and size, output file, title, the run's time range.
 */
GHashTable *
mf_plot_vars (const MfReportData *d, MfReportFormat format, const char *name, const char *title,
              int width, int height)
{
  GHashTable *vars = mf_template_vars_new ();
  g_autofree char *output = g_strdup_printf ("%s.%s", name, mf_report_format_extension (format));

  mf_template_set_printf (vars, "TEMPLATE", "%s.gp", name);
  mf_template_set (vars, "NAME", name);
  if (format == MF_REPORT_SVG)
    mf_template_set_printf (vars, "TERMINAL",
                            "svg noenhanced size %d,%d font \"sans,11\" background rgb \"white\"",
                            width, height);
  else
    mf_template_set_printf (vars, "TERMINAL",
                            "pngcairo noenhanced size %d,%d font \"sans,10\" background rgb \"white\"",
                            width, height);
  mf_template_take (vars, "OUTPUT", mf_gp_quote (output));
  mf_template_take (vars, "TITLE", mf_gp_quote (title));
  mf_template_take (vars, "XMIN", mf_gp_number (mf_plot_clock (d, 0)));
  mf_template_take (vars, "XMAX", mf_gp_number (mf_plot_clock (d, MAX (d->sim_time_s, 1.0))));
  mf_template_take (vars, "XFORMAT", mf_gp_quote ("%a\n%H:%M"));
  mf_template_take (vars, "EVENTS", mf_plot_events_block (d, MF_PLOT_CLOCK_MONDAY_S));
  return vars;
}

/**
 * mf_report_write_file:
 * @out: the result folder being made
 * @name: a path relative to it
 *
 * Writes @text as a new file of @out (checked, hashed for the manifest).
 * Returns: FALSE with MF_REPORT_ERROR_IO naming the file and the cause.
 */
gboolean
mf_report_write_file (MfResultDir *out, const char *name, const char *text, gssize len,
                      GError **error)
{
  g_autoptr (GError) local = NULL;

  if (mf_result_dir_write_file (out, name, text, len, &local))
    return TRUE;
  g_set_error_literal (error, MF_REPORT_ERROR, MF_REPORT_ERROR_IO, local->message);
  return FALSE;
}

/**
 * mf_plot_finish_from:
 * @template: the body's template (`perfmon.gp`), which several figures
 *   may share under names of their own (perfmon-1, perfmon-2 ...)
 * @dat: (nullable): the data file's text
 * @caption: (transfer full): HTML
 *
 * Writes gnuplot/NAME.dat and gnuplot/NAME.gp (common.gp then @template,
 * filled from @vars) and appends the figure to @figures.
 */
gboolean
mf_plot_finish_from (const MfReportData *d, const char *name, const char *template,
                     GHashTable *vars, const GString *dat, int width, int height,
                     const char *title, char *caption, GPtrArray *figures, GError **error)
{
  g_autofree char *owned_caption = caption;
  g_autofree char *common = NULL, *body = NULL, *script = NULL, *gp = NULL, *datname = NULL;
  MfReportFigure *f;

  mf_template_set (vars, "TEMPLATE", template);
  common = mf_template_expand ("common.gp", vars, error);
  if (common == NULL || (body = mf_template_expand (template, vars, error)) == NULL)
    return FALSE;
  script = g_strconcat (common, body, NULL);
  gp = g_strdup_printf ("%s/%s.gp", MF_PLOT_SUBDIR, name);
  datname = g_strdup_printf ("%s/%s.dat", MF_PLOT_SUBDIR, name);
  if ((dat != NULL && !mf_report_write_file (d->out, datname, dat->str, (gssize) dat->len, error))
      || !mf_report_write_file (d->out, gp, script, -1, error))
    return FALSE;
  f = g_new0 (MfReportFigure, 1);
  f->name = g_strdup (name);
  f->title = g_strdup (title);
  f->caption = g_steal_pointer (&owned_caption);
  f->width = width;
  f->height = height;
  g_ptr_array_add (figures, f);
  return TRUE;
}

/** mf_plot_finish: mf_plot_finish_from() with NAME.gp as the template. */
gboolean
mf_plot_finish (const MfReportData *d, const char *name, GHashTable *vars, const GString *dat,
                int width, int height, const char *title, char *caption, GPtrArray *figures,
                GError **error)
{
  g_autofree char *template = g_strdup_printf ("%s.gp", name);

  return mf_plot_finish_from (d, name, template, vars, dat, width, height, title, caption,
                              figures, error);
}
