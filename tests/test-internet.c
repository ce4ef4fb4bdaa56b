/* test-internet.c — scenario tests of the Internet edge: direct delivery
 * by DNS from a server's virtual server when no SMTP connector's address
 * space matches, [domain] sections (no MX, a size limit, an outage),
 * direct-internet = no, and smart hosts on servers and connectors.  Each
 * asserts its numbers; every run checks conservation itself. */
#include "model/routing.h"
#include "transport/transport.h"
#include "test-util.h"

#include <string.h>

/* Transfers handed to the Internet, per partner host (TRACK 1031 with no
 * partner server). */
typedef struct {
  GHashTable *by_host; /* name -> count */
  guint64 total;
} Handoffs;

static void
count_handoff (const MfTrackingRecord *rec, gpointer data)
{
  Handoffs *h = data;
  if (rec->event_id != 1031 || rec->partner_kind != MF_PARTNER_DOMAIN || rec->partner_domain == NULL)
    return;
  g_hash_table_insert (h->by_host, g_strdup (rec->partner_domain),
                       GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (h->by_host,
                                                                                rec->partner_domain))
                                         + 1));
  h->total++;
}

static MfRunResult *
run_tracked (const MfTopology *t, Handoffs *h)
{
  g_autoptr (GError) error = NULL;
  MfRunOptions o = { 0 };
  MfRunResult *r;

  o.seed = t->org.seed;
  o.duration_us = t->org.duration_us;
  o.sample_interval_us = t->org.sample_interval_us;
  if (h != NULL)
    {
      o.track = count_handoff;
      o.track_data = h;
    }
  r = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->recipients.generated, ==,
                    r->recipients.delivered + r->recipients.ndr + r->recipients.in_flight);
  return r;
}

static guint64
handoffs_to (const Handoffs *h, const char *host)
{
  return GPOINTER_TO_SIZE (g_hash_table_lookup (h->by_host, host));
}

#define ORG_NO_CONNECTOR                                                                    \
  "[organization]\nname = Edge\nduration = 2h\n"                                            \
  "[routing-group A]\n[server A1]\nrouting-group = A\n[server A2]\nrouting-group = A\n"

static void
test_dns_without_connector (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG_NO_CONNECTOR
      "[flow out]\nfrom = server A1\nto = domain fabrikam.com\nrate = 60/h\narrivals = uniform\n");
  Handoffs h = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0 };
  g_autoptr (MfRunResult) r = run_tracked (t, &h);

  /* Two hours at 60/h, uniform: 120 messages, all delivered by DNS. */
  g_assert_cmpuint (r->recipients.generated, ==, 120);
  g_assert_cmpuint (r->recipients.delivered, ==, 120);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  g_assert_cmpuint (handoffs_to (&h, "fabrikam.com"), ==, 120);
  /* The link queue is named after the domain, on the sender's server. */
  {
    gboolean found = FALSE;
    for (int i = 0; i < r->n_queues; i++)
      found |= r->queues[i].server == 0 && strcmp (r->queues[i].name, "fabrikam.com") == 0;
    g_assert_true (found);
  }
  /* Latency: 50ms lookup + 50ms latency + 25KB at 10Mbit (20.48ms), plus
   * the categorizer: every message took at least 120ms. */
  g_assert_cmpfloat (r->latency_s.min, >=, 0.12048);
  g_hash_table_unref (h.by_host);
}

static void
test_domain_without_mx (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG_NO_CONNECTOR
      "[internet]\ndns-lookup = 2s\n"
      "[domain nowhere.example]\nmx = no\n"
      "[flow out]\nfrom = server A1\nto = domain nowhere.example\nrate = 60/h\narrivals = uniform\n");
  g_autoptr (MfRunResult) r = run_tracked (t, NULL);

  g_assert_cmpuint (r->recipients.generated, ==, 120);
  g_assert_cmpuint (r->recipients.delivered, ==, 0);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_DNS], ==, 120);
  g_assert_cmpstr (mf_ndr_status_code (MF_NDR_DNS), ==, "5.4.0");
  /* Each NDR came after the 2 s lookup, back to A1's mailboxes. */
  g_assert_cmpuint (r->dsn_messages.delivered, ==, 120);
}

static void
test_direct_internet_off (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG_NO_CONNECTOR
      "[flow out]\nfrom = server A2\nto = domain fabrikam.com\nrate = 60/h\narrivals = uniform\n"
      "[flow in]\nfrom = server A1\nto = domain fabrikam.com\nrate = 30/h\narrivals = uniform\n");
  /* Only A2 is barred from the Internet. */
  g_autofree char *text = NULL;
  g_autoptr (MfTopology) t2 = NULL;
  {
    g_autofree char *s = mf_topo_to_string (t);
    GString *g = g_string_new (s);
    g_autofree char *needle = g_strdup ("[server A2]\n");
    char *at = strstr (g->str, needle);
    g_assert_nonnull (at);
    g_string_insert (g, (gssize) (at - g->str) + (gssize) strlen (needle), "direct-internet = no\n");
    text = g_string_free (g, FALSE);
  }
  t2 = mf_test_load (text);
  {
    g_autoptr (MfRunResult) r = run_tracked (t2, NULL);
    /* A2's 120 are returned with 5.4.4; A1's 61 go by DNS (the last
     * one still in its categorizer at the end). */
    g_assert_cmpuint (r->recipients.generated, ==, 181);
    g_assert_cmpuint (r->ndr_by_reason[MF_NDR_NO_ROUTE], ==, 120);
    g_assert_cmpstr (mf_ndr_status_code (MF_NDR_NO_ROUTE), ==, "5.4.4");
    g_assert_cmpuint (r->recipients.delivered + r->recipients.in_flight, ==, 61);
  }
}

static void
test_server_smart_host (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG_NO_CONNECTOR
      "[server A3]\nrouting-group = A\nsmart-host = relay.isp.net\n"
      "[flow f1]\nfrom = server A3\nto = domain fabrikam.com\nrate = 60/h\narrivals = uniform\n"
      "[flow f2]\nfrom = server A3\nto = domain contoso.org\nrate = 30/h\narrivals = uniform\n"
      "[flow f3]\nfrom = server A1\nto = domain contoso.org\nrate = 30/h\narrivals = uniform\n");
  Handoffs h = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0 };
  g_autoptr (MfRunResult) r = run_tracked (t, &h);

  g_assert_cmpuint (r->recipients.generated, ==, 240);
  g_assert_cmpuint (r->recipients.delivered, ==, 240);
  /* Everything A3 sends goes through the smart host; A1 uses DNS. */
  g_assert_cmpuint (handoffs_to (&h, "relay.isp.net"), ==, 180);
  g_assert_cmpuint (handoffs_to (&h, "contoso.org"), ==, 60);
  g_assert_cmpuint (handoffs_to (&h, "fabrikam.com"), ==, 0);
  g_assert_cmpuint (h.total, ==, 240);
  g_hash_table_unref (h.by_host);
}

static void
test_domain_down_then_up (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Edge\nduration = 4h\nglitch-retries = 0\nretry = 10m\n"
      "[routing-group A]\n[server A1]\nrouting-group = A\n"
      "[domain fabrikam.com]\n"
      "[event outage]\nat = 30m\ntarget = domain fabrikam.com\naction = down\nduration = 1h\n"
      "[flow out]\nfrom = server A1\nto = domain fabrikam.com\nrate = 60/h\nend = 2h\n"
      "arrivals = uniform\n");
  Handoffs h = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0 };
  g_autoptr (MfRunResult) r = run_tracked (t, &h);

  /* 120 messages over two hours; the hour of outage held about 60 of them
   * in the fabrikam.com queue, none lost, none returned. */
  g_assert_cmpuint (r->recipients.generated, ==, 120);
  g_assert_cmpuint (r->recipients.delivered, ==, 120);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  g_assert_cmpuint (r->recipients.in_flight, ==, 0);
  g_assert_cmpuint (handoffs_to (&h, "fabrikam.com"), ==, 120);
  /* Some waited out the outage: the worst latency is close to an hour. */
  g_assert_cmpfloat (r->latency_s.max, >, 3000.0);
  g_assert_cmpfloat (r->latency_s.max, <, 3600.0 + 600.0 + 1.0);
  {
    guint64 max_len = 0;
    for (int i = 0; i < r->n_queues; i++)
      if (strcmp (r->queues[i].name, "fabrikam.com") == 0)
        max_len = r->queues[i].max_length;
    g_assert_cmpuint (max_len, >=, 59);
    g_assert_cmpuint (max_len, <=, 61);
  }
  g_hash_table_unref (h.by_host);
}

static void
test_domain_down_expires (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Edge\nduration = 4h\nexpiration = 1h\ndelay-notification = 12h\n"
      "[routing-group A]\n[server A1]\nrouting-group = A\n"
      "[domain fabrikam.com]\n"
      "[event outage]\nat = 0\ntarget = domain fabrikam.com\naction = down\n"
      "[flow out]\nfrom = server A1\nto = domain fabrikam.com\nrate = 60/h\nend = 1h\n"
      "arrivals = uniform\n");
  g_autoptr (MfRunResult) r = run_tracked (t, NULL);

  g_assert_cmpuint (r->recipients.generated, ==, 60);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_EXPIRED], ==, 60);
  g_assert_cmpuint (r->recipients.delivered, ==, 0);
}

static void
test_accepts_max_size (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG_NO_CONNECTOR
      "[domain fabrikam.com]\naccepts-max-size = 1MB\n"
      "[flow big]\nfrom = server A1\nto = domain fabrikam.com\nrate = 30/h\nsize = 2MB\n"
      "arrivals = uniform\n"
      "[flow small]\nfrom = server A1\nto = domain fabrikam.com\nrate = 30/h\nsize = 100KB\n"
      "arrivals = uniform\n");
  g_autoptr (MfRunResult) r = run_tracked (t, NULL);

  g_assert_cmpuint (r->recipients.generated, ==, 120);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_TOO_LARGE], ==, 60);
  g_assert_cmpuint (r->recipients.delivered, ==, 60);
}

static void
test_connector_smart_host_down (void)
{
  /* The connector's smart host is down for 30 minutes: the connector's
   * queue waits, then delivers everything. */
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Edge\nduration = 3h\nglitch-retries = 0\nretry = 5m\n"
      "[routing-group A]\n[server A1]\nrouting-group = A\n"
      "[connector Inet]\ntype = smtp\nfrom = A\naddress-spaces = SMTP:* 1\n"
      "smart-host = relay.isp.net\n"
      "[domain relay.isp.net]\n"
      "[event outage]\nat = 10m\ntarget = domain relay.isp.net\naction = down\nduration = 30m\n"
      "[flow out]\nfrom = server A1\nto = domain fabrikam.com\nrate = 60/h\nend = 1h\n"
      "arrivals = uniform\n");
  g_autoptr (MfRunResult) r = run_tracked (t, NULL);

  g_assert_cmpuint (r->recipients.generated, ==, 60);
  g_assert_cmpuint (r->recipients.delivered, ==, 60);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  g_assert_cmpfloat (r->latency_s.max, >, 1500.0);
}

static void
test_route_by_dns (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Edge\n"
      "[routing-group A]\n[routing-group B]\n"
      "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
      "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n"
      "[connector Fab]\ntype = smtp\nfrom = A\naddress-spaces = SMTP:fabrikam.com 1\n"
      "scope = routing-group\n"
      "[connector All]\ntype = smtp\nfrom = B\naddress-spaces = SMTP:*.example.com 1\n");
  int a = mf_test_routing_group (t, "A"), b = mf_test_routing_group (t, "B");

  /* A sees its scoped connector and B's organisation-wide one. */
  g_assert_false (mf_route_by_dns (t, a, "fabrikam.com"));
  g_assert_false (mf_route_by_dns (t, a, "www.example.com"));
  g_assert_true (mf_route_by_dns (t, a, "contoso.org"));
  /* B cannot see A's scoped connector: fabrikam.com goes by DNS. */
  g_assert_true (mf_route_by_dns (t, b, "fabrikam.com"));
  g_assert_false (mf_route_by_dns (t, b, "mail.example.com"));
}

/* An SMTP connector without smart host: its bridgehead delivers by DNS,
 * so the destination's [domain] applies as it does to direct DNS. */
#define ORG_CONNECTOR                                                                       \
  "[organization]\nname = Edge\nduration = 2h\n"                                            \
  "[routing-group A]\n[server A1]\nrouting-group = A\n"                                     \
  "[connector Inet]\ntype = smtp\nfrom = A\naddress-spaces = SMTP:* 1\n"

static void
test_connector_domain_without_mx (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG_CONNECTOR
      "[internet]\ndns-lookup = 2s\n"
      "[domain nowhere.example]\nmx = no\n"
      "[flow out]\nfrom = server A1\nto = domain nowhere.example\nrate = 60/h\narrivals = uniform\n"
      "[flow ok]\nfrom = server A1\nto = domain fabrikam.com\nrate = 30/h\narrivals = uniform\n");
  Handoffs h = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0 };
  g_autoptr (MfRunResult) r = run_tracked (t, &h);
  int inet = mf_test_connector (t, "Inet");

  /* Every nowhere.example recipient comes back 5.4.0 after the lookup;
   * fabrikam.com (no [domain]) is delivered at the hand-off as before. */
  g_assert_cmpuint (r->recipients.generated, ==, 180);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_DNS], ==, 120);
  g_assert_cmpuint (r->recipients.ndr, ==, 120);
  g_assert_cmpuint (r->recipients.delivered, ==, 60);
  g_assert_cmpuint (r->dsn_messages.delivered, ==, 120);
  g_assert_cmpuint (handoffs_to (&h, "nowhere.example"), ==, 0);
  g_assert_cmpuint (handoffs_to (&h, "fabrikam.com"), ==, 60);
  /* Only the delivered ones count as connector traffic. */
  g_assert_cmpuint (r->connectors[inet].messages, ==, 60);
  g_hash_table_unref (h.by_host);
}

static void
test_connector_domain_down_then_up (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      "[organization]\nname = Edge\nduration = 4h\nglitch-retries = 0\nretry = 10m\n"
      "[routing-group A]\n[server A1]\nrouting-group = A\n"
      "[connector Inet]\ntype = smtp\nfrom = A\naddress-spaces = SMTP:* 1\n"
      "[domain fabrikam.com]\n"
      "[event outage]\nat = 30m\ntarget = domain fabrikam.com\naction = down\nduration = 1h\n"
      "[flow out]\nfrom = server A1\nto = domain fabrikam.com\nrate = 60/h\nend = 2h\n"
      "arrivals = uniform\n");
  g_autoptr (MfRunResult) r = run_tracked (t, NULL);
  int inet = mf_test_connector (t, "Inet");

  /* Nothing lost or returned: the hour's mail waited at the bridgehead. */
  g_assert_cmpuint (r->recipients.generated, ==, 120);
  g_assert_cmpuint (r->recipients.delivered, ==, 120);
  g_assert_cmpuint (r->recipients.ndr, ==, 0);
  g_assert_cmpuint (r->recipients.in_flight, ==, 0);
  g_assert_cmpfloat (r->latency_s.max, >, 3000.0);
  g_assert_cmpfloat (r->latency_s.max, <, 3600.0 + 600.0 + 1.0);
  /* The connector's queue for the domain failed to connect (glitch-retries
   * = 0): the connector was reported DOWN at once, then UP when the domain
   * came back, as for a smart host that is down; meanwhile the hour's mail
   * waited with no route, at the bridgehead. */
  {
    guint64 max_len = 0;
    for (int i = 0; i < r->n_queues; i++)
      if (strcmp (r->queues[i].name, "Messages with an unreachable destination") == 0)
        max_len = MAX (max_len, r->queues[i].max_length);
    g_assert_cmpuint (max_len, >=, 59);
    g_assert_cmpuint (max_len, <=, 61);
  }
  g_assert_cmpuint (r->connectors[inet].state_changes, ==, 2);
  g_assert_true (r->connectors[inet].up_at_end);
}

static void
test_connector_accepts_max_size (void)
{
  g_autoptr (MfTopology) t = mf_test_load (
      ORG_CONNECTOR
      "[domain fabrikam.com]\naccepts-max-size = 1MB\nlatency = 3s\n"
      "[flow big]\nfrom = server A1\nto = domain fabrikam.com\nrate = 30/h\nsize = 2MB\n"
      "arrivals = uniform\n"
      "[flow small]\nfrom = server A1\nto = domain fabrikam.com\nrate = 30/h\nsize = 100KB\n"
      "arrivals = uniform\n");
  g_autoptr (MfRunResult) r = run_tracked (t, NULL);

  g_assert_cmpuint (r->recipients.generated, ==, 120);
  g_assert_cmpuint (r->ndr_by_reason[MF_NDR_TOO_LARGE], ==, 60);
  g_assert_cmpuint (r->recipients.ndr, ==, 60);
  g_assert_cmpuint (r->recipients.delivered, ==, 60);
  /* The domain's latency applies on the far side: 3 s at least each. */
  g_assert_cmpfloat (r->latency_s.min, >=, 3.0);
  g_assert_cmpfloat (r->latency_s.min, <, 4.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/internet/dns-without-connector", test_dns_without_connector);
  g_test_add_func ("/internet/domain-without-mx", test_domain_without_mx);
  g_test_add_func ("/internet/direct-internet-off", test_direct_internet_off);
  g_test_add_func ("/internet/server-smart-host", test_server_smart_host);
  g_test_add_func ("/internet/domain-down-then-up", test_domain_down_then_up);
  g_test_add_func ("/internet/domain-down-expires", test_domain_down_expires);
  g_test_add_func ("/internet/accepts-max-size", test_accepts_max_size);
  g_test_add_func ("/internet/connector-smart-host-down", test_connector_smart_host_down);
  g_test_add_func ("/internet/route-by-dns", test_route_by_dns);
  g_test_add_func ("/internet/connector-domain-without-mx", test_connector_domain_without_mx);
  g_test_add_func ("/internet/connector-domain-down-then-up", test_connector_domain_down_then_up);
  g_test_add_func ("/internet/connector-accepts-max-size", test_connector_accepts_max_size);
  return g_test_run ();
}
