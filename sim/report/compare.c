/* compare.c — `msgflow compare`: two runs, one comparison (compare.h).
 *
 * Order of work: check that the output folder is neither input; check
 * each input against its manifest (the same verified path `report`
 * takes); read both runs (report-data) and diff their topology.topo;
 * compute the figures; start the new result folder (its manifest in
 * compare.json); draw the plots when gnuplot is there; write index.html
 * and compare.json last (its manifest lists the others); publish the
 * folder in one step.  Nothing is written when an input is refused.
 */
#define G_LOG_DOMAIN "msgflow-compare"

#include "report/compare-private.h"
#include "model/topo-diff.h"
#include "report/report-data.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static gboolean
input_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
input_error (GError **error, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_propagate_error (error, g_error_new_valist (MF_REPORT_ERROR, MF_REPORT_ERROR_INPUT, format, ap));
  va_end (ap);
  return FALSE;
}

/* A result folder's error as the comparison's: a folder that is not a
 * whole result is bad input (exit 2), anything else could not be written. */
static gboolean
result_error (GError **error, GError *local)
{
  gboolean input = local->domain == MF_RESULT_DIR_ERROR && local->code != MF_RESULT_DIR_ERROR_IO;

  g_set_error_literal (error, MF_REPORT_ERROR, input ? MF_REPORT_ERROR_INPUT : MF_REPORT_ERROR_IO,
                       local->message);
  g_error_free (local);
  return FALSE;
}

/* @dir is a whole result of `simulate` (or of `report`, which keeps the
 * run's files): a folder with summary.json whose manifest every file matches. */
static GPtrArray *
check_run (const char *dir, GError **error)
{
  g_autofree char *summary = g_build_filename (dir, MF_RESULT_MANIFEST_FILE, NULL);
  GPtrArray *manifest;
  GError *local = NULL;
  GStatBuf st;

  if (g_stat (dir, &st) != 0)
    {
      int e = errno;
      input_error (error, "%s: %s", dir, e == ENOENT ? "no such folder" : g_strerror (e));
      return NULL;
    }
  if (!S_ISDIR (st.st_mode))
    {
      input_error (error, "%s: not a folder", dir);
      return NULL;
    }
  if (!g_file_test (summary, G_FILE_TEST_EXISTS))
    {
      input_error (error, "%s: not a result of msgflow simulate (no %s)", dir, MF_RESULT_MANIFEST_FILE);
      return NULL;
    }
  if ((manifest = mf_result_dir_read_manifest (dir, &local)) == NULL
      || !mf_result_dir_verify (dir, manifest, &local))
    {
      g_clear_pointer (&manifest, g_ptr_array_unref);
      result_error (error, local);
      return NULL;
    }
  return manifest;
}

static gboolean
in_manifest (const GPtrArray *manifest, const char *name)
{
  for (guint i = 0; i < manifest->len; i++)
    if (strcmp (((const MfManifestEntry *) g_ptr_array_index (manifest, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* Both topology.topo files (checked against their manifests) compared;
 * NULL when a run has none. */
static GPtrArray *
diff_topologies (const char *dir_a, const GPtrArray *ma, const char *dir_b, const GPtrArray *mb,
                 GError **error, gboolean *ok)
{
  g_autofree char *pa = g_build_filename (dir_a, MF_RD_TOPOLOGY_COPY, NULL);
  g_autofree char *pb = g_build_filename (dir_b, MF_RD_TOPOLOGY_COPY, NULL);
  g_autofree char *ta = NULL, *tb = NULL;
  gsize la = 0, lb = 0;
  GError *local = NULL;

  *ok = TRUE;
  if (!in_manifest (ma, MF_RD_TOPOLOGY_COPY) || !in_manifest (mb, MF_RD_TOPOLOGY_COPY))
    return NULL;
  if (!g_file_get_contents (pa, &ta, &la, &local) || !g_file_get_contents (pb, &tb, &lb, &local))
    {
      *ok = FALSE;
      input_error (error, "%s", local->message);
      g_error_free (local);
      return NULL;
    }
  return mf_topo_diff (ta, la, tb, lb);
}

/* The same folder: the same file once both exist, else the same path. */
static gboolean
same_folder (const char *x, const char *y)
{
  GStatBuf sx, sy;
  g_autofree char *cx = NULL, *cy = NULL;

  if (g_stat (x, &sx) == 0 && g_stat (y, &sy) == 0)
    return sx.st_dev == sy.st_dev && sx.st_ino == sy.st_ino;
  cx = g_canonicalize_filename (x, NULL);
  cy = g_canonicalize_filename (y, NULL);
  return strcmp (cx, cy) == 0;
}

/**
 * mf_compare_default_out:
 *
 * Returns: (transfer full): DIR2-vs-DIR1 beside DIR2, each name kept to
 *   the characters of a safe file name.
 */
char *
mf_compare_default_out (const char *dir_a, const char *dir_b)
{
  g_autofree char *ca = g_canonicalize_filename (dir_a, "/");
  g_autofree char *cb = g_canonicalize_filename (dir_b, "/");
  g_autofree char *ba = g_path_get_basename (ca), *bb = g_path_get_basename (cb);
  g_autofree char *sa = mf_result_dir_safe_name (ba, "a"), *sb = mf_result_dir_safe_name (bb, "b");
  g_autofree char *name = g_strdup_printf ("%s-vs-%s", sb, sa);
  g_autofree char *parent = NULL;
  const char *b = dir_b;
  gsize n = strlen (b);

  /* The parent as the user wrote DIR2 ("out/b/" -> "out"), so the path
   * printed reads like the one given. */
  g_autofree char *trimmed = g_strndup (b, n);
  while (n > 1 && trimmed[n - 1] == '/')
    trimmed[--n] = '\0';
  parent = g_path_get_dirname (trimmed);
  if (strcmp (parent, ".") == 0)
    return g_steal_pointer (&name);
  return g_build_filename (parent, name, NULL);
}

static void
compare_clear (MfCompare *c)
{
  g_clear_pointer (&c->a, mf_report_data_free);
  g_clear_pointer (&c->b, mf_report_data_free);
  g_clear_pointer (&c->topo_diff, g_ptr_array_unref);
  g_clear_pointer (&c->figures, g_array_unref);
  g_clear_pointer (&c->plots, g_ptr_array_unref);
  g_clear_pointer (&c->no_plots, g_free);
}

static gboolean
compare_into (MfCompare *c, const char *gnuplot, GError **error)
{
  g_autofree char *page = NULL, *json = NULL;
  g_autoptr (GPtrArray) others = NULL;
  GPtrArray *entries;

  if (gnuplot != NULL && !mf_compare_plots (c, gnuplot, error))
    return FALSE;
  if ((page = mf_compare_html (c, error)) == NULL
      || !mf_report_write_file (c->out, "index.html", page, -1, error))
    return FALSE;
  entries = mf_result_dir_entries (c->out);
  others = g_ptr_array_new ();
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (others, g_ptr_array_index (entries, i));
  json = mf_compare_json (c, others);
  return mf_report_write_file (c->out, MF_COMPARE_FILE, json, -1, error);
}

/**
 * mf_compare_write:
 * @dir_a: the earlier run's result folder (A)
 * @dir_b: the later run's (B)
 * @terminal: (out) (transfer full): the key deltas for the terminal
 *
 * Returns: see compare.h.
 */
gboolean
mf_compare_write (const char *dir_a, const char *dir_b, const MfCompareOptions *options,
                  char **terminal, GError **error)
{
  g_autofree char *out_dir = NULL, *gnuplot = NULL;
  g_autoptr (GPtrArray) ma = NULL, mb = NULL;
  g_autoptr (MfResultDir) out = NULL;
  g_autoptr (GError) gp_error = NULL;
  MfCompare c = { 0 };
  GError *local = NULL;
  gboolean ok = FALSE, topo_ok;

  g_return_val_if_fail (dir_a != NULL && dir_b != NULL && options != NULL && terminal != NULL, FALSE);

  out_dir = options->out_dir != NULL ? g_strdup (options->out_dir)
                                     : mf_compare_default_out (dir_a, dir_b);
  if (same_folder (out_dir, dir_a) || same_folder (out_dir, dir_b))
    return input_error (error, "%s: the output folder cannot be one of the runs compared", out_dir);
  if ((ma = check_run (dir_a, error)) == NULL || (mb = check_run (dir_b, error)) == NULL)
    return FALSE;
  c.dir_a = dir_a;
  c.dir_b = dir_b;
  c.out_dir = out_dir;
  c.format = options->format;
  if ((c.a = mf_report_data_load (dir_a, NULL, error)) == NULL
      || (c.b = mf_report_data_load (dir_b, NULL, error)) == NULL)
    goto done;
  c.topo_diff = diff_topologies (dir_a, ma, dir_b, mb, error, &topo_ok);
  if (!topo_ok)
    goto done;
  mf_compare_figures (&c);
  c.plots = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_report_figure_free);
  if ((gnuplot = mf_gp_find (options->gnuplot, &gp_error)) == NULL)
    c.no_plots = g_strdup_printf ("gnuplot is not installed (package %s)", MF_REPORT_GNUPLOT_PACKAGE);
  if ((out = mf_result_dir_begin_in (out_dir, MF_COMPARE_FILE, &local)) == NULL)
    {
      result_error (error, local);
      goto done;
    }
  c.out = out;
  if (!compare_into (&c, gnuplot, error))
    goto done;
  if (!mf_result_dir_commit (out, &local))
    {
      result_error (error, local);
      goto done;
    }
  *terminal = mf_compare_terminal (&c);
  ok = TRUE;
done:
  compare_clear (&c);
  return ok;
}
