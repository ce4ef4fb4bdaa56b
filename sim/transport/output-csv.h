/* output-csv.h — the CSV files `msgflow simulate` writes.
 *
 * Owns: the text of queues.csv, connectors.csv, counts.csv, link-state.csv,
 * latency-histogram.csv, queue-stats.csv and qshape.csv from one run: the
 * header line, then rows in a fixed order.  Deliberately not here: writing
 * the files (sim-output.h), summary.json (summary-json.h), perfmon.csv
 * (output-perfmon.h).
 */
#ifndef MF_OUTPUT_CSV_H
#define MF_OUTPUT_CSV_H

#include <glib.h>

#include "model/topology.h"
#include "transport/transport.h"

G_BEGIN_DECLS

/* The texts of the files.  (transfer full) */
char *mf_output_queues_csv (const MfTopology *topo, const MfRunResult *result);
char *mf_output_connectors_csv (const MfTopology *topo, const MfRunResult *result);
char *mf_output_counts_csv (const MfRunResult *result);
char *mf_output_link_state_csv (const MfTopology *topo, const MfRunResult *result);
char *mf_output_latency_histogram_csv (const MfRunResult *result);
char *mf_output_queue_stats_csv (const MfTopology *topo, const MfRunResult *result);
char *mf_output_qshape_csv (const MfTopology *topo, const MfRunResult *result);

G_END_DECLS

#endif /* MF_OUTPUT_CSV_H */
