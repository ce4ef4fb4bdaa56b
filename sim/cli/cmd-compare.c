/* cmd-compare.c — `msgflow compare DIR1 DIR2 [--out DIR] [--format png|svg]`:
 * what changed between two runs of `msgflow simulate`.
 *
 * Exit status: 0 when the comparison was written; 1 when a file cannot be
 * written or gnuplot fails; 2 on bad options, a folder that is missing,
 * not a run's or does not match its manifest (named first: `DIR: ...`),
 * or --out the same as DIR1 or DIR2.  Without gnuplot the comparison is
 * written without plots and says so.
 */
#define G_LOG_DOMAIN "msgflow-compare"

#include "cli/cli.h"
#include "report/compare.h"
#include "report/report-gnuplot.h" /* MF_REPORT_GNUPLOT_PACKAGE */

#include <stdio.h>

int
mf_cmd_compare (int argc, char **argv)
{
  g_autofree char *out = NULL, *format_text = NULL, *terminal = NULL, *page = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Output folder (default: DIR2-vs-DIR1 beside DIR2)", "DIR" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "Image format of the plots: png (default) or svg", "FMT" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing on stdout", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("DIR1 DIR2 - what changed between two runs");
  g_autoptr (GError) error = NULL;
  MfCompareOptions options = { NULL, MF_REPORT_PNG, NULL };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Compares two folders `msgflow simulate` wrote, DIR1 (A, before) and DIR2\n"
                                    "(B, after): the topology diff, the key figures with B - A, and, when both\n"
                                    "runs have at least two replications, whether each difference is\n"
                                    "significant at 5% (Welch's t-test).  Writes compare.json, index.html and\n"
                                    "overlaid plots (gnuplot, package " MF_REPORT_GNUPLOT_PACKAGE ") into the output folder,\n"
                                    "and prints the key deltas.\n");
  if (!mf_cli_parse (context, entries, &argc, &argv))
    return MF_EXIT_USAGE;
  if (argc < 3)
    return mf_cli_usage_error ("give two result folders: DIR1 DIR2");
  if (argc > 3)
    return mf_cli_usage_error ("give exactly two result folders");
  if (format_text != NULL && !mf_report_format_from_string (format_text, &options.format))
    return mf_cli_usage_error ("--format must be png or svg");
  if (out != NULL && *out == '\0')
    return mf_cli_usage_error ("--out needs a folder");
  options.out_dir = out;

  if (!mf_compare_write (argv[1], argv[2], &options, &terminal, &error))
    {
      fprintf (stderr, "msgflow compare: %s\n", error->message);
      return g_error_matches (error, MF_REPORT_ERROR, MF_REPORT_ERROR_INPUT)
                 || g_error_matches (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TOPOLOGY)
               ? MF_EXIT_USAGE
               : MF_EXIT_FAILURE;
    }
  if (!quiet)
    {
      g_autofree char *dir = out != NULL ? g_strdup (out) : mf_compare_default_out (argv[1], argv[2]);
      page = g_build_filename (dir, "index.html", NULL);
      fputs (terminal, stdout);
      printf ("%s\n", page);
    }
  return MF_EXIT_OK;
}
