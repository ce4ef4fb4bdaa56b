/* test-route-reuse.c — trees carried across link-state changes
 * (model/routing.c, reuse_tree): after every change of a random sequence
 * (connectors DOWN and UP, costs up and down) on random organisations, the
 * tree of every source, whether reused or built, gives the same costs,
 * route counts, representative paths and next hops (groups and domains,
 * several draws among equal-cost routes) as a tree built from scratch; and
 * the changes do leave some trees to reuse.  Each case is a fixed seed. */
#include <glib.h>
#include <string.h>

#include "model/linkstate.h"
#include "model/routing.h"
#include "test-random-org.h"
#include "test-util.h"

static const char *const domains[] = { "mail.fabrikam.com", "example.org" };
static const double draws[] = { 0.0, 0.37, 0.99 };

static void
assert_same_tree (const MfTopology *t, MfRouteTree *a, MfRouteTree *b)
{
  g_autofree int *pa = g_new (int, (gsize) t->n_connectors + 1);
  g_autofree int *pb = g_new (int, (gsize) t->n_connectors + 1);

  for (int g = 0; g < t->n_routing_groups; g++)
    {
      MfDestination to = mf_destination_group (g);
      g_assert_cmpint (mf_route_tree_get_cost (a, g), ==, mf_route_tree_get_cost (b, g));
      g_assert_cmpuint (mf_route_tree_get_n_equal (a, g), ==, mf_route_tree_get_n_equal (b, g));
      int na = mf_route_tree_get_path (a, g, pa), nb = mf_route_tree_get_path (b, g, pb);
      g_assert_cmpint (na, ==, nb);
      for (int i = 0; i < na; i++)
        g_assert_cmpint (pa[i], ==, pb[i]);
      for (gsize k = 0; k < G_N_ELEMENTS (draws); k++)
        {
          MfHop ha, hb;
          mf_route_tree_next_hop (a, &to, draws[k], &ha);
          mf_route_tree_next_hop (b, &to, draws[k], &hb);
          g_assert_cmpint (ha.reachable, ==, hb.reachable);
          g_assert_cmpint (ha.connector, ==, hb.connector);
          g_assert_cmpint (ha.cost, ==, hb.cost);
        }
    }
  for (gsize d = 0; d < G_N_ELEMENTS (domains); d++)
    for (gsize k = 0; k < G_N_ELEMENTS (draws); k++)
      {
        MfDestination to = mf_destination_domain (domains[d]);
        MfHop ha, hb;
        mf_route_tree_next_hop (a, &to, draws[k], &ha);
        mf_route_tree_next_hop (b, &to, draws[k], &hb);
        g_assert_cmpint (ha.reachable, ==, hb.reachable);
        g_assert_cmpint (ha.connector, ==, hb.connector);
        g_assert_cmpint (ha.cost, ==, hb.cost);
        g_assert_cmpuint (ha.n_equal, ==, hb.n_equal);
      }
}

typedef struct {
  guint32 seed;
  int n_groups;
} Case;

static void
test_changes (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *text = mf_test_random_org (c->seed, c->n_groups);
  g_autoptr (MfTopology) t = mf_test_load (text);
  g_autoptr (GError) error = NULL;
  g_autoptr (MfRouter) reusing = mf_router_new (t, &error);
  g_autoptr (MfRouter) fresh = mf_router_new (t, &error);
  g_autoptr (MfLinkState) view = mf_link_state_new (t);
  g_autoptr (GRand) rng = g_rand_new_with_seed (c->seed * 7919u + 1u);
  static const int costs[] = { 1, 2, 5, 10, 50 };

  g_assert_no_error (error);
  for (int step = 0; step < 25; step++)
    {
      if (step > 0)
        {
          int k = g_rand_int_range (rng, 0, t->n_connectors);
          if (g_rand_boolean (rng))
            mf_link_state_set_status (view, k,
                                      mf_link_state_is_up (view, k) ? MF_LINK_DOWN : MF_LINK_UP);
          else
            mf_link_state_set_cost (view, k, costs[g_rand_int_range (rng, 0, G_N_ELEMENTS (costs))]);
        }
      mf_router_flush_cache (fresh);
      for (int g = 0; g < t->n_routing_groups; g++)
        {
          g_autoptr (MfRouteTree) a = mf_router_get_tree (reusing, view, g, 0, &error);
          g_autoptr (MfRouteTree) b = mf_router_get_tree (fresh, view, g, 0, &error);
          g_assert_no_error (error);
          assert_same_tree (t, a, b);
        }
    }
  /* Some changes were off most sources' routes: their trees were reused. */
  g_assert_cmpuint (mf_router_reused_trees (reusing), >, 0);
  g_assert_cmpuint (mf_router_reused_trees (fresh), ==, 0);
}

int
main (int argc, char **argv)
{
  static Case cases[24];

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cases[i].seed = 1000 + i;
      cases[i].n_groups = 8 + (int) (i * 5);
      g_autofree char *name = g_strdup_printf ("/route-reuse/seed-%u-groups-%d", cases[i].seed,
                                               cases[i].n_groups);
      g_test_add_data_func (name, &cases[i], test_changes);
    }
  return g_test_run ();
}
