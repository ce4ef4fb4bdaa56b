/* evq.h — the pending-event set of the discrete-event engine.
 *
 * Owns: pending events, their order and their ids.  Events run in order of
 * (time, priority, insertion sequence): equal times and priorities run first
 * in, first out, so a run never depends on memory layout.  An event is a
 * small fixed-size record (a kind tag and one 64-bit word the model chooses),
 * so scheduling allocates nothing once the arrays have grown to the peak
 * number of pending events.  Cancellation is by id and lazy (as Redis ae.c
 * deletes timers): a cancelled event stays stored until it reaches the front
 * or a compaction, and is never returned.
 *
 * Knows nothing of time's meaning, handlers or I/O; the run loop (engine.h)
 * gives events meaning.  The interface is six calls so that another structure
 * (ladder, calendar queue) can replace the heap without touching callers.
 */
#ifndef MF_EVQ_H
#define MF_EVQ_H

#include <glib.h>

G_BEGIN_DECLS

/* No event has this id; use it for "no timer pending". */
#define MF_EVQ_NO_ID G_GUINT64_CONSTANT (0)

/* Priorities break ties between equal times: lower runs first.  Most events
 * use the default; the extremes leave room on both sides. */
#define MF_EVQ_PRIO_FIRST 0
#define MF_EVQ_PRIO_DEFAULT 128
#define MF_EVQ_PRIO_LAST 255

/* An event as handed out by mf_evq_pop().  `kind` and `data` are the
 * model's: a kind tag to dispatch on and one word (an index, or a pointer
 * cast through guintptr).  The queue never interprets or frees `data`. */
typedef struct {
  gint64 time_us;
  guint64 id;
  guint32 kind;
  guint8 prio;
  guint64 data;
} MfEvent;

typedef struct _MfEvq MfEvq;

MfEvq *mf_evq_new (void);
void mf_evq_free (MfEvq *q);

guint64 mf_evq_push (MfEvq *q, gint64 time_us, guint8 prio, guint32 kind, guint64 data);
gboolean mf_evq_pop (MfEvq *q, gint64 limit_us, MfEvent *out);
gboolean mf_evq_cancel (MfEvq *q, guint64 id);
gboolean mf_evq_peek_time (MfEvq *q, gint64 *out_time_us);
gsize mf_evq_size (const MfEvq *q);
gsize mf_evq_memory_bytes (const MfEvq *q);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfEvq, mf_evq_free)

G_END_DECLS

#endif /* MF_EVQ_H */
