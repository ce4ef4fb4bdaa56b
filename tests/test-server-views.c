/* test-server-views.c — the report's per-server Queue Viewer tables
 * (report/report-servers.h): each server's queues at its peak backlog
 * (highest total, the first sample on a tie, zero rows left out, longest
 * queue first), Queue Viewer's columns read by header name (other columns
 * and another order are fine), and errors with FILE:LINE for a missing
 * column, an unknown state, a bad number, an unknown server and time
 * going backwards; perfmon.csv read back per server (none for an older
 * result, FILE:LINE for a bad number or a repeated time).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "report/report-data.h"
#include "report/report-servers.h"
#include "test-util.h"

static const char topo_text[] =
  "[organization]\nname = O\nduration = 1h\n"
  "[routing-group A]\n[routing-group B]\n"
  "[server S1]\nrouting-group = A\n[server S2]\nrouting-group = A\n[server S3]\nrouting-group = B\n"
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n";

/* The peaks of @csv (the text of queues.csv) for the topology above. */
static GPtrArray *
peaks_of (const char *csv, GError **error)
{
  g_autoptr (MfTopology) topo = mf_test_load (topo_text);
  g_autofree char *dir = g_dir_make_tmp ("mf-sv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "queues.csv", NULL);
  MfReportData d = { 0 };
  GPtrArray *peaks;

  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  d.dir = dir;
  d.topo = topo;
  peaks = mf_report_servers_peaks (&d, error);
  g_unlink (path);
  g_rmdir (dir);
  return peaks;
}

static const MfSvServer *
server_of (const GPtrArray *peaks, guint i)
{
  g_assert_cmpuint (i, <, peaks->len);
  return g_ptr_array_index (peaks, i);
}

static void
test_peak (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) peaks = peaks_of (
    "time_s,server,queue,length,state,oldest_age_s,next_retry_s\n"
    "60,S1,Local delivery,2,,30,\n"
    "60,S2,Local delivery,1,,5,\n"
    "120,S1,Local delivery,3,,40,\n"
    "120,S1,A-B,4,Retry,90,45\n"
    "120,S2,Local delivery,0,,,\n"
    "180,S1,A-B,7,Ready,150,\n"
    "240,S1,A-B,6,Active,10,\n"
    "240,S1,Messages awaiting directory lookup,1,,1,\n"
    "300,S2,Local delivery,1,,2,\n",
    &error);
  const MfSvServer *s1, *s2;
  const MfSvQueue *q;

  g_assert_no_error (error);
  g_assert_nonnull (peaks);
  /* S3 never held mail; S1 (peak 7) before S2 (peak 1). */
  g_assert_cmpuint (peaks->len, ==, 2);
  s1 = server_of (peaks, 0);
  s2 = server_of (peaks, 1);
  g_assert_cmpint (s1->server, ==, 0);
  g_assert_cmpint (s2->server, ==, 1);
  /* 120 s (3 + 4) and 240 s (6 + 1) tie with 180 s (7): the first wins. */
  g_assert_cmpfloat (s1->peak_time_s, ==, 120);
  g_assert_cmpfloat (s1->peak_total, ==, 7);
  g_assert_cmpuint (s1->queues->len, ==, 2);
  q = &g_array_index (s1->queues, MfSvQueue, 0);
  g_assert_cmpstr (q->queue, ==, "A-B");
  g_assert_cmpstr (q->state, ==, "Retry");
  g_assert_cmpfloat (q->length, ==, 4);
  g_assert_cmpfloat (q->oldest_age_s, ==, 90);
  g_assert_cmpfloat (q->next_retry_s, ==, 45);
  q = &g_array_index (s1->queues, MfSvQueue, 1);
  g_assert_cmpstr (q->queue, ==, "Local delivery");
  g_assert_cmpstr (q->state, ==, "");
  g_assert_true (isnan (q->next_retry_s));
  /* S2: 1 at 60 s and at 300 s: the first. */
  g_assert_cmpfloat (s2->peak_time_s, ==, 60);
  g_assert_cmpfloat (s2->peak_total, ==, 1);
}

static void
test_columns_by_name (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) peaks = peaks_of (
    "server,time_s,queue,min_length,length,max_length,next_retry_s,oldest_age_s,state\n"
    "S3,60,A-B,1,5,9,,12,Scheduled\n",
    &error);
  const MfSvQueue *q;

  g_assert_no_error (error);
  g_assert_cmpuint (peaks->len, ==, 1);
  g_assert_cmpint (server_of (peaks, 0)->server, ==, 2);
  q = &g_array_index (server_of (peaks, 0)->queues, MfSvQueue, 0);
  g_assert_cmpfloat (q->length, ==, 5);
  g_assert_cmpfloat (q->oldest_age_s, ==, 12);
  g_assert_cmpstr (q->state, ==, "Scheduled");
}

static void
expect_error (const char *csv, const char *where, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) peaks = peaks_of (csv, &error);

  g_assert_null (peaks);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, where));
  g_assert_nonnull (strstr (error->message, what));
}

static void
test_errors (void)
{
  static const char head[] = "time_s,server,queue,length,state,oldest_age_s,next_retry_s\n";
  g_autofree char *state = g_strconcat (head, "60,S1,A-B,1,Frozen,1,\n", NULL);
  g_autofree char *number = g_strconcat (head, "60,S1,A-B,-1,Ready,1,\n", NULL);
  g_autofree char *server = g_strconcat (head, "60,S1,A-B,1,Ready,1,\n60,Nope,A-B,1,,,\n", NULL);
  g_autofree char *back = g_strconcat (head, "120,S1,A-B,1,,,\n60,S1,A-B,1,,,\n", NULL);

  expect_error ("time_s,server,queue,length,state,oldest_age_s\n60,S1,A-B,1,,\n", "queues.csv:1:",
                "no column next_retry_s");
  expect_error (state, "queues.csv:2:", "Frozen");
  expect_error (number, "queues.csv:2:", "valid number");
  expect_error (server, "queues.csv:3:", "Nope");
  expect_error (back, "queues.csv:3:", "before");
}

/* perfmon.csv read back per server (@keep, @traffic as
 * mf_report_servers_perfmon takes them); none for an older result. */
static GPtrArray *
perfmon_keep (const char *csv, const gboolean *keep, double *traffic, GError **error)
{
  g_autoptr (MfTopology) topo = mf_test_load (topo_text);
  g_autofree char *dir = g_dir_make_tmp ("mf-sv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "perfmon.csv", NULL);
  MfReportData d = { 0 };
  GPtrArray *rows;

  if (csv != NULL)
    g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  d.dir = dir;
  d.topo = topo;
  rows = mf_report_servers_perfmon (&d, keep, traffic, error);
  g_unlink (path);
  g_rmdir (dir);
  return rows;
}

static GPtrArray *
perfmon_of (const char *csv, GError **error)
{
  return perfmon_keep (csv, NULL, NULL, error);
}

static void
test_perfmon (void)
{
  static const char head[] = "time_s,clock,server,messages_delivered_per_sec,messages_sent_per_sec,"
                             "messages_received_per_sec,local_queue_length,remote_queue_length,"
                             "remote_retry_queue_length,categorizer_queue_length\n";
  g_autofree char *good = g_strconcat (head, "60,x,S1,0.5,1,0,2,3,1,4\n60,x,S3,0,0,1,0,0,0,0\n"
                                       "120,x,S1,0.25,0,0,0,0,0,0\n", NULL);
  g_autofree char *bad = g_strconcat (head, "60,x,S1,fast,1,0,2,3,1,4\n", NULL);
  g_autofree char *back = g_strconcat (head, "60,x,S1,0,0,0,0,0,0,0\n60,x,S1,0,0,0,0,0,0,0\n", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = perfmon_of (good, &error);
  GArray *s1;
  const MfSvPerf *p;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  s1 = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (s1->len, ==, 2);
  p = &g_array_index (s1, MfSvPerf, 0);
  g_assert_cmpfloat (p->delivered, ==, 0.5);
  g_assert_cmpfloat (p->sent, ==, 1);
  g_assert_cmpfloat (p->local, ==, 2);
  g_assert_cmpfloat (p->remote, ==, 3);
  g_assert_cmpfloat (p->retry, ==, 1);
  g_assert_cmpfloat (p->categorizer, ==, 4);
  g_assert_cmpuint (((GArray *) g_ptr_array_index (rows, 1))->len, ==, 0);
  g_assert_cmpuint (((GArray *) g_ptr_array_index (rows, 2))->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Only S3's rows kept; the traffic of all: rates × intervals. */
  {
    static const gboolean keep[3] = { FALSE, FALSE, TRUE };
    double traffic[3];
    rows = perfmon_keep (good, keep, traffic, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (((GArray *) g_ptr_array_index (rows, 0))->len, ==, 0);
    g_assert_cmpuint (((GArray *) g_ptr_array_index (rows, 2))->len, ==, 1);
    g_assert_cmpfloat (traffic[0], ==, (0.5 + 1) * 60 + 0.25 * 60);
    g_assert_cmpfloat (traffic[1], ==, 0);
    g_assert_cmpfloat (traffic[2], ==, 60);
    g_clear_pointer (&rows, g_ptr_array_unref);
  }

  rows = perfmon_of (NULL, &error);
  g_assert_null (rows);
  g_assert_no_error (error);

  rows = perfmon_of (bad, &error);
  g_assert_null (rows);
  g_assert_nonnull (strstr (error->message, "perfmon.csv:2:"));
  g_assert_nonnull (strstr (error->message, "messages_delivered_per_sec"));
  g_clear_error (&error);
  rows = perfmon_of (back, &error);
  g_assert_null (rows);
  g_assert_nonnull (strstr (error->message, "perfmon.csv:3:"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server-views/peak", test_peak);
  g_test_add_func ("/server-views/columns-by-name", test_columns_by_name);
  g_test_add_func ("/server-views/errors", test_errors);
  g_test_add_func ("/server-views/perfmon", test_perfmon);
  return g_test_run ();
}
