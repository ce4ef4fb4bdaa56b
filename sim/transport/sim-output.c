/* sim-output.c — writing the files of a run (sim-output.h).
 *
 * Each file's text comes from its own module (output-csv.c,
 * output-perfmon.c, summary-json.c); this file only writes them into the result folder
 * (base/result-dir.c), summary.json last, since it carries the manifest
 * of every other file.
 */
#define G_LOG_DOMAIN "msgflow-output"

#include "transport/sim-output.h"
#include "transport/output-perfmon.h"

const char *const mf_output_file_names[] = {
  "summary.json", "queues.csv", "connectors.csv", "counts.csv",
  "link-state.csv", "latency-histogram.csv", "queue-stats.csv", "qshape.csv",
  "perfmon.csv", NULL,
};

/* The text of CSV file @name of mf_output_file_names, made only when it
 * is written, so a large run holds one text at a time.  (transfer full) */
static char *
csv_text (const char *name, const MfTopology *topo, const MfRunResult *result)
{
  if (g_str_equal (name, "queues.csv"))
    return mf_output_queues_csv (topo, result);
  if (g_str_equal (name, "connectors.csv"))
    return mf_output_connectors_csv (topo, result);
  if (g_str_equal (name, "counts.csv"))
    return mf_output_counts_csv (result);
  if (g_str_equal (name, "link-state.csv"))
    return mf_output_link_state_csv (topo, result);
  if (g_str_equal (name, "latency-histogram.csv"))
    return mf_output_latency_histogram_csv (result);
  if (g_str_equal (name, "queue-stats.csv"))
    return mf_output_queue_stats_csv (topo, result);
  if (g_str_equal (name, "perfmon.csv"))
    return mf_output_perfmon_csv (topo, result);
  g_assert (g_str_equal (name, "qshape.csv"));
  return mf_output_qshape_csv (topo, result);
}

/**
 * mf_output_write_set:
 * @rd: the result folder being made
 * @reps: (nullable): intervals over replications, for summary.json
 *
 * Writes the files of mf_output_file_names into @rd, summary.json last
 * with the manifest of every file @rd holds by then.  Stops at the first
 * file that cannot be written.
 */
gboolean
mf_output_write_set (MfResultDir *rd, const MfTopology *topo, const MfRunResult *result,
                     const MfRepSummary *reps, GError **error)
{
  g_autofree char *summary = NULL;

  g_return_val_if_fail (rd != NULL && topo != NULL && result != NULL, FALSE);

  /* [0] is summary.json, written last. */
  for (int i = 1; mf_output_file_names[i] != NULL; i++)
    {
      g_autofree char *text = csv_text (mf_output_file_names[i], topo, result);
      if (!mf_result_dir_write_file (rd, mf_output_file_names[i], text, -1, error))
        return FALSE;
    }
  summary = mf_output_summary_json_full (topo, result, reps, mf_result_dir_entries (rd));
  return mf_result_dir_write_file (rd, "summary.json", summary, -1, error);
}

/**
 * mf_output_write_all:
 * @dir: the output folder: missing, empty or an earlier result
 *
 * The files of one run as a result folder of their own, published when
 * complete.
 */
gboolean
mf_output_write_all (const char *dir, const MfTopology *topo, const MfRunResult *result,
                     const MfRepSummary *reps, GError **error)
{
  g_autoptr (MfResultDir) rd = NULL;

  g_return_val_if_fail (dir != NULL && topo != NULL && result != NULL, FALSE);

  rd = mf_result_dir_begin (dir, error);
  return rd != NULL && mf_output_write_set (rd, topo, result, reps, error)
         && mf_result_dir_commit (rd, error);
}
