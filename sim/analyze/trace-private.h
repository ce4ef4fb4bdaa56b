/* trace-private.h — the steps of a trace, shared by trace.c (the run
 * and what it collects), trace-text.c (the words and the terminal
 * output), trace-json.c (--json) and trace-smtp.c (--smtp).
 *
 * A step is a tracking record of the traced message or of a notice about
 * it (event_id > 0), an observation of the run around it (observe.h;
 * event_id 0), or a link-state change made while it travelled (kind
 * "link-state", event_id 0).  Steps are in time order.
 */
#ifndef MF_TRACE_PRIVATE_H
#define MF_TRACE_PRIVATE_H

#include "analyze/trace.h"
#include "model/routing.h"
#include "transport/transport.h"

/* The X-LINK2STATE comparison at the EHLO of an SMTP session. */
typedef struct {
  gint64 time_us;
  int sender, receiver, connector;
  gboolean differed;
  char *sender_digest;   /* before the exchange; NULL for a session opened */
  char *receiver_digest; /* before the message was submitted */
} TraceEhlo;

/* A server learned a change at a time. */
typedef struct {
  int server;
  gint64 time_us;
} TraceLearned;

/* One moment of a server's view. */
typedef struct {
  gint64 time_us;
  char *digest;
  GArray *down;          /* int: connectors DOWN */
  GArray *servers_down;  /* int: servers it believes down */
} TraceView;

typedef struct {
  const char *kind;      /* one word (trace.h: mf_trace_step_kind) */
  gint64 time_us;
  int server;
  int event_id;          /* 0: not a tracking record */
  gboolean notice;
  /* Tracking records */
  MfPartnerKind partner_kind;
  int partner;
  char *partner_domain;
  int client;
  int ndr_reason;
  int recipient_server;
  char *recipient_domain;
  guint64 size;
  int n_recipients;
  guint64 msg_id;
  /* A routing decision (1034 or 1035 toward another group or outside). */
  MfRoute *route;
  char *digest;
  GArray *down;          /* int: connectors DOWN in the deciding view */
  MfLinkVersion *versions; /* per routing group, in the deciding view */
  /* The route the message took: with equal-cost routes the simulator
   * picks one at random, not always the one mf_route shows first. */
  int taken;             /* its first connector, -1 */
  GArray *path;          /* int: routing groups */
  GArray *path_connectors; /* int */
  /* Observations, and the connector a transfer (1020, 1031) goes over */
  char *link;
  int connector;         /* -1 */
  int remote;            /* -1 */
  guint ahead;
  int link_state;
  char *why;
  int failures;
  MfWaitKind wait;
  gint64 until_us;
  gboolean reported_down;
  guint64 session;
  gint64 opened_us;
  int message_in_session;
  const TraceEhlo *ehlo; /* "digest" steps and sessions: the session's EHLO, or NULL */
  /* "event": the [event] (index into topo->events) and the action taken */
  int event;
  int action;
  /* "link-state": the change (MfLinkChange) and who learned it when */
  int change;
  GArray *learned;       /* TraceLearned, in time order */
} TraceStep;

struct _MfTrace {
  const MfTopology *topo;
  MfRouter *router;
  int from;
  int to_server;
  char *to_domain;
  gint64 at_us;
  guint64 size;
  guint64 seed;
  gboolean quiet;
  GPtrArray *steps;      /* TraceStep* */
  gboolean delivered;
  gboolean returned;
  int ndr_reason;        /* MfNdrReason when returned */
  guint64 msg_id;        /* the traced message's id in the run (tracking's MSGID) */
  char *message_id;      /* as the tracking logs write it */
  guint64 notices_before_ndr; /* the highest notice id seen before the NDR (delay DSNs) */
  volatile sig_atomic_t done; /* the run's interrupt flag: the message is done */
  const MfTraceOptions *options; /* while the run goes: its interrupt and poll */
  gboolean interrupted;        /* stopped by options->interrupt, not by the message */
  gint64 end_us;         /* the time of the last step of the message or its NDR */
  GHashTable *ehlos;     /* session number -> TraceEhlo* */
  TraceEhlo *instant_ehlo; /* the last EHLO of an instant transfer (session 0) */
  GPtrArray *views;      /* per server: GPtrArray of TraceView* (from submission) */
  GArray *link_changes;  /* MfLinkChange of the run (a copy) */
  GArray *link_learned;  /* MfLinkLearned of the run (a copy) */
  int next_change;       /* link changes below this index are known (made earlier) */
  int routed_server;     /* the last MF_OBS_ROUTED: where and the connector */
  int routed_connector;
  gint64 routed_us;
  GError *error;
};

static inline const TraceStep *
trace_step (const MfTrace *t, int i)
{
  return g_ptr_array_index (t->steps, i);
}

/* The view @server had at @time_us (the last one taken by then), or NULL. */
const TraceView *mf_trace_view_at (const MfTrace *t, int server, gint64 time_us);

/* trace-text.c */
/* A connector as a reader finds it in the file: a mirror is named after
 * its original with its direction ("DAL-ATL, the ATL → DAL direction").
 * (transfer full) */
char *mf_trace_connector_label (const MfTopology *topo, int connector);
/* The plain-language sentence of a step.  (transfer full) */
char *mf_trace_step_text (const MfTrace *t, int i);
const char *mf_trace_event_name (int event_id);
/* Did the routing step before step @i, at the same server, find no
 * route?  Tells a size NDR of routing from one at MAIL FROM (552). */
gboolean mf_trace_step_routed_nowhere (const MfTrace *t, int i);
const char *mf_trace_wait_name (MfWaitKind wait);
/* "Mon 10:30:00.000" for run time @us.  (transfer full) */
char *mf_trace_format_clock (const MfTopology *topo, gint64 us);

/* A first-hop candidate of a routing step: an outgoing connector of the
 * deciding group. */
typedef struct {
  int connector;
  int cost;              /* total cost of the best route through it, -1 none */
  gboolean chosen;       /* the connector the route takes */
  gboolean equal;        /* not chosen, but as cheap: an equal-cost alternative */
  int reason;            /* MfRejectReason when not usable or dearer, else -1 */
} TraceCandidate;

/* The candidates of a routing step, outgoing connectors of its group in
 * file order.  (transfer full) */
GArray *mf_trace_candidates (const MfTrace *t, const TraceStep *s);

#endif /* MF_TRACE_PRIVATE_H */
