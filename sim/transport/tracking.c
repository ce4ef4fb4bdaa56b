/* tracking.c — message tracking log files (see tracking.h).
 *
 * Lines are formatted by hand, not through GDateTime: a million messages
 * make ten million lines, and the date of a day is computed once.  Each
 * server's lines collect in a buffer that is appended to its file when it
 * is full, so memory stays bounded and the disk sees large writes.  The
 * files are MfOutFiles of the run's result folder (base/result-dir.h):
 * every write is checked, the first failure stops the run (through the
 * stop callback) and is reported by mf_tracking_log_finish.  A file's
 * descriptor is closed between appends (a thousand servers must not hold
 * a thousand descriptors); its hash goes on.
 */
#define G_LOG_DOMAIN "msgflow-tracking"

#include "transport/tracking.h"
#include "transport/workload.h"

#include <string.h>

#define HEADER \
  "# Message Tracking Log File\r\n" \
  "# Exchange System Attendant Version 6.5.7638.1\r\n" \
  "# Date\tTime\tclient-ip\tClient-hostname\tPartner-Name\tServer-hostname\tserver-IP\t" \
  "Recipient-Address\tEvent-ID\tMSGID\tPriority\tRecipient-Report-Status\ttotal-bytes\t" \
  "Number-Recipients\tOrigination-Time\tEncryption\tservice-Version\tLinked-MSGID\t" \
  "Message-Subject\tSender-Address\r\n"

typedef struct {
  GString *buf;
  gint64 day;        /* day index of the open file, -1 */
  char *dir;         /* "tracking/SERVER.log", in the result folder */
  MfOutFile *file;   /* the open day's file, or NULL */
  char *name_lower;
  char ip[32];
  /* Pieces of every line, made once: formatting is most of the cost. */
  char *as_client;     /* "\tIP\tNAME" */
  char *as_server;     /* "\tNAME\tIP" */
  char *address;       /* "user-name@domain" */
  char *msgid_suffix;  /* ".SEED@name.domain>" */
} ServerLog;

struct _MfTrackingLog {
  MfResultDir *rd;
  void (*stop) (void); /* called on the first write error; may be NULL */
  const MfTopology *topo;
  guint64 seed;
  char *org_domain;
  ServerLog *servers;
  int n_servers;     /* the free may come after the topology's (cmd-simulate's cleanup order) */
  GError *error;     /* the first write error */
  gint64 date_day;   /* cache: the day whose date text is below */
  char date_text[16];
  char compact_date[16];
};

char *
mf_tracking_org_domain (const MfTopology *topo)
{
  GString *s = g_string_new (NULL);
  for (const char *p = topo->org.name; *p; p++)
    g_string_append_c (s, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '-');
  g_string_append (s, ".com");
  return g_string_free (s, FALSE);
}

/* ".SEED@name.domain>": the end of the MSGIDs of messages from one server. */
static char *
msgid_suffix (guint64 seed, const char *server_lower, const char *org_domain)
{
  return g_strdup_printf (".%" G_GINT64_MODIFIER "X@%s.%s>", seed, server_lower, org_domain);
}

/* "NAME.log" from a server's name: a safe file name (result-dir.h),
 * made unique among the servers by a suffix if two come out the same. */
static char *
log_folder_name (const char *server, GHashTable *taken)
{
  g_autofree char *safe = mf_result_dir_safe_name (server, "server");
  char *name = g_strdup_printf ("%s.log", safe);

  for (int k = 2; g_hash_table_contains (taken, name); k++)
    {
      g_free (name);
      name = g_strdup_printf ("%s_%d.log", safe, k);
    }
  g_hash_table_add (taken, g_strdup (name));
  return name;
}

MfTrackingLog *
mf_tracking_log_new (MfResultDir *rd, const MfTopology *topo, guint64 seed, GError **error)
{
  g_autoptr (GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  MfTrackingLog *log;

  if (!mf_result_dir_mkdir (rd, "tracking", error))
    return NULL;
  log = g_new0 (MfTrackingLog, 1);
  log->rd = rd;
  log->topo = topo;
  log->seed = seed;
  log->org_domain = mf_tracking_org_domain (topo);
  log->date_day = -1;
  log->servers = g_new0 (ServerLog, (gsize) topo->n_servers);
  log->n_servers = topo->n_servers;
  for (int i = 0; i < topo->n_servers; i++)
    {
      ServerLog *sl = &log->servers[i];
      g_autofree char *sub = log_folder_name (topo->servers[i].name, taken);
      sl->buf = g_string_sized_new (1024);
      sl->day = -1;
      sl->dir = g_build_filename ("tracking", sub, NULL);
      sl->name_lower = g_ascii_strdown (topo->servers[i].name, -1);
      /* Synthetic addresses in 10.0.0.0/16, one per server. */
      g_snprintf (sl->ip, sizeof sl->ip, "10.0.%d.%d", (i + 1) / 250, (i + 1) % 250 + 1);
      sl->as_client = g_strdup_printf ("\t%s\t%s", sl->ip, topo->servers[i].name);
      sl->as_server = g_strdup_printf ("\t%s\t%s", topo->servers[i].name, sl->ip);
      sl->address = g_strdup_printf ("user-%s@%s", sl->name_lower, log->org_domain);
      sl->msgid_suffix = msgid_suffix (seed, sl->name_lower, log->org_domain);
    }
  return log;
}

void
mf_tracking_log_set_stop (MfTrackingLog *log, void (*stop) (void))
{
  log->stop = stop;
}

/* After the first error nothing more is written: the run stops, and its
 * result folder is dropped. */
static gboolean
failed (MfTrackingLog *log, GError *e)
{
  if (e == NULL)
    return FALSE;
  if (log->error == NULL)
    log->error = e;
  else
    g_error_free (e);
  if (log->stop != NULL)
    log->stop ();
  return TRUE;
}

/* Append the buffer to the open day's file. */
static void
flush (MfTrackingLog *log, ServerLog *sl)
{
  GError *e = NULL;

  if (sl->buf->len > 0 && sl->file != NULL && log->error == NULL)
    {
      if (!mf_out_file_write (sl->file, sl->buf->str, sl->buf->len, &e)
          || !mf_out_file_suspend (sl->file, &e))
        failed (log, e);
    }
  g_string_truncate (sl->buf, 0);
}

static void
close_day (MfTrackingLog *log, ServerLog *sl)
{
  GError *e = NULL;

  flush (log, sl);
  if (sl->file != NULL)
    {
      if (log->error != NULL)
        mf_out_file_discard (sl->file);
      else if (!mf_out_file_close (sl->file, &e))
        failed (log, e);
      sl->file = NULL;
    }
  sl->day = -1;
}

/* Date texts of a day index since the epoch: "2003-8-12" and "20030812". */
static void
day_texts (MfTrackingLog *log, gint64 day)
{
  g_autoptr (GDateTime) epoch = NULL;
  g_autoptr (GDateTime) d = NULL;

  if (log->date_day == day)
    return;
  epoch = g_date_time_new_utc (MF_TRACKING_EPOCH_YEAR, MF_TRACKING_EPOCH_MONTH,
                               MF_TRACKING_EPOCH_DAY, 0, 0, 0);
  d = g_date_time_add_days (epoch, (gint) day);
  g_snprintf (log->date_text, sizeof log->date_text, "%d-%d-%d", g_date_time_get_year (d),
              g_date_time_get_month (d), g_date_time_get_day_of_month (d));
  g_snprintf (log->compact_date, sizeof log->compact_date, "%04d%02d%02d",
              g_date_time_get_year (d), g_date_time_get_month (d),
              g_date_time_get_day_of_month (d));
  log->date_day = day;
}

static void
open_day (MfTrackingLog *log, ServerLog *sl, gint64 day)
{
  g_autofree char *base = NULL, *name = NULL;
  GError *e = NULL;

  close_day (log, sl);
  day_texts (log, day);
  sl->day = day;
  g_string_append (sl->buf, HEADER);
  if (log->error != NULL)
    return;
  base = g_strdup_printf ("%s.log", log->compact_date);
  name = g_build_filename (sl->dir, base, NULL);
  if (!mf_result_dir_mkdir (log->rd, sl->dir, &e)
      || (sl->file = mf_out_file_create (log->rd, name, &e)) == NULL)
    failed (log, e);
}

static void
append_uint (GString *s, guint64 v)
{
  char buf[24];
  int i = sizeof buf;
  do
    {
      buf[--i] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  g_string_append_len (s, buf + i, (gssize) (sizeof buf - (gsize) i));
}

static void
append_2digits (GString *s, int v)
{
  g_string_append_c (s, (char) ('0' + v / 10));
  g_string_append_c (s, (char) ('0' + v % 10));
}

/* "2003-8-12 0:58:14 GMT" for an absolute time (µs since the epoch). */
static void
append_datetime (MfTrackingLog *log, GString *s, gint64 abs_us, gboolean with_date)
{
  gint64 day = abs_us / MF_US_PER_DAY;
  gint64 sec = (abs_us % MF_US_PER_DAY) / MF_US_PER_SECOND;

  if (with_date)
    {
      day_texts (log, day);
      g_string_append (s, log->date_text);
      g_string_append_c (s, ' ');
    }
  append_uint (s, (guint64) (sec / 3600));
  g_string_append_c (s, ':');
  append_2digits (s, (int) (sec / 60 % 60));
  g_string_append_c (s, ':');
  append_2digits (s, (int) (sec % 60));
  g_string_append (s, " GMT");
}

static void
append_msgid_with (GString *s, guint64 id, const char *suffix)
{
  static const char hex[] = "0123456789ABCDEF";
  char buf[17];
  int i = 16, digits = 0;

  buf[16] = '\0';
  do
    {
      buf[--i] = hex[id & 0xf];
      id >>= 4;
      digits++;
    }
  while (id != 0 || digits < 8);
  g_string_append (s, "<MF");
  g_string_append (s, buf + i);
  g_string_append (s, suffix);
}

static void
append_msgid (MfTrackingLog *log, GString *s, guint64 id, int origin)
{
  append_msgid_with (s, id, log->servers[origin].msgid_suffix);
}

char *
mf_tracking_message_id (const MfTopology *topo, guint64 seed, guint64 msg_id, int origin)
{
  g_autofree char *domain = mf_tracking_org_domain (topo);
  g_autofree char *lower = g_ascii_strdown (topo->servers[origin].name, -1);
  g_autofree char *suffix = msgid_suffix (seed, lower, domain);
  GString *s = g_string_new (NULL);

  append_msgid_with (s, msg_id, suffix);
  return g_string_free (s, FALSE);
}

void
mf_tracking_log_record (const MfTrackingRecord *r, gpointer user_data)
{
  MfTrackingLog *log = user_data;
  const MfTopology *t = log->topo;
  ServerLog *sl = &log->servers[r->server];
  gint64 abs_us = t->org.start_us + r->time_us;
  gint64 day = abs_us / MF_US_PER_DAY;
  GString *s = sl->buf;
  int client = r->client_server >= 0 ? r->client_server : r->server;

  if (day != sl->day)
    open_day (log, sl, day);
  day_texts (log, day);
  /* Date, Time */
  g_string_append (s, log->date_text);
  g_string_append_c (s, '\t');
  append_datetime (log, s, abs_us, FALSE);
  /* client-ip, Client-hostname: the SMTP client, or this server */
  if (r->client_server < 0 && r->external_sender && r->server == r->origin)
    g_string_append (s, "\t192.0.2.25\tmail.example.net");
  else
    g_string_append (s, log->servers[client].as_client);
  /* Partner-Name */
  g_string_append_c (s, '\t');
  switch (r->partner_kind)
    {
    case MF_PARTNER_SERVER:
      g_string_append (s, t->servers[r->partner].name);
      break;
    case MF_PARTNER_CONNECTOR:
      g_string_append (s, t->connectors[r->partner].name);
      break;
    case MF_PARTNER_DOMAIN:
      g_string_append (s, r->partner_domain ? r->partner_domain : "-");
      break;
    case MF_PARTNER_NONE:
    default:
      g_string_append_c (s, '-');
      break;
    }
  /* Server-hostname, server-IP */
  g_string_append (s, sl->as_server);
  /* Recipient-Address */
  g_string_append_c (s, '\t');
  if (r->recipient_server >= 0)
    g_string_append (s, log->servers[r->recipient_server].address);
  else
    {
      g_string_append (s, "user@");
      g_string_append (s, r->recipient_domain);
    }
  /* Event-ID, MSGID, Priority, Recipient-Report-Status, total-bytes, Number-Recipients */
  g_string_append_c (s, '\t');
  append_uint (s, (guint64) r->event_id);
  g_string_append_c (s, '\t');
  append_msgid (log, s, r->msg_id, r->origin);
  /* Recipient-Report-Status: an NDR's RFC 3463 code, as Exchange writes it. */
  if (r->event_id == 1030 && r->ndr_reason >= 0)
    {
      g_string_append (s, "\t0\t");
      g_string_append (s, mf_ndr_status_code ((MfNdrReason) r->ndr_reason));
      g_string_append_c (s, '\t');
    }
  else
    g_string_append (s, "\t0\t0\t");
  append_uint (s, r->size_bytes);
  g_string_append_c (s, '\t');
  append_uint (s, (guint64) r->n_recipients);
  g_string_append_c (s, '\t');
  /* Origination-Time, Encryption, service-Version */
  append_datetime (log, s, t->org.start_us + r->origination_us, TRUE);
  g_string_append (s, "\t0\tVersion: 6.0.3790.0\t");
  /* Linked-MSGID: a notice is linked to the message it is about, whose
   * sender is the notice's recipient. */
  if (r->linked_msg_id != 0 && r->recipient_server >= 0)
    append_msgid (log, s, r->linked_msg_id, r->recipient_server);
  else
    g_string_append_c (s, '-');
  /* Message-Subject, Sender-Address */
  if (r->is_notice)
    {
      g_string_append (s, "\t-\tpostmaster@");
      g_string_append (s, log->org_domain);
    }
  else if (r->external_sender)
    g_string_append (s, "\t-\tsender@example.net");
  else
    {
      g_string_append (s, "\t-\t");
      g_string_append (s, log->servers[r->origin].address);
    }
  g_string_append (s, "\r\n");
  if (s->len >= MF_TRACKING_BUFFER_BYTES)
    flush (log, sl);
}

gboolean
mf_tracking_log_finish (MfTrackingLog *log, GError **error)
{
  for (int i = 0; i < log->topo->n_servers; i++)
    close_day (log, &log->servers[i]);
  if (log->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&log->error));
      return FALSE;
    }
  return TRUE;
}

void
mf_tracking_log_free (MfTrackingLog *log)
{
  if (log == NULL)
    return;
  for (int i = 0; i < log->n_servers; i++)
    {
      ServerLog *sl = &log->servers[i];
      g_string_free (sl->buf, TRUE);
      g_free (sl->dir);
      mf_out_file_discard (sl->file);
      g_free (sl->name_lower);
      g_free (sl->as_client);
      g_free (sl->as_server);
      g_free (sl->address);
      g_free (sl->msgid_suffix);
    }
  g_free (log->servers);
  g_free (log->org_domain);
  g_clear_error (&log->error);
  g_free (log);
}

/**
 * mf_tracking_estimate_bytes:
 *
 * The logs a run of @duration_us with @seed is expected to write: the
 * workload's expected messages times MF_TRACKING_BYTES_PER_MESSAGE.  An
 * order of magnitude for a warning, not a promise.
 */
guint64
mf_tracking_estimate_bytes (const MfTopology *topo, guint64 seed, gint64 duration_us)
{
  g_return_val_if_fail (topo != NULL, 0);

  MfWorkload *w = mf_workload_new (topo, seed, 0);
  double messages = mf_workload_expected_messages (w, duration_us);

  mf_workload_free (w);
  return (guint64) (messages * MF_TRACKING_BYTES_PER_MESSAGE);
}
