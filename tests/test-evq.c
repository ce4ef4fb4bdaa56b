/* test-evq.c — the event queue: FIFO ties, priorities, cancellation,
 * compaction, and agreement with a plain sorted-array reference queue on
 * random workloads (two structures, one order). */
#include <glib.h>

#include "base/evq.h"
#include "base/rng.h"

static void
test_ties_are_fifo (void)
{
  g_autoptr (MfEvq) q = mf_evq_new ();
  /* Interleave two times so that equal keys sit in different subtrees. */
  for (guint i = 0; i < 1000; i++)
    mf_evq_push (q, (i % 2) ? 20 : 10, MF_EVQ_PRIO_DEFAULT, i % 2, i);
  MfEvent ev;
  guint64 prev = 0;
  for (guint i = 0; i < 1000; i++)
    {
      g_assert_true (mf_evq_pop (q, G_MAXINT64, &ev));
      g_assert_cmpint (ev.time_us, ==, i < 500 ? 10 : 20);
      if (i != 0 && i != 500)
        g_assert_cmpuint (ev.data, ==, prev + 2);
      prev = ev.data;
    }
  g_assert_false (mf_evq_pop (q, G_MAXINT64, &ev));
}

static void
test_priority_breaks_ties (void)
{
  g_autoptr (MfEvq) q = mf_evq_new ();
  mf_evq_push (q, 5, MF_EVQ_PRIO_LAST, 0, 1);
  mf_evq_push (q, 5, MF_EVQ_PRIO_DEFAULT, 0, 2);
  mf_evq_push (q, 5, MF_EVQ_PRIO_FIRST, 0, 3);
  mf_evq_push (q, 4, MF_EVQ_PRIO_LAST, 0, 4);
  mf_evq_push (q, 5, MF_EVQ_PRIO_DEFAULT, 0, 5);
  const guint64 want[] = { 4, 3, 2, 5, 1 };
  const guint8 want_prio[] = { MF_EVQ_PRIO_LAST, MF_EVQ_PRIO_FIRST, MF_EVQ_PRIO_DEFAULT,
                               MF_EVQ_PRIO_DEFAULT, MF_EVQ_PRIO_LAST };
  MfEvent ev;
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_assert_true (mf_evq_pop (q, G_MAXINT64, &ev));
      g_assert_cmpuint (ev.data, ==, want[i]);
      g_assert_cmpuint (ev.prio, ==, want_prio[i]);
    }
}

static void
test_pop_limit_and_peek (void)
{
  g_autoptr (MfEvq) q = mf_evq_new ();
  gint64 t = -1;
  MfEvent ev;
  g_assert_false (mf_evq_peek_time (q, &t));
  g_assert_false (mf_evq_pop (q, G_MAXINT64, &ev));
  mf_evq_push (q, 100, MF_EVQ_PRIO_DEFAULT, 7, 70);
  mf_evq_push (q, 50, MF_EVQ_PRIO_DEFAULT, 8, 80);
  g_assert_true (mf_evq_peek_time (q, &t));
  g_assert_cmpint (t, ==, 50);
  g_assert_false (mf_evq_pop (q, 49, &ev));
  g_assert_cmpuint (mf_evq_size (q), ==, 2);
  g_assert_true (mf_evq_pop (q, 50, &ev));
  g_assert_cmpuint (ev.kind, ==, 8);
  g_assert_false (mf_evq_pop (q, 99, &ev));
  g_assert_true (mf_evq_pop (q, 100, &ev));
  g_assert_cmpuint (ev.kind, ==, 7);
  g_assert_cmpuint (ev.data, ==, 70);
  g_assert_cmpuint (mf_evq_size (q), ==, 0);
}

static void
test_cancel (void)
{
  g_autoptr (MfEvq) q = mf_evq_new ();
  guint64 a = mf_evq_push (q, 10, MF_EVQ_PRIO_DEFAULT, 0, 1);
  guint64 b = mf_evq_push (q, 20, MF_EVQ_PRIO_DEFAULT, 0, 2);
  guint64 c = mf_evq_push (q, 30, MF_EVQ_PRIO_DEFAULT, 0, 3);
  g_assert_cmpuint (a, !=, MF_EVQ_NO_ID);
  g_assert_cmpuint (a, !=, b);
  g_assert_false (mf_evq_cancel (q, MF_EVQ_NO_ID));
  g_assert_false (mf_evq_cancel (q, G_MAXUINT64));
  g_assert_true (mf_evq_cancel (q, a));
  g_assert_false (mf_evq_cancel (q, a)); /* already cancelled */
  g_assert_cmpuint (mf_evq_size (q), ==, 2);

  gint64 t;
  g_assert_true (mf_evq_peek_time (q, &t));
  g_assert_cmpint (t, ==, 20); /* the cancelled front is skipped */

  MfEvent ev;
  g_assert_true (mf_evq_pop (q, G_MAXINT64, &ev));
  g_assert_cmpuint (ev.id, ==, b);
  g_assert_false (mf_evq_cancel (q, b)); /* already ran */

  /* The slot of b is reused; b's id must not cancel the new event. */
  guint64 d = mf_evq_push (q, 40, MF_EVQ_PRIO_DEFAULT, 0, 4);
  g_assert_cmpuint (d, !=, b);
  g_assert_false (mf_evq_cancel (q, b));
  g_assert_cmpuint (mf_evq_size (q), ==, 2);

  g_assert_true (mf_evq_cancel (q, c));
  g_assert_true (mf_evq_pop (q, G_MAXINT64, &ev));
  g_assert_cmpuint (ev.id, ==, d);
  g_assert_cmpuint (ev.data, ==, 4);
  g_assert_false (mf_evq_pop (q, G_MAXINT64, &ev));
  g_assert_cmpuint (mf_evq_size (q), ==, 0);
}

/* A model that arms a long timeout for every request and cancels it when
 * the reply comes: without compaction the heap would keep every
 * cancelled timeout until its time. */
static void
test_cancel_compacts (void)
{
  g_autoptr (MfEvq) q = mf_evq_new ();
  gsize base = mf_evq_memory_bytes (q);
  for (gint64 i = 0; i < 200000; i++)
    {
      guint64 timeout = mf_evq_push (q, i + 1000000000, MF_EVQ_PRIO_DEFAULT, 1, (guint64) i);
      mf_evq_push (q, i, MF_EVQ_PRIO_DEFAULT, 0, (guint64) i);
      MfEvent ev;
      g_assert_true (mf_evq_pop (q, G_MAXINT64, &ev));
      g_assert_cmpuint (ev.kind, ==, 0);
      g_assert_true (mf_evq_cancel (q, timeout));
      g_assert_cmpuint (mf_evq_size (q), ==, 0);
    }
  /* At most ~2 × 256 stored entries: 40 bytes each, doubled capacity. */
  g_assert_cmpuint (mf_evq_memory_bytes (q), <=, base + 1024 * 40);
  MfEvent ev;
  g_assert_false (mf_evq_pop (q, G_MAXINT64, &ev));
}

/* ---- the reference: a sorted array, O(n) per operation ---- */

typedef struct {
  gint64 time_us;
  guint8 prio;
  guint64 seq;
  guint64 id;
  guint32 kind;
  guint64 data;
} RefEvent;

static gboolean
ref_before (const RefEvent *a, const RefEvent *b)
{
  if (a->time_us != b->time_us)
    return a->time_us < b->time_us;
  if (a->prio != b->prio)
    return a->prio < b->prio;
  return a->seq < b->seq;
}

static void
ref_insert (GArray *ref, const RefEvent *e)
{
  guint i = ref->len;
  while (i > 0 && ref_before (e, &g_array_index (ref, RefEvent, i - 1)))
    i--;
  g_array_insert_val (ref, i, *e);
}

static gboolean
ref_cancel (GArray *ref, guint64 id)
{
  for (guint i = 0; i < ref->len; i++)
    if (g_array_index (ref, RefEvent, i).id == id)
      {
        g_array_remove_index (ref, i);
        return TRUE;
      }
  return FALSE;
}

/* Random pushes (few distinct times, so many ties), pops with and without
 * limits, peeks and cancels of pending, fired and cancelled ids, with
 * phases of heavy cancelling that trigger compaction. */
static void
run_random_workload (guint64 seed, guint n_ops)
{
  MfRng rng;
  mf_rng_init (&rng, seed, 0, "evq workload");
  g_autoptr (MfEvq) q = mf_evq_new ();
  g_autoptr (GArray) ref = g_array_new (FALSE, FALSE, sizeof (RefEvent));
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  static const guint8 prios[] = { MF_EVQ_PRIO_FIRST, MF_EVQ_PRIO_DEFAULT, MF_EVQ_PRIO_LAST };
  guint64 seq = 0;
  gint64 now = 0;

  for (guint op = 0; op < n_ops; op++)
    {
      /* Phases: grow, cancel-heavy, drain; cumulative percentages of
       * push, cancel and peek (the rest pops). */
      static const guint64 mix[3][3] = { { 60, 70, 75 }, { 40, 90, 92 }, { 20, 30, 35 } };
      const guint64 *p = mix[(op / 2000) % 3];
      if (op % 6000 == 2000)
        {
          /* A burst of cancels that leaves cancelled entries in the
           * majority: the queue compacts with live entries in it. */
          for (guint i = 0; i < ids->len; i++)
            if (mf_rng_below (&rng, 10) < 7)
              {
                guint64 id = g_array_index (ids, guint64, i);
                g_assert_cmpint (mf_evq_cancel (q, id), ==, ref_cancel (ref, id));
              }
          continue;
        }
      guint64 r = mf_rng_below (&rng, 100);
      if (r < p[0])
        {
          RefEvent e = {
            .time_us = now + (gint64) mf_rng_below (&rng, 50),
            .prio = prios[mf_rng_below (&rng, 3)],
            .seq = seq++,
            .kind = (guint32) mf_rng_below (&rng, 1000),
            .data = mf_rng_next_u64 (&rng),
          };
          e.id = mf_evq_push (q, e.time_us, e.prio, e.kind, e.data);
          g_assert_cmpuint (e.id, !=, MF_EVQ_NO_ID);
          ref_insert (ref, &e);
          g_array_append_val (ids, e.id);
        }
      else if (r < p[1])
        {
          if (ids->len == 0)
            continue;
          guint64 id = g_array_index (ids, guint64, mf_rng_below (&rng, ids->len));
          g_assert_cmpint (mf_evq_cancel (q, id), ==, ref_cancel (ref, id));
        }
      else if (r < p[2])
        {
          gint64 want_t;
          gboolean has = mf_evq_peek_time (q, &want_t);
          g_assert_cmpint (has, ==, ref->len > 0);
          if (has)
            g_assert_cmpint (want_t, ==, g_array_index (ref, RefEvent, 0).time_us);
        }
      else
        {
          gint64 limit = (r & 1) ? G_MAXINT64 : now + (gint64) mf_rng_below (&rng, 30);
          MfEvent ev;
          gboolean got = mf_evq_pop (q, limit, &ev);
          gboolean want = ref->len > 0 && g_array_index (ref, RefEvent, 0).time_us <= limit;
          g_assert_cmpint (got, ==, want);
          if (got)
            {
              const RefEvent *w = &g_array_index (ref, RefEvent, 0);
              g_assert_cmpint (ev.time_us, ==, w->time_us);
              g_assert_cmpuint (ev.prio, ==, w->prio);
              g_assert_cmpuint (ev.id, ==, w->id);
              g_assert_cmpuint (ev.kind, ==, w->kind);
              g_assert_cmpuint (ev.data, ==, w->data);
              g_assert_cmpint (ev.time_us, >=, now);
              now = ev.time_us;
              g_array_remove_index (ref, 0);
            }
        }
      g_assert_cmpuint (mf_evq_size (q), ==, ref->len);
      if (ids->len > 4096)
        g_array_remove_range (ids, 0, 2048);
    }
  /* Drain: both give the same remaining sequence. */
  MfEvent ev;
  while (mf_evq_pop (q, G_MAXINT64, &ev))
    {
      g_assert_cmpuint (ref->len, >, 0);
      g_assert_cmpuint (ev.id, ==, g_array_index (ref, RefEvent, 0).id);
      g_array_remove_index (ref, 0);
    }
  g_assert_cmpuint (ref->len, ==, 0);
}

static void
test_agrees_with_sorted_reference (void)
{
  for (guint64 seed = 1; seed <= 6; seed++)
    run_random_workload (seed, 30000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/evq/ties-are-fifo", test_ties_are_fifo);
  g_test_add_func ("/evq/priority-breaks-ties", test_priority_breaks_ties);
  g_test_add_func ("/evq/pop-limit-and-peek", test_pop_limit_and_peek);
  g_test_add_func ("/evq/cancel", test_cancel);
  g_test_add_func ("/evq/cancel-compacts", test_cancel_compacts);
  g_test_add_func ("/evq/agrees-with-sorted-reference", test_agrees_with_sorted_reference);
  return g_test_run ();
}
