/* test-engine.c — the run loop: the clock never goes back, every event is
 * dispatched exactly once, ties run FIFO, run-until/stop/interrupt leave a
 * resumable state, misuse is refused, and a seeded model is bit-for-bit
 * reproducible. */
#include <glib.h>

#include "base/engine.h"
#include "base/rng.h"

/* A model that, for every event, schedules 1–2 children at random delays
 * (0 included, for ties) until a budget is spent, and sometimes cancels one
 * of its pending events. */
typedef struct {
  MfRng rng;
  gint64 last_us;
  guint64 scheduled, cancelled, dispatched;
  guint64 budget;
  guint64 pending_ids[64];
  guint64 trace_hash;
  guint64 last_seq_at_time; /* FIFO check: data carries a sequence number */
  guint64 next_seq;
} Chain;

static void
chain_handle (MfSim *sim, const MfEvent *ev, gpointer user_data)
{
  Chain *c = user_data;
  g_assert_cmpint (ev->time_us, ==, mf_sim_now (sim));
  g_assert_cmpint (ev->time_us, >=, c->last_us);
  /* Same time and priority: scheduled earlier runs earlier. */
  if (ev->time_us == c->last_us && c->dispatched > 0)
    g_assert_cmpuint (ev->data, >, c->last_seq_at_time);
  c->last_us = ev->time_us;
  c->last_seq_at_time = ev->data;
  c->dispatched++;
  c->trace_hash = (c->trace_hash ^ (guint64) ev->time_us ^ (ev->data << 20) ^ ev->kind)
                  * G_GUINT64_CONSTANT (0x100000001b3);

  guint64 n_children = c->scheduled < c->budget ? 1 + mf_rng_below (&c->rng, 2) : 0;
  for (guint64 i = 0; i < n_children; i++)
    {
      gint64 delay = (gint64) mf_rng_below (&c->rng, 4) * 1000;
      guint64 id = mf_sim_schedule_in (sim, delay, (guint32) mf_rng_below (&c->rng, 5),
                                       c->next_seq++);
      c->pending_ids[mf_rng_below (&c->rng, 64)] = id;
      c->scheduled++;
    }
  if (mf_rng_below (&c->rng, 10) == 0)
    {
      guint k = (guint) mf_rng_below (&c->rng, 64);
      if (mf_sim_cancel (sim, c->pending_ids[k]))
        c->cancelled++;
      c->pending_ids[k] = MF_EVQ_NO_ID;
    }
}

static MfSim *
chain_start (Chain *c, guint64 seed, guint64 budget)
{
  *c = (Chain) { .budget = budget };
  mf_rng_init (&c->rng, seed, 0, "chain");
  MfSim *sim = mf_sim_new (chain_handle, c);
  for (int i = 0; i < 8; i++)
    {
      mf_sim_schedule_at (sim, i * 500, 0, c->next_seq++);
      c->scheduled++;
    }
  return sim;
}

static void
test_counts_exact_and_time_monotone (void)
{
  Chain c;
  g_autoptr (MfSim) sim = chain_start (&c, 42, 200000);
  g_assert_cmpint (mf_sim_run (sim), ==, MF_SIM_DRAINED);
  g_assert_cmpuint (c.scheduled, >=, 200000);
  g_assert_cmpuint (c.cancelled, >, 0);
  g_assert_cmpuint (c.dispatched, ==, c.scheduled - c.cancelled);
  g_assert_cmpuint (mf_sim_events_run (sim), ==, c.dispatched);
  g_assert_cmpuint (mf_sim_pending (sim), ==, 0);
  g_assert_cmpint (mf_sim_now (sim), ==, c.last_us);
}

static void
test_same_seed_same_run (void)
{
  Chain a, b, d;
  g_autoptr (MfSim) sa = chain_start (&a, 7, 50000);
  g_autoptr (MfSim) sb = chain_start (&b, 7, 50000);
  g_autoptr (MfSim) sd = chain_start (&d, 8, 50000);
  mf_sim_run (sa);
  mf_sim_run (sb);
  mf_sim_run (sd);
  g_assert_cmpuint (a.trace_hash, ==, b.trace_hash);
  g_assert_cmpuint (a.dispatched, ==, b.dispatched);
  g_assert_cmpint (mf_sim_now (sa), ==, mf_sim_now (sb));
  g_assert_cmpuint (a.trace_hash, !=, d.trace_hash);
}

/* Splitting a run with run_until and stops changes nothing. */
static void
test_run_until_and_stop_resume (void)
{
  Chain whole, parts;
  g_autoptr (MfSim) sw = chain_start (&whole, 3, 20000);
  g_autoptr (MfSim) sp = chain_start (&parts, 3, 20000);
  mf_sim_run (sw);

  gint64 end = 0;
  MfSimStatus status;
  do
    {
      end += 777;
      status = mf_sim_run_until (sp, end);
      g_assert_cmpint (status, ==, MF_SIM_TIME_REACHED);
      g_assert_cmpint (mf_sim_now (sp), ==, end);
      gint64 next;
      if (mf_evq_peek_time (mf_sim_get_queue (sp), &next))
        g_assert_cmpint (next, >, end);
    }
  while (mf_sim_pending (sp) > 0);
  g_assert_cmpuint (parts.trace_hash, ==, whole.trace_hash);
  g_assert_cmpuint (mf_sim_events_run (sp), ==, mf_sim_events_run (sw));
}

typedef struct {
  guint64 stop_at;
  guint64 seen;
  volatile sig_atomic_t *flag;
} Stopper;

static void
stopper_handle (MfSim *sim, const MfEvent *ev, gpointer user_data)
{
  Stopper *s = user_data;
  s->seen++;
  if (ev->data < 99)
    mf_sim_schedule_in (sim, 10, 0, ev->data + 1);
  if (s->seen == s->stop_at)
    {
      if (s->flag != NULL)
        *s->flag = 1;
      else
        mf_sim_stop (sim);
    }
}

static void
test_stop_and_interrupt (void)
{
  Stopper s = { .stop_at = 30 };
  g_autoptr (MfSim) sim = mf_sim_new (stopper_handle, &s);
  mf_sim_schedule_at (sim, 0, 0, 0);
  g_assert_cmpint (mf_sim_run (sim), ==, MF_SIM_STOPPED);
  g_assert_cmpuint (mf_sim_events_run (sim), ==, 30);
  g_assert_cmpint (mf_sim_now (sim), ==, 290);
  g_assert_cmpint (mf_sim_run (sim), ==, MF_SIM_DRAINED); /* the request was consumed */
  g_assert_cmpuint (mf_sim_events_run (sim), ==, 100);

  volatile sig_atomic_t flag = 0;
  Stopper t = { .stop_at = 50, .flag = &flag };
  g_autoptr (MfSim) sim2 = mf_sim_new (stopper_handle, &t);
  mf_sim_set_interrupt_flag (sim2, &flag);
  mf_sim_schedule_at (sim2, 0, 0, 0);
  g_assert_cmpint (mf_sim_run_until (sim2, 100000), ==, MF_SIM_STOPPED);
  g_assert_cmpuint (mf_sim_events_run (sim2), ==, 50);
  g_assert_cmpint (mf_sim_now (sim2), ==, 490); /* not moved to the end time */
  g_assert_cmpint (mf_sim_run (sim2), ==, MF_SIM_STOPPED); /* flag still set */
  g_assert_cmpuint (mf_sim_events_run (sim2), ==, 50);
  flag = 0;
  g_assert_cmpint (mf_sim_run (sim2), ==, MF_SIM_DRAINED);
  g_assert_cmpuint (mf_sim_events_run (sim2), ==, 100);
}

/* A handler that keeps one event pending for ever (until a stop). */
static void
forever_handle (MfSim *sim, const MfEvent *ev, gpointer user_data)
{
  (void) ev;
  (void) user_data;
  mf_sim_schedule_in (sim, 1, 0, 0);
}

typedef struct {
  MfSim *sim;
  guint calls;
  guint64 events_at_call[4];
  volatile sig_atomic_t flag;
} Poller;

static void
poll_count (gpointer data)
{
  Poller *p = data;
  if (p->calls < G_N_ELEMENTS (p->events_at_call))
    p->events_at_call[p->calls] = mf_sim_events_run (p->sim);
  if (++p->calls == 3)
    p->flag = 1; /* as the memory guard does */
}

/* The poll runs between events every MF_SIM_POLL_EVENTS events, and a
 * flag it sets stops the loop before the next one. */
static void
test_poll_every_n_events (void)
{
  Poller p = { 0 };
  g_autoptr (MfSim) sim = mf_sim_new (forever_handle, NULL);

  p.sim = sim;
  mf_sim_set_interrupt_flag (sim, &p.flag);
  mf_sim_set_poll (sim, poll_count, &p);
  mf_sim_schedule_at (sim, 0, 0, 0);
  g_assert_cmpint (mf_sim_run (sim), ==, MF_SIM_STOPPED);
  g_assert_cmpuint (p.calls, ==, 3);
  g_assert_cmpuint (p.events_at_call[0], ==, MF_SIM_POLL_EVENTS);
  g_assert_cmpuint (p.events_at_call[1], ==, 2 * MF_SIM_POLL_EVENTS);
  g_assert_cmpuint (p.events_at_call[2], ==, 3 * MF_SIM_POLL_EVENTS);
  g_assert_cmpuint (mf_sim_events_run (sim), ==, 3 * MF_SIM_POLL_EVENTS);
}

static void
noop_handle (MfSim *sim, const MfEvent *ev, gpointer user_data)
{
  (void) sim;
  (void) ev;
  (void) user_data;
}

static void
test_schedule_in_past_refused (void)
{
  g_autoptr (MfSim) sim = mf_sim_new (noop_handle, NULL);
  mf_sim_schedule_at (sim, 1000, 0, 0);
  g_assert_cmpint (mf_sim_run (sim), ==, MF_SIM_DRAINED);

  g_test_expect_message ("msgflow-engine", G_LOG_LEVEL_CRITICAL, "*time_us >= sim->now_us*");
  g_assert_cmpuint (mf_sim_schedule_at (sim, 999, 0, 0), ==, MF_EVQ_NO_ID);
  g_test_assert_expected_messages ();
  g_test_expect_message ("msgflow-engine", G_LOG_LEVEL_CRITICAL, "*delay_us >= 0*");
  g_assert_cmpuint (mf_sim_schedule_in (sim, -1, 0, 0), ==, MF_EVQ_NO_ID);
  g_test_assert_expected_messages ();
  g_test_expect_message ("msgflow-engine", G_LOG_LEVEL_CRITICAL, "*delay_us >= 0*");
  g_assert_cmpuint (mf_sim_schedule_in (sim, G_MAXINT64, 0, 0), ==, MF_EVQ_NO_ID);
  g_test_assert_expected_messages ();
  g_test_expect_message ("msgflow-engine", G_LOG_LEVEL_CRITICAL, "*end_us >= sim->now_us*");
  g_assert_cmpint (mf_sim_run_until (sim, 10), ==, MF_SIM_STOPPED);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (mf_sim_pending (sim), ==, 0);
  g_assert_cmpint (mf_sim_now (sim), ==, 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/counts-exact-and-time-monotone", test_counts_exact_and_time_monotone);
  g_test_add_func ("/engine/same-seed-same-run", test_same_seed_same_run);
  g_test_add_func ("/engine/run-until-and-stop-resume", test_run_until_and_stop_resume);
  g_test_add_func ("/engine/stop-and-interrupt", test_stop_and_interrupt);
  g_test_add_func ("/engine/poll-every-n-events", test_poll_every_n_events);
  g_test_add_func ("/engine/schedule-in-past-refused", test_schedule_in_past_refused);
  return g_test_run ();
}
