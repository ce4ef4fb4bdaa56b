/* sweep-run.c — jobs in worker processes (see sweep-run.h).
 *
 * The protocol is text, one pipe each way per worker.  Parent to worker:
 * "JOB\n"; end of file means no more work.  Worker to parent, per job:
 * "OK JOB\n" then "NAME\tVALUE\n" for each figure (VALUE in %.17g, so that
 * the double comes back bit for bit) and an empty line; or "STOPPED JOB\n\n"
 * for a run cut short by a signal or a limit (dropped: only finished jobs
 * count); or "FAIL JOB MESSAGE\n\n".  Jobs are handed out one at a time
 * as workers become free, so a slow point does not hold up the others.
 */
#define G_LOG_DOMAIN "msgflow-sweep"

#include "analyze/sweep-run.h"
#include "base/result-dir.h"
#include "transport/sim-output.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* How often the parent checks for a stop while no result comes (ms). */
#define STOP_CHECK_PERIOD_MS 100

char *
mf_sweep_run_name (guint point, guint replication)
{
  return g_strdup_printf ("%04u-%u", point, replication);
}

static void
job_clear (MfSweepJob *job)
{
  if (job->names != NULL)
    g_ptr_array_unref (job->names);
  if (job->values != NULL)
    g_array_unref (job->values);
}

void
mf_sweep_jobs_free (GArray *jobs)
{
  if (jobs == NULL)
    return;
  for (guint i = 0; i < jobs->len; i++)
    job_clear (&g_array_index (jobs, MfSweepJob, i));
  g_array_unref (jobs);
}

/* ------------------------------------------------------------ worker */

/* Every number under @node, named by its dotted path ("latency_s.mean",
 * "queues.3.max_length"); the manifest is bookkeeping, not a figure. */
static void
collect_leaves (JsonNode *node, const char *path, GPtrArray *names, GArray *values)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        g_autoptr (GList) members = json_object_get_members (o);
        for (GList *m = members; m != NULL; m = m->next)
          {
            g_autofree char *child = NULL;
            if (*path == '\0' && strcmp (m->data, "manifest") == 0)
              continue;
            child = *path ? g_strconcat (path, ".", m->data, NULL) : g_strdup (m->data);
            collect_leaves (json_object_get_member (o, m->data), child, names, values);
          }
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (a); i++)
          {
            g_autofree char *child = g_strdup_printf ("%s%s%u", path, *path ? "." : "", i);
            collect_leaves (json_array_get_element (a, i), child, names, values);
          }
        break;
      }
    case JSON_NODE_VALUE:
      {
        GType t = json_node_get_value_type (node);
        double v;
        if (t != G_TYPE_INT64 && t != G_TYPE_DOUBLE)
          break;
        v = json_node_get_double (node);
        g_ptr_array_add (names, g_strdup (path));
        g_array_append_val (values, v);
        break;
      }
    case JSON_NODE_NULL:
    default:
      break;
    }
}

gboolean
mf_sweep_in_part (guint j, guint index, guint count)
{
  return count == 0 || j % count == index;
}

gboolean
mf_sweep_job_read (MfSweepJob *job, const char *run_dir, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *summary = g_build_filename (run_dir, "summary.json", NULL);

  if (!json_parser_load_from_file (parser, summary, error))
    return FALSE;
  job->done = TRUE;
  job->names = g_ptr_array_new_with_free_func (g_free);
  job->values = g_array_new (FALSE, FALSE, sizeof (double));
  collect_leaves (json_parser_get_root (parser), "", job->names, job->values);
  return TRUE;
}

/* Send @job's figures, VALUE in %.17g so that the double comes back bit
 * for bit (and equal to what mf_sweep_job_read gives in a merge).  A name
 * never holds a tab or a newline: they are not in keys of summary.json,
 * whose names are msgflow's or valid object names. */
static void
send_leaves (FILE *out, const MfSweepJob *job)
{
  for (guint i = 0; i < job->names->len; i++)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (number, sizeof number, "%.17g", g_array_index (job->values, double, i));
      fprintf (out, "%s\t%s\n", (const char *) g_ptr_array_index (job->names, i), number);
    }
}

/* Run job @j and write its folder; FALSE with the error of a failed run. */
static gboolean
run_job (const MfSweepRun *run, guint j, FILE *out, GError **error)
{
  guint point = j / run->n_replications, rep = j % run->n_replications;
  const MfTopology *topo = g_ptr_array_index (run->topos, point);
  const char *text = g_ptr_array_index (run->texts, point);
  MfRunOptions options = run->base;
  g_autoptr (MfRunResult) result = NULL;
  g_autoptr (MfResultDir) rd = NULL;
  g_autofree char *name = mf_sweep_run_name (point, rep);
  g_autofree char *dir = g_build_filename (run->work_dir, "runs", name, NULL);
  MfSweepJob job = { 0 };
  gint64 start = g_get_monotonic_time ();

  options.replication = rep;
  if (options.duration_us < 0)
    options.duration_us = topo->org.duration_us;
  if (options.warmup_us < 0)
    options.warmup_us = topo->org.warmup_us;
  options.sample_interval_us = topo->org.sample_interval_us;
  result = mf_transport_run (topo, &options, error);
  if (result == NULL)
    return FALSE;
  if (!result->complete)
    {
      fprintf (out, "STOPPED %u\n\n", j);
      return TRUE;
    }
  result->wall_s = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  rd = mf_result_dir_begin (dir, error);
  if (rd == NULL
      || !mf_result_dir_write_file (rd, "topology.topo", text, -1, error)
      || !mf_output_write_set (rd, topo, result, NULL, error)
      || !mf_result_dir_commit (rd, error))
    return FALSE;
  if (!mf_sweep_job_read (&job, dir, error))
    return FALSE;
  fprintf (out, "OK %u\n", j);
  send_leaves (out, &job);
  fputc ('\n', out);
  job_clear (&job);
  return TRUE;
}

static void G_GNUC_NORETURN
worker_main (const MfSweepRun *run, int in_fd, int out_fd)
{
  FILE *in = fdopen (in_fd, "r");
  FILE *out = fdopen (out_fd, "w");
  char line[64];

  if (in == NULL || out == NULL)
    _exit (1);
  while (fgets (line, sizeof line, in) != NULL)
    {
      g_autoptr (GError) error = NULL;
      guint j = (guint) g_ascii_strtoull (line, NULL, 10);
      if (!run_job (run, j, out, &error))
        {
          g_strdelimit (error->message, "\n", ' ');
          fprintf (out, "FAIL %u %s\n\n", j, error->message);
        }
      if (fflush (out) != 0)
        _exit (1);
    }
  /* _exit: the parent's cleanups and atexit handlers are the parent's. */
  _exit (0);
}

/* ------------------------------------------------------------ parent */

typedef struct {
  pid_t pid;
  int to_fd;     /* job numbers; -1 once closed */
  int from_fd;   /* results; -1 at end of file */
  GString *buf;
  gint64 job;    /* the job it runs, -1 when idle */
} Worker;

static gboolean
start_worker (const MfSweepRun *run, Worker *w, GError **error)
{
  int to[2], from[2];

  if (pipe (to) != 0)
    goto fail;
  if (pipe (from) != 0)
    {
      close (to[0]);
      close (to[1]);
      goto fail;
    }
  fflush (stdout);
  fflush (stderr);
  w->pid = fork ();
  if (w->pid < 0)
    {
      close (to[0]);
      close (to[1]);
      close (from[0]);
      close (from[1]);
      goto fail;
    }
  if (w->pid == 0)
    {
      close (to[1]);
      close (from[0]);
      worker_main (run, to[0], from[1]);
    }
  close (to[0]);
  close (from[1]);
  w->to_fd = to[1];
  w->from_fd = from[0];
  w->buf = g_string_new (NULL);
  w->job = -1;
  return TRUE;
fail:
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
               "cannot start a worker: %s", g_strerror (errno));
  return FALSE;
}

static gboolean
send_job (Worker *w, guint j)
{
  char line[32];
  int n = g_snprintf (line, sizeof line, "%u\n", j);

  w->job = j;
  return write (w->to_fd, line, (size_t) n) == n;
}

static void
close_to (Worker *w)
{
  if (w->to_fd >= 0)
    close (w->to_fd);
  w->to_fd = -1;
}

/* One message "HEAD\n...\n\n" of @w's buffer, if complete: the job is
 * filled in.  Returns the job number, -1 when no message is complete yet. */
static gint64
take_message (Worker *w, GArray *jobs, guint n_replications, GError **error)
{
  char *end = strstr (w->buf->str, "\n\n");
  g_auto (GStrv) lines = NULL;
  guint j;
  char *rest = NULL;

  if (end == NULL)
    return -1;
  /* "OK J\n\n" with no figures: the head line ends at the blank line. */
  *end = '\0';
  lines = g_strsplit (w->buf->str, "\n", -1);
  g_string_erase (w->buf, 0, end - w->buf->str + 2);
  if (g_str_has_prefix (lines[0], "OK "))
    {
      MfSweepJob *job;
      j = (guint) g_ascii_strtoull (lines[0] + 3, NULL, 10);
      if (j >= jobs->len)
        {
          /* Not a job of ours: the worker is out of step; stop rather
           * than wait for it. */
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "a worker sent an unknown job %u", j);
          return -1;
        }
      job = &g_array_index (jobs, MfSweepJob, j);
      job->done = TRUE;
      job->names = g_ptr_array_new_with_free_func (g_free);
      job->values = g_array_new (FALSE, FALSE, sizeof (double));
      for (int i = 1; lines[i] != NULL; i++)
        {
          char *tab = strchr (lines[i], '\t');
          double v;
          if (tab == NULL)
            continue;
          *tab = '\0';
          v = g_ascii_strtod (tab + 1, NULL);
          g_ptr_array_add (job->names, g_strdup (lines[i]));
          g_array_append_val (job->values, v);
        }
      return j;
    }
  if (g_str_has_prefix (lines[0], "STOPPED "))
    return (gint64) g_ascii_strtoull (lines[0] + 8, NULL, 10);
  j = (guint) g_ascii_strtoull (lines[0] + 5, &rest, 10);
  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "point %u, replication %u: %s",
                 j / n_replications, j % n_replications,
                 rest != NULL && *rest == ' ' ? rest + 1 : lines[0]);
  return j;
}

gboolean
mf_sweep_run (const MfSweepRun *run, GArray **jobs_out, GError **error)
{
  guint n_jobs = run->topos->len * run->n_replications;
  /* Part p of N: jobs p, p + N, p + 2N, ...  */
  guint step = run->part_count == 0 ? 1 : run->part_count;
  guint first = run->part_count == 0 ? 0 : run->part_index;
  guint total = first < n_jobs ? (n_jobs - first + step - 1) / step : 0;
  guint n_workers = MAX (1, MIN (run->n_workers, total));
  g_autofree Worker *workers = g_new0 (Worker, n_workers);
  g_autofree struct pollfd *fds = g_new0 (struct pollfd, n_workers);
  g_autofree int *fd_worker = g_new0 (int, n_workers);
  GArray *jobs = g_array_new (FALSE, TRUE, sizeof (MfSweepJob));
  guint next = first, finished = 0, started = 0;
  gboolean stopping = FALSE, ok = TRUE;
  struct sigaction ignore, old_pipe;
  GError *failure = NULL;

  g_array_set_size (jobs, n_jobs);
  *jobs_out = jobs;
  /* A worker that died must not take the parent with it on the next
   * write: EPIPE instead of SIGPIPE. */
  memset (&ignore, 0, sizeof ignore);
  ignore.sa_handler = SIG_IGN;
  sigaction (SIGPIPE, &ignore, &old_pipe);

  for (guint w = 0; w < n_workers; w++)
    {
      if (!start_worker (run, &workers[w], &failure))
        break;
      started++;
      if (next < n_jobs && !send_job (&workers[w], next))
        close_to (&workers[w]);
      next += step;
    }
  for (;;)
    {
      int n_fds = 0, sig;

      if (!stopping && failure == NULL && (sig = run->stop_check (run->data)) >= 0)
        {
          stopping = TRUE;
          for (guint w = 0; w < started; w++)
            {
              close_to (&workers[w]);
              if (sig > 0 && workers[w].job >= 0)
                kill (workers[w].pid, sig);
            }
        }
      for (guint w = 0; w < started; w++)
        if (workers[w].from_fd >= 0)
          {
            fds[n_fds].fd = workers[w].from_fd;
            fds[n_fds].events = POLLIN;
            fds[n_fds].revents = 0;
            fd_worker[n_fds++] = (int) w;
          }
      if (n_fds == 0)
        break;
      if (poll (fds, (nfds_t) n_fds, STOP_CHECK_PERIOD_MS) < 0 && errno != EINTR)
        break;
      for (int i = 0; i < n_fds; i++)
        {
          Worker *w = &workers[fd_worker[i]];
          char buf[65536];
          ssize_t got;
          gint64 j;

          if (fds[i].revents == 0)
            continue;
          got = read (w->from_fd, buf, sizeof buf);
          if (got < 0 && errno == EINTR)
            continue;
          if (got <= 0)
            {
              /* The worker is gone: its job, if any, is lost. */
              if (w->job >= 0 && !stopping && failure == NULL)
                g_set_error (&failure, G_IO_ERROR, G_IO_ERROR_FAILED,
                             "job %" G_GINT64_FORMAT ": the worker process ended unexpectedly", w->job);
              close (w->from_fd);
              w->from_fd = -1;
              close_to (w);
              continue;
            }
          g_string_append_len (w->buf, buf, got);
          while ((j = take_message (w, jobs, run->n_replications, &failure)) >= 0)
            {
              w->job = -1;
              if (g_array_index (jobs, MfSweepJob, j).done)
                run->progress (++finished, total, run->data);
              if (!stopping && failure == NULL && next < n_jobs)
                {
                  if (!send_job (w, next))
                    close_to (w);
                  next += step;
                }
              else
                close_to (w);
            }
        }
      if (failure != NULL && !stopping)
        {
          stopping = TRUE;
          for (guint w = 0; w < started; w++)
            close_to (&workers[w]);
        }
    }
  for (guint w = 0; w < started; w++)
    {
      int status;
      close_to (&workers[w]);
      if (workers[w].from_fd >= 0)
        close (workers[w].from_fd);
      while (waitpid (workers[w].pid, &status, 0) < 0 && errno == EINTR)
        ;
      g_string_free (workers[w].buf, TRUE);
    }
  sigaction (SIGPIPE, &old_pipe, NULL);
  /* A worker stopped by a second signal may have left a half-written run
   * folder: leftovers of processes that are gone are cleaned up. */
  for (guint j = 0; j < n_jobs; j++)
    if (!g_array_index (jobs, MfSweepJob, j).done)
      {
        g_autofree char *name = mf_sweep_run_name (j / run->n_replications, j % run->n_replications);
        g_autofree char *dir = g_build_filename (run->work_dir, "runs", name, NULL);
        mf_result_dir_recover (dir, NULL);
      }
  if (failure != NULL)
    {
      g_propagate_error (error, failure);
      ok = FALSE;
    }
  return ok;
}
