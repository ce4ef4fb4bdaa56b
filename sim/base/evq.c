/* evq.c — pending events in a 4-ary min-heap with lazy cancellation.
 *
 * Layout: the heap holds 32-byte entries by value, so a pop or push moves
 * records but never follows a pointer.  The root sits at index 3 and the
 * array is 128-byte aligned, so the four children of a node (indices
 * 4(p-2) .. 4(p-2)+3) share one aligned 128-byte block: a level of the
 * sift costs two adjacent cache lines.  In a hold model (pop, push at
 * now + exp) the 4-ary heap took 34/75/~140/439 ns per hold at 10/10^3/
 * 10^5/10^6 pending events against 39/90/~150/494 for a binary heap, and a
 * bottom-up (Floyd) pop did not help.  Beyond ~10^6 pending a ladder queue
 * may win; the six-call interface is there to allow the swap.
 *
 * Ids: every stored entry owns a slot in a side table whose word is
 * (generation << 1 | cancelled).  An id is (generation << 32 | slot), so
 * cancelling checks in O(1) that the event is still pending, and a slot
 * reused by a later event gets a new generation, which makes stale ids
 * harmless.  Cancelled entries stay in the heap until they reach the root;
 * when they outnumber live ones the heap is compacted in O(n), so memory
 * stays proportional to the peak number of live pending events (amortised
 * O(1) per cancel).  The arrays grow by doubling and never shrink.
 *
 * Order: the key (time, prio << 56 | seq) is unique, so the pop sequence is
 * a function of the pushes alone, whatever the shape of the heap.
 */
#define G_LOG_DOMAIN "msgflow-evq"

#include "base/evq.h"

#include <string.h>

typedef struct {
  gint64 time_us;
  guint64 order; /* prio << 56 | insertion sequence */
  guint32 slot;
  guint32 kind;
  guint64 data;
} Entry;

G_STATIC_ASSERT (sizeof (Entry) == 32);

#define ROOT 3
#define ALIGN_BYTES 128
#define INITIAL_CAPACITY 64
#define SEQ_BITS 56
#define SEQ_MAX ((G_GUINT64_CONSTANT (1) << SEQ_BITS) - 1)
#define GEN_MAX 0x7fffffffu
/* Compact only when there is something worth the O(n) pass. */
#define COMPACT_MIN_CANCELLED 256

struct _MfEvq {
  Entry *heap;      /* positions ROOT .. ROOT + n - 1 are used */
  gsize n;          /* stored entries, cancelled ones included */
  gsize capacity;   /* allocated positions, padding included */
  gsize n_cancelled;
  guint64 next_seq;

  guint32 *slot_state; /* generation << 1 | cancelled */
  guint32 *free_slots; /* stack of released slots */
  gsize n_slots;       /* slots ever handed out */
  gsize n_free;
  gsize slot_capacity;
};

static inline gboolean
entry_less (const Entry *a, const Entry *b)
{
  return a->time_us < b->time_us || (a->time_us == b->time_us && a->order < b->order);
}

/**
 * mf_evq_new:
 *
 * Returns: (transfer full) an empty queue; free with mf_evq_free().
 */
MfEvq *
mf_evq_new (void)
{
  MfEvq *q = g_new0 (MfEvq, 1);
  q->capacity = INITIAL_CAPACITY;
  q->heap = g_aligned_alloc (q->capacity, sizeof (Entry), ALIGN_BYTES);
  q->slot_capacity = INITIAL_CAPACITY;
  q->slot_state = g_new (guint32, q->slot_capacity);
  q->free_slots = g_new (guint32, q->slot_capacity);
  return q;
}

/**
 * mf_evq_free:
 * @q: (transfer full) (nullable): the queue
 *
 * Frees the queue and its pending events.  Event data words are the
 * model's and are not looked at.
 */
void
mf_evq_free (MfEvq *q)
{
  if (q == NULL)
    return;
  g_aligned_free (q->heap);
  g_free (q->slot_state);
  g_free (q->free_slots);
  g_free (q);
}

static void
grow_heap (MfEvq *q)
{
  gsize capacity = q->capacity * 2;
  Entry *heap = g_aligned_alloc (capacity, sizeof (Entry), ALIGN_BYTES);
  memcpy (heap + ROOT, q->heap + ROOT, q->n * sizeof (Entry));
  g_aligned_free (q->heap);
  q->heap = heap;
  q->capacity = capacity;
}

static guint32
slot_acquire (MfEvq *q)
{
  if (q->n_free > 0)
    return q->free_slots[--q->n_free];
  if (q->n_slots == q->slot_capacity)
    {
      g_assert (q->slot_capacity <= G_MAXUINT32 / 2);
      q->slot_capacity *= 2;
      q->slot_state = g_renew (guint32, q->slot_state, q->slot_capacity);
      q->free_slots = g_renew (guint32, q->free_slots, q->slot_capacity);
    }
  q->slot_state[q->n_slots] = 1u << 1; /* generation 1, not cancelled */
  return (guint32) q->n_slots++;
}

static inline void
slot_release (MfEvq *q, guint32 slot)
{
  guint32 gen = (q->slot_state[slot] >> 1) + 1;
  if (gen > GEN_MAX)
    gen = 1; /* generation 0 would allow id 0 == MF_EVQ_NO_ID */
  q->slot_state[slot] = gen << 1;
  q->free_slots[q->n_free++] = slot;
}

static inline guint64
slot_id (const MfEvq *q, guint32 slot)
{
  return ((guint64) (q->slot_state[slot] >> 1) << 32) | slot;
}

/* Place @e at the hole @pos (a leaf or a freshly emptied node) and restore
 * the heap order upwards. */
static inline void
sift_up (Entry *heap, gsize pos, const Entry *e)
{
  while (pos > ROOT)
    {
      gsize parent = pos / 4 + 2;
      if (!entry_less (e, &heap[parent]))
        break;
      heap[pos] = heap[parent];
      pos = parent;
    }
  heap[pos] = *e;
}

/* Fill the hole at @pos with @e and restore the order downwards;
 * @end is one past the last used position. */
static inline void
sift_down (Entry *heap, gsize pos, gsize end, const Entry *e)
{
  for (;;)
    {
      gsize c = 4 * pos - 8;
      if (c >= end)
        break;
      gsize best = c;
      gsize last = MIN (c + 4, end);
      for (gsize k = c + 1; k < last; k++)
        if (entry_less (&heap[k], &heap[best]))
          best = k;
      if (!entry_less (&heap[best], e))
        break;
      heap[pos] = heap[best];
      pos = best;
    }
  heap[pos] = *e;
}

static inline void
remove_root (MfEvq *q)
{
  q->n--;
  if (q->n > 0)
    {
      Entry last = q->heap[ROOT + q->n];
      sift_down (q->heap, ROOT, ROOT + q->n, &last);
    }
}

/**
 * mf_evq_push:
 * @q: the queue
 * @time_us: when the event runs
 * @prio: tie-break among equal times, lower first (MF_EVQ_PRIO_DEFAULT)
 * @kind: the model's tag for the event
 * @data: the model's word for the event
 *
 * Schedules an event.  Among events of equal time and priority, the one
 * pushed first is popped first.
 *
 * Complexity: O(log n); allocates only when the arrays grow (doubling).
 *
 * Returns: the event's id, never MF_EVQ_NO_ID.
 */
guint64
mf_evq_push (MfEvq *q, gint64 time_us, guint8 prio, guint32 kind, guint64 data)
{
  g_return_val_if_fail (q != NULL, MF_EVQ_NO_ID);
  g_assert (q->next_seq <= SEQ_MAX);

  if (ROOT + q->n == q->capacity)
    grow_heap (q);
  guint32 slot = slot_acquire (q);
  Entry e = {
    .time_us = time_us,
    .order = ((guint64) prio << SEQ_BITS) | q->next_seq++,
    .slot = slot,
    .kind = kind,
    .data = data,
  };
  sift_up (q->heap, ROOT + q->n, &e);
  q->n++;
  return slot_id (q, slot);
}

/* Drop cancelled entries from the front. */
static inline void
purge_front (MfEvq *q)
{
  while (q->n > 0 && (q->slot_state[q->heap[ROOT].slot] & 1u))
    {
      slot_release (q, q->heap[ROOT].slot);
      q->n_cancelled--;
      remove_root (q);
    }
}

/**
 * mf_evq_pop:
 * @q: the queue
 * @limit_us: pop only an event whose time is at most this
 *   (G_MAXINT64 for any)
 * @out: (out caller-allocates): the event
 *
 * Removes the earliest pending event if its time is at most @limit_us.
 * Cancelled events are discarded on the way and never returned.
 *
 * Complexity: O(log n) amortised.
 *
 * Returns: TRUE if an event was stored in @out; FALSE if none is pending
 *   at or before @limit_us (the queue is then unchanged apart from
 *   discarded cancelled events).
 */
gboolean
mf_evq_pop (MfEvq *q, gint64 limit_us, MfEvent *out)
{
  g_return_val_if_fail (q != NULL && out != NULL, FALSE);

  purge_front (q);
  if (q->n == 0)
    return FALSE;
  const Entry *top = &q->heap[ROOT];
  if (top->time_us > limit_us)
    return FALSE;
  out->time_us = top->time_us;
  out->id = slot_id (q, top->slot);
  out->kind = top->kind;
  out->prio = (guint8) (top->order >> SEQ_BITS);
  out->data = top->data;
  slot_release (q, top->slot);
  remove_root (q);
  return TRUE;
}

/* Rebuild the heap without its cancelled entries: O(n). */
static void
compact (MfEvq *q)
{
  Entry *heap = q->heap;
  gsize kept = 0;
  for (gsize i = ROOT; i < ROOT + q->n; i++)
    {
      if (q->slot_state[heap[i].slot] & 1u)
        slot_release (q, heap[i].slot);
      else
        heap[ROOT + kept++] = heap[i];
    }
  q->n = kept;
  q->n_cancelled = 0;
  if (kept < 2)
    return;
  /* Floyd's heap construction: sift down every internal node, last first. */
  gsize end = ROOT + kept;
  gsize last_parent = (end - 1) / 4 + 2;
  for (gsize p = last_parent + 1; p-- > ROOT;)
    {
      Entry e = heap[p];
      sift_down (heap, p, end, &e);
    }
}

/**
 * mf_evq_cancel:
 * @q: the queue
 * @id: an id returned by mf_evq_push()
 *
 * Cancels a pending event so that it is never popped.  Ids of events that
 * already ran or were cancelled, MF_EVQ_NO_ID and unknown ids are accepted
 * and change nothing, so a model may cancel a timer that may have fired.
 *
 * Complexity: O(1) amortised (an O(n) compaction runs when cancelled
 * entries outnumber live ones).
 *
 * Returns: TRUE if the event was pending and is now cancelled.
 */
gboolean
mf_evq_cancel (MfEvq *q, guint64 id)
{
  g_return_val_if_fail (q != NULL, FALSE);

  guint32 slot = (guint32) (id & G_MAXUINT32);
  guint64 gen = id >> 32;
  if (slot >= q->n_slots)
    return FALSE;
  guint32 state = q->slot_state[slot];
  if ((state >> 1) != gen || (state & 1u))
    return FALSE;
  /* A released slot's generation was bumped, so a match means stored. */
  q->slot_state[slot] = state | 1u;
  q->n_cancelled++;
  if (q->n_cancelled >= COMPACT_MIN_CANCELLED && q->n_cancelled * 2 > q->n)
    compact (q);
  return TRUE;
}

/**
 * mf_evq_peek_time:
 * @q: the queue
 * @out_time_us: (out) (optional): the time of the earliest pending event
 *
 * Discards cancelled events at the front, hence the non-const queue.
 *
 * Returns: FALSE if no event is pending.
 */
gboolean
mf_evq_peek_time (MfEvq *q, gint64 *out_time_us)
{
  g_return_val_if_fail (q != NULL, FALSE);

  purge_front (q);
  if (q->n == 0)
    return FALSE;
  if (out_time_us != NULL)
    *out_time_us = q->heap[ROOT].time_us;
  return TRUE;
}

/**
 * mf_evq_size:
 *
 * Returns: the number of pending events, cancelled ones excluded.  O(1).
 */
gsize
mf_evq_size (const MfEvq *q)
{
  g_return_val_if_fail (q != NULL, 0);
  return q->n - q->n_cancelled;
}

/**
 * mf_evq_memory_bytes:
 *
 * Returns: the bytes the queue holds: proportional to the largest number
 *   of events stored at once (arrays grow by doubling and do not shrink).
 */
gsize
mf_evq_memory_bytes (const MfEvq *q)
{
  g_return_val_if_fail (q != NULL, 0);
  return sizeof (*q) + q->capacity * sizeof (Entry) + q->slot_capacity * 2 * sizeof (guint32);
}
