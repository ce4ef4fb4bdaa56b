/* transport-queue.c — the queues of the run: registration of each queue
 * ESM shows (its statistics slot in MfRunResult.queues) and the FIFOs that
 * hold message copies, which keep the time-weighted length and the maximum
 * up to date on every push and pop; and what Queue Viewer shows of a
 * queue at a sample (state, oldest message, next retry).  What a queue is for, and who serves
 * it, is the business of the server, categorizer and link files.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

#include <string.h>

/* Registers @q as a new queue: its statistics slot and its level now. */
void
tr_queue_register (Transport *T, Fifo *q_fifo, int server, MfQueueKind kind, const char *name,
                   int connector)
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
  q_fifo->stat = r->n_queues++;
  q_fifo->length = q->length;
  q_fifo->max_length = 0;
  q_fifo->interval_min = q_fifo->interval_max = 0;
}

static inline void
queue_level (Transport *T, Fifo *q)
{
  gint64 now = tr_now (T);

  /* The level that ends now joins the sample interval's range only if it
   * lasted: a message that a session takes the moment it is queued was
   * never waiting, as Queue Viewer would never show it. */
  if (now > q->length.last_us)
    {
      guint32 held = (guint32) q->length.level;
      if (held > q->interval_max)
        q->interval_max = held;
      if (held < q->interval_min)
        q->interval_min = held;
    }
  mf_time_avg_set (&q->length, now, (double) q->n);
  if (q->n > q->max_length)
    q->max_length = q->n;
}

/* ------------------------------------------------ the oldest-message ring */

static inline gint64
created (const Msg *m)
{
  return m->orig->created_us;
}

static inline Msg **
oldest_at (const Fifo *q, guint32 i)
{
  return &q->oldest[(q->oldest_first + i) & (q->oldest_cap - 1)];
}

/* Room for one more entry; the capacity stays a power of two. */
static void
oldest_reserve (Fifo *q)
{
  if (q->oldest_len < q->oldest_cap)
    return;
  guint32 cap = q->oldest_cap ? 2 * q->oldest_cap : 16;
  Msg **ring = g_new (Msg *, cap);
  for (guint32 i = 0; i < q->oldest_len; i++)
    ring[i] = *oldest_at (q, i);
  g_free (q->oldest);
  q->oldest = ring;
  q->oldest_first = 0;
  q->oldest_cap = cap;
}

/* @m joins at the tail: it ends the ring, after dropping every entry that
 * is no older than it (they are no longer older than all behind them). */
static void
oldest_push_back (Fifo *q, Msg *m)
{
  if (q->oldest_lost)
    return;
  while (q->oldest_len > 0 && created (*oldest_at (q, q->oldest_len - 1)) >= created (m))
    q->oldest_len--;
  oldest_reserve (q);
  *oldest_at (q, q->oldest_len++) = m;
}

/* @m joins at the head: it starts the ring only if it is older than every
 * message behind it, whose oldest is the ring's first entry. */
static void
oldest_push_front (Fifo *q, Msg *m)
{
  if (q->oldest_lost)
    return;
  if (q->oldest_len > 0 && created (*oldest_at (q, 0)) <= created (m))
    return;
  oldest_reserve (q);
  q->oldest_first = (q->oldest_first + q->oldest_cap - 1) & (q->oldest_cap - 1);
  *oldest_at (q, 0) = m;
  q->oldest_len++;
}

/* @m left the head. */
static void
oldest_pop_front (Fifo *q, const Msg *m)
{
  if (q->n == 0)
    {
      q->oldest_len = 0;
      q->oldest_lost = FALSE;
      return;
    }
  if (!q->oldest_lost && q->oldest_len > 0 && *oldest_at (q, 0) == m)
    {
      q->oldest_first = (q->oldest_first + 1) & (q->oldest_cap - 1);
      q->oldest_len--;
    }
}

/* Frees the ring (the messages are freed elsewhere). */
void
tr_fifo_clear (Fifo *q)
{
  g_clear_pointer (&q->oldest, g_free);
  q->oldest_first = q->oldest_len = q->oldest_cap = 0;
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
  oldest_push_back (q, m);
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
  oldest_push_front (q, m);
  queue_level (T, q);
}

/* Put m right after `after` (NULL: at the head), for queues kept in an
 * order of their own. */
void
tr_fifo_insert_after (Transport *T, Fifo *q, Msg *after, Msg *m)
{
  if (after == NULL)
    {
      tr_fifo_push_front (T, q, m);
      m->enqueued_us = tr_now (T);
      return;
    }
  m->enqueued_us = tr_now (T);
  m->next = after->next;
  after->next = m;
  if (q->tail == after)
    q->tail = m;
  q->n++;
  if (q->tail == m)
    oldest_push_back (q, m);
  else
    {
      q->oldest_lost = TRUE;
      q->oldest_len = 0;
    }
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
  oldest_pop_front (q, m);
  queue_level (T, q);
  return m;
}

/* Index every queue's FIFO and link, for sampling by queue index. */
static void
queue_index (Transport *T)
{
  int n = T->res->n_queues;

  T->queue_fifo = g_renew (Fifo *, T->queue_fifo, (gsize) n + 1);
  T->queue_link = g_renew (Link *, T->queue_link, (gsize) n + 1);
  memset (T->queue_link, 0, sizeof (Link *) * ((gsize) n + 1));
  for (int i = 0; i < T->n_servers; i++)
    {
      Server *s = &T->servers[i];
      Fifo *fixed[] = { &s->cat,   &s->local, &s->routing, &s->unreachable,
                        &s->dsn,   &s->retry, &s->deferred };
      for (guint k = 0; k < G_N_ELEMENTS (fixed); k++)
        T->queue_fifo[fixed[k]->stat] = fixed[k];
      for (guint k = 0; k < s->link_list->len; k++)
        {
          Link *l = g_ptr_array_index (s->link_list, k);
          T->queue_fifo[l->q.stat] = &l->q;
          T->queue_link[l->q.stat] = l;
        }
    }
  T->queue_fifo_n = n;
}

static Fifo *
fifo_of (Transport *T, int queue)
{
  if (T->queue_fifo_n != T->res->n_queues)
    queue_index (T);
  return T->queue_fifo[queue];
}

/* The FIFO of queue @queue (index into MfRunResult.queues). */
const Fifo *
tr_queue_fifo (Transport *T, int queue)
{
  return fifo_of (T, queue);
}

/* A sample of queue @queue, @length long now: the lowest and highest
 * length of the interval that ends here (the length now included, so that
 * lowest <= length <= highest); the next interval starts at @length. */
void
tr_queue_interval_range (Transport *T, int queue, guint32 length, guint32 *lowest,
                         guint32 *highest)
{
  Fifo *q = fifo_of (T, queue);

  *lowest = MIN (q->interval_min, length);
  *highest = MAX (q->interval_max, length);
  q->interval_min = q->interval_max = length;
}

/* The end of the warm-up: every queue's statistics start again from its
 * level now. */
void
tr_queue_stats_reset (Transport *T)
{
  gint64 now = tr_now (T);
  for (int i = 0; i < T->res->n_queues; i++)
    {
      Fifo *q = fifo_of (T, i);
      mf_time_avg_reset (&q->length, now);
      q->max_length = (guint64) mf_time_avg_level (&q->length);
    }
}

/* The end of the run: every queue's statistics up to now go into its
 * MfQueueStats. */
void
tr_queue_stats_final (Transport *T)
{
  MfRunResult *r = T->res;
  for (int i = 0; i < r->n_queues; i++)
    {
      Fifo *q = fifo_of (T, i);
      mf_time_avg_advance (&q->length, r->sim_time_us);
      r->queues[i].length = q->length;
      r->queues[i].max_length = q->max_length;
      r->queues[i].final_length = (guint64) mf_time_avg_level (&q->length);
    }
}

/* Fill in what Queue Viewer shows of sample->queue now: the link state,
 * the age of the oldest message waiting (by submission time, as "Oldest
 * message" is; a FIFO is not in submission order once mail is rerouted:
 * the ring of Fifo.oldest knows it, else every message is looked at) and
 * the time to a Retry link's next attempt. */
void
tr_queue_sample_state (Transport *T, MfQueueSample *sample)
{
  gint64 now = tr_now (T);
  const Fifo *q;
  const Link *l;

  if (T->queue_fifo_n != T->res->n_queues)
    queue_index (T);
  q = T->queue_fifo[sample->queue];
  l = T->queue_link[sample->queue];
  sample->state = -1;
  sample->oldest_age_us = -1;
  sample->next_retry_us = -1;
  if (q->head != NULL && !q->oldest_lost)
    sample->oldest_age_us = now - created (*oldest_at (q, 0));
  else if (q->head != NULL)
    {
      gint64 oldest = G_MAXINT64;
      for (const Msg *m = q->head; m != NULL; m = m->next)
        oldest = MIN (oldest, m->orig->created_us);
      sample->oldest_age_us = now - oldest;
    }
  if (l != NULL)
    {
      sample->state = (int) tr_link_state (l);
      if (sample->state == MF_LINK_QUEUE_RETRY && l->timer != 0)
        sample->next_retry_us = MAX (l->timer_at - now, 0);
    }
}
