/* report-data-csv.c — reading the run's CSV files (report-data-private.h).
 *
 * The files are read whole through a mapping, after a size check, and
 * parsed by base/csv's RFC 4180 reader (quoted fields may hold commas,
 * quotes and line breaks, as the simulation writes them).  Every name that links
 * two files — a queue in queues.csv and summary.json, a connector, server
 * or routing group in link-state.csv and the topology — is resolved once,
 * here, through a hash table; what the plots receive are indices.  Every
 * number is parsed with a range check and every time must be a sample time
 * of counts.csv.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "base/number-format.h"
#include "report/report-data-private.h"
#include "report/report-format.h"

#include "base/csv.h"
#include "base/units.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* ------------------------------------------------------------ CSV */

/*
 * Reads DIR/FILE through mf_csv_read (the first record must be @header,
 * every other record as many fields; @func is called on each), its syntax
 * errors reported as MF_REPORT_ERROR_INPUT.  @optional: a missing file is
 * no error; @present says whether it was there.
 */
static gboolean
csv_read (const char *dir, const char *name, const char *header, gboolean optional,
          gboolean *present, MfCsvRowFunc func, gpointer user_data, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GError) local = NULL;

  if (present != NULL)
    *present = FALSE;
  file = mf_report_data_map_file (path, optional, error);
  if (file == NULL)
    return optional && (error == NULL || *error == NULL);
  if (present != NULL)
    *present = TRUE;
  if (mf_csv_read (path, g_mapped_file_get_contents (file), g_mapped_file_get_length (file), header,
                   MF_RD_MAX_LINE_BYTES, func, user_data, &local))
    return TRUE;
  if (local->domain == MF_CSV_ERROR)
    {
      local->domain = MF_REPORT_ERROR;
      local->code = MF_REPORT_ERROR_INPUT;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

#define MAX_TIME_S 1e12
#define MAX_COUNT 1e18

/* ------------------------------------------------------------ numbers */

static gboolean
parse_double (const char *text, double min, double max, double *out)
{
  char *end = NULL;
  double v;

  if (*text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  errno = 0;
  v = g_ascii_strtod (text, &end);
  if (errno != 0 || *end != '\0' || !isfinite (v) || v < min || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

/* Integers through the program's one integer parser; the row readers say
 * which column was bad, so its message is not needed. */
static gboolean
parse_u64 (const char *text, guint64 *out)
{
  return mf_parse_uint (text, 0, G_MAXUINT64, out, NULL);
}

static gboolean
parse_int (const char *text, int min, int max, int *out)
{
  gint64 v;

  if (!mf_parse_int (text, min, max, &v, NULL))
    return FALSE;
  *out = (int) v;
  return TRUE;
}

static void
clear_qshape (gpointer p)
{
  MfRdQshape *q = p;
  g_free (q->server);
  g_free (q->queue);
}

/* ------------------------------------------------------------ CSV rows */

typedef struct {
  MfReportData *d;
  GHashTable *queues;     /* "server\037queue" → index + 1 */
  GHashTable *connectors; /* name → id + 1 */
  GHashTable *servers;
  GHashTable *groups;
} Reader;

static gboolean
bad_number (const MfCsvRecord *rec, GError **error, const char *column)
{
  mf_report_data_input_error (error, rec->path, rec->line, "%s is not a valid number", column);
  return FALSE;
}

static gboolean
bad_time (const MfCsvRecord *rec, GError **error, double t)
{
  mf_report_data_input_error (error, rec->path, rec->line, "time %s is not a sample time of counts.csv", MF_NUMBER_SIG (t, 15));
  return FALSE;
}

static gboolean
on_counts (const MfCsvRecord *rec, gpointer user_data, GError **error)
{
  MfReportData *d = ((Reader *) user_data)->d;
  MfRdCounts c;

  if (!parse_double (mf_csv_record_field (rec, 0), 0, MAX_TIME_S, &c.time_s))
    return bad_number (rec, error, "time_s");
  if (!parse_double (mf_csv_record_field (rec, 1), 0, MAX_COUNT, &c.generated)
      || !parse_double (mf_csv_record_field (rec, 2), 0, MAX_COUNT, &c.delivered)
      || !parse_double (mf_csv_record_field (rec, 3), 0, MAX_COUNT, &c.ndr)
      || !parse_double (mf_csv_record_field (rec, 4), 0, MAX_COUNT, &c.in_flight))
    return bad_number (rec, error, "a count");
  if (d->times->len > 0 && c.time_s <= g_array_index (d->times, double, d->times->len - 1))
    {
      mf_report_data_input_error (error, rec->path, rec->line, "times do not increase");
      return FALSE;
    }
  if (d->times->len >= MF_RD_MAX_SAMPLES)
    {
      mf_report_data_input_error (error, rec->path, rec->line, "more than %d samples", MF_RD_MAX_SAMPLES);
      return FALSE;
    }
  g_array_append_val (d->times, c.time_s);
  g_array_append_val (d->counts, c);
  return TRUE;
}

static gboolean
on_queue (const MfCsvRecord *rec, gpointer user_data, GError **error)
{
  Reader *r = user_data;
  MfRdQueueSample s;
  g_autofree char *key = g_strconcat (mf_csv_record_field (rec, 1), "\037", mf_csv_record_field (rec, 2), NULL);
  gpointer v = g_hash_table_lookup (r->queues, key);

  if (!parse_double (mf_csv_record_field (rec, 0), 0, MAX_TIME_S, &s.time_s))
    return bad_number (rec, error, "time_s");
  if (mf_report_data_sample_index (r->d, s.time_s) < 0)
    return bad_time (rec, error, s.time_s);
  if (v == NULL)
    {
      mf_report_data_input_error (error, rec->path, rec->line, "queue \"%s\" of server %s is not in summary.json",
                       mf_csv_record_field (rec, 2), mf_csv_record_field (rec, 1));
      return FALSE;
    }
  s.queue = GPOINTER_TO_INT (v) - 1;
  if (!parse_double (mf_csv_record_field (rec, 3), 0, MAX_COUNT, &s.length))
    return bad_number (rec, error, "length");
  if (!parse_double (mf_csv_record_field (rec, 7), 0, MAX_COUNT, &s.min_length))
    return bad_number (rec, error, "min_length");
  if (!parse_double (mf_csv_record_field (rec, 8), 0, MAX_COUNT, &s.max_length))
    return bad_number (rec, error, "max_length");
  if (s.min_length > s.length || s.max_length < s.length)
    {
      mf_report_data_input_error (error, rec->path, rec->line,
                                  "length %s is not between min_length and max_length",
                                  mf_csv_record_field (rec, 3));
      return FALSE;
    }
  /* Queue Viewer's columns: checked, not plotted (yet). */
  {
    const char *state = mf_csv_record_field (rec, 4);
    double unused;
    if (*state != '\0' && strcmp (state, "Active") != 0 && strcmp (state, "Ready") != 0
        && strcmp (state, "Retry") != 0 && strcmp (state, "Scheduled") != 0)
      {
        mf_report_data_input_error (error, rec->path, rec->line, "state \"%s\" is not a link queue state", state);
        return FALSE;
      }
    if (*mf_csv_record_field (rec, 5) != '\0'
        && !parse_double (mf_csv_record_field (rec, 5), 0, MAX_TIME_S, &unused))
      return bad_number (rec, error, "oldest_age_s");
    if (*mf_csv_record_field (rec, 6) != '\0'
        && !parse_double (mf_csv_record_field (rec, 6), 0, MAX_TIME_S, &unused))
      return bad_number (rec, error, "next_retry_s");
  }
  g_array_append_val (r->d->queue_samples, s);
  return TRUE;
}

static gboolean
on_connector (const MfCsvRecord *rec, gpointer user_data, GError **error)
{
  Reader *r = user_data;
  MfRdConnectorSample s;
  gpointer v = g_hash_table_lookup (r->connectors, mf_csv_record_field (rec, 1));

  if (!parse_double (mf_csv_record_field (rec, 0), 0, MAX_TIME_S, &s.time_s))
    return bad_number (rec, error, "time_s");
  if (mf_report_data_sample_index (r->d, s.time_s) < 0)
    return bad_time (rec, error, s.time_s);
  if (v == NULL)
    return mf_report_data_topology_error (error, r->d, "%s:%u: no connector %s", rec->path, rec->line, mf_csv_record_field (rec, 1));
  s.connector = GPOINTER_TO_INT (v) - 1;
  if (!parse_double (mf_csv_record_field (rec, 2), 0, MAX_COUNT, &s.messages)
      || !parse_double (mf_csv_record_field (rec, 3), 0, MAX_COUNT, &s.bytes)
      || !parse_double (mf_csv_record_field (rec, 4), 0, 1, &s.utilization))
    return bad_number (rec, error, "messages, bytes or utilization");
  g_array_append_val (r->d->connector_samples, s);
  return TRUE;
}

static gboolean
on_bucket (const MfCsvRecord *rec, gpointer user_data, GError **error)
{
  MfReportData *d = ((Reader *) user_data)->d;
  MfRdBucket b;

  if (!parse_double (mf_csv_record_field (rec, 0), 0, MAX_TIME_S, &b.low_s)
      || !parse_double (mf_csv_record_field (rec, 1), 0, MAX_TIME_S, &b.high_s) || b.high_s <= b.low_s
      || !parse_double (mf_csv_record_field (rec, 2), 0, MAX_COUNT, &b.count))
    return bad_number (rec, error, "low_s, high_s or count");
  if (d->buckets->len > 0 && b.low_s < g_array_index (d->buckets, MfRdBucket, d->buckets->len - 1).high_s)
    {
      mf_report_data_input_error (error, rec->path, rec->line, "buckets overlap or are out of order");
      return FALSE;
    }
  g_array_append_val (d->buckets, b);
  return TRUE;
}

static int
lookup_id (GHashTable *table, const char *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (table, name)) - 1;
}

static gboolean
on_link_state (const MfCsvRecord *rec, gpointer user_data, GError **error)
{
  Reader *r = user_data;
  MfReportData *d = r->d;
  MfRdChange c = { 0 };
  MfRdChange *last = d->changes->len > 0 ? &g_array_index (d->changes, MfRdChange, d->changes->len - 1) : NULL;
  const char *state = mf_csv_record_field (rec, 3), *kind = mf_csv_record_field (rec, 5);

  /* change,time_s,connector,state,cost,kind,routing_group,version,origin_server,server,learned_time_s */
  if (!parse_int (mf_csv_record_field (rec, 0), 0, G_MAXINT, &c.change))
    return bad_number (rec, error, "change");
  if (!parse_double (mf_csv_record_field (rec, 1), 0, MAX_TIME_S, &c.time_s))
    return bad_number (rec, error, "time_s");
  if (!parse_int (mf_csv_record_field (rec, 4), 1, 100, &c.cost))
    return bad_number (rec, error, "cost");
  if ((strcmp (state, "up") != 0 && strcmp (state, "down") != 0)
      || (strcmp (kind, "major") != 0 && strcmp (kind, "minor") != 0))
    {
      mf_report_data_input_error (error, rec->path, rec->line, "state must be up or down, kind major or minor");
      return FALSE;
    }
  c.up = strcmp (state, "up") == 0;
  c.major = strcmp (kind, "major") == 0;
  c.connector = lookup_id (r->connectors, mf_csv_record_field (rec, 2));
  c.routing_group = lookup_id (r->groups, mf_csv_record_field (rec, 6));
  c.origin_server = *mf_csv_record_field (rec, 8) ? lookup_id (r->servers, mf_csv_record_field (rec, 8)) : -1;
  if (c.connector < 0 || c.routing_group < 0 || (*mf_csv_record_field (rec, 8) && c.origin_server < 0))
    return mf_report_data_topology_error (error, d, "%s:%u: unknown connector, routing group or server", rec->path,
                           rec->line);
  if (last == NULL || last->change != c.change)
    {
      if (last != NULL && c.change < last->change)
        {
          mf_report_data_input_error (error, rec->path, rec->line, "changes are out of order");
          return FALSE;
        }
      c.first_learned = d->learned->len;
      g_array_append_val (d->changes, c);
      last = &g_array_index (d->changes, MfRdChange, d->changes->len - 1);
    }
  if (*mf_csv_record_field (rec, 9))
    {
      MfRdLearned l;
      l.server = lookup_id (r->servers, mf_csv_record_field (rec, 9));
      if (l.server < 0)
        return mf_report_data_topology_error (error, d, "%s:%u: unknown server %s", rec->path, rec->line, mf_csv_record_field (rec, 9));
      if (!parse_double (mf_csv_record_field (rec, 10), 0, MAX_TIME_S, &l.time_s))
        return bad_number (rec, error, "learned_time_s");
      g_array_append_val (d->learned, l);
      last->n_learned++;
    }
  return TRUE;
}

static gboolean
on_qshape (const MfCsvRecord *rec, gpointer user_data, GError **error)
{
  MfReportData *d = ((Reader *) user_data)->d;
  MfRdQshape q = { 0 };

  if (!parse_double (mf_csv_record_field (rec, 2), 0, MAX_TIME_S, &q.low_min))
    return bad_number (rec, error, "age_low_min");
  if (*mf_csv_record_field (rec, 3) == '\0')
    q.high_min = NAN;
  else if (!parse_double (mf_csv_record_field (rec, 3), 0, MAX_TIME_S, &q.high_min) || q.high_min <= q.low_min)
    return bad_number (rec, error, "age_high_min");
  if (!parse_u64 (mf_csv_record_field (rec, 4), &q.messages) || !parse_u64 (mf_csv_record_field (rec, 5), &q.recipients))
    return bad_number (rec, error, "messages or recipients");
  q.server = g_strdup (mf_csv_record_field (rec, 0));
  q.queue = g_strdup (mf_csv_record_field (rec, 1));
  g_array_append_val (d->qshape, q);
  return TRUE;
}

static GHashTable *
name_table (void)
{
  return g_hash_table_new (g_str_hash, g_str_equal);
}

gboolean
mf_report_data_read_csv (MfReportData *d, GError **error)
{
  static const char counts_h[] = "time_s,generated,delivered,ndr,in_flight";
  static const char queues_h[] =
    "time_s,server,queue,length,state,oldest_age_s,next_retry_s,min_length,max_length";
  static const char connectors_h[] = "time_s,connector,messages,bytes,utilization";
  static const char buckets_h[] = "low_s,high_s,count";
  static const char link_h[] =
    "change,time_s,connector,state,cost,kind,routing_group,version,origin_server,server,learned_time_s";
  static const char qshape_h[] = "server,queue,age_low_min,age_high_min,messages,recipients";
  g_autoptr (GHashTable) queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) connectors = name_table ();
  g_autoptr (GHashTable) servers = name_table ();
  g_autoptr (GHashTable) groups = name_table ();
  Reader r = { d, queues, connectors, servers, groups };
  gboolean present = FALSE;

  for (guint i = 0; i < d->queues->len; i++)
    {
      const MfRdQueue *q = &g_array_index (d->queues, MfRdQueue, i);
      g_hash_table_insert (queues, g_strconcat (q->server, "\037", q->queue, NULL), GINT_TO_POINTER (i + 1));
    }
  for (int c = 0; c < d->topo->n_connectors; c++)
    g_hash_table_insert (connectors, d->topo->connectors[c].name, GINT_TO_POINTER (c + 1));
  for (int s = 0; s < d->topo->n_servers; s++)
    g_hash_table_insert (servers, d->topo->servers[s].name, GINT_TO_POINTER (s + 1));
  for (int g = 0; g < d->topo->n_routing_groups; g++)
    g_hash_table_insert (groups, d->topo->routing_groups[g].name, GINT_TO_POINTER (g + 1));

  if (!csv_read (d->dir, "counts.csv", counts_h, FALSE, NULL, on_counts, &r, error)
      || !csv_read (d->dir, "queues.csv", queues_h, FALSE, NULL, on_queue, &r, error)
      || !csv_read (d->dir, "connectors.csv", connectors_h, FALSE, NULL, on_connector, &r, error)
      || !csv_read (d->dir, "latency-histogram.csv", buckets_h, FALSE, NULL, on_bucket, &r, error)
      || !csv_read (d->dir, "link-state.csv", link_h, FALSE, NULL, on_link_state, &r, error))
    return FALSE;

  d->qshape = mf_report_data_array_new (sizeof (MfRdQshape), clear_qshape);
  if (!csv_read (d->dir, "qshape.csv", qshape_h, TRUE, &present, on_qshape, &r, error))
    return FALSE;
  if (!present)
    g_clear_pointer (&d->qshape, g_array_unref);
  return TRUE;
}
