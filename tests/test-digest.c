/* test-digest.c — X-LINK2STATE in every SMTP session between routing
 * groups: the two ends compare digests and, on a mismatch, take the newer
 * state before the first message, so a receiver that knows of a failure
 * and a sender that does not cannot bounce a message between them; over
 * SMTP connectors with `link-state-over-smtp = false` nothing is compared
 * and the message still ping-pongs (the control). */
#include "analyze/trace.h"
#include "base/igraph-util.h"
#include "transport/transport.h"

#include <string.h>

#define DIGEST_EXCHANGES 2

/* A-B-C is the cheap path (2), A-C the detour (5).  B-C is cut from the
 * start; B learns it from its own glitch retries, A only after an hour of
 * `link-state-delay` — unless a session tells it. */
#define PINGPONG(TYPE, OVER_SMTP) \
  "[organization]\nname = Digest\nduration = 6h\nlink-state-delay = 1h\n" \
  "link-state-over-smtp = " OVER_SMTP "\n" \
  "[routing-group A]\n[routing-group B]\n[routing-group C]\n" \
  "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n" \
  "[server C1]\nrouting-group = C\n" \
  "[connector A-B]\ntype = " TYPE "\nfrom = A\nto = B\ncost = 1\nreverse = true\n" \
  "[connector B-C]\ntype = " TYPE "\nfrom = B\nto = C\ncost = 1\nreverse = true\n" \
  "[connector A-C]\ntype = " TYPE "\nfrom = A\nto = C\ncost = 5\nreverse = true\n" \
  "[event cut]\nat = 0s\ntarget = connector B-C\naction = down\nduration = 5h\n"

static MfTopology *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_parse_data ("t.topo", text, strlen (text), &error);
  g_assert_no_error (error);
  return t;
}

/* Routing steps (event 1034 over a connector) at a server. */
static int
count_routing (const MfTrace *tr, const char *server, int *last)
{
  int n = 0;

  for (int i = 0; i < mf_trace_n_steps (tr); i++)
    if (mf_trace_step_event (tr, i) == 1034 && strcmp (mf_trace_step_server (tr, i), server) == 0
        && mf_trace_step_connector (tr, i) >= 0)
      {
        n++;
        if (last != NULL)
          *last = i;
      }
  return n;
}

/* How many times the message arrives at a server (event 1019). */
static int
count_arrivals (const MfTrace *tr, const char *server)
{
  int n = 0;

  for (int i = 0; i < mf_trace_n_steps (tr); i++)
    n += mf_trace_step_event (tr, i) == 1019 && strcmp (mf_trace_step_server (tr, i), server) == 0;
  return n;
}

static void
test_no_ping_pong (void)
{
  g_autoptr (MfTopology) t = parse (PINGPONG ("routing-group", "true"));
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTrace) tr = mf_trace_run (t, 0, 2, NULL, 0, 10000, &error);
  int last = -1;

  g_assert_no_error (error);
  g_assert_true (mf_trace_delivered (tr));
  /* A1 routes over A-B; B1 finds B-C cut and sends it back (one extra
   * hop); the session B1 -> A1 tells A1 that B-C is DOWN, so A1 takes the
   * detour A-C at once instead of an hour later. */
  g_assert_cmpint (count_routing (tr, "A1", &last), ==, 2);
  g_assert_cmpint (mf_trace_step_connector (tr, last), ==, mf_topo_find_connector (t, "A-C"));
  g_assert_true (mf_trace_step_rejected_down (tr, last, mf_topo_find_connector (t, "B-C")));
  g_assert_cmpint (count_routing (tr, "B1", NULL), ==, 2);
  g_assert_cmpint (count_arrivals (tr, "B1"), ==, 1);
  g_assert_cmpint (count_arrivals (tr, "A1"), ==, 2); /* submitted, and back once */
  g_assert_cmpstr (mf_trace_step_server (tr, mf_trace_n_steps (tr) - 1), ==, "C1");
}

static void
test_no_compare_over_smtp_when_off (void)
{
  g_autoptr (MfTopology) t = parse (PINGPONG ("smtp", "false"));
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTrace) tr = mf_trace_run (t, 0, 2, NULL, 0, 10000, &error);

  g_assert_no_error (error);
  /* No link state crosses: A1 keeps sending it back to B1 (ping-pong). */
  g_assert_cmpint (count_arrivals (tr, "B1"), >, 2);
}

static void
test_contoso_at_mon_1030 (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) t = mf_topo_load_file ("topologies/contoso-global.topo", &error);
  g_autoptr (MfTrace) tr = NULL;
  int london = 0, last = -1;

  g_assert_no_error (error);
  tr = mf_trace_run (t, mf_topo_find_server (t, "SEA-MBX01"), mf_topo_find_server (t, "BRU-EX01"),
                     NULL, (10 * 60 + 30) * MF_US_PER_MINUTE, 25 * 1024, &error);
  g_assert_no_error (error);
  g_assert_true (mf_trace_delivered (tr));
  /* Before: London and Seattle passed it back and forth six times.  A
   * trace is now the whole simulation up to Mon 10:30: half an hour into
   * the LON-BRU outage the other mail has carried the news to Seattle (in
   * sessions between the groups), so Seattle takes SEA-TYO at once and
   * London never sees the message. */
  for (int i = 0; i < mf_trace_n_steps (tr); i++)
    london += mf_trace_step_event (tr, i) == 1019
              && g_str_has_prefix (mf_trace_step_server (tr, i), "LON-");
  g_assert_cmpint (london, ==, 0);
  g_assert_cmpint (count_routing (tr, "SEA-BH01", &last), ==, 1);
  g_assert_cmpint (mf_trace_step_connector (tr, last), ==, mf_topo_find_connector (t, "SEA-TYO"));
  g_assert_cmpstr (mf_trace_step_server (tr, mf_trace_n_steps (tr) - 1), ==, "BRU-EX01");
}

static MfRunResult *
simulate (const MfTopology *t)
{
  g_autoptr (GError) error = NULL;
  MfRunOptions o = { 0 };
  MfRunResult *r;

  o.seed = t->org.seed;
  o.duration_us = t->org.duration_us;
  o.warmup_us = t->org.warmup_us;
  o.sample_interval_us = t->org.sample_interval_us;
  r = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  g_assert_true (r->complete);
  g_assert_cmpuint (r->messages.generated, ==,
                    r->messages.delivered + r->messages.ndr + r->messages.in_flight);
  return r;
}

/* A flow over the same cut: B-C changes twice (DOWN after B1's glitch
 * retries, UP when the cut ends at 5h); each time the first session
 * between A1 and B1 exchanges tables, and then the digests agree again
 * (without it, A1 would learn each an hour late). */
static void
test_simulation_counts_exchanges (void)
{
  g_autoptr (MfTopology) on = parse (PINGPONG ("routing-group", "true")
                                     "[flow F]\nfrom = server A1\nto = server C1\nrate = 1/min\n");
  g_autoptr (MfTopology) off = parse (PINGPONG ("smtp", "false")
                                      "[flow F]\nfrom = server A1\nto = server C1\nrate = 1/min\n");
  g_autoptr (MfRunResult) r = simulate (on);
  g_autoptr (MfRunResult) control = simulate (off);

  g_assert_cmpuint (r->link_changes->len, ==, 2);
  g_assert_cmpuint (r->digest_exchanges, ==, DIGEST_EXCHANGES);
  g_assert_cmpuint (r->messages.ndr, ==, 0);
  g_assert_cmpuint (control->digest_exchanges, ==, 0);
  /* Without the exchange messages bounce until max-hop-count returns them. */
  g_assert_cmpuint (control->messages.ndr, >, 0);
  g_test_message ("exchanges %" G_GUINT64_FORMAT " delivered %" G_GUINT64_FORMAT
                  " control ndr %" G_GUINT64_FORMAT,
                  r->digest_exchanges, r->messages.delivered, control->messages.ndr);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/digest/no-ping-pong", test_no_ping_pong);
  g_test_add_func ("/digest/no-compare-over-smtp-when-off", test_no_compare_over_smtp_when_off);
  g_test_add_func ("/digest/contoso-mon-1030", test_contoso_at_mon_1030);
  g_test_add_func ("/digest/simulation-counts-exchanges", test_simulation_counts_exchanges);
  return g_test_run ();
}
