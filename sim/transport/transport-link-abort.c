/* transport-link-abort.c — sessions cut short: a server or a connector
 * fails, or a host outside goes down, while transfers are under way.
 *
 * The message in transfer goes back to the head of its link queue (nothing
 * was delivered) and the session closes; the links that lost sessions are
 * kicked, so their next attempt meets the failure and enters its glitch
 * retries (transport-link.c).
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

/* Stop a session's transfer and put its message back at the head. */
static void
session_abort (Transport *T, Session *ss)
{
  Link *l = ss->link;
  if (ss->msg != NULL)
    {
      if (ss->event)
        mf_sim_cancel (T->sim, ss->event);
      else if (ss->remaining_bits >= 0)
        tr_pool_remove (T, ss);
      ss->event = 0;
      if (l->kind != LINK_DNS)
        tr_connector_transfer_end (T, l->target, 0);
      tr_fifo_push_front (T, &l->q, ss->msg);
      ss->msg = NULL;
    }
  tr_session_close (T, ss, FALSE);
}

void
tr_links_abort_to (Transport *T, int server, int connector)
{
  g_autoptr (GPtrArray) failed = g_ptr_array_new ();

  for (guint i = 0; i < T->sessions->len;)
    {
      Session *ss = g_ptr_array_index (T->sessions, i);
      if ((server >= 0 && ss->remote == server)
          || (connector >= 0 && ss->link->kind != LINK_DNS && ss->link->target == connector))
        {
          if (!g_ptr_array_find (failed, ss->link, NULL))
            g_ptr_array_add (failed, ss->link);
          session_abort (T, ss); /* moves the last session into slot i */
        }
      else
        i++;
    }
  for (guint i = 0; i < failed->len; i++)
    {
      Link *l = g_ptr_array_index (failed, i);
      if (l->sessions == 0)
        {
          l->state = LINK_READY;
          tr_link_kick (T, l); /* a connection to another bridgehead may work */
        }
    }
}

void
tr_link_abort_from (Transport *T, Server *s)
{
  for (guint i = 0; i < T->sessions->len;)
    {
      Session *ss = g_ptr_array_index (T->sessions, i);
      if (ss->link->owner == s)
        session_abort (T, ss);
      else
        i++;
    }
}

/* A host outside went down: its direct-DNS transfers, and those of the
 * Internet connectors delivering to it by DNS, are lost and put back at the
 * head of their queues; the next attempt fails into Retry. */
void
tr_links_abort_host (Transport *T, int host)
{
  g_autoptr (GPtrArray) failed = g_ptr_array_new ();

  for (guint i = 0; i < T->sessions->len;)
    {
      Session *ss = g_ptr_array_index (T->sessions, i);
      if ((ss->link->kind == LINK_DNS && ss->link->target == host)
          || (ss->link->kind == LINK_OVER_CONNECTOR && ss->link->far_host == host))
        {
          if (!g_ptr_array_find (failed, ss->link, NULL))
            g_ptr_array_add (failed, ss->link);
          session_abort (T, ss);
        }
      else
        i++;
    }
  for (guint i = 0; i < failed->len; i++)
    {
      Link *l = g_ptr_array_index (failed, i);
      l->state = LINK_READY;
      tr_link_kick (T, l);
    }
}
