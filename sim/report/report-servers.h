/* report-servers.h — what the report shows per server, read from the run.
 *
 * Owns: each server's queues as Queue Viewer showed them at the server's
 * peak backlog (queues.csv: state, length, oldest message age, next retry),
 * and the columns of perfmon.csv.  Columns are found by their header
 * names, so a file with more columns (a newer run) still reads.  Drawing
 * and HTML are not here (report-plots-servers.c, report-html-servers.c).
 * TRUST: the files are untrusted: bounded, every number range-checked,
 * errors say FILE:LINE.
 */
#ifndef MF_REPORT_SERVERS_H
#define MF_REPORT_SERVERS_H

#include <glib.h>

#include "base/csv.h"
#include "report/report-data.h"

G_BEGIN_DECLS

/* The page shows the Queue Viewer tables of at most this many servers. */
#define MF_SV_MAX_SERVERS 20
/* … and a Performance Monitor plot of at most this many (the most traffic). */
#define MF_SV_MAX_PERFMON 4

typedef struct {
  char *queue;
  double length;
  char *state;               /* "" for a system queue */
  double oldest_age_s;       /* NaN when empty */
  double next_retry_s;       /* seconds after the sample; NaN unless Retry */
} MfSvQueue;

typedef struct {
  int server;                /* topology id */
  double peak_time_s;        /* the first sample with the highest total */
  double peak_total;         /* messages in all its queues then */
  GArray *queues;            /* MfSvQueue at that sample, longest first */
} MfSvServer;

/* Servers that held mail, highest peak first (then topology order).
 * (transfer full) (element-type MfSvServer) */
GPtrArray *mf_report_servers_peaks (const MfReportData *data, GError **error);

/* Reads DIR/@name, whose first record names its columns; @want lists the
 * columns the caller needs (NULL-terminated) and @func gets each record
 * with @cols[i] the index of @want[i].  A missing column is an error. */
typedef gboolean (*MfSvRowFunc) (const MfCsvRecord *rec, const guint *cols, gpointer user_data,
                                 GError **error);
gboolean mf_report_servers_read_csv (const char *dir, const char *name, const char *const *want,
                                     gboolean optional, gboolean *present, MfSvRowFunc func,
                                     gpointer user_data, GError **error);

/* One row of perfmon.csv (rates per second, lengths in messages). */
typedef struct {
  double time_s;
  double delivered, sent, received;
  double local, remote, retry, categorizer;
} MfSvPerf;

/* perfmon.csv per server: element s (topology id) is a GArray of MfSvPerf
 * in time order, empty unless @keep (nullable: all) says to keep server s
 * (a large run's file is read twice rather than held whole).  @traffic
 * (nullable, one per server) gets the messages delivered, sent and
 * received over the run (rates × intervals).  NULL without an error when
 * the run has no perfmon.csv (written before it existed).  (transfer full) */
GPtrArray *mf_report_servers_perfmon (const MfReportData *data, const gboolean *keep, double *traffic,
                                      GError **error);

G_END_DECLS

#endif /* MF_REPORT_SERVERS_H */
