/* transport-observe.c — the observations a run hands to `trace`
 * (observe.h): what happens to the link queue and the session that hold
 * the traced message, and the servers' link-state views.
 *
 * Every function here returns at once without an observer, so a plain
 * run pays one test per call; with one, only what concerns the traced
 * message (or a notice about it) is passed on, and only from its
 * submission on: a session opened earlier tells the result of its EHLO
 * comparison when the message rides in it (Session.ehlo), so the run up to
 * `--at` costs no more than a plain one.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

gboolean
tr_msg_traced (const Transport *T, const Msg *m)
{
  const Orig *o = m->orig;
  return T->inject_id != 0 && (o->id == T->inject_id || o->linked_id == T->inject_id);
}

static gboolean
observing (const Transport *T)
{
  return T->opt.observe != NULL;
}

/* Does the link queue hold the traced message?  A walk of the queue, but
 * only in a trace and only when the link's state changes. */
static gboolean
link_holds_traced (const Transport *T, const Link *l)
{
  if (!observing (T) || T->inject_id == 0)
    return FALSE;
  for (const Msg *m = l->q.head; m != NULL; m = m->next)
    if (tr_msg_traced (T, m))
      return TRUE;
  return FALSE;
}

static MfObservation
observation (Transport *T, MfObservationKind kind, int server)
{
  MfObservation o = { 0 };
  o.kind = kind;
  o.time_us = tr_now (T);
  o.server = server;
  o.connector = -1;
  o.remote = -1;
  o.change = -1;
  return o;
}

static void
emit (Transport *T, const MfObservation *o)
{
  T->opt.observe (o, T->opt.observe_data);
}

static MfObservation
link_observation (Transport *T, MfObservationKind kind, const Link *l)
{
  MfObservation o = observation (T, kind, l->owner->id);
  o.link = tr_link_name (T, l->kind, l->target, l->domain);
  o.connector = l->kind == LINK_OVER_CONNECTOR ? l->target : -1;
  o.link_state = (int) tr_link_state (l);
  o.failures = l->glitches;
  return o;
}

void
tr_observe_submitted (Transport *T)
{
  MfObservation o;
  const MfLinkState **views;
  const gboolean **down;

  if (!observing (T))
    return;
  views = g_new (const MfLinkState *, (gsize) T->n_servers);
  down = g_new (const gboolean *, (gsize) T->n_servers);
  for (int i = 0; i < T->n_servers; i++)
    {
      views[i] = T->servers[i].view;
      down[i] = T->servers[i].srv_down;
    }
  o = observation (T, MF_OBS_SUBMITTED, T->opt.inject->from_server);
  o.views = views;
  o.all_servers_down = down;
  o.n_views = T->n_servers;
  o.change = (int) T->res->link_changes->len;
  emit (T, &o);
  g_free (views);
  g_free (down);
}

void
tr_observe_view (Transport *T, const Server *s, int change)
{
  MfObservation o;

  if (!observing (T) || T->inject_id == 0)
    return;
  o = observation (T, MF_OBS_VIEW, s->id);
  o.view = s->view;
  o.servers_down = s->srv_down;
  o.change = change;
  emit (T, &o);
}

void
tr_observe_queued (Transport *T, const Link *l, const Msg *m)
{
  MfObservation o;

  if (!observing (T) || !tr_msg_traced (T, m))
    return;
  o = link_observation (T, MF_OBS_QUEUED, l);
  o.ahead = l->q.n > 0 ? l->q.n - 1 : 0;
  emit (T, &o);
  /* Joining a queue that already waits: say until when, so no gap goes
   * unexplained. */
  if ((l->state == LINK_RETRY || l->state == LINK_SCHEDULED) && l->timer != 0)
    tr_observe_wait (T, l);
}

/* What did not answer, for a failed attempt.  The same checks as the
 * link's own reachability test, in words.  (transfer full) */
static char *
failure_reason (Transport *T, const Link *l)
{
  const MfTopology *topo = T->topo;
  const MfConnector *c;
  GString *down;

  if (l->kind == LINK_TO_SERVER)
    return g_strdup_printf ("%s does not answer (its SMTP service is not running)",
                            topo->servers[l->target].name);
  if (l->kind == LINK_DNS)
    return g_strdup_printf ("%s does not answer",
                            ((Host *) g_ptr_array_index (T->hosts, l->target))->name);
  if (T->conn_cut[l->target])
    return g_strdup ("the network under the connector is down");
  c = &topo->connectors[l->target];
  if (c->to < 0 && !tr_internet_connector_reachable (T, c))
    return g_strdup ("the connector's smart host does not answer");
  if (l->far_host >= 0 && ((Host *) g_ptr_array_index (T->hosts, l->far_host))->down)
    return g_strdup_printf ("the mail host of %s does not answer",
                            ((Host *) g_ptr_array_index (T->hosts, l->far_host))->name);
  down = g_string_new ("no remote bridgehead answers:");
  for (int i = 0; i < c->n_remote_bridgeheads; i++)
    g_string_append_printf (down, "%s %s", i ? "," : "", topo->servers[c->remote_bridgeheads[i]].name);
  g_string_append (down, " down");
  return g_string_free (down, FALSE);
}

void
tr_observe_attempt (Transport *T, const Link *l, gboolean ok)
{
  MfObservation o;
  g_autofree char *why = NULL;

  if (!link_holds_traced (T, l))
    return;
  o = link_observation (T, MF_OBS_ATTEMPT, l);
  o.ok = ok;
  if (!ok)
    {
      why = failure_reason (T, l);
      o.why = why;
      o.failures = l->glitches + 1;
    }
  emit (T, &o);
}

void
tr_observe_wait (Transport *T, const Link *l)
{
  MfObservation o;

  if (!link_holds_traced (T, l))
    return;
  o = link_observation (T, MF_OBS_WAIT, l);
  o.until_us = l->timer_at;
  o.wait = l->state == LINK_SCHEDULED                          ? MF_WAIT_SCHEDULE
           : l->glitches <= T->topo->org.glitch_retries        ? MF_WAIT_GLITCH
                                                               : MF_WAIT_RETRY;
  o.reported_down = l->reported_down;
  emit (T, &o);
}

void
tr_observe_ehlo (Transport *T, const Server *sender, const Server *receiver, int connector,
                 guint64 session, gboolean differed)
{
  MfObservation o;

  if (!observing (T) || T->inject_id == 0)
    return;
  o = observation (T, MF_OBS_EHLO, sender->id);
  o.remote = receiver->id;
  o.connector = connector;
  o.session = session;
  o.view = sender->view;
  o.remote_view = receiver->view;
  o.differed = differed;
  emit (T, &o);
}

/* Every [event] once the message is submitted: what happens to the
 * organisation while it travels, before its consequences. */
void
tr_observe_event (Transport *T, int event, int action)
{
  MfObservation o;
  const MfTopoEvent *e = &T->topo->events[event];

  if (!observing (T) || T->inject_id == 0)
    return;
  o = observation (T, MF_OBS_EVENT, e->target_kind == MF_TARGET_SERVER ? e->target : -1);
  o.event = event;
  o.action = action;
  if (e->target_kind == MF_TARGET_CONNECTOR)
    o.connector = e->target;
  emit (T, &o);
}

void
tr_observe_routed (Transport *T, const Server *s, const Msg *m, int connector)
{
  MfObservation o;

  if (!observing (T) || !tr_msg_traced (T, m))
    return;
  o = observation (T, MF_OBS_ROUTED, s->id);
  o.connector = connector;
  emit (T, &o);
}

void
tr_observe_held (Transport *T, const Server *s, const Msg *m)
{
  MfObservation o;

  if (!observing (T) || !tr_msg_traced (T, m))
    return;
  o = observation (T, MF_OBS_HELD, s->id);
  emit (T, &o);
}

void
tr_observe_session (Transport *T, const Link *l, const Session *ss, const Msg *m, int remote)
{
  MfObservation o;

  if (!observing (T) || !tr_msg_traced (T, m))
    return;
  o = link_observation (T, MF_OBS_SESSION, l);
  o.remote = remote;
  o.session = ss ? ss->serial : 0;
  o.opened_us = ss ? ss->opened_us : tr_now (T);
  o.message_in_session = ss ? ss->sent + 1 : 1;
  o.ehlo = ss ? ss->ehlo : 0;
  emit (T, &o);
}
