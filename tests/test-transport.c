/* test-transport.c — scenario tests of the simulated transport, each with
 * an asserted outcome, and queueing theory through the whole model.  Every
 * run checks conservation itself (mf_transport_run fails otherwise); the
 * tests check it again from the counters. */
#include "transport/transport.h"
#include "base/igraph-util.h"
#include "test-util.h"

#include <math.h>
#include <string.h>

static MfRunResult *
run_rep (const MfTopology *t, guint replication)
{
  g_autoptr (GError) error = NULL;
  MfRunOptions o = { 0 };
  MfRunResult *r;

  o.seed = t->org.seed;
  o.replication = replication;
  o.duration_us = t->org.duration_us;
  o.warmup_us = t->org.warmup_us;
  o.sample_interval_us = t->org.sample_interval_us;
  r = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_true (r->complete);
  return r;
}

static MfRunResult *
run (const MfTopology *t)
{
  return run_rep (t, 0);
}

static void
assert_conserved (const MfRunResult *r)
{
  g_assert_cmpuint (r->messages.generated, ==,
                    r->messages.delivered + r->messages.ndr + r->messages.in_flight);
  g_assert_cmpuint (r->recipients.generated, ==,
                    r->recipients.delivered + r->recipients.ndr + r->recipients.in_flight);
  g_assert_cmpuint (r->dsn_messages.generated, ==,
                    r->dsn_messages.delivered + r->dsn_messages.ndr + r->dsn_messages.in_flight);
}

/* End of the first sample interval in which the connector carried mail. */
static double
first_use_s (const MfRunResult *r, int connector)
{
  for (guint i = 0; i < r->connector_samples->len; i++)
    {
      const MfConnectorSample *s = &g_array_index (r->connector_samples, MfConnectorSample, i);
      if (s->connector == connector && s->messages > 0)
        return (double) s->time_us / 1e6;
    }
  return -1;
}

/* ------------------------------------------------- queueing theory */

/* One server, categorizer exp(1s), a Poisson flow of 0.8/s to itself and
 * an instant store: an M/M/1 queue, mean sojourn 1/(1 - 0.8) = 5 s.
 * Ten replications; 5 s must lie in the 99% Student-t interval, and the
 * interval must be narrow enough for that to mean something. */
static void
test_mm1_through_the_model (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = MM1\nduration = 30000s\nwarmup = 2000s\nsample-interval = 1h\n"
      "[routing-group G]\n[server S]\nrouting-group = G\ncategorizer = exp(1s)\n"
      "store-delivery = const(0)\n"
      "[flow F]\nfrom = server S\nto = server S\nrate = 0.8/s\n");
  const int R = 10;
  double sum = 0, sum2 = 0, mean, sd, half;

  for (int rep = 0; rep < R; rep++)
    {
      g_autoptr (MfRunResult) r = run_rep (t, (guint) rep);
      double m = mf_tally_mean (&r->latency_s);
      assert_conserved (r);
      g_assert_cmpuint (mf_tally_count (&r->latency_s), >, 20000);
      sum += m;
      sum2 += m * m;
    }
  mean = sum / R;
  sd = sqrt ((sum2 - R * mean * mean) / (R - 1));
  half = 3.250 * sd / sqrt (R); /* t(0.995, 9) */
  g_test_message ("M/M/1 mean sojourn %.3f ± %.3f (theory 5)", mean, half);
  g_assert_cmpfloat (fabs (mean - 5.0), <, half);
  g_assert_cmpfloat (half, <, 0.5);
}

/* Three routing groups in a chain with instant links, one server each with
 * categorizer exp(1s): a Jackson tandem of three M/M/1 stations at 0.8/s,
 * mean sojourn 3 × 5 = 15 s. */
static void
test_jackson_tandem_through_groups (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Tandem\nduration = 30000s\nwarmup = 3000s\nsample-interval = 1h\n"
      "[routing-group A]\n[routing-group B]\n[routing-group C]\n"
      "[server SA]\nrouting-group = A\ncategorizer = exp(1s)\nstore-delivery = const(0)\n"
      "[server SB]\nrouting-group = B\ncategorizer = exp(1s)\nstore-delivery = const(0)\n"
      "[server SC]\nrouting-group = C\ncategorizer = exp(1s)\nstore-delivery = const(0)\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\n"
      "[connector B-C]\ntype = routing-group\nfrom = B\nto = C\n"
      "[flow F]\nfrom = server SA\nto = server SC\nrate = 0.8/s\n");
  const int R = 10;
  double sum = 0, sum2 = 0, mean, sd, half;

  for (int rep = 0; rep < R; rep++)
    {
      g_autoptr (MfRunResult) r = run_rep (t, (guint) rep);
      assert_conserved (r);
      g_assert_cmpuint (r->connectors[mf_test_connector (t, "B-C")].messages, >, 10000);
      sum += mf_tally_mean (&r->latency_s);
      sum2 += mf_tally_mean (&r->latency_s) * mf_tally_mean (&r->latency_s);
    }
  mean = sum / R;
  sd = sqrt ((sum2 - R * mean * mean) / (R - 1));
  half = 3.250 * sd / sqrt (R);
  g_test_message ("tandem mean sojourn %.3f ± %.3f (theory 15)", mean, half);
  g_assert_cmpfloat (fabs (mean - 15.0), <, half);
  g_assert_cmpfloat (half, <, 1.5);
}

/* ------------------------------------------------------ failover */

/* A—B is cheap, A—C—B the detour.  A—B is cut from 1h to 2h. */
#define FAILOVER(extra_org) \
  "[organization]\nname = Failover\nduration = 4h\nsample-interval = 1m\n" extra_org \
  "[routing-group A]\n[routing-group B]\n[routing-group C]\n" \
  "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n[server C1]\nrouting-group = C\n" \
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\ncost = 1\nreverse = true\n" \
  "latency = 10ms\n" \
  "[connector A-C]\ntype = routing-group\nfrom = A\nto = C\ncost = 5\nreverse = true\n" \
  "[connector C-B]\ntype = routing-group\nfrom = C\nto = B\ncost = 5\nreverse = true\n" \
  "[flow F]\nfrom = server A1\nto = server B1\nrate = 1/s\narrivals = uniform\n" \
  "[event cut]\nat = 1h\ntarget = connector A-B\naction = down\nduration = 1h\n"

static void
test_failover_and_back (void)
{
  g_autoptr (MfTopology) t = mf_test_load (FAILOVER (""));
  g_autoptr (MfRunResult) r = run (t);
  int ab = mf_test_connector (t, "A-B"), ac = mf_test_connector (t, "A-C");

  assert_conserved (r);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  /* Before the cut all mail goes A—B; during it, after glitch retries
   * (3 × 60 s) and the report, over the detour; after it, back. */
  g_assert_cmpuint (mf_test_carried_between (r, ac, 0, 3600), ==, 0);
  g_assert_cmpuint (mf_test_carried_between (r, ab, 3600 + 60, 7200), ==, 0);
  g_assert_cmpuint (mf_test_carried_between (r, ac, 3600 + 300, 7200), >, 3000);
  g_assert_cmpuint (mf_test_carried_between (r, ab, 7200 + 180, 14400), >, 3000);
  g_assert_cmpuint (mf_test_carried_between (r, ac, 7200 + 180, 14400), ==, 0);
  /* DOWN then UP, made by A's master and learned by every server. */
  g_assert_cmpuint (r->connectors[ab].state_changes, ==, 2);
  g_assert_cmpuint (r->link_changes->len, >=, 2);
  g_assert_cmpint (r->convergence_us, >, 0);
  g_assert_cmpint (r->convergence_us, <=, 10 * MF_US_PER_SECOND);
  /* Mail queued before the detour was known waited at most about
   * glitch retries + link-state delay. */
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), <, 600);
}

static void
test_suppress_state_changes (void)
{
  g_autoptr (MfTopology) t = mf_test_load (FAILOVER ("suppress-state-changes = true\n"));
  g_autoptr (MfRunResult) r = run (t);
  int ab = mf_test_connector (t, "A-B"), ac = mf_test_connector (t, "A-C");

  assert_conserved (r);
  /* Never marked down: no change, no detour; mail waits in retry for the
   * link and is delivered when it is back. */
  g_assert_cmpuint (r->link_changes->len, ==, 0);
  g_assert_cmpuint (r->connectors[ab].state_changes, ==, 0);
  g_assert_cmpuint (r->connectors[ac].messages, ==, 0);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), >, 3000);
  g_assert_cmpuint (r->recipients.in_flight, <, 10);
}

/* Rerouting waits for the news: the flow starts in X, whose next hop A
 * finds A—B cut; X keeps sending to A until A's master's change reaches X.
 * With a slow link-state step the detour X—C starts later. */
static double
detour_start (const char *delay, guint64 *ndr_out)
{
  g_autofree char *text = g_strdup_printf (
      "[organization]\nname = Stale\nduration = 3h\nsample-interval = 10s\n"
      "link-state-delay = %s\nmax-hop-count = 256\n"
      "[routing-group X]\n[routing-group A]\n[routing-group B]\n[routing-group C]\n"
      "[server X1]\nrouting-group = X\n[server A1]\nrouting-group = A\n"
      "[server B1]\nrouting-group = B\n[server C1]\nrouting-group = C\n"
      "[connector X-A]\ntype = routing-group\nfrom = X\nto = A\ncost = 1\nreverse = true\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\ncost = 1\nlatency = 5ms\n"
      "[connector X-C]\ntype = routing-group\nfrom = X\nto = C\ncost = 5\n"
      "[connector C-B]\ntype = routing-group\nfrom = C\nto = B\ncost = 5\n"
      "[flow F]\nfrom = server X1\nto = server B1\nrate = 1/s\narrivals = uniform\n"
      "[event cut]\nat = 1h\ntarget = connector A-B\naction = down\n", delay);
  g_autoptr (MfTopology) t = mf_test_load (text);
  g_autoptr (MfRunResult) r = run (t);
  assert_conserved (r);
  g_test_message ("link-state-delay %s: ndr %" G_GUINT64_FORMAT " (hop count %" G_GUINT64_FORMAT
                  "), X-A carried %" G_GUINT64_FORMAT ", A-X %" G_GUINT64_FORMAT, delay,
                  r->recipients.ndr, r->ndr_by_reason[MF_NDR_HOP_COUNT],
                  r->connectors[mf_test_connector (t, "X-A")].messages,
                  r->connectors[mf_test_connector (t, "X-A (reverse)")].messages);
  /* Every NDR, if any, is a hop-count NDR of the ping-pong between X and A
   * while their views disagree. */
  g_assert_cmpuint (r->recipients.ndr, ==, r->ndr_by_reason[MF_NDR_HOP_COUNT]);
  *ndr_out = r->recipients.ndr;
  return first_use_s (r, mf_test_connector (t, "X-C"));
}

static void
test_rerouting_waits_for_link_state (void)
{
  guint64 ndr_fast, ndr_slow;
  double fast = detour_start ("1s", &ndr_fast);
  double slow = detour_start ("10m", &ndr_slow);

  g_test_message ("detour first used at %.0f s (1s steps) and %.0f s (10m steps)", fast, slow);
  /* Cut at 3600 s; glitch retries take 180 s; then one step to X. */
  g_assert_cmpfloat (fast, >, 3600 + 180);
  g_assert_cmpfloat (fast, <=, 3600 + 180 + 30);
  /* With ten-minute steps X still learns it at once: the first session
   * A1 -> X1 carrying bounced mail compares digests and exchanges tables
   * (X-LINK2STATE), so the detour starts as early as with 1 s steps and
   * no mail bounces between X and A until the hop count returns it. */
  g_assert_cmpfloat (slow, >, 3600 + 180);
  g_assert_cmpfloat (slow, <=, 3600 + 180 + 30);
  g_assert_cmpuint (ndr_fast, ==, 0);
  g_assert_cmpuint (ndr_slow, ==, 0);
}

/* Two groups whose views disagree for an hour send mail back and forth:
 * A thinks the way to C is through B, B thinks it is through A.  The hop
 * count stops it.  (They are joined by an SMTP connector that carries no
 * link state, so no session between them compares digests.) */
static void
test_hop_count_stops_loops (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Loop\nduration = 2h\nlink-state-delay = 1h\nmax-hop-count = 10\n"
      "glitch-retries = 0\n"
      "link-state-over-smtp = false\n"
      "[routing-group A]\n[routing-group B]\n[routing-group C]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n[server C1]\nrouting-group = C\n"
      "[connector A-B]\ntype = smtp\nfrom = A\nto = B\ncost = 1\nreverse = true\n"
      "[connector A-C]\ntype = routing-group\nfrom = A\nto = C\ncost = 2\n"
      "[connector B-C]\ntype = routing-group\nfrom = B\nto = C\ncost = 2\n"
      "[event cut-a]\nat = 10m\ntarget = connector A-C\naction = down\n"
      "[event cut-b]\nat = 10m\ntarget = connector B-C\naction = down\n"
      "[flow F]\nfrom = server A1\nto = server C1\nrate = 1/m\nstart = 20m\nend = 40m\n"
      "arrivals = uniform\n");
  g_autoptr (MfRunResult) r = run (t);

  assert_conserved (r);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_HOP_COUNT], ==, 20);
  g_assert_cmpuint (r->recipients.delivered, ==, 0);
  /* Each returned message got one NDR back to its sender. */
  g_assert_cmpuint (r->dsn_messages.generated, ==, 20);
  g_assert_cmpuint (r->dsn_messages.delivered, ==, 20);
}

static void
test_hop_count_limit_on_a_long_chain (void)
{
  GString *s = g_string_new ("[organization]\nname = Chain\nduration = 1h\nmax-hop-count = 10\n");
  g_autoptr (MfTopology) t = NULL;
  g_autoptr (MfRunResult) r = NULL;

  /* 12 groups in a row: a message from the first to the last passes 12
   * servers, more than 10. */
  for (int i = 0; i < 12; i++)
    g_string_append_printf (s, "[routing-group G%d]\n[server S%d]\nrouting-group = G%d\n", i, i, i);
  for (int i = 0; i < 11; i++)
    g_string_append_printf (s, "[connector C%d]\ntype = routing-group\nfrom = G%d\nto = G%d\n"
                            "reverse = true\n", i, i, i + 1);
  g_string_append (s, "[flow far]\nfrom = server S0\nto = server S11\nrate = 10/h\narrivals = uniform\n"
                      "[flow near]\nfrom = server S0\nto = server S9\nrate = 10/h\narrivals = uniform\n");
  t = mf_test_load (s->str);
  g_string_free (s, TRUE);
  r = run (t);
  assert_conserved (r);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_HOP_COUNT], ==, 10);
  /* The near flow passes 10 servers: delivered. */
  g_assert_cmpuint (r->recipients.delivered, ==, 10);
  /* The NDRs start 11 servers from their senders: they exceed the limit too
   * and are dropped, not answered. */
  g_assert_cmpuint (r->dsn_messages.generated, ==, 10);
  g_assert_cmpuint (r->dsn_messages.ndr, ==, 10);
}

/* --------------------------------------------------------- schedules */

static void
test_schedule_holds_mail (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Sched\nstart = Mon 00:00\nduration = 12h\nsample-interval = 1m\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[connector A-B]\ntype = x400\nfrom = A\nto = B\nschedule = Mon 10:00-11:00\n"
      "latency = 50ms\n"
      "[flow F]\nfrom = server A1\nto = server B1\nrate = 1/m\nend = 2h\narrivals = uniform\n");
  g_autoptr (MfRunResult) r = run (t);
  int ab = mf_test_connector (t, "A-B");

  assert_conserved (r);
  g_assert_cmpuint (r->recipients.generated, ==, 120);
  g_assert_cmpuint (mf_test_carried_between (r, ab, 0, 10 * 3600), ==, 0);
  g_assert_cmpuint (mf_test_carried_between (r, ab, 10 * 3600, 11 * 3600), ==, 120);
  g_assert_cmpuint (r->recipients.delivered, ==, 120);
  /* The last message (at 1:59) waited eight hours, the first ten. */
  g_assert_cmpfloat (mf_tally_min (&r->latency_s), >=, 8 * 3600);
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), >=, 10 * 3600);
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), <, 11 * 3600);
}

/* Mail held for a weekly window expires when the window comes, not later. */
static void
test_schedule_expiration (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Weekly\nstart = Mon 00:00\nduration = 6d\nexpiration = 2d\n"
      "sample-interval = 1h\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[connector A-B]\ntype = x400\nfrom = A\nto = B\nschedule = Sat 00:00-01:00\n"
      "[flow F]\nfrom = server A1\nto = server B1\nrate = 1/m\nend = 1h\narrivals = uniform\n");
  g_autoptr (MfRunResult) r = run (t);

  assert_conserved (r);
  g_assert_cmpuint (r->recipients.generated, ==, 60);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_EXPIRED], ==, 60);
  g_assert_cmpuint (r->recipients.delivered, ==, 0);
  /* The NDRs went back to A1's mailboxes. */
  g_assert_cmpuint (r->dsn_messages.delivered, ==, 60);
}

/* What waits at the end is counted by queue and age (qshape). */
static void
test_qshape_at_the_end (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Held\nstart = Mon 00:00\nduration = 9h59m\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[connector A-B]\ntype = x400\nfrom = A\nto = B\nschedule = Mon 10:00-11:00\n"
      "[flow F]\nfrom = server A1\nto = server B1\nrate = 1/m\nend = 2h\narrivals = uniform\n"
      "recipients = 2\n");
  g_autoptr (MfRunResult) r = run (t);
  guint64 messages = 0, recipients = 0;

  assert_conserved (r);
  /* All 120 messages wait in A1's link queue A-B, aged 8 to 10 hours: the
   * bucket [320, 640) minutes. */
  for (guint i = 0; i < r->qshape->len; i++)
    {
      const MfQshapeRow *row = &g_array_index (r->qshape, MfQshapeRow, i);
      int low, high;
      mf_qshape_bucket_bounds (row->bucket, &low, &high);
      g_assert_cmpstr (r->queues[row->queue].name, ==, "A-B");
      g_assert_cmpint (low, ==, 320);
      g_assert_cmpint (high, ==, 640);
      messages += row->messages;
      recipients += row->recipients;
    }
  g_assert_cmpuint (messages, ==, 120);
  g_assert_cmpuint (recipients, ==, 240);
  g_assert_cmpuint (recipients, ==, r->recipients.in_flight);
}

/* ------------------------------------------------------ size limits */

static void
test_size_limit_ndr (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Size\nduration = 1h\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n"
      "max-message-size = 1MB\n"
      "[flow big]\nfrom = server A1\nto = server B1\nrate = 30/h\nsize = 2MB\narrivals = uniform\n"
      "[flow small]\nfrom = server A1\nto = server B1\nrate = 30/h\nsize = 100KB\narrivals = uniform\n");
  g_autoptr (MfRunResult) r = run (t);

  assert_conserved (r);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_TOO_LARGE], ==, 30);
  g_assert_cmpuint (r->recipients.delivered, ==, 30);
  g_assert_cmpuint (r->messages.ndr, ==, 30);
  /* Each NDR went back to the sender's mailbox server. */
  g_assert_cmpuint (r->dsn_messages.delivered, ==, 30);
}

/* Every NDR of the run has this status code: the reasons with recipients
 * all map to it, and they add up to recipients.ndr. */
static void
assert_every_ndr_code (const MfRunResult *r, const char *code)
{
  guint64 total = 0;
  for (int i = 0; i < MF_NDR_N_REASONS; i++)
    {
      if (r->ndr_by_reason[i] > 0)
        g_assert_cmpstr (mf_ndr_status_code ((MfNdrReason) i), ==, code);
      total += r->ndr_by_reason[i];
    }
  g_assert_cmpuint (total, ==, r->recipients.ndr);
}

/* (a) Too big for every connector towards B, with no other route: every
 * recipient comes back with 5.3.4 at once, nothing crosses. */
static void
test_too_large_everywhere_is_534 (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Big\nduration = 1h\n"
      "[routing-group A]\n[routing-group B]\n[routing-group C]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[server C1]\nrouting-group = C\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nmax-message-size = 1MB\n"
      "[connector A-C]\ntype = routing-group\nfrom = A\nto = C\ncost = 2\n"
      "[connector C-B]\ntype = routing-group\nfrom = C\nto = B\nmax-message-size = 1MB\n"
      "[flow big]\nfrom = server A1\nto = server B1\nrate = 12/h\nsize = 2MB\nrecipients = 3\n"
      "arrivals = uniform\n");
  g_autoptr (MfRunResult) r = run (t);

  assert_conserved (r);
  g_assert_cmpuint (r->messages.generated, ==, 12);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_TOO_LARGE], ==, 36);
  assert_every_ndr_code (r, "5.3.4");
  g_assert_cmpuint (r->flow_ndr_by_reason[MF_NDR_TOO_LARGE], ==, 36);
  /* One NDR per message, and nothing was carried towards B or C. */
  g_assert_cmpuint (r->dsn_messages.generated, ==, 12);
  g_assert_cmpuint (r->connectors[mf_test_connector (t, "A-B")].messages, ==, 0);
  g_assert_cmpuint (r->connectors[mf_test_connector (t, "A-C")].messages, ==, 0);
}

/* A virtual server's size limit is checked at MAIL FROM (ESMTP SIZE): the
 * 2MB messages for B1 (limit 1MB) are refused before a byte crosses the
 * 512kbit connector, and those for A2 inside the group too; A1 returns
 * them with 5.3.4.  Only the small messages use the connector. */
static void
test_virtual_server_limit_at_mail_from (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = MailFrom\nduration = 1h\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server A2]\nrouting-group = A\nmax-message-size = 1MB\n"
      "[server B1]\nrouting-group = B\nmax-message-size = 1MB\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n"
      "bridgeheads = A1\nbandwidth = 512kbit\nlatency = 50ms\n"
      "[flow big]\nfrom = server A1\nto = server B1\nrate = 12/h\nsize = 2MB\narrivals = uniform\n"
      "[flow small]\nfrom = server A1\nto = server B1\nrate = 12/h\nsize = 100KB\n"
      "arrivals = uniform\n"
      "[flow big-local]\nfrom = server A1\nto = server A2\nrate = 6/h\nsize = 2MB\n"
      "arrivals = uniform\n");
  g_autoptr (MfRunResult) r = run (t);
  const MfConnectorStats *ab = &r->connectors[mf_test_connector (t, "A-B")];

  assert_conserved (r);
  g_assert_cmpuint (r->recipients.generated, ==, 30);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_TOO_LARGE], ==, 18);
  assert_every_ndr_code (r, "5.3.4");
  g_assert_cmpuint (r->recipients.delivered, ==, 12);
  /* Per flow: the big ones, 12 and 6; none of the small ones. */
  g_assert_cmpuint (r->flow_ndr_by_reason[0 * MF_NDR_N_REASONS + MF_NDR_TOO_LARGE], ==, 12);
  g_assert_cmpuint (r->flow_ndr_by_reason[1 * MF_NDR_N_REASONS + MF_NDR_TOO_LARGE], ==, 0);
  g_assert_cmpuint (r->flow_ndr_by_reason[2 * MF_NDR_N_REASONS + MF_NDR_TOO_LARGE], ==, 6);
  /* The connector carried the 12 small messages and not a byte more. */
  g_assert_cmpuint (ab->messages, ==, 12);
  g_assert_cmpuint (ab->bytes, ==, 12 * 100 * 1024);
  /* The NDRs were made on A1 and delivered there. */
  g_assert_cmpuint (r->dsn_messages.delivered, ==, 18);
}

/* --------------------------------------------------------- expiration */

static void
test_expiration_ndr (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Expire\nduration = 4h\nexpiration = 1h\ndelay-notification = 30m\n"
      "unreachable-retry = 5m\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n"
      "[event cut]\nat = 0\ntarget = connector A-B\naction = down\n"
      "[flow F]\nfrom = server A1\nto = server B1\nrate = 60/h\nend = 2h\narrivals = uniform\n");
  g_autoptr (MfRunResult) r = run (t);

  assert_conserved (r);
  g_assert_cmpuint (r->recipients.generated, ==, 120);
  g_assert_cmpuint (r->recipients.delivered, ==, 0);
  /* Every message expired within an hour plus one retry interval. */
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_EXPIRED], ==, 120);
  g_assert_cmpuint (r->recipients.in_flight, ==, 0);
  /* Each also got a delay notice at 30 minutes. */
  g_assert_cmpuint (r->delay_dsns, ==, 120);
  g_assert_cmpuint (r->dsn_messages.generated, ==, 240);
}

/* ----------------------------------------------- unreachable destinations */

/* What the tracking events tell about waiting in "Messages with an
 * unreachable destination" and about the NDRs. */
typedef struct {
  guint64 routed_unreachable;   /* 1035 events of user mail */
  guint64 ndrs;                 /* 1030 events */
  gint64 min_ndr_age_us, max_ndr_age_us;
} UnreachableLog;

static void
log_unreachable (const MfTrackingRecord *rec, gpointer data)
{
  UnreachableLog *u = data;
  gint64 age = rec->time_us - rec->origination_us;

  if (rec->event_id == 1035 && !rec->is_notice)
    u->routed_unreachable++;
  if (rec->event_id == 1030)
    {
      u->min_ndr_age_us = u->ndrs == 0 ? age : MIN (u->min_ndr_age_us, age);
      u->max_ndr_age_us = u->ndrs == 0 ? age : MAX (u->max_ndr_age_us, age);
      u->ndrs++;
    }
}

static MfRunResult *
run_logged (const MfTopology *t, UnreachableLog *u)
{
  g_autoptr (GError) error = NULL;
  MfRunOptions o = { 0 };
  MfRunResult *r;

  o.seed = t->org.seed;
  o.duration_us = t->org.duration_us;
  o.sample_interval_us = t->org.sample_interval_us;
  o.track = log_unreachable;
  o.track_data = u;
  r = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static const MfQueueStats *
unreachable_queue (const MfTopology *t, const MfRunResult *r, const char *server)
{
  int id = mf_topo_find_server (t, server);
  for (int i = 0; i < r->n_queues; i++)
    if (r->queues[i].server == id && r->queues[i].kind == MF_QUEUE_UNREACHABLE)
      return &r->queues[i];
  g_assert_not_reached ();
}

/* A1 reaches B over two connectors, both cut at 0; `second_cut` adds keys
 * to the cut of A-B2 (a duration).  Six messages in the first hour. */
static char *
unreachable_topology (const char *second_cut, const char *unreachable_retry)
{
  return g_strdup_printf (
      "[organization]\nname = Unreach\nduration = 4h\nexpiration = 2h\n"
      "unreachable-retry = %s\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[connector A-B1]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n"
      "[connector A-B2]\ntype = routing-group\nfrom = A\nto = B\ncost = 2\nreverse = true\n"
      "[event cut1]\nat = 0\ntarget = connector A-B1\naction = down\n"
      "[event cut2]\nat = 0\ntarget = connector A-B2\naction = down\n%s"
      "[flow F]\nfrom = server A1\nto = server B1\nrate = 6/h\nend = 1h\narrivals = uniform\n",
      unreachable_retry, second_cut);
}

/* (b) Every path down until expiration: no immediate 5.4.4 (a connector
 * could serve B), the mail waits in the unreachable queue, routed again
 * every `unreachable-retry`, and is returned with 4.4.7 at `expiration`
 * and not before. */
static void
test_unreachable_waits_then_expires (void)
{
  g_autofree char *text = unreachable_topology ("", "10m");
  g_autoptr (MfTopology) t = mf_test_load (text);
  UnreachableLog u = { 0 };
  g_autoptr (MfRunResult) r = run_logged (t, &u);
  const MfQueueStats *q = unreachable_queue (t, r, "A1");

  assert_conserved (r);
  g_assert_cmpuint (r->recipients.generated, ==, 6);
  g_assert_cmpuint (r->recipients.delivered, ==, 0);
  g_assert_cmpuint (r->recipients.in_flight, ==, 0);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_EXPIRED], ==, 6);
  assert_every_ndr_code (r, "4.4.7");
  /* All six waited there together, and left it. */
  g_assert_cmpuint (q->max_length, ==, 6);
  g_assert_cmpuint (q->final_length, ==, 0);
  /* Returned at the first retry at or after two hours of age. */
  g_assert_cmpuint (u.ndrs, ==, 6);
  g_assert_cmpint (u.min_ndr_age_us, >=, 2 * MF_US_PER_HOUR);
  g_assert_cmpint (u.max_ndr_age_us, <=, 2 * MF_US_PER_HOUR + 10 * MF_US_PER_MINUTE);
  /* Each is routed into the queue when it first finds no route, then again
   * at every 10-minute retry before it is two hours old (11 or 12 of them;
   * the retry that finds it expired returns it), and again when a
   * link-state change reaches A1 while it waits: 12 to 14 times each.
   * This run: 77. */
  g_test_message ("routed to the unreachable queue %" G_GUINT64_FORMAT " times", u.routed_unreachable);
  g_assert_cmpuint (u.routed_unreachable, >=, 6 * 12);
  g_assert_cmpuint (u.routed_unreachable, <=, 6 * 14);
}

/* A group no connector leads to, even with everything up: 5.4.4 at once,
 * without waiting in the unreachable queue. */
static void
test_no_route_at_all_is_544_at_once (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Island\nduration = 1h\n"
      "[routing-group A]\n[routing-group B]\n[routing-group C]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[server C1]\nrouting-group = C\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n"
      "[flow F]\nfrom = server A1\nto = server C1\nrate = 6/h\narrivals = uniform\n");
  UnreachableLog u = { 0 };
  g_autoptr (MfRunResult) r = run_logged (t, &u);

  assert_conserved (r);
  g_assert_cmpuint (r->recipients.generated, ==, 6);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_NO_ROUTE], ==, 6);
  assert_every_ndr_code (r, "5.4.4");
  g_assert_cmpuint (u.routed_unreachable, ==, 0);
  g_assert_cmpuint (unreachable_queue (t, r, "A1")->max_length, ==, 0);
  /* Returned by the first categorizer: well within a second. */
  g_assert_cmpint (u.max_ndr_age_us, <, MF_US_PER_SECOND);
}

/* (c) The same, but A-B2 comes back after an hour: the link-state change
 * that reaches A1 drains the unreachable queue at once (its own retry is a
 * day away), everything is delivered, no NDR. */
static void
test_unreachable_drains_when_a_route_returns (void)
{
  g_autofree char *text = unreachable_topology ("duration = 1h\n", "1d");
  g_autoptr (MfTopology) t = mf_test_load (text);
  UnreachableLog u = { 0 };
  g_autoptr (MfRunResult) r = run_logged (t, &u);
  const MfQueueStats *q = unreachable_queue (t, r, "A1");

  assert_conserved (r);
  g_assert_cmpuint (r->recipients.generated, ==, 6);
  g_assert_cmpuint (r->recipients.delivered, ==, 6);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  g_assert_cmpuint (u.ndrs, ==, 0);
  g_assert_cmpuint (q->max_length, >=, 5);
  g_assert_cmpuint (q->final_length, ==, 0);
  g_assert_cmpuint (r->connectors[mf_test_connector (t, "A-B2")].messages, ==, 6);
  g_assert_cmpuint (r->connectors[mf_test_connector (t, "A-B1")].messages, ==, 0);
  /* The first message waited for the hour; none waited for a retry of the
   * queue: all were delivered within a few minutes of the repair (a probe
   * every 60 s, then the link-state news). */
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), >, 50 * 60);
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), <, 65 * 60);
}

/* ----------------------------------------------------- server outage */

static void
test_server_outage_loses_nothing (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Outage\nduration = 4h\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[server B2]\nrouting-group = B\nmailboxes = 100\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nremote-bridgeheads = B1\n"
      "reverse = true\n"
      "[flow F]\nfrom = server A1\nto = server B2\nrate = 120/h\nend = 3h\n"
      "[event B2-down]\nat = 1h\ntarget = server B2\naction = down\nduration = 1h\n"
      "[event B1-down]\nat = 90m\ntarget = server B1\naction = down\nduration = 20m\n");
  g_autoptr (MfRunResult) r = run (t);

  assert_conserved (r);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  g_assert_cmpuint (r->recipients.in_flight, ==, 0);
  g_assert_cmpuint (r->recipients.delivered, ==, r->recipients.generated);
  g_assert_cmpuint (r->recipients.generated, >, 250);
  /* Mail for B2 waited while it was down. */
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), >, 1800);
}

/* ----------------------------------------------------- virtual servers */

static MfRunResult *
gateway_run (int virtual_servers)
{
  g_autofree char *text = g_strdup_printf (
      "[organization]\nname = VS\nduration = 2h\n"
      "[routing-group G]\n"
      "[server GW]\nrouting-group = G\nvirtual-servers = %d\ncategorizer = exp(400ms)\n"
      "[server MBX]\nrouting-group = G\nmailboxes = 1000\n"
      "[flow in]\nfrom = external\nvia = server GW\nto = server MBX\nrate = 8000/h\n",
      virtual_servers);
  g_autoptr (MfTopology) t = mf_test_load (text);
  return run (t);
}

static void
test_virtual_servers_add_no_throughput (void)
{
  g_autoptr (MfRunResult) one = gateway_run (1);
  g_autoptr (MfRunResult) four = gateway_run (4);

  assert_conserved (one);
  /* 8000/h at 400 ms each is 89% busy: a queue, the same with 4 instances. */
  g_assert_cmpuint (one->recipients.delivered, ==, four->recipients.delivered);
  g_assert_cmpfloat (mf_tally_mean (&one->latency_s), ==, mf_tally_mean (&four->latency_s));
  g_assert_cmpfloat (mf_tally_mean (&one->latency_s), >, 1.0);
}

/* --------------------------------------------------------- determinism */

static void
test_same_seed_same_run (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) t = mf_topo_load_file ("topologies/contoso-global.topo", &error);
  g_autoptr (MfRunResult) a = NULL;
  g_autoptr (MfRunResult) b = NULL;
  MfRunOptions o = { 0 };

  g_assert_no_error (error);
  o.seed = 7;
  o.duration_us = 6 * MF_US_PER_HOUR;
  o.sample_interval_us = 5 * MF_US_PER_MINUTE;
  a = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  b = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  assert_conserved (a);
  g_assert_cmpuint (a->events, ==, b->events);
  g_assert_cmpuint (a->recipients.delivered, ==, b->recipients.delivered);
  g_assert_cmpfloat (mf_tally_mean (&a->latency_s), ==, mf_tally_mean (&b->latency_s));
  g_assert_cmpuint (a->queue_samples->len, ==, b->queue_samples->len);
  g_assert_cmpint (memcmp (a->queue_samples->data, b->queue_samples->data,
                           a->queue_samples->len * sizeof (MfQueueSample)), ==, 0);
  g_assert_cmpuint (a->link_learned->len, ==, b->link_learned->len);
  /* Another seed gives another run. */
  o.seed = 8;
  {
    g_autoptr (MfRunResult) c = mf_transport_run (t, &o, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (c->events, !=, a->events);
  }
}

static void
test_examples_conserve (void)
{
  g_autoptr (GDir) dir = g_dir_open ("topologies", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("topologies", name, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (MfTopology) t = NULL;
      g_autoptr (MfRunResult) r = NULL;
      MfRunOptions o = { 0 };

      if (!g_str_has_suffix (name, ".topo"))
        continue;
      t = mf_topo_load_file (path, &error);
      g_assert_no_error (error);
      o.seed = 3;
      o.duration_us = MIN (t->org.duration_us, 8 * MF_US_PER_HOUR);
      o.sample_interval_us = t->org.sample_interval_us;
      r = mf_transport_run (t, &o, &error);
      g_assert_no_error (error);
      assert_conserved (r);
      g_assert_cmpuint (r->recipients.delivered, >, 0);
      /* ndr_by_code adds up to recipients.ndr, and the flows' to no more. */
      {
        guint64 total = 0, flows = 0;
        for (int i = 0; i < MF_NDR_N_REASONS; i++)
          total += r->ndr_by_reason[i];
        for (int i = 0; i < r->n_flows * MF_NDR_N_REASONS; i++)
          flows += r->flow_ndr_by_reason[i];
        g_assert_cmpuint (total, ==, r->recipients.ndr);
        g_assert_cmpuint (flows, <=, total);
      }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/transport/mm1-through-the-model", test_mm1_through_the_model);
  g_test_add_func ("/transport/jackson-tandem-through-groups", test_jackson_tandem_through_groups);
  g_test_add_func ("/transport/failover-and-back", test_failover_and_back);
  g_test_add_func ("/transport/suppress-state-changes", test_suppress_state_changes);
  g_test_add_func ("/transport/rerouting-waits-for-link-state", test_rerouting_waits_for_link_state);
  g_test_add_func ("/transport/hop-count-stops-loops", test_hop_count_stops_loops);
  g_test_add_func ("/transport/hop-count-limit-on-a-long-chain", test_hop_count_limit_on_a_long_chain);
  g_test_add_func ("/transport/schedule-holds-mail", test_schedule_holds_mail);
  g_test_add_func ("/transport/qshape-at-the-end", test_qshape_at_the_end);
  g_test_add_func ("/transport/schedule-expiration", test_schedule_expiration);
  g_test_add_func ("/transport/size-limit-ndr", test_size_limit_ndr);
  g_test_add_func ("/transport/expiration-ndr", test_expiration_ndr);
  g_test_add_func ("/transport/too-large-everywhere-is-5.3.4", test_too_large_everywhere_is_534);
  g_test_add_func ("/transport/virtual-server-limit-at-mail-from",
                   test_virtual_server_limit_at_mail_from);
  g_test_add_func ("/transport/unreachable-waits-then-expires", test_unreachable_waits_then_expires);
  g_test_add_func ("/transport/unreachable-drains-when-a-route-returns",
                   test_unreachable_drains_when_a_route_returns);
  g_test_add_func ("/transport/no-route-at-all-is-5.4.4-at-once", test_no_route_at_all_is_544_at_once);
  g_test_add_func ("/transport/server-outage-loses-nothing", test_server_outage_loses_nothing);
  g_test_add_func ("/transport/virtual-servers-add-no-throughput", test_virtual_servers_add_no_throughput);
  g_test_add_func ("/transport/same-seed-same-run", test_same_seed_same_run);
  g_test_add_func ("/transport/examples-conserve", test_examples_conserve);
  return g_test_run ();
}
