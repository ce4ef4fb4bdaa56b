/* transport-message.c — a message's life and the run's accounting:
 * originals (Orig) and their copies (Msg) from free lists, the tracking
 * records they produce, the end of each recipient, and the walk over every
 * copy the run still holds — behind the conservation check, qshape and
 * freeing.
 *
 * Accounting is by recipient and by original message: a recipient is
 * generated once and ends once, delivered or returned; a message ends when
 * its last recipient does (returned if any recipient was).  At the end every
 * place that can hold a message copy is walked and its recipients counted:
 * that count must equal generated - delivered - ndr, or the run fails.
 * Where a recipient goes is not decided here.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

#include <string.h>

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
  rec.injected = T->inject_id != 0 && (o->id == T->inject_id || o->linked_id == T->inject_id);
  for (int i = 0; i < m->n_rcpt; i++)
    {
      Rcpt r = m->rcpt[i];
      if (only_rcpt >= 0 && i != only_rcpt)
        continue;
      rec.recipient_server = r >= 0 ? r : -1;
      rec.recipient_domain = r >= 0 ? NULL : mf_workload_domain (T->workload, RCPT_DOMAIN (r));
      if (partner_kind == MF_PARTNER_DOMAIN)
        rec.partner_domain = T->partner_host ? T->partner_host : rec.recipient_domain;
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
  o->external = external != FALSE;
  o->is_dsn = is_dsn != FALSE;
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
      if (T->res->n_event_impacts > 0)
        tr_event_impact_submitted (T, o);
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
void
tr_recipient_done (Transport *T, Orig *o, gboolean returned)
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

/* --------------------------------------------------------- held copies */

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
      walk_fifo (T, &s->dsn, f, data);
      walk_fifo (T, &s->retry, f, data);
      walk_fifo (T, &s->deferred, f, data);
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

/* for_each_held: put the copy's original on the free list (once: several
 * copies can share it), free the copy.  The originals are freed after
 * the walk, without a table of them, which at the end of a run stopped by
 * the memory guard could not be allocated. */
static void
release_held (Transport *T, Msg *m, int queue, gpointer data)
{
  Orig *o = m->orig;
  (void) queue;
  (void) data;
  if (!o->walked)
    {
      o->walked = TRUE;
      o->next_free = T->free_origs;
      T->free_origs = o;
    }
  tr_msg_free (T, m);
}

/* Free every copy still held and, once each, their originals; then the
 * free lists of both.  Needs the servers and sessions still in place. */
void
tr_messages_free_all (Transport *T)
{
  for_each_held (T, release_held, NULL);
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
}

void
mf_run_result_free (MfRunResult *r)
{
  if (r == NULL)
    return;
  mf_histogram_free (r->latency_hist);
  g_free (r->flow_latency_s);
  if (r->flow_latency_hist != NULL)
    for (int f = 0; f < r->n_flows; f++)
      mf_histogram_free (r->flow_latency_hist[f]);
  g_free (r->flow_latency_hist);
  g_free (r->flow_generated);
  g_free (r->flow_ndr_by_reason);
  for (int i = 0; i < r->n_queues; i++)
    g_free (r->queues[i].name);
  g_free (r->queues);
  g_free (r->connectors);
  g_array_unref (r->queue_samples);
  g_array_unref (r->connector_samples);
  g_array_unref (r->counts_samples);
  if (r->server_samples != NULL)
    g_array_unref (r->server_samples);
  g_array_unref (r->link_changes);
  g_array_unref (r->link_learned);
  if (r->master_changes != NULL)
    g_array_unref (r->master_changes);
  if (r->qshape)
    g_array_unref (r->qshape);
  tr_event_impact_free (r);
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
void
tr_collect_qshape (Transport *T)
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
  guint64 user_msgs, dsn_msgs;
} ConservationWalk;

/* Count each copy's recipients and, the first time it is met, its
 * original (marked, not kept in a table: no allocation at the end of a run
 * that may have stopped for lack of memory). */
static void
count_held (Transport *T, Msg *m, int queue, gpointer data)
{
  ConservationWalk *w = data;
  Orig *o = m->orig;
  (void) T;
  (void) queue;
  if (o->is_dsn)
    w->rcpt_dsn += (guint64) m->n_rcpt;
  else
    w->rcpt_user += (guint64) m->n_rcpt;
  if (!o->walked)
    {
      o->walked = TRUE;
      if (o->is_dsn)
        w->dsn_msgs++;
      else
        w->user_msgs++;
    }
}

static void
unmark_held (Transport *T, Msg *m, int queue, gpointer data)
{
  (void) T;
  (void) queue;
  (void) data;
  m->orig->walked = FALSE;
}

/* Count the recipients in every place; they must be those still in flight. */
gboolean
tr_check_conservation (Transport *T, GError **error)
{
  MfRunResult *r = T->res;
  ConservationWalk w = { 0, 0, 0, 0 };
  guint64 rcpt_user, rcpt_dsn;
  guint64 want_rcpt, want_msgs, want_dsn;

  for_each_held (T, count_held, &w);
  for_each_held (T, unmark_held, NULL);
  rcpt_user = w.rcpt_user;
  rcpt_dsn = w.rcpt_dsn;

  r->recipients.in_flight = rcpt_user;
  r->messages.in_flight = w.user_msgs;
  r->dsn_messages.in_flight = w.dsn_msgs;
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
