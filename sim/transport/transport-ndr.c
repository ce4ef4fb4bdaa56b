/* transport-ndr.c — notices to senders: NDRs for returned recipients
 * (one per message, for its first returned recipient) and delay DSNs for
 * copies that waited `delay-notification`, with the reasons NDRs give.
 * A notice is an ordinary one-recipient message submitted at the server
 * that gives up or waits; notices about notices, and notices to senders
 * outside the organisation, are never sent.  Deciding that a recipient must
 * be returned is the callers' business.
 */
#define G_LOG_DOMAIN "msgflow-transport"

#include "transport/transport-private.h"

#include <string.h>

static const struct {
  const char *name;
  const char *code; /* RFC 3463 */
  const char *meaning; /* as Exchange 2003's NDRs explain it */
} ndr_reasons[MF_NDR_N_REASONS] = {
  [MF_NDR_EXPIRED] = { "expired", "4.4.7", "message expired in a queue (expiration reached)" },
  [MF_NDR_HOP_COUNT] = { "hop_count", "4.4.6", "maximum hop count exceeded (usually a loop)" },
  [MF_NDR_TOO_LARGE] = { "too_large", "5.3.4",
                         "message too big for the system: a connector or virtual-server size limit" },
  [MF_NDR_NO_ROUTE] = { "no_route", "5.4.4", "unable to route: no connector serves the destination" },
  [MF_NDR_SIZE_LIMIT] = { "size_limit", "5.2.3", "message larger than a sender or recipient size limit" },
  [MF_NDR_DNS] = { "dns", "5.4.0", "DNS: no authoritative host for the domain, or smart host unresolvable" },
};

const char *
mf_ndr_reason_name (MfNdrReason reason)
{
  return ndr_reasons[reason].name;
}

const char *
mf_ndr_status_code (MfNdrReason reason)
{
  return ndr_reasons[reason].code;
}

MfNdrReason
mf_ndr_reason_by_code_rank (int k)
{
  int order[MF_NDR_N_REASONS];

  g_return_val_if_fail (k >= 0 && k < MF_NDR_N_REASONS, MF_NDR_EXPIRED);
  /* Insertion sort of a handful: no table to keep in step with the enum. */
  for (int i = 0; i < MF_NDR_N_REASONS; i++)
    {
      int j = i;
      for (; j > 0 && strcmp (ndr_reasons[order[j - 1]].code, ndr_reasons[i].code) > 0; j--)
        order[j] = order[j - 1];
      order[j] = i;
    }
  return (MfNdrReason) order[k];
}

const char *
mf_ndr_code_meaning (const char *code)
{
  for (int i = 0; i < MF_NDR_N_REASONS; i++)
    if (g_strcmp0 (ndr_reasons[i].code, code) == 0)
      return ndr_reasons[i].meaning;
  return NULL;
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
  /* A server that is down cannot submit it: "DSN messages pending
   * submission" holds it until the server is back (tr_server_up). */
  if (!T->servers[at_server].up)
    {
      tr_fifo_push (T, &T->servers[at_server].dsn, m);
      return;
    }
  tr_server_submit (T, &T->servers[at_server], m);
}

void
tr_return (Transport *T, Msg *m, int i, MfNdrReason reason, int at_server)
{
  Orig *o = m->orig;
  gboolean first = o->ndr == 0;

  if (!o->is_dsn)
    {
      T->res->ndr_by_reason[reason]++;
      if (o->flow >= 0)
        T->res->flow_ndr_by_reason[(gsize) o->flow * MF_NDR_N_REASONS + reason]++;
      if (T->res->n_event_impacts > 0)
        tr_event_impact_returned (T, o);
    }
  T->ndr_reason = reason;
  tr_track (T, at_server, TRACK_NDR, m, i, MF_PARTNER_NONE, -1);
  /* One NDR per message, for its first returned recipient. */
  if (first)
    notify_sender (T, o, at_server, 4096 + MIN (m->size, (guint64) 65536));
  tr_recipient_done (T, o, TRUE);
}

/* Return every recipient of `m` and free it. */
void
tr_return_all (Transport *T, Msg *m, MfNdrReason reason, int at_server)
{
  for (int i = 0; i < m->n_rcpt; i++)
    tr_return (T, m, i, reason, at_server);
  tr_msg_free (T, m);
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
