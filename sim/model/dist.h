/* dist.h — sampling the distributions of a topology file (MfDist, units.h).
 *
 * Owns: turning an MfDist and a random stream into values, exactly in
 * distribution, in the distribution's own unit (µs, bytes or a count).
 * Parameters were validated by the parser (units.c) at the boundary; here
 * they are trusted.  Parsing, printing and the mean live in units.h.
 */
#ifndef MF_DIST_H
#define MF_DIST_H

#include <glib.h>

#include "base/rng.h"
#include "base/units.h"

G_BEGIN_DECLS

double mf_dist_sample (const MfDist *dist, MfRng *rng);
gint64 mf_dist_sample_rounded (const MfDist *dist, MfRng *rng);
double mf_dist_variance (const MfDist *dist);

G_END_DECLS

#endif /* MF_DIST_H */
