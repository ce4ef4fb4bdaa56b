/* failure.c — naming and applying failures (failure.h).
 *
 * Names come from the command line: they are checked against the topology
 * (an unknown one gets a "did you mean" suggestion) before anything is
 * applied.
 */
#define G_LOG_DOMAIN "msgflow-failure"

#include "model/failure.h"

#include <string.h>

#include "model/topo-scan.h"

G_DEFINE_QUARK (mf-failure-error-quark, mf_failure_error)

/* " (did you mean 'X'?)" or "", from the names of one or both kinds. */
static char *
suggestion (const MfTopology *topo, const char *name, gboolean connectors, gboolean servers)
{
  g_autoptr (GPtrArray) known = g_ptr_array_new ();
  const char *hint;

  if (connectors)
    for (int c = 0; c < topo->n_connectors; c++)
      g_ptr_array_add (known, topo->connectors[c].name);
  if (servers)
    for (int s = 0; s < topo->n_servers; s++)
      g_ptr_array_add (known, topo->servers[s].name);
  hint = mf_suggest (name, (const char *const *) known->pdata, known->len);
  return hint != NULL ? g_strdup_printf (" (did you mean '%s'?)", hint) : g_strdup ("");
}

/**
 * mf_failure_parse:
 * @topo: the topology
 * @text: "connector NAME", "server NAME", or a bare NAME
 * @out: (out): the failure
 * @error: return location
 *
 * A bare NAME is the connector or the server of that name; when both
 * exist the caller must say which.  O(connectors + servers).
 *
 * Returns: FALSE with MF_FAILURE_ERROR set when nothing (or more than one
 *   thing) has that name
 */
gboolean
mf_failure_parse (const MfTopology *topo, const char *text, MfFailure *out, GError **error)
{
  g_return_val_if_fail (topo != NULL && text != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gboolean want_connector = TRUE, want_server = TRUE;
  const char *name = text;
  int c, s;

  if (g_ascii_strncasecmp (text, "connector ", 10) == 0)
    {
      want_server = FALSE;
      name = text + strlen ("connector ");
    }
  else if (g_ascii_strncasecmp (text, "server ", 7) == 0)
    {
      want_connector = FALSE;
      name = text + strlen ("server ");
    }
  while (*name == ' ')
    name++;
  c = want_connector ? mf_topo_find_connector (topo, name) : -1;
  s = want_server ? mf_topo_find_server (topo, name) : -1;
  if (c >= 0 && s >= 0)
    {
      g_set_error (error, MF_FAILURE_ERROR, MF_FAILURE_ERROR_AMBIGUOUS,
                   "'%s' is both a connector and a server: write 'connector %s' or 'server %s'",
                   name, name, name);
      return FALSE;
    }
  if (c < 0 && s < 0)
    {
      g_autofree char *hint = suggestion (topo, name, want_connector, want_server);
      g_set_error (error, MF_FAILURE_ERROR, MF_FAILURE_ERROR_UNKNOWN, "no %s '%s' in %s%s",
                   want_connector && want_server ? "connector or server"
                   : want_connector              ? "connector"
                                                 : "server",
                   name, topo->path, hint);
      return FALSE;
    }
  out->kind = c >= 0 ? MF_FAILURE_CONNECTOR : MF_FAILURE_SERVER;
  out->id = c >= 0 ? c : s;
  return TRUE;
}

/* "connector NAME" or "server NAME".  (transfer full) */
char *
mf_failure_describe (const MfTopology *topo, const MfFailure *failure)
{
  g_return_val_if_fail (topo != NULL && failure != NULL, NULL);

  if (failure->kind == MF_FAILURE_CONNECTOR)
    return g_strdup_printf ("connector %s", topo->connectors[failure->id].name);
  return g_strdup_printf ("server %s", topo->servers[failure->id].name);
}

/**
 * mf_failures_apply:
 * @topo: the topology of @view
 * @view: the view to change
 * @failures: (array length=n_failures): what fails
 * @n_failures: how many
 * @group_dead: (out caller-allocates) (nullable): one flag per routing
 *   group, set to TRUE for the groups whose servers are all down (groups
 *   without servers are never dead: they have nothing to fail)
 *
 * Marks the failed connectors DOWN (an original with a mirror in both
 * directions), then every connector the failed servers leave without a
 * working end.  O(connectors × bridgeheads + servers).
 *
 * Returns: the number of connectors that went DOWN
 */
int
mf_failures_apply (const MfTopology *topo, MfLinkState *view, const MfFailure *failures,
                   int n_failures, gboolean *group_dead)
{
  g_return_val_if_fail (topo != NULL && view != NULL, 0);
  g_return_val_if_fail (mf_link_state_get_topology (view) == topo, 0);
  g_return_val_if_fail (n_failures == 0 || failures != NULL, 0);

  g_autofree gboolean *server_down = g_new0 (gboolean, (gsize) topo->n_servers + 1);
  gboolean any_server = FALSE;
  int n = 0;

  for (int i = 0; i < n_failures; i++)
    {
      const MfFailure *f = &failures[i];
      if (f->kind == MF_FAILURE_CONNECTOR)
        {
          const MfConnector *k = &topo->connectors[f->id];
          n += mf_link_state_set_status (view, f->id, MF_LINK_DOWN);
          if (k->mirror >= 0 && !k->is_mirror)
            n += mf_link_state_set_status (view, k->mirror, MF_LINK_DOWN);
        }
      else
        {
          server_down[f->id] = TRUE;
          any_server = TRUE;
        }
    }
  if (any_server)
    n += mf_link_state_apply_servers_down (view, server_down);
  if (group_dead != NULL)
    for (int g = 0; g < topo->n_routing_groups; g++)
      {
        const MfRoutingGroup *rg = &topo->routing_groups[g];
        gboolean dead = rg->n_members > 0;
        for (int i = 0; i < rg->n_members && dead; i++)
          dead = server_down[rg->members[i]];
        group_dead[g] = dead;
      }
  return n;
}
