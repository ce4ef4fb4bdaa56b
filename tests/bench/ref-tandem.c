/* ref-tandem.c — the yardstick for `msgflow simulate tests/bench/tandem.topo`:
 * the same queueing, and nothing else, as a minimal C program.
 *
 * Three FIFO stations in a row, Poisson arrivals at 0.8/s into the first,
 * exponential service at 1/s at each (M/M/1 tandem, mean sojourn
 * 3 / (1 − 0.8) = 15 s), for 1,250,000 simulated seconds (about 1,000,000
 * messages), like the topology.  Pending events in a 4-ary min-heap of
 * (time, sequence) keys, each station a ring of entry times, draws by
 * inversion from a xoshiro256** generator.  No mail semantics, no
 * statistics beyond the mean sojourn, no output files: what a bare
 * discrete-event program costs, so that `make bench` can print msgflow's
 * whole process as a ratio to this whole process (tests/bench.sh).
 *
 * Deliberately standalone (libc and libm only), so it measures nothing of
 * msgflow.  Prints the messages and the mean sojourn, for a sanity check.
 *
 * Usage: ref-tandem [SIM_SECONDS]   (default 1250000)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define STATIONS 3
#define LAMBDA 0.8
#define MU 1.0

typedef struct {
  double time;
  uint64_t seq;
  int kind; /* 0..STATIONS-1: a departure from that station; STATIONS: an arrival */
} Event;

typedef struct {
  Event *a;
  size_t n, cap;
} Heap;

static uint64_t rng_s[4];

static uint64_t
rotl (uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static uint64_t
next_u64 (void)
{
  uint64_t result = rotl (rng_s[1] * 5, 7) * 9, t = rng_s[1] << 17;
  rng_s[2] ^= rng_s[0];
  rng_s[3] ^= rng_s[1];
  rng_s[1] ^= rng_s[2];
  rng_s[0] ^= rng_s[3];
  rng_s[2] ^= t;
  rng_s[3] = rotl (rng_s[3], 45);
  return result;
}

static double
draw_exp (double rate)
{
  double u = ((double) (next_u64 () >> 11) + 0.5) * 0x1.0p-53; /* (0, 1) */
  return -log (u) / rate;
}

static int
before (const Event *x, const Event *y)
{
  return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

static void
heap_push (Heap *h, Event e)
{
  if (h->n == h->cap)
    {
      h->cap = h->cap ? 2 * h->cap : 64;
      h->a = realloc (h->a, h->cap * sizeof *h->a);
      if (h->a == NULL)
        abort ();
    }
  size_t i = h->n++;
  while (i > 0 && before (&e, &h->a[(i - 1) / 4]))
    {
      h->a[i] = h->a[(i - 1) / 4];
      i = (i - 1) / 4;
    }
  h->a[i] = e;
}

static Event
heap_pop (Heap *h)
{
  Event top = h->a[0], last = h->a[--h->n];
  size_t i = 0;
  for (;;)
    {
      size_t c = 4 * i + 1, best = c;
      if (c >= h->n)
        break;
      for (size_t k = c + 1; k < c + 4 && k < h->n; k++)
        if (before (&h->a[k], &h->a[best]))
          best = k;
      if (!before (&h->a[best], &last))
        break;
      h->a[i] = h->a[best];
      i = best;
    }
  h->a[i] = last;
  return top;
}

typedef struct {
  double *entry; /* ring of entry times of the messages present */
  size_t head, len, cap;
} Station;

static void
station_push (Station *s, double t)
{
  if (s->len == s->cap)
    {
      size_t cap = s->cap ? 2 * s->cap : 64;
      double *a = malloc (cap * sizeof *a);
      if (a == NULL)
        abort ();
      for (size_t i = 0; i < s->len; i++)
        a[i] = s->entry[(s->head + i) % s->cap];
      free (s->entry);
      s->entry = a;
      s->head = 0;
      s->cap = cap;
    }
  s->entry[(s->head + s->len++) % s->cap] = t;
}

static double
station_pop (Station *s)
{
  double t = s->entry[s->head];
  s->head = (s->head + 1) % s->cap;
  s->len--;
  return t;
}

int
main (int argc, char **argv)
{
  double end = argc > 1 ? atof (argv[1]) : 1250000.0;
  Heap h = { 0 };
  Station st[STATIONS] = { 0 };
  uint64_t seq = 0, done = 0;
  double sojourn = 0;

  rng_s[0] = 0x9e3779b97f4a7c15u;
  rng_s[1] = 0xbf58476d1ce4e5b9u;
  rng_s[2] = 0x94d049bb133111ebu;
  rng_s[3] = 20240607u;
  /* A message's first entry time travels with it through the stations. */
  heap_push (&h, (Event) { draw_exp (LAMBDA), seq++, STATIONS });
  while (h.n > 0)
    {
      Event e = heap_pop (&h);
      if (e.time > end)
        break;
      if (e.kind == STATIONS)
        {
          station_push (&st[0], e.time);
          if (st[0].len == 1)
            heap_push (&h, (Event) { e.time + draw_exp (MU), seq++, 0 });
          heap_push (&h, (Event) { e.time + draw_exp (LAMBDA), seq++, STATIONS });
          continue;
        }
      int k = e.kind;
      double first_entry = station_pop (&st[k]);
      if (st[k].len > 0)
        heap_push (&h, (Event) { e.time + draw_exp (MU), seq++, k });
      if (k + 1 < STATIONS)
        {
          station_push (&st[k + 1], first_entry);
          if (st[k + 1].len == 1)
            heap_push (&h, (Event) { e.time + draw_exp (MU), seq++, k + 1 });
        }
      else
        {
          sojourn += e.time - first_entry;
          done++;
        }
    }
  printf ("ref-tandem: %llu messages, mean sojourn %.2f s (theory 15)\n",
          (unsigned long long) done, done ? sojourn / (double) done : 0.0);
  for (int k = 0; k < STATIONS; k++)
    free (st[k].entry);
  free (h.a);
  return 0;
}
