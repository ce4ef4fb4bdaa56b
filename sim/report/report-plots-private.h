/* report-plots-private.h — what the plots share (report-plots.c and the
 * report-plots-*.c files); not for other modules.
 *
 * Each mf_plot_NAME writes the data file and script of its figures into
 * DIR/gnuplot/ through mf_plot_finish (report-figure.h) and appends them to
 * @figures; report-plots.c calls them in the order of the page.  The row
 * helpers write numbers only, so a data file never holds a name.
 */
#ifndef MF_REPORT_PLOTS_PRIVATE_H
#define MF_REPORT_PLOTS_PRIVATE_H

#include "report/report-plots.h"
#include "report/report-servers.h"

G_BEGIN_DECLS

/* Pixel sizes. */
#define MF_PLOT_WIDTH 1000
#define MF_PLOT_HEIGHT 460

/* report-plots.c: data rows */
void mf_plot_append_row (GString *s, int n, ...);
void mf_plot_end_block (GString *s, gboolean empty, int columns);
char *mf_plot_queue_label (const MfRdQueue *q);

/* report-plots-queues.c */
gboolean mf_plot_counts (const MfReportData *d, MfReportFormat format, GPtrArray *figures,
                         GError **error);
gboolean mf_plot_queues (const MfReportData *d, MfReportFormat format, GPtrArray *figures,
                         GError **error);

/* report-plots-latency.c */
gboolean mf_plot_flows (const MfReportData *d, MfReportFormat format, GPtrArray *figures,
                        GError **error);
gboolean mf_plot_latency (const MfReportData *d, MfReportFormat format, GPtrArray *figures,
                          GError **error);

/* report-plots-connectors.c */
gboolean mf_plot_connectors (const MfReportData *d, MfReportFormat format, GPtrArray *figures,
                             GError **error);

/* report-plots-link-state.c */
gboolean mf_plot_link_state (const MfReportData *d, MfReportFormat format, GPtrArray *figures,
                             GError **error);

/* report-plots-servers.c: a Performance Monitor plot for each of the
 * MF_PLOT_TOP_SERVERS servers with the most traffic; the figure helper of
 * plots drawn from a shared template */
#define MF_PLOT_TOP_SERVERS MF_SV_MAX_PERFMON
gboolean mf_plot_servers (const MfReportData *d, MfReportFormat format, GPtrArray *figures,
                          GError **error);
/* report-plots-bandwidth.c: kbit/s against the bandwidth, for each of the
 * MF_PLOT_TOP_BANDWIDTH connectors with a limited bandwidth that carried
 * the most bytes */
gboolean mf_plot_bandwidth (const MfReportData *d, MfReportFormat format, GPtrArray *figures,
                            GError **error);

G_END_DECLS

#endif /* MF_REPORT_PLOTS_PRIVATE_H */
