/* report-format.h — what every part of the report shares: its error
 * domain and the image format of its plots.
 *
 * Owns: MF_REPORT_ERROR with its codes, MfReportFormat and its names
 * ("png", "svg").  The lowest module of report/: it includes no other, so
 * each part of the report can include it without an upward include.
 * Deliberately not here: options and the entry points (report.h).
 */
#ifndef MF_REPORT_FORMAT_H
#define MF_REPORT_FORMAT_H

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

gboolean mf_report_format_from_string (const char *text, MfReportFormat *format);
const char *mf_report_format_extension (MfReportFormat format);

G_END_DECLS

#endif /* MF_REPORT_FORMAT_H */
