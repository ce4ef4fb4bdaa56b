/* cmd-simulate.c — `msgflow simulate FILE`: run the transport model on a
 * topology, optionally replicated, and write summary.json and the CSV
 * files (sim-output.c) into an output directory; print a short summary.
 *
 * Exit 0 when the files are written, 1 when the run fails its
 * conservation check or a file cannot be written (the first failure stops
 * the run; DIR stays as it was), or --time-limit or --max-memory stopped
 * it, 2 on bad options, a bad topology, or a DIR that is neither empty nor
 * an earlier result, 130, 143 or 129 after SIGINT, SIGTERM or SIGHUP
 * (run-stop.c).  A run stopped early still writes what it gathered, with
 * "complete": false and "stopped".  DIR is one result
 * (base/result-dir.h): written into DIR.tmp-PID/ and swapped in when
 * complete.
 * The wall clock is read here, outside the model, for the progress line
 * and the wall_s figures only; the files depend on it in nothing else.
 */
#define G_LOG_DOMAIN "msgflow-simulate"

#include "base/number-format.h"
#include "cli/cli.h"
#include "base/result-dir.h"
#include "cli/run-stop.h"
#include "report/report.h"
#include "transport/sim-output.h"
#include "transport/tracking.h"
#include "model/topology.h"
#include "transport/transport.h"
#include "base/units.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SIMULATE_MAX_REPLICATIONS 1000
/* transport.h samples every sample interval; the loader allows as many. */
#define SIMULATE_MAX_SAMPLES 1000000
/* Refresh the progress line at most this often (µs of wall time). */
#define PROGRESS_PERIOD_US (G_USEC_PER_SEC / 4)
#define BUSIEST_QUEUES 5

typedef struct {
  gint64 start_wall_us;
  gint64 last_wall_us;
  guint replication;
  guint n_replications;
  gboolean shown;
  gboolean draw;         /* stderr is a terminal */
} Progress;

/* options.poll: every few thousand events, so that memory is checked
 * before a busy simulated minute has used it all. */
static void
check_limits (gpointer user_data)
{
  (void) user_data;
  mf_run_stop_check ();
}

/* options.progress: called about every simulated minute; checks the
 * limits, and draws at most PROGRESS_PERIOD_US apart on stderr when it is
 * a terminal. */
static void
show_progress (gint64 now_us, gint64 end_us, guint64 events, gpointer user_data)
{
  Progress *p = user_data;
  gint64 wall = g_get_monotonic_time ();
  double elapsed_s = (double) (wall - p->start_wall_us) / G_USEC_PER_SEC;
  g_autofree char *now = NULL;

  mf_run_stop_check ();
  if (!p->draw || (p->shown && wall - p->last_wall_us < PROGRESS_PERIOD_US))
    return;
  p->last_wall_us = wall;
  p->shown = TRUE;
  now = mf_format_duration (now_us - now_us % MF_US_PER_SECOND);
  fputs ("\r\033[K", stderr);
  if (p->n_replications > 1)
    fprintf (stderr, "replication %u/%u  ", p->replication + 1, p->n_replications);
  fprintf (stderr, "simulated %s  %5.1f%%", now, 100.0 * (double) now_us / (double) end_us);
  if (elapsed_s > 0)
    fprintf (stderr, "  %.0f events/s", (double) events / elapsed_s);
  fflush (stderr);
}

static void
erase_progress (Progress *p)
{
  if (!p->shown)
    return;
  fputs ("\r\033[K", stderr);
  fflush (stderr);
  p->shown = FALSE;
}

/* One run with the wall clock around it.  (transfer full) NULL on error. */
static MfRunResult *
run_timed (const MfTopology *topo, MfRunOptions *options, Progress *progress, GError **error)
{
  gint64 start = g_get_monotonic_time ();
  MfRunResult *result;

  progress->start_wall_us = start;
  progress->replication = options->replication;
  result = mf_transport_run (topo, options, error);
  if (result != NULL)
    result->wall_s = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  return result;
}

/* "out/NAME" for topologies/NAME.topo, NAME made safe for a folder name
 * ("...topo" must not make "out/..": mf_result_dir_safe_name); "out/topology"
 * for stdin.  (transfer full) */
static char *
default_out_dir (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *safe = NULL;

  if (g_str_has_suffix (base, ".topo"))
    base[strlen (base) - strlen (".topo")] = '\0';
  safe = mf_result_dir_safe_name (strcmp (path, "-") == 0 ? "stdin" : base, "topology");
  return g_build_filename ("out", safe, NULL);
}

/* Why the run stopped, for people: with memory, what grew.  Static text
 * rebuilt per call is fine here: it is printed once. */
static const char *
stop_text (MfStopReason stop, const MfRunResult *r)
{
  static char text[256];

  switch (stop)
    {
    case MF_STOP_TIME_LIMIT:
      return "--time-limit reached";
    case MF_STOP_MEMORY:
      {
        gboolean address_space;
        g_autofree char *limit = mf_format_size (mf_run_stop_memory_limit (&address_space));
        g_snprintf (text, sizeof text,
                    "%s %s reached; %" G_GUINT64_FORMAT " messages in flight, %u queue "
                    "samples kept", address_space ? "80% of the address-space limit (ulimit -v),"
                                                  : "memory limit", limit,
                    r->messages.in_flight, r->queue_samples->len);
        return text;
      }
    case MF_STOP_NONE:
      return "interrupted";
    default:
      return mf_run_stop_name (stop);
    }
}

static gint
compare_busiest (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const MfRunResult *r = ((const MfRunResult *const *) user_data)[0];
  int ia = *(const int *) a, ib = *(const int *) b;
  double ma = mf_output_queue_mean_length (r, ia), mb = mf_output_queue_mean_length (r, ib);

  if (ma != mb)
    return ma > mb ? -1 : 1;
  if (r->queues[ia].max_length != r->queues[ib].max_length)
    return r->queues[ia].max_length > r->queues[ib].max_length ? -1 : 1;
  return 0; /* stable sort keeps the output order */
}

/* "5.91M": three digits and an SI prefix, for figures read at a glance. */
static void
format_magnitude (char buf[32], double v)
{
  static const struct { double scale; const char *prefix; } prefixes[] = {
    { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (fabs (v) >= prefixes[i].scale)
      {
        g_snprintf (buf, 32, "%s%s", MF_NUMBER_SIG (v / prefixes[i].scale, 3), prefixes[i].prefix);
        return;
      }
  g_snprintf (buf, 32, "%s", MF_NUMBER_SIG (v, 3));
}

static void
print_counts (const char *what, const MfCounts *c)
{
  printf ("  %-11s %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT
          " %12" G_GUINT64_FORMAT "\n",
          what, c->generated, c->delivered, c->ndr, c->in_flight);
}

static void
print_summary (const MfTopology *topo, const MfRunResult *r, const char *dir)
{
  g_autofree char *simulated = mf_format_duration (r->sim_time_us - r->sim_time_us % MF_US_PER_SECOND);
  g_autofree char *warmup = mf_format_duration (r->warmup_us);
  g_autofree int *order = mf_output_queue_order (r);
  const MfRunResult *ctx[1] = { r };
  int shown = 0;

  printf ("%s: organization %s, seed %" G_GUINT64_FORMAT ", %s simulated (warm-up %s)%s\n",
          topo->path, topo->org.name, r->seed, simulated, warmup,
          r->complete ? "" : ", INTERRUPTED");
  printf ("  %-11s %12s %12s %12s %12s\n", "", "generated", "delivered", "ndr", "in flight");
  print_counts ("messages", &r->messages);
  print_counts ("recipients", &r->recipients);
  print_counts ("notices", &r->dsn_messages);
  printf ("  delay DSNs %" G_GUINT64_FORMAT "\n", r->delay_dsns);

  if (mf_tally_count (&r->latency_s) > 0)
    printf ("  latency     mean %ss  p50 %ss  p95 %ss  p99 %ss  max %ss\n",
            MF_NUMBER_SIG (mf_tally_mean (&r->latency_s), 4),
            MF_NUMBER_SIG (mf_histogram_percentile (r->latency_hist, 50.0), 4),
            MF_NUMBER_SIG (mf_histogram_percentile (r->latency_hist, 95.0), 4),
            MF_NUMBER_SIG (mf_histogram_percentile (r->latency_hist, 99.0), 4),
            MF_NUMBER_SIG (mf_tally_max (&r->latency_s), 4));
  else
    printf ("  latency     no recipient delivered after the warm-up\n");

  printf ("  NDRs       ");
  for (int i = 0; i < MF_NDR_N_REASONS; i++)
    printf (" %s %" G_GUINT64_FORMAT "%s", mf_ndr_reason_name ((MfNdrReason) i),
            r->ndr_by_reason[i], i + 1 < MF_NDR_N_REASONS ? "," : "\n");
  printf ("  NDR codes  ");
  for (int k = 0; k < MF_NDR_N_REASONS; k++)
    {
      MfNdrReason reason = mf_ndr_reason_by_code_rank (k);
      printf (" %s %" G_GUINT64_FORMAT "%s", mf_ndr_status_code (reason), r->ndr_by_reason[reason],
              k + 1 < MF_NDR_N_REASONS ? "," : "\n");
    }

  g_qsort_with_data (order, r->n_queues, sizeof (int), compare_busiest, ctx);
  printf ("  busiest queues (time-weighted mean length, max):\n");
  for (int i = 0; i < r->n_queues && shown < BUSIEST_QUEUES; i++)
    {
      const MfQueueStats *q = &r->queues[order[i]];
      if (q->max_length == 0)
        continue;
      printf ("    %-16s %-40s %10s %8" G_GUINT64_FORMAT "\n", topo->servers[q->server].name,
              q->name, MF_NUMBER_SIG (mf_output_queue_mean_length (r, order[i]), 3),
              q->max_length);
      shown++;
    }
  if (shown == 0)
    printf ("    none: no message ever waited\n");

  printf ("  link state  %u changes, convergence %ss\n", r->link_changes->len,
          MF_NUMBER_SIG ((double) r->convergence_us / MF_US_PER_SECOND, 3));
  printf ("  events      %" G_GUINT64_FORMAT " in %ss", r->events, MF_NUMBER_SIG (r->wall_s, 3));
  if (r->wall_s > 0)
    {
      char events_per_s[32], speed[32];
      format_magnitude (events_per_s, (double) r->events / r->wall_s);
      format_magnitude (speed, (double) r->sim_time_us / MF_US_PER_SECOND / r->wall_s);
      printf (": %s events/s, %s simulated s per wall s", events_per_s, speed);
    }
  printf ("\n  files       %s/ (", dir);
  for (int i = 0; mf_output_file_names[i] != NULL; i++)
    printf ("%s%s", i > 0 ? ", " : "", mf_output_file_names[i]);
  printf (")\n");
}

static void
print_replications (const MfRepSummary *reps)
{
  printf ("replications: %u of %u, 95%% Student-t intervals (mean ± half-width):\n", reps->count,
          reps->requested);
  for (int f = 0; f < MF_REP_N_FIGURES; f++)
    {
      MfInterval ci = mf_rep_summary_interval (reps, (MfRepFigure) f);
      printf ("  %-22s %s ± %s\n", mf_rep_figure_name ((MfRepFigure) f),
              MF_NUMBER_SIG (ci.mean, 6), MF_NUMBER_SIG (ci.half_width, 3));
    }
}

/* --seed has always reported in GLib's number-parser words, and scripts
 * may match them: keep those words whatever the parser's own message. */
static int
seed_usage_error (const char *text, const GError *error)
{
  if (*text == '\0')
    return mf_cli_usage_error ("--seed %s: Empty string is not a number", text);
  if (g_error_matches (error, MF_UNITS_ERROR, MF_UNITS_ERROR_RANGE))
    return mf_cli_usage_error ("--seed %s: Number \u201c%s\u201d is out of bounds [0, %" G_GINT64_FORMAT "]",
                               text, text, G_MAXINT64);
  return mf_cli_usage_error ("--seed %s: \u201c%s\u201d is not an unsigned number", text, text);
}

static gboolean
parse_duration_option (const char *name, const char *text, gint64 *out_us, int *status)
{
  g_autoptr (GError) error = NULL;

  if (mf_parse_duration (text, out_us, &error))
    return TRUE;
  g_autofree char *message = g_strdup_printf ("--%s %s: %s", name, text, error->message);
  *status = mf_cli_usage_error ("%s", message);
  return FALSE;
}

/* The tracking log's first write error stops the run at the next event;
 * mf_tracking_log_finish then reports it. */
static void
stop_for_write_error (void)
{
  mf_run_stop_request (MF_STOP_WRITE_ERROR);
}

/* Report an error of the result folder: exit 2 for a DIR that may not be
 * replaced, else 1. */
static int
result_dir_failure (const GError *error)
{
  fprintf (stderr, "msgflow simulate: %s\n", error->message);
  return error->domain == MF_RESULT_DIR_ERROR && error->code != MF_RESULT_DIR_ERROR_IO
           ? MF_EXIT_USAGE
           : MF_EXIT_FAILURE;
}

int
mf_cmd_simulate (int argc, char **argv)
{
  g_autofree char *seed_text = NULL, *duration_text = NULL, *warmup_text = NULL;
  g_autofree char *out_dir = NULL, *time_limit_text = NULL, *max_memory_text = NULL;
  gint replications = 1;
  gboolean quiet = FALSE;
  gboolean tracking = FALSE;
  gboolean report = FALSE;
  g_autofree char *format_text = NULL;
  MfReportFormat format = MF_REPORT_PNG;
  /* Before the log, which writes into it: cleanups run in reverse, so it
   * is freed (removed unless published) after the log. */
  g_autoptr (MfResultDir) rd = NULL;
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Random seed (default: [organization] seed)", "N" },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &duration_text, "Simulated time (default: [organization] duration)", "D" },
    { "warmup", 0, 0, G_OPTION_ARG_STRING, &warmup_text, "Statistics start after this (default: [organization] warmup)", "D" },
    { "replications", 0, 0, G_OPTION_ARG_INT, &replications, "Independent replications for confidence intervals (1..1000)", "R" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Output directory (default: out/NAME)", "DIR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing on stdout", NULL },
    { "tracking", 0, 0, G_OPTION_ARG_NONE, &tracking, "Also write Exchange message tracking logs into DIR/tracking (replication 0)", NULL },
    { "report", 0, 0, G_OPTION_ARG_NONE, &report, "Then draw the report into DIR (as msgflow report DIR)", NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "Image format of --report: png (default) or svg", "FMT" },
    { "time-limit", 0, 0, G_OPTION_ARG_STRING, &time_limit_text, "Stop after this much wall-clock time and write what was gathered (exit 1)", "DURATION" },
    { "max-memory", 0, 0, G_OPTION_ARG_STRING, &max_memory_text, "Stop when the process uses this much memory (default: 80% of the physical memory or the cgroup limit, the smaller; 80% of ulimit -v is checked too) and write what was gathered (exit 1); unlimited: no check", "SIZE" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE - simulate message flow through a topology");
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) topo = NULL;
  g_autoptr (GBytes) topo_text = NULL;
  /* After the topology: cleanups run in reverse, and the log points into it. */
  g_autoptr (MfTrackingLog) tracking_log = NULL;
  g_autoptr (MfRunResult) result = NULL;
  g_autoptr (MfRepSummary) reps = NULL;
  MfRunOptions options = { 0 };
  Progress progress = { 0 };
  gint64 duration_us = -1, warmup_us = -1, time_limit_us = 0;
  guint64 max_memory = 0;
  MfStopReason stop;
  guint64 seed = 0;
  int status = MF_EXIT_OK;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Runs the discrete-event simulation and writes summary.json, queues.csv,\n"
                                    "connectors.csv, counts.csv, link-state.csv, latency-histogram.csv and\n"
                                    "queue-stats.csv into DIR.  With --replications R > 1 the files are those\n"
                                    "of replication 0 and summary.json adds 95% intervals over the R runs.\n"
                                    "Ctrl-C, SIGTERM and SIGHUP stop the run at the next event and write what\n"
                                    "was gathered (\"complete\": false, \"stopped\": the reason); exit 130, 143,\n"
                                    "129.  --time-limit and --max-memory stop it the same way, with exit 1.\n");
  status = mf_cli_parse_one_file (context, entries, &argc, &argv, "no topology file given", "give exactly one topology file");
  if (status != MF_EXIT_OK)
    return status;
  if (replications < 1 || replications > SIMULATE_MAX_REPLICATIONS)
    return mf_cli_usage_error ("--replications must be between 1 and 1000");
  if (format_text != NULL && (!report || !mf_report_format_from_string (format_text, &format)))
    return mf_cli_usage_error ("--format goes with --report and must be png or svg");
  if (seed_text != NULL && !mf_parse_uint (seed_text, 0, G_MAXINT64, &seed, &error))
    return seed_usage_error (seed_text, error);
  if (duration_text != NULL && !parse_duration_option ("duration", duration_text, &duration_us, &status))
    return status;
  if (warmup_text != NULL && !parse_duration_option ("warmup", warmup_text, &warmup_us, &status))
    return status;
  if (time_limit_text != NULL
      && (!parse_duration_option ("time-limit", time_limit_text, &time_limit_us, &status)
          || time_limit_us <= 0))
    return time_limit_us <= 0 && status == MF_EXIT_OK
               ? mf_cli_usage_error ("--time-limit must be longer than 0") : status;
  if (max_memory_text != NULL
      && (!mf_parse_size (max_memory_text, &max_memory, &error) || max_memory == 0))
    {
      g_autofree char *m = g_strdup_printf ("--max-memory %s: %s", max_memory_text,
                                            error ? error->message : "must be more than 0");
      return mf_cli_usage_error ("%s", m);
    }
  if (max_memory_text == NULL || max_memory == MF_SIZE_UNLIMITED)
    max_memory = max_memory_text == NULL ? mf_run_stop_default_max_memory () : 0;
  /* From here on a signal stops the command the same way, even while the
   * topology loads: the run then ends at its first event. */
  mf_run_stop_begin (time_limit_us, max_memory);

  status = mf_cli_load_topology_text (argv[1], &topo, &topo_text);
  if (status != MF_EXIT_OK)
    return status;

  options.seed = seed_text != NULL ? seed : topo->org.seed;
  options.duration_us = duration_us >= 0 ? duration_us : topo->org.duration_us;
  options.warmup_us = warmup_us >= 0 ? warmup_us : topo->org.warmup_us;
  options.sample_interval_us = topo->org.sample_interval_us;
  if (options.duration_us <= 0)
    return mf_cli_usage_error ("the duration must be longer than 0");
  if (options.warmup_us >= options.duration_us)
    {
      g_autofree char *w = mf_format_duration (options.warmup_us);
      g_autofree char *d = mf_format_duration (options.duration_us);
      g_autofree char *message = g_strdup_printf ("the warm-up (%s) must be shorter than the duration (%s)", w, d);
      return mf_cli_usage_error ("%s", message);
    }
  if (options.duration_us / options.sample_interval_us > SIMULATE_MAX_SAMPLES)
    return mf_cli_usage_error ("the duration is too long for the sample interval (more than 1000000 samples)");

  if (out_dir == NULL)
    out_dir = default_out_dir (argv[1]);
  /* Before the run: a DIR that may not be replaced, or cannot be written,
   * should not cost a long run. */
  rd = mf_result_dir_begin (out_dir, &error);
  if (rd == NULL)
    return result_dir_failure (error);

  if (tracking)
    {
      guint64 estimate = mf_tracking_estimate_bytes (topo, options.seed, options.duration_us);
      /* A disk filled by surprise costs more than a line of warning. */
      if (estimate > MF_TRACKING_ANNOUNCE_BYTES)
        {
          fprintf (stderr,
                   "msgflow simulate: warning: --tracking will write about %s GB of logs into "
                   "%s/tracking (about %d bytes per message)\n",
                   MF_NUMBER_SIG ((double) estimate / 1e9, 2), out_dir,
                   MF_TRACKING_BYTES_PER_MESSAGE);
        }
      tracking_log = mf_tracking_log_new (rd, topo, options.seed, &error);
      if (tracking_log == NULL)
        return result_dir_failure (error);
      /* A write error stops the run as Ctrl-C does; finish reports it. */
      mf_tracking_log_set_stop (tracking_log, stop_for_write_error);
      options.track = mf_tracking_log_record;
      options.track_data = tracking_log;
    }

  progress.n_replications = (guint) replications;
  progress.draw = isatty (STDERR_FILENO);
  options.progress = show_progress;
  options.progress_data = &progress;
  options.interrupt = mf_run_stop_flag ();
  options.poll = check_limits;

  result = run_timed (topo, &options, &progress, &error);
  /* Tracking logs describe replication 0 only. */
  options.track = NULL;
  if (tracking_log != NULL && result != NULL
      && !mf_tracking_log_finish (tracking_log, &error))
    {
      mf_run_stop_end ();
      erase_progress (&progress);
      return result_dir_failure (error);
    }
  if (result != NULL && replications > 1)
    {
      gint64 start = g_get_monotonic_time ();
      reps = mf_rep_summary_new ((guint) replications);
      if (result->complete)
        mf_rep_summary_add (reps, result);
      for (guint r = 1; r < (guint) replications && result->complete && !*mf_run_stop_flag (); r++)
        {
          g_autoptr (MfRunResult) more = NULL;
          options.replication = r;
          more = run_timed (topo, &options, &progress, &error);
          if (more == NULL)
            {
              g_prefix_error (&error, "replication %u: ", r);
              break;
            }
          if (more->complete)
            mf_rep_summary_add (reps, more);
        }
      reps->wall_s = result->wall_s + (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
    }
  mf_run_stop_end ();
  erase_progress (&progress);
  stop = mf_run_stop_reason ();
  if (result != NULL)
    result->stopped = mf_run_stop_name (stop);

  if (error != NULL)
    {
      fprintf (stderr, "msgflow simulate: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }
  if (!mf_result_dir_write_file (rd, "topology.topo", g_bytes_get_data (topo_text, NULL),
                                 (gssize) g_bytes_get_size (topo_text), &error)
      || !mf_output_write_set (rd, topo, result, reps, &error)
      || !mf_result_dir_commit (rd, &error))
    return result_dir_failure (error);
  if (!result->complete)
    {
      g_autofree char *at = mf_format_duration (result->sim_time_us - result->sim_time_us % MF_US_PER_SECOND);
      fprintf (stderr, "msgflow simulate: stopped (%s) at simulated time %s; %s/summary.json "
                       "says \"complete\": false\n", stop_text (stop, result), at,
               out_dir);
    }
  else if (reps != NULL && reps->count < reps->requested)
    fprintf (stderr, "msgflow simulate: stopped (%s) after %u of %u replications; "
                     "%s/summary.json says \"complete\": false\n",
             stop_text (stop, result), reps->count, reps->requested, out_dir);
  if (!quiet)
    {
      print_summary (topo, result, out_dir);
      if (reps != NULL)
        print_replications (reps);
    }
  fflush (stdout);
  /* After the data, as `msgflow report DIR` (its own swap): without
   * gnuplot the run's files are still all there. */
  if (report && !mf_report_write (out_dir, format, &error))
    {
      fprintf (stderr, "msgflow simulate: report: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }
  if (report && !quiet)
    printf ("  report      %s/index.html\n", out_dir);
  return stop != MF_STOP_NONE ? mf_run_stop_exit_status (stop) : MF_EXIT_OK;
}
