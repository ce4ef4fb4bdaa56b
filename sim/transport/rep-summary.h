/* rep-summary.h — the key figures of a set of replications.
 *
 * Owns: collecting, replication by replication, the figures summary.json
 * gives intervals for (mean and p95 latency, delivered and NDR recipients,
 * longest queue), and their 95% intervals.  Deliberately not here: running
 * the replications (the command does), writing the JSON.
 */
#ifndef MF_REP_SUMMARY_H
#define MF_REP_SUMMARY_H

#include <glib.h>

#include "base/replication.h"
#include "transport/transport.h"

G_BEGIN_DECLS

/* Key figures summarised over replications (summary.json "replications"). */
typedef enum {
  MF_REP_LATENCY_MEAN_S,
  MF_REP_LATENCY_P95_S,
  MF_REP_DELIVERED_RECIPIENTS,
  MF_REP_NDR_RECIPIENTS,
  MF_REP_MAX_QUEUE_LENGTH,
  MF_REP_N_FIGURES
} MfRepFigure;

/* The figures of R replications: values[f] holds one value per completed
 * replication (count of them).  Build with mf_rep_summary_new, feed with
 * mf_rep_summary_add. */
typedef struct {
  guint requested;                   /* R asked for */
  guint count;                       /* replications that ran to the end */
  double wall_s;                     /* wall-clock time of all of them */
  GArray *values[MF_REP_N_FIGURES];  /* double */
} MfRepSummary;

const char *mf_rep_figure_name (MfRepFigure figure);
MfRepSummary *mf_rep_summary_new (guint requested);
void mf_rep_summary_free (MfRepSummary *reps);
void mf_rep_summary_add (MfRepSummary *reps, const MfRunResult *result);
MfInterval mf_rep_summary_interval (const MfRepSummary *reps, MfRepFigure figure);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfRepSummary, mf_rep_summary_free)

G_END_DECLS

#endif /* MF_REP_SUMMARY_H */
