/* report-plots-events.h — the run's events on the plots over time
 * (report-plots-events.c): the gnuplot block every clock plot includes,
 * and the figures the events section needs to describe it.
 */
#ifndef MF_REPORT_PLOTS_EVENTS_H
#define MF_REPORT_PLOTS_EVENTS_H

#include <glib.h>

#include "report/report-data.h"

G_BEGIN_DECLS

char *mf_plot_events_block (const MfReportData *data, double monday_s);
double mf_plot_event_end_s (const MfReportData *data, const MfRdEvent *event);
guint mf_plot_event_change_lines (const MfReportData *data, guint *drawn);

G_END_DECLS

#endif /* MF_REPORT_PLOTS_EVENTS_H */
