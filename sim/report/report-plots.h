/* report-plots.h — the report's plots: gnuplot scripts and their data.
 *
 * Owns: for each plot, choosing what to show from a run (the busiest
 * queues, the busiest connectors, the changes of link state...), writing
 * its numeric data file and its script (reports/common.gp followed by
 * reports/NAME.gp, filled in) into DIR/gnuplot/, and describing the figure
 * for index.html.  Running gnuplot is report.c's; the map is report-map.c's;
 * writing a script and its data file is report-figure.c's.
 * Invariant: data files hold numbers only, and every string in a script
 * went through mf_gp_quote.
 */
#ifndef MF_REPORT_PLOTS_H
#define MF_REPORT_PLOTS_H

#include <glib.h>

#include "report/report-data.h"
#include "report/report-format.h"

G_BEGIN_DECLS

/* Limits of what one plot shows (Postfix style: named, with defaults). */
#define MF_PLOT_TOP_QUEUES 8
#define MF_PLOT_TOP_CONNECTORS 8
/* Connectors drawn in kbit/s against their bandwidth, one plot each. */
#define MF_PLOT_TOP_BANDWIDTH 4
#define MF_PLOT_HEATMAP_CONNECTORS 40
#define MF_PLOT_MAX_FLOWS 40
#define MF_PLOT_MAX_STATE_ROWS 30
#define MF_PLOT_MAX_CHANGES 30
#define MF_PLOT_BINS_PER_DECADE 10
/* Points per line of a time series before samples are averaged. */
#define MF_PLOT_MAX_POINTS 144

gboolean mf_report_plots_write (const MfReportData *data, MfReportFormat format,
                                GPtrArray *figures, GError **error);

G_END_DECLS

#endif /* MF_REPORT_PLOTS_H */
