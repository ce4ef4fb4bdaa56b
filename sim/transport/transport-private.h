/* transport-private.h — the state of one run, shared by the transport's
 * files: transport.c (set-up, event dispatch, the run), transport-message.c
 * (messages, tracking records, accounting, conservation, qshape),
 * transport-queue.c (queues and FIFOs), transport-server.c (a server's
 * entry points, unreachable queue, down and up), transport-categorizer.c
 * (categorizer, next hops, bifurcation), transport-delivery.c (local
 * delivery, delivered recipients), transport-ndr.c (NDRs and delay DSNs),
 * transport-connector.c (connector figures and cuts), transport-link.c
 * (link queues, sessions, bandwidth, schedules, retries),
 * transport-link-abort.c (sessions cut short by failures), transport-internet.c
 * (direct delivery by DNS, hosts outside the organisation) and
 * transport-linkstate.c (link-state reports and propagation) and
 * transport-observe.c (what `trace` sees besides tracking).
 *
 * Invariants: every recipient of every message copy is in exactly one place
 * — a categorizer queue or worker, a local-delivery queue or worker, an
 * unreachable queue, a routing, DSN-pending, failed-retry or deferred queue, a link
 * queue, a session's transfer — or has been
 * counted delivered or returned (NDR).  Message copies are never freed while
 * an event refers to them.  All times are µs of simulated time.
 */
#ifndef MF_TRANSPORT_PRIVATE_H
#define MF_TRANSPORT_PRIVATE_H

#include "base/engine.h"
#include "model/dist.h"
#include "model/linkstate.h"
#include "base/rng.h"
#include "model/routing.h"
#include "base/stats.h"
#include "transport/transport.h"
#include "transport/workload.h"

/* Event kinds of the run. */
enum {
  EV_ARRIVAL = 1,      /* data: workload source */
  EV_CAT_DONE,         /* data: Worker* */
  EV_STORE_DONE,       /* data: Worker* */
  EV_LINK_TIMER,       /* data: Link* (glitch wait, retry, schedule window) */
  EV_LINK_PROBE,       /* data: Link* */
  EV_TRANSFER_DONE,    /* data: Session* (latency phase over, or whole transfer) */
  EV_POOL_DONE,        /* data: Pool* (the earliest bandwidth-shared transfer ends) */
  EV_UNREACHABLE,      /* data: Server* */
  EV_LS_DELIVER,       /* data: LsNote* */
  EV_TOPO_EVENT,       /* data: index into topo->events; high bit: the reversal */
  EV_SAMPLE,           /* data: unused */
  EV_WARMUP_END,       /* data: unused */
  EV_INJECT,           /* data: unused (MfRunOptions.inject) */
  EV_ROUTE_READY,      /* data: Server* (its routes are recomputed) */
  EV_CAT_RETRY,        /* data: Server* (the failed message retry queue is due) */
  EV_DEFERRED_DUE,     /* data: Server* (a deferred message is due) */
  EV_SERVER_DETECT,    /* data: Link* to a server (server-down-detection over) */
};

#define TOPO_EVENT_REVERSAL (G_GUINT64_CONSTANT (1) << 62)

typedef struct _Orig Orig;
typedef struct _Msg Msg;
typedef struct _Server Server;
typedef struct _Link Link;
typedef struct _Session Session;
typedef struct _Pool Pool;
typedef struct _Worker Worker;
typedef struct _Transport Transport;

/* A recipient: >= 0 a mailbox on that server; < 0 an external address in
 * domain (-r - 1). */
typedef int Rcpt;
#define RCPT_DOMAIN(r) (-(r) - 1)
#define RCPT_FOR_DOMAIN(d) (-(d) - 1)

/* The original message: what conservation counts at message level. */
struct _Orig {
  guint64 id;
  guint64 linked_id;   /* a notice: the id of the message it is about */
  gint64 created_us;
  Orig *next_free;     /* free list; also the end-of-run walks' list */
  int origin;          /* submitting server */
  int flow;            /* -1: [traffic] or a DSN */
  int pending;         /* recipients not yet delivered or returned */
  int ndr;             /* recipients returned */
  int rerouted_upto;   /* events (by index) this message was counted as rerouted by */
  guint8 external;     /* from outside: DSNs are not carried back */
  guint8 is_dsn;
  guint8 walked;       /* seen by the current walk over held copies */
};

#define MSG_INLINE_RCPTS 2
#define MSG_DELAY_SENT 0x1

/* A copy of a message at one server, with the recipients it carries. */
struct _Msg {
  Msg *next;           /* FIFO link */
  Orig *orig;
  gint64 enqueued_us;  /* entered its current queue */
  guint64 size;
  int hops;            /* servers that handled it, the current one included */
  int from;            /* the server it came from over SMTP, -1 when submitted here */
  int flags;
  int n_rcpt;
  Rcpt *rcpt;          /* rcpt_inline or heap */
  Rcpt rcpt_inline[MSG_INLINE_RCPTS];
};

/* A queue of message copies.  `oldest` is what Queue Viewer's "oldest
 * message" needs without walking the queue at every sample: the messages
 * that are older (by submission) than every message behind them, in queue
 * order, in a ring — its first entry is the oldest message.  Pushing at
 * either end and popping the head keep it exact; an insertion in the
 * middle (the deferred queue's order) drops it until the queue is next
 * empty, and the sample walks the queue meanwhile (transport-queue.c). */
typedef struct {
  Msg *head, *tail;
  guint32 n;           /* messages */
  int stat;            /* index into Transport.queues */
  Msg **oldest;        /* ring of oldest_cap entries */
  guint32 oldest_first, oldest_len, oldest_cap;
  gboolean oldest_lost; /* a middle insertion since the queue was last empty */
  /* The queue's MfQueueStats.length and .max_length, kept here while the
   * run goes (every push and pop updates them, and the FIFO's own line
   * is already in cache) and copied out at the end (tr_queue_stats_final). */
  MfTimeAvg length;
  guint64 max_length;
  guint32 interval_min;  /* lowest and highest length held for some time since */
  guint32 interval_max;  /* the last sample (queue_level) */
} Fifo;

struct _Worker {
  Server *server;
  Msg *msg;            /* in service, or NULL */
  guint64 event;       /* its completion */
  gboolean store;      /* a store-driver worker (else categorizer) */
};

enum { LINK_TO_SERVER, LINK_OVER_CONNECTOR, LINK_DNS };

/* A host outside the organisation that a server's virtual server talks to
 * directly: a domain's MX found by DNS, or a smart host (transport-internet.c). */
typedef struct {
  char *name;          /* lower-case; the direct-DNS link queue's name */
  int domain;          /* its [domain] id, or -1: the [internet] defaults */
  gboolean down;       /* an [event] took it down: connections fail */
} Host;
enum { LINK_READY, LINK_ACTIVE, LINK_RETRY, LINK_SCHEDULED };

struct _Link {
  Server *owner;
  int kind;            /* LINK_TO_SERVER or LINK_OVER_CONNECTOR */
  int target;          /* server id, connector id, or host id (LINK_DNS) */
  int domain;          /* external domain of an address-space link, else -1 */
  int far_host;        /* an Internet connector without smart host: its domain's
                          [domain] host (MX, outage, size limit), else -1 */
  Fifo q;
  int state;
  int sessions;        /* open sessions */
  int glitches;        /* failed attempts since the last success */
  int retries;         /* retry intervals used since the last success */
  guint64 timer;       /* pending EV_LINK_TIMER or 0 */
  gint64 timer_at;     /* when it fires */
  gboolean reported_down; /* this server reported the connector DOWN */
  guint64 probe;       /* pending EV_LINK_PROBE or 0 */
  guint64 detect;      /* pending EV_SERVER_DETECT or 0 (links to a server) */
};

struct _Session {
  Link *link;
  Msg *msg;            /* in transfer, or NULL */
  int remote;          /* the server it talks to, -1 for the Internet */
  int sent;            /* messages sent in this session */
  guint64 event;       /* EV_TRANSFER_DONE pending, or 0 */
  double remaining_bits; /* in the bandwidth pool; < 0 while in the latency phase */
  guint index;         /* in Transport.sessions */
  int refuse;          /* LINK_DNS, far_host: MfNdrReason + 1 the remote answers with, 0: accepted */
  guint64 serial;      /* its number in the run, from 1 (`trace` names sessions by it) */
  int ehlo;            /* the X-LINK2STATE comparison at its start: 0 none, 1 equal, 2 differed */
  gint64 opened_us;
  Session *next_free;
};

/* The bandwidth of one connector, shared equally by its transfers. */
struct _Pool {
  int connector;
  double bps;
  GPtrArray *active;   /* Session*, in the bandwidth phase */
  gint64 updated_us;
  guint64 event;       /* EV_POOL_DONE pending, or 0 */
};

struct _Server {
  int id;
  int rg;
  gboolean up;
  MfRng rng;
  Fifo cat;            /* Messages awaiting directory lookup */
  Fifo local;          /* Local delivery */
  Fifo routing;        /* Messages waiting to be routed (while routes are recomputed) */
  Fifo unreachable;    /* Messages with an unreachable destination */
  guint64 unreachable_timer;
  Fifo dsn;            /* DSN messages pending submission (notices made while down) */
  Fifo retry;          /* Failed message retry queue (in order of failure) */
  guint64 retry_timer; /* pending EV_CAT_RETRY or 0 */
  guint64 recompute;   /* pending EV_ROUTE_READY or 0: routing holds messages */
  Fifo deferred;       /* Messages queued for deferred delivery (in order of due time) */
  guint64 deferred_timer; /* pending EV_DEFERRED_DUE or 0 */
  Worker *cat_workers;
  int n_cat_workers;
  int cat_busy;
  Worker *store_workers;
  int n_store_workers;
  int store_busy;
  /* link key -> Link*: open addressing, linear probing, power-of-two
   * capacity, at most half full; a NULL value is an empty slot.  Looked up
   * for every recipient routed, so no hashing call and no chasing of
   * GHashTable's separate key/value/hash arrays. */
  guint64 *link_keys;
  Link **link_vals;
  guint32 link_cap;
  GPtrArray *link_list; /* Link*, creation order (deterministic walks) */
  int sessions;        /* outbound sessions open */
  MfLinkState *view;   /* this server's own link-state table */
  MfRouteTree *tree;   /* routes from its group in that view (no size limits), or NULL */
  guint32 *seen;       /* per connector: newest change sequence applied */
  guint64 seen_stamp;  /* 0 while seen is all zero, else a stamp unique to
                        * this write of seen (Transport.seen_stamps) */
  /* `up` above is the SMTP transport running; ls_up is the server itself
   * (its routing engine) running: FALSE only after `down`.  A server with
   * its SMTP service stopped is !up but ls_up. */
  gboolean ls_up;
  gboolean smtp_stopped;
  gboolean *srv_down;  /* per server: SMTP down, as this server knows it */
};

/* A link-state message between servers: a report of a connector's state
 * to a routing group master, or a change the master made. */
typedef struct {
  gboolean is_report;
  int change;          /* a change: index into result->link_changes */
  int connector;       /* a report: the connector and the state seen */
  gboolean up;
  int server;          /* destination */
  int from_server;     /* sender */
  gboolean from_remote;/* came over X-LINK2STATE from another group */
  int srv_kind;        /* LS_CONNECTOR, or a server-state note (`connector` is then the server) */
} LsNote;

enum {
  LS_CONNECTOR = 0,    /* a connector report or change */
  LS_SRV_REPORT,       /* to the master: server `connector` is up / down */
  LS_SRV_TABLE,        /* from the master: take its server states, master and changes */
};

struct _Transport {
  const MfTopology *topo;
  MfRunOptions opt;
  MfSim *sim;
  MfRouter *router;
  MfWorkload *workload;
  MfRunResult *res;
  MfRng rng;           /* the run's own stream (bridgehead picks) */
  Server *servers;
  int n_servers;
  Pool *pools;         /* per connector */
  int *conn_sessions;  /* open sessions per connector */
  gboolean *conn_cut;  /* physically down ([event] down) */
  int *conn_transfers; /* transfers under way per connector (busy time) */
  gint64 *conn_busy_since;
  guint64 *conn_interval_msgs, *conn_interval_bytes;
  gint64 *conn_interval_busy;
  MfServerSample *srv_interval; /* per server: counters since the last sample */
  guint32 *conn_seq;   /* per connector: sequence of its last change */
  int *last_change;    /* per connector: index of its last change, -1 */
  GPtrArray *notes;    /* LsNote*, all of the run (freed at the end) */
  MfLinkState *static_view; /* every connector UP: tells "no route at all" from "down" */
  int *masters;        /* per routing group: its master now (events move it), -1 */
  gboolean *smtp_down; /* per server: SMTP not running (the truth, for the link-state rule) */
  gboolean *conn_server_cut; /* per connector: made DOWN by its master for down servers */
  guint64 next_orig_id;
  guint64 inject_id;   /* the id of MfRunOptions.inject's message, 0 before it */
  Orig *free_origs;
  Msg *free_msgs;
  Session *free_sessions;
  GPtrArray *sessions; /* Session* open (for conservation and aborts) */
  int *queue_last;     /* per queue: length at the previous sample */
  Fifo **queue_fifo;   /* per queue: its FIFO (sampling; rebuilt when queues are added) */
  Link **queue_link;   /* per queue: its link, or NULL */
  int queue_fifo_n;    /* queues the two arrays cover */
  gboolean warmed;
  gboolean size_matters; /* some connector has a size limit */
  MfNdrReason ndr_reason; /* of the NDR being logged (tr_track) */
  GPtrArray *hosts;    /* Host*: the [domain]s first (host id = domain id), then others met */
  GHashTable *host_ids; /* name -> host id + 1 */
  const char *partner_host; /* the host a tracked transfer goes to, or NULL (tr_track) */
  guint64 session_serial; /* sessions opened so far */
  guint64 seen_stamps; /* stamps handed out to Server.seen_stamp */
  /* Pairs of seen stamps whose tables were found equal, direct-mapped:
   * a stamp names one exact content of a seen table, so a pair found here
   * is equal without comparing the tables again (every session's EHLO). */
  guint64 seen_equal[256][2];
};

/* Tracking events (reference §7). */
enum {
  TRACK_SUBMIT_AQ = 1019,
  TRACK_TRANSFER_OUT = 1020,
  TRACK_TO_CATEGORIZER = 1024,
  TRACK_SUBMISSION_STARTED = 1025,
  TRACK_STORE_SUBMIT = 1027,
  TRACK_DELIVERED_LOCAL = 1028,
  TRACK_NDR = 1030,
  TRACK_TRANSFER_DONE = 1031,
  TRACK_CATEGORIZED = 1033,
  TRACK_QUEUED_REMOTE = 1034,
  TRACK_RETRY_ROUTING = 1035,
  TRACK_QUEUED_LOCAL = 1036,
};

/* transport.c */
gint64 tr_now (const Transport *T);

/* transport-message.c */
void tr_track (Transport *T, int server, int event_id, const Msg *m, int only_rcpt,
               MfPartnerKind partner_kind, int partner);
Orig *tr_orig_new (Transport *T, int origin, int flow, gboolean external, gboolean is_dsn,
                   int n_rcpt);
Msg *tr_msg_new (Transport *T, Orig *orig, int n_rcpt, guint64 size, int hops);
void tr_msg_free (Transport *T, Msg *m);
void tr_recipient_done (Transport *T, Orig *o, gboolean returned);
void tr_collect_qshape (Transport *T);
gboolean tr_check_conservation (Transport *T, GError **error);
void tr_messages_free_all (Transport *T);

/* transport-queue.c */
void tr_queue_register (Transport *T, Fifo *q, int server, MfQueueKind kind, const char *name,
                        int connector);
const Fifo *tr_queue_fifo (Transport *T, int queue);
void tr_queue_interval_range (Transport *T, int queue, guint32 length, guint32 *lowest,
                              guint32 *highest);
void tr_queue_stats_reset (Transport *T);
void tr_queue_stats_final (Transport *T);
void tr_fifo_push (Transport *T, Fifo *q, Msg *m);
void tr_fifo_push_front (Transport *T, Fifo *q, Msg *m);
void tr_fifo_insert_after (Transport *T, Fifo *q, Msg *after, Msg *m);
Msg *tr_fifo_pop (Transport *T, Fifo *q);
void tr_fifo_clear (Fifo *q);
void tr_queue_sample_state (Transport *T, MfQueueSample *sample);

/* transport-server.c */
gint64 tr_sample_us (const MfDist *d, MfRng *rng);
void tr_server_submit (Transport *T, Server *s, Msg *m);
void tr_server_receive (Transport *T, Server *s, Msg *m);
void tr_server_unreachable_arm (Transport *T, Server *s);
void tr_server_unreachable_timer (Transport *T, Server *s);
void tr_server_reroute_all (Transport *T, Server *s);
void tr_server_down (Transport *T, Server *s);
void tr_server_up (Transport *T, Server *s);
void tr_server_recompute (Transport *T, Server *s);
void tr_server_route_ready (Transport *T, Server *s);
void tr_server_cat_failed (Transport *T, Server *s, Msg *m);
void tr_server_cat_retry (Transport *T, Server *s);
void tr_server_defer (Transport *T, Server *s, Msg *m);
void tr_server_deferred_due (Transport *T, Server *s);

/* transport-categorizer.c */
void tr_cat_start (Transport *T, Server *s);
void tr_server_cat_done (Transport *T, Worker *w);
void tr_server_route (Transport *T, Server *s, Msg *m);

/* transport-delivery.c */
void tr_store_start (Transport *T, Server *s);
void tr_server_store_done (Transport *T, Worker *w);
void tr_deliver (Transport *T, Msg *m, int i);

/* transport-ndr.c */
void tr_return (Transport *T, Msg *m, int i, MfNdrReason reason, int at_server);
void tr_return_all (Transport *T, Msg *m, MfNdrReason reason, int at_server);
void tr_server_check_age (Transport *T, Server *s, Msg *m, gboolean *expired);

/* transport-connector.c */
void tr_connector_transfer_start (Transport *T, int connector);
void tr_connector_transfer_end (Transport *T, int connector, guint64 bytes);
void tr_connector_flush_busy (Transport *T, int connector);
void tr_connector_set_cut (Transport *T, int connector, gboolean cut);

/* transport-link.c */
Link *tr_link_get (Transport *T, Server *s, int kind, int target, int domain);
void tr_link_enqueue (Transport *T, Link *l, Msg *m);
void tr_link_kick (Transport *T, Link *l);
void tr_link_kick_server (Transport *T, Server *s);
void tr_link_timer (Transport *T, Link *l);
void tr_link_probe (Transport *T, Link *l);
void tr_session_transfer_done (Transport *T, Session *ss);
/* transport-bandwidth.c */
void tr_pool_add (Transport *T, Session *ss);
void tr_pool_remove (Transport *T, Session *ss);
void tr_pool_done (Transport *T, Pool *p);
/* transport-link.c: a transfer's bytes are across (bandwidth phase over) */
void tr_link_transfer_finished (Transport *T, Session *ss);
void tr_session_close (Transport *T, Session *ss, gboolean kick);
void tr_links_abort_to (Transport *T, int server, int connector);
void tr_link_abort_from (Transport *T, Server *s);
void tr_links_abort_host (Transport *T, int host);
const char *tr_link_name (Transport *T, int kind, int target, int domain);
MfLinkQueueState tr_link_state (const Link *l);

/* transport-internet.c */
void tr_hosts_init (Transport *T);
void tr_hosts_free (Transport *T);
int tr_host_get (Transport *T, const char *name);
int tr_internet_host_for (Transport *T, const Server *s, int domain);
gboolean tr_internet_connector_reachable (Transport *T, const MfConnector *c);
gint64 tr_internet_transfer_us (Transport *T, Session *ss, gboolean first);
int tr_internet_connector_host (Transport *T, const MfConnector *c, int domain);
gint64 tr_internet_far_side_us (Transport *T, Session *ss, int host, gboolean first,
                                gboolean connector);
void tr_internet_set_down (Transport *T, int domain, gboolean down);

/* transport-linkstate.c */
void tr_ls_report (Transport *T, Server *reporter, int connector, gboolean up);
void tr_ls_cost_change (Transport *T, int connector, int cost);
void tr_ls_deliver (Transport *T, LsNote *note);
void tr_ls_resync (Transport *T, Server *s);
void tr_ls_server_report (Transport *T, Server *observer, int server, gboolean up);
void tr_ls_master_move (Transport *T, int rg, int server);
void tr_ls_session_exchange (Transport *T, Server *sender, Server *receiver, int connector,
                             Session *ss);
void tr_link_detect (Transport *T, Link *l);

/* transport-event-impact.c */
void tr_event_impact_init (Transport *T);
void tr_event_impact_free (MfRunResult *r);
void tr_event_impact_warmed (Transport *T);
void tr_event_impact_submitted (Transport *T, const Orig *o);
void tr_event_impact_delivered (Transport *T, const Orig *o, double latency_s);
void tr_event_impact_returned (Transport *T, const Orig *o);
void tr_event_impact_routed (Transport *T, const Server *s, Msg *m, int connector);

/* transport-observe.c: the observations `trace` gets (observe.h).  Each
 * does nothing without MfRunOptions.observe, or when it does not concern
 * the traced message. */
gboolean tr_msg_traced (const Transport *T, const Msg *m);
void tr_observe_submitted (Transport *T);
void tr_observe_view (Transport *T, const Server *s, int change);
void tr_observe_queued (Transport *T, const Link *l, const Msg *m);
void tr_observe_attempt (Transport *T, const Link *l, gboolean ok);
void tr_observe_wait (Transport *T, const Link *l);
void tr_observe_ehlo (Transport *T, const Server *sender, const Server *receiver, int connector,
                      guint64 session, gboolean differed);
void tr_observe_session (Transport *T, const Link *l, const Session *ss, const Msg *m, int remote);
void tr_observe_event (Transport *T, int event, int action);
void tr_observe_held (Transport *T, const Server *s, const Msg *m);
void tr_observe_routed (Transport *T, const Server *s, const Msg *m, int connector);

#endif /* MF_TRANSPORT_PRIVATE_H */
