/* routes-report-detail.c — what `msgflow routes` shows of a pair beyond
 * its route (routes-report-private.h): the equal-cost routes, the address
 * space a domain matched, the route before --down, and why there is no
 * route.
 *
 * Every fact comes from routing.h: the equal-cost routes are the router's
 * own enumeration (mf_route_get_equal), the address space the one its
 * selection uses (mf_connector_address_space), and the reasons its
 * rejections (MF_ROUTE_EXPLAIN, route-explain.c) with their names
 * (mf_reject_reason_name); the wording here only groups them.
 */
#define G_LOG_DOMAIN "msgflow-routes"

#include "analyze/routes-report-private.h"

MfDestination
mf_routes_pair_destination (const RoutesDetail *d, const RoutesPair *p)
{
  return p->to >= 0 ? mf_destination_group (p->to) : mf_destination_domain (d->q->domain);
}

gboolean
mf_routes_explain (RoutesDetail *d, const RoutesPair *p, MfRoute **route, GError **error)
{
  MfDestination dest = mf_routes_pair_destination (d, p);

  *route = NULL;
  if (d->n_explained >= MF_ROUTES_MAX_EXPLAINED)
    return TRUE;
  d->n_explained++;
  *route = mf_route (d->router, d->view, p->from, &dest, d->q->size_bytes, MF_ROUTE_EXPLAIN,
                     error);
  return *route != NULL;
}

gboolean
mf_routes_rejection_shown (const MfTopology *topo, const MfRoute *route, const MfRejection *rj)
{
  const MfConnector *k = &topo->connectors[rj->connector];

  if (route->reachable)
    return TRUE;
  return k->to != route->from
         && !(route->to_kind == MF_DEST_ROUTING_GROUP && k->from == route->to);
}

void
mf_routes_append_path (GString *out, const MfTopology *topo, int from, const char *to_name,
                       int n_hops, int n_connectors, const int *connectors)
{
  g_string_append (out, topo->routing_groups[from].name);
  for (int i = 0; i < n_connectors; i++)
    {
      const MfConnector *k = &topo->connectors[connectors[i]];
      const char *next = i < n_hops ? topo->routing_groups[k->to].name : to_name;
      g_string_append_printf (out, " -[%s]-> %s", k->name, next);
    }
}

void
mf_routes_append_was (GString *out, const MfTopology *topo, const RoutesPair *p,
                      const char *to_name)
{
  const RoutesSide *w = &p->was;

  if (!w->reachable)
    {
      g_string_append (out, "was: no route");
      return;
    }
  g_string_append_printf (out, "was cost %d: ", w->cost);
  mf_routes_append_path (out, topo, p->from, to_name, w->n_hops, w->n_connectors,
                         w->connectors);
  if (w->n_equal > 1 && w->n_equal != p->now.n_equal)
    g_string_append_printf (out, " (%" G_GUINT64_FORMAT " equal-cost routes)", w->n_equal);
}

/* What a rejected connector's line adds to its name: the limit a size
 * rejection met, the group a scope rejection keeps it in. */
static void
append_rejected (GString *out, const MfTopology *topo, const MfRejection *rj)
{
  const MfConnector *k = &topo->connectors[rj->connector];

  g_string_append (out, k->name);
  if (rj->reason == MF_REJECT_SIZE && k->max_message_size != MF_SIZE_UNLIMITED)
    {
      g_autofree char *max = mf_format_size (k->max_message_size);
      g_string_append_printf (out, " (max %s)", max);
    }
  else if (rj->reason == MF_REJECT_SCOPE)
    g_string_append_printf (out, " (scope routing group: %s only)",
                            topo->routing_groups[k->from].name);
}

/* The connectors set aside for @reason, "A, B", or FALSE when none. */
static gboolean
append_reason (GString *out, const MfTopology *topo, const MfRoute *route, MfRejectReason reason)
{
  gboolean any = FALSE;

  for (guint i = 0; route->rejections != NULL && i < route->rejections->len; i++)
    {
      const MfRejection *rj = &g_array_index (route->rejections, MfRejection, i);
      if (rj->reason != reason || !mf_routes_rejection_shown (topo, route, rj))
        continue;
      g_string_append (out, any ? ", " : "");
      append_rejected (out, topo, rj);
      any = TRUE;
    }
  return any;
}

static const MfRejectReason reason_order[] = {
  MF_REJECT_DOWN, MF_REJECT_SIZE, MF_REJECT_SCOPE, MF_REJECT_LESS_SPECIFIC,
  MF_REJECT_UNREACHABLE, MF_REJECT_COSTLIER,
};

static gboolean
has_reason (const MfTopology *topo, const MfRoute *route, MfRejectReason reason)
{
  for (guint i = 0; route->rejections != NULL && i < route->rejections->len; i++)
    {
      const MfRejection *rj = &g_array_index (route->rejections, MfRejection, i);
      if (rj->reason == reason && mf_routes_rejection_shown (topo, route, rj))
        return TRUE;
    }
  return FALSE;
}

static gboolean
any_shown (const MfTopology *topo, const MfRoute *route)
{
  for (gsize r = 0; r < G_N_ELEMENTS (reason_order); r++)
    if (has_reason (topo, route, reason_order[r]))
      return TRUE;
  return FALSE;
}

static const char *
nothing_set_aside (const MfRoute *route)
{
  return route->to_kind == MF_DEST_DOMAIN ? "no address space matches"
                                          : "no connector leads there";
}

void
mf_routes_append_reasons (GString *out, const MfTopology *topo, const MfRoute *route,
                          guint64 size_bytes, const char *sep)
{
  gboolean any = FALSE;

  for (gsize r = 0; r < G_N_ELEMENTS (reason_order); r++)
    {
      if (!has_reason (topo, route, reason_order[r]))
        continue;
      g_string_append_printf (out, "%s%s", any ? sep : "", mf_reject_reason_name (reason_order[r]));
      if (reason_order[r] == MF_REJECT_SIZE && size_bytes > 0)
        {
          g_autofree char *size = mf_format_size (size_bytes);
          g_string_append_printf (out, " (%s)", size);
        }
      g_string_append (out, ": ");
      append_reason (out, topo, route, reason_order[r]);
      any = TRUE;
    }
  if (!any)
    g_string_append (out, nothing_set_aside (route));
}

/* The headline of a pair without a route: what kinds of reasons there are.
 * "all routes down" when, of down, size and scope, only down is there
 * (the connectors that lead nowhere are its consequence). */
static void
append_summary (GString *out, const MfTopology *topo, const MfRoute *route)
{
  static const struct {
    MfRejectReason reason;
    const char *words;
  } kinds[] = {
    { MF_REJECT_DOWN, "routes down" },
    { MF_REJECT_SIZE, "size limit" },
    { MF_REJECT_SCOPE, "connector scope" },
  };
  gsize start = out->len;
  int n = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (has_reason (topo, route, kinds[i].reason))
      g_string_append_printf (out, "%s%s", n++ > 0 ? ", " : "", kinds[i].words);
  if (n == 1 && has_reason (topo, route, MF_REJECT_DOWN))
    {
      g_string_truncate (out, start);
      g_string_append (out, "all routes down");
    }
  else if (n == 0 && (has_reason (topo, route, MF_REJECT_UNREACHABLE)
                      || has_reason (topo, route, MF_REJECT_LESS_SPECIFIC)))
    g_string_append (out, mf_reject_reason_name (MF_REJECT_UNREACHABLE));
  else if (n == 0)
    g_string_append (out, nothing_set_aside (route));
}

void
mf_routes_append_dns (GString *out, const MfTopology *topo, int from, const char *prefix)
{
  const MfRoutingGroup *rg = &topo->routing_groups[from];

  if (rg->n_members == 0)
    g_string_append_printf (out, "%sthe group has no servers\n", prefix);
  for (int m = 0; m < rg->n_members; m++)
    {
      const MfServer *sv = &topo->servers[rg->members[m]];
      if (!sv->direct_internet)
        g_string_append_printf (out, "%snone from %s (direct-internet = no: NDR 5.4.4)\n", prefix,
                                sv->name);
      else if (sv->smart_host != NULL)
        g_string_append_printf (out, "%sthrough %s's smart host %s\n", prefix, sv->name,
                                sv->smart_host);
      else
        g_string_append_printf (out, "%sdirect by DNS from %s's virtual server\n", prefix,
                                sv->name);
    }
}

/* A domain no connector serves for the pair's group: why (no address
 * space matches, or only connectors whose scope hides them), then the
 * virtual servers' own way. */
static gboolean
append_dns_detail (GString *out, RoutesDetail *d, const RoutesPair *p, const char *from,
                   GError **error)
{
  const MfTopology *topo = mf_router_get_topology (d->router);
  g_autoptr (MfRoute) why = NULL;

  if (!mf_routes_explain (d, p, &why, error))
    return FALSE;
  g_string_append_printf (out, "%s -> %s: no connector (", from, d->q->domain);
  if (why != NULL && has_reason (topo, why, MF_REJECT_SCOPE))
    {
      g_string_append_printf (out, "%s: ", mf_reject_reason_name (MF_REJECT_SCOPE));
      append_reason (out, topo, why, MF_REJECT_SCOPE);
    }
  else
    g_string_append (out, "no address space matches");
  g_string_append (out, "); the virtual servers send directly\n");
  mf_routes_append_dns (out, topo, p->from, "  ");
  return TRUE;
}

/* A pair without a route: the kinds of reasons, then one line for each
 * reason with its connectors. */
static gboolean
append_no_route (GString *out, RoutesDetail *d, const RoutesPair *p, const char *from,
                 const char *to, GError **error)
{
  const MfTopology *topo = mf_router_get_topology (d->router);
  g_autoptr (MfRoute) why = NULL;

  if (!mf_routes_explain (d, p, &why, error))
    return FALSE;
  g_string_append_printf (out, "%s -> %s: no route", from, to);
  if (why == NULL)
    {
      g_string_append_printf (out, " (reasons left out past %d pairs without a route)\n",
                              MF_ROUTES_MAX_EXPLAINED);
      return TRUE;
    }
  g_string_append (out, " (");
  append_summary (out, topo, why);
  g_string_append (out, ")\n");
  if (!any_shown (topo, why))
    return TRUE; /* the headline said it all */
  g_string_append (out, "  ");
  mf_routes_append_reasons (out, topo, why, d->q->size_bytes, "\n  ");
  g_string_append_c (out, '\n');
  return TRUE;
}

/* The tied SMTP connectors of a domain route, with the address space each
 * matched: "address space: SMTP:*.fabrikam.com 5 of LON-Internet (smtp
 * connector in London)". */
static void
append_address_spaces (GString *out, const MfTopology *topo, const MfRoute *route)
{
  int n = 0;
  const int *smtp = mf_route_get_smtp_connectors (route, &n);

  for (int i = 0; i < n; i++)
    {
      const MfConnector *k = &topo->connectors[smtp[i]];
      int a = mf_connector_address_space (k, route->domain);
      if (a < 0)
        continue;
      g_string_append_printf (out, "  address space: SMTP:%s %d of %s (%s connector in %s)\n",
                              k->address_spaces[a].pattern, k->address_spaces[a].cost, k->name,
                              mf_connector_type_name (k->type),
                              topo->routing_groups[k->from].name);
    }
}

gboolean
mf_routes_append_detail (GString *out, RoutesDetail *d, const RoutesPair *p, GError **error)
{
  const MfTopology *topo = mf_router_get_topology (d->router);
  const char *from = topo->routing_groups[p->from].name;
  const char *to = p->to >= 0 ? topo->routing_groups[p->to].name : d->q->domain;

  if (!p->now.reachable)
    {
      if (p->to < 0 && mf_route_by_dns (topo, p->from, d->q->domain))
        return append_dns_detail (out, d, p, from, error);
      if (!append_no_route (out, d, p, from, to, error))
        return FALSE;
    }
  else
    {
      MfDestination dest = mf_routes_pair_destination (d, p);
      g_autoptr (MfRoute) route = mf_route_tree_route (p->tree, &dest);
      g_autoptr (GArray) path = g_array_new (FALSE, FALSE, sizeof (int));
      guint64 shown = MIN (route->n_equal, (guint64) MF_ROUTES_MAX_EQUAL);

      g_string_append_printf (out, "%s -> %s: cost %d, ", from, to, route->cost);
      if (route->n_equal == 1)
        g_string_append (out, "1 route\n");
      else
        g_string_append_printf (out, "%" G_GUINT64_FORMAT " equal-cost routes\n", route->n_equal);
      for (guint64 i = 0; i < shown; i++)
        {
          /* Tied routes may differ in length; a domain's ends with its
           * SMTP connector. */
          int len;
          mf_route_get_equal (route, i, path);
          len = (int) path->len;
          g_string_append (out, "  ");
          mf_routes_append_path (out, topo, p->from, to, p->to < 0 ? len - 1 : len, len,
                                 (const int *) (const void *) path->data);
          g_string_append_c (out, '\n');
        }
      if (route->n_equal > shown)
        g_string_append_printf (out, "  and %" G_GUINT64_FORMAT " more\n", route->n_equal - shown);
      if (route->to_kind == MF_DEST_DOMAIN)
        append_address_spaces (out, topo, route);
    }
  if (p->changed)
    {
      g_string_append (out, "  ");
      mf_routes_append_was (out, topo, p, to);
      g_string_append_c (out, '\n');
    }
  return TRUE;
}
