/* bench-engine.c — speed of the bare engine on a tandem of three M/M/1
 * stations (λ = 0.8/s, μ = 1/s, theory: mean sojourn 3/(μ-λ) = 15 s).
 *
 * Runs the model on the engine (MfSim, MfEvq, MfRng, mf_dist_sample) and,
 * as a yardstick on the same machine in the same process, a minimal
 * hand-written loop (4-ary heap of doubles, inline generator); each three
 * times, alternating, and prints the medians and their ratio.  Reads the
 * wall clock, which only benchmarks may do.  Asserts nothing.
 *
 * Usage: bench-engine [MESSAGES]   (default 1,000,000)
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/dist.h"
#include "base/engine.h"
#include "base/rng.h"
#include "base/stats.h"

#define N_STATIONS 3
#define N_TRIALS 3
#define SEED 20240607
#define US 1e6

/* ---- the model on the engine ---- */

enum { EV_ARRIVAL = N_STATIONS }; /* kinds 0..2: departure from station k */

typedef struct {
  gint64 *entry_us; /* ring of the entry times of the messages present */
  gsize head, len, cap;
  MfRng rng;
  MfDist service;
} Station;

typedef struct {
  Station st[N_STATIONS];
  MfRng arrivals;
  MfDist interarrival;
  guint64 generated, limit;
  MfTally sojourn_s;
} Model;

static void
station_push (MfSim *sim, Station *s, guint32 index, gint64 entry_us)
{
  if (s->len == s->cap)
    {
      gint64 *ring = g_new (gint64, s->cap * 2);
      for (gsize i = 0; i < s->len; i++)
        ring[i] = s->entry_us[(s->head + i) & (s->cap - 1)];
      g_free (s->entry_us);
      s->entry_us = ring;
      s->head = 0;
      s->cap *= 2;
    }
  s->entry_us[(s->head + s->len++) & (s->cap - 1)] = entry_us;
  if (s->len == 1)
    mf_sim_schedule_in (sim, mf_dist_sample_rounded (&s->service, &s->rng), index, 0);
}

static void
handle (MfSim *sim, const MfEvent *ev, gpointer user_data)
{
  Model *m = user_data;
  if (ev->kind == EV_ARRIVAL)
    {
      if (++m->generated < m->limit)
        mf_sim_schedule_in (sim, mf_dist_sample_rounded (&m->interarrival, &m->arrivals),
                            EV_ARRIVAL, 0);
      station_push (sim, &m->st[0], 0, ev->time_us);
      return;
    }
  Station *s = &m->st[ev->kind];
  gint64 entry_us = s->entry_us[s->head];
  s->head = (s->head + 1) & (s->cap - 1);
  s->len--;
  if (s->len > 0)
    mf_sim_schedule_in (sim, mf_dist_sample_rounded (&s->service, &s->rng), ev->kind, 0);
  if (ev->kind + 1 < N_STATIONS)
    station_push (sim, &m->st[ev->kind + 1], ev->kind + 1, entry_us);
  else
    mf_tally_add (&m->sojourn_s, (double) (ev->time_us - entry_us) / US);
}

typedef struct {
  double wall_s, mean_sojourn;
  guint64 messages, events;
  gsize queue_bytes;
} Result;

static Result
run_engine (guint64 n_messages)
{
  Model m = { .limit = n_messages };
  m.interarrival = (MfDist) { MF_DIST_EXP, 1.25 * US, 0 };
  mf_rng_init (&m.arrivals, SEED, 0, "source");
  for (int k = 0; k < N_STATIONS; k++)
    {
      g_autofree char *name = g_strdup_printf ("station %d", k + 1);
      m.st[k].cap = 64;
      m.st[k].entry_us = g_new (gint64, m.st[k].cap);
      m.st[k].service = (MfDist) { MF_DIST_EXP, 1.0 * US, 0 };
      mf_rng_init (&m.st[k].rng, SEED, 0, name);
    }
  mf_tally_reset (&m.sojourn_s);

  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (MfSim) sim = mf_sim_new (handle, &m);
  mf_sim_schedule_at (sim, 0, EV_ARRIVAL, 0);
  mf_sim_run (sim);
  gint64 t1 = g_get_monotonic_time ();

  Result r = {
    .wall_s = (double) (t1 - t0) / 1e6,
    .mean_sojourn = mf_tally_mean (&m.sojourn_s),
    .messages = mf_tally_count (&m.sojourn_s),
    .events = mf_sim_events_run (sim),
    .queue_bytes = mf_evq_memory_bytes (mf_sim_get_queue (sim)),
  };
  for (int k = 0; k < N_STATIONS; k++)
    g_free (m.st[k].entry_us);
  return r;
}

/* ---- the yardstick: a minimal hand-written loop ---- */

typedef struct {
  double t;
  guint64 seq;
  int kind;
} RefEv;

typedef struct {
  RefEv *a;
  gsize n, cap;
} RefHeap;

static inline gboolean
ref_less (const RefEv *x, const RefEv *y)
{
  return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

static void
ref_push (RefHeap *h, RefEv e)
{
  if (h->n == h->cap)
    h->a = g_renew (RefEv, h->a, h->cap *= 2);
  gsize i = h->n++;
  while (i > 0)
    {
      gsize p = (i - 1) / 4;
      if (!ref_less (&e, &h->a[p]))
        break;
      h->a[i] = h->a[p];
      i = p;
    }
  h->a[i] = e;
}

static RefEv
ref_pop (RefHeap *h)
{
  RefEv top = h->a[0], e = h->a[--h->n];
  gsize i = 0;
  for (;;)
    {
      gsize c = 4 * i + 1, best = c;
      if (c >= h->n)
        break;
      for (gsize k = c + 1; k < c + 4 && k < h->n; k++)
        if (ref_less (&h->a[k], &h->a[best]))
          best = k;
      if (!ref_less (&h->a[best], &e))
        break;
      h->a[i] = h->a[best];
      i = best;
    }
  h->a[i] = e;
  return top;
}

static inline guint64
ref_next (guint64 s[4])
{
  guint64 r = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9, t = s[1] << 17;
  s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t;
  s[3] = s[3] << 45 | s[3] >> 19;
  return r;
}

static inline double
ref_exp (guint64 s[4], double mean)
{
  return -mean * log ((double) ((ref_next (s) >> 11) + 1) * 0x1.0p-53);
}

static Result
run_reference (guint64 n_messages)
{
  guint64 s[4] = { 0x9e3779b97f4a7c15u, 0xbf58476d1ce4e5b9u, 0x94d049bb133111ebu, 12345 };
  RefHeap h = { g_new (RefEv, 64), 0, 64 };
  double *fifo[N_STATIONS];
  gsize head[N_STATIONS] = { 0 }, len[N_STATIONS] = { 0 }, cap = 1u << 16;
  for (int k = 0; k < N_STATIONS; k++)
    fifo[k] = g_new (double, cap);
  guint64 seq = 0, generated = 0, events = 0, done = 0;
  double sum = 0.0;

  gint64 t0 = g_get_monotonic_time ();
  ref_push (&h, (RefEv) { 0.0, seq++, N_STATIONS });
  while (h.n > 0)
    {
      RefEv e = ref_pop (&h);
      events++;
      int k = e.kind;
      double entry = e.t;
      if (k == N_STATIONS)
        {
          if (++generated < n_messages)
            ref_push (&h, (RefEv) { e.t + ref_exp (s, 1.25), seq++, N_STATIONS });
          k = 0;
        }
      else
        {
          entry = fifo[k][head[k]];
          head[k] = (head[k] + 1) & (cap - 1);
          if (--len[k] > 0)
            ref_push (&h, (RefEv) { e.t + ref_exp (s, 1.0), seq++, k });
          if (++k == N_STATIONS)
            {
              sum += e.t - entry;
              done++;
              continue;
            }
        }
      g_assert (len[k] < cap); /* the yardstick keeps fixed rings */
      fifo[k][(head[k] + len[k]++) & (cap - 1)] = entry;
      if (len[k] == 1)
        ref_push (&h, (RefEv) { e.t + ref_exp (s, 1.0), seq++, k });
    }
  gint64 t1 = g_get_monotonic_time ();

  for (int k = 0; k < N_STATIONS; k++)
    g_free (fifo[k]);
  g_free (h.a);
  return (Result) {
    .wall_s = (double) (t1 - t0) / 1e6,
    .mean_sojourn = sum / (double) done,
    .messages = done,
    .events = events,
    .queue_bytes = h.cap * sizeof (RefEv),
  };
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  guint64 n = 1000000;
  if (argc > 1 && !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT32, &n, NULL))
    {
      fprintf (stderr, "usage: %s [MESSAGES]\n", argv[0]);
      return 2;
    }

  Result eng = { 0 }, ref = { 0 };
  double eng_s[N_TRIALS], ref_s[N_TRIALS];
  for (int i = 0; i < N_TRIALS; i++)
    {
      ref = run_reference (n);
      eng = run_engine (n);
      ref_s[i] = ref.wall_s;
      eng_s[i] = eng.wall_s;
    }
  qsort (eng_s, N_TRIALS, sizeof (double), cmp_double);
  qsort (ref_s, N_TRIALS, sizeof (double), cmp_double);
  double wall = eng_s[N_TRIALS / 2], ref_wall = ref_s[N_TRIALS / 2];

  printf ("messages          %" G_GUINT64_FORMAT "\n", eng.messages);
  printf ("events            %" G_GUINT64_FORMAT "\n", eng.events);
  printf ("mean_sojourn      %.4f (theory 15.0)\n", eng.mean_sojourn);
  printf ("wall_s            %.4f (median of %d; min %.4f, max %.4f)\n", wall, N_TRIALS,
          eng_s[0], eng_s[N_TRIALS - 1]);
  printf ("messages_per_s    %.0f\n", (double) eng.messages / wall);
  printf ("queue_bytes       %" G_GSIZE_FORMAT "\n", eng.queue_bytes);
  printf ("reference_wall_s  %.4f (minimal 4-ary heap loop; mean_sojourn %.4f)\n", ref_wall,
          ref.mean_sojourn);
  printf ("ratio_to_reference %.2f\n", wall / ref_wall);
  return 0;
}
