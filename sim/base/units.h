/* units.h — parsers for the value kinds of a topology file (docs/format.md §2).
 *
 * Owns: durations, sizes, bandwidths, rates, shares, integers, booleans and
 * times of week, and their formatting.  Every parser takes one
 * already-trimmed value, checks its range and overflow, and either fills its
 * result or sets a GError (MF_UNITS_ERROR) whose message names the problem
 * without the file or line: the loader adds those.
 *
 * TRUST: the input is untrusted text.  Numbers go through bounded parsers;
 * no parser allocates more than the size of its input.  Knows nothing of
 * mail, files or the model: weekly schedules, SMTP address spaces and
 * distributions are parsed in sim/model (schedule.h, address-space.h,
 * dist.h) with the same error domain and the scanners below.
 */
#ifndef MF_UNITS_H
#define MF_UNITS_H

#include <glib.h>

G_BEGIN_DECLS

#define MF_UNITS_ERROR (mf_units_error_quark ())
GQuark mf_units_error_quark (void);

typedef enum {
  MF_UNITS_ERROR_SYNTAX,   /* not of the expected form */
  MF_UNITS_ERROR_RANGE,    /* of the form, but out of range or overflowing */
  MF_UNITS_ERROR_AMBIGUOUS, /* a bare number where a unit must say what it means */
} MfUnitsError;

/* One microsecond is the unit of simulated time. */
#define MF_US_PER_SECOND G_GINT64_CONSTANT (1000000)
#define MF_US_PER_MINUTE (60 * MF_US_PER_SECOND)
#define MF_US_PER_HOUR (60 * MF_US_PER_MINUTE)
#define MF_US_PER_DAY (24 * MF_US_PER_HOUR)
#define MF_US_PER_WEEK (7 * MF_US_PER_DAY)
#define MF_MINUTES_PER_WEEK (7 * 24 * 60)

/* The longest duration a file may name: 10 years, far beyond any run, and
 * small enough that sums of a few durations never overflow a gint64. */
#define MF_DURATION_MAX_US (3650 * MF_US_PER_DAY)
/* The largest size: 1 TiB.  "unlimited" is MF_SIZE_UNLIMITED. */
#define MF_SIZE_MAX_BYTES (G_GUINT64_CONSTANT (1) << 40)
#define MF_SIZE_UNLIMITED G_MAXUINT64
/* The largest bandwidth: 1 Tbit/s.  "unlimited" is MF_BANDWIDTH_UNLIMITED. */
#define MF_BANDWIDTH_MAX_BPS G_GUINT64_CONSTANT (1000000000000)
#define MF_BANDWIDTH_UNLIMITED G_MAXUINT64
/* The highest rate: one million per second. */
#define MF_RATE_MAX_PER_S 1e6

gboolean mf_parse_duration (const char *text, gint64 *out_us, GError **error);
gboolean mf_parse_size (const char *text, guint64 *out_bytes, GError **error);
gboolean mf_parse_bandwidth (const char *text, guint64 *out_bps, GError **error);
/* Rate as events per second; "0/h" is allowed (a silent flow). */
gboolean mf_parse_rate (const char *text, double *out_per_s, GError **error);
/* Share "10%" as a fraction 0..1. */
gboolean mf_parse_share (const char *text, double *out_fraction, GError **error);
/* A whole number in [min, max]: decimal digits with an optional sign, no
 * blanks; the one integer parser of the program (GLib's underneath). */
gboolean mf_parse_int (const char *text, gint64 min, gint64 max, gint64 *out, GError **error);
/* The same for unsigned values: digits only, no sign. */
gboolean mf_parse_uint (const char *text, guint64 min, guint64 max, guint64 *out,
                        GError **error);
gboolean mf_parse_bool (const char *text, gboolean *out, GError **error);

/* What a point in time is measured from. */
typedef enum {
  MF_TIME_AFTER_START, /* a duration: "2h10m", "0" */
  MF_TIME_OF_WEEK,     /* "Mon 09:30": from Monday 00:00 */
  MF_TIME_OF_DAY,      /* "09:30": from midnight, on the run's first day */
} MfTimeKind;

/* A point in time (`at`, `start`, `end`, `trace --at`): a duration from
 * the start of the run, a time of week or a clock time.  A bare number
 * other than 0 ("12") is refused with MF_UNITS_ERROR_AMBIGUOUS: seconds
 * after the start, or noon? */
gboolean mf_parse_time_of_week (const char *text, gint64 *out_us, MfTimeKind *out_kind,
                                GError **error);
/* The offset from the start of the run (@start_us: from Monday 00:00) of
 * a point parsed above: a time of week or of day is the first moment at or
 * after the start when the clock shows it. */
gint64 mf_time_point_after_start (gint64 value_us, MfTimeKind kind, gint64 start_us);

/* Scanners for the parsers of the model's value kinds (schedules,
 * distributions).  Each reads at *p and, on success, advances *p past what
 * it read. */
/* An unsigned decimal (digits, an optional fraction, at most 32 characters);
 * FALSE when there is none at *p. */
gboolean mf_units_scan_number (const char **p, double *out);
/* A day name, "Mon" or "Monday" in any case: 0 = Monday, -1 when none. */
int mf_units_scan_day (const char **p);
/* "HH:MM" (00:00..23:59, or 24:00 when allow_24) as minutes of the day;
 * -1 when none. */
int mf_units_scan_clock (const char **p, gboolean allow_24);
/* The first character of p that is not a space or a tab. */
const char *mf_units_skip_spaces (const char *p);

/* Formatting for summaries: "1h30m", "25KB", "2Mbit". (transfer full) */
char *mf_format_duration (gint64 us);
char *mf_format_size (guint64 bytes);
char *mf_format_bandwidth (guint64 bps);
/* A plain decimal without exponent, e.g. "0.000462962963".  (transfer full) */
char *mf_format_number (double v);

G_END_DECLS

#endif /* MF_UNITS_H */
