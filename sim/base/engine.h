/* engine.h — the run loop of the discrete-event engine: the simulated clock,
 * scheduling relative to it, and dispatch of each event to the model.
 *
 * Owns: one MfSim per run (no globals), holding the clock (gint64 µs), the
 * event queue (evq.h), the count of events run and the stop requests.
 * Invariants: the clock never goes back; an event is never scheduled before
 * the current time; every event popped is dispatched exactly once.
 * Deliberately not here: mail, statistics, random numbers, I/O, signals
 * (the caller's signal handler sets a flag the loop reads between events).
 */
#ifndef MF_ENGINE_H
#define MF_ENGINE_H

#include <glib.h>
#include <signal.h>

#include "base/evq.h"

G_BEGIN_DECLS

typedef struct _MfSim MfSim;

/* Called once per event, at simulated time event->time_us (== the clock).
 * The handler may schedule, cancel and stop; @event is valid only during
 * the call. */
typedef void (*MfSimHandler) (MfSim *sim, const MfEvent *event, gpointer user_data);

typedef enum {
  MF_SIM_DRAINED,      /* no event left (mf_sim_run) */
  MF_SIM_TIME_REACHED, /* nothing left at or before the end time */
  MF_SIM_STOPPED,      /* mf_sim_stop() or the interrupt flag */
} MfSimStatus;

MfSim *mf_sim_new (MfSimHandler handler, gpointer user_data);
void mf_sim_free (MfSim *sim);

gint64 mf_sim_now (const MfSim *sim);
guint64 mf_sim_events_run (const MfSim *sim);
gsize mf_sim_pending (const MfSim *sim);
MfEvq *mf_sim_get_queue (MfSim *sim);

guint64 mf_sim_schedule_at (MfSim *sim, gint64 time_us, guint32 kind, guint64 data);
guint64 mf_sim_schedule_in (MfSim *sim, gint64 delay_us, guint32 kind, guint64 data);
guint64 mf_sim_schedule_prio (MfSim *sim, gint64 time_us, guint8 prio, guint32 kind, guint64 data);
gboolean mf_sim_cancel (MfSim *sim, guint64 id);

void mf_sim_stop (MfSim *sim);
void mf_sim_set_interrupt_flag (MfSim *sim, const volatile sig_atomic_t *flag);
/* Called after every MF_SIM_POLL_EVENTS events, between two of them, for
 * checks that must not wait for the model's own pauses (a memory limit
 * can be crossed within one simulated minute); it may set the interrupt
 * flag.  NULL: none. */
#define MF_SIM_POLL_EVENTS 4096
typedef void (*MfSimPoll) (gpointer data);
void mf_sim_set_poll (MfSim *sim, MfSimPoll poll, gpointer data);
MfSimStatus mf_sim_run (MfSim *sim);
MfSimStatus mf_sim_run_until (MfSim *sim, gint64 end_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfSim, mf_sim_free)

G_END_DECLS

#endif /* MF_ENGINE_H */
