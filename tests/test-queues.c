/* test-queues.c — the queues as Queue Viewer shows them, each scenario
 * with asserted numbers: link queue states (Retry with the time to the
 * next attempt counting down, Scheduled outside the window, Active during
 * a transfer), "Messages waiting to be routed" during a route
 * recomputation, "DSN messages pending submission" while a server is
 * down, the "Failed message retry queue", "Messages queued for deferred
 * delivery", and the age of the oldest message.  Every run checks conservation itself. */
#include "transport/transport.h"
#include "test-util.h"

#include <string.h>

#define S(x) ((gint64) ((x) * 1e6))

static MfRunResult *
run (const MfTopology *t)
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
  g_assert_nonnull (r);
  return r;
}

/* The index of queue @name of server @server in the run. */
static int
queue_id (const MfTopology *t, const MfRunResult *r, const char *server, const char *name)
{
  int s = mf_topo_find_server (t, server);

  g_assert_cmpint (s, >=, 0);
  for (int i = 0; i < r->n_queues; i++)
    if (r->queues[i].server == s && strcmp (r->queues[i].name, name) == 0)
      return i;
  g_assert_not_reached ();
}

/* The queue's sample at @time_s, or NULL when the queue has no row then. */
static const MfQueueSample *
sample_at (const MfRunResult *r, int queue, double time_s)
{
  for (guint i = 0; i < r->queue_samples->len; i++)
    {
      const MfQueueSample *s = &g_array_index (r->queue_samples, MfQueueSample, i);
      if (s->queue == queue && s->time_us == S (time_s))
        return s;
    }
  return NULL;
}

/* The sample must exist. */
static const MfQueueSample *
must_sample (const MfRunResult *r, int queue, double time_s)
{
  const MfQueueSample *s = sample_at (r, queue, time_s);

  g_assert_nonnull (s);
  return s;
}

/* ------------------------------------------------------------ Retry */

/* A—B is cut at 10 min and never marked down (suppress-state-changes), so
 * the link queue stays in Retry: the first failure is at 600.004383 s (the
 * first message categorized after the cut), then three glitch retries 60 s
 * apart, then the first `retry` interval of 10 min.  next_retry_s counts
 * down between attempts; oldest_age_s grows with the queue (1 message/s). */
static void
test_retry_counts_down (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Retry\nduration = 30m\nsample-interval = 10s\n"
      "suppress-state-changes = true\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nlatency = 50ms\n"
      "[flow F]\nfrom = server A1\nto = server B1\nrate = 1/s\narrivals = uniform\n"
      "[event cut]\nat = Mon 00:10\ntarget = connector A-B\naction = down\n");
  g_autoptr (MfRunResult) r = run (t);
  int q = queue_id (t, r, "A1", "A-B");
  const MfQueueSample *x;

  /* Empty until the cut: each message was taken by a session the moment
   * it was queued, which does not count as waiting. */
  g_assert_null (sample_at (r, q, 600));
  x = must_sample (r, q, 610);
  g_assert_cmpint (x->state, ==, MF_LINK_QUEUE_RETRY);
  g_assert_cmpuint (x->length, ==, 10);
  g_assert_cmpint (x->oldest_age_us, ==, S (10));
  g_assert_cmpint (x->next_retry_us, ==, 50004383);
  g_assert_cmpint (must_sample (r, q, 620)->next_retry_us, ==, 40004383);
  g_assert_cmpint (must_sample (r, q, 650)->next_retry_us, ==, 10004383);
  /* The second glitch retry failed at 660.004383: 60 s again. */
  g_assert_cmpint (must_sample (r, q, 670)->next_retry_us, ==, 50004383);
  /* After the third (780.004383) the 10 min interval: next at 1380.004383. */
  x = must_sample (r, q, 790);
  g_assert_cmpint (x->state, ==, MF_LINK_QUEUE_RETRY);
  g_assert_cmpint (x->next_retry_us, ==, 590004383);
  x = must_sample (r, q, 1000);
  g_assert_cmpint (x->next_retry_us, ==, 380004383);
  g_assert_cmpuint (x->length, ==, 400);
  g_assert_cmpint (x->oldest_age_us, ==, S (400));
}

/* ------------------------------------------------- Scheduled, Active */

/* The connector is open 01:00–03:00 only; one message a minute from 0:00,
 * 1 MB each over 64 kbit/s (131 s a message, one connection).  Before
 * 01:00 the queue is Scheduled and its oldest message is the first one,
 * submitted at 0 s; from 01:00 it is Active, the oldest in transfer no
 * longer counted. */
static void
test_scheduled_then_active (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Sched\nstart = Mon 00:00\nduration = 3h\nsample-interval = 10m\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[connector A-B]\ntype = x400\nfrom = A\nto = B\nschedule = Mon 01:00-03:00\n"
      "bandwidth = 64kbps\nmax-connections = 1\n"
      "[flow F]\nfrom = server A1\nto = server B1\nrate = 1/m\narrivals = uniform\nsize = 1MB\n");
  g_autoptr (MfRunResult) r = run (t);
  int q = queue_id (t, r, "A1", "A-B");
  const MfQueueSample *x;

  x = must_sample (r, q, 1200);
  g_assert_cmpint (x->state, ==, MF_LINK_QUEUE_SCHEDULED);
  g_assert_cmpuint (x->length, ==, 20);
  g_assert_cmpint (x->oldest_age_us, ==, S (1200));
  g_assert_cmpint (x->next_retry_us, ==, -1);
  x = must_sample (r, q, 3000);
  g_assert_cmpint (x->state, ==, MF_LINK_QUEUE_SCHEDULED);
  g_assert_cmpuint (x->length, ==, 50);
  x = must_sample (r, q, 3600);
  g_assert_cmpint (x->state, ==, MF_LINK_QUEUE_ACTIVE);
  g_assert_cmpuint (x->length, ==, 59);
  g_assert_cmpint (x->oldest_age_us, ==, S (3540));
  x = must_sample (r, q, 6000);
  g_assert_cmpint (x->state, ==, MF_LINK_QUEUE_ACTIVE);
  g_assert_cmpuint (x->length, ==, 81);
  g_assert_cmpint (x->oldest_age_us, ==, S (4860));
}

/* -------------------------------------------- waiting to be routed */

#define RECOMPUTE(extra)                                                                         \
  "[organization]\nname = Recompute\nduration = 2h\nsample-interval = 1s\n" extra            \
  "[routing-group A]\n[routing-group B]\n[routing-group C]\n"                                   \
  "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"                           \
  "[server C1]\nrouting-group = C\n"                                                           \
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\ncost = 1\nlatency = 5ms\n"         \
  "[connector A-C]\ntype = routing-group\nfrom = A\nto = C\ncost = 5\n"                       \
  "[connector C-B]\ntype = routing-group\nfrom = C\nto = B\ncost = 5\n"                       \
  "[flow F]\nfrom = server A1\nto = server B1\nrate = 10/s\narrivals = uniform\n"            \
  "[event cut]\nat = Mon 01:00\ntarget = connector A-B\naction = down\n"

static void
test_waiting_to_be_routed (void)
{
  g_autoptr (MfTopology) t = mf_test_load (RECOMPUTE ("route-recompute = 5s\n"));
  g_autoptr (MfRunResult) r = run (t);
  int q = queue_id (t, r, "A1", "Messages waiting to be routed");
  g_autoptr (MfTopology) t0 = mf_test_load (RECOMPUTE (""));
  g_autoptr (MfRunResult) r0 = run (t0);
  int q0 = queue_id (t0, r0, "A1", "Messages waiting to be routed");

  /* Cut at 3600 s; 3 glitch retries (180 s); A1 reports DOWN to its
   * master (itself) and learns the change at 3780 s: for 5 s the 10
   * messages a second it categorizes wait, then all go over A—C. */
  g_assert_null (sample_at (r, q, 3780));
  for (int i = 1; i <= 5; i++)
    {
      const MfQueueSample *x = must_sample (r, q, 3780 + i);
      g_assert_cmpuint (x->length, ==, (guint) (10 * i));
      g_assert_cmpint (x->oldest_age_us, ==, S (i));
      g_assert_cmpint (x->state, ==, -1);
    }
  g_assert_cmpuint (must_sample (r, q, 3786)->length, ==, 0);
  /* 5 s at 10 a second, plus the one categorized as the rebuild ends. */
  g_assert_cmpuint (r->queues[q].max_length, ==, 51);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  /* With the default (0) the queue stays empty. */
  g_assert_cmpuint (r0->queues[q0].max_length, ==, 0);
  for (guint i = 0; i < r0->queue_samples->len; i++)
    g_assert_cmpint (g_array_index (r0->queue_samples, MfQueueSample, i).queue, !=, q0);
}

/* ------------------------------------------ DSN pending submission */

static void
test_dsn_pending_while_down (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Dsn\nduration = 1h\nsample-interval = 1m\n"
      "[routing-group A]\n"
      "[server A1]\nrouting-group = A\nmax-message-size = 1MB\n[server A2]\nrouting-group = A\n"
      "[flow F]\nfrom = server A1\nto = server A2\nrate = 1/m\narrivals = uniform\nsize = 2MB\n"
      "[event outage]\nat = Mon 00:10\ntarget = server A1\naction = down\nduration = 20m\n");
  g_autoptr (MfRunResult) r = run (t);
  int q = queue_id (t, r, "A1", "DSN messages pending submission");
  const MfQueueSample *x;

  /* Every message is over A1's limit: one NDR each.  While A1 is down
   * (600–1800 s) its NDRs wait, one more a minute, the oldest made at
   * 600 s; they are submitted when it is back. */
  g_assert_cmpuint (r->recipients.ndr, ==, 60);
  g_assert_cmpuint (r->dsn_messages.generated, ==, 60);
  g_assert_cmpuint (r->dsn_messages.delivered, ==, 60);
  g_assert_null (sample_at (r, q, 600));
  x = must_sample (r, q, 660);
  g_assert_cmpuint (x->length, ==, 1);
  g_assert_cmpint (x->oldest_age_us, ==, S (60));
  x = must_sample (r, q, 1740);
  g_assert_cmpuint (x->length, ==, 19);
  g_assert_cmpint (x->oldest_age_us, ==, S (1140));
  g_assert_cmpuint (must_sample (r, q, 1800)->length, ==, 0);
  g_assert_cmpuint (r->queues[q].max_length, ==, 20);
  g_assert_cmpuint (r->queues[q].final_length, ==, 0);
}

/* ------------------------------------------------ failed retry */

static void
test_failed_message_retry (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Cat\nduration = 1h\nsample-interval = 1m\n"
      "categorizer-failure = 20%\ncategorizer-retry = 5m\n"
      "[routing-group A]\n"
      "[server A1]\nrouting-group = A\n[server A2]\nrouting-group = A\n"
      "[flow F]\nfrom = server A1\nto = server A2\nrate = 1/s\narrivals = uniform\n");
  g_autoptr (MfRunResult) r = run (t);
  int q = queue_id (t, r, "A1", "Failed message retry queue");
  const MfQueueSample *x;

  /* A fifth of the categorizations fail; a failed message waits 5 min and
   * is categorized again (and may fail again).  Nothing is lost. */
  g_assert_cmpuint (r->recipients.generated, ==, 3600);
  g_assert_cmpuint (r->recipients.delivered, ==, 3450);
  g_assert_cmpuint (r->recipients.in_flight, ==, 150);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  x = must_sample (r, q, 60);
  g_assert_cmpuint (x->length, ==, 12);
  g_assert_cmpint (x->oldest_age_us, ==, S (59));
  x = must_sample (r, q, 300);
  g_assert_cmpuint (x->length, ==, 64);
  g_assert_cmpint (x->oldest_age_us, ==, S (299));
  /* The first ones are back: none waits longer than 5 min per failure. */
  g_assert_cmpint (must_sample (r, q, 360)->oldest_age_us, ==, S (300));
  g_assert_cmpfloat (mf_tally_max (&r->latency_s), >, 1500);
}

/* ---------------------------------------------- deferred delivery */

/* Two flows from A1 with a deferred-delivery time, 30 min and 10 min:
 * their messages wait in "Messages queued for deferred delivery" (kept in
 * order of due time, so the 10 min ones pass the 30 min ones) and are
 * submitted when due. */
static void
test_deferred_delivery (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Later\nduration = 2h\nsample-interval = 1m\n"
      "[routing-group A]\n"
      "[server A1]\nrouting-group = A\n[server A2]\nrouting-group = A\n"
      "[flow Slow]\nfrom = server A1\nto = server A2\nrate = 1/m\narrivals = uniform\n"
      "deferred = 30m\n"
      "[flow Soon]\nfrom = server A1\nto = server A2\nrate = 1/m\narrivals = uniform\n"
      "deferred = 10m\n");
  g_autoptr (MfRunResult) r = run (t);
  int q = queue_id (t, r, "A1", "Messages queued for deferred delivery");
  const MfQueueSample *x;

  /* Both flows submit one a minute from 0 s; the Soon ones leave after
   * 10 min, the Slow ones after 30. */
  x = must_sample (r, q, 300);
  g_assert_cmpuint (x->length, ==, 10);
  g_assert_cmpint (x->oldest_age_us, ==, S (300));
  /* At a sample time T the queue holds what was submitted in (T - d, T):
   * a message due at T has left.  1200 s: Slow 0..1140 (20), Soon
   * 660..1140 (9). */
  g_assert_cmpuint (must_sample (r, q, 1200)->length, ==, 29);
  /* 3600 s: Slow 1860..3540 (29), Soon 3060..3540 (9); the oldest is
   * Slow's of 1860 s. */
  x = must_sample (r, q, 3600);
  g_assert_cmpuint (x->length, ==, 38);
  g_assert_cmpint (x->oldest_age_us, ==, S (1740));
  /* Nothing is delivered before it is due. */
  g_assert_cmpfloat (mf_tally_min (&r->flow_latency_s[0]), >=, 1800);
  g_assert_cmpfloat (mf_tally_max (&r->flow_latency_s[0]), <, 1801);
  g_assert_cmpfloat (mf_tally_min (&r->flow_latency_s[1]), >=, 600);
  g_assert_cmpfloat (mf_tally_max (&r->flow_latency_s[1]), <, 601);
  g_assert_cmpuint (r->recipients.generated, ==, 240);
  g_assert_cmpuint (r->recipients.delivered, ==, 240 - 40);
  /* In flight at 7200 s: 38 waiting as at 3600 s, and the 2 due at
   * 7200 s, submitted but not yet categorized. */
  g_assert_cmpuint (r->recipients.in_flight, ==, 40);
}

/* ------------------------------------------------------------ min/max */

/* B1 is down from 2 to 4 min; with samples every 10 min, A1's A-B queue
 * fills (about 120 messages: 1 a second for the outage) and drains before
 * the first sample, which finds it empty: the interval's maximum keeps the
 * burst, and the queue is sampled although it is empty at both ends. */
static void
test_burst_between_samples (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Burst\nduration = 30m\nsample-interval = 10m\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nlatency = 50ms\n"
      "[flow F]\nfrom = server A1\nto = server B1\nrate = 1/s\narrivals = uniform\n"
      "[event reboot]\nat = Mon 00:02\ntarget = server B1\naction = down\nduration = 2m\n");
  g_autoptr (MfRunResult) r = run (t);
  const MfQueueSample *x = must_sample (r, queue_id (t, r, "A1", "A-B"), 600);

  g_assert_cmpuint (x->length, ==, 0);
  g_assert_cmpuint (x->min_length, ==, 0);
  g_assert_cmpuint (x->max_length, >=, 110);
  g_assert_cmpuint (x->max_length, <=, 130);
  /* Nothing waited after that. */
  g_assert_null (sample_at (r, queue_id (t, r, "A1", "A-B"), 1800));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/queues/retry-counts-down", test_retry_counts_down);
  g_test_add_func ("/queues/scheduled-then-active", test_scheduled_then_active);
  g_test_add_func ("/queues/waiting-to-be-routed", test_waiting_to_be_routed);
  g_test_add_func ("/queues/dsn-pending-while-down", test_dsn_pending_while_down);
  g_test_add_func ("/queues/failed-message-retry", test_failed_message_retry);
  g_test_add_func ("/queues/deferred-delivery", test_deferred_delivery);
  g_test_add_func ("/queues/burst-between-samples", test_burst_between_samples);
  return g_test_run ();
}
