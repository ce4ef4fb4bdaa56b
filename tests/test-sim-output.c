/* test-sim-output.c — the files of `msgflow simulate` from a run result
 * built by hand: summary.json parses back with every documented key, in
 * a fixed order, with the right values; CSV headers and exact rows; RFC
 * 4180 quoting; null for figures that do not exist; replication
 * intervals; byte-identical rewrites; no temporary files left; an
 * unwritable directory is an MF_RESULT_DIR_ERROR_IO. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "transport/sim-output.h"
#include "test-util.h"

#define S(sec) ((gint64) ((sec) * 1e6))

static const char topo_text[] =
  "[organization]\n"
  "name = Test-Org\n"
  "[routing-group A]\n"
  "[routing-group B]\n"
  "[server S1]\n"
  "routing-group = A\n"
  "[server S2]\n"
  "routing-group = B\n"
  "[connector A-B]\n"
  "type = routing-group\n"
  "from = A\n"
  "to = B\n"
  "reverse = true\n"
  "[flow F1]\n"
  "from = server S1\n"
  "to = server S2\n"
  "rate = 10/h\n";

static MfTopology *
load_topo (void)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_parse_data ("t.topo", topo_text, strlen (topo_text), &error);
  g_assert_no_error (error);
  g_assert_cmpint (t->n_connectors, ==, 2); /* A-B and "A-B (reverse)" */
  g_assert_cmpint (t->n_flows, ==, 1);
  return t;
}

static void
add_queue (MfRunResult *r, int server, MfQueueKind kind, const char *name)
{
  MfQueueStats *q = &r->queues[r->n_queues++];
  q->server = server;
  q->kind = kind;
  q->name = g_strdup (name);
  q->connector = -1;
  mf_time_avg_init (&q->length, r->warmup_us, 0.0);
}

/* A run of 1 h with 10 min of warm-up, allocated the way transport.h says. */
static MfRunResult *
make_result (void)
{
  MfRunResult *r = g_new0 (MfRunResult, 1);

  r->complete = TRUE;
  r->seed = 7;
  r->replication = 0;
  r->sim_time_us = S (3600);
  r->warmup_us = S (600);
  r->events = 12345;
  r->wall_s = 0.5;
  r->messages = (MfCounts) { 10, 7, 1, 2 };
  r->recipients = (MfCounts) { 20, 15, 2, 3 };
  r->dsn_messages = (MfCounts) { 1, 1, 0, 0 };
  r->delay_dsns = 1;
  r->ndr_by_reason[MF_NDR_EXPIRED] = 1;
  r->ndr_by_reason[MF_NDR_TOO_LARGE] = 1;

  mf_tally_reset (&r->latency_s);
  r->latency_hist = mf_histogram_new ();
  for (int i = 1; i <= 3; i++)
    {
      mf_tally_add (&r->latency_s, i);
      mf_histogram_add (r->latency_hist, i);
    }
  r->n_flows = 1;
  r->flow_latency_s = g_new0 (MfTally, 1);
  mf_tally_reset (&r->flow_latency_s[0]);
  mf_tally_add (&r->flow_latency_s[0], 1.5);
  /* Flow latencies 1, 2, ..., 20 s: p50 near 10, p95 near 19, p99 near 20. */
  r->flow_latency_hist = g_new0 (MfHistogram *, 1);
  r->flow_latency_hist[0] = mf_histogram_new ();
  for (int i = 1; i <= 20; i++)
    mf_histogram_add (r->flow_latency_hist[0], i);
  r->flow_generated = g_new0 (guint64, 1);
  r->flow_generated[0] = 10;
  r->flow_ndr_by_reason = g_new0 (guint64, MF_NDR_N_REASONS);
  r->flow_ndr_by_reason[MF_NDR_TOO_LARGE] = 1;

  r->n_connectors = 2;
  r->connectors = g_new0 (MfConnectorStats, 2);
  r->connectors[0] = (MfConnectorStats) { 5, 1000, S (900), 2, TRUE };
  r->connectors[1] = (MfConnectorStats) { 1, 10, S (4000), 0, FALSE }; /* clamps to 1 */

  /* Used in an order that is not the output order. */
  r->queues = g_new0 (MfQueueStats, 3);
  add_queue (r, 1, MF_QUEUE_LOCAL, "Local delivery");
  add_queue (r, 0, MF_QUEUE_LINK, "Odd, \"hop\"");
  add_queue (r, 0, MF_QUEUE_LOCAL, "Local delivery");
  /* S2's queue: 1 for 3 µs in 3000 s, a mean of 1e-9. */
  mf_time_avg_set (&r->queues[0].length, S (1000), 1.0);
  mf_time_avg_set (&r->queues[0].length, S (1000) + 3, 0.0);
  r->queues[0].max_length = 1;
  /* The link queue: 4 from 1200 s to 2400 s, a mean of 1.6. */
  mf_time_avg_set (&r->queues[1].length, S (1200), 4.0);
  mf_time_avg_set (&r->queues[1].length, S (2400), 0.0);
  r->queues[1].max_length = 4;
  r->queues[2].final_length = 0;
  for (int i = 0; i < r->n_queues; i++)
    mf_time_avg_advance (&r->queues[i].length, r->sim_time_us);

  r->queue_samples = g_array_new (FALSE, FALSE, sizeof (MfQueueSample));
  r->connector_samples = g_array_new (FALSE, FALSE, sizeof (MfConnectorSample));
  r->counts_samples = g_array_new (FALSE, FALSE, sizeof (MfCountsSample));
  r->link_changes = g_array_new (FALSE, FALSE, sizeof (MfLinkChange));
  r->link_learned = g_array_new (FALSE, FALSE, sizeof (MfLinkLearned));

  /* In Retry at 60 s (oldest 90 s old, next attempt in 30.5 s, between 2
   * and 6 long since the last sample), then Ready and empty (up to 4). */
  MfQueueSample qs[] = { { S (60), 1, 4, 2, 6, MF_LINK_QUEUE_RETRY, S (90), S (30.5) },
                         { S (120.5), 1, 0, 0, 4, MF_LINK_QUEUE_READY, -1, -1 } };
  g_array_append_vals (r->queue_samples, qs, G_N_ELEMENTS (qs));
  MfConnectorSample cs[] = {
    { S (60), 0, 3, 600, S (15) }, /* 15 s busy of 60: 0.25 */
    { S (60), 1, 0, 0, 0 },
    { S (120), 0, 2, 400, S (60) }, /* the whole interval */
  };
  g_array_append_vals (r->connector_samples, cs, G_N_ELEMENTS (cs));
  MfCountsSample ks[] = { { 1, { 1, 0, 0, 1 } }, { S (60), { 10, 5, 1, 4 } } };
  g_array_append_vals (r->counts_samples, ks, G_N_ELEMENTS (ks));
  MfLinkChange lc[] = {
    { 0, S (100), 0, FALSE, 1, FALSE, 0, 2, 0 },
    { 1, S (200), 1, TRUE, 5, TRUE, 1, 3, 1 }, /* nobody learned it */
  };
  g_array_append_vals (r->link_changes, lc, G_N_ELEMENTS (lc));
  MfLinkLearned ll[] = { { 0, 1, S (101.5) }, { 0, 0, S (100) } };
  g_array_append_vals (r->link_learned, ll, G_N_ELEMENTS (ll));
  r->convergence_us = S (1.5);
  return r;
}

static JsonObject *
member_object (JsonObject *o, const char *name)
{
  g_assert_true (json_object_has_member (o, name));
  return json_object_get_object_member (o, name);
}

static void
assert_counts (JsonObject *o, const char *name, const MfCounts *want)
{
  JsonObject *c = member_object (o, name);
  g_assert_cmpint (json_object_get_int_member (c, "generated"), ==, (gint64) want->generated);
  g_assert_cmpint (json_object_get_int_member (c, "delivered"), ==, (gint64) want->delivered);
  g_assert_cmpint (json_object_get_int_member (c, "ndr"), ==, (gint64) want->ndr);
  g_assert_cmpint (json_object_get_int_member (c, "in_flight"), ==, (gint64) want->in_flight);
}

static void
assert_close (double got, double want)
{
  g_assert_cmpfloat_with_epsilon (got, want, 1e-5 * MAX (1.0, fabs (want)));
}

static void
test_summary_keys_and_values (void)
{
  g_autoptr (MfTopology) topo = load_topo ();
  g_autoptr (MfRunResult) r = make_result ();
  g_autofree char *text = mf_output_summary_json (topo, r, NULL);
  g_autoptr (JsonNode) root = mf_test_parse_json (text);
  JsonObject *o = json_node_get_object (root);
  static const char *const want_keys[] = {
    "organization", "topology", "seed", "replication", "complete", "stopped", "messages", "recipients",
    "dsn_messages", "delay_dsns", "ndr_by_reason", "ndr_by_code", "latency_s", "events", "sim_time_s",
    "warmup_s", "wall_s", "events_per_s", "sim_seconds_per_wall_second", "flows",
    "connectors", "queues", "link_state", "scheduled_events", "event_baseline",
  };
  g_autoptr (GList) keys = json_object_get_members (o);
  guint k = 0;

  for (GList *l = keys; l != NULL; l = l->next, k++)
    {
      g_assert_cmpuint (k, <, G_N_ELEMENTS (want_keys));
      g_assert_cmpstr (l->data, ==, want_keys[k]);
    }
  g_assert_cmpuint (k, ==, G_N_ELEMENTS (want_keys));
  g_assert_true (g_str_has_suffix (text, "}\n"));

  g_assert_cmpstr (json_object_get_string_member (o, "organization"), ==, "Test-Org");
  g_assert_cmpstr (json_object_get_string_member (o, "topology"), ==, "t.topo");
  g_assert_cmpint (json_object_get_int_member (o, "seed"), ==, 7);
  g_assert_true (json_object_get_boolean_member (o, "complete"));
  assert_counts (o, "messages", &r->messages);
  assert_counts (o, "recipients", &r->recipients);
  assert_counts (o, "dsn_messages", &r->dsn_messages);
  g_assert_cmpint (json_object_get_int_member (o, "delay_dsns"), ==, 1);
  JsonObject *ndr = member_object (o, "ndr_by_reason");
  g_assert_cmpint (json_object_get_int_member (ndr, "expired"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (ndr, "hop_count"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (ndr, "too_large"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (ndr, "no_route"), ==, 0);
  /* Every code, sorted, zeros included; the same total as recipients.ndr. */
  {
    static const char *const codes[] = { "4.4.6", "4.4.7", "5.2.3", "5.3.4", "5.4.0", "5.4.4" };
    static const gint64 counts[] = { 0, 1, 0, 1, 0, 0 };
    g_autoptr (GList) members = json_object_get_members (member_object (o, "ndr_by_code"));
    guint i = 0;
    for (GList *l = members; l != NULL; l = l->next, i++)
      {
        g_assert_cmpuint (i, <, G_N_ELEMENTS (codes));
        g_assert_cmpstr (l->data, ==, codes[i]);
        g_assert_cmpint (json_object_get_int_member (member_object (o, "ndr_by_code"), codes[i]),
                         ==, counts[i]);
      }
    g_assert_cmpuint (i, ==, G_N_ELEMENTS (codes));
  }

  JsonObject *lat = member_object (o, "latency_s");
  assert_close (json_object_get_double_member (lat, "mean"), 2.0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (lat, "p50"), 2.0, 0.02);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (lat, "p95"), 3.0, 0.03);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (lat, "p99"), 3.0, 0.03);
  assert_close (json_object_get_double_member (lat, "max"), 3.0);

  g_assert_cmpint (json_object_get_int_member (o, "events"), ==, 12345);
  assert_close (json_object_get_double_member (o, "sim_time_s"), 3600);
  assert_close (json_object_get_double_member (o, "warmup_s"), 600);
  assert_close (json_object_get_double_member (o, "wall_s"), 0.5);
  assert_close (json_object_get_double_member (o, "events_per_s"), 24690);
  assert_close (json_object_get_double_member (o, "sim_seconds_per_wall_second"), 7200);

  JsonArray *flows = json_object_get_array_member (o, "flows");
  g_assert_cmpuint (json_array_get_length (flows), ==, 1);
  JsonObject *f = json_array_get_object_element (flows, 0);
  g_assert_cmpstr (json_object_get_string_member (f, "name"), ==, "F1");
  g_assert_cmpint (json_object_get_int_member (f, "generated"), ==, 10);
  assert_close (json_object_get_double_member (f, "latency_mean_s"), 1.5);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (f, "latency_p50_s"), 10.0, 0.2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (f, "latency_p95_s"), 19.0, 0.4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (f, "latency_p99_s"), 20.0, 0.4);
  JsonObject *fcodes = member_object (f, "ndr_by_code");
  g_assert_cmpuint (json_object_get_size (fcodes), ==, MF_NDR_N_REASONS);
  g_assert_cmpint (json_object_get_int_member (fcodes, "5.3.4"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (fcodes, "4.4.7"), ==, 0);

  JsonArray *conns = json_object_get_array_member (o, "connectors");
  g_assert_cmpuint (json_array_get_length (conns), ==, 2);
  JsonObject *c0 = json_array_get_object_element (conns, 0);
  g_assert_cmpstr (json_object_get_string_member (c0, "name"), ==, "A-B");
  g_assert_cmpint (json_object_get_int_member (c0, "messages"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (c0, "bytes"), ==, 1000);
  /* 900 s busy of the 3000 s after the warm-up */
  assert_close (json_object_get_double_member (c0, "utilization"), 0.3);
  g_assert_cmpint (json_object_get_int_member (c0, "state_changes"), ==, 2);
  JsonObject *c1 = json_array_get_object_element (conns, 1);
  g_assert_cmpstr (json_object_get_string_member (c1, "name"), ==, "A-B (reverse)");
  assert_close (json_object_get_double_member (c1, "utilization"), 1.0);

  /* Sorted by server, kind, name whatever order the run used them in. */
  JsonArray *queues = json_object_get_array_member (o, "queues");
  g_assert_cmpuint (json_array_get_length (queues), ==, 3);
  JsonObject *q0 = json_array_get_object_element (queues, 0);
  JsonObject *q1 = json_array_get_object_element (queues, 1);
  JsonObject *q2 = json_array_get_object_element (queues, 2);
  g_assert_cmpstr (json_object_get_string_member (q0, "server"), ==, "S1");
  g_assert_cmpstr (json_object_get_string_member (q0, "queue"), ==, "Local delivery");
  g_assert_cmpstr (json_object_get_string_member (q1, "server"), ==, "S1");
  g_assert_cmpstr (json_object_get_string_member (q1, "queue"), ==, "Odd, \"hop\"");
  g_assert_cmpint (json_object_get_int_member (q1, "max_length"), ==, 4);
  assert_close (json_object_get_double_member (q1, "mean_length"), 1.6);
  g_assert_cmpstr (json_object_get_string_member (q2, "server"), ==, "S2");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (q2, "mean_length"), 1e-9, 1e-15);

  JsonObject *ls = member_object (o, "link_state");
  g_assert_cmpint (json_object_get_int_member (ls, "changes"), ==, 2);
  assert_close (json_object_get_double_member (ls, "convergence_s"), 1.5);
  g_assert_false (json_object_has_member (o, "replications"));
}

/* A double member holding exactly @want, typed double (whole numbers
 * are written with ".0" so readers keep them doubles). */
static void
assert_double_exact (JsonObject *o, const char *name, double want)
{
  JsonNode *n = json_object_get_member (o, name);

  g_assert_nonnull (n);
  g_assert_cmpint (json_node_get_value_type (n), ==, G_TYPE_DOUBLE);
  g_assert_true (json_node_get_double (n) == want);
}

/* Rounded to exact short decimals, not json-glib's %.17g; whole doubles
 * stay doubles, counts integers. */
static void
test_summary_number_text (void)
{
  g_autoptr (MfTopology) topo = load_topo ();
  g_autoptr (MfRunResult) r = make_result ();
  g_autofree char *text = mf_output_summary_json (topo, r, NULL);
  g_autoptr (JsonNode) root = mf_test_parse_json (text);
  JsonObject *o = json_node_get_object (root);
  JsonArray *conns = json_object_get_array_member (o, "connectors");
  JsonArray *queues = json_object_get_array_member (o, "queues");

  assert_double_exact (json_array_get_object_element (conns, 0), "utilization", 0.3);
  assert_double_exact (json_array_get_object_element (conns, 1), "utilization", 1.0);
  assert_double_exact (json_array_get_object_element (queues, 1), "mean_length", 1.6);
  assert_double_exact (json_array_get_object_element (queues, 2), "mean_length", 1e-09);
  assert_double_exact (o, "sim_time_s", 3600.0);
  assert_double_exact (member_object (o, "link_state"), "convergence_s", 1.5);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "events")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (o, "events"), ==, 12345);
  /* The text itself: no digits of binary noise anywhere (0.30000000000000004),
   * no exponent (1e-09 is written 0.000000001). */
  g_assert_false (g_regex_match_simple ("[1-9]0{6,}[1-9]", text, 0, 0));
  g_assert_null (strstr (text, "9999999"));
  g_assert_nonnull (strstr (text, "0.000000001"));
  g_assert_false (g_regex_match_simple ("[0-9]e[-+]?[0-9]", text, 0, 0));
}

static void
test_summary_null_when_undefined (void)
{
  g_autoptr (MfTopology) topo = load_topo ();
  g_autoptr (MfRunResult) r = make_result ();

  mf_tally_reset (&r->latency_s);
  mf_histogram_reset (r->latency_hist);
  mf_tally_reset (&r->flow_latency_s[0]);
  mf_histogram_reset (r->flow_latency_hist[0]);
  r->wall_s = 0.0;
  r->complete = FALSE;

  g_autofree char *text = mf_output_summary_json (topo, r, NULL);
  g_autoptr (JsonNode) root = mf_test_parse_json (text);
  JsonObject *o = json_node_get_object (root);
  JsonObject *lat = member_object (o, "latency_s");
  static const char *const keys[] = { "mean", "p50", "p95", "p99", "max" };

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_get_null_member (lat, keys[i]));
  g_assert_true (json_object_get_null_member (o, "events_per_s"));
  g_assert_true (json_object_get_null_member (o, "sim_seconds_per_wall_second"));
  JsonObject *f = json_array_get_object_element (json_object_get_array_member (o, "flows"), 0);
  g_assert_true (json_object_get_null_member (f, "latency_mean_s"));
  g_assert_true (json_object_get_null_member (f, "latency_p95_s"));
  g_assert_false (json_object_get_boolean_member (o, "complete"));
  g_assert_null (strstr (text, "nan"));
}

static void
test_summary_replications (void)
{
  g_autoptr (MfTopology) topo = load_topo ();
  g_autoptr (MfRunResult) r = make_result ();
  g_autoptr (MfRepSummary) reps = mf_rep_summary_new (4);

  for (int i = 0; i < 3; i++)
    {
      mf_tally_reset (&r->latency_s);
      mf_tally_add (&r->latency_s, 1.0 + i); /* means 1, 2, 3 */
      r->recipients.delivered = 100;         /* the same every time */
      mf_rep_summary_add (reps, r);
    }
  reps->wall_s = 1.25;
  g_assert_cmpuint (reps->count, ==, 3);

  g_autofree char *text = mf_output_summary_json (topo, r, reps);
  g_autoptr (JsonNode) root = mf_test_parse_json (text);
  JsonObject *o = json_node_get_object (root);
  JsonObject *rep = member_object (o, "replications");
  g_assert_cmpint (json_object_get_int_member (rep, "count"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (rep, "requested"), ==, 4);
  /* One of the four did not finish: the set is not complete. */
  g_assert_false (json_object_get_boolean_member (o, "complete"));

  JsonObject *figs = member_object (rep, "figures");
  static const char *const names[] = { "latency_mean_s", "latency_p95_s", "delivered_recipients",
                                       "ndr_recipients", "max_queue_length" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonObject *fig = member_object (figs, names[i]);
      g_assert_true (json_object_has_member (fig, "mean"));
      g_assert_true (json_object_has_member (fig, "ci95_half_width"));
    }
  JsonObject *lm = member_object (figs, "latency_mean_s");
  assert_close (json_object_get_double_member (lm, "mean"), 2.0);
  /* sd 1, n 3: t(0.975, 2) / sqrt(3) */
  assert_close (json_object_get_double_member (lm, "ci95_half_width"), 4.302652729749464 / sqrt (3.0));
  /* Each replication's value, in order. */
  JsonArray *lv = json_object_get_array_member (lm, "values");
  g_assert_cmpuint (json_array_get_length (lv), ==, 3);
  for (guint i = 0; i < 3; i++)
    assert_close (json_array_get_double_element (lv, i), 1.0 + i);
  JsonObject *dr = member_object (figs, "delivered_recipients");
  assert_close (json_object_get_double_member (dr, "mean"), 100.0);
  assert_close (json_object_get_double_member (dr, "ci95_half_width"), 0.0);
  JsonObject *mq = member_object (figs, "max_queue_length");
  assert_close (json_object_get_double_member (mq, "mean"), 4.0);
}

/* Lines of a CSV text. */
static char **
csv_lines (const char *text)
{
  g_assert_true (g_str_has_suffix (text, "\n"));
  g_autofree char *body = g_strndup (text, strlen (text) - 1);
  return g_strsplit (body, "\n", -1);
}

static void
test_csv_rows (void)
{
  g_autoptr (MfTopology) topo = load_topo ();
  g_autoptr (MfRunResult) r = make_result ();
  static const struct {
    const char *name;
    const char *want[6]; /* lines, NULL-terminated */
  } cases[] = {
    { "queues.csv",
      { "time_s,server,queue,length,state,oldest_age_s,next_retry_s,min_length,max_length",
        "60,S1,\"Odd, \"\"hop\"\"\",4,Retry,90,30.5,2,6",
        "120.5,S1,\"Odd, \"\"hop\"\"\",0,Ready,,,0,4", NULL } },
    { "connectors.csv",
      { "time_s,connector,messages,bytes,utilization", "60,A-B,3,600,0.25",
        "60,A-B (reverse),0,0,0", "120,A-B,2,400,1", NULL } },
    { "counts.csv",
      { "time_s,generated,delivered,ndr,in_flight", "0.000001,1,0,0,1", "60,10,5,1,4", NULL } },
    { "link-state.csv",
      { "change,time_s,connector,state,cost,kind,routing_group,version,origin_server,server,"
        "learned_time_s",
        "0,100,A-B,down,1,minor,A,2,S1,S1,100", "0,100,A-B,down,1,minor,A,2,S1,S2,101.5",
        "1,200,A-B (reverse),up,5,major,B,3,S2,,", NULL } },
    { "queue-stats.csv",
      { "server,queue,max_length,mean_length,final_length", "S1,Local delivery,0,0,0",
        "S1,\"Odd, \"\"hop\"\"\",4,1.6,0", "S2,Local delivery,1,0.000000001,0", NULL } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;
      if (strcmp (cases[i].name, "queues.csv") == 0)
        text = mf_output_queues_csv (topo, r);
      else if (strcmp (cases[i].name, "connectors.csv") == 0)
        text = mf_output_connectors_csv (topo, r);
      else if (strcmp (cases[i].name, "counts.csv") == 0)
        text = mf_output_counts_csv (r);
      else if (strcmp (cases[i].name, "link-state.csv") == 0)
        text = mf_output_link_state_csv (topo, r);
      else
        text = mf_output_queue_stats_csv (topo, r);
      g_auto (GStrv) lines = csv_lines (text);
      guint n = 0;
      while (cases[i].want[n] != NULL)
        n++;
      g_test_message ("%s:\n%s", cases[i].name, text);
      g_assert_cmpuint (g_strv_length (lines), ==, n);
      for (guint l = 0; l < n; l++)
        g_assert_cmpstr (lines[l], ==, cases[i].want[l]);
    }
}

static void
test_latency_histogram_csv (void)
{
  g_autoptr (MfRunResult) r = make_result ();
  g_autofree char *text = mf_output_latency_histogram_csv (r);
  g_auto (GStrv) lines = csv_lines (text);
  guint64 total = 0;

  g_assert_cmpstr (lines[0], ==, "low_s,high_s,count");
  g_assert_cmpuint (g_strv_length (lines), ==, 4); /* three non-empty buckets */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 3);
      double low = g_ascii_strtod (f[0], NULL), high = g_ascii_strtod (f[1], NULL);
      g_assert_cmpfloat (low, <=, (double) i);
      g_assert_cmpfloat (high, >, (double) i);
      g_assert_cmpfloat (high / low, <, 1.03);
      total += g_ascii_strtoull (f[2], NULL, 10);
    }
  g_assert_cmpuint (total, ==, 3);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
list_dir (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GPtrArray) names = list_dir (dir);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Every file written, nothing else left (no temporary names), and a second
 * write of the same result gives the same bytes. */
static void
test_write_all (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("msgflow-output-XXXXXX", &error);
  g_autoptr (MfTopology) topo = load_topo ();
  g_autoptr (MfRunResult) r = make_result ();
  g_autoptr (MfRepSummary) reps = mf_rep_summary_new (2);
  g_autofree char *dir = NULL;
  g_autoptr (GPtrArray) first = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "nested", "run", NULL); /* parents are created */
  mf_rep_summary_add (reps, r);
  mf_rep_summary_add (reps, r);

  g_assert_true (mf_output_write_all (dir, topo, r, reps, &error));
  g_assert_no_error (error);
  for (int i = 0; mf_output_file_names[i] != NULL; i++)
    g_ptr_array_add (first, mf_test_read_file (dir, mf_output_file_names[i]));

  g_assert_true (mf_output_write_all (dir, topo, r, reps, &error));
  g_assert_no_error (error);
  for (int i = 0; mf_output_file_names[i] != NULL; i++)
    {
      g_autofree char *again = mf_test_read_file (dir, mf_output_file_names[i]);
      g_assert_cmpstr (again, ==, g_ptr_array_index (first, i));
    }
  g_autoptr (JsonNode) summary = mf_test_parse_json (g_ptr_array_index (first, 0));
  g_assert_true (json_object_has_member (json_node_get_object (summary), "replications"));

  g_autoptr (GPtrArray) names = list_dir (dir);
  static const char *const want[] = { "connectors.csv", "counts.csv", "latency-histogram.csv",
                                      "link-state.csv", "perfmon.csv", "qshape.csv", "queue-stats.csv",
                                      "queues.csv", "summary.json" };
  g_assert_cmpuint (names->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < names->len; i++)
    g_assert_cmpstr (g_ptr_array_index (names, i), ==, want[i]);

  remove_tree (tmp);
}

static void
test_write_unwritable (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("msgflow-output-XXXXXX", &error);
  g_autoptr (MfTopology) topo = load_topo ();
  g_autoptr (MfRunResult) r = make_result ();
  g_autofree char *file = NULL, *dir = NULL;

  g_assert_no_error (error);
  file = g_build_filename (tmp, "plain-file", NULL);
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  dir = g_build_filename (file, "out", NULL); /* under a regular file */
  g_assert_false (mf_output_write_all (dir, topo, r, NULL, &error));
  g_assert_error (error, MF_RESULT_DIR_ERROR, MF_RESULT_DIR_ERROR_IO);
  g_assert_nonnull (strstr (error->message, dir));
  remove_tree (tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim-output/summary/keys-and-values", test_summary_keys_and_values);
  g_test_add_func ("/sim-output/summary/number-text", test_summary_number_text);
  g_test_add_func ("/sim-output/summary/null-when-undefined", test_summary_null_when_undefined);
  g_test_add_func ("/sim-output/summary/replications", test_summary_replications);
  g_test_add_func ("/sim-output/csv/rows-and-quoting", test_csv_rows);
  g_test_add_func ("/sim-output/csv/latency-histogram", test_latency_histogram_csv);
  g_test_add_func ("/sim-output/files/atomic-identical-no-temporaries", test_write_all);
  g_test_add_func ("/sim-output/files/unwritable-dir", test_write_unwritable);
  return g_test_run ();
}
