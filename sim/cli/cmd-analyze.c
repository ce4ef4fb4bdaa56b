/* cmd-analyze.c — `msgflow analyze FILE [--json] [--k K]`: reachability,
 * what breaks when a connector or a server fails (and, with --k 2, when two
 * do), single points of failure, hops, design checks, shape and link-state
 * cost (analyze.h; docs/analyze.md).
 *
 * Exit status: 0 when the analysis ran, whatever it found (findings are
 * the output, not a failure); 2 for bad usage, an unreadable or invalid
 * file, or --k 2 on an organisation past its size limit; 1 when igraph or
 * writing the output fails.
 */
#define G_LOG_DOMAIN "msgflow-analyze"

#include "analyze/analyze-report.h"
#include "analyze/analyze.h"
#include "cli/cli.h"
#include "base/igraph-util.h"

#include <stdio.h>

int
mf_cmd_analyze (int argc, char **argv)
{
  gboolean json = FALSE;
  int k = 1;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the analysis as JSON (docs/analyze.md)",
      NULL },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k,
      "Failures at once: 1 (every connector and server, the default) or 2 (also every pair)",
      "K" },
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
  analysis = mf_analyze (router, &options, &error);
  if (analysis == NULL)
    {
      fprintf (stderr, "msgflow analyze: %s\n", error->message);
      return g_error_matches (error, MF_ANALYZE_ERROR, MF_ANALYZE_ERROR_TOO_LARGE)
                 ? MF_EXIT_USAGE
                 : MF_EXIT_FAILURE;
    }
  ok = json ? mf_analysis_write_json (stdout, analysis, &error)
            : mf_analysis_write_text (stdout, analysis, &error);
  if (!ok)
    {
      fprintf (stderr, "msgflow analyze: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }
  return MF_EXIT_OK;
}
