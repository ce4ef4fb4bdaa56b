/* export.c — GraphML, DOT and GML through igraph (export.h).
 *
 * igraph writes attributes only through an attribute handler, a process-
 * wide setting.  msgflow's other graphs (the router's) are made without
 * one, and a graph must be destroyed under the handler it was made with;
 * so mf_export_write installs igraph's C attribute handler only while its
 * own graph exists, and puts the previous one back before returning.  No
 * other igraph graph is created or destroyed in between (msgflow is
 * single-threaded).  Every igraph call is checked; the graph and the edge
 * vector are destroyed on every path.
 */
#define G_LOG_DOMAIN "msgflow-export"

#include "analyze/export.h"

#include <errno.h>
#include <igraph.h>
#include <string.h>

#include "base/igraph-util.h"

typedef struct {
  const char *name;
  MfExportFormat format;
} FormatName;

static const FormatName formats[] = {
  { "graphml", MF_EXPORT_GRAPHML },
  { "dot", MF_EXPORT_DOT },
  { "gml", MF_EXPORT_GML },
};

/* Parses "graphml", "dot" or "gml" (any case).  Returns FALSE otherwise. */
gboolean
mf_export_format_parse (const char *text, MfExportFormat *out)
{
  g_return_val_if_fail (text != NULL && out != NULL, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (text, formats[i].name) == 0)
      {
        *out = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

const char *
mf_export_format_name (MfExportFormat format)
{
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return formats[i].name;
  g_return_val_if_reached ("unknown");
}

/* ------------------------------------------------------------ values */

static char *
server_list (const MfTopology *t, int n, const int *ids)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", t->servers[ids[i]].name);
  return g_string_free (s, FALSE);
}

/* The schedule as the file writes it: "always", "never" or day windows. */
static char *
schedule_text (const MfSchedule *sched)
{
  static const char *const days[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  GString *s = g_string_new (NULL);

  if (mf_schedule_is_always (sched))
    g_string_append (s, "always");
  else if (mf_schedule_is_never (sched))
    g_string_append (s, "never");
  else
    for (guint i = 0; i < sched->n_windows; i++)
      for (int m = sched->windows[i].start_min; m < sched->windows[i].end_min;)
        {
          int day = m / 1440;
          int end = MIN ((int) sched->windows[i].end_min, (day + 1) * 1440);
          g_string_append_printf (s, "%s%s %02d:%02d-%02d:%02d", s->len > 0 ? ", " : "",
                                  days[day], (m % 1440) / 60, m % 60, (end - day * 1440) / 60,
                                  end % 60);
          m = end;
        }
  return g_string_free (s, FALSE);
}

static char *
address_space_text (const MfConnector *k)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < k->n_address_spaces; i++)
    g_string_append_printf (s, "%sSMTP:%s %d", i > 0 ? ", " : "", k->address_spaces[i].pattern,
                            k->address_spaces[i].cost);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------ graph */

typedef struct {
  igraph_t *g;
  const char *what; /* for messages */
  GError **error;
  gboolean ok;
} Setter;

static void
vs (Setter *st, const char *name, int v, const char *value)
{
  if (st->ok)
    st->ok = mf_igraph_check (igraph_cattribute_VAS_set (st->g, name, v, value), st->what,
                              st->error);
}

static void
vn (Setter *st, const char *name, int v, double value)
{
  if (st->ok)
    st->ok = mf_igraph_check (igraph_cattribute_VAN_set (st->g, name, v, value), st->what,
                              st->error);
}

static void
es (Setter *st, const char *name, int e, const char *value)
{
  if (st->ok)
    st->ok = mf_igraph_check (igraph_cattribute_EAS_set (st->g, name, e, value), st->what,
                              st->error);
}

static void
en (Setter *st, const char *name, int e, double value)
{
  if (st->ok)
    st->ok = mf_igraph_check (igraph_cattribute_EAN_set (st->g, name, e, value), st->what,
                              st->error);
}

static void
set_vertices (Setter *st, const MfLinkState *view, const gboolean *group_dead, int external)
{
  const MfTopology *t = mf_link_state_get_topology (view);

  for (int g = 0; g < t->n_routing_groups && st->ok; g++)
    {
      const MfRoutingGroup *rg = &t->routing_groups[g];
      int master = mf_link_state_get_master (view, g);
      g_autofree char *members = server_list (t, rg->n_members, rg->members);
      gint64 mailboxes = 0;
      const char *state = rg->n_members == 0                 ? "EMPTY"
                          : group_dead != NULL && group_dead[g] ? "DOWN"
                                                                : "UP";

      for (int i = 0; i < rg->n_members; i++)
        mailboxes += t->servers[rg->members[i]].mailboxes;
      vs (st, "name", g, rg->name);
      vs (st, "label", g, rg->name);
      vs (st, "kind", g, "routing-group");
      vs (st, "state", g, state);
      vs (st, "master", g, master >= 0 ? t->servers[master].name : "");
      vs (st, "members", g, members);
      vn (st, "servers", g, rg->n_members);
      vn (st, "mailboxes", g, (double) mailboxes);
    }
  if (external >= 0)
    {
      vs (st, "name", external, MF_EXPORT_EXTERNAL_VERTEX);
      vs (st, "label", external, MF_EXPORT_EXTERNAL_VERTEX);
      vs (st, "kind", external, "external");
      vs (st, "state", external, "UP");
      vs (st, "master", external, "");
      vs (st, "members", external, "");
      vn (st, "servers", external, 0);
      vn (st, "mailboxes", external, 0);
    }
}

static void
set_edges (Setter *st, const MfLinkState *view)
{
  const MfTopology *t = mf_link_state_get_topology (view);

  for (int c = 0; c < t->n_connectors && st->ok; c++)
    {
      const MfConnector *k = &t->connectors[c];
      g_autofree char *bh = server_list (t, k->n_bridgeheads, k->bridgeheads);
      g_autofree char *rbh = server_list (t, k->n_remote_bridgeheads, k->remote_bridgeheads);
      g_autofree char *spaces = address_space_text (k);
      g_autofree char *sched = schedule_text (&k->schedule);
      g_autofree char *bandwidth = k->bandwidth_bps == MF_BANDWIDTH_UNLIMITED
                                       ? g_strdup ("unlimited")
                                       : mf_format_bandwidth (k->bandwidth_bps);
      g_autofree char *latency = mf_format_duration (k->latency_us);
      g_autofree char *max_size = k->max_message_size == MF_SIZE_UNLIMITED
                                      ? g_strdup ("unlimited")
                                      : mf_format_size (k->max_message_size);
      int cost = mf_link_state_get_cost (view, c);

      /* An address-space-only connector has no group cost: its cheapest
       * address space stands for it. */
      if (k->to < 0)
        for (int i = 0; i < k->n_address_spaces; i++)
          cost = i == 0 ? k->address_spaces[i].cost : MIN (cost, k->address_spaces[i].cost);
      es (st, "name", c, k->name);
      es (st, "label", c, k->name);
      es (st, "type", c, mf_connector_type_name (k->type));
      en (st, "cost", c, cost);
      es (st, "state", c, mf_link_state_is_up (view, c) ? "UP" : "DOWN");
      es (st, "bridgeheads", c, bh);
      es (st, "remoteBridgeheads", c, rbh);
      es (st, "addressSpaces", c, spaces);
      es (st, "scope", c, k->scope == MF_SCOPE_ROUTING_GROUP ? "routing-group" : "organization");
      es (st, "schedule", c, sched);
      es (st, "bandwidth", c, bandwidth);
      es (st, "latency", c, latency);
      en (st, "maxConnections", c, k->max_connections);
      es (st, "maxMessageSize", c, max_size);
      es (st, "mirrorOf", c, k->is_mirror ? t->connectors[k->mirror].name : "");
    }
}

static gboolean
write_format (const igraph_t *g, FILE *out, MfExportFormat format, GError **error)
{
  igraph_error_t rc;

  switch (format)
    {
    case MF_EXPORT_GRAPHML:
      /* Prefixed keys: vertices and edges both have "name". */
      rc = igraph_write_graph_graphml (g, out, TRUE);
      break;
    case MF_EXPORT_DOT:
      rc = igraph_write_graph_dot (g, out);
      break;
    case MF_EXPORT_GML:
      rc = igraph_write_graph_gml (g, out, IGRAPH_WRITE_GML_DEFAULT_SW, NULL, "msgflow");
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  if (rc == IGRAPH_EFILE || (rc == IGRAPH_SUCCESS && fflush (out) != 0))
    {
      int e = errno != 0 ? errno : EIO;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "cannot write the output: %s", g_strerror (e));
      return FALSE;
    }
  return mf_igraph_check (rc, "writing the graph", error);
}

/* Build, fill and write the graph; the attribute handler is installed. */
static gboolean
export_with_attributes (FILE *out, const MfLinkState *view, const gboolean *group_dead,
                        MfExportFormat format, GError **error)
{
  const MfTopology *t = mf_link_state_get_topology (view);
  int n_vertices = t->n_routing_groups, external = -1;
  igraph_vector_int_t edges;
  igraph_t g;
  igraph_error_t rc;
  Setter st = { &g, "export attributes", error, TRUE };

  for (int c = 0; c < t->n_connectors && external < 0; c++)
    if (t->connectors[c].to < 0)
      external = n_vertices++;
  if (!mf_igraph_check (igraph_vector_int_init (&edges, 2 * (igraph_integer_t) t->n_connectors),
                        "export graph", error))
    return FALSE;
  for (int c = 0; c < t->n_connectors; c++)
    {
      VECTOR (edges)[2 * c] = t->connectors[c].from;
      VECTOR (edges)[2 * c + 1] = t->connectors[c].to >= 0 ? t->connectors[c].to : external;
    }
  rc = igraph_create (&g, &edges, n_vertices, IGRAPH_DIRECTED);
  igraph_vector_int_destroy (&edges);
  if (!mf_igraph_check (rc, "export graph", error))
    return FALSE;

  if (st.ok)
    st.ok = mf_igraph_check (igraph_cattribute_GAS_set (&g, "name", t->org.name), st.what, error);
  if (st.ok)
    st.ok = mf_igraph_check (igraph_cattribute_GAS_set (&g, "topology", t->path), st.what, error);
  set_vertices (&st, view, group_dead, external);
  set_edges (&st, view);
  if (st.ok)
    st.ok = write_format (&g, out, format, error);
  igraph_destroy (&g);
  return st.ok;
}

/**
 * mf_export_write:
 * @out: where to write
 * @view: the link state whose states and costs are exported
 * @group_dead: (nullable): per routing group, TRUE when all its servers
 *   are down (failure.h), shown as the vertex state DOWN
 * @format: GraphML, DOT or GML
 * @error: return location
 *
 * Writes the routing graph (export.h) with these attributes.  Graph:
 * name, topology.  Vertices: name, label, kind (routing-group or
 * external), state (UP, DOWN or EMPTY), master, members, servers,
 * mailboxes.  Edges: name, label, type, cost, state (UP or DOWN),
 * bridgeheads, remoteBridgeheads, addressSpaces, scope, schedule,
 * bandwidth, latency, maxConnections, maxMessageSize, mirrorOf.  Lists are
 * comma-separated; numbers are numeric attributes, the rest strings.  Not
 * reentrant (see the file comment).  O(groups + connectors × attributes).
 *
 * Returns: FALSE with MF_IGRAPH_ERROR or G_FILE_ERROR set on failure
 */
gboolean
mf_export_write (FILE *out, const MfLinkState *view, const gboolean *group_dead,
                 MfExportFormat format, GError **error)
{
  g_return_val_if_fail (out != NULL && view != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  igraph_attribute_table_t *previous;
  gboolean ok;

  mf_igraph_init ();
  previous = igraph_set_attribute_table (&igraph_cattribute_table);
  ok = export_with_attributes (out, view, group_dead, format, error);
  igraph_set_attribute_table (previous);
  return ok;
}
