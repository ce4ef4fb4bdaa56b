/* cmd-export.c — `msgflow export FILE [--format graphml|dot|gml] [-o OUT]
 * [--down NAME]...`: the routing graph for yEd, Gephi and Graphviz
 * (export.h).
 *
 * Checks every option against the topology before writing anything; an
 * output file is created only once the graph is ready to be written.
 * `--down` takes connectors (a two-way link both ways, "NAME (reverse)"
 * alone) and servers down first, so that a what-if can be drawn.
 */
#define G_LOG_DOMAIN "msgflow-export"

#include "cli/cli.h"
#include "analyze/export.h"
#include "model/failure.h"
#include "base/igraph-util.h"
#include "base/file-replace.h"

#include <stdio.h>

int
mf_cmd_export (int argc, char **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_auto (GStrv) downs = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      "graphml (yEd, Gephi; the default), dot (Graphviz) or gml", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to OUT instead of stdout",
      "OUT" },
    { "down", 0, 0, G_OPTION_ARG_STRING_ARRAY, &downs,
      "Mark a connector or a server down first (repeatable)", "NAME" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context
      = g_option_context_new ("FILE - the routing graph as GraphML, DOT or GML");
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) topo = NULL;
  g_autoptr (MfLinkState) view = NULL;
  g_autoptr (GArray) failures = g_array_new (FALSE, FALSE, sizeof (MfFailure));
  g_autofree gboolean *dead = NULL;
  MfExportFormat format = MF_EXPORT_GRAPHML;
  g_autoptr (MfFileBuffer) buffer = NULL;
  gboolean ok;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (
      context,
      "One vertex per routing group (and one \"(external)\" vertex for connectors\n"
      "that lead out by address space), one directed edge per connector, mirrors\n"
      "included, with names, types, costs, bridgeheads, address spaces, schedules\n"
      "and UP/DOWN states as attributes.  See docs/analyze.md.\n");
  mf_igraph_init ();
  status = mf_cli_parse_one_file (context, entries, &argc, &argv, "no topology file given", "one topology file only");
  if (status != MF_EXIT_OK)
    return status;
  if (format_name != NULL && !mf_export_format_parse (format_name, &format))
    {
      mf_cli_usage_error ("--format: '%s' is not graphml, dot or gml", format_name);
      return MF_EXIT_USAGE;
    }
  status = mf_cli_load_topology (argv[1], &topo);
  if (status != MF_EXIT_OK)
    return status;
  for (int i = 0; downs != NULL && downs[i] != NULL; i++)
    {
      MfFailure f;
      if (!mf_failure_parse (topo, downs[i], &f, &error))
        {
          mf_cli_usage_error ("--down: %s", error->message);
          return MF_EXIT_USAGE;
        }
      g_array_append_val (failures, f);
    }
  view = mf_link_state_new (topo);
  dead = g_new0 (gboolean, (gsize) topo->n_routing_groups + 1);
  mf_failures_apply (topo, view, (const MfFailure *) (const void *) failures->data,
                     (int) failures->len, dead);

  /* A file is replaced in one step: a failed write leaves it as it was. */
  if (output != NULL && (buffer = mf_file_buffer_new (output, &error)) == NULL)
    ok = FALSE;
  else
    ok = mf_export_write (buffer != NULL ? mf_file_buffer_stream (buffer) : stdout, view, dead,
                          format, &error)
         && (buffer == NULL || mf_file_buffer_replace (buffer, output, &error));
  if (!ok)
    {
      fprintf (stderr, "msgflow export: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }
  return MF_EXIT_OK;
}
