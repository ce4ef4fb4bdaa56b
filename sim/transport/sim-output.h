/* sim-output.h — the files `msgflow simulate` writes (FORMAT.md §4).
 *
 * Owns: turning one MfRunResult (plus, optionally, the intervals of a set
 * of replications) into summary.json and the CSV files the report is drawn
 * from, and writing them atomically (temporary name, then rename) into a
 * directory.  The text is a pure function of its inputs except for the
 * wall-clock figures (wall_s, events_per_s, sim_seconds_per_wall_second):
 * keys in a fixed order, rows sorted, numbers printed without locale and
 * rounded so that the same run gives byte-identical files.
 * Deliberately not here: running the model, the command line, plots.
 */
#ifndef MF_SIM_OUTPUT_H
#define MF_SIM_OUTPUT_H

#include <glib.h>

#include "base/replication.h"
#include "model/topology.h"
#include "transport/transport.h"

G_BEGIN_DECLS

#define MF_OUTPUT_ERROR (mf_output_error_quark ())
GQuark mf_output_error_quark (void);

typedef enum {
  MF_OUTPUT_ERROR_IO, /* the directory or a file could not be written */
} MfOutputError;

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

/* Figures shared by the files and the command's printed summary. */
double mf_output_utilization (const MfRunResult *result, int connector);
double mf_output_queue_mean_length (const MfRunResult *result, int queue);
guint64 mf_output_max_queue_length (const MfRunResult *result);
/* Queue indices sorted by (server id, kind, name): the order of every
 * per-queue output.  (transfer full) n_queues entries. */
int *mf_output_queue_order (const MfRunResult *result);

/* The texts of the files.  (transfer full) */
char *mf_output_summary_json (const MfTopology *topo, const MfRunResult *result,
                              const MfRepSummary *reps);
char *mf_output_queues_csv (const MfTopology *topo, const MfRunResult *result);
char *mf_output_connectors_csv (const MfTopology *topo, const MfRunResult *result);
char *mf_output_counts_csv (const MfRunResult *result);
char *mf_output_link_state_csv (const MfTopology *topo, const MfRunResult *result);
char *mf_output_latency_histogram_csv (const MfRunResult *result);
char *mf_output_queue_stats_csv (const MfTopology *topo, const MfRunResult *result);
char *mf_output_qshape_csv (const MfTopology *topo, const MfRunResult *result);

/* Create @dir (and its parents) if needed.  MF_OUTPUT_ERROR_IO on failure. */
gboolean mf_output_prepare_dir (const char *dir, GError **error);

/* Write every file into @dir (created if needed), each atomically.
 * @reps: (nullable) replication intervals for summary.json.
 * Returns: FALSE with MF_OUTPUT_ERROR_IO when a file cannot be written;
 * files written before it stay, complete. */
gboolean mf_output_write_all (const char *dir, const MfTopology *topo,
                              const MfRunResult *result, const MfRepSummary *reps,
                              GError **error);

/* The names of the files mf_output_write_all() writes, NULL-terminated. */
extern const char *const mf_output_file_names[];

G_END_DECLS

#endif /* MF_SIM_OUTPUT_H */
