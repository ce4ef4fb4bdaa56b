/* replication.h — independent replications and their confidence intervals.
 *
 * Owns: running a model R times on disjoint random streams (replication r
 * seeds every stream with r, see mf_rng_init) and summarising a key figure
 * over the R runs as mean ± Student-t half-width.  The Student t quantile
 * is computed here (GLib has no statistics).  Knows nothing of what a
 * replication does or prints.
 */
#ifndef MF_REPLICATION_H
#define MF_REPLICATION_H

#include <glib.h>

#include "base/stats.h"

G_BEGIN_DECLS

/* A confidence interval mean ± half_width over n values. */
typedef struct {
  guint64 n;
  double mean;
  double sd;
  double half_width; /* NAN when n < 2 */
} MfInterval;

/* One replication: build the model with streams for @replication, run it,
 * record its figures (e.g. in MfTally's of replication means). */
typedef gboolean (*MfReplicationFunc) (guint replication, gpointer user_data, GError **error);

double mf_student_t_cdf (double t, double df);
double mf_student_t_quantile (double p, double df);
MfInterval mf_interval_from_tally (const MfTally *values, double confidence);
MfInterval mf_interval_from_values (const double *values, gsize n, double confidence);
gboolean mf_replications_run (guint n_replications, MfReplicationFunc func,
                              gpointer user_data, GError **error);

G_END_DECLS

#endif /* MF_REPLICATION_H */
