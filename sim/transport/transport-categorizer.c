/* transport-categorizer.c — a server's categorizer: "Messages awaiting
 * directory lookup" served by `categorizer-workers` in parallel (FIFO),
 * then each recipient's next hop from this server's own link-state view
 * (routing.h, the one routine) and bifurcation — one copy per distinct
 * next hop, recipients going the same way kept together.  Copies go to
 * "Local delivery", a link queue, "Messages with an unreachable
 * destination", or back to the sender (no route at all, too large).
 *
 * Routing is part of the categorizer's time (docs/format.md: "time to categorize
 * and route one message"), so "Messages waiting to be routed" only fills
 * while the server recomputes its routes (`route-recompute`).  A
 * categorization may fail transiently (`categorizer-failure`): the message
 * goes to the "Failed message retry queue" (transport-server.c).  Link queues and sessions are transport-link.c's.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

/* Give waiting messages to idle categorizer workers (none while the server
 * is down). */
void
tr_cat_start (Transport *T, Server *s)
{
  const MfServer *ms = &T->topo->servers[s->id];

  while (s->up && s->cat.n > 0 && s->cat_busy < s->n_cat_workers)
    {
      Worker *w = NULL;
      for (int i = 0; i < s->n_cat_workers; i++)
        if (s->cat_workers[i].msg == NULL)
          {
            w = &s->cat_workers[i];
            break;
          }
      w->msg = tr_fifo_pop (T, &s->cat);
      s->cat_busy++;
      tr_track (T, s->id, TRACK_TO_CATEGORIZER, w->msg, -1, MF_PARTNER_NONE, -1);
      w->event = mf_sim_schedule_in (T->sim, tr_sample_us (&ms->categorizer, &s->rng), EV_CAT_DONE,
                                     (guint64) (guintptr) w);
    }
}

void
tr_server_cat_done (Transport *T, Worker *w)
{
  Server *s = w->server;
  Msg *m = w->msg;

  w->msg = NULL;
  w->event = 0;
  s->cat_busy--;
  /* Draw only when failures are on, so runs without them keep their streams. */
  if (T->topo->org.categorizer_failure > 0
      && mf_rng_uniform01 (&s->rng) < T->topo->org.categorizer_failure)
    {
      tr_server_cat_failed (T, s, m);
      tr_cat_start (T, s);
      return;
    }
  tr_track (T, s->id, TRACK_CATEGORIZED, m, -1, MF_PARTNER_NONE, -1);
  tr_server_route (T, s, m);
  tr_cat_start (T, s);
}

/* Where one recipient goes next from server s. */
enum { HOP_LOCAL, HOP_LINK, HOP_UNREACHABLE, HOP_RETURN };

typedef struct {
  int what;           /* HOP_* */
  int link_kind;      /* for HOP_LINK */
  int target;
  int domain;
  MfNdrReason reason; /* for HOP_RETURN */
  int connector;      /* the route's first connector, -1 inside the group or none */
} NextHop;

static gboolean
is_bridgehead (const MfConnector *c, int server)
{
  for (int i = 0; i < c->n_bridgeheads; i++)
    if (c->bridgeheads[i] == server)
      return TRUE;
  return FALSE;
}

/* Why nothing routes: nothing ever could (no route in the static topology),
 * nothing admits the size, or what could is DOWN in this view. */
static NextHop
classify_no_route (Transport *T, Server *s, const MfDestination *dest, guint64 size)
{
  MfHop hop;
  NextHop nh = { HOP_RETURN, 0, -1, -1, MF_NDR_NO_ROUTE, -1 };

  if (!mf_router_next_hop (T->router, T->static_view, s->rg, dest, 0, 0.0, &hop, NULL)
      || !hop.reachable)
    return nh;
  if (!mf_router_next_hop (T->router, T->static_view, s->rg, dest, size, 0.0, &hop, NULL)
      || !hop.reachable)
    {
      nh.reason = MF_NDR_TOO_LARGE;
      return nh;
    }
  nh.what = HOP_UNREACHABLE;
  return nh;
}

static NextHop
next_hop (Transport *T, Server *s, Rcpt r, guint64 size, double u, double u_bridgehead)
{
  const MfTopology *t = T->topo;
  MfDestination dest;
  MfHop hop;
  NextHop nh = { HOP_LINK, LINK_TO_SERVER, -1, -1, 0, -1 };
  const MfConnector *c;

  if (r == s->id)
    {
      nh.what = HOP_LOCAL;
      return nh;
    }
  if (r >= 0)
    {
      int rg = t->servers[r].routing_group;
      if (rg == s->rg)
        {
          nh.target = r;
          return nh;
        }
      dest = mf_destination_group (rg);
    }
  else
    dest = mf_destination_domain (mf_workload_domain (T->workload, RCPT_DOMAIN (r)));

  if (T->size_matters)
    {
      if (!mf_router_next_hop (T->router, s->view, s->rg, &dest, size, u, &hop, NULL))
        g_assert_not_reached (); /* igraph failing on a valid graph is a bug */
    }
  else
    {
      /* The tree stays valid until this server's view changes (apply()). */
      if (s->tree == NULL)
        s->tree = mf_router_get_tree (T->router, s->view, s->rg, 0, NULL);
      g_assert (s->tree != NULL);
      mf_route_tree_next_hop (s->tree, &dest, u, &hop);
    }
  if (!hop.reachable)
    {
      nh = classify_no_route (T, s, &dest, size);
      /* No connector's address space matches: the virtual server sends it
       * itself, by DNS or through its smart host (reference §10). */
      if (r < 0 && nh.what == HOP_RETURN && nh.reason == MF_NDR_NO_ROUTE
          && (nh.target = tr_internet_host_for (T, s, RCPT_DOMAIN (r))) >= 0)
        {
          nh.what = HOP_LINK;
          nh.link_kind = LINK_DNS;
          nh.domain = -1;
        }
      return nh;
    }
  g_assert (hop.connector >= 0);
  c = &t->connectors[hop.connector];
  nh.connector = hop.connector;
  if (!is_bridgehead (c, s->id))
    {
      /* Hand it to a bridgehead of the connector in this group, chosen at
       * random among those this server knows to be up (the down ones sort
       * last: only when all are down is one of them taken); that server
       * routes it again. */
      int n_live = 0, k;
      g_assert (c->n_bridgeheads > 0);
      for (int i = 0; i < c->n_bridgeheads; i++)
        n_live += !s->srv_down[c->bridgeheads[i]];
      k = MIN ((int) (u_bridgehead * (n_live > 0 ? n_live : c->n_bridgeheads)),
               (n_live > 0 ? n_live : c->n_bridgeheads) - 1);
      for (int i = 0; i < c->n_bridgeheads; i++)
        if ((n_live == 0 || !s->srv_down[c->bridgeheads[i]]) && k-- == 0)
          nh.target = c->bridgeheads[i];
      return nh;
    }
  nh.link_kind = LINK_OVER_CONNECTOR;
  nh.target = hop.connector;
  nh.domain = c->to < 0 ? RCPT_DOMAIN (r) : -1;
  return nh;
}

static gboolean
same_hop (const NextHop *a, const NextHop *b)
{
  if (a->what != b->what)
    return FALSE;
  if (a->what == HOP_LINK)
    return a->link_kind == b->link_kind && a->target == b->target && a->domain == b->domain;
  if (a->what == HOP_RETURN)
    return a->reason == b->reason;
  return TRUE;
}

/* Send a copy with these recipients to its next hop. */
static void
dispatch_copy (Transport *T, Server *s, Msg *m, const NextHop *nh)
{
  switch (nh->what)
    {
    case HOP_LOCAL:
      tr_track (T, s->id, TRACK_QUEUED_LOCAL, m, -1, MF_PARTNER_NONE, -1);
      tr_fifo_push (T, &s->local, m);
      tr_store_start (T, s);
      break;
    case HOP_UNREACHABLE:
      tr_track (T, s->id, TRACK_RETRY_ROUTING, m, -1, MF_PARTNER_NONE, -1);
      tr_fifo_push (T, &s->unreachable, m);
      tr_server_unreachable_arm (T, s);
      break;
    case HOP_RETURN:
      tr_return_all (T, m, nh->reason, s->id);
      break;
    case HOP_LINK:
    default:
      tr_observe_routed (T, s, m, nh->connector);
      if (T->res->n_event_impacts > 0)
        tr_event_impact_routed (T, s, m, nh->connector);
      if (nh->link_kind == LINK_TO_SERVER)
        tr_track (T, s->id, TRACK_QUEUED_REMOTE, m, -1, MF_PARTNER_SERVER, nh->target);
      else if (nh->link_kind == LINK_DNS)
        {
          T->partner_host = tr_link_name (T, LINK_DNS, nh->target, -1);
          tr_track (T, s->id, TRACK_QUEUED_REMOTE, m, -1, MF_PARTNER_DOMAIN, -1);
          T->partner_host = NULL;
        }
      else
        tr_track (T, s->id, TRACK_QUEUED_REMOTE, m, -1,
                  nh->domain >= 0 ? MF_PARTNER_DOMAIN : MF_PARTNER_CONNECTOR, nh->target);
      tr_link_enqueue (T, tr_link_get (T, s, nh->link_kind, nh->target, nh->domain), m);
      break;
    }
}

void
tr_server_route (Transport *T, Server *s, Msg *m)
{
  if (s->recompute != 0)
    {
      /* Routes are being rebuilt: wait for them (tr_server_route_ready). */
      tr_fifo_push (T, &s->routing, m);
      tr_observe_held (T, s, m);
      return;
    }

  /* One draw per message for the equal-cost choice and one for the
   * bridgehead: recipients going the same way stay together. */
  double u = mf_rng_uniform01 (&s->rng);
  double u_bridgehead = mf_rng_uniform01 (&s->rng);
  NextHop first;
  gboolean all_same = TRUE;

  /* The common case: every recipient takes the same hop, no copy needed. */
  first = next_hop (T, s, m->rcpt[0], m->size, u, u_bridgehead);
  NextHop *hops = NULL;
  if (m->n_rcpt > 1)
    {
      hops = g_new (NextHop, (gsize) m->n_rcpt);
      hops[0] = first;
      for (int i = 1; i < m->n_rcpt; i++)
        {
          hops[i] = next_hop (T, s, m->rcpt[i], m->size, u, u_bridgehead);
          all_same &= same_hop (&hops[i], &first);
        }
    }
  if (all_same)
    {
      g_free (hops);
      dispatch_copy (T, s, m, &first);
      return;
    }

  /* Bifurcate: one copy per distinct next hop, in order of first recipient. */
  {
    gboolean *done = g_new0 (gboolean, (gsize) m->n_rcpt);
    for (int i = 0; i < m->n_rcpt; i++)
      {
        int n = 0, k = 0;
        Msg *copy;
        if (done[i])
          continue;
        for (int j = i; j < m->n_rcpt; j++)
          n += !done[j] && same_hop (&hops[j], &hops[i]);
        copy = tr_msg_new (T, m->orig, n, m->size, m->hops);
        copy->flags = m->flags;
        copy->from = m->from;
        for (int j = i; j < m->n_rcpt; j++)
          if (!done[j] && same_hop (&hops[j], &hops[i]))
            {
              copy->rcpt[k++] = m->rcpt[j];
              done[j] = TRUE;
            }
        dispatch_copy (T, s, copy, &hops[i]);
      }
    g_free (done);
  }
  g_free (hops);
  tr_msg_free (T, m);
}
