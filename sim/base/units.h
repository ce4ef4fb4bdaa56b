/* units.h — parsers for the value kinds of a topology file (FORMAT.md §2).
 *
 * Owns: durations, sizes, bandwidths, rates, shares, times of week, weekly
 * schedules, SMTP address spaces and distributions.  Every parser takes one
 * already-trimmed value, checks its range and overflow, and either fills its
 * result or sets a GError (MF_UNITS_ERROR) whose message names the problem
 * without the file or line: the loader adds those.
 *
 * TRUST: the input is untrusted text.  Numbers go through bounded parsers;
 * no parser allocates more than the size of its input.  Knows nothing of
 * mail, files or the model.
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
/* Integer in [min, max]. */
gboolean mf_parse_int (const char *text, gint64 min, gint64 max, gint64 *out, GError **error);
gboolean mf_parse_bool (const char *text, gboolean *out, GError **error);

/* Time of week: "Mon 09:30" as an offset from Monday 00:00 (out_is_weekday
 * TRUE), or a duration from the start of the run (out_is_weekday FALSE). */
gboolean mf_parse_time_of_week (const char *text, gint64 *out_us,
                                gboolean *out_is_weekday, GError **error);

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

/* An SMTP address space: "SMTP:*.fabrikam.com 5".  The pattern is stored
 * lower-case without the "SMTP:" type; "*" matches every domain, "*.x.y"
 * every domain below x.y, and "x.y" (or "x.y" given as "@x.y") exactly x.y. */
typedef struct {
  char *pattern; /* (transfer full) */
  int cost;      /* 1..100 */
} MfAddressSpace;

gboolean mf_parse_address_space (const char *text, MfAddressSpace *out, GError **error);
void mf_address_space_clear (MfAddressSpace *space);
/* Specificity of a pattern's match of a lower-case domain: -1 when it does
 * not match, else larger for more specific patterns (an exact match beats
 * any wildcard; a longer wildcard suffix beats a shorter one). */
int mf_address_space_match (const char *pattern, const char *domain);
/* A domain name: labels of [A-Za-z0-9-], dot-separated, at most 253 bytes. */
gboolean mf_domain_is_valid (const char *domain);

/* Distributions (FORMAT.md §2).  Parameters are in the unit of the value
 * kind the key takes (microseconds, bytes, or a plain count). */
typedef enum {
  MF_DIST_CONST,
  MF_DIST_EXP,       /* a = mean */
  MF_DIST_UNIFORM,   /* a = low, b = high */
  MF_DIST_LOGNORMAL, /* a = median, b = sigma */
  MF_DIST_GEOMETRIC, /* a = mean ≥ 1, counts only (support 1, 2, …) */
} MfDistKind;

typedef struct {
  MfDistKind kind;
  double a;
  double b;
} MfDist;

typedef enum {
  MF_DIST_UNIT_DURATION, /* parameters parsed with mf_parse_duration, in µs */
  MF_DIST_UNIT_SIZE,     /* parsed with mf_parse_size, in bytes */
  MF_DIST_UNIT_COUNT,    /* plain numbers ≥ 1 */
} MfDistUnit;

gboolean mf_parse_dist (const char *text, MfDistUnit unit, MfDist *out, GError **error);
/* The distribution's mean, in its unit. */
double mf_dist_mean (const MfDist *dist);
/* Print a distribution back in the file's syntax, e.g. "exp(5ms)".
 * (transfer full) */
char *mf_dist_to_string (const MfDist *dist, MfDistUnit unit);

/* Formatting for summaries: "1h30m", "25KB", "2Mbit". (transfer full) */
char *mf_format_duration (gint64 us);
char *mf_format_size (guint64 bytes);
char *mf_format_bandwidth (guint64 bps);
/* A plain decimal without exponent, e.g. "0.000462962963".  (transfer full) */
char *mf_format_number (double v);

G_END_DECLS

#endif /* MF_UNITS_H */
