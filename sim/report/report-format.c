/* report-format.c — the report's error domain and image format (report-format.h).
 *
 * Only the names of the formats are parsed here; what a format changes in
 * a plot (the gnuplot terminal) is report-figure.c's.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-format.h"

#include <string.h>

G_DEFINE_QUARK (mf-report-error-quark, mf_report_error)

/** mf_report_format_from_string: Returns: TRUE and sets @format for "png" or "svg". */
gboolean
mf_report_format_from_string (const char *text, MfReportFormat *format)
{
  g_return_val_if_fail (text != NULL && format != NULL, FALSE);

  if (strcmp (text, "png") == 0)
    *format = MF_REPORT_PNG;
  else if (strcmp (text, "svg") == 0)
    *format = MF_REPORT_SVG;
  else
    return FALSE;
  return TRUE;
}

/** mf_report_format_extension: Returns: "png" or "svg". */
const char *
mf_report_format_extension (MfReportFormat format)
{
  return format == MF_REPORT_SVG ? "svg" : "png";
}
