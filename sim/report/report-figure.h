/* report-figure.h — one figure of the report and the files behind it.
 *
 * Owns: MfReportFigure (what index.html shows of a plot), the values that
 * reports/common.gp needs, writing a plot's script and data file into
 * DIR/gnuplot/, quoting a list of names as a gnuplot array, the x value of
 * a run time, and writing any file of the report atomically.  Shared by
 * the plots (report-plots*.c), the map (report-map.c), the page
 * (report-html*.c) and report.c.  Choosing what a plot shows is not here.
 * Invariant: every string this module puts into a script went through
 * mf_gp_quote.
 */
#ifndef MF_REPORT_FIGURE_H
#define MF_REPORT_FIGURE_H

#include <glib.h>

#include "report/report-data.h"
#include "report/report-format.h"

G_BEGIN_DECLS

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

GHashTable *mf_plot_vars (const MfReportData *data, MfReportFormat format, const char *name,
                          const char *title, int width, int height);
gboolean mf_plot_finish (const MfReportData *data, const char *name, GHashTable *vars,
                         const GString *dat, int width, int height, const char *title,
                         char *caption, GPtrArray *figures, GError **error);
gboolean mf_plot_finish_from (const MfReportData *data, const char *name, const char *template,
                              GHashTable *vars, const GString *dat, int width, int height,
                              const char *title, char *caption, GPtrArray *figures,
                              GError **error);
char *mf_plot_names_array (const char *array, const char *const *names, int n, gboolean tic_labels);
gboolean mf_report_write_file (MfResultDir *out, const char *name, const char *text, gssize len,
                               GError **error);
double mf_plot_clock (const MfReportData *data, double time_s);

G_END_DECLS

#endif /* MF_REPORT_FIGURE_H */
