/* report.h — `msgflow report`: gnuplot plots and index.html of a run.
 *
 * Owns: turning the output directory of `msgflow simulate` (summary.json,
 * the CSV files, optionally qshape.csv) and the run's topology into plots
 * (PNG or SVG, drawn by gnuplot) and one self-contained index.html in the
 * same directory.  The gnuplot scripts and their numeric data files stay in
 * DIR/gnuplot/, so any plot can be redrawn by hand (`cd DIR && gnuplot
 * gnuplot/NAME.gp`).  The templates (reports/) are compiled into the binary.
 * The text outputs are a pure function of the directory's files and the
 * topology: a rerun gives byte-identical scripts, data and HTML.
 * Deliberately not here: running the model, the command line.
 */
#ifndef MF_REPORT_H
#define MF_REPORT_H

#include <glib.h>

G_BEGIN_DECLS

#define MF_REPORT_ERROR (mf_report_error_quark ())
GQuark mf_report_error_quark (void);

typedef enum {
  MF_REPORT_ERROR_INPUT,      /* a file of the run is missing or malformed */
  MF_REPORT_ERROR_TOPOLOGY,   /* the run's topology cannot be loaded or is not the run's */
  MF_REPORT_ERROR_NO_GNUPLOT, /* gnuplot is not installed */
  MF_REPORT_ERROR_GNUPLOT,    /* gnuplot failed on a script */
  MF_REPORT_ERROR_IO,         /* a file of the report cannot be written */
  MF_REPORT_ERROR_TEMPLATE,   /* a template is missing or lacks a value (a bug) */
} MfReportError;

typedef enum {
  MF_REPORT_PNG,
  MF_REPORT_SVG,
} MfReportFormat;

typedef struct {
  MfReportFormat format;
  const char *topology_path; /* NULL: the path summary.json records */
  const char *gnuplot;       /* NULL: "gnuplot" from PATH; else a program name or path */
} MfReportOptions;

/* The Debian package that provides the gnuplot the report needs. */
#define MF_REPORT_GNUPLOT_PACKAGE "gnuplot-nox"

gboolean mf_report_format_from_string (const char *text, MfReportFormat *format);
const char *mf_report_format_extension (MfReportFormat format);

gboolean mf_report_write (const char *dir, MfReportFormat format, GError **error);
gboolean mf_report_write_full (const char *dir, const MfReportOptions *options, GError **error);

G_END_DECLS

#endif /* MF_REPORT_H */
