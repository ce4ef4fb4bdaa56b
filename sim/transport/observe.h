/* observe.h — what a run tells `trace` besides its tracking records.
 *
 * Owns: the observations of one run (MfRunOptions.observe): the moments
 * around the traced message (MfRunOptions.inject) that a tracking log does
 * not show — connection attempts of the link queue that holds it, glitch,
 * retry and schedule waits, the SMTP session that carries it with its
 * X-LINK2STATE digest comparison — and every server's link-state view at
 * submission and whenever it changes afterwards.  The model hands them to
 * the sink and keeps nothing; trace.c turns them into steps.
 */
#ifndef MF_OBSERVE_H
#define MF_OBSERVE_H

#include <glib.h>
#include "model/linkstate.h"

G_BEGIN_DECLS

typedef enum {
  MF_OBS_SUBMITTED,   /* the traced message is submitted: `views` of every server */
  MF_OBS_VIEW,        /* `server`'s view changed (`view`, `servers_down`): a link-state
                       * change (`change`), or server states and versions (`change` -1) */
  MF_OBS_QUEUED,      /* the message entered link queue `link` behind `ahead` messages */
  MF_OBS_ATTEMPT,     /* the link holding it tried to connect: `ok`, else `why` */
  MF_OBS_WAIT,        /* the link holding it waits until `until_us` (`wait`) */
  MF_OBS_EHLO,        /* a session between groups opened: digests compared */
  MF_OBS_SESSION,     /* the message goes into SMTP session `session` */
  MF_OBS_EVENT,       /* a file's [event] happens (`event`, `action`): its consequences follow */
  MF_OBS_HELD,        /* the message waits in "Messages waiting to be routed" (`route-recompute`) */
  MF_OBS_ROUTED,      /* `server` routed it: the route's first connector is `connector` */
} MfObservationKind;

typedef enum {
  MF_WAIT_GLITCH,     /* a failed connection: `glitch-retry` before the next */
  MF_WAIT_RETRY,      /* glitch retries used up: the `retry` interval */
  MF_WAIT_SCHEDULE,   /* the connector's schedule is closed until its next window */
  MF_WAIT_ROUTES,     /* routes are being rebuilt (`route-recompute`): no `until_us` */
} MfWaitKind;

typedef struct {
  MfObservationKind kind;
  gint64 time_us;
  int server;                 /* where it happens (the sender of a session) */
  const char *link;           /* the link queue's name (QUEUED, ATTEMPT, WAIT, SESSION) */
  int connector;              /* the connector of the link or session, else -1 */
  int remote;                 /* EHLO, SESSION: the server talked to, -1 outside */
  /* QUEUED */
  guint ahead;                /* messages in the queue before it */
  int link_state;             /* MfLinkQueueState of the link now */
  /* ATTEMPT */
  gboolean ok;
  const char *why;            /* a failed attempt: what did not answer */
  int failures;               /* failed attempts since the last success, this one included */
  /* WAIT */
  MfWaitKind wait;
  gint64 until_us;
  gboolean reported_down;     /* the failures made this server report the connector DOWN */
  /* EHLO, SESSION */
  guint64 session;            /* the session's number in the run (0: a transfer
                               * over an instant connector, its own session) */
  gint64 opened_us;           /* SESSION: when the session was opened */
  int message_in_session;     /* SESSION: 1 for the session's first message */
  const MfLinkState *view;    /* VIEW: the server's view after the change;
                               * EHLO: the sender's, before the exchange */
  const MfLinkState *remote_view; /* EHLO: the receiver's, before the exchange */
  gboolean differed;          /* EHLO: digests differed, the tables were exchanged */
  int ehlo;                   /* SESSION: its EHLO comparison: 0 none, 1 equal, 2 differed
                               * (EHLO observations come only after submission) */
  int change;                 /* VIEW: index into MfRunResult.link_changes;
                               * SUBMITTED: the number of changes made so far */
  const gboolean *servers_down;    /* VIEW: per server, down as `server` believes */
  const gboolean *const *all_servers_down; /* SUBMITTED: the same, per server */
  const MfLinkState *const *views; /* SUBMITTED: per server */
  int n_views;
  int event;                  /* EVENT: index into topo->events */
  int action;                 /* EVENT: the MfAction taken (a reversal's is the opposite) */
} MfObservation;

typedef void (*MfObserveFunc) (const MfObservation *observation, gpointer user_data);

G_END_DECLS

#endif /* MF_OBSERVE_H */
