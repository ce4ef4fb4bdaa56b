/* routes-report-json.c — `msgflow routes --json` (routes-report.h).
 *
 * The same pairs and facts as the text: each route with its equal-cost
 * alternatives, a domain's matched address spaces and, with --down, what
 * it was; each pair without a route with the router's rejections.  Streamed
 * (json-writer.h), names escaped once: the all-pairs table of a large
 * organisation has a million entries.
 */
#define G_LOG_DOMAIN "msgflow-routes"

#include "analyze/routes-report-private.h"

#include <string.h>

#include "base/json-writer.h"

typedef struct {
  const MfTopology *topo;
  RoutesDetail detail;
  MfJsonWriter *w;
  GArray *unreachable; /* pairs (from, to) as 2 ints; to = -1 for the domain */
  char **group_json;   /* names as JSON literals, escaped once */
  gsize *group_len;
  char **conn_json;
  gsize *conn_len;
  char *domain_json;
  int *conn_to;        /* compact copy of each connector's `to` */
  GArray *path;        /* scratch: one equal-cost route */
} JsonCtx;

static void
raw_group (JsonCtx *ctx, int g)
{
  mf_json_writer_raw_value (ctx->w, ctx->group_json[g], ctx->group_len[g]);
}

static void
raw_to (JsonCtx *ctx, int to)
{
  if (to >= 0)
    raw_group (ctx, to);
  else
    mf_json_writer_raw_value (ctx->w, ctx->domain_json, strlen (ctx->domain_json));
}

/* "path" (the groups) and "connectors" of one route. */
static void
write_path (JsonCtx *ctx, int from, int n_hops, int n_connectors, const int *connectors)
{
  MfJsonWriter *w = ctx->w;

  mf_json_writer_key (w, "path");
  mf_json_writer_begin_array (w);
  raw_group (ctx, from);
  for (int i = 0; i < n_hops; i++)
    raw_group (ctx, ctx->conn_to[connectors[i]]);
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "connectors");
  mf_json_writer_begin_array (w);
  for (int i = 0; i < n_connectors; i++)
    mf_json_writer_raw_value (w, ctx->conn_json[connectors[i]], ctx->conn_len[connectors[i]]);
  mf_json_writer_end_array (w);
}

/* "was": null when --down changed nothing for the pair, else the route
 * before (cost -1 and empty lists when there was none). */
static void
write_was (JsonCtx *ctx, int from, const RoutesSide *was, gboolean changed)
{
  MfJsonWriter *w = ctx->w;

  if (ctx->detail.q->before == NULL)
    return;
  mf_json_writer_key (w, "was");
  if (!changed)
    {
      mf_json_writer_null (w);
      return;
    }
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "cost");
  mf_json_writer_int (w, was->reachable ? was->cost : -1);
  if (was->reachable)
    write_path (ctx, from, was->n_hops, was->n_connectors, was->connectors);
  else
    write_path (ctx, from, -1, 0, NULL);
  mf_json_writer_key (w, "equal_cost_paths");
  mf_json_writer_uint (w, was->reachable ? was->n_equal : 0);
  mf_json_writer_end_object (w);
}

/* "alternatives": the other lowest-cost routes, up to MF_ROUTES_MAX_EQUAL
 * routes in all; for a domain, "address_spaces": what each tied SMTP
 * connector matched. */
static void
write_equal (JsonCtx *ctx, const RoutesPair *p)
{
  const MfTopology *topo = ctx->topo;
  MfJsonWriter *w = ctx->w;
  MfDestination dest = mf_routes_pair_destination (&ctx->detail, p);
  g_autoptr (MfRoute) route = NULL;
  guint64 shown = MIN (p->now.n_equal, (guint64) MF_ROUTES_MAX_EQUAL);

  /* A route to a group with no tie needs no MfRoute: the common case of
   * the all-pairs table stays free of allocations. */
  if (p->now.n_equal > 1 || p->to < 0)
    route = mf_route_tree_route (p->tree, &dest);
  mf_json_writer_key (w, "alternatives");
  mf_json_writer_begin_array (w);
  for (guint64 i = 1; i < shown; i++)
    {
      int len;
      mf_route_get_equal (route, i, ctx->path);
      len = (int) ctx->path->len;
      mf_json_writer_begin_object (w);
      write_path (ctx, p->from, p->to < 0 ? len - 1 : len, len,
                  (const int *) (const void *) ctx->path->data);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  if (p->to >= 0)
    return;

  int n = 0;
  const int *smtp = mf_route_get_smtp_connectors (route, &n);
  mf_json_writer_key (w, "address_spaces");
  mf_json_writer_begin_array (w);
  for (int i = 0; i < n; i++)
    {
      const MfConnector *k = &topo->connectors[smtp[i]];
      int a = mf_connector_address_space (k, route->domain);
      g_autofree char *space = NULL;
      if (a < 0)
        continue;
      space = g_strdup_printf ("SMTP:%s", k->address_spaces[a].pattern);
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "connector");
      mf_json_writer_raw_value (w, ctx->conn_json[smtp[i]], ctx->conn_len[smtp[i]]);
      mf_json_writer_key (w, "type");
      mf_json_writer_string (w, mf_connector_type_name (k->type));
      mf_json_writer_key (w, "routing_group");
      raw_group (ctx, k->from);
      mf_json_writer_key (w, "address_space");
      mf_json_writer_string (w, space);
      mf_json_writer_key (w, "cost");
      mf_json_writer_int (w, k->address_spaces[a].cost);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
}

static gboolean
json_pair (const RoutesPair *p, gpointer data, GError **error)
{
  JsonCtx *ctx = data;
  MfJsonWriter *w = ctx->w;

  (void) error;
  if (!p->now.reachable)
    {
      int pair[2] = { p->from, p->to };
      g_array_append_vals (ctx->unreachable, pair, 2);
      return TRUE;
    }
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "from");
  raw_group (ctx, p->from);
  mf_json_writer_key (w, "to");
  raw_to (ctx, p->to);
  mf_json_writer_key (w, "cost");
  mf_json_writer_int (w, p->now.cost);
  write_path (ctx, p->from, p->now.n_hops, p->now.n_connectors, p->now.connectors);
  mf_json_writer_key (w, "equal_cost_paths");
  mf_json_writer_uint (w, p->now.n_equal);
  write_equal (ctx, p);
  write_was (ctx, p->from, &p->was, p->changed);
  mf_json_writer_end_object (w);
  return TRUE;
}

/* "rejected": the router's reasons for a pair without a route, as `trace
 * --json` writes them (those mf_routes_rejection_shown keeps); null past
 * MF_ROUTES_MAX_EXPLAINED pairs.  For a domain sent by DNS, "out_of_scope":
 * the connectors that match but whose scope hides them. */
static void
write_rejected (JsonCtx *ctx, const MfRoute *why, gboolean scope_only)
{
  MfJsonWriter *w = ctx->w;

  mf_json_writer_key (w, scope_only ? "out_of_scope" : "rejected");
  if (why == NULL)
    {
      mf_json_writer_null (w);
      return;
    }
  mf_json_writer_begin_array (w);
  for (guint k = 0; why->rejections != NULL && k < why->rejections->len; k++)
    {
      const MfRejection *rj = &g_array_index (why->rejections, MfRejection, k);
      if (!mf_routes_rejection_shown (ctx->topo, why, rj))
        continue;
      if (scope_only)
        {
          if (rj->reason == MF_REJECT_SCOPE)
            mf_json_writer_raw_value (w, ctx->conn_json[rj->connector],
                                      ctx->conn_len[rj->connector]);
          continue;
        }
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "connector");
      mf_json_writer_raw_value (w, ctx->conn_json[rj->connector], ctx->conn_len[rj->connector]);
      mf_json_writer_key (w, "reason");
      mf_json_writer_string (w, mf_reject_reason_name (rj->reason));
      mf_json_writer_key (w, "cost");
      mf_json_writer_int (w, rj->cost);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
}

/* The pairs without a route: "unreachable" (@dns FALSE) or, for a domain
 * no connector serves, "direct_dns" (@dns TRUE). */
static gboolean
write_unreachable (JsonCtx *ctx, gboolean dns, GError **error)
{
  const MfTopology *topo = ctx->topo;
  const MfRoutesQuery *q = ctx->detail.q;
  MfJsonWriter *w = ctx->w;

  mf_json_writer_key (w, dns ? "direct_dns" : "unreachable");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < ctx->unreachable->len; i += 2)
    {
      int from = g_array_index (ctx->unreachable, int, i);
      int to = g_array_index (ctx->unreachable, int, i + 1);
      RoutesPair p = { .from = from, .to = to };
      MfDestination dest = mf_routes_pair_destination (&ctx->detail, &p);
      g_autoptr (MfRoute) why = NULL;
      g_autoptr (MfRoute) was = NULL;

      if (dns != (to < 0 && mf_route_by_dns (topo, from, q->domain)))
        continue;
      if (!mf_routes_explain (&ctx->detail, &p, &why, error))
        return FALSE;
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "from");
      raw_group (ctx, from);
      mf_json_writer_key (w, "to");
      raw_to (ctx, to);
      if (dns)
        {
          const MfRoutingGroup *rg = &topo->routing_groups[from];
          mf_json_writer_key (w, "servers");
          mf_json_writer_begin_array (w);
          for (int m = 0; m < rg->n_members; m++)
            {
              const MfServer *sv = &topo->servers[rg->members[m]];
              g_autofree char *way
                  = !sv->direct_internet ? g_strdup ("none")
                    : sv->smart_host != NULL ? g_strdup_printf ("smart-host %s", sv->smart_host)
                                             : g_strdup ("dns");
              mf_json_writer_begin_object (w);
              mf_json_writer_key (w, "server");
              mf_json_writer_string (w, sv->name);
              mf_json_writer_key (w, "via");
              mf_json_writer_string (w, way);
              mf_json_writer_end_object (w);
            }
          mf_json_writer_end_array (w);
          write_rejected (ctx, why, TRUE);
          mf_json_writer_end_object (w);
          continue;
        }
      write_rejected (ctx, why, FALSE);
      if (q->before != NULL)
        {
          was = mf_route (ctx->detail.router, q->before, from, &dest, q->size_bytes,
                          MF_ROUTE_DEFAULT, error);
          if (was == NULL)
            return FALSE;
          RoutesSide side = { was->reachable, was->cost, was->n_equal, MAX (was->n_path - 1, 0),
                              was->n_connectors, was->connectors };
          write_was (ctx, from, &side, was->reachable);
        }
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  return TRUE;
}

/**
 * mf_routes_write_json:
 * @out: where to write
 * @router: the router of @view's topology
 * @view: the link state
 * @query: the pairs, the message size and the view before --down
 * @error: return location
 *
 * Writes {"routes": [...], "unreachable": [...], "direct_dns": [...]},
 * one entry per line.  A route has `from`, `to`, `cost`, `path`,
 * `connectors`, `equal_cost_paths`, `alternatives` (the other lowest-cost
 * routes, each `path` and `connectors`), for a domain `address_spaces`,
 * and with query->before `was`.  For a domain, `to` is the domain, the
 * path ends at the group of the SMTP connector and `connectors` ends with
 * it.  An unreachable pair has `from`, `to`, `rejected` and with
 * query->before `was`.  O(sources × E log V + output), plus four Dijkstra
 * runs per pair without a route (at most MF_ROUTES_MAX_EXPLAINED).
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
  g_autoptr (GArray) path = g_array_new (FALSE, FALSE, sizeof (int));
  g_auto (GStrv) group_json = g_new0 (char *, (gsize) topo->n_routing_groups + 1);
  g_auto (GStrv) conn_json = g_new0 (char *, (gsize) topo->n_connectors + 1);
  g_autofree gsize *group_len = g_new (gsize, (gsize) topo->n_routing_groups + 1);
  g_autofree gsize *conn_len = g_new (gsize, (gsize) topo->n_connectors + 1);
  g_autofree char *domain_json = mf_json_quote (query->domain != NULL ? query->domain : "");
  g_autofree int *conn_to = g_new (int, (gsize) topo->n_connectors + 1);
  JsonCtx ctx = { topo, { router, view, query, 0 }, w, unreachable, group_json, group_len,
                  conn_json, conn_len, domain_json, conn_to, path };

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
  if (!mf_routes_for_each_pair (router, view, query, json_pair, &ctx, error))
    return FALSE;
  mf_json_writer_end_array (w);
  /* No connector matches: each server's virtual server sends by itself. */
  if (!write_unreachable (&ctx, FALSE, error) || !write_unreachable (&ctx, TRUE, error))
    return FALSE;
  mf_json_writer_end_object (w);
  return mf_json_writer_finish (w, error);
}
