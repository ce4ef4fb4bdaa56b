/* analyze-report.h — the outputs of `msgflow analyze`: a text report for
 * an administrator and JSON for programs (schema in docs/analyze.md).
 *
 * Owns: presentation only, byte-stable for a given analysis.  The text
 * report lists at most MF_ANALYZE_TEXT_MAX_LINES entries per list (the
 * JSON has them all).
 */
#ifndef MF_ANALYZE_REPORT_H
#define MF_ANALYZE_REPORT_H

#include <glib.h>
#include <stdio.h>

#include "analyze/analyze.h"

G_BEGIN_DECLS

#define MF_ANALYZE_TEXT_MAX_LINES 20

gboolean mf_analysis_write_text (FILE *out, const MfAnalysis *analysis, GError **error);
gboolean mf_analysis_write_json (FILE *out, const MfAnalysis *analysis, GError **error);

G_END_DECLS

#endif /* MF_ANALYZE_REPORT_H */
