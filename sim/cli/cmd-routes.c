/* cmd-routes.c — `msgflow routes FILE [--from RG] [--to RG|DOMAIN|ADDRESS]
 * [--down NAME]... [--size SIZE] [--table] [--json]`: the link-state table
 * and the lowest-cost routes, or the routes asked for in full, and what
 * they become when connectors or servers are down (the what-if view).
 *
 * Checks every option against the topology before computing anything:
 * an unknown name is a usage error (exit 2) with a suggestion when a known
 * name is close.  `--down` on a connector created with reverse = true takes
 * both directions down, as an [event] does; "NAME (reverse)" names the
 * mirror alone.  `--to` is a routing group when one has that name, else
 * the domain of an address user@domain (as `trace --to` reads one), else a
 * domain if it has a dot.
 */
#define G_LOG_DOMAIN "msgflow-routes"

#include "cli/cli.h"
#include "base/igraph-util.h"
#include "model/linkstate.h"
#include "analyze/routes-report.h"
#include "model/routing.h"
#include "model/topo-scan.h"
#include "model/topology.h"

#include <stdio.h>
#include <string.h>

/* " (did you mean 'X'?)" or "" (transfer full). */
static char *
suggestion (const char *word, const GPtrArray *known)
{
  const char *hint = mf_suggest (word, (const char *const *) known->pdata, known->len);
  return hint != NULL ? g_strdup_printf (" (did you mean '%s'?)", hint) : g_strdup ("");
}

static GPtrArray *
group_names (const MfTopology *topo)
{
  GPtrArray *names = g_ptr_array_new ();
  for (int g = 0; g < topo->n_routing_groups; g++)
    g_ptr_array_add (names, topo->routing_groups[g].name);
  return names;
}

static gboolean
resolve_group (const MfTopology *topo, const char *option, const char *name, int *out)
{
  *out = mf_topo_find_routing_group (topo, name);
  if (*out >= 0)
    return TRUE;
  g_autoptr (GPtrArray) names = group_names (topo);
  g_autofree char *hint = suggestion (name, names);
  mf_cli_usage_error ("%s: no routing group '%s' in %s%s", option, name, topo->path, hint);
  return FALSE;
}

/* Apply --down NAME...; describe what was done in @what_if. */
static gboolean
apply_down (const MfTopology *topo, MfLinkState *view, char **names, GString *what_if)
{
  g_autofree gboolean *server_down = g_new0 (gboolean, (gsize) topo->n_servers + 1);
  int n_servers_down = 0;

  for (int i = 0; names != NULL && names[i] != NULL; i++)
    {
      int c = mf_topo_find_connector (topo, names[i]);
      int s = mf_topo_find_server (topo, names[i]);
      if (c < 0 && s < 0)
        {
          g_autoptr (GPtrArray) known = g_ptr_array_new ();
          for (int k = 0; k < topo->n_connectors; k++)
            g_ptr_array_add (known, topo->connectors[k].name);
          for (int k = 0; k < topo->n_servers; k++)
            g_ptr_array_add (known, topo->servers[k].name);
          g_autofree char *hint = suggestion (names[i], known);
          mf_cli_usage_error ("--down: no connector or server '%s' in %s%s", names[i], topo->path, hint);
          return FALSE;
        }
      /* The name as the file writes it, whatever case the option used. */
      g_string_append_printf (what_if, "%s%s", what_if->len > 0 ? ", " : "down ",
                              c >= 0 ? topo->connectors[c].name : topo->servers[s].name);
      if (c >= 0)
        {
          const MfConnector *k = &topo->connectors[c];
          mf_link_state_set_status (view, c, MF_LINK_DOWN);
          if (k->mirror >= 0 && !k->is_mirror)
            {
              mf_link_state_set_status (view, k->mirror, MF_LINK_DOWN);
              g_string_append (what_if, " (connector, both directions)");
            }
          else
            g_string_append (what_if, " (connector)");
        }
      if (s >= 0)
        {
          server_down[s] = TRUE;
          n_servers_down++;
          g_string_append (what_if, " (server)");
        }
    }
  if (n_servers_down > 0)
    mf_link_state_apply_servers_down (view, server_down);
  return TRUE;
}

int
mf_cmd_routes (int argc, char **argv)
{
  g_autofree char *from_name = NULL;
  g_autofree char *to_name = NULL;
  g_autofree char *size_text = NULL;
  g_auto (GStrv) downs = NULL;
  gboolean json = FALSE;
  gboolean table = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_name, "Routes from this routing group only", "RG" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_name,
      "Routes to this routing group, or to this domain (or an address's) by address space",
      "RG|DOMAIN|ADDRESS" },
    { "down", 0, 0, G_OPTION_ARG_STRING_ARRAY, &downs,
      "Mark a connector or a server down (repeatable): what-if", "NAME" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_text,
      "Message size, checked against size limits (e.g. 5MB)", "SIZE" },
    { "table", 0, 0, G_OPTION_ARG_NONE, &table,
      "With --from or --to: the link-state table and every pair's route too", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the routes as JSON", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context
      = g_option_context_new ("FILE - lowest-cost routes from the link-state table");
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) topo = NULL;
  g_autoptr (MfRouter) router = NULL;
  g_autoptr (MfLinkState) view = NULL;
  g_autoptr (MfLinkState) before = NULL;
  g_autoptr (GString) what_if = g_string_new (NULL);
  g_autofree char *domain = NULL;
  MfRoutesQuery query = { -1, MF_DEST_ROUTING_GROUP, -1, NULL, 0, NULL, FALSE };
  gboolean ok;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (
      context,
      "Without --from and --to, prints the link-state table as WinRoute shows it\n"
      "(digest, versions, masters, members, connectors) and the lowest-cost route\n"
      "between every pair of routing groups, with the number of equal-cost routes,\n"
      "then the pairs without a route and why.\n"
      "\n"
      "With --from and --to, prints that one route and nothing else: its cost, every\n"
      "equal-cost route (up to 16), for a domain the address space that matched\n"
      "(connector, type, cost), or why there is none (down, message too large, out\n"
      "of scope, no address space matches: then how the virtual servers send by\n"
      "DNS).  --from or --to alone prints every such pair the same way; --table\n"
      "adds the link-state table and every pair before them.  --to takes a routing\n"
      "group, a domain, or an address (user@fabrikam.com: its domain).\n"
      "\n"
      "--down shows the routes that result when connectors or servers fail, each\n"
      "changed route followed by 'was ...', the route before; a connector created\n"
      "with reverse = true goes down in both directions, 'NAME (reverse)' names\n"
      "the mirror alone; a server down takes down every connector whose\n"
      "bridgeheads (local or remote) are all down.  docs/format.md, section 4.6,\n"
      "describes the output and the JSON.\n");
  mf_igraph_init ();
  status = mf_cli_parse_one_file (context, entries, &argc, &argv, "no topology file given", "one topology file only");
  if (status != MF_EXIT_OK)
    return status;

  if (size_text != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (size_text));
      if (!mf_parse_size (trimmed, &query.size_bytes, &error))
        {
          mf_cli_usage_error ("--size: %s", error->message);
          return MF_EXIT_USAGE;
        }
    }
  status = mf_cli_load_topology (argv[1], &topo);
  if (status != MF_EXIT_OK)
    return status;
  if (from_name != NULL && !resolve_group (topo, "--from", from_name, &query.from))
    return MF_EXIT_USAGE;
  if (to_name != NULL)
    {
      query.to = mf_topo_find_routing_group (topo, to_name);
      if (query.to < 0)
        {
          /* An address user@domain stands for its domain, as in trace. */
          const char *at_sign = strrchr (to_name, '@');
          const char *d = at_sign != NULL ? at_sign + 1 : to_name;
          if (at_sign == NULL && strchr (to_name, '.') == NULL)
            {
              resolve_group (topo, "--to", to_name, &query.to);
              return MF_EXIT_USAGE;
            }
          domain = g_ascii_strdown (d, -1);
          if (!mf_domain_is_valid (domain))
            {
              mf_cli_usage_error ("--to: '%s' is neither a routing group, a valid domain nor an "
                                  "address user@domain", to_name);
              return MF_EXIT_USAGE;
            }
          query.to_kind = MF_DEST_DOMAIN;
          query.domain = domain;
        }
    }
  query.table = table;

  view = mf_link_state_new (topo);
  if (!apply_down (topo, view, downs, what_if))
    return MF_EXIT_USAGE;
  if (downs != NULL)
    {
      /* The routes before the failures, for "was". */
      before = mf_link_state_new (topo);
      query.before = before;
    }

  router = mf_router_new (topo, &error);
  if (router == NULL)
    {
      fprintf (stderr, "msgflow routes: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }
  if (json)
    ok = mf_routes_write_json (stdout, router, view, &query, &error);
  else
    ok = mf_routes_write_text (stdout, router, view, &query,
                               what_if->len > 0 ? what_if->str : NULL, &error);
  if (!ok)
    {
      fprintf (stderr, "msgflow routes: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }
  return MF_EXIT_OK;
}
