/* transport-delivery.c — the end of a recipient's journey: a server's
 * "Local delivery" queue served by its store driver (`store-workers` in
 * parallel, one `store-delivery` time per recipient of a copy), and the
 * count of each delivered recipient with its latency (after warm-up, per
 * flow too).  Mail for external domains is delivered when a link hands it
 * to the Internet (transport-link.c); returning recipients is transport-ndr.c's.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

/* Give waiting copies to idle store workers (none while the server is
 * down). */
void
tr_store_start (Transport *T, Server *s)
{
  const MfServer *ms = &T->topo->servers[s->id];

  while (s->up && s->local.n > 0 && s->store_busy < s->n_store_workers)
    {
      Worker *w = NULL;
      gint64 t = 0;
      for (int i = 0; i < s->n_store_workers; i++)
        if (s->store_workers[i].msg == NULL)
          {
            w = &s->store_workers[i];
            break;
          }
      w->msg = tr_fifo_pop (T, &s->local);
      s->store_busy++;
      for (int i = 0; i < w->msg->n_rcpt; i++)
        t += tr_sample_us (&ms->store_delivery, &s->rng);
      w->event = mf_sim_schedule_in (T->sim, t, EV_STORE_DONE, (guint64) (guintptr) w);
    }
}

void
tr_server_store_done (Transport *T, Worker *w)
{
  Server *s = w->server;
  Msg *m = w->msg;

  w->msg = NULL;
  w->event = 0;
  s->store_busy--;
  T->srv_interval[s->id].delivered++;
  for (int i = 0; i < m->n_rcpt; i++)
    {
      tr_track (T, s->id, TRACK_DELIVERED_LOCAL, m, i, MF_PARTNER_NONE, -1);
      tr_deliver (T, m, i);
    }
  tr_msg_free (T, m);
  tr_store_start (T, s);
}

void
tr_deliver (Transport *T, Msg *m, int i)
{
  Orig *o = m->orig;

  (void) i;
  if (!o->is_dsn && T->warmed)
    {
      double latency_s = (double) (tr_now (T) - o->created_us) / (double) MF_US_PER_SECOND;
      mf_tally_add (&T->res->latency_s, latency_s);
      mf_histogram_add (T->res->latency_hist, latency_s);
      if (o->flow >= 0)
        {
          mf_tally_add (&T->res->flow_latency_s[o->flow], latency_s);
          mf_histogram_add (T->res->flow_latency_hist[o->flow], latency_s);
        }
      if (T->res->n_event_impacts > 0)
        tr_event_impact_delivered (T, o, latency_s);
    }
  tr_recipient_done (T, o, FALSE);
}
