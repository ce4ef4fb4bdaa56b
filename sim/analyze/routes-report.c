/* routes-report.c — the walk over a query's pairs and the text output of
 * `msgflow routes` (routes-report.h).
 *
 * Two shapes of text.  Without --from and --to: the link-state table as
 * WinRoute shows it, then one line per pair (the all-pairs table), with
 * the route before --down under every changed line and the reasons under
 * "Unreachable".  With --from or --to: only the pairs asked for, each in
 * full (routes-report-detail.c); --table puts the first shape before them.
 * A pair of a group with itself is listed only when the query names both.
 */
#define G_LOG_DOMAIN "msgflow-routes"

#include "analyze/routes-report-private.h"

#include <errno.h>
#include <string.h>

gboolean
mf_routes_query_is_all (const MfRoutesQuery *query)
{
  return query->from < 0 && query->to_kind == MF_DEST_ROUTING_GROUP && query->to < 0;
}

static void
side_from_route (RoutesSide *side, const MfRoute *route)
{
  *side = (RoutesSide) { route->reachable, route->cost, route->n_equal,
                         MAX (route->n_path - 1, 0), route->n_connectors, route->connectors };
}

static void
side_from_tree (RoutesSide *side, const MfRouteTree *tree, int t, int *connectors)
{
  int hops = mf_route_tree_get_path (tree, t, connectors);

  *side = (RoutesSide) { hops >= 0, mf_route_tree_get_cost (tree, t),
                         mf_route_tree_get_n_equal (tree, t), MAX (hops, 0), MAX (hops, 0),
                         connectors };
}

static gboolean
sides_differ (const RoutesSide *a, const RoutesSide *b)
{
  return a->reachable != b->reachable || a->cost != b->cost || a->n_equal != b->n_equal
         || a->n_connectors != b->n_connectors
         || (a->n_connectors > 0
             && memcmp (a->connectors, b->connectors, sizeof (int) * (gsize) a->n_connectors) != 0);
}

gboolean
mf_routes_for_each_pair (MfRouter *router, const MfLinkState *view, const MfRoutesQuery *q,
                         RoutesPairFunc func, gpointer data, GError **error)
{
  const MfTopology *topo = mf_router_get_topology (router);
  int n = topo->n_routing_groups;
  int s_lo = q->from >= 0 ? q->from : 0, s_hi = q->from >= 0 ? q->from + 1 : n;
  gboolean one_pair = q->from >= 0 && q->to_kind == MF_DEST_ROUTING_GROUP && q->to >= 0;
  g_autofree int *now = g_new (int, (gsize) n + 1);
  g_autofree int *was = g_new (int, (gsize) n + 1);

  if (q->from < 0 && !mf_router_prepare (router, view, q->size_bytes, error))
    return FALSE;
  if (q->from < 0 && q->before != NULL
      && !mf_router_prepare (router, q->before, q->size_bytes, error))
    return FALSE;
  for (int s = s_lo; s < s_hi; s++)
    {
      g_autoptr (MfRouteTree) tree = mf_router_get_tree (router, view, s, q->size_bytes, error);
      g_autoptr (MfRouteTree) before = NULL;
      if (tree == NULL)
        return FALSE;
      if (q->before != NULL)
        {
          before = mf_router_get_tree (router, q->before, s, q->size_bytes, error);
          if (before == NULL)
            return FALSE;
        }
      if (q->to_kind == MF_DEST_DOMAIN)
        {
          MfDestination d = mf_destination_domain (q->domain);
          g_autoptr (MfRoute) route = mf_route_tree_route (tree, &d);
          g_autoptr (MfRoute) old = before != NULL ? mf_route_tree_route (before, &d) : NULL;
          RoutesPair p = { .from = s, .to = -1, .tree = tree };
          side_from_route (&p.now, route);
          p.was = p.now;
          if (old != NULL)
            {
              side_from_route (&p.was, old);
              p.changed = sides_differ (&p.now, &p.was);
            }
          if (!func (&p, data, error))
            return FALSE;
          continue;
        }
      int t_lo = q->to >= 0 ? q->to : 0, t_hi = q->to >= 0 ? q->to + 1 : n;
      for (int t = t_lo; t < t_hi; t++)
        {
          if (t == s && !one_pair)
            continue;
          RoutesPair p = { .from = s, .to = t, .tree = tree };
          side_from_tree (&p.now, tree, t, now);
          p.was = p.now;
          if (before != NULL)
            {
              side_from_tree (&p.was, before, t, was);
              p.changed = sides_differ (&p.now, &p.was);
            }
          if (!func (&p, data, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------- link-state table */

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

/* ------------------------------------------------------------ text */

typedef struct {
  const MfTopology *topo;
  RoutesDetail detail;
  FILE *out;
  GString *buf;
  GString *unreachable;
  int width_from;
  int width_to;
  int n_routes;
  int n_pairs;
  gboolean reasons_left_out; /* past MF_ROUTES_MAX_EXPLAINED */
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

/* One line of the all-pairs table; a pair without a route goes under
 * "Unreachable" with its reasons. */
static gboolean
table_pair (const RoutesPair *p, gpointer data, GError **error)
{
  TextCtx *ctx = data;
  const MfTopology *topo = ctx->topo;
  const char *to = topo->routing_groups[p->to].name;
  const char *from = topo->routing_groups[p->from].name;

  if (!p->now.reachable)
    {
      g_autoptr (MfRoute) why = NULL;
      g_string_append_printf (ctx->unreachable, "  %s -> %s", from, to);
      if (!mf_routes_explain (&ctx->detail, p, &why, error))
        return FALSE;
      if (why != NULL)
        {
          g_string_append (ctx->unreachable, ": ");
          mf_routes_append_reasons (ctx->unreachable, topo, why, ctx->detail.q->size_bytes, "; ");
        }
      else
        ctx->reasons_left_out = TRUE;
      g_string_append_c (ctx->unreachable, '\n');
      if (p->changed)
        {
          g_string_append (ctx->unreachable, "    ");
          mf_routes_append_was (ctx->unreachable, topo, p, to);
          g_string_append_c (ctx->unreachable, '\n');
        }
      return TRUE;
    }
  ctx->n_routes++;
  g_string_append_printf (ctx->buf, "  %-*s  %-*s  %4d  %5" G_GUINT64_FORMAT "  ",
                          ctx->width_from, from, ctx->width_to, to, p->now.cost, p->now.n_equal);
  mf_routes_append_path (ctx->buf, topo, p->from, to, p->now.n_hops, p->now.n_connectors,
                         p->now.connectors);
  g_string_append_c (ctx->buf, '\n');
  if (p->changed)
    {
      g_string_append (ctx->buf, "    ");
      mf_routes_append_was (ctx->buf, topo, p, to);
      g_string_append_c (ctx->buf, '\n');
    }
  return ctx->buf->len < 64 * 1024 || flush_text (ctx, error);
}

/* The link-state table and the all-pairs table. */
static gboolean
write_table (TextCtx *ctx, const MfLinkState *view, const MfRoutesQuery *query,
             const char *what_if, GError **error)
{
  const MfTopology *topo = ctx->topo;
  MfRoutesQuery all = *query;

  all.from = -1;
  all.to_kind = MF_DEST_ROUTING_GROUP;
  all.to = -1;
  all.domain = NULL;
  ctx->detail.q = &all;
  for (int g = 0; g < topo->n_routing_groups; g++)
    {
      int len = (int) strlen (topo->routing_groups[g].name);
      ctx->width_from = MAX (ctx->width_from, len);
      ctx->width_to = MAX (ctx->width_to, len);
    }
  append_table (ctx->buf, view, query, what_if);
  g_string_append (ctx->buf, "\nRoutes\n");
  g_string_append_printf (ctx->buf, "  %-*s  %-*s  %4s  %5s  %s\n", ctx->width_from, "From",
                          ctx->width_to, "To", "Cost", "Equal", "Path");
  if (!mf_routes_for_each_pair (ctx->detail.router, view, &all, table_pair, ctx, error))
    return FALSE;
  ctx->detail.q = query;
  if (ctx->n_routes == 0)
    g_string_append (ctx->buf, "  (none)\n");
  if (ctx->unreachable->len > 0)
    {
      g_string_append (ctx->buf, "\nUnreachable\n");
      g_string_append_len (ctx->buf, ctx->unreachable->str, (gssize) ctx->unreachable->len);
      if (ctx->reasons_left_out)
        g_string_append_printf (ctx->buf, "  (reasons left out past %d pairs without a route)\n",
                                MF_ROUTES_MAX_EXPLAINED);
    }
  return TRUE;
}

/* One pair of a query, in full; pairs are separated by a blank line. */
static gboolean
detail_pair (const RoutesPair *p, gpointer data, GError **error)
{
  TextCtx *ctx = data;

  if (ctx->n_pairs++ > 0)
    g_string_append_c (ctx->buf, '\n');
  if (!mf_routes_append_detail (ctx->buf, &ctx->detail, p, error))
    return FALSE;
  return ctx->buf->len < 64 * 1024 || flush_text (ctx, error);
}

/**
 * mf_routes_write_text:
 * @what_if: (nullable): what --down changed, for the general info
 *
 * Without a --from or --to (mf_routes_query_is_all): the WinRoute-like
 * report: general info (organisation, digest, counts), each routing group
 * with its master, versions, members and connectors (state, cost,
 * bridgeheads, address spaces, scope, size limit), then every pair's
 * route (cost, number of equal-cost routes, the representative path; with
 * query->before, "was ..." under every changed one) and the pairs without
 * a route, with the router's reasons.  With a --from or --to: the pairs
 * asked for, each in full (routes-report-detail.c), after that report
 * when query->table.  O(table + sources × E log V + output), plus four
 * Dijkstra runs per pair without a route (at most
 * MF_ROUTES_MAX_EXPLAINED).
 *
 * Returns: FALSE with MF_IGRAPH_ERROR or G_FILE_ERROR set on failure
 */
gboolean
mf_routes_write_text (FILE *out, MfRouter *router, const MfLinkState *view,
                      const MfRoutesQuery *query, const char *what_if, GError **error)
{
  g_return_val_if_fail (out != NULL && router != NULL && view != NULL && query != NULL, FALSE);
  g_return_val_if_fail (query->to_kind != MF_DEST_DOMAIN || query->domain != NULL, FALSE);

  const MfTopology *topo = mf_router_get_topology (router);
  g_autoptr (GString) buf = g_string_new (NULL);
  g_autoptr (GString) unreachable = g_string_new (NULL);
  TextCtx ctx = { topo, { router, view, query, 0 }, out, buf, unreachable, 4, 2, 0, 0, FALSE };
  gboolean all = mf_routes_query_is_all (query);

  if (all || query->table)
    {
      if (!write_table (&ctx, view, query, what_if, error))
        return FALSE;
      if (!all)
        g_string_append_c (buf, '\n');
    }
  if (!all && !mf_routes_for_each_pair (router, view, query, detail_pair, &ctx, error))
    return FALSE;
  if (!all && ctx.n_pairs == 0)
    g_string_append (buf, "(no other routing group)\n");
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
