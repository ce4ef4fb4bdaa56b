/* transport-queue.c — the queues of the run: registration of each queue
 * ESM shows (its statistics slot in MfRunResult.queues) and the FIFOs that
 * hold message copies, which keep the time-weighted length and the maximum
 * up to date on every push and pop.  What a queue is for, and who serves
 * it, is the business of the server, categorizer and link files.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

#include <string.h>

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
