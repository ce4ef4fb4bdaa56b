/* dist.h — the distributions of a topology file: parsing, printing, mean,
 * variance and sampling.
 *
 * Owns: MfDist and turning its text into a validated value (errors are
 * MF_UNITS_ERROR, like the other value parsers), printing it back, and
 * turning an MfDist and a random stream into values, exactly in
 * distribution, in the distribution's own unit (µs, bytes or a count).
 * Parameters are validated by mf_parse_dist at the boundary; the samplers
 * trust them.
 */
#ifndef MF_DIST_H
#define MF_DIST_H

#include <glib.h>

#include "base/rng.h"
#include "base/units.h"

G_BEGIN_DECLS

/* Distributions (docs/format.md §2).  Parameters are in the unit of the value
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

double mf_dist_sample (const MfDist *dist, MfRng *rng);
gint64 mf_dist_sample_rounded (const MfDist *dist, MfRng *rng);
double mf_dist_variance (const MfDist *dist);

G_END_DECLS

#endif /* MF_DIST_H */
