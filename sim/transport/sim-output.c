/* sim-output.c — summary.json and the CSV files of a run (sim-output.h).
 *
 * Stability: every list is in a fixed order (connectors and flows by id,
 * queues by server, kind and name, samples as the run recorded them, link
 * state by change then learning time), and numbers never go through the
 * locale.  Doubles are rounded to OUTPUT_DIGITS significant digits and
 * printed in the shortest form that reads back to the same value; times
 * are exact decimals of the integer microseconds.  JSON that cannot hold a
 * figure (no delivery, hence no latency) gets null, never NaN.
 *
 * json-glib 1.6 prints doubles with "%.17g" (0.1 becomes
 * 0.10000000000000001, and 1e-20 the invalid "1e-20.0"), so the generated
 * text is passed once through a small lexer that reprints each fractional
 * number token in its shortest exact form.  The tree itself is json-glib's.
 */
#define G_LOG_DOMAIN "msgflow-output"

#include "transport/sim-output.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "base/csv.h"
#include "base/number-format.h"

/* Significant digits kept for measured doubles: far more than the
 * statistical precision of any simulated figure. */
#define OUTPUT_DIGITS 6

const char *const mf_output_file_names[] = {
  "summary.json", "queues.csv", "connectors.csv", "counts.csv",
  "link-state.csv", "latency-histogram.csv", "queue-stats.csv", "qshape.csv", NULL,
};

G_DEFINE_QUARK (mf-output-error-quark, mf_output_error)

/* ------------------------------------------------------------ numbers */

/* A measured double, rounded to OUTPUT_DIGITS significant digits. */
static double
round_digits (double x)
{
  return mf_number_round_significant (x, OUTPUT_DIGITS);
}

/* A measured double for CSV: rounded, shortest; "inf"/"nan" if not finite. */
static void
append_double (GString *s, double x)
{
  mf_csv_append_double (s, round_digits (x));
}

static double
seconds (gint64 us)
{
  return (double) us / (double) MF_US_PER_SECOND;
}

/* ------------------------------------------------------------ names */

static const char *
server_name (const MfTopology *topo, int id)
{
  if (id < 0)
    return "";
  g_assert (id < topo->n_servers);
  return topo->servers[id].name;
}

static const char *
connector_name (const MfTopology *topo, int id)
{
  if (id < 0)
    return "";
  g_assert (id < topo->n_connectors);
  return topo->connectors[id].name;
}

static const char *
routing_group_name (const MfTopology *topo, int id)
{
  if (id < 0)
    return "";
  g_assert (id < topo->n_routing_groups);
  return topo->routing_groups[id].name;
}

static const MfQueueStats *
queue_at (const MfRunResult *result, int id)
{
  g_assert (id >= 0 && id < result->n_queues);
  return &result->queues[id];
}

/* ------------------------------------------------------------ figures */

/**
 * mf_output_utilization:
 * @connector: connector id
 *
 * Returns: the share of the observed time (after the warm-up) in which the
 *   connector carried at least one transfer, busy_us / (sim_time_us −
 *   warmup_us), clamped to 0..1; 0 when no time was observed.
 */
double
mf_output_utilization (const MfRunResult *result, int connector)
{
  g_return_val_if_fail (result != NULL, 0.0);
  g_return_val_if_fail (connector >= 0 && connector < result->n_connectors, 0.0);

  gint64 span = result->sim_time_us - result->warmup_us;
  if (span <= 0)
    return 0.0;
  return CLAMP ((double) result->connectors[connector].busy_us / (double) span, 0.0, 1.0);
}

/**
 * mf_output_queue_mean_length:
 *
 * Returns: the time-weighted mean length of queue @queue over the observed
 *   time; the transport brings every queue up to the end of the run, so
 *   the covered mean is the mean up to sim_time_us.
 */
double
mf_output_queue_mean_length (const MfRunResult *result, int queue)
{
  g_return_val_if_fail (result != NULL, 0.0);
  g_return_val_if_fail (queue >= 0 && queue < result->n_queues, 0.0);
  return mf_time_avg_covered_mean (&result->queues[queue].length);
}

/** mf_output_max_queue_length: Returns: the longest any queue was.  O(queues). */
guint64
mf_output_max_queue_length (const MfRunResult *result)
{
  guint64 max = 0;

  g_return_val_if_fail (result != NULL, 0);
  for (int i = 0; i < result->n_queues; i++)
    max = MAX (max, result->queues[i].max_length);
  return max;
}

/* Passes the const result through g_qsort_with_data's gpointer. */
typedef struct {
  const MfRunResult *result;
} QueueOrder;

static gint
compare_queues (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const MfRunResult *result = ((const QueueOrder *) user_data)->result;
  int ia = *(const int *) a, ib = *(const int *) b;
  const MfQueueStats *qa = &result->queues[ia], *qb = &result->queues[ib];

  if (qa->server != qb->server)
    return qa->server < qb->server ? -1 : 1;
  if (qa->kind != qb->kind)
    return qa->kind < qb->kind ? -1 : 1;
  int c = strcmp (qa->name, qb->name);
  if (c != 0)
    return c;
  return (ia > ib) - (ia < ib);
}

/**
 * mf_output_queue_order:
 *
 * Returns: (transfer full): the queue indices sorted by (server id, kind,
 *   name), so the output does not depend on the order queues were first
 *   used in.  O(Q log Q).
 */
int *
mf_output_queue_order (const MfRunResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  QueueOrder ctx = { result };
  int *order = g_new (int, (gsize) result->n_queues + 1);
  for (int i = 0; i < result->n_queues; i++)
    order[i] = i;
  g_qsort_with_data (order, result->n_queues, sizeof (int), compare_queues, &ctx);
  return order;
}

/* ------------------------------------------------------------ replications */

static const char *const rep_figure_names[MF_REP_N_FIGURES] = {
  "latency_mean_s", "latency_p95_s", "delivered_recipients", "ndr_recipients",
  "max_queue_length",
};

/** mf_rep_figure_name: Returns: the figure's key in summary.json. */
const char *
mf_rep_figure_name (MfRepFigure figure)
{
  g_return_val_if_fail (figure < MF_REP_N_FIGURES, NULL);
  return rep_figure_names[figure];
}

/**
 * mf_rep_summary_new:
 * @requested: the number of replications asked for
 *
 * Returns: (transfer full): an empty summary; free with mf_rep_summary_free().
 */
MfRepSummary *
mf_rep_summary_new (guint requested)
{
  MfRepSummary *reps = g_new0 (MfRepSummary, 1);

  reps->requested = requested;
  for (int f = 0; f < MF_REP_N_FIGURES; f++)
    reps->values[f] = g_array_new (FALSE, FALSE, sizeof (double));
  return reps;
}

void
mf_rep_summary_free (MfRepSummary *reps)
{
  if (reps == NULL)
    return;
  for (int f = 0; f < MF_REP_N_FIGURES; f++)
    g_array_unref (reps->values[f]);
  g_free (reps);
}

/**
 * mf_rep_summary_add:
 * @result: (transfer none): one replication that ran to its end
 *
 * Records the replication's key figures.  A figure that does not exist
 * (the latency of a run that delivered nothing) is recorded as NaN, which
 * makes its interval NaN (null in JSON): dropping the run would bias the
 * mean.  O(queues).
 */
void
mf_rep_summary_add (MfRepSummary *reps, const MfRunResult *result)
{
  double v[MF_REP_N_FIGURES];

  g_return_if_fail (reps != NULL && result != NULL);
  v[MF_REP_LATENCY_MEAN_S] = mf_tally_mean (&result->latency_s);
  v[MF_REP_LATENCY_P95_S] = mf_histogram_percentile (result->latency_hist, 95.0);
  v[MF_REP_DELIVERED_RECIPIENTS] = (double) result->recipients.delivered;
  v[MF_REP_NDR_RECIPIENTS] = (double) result->recipients.ndr;
  v[MF_REP_MAX_QUEUE_LENGTH] = (double) mf_output_max_queue_length (result);
  for (int f = 0; f < MF_REP_N_FIGURES; f++)
    g_array_append_val (reps->values[f], v[f]);
  reps->count++;
}

/** mf_rep_summary_interval: Returns: the 95% Student-t interval of @figure. */
MfInterval
mf_rep_summary_interval (const MfRepSummary *reps, MfRepFigure figure)
{
  const GArray *a = reps->values[figure];
  return mf_interval_from_values ((const double *) (const void *) a->data, a->len, 0.95);
}

/* ------------------------------------------------------------ summary.json */

static void
add_int (JsonBuilder *b, const char *name, guint64 v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, (gint64) MIN (v, (guint64) G_MAXINT64));
}

/* A measured double, rounded; null when it does not exist (NaN). */
static void
add_double (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, round_digits (v));
  else
    json_builder_add_null_value (b);
}

/* Exact seconds (the shortest text of us / 1e6 is the exact decimal). */
static void
add_seconds (JsonBuilder *b, const char *name, gint64 us)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, seconds (us));
}

static void
add_string (JsonBuilder *b, const char *name, const char *v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, v);
}

static void
add_counts (JsonBuilder *b, const char *name, const MfCounts *c)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_int (b, "generated", c->generated);
  add_int (b, "delivered", c->delivered);
  add_int (b, "ndr", c->ndr);
  add_int (b, "in_flight", c->in_flight);
  json_builder_end_object (b);
}

static void
add_latency (JsonBuilder *b, const MfRunResult *r)
{
  gboolean any = mf_tally_count (&r->latency_s) > 0;

  json_builder_set_member_name (b, "latency_s");
  json_builder_begin_object (b);
  add_double (b, "mean", any ? mf_tally_mean (&r->latency_s) : NAN);
  add_double (b, "p50", any ? mf_histogram_percentile (r->latency_hist, 50.0) : NAN);
  add_double (b, "p95", any ? mf_histogram_percentile (r->latency_hist, 95.0) : NAN);
  add_double (b, "p99", any ? mf_histogram_percentile (r->latency_hist, 99.0) : NAN);
  add_double (b, "max", any ? mf_tally_max (&r->latency_s) : NAN);
  json_builder_end_object (b);
}

static void
add_replications (JsonBuilder *b, const MfRepSummary *reps)
{
  json_builder_set_member_name (b, "replications");
  json_builder_begin_object (b);
  add_int (b, "count", reps->count);
  add_int (b, "requested", reps->requested);
  add_double (b, "wall_s", reps->wall_s);
  json_builder_set_member_name (b, "figures");
  json_builder_begin_object (b);
  for (int f = 0; f < MF_REP_N_FIGURES; f++)
    {
      MfInterval ci = mf_rep_summary_interval (reps, (MfRepFigure) f);
      json_builder_set_member_name (b, rep_figure_names[f]);
      json_builder_begin_object (b);
      add_double (b, "mean", ci.mean);
      add_double (b, "ci95_half_width", ci.half_width);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* Reprint every fractional number token of generated JSON in its shortest
 * exact form, keeping a ".0" on whole doubles so that their type survives.
 * Strings are copied untouched (a name may look like a number). */
static char *
tidy_json_numbers (const char *json)
{
  GString *out = g_string_sized_new (strlen (json));
  const char *p = json;

  while (*p)
    {
      if (*p == '"')
        {
          g_string_append_c (out, *p++);
          while (*p && *p != '"')
            {
              if (*p == '\\' && p[1])
                g_string_append_c (out, *p++);
              g_string_append_c (out, *p++);
            }
          if (*p)
            g_string_append_c (out, *p++);
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *q = p;
          gboolean fractional = FALSE;
          for (; *q && strchr ("+-0123456789.eE", *q); q++)
            if (*q == '.' || *q == 'e' || *q == 'E')
              fractional = TRUE;
          if (fractional)
            {
              char buf[MF_NUMBER_BUF];
              mf_number_format_shortest (buf, g_ascii_strtod (p, NULL));
              g_string_append (out, buf);
              if (strpbrk (buf, ".e") == NULL)
                g_string_append (out, ".0");
            }
          else
            g_string_append_len (out, p, q - p);
          p = q;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/**
 * mf_output_summary_json:
 * @topo: (transfer none): the topology the run used, for names
 * @result: (transfer none): the run (replication 0 when replicated)
 * @reps: (nullable) (transfer none): intervals over replications
 *
 * Returns: (transfer full): summary.json, pretty-printed, newline-ended.
 *   "complete" is false when the run, or any replication asked for, was
 *   interrupted.  O(connectors + queues log queues + flows).
 */
char *
mf_output_summary_json (const MfTopology *topo, const MfRunResult *result,
                        const MfRepSummary *reps)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree int *order = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tidy = NULL;
  const MfRunResult *r = result;

  g_return_val_if_fail (topo != NULL && result != NULL, NULL);
  g_return_val_if_fail (r->n_connectors == topo->n_connectors, NULL);
  g_return_val_if_fail (r->n_flows == topo->n_flows, NULL);

  json_builder_begin_object (b);
  add_string (b, "organization", topo->org.name);
  add_string (b, "topology", topo->path);
  add_int (b, "seed", r->seed);
  add_int (b, "replication", r->replication);
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, r->complete && (reps == NULL || reps->count == reps->requested));

  add_counts (b, "messages", &r->messages);
  add_counts (b, "recipients", &r->recipients);
  add_counts (b, "dsn_messages", &r->dsn_messages);
  add_int (b, "delay_dsns", r->delay_dsns);
  json_builder_set_member_name (b, "ndr_by_reason");
  json_builder_begin_object (b);
  for (int i = 0; i < MF_NDR_N_REASONS; i++)
    add_int (b, mf_ndr_reason_name ((MfNdrReason) i), r->ndr_by_reason[i]);
  json_builder_end_object (b);
  add_latency (b, r);

  add_int (b, "events", r->events);
  add_seconds (b, "sim_time_s", r->sim_time_us);
  add_seconds (b, "warmup_s", r->warmup_us);
  add_double (b, "wall_s", r->wall_s);
  add_double (b, "events_per_s", r->wall_s > 0 ? (double) r->events / r->wall_s : NAN);
  add_double (b, "sim_seconds_per_wall_second",
              r->wall_s > 0 ? seconds (r->sim_time_us) / r->wall_s : NAN);

  json_builder_set_member_name (b, "flows");
  json_builder_begin_array (b);
  for (int f = 0; f < r->n_flows; f++)
    {
      json_builder_begin_object (b);
      add_string (b, "name", topo->flows[f].name);
      add_int (b, "generated", r->flow_generated[f]);
      add_double (b, "latency_mean_s", mf_tally_mean (&r->flow_latency_s[f]));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "connectors");
  json_builder_begin_array (b);
  for (int c = 0; c < r->n_connectors; c++)
    {
      const MfConnectorStats *cs = &r->connectors[c];
      json_builder_begin_object (b);
      add_string (b, "name", topo->connectors[c].name);
      add_int (b, "messages", cs->messages);
      add_int (b, "bytes", cs->bytes);
      add_double (b, "utilization", mf_output_utilization (r, c));
      add_int (b, "state_changes", cs->state_changes);
      json_builder_set_member_name (b, "up_at_end");
      json_builder_add_boolean_value (b, cs->up_at_end);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  order = mf_output_queue_order (r);
  json_builder_set_member_name (b, "queues");
  json_builder_begin_array (b);
  for (int i = 0; i < r->n_queues; i++)
    {
      const MfQueueStats *q = queue_at (r, order[i]);
      json_builder_begin_object (b);
      add_string (b, "server", server_name (topo, q->server));
      add_string (b, "queue", q->name);
      add_int (b, "max_length", q->max_length);
      add_double (b, "mean_length", mf_output_queue_mean_length (r, order[i]));
      add_int (b, "final_length", q->final_length);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "link_state");
  json_builder_begin_object (b);
  add_int (b, "changes", r->link_changes->len);
  add_seconds (b, "convergence_s", r->convergence_us);
  json_builder_end_object (b);

  if (reps != NULL)
    add_replications (b, reps);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  tidy = tidy_json_numbers (text);
  return g_strconcat (tidy, "\n", NULL);
}

/* ------------------------------------------------------------ CSV files */

/** mf_output_queues_csv: Returns: (transfer full): time_s,server,queue,length. */
char *
mf_output_queues_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new ("time_s,server,queue,length\n");

  for (guint i = 0; i < result->queue_samples->len; i++)
    {
      const MfQueueSample *qs = &g_array_index (result->queue_samples, MfQueueSample, i);
      const MfQueueStats *q = queue_at (result, qs->queue);
      mf_number_append_seconds_us (s, qs->time_us);
      g_string_append_c (s, ',');
      mf_csv_append_field (s, server_name (topo, q->server));
      g_string_append_c (s, ',');
      mf_csv_append_field (s, q->name);
      g_string_append_printf (s, ",%" G_GUINT32_FORMAT "\n", qs->length);
    }
  return g_string_free (s, FALSE);
}

/**
 * mf_output_connectors_csv:
 *
 * Returns: (transfer full): time_s,connector,messages,bytes,utilization per
 *   sample interval; utilization is busy time over the interval, which
 *   ends at time_s and starts at the connector's previous sample (or 0).
 */
char *
mf_output_connectors_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new ("time_s,connector,messages,bytes,utilization\n");
  g_autofree gint64 *prev_us = g_new0 (gint64, (gsize) result->n_connectors + 1);

  for (guint i = 0; i < result->connector_samples->len; i++)
    {
      const MfConnectorSample *cs = &g_array_index (result->connector_samples, MfConnectorSample, i);
      g_assert (cs->connector >= 0 && cs->connector < result->n_connectors);
      gint64 interval_us = cs->time_us - prev_us[cs->connector];
      double u = interval_us > 0 ? CLAMP ((double) cs->busy_us / (double) interval_us, 0.0, 1.0) : 0.0;

      prev_us[cs->connector] = cs->time_us;
      mf_number_append_seconds_us (s, cs->time_us);
      g_string_append_c (s, ',');
      mf_csv_append_field (s, connector_name (topo, cs->connector));
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, cs->messages);
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, cs->bytes);
      g_string_append_c (s, ',');
      append_double (s, u);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/** mf_output_counts_csv: Returns: (transfer full): recipients, cumulative. */
char *
mf_output_counts_csv (const MfRunResult *result)
{
  GString *s = g_string_new ("time_s,generated,delivered,ndr,in_flight\n");

  for (guint i = 0; i < result->counts_samples->len; i++)
    {
      const MfCountsSample *cs = &g_array_index (result->counts_samples, MfCountsSample, i);
      mf_number_append_seconds_us (s, cs->time_us);
      g_string_append_printf (s, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                              ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                              cs->recipients.generated, cs->recipients.delivered,
                              cs->recipients.ndr, cs->recipients.in_flight);
    }
  return g_string_free (s, FALSE);
}

static gint
compare_changes (gconstpointer a, gconstpointer b, gpointer unused G_GNUC_UNUSED)
{
  const MfLinkChange *x = a, *y = b;
  if (x->change != y->change)
    return x->change < y->change ? -1 : 1;
  return (x->time_us > y->time_us) - (x->time_us < y->time_us);
}

static gint
compare_learned (gconstpointer a, gconstpointer b, gpointer unused G_GNUC_UNUSED)
{
  const MfLinkLearned *x = a, *y = b;
  if (x->change != y->change)
    return x->change < y->change ? -1 : 1;
  if (x->time_us != y->time_us)
    return x->time_us < y->time_us ? -1 : 1;
  return (x->server > y->server) - (x->server < y->server);
}

static void
append_link_row (GString *s, const MfTopology *topo, const MfLinkChange *c,
                 const MfLinkLearned *l)
{
  g_string_append_printf (s, "%d,", c->change);
  mf_number_append_seconds_us (s, c->time_us);
  g_string_append_c (s, ',');
  mf_csv_append_field (s, connector_name (topo, c->connector));
  g_string_append_printf (s, ",%s,%d,%s,", c->up ? "up" : "down", c->cost,
                          c->major ? "major" : "minor");
  mf_csv_append_field (s, routing_group_name (topo, c->routing_group));
  g_string_append_printf (s, ",%" G_GUINT32_FORMAT ",", c->version);
  mf_csv_append_field (s, server_name (topo, c->origin_server));
  g_string_append_c (s, ',');
  if (l != NULL)
    {
      mf_csv_append_field (s, server_name (topo, l->server));
      g_string_append_c (s, ',');
      mf_number_append_seconds_us (s, l->time_us);
    }
  else
    g_string_append_c (s, ',');
  g_string_append_c (s, '\n');
}

/**
 * mf_output_link_state_csv:
 *
 * Returns: (transfer full): one row per (change, server that learned it),
 *   by change, then learning time, then server id; a change nobody learned
 *   gets one row with server and learned_time_s empty.  O(N log N).
 */
char *
mf_output_link_state_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new ("change,time_s,connector,state,cost,kind,routing_group,version,"
                             "origin_server,server,learned_time_s\n");
  guint nc = result->link_changes->len, nl = result->link_learned->len;
  g_autofree MfLinkChange *changes = g_new (MfLinkChange, (gsize) nc + 1);
  g_autofree MfLinkLearned *learned = g_new (MfLinkLearned, (gsize) nl + 1);
  guint l = 0;

  if (nc > 0)
    memcpy (changes, result->link_changes->data, nc * sizeof *changes);
  if (nl > 0)
    memcpy (learned, result->link_learned->data, nl * sizeof *learned);
  g_qsort_with_data (changes, (gint) nc, sizeof *changes, compare_changes, NULL);
  g_qsort_with_data (learned, (gint) nl, sizeof *learned, compare_learned, NULL);
  for (guint c = 0; c < nc; c++)
    {
      gboolean any = FALSE;
      while (l < nl && learned[l].change < changes[c].change)
        l++; /* learned a change that is not recorded: skip */
      while (l < nl && learned[l].change == changes[c].change)
        {
          append_link_row (s, topo, &changes[c], &learned[l++]);
          any = TRUE;
        }
      if (!any)
        append_link_row (s, topo, &changes[c], NULL);
    }
  return g_string_free (s, FALSE);
}

static void
append_bucket (double low, double high, guint64 count, gpointer user_data)
{
  GString *s = user_data;

  append_double (s, low);
  g_string_append_c (s, ',');
  append_double (s, high);
  g_string_append_printf (s, ",%" G_GUINT64_FORMAT "\n", count);
}

static gint
compare_qshape_rows (gconstpointer a, gconstpointer b)
{
  const MfQshapeRow *x = a, *y = b;
  if (x->queue != y->queue)
    return x->queue < y->queue ? -1 : 1;
  return (x->bucket > y->bucket) - (x->bucket < y->bucket);
}

/** mf_output_latency_histogram_csv: Returns: (transfer full): non-empty buckets. */
char *
mf_output_latency_histogram_csv (const MfRunResult *result)
{
  GString *s = g_string_new ("low_s,high_s,count\n");

  mf_histogram_foreach_bucket (result->latency_hist, append_bucket, s);
  return g_string_free (s, FALSE);
}

/** mf_output_qshape_csv: Returns: (transfer full): messages and recipients
 * held at the end of the run, by server, queue and age bucket (minutes since
 * submission; age_high_min is empty for the open last bucket), non-empty
 * rows only, queues in the order of queue-stats.csv. */
char *
mf_output_qshape_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new ("server,queue,age_low_min,age_high_min,messages,recipients\n");
  g_autofree int *order = mf_output_queue_order (result);
  g_autofree int *rank = g_new (int, (gsize) result->n_queues + 1);
  g_autoptr (GArray) rows = result->qshape ? g_array_copy (result->qshape)
                                           : g_array_new (FALSE, FALSE, sizeof (MfQshapeRow));

  for (int i = 0; i < result->n_queues; i++)
    rank[order[i]] = i;
  for (guint i = 0; i < rows->len; i++)
    g_array_index (rows, MfQshapeRow, i).queue = rank[g_array_index (rows, MfQshapeRow, i).queue];
  g_array_sort (rows, compare_qshape_rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const MfQshapeRow *row = &g_array_index (rows, MfQshapeRow, i);
      const MfQueueStats *q = queue_at (result, order[row->queue]);
      int low, high;
      mf_qshape_bucket_bounds (row->bucket, &low, &high);
      mf_csv_append_field (s, server_name (topo, q->server));
      g_string_append_c (s, ',');
      mf_csv_append_field (s, q->name);
      g_string_append_printf (s, ",%d,", low);
      if (high >= 0)
        g_string_append_printf (s, "%d", high);
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, row->messages);
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, row->recipients);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/** mf_output_queue_stats_csv: Returns: (transfer full): one row per queue. */
char *
mf_output_queue_stats_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new ("server,queue,max_length,mean_length,final_length\n");
  g_autofree int *order = mf_output_queue_order (result);

  for (int i = 0; i < result->n_queues; i++)
    {
      const MfQueueStats *q = queue_at (result, order[i]);
      mf_csv_append_field (s, server_name (topo, q->server));
      g_string_append_c (s, ',');
      mf_csv_append_field (s, q->name);
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, q->max_length);
      g_string_append_c (s, ',');
      append_double (s, mf_output_queue_mean_length (result, order[i]));
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, q->final_length);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------ files */

/**
 * mf_output_prepare_dir:
 *
 * Creates @dir and its parents, and checks that files can be made in it,
 * so a long run does not end in an unwritable directory.
 */
gboolean
mf_output_prepare_dir (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved = errno;
      g_set_error (error, MF_OUTPUT_ERROR, MF_OUTPUT_ERROR_IO, "cannot create directory %s: %s",
                   dir, g_strerror (saved));
      return FALSE;
    }
  if (g_access (dir, W_OK | X_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, MF_OUTPUT_ERROR, MF_OUTPUT_ERROR_IO, "cannot write in directory %s: %s",
                   dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_file (const char *dir, const char *name, const char *text, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) local = NULL;

  /* CONSISTENT: a temporary file in @dir, fsync'd, renamed over @path. */
  if (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local))
    return TRUE;
  g_set_error (error, MF_OUTPUT_ERROR, MF_OUTPUT_ERROR_IO, "cannot write %s: %s", path,
               local->message);
  return FALSE;
}

/**
 * mf_output_write_all:
 * @dir: the output directory, created if missing
 * @reps: (nullable): intervals over replications, for summary.json
 *
 * Writes the files of mf_output_file_names into @dir, each to a temporary
 * name first and then renamed, so that no reader ever sees half a file.
 * summary.json is written last: its presence means the set is complete.
 */
gboolean
mf_output_write_all (const char *dir, const MfTopology *topo, const MfRunResult *result,
                     const MfRepSummary *reps, GError **error)
{
  g_return_val_if_fail (dir != NULL && topo != NULL && result != NULL, FALSE);

  if (!mf_output_prepare_dir (dir, error))
    return FALSE;

  struct {
    const char *name;
    char *text;
  } files[] = {
    { "queues.csv", mf_output_queues_csv (topo, result) },
    { "connectors.csv", mf_output_connectors_csv (topo, result) },
    { "counts.csv", mf_output_counts_csv (result) },
    { "link-state.csv", mf_output_link_state_csv (topo, result) },
    { "latency-histogram.csv", mf_output_latency_histogram_csv (result) },
    { "queue-stats.csv", mf_output_queue_stats_csv (topo, result) },
    { "qshape.csv", mf_output_qshape_csv (topo, result) },
    { "summary.json", mf_output_summary_json (topo, result, reps) },
  };
  gboolean ok = TRUE;

  G_STATIC_ASSERT (G_N_ELEMENTS (files) + 1 == G_N_ELEMENTS (mf_output_file_names));
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      if (ok)
        ok = write_file (dir, files[i].name, files[i].text, error);
      g_free (files[i].text);
    }
  return ok;
}
