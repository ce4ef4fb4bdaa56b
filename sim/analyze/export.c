/* export.c — GraphML and GML through igraph, DOT written here (export.h).
 *
 * igraph writes attributes only through an attribute handler, a process-
 * wide setting.  msgflow's other graphs (the router's) are made without
 * one, and a graph must be destroyed under the handler it was made with;
 * so mf_export_write installs igraph's C attribute handler only while its
 * own graph exists, and puts the previous one back before returning.  No
 * other igraph graph is created or destroyed in between (msgflow is
 * single-threaded).  Every igraph call is checked; the graph and the edge
 * vector are destroyed on every path.
 *
 * TRUST: names, the organisation name and above all the file's path are
 * text the user chose.  Every string attribute goes through export_text
 * first, so that each format can carry it; igraph's GraphML and GML
 * writers escape the rest correctly (& < > " ' as entities).  Its DOT
 * writer does not (bare IDs such as `1.2.3` or `-`, string values left
 * unquoted), so the DOT text is written here from the same graph, every
 * ID and every value quoted.
 */
#define G_LOG_DOMAIN "msgflow-export"

#include "analyze/export.h"

#include <errno.h>
#include <igraph.h>
#include <string.h>

#include "base/igraph-util.h"
#include "base/number-format.h"

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

/* Text every format can carry: valid UTF-8 (a path need not be), without
 * control characters other than tab and newline and without U+FFFE and
 * U+FFFF, which XML 1.0 admits in no form, not even as references (and
 * which igraph's GraphML writer refuses).  Each such character or invalid
 * byte becomes U+FFFD. */
static char *
export_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *s = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0';)
    {
      gunichar c = g_utf8_get_char (p);
      int len = g_utf8_skip[(guchar) *p];
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || c == 0xfffe || c == 0xffff)
        g_string_append_unichar (s, 0xfffd);
      else
        g_string_append_len (s, p, len);
      p += len;
    }
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
    {
      g_autofree char *text = export_text (value);
      st->ok = mf_igraph_check (igraph_cattribute_VAS_set (st->g, name, v, text), st->what,
                                st->error);
    }
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
    {
      g_autofree char *text = export_text (value);
      st->ok = mf_igraph_check (igraph_cattribute_EAS_set (st->g, name, e, text), st->what,
                                st->error);
    }
}

static void
gs (Setter *st, const char *name, const char *value)
{
  if (st->ok)
    {
      g_autofree char *text = export_text (value);
      st->ok = mf_igraph_check (igraph_cattribute_GAS_set (st->g, name, text), st->what,
                                st->error);
    }
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

/* ------------------------------------------------------------ DOT */

/* A DOT quoted string.  DOT itself escapes only the quote, but Graphviz
 * reads labels as escString (`\n` a line break, `\N` the node's name, a
 * lone backslash dropped), so backslashes are doubled too and a newline
 * is written `\n`: the text never ends the string early nor spans a line,
 * whatever it holds. */
static void
dot_quote (GString *s, const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '"' || *p == '\\')
      g_string_append_printf (s, "\\%c", *p);
    else if (*p == '\n')
      g_string_append (s, "\\n");
    else
      g_string_append_c (s, *p);
  g_string_append_c (s, '"');
}

typedef struct {
  igraph_strvector_t names;
  igraph_vector_int_t types;
} AttrList;

enum { ON_GRAPH, ON_VERTEX, ON_EDGE };

static gboolean
attr_list_init (AttrList *l, GError **error)
{
  if (!mf_igraph_check (igraph_strvector_init (&l->names, 0), "DOT attributes", error))
    return FALSE;
  if (!mf_igraph_check (igraph_vector_int_init (&l->types, 0), "DOT attributes", error))
    {
      igraph_strvector_destroy (&l->names);
      return FALSE;
    }
  return TRUE;
}

/* ` [name="value", …]` with every attribute of one graph, vertex or edge,
 * in the order they were set.  Attribute names are this file's own plain
 * letters (export.h), valid bare IDs; numbers are quoted like the rest. */
static void
dot_attributes (GString *s, const igraph_t *g, const AttrList *l, int on, igraph_integer_t id)
{
  g_string_append (s, " [");
  for (igraph_integer_t i = 0; i < igraph_strvector_size (&l->names); i++)
    {
      const char *name = igraph_strvector_get (&l->names, i);
      char num[MF_NUMBER_BUF];
      const char *value;

      if (VECTOR (l->types)[i] == IGRAPH_ATTRIBUTE_NUMERIC)
        {
          mf_number_format_shortest (num, on == ON_GRAPH    ? igraph_cattribute_GAN (g, name)
                                          : on == ON_VERTEX ? igraph_cattribute_VAN (g, name, id)
                                                            : igraph_cattribute_EAN (g, name, id));
          value = num;
        }
      else
        value = on == ON_GRAPH    ? igraph_cattribute_GAS (g, name)
                : on == ON_VERTEX ? igraph_cattribute_VAS (g, name, id)
                                  : igraph_cattribute_EAS (g, name, id);
      g_string_append_printf (s, "%s%s=", i > 0 ? ", " : "", name);
      dot_quote (s, value);
    }
  g_string_append (s, "];\n");
}

/* The graph as DOT: each vertex's ID is its name (routing group names are
 * unique and "(external)" is no group's name), each edge joins two names;
 * every ID and value quoted (dot_quote). */
static gboolean
write_dot (const igraph_t *g, FILE *out, GError **error)
{
  AttrList l[3];
  int n = 0;
  gboolean ok;

  while (n < 3 && attr_list_init (&l[n], error))
    n++;
  ok = n == 3
       && mf_igraph_check (igraph_cattribute_list (g, &l[ON_GRAPH].names, &l[ON_GRAPH].types,
                                                   &l[ON_VERTEX].names, &l[ON_VERTEX].types,
                                                   &l[ON_EDGE].names, &l[ON_EDGE].types),
                           "DOT attributes", error);
  if (ok)
    {
      g_autoptr (GString) s = g_string_new ("digraph {\n  graph");

      dot_attributes (s, g, &l[ON_GRAPH], ON_GRAPH, 0);
      for (igraph_integer_t v = 0; v < igraph_vcount (g); v++)
        {
          g_string_append (s, "  ");
          dot_quote (s, igraph_cattribute_VAS (g, "name", v));
          dot_attributes (s, g, &l[ON_VERTEX], ON_VERTEX, v);
        }
      for (igraph_integer_t e = 0; e < igraph_ecount (g); e++)
        {
          g_string_append (s, "  ");
          dot_quote (s, igraph_cattribute_VAS (g, "name", IGRAPH_FROM (g, e)));
          g_string_append (s, " -> ");
          dot_quote (s, igraph_cattribute_VAS (g, "name", IGRAPH_TO (g, e)));
          dot_attributes (s, g, &l[ON_EDGE], ON_EDGE, e);
        }
      g_string_append (s, "}\n");
      errno = 0;
      if (fwrite (s->str, 1, s->len, out) != s->len)
        {
          int e = errno != 0 ? errno : EIO;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                       "cannot write the output: %s", g_strerror (e));
          ok = FALSE;
        }
    }
  while (n-- > 0)
    {
      igraph_strvector_destroy (&l[n].names);
      igraph_vector_int_destroy (&l[n].types);
    }
  return ok;
}

static gboolean
write_format (const igraph_t *g, FILE *out, MfExportFormat format, GError **error)
{
  igraph_error_t rc;

  errno = 0;
  switch (format)
    {
    case MF_EXPORT_GRAPHML:
      /* Prefixed keys: vertices and edges both have "name". */
      rc = igraph_write_graph_graphml (g, out, TRUE);
      break;
    case MF_EXPORT_DOT:
      if (!write_dot (g, out, error))
        return FALSE;
      rc = IGRAPH_SUCCESS;
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

  gs (&st, "name", t->org.name);
  gs (&st, "topology", t->path);
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
