/* transport-server.c — one server as a whole: where messages enter (mail
 * submitted here, or received over SMTP with its hop counted), the
 * "Messages with an unreachable destination" queue routed again every
 * `unreachable-retry` and whenever the view changes, and the server going
 * down (work in progress back to the head of its queue, sessions aborted)
 * and coming back up.  The categorizer and local delivery that serve its
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

void
tr_server_up (Transport *T, Server *s)
{
  s->up = TRUE;
  T->smtp_down[s->id] = FALSE;
  tr_cat_start (T, s);
  tr_store_start (T, s);
  tr_link_kick_server (T, s);
  tr_server_unreachable_arm (T, s);
  tr_ls_resync (T, s);
}
