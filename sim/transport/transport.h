/* transport.h — one simulation run of the Exchange 2003 transport.
 *
 * Owns: the run of one (topology, seed, replication): servers with their
 * advanced-queuing pipeline (categorizer, local delivery, routing, link
 * queues, unreachable queue), connectors with sessions, bandwidth and
 * schedules, failures and retries, link-state propagation between the
 * servers' own views, DSNs and NDRs, and the statistics a run produces
 * (MfRunResult).  Writing files is not its job (sim-output.c); neither is
 * the command line (cmd-simulate.c).
 *
 * A run is a pure function of (topology, options): no global state, no wall
 * clock in the model, so runs can be replicated and distributed.
 */
#ifndef MF_TRANSPORT_H
#define MF_TRANSPORT_H

#include <glib.h>
#include <signal.h>
#include "base/stats.h"
#include "model/linkstate.h"
#include "model/topology.h"
#include "transport/observe.h"

G_BEGIN_DECLS

#define MF_TRANSPORT_ERROR (mf_transport_error_quark ())
GQuark mf_transport_error_quark (void);

typedef enum {
  MF_TRANSPORT_ERROR_CONSERVATION, /* generated != delivered + ndr + in_flight */
  MF_TRANSPORT_ERROR_INVALID,      /* the options do not fit the topology */
} MfTransportError;

/* One line of a message tracking log (reference §7): what a server did
 * with a message for one recipient.  The model hands records to a sink
 * (MfRunOptions.track) and does no I/O itself; tracking.c writes them in
 * Exchange's format. */
typedef enum {
  MF_PARTNER_NONE,
  MF_PARTNER_SERVER,    /* another server of the organisation */
  MF_PARTNER_CONNECTOR, /* a connector (its link queue) */
  MF_PARTNER_DOMAIN,    /* an external domain */
} MfPartnerKind;

typedef struct {
  gint64 time_us;
  int server;              /* the server that logs it */
  int event_id;            /* 1019, 1020, 1024, … */
  guint64 msg_id;          /* the original message's id, unique in the run */
  guint64 linked_msg_id;   /* for an NDR or DSN: the message it is about, else 0 */
  int origin;              /* submitting server */
  gboolean external_sender;
  gboolean is_notice;      /* an NDR or a delay DSN (sender: postmaster) */
  gint64 origination_us;
  guint64 size_bytes;
  int n_recipients;        /* recipients of the copy */
  int recipient_server;    /* the recipient's mailbox server, or -1 */
  const char *recipient_domain; /* or its external domain (transfer none) */
  MfPartnerKind partner_kind;
  int partner;             /* server or connector id */
  const char *partner_domain; /* for MF_PARTNER_DOMAIN (transfer none) */
  int client_server;       /* the server it came from (SMTP in), or -1 */
  /* The logging server's link-state view as it is now (transfer none,
   * valid during the call): `trace` explains routing decisions with it. */
  const MfLinkState *view;
  int ndr_reason;          /* MfNdrReason for event 1030, else -1 */
  /* The message of MfRunOptions.inject, or a notice about it (`trace`). */
  gboolean injected;
} MfTrackingRecord;

typedef void (*MfTrackFunc) (const MfTrackingRecord *record, gpointer user_data);

typedef struct _MfRunResult MfRunResult;

/* One message put into the run by hand (for `trace`). */
typedef struct {
  gint64 at_us;
  int from_server;
  int to_server;           /* a mailbox on this server, or -1 */
  const char *to_domain;   /* or an address in this external domain (lower-case) */
  guint64 size_bytes;
} MfInjection;

typedef struct {
  guint64 seed;            /* run seed */
  guint replication;       /* 0 for a plain run */
  gint64 duration_us;      /* simulated time */
  gint64 warmup_us;        /* statistics are reset at this time */
  gint64 sample_interval_us;
  /* Ctrl-C: stop at the next event; may be NULL.  `trace` sets it from its
   * track callback once its injected message is done, so a trace runs past
   * the file's duration (duration_us is then only its upper bound) and no
   * longer than the message needs. */
  const volatile sig_atomic_t *interrupt;
  /* Called about every simulated minute with the clock, for a progress line;
   * may be NULL.  Must not touch the model. */
  void (*progress) (gint64 now_us, gint64 end_us, guint64 events, gpointer user_data);
  gpointer progress_data;
  /* Called every few thousand events (MF_SIM_POLL_EVENTS), for limits that
   * cannot wait a simulated minute (memory); may set *interrupt; may be
   * NULL.  Must not touch the model. */
  void (*poll) (gpointer user_data);
  gpointer poll_data;
  /* Message tracking: called for every tracking event; may be NULL. */
  MfTrackFunc track;
  gpointer track_data;
  /* `trace`: no [traffic] and no [flow]s, only this message (may be NULL). */
  gboolean no_workload;
  const MfInjection *inject;
  /* `trace`: what happens around the injected message besides tracking
   * (observe.h); may be NULL. */
  MfObserveFunc observe;
  gpointer observe_data;
  /* For tests only; NULL in every real run.  Called once at the end of the
   * run, after the statistics are final and just before the conservation
   * check, so a test can break the counts on purpose and see the run fail. */
  void (*test_before_check) (MfRunResult *result, gpointer user_data);
  gpointer test_data;
} MfRunOptions;

/* Why recipients were returned with an NDR.  Each reason has one enhanced
 * status code (RFC 3463), as Exchange 2003 puts it in the NDR. */
typedef enum {
  MF_NDR_EXPIRED,        /* 4.4.7: not delivered within `expiration` */
  MF_NDR_HOP_COUNT,      /* 4.4.6: more than `max-hop-count` servers */
  MF_NDR_TOO_LARGE,      /* 5.3.4: too big for a connector or virtual server */
  MF_NDR_NO_ROUTE,       /* 5.4.4: no connector or DNS path serves the destination */
  MF_NDR_SIZE_LIMIT,     /* 5.2.3: over a sender or recipient size limit */
  MF_NDR_DNS,            /* 5.4.0: DNS lookup or smart host failure */
  MF_NDR_N_REASONS
} MfNdrReason;

/* "expired", "hop_count", … (summary.json's ndr_by_reason keys). */
const char *mf_ndr_reason_name (MfNdrReason reason);
/* The enhanced status code of the reason: "4.4.7", "5.3.4", … */
const char *mf_ndr_status_code (MfNdrReason reason);
/* The reason whose code is the k-th (0-based) in sorted order: the order of
 * summary.json's ndr_by_code.  Codes and reasons are one to one. */
MfNdrReason mf_ndr_reason_by_code_rank (int k);
/* What a status code means, for people; NULL for a code msgflow never
 * writes. */
const char *mf_ndr_code_meaning (const char *code);

/* Conservation counters: generated = delivered + ndr + in_flight. */
typedef struct {
  guint64 generated;
  guint64 delivered;
  guint64 ndr;
  guint64 in_flight;
} MfCounts;

/* Queues as Exchange System Manager names them, per server.  Link queues
 * are named after their next hop (a server, a connector or a domain). */
typedef enum {
  MF_QUEUE_CATEGORIZER,   /* "Messages awaiting directory lookup" */
  MF_QUEUE_LOCAL,         /* "Local delivery" */
  MF_QUEUE_ROUTING,       /* "Messages waiting to be routed" */
  MF_QUEUE_UNREACHABLE,   /* "Messages with an unreachable destination" */
  MF_QUEUE_DSN_PENDING,   /* "DSN messages pending submission" */
  MF_QUEUE_FAILED_RETRY,  /* "Failed message retry queue" */
  MF_QUEUE_DEFERRED,      /* "Messages queued for deferred delivery" */
  MF_QUEUE_LINK,          /* a link queue, named after its next hop */
} MfQueueKind;

typedef struct {
  int server;            /* server id */
  MfQueueKind kind;
  char *name;            /* ESM's name ("Local delivery", or the next hop's) */
  int connector;         /* for a link over a connector, else -1 */
  MfTimeAvg length;      /* messages waiting (as Queue Viewer counts), time-weighted (after warm-up) */
  guint64 max_length;    /* highest length after warm-up */
  guint64 final_length;  /* at the end of the run */
} MfQueueStats;

typedef struct {
  guint64 messages;      /* message copies transferred (after warm-up) */
  guint64 bytes;
  gint64 busy_us;        /* time with at least one transfer under way (after warm-up) */
  guint64 state_changes; /* UP/DOWN changes made by a routing group master */
  gboolean up_at_end;    /* in the owning group master's view */
} MfConnectorStats;

/* The state Queue Viewer shows for a link queue. */
typedef enum {
  MF_LINK_QUEUE_READY,     /* may connect (has mail, or is idle) */
  MF_LINK_QUEUE_ACTIVE,    /* a session is transferring */
  MF_LINK_QUEUE_RETRY,     /* a connection failed: waiting for the retry */
  MF_LINK_QUEUE_SCHEDULED, /* waiting for the connector's schedule window */
} MfLinkQueueState;

/* "Ready", "Active", "Retry", "Scheduled". */
const char *mf_link_queue_state_name (MfLinkQueueState state);

/* One sample of the time series (every sample interval). */
typedef struct {
  gint64 time_us;
  int queue;             /* index into MfRunResult.queues */
  guint32 length;
  guint32 min_length;    /* lowest and highest length in the interval that ends here */
  guint32 max_length;
  int state;             /* MfLinkQueueState of a link queue, -1 for the others */
  gint64 oldest_age_us;  /* now minus the submission of the oldest message waiting, -1 if none */
  gint64 next_retry_us;  /* a link in Retry: time to its next attempt, else -1 */
} MfQueueSample;

typedef struct {
  gint64 time_us;        /* end of the interval */
  int connector;
  guint64 messages;
  guint64 bytes;
  gint64 busy_us;        /* within the interval */
} MfConnectorSample;

typedef struct {
  gint64 time_us;        /* end of the interval */
  MfCounts recipients;   /* cumulative, user mail */
} MfCountsSample;

/* A server's SMTP Server counters over one sample interval (perfmon.csv). */
typedef struct {
  gint64 time_us;        /* end of the interval */
  int server;
  guint64 delivered;     /* message copies its store delivered to mailboxes */
  guint64 sent;          /* copies it handed to another server or outside */
  guint64 received;      /* copies it received from another server */
} MfServerSample;

/* A link-state change and who learned it when. */
typedef struct {
  int change;            /* index of the change */
  gint64 time_us;        /* when the routing group master made it */
  int connector;
  gboolean up;           /* the new state (cost changes: the state it keeps) */
  int cost;              /* the new cost */
  gboolean major;        /* a cost change (major version) rather than a state change */
  int routing_group;     /* the master's group */
  guint32 version;       /* the group's major or minor version after it */
  int origin_server;     /* the server that reported it (or the master) */
} MfLinkChange;

/* A routing group master taking over its group's table: after it comes
 * back (it rebuilds the table from its members) or when an [event] moves
 * the master; either way a user version change. */
typedef struct {
  gint64 time_us;
  int routing_group;
  int master;            /* the server that is master from now on */
  gboolean moved;        /* an [event] moved the master (else: it came back) */
  guint32 user_version;  /* the group's user version in the master's view after it */
} MfMasterChange;

typedef struct {
  int change;
  int server;
  gint64 time_us;        /* when this server's view took it */
} MfLinkLearned;

/* What one [event] did, measured over its window: from its start to its
 * end (its duration; without one, the next event on the same target or
 * the run's end).  Messages are attributed by when they were submitted,
 * reroutes by when they happened (transport-event-impact.c). */
typedef struct {
  gint64 start_us;
  gint64 end_us;
  guint64 messages;          /* user messages submitted in the window */
  guint64 rerouted;          /* user messages a server sent, in the window, over a
                              * connector that starts no lowest-cost route of the
                              * organisation's initial state; each counted once */
  guint64 ndr_recipients;    /* returned recipients of messages submitted in it */
  MfHistogram *latency_hist; /* delivered recipients of messages submitted in it
                              * (after the warm-up, like every latency figure) */
} MfEventImpact;

/* Postfix qshape's view of the end of the run: messages still held, by
 * queue and by age since submission.  Buckets are [0, 5), [5, 10),
 * [10, 20), [20, 40) … minutes, each twice the last; the last is open. */
#define MF_QSHAPE_BUCKETS 12
typedef struct {
  int queue;             /* index into MfRunResult.queues */
  int bucket;            /* 0 .. MF_QSHAPE_BUCKETS - 1 */
  guint64 messages;      /* message copies (in service or in transfer included) */
  guint64 recipients;
} MfQshapeRow;

/* The bucket's bounds in minutes; high is -1 for the last (open) bucket. */
void mf_qshape_bucket_bounds (int bucket, int *low_min, int *high_min);

struct _MfRunResult {
  gboolean complete;     /* FALSE when interrupted */
  const char *stopped;   /* why, when interrupted: set by the caller (a signal's name,
                          * "time-limit", "memory"), NULL otherwise; static text */
  guint64 seed;
  guint replication;
  gint64 sim_time_us;    /* simulated time reached */
  gint64 warmup_us;
  guint64 events;
  double wall_s;         /* filled by the caller, not the model */

  MfCounts messages;     /* user mail, by original message */
  MfCounts recipients;
  MfCounts dsn_messages; /* delay DSNs and NDRs sent back to senders */
  guint64 delay_dsns;
  guint64 ndr_by_reason[MF_NDR_N_REASONS]; /* recipients */

  MfTally latency_s;     /* per delivered recipient, after warm-up */
  MfHistogram *latency_hist;
  int n_flows;
  MfTally *flow_latency_s; /* per flow, n_flows entries */
  MfHistogram **flow_latency_hist; /* per flow: for p50/p95/p99 per [flow] */
  guint64 *flow_generated; /* messages per flow */
  guint64 *flow_ndr_by_reason; /* per flow, MF_NDR_N_REASONS each: recipients */

  int n_queues;
  MfQueueStats *queues;
  int n_connectors;
  MfConnectorStats *connectors;

  GArray *queue_samples;     /* MfQueueSample; a queue's zero samples are left
                              * out unless it was non-zero at the sample before */
  GArray *connector_samples; /* MfConnectorSample */
  GArray *counts_samples;    /* MfCountsSample */
  GArray *server_samples;    /* MfServerSample, by time then server (may be NULL) */
  GArray *link_changes;      /* MfLinkChange */
  GArray *link_learned;      /* MfLinkLearned */
  GArray *master_changes;    /* MfMasterChange */
  GArray *qshape;            /* MfQshapeRow, by queue then bucket, non-empty rows only */
  int n_event_impacts;       /* = topology's n_events */
  MfEventImpact *event_impacts;
  MfHistogram *baseline_latency_hist; /* delivered recipients of messages submitted
                                       * outside every event's window */
  gint64 convergence_us;     /* the longest time from a change to its last learner */
  guint64 digest_exchanges;  /* SMTP sessions between groups whose link-state digests differed */
};

void mf_run_result_free (MfRunResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfRunResult, mf_run_result_free)

/* Run one simulation.  Returns the result, also when interrupted
 * (complete = FALSE); returns NULL and sets MF_TRANSPORT_ERROR when the
 * conservation check fails (a bug: every run checks it).  (transfer full) */
MfRunResult *mf_transport_run (const MfTopology *topo, const MfRunOptions *options,
                               GError **error);

G_END_DECLS

#endif /* MF_TRANSPORT_H */
