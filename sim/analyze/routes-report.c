/* routes-report.c — text and JSON outputs of `msgflow routes`
 * (routes-report.h).
 *
 * Pairs: every source (or the one asked for) in file order; for each, every
 * other routing group (or the one asked for) in file order, or the domain.
 * A pair of a group with itself is never listed.  JSON is streamed
 * (json-writer.h): the all-pairs table of a large organisation has a
 * million entries.
 */
#define G_LOG_DOMAIN "msgflow-routes"

#include "analyze/routes-report.h"

#include <errno.h>
#include <string.h>

#include "base/json-writer.h"

/* One pair's route, as the outputs need it. */
typedef struct {
  int from;
  int to;                /* the destination group; -1 for the domain */
  gboolean reachable;
  int cost;
  guint64 n_equal;
  int n_hops;            /* group-to-group connectors; the path has n_hops + 1 groups */
  int n_connectors;      /* n_hops, + 1 for a domain's SMTP connector */
  const int *connectors; /* (transfer none) */
} Pair;

typedef gboolean (*PairFunc) (const Pair *pair, gpointer data, GError **error);

/* Routes to groups come straight from the tree, without allocating: the
 * all-pairs table of a large organisation has a million of them. */
static gboolean
for_each_pair (MfRouter *router, const MfLinkState *view, const MfRoutesQuery *q,
               PairFunc func, gpointer data, GError **error)
{
  const MfTopology *topo = mf_router_get_topology (router);
  int n = topo->n_routing_groups;
  int s_lo = q->from >= 0 ? q->from : 0, s_hi = q->from >= 0 ? q->from + 1 : n;
  g_autofree int *connectors = g_new (int, (gsize) n + 1);

  if (q->from < 0 && !mf_router_prepare (router, view, q->size_bytes, error))
    return FALSE;
  for (int s = s_lo; s < s_hi; s++)
    {
      g_autoptr (MfRouteTree) tree = mf_router_get_tree (router, view, s, q->size_bytes, error);
      if (tree == NULL)
        return FALSE;
      if (q->to_kind == MF_DEST_DOMAIN)
        {
          MfDestination d = mf_destination_domain (q->domain);
          g_autoptr (MfRoute) route = mf_route_tree_route (tree, &d);
          Pair p = { s, -1, route->reachable, route->cost, route->n_equal,
                     MAX (route->n_path - 1, 0), route->n_connectors, route->connectors };
          if (!func (&p, data, error))
            return FALSE;
          continue;
        }
      int t_lo = q->to >= 0 ? q->to : 0, t_hi = q->to >= 0 ? q->to + 1 : n;
      for (int t = t_lo; t < t_hi; t++)
        {
          if (t == s)
            continue;
          int hops = mf_route_tree_get_path (tree, t, connectors);
          Pair p = { s, t, hops >= 0, mf_route_tree_get_cost (tree, t),
                     mf_route_tree_get_n_equal (tree, t), MAX (hops, 0), MAX (hops, 0),
                     connectors };
          if (!func (&p, data, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------- direct DNS */

/* How a server of a group with no matching connector sends to the
 * Internet: "dns", "smart-host NAME", or "none" (direct-internet = no). */
static char *
dns_way (const MfServer *s)
{
  if (!s->direct_internet)
    return g_strdup ("none");
  if (s->smart_host != NULL)
    return g_strdup_printf ("smart-host %s", s->smart_host);
  return g_strdup ("dns");
}

/* ------------------------------------------------------------ JSON */

typedef struct {
  const MfTopology *topo;
  MfJsonWriter *w;
  GArray *unreachable; /* pairs (from, to) as 2 ints; to = -1 for the domain */
  char **group_json;   /* names as JSON literals, escaped once */
  gsize *group_len;
  char **conn_json;
  gsize *conn_len;
  char *domain_json;
  int *conn_to;        /* compact copy of each connector's `to` */
} JsonCtx;

static gboolean
json_pair (const Pair *p, gpointer data, GError **error)
{
  JsonCtx *ctx = data;
  MfJsonWriter *w = ctx->w;
  int g;

  (void) error;
  if (!p->reachable)
    {
      int pair[2] = { p->from, p->to };
      g_array_append_vals (ctx->unreachable, pair, 2);
      return TRUE;
    }
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "from");
  mf_json_writer_raw_value (w, ctx->group_json[p->from], ctx->group_len[p->from]);
  mf_json_writer_key (w, "to");
  if (p->to >= 0)
    mf_json_writer_raw_value (w, ctx->group_json[p->to], ctx->group_len[p->to]);
  else
    mf_json_writer_raw_value (w, ctx->domain_json, strlen (ctx->domain_json));
  mf_json_writer_key (w, "cost");
  mf_json_writer_int (w, p->cost);
  mf_json_writer_key (w, "path");
  mf_json_writer_begin_array (w);
  g = p->from;
  mf_json_writer_raw_value (w, ctx->group_json[g], ctx->group_len[g]);
  for (int i = 0; i < p->n_hops; i++)
    {
      g = ctx->conn_to[p->connectors[i]];
      mf_json_writer_raw_value (w, ctx->group_json[g], ctx->group_len[g]);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "connectors");
  mf_json_writer_begin_array (w);
  for (int i = 0; i < p->n_connectors; i++)
    mf_json_writer_raw_value (w, ctx->conn_json[p->connectors[i]],
                              ctx->conn_len[p->connectors[i]]);
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "equal_cost_paths");
  mf_json_writer_uint (w, p->n_equal);
  mf_json_writer_end_object (w);
  return TRUE;
}

/**
 * mf_routes_write_json:
 * @out: where to write
 * @router: the router of @view's topology
 * @view: the link state
 * @query: the pairs and the message size
 * @error: return location
 *
 * Writes {"routes": [...], "unreachable": [...]},
 * one entry per line.  For a domain, `to` is the domain, the path ends at
 * the group of the SMTP connector and `connectors` ends with it.
 * O(sources × E log V + output).
 *
 * Returns: FALSE with MF_IGRAPH_ERROR or G_FILE_ERROR set on failure
 */
gboolean
mf_routes_write_json (FILE *out, MfRouter *router, const MfLinkState *view,
                      const MfRoutesQuery *query, GError **error)
{
  g_return_val_if_fail (out != NULL && router != NULL && view != NULL && query != NULL, FALSE);
  g_return_val_if_fail (query->to_kind != MF_DEST_DOMAIN || query->domain != NULL, FALSE);

  const MfTopology *topo = mf_router_get_topology (router);
  g_autoptr (MfJsonWriter) w = mf_json_writer_new (out);
  g_autoptr (GArray) unreachable = g_array_new (FALSE, FALSE, sizeof (int));
  g_auto (GStrv) group_json = g_new0 (char *, (gsize) topo->n_routing_groups + 1);
  g_auto (GStrv) conn_json = g_new0 (char *, (gsize) topo->n_connectors + 1);
  g_autofree gsize *group_len = g_new (gsize, (gsize) topo->n_routing_groups + 1);
  g_autofree gsize *conn_len = g_new (gsize, (gsize) topo->n_connectors + 1);
  g_autofree char *domain_json = mf_json_quote (query->domain != NULL ? query->domain : "");
  g_autofree int *conn_to = g_new (int, (gsize) topo->n_connectors + 1);
  JsonCtx ctx = { topo, w, unreachable, group_json, group_len, conn_json, conn_len, domain_json,
                  conn_to };

  for (int g = 0; g < topo->n_routing_groups; g++)
    {
      group_json[g] = mf_json_quote (topo->routing_groups[g].name);
      group_len[g] = strlen (group_json[g]);
    }
  for (int c = 0; c < topo->n_connectors; c++)
    {
      conn_json[c] = mf_json_quote (topo->connectors[c].name);
      conn_len[c] = strlen (conn_json[c]);
      conn_to[c] = topo->connectors[c].to;
    }
  mf_json_writer_set_line_depth (w, 2);
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "routes");
  mf_json_writer_begin_array (w);
  if (!for_each_pair (router, view, query, json_pair, &ctx, error))
    return FALSE;
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "unreachable");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < unreachable->len; i += 2)
    {
      int from = g_array_index (unreachable, int, i), to = g_array_index (unreachable, int, i + 1);
      if (to < 0 && mf_route_by_dns (topo, from, query->domain))
        continue; /* in direct_dns */
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "from");
      mf_json_writer_raw_value (w, group_json[from], group_len[from]);
      mf_json_writer_key (w, "to");
      if (to >= 0)
        mf_json_writer_raw_value (w, group_json[to], group_len[to]);
      else
        mf_json_writer_raw_value (w, domain_json, strlen (domain_json));
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  /* No connector matches: each server's virtual server sends by itself. */
  mf_json_writer_key (w, "direct_dns");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < unreachable->len; i += 2)
    {
      int from = g_array_index (unreachable, int, i), to = g_array_index (unreachable, int, i + 1);
      const MfRoutingGroup *rg = &topo->routing_groups[from];
      if (to >= 0 || !mf_route_by_dns (topo, from, query->domain))
        continue;
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "from");
      mf_json_writer_raw_value (w, group_json[from], group_len[from]);
      mf_json_writer_key (w, "to");
      mf_json_writer_raw_value (w, domain_json, strlen (domain_json));
      mf_json_writer_key (w, "servers");
      mf_json_writer_begin_array (w);
      for (int m = 0; m < rg->n_members; m++)
        {
          const MfServer *sv = &topo->servers[rg->members[m]];
          g_autofree char *way = dns_way (sv);
          mf_json_writer_begin_object (w);
          mf_json_writer_key (w, "server");
          mf_json_writer_string (w, sv->name);
          mf_json_writer_key (w, "via");
          mf_json_writer_string (w, way);
          mf_json_writer_end_object (w);
        }
      mf_json_writer_end_array (w);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_end_object (w);
  return mf_json_writer_finish (w, error);
}

/* ------------------------------------------------------------ text */

static void
append_server_list (GString *out, const MfTopology *topo, int n, const int *ids)
{
  if (n == 0)
    g_string_append (out, "(none)");
  for (int i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", topo->servers[ids[i]].name);
}

static void
append_connector (GString *out, const MfLinkState *view, int c)
{
  const MfTopology *topo = mf_link_state_get_topology (view);
  const MfConnector *k = &topo->connectors[c];

  g_string_append_printf (out, "  Connector %s (%s)", k->name, mf_connector_type_name (k->type));
  if (k->to >= 0)
    g_string_append_printf (out, " -> %s", topo->routing_groups[k->to].name);
  g_string_append_printf (out, "\n    State: %s",
                          mf_link_state_is_up (view, c) ? "UP" : "DOWN");
  if (k->to >= 0)
    g_string_append_printf (out, "   Cost: %d", mf_link_state_get_cost (view, c));
  g_string_append (out, "\n    Bridgeheads: ");
  append_server_list (out, topo, k->n_bridgeheads, k->bridgeheads);
  if (k->to >= 0)
    {
      g_string_append (out, "\n    Remote bridgeheads: ");
      append_server_list (out, topo, k->n_remote_bridgeheads, k->remote_bridgeheads);
    }
  if (k->n_address_spaces > 0)
    {
      g_string_append (out, "\n    Address spaces: ");
      for (int a = 0; a < k->n_address_spaces; a++)
        g_string_append_printf (out, "%sSMTP:%s %d", a > 0 ? ", " : "",
                                k->address_spaces[a].pattern, k->address_spaces[a].cost);
    }
  if (k->type == MF_CONNECTOR_SMTP)
    g_string_append_printf (out, "\n    Scope: %s",
                            k->scope == MF_SCOPE_ROUTING_GROUP ? "routing group" : "organization");
  if (k->max_message_size != MF_SIZE_UNLIMITED)
    {
      g_autofree char *size = mf_format_size (k->max_message_size);
      g_string_append_printf (out, "\n    Max message size: %s", size);
    }
  g_string_append_c (out, '\n');
}

static void
append_table (GString *out, const MfLinkState *view, const MfRoutesQuery *q, const char *what_if)
{
  const MfTopology *topo = mf_link_state_get_topology (view);
  g_autofree char *digest = mf_link_state_digest (view);
  int down = mf_link_state_count_down (view);

  g_string_append (out, "General info\n");
  g_string_append_printf (out, "  Organization: %s\n", topo->org.name);
  g_string_append_printf (out, "  Topology: %s\n", topo->path);
  g_string_append_printf (out, "  Digest: %s\n", digest);
  g_string_append_printf (out, "  Routing groups: %d\n", topo->n_routing_groups);
  g_string_append_printf (out, "  Connectors: %d (%d UP, %d DOWN)\n", topo->n_connectors,
                          topo->n_connectors - down, down);
  if (what_if != NULL)
    g_string_append_printf (out, "  What-if: %s\n", what_if);
  if (q->size_bytes > 0)
    {
      g_autofree char *size = mf_format_size (q->size_bytes);
      g_string_append_printf (out, "  Message size: %s\n", size);
    }
  for (int g = 0; g < topo->n_routing_groups; g++)
    {
      const MfRoutingGroup *rg = &topo->routing_groups[g];
      MfLinkVersion v = mf_link_state_get_version (view, g);
      int master = mf_link_state_get_master (view, g);

      g_string_append_printf (out, "\nRouting group %s\n", rg->name);
      g_string_append_printf (out, "  Master: %s\n",
                              master >= 0 ? topo->servers[master].name : "(none)");
      g_string_append_printf (out, "  Version: major %u, minor %u, user %u\n", v.major, v.minor,
                              v.user);
      g_string_append (out, "  Members: ");
      append_server_list (out, topo, rg->n_members, rg->members);
      g_string_append_c (out, '\n');
      for (int i = 0; i < rg->n_connectors; i++)
        append_connector (out, view, rg->connectors[i]);
    }
}

typedef struct {
  const MfTopology *topo;
  const char *domain;
  FILE *out;
  GString *buf;
  GString *unreachable;
  int width_from;
  int width_to;
  int n_routes;
  GString *dns;        /* pairs that no connector serves: the DNS path */
} TextCtx;

static gboolean
flush_text (TextCtx *ctx, GError **error)
{
  if (ctx->buf->len > 0 && fwrite (ctx->buf->str, 1, ctx->buf->len, ctx->out) != ctx->buf->len)
    {
      int e = errno != 0 ? errno : EIO;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "cannot write the output: %s", g_strerror (e));
      return FALSE;
    }
  g_string_truncate (ctx->buf, 0);
  return TRUE;
}

static gboolean
text_pair (const Pair *p, gpointer data, GError **error)
{
  TextCtx *ctx = data;
  const MfTopology *topo = ctx->topo;
  const char *to = p->to >= 0 ? topo->routing_groups[p->to].name : ctx->domain;
  const char *from = topo->routing_groups[p->from].name;

  if (!p->reachable && p->to < 0 && mf_route_by_dns (topo, p->from, ctx->domain))
    {
      const MfRoutingGroup *rg = &topo->routing_groups[p->from];
      if (rg->n_members == 0)
        g_string_append_printf (ctx->dns, "  %s -> %s: no connector matches, and the group "
                                "has no servers\n", from, to);
      for (int m = 0; m < rg->n_members; m++)
        {
          const MfServer *sv = &topo->servers[rg->members[m]];
          if (!sv->direct_internet)
            g_string_append_printf (ctx->dns, "  %s -> %s: none from %s (direct-internet = no: "
                                    "NDR 5.4.4)\n", from, to, sv->name);
          else if (sv->smart_host != NULL)
            g_string_append_printf (ctx->dns, "  %s -> %s: through %s's smart host %s\n", from,
                                    to, sv->name, sv->smart_host);
          else
            g_string_append_printf (ctx->dns, "  %s -> %s: direct by DNS from %s's virtual "
                                    "server\n", from, to, sv->name);
        }
      return TRUE;
    }
  if (!p->reachable)
    {
      g_string_append_printf (ctx->unreachable, "  %s -> %s\n", from, to);
      return TRUE;
    }
  ctx->n_routes++;
  g_string_append_printf (ctx->buf, "  %-*s  %-*s  %4d  %5" G_GUINT64_FORMAT "  %s",
                          ctx->width_from, from, ctx->width_to, to, p->cost, p->n_equal, from);
  for (int i = 0; i < p->n_connectors; i++)
    {
      const MfConnector *k = &topo->connectors[p->connectors[i]];
      const char *next = i < p->n_hops ? topo->routing_groups[k->to].name : to;
      g_string_append_printf (ctx->buf, " -[%s]-> %s", k->name, next);
    }
  g_string_append_c (ctx->buf, '\n');
  return ctx->buf->len < 64 * 1024 || flush_text (ctx, error);
}

/**
 * mf_routes_write_text:
 * @what_if: (nullable): what --down changed, for the general info
 *
 * Writes the WinRoute-like report: general info (organisation, digest,
 * counts), each routing group with its master, versions, members and
 * connectors (state, cost, bridgeheads, address spaces, scope, size
 * limit), then the routes of the query (cost, number of equal-cost routes,
 * the representative path) and the unreachable pairs.
 * O(table + sources × E log V + output).
 *
 * Returns: FALSE with MF_IGRAPH_ERROR or G_FILE_ERROR set on failure
 */
gboolean
mf_routes_write_text (FILE *out, MfRouter *router, const MfLinkState *view,
                      const MfRoutesQuery *query, const char *what_if, GError **error)
{
  g_return_val_if_fail (out != NULL && router != NULL && view != NULL && query != NULL, FALSE);

  const MfTopology *topo = mf_router_get_topology (router);
  g_autoptr (GString) buf = g_string_new (NULL);
  g_autoptr (GString) unreachable = g_string_new (NULL);
  g_autoptr (GString) dns = g_string_new (NULL);
  TextCtx ctx = { topo, query->domain, out, buf, unreachable, 4, 2, 0, dns };

  for (int g = 0; g < topo->n_routing_groups; g++)
    {
      int len = (int) strlen (topo->routing_groups[g].name);
      ctx.width_from = MAX (ctx.width_from, len);
      ctx.width_to = MAX (ctx.width_to, len);
    }
  if (query->to_kind == MF_DEST_DOMAIN)
    ctx.width_to = MAX (2, (int) strlen (query->domain));

  append_table (buf, view, query, what_if);
  g_string_append (buf, "\nRoutes\n");
  g_string_append_printf (buf, "  %-*s  %-*s  %4s  %5s  %s\n", ctx.width_from, "From",
                          ctx.width_to, "To", "Cost", "Equal", "Path");
  if (!for_each_pair (router, view, query, text_pair, &ctx, error))
    return FALSE;
  if (ctx.n_routes == 0)
    g_string_append (buf, "  (none)\n");
  if (dns->len > 0)
    {
      g_string_append (buf, "\nNo connector: the virtual servers send directly\n");
      g_string_append_len (buf, dns->str, (gssize) dns->len);
    }
  if (unreachable->len > 0)
    {
      g_string_append (buf, "\nUnreachable\n");
      g_string_append_len (buf, unreachable->str, (gssize) unreachable->len);
    }
  if (!flush_text (&ctx, error))
    return FALSE;
  if (fflush (out) != 0)
    {
      int e = errno != 0 ? errno : EIO;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "cannot write the output: %s", g_strerror (e));
      return FALSE;
    }
  return TRUE;
}
