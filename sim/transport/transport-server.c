/* transport-server.c — one server as a whole: where messages enter (mail
 * submitted here, or received over SMTP with its hop counted), the
 * "Messages with an unreachable destination" queue routed again every
 * `unreachable-retry` and whenever the view changes, and the server going
 * down (work in progress back to the head of its queue, sessions aborted)
 * and coming back up.  Also the queues that hold mail between those
 * steps: "Messages waiting to be routed" while the server recomputes its
 * routes after its view changed (`route-recompute`), "DSN messages pending
 * submission" for notices made while it is down, the "Failed message
 * retry queue" for categorizations that failed (`categorizer-retry`), and
 * "Messages queued for deferred delivery" (a flow's `deferred`).
 * The categorizer and local delivery that serve its
 * queues live in transport-categorizer.c and transport-delivery.c.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

#include <math.h>

/* One service time of a distribution, in whole µs, never negative. */
gint64
tr_sample_us (const MfDist *d, MfRng *rng)
{
  double v = mf_dist_sample (d, rng);
  return v <= 0 ? 0 : (gint64) llround (v);
}

void
tr_server_submit (Transport *T, Server *s, Msg *m)
{
  if (m->size > T->topo->servers[s->id].max_message_size)
    {
      tr_return_all (T, m, MF_NDR_TOO_LARGE, s->id);
      return;
    }
  tr_fifo_push (T, &s->cat, m);
  tr_cat_start (T, s);
}

void
tr_server_receive (Transport *T, Server *s, Msg *m)
{
  /* Every server counts a hop, as Exchange counts Received: headers. */
  m->hops++;
  T->srv_interval[s->id].received++;
  if (m->from >= 0)
    T->srv_interval[m->from].sent++;
  tr_track (T, s->id, TRACK_SUBMIT_AQ, m, -1, MF_PARTNER_SERVER, m->from);
  tr_track (T, s->id, TRACK_SUBMISSION_STARTED, m, -1, MF_PARTNER_SERVER, m->from);
  if (m->hops > T->topo->org.max_hop_count)
    {
      tr_return_all (T, m, MF_NDR_HOP_COUNT, s->id);
      return;
    }
  tr_server_submit (T, s, m);
}

/* Arm the unreachable queue's retry timer when it holds mail and none is
 * pending. */
void
tr_server_unreachable_arm (Transport *T, Server *s)
{
  if (s->unreachable_timer == 0 && s->unreachable.n > 0)
    s->unreachable_timer = mf_sim_schedule_in (T->sim, T->topo->org.unreachable_retry_us,
                                               EV_UNREACHABLE, (guint64) (guintptr) s);
}

void
tr_server_unreachable_timer (Transport *T, Server *s)
{
  Fifo waiting = { 0 };
  Msg *m;

  s->unreachable_timer = 0;
  if (!s->up)
    {
      tr_server_unreachable_arm (T, s);
      return;
    }
  /* Take them all out first: routing may put some straight back. */
  waiting.stat = s->unreachable.stat;
  while ((m = tr_fifo_pop (T, &s->unreachable)) != NULL)
    {
      m->next = NULL;
      if (waiting.tail)
        waiting.tail->next = m;
      else
        waiting.head = m;
      waiting.tail = m;
    }
  while ((m = waiting.head) != NULL)
    {
      gboolean expired;
      waiting.head = m->next;
      tr_server_check_age (T, s, m, &expired);
      if (expired)
        tr_return_all (T, m, MF_NDR_EXPIRED, s->id);
      else
        tr_server_route (T, s, m);
    }
  tr_server_unreachable_arm (T, s);
}

void
tr_server_reroute_all (Transport *T, Server *s)
{
  Msg *list = NULL, **tail = &list;
  Msg *m;

  if (!s->up)
    return;
  /* Messages queued for a connector that is now DOWN in this view, those
   * waiting for a server of the group this server knows to be down (handed
   * to it as a bridgehead: another may be up), and those with no route, are
   * routed again: a better route may exist. */
  for (guint i = 0; i < s->link_list->len; i++)
    {
      Link *l = g_ptr_array_index (s->link_list, i);
      if (l->kind == LINK_OVER_CONNECTOR ? mf_link_state_is_up (s->view, l->target)
                                         : !s->srv_down[l->target])
        continue;
      while ((m = tr_fifo_pop (T, &l->q)) != NULL)
        {
          *tail = m;
          tail = &m->next;
        }
    }
  while ((m = tr_fifo_pop (T, &s->unreachable)) != NULL)
    {
      *tail = m;
      tail = &m->next;
    }
  while ((m = list) != NULL)
    {
      list = m->next;
      tr_server_route (T, s, m);
    }
}

void
tr_server_down (Transport *T, Server *s)
{
  s->up = FALSE;
  T->smtp_down[s->id] = TRUE;
  /* Work in progress goes back to the head of its queue: the queues are on
   * disk and the server resumes them when it comes back. */
  for (int i = s->n_cat_workers - 1; i >= 0; i--)
    if (s->cat_workers[i].msg)
      {
        mf_sim_cancel (T->sim, s->cat_workers[i].event);
        tr_fifo_push_front (T, &s->cat, s->cat_workers[i].msg);
        s->cat_workers[i].msg = NULL;
      }
  s->cat_busy = 0;
  for (int i = s->n_store_workers - 1; i >= 0; i--)
    if (s->store_workers[i].msg)
      {
        mf_sim_cancel (T->sim, s->store_workers[i].event);
        tr_fifo_push_front (T, &s->local, s->store_workers[i].msg);
        s->store_workers[i].msg = NULL;
      }
  s->store_busy = 0;
  tr_link_abort_from (T, s);
  tr_links_abort_to (T, s->id, -1);
}

/* ------------------------------------------ waiting to be routed */

/* The server's view changed: routes are rebuilt.  With `route-recompute`
 * > 0 every message the categorizer finishes meanwhile waits in "Messages
 * waiting to be routed"; a change during a recomputation starts it again. */
void
tr_server_recompute (Transport *T, Server *s)
{
  gint64 d = T->topo->org.route_recompute_us;

  if (d <= 0)
    {
      tr_server_reroute_all (T, s);
      return;
    }
  if (s->recompute)
    mf_sim_cancel (T->sim, s->recompute);
  s->recompute = mf_sim_schedule_in (T->sim, d, EV_ROUTE_READY, (guint64) (guintptr) s);
}

/* Route what waited, in order, with the new routes. */
static void
drain_routing (Transport *T, Server *s)
{
  Msg *m;

  while (s->up && s->recompute == 0 && (m = tr_fifo_pop (T, &s->routing)) != NULL)
    tr_server_route (T, s, m);
}

void
tr_server_route_ready (Transport *T, Server *s)
{
  s->recompute = 0;
  tr_server_reroute_all (T, s);
  drain_routing (T, s);
}

/* ------------------------------------------- failed message retry */

static void
cat_retry_arm (Transport *T, Server *s)
{
  if (s->retry_timer == 0 && s->retry.head != NULL)
    s->retry_timer = mf_sim_schedule_at (T->sim,
                                         s->retry.head->enqueued_us + T->topo->org.categorizer_retry_us,
                                         EV_CAT_RETRY, (guint64) (guintptr) s);
}

/* A categorization failed transiently: the message waits `categorizer-retry`. */
void
tr_server_cat_failed (Transport *T, Server *s, Msg *m)
{
  tr_fifo_push (T, &s->retry, m);
  cat_retry_arm (T, s);
}

/* The messages whose wait is over go back to the categorizer (queues are
 * FIFO with one delay, so they are at the head). */
void
tr_server_cat_retry (Transport *T, Server *s)
{
  gint64 now = tr_now (T);

  s->retry_timer = 0;
  while (s->retry.head != NULL
         && s->retry.head->enqueued_us + T->topo->org.categorizer_retry_us <= now)
    {
      Msg *m = tr_fifo_pop (T, &s->retry);
      gboolean expired;
      tr_server_check_age (T, s, m, &expired);
      if (expired)
        tr_return_all (T, m, MF_NDR_EXPIRED, s->id);
      else
        tr_fifo_push (T, &s->cat, m);
    }
  cat_retry_arm (T, s);
  tr_cat_start (T, s);
}

/* ---------------------------------------------- deferred delivery */

static gint64
deferred_due (Transport *T, const Msg *m)
{
  return m->orig->created_us + T->topo->flows[m->orig->flow].deferred_us;
}

static void
deferred_arm (Transport *T, Server *s)
{
  if (s->deferred_timer == 0 && s->deferred.head != NULL)
    s->deferred_timer = mf_sim_schedule_at (T->sim, deferred_due (T, s->deferred.head),
                                            EV_DEFERRED_DUE, (guint64) (guintptr) s);
}

/* A message with a deferred-delivery time waits in "Messages queued for
 * deferred delivery", kept in order of due time: a new one usually goes
 * last (one flow, one delay), else it is put in its place. */
void
tr_server_defer (Transport *T, Server *s, Msg *m)
{
  gint64 due = deferred_due (T, m);
  Fifo *q = &s->deferred;

  if (q->tail == NULL || deferred_due (T, q->tail) <= due)
    tr_fifo_push (T, q, m);
  else
    {
      Msg *after = NULL;
      for (Msg *p = q->head; p != NULL && deferred_due (T, p) <= due; p = p->next)
        after = p;
      tr_fifo_insert_after (T, q, after, m);
      if (after == NULL && s->deferred_timer)
        {
          /* A new head: the timer must fire earlier. */
          mf_sim_cancel (T->sim, s->deferred_timer);
          s->deferred_timer = 0;
        }
    }
  deferred_arm (T, s);
}

/* The messages whose time has come are submitted. */
void
tr_server_deferred_due (Transport *T, Server *s)
{
  gint64 now = tr_now (T);

  s->deferred_timer = 0;
  while (s->deferred.head != NULL && deferred_due (T, s->deferred.head) <= now)
    tr_server_submit (T, s, tr_fifo_pop (T, &s->deferred));
  deferred_arm (T, s);
}

void
tr_server_up (Transport *T, Server *s)
{
  Msg *m;

  s->up = TRUE;
  T->smtp_down[s->id] = FALSE;
  /* Notices made while it was down are submitted first. */
  while ((m = tr_fifo_pop (T, &s->dsn)) != NULL)
    tr_server_submit (T, s, m);
  drain_routing (T, s);
  tr_cat_start (T, s);
  tr_store_start (T, s);
  tr_link_kick_server (T, s);
  tr_server_unreachable_arm (T, s);
  tr_ls_resync (T, s);
}
