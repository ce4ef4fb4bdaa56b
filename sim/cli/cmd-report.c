/* cmd-report.c — `msgflow report DIR [--format png|svg] [--topology FILE]`:
 * gnuplot plots and index.html from the files `msgflow simulate` wrote.
 *
 * Exit status: 0 when DIR/index.html and every image were written; 1 when
 * gnuplot is missing or fails, or a file cannot be written; 2 on bad
 * options, a directory that is not a run's or does not match its manifest
 * (the first such file is named), or a topology that cannot be loaded or
 * is not the run's.  DIR is replaced as one result (base/result-dir.h).
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "cli/cli.h"
#include "report/report.h"

#include <stdio.h>

int
mf_cmd_report (int argc, char **argv)
{
  g_autofree char *format_text = NULL, *topology = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "Image format: png (default) or svg", "FMT" },
    { "topology", 0, 0, G_OPTION_ARG_FILENAME, &topology, "The run's topology (default: the path in DIR/summary.json)", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing on stdout", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("DIR - plots and an HTML page of a simulation");
  g_autoptr (GError) error = NULL;
  MfReportOptions options = { MF_REPORT_PNG, NULL, NULL };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Reads the files `msgflow simulate` wrote into DIR and the run's topology,\n"
                                    "draws the plots with gnuplot (package " MF_REPORT_GNUPLOT_PACKAGE ") and writes\n"
                                    "DIR/index.html, one self-contained page that shows them.  The gnuplot\n"
                                    "scripts and their data are kept in DIR/gnuplot/.\n");
  if (!mf_cli_parse (context, entries, &argc, &argv))
    return MF_EXIT_USAGE;
  if (argc < 2)
    return mf_cli_usage_error ("no directory given");
  if (argc > 2)
    return mf_cli_usage_error ("give exactly one directory");
  if (format_text != NULL && !mf_report_format_from_string (format_text, &options.format))
    return mf_cli_usage_error ("--format must be png or svg");
  options.topology_path = topology;

  if (!mf_report_write_full (argv[1], &options, &error))
    {
      fprintf (stderr, "msgflow report: %s\n", error->message);
      return g_error_matches (error, MF_REPORT_ERROR, MF_REPORT_ERROR_INPUT)
                 || g_error_matches (error, MF_REPORT_ERROR, MF_REPORT_ERROR_TOPOLOGY)
               ? MF_EXIT_USAGE
               : MF_EXIT_FAILURE;
    }
  if (!quiet)
    {
      g_autofree char *page = g_build_filename (argv[1], "index.html", NULL);
      printf ("%s\n", page);
    }
  return MF_EXIT_OK;
}
