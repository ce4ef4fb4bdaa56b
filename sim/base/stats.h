/* stats.h — statistics primitives of the engine: tallies, time-weighted
 * averages, log-bucketed histograms, and a set that resets them together.
 *
 * Owns: accumulation, reset (the end of the warm-up) and merge (across
 * replications and, later, across machines) of observations.  Every
 * primitive merges exactly: merging the accumulators of two halves of the
 * data gives what one accumulator over all of it would give (to rounding
 * for the floating-point moments; bucket counts exactly).
 * Deliberately not here: what is measured (the model decides), output
 * formats, and the clock (callers pass the time).
 *
 * MfTally and MfTimeAvg are public structs so that models embed them by
 * value in their entities; their fields are private.
 */
#ifndef MF_STATS_H
#define MF_STATS_H

#include <glib.h>

G_BEGIN_DECLS

/* Count, mean, variance (Welford), min and max of observations. */
typedef struct {
  guint64 n;
  double mean;
  double m2; /* sum of squared deviations from the mean */
  double min;
  double max;
} MfTally;

void mf_tally_reset (MfTally *t);
void mf_tally_add (MfTally *t, double x);
void mf_tally_merge (MfTally *dst, const MfTally *src);
guint64 mf_tally_count (const MfTally *t);
double mf_tally_mean (const MfTally *t);
double mf_tally_variance (const MfTally *t);
double mf_tally_sd (const MfTally *t);
double mf_tally_min (const MfTally *t);
double mf_tally_max (const MfTally *t);

/* The time-weighted average of a level (a queue length, busy servers),
 * given the real level at each change. */
typedef struct {
  gint64 last_us;   /* time of the last update */
  gint64 covered_us; /* time accounted for in area */
  double level;
  double area; /* integral of the level over covered_us, level·µs */
  double max;
} MfTimeAvg;

void mf_time_avg_init (MfTimeAvg *ta, gint64 now_us, double level);
void mf_time_avg_set (MfTimeAvg *ta, gint64 now_us, double level);
void mf_time_avg_advance (MfTimeAvg *ta, gint64 now_us);
void mf_time_avg_reset (MfTimeAvg *ta, gint64 now_us);
void mf_time_avg_merge (MfTimeAvg *dst, const MfTimeAvg *src);
double mf_time_avg_mean (const MfTimeAvg *ta, gint64 now_us);
double mf_time_avg_covered_mean (const MfTimeAvg *ta);
gint64 mf_time_avg_covered_us (const MfTimeAvg *ta);
double mf_time_avg_level (const MfTimeAvg *ta);
double mf_time_avg_max (const MfTimeAvg *ta);

/* Log-bucketed histogram of values ≥ 0: percentiles within 1% relative
 * error, bounded memory. */
#define MF_HISTOGRAM_MIN 0x1.0p-20 /* below this a value counts as 0 */
#define MF_HISTOGRAM_MAX 0x1.0p64  /* at or above, counts as overflow */
#define MF_HISTOGRAM_REL_ERROR 0.01

typedef struct _MfHistogram MfHistogram;

typedef void (*MfHistogramBucketFunc) (double low, double high, guint64 count, gpointer user_data);

MfHistogram *mf_histogram_new (void);
void mf_histogram_free (MfHistogram *h);
void mf_histogram_add (MfHistogram *h, double x);
void mf_histogram_reset (MfHistogram *h);
void mf_histogram_merge (MfHistogram *dst, const MfHistogram *src);
guint64 mf_histogram_count (const MfHistogram *h);
double mf_histogram_mean (const MfHistogram *h);
double mf_histogram_min (const MfHistogram *h);
double mf_histogram_max (const MfHistogram *h);
double mf_histogram_percentile (const MfHistogram *h, double p);
void mf_histogram_foreach_bucket (const MfHistogram *h, MfHistogramBucketFunc func, gpointer user_data);
gsize mf_histogram_memory_bytes (const MfHistogram *h);

/* A set of borrowed statistics reset together (end of warm-up). */
typedef struct _MfStatSet MfStatSet;

MfStatSet *mf_stat_set_new (void);
void mf_stat_set_free (MfStatSet *set);
void mf_stat_set_add_tally (MfStatSet *set, MfTally *t);
void mf_stat_set_add_time_avg (MfStatSet *set, MfTimeAvg *ta);
void mf_stat_set_add_histogram (MfStatSet *set, MfHistogram *h);
void mf_stat_set_reset (MfStatSet *set, gint64 now_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfHistogram, mf_histogram_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfStatSet, mf_stat_set_free)

G_END_DECLS

#endif /* MF_STATS_H */
