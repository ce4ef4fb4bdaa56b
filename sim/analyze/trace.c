/* trace.c — one message's journey, collected from a run (see trace.h).
 *
 * The simulator runs the file as usual (or only its events) and injects
 * the message at `--at`.  Two sinks listen: the tracking sink collects the
 * message's records (and those of the notices about it) and stops the run
 * once the message is delivered or its NDR is home; the observation sink
 * (observe.h) collects what a tracking log does not show — the link queue
 * it waits in, connection attempts, glitch, retry and schedule waits, the
 * session that carries it with its X-LINK2STATE digest comparison, and
 * every server's view.  After the run, the link-state changes made while
 * the message travelled become steps with the time each server learned
 * them.  A routing step is explained with mf_route (MF_ROUTE_EXPLAIN) on
 * the deciding server's own view at that moment, so what the trace says is
 * what the simulator did.
 */
#define G_LOG_DOMAIN "msgflow-trace"

#include "analyze/trace-private.h"
#include "transport/tracking.h"

#include <string.h>

static void
step_free (gpointer p)
{
  TraceStep *s = p;
  g_free (s->partner_domain);
  g_free (s->recipient_domain);
  if (s->route)
    mf_route_free (s->route);
  g_free (s->digest);
  if (s->down)
    g_array_unref (s->down);
  g_free (s->versions);
  if (s->path)
    g_array_unref (s->path);
  if (s->path_connectors)
    g_array_unref (s->path_connectors);
  g_free (s->link);
  g_free (s->why);
  if (s->learned)
    g_array_unref (s->learned);
  g_free (s);
}

static void
ehlo_free (gpointer p)
{
  TraceEhlo *e = p;
  if (e == NULL)
    return;
  g_free (e->sender_digest);
  g_free (e->receiver_digest);
  g_free (e);
}

static void
view_free (gpointer p)
{
  TraceView *v = p;
  g_free (v->digest);
  g_array_unref (v->down);
  g_array_unref (v->servers_down);
  g_free (v);
}

void
mf_trace_free (MfTrace *t)
{
  if (t == NULL)
    return;
  mf_router_free (t->router);
  g_free (t->to_domain);
  g_free (t->message_id);
  g_ptr_array_unref (t->steps);
  g_hash_table_unref (t->ehlos);
  ehlo_free (t->instant_ehlo);
  if (t->views)
    g_ptr_array_unref (t->views);
  if (t->link_changes)
    g_array_unref (t->link_changes);
  if (t->link_learned)
    g_array_unref (t->link_learned);
  g_clear_error (&t->error);
  g_free (t);
}

static TraceStep *
step_new (MfTrace *t, const char *kind, gint64 time_us, int server)
{
  TraceStep *s = g_new0 (TraceStep, 1);
  s->kind = kind;
  s->time_us = time_us;
  s->server = server;
  s->partner = -1;
  s->client = -1;
  s->ndr_reason = -1;
  s->recipient_server = -1;
  s->connector = -1;
  s->remote = -1;
  s->change = -1;
  s->event = -1;
  s->taken = -1;
  g_ptr_array_add (t->steps, s);
  return s;
}

static GArray *
down_connectors (const MfTopology *topo, const MfLinkState *view)
{
  GArray *down = g_array_new (FALSE, FALSE, sizeof (int));
  for (int c = 0; c < topo->n_connectors; c++)
    if (!mf_link_state_is_up (view, c))
      g_array_append_val (down, c);
  return down;
}

/* The path the message takes: the route shown, or with equal-cost routes
 * the one through the connector the simulator picked, whose rest is the
 * route from that connector's far group (the same cost: it is tied). */
static void
taken_path (MfTrace *t, TraceStep *s, const MfLinkState *view, int rg,
            const MfDestination *dest, guint64 size)
{
  const MfRoute *r = s->route;
  const MfConnector *c;

  s->path = g_array_new (FALSE, FALSE, sizeof (int));
  s->path_connectors = g_array_new (FALSE, FALSE, sizeof (int));
  if (!r->reachable || r->n_connectors == 0 || s->taken < 0 || s->taken == r->connectors[0])
    {
      g_array_append_vals (s->path, r->path, (guint) r->n_path);
      g_array_append_vals (s->path_connectors, r->connectors, (guint) r->n_connectors);
      if (s->taken < 0 && r->reachable && r->n_connectors > 0)
        s->taken = r->connectors[0];
      return;
    }
  c = &t->topo->connectors[s->taken];
  g_array_append_val (s->path, rg);
  g_array_append_val (s->path_connectors, s->taken);
  if (c->to >= 0)
    {
      g_autoptr (MfRoute) rest = mf_route (t->router, view, c->to, dest, size, MF_ROUTE_DEFAULT,
                                           t->error ? NULL : &t->error);
      if (rest != NULL && rest->reachable)
        {
          g_array_append_vals (s->path, rest->path, (guint) rest->n_path);
          g_array_append_vals (s->path_connectors, rest->connectors, (guint) rest->n_connectors);
        }
    }
}

/* Explain the routing decision a server just made. */
static void
explain_route (MfTrace *t, TraceStep *s, const MfTrackingRecord *r)
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
  s->down = down_connectors (topo, r->view);
  s->versions = g_new (MfLinkVersion, (gsize) topo->n_routing_groups);
  for (int g = 0; g < topo->n_routing_groups; g++)
    s->versions[g] = mf_link_state_get_version (r->view, g);
  if (s->route != NULL)
    taken_path (t, s, r->view, rg, &dest, r->size_bytes);
}

/* The kind of a tracking record's step. */
static const char *
record_kind (const MfTrackingRecord *r)
{
  switch (r->event_id)
    {
    case 1027: case 1025: return "submit";
    case 1019: return r->client_server >= 0 ? "receive" : r->is_notice ? "dsn" : "submit";
    case 1024: case 1033: return "categorize";
    case 1036: return "queue";
    case 1034: case 1035: return "route";
    case 1020: case 1031: return "transfer";
    case 1028: return "deliver";
    case 1030: return "ndr";
    default: return "event";
    }
}

/* The connector of the last session step at @server, for its transfer. */
static int
session_connector (const MfTrace *t, int server)
{
  for (guint i = t->steps->len; i-- > 0;)
    {
      const TraceStep *s = g_ptr_array_index (t->steps, i);
      if (s->server == server && strcmp (s->kind, "session") == 0)
        return s->connector;
    }
  return -1;
}

/* An NDR right after the categorizer: routing found no route (one after a
 * link queue is the next server's refusal). */
static gboolean
routed_to_ndr (const MfTrace *t, const MfTrackingRecord *r)
{
  if (r->is_notice || r->event_id != 1030 || t->steps->len < 2)
    return FALSE;
  for (guint i = t->steps->len - 1; i-- > 0;)
    {
      const TraceStep *p = g_ptr_array_index (t->steps, i);
      if (p->server != r->server)
        continue;
      return p->event_id == 1033;
    }
  return FALSE;
}

static void
collect (const MfTrackingRecord *r, gpointer user_data)
{
  MfTrace *t = user_data;
  TraceStep *s;

  if (!r->injected)
    return;
  s = step_new (t, record_kind (r), r->time_us, r->server);
  s->event_id = r->event_id;
  s->notice = r->is_notice;
  s->partner_kind = r->partner_kind;
  s->partner = r->partner;
  s->partner_domain = g_strdup (r->partner_domain);
  s->client = r->client_server;
  s->ndr_reason = r->ndr_reason;
  s->recipient_server = r->recipient_server;
  s->recipient_domain = g_strdup (r->recipient_domain);
  s->size = r->size_bytes;
  s->n_recipients = r->n_recipients;
  s->msg_id = r->msg_id;
  t->end_us = r->time_us;
  if (!r->is_notice && t->msg_id == 0)
    t->msg_id = r->msg_id;
  if (r->event_id == 1020 || r->event_id == 1031)
    s->connector = session_connector (t, r->server);
  if (!r->is_notice && r->event_id == 1034 && t->routed_server == r->server
      && t->routed_us == r->time_us)
    s->taken = t->routed_connector;
  if (!r->is_notice && (r->event_id == 1034 || r->event_id == 1035 || routed_to_ndr (t, r)))
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
}

static void
add_view (MfTrace *t, int server, gint64 time_us, const MfLinkState *view,
          const gboolean *servers_down)
{
  TraceView *v = g_new0 (TraceView, 1);
  v->time_us = time_us;
  v->digest = mf_link_state_digest (view);
  v->down = down_connectors (t->topo, view);
  v->servers_down = g_array_new (FALSE, FALSE, sizeof (int));
  for (int i = 0; i < t->topo->n_servers; i++)
    if (servers_down[i])
      g_array_append_val (v->servers_down, i);
  g_ptr_array_add (g_ptr_array_index (t->views, server), v);
}

static void
observe_session (MfTrace *t, const MfObservation *o)
{
  const TraceEhlo *ehlo = NULL;
  TraceStep *s;

  if (o->session > 0)
    {
      ehlo = g_hash_table_lookup (t->ehlos, &o->session);
      if (ehlo == NULL && o->ehlo != 0)
        {
          /* Opened before the message was submitted: the result of its
           * comparison is known, the digests then are not. */
          TraceEhlo *e = g_new0 (TraceEhlo, 1);
          guint64 *key = g_new (guint64, 1);
          e->time_us = o->opened_us;
          e->sender = o->server;
          e->receiver = o->remote;
          e->connector = o->connector;
          e->differed = o->ehlo == 2;
          *key = o->session;
          g_hash_table_replace (t->ehlos, key, e);
          ehlo = e;
        }
    }
  else if (t->instant_ehlo != NULL && t->instant_ehlo->time_us == o->time_us
           && t->instant_ehlo->sender == o->server && t->instant_ehlo->receiver == o->remote)
    ehlo = t->instant_ehlo;
  if (ehlo != NULL)
    {
      s = step_new (t, "digest", o->time_us, o->server);
      s->ehlo = ehlo;
      s->remote = o->remote;
      s->connector = o->connector;
      s->session = o->session;
      s->opened_us = o->opened_us;
    }
  s = step_new (t, "session", o->time_us, o->server);
  s->link = g_strdup (o->link);
  s->connector = o->connector;
  s->remote = o->remote;
  s->session = o->session;
  s->opened_us = o->opened_us;
  s->message_in_session = o->message_in_session;
  s->ehlo = ehlo;
}

static void
observe (const MfObservation *o, gpointer user_data)
{
  MfTrace *t = user_data;
  TraceStep *s;

  switch (o->kind)
    {
    case MF_OBS_SUBMITTED:
      t->next_change = o->change;
      t->views = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      for (int i = 0; i < o->n_views; i++)
        {
          g_ptr_array_add (t->views, g_ptr_array_new_with_free_func (view_free));
          add_view (t, i, o->time_us, o->views[i], o->all_servers_down[i]);
        }
      return;
    case MF_OBS_VIEW:
      if (t->views == NULL || t->done)
        return;
      add_view (t, o->server, o->time_us, o->view, o->servers_down);
      /* A change is taken first by the master that makes it: that is the
       * moment it is made, before what it causes (reroutes). */
      if (o->change >= t->next_change)
        {
          s = step_new (t, "link-state", o->time_us, o->server);
          s->change = o->change;
          t->next_change = o->change + 1;
        }
      return;
    case MF_OBS_EHLO:
      {
        TraceEhlo *e = g_new0 (TraceEhlo, 1);
        e->time_us = o->time_us;
        e->sender = o->server;
        e->receiver = o->remote;
        e->connector = o->connector;
        e->differed = o->differed;
        e->sender_digest = mf_link_state_digest (o->view);
        e->receiver_digest = mf_link_state_digest (o->remote_view);
        if (o->session == 0)
          {
            ehlo_free (t->instant_ehlo);
            t->instant_ehlo = e;
          }
        else
          {
            guint64 *key = g_new (guint64, 1);
            *key = o->session;
            g_hash_table_replace (t->ehlos, key, e);
          }
        return;
      }
    case MF_OBS_SESSION:
      observe_session (t, o);
      return;
    case MF_OBS_EVENT:
      if (t->done)
        return;
      /* Shown where the message is (a server's own event: that server). */
      s = step_new (t, "event", o->time_us,
                    o->server >= 0 ? o->server
                    : t->steps->len > 0 ? trace_step (t, (int) t->steps->len - 1)->server
                                        : t->from);
      s->event = o->event;
      s->action = o->action;
      s->connector = o->connector;
      return;
    case MF_OBS_ROUTED:
      t->routed_server = o->server;
      t->routed_connector = o->connector;
      t->routed_us = o->time_us;
      return;
    case MF_OBS_HELD:
      s = step_new (t, "wait", o->time_us, o->server);
      s->wait = MF_WAIT_ROUTES;
      s->until_us = -1;
      return;
    case MF_OBS_QUEUED:
    case MF_OBS_ATTEMPT:
    case MF_OBS_WAIT:
    default:
      break;
    }
  s = step_new (t, o->kind == MF_OBS_QUEUED ? "queue"
                   : o->kind == MF_OBS_WAIT  ? "wait"
                   : o->ok                   ? "connect"
                                             : "connect-failed",
                o->time_us, o->server);
  s->link = g_strdup (o->link);
  s->connector = o->connector;
  s->ahead = o->ahead;
  s->link_state = o->link_state;
  s->why = g_strdup (o->why);
  s->failures = o->failures;
  s->wait = o->wait;
  s->until_us = o->until_us;
  s->reported_down = o->reported_down;
}

/* Who learned each link-state change the trace shows, and when. */
static void
fill_learned (MfTrace *t)
{
  for (guint i = 0; i < t->steps->len; i++)
    {
      TraceStep *s = g_ptr_array_index (t->steps, i);
      if (s->change < 0)
        continue;
      s->connector = g_array_index (t->link_changes, MfLinkChange, s->change).connector;
      s->learned = g_array_new (FALSE, FALSE, sizeof (TraceLearned));
      for (guint k = 0; k < t->link_learned->len; k++)
        {
          const MfLinkLearned *l = &g_array_index (t->link_learned, MfLinkLearned, k);
          TraceLearned tl = { l->server, l->time_us };
          if (l->change == s->change)
            g_array_append_val (s->learned, tl);
        }
    }
}

MfTrace *
mf_trace_run (const MfTopology *topo, int from_server, int to_server, const char *to_domain,
              gint64 at_us, guint64 size_bytes, GError **error)
{
  MfTraceOptions o = { .seed = topo->org.seed, .quiet_network = FALSE };
  return mf_trace_run_full (topo, from_server, to_server, to_domain, at_us, size_bytes, &o, error);
}

/* Both sinks: the trace's, and the tracking log's when asked for. */
typedef struct {
  MfTrace *trace;
  MfTrackingLog *log;
} Sinks;

static void
track_both (const MfTrackingRecord *r, gpointer user_data)
{
  Sinks *sinks = user_data;
  if (sinks->log != NULL)
    mf_tracking_log_record (r, sinks->log);
  collect (r, sinks->trace);
}

G_DEFINE_QUARK (mf-trace-error-quark, mf_trace_error)

/* o.poll: the caller's checks, then its interrupt flag, which stops the
 * run through t->done (the one flag the engine reads). */
static void
poll_interrupt (gpointer data)
{
  MfTrace *t = data;
  const MfTraceOptions *options = t->options;

  if (options->poll != NULL)
    options->poll (options->poll_data);
  if (options->interrupt != NULL && *options->interrupt && !t->done)
    {
      t->interrupted = TRUE;
      t->done = TRUE;
    }
}

MfTrace *
mf_trace_run_full (const MfTopology *topo, int from_server, int to_server, const char *to_domain,
                   gint64 at_us, guint64 size_bytes, const MfTraceOptions *options, GError **error)
{
  g_autoptr (MfTrace) t = g_new0 (MfTrace, 1);
  g_autoptr (MfRunResult) result = NULL;
  /* Declared before the log, which writes into it: freed after it. */
  g_autoptr (MfResultDir) tracking_rd = NULL;
  g_autoptr (MfTrackingLog) log = NULL;
  MfInjection in = { 0 };
  MfRunOptions o = { 0 };
  Sinks sinks = { t, NULL };

  g_return_val_if_fail (from_server >= 0 && from_server < topo->n_servers, NULL);
  g_return_val_if_fail ((to_server >= 0) != (to_domain != NULL), NULL);
  t->topo = topo;
  t->from = from_server;
  t->to_server = to_server;
  t->to_domain = g_strdup (to_domain);
  t->at_us = at_us;
  t->end_us = at_us;
  t->size = size_bytes;
  t->seed = options->seed;
  t->quiet = options->quiet_network;
  t->ndr_reason = -1;
  t->routed_server = -1;
  t->steps = g_ptr_array_new_with_free_func (step_free);
  t->ehlos = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, ehlo_free);
  t->router = mf_router_new (topo, error);
  if (t->router == NULL)
    return NULL;
  if (options->tracking_dir != NULL)
    {
      /* In place: the logs of a trace go beside whatever DIR holds. */
      tracking_rd = mf_result_dir_new_in_place (options->tracking_dir, error);
      if (tracking_rd == NULL)
        return NULL;
      log = mf_tracking_log_new (tracking_rd, topo, options->seed, error);
      if (log == NULL)
        return NULL;
      sinks.log = log;
    }

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
  t->options = options;
  o.poll = poll_interrupt;
  o.poll_data = t;
  o.inject = &in;
  o.track = track_both;
  o.track_data = &sinks;
  o.observe = observe;
  o.observe_data = t;
  result = mf_transport_run (topo, &o, error);
  t->options = NULL;
  if (result == NULL)
    return NULL;
  if (t->interrupted)
    {
      /* The partial tracking files go with the log. */
      g_set_error_literal (error, MF_TRACE_ERROR, MF_TRACE_ERROR_STOPPED,
                           "stopped before the message's journey was followed to its end");
      return NULL;
    }
  if (log != NULL && !mf_tracking_log_finish (log, error))
    return NULL;
  if (t->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&t->error));
      return NULL;
    }
  t->link_changes = g_array_ref (result->link_changes);
  t->link_learned = g_array_ref (result->link_learned);
  fill_learned (t);
  if (t->msg_id != 0)
    t->message_id = mf_tracking_message_id (topo, options->seed, t->msg_id, from_server);
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

/* A later week is named, as the report does. */
char *
mf_trace_format_clock (const MfTopology *topo, gint64 us)
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

gint64
mf_trace_step_time (const MfTrace *t, int i)
{
  return trace_step (t, i)->time_us;
}

char *
mf_trace_step_clock (const MfTrace *t, int i)
{
  return mf_trace_format_clock (t->topo, trace_step (t, i)->time_us);
}

int
mf_trace_step_event (const MfTrace *t, int i)
{
  return trace_step (t, i)->event_id;
}

const char *
mf_trace_step_server (const MfTrace *t, int i)
{
  return t->topo->servers[trace_step (t, i)->server].name;
}

int
mf_trace_step_connector (const MfTrace *t, int i)
{
  const TraceStep *s = trace_step (t, i);
  return s->route && s->route->reachable ? s->taken : -1;
}

const TraceView *
mf_trace_view_at (const MfTrace *t, int server, gint64 time_us)
{
  const TraceView *found = NULL;
  GPtrArray *views;

  if (t->views == NULL)
    return NULL;
  views = g_ptr_array_index (t->views, server);
  for (guint k = 0; k < views->len; k++)
    {
      const TraceView *v = g_ptr_array_index (views, k);
      if (v->time_us > time_us)
        break;
      found = v;
    }
  return found;
}

gboolean
mf_trace_step_rejected_down (const MfTrace *t, int i, int connector)
{
  const TraceStep *s = trace_step (t, i);
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

const char *
mf_trace_step_kind (const MfTrace *t, int i)
{
  return trace_step (t, i)->kind;
}

const char *
mf_trace_message_id (const MfTrace *t)
{
  return t->message_id;
}
