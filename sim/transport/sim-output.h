/* sim-output.h — the files `msgflow simulate` writes.
 *
 * Owns: writing summary.json and the CSV files the report is drawn from
 * into a result folder (base/result-dir.h): every file through its
 * checked, hashing writer, summary.json last with the manifest of the
 * others, and the folder published in one step.  The public
 * face of the output modules, whose headers it includes: the texts come
 * from output-csv.h and summary-json.h, shared figures from
 * output-figures.h, replication intervals from rep-summary.h.  Each text
 * is a pure function of its inputs except for the wall-clock figures
 * (wall_s, events_per_s, sim_seconds_per_wall_second): keys in a fixed
 * order, rows sorted, numbers printed without locale and rounded so that
 * the same run gives byte-identical files.
 * Deliberately not here: running the model, the command line, plots.
 */
#ifndef MF_SIM_OUTPUT_H
#define MF_SIM_OUTPUT_H

#include <glib.h>

#include "base/result-dir.h"
#include "model/topology.h"
#include "transport/output-csv.h"
#include "transport/output-figures.h"
#include "transport/rep-summary.h"
#include "transport/summary-json.h"
#include "transport/transport.h"

G_BEGIN_DECLS

/* Write the CSV files, then summary.json with the manifest of every file
 * of @rd so far (topology.topo, tracking/ included), into @rd.
 * @reps: (nullable) replication intervals for summary.json.
 * Returns: FALSE with MF_RESULT_DIR_ERROR_IO naming the file. */
gboolean mf_output_write_set (MfResultDir *rd, const MfTopology *topo,
                              const MfRunResult *result, const MfRepSummary *reps,
                              GError **error);

/* mf_output_write_set() into a new result folder @dir, published when
 * complete; on failure @dir is as it was.  MF_RESULT_DIR_ERROR. */
gboolean mf_output_write_all (const char *dir, const MfTopology *topo,
                              const MfRunResult *result, const MfRepSummary *reps,
                              GError **error);

/* The names of the files mf_output_write_set() writes, NULL-terminated. */
extern const char *const mf_output_file_names[];

G_END_DECLS

#endif /* MF_SIM_OUTPUT_H */
