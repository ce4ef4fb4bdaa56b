/* report-plots.h — the report's plots: gnuplot scripts and their data.
 *
 * Owns: for each plot, choosing what to show from a run (the busiest
 * queues, the busiest connectors, the changes of link state...), writing
 * its numeric data file and its script (reports/common.gp followed by
 * reports/NAME.gp, filled in) into DIR/gnuplot/, and describing the figure
 * for index.html.  Running gnuplot is report.c's; the map is report-map.c's,
 * which uses the helpers below.
 * Invariant: data files hold numbers only, and every string in a script
 * went through mf_gp_quote.
 */
#ifndef MF_REPORT_PLOTS_H
#define MF_REPORT_PLOTS_H

#include <glib.h>

#include "report/report-data.h"
#include "report/report.h"

G_BEGIN_DECLS

/* Limits of what one plot shows (Postfix style: named, with defaults). */
#define MF_PLOT_TOP_QUEUES 8
#define MF_PLOT_TOP_CONNECTORS 8
#define MF_PLOT_HEATMAP_CONNECTORS 40
#define MF_PLOT_MAX_FLOWS 40
#define MF_PLOT_MAX_STATE_ROWS 30
#define MF_PLOT_MAX_CHANGES 30
#define MF_PLOT_BINS_PER_DECADE 10
/* Points per line of a time series before samples are averaged. */
#define MF_PLOT_MAX_POINTS 144
/* gnuplot's time 0 is Thursday 1970-01-01; this moves it to Monday 00:00. */
#define MF_PLOT_CLOCK_MONDAY_S 345600.0
/* The subdirectory of DIR with the scripts and data files. */
#define MF_PLOT_SUBDIR "gnuplot"

typedef struct {
  char *name;        /* file stem: NAME.png/.svg, gnuplot/NAME.gp, gnuplot/NAME.dat */
  char *title;       /* plain text: alt text and heading */
  char *caption;     /* HTML, escaped */
  int width, height; /* pixels */
} MfReportFigure;

void mf_report_figure_free (MfReportFigure *figure);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfReportFigure, mf_report_figure_free)

gboolean mf_report_plots_write (const MfReportData *data, MfReportFormat format,
                                GPtrArray *figures, GError **error);

/* Helpers shared with report-map.c. */
GHashTable *mf_plot_vars (const MfReportData *data, MfReportFormat format, const char *name,
                          const char *title, int width, int height);
gboolean mf_plot_finish (const MfReportData *data, const char *name, GHashTable *vars,
                         const GString *dat, int width, int height, const char *title,
                         char *caption, GPtrArray *figures, GError **error);
char *mf_plot_names_array (const char *array, const char *const *names, int n, gboolean tic_labels);
gboolean mf_report_write_file (const char *dir, const char *name, const char *text, gssize len,
                               GError **error);
double mf_plot_clock (const MfReportData *data, double time_s);
char *mf_report_format_seconds (double s);
char *mf_report_format_count (double v);

G_END_DECLS

#endif /* MF_REPORT_PLOTS_H */
