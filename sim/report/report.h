/* report.h — `msgflow report`: gnuplot plots and index.html of a run.
 *
 * Owns: turning the output directory of `msgflow simulate` (summary.json,
 * the CSV files, optionally qshape.csv) and the run's topology into plots
 * (PNG or SVG, drawn by gnuplot) and one self-contained index.html in the
 * same directory, which is replaced as a whole (base/result-dir.h).  The gnuplot scripts and their numeric data files stay in
 * DIR/gnuplot/, so any plot can be redrawn by hand (`cd DIR && gnuplot
 * gnuplot/NAME.gp`).  The templates (reports/) are compiled into the binary.
 * The text outputs are a pure function of the directory's files and the
 * topology: a rerun gives byte-identical scripts, data and HTML.
 * The error domain and the image formats are report-format.h's.
 * Deliberately not here: running the model, the command line.
 */
#ifndef MF_REPORT_H
#define MF_REPORT_H

#include <glib.h>

#include "report/report-format.h"
#include "report/report-gnuplot.h" /* MF_REPORT_GNUPLOT_PACKAGE */

G_BEGIN_DECLS

typedef struct {
  MfReportFormat format;
  const char *topology_path; /* NULL: the path summary.json records */
  const char *gnuplot;       /* NULL: "gnuplot" from PATH; else a program name or path */
} MfReportOptions;

/* The manifest of the report's own files ({"format", "manifest"}); the
 * run's are in summary.json. */
#define MF_REPORT_MANIFEST_FILE "report.json"

gboolean mf_report_write (const char *dir, MfReportFormat format, GError **error);
gboolean mf_report_write_full (const char *dir, const MfReportOptions *options, GError **error);

G_END_DECLS

#endif /* MF_REPORT_H */
