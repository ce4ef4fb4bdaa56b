/* report-servers.c — per-server views read from a run (report-servers.h).
 *
 * queues.csv lists, at each sample, every queue that is not empty (or was
 * not empty at the sample before), in sample order.  A server's backlog at
 * a sample is the sum of its queues' lengths then; its peak is the first
 * sample where that sum is highest, and the table of that moment is what
 * Queue Viewer would have shown an administrator looking at the worst
 * time.  The run's end is not used: a healthy run ends with empty queues.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-servers.h"
#include "report/report-format.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define MAX_TIME_S 1e12
#define MAX_COUNT 1e18

static void
input_error (GError **error, const char *path, guint line, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
input_error (GError **error, const char *path, guint line, const char *format, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, MF_REPORT_ERROR, MF_REPORT_ERROR_INPUT, "%s:%u: %s", path, line, msg);
}

typedef struct {
  const char *const *want;
  guint cols[16];
  gboolean header_seen;
  MfSvRowFunc func;
  gpointer user_data;
} NamedReader;

static gboolean
on_named_record (const MfCsvRecord *rec, gpointer user_data, GError **error)
{
  NamedReader *r = user_data;
  return r->func (rec, r->cols, r->user_data, error);
}

/**
 * mf_report_servers_read_csv:
 *
 * The header is the file's own first line (column names never need
 * quoting); each wanted name must be one of its fields.
 */
gboolean
mf_report_servers_read_csv (const char *dir, const char *name, const char *const *want,
                            gboolean optional, gboolean *present, MfSvRowFunc func,
                            gpointer user_data, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *header = NULL;
  g_auto (GStrv) fields = NULL;
  NamedReader r = { want, { 0 }, FALSE, func, user_data };
  const char *text, *eol;
  gsize len;

  if (present != NULL)
    *present = FALSE;
  if (!g_file_test (path, G_FILE_TEST_EXISTS) && optional)
    return TRUE;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      input_error (error, path, 0, "cannot read: not a regular file");
      return FALSE;
    }
  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    {
      input_error (error, path, 0, "cannot read: %s", local->message);
      return FALSE;
    }
  if (present != NULL)
    *present = TRUE;
  text = g_mapped_file_get_contents (file);
  len = g_mapped_file_get_length (file);
  if (len > MF_RD_MAX_FILE_BYTES)
    {
      input_error (error, path, 0, "larger than %" G_GSIZE_FORMAT " bytes", MF_RD_MAX_FILE_BYTES);
      return FALSE;
    }
  eol = text != NULL ? memchr (text, '\n', MIN (len, (gsize) MF_RD_MAX_LINE_BYTES)) : NULL;
  if (eol == NULL)
    {
      input_error (error, path, 1, "no header line");
      return FALSE;
    }
  header = g_strndup (text, (gsize) (eol - text));
  if (strlen (header) > 0 && header[strlen (header) - 1] == '\r')
    header[strlen (header) - 1] = '\0';
  fields = g_strsplit (header, ",", MF_CSV_MAX_HEADER_FIELDS);
  for (guint w = 0; want[w] != NULL; w++)
    {
      gboolean found = FALSE;
      g_assert (w < G_N_ELEMENTS (r.cols));
      for (guint f = 0; fields[f] != NULL && !found; f++)
        if (strcmp (fields[f], want[w]) == 0)
          {
            r.cols[w] = f;
            found = TRUE;
          }
      if (!found)
        {
          input_error (error, path, 1, "no column %s", want[w]);
          return FALSE;
        }
    }
  if (mf_csv_read (path, text, len, header, MF_RD_MAX_LINE_BYTES, on_named_record, &r, &local))
    return TRUE;
  if (local->domain == MF_CSV_ERROR)
    {
      local->domain = MF_REPORT_ERROR;
      local->code = MF_REPORT_ERROR_INPUT;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* ------------------------------------------------------------ peaks */

static gboolean
parse_double (const char *text, double max, double *out)
{
  char *end = NULL;
  double v;

  if (*text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  errno = 0;
  v = g_ascii_strtod (text, &end);
  if (errno != 0 || *end != '\0' || !isfinite (v) || v < 0 || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static void
clear_queue (gpointer p)
{
  MfSvQueue *q = p;
  g_free (q->queue);
  g_free (q->state);
}

static GArray *
queue_array_new (void)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (MfSvQueue));
  g_array_set_clear_func (a, clear_queue);
  return a;
}

static void
server_free (gpointer p)
{
  MfSvServer *s = p;
  if (s->queues != NULL)
    g_array_unref (s->queues);
  g_free (s);
}

typedef struct {
  const MfReportData *d;
  GHashTable *servers;   /* name → id + 1 */
  MfSvServer *best;      /* per server: the peak so far */
  MfSvServer *now;       /* per server: the sample being read */
} PeakReader;

/* The sample of server @s that was being read is complete. */
static void
close_sample (PeakReader *r, int s)
{
  MfSvServer *now = &r->now[s], *best = &r->best[s];

  if (now->queues == NULL || now->queues->len == 0)
    return;
  if (now->peak_total > best->peak_total)
    {
      GArray *t = best->queues;
      best->queues = now->queues;
      best->peak_total = now->peak_total;
      best->peak_time_s = now->peak_time_s;
      now->queues = t;
    }
  if (now->queues != NULL)
    g_array_set_size (now->queues, 0);
  now->peak_total = 0;
}

static gboolean
on_queue_row (const MfCsvRecord *rec, const guint *cols, gpointer user_data, GError **error)
{
  PeakReader *r = user_data;
  const char *server = mf_csv_record_field (rec, cols[1]);
  const char *state = mf_csv_record_field (rec, cols[4]);
  const char *oldest = mf_csv_record_field (rec, cols[5]);
  const char *retry = mf_csv_record_field (rec, cols[6]);
  gpointer v = g_hash_table_lookup (r->servers, server);
  MfSvQueue q = { NULL, 0, NULL, NAN, NAN };
  double t;
  MfSvServer *now;
  int s;

  if (!parse_double (mf_csv_record_field (rec, cols[0]), MAX_TIME_S, &t))
    {
      input_error (error, rec->path, rec->line, "time_s is not a valid number");
      return FALSE;
    }
  if (v == NULL)
    {
      input_error (error, rec->path, rec->line, "server %s is not in the topology", server);
      return FALSE;
    }
  if (!parse_double (mf_csv_record_field (rec, cols[3]), MAX_COUNT, &q.length)
      || (*oldest != '\0' && !parse_double (oldest, MAX_TIME_S, &q.oldest_age_s))
      || (*retry != '\0' && !parse_double (retry, MAX_TIME_S, &q.next_retry_s)))
    {
      input_error (error, rec->path, rec->line, "length, oldest_age_s or next_retry_s is not a valid number");
      return FALSE;
    }
  if (*state != '\0' && strcmp (state, "Active") != 0 && strcmp (state, "Ready") != 0
      && strcmp (state, "Retry") != 0 && strcmp (state, "Scheduled") != 0)
    {
      input_error (error, rec->path, rec->line, "state \"%s\" is not a link queue state", state);
      return FALSE;
    }
  s = GPOINTER_TO_INT (v) - 1;
  now = &r->now[s];
  if (now->queues != NULL && now->queues->len > 0 && now->peak_time_s != t)
    {
      if (t < now->peak_time_s)
        {
          input_error (error, rec->path, rec->line, "time %s is before the row above", mf_csv_record_field (rec, cols[0]));
          return FALSE;
        }
      close_sample (r, s);
    }
  if (q.length <= 0)
    return TRUE;
  if (now->queues == NULL)
    now->queues = queue_array_new ();
  now->peak_time_s = t;
  now->peak_total += q.length;
  q.queue = g_strdup (mf_csv_record_field (rec, cols[2]));
  q.state = g_strdup (state);
  g_array_append_val (now->queues, q);
  return TRUE;
}

static gint
by_length (gconstpointer a, gconstpointer b)
{
  const MfSvQueue *x = a, *y = b;
  if (x->length != y->length)
    return x->length > y->length ? -1 : 1;
  return strcmp (x->queue, y->queue);
}

static gint
by_peak (gconstpointer a, gconstpointer b)
{
  const MfSvServer *x = *(MfSvServer *const *) a, *y = *(MfSvServer *const *) b;
  if (x->peak_total != y->peak_total)
    return x->peak_total > y->peak_total ? -1 : 1;
  return (x->server > y->server) - (x->server < y->server);
}

/**
 * mf_report_servers_peaks:
 *
 * Returns: (transfer full): NULL with MF_REPORT_ERROR_INPUT.
 *   O(rows of queues.csv + servers log servers).
 */
GPtrArray *
mf_report_servers_peaks (const MfReportData *d, GError **error)
{
  static const char *const want[] = {
    "time_s", "server", "queue", "length", "state", "oldest_age_s", "next_retry_s", NULL,
  };
  int n = d->topo->n_servers;
  g_autoptr (GHashTable) servers = g_hash_table_new (g_str_hash, g_str_equal);
  PeakReader r = { d, servers, g_new0 (MfSvServer, (gsize) n + 1), g_new0 (MfSvServer, (gsize) n + 1) };
  GPtrArray *out = NULL;
  gboolean ok;

  for (int s = 0; s < n; s++)
    g_hash_table_insert (servers, d->topo->servers[s].name, GINT_TO_POINTER (s + 1));
  ok = mf_report_servers_read_csv (d->dir, "queues.csv", want, FALSE, NULL, on_queue_row, &r, error);
  if (ok)
    {
      out = g_ptr_array_new_with_free_func (server_free);
      for (int s = 0; s < n; s++)
        {
          close_sample (&r, s);
          if (r.best[s].queues == NULL || r.best[s].peak_total <= 0)
            continue;
          MfSvServer *sv = g_new0 (MfSvServer, 1);
          *sv = r.best[s];
          sv->server = s;
          r.best[s].queues = NULL;
          g_array_sort (sv->queues, by_length);
          g_ptr_array_add (out, sv);
        }
      g_ptr_array_sort (out, by_peak);
    }
  for (int s = 0; s < n; s++)
    {
      if (r.best[s].queues != NULL)
        g_array_unref (r.best[s].queues);
      if (r.now[s].queues != NULL)
        g_array_unref (r.now[s].queues);
    }
  g_free (r.best);
  g_free (r.now);
  return out;
}

/* ------------------------------------------------------------ perfmon.csv */

typedef struct {
  GHashTable *servers;   /* name → id + 1 */
  GPtrArray *rows;       /* per server: GArray of MfSvPerf */
  const gboolean *keep;  /* per server: keep its rows (NULL: all) */
  double *traffic;       /* per server: messages so far, or NULL */
  double *last;          /* per server: time of its row before, -1 */
} PerfReader;

static gboolean
on_perf_row (const MfCsvRecord *rec, const guint *cols, gpointer user_data, GError **error)
{
  static const char *const names[] = {
    "time_s", "messages_delivered_per_sec", "messages_sent_per_sec", "messages_received_per_sec",
    "local_queue_length", "remote_queue_length", "remote_retry_queue_length", "categorizer_queue_length",
  };
  PerfReader *r = user_data;
  const char *server = mf_csv_record_field (rec, cols[1]);
  gpointer v = g_hash_table_lookup (r->servers, server);
  double x[G_N_ELEMENTS (names)];
  MfSvPerf p;
  GArray *a;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint col = i == 0 ? cols[0] : cols[i + 1];
      if (!parse_double (mf_csv_record_field (rec, col), i == 0 ? MAX_TIME_S : MAX_COUNT, &x[i]))
        {
          input_error (error, rec->path, rec->line, "%s is not a valid number", names[i]);
          return FALSE;
        }
    }
  if (v == NULL)
    {
      input_error (error, rec->path, rec->line, "server %s is not in the topology", server);
      return FALSE;
    }
  int s = GPOINTER_TO_INT (v) - 1;
  a = g_ptr_array_index (r->rows, s);
  if (r->last[s] >= x[0])
    {
      input_error (error, rec->path, rec->line, "time %s is not after the server's row before",
                   mf_csv_record_field (rec, cols[0]));
      return FALSE;
    }
  if (a->len >= MF_RD_MAX_SAMPLES)
    {
      input_error (error, rec->path, rec->line, "more than %d samples", MF_RD_MAX_SAMPLES);
      return FALSE;
    }
  if (r->traffic != NULL)
    r->traffic[s] += (x[1] + x[2] + x[3]) * (x[0] - MAX (r->last[s], 0.0));
  r->last[s] = x[0];
  if (r->keep != NULL && !r->keep[s])
    return TRUE;
  p = (MfSvPerf) { x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7] };
  g_array_append_val (a, p);
  return TRUE;
}

/**
 * mf_report_servers_perfmon:
 *
 * Returns: (transfer full) (nullable): see report-servers.h.  O(rows).
 */
GPtrArray *
mf_report_servers_perfmon (const MfReportData *d, const gboolean *keep, double *traffic, GError **error)
{
  static const char *const want[] = {
    "time_s", "server", "messages_delivered_per_sec", "messages_sent_per_sec",
    "messages_received_per_sec", "local_queue_length", "remote_queue_length",
    "remote_retry_queue_length", "categorizer_queue_length", NULL,
  };
  g_autoptr (GHashTable) servers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree double *last = g_new (double, (gsize) d->topo->n_servers + 1);
  PerfReader r = { servers, rows, keep, traffic, last };
  gboolean present = FALSE;

  for (int s = 0; s < d->topo->n_servers; s++)
    {
      g_hash_table_insert (servers, d->topo->servers[s].name, GINT_TO_POINTER (s + 1));
      g_ptr_array_add (rows, g_array_new (FALSE, FALSE, sizeof (MfSvPerf)));
      last[s] = -1;
      if (traffic != NULL)
        traffic[s] = 0;
    }
  if (!mf_report_servers_read_csv (d->dir, "perfmon.csv", want, TRUE, &present, on_perf_row, &r, error)
      || !present)
    return NULL;
  return g_steal_pointer (&rows);
}
