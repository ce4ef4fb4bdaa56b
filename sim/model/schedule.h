/* schedule.h — weekly schedules: when a connector may send, when a link is
 * up.
 *
 * Owns: parsing a schedule's text into windows of minutes of the week, and
 * asking whether it is open at a given minute.  Errors are MF_UNITS_ERROR,
 * like the other value parsers, and name the bad text without file or line.
 * Does not know the simulated clock: callers turn time into a minute of
 * the week.
 */
#ifndef MF_SCHEDULE_H
#define MF_SCHEDULE_H

#include <glib.h>

#include "base/units.h"

G_BEGIN_DECLS

/* A weekly schedule: sorted, disjoint, non-adjacent windows of minutes of
 * the week, [start, end), 0 = Monday 00:00, MF_MINUTES_PER_WEEK = the next
 * Monday.  "always" is one window over the whole week; "never" none. */
typedef struct {
  guint16 start_min;
  guint16 end_min;
} MfWindow;

typedef struct {
  guint n_windows;
  MfWindow *windows; /* (transfer full), n_windows entries */
} MfSchedule;

/* Parse the comma-separated windows "Mon-Fri 18:00-07:00, Sat 00:00-24:00",
 * "always" or "never".  A window whose end is not after its start runs past
 * midnight into the next day; a day range may wrap ("Sat-Mon"); a window
 * with no days applies every day. */
gboolean mf_parse_schedule (const char *text, MfSchedule *out, GError **error);
void mf_schedule_clear (MfSchedule *schedule);
void mf_schedule_copy (const MfSchedule *src, MfSchedule *dst);
gboolean mf_schedule_is_always (const MfSchedule *schedule);
gboolean mf_schedule_is_never (const MfSchedule *schedule);
/* Is the schedule open at minute-of-week m (0 ≤ m < MF_MINUTES_PER_WEEK)? */
gboolean mf_schedule_open_at (const MfSchedule *schedule, guint minute_of_week);

G_END_DECLS

#endif /* MF_SCHEDULE_H */
