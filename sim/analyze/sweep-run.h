/* sweep-run.h — the jobs of a sweep and the worker processes that run them.
 *
 * Owns: job j = point j / R, replication j % R; running jobs in N forked
 * worker processes (not threads: igraph as packaged is not thread-safe),
 * each given job numbers over a pipe and sending back, over another, the
 * numeric leaves of the summary.json of the run it wrote into
 * WORK/runs/PPPP-R/ (a result folder of its own).  Replication r runs with
 * MfRunOptions.seed and .replication = r at every point (common random
 * numbers), so a job's result depends on nothing but its point and r:
 * never on N or on which worker ran it.  Knows nothing of the command line
 * or of what becomes of the figures (sweep-output.c).
 */
#ifndef MF_SWEEP_RUN_H
#define MF_SWEEP_RUN_H

#include <glib.h>

#include "model/topology.h"
#include "transport/transport.h"

G_BEGIN_DECLS

/* What a finished job sent back. */
typedef struct {
  gboolean done;      /* ran to its end and its folder is written */
  GPtrArray *names;   /* char*: dotted paths of summary.json's numeric leaves */
  GArray *values;     /* double, one per name */
} MfSweepJob;

typedef struct {
  const char *work_dir;        /* the runs go into WORK/runs/PPPP-R */
  const GPtrArray *topos;      /* MfTopology*, one per point */
  const GPtrArray *texts;      /* char*, the text of each point's topology */
  guint n_replications;
  guint n_workers;
  /* --part I/N: only the jobs of part @part_index (0-based) of
   * @part_count (mf_sweep_in_part); @part_count 0: every job. */
  guint part_index;
  guint part_count;
  /* seed, interrupt and poll; duration_us and warmup_us < 0: each point's
   * [organization] value. */
  MfRunOptions base;
  /* Called in the parent between results: return -1 to go on, else stop
   * handing out jobs and send workers this signal (0: none). */
  int (*stop_check) (gpointer data);
  /* Called in the parent after each finished job. */
  void (*progress) (guint done, guint total, gpointer data);
  gpointer data;
} MfSweepRun;

/* The folder name of job (point, replication) under runs/.  (transfer full) */
char *mf_sweep_run_name (guint point, guint replication);

/* Whether job @j is in part @index (0-based) of @count: job j belongs to
 * part j mod N, a round-robin that spreads every point over the parts and
 * does not depend on -j.  @count 0: every job is. */
gboolean mf_sweep_in_part (guint j, guint index, guint count);

/* Fill @job (done) with the numeric leaves of @run_dir/summary.json, as a
 * worker sends them.  FALSE when it cannot be read. */
gboolean mf_sweep_job_read (MfSweepJob *job, const char *run_dir, GError **error);

/* Run every job of the part (point-major); @jobs gets one MfSweepJob per job, done or
 * not.  FALSE when a run failed (its error) or a worker could not be
 * started; jobs not done because of a stop are not an error. */
gboolean mf_sweep_run (const MfSweepRun *run, GArray **jobs, GError **error);
void mf_sweep_jobs_free (GArray *jobs);

G_END_DECLS

#endif /* MF_SWEEP_RUN_H */
