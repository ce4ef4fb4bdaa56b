/* test-routing.c — route selection (routing.h); the `routes` outputs are
 * tested in test-routes-report.c.
 *
 * Hand-computed cases first: Microsoft's example, equal-cost routes at
 * connector level, one-way connectors, unreachable pairs, scope, a specific
 * address space beating a cheaper generic one (and no fall-back when it is
 * down), size limits, servers down, the rejections `trace` will print and
 * uniform choice among equal-cost routes.  Then a property test: on
 * hundreds of random topologies with random states and sizes, every pair's
 * cost, representative path and number of equal-cost routes must equal an
 * independent brute force written here (Bellman–Ford plus path counting,
 * and for small graphs an enumeration of every simple path), never igraph.
 */
#include "base/igraph-util.h"
#include "model/linkstate.h"
#include "model/routing.h"
#include "test-util.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

static MfRoute *
route_to_group (MfRouter *r, const MfLinkState *v, const char *from, const char *to,
                guint64 size, MfRouteFlags flags)
{
  const MfTopology *t = mf_router_get_topology (r);
  g_autoptr (GError) error = NULL;
  MfDestination d = mf_destination_group (mf_test_routing_group (t, to));
  MfRoute *route = mf_route (r, v, mf_test_routing_group (t, from), &d, size, flags, &error);
  g_assert_no_error (error);
  g_assert_nonnull (route);
  return route;
}

static MfRoute *
route_to_domain (MfRouter *r, const MfLinkState *v, const char *from, const char *domain,
                 guint64 size, MfRouteFlags flags)
{
  const MfTopology *t = mf_router_get_topology (r);
  g_autoptr (GError) error = NULL;
  MfDestination d = mf_destination_domain (domain);
  MfRoute *route = mf_route (r, v, mf_test_routing_group (t, from), &d, size, flags, &error);
  g_assert_no_error (error);
  g_assert_nonnull (route);
  return route;
}

/* "G1 -[C1]-> G2 -[C2]-> G3": the representative route, for comparisons. */
static char *
describe (const MfTopology *t, const MfRoute *route)
{
  GString *s = g_string_new (NULL);

  if (!route->reachable)
    return g_string_free (s, FALSE);
  g_string_append (s, t->routing_groups[route->path[0]].name);
  for (int i = 0; i < route->n_connectors; i++)
    g_string_append_printf (s, " -[%s]-> %s", t->connectors[route->connectors[i]].name,
                            i + 1 < route->n_path ? t->routing_groups[route->path[i + 1]].name
                                                  : route->domain);
  return g_string_free (s, FALSE);
}

static void
assert_route (const MfTopology *t, const MfRoute *route, int want_cost, guint64 want_equal,
              const char *want_path)
{
  g_autofree char *path = describe (t, route);
  g_assert_true (route->reachable);
  g_assert_cmpint (route->cost, ==, want_cost);
  g_assert_cmpuint (route->n_equal, ==, want_equal);
  g_assert_cmpstr (path, ==, want_path);
}

static void
assert_unreachable (const MfRoute *route)
{
  g_assert_false (route->reachable);
  g_assert_cmpint (route->cost, ==, -1);
  g_assert_cmpuint (route->n_equal, ==, 0);
  g_assert_cmpint (route->n_path, ==, 0);
  g_assert_cmpint (route->n_connectors, ==, 0);
}

/* The rejection of @connector, or NULL. */
static const MfRejection *
find_rejection (const MfRoute *route, int connector)
{
  g_assert_nonnull (route->rejections);
  for (guint i = 0; i < route->rejections->len; i++)
    if (g_array_index (route->rejections, MfRejection, i).connector == connector)
      return &g_array_index (route->rejections, MfRejection, i);
  return NULL;
}

static void
assert_rejected (const MfTopology *t, const MfRoute *route, const char *connector,
                 MfRejectReason reason, int cost)
{
  const MfRejection *rj = find_rejection (route, mf_test_connector (t, connector));
  if (rj == NULL)
    g_error ("%s is not rejected", connector);
  g_assert_cmpstr (mf_reject_reason_name (rj->reason), ==, mf_reject_reason_name (reason));
  g_assert_cmpint (rj->cost, ==, cost);
}

/* ------------------------------------------------------------ examples */

#define MS_EXAMPLE \
  "[organization]\nname = MS\n" \
  "[routing-group Seattle]\n[routing-group London]\n[routing-group Brussels]\n[routing-group Tokyo]\n" \
  "[server SEA1]\nrouting-group = Seattle\n[server LON1]\nrouting-group = London\n" \
  "[server BRU1]\nrouting-group = Brussels\n[server TYO1]\nrouting-group = Tokyo\n" \
  "[connector SEA-LON]\ntype = routing-group\nfrom = Seattle\nto = London\ncost = 10\nreverse = true\n" \
  "[connector LON-BRU]\ntype = routing-group\nfrom = London\nto = Brussels\ncost = 10\nreverse = true\n" \
  "[connector SEA-TYO]\ntype = routing-group\nfrom = Seattle\nto = Tokyo\ncost = 10\nreverse = true\n" \
  "[connector TYO-BRU]\ntype = routing-group\nfrom = Tokyo\nto = Brussels\ncost = 20\nreverse = true\n"

static void
test_microsoft_example (void)
{
  g_autoptr (MfTopology) t = mf_test_load (MS_EXAMPLE);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfRoute) normal = route_to_group (r, v, "Seattle", "Brussels", 0, MF_ROUTE_EXPLAIN);
  g_autoptr (MfRoute) back = NULL;
  g_autoptr (MfRoute) detour = NULL;

  assert_route (t, normal, 20, 1, "Seattle -[SEA-LON]-> London -[LON-BRU]-> Brussels");
  g_assert_cmpint (normal->to, ==, mf_test_routing_group (t, "Brussels"));
  g_assert_cmpint (normal->n_path, ==, 3);
  g_assert_cmpint (normal->n_connectors, ==, 2);
  /* The Tokyo path costs 30: a costlier first hop. */
  assert_rejected (t, normal, "SEA-TYO", MF_REJECT_COSTLIER, 30);
  g_assert_cmpuint (normal->rejections->len, ==, 1);

  /* London's connector is down (both directions, as an event does it). */
  mf_link_state_set_status (v, mf_test_connector (t, "LON-BRU"), MF_LINK_DOWN);
  mf_link_state_set_status (v, mf_test_connector (t, "LON-BRU (reverse)"), MF_LINK_DOWN);
  detour = route_to_group (r, v, "Seattle", "Brussels", 0, MF_ROUTE_EXPLAIN);
  assert_route (t, detour, 30, 1, "Seattle -[SEA-TYO]-> Tokyo -[TYO-BRU]-> Brussels");
  /* Why not London: LON-BRU is down; through it the route would cost 20.
   * SEA-LON still works but leads to London, from where Brussels costs
   * 40 more (London -> Seattle -> Tokyo -> Brussels). */
  assert_rejected (t, detour, "LON-BRU", MF_REJECT_DOWN, 20);
  assert_rejected (t, detour, "SEA-LON", MF_REJECT_COSTLIER, 50);
  back = route_to_group (r, v, "Brussels", "Seattle", 0, MF_ROUTE_DEFAULT);
  assert_route (t, back, 30, 1, "Brussels -[TYO-BRU (reverse)]-> Tokyo -[SEA-TYO (reverse)]-> Seattle");
  g_assert_null (back->rejections);
}

static void
test_self (void)
{
  g_autoptr (MfTopology) t = mf_test_load (MS_EXAMPLE);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfRoute) route = route_to_group (r, v, "Tokyo", "Tokyo", 0, MF_ROUTE_DEFAULT);
  g_autoptr (GArray) picked = g_array_new (FALSE, FALSE, sizeof (int));
  MfHop hop;
  MfDestination d = mf_destination_group (mf_test_routing_group (t, "Tokyo"));

  assert_route (t, route, 0, 1, "Tokyo");
  g_assert_cmpint (mf_route_pick_first (route, 0.5), ==, -1);
  mf_route_pick (route, 0.5, picked);
  g_assert_cmpuint (picked->len, ==, 0);
  g_assert_true (mf_router_next_hop (r, v, mf_test_routing_group (t, "Tokyo"), &d, 0, 0.3, &hop, NULL));
  g_assert_true (hop.reachable);
  g_assert_cmpint (hop.connector, ==, -1);
  g_assert_cmpint (hop.cost, ==, 0);
}

#define EQUAL_COST \
  "[organization]\nname = Eq\n" \
  "[routing-group A]\n[routing-group B]\n[routing-group C]\n[routing-group D]\n" \
  "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n" \
  "[server C1]\nrouting-group = C\n[server D1]\nrouting-group = D\n" \
  "[connector AB1]\ntype = routing-group\nfrom = A\nto = B\ncost = 5\n" \
  "[connector AB2]\ntype = smtp\nfrom = A\nto = B\ncost = 5\n" \
  "[connector BD]\ntype = routing-group\nfrom = B\nto = D\ncost = 5\n" \
  "[connector AC]\ntype = routing-group\nfrom = A\nto = C\ncost = 3\n" \
  "[connector CD]\ntype = x400\nfrom = C\nto = D\ncost = 7\n" \
  "[connector AD]\ntype = routing-group\nfrom = A\nto = D\ncost = 11\n"

static void
test_equal_cost (void)
{
  g_autoptr (MfTopology) t = mf_test_load (EQUAL_COST);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfRoute) ab = route_to_group (r, v, "A", "B", 0, MF_ROUTE_DEFAULT);
  g_autoptr (MfRoute) ad = route_to_group (r, v, "A", "D", 0, MF_ROUTE_EXPLAIN);
  g_autoptr (MfRoute) ad2 = NULL;

  /* Two parallel connectors of equal cost are two routes. */
  assert_route (t, ab, 5, 2, "A -[AB1]-> B");
  /* A->D costs 10 three ways: AB1 BD, AB2 BD, AC CD; AD (11) is dearer.
   * The one shown has the smallest ids read from D back: BD (id 2) < CD,
   * then AB1 < AB2. */
  assert_route (t, ad, 10, 3, "A -[AB1]-> B -[BD]-> D");
  assert_rejected (t, ad, "AD", MF_REJECT_COSTLIER, 11);
  g_assert_null (find_rejection (ad, mf_test_connector (t, "AC")));
  /* One parallel connector down: two routes left. */
  mf_link_state_set_status (v, mf_test_connector (t, "AB1"), MF_LINK_DOWN);
  ad2 = route_to_group (r, v, "A", "D", 0, MF_ROUTE_EXPLAIN);
  assert_route (t, ad2, 10, 2, "A -[AB2]-> B -[BD]-> D");
  assert_rejected (t, ad2, "AB1", MF_REJECT_DOWN, 10);
}

/* Uniform choice: sweeping u over [0, 1) gives each equal-cost route the
 * same share, exactly up to rounding; next_hop agrees with pick_first. */
static void
test_pick_uniform (void)
{
  g_autoptr (MfTopology) t = mf_test_load (EQUAL_COST);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfRoute) ad = route_to_group (r, v, "A", "D", 0, MF_ROUTE_DEFAULT);
  g_autoptr (GArray) picked = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const int n = 3000;
  MfDestination d = mf_destination_group (mf_test_routing_group (t, "D"));

  for (int i = 0; i < n; i++)
    {
      double u = (i + 0.5) / n;
      GString *key = g_string_new (NULL);
      MfHop hop;
      int cost = 0;

      mf_route_pick (ad, u, picked);
      g_assert_cmpuint (picked->len, >=, 1);
      for (guint k = 0; k < picked->len; k++)
        {
          int c = g_array_index (picked, int, k);
          g_string_append_printf (key, "%s ", t->connectors[c].name);
          cost += t->connectors[c].cost;
        }
      g_assert_cmpint (cost, ==, 10);
      g_assert_cmpint (mf_route_pick_first (ad, u), ==, g_array_index (picked, int, 0));
      g_assert_true (mf_router_next_hop (r, v, mf_test_routing_group (t, "A"), &d, 0, u, &hop, NULL));
      g_assert_cmpint (hop.connector, ==, g_array_index (picked, int, 0));
      g_assert_cmpint (hop.cost, ==, 10);
      g_assert_cmpuint (hop.n_equal, ==, 3);
      {
        char *name = g_string_free (key, FALSE);
        int count = GPOINTER_TO_INT (g_hash_table_lookup (seen, name));

        g_hash_table_insert (seen, name, GINT_TO_POINTER (count + 1));
      }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 3);
  {
    GHashTableIter it;
    gpointer k, val;
    g_hash_table_iter_init (&it, seen);
    while (g_hash_table_iter_next (&it, &k, &val))
      g_assert_cmpint (ABS (GPOINTER_TO_INT (val) - n / 3), <=, 1);
  }
  /* Out-of-range numbers are clamped, not trusted. */
  g_assert_cmpint (mf_route_pick_first (ad, -1.0), >=, 0);
  g_assert_cmpint (mf_route_pick_first (ad, 7.0), >=, 0);
}

static void
test_one_way (void)
{
  g_autoptr (MfTopology) t = mf_test_load ("[organization]\nname = O\n"
                                   "[routing-group A]\n[routing-group B]\n[routing-group Island]\n"
                                   "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
                                   "[server I1]\nrouting-group = Island\n"
                                   "[connector AB]\ntype = routing-group\nfrom = A\nto = B\ncost = 4\n");
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfRoute) ab = route_to_group (r, v, "A", "B", 0, MF_ROUTE_DEFAULT);
  g_autoptr (MfRoute) ba = route_to_group (r, v, "B", "A", 0, MF_ROUTE_EXPLAIN);
  g_autoptr (MfRoute) ai = route_to_group (r, v, "A", "Island", 0, MF_ROUTE_EXPLAIN);
  g_autoptr (GArray) picked = g_array_new (FALSE, FALSE, sizeof (int));
  MfHop hop;
  MfDestination d = mf_destination_group (mf_test_routing_group (t, "A"));

  assert_route (t, ab, 4, 1, "A -[AB]-> B");
  /* A connector carries mail only out of its own group. */
  assert_unreachable (ba);
  g_assert_cmpint (ba->to, ==, mf_test_routing_group (t, "A"));
  g_assert_cmpuint (ba->rejections->len, ==, 0);
  assert_unreachable (ai);
  /* AB leaves A but leads nowhere near the island. */
  assert_rejected (t, ai, "AB", MF_REJECT_UNREACHABLE, -1);
  g_assert_cmpint (mf_route_pick_first (ba, 0.5), ==, -1);
  mf_route_pick (ba, 0.5, picked);
  g_assert_cmpuint (picked->len, ==, 0);
  g_assert_true (mf_router_next_hop (r, v, mf_test_routing_group (t, "B"), &d, 0, 0.5, &hop, NULL));
  g_assert_false (hop.reachable);
  g_assert_cmpint (hop.connector, ==, -1);
  g_assert_cmpint (hop.cost, ==, -1);
}

#define SCOPED \
  "[organization]\nname = S\n" \
  "[routing-group HQ]\n[routing-group Paris]\n[routing-group Berlin]\n" \
  "[server HQ1]\nrouting-group = HQ\n[server PAR1]\nrouting-group = Paris\n" \
  "[server BER1]\nrouting-group = Berlin\n" \
  "[connector HQ-PAR]\ntype = routing-group\nfrom = HQ\nto = Paris\ncost = 10\nreverse = true\n" \
  "[connector HQ-BER]\ntype = routing-group\nfrom = HQ\nto = Berlin\ncost = 10\nreverse = true\n" \
  "[connector HQ-Internet]\ntype = smtp\nfrom = HQ\naddress-spaces = SMTP:* 20\n" \
  "[connector PAR-ISP]\ntype = smtp\nfrom = Paris\naddress-spaces = SMTP:* 1\nscope = routing-group\n"

static void
test_scope (void)
{
  g_autoptr (MfTopology) t = mf_test_load (SCOPED);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfRoute) paris = route_to_domain (r, v, "Paris", "adatum.com", 0, MF_ROUTE_EXPLAIN);
  g_autoptr (MfRoute) berlin = route_to_domain (r, v, "Berlin", "adatum.com", 0, MF_ROUTE_EXPLAIN);
  g_autoptr (MfRoute) hq = NULL;

  /* Paris uses its own scoped connector; path = [Paris], connectors end
   * with the SMTP connector. */
  assert_route (t, paris, 1, 1, "Paris -[PAR-ISP]-> adatum.com");
  g_assert_cmpint (paris->to, ==, mf_test_routing_group (t, "Paris"));
  g_assert_cmpint (paris->n_path, ==, 1);
  g_assert_cmpint (paris->n_connectors, ==, 1);
  g_assert_cmpint (paris->specificity, ==, 0);
  assert_rejected (t, paris, "HQ-Internet", MF_REJECT_COSTLIER, 30);
  /* Berlin cannot see Paris's connector, though it would be cheaper
   * (10 + 10 + 1 = 21 < 30). */
  assert_route (t, berlin, 30, 1, "Berlin -[HQ-BER (reverse)]-> HQ -[HQ-Internet]-> adatum.com");
  assert_rejected (t, berlin, "PAR-ISP", MF_REJECT_SCOPE, -1);
  /* With HQ's connector down, Berlin has no route (the scoped one stays
   * invisible); Paris is unaffected. */
  mf_link_state_set_status (v, mf_test_connector (t, "HQ-Internet"), MF_LINK_DOWN);
  hq = route_to_domain (r, v, "Berlin", "adatum.com", 0, MF_ROUTE_EXPLAIN);
  assert_unreachable (hq);
  g_assert_cmpint (hq->to, ==, -1);
  assert_rejected (t, hq, "HQ-Internet", MF_REJECT_DOWN, 30);
  assert_rejected (t, hq, "PAR-ISP", MF_REJECT_SCOPE, -1);
}

#define SPECIFIC \
  "[organization]\nname = Sp\n" \
  "[routing-group Near]\n[routing-group Far]\n" \
  "[server N1]\nrouting-group = Near\n[server F1]\nrouting-group = Far\n" \
  "[connector N-F]\ntype = routing-group\nfrom = Near\nto = Far\ncost = 50\nreverse = true\n" \
  "[connector N-Net]\ntype = smtp\nfrom = Near\naddress-spaces = SMTP:* 1\n" \
  "[connector F-Fab]\ntype = smtp\nfrom = Far\naddress-spaces = SMTP:*.fabrikam.com 10, SMTP:fabrikam.com 10\n" \
  "[connector F-Fab2]\ntype = smtp\nfrom = Far\naddress-spaces = SMTP:*.fabrikam.com 10\nmax-message-size = 1MB\n"

static void
test_specific_beats_cheaper (void)
{
  g_autoptr (MfTopology) t = mf_test_load (SPECIFIC);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfRoute) fab = route_to_domain (r, v, "Near", "sales.fabrikam.com", 0, MF_ROUTE_EXPLAIN);
  g_autoptr (MfRoute) exact = route_to_domain (r, v, "Near", "fabrikam.com", 0, MF_ROUTE_DEFAULT);
  g_autoptr (MfRoute) other = route_to_domain (r, v, "Near", "example.com", 0, MF_ROUTE_DEFAULT);
  g_autoptr (MfRoute) big = NULL;
  g_autoptr (MfRoute) down = NULL;
  g_autoptr (MfRoute) down_big = NULL;

  /* *.fabrikam.com (50 + 10) beats * (1): specificity before cost; two
   * connectors carry it at equal cost: two routes. */
  assert_route (t, fab, 60, 2, "Near -[N-F]-> Far -[F-Fab]-> sales.fabrikam.com");
  assert_rejected (t, fab, "N-Net", MF_REJECT_LESS_SPECIFIC, 1);
  assert_route (t, exact, 60, 1, "Near -[N-F]-> Far -[F-Fab]-> fabrikam.com");
  assert_route (t, other, 1, 1, "Near -[N-Net]-> example.com");
  /* A message too large for F-Fab2 leaves one route. */
  big = route_to_domain (r, v, "Near", "sales.fabrikam.com", 2 << 20, MF_ROUTE_EXPLAIN);
  assert_route (t, big, 60, 1, "Near -[N-F]-> Far -[F-Fab]-> sales.fabrikam.com");
  assert_rejected (t, big, "F-Fab2", MF_REJECT_SIZE, 60);
  /* The specific connectors down: no fall-back to SMTP:*, the mail waits. */
  mf_link_state_set_status (v, mf_test_connector (t, "F-Fab"), MF_LINK_DOWN);
  down = route_to_domain (r, v, "Near", "sales.fabrikam.com", 0, MF_ROUTE_EXPLAIN);
  assert_route (t, down, 60, 1, "Near -[N-F]-> Far -[F-Fab2]-> sales.fabrikam.com");
  mf_link_state_set_status (v, mf_test_connector (t, "F-Fab2"), MF_LINK_DOWN);
  g_clear_pointer (&down, mf_route_free);
  down = route_to_domain (r, v, "Near", "sales.fabrikam.com", 0, MF_ROUTE_EXPLAIN);
  assert_unreachable (down);
  g_assert_cmpint (down->specificity, >, 0);
  assert_rejected (t, down, "F-Fab", MF_REJECT_DOWN, 60);
  assert_rejected (t, down, "F-Fab2", MF_REJECT_DOWN, 60);
  assert_rejected (t, down, "N-Net", MF_REJECT_LESS_SPECIFIC, 1);
  /* A size limit is a restriction, like the scope: F-Fab2 cannot take a
   * 2 MB message, so with F-Fab down it does not hold the level. */
  mf_link_state_set_status (v, mf_test_connector (t, "F-Fab2"), MF_LINK_UP);
  down_big = route_to_domain (r, v, "Near", "sales.fabrikam.com", 2 << 20, MF_ROUTE_DEFAULT);
  assert_unreachable (down_big); /* F-Fab (down) still holds the level */
}

#define SIZES \
  "[organization]\nname = Sz\n" \
  "[routing-group HQ]\n[routing-group Lisbon]\n" \
  "[server HQ1]\nrouting-group = HQ\n[server HQ2]\nrouting-group = HQ\n" \
  "[server LIS1]\nrouting-group = Lisbon\n" \
  "[connector HQ-LIS]\ntype = routing-group\nfrom = HQ\nto = Lisbon\ncost = 10\n" \
  "reverse = true\nmax-message-size = 2MB\n" \
  "[connector HQ-LIS-VPN]\ntype = smtp\nfrom = HQ\nto = Lisbon\ncost = 50\n" \
  "bridgeheads = HQ1\nreverse = true\nmax-message-size = 20MB\n"

static void
test_size_limits (void)
{
  g_autoptr (MfTopology) t = mf_test_load (SIZES);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfRoute) small = route_to_group (r, v, "HQ", "Lisbon", 100 * 1024, MF_ROUTE_DEFAULT);
  g_autoptr (MfRoute) limit = route_to_group (r, v, "HQ", "Lisbon", 2 << 20, MF_ROUTE_DEFAULT);
  g_autoptr (MfRoute) big = route_to_group (r, v, "HQ", "Lisbon", (2 << 20) + 1, MF_ROUTE_EXPLAIN);
  g_autoptr (MfRoute) huge = route_to_group (r, v, "HQ", "Lisbon", 30 << 20, MF_ROUTE_EXPLAIN);
  g_autoptr (MfRoute) none = route_to_group (r, v, "HQ", "Lisbon", 0, MF_ROUTE_DEFAULT);

  assert_route (t, small, 10, 1, "HQ -[HQ-LIS]-> Lisbon");
  assert_route (t, limit, 10, 1, "HQ -[HQ-LIS]-> Lisbon"); /* the limit itself passes */
  assert_route (t, none, 10, 1, "HQ -[HQ-LIS]-> Lisbon");
  assert_route (t, big, 50, 1, "HQ -[HQ-LIS-VPN]-> Lisbon");
  assert_rejected (t, big, "HQ-LIS", MF_REJECT_SIZE, 10);
  assert_unreachable (huge);
  assert_rejected (t, huge, "HQ-LIS", MF_REJECT_SIZE, 10);
  assert_rejected (t, huge, "HQ-LIS-VPN", MF_REJECT_SIZE, 50);
}

static void
test_server_down (void)
{
  g_autoptr (MfTopology) t = mf_test_load (SIZES);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autofree gboolean *down = g_new0 (gboolean, t->n_servers);
  g_autoptr (MfRoute) before = route_to_group (r, v, "Lisbon", "HQ", 5 << 20, MF_ROUTE_DEFAULT);
  g_autoptr (MfRoute) after = NULL;
  g_autoptr (MfRoute) small = NULL;

  assert_route (t, before, 50, 1, "Lisbon -[HQ-LIS-VPN (reverse)]-> HQ");
  /* HQ1 is the VPN's only bridgehead at HQ: both directions go DOWN; the
   * RGC has HQ2 as well and stays UP. */
  down[mf_topo_find_server (t, "HQ1")] = TRUE;
  g_assert_cmpint (mf_link_state_apply_servers_down (v, down), ==, 2);
  after = route_to_group (r, v, "Lisbon", "HQ", 5 << 20, MF_ROUTE_EXPLAIN);
  assert_unreachable (after);
  assert_rejected (t, after, "HQ-LIS-VPN (reverse)", MF_REJECT_DOWN, 50);
  assert_rejected (t, after, "HQ-LIS (reverse)", MF_REJECT_SIZE, 10);
  small = route_to_group (r, v, "Lisbon", "HQ", 1024, MF_ROUTE_DEFAULT);
  assert_route (t, small, 10, 1, "Lisbon -[HQ-LIS (reverse)]-> HQ");
}

/* Trees are shared by views with the same states and costs, and a change
 * makes new ones; routes outlive a flush. */
static void
test_cache (void)
{
  g_autoptr (MfTopology) t = mf_test_load (MS_EXAMPLE);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) a = mf_link_state_new (t);
  g_autoptr (MfLinkState) b = mf_link_state_new (t);
  g_autoptr (MfRoute) kept = NULL;
  guint64 hits, misses;
  gsize bytes;

  g_clear_pointer (&kept, mf_route_free);
  kept = route_to_group (r, a, "Seattle", "Brussels", 0, MF_ROUTE_DEFAULT);
  mf_route_free (route_to_group (r, b, "Seattle", "Tokyo", 0, MF_ROUTE_DEFAULT));
  mf_router_cache_stats (r, &hits, &misses, &bytes);
  g_assert_cmpuint (misses, ==, 1);
  g_assert_cmpuint (hits, ==, 1);
  g_assert_cmpuint (bytes, >, 0);
  /* b changes: its own tree; changing back shares again. */
  mf_link_state_set_status (b, mf_test_connector (t, "LON-BRU"), MF_LINK_DOWN);
  mf_route_free (route_to_group (r, b, "Seattle", "Tokyo", 0, MF_ROUTE_DEFAULT));
  mf_link_state_set_status (b, mf_test_connector (t, "LON-BRU"), MF_LINK_UP);
  mf_route_free (route_to_group (r, b, "Seattle", "Tokyo", 0, MF_ROUTE_DEFAULT));
  mf_router_cache_stats (r, &hits, &misses, NULL);
  g_assert_cmpuint (misses, ==, 2);
  g_assert_cmpuint (hits, ==, 2);
  /* Cost changes count too. */
  mf_link_state_set_cost (b, mf_test_connector (t, "SEA-TYO"), 30);
  {
    g_autoptr (MfRoute) dear = route_to_group (r, b, "Seattle", "Tokyo", 0, MF_ROUTE_DEFAULT);
    assert_route (t, dear, 30, 1, "Seattle -[SEA-TYO]-> Tokyo");
  }
  mf_router_flush_cache (r);
  mf_router_cache_stats (r, NULL, NULL, &bytes);
  g_assert_cmpuint (bytes, ==, 0);
  /* The route still picks from its own tree. */
  g_assert_cmpint (mf_route_pick_first (kept, 0.1), ==, mf_test_connector (t, "SEA-LON"));
}

static void
test_igraph_errors (void)
{
  g_autoptr (GError) error = NULL;

  mf_igraph_init ();
  mf_igraph_init (); /* idempotent */
  g_assert_true (mf_igraph_check (IGRAPH_SUCCESS, "nothing", &error));
  g_assert_no_error (error);
  g_assert_false (mf_igraph_check (IGRAPH_ENOMEM, "Dijkstra from X", &error));
  g_assert_error (error, MF_IGRAPH_ERROR, IGRAPH_ENOMEM);
  g_assert_true (g_str_has_prefix (error->message, "Dijkstra from X: igraph: "));
  g_clear_error (&error);
  /* With the handler off, a bad call returns instead of aborting. */
  {
    igraph_t g;
    igraph_vector_int_t edges;
    igraph_vector_t weights;
    igraph_matrix_t res;
    igraph_error_t rc;
    g_assert_cmpint (igraph_vector_int_init (&edges, 2), ==, IGRAPH_SUCCESS);
    VECTOR (edges)[0] = 0;
    VECTOR (edges)[1] = 1;
    g_assert_cmpint (igraph_create (&g, &edges, 2, IGRAPH_DIRECTED), ==, IGRAPH_SUCCESS);
    g_assert_cmpint (igraph_vector_init (&weights, 1), ==, IGRAPH_SUCCESS);
    VECTOR (weights)[0] = -1; /* Dijkstra refuses negative weights */
    g_assert_cmpint (igraph_matrix_init (&res, 0, 0), ==, IGRAPH_SUCCESS);
    rc = igraph_distances_dijkstra (&g, &res, igraph_vss_1 (0), igraph_vss_all (), &weights,
                                    IGRAPH_OUT);
    g_assert_false (mf_igraph_check (rc, "Dijkstra", &error));
    g_assert_error (error, MF_IGRAPH_ERROR, IGRAPH_EINVAL);
    igraph_matrix_destroy (&res);
    igraph_vector_destroy (&weights);
    igraph_vector_int_destroy (&edges);
    igraph_destroy (&g);
  }
}

/* ------------------------------------------------------------ brute force */

#define INF G_MAXINT64

typedef struct {
  const MfTopology *t;
  const MfLinkState *v;
  guint64 size;
  int source;
  gint64 *dist;    /* Bellman–Ford */
  guint64 *count;  /* 0 = not yet computed (every reachable group has ≥ 1) */
} Brute;

static gboolean
bf_usable (const Brute *b, int c)
{
  const MfConnector *k = &b->t->connectors[c];
  return mf_link_state_is_up (b->v, c)
         && (k->max_message_size == MF_SIZE_UNLIMITED || b->size <= k->max_message_size);
}

static void
bf_run (Brute *b)
{
  int n = b->t->n_routing_groups;

  for (int g = 0; g < n; g++)
    b->dist[g] = INF;
  b->dist[b->source] = 0;
  for (int round = 0; round < n; round++)
    {
      gboolean changed = FALSE;
      for (int c = 0; c < b->t->n_connectors; c++)
        {
          const MfConnector *k = &b->t->connectors[c];
          if (k->to < 0 || !bf_usable (b, c) || b->dist[k->from] == INF)
            continue;
          gint64 d = b->dist[k->from] + mf_link_state_get_cost (b->v, c);
          if (d < b->dist[k->to])
            {
              b->dist[k->to] = d;
              changed = TRUE;
            }
        }
      if (!changed)
        break;
    }
}

static gboolean
bf_tight (const Brute *b, int c, int target)
{
  const MfConnector *k = &b->t->connectors[c];
  return k->to == target && bf_usable (b, c) && b->dist[k->from] != INF
         && b->dist[k->from] + mf_link_state_get_cost (b->v, c) == b->dist[target];
}

static guint64
bf_count (Brute *b, int g)
{
  if (b->dist[g] == INF)
    return 0;
  if (g == b->source)
    return 1;
  if (b->count[g] == 0)
    for (int c = 0; c < b->t->n_connectors; c++)
      if (bf_tight (b, c, g))
        b->count[g] += bf_count (b, b->t->connectors[c].from);
  return b->count[g];
}

/* The representative: from the target back, the smallest-id tight
 * connector each time.  Returns connectors in forward order. */
static GArray *
bf_path (const Brute *b, int g)
{
  GArray *path = g_array_new (FALSE, FALSE, sizeof (int));

  while (g != b->source)
    {
      int c = 0;
      while (!bf_tight (b, c, g))
        c++;
      g_array_prepend_val (path, c);
      g = b->t->connectors[c].from;
    }
  return path;
}

typedef struct {
  gboolean reachable;
  gint64 cost;
  guint64 n_equal;
  GArray *connectors; /* forward */
} Want;

static void
want_clear (Want *w)
{
  g_clear_pointer (&w->connectors, g_array_unref);
}

static void
bf_group (Brute *b, int target, Want *w)
{
  w->reachable = b->dist[target] != INF;
  w->cost = w->reachable ? b->dist[target] : -1;
  w->n_equal = bf_count (b, target);
  w->connectors = w->reachable ? bf_path (b, target) : NULL;
}

/* The address-space rules, written out again from routing.h. */
static void
bf_domain (Brute *b, const char *domain, Want *w)
{
  const MfTopology *t = b->t;
  int top = -1, best_c = -1;
  gint64 best = INF;
  guint64 n = 0;

  for (int pass = 0; pass < 3; pass++)
    for (int c = 0; c < t->n_connectors; c++)
      {
        const MfConnector *k = &t->connectors[c];
        int level = -1, as = 0;
        for (int a = 0; a < k->n_address_spaces; a++)
          {
            int l = mf_address_space_match (k->address_spaces[a].pattern, domain);
            if (l > level || (l == level && k->address_spaces[a].cost < as))
              {
                level = l;
                as = k->address_spaces[a].cost;
              }
          }
        if (level < 0)
          continue;
        if (k->scope == MF_SCOPE_ROUTING_GROUP && k->from != b->source)
          continue;
        if (k->max_message_size != MF_SIZE_UNLIMITED && b->size > k->max_message_size)
          continue;
        if (pass == 0)
          top = MAX (top, level);
        else if (level == top && mf_link_state_is_up (b->v, c) && b->dist[k->from] != INF)
          {
            gint64 total = b->dist[k->from] + as;
            if (pass == 1 && total < best)
              best = total;
            else if (pass == 2 && total == best)
              {
                n += bf_count (b, k->from);
                if (best_c < 0)
                  best_c = c;
              }
          }
      }
  w->reachable = best_c >= 0;
  w->cost = w->reachable ? best : -1;
  w->n_equal = n;
  w->connectors = NULL;
  if (w->reachable)
    {
      w->connectors = bf_path (b, t->connectors[best_c].from);
      g_array_append_val (w->connectors, best_c);
    }
}

static void
array_unref0 (gpointer array)
{
  if (array != NULL)
    g_array_unref (array);
}

/* For small graphs: every simple path, independently of distances. */
typedef struct {
  const Brute *b;
  gint64 *best;         /* per group */
  guint64 *n;
  GPtrArray *rep;       /* per group: GArray of the best path (forward), smallest reversed */
  GArray *stack;
  gboolean *on_path;
} Enum;

/* Is @a before @b when both are read from the end? */
static gboolean
reversed_less (const GArray *a, const GArray *b)
{
  for (guint i = 0; i < MIN (a->len, b->len); i++)
    {
      int x = g_array_index (a, int, a->len - 1 - i), y = g_array_index (b, int, b->len - 1 - i);
      if (x != y)
        return x < y;
    }
  return a->len < b->len;
}

static void
enum_from (Enum *e, int g, gint64 cost)
{
  const MfTopology *t = e->b->t;

  if (cost < e->best[g])
    {
      e->best[g] = cost;
      e->n[g] = 0;
      g_clear_pointer (&g_ptr_array_index (e->rep, g), g_array_unref);
    }
  if (cost == e->best[g])
    {
      e->n[g]++;
      GArray *cur = g_ptr_array_index (e->rep, g);
      if (cur == NULL || reversed_less (e->stack, cur))
        {
          GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (int), e->stack->len);
          g_array_append_vals (copy, e->stack->data, e->stack->len);
          if (cur != NULL)
            g_array_unref (cur);
          g_ptr_array_index (e->rep, g) = copy;
        }
    }
  e->on_path[g] = TRUE;
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      if (k->from != g || k->to < 0 || e->on_path[k->to] || !bf_usable (e->b, c))
        continue;
      g_array_append_val (e->stack, c);
      enum_from (e, k->to, cost + mf_link_state_get_cost (e->b->v, c));
      g_array_set_size (e->stack, e->stack->len - 1);
    }
  e->on_path[g] = FALSE;
}

static void
check_route (const MfTopology *t, const MfLinkState *v, const MfRoute *got, const Want *want,
             const char *what)
{
  if (got->reachable != want->reachable || got->cost != want->cost
      || got->n_equal != want->n_equal)
    g_error ("%s: got reachable %d cost %d equal %" G_GUINT64_FORMAT ", want %d %" G_GINT64_FORMAT
             " %" G_GUINT64_FORMAT, what, got->reachable, got->cost, got->n_equal,
             want->reachable, want->cost, want->n_equal);
  if (!want->reachable)
    {
      g_assert_cmpint (got->n_connectors, ==, 0);
      return;
    }
  g_assert_cmpint (got->n_connectors, ==, (int) want->connectors->len);
  for (int i = 0; i < got->n_connectors; i++)
    if (got->connectors[i] != g_array_index (want->connectors, int, i))
      g_error ("%s: connector %d is %s, want %s", what, i, t->connectors[got->connectors[i]].name,
               t->connectors[g_array_index (want->connectors, int, i)].name);
  /* The path is the connectors' groups. */
  g_assert_cmpint (got->path[0], ==, got->from);
  for (int i = 0; i + 1 < got->n_path; i++)
    {
      g_assert_cmpint (t->connectors[got->connectors[i]].from, ==, got->path[i]);
      g_assert_cmpint (t->connectors[got->connectors[i]].to, ==, got->path[i + 1]);
    }
  g_assert_cmpint (got->path[got->n_path - 1], ==, got->to);
  (void) v;
}

/* Every pick is one of the lowest-cost routes. */
static void
check_picks (const MfTopology *t, const MfLinkState *v, const MfRoute *route, GRand *rand)
{
  g_autoptr (GArray) picked = g_array_new (FALSE, FALSE, sizeof (int));

  for (int i = 0; i < 4; i++)
    {
      double u = g_rand_double (rand);
      int g = route->from, cost = 0;
      mf_route_pick (route, u, picked);
      if (!route->reachable)
        {
          g_assert_cmpuint (picked->len, ==, 0);
          continue;
        }
      for (guint k = 0; k < picked->len; k++)
        {
          int c = g_array_index (picked, int, k);
          const MfConnector *kc = &t->connectors[c];
          g_assert_true (mf_link_state_is_up (v, c));
          g_assert_cmpint (kc->from, ==, g);
          if (route->to_kind == MF_DEST_DOMAIN && k + 1 == picked->len)
            {
              int as = G_MAXINT;
              for (int a = 0; a < kc->n_address_spaces; a++)
                if (mf_address_space_match (kc->address_spaces[a].pattern, route->domain)
                    == route->specificity)
                  as = MIN (as, kc->address_spaces[a].cost);
              g_assert_cmpint (as, !=, G_MAXINT);
              cost += as;
            }
          else
            {
              cost += mf_link_state_get_cost (v, c);
              g = kc->to;
            }
        }
      g_assert_cmpint (cost, ==, route->cost);
      if (route->to_kind == MF_DEST_ROUTING_GROUP)
        g_assert_cmpint (g, ==, route->to);
      g_assert_cmpint (mf_route_pick_first (route, u), ==,
                       picked->len > 0 ? g_array_index (picked, int, 0) : -1);
    }
}

static const char *const patterns[] = { "*", "*.a.com", "a.com", "*.b.a.com", "x.a.com", "*.org" };
static const char *const domains[] = { "a.com", "x.a.com", "y.b.a.com", "z.org", "q.net" };
static const char *const sizes[] = { "unlimited", "1MB", "5MB" };
static const guint64 message_sizes[] = { 0, 2 << 20, 6 << 20 };

static char *
random_topology (GRand *rand, int n_groups, int n_connectors, int max_cost)
{
  GString *s = g_string_new ("[organization]\nname = Random\n");

  for (int g = 0; g < n_groups; g++)
    g_string_append_printf (s, "[routing-group G%d]\n", g);
  for (int g = 0; g < n_groups; g++)
    {
      /* Now and then a group without servers (never all: a file needs one). */
      int n_servers = g > 0 && g_rand_int_range (rand, 0, 10) == 0 ? 0 : g_rand_int_range (rand, 1, 3);
      for (int k = 0; k < n_servers; k++)
        g_string_append_printf (s, "[server S%d-%d]\nrouting-group = G%d\n", g, k, g);
    }
  for (int c = 0; c < n_connectors; c++)
    {
      int from = g_rand_int_range (rand, 0, n_groups);
      int to = n_groups > 1 ? (from + g_rand_int_range (rand, 1, n_groups)) % n_groups : -1;
      int kind = g_rand_int_range (rand, 0, 10);
      if (to < 0)
        kind = 9; /* one group: address spaces only */
      g_string_append_printf (s, "[connector C%d]\nfrom = G%d\n", c, from);
      if (kind < 8)
        g_string_append_printf (s, "type = %s\nto = G%d\ncost = %d\n",
                                kind < 5 ? "routing-group" : kind < 7 ? "x400" : "smtp", to,
                                g_rand_int_range (rand, 1, max_cost + 1));
      else
        g_string_append (s, "type = smtp\n");
      if ((kind >= 7 && g_rand_boolean (rand)) || kind >= 8)
        {
          /* Address spaces: one or two distinct patterns. */
          int p1 = g_rand_int_range (rand, 0, G_N_ELEMENTS (patterns));
          int p2 = (p1 + g_rand_int_range (rand, 1, G_N_ELEMENTS (patterns))) % G_N_ELEMENTS (patterns);
          g_string_append_printf (s, "address-spaces = SMTP:%s %d", patterns[p1],
                                  g_rand_int_range (rand, 1, max_cost + 1));
          if (g_rand_boolean (rand))
            g_string_append_printf (s, ", SMTP:%s %d", patterns[p2],
                                    g_rand_int_range (rand, 1, max_cost + 1));
          g_string_append_c (s, '\n');
          if (g_rand_int_range (rand, 0, 3) == 0)
            g_string_append (s, "scope = routing-group\n");
        }
      if (kind < 8 && g_rand_int_range (rand, 0, 3) == 0)
        g_string_append (s, "reverse = true\n");
      g_string_append_printf (s, "max-message-size = %s\n",
                              sizes[g_rand_int_range (rand, 0, 4) % G_N_ELEMENTS (sizes)]);
    }
  return g_string_free (s, FALSE);
}

/* What the property test covered, so that it cannot dwindle unnoticed. */
typedef struct {
  guint pairs;
  guint reachable;
  guint tied;        /* more than one lowest-cost route */
  guint domains_reachable;
  guint domains_tied;
  guint enumerated;
} Coverage;

/* All pairs and all domains of one topology and view against the brute
 * force; with @enumerate, group routes also against path enumeration. */
static void
check_all (const MfTopology *t, const MfLinkState *v, guint64 size, gboolean enumerate,
           GRand *rand, const char *label, Coverage *cov)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfRouter) r = mf_router_new (t, &error);
  int n = t->n_routing_groups;
  g_autofree gint64 *dist = g_new (gint64, n);
  g_autofree guint64 *count = g_new (guint64, n);

  g_assert_no_error (error);
  for (int s = 0; s < n; s++)
    {
      Brute b = { t, v, size, s, dist, count };
      memset (count, 0, sizeof (guint64) * (gsize) n);
      bf_run (&b);
      for (int g = 0; g < n; g++)
        {
          MfDestination d = mf_destination_group (g);
          g_autoptr (MfRoute) got = mf_route (r, v, s, &d, size, MF_ROUTE_DEFAULT, &error);
          g_autofree char *what = g_strdup_printf ("%s: G%d -> G%d", label, s, g);
          Want want = { 0 };
          MfHop hop;
          double u = g_rand_double (rand);
          g_assert_no_error (error);
          bf_group (&b, g, &want);
          check_route (t, v, got, &want, what);
          cov->pairs++;
          cov->reachable += got->reachable;
          cov->tied += got->n_equal > 1;
          check_picks (t, v, got, rand);
          g_assert_true (mf_router_next_hop (r, v, s, &d, size, u, &hop, &error));
          g_assert_cmpint (hop.connector, ==, mf_route_pick_first (got, u));
          g_assert_cmpint (hop.cost, ==, got->cost);
          g_assert_cmpuint (hop.n_equal, ==, got->n_equal);
          want_clear (&want);
        }
      for (gsize i = 0; i < G_N_ELEMENTS (domains); i++)
        {
          MfDestination d = mf_destination_domain (domains[i]);
          g_autoptr (MfRoute) got = mf_route (r, v, s, &d, size,
                                              i % 2 ? MF_ROUTE_EXPLAIN : MF_ROUTE_DEFAULT, &error);
          g_autofree char *what = g_strdup_printf ("%s: G%d -> %s", label, s, domains[i]);
          Want want = { 0 };
          MfHop hop;
          double u = g_rand_double (rand);
          g_assert_no_error (error);
          bf_domain (&b, domains[i], &want);
          check_route (t, v, got, &want, what);
          cov->domains_reachable += got->reachable;
          cov->domains_tied += got->n_equal > 1;
          check_picks (t, v, got, rand);
          g_assert_true (mf_router_next_hop (r, v, s, &d, size, u, &hop, &error));
          g_assert_cmpint (hop.connector, ==, mf_route_pick_first (got, u));
          g_assert_cmpuint (hop.n_equal, ==, got->n_equal);
          want_clear (&want);
        }
      if (enumerate)
        {
          g_autofree gint64 *best = g_new (gint64, n);
          g_autofree guint64 *npaths = g_new0 (guint64, n);
          g_autofree gboolean *on_path = g_new0 (gboolean, n);
          g_autoptr (GPtrArray) rep = g_ptr_array_new_full (n, array_unref0);
          g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (int));
          Enum e = { &b, best, npaths, rep, stack, on_path };
          for (int g = 0; g < n; g++)
            {
              best[g] = INF;
              g_ptr_array_add (rep, NULL);
            }
          enum_from (&e, s, 0);
          for (int g = 0; g < n; g++)
            {
              MfDestination d = mf_destination_group (g);
              g_autoptr (MfRoute) got = mf_route (r, v, s, &d, size, MF_ROUTE_DEFAULT, &error);
              g_autofree char *what = g_strdup_printf ("%s: G%d -> G%d (enumerated)", label, s, g);
              Want want = { best[g] != INF, best[g] != INF ? best[g] : -1, npaths[g],
                            g_ptr_array_index (rep, g) };
              check_route (t, v, got, &want, what);
              cov->enumerated++;
            }
        }
    }
}

static void
test_property (void)
{
  int n_topologies = 0;
  Coverage cov = { 0 };

  for (guint32 seed = 1; n_topologies < 300; seed++)
    {
      g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
      gboolean small = seed % 10 != 0;
      int n = small ? g_rand_int_range (rand, 1, 8) : g_rand_int_range (rand, 20, 60);
      int m = g_rand_int_range (rand, 0, 3 * n + 1);
      /* Small costs make ties, which is what counting must get right. */
      g_autofree char *text = random_topology (rand, n, m, seed % 3 == 0 ? 100 : 3);
      g_autoptr (GError) error = NULL;
      g_autoptr (MfTopology) t = mf_topo_parse_data ("random.topo", text, strlen (text), &error);
      g_autoptr (MfLinkState) v = NULL;
      g_autofree char *label = g_strdup_printf ("seed %u", seed);

      if (t == NULL)
        g_error ("seed %u: %s\n%s", seed, error->message, text);
      v = mf_link_state_new (t);
      for (int c = 0; c < t->n_connectors; c++)
        if (g_rand_int_range (rand, 0, 5) == 0)
          mf_link_state_set_status (v, c, MF_LINK_DOWN);
      check_all (t, v, message_sizes[g_rand_int_range (rand, 0, G_N_ELEMENTS (message_sizes))],
                 small, rand, label, &cov);
      n_topologies++;
    }
  g_test_message ("%d topologies: %u pairs, %u reachable, %u with ties, %u enumerated; "
                  "domains: %u reachable, %u with ties", n_topologies, cov.pairs, cov.reachable,
                  cov.tied, cov.enumerated, cov.domains_reachable, cov.domains_tied);
  g_assert_cmpuint (cov.tied, >=, 500);
  g_assert_cmpuint (cov.reachable, >=, cov.pairs / 4);
  g_assert_cmpuint (cov.enumerated, >=, 2000);
  g_assert_cmpuint (cov.domains_reachable, >=, 500);
  g_assert_cmpuint (cov.domains_tied, >=, 50);
}

/* The bundled examples too, whole and with each connector down in turn. */
static void
test_examples (void)
{
  g_autoptr (GDir) dir = g_dir_open ("topologies", 0, NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  const char *name;
  int n_files = 0;
  Coverage cov = { 0 };

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (MfTopology) t = NULL;
      if (!g_str_has_suffix (name, ".topo"))
        continue;
      path = g_build_filename ("topologies", name, NULL);
      t = mf_topo_load_file (path, &error);
      g_assert_no_error (error);
      for (int c = -1; c < t->n_connectors; c++)
        {
          g_autoptr (MfLinkState) v = mf_link_state_new (t);
          g_autofree char *label = g_strdup_printf ("%s, %s down", name,
                                                    c >= 0 ? t->connectors[c].name : "nothing");
          if (c >= 0)
            mf_link_state_set_status (v, c, MF_LINK_DOWN);
          check_all (t, v, c % 3 == 0 ? 6 << 20 : 0, t->n_routing_groups <= 8, rand, label, &cov);
        }
      n_files++;
    }
  g_assert_cmpint (n_files, >=, 3);
}

/* Path counts can exceed 64 bits: they saturate instead of wrapping. */
static void
test_count_saturates (void)
{
  GString *s = g_string_new ("[organization]\nname = Big\n");
  g_autoptr (MfTopology) t = NULL;
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfLinkState) v = NULL;
  g_autoptr (MfRoute) route = NULL;
  g_autofree char *text = NULL;
  const int layers = 70;

  /* A chain of 70 hops, each with two parallel connectors: 2^70 routes. */
  for (int g = 0; g <= layers; g++)
    g_string_append_printf (s, "[routing-group G%d]\n[server S%d]\nrouting-group = G%d\n", g, g, g);
  for (int g = 0; g < layers; g++)
    for (int k = 0; k < 2; k++)
      g_string_append_printf (s, "[connector C%d-%d]\ntype = routing-group\nfrom = G%d\nto = G%d\n",
                              g, k, g, g + 1);
  text = g_string_free (s, FALSE);
  t = mf_test_load (text);
  r = mf_router_new (t, NULL);
  v = mf_link_state_new (t);
  {
    g_autofree char *last = g_strdup_printf ("G%d", layers);
    route = route_to_group (r, v, "G0", last, 0, MF_ROUTE_DEFAULT);
  }
  g_assert_cmpint (route->cost, ==, layers);
  g_assert_cmpuint (route->n_equal, ==, G_MAXUINT64);
  g_assert_cmpint (route->n_connectors, ==, layers);
  /* Choice is no longer exactly uniform, but still a lowest-cost route. */
  {
    int first = mf_route_pick_first (route, 0.7);
    g_assert_true (first == mf_test_connector (t, "C0-0") || first == mf_test_connector (t, "C0-1"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/routing/microsoft-example", test_microsoft_example);
  g_test_add_func ("/routing/self", test_self);
  g_test_add_func ("/routing/equal-cost", test_equal_cost);
  g_test_add_func ("/routing/pick-uniform", test_pick_uniform);
  g_test_add_func ("/routing/one-way-and-unreachable", test_one_way);
  g_test_add_func ("/routing/scope", test_scope);
  g_test_add_func ("/routing/specific-beats-cheaper", test_specific_beats_cheaper);
  g_test_add_func ("/routing/size-limits", test_size_limits);
  g_test_add_func ("/routing/server-down", test_server_down);
  g_test_add_func ("/routing/cache", test_cache);
  g_test_add_func ("/routing/igraph-errors", test_igraph_errors);
  g_test_add_func ("/routing/count-saturates", test_count_saturates);
  g_test_add_func ("/routing/property-random", test_property);
  g_test_add_func ("/routing/examples", test_examples);
  return g_test_run ();
}
