/* trace-page.h — the animated page of one trace (`msgflow trace --html`).
 *
 * Owns: one self-contained HTML page, reports/trace.html with its style and
 * script inlined, carrying two JSON documents in
 * <script type="application/json"> elements: the trace exactly as
 * `msgflow trace --json` prints it (id "trace-data") and a description of
 * the map (id "map-data": routing groups with their servers and igraph
 * positions, connectors with their type, ends and cost).  The script of the
 * page draws the map and plays the journey; nothing here knows how.  The
 * page loads nothing from anywhere (its Content-Security-Policy forbids
 * it), so it can be mailed or opened from a file.
 */
#ifndef MF_TRACE_PAGE_H
#define MF_TRACE_PAGE_H

#include <glib.h>
#include <stdio.h>

#include "model/topology.h"
#include "analyze/trace.h"

G_BEGIN_DECLS

gboolean mf_trace_page_write (const MfTopology *topo, const MfTrace *trace, FILE *out,
                              GError **error);
/* The map description alone, as JSON text.  (transfer full) */
char *mf_trace_page_map_json (const MfTopology *topo, GError **error);

G_END_DECLS

#endif /* MF_TRACE_PAGE_H */
