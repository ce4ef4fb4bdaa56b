/* report-html.h — index.html: one self-contained page of the report.
 *
 * Owns: the page (reports/index.html with reports/report.css inlined, no
 * script and no link outside the report's directory), HTML escaping, the
 * summary, warnings, tables and the qshape-style table of what is still
 * queued (report-html.c assembles the page from the report-html-*.c
 * sections).  It links only to files that exist in the directory.
 * TRUST: every name reaches the page through mf_html_escape, which also
 * replaces invalid UTF-8.
 */
#ifndef MF_REPORT_HTML_H
#define MF_REPORT_HTML_H

#include <glib.h>

#include "report/report-data.h"
#include "report/report-format.h"

G_BEGIN_DECLS

/* Rows of a table before the rest is left to the CSV files. */
#define MF_HTML_MAX_ROWS 500
#define MF_HTML_MAX_QSHAPE_ROWS 50
#define MF_HTML_MAX_WARNINGS 12
#define MF_HTML_MAX_MATRIX_CHANGES 12
/* Queues that peaked at this many recipients or more are named, the
 * highest MF_HTML_MAX_PEAKS of them. */
#define MF_HTML_PEAK_MIN_LENGTH 100
#define MF_HTML_MAX_PEAKS 5

char *mf_html_escape (const char *text);
void mf_html_append_escaped (GString *s, const char *text);

char *mf_report_html_page (const MfReportData *data, MfReportFormat format,
                           const GPtrArray *figures, GError **error);

G_END_DECLS

#endif /* MF_REPORT_HTML_H */
