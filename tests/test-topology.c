/* test-topology.c — the loader and the validation rules: what a valid file
 * becomes, what every limit does, and that serialising a model and loading
 * it again gives the same model.  The malformed corpus (test-malformed.c)
 * covers one message per rule; this file covers the model. */
#include "model/topology.h"
#include "analyze/lint.h"

#include <string.h>

#define BASE \
  "[organization]\nname = Test\n" \
  "[routing-group A]\n[routing-group B]\n" \
  "[server A1]\nrouting-group = A\nmailboxes = 10\n" \
  "[server A2]\nrouting-group = A\n" \
  "[server B1]\nrouting-group = B\n"

static MfTopology *
load (const char *text, GError **error)
{
  return mf_topo_parse_data ("t.topo", text, strlen (text), error);
}

static MfTopology *
load_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = load (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

static void
assert_fails (const char *text, const char *want_message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) t = load (text, &error);
  g_assert_null (t);
  g_assert_error (error, MF_TOPO_ERROR, MF_TOPO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, want_message);
}

static void
test_defaults (void)
{
  g_autoptr (MfTopology) t = load_ok (BASE);
  const MfOrganization *o = &t->org;

  g_assert_cmpstr (o->name, ==, "Test");
  g_assert_cmpint (o->max_hop_count, ==, 30);
  g_assert_cmpint (o->glitch_retry_us, ==, 60 * MF_US_PER_SECOND);
  g_assert_cmpint (o->glitch_retries, ==, 3);
  g_assert_cmpint (o->retry_us[0], ==, 10 * MF_US_PER_MINUTE);
  g_assert_cmpint (o->retry_us[3], ==, 15 * MF_US_PER_MINUTE);
  g_assert_cmpint (o->link_probe_interval_us, ==, 60 * MF_US_PER_SECOND);
  g_assert_cmpint (o->unreachable_retry_us, ==, 15 * MF_US_PER_MINUTE);
  g_assert_cmpint (o->delay_notification_us, ==, 12 * MF_US_PER_HOUR);
  g_assert_cmpint (o->expiration_us, ==, 2 * MF_US_PER_DAY);
  g_assert_cmpint (o->link_state_delay_us, ==, MF_US_PER_SECOND);
  g_assert_false (o->suppress_state_changes);
  g_assert_cmpint (o->start_us, ==, 0);
  g_assert_cmpint (o->duration_us, ==, MF_US_PER_DAY);
  g_assert_cmpint (o->warmup_us, ==, 0);
  g_assert_cmpint (o->sample_interval_us, ==, MF_US_PER_MINUTE);
  g_assert_cmpuint (o->seed, ==, 1);

  g_assert_cmpint (t->n_routing_groups, ==, 2);
  g_assert_cmpint (t->n_servers, ==, 3);
  g_assert_cmpint (t->servers[0].virtual_servers, ==, 1);
  g_assert_cmpint (t->servers[0].categorizer.kind, ==, MF_DIST_EXP);
  g_assert_cmpfloat (t->servers[0].categorizer.a, ==, 5000.0);
  g_assert_cmpint (t->servers[0].max_outbound_connections, ==, 1000);
  g_assert_cmpint (t->servers[0].max_connections_per_domain, ==, 100);
  g_assert_cmpint (t->servers[0].messages_per_connection, ==, 20);
  g_assert_cmpuint (t->servers[0].max_message_size, ==, MF_SIZE_UNLIMITED);
  g_assert_cmpint (t->servers[1].mailboxes, ==, 0);
  g_assert_false (t->traffic.present);

  /* Members in file order; the master defaults to the first. */
  g_assert_cmpint (t->routing_groups[0].n_members, ==, 2);
  g_assert_cmpint (t->routing_groups[0].members[0], ==, 0);
  g_assert_cmpint (t->routing_groups[0].members[1], ==, 1);
  g_assert_cmpint (t->routing_groups[0].master, ==, 0);
  g_assert_cmpint (t->routing_groups[1].master, ==, 2);
}

static void
test_connectors_and_mirrors (void)
{
  g_autoptr (MfTopology) t = load_ok (
      BASE
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\ncost = 7\n"
      "bridgeheads = A2\nreverse = true\nbandwidth = 2Mbit\nlatency = 40ms\n"
      "schedule = Mon-Fri 18:00-07:00\n"
      "[connector Internet]\ntype = smtp\nfrom = B\n"
      "address-spaces = SMTP:* 10, SMTP:*.fabrikam.com 5\nscope = routing-group\n");
  const MfConnector *ab, *ba, *inet;

  g_assert_cmpint (t->n_connectors, ==, 3);
  ab = &t->connectors[0];
  ba = &t->connectors[1];
  inet = &t->connectors[2];
  g_assert_cmpstr (ab->name, ==, "A-B");
  g_assert_cmpstr (ba->name, ==, "A-B (reverse)");
  g_assert_true (ba->is_mirror);
  g_assert_false (ab->is_mirror);
  g_assert_cmpint (ab->mirror, ==, 1);
  g_assert_cmpint (ba->mirror, ==, 0);
  g_assert_cmpint (ba->from, ==, 1);
  g_assert_cmpint (ba->to, ==, 0);
  g_assert_cmpint (ba->cost, ==, 7);
  /* Bridgeheads swap: the mirror sends from B1 and delivers to A2. */
  g_assert_cmpint (ab->n_bridgeheads, ==, 1);
  g_assert_cmpint (ab->bridgeheads[0], ==, 1);
  g_assert_cmpint (ab->n_remote_bridgeheads, ==, 1);
  g_assert_cmpint (ab->remote_bridgeheads[0], ==, 2);
  g_assert_true (ab->remote_bridgeheads_default);
  g_assert_cmpint (ba->n_bridgeheads, ==, 1);
  g_assert_cmpint (ba->bridgeheads[0], ==, 2);
  g_assert_cmpint (ba->n_remote_bridgeheads, ==, 1);
  g_assert_cmpint (ba->remote_bridgeheads[0], ==, 1);
  g_assert_cmpuint (ab->bandwidth_bps, ==, 2000000);
  g_assert_cmpint (ab->latency_us, ==, 40000);
  g_assert_cmpuint (ba->schedule.n_windows, ==, ab->schedule.n_windows);
  g_assert_false (mf_schedule_open_at (&ba->schedule, 12 * 60));

  g_assert_cmpint (inet->type, ==, MF_CONNECTOR_SMTP);
  g_assert_cmpint (inet->to, ==, -1);
  g_assert_cmpint (inet->n_address_spaces, ==, 2);
  g_assert_cmpstr (inet->address_spaces[1].pattern, ==, "*.fabrikam.com");
  g_assert_cmpint (inet->address_spaces[1].cost, ==, 5);
  g_assert_cmpint (inet->scope, ==, MF_SCOPE_ROUTING_GROUP);
  g_assert_cmpint (inet->n_remote_bridgeheads, ==, 0);

  /* Per-group lists of outgoing connectors. */
  g_assert_cmpint (t->routing_groups[0].n_connectors, ==, 1);
  g_assert_cmpint (t->routing_groups[1].n_connectors, ==, 2);
  g_assert_cmpint (mf_topo_find_connector (t, "A-B (reverse)"), ==, 1);
  g_assert_cmpint (mf_topo_find_connector (t, "nope"), ==, -1);
}

static void
test_forward_references_and_comments (void)
{
  /* Connectors and servers may come before the groups they name; a value
   * may end in " # comment"; CRLF line ends are accepted. */
  g_autoptr (MfTopology) t = load_ok (
      "# leading comment\r\n"
      "[connector X]\r\ntype = routing-group # the usual kind\r\nfrom = G1\r\nto = G2\r\n"
      "cost = 3 # cheap\r\n"
      "[server S2]\r\nrouting-group = G2\r\n"
      "[server S1]\r\nrouting-group = G1\r\ncategorizer = const(0)\r\n"
      "[routing-group G1]\r\n[routing-group G2]\r\nmaster = S2\r\n"
      "[organization]\r\nname = Fwd#1 \r\n");
  g_assert_cmpint (t->connectors[0].cost, ==, 3);
  g_assert_cmpint (t->connectors[0].from, ==, 0);
  g_assert_cmpint (t->routing_groups[1].master, ==, 0);
  /* A '#' not preceded by a space is part of the value. */
  g_assert_cmpstr (t->org.name, ==, "Fwd#1");
  /* Zero is a valid service time. */
  g_assert_cmpint (t->servers[1].categorizer.kind, ==, MF_DIST_CONST);
  g_assert_cmpfloat (t->servers[1].categorizer.a, ==, 0.0);
}

static void
test_times_relative_to_start (void)
{
  g_autoptr (MfTopology) t = load_ok (
      "[organization]\nname = T\nstart = Wed 12:00\nduration = 7d\n"
      "[routing-group A]\n[server S]\nrouting-group = A\n"
      "[connector C]\ntype = smtp\nfrom = A\naddress-spaces = SMTP:*\n"
      "[event late]\nat = Tue 12:00\ntarget = connector C\naction = down\nduration = 1h\n"
      "[event soon]\nat = Wed 13:00\ntarget = server S\naction = down\n"
      "[event offset]\nat = 30m\ntarget = connector C\naction = cost 5\n"
      "[flow F]\nfrom = server S\nto = domain Fabrikam.com\nrate = 1/m\nstart = Thu 12:00\n"
      "end = 2d\n");
  g_assert_cmpint (t->org.start_us, ==, 2 * MF_US_PER_DAY + 12 * MF_US_PER_HOUR);
  /* Events sorted by time: 30m, 1h (Wed 13:00), 6d (next Tuesday 12:00). */
  g_assert_cmpstr (t->events[0].name, ==, "offset");
  g_assert_cmpint (t->events[0].at_us, ==, 30 * MF_US_PER_MINUTE);
  g_assert_cmpint (t->events[0].action, ==, MF_ACTION_COST);
  g_assert_cmpint (t->events[0].cost, ==, 5);
  g_assert_cmpstr (t->events[1].name, ==, "soon");
  g_assert_cmpint (t->events[1].at_us, ==, MF_US_PER_HOUR);
  g_assert_cmpint (t->events[1].target_kind, ==, MF_TARGET_SERVER);
  g_assert_cmpstr (t->events[2].name, ==, "late");
  g_assert_cmpint (t->events[2].at_us, ==, 6 * MF_US_PER_DAY);
  g_assert_cmpint (t->events[2].duration_us, ==, MF_US_PER_HOUR);
  g_assert_cmpint (t->flows[0].start_us, ==, MF_US_PER_DAY);
  g_assert_cmpint (t->flows[0].end_us, ==, 2 * MF_US_PER_DAY);
  g_assert_cmpint (t->flows[0].to_kind, ==, MF_ENDPOINT_DOMAIN);
  g_assert_cmpstr (t->flows[0].to_domain, ==, "fabrikam.com");
}

static void
test_traffic_and_flows (void)
{
  g_autoptr (MfTopology) t = load_ok (
      BASE
      "[traffic]\nmessages-per-mailbox = 48/day\ndiurnal = business\nrecipients = 2\n"
      "size = lognormal(50KB, 1.0)\nexternal-share = 10%\nexternal-domain = Example.COM\n"
      "[flow In]\nfrom = external\nvia = server B1\nto = routing-group A\nrate = 60/h\n"
      "arrivals = uniform\nrecipients = geometric(2)\nsize = uniform(1KB, 2KB)\n");
  double sum = 0;

  g_assert_true (t->traffic.present);
  g_assert_cmpfloat_with_epsilon (t->traffic.messages_per_mailbox_per_s, 48.0 / 86400, 1e-15);
  g_assert_cmpint (t->traffic.diurnal_kind, ==, MF_DIURNAL_BUSINESS);
  for (int h = 0; h < 24; h++)
    sum += t->traffic.diurnal[h];
  g_assert_cmpfloat_with_epsilon (sum, 24.0, 1e-9);
  g_assert_cmpfloat (t->traffic.diurnal[10], >, t->traffic.diurnal[3]);
  g_assert_cmpfloat_with_epsilon (t->traffic.external_share, 0.10, 1e-12);
  g_assert_cmpstr (t->traffic.external_domain, ==, "example.com");

  g_assert_cmpint (t->flows[0].from_kind, ==, MF_ENDPOINT_EXTERNAL);
  g_assert_cmpint (t->flows[0].via, ==, 2);
  g_assert_cmpint (t->flows[0].to_kind, ==, MF_ENDPOINT_ROUTING_GROUP);
  g_assert_cmpint (t->flows[0].to, ==, 0);
  g_assert_cmpint (t->flows[0].arrivals, ==, MF_ARRIVALS_UNIFORM);
  g_assert_cmpint (t->flows[0].end_us, ==, G_MAXINT64);
}

static void
test_semantic_errors_all_reported (void)
{
  /* Several independent faults: each reported at its own line, in order. */
  assert_fails (BASE
                "[connector C]\ntype = routing-group\nfrom = A\nto = B\ncost = 0\n"
                "bridgeheads = B1\n"
                "[routing-group E]\nmaster = A1\n",
                "t.topo:16: connector C: cost 0 is out of range 1..100\n"
                "t.topo:17: connector C: bridgeheads: server B1 is not in routing group A\n"
                "t.topo:19: routing-group E: master A1 is not a member of routing group E");
  assert_fails ("[routing-group A]\n[server S]\nrouting-group = A\n",
                "t.topo: missing [organization] section");
  assert_fails ("[organization]\nname = x\n[server S]\nrouting-group = A\n",
                "t.topo:4: server S: routing-group: no routing group named 'A'\n"
                "t.topo: missing [routing-group NAME] section: at least one is needed");
}

static void
test_error_limit (void)
{
  GString *s = g_string_new (BASE);
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) t = NULL;
  g_auto (GStrv) lines = NULL;

  for (int i = 0; i < 30; i++)
    g_string_append_printf (s, "[connector C%d]\ntype = bogus\nfrom = A\nto = B\n", i);
  t = load (s->str, &error);
  g_string_free (s, TRUE);
  g_assert_null (t);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 21);
  g_assert_cmpstr (lines[20], ==, "t.topo: 10 more errors not shown");
}

static void
test_limits (void)
{
  g_autoptr (GError) error = NULL;
  GString *s;
  MfTopology *t;

  /* A line over 64 KiB. */
  s = g_string_new (BASE "[connector C]\ntype = smtp\nfrom = A\naddress-spaces = ");
  while (s->len < 70 * 1024)
    g_string_append (s, "SMTP:*.a.com 1, ");
  g_string_append (s, "SMTP:* 1\n");
  t = load (s->str, &error);
  g_assert_null (t);
  g_assert_cmpstr (error->message, ==, "t.topo:15: line is longer than the limit of 65536 bytes");
  g_clear_error (&error);
  g_string_free (s, TRUE);

  /* A file over 16 MiB is refused before it is read. */
  {
    gsize n = MF_TOPO_MAX_FILE_BYTES + 1;
    char *big = g_malloc (n);
    memset (big, '#', n);
    t = mf_topo_parse_data ("big.topo", big, n, &error);
    g_free (big);
    g_assert_null (t);
    g_assert_cmpstr (error->message, ==, "big.topo: the file is larger than the limit of 16777216 bytes");
    g_clear_error (&error);
  }

  /* 1,001 servers load (Exchange's limit is 1,000: a warning of check,
   * test-lint); 10,001 are refused. */
  s = g_string_new ("[organization]\nname = T\n[routing-group A]\n");
  for (int i = 0; i < 1001; i++)
    g_string_append_printf (s, "[server S%d]\nrouting-group = A\n", i);
  t = load (s->str, &error);
  g_assert_no_error (error);
  g_assert_cmpint (t->n_servers, ==, 1001);
  g_clear_pointer (&t, mf_topo_free);
  for (int i = 1001; i < 10001; i++)
    g_string_append_printf (s, "[server S%d]\nrouting-group = A\n", i);
  t = load (s->str, &error);
  g_assert_null (t);
  g_assert_cmpstr (error->message, ==, "t.topo:20004: more than 10000 servers (msgflow's limit)");
  g_clear_error (&error);
  g_string_free (s, TRUE);

  /* 1,000 connectors out of one group load; a two-way pair counts twice. */
  s = g_string_new ("[organization]\nname = T\n[routing-group A]\n[server SA]\nrouting-group = A\n");
  for (int i = 0; i < 500; i++)
    g_string_append_printf (s, "[routing-group G%d]\n[connector A-G%d]\ntype = routing-group\n"
                            "from = A\nto = G%d\nreverse = true\n[connector A2-G%d]\n"
                            "type = routing-group\nfrom = A\nto = G%d\n", i, i, i, i, i);
  t = load_ok (s->str);
  g_assert_cmpint (t->routing_groups[0].n_connectors, ==, 1000);
  mf_topo_free (t);
  g_string_append (s, "[connector one-more]\ntype = smtp\nfrom = A\naddress-spaces = SMTP:*\n");
  t = load (s->str, &error);
  g_assert_null (t);
  g_assert_cmpstr (error->message, ==, "t.topo:3: routing-group A: 1001 connectors, more than "
                                       "Exchange's limit of 1000 per routing group");
  g_string_free (s, TRUE);
}

static void
test_bytes (void)
{
  static const char nul[] = "[organization]\nname = a\0b\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) t = mf_topo_parse_data ("n.topo", nul, sizeof nul - 1, &error);
  g_assert_null (t);
  g_assert_true (g_str_has_prefix (error->message, "n.topo:2: NUL byte in the line\n"));
  assert_fails ("", "t.topo: the file is empty");
  assert_fails ("  \n\n\t\n", "t.topo: the file is empty");
}

/* Exchange's names: spaces in routing group and connector names, every
 * name matched without regard to case or to repeated spaces, keywords in
 * any case, and the name kept as its header writes it. */
static void
test_exchange_names (void)
{
  g_autoptr (MfTopology) t = load_ok (
    "[organization]\nname = Names\n"
    "[routing-group   First Routing Group  ]\n"
    "[routing-group Branch  Office]\n"
    "[server EX01]\nrouting-group = first routing group\n"
    "[server EX02]\nrouting-group = FIRST   ROUTING GROUP\n"
    "[server BR-EX01]\nrouting-group = branch office\n"
    "[connector Branch Office RGC]\ntype = Routing-Group\nfrom = First Routing Group\n"
    "to = Branch Office\nbridgeheads = ex01, Ex02\nremote-bridgeheads = br-ex01\n"
    "reverse = TRUE\nscope = Organization\n"
    "[connector Internet Connector]\ntype = SMTP\nfrom = first routing group\n"
    "address-spaces = SMTP:* 1\n"
    "[connector X]\ntype = X400\nfrom = Branch Office\nto = First Routing Group\n"
    "[flow f]\nfrom = Routing-Group Branch Office\nto = Server ex02\nrate = 1/h\n"
    "arrivals = Uniform\n"
    "[event e]\nat = 1h\ntarget = Connector branch office rgc\naction = Cost 5\n");
  int first = mf_topo_find_routing_group (t, "First Routing Group");
  int branch = mf_topo_find_routing_group (t, "branch office");
  int rgc = mf_topo_find_connector (t, "BRANCH OFFICE RGC");
  int mirror = mf_topo_find_connector (t, "branch office rgc (REVERSE)");

  g_assert_cmpint (first, ==, 0);
  g_assert_cmpint (branch, ==, 1);
  /* Names as written, trimmed; repeated spaces inside are kept for display. */
  g_assert_cmpstr (t->routing_groups[0].name, ==, "First Routing Group");
  g_assert_cmpstr (t->routing_groups[1].name, ==, "Branch  Office");
  g_assert_cmpint (mf_topo_find_routing_group (t, " branch office "), ==, 1);
  g_assert_cmpint (mf_topo_find_routing_group (t, "branchoffice"), ==, -1);
  g_assert_cmpint (mf_topo_find_server (t, "ex01"), ==, 0);
  g_assert_cmpint (t->servers[1].routing_group, ==, first);
  g_assert_cmpint (t->servers[2].routing_group, ==, branch);
  g_assert_cmpint (rgc, ==, 0);
  g_assert_cmpint (mirror, ==, 1);
  g_assert_cmpstr (t->connectors[mirror].name, ==, "Branch Office RGC (reverse)");
  g_assert_cmpint (t->connectors[rgc].type, ==, MF_CONNECTOR_ROUTING_GROUP);
  g_assert_cmpint (t->connectors[rgc].n_bridgeheads, ==, 2);
  g_assert_cmpint (t->connectors[rgc].bridgeheads[1], ==, 1);
  g_assert_cmpint (t->connectors[mirror].from, ==, branch);
  g_assert_cmpint (t->connectors[mf_topo_find_connector (t, "internet connector")].type, ==,
                   MF_CONNECTOR_SMTP);
  g_assert_cmpint (t->connectors[mf_topo_find_connector (t, "x")].type, ==, MF_CONNECTOR_X400);
  g_assert_cmpint (t->flows[0].from_kind, ==, MF_ENDPOINT_ROUTING_GROUP);
  g_assert_cmpint (t->flows[0].to, ==, 1);
  g_assert_cmpint (t->flows[0].arrivals, ==, MF_ARRIVALS_UNIFORM);
  g_assert_cmpint (t->events[0].target, ==, rgc);
  g_assert_cmpint (t->events[0].action, ==, MF_ACTION_COST);
  g_assert_cmpint (t->events[0].cost, ==, 5);
  g_assert_true (mf_topo_name_equal ("A  b ", " a B"));
  g_assert_cmpuint (mf_topo_name_hash ("A  b "), ==, mf_topo_name_hash (" a B"));
  g_assert_false (mf_topo_name_equal ("ab", "a b"));

  /* Written back with its spaces, it loads to the same model. */
  {
    g_autofree char *text = mf_topo_to_string (t);
    g_autoptr (MfTopology) u = load_ok (text);
    g_autofree char *again = mf_topo_to_string (u);
    g_assert_cmpstr (text, ==, again);
    g_assert_nonnull (strstr (text, "[routing-group Branch  Office]\n"));
    g_assert_nonnull (strstr (text, "target = connector Branch Office RGC\n"));
  }

  /* Two names that differ only in case (or spaces) are one name. */
  assert_fails ("[organization]\nname = N\n[routing-group First Group]\n[server S]\n"
                "routing-group = First Group\n[routing-group first  group]\n",
                "t.topo:6: duplicate section [routing-group first  group]: names ignore case "
                "and repeated spaces, and [routing-group First Group] is at line 3");
  assert_fails ("[organization]\nname = N\n[routing-group G]\n[server S 1]\nrouting-group = G\n",
                "t.topo:4: server name 'S 1' has characters other than A-Z a-z 0-9 . _ -");
}

static void
test_round_trip_examples (void)
{
  g_autoptr (GDir) dir = g_dir_open ("topologies", 0, NULL);
  const char *name;
  int n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (MfTopology) a = NULL;
      g_autoptr (MfTopology) b = NULL;
      g_autoptr (GPtrArray) warnings = NULL;
      g_autofree char *text_a = NULL;
      g_autofree char *text_b = NULL;

      if (!g_str_has_suffix (name, ".topo"))
        continue;
      path = g_build_filename ("topologies", name, NULL);
      a = mf_topo_load_file (path, &error);
      g_assert_no_error (error);
      warnings = mf_lint (a);
      g_assert_cmpuint (warnings->len, ==, 0);
      text_a = mf_topo_to_string (a);
      b = mf_topo_parse_data (path, text_a, strlen (text_a), &error);
      g_assert_no_error (error);
      g_assert_cmpint (a->n_connectors, ==, b->n_connectors);
      g_assert_cmpint (a->n_servers, ==, b->n_servers);
      g_assert_cmpint (a->n_events, ==, b->n_events);
      text_b = mf_topo_to_string (b);
      g_assert_cmpstr (text_a, ==, text_b);
      n++;
    }
  g_assert_cmpint (n, >=, 6);
}

static void
test_lint_flows_and_events (void)
{
  g_autoptr (MfTopology) t = load_ok (
      "[organization]\nname = T\n[routing-group A]\n[server A1]\nrouting-group = A\n"
      "[flow Silent]\nfrom = server A1\nto = server A1\nrate = 0/h\n"
      "[flow Late]\nfrom = server A1\nto = server A1\nrate = 1/h\nstart = 2d\n"
      "[event Never]\nat = 30d\ntarget = server A1\naction = down\n");
  g_autoptr (GPtrArray) w = mf_lint (t);
  g_assert_cmpuint (w->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (w, 0), ==, "t.topo:6: warning: flow Silent has rate 0: it sends nothing");
  g_assert_cmpstr (g_ptr_array_index (w, 1), ==, "t.topo:10: warning: flow Late starts after the end of the run: it sends nothing");
  g_assert_cmpstr (g_ptr_array_index (w, 2), ==, "t.topo:15: warning: event Never comes after the end of the run: it never happens");
}

/* Past Exchange's 1,000 servers check warns, at the 1,001st server; at
 * 1,000 it does not. */
static void
test_lint_servers_over_exchange_limit (void)
{
  for (int n = 1000; n <= 1001; n++)
    {
      g_autoptr (GString) s = g_string_new ("[organization]\nname = T\n[routing-group A]\n");
      for (int i = 0; i < n; i++)
        g_string_append_printf (s, "[server S%d]\nrouting-group = A\n", i);
      g_autoptr (MfTopology) t = load_ok (s->str);
      g_autoptr (GPtrArray) w = mf_lint (t);
      if (n == 1000)
        g_assert_cmpuint (w->len, ==, 0);
      else
        {
          g_assert_cmpuint (w->len, ==, 1);
          g_assert_cmpstr (g_ptr_array_index (w, 0), ==,
                           "t.topo:2004: warning: 1001 servers: Exchange 2003 supports at most "
                           "1000 in an organisation; the results describe an organisation "
                           "Microsoft did not support");
        }
    }
}

static void
test_lint (void)
{
  g_autoptr (MfTopology) t = load_ok (
      BASE
      "[routing-group Empty]\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\n"
      "[connector B-A]\ntype = x400\nfrom = B\nto = A\nschedule = never\n"
      "[connector A-Empty]\ntype = routing-group\nfrom = A\nto = Empty\n");
  g_autoptr (GPtrArray) w = mf_lint (t);
  g_assert_cmpuint (w->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (w, 0), ==, "t.topo:12: warning: routing group Empty has no servers");
  g_assert_cmpstr (g_ptr_array_index (w, 1), ==, "t.topo:12: warning: routing group Empty reaches no other group");
  g_assert_cmpstr (g_ptr_array_index (w, 2), ==, "t.topo:17: warning: connector B-A has schedule 'never': it carries no mail");
  g_assert_cmpstr (g_ptr_array_index (w, 3), ==, "t.topo:22: warning: connector A-Empty is one-way: no connector leads back from Empty to A (set reverse = true or add one)");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topology/defaults", test_defaults);
  g_test_add_func ("/topology/connectors-and-mirrors", test_connectors_and_mirrors);
  g_test_add_func ("/topology/forward-references-and-comments", test_forward_references_and_comments);
  g_test_add_func ("/topology/times-relative-to-start", test_times_relative_to_start);
  g_test_add_func ("/topology/traffic-and-flows", test_traffic_and_flows);
  g_test_add_func ("/topology/semantic-errors-all-reported", test_semantic_errors_all_reported);
  g_test_add_func ("/topology/error-limit", test_error_limit);
  g_test_add_func ("/topology/limits", test_limits);
  g_test_add_func ("/topology/bytes", test_bytes);
  g_test_add_func ("/topology/exchange-names", test_exchange_names);
  g_test_add_func ("/topology/round-trip-examples", test_round_trip_examples);
  g_test_add_func ("/topology/lint", test_lint);
  g_test_add_func ("/topology/lint-servers-over-exchange-limit", test_lint_servers_over_exchange_limit);
  g_test_add_func ("/topology/lint-flows-and-events", test_lint_flows_and_events);
  return g_test_run ();
}
