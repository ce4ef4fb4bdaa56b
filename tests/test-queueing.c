/* test-queueing.c — the engine validated against queueing theory.
 *
 * One model, a tandem of FIFO stations with c exponential servers each and
 * Poisson arrivals, built on MfSim, MfRng streams per entity, mf_dist and
 * the statistics primitives, gives: M/M/1 mean sojourn 1/(μ-λ) and its
 * exponential percentiles, M/M/c mean wait (Erlang C), a three-station
 * Jackson tandem, and Little's law on time-weighted queue lengths read from
 * the real queue state.
 *
 * Tolerances come from the measured spread: after a warm-up the run is cut
 * into B batches (batch means); an estimate agrees with theory when it is
 * within the 99.9% Student-t interval of the batch means (plus the
 * histogram's 1% for percentiles), and every check also demands that the
 * interval be narrow, so a test cannot pass by being vague.  A negative
 * control shows that a 2% error in the service mean is caught.  Conservation
 * and exact event counts are checked on every run.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "model/dist.h"
#include "base/engine.h"
#include "base/replication.h"
#include "base/rng.h"
#include "base/stats.h"

#define US 1e6
#define MAX_STATIONS 4
#define N_PCT 3

static const double pct_levels[N_PCT] = { 50, 90, 99 };

typedef struct {
  double lambda; /* external arrivals per second */
  guint n_stations;
  guint servers[MAX_STATIONS];
  double service_mean_s[MAX_STATIONS];
  guint64 seed;
  guint replication;
  gint64 warmup_us;
  gint64 batch_us;
  guint n_batches;
  int record_station; /* record departure times from this station, or -1 */
} NetParams;

typedef struct {
  gint64 sys_entry_us;
  gint64 arrival_us;
} Waiting;

typedef struct {
  /* state */
  Waiting *ring;
  gsize head, len, cap;
  guint busy, servers;
  MfDist service;
  MfRng rng;
  gint64 last_exit_entry_us; /* FIFO check for single-server stations */
  /* counts */
  guint64 arrivals, departures;
  /* statistics: per batch, and pooled over the batches */
  MfTally wait_s, batch_wait_means;
  MfTimeAvg in_station, in_queue; /* levels read from ring and servers */
  MfTimeAvg total_in_station, total_in_queue;
  MfTally batch_l, batch_lq;
  MfTally total_wait_s;
} Station;

enum { EV_ARRIVAL = MAX_STATIONS, EV_WARMUP_END, EV_BATCH_END };

typedef struct {
  NetParams p;
  Station st[MAX_STATIONS];
  MfRng source;
  MfDist interarrival;
  guint64 generated, completed, completed_in_window;
  guint64 events_by_kind[EV_BATCH_END + 1];
  guint batches_done;
  gint64 window_start_us;
  guint64 in_system_at_window_start;
  /* batch statistics, reset together through batch_set */
  MfTally sojourn_s;
  MfTimeAvg in_system;
  MfHistogram *sojourn_hist;
  MfStatSet *batch_set;
  /* batch means and pooled totals */
  MfTally batch_sojourn, batch_l_system, batch_throughput;
  MfTally batch_pct[N_PCT];
  MfTally total_sojourn_s;
  MfTimeAvg total_in_system;
  MfHistogram *total_hist;
  GArray *departures; /* (element-type gint64) of record_station */
  guint64 trace_hash;
  gint64 last_event_us;
} Net;

static guint64
in_system (const Net *net)
{
  guint64 n = 0;
  for (guint k = 0; k < net->p.n_stations; k++)
    n += net->st[k].len + net->st[k].busy;
  return n;
}

static void
update_levels (Net *net, Station *s, gint64 now)
{
  mf_time_avg_set (&s->in_station, now, (double) (s->len + s->busy));
  mf_time_avg_set (&s->in_queue, now, (double) s->len);
  mf_time_avg_set (&net->in_system, now, (double) in_system (net));
}

static void
start_service (MfSim *sim, Station *s, guint k, gint64 sys_entry_us, gint64 arrival_us)
{
  s->busy++;
  mf_tally_add (&s->wait_s, (double) (mf_sim_now (sim) - arrival_us) / US);
  mf_sim_schedule_in (sim, mf_dist_sample_rounded (&s->service, &s->rng), k,
                      (guint64) sys_entry_us);
}

static void
station_arrive (MfSim *sim, Net *net, guint k, gint64 sys_entry_us)
{
  Station *s = &net->st[k];
  gint64 now = mf_sim_now (sim);
  s->arrivals++;
  if (s->busy < s->servers)
    start_service (sim, s, k, sys_entry_us, now);
  else
    {
      if (s->len == s->cap)
        {
          Waiting *ring = g_new (Waiting, s->cap * 2);
          for (gsize i = 0; i < s->len; i++)
            ring[i] = s->ring[(s->head + i) & (s->cap - 1)];
          g_free (s->ring);
          s->ring = ring;
          s->head = 0;
          s->cap *= 2;
        }
      s->ring[(s->head + s->len++) & (s->cap - 1)] = (Waiting) { sys_entry_us, now };
    }
  update_levels (net, s, now);
}

static void
station_depart (MfSim *sim, Net *net, guint k, gint64 sys_entry_us)
{
  Station *s = &net->st[k];
  gint64 now = mf_sim_now (sim);
  s->departures++;
  s->busy--;
  if (s->servers == 1)
    {
      /* FIFO: a single server serves in order of arrival. */
      g_assert_cmpint (sys_entry_us, >=, s->last_exit_entry_us);
      s->last_exit_entry_us = sys_entry_us;
    }
  if (s->len > 0)
    {
      Waiting w = s->ring[s->head];
      s->head = (s->head + 1) & (s->cap - 1);
      s->len--;
      start_service (sim, s, k, w.sys_entry_us, w.arrival_us);
    }
  update_levels (net, s, now);
  if ((int) k == net->p.record_station)
    g_array_append_val (net->departures, now);
  if (k + 1 < net->p.n_stations)
    station_arrive (sim, net, k + 1, sys_entry_us);
  else
    {
      double w = (double) (now - sys_entry_us) / US;
      net->completed++;
      net->completed_in_window++;
      mf_tally_add (&net->sojourn_s, w);
      mf_histogram_add (net->sojourn_hist, w);
      mf_time_avg_set (&net->in_system, now, (double) in_system (net));
    }
}

/* Close a batch: record its means, pool it into the totals, reset it. */
static void
close_batch (Net *net, gint64 now)
{
  double batch_s = (double) net->p.batch_us / US;
  mf_time_avg_advance (&net->in_system, now);
  mf_tally_add (&net->batch_sojourn, mf_tally_mean (&net->sojourn_s));
  mf_tally_add (&net->batch_l_system, mf_time_avg_mean (&net->in_system, now));
  mf_tally_add (&net->batch_throughput, (double) mf_tally_count (&net->sojourn_s) / batch_s);
  for (int i = 0; i < N_PCT; i++)
    mf_tally_add (&net->batch_pct[i], mf_histogram_percentile (net->sojourn_hist, pct_levels[i]));
  mf_tally_merge (&net->total_sojourn_s, &net->sojourn_s);
  mf_time_avg_merge (&net->total_in_system, &net->in_system);
  mf_histogram_merge (net->total_hist, net->sojourn_hist);
  for (guint k = 0; k < net->p.n_stations; k++)
    {
      Station *s = &net->st[k];
      mf_time_avg_advance (&s->in_station, now);
      mf_time_avg_advance (&s->in_queue, now);
      mf_tally_add (&s->batch_wait_means, mf_tally_mean (&s->wait_s));
      mf_tally_add (&s->batch_l, mf_time_avg_mean (&s->in_station, now));
      mf_tally_add (&s->batch_lq, mf_time_avg_mean (&s->in_queue, now));
      mf_tally_merge (&s->total_wait_s, &s->wait_s);
      mf_time_avg_merge (&s->total_in_station, &s->in_station);
      mf_time_avg_merge (&s->total_in_queue, &s->in_queue);
    }
  mf_stat_set_reset (net->batch_set, now);
}

static void
net_handle (MfSim *sim, const MfEvent *ev, gpointer user_data)
{
  Net *net = user_data;
  g_assert_cmpint (ev->time_us, >=, net->last_event_us);
  net->last_event_us = ev->time_us;
  net->events_by_kind[ev->kind]++;
  net->trace_hash = (net->trace_hash ^ (guint64) ev->time_us ^ ((guint64) ev->kind << 58))
                    * G_GUINT64_CONSTANT (0x100000001b3);
  switch (ev->kind)
    {
    case EV_ARRIVAL:
      net->generated++;
      mf_sim_schedule_in (sim, mf_dist_sample_rounded (&net->interarrival, &net->source),
                          EV_ARRIVAL, 0);
      station_arrive (sim, net, 0, ev->time_us);
      break;
    case EV_WARMUP_END:
      mf_stat_set_reset (net->batch_set, ev->time_us);
      net->window_start_us = ev->time_us;
      net->completed_in_window = 0;
      net->in_system_at_window_start = in_system (net);
      break;
    case EV_BATCH_END:
      close_batch (net, ev->time_us);
      net->batches_done++;
      break;
    default:
      g_assert_cmpuint (ev->kind, <, net->p.n_stations);
      station_depart (sim, net, ev->kind, (gint64) ev->data);
    }
}

static Net *
net_run (const NetParams *p)
{
  g_assert_cmpuint (p->n_stations, <=, MAX_STATIONS);
  Net *net = g_new0 (Net, 1);
  net->p = *p;
  net->interarrival = (MfDist) { MF_DIST_EXP, US / p->lambda, 0 };
  mf_rng_init (&net->source, p->seed, p->replication, "source");
  net->sojourn_hist = mf_histogram_new ();
  net->total_hist = mf_histogram_new ();
  net->batch_set = mf_stat_set_new ();
  net->departures = g_array_new (FALSE, FALSE, sizeof (gint64));
  mf_tally_reset (&net->sojourn_s);
  mf_time_avg_init (&net->in_system, 0, 0);
  mf_time_avg_init (&net->total_in_system, 0, 0);
  mf_stat_set_add_tally (net->batch_set, &net->sojourn_s);
  mf_stat_set_add_time_avg (net->batch_set, &net->in_system);
  mf_stat_set_add_histogram (net->batch_set, net->sojourn_hist);
  mf_tally_reset (&net->batch_sojourn);
  mf_tally_reset (&net->batch_l_system);
  mf_tally_reset (&net->batch_throughput);
  mf_tally_reset (&net->total_sojourn_s);
  for (int i = 0; i < N_PCT; i++)
    mf_tally_reset (&net->batch_pct[i]);
  for (guint k = 0; k < p->n_stations; k++)
    {
      Station *s = &net->st[k];
      g_autofree char *name = g_strdup_printf ("station %u", k + 1);
      mf_rng_init (&s->rng, p->seed, p->replication, name);
      s->servers = p->servers[k];
      s->service = (MfDist) { MF_DIST_EXP, p->service_mean_s[k] * US, 0 };
      s->cap = 64;
      s->ring = g_new (Waiting, s->cap);
      mf_tally_reset (&s->wait_s);
      mf_tally_reset (&s->batch_wait_means);
      mf_tally_reset (&s->batch_l);
      mf_tally_reset (&s->batch_lq);
      mf_tally_reset (&s->total_wait_s);
      mf_time_avg_init (&s->in_station, 0, 0);
      mf_time_avg_init (&s->in_queue, 0, 0);
      mf_time_avg_init (&s->total_in_station, 0, 0);
      mf_time_avg_init (&s->total_in_queue, 0, 0);
      mf_stat_set_add_tally (net->batch_set, &s->wait_s);
      mf_stat_set_add_time_avg (net->batch_set, &s->in_station);
      mf_stat_set_add_time_avg (net->batch_set, &s->in_queue);
    }

  g_autoptr (MfSim) sim = mf_sim_new (net_handle, net);
  gint64 end_us = p->warmup_us + (gint64) p->n_batches * p->batch_us;
  /* Markers run before anything else at their instant. */
  mf_sim_schedule_prio (sim, p->warmup_us, MF_EVQ_PRIO_FIRST, EV_WARMUP_END, 0);
  for (guint b = 1; b <= p->n_batches; b++)
    mf_sim_schedule_prio (sim, p->warmup_us + b * p->batch_us, MF_EVQ_PRIO_FIRST, EV_BATCH_END, 0);
  mf_sim_schedule_at (sim, 0, EV_ARRIVAL, 0);
  g_assert_cmpint (mf_sim_run_until (sim, end_us), ==, MF_SIM_TIME_REACHED);

  /* Exact accounting: every event is one of ours, every message is
   * somewhere, every station conserves. */
  guint64 sum = 0;
  for (int k = 0; k <= EV_BATCH_END; k++)
    sum += net->events_by_kind[k];
  g_assert_cmpuint (sum, ==, mf_sim_events_run (sim));
  g_assert_cmpuint (net->events_by_kind[EV_ARRIVAL], ==, net->generated);
  g_assert_cmpuint (net->events_by_kind[EV_WARMUP_END], ==, 1);
  g_assert_cmpuint (net->batches_done, ==, p->n_batches);
  g_assert_cmpuint (net->generated, ==, net->completed + in_system (net));
  guint64 busy = 0;
  for (guint k = 0; k < p->n_stations; k++)
    {
      Station *s = &net->st[k];
      busy += s->busy;
      g_assert_cmpuint (net->events_by_kind[k], ==, s->departures);
      g_assert_cmpuint (s->arrivals, ==, s->departures + s->len + s->busy);
      g_assert_cmpuint (s->arrivals, ==, k == 0 ? net->generated : net->st[k - 1].departures);
    }
  /* Pending: the next arrival and one departure per busy server. */
  g_assert_cmpuint (mf_sim_pending (sim), ==, 1 + busy);
  return net;
}

static void
net_free (Net *net)
{
  for (guint k = 0; k < net->p.n_stations; k++)
    g_free (net->st[k].ring);
  mf_histogram_free (net->sojourn_hist);
  mf_histogram_free (net->total_hist);
  mf_stat_set_free (net->batch_set);
  g_array_unref (net->departures);
  g_free (net);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Net, net_free)

/* Does the batch-means estimate agree with @theory?  Within the 99.9%
 * Student-t interval plus @slack (a known bias such as the histogram's
 * resolution).  The interval must also be narrower than @max_rel of the
 * theory, so that agreement means something. */
static gboolean
agrees (const MfTally *batches, double theory, double slack, double max_rel)
{
  MfInterval ci = mf_interval_from_tally (batches, 0.999);
  g_assert_cmpfloat (ci.half_width, <, max_rel * fabs (theory));
  gboolean ok = fabs (ci.mean - theory) <= ci.half_width + slack;
  if (!ok || g_test_verbose ())
    g_test_message ("estimate %.5f ± %.5f (99.9%%), theory %.5f", ci.mean, ci.half_width, theory);
  return ok;
}

static const NetParams mm1 = {
  .lambda = 0.7, .n_stations = 1, .servers = { 1 }, .service_mean_s = { 1.0 },
  .seed = 1001, .warmup_us = 20000 * (gint64) US, .batch_us = 150000 * (gint64) US,
  .n_batches = 20, .record_station = -1,
};

/* M/M/1, ρ = 0.7: sojourn ~ exp(μ - λ): mean 1/(μ-λ), percentiles
 * -ln(1-q)/(μ-λ); wait ρ/(μ-λ); number in system ρ/(1-ρ). */
static void
test_mm1 (void)
{
  g_autoptr (Net) net = net_run (&mm1);
  double rate = 1.0 - 0.7, rho = 0.7;
  g_assert_true (agrees (&net->batch_sojourn, 1.0 / rate, 0, 0.03));
  g_assert_true (agrees (&net->st[0].batch_wait_means, rho / rate, 0, 0.04));
  g_assert_true (agrees (&net->batch_l_system, rho / (1 - rho), 0, 0.04));
  g_assert_true (agrees (&net->batch_throughput, 0.7, 0, 0.01));
  for (int i = 0; i < N_PCT; i++)
    {
      double q = pct_levels[i] / 100.0, want = -log1p (-q) / rate;
      double slack = MF_HISTOGRAM_REL_ERROR * want;
      g_assert_true (agrees (&net->batch_pct[i], want, slack, 0.05));
      /* The pooled histogram (merged from the batches) agrees too. */
      MfInterval ci = mf_interval_from_tally (&net->batch_pct[i], 0.999);
      double pooled = mf_histogram_percentile (net->total_hist, pct_levels[i]);
      g_assert_cmpfloat (fabs (pooled - want), <=, ci.half_width + slack);
    }
  g_assert_cmpfloat_with_epsilon (mf_tally_mean (&net->total_sojourn_s),
                                  mf_histogram_mean (net->total_hist), 1e-9);
}

/* Negative control: service 2% slower than the theory assumes must be
 * detected, or the M/M/1 check above would prove nothing. */
static void
test_mm1_detects_wrong_service_mean (void)
{
  NetParams p = mm1;
  p.service_mean_s[0] = 1.02;
  g_autoptr (Net) net = net_run (&p);
  g_assert_false (agrees (&net->batch_sojourn, 1.0 / (1.0 - 0.7), 0, 0.03));
  g_assert_false (agrees (&net->batch_l_system, 0.7 / 0.3, 0, 0.04));
}

static double
erlang_c (guint c, double a)
{
  double term = 1.0, sum = 1.0; /* a^k / k! for k = 0 */
  for (guint k = 1; k < c; k++)
    {
      term *= a / k;
      sum += term;
    }
  double last = term * a / c * c / (c - a); /* a^c / c! · c / (c - a) */
  return last / (sum + last);
}

/* M/M/3, λ = 2.1, μ = 1: mean wait Erlang-C / (cμ - λ). */
static void
test_mmc_erlang_c (void)
{
  NetParams p = {
    .lambda = 2.1, .n_stations = 1, .servers = { 3 }, .service_mean_s = { 1.0 },
    .seed = 2002, .warmup_us = 10000 * (gint64) US, .batch_us = 15000 * (gint64) US,
    .n_batches = 20, .record_station = -1,
  };
  g_autoptr (Net) net = net_run (&p);
  double wq = erlang_c (3, 2.1) / (3.0 - 2.1);
  /* By hand: a³/3! · 3/(3-a) = 5.1450, Σ_{k<3} a^k/k! = 5.3050. */
  g_assert_cmpfloat_with_epsilon (erlang_c (3, 2.1), 5.145 / 10.45, 1e-9);
  g_assert_true (agrees (&net->st[0].batch_wait_means, wq, 0, 0.06));
  g_assert_true (agrees (&net->batch_sojourn, wq + 1.0, 0, 0.03));
  g_assert_true (agrees (&net->st[0].batch_lq, 2.1 * wq, 0, 0.06));
}

static const NetParams jackson = {
  .lambda = 0.5, .n_stations = 3, .servers = { 1, 1, 1 }, .service_mean_s = { 1.0, 1.25, 0.8 },
  .seed = 3003, .warmup_us = 10000 * (gint64) US, .batch_us = 30000 * (gint64) US,
  .n_batches = 20, .record_station = -1,
};

/* Three M/M/1 stations in tandem (μ = 1, 0.8, 1.25; λ = 0.5): product
 * form, each station an independent M/M/1. */
static void
test_jackson_tandem (void)
{
  g_autoptr (Net) net = net_run (&jackson);
  double w = 0.0, l = 0.0;
  for (guint k = 0; k < 3; k++)
    {
      double mu = 1.0 / jackson.service_mean_s[k], rho = 0.5 / mu;
      w += 1.0 / (mu - 0.5);
      l += rho / (1 - rho);
      g_assert_true (agrees (&net->st[k].batch_l, rho / (1 - rho), 0, 0.05));
      g_assert_true (agrees (&net->st[k].batch_wait_means, rho / (mu - 0.5), 0, 0.06));
    }
  g_assert_true (agrees (&net->batch_sojourn, w, 0, 0.03));
  g_assert_true (agrees (&net->batch_l_system, l, 0, 0.03));
}

/* Little's law, L = λW, on time-weighted lengths read from the queues: a
 * sample-path identity up to the customers present at the window's ends,
 * O(L·W/T) = O(1e-5) here, so it must hold to 1e-3, both for the system
 * and for each station's waiting line (Lq = λ Wq). */
static void
test_littles_law (void)
{
  g_autoptr (Net) net = net_run (&jackson);
  gint64 end = jackson.warmup_us + jackson.n_batches * jackson.batch_us;
  double t = (double) (end - net->window_start_us) / US;
  g_assert_cmpint (mf_time_avg_covered_us (&net->total_in_system), ==, end - net->window_start_us);
  double lambda_hat = (double) net->completed_in_window / t;
  double l = mf_time_avg_covered_mean (&net->total_in_system);
  double w = mf_tally_mean (&net->total_sojourn_s);
  g_assert_cmpfloat (fabs (l - lambda_hat * w) / l, <, 1e-3);
  for (guint k = 0; k < 3; k++)
    {
      Station *s = &net->st[k];
      double lq = mf_time_avg_covered_mean (&s->total_in_queue);
      double wq = mf_tally_mean (&s->total_wait_s);
      double lambda_k = (double) mf_tally_count (&s->total_wait_s) / t;
      g_assert_cmpfloat (fabs (lq - lambda_k * wq) / lq, <, 1e-3);
    }
}

/* The same seed gives the same run, bit for bit; another seed does not. */
static void
test_same_seed_bit_identical (void)
{
  NetParams p = jackson;
  p.batch_us = 2000 * (gint64) US;
  p.warmup_us = 1000 * (gint64) US;
  g_autoptr (Net) a = net_run (&p);
  g_autoptr (Net) b = net_run (&p);
  p.seed++;
  g_autoptr (Net) c = net_run (&p);
  g_assert_cmpuint (a->trace_hash, ==, b->trace_hash);
  g_assert_cmpmem (&a->batch_sojourn, sizeof (MfTally), &b->batch_sojourn, sizeof (MfTally));
  g_assert_cmpmem (&a->total_in_system, sizeof (MfTimeAvg), &b->total_in_system, sizeof (MfTimeAvg));
  for (int i = 0; i < N_PCT; i++)
    g_assert_cmpmem (&a->batch_pct[i], sizeof (MfTally), &b->batch_pct[i], sizeof (MfTally));
  g_assert_cmpuint (a->trace_hash, !=, c->trace_hash);
  g_assert_cmpfloat (mf_tally_mean (&a->total_sojourn_s), !=, mf_tally_mean (&c->total_sojourn_s));
}

/* Common random numbers: a fourth station after the third changes
 * nothing upstream, because each station draws on its own stream. */
static void
test_adding_a_station_keeps_other_paths (void)
{
  NetParams p = jackson;
  p.batch_us = 5000 * (gint64) US;
  p.record_station = 2;
  g_autoptr (Net) three = net_run (&p);
  p.n_stations = 4;
  p.servers[3] = 2;
  p.service_mean_s[3] = 1.5;
  g_autoptr (Net) four = net_run (&p);
  g_assert_cmpuint (three->departures->len, >, 10000);
  g_assert_cmpmem (three->departures->data, three->departures->len * sizeof (gint64),
                   four->departures->data, four->departures->len * sizeof (gint64));
  g_assert_cmpuint (three->st[2].departures, ==, four->st[3].arrivals);
}

typedef struct {
  MfTally means;
  double first_mean;
} RepState;

static gboolean
mm1_replication (guint replication, gpointer user_data, GError **error)
{
  (void) error;
  RepState *rs = user_data;
  NetParams p = mm1;
  p.replication = replication;
  p.n_batches = 1;
  p.batch_us = 100000 * (gint64) US;
  g_autoptr (Net) net = net_run (&p);
  double w = mf_tally_mean (&net->total_sojourn_s);
  if (replication == 0)
    rs->first_mean = w;
  else
    g_assert_cmpfloat (w, !=, rs->first_mean); /* separate streams */
  mf_tally_add (&rs->means, w);
  return TRUE;
}

/* R replications on separate streams: their 99.9% interval covers the
 * theory and is narrow. */
static void
test_replications (void)
{
  RepState rs;
  mf_tally_reset (&rs.means);
  g_assert_true (mf_replications_run (8, mm1_replication, &rs, NULL));
  g_assert_cmpuint (mf_tally_count (&rs.means), ==, 8);
  g_assert_true (agrees (&rs.means, 1.0 / 0.3, 0, 0.05));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/queueing/mm1-sojourn-and-percentiles", test_mm1);
  g_test_add_func ("/queueing/mm1-detects-wrong-service-mean", test_mm1_detects_wrong_service_mean);
  g_test_add_func ("/queueing/mmc-erlang-c", test_mmc_erlang_c);
  g_test_add_func ("/queueing/jackson-tandem", test_jackson_tandem);
  g_test_add_func ("/queueing/littles-law", test_littles_law);
  g_test_add_func ("/queueing/same-seed-bit-identical", test_same_seed_bit_identical);
  g_test_add_func ("/queueing/adding-a-station-keeps-other-paths", test_adding_a_station_keeps_other_paths);
  g_test_add_func ("/queueing/replications", test_replications);
  return g_test_run ();
}
