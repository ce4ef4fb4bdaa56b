/* report-data-private.h — what the readers of a run's files share
 * (report-data.c, report-data-summary.c, report-data-topology.c,
 * report-data-csv.c); not for other modules.
 *
 * Each reader fills its part of an MfReportData that report-data.c has
 * allocated (every array exists, empty) and returns FALSE with a
 * MF_REPORT_ERROR set; the caller then frees the whole.
 */
#ifndef MF_REPORT_DATA_PRIVATE_H
#define MF_REPORT_DATA_PRIVATE_H

#include "report/report-data.h"

G_BEGIN_DECLS

/* report-data.c */
void mf_report_data_input_error (GError **error, const char *path, guint line,
                                 const char *format, ...) G_GNUC_PRINTF (4, 5);
GMappedFile *mf_report_data_map_file (const char *path, gboolean optional, GError **error);
GArray *mf_report_data_array_new (gsize size, GDestroyNotify clear);

/* report-data-summary.c */
gboolean mf_report_data_read_summary (MfReportData *data, GError **error);

/* report-data-topology.c */
gboolean mf_report_data_load_topology (MfReportData *data, const char *topology_path,
                                       GError **error);
gboolean mf_report_data_topology_error (GError **error, const MfReportData *data,
                                        const char *format, ...) G_GNUC_PRINTF (3, 4);

/* report-data-csv.c */
gboolean mf_report_data_read_csv (MfReportData *data, GError **error);

G_END_DECLS

#endif /* MF_REPORT_DATA_PRIVATE_H */
