/* summary-json.h — summary.json, the key figures of a run.
 *
 * Owns: the text of summary.json from one run and, optionally, the
 * intervals of its replications: keys in a fixed order, measured doubles
 * rounded (output-figures.h), null for a figure that does not exist.
 * Deliberately not here: writing the file (sim-output.h).
 */
#ifndef MF_SUMMARY_JSON_H
#define MF_SUMMARY_JSON_H

#include <glib.h>

#include "base/json-writer.h"
#include "base/result-dir.h"
#include "model/topology.h"
#include "transport/rep-summary.h"
#include "transport/transport.h"

G_BEGIN_DECLS

char *mf_output_summary_json (const MfTopology *topo, const MfRunResult *result,
                              const MfRepSummary *reps);
/* With "manifest" (MfManifestEntry*, result-dir.h) as the last member. */
char *mf_output_summary_json_full (const MfTopology *topo, const MfRunResult *result,
                                   const MfRepSummary *reps, const GPtrArray *manifest);
/* "manifest": [...] into the open object of @w. */
void mf_output_manifest_json (MfJsonWriter *w, const GPtrArray *manifest);

G_END_DECLS

#endif /* MF_SUMMARY_JSON_H */
