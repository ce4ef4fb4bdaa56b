/* transport-event-impact.c — what each configured [event] did to the mail.
 *
 * Owns: the measurement windows of the events and the figures measured in
 * them (MfEventImpact: messages submitted, messages rerouted, recipients
 * returned, latency), and the baseline latency of the mail no event
 * touched, which the report compares with.  The definitions, which the
 * format document repeats for users:
 *   - an event's window runs from its start to its end (start + duration);
 *     an event without a duration lasts until the next event on the same
 *     target, else to the end of the run;
 *   - a message belongs to the windows it was submitted in; its delivered
 *     recipients add to their latency, its returned ones to their NDRs; a
 *     message submitted in no window feeds the baseline latency;
 *   - a message is rerouted by an event when, inside the event's window, a
 *     server sends it over a connector that begins none of the lowest-cost
 *     routes of the organisation's initial state (every connector up, the
 *     configured costs); it counts once per event however often it moves.
 * Only user mail counts, never delay notices and NDRs themselves.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

/* The end of event @i's window (see the header). */
static gint64
window_end (const MfTopology *topo, int i, gint64 run_end_us)
{
  const MfTopoEvent *e = &topo->events[i];

  if (e->duration_us > 0)
    return MIN (e->at_us + e->duration_us, run_end_us);
  for (int j = i + 1; j < topo->n_events; j++)
    {
      const MfTopoEvent *next = &topo->events[j];
      if (next->target_kind == e->target_kind && next->target == e->target
          && next->at_us > e->at_us)
        return MIN (next->at_us, run_end_us);
    }
  return MAX (run_end_us, e->at_us);
}

void
tr_event_impact_init (Transport *T)
{
  MfRunResult *r = T->res;
  const MfTopology *topo = T->topo;

  r->n_event_impacts = topo->n_events;
  r->event_impacts = g_new0 (MfEventImpact, (gsize) topo->n_events + 1);
  r->baseline_latency_hist = mf_histogram_new ();
  for (int i = 0; i < topo->n_events; i++)
    {
      MfEventImpact *ev = &r->event_impacts[i];
      ev->start_us = topo->events[i].at_us;
      ev->end_us = window_end (topo, i, T->opt.duration_us);
      ev->latency_hist = mf_histogram_new ();
    }
}

void
tr_event_impact_free (MfRunResult *r)
{
  for (int i = 0; i < r->n_event_impacts; i++)
    mf_histogram_free (r->event_impacts[i].latency_hist);
  g_clear_pointer (&r->event_impacts, g_free);
  g_clear_pointer (&r->baseline_latency_hist, mf_histogram_free);
  r->n_event_impacts = 0;
}

/* The end of the warm-up: latency counts from here, as everywhere. */
void
tr_event_impact_warmed (Transport *T)
{
  MfRunResult *r = T->res;

  for (int i = 0; i < r->n_event_impacts; i++)
    mf_histogram_reset (r->event_impacts[i].latency_hist);
  mf_histogram_reset (r->baseline_latency_hist);
}

static inline gboolean
in_window (const MfEventImpact *ev, gint64 t)
{
  return t >= ev->start_us && t < ev->end_us;
}

void
tr_event_impact_submitted (Transport *T, const Orig *o)
{
  MfRunResult *r = T->res;

  for (int i = 0; i < r->n_event_impacts; i++)
    if (in_window (&r->event_impacts[i], o->created_us))
      r->event_impacts[i].messages++;
}

void
tr_event_impact_delivered (Transport *T, const Orig *o, double latency_s)
{
  MfRunResult *r = T->res;
  gboolean any = FALSE;

  for (int i = 0; i < r->n_event_impacts; i++)
    if (in_window (&r->event_impacts[i], o->created_us))
      {
        mf_histogram_add (r->event_impacts[i].latency_hist, latency_s);
        any = TRUE;
      }
  if (!any)
    mf_histogram_add (r->baseline_latency_hist, latency_s);
}

void
tr_event_impact_returned (Transport *T, const Orig *o)
{
  MfRunResult *r = T->res;

  for (int i = 0; i < r->n_event_impacts; i++)
    if (in_window (&r->event_impacts[i], o->created_us))
      r->event_impacts[i].ndr_recipients++;
}

/* Server @s sends copy @m over @connector, the first connector of its
 * route: count the message for every event in force that has not counted
 * it yet, if that connector begins no lowest-cost route of the initial
 * state.  Windows are sorted by start, so the events in force at a later
 * moment that have not counted it all have higher indices. */
void
tr_event_impact_routed (Transport *T, const Server *s, Msg *m, int connector)
{
  MfRunResult *r = T->res;
  Orig *o = m->orig;
  gint64 now = tr_now (T);
  int first = -1;
  MfDestination dest;
  Rcpt rcpt = m->rcpt[0];

  if (o->is_dsn || connector < 0)
    return;
  for (int i = o->rerouted_upto; i < r->n_event_impacts && first < 0; i++)
    if (in_window (&r->event_impacts[i], now))
      first = i;
  if (first < 0)
    return;
  if (rcpt >= 0)
    dest = mf_destination_group (T->topo->servers[rcpt].routing_group);
  else
    dest = mf_destination_domain (mf_workload_domain (T->workload, RCPT_DOMAIN (rcpt)));
  if (mf_router_is_lowest_first_hop (T->router, T->static_view, s->rg, &dest, m->size, connector))
    return;
  for (int i = first; i < r->n_event_impacts; i++)
    if (in_window (&r->event_impacts[i], now))
      {
        r->event_impacts[i].rerouted++;
        o->rerouted_upto = i + 1;
      }
}
