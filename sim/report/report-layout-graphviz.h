/* report-layout-graphviz.h — the map's positions from Graphviz.
 *
 * Owns: placing the map's vertices (routing groups, then the address-space
 * vertex of each SMTP connector without a `to`, as mf_report_map_layout
 * numbers them) with Graphviz `neato -Tplain`: the graph goes in as DOT,
 * each vertex a box as large as its name so that overlap removal keeps the
 * names apart; the positions come back from the plain output.  No name of
 * the topology is passed to Graphviz (vertices are v0, v1, …, sized by the
 * length of their names), so no name can change what it does.
 */
#ifndef MF_REPORT_LAYOUT_GRAPHVIZ_H
#define MF_REPORT_LAYOUT_GRAPHVIZ_H

#include <glib.h>

#include "model/topology.h"

G_BEGIN_DECLS

/* How long neato may take before the map falls back to igraph's layout. */
#define MF_GRAPHVIZ_TIMEOUT_S 20

/* @program: "neato" (looked up in PATH) or a path.  Fills @xy (2 ×
 * @n_vertices, x then y) and returns TRUE; FALSE with a message (the
 * program is missing, failed, timed out or wrote something unexpected). */
gboolean mf_report_layout_graphviz (const MfTopology *topo, const char *program, double *xy,
                                    int n_vertices, char **why);

/* The DOT text given to Graphviz (for tests).  (transfer full) */
char *mf_report_layout_dot (const MfTopology *topo, int n_vertices);

/* Reads `-Tplain` output into @xy; FALSE when a vertex is missing or a
 * line is malformed. */
gboolean mf_report_layout_parse_plain (const char *text, double *xy, int n_vertices);

G_END_DECLS

#endif /* MF_REPORT_LAYOUT_GRAPHVIZ_H */
