/* cli.c — dispatch of `msgflow COMMAND ...` (see cli.h).
 *
 * The command table is the one place that lists every command: --help is
 * printed from it, so a new command needs one line here and nothing else.
 */
#define G_LOG_DOMAIN "msgflow-cli"

#include "cli/cli.h"
#include "base/igraph-util.h"

#include <stdio.h>
#include <string.h>

static const MfCommand commands[] = {
  { "check", "load topology files, print a summary and design warnings", mf_cmd_check },
  { "routes", "lowest-cost routes, the link-state table, what-if with --down", mf_cmd_routes },
  { "analyze", "what breaks when connectors or servers fail; design checks", mf_cmd_analyze },
  { "export", "the routing graph as GraphML, DOT or GML (yEd, Gephi, Graphviz)", mf_cmd_export },
  { "trace", "follow one message step by step, explaining every decision", mf_cmd_trace },
  { "simulate", "run the simulation, write summary.json and CSV files", mf_cmd_simulate },
  { "report", "gnuplot plots and an HTML page of a simulation's output", mf_cmd_report },
  { "sweep", "simulate at every point of a parameter sweep, on every core", mf_cmd_sweep },
  { "compare", "what changed between two simulations: deltas, significance, plots", mf_cmd_compare },
};

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage: msgflow COMMAND [OPTION...] ARGS\n"
           "\n"
           "Simulate and analyze Exchange Server 2003 message routing.\n"
           "\n"
           "Commands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out,
           "\n"
           "Options:\n"
           "  -h, --help     show this help\n"
           "  --version      show the version\n"
           "\n"
           "'msgflow COMMAND --help' describes a command.  Exit status: 0 success,\n"
           "1 a failure while running, 2 bad usage or bad input; 129, 130, 143\n"
           "interrupted by SIGHUP, SIGINT, SIGTERM.\n");
}

/* An option given an empty value ("-o ''") is a usage error whatever the
 * option: left to each command it would be read as "not given" by one and
 * fail later, exit 1, in another. */
static gboolean
empty_option (const GOptionEntry *entries, int *status)
{
  for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
    {
      gboolean empty = FALSE;

      if (e->arg == G_OPTION_ARG_STRING || e->arg == G_OPTION_ARG_FILENAME)
        {
          const char *value = *(char *const *) e->arg_data;
          empty = value != NULL && *value == '\0';
        }
      else if (e->arg == G_OPTION_ARG_STRING_ARRAY || e->arg == G_OPTION_ARG_FILENAME_ARRAY)
        {
          char *const *values = *(char *const *const *) e->arg_data;
          for (gsize i = 0; values != NULL && values[i] != NULL; i++)
            empty = empty || *values[i] == '\0';
        }
      if (empty)
        {
          *status = mf_cli_usage_error ("--%s: empty value, give %s", e->long_name,
                                        e->arg_description ? e->arg_description : "a value");
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
mf_cli_parse (GOptionContext *context, const GOptionEntry *entries, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      /* One line and a hint, not the whole help: the mistake stays on screen. */
      mf_cli_usage_error ("%s", error->message);
      return FALSE;
    }
  return !empty_option (entries, &status);
}

int
mf_cli_usage_error (const char *format, ...)
{
  const char *prgname = g_get_prgname () ? g_get_prgname () : "msgflow";
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  fprintf (stderr, "%s: %s\nTry '%s --help'.\n", prgname, message, prgname);
  return MF_EXIT_USAGE;
}

int
mf_cli_parse_one_file (GOptionContext *context, const GOptionEntry *entries, int *argc,
                       char ***argv, const char *none, const char *several)
{
  if (!mf_cli_parse (context, entries, argc, argv))
    return MF_EXIT_USAGE;
  if (*argc < 2)
    return mf_cli_usage_error ("%s", none);
  if (*argc > 2)
    return mf_cli_usage_error ("%s", several);
  return MF_EXIT_OK;
}

int
mf_cli_load_topology_text (const char *path, MfTopology **out, GBytes **text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  *out = NULL;
  /* Read once: "-" (stdin) cannot be read a second time for the copy. */
  if (mf_topo_read_file (path, &data, &len, &error))
    *out = mf_topo_parse_data (path, data, len, &error);
  if (*out == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return MF_EXIT_USAGE;
    }
  if (text != NULL)
    *text = g_bytes_new_take (g_steal_pointer (&data), len);
  return MF_EXIT_OK;
}

int
mf_cli_load_topology (const char *path, MfTopology **out)
{
  return mf_cli_load_topology_text (path, out, NULL);
}

int
mf_cli_main (int argc, char **argv)
{
  /* Before any igraph call: errors become GErrors, never an abort. */
  mf_igraph_init ();
  if (argc < 2)
    {
      print_usage (stderr);
      return MF_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return MF_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      if (argc > 2)
        {
          fprintf (stderr, "msgflow: --version takes no arguments\nTry 'msgflow --help'.\n");
          return MF_EXIT_USAGE;
        }
      printf ("msgflow %s\n", MF_VERSION);
      return MF_EXIT_OK;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        /* GOption prints the program name in its usage lines. */
        g_autofree char *prgname = g_strdup_printf ("msgflow %s", commands[i].name);
        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  if (argv[1][0] == '-')
    fprintf (stderr, "msgflow: unknown option '%s'\n", argv[1]);
  else
    fprintf (stderr, "msgflow: unknown command '%s'\n", argv[1]);
  fprintf (stderr, "Try 'msgflow --help'.\n");
  return MF_EXIT_USAGE;
}
