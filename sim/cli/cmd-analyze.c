/* cmd-analyze.c — `msgflow analyze FILE [--json] [--k K] [--time-limit D]`: reachability,
 * what breaks when a connector or a server fails (and, with --k 2, when two
 * do), single points of failure, hops, design checks, shape and link-state
 * cost (analyze.h; docs/analyze.md).
 *
 * Exit status: 0 when the analysis ran, whatever it found (findings are
 * the output, not a failure); 2 for bad usage, an unreadable or invalid
 * file, or --k 2 on an organisation past its size limit; 1 when igraph or
 * writing the output fails, or --time-limit stopped the failure scenarios
 * (what was examined is printed, marked incomplete); 130, 143, 129 after
 * SIGINT, SIGTERM, SIGHUP, likewise.
 */
#define G_LOG_DOMAIN "msgflow-analyze"

#include "analyze/analyze-report.h"
#include "analyze/analyze.h"
#include "cli/cli.h"
#include "cli/run-stop.h"
#include "base/igraph-util.h"
#include "base/units.h"

#include <stdio.h>
#include <unistd.h>

/* Redraw the progress line at most this often (µs of wall time). */
#define PROGRESS_PERIOD_US (G_USEC_PER_SEC / 4)

typedef struct {
  gboolean draw;         /* stderr is a terminal */
  gboolean shown;
  gint64 last_us;
} Progress;

/* options.progress: checks --time-limit, and shows how many failure
 * scenarios are done, on a terminal. */
static void
show_progress (gint64 done, gint64 total, gpointer user_data)
{
  Progress *p = user_data;
  gint64 now;

  mf_run_stop_check ();
  if (!p->draw)
    return;
  now = g_get_monotonic_time ();
  if (p->shown && now - p->last_us < PROGRESS_PERIOD_US && done < total)
    return;
  p->last_us = now;
  p->shown = TRUE;
  fprintf (stderr, "\r\033[Kanalyze: failure scenarios %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
           done, total);
  fflush (stderr);
}

int
mf_cmd_analyze (int argc, char **argv)
{
  gboolean json = FALSE;
  int k = 1;
  g_autofree char *time_limit_text = NULL;
  gint64 time_limit_us = 0;
  Progress progress = { 0 };
  MfStopReason stop;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the analysis as JSON (docs/analyze.md)",
      NULL },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k,
      "Failures at once: 1 (every connector and server, the default) or 2 (also every pair)",
      "K" },
    { "time-limit", 0, 0, G_OPTION_ARG_STRING, &time_limit_text,
      "Stop the failure scenarios after this much wall-clock time and print what was examined, marked incomplete (exit 1)",
      "DURATION" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context
      = g_option_context_new ("FILE - what breaks when connectors or servers fail");
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) topo = NULL;
  g_autoptr (MfRouter) router = NULL;
  g_autoptr (MfAnalysis) analysis = NULL;
  MfAnalyzeOptions options;
  gboolean ok;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (
      context,
      "Analyses the configured organisation (every connector up, configured costs):\n"
      "pairs of routing groups with no route, one-way connectors; for every connector\n"
      "(a two-way link fails both ways) and every server, the pairs that lose every\n"
      "route and those whose lowest cost rises, ranked by impact; single points of\n"
      "failure; the longest lowest-cost routes against max-hop-count; design checks\n"
      "after the Exchange Best Practices Analyzer; the shape of the topology and\n"
      "the cost of one link-state change.  --k 2 adds every pair of failures\n"
      "(organisations up to 200 links and servers together).\n");
  mf_igraph_init ();
  status = mf_cli_parse_one_file (context, entries, &argc, &argv, "no topology file given", "one topology file only");
  if (status != MF_EXIT_OK)
    return status;
  if (k != 1 && k != 2)
    {
      fprintf (stderr, "msgflow analyze: --k must be 1 or 2, not %d\n"
                       "Try 'msgflow analyze --help'.\n", k);
      return MF_EXIT_USAGE;
    }
  if (time_limit_text != NULL
      && (!mf_parse_duration (time_limit_text, &time_limit_us, &error) || time_limit_us <= 0))
    {
      g_autofree char *m = g_strdup_printf ("--time-limit %s: %s", time_limit_text,
                                            error ? error->message : "must be longer than 0");
      return mf_cli_usage_error ("%s", m);
    }
  /* From here on a signal stops the command at the next failure scenario. */
  mf_run_stop_begin (time_limit_us, 0);
  status = mf_cli_load_topology (argv[1], &topo);
  if (status != MF_EXIT_OK)
    return status;
  router = mf_router_new (topo, &error);
  if (router == NULL)
    {
      fprintf (stderr, "msgflow analyze: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }
  mf_analyze_options_init (&options);
  options.k = k;
  progress.draw = isatty (STDERR_FILENO);
  options.interrupt = mf_run_stop_flag ();
  options.progress = show_progress;
  options.progress_data = &progress;
  analysis = mf_analyze (router, &options, &error);
  mf_run_stop_end ();
  if (progress.shown)
    fputs ("\r\033[K", stderr);
  stop = mf_run_stop_reason ();
  if (analysis == NULL)
    {
      fprintf (stderr, "msgflow analyze: %s\n", error->message);
      return g_error_matches (error, MF_ANALYZE_ERROR, MF_ANALYZE_ERROR_TOO_LARGE)
                 ? MF_EXIT_USAGE
                 : MF_EXIT_FAILURE;
    }
  analysis->stopped = mf_run_stop_name (stop);
  if (!analysis->complete)
    fprintf (stderr, "msgflow analyze: stopped (%s) after %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                     " failure scenarios; the output says it is incomplete\n",
             stop == MF_STOP_TIME_LIMIT ? "--time-limit reached" : mf_run_stop_name (stop),
             analysis->n_scenarios_done, analysis->n_scenarios);
  ok = json ? mf_analysis_write_json (stdout, analysis, &error)
            : mf_analysis_write_text (stdout, analysis, &error);
  if (!ok)
    {
      fprintf (stderr, "msgflow analyze: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }
  return analysis->complete ? MF_EXIT_OK : mf_run_stop_exit_status (stop);
}
