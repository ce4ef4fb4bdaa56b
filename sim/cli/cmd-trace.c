/* cmd-trace.c — `msgflow trace FILE --from SERVER --to SERVER|ADDRESS
 * [--at TIME] [--size SIZE] [--seed N] [--quiet-network] [--json | --smtp]
 * [--tracking DIR] [--html FILE]`: simulate the file up to --at, then
 * follow one message through it and explain each step (trace.c does the
 * work; trace-page.c writes the page of --html). */
#define G_LOG_DOMAIN "msgflow-trace"

#include "cli/cli.h"
#include "cli/run-stop.h"
#include "model/topology.h"
#include "analyze/trace.h"
#include "model/address-space.h"
#include "report/trace-page.h"
#include "base/file-replace.h"

#include <stdio.h>
#include <string.h>

/* The page of --html as @path, replaced in one step; the messages name
 * the file. */
static gboolean
write_page (const MfTopology *topo, const MfTrace *trace, const char *path, GError **error)
{
  g_autoptr (MfFileBuffer) page = mf_file_buffer_new (path, error);
  g_autoptr (GError) local = NULL;

  if (page == NULL)
    return FALSE;
  if (!mf_trace_page_write (topo, trace, mf_file_buffer_stream (page), &local))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write %s: %s", path,
                   local->message);
      return FALSE;
    }
  return mf_file_buffer_replace (page, path, error);
}

/* MfTraceOptions.poll: the memory guard. */
static void
check_limits (gpointer data)
{
  (void) data;
  mf_run_stop_check ();
}

int
mf_cmd_trace (int argc, char **argv)
{
  g_autofree char *from = NULL, *to = NULL, *at_text = NULL, *size_text = NULL;
  g_autofree char *seed_text = NULL, *tracking_dir = NULL, *html = NULL;
  gboolean json = FALSE, smtp = FALSE, quiet_network = FALSE;
  MfTraceOptions options = { 0 };
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "The sending server (required)", "SERVER" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "A server (a mailbox on it) or an external address user@domain (required)", "SERVER|ADDRESS" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, "When it is sent: a time of week (Mon 09:30), a clock time on the first day (09:30) or a duration from the start (2h10m; a bare number other than 0 is refused); the file's events up to then have happened (default: 0)", "TIME" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_text, "Message size (default: 25KB)", "SIZE" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Random seed of the simulation (default: [organization] seed)", "N" },
    { "quiet-network", 0, 0, G_OPTION_ARG_NONE, &quiet_network, "No other mail ([traffic] and [flow]s dropped); the [event]s still happen", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON instead of text", NULL },
    { "smtp", 0, 0, G_OPTION_ARG_NONE, &smtp, "Print the SMTP conversation of each hop (a reconstruction) instead of the steps", NULL },
    { "tracking", 0, 0, G_OPTION_ARG_FILENAME, &tracking_dir, "Also write the run's message tracking logs into DIR/tracking", "DIR" },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html, "Also write an animated page of the journey to FILE", "FILE" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE - follow one message through the organisation");
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) topo = NULL;
  g_autoptr (MfTrace) trace = NULL;
  g_autofree char *domain = NULL;
  int from_id, to_id = -1;
  gint64 at_us = 0;
  guint64 size = 25 * 1024;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Simulates the file (its mail and events) up to --at, injects the message\n"
                                    "then and follows it until it is delivered or returned, explaining what\n"
                                    "each server does with it: queues, categorizer, routing decisions with the\n"
                                    "server's own view and the candidates, bridgeheads, connection attempts,\n"
                                    "glitch, retry and schedule waits, X-LINK2STATE digest exchanges, link-state\n"
                                    "changes and when each server learned them, delivery or NDR, with the clock\n"
                                    "time of each step and the delay since the previous one.\n"
                                    "--smtp prints the SMTP conversation of each hop instead (a reconstruction:\n"
                                    "the servers, sizes, digests and outcomes are the run's).\n"
                                    "--html FILE also writes one self-contained page (no network needed) that\n"
                                    "draws the routing groups and connectors and plays the journey step by\n"
                                    "step, with the connectors DOWN at each moment and each server's view.\n");
  status = mf_cli_parse_one_file (context, entries, &argc, &argv, "give exactly one topology file",
                                   "give exactly one topology file");
  if (status != MF_EXIT_OK)
    return status;
  if (from == NULL || to == NULL)
    return mf_cli_usage_error ("--from and --to are required");
  if (json && smtp)
    return mf_cli_usage_error ("--json and --smtp: choose one");
  if (tracking_dir != NULL && *tracking_dir == '\0')
    return mf_cli_usage_error ("--tracking: empty directory name");
  if (html != NULL && (*html == '\0' || strcmp (html, "-") == 0))
    return mf_cli_usage_error ("--html needs a file name (the page does not go to standard output)");
  if (size_text != NULL)
    {
      if (!mf_parse_size (size_text, &size, &error) || size == MF_SIZE_UNLIMITED)
        {
          g_autofree char *m = g_strdup_printf ("--size %s", error ? error->message : "cannot be unlimited");
          return mf_cli_usage_error ("%s", m);
        }
    }
  if (seed_text != NULL && !mf_parse_uint (seed_text, 0, G_MAXINT64, &options.seed, &error))
    {
      g_autofree char *m = g_strdup_printf ("--seed%s%s: %s", *seed_text ? " " : "", seed_text,
                                            *seed_text ? error->message : "empty value, give a number");
      return mf_cli_usage_error ("%s", m);
    }
  status = mf_cli_load_topology (argv[1], &topo);
  if (status != MF_EXIT_OK)
    return status;
  if (at_text != NULL)
    {
      MfTimeKind kind;
      if (!mf_parse_time_of_week (at_text, &at_us, &kind, &error))
        {
          g_autofree char *m = g_strdup_printf ("--at %s", error->message);
          return mf_cli_usage_error ("%s", m);
        }
      at_us = mf_time_point_after_start (at_us, kind, topo->org.start_us);
    }
  from_id = mf_topo_find_server (topo, from);
  if (from_id < 0)
    {
      g_autofree char *m = g_strdup_printf ("--from: no server named '%s'", from);
      return mf_cli_usage_error ("%s", m);
    }
  to_id = mf_topo_find_server (topo, to);
  if (to_id < 0)
    {
      const char *at_sign = strrchr (to, '@');
      const char *d = at_sign ? at_sign + 1 : to;
      if ((at_sign == NULL && strchr (to, '.') == NULL) || !mf_domain_is_valid (d))
        {
          g_autofree char *m = g_strdup_printf ("--to: '%s' is neither a server nor an address "
                                                "user@domain", to);
          return mf_cli_usage_error ("%s", m);
        }
      domain = g_ascii_strdown (d, -1);
    }

  if (seed_text == NULL)
    options.seed = topo->org.seed;
  options.quiet_network = quiet_network;
  options.tracking_dir = tracking_dir;
  /* Ctrl-C, SIGTERM and SIGHUP stop the run as in `simulate`, and so does
   * the default memory guard; a trace stopped half way is no answer:
   * nothing is printed, the partial tracking logs are removed. */
  options.interrupt = mf_run_stop_flag ();
  options.poll = check_limits;
  mf_run_stop_begin (0, mf_run_stop_default_max_memory ());
  trace = mf_trace_run_full (topo, from_id, to_id, domain, at_us, size, &options, &error);
  mf_run_stop_end ();
  if (trace == NULL)
    {
      MfStopReason stop = mf_run_stop_reason ();
      if (stop != MF_STOP_NONE && g_error_matches (error, MF_TRACE_ERROR, MF_TRACE_ERROR_STOPPED))
        {
          fprintf (stderr, "msgflow trace: %s (%s); nothing written\n", error->message,
                   stop == MF_STOP_MEMORY ? "memory limit reached" : mf_run_stop_name (stop));
          return mf_run_stop_exit_status (stop);
        }
      fprintf (stderr, "msgflow trace: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }
  if (json)
    {
      if (!mf_trace_print_json (trace, stdout, &error))
        {
          fprintf (stderr, "msgflow trace: %s\n", error->message);
          return MF_EXIT_FAILURE;
        }
    }
  else if (smtp)
    mf_trace_print_smtp (trace, stdout);
  else
    mf_trace_print_text (trace, stdout);
  fflush (stdout);
  if (html != NULL && !write_page (topo, trace, html, &error))
    {
      fprintf (stderr, "msgflow trace: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }
  return MF_EXIT_OK;
}
