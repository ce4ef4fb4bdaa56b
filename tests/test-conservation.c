/* test-conservation.c — the end-of-run conservation check can fail.
 *
 * Every run walks every place that holds a message copy and requires
 * generated = delivered + ndr + in_flight for recipients, messages and
 * notices; no correct run has ever failed it.  These tests break the counts
 * on purpose through MfRunOptions.test_before_check (a hook for tests
 * only) and assert the failure: no result, MF_TRANSPORT_ERROR_CONSERVATION
 * with the figures in its message, and an error of the kind `msgflow
 * simulate` turns into exit status 1.  The hook is not reachable from the
 * command line, so the exit status is shown through cmd-simulate.c's rule
 * (any error from mf_transport_run: MF_EXIT_FAILURE) rather than by running
 * the program.
 */
#include "transport/transport.h"
#include "base/igraph-util.h"
#include "cli/cli.h"

#include <string.h>

/* A connector cut from the start: mail waits, some of it expires (NDRs),
 * all of it gets a delay notice, and some is still waiting at the end. */
static const char stuck_text[] =
    "[organization]\nname = Stuck\nduration = 3h30m\nexpiration = 2h\n"
    "delay-notification = 30m\nunreachable-retry = 5m\n"
    "[routing-group A]\n[routing-group B]\n"
    "[server A1]\nrouting-group = A\n[server B1]\nrouting-group = B\n"
    "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n"
    "[event cut]\nat = 0\ntarget = connector A-B\naction = down\n"
    "[flow F]\nfrom = server A1\nto = server B1\nrate = 60/h\nend = 3h\narrivals = uniform\n"
    "[flow G]\nfrom = server A1\nto = server A1\nrate = 30/h\nrecipients = 3\n";

static MfTopology *
load_stuck (void)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_parse_data ("stuck.topo", stuck_text, strlen (stuck_text), &error);
  g_assert_no_error (error);
  return t;
}

static MfRunOptions
options_for (const MfTopology *t)
{
  MfRunOptions o = { 0 };
  o.seed = 11;
  o.duration_us = t->org.duration_us;
  o.warmup_us = 0;
  o.sample_interval_us = t->org.sample_interval_us;
  return o;
}

/* The hooks: each breaks one counter the way a lost copy or a double count
 * would. */
static void
touch_nothing (MfRunResult *r, gpointer data)
{
  (void) r;
  ++*(int *) data;
}

static void
lose_a_recipient (MfRunResult *r, gpointer data)
{
  (void) data;
  r->recipients.generated++;
}

static void
lose_a_message (MfRunResult *r, gpointer data)
{
  (void) data;
  r->messages.generated++;
}

static void
lose_a_notice (MfRunResult *r, gpointer data)
{
  (void) data;
  r->dsn_messages.generated++;
}

static void
deliver_twice (MfRunResult *r, gpointer data)
{
  (void) data;
  r->recipients.delivered++;
}

/* The run this file breaks, intact: it has every kind of count to break. */
static MfRunResult *
clean_run (const MfTopology *t)
{
  g_autoptr (GError) error = NULL;
  MfRunOptions o = options_for (t);
  MfRunResult *r = mf_transport_run (t, &o, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->recipients.in_flight, >, 0);
  g_assert_cmpuint (r->recipients.ndr, >, 0);
  g_assert_cmpuint (r->recipients.delivered, >, 0);
  g_assert_cmpuint (r->dsn_messages.generated, >, 0);
  return r;
}

/* The message the check gives when the recipients, messages and notices it
 * expects in flight are those of `c` plus the deltas, and it finds those of
 * `c`. */
static char *
expected_message (const MfRunResult *c, guint64 rcpt_gen, guint64 rcpt_del, gint64 d_msgs,
                  gint64 d_dsn)
{
  guint64 want_rcpt = rcpt_gen - rcpt_del - c->recipients.ndr;
  return g_strdup_printf (
      "conservation check failed: recipients generated %" G_GUINT64_FORMAT
      ", delivered %" G_GUINT64_FORMAT ", ndr %" G_GUINT64_FORMAT
      ", found in flight %" G_GUINT64_FORMAT " (want %" G_GUINT64_FORMAT
      "); messages in flight %" G_GUINT64_FORMAT " (want %" G_GUINT64_FORMAT
      "); notices in flight %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " (want %" G_GUINT64_FORMAT
      ")",
      rcpt_gen, rcpt_del, c->recipients.ndr, c->recipients.in_flight, want_rcpt,
      c->messages.in_flight, c->messages.in_flight + (guint64) d_msgs, c->dsn_messages.in_flight,
      c->dsn_messages.in_flight, c->dsn_messages.in_flight + (guint64) d_dsn);
}

/* Run with `hook`; the run must fail with `want` as its message. */
static void
assert_run_fails (const MfTopology *t, void (*hook) (MfRunResult *, gpointer), const char *want)
{
  g_autoptr (GError) error = NULL;
  MfRunOptions o = options_for (t);
  MfRunResult *r;

  o.test_before_check = hook;
  r = mf_transport_run (t, &o, &error);
  g_assert_null (r);
  g_assert_error (error, MF_TRANSPORT_ERROR, MF_TRANSPORT_ERROR_CONSERVATION);
  g_assert_cmpstr (error->message, ==, want);
}

static void
test_hook_alone_changes_nothing (void)
{
  g_autoptr (MfTopology) t = load_stuck ();
  g_autoptr (MfRunResult) plain = clean_run (t);
  g_autoptr (MfRunResult) hooked = NULL;
  g_autoptr (GError) error = NULL;
  MfRunOptions o = options_for (t);
  int calls = 0;

  o.test_before_check = touch_nothing;
  o.test_data = &calls;
  hooked = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hooked);
  g_assert_cmpint (calls, ==, 1);
  g_assert_cmpuint (hooked->events, ==, plain->events);
  g_assert_cmpmem (&hooked->recipients, sizeof hooked->recipients, &plain->recipients,
                   sizeof plain->recipients);
  g_assert_cmpmem (&hooked->messages, sizeof hooked->messages, &plain->messages,
                   sizeof plain->messages);
  g_assert_cmpmem (&hooked->dsn_messages, sizeof hooked->dsn_messages, &plain->dsn_messages,
                   sizeof plain->dsn_messages);
}

static void
test_lost_recipient (void)
{
  g_autoptr (MfTopology) t = load_stuck ();
  g_autoptr (MfRunResult) c = clean_run (t);
  g_autofree char *want = expected_message (c, c->recipients.generated + 1,
                                            c->recipients.delivered, 0, 0);

  assert_run_fails (t, lose_a_recipient, want);
}

static void
test_recipient_delivered_twice (void)
{
  g_autoptr (MfTopology) t = load_stuck ();
  g_autoptr (MfRunResult) c = clean_run (t);
  g_autofree char *want = expected_message (c, c->recipients.generated,
                                            c->recipients.delivered + 1, 0, 0);

  assert_run_fails (t, deliver_twice, want);
}

static void
test_lost_message (void)
{
  g_autoptr (MfTopology) t = load_stuck ();
  g_autoptr (MfRunResult) c = clean_run (t);
  g_autofree char *want = expected_message (c, c->recipients.generated,
                                            c->recipients.delivered, 1, 0);

  assert_run_fails (t, lose_a_message, want);
}

static void
test_lost_notice (void)
{
  g_autoptr (MfTopology) t = load_stuck ();
  g_autoptr (MfRunResult) c = clean_run (t);
  g_autofree char *want = expected_message (c, c->recipients.generated,
                                            c->recipients.delivered, 0, 1);

  assert_run_fails (t, lose_a_notice, want);
}

/* cmd-simulate.c prints any error mf_transport_run sets and returns
 * MF_EXIT_FAILURE; only bad options and bad topologies, found before the
 * run, give MF_EXIT_USAGE.  So a failed check is exit status 1 — for a
 * replication after the first too, where only a prefix is added. */
static void
test_failure_is_exit_status_1 (void)
{
  g_autoptr (MfTopology) t = load_stuck ();
  g_autoptr (GError) error = NULL;
  MfRunOptions o = options_for (t);
  MfRunResult *r;

  g_assert_cmpint (MF_EXIT_FAILURE, ==, 1);
  g_assert_cmpint (MF_EXIT_USAGE, !=, MF_EXIT_FAILURE);
  o.replication = 2;
  o.test_before_check = lose_a_recipient;
  r = mf_transport_run (t, &o, &error);
  g_assert_null (r);
  g_assert_nonnull (error);
  g_assert_true (error->domain == MF_TRANSPORT_ERROR);
  g_assert_cmpint (error->code, ==, MF_TRANSPORT_ERROR_CONSERVATION);
  g_assert_true (g_str_has_prefix (error->message, "conservation check failed: "));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/conservation/hook-alone-changes-nothing", test_hook_alone_changes_nothing);
  g_test_add_func ("/conservation/lost-recipient", test_lost_recipient);
  g_test_add_func ("/conservation/recipient-delivered-twice", test_recipient_delivered_twice);
  g_test_add_func ("/conservation/lost-message", test_lost_message);
  g_test_add_func ("/conservation/lost-notice", test_lost_notice);
  g_test_add_func ("/conservation/failure-is-exit-status-1", test_failure_is_exit_status_1);
  return g_test_run ();
}
