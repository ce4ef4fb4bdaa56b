/* report.c — `msgflow report`: from a run's directory to plots and a page (report.h).
 *
 * Order of work: find gnuplot (nothing is written without it), read and
 * check the run's files and topology (report-data*.c), write every plot's
 * data and script (report-plots*.c, report-map.c), run gnuplot once per
 * script, check that each image was drawn, and write index.html last, so
 * that a page exists only when every image it shows does.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report.h"
#include "report/report-data.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"
#include "report/report-html.h"
#include "report/report-map.h"
#include "report/report-plots.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

/* The image of @f exists and is not empty. */
static gboolean
check_image (const char *dir, const MfReportFigure *f, MfReportFormat format, GError **error)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", f->name, mf_report_format_extension (format));
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0)
    return TRUE;
  g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_GNUPLOT,
               "gnuplot drew nothing into %s (script %s/%s.gp)", path, MF_PLOT_SUBDIR, f->name);
  return FALSE;
}

/**
 * mf_report_write_full:
 * @dir: an output directory of `msgflow simulate`; the report is written
 *   into it (images, gnuplot/, index.html)
 * @options: format, and optionally the topology and the gnuplot program
 *
 * Returns: FALSE with MF_REPORT_ERROR: NO_GNUPLOT (nothing written),
 *   INPUT or TOPOLOGY (nothing written), GNUPLOT, IO or TEMPLATE.
 */
gboolean
mf_report_write_full (const char *dir, const MfReportOptions *options, GError **error)
{
  g_autofree char *gnuplot = NULL, *subdir = NULL, *page = NULL;
  g_autoptr (MfReportData) data = NULL;
  g_autoptr (GPtrArray) figures = NULL;

  g_return_val_if_fail (dir != NULL && options != NULL, FALSE);

  if ((gnuplot = mf_gp_find (options->gnuplot, error)) == NULL
      || (data = mf_report_data_load (dir, options->topology_path, error)) == NULL)
    return FALSE;

  subdir = g_build_filename (dir, MF_PLOT_SUBDIR, NULL);
  if (g_mkdir_with_parents (subdir, 0777) != 0)
    {
      int saved = errno;
      g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_IO, "cannot create directory %s: %s",
                   subdir, g_strerror (saved));
      return FALSE;
    }
  figures = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_report_figure_free);
  if (!mf_report_map_write (data, options->format, figures, error)
      || !mf_report_plots_write (data, options->format, figures, error))
    return FALSE;
  for (guint i = 0; i < figures->len; i++)
    {
      const MfReportFigure *f = g_ptr_array_index (figures, i);
      g_autofree char *script = g_strdup_printf ("%s/%s.gp", MF_PLOT_SUBDIR, f->name);
      if (!mf_gp_run (gnuplot, dir, script, error) || !check_image (dir, f, options->format, error))
        return FALSE;
    }
  page = mf_report_html_page (data, options->format, figures, error);
  return page != NULL && mf_report_write_file (dir, "index.html", page, -1, error);
}

/** mf_report_write: mf_report_write_full() with the recorded topology and gnuplot from PATH. */
gboolean
mf_report_write (const char *dir, MfReportFormat format, GError **error)
{
  MfReportOptions options = { format, NULL, NULL };

  return mf_report_write_full (dir, &options, error);
}
