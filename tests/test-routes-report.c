/* test-routes-report.c — the outputs of `msgflow routes`
 * (routes-report.h, cmd-routes.c) and the routing calls they rest on
 * (mf_route_get_equal, mf_connector_address_space).
 *
 * Hand-computed cases: the all-pairs table and JSON; one pair in full with
 * its equal-cost routes (listed in the router's enumeration, capped at
 * MF_ROUTES_MAX_EQUAL), a domain's matched address spaces, "was" after a
 * failure, and the reasons there is no route (down, size, scope, nothing
 * matches, nothing leads there), capped at MF_ROUTES_MAX_EXPLAINED; then
 * the command's usage errors.  End-to-end runs on the example topologies
 * are in routes.t.
 */
#include "base/igraph-util.h"
#include "model/linkstate.h"
#include "analyze/routes-report.h"
#include "model/routing.h"
#include "test-util.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#define MS_EXAMPLE \
  "[organization]\nname = MS\n" \
  "[routing-group Seattle]\n[routing-group London]\n[routing-group Brussels]\n[routing-group Tokyo]\n" \
  "[server SEA1]\nrouting-group = Seattle\n[server LON1]\nrouting-group = London\n" \
  "[server BRU1]\nrouting-group = Brussels\n[server TYO1]\nrouting-group = Tokyo\n" \
  "[connector SEA-LON]\ntype = routing-group\nfrom = Seattle\nto = London\ncost = 10\nreverse = true\n" \
  "[connector LON-BRU]\ntype = routing-group\nfrom = London\nto = Brussels\ncost = 10\nreverse = true\n" \
  "[connector SEA-TYO]\ntype = routing-group\nfrom = Seattle\nto = Tokyo\ncost = 10\nreverse = true\n" \
  "[connector TYO-BRU]\ntype = routing-group\nfrom = Tokyo\nto = Brussels\ncost = 20\nreverse = true\n"

/* A to D: three routes of cost 10 (two parallel connectors A-B, then
 * B-D; and A-C-D), and a dearer direct one. */
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

#define SIZES \
  "[organization]\nname = Sz\n" \
  "[routing-group HQ]\n[routing-group Lisbon]\n" \
  "[server HQ1]\nrouting-group = HQ\n[server HQ2]\nrouting-group = HQ\n" \
  "[server LIS1]\nrouting-group = Lisbon\n" \
  "[connector HQ-LIS]\ntype = routing-group\nfrom = HQ\nto = Lisbon\ncost = 10\n" \
  "reverse = true\nmax-message-size = 2MB\n" \
  "[connector HQ-LIS-VPN]\ntype = smtp\nfrom = HQ\nto = Lisbon\ncost = 50\n" \
  "bridgeheads = HQ1\nreverse = true\nmax-message-size = 20MB\n"

/* Two groups, each with an SMTP connector: A's is scoped to A, and from A
 * both tie at cost 6 for *.com (A-Net's more specific *.com 6 wins over
 * its cheaper * 1). */
#define TWO_GATEWAYS \
  "[organization]\nname = Gw\n" \
  "[routing-group A]\n[routing-group B]\n" \
  "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n" \
  "[connector AB]\ntype = routing-group\nfrom = A\nto = B\ncost = 5\nreverse = true\n" \
  "[connector A-Net]\ntype = smtp\nfrom = A\naddress-spaces = SMTP:* 1, SMTP:*.com 6\n" \
  "scope = routing-group\n" \
  "[connector B-Net]\ntype = smtp\nfrom = B\naddress-spaces = SMTP:*.com 1\n"


static char *
capture (gboolean json, MfRouter *r, const MfLinkState *v, const MfRoutesQuery *q,
         const char *what_if)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  g_assert_nonnull (f);
  ok = json ? mf_routes_write_json (f, r, v, q, &error)
            : mf_routes_write_text (f, r, v, q, what_if, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  fclose (f);
  return buf;
}

static void
assert_members (JsonObject *o, const char *const *want, guint n)
{
  g_autoptr (GList) members = json_object_get_members (o);
  g_assert_cmpuint (g_list_length (members), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_true (json_object_has_member (o, want[i]));
}

/* Exactly the members @want, in that order. */
static void
assert_member_order (JsonObject *o, const char *const *want, guint n)
{
  g_autoptr (GList) members = json_object_get_members (o);
  guint i = 0;

  g_assert_cmpuint (g_list_length (members), ==, n);
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_cmpstr (l->data, ==, want[i++]);
}

static void
test_json (void)
{
  static const char *const root_keys[] = { "routes", "unreachable", "direct_dns" };
  static const char *const route_keys[] = { "from", "to", "cost", "path", "connectors",
                                            "equal_cost_paths", "alternatives" };
  static const char *const pair_keys[] = { "from", "to", "rejected" };
  g_autoptr (MfTopology) t = mf_test_load (MS_EXAMPLE
                                   "[routing-group Lima]\n[server LIM1]\nrouting-group = Lima\n"
                                   "[connector LIM-SEA]\ntype = routing-group\nfrom = Lima\n"
                                   "to = Seattle\ncost = 5\n"
                                   "[connector SEA-Net]\ntype = smtp\nfrom = Seattle\n"
                                   "address-spaces = SMTP:* 3\n");
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  MfRoutesQuery all = { -1, MF_DEST_ROUTING_GROUP, -1, NULL, 0, NULL, FALSE };
  MfRoutesQuery one = { mf_test_routing_group (t, "Seattle"), MF_DEST_ROUTING_GROUP,
                        mf_test_routing_group (t, "Brussels"), NULL, 0, NULL, FALSE };
  MfRoutesQuery dom = { -1, MF_DEST_DOMAIN, -1, "example.com", 0, NULL, FALSE };
  g_autofree char *text = capture (TRUE, r, v, &all, NULL);
  g_autofree char *text_one = capture (TRUE, r, v, &one, NULL);
  g_autofree char *text_dom = capture (TRUE, r, v, &dom, NULL);
  g_autofree char *again = capture (TRUE, r, v, &all, NULL);
  g_autoptr (JsonNode) root = mf_test_parse_json (text);
  g_autoptr (JsonNode) root_one = mf_test_parse_json (text_one);
  g_autoptr (JsonNode) root_dom = mf_test_parse_json (text_dom);
  JsonObject *o = json_node_get_object (root);
  JsonArray *routes = json_object_get_array_member (o, "routes");
  JsonArray *unreachable = json_object_get_array_member (o, "unreachable");

  g_assert_cmpstr (text, ==, again); /* byte-stable */
  assert_members (o, root_keys, 3);
  /* 5 groups: 20 ordered pairs; nothing reaches Lima (4 pairs). */
  g_assert_cmpuint (json_array_get_length (routes), ==, 16);
  g_assert_cmpuint (json_array_get_length (unreachable), ==, 4);
  for (guint i = 0; i < json_array_get_length (routes); i++)
    assert_members (json_array_get_object_element (routes, i), route_keys, 7);
  for (guint i = 0; i < json_array_get_length (unreachable); i++)
    {
      JsonObject *p = json_array_get_object_element (unreachable, i);
      assert_members (p, pair_keys, 3);
      g_assert_cmpstr (json_object_get_string_member (p, "to"), ==, "Lima");
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (unreachable, 0),
                                                  "from"), ==, "Seattle");

  g_autoptr (JsonNode) want_one = mf_test_parse_json (
    "{\"routes\": ["
    "  {\"from\": \"Seattle\", \"to\": \"Brussels\", \"cost\": 20, "
    "\"path\": [\"Seattle\", \"London\", \"Brussels\"], "
    "\"connectors\": [\"SEA-LON\", \"LON-BRU\"], \"equal_cost_paths\": 1, "
    "\"alternatives\": []}], "
    "\"unreachable\": [], \"direct_dns\": []}");
  g_assert_true (json_node_equal (root_one, want_one));
  assert_member_order (json_node_get_object (root_one), root_keys, 3);
  assert_member_order (json_array_get_object_element (
                         json_object_get_array_member (json_node_get_object (root_one), "routes"), 0),
                       route_keys, 7);
  /* One route a line, newline-ended (the layout, not the value). */
  g_assert_true (g_str_has_prefix (text_one, "{\"routes\": [\n  {\"from\": "));
  g_assert_true (g_str_has_suffix (text_one, "}], \"unreachable\": [], \"direct_dns\": []}\n"));

  /* A domain: one entry per source; the path ends at the SMTP connector's
   * group and the connectors end with it. */
  {
    JsonArray *dr = json_object_get_array_member (json_node_get_object (root_dom), "routes");
    g_assert_cmpuint (json_array_get_length (dr), ==, 5);
    JsonObject *lima = json_array_get_object_element (dr, 4);
    JsonArray *path = json_object_get_array_member (lima, "path");
    JsonArray *conns = json_object_get_array_member (lima, "connectors");
    g_assert_cmpstr (json_object_get_string_member (lima, "from"), ==, "Lima");
    g_assert_cmpstr (json_object_get_string_member (lima, "to"), ==, "example.com");
    g_assert_cmpint (json_object_get_int_member (lima, "cost"), ==, 8);
    g_assert_cmpuint (json_array_get_length (path), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (path, 1), ==, "Seattle");
    g_assert_cmpuint (json_array_get_length (conns), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (conns, 1), ==, "SEA-Net");
  }
}

static void
test_text (void)
{
  g_autoptr (MfTopology) t = mf_test_load (SIZES);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  MfRoutesQuery all = { -1, MF_DEST_ROUTING_GROUP, -1, NULL, 5 << 20, NULL, FALSE };
  g_autofree char *text = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *want = NULL;

  mf_link_state_set_status (v, mf_test_connector (t, "HQ-LIS-VPN (reverse)"), MF_LINK_DOWN);
  text = capture (FALSE, r, v, &all, "down HQ-LIS-VPN (reverse) (connector)");
  digest = mf_link_state_digest (v);
  want = g_strdup_printf (
      "General info\n"
      "  Organization: Sz\n"
      "  Topology: t.topo\n"
      "  Digest: %s\n"
      "  Routing groups: 2\n"
      "  Connectors: 4 (3 UP, 1 DOWN)\n"
      "  What-if: down HQ-LIS-VPN (reverse) (connector)\n"
      "  Message size: 5MB\n"
      "\n"
      "Routing group HQ\n"
      "  Master: HQ1\n"
      "  Version: major 1, minor 0, user 0\n"
      "  Members: HQ1, HQ2\n"
      "  Connector HQ-LIS (routing-group) -> Lisbon\n"
      "    State: UP   Cost: 10\n"
      "    Bridgeheads: HQ1, HQ2\n"
      "    Remote bridgeheads: LIS1\n"
      "    Max message size: 2MB\n"
      "  Connector HQ-LIS-VPN (smtp) -> Lisbon\n"
      "    State: UP   Cost: 50\n"
      "    Bridgeheads: HQ1\n"
      "    Remote bridgeheads: LIS1\n"
      "    Scope: organization\n"
      "    Max message size: 20MB\n"
      "\n"
      "Routing group Lisbon\n"
      "  Master: LIS1\n"
      "  Version: major 1, minor 1, user 0\n"
      "  Members: LIS1\n"
      "  Connector HQ-LIS (reverse) (routing-group) -> HQ\n"
      "    State: UP   Cost: 10\n"
      "    Bridgeheads: LIS1\n"
      "    Remote bridgeheads: HQ1, HQ2\n"
      "    Max message size: 2MB\n"
      "  Connector HQ-LIS-VPN (reverse) (smtp) -> HQ\n"
      "    State: DOWN   Cost: 50\n"
      "    Bridgeheads: LIS1\n"
      "    Remote bridgeheads: HQ1\n"
      "    Scope: organization\n"
      "    Max message size: 20MB\n"
      "\n"
      "Routes\n"
      "  From    To      Cost  Equal  Path\n"
      "  HQ      Lisbon    50      1  HQ -[HQ-LIS-VPN]-> Lisbon\n"
      "\n"
      "Unreachable\n"
      "  Lisbon -> HQ: down: HQ-LIS-VPN (reverse); message too large (5MB): HQ-LIS (reverse) "
      "(max 2MB)\n",
      digest);
  g_assert_cmpstr (text, ==, want);
}

/* ------------------------------------------------ the router's lists */

static char *
names_of (const MfTopology *t, const GArray *connectors)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < connectors->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? " " : "",
                            t->connectors[g_array_index (connectors, int, i)].name);
  return g_string_free (s, FALSE);
}

static void
test_get_equal (void)
{
  g_autoptr (MfTopology) t = mf_test_load (EQUAL_COST);
  g_autoptr (MfTopology) gw = mf_test_load (TWO_GATEWAYS);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfRouter) rg = mf_router_new (gw, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfLinkState) vg = mf_link_state_new (gw);
  g_autoptr (GArray) c = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GArray) picked = g_array_new (FALSE, FALSE, sizeof (int));
  static const char *const want[] = { "AB1 BD", "AB2 BD", "AC CD" };
  MfDestination d = mf_destination_group (mf_test_routing_group (t, "D"));
  g_autoptr (MfRoute) route = mf_route (r, v, mf_test_routing_group (t, "A"), &d, 0,
                                        MF_ROUTE_DEFAULT, NULL);

  g_assert_cmpuint (route->n_equal, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *got = NULL;
      g_autofree char *by_pick = NULL;
      mf_route_get_equal (route, i, c);
      got = names_of (t, c);
      g_assert_cmpstr (got, ==, want[i]);
      /* The enumeration mf_route_pick draws from. */
      mf_route_pick (route, (i + 0.5) / 3.0, picked);
      by_pick = names_of (t, picked);
      g_assert_cmpstr (by_pick, ==, want[i]);
    }
  /* Route 0 is the representative. */
  mf_route_get_equal (route, 0, c);
  g_assert_cmpuint (c->len, ==, (guint) route->n_connectors);
  g_assert_cmpmem (c->data, sizeof (int) * c->len, route->connectors,
                   sizeof (int) * (gsize) route->n_connectors);
  /* Past the end: clamped to the last. */
  {
    g_autofree char *last = NULL;
    mf_route_get_equal (route, 99, c);
    last = names_of (t, c);
    g_assert_cmpstr (last, ==, "AC CD");
  }
  /* A domain: each tied SMTP connector with the routes to its group. */
  {
    MfDestination dom = mf_destination_domain ("x.com");
    g_autoptr (MfRoute) dr = mf_route (rg, vg, mf_test_routing_group (gw, "A"), &dom, 0,
                                       MF_ROUTE_DEFAULT, NULL);
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    int n = 0;
    const int *smtp = mf_route_get_smtp_connectors (dr, &n);
    g_assert_cmpuint (dr->n_equal, ==, 2);
    mf_route_get_equal (dr, 0, c);
    first = names_of (gw, c);
    mf_route_get_equal (dr, 1, c);
    second = names_of (gw, c);
    g_assert_cmpstr (first, ==, "A-Net");
    g_assert_cmpstr (second, ==, "AB B-Net");
    g_assert_cmpint (n, ==, 2);
    g_assert_cmpint (smtp[0], ==, mf_test_connector (gw, "A-Net"));
    g_assert_cmpint (smtp[1], ==, mf_test_connector (gw, "B-Net"));
    g_assert_null (mf_route_get_smtp_connectors (route, &n));
    g_assert_cmpint (n, ==, 0);
  }
  /* The address space routing uses: most specific, then cheapest. */
  {
    const MfConnector *a_net = &gw->connectors[mf_test_connector (gw, "A-Net")];
    const MfConnector *b_net = &gw->connectors[mf_test_connector (gw, "B-Net")];
    g_assert_cmpint (mf_connector_address_space (a_net, "x.com"), ==, 1);
    g_assert_cmpint (mf_connector_address_space (a_net, "x.org"), ==, 0);
    g_assert_cmpint (mf_connector_address_space (b_net, "x.org"), ==, -1);
  }
  /* No route: nothing listed. */
  {
    MfDestination to_a = mf_destination_group (mf_test_routing_group (t, "A"));
    g_autoptr (MfRoute) none = mf_route (r, v, mf_test_routing_group (t, "D"), &to_a, 0,
                                         MF_ROUTE_DEFAULT, NULL);
    g_assert_false (none->reachable);
    mf_route_get_equal (none, 0, c);
    g_assert_cmpuint (c->len, ==, 0);
  }
}

/* ------------------------------------------------------ one pair */

static MfRoutesQuery
pair_query (const MfTopology *t, const char *from, const char *to)
{
  MfRoutesQuery q = { mf_test_routing_group (t, from), MF_DEST_ROUTING_GROUP, -1, NULL, 0,
                      NULL, FALSE };
  if (strchr (to, '.') != NULL)
    {
      q.to_kind = MF_DEST_DOMAIN;
      q.domain = to;
    }
  else
    q.to = mf_test_routing_group (t, to);
  return q;
}

/* The text of `routes --from FROM --to TO` on @text with @down (a
 * connector, both directions) down. */
static char *
detail (const char *text, const char *from, const char *to, const char *down, guint64 size,
        gboolean json)
{
  g_autoptr (MfTopology) t = mf_test_load (text);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfLinkState) before = mf_link_state_new (t);
  MfRoutesQuery q = pair_query (t, from, to);

  q.size_bytes = size;
  if (down != NULL)
    {
      int c = mf_test_connector (t, down);
      mf_link_state_set_status (v, c, MF_LINK_DOWN);
      if (t->connectors[c].mirror >= 0)
        mf_link_state_set_status (v, t->connectors[c].mirror, MF_LINK_DOWN);
      q.before = before;
    }
  return capture (json, r, v, &q, NULL);
}

static void
test_detail_text (void)
{
  g_autofree char *equal = detail (EQUAL_COST, "A", "D", NULL, 0, FALSE);
  g_autofree char *was = detail (MS_EXAMPLE, "Seattle", "Brussels", "LON-BRU", 0, FALSE);
  g_autofree char *same = detail (MS_EXAMPLE, "Seattle", "London", "LON-BRU", 0, FALSE);
  g_autofree char *domain = detail (TWO_GATEWAYS, "A", "x.com", NULL, 0, FALSE);
  g_autofree char *size = detail (SIZES, "HQ", "Lisbon", "HQ-LIS-VPN", 5 << 20, FALSE);
  g_autofree char *scope = detail (TWO_GATEWAYS, "B", "x.com", "B-Net", 0, FALSE);
  g_autofree char *dns_scope = detail (TWO_GATEWAYS, "B", "x.org", NULL, 0, FALSE);
  g_autofree char *dns = detail (MS_EXAMPLE, "Tokyo", "x.org", NULL, 0, FALSE);
  g_autofree char *nothing = detail ("[organization]\nname = N\n[routing-group A]\n"
                                     "[routing-group B]\n[server A1]\nrouting-group = A\n"
                                     "[server B1]\nrouting-group = B\n",
                                     "A", "B", NULL, 0, FALSE);
  g_autofree char *self = detail (MS_EXAMPLE, "Tokyo", "Tokyo", NULL, 0, FALSE);

  g_assert_cmpstr (equal, ==,
                   "A -> D: cost 10, 3 equal-cost routes\n"
                   "  A -[AB1]-> B -[BD]-> D\n"
                   "  A -[AB2]-> B -[BD]-> D\n"
                   "  A -[AC]-> C -[CD]-> D\n");
  g_assert_cmpstr (was, ==,
                   "Seattle -> Brussels: cost 30, 1 route\n"
                   "  Seattle -[SEA-TYO]-> Tokyo -[TYO-BRU]-> Brussels\n"
                   "  was cost 20: Seattle -[SEA-LON]-> London -[LON-BRU]-> Brussels\n");
  /* Unchanged by the failure: no "was". */
  g_assert_cmpstr (same, ==,
                   "Seattle -> London: cost 10, 1 route\n"
                   "  Seattle -[SEA-LON]-> London\n");
  g_assert_cmpstr (domain, ==,
                   "A -> x.com: cost 6, 2 equal-cost routes\n"
                   "  A -[A-Net]-> x.com\n"
                   "  A -[AB]-> B -[B-Net]-> x.com\n"
                   "  address space: SMTP:*.com 6 of A-Net (smtp connector in A)\n"
                   "  address space: SMTP:*.com 1 of B-Net (smtp connector in B)\n");
  g_assert_cmpstr (size, ==,
                   "HQ -> Lisbon: no route (routes down, size limit)\n"
                   "  down: HQ-LIS-VPN\n"
                   "  message too large (5MB): HQ-LIS (max 2MB)\n"
                   "  was cost 50: HQ -[HQ-LIS-VPN]-> Lisbon\n");
  g_assert_cmpstr (scope, ==,
                   "B -> x.com: no route (routes down, connector scope)\n"
                   "  down: B-Net\n"
                   "  out of scope: A-Net (scope routing group: A only)\n"
                   "  no route onward: AB (reverse)\n"
                   "  was cost 1: B -[B-Net]-> x.com\n");
  g_assert_cmpstr (dns_scope, ==,
                   "B -> x.org: no connector (out of scope: A-Net (scope routing group: A only)); "
                   "the virtual servers send directly\n"
                   "  direct by DNS from B1's virtual server\n");
  g_assert_cmpstr (dns, ==,
                   "Tokyo -> x.org: no connector (no address space matches); the virtual servers "
                   "send directly\n"
                   "  direct by DNS from TYO1's virtual server\n");
  g_assert_cmpstr (nothing, ==, "A -> B: no route (no connector leads there)\n");
  g_assert_cmpstr (self, ==, "Tokyo -> Tokyo: cost 0, 1 route\n  Tokyo\n");
}

/* More tied routes than MF_ROUTES_MAX_EQUAL: the first ones, and a count. */
static void
test_equal_capped (void)
{
  GString *s = g_string_new ("[organization]\nname = Many\n");
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  const int layers = 5; /* 2^5 = 32 routes */

  for (int g = 0; g <= layers; g++)
    g_string_append_printf (s, "[routing-group G%d]\n[server S%d]\nrouting-group = G%d\n", g, g, g);
  for (int g = 0; g < layers; g++)
    for (int k = 0; k < 2; k++)
      g_string_append_printf (s, "[connector C%d-%d]\ntype = routing-group\nfrom = G%d\nto = G%d\n",
                              g, k, g, g + 1);
  text = g_string_free (s, FALSE);
  out = detail (text, "G0", "G5", NULL, 0, FALSE);
  g_assert_true (g_str_has_prefix (out, "G0 -> G5: cost 5, 32 equal-cost routes\n"
                                        "  G0 -[C0-0]-> G1 -[C1-0]-> G2 -[C2-0]-> G3 -[C3-0]-> G4 "
                                        "-[C4-0]-> G5\n"));
  g_assert_true (g_str_has_suffix (out, "\n  and 16 more\n"));
  {
    g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + MF_ROUTES_MAX_EQUAL + 1 + 1);
  }
}

static JsonObject *
first_of (JsonNode *root, const char *member)
{
  JsonArray *a = json_object_get_array_member (json_node_get_object (root), member);
  g_assert_cmpuint (json_array_get_length (a), >, 0);
  return json_array_get_object_element (a, 0);
}

static void
test_detail_json (void)
{
  g_autofree char *domain = detail (TWO_GATEWAYS, "A", "x.com", NULL, 0, TRUE);
  g_autofree char *was = detail (MS_EXAMPLE, "Seattle", "Brussels", "LON-BRU", 0, TRUE);
  g_autofree char *same = detail (MS_EXAMPLE, "Seattle", "London", "LON-BRU", 0, TRUE);
  g_autofree char *size = detail (SIZES, "HQ", "Lisbon", "HQ-LIS-VPN", 5 << 20, TRUE);
  g_autofree char *dns = detail (TWO_GATEWAYS, "B", "x.org", NULL, 0, TRUE);
  g_autoptr (JsonNode) jd = mf_test_parse_json (domain);
  g_autoptr (JsonNode) jw = mf_test_parse_json (was);
  g_autoptr (JsonNode) js = mf_test_parse_json (same);
  g_autoptr (JsonNode) jz = mf_test_parse_json (size);
  g_autoptr (JsonNode) jn = mf_test_parse_json (dns);
  g_autoptr (JsonNode) want_domain = mf_test_parse_json (
      "{\"from\": \"A\", \"to\": \"x.com\", \"cost\": 6, \"path\": [\"A\"], "
      "\"connectors\": [\"A-Net\"], \"equal_cost_paths\": 2, "
      "\"alternatives\": [{\"path\": [\"A\", \"B\"], \"connectors\": [\"AB\", \"B-Net\"]}], "
      "\"address_spaces\": ["
      "{\"connector\": \"A-Net\", \"type\": \"smtp\", \"routing_group\": \"A\", "
      "\"address_space\": \"SMTP:*.com\", \"cost\": 6}, "
      "{\"connector\": \"B-Net\", \"type\": \"smtp\", \"routing_group\": \"B\", "
      "\"address_space\": \"SMTP:*.com\", \"cost\": 1}]}");
  g_autoptr (JsonNode) want_was = mf_test_parse_json (
      "{\"cost\": 20, \"path\": [\"Seattle\", \"London\", \"Brussels\"], "
      "\"connectors\": [\"SEA-LON\", \"LON-BRU\"], \"equal_cost_paths\": 1}");
  g_autoptr (JsonNode) want_size = mf_test_parse_json (
      "{\"from\": \"HQ\", \"to\": \"Lisbon\", \"rejected\": ["
      "{\"connector\": \"HQ-LIS\", \"reason\": \"message too large\", \"cost\": 10}, "
      "{\"connector\": \"HQ-LIS-VPN\", \"reason\": \"down\", \"cost\": 50}], "
      "\"was\": {\"cost\": 50, \"path\": [\"HQ\", \"Lisbon\"], \"connectors\": [\"HQ-LIS-VPN\"], "
      "\"equal_cost_paths\": 1}}");
  g_autoptr (JsonNode) want_dns = mf_test_parse_json (
      "{\"from\": \"B\", \"to\": \"x.org\", \"servers\": [{\"server\": \"B1\", \"via\": \"dns\"}], "
      "\"out_of_scope\": [\"A-Net\"]}");
  JsonNode *n;

  n = json_array_get_element (json_object_get_array_member (json_node_get_object (jd), "routes"), 0);
  g_assert_true (json_node_equal (n, want_domain));
  n = json_object_get_member (first_of (jw, "routes"), "was");
  g_assert_true (json_node_equal (n, want_was));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (first_of (js, "routes"), "was")));
  n = json_array_get_element (json_object_get_array_member (json_node_get_object (jz),
                                                            "unreachable"), 0);
  g_assert_true (json_node_equal (n, want_size));
  n = json_array_get_element (json_object_get_array_member (json_node_get_object (jn),
                                                            "direct_dns"), 0);
  g_assert_true (json_node_equal (n, want_dns));
  /* Without --down there is no "was" at all. */
  g_assert_false (json_object_has_member (first_of (jd, "routes"), "was"));
}

/* A cut organisation: reasons for the first MF_ROUTES_MAX_EXPLAINED pairs
 * without a route only, and a note. */
static void
test_explain_capped (void)
{
  GString *s = g_string_new ("[organization]\nname = Cut\n");
  const int n = 41; /* 41 × 40 = 1640 pairs, none with a route */
  g_autofree char *text = NULL;
  g_autoptr (MfTopology) t = NULL;
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfLinkState) v = NULL;
  MfRoutesQuery all = { -1, MF_DEST_ROUTING_GROUP, -1, NULL, 0, NULL, FALSE };
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *unreachable;
  guint explained = 0, left_out = 0;

  for (int g = 0; g < n; g++)
    g_string_append_printf (s, "[routing-group G%d]\n[server S%d]\nrouting-group = G%d\n", g, g, g);
  text = g_string_free (s, FALSE);
  t = mf_test_load (text);
  r = mf_router_new (t, NULL);
  v = mf_link_state_new (t);
  out = capture (FALSE, r, v, &all, NULL);
  json = capture (TRUE, r, v, &all, NULL);
  {
    g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      if (g_str_has_suffix (lines[i], ": no connector leads there"))
        explained++;
      else if (g_regex_match_simple ("^  G[0-9]+ -> G[0-9]+$", lines[i], 0, 0))
        left_out++;
  }
  g_assert_cmpuint (explained, ==, MF_ROUTES_MAX_EXPLAINED);
  g_assert_cmpuint (left_out, ==, (guint) (n * (n - 1)) - MF_ROUTES_MAX_EXPLAINED);
  g_assert_true (g_str_has_suffix (out, "  (reasons left out past 1000 pairs without a route)\n"));
  root = mf_test_parse_json (json);
  unreachable = json_object_get_array_member (json_node_get_object (root), "unreachable");
  g_assert_cmpuint (json_array_get_length (unreachable), ==, (guint) (n * (n - 1)));
  explained = left_out = 0;
  for (guint i = 0; i < json_array_get_length (unreachable); i++)
    {
      JsonNode *rj = json_object_get_member (json_array_get_object_element (unreachable, i),
                                             "rejected");
      if (JSON_NODE_HOLDS_NULL (rj))
        left_out++;
      else
        explained++;
    }
  g_assert_cmpuint (explained, ==, MF_ROUTES_MAX_EXPLAINED);
  g_assert_cmpuint (left_out, ==, (guint) (n * (n - 1)) - MF_ROUTES_MAX_EXPLAINED);
}

/* With --table, the all-pairs report comes first, then the pair; the
 * all-pairs table shows "was" under each changed line. */
static void
test_table (void)
{
  g_autoptr (MfTopology) t = mf_test_load (MS_EXAMPLE);
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfLinkState) before = mf_link_state_new (t);
  MfRoutesQuery q = pair_query (t, "Seattle", "Brussels");
  MfRoutesQuery all = { -1, MF_DEST_ROUTING_GROUP, -1, NULL, 0, NULL, FALSE };
  g_autofree char *alone = NULL;
  g_autofree char *table = NULL;
  g_autofree char *full = NULL;
  g_autofree char *one = NULL;

  mf_link_state_set_status (v, mf_test_connector (t, "LON-BRU"), MF_LINK_DOWN);
  mf_link_state_set_status (v, mf_test_connector (t, "LON-BRU (reverse)"), MF_LINK_DOWN);
  q.before = all.before = before;
  one = capture (FALSE, r, v, &q, "down LON-BRU");
  alone = capture (FALSE, r, v, &all, "down LON-BRU");
  q.table = TRUE;
  table = capture (FALSE, r, v, &q, "down LON-BRU");
  full = g_strconcat (alone, "\n", one, NULL);
  g_assert_cmpstr (table, ==, full);
  g_assert_true (g_str_has_prefix (alone, "General info\n"));
  g_assert_nonnull (strstr (alone, "\n  Seattle   Brussels    30      1  Seattle -[SEA-TYO]-> Tokyo "
                                   "-[TYO-BRU]-> Brussels\n"
                                   "    was cost 20: Seattle -[SEA-LON]-> London -[LON-BRU]-> "
                                   "Brussels\n"));
  /* An unchanged line has none. */
  g_assert_nonnull (strstr (alone, "\n  Seattle   London      10      1  Seattle -[SEA-LON]-> "
                                   "London\n  Seattle "));
}

/* ------------------------------------------------------------ command */

/* Run the msgflow binary ($MSGFLOW, set by `make check`). */
static int
run_msgflow (const char *const *args, char **out, char **err)
{
  const char *msgflow = g_getenv ("MSGFLOW");
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, g_strdup (msgflow));
  g_ptr_array_add (argv, g_strdup ("routes"));
  for (int i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

#define CONTOSO "topologies/contoso-global.topo"

static void
expect_cli (int want_status, const char *want_err, const char *const *args)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = run_msgflow (args, &out, &err);

  if (status != want_status || (want_err != NULL && strstr (err, want_err) == NULL))
    g_error ("msgflow routes %s: exit %d, want %d; stderr: %s", args[0], status, want_status, err);
  if (want_status == 0)
    g_assert_cmpstr (err, ==, "");
}

static void
test_cli (void)
{
  if (g_getenv ("MSGFLOW") == NULL)
    {
      g_test_skip ("MSGFLOW is not set (make check sets it)");
      return;
    }
  expect_cli (0, NULL, (const char *const[]) { CONTOSO, NULL });
  expect_cli (2, "--from: no routing group 'Seatle' in " CONTOSO " (did you mean 'Seattle'?)",
              (const char *const[]) { CONTOSO, "--from", "Seatle", NULL });
  expect_cli (2, "--to: no routing group 'Brusels'",
              (const char *const[]) { CONTOSO, "--to", "Brusels", NULL });
  expect_cli (2, "--to: 'a..b' is neither a routing group, a valid domain nor an address",
              (const char *const[]) { CONTOSO, "--to", "a..b", NULL });
  expect_cli (2, "--down: no connector or server 'LON-BRX'",
              (const char *const[]) { CONTOSO, "--down", "LON-BRU", "--down", "LON-BRX", NULL });
  expect_cli (2, "--size: ", (const char *const[]) { CONTOSO, "--size", "5XB", NULL });
  expect_cli (2, "no topology file given", (const char *const[]) { NULL });
  expect_cli (2, "one topology file only", (const char *const[]) { CONTOSO, CONTOSO, NULL });
  expect_cli (2, "cannot open", (const char *const[]) { "/nonexistent/x.topo", NULL });
  expect_cli (2, "Try 'msgflow routes --help'", (const char *const[]) { CONTOSO, "--frobnicate", NULL });

  /* The what-if of Microsoft's example, end to end. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr (JsonNode) root = NULL;
    JsonObject *route;
    int status = run_msgflow ((const char *const[]) { CONTOSO, "--from", "Seattle", "--to",
                                                      "Brussels", "--down", "LON-BRU", "--json",
                                                      NULL },
                              &out, &err);
    g_assert_cmpint (status, ==, 0);
    root = mf_test_parse_json (out);
    route = json_array_get_object_element (
        json_object_get_array_member (json_node_get_object (root), "routes"), 0);
    g_assert_cmpint (json_object_get_int_member (route, "cost"), ==, 30);
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (route, "path"), 1),
                     ==, "Tokyo");
  }
  /* A server down and a domain, in text. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = run_msgflow ((const char *const[]) { CONTOSO, "--to", "user@FABRIKAM.com",
                                                      "--down", "LON-BH01", "--down", "LON-BH02",
                                                      "--table", NULL },
                              &out, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "What-if: down LON-BH01 (server), LON-BH02 (server)\n"));
    g_assert_nonnull (strstr (out, "\nSeattle -> fabrikam.com: no route (all routes down)\n"
                                   "  down: "));
    g_assert_nonnull (strstr (out, "  was cost 15: Seattle -[SEA-LON]-> London -[LON-Internet]-> "
                                   "fabrikam.com\n"));
  }
}


int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/routes-report/get-equal", test_get_equal);
  g_test_add_func ("/routes-report/json", test_json);
  g_test_add_func ("/routes-report/text", test_text);
  g_test_add_func ("/routes-report/detail-text", test_detail_text);
  g_test_add_func ("/routes-report/equal-capped", test_equal_capped);
  g_test_add_func ("/routes-report/detail-json", test_detail_json);
  g_test_add_func ("/routes-report/explain-capped", test_explain_capped);
  g_test_add_func ("/routes-report/table", test_table);
  g_test_add_func ("/routes-report/cli", test_cli);
  return g_test_run ();
}
