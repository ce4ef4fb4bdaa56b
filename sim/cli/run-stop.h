/* run-stop.h — why a long command stops before it is done, and how it
 * says so.
 *
 * Owns: the handlers of SIGINT, SIGTERM and SIGHUP (alike: stop at the
 * next event, keep what was gathered), the `--time-limit` and
 * `--max-memory` guards (and 80% of `ulimit -v`) checked as the run goes, the flag the engine reads
 * between events (MfRunOptions.interrupt), and the name and exit status of
 * each reason: 130, 143 and 129 for the signals (128 + the signal's
 * number, as shells report them), 1 for a limit.  One run at a time: a
 * signal handler reaches nothing but file-scope state.
 */
#ifndef MF_RUN_STOP_H
#define MF_RUN_STOP_H

#include <glib.h>
#include <signal.h>

G_BEGIN_DECLS

typedef enum {
  MF_STOP_NONE,
  MF_STOP_SIGINT,
  MF_STOP_SIGTERM,
  MF_STOP_SIGHUP,
  MF_STOP_TIME_LIMIT,
  MF_STOP_MEMORY,
  MF_STOP_WRITE_ERROR,
} MfStopReason;

/* Install the handlers and start the clock.  time_limit_us <= 0: none;
 * max_memory_bytes 0: none. */
void mf_run_stop_begin (gint64 time_limit_us, guint64 max_memory_bytes);
/* Put the previous handlers back. */
void mf_run_stop_end (void);
/* The flag for MfRunOptions.interrupt. */
const volatile sig_atomic_t *mf_run_stop_flag (void);
/* Check the limits now (cheap: the memory is read at most every 100 ms of
 * wall time); TRUE when the run must stop. */
gboolean mf_run_stop_check (void);
/* Stop the run for @reason (kept unless a reason came first); for a
 * failure found by the run itself, such as a tracking log that cannot be
 * written. */
void mf_run_stop_request (MfStopReason reason);
MfStopReason mf_run_stop_reason (void);
/* "SIGINT", "SIGTERM", "SIGHUP", "time-limit", "memory", "write-error";
 * NULL for none:
 * summary.json's "stopped". */
const char *mf_run_stop_name (MfStopReason reason);
/* 130, 143, 129, 1, 1, 1; 0 for none. */
int mf_run_stop_exit_status (MfStopReason reason);
/* The resident memory of this process, in bytes (0 when unknown). */
guint64 mf_run_stop_resident_bytes (void);
/* The limit a MF_STOP_MEMORY stop reached: --max-memory (resident
 * memory), or, with *address_space set, 80% of `ulimit -v` (the process's
 * virtual size), which is checked beside it whenever --max-memory is not
 * "unlimited". */
guint64 mf_run_stop_memory_limit (gboolean *address_space);
/* The default of --max-memory: 80% of the smaller of the physical memory
 * and the cgroup's limit. */
guint64 mf_run_stop_default_max_memory (void);

G_END_DECLS

#endif /* MF_RUN_STOP_H */
