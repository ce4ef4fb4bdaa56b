/* route-choice.c — choosing one route among the equal-cost ones, uniformly
 * at connector level (mf_route_pick, mf_route_pick_first, next hops), and
 * listing them one by one (mf_route_get_equal, for `routes`).
 *
 * Every lowest-cost route has an index in a fixed enumeration; a uniform
 * number picks the index, and the walk back from the destination over the
 * tree's tight connectors finds the route with that index, weighting each
 * step by the routes it holds.  Integer arithmetic throughout, so the same
 * number always gives the same route.
 */
#define G_LOG_DOMAIN "msgflow-routing"

#include "model/routing-private.h"

/* Route r in [0, n) for u in [0, 1): the index of the chosen route in a
 * fixed enumeration of the n lowest-cost routes.  Choosing by an integer
 * index keeps every step exact, where rescaling a double would lose bits
 * at each hop. */
static guint64
route_index (double u, guint64 n)
{
  double x = CLAMP (u, 0.0, 1.0) * (double) n;

  if (n == 0)
    return 0;
  if (x >= (double) n)
    return n - 1;
  return MIN ((guint64) x, n - 1);
}

/* Of items with @weights (route counts), the one holding route *r; *r
 * becomes the route's index within that item.  Counts that saturated no
 * longer add up: *r is then folded into range, and the choice is no
 * longer exactly uniform (only past 2^64 routes). */
static int
choose_weighted (const guint64 *weights, int n, guint64 *r)
{
  guint64 total = 0, acc = 0;

  g_assert (n > 0);
  for (int i = 0; i < n; i++)
    total = sat_add (total, weights[i]);
  if (*r >= total)
    *r %= total;
  for (int i = 0; i < n; i++)
    {
      if (*r - acc < weights[i] || i == n - 1)
        {
          *r -= acc;
          if (*r >= weights[i])
            *r = weights[i] - 1;
          return i;
        }
      acc += weights[i];
    }
  g_assert_not_reached ();
}

/* Walk from @target back to the source, at each group taking the tight
 * connector whose routes hold route *r: every lowest-cost route has one
 * index, so the route is uniform when r is.  Appends the connectors
 * last-first to @out when given; returns the first connector. */
static int
walk_back (const MfRouteTree *t, int target, guint64 r, GArray *out)
{
  const int *conn_from = t->router->conn_from;
  int v = target, first = -1;
  guint64 small[8];
  g_autofree guint64 *big = NULL;
  int cap = G_N_ELEMENTS (small);
  guint64 *w = small;

  while (v != t->from)
    {
      int lo = t->dag_start[v], n = t->dag_start[v + 1] - lo;
      int c;
      if (n > cap)
        {
          cap = n;
          g_free (big);
          w = big = g_new (guint64, cap);
        }
      for (int i = 0; i < n; i++)
        w[i] = t->count[conn_from[t->dag_conn[lo + i]]];
      c = t->dag_conn[lo + choose_weighted (w, n, &r)];
      if (out != NULL)
        g_array_append_val (out, c);
      first = c;
      v = conn_from[c];
    }
  return first;
}

/* For a domain route: one of the tied SMTP connectors, weighted by the
 * routes to its group. */
static int
pick_terminal (const MfRouteTree *t, const int *terminals, int n, guint64 *r)
{
  const MfTopology *topo = t->router->topo;
  g_autofree guint64 *w = g_new (guint64, n);

  for (int i = 0; i < n; i++)
    w[i] = t->count[topo->connectors[terminals[i]].from];
  return terminals[choose_weighted (w, n, r)];
}

/**
 * mf_route_pick:
 * @route: a route from mf_route() or mf_route_tree_route()
 * @u01: a uniform random number in [0, 1)
 * @connectors: (out): an array of int, emptied and filled
 *
 * One of the route's lowest-cost routes, chosen uniformly at connector
 * level by @u01 (the same @u01 always gives the same route): route
 * floor(@u01 × n_equal) of a fixed enumeration, exact as long as n_equal
 * is below 2^53.  Given as the
 * connectors from the source to the destination.  Empty when there is no
 * route or no connector to cross.  O(path × in-degree).
 */
void
mf_route_pick (const MfRoute *route, double u01, GArray *connectors)
{
  g_return_if_fail (route != NULL && connectors != NULL);
  g_return_if_fail (g_array_get_element_size (connectors) == sizeof (int));

  mf_route_get_equal (route, route_index (u01, route->n_equal), connectors);
}

/**
 * mf_route_get_equal:
 * @route: a route from mf_route() or mf_route_tree_route()
 * @index: which of the route's n_equal lowest-cost routes (clamped)
 * @connectors: (out): an array of int, emptied and filled
 *
 * Lowest-cost route number @index of the enumeration mf_route_pick draws
 * from, as the connectors from the source to the destination.  Index 0 is
 * the representative route (`route->connectors`): each step back from the
 * destination takes the tight connector with the smallest id, as the
 * representative does.  Distinct indices below n_equal give distinct
 * routes while n_equal has not saturated.  Empty when there is no route or
 * no connector to cross.  O(path × in-degree).
 */
void
mf_route_get_equal (const MfRoute *route, guint64 index, GArray *connectors)
{
  g_return_if_fail (route != NULL && connectors != NULL);
  g_return_if_fail (g_array_get_element_size (connectors) == sizeof (int));

  const MfRouteTree *t = route->tree_;
  const MfTopology *topo = t->router->topo;
  guint64 r = route->n_equal > 0 ? MIN (index, route->n_equal - 1) : 0;
  int terminal = -1, target;

  g_array_set_size (connectors, 0);
  if (!route->reachable)
    return;
  if (route->to_kind == MF_DEST_DOMAIN)
    {
      terminal = pick_terminal (t, route->terminals_, route->n_terminals_, &r);
      target = topo->connectors[terminal].from;
    }
  else
    target = route->to;
  walk_back (t, target, r, connectors);
  for (guint i = 0, j = connectors->len; i + 1 < j; i++, j--)
    {
      int tmp = g_array_index (connectors, int, i);
      g_array_index (connectors, int, i) = g_array_index (connectors, int, j - 1);
      g_array_index (connectors, int, j - 1) = tmp;
    }
  if (terminal >= 0)
    g_array_append_val (connectors, terminal);
}

/**
 * mf_route_pick_first:
 *
 * The first connector of mf_route_pick (@route, @u01): the next hop.
 *
 * Returns: a connector id, or -1 when there is no route or the route
 *   crosses no connector (the source is the destination group).
 */
int
mf_route_pick_first (const MfRoute *route, double u01)
{
  g_return_val_if_fail (route != NULL, -1);

  const MfRouteTree *t = route->tree_;
  const MfTopology *topo = t->router->topo;
  guint64 r = route_index (u01, route->n_equal);

  if (!route->reachable)
    return -1;
  if (route->to_kind == MF_DEST_DOMAIN)
    {
      int terminal = pick_terminal (t, route->terminals_, route->n_terminals_, &r);
      if (topo->connectors[terminal].from == t->from)
        return terminal;
      return walk_back (t, topo->connectors[terminal].from, r, NULL);
    }
  return route->to == t->from ? -1 : walk_back (t, route->to, r, NULL);
}

/**
 * mf_router_next_hop:
 * @u01: a uniform random number in [0, 1)
 * @hop: (out caller-allocates): the result
 *
 * What mf_route_pick_first (mf_route (...), @u01) gives, without building
 * the route: the next connector on a lowest-cost route chosen uniformly.
 * Allocates nothing on a cache hit for a routing group.
 *
 * Returns: FALSE with MF_IGRAPH_ERROR set when igraph fails
 */
/**
 * mf_route_tree_next_hop:
 * @tree: a tree from mf_router_get_tree
 * @u01: a uniform random number in [0, 1)
 * @hop: (out caller-allocates): the result
 *
 * The next connector on a lowest-cost route from the tree's source to @to,
 * chosen uniformly among the equal-cost routes.  For a caller that keeps a
 * tree while its view does not change (the simulator: one per server),
 * this skips the cache look-up of mf_router_next_hop.  Allocates nothing
 * for a routing group.  O(path length) for a group; O(connectors with
 * address spaces) for a domain.
 */
void
mf_route_tree_next_hop (const MfRouteTree *t, const MfDestination *to, double u01, MfHop *hop)
{
  guint64 r;

  g_return_if_fail (t != NULL && to != NULL && hop != NULL);
  g_return_if_fail (to->kind != MF_DEST_ROUTING_GROUP
                    || (to->routing_group >= 0 && to->routing_group < t->router->n_groups));
  g_return_if_fail (to->kind != MF_DEST_DOMAIN || to->domain != NULL);

  *hop = (MfHop) { FALSE, -1, -1, 0 };
  if (to->kind == MF_DEST_ROUTING_GROUP)
    {
      int g = to->routing_group;
      if (t->dist[g] < 0)
        return;
      r = route_index (u01, t->count[g]);
      *hop = (MfHop) { TRUE, g == t->from ? -1 : walk_back (t, g, r, NULL), t->dist[g], t->count[g] };
      return;
    }

  g_autoptr (GArray) terminals = g_array_new (FALSE, FALSE, sizeof (int));
  MfDomainChoice dc = { .terminals = terminals };
  mf_routing_choose_domain (t, to->domain, &dc, NULL);
  if (dc.cost < 0)
    return;
  r = route_index (u01, dc.n_equal);
  int terminal = pick_terminal (t, (const int *) (const void *) terminals->data,
                                (int) terminals->len, &r);
  int g = t->router->topo->connectors[terminal].from;
  *hop = (MfHop) { TRUE, g == t->from ? terminal : walk_back (t, g, r, NULL), dc.cost, dc.n_equal };
}

gboolean
mf_router_next_hop (MfRouter *router, const MfLinkState *view, int from,
                    const MfDestination *to, guint64 size_bytes, double u01, MfHop *hop,
                    GError **error)
{
  g_return_val_if_fail (router != NULL && view != NULL && to != NULL && hop != NULL, FALSE);
  g_return_val_if_fail (to->kind != MF_DEST_ROUTING_GROUP
                        || (to->routing_group >= 0 && to->routing_group < router->n_groups),
                        FALSE);
  g_return_val_if_fail (to->kind != MF_DEST_DOMAIN || to->domain != NULL, FALSE);

  g_autoptr (MfRouteTree) t = mf_router_get_tree (router, view, from, size_bytes, error);

  if (t == NULL)
    return FALSE;
  mf_route_tree_next_hop (t, to, u01, hop);
  return TRUE;
}

/**
 * mf_router_is_lowest_first_hop:
 * @view: the link state to judge in (the simulator passes the
 *   organisation's initial state)
 * @connector: a connector leaving routing group @from
 *
 * Whether some lowest-cost route from @from to @to in @view starts with
 * @connector: its cost plus the lowest cost onwards from where it leads
 * equals the lowest cost from @from (for an SMTP connector that serves
 * the domain itself, whether it is one of the tied ones).  A destination
 * @view cannot reach at all counts as TRUE: nothing to compare with.
 * Used to tell a detour from a usual route (the report's "rerouted").
 */
gboolean
mf_router_is_lowest_first_hop (MfRouter *router, const MfLinkState *view, int from,
                               const MfDestination *to, guint64 size_bytes, int connector)
{
  MfHop best, onwards;
  const MfConnector *c;

  g_return_val_if_fail (router != NULL && view != NULL && to != NULL, TRUE);
  g_return_val_if_fail (connector >= 0 && connector < router->topo->n_connectors, TRUE);

  g_autoptr (MfRouteTree) t = mf_router_get_tree (router, view, from, size_bytes, NULL);
  if (t == NULL)
    return TRUE;
  mf_route_tree_next_hop (t, to, 0.0, &best);
  if (!best.reachable)
    return TRUE;
  c = &router->topo->connectors[connector];
  if (c->from != from)
    return FALSE;
  if (c->to < 0)
    {
      /* An SMTP connector with address spaces: the route ends here. */
      if (to->kind != MF_DEST_DOMAIN)
        return FALSE;
      g_autoptr (GArray) terminals = g_array_new (FALSE, FALSE, sizeof (int));
      MfDomainChoice dc = { .terminals = terminals };
      mf_routing_choose_domain (t, to->domain, &dc, NULL);
      for (guint i = 0; i < terminals->len; i++)
        if (g_array_index (terminals, int, i) == connector)
          return TRUE;
      return FALSE;
    }
  if (!mf_link_state_is_up (view, connector))
    return FALSE;
  g_autoptr (MfRouteTree) next = mf_router_get_tree (router, view, c->to, size_bytes, NULL);
  if (next == NULL)
    return FALSE;
  mf_route_tree_next_hop (next, to, 0.0, &onwards);
  return onwards.reachable && mf_link_state_get_cost (view, connector) + onwards.cost == best.cost;
}
