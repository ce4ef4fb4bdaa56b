/* trace-text.c — the words of a trace: each step's sentence, connector
 * names a reader finds in the file, the candidates of a routing decision,
 * and the terminal output of `msgflow trace`.
 */
#define G_LOG_DOMAIN "msgflow-trace"

#include "analyze/trace-private.h"
#include "base/units.h"

#include <string.h>

const char *
mf_trace_event_name (int id)
{
  switch (id)
    {
    case 1019: return "submitted to Advanced Queuing";
    case 1020: return "SMTP transfer started";
    case 1024: return "submitted to the categorizer";
    case 1025: return "submission to Advanced Queuing started";
    case 1027: return "submitted by the store driver";
    case 1028: return "delivered to the store";
    case 1030: return "NDR generated";
    case 1031: return "SMTP transfer completed";
    case 1033: return "categorized and queued for routing";
    case 1034: return "routed and queued for remote delivery";
    case 1035: return "scheduled to retry routing";
    case 1036: return "queued for local delivery";
    default: return "event";
    }
}

const char *
mf_trace_wait_name (MfWaitKind wait)
{
  switch (wait)
    {
    case MF_WAIT_GLITCH: return "glitch-retry";
    case MF_WAIT_RETRY: return "retry";
    case MF_WAIT_SCHEDULE: return "schedule";
    case MF_WAIT_ROUTES: return "route-recompute";
    default: return "wait";
    }
}

char *
mf_trace_connector_label (const MfTopology *topo, int connector)
{
  const MfConnector *c = &topo->connectors[connector];
  const MfConnector *original;

  if (!c->is_mirror || c->mirror < 0)
    return g_strdup (c->name);
  original = &topo->connectors[c->mirror];
  return g_strdup_printf ("%s, its %s → %s direction", original->name,
                          topo->routing_groups[c->from].name, topo->routing_groups[c->to].name);
}

static gboolean
is_x400 (const MfTopology *topo, int connector)
{
  return connector >= 0 && topo->connectors[connector].type == MF_CONNECTOR_X400;
}

static gboolean
in_array (const GArray *a, int value)
{
  for (guint i = 0; a != NULL && i < a->len; i++)
    if (g_array_index (a, int, i) == value)
      return TRUE;
  return FALSE;
}

static const MfRejection *
rejection_of (const MfRoute *r, int connector)
{
  for (guint k = 0; r->rejections && k < r->rejections->len; k++)
    if (g_array_index (r->rejections, MfRejection, k).connector == connector)
      return &g_array_index (r->rejections, MfRejection, k);
  return NULL;
}

GArray *
mf_trace_candidates (const MfTrace *t, const TraceStep *s)
{
  const MfTopology *topo = t->topo;
  const MfRoute *r = s->route;
  const MfRoutingGroup *g = &topo->routing_groups[r->from];
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TraceCandidate));
  int first = r->reachable ? s->taken : -1;

  for (int i = 0; i < g->n_connectors; i++)
    {
      int c = g->connectors[i];
      const MfConnector *k = &topo->connectors[c];
      const MfRejection *rj = rejection_of (r, c);
      TraceCandidate cand = { c, -1, FALSE, FALSE, -1 };

      if (c == first)
        {
          cand.chosen = TRUE;
          cand.cost = r->cost;
        }
      else if (in_array (s->down, c))
        {
          cand.reason = MF_REJECT_DOWN;
          cand.cost = rj ? rj->cost : -1;
        }
      else if (rj != NULL)
        {
          cand.reason = (int) rj->reason;
          cand.cost = rj->cost;
        }
      else if (k->max_message_size != MF_SIZE_UNLIMITED && s->size > k->max_message_size)
        cand.reason = MF_REJECT_SIZE;
      else if (k->to < 0 || !r->reachable)
        continue; /* an address space that does not match: not a candidate */
      else
        {
          /* Usable, and neither dearer nor a dead end (route-explain.c
           * would say so): a route through it costs the same. */
          cand.equal = TRUE;
          cand.cost = r->cost;
        }
      g_array_append_val (out, cand);
    }
  return out;
}

/* ------------------------------------------------------------- wording */

static char *
partner_name (const MfTrace *t, const TraceStep *s)
{
  switch (s->partner_kind)
    {
    case MF_PARTNER_SERVER:
      return g_strdup (t->topo->servers[s->partner].name);
    case MF_PARTNER_CONNECTOR:
      return mf_trace_connector_label (t->topo, s->partner);
    case MF_PARTNER_DOMAIN:
      return g_strdup (s->partner_domain ? s->partner_domain : "the Internet");
    case MF_PARTNER_NONE:
    default:
      return NULL;
    }
}

static char *
recipient_text (const MfTrace *t, const TraceStep *s)
{
  const MfTopology *topo = t->topo;
  if (s->recipient_server >= 0)
    return g_strdup_printf ("a mailbox on %s (routing group %s)",
                            topo->servers[s->recipient_server].name,
                            topo->routing_groups[topo->servers[s->recipient_server].routing_group].name);
  return g_strdup_printf ("an address in %s, outside the organisation", s->recipient_domain);
}

gboolean
mf_trace_step_routed_nowhere (const MfTrace *t, int i)
{
  const TraceStep *s = trace_step (t, i);
  if (s->route != NULL)
    return !s->route->reachable; /* the NDR is itself the routing decision */
  for (int k = i - 1; k >= 0; k--)
    {
      const TraceStep *p = trace_step (t, k);
      if (p->server != s->server)
        continue;
      if (p->route != NULL)
        return !p->route->reachable;
      if (p->event_id == 1033)
        return TRUE; /* categorized, then returned: routing found nothing */
      if (p->event_id == 0 && strcmp (p->kind, "queue") == 0)
        return FALSE; /* it was in a link queue: the next server refused it */
    }
  return FALSE;
}

static char *
ndr_text (const MfTrace *t, int i)
{
  const TraceStep *s = trace_step (t, i);
  const char *code = s->ndr_reason >= 0 ? mf_ndr_status_code ((MfNdrReason) s->ndr_reason) : "?";
  g_autofree char *expiry = mf_format_duration (t->topo->org.expiration_us);
  const char *why;
  g_autofree char *owned = NULL;

  switch (s->ndr_reason)
    {
    case MF_NDR_EXPIRED:
      why = owned = g_strdup_printf ("it was not delivered within `expiration` (%s) of its "
                                     "submission", expiry);
      break;
    case MF_NDR_HOP_COUNT:
      why = "it passed more servers than `max-hop-count` allows (a routing loop)";
      break;
    case MF_NDR_TOO_LARGE:
      why = mf_trace_step_routed_nowhere (t, i)
                ? "no route to the destination admits a message of this size (connector "
                  "`max-message-size`)"
                : "the next server refused it at MAIL FROM: it is over that virtual server's "
                  "`max-message-size` (552)";
      break;
    case MF_NDR_NO_ROUTE:
      why = "no connector serves this destination at all";
      break;
    case MF_NDR_SIZE_LIMIT:
      why = "it is over a sender or recipient size limit";
      break;
    case MF_NDR_DNS:
      why = "the domain's mail host or the smart host could not be found or refused it";
      break;
    default:
      why = "unknown";
      break;
    }
  return g_strdup_printf ("The recipient is returned with a non-delivery report (%s): %s.", code,
                          why);
}

static char *
queue_text (const MfTrace *t, const TraceStep *s)
{
  g_autofree char *via = s->connector >= 0 ? mf_trace_connector_label (t->topo, s->connector)
                                           : NULL;
  return g_strdup_printf ("It joins link queue \"%s\"%s%s%s (%s) behind %u other message%s.",
                          s->link, via ? " (connector " : "", via ? via : "", via ? ")" : "",
                          mf_link_queue_state_name ((MfLinkQueueState) s->link_state), s->ahead,
                          s->ahead == 1 ? "" : "s");
}

static char *
wait_text (const MfTrace *t, const TraceStep *s)
{
  const MfTopology *topo = t->topo;
  g_autofree char *until = mf_trace_format_clock (topo, s->until_us);
  /* To the millisecond: the rest of a wait joined half-way is not round. */
  g_autofree char *len = mf_format_duration ((s->until_us - s->time_us) / 1000 * 1000);
  g_autofree char *reported = NULL;

  if (s->reported_down && s->connector >= 0)
    {
      g_autofree char *label = mf_trace_connector_label (topo, s->connector);
      reported = g_strdup_printf (" %s has reported connector %s DOWN to its routing group "
                                  "master and probes it every `link-probe-interval`.",
                                  topo->servers[s->server].name, label);
    }
  switch (s->wait)
    {
    case MF_WAIT_ROUTES:
      return g_strdup_printf ("%s is rebuilding its routes after its link-state view changed "
                              "(`route-recompute`): the message waits in \"Messages waiting to "
                              "be routed\".", topo->servers[s->server].name);
    case MF_WAIT_SCHEDULE:
      return g_strdup_printf ("The connector's schedule is closed: link queue \"%s\" is "
                              "Scheduled until its next window, %s (%s).", s->link, until, len);
    case MF_WAIT_GLITCH:
      return g_strdup_printf ("Link queue \"%s\" is in Retry after %d failed attempt%s "
                              "(`glitch-retry` between attempts): the next one in %s, at %s.",
                              s->link, s->failures, s->failures == 1 ? "" : "s", len, until);
    case MF_WAIT_RETRY:
    default:
      return g_strdup_printf ("Glitch retries used up: link queue \"%s\" waits its `retry` "
                              "interval; the next attempt in %s, at %s.%s", s->link, len, until,
                              reported ? reported : "");
    }
}

static char *
digest_text (const MfTrace *t, const TraceStep *s)
{
  const MfTopology *topo = t->topo;
  const TraceEhlo *e = s->ehlo;
  g_autofree char *when = mf_trace_format_clock (topo, e->time_us);
  g_autofree char *earlier = e->time_us < s->time_us
                                 ? g_strdup_printf (" (when the session opened, %s)", when)
                                 : g_strdup ("");
  g_autofree char *digests = e->sender_digest != NULL
                                 ? g_strdup_printf (", %.12s… here and %.12s… there",
                                                    e->sender_digest, e->receiver_digest)
                                 : g_strdup (" (before this message was submitted)");
  return g_strdup_printf ("EHLO to %s (routing group %s)%s: both advertise X-LINK2STATE and "
                          "compare link-state digests%s: %s",
                          topo->servers[e->receiver].name,
                          topo->routing_groups[topo->servers[e->receiver].routing_group].name,
                          earlier, digests,
                          e->differed ? "they differ, so the two exchange their tables "
                                        "(OrgInfo) and each keeps the newer state of every "
                                        "routing group before any mail is sent."
                                      : "equal, nothing to exchange.");
}

static char *
session_text (const MfTrace *t, const TraceStep *s)
{
  const MfTopology *topo = t->topo;
  g_autofree char *via = s->connector >= 0 ? mf_trace_connector_label (topo, s->connector) : NULL;
  g_autofree char *opened = mf_trace_format_clock (topo, s->opened_us);
  const char *to = s->remote >= 0 ? topo->servers[s->remote].name : s->link;

  if (is_x400 (topo, s->connector))
    return g_strdup_printf ("The X.400 MTA of this server hands it to the MTA of %s over "
                            "connector %s (an MTA association, not SMTP: no link-state "
                            "exchange on the way).", to, via);
  if (s->session == 0)
    return g_strdup_printf ("It goes to %s over SMTP%s%s.", to, via ? " through connector " : "",
                            via ? via : "");
  return g_strdup_printf ("It goes out in SMTP session %" G_GUINT64_FORMAT " to %s%s%s, "
                          "opened %s; message %d of the session.", s->session, to,
                          via ? " over connector " : "", via ? via : "", opened,
                          s->message_in_session);
}

static char *
link_state_text (const MfTrace *t, const TraceStep *s)
{
  const MfTopology *topo = t->topo;
  const MfLinkChange *ch = &g_array_index (t->link_changes, MfLinkChange, s->change);
  g_autofree char *label = mf_trace_connector_label (topo, ch->connector);
  g_autofree char *origin = ch->origin_server >= 0 && ch->origin_server != s->server
                                ? g_strdup_printf (", as %s reported", topo->servers[ch->origin_server].name)
                                : g_strdup ("");

  if (ch->major)
    return g_strdup_printf ("%s, master of routing group %s, sets the cost of connector %s to %d "
                            "(major version %u); the change spreads to every server.",
                            topo->servers[s->server].name, topo->routing_groups[ch->routing_group].name,
                            label, ch->cost, ch->version);
  return g_strdup_printf ("%s, master of routing group %s, marks connector %s %s%s (minor "
                          "version %u); the change spreads by link-state messages inside the "
                          "group and X-LINK2STATE between groups.",
                          topo->servers[s->server].name, topo->routing_groups[ch->routing_group].name,
                          label, ch->up ? "UP" : "DOWN", origin, ch->version);
}

static char *
event_text (const MfTrace *t, const TraceStep *s)
{
  const MfTopology *topo = t->topo;
  const MfTopoEvent *e = &topo->events[s->event];
  const char *name = e->target_kind == MF_TARGET_SERVER          ? topo->servers[e->target].name
                     : e->target_kind == MF_TARGET_CONNECTOR     ? topo->connectors[e->target].name
                     : e->target_kind == MF_TARGET_ROUTING_GROUP ? topo->routing_groups[e->target].name
                                                                 : topo->domains[e->target].name;
  g_autofree char *what = NULL;

  switch ((MfAction) s->action)
    {
    case MF_ACTION_DOWN:
      what = e->target_kind == MF_TARGET_CONNECTOR
                 ? g_strdup_printf ("the network under connector %s fails; no server knows yet: "
                                    "its bridgeheads find out when they next try to connect", name)
             : e->target_kind == MF_TARGET_SERVER
                 ? g_strdup_printf ("server %s goes down; its queues stay on disk and resume when "
                                    "it comes back, and the servers that talk to it find out when "
                                    "it does not answer", name)
                 : g_strdup_printf ("the mail host of %s stops answering", name);
      break;
    case MF_ACTION_UP:
      what = e->target_kind == MF_TARGET_CONNECTOR
                 ? g_strdup_printf ("connector %s works again; the server that reported it DOWN "
                                    "finds out at its next probe", name)
             : e->target_kind == MF_TARGET_SERVER
                 ? g_strdup_printf ("server %s is back up", name)
                 : g_strdup_printf ("the mail host of %s answers again", name);
      break;
    case MF_ACTION_COST:
      what = g_strdup_printf ("the cost of connector %s changes in the directory; its routing "
                              "group master spreads it as a major version", name);
      break;
    case MF_ACTION_STOP_SMTP:
      what = g_strdup_printf ("the SMTP service of %s stops (it tells its master at once)", name);
      break;
    case MF_ACTION_START_SMTP:
      what = g_strdup_printf ("the SMTP service of %s starts again", name);
      break;
    case MF_ACTION_MASTER:
      what = g_strdup_printf ("%s becomes the master of routing group %s",
                              topo->servers[e->server].name, name);
      break;
    default:
      what = g_strdup ("something changes");
      break;
    }
  return g_strdup_printf ("[event %s]%s: %s.", e->name,
                          e->duration_us > 0 && s->time_us > e->at_us ? " (its `duration` is over)"
                                                                       : "", what);
}

static char *
routing_text (const MfTrace *t, const TraceStep *s, const char *partner)
{
  const MfTopology *topo = t->topo;

  if (s->partner_kind == MF_PARTNER_SERVER && s->route == NULL)
    return g_strdup_printf ("%s is in this routing group: the message goes straight to it "
                            "over SMTP (link queue \"%s\").", partner, partner);
  if (s->partner_kind == MF_PARTNER_SERVER)
    return g_strdup_printf ("This server is not a bridgehead of the connector the route "
                            "takes: the message goes first to %s, one of its bridgeheads "
                            "(link queue \"%s\").", partner, partner);
  if (s->partner_kind == MF_PARTNER_DOMAIN && s->partner < 0)
    return g_strdup_printf ("No SMTP connector's address space matches the domain: this "
                            "server's virtual server sends it itself, %s (link queue "
                            "\"%s\").", s->partner_domain != NULL && s->recipient_domain != NULL
                            && strcmp (s->partner_domain, s->recipient_domain) != 0
                            ? "through its smart host" : "looking up the domain's MX in DNS",
                            partner);
  if (s->partner_kind == MF_PARTNER_DOMAIN)
    {
      g_autofree char *label = mf_trace_connector_label (topo, s->partner);
      return g_strdup_printf ("Queued in link queue \"%s\" for the SMTP connector %s, which "
                              "this server serves as a bridgehead.", partner, label);
    }
  if (is_x400 (topo, s->partner))
    return g_strdup_printf ("Queued for the X.400 MTA: this server is a bridgehead of X.400 "
                            "connector %s.", partner);
  return g_strdup_printf ("Queued in link queue \"%s\": this server is a bridgehead of "
                          "connector %s.", topo->connectors[s->partner].name, partner);
}

char *
mf_trace_step_text (const MfTrace *t, int i)
{
  const TraceStep *s = trace_step (t, i);
  const MfTopology *topo = t->topo;
  const char *here = topo->servers[s->server].name;
  g_autofree char *partner = partner_name (t, s);
  g_autofree char *rcpt = recipient_text (t, s);
  g_autofree char *via = s->connector >= 0 ? mf_trace_connector_label (topo, s->connector) : NULL;

  if (s->event_id == 0)
    {
      if (strcmp (s->kind, "queue") == 0)
        return queue_text (t, s);
      if (strcmp (s->kind, "connect") == 0)
        return g_strdup_printf ("Link queue \"%s\" connects: the far end answers.", s->link);
      if (strcmp (s->kind, "connect-failed") == 0)
        return g_strdup_printf ("Connection attempt for link queue \"%s\" fails (failure %d "
                                "since the last success): %s.", s->link, s->failures, s->why);
      if (strcmp (s->kind, "wait") == 0)
        return wait_text (t, s);
      if (strcmp (s->kind, "digest") == 0)
        return digest_text (t, s);
      if (strcmp (s->kind, "session") == 0)
        return session_text (t, s);
      if (strcmp (s->kind, "link-state") == 0)
        return link_state_text (t, s);
      if (strcmp (s->kind, "event") == 0)
        return event_text (t, s);
      return g_strdup (s->kind);
    }
  switch (s->event_id)
    {
    case 1027:
      return g_strdup ("A user's mail client submits the message; the store driver hands it to "
                       "the SMTP transport.");
    case 1019:
      if (s->client >= 0)
        return g_strdup_printf ("%s receives the message %s %s.", here,
                                is_x400 (topo, s->connector) ? "through its X.400 MTA from"
                                                             : "over SMTP from",
                                topo->servers[s->client].name);
      return s->notice ? g_strdup_printf ("%s writes a report to the sender and submits it.", here)
                       : g_strdup ("Advanced Queuing accepts the message.");
    case 1025:
      return g_strdup ("Advanced Queuing starts processing it.");
    case 1024:
      return g_strdup ("It enters \"Messages awaiting directory lookup\" and waits for a "
                       "categorizer worker.");
    case 1033:
      return g_strdup_printf ("The categorizer looks the recipient up in the directory: %s.", rcpt);
    case 1036:
      return g_strdup ("The recipient's mailbox is on this server: the message is queued in "
                       "\"Local delivery\" for the store driver.");
    case 1028:
      return g_strdup_printf ("The store driver delivers it into the mailbox on %s.%s", here,
                              s->notice ? "" : " Delivered.");
    case 1034:
      return routing_text (t, s, partner);
    case 1035:
      return g_strdup ("No usable route: the message waits in \"Messages with an unreachable "
                       "destination\" and is routed again every `unreachable-retry` or when "
                       "the link-state view changes.");
    case 1020:
      if (s->partner_kind == MF_PARTNER_DOMAIN)
        return g_strdup_printf ("An SMTP session to the Internet (%s) starts the transfer.",
                                partner);
      if (is_x400 (topo, s->connector))
        return g_strdup_printf ("The MTA starts the transfer to %s over X.400 connector %s.",
                                partner, via);
      return g_strdup_printf ("The transfer to %s starts (MAIL FROM, RCPT TO, BDAT).", partner);
    case 1031:
      if (s->partner_kind == MF_PARTNER_DOMAIN)
        return g_strdup_printf ("Transfer to %s complete: the message has left the "
                                "organisation.%s", partner, s->notice ? "" : " Delivered.");
      if (is_x400 (topo, s->connector))
        return g_strdup_printf ("The MTA's transfer to %s is complete.", partner);
      return g_strdup_printf ("Transfer to %s complete.", partner);
    case 1030:
      return ndr_text (t, i);
    default:
      return g_strdup_printf ("Event %d.", s->event_id);
    }
}

/* ------------------------------------------------------------ printing */

static char *
format_offset (gint64 us)
{
  gint64 ms = us / 1000;
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d.%03d", ms / 3600000,
                          (int) (ms / 60000 % 60), (int) (ms / 1000 % 60), (int) (ms % 1000));
}

static void
print_route (const MfTrace *t, const TraceStep *s, FILE *out)
{
  const MfTopology *topo = t->topo;
  const MfRoute *r = s->route;
  const MfLinkVersion *v = &s->versions[r->from];
  g_autoptr (GArray) cands = mf_trace_candidates (t, s);
  const TraceView *view = mf_trace_view_at (t, s->server, s->time_us);

  fprintf (out, "         routing with %s's own link-state view (digest %.12s…, versions: %s "
           "%u.%u.%u", topo->servers[s->server].name, s->digest, topo->routing_groups[r->from].name,
           v->major, v->minor, v->user);
  /* The other groups whose part of the table has changed since the start. */
  for (int g = 0; g < topo->n_routing_groups; g++)
    {
      const MfLinkVersion *o = &s->versions[g];
      if (g != r->from && (o->major != MF_LINK_VERSION_INITIAL_MAJOR || o->minor || o->user))
        fprintf (out, ", %s %u.%u.%u", topo->routing_groups[g].name, o->major, o->minor, o->user);
    }
  if (s->down->len == 0)
    fprintf (out, ", every connector UP):\n");
  else
    {
      fprintf (out, ", DOWN:");
      for (guint i = 0; i < s->down->len; i++)
        {
          g_autofree char *label = mf_trace_connector_label (topo, g_array_index (s->down, int, i));
          fprintf (out, "%s %s", i ? ";" : "", label);
        }
      fprintf (out, "):\n");
    }
  if (view != NULL && view->servers_down->len > 0)
    {
      fprintf (out, "         servers it believes down:");
      for (guint i = 0; i < view->servers_down->len; i++)
        fprintf (out, "%s %s", i ? "," : "",
                 topo->servers[g_array_index (view->servers_down, int, i)].name);
      fputc ('\n', out);
    }
  if (!r->reachable)
    fprintf (out, "         no route from %s\n", topo->routing_groups[r->from].name);
  else
    {
      fprintf (out, "         lowest cost %d via", r->cost);
      for (guint i = 0; i < s->path_connectors->len; i++)
        {
          g_autofree char *label = mf_trace_connector_label (topo, g_array_index (s->path_connectors, int, i));
          fprintf (out, "%s %s", i ? ";" : "", label);
        }
      fprintf (out, " (path");
      for (guint i = 0; i < s->path->len; i++)
        fprintf (out, "%s%s", i ? " > " : " ", topo->routing_groups[g_array_index (s->path, int, i)].name);
      fprintf (out, "); %" G_GUINT64_FORMAT " equal-cost route%s%s\n", r->n_equal,
               r->n_equal == 1 ? "" : "s", r->n_equal > 1 ? ", one chosen at random" : "");
    }
  for (guint i = 0; i < cands->len; i++)
    {
      const TraceCandidate *c = &g_array_index (cands, TraceCandidate, i);
      g_autofree char *label = mf_trace_connector_label (topo, c->connector);
      if (c->chosen)
        fprintf (out, "         taken: %s (cost %d)\n", label, c->cost);
      else if (c->equal)
        fprintf (out, "         equal-cost alternative: %s (cost %d)\n", label, c->cost);
      else
        {
          fprintf (out, "         not taken: %s: %s", label,
                   mf_reject_reason_name ((MfRejectReason) c->reason));
          if (c->cost >= 0)
            fprintf (out, " (cost %d)", c->cost);
          fputc ('\n', out);
        }
    }
}

static void
print_learned (const MfTrace *t, const TraceStep *s, FILE *out)
{
  for (guint k = 0; k < s->learned->len; k++)
    {
      const TraceLearned *l = &g_array_index (s->learned, TraceLearned, k);
      g_autofree char *clock = mf_trace_format_clock (t->topo, l->time_us);
      g_autofree char *after = format_offset (l->time_us - s->time_us);
      fprintf (out, "         %s learns it at %s (+%s)\n", t->topo->servers[l->server].name, clock,
               after);
    }
}

void
mf_trace_print_text (const MfTrace *t, FILE *out)
{
  const MfTopology *topo = t->topo;
  int last_server = -1;
  gboolean last_notice = FALSE;
  g_autofree char *size = mf_format_size (t->size);
  g_autofree char *at = mf_format_duration (t->at_us);
  g_autofree char *at_clock = mf_trace_format_clock (topo, t->at_us);
  gint64 prev_us = t->at_us;

  fprintf (out, "Trace of one %s message from %s (routing group %s) to ", size,
           topo->servers[t->from].name,
           topo->routing_groups[topo->servers[t->from].routing_group].name);
  if (t->to_server >= 0)
    fprintf (out, "a mailbox on %s (routing group %s)", topo->servers[t->to_server].name,
             topo->routing_groups[topo->servers[t->to_server].routing_group].name);
  else
    fprintf (out, "%s", t->to_domain);
  fprintf (out, ", submitted %s (%s after the start), seed %" G_GUINT64_FORMAT "%s.\n",
           at_clock, at, t->seed,
           t->quiet ? ", quiet network (no other mail; the events still happen)" : "");
  if (t->message_id != NULL)
    fprintf (out, "Message ID in the tracking logs: %s\n", t->message_id);
  fprintf (out, "Each step: its clock time, the time since submission, the delay since the "
           "previous step, the tracking event id (or what the simulator saw).\n");

  for (guint i = 0; i < t->steps->len; i++)
    {
      const TraceStep *s = g_ptr_array_index (t->steps, i);
      g_autofree char *when = format_offset (s->time_us - t->at_us);
      g_autofree char *clock = mf_trace_format_clock (topo, s->time_us);
      g_autofree char *delay = format_offset (s->time_us - prev_us);
      g_autofree char *text = mf_trace_step_text (t, (int) i);
      g_autofree char *id = s->event_id > 0 ? g_strdup_printf ("%d", s->event_id)
                                            : g_strdup_printf ("(%s)", s->kind);
      gboolean aside = strcmp (s->kind, "event") == 0; /* not the server's doing */
      if (!aside && (s->server != last_server || s->notice != last_notice))
        fprintf (out, "\n%s%s (routing group %s)\n", s->notice ? "[report to the sender] " : "",
                 topo->servers[s->server].name,
                 topo->routing_groups[topo->servers[s->server].routing_group].name);
      if (!aside)
        {
          last_server = s->server;
          last_notice = s->notice;
        }
      fprintf (out, "  %s  %s  +%s  %s  %s\n", clock, when, delay, id, text);
      prev_us = s->time_us;
      if (s->route)
        print_route (t, s, out);
      if (s->learned)
        print_learned (t, s, out);
    }
  if (t->delivered)
    fprintf (out, "\nOutcome: delivered.\n");
  else if (t->returned)
    fprintf (out, "\nOutcome: returned to the sender with a non-delivery report (%s).\n",
             mf_trace_ndr_code (t) ? mf_trace_ndr_code (t) : "?");
  else
    fprintf (out, "\nOutcome: still in flight when the trace gave up (expiration and retries "
             "past submission; see the steps above).\n");
}
