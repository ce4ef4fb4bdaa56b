/* report-map.h — the topology map of the report.
 *
 * Owns: placing the routing groups with an igraph layout (Kamada-Kawai
 * from a circle, so the same topology always gives the same picture) and
 * drawing them with gnuplot: groups as circles sized by their servers,
 * connectors as arrows coloured by utilisation, dashed when they were
 * DOWN at some time of the run, SMTP connectors that only carry address
 * spaces as arrows to a square named after their address spaces.
 */
#ifndef MF_REPORT_MAP_H
#define MF_REPORT_MAP_H

#include <glib.h>

#include "report/report-data.h"
#include "report/report-format.h"

G_BEGIN_DECLS

/* Connector names are written on the map up to this many arrows. */
#define MF_MAP_MAX_EDGE_LABELS 40

gboolean mf_report_map_layout (const MfTopology *topo, double **xy, int *n_vertices, GError **error);
gboolean mf_report_map_write (const MfReportData *data, MfReportFormat format, GPtrArray *figures,
                              GError **error);

G_END_DECLS

#endif /* MF_REPORT_MAP_H */
