/* sim-output.c — writing the files of a run (sim-output.h).
 *
 * Each file's text comes from its own module (output-csv.c,
 * summary-json.c); this file only writes them, each atomically, and
 * summary.json last, so a reader that finds it finds a complete set.
 */
#define G_LOG_DOMAIN "msgflow-output"

#include "transport/sim-output.h"

#include <errno.h>
#include <unistd.h>
#include <glib/gstdio.h>

const char *const mf_output_file_names[] = {
  "summary.json", "queues.csv", "connectors.csv", "counts.csv",
  "link-state.csv", "latency-histogram.csv", "queue-stats.csv", "qshape.csv", NULL,
};

G_DEFINE_QUARK (mf-output-error-quark, mf_output_error)

/**
 * mf_output_prepare_dir:
 *
 * Creates @dir and its parents, and checks that files can be made in it,
 * so a long run does not end in an unwritable directory.
 */
gboolean
mf_output_prepare_dir (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved = errno;
      g_set_error (error, MF_OUTPUT_ERROR, MF_OUTPUT_ERROR_IO, "cannot create directory %s: %s",
                   dir, g_strerror (saved));
      return FALSE;
    }
  if (g_access (dir, W_OK | X_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, MF_OUTPUT_ERROR, MF_OUTPUT_ERROR_IO, "cannot write in directory %s: %s",
                   dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_file (const char *dir, const char *name, const char *text, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) local = NULL;

  /* CONSISTENT: a temporary file in @dir, fsync'd, renamed over @path. */
  if (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local))
    return TRUE;
  g_set_error (error, MF_OUTPUT_ERROR, MF_OUTPUT_ERROR_IO, "cannot write %s: %s", path,
               local->message);
  return FALSE;
}

/**
 * mf_output_write_all:
 * @dir: the output directory, created if missing
 * @reps: (nullable): intervals over replications, for summary.json
 *
 * Writes the files of mf_output_file_names into @dir, each to a temporary
 * name first and then renamed, so that no reader ever sees half a file.
 * summary.json is written last: its presence means the set is complete.
 */
gboolean
mf_output_write_all (const char *dir, const MfTopology *topo, const MfRunResult *result,
                     const MfRepSummary *reps, GError **error)
{
  g_return_val_if_fail (dir != NULL && topo != NULL && result != NULL, FALSE);

  if (!mf_output_prepare_dir (dir, error))
    return FALSE;

  struct {
    const char *name;
    char *text;
  } files[] = {
    { "queues.csv", mf_output_queues_csv (topo, result) },
    { "connectors.csv", mf_output_connectors_csv (topo, result) },
    { "counts.csv", mf_output_counts_csv (result) },
    { "link-state.csv", mf_output_link_state_csv (topo, result) },
    { "latency-histogram.csv", mf_output_latency_histogram_csv (result) },
    { "queue-stats.csv", mf_output_queue_stats_csv (topo, result) },
    { "qshape.csv", mf_output_qshape_csv (topo, result) },
    { "summary.json", mf_output_summary_json (topo, result, reps) },
  };
  gboolean ok = TRUE;

  G_STATIC_ASSERT (G_N_ELEMENTS (files) + 1 == G_N_ELEMENTS (mf_output_file_names));
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      if (ok)
        ok = write_file (dir, files[i].name, files[i].text, error);
      g_free (files[i].text);
    }
  return ok;
}

