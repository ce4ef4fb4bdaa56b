/* sweep-merge.h — `sweep --merge`: the parts of a sweep (--part I/N) into
 * the result one run of the whole sweep gives.
 *
 * Owns: checking that the parts belong together (the same topology text,
 * SPECs, seed, replications, duration, warm-up and N), that each part of
 * 1..N is given once, and rebuilding the jobs from the parts' runs/
 * folders (whose summary.json gives the same figures, bit for bit, as the
 * workers sent), copied into the merged result.  Only the wall-clock
 * figures differ from a single run.
 */
#ifndef MF_SWEEP_MERGE_H
#define MF_SWEEP_MERGE_H

#include <glib.h>

G_BEGIN_DECLS

/* The parts do not belong together, one is missing or given twice, or a
 * folder is not a part: the caller's mistake (exit 2), not a failure. */
#define MF_SWEEP_MERGE_ERROR (mf_sweep_merge_error_quark ())
GQuark mf_sweep_merge_error_quark (void);

typedef struct {
  guint n_points;
  guint n_replications;
  guint jobs_done;
  gboolean complete;
} MfSweepMergeSummary;

/* Merge the parts in @dirs (NULL-terminated) into @out_dir (NULL: the
 * default of a single run of the parts' topology), which is written as one
 * result.  @out_used gets the folder written. */
gboolean mf_sweep_merge (const char *const *dirs, const char *out_dir, char **out_used,
                         MfSweepMergeSummary *summary, GError **error);

G_END_DECLS

#endif /* MF_SWEEP_MERGE_H */
