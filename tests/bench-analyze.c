/* bench-analyze.c — speed of `msgflow analyze`: N−1 over every link and
 * every server, and --k 2, on organisations of growing size.
 *
 * Two families, each run N_TRIALS times, medians printed:
 *   - gen-org (tests/gen-org.c, run from BUILD/tests): hub and spoke with
 *     5 meshed hubs and default bridgeheads — the 150-group, 1,000-server
 *     organisation of the issue, then more groups for the same servers;
 *   - "meshy": a ring plus as many random two-way links again, one named
 *     bridgehead per side, so that almost every server failure takes
 *     links down and forces recomputation (the hard case for N−1).
 * Prints, per size: load time, analysis time, scenarios (links + servers)
 * and the sources whose costs the scenarios recomputed (repaired).  Reads the wall clock,
 * which only benchmarks may do.  Asserts nothing.
 *
 * Usage: bench-analyze [BUILD_DIR]   (default "build")
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "base/igraph-util.h"

#define N_TRIALS 3
#define SEED 20240613

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / 1e6;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, int n)
{
  qsort (v, (size_t) n, sizeof (double), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The output of BUILD/tests/gen-org GROUPS SERVERS 100000 HUBS.  (transfer full) */
static char *
gen_org (const char *build, int groups, int servers, int hubs)
{
  g_autofree char *prog = g_build_filename (build, "tests", "gen-org", NULL);
  g_autofree char *g = g_strdup_printf ("%d", groups);
  g_autofree char *s = g_strdup_printf ("%d", servers);
  g_autofree char *h = g_strdup_printf ("%d", hubs);
  const char *argv[] = { prog, g, s, "100000", h, NULL };
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) (gpointer) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                     NULL, &out, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "bench-analyze: %s: %s\n", prog, error->message);
      exit (1);
    }
  return out;
}

/* Ring + random two-way links, one named bridgehead per side. */
static char *
meshy (int groups, int servers)
{
  GRand *rand = g_rand_new_with_seed (SEED);
  GString *s = g_string_new ("[organization]\nname = Meshy\n");

  for (int g = 0; g < groups; g++)
    g_string_append_printf (s, "[routing-group RG%04d]\n", g);
  for (int i = 0; i < servers; i++)
    g_string_append_printf (s, "[server EX%04d]\nrouting-group = RG%04d\nmailboxes = 100\n", i,
                            i % groups);
  for (int i = 0; i < 2 * groups; i++)
    {
      int from = i < groups ? i : g_rand_int_range (rand, 0, groups);
      int to = i < groups ? (i + 1) % groups
                          : (from + g_rand_int_range (rand, 1, groups)) % groups;
      int per_from = servers / groups + (from < servers % groups);
      int per_to = servers / groups + (to < servers % groups);
      int bh = from + groups * g_rand_int_range (rand, 0, per_from);
      int rbh = to + groups * g_rand_int_range (rand, 0, per_to);
      g_string_append_printf (s,
                              "[connector L%04d]\ntype = routing-group\nfrom = RG%04d\n"
                              "to = RG%04d\ncost = %d\nreverse = true\n"
                              "bridgeheads = EX%04d\nremote-bridgeheads = EX%04d\n",
                              i, from, to, g_rand_int_range (rand, 1, 101), bh, rbh);
    }
  g_string_append (s, "[connector Internet]\ntype = smtp\nfrom = RG0000\n"
                      "address-spaces = SMTP:* 10\n");
  g_rand_free (rand);
  return g_string_free (s, FALSE);
}

static void
run (const char *what, const char *text, int k, int trials)
{
  double load[N_TRIALS], analyze[N_TRIALS];
  gint64 scenarios = 0, rebuilt = 0, pairs = 0;
  int groups = 0, servers = 0, connectors = 0;

  for (int i = 0; i < trials; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MfTopology) topo = NULL;
      g_autoptr (MfRouter) router = NULL;
      g_autoptr (MfAnalysis) a = NULL;
      MfAnalyzeOptions o;
      double t0 = now_s (), t1;

      topo = mf_topo_parse_data ("bench.topo", text, strlen (text), &error);
      if (topo == NULL)
        {
          fprintf (stderr, "bench-analyze: %s\n", error->message);
          exit (1);
        }
      t1 = now_s ();
      load[i] = t1 - t0;
      router = mf_router_new (topo, &error);
      mf_analyze_options_init (&o);
      o.k = k;
      a = router != NULL ? mf_analyze (router, &o, &error) : NULL;
      if (a == NULL)
        {
          fprintf (stderr, "bench-analyze: %s\n", error->message);
          exit (1);
        }
      analyze[i] = now_s () - t1;
      scenarios = a->what_if->len;
      rebuilt = a->n_trees_rebuilt;
      pairs = a->n_pairs_evaluated;
      groups = topo->n_routing_groups;
      servers = topo->n_servers;
      connectors = topo->n_connectors;
    }
  printf ("  %-8s %5d groups %5d servers %5d connectors  k=%d: load %6.3f s, analyze %7.3f s"
          "  (%" G_GINT64_FORMAT " single failures",
          what, groups, servers, connectors, k, median (load, trials),
          median (analyze, trials), scenarios);
  if (k == 2)
    printf (", %" G_GINT64_FORMAT " pairs", pairs);
  printf (", %" G_GINT64_FORMAT " sources recomputed)%s\n", rebuilt,
          trials == 1 ? " [1 run]" : "");
  fflush (stdout);
}

int
main (int argc, char **argv)
{
  const char *build = argc > 1 ? argv[1] : "build";
  static const int gen_sizes[][3] = {
    { 50, 330, 5 }, { 100, 660, 5 }, { 150, 1000, 5 }, { 300, 1000, 10 }, { 600, 1000, 20 },
    { 1000, 1000, 20 },
  };
  static const int mesh_sizes[][2] = { { 50, 330 }, { 100, 660 }, { 150, 1000 }, { 200, 1000 },
                                           { 600, 1000 }, { 1000, 1000 } };
  static const int k2_sizes[][3] = { { 20, 60, 4 }, { 40, 150, 4 } };

  mf_igraph_init ();
  printf ("N-1 analysis (median of %d runs; the whole process's goals: 150 groups under 0.1 s, "
          "600 under 0.8 s, 1,000 under 2 s)\n", N_TRIALS);
  for (gsize i = 0; i < G_N_ELEMENTS (gen_sizes); i++)
    {
      g_autofree char *text = gen_org (build, gen_sizes[i][0], gen_sizes[i][1], gen_sizes[i][2]);
      run ("gen-org", text, 1, N_TRIALS);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (mesh_sizes); i++)
    {
      g_autofree char *text = meshy (mesh_sizes[i][0], mesh_sizes[i][1]);
      run ("meshy", text, 1, N_TRIALS);
    }
  printf ("Pairs of failures (--k 2)\n");
  for (gsize i = 0; i < G_N_ELEMENTS (k2_sizes); i++)
    {
      g_autofree char *text = gen_org (build, k2_sizes[i][0], k2_sizes[i][1], k2_sizes[i][2]);
      run ("gen-org", text, 2, N_TRIALS);
    }
  {
    g_autofree char *text = meshy (20, 60);
    run ("meshy", text, 2, N_TRIALS);
  }
  return 0;
}
