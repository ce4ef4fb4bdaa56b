/* run-stop.c — signals, --time-limit and --max-memory (see run-stop.h).
 *
 * A signal handler may only set a flag: which signal came is kept in a
 * second sig_atomic_t, the first one to arrive wins.  SA_RESETHAND gives
 * the signal back its default action, so a second Ctrl-C (or a second
 * TERM from an impatient scheduler) kills at once, as users expect.
 */
#define G_LOG_DOMAIN "msgflow"

#include "cli/run-stop.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Check the memory at most this often (µs of wall time): reading
 * /proc/self/statm costs some 10 µs; the simulation can allocate some
 * 10 MB in this time. */
#define MEMORY_CHECK_PERIOD_US (G_USEC_PER_SEC / 100)

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t stop_reason;
static struct sigaction old_int, old_term, old_hup;
static gint64 start_wall_us, time_limit_us, last_memory_check_us;
static guint64 max_memory_bytes;
/* 80% of `ulimit -v` (RLIMIT_AS), 0 when there is none: under that limit
 * malloc fails long before the resident memory is high, and GLib cannot
 * report a failed allocation (it aborts, or recurses until the stack
 * overflows), so the run must stop before the address space runs out. */
static guint64 address_space_bytes;
static gboolean stopped_by_address_space;

static void
on_signal (int signo)
{
  if (stop_reason == MF_STOP_NONE)
    stop_reason = signo == SIGTERM ? MF_STOP_SIGTERM : signo == SIGHUP ? MF_STOP_SIGHUP
                                                                       : MF_STOP_SIGINT;
  stop_flag = 1;
}

static guint64
address_space_guard (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return 0;
  return (guint64) rl.rlim_cur / 10 * 8;
}

void
mf_run_stop_begin (gint64 limit_us, guint64 memory_bytes)
{
  struct sigaction sa;

  stop_flag = 0;
  stop_reason = MF_STOP_NONE;
  start_wall_us = g_get_monotonic_time ();
  last_memory_check_us = 0;
  time_limit_us = limit_us;
  max_memory_bytes = memory_bytes;
  address_space_bytes = memory_bytes > 0 ? address_space_guard () : 0;
  stopped_by_address_space = FALSE;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  sigaction (SIGINT, &sa, &old_int);
  sigaction (SIGTERM, &sa, &old_term);
  sigaction (SIGHUP, &sa, &old_hup);
}

void
mf_run_stop_end (void)
{
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  sigaction (SIGHUP, &old_hup, NULL);
}

const volatile sig_atomic_t *
mf_run_stop_flag (void)
{
  return &stop_flag;
}

/* The virtual and the resident size of this process, in bytes (0 when
 * unknown). */
static void
read_statm (guint64 *virtual_bytes, guint64 *resident_bytes)
{
  unsigned long size = 0, resident = 0;
  FILE *f = fopen ("/proc/self/statm", "r");
  long page = sysconf (_SC_PAGESIZE);

  *virtual_bytes = *resident_bytes = 0;
  if (f == NULL)
    return;
  if (fscanf (f, "%lu %lu", &size, &resident) == 2 && page > 0)
    {
      *virtual_bytes = (guint64) size * (guint64) page;
      *resident_bytes = (guint64) resident * (guint64) page;
    }
  fclose (f);
}

guint64
mf_run_stop_resident_bytes (void)
{
  guint64 virtual_bytes, resident_bytes;

  read_statm (&virtual_bytes, &resident_bytes);
  return resident_bytes;
}

/* The cgroup v2 (or v1) memory limit, or 0 when there is none. */
static guint64
cgroup_limit (void)
{
  static const char *const paths[] = { "/sys/fs/cgroup/memory.max",
                                       "/sys/fs/cgroup/memory/memory.limit_in_bytes" };
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *text = NULL;
      guint64 v;
      char *end = NULL;
      if (!g_file_get_contents (paths[i], &text, NULL, NULL))
        continue;
      v = g_ascii_strtoull (text, &end, 10);
      if (end != text && v > 0 && v < (G_GUINT64_CONSTANT (1) << 60))
        return v;
    }
  return 0;
}

guint64
mf_run_stop_default_max_memory (void)
{
  long pages = sysconf (_SC_PHYS_PAGES), page = sysconf (_SC_PAGESIZE);
  guint64 physical = pages > 0 && page > 0 ? (guint64) pages * (guint64) page : 0;
  guint64 cgroup = cgroup_limit ();
  guint64 limit = physical;

  if (cgroup > 0 && (limit == 0 || cgroup < limit))
    limit = cgroup;
  return limit / 10 * 8;
}

gboolean
mf_run_stop_check (void)
{
  gint64 now;

  if (stop_flag)
    return TRUE;
  now = g_get_monotonic_time ();
  if (time_limit_us > 0 && now - start_wall_us >= time_limit_us)
    {
      stop_reason = MF_STOP_TIME_LIMIT;
      stop_flag = 1;
      return TRUE;
    }
  if (max_memory_bytes > 0 && now - last_memory_check_us >= MEMORY_CHECK_PERIOD_US)
    {
      guint64 virtual_bytes, resident_bytes;

      last_memory_check_us = now;
      read_statm (&virtual_bytes, &resident_bytes);
      if (resident_bytes >= max_memory_bytes
          || (address_space_bytes > 0 && virtual_bytes >= address_space_bytes))
        {
          stopped_by_address_space = resident_bytes < max_memory_bytes;
          stop_reason = MF_STOP_MEMORY;
          stop_flag = 1;
          return TRUE;
        }
    }
  return FALSE;
}

guint64
mf_run_stop_memory_limit (gboolean *address_space)
{
  *address_space = stopped_by_address_space;
  return stopped_by_address_space ? address_space_bytes : max_memory_bytes;
}

void
mf_run_stop_request (MfStopReason reason)
{
  if (stop_reason == MF_STOP_NONE)
    stop_reason = reason;
  stop_flag = 1;
}

MfStopReason
mf_run_stop_reason (void)
{
  return (MfStopReason) stop_reason;
}

const char *
mf_run_stop_name (MfStopReason reason)
{
  switch (reason)
    {
    case MF_STOP_SIGINT: return "SIGINT";
    case MF_STOP_SIGTERM: return "SIGTERM";
    case MF_STOP_SIGHUP: return "SIGHUP";
    case MF_STOP_TIME_LIMIT: return "time-limit";
    case MF_STOP_MEMORY: return "memory";
    case MF_STOP_WRITE_ERROR: return "write-error";
    case MF_STOP_NONE:
    default: return NULL;
    }
}

int
mf_run_stop_exit_status (MfStopReason reason)
{
  switch (reason)
    {
    case MF_STOP_SIGINT: return 128 + SIGINT;
    case MF_STOP_SIGTERM: return 128 + SIGTERM;
    case MF_STOP_SIGHUP: return 128 + SIGHUP;
    case MF_STOP_TIME_LIMIT:
    case MF_STOP_MEMORY:
    case MF_STOP_WRITE_ERROR: return 1;
    case MF_STOP_NONE:
    default: return 0;
    }
}
