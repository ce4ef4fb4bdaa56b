/* trace-smtp.c — `msgflow trace --smtp`: the SMTP conversation of each
 * hop of a trace, as two Exchange 2003 servers hold it, reconstructed
 * from the steps.
 *
 * msgflow simulates times and decisions, not bytes, so the dialogue is a
 * reconstruction, and says so: the verbs Exchange 2003 advertises and uses
 * between its servers (X-EXPS for authentication, X-LINK2STATE for the
 * routing table, XEXCH50 for the message's Exchange properties, BDAT for
 * the content), with what the run decided in them: the same servers,
 * sender, recipients and size, whether the link-state digests differed and
 * the tables were exchanged, and on a failure the reply that stood for it
 * (no answer, 552 at MAIL FROM for size).  Addresses and the MSGID are the
 * synthetic ones of the tracking logs.  Links to the Internet talk to a
 * host that is not Exchange: no X- verbs.
 */
#define G_LOG_DOMAIN "msgflow-trace"

#include "analyze/trace-private.h"
#include "transport/tracking.h"

#include <string.h>

typedef struct {
  const MfTrace *t;
  FILE *out;
  char *org_domain;
} Smtp;

static char *
mailbox_address (const Smtp *x, int server)
{
  g_autofree char *lower = g_ascii_strdown (x->t->topo->servers[server].name, -1);
  return g_strdup_printf ("user-%s@%s", lower, x->org_domain);
}

static char *
host_name (const Smtp *x, int server)
{
  g_autofree char *lower = g_ascii_strdown (x->t->topo->servers[server].name, -1);
  return g_strdup_printf ("%s.%s", lower, x->org_domain);
}

/* The tracking step of @event_id at @server after step @i (the transfer
 * that a session step starts), or NULL. */
static const TraceStep *
next_event (const MfTrace *t, int i, int server, int event_id)
{
  for (int k = i + 1; k < (int) t->steps->len; k++)
    {
      const TraceStep *s = trace_step (t, k);
      if (s->server == server && s->event_id == event_id)
        return s;
      if (s->server == server && strcmp (s->kind, "session") == 0)
        return NULL;
    }
  return NULL;
}

static void
say (const Smtp *x, const char *who, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
say (const Smtp *x, const char *who, const char *format, ...)
{
  va_list ap;
  fprintf (x->out, "  %s ", who);
  va_start (ap, format);
  vfprintf (x->out, format, ap);
  va_end (ap);
  fputc ('\n', x->out);
}

/* What an Exchange 2003 virtual server advertises to another Exchange
 * server after SIZE, in its order. */
static const char *const exchange_verbs[] = {
  "PIPELINING", "DSN", "ENHANCEDSTATUSCODES", "8bitmime", "BINARYMIME", "CHUNKING",
  "X-EXPS GSSAPI NTLM", "X-LINK2STATE", "XEXCH50",
};

static void
greeting (const Smtp *x, const TraceStep *s, gboolean exchange)
{
  const MfTopology *topo = x->t->topo;
  g_autofree char *me = host_name (x, s->server);

  if (!exchange)
    {
      say (x, "S:", "220 %s ESMTP ready", s->link);
      say (x, "C:", "EHLO %s", me);
      say (x, "S:", "250-%s Hello [%s]", s->link, me);
      say (x, "S:", "250-SIZE");
      say (x, "S:", "250-PIPELINING");
      say (x, "S:", "250 8BITMIME");
      return;
    }
  {
    g_autofree char *them = host_name (x, s->remote);
    guint64 max = topo->servers[s->remote].max_message_size;
    say (x, "S:", "220 %s Microsoft ESMTP MAIL Service, Version: 6.0.3790 ready", them);
    say (x, "C:", "EHLO %s", me);
    say (x, "S:", "250-%s Hello [%s]", them, me);
    if (max == MF_SIZE_UNLIMITED)
      say (x, "S:", "250-SIZE");
    else
      say (x, "S:", "250-SIZE %" G_GUINT64_FORMAT, max);
    for (gsize i = 0; i < G_N_ELEMENTS (exchange_verbs); i++)
      say (x, "S:", "250-%s", exchange_verbs[i]);
    say (x, "S:", "250 OK");
    say (x, "C:", "X-EXPS GSSAPI");
    say (x, "S:", "235 2.7.0 Authentication successful");
  }
}

/* X-LINK2STATE between groups: digests first, the tables when they differ. */
static void
link_state (const Smtp *x, const TraceStep *s)
{
  const MfTopology *topo = x->t->topo;
  const TraceEhlo *e = s->ehlo;

  if (e == NULL)
    {
      if (s->remote >= 0
          && topo->servers[s->remote].routing_group == topo->servers[s->server].routing_group)
        fprintf (x->out, "  # same routing group: link state travels to the master over TCP "
                         "691, not in this session\n");
      else
        fprintf (x->out, "  # no X-LINK2STATE on this connector (a schedule, or "
                         "`link-state-over-smtp = false`): the tables are not compared\n");
      return;
    }
  say (x, "C:", "X-LINK2STATE DIGEST=%s",
       e->sender_digest ? e->sender_digest : "<its digest before the message was submitted>");
  if (!e->differed)
    {
      say (x, "S:", "250 X-LINK2STATE digest %s: the same, nothing to exchange",
           e->receiver_digest ? e->receiver_digest : "<equal>");
      return;
    }
  say (x, "S:", "250 X-LINK2STATE digest %s: they differ, send your OrgInfo",
       e->receiver_digest ? e->receiver_digest : "<another>");
  say (x, "C:", "X-LINK2STATE LAST CHUNK=<the link-state table (OrgInfo) of %s>",
       topo->servers[s->server].name);
  say (x, "S:", "250 X-LINK2STATE OK; here is mine");
  say (x, "S:", "X-LINK2STATE LAST CHUNK=<the link-state table (OrgInfo) of %s>",
       topo->servers[s->remote].name);
  say (x, "C:", "250 X-LINK2STATE OK");
  fprintf (x->out, "  # each side keeps the newer state of every routing group before any "
                   "mail is sent\n");
}

static void
envelope (const Smtp *x, const TraceStep *start, gboolean exchange)
{
  const MfTrace *t = x->t;
  g_autofree char *from = start->notice ? g_strdup ("") : mailbox_address (x, t->from);
  g_autofree char *rcpt = start->recipient_server >= 0
                              ? mailbox_address (x, start->recipient_server)
                              : g_strdup_printf ("user@%s", start->recipient_domain);

  say (x, "C:", "MAIL FROM:<%s> SIZE=%" G_GUINT64_FORMAT "%s", from, start->size,
       exchange ? " BODY=BINARYMIME" : "");
  say (x, "S:", "250 2.1.0 %s....Sender OK", from);
  say (x, "C:", "RCPT TO:<%s>", rcpt);
  say (x, "S:", "250 2.1.5 %s", rcpt);
  if (exchange)
    {
      say (x, "C:", "XEXCH50 1024 2");
      say (x, "S:", "354 Send binary data");
      say (x, "C:", "<1024 bytes: the message's Exchange properties>");
      say (x, "S:", "250 2.0.0 XEXCH50 OK");
    }
  say (x, "C:", "BDAT %" G_GUINT64_FORMAT " LAST", start->size);
}

static void
session (const Smtp *x, int i)
{
  const MfTrace *t = x->t;
  const MfTopology *topo = t->topo;
  const TraceStep *s = trace_step (t, i);
  const TraceStep *start = next_event (t, i, s->server, 1020);
  const TraceStep *done = next_event (t, i, s->server, 1031);
  g_autofree char *clock = mf_trace_format_clock (topo, s->time_us);
  g_autofree char *opened = mf_trace_format_clock (topo, s->opened_us);
  gboolean exchange = s->remote >= 0;
  const char *to = exchange ? topo->servers[s->remote].name : s->link;
  g_autofree char *via = s->connector >= 0 ? mf_trace_connector_label (topo, s->connector) : NULL;

  if (start == NULL)
    return;
  fprintf (x->out, "\n%s → %s%s%s, %s\n", topo->servers[s->server].name, to,
           s->connector >= 0 ? ", connector " : "", via ? via : "", clock);
  if (s->connector >= 0 && topo->connectors[s->connector].type == MF_CONNECTOR_X400)
    {
      fprintf (x->out, "  # X.400: the MTAs open an association (P1), not an SMTP session; "
                       "%s bytes go over and the MTA of %s confirms the transfer.\n",
               done ? "the message's" : "no", to);
      return;
    }
  if (s->session == 0 || s->message_in_session == 1)
    greeting (x, s, exchange);
  else
    fprintf (x->out, "  # message %d of the session opened %s; EHLO and the digest "
                     "comparison were at its start:\n", s->message_in_session, opened);
  if (exchange)
    link_state (x, s);
  envelope (x, start, exchange);
  if (done != NULL)
    say (x, "S:", "250 2.6.0 %s Queued mail for delivery", t->message_id ? t->message_id : "");
  else
    say (x, "S:", "(the transfer did not complete while the message was traced)");
  if (s->session == 0)
    {
      say (x, "C:", "QUIT");
      say (x, "S:", "221 2.0.0 closing connection");
    }
}

static void
refused (const Smtp *x, int i)
{
  const TraceStep *s = trace_step (x->t, i);
  const char *answer = strstr (s->why, "not running") ? "connection refused"
                       : strstr (s->why, "network") ? "no answer: the TCP connection times out"
                                                    : "no answer";
  g_autofree char *clock = mf_trace_format_clock (x->t->topo, s->time_us);

  fprintf (x->out, "\n%s → link queue \"%s\", %s\n", x->t->topo->servers[s->server].name,
           s->link, clock);
  say (x, "C:", "(connect to port 25)");
  say (x, "S:", "(%s: %s)", answer, s->why);
  fprintf (x->out, "  # a failed connection: no message is sent, the link queue goes into "
                   "Retry\n");
}

/* 552 at MAIL FROM: the size NDR that is not a routing decision. */
static void
too_large (const Smtp *x, int i)
{
  const TraceStep *s = trace_step (x->t, i);
  g_autofree char *clock = mf_trace_format_clock (x->t->topo, s->time_us);
  g_autofree char *from = mailbox_address (x, x->t->from);

  fprintf (x->out, "\n%s → the next server, %s\n", x->t->topo->servers[s->server].name, clock);
  say (x, "C:", "MAIL FROM:<%s> SIZE=%" G_GUINT64_FORMAT, from, s->size);
  say (x, "S:", "552 5.3.4 Message size exceeds fixed maximum message size");
  say (x, "C:", "QUIT");
  fprintf (x->out, "  # nothing was sent: %s returns the message with an NDR (5.3.4)\n",
           x->t->topo->servers[s->server].name);
}

void
mf_trace_print_smtp (const MfTrace *t, FILE *out)
{
  Smtp x = { t, out, mf_tracking_org_domain (t->topo) };
  int hops = 0;

  fprintf (out, "SMTP conversations of the trace — a RECONSTRUCTION: msgflow simulates "
                "times and decisions, not bytes.\nThe servers, addresses, sizes, digests and "
                "outcomes are those of the run; the wording of the replies is Exchange 2003's "
                "usual one.\n");
  for (int i = 0; i < (int) t->steps->len; i++)
    {
      const TraceStep *s = trace_step (t, i);
      if (strcmp (s->kind, "session") == 0)
        {
          session (&x, i);
          hops++;
        }
      else if (strcmp (s->kind, "connect-failed") == 0)
        refused (&x, i);
      else if (s->event_id == 1030 && s->ndr_reason == MF_NDR_TOO_LARGE
               && !mf_trace_step_routed_nowhere (t, i))
        too_large (&x, i);
    }
  if (hops == 0)
    fprintf (out, "\nNo SMTP hop: the message never left its server.\n");
  g_free (x.org_domain);
}
