/* summary-json.c — summary.json (summary-json.h).
 *
 * Written through the streaming writer in its indented style, the layout
 * summary.json has always had.  Counts are integers (capped at G_MAXINT64,
 * which JSON readers hold exactly); measured doubles are rounded to
 * MF_OUTPUT_DIGITS and null when they do not exist (no delivery, hence no
 * latency), never NaN; times are microseconds / 1e6, whose shortest text
 * is the exact decimal.  Whole doubles keep a ".0", so readers see a double.
 */
#include "transport/summary-json.h"

#include <math.h>

#include "base/json-writer.h"
#include "transport/output-figures.h"

static void
add_int (MfJsonWriter *w, const char *name, guint64 v)
{
  mf_json_writer_key (w, name);
  mf_json_writer_int (w, (gint64) MIN (v, (guint64) G_MAXINT64));
}

/* A measured double, rounded; null when it does not exist (NaN). */
static void
add_double (MfJsonWriter *w, const char *name, double v)
{
  mf_json_writer_key (w, name);
  mf_json_writer_double (w, mf_output_round (v));
}

static double
seconds (gint64 us)
{
  return (double) us / (double) MF_US_PER_SECOND;
}

static void
add_seconds (MfJsonWriter *w, const char *name, gint64 us)
{
  mf_json_writer_key (w, name);
  mf_json_writer_double (w, seconds (us));
}

static void
add_string (MfJsonWriter *w, const char *name, const char *v)
{
  mf_json_writer_key (w, name);
  mf_json_writer_string (w, v);
}

static void
add_bool (MfJsonWriter *w, const char *name, gboolean v)
{
  mf_json_writer_key (w, name);
  mf_json_writer_bool (w, v);
}

static void
add_counts (MfJsonWriter *w, const char *name, const MfCounts *c)
{
  mf_json_writer_key (w, name);
  mf_json_writer_begin_object (w);
  add_int (w, "generated", c->generated);
  add_int (w, "delivered", c->delivered);
  add_int (w, "ndr", c->ndr);
  add_int (w, "in_flight", c->in_flight);
  mf_json_writer_end_object (w);
}

static void
add_latency (MfJsonWriter *w, const MfRunResult *r)
{
  gboolean any = mf_tally_count (&r->latency_s) > 0;

  mf_json_writer_key (w, "latency_s");
  mf_json_writer_begin_object (w);
  add_double (w, "mean", any ? mf_tally_mean (&r->latency_s) : NAN);
  add_double (w, "p50", any ? mf_histogram_percentile (r->latency_hist, 50.0) : NAN);
  add_double (w, "p95", any ? mf_histogram_percentile (r->latency_hist, 95.0) : NAN);
  add_double (w, "p99", any ? mf_histogram_percentile (r->latency_hist, 99.0) : NAN);
  add_double (w, "max", any ? mf_tally_max (&r->latency_s) : NAN);
  mf_json_writer_end_object (w);
}

static void
add_replications (MfJsonWriter *w, const MfRepSummary *reps)
{
  mf_json_writer_key (w, "replications");
  mf_json_writer_begin_object (w);
  add_int (w, "count", reps->count);
  add_int (w, "requested", reps->requested);
  add_double (w, "wall_s", reps->wall_s);
  mf_json_writer_key (w, "figures");
  mf_json_writer_begin_object (w);
  for (int f = 0; f < MF_REP_N_FIGURES; f++)
    {
      MfInterval ci = mf_rep_summary_interval (reps, (MfRepFigure) f);
      mf_json_writer_key (w, mf_rep_figure_name ((MfRepFigure) f));
      mf_json_writer_begin_object (w);
      add_double (w, "mean", ci.mean);
      add_double (w, "ci95_half_width", ci.half_width);
      /* Each replication's own value, in replication order: what `compare`
       * tests two runs' figures with (Welch's t-test). */
      mf_json_writer_key (w, "values");
      mf_json_writer_begin_array (w);
      for (guint i = 0; i < reps->values[f]->len; i++)
        mf_json_writer_double (w, mf_output_round (g_array_index (reps->values[f], double, i)));
      mf_json_writer_end_array (w);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_object (w);
  mf_json_writer_end_object (w);
}

/* "ndr_by_code": every code msgflow writes, zeros included, sorted; the
 * counts are recipients (by_reason is indexed by MfNdrReason). */
static void
add_ndr_by_code (MfJsonWriter *w, const guint64 *by_reason)
{
  mf_json_writer_key (w, "ndr_by_code");
  mf_json_writer_begin_object (w);
  for (int k = 0; k < MF_NDR_N_REASONS; k++)
    {
      MfNdrReason reason = mf_ndr_reason_by_code_rank (k);
      add_int (w, mf_ndr_status_code (reason), by_reason[reason]);
    }
  mf_json_writer_end_object (w);
}

static void
add_flows (MfJsonWriter *w, const MfTopology *topo, const MfRunResult *r)
{
  mf_json_writer_key (w, "flows");
  mf_json_writer_begin_array (w);
  for (int f = 0; f < r->n_flows; f++)
    {
      mf_json_writer_begin_object (w);
      add_string (w, "name", topo->flows[f].name);
      add_int (w, "generated", r->flow_generated[f]);
      add_double (w, "latency_mean_s", mf_tally_mean (&r->flow_latency_s[f]));
      {
        /* Percentiles from the flow's own histogram: null when nothing was delivered. */
        gboolean any = mf_tally_count (&r->flow_latency_s[f]) > 0;
        const MfHistogram *h = r->flow_latency_hist[f];
        add_double (w, "latency_p50_s", any ? mf_histogram_percentile (h, 50.0) : NAN);
        add_double (w, "latency_p95_s", any ? mf_histogram_percentile (h, 95.0) : NAN);
        add_double (w, "latency_p99_s", any ? mf_histogram_percentile (h, 99.0) : NAN);
      }
      add_ndr_by_code (w, &r->flow_ndr_by_reason[(gsize) f * MF_NDR_N_REASONS]);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
}

static void
add_connectors (MfJsonWriter *w, const MfTopology *topo, const MfRunResult *r)
{
  mf_json_writer_key (w, "connectors");
  mf_json_writer_begin_array (w);
  for (int c = 0; c < r->n_connectors; c++)
    {
      const MfConnectorStats *cs = &r->connectors[c];
      mf_json_writer_begin_object (w);
      add_string (w, "name", topo->connectors[c].name);
      add_int (w, "messages", cs->messages);
      add_int (w, "bytes", cs->bytes);
      add_double (w, "utilization", mf_output_utilization (r, c));
      add_int (w, "state_changes", cs->state_changes);
      add_bool (w, "up_at_end", cs->up_at_end);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
}

static void
add_queues (MfJsonWriter *w, const MfTopology *topo, const MfRunResult *r)
{
  g_autofree int *order = mf_output_queue_order (r);

  mf_json_writer_key (w, "queues");
  mf_json_writer_begin_array (w);
  for (int i = 0; i < r->n_queues; i++)
    {
      const MfQueueStats *q = mf_output_queue_at (r, order[i]);
      mf_json_writer_begin_object (w);
      add_string (w, "server", mf_output_server_name (topo, q->server));
      add_string (w, "queue", q->name);
      add_int (w, "max_length", q->max_length);
      add_double (w, "mean_length", mf_output_queue_mean_length (r, order[i]));
      add_int (w, "final_length", q->final_length);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
}

/**
 * mf_output_summary_json:
 * @topo: (transfer none): the topology the run used, for names
 * @result: (transfer none): the run (replication 0 when replicated)
 * @reps: (nullable) (transfer none): intervals over replications
 *
 * Returns: (transfer full): summary.json, indented, newline-ended.
 *   "complete" is false when the run, or any replication asked for, was
 *   interrupted.  O(connectors + queues log queues + flows).
 */
/* The configured [event]s as the report draws them: what, on what, from
 * when to when (end_s null: no automatic reversal).  Configuration only:
 * no measured figures yet. */
static const char *
event_action_name (MfAction a)
{
  switch (a)
    {
    case MF_ACTION_DOWN: return "down";
    case MF_ACTION_UP: return "up";
    case MF_ACTION_COST: return "cost";
    case MF_ACTION_STOP_SMTP: return "stop-smtp";
    case MF_ACTION_START_SMTP: return "start-smtp";
    case MF_ACTION_MASTER: return "master";
    }
  return "?";
}

static const char *
event_target_name (const MfTopology *topo, const MfTopoEvent *e)
{
  switch (e->target_kind)
    {
    case MF_TARGET_SERVER: return topo->servers[e->target].name;
    case MF_TARGET_CONNECTOR: return topo->connectors[e->target].name;
    case MF_TARGET_DOMAIN: return topo->domains[e->target].name;
    case MF_TARGET_ROUTING_GROUP: return topo->routing_groups[e->target].name;
    }
  return "?";
}

/* p99 of @h; NaN (null) when it holds nothing. */
static double
p99_or_nan (const MfHistogram *h)
{
  return h != NULL && mf_histogram_count (h) > 0 ? mf_histogram_percentile (h, 99.0) : NAN;
}

/* Every [event] with its window and what it did (transport.h,
 * MfEventImpact), then the baseline its latency is compared with. */
static void
add_scheduled_events (MfJsonWriter *w, const MfTopology *topo, const MfRunResult *r)
{
  double baseline_p99 = p99_or_nan (r->baseline_latency_hist);

  mf_json_writer_key (w, "scheduled_events");
  mf_json_writer_begin_array (w);
  for (int i = 0; i < topo->n_events; i++)
    {
      const MfTopoEvent *e = &topo->events[i];
      const MfEventImpact *ev = i < r->n_event_impacts ? &r->event_impacts[i] : NULL;
      mf_json_writer_begin_object (w);
      add_string (w, "name", e->name);
      add_string (w, "action", event_action_name (e->action));
      add_string (w, "target", event_target_name (topo, e));
      add_seconds (w, "start_s", e->at_us);
      mf_json_writer_key (w, "end_s");
      if (e->duration_us > 0)
        mf_json_writer_double (w, seconds (e->at_us + e->duration_us));
      else
        mf_json_writer_null (w);
      if (ev != NULL)
        {
          double p99 = p99_or_nan (ev->latency_hist);
          add_seconds (w, "window_end_s", ev->end_us);
          add_int (w, "messages", ev->messages);
          add_int (w, "rerouted_messages", ev->rerouted);
          add_int (w, "ndr_recipients", ev->ndr_recipients);
          add_int (w, "delivered_recipients", mf_histogram_count (ev->latency_hist));
          add_double (w, "latency_p99_s", p99);
          add_double (w, "latency_p99_change_s", p99 - baseline_p99);
        }
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "event_baseline");
  mf_json_writer_begin_object (w);
  add_int (w, "delivered_recipients",
           r->baseline_latency_hist != NULL ? mf_histogram_count (r->baseline_latency_hist) : 0);
  add_double (w, "latency_p99_s", baseline_p99);
  mf_json_writer_end_object (w);
}

char *
mf_output_summary_json (const MfTopology *topo, const MfRunResult *result,
                        const MfRepSummary *reps)
{
  return mf_output_summary_json_full (topo, result, reps, NULL);
}

/**
 * mf_output_summary_json_full:
 * @manifest: (nullable) (element-type MfManifestEntry): every other file
 *   of the result, for the "manifest" member (last); NULL: none
 *
 * mf_output_summary_json() with the result's manifest.
 */
char *
mf_output_summary_json_full (const MfTopology *topo, const MfRunResult *result,
                             const MfRepSummary *reps, const GPtrArray *manifest)
{
  g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();
  const MfRunResult *r = result;

  g_return_val_if_fail (topo != NULL && result != NULL, NULL);
  g_return_val_if_fail (r->n_connectors == topo->n_connectors, NULL);
  g_return_val_if_fail (r->n_flows == topo->n_flows, NULL);

  mf_json_writer_set_indented (w, TRUE);
  mf_json_writer_begin_object (w);
  add_string (w, "organization", topo->org.name);
  add_string (w, "topology", topo->path);
  add_int (w, "seed", r->seed);
  add_int (w, "replication", r->replication);
  add_bool (w, "complete", r->complete && (reps == NULL || reps->count == reps->requested));
  mf_json_writer_key (w, "stopped");
  if (r->stopped != NULL)
    mf_json_writer_string (w, r->stopped);
  else
    mf_json_writer_null (w);

  add_counts (w, "messages", &r->messages);
  add_counts (w, "recipients", &r->recipients);
  add_counts (w, "dsn_messages", &r->dsn_messages);
  add_int (w, "delay_dsns", r->delay_dsns);
  mf_json_writer_key (w, "ndr_by_reason");
  mf_json_writer_begin_object (w);
  for (int i = 0; i < MF_NDR_N_REASONS; i++)
    add_int (w, mf_ndr_reason_name ((MfNdrReason) i), r->ndr_by_reason[i]);
  mf_json_writer_end_object (w);
  add_ndr_by_code (w, r->ndr_by_reason);
  add_latency (w, r);

  add_int (w, "events", r->events);
  add_seconds (w, "sim_time_s", r->sim_time_us);
  add_seconds (w, "warmup_s", r->warmup_us);
  add_double (w, "wall_s", r->wall_s);
  add_double (w, "events_per_s", r->wall_s > 0 ? (double) r->events / r->wall_s : NAN);
  add_double (w, "sim_seconds_per_wall_second",
              r->wall_s > 0 ? seconds (r->sim_time_us) / r->wall_s : NAN);

  add_flows (w, topo, r);
  add_connectors (w, topo, r);
  add_queues (w, topo, r);

  mf_json_writer_key (w, "link_state");
  mf_json_writer_begin_object (w);
  add_int (w, "changes", r->link_changes->len);
  add_seconds (w, "convergence_s", r->convergence_us);
  add_int (w, "master_changes", r->master_changes != NULL ? r->master_changes->len : 0);
  add_int (w, "digest_exchanges", r->digest_exchanges);
  mf_json_writer_end_object (w);
  add_scheduled_events (w, topo, r);

  if (reps != NULL)
    add_replications (w, reps);
  if (manifest != NULL)
    mf_output_manifest_json (w, manifest);
  mf_json_writer_end_object (w);
  return mf_json_writer_finish_text (w);
}

/**
 * mf_output_manifest_json:
 * @manifest: (element-type MfManifestEntry): the files of the result
 *
 * Writes "manifest": [{"name", "size", "sha256"}, ...] into the open
 * object of @w, in the order of @manifest (sorted by name).
 */
void
mf_output_manifest_json (MfJsonWriter *w, const GPtrArray *manifest)
{
  mf_json_writer_key (w, "manifest");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < manifest->len; i++)
    {
      const MfManifestEntry *e = g_ptr_array_index (manifest, i);
      mf_json_writer_begin_object (w);
      add_string (w, "name", e->name);
      add_int (w, "size", e->size);
      add_string (w, "sha256", e->sha256);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
}
