/* sweep-output.h — the files of a sweep: sweep.json and sweep.csv.
 *
 * Owns: merging the figures of a point's replications into 95% Student-t
 * intervals (base/replication.h), per dotted summary.json path, and
 * writing them.  The runs' own folders (runs/PPPP-R/) are written by the
 * workers (sweep-run.c); sweep.json holds the manifest of the sweep's own
 * files.  The figures are merged in job order whatever order the jobs
 * finished in, so the files do not depend on how the work was split.
 */
#ifndef MF_SWEEP_OUTPUT_H
#define MF_SWEEP_OUTPUT_H

#include <glib.h>

#include "base/replication.h"
#include "base/result-dir.h"

G_BEGIN_DECLS

#define MF_SWEEP_JSON "sweep.json"
#define MF_SWEEP_CSV "sweep.csv"

typedef struct {
  const char *topology;     /* FILE as given */
  const char *topology_sha256; /* of FILE's text: tells sweeps apart in --merge */
  guint part_index;         /* --part I/N: I (1-based) and N; N 0: not a part */
  guint part_count;
  const GPtrArray *varies;  /* MfSweepVary* */
  guint n_points;
  guint n_replications;
  guint64 seed;
  gint64 duration_us;       /* < 0: each point's own */
  gint64 warmup_us;
  gboolean complete;
  const char *stopped;      /* NULL, or why the sweep stopped */
  double wall_s;
} MfSweepInfo;

typedef struct {
  char *name;     /* "latency_s.mean" */
  MfInterval ci;  /* half_width NAN when n < 2 */
} MfSweepMetric;

/* The merged figures of @point, in the order summary.json has them.
 * @jobs: MfSweepJob (sweep-run.h).  (transfer full) MfSweepMetric* */
GPtrArray *mf_sweep_point_metrics (const GArray *jobs, guint point, guint n_replications);
/* Jobs of @point that finished. */
guint mf_sweep_point_runs (const GArray *jobs, guint point, guint n_replications);

/* out/STEM-sweep for topology FILE @path ("-": stdin).  (transfer full) */
char *mf_sweep_default_out_dir (const char *path);

/* Write sweep.csv, then sweep.json with the manifest, into @rd. */
gboolean mf_sweep_write (MfResultDir *rd, const MfSweepInfo *info, const GArray *jobs,
                         GError **error);

G_END_DECLS

#endif /* MF_SWEEP_OUTPUT_H */
