/* test-failover.c — servers in link state, scenario by scenario: a down
 * bridgehead noticed after server-down-detection and turned into a DOWN
 * connector by the one rule `routes --down` uses (mf_link_state_servers_cut);
 * bridgehead choice among live servers; stop-smtp; a routing group master
 * that is down and comes back; a master moved by an [event].  Every test
 * asserts numbers, and every run checks conservation itself.
 */
#include "model/failure.h"
#include "model/routing.h"
#include "transport/transport.h"
#include "test-util.h"

#include <string.h>

static MfRunResult *
run_tracked (const MfTopology *t, MfTrackFunc track, gpointer data)
{
  g_autoptr (GError) error = NULL;
  MfRunOptions o = { 0 };
  MfRunResult *r;

  o.seed = t->org.seed;
  o.duration_us = t->org.duration_us;
  o.warmup_us = t->org.warmup_us;
  o.sample_interval_us = t->org.sample_interval_us;
  o.track = track;
  o.track_data = data;
  r = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_true (r->complete);
  g_assert_cmpuint (r->recipients.generated, ==,
                    r->recipients.delivered + r->recipients.ndr + r->recipients.in_flight);
  return r;
}

/* The first change of a connector to state `up`, or NULL. */
static const MfLinkChange *
first_change (const MfRunResult *r, int connector, gboolean up)
{
  for (guint i = 0; i < r->link_changes->len; i++)
    {
      const MfLinkChange *ch = &g_array_index (r->link_changes, MfLinkChange, i);
      if (ch->connector == connector && !ch->major && ch->up == up)
        return ch;
    }
  return NULL;
}

/* Copies a server queued for another server (event 1034), in a window. */
typedef struct {
  int from, to;
  gint64 start_us, end_us;
  guint64 n;
} HandCount;

static void
count_handed (const MfTrackingRecord *rec, gpointer data)
{
  HandCount *h = data;
  if (rec->event_id == 1034 && rec->server == h->from && rec->partner_kind == MF_PARTNER_SERVER
      && rec->partner == h->to && rec->time_us >= h->start_us && rec->time_us < h->end_us)
    h->n++;
}

/* ------------------------------------------- (a) the only bridgehead */

/* A's only bridgehead towards B, A-BH, is down from 1 h to 3 h; A-C-B is
 * the backup.  A-B has 30 s of latency, so about 30 messages are on A-BH,
 * in transfer, when it dies. */
#define ONLY_BRIDGEHEAD(EXTRA)                                                                   \
  "[organization]\nname = Only\nduration = 5h\nsample-interval = 60s\n" EXTRA                    \
  "[routing-group A]\nmaster = A-MBX\n[routing-group B]\n[routing-group C]\n"                   \
  "[server A-MBX]\nrouting-group = A\n[server A-BH]\nrouting-group = A\n"                        \
  "[server B1]\nrouting-group = B\nmailboxes = 10\n[server C1]\nrouting-group = C\n"             \
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\ncost = 1\nbridgeheads = A-BH\n"      \
  "latency = 30s\nmax-connections = 100\n"                                                        \
  "[connector A-C]\ntype = routing-group\nfrom = A\nto = C\ncost = 5\nbridgeheads = A-MBX\n"     \
  "[connector C-B]\ntype = routing-group\nfrom = C\nto = B\ncost = 5\n"                          \
  "[flow F]\nfrom = server A-MBX\nto = server B1\nrate = 1/s\narrivals = uniform\n"

static const char *const bridgehead_outage =
    "[event crash]\nat = 1h\ntarget = server A-BH\naction = down\nduration = 2h\n";

static void
test_only_bridgehead_down (void)
{
  g_autofree char *text = g_strconcat (ONLY_BRIDGEHEAD (""), bridgehead_outage, NULL);
  g_autoptr (MfTopology) t = mf_test_load (text);
  g_autoptr (MfRunResult) r = run_tracked (t, NULL, NULL);
  int ab = mf_test_connector (t, "A-B"), ac = mf_test_connector (t, "A-C");
  const MfLinkChange *down = first_change (r, ab, FALSE), *up = first_change (r, ab, TRUE);

  /* A-B marked DOWN by A's master within server-down-detection (60 s)
   * plus the glitch retries (3 × 60 s), and UP again once A-BH is back. */
  g_assert_nonnull (down);
  g_assert_cmpint (down->time_us, >, MF_US_PER_HOUR);
  g_assert_cmpint (down->time_us, <=, MF_US_PER_HOUR + 240 * MF_US_PER_SECOND);
  g_assert_cmpint (down->origin_server, ==, mf_test_server (t, "A-MBX"));
  g_assert_nonnull (up);
  g_assert_cmpint (up->time_us, >=, 3 * MF_US_PER_HOUR);
  g_assert_cmpint (up->time_us, <=, 3 * MF_US_PER_HOUR + 10 * MF_US_PER_SECOND);
  g_assert_cmpuint (r->connectors[ab].state_changes, ==, 2);
  /* New mail goes A-C-B during the outage, and nothing before or after. */
  g_assert_cmpuint (mf_test_carried_between (r, ac, 0, 3600), ==, 0);
  g_assert_cmpuint (mf_test_carried_between (r, ac, 3600 + 120, 3 * 3600), >, 7000);
  g_assert_cmpuint (mf_test_carried_between (r, ab, 3600 + 120, 3 * 3600), ==, 0);
  g_assert_cmpuint (mf_test_carried_between (r, ac, 3 * 3600 + 120, 5 * 3600), ==, 0);
  /* Mail already on A-BH waited for it and was delivered after its
   * return: the longest latency is about the outage, p99 far below it. */
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  g_assert_cmpuint (r->recipients.in_flight, <=, 31);
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), >, 2 * 3600 - 60);
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), <, 2 * 3600 + 120);
  g_assert_cmpfloat (mf_histogram_percentile (r->latency_hist, 0.99), <, 120);
}

/* stop-smtp: the server reports its own stopped service at once, so A-B
 * goes DOWN within a link-state step, not after detection; start-smtp
 * brings it back. */
static void
test_stop_smtp (void)
{
  g_autofree char *text = g_strconcat (
      ONLY_BRIDGEHEAD ("link-state-delay = 1s\n"),
      "[event stop]\nat = 1h\ntarget = server A-BH\naction = stop-smtp\nduration = 1h\n", NULL);
  g_autoptr (MfTopology) t = mf_test_load (text);
  g_autoptr (MfRunResult) r = run_tracked (t, NULL, NULL);
  int ab = mf_test_connector (t, "A-B");
  const MfLinkChange *down = first_change (r, ab, FALSE), *up = first_change (r, ab, TRUE);

  g_assert_nonnull (down);
  g_assert_cmpint (down->time_us, ==, MF_US_PER_HOUR + MF_US_PER_SECOND);
  g_assert_nonnull (up);
  g_assert_cmpint (up->time_us, ==, 2 * MF_US_PER_HOUR);
  g_assert_cmpuint (r->connectors[ab].state_changes, ==, 2);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), >, 3600 - 60);
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), <, 3600 + 120);
}

/* ----------------------------- (c) routes --down and simulate agree */

static void
test_routes_down_matches_simulate (void)
{
  g_autofree char *text = g_strconcat (ONLY_BRIDGEHEAD (""), bridgehead_outage, NULL);
  g_autoptr (MfTopology) t = mf_test_load (text);
  g_autoptr (MfRunResult) r = run_tracked (t, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (MfRouter) router = mf_router_new (t, &error);
  g_autoptr (MfLinkState) view = mf_link_state_new (t);
  MfFailure f = { MF_FAILURE_SERVER, mf_test_server (t, "A-BH") };
  MfDestination dest = mf_destination_group (mf_test_routing_group (t, "B"));
  MfHop hop;
  int n_down = 0;

  g_assert_no_error (error);
  /* `routes --down A-BH`: A-B alone is DOWN, and A's next hop is A-C. */
  g_assert_cmpint (mf_failures_apply (t, view, &f, 1, NULL), ==, 1);
  g_assert_true (mf_router_next_hop (router, view, mf_test_routing_group (t, "A"), &dest, 0, 0.0,
                                     &hop, NULL));
  g_assert_true (hop.reachable);
  g_assert_cmpint (hop.connector, ==, mf_test_connector (t, "A-C"));
  /* The simulator, half-way through the outage: the same connectors DOWN
   * (the last change of each before 2 h), and mail over A-C only. */
  for (int c = 0; c < t->n_connectors; c++)
    {
      gboolean sim_up = TRUE;
      for (guint i = 0; i < r->link_changes->len; i++)
        {
          const MfLinkChange *ch = &g_array_index (r->link_changes, MfLinkChange, i);
          if (ch->connector == c && ch->time_us <= 2 * MF_US_PER_HOUR)
            sim_up = ch->up;
        }
      g_assert_cmpint (sim_up, ==, mf_link_state_is_up (view, c));
      n_down += !sim_up;
    }
  g_assert_cmpint (n_down, ==, 1);
  g_assert_cmpuint (mf_test_carried_between (r, hop.connector, 2 * 3600 - 600, 2 * 3600), ==, 600);
  g_assert_cmpuint (mf_test_carried_between (r, mf_test_connector (t, "A-B"), 2 * 3600 - 600, 2 * 3600),
                    ==, 0);
}

/* ---------------------- (b) one of two bridgeheads (failure-drill) */

static void
count_both (const MfTrackingRecord *rec, gpointer data)
{
  HandCount *h = data;
  count_handed (rec, &h[0]);
  count_handed (rec, &h[1]);
}

static void
test_one_of_two_bridgeheads (void)
{
  g_autofree char *drill = NULL;
  g_autofree char *text = NULL;
  g_autoptr (MfTopology) t = NULL;
  g_autoptr (MfRunResult) r = NULL;
  HandCount to[2];

  g_assert_true (g_file_get_contents ("topologies/failure-drill.topo", &drill, NULL, NULL));
  /* Dallas's mailboxes also send to Atlanta: through DAL-BH01 or DAL-BH02. */
  text = g_strconcat (drill, "\n[flow DAL-to-ATL]\nfrom = server DAL-MBX01\n"
                             "to = server ATL-EX01\nrate = 600/h\narrivals = uniform\n", NULL);
  t = mf_test_load (text);
  to[0] = (HandCount){ mf_test_server (t, "DAL-MBX01"), mf_test_server (t, "DAL-BH01"),
                       5 * MF_US_PER_HOUR + 70 * MF_US_PER_SECOND,
                       5 * MF_US_PER_HOUR + 30 * MF_US_PER_MINUTE, 0 };
  to[1] = to[0];
  to[1].to = mf_test_server (t, "DAL-BH02");
  r = run_tracked (t, count_both, to);
  /* While DAL-BH01 is down (5 h to 5 h 30), after server-down-detection,
   * DAL-MBX01 hands no new mail to it, all of it to DAL-BH02 (~290). */
  g_assert_cmpuint (to[0].n, ==, 0);
  g_assert_cmpuint (to[1].n, >=, 270);
  /* No Dallas connector goes DOWN: DAL-BH02 keeps them working.  The only
   * state changes are Chicago's, of the CHI-DAL cut (2 h to 3 h); no mail
   * crosses the mirror, so nobody sees it cut. */
  g_assert_cmpuint (r->connectors[mf_test_connector (t, "DAL-ATL")].state_changes, ==, 0);
  g_assert_cmpuint (r->connectors[mf_test_connector (t, "CHI-DAL (reverse)")].state_changes, ==, 0);
  g_assert_cmpuint (r->connectors[mf_test_connector (t, "CHI-DAL")].state_changes, ==, 2);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
}

/* ----------------------------------- (d) master down, then back */

/* A: master A-M (no mail), sender A-MBX, bridgeheads A-BH1 and A-BH2 of
 * A-B.  A-M is down from 1 h to 3 h; A-BH1 from 1 h 30 to 2 h. */
#define MASTER_GROUP(EVENTS)                                                                     \
  "[organization]\nname = Master\nduration = 4h\nsample-interval = 60s\n"                        \
  "[routing-group A]\nmaster = A-M\n[routing-group B]\n"                                        \
  "[server A-M]\nrouting-group = A\n[server A-MBX]\nrouting-group = A\n"                         \
  "[server A-BH1]\nrouting-group = A\n[server A-BH2]\nrouting-group = A\n"                       \
  "[server A-M2]\nrouting-group = A\n"                                                           \
  "[server B1]\nrouting-group = B\nmailboxes = 10\n"                                             \
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nbridgeheads = A-BH1, A-BH2\n"        \
  "reverse = true\n"                                                                             \
  "[flow F]\nfrom = server A-MBX\nto = server B1\nrate = 1/s\narrivals = uniform\n" EVENTS

typedef struct {
  int server, rg;
  gint64 before_us, after_us;  /* sample the view just before and after */
  guint32 user_before, user_after;
  int master_after;
  gboolean got_before, got_after;
  HandCount hand;
} ViewProbe;

static void
probe_view (const MfTrackingRecord *rec, gpointer data)
{
  ViewProbe *p = data;

  count_handed (rec, &p->hand);
  if (rec->server != p->server || rec->view == NULL)
    return;
  if (rec->time_us < p->before_us)
    {
      p->user_before = mf_link_state_get_version (rec->view, p->rg).user;
      p->got_before = TRUE;
    }
  else if (rec->time_us >= p->after_us && !p->got_after)
    {
      p->user_after = mf_link_state_get_version (rec->view, p->rg).user;
      p->master_after = mf_link_state_get_master (rec->view, p->rg);
      p->got_after = TRUE;
    }
}

static void
test_master_down_and_back (void)
{
  g_autoptr (MfTopology) t = mf_test_load (MASTER_GROUP (
      "[event master-down]\nat = 1h\ntarget = server A-M\naction = down\nduration = 2h\n"
      "[event bh1-down]\nat = 1h30m\ntarget = server A-BH1\naction = down\nduration = 30m\n"));
  int a = mf_test_routing_group (t, "A");
  ViewProbe p = { 0 };
  g_autoptr (MfRunResult) r = NULL;
  const MfMasterChange *mc;

  p.server = mf_test_server (t, "A-MBX");
  p.rg = a;
  p.before_us = 3 * MF_US_PER_HOUR;
  p.after_us = 3 * MF_US_PER_HOUR + 2 * MF_US_PER_SECOND;
  p.hand = (HandCount){ mf_test_server (t, "A-MBX"), mf_test_server (t, "A-BH1"),
                        90 * MF_US_PER_MINUTE + 70 * MF_US_PER_SECOND, 2 * MF_US_PER_HOUR, 0 };
  r = run_tracked (t, probe_view, &p);
  /* With its master down, A-MBX still notices A-BH1 is down itself and
   * hands it nothing: all to A-BH2.  A-B never goes DOWN. */
  g_assert_cmpuint (p.hand.n, ==, 0);
  g_assert_cmpuint (r->connectors[mf_test_connector (t, "A-B")].state_changes, ==, 0);
  /* Back at 3 h, A-M rebuilds the table from its members: one user
   * version, which A-MBX has a link-state step later. */
  g_assert_cmpuint (r->master_changes->len, ==, 1);
  mc = &g_array_index (r->master_changes, MfMasterChange, 0);
  g_assert_cmpint (mc->time_us, ==, 3 * MF_US_PER_HOUR);
  g_assert_cmpint (mc->master, ==, mf_test_server (t, "A-M"));
  g_assert_false (mc->moved);
  g_assert_true (p.got_before && p.got_after);
  g_assert_cmpuint (p.user_before, ==, 0);
  g_assert_cmpuint (mc->user_version, ==, 1);
  g_assert_cmpuint (p.user_after, ==, 1);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  g_assert_cmpuint (r->recipients.in_flight, ==, 0);
}

/* --------------------------------------- (e) master moved by event */

static void
test_master_moved (void)
{
  g_autoptr (MfTopology) t = mf_test_load (MASTER_GROUP (
      "[event move]\nat = 1h\ntarget = routing-group A\naction = master A-M2\n"
      "[event bh1-down]\nat = 2h\ntarget = server A-BH1\naction = down\nduration = 30m\n"
      "[event bh2-down]\nat = 2h\ntarget = server A-BH2\naction = down\nduration = 30m\n"));
  int a = mf_test_routing_group (t, "A"), ab = mf_test_connector (t, "A-B");
  int m2 = mf_test_server (t, "A-M2");
  ViewProbe p = { 0 };
  g_autoptr (MfRunResult) r = NULL;
  const MfMasterChange *mc;
  const MfLinkChange *down;
  gboolean b1_learned = FALSE, first_is_m2 = FALSE;

  p.server = mf_test_server (t, "A-MBX");
  p.rg = a;
  p.before_us = MF_US_PER_HOUR;
  p.after_us = MF_US_PER_HOUR + 2 * MF_US_PER_SECOND;
  p.hand = (HandCount){ -1, -1, 0, 0, 0 };
  r = run_tracked (t, probe_view, &p);
  g_assert_cmpuint (r->master_changes->len, ==, 1);
  mc = &g_array_index (r->master_changes, MfMasterChange, 0);
  g_assert_cmpint (mc->time_us, ==, MF_US_PER_HOUR);
  g_assert_cmpint (mc->master, ==, m2);
  g_assert_true (mc->moved);
  /* The user version goes up by one, in the new master's view and a step
   * later in its members'. */
  g_assert_cmpuint (mc->user_version, ==, 1);
  g_assert_true (p.got_before && p.got_after);
  g_assert_cmpuint (p.user_before, ==, 0);
  g_assert_cmpuint (p.user_after, ==, 1);
  g_assert_cmpint (p.master_after, ==, m2);
  /* Both bridgeheads down: A-MBX notices after server-down-detection,
   * reports to the new master, which marks A-B DOWN and spreads it — first
   * in its own view, then to the other group (B1, over the mirror's
   * X-LINK2STATE would need A-B: B learns nothing while A-B is down). */
  down = first_change (r, ab, FALSE);
  g_assert_nonnull (down);
  g_assert_cmpint (down->time_us, >, 2 * MF_US_PER_HOUR);
  g_assert_cmpint (down->time_us, <=, 2 * MF_US_PER_HOUR + 63 * MF_US_PER_SECOND);
  for (guint i = 0; i < r->link_learned->len; i++)
    {
      const MfLinkLearned *l = &g_array_index (r->link_learned, MfLinkLearned, i);
      if (l->change != down->change)
        continue;
      if (!first_is_m2 && !b1_learned)
        first_is_m2 = l->server == m2;
      b1_learned |= l->server == mf_test_server (t, "B1");
    }
  g_assert_true (first_is_m2);
  g_assert_false (b1_learned);
  g_assert_cmpuint (r->connectors[ab].state_changes, ==, 2);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
}

/* The new key and actions load, and survive the file written back. */
static void
test_format_round_trip (void)
{
  g_autoptr (MfTopology) t = NULL;
  g_autofree char *text = NULL;
  g_autoptr (MfTopology) back = NULL;

  t = mf_test_load (
      "[organization]\nname = RT\nserver-down-detection = 90s\n"
      "[routing-group A]\n[server A1]\nrouting-group = A\n[server A2]\nrouting-group = A\n"
      "[event move]\nat = 1h\ntarget = routing-group A\naction = master A2\n"
      "[event stop]\nat = 2h\ntarget = server A1\naction = stop-smtp\nduration = 10m\n"
      "[event start]\nat = 3h\ntarget = server A1\naction = start-smtp\n");
  g_assert_cmpint (t->org.server_down_detection_us, ==, 90 * MF_US_PER_SECOND);
  g_assert_cmpint (t->events[0].target_kind, ==, MF_TARGET_ROUTING_GROUP);
  g_assert_cmpint (t->events[0].action, ==, MF_ACTION_MASTER);
  g_assert_cmpint (t->events[0].server, ==, mf_test_server (t, "A2"));
  g_assert_cmpint (t->events[1].action, ==, MF_ACTION_STOP_SMTP);
  g_assert_cmpint (t->events[2].action, ==, MF_ACTION_START_SMTP);
  text = mf_topo_to_string (t);
  back = mf_test_load (text);
  g_assert_cmpint (back->org.server_down_detection_us, ==, 90 * MF_US_PER_SECOND);
  g_assert_cmpint (back->events[0].action, ==, MF_ACTION_MASTER);
  g_assert_cmpint (back->events[0].server, ==, mf_test_server (back, "A2"));
  g_assert_cmpint (back->events[1].action, ==, MF_ACTION_STOP_SMTP);
  g_assert_cmpint (back->events[1].duration_us, ==, 10 * MF_US_PER_MINUTE);
  g_assert_cmpint (back->events[2].action, ==, MF_ACTION_START_SMTP);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/failover/only-bridgehead-down", test_only_bridgehead_down);
  g_test_add_func ("/failover/stop-smtp", test_stop_smtp);
  g_test_add_func ("/failover/routes-down-matches-simulate", test_routes_down_matches_simulate);
  g_test_add_func ("/failover/one-of-two-bridgeheads", test_one_of_two_bridgeheads);
  g_test_add_func ("/failover/master-down-and-back", test_master_down_and_back);
  g_test_add_func ("/failover/master-moved", test_master_moved);
  g_test_add_func ("/failover/format-round-trip", test_format_round_trip);
  return g_test_run ();
}
