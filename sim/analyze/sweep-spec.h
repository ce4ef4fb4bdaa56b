/* sweep-spec.h — what `msgflow sweep` varies: the --vary SPECs and the
 * topology of each point.
 *
 * Owns: parsing a SPEC "SECTION [NAME].KEY=V1;V2;..." (values separated by
 * ';' because values such as address spaces hold commas; the key is what
 * follows the last '.', as names may hold dots) or an inclusive range
 * "KEY=A..B step S" of numbers with one unit; the cross product of several
 * SPECs (the first SPEC varies slowest); and the text of a point's
 * topology: the file's own text with each key's line replaced in its
 * section (or added at the end of the section when the file leaves the
 * key at its default).  Knows nothing of runs or output.
 */
#ifndef MF_SWEEP_SPEC_H
#define MF_SWEEP_SPEC_H

#include <glib.h>

G_BEGIN_DECLS

#define MF_SWEEP_ERROR (mf_sweep_error_quark ())
GQuark mf_sweep_error_quark (void);

typedef enum {
  MF_SWEEP_ERROR_SPEC,    /* the SPEC itself is malformed or names no known key */
  MF_SWEEP_ERROR_SECTION, /* the file has no such section */
} MfSweepError;

/* At most this many values per SPEC and points per sweep. */
#define MF_SWEEP_MAX_VALUES 10000
#define MF_SWEEP_MAX_POINTS 100000

typedef struct {
  char *spec;      /* as given */
  char *kind;      /* "flow" */
  char *name;      /* "load"; NULL for organization, traffic, internet */
  char *key;       /* "rate" */
  char *target;    /* "flow load.rate": the column and member name of this SPEC */
  GPtrArray *values; /* char*, in order */
} MfSweepVary;

/* (transfer full) NULL with MF_SWEEP_ERROR_SPEC. */
MfSweepVary *mf_sweep_vary_parse (const char *spec, GError **error);
void mf_sweep_vary_free (MfSweepVary *v);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfSweepVary, mf_sweep_vary_free)

/* The number of points of the cross product of @varies (MfSweepVary*);
 * 0 when more than MF_SWEEP_MAX_POINTS. */
guint mf_sweep_n_points (const GPtrArray *varies);
/* The value of vary @i at point @point.  (transfer none) */
const char *mf_sweep_point_value (const GPtrArray *varies, guint point, guint i);

/* @text (@len bytes) with @key = @value in section [@kind @name].
 * (transfer full) NUL-terminated; NULL with MF_SWEEP_ERROR_SECTION. */
char *mf_sweep_override (const char *text, gsize len, const MfSweepVary *v, const char *value,
                         GError **error);
/* @text with every vary's value at @point.  On error the message names the
 * SPEC.  (transfer full) */
char *mf_sweep_point_text (const char *text, gsize len, const GPtrArray *varies, guint point,
                           GError **error);

G_END_DECLS

#endif /* MF_SWEEP_SPEC_H */
