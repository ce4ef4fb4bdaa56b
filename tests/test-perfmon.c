/* test-perfmon.c — perfmon.csv (transport/output-perfmon.h): each server's
 * SMTP Server counters per sample interval, read back by column name.
 * The rates times their intervals add up to what the run counted (copies
 * delivered to mailboxes = recipients delivered; sent by one side =
 * received by the other), the queue lengths are the sums of the same
 * samples queues.csv has (local = Local delivery, remote = link queues,
 * remote retry = link queues in Retry while the connector is cut,
 * categorizer = Messages awaiting directory lookup), one row per server
 * per sample in topology order, and the text is the same for the same
 * seed.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "base/csv.h"
#include "transport/output-csv.h"
#include "transport/output-perfmon.h"
#include "transport/transport.h"
#include "test-util.h"

/* S1 (group A) sends one recipient per message to S2 (group B) over A-B,
 * which is cut from 20 to 30 minutes; S2's store is slow enough that its
 * Local delivery queue fills. */
static const char topo_text[] =
  "[organization]\nname = O\nduration = 1h\nwarmup = 0\nsample-interval = 1m\nseed = 5\n"
  "[routing-group A]\n[routing-group B]\n"
  "[server S1]\nrouting-group = A\nmailboxes = 10\n"
  "[server S2]\nrouting-group = B\nmailboxes = 10\nstore-delivery = exp(1500ms)\nstore-workers = 1\n"
  "[connector A-B]\ntype = routing-group\nfrom = A\nto = B\nreverse = true\nbandwidth = 1Mbit\n"
  "[flow F]\nfrom = server S1\nto = server S2\nrate = 0.5/s\nrecipients = 1\n"
  "[event cut]\nat = 20m\ntarget = connector A-B\naction = down\nduration = 10m\n";

static MfRunResult *
run (const MfTopology *t)
{
  g_autoptr (GError) error = NULL;
  MfRunOptions o = { 0 };
  MfRunResult *r;

  o.seed = t->org.seed;
  o.duration_us = t->org.duration_us;
  o.warmup_us = t->org.warmup_us;
  o.sample_interval_us = t->org.sample_interval_us;
  r = mf_transport_run (t, &o, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

/* A CSV text as rows of fields, the header first. */
typedef struct {
  GPtrArray *rows; /* GStrv */
} Table;

static gboolean
on_row (const MfCsvRecord *rec, gpointer user_data, GError **error G_GNUC_UNUSED)
{
  Table *t = user_data;
  GStrv row = g_new0 (char *, rec->n + 1);

  for (guint i = 0; i < rec->n; i++)
    row[i] = g_strdup (mf_csv_record_field (rec, i));
  g_ptr_array_add (t->rows, row);
  return TRUE;
}

static Table
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  const char *eol = strchr (text, '\n');
  g_autofree char *header = g_strndup (text, (gsize) (eol - text));
  Table t = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev) };

  g_ptr_array_add (t.rows, g_strsplit (header, ",", -1));
  g_assert_true (mf_csv_read ("t.csv", text, strlen (text), header, 4096, on_row, &t, &error));
  g_assert_no_error (error);
  return t;
}

static guint
col (const Table *t, const char *name)
{
  GStrv h = g_ptr_array_index (t->rows, 0);

  for (guint i = 0; h[i] != NULL; i++)
    if (strcmp (h[i], name) == 0)
      return i;
  g_error ("no column %s", name);
  return 0;
}

static const char *
cell (const Table *t, guint row, const char *name)
{
  return ((GStrv) g_ptr_array_index (t->rows, row))[col (t, name)];
}

static double
num (const Table *t, guint row, const char *name)
{
  return g_ascii_strtod (cell (t, row, name), NULL);
}

/* Σ rate × interval of @column for @server. */
static double
total (const Table *t, const char *server, const char *column)
{
  double sum = 0, prev = 0;

  for (guint i = 1; i < t->rows->len; i++)
    if (strcmp (cell (t, i, "server"), server) == 0)
      {
        sum += num (t, i, column) * (num (t, i, "time_s") - prev);
        prev = num (t, i, "time_s");
      }
  return sum;
}

/* The length of queues of @server at @time in queues.csv, by a predicate
 * on the queue name and state. */
static double
queues_at (const Table *q, const char *time, const char *server, const char *queue, const char *state)
{
  double sum = 0;

  for (guint i = 1; i < q->rows->len; i++)
    if (strcmp (cell (q, i, "time_s"), time) == 0 && strcmp (cell (q, i, "server"), server) == 0
        && (queue == NULL || strcmp (cell (q, i, "queue"), queue) == 0)
        && (state == NULL || (*state == '*' ? *cell (q, i, "state") != '\0' : strcmp (cell (q, i, "state"), state) == 0)))
      sum += num (q, i, "length");
  return sum;
}

static void
test_counters (void)
{
  g_autoptr (MfTopology) topo = mf_test_load (topo_text);
  g_autoptr (MfRunResult) r = run (topo);
  g_autofree char *text = mf_output_perfmon_csv (topo, r);
  g_autofree char *qtext = mf_output_queues_csv (topo, r);
  Table t = parse (text), q = parse (qtext);
  double delivered, sent, received;
  gboolean saw_retry = FALSE, saw_local = FALSE;

  g_assert_true (g_str_has_prefix (text, MF_PERFMON_HEADER "\n"));
  /* One row per server per sample, S1 before S2. */
  g_assert_cmpuint (t.rows->len - 1, ==, 2 * r->counts_samples->len);
  g_assert_cmpstr (cell (&t, 1, "server"), ==, "S1");
  g_assert_cmpstr (cell (&t, 2, "server"), ==, "S2");
  g_assert_cmpstr (cell (&t, 1, "time_s"), ==, "60");
  g_assert_cmpstr (cell (&t, 1, "clock"), ==, "2003-08-11T00:01:00Z");

  /* What the rates add up to. */
  delivered = total (&t, "S2", "messages_delivered_per_sec");
  sent = total (&t, "S1", "messages_sent_per_sec");
  received = total (&t, "S2", "messages_received_per_sec");
  g_assert_cmpfloat (delivered, >, 100);
  g_assert_cmpfloat (fabs (delivered - (double) r->recipients.delivered), <, 0.5);
  g_assert_cmpfloat (fabs (sent - received), <, 0.5);
  g_assert_cmpfloat (total (&t, "S1", "messages_delivered_per_sec"), ==, 0);
  g_assert_cmpfloat (total (&t, "S2", "messages_sent_per_sec"), ==, 0);

  /* Lengths: the same samples as queues.csv. */
  for (guint i = 1; i < t.rows->len; i++)
    {
      const char *time = cell (&t, i, "time_s"), *server = cell (&t, i, "server");
      g_assert_cmpfloat (num (&t, i, "local_queue_length"), ==, queues_at (&q, time, server, "Local delivery", NULL));
      g_assert_cmpfloat (num (&t, i, "remote_queue_length"), ==, queues_at (&q, time, server, NULL, "*"));
      g_assert_cmpfloat (num (&t, i, "remote_retry_queue_length"), ==, queues_at (&q, time, server, NULL, "Retry"));
      g_assert_cmpfloat (num (&t, i, "categorizer_queue_length"), ==,
                         queues_at (&q, time, server, "Messages awaiting directory lookup", NULL));
      if (num (&t, i, "remote_retry_queue_length") > 0)
        {
          double at = num (&t, i, "time_s");
          g_assert_cmpstr (server, ==, "S1");
          g_assert_cmpfloat (at, >, 20 * 60);
          g_assert_cmpfloat (at, <=, 31 * 60);
          saw_retry = TRUE;
        }
      saw_local = saw_local || num (&t, i, "local_queue_length") > 0;
    }
  g_assert_true (saw_retry);
  g_assert_true (saw_local);
  g_ptr_array_unref (t.rows);
  g_ptr_array_unref (q.rows);
}

static void
test_same_seed (void)
{
  g_autoptr (MfTopology) topo = mf_test_load (topo_text);
  g_autoptr (MfRunResult) a = run (topo);
  g_autoptr (MfRunResult) b = run (topo);
  g_autofree char *ta = mf_output_perfmon_csv (topo, a);
  g_autofree char *tb = mf_output_perfmon_csv (topo, b);

  g_assert_cmpstr (ta, ==, tb);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/perfmon/counters", test_counters);
  g_test_add_func ("/perfmon/same-seed", test_same_seed);
  return g_test_run ();
}
