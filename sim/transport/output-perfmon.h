/* output-perfmon.h — perfmon.csv: each server's SMTP Server counters.
 *
 * Owns: the text of perfmon.csv from one run — per sample interval and
 * server, the counters of Performance Monitor's "SMTP Server" object that
 * the model can compute honestly (rates of messages delivered, sent and
 * received; local, remote, remote retry and categorizer queue lengths),
 * named in snake_case.  Writing the file is sim-output.c's.
 */
#ifndef MF_OUTPUT_PERFMON_H
#define MF_OUTPUT_PERFMON_H

#include <glib.h>

#include "model/topology.h"
#include "transport/transport.h"

G_BEGIN_DECLS

/* The header line of perfmon.csv, without its newline. */
#define MF_PERFMON_HEADER                                                                      \
  "time_s,clock,server,messages_delivered_per_sec,messages_sent_per_sec,"                    \
  "messages_received_per_sec,local_queue_length,remote_queue_length,"                        \
  "remote_retry_queue_length,categorizer_queue_length"

/* (transfer full) */
char *mf_output_perfmon_csv (const MfTopology *topo, const MfRunResult *result);

G_END_DECLS

#endif /* MF_OUTPUT_PERFMON_H */
