/* test-linkstate.c — the link-state table: initial state, version bumps,
 * copies that do not alias, the canonical serialisation and its digest
 * (stable, order-independent, sensitive to every state change), the
 * routing hash, servers down, and merging a received table. */
#include "model/linkstate.h"
#include "test-util.h"

#include <string.h>

#define TOPO \
  "[organization]\nname = Test\n" \
  "[routing-group A]\nmaster = A2\n[routing-group B]\n[routing-group Empty]\n" \
  "[server A1]\nrouting-group = A\n[server A2]\nrouting-group = A\n" \
  "[server B1]\nrouting-group = B\n[server B2]\nrouting-group = B\n" \
  "[connector AB]\ntype = routing-group\nfrom = A\nto = B\ncost = 10\n" \
  "bridgeheads = A1\nremote-bridgeheads = B1, B2\nreverse = true\n" \
  "[connector A-Net]\ntype = smtp\nfrom = A\nbridgeheads = A1, A2\n" \
  "address-spaces = SMTP:*.x.com 5, SMTP:* 10\nmax-message-size = 2MB\n" \
  "[connector B-Empty]\ntype = x400\nfrom = B\nto = Empty\ncost = 3\n"

/* The same organisation, every list and section in another order (B's
 * master is named: by default it would be B2, the first in this file). */
#define TOPO_SHUFFLED \
  "[organization]\nname = Test\n" \
  "[routing-group Empty]\n[routing-group B]\nmaster = B1\n[routing-group A]\nmaster = A2\n" \
  "[server B2]\nrouting-group = B\n[server A2]\nrouting-group = A\n" \
  "[server B1]\nrouting-group = B\n[server A1]\nrouting-group = A\n" \
  "[connector B-Empty]\ntype = x400\nfrom = B\nto = Empty\ncost = 3\n" \
  "[connector A-Net]\ntype = smtp\nfrom = A\nbridgeheads = A2, A1\n" \
  "address-spaces = SMTP:* 10, SMTP:*.x.com 5\nmax-message-size = 2MB\n" \
  "[connector AB]\ntype = routing-group\nfrom = A\nto = B\ncost = 10\n" \
  "bridgeheads = A1\nremote-bridgeheads = B2, B1\nreverse = true\n"

static void
assert_version (const MfLinkState *v, int rg, guint major, guint minor, guint user)
{
  MfLinkVersion ver = mf_link_state_get_version (v, rg);
  g_assert_cmpuint (ver.major, ==, major);
  g_assert_cmpuint (ver.minor, ==, minor);
  g_assert_cmpuint (ver.user, ==, user);
}

static void
test_initial (void)
{
  g_autoptr (MfTopology) t = mf_test_load (TOPO);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);

  g_assert_true (mf_link_state_get_topology (v) == t);
  for (int g = 0; g < t->n_routing_groups; g++)
    {
      assert_version (v, g, MF_LINK_VERSION_INITIAL_MAJOR, 0, 0);
      g_assert_cmpint (mf_link_state_get_master (v, g), ==, t->routing_groups[g].master);
    }
  g_assert_cmpint (mf_link_state_get_master (v, 0), ==, mf_topo_find_server (t, "A2"));
  g_assert_cmpint (mf_link_state_get_master (v, 2), ==, -1);
  for (int c = 0; c < t->n_connectors; c++)
    {
      g_assert_true (mf_link_state_is_up (v, c));
      g_assert_cmpint (mf_link_state_get_cost (v, c), ==, t->connectors[c].cost);
    }
  g_assert_cmpint (mf_link_state_count_down (v), ==, 0);
}

static void
test_versions (void)
{
  g_autoptr (MfTopology) t = mf_test_load (TOPO);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  int ab = mf_test_connector (t, "AB"), ba = mf_test_connector (t, "AB (reverse)");

  /* A state change is a minor change of the connector's own group. */
  g_assert_true (mf_link_state_set_status (v, ab, MF_LINK_DOWN));
  g_assert_false (mf_link_state_set_status (v, ab, MF_LINK_DOWN));
  assert_version (v, 0, 1, 1, 0);
  assert_version (v, 1, 1, 0, 0);
  g_assert_true (mf_link_state_set_status (v, ba, MF_LINK_DOWN));
  assert_version (v, 1, 1, 1, 0);
  g_assert_cmpint (mf_link_state_get_status (v, ab), ==, MF_LINK_DOWN);
  g_assert_cmpint (mf_link_state_count_down (v), ==, 2);
  g_assert_true (mf_link_state_set_status (v, ab, MF_LINK_UP));
  assert_version (v, 0, 1, 2, 0);

  /* Cost: major.  Master: user. */
  g_assert_true (mf_link_state_set_cost (v, ab, 42));
  g_assert_false (mf_link_state_set_cost (v, ab, 42));
  g_assert_cmpint (mf_link_state_get_cost (v, ab), ==, 42);
  assert_version (v, 0, 2, 2, 0);
  g_assert_true (mf_link_state_set_master (v, 0, mf_topo_find_server (t, "A1")));
  g_assert_false (mf_link_state_set_master (v, 0, mf_topo_find_server (t, "A1")));
  assert_version (v, 0, 2, 2, 1);
  mf_link_state_bump_user (v, 1);
  assert_version (v, 1, 1, 1, 1);

  g_assert_cmpint (mf_link_version_compare ((MfLinkVersion) { 2, 0, 0 }, (MfLinkVersion) { 1, 9, 9 }), >, 0);
  g_assert_cmpint (mf_link_version_compare ((MfLinkVersion) { 1, 1, 0 }, (MfLinkVersion) { 1, 0, 9 }), >, 0);
  g_assert_cmpint (mf_link_version_compare ((MfLinkVersion) { 1, 1, 1 }, (MfLinkVersion) { 1, 1, 2 }), <, 0);
  g_assert_cmpint (mf_link_version_compare ((MfLinkVersion) { 3, 2, 1 }, (MfLinkVersion) { 3, 2, 1 }), ==, 0);
}

static void
test_misuse (void)
{
  g_autoptr (MfTopology) t = mf_test_load (TOPO);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);

  /* A master from another group, a cost out of range: API misuse. */
  g_test_expect_message ("msgflow-linkstate", G_LOG_LEVEL_CRITICAL, "*routing_group*");
  g_assert_false (mf_link_state_set_master (v, 0, mf_topo_find_server (t, "B1")));
  g_test_assert_expected_messages ();
  g_test_expect_message ("msgflow-linkstate", G_LOG_LEVEL_CRITICAL, "*cost*");
  g_assert_false (mf_link_state_set_cost (v, 0, 101));
  g_test_assert_expected_messages ();
  g_test_expect_message ("msgflow-linkstate", G_LOG_LEVEL_CRITICAL, "*connector*");
  g_assert_false (mf_link_state_set_status (v, t->n_connectors, MF_LINK_DOWN));
  g_test_assert_expected_messages ();
  assert_version (v, 0, 1, 0, 0);
}

static void
test_copy (void)
{
  g_autoptr (MfTopology) t = mf_test_load (TOPO);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfLinkState) copy = NULL;
  g_autoptr (MfLinkState) other = mf_link_state_new (t);

  mf_link_state_set_status (v, 0, MF_LINK_DOWN);
  copy = mf_link_state_copy (v);
  g_assert_true (mf_link_state_equal (v, copy));
  /* Changing the copy leaves the original alone. */
  mf_link_state_set_status (copy, 1, MF_LINK_DOWN);
  mf_link_state_set_cost (copy, 0, 7);
  g_assert_true (mf_link_state_is_up (v, 1));
  g_assert_cmpint (mf_link_state_get_cost (v, 0), ==, t->connectors[0].cost);
  g_assert_false (mf_link_state_equal (v, copy));
  /* assign makes an existing view equal without aliasing. */
  mf_link_state_assign (other, copy);
  g_assert_true (mf_link_state_equal (other, copy));
  mf_link_state_set_status (copy, 1, MF_LINK_UP);
  g_assert_false (mf_link_state_is_up (other, 1));
  mf_link_state_assign (other, other);
  g_assert_false (mf_link_state_is_up (other, 1));
}

static void
test_serialize (void)
{
  g_autoptr (MfTopology) t = mf_test_load (TOPO);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autofree char *text = NULL;
  static const char want[] =
    "organization Test\n"
    "routing-group A\n"
    " version 1.0.0\n"
    " master A2\n"
    "  member A1\n"
    "  member A2\n"
    " connector A-Net\n"
    "  type smtp\n"
    "  to -\n"
    "  state UP\n"
    "  cost 1\n"
    "  bridgehead A1\n"
    "  bridgehead A2\n"
    "  address-space SMTP:* 10\n"
    "  address-space SMTP:*.x.com 5\n"
    "  max-message-size 2097152\n"
    "  scope organization\n"
    " connector AB\n"
    "  type routing-group\n"
    "  to B\n"
    "  state DOWN\n"
    "  cost 10\n"
    "  bridgehead A1\n"
    "  remote-bridgehead B1\n"
    "  remote-bridgehead B2\n"
    "  max-message-size unlimited\n"
    "  scope organization\n"
    "routing-group B\n"
    " version 1.0.0\n"
    " master B1\n"
    "  member B1\n"
    "  member B2\n"
    " connector AB (reverse)\n"
    "  type routing-group\n"
    "  to A\n"
    "  state UP\n"
    "  cost 10\n"
    "  bridgehead B1\n"
    "  bridgehead B2\n"
    "  remote-bridgehead A1\n"
    "  max-message-size unlimited\n"
    "  scope organization\n"
    " connector B-Empty\n"
    "  type x400\n"
    "  to Empty\n"
    "  state UP\n"
    "  cost 3\n"
    "  bridgehead B1\n"
    "  bridgehead B2\n"
    "  max-message-size unlimited\n"
    "  scope organization\n"
    "routing-group Empty\n"
    " version 1.1.0\n"
    " master -\n";

  /* A state change of a connector of A bumps A: make it visible on a
   * group whose name sorts last to check the order is by name. */
  mf_link_state_set_status (v, mf_test_connector (t, "AB"), MF_LINK_DOWN);
  mf_link_state_bump_user (v, 2);
  mf_link_state_set_status (v, mf_test_connector (t, "AB"), MF_LINK_DOWN);
  text = mf_link_state_serialize (v);
  /* Versions: A went to 1.1.0, Empty to 1.0.1; patch the expectation. */
  {
    g_autoptr (GString) w = g_string_new (want);
    g_string_replace (w, "routing-group A\n version 1.0.0", "routing-group A\n version 1.1.0", 1);
    g_string_replace (w, "routing-group Empty\n version 1.1.0", "routing-group Empty\n version 1.0.1", 1);
    g_assert_cmpstr (text, ==, w->str);
  }
}

static void
test_digest (void)
{
  g_autoptr (MfTopology) t = mf_test_load (TOPO);
  g_autoptr (MfTopology) shuffled = mf_test_load (TOPO_SHUFFLED);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autoptr (MfLinkState) w = mf_link_state_new (shuffled);
  g_autoptr (MfLinkState) copy = mf_link_state_copy (v);
  g_autofree char *d1 = mf_link_state_digest (v);
  g_autofree char *d2 = mf_link_state_digest (w);
  g_autofree char *d3 = mf_link_state_digest (copy);
  g_autofree char *text = mf_link_state_serialize (v);
  g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
  g_autofree char *d4 = NULL;
  g_autofree char *d5 = NULL;

  g_assert_cmpuint (strlen (d1), ==, 32);
  for (const char *p = d1; *p; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
  g_assert_cmpstr (d1, ==, md5);
  /* Order in the file does not matter: the serialisation is canonical. */
  g_assert_cmpstr (d1, ==, d2);
  g_assert_cmpstr (d1, ==, d3);
  /* Every change shows: state, then back (the version still differs). */
  mf_link_state_set_status (copy, 0, MF_LINK_DOWN);
  d4 = mf_link_state_digest (copy);
  g_assert_cmpstr (d1, !=, d4);
  mf_link_state_set_status (copy, 0, MF_LINK_UP);
  d5 = mf_link_state_digest (copy);
  g_assert_cmpstr (d1, !=, d5);
  g_assert_cmpstr (d4, !=, d5);
}

static void
test_routing_hash (void)
{
  g_autoptr (MfTopology) t = mf_test_load (TOPO);
  g_autoptr (MfLinkState) a = mf_link_state_new (t);
  g_autoptr (MfLinkState) b = mf_link_state_new (t);

  g_assert_cmpuint (mf_link_state_routing_hash (a), ==, mf_link_state_routing_hash (b));
  mf_link_state_set_status (a, 0, MF_LINK_DOWN);
  g_assert_cmpuint (mf_link_state_routing_hash (a), !=, mf_link_state_routing_hash (b));
  g_assert_false (mf_link_state_routing_equal (a, b));
  /* Same states and costs by another history: same hash, routing-equal,
   * but not the same table (versions). */
  mf_link_state_set_cost (a, 1, 50);
  mf_link_state_set_status (a, 0, MF_LINK_UP);
  mf_link_state_set_cost (a, 1, t->connectors[1].cost);
  g_assert_cmpuint (mf_link_state_routing_hash (a), ==, mf_link_state_routing_hash (b));
  g_assert_true (mf_link_state_routing_equal (a, b));
  g_assert_false (mf_link_state_equal (a, b));
  /* Two connectors swapped states: different. */
  mf_link_state_set_status (a, 0, MF_LINK_DOWN);
  mf_link_state_set_status (b, 1, MF_LINK_DOWN);
  g_assert_false (mf_link_state_routing_equal (a, b));
}

static void
test_servers_down (void)
{
  g_autoptr (MfTopology) t = mf_test_load (TOPO);
  g_autoptr (MfLinkState) v = mf_link_state_new (t);
  g_autofree gboolean *down = g_new0 (gboolean, t->n_servers);
  int ab = mf_test_connector (t, "AB"), ba = mf_test_connector (t, "AB (reverse)"), net = mf_test_connector (t, "A-Net"),
      be = mf_test_connector (t, "B-Empty");

  /* B1 alone: AB still has B2 at the far end; nothing goes down. */
  down[mf_topo_find_server (t, "B1")] = TRUE;
  g_assert_cmpint (mf_link_state_apply_servers_down (v, down), ==, 0);
  /* A1 is AB's only bridgehead and the mirror's only remote one. */
  down[mf_topo_find_server (t, "A1")] = TRUE;
  g_assert_cmpint (mf_link_state_apply_servers_down (v, down), ==, 2);
  g_assert_false (mf_link_state_is_up (v, ab));
  g_assert_false (mf_link_state_is_up (v, ba));
  g_assert_true (mf_link_state_is_up (v, net)); /* A2 still sends */
  g_assert_true (mf_link_state_is_up (v, be));
  /* B1 and B2: B-Empty loses its senders; Empty has no server to lose. */
  down[mf_topo_find_server (t, "B2")] = TRUE;
  g_assert_cmpint (mf_link_state_apply_servers_down (v, down), ==, 1);
  g_assert_false (mf_link_state_is_up (v, be));
  down[mf_topo_find_server (t, "A2")] = TRUE;
  g_assert_cmpint (mf_link_state_apply_servers_down (v, down), ==, 1);
  g_assert_false (mf_link_state_is_up (v, net));
}

static void
test_merge (void)
{
  g_autoptr (MfTopology) t = mf_test_load (TOPO);
  g_autoptr (MfLinkState) mine = mf_link_state_new (t);
  g_autoptr (MfLinkState) theirs = mf_link_state_new (t);
  g_autoptr (MfLinkState) want = NULL;
  int ab = mf_test_connector (t, "AB"), ba = mf_test_connector (t, "AB (reverse)");

  /* Theirs is newer for A, mine is newer for B. */
  mf_link_state_set_status (theirs, ab, MF_LINK_DOWN);
  mf_link_state_set_cost (theirs, ab, 20);
  mf_link_state_set_status (theirs, ba, MF_LINK_DOWN); /* B: 1.1.0 */
  mf_link_state_set_status (mine, ba, MF_LINK_DOWN);
  mf_link_state_set_status (mine, ba, MF_LINK_UP);     /* B: 1.2.0 */
  want = mf_link_state_copy (mine);
  mf_link_state_set_status (want, ab, MF_LINK_DOWN);
  mf_link_state_set_cost (want, ab, 20);

  g_assert_cmpint (mf_link_state_merge (mine, theirs), ==, 1);
  g_assert_false (mf_link_state_is_up (mine, ab));
  g_assert_cmpint (mf_link_state_get_cost (mine, ab), ==, 20);
  g_assert_true (mf_link_state_is_up (mine, ba));
  assert_version (mine, 0, 2, 1, 0);
  assert_version (mine, 1, 1, 2, 0);
  /* The routing hash follows the merge. */
  g_assert_true (mf_link_state_routing_equal (mine, want));
  /* Merging again changes nothing. */
  g_assert_cmpint (mf_link_state_merge (mine, theirs), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/linkstate/initial", test_initial);
  g_test_add_func ("/linkstate/versions", test_versions);
  g_test_add_func ("/linkstate/misuse", test_misuse);
  g_test_add_func ("/linkstate/copy-does-not-alias", test_copy);
  g_test_add_func ("/linkstate/serialize", test_serialize);
  g_test_add_func ("/linkstate/digest", test_digest);
  g_test_add_func ("/linkstate/routing-hash", test_routing_hash);
  g_test_add_func ("/linkstate/servers-down", test_servers_down);
  g_test_add_func ("/linkstate/merge", test_merge);
  return g_test_run ();
}
