/* report-numbers.h — durations and counts written for people.
 *
 * Owns: the words the page and the plots' captions use for a number of
 * seconds ("3 h 57 min") and for a count ("270,283").  The text is plain,
 * locale-independent and needs no escaping.  Numbers for gnuplot are
 * report-gnuplot.h's (mf_gp_number).
 */
#ifndef MF_REPORT_NUMBERS_H
#define MF_REPORT_NUMBERS_H

#include <glib.h>

G_BEGIN_DECLS

char *mf_report_format_seconds (double s);
char *mf_report_format_count (double v);

G_END_DECLS

#endif /* MF_REPORT_NUMBERS_H */
