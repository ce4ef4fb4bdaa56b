/* trace.h — the journey of one message, step by step, for `msgflow trace`.
 *
 * Owns: running the whole simulation of the file (its mail and [event]s,
 * or only the events with quiet_network) up to `--at`, injecting the
 * message then and following it until it is delivered or returned, so
 * queues, bridgeheads and every server's link-state view are those of that
 * moment; collecting the
 * tracking records of that message and of the notices about it, and
 * explaining each step in plain language: queues (ESM names), categorizer
 * decisions, each routing decision with the connector taken, its cost, the
 * alternatives rejected and why, the bridgehead chosen, and the delivery or
 * the NDR.  It uses the simulator and the routing routine themselves,
 * never a copy of their rules.
 */
#ifndef MF_TRACE_H
#define MF_TRACE_H

#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include "model/topology.h"

G_BEGIN_DECLS

typedef struct _MfTrace MfTrace;

/* Follow one message from `from_server` to a mailbox on `to_server`, or to
 * an address in `to_domain` (exactly one of them), submitted at `at_us`.
 * (transfer full) */
MfTrace *mf_trace_run (const MfTopology *topo, int from_server, int to_server,
                       const char *to_domain, gint64 at_us, guint64 size_bytes, GError **error);

#define MF_TRACE_ERROR (mf_trace_error_quark ())
GQuark mf_trace_error_quark (void);
typedef enum {
  MF_TRACE_ERROR_STOPPED, /* MfTraceOptions.interrupt was set */
} MfTraceError;

/* What else happens around the traced message. */
typedef struct {
  guint64 seed;            /* the run's seed (the file's `seed` by default) */
  gboolean quiet_network;  /* no [traffic] or [flow] mail; [event]s still happen */
  const char *tracking_dir; /* also write the run's tracking logs into DIR/tracking, or NULL */
  /* Stop the run when *interrupt is set (a signal, a memory limit): the
   * trace then fails with MF_TRACE_ERROR_STOPPED.  poll, when set, is called
   * every few thousand events first and may set it (the memory guard).
   * Both may be NULL. */
  const volatile sig_atomic_t *interrupt;
  void (*poll) (gpointer data);
  gpointer poll_data;
} MfTraceOptions;

/* The same with options; mf_trace_run is this with the file's seed and its
 * mail.  (transfer full) */
MfTrace *mf_trace_run_full (const MfTopology *topo, int from_server, int to_server,
                            const char *to_domain, gint64 at_us, guint64 size_bytes,
                            const MfTraceOptions *options, GError **error);
void mf_trace_free (MfTrace *trace);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfTrace, mf_trace_free)

/* The outcome: TRUE when the recipient was delivered. */
gboolean mf_trace_delivered (const MfTrace *trace);
/* "delivered", "returned" (an NDR) or "in-flight" (neither by the end of
 * the run's upper bound). */
const char *mf_trace_outcome (const MfTrace *trace);
/* The NDR's enhanced status code ("5.3.4"), or NULL when not returned. */
const char *mf_trace_ndr_code (const MfTrace *trace);
/* A step's time since the start of the run. */
gint64 mf_trace_step_time (const MfTrace *trace, int i);
/* A step's time of week, "Mon 10:30:00.000".  (transfer full) */
char *mf_trace_step_clock (const MfTrace *trace, int i);
int mf_trace_n_steps (const MfTrace *trace);
/* One word per kind of step: "submit", "receive", "categorize", "route",
 * "queue", "connect", "connect-failed", "wait", "digest", "session",
 * "transfer", "link-state", "event", "deliver", "ndr", "dsn" (docs/format.md
 * §4.10). */
const char *mf_trace_step_kind (const MfTrace *trace, int i);
/* The message's MSGID as the tracking logs write it, or NULL before it
 * was submitted. */
const char *mf_trace_message_id (const MfTrace *trace);
/* A step's tracking event id and server name, for tests. */
int mf_trace_step_event (const MfTrace *trace, int i);
const char *mf_trace_step_server (const MfTrace *trace, int i);
/* The connectors a routing step chose (-1 when none) and rejected as DOWN. */
int mf_trace_step_connector (const MfTrace *trace, int i);
gboolean mf_trace_step_rejected_down (const MfTrace *trace, int i, int connector);

void mf_trace_print_text (const MfTrace *trace, FILE *out);
gboolean mf_trace_print_json (const MfTrace *trace, FILE *out, GError **error);
/* The SMTP conversation of each hop, reconstructed (trace-smtp.c). */
void mf_trace_print_smtp (const MfTrace *trace, FILE *out);

G_END_DECLS

#endif /* MF_TRACE_H */
