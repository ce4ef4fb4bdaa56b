/* test-analyze.c — `msgflow analyze` (analyze.h, analyze-report.h,
 * failure.h, cmd-analyze.c).
 *
 * Hand-made topologies first, one with a known answer for every finding
 * id, for the what-if figures of a small hub and spoke, for hops and
 * shapes.  Then a property test: on hundreds of random topologies every
 * N−1 entry (and, on the smaller ones, every pair of failures), the single
 * points of failure, the baseline reachability, the longest routes and the
 * equal-cost pairs must equal a brute force written here — each failure
 * applied by hand to the model, then Floyd–Warshall, the address-space
 * rules and an enumeration of simple paths — that never calls the router.
 */
#include "analyze/analyze-report.h"
#include "analyze/analyze.h"
#include "cli/cli.h"
#include "model/failure.h"
#include "base/igraph-util.h"
#include "test-util.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static MfAnalysis *
analyze_k (const MfTopology *t, MfRouter **router_out, const MfAnalyzeOptions *opts)
{
  g_autoptr (GError) error = NULL;
  MfRouter *router = mf_router_new (t, &error);
  MfAnalysis *a;

  g_assert_no_error (error);
  a = mf_analyze (router, opts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  *router_out = router;
  return a;
}

/* The analysis with default options; the router goes into @keep. */
static MfAnalysis *
analyze (const MfTopology *t, MfRouter **keep)
{
  MfAnalyzeOptions o;
  mf_analyze_options_init (&o);
  return analyze_k (t, keep, &o);
}

static int
count_findings (const MfAnalysis *a, const char *id)
{
  int n = 0;
  for (guint i = 0; i < a->findings->len; i++)
    n += strcmp (((const MfFinding *) g_ptr_array_index (a->findings, i))->id, id) == 0;
  return n;
}

/* The first finding with @id; asserts its severity and that its message
 * holds @text. */
static void
assert_finding (const MfAnalysis *a, const char *id, MfSeverity severity, const char *text)
{
  for (guint i = 0; i < a->findings->len; i++)
    {
      const MfFinding *f = g_ptr_array_index (a->findings, i);
      if (strcmp (f->id, id) != 0 || strstr (f->message, text) == NULL)
        continue;
      g_assert_cmpstr (mf_severity_name (f->severity), ==, mf_severity_name (severity));
      return;
    }
  for (guint i = 0; i < a->findings->len; i++)
    {
      const MfFinding *f = g_ptr_array_index (a->findings, i);
      g_printerr ("  %s %s %s\n", mf_severity_name (f->severity), f->id, f->message);
    }
  g_error ("no finding %s with '%s'", id, text);
}

static const MfWhatIf *
what_if (const MfAnalysis *a, const char *text)
{
  MfFailure f;
  g_autoptr (GError) error = NULL;
  const MfWhatIf *w;

  g_assert_true (mf_failure_parse (a->topo, text, &f, &error));
  g_assert_no_error (error);
  w = mf_analysis_find_what_if (a, &f);
  g_assert_nonnull (w);
  return w;
}

static void
assert_what_if (const MfAnalysis *a, const char *text, int unreachable, int rerouted,
                int max_increase, int ext_unreachable, int ext_rerouted, int groups_down)
{
  const MfWhatIf *w = what_if (a, text);
  g_assert_cmpint (w->unreachable_pairs, ==, unreachable);
  g_assert_cmpint (w->rerouted_pairs, ==, rerouted);
  g_assert_cmpint (w->max_cost_increase, ==, max_increase);
  g_assert_cmpint (w->external_unreachable_pairs, ==, ext_unreachable);
  g_assert_cmpint (w->external_rerouted_pairs, ==, ext_rerouted);
  g_assert_cmpint (w->n_groups_down, ==, groups_down);
}

static gboolean
in_ids (const GArray *ids, int id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, int, i) == id)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------ topologies */

#define ORG "[organization]\nname = T\n"
#define RG(n) "[routing-group " n "]\n"
#define SRV(n, g) "[server " n "]\nrouting-group = " g "\nmailboxes = 10\n"
#define RGC(n, f, t, c) \
  "[connector " n "]\ntype = routing-group\nfrom = " f "\nto = " t "\ncost = " c "\n"
#define TWO_WAY "reverse = true\n"

/* A hub with three spokes; Hub has two bridgeheads, Beta's link uses only
 * one of them on the hub side. */
#define HUB \
  ORG RG ("Hub") RG ("Alpha") RG ("Beta") RG ("Gamma") \
  SRV ("H1", "Hub") SRV ("H2", "Hub") SRV ("A1", "Alpha") SRV ("B1", "Beta") SRV ("B2", "Beta") \
  SRV ("G1", "Gamma") \
  RGC ("H-A", "Hub", "Alpha", "10") TWO_WAY \
  RGC ("H-B", "Hub", "Beta", "10") TWO_WAY "bridgeheads = H1\nremote-bridgeheads = B1\n" \
  RGC ("H-G", "Hub", "Gamma", "10") TWO_WAY \
  RGC ("A-G", "Alpha", "Gamma", "50") TWO_WAY

static void
test_hub_what_if (void)
{
  g_autoptr (MfTopology) t = mf_test_load (HUB);
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);

  g_assert_cmpint (a->n_mail_groups, ==, 4);
  g_assert_cmpint (a->n_pairs, ==, 12);
  g_assert_cmpint (a->unreachable->len, ==, 0);
  g_assert_cmpint (a->n_link_failures, ==, 4);
  g_assert_cmpint (a->what_if->len, ==, 4 + 6);
  /* H-B cuts Beta off: 3 pairs each way. */
  assert_what_if (a, "connector H-B", 6, 0, 0, 0, 0, 0);
  /* H-A: Alpha reaches Gamma directly at 50, Hub and Beta through Gamma:
   * A->G and G->A +30, A->H, H->A, A->B, B->A +50. */
  assert_what_if (a, "connector H-A", 0, 6, 50, 0, 0, 0);
  assert_what_if (a, "connector H-G", 0, 6, 50, 0, 0, 0);
  /* A-G carries no lowest-cost route: nothing changes. */
  assert_what_if (a, "connector A-G", 0, 0, 0, 0, 0, 0);
  /* The reverse names the same link. */
  assert_what_if (a, "connector H-B (reverse)", 6, 0, 0, 0, 0, 0);
  /* H1 alone is the hub side of H-B; B1 the Beta side. */
  assert_what_if (a, "server H1", 6, 0, 0, 0, 0, 0);
  assert_what_if (a, "server B1", 6, 0, 0, 0, 0, 0);
  assert_what_if (a, "server H2", 0, 0, 0, 0, 0, 0);
  assert_what_if (a, "server B2", 0, 0, 0, 0, 0, 0);
  /* A1 is Alpha's only server: Alpha is out of the pairs, nothing else
   * routed through it. */
  assert_what_if (a, "server A1", 0, 0, 0, 0, 0, 1);
  g_assert_cmpint (what_if (a, "server A1")->groups_down[0], ==,
                   mf_topo_find_routing_group (t, "Alpha"));
  g_assert_cmpint (what_if (a, "server A1")->n_connectors_down, ==, 4);

  g_assert_cmpint (a->spof_connectors->len, ==, 1);
  g_assert_true (in_ids (a->spof_connectors, mf_topo_find_connector (t, "H-B")));
  g_assert_cmpint (a->spof_servers->len, ==, 2);
  g_assert_true (in_ids (a->spof_servers, mf_topo_find_server (t, "H1")));
  g_assert_true (in_ids (a->spof_servers, mf_topo_find_server (t, "B1")));

  /* Ranked: 6 unreachable first, ties in file order (links before
   * servers), then the servers that take a group down, then rerouting. */
  {
    const char *want[] = { "connector H-B", "server H1", "server B1", "server A1",
                           "server G1", "connector H-A", "connector H-G" };
    for (guint i = 0; i < G_N_ELEMENTS (want); i++)
      {
        const MfWhatIf *w = g_ptr_array_index (a->what_if, i);
        g_autofree char *d = mf_failure_describe (t, &w->failures[0]);
        g_assert_cmpstr (d, ==, want[i]);
      }
  }

  g_assert_cmpint (a->shape, ==, MF_SHAPE_MIXED);
  assert_finding (a, "single-point-of-failure", MF_SEVERITY_WARNING,
                  "server H1 (it alone is a bridgehead on one side of H-B and H-B (reverse))");
  assert_finding (a, "single-point-of-failure", MF_SEVERITY_WARNING,
                  "connector H-B: its failure alone leaves 6 pairs");
  g_assert_cmpint (count_findings (a, "single-point-of-failure"), ==, 3);
}

/* A chain A - B - C where B's only server carries the transit. */
static void
test_transit_server (void)
{
  g_autoptr (MfTopology) t = mf_test_load (ORG RG ("A") RG ("B") RG ("C") SRV ("SA", "A") SRV ("SB", "B")
                                       SRV ("SC", "C") RGC ("AB", "A", "B", "1") TWO_WAY
                                           RGC ("BC", "B", "C", "1") TWO_WAY);
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);

  /* SB down: B is out, and A <-> C lose their only route. */
  assert_what_if (a, "server SB", 2, 0, 0, 0, 0, 1);
  assert_finding (a, "single-point-of-failure", MF_SEVERITY_WARNING,
                  "server SB (the only server of B, which other groups route through)");
  assert_what_if (a, "connector AB", 4, 0, 0, 0, 0, 0);
  g_assert_cmpint (a->shape, ==, MF_SHAPE_HUB_AND_SPOKE);
  g_assert_cmpint (a->longest_connectors, ==, 2);
  g_assert_cmpint (a->longest_from, ==, 0);
  g_assert_cmpint (a->longest_to, ==, 2);
  g_assert_cmpint (a->longest_cost, ==, 2);
  /* One server per group, every server a bridgehead: 3 servers. */
  g_assert_cmpint (a->most_servers, ==, 3);
}

/* ------------------------------------------------------------ findings */

/* A group that sees a connector for the address space but has no route to
 * it is without a route (its mail waits); it does not go by DNS. */
static void
test_finding_external_unreachable (void)
{
  g_autoptr (MfTopology) t = mf_test_load (ORG RG ("A") RG ("B") SRV ("SA", "A") SRV ("SB", "B")
                                           RGC ("AB", "A", "B", "1")
                                           "[connector NET]\ntype = smtp\nfrom = A\n"
                                           "address-spaces = SMTP:* 5\n");
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);

  g_assert_cmpint (a->external_unreachable->len, ==, 1);
  assert_finding (a, "external-unreachable", MF_SEVERITY_WARNING,
                  "1 routing groups have no route to address space SMTP:*: B");
}

/* A group with no matching connector reaches the Internet by DNS when a
 * server of it may send directly; with direct-internet off everywhere it
 * has no route.  The what-if External column counts only connector
 * routes cut. */
static void
test_external_by_dns (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG RG ("A") RG ("B") RG ("C") SRV ("SA", "A") SRV ("SB", "B")
      "[server SC]\nrouting-group = C\nmailboxes = 10\ndirect-internet = no\n"
      RGC ("AB", "A", "B", "1") RGC ("BA", "B", "A", "1") RGC ("AC", "A", "C", "1")
      RGC ("CA", "C", "A", "1")
      "[connector NET]\ntype = smtp\nfrom = A\naddress-spaces = SMTP:* 5\n"
      "scope = routing-group\n");
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);
  int b = mf_test_routing_group (t, "B"), c = mf_test_routing_group (t, "C");
  MfFailure f = { MF_FAILURE_CONNECTOR, mf_test_connector (t, "NET") };
  const MfWhatIf *w;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  FILE *out;

  g_assert_cmpint (a->external_by_dns->len, ==, 1);
  g_assert_cmpint (g_array_index (a->external_by_dns, MfGroupPair, 0).from, ==, b);
  g_assert_cmpint (a->external_unreachable->len, ==, 1);
  g_assert_cmpint (g_array_index (a->external_unreachable, MfGroupPair, 0).from, ==, c);
  assert_finding (a, "external-by-dns", MF_SEVERITY_INFO, "directly by DNS: B");
  assert_finding (a, "external-unreachable", MF_SEVERITY_WARNING,
                  "1 routing groups have no route to address space SMTP:*: C");
  /* NET failing cuts A alone: B still goes by DNS, C had no route. */
  w = mf_analysis_find_what_if (a, &f);
  g_assert_nonnull (w);
  g_assert_cmpint (w->external_unreachable_pairs, ==, 1);
  out = open_memstream (&text, &len);
  g_assert_true (mf_analysis_write_text (out, a, &error));
  fclose (out);
  g_assert_nonnull (strstr (text, "  SMTP:*: no route from C (by DNS: B)\n"));
}

static void
test_finding_reachability (void)
{
  g_autoptr (MfTopology) t = mf_test_load (ORG RG ("A") RG ("B") RG ("E") SRV ("SA", "A") SRV ("SB", "B")
                                       RGC ("AB", "A", "B", "1")
                                   "[connector NET]\ntype = smtp\nfrom = A\n"
                                   "address-spaces = SMTP:* 5\nscope = routing-group\n");
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);

  g_assert_cmpint (a->unreachable->len, ==, 1);
  assert_finding (a, "unreachable-pairs", MF_SEVERITY_ERROR, "1 of 2 ordered pairs");
  assert_finding (a, "unreachable-pairs", MF_SEVERITY_ERROR, "e.g. B -> A");
  assert_finding (a, "one-way-connector", MF_SEVERITY_WARNING, "connector AB is one-way");
  /* The scoped Internet connector is invisible from B: no connector
   * route, so B's servers send Internet mail directly by DNS. */
  g_assert_cmpint (a->n_external, ==, 1);
  g_assert_cmpint (a->external_unreachable->len, ==, 0);
  g_assert_cmpint (a->external_by_dns->len, ==, 1);
  assert_finding (a, "external-by-dns", MF_SEVERITY_INFO,
                  "1 routing groups see no connector for SMTP:* and send that mail directly "
                  "by DNS: B");
  assert_finding (a, "empty-routing-group", MF_SEVERITY_INFO, "routing group E has no servers");
  g_assert_cmpint (a->shape, ==, MF_SHAPE_DISCONNECTED);
  /* Errors sort first. */
  g_assert_cmpstr (((const MfFinding *) g_ptr_array_index (a->findings, 0))->id, ==,
                   "unreachable-pairs");
}

static void
test_finding_sizes (void)
{
  g_autoptr (MfTopology) t = mf_test_load (ORG RG ("A") RG ("B") RG ("C") SRV ("SA", "A") SRV ("SB", "B")
                                       SRV ("SC", "C") RGC ("AB", "A", "B", "1") TWO_WAY
                                           RGC ("AC", "A", "C", "1") TWO_WAY);
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = NULL;
  MfAnalyzeOptions o;

  /* The real thresholds (150 groups, 1,000 connectors) are too big for a
   * test file (the loader refuses more than 1,000 connectors anyway): the
   * options lower them. */
  mf_analyze_options_init (&o);
  g_assert_cmpint (o.recommended_routing_groups, ==, 150);
  g_assert_cmpint (o.max_connectors_per_group, ==, 1000);
  o.recommended_routing_groups = 2;
  o.max_connectors_per_group = 1;
  a = analyze_k (t, &r, &o);
  assert_finding (a, "too-many-routing-groups", MF_SEVERITY_WARNING,
                  "3 routing groups: Microsoft recommends at most 2");
  assert_finding (a, "too-many-connectors", MF_SEVERITY_ERROR,
                  "routing group A has 2 connectors");
  g_assert_cmpint (count_findings (a, "too-many-connectors"), ==, 1);
}

static void
test_finding_scope (void)
{
  /* Hub has two neighbours: not a spoke.  Spoke has one: fine. */
  g_autoptr (MfTopology) t = mf_test_load (
      ORG RG ("Hub") RG ("S1") RG ("S2") SRV ("H", "Hub") SRV ("X", "S1") SRV ("Y", "S2")
          RGC ("H1", "Hub", "S1", "1") TWO_WAY RGC ("H2", "Hub", "S2", "1") TWO_WAY
      "[connector HUBNET]\ntype = smtp\nfrom = Hub\naddress-spaces = SMTP:* 1\n"
      "scope = routing-group\n"
      "[connector S1NET]\ntype = smtp\nfrom = S1\naddress-spaces = SMTP:*.a.com 1\n"
      "scope = routing-group\n");
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);

  assert_finding (a, "scoped-connector-outside-spoke", MF_SEVERITY_WARNING,
                  "connector HUBNET is scoped to routing group Hub, which is not a spoke (2 "
                  "neighbouring groups)");
  g_assert_cmpint (count_findings (a, "scoped-connector-outside-spoke"), ==, 1);
}

static void
test_finding_bridgehead (void)
{
  /* A: one server, both roles.  B: bridgehead B1, mailboxes on B2 only.
   * C: two mailbox servers. */
  g_autoptr (MfTopology) t = mf_test_load (
      ORG RG ("A") RG ("B") RG ("C") SRV ("A1", "A")
      "[server B1]\nrouting-group = B\n" SRV ("B2", "B") SRV ("C1", "C") SRV ("C2", "C")
          RGC ("AB", "A", "B", "1") TWO_WAY "remote-bridgeheads = B1\n"
          RGC ("AC", "A", "C", "1") TWO_WAY "remote-bridgeheads = C1\n");
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);

  assert_finding (a, "sole-bridgehead-is-mailbox-server", MF_SEVERITY_INFO,
                  "routing group A: A1 is both its only bridgehead and its only mailbox server");
  g_assert_cmpint (count_findings (a, "sole-bridgehead-is-mailbox-server"), ==, 1);
}

#define E2007 "ExchangeRoutingGroup-DWBGZMFD01QNBJR"

static void
test_finding_exchange2007 (void)
{
  /* Two 2003 groups each joined to the 2007 group, and to each other by
   * nothing else: one link-state island each. */
  g_autoptr (MfTopology) t = mf_test_load (ORG RG ("North") RG ("South") RG (E2007) SRV ("N1", "North")
                                       SRV ("S1", "South") SRV ("HT1", E2007)
                                           RGC ("N-X", "North", E2007, "1") TWO_WAY
                                               RGC ("S-X", "South", E2007, "1") TWO_WAY);
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);
  g_autoptr (MfTopology) t2 = NULL;
  g_autoptr (MfRouter) r2 = NULL;
  g_autoptr (MfAnalysis) a2 = NULL;

  assert_finding (a, "exchange2007-group", MF_SEVERITY_INFO, "routing group " E2007);
  assert_finding (a, "exchange2007-suppress-state-changes", MF_SEVERITY_WARNING,
                  "2 routing group connector links");
  assert_finding (a, "link-state-islands", MF_SEVERITY_WARNING,
                  "split into 2 islands that mail joins over connectors carrying no link "
                  "state: N-X (Exchange 2007) and S-X (Exchange 2007)");
  g_assert_cmpint (a->n_islands, ==, 2);

  /* With SuppressStateChanges set, the warning goes (the islands stay);
   * the suppress-state-changes note appears. */
  t2 = mf_test_load (ORG "suppress-state-changes = true\n" RG ("North") RG ("South") RG (E2007)
                 SRV ("N1", "North") SRV ("S1", "South") SRV ("HT1", E2007)
                     RGC ("N-X", "North", E2007, "1") TWO_WAY
                         RGC ("S-X", "South", E2007, "1") TWO_WAY);
  a2 = analyze (t2, &r2);
  g_assert_cmpint (count_findings (a2, "exchange2007-suppress-state-changes"), ==, 0);
  g_assert_cmpint (count_findings (a2, "link-state-islands"), ==, 1);
  assert_finding (a2, "suppress-state-changes", MF_SEVERITY_INFO,
                  "connectors are never marked down");
  g_assert_cmpint (count_findings (a, "suppress-state-changes"), ==, 0);
}

static void
test_finding_scheduled (void)
{
  /* B hangs off A by a night-only link: the only route, and its own
   * link-state island. */
  g_autoptr (MfTopology) t = mf_test_load (ORG RG ("A") RG ("B") RG ("C") SRV ("SA", "A") SRV ("SB", "B")
                                       SRV ("SC", "C") RGC ("AB", "A", "B", "5") TWO_WAY
                                   "schedule = Mon-Fri 18:00-07:00\n"
                                   RGC ("AC", "A", "C", "5") TWO_WAY);
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);

  assert_finding (a, "scheduled-only-route", MF_SEVERITY_WARNING,
                  "connector AB runs on a schedule and is the only route for 4 pairs");
  g_assert_cmpint (count_findings (a, "scheduled-only-route"), ==, 1);
  assert_finding (a, "link-state-islands", MF_SEVERITY_WARNING, "AB (scheduled)");
}

static void
test_finding_address_space_tie (void)
{
  /* Two Internet connectors in A at equal cost: a tie from A and from B.
   * The fabrikam ones differ in cost: no tie. */
  g_autoptr (MfTopology) t = mf_test_load (
      ORG RG ("A") RG ("B") SRV ("SA", "A") SRV ("SB", "B") RGC ("AB", "A", "B", "3") TWO_WAY
      "[connector NET1]\ntype = smtp\nfrom = A\naddress-spaces = SMTP:* 10, SMTP:fabrikam.com 1\n"
      "[connector NET2]\ntype = smtp\nfrom = A\naddress-spaces = SMTP:* 10, SMTP:fabrikam.com 2\n");
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);

  assert_finding (a, "address-space-tie", MF_SEVERITY_WARNING,
                  "address space SMTP:* is on connectors NET1 and NET2, and from 2 routing "
                  "groups (e.g. A, total cost 10)");
  g_assert_cmpint (count_findings (a, "address-space-tie"), ==, 1);
  g_assert_cmpint (a->n_external, ==, 2);
  g_assert_cmpstr (a->external[0], ==, "*");
  g_assert_cmpstr (a->external[1], ==, "fabrikam.com");
  /* NET1 down: fabrikam mail from both groups moves to NET2 (cost +1),
   * and SMTP:* ties fall back to NET2 at the same cost. */
  assert_what_if (a, "connector NET1", 0, 0, 0, 0, 2, 0);
}

/* A chain of six groups with two servers each, where every connector's
 * bridgeheads are the server that did not receive: 12 servers. */
static void
test_finding_hops (void)
{
  GString *s = g_string_new (ORG "max-hop-count = 10\n");
  g_autoptr (MfTopology) t = NULL;
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = NULL;

  for (int g = 0; g < 6; g++)
    g_string_append_printf (s, "[routing-group G%d]\n[server X%d]\nrouting-group = G%d\n"
                               "[server Y%d]\nrouting-group = G%d\n",
                            g, g, g, g, g);
  for (int g = 0; g < 5; g++)
    g_string_append_printf (s, "[connector C%d]\ntype = routing-group\nfrom = G%d\nto = G%d\n"
                               "bridgeheads = Y%d\nremote-bridgeheads = X%d\n"
                               "[connector R%d]\ntype = routing-group\nfrom = G%d\nto = G%d\n",
                            g, g, g + 1, g, g + 1, g, g + 1, g);
  t = mf_test_load (s->str);
  g_string_free (s, TRUE);
  a = analyze (t, &r);
  g_assert_cmpint (a->longest_connectors, ==, 5);
  g_assert_cmpint (a->most_servers, ==, 12);
  g_assert_cmpint (a->most_servers_from, ==, 0);
  g_assert_cmpint (a->most_servers_to, ==, 5);
  assert_finding (a, "hop-count-exceeded", MF_SEVERITY_ERROR,
                  "mail from G0 to G5 may pass through 12 servers, more than max-hop-count 10");
  assert_finding (a, "max-hop-count-not-default", MF_SEVERITY_INFO, "max-hop-count is 10");
  g_assert_cmpint (a->shape, ==, MF_SHAPE_CHAIN);
}

/* A clean design draws no finding at all. */
static void
test_no_findings (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG RG ("A") RG ("B") RG ("C") SRV ("A1", "A") SRV ("A2", "A") SRV ("B1", "B")
          SRV ("B2", "B") SRV ("C1", "C") SRV ("C2", "C") RGC ("AB", "A", "B", "1") TWO_WAY
              RGC ("BC", "B", "C", "1") TWO_WAY RGC ("CA", "C", "A", "1") TWO_WAY);
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);

  g_assert_cmpint (a->findings->len, ==, 0);
  g_assert_cmpint (a->shape, ==, MF_SHAPE_FULL_MESH);
  g_assert_cmpint (a->spof_connectors->len + a->spof_servers->len, ==, 0);
}

/* ------------------------------------------------------------ shapes, link state */

static void
test_shapes (void)
{
  static const struct {
    const char *text;
    MfShape want;
  } cases[] = {
    { ORG RG ("A") SRV ("S", "A"), MF_SHAPE_SINGLE_GROUP },
    { ORG RG ("A") RG ("B") RG ("C") RG ("D") SRV ("S", "A") RGC ("1", "A", "B", "1")
          RGC ("2", "B", "C", "1") RGC ("3", "C", "D", "1") RGC ("4", "D", "A", "1"),
      MF_SHAPE_RING },
    { ORG RG ("A") RG ("B") RG ("C") RG ("D") SRV ("S", "A") RGC ("1", "A", "B", "1")
          RGC ("2", "B", "C", "1") RGC ("3", "C", "D", "1"),
      MF_SHAPE_CHAIN },
    { ORG RG ("A") RG ("B") RG ("C") RG ("D") RG ("E") SRV ("S", "A") RGC ("1", "A", "B", "1")
          RGC ("2", "A", "C", "1") RGC ("3", "A", "D", "1") RGC ("4", "A", "E", "1"),
      MF_SHAPE_HUB_AND_SPOKE },
    { ORG RG ("A") RG ("B") RG ("C") RG ("D") RG ("E") SRV ("S", "A") RGC ("1", "A", "B", "1")
          RGC ("2", "B", "C", "1") RGC ("3", "C", "A", "1") RGC ("4", "C", "D", "1")
              RGC ("5", "D", "E", "1"),
      MF_SHAPE_MIXED },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MfTopology) t = mf_test_load (cases[i].text);
      g_autoptr (MfRouter) r = NULL;
      g_autoptr (MfAnalysis) a = analyze (t, &r);
      g_assert_cmpstr (mf_shape_name (a->shape), ==, mf_shape_name (cases[i].want));
    }
}

static void
test_link_state_cost (void)
{
  /* Groups 2 + servers 3 + connectors 2 + bridgeheads (1 + 2) × 2 = 13
   * entries; a change: the report, H2's copy from its master, and two
   * connectors × 2. */
  g_autoptr (MfTopology) t = mf_test_load (ORG RG ("Hub") RG ("B") SRV ("H1", "Hub") SRV ("H2", "Hub")
                                       SRV ("B1", "B") RGC ("HB", "Hub", "B", "1") TWO_WAY);
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);

  g_assert_cmpint (a->link_state_entries, ==, 13);
  g_assert_cmpint (a->orginfo_bytes, ==, 13 * 32);
  g_assert_cmpint (a->messages_per_change, ==, 1 + 1 + 4);
  g_assert_cmpint (a->bytes_per_change, ==, 6 * 13 * 32);
  g_assert_cmpint (a->n_islands, ==, 1);
}

/* ------------------------------------------------------------ failures */

static void
test_failure_parse (void)
{
  g_autoptr (MfTopology) t = mf_test_load (ORG RG ("A") RG ("B") SRV ("Same", "A") SRV ("SB", "B")
                                   "[connector Same]\ntype = routing-group\nfrom = A\nto = B\n"
                                   "reverse = true\n");
  g_autoptr (GError) error = NULL;
  MfFailure f;

  g_assert_false (mf_failure_parse (t, "Same", &f, &error));
  g_assert_error (error, MF_FAILURE_ERROR, MF_FAILURE_ERROR_AMBIGUOUS);
  g_clear_error (&error);
  g_assert_true (mf_failure_parse (t, "server Same", &f, &error));
  g_assert_cmpint (f.kind, ==, MF_FAILURE_SERVER);
  g_assert_true (mf_failure_parse (t, "connector Same", &f, &error));
  g_assert_cmpint (f.kind, ==, MF_FAILURE_CONNECTOR);
  g_assert_true (mf_failure_parse (t, "Same (reverse)", &f, &error));
  g_assert_true (t->connectors[f.id].is_mirror);
  g_assert_true (mf_failure_parse (t, "SB", &f, &error));
  g_assert_cmpint (f.kind, ==, MF_FAILURE_SERVER);
  g_assert_false (mf_failure_parse (t, "server SC", &f, &error));
  g_assert_error (error, MF_FAILURE_ERROR, MF_FAILURE_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "did you mean 'SB'"));
  g_clear_error (&error);
  g_assert_false (mf_failure_parse (t, "connector SB", &f, &error));
  g_assert_error (error, MF_FAILURE_ERROR, MF_FAILURE_ERROR_UNKNOWN);
}

static void
test_options_errors (void)
{
  g_autoptr (MfTopology) t = mf_test_load (HUB);
  g_autoptr (GError) error = NULL;
  g_autoptr (MfRouter) r = mf_router_new (t, NULL);
  MfAnalyzeOptions o;

  mf_analyze_options_init (&o);
  o.k = 3;
  g_assert_null (mf_analyze (r, &o, &error));
  g_assert_error (error, MF_ANALYZE_ERROR, MF_ANALYZE_ERROR_INVALID);
  g_clear_error (&error);
  /* 4 links + 6 servers: 45 pairs of failures. */
  o.k = 2;
  o.max_k2_pairs = 44;
  g_assert_null (mf_analyze (r, &o, &error));
  g_assert_error (error, MF_ANALYZE_ERROR, MF_ANALYZE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "45 pairs"));
  g_clear_error (&error);
  o.max_k2_pairs = 45;
  g_autoptr (MfAnalysis) a = mf_analyze (r, &o, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a->n_pairs_evaluated, ==, 45);
  /* H-A + A-G cut Alpha off: 6 pairs, none cut by either alone. */
  g_assert_cmpuint (a->what_if_2->len, >, 0);
  const MfWhatIf *w = g_ptr_array_index (a->what_if_2, 0);
  g_assert_cmpint (w->n_failures, ==, 2);
  g_assert_cmpint (w->new_unreachable_pairs, >=, 1);
}

/* ------------------------------------------------------------ brute force */

typedef struct {
  const MfTopology *t;
  int n;               /* groups */
  int nx;              /* external destinations */
  char **probe;
  gboolean *up;        /* per connector */
  gboolean *dead;      /* per group */
  int *dist;           /* n × n */
  int *ext;            /* n × nx */
} Brute;

static int
labels (const char *s)
{
  int n = 1;
  for (; *s; s++)
    n += *s == '.';
  return n;
}

/* Independent of units.c: "*", "*.suffix" and exact names. */
static int
brute_match (const char *pattern, const char *domain)
{
  if (strcmp (pattern, "*") == 0)
    return 0;
  if (pattern[0] == '*')
    {
      gsize pl = strlen (pattern + 1), dl = strlen (domain);
      return dl > pl && strcmp (domain + dl - pl, pattern + 1) == 0 ? 2 * labels (pattern + 2)
                                                                     : -1;
    }
  return strcmp (pattern, domain) == 0 ? 2 * labels (pattern) + 1 : -1;
}

static char *
brute_probe (const char *pattern)
{
  if (strcmp (pattern, "*") == 0)
    return g_strdup ("msgflow-probe.invalid");
  if (pattern[0] == '*')
    return g_strdup_printf ("msgflow-probe.%s", pattern + 2);
  return g_strdup (pattern);
}

/* No visible connector matches the probe, and a server may send by DNS. */
static gboolean
brute_by_dns (const MfTopology *t, int g, const char *probe)
{
  gboolean dns = FALSE;
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      if (k->scope == MF_SCOPE_ROUTING_GROUP && k->from != g)
        continue;
      for (int i = 0; i < k->n_address_spaces; i++)
        if (brute_match (k->address_spaces[i].pattern, probe) >= 0)
          return FALSE;
    }
  for (int i = 0; i < t->routing_groups[g].n_members; i++)
    dns |= t->servers[t->routing_groups[g].members[i]].direct_internet;
  return dns;
}

static void
brute_clear (Brute *b)
{
  g_free (b->up);
  g_free (b->dead);
  g_free (b->dist);
  g_free (b->ext);
  g_strfreev (b->probe);
}

static void
brute_run (Brute *b, const MfTopology *t, const MfAnalysis *a, const MfFailure *f, int nf)
{
  const int n = t->n_routing_groups;
  g_autofree gboolean *sdown = g_new0 (gboolean, t->n_servers + 1);

  b->t = t;
  b->n = n;
  b->nx = a->n_external;
  if (b->probe == NULL)
    {
      b->probe = g_new0 (char *, b->nx + 1);
      for (int x = 0; x < b->nx; x++)
        b->probe[x] = brute_probe (a->external[x]);
    }
  g_free (b->up);
  g_free (b->dead);
  g_free (b->dist);
  g_free (b->ext);
  b->up = g_new (gboolean, t->n_connectors + 1);
  b->dead = g_new0 (gboolean, n + 1);
  b->dist = g_new (int, n * n + 1);
  b->ext = g_new (int, n * b->nx + 1);
  for (int c = 0; c < t->n_connectors; c++)
    b->up[c] = TRUE;
  for (int i = 0; i < nf; i++)
    if (f[i].kind == MF_FAILURE_CONNECTOR)
      {
        b->up[f[i].id] = FALSE;
        if (!t->connectors[f[i].id].is_mirror && t->connectors[f[i].id].mirror >= 0)
          b->up[t->connectors[f[i].id].mirror] = FALSE;
      }
    else
      sdown[f[i].id] = TRUE;
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      gboolean all_l = k->n_bridgeheads > 0, all_r = k->n_remote_bridgeheads > 0;
      for (int i = 0; i < k->n_bridgeheads; i++)
        all_l &= sdown[k->bridgeheads[i]];
      for (int i = 0; i < k->n_remote_bridgeheads; i++)
        all_r &= sdown[k->remote_bridgeheads[i]];
      if (all_l || all_r)
        b->up[c] = FALSE;
    }
  for (int g = 0; g < n; g++)
    {
      const MfRoutingGroup *rg = &t->routing_groups[g];
      b->dead[g] = rg->n_members > 0;
      for (int i = 0; i < rg->n_members; i++)
        b->dead[g] &= sdown[rg->members[i]];
    }
  /* Floyd–Warshall. */
  for (int i = 0; i < n * n; i++)
    b->dist[i] = -1;
  for (int g = 0; g < n; g++)
    b->dist[g * n + g] = 0;
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *k = &t->connectors[c];
      int *d = &b->dist[k->from * n + k->to];
      if (k->to >= 0 && b->up[c] && (*d < 0 || k->cost < *d))
        *d = k->cost;
    }
  for (int m = 0; m < n; m++)
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++)
        if (b->dist[i * n + m] >= 0 && b->dist[m * n + j] >= 0
            && (b->dist[i * n + j] < 0 || b->dist[i * n + m] + b->dist[m * n + j] < b->dist[i * n + j]))
          b->dist[i * n + j] = b->dist[i * n + m] + b->dist[m * n + j];
  /* Address spaces: most specific visible level (down ones count), then
   * the cheapest of the up ones at that level. */
  for (int s = 0; s < n; s++)
    for (int x = 0; x < b->nx; x++)
      {
        int level = -1, best = -1;
        for (int pass = 0; pass < 2; pass++)
          for (int c = 0; c < t->n_connectors; c++)
            {
              const MfConnector *k = &t->connectors[c];
              int my = -1, my_cost = -1;
              if (k->scope == MF_SCOPE_ROUTING_GROUP && k->from != s)
                continue;
              for (int i = 0; i < k->n_address_spaces; i++)
                {
                  int l = brute_match (k->address_spaces[i].pattern, b->probe[x]);
                  if (l > my || (l == my && l >= 0 && k->address_spaces[i].cost < my_cost))
                    {
                      my = l;
                      my_cost = k->address_spaces[i].cost;
                    }
                }
              if (my < 0)
                continue;
              if (pass == 0)
                level = MAX (level, my);
              else if (my == level && b->up[c] && b->dist[s * n + k->from] >= 0)
                {
                  int total = b->dist[s * n + k->from] + my_cost;
                  if (best < 0 || total < best)
                    best = total;
                }
            }
        b->ext[s * b->nx + x] = best;
      }
}

typedef struct {
  int unreachable, rerouted, max_increase, ext_unreachable, ext_rerouted;
  GHashTable *cut; /* "s>t" and "s>#x" keys of cut pairs */
} BruteImpact;

static void
brute_impact (const Brute *base, const Brute *b, BruteImpact *out)
{
  const int n = b->n;
  const MfTopology *t = b->t;

  memset (out, 0, sizeof *out);
  out->cut = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int s = 0; s < n; s++)
    {
      if (t->routing_groups[s].n_members == 0 || b->dead[s])
        continue;
      for (int d = 0; d < n; d++)
        {
          int before = base->dist[s * n + d], after = b->dist[s * n + d];
          if (d == s || t->routing_groups[d].n_members == 0 || b->dead[d] || before < 0)
            continue;
          if (after < 0)
            {
              out->unreachable++;
              g_hash_table_add (out->cut, g_strdup_printf ("%d>%d", s, d));
            }
          else if (after > before)
            {
              out->rerouted++;
              out->max_increase = MAX (out->max_increase, after - before);
            }
        }
      for (int x = 0; x < b->nx; x++)
        {
          int before = base->ext[s * b->nx + x], after = b->ext[s * b->nx + x];
          if (before < 0)
            continue;
          if (after < 0)
            {
              out->ext_unreachable++;
              g_hash_table_add (out->cut, g_strdup_printf ("%d>#%d", s, x));
            }
          else if (after > before)
            out->ext_rerouted++;
        }
    }
}

/* Lowest-cost simple paths s -> d by enumeration: their count (connector
 * level), most connectors and most servers. */
typedef struct {
  const MfTopology *t;
  int target, best;
  guint64 count;
  int max_hops, max_servers;
  int path[16];
  gboolean on[16];
} Paths;

static gboolean
subset (int n_a, const int *a, int n_b, const int *b)
{
  for (int i = 0; i < n_a; i++)
    {
      gboolean found = FALSE;
      for (int j = 0; j < n_b && !found; j++)
        found = a[i] == b[j];
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static int
path_servers (const MfTopology *t, const int *path, int k, int s, int d)
{
  const MfConnector *first = &t->connectors[path[0]];
  int n = (first->n_bridgeheads == t->routing_groups[s].n_members ? 1 : 2) + 1;

  for (int i = 0; i + 1 < k; i++)
    {
      const MfConnector *in = &t->connectors[path[i]], *out = &t->connectors[path[i + 1]];
      n += 1 + (subset (in->n_remote_bridgeheads, in->remote_bridgeheads, out->n_bridgeheads,
                        out->bridgeheads)
                    ? 0
                    : 1);
    }
  return n + (t->routing_groups[d].n_members > 1 ? 1 : 0);
}

static void
enumerate (Paths *p, int v, int k, int cost, int s)
{
  const MfTopology *t = p->t;

  if (v == p->target)
    {
      int srv = path_servers (t, p->path, k, s, v);
      if (p->best < 0 || cost < p->best)
        {
          p->best = cost;
          p->count = 0;
          p->max_hops = 0;
          p->max_servers = 0;
        }
      if (cost == p->best)
        {
          p->count++;
          p->max_hops = MAX (p->max_hops, k);
          p->max_servers = MAX (p->max_servers, srv);
        }
      return;
    }
  for (int c = 0; c < t->n_connectors; c++)
    {
      const MfConnector *kk = &t->connectors[c];
      if (kk->from != v || kk->to < 0 || p->on[kk->to])
        continue;
      p->on[kk->to] = TRUE;
      p->path[k] = c;
      enumerate (p, kk->to, k + 1, cost + kk->cost, s);
      p->on[kk->to] = FALSE;
    }
}

static const char *const patterns[] = { "*", "*.a.com", "a.com", "*.b.a.com" };

/* A random organisation as text: up to @max_groups groups, some empty,
 * parallel and one-way connectors, explicit bridgeheads, Internet
 * connectors with overlapping address spaces and scopes. */
static char *
random_topology (GRand *rand, int max_groups)
{
  GString *s = g_string_new ("[organization]\nname = R\n");
  int n = g_rand_int_range (rand, 2, max_groups + 1);
  int n_servers = 0;
  int members[8][4];
  int n_members[8];

  for (int g = 0; g < n; g++)
    {
      g_string_append_printf (s, "[routing-group G%d]\n", g);
      n_members[g] = g_rand_int_range (rand, 0, 10) == 0 ? 0 : g_rand_int_range (rand, 1, 4);
      if (g == 0 && n_members[g] == 0)
        n_members[g] = 1;
      for (int i = 0; i < n_members[g]; i++)
        {
          members[g][i] = n_servers;
          g_string_append_printf (s, "[server S%d]\nrouting-group = G%d\nmailboxes = %d\n",
                                  n_servers++, g, g_rand_int_range (rand, 0, 3) * 10);
        }
    }
  int n_conn = g_rand_int_range (rand, 0, 2 * n + 1);
  for (int c = 0; c < n_conn; c++)
    {
      int from = g_rand_int_range (rand, 0, n);
      int to = (from + g_rand_int_range (rand, 1, n)) % n;
      static const char *const types[] = { "routing-group", "x400", "smtp" };
      g_string_append_printf (s, "[connector C%d]\ntype = %s\nfrom = G%d\nto = G%d\ncost = %d\n",
                              c, types[g_rand_int_range (rand, 0, 3)], from, to,
                              g_rand_int_range (rand, 1, 8));
      if (g_rand_boolean (rand))
        g_string_append (s, "reverse = true\n");
      if (n_members[from] > 0 && g_rand_int_range (rand, 0, 3) == 0)
        g_string_append_printf (s, "bridgeheads = S%d\n",
                                members[from][g_rand_int_range (rand, 0, n_members[from])]);
      if (n_members[to] > 1 && g_rand_int_range (rand, 0, 3) == 0)
        g_string_append_printf (s, "remote-bridgeheads = S%d, S%d\n", members[to][0],
                                members[to][1]);
      else if (n_members[to] > 0 && g_rand_int_range (rand, 0, 3) == 0)
        g_string_append_printf (s, "remote-bridgeheads = S%d\n",
                                members[to][g_rand_int_range (rand, 0, n_members[to])]);
    }
  int n_net = g_rand_int_range (rand, 0, 3);
  for (int c = 0; c < n_net; c++)
    {
      int from = g_rand_int_range (rand, 0, n);
      int n_as = g_rand_int_range (rand, 1, 3);
      g_string_append_printf (s, "[connector NET%d]\ntype = smtp\nfrom = G%d\naddress-spaces = ",
                              c, from);
      int first = g_rand_int_range (rand, 0, G_N_ELEMENTS (patterns));
      for (int i = 0; i < n_as; i++)
        g_string_append_printf (s, "%sSMTP:%s %d", i > 0 ? ", " : "",
                                patterns[(first + i) % G_N_ELEMENTS (patterns)],
                                g_rand_int_range (rand, 1, 6));
      g_string_append_c (s, '\n');
      if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_append (s, "scope = routing-group\n");
      if (n_members[from] > 0 && g_rand_boolean (rand))
        g_string_append_printf (s, "bridgeheads = S%d\n",
                                members[from][g_rand_int_range (rand, 0, n_members[from])]);
    }
  return g_string_free (s, FALSE);
}

static void
check_against_brute_force (const MfTopology *t, const MfAnalysis *a, gboolean pairs)
{
  const int n = t->n_routing_groups;
  Brute base = { 0 };
  g_autoptr (GArray) elements = g_array_new (FALSE, FALSE, sizeof (MfFailure));
  g_autoptr (GPtrArray) cuts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  guint n_unreachable = 0, n_ext_unreachable = 0, n_ext_dns = 0, n_equal = 0;
  int longest = 0, most = 0, lf = -1, lt = -1, mf = -1, mt = -1;

  brute_run (&base, t, a, NULL, 0);
  /* Baseline: unreachable pairs, equal-cost pairs and hops. */
  for (int s = 0; s < n; s++)
    {
      if (t->routing_groups[s].n_members == 0)
        continue;
      for (int d = 0; d < n; d++)
        {
          if (d == s || t->routing_groups[d].n_members == 0)
            continue;
          if (base.dist[s * n + d] < 0)
            {
              const MfGroupPair *p = &g_array_index (a->unreachable, MfGroupPair, n_unreachable);
              g_assert_cmpuint (n_unreachable, <, a->unreachable->len);
              g_assert_cmpint (p->from, ==, s);
              g_assert_cmpint (p->to, ==, d);
              n_unreachable++;
              continue;
            }
          Paths p = { t, d, -1, 0, 0, 0, { 0 }, { FALSE } };
          p.on[s] = TRUE;
          enumerate (&p, s, 0, 0, s);
          g_assert_cmpint (p.best, ==, base.dist[s * n + d]);
          if (p.count > 1)
            {
              const MfEqualCostPair *e = &g_array_index (a->equal_cost, MfEqualCostPair, n_equal);
              g_assert_cmpuint (n_equal, <, a->equal_cost->len);
              g_assert_cmpint (e->from, ==, s);
              g_assert_cmpint (e->to, ==, d);
              g_assert_cmpuint (e->n_equal, ==, p.count);
              n_equal++;
            }
          if (p.max_hops > longest || lf < 0)
            {
              longest = p.max_hops;
              lf = s;
              lt = d;
            }
          if (p.max_servers > most)
            {
              most = p.max_servers;
              mf = s;
              mt = d;
            }
        }
      for (int x = 0; x < base.nx; x++)
        if (base.ext[s * base.nx + x] < 0 && brute_by_dns (t, s, base.probe[x]))
          {
            const MfGroupPair *p = &g_array_index (a->external_by_dns, MfGroupPair, n_ext_dns);
            g_assert_cmpuint (n_ext_dns, <, a->external_by_dns->len);
            g_assert_cmpint (p->from, ==, s);
            g_assert_cmpint (p->to, ==, x);
            n_ext_dns++;
          }
        else if (base.ext[s * base.nx + x] < 0)
          {
            const MfGroupPair *p
                = &g_array_index (a->external_unreachable, MfGroupPair, n_ext_unreachable);
            g_assert_cmpuint (n_ext_unreachable, <, a->external_unreachable->len);
            g_assert_cmpint (p->from, ==, s);
            g_assert_cmpint (p->to, ==, x);
            n_ext_unreachable++;
          }
    }
  g_assert_cmpuint (n_unreachable, ==, a->unreachable->len);
  g_assert_cmpuint (n_ext_unreachable, ==, a->external_unreachable->len);
  g_assert_cmpuint (n_ext_dns, ==, a->external_by_dns->len);
  g_assert_cmpuint (n_equal, ==, a->equal_cost->len);
  g_assert_cmpint (a->longest_from, ==, lf);
  g_assert_cmpint (a->longest_to, ==, lt);
  if (lf >= 0)
    g_assert_cmpint (a->longest_connectors, ==, longest);
  g_assert_cmpint (a->most_servers, ==, most);
  g_assert_cmpint (a->most_servers_from, ==, mf);
  g_assert_cmpint (a->most_servers_to, ==, mt);

  /* N−1. */
  for (int c = 0; c < t->n_connectors; c++)
    if (!t->connectors[c].is_mirror)
      {
        MfFailure f = { MF_FAILURE_CONNECTOR, c };
        g_array_append_val (elements, f);
      }
  for (int s = 0; s < t->n_servers; s++)
    {
      MfFailure f = { MF_FAILURE_SERVER, s };
      g_array_append_val (elements, f);
    }
  g_assert_cmpuint (a->what_if->len, ==, elements->len);
  for (guint i = 0; i < elements->len; i++)
    {
      const MfFailure *f = &g_array_index (elements, MfFailure, i);
      const MfWhatIf *w = mf_analysis_find_what_if (a, f);
      Brute b = { 0 };
      BruteImpact imp;
      int dead = 0;

      b.probe = g_strdupv (base.probe);
      brute_run (&b, t, a, f, 1);
      brute_impact (&base, &b, &imp);
      g_assert_nonnull (w);
      g_assert_cmpint (w->unreachable_pairs, ==, imp.unreachable);
      g_assert_cmpint (w->rerouted_pairs, ==, imp.rerouted);
      g_assert_cmpint (w->max_cost_increase, ==, imp.max_increase);
      g_assert_cmpint (w->external_unreachable_pairs, ==, imp.ext_unreachable);
      g_assert_cmpint (w->external_rerouted_pairs, ==, imp.ext_rerouted);
      for (int g = 0; g < n; g++)
        dead += b.dead[g];
      g_assert_cmpint (w->n_groups_down, ==, dead);
      for (int k = 0; k < w->n_groups_down; k++)
        g_assert_true (b.dead[w->groups_down[k]]);
      {
        int down = 0;
        for (int c = 0; c < t->n_connectors; c++)
          down += !b.up[c];
        g_assert_cmpint (w->n_connectors_down, ==, down);
        for (int k = 0; k < w->n_connectors_down; k++)
          g_assert_false (b.up[w->connectors_down[k]]);
      }
      g_assert_cmpint (in_ids (f->kind == MF_FAILURE_CONNECTOR ? a->spof_connectors
                                                                : a->spof_servers,
                               f->id),
                       ==, imp.unreachable + imp.ext_unreachable > 0);
      g_ptr_array_add (cuts, imp.cut);
      brute_clear (&b);
    }
  /* Ranked: the impact keys never increase. */
  for (guint i = 1; i < a->what_if->len; i++)
    {
      const MfWhatIf *x = g_ptr_array_index (a->what_if, i - 1), *y = g_ptr_array_index (a->what_if, i);
      g_assert_cmpint (x->unreachable_pairs + x->external_unreachable_pairs, >=,
                       y->unreachable_pairs + y->external_unreachable_pairs);
    }

  if (pairs)
    {
      guint listed = 0;
      for (guint i = 0; i < elements->len; i++)
        for (guint j = i + 1; j < elements->len; j++)
          {
            MfFailure f[2] = { g_array_index (elements, MfFailure, i),
                               g_array_index (elements, MfFailure, j) };
            Brute b = { 0 };
            BruteImpact imp;
            GHashTableIter it;
            gpointer key;
            int fresh = 0;
            const MfWhatIf *found = NULL;

            b.probe = g_strdupv (base.probe);
            brute_run (&b, t, a, f, 2);
            brute_impact (&base, &b, &imp);
            g_hash_table_iter_init (&it, imp.cut);
            while (g_hash_table_iter_next (&it, &key, NULL))
              fresh += !g_hash_table_contains (g_ptr_array_index (cuts, i), key)
                       && !g_hash_table_contains (g_ptr_array_index (cuts, j), key);
            for (guint k = 0; k < a->what_if_2->len && found == NULL; k++)
              {
                const MfWhatIf *w = g_ptr_array_index (a->what_if_2, k);
                if (memcmp (w->failures, f, sizeof f) == 0)
                  found = w;
              }
            if (fresh == 0)
              g_assert_null (found);
            else
              {
                g_assert_nonnull (found);
                listed++;
                g_assert_cmpint (found->new_unreachable_pairs, ==, fresh);
                g_assert_cmpint (found->unreachable_pairs, ==, imp.unreachable);
                g_assert_cmpint (found->rerouted_pairs, ==, imp.rerouted);
                g_assert_cmpint (found->max_cost_increase, ==, imp.max_increase);
                g_assert_cmpint (found->external_unreachable_pairs, ==, imp.ext_unreachable);
                g_assert_cmpint (found->external_rerouted_pairs, ==, imp.ext_rerouted);
              }
            g_hash_table_unref (imp.cut);
            brute_clear (&b);
          }
      g_assert_cmpuint (listed, ==, a->what_if_2->len);
      g_assert_cmpint (a->n_pairs_evaluated, ==,
                       (gint64) elements->len * ((gint64) elements->len - 1) / 2);
    }
  brute_clear (&base);
}

/* How often each kind of answer came up, so that the generator is known
 * to exercise them all. */
typedef struct {
  int unreachable, rerouted, ext_unreachable, ext_rerouted, groups_down, pairs, equal, spof;
} Coverage;

static void
cover (Coverage *cv, const MfAnalysis *a)
{
  for (guint i = 0; i < a->what_if->len; i++)
    {
      const MfWhatIf *w = g_ptr_array_index (a->what_if, i);
      cv->unreachable += w->unreachable_pairs > 0;
      cv->rerouted += w->rerouted_pairs > 0;
      cv->ext_unreachable += w->external_unreachable_pairs > 0;
      cv->ext_rerouted += w->external_rerouted_pairs > 0;
      cv->groups_down += w->n_groups_down > 0;
    }
  cv->pairs += (int) a->what_if_2->len;
  cv->equal += (int) a->equal_cost->len;
  cv->spof += (int) (a->spof_connectors->len + a->spof_servers->len);
}

static void
test_brute_force (void)
{
  GRand *rand = g_rand_new_with_seed (20240612);
  int n_cases = g_test_slow () ? 2000 : 300;
  Coverage cv = { 0 };

  for (int i = 0; i < n_cases; i++)
    {
      g_autofree char *text = random_topology (rand, i % 3 == 0 ? 7 : 5);
      g_autoptr (GError) error = NULL;
      g_autoptr (MfTopology) t = mf_topo_parse_data ("random.topo", text, strlen (text), &error);
      g_autoptr (MfRouter) r = NULL;
      g_autoptr (MfAnalysis) a = NULL;
      MfAnalyzeOptions o;
      gint64 n_el;

      g_assert_no_error (error);
      n_el = t->n_servers;
      for (int c = 0; c < t->n_connectors; c++)
        n_el += !t->connectors[c].is_mirror;
      mf_analyze_options_init (&o);
      o.k = n_el <= 14 ? 2 : 1;
      a = analyze_k (t, &r, &o);
      if (g_test_verbose ())
        g_test_message ("case %d: %d groups, %d connectors, k=%d", i, t->n_routing_groups,
                        t->n_connectors, o.k);
      check_against_brute_force (t, a, o.k == 2);
      cover (&cv, a);
    }
  g_rand_free (rand);
  g_test_message ("entries with: unreachable %d, rerouted %d, external unreachable %d, "
                  "external rerouted %d, groups down %d; pairs of failures listed %d; "
                  "equal-cost pairs %d; single points of failure %d",
                  cv.unreachable, cv.rerouted, cv.ext_unreachable, cv.ext_rerouted,
                  cv.groups_down, cv.pairs, cv.equal, cv.spof);
  g_assert_cmpint (MIN (MIN (cv.unreachable, cv.rerouted), MIN (cv.ext_unreachable, cv.ext_rerouted)),
                   >=, 20);
  g_assert_cmpint (MIN (MIN (cv.groups_down, cv.pairs), MIN (cv.equal, cv.spof)), >=, 20);
}

/* ------------------------------------------------------------ outputs */

static void
test_json (void)
{
  g_autoptr (MfTopology) t = mf_test_load (HUB);
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  gsize len = 0;
  FILE *f = open_memstream (&text, &len);
  JsonObject *root, *spof;
  JsonArray *what, *findings;

  g_assert_true (mf_analysis_write_json (f, a, &error));
  g_assert_no_error (error);
  fclose (f);
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) len, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  what = json_object_get_array_member (root, "what_if");
  g_assert_cmpuint (json_array_get_length (what), ==, 10);
  {
    JsonObject *w = json_array_get_object_element (what, 0);
    g_assert_cmpstr (json_object_get_string_member (w, "fail"), ==, "connector H-B");
    g_assert_cmpint (json_object_get_int_member (w, "unreachable_pairs"), ==, 6);
    g_assert_cmpint (json_object_get_int_member (w, "rerouted_pairs"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (w, "max_cost_increase"), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (w, "connectors_down")),
                      ==, 2);
  }
  spof = json_object_get_object_member (root, "spof");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (spof, "connectors")), ==,
                    1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (spof, "servers"),
                                                  0),
                   ==, "H1");
  findings = json_object_get_array_member (root, "findings");
  g_assert_cmpuint (json_array_get_length (findings), ==, a->findings->len);
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *fo = json_array_get_object_element (findings, i);
      g_assert_true (json_object_has_member (fo, "id"));
      g_assert_true (json_object_has_member (fo, "severity"));
      g_assert_true (json_object_has_member (fo, "message"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "shape"),
                                                  "kind"),
                   ==, "mixed");
  g_assert_true (json_object_has_member (root, "hops"));
  g_assert_true (json_object_has_member (root, "link_state"));
  g_assert_true (json_object_has_member (root, "reachability"));
  g_assert_false (json_object_has_member (root, "what_if_2"));
}

static void
test_text (void)
{
  g_autoptr (MfTopology) t = mf_test_load (HUB);
  g_autoptr (MfRouter) r = NULL;
  g_autoptr (MfAnalysis) a = analyze (t, &r);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  FILE *f = open_memstream (&text, &len);

  g_assert_true (mf_analysis_write_text (f, a, &error));
  fclose (f);
  g_assert_nonnull (strstr (text, "Shape: mixed, 4 pairs of neighbouring groups"));
  g_assert_nonnull (strstr (text, "connector H-B"));
  g_assert_nonnull (strstr (text, "Single points of failure\n  Connectors: H-B\n"
                                  "  Servers: H1, B1\n"));
  g_assert_nonnull (strstr (text, "3 more change no route."));
}

/* The command, in a subprocess: exit status and where output goes.  The
 * fixture file is written by the parent, named in MF_TEST_DIR. */
static char *fixture_path;
static char *big_path; /* 201 servers: too many pairs for --k 2 */

static int
run_command (const char *a1, const char *a2, const char *a3, const char *a4)
{
  const char *args[] = { "analyze", a1, a2, a3, a4, NULL };
  g_auto (GStrv) argv = g_new0 (char *, G_N_ELEMENTS (args));
  int argc = 0;

  for (; args[argc] != NULL; argc++)
    argv[argc] = g_strdup (args[argc]);
  /* GOption may permute argv: keep the strings owned by a copy. */
  g_autofree char **view = g_memdup2 (argv, sizeof (char *) * G_N_ELEMENTS (args));
  return mf_cmd_analyze (argc, view);
}

static void
test_command_text (void)
{
  if (g_test_subprocess ())
    exit (run_command (fixture_path, NULL, NULL, NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*What if one element fails*connector H-B*");
  g_test_trap_assert_stderr ("");
}

/* The subprocess's stdout goes to a file, parsed back by the parent: an
 * object with "what_if_2" before "findings", newline-ended. */
static void
test_command_json (void)
{
  g_autofree char *out_path = g_build_filename (g_getenv ("MF_TEST_DIR"), "json.out", NULL);

  if (g_test_subprocess ())
    {
      if (freopen (out_path, "w", stdout) == NULL)
        exit (99);
      int status = run_command ("--json", "--k", "2", fixture_path);
      exit (fflush (stdout) == 0 ? status : 99);
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");

  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (out_path, &text, NULL, &error));
  g_assert_true (g_str_has_suffix (text, "}\n"));
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  JsonNode *root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_autoptr (GList) members = json_object_get_members (json_node_get_object (root));
  int what_if_2 = -1, findings = -1, i = 0;
  for (GList *l = members; l != NULL; l = l->next, i++)
    {
      if (strcmp (l->data, "what_if_2") == 0)
        what_if_2 = i;
      else if (strcmp (l->data, "findings") == 0)
        findings = i;
    }
  g_assert_cmpint (what_if_2, >=, 0);
  g_assert_cmpint (findings, >, what_if_2);
  g_unlink (out_path);
}

static void
test_command_bad_k (void)
{
  if (g_test_subprocess ())
    exit (run_command ("--k", "3", fixture_path, NULL) == MF_EXIT_USAGE ? 7 : 0);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("*--k must be 1 or 2, not 3*");
}

static void
test_command_missing (void)
{
  if (g_test_subprocess ())
    exit (run_command ("/nonexistent/x.topo", NULL, NULL, NULL) == MF_EXIT_USAGE ? 7 : 0);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*/nonexistent/x.topo*");
}

static void
test_command_too_large (void)
{
  if (g_test_subprocess ())
    exit (run_command ("--k", "2", big_path, NULL) == MF_EXIT_USAGE ? 7 : 0);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("*--k 2: 201 links and servers make 20100 pairs of failures*");
}

static void
test_command_no_file (void)
{
  if (g_test_subprocess ())
    exit (run_command (NULL, NULL, NULL, NULL) == MF_EXIT_USAGE ? 7 : 0);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*no topology file given*");
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  /* The fixture file for the command tests: in a fresh directory, named by
   * the parent so that the subprocesses find it. */
  dir = g_strdup (g_getenv ("MF_TEST_DIR"));
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("test-analyze-XXXXXX", NULL);
      g_assert_nonnull (dir);
      g_setenv ("MF_TEST_DIR", dir, TRUE);
    }
  fixture_path = g_build_filename (dir, "hub.topo", NULL);
  big_path = g_build_filename (dir, "big.topo", NULL);
  if (!g_test_subprocess ())
    {
      GString *big = g_string_new (ORG RG ("A"));
      for (int i = 0; i < 201; i++)
        g_string_append_printf (big, "[server S%d]\nrouting-group = A\n", i);
      g_assert_true (g_file_set_contents (fixture_path, HUB, -1, NULL));
      g_assert_true (g_file_set_contents (big_path, big->str, -1, NULL));
      g_string_free (big, TRUE);
    }

  g_test_add_func ("/analyze/hub-what-if", test_hub_what_if);
  g_test_add_func ("/analyze/transit-server", test_transit_server);
  g_test_add_func ("/analyze/finding/reachability", test_finding_reachability);
  g_test_add_func ("/analyze/finding/external-unreachable", test_finding_external_unreachable);
  g_test_add_func ("/analyze/finding/external-by-dns", test_external_by_dns);
  g_test_add_func ("/analyze/finding/sizes", test_finding_sizes);
  g_test_add_func ("/analyze/finding/scope", test_finding_scope);
  g_test_add_func ("/analyze/finding/bridgehead", test_finding_bridgehead);
  g_test_add_func ("/analyze/finding/exchange2007", test_finding_exchange2007);
  g_test_add_func ("/analyze/finding/scheduled", test_finding_scheduled);
  g_test_add_func ("/analyze/finding/address-space-tie", test_finding_address_space_tie);
  g_test_add_func ("/analyze/finding/hops", test_finding_hops);
  g_test_add_func ("/analyze/finding/none", test_no_findings);
  g_test_add_func ("/analyze/shapes", test_shapes);
  g_test_add_func ("/analyze/link-state-cost", test_link_state_cost);
  g_test_add_func ("/analyze/failure-parse", test_failure_parse);
  g_test_add_func ("/analyze/options-errors", test_options_errors);
  g_test_add_func ("/analyze/brute-force", test_brute_force);
  g_test_add_func ("/analyze/json", test_json);
  g_test_add_func ("/analyze/text", test_text);
  g_test_add_func ("/analyze/command/text", test_command_text);
  g_test_add_func ("/analyze/command/json", test_command_json);
  g_test_add_func ("/analyze/command/bad-k", test_command_bad_k);
  g_test_add_func ("/analyze/command/missing", test_command_missing);
  g_test_add_func ("/analyze/command/no-file", test_command_no_file);
  g_test_add_func ("/analyze/command/too-large", test_command_too_large);
  rc = g_test_run ();
  if (!g_test_subprocess ())
    {
      g_unlink (fixture_path);
      g_unlink (big_path);
      g_rmdir (dir);
    }
  g_free (fixture_path);
  g_free (big_path);
  return rc;
}
