/* trace.c — one message's journey, explained (see trace.h).
 *
 * The simulator runs the file as usual (or only its events) and injects
 * the message at `--at`; its tracking sink collects the message's steps
 * and stops the run once the message is delivered or its NDR is home.  A routing step is explained
 * with mf_route (MF_ROUTE_EXPLAIN) on the deciding server's own view at
 * that moment, so what the trace says is what the simulator did.
 */
#define G_LOG_DOMAIN "msgflow-trace"

#include "analyze/trace.h"
#include "base/json-writer.h"
#include "model/routing.h"
#include "transport/tracking.h"
#include "transport/transport.h"

#include <string.h>

typedef struct {
  gint64 time_us;
  int server;
  int event_id;
  gboolean notice;
  MfPartnerKind partner_kind;
  int partner;
  char *partner_domain;
  int client;
  int ndr_reason;
  int recipient_server;
  char *recipient_domain;
  /* A routing decision (1034 or 1035 toward another group or outside). */
  MfRoute *route;
  char *digest;
  GArray *down;          /* int: connectors DOWN in the deciding view */
} Step;

struct _MfTrace {
  const MfTopology *topo;
  MfRouter *router;
  int from;
  int to_server;
  char *to_domain;
  gint64 at_us;
  guint64 size;
  guint64 seed;
  gboolean quiet;
  GPtrArray *steps;      /* Step* */
  gboolean delivered;
  gboolean returned;
  int ndr_reason;        /* MfNdrReason when returned */
  guint64 notices_before_ndr; /* the highest notice id seen before the NDR (delay DSNs) */
  volatile sig_atomic_t done; /* the run's interrupt flag: the message is done */
  GError *error;
};

static void
step_free (gpointer p)
{
  Step *s = p;
  g_free (s->partner_domain);
  g_free (s->recipient_domain);
  if (s->route)
    mf_route_free (s->route);
  g_free (s->digest);
  if (s->down)
    g_array_unref (s->down);
  g_free (s);
}

void
mf_trace_free (MfTrace *t)
{
  if (t == NULL)
    return;
  mf_router_free (t->router);
  g_free (t->to_domain);
  g_ptr_array_unref (t->steps);
  g_clear_error (&t->error);
  g_free (t);
}

/* Explain the routing decision a server just made. */
static void
explain_route (MfTrace *t, Step *s, const MfTrackingRecord *r)
{
  const MfTopology *topo = t->topo;
  int rg = topo->servers[r->server].routing_group;
  MfDestination dest;

  if (r->recipient_server >= 0)
    {
      int to_rg = topo->servers[r->recipient_server].routing_group;
      if (to_rg == rg)
        return; /* inside the group: no routing between groups */
      dest = mf_destination_group (to_rg);
    }
  else
    dest = mf_destination_domain (r->recipient_domain);
  s->route = mf_route (t->router, r->view, rg, &dest, r->size_bytes, MF_ROUTE_EXPLAIN,
                       t->error ? NULL : &t->error);
  s->digest = mf_link_state_digest (r->view);
  s->down = g_array_new (FALSE, FALSE, sizeof (int));
  for (int c = 0; c < topo->n_connectors; c++)
    if (!mf_link_state_is_up (r->view, c))
      g_array_append_val (s->down, c);
}

static void
collect (const MfTrackingRecord *r, gpointer user_data)
{
  MfTrace *t = user_data;
  Step *s;

  if (!r->injected)
    return;
  s = g_new0 (Step, 1);
  s->time_us = r->time_us;
  s->server = r->server;
  s->event_id = r->event_id;
  s->notice = r->is_notice;
  s->partner_kind = r->partner_kind;
  s->partner = r->partner;
  s->partner_domain = g_strdup (r->partner_domain);
  s->client = r->client_server;
  s->ndr_reason = r->ndr_reason;
  s->recipient_server = r->recipient_server;
  s->recipient_domain = g_strdup (r->recipient_domain);
  if (!r->is_notice && (r->event_id == 1034 || r->event_id == 1035))
    explain_route (t, s, r);
  if (!r->is_notice && (r->event_id == 1028 || (r->event_id == 1031 && r->partner_kind == MF_PARTNER_DOMAIN)))
    t->delivered = t->done = TRUE;
  if (!r->is_notice && r->event_id == 1030 && !t->returned)
    {
      t->returned = TRUE;
      t->ndr_reason = r->ndr_reason;
    }
  /* Once returned, the run goes on until the NDR (a notice newer than any
   * delay notification) reaches the sender's mailbox. */
  if (r->is_notice && !t->returned)
    t->notices_before_ndr = MAX (t->notices_before_ndr, r->msg_id);
  else if (r->is_notice && r->msg_id > t->notices_before_ndr
           && (r->event_id == 1028 || (r->event_id == 1031 && r->partner_kind == MF_PARTNER_DOMAIN)))
    t->done = TRUE;
  g_ptr_array_add (t->steps, s);
}

MfTrace *
mf_trace_run (const MfTopology *topo, int from_server, int to_server, const char *to_domain,
              gint64 at_us, guint64 size_bytes, GError **error)
{
  MfTraceOptions o = { .seed = topo->org.seed, .quiet_network = FALSE };
  return mf_trace_run_full (topo, from_server, to_server, to_domain, at_us, size_bytes, &o, error);
}

MfTrace *
mf_trace_run_full (const MfTopology *topo, int from_server, int to_server, const char *to_domain,
                   gint64 at_us, guint64 size_bytes, const MfTraceOptions *options, GError **error)
{
  g_autoptr (MfTrace) t = g_new0 (MfTrace, 1);
  g_autoptr (MfRunResult) result = NULL;
  MfInjection in = { 0 };
  MfRunOptions o = { 0 };

  g_return_val_if_fail (from_server >= 0 && from_server < topo->n_servers, NULL);
  g_return_val_if_fail ((to_server >= 0) != (to_domain != NULL), NULL);
  t->topo = topo;
  t->from = from_server;
  t->to_server = to_server;
  t->to_domain = g_strdup (to_domain);
  t->at_us = at_us;
  t->size = size_bytes;
  t->seed = options->seed;
  t->quiet = options->quiet_network;
  t->ndr_reason = -1;
  t->steps = g_ptr_array_new_with_free_func (step_free);
  t->router = mf_router_new (topo, error);
  if (t->router == NULL)
    return NULL;

  in.at_us = at_us;
  in.from_server = from_server;
  in.to_server = to_server;
  in.to_domain = to_domain;
  in.size_bytes = size_bytes;
  o.seed = options->seed;
  /* The upper bound: long enough for the message to be delivered or to
   * expire, and for the NDR to reach its sender, even past the file's
   * `duration` (the rest of the mail keeps flowing meanwhile).  The run
   * stops earlier, as soon as the message is done (t->done). */
  o.duration_us = at_us + topo->org.expiration_us + 2 * topo->org.unreachable_retry_us
                  + topo->org.retry_us[3] + MF_US_PER_HOUR;
  o.sample_interval_us = o.duration_us;
  o.no_workload = options->quiet_network;
  o.interrupt = &t->done;
  o.inject = &in;
  o.track = collect;
  o.track_data = t;
  result = mf_transport_run (topo, &o, error);
  if (result == NULL)
    return NULL;
  if (t->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&t->error));
      return NULL;
    }
  return g_steal_pointer (&t);
}

gboolean
mf_trace_delivered (const MfTrace *t)
{
  return t->delivered;
}

const char *
mf_trace_outcome (const MfTrace *t)
{
  return t->delivered ? "delivered" : t->returned ? "returned" : "in-flight";
}

const char *
mf_trace_ndr_code (const MfTrace *t)
{
  return t->returned && t->ndr_reason >= 0 ? mf_ndr_status_code ((MfNdrReason) t->ndr_reason)
                                           : NULL;
}

/* "Mon 10:30:00.000" for run time `us` (a later week is named, as the
 * report does). */
static char *
format_clock (const MfTopology *topo, gint64 us)
{
  static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  gint64 ms = (topo->org.start_us + us) / 1000;
  gint64 week = ms / (MF_US_PER_WEEK / 1000), in_week = ms % (MF_US_PER_WEEK / 1000);
  g_autofree char *later = week > 0 ? g_strdup_printf (" (week %" G_GINT64_FORMAT ")", week + 1)
                                    : g_strdup ("");

  return g_strdup_printf ("%s %02d:%02d:%02d.%03d%s", days[in_week / 86400000],
                          (int) (in_week % 86400000 / 3600000), (int) (in_week % 3600000 / 60000),
                          (int) (in_week % 60000 / 1000), (int) (in_week % 1000), later);
}

int
mf_trace_n_steps (const MfTrace *t)
{
  return (int) t->steps->len;
}

static const Step *
step_at (const MfTrace *t, int i)
{
  return g_ptr_array_index (t->steps, i);
}

gint64
mf_trace_step_time (const MfTrace *t, int i)
{
  return step_at (t, i)->time_us;
}

char *
mf_trace_step_clock (const MfTrace *t, int i)
{
  return format_clock (t->topo, step_at (t, i)->time_us);
}

int
mf_trace_step_event (const MfTrace *t, int i)
{
  return step_at (t, i)->event_id;
}

const char *
mf_trace_step_server (const MfTrace *t, int i)
{
  return t->topo->servers[step_at (t, i)->server].name;
}

int
mf_trace_step_connector (const MfTrace *t, int i)
{
  const Step *s = step_at (t, i);
  return s->route && s->route->n_connectors > 0 ? s->route->connectors[0] : -1;
}

gboolean
mf_trace_step_rejected_down (const MfTrace *t, int i, int connector)
{
  const Step *s = step_at (t, i);
  if (s->route == NULL || s->route->rejections == NULL)
    return FALSE;
  for (guint k = 0; k < s->route->rejections->len; k++)
    {
      const MfRejection *rj = &g_array_index (s->route->rejections, MfRejection, k);
      if (rj->connector == connector && rj->reason == MF_REJECT_DOWN)
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------- wording */

static const char *
event_name (int id)
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

static char *
partner_name (const MfTrace *t, const Step *s)
{
  switch (s->partner_kind)
    {
    case MF_PARTNER_SERVER:
      return g_strdup (t->topo->servers[s->partner].name);
    case MF_PARTNER_CONNECTOR:
      return g_strdup (t->topo->connectors[s->partner].name);
    case MF_PARTNER_DOMAIN:
      return g_strdup (s->partner_domain ? s->partner_domain : "the Internet");
    case MF_PARTNER_NONE:
    default:
      return NULL;
    }
}

static char *
recipient_text (const MfTrace *t, const Step *s)
{
  const MfTopology *topo = t->topo;
  if (s->recipient_server >= 0)
    return g_strdup_printf ("a mailbox on %s (routing group %s)",
                            topo->servers[s->recipient_server].name,
                            topo->routing_groups[topo->servers[s->recipient_server].routing_group].name);
  return g_strdup_printf ("an address in %s, outside the organisation", s->recipient_domain);
}

static const char *
ndr_reason_text (int reason)
{
  switch (reason)
    {
    case MF_NDR_EXPIRED: return "it was not delivered before `expiration`";
    case MF_NDR_HOP_COUNT: return "it passed more servers than `max-hop-count` allows (a routing loop?)";
    case MF_NDR_TOO_LARGE: return "no route admits a message of this size, or the next server refuses it at MAIL FROM";
    case MF_NDR_NO_ROUTE: return "no connector serves this destination at all";
    case MF_NDR_SIZE_LIMIT: return "it is over a sender or recipient size limit";
    case MF_NDR_DNS: return "the DNS lookup or the smart host failed";
    default: return "unknown";
    }
}

/* The plain-language sentence of a step. */
static char *
step_text (const MfTrace *t, const Step *s)
{
  const MfTopology *topo = t->topo;
  const char *here = topo->servers[s->server].name;
  g_autofree char *partner = partner_name (t, s);
  g_autofree char *rcpt = recipient_text (t, s);

  switch (s->event_id)
    {
    case 1027:
      return g_strdup ("A user's mail client submits the message; the store driver hands it to "
                       "the SMTP transport.");
    case 1019:
      if (s->client >= 0)
        return g_strdup_printf ("%s receives the message over SMTP from %s.", here,
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
                                "\"%s\").", s->partner_domain != NULL
                                && s->recipient_domain != NULL
                                && strcmp (s->partner_domain, s->recipient_domain) != 0
                                ? "through its smart host" : "looking up the domain's MX in DNS",
                                partner);
      if (s->partner_kind == MF_PARTNER_DOMAIN)
        return g_strdup_printf ("Queued in link queue \"%s\" for the SMTP connector %s, which "
                                "this server serves as a bridgehead.", partner,
                                topo->connectors[s->partner].name);
      return g_strdup_printf ("Queued in link queue \"%s\": this server is a bridgehead of "
                              "connector %s.", partner, partner);
    case 1035:
      return g_strdup ("No usable route: the message waits in \"Messages with an unreachable "
                       "destination\" and is routed again every `unreachable-retry` or when "
                       "the link-state view changes.");
    case 1020:
      if (s->partner_kind == MF_PARTNER_DOMAIN)
        return g_strdup_printf ("An SMTP session to the Internet (%s) starts the transfer.",
                                partner);
      return g_strdup_printf ("An SMTP session to %s starts the transfer.", partner);
    case 1031:
      if (s->partner_kind == MF_PARTNER_DOMAIN)
        return g_strdup_printf ("Transfer to %s complete: the message has left the "
                                "organisation.%s", partner, s->notice ? "" : " Delivered.");
      return g_strdup_printf ("Transfer to %s complete.", partner);
    case 1030:
      return g_strdup_printf ("The recipient is returned with a non-delivery report (%s): %s.",
                              s->ndr_reason >= 0 ? mf_ndr_status_code ((MfNdrReason) s->ndr_reason) : "?",
                              ndr_reason_text (s->ndr_reason));
    default:
      return g_strdup_printf ("Event %d.", s->event_id);
    }
}

static char *
format_offset (gint64 us)
{
  gint64 ms = us / 1000;
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d.%03d", ms / 3600000,
                          (int) (ms / 60000 % 60), (int) (ms / 1000 % 60), (int) (ms % 1000));
}

static void
print_route (const MfTrace *t, const Step *s, FILE *out)
{
  const MfTopology *topo = t->topo;
  const MfRoute *r = s->route;

  fprintf (out, "         routing with %s's own link-state view (digest %.12s…", 
           topo->servers[s->server].name, s->digest);
  if (s->down->len == 0)
    fprintf (out, ", every connector UP):\n");
  else
    {
      fprintf (out, ", DOWN:");
      for (guint i = 0; i < s->down->len; i++)
        fprintf (out, " %s", topo->connectors[g_array_index (s->down, int, i)].name);
      fprintf (out, "):\n");
    }
  if (!r->reachable)
    fprintf (out, "         no route from %s\n", topo->routing_groups[r->from].name);
  else
    {
      fprintf (out, "         lowest cost %d via", r->cost);
      for (int i = 0; i < r->n_connectors; i++)
        fprintf (out, "%s %s", i ? "," : "", topo->connectors[r->connectors[i]].name);
      fprintf (out, " (path");
      for (int i = 0; i < r->n_path; i++)
        fprintf (out, "%s%s", i ? " > " : " ", topo->routing_groups[r->path[i]].name);
      fprintf (out, "); %" G_GUINT64_FORMAT " equal-cost route%s%s\n", r->n_equal,
               r->n_equal == 1 ? "" : "s", r->n_equal > 1 ? ", one chosen at random" : "");
    }
  for (guint i = 0; r->rejections && i < r->rejections->len; i++)
    {
      const MfRejection *rj = &g_array_index (r->rejections, MfRejection, i);
      fprintf (out, "         not taken: %s: %s", topo->connectors[rj->connector].name,
               mf_reject_reason_name (rj->reason));
      if (rj->cost >= 0)
        fprintf (out, " (cost %d)", rj->cost);
      fputc ('\n', out);
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
  g_autofree char *at_clock = format_clock (topo, t->at_us);
  gint64 prev_us = t->at_us;

  fprintf (out, "Trace of one %s message from %s (routing group %s) to ", size,
           topo->servers[t->from].name,
           topo->routing_groups[topo->servers[t->from].routing_group].name);
  if (t->to_server >= 0)
    fprintf (out, "a mailbox on %s (routing group %s)", topo->servers[t->to_server].name,
             topo->routing_groups[topo->servers[t->to_server].routing_group].name);
  else
    fprintf (out, "%s", t->to_domain);
  fprintf (out, ", submitted %s (%s after the start), seed %" G_GUINT64_FORMAT "%s.\n"
           "Each step: its clock time, the time since submission, the delay since the "
           "previous step.\n", at_clock, at, t->seed,
           t->quiet ? ", quiet network (no other mail; the events still happen)" : "");

  for (guint i = 0; i < t->steps->len; i++)
    {
      const Step *s = g_ptr_array_index (t->steps, i);
      g_autofree char *when = format_offset (s->time_us - t->at_us);
      g_autofree char *clock = format_clock (topo, s->time_us);
      g_autofree char *delay = format_offset (s->time_us - prev_us);
      g_autofree char *text = step_text (t, s);
      if (s->server != last_server || s->notice != last_notice)
        fprintf (out, "\n%s%s (routing group %s)\n", s->notice ? "[report to the sender] " : "",
                 topo->servers[s->server].name,
                 topo->routing_groups[topo->servers[s->server].routing_group].name);
      last_server = s->server;
      last_notice = s->notice;
      fprintf (out, "  %s  %s  +%s  %d  %s\n", clock, when, delay, s->event_id, text);
      prev_us = s->time_us;
      if (s->route)
        print_route (t, s, out);
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

gboolean
mf_trace_print_json (const MfTrace *t, FILE *out, GError **error)
{
  const MfTopology *topo = t->topo;
  g_autoptr (MfJsonWriter) w = mf_json_writer_new (out);

  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "from");
  mf_json_writer_string (w, topo->servers[t->from].name);
  mf_json_writer_key (w, "to");
  mf_json_writer_string (w, t->to_server >= 0 ? topo->servers[t->to_server].name : t->to_domain);
  mf_json_writer_key (w, "at_us");
  mf_json_writer_int (w, t->at_us);
  mf_json_writer_key (w, "size");
  mf_json_writer_uint (w, t->size);
  mf_json_writer_key (w, "delivered");
  mf_json_writer_bool (w, t->delivered);
  mf_json_writer_key (w, "at_clock");
  {
    g_autofree char *at_clock = format_clock (topo, t->at_us);
    mf_json_writer_string (w, at_clock);
  }
  mf_json_writer_key (w, "seed");
  mf_json_writer_uint (w, t->seed);
  mf_json_writer_key (w, "quiet_network");
  mf_json_writer_bool (w, t->quiet);
  mf_json_writer_key (w, "outcome");
  mf_json_writer_string (w, mf_trace_outcome (t));
  mf_json_writer_key (w, "ndr_code");
  if (mf_trace_ndr_code (t))
    mf_json_writer_string (w, mf_trace_ndr_code (t));
  else
    mf_json_writer_null (w);
  mf_json_writer_key (w, "steps");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < t->steps->len; i++)
    {
      const Step *s = g_ptr_array_index (t->steps, i);
      g_autofree char *text = step_text (t, s);
      g_autofree char *partner = partner_name (t, s);
      g_autofree char *clock = format_clock (topo, s->time_us);
      const Step *prev = i > 0 ? g_ptr_array_index (t->steps, i - 1) : NULL;
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "time_us");
      mf_json_writer_int (w, s->time_us - t->at_us);
      mf_json_writer_key (w, "clock");
      mf_json_writer_string (w, clock);
      mf_json_writer_key (w, "delay_us");
      mf_json_writer_int (w, s->time_us - (prev ? prev->time_us : t->at_us));
      mf_json_writer_key (w, "server");
      mf_json_writer_string (w, topo->servers[s->server].name);
      mf_json_writer_key (w, "routing_group");
      mf_json_writer_string (w, topo->routing_groups[topo->servers[s->server].routing_group].name);
      mf_json_writer_key (w, "event_id");
      mf_json_writer_int (w, s->event_id);
      mf_json_writer_key (w, "event");
      mf_json_writer_string (w, event_name (s->event_id));
      mf_json_writer_key (w, "notice");
      mf_json_writer_bool (w, s->notice);
      mf_json_writer_key (w, "partner");
      if (partner)
        mf_json_writer_string (w, partner);
      else
        mf_json_writer_null (w);
      mf_json_writer_key (w, "text");
      mf_json_writer_string (w, text);
      if (s->route)
        {
          const MfRoute *r = s->route;
          mf_json_writer_key (w, "route");
          mf_json_writer_begin_object (w);
          mf_json_writer_key (w, "view_digest");
          mf_json_writer_string (w, s->digest);
          mf_json_writer_key (w, "connectors_down");
          mf_json_writer_begin_array (w);
          for (guint k = 0; k < s->down->len; k++)
            mf_json_writer_string (w, topo->connectors[g_array_index (s->down, int, k)].name);
          mf_json_writer_end_array (w);
          mf_json_writer_key (w, "cost");
          mf_json_writer_int (w, r->cost);
          mf_json_writer_key (w, "path");
          mf_json_writer_begin_array (w);
          for (int k = 0; k < r->n_path; k++)
            mf_json_writer_string (w, topo->routing_groups[r->path[k]].name);
          mf_json_writer_end_array (w);
          mf_json_writer_key (w, "connectors");
          mf_json_writer_begin_array (w);
          for (int k = 0; k < r->n_connectors; k++)
            mf_json_writer_string (w, topo->connectors[r->connectors[k]].name);
          mf_json_writer_end_array (w);
          mf_json_writer_key (w, "equal_cost_paths");
          mf_json_writer_uint (w, r->n_equal);
          mf_json_writer_key (w, "rejected");
          mf_json_writer_begin_array (w);
          for (guint k = 0; r->rejections && k < r->rejections->len; k++)
            {
              const MfRejection *rj = &g_array_index (r->rejections, MfRejection, k);
              mf_json_writer_begin_object (w);
              mf_json_writer_key (w, "connector");
              mf_json_writer_string (w, topo->connectors[rj->connector].name);
              mf_json_writer_key (w, "reason");
              mf_json_writer_string (w, mf_reject_reason_name (rj->reason));
              mf_json_writer_key (w, "cost");
              mf_json_writer_int (w, rj->cost);
              mf_json_writer_end_object (w);
            }
          mf_json_writer_end_array (w);
          mf_json_writer_end_object (w);
        }
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_end_object (w);
  return mf_json_writer_finish (w, error);
}
