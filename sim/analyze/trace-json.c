/* trace-json.c — `msgflow trace --json`: the steps of a trace, the
 * connectors' states and every server's view while the message travelled
 * (schema: docs/format.md §4.10).  New fields are added, none is
 * renamed or removed: scripts written for an older schema keep working.
 */
#define G_LOG_DOMAIN "msgflow-trace"

#include "analyze/trace-private.h"
#include "base/json-writer.h"

#include <string.h>

static void
key_string (MfJsonWriter *w, const char *key, const char *value)
{
  mf_json_writer_key (w, key);
  if (value != NULL)
    mf_json_writer_string (w, value);
  else
    mf_json_writer_null (w);
}

static void
key_int (MfJsonWriter *w, const char *key, gint64 value)
{
  mf_json_writer_key (w, key);
  mf_json_writer_int (w, value);
}

static void
key_clock (MfJsonWriter *w, const MfTrace *t, const char *key, gint64 us)
{
  g_autofree char *clock = mf_trace_format_clock (t->topo, us);
  key_string (w, key, clock);
}

static void
connector_names (MfJsonWriter *w, const MfTopology *topo, const GArray *ids)
{
  mf_json_writer_begin_array (w);
  for (guint k = 0; k < ids->len; k++)
    mf_json_writer_string (w, topo->connectors[g_array_index (ids, int, k)].name);
  mf_json_writer_end_array (w);
}

static void
server_names (MfJsonWriter *w, const MfTopology *topo, const GArray *ids)
{
  mf_json_writer_begin_array (w);
  for (guint k = 0; ids != NULL && k < ids->len; k++)
    mf_json_writer_string (w, topo->servers[g_array_index (ids, int, k)].name);
  mf_json_writer_end_array (w);
}

static void
write_route (MfJsonWriter *w, const MfTrace *t, const TraceStep *s)
{
  const TraceView *view = mf_trace_view_at (t, s->server, s->time_us);
  const MfTopology *topo = t->topo;
  const MfRoute *r = s->route;
  g_autoptr (GArray) cands = mf_trace_candidates (t, s);

  mf_json_writer_key (w, "route");
  mf_json_writer_begin_object (w);
  key_string (w, "view_digest", s->digest);
  mf_json_writer_key (w, "connectors_down");
  connector_names (w, topo, s->down);
  mf_json_writer_key (w, "servers_down");
  server_names (w, topo, view ? view->servers_down : NULL);
  key_int (w, "cost", r->cost);
  mf_json_writer_key (w, "path");
  mf_json_writer_begin_array (w);
  for (guint k = 0; k < s->path->len; k++)
    mf_json_writer_string (w, topo->routing_groups[g_array_index (s->path, int, k)].name);
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "connectors");
  connector_names (w, topo, s->path_connectors);
  mf_json_writer_key (w, "equal_cost_paths");
  mf_json_writer_uint (w, r->n_equal);
  mf_json_writer_key (w, "rejected");
  mf_json_writer_begin_array (w);
  for (guint k = 0; r->rejections && k < r->rejections->len; k++)
    {
      const MfRejection *rj = &g_array_index (r->rejections, MfRejection, k);
      mf_json_writer_begin_object (w);
      key_string (w, "connector", topo->connectors[rj->connector].name);
      key_string (w, "reason", mf_reject_reason_name (rj->reason));
      key_int (w, "cost", rj->cost);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "versions");
  mf_json_writer_begin_array (w);
  for (int g = 0; g < topo->n_routing_groups; g++)
    {
      mf_json_writer_begin_object (w);
      key_string (w, "routing_group", topo->routing_groups[g].name);
      key_int (w, "major", s->versions[g].major);
      key_int (w, "minor", s->versions[g].minor);
      key_int (w, "user", s->versions[g].user);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "candidates");
  mf_json_writer_begin_array (w);
  for (guint k = 0; k < cands->len; k++)
    {
      const TraceCandidate *c = &g_array_index (cands, TraceCandidate, k);
      const MfConnector *x = &topo->connectors[c->connector];
      mf_json_writer_begin_object (w);
      key_string (w, "connector", x->name);
      key_string (w, "to", x->to >= 0 ? topo->routing_groups[x->to].name : NULL);
      key_int (w, "cost", c->cost);
      mf_json_writer_key (w, "chosen");
      mf_json_writer_bool (w, c->chosen);
      mf_json_writer_key (w, "equal_cost");
      mf_json_writer_bool (w, c->equal);
      key_string (w, "reason",
                  c->reason >= 0 ? mf_reject_reason_name ((MfRejectReason) c->reason) : NULL);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_end_object (w);
}

/* What only some kinds of steps have. */
static void
write_details (MfJsonWriter *w, const MfTrace *t, const TraceStep *s)
{
  const MfTopology *topo = t->topo;

  if (s->link != NULL)
    key_string (w, "link_queue", s->link);
  if (s->connector >= 0)
    key_string (w, "connector", topo->connectors[s->connector].name);
  if (strcmp (s->kind, "queue") == 0 && s->event_id == 0)
    {
      key_int (w, "ahead", s->ahead);
      key_string (w, "link_state", mf_link_queue_state_name ((MfLinkQueueState) s->link_state));
    }
  if (strcmp (s->kind, "connect-failed") == 0)
    {
      key_string (w, "why", s->why);
      key_int (w, "failures", s->failures);
    }
  if (strcmp (s->kind, "wait") == 0)
    {
      key_string (w, "wait", mf_trace_wait_name (s->wait));
      if (s->until_us >= 0)
        {
          key_int (w, "until_us", s->until_us - t->at_us);
          key_clock (w, t, "until_clock", s->until_us);
        }
      else
        {
          key_string (w, "until_us", NULL);
          key_string (w, "until_clock", NULL);
        }
      mf_json_writer_key (w, "reported_down");
      mf_json_writer_bool (w, s->reported_down);
    }
  if (strcmp (s->kind, "session") == 0 || strcmp (s->kind, "digest") == 0)
    {
      key_string (w, "remote", s->remote >= 0 ? topo->servers[s->remote].name : NULL);
      mf_json_writer_key (w, "session");
      mf_json_writer_uint (w, s->session);
      key_clock (w, t, "opened_clock", s->opened_us);
    }
  if (strcmp (s->kind, "session") == 0)
    key_int (w, "message_in_session", s->message_in_session);
  if (strcmp (s->kind, "digest") == 0)
    {
      key_string (w, "digest", s->ehlo->sender_digest);
      key_string (w, "remote_digest", s->ehlo->receiver_digest);
      mf_json_writer_key (w, "exchanged");
      mf_json_writer_bool (w, s->ehlo->differed);
    }
  if (s->event >= 0)
    {
      const MfTopoEvent *e = &topo->events[s->event];
      static const char *const actions[] = { "down", "up", "cost", "stop-smtp", "start-smtp",
                                             "master" };
      key_string (w, "event_name", e->name);
      key_string (w, "action", s->action >= 0 && s->action < (int) G_N_ELEMENTS (actions)
                                   ? actions[s->action] : NULL);
    }
  if (s->learned != NULL)
    {
      const MfLinkChange *ch = &g_array_index (t->link_changes, MfLinkChange, s->change);
      mf_json_writer_key (w, "up");
      mf_json_writer_bool (w, ch->up);
      key_int (w, "cost", ch->cost);
      key_string (w, "reported_by",
                  ch->origin_server >= 0 ? topo->servers[ch->origin_server].name : NULL);
      mf_json_writer_key (w, "learned");
      mf_json_writer_begin_array (w);
      for (guint k = 0; k < s->learned->len; k++)
        {
          const TraceLearned *l = &g_array_index (s->learned, TraceLearned, k);
          mf_json_writer_begin_object (w);
          key_string (w, "server", topo->servers[l->server].name);
          key_int (w, "time_us", l->time_us - t->at_us);
          key_clock (w, t, "clock", l->time_us);
          mf_json_writer_end_object (w);
        }
      mf_json_writer_end_array (w);
    }
}

static void
write_step (MfJsonWriter *w, const MfTrace *t, int i)
{
  const MfTopology *topo = t->topo;
  const TraceStep *s = trace_step (t, i);
  const TraceStep *prev = i > 0 ? trace_step (t, i - 1) : NULL;
  g_autofree char *text = mf_trace_step_text (t, i);

  mf_json_writer_begin_object (w);
  key_int (w, "time_us", s->time_us - t->at_us);
  key_clock (w, t, "clock", s->time_us);
  key_int (w, "delay_us", s->time_us - (prev ? prev->time_us : t->at_us));
  key_string (w, "kind", s->kind);
  key_string (w, "server", topo->servers[s->server].name);
  key_string (w, "routing_group", topo->routing_groups[topo->servers[s->server].routing_group].name);
  mf_json_writer_key (w, "event_id");
  if (s->event_id > 0)
    mf_json_writer_int (w, s->event_id);
  else
    mf_json_writer_null (w);
  key_string (w, "event", s->event_id > 0 ? mf_trace_event_name (s->event_id) : NULL);
  mf_json_writer_key (w, "notice");
  mf_json_writer_bool (w, s->notice);
  if (s->event_id > 0)
    {
      const char *partner = s->partner_kind == MF_PARTNER_SERVER ? topo->servers[s->partner].name
                            : s->partner_kind == MF_PARTNER_CONNECTOR
                                ? topo->connectors[s->partner].name
                            : s->partner_kind == MF_PARTNER_DOMAIN
                                ? (s->partner_domain ? s->partner_domain : "the Internet")
                                : NULL;
      key_string (w, "partner", partner);
    }
  else
    key_string (w, "partner", NULL);
  key_string (w, "text", text);
  write_details (w, t, s);
  if (s->route)
    write_route (w, t, s);
  mf_json_writer_end_object (w);
}

/* Every connector's state as its group's master has it: at submission,
 * then each change while the message travelled. */
static void
write_connector_states (MfJsonWriter *w, const MfTrace *t)
{
  const MfTopology *topo = t->topo;

  mf_json_writer_key (w, "connector_states");
  mf_json_writer_begin_array (w);
  for (int c = 0; c < topo->n_connectors; c++)
    {
      gboolean up = TRUE;
      for (guint k = 0; k < t->link_changes->len; k++)
        {
          const MfLinkChange *ch = &g_array_index (t->link_changes, MfLinkChange, k);
          if (ch->connector == c && ch->time_us <= t->at_us)
            up = ch->up;
        }
      mf_json_writer_begin_object (w);
      key_string (w, "connector", topo->connectors[c].name);
      mf_json_writer_key (w, "up_at_submission");
      mf_json_writer_bool (w, up);
      mf_json_writer_key (w, "changes");
      mf_json_writer_begin_array (w);
      for (guint k = 0; k < t->link_changes->len; k++)
        {
          const MfLinkChange *ch = &g_array_index (t->link_changes, MfLinkChange, k);
          if (ch->connector != c || ch->time_us <= t->at_us || ch->time_us > t->end_us
              || ch->major)
            continue;
          mf_json_writer_begin_object (w);
          key_int (w, "time_us", ch->time_us - t->at_us);
          key_clock (w, t, "clock", ch->time_us);
          mf_json_writer_key (w, "up");
          mf_json_writer_bool (w, ch->up);
          mf_json_writer_end_object (w);
        }
      mf_json_writer_end_array (w);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
}

static void
write_server_views (MfJsonWriter *w, const MfTrace *t)
{
  const MfTopology *topo = t->topo;

  mf_json_writer_key (w, "server_views");
  mf_json_writer_begin_array (w);
  for (guint i = 0; t->views != NULL && i < t->views->len; i++)
    {
      GPtrArray *views = g_ptr_array_index (t->views, i);
      mf_json_writer_begin_object (w);
      key_string (w, "server", topo->servers[i].name);
      key_string (w, "routing_group", topo->routing_groups[topo->servers[i].routing_group].name);
      mf_json_writer_key (w, "views");
      mf_json_writer_begin_array (w);
      for (guint k = 0; k < views->len; k++)
        {
          const TraceView *v = g_ptr_array_index (views, k);
          /* Several changes taken at one moment: the last view of it. */
          if (k + 1 < views->len
              && ((const TraceView *) g_ptr_array_index (views, k + 1))->time_us == v->time_us)
            continue;
          mf_json_writer_begin_object (w);
          key_int (w, "time_us", v->time_us - t->at_us);
          key_clock (w, t, "clock", v->time_us);
          mf_json_writer_key (w, "connectors_down");
          connector_names (w, topo, v->down);
          mf_json_writer_key (w, "servers_down");
          server_names (w, topo, v->servers_down);
          key_string (w, "digest", v->digest);
          mf_json_writer_end_object (w);
        }
      mf_json_writer_end_array (w);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
}

gboolean
mf_trace_print_json (const MfTrace *t, FILE *out, GError **error)
{
  const MfTopology *topo = t->topo;
  g_autoptr (MfJsonWriter) w = mf_json_writer_new (out);

  mf_json_writer_begin_object (w);
  key_string (w, "from", topo->servers[t->from].name);
  key_string (w, "to", t->to_server >= 0 ? topo->servers[t->to_server].name : t->to_domain);
  key_int (w, "at_us", t->at_us);
  mf_json_writer_key (w, "size");
  mf_json_writer_uint (w, t->size);
  mf_json_writer_key (w, "delivered");
  mf_json_writer_bool (w, t->delivered);
  key_clock (w, t, "at_clock", t->at_us);
  mf_json_writer_key (w, "seed");
  mf_json_writer_uint (w, t->seed);
  mf_json_writer_key (w, "quiet_network");
  mf_json_writer_bool (w, t->quiet);
  key_string (w, "outcome", mf_trace_outcome (t));
  key_string (w, "ndr_code", mf_trace_ndr_code (t));
  key_string (w, "message_id", t->message_id);
  mf_json_writer_key (w, "steps");
  mf_json_writer_begin_array (w);
  for (int i = 0; i < (int) t->steps->len; i++)
    write_step (w, t, i);
  mf_json_writer_end_array (w);
  write_connector_states (w, t);
  write_server_views (w, t);
  mf_json_writer_end_object (w);
  return mf_json_writer_finish (w, error);
}
