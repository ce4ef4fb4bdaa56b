/* tracking.h — Exchange 2003 message tracking logs from a simulation.
 *
 * Owns: writing the MfTrackingRecords the transport hands out (its
 * MfRunOptions.track sink) as Exchange writes them (reference §7): per
 * server DIR/tracking/SERVER.log/yyyymmdd.log, one file per UTC day of the
 * simulated clock, tab-separated, Exchange's header lines and 20 columns,
 * so that existing tracking-log tools read them.  The files are written
 * into the run's result folder (base/result-dir.h), which is published
 * only when the whole run is written; SERVER is the server's name made
 * safe for a file name (mf_result_dir_safe_name).
 *
 * The simulated clock's Monday 00:00 is MF_TRACKING_EPOCH; addresses, IP
 * addresses and message ids are synthetic, unique and stable for a seed.
 */
#ifndef MF_TRACKING_H
#define MF_TRACKING_H

#include <glib.h>
#include "base/result-dir.h"
#include "model/topology.h"
#include "transport/transport.h"

G_BEGIN_DECLS

/* The date of the simulated week's Monday (UTC): a Monday in the summer of
 * Exchange 2003's first service pack year. */
#define MF_TRACKING_EPOCH_YEAR 2003
#define MF_TRACKING_EPOCH_MONTH 8
#define MF_TRACKING_EPOCH_DAY 11

/* Bytes a server's buffer holds before it is appended to its file. */
#define MF_TRACKING_BUFFER_BYTES (256 * 1024)

typedef struct _MfTrackingLog MfTrackingLog;

/* Create tracking/ in @rd, which must outlive the log.  (transfer full) */
MfTrackingLog *mf_tracking_log_new (MfResultDir *rd, const MfTopology *topo, guint64 seed,
                                    GError **error);
/* The first write error calls @stop (which stops the run early); the
 * error itself is mf_tracking_log_finish's. */
void mf_tracking_log_set_stop (MfTrackingLog *log, void (*stop) (void));
/* An MfTrackFunc: pass the log as user data.  The first write error is
 * kept, nothing more is written, and mf_tracking_log_finish reports it. */
void mf_tracking_log_record (const MfTrackingRecord *record, gpointer log);
/* Write what is buffered and close every file (into the manifest). */
gboolean mf_tracking_log_finish (MfTrackingLog *log, GError **error);
void mf_tracking_log_free (MfTrackingLog *log);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfTrackingLog, mf_tracking_log_free)

/* A rough size of the logs before a run: each message costs about this
 * many bytes over every server it crosses (4,600 to 6,100 bytes per
 * generated message measured on the bundled examples). */
#define MF_TRACKING_BYTES_PER_MESSAGE 6000
/* Logs this large are announced before the run (bytes, 1 GB). */
#define MF_TRACKING_ANNOUNCE_BYTES G_GUINT64_CONSTANT (1000000000)
guint64 mf_tracking_estimate_bytes (const MfTopology *topo, guint64 seed, gint64 duration_us);

/* The organisation's synthetic SMTP domain, e.g. "contoso.com" for
 * "Contoso": lower case, other characters as '-'.  (transfer full) */
char *mf_tracking_org_domain (const MfTopology *topo);
/* The MSGID the logs of a run with @seed write for message @msg_id
 * submitted on server @origin: "<MF0000002A.7@sea-mbx01.contoso.com>".
 * (transfer full) */
char *mf_tracking_message_id (const MfTopology *topo, guint64 seed, guint64 msg_id, int origin);

G_END_DECLS

#endif /* MF_TRACKING_H */
