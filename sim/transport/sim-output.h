/* sim-output.h — the files `msgflow simulate` writes.
 *
 * Owns: writing summary.json and the CSV files the report is drawn from
 * atomically (temporary name, then rename) into a directory.  The public
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

#include "model/topology.h"
#include "transport/output-csv.h"
#include "transport/output-figures.h"
#include "transport/rep-summary.h"
#include "transport/summary-json.h"
#include "transport/transport.h"

G_BEGIN_DECLS

#define MF_OUTPUT_ERROR (mf_output_error_quark ())
GQuark mf_output_error_quark (void);

typedef enum {
  MF_OUTPUT_ERROR_IO, /* the directory or a file could not be written */
} MfOutputError;

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
