/* cmd-sweep.c — `msgflow sweep FILE --vary SPEC...`: the simulation at every
 * point of the cross product of the --vary SPECs, R replications each, on
 * -j worker processes; sweep.json and sweep.csv with 95% intervals per
 * point, and each run's own result folder under DIR/runs/PPPP-R/.
 *
 * Every point's topology is loaded before any run starts: a value the file
 * could not hold is exit 2, naming the SPEC and the value.  Exit 0 when
 * every job ran, 1 when a run failed or a file could not be written (DIR
 * stays as it was) or --time-limit or --max-memory stopped the sweep, 2 on
 * bad options or input, 130, 143, 129 after SIGINT, SIGTERM, SIGHUP (the
 * signal goes to the workers too).  A stopped sweep keeps the jobs that
 * finished and says "complete": false, as simulate does (run-stop.c).
 * DIR is one result (base/result-dir.h) whose manifest is in sweep.json.
 * --part I/N runs only the jobs of part I (sweep-run.h), marked so in
 * sweep.json for `sweep --merge` (cmd-sweep-merge.c).
 */
#define G_LOG_DOMAIN "msgflow-sweep"

#include "analyze/sweep-output.h"
#include "analyze/sweep-run.h"
#include "analyze/sweep-spec.h"
#include "base/number-format.h"
#include "base/result-dir.h"
#include "base/units.h"
#include "cli/cli.h"
#include "cli/run-stop.h"
#include "model/topology.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SWEEP_MAX_REPLICATIONS 1000
#define SWEEP_MAX_WORKERS 1024
/* The figure printed per point on stdout. */
#define SWEEP_HEADLINE "latency_s.mean"

typedef struct {
  gint64 start_us;
  gboolean draw;
  gboolean shown;
} Progress;

static int
stop_check (gpointer data)
{
  MfStopReason reason;

  (void) data;
  if (!mf_run_stop_check ())
    return -1;
  reason = mf_run_stop_reason ();
  /* A signal is passed on (a terminal's Ctrl-C reaches them already; kill
   * PID does not); the workers see the limits themselves. */
  switch (reason)
    {
    case MF_STOP_SIGINT: return SIGINT;
    case MF_STOP_SIGTERM: return SIGTERM;
    case MF_STOP_SIGHUP: return SIGHUP;
    default: return 0;
    }
}

static void
show_progress (guint done, guint total, gpointer data)
{
  Progress *p = data;
  double elapsed = (double) (g_get_monotonic_time () - p->start_us) / G_USEC_PER_SEC;
  g_autofree char *e = mf_format_duration ((gint64) elapsed * MF_US_PER_SECOND);
  g_autofree char *left = mf_format_duration ((gint64) (elapsed / done * (total - done)) * MF_US_PER_SECOND);

  if (!p->draw)
    return;
  fprintf (stderr, "\r\033[Ksweep: %u/%u jobs done, elapsed %s, about %s left", done, total, e, left);
  fflush (stderr);
  p->shown = TRUE;
}

/* Worker side: options.progress and .poll check --time-limit, the memory
 * and the signals of the worker process. */
static void
run_progress (gint64 now_us, gint64 end_us, guint64 events, gpointer data)
{
  (void) now_us, (void) end_us, (void) events, (void) data;
  mf_run_stop_check ();
}

static void
run_poll (gpointer data)
{
  (void) data;
  mf_run_stop_check ();
}

static int
duration_option (const char *name, const char *text, gint64 *us)
{
  g_autoptr (GError) error = NULL;

  if (text == NULL || mf_parse_duration (text, us, &error))
    return MF_EXIT_OK;
  g_autofree char *message = g_strdup_printf ("--%s %s: %s", name, text, error->message);
  return mf_cli_usage_error ("%s", message);
}

/* --part I/N: 1 <= I <= N. */
static gboolean
parse_part (const char *text, guint *index, guint *count)
{
  guint64 i, n;
  char *end = NULL;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  i = g_ascii_strtoull (text, &end, 10);
  if (*end != '/' || !g_ascii_isdigit (end[1]))
    return FALSE;
  n = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != '\0' || i < 1 || i > n || n > G_MAXINT32)
    return FALSE;
  *index = (guint) i;
  *count = (guint) n;
  return TRUE;
}

static int
point_error (const char *what, const char *message)
{
  fprintf (stderr, "msgflow sweep: %s: %s\n", what, message);
  return MF_EXIT_USAGE;
}

/* Load @text as the topology of a point; exit 2 naming @what. */
static int
load_point (const char *path, const char *text, const char *what, MfTopology **out,
            gint64 duration_us, gint64 warmup_us)
{
  g_autoptr (GError) error = NULL;
  MfTopology *topo = mf_topo_parse_data (path, text, strlen (text), &error);
  gint64 d, w;

  if (topo == NULL)
    return point_error (what, error->message);
  d = duration_us >= 0 ? duration_us : topo->org.duration_us;
  w = warmup_us >= 0 ? warmup_us : topo->org.warmup_us;
  if (d <= 0 || w >= d)
    {
      mf_topo_free (topo);
      return point_error (what, d <= 0 ? "the duration must be longer than 0"
                                       : "the warm-up must be shorter than the duration");
    }
  *out = topo;
  return MF_EXIT_OK;
}

/* Every value of every SPEC alone (so that an error names one SPEC and one
 * value), then every point (values that only fail together). */
static int
load_points (const char *path, const char *data, gsize len, const GPtrArray *varies,
             guint n_points, gint64 duration_us, gint64 warmup_us, GPtrArray *topos, GPtrArray *texts)
{
  g_autoptr (GError) error = NULL;
  int status;

  for (guint i = 0; i < varies->len; i++)
    {
      const MfSweepVary *v = g_ptr_array_index (varies, i);
      for (guint k = 0; k < v->values->len; k++)
        {
          const char *value = g_ptr_array_index (v->values, k);
          g_autofree char *text = mf_sweep_override (data, len, v, value, &error);
          g_autofree char *what = g_strdup_printf ("--vary %s: value %s", v->spec, value);
          g_autoptr (MfTopology) topo = NULL;
          if (text == NULL)
            {
              fprintf (stderr, "msgflow sweep: %s\n", error->message);
              return MF_EXIT_USAGE;
            }
          if ((status = load_point (path, text, what, &topo, duration_us, warmup_us)) != MF_EXIT_OK)
            return status;
        }
    }
  for (guint p = 0; p < n_points; p++)
    {
      g_autofree char *text = mf_sweep_point_text (data, len, varies, p, &error);
      GString *what = g_string_new ("point");
      MfTopology *topo = NULL;
      g_autofree char *what_text = NULL;
      for (guint i = 0; i < varies->len; i++)
        g_string_append_printf (what, " %s=%s", ((const MfSweepVary *) g_ptr_array_index (varies, i))->target,
                                mf_sweep_point_value (varies, p, i));
      what_text = g_string_free (what, FALSE);
      if (text == NULL)
        return point_error (what_text, error->message);
      if ((status = load_point (path, text, what_text, &topo, duration_us, warmup_us)) != MF_EXIT_OK)
        return status;
      g_ptr_array_add (topos, topo);
      g_ptr_array_add (texts, g_steal_pointer (&text));
    }
  return MF_EXIT_OK;
}

static int
result_dir_failure (const GError *error)
{
  fprintf (stderr, "msgflow sweep: %s\n", error->message);
  return error->domain == MF_RESULT_DIR_ERROR && error->code != MF_RESULT_DIR_ERROR_IO
           ? MF_EXIT_USAGE
           : MF_EXIT_FAILURE;
}

static void
print_points (const MfSweepInfo *info, const GArray *jobs)
{
  for (guint p = 0; p < info->n_points; p++)
    {
      g_autoptr (GPtrArray) metrics = mf_sweep_point_metrics (jobs, p, info->n_replications);
      printf ("  %4u", p);
      for (guint i = 0; i < info->varies->len; i++)
        printf ("  %s=%s", ((const MfSweepVary *) g_ptr_array_index (info->varies, i))->target,
                mf_sweep_point_value (info->varies, p, i));
      for (guint i = 0; i < metrics->len; i++)
        {
          const MfSweepMetric *m = g_ptr_array_index (metrics, i);
          if (strcmp (m->name, SWEEP_HEADLINE) != 0)
            continue;
          printf ("  %s %s", SWEEP_HEADLINE, MF_NUMBER_SIG (m->ci.mean, 4));
          if (m->ci.n >= 2)
            printf (" ± %s", MF_NUMBER_SIG (m->ci.half_width, 2));
          printf (" (n %" G_GUINT64_FORMAT ")", m->ci.n);
        }
      printf ("\n");
    }
}

int
mf_cmd_sweep (int argc, char **argv)
{
  g_auto (GStrv) vary_texts = NULL;
  g_autofree char *seed_text = NULL, *duration_text = NULL, *warmup_text = NULL;
  g_autofree char *out_dir = NULL, *time_limit_text = NULL, *part_text = NULL, *sha256 = NULL;
  gint replications = 1, n_workers = 0;
  gboolean quiet = FALSE, merge_help = FALSE;
  /* Before the work: cleanups run in reverse, so DIR.tmp-PID/ is removed
   * (unless published) last. */
  g_autoptr (MfResultDir) rd = NULL;
  GOptionEntry entries[] = {
    { "vary", 0, 0, G_OPTION_ARG_STRING_ARRAY, &vary_texts, "Vary a key: \"SECTION [NAME].KEY=V1;V2;...\" or \"...KEY=A..B step S\"; several: the cross product", "SPEC" },
    { "replications", 0, 0, G_OPTION_ARG_INT, &replications, "Replications per point (1..1000)", "R" },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &duration_text, "Simulated time (default: each point's [organization] duration)", "D" },
    { "warmup", 0, 0, G_OPTION_ARG_STRING, &warmup_text, "Statistics start after this (default: [organization] warmup)", "D" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Random seed (default: the file's [organization] seed)", "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &n_workers, "Worker processes (default: the number of cores)", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Output directory (default: out/NAME-sweep)", "DIR" },
    { "time-limit", 0, 0, G_OPTION_ARG_STRING, &time_limit_text, "Stop after this much wall-clock time, keep the finished jobs (exit 1)", "DURATION" },
    { "part", 0, 0, G_OPTION_ARG_STRING, &part_text, "Run only part I of N of the jobs (job j is in part j mod N + 1); merge the parts with --merge", "I/N" },
    { "merge", 0, 0, G_OPTION_ARG_NONE, &merge_help, "msgflow sweep --merge DIR... [--out DIR]: merge the parts of a sweep", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing on stdout", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE - simulate at every point of a parameter sweep");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) varies = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_sweep_vary_free);
  g_autoptr (GPtrArray) topos = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_topo_free);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) targets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *data = NULL;
  gsize len = 0;
  gint64 duration_us = -1, warmup_us = -1, time_limit_us = 0, start;
  guint part_index = 0, part_count = 0;
  guint64 seed = 0;
  guint n_points;
  MfSweepRun run = { 0 };
  MfSweepInfo info = { 0 };
  Progress progress = { 0 };
  GArray *jobs = NULL;
  MfStopReason stop;
  gboolean ran;
  int status;

  /* --merge is a command of its own (cmd-sweep-merge.c), with its own
   * options; it is listed above for --help only. */
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--merge") == 0)
      return mf_cmd_sweep_merge (argc, argv);
    else if (strcmp (argv[i], "--") == 0)
      break;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Writes DIR/sweep.json and DIR/sweep.csv (per point: every number of\n"
                                    "summary.json as mean and 95% Student-t half-width over the replications)\n"
                                    "and each run's folder DIR/runs/PPPP-R/.  Replication r uses the same\n"
                                    "random streams at every point.  Ctrl-C, SIGTERM, SIGHUP and --time-limit\n"
                                    "keep the finished jobs and mark the sweep incomplete (exit 130, 143, 129, 1).\n");
  status = mf_cli_parse_one_file (context, entries, &argc, &argv, "no topology file given", "give exactly one topology file");
  if (status != MF_EXIT_OK)
    return status;
  if (vary_texts == NULL || vary_texts[0] == NULL)
    return mf_cli_usage_error ("give at least one --vary SPEC");
  if (replications < 1 || replications > SWEEP_MAX_REPLICATIONS)
    return mf_cli_usage_error ("--replications must be between 1 and 1000");
  if (n_workers < 0 || n_workers > SWEEP_MAX_WORKERS)
    return mf_cli_usage_error ("-j must be between 1 and 1024");
  if (n_workers == 0)
    n_workers = (gint) MAX (1, g_get_num_processors ());
  if (seed_text != NULL && !mf_parse_uint (seed_text, 0, G_MAXINT64, &seed, &error))
    return mf_cli_usage_error ("--seed %s: %s", seed_text, error->message);
  if ((status = duration_option ("duration", duration_text, &duration_us)) != MF_EXIT_OK
      || (status = duration_option ("warmup", warmup_text, &warmup_us)) != MF_EXIT_OK
      || (status = duration_option ("time-limit", time_limit_text, &time_limit_us)) != MF_EXIT_OK)
    return status;
  if (time_limit_text != NULL && time_limit_us <= 0)
    return mf_cli_usage_error ("--time-limit must be longer than 0");
  for (int i = 0; vary_texts[i] != NULL; i++)
    {
      MfSweepVary *v = mf_sweep_vary_parse (vary_texts[i], &error);
      if (v == NULL)
        return mf_cli_usage_error ("%s", error->message);
      g_ptr_array_add (varies, v);
      if (!g_hash_table_add (targets, v->target))
        return mf_cli_usage_error ("--vary %s: %s is varied twice", v->spec, v->target);
    }
  if (part_text != NULL && !parse_part (part_text, &part_index, &part_count))
    return mf_cli_usage_error ("--part %s: give I/N with 1 <= I <= N", part_text);
  n_points = mf_sweep_n_points (varies);
  if (n_points == 0)
    return mf_cli_usage_error ("more than %d points", MF_SWEEP_MAX_POINTS);
  if ((guint64) n_points * (guint64) replications > G_MAXINT32)
    return mf_cli_usage_error ("too many jobs");
  if (part_count > n_points * (guint) replications)
    return mf_cli_usage_error ("--part %s: more parts than the %u jobs", part_text, n_points * (guint) replications);

  mf_run_stop_begin (time_limit_us, mf_run_stop_default_max_memory ());
  if (!mf_topo_read_file (argv[1], &data, &len, &error))
    {
      mf_run_stop_end ();
      fprintf (stderr, "%s\n", error->message);
      return MF_EXIT_USAGE;
    }
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  status = load_points (argv[1], data, len, varies, n_points, duration_us, warmup_us, topos, texts);
  if (status != MF_EXIT_OK)
    {
      mf_run_stop_end ();
      return status;
    }
  if (seed_text == NULL)
    seed = ((const MfTopology *) g_ptr_array_index (topos, 0))->org.seed;
  if (out_dir == NULL)
    out_dir = mf_sweep_default_out_dir (argv[1]);
  rd = mf_result_dir_begin_in (out_dir, MF_SWEEP_JSON, &error);
  if (rd == NULL)
    {
      mf_run_stop_end ();
      return result_dir_failure (error);
    }

  start = g_get_monotonic_time ();
  progress.start_us = start;
  progress.draw = isatty (STDERR_FILENO);
  run.work_dir = mf_result_dir_work_path (rd);
  run.topos = topos;
  run.texts = texts;
  run.n_replications = (guint) replications;
  run.n_workers = (guint) n_workers;
  run.part_index = part_count > 0 ? part_index - 1 : 0;
  run.part_count = part_count;
  run.base.seed = seed;
  run.base.duration_us = duration_us;
  run.base.warmup_us = warmup_us;
  run.base.interrupt = mf_run_stop_flag ();
  run.base.progress = run_progress;
  run.base.poll = run_poll;
  run.stop_check = stop_check;
  run.progress = show_progress;
  run.data = &progress;
  ran = mf_sweep_run (&run, &jobs, &error);
  mf_run_stop_end ();
  if (progress.shown)
    fputs ("\r\033[K", stderr);
  stop = mf_run_stop_reason ();
  if (!ran)
    {
      mf_sweep_jobs_free (jobs);
      fprintf (stderr, "msgflow sweep: %s\n", error->message);
      return MF_EXIT_FAILURE;
    }

  info.topology = argv[1];
  info.topology_sha256 = sha256;
  info.part_index = part_index;
  info.part_count = part_count;
  info.varies = varies;
  info.n_points = n_points;
  info.n_replications = (guint) replications;
  info.seed = seed;
  info.duration_us = duration_us;
  info.warmup_us = warmup_us;
  info.stopped = mf_run_stop_name (stop);
  info.complete = stop == MF_STOP_NONE;
  info.wall_s = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  if (!mf_sweep_write (rd, &info, jobs, &error) || !mf_result_dir_commit (rd, &error))
    {
      mf_sweep_jobs_free (jobs);
      return result_dir_failure (error);
    }
  if (!info.complete)
    fprintf (stderr, "msgflow sweep: stopped (%s); the finished jobs are kept, %s/%s says "
                     "\"complete\": false\n", info.stopped, out_dir, MF_SWEEP_JSON);
  if (!quiet)
    {
      guint done = 0;
      for (guint j = 0; j < jobs->len; j++)
        done += g_array_index (jobs, MfSweepJob, j).done ? 1 : 0;
      g_autofree char *part = part_count > 0 ? g_strdup_printf (" (part %u of %u)", part_index, part_count)
                                              : g_strdup ("");
      printf ("%s: sweep of %u points x %u replications%s, seed %" G_GUINT64_FORMAT
              ", %u of %u jobs done in %ss on %d workers\n", argv[1], n_points, replications, part,
              seed, done, jobs->len, MF_NUMBER_SIG (info.wall_s, 3), n_workers);
      print_points (&info, jobs);
      printf ("  files  %s/ (%s, %s, runs/)\n", out_dir, MF_SWEEP_JSON, MF_SWEEP_CSV);
    }
  mf_sweep_jobs_free (jobs);
  return stop != MF_STOP_NONE ? mf_run_stop_exit_status (stop) : MF_EXIT_OK;
}
