/* transport-bandwidth.c — a connector's bandwidth shared by the transfers
 * under way over it (processor sharing): each of n transfers gets 1/n of
 * the connector's bits per second, so every start or end changes the
 * finish time of the others.  One pool per connector keeps its active
 * sessions and one event for the earliest finish.  What a finished
 * transfer leads to is transport-link.c's business.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

#include <math.h>

static double
pool_rate_bits_per_us (const Pool *p)
{
  return p->bps / 1e6 / (double) p->active->len;
}

static void
pool_update (Transport *T, Pool *p)
{
  gint64 now = tr_now (T);
  if (p->active->len > 0 && now > p->updated_us)
    {
      double done = pool_rate_bits_per_us (p) * (double) (now - p->updated_us);
      for (guint i = 0; i < p->active->len; i++)
        ((Session *) g_ptr_array_index (p->active, i))->remaining_bits -= done;
    }
  p->updated_us = now;
}

static void
pool_reschedule (Transport *T, Pool *p)
{
  double least = G_MAXDOUBLE;

  if (p->event)
    {
      mf_sim_cancel (T->sim, p->event);
      p->event = 0;
    }
  if (p->active->len == 0)
    return;
  for (guint i = 0; i < p->active->len; i++)
    least = MIN (least, ((Session *) g_ptr_array_index (p->active, i))->remaining_bits);
  /* Whole microseconds, rounded up: the transfer is done when it fires. */
  p->event = mf_sim_schedule_in (T->sim, (gint64) ceil (MAX (least, 0.0) / pool_rate_bits_per_us (p)),
                                 EV_POOL_DONE, (guint64) (guintptr) p);
}

void
tr_pool_add (Transport *T, Session *ss)
{
  Pool *p = &T->pools[ss->link->target];
  pool_update (T, p);
  ss->remaining_bits = (double) ss->msg->size * 8.0;
  g_ptr_array_add (p->active, ss);
  pool_reschedule (T, p);
}

void
tr_pool_remove (Transport *T, Session *ss)
{
  Pool *p = &T->pools[ss->link->target];
  pool_update (T, p);
  g_ptr_array_remove (p->active, ss);
  pool_reschedule (T, p);
}

void
tr_pool_done (Transport *T, Pool *p)
{
  g_autoptr (GPtrArray) done = g_ptr_array_new ();

  p->event = 0;
  pool_update (T, p);
  /* Rounding the finish time up to a microsecond leaves a sliver at most. */
  for (guint i = 0; i < p->active->len;)
    {
      Session *ss = g_ptr_array_index (p->active, i);
      if (ss->remaining_bits <= 1e-6)
        {
          g_ptr_array_add (done, ss);
          g_ptr_array_remove_index (p->active, i);
        }
      else
        i++;
    }
  pool_reschedule (T, p);
  for (guint i = 0; i < done->len; i++)
    tr_link_transfer_finished (T, g_ptr_array_index (done, i));
}
