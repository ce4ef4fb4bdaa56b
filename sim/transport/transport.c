/* transport.c — one run of the transport: set-up, the event dispatch, the
 * scheduled changes of the topology ([event]), accounting and statistics.
 * The pipeline of a server, the links and the link-state protocol live in
 * transport-server.c, transport-link.c and transport-linkstate.c.
 *
 * Accounting is by recipient and by original message: a recipient is
 * generated once and ends once, delivered or returned; a message ends when
 * its last recipient does (returned if any recipient was).  At the end every
 * place that can hold a message copy is walked and its recipients counted:
 * that count must equal generated - delivered - ndr, or the run fails.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"
#include "model/dist.h"

#include <string.h>

G_DEFINE_QUARK (mf-transport-error-quark, mf_transport_error)

static const char *const ndr_reason_names[MF_NDR_N_REASONS] = {
  "expired", "hop_count", "too_large", "no_route",
};

const char *
mf_ndr_reason_name (MfNdrReason reason)
{
  return ndr_reason_names[reason];
}

gint64
tr_now (const Transport *T)
{
  return mf_sim_now (T->sim);
}

/* ------------------------------------------------------------ tracking */

/* Hand one record per recipient of `m` (or only recipient `only_rcpt`) to
 * the tracking sink.  Nothing happens without a sink. */
void
tr_track (Transport *T, int server, int event_id, const Msg *m, int only_rcpt,
          MfPartnerKind partner_kind, int partner)
{
  MfTrackingRecord rec;
  const Orig *o = m->orig;

  if (T->opt.track == NULL)
    return;
  rec.time_us = tr_now (T);
  rec.server = server;
  rec.event_id = event_id;
  rec.msg_id = o->id;
  rec.linked_msg_id = o->linked_id;
  rec.origin = o->origin;
  rec.external_sender = o->external;
  rec.is_notice = o->is_dsn;
  rec.origination_us = o->created_us;
  rec.size_bytes = m->size;
  rec.n_recipients = m->n_rcpt;
  rec.partner_kind = partner_kind;
  rec.partner = partner;
  rec.partner_domain = NULL;
  rec.client_server = m->from;
  rec.view = T->servers[server].view;
  rec.ndr_reason = event_id == TRACK_NDR ? (int) T->ndr_reason : -1;
  for (int i = 0; i < m->n_rcpt; i++)
    {
      Rcpt r = m->rcpt[i];
      if (only_rcpt >= 0 && i != only_rcpt)
        continue;
      rec.recipient_server = r >= 0 ? r : -1;
      rec.recipient_domain = r >= 0 ? NULL : mf_workload_domain (T->workload, RCPT_DOMAIN (r));
      if (partner_kind == MF_PARTNER_DOMAIN)
        rec.partner_domain = rec.recipient_domain;
      T->opt.track (&rec, T->opt.track_data);
    }
}

/* ------------------------------------------------------------ messages */

Orig *
tr_orig_new (Transport *T, int origin, int flow, gboolean external, gboolean is_dsn, int n_rcpt)
{
  Orig *o = T->free_origs;

  if (o != NULL)
    T->free_origs = o->next_free;
  else
    o = g_new (Orig, 1);
  memset (o, 0, sizeof *o);
  o->id = ++T->next_orig_id;
  o->origin = origin;
  o->flow = flow;
  o->external = external;
  o->is_dsn = is_dsn;
  o->pending = n_rcpt;
  o->created_us = tr_now (T);
  if (is_dsn)
    T->res->dsn_messages.generated++;
  else
    {
      T->res->messages.generated++;
      T->res->recipients.generated += (guint64) n_rcpt;
      if (flow >= 0)
        T->res->flow_generated[flow]++;
    }
  return o;
}

static void
orig_release (Transport *T, Orig *o)
{
  o->next_free = T->free_origs;
  T->free_origs = o;
}

Msg *
tr_msg_new (Transport *T, Orig *orig, int n_rcpt, guint64 size, int hops)
{
  Msg *m = T->free_msgs;

  if (m != NULL)
    T->free_msgs = m->next;
  else
    m = g_new (Msg, 1);
  m->next = NULL;
  m->orig = orig;
  m->enqueued_us = tr_now (T);
  m->size = size;
  m->hops = hops;
  m->from = -1;
  m->flags = 0;
  m->n_rcpt = n_rcpt;
  m->rcpt = n_rcpt <= MSG_INLINE_RCPTS ? m->rcpt_inline : g_new (Rcpt, (gsize) n_rcpt);
  return m;
}

void
tr_msg_free (Transport *T, Msg *m)
{
  if (m->rcpt != m->rcpt_inline)
    g_free (m->rcpt);
  m->next = T->free_msgs;
  T->free_msgs = m;
}

/* A recipient reached its end: count it, and its message when it was the
 * last one. */
static void
recipient_done (Transport *T, Orig *o, gboolean returned)
{
  MfRunResult *r = T->res;

  o->pending--;
  if (returned)
    o->ndr++;
  if (o->is_dsn)
    {
      if (o->pending == 0)
        {
          if (o->ndr > 0)
            r->dsn_messages.ndr++;
          else
            r->dsn_messages.delivered++;
        }
    }
  else
    {
      if (returned)
        r->recipients.ndr++;
      else
        r->recipients.delivered++;
      if (o->pending == 0)
        {
          if (o->ndr > 0)
            r->messages.ndr++;
          else
            r->messages.delivered++;
        }
    }
  if (o->pending == 0)
    orig_release (T, o);
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
        mf_tally_add (&T->res->flow_latency_s[o->flow], latency_s);
    }
  recipient_done (T, o, FALSE);
}

/* Send the sender a notice (an NDR or a delay DSN) from `at_server`:
 * a one-recipient message to the sender's server.  Notices about notices,
 * and notices to senders outside the organisation, are not carried. */
static void
notify_sender (Transport *T, const Orig *about, int at_server, guint64 size)
{
  Orig *o;
  Msg *m;

  if (about->is_dsn || about->external)
    return;
  o = tr_orig_new (T, at_server, -1, FALSE, TRUE, 1);
  o->linked_id = about->id;
  m = tr_msg_new (T, o, 1, size, 1);
  m->rcpt[0] = about->origin;
  tr_track (T, at_server, TRACK_SUBMIT_AQ, m, -1, MF_PARTNER_NONE, -1);
  tr_server_submit (T, &T->servers[at_server], m);
}

void
tr_return (Transport *T, Msg *m, int i, MfNdrReason reason, int at_server)
{
  Orig *o = m->orig;
  gboolean first = o->ndr == 0;

  if (!o->is_dsn)
    T->res->ndr_by_reason[reason]++;
  T->ndr_reason = reason;
  tr_track (T, at_server, TRACK_NDR, m, i, MF_PARTNER_NONE, -1);
  /* One NDR per message, for its first returned recipient. */
  if (first)
    notify_sender (T, o, at_server, 4096 + MIN (m->size, (guint64) 65536));
  recipient_done (T, o, TRUE);
}

/* A delay DSN for a copy that has waited `delay-notification`. */
void
tr_server_check_age (Transport *T, Server *s, Msg *m, gboolean *expired)
{
  gint64 age = tr_now (T) - m->orig->created_us;
  const MfOrganization *org = &T->topo->org;

  *expired = age >= org->expiration_us;
  if (*expired)
    return;
  if (age >= org->delay_notification_us && !(m->flags & MSG_DELAY_SENT))
    {
      m->flags |= MSG_DELAY_SENT;
      if (!m->orig->is_dsn && !m->orig->external)
        T->res->delay_dsns++;
      notify_sender (T, m->orig, s->id, 2048);
    }
}

/* -------------------------------------------------------------- queues */

int
tr_queue_register (Transport *T, int server, MfQueueKind kind, const char *name, int connector)
{
  MfRunResult *r = T->res;
  MfQueueStats *q;

  r->queues = g_renew (MfQueueStats, r->queues, (gsize) r->n_queues + 1);
  T->queue_last = g_renew (int, T->queue_last, (gsize) r->n_queues + 1);
  q = &r->queues[r->n_queues];
  memset (q, 0, sizeof *q);
  q->server = server;
  q->kind = kind;
  q->name = g_strdup (name);
  q->connector = connector;
  mf_time_avg_init (&q->length, tr_now (T), 0);
  T->queue_last[r->n_queues] = 0;
  return r->n_queues++;
}

static void
queue_level (Transport *T, Fifo *q)
{
  MfQueueStats *qs = &T->res->queues[q->stat];
  mf_time_avg_set (&qs->length, tr_now (T), (double) q->n);
  if (q->n > qs->max_length)
    qs->max_length = q->n;
}

void
tr_fifo_push (Transport *T, Fifo *q, Msg *m)
{
  m->next = NULL;
  m->enqueued_us = tr_now (T);
  if (q->tail)
    q->tail->next = m;
  else
    q->head = m;
  q->tail = m;
  q->n++;
  queue_level (T, q);
}

void
tr_fifo_push_front (Transport *T, Fifo *q, Msg *m)
{
  m->next = q->head;
  q->head = m;
  if (q->tail == NULL)
    q->tail = m;
  q->n++;
  queue_level (T, q);
}

Msg *
tr_fifo_pop (Transport *T, Fifo *q)
{
  Msg *m = q->head;
  if (m == NULL)
    return NULL;
  q->head = m->next;
  if (q->head == NULL)
    q->tail = NULL;
  m->next = NULL;
  q->n--;
  queue_level (T, q);
  return m;
}

/* ---------------------------------------------------------- connectors */

static void
connector_flush_busy (Transport *T, int c)
{
  gint64 now = tr_now (T);
  if (T->conn_transfers[c] > 0)
    {
      gint64 d = now - T->conn_busy_since[c];
      T->conn_interval_busy[c] += d;
      if (T->warmed)
        T->res->connectors[c].busy_us += d;
      T->conn_busy_since[c] = now;
    }
}

void
tr_connector_transfer_start (Transport *T, int c)
{
  if (T->conn_transfers[c]++ == 0)
    T->conn_busy_since[c] = tr_now (T);
}

void
tr_connector_transfer_end (Transport *T, int c, guint64 bytes)
{
  connector_flush_busy (T, c);
  T->conn_transfers[c]--;
  if (bytes > 0)
    {
      T->conn_interval_msgs[c]++;
      T->conn_interval_bytes[c] += bytes;
      if (T->warmed)
        {
          T->res->connectors[c].messages++;
          T->res->connectors[c].bytes += bytes;
        }
    }
}

/* -------------------------------------------------------------- events */

static void
schedule_arrival (Transport *T, int source)
{
  gint64 t = mf_workload_next_arrival (T->workload, source, tr_now (T), T->opt.duration_us);
  if (t >= 0)
    mf_sim_schedule_at (T->sim, t, EV_ARRIVAL, (guint64) source);
}

static void
on_arrival (Transport *T, int source)
{
  MfNewMessage nm;
  Orig *o;
  Msg *m;

  mf_workload_make_message (T->workload, source, &nm);
  o = tr_orig_new (T, nm.origin, nm.flow, nm.external, FALSE, nm.n_recipients);
  m = tr_msg_new (T, o, nm.n_recipients, nm.size_bytes, 1);
  for (int i = 0; i < nm.n_recipients; i++)
    m->rcpt[i] = nm.recipients[i].server >= 0 ? nm.recipients[i].server
                                              : RCPT_FOR_DOMAIN (nm.recipients[i].domain);
  mf_new_message_clear (&nm);
  /* Mail from a mailbox enters through the store driver; mail from outside
   * through the SMTP service of the `via` server. */
  if (!o->external)
    tr_track (T, o->origin, TRACK_STORE_SUBMIT, m, -1, MF_PARTNER_NONE, -1);
  tr_track (T, o->origin, TRACK_SUBMIT_AQ, m, -1, MF_PARTNER_NONE, -1);
  tr_track (T, o->origin, TRACK_SUBMISSION_STARTED, m, -1, MF_PARTNER_NONE, -1);
  tr_server_submit (T, &T->servers[o->origin], m);
  schedule_arrival (T, source);
}

static void
on_inject (Transport *T)
{
  const MfInjection *in = T->opt.inject;
  Orig *o = tr_orig_new (T, in->from_server, -1, FALSE, FALSE, 1);
  Msg *m = tr_msg_new (T, o, 1, MAX (in->size_bytes, (guint64) 1), 1);

  m->rcpt[0] = in->to_server >= 0
                   ? in->to_server
                   : RCPT_FOR_DOMAIN (mf_workload_add_domain (T->workload, in->to_domain));
  tr_track (T, o->origin, TRACK_STORE_SUBMIT, m, -1, MF_PARTNER_NONE, -1);
  tr_track (T, o->origin, TRACK_SUBMIT_AQ, m, -1, MF_PARTNER_NONE, -1);
  tr_track (T, o->origin, TRACK_SUBMISSION_STARTED, m, -1, MF_PARTNER_NONE, -1);
  tr_server_submit (T, &T->servers[o->origin], m);
}

static void
set_connector_cut (Transport *T, int c, gboolean cut)
{
  int mirror = T->topo->connectors[c].mirror;
  T->conn_cut[c] = cut;
  if (mirror >= 0)
    T->conn_cut[mirror] = cut;
  if (cut)
    {
      tr_links_abort_to (T, -1, c);
      if (mirror >= 0)
        tr_links_abort_to (T, -1, mirror);
    }
}

static void
on_topo_event (Transport *T, guint64 data)
{
  gboolean reversal = (data & TOPO_EVENT_REVERSAL) != 0;
  const MfTopoEvent *e = &T->topo->events[data & ~TOPO_EVENT_REVERSAL];
  MfAction action = e->action;

  if (reversal)
    action = action == MF_ACTION_DOWN ? MF_ACTION_UP
             : action == MF_ACTION_UP ? MF_ACTION_DOWN : MF_ACTION_COST;
  else if (e->duration_us > 0)
    mf_sim_schedule_in (T->sim, e->duration_us, EV_TOPO_EVENT, data | TOPO_EVENT_REVERSAL);

  if (e->target_kind == MF_TARGET_SERVER)
    {
      Server *s = &T->servers[e->target];
      if (action == MF_ACTION_DOWN && s->up)
        tr_server_down (T, s);
      else if (action == MF_ACTION_UP && !s->up)
        tr_server_up (T, s);
      return;
    }
  switch (action)
    {
    case MF_ACTION_DOWN:
      set_connector_cut (T, e->target, TRUE);
      break;
    case MF_ACTION_UP:
      set_connector_cut (T, e->target, FALSE);
      break;
    case MF_ACTION_COST:
    default:
      {
        const MfConnector *c = &T->topo->connectors[e->target];
        int cost = reversal ? c->cost : e->cost;
        tr_ls_cost_change (T, e->target, cost);
        if (c->mirror >= 0)
          tr_ls_cost_change (T, c->mirror, cost);
      }
      break;
    }
}

static void
on_sample (Transport *T)
{
  MfRunResult *r = T->res;
  gint64 now = tr_now (T);

  for (int i = 0; i < r->n_queues; i++)
    {
      const MfQueueStats *q = &r->queues[i];
      guint32 len = (guint32) mf_time_avg_level (&q->length);
      if (len > 0 || T->queue_last[i] > 0)
        {
          MfQueueSample s = { now, i, len };
          g_array_append_val (r->queue_samples, s);
        }
      T->queue_last[i] = (int) len;
    }
  for (int c = 0; c < T->topo->n_connectors; c++)
    {
      MfConnectorSample s;
      connector_flush_busy (T, c);
      s.time_us = now;
      s.connector = c;
      s.messages = T->conn_interval_msgs[c];
      s.bytes = T->conn_interval_bytes[c];
      s.busy_us = T->conn_interval_busy[c];
      g_array_append_val (r->connector_samples, s);
      T->conn_interval_msgs[c] = T->conn_interval_bytes[c] = 0;
      T->conn_interval_busy[c] = 0;
    }
  {
    MfCountsSample s;
    s.time_us = now;
    s.recipients = r->recipients;
    s.recipients.in_flight = r->recipients.generated - r->recipients.delivered - r->recipients.ndr;
    g_array_append_val (r->counts_samples, s);
  }
  if (now + T->opt.sample_interval_us <= T->opt.duration_us)
    mf_sim_schedule_in (T->sim, T->opt.sample_interval_us, EV_SAMPLE, 0);
}

static void
on_warmup_end (Transport *T)
{
  MfRunResult *r = T->res;
  gint64 now = tr_now (T);

  for (int c = 0; c < T->topo->n_connectors; c++)
    {
      connector_flush_busy (T, c);
      memset (&r->connectors[c], 0, sizeof r->connectors[c]);
    }
  mf_tally_reset (&r->latency_s);
  mf_histogram_reset (r->latency_hist);
  for (int f = 0; f < r->n_flows; f++)
    mf_tally_reset (&r->flow_latency_s[f]);
  for (int i = 0; i < r->n_queues; i++)
    {
      MfQueueStats *q = &r->queues[i];
      mf_time_avg_reset (&q->length, now);
      q->max_length = (guint64) mf_time_avg_level (&q->length);
    }
  T->warmed = TRUE;
}

static void
dispatch (MfSim *sim, const MfEvent *ev, gpointer user_data)
{
  Transport *T = user_data;
  gpointer p = (gpointer) (guintptr) ev->data;

  (void) sim;
  switch (ev->kind)
    {
    case EV_ARRIVAL:
      on_arrival (T, (int) ev->data);
      break;
    case EV_CAT_DONE:
      tr_server_cat_done (T, p);
      break;
    case EV_STORE_DONE:
      tr_server_store_done (T, p);
      break;
    case EV_LINK_TIMER:
      tr_link_timer (T, p);
      break;
    case EV_LINK_PROBE:
      tr_link_probe (T, p);
      break;
    case EV_TRANSFER_DONE:
      tr_session_transfer_done (T, p);
      break;
    case EV_POOL_DONE:
      tr_pool_done (T, p);
      break;
    case EV_UNREACHABLE:
      tr_server_unreachable_timer (T, p);
      break;
    case EV_LS_DELIVER:
      tr_ls_deliver (T, p);
      break;
    case EV_TOPO_EVENT:
      on_topo_event (T, ev->data);
      break;
    case EV_SAMPLE:
      on_sample (T);
      break;
    case EV_WARMUP_END:
      on_warmup_end (T);
      break;
    case EV_INJECT:
      on_inject (T);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------- set-up */

static void
server_init (Transport *T, Server *s, int id)
{
  const MfServer *ms = &T->topo->servers[id];
  g_autofree char *stream = g_strdup_printf ("server:%s", ms->name);

  s->id = id;
  s->rg = ms->routing_group;
  s->up = TRUE;
  mf_rng_init (&s->rng, T->opt.seed, T->opt.replication, stream);
  s->cat.stat = tr_queue_register (T, id, MF_QUEUE_CATEGORIZER, "Messages awaiting directory lookup", -1);
  s->local.stat = tr_queue_register (T, id, MF_QUEUE_LOCAL, "Local delivery", -1);
  s->routing.stat = tr_queue_register (T, id, MF_QUEUE_ROUTING, "Messages waiting to be routed", -1);
  s->unreachable.stat = tr_queue_register (T, id, MF_QUEUE_UNREACHABLE,
                                           "Messages with an unreachable destination", -1);
  s->n_cat_workers = ms->categorizer_workers;
  s->cat_workers = g_new0 (Worker, (gsize) s->n_cat_workers);
  for (int i = 0; i < s->n_cat_workers; i++)
    s->cat_workers[i].server = s;
  s->n_store_workers = ms->store_workers;
  s->store_workers = g_new0 (Worker, (gsize) s->n_store_workers);
  for (int i = 0; i < s->n_store_workers; i++)
    {
      s->store_workers[i].server = s;
      s->store_workers[i].store = TRUE;
    }
  s->links = g_hash_table_new (g_direct_hash, g_direct_equal);
  s->link_list = g_ptr_array_new_with_free_func (g_free);
  s->view = mf_link_state_copy (T->static_view);
  s->seen = g_new0 (guint32, (gsize) T->topo->n_connectors + 1);
}

/* Every message copy the run holds, with the queue it counts in: queues,
 * categorizer and store workers, link queues, transfers under way.  The
 * one walk behind conservation, qshape and freeing; `f` may free the copy
 * (the walk has read its successor already). */
typedef void (*HeldFunc) (Transport *T, Msg *m, int queue, gpointer data);

static void
walk_fifo (Transport *T, Fifo *q, HeldFunc f, gpointer data)
{
  for (Msg *m = q->head, *next; m != NULL; m = next)
    {
      next = m->next;
      f (T, m, q->stat, data);
    }
}

static void
for_each_held (Transport *T, HeldFunc f, gpointer data)
{
  for (int i = 0; i < T->n_servers; i++)
    {
      Server *s = &T->servers[i];
      walk_fifo (T, &s->cat, f, data);
      walk_fifo (T, &s->local, f, data);
      walk_fifo (T, &s->routing, f, data);
      walk_fifo (T, &s->unreachable, f, data);
      for (int w = 0; w < s->n_cat_workers; w++)
        if (s->cat_workers[w].msg)
          f (T, s->cat_workers[w].msg, s->cat.stat, data);
      for (int w = 0; w < s->n_store_workers; w++)
        if (s->store_workers[w].msg)
          f (T, s->store_workers[w].msg, s->local.stat, data);
      for (guint l = 0; l < s->link_list->len; l++)
        {
          Link *link = g_ptr_array_index (s->link_list, l);
          walk_fifo (T, &link->q, f, data);
        }
    }
  for (guint i = 0; i < T->sessions->len; i++)
    {
      Session *ss = g_ptr_array_index (T->sessions, i);
      if (ss->msg)
        f (T, ss->msg, ss->link->q.stat, data);
    }
}

/* for_each_held: note the copy's original, free the copy. */
static void
release_held (Transport *T, Msg *m, int queue, gpointer origs)
{
  (void) queue;
  g_hash_table_add (origs, m->orig);
  tr_msg_free (T, m);
}

static void
server_clear (Server *s)
{
  g_free (s->cat_workers);
  g_free (s->store_workers);
  g_hash_table_unref (s->links);
  g_ptr_array_unref (s->link_list);
  g_clear_pointer (&s->tree, mf_route_tree_unref);
  mf_link_state_free (s->view);
  g_free (s->seen);
}

static void
transport_free (Transport *T)
{
  /* Free the copies still held (and, once each, their originals), then
   * every pool. */
  GHashTable *origs = g_hash_table_new (g_direct_hash, g_direct_equal);
  for_each_held (T, release_held, origs);
  for (int i = 0; i < T->n_servers; i++)
    server_clear (&T->servers[i]);
  for (guint i = 0; i < T->sessions->len; i++)
    g_free (g_ptr_array_index (T->sessions, i));
  g_ptr_array_unref (T->sessions);
  {
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init (&it, origs);
    while (g_hash_table_iter_next (&it, &key, NULL))
      g_free (key);
  }
  g_hash_table_unref (origs);
  while (T->free_origs)
    {
      Orig *o = T->free_origs;
      T->free_origs = o->next_free;
      g_free (o);
    }
  while (T->free_msgs)
    {
      Msg *m = T->free_msgs;
      T->free_msgs = m->next;
      g_free (m);
    }
  while (T->free_sessions)
    {
      Session *ss = T->free_sessions;
      T->free_sessions = ss->next_free;
      g_free (ss);
    }
  for (int c = 0; c < T->topo->n_connectors; c++)
    g_ptr_array_unref (T->pools[c].active);
  g_free (T->pools);
  g_free (T->servers);
  g_free (T->conn_sessions);
  g_free (T->conn_cut);
  g_free (T->conn_transfers);
  g_free (T->conn_busy_since);
  g_free (T->conn_interval_msgs);
  g_free (T->conn_interval_bytes);
  g_free (T->conn_interval_busy);
  g_free (T->conn_seq);
  g_free (T->last_change);
  g_ptr_array_unref (T->notes);
  g_free (T->queue_last);
  mf_link_state_free (T->static_view);
  mf_workload_free (T->workload);
  mf_router_free (T->router);
  mf_sim_free (T->sim);
}

void
mf_run_result_free (MfRunResult *r)
{
  if (r == NULL)
    return;
  mf_histogram_free (r->latency_hist);
  g_free (r->flow_latency_s);
  g_free (r->flow_generated);
  for (int i = 0; i < r->n_queues; i++)
    g_free (r->queues[i].name);
  g_free (r->queues);
  g_free (r->connectors);
  g_array_unref (r->queue_samples);
  g_array_unref (r->connector_samples);
  g_array_unref (r->counts_samples);
  g_array_unref (r->link_changes);
  g_array_unref (r->link_learned);
  if (r->qshape)
    g_array_unref (r->qshape);
  g_free (r);
}

void
mf_qshape_bucket_bounds (int bucket, int *low_min, int *high_min)
{
  *low_min = bucket == 0 ? 0 : 5 << (bucket - 1);
  *high_min = bucket == MF_QSHAPE_BUCKETS - 1 ? -1 : 5 << bucket;
}

static int
qshape_bucket (gint64 age_us)
{
  gint64 minutes = age_us / MF_US_PER_MINUTE;
  int b = 0;
  while (b < MF_QSHAPE_BUCKETS - 1 && minutes >= (5 << b))
    b++;
  return b;
}

typedef struct {
  gint64 now;
  MfQshapeRow *cells;
} QshapeWalk;

static void
add_to_qshape (Transport *T, Msg *m, int queue, gpointer data)
{
  QshapeWalk *w = data;
  MfQshapeRow *c = &w->cells[queue * MF_QSHAPE_BUCKETS + qshape_bucket (w->now - m->orig->created_us)];
  (void) T;
  c->messages++;
  c->recipients += (guint64) m->n_rcpt;
}

/* Where every held message copy is at the end, by queue and age. */
static void
collect_qshape (Transport *T)
{
  MfRunResult *r = T->res;
  g_autofree MfQshapeRow *cells = g_new0 (MfQshapeRow, (gsize) r->n_queues * MF_QSHAPE_BUCKETS + 1);
  QshapeWalk w = { tr_now (T), cells };

  for_each_held (T, add_to_qshape, &w);
  for (int q = 0; q < r->n_queues; q++)
    for (int b = 0; b < MF_QSHAPE_BUCKETS; b++)
      {
        MfQshapeRow c = cells[q * MF_QSHAPE_BUCKETS + b];
        if (c.messages == 0)
          continue;
        c.queue = q;
        c.bucket = b;
        g_array_append_val (r->qshape, c);
      }
}

typedef struct {
  guint64 rcpt_user, rcpt_dsn;
  GHashTable *user_msgs, *dsn_msgs;
} ConservationWalk;

static void
count_held (Transport *T, Msg *m, int queue, gpointer data)
{
  ConservationWalk *w = data;
  (void) T;
  (void) queue;
  if (m->orig->is_dsn)
    {
      w->rcpt_dsn += (guint64) m->n_rcpt;
      g_hash_table_add (w->dsn_msgs, m->orig);
    }
  else
    {
      w->rcpt_user += (guint64) m->n_rcpt;
      g_hash_table_add (w->user_msgs, m->orig);
    }
}

/* Count the recipients in every place; they must be those still in flight. */
static gboolean
check_conservation (Transport *T, GError **error)
{
  MfRunResult *r = T->res;
  g_autoptr (GHashTable) user_msgs = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) dsn_msgs = g_hash_table_new (g_direct_hash, g_direct_equal);
  ConservationWalk w = { 0, 0, user_msgs, dsn_msgs };
  guint64 rcpt_user, rcpt_dsn;
  guint64 want_rcpt, want_msgs, want_dsn;

  for_each_held (T, count_held, &w);
  rcpt_user = w.rcpt_user;
  rcpt_dsn = w.rcpt_dsn;

  r->recipients.in_flight = rcpt_user;
  r->messages.in_flight = g_hash_table_size (user_msgs);
  r->dsn_messages.in_flight = g_hash_table_size (dsn_msgs);
  want_rcpt = r->recipients.generated - r->recipients.delivered - r->recipients.ndr;
  want_msgs = r->messages.generated - r->messages.delivered - r->messages.ndr;
  want_dsn = r->dsn_messages.generated - r->dsn_messages.delivered - r->dsn_messages.ndr;
  if (rcpt_user != want_rcpt || r->messages.in_flight != want_msgs
      || r->dsn_messages.in_flight != want_dsn || rcpt_dsn != want_dsn)
    {
      g_set_error (error, MF_TRANSPORT_ERROR, MF_TRANSPORT_ERROR_CONSERVATION,
                   "conservation check failed: recipients generated %" G_GUINT64_FORMAT
                   ", delivered %" G_GUINT64_FORMAT ", ndr %" G_GUINT64_FORMAT
                   ", found in flight %" G_GUINT64_FORMAT " (want %" G_GUINT64_FORMAT
                   "); messages in flight %" G_GUINT64_FORMAT " (want %" G_GUINT64_FORMAT
                   "); notices in flight %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
                   " (want %" G_GUINT64_FORMAT ")",
                   r->recipients.generated, r->recipients.delivered, r->recipients.ndr,
                   rcpt_user, want_rcpt, r->messages.in_flight, want_msgs,
                   r->dsn_messages.in_flight, rcpt_dsn, want_dsn);
      return FALSE;
    }
  return TRUE;
}

MfRunResult *
mf_transport_run (const MfTopology *topo, const MfRunOptions *options, GError **error)
{
  Transport T_ = { 0 };
  Transport *T = &T_;
  g_autoptr (MfRunResult) r = g_new0 (MfRunResult, 1);
  const int nc = topo->n_connectors;
  MfSimStatus status;
  gint64 next_progress;

  g_return_val_if_fail (options->duration_us > 0, NULL);
  g_return_val_if_fail (options->warmup_us >= 0 && options->warmup_us < options->duration_us, NULL);
  g_return_val_if_fail (options->sample_interval_us > 0, NULL);

  T->topo = topo;
  T->opt = *options;
  T->res = r;
  T->router = mf_router_new (topo, error);
  if (T->router == NULL)
    return NULL;
  T->sim = mf_sim_new (dispatch, T);
  if (options->interrupt)
    mf_sim_set_interrupt_flag (T->sim, options->interrupt);
  T->workload = mf_workload_new (topo, options->seed, options->replication);
  mf_rng_init (&T->rng, options->seed, options->replication, "transport");
  T->static_view = mf_link_state_new (topo);

  r->seed = options->seed;
  r->replication = options->replication;
  r->warmup_us = options->warmup_us;
  r->complete = TRUE;
  r->latency_hist = mf_histogram_new ();
  r->n_flows = topo->n_flows;
  r->flow_latency_s = g_new0 (MfTally, (gsize) topo->n_flows + 1);
  r->flow_generated = g_new0 (guint64, (gsize) topo->n_flows + 1);
  mf_tally_reset (&r->latency_s);
  for (int f = 0; f < topo->n_flows; f++)
    mf_tally_reset (&r->flow_latency_s[f]);
  r->n_connectors = nc;
  r->connectors = g_new0 (MfConnectorStats, (gsize) nc + 1);
  r->queue_samples = g_array_new (FALSE, FALSE, sizeof (MfQueueSample));
  r->connector_samples = g_array_new (FALSE, FALSE, sizeof (MfConnectorSample));
  r->counts_samples = g_array_new (FALSE, FALSE, sizeof (MfCountsSample));
  r->link_changes = g_array_new (FALSE, FALSE, sizeof (MfLinkChange));
  r->link_learned = g_array_new (FALSE, FALSE, sizeof (MfLinkLearned));
  r->qshape = g_array_new (FALSE, FALSE, sizeof (MfQshapeRow));

  T->pools = g_new0 (Pool, (gsize) nc + 1);
  for (int c = 0; c < nc; c++)
    {
      T->pools[c].connector = c;
      T->pools[c].bps = (double) topo->connectors[c].bandwidth_bps;
      T->pools[c].active = g_ptr_array_new ();
      if (topo->connectors[c].max_message_size != MF_SIZE_UNLIMITED)
        T->size_matters = TRUE;
    }
  T->conn_sessions = g_new0 (int, (gsize) nc + 1);
  T->conn_cut = g_new0 (gboolean, (gsize) nc + 1);
  T->conn_transfers = g_new0 (int, (gsize) nc + 1);
  T->conn_busy_since = g_new0 (gint64, (gsize) nc + 1);
  T->conn_interval_msgs = g_new0 (guint64, (gsize) nc + 1);
  T->conn_interval_bytes = g_new0 (guint64, (gsize) nc + 1);
  T->conn_interval_busy = g_new0 (gint64, (gsize) nc + 1);
  T->conn_seq = g_new0 (guint32, (gsize) nc + 1);
  T->last_change = g_new (int, (gsize) nc + 1);
  for (int c = 0; c < nc; c++)
    T->last_change[c] = -1;
  T->notes = g_ptr_array_new_with_free_func (g_free);
  T->sessions = g_ptr_array_new ();
  T->n_servers = topo->n_servers;
  T->servers = g_new0 (Server, (gsize) topo->n_servers);
  for (int i = 0; i < topo->n_servers; i++)
    server_init (T, &T->servers[i], i);

  if (!options->no_workload)
    for (int src = 0; src < mf_workload_n_sources (T->workload); src++)
      schedule_arrival (T, src);
  if (options->inject != NULL)
    {
      g_return_val_if_fail (options->inject->from_server >= 0
                            && options->inject->from_server < topo->n_servers, NULL);
      g_return_val_if_fail ((options->inject->to_server >= 0) != (options->inject->to_domain != NULL),
                            NULL);
      mf_sim_schedule_at (T->sim, options->inject->at_us, EV_INJECT, 0);
    }
  for (int e = 0; e < topo->n_events; e++)
    if (topo->events[e].at_us < options->duration_us)
      mf_sim_schedule_at (T->sim, topo->events[e].at_us, EV_TOPO_EVENT, (guint64) e);
  mf_sim_schedule_at (T->sim, options->sample_interval_us, EV_SAMPLE, 0);
  if (options->warmup_us > 0)
    mf_sim_schedule_at (T->sim, options->warmup_us, EV_WARMUP_END, 0);
  else
    T->warmed = TRUE;

  /* Run in slices of a simulated minute, so progress can be shown. */
  next_progress = 0;
  do
    {
      next_progress = MIN (next_progress + MF_US_PER_MINUTE, options->duration_us);
      status = mf_sim_run_until (T->sim, next_progress);
      if (options->progress)
        options->progress (mf_sim_now (T->sim), options->duration_us,
                           mf_sim_events_run (T->sim), options->progress_data);
    }
  while (status != MF_SIM_STOPPED && next_progress < options->duration_us);

  r->complete = status != MF_SIM_STOPPED;
  r->sim_time_us = mf_sim_now (T->sim);
  r->events = mf_sim_events_run (T->sim);
  for (int c = 0; c < nc; c++)
    {
      connector_flush_busy (T, c);
      r->connectors[c].up_at_end =
          mf_link_state_is_up (T->servers[topo->routing_groups[topo->connectors[c].from].master >= 0
                                              ? topo->routing_groups[topo->connectors[c].from].master
                                              : 0].view, c);
    }
  for (int i = 0; i < r->n_queues; i++)
    {
      mf_time_avg_advance (&r->queues[i].length, r->sim_time_us);
      r->queues[i].final_length = (guint64) mf_time_avg_level (&r->queues[i].length);
    }
  collect_qshape (T);
  if (!check_conservation (T, error))
    {
      transport_free (T);
      return NULL;
    }
  transport_free (T);
  return g_steal_pointer (&r);
}
