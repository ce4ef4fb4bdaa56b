/* test-trace.c — `trace` follows one message with the simulator itself:
 * through a failover before and during an outage, to the Internet, and to
 * an NDR; in failure-drill, the whole simulation up to --at decides what
 * the message's servers know (their link-state views), with clock times,
 * the same trace for the same seed, and the outcome with its NDR code. */
#include "analyze/trace.h"
#include "trace-scenario.h"
#include "base/igraph-util.h"

#include <stdio.h>
#include <string.h>

#define TOPO \
  "[organization]\nname = Trace\nduration = 6h\n" \
  "[routing-group A]\n[routing-group B]\n[routing-group C]\n" \
  "[server A1]\nrouting-group = A\n[server A2]\nrouting-group = A\n" \
  "[server B1]\nrouting-group = B\n[server C1]\nrouting-group = C\n" \
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\ncost = 1\nbridgeheads = A2\n" \
  "reverse = true\nmax-message-size = 1MB\n" \
  "[connector A-C]\ntype = routing-group\nfrom = A\nto = C\ncost = 5\nreverse = true\n" \
  "[connector C-B]\ntype = routing-group\nfrom = C\nto = B\ncost = 5\nreverse = true\n" \
  "[connector Out]\ntype = smtp\nfrom = C\naddress-spaces = SMTP:* 1\n" \
  "[event cut]\nat = 1h\ntarget = connector A-B\naction = down\nduration = 2h\n"

static MfTopology *
load (void)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_parse_data ("t.topo", TOPO, strlen (TOPO), &error);
  g_assert_no_error (error);
  return t;
}

/* Index of the first routing step at a server, -1 if none. */
static int
routing_step (const MfTrace *tr, const char *server, int from)
{
  for (int i = from; i < mf_trace_n_steps (tr); i++)
    if (mf_trace_step_event (tr, i) == 1034 && strcmp (mf_trace_step_server (tr, i), server) == 0
        && mf_trace_step_connector (tr, i) >= 0)
      return i;
  return -1;
}

static void
test_before_the_outage (void)
{
  g_autoptr (MfTopology) t = load ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTrace) tr = mf_trace_run (t, 0, 2, NULL, 30 * MF_US_PER_MINUTE, 10000, &error);
  int i;

  g_assert_no_error (error);
  g_assert_true (mf_trace_delivered (tr));
  /* A1 is not a bridgehead of A-B: it hands the message to A2, which
   * sends it over A-B; B1 delivers it. */
  g_assert_cmpint (mf_trace_step_event (tr, 0), ==, 1027);
  i = routing_step (tr, "A1", 0);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (mf_trace_step_connector (tr, i), ==, mf_topo_find_connector (t, "A-B"));
  i = routing_step (tr, "A2", 0);
  g_assert_cmpint (mf_trace_step_connector (tr, i), ==, mf_topo_find_connector (t, "A-B"));
  g_assert_cmpint (mf_trace_step_event (tr, mf_trace_n_steps (tr) - 1), ==, 1028);
  g_assert_cmpstr (mf_trace_step_server (tr, mf_trace_n_steps (tr) - 1), ==, "B1");
}

static void
test_during_the_outage (void)
{
  g_autoptr (MfTopology) t = load ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTrace) tr = mf_trace_run (t, 0, 2, NULL, 90 * MF_US_PER_MINUTE, 10000, &error);
  int ab = mf_topo_find_connector (t, "A-B"), ac = mf_topo_find_connector (t, "A-C");
  int first, detour = -1;

  g_assert_no_error (error);
  g_assert_true (mf_trace_delivered (tr));
  /* Nobody has used A-B since the cut: A2 still routes over it, fails,
   * retries, reports it DOWN, and then takes the detour with A-B rejected
   * as down in its own view. */
  first = routing_step (tr, "A2", 0);
  g_assert_cmpint (mf_trace_step_connector (tr, first), ==, ab);
  for (int i = first + 1; i < mf_trace_n_steps (tr); i++)
    if (mf_trace_step_event (tr, i) == 1034 && mf_trace_step_connector (tr, i) == ac)
      {
        detour = i;
        break;
      }
  g_assert_cmpint (detour, >, first);
  g_assert_true (mf_trace_step_rejected_down (tr, detour, ab));
  g_assert_cmpstr (mf_trace_step_server (tr, mf_trace_n_steps (tr) - 1), ==, "B1");
}

static void
test_to_the_internet_and_around_a_size_limit (void)
{
  g_autoptr (MfTopology) t = load ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTrace) out = mf_trace_run (t, 2, -1, "fabrikam.com", 0, 10000, &error);
  g_autoptr (MfTrace) big = NULL;
  gboolean ndr = FALSE;

  g_assert_no_error (error);
  g_assert_true (mf_trace_delivered (out));
  g_assert_cmpint (mf_trace_step_event (out, mf_trace_n_steps (out) - 1), ==, 1031);
  g_assert_cmpstr (mf_trace_step_server (out, mf_trace_n_steps (out) - 1), ==, "C1");

  /* 2 MB cannot cross A-B (1 MB), but may go around through C. */
  big = mf_trace_run (t, 0, 2, NULL, 0, 2 * 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_true (mf_trace_delivered (big));
  for (int i = 0; i < mf_trace_n_steps (big); i++)
    ndr |= mf_trace_step_event (big, i) == 1030;
  g_assert_false (ndr);
  g_assert_cmpint (mf_trace_step_connector (big, routing_step (big, "A1", 0)), ==,
                   mf_topo_find_connector (t, "A-C"));
}

static MfTopology *
load_drill (void)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_load_file ("topologies/failure-drill.topo", &error);
  g_assert_no_error (error);
  return t;
}

static MfTrace *
drill_trace (const MfTopology *t, gint64 at_us, guint64 seed, gboolean quiet)
{
  g_autoptr (GError) error = NULL;
  MfTraceOptions o = { .seed = seed, .quiet_network = quiet };
  MfTrace *tr = mf_trace_run_full (t, mf_topo_find_server (t, "CHI-BH01"),
                                   mf_topo_find_server (t, "DAL-MBX01"), NULL, at_us, 25600, &o,
                                   &error);
  g_assert_no_error (error);
  return tr;
}

/* CHI-DAL is cut at 2h; the mail of the drill finds it DOWN and floods the
 * news, so at 2h10m CHI-BH01's own view has it DOWN and its first decision
 * takes CHI-ATL.  At 1h50m it takes CHI-DAL. */
static void
test_drill_sees_the_outage (void)
{
  g_autoptr (MfTopology) t = load_drill ();
  g_autoptr (MfTrace) before = drill_trace (t, 110 * MF_US_PER_MINUTE, t->org.seed, FALSE);
  g_autoptr (MfTrace) during = drill_trace (t, 130 * MF_US_PER_MINUTE, t->org.seed, FALSE);
  int chi_dal = mf_topo_find_connector (t, "CHI-DAL"), chi_atl = mf_topo_find_connector (t, "CHI-ATL");
  int i;
  g_autofree char *clock = NULL;

  i = routing_step (before, "CHI-BH01", 0);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (mf_trace_step_connector (before, i), ==, chi_dal);
  g_assert_cmpstr (mf_trace_outcome (before), ==, "delivered");

  i = routing_step (during, "CHI-BH01", 0);
  g_assert_cmpint (i, ==, 5);
  g_assert_cmpint (mf_trace_step_connector (during, i), ==, chi_atl);
  g_assert_true (mf_trace_step_rejected_down (during, i, chi_dal));
  g_assert_true (mf_trace_delivered (during));
  g_assert_cmpstr (mf_trace_outcome (during), ==, "delivered");
  g_assert_null (mf_trace_ndr_code (during));
  g_assert_cmpstr (mf_trace_step_server (during, mf_trace_n_steps (during) - 1), ==, "DAL-MBX01");
  /* The clock of the first step is --at; the run stopped with the
   * delivery, a second and a bit later (Mon 02:10:01.160). */
  clock = mf_trace_step_clock (during, 0);
  g_assert_cmpstr (clock, ==, "Mon 02:10:00.000");
  g_assert_cmpint (mf_trace_step_time (during, 0), ==, 130 * MF_US_PER_MINUTE);
  g_clear_pointer (&clock, g_free);
  clock = mf_trace_step_clock (during, mf_trace_n_steps (during) - 1);
  g_assert_cmpstr (clock, ==, "Mon 02:10:01.160");
}

static void
test_drill_same_seed_same_trace (void)
{
  g_autoptr (MfTopology) t = load_drill ();
  g_autoptr (MfTrace) a = drill_trace (t, 130 * MF_US_PER_MINUTE, 7, FALSE);
  g_autoptr (MfTrace) b = drill_trace (t, 130 * MF_US_PER_MINUTE, 7, FALSE);
  g_autofree char *ja = print_json (a);
  g_autofree char *jb = print_json (b);

  g_assert_cmpstr (ja, ==, jb);
  g_assert_nonnull (strstr (ja, "\"seed\": 7,"));
  g_assert_nonnull (strstr (ja, "\"clock\": \"Mon 02:10:00.000\", \"delay_us\": 0,"));
  g_assert_nonnull (strstr (ja, "\"outcome\": \"delivered\", \"ndr_code\": null"));
}

/* Without the other mail nobody has tried CHI-DAL at 2h10m: CHI-BH01 still
 * routes over it, fails, and detours with CHI-DAL DOWN in its own view: the
 * event did happen. */
static void
test_drill_quiet_network (void)
{
  g_autoptr (MfTopology) t = load_drill ();
  g_autoptr (MfTrace) tr = drill_trace (t, 130 * MF_US_PER_MINUTE, t->org.seed, TRUE);
  int chi_dal = mf_topo_find_connector (t, "CHI-DAL"), chi_atl = mf_topo_find_connector (t, "CHI-ATL");
  int first = routing_step (tr, "CHI-BH01", 0), detour;
  g_autofree char *clock = NULL;

  g_assert_cmpint (mf_trace_step_connector (tr, first), ==, chi_dal);
  detour = routing_step (tr, "CHI-BH01", first + 1);
  g_assert_cmpint (detour, >, first);
  g_assert_cmpint (mf_trace_step_connector (tr, detour), ==, chi_atl);
  g_assert_true (mf_trace_step_rejected_down (tr, detour, chi_dal));
  clock = mf_trace_step_clock (tr, detour);
  g_assert_cmpstr (clock, ==, "Mon 02:13:00.003");
  g_assert_cmpstr (mf_trace_outcome (tr), ==, "delivered");
}

/* 2 MB cannot cross A-B (1 MB) and there is no other way: returned with
 * 5.3.4, and the trace follows the NDR home to A1's mailbox. */
static void
test_size_ndr_outcome (void)
{
  static const char text[] = "[organization]\nname = T\nduration = 6h\n[routing-group A]\n"
                             "[routing-group B]\n[server A1]\nrouting-group = A\n[server B1]\n"
                             "routing-group = B\n[connector A-B]\ntype = routing-group\nfrom = A\n"
                             "to = B\nreverse = true\nmax-message-size = 1MB\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) t = mf_topo_parse_data ("t.topo", text, strlen (text), &error);
  g_autoptr (MfTrace) tr = NULL;
  g_autofree char *json = NULL;
  int n;

  g_assert_no_error (error);
  tr = mf_trace_run (t, 0, 1, NULL, 0, 2 * 1024 * 1024, &error);
  g_assert_no_error (error);
  n = mf_trace_n_steps (tr);
  g_assert_false (mf_trace_delivered (tr));
  g_assert_cmpstr (mf_trace_outcome (tr), ==, "returned");
  g_assert_cmpstr (mf_trace_ndr_code (tr), ==, "5.3.4");
  g_assert_cmpint (n, ==, 11);
  g_assert_cmpint (mf_trace_step_event (tr, 5), ==, 1030);
  g_assert_cmpint (mf_trace_step_event (tr, n - 1), ==, 1028);
  g_assert_cmpstr (mf_trace_step_server (tr, n - 1), ==, "A1");
  json = print_json (tr);
  g_assert_nonnull (strstr (json, "\"outcome\": \"returned\", \"ndr_code\": \"5.3.4\""));
}

/* Submitted when the file's `duration` (6h) ends: the run goes on past it
 * until the message is delivered, and stops there. */
static void
test_past_the_duration (void)
{
  g_autoptr (MfTopology) t = load ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTrace) tr = mf_trace_run (t, 0, 2, NULL, 6 * MF_US_PER_HOUR, 10000, &error);
  int n;
  g_autofree char *first = NULL, *last = NULL;

  g_assert_no_error (error);
  n = mf_trace_n_steps (tr);
  g_assert_cmpstr (mf_trace_outcome (tr), ==, "delivered");
  g_assert_cmpstr (mf_trace_step_server (tr, n - 1), ==, "B1");
  g_assert_cmpint (mf_trace_step_event (tr, n - 1), ==, 1028);
  g_assert_cmpint (mf_trace_step_time (tr, n - 1), >, 6 * MF_US_PER_HOUR);
  first = mf_trace_step_clock (tr, 0);
  g_assert_cmpstr (first, ==, "Mon 06:00:00.000");
  last = mf_trace_step_clock (tr, n - 1);
  g_assert_cmpstr (last, ==, "Mon 06:00:00.013");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/trace/before-the-outage", test_before_the_outage);
  g_test_add_func ("/trace/during-the-outage", test_during_the_outage);
  g_test_add_func ("/trace/to-the-internet-and-around-a-size-limit", test_to_the_internet_and_around_a_size_limit);
  g_test_add_func ("/trace/drill-sees-the-outage", test_drill_sees_the_outage);
  g_test_add_func ("/trace/drill-same-seed-same-trace", test_drill_same_seed_same_trace);
  g_test_add_func ("/trace/drill-quiet-network", test_drill_quiet_network);
  g_test_add_func ("/trace/size-ndr-outcome", test_size_ndr_outcome);
  g_test_add_func ("/trace/past-the-duration", test_past_the_duration);
  return g_test_run ();
}
