/* transport-connector.c — a connector's figures and physical state: busy
 * time (at least one transfer under way), messages and bytes carried, per
 * sample interval and after warm-up, and the cut made by an [event] (both
 * directions of a mirrored connector, sessions over it aborted).  Sessions,
 * bandwidth and retries are the link file's; UP/DOWN as servers see it is
 * link state's.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

/* Add the busy time since the last flush to the interval and, after
 * warm-up, to the run. */
void
tr_connector_flush_busy (Transport *T, int c)
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
  tr_connector_flush_busy (T, c);
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

/* [event] down/up on a connector: physically cut or mended. */
void
tr_connector_set_cut (Transport *T, int c, gboolean cut)
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
