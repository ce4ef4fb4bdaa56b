/* test-workload.c — where and when mail is born (workload.c), without the
 * transport: arrival counts against the configured rates, the diurnal
 * profile's shape, recipients and sizes against their distributions and
 * the mailbox weights, flow endpoints, uniform arrivals, silent flows, and
 * the streams' determinism.  Statistical checks allow K_SE standard errors
 * (stat-check.h) with fixed seeds, so they pass or fail for good.
 */
#include "transport/workload.h"
#include "stat-check.h"

#include <string.h>

static MfTopology *
load (const char *text)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_parse_data ("w.topo", text, strlen (text), &error);
  g_assert_no_error (error);
  return t;
}

static int
source_named (const MfWorkload *w, const char *name)
{
  for (int s = 0; s < mf_workload_n_sources (w); s++)
    if (strcmp (mf_workload_source_name (w, s), name) == 0)
      return s;
  g_assert_not_reached ();
  return -1;
}

/* Every arrival of one source before end_us, as the transport asks for
 * them (each request made at the previous arrival).  (transfer full) */
static GArray *
arrivals (MfWorkload *w, int source, gint64 end_us)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = 0, t;

  while ((t = mf_workload_next_arrival (w, source, now, end_us)) >= 0)
    {
      g_assert_cmpint (t, >=, now);
      g_assert_cmpint (t, <, end_us);
      g_array_append_val (a, t);
      now = t;
    }
  return a;
}

/* A Poisson count with mean `mean` lies within K_SE standard errors. */
static void
assert_poisson_count (guint64 n, double mean)
{
  g_assert_cmpfloat (fabs ((double) n - mean), <, K_SE * sqrt (mean));
}

/* A share of n draws lies within K_SE binomial standard errors of p. */
static void
assert_share (guint64 hits, guint64 n, double p)
{
  g_assert_cmpfloat (fabs ((double) hits / (double) n - p), <,
                     K_SE * sqrt (p * (1.0 - p) / (double) n));
}

static const char org_text[] =
    "[organization]\nname = W\nseed = 5\n"
    "[routing-group A]\n[routing-group B]\n"
    "[server S1]\nrouting-group = A\nmailboxes = 100\n"
    "[server S2]\nrouting-group = A\nmailboxes = 300\n"
    "[server S3]\nrouting-group = B\nmailboxes = 0\n"
    "[server S4]\nrouting-group = B\nmailboxes = 50\n";

static double mean_gap_s = 1.0;

static double
exp_cdf (double x)
{
  return x <= 0 ? 0.0 : 1.0 - exp (-x / mean_gap_s);
}

/* [traffic]: one source per server with mailboxes, Poisson at
 * mailboxes × messages-per-mailbox. */
static void
test_traffic_rates (void)
{
  g_autofree char *text = g_strconcat (org_text, "[traffic]\nmessages-per-mailbox = 36/h\n", NULL);
  g_autoptr (MfTopology) t = load (text);
  g_autoptr (MfWorkload) w = mf_workload_new (t, 5, 0);
  const gint64 end = 4 * MF_US_PER_HOUR;
  const struct { const char *name; double per_s; } want[] = {
    { "traffic:S1", 1.0 }, { "traffic:S2", 3.0 }, { "traffic:S4", 0.5 },
  };

  /* S3 has no mailboxes and sends nothing. */
  g_assert_cmpint (mf_workload_n_sources (w), ==, 3);
  g_assert_cmpfloat (fabs (mf_workload_expected_messages (w, end) - 4.5 * 4 * 3600), <, 1e-6);
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    {
      int s = source_named (w, want[i].name);
      g_autoptr (GArray) a = arrivals (w, s, end);
      assert_poisson_count (a->len, want[i].per_s * 4 * 3600);
      /* The gaps are exponential with mean 1/rate. */
      {
        g_autofree double *gaps = g_new (double, a->len);
        gint64 prev = 0;
        for (guint k = 0; k < a->len; k++)
          {
            gint64 at = g_array_index (a, gint64, k);
            gaps[k] = (double) (at - prev) / MF_US_PER_SECOND;
            prev = at;
          }
        mean_gap_s = 1.0 / want[i].per_s;
        g_assert_cmpfloat (ks_statistic (gaps, a->len, exp_cdf), <,
                           KS_CRIT_001 / sqrt ((double) a->len));
      }
    }
}

/* Custom diurnal weights: the count in each hour follows its weight
 * (scaled to a mean of 1); a zero weight silences its hour; the profile
 * follows the simulated clock ([organization] start). */
static void
test_diurnal_shape (void)
{
  /* Hours 0–11 weight 1 (hour 3: 0), hours 12–23 weight 3: sum 47. */
  const char *weights = "1,1,1,0,1,1,1,1,1,1,1,1,3,3,3,3,3,3,3,3,3,3,3,3";
  const double raw[24] = { 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
  const double per_s = 1.0 + 3.0 + 0.5; /* 36/h per mailbox, 450 mailboxes */

  for (int shifted = 0; shifted <= 1; shifted++)
    {
      /* Run 2 starts at noon: the run's hour h is the clock's hour h + 12. */
      g_autofree char *text = g_strdup_printf (
          "[organization]\nname = W\nstart = %s\n%s[traffic]\nmessages-per-mailbox = 36/h\n"
          "diurnal = %s\n",
          shifted ? "Mon 12:00" : "Mon 00:00", strstr (org_text, "[routing-group A]"), weights);
      g_autoptr (MfTopology) t = NULL;
      g_autoptr (MfWorkload) w = NULL;
      guint64 by_hour[24] = { 0 };

      t = load (text);
      w = mf_workload_new (t, 5, 0);
      for (int s = 0; s < mf_workload_n_sources (w); s++)
        {
          g_autoptr (GArray) a = arrivals (w, s, 3 * MF_US_PER_DAY);
          for (guint k = 0; k < a->len; k++)
            by_hour[(g_array_index (a, gint64, k) / MF_US_PER_HOUR) % 24]++;
        }
      for (int h = 0; h < 24; h++)
        {
          int clock_h = (h + (shifted ? 12 : 0)) % 24;
          double mean = 3 * per_s * 3600 * raw[clock_h] * 24.0 / 47.0;
          if (raw[clock_h] == 0)
            g_assert_cmpuint (by_hour[h], ==, 0);
          else
            assert_poisson_count (by_hour[h], mean);
        }
    }
}

/* Recipients of [traffic] mail: mailboxes chosen in proportion to each
 * server's mailboxes, or the external domain with external-share; their
 * number and the size follow the configured distributions. */
static void
test_traffic_recipients_and_size (void)
{
  g_autofree char *text = g_strconcat (
      org_text,
      "[traffic]\nmessages-per-mailbox = 36/h\nrecipients = uniform(1,5)\nsize = exp(10KB)\n"
      "external-share = 20%\nexternal-domain = example.com\n",
      NULL);
  g_autoptr (MfTopology) t = load (text);
  g_autoptr (MfWorkload) w = mf_workload_new (t, 5, 0);
  int s = source_named (w, "traffic:S2");
  const int n = 20000;
  g_autofree double *counts = g_new (double, n);
  g_autofree double *sizes = g_new (double, n);
  guint64 per_server[4] = { 0 }, external = 0, total = 0, by_count[6] = { 0 };
  int domain;

  g_assert_cmpint (mf_workload_n_domains (w), ==, 1);
  domain = mf_workload_add_domain (w, "example.com");
  g_assert_cmpint (domain, ==, 0);
  g_assert_cmpstr (mf_workload_domain (w, domain), ==, "example.com");
  for (int i = 0; i < n; i++)
    {
      MfNewMessage m;
      mf_workload_make_message (w, s, &m);
      g_assert_cmpint (m.origin, ==, 1);
      g_assert_false (m.external);
      g_assert_cmpint (m.flow, ==, -1);
      g_assert_cmpint (m.source, ==, s);
      g_assert_cmpint (m.n_recipients, >=, 1);
      g_assert_cmpint (m.n_recipients, <=, 5);
      counts[i] = m.n_recipients;
      by_count[m.n_recipients]++;
      sizes[i] = (double) m.size_bytes;
      for (int r = 0; r < m.n_recipients; r++)
        {
          total++;
          if (m.recipients[r].server < 0)
            {
              g_assert_cmpint (m.recipients[r].domain, ==, domain);
              external++;
            }
          else
            {
              g_assert_cmpint (m.recipients[r].domain, ==, -1);
              per_server[m.recipients[r].server]++;
            }
        }
      mf_new_message_clear (&m);
      g_assert_null (m.recipients);
    }
  {
    Moments c = moments_of (counts, (gsize) n), z = moments_of (sizes, (gsize) n);
    g_assert_cmpfloat (fabs (c.mean - 3.0), <, K_SE * c.se_mean);
    /* A count is the continuous uniform rounded to nearest (dist.c), so
     * the end values come half as often: 1/8, 1/4, 1/4, 1/4, 1/8. */
    g_assert_cmpfloat (fabs (c.var - 1.5), <, K_SE * c.se_var);
    g_assert_cmpfloat (fabs (z.mean - 10240.0), <, K_SE * z.se_mean);
  }
  for (int k = 1; k <= 5; k++)
    assert_share (by_count[k], (guint64) n, k == 1 || k == 5 ? 0.125 : 0.25);
  assert_share (external, total, 0.2);
  /* Internal recipients by mailboxes: 100, 300, 0, 50 of 450. */
  g_assert_cmpuint (per_server[2], ==, 0);
  assert_share (per_server[0], total - external, 100.0 / 450.0);
  assert_share (per_server[1], total - external, 300.0 / 450.0);
  assert_share (per_server[3], total - external, 50.0 / 450.0);
}

/* Flows: endpoints, rate, start and end, uniform spacing, and a silent
 * flow that has no source at all. */
static void
test_flows (void)
{
  g_autofree char *text = g_strconcat (
      org_text,
      "[flow Even]\nfrom = server S4\nto = routing-group A\nrate = 120/h\narrivals = uniform\n"
      "start = 1h\nend = 3h\n"
      "[flow Quiet]\nfrom = server S1\nto = server S2\nrate = 0/h\n"
      "[flow In]\nfrom = external\nvia = S3\nto = domain Fabrikam.example\nrate = 2/s\n"
      "recipients = 2\nsize = 4KB\nend = 2h\n"
      "[flow Out]\nfrom = routing-group A\nto = server S4\nrate = 1/s\n",
      NULL);
  g_autoptr (MfTopology) t = load (text);
  g_autoptr (MfWorkload) w = mf_workload_new (t, 5, 0);
  const gint64 end = 4 * MF_US_PER_HOUR;
  int even = source_named (w, "flow:Even"), in = source_named (w, "flow:In");
  int out = source_named (w, "flow:Out");
  guint64 from_s1 = 0, to_s1 = 0, n_even = 0;

  /* No [traffic]: only the three flows that send. */
  g_assert_cmpint (mf_workload_n_sources (w), ==, 3);
  for (int s = 0; s < mf_workload_n_sources (w); s++)
    g_assert_cmpstr (mf_workload_source_name (w, s), !=, "flow:Quiet");
  g_assert_cmpfloat (fabs (mf_workload_expected_messages (w, end) - (240 + 2 * 7200 + 14400)), <,
                     1e-6);

  {
    /* Evenly spaced from start, every 30 s, none at or after end. */
    g_autoptr (GArray) a = arrivals (w, even, end);
    g_assert_cmpuint (a->len, ==, 240);
    for (guint k = 0; k < a->len; k++)
      g_assert_cmpint (g_array_index (a, gint64, k), ==,
                       MF_US_PER_HOUR + (gint64) k * 30 * MF_US_PER_SECOND);
  }
  {
    g_autoptr (GArray) a = arrivals (w, in, end);
    assert_poisson_count (a->len, 2.0 * 7200);
    g_assert_cmpint (g_array_index (a, gint64, a->len - 1), <, 2 * MF_US_PER_HOUR);
  }
  {
    g_autoptr (GArray) a = arrivals (w, out, end);
    assert_poisson_count (a->len, 14400);
  }

  for (int i = 0; i < 4000; i++)
    {
      MfNewMessage m;
      mf_workload_make_message (w, in, &m);
      g_assert_true (m.external);
      g_assert_cmpint (m.origin, ==, 2); /* via S3 */
      g_assert_cmpint (m.n_recipients, ==, 2);
      g_assert_cmpuint (m.size_bytes, ==, 4096);
      g_assert_cmpint (m.recipients[1].server, ==, -1);
      g_assert_cmpstr (mf_workload_domain (w, m.recipients[1].domain), ==, "fabrikam.example");
      mf_new_message_clear (&m);

      /* From group A in proportion to mailboxes (S1 100, S2 300). */
      mf_workload_make_message (w, out, &m);
      g_assert_false (m.external);
      g_assert_cmpint (m.flow, ==, 3);
      g_assert_true (m.origin == 0 || m.origin == 1);
      from_s1 += m.origin == 0;
      g_assert_cmpint (m.recipients[0].server, ==, 3);
      mf_new_message_clear (&m);

      /* To group A the same way. */
      mf_workload_make_message (w, even, &m);
      g_assert_cmpint (m.origin, ==, 3);
      g_assert_true (m.recipients[0].server == 0 || m.recipients[0].server == 1);
      to_s1 += m.recipients[0].server == 0;
      n_even++;
      mf_new_message_clear (&m);
    }
  assert_share (from_s1, 4000, 0.25);
  assert_share (to_s1, n_even, 0.25);
}

/* Message i of source s: its arrival time and what it carries. */
typedef struct {
  gint64 at;
  int origin, n_rcpt, first_rcpt;
  guint64 size;
} Drawn;

static GArray *
draw (MfWorkload *w, int source, int n)
{
  GArray *d = g_array_new (FALSE, FALSE, sizeof (Drawn));
  gint64 now = 0;

  for (int i = 0; i < n; i++)
    {
      MfNewMessage m;
      Drawn x;
      memset (&x, 0, sizeof x); /* padding too: compared with memcmp */
      x.at = now = mf_workload_next_arrival (w, source, now, G_MAXINT64 / 2);
      mf_workload_make_message (w, source, &m);
      x.origin = m.origin;
      x.n_rcpt = m.n_recipients;
      x.first_rcpt = m.recipients[0].server;
      x.size = m.size_bytes;
      mf_new_message_clear (&m);
      g_array_append_val (d, x);
    }
  return d;
}

/* The same seed and replication give the same messages; another seed or
 * replication others; a flow added leaves the other sources' paths alone. */
static void
test_determinism (void)
{
  g_autofree char *text = g_strconcat (org_text, "[traffic]\nmessages-per-mailbox = 36/h\n", NULL);
  g_autofree char *more = g_strconcat (text, "[flow Extra]\nfrom = server S1\nto = server S4\n"
                                             "rate = 10/s\n", NULL);
  g_autoptr (MfTopology) t = load (text);
  g_autoptr (MfTopology) t_more = load (more);
  g_autoptr (MfWorkload) a = mf_workload_new (t, 9, 0);
  g_autoptr (MfWorkload) b = mf_workload_new (t, 9, 0);
  g_autoptr (MfWorkload) other_seed = mf_workload_new (t, 10, 0);
  g_autoptr (MfWorkload) other_rep = mf_workload_new (t, 9, 1);
  g_autoptr (MfWorkload) with_flow = mf_workload_new (t_more, 9, 0);
  const int n = 500;
  g_autoptr (GArray) da = draw (a, source_named (a, "traffic:S2"), n);
  g_autoptr (GArray) db = draw (b, source_named (b, "traffic:S2"), n);
  g_autoptr (GArray) ds = draw (other_seed, source_named (other_seed, "traffic:S2"), n);
  g_autoptr (GArray) dr = draw (other_rep, source_named (other_rep, "traffic:S2"), n);
  g_autoptr (GArray) df = draw (with_flow, source_named (with_flow, "traffic:S2"), n);

  g_assert_cmpmem (da->data, n * sizeof (Drawn), db->data, n * sizeof (Drawn));
  g_assert_cmpmem (da->data, n * sizeof (Drawn), df->data, n * sizeof (Drawn));
  g_assert_true (memcmp (da->data, ds->data, n * sizeof (Drawn)) != 0);
  g_assert_true (memcmp (da->data, dr->data, n * sizeof (Drawn)) != 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/workload/traffic-rates", test_traffic_rates);
  g_test_add_func ("/workload/diurnal-shape", test_diurnal_shape);
  g_test_add_func ("/workload/traffic-recipients-and-size", test_traffic_recipients_and_size);
  g_test_add_func ("/workload/flows", test_flows);
  g_test_add_func ("/workload/determinism", test_determinism);
  return g_test_run ();
}
