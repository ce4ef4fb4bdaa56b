/* report.c — `msgflow report`: from a run's directory to plots and a page (report.h).
 *
 * Order of work: find gnuplot (nothing is written without it), check the
 * run's files against their manifest, start a new result folder holding
 * them (base/result-dir.h), read the run and its topology
 * (report-data*.c), write every plot's data and script (report-plots*.c,
 * report-map.c), run gnuplot once per script and write the image it
 * draws on stdout, write index.html and report.json (the report's
 * manifest), and publish the folder in one step.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report.h"
#include "report/report-data.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"
#include "report/report-html.h"
#include "report/report-map.h"
#include "report/report-plots.h"
#include "base/json-writer.h"
#include "base/result-dir.h"
#include "transport/summary-json.h"

#include <string.h>

/* A result folder's error as the report's: a folder that is not a whole
 * result is bad input (exit 2), anything else could not be written. */
static gboolean
result_error (GError **error, GError *local)
{
  gboolean input = local->domain == MF_RESULT_DIR_ERROR && local->code != MF_RESULT_DIR_ERROR_IO;

  g_set_error_literal (error, MF_REPORT_ERROR, input ? MF_REPORT_ERROR_INPUT : MF_REPORT_ERROR_IO,
                       local->message);
  g_error_free (local);
  return FALSE;
}

/* The image gnuplot drew for @f on its stdout, as NAME.EXT of @out. */
static gboolean
write_image (MfResultDir *out, const MfReportFigure *f, MfReportFormat format, GBytes *image,
             GError **error)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", f->name, mf_report_format_extension (format));
  gsize len = 0;
  const void *bytes = g_bytes_get_data (image, &len);

  if (len == 0)
    {
      g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_GNUPLOT,
                   "gnuplot drew nothing for %s/%s (script %s/%s.gp)",
                   mf_result_dir_final_path (out), name, MF_PLOT_SUBDIR, f->name);
      return FALSE;
    }
  return mf_report_write_file (out, name, bytes, (gssize) len, error);
}

/* report.json: the manifest of the report's own files, those of @out that
 * are not the run's (@run: its manifest). */
static gboolean
write_report_manifest (MfResultDir *out, const GPtrArray *run, MfReportFormat format,
                       GError **error)
{
  g_autoptr (GHashTable) of_run = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) mine = g_ptr_array_new ();
  g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();
  GPtrArray *all = mf_result_dir_entries (out);
  g_autofree char *text = NULL;

  for (guint i = 0; i < run->len; i++)
    g_hash_table_add (of_run, ((MfManifestEntry *) g_ptr_array_index (run, i))->name);
  g_hash_table_add (of_run, (gpointer) MF_RESULT_MANIFEST_FILE);
  for (guint i = 0; i < all->len; i++)
    if (!g_hash_table_contains (of_run, ((MfManifestEntry *) g_ptr_array_index (all, i))->name))
      g_ptr_array_add (mine, g_ptr_array_index (all, i));
  mf_json_writer_set_indented (w, TRUE);
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "format");
  mf_json_writer_string (w, mf_report_format_extension (format));
  mf_output_manifest_json (w, mine);
  mf_json_writer_end_object (w);
  text = mf_json_writer_finish_text (w);
  return mf_report_write_file (out, MF_REPORT_MANIFEST_FILE, text, -1, error);
}

/* The report of the run in @run_dir (manifest @run), written into @out. */
static gboolean
report_into (MfResultDir *out, const char *run_dir, const GPtrArray *run, const char *gnuplot,
             const MfReportOptions *options, GError **error)
{
  g_autoptr (MfReportData) data = NULL;
  g_autoptr (GPtrArray) figures = NULL;
  g_autofree char *page = NULL;
  GError *local = NULL;

  if ((data = mf_report_data_load (run_dir, options->topology_path, error)) == NULL)
    return FALSE;
  data->out = out;
  if (!mf_result_dir_mkdir (out, MF_PLOT_SUBDIR, &local))
    return result_error (error, local);
  figures = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_report_figure_free);
  if (!mf_report_map_write (data, options->format, figures, error)
      || !mf_report_plots_write (data, options->format, figures, error))
    return FALSE;
  for (guint i = 0; i < figures->len; i++)
    {
      const MfReportFigure *f = g_ptr_array_index (figures, i);
      g_autofree char *script = g_strdup_printf ("%s/%s.gp", MF_PLOT_SUBDIR, f->name);
      g_autoptr (GBytes) image = NULL;
      if (!mf_gp_run (gnuplot, mf_result_dir_work_path (out), script, &image, error)
          || !write_image (out, f, options->format, image, error))
        return FALSE;
    }
  page = mf_report_html_page (data, options->format, figures, error);
  return page != NULL && mf_report_write_file (out, "index.html", page, -1, error)
         && write_report_manifest (out, run, options->format, error);
}

/**
 * mf_report_write_full:
 * @dir: a result folder of `msgflow simulate`; the report joins it
 * @options: format, and optionally the topology and the gnuplot program
 *
 * Checks @dir against its manifest, then makes a new result folder of the
 * run's files (hard links, else copies: base/result-dir.h) and the
 * report's (images, gnuplot/, index.html, report.json), published in one
 * step for @dir: an earlier report's files do not stay, and a report that
 * fails leaves @dir as it was.
 *
 * Returns: FALSE with MF_REPORT_ERROR: NO_GNUPLOT (nothing written),
 *   INPUT (a file that does not match the manifest, or no manifest) or
 *   TOPOLOGY (nothing written), GNUPLOT, IO or TEMPLATE.
 */
gboolean
mf_report_write_full (const char *dir, const MfReportOptions *options, GError **error)
{
  g_autofree char *gnuplot = NULL, *summary = NULL, *summary_path = NULL;
  g_autoptr (GPtrArray) run = NULL;
  g_autoptr (MfResultDir) out = NULL;
  GError *local = NULL;
  gsize len = 0;

  g_return_val_if_fail (dir != NULL && options != NULL, FALSE);

  if ((gnuplot = mf_gp_find (options->gnuplot, error)) == NULL)
    return FALSE;
  if ((run = mf_result_dir_read_manifest (dir, &local)) == NULL
      || !mf_result_dir_verify (dir, run, &local)
      || (out = mf_result_dir_begin (dir, &local)) == NULL)
    return result_error (error, local);
  for (guint i = 0; i < run->len; i++)
    if (!mf_result_dir_take (out, dir, g_ptr_array_index (run, i), &local))
      return result_error (error, local);
  summary_path = g_build_filename (dir, MF_RESULT_MANIFEST_FILE, NULL);
  if (!g_file_get_contents (summary_path, &summary, &len, &local))
    return result_error (error, local);
  if (!mf_report_write_file (out, MF_RESULT_MANIFEST_FILE, summary, (gssize) len, error)
      || !report_into (out, dir, run, gnuplot, options, error))
    return FALSE;
  if (!mf_result_dir_commit (out, &local))
    return result_error (error, local);
  return TRUE;
}

/** mf_report_write: mf_report_write_full() with the recorded topology and gnuplot from PATH. */
gboolean
mf_report_write (const char *dir, MfReportFormat format, GError **error)
{
  MfReportOptions options = { format, NULL, NULL };

  return mf_report_write_full (dir, &options, error);
}
