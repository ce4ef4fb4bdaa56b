/* test-report-events.c — the run's events in `msgflow report`: the bands
 * and lines every plot over time draws (and none without events), the
 * headline line and the Events table with the measured figures, and the
 * diagnosis that puts a queue's peak down to the server that was rebooted
 * rather than to the load.  Skipped when gnuplot is not installed. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "report/report.h"
#include "transport/sim-output.h"
#include "transport/transport.h"
#include "test-util.h"

/* S1 sends to S3 across A-B; S3 (B's only server) reboots for 20 minutes
 * at 00:20, so about 1,200 messages wait on S1, and S3's categorizer gets
 * them all at once when it is back. */
#define ORG                                                                                      \
  "[organization]\nname = Events\nduration = 2h\nwarmup = 0\nsample-interval = 1m\nseed = 5\n"  \
  "[routing-group A]\n[routing-group B]\n"                                                      \
  "[server S1]\nrouting-group = A\nmailboxes = 50\n"                                            \
  "[server S3]\nrouting-group = B\nmailboxes = 50\n"                                            \
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n"                   \
  "[flow F1]\nfrom = server S1\nto = server S3\nrate = 1/s\n"

static const char *const reboot_event =
    "[event S3-reboot]\nat = 20m\ntarget = server S3\naction = down\nduration = 20m\n"
    "[event Mend]\nat = 90m\ntarget = connector A-B\naction = up\n";

static gboolean
have_gnuplot (void)
{
  g_autofree char *path = g_find_program_in_path ("gnuplot");
  if (path == NULL)
    g_test_skip ("gnuplot is not installed");
  return path != NULL;
}

/* Simulates @text and reports it in a new temporary directory; returns
 * the run's directory (the caller removes its parent). */
static char *
simulate_and_report (const char *text, char **tmp)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) topo = NULL;
  g_autoptr (MfRunResult) result = NULL;
  MfReportOptions report = { MF_REPORT_PNG, NULL, NULL };
  g_autofree char *topo_path = NULL;
  char *run;

  *tmp = g_dir_make_tmp ("test-report-events-XXXXXX", &error);
  g_assert_no_error (error);
  topo_path = g_build_filename (*tmp, "events.topo", NULL);
  run = g_build_filename (*tmp, "run", NULL);
  g_file_set_contents (topo_path, text, -1, &error);
  g_assert_no_error (error);
  topo = mf_topo_load_file (topo_path, &error);
  g_assert_no_error (error);
  result = mf_test_run (topo);
  g_assert_true (mf_output_write_all (run, topo, result, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mf_report_write_full (run, &report, &error));
  g_assert_no_error (error);
  return run;
}

static const char *const clock_plots[] = { "gnuplot/queues.gp", "gnuplot/throughput.gp",
                                           "gnuplot/utilisation.gp", "gnuplot/counts.gp" };

static void
test_with_events (void)
{
  g_autofree char *tmp = NULL;
  g_autofree char *run = NULL;
  g_autofree char *html = NULL;

  if (!have_gnuplot ())
    return;
  g_autofree char *text = g_strconcat (ORG, reboot_event, NULL);
  run = simulate_and_report (text, &tmp);
  for (gsize i = 0; i < G_N_ELEMENTS (clock_plots); i++)
    {
      g_autofree char *gp = mf_test_read_file (run, clock_plots[i]);
      /* The reboot is a band from 00:20 to 00:40 (gnuplot time: Monday
       * 00:20 = 345600 + 1200), the up a dashed line at 01:30. */
      g_assert_nonnull (strstr (gp, "set object 100 rect from first 346800, graph 0 to first 348000"));
      g_assert_nonnull (strstr (gp, "set label 100 \"S3-reboot\""));
      g_assert_nonnull (strstr (gp, "set arrow 101 from first 351000"));
      g_assert_nonnull (strstr (gp, "set label 101 \"Mend\""));
    }
  html = mf_test_read_file (run, "index.html");
  g_assert_nonnull (strstr (html, "<section id=\"events\">"));
  g_assert_nonnull (strstr (html, "<span class=\"event\">S3-reboot — S3 down "));
  g_assert_nonnull (strstr (html, "<td>S3-reboot</td><td>down</td><td>S3</td>"));
  /* The A-B queue on S1 peaked during the reboot: the diagnosis names the
   * event, not the connector's capacity. */
  g_assert_nonnull (strstr (html, "and mail for it waited in this queue."));
  g_assert_null (strstr (html, "could not carry the load"));
  /* S3's categorizer queue burst when S3 came back with the mail it was
   * sent: the reboot, not "the categorizer could not keep up". */
  g_assert_nonnull (strstr (html, "and the mail it received or held waited for it to come back"));
  g_assert_null (strstr (html, "The categorizer could not keep up"));
  mf_test_remove_tree (tmp);
}

static void
test_without_events (void)
{
  g_autofree char *tmp = NULL;
  g_autofree char *run = NULL;
  g_autofree char *html = NULL;

  if (!have_gnuplot ())
    return;
  run = simulate_and_report (ORG, &tmp);
  for (gsize i = 0; i < G_N_ELEMENTS (clock_plots); i++)
    {
      g_autofree char *gp = mf_test_read_file (run, clock_plots[i]);
      g_assert_null (strstr (gp, "set object 100"));
      g_assert_null (strstr (gp, "set arrow 100"));
    }
  html = mf_test_read_file (run, "index.html");
  g_assert_nonnull (strstr (html, "The topology has no <code>[event]</code>."));
  g_assert_null (strstr (html, "<span class=\"event\">"));
  mf_test_remove_tree (tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/events/drawn-and-explained", test_with_events);
  g_test_add_func ("/report/events/none", test_without_events);
  return g_test_run ();
}
