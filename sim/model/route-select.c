/* route-select.c — selecting a route (MfRoute, routing.h) from a tree:
 * to a routing group, or to a domain through the address spaces of SMTP
 * and X.400 connectors.
 *
 * For a domain the candidates are the connectors whose address spaces
 * match; scope and size limits remove some, the most specific level is
 * kept (a DOWN connector still holds its level), and the lowest total cost
 * (route to the connector's group plus the address-space cost) wins, ties
 * kept as terminals for route-choice.c.  Every candidate set aside can be
 * recorded with its reason; the other reasons are route-explain.c's.
 */
#define G_LOG_DOMAIN "msgflow-routing"

#include "model/routing-private.h"

/* The address space of @k that routing uses for @domain (routing.h). */
int
mf_connector_address_space (const MfConnector *k, const char *domain)
{
  int best = -1, best_level = -1;

  g_return_val_if_fail (k != NULL && domain != NULL, -1);
  for (int a = 0; a < k->n_address_spaces; a++)
    {
      int level = mf_address_space_match (k->address_spaces[a].pattern, domain);
      if (level < 0)
        continue;
      if (level > best_level
          || (level == best_level && k->address_spaces[a].cost < k->address_spaces[best].cost))
        {
          best = a;
          best_level = level;
        }
    }
  return best;
}

/* How well connector @c's address spaces match @domain: the best
 * specificity (-1: no match) and, at that level, the lowest cost. */
int
mf_routing_match_connector (const MfConnector *k, const char *domain, int *cost)
{
  int a = mf_connector_address_space (k, domain);

  if (a < 0)
    {
      *cost = -1;
      return -1;
    }
  *cost = k->address_spaces[a].cost;
  return mf_address_space_match (k->address_spaces[a].pattern, domain);
}

/* Whether mail to @domain from group @from leaves by DNS from the virtual
 * server: no SMTP connector visible from @from (scope) has an address
 * space that matches it, whatever the connectors' states and sizes. */
gboolean
mf_route_by_dns (const MfTopology *topo, int from, const char *domain)
{
  for (int c = 0; c < topo->n_connectors; c++)
    {
      const MfConnector *k = &topo->connectors[c];
      int cost;
      if (k->scope == MF_SCOPE_ROUTING_GROUP && k->from != from)
        continue;
      if (mf_routing_match_connector (k, domain, &cost) >= 0)
        return FALSE;
    }
  return TRUE;
}

void
mf_routing_reject (GArray *rejections, int connector, MfRejectReason reason, int cost)
{
  MfRejection rj = { connector, reason, cost };

  if (rejections != NULL)
    g_array_append_val (rejections, rj);
}

/* The address-space selection of routing.h for a domain from the tree's
 * source.  Fills @dc; with @rejections, says why each matching connector
 * is not chosen.  O(smtp connectors × address spaces). */
void
mf_routing_choose_domain (const MfRouteTree *t, const char *domain, MfDomainChoice *dc,
                          GArray *rejections)
{
  const MfRouter *r = t->router;
  const MfTopology *topo = r->topo;
  g_autofree int *level = g_new (int, (gsize) r->n_smtp + 1);
  g_autofree int *as_cost = g_new (int, (gsize) r->n_smtp + 1);

  dc->cost = -1;
  dc->specificity = -1;
  dc->n_equal = 0;
  for (int i = 0; i < r->n_smtp; i++)
    {
      int c = r->smtp[i];
      const MfConnector *k = &topo->connectors[c];
      level[i] = mf_routing_match_connector (k, domain, &as_cost[i]);
      if (level[i] < 0)
        continue;
      if (k->scope == MF_SCOPE_ROUTING_GROUP && k->from != t->from)
        {
          mf_routing_reject (rejections, c, MF_REJECT_SCOPE, -1);
          level[i] = -1;
          continue;
        }
      /* A size limit is a restriction, part of candidacy like the scope
       * (reference §4 step 1): a message too large for the specific
       * connectors may use a less specific one. */
      if (r->limit_rank[c] < t->size_class)
        {
          int d = t->dist[k->from];
          mf_routing_reject (rejections, c, MF_REJECT_SIZE, d >= 0 ? d + as_cost[i] : -1);
          level[i] = -1;
          continue;
        }
      dc->specificity = MAX (dc->specificity, level[i]);
    }
  for (int i = 0; i < r->n_smtp; i++)
    {
      int c = r->smtp[i];
      int d = t->dist[r->conn_from[c]];
      if (level[i] < 0)
        continue;
      if (level[i] < dc->specificity)
        {
          mf_routing_reject (rejections, c, MF_REJECT_LESS_SPECIFIC, d >= 0 ? d + as_cost[i] : -1);
          level[i] = -1;
        }
      else if (t->smtp_up[i] != MF_LINK_UP)
        {
          /* Still defines the level above: no fall-back while it is down. */
          mf_routing_reject (rejections, c, MF_REJECT_DOWN, d >= 0 ? d + as_cost[i] : -1);
          level[i] = -1;
        }
      else if (d < 0)
        {
          mf_routing_reject (rejections, c, MF_REJECT_UNREACHABLE, -1);
          level[i] = -1;
        }
      else if (dc->cost < 0 || d + as_cost[i] < dc->cost)
        dc->cost = d + as_cost[i];
    }
  for (int i = 0; i < r->n_smtp; i++)
    {
      int c = r->smtp[i];
      int total;
      if (level[i] < 0)
        continue;
      total = t->dist[r->conn_from[c]] + as_cost[i];
      if (total == dc->cost)
        {
          dc->n_equal = sat_add (dc->n_equal, t->count[r->conn_from[c]]);
          if (dc->terminals != NULL)
            g_array_append_val (dc->terminals, c);
        }
      else
        mf_routing_reject (rejections, c, MF_REJECT_COSTLIER, total);
    }
}

/* Set route->path and route->connectors to the representative route to
 * @target, plus @last (an SMTP connector, or -1). */
static void
set_path (MfRoute *route, const MfRouteTree *t, int target, int last)
{
  const int *conn_from = t->router->conn_from;
  int hops = 0;
  int v;

  for (v = target; v != t->from; v = conn_from[t->pred[v]])
    hops++;
  route->n_path = hops + 1;
  route->path = g_new (int, route->n_path);
  route->n_connectors = hops + (last >= 0);
  route->connectors = g_new (int, (gsize) route->n_connectors + 1);
  v = target;
  for (int i = hops; i > 0; i--)
    {
      route->path[i] = v;
      route->connectors[i - 1] = t->pred[v];
      v = conn_from[t->pred[v]];
    }
  route->path[0] = t->from;
  if (last >= 0)
    route->connectors[hops] = last;
}

static MfRoute *
route_new (MfRouteTree *t, const MfDestination *to)
{
  MfRoute *route = g_new0 (MfRoute, 1);

  route->from = t->from;
  route->to_kind = to->kind;
  route->to = -1;
  route->cost = -1;
  route->specificity = -1;
  route->domain = to->kind == MF_DEST_DOMAIN ? g_strdup (to->domain) : NULL;
  route->tree_ = mf_route_tree_ref (t);
  return route;
}

/* Fill @route from the tree; with @rejections, the domain candidates'
 * reasons are appended. */
static void
fill_route (MfRoute *route, const MfRouteTree *t, const MfDestination *to, GArray *rejections)
{
  if (to->kind == MF_DEST_ROUTING_GROUP)
    {
      int g = to->routing_group;
      route->to = g;
      if (t->dist[g] < 0)
        return;
      route->reachable = TRUE;
      route->cost = t->dist[g];
      route->n_equal = t->count[g];
      set_path (route, t, g, -1);
      return;
    }

  g_autoptr (GArray) terminals = g_array_new (FALSE, FALSE, sizeof (int));
  MfDomainChoice dc = { .terminals = terminals };
  mf_routing_choose_domain (t, to->domain, &dc, rejections);
  route->specificity = dc.specificity;
  if (dc.cost < 0)
    return;
  int first = g_array_index (terminals, int, 0);
  route->reachable = TRUE;
  route->to = t->router->topo->connectors[first].from;
  route->cost = dc.cost;
  route->n_equal = dc.n_equal;
  route->n_terminals_ = (int) terminals->len;
  route->terminals_ = g_memdup2 (terminals->data, sizeof (int) * terminals->len);
  set_path (route, t, route->to, first);
}

/**
 * mf_route_tree_route:
 * @tree: the lowest-cost routes from one source
 * @to: a routing group or a domain
 *
 * The route from the tree's source to @to (see routing.h for the rules),
 * without rejections.  A route to the source's own group costs 0 and has
 * no connector.  O(path length), plus O(smtp connectors × address spaces)
 * for a domain.
 *
 * Returns: (transfer full): the route; `reachable` is FALSE when there is
 *   none
 */
MfRoute *
mf_route_tree_route (MfRouteTree *tree, const MfDestination *to)
{
  g_return_val_if_fail (tree != NULL && to != NULL, NULL);
  g_return_val_if_fail (to->kind != MF_DEST_ROUTING_GROUP
                        || (to->routing_group >= 0 && to->routing_group < tree->router->n_groups),
                        NULL);
  g_return_val_if_fail (to->kind != MF_DEST_DOMAIN || to->domain != NULL, NULL);

  MfRoute *route = route_new (tree, to);
  fill_route (route, tree, to, NULL);
  return route;
}

/**
 * mf_route:
 * @router: the router of @view's topology
 * @view: the link state to route with (a server's own view in a simulation)
 * @from: the source routing group
 * @to: a routing group or a domain (lower-case)
 * @size_bytes: the message size; 0 lets every size limit pass
 * @flags: MF_ROUTE_EXPLAIN to fill `rejections`
 * @error: return location
 *
 * Selects the route as routing.h describes.  O(E log V) on a cache miss,
 * O(connectors + path) on a hit; MF_ROUTE_EXPLAIN adds four Dijkstra runs.
 *
 * Returns: (transfer full): the route (`reachable` FALSE when there is
 *   none), or NULL with MF_IGRAPH_ERROR set when igraph fails
 */
MfRoute *
mf_route (MfRouter *router, const MfLinkState *view, int from, const MfDestination *to,
          guint64 size_bytes, MfRouteFlags flags, GError **error)
{
  g_return_val_if_fail (router != NULL && view != NULL && to != NULL, NULL);
  g_return_val_if_fail (to->kind != MF_DEST_ROUTING_GROUP
                        || (to->routing_group >= 0 && to->routing_group < router->n_groups),
                        NULL);
  g_return_val_if_fail (to->kind != MF_DEST_DOMAIN || to->domain != NULL, NULL);

  g_autoptr (MfRouteTree) tree = mf_router_get_tree (router, view, from, size_bytes, error);
  g_autoptr (MfRoute) route = NULL;

  if (tree == NULL)
    return NULL;
  route = route_new (tree, to);
  if (flags & MF_ROUTE_EXPLAIN)
    route->rejections = g_array_new (FALSE, FALSE, sizeof (MfRejection));
  fill_route (route, tree, to, route->rejections);
  if ((flags & MF_ROUTE_EXPLAIN) && !mf_routing_explain (router, view, route, tree, error))
    return NULL;
  return g_steal_pointer (&route);
}

const int *
mf_route_get_smtp_connectors (const MfRoute *route, int *n)
{
  g_return_val_if_fail (route != NULL && n != NULL, NULL);
  *n = route->n_terminals_;
  return route->terminals_;
}

void
mf_route_free (MfRoute *route)
{
  if (route == NULL)
    return;
  g_free (route->domain);
  g_free (route->path);
  g_free (route->connectors);
  if (route->rejections != NULL)
    g_array_unref (route->rejections);
  mf_route_tree_unref (route->tree_);
  g_free (route->terminals_);
  g_free (route);
}
