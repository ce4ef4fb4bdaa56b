/* output-figures.h — what every output file of a run shares.
 *
 * Owns: the figures computed from an MfRunResult that more than one file
 * (and the command's printed summary) shows — connector utilisation, queue
 * means, the longest queue — the order of per-queue rows, the names of
 * ids, and the rounding of measured doubles.  Deliberately not here: the
 * layout of any file.
 */
#ifndef MF_OUTPUT_FIGURES_H
#define MF_OUTPUT_FIGURES_H

#include <glib.h>

#include "model/topology.h"
#include "transport/transport.h"

G_BEGIN_DECLS

/* Significant digits kept for measured doubles: far more than the
 * statistical precision of any simulated figure. */
#define MF_OUTPUT_DIGITS 6

double mf_output_round (double x);

/* The name of a server, connector or routing group id; "" for -1. */
const char *mf_output_server_name (const MfTopology *topo, int id);
const char *mf_output_connector_name (const MfTopology *topo, int id);
const char *mf_output_routing_group_name (const MfTopology *topo, int id);
const MfQueueStats *mf_output_queue_at (const MfRunResult *result, int id);

/* Figures shared by the files and the command's printed summary. */
double mf_output_utilization (const MfRunResult *result, int connector);
double mf_output_queue_mean_length (const MfRunResult *result, int queue);
guint64 mf_output_max_queue_length (const MfRunResult *result);
/* Queue indices sorted by (server id, kind, name): the order of every
 * per-queue output.  (transfer full) n_queues entries. */
int *mf_output_queue_order (const MfRunResult *result);

G_END_DECLS

#endif /* MF_OUTPUT_FIGURES_H */
