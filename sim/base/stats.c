/* stats.c — tallies, time-weighted averages, histograms (see stats.h).
 *
 * Histogram layout: a value x in [2^-20, 2^64) falls in octave
 * e = floor(log2 x), split into 64 equal sub-buckets read straight from the
 * top six mantissa bits of the IEEE double, so adding costs no log.  A
 * bucket [lo, hi) has (hi - lo) / lo ≤ 1/64, so its midpoint is within
 * 1/128 < 1% of every value in it.  Octaves are allocated on first use:
 * memory is bounded (84 octaves × 64 counters = 43 KB at most) and
 * typically a few KB, whatever the number of values.
 */
#define G_LOG_DOMAIN "msgflow-stats"

#include "base/stats.h"

#include <math.h>
#include <string.h>

/* ---- MfTally ---- */

/**
 * mf_tally_reset:
 * @t: (out caller-allocates): the tally; also how to initialise one
 */
void
mf_tally_reset (MfTally *t)
{
  g_return_if_fail (t != NULL);
  t->n = 0;
  t->mean = 0.0;
  t->m2 = 0.0;
  t->min = INFINITY;
  t->max = -INFINITY;
}

/** mf_tally_add: Adds one observation (Welford's update).  O(1). */
void
mf_tally_add (MfTally *t, double x)
{
  t->n++;
  double delta = x - t->mean;
  t->mean += delta / (double) t->n;
  t->m2 += delta * (x - t->mean);
  if (x < t->min)
    t->min = x;
  if (x > t->max)
    t->max = x;
}

/**
 * mf_tally_merge:
 * @dst: receives the observations of @src too
 * @src: (transfer none): unchanged
 *
 * Chan, Golub and LeVeque's pairwise update.  O(1).
 */
void
mf_tally_merge (MfTally *dst, const MfTally *src)
{
  g_return_if_fail (dst != NULL && src != NULL);
  if (src->n == 0)
    return;
  if (dst->n == 0)
    {
      *dst = *src;
      return;
    }
  double n1 = (double) dst->n, n2 = (double) src->n, n = n1 + n2;
  double delta = src->mean - dst->mean;
  dst->mean += delta * (n2 / n);
  dst->m2 += src->m2 + delta * delta * (n1 * n2 / n);
  dst->n += src->n;
  dst->min = MIN (dst->min, src->min);
  dst->max = MAX (dst->max, src->max);
}

/** mf_tally_count: Returns: the number of observations. */
guint64
mf_tally_count (const MfTally *t)
{
  return t->n;
}

/** mf_tally_mean: Returns: the mean, NAN without observations. */
double
mf_tally_mean (const MfTally *t)
{
  return t->n > 0 ? t->mean : NAN;
}

/** mf_tally_variance: Returns: the sample variance (n - 1), NAN if n < 2. */
double
mf_tally_variance (const MfTally *t)
{
  return t->n > 1 ? t->m2 / (double) (t->n - 1) : NAN;
}

/** mf_tally_sd: Returns: the sample standard deviation, NAN if n < 2. */
double
mf_tally_sd (const MfTally *t)
{
  return sqrt (mf_tally_variance (t));
}

/** mf_tally_min: Returns: the smallest observation, NAN without any. */
double
mf_tally_min (const MfTally *t)
{
  return t->n > 0 ? t->min : NAN;
}

/** mf_tally_max: Returns: the largest observation, NAN without any. */
double
mf_tally_max (const MfTally *t)
{
  return t->n > 0 ? t->max : NAN;
}

/* ---- MfTimeAvg ---- */

/**
 * mf_time_avg_init:
 * @ta: (out caller-allocates): the average
 * @now_us: the start of the observation
 * @level: the level at @now_us, read from the real state
 */
void
mf_time_avg_init (MfTimeAvg *ta, gint64 now_us, double level)
{
  g_return_if_fail (ta != NULL);
  ta->last_us = now_us;
  ta->covered_us = 0;
  ta->level = level;
  ta->area = 0.0;
  ta->max = level;
}

/**
 * mf_time_avg_set:
 * @now_us: not before the previous update
 * @level: the new level, read from the real state (the queue's length
 *   after the change), never reconstructed from counts
 *
 * Accounts the old level up to @now_us and switches to @level.  O(1).
 */
void
mf_time_avg_set (MfTimeAvg *ta, gint64 now_us, double level)
{
  g_return_if_fail (now_us >= ta->last_us);
  gint64 dt = now_us - ta->last_us;
  ta->area += ta->level * (double) dt;
  ta->covered_us += dt;
  ta->last_us = now_us;
  ta->level = level;
  if (level > ta->max)
    ta->max = level;
}

/** mf_time_avg_advance: Accounts the current level up to @now_us. */
void
mf_time_avg_advance (MfTimeAvg *ta, gint64 now_us)
{
  mf_time_avg_set (ta, now_us, ta->level);
}

/**
 * mf_time_avg_reset:
 *
 * Forgets the history before @now_us (the end of the warm-up) but keeps
 * the current level, which is still the real state.
 */
void
mf_time_avg_reset (MfTimeAvg *ta, gint64 now_us)
{
  g_return_if_fail (ta != NULL);
  mf_time_avg_init (ta, now_us, ta->level);
}

/**
 * mf_time_avg_merge:
 * @dst: receives @src's observed time and area
 * @src: (transfer none): unchanged
 *
 * Pools two observation windows (replications): the merged mean is the
 * total area over the total time, read with mf_time_avg_covered_mean().
 * Bring both up to their end time with mf_time_avg_advance() first; @dst
 * keeps its own level and clock.
 */
void
mf_time_avg_merge (MfTimeAvg *dst, const MfTimeAvg *src)
{
  g_return_if_fail (dst != NULL && src != NULL);
  dst->area += src->area;
  dst->covered_us += src->covered_us;
  dst->max = MAX (dst->max, src->max);
}

/**
 * mf_time_avg_mean:
 * @now_us: not before the last update
 *
 * Returns: the time-weighted mean level up to @now_us; the current level
 *   if no time has passed.
 */
double
mf_time_avg_mean (const MfTimeAvg *ta, gint64 now_us)
{
  g_return_val_if_fail (now_us >= ta->last_us, NAN);
  gint64 dt = now_us - ta->last_us;
  gint64 total = ta->covered_us + dt;
  if (total <= 0)
    return ta->level;
  return (ta->area + ta->level * (double) dt) / (double) total;
}

/**
 * mf_time_avg_covered_mean:
 *
 * Returns: the mean over the time accounted so far (up to the last update,
 *   over all merged windows): the figure of a pooled accumulator, which
 *   has no clock of its own.  The current level if no time is covered.
 */
double
mf_time_avg_covered_mean (const MfTimeAvg *ta)
{
  return ta->covered_us > 0 ? ta->area / (double) ta->covered_us : ta->level;
}

/** mf_time_avg_covered_us: Returns: the time accounted so far, in µs. */
gint64
mf_time_avg_covered_us (const MfTimeAvg *ta)
{
  return ta->covered_us;
}

/** mf_time_avg_level: Returns: the current level. */
double
mf_time_avg_level (const MfTimeAvg *ta)
{
  return ta->level;
}

/** mf_time_avg_max: Returns: the highest level since the last reset. */
double
mf_time_avg_max (const MfTimeAvg *ta)
{
  return ta->max;
}

/* ---- MfHistogram ---- */

#define SUB_BITS 6
#define N_SUB (1 << SUB_BITS)
#define EXP_MIN (-20) /* log2 MF_HISTOGRAM_MIN */
#define EXP_END 64    /* log2 MF_HISTOGRAM_MAX */
#define N_OCTAVES (EXP_END - EXP_MIN)

/* Integer form of MF_HISTOGRAM_REL_ERROR >= 1 / (2 N_SUB): a floating
 * constant expression is not portable in a static assertion (clang). */
G_STATIC_ASSERT (2 * N_SUB >= 100);

struct _MfHistogram {
  guint64 n;
  double sum;
  double min;
  double max;
  guint64 n_zero;     /* values below MF_HISTOGRAM_MIN */
  guint64 n_overflow; /* values at or above MF_HISTOGRAM_MAX */
  guint64 *octaves[N_OCTAVES]; /* (nullable) N_SUB counters each */
  guint n_allocated;
};

/**
 * mf_histogram_new:
 *
 * Returns: (transfer full) an empty histogram.
 */
MfHistogram *
mf_histogram_new (void)
{
  MfHistogram *h = g_new0 (MfHistogram, 1);
  h->min = INFINITY;
  h->max = -INFINITY;
  return h;
}

/** mf_histogram_free: @h: (transfer full) (nullable) */
void
mf_histogram_free (MfHistogram *h)
{
  if (h == NULL)
    return;
  for (int i = 0; i < N_OCTAVES; i++)
    g_free (h->octaves[i]);
  g_free (h);
}

static guint64 *
octave_counters (MfHistogram *h, int octave)
{
  if (G_UNLIKELY (h->octaves[octave] == NULL))
    {
      h->octaves[octave] = g_new0 (guint64, N_SUB);
      h->n_allocated++;
    }
  return h->octaves[octave];
}

/**
 * mf_histogram_add:
 * @x: ≥ 0 and not NaN
 *
 * O(1); allocates 512 bytes the first time an octave is used.
 */
void
mf_histogram_add (MfHistogram *h, double x)
{
  g_return_if_fail (x >= 0.0); /* rejects NaN too */

  h->n++;
  h->sum += x;
  if (x < h->min)
    h->min = x;
  if (x > h->max)
    h->max = x;
  if (x < MF_HISTOGRAM_MIN)
    {
      h->n_zero++;
      return;
    }
  if (x >= MF_HISTOGRAM_MAX)
    {
      h->n_overflow++;
      return;
    }
  guint64 bits;
  memcpy (&bits, &x, sizeof bits);
  int e = (int) ((bits >> 52) & 0x7ff) - 1023;
  guint sub = (guint) (bits >> (52 - SUB_BITS)) & (N_SUB - 1);
  octave_counters (h, e - EXP_MIN)[sub]++;
}

/** mf_histogram_reset: Forgets every value; keeps allocated octaves. */
void
mf_histogram_reset (MfHistogram *h)
{
  g_return_if_fail (h != NULL);
  h->n = 0;
  h->sum = 0.0;
  h->min = INFINITY;
  h->max = -INFINITY;
  h->n_zero = 0;
  h->n_overflow = 0;
  for (int i = 0; i < N_OCTAVES; i++)
    if (h->octaves[i] != NULL)
      memset (h->octaves[i], 0, N_SUB * sizeof (guint64));
}

/**
 * mf_histogram_merge:
 * @dst: receives the values of @src too
 * @src: (transfer none): unchanged
 *
 * Exact: bucket counts add.  O(buckets).
 */
void
mf_histogram_merge (MfHistogram *dst, const MfHistogram *src)
{
  g_return_if_fail (dst != NULL && src != NULL);
  dst->n += src->n;
  dst->sum += src->sum;
  dst->min = MIN (dst->min, src->min);
  dst->max = MAX (dst->max, src->max);
  dst->n_zero += src->n_zero;
  dst->n_overflow += src->n_overflow;
  for (int i = 0; i < N_OCTAVES; i++)
    if (src->octaves[i] != NULL)
      {
        guint64 *c = octave_counters (dst, i);
        for (int k = 0; k < N_SUB; k++)
          c[k] += src->octaves[i][k];
      }
}

/** mf_histogram_count: Returns: the number of values. */
guint64
mf_histogram_count (const MfHistogram *h)
{
  return h->n;
}

/** mf_histogram_mean: Returns: the exact mean, NAN if empty. */
double
mf_histogram_mean (const MfHistogram *h)
{
  return h->n > 0 ? h->sum / (double) h->n : NAN;
}

/** mf_histogram_min: Returns: the exact smallest value, NAN if empty. */
double
mf_histogram_min (const MfHistogram *h)
{
  return h->n > 0 ? h->min : NAN;
}

/** mf_histogram_max: Returns: the exact largest value, NAN if empty. */
double
mf_histogram_max (const MfHistogram *h)
{
  return h->n > 0 ? h->max : NAN;
}

static inline double
bucket_low (int octave, int sub)
{
  return ldexp (1.0 + (double) sub / N_SUB, octave + EXP_MIN);
}

/**
 * mf_histogram_percentile:
 * @p: in [0, 100]
 *
 * The nearest-rank percentile: the value of rank ceil(p/100 · n) (at
 * least 1), within MF_HISTOGRAM_REL_ERROR of it for values in
 * [MF_HISTOGRAM_MIN, MF_HISTOGRAM_MAX); 0 and 100 give the exact min and
 * max; below the range the answer is at most MF_HISTOGRAM_MIN, above it
 * the max.  O(buckets).
 *
 * Returns: the percentile, NAN if empty.
 */
double
mf_histogram_percentile (const MfHistogram *h, double p)
{
  g_return_val_if_fail (h != NULL, NAN);
  g_return_val_if_fail (p >= 0.0 && p <= 100.0, NAN);

  if (h->n == 0)
    return NAN;
  double r = ceil (p / 100.0 * (double) h->n);
  guint64 rank = r < 1.0 ? 1 : (r > (double) h->n ? h->n : (guint64) r);
  if (rank == 1 && p == 0.0)
    return h->min;
  if (rank == h->n)
    return h->max;

  guint64 seen = h->n_zero;
  double value = h->max;
  if (rank <= seen)
    value = MIN (h->max, MF_HISTOGRAM_MIN);
  else
    for (int i = 0; i < N_OCTAVES && rank > seen; i++)
      {
        if (h->octaves[i] == NULL)
          continue;
        for (int k = 0; k < N_SUB; k++)
          {
            seen += h->octaves[i][k];
            if (rank <= seen)
              {
                value = 0.5 * (bucket_low (i, k) + bucket_low (i, k + 1));
                break;
              }
          }
      }
  /* The exact extremes bound the answer and sharpen it at the ends. */
  return CLAMP (value, h->min, h->max);
}

/**
 * mf_histogram_foreach_bucket:
 * @func: called as (low, high, count) for every non-empty bucket, in
 *   increasing order; values below the range are reported in
 *   [0, MF_HISTOGRAM_MIN), those above in [MF_HISTOGRAM_MAX, +inf)
 */
void
mf_histogram_foreach_bucket (const MfHistogram *h, MfHistogramBucketFunc func, gpointer user_data)
{
  g_return_if_fail (h != NULL && func != NULL);
  if (h->n_zero > 0)
    func (0.0, MF_HISTOGRAM_MIN, h->n_zero, user_data);
  for (int i = 0; i < N_OCTAVES; i++)
    if (h->octaves[i] != NULL)
      for (int k = 0; k < N_SUB; k++)
        if (h->octaves[i][k] > 0)
          func (bucket_low (i, k), bucket_low (i, k + 1), h->octaves[i][k], user_data);
  if (h->n_overflow > 0)
    func (MF_HISTOGRAM_MAX, INFINITY, h->n_overflow, user_data);
}

/**
 * mf_histogram_memory_bytes:
 *
 * Returns: bytes held; at most sizeof + 84 × 512, whatever the count.
 */
gsize
mf_histogram_memory_bytes (const MfHistogram *h)
{
  g_return_val_if_fail (h != NULL, 0);
  return sizeof (*h) + (gsize) h->n_allocated * N_SUB * sizeof (guint64);
}

/* ---- MfStatSet ---- */

struct _MfStatSet {
  GPtrArray *tallies;    /* (element-type MfTally) (transfer none) */
  GPtrArray *time_avgs;  /* (element-type MfTimeAvg) (transfer none) */
  GPtrArray *histograms; /* (element-type MfHistogram) (transfer none) */
};

/**
 * mf_stat_set_new:
 *
 * Returns: (transfer full) an empty set.  It borrows its members, which
 *   must outlive it.
 */
MfStatSet *
mf_stat_set_new (void)
{
  MfStatSet *set = g_new0 (MfStatSet, 1);
  set->tallies = g_ptr_array_new ();
  set->time_avgs = g_ptr_array_new ();
  set->histograms = g_ptr_array_new ();
  return set;
}

/** mf_stat_set_free: @set: (transfer full) (nullable); members untouched */
void
mf_stat_set_free (MfStatSet *set)
{
  if (set == NULL)
    return;
  g_ptr_array_unref (set->tallies);
  g_ptr_array_unref (set->time_avgs);
  g_ptr_array_unref (set->histograms);
  g_free (set);
}

/** mf_stat_set_add_tally: @t: (transfer none) */
void
mf_stat_set_add_tally (MfStatSet *set, MfTally *t)
{
  g_return_if_fail (set != NULL && t != NULL);
  g_ptr_array_add (set->tallies, t);
}

/** mf_stat_set_add_time_avg: @ta: (transfer none) */
void
mf_stat_set_add_time_avg (MfStatSet *set, MfTimeAvg *ta)
{
  g_return_if_fail (set != NULL && ta != NULL);
  g_ptr_array_add (set->time_avgs, ta);
}

/** mf_stat_set_add_histogram: @h: (transfer none) */
void
mf_stat_set_add_histogram (MfStatSet *set, MfHistogram *h)
{
  g_return_if_fail (set != NULL && h != NULL);
  g_ptr_array_add (set->histograms, h);
}

/**
 * mf_stat_set_reset:
 * @now_us: the end of the warm-up
 *
 * Resets every member: tallies and histograms forget their values, time
 * averages restart at @now_us from their current level.  O(members).
 */
void
mf_stat_set_reset (MfStatSet *set, gint64 now_us)
{
  g_return_if_fail (set != NULL);
  for (guint i = 0; i < set->tallies->len; i++)
    mf_tally_reset (g_ptr_array_index (set->tallies, i));
  for (guint i = 0; i < set->time_avgs->len; i++)
    mf_time_avg_reset (g_ptr_array_index (set->time_avgs, i), now_us);
  for (guint i = 0; i < set->histograms->len; i++)
    mf_histogram_reset (g_ptr_array_index (set->histograms, i));
}
