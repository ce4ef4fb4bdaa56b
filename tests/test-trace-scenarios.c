/* test-trace-scenarios.c — `trace` step by step in the scenarios a reader
 * runs it for: the failure drill before, during and after the CHI-DAL cut
 * and through the DAL-BH01 crash, contoso's Seattle > Tokyo detour at
 * Mon 10:30, a schedule wait, size and expiry NDRs, an Internet recipient
 * by DNS, an equal-cost split, the --json schema, the X-LINK2STATE
 * exchange of --smtp and the tracking logs of --tracking.
 *
 * The steps are read back through --json (parsed, compared as values) and
 * the accessors of trace.h; each expectation comes from the model's rules
 * (docs/format.md), not from a recorded output.
 */
#include "analyze/trace.h"
#include "base/igraph-util.h"
#include "base/units.h"
#include "trace-scenario.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------- the CHI-DAL cut */

static void
test_drill_before_the_outage (void)
{
  g_autoptr (Scenario) s = drill ("CHI-BH01", "DAL-MBX01", 110 * MF_US_PER_MINUTE);
  int r = find (s, "route", "CHI-BH01", 0);

  g_assert_cmpint (r, >=, 0);
  g_assert_cmpstr (first_connector (s, r), ==, "CHI-DAL");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (route (s, r),
                                                                         "connectors_down")), ==, 0);
  g_assert_cmpint (count (s, "connect-failed"), ==, 0);
  g_assert_cmpint (count (s, "link-state"), ==, 0);
  g_assert_cmpint (find (s, "receive", "DAL-BH01", 0) >= 0 || find (s, "receive", "DAL-BH02", 0) >= 0,
                   ==, TRUE);
  g_assert_cmpint (find (s, "receive", "ATL-EX01", 0), ==, -1);
  assert_delivered_at (s, "DAL-MBX01");
}

/* Half a minute into the cut the mail of the drill has already failed once
 * on CHI-DAL: the message waits in the link queue, the glitch retries fail
 * a minute apart, the last one makes CHI-BH01 (Chicago's master) mark
 * CHI-DAL DOWN, and the message is routed again, over CHI-ATL. */
static void
test_drill_during_detection (void)
{
  g_autoptr (Scenario) s = drill ("CHI-BH01", "DAL-MBX01", 2 * MF_US_PER_HOUR + 30 * MF_US_PER_SECOND);
  const MfOrganization *org = &s->topo->org;
  int ls = find (s, "link-state", NULL, 0), detour, n_failed = 0, last_failures = 0;
  gint64 prev_failed = -1;
  JsonObject *o;
  JsonArray *learned;
  g_autoptr (GHashTable) servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpint (ls, >, 0);
  /* Before the change: failed attempts, a glitch-retry wait after each but
   * the last, each wait exactly `glitch-retry` long. */
  for (int i = 0; i < ls; i++)
    {
      o = step (s, i);
      g_assert_false (is_kind (s, i, "connect") || is_kind (s, i, "transfer"));
      if (is_kind (s, i, "connect-failed"))
        {
          gint64 t = json_object_get_int_member (o, "time_us");
          g_assert_cmpstr (str (o, "link_queue"), ==, "CHI-DAL");
          if (prev_failed >= 0)
            g_assert_cmpint (t - prev_failed, ==, org->glitch_retry_us);
          prev_failed = t;
          last_failures = (int) json_object_get_int_member (o, "failures");
          n_failed++;
        }
      if (is_kind (s, i, "wait"))
        {
          gint64 len = json_object_get_int_member (o, "until_us")
                       - json_object_get_int_member (o, "time_us");
          g_assert_cmpstr (str (o, "wait"), ==, "glitch-retry");
          g_assert_false (json_object_get_boolean_member (o, "reported_down"));
          if (is_kind (s, i - 1, "queue"))
            {
              /* It joined a queue already in Retry: the rest of that wait,
               * up to the next attempt, which is the next step. */
              g_assert_cmpint (len, >, 0);
              g_assert_cmpint (len, <=, org->glitch_retry_us);
              g_assert_true (is_kind (s, i + 1, "connect-failed"));
              g_assert_cmpint (json_object_get_int_member (step (s, i + 1), "time_us"), ==,
                               json_object_get_int_member (o, "until_us"));
            }
          else
            {
              g_assert_cmpint (len, ==, org->glitch_retry_us);
              g_assert_true (is_kind (s, i - 1, "connect-failed"));
            }
        }
    }
  g_assert_cmpint (n_failed, >=, 2);
  /* The first failure and `glitch-retries` retries: then it is DOWN. */
  g_assert_cmpint (last_failures, ==, org->glitch_retries + 1);
  g_assert_true (is_kind (s, ls - 1, "connect-failed"));

  o = step (s, ls);
  g_assert_cmpstr (str (o, "server"), ==, "CHI-BH01");
  g_assert_cmpstr (str (o, "connector"), ==, "CHI-DAL");
  g_assert_false (json_object_get_boolean_member (o, "up"));
  g_assert_cmpstr (str (o, "reported_by"), ==, "CHI-BH01");
  g_assert_cmpint (json_object_get_int_member (o, "time_us"), ==, prev_failed);
  learned = json_object_get_array_member (o, "learned");
  for (guint k = 0; k < json_array_get_length (learned); k++)
    {
      JsonObject *l = json_array_get_object_element (learned, k);
      gint64 t = json_object_get_int_member (l, "time_us");
      g_assert_cmpint (t, >=, prev_failed);
      if (k == 0)
        {
          g_assert_cmpstr (str (l, "server"), ==, "CHI-BH01");
          g_assert_cmpint (t, ==, prev_failed);
        }
      g_hash_table_add (servers, g_strdup (str (l, "server")));
    }
  /* Every server of the organisation heard it before the delivery. */
  g_assert_cmpuint (g_hash_table_size (servers), ==, (guint) s->topo->n_servers);

  detour = find (s, "route", "CHI-BH01", ls);
  g_assert_cmpint (detour, >, ls);
  g_assert_cmpstr (first_connector (s, detour), ==, "CHI-ATL");
  g_assert_true (has_name (route (s, detour), "connectors_down", "CHI-DAL"));
  g_assert_true (mf_trace_step_rejected_down (s->tr, detour, mf_test_connector (s->topo, "CHI-DAL")));
  g_assert_cmpint (mf_trace_step_connector (s->tr, detour), ==, mf_test_connector (s->topo, "CHI-ATL"));
  g_assert_cmpint (find (s, "receive", "ATL-EX01", detour), >, detour);
  assert_delivered_at (s, "DAL-MBX01");
}

/* At 2h10m the news has spread: the very first decision avoids CHI-DAL. */
static void
test_drill_after_the_spread (void)
{
  g_autoptr (Scenario) s = drill ("CHI-BH01", "DAL-MBX01", 130 * MF_US_PER_MINUTE);
  int r = find (s, "route", "CHI-BH01", 0);

  g_assert_cmpint (r, >=, 0);
  g_assert_cmpint (find (s, "route", NULL, 0), ==, r);
  g_assert_true (has_name (route (s, r), "connectors_down", "CHI-DAL"));
  g_assert_true (mf_trace_step_rejected_down (s->tr, r, mf_test_connector (s->topo, "CHI-DAL")));
  g_assert_cmpstr (first_connector (s, r), ==, "CHI-ATL");
  g_assert_cmpint (count (s, "connect-failed"), ==, 0);
  g_assert_cmpint (count (s, "link-state"), ==, 0);
  assert_delivered_at (s, "DAL-MBX01");
}

/* At 3h30m CHI-DAL is back (the cut lasted an hour): UP in the view again,
 * at Chicago's minor version 2 (DOWN, then UP). */
static void
test_drill_after_the_recovery (void)
{
  g_autoptr (Scenario) s = drill ("CHI-BH01", "DAL-MBX01", 210 * MF_US_PER_MINUTE);
  int r = find (s, "route", "CHI-BH01", 0);
  JsonArray *versions, *views;
  JsonObject *chicago = NULL;

  g_assert_cmpint (r, >=, 0);
  g_assert_cmpstr (first_connector (s, r), ==, "CHI-DAL");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (route (s, r),
                                                                         "connectors_down")), ==, 0);
  g_assert_false (mf_trace_step_rejected_down (s->tr, r, mf_test_connector (s->topo, "CHI-DAL")));
  versions = json_object_get_array_member (route (s, r), "versions");
  for (guint k = 0; k < json_array_get_length (versions); k++)
    if (g_strcmp0 (str (json_array_get_object_element (versions, k), "routing_group"), "Chicago") == 0)
      chicago = json_array_get_object_element (versions, k);
  g_assert_nonnull (chicago);
  g_assert_cmpint (json_object_get_int_member (chicago, "minor"), ==, 2);
  /* CHI-BH01's view at submission has nothing down. */
  views = json_object_get_array_member (json_array_get_object_element (
                                          json_object_get_array_member (s->root, "server_views"), 0),
                                        "views");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (views, 0), "connectors_down")), ==, 0);
  g_assert_cmpint (count (s, "connect-failed"), ==, 0);
  assert_delivered_at (s, "DAL-MBX01");
}

/* --------------------------------------------------- the DAL-BH01 crash */

/* DAL-MBX01 is no bridgehead: at 5h it hands the message to DAL-BH01,
 * which has just crashed.  The connection fails, the queue waits a glitch
 * retry; after `server-down-detection` DAL-MBX01 takes DAL-BH01 as down and
 * routes again, to DAL-BH02, which sends it on. */
static void
test_drill_bridgehead_crash (void)
{
  g_autoptr (Scenario) s = drill ("DAL-MBX01", "CHI-BH01", 5 * MF_US_PER_HOUR);
  int q = find (s, "queue", "DAL-MBX01", 0), failed, wait, again, views_with_digest = 0;
  const char *digest;
  JsonArray *server_views = json_object_get_array_member (s->root, "server_views");

  g_assert_cmpint (q, >=, 0);
  g_assert_cmpstr (str (step (s, q), "link_queue"), ==, "DAL-BH01");
  failed = find (s, "connect-failed", "DAL-MBX01", q);
  g_assert_cmpint (failed, ==, q + 1);
  g_assert_nonnull (strstr (str (step (s, failed), "why"), "DAL-BH01 does not answer"));
  wait = find (s, "wait", "DAL-MBX01", failed);
  g_assert_cmpint (wait, ==, failed + 1);
  g_assert_cmpstr (str (step (s, wait), "wait"), ==, "glitch-retry");
  again = find (s, "route", "DAL-MBX01", wait);
  g_assert_cmpint (again, >, wait);
  g_assert_cmpint (json_object_get_int_member (step (s, again), "time_us")
                     - json_object_get_int_member (step (s, failed), "time_us"),
                   ==, s->topo->org.server_down_detection_us);
  g_assert_cmpstr (str (step (s, again + 1), "link_queue"), ==, "DAL-BH02");
  g_assert_cmpint (find (s, "receive", "DAL-BH01", 0), ==, -1);
  g_assert_cmpint (find (s, "receive", "DAL-BH02", again), >, again);
  assert_delivered_at (s, "CHI-BH01");

  /* The second decision was made with a newer view (Dallas's user version:
   * DAL-BH01 down); the trace should show that view among DAL-MBX01's. */
  digest = str (route (s, again), "view_digest");
  g_assert_cmpstr (digest, !=, str (route (s, find (s, "route", "DAL-MBX01", 0)), "view_digest"));
  for (guint i = 0; i < json_array_get_length (server_views); i++)
    {
      JsonObject *sv = json_array_get_object_element (server_views, i);
      JsonArray *views = json_object_get_array_member (sv, "views");
      if (g_strcmp0 (str (sv, "server"), "DAL-MBX01") != 0)
        continue;
      for (guint k = 0; k < json_array_get_length (views); k++)
        views_with_digest += g_strcmp0 (str (json_array_get_object_element (views, k), "digest"),
                                        digest) == 0;
    }
  /* The server-state change (Dallas's user version, DAL-BH01 down) is in
   * DAL-MBX01's views. */
  g_assert_cmpint (views_with_digest, >, 0);
}

/* ------------------------------------------------------ contoso, Mon 10:30 */

static void check_schema (const Scenario *s);

static void
test_contoso_mon_1030 (void)
{
  g_autoptr (GError) error = NULL;
  MfTopology *topo = load_file ("topologies/contoso-global.topo");
  gint64 at_us;
  MfTimeKind kind;
  g_autoptr (Scenario) s = NULL;
  g_autoptr (GHashTable) arrivals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean tokyo = FALSE;

  /* As cmd-trace reads --at: a time of week, made relative to `start`. */
  g_assert_true (mf_parse_time_of_week ("Mon 10:30", &at_us, &kind, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, MF_TIME_OF_WEEK);
  at_us = mf_time_point_after_start (at_us, kind, topo->org.start_us);
  g_assert_cmpint (at_us, ==, 10 * MF_US_PER_HOUR + 30 * MF_US_PER_MINUTE);
  s = trace_at (topo, "SEA-MBX01", "BRU-EX01", at_us, 25 * 1024);

  for (int i = 0; i < n_steps (s); i++)
    {
      JsonObject *o = step (s, i);
      const char *server = str (o, "server");
      g_assert_cmpstr (str (o, "routing_group"), !=, "London");
      tokyo |= g_strcmp0 (str (o, "routing_group"), "Tokyo") == 0;
      /* No ping-pong: the message arrives at each server once. */
      if (json_object_get_int_member (o, "event_id") == 1019 && !json_object_get_boolean_member (o, "notice"))
        {
          g_assert_false (g_hash_table_contains (arrivals, server));
          g_hash_table_add (arrivals, g_strdup (server));
        }
    }
  g_assert_true (tokyo);
  g_assert_cmpstr (first_connector (s, find (s, "route", "SEA-BH01", 0)), ==, "SEA-TYO");
  check_schema (s);
  assert_delivered_at (s, "BRU-EX01");
}

/* ----------------------------------------------------- small topologies */

#define TWO_GROUPS(NAME, ORG, B1, AB) \
  "[organization]\nname = " NAME "\nduration = 6h\n" ORG \
  "[routing-group A]\n[routing-group B]\n[server A1]\nrouting-group = A\n" \
  "[server B1]\nrouting-group = B\n" B1 \
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n" AB

/* A-B opens at 02:00: a message at 01:00 waits in Scheduled, then goes. */
static void
test_schedule_wait (void)
{
  g_autoptr (Scenario) s = trace_at (mf_test_load (TWO_GROUPS ("Sched", "", "", "schedule = 02:00-03:00\n")),
                                     "A1", "B1", MF_US_PER_HOUR, 10000);
  g_autoptr (Scenario) open = trace_at (mf_test_load (TWO_GROUPS ("Sched", "", "",
                                                                  "schedule = 02:00-03:00\n")),
                                        "A1", "B1", 150 * MF_US_PER_MINUTE, 10000);
  int w = find (s, "wait", "A1", 0), t;
  JsonObject *o;

  g_assert_cmpint (w, >, 0);
  o = step (s, w);
  g_assert_cmpstr (str (o, "wait"), ==, "schedule");
  g_assert_cmpstr (str (o, "link_queue"), ==, "A-B");
  g_assert_cmpint (json_object_get_int_member (o, "until_us"), ==, MF_US_PER_HOUR);
  g_assert_cmpstr (str (o, "until_clock"), ==, "Mon 02:00:00.000");
  g_assert_false (json_object_get_boolean_member (o, "reported_down"));
  t = find (s, "transfer", "A1", w);
  g_assert_cmpint (t, >, w);
  g_assert_cmpint (json_object_get_int_member (step (s, t), "time_us"), >=, MF_US_PER_HOUR);
  g_assert_cmpint (find (s, "connect", "A1", w), ==, w + 1);
  g_assert_cmpint (count (s, "connect-failed"), ==, 0);
  assert_delivered_at (s, "B1");
  /* Inside the window: no wait. */
  g_assert_cmpint (count (open, "wait"), ==, 0);
  assert_delivered_at (open, "B1");
}

static const char *
ndr_text (const Scenario *s)
{
  int n = find (s, "ndr", NULL, 0);

  g_assert_cmpint (n, >=, 0);
  return str (step (s, n), "text");
}

#define SIZE_TOPO TWO_GROUPS ("Size", "", "max-message-size = 5MB\n", "max-message-size = 10MB\n")

/* 20 MB: A-B (10 MB) admits it nowhere: routing returns it, no session. */
static void
test_size_ndr_connector (void)
{
  g_autoptr (Scenario) s = trace_at (mf_test_load (SIZE_TOPO), "A1", "B1", 0, 20 * 1024 * 1024);
  g_autofree char *smtp = print_smtp (s->tr);

  g_assert_cmpstr (mf_trace_outcome (s->tr), ==, "returned");
  g_assert_cmpstr (mf_trace_ndr_code (s->tr), ==, "5.3.4");
  g_assert_cmpstr (str (s->root, "ndr_code"), ==, "5.3.4");
  g_assert_cmpint (count (s, "session"), ==, 0);
  g_assert_cmpint (count (s, "transfer"), ==, 0);
  g_assert_cmpint (find (s, "receive", "B1", 0), ==, -1);
  /* A routing NDR: told as no route admitting the size, no 552. */
  g_assert_nonnull (strstr (ndr_text (s), "admits"));
  g_assert_null (strstr (smtp, "552"));
}

/* 7 MB: A-B admits it, B1 (5 MB) refuses it at MAIL FROM: 552. */
static void
test_size_ndr_virtual_server (void)
{
  g_autoptr (Scenario) s = trace_at (mf_test_load (SIZE_TOPO), "A1", "B1", 0, 7 * 1024 * 1024);
  g_autofree char *smtp = print_smtp (s->tr);
  int r = find (s, "route", "A1", 0);

  g_assert_cmpint (r, >=, 0);
  g_assert_cmpstr (first_connector (s, r), ==, "A-B");
  g_assert_cmpstr (mf_trace_outcome (s->tr), ==, "returned");
  g_assert_cmpstr (mf_trace_ndr_code (s->tr), ==, "5.3.4");
  g_assert_cmpint (find (s, "ndr", "A1", r), >, r);
  g_assert_nonnull (strstr (ndr_text (s), "MAIL FROM"));
  g_assert_null (strstr (ndr_text (s), "admits"));
  g_assert_nonnull (strstr (smtp, "MAIL FROM:<user-a1@size.com> SIZE=7340032"));
  g_assert_nonnull (strstr (smtp, "552 5.3.4"));
  g_assert_cmpint (find (s, "receive", "B1", 0), ==, -1);
  /* The NDR comes home to A1's mailbox. */
  g_assert_cmpstr (str (step (s, n_steps (s) - 1), "server"), ==, "A1");
  g_assert_true (is_kind (s, n_steps (s) - 1, "deliver"));
}

/* A-B is cut for 5 h, `expiration` is 1 h: returned with 4.4.7, when the
 * unreachable queue is next looked at after the hour. */
static void
test_expiry_ndr (void)
{
  g_autoptr (Scenario) s = trace_at (mf_test_load (TWO_GROUPS ("Expire", "expiration = 1h\n", "", "")
                                                   "[event cut]\nat = 0s\ntarget = connector A-B\n"
                                                   "action = down\nduration = 5h\n"),
                                     "A1", "B1", 0, 10000);
  const MfOrganization *org = &s->topo->org;
  int n = find (s, "ndr", "A1", 0), ls = find (s, "link-state", "A1", 0);
  gint64 t;

  g_assert_cmpstr (mf_trace_outcome (s->tr), ==, "returned");
  g_assert_cmpstr (mf_trace_ndr_code (s->tr), ==, "4.4.7");
  g_assert_cmpint (ls, >, 0);
  g_assert_cmpint (n, >, ls);
  t = json_object_get_int_member (step (s, n), "time_us");
  g_assert_cmpint (t, >=, org->expiration_us);
  g_assert_cmpint (t, <=, org->expiration_us + org->unreachable_retry_us);
  g_assert_nonnull (strstr (ndr_text (s), "expiration"));
  /* Routed again while A-B is DOWN: no route, A-B rejected as down. */
  g_assert_cmpint (find (s, "route", "A1", ls), >, ls);
  g_assert_true (mf_trace_step_rejected_down (s->tr, find (s, "route", "A1", ls),
                                              mf_test_connector (s->topo, "A-B")));
  g_assert_cmpint (count (s, "session"), ==, 0);
  g_assert_cmpint (find (s, "receive", "B1", 0), ==, -1);
}

static void
test_internet_by_dns (void)
{
  g_autoptr (Scenario) s = trace_at (load_file ("topologies/internet-edge.topo"), "BR-EX01",
                                     "tailspin.com", 0, 10000);
  int r = find (s, "route", "BR-EX01", 0), q = find (s, "queue", "BR-EX01", 0);
  int last = n_steps (s) - 1;

  g_assert_cmpint (r, >=, 0);
  g_assert_cmpstr (str (step (s, r), "partner"), ==, "tailspin.com");
  g_assert_nonnull (strstr (str (step (s, r), "text"), "DNS"));
  g_assert_cmpint (q, >, r);
  g_assert_cmpstr (str (step (s, q), "link_queue"), ==, "tailspin.com");
  g_assert_cmpstr (str (s->root, "to"), ==, "tailspin.com");
  g_assert_true (mf_trace_delivered (s->tr));
  /* Handed to the domain's host: the last step is the transfer out. */
  g_assert_cmpint (json_object_get_int_member (step (s, last), "event_id"), ==, 1031);
  g_assert_cmpstr (str (step (s, last), "partner"), ==, "tailspin.com");
}

#define EQUAL_TOPO \
  "[organization]\nname = Equal\nduration = 6h\n[routing-group A]\n[routing-group B]\n" \
  "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n" \
  "[connector AB-1]\ntype = routing-group\nfrom = A\nto = B\ncost = 3\nreverse = true\n" \
  "[connector AB-2]\ntype = routing-group\nfrom = A\nto = B\ncost = 3\nreverse = true\n"

/* Two parallel connectors of cost 3: two routes, one picked at random per
 * message; the route step names the one the message then queues for. */
static void
test_equal_cost_split (void)
{
  int mismatches = 0;
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint64 seed = 1; seed <= 8; seed++)
    {
      g_autoptr (Scenario) s = trace_full (mf_test_load (EQUAL_TOPO), "A1", "B1", 0, 10000, seed,
                                           FALSE, NULL);
      int r = find (s, "route", "A1", 0), q = find (s, "queue", "A1", 0), chosen = 0, equal = 0;
      JsonArray *cands = json_object_get_array_member (route (s, r), "candidates");
      const char *picked = NULL;

      g_assert_cmpint (json_object_get_int_member (route (s, r), "equal_cost_paths"), ==, 2);
      g_assert_cmpuint (json_array_get_length (cands), ==, 2);
      for (guint k = 0; k < 2; k++)
        {
          JsonObject *c = json_array_get_object_element (cands, k);
          g_assert_cmpint (json_object_get_int_member (c, "cost"), ==, 3);
          g_assert_null (str (c, "reason"));
          if (json_object_get_boolean_member (c, "chosen"))
            {
              chosen++;
              picked = str (c, "connector");
              g_assert_false (json_object_get_boolean_member (c, "equal_cost"));
            }
          else
            equal += json_object_get_boolean_member (c, "equal_cost");
        }
      g_assert_cmpint (chosen, ==, 1);
      g_assert_cmpint (equal, ==, 1);
      g_assert_true (g_str_has_prefix (picked, "AB-"));
      g_hash_table_add (used, g_strdup (str (step (s, q), "link_queue")));
      mismatches += g_strcmp0 (picked, str (step (s, q), "link_queue")) != 0;
      assert_delivered_at (s, "B1");
    }
  /* Eight messages at random: both connectors carry some. */
  g_assert_cmpuint (g_hash_table_size (used), ==, 2);
  /* The route step names the connector the message was queued for. */
  g_assert_cmpint (mismatches, ==, 0);
}

/* ----------------------------------------------------------- the schema */

static void
check_schema (const Scenario *s)
{
  const MfTopology *topo = s->topo;
  JsonArray *views = json_object_get_array_member (s->root, "server_views");
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 prev = 0;

  g_assert_cmpint (n_steps (s), ==, mf_trace_n_steps (s->tr));
  g_assert_cmpstr (str (s->root, "outcome"), ==, mf_trace_outcome (s->tr));
  g_assert_cmpstr (str (s->root, "ndr_code"), ==, mf_trace_ndr_code (s->tr));
  g_assert_cmpstr (str (s->root, "message_id"), ==, mf_trace_message_id (s->tr));
  g_assert_nonnull (str (s->root, "message_id"));
  for (int i = 0; i < n_steps (s); i++)
    {
      JsonObject *o = step (s, i);
      g_autofree char *clock = mf_trace_step_clock (s->tr, i);
      gint64 t = json_object_get_int_member (o, "time_us");

      g_assert_cmpstr (str (o, "kind"), ==, mf_trace_step_kind (s->tr, i));
      g_assert_cmpstr (str (o, "clock"), ==, clock);
      g_assert_true (json_object_has_member (o, "delay_us"));
      g_assert_cmpint (json_object_get_int_member (o, "delay_us"), ==, t - prev);
      g_assert_cmpint (t, ==, mf_trace_step_time (s->tr, i) - json_object_get_int_member (s->root, "at_us"));
      prev = t;
      if (is_kind (s, i, "route") && json_object_has_member (o, "route"))
        {
          JsonObject *r = route (s, i);
          JsonArray *cands = json_object_get_array_member (r, "candidates");
          int group = mf_test_routing_group (topo, str (o, "routing_group"));
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "versions")),
                            ==, (guint) topo->n_routing_groups);
          g_assert_nonnull (cands);
          for (guint k = 0; k < json_array_get_length (cands); k++)
            {
              const char *c = str (json_array_get_object_element (cands, k), "connector");
              /* Outgoing connectors of the deciding group only. */
              g_assert_cmpint (topo->connectors[mf_test_connector (topo, c)].from, ==, group);
            }
        }
    }
  g_assert_cmpuint (json_array_get_length (views), ==, (guint) topo->n_servers);
  for (guint i = 0; i < json_array_get_length (views); i++)
    {
      const char *server = str (json_array_get_object_element (views, i), "server");
      mf_test_server (topo, server);
      g_assert_false (g_hash_table_contains (names, server));
      g_hash_table_add (names, g_strdup (server));
    }
}

static void
test_json_schema (void)
{
  g_autoptr (Scenario) detection = drill ("CHI-BH01", "DAL-MBX01", 2 * MF_US_PER_HOUR + 30 * MF_US_PER_SECOND);
  g_autoptr (Scenario) crash = drill ("DAL-MBX01", "CHI-BH01", 5 * MF_US_PER_HOUR);
  g_autoptr (Scenario) dns = trace_at (load_file ("topologies/internet-edge.topo"), "BR-EX01",
                                       "tailspin.com", 0, 10000);
  g_autoptr (Scenario) size = trace_at (mf_test_load (SIZE_TOPO), "A1", "B1", 0, 7 * 1024 * 1024);
  int routes = 0;

  check_schema (detection);
  check_schema (crash);
  check_schema (dns);
  check_schema (size);
  g_assert_cmpstr (str (size->root, "ndr_code"), ==, "5.3.4");
  /* A decision toward another group always carries its route. */
  for (int i = 0; i < n_steps (detection); i++)
    if (is_kind (detection, i, "route") && g_strcmp0 (str (step (detection, i), "routing_group"), "Dallas") != 0)
      {
        g_assert_true (json_object_has_member (step (detection, i), "route"));
        routes++;
      }
  g_assert_cmpint (routes, ==, 3);
}

/* ---------------------------------------------------------- X-LINK2STATE */

/* Without the other mail, nobody has told Atlanta at 2h13m that CHI-DAL is
 * DOWN: the session CHI-BH01 opens to ATL-EX01 right after the change finds
 * the digests different and exchanges the tables. */
static void
test_smtp_digest_exchange (void)
{
  g_autoptr (Scenario) s = trace_full (load_file ("topologies/failure-drill.topo"), "CHI-BH01",
                                       "DAL-MBX01", 130 * MF_US_PER_MINUTE, 25600, 0, TRUE, NULL);
  g_autofree char *smtp = print_smtp (s->tr);
  int ls = find (s, "link-state", "CHI-BH01", 0), d = find (s, "digest", "CHI-BH01", ls);
  JsonObject *o;

  g_assert_cmpint (ls, >, 0);
  g_assert_cmpint (d, >, ls);
  o = step (s, d);
  g_assert_cmpstr (str (o, "remote"), ==, "ATL-EX01");
  g_assert_true (json_object_get_boolean_member (o, "exchanged"));
  g_assert_cmpstr (str (o, "digest"), !=, str (o, "remote_digest"));
  /* CHI-BH01's digest is the one it routed with after the change. */
  g_assert_cmpstr (str (o, "digest"), ==,
                   str (route (s, find (s, "route", "CHI-BH01", ls)), "view_digest"));
  g_assert_cmpint (find (s, "session", "CHI-BH01", d), ==, d + 1);

  g_assert_nonnull (strstr (smtp, "they differ"));
  g_assert_nonnull (strstr (smtp, "C: X-LINK2STATE LAST CHUNK=<the link-state table (OrgInfo) of CHI-BH01>"));
  g_assert_nonnull (strstr (smtp, "S: X-LINK2STATE LAST CHUNK=<the link-state table (OrgInfo) of ATL-EX01>"));
  {
    g_autofree char *digest_line = g_strdup_printf ("C: X-LINK2STATE DIGEST=%s", str (o, "digest"));
    g_assert_nonnull (strstr (smtp, digest_line));
  }
  /* Atlanta then routes with the news it just got: CHI-DAL down. */
  g_assert_true (has_name (route (s, find (s, "route", "ATL-EX01", d)), "connectors_down", "CHI-DAL"));
  assert_delivered_at (s, "DAL-MBX01");
}

/* ------------------------------------------------------------- tracking */

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* The lines of every log file of @server that carry @msgid. */
static GPtrArray *
log_lines (const char *dir, const char *server, const char *msgid)
{
  g_autofree char *logdir = g_strdup_printf ("%s/tracking/%s.log", dir, server);
  g_autoptr (GDir) d = g_dir_open (logdir, 0, NULL);
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *text = mf_test_read_file (logdir, name);
      g_auto (GStrv) rows = g_strsplit (text, "\r\n", -1);
      for (int i = 0; rows[i] != NULL; i++)
        {
          char **f = g_strsplit (rows[i], "\t", -1);
          if (g_strv_length (f) > 9 && strcmp (f[9], msgid) == 0)
            g_ptr_array_add (lines, f);
          else
            g_strfreev (f);
        }
    }
  return lines;
}

/* Each tracking step of the traced message is a line of its server's log:
 * the MSGID, the server, the event id and the time to the second; and the
 * logs hold no line of it that the trace lacks. */
static void
test_tracking_agrees (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgflow-trace-XXXXXX", &error);
  g_autoptr (Scenario) s = NULL;
  g_autoptr (GHashTable) by_server = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) g_ptr_array_unref);
  const char *msgid;
  int tracked = 0, logged = 0;

  g_assert_no_error (error);
  s = trace_full (load_file ("topologies/failure-drill.topo"), "CHI-BH01", "DAL-MBX01",
                  2 * MF_US_PER_HOUR + 30 * MF_US_PER_SECOND, 25600, 0, FALSE, dir);
  msgid = mf_trace_message_id (s->tr);
  g_assert_nonnull (msgid);
  for (int i = 0; i < n_steps (s); i++)
    {
      JsonObject *o = step (s, i);
      const char *server = str (o, "server"), *clock = str (o, "clock");
      GPtrArray *lines;
      gboolean found = FALSE;
      g_autofree char *event = NULL, *time = NULL;

      if (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "event_id"))
          || json_object_get_boolean_member (o, "notice"))
        continue;
      g_assert_cmpint (json_object_get_int_member (o, "event_id"), ==, mf_trace_step_event (s->tr, i));
      lines = g_hash_table_lookup (by_server, server);
      if (lines == NULL)
        {
          lines = log_lines (dir, server, msgid);
          g_hash_table_insert (by_server, g_strdup (server), lines);
        }
      event = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "event_id"));
      /* "Mon 02:03:00.017" -> "2:03:00 GMT" (the logs do not pad the hour). */
      g_assert_true (g_str_has_prefix (clock, "Mon "));
      time = g_strdup_printf ("%d:%.5s GMT", atoi (clock + 4), clock + 7);
      for (guint k = 0; k < lines->len && !found; k++)
        {
          char **f = g_ptr_array_index (lines, k);
          found = strcmp (f[0], "2003-8-11") == 0 && strcmp (f[1], time) == 0
                  && strcmp (f[5], server) == 0 && strcmp (f[8], event) == 0;
        }
      if (!found)
        g_error ("step %d (%s, %s, event %s) is in no line of %s's log", i, clock, server, event,
                 server);
      tracked++;
    }
  {
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init (&it, by_server);
    while (g_hash_table_iter_next (&it, &key, &value))
      logged += (int) ((GPtrArray *) value)->len;
  }
  g_assert_cmpint (tracked, >, 20);
  g_assert_cmpint (logged, ==, tracked);
  rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/trace-scenarios/drill/before-the-outage", test_drill_before_the_outage);
  g_test_add_func ("/trace-scenarios/drill/during-detection", test_drill_during_detection);
  g_test_add_func ("/trace-scenarios/drill/after-the-spread", test_drill_after_the_spread);
  g_test_add_func ("/trace-scenarios/drill/after-the-recovery", test_drill_after_the_recovery);
  g_test_add_func ("/trace-scenarios/drill/bridgehead-crash", test_drill_bridgehead_crash);
  g_test_add_func ("/trace-scenarios/contoso-mon-1030", test_contoso_mon_1030);
  g_test_add_func ("/trace-scenarios/schedule-wait", test_schedule_wait);
  g_test_add_func ("/trace-scenarios/size-ndr/connector", test_size_ndr_connector);
  g_test_add_func ("/trace-scenarios/size-ndr/virtual-server", test_size_ndr_virtual_server);
  g_test_add_func ("/trace-scenarios/expiry-ndr", test_expiry_ndr);
  g_test_add_func ("/trace-scenarios/internet-by-dns", test_internet_by_dns);
  g_test_add_func ("/trace-scenarios/equal-cost-split", test_equal_cost_split);
  g_test_add_func ("/trace-scenarios/json-schema", test_json_schema);
  g_test_add_func ("/trace-scenarios/smtp-digest-exchange", test_smtp_digest_exchange);
  g_test_add_func ("/trace-scenarios/tracking-agrees", test_tracking_agrees);
  return g_test_run ();
}
