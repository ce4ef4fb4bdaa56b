/* report-html-private.h — what the parts of index.html share
 * (report-html.c and the report-html-*.c files); not for other modules.
 *
 * Every function that returns or appends text gives HTML: names went
 * through mf_html_escape, numbers through report-numbers.h.  Each section
 * function returns (transfer full) the value of one {{KEY}} of
 * reports/index.html; report-html.c fills the page with them.
 */
#ifndef MF_REPORT_HTML_PRIVATE_H
#define MF_REPORT_HTML_PRIVATE_H

#include "report/report-html.h"

G_BEGIN_DECLS

/* report-html-cells.c: numbers and cells */
void mf_html_append_count (GString *s, double v);
void mf_html_append_seconds (GString *s, double v);
char *mf_html_percent (double part, double whole);
char *mf_html_format_mean (double v);
void mf_html_td_count (GString *s, double v);
void mf_html_td_text (GString *s, const char *text);
void mf_html_td_raw (GString *s, const char *cls, const char *html);
void mf_html_th_row (GString *s, const char *const *headers);
const char *mf_html_group_name (const MfTopology *topo, int g);
void mf_html_card (GString *s, const char *value_html, const char *key);

/* report-html-summary.c */
char *mf_html_headline (const MfReportData *d, guint n_warnings);
char *mf_html_summary (const MfReportData *d);

/* report-html-warnings.c */
GPtrArray *mf_html_warnings (const MfReportData *d, const GArray *growing);
char *mf_html_warnings_html (const GPtrArray *list);

/* report-html-queues.c */
char *mf_html_queue_table (const MfReportData *d, const GArray *growing);
char *mf_html_qshape_table (const MfReportData *d);
char *mf_html_final_queue_table (const MfReportData *d);

/* report-html-flows.c */
char *mf_html_flow_table (const MfReportData *d, gboolean drawn);

/* report-html-events.c */
char *mf_html_events_headline (const MfReportData *d);
char *mf_html_events_section (const MfReportData *d);

/* report-html-links.c */
char *mf_html_connector_table (const MfReportData *d);
char *mf_html_link_state_table (const MfReportData *d);

/* report-html-servers.c */
char *mf_html_servers (const MfReportData *d);

G_END_DECLS

#endif /* MF_REPORT_HTML_PRIVATE_H */
