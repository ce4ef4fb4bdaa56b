/* bench-transport.c — the simulator's speed on two workloads (issue 5):
 *
 *  1. tests/bench/tandem.topo: about 1,000,000 messages through a Jackson
 *     tandem of three routing groups, full model and statistics on;
 *  2. the organisation of tests/gen-org.c (150 routing groups, 1,000
 *     servers, 100,000 mailboxes, 40 messages per mailbox per day), one
 *     simulated day.
 *
 * Prints figures (median of RUNS runs, and the spread); asserts nothing.
 * Whole-process timings of `msgflow simulate` are taken by tests/bench.sh.
 */
#include "transport/transport.h"
#include "base/igraph-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static MfRunResult *
run_once (const MfTopology *t, double *wall_s)
{
  g_autoptr (GError) error = NULL;
  MfRunOptions o = { 0 };
  gint64 t0;
  MfRunResult *r;

  o.seed = t->org.seed;
  o.duration_us = t->org.duration_us;
  o.warmup_us = t->org.warmup_us;
  o.sample_interval_us = t->org.sample_interval_us;
  t0 = g_get_monotonic_time ();
  r = mf_transport_run (t, &o, &error);
  *wall_s = (double) (g_get_monotonic_time () - t0) / 1e6;
  if (r == NULL)
    {
      fprintf (stderr, "bench: %s\n", error->message);
      exit (1);
    }
  return r;
}

static void
bench (const char *label, const MfTopology *t, int runs)
{
  double walls[16];
  MfRunResult *r = NULL;
  struct rusage ru;

  for (int i = 0; i < runs; i++)
    {
      if (r)
        mf_run_result_free (r);
      r = run_once (t, &walls[i]);
    }
  qsort (walls, (size_t) runs, sizeof walls[0], compare_doubles);
  getrusage (RUSAGE_SELF, &ru);
  printf ("%s\n", label);
  printf ("  messages          %" G_GUINT64_FORMAT "\n", r->messages.generated);
  printf ("  recipients        %" G_GUINT64_FORMAT "\n", r->recipients.generated);
  printf ("  events            %" G_GUINT64_FORMAT "\n", r->events);
  printf ("  mean_latency_s    %.4f\n", mf_tally_mean (&r->latency_s));
  printf ("  wall_s            %.3f (median of %d; min %.3f, max %.3f)\n", walls[runs / 2], runs,
          walls[0], walls[runs - 1]);
  printf ("  messages_per_s    %.0f\n", (double) r->messages.generated / walls[runs / 2]);
  printf ("  events_per_s      %.0f\n", (double) r->events / walls[runs / 2]);
  printf ("  peak_rss_mb       %.1f (whole process so far)\n", (double) ru.ru_maxrss / 1024.0);
  mf_run_result_free (r);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  (void) argc;
  /* gen-org sits beside this program. */
  g_autofree char *tests_dir = g_path_get_dirname (argv[0]);
  g_autofree char *gen = g_build_filename (tests_dir, "gen-org", NULL);
  g_autofree char *org_text = NULL;
  g_autoptr (MfTopology) tandem = NULL;
  g_autoptr (MfTopology) org = NULL;
  char *gen_argv[] = { gen, NULL };

  mf_igraph_init ();
  tandem = mf_topo_load_file ("tests/bench/tandem.topo", &error);
  g_assert_no_error (error);
  bench ("tandem: 3 routing groups, ~1M messages, theory 15 s", tandem, 5);

  if (!g_spawn_sync (NULL, gen_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &org_text, NULL, NULL,
                     &error))
    {
      fprintf (stderr, "bench: %s\n", error->message);
      return 1;
    }
  org = mf_topo_parse_data ("gen-org", org_text, strlen (org_text), &error);
  g_assert_no_error (error);
  bench ("org: 150 routing groups, 1000 servers, 100000 mailboxes, 1 day", org, 3);
  return 0;
}
