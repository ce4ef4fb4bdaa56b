/* test-tracking.c — message tracking logs: Exchange's file layout, the 20
 * columns, unique message ids, the event sequences of a local delivery, a
 * remote delivery and an NDR, and the NDR's status code. */
#include "transport/tracking.h"
#include "base/igraph-util.h"

#include <glib/gstdio.h>
#include <string.h>

#define TOPO \
  "[organization]\nname = Track Co\nduration = 2h\nstart = Tue 23:30\n" \
  "[routing-group A]\n[routing-group B]\n" \
  "[server A1]\nrouting-group = A\nmailboxes = 10\n" \
  "[server B1]\nrouting-group = B\nmailboxes = 10\n" \
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\n" \
  "max-message-size = 1MB\nlatency = 20ms\n" \
  "[flow local]\nfrom = server A1\nto = server A1\nrate = 6/h\narrivals = uniform\n" \
  "[flow remote]\nfrom = server A1\nto = server B1\nrate = 6/h\narrivals = uniform\nstart = 1m\n" \
  "[flow big]\nfrom = server A1\nto = server B1\nrate = 6/h\narrivals = uniform\nstart = 2m\n" \
  "size = 2MB\n"

typedef struct {
  char *msgid;
  char *server;
  int event;
  char *partner;
  char *status;  /* Recipient-Report-Status */
} Line;

static void
line_free (gpointer p)
{
  Line *l = p;
  g_free (l->msgid);
  g_free (l->server);
  g_free (l->partner);
  g_free (l->status);
  g_free (l);
}

/* Remove a directory and what it holds (no shell). */
static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
      const char *name;
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* Read every tracking line under dir, in file order. */
static GPtrArray *
read_lines (const char *dir, int *n_files)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (line_free);
  g_autofree char *top = g_build_filename (dir, "tracking", NULL);
  g_autoptr (GDir) d = g_dir_open (top, 0, NULL);
  const char *sub;

  g_assert_nonnull (d);
  *n_files = 0;
  while ((sub = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *subdir = g_build_filename (top, sub, NULL);
      g_autoptr (GDir) d2 = g_dir_open (subdir, 0, NULL);
      const char *file;
      g_assert_true (g_str_has_suffix (sub, ".log"));
      while ((file = g_dir_read_name (d2)) != NULL)
        {
          g_autofree char *path = g_build_filename (subdir, file, NULL);
          g_autofree char *text = NULL;
          g_auto (GStrv) rows = NULL;
          /* yyyymmdd.log, no temporary left behind */
          g_assert_cmpuint (strlen (file), ==, 12);
          g_assert_true (g_str_has_suffix (file, ".log"));
          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          g_assert_true (g_str_has_prefix (text, "# Message Tracking Log File\r\n"));
          (*n_files)++;
          rows = g_strsplit (text, "\r\n", -1);
          for (guint i = 0; rows[i] != NULL; i++)
            {
              g_auto (GStrv) f = NULL;
              Line *l;
              if (rows[i][0] == '\0' || rows[i][0] == '#')
                continue;
              f = g_strsplit (rows[i], "\t", -1);
              g_assert_cmpuint (g_strv_length (f), ==, 20);
              g_assert_true (g_str_has_suffix (f[1], " GMT"));
              l = g_new0 (Line, 1);
              l->partner = g_strdup (f[4]);
              l->server = g_strdup (f[5]);
              l->event = atoi (f[8]);
              l->msgid = g_strdup (f[9]);
              l->status = g_strdup (f[11]);
              g_ptr_array_add (lines, l);
            }
        }
    }
  return lines;
}

/* The events of one message at one server, in log order, as "1027,1019,…". */
static char *
sequence (GPtrArray *lines, const char *msgid, const char *server)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < lines->len; i++)
    {
      Line *l = g_ptr_array_index (lines, i);
      if (strcmp (l->msgid, msgid) == 0 && strcmp (l->server, server) == 0)
        g_string_append_printf (s, "%s%d", s->len ? "," : "", l->event);
    }
  return g_string_free (s, FALSE);
}

static void
test_tracking_logs (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) t = mf_topo_parse_data ("t.topo", TOPO, strlen (TOPO), &error);
  g_autofree char *dir = g_dir_make_tmp ("msgflow-track-XXXXXX", &error);
  g_autoptr (MfResultDir) rd = NULL;
  g_autoptr (MfTrackingLog) log = NULL;
  g_autoptr (MfRunResult) r = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  MfRunOptions o = { 0 };
  int n_files;

  g_assert_no_error (error);
  rd = mf_result_dir_new_in_place (dir, &error);
  g_assert_no_error (error);
  log = mf_tracking_log_new (rd, t, 1, &error);
  g_assert_no_error (error);
  o.seed = 1;
  o.duration_us = t->org.duration_us;
  o.sample_interval_us = t->org.sample_interval_us;
  o.track = mf_tracking_log_record;
  o.track_data = log;
  r = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  g_assert_true (mf_tracking_log_finish (log, &error));

  lines = read_lines (dir, &n_files);
  /* The run starts Tuesday 23:30 and lasts two hours: two days per server
   * that logged on both (A1 and B1). */
  g_assert_cmpint (n_files, ==, 4);
  {
    g_autofree char *p = g_build_filename (dir, "tracking", "A1.log", "20030812.log", NULL);
    g_autofree char *q = g_build_filename (dir, "tracking", "A1.log", "20030813.log", NULL);
    g_assert_true (g_file_test (p, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (q, G_FILE_TEST_EXISTS));
  }
  /* Message ids: one per message, the first message is the local flow's. */
  for (guint i = 0; i < lines->len; i++)
    g_hash_table_add (ids, ((Line *) g_ptr_array_index (lines, i))->msgid);
  /* 36 user messages and 12 NDRs. */
  g_assert_cmpuint (r->messages.generated, ==, 36);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 36 + 12);

  {
    /* Message 1: local delivery on A1. */
    g_autofree char *seq = sequence (lines, "<MF00000001.1@a1.track-co.com>", "A1");
    g_assert_cmpstr (seq, ==, "1027,1019,1025,1024,1033,1036,1028");
  }
  {
    /* Message 2: A1 to B1 over the connector. */
    g_autofree char *a = sequence (lines, "<MF00000002.1@a1.track-co.com>", "A1");
    g_autofree char *b = sequence (lines, "<MF00000002.1@a1.track-co.com>", "B1");
    g_assert_cmpstr (a, ==, "1027,1019,1025,1024,1033,1034,1020,1031");
    g_assert_cmpstr (b, ==, "1019,1025,1024,1033,1036,1028");
  }
  {
    /* Message 3: too large for the connector: an NDR on A1, and the NDR
     * itself delivered back to A1. */
    g_autofree char *a = sequence (lines, "<MF00000003.1@a1.track-co.com>", "A1");
    g_autofree char *ndr = sequence (lines, "<MF00000004.1@a1.track-co.com>", "A1");
    g_assert_cmpstr (a, ==, "1027,1019,1025,1024,1033,1030");
    g_assert_cmpstr (ndr, ==, "1019,1024,1033,1036,1028");
  }
  {
    /* Recipient-Report-Status: every NDR event (1030) carries its RFC 3463
     * code, here 5.3.4 (too big for the connector); other events 0. */
    guint n_ndr = 0;
    for (guint i = 0; i < lines->len; i++)
      {
        Line *l = g_ptr_array_index (lines, i);
        g_assert_cmpstr (l->status, ==, l->event == 1030 ? "5.3.4" : "0");
        n_ndr += l->event == 1030;
      }
    g_assert_cmpuint (n_ndr, ==, 12);
  }
  remove_tree (dir);
}

/* A log outlives nothing it points into: freeing it after its topology
 * (simulate's and trace's cleanups may run in either order) touches no
 * freed memory.  Under AddressSanitizer (make check-asan) a read of the
 * freed topology here is a heap-use-after-free. */
static void
test_tracking_free_after_topology (void)
{
  g_autoptr (GError) error = NULL;
  MfTopology *t = mf_topo_parse_data ("t.topo", TOPO, strlen (TOPO), &error);
  g_autofree char *dir = g_dir_make_tmp ("msgflow-track-XXXXXX", &error);
  g_autoptr (MfResultDir) rd = NULL;
  MfTrackingLog *log;

  g_assert_no_error (error);
  rd = mf_result_dir_new_in_place (dir, &error);
  g_assert_no_error (error);
  log = mf_tracking_log_new (rd, t, 1, &error);
  g_assert_no_error (error);
  g_assert_true (mf_tracking_log_finish (log, &error));
  mf_topo_free (t);
  mf_tracking_log_free (log);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mf_igraph_init ();
  g_test_add_func ("/tracking/logs", test_tracking_logs);
  g_test_add_func ("/tracking/free-after-topology", test_tracking_free_after_topology);
  return g_test_run ();
}
