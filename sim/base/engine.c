/* engine.c — the run loop (see engine.h).
 *
 * The loop pops the earliest event, advances the clock to it, counts it and
 * hands it to the single model handler, which switches on event->kind: one
 * indirect call per event and no allocation.  Stop requests are read between
 * events only, so a handler always runs to completion and a stopped run can
 * be resumed by running again.
 */
#define G_LOG_DOMAIN "msgflow-engine"

#include "base/engine.h"

struct _MfSim {
  MfEvq *queue;
  gint64 now_us;
  guint64 n_events;
  MfSimHandler handler;
  gpointer user_data;
  gboolean stop_requested;
  const volatile sig_atomic_t *interrupt; /* (nullable) (transfer none) */
  MfSimPoll poll;                         /* (nullable) */
  gpointer poll_data;
};

/**
 * mf_sim_new:
 * @handler: called for every event
 * @user_data: (transfer none): passed to @handler; the model's context
 *
 * Returns: (transfer full) a simulation at time 0 with no events.
 */
MfSim *
mf_sim_new (MfSimHandler handler, gpointer user_data)
{
  g_return_val_if_fail (handler != NULL, NULL);

  MfSim *sim = g_new0 (MfSim, 1);
  sim->queue = mf_evq_new ();
  sim->handler = handler;
  sim->user_data = user_data;
  return sim;
}

/**
 * mf_sim_free:
 * @sim: (transfer full) (nullable): the simulation, with its pending events
 */
void
mf_sim_free (MfSim *sim)
{
  if (sim == NULL)
    return;
  g_clear_pointer (&sim->queue, mf_evq_free);
  g_free (sim);
}

/** mf_sim_now: Returns: the simulated time in µs. */
gint64
mf_sim_now (const MfSim *sim)
{
  g_return_val_if_fail (sim != NULL, 0);
  return sim->now_us;
}

/** mf_sim_events_run: Returns: how many events have been dispatched. */
guint64
mf_sim_events_run (const MfSim *sim)
{
  g_return_val_if_fail (sim != NULL, 0);
  return sim->n_events;
}

/** mf_sim_pending: Returns: the number of pending (uncancelled) events. */
gsize
mf_sim_pending (const MfSim *sim)
{
  g_return_val_if_fail (sim != NULL, 0);
  return mf_evq_size (sim->queue);
}

/**
 * mf_sim_get_queue:
 *
 * Returns: (transfer none) the simulation's queue, for inspection
 *   (size, memory).  Schedule through mf_sim_schedule_*(), which check
 *   that time does not go back.
 */
MfEvq *
mf_sim_get_queue (MfSim *sim)
{
  g_return_val_if_fail (sim != NULL, NULL);
  return sim->queue;
}

/**
 * mf_sim_schedule_prio:
 * @sim: the simulation
 * @time_us: when the event runs; not before mf_sim_now()
 * @prio: tie-break among equal times, lower first
 * @kind: the model's tag, handed back in the event
 * @data: the model's word, handed back in the event
 *
 * Complexity: O(log pending).
 *
 * Returns: the event's id for mf_sim_cancel(); MF_EVQ_NO_ID on misuse
 *   (a time in the past).
 */
guint64
mf_sim_schedule_prio (MfSim *sim, gint64 time_us, guint8 prio, guint32 kind, guint64 data)
{
  g_return_val_if_fail (sim != NULL, MF_EVQ_NO_ID);
  g_return_val_if_fail (time_us >= sim->now_us, MF_EVQ_NO_ID);
  return mf_evq_push (sim->queue, time_us, prio, kind, data);
}

/** mf_sim_schedule_at: mf_sim_schedule_prio() at MF_EVQ_PRIO_DEFAULT. */
guint64
mf_sim_schedule_at (MfSim *sim, gint64 time_us, guint32 kind, guint64 data)
{
  return mf_sim_schedule_prio (sim, time_us, MF_EVQ_PRIO_DEFAULT, kind, data);
}

/**
 * mf_sim_schedule_in:
 * @delay_us: from now, ≥ 0, and small enough that now + delay fits
 *
 * mf_sim_schedule_at (now + @delay_us).
 */
guint64
mf_sim_schedule_in (MfSim *sim, gint64 delay_us, guint32 kind, guint64 data)
{
  g_return_val_if_fail (sim != NULL, MF_EVQ_NO_ID);
  g_return_val_if_fail (delay_us >= 0 && delay_us <= G_MAXINT64 - sim->now_us, MF_EVQ_NO_ID);
  return mf_evq_push (sim->queue, sim->now_us + delay_us, MF_EVQ_PRIO_DEFAULT, kind, data);
}

/**
 * mf_sim_cancel:
 * @id: an id from mf_sim_schedule_*(), or MF_EVQ_NO_ID
 *
 * Returns: TRUE if the event was pending; it will not run.  O(1) amortised.
 */
gboolean
mf_sim_cancel (MfSim *sim, guint64 id)
{
  g_return_val_if_fail (sim != NULL, FALSE);
  return mf_evq_cancel (sim->queue, id);
}

/**
 * mf_sim_stop:
 *
 * Asks the loop to return MF_SIM_STOPPED after the current event.  The
 * request is consumed by that return.
 */
void
mf_sim_stop (MfSim *sim)
{
  g_return_if_fail (sim != NULL);
  sim->stop_requested = TRUE;
}

/**
 * mf_sim_set_interrupt_flag:
 * @flag: (nullable) (transfer none): set non-zero by the caller's signal
 *   handler (Ctrl-C); must outlive the runs.  The loop reads it between
 *   events and never clears it.
 */
void
mf_sim_set_interrupt_flag (MfSim *sim, const volatile sig_atomic_t *flag)
{
  g_return_if_fail (sim != NULL);
  sim->interrupt = flag;
}

void
mf_sim_set_poll (MfSim *sim, MfSimPoll poll, gpointer data)
{
  g_return_if_fail (sim != NULL);
  sim->poll = poll;
  sim->poll_data = data;
}

static MfSimStatus
run_loop (MfSim *sim, gint64 end_us)
{
  MfEvq *q = sim->queue;
  MfEvent ev;

  for (;;)
    {
      if (G_UNLIKELY (sim->stop_requested || (sim->interrupt != NULL && *sim->interrupt)))
        {
          sim->stop_requested = FALSE;
          return MF_SIM_STOPPED;
        }
      if (!mf_evq_pop (q, end_us, &ev))
        return mf_evq_size (q) == 0 ? MF_SIM_DRAINED : MF_SIM_TIME_REACHED;
      g_assert (ev.time_us >= sim->now_us);
      sim->now_us = ev.time_us;
      sim->n_events++;
      sim->handler (sim, &ev, sim->user_data);
      if (G_UNLIKELY (sim->n_events % MF_SIM_POLL_EVENTS == 0) && sim->poll != NULL)
        sim->poll (sim->poll_data);
    }
}

/**
 * mf_sim_run:
 *
 * Runs events until none is left or a stop is requested.  The clock stays
 * at the last event run.
 *
 * Returns: MF_SIM_DRAINED or MF_SIM_STOPPED.
 */
MfSimStatus
mf_sim_run (MfSim *sim)
{
  g_return_val_if_fail (sim != NULL, MF_SIM_STOPPED);
  return run_loop (sim, G_MAXINT64);
}

/**
 * mf_sim_run_until:
 * @end_us: ≥ mf_sim_now()
 *
 * Runs every event whose time is at most @end_us, then sets the clock to
 * @end_us so that statistics can be closed there.  Later events stay
 * pending; running again resumes.
 *
 * Returns: MF_SIM_TIME_REACHED, or MF_SIM_STOPPED with the clock at the
 *   last event run.
 */
MfSimStatus
mf_sim_run_until (MfSim *sim, gint64 end_us)
{
  g_return_val_if_fail (sim != NULL, MF_SIM_STOPPED);
  g_return_val_if_fail (end_us >= sim->now_us, MF_SIM_STOPPED);

  if (run_loop (sim, end_us) == MF_SIM_STOPPED)
    return MF_SIM_STOPPED;
  sim->now_us = end_us;
  return MF_SIM_TIME_REACHED;
}
