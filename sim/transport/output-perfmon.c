/* output-perfmon.c — perfmon.csv (output-perfmon.h).
 *
 * One row per sample and server (topology order), as Performance Monitor
 * would log the SMTP Server object of every server at the sample interval:
 *
 *   messages_delivered_per_sec  "Messages Delivered/sec": copies the store
 *                               delivered to mailboxes in the interval
 *   messages_sent_per_sec       "Messages Sent/sec": copies handed to
 *                               another server, or outside
 *   messages_received_per_sec   "Messages Received/sec": copies received
 *                               from another server
 *   local_queue_length          "Local Queue Length": Local delivery
 *   remote_queue_length         "Remote Queue Length": all link queues
 *   remote_retry_queue_length   "Remote Retry Queue Length": link queues
 *                               in Retry
 *   categorizer_queue_length    "Categorizer Queue Length": Messages
 *                               awaiting directory lookup
 *
 * Rates are per second over the interval that ends at time_s; lengths are
 * the messages waiting at time_s, summed from the run's queue samples (a
 * queue not sampled at a time was empty then).  `clock` is the sample's
 * time of the simulated week, whose Monday is 11 August 2003 as in the
 * tracking logs.
 */
#include "transport/output-perfmon.h"

#include "base/csv.h"
#include "base/number-format.h"
#include "transport/output-figures.h"

typedef struct {
  guint64 local, remote, retry, categorizer;
} Lengths;

static void
append_clock (GString *s, const MfTopology *topo, gint64 time_us)
{
  g_autoptr (GDateTime) monday = g_date_time_new_utc (2003, 8, 11, 0, 0, 0);
  g_autoptr (GDateTime) at = g_date_time_add_seconds (monday, (double) ((topo->org.start_us + time_us)
                                                                     / G_USEC_PER_SEC));
  g_autofree char *text = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");

  g_string_append (s, text);
}

static void
append_rate (GString *s, guint64 count, gint64 interval_us)
{
  g_string_append_c (s, ',');
  mf_csv_append_double (s, interval_us > 0 ? mf_output_round ((double) count * 1e6 / (double) interval_us) : 0.0);
}

/* Adds the queue samples at @time_us, from *@next on, to @len (per server). */
static void
gather_lengths (const MfRunResult *result, gint64 time_us, guint *next, Lengths *len)
{
  for (; *next < result->queue_samples->len; (*next)++)
    {
      const MfQueueSample *qs = &g_array_index (result->queue_samples, MfQueueSample, *next);
      const MfQueueStats *q;
      Lengths *l;

      if (qs->time_us > time_us)
        break;
      if (qs->time_us < time_us)
        continue;
      q = mf_output_queue_at (result, qs->queue);
      l = &len[q->server];
      switch (q->kind)
        {
        case MF_QUEUE_LOCAL:
          l->local += qs->length;
          break;
        case MF_QUEUE_CATEGORIZER:
          l->categorizer += qs->length;
          break;
        case MF_QUEUE_LINK:
          l->remote += qs->length;
          if (qs->state == MF_LINK_QUEUE_RETRY)
            l->retry += qs->length;
          break;
        default:
          break;
        }
    }
}

/**
 * mf_output_perfmon_csv:
 *
 * Returns: (transfer full): the text of perfmon.csv.
 *   O(server samples + queue samples).
 */
char *
mf_output_perfmon_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new (MF_PERFMON_HEADER "\n");
  int n = topo->n_servers;
  g_autofree Lengths *len = g_new0 (Lengths, (gsize) n + 1);
  gint64 prev_us = 0, at_us = -1;
  guint next = 0;

  /* A result made by hand (tests) may have no server samples. */
  for (guint i = 0; result->server_samples != NULL && i < result->server_samples->len; i++)
    {
      const MfServerSample *ss = &g_array_index (result->server_samples, MfServerSample, i);
      const Lengths *l;

      g_assert (ss->server >= 0 && ss->server < n);
      if (ss->time_us != at_us)
        {
          /* A new sample: its interval starts at the one before. */
          if (at_us >= 0)
            prev_us = at_us;
          at_us = ss->time_us;
          memset (len, 0, sizeof *len * (gsize) n);
          gather_lengths (result, at_us, &next, len);
        }
      l = &len[ss->server];
      mf_number_append_seconds_us (s, ss->time_us);
      g_string_append_c (s, ',');
      append_clock (s, topo, ss->time_us);
      g_string_append_c (s, ',');
      mf_csv_append_field (s, mf_output_server_name (topo, ss->server));
      append_rate (s, ss->delivered, ss->time_us - prev_us);
      append_rate (s, ss->sent, ss->time_us - prev_us);
      append_rate (s, ss->received, ss->time_us - prev_us);
      g_string_append_printf (s, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                              ",%" G_GUINT64_FORMAT "\n",
                              l->local, l->remote, l->retry, l->categorizer);
    }
  return g_string_free (s, FALSE);
}
