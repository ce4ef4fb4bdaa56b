/* transport-link.c — link queues and what empties them: SMTP sessions over
 * connectors and between the servers of a group.
 *
 * A link queue holds the copies a server sends to one next hop: another
 * server of its group, or a connector (per external domain for an
 * address-space connector).  Sessions carry one message at a time, at most
 * `messages-per-connection` each; a connector's sessions are bounded by its
 * `max-connections`, a server's by `max-outbound-connections` and a link's
 * by `max-connections-per-domain`.  A transfer takes the connector's
 * latency, then its size at an equal share of the connector's bandwidth
 * among the transfers under way (processor sharing, transport-bandwidth.c).
 * Inside a routing
 * group, and over connectors without latency or bandwidth limit, transfers
 * take no time.
 *
 * A remote server offered a message over its `max-message-size` refuses it
 * at MAIL FROM (ESMTP SIZE): the sender returns it at once, untransferred.
 *
 * A failed connection (the connector cut, every remote bridgehead down, or
 * the target server down) is retried after `glitch-retry`, `glitch-retries`
 * times; then the link enters Retry (the `retry` intervals) and, for a
 * connector, the failure is reported to the routing group master, unless
 * `suppress-state-changes`.  The server that reported it probes every
 * `link-probe-interval` and reports UP when a connection works again.  A
 * server of the group that does not answer for `server-down-detection` is
 * reported down to the master (transport-linkstate.c).
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"


static guint64
link_key (int kind, int target, int domain)
{
  return (guint64) kind | ((guint64) (guint32) target << 2) | ((guint64) (domain + 1) << 34);
}

const char *
tr_link_name (Transport *T, int kind, int target, int domain)
{
  if (kind == LINK_TO_SERVER)
    return T->topo->servers[target].name;
  if (kind == LINK_DNS)
    return ((Host *) g_ptr_array_index (T->hosts, target))->name;
  if (domain >= 0)
    return mf_workload_domain (T->workload, domain);
  return T->topo->connectors[target].name;
}

/* The slot of @key in s's link index: its own or the empty one where it
 * would go. */
static inline guint32
link_slot (const Server *s, guint64 key)
{
  guint32 mask = s->link_cap - 1;
  guint32 i = (guint32) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 40) & mask;
  while (s->link_vals[i] != NULL && s->link_keys[i] != key)
    i = (i + 1) & mask;
  return i;
}

/* Room for one more link in the index: doubles it at half full. */
static void
link_index_reserve (Server *s)
{
  guint32 old_cap = s->link_cap;
  guint64 *old_keys = s->link_keys;
  Link **old_vals = s->link_vals;

  if (old_cap > 0 && 2 * (s->link_list->len + 1) <= old_cap)
    return;
  s->link_cap = old_cap ? 2 * old_cap : 16;
  s->link_keys = g_new (guint64, s->link_cap);
  s->link_vals = g_new0 (Link *, s->link_cap);
  for (guint32 i = 0; i < old_cap; i++)
    if (old_vals[i] != NULL)
      {
        guint32 j = link_slot (s, old_keys[i]);
        s->link_keys[j] = old_keys[i];
        s->link_vals[j] = old_vals[i];
      }
  g_free (old_keys);
  g_free (old_vals);
}

Link *
tr_link_get (Transport *T, Server *s, int kind, int target, int domain)
{
  guint64 key = link_key (kind, target, domain);
  Link *l;
  guint32 slot;

  if (s->link_cap > 0 && (l = s->link_vals[link_slot (s, key)]) != NULL)
    return l;
  l = g_new0 (Link, 1);
  l->owner = s;
  l->kind = kind;
  l->target = target;
  l->domain = domain;
  l->far_host = kind == LINK_OVER_CONNECTOR
                    ? tr_internet_connector_host (T, &T->topo->connectors[target], domain)
                    : -1;
  l->state = LINK_READY;
  tr_queue_register (T, &l->q, s->id, MF_QUEUE_LINK, tr_link_name (T, kind, target, domain),
                     kind == LINK_OVER_CONNECTOR ? target : -1);
  link_index_reserve (s);
  slot = link_slot (s, key);
  s->link_keys[slot] = key;
  s->link_vals[slot] = l;
  g_ptr_array_add (s->link_list, l);
  return l;
}

/* ----------------------------------------------------------- schedules */

static gint64
week_position_us (Transport *T)
{
  return (T->topo->org.start_us + tr_now (T)) % MF_US_PER_WEEK;
}

static gboolean
schedule_open (Transport *T, const MfConnector *c)
{
  return mf_schedule_open_at (&c->schedule, (guint) (week_position_us (T) / MF_US_PER_MINUTE));
}

/* Time from now to the next window start (the schedule has windows). */
static gint64
until_window (Transport *T, const MfConnector *c)
{
  gint64 pos = week_position_us (T);
  const MfSchedule *sch = &c->schedule;

  for (guint i = 0; i < sch->n_windows; i++)
    {
      gint64 start = sch->windows[i].start_min * MF_US_PER_MINUTE;
      if (start > pos)
        return start - pos;
    }
  return MF_US_PER_WEEK - pos + sch->windows[0].start_min * MF_US_PER_MINUTE;
}

/* ------------------------------------------------------- Queue Viewer */

const char *
mf_link_queue_state_name (MfLinkQueueState state)
{
  static const char *const names[] = { "Ready", "Active", "Retry", "Scheduled" };
  return names[state];
}

/* The state Queue Viewer shows: Active while a session transfers, else
 * the link's own state (Retry, Scheduled) or Ready. */
MfLinkQueueState
tr_link_state (const Link *l)
{
  if (l->sessions > 0)
    return MF_LINK_QUEUE_ACTIVE;
  if (l->state == LINK_RETRY)
    return MF_LINK_QUEUE_RETRY;
  if (l->state == LINK_SCHEDULED)
    return MF_LINK_QUEUE_SCHEDULED;
  return MF_LINK_QUEUE_READY;
}

/* --------------------------------------------------------- reachability */

/* Can a connection be made now?  For a connector: not cut, and not left
 * without a working end by down servers — the one rule `routes --down`
 * uses too (mf_link_state_servers_cut); the sender is a bridgehead and up,
 * so what can fail is every remote bridgehead being down, or for an
 * Internet connector its smart host. */
static gboolean
reachable (Transport *T, const Link *l)
{
  if (l->kind == LINK_TO_SERVER)
    return T->servers[l->target].up;
  if (l->kind == LINK_DNS)
    return !((Host *) g_ptr_array_index (T->hosts, l->target))->down;
  if (T->conn_cut[l->target])
    return FALSE;
  {
    const MfConnector *c = &T->topo->connectors[l->target];
    /* An Internet connector also needs its smart host. */
    if (c->to < 0 && !tr_internet_connector_reachable (T, c))
      return FALSE;
    /* Without smart host, the domain's MX (a [domain] that is down). */
    if (l->far_host >= 0 && ((Host *) g_ptr_array_index (T->hosts, l->far_host))->down)
      return FALSE;
  }
  return !mf_link_state_servers_cut (T->topo, l->target, T->smtp_down);
}

/* A remote bridgehead for a new session: uniformly among those up (a
 * session tries them in random order, the down ones last, and talks to the
 * first that answers); -1 for the Internet. */
static int
pick_remote (Transport *T, Link *l)
{
  const MfConnector *c;
  int n_up = 0, k;

  if (l->kind == LINK_DNS)
    return -1;
  c = &T->topo->connectors[l->target];
  if (c->to < 0)
    return -1;
  for (int i = 0; i < c->n_remote_bridgeheads; i++)
    n_up += T->servers[c->remote_bridgeheads[i]].up;
  g_assert (n_up > 0);
  k = (int) mf_rng_below (&l->owner->rng, (guint64) n_up);
  for (int i = 0; i < c->n_remote_bridgeheads; i++)
    if (T->servers[c->remote_bridgeheads[i]].up && k-- == 0)
      return c->remote_bridgeheads[i];
  g_assert_not_reached ();
}

/* The partner a transfer over link l to `remote` is logged with. */
static void
track_transfer (Transport *T, const Link *l, const Msg *m, int remote, int event_id)
{
  if (remote >= 0)
    tr_track (T, l->owner->id, event_id, m, -1, MF_PARTNER_SERVER, remote);
  else
    tr_track (T, l->owner->id, event_id, m, -1, MF_PARTNER_DOMAIN, -1);
}

/* A copy arrives at the far end of a link. */
static void
arrive (Transport *T, Msg *m, int remote)
{
  if (remote >= 0)
    {
      tr_server_receive (T, &T->servers[remote], m);
      return;
    }
  /* Handed to the Internet: delivered as far as the organisation goes. */
  if (m->from >= 0)
    T->srv_interval[m->from].sent++;
  for (int i = 0; i < m->n_rcpt; i++)
    tr_deliver (T, m, i);
  tr_msg_free (T, m);
}

/* ESMTP SIZE at MAIL FROM: a remote virtual server refuses a message over
 * its `max-message-size` before any byte is sent, so the sender returns it
 * (5.3.4) without transferring it or taking the link's bandwidth.  TRUE
 * when refused (m is freed). */
static gboolean
refused_at_mail_from (Transport *T, const Link *l, Msg *m, int remote)
{
  if (remote < 0 || m->size <= T->topo->servers[remote].max_message_size)
    return FALSE;
  tr_return_all (T, m, MF_NDR_TOO_LARGE, l->owner->id);
  return TRUE;
}

/* ------------------------------------------------------------- failures */

static void
set_timer (Transport *T, Link *l, gint64 delay_us)
{
  if (l->timer)
    mf_sim_cancel (T->sim, l->timer);
  l->timer_at = tr_now (T) + delay_us;
  l->timer = mf_sim_schedule_in (T->sim, delay_us, EV_LINK_TIMER, (guint64) (guintptr) l);
  tr_observe_wait (T, l);
}

static void
start_probe (Transport *T, Link *l)
{
  if (l->probe == 0)
    l->probe = mf_sim_schedule_in (T->sim, T->topo->org.link_probe_interval_us, EV_LINK_PROBE,
                                   (guint64) (guintptr) l);
}

/* A connection attempt failed. */
static void
link_failed (Transport *T, Link *l)
{
  const MfOrganization *org = &T->topo->org;

  if (l->state == LINK_RETRY)
    return; /* already waiting: one failure per attempt */
  tr_observe_attempt (T, l, FALSE);
  l->glitches++;
  l->state = LINK_RETRY;
  if (l->glitches <= org->glitch_retries)
    {
      set_timer (T, l, org->glitch_retry_us);
      return;
    }
  if (l->kind == LINK_OVER_CONNECTOR && !org->suppress_state_changes && !l->reported_down)
    {
      l->reported_down = TRUE;
      tr_ls_report (T, l->owner, l->target, FALSE);
      start_probe (T, l);
    }
  set_timer (T, l, org->retry_us[MIN (l->retries, 3)]);
  l->retries++;
}

static void
link_succeeded (Transport *T, Link *l)
{
  tr_observe_attempt (T, l, TRUE);
  l->glitches = 0;
  l->retries = 0;
  l->state = LINK_ACTIVE;
  if (l->reported_down)
    {
      l->reported_down = FALSE;
      if (l->probe)
        {
          mf_sim_cancel (T->sim, l->probe);
          l->probe = 0;
        }
      tr_ls_report (T, l->owner, l->target, TRUE);
    }
}

/* ------------------------------------------------------------ sessions */

static void session_next (Transport *T, Session *ss);

static Session *
session_open (Transport *T, Link *l)
{
  Session *ss = T->free_sessions;

  if (ss != NULL)
    T->free_sessions = ss->next_free;
  else
    ss = g_new (Session, 1);
  memset (ss, 0, sizeof *ss);
  ss->link = l;
  ss->remote = pick_remote (T, l);
  ss->serial = ++T->session_serial;
  ss->opened_us = tr_now (T);
  ss->index = T->sessions->len;
  g_ptr_array_add (T->sessions, ss);
  l->sessions++;
  l->owner->sessions++;
  if (l->kind != LINK_DNS)
    T->conn_sessions[l->target]++;
  return ss;
}

/* A session slot is free again: kick the links that may have waited for
 * it.  Only a limit that was reached can have held anyone back, so the
 * common case kicks the session's own link and nothing else. */
static void
kick_waiting (Transport *T, Link *l, gboolean server_was_full, gboolean connector_was_full)
{
  Server *owner = l->owner;
  int connector = l->target;

  if (server_was_full)
    tr_link_kick_server (T, owner);
  else if (l->q.n > 0)
    tr_link_kick (T, l);
  if (connector_was_full)
    {
      const MfConnector *c = &T->topo->connectors[connector];
      for (int i = 0; i < c->n_bridgeheads; i++)
        if (c->bridgeheads[i] != owner->id)
          tr_link_kick_server (T, &T->servers[c->bridgeheads[i]]);
    }
}

void
tr_session_close (Transport *T, Session *ss, gboolean kick)
{
  Link *l = ss->link;
  int c = l->target;
  gboolean dns = l->kind == LINK_DNS;
  gboolean full = !dns && T->conn_sessions[c] >= T->topo->connectors[c].max_connections;
  gboolean server_full =
      l->owner->sessions >= T->topo->servers[l->owner->id].max_outbound_connections;
  Session *last = g_ptr_array_index (T->sessions, T->sessions->len - 1);

  g_assert (ss->msg == NULL);
  last->index = ss->index;
  g_ptr_array_index (T->sessions, ss->index) = last;
  g_ptr_array_set_size (T->sessions, T->sessions->len - 1);
  l->sessions--;
  l->owner->sessions--;
  if (!dns)
    T->conn_sessions[c]--;
  ss->next_free = T->free_sessions;
  T->free_sessions = ss;
  if (l->sessions == 0 && l->state == LINK_ACTIVE)
    l->state = LINK_READY;
  if (kick)
    kick_waiting (T, l, server_full, full);
}

void
tr_link_transfer_finished (Transport *T, Session *ss)
{
  Msg *m = ss->msg;
  int c = ss->link->target;

  ss->msg = NULL;
  ss->event = 0;
  ss->sent++;
  if (ss->link->kind != LINK_DNS && ss->refuse > 0)
    {
      /* The domain's MX answered an Internet connector's session with a
       * refusal (transport-internet.c): nothing was sent. */
      tr_connector_transfer_end (T, c, 0);
      tr_return_all (T, m, (MfNdrReason) (ss->refuse - 1), ss->link->owner->id);
      session_next (T, ss);
      return;
    }
  if (ss->link->kind == LINK_DNS)
    {
      if (ss->refuse > 0)
        tr_return_all (T, m, (MfNdrReason) (ss->refuse - 1), ss->link->owner->id);
      else
        {
          T->partner_host = tr_link_name (T, LINK_DNS, c, -1);
          track_transfer (T, ss->link, m, -1, TRACK_TRANSFER_DONE);
          T->partner_host = NULL;
          m->from = ss->link->owner->id;
          arrive (T, m, -1);
        }
      session_next (T, ss);
      return;
    }
  tr_connector_transfer_end (T, c, m->size);
  track_transfer (T, ss->link, m, ss->remote, TRACK_TRANSFER_DONE);
  m->from = ss->link->owner->id;
  arrive (T, m, ss->remote);
  session_next (T, ss);
}

/* The latency phase is over: share the bandwidth, or finish. */
static void
bandwidth_phase (Transport *T, Session *ss)
{
  if (T->pools[ss->link->target].bps >= (double) MF_BANDWIDTH_UNLIMITED)
    tr_link_transfer_finished (T, ss);
  else
    tr_pool_add (T, ss);
}

static void dns_session_next (Transport *T, Session *ss);

static void
session_next (Transport *T, Session *ss)
{
  Link *l = ss->link;
  const MfConnector *c;
  const MfServer *ms = &T->topo->servers[l->owner->id];
  gint64 latency;

  if (l->kind == LINK_DNS)
    {
      dns_session_next (T, ss);
      return;
    }
  c = &T->topo->connectors[l->target];
  if (l->q.n == 0 || ss->sent >= ms->messages_per_connection || !schedule_open (T, c)
      || !l->owner->up || (ss->remote >= 0 && !T->servers[ss->remote].up)
      || T->conn_cut[l->target])
    {
      tr_session_close (T, ss, TRUE);
      return;
    }
  /* EHLO: the two ends compare link-state digests before the first message,
   * so the receiver routes it with the newer table (no ping-pong). */
  if (ss->sent == 0 && ss->remote >= 0)
    tr_ls_session_exchange (T, l->owner, &T->servers[ss->remote], l->target, ss);
  if (l->q.n == 0)
    {
      tr_session_close (T, ss, TRUE);
      return;
    }
  /* Messages the remote refuses at MAIL FROM go back; the session goes on
   * with the next one. */
  while ((ss->msg = tr_fifo_pop (T, &l->q)) != NULL
         && refused_at_mail_from (T, l, ss->msg, ss->remote))
    ;
  if (ss->msg == NULL)
    {
      tr_session_close (T, ss, TRUE);
      return;
    }
  tr_observe_session (T, l, ss, ss->msg, ss->remote);
  track_transfer (T, l, ss->msg, ss->remote, TRACK_TRANSFER_OUT);
  tr_connector_transfer_start (T, l->target);
  /* An Internet connector without smart host delivers to the domain's MX
   * by DNS: the far side's time (and answer) joins the latency phase. */
  latency = c->latency_us;
  if (l->far_host >= 0)
    latency += tr_internet_far_side_us (T, ss, l->far_host, ss->sent == 0, TRUE);
  if (latency > 0 || ss->refuse > 0)
    {
      ss->remaining_bits = -1;
      ss->event = mf_sim_schedule_in (T->sim, latency, EV_TRANSFER_DONE,
                                      (guint64) (guintptr) ss);
    }
  else
    bandwidth_phase (T, ss);
}

void
tr_session_transfer_done (Transport *T, Session *ss)
{
  ss->event = 0;
  if (ss->link->kind == LINK_DNS || ss->refuse > 0)
    tr_link_transfer_finished (T, ss);
  else
    bandwidth_phase (T, ss);
}

/* A direct-DNS session: one message at a time to the remote MX or smart
 * host (transport-internet.c times it), no connector. */
static void
dns_session_next (Transport *T, Session *ss)
{
  Link *l = ss->link;
  const MfServer *ms = &T->topo->servers[l->owner->id];

  if (l->q.n == 0 || ss->sent >= ms->messages_per_connection || !l->owner->up
      || !reachable (T, l))
    {
      tr_session_close (T, ss, TRUE);
      return;
    }
  ss->msg = tr_fifo_pop (T, &l->q);
  tr_observe_session (T, l, ss, ss->msg, -1);
  T->partner_host = tr_link_name (T, LINK_DNS, l->target, -1);
  track_transfer (T, l, ss->msg, -1, TRACK_TRANSFER_OUT);
  T->partner_host = NULL;
  ss->remaining_bits = -1;
  ss->event = mf_sim_schedule_in (T->sim, tr_internet_transfer_us (T, ss, ss->sent == 0),
                                  EV_TRANSFER_DONE, (guint64) (guintptr) ss);
}

/* --------------------------------------------------------------- links */

static gboolean
connector_is_instant (const MfConnector *c)
{
  return c->latency_us == 0 && c->bandwidth_bps == MF_BANDWIDTH_UNLIMITED;
}

void
tr_link_enqueue (Transport *T, Link *l, Msg *m)
{
  tr_fifo_push (T, &l->q, m);
  tr_observe_queued (T, l, m);
  tr_link_kick (T, l);
}

void
tr_link_kick (Transport *T, Link *l)
{
  Server *s = l->owner;
  const MfServer *ms = &T->topo->servers[s->id];
  const MfConnector *c;

  if (!s->up || l->q.n == 0 || l->state == LINK_RETRY || l->state == LINK_SCHEDULED)
    return;
  if (l->kind == LINK_TO_SERVER)
    {
      Msg *m;
      if (!reachable (T, l))
        {
          /* The server does not answer: after server-down-detection this
           * server takes it as down and tells its master. */
          if (l->detect == 0 && !s->srv_down[l->target])
            l->detect = mf_sim_schedule_in (T->sim, T->topo->org.server_down_detection_us,
                                            EV_SERVER_DETECT, (guint64) (guintptr) l);
          link_failed (T, l);
          return;
        }
      if (l->detect)
        {
          mf_sim_cancel (T->sim, l->detect);
          l->detect = 0;
        }
      /* It answers: this server's own observation, at once. */
      s->srv_down[l->target] = FALSE;
      link_succeeded (T, l);
      while ((m = tr_fifo_pop (T, &l->q)) != NULL)
        {
          if (refused_at_mail_from (T, l, m, l->target))
            continue;
          tr_observe_session (T, l, NULL, m, l->target);
          track_transfer (T, l, m, l->target, TRACK_TRANSFER_OUT);
          track_transfer (T, l, m, l->target, TRACK_TRANSFER_DONE);
          m->from = s->id;
          tr_server_receive (T, &T->servers[l->target], m);
        }
      l->state = LINK_READY;
      return;
    }

  if (l->kind == LINK_DNS)
    {
      if (l->sessions == 0 && !reachable (T, l))
        {
          link_failed (T, l);
          return;
        }
      if (l->sessions == 0)
        link_succeeded (T, l);
      while (l->q.n > 0 && l->sessions < ms->max_connections_per_domain
             && s->sessions < ms->max_outbound_connections)
        session_next (T, session_open (T, l));
      return;
    }
  c = &T->topo->connectors[l->target];
  if (!schedule_open (T, c))
    {
      if (l->sessions == 0)
        {
          l->state = LINK_SCHEDULED;
          set_timer (T, l, until_window (T, c));
        }
      return;
    }
  if (l->sessions == 0 && !reachable (T, l))
    {
      link_failed (T, l);
      return;
    }
  if (l->sessions == 0)
    link_succeeded (T, l);
  if (connector_is_instant (c) && l->far_host < 0)
    {
      /* Nothing to wait for: no session outlives this instant. */
      Msg *m;
      while ((m = tr_fifo_pop (T, &l->q)) != NULL)
        {
          int remote = c->to < 0 ? -1 : pick_remote (T, l);
          if (refused_at_mail_from (T, l, m, remote))
            continue;
          /* Each instant transfer is a session of its own: EHLO compares
           * link-state digests first (tr_ls_session_exchange). */
          if (remote >= 0)
            tr_ls_session_exchange (T, s, &T->servers[remote], l->target, NULL);
          tr_observe_session (T, l, NULL, m, remote);
          tr_connector_transfer_start (T, l->target);
          tr_connector_transfer_end (T, l->target, m->size);
          track_transfer (T, l, m, remote, TRACK_TRANSFER_OUT);
          track_transfer (T, l, m, remote, TRACK_TRANSFER_DONE);
          m->from = s->id;
          arrive (T, m, remote);
        }
      l->state = LINK_READY;
      return;
    }
  while (l->q.n > 0 && l->sessions < ms->max_connections_per_domain
         && s->sessions < ms->max_outbound_connections
         && T->conn_sessions[l->target] < c->max_connections)
    session_next (T, session_open (T, l));
}

void
tr_link_kick_server (Transport *T, Server *s)
{
  for (guint i = 0; i < s->link_list->len; i++)
    {
      Link *l = g_ptr_array_index (s->link_list, i);
      if (l->q.n > 0)
        tr_link_kick (T, l);
    }
}

/* Put the expired copies of a waiting link out, send delay notices. */
static void
age_queue (Transport *T, Link *l)
{
  Msg *list = NULL, **tail = &list, *m;

  while ((m = tr_fifo_pop (T, &l->q)) != NULL)
    {
      *tail = m;
      tail = &m->next;
    }
  while ((m = list) != NULL)
    {
      gboolean expired;
      list = m->next;
      tr_server_check_age (T, l->owner, m, &expired);
      if (expired)
        {
          for (int i = 0; i < m->n_rcpt; i++)
            tr_return (T, m, i, MF_NDR_EXPIRED, l->owner->id);
          tr_msg_free (T, m);
        }
      else
        tr_fifo_push (T, &l->q, m);
    }
}

void
tr_link_timer (Transport *T, Link *l)
{
  /* Mail that waited (in Retry, or for a schedule window) may have grown
   * old enough for a delay notice or an NDR. */
  gboolean waited = l->state == LINK_RETRY || l->state == LINK_SCHEDULED;

  l->timer = 0;
  l->state = LINK_READY;
  if (!l->owner->up)
    return; /* kicked again when the server comes back */
  if (waited)
    age_queue (T, l);
  tr_link_kick (T, l);
}

void
tr_link_probe (Transport *T, Link *l)
{
  l->probe = 0;
  if (!l->reported_down)
    return;
  if (!l->owner->up || !reachable (T, l))
    {
      start_probe (T, l);
      return;
    }
  /* It works again: report UP, and try the queue at once. */
  l->reported_down = FALSE;
  l->glitches = 0;
  l->retries = 0;
  tr_ls_report (T, l->owner, l->target, TRUE);
  if (l->state == LINK_RETRY)
    {
      if (l->timer)
        mf_sim_cancel (T->sim, l->timer);
      l->timer = 0;
      l->state = LINK_READY;
    }
  tr_link_kick (T, l);
}

/* server-down-detection is over for a link to a server that did not
 * answer: if it still does not, this server reports it down. */
void
tr_link_detect (Transport *T, Link *l)
{
  l->detect = 0;
  if (!l->owner->up || reachable (T, l))
    return;
  tr_ls_server_report (T, l->owner, l->target, FALSE);
}
