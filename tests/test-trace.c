/* test-trace.c — `trace` follows one message with the simulator itself:
 * through a failover before and during an outage, to the Internet, and to
 * an NDR. */
#include "analyze/trace.h"
#include "base/igraph-util.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/trace/before-the-outage", test_before_the_outage);
  g_test_add_func ("/trace/during-the-outage", test_during_the_outage);
  g_test_add_func ("/trace/to-the-internet-and-around-a-size-limit", test_to_the_internet_and_around_a_size_limit);
  return g_test_run ();
}
