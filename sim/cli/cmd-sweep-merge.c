/* cmd-sweep-merge.c — `msgflow sweep --merge DIR... [--out DIR]`: the
 * parts of a sweep run with --part I/N (on a batch queue, one part per
 * job) merged into the sweep.json, sweep.csv and runs/ one run of the
 * whole sweep gives, apart from the wall-clock figures
 * (analyze/sweep-merge.c).  Exit 0 when merged, 2 when a folder is not a
 * part, the parts are of different sweeps, or a part is missing or given
 * twice (naming the folder), 1 when the result could not be written.
 */
#define G_LOG_DOMAIN "msgflow-sweep"

#include "analyze/sweep-merge.h"
#include "analyze/sweep-output.h"
#include "base/result-dir.h"
#include "cli/cli.h"

#include <stdio.h>

int
mf_cmd_sweep_merge (int argc, char **argv)
{
  g_autofree char *out_dir = NULL, *used = NULL;
  gboolean merge = FALSE, quiet = FALSE;
  GOptionEntry entries[] = {
    { "merge", 0, 0, G_OPTION_ARG_NONE, &merge, "Merge the parts DIR... of a sweep (each run with --part I/N)", NULL },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Output directory (default: out/NAME-sweep)", "DIR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing on stdout", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("--merge DIR... - merge the parts of a sweep");
  g_autoptr (GError) error = NULL;
  MfSweepMergeSummary summary = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Each DIR is the result of `msgflow sweep ... --part I/N`; every part of 1..N\n"
                                    "of one sweep must be given once.  Writes the sweep.json, sweep.csv and runs/\n"
                                    "a single run of the whole sweep writes (apart from the wall-clock figures).\n");
  if (!mf_cli_parse (context, entries, &argc, &argv))
    return MF_EXIT_USAGE;
  if (argc < 2)
    return mf_cli_usage_error ("--merge: give the part folders");
  if (!mf_sweep_merge ((const char *const *) argv + 1, out_dir, &used, &summary, &error))
    {
      fprintf (stderr, "msgflow sweep: --merge: %s\n", error->message);
      return error->domain == MF_SWEEP_MERGE_ERROR
                 || (error->domain == MF_RESULT_DIR_ERROR && error->code != MF_RESULT_DIR_ERROR_IO)
               ? MF_EXIT_USAGE
               : MF_EXIT_FAILURE;
    }
  if (!quiet)
    printf ("sweep: merged %d parts: %u points x %u replications, %u jobs done%s\n  files  %s/ (%s, %s, runs/)\n",
            argc - 1, summary.n_points, summary.n_replications, summary.jobs_done,
            summary.complete ? "" : " (incomplete)", used, MF_SWEEP_JSON, MF_SWEEP_CSV);
  return MF_EXIT_OK;
}
