/* test-event-impact.c — what each [event] did (MfEventImpact,
 * transport-event-impact.c): its measurement window, the messages it
 * rerouted off the initial lowest-cost routes, and the latency of the
 * mail submitted during it against the baseline, on small organisations
 * built here whose answers follow from their shape. */
#include "transport/transport.h"
#include "test-util.h"

#include <string.h>

/* A's only bridgehead towards B (A-BH) may fail; A-C-B (cost 10) is the
 * detour around A-B (cost 1); A-D leads elsewhere and carries nothing. */
#define ORG(EVENTS)                                                                              \
  "[organization]\nname = Impact\nduration = 5h\nsample-interval = 60s\n"                       \
  "[routing-group A]\nmaster = A-MBX\n[routing-group B]\n[routing-group C]\n"                   \
  "[routing-group D]\n"                                                                          \
  "[server A-MBX]\nrouting-group = A\n[server A-BH]\nrouting-group = A\n"                        \
  "[server B1]\nrouting-group = B\nmailboxes = 10\n[server C1]\nrouting-group = C\n"             \
  "[server D1]\nrouting-group = D\n"                                                             \
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\ncost = 1\nbridgeheads = A-BH\n"      \
  "latency = 30s\nmax-connections = 100\n"                                                        \
  "[connector A-C]\ntype = routing-group\nfrom = A\nto = C\ncost = 5\nbridgeheads = A-MBX\n"     \
  "[connector C-B]\ntype = routing-group\nfrom = C\nto = B\ncost = 5\n"                          \
  "[connector A-D]\ntype = routing-group\nfrom = A\nto = D\ncost = 1\nbridgeheads = A-MBX\n"     \
  "[flow F]\nfrom = server A-MBX\nto = server B1\nrate = 1/s\narrivals = uniform\n" EVENTS

static MfRunResult *
run (const MfTopology *t)
{
  MfRunResult *r = mf_test_run (t);

  g_assert_cmpint (r->n_event_impacts, ==, t->n_events);
  return r;
}

static double
p99 (const MfHistogram *h)
{
  g_assert_cmpuint (mf_histogram_count (h), >, 0);
  return mf_histogram_percentile (h, 99.0);
}

/* A-BH is down 1 h to 3 h: the mail A-MBX sends to A-C in that time took
 * the detour; only the few messages in transfer on A-BH when it died
 * waited for its return, too few to move the p99. */
static void
test_outage_reroutes (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG ("[event crash]\nat = 1h\ntarget = server A-BH\naction = down\nduration = 2h\n"));
  g_autoptr (MfRunResult) r = run (t);
  const MfEventImpact *ev = &r->event_impacts[0];
  guint64 detour = mf_test_carried_between (r, mf_test_connector (t, "A-C"), 0, 5 * 3600);

  g_assert_cmpint (ev->start_us, ==, MF_US_PER_HOUR);
  g_assert_cmpint (ev->end_us, ==, 3 * MF_US_PER_HOUR);
  /* 1 message per second, uniformly spread. */
  g_assert_cmpuint (ev->messages, >, 6900);
  g_assert_cmpuint (ev->messages, <, 7500);
  /* Every message on A-C was a detour; those sent there in the seconds
   * after 3 h, before A-MBX learned A-B was UP again, are outside the
   * window. */
  g_assert_cmpuint (detour, >, 6500);
  g_assert_cmpuint (ev->rerouted, <=, detour);
  g_assert_cmpuint (ev->rerouted + 30, >=, detour);
  g_assert_cmpuint (ev->ndr_recipients, ==, 0);
  g_assert_cmpfloat (p99 (ev->latency_hist), <, 600);
  g_assert_cmpfloat (p99 (r->baseline_latency_hist), <, 120);
}

/* A-BH and the detour both down 1 h to 3 h: no route once both are known
 * DOWN; before that (the detection and glitch retries, a few minutes) A-MBX
 * sends mail towards the detour, which counts as rerouted.  The mail submitted at time t waits until 3 h, so the window's p99 is
 * close to 2 h while the rest of the day's mail is fast. */
static void
test_outage_without_detour (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG ("[event crash]\nat = 1h\ntarget = server A-BH\naction = down\nduration = 2h\n"
           "[event cut]\nat = 1h\ntarget = connector A-C\naction = down\nduration = 2h\n"));
  g_autoptr (MfRunResult) r = run (t);

  for (int i = 0; i < 2; i++)
    {
      const MfEventImpact *ev = &r->event_impacts[i];
      g_assert_cmpuint (ev->rerouted, <, 6 * 60);
      g_assert_cmpuint (ev->ndr_recipients, ==, 0);
      g_assert_cmpfloat (p99 (ev->latency_hist), >, 6000);
      g_assert_cmpfloat (p99 (ev->latency_hist), <, 2 * 3600 + 600);
    }
  /* The mail right after 3 h queues behind the backlog: slower than
   * usual, but far from the window's. */
  g_assert_cmpfloat (p99 (r->event_impacts[0].latency_hist) - p99 (r->baseline_latency_hist), >,
                     3600);
}

/* A connector no route uses goes down: nothing is rerouted and the mail
 * of the window is as fast as the rest. */
static void
test_unrelated_event (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG ("[event cut]\nat = 1h\ntarget = connector A-D\naction = down\nduration = 2h\n"));
  g_autoptr (MfRunResult) r = run (t);
  const MfEventImpact *ev = &r->event_impacts[0];

  g_assert_cmpuint (ev->messages, >, 6900);
  g_assert_cmpuint (ev->rerouted, ==, 0);
  g_assert_cmpfloat (p99 (ev->latency_hist), <, 120);
  g_assert_cmpfloat (fabs (p99 (ev->latency_hist) - p99 (r->baseline_latency_hist)), <, 30);
}

/* A cost change that makes the detour the lowest-cost route: mail sent
 * over A-C then is rerouted (off the initial lowest-cost route) though it
 * follows the new lowest-cost one. */
static void
test_cost_change (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG ("[event dear]\nat = 1h\ntarget = connector A-B\naction = cost 50\nduration = 1h\n"));
  g_autoptr (MfRunResult) r = run (t);
  const MfEventImpact *ev = &r->event_impacts[0];

  g_assert_cmpuint (ev->rerouted, >, 3000);
  g_assert_cmpuint (ev->rerouted, <=, ev->messages + 100);
}

/* Windows: a duration ends one; without it the next event on the same
 * target does, else the end of the run. */
static void
test_windows (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG ("[event cut]\nat = 1h\ntarget = connector A-D\naction = down\n"
           "[event mend]\nat = 2h\ntarget = connector A-D\naction = up\n"
           "[event dear]\nat = 30m\ntarget = connector A-B\naction = cost 2\n"
           "[event crash]\nat = 4h\ntarget = server A-BH\naction = down\nduration = 5h\n"));
  g_autoptr (MfRunResult) r = run (t);

  /* Run order: dear, cut, mend, crash. */
  g_assert_cmpint (r->event_impacts[0].start_us, ==, MF_US_PER_HOUR / 2);
  g_assert_cmpint (r->event_impacts[0].end_us, ==, 5 * MF_US_PER_HOUR);
  g_assert_cmpint (r->event_impacts[1].end_us, ==, 2 * MF_US_PER_HOUR);
  g_assert_cmpint (r->event_impacts[2].end_us, ==, 5 * MF_US_PER_HOUR);
  /* A duration past the run's end stops at the end. */
  g_assert_cmpint (r->event_impacts[3].end_us, ==, 5 * MF_US_PER_HOUR);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/event-impact/outage-reroutes", test_outage_reroutes);
  g_test_add_func ("/event-impact/without-detour", test_outage_without_detour);
  g_test_add_func ("/event-impact/unrelated", test_unrelated_event);
  g_test_add_func ("/event-impact/cost-change", test_cost_change);
  g_test_add_func ("/event-impact/windows", test_windows);
  return g_test_run ();
}
