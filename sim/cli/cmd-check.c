/* cmd-check.c — `msgflow check FILE...`: load, validate and lint topology
 * files; print a one-screen summary of each to stdout and warnings to
 * stderr.  Exit 0 when every file loads, 2 when any does not. */
#define G_LOG_DOMAIN "msgflow-check"

#include "cli/cli.h"
#include "analyze/lint.h"
#include "model/topology.h"

#include <stdio.h>
#include <string.h>

static void
print_summary (const MfTopology *t)
{
  int by_type[3] = { 0, 0, 0 };
  int mirrors = 0;
  gint64 mailboxes = 0;
  int down = 0, up = 0, cost = 0, stop = 0, start = 0, master = 0;

  for (int i = 0; i < t->n_connectors; i++)
    {
      by_type[t->connectors[i].type]++;
      mirrors += t->connectors[i].is_mirror;
    }
  for (int i = 0; i < t->n_servers; i++)
    mailboxes += t->servers[i].mailboxes;
  for (int i = 0; i < t->n_events; i++)
    {
      down += t->events[i].action == MF_ACTION_DOWN;
      up += t->events[i].action == MF_ACTION_UP;
      cost += t->events[i].action == MF_ACTION_COST;
      stop += t->events[i].action == MF_ACTION_STOP_SMTP;
      start += t->events[i].action == MF_ACTION_START_SMTP;
      master += t->events[i].action == MF_ACTION_MASTER;
    }

  printf ("%s: organization %s\n", t->path, t->org.name);
  printf ("  routing groups  %d\n", t->n_routing_groups);
  printf ("  servers         %d\n", t->n_servers);
  printf ("  mailboxes       %" G_GINT64_FORMAT "\n", mailboxes);
  printf ("  connectors      %d (routing-group %d, smtp %d, x400 %d; %d created by reverse)\n",
          t->n_connectors, by_type[MF_CONNECTOR_ROUTING_GROUP], by_type[MF_CONNECTOR_SMTP],
          by_type[MF_CONNECTOR_X400], mirrors);
  if (t->traffic.present)
    {
      g_autofree char *rate = mf_format_number (t->traffic.messages_per_mailbox_per_s * 86400.0);
      printf ("  traffic         %s messages per mailbox per day\n", rate);
    }
  else
    printf ("  traffic         none\n");
  printf ("  flows           %d\n", t->n_flows);
  printf ("  events          %d (down %d, up %d, cost %d", t->n_events, down, up, cost);
  /* The newer actions only when used: older files print as they did. */
  if (stop + start + master > 0)
    printf (", stop-smtp %d, start-smtp %d, master %d", stop, start, master);
  printf (")\n");
}

int
mf_cmd_check (int argc, char **argv)
{
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only errors and warnings", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE... - load, validate and lint topology files");
  int status = MF_EXIT_OK;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Loads each topology file, reports every error as FILE:LINE: "
                                    "message\n(exit status 2), prints a summary and warns about "
                                    "questionable design.\n");
  if (!mf_cli_parse (context, entries, &argc, &argv))
    return MF_EXIT_USAGE;
  /* Any number of files: only "none" is a usage error here. */
  if (argc < 2)
    return mf_cli_usage_error ("no topology file given");
  /* Standard input ends after its first reading. */
  for (int i = 1, dashes = 0; i < argc; i++)
    if (strcmp (argv[i], "-") == 0 && ++dashes > 1)
      return mf_cli_usage_error ("'-' (standard input) can be given only once");
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (MfTopology) topo = NULL;
      g_autoptr (GPtrArray) warnings = NULL;
      int loaded = mf_cli_load_topology (argv[i], &topo);

      if (loaded != MF_EXIT_OK)
        {
          status = loaded;
          continue;
        }
      warnings = mf_lint (topo);
      if (!quiet)
        print_summary (topo);
      for (guint w = 0; w < warnings->len; w++)
        fprintf (stderr, "%s\n", (const char *) g_ptr_array_index (warnings, w));
    }
  fflush (stdout);
  return status;
}
