/* bench-routing.c — speed of route selection on a large organisation:
 * 1,000 routing groups and 3,000 connectors (1,500 two-way links: a ring
 * that keeps every group reachable, plus random links with costs 1..100),
 * one server per group (Exchange's limit is 1,000 servers) and four
 * Internet gateways.
 *
 * Measures, each N_TRIALS times, and prints the medians:
 *   - parsing the generated topology text (mf_topo_parse_data);
 *   - all-pairs trees (Dijkstra, path counts, representatives), one igraph
 *     call per source and batched;
 *   - all-pairs `routes --json` in process: a new router and view, every
 *     route written to /dev/null, then to a new file;
 *   - the same end to end: the msgflow binary next to this program run on
 *     the topology file, stdout to /dev/null, then to a new file;
 *   - next-hop queries as the simulator makes them, trees cached;
 *   - one link-state change (a connector DOWN, N_CHANGES connectors one at
 *     a time): the trees of every source for the new view, from a router
 *     that holds the old view's trees (those the change cannot affect are
 *     reused) and from an empty one, and how many trees were rebuilt.
 * Reads the wall clock, which only benchmarks may do.  Asserts nothing.
 *
 * Usage: bench-routing [GROUPS [LINKS]]   (defaults 1000 and 1500)
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/linkstate.h"
#include "analyze/routes-report.h"
#include "model/routing.h"

#define N_TRIALS 5
#define N_CHANGES 21
#define SEED 20240611

static char *
make_topology (int n_groups, int n_links)
{
  GRand *rand = g_rand_new_with_seed (SEED);
  GString *s = g_string_new ("[organization]\nname = Bench\n");

  for (int g = 0; g < n_groups; g++)
    g_string_append_printf (s, "[routing-group RG%04d]\n", g);
  /* One server per group: Exchange's limit is 1,000 servers. */
  for (int g = 0; g < n_groups; g++)
    g_string_append_printf (s, "[server RG%04d-BH0]\nrouting-group = RG%04d\n", g, g);
  /* The ring, then random links; every link is two-way (reverse = true). */
  for (int i = 0; i < n_links; i++)
    {
      int from, to;
      if (i < n_groups)
        {
          from = i;
          to = (i + 1) % n_groups;
        }
      else
        {
          from = g_rand_int_range (rand, 0, n_groups);
          to = (from + g_rand_int_range (rand, 1, n_groups)) % n_groups;
        }
      g_string_append_printf (s,
                              "[connector L%04d]\ntype = routing-group\nfrom = RG%04d\n"
                              "to = RG%04d\ncost = %d\nreverse = true\n",
                              i, from, to, g_rand_int_range (rand, 1, 101));
    }
  for (int g = 0; g < n_groups; g += n_groups / 4)
    g_string_append_printf (s,
                            "[connector NET%04d]\ntype = smtp\nfrom = RG%04d\n"
                            "bridgeheads = RG%04d-BH0\naddress-spaces = SMTP:* %d\n",
                            g, g, g, g_rand_int_range (rand, 1, 101));
  g_rand_free (rand);
  return g_string_free (s, FALSE);
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

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / 1e6;
}

static void
report (const char *what, double *times, int n)
{
  double lo = times[0], hi = times[0];
  for (int i = 1; i < n; i++)
    {
      lo = MIN (lo, times[i]);
      hi = MAX (hi, times[i]);
    }
  printf ("  %-46s median %6.3f s  (min %.3f, max %.3f, %d runs)\n", what, median (times, n), lo,
          hi, n);
}

int
main (int argc, char **argv)
{
  int n_groups = argc > 1 ? atoi (argv[1]) : 1000;
  int n_links = argc > 2 ? atoi (argv[2]) : 1500;
  g_autofree char *text = make_topology (n_groups, n_links);
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) topo = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-routing-XXXXXX", &error);
  g_autofree char *topo_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *msgflow = NULL;
  double times[N_TRIALS];
  guint64 routes = 0, bytes = 0;

  if (dir == NULL)
    g_error ("%s", error->message);
  topo_path = g_build_filename (dir, "bench.topo", NULL);
  json_path = g_build_filename (dir, "routes.json", NULL);
  if (!g_file_set_contents (topo_path, text, -1, &error))
    g_error ("%s", error->message);

  for (int i = 0; i < N_TRIALS; i++)
    {
      double t0 = now_s ();
      MfTopology *t = mf_topo_parse_data ("bench.topo", text, strlen (text), &error);
      times[i] = now_s () - t0;
      if (t == NULL)
        g_error ("%s", error->message);
      if (i == N_TRIALS - 1)
        topo = t;
      else
        mf_topo_free (t);
    }
  printf ("routing: %d routing groups, %d connectors, %d servers\n", topo->n_routing_groups,
          topo->n_connectors, topo->n_servers);
  report ("parse the topology", times, N_TRIALS);

  {
    g_autoptr (MfRouter) router = mf_router_new (topo, &error);
    g_autoptr (MfLinkState) view = mf_link_state_new (topo);
    g_assert_no_error (error);

    for (int i = 0; i < N_TRIALS; i++)
      {
        double t0 = now_s ();
        mf_router_flush_cache (router);
        for (int s = 0; s < topo->n_routing_groups; s++)
          {
            MfRouteTree *tree = mf_router_get_tree (router, view, s, 0, &error);
            g_assert_no_error (error);
            mf_route_tree_unref (tree);
          }
        times[i] = now_s () - t0;
      }
    report ("all-pairs trees, one igraph call per source", times, N_TRIALS);

    for (int i = 0; i < N_TRIALS; i++)
      {
        double t0 = now_s ();
        mf_router_flush_cache (router);
        if (!mf_router_prepare (router, view, 0, &error))
          g_error ("%s", error->message);
        times[i] = now_s () - t0;
      }
    report ("all-pairs trees, batched (mf_router_prepare)", times, N_TRIALS);

    for (int sink = 0; sink < 2; sink++)
      {
        for (int i = 0; i < N_TRIALS; i++)
          {
            MfRoutesQuery all = { -1, MF_DEST_ROUTING_GROUP, -1, NULL, 0, NULL, FALSE };
            FILE *out;
            double t0;
            g_unlink (json_path);
            t0 = now_s ();
            {
              g_autoptr (MfRouter) fresh = mf_router_new (topo, &error);
              g_autoptr (MfLinkState) v = mf_link_state_new (topo);
              out = fopen (sink == 0 ? "/dev/null" : json_path, "w");
              if (out == NULL || !mf_routes_write_json (out, fresh, v, &all, &error))
                g_error ("cannot write the routes");
              fclose (out);
            }
            times[i] = now_s () - t0;
          }
        report (sink == 0 ? "all-pairs routes --json, in process, /dev/null"
                          : "all-pairs routes --json, in process, new file",
                times, N_TRIALS);
      }
    {
      g_autofree char *json = NULL;
      gsize len = 0;
      if (g_file_get_contents (json_path, &json, &len, NULL))
        {
          bytes = len;
          for (const char *p = json; (p = strstr (p, "\"equal_cost_paths\"")) != NULL; p++)
            routes++;
        }
    }
    printf ("  %-46s %" G_GUINT64_FORMAT " routes, %.1f MB\n", "", routes, (double) bytes / 1e6);

    /* The simulator's query: a next hop from a cached tree. */
    {
      const int n_queries = 200000;
      GRand *rand = g_rand_new_with_seed (SEED);
      for (int i = 0; i < N_TRIALS; i++)
        {
          double t0 = now_s ();
          for (int q = 0; q < n_queries; q++)
            {
              MfHop hop;
              int from = g_rand_int_range (rand, 0, topo->n_routing_groups);
              MfDestination d = mf_destination_group (g_rand_int_range (rand, 0, topo->n_routing_groups));
              if (!mf_router_next_hop (router, view, from, &d, 0, g_rand_double (rand), &hop, &error))
                g_error ("%s", error->message);
            }
          times[i] = (now_s () - t0) / n_queries * 1e6;
        }
      g_rand_free (rand);
      printf ("  %-46s median %6.3f us (%d queries per run)\n", "next hop, cached trees",
              median (times, N_TRIALS), n_queries);
    }

    /* One link-state change, as every server's view takes it in the
     * simulator: all sources' trees for the view after it. */
    {
      double with_reuse[N_CHANGES], from_scratch[N_CHANGES], rebuilt[N_CHANGES];
      for (int k = 0; k < N_CHANGES; k++)
        {
          int c = (int) ((gint64) k * topo->n_connectors / N_CHANGES);
          g_autoptr (MfLinkState) after = mf_link_state_copy (view);
          guint64 misses0, misses1, reused0;
          double t0;
          mf_link_state_set_status (after, c, MF_LINK_DOWN);
          for (int pass = 0; pass < 2; pass++)
            {
              mf_router_flush_cache (router);
              if (pass == 0 && !mf_router_prepare (router, view, 0, &error))
                g_error ("%s", error->message);
              mf_router_cache_stats (router, NULL, &misses0, NULL);
              reused0 = mf_router_reused_trees (router);
              t0 = now_s ();
              for (int s = 0; s < topo->n_routing_groups; s++)
                {
                  MfRouteTree *tree = mf_router_get_tree (router, after, s, 0, &error);
                  g_assert_no_error (error);
                  mf_route_tree_unref (tree);
                }
              (pass == 0 ? with_reuse : from_scratch)[k] = (now_s () - t0) * 1e3;
              mf_router_cache_stats (router, NULL, &misses1, NULL);
              if (pass == 0)
                rebuilt[k] = (double) (misses1 - misses0 - (mf_router_reused_trees (router) - reused0));
            }
        }
      printf ("  %-46s median %6.2f ms, %.0f of %d trees rebuilt (median of %d connectors)\n",
              "one connector DOWN, old view's trees cached", median (with_reuse, N_CHANGES),
              median (rebuilt, N_CHANGES), topo->n_routing_groups, N_CHANGES);
      printf ("  %-46s median %6.2f ms\n", "one connector DOWN, every tree from scratch",
              median (from_scratch, N_CHANGES));
    }
  }

  /* End to end: the binary built next to this benchmark. */
  {
    g_autofree char *tests_dir = g_path_get_dirname (argv[0]);
    g_autofree char *build_dir = g_path_get_dirname (tests_dir);
    g_autofree char *candidate = g_build_filename (build_dir, "msgflow", NULL);
    if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
      msgflow = g_steal_pointer (&candidate);
    else if (g_file_test ("msgflow", G_FILE_TEST_IS_EXECUTABLE))
      msgflow = g_strdup ("./msgflow");
  }
  if (msgflow != NULL)
    {
      g_autofree char *routes_arg = g_strdup ("routes");
      g_autofree char *json_arg = g_strdup ("--json");
      char *args[] = { msgflow, routes_arg, topo_path, json_arg, NULL };
      for (int sink = 0; sink < 2; sink++)
        {
          for (int i = 0; i < N_TRIALS; i++)
            {
              int fd;
              GPid pid;
              int status = 0;
              double t0;
              g_unlink (json_path);
              fd = sink == 0 ? g_open ("/dev/null", O_WRONLY, 0)
                             : g_open (json_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
              t0 = now_s ();
              if (fd < 0
                  || !g_spawn_async_with_fds (NULL, args, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                              NULL, &pid, -1, fd, -1, &error))
                g_error ("cannot run %s", msgflow);
              waitpid (pid, &status, 0);
              times[i] = now_s () - t0;
              g_spawn_close_pid (pid);
              close (fd);
              if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
                g_error ("%s failed", msgflow);
            }
          report (sink == 0 ? "msgflow routes --json > /dev/null"
                            : "msgflow routes --json > new file",
                  times, N_TRIALS);
        }
    }
  g_unlink (topo_path);
  g_unlink (json_path);
  g_rmdir (dir);
  return 0;
}
