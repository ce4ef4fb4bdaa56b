/* route-explain.c — why a route was not taken (MF_ROUTE_EXPLAIN): the
 * rejections that are not about address spaces, their order, and the
 * reasons' names.
 *
 * Explaining costs four more Dijkstra runs per route and is asked for by
 * `trace` and the tests, never by the simulator's hot path.  The
 * address-space reasons are recorded by route-select.c while it chooses;
 * here come DOWN or too-small connectors on routes that would have been no
 * dearer, and first hops that lead only to dearer routes or to none.
 */
#define G_LOG_DOMAIN "msgflow-routing"

#include "model/routing-private.h"

#include <math.h>

/* Distances from every group to the nearest of @n targets, each with an
 * offset added (mode IN), under @weights; -1 when none is reachable. */
static gboolean
dist_to_targets (const MfRouter *r, const igraph_vector_t *weights, const int *targets,
                 const int *offsets, int n, int *out, GError **error)
{
  igraph_vector_int_t vids;
  igraph_matrix_t res;
  igraph_error_t rc;

  for (int v = 0; v < r->n_groups; v++)
    out[v] = -1;
  if (n == 0)
    return TRUE;
  if (!mf_igraph_check (igraph_vector_int_init (&vids, n), "routing targets", error))
    return FALSE;
  for (int i = 0; i < n; i++)
    VECTOR (vids)[i] = targets[i];
  rc = igraph_matrix_init (&res, 0, 0);
  if (rc != IGRAPH_SUCCESS)
    {
      igraph_vector_int_destroy (&vids);
      return mf_igraph_check (rc, "routing distances", error);
    }
  rc = igraph_distances_dijkstra (&r->graph, &res, igraph_vss_vector (&vids), igraph_vss_all (),
                                  weights, IGRAPH_IN);
  if (rc == IGRAPH_SUCCESS)
    for (int i = 0; i < n; i++)
      for (int v = 0; v < r->n_groups; v++)
        {
          igraph_real_t d = MATRIX (res, i, v);
          if (isfinite (d) && (out[v] < 0 || (int) d + offsets[i] < out[v]))
            out[v] = (int) d + offsets[i];
        }
  igraph_matrix_destroy (&res);
  igraph_vector_int_destroy (&vids);
  return mf_igraph_check (rc, "Dijkstra to the destination", error);
}

/* Distances from @from to every group under @weights, -1 when unreachable. */
static gboolean
dist_from_source (const MfRouter *r, const igraph_vector_t *weights, int from, int *out,
                  GError **error)
{
  igraph_matrix_t res;
  igraph_error_t rc;

  if (!mf_igraph_check (igraph_matrix_init (&res, 0, 0), "routing distances", error))
    return FALSE;
  rc = igraph_distances_dijkstra (&r->graph, &res, igraph_vss_1 (from), igraph_vss_all (),
                                  weights, IGRAPH_OUT);
  if (rc == IGRAPH_SUCCESS)
    for (int v = 0; v < r->n_groups; v++)
      out[v] = isfinite (MATRIX (res, 0, v)) ? (int) MATRIX (res, 0, v) : -1;
  igraph_matrix_destroy (&res);
  return mf_igraph_check (rc, "Dijkstra from the source", error);
}

static int
cmp_rejection (gconstpointer a, gconstpointer b)
{
  const MfRejection *x = a, *y = b;
  return (x->connector > y->connector) - (x->connector < y->connector);
}

/* The rejections that are not about address spaces: connectors that are
 * DOWN or too small for the message although a route through them would
 * cost no more than the chosen one (or would exist at all, when there is
 * no route), and connectors leaving the source that lead only to dearer
 * routes or to none.  Costs are computed with the view's costs; "would"
 * routes ignore every state and size limit.  Four Dijkstra runs. */
static gboolean
explain_paths (const MfRouter *r, const MfLinkState *view, const MfRoute *route,
               const MfRouteTree *t, GArray *rejections, GError **error)
{
  const MfTopology *topo = r->topo;
  const guint8 *up = mf_link_state_get_up_states (view);
  const int *costs = mf_link_state_get_costs (view);
  g_autofree int *targets = g_new (int, (gsize) r->n_smtp + 1);
  g_autofree int *offsets = g_new (int, (gsize) r->n_smtp + 1);
  g_autofree int *use_targets = g_new (int, (gsize) r->n_smtp + 1);
  g_autofree int *use_offsets = g_new (int, (gsize) r->n_smtp + 1);
  g_autofree int *d0_from = g_new (int, r->n_groups);
  g_autofree int *d0_to = g_new (int, r->n_groups);
  g_autofree int *d_to = g_new (int, r->n_groups);
  int n_targets = 0, n_use = 0;
  int chosen = route->reachable ? route->cost : G_MAXINT;
  igraph_vector_t w0, w;
  gboolean ok;

  if (route->to_kind == MF_DEST_ROUTING_GROUP)
    {
      targets[0] = use_targets[0] = route->to;
      offsets[0] = use_offsets[0] = 0;
      n_targets = n_use = 1;
    }
  else
    for (int i = 0; i < r->n_smtp; i++)
      {
        /* The connectors at the kept level, visible and big enough: the
         * "would" routes may use them whatever their state. */
        const MfConnector *k = &topo->connectors[r->smtp[i]];
        int as;
        if (mf_routing_match_connector (k, route->domain, &as) != route->specificity
            || route->specificity < 0
            || (k->scope == MF_SCOPE_ROUTING_GROUP && k->from != route->from)
            || r->limit_rank[r->smtp[i]] < t->size_class)
          continue;
        targets[n_targets] = k->from;
        offsets[n_targets++] = as;
        if (t->smtp_up[i] == MF_LINK_UP)
          {
            use_targets[n_use] = k->from;
            use_offsets[n_use++] = as;
          }
      }
  if (!mf_igraph_check (igraph_vector_init (&w0, r->n_edges), "routing weights", error))
    return FALSE;
  if (!mf_igraph_check (igraph_vector_init (&w, r->n_edges), "routing weights", error))
    {
      igraph_vector_destroy (&w0);
      return FALSE;
    }
  for (int e = 0; e < r->n_edges; e++)
    {
      int c = r->edge_connector[e];
      VECTOR (w0)[e] = costs[c];
      VECTOR (w)[e] = usable (r, up, c, t->size_class) ? (igraph_real_t) costs[c] : IGRAPH_INFINITY;
    }
  ok = dist_from_source (r, &w0, route->from, d0_from, error);
  ok = ok && dist_to_targets (r, &w0, targets, offsets, n_targets, d0_to, error);
  ok = ok && dist_to_targets (r, &w, use_targets, use_offsets, n_use, d_to, error);
  igraph_vector_destroy (&w);
  igraph_vector_destroy (&w0);
  if (!ok)
    return FALSE;

  for (int e = 0; e < r->n_edges; e++)
    {
      int c = r->edge_connector[e];
      const MfConnector *k = &topo->connectors[c];
      if (usable (r, up, c, t->size_class))
        continue;
      if (d0_from[k->from] < 0 || d0_to[k->to] < 0)
        continue;
      int via = d0_from[k->from] + costs[c] + d0_to[k->to];
      if (via <= chosen)
        mf_routing_reject (rejections, c, up[c] == MF_LINK_UP ? MF_REJECT_SIZE : MF_REJECT_DOWN,
                           via);
    }
  for (int i = 0; i < topo->routing_groups[route->from].n_connectors; i++)
    {
      int c = topo->routing_groups[route->from].connectors[i];
      const MfConnector *k = &topo->connectors[c];
      if (k->to < 0 || !usable (r, up, c, t->size_class))
        continue;
      if (d_to[k->to] < 0)
        mf_routing_reject (rejections, c, MF_REJECT_UNREACHABLE, -1);
      else if (costs[c] + d_to[k->to] > chosen)
        mf_routing_reject (rejections, c, MF_REJECT_COSTLIER, costs[c] + d_to[k->to]);
    }
  return TRUE;
}

gboolean
mf_routing_explain (const MfRouter *r, const MfLinkState *view, MfRoute *route,
                    const MfRouteTree *t, GError **error)
{
  GArray *rj = route->rejections;
  guint kept = 0;

  if (!explain_paths (r, view, route, t, rj, error))
    return FALSE;
  /* By connector; a connector keeps its first (address-space) reason. */
  g_array_sort (rj, cmp_rejection);
  for (guint i = 0; i < rj->len; i++)
    if (kept == 0 || g_array_index (rj, MfRejection, kept - 1).connector
                         != g_array_index (rj, MfRejection, i).connector)
      g_array_index (rj, MfRejection, kept++) = g_array_index (rj, MfRejection, i);
  g_array_set_size (rj, kept);
  return TRUE;
}

/* A short English name for a reason, as `trace` prints it. */
const char *
mf_reject_reason_name (MfRejectReason reason)
{
  switch (reason)
    {
    case MF_REJECT_DOWN:
      return "down";
    case MF_REJECT_SIZE:
      return "message too large";
    case MF_REJECT_SCOPE:
      return "out of scope";
    case MF_REJECT_LESS_SPECIFIC:
      return "less specific address space";
    case MF_REJECT_UNREACHABLE:
      return "no route onward";
    case MF_REJECT_COSTLIER:
      return "costlier";
    default:
      g_return_val_if_reached ("unknown");
    }
}
