/* output-csv.c — the CSV files of a run (output-csv.h).
 *
 * Fields go through base/csv (quoted only when they must be), times are
 * exact decimal seconds of the integer microseconds, measured doubles are
 * rounded (mf_output_round) and printed shortest; rows are sorted so the
 * text never depends on hash or insertion order.
 */
#include "transport/output-csv.h"

#include <string.h>

#include "base/csv.h"
#include "base/number-format.h"
#include "transport/output-figures.h"

/* A measured double: rounded, shortest; "inf"/"nan" if not finite. */
static void
append_measured (GString *s, double x)
{
  mf_csv_append_double (s, mf_output_round (x));
}


/**
 * mf_output_queues_csv:
 *
 * Returns: (transfer full): time_s,server,queue,length,state,oldest_age_s,
 *   next_retry_s,min_length,max_length: Queue Viewer's columns at each
 *   sample.  state is a link queue's (Active, Ready, Retry, Scheduled),
 *   empty for the others; oldest_age_s is empty for an empty queue;
 *   next_retry_s only for Retry; min_length and max_length bound the
 *   length over the interval that ends at the sample.
 */
char *
mf_output_queues_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new ("time_s,server,queue,length,state,oldest_age_s,next_retry_s,"
                             "min_length,max_length\n");

  for (guint i = 0; i < result->queue_samples->len; i++)
    {
      const MfQueueSample *qs = &g_array_index (result->queue_samples, MfQueueSample, i);
      const MfQueueStats *q = mf_output_queue_at (result, qs->queue);
      mf_number_append_seconds_us (s, qs->time_us);
      g_string_append_c (s, ',');
      mf_csv_append_field (s, mf_output_server_name (topo, q->server));
      g_string_append_c (s, ',');
      mf_csv_append_field (s, q->name);
      g_string_append_printf (s, ",%" G_GUINT32_FORMAT ",", qs->length);
      if (qs->state >= 0)
        g_string_append (s, mf_link_queue_state_name ((MfLinkQueueState) qs->state));
      g_string_append_c (s, ',');
      if (qs->oldest_age_us >= 0)
        mf_number_append_seconds_us (s, qs->oldest_age_us);
      g_string_append_c (s, ',');
      if (qs->next_retry_us >= 0)
        mf_number_append_seconds_us (s, qs->next_retry_us);
      g_string_append_printf (s, ",%" G_GUINT32_FORMAT ",%" G_GUINT32_FORMAT "\n", qs->min_length,
                              qs->max_length);
    }
  return g_string_free (s, FALSE);
}

/**
 * mf_output_connectors_csv:
 *
 * Returns: (transfer full): time_s,connector,messages,bytes,utilization per
 *   sample interval; utilization is busy time over the interval, which
 *   ends at time_s and starts at the connector's previous sample (or 0).
 */
char *
mf_output_connectors_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new ("time_s,connector,messages,bytes,utilization\n");
  g_autofree gint64 *prev_us = g_new0 (gint64, (gsize) result->n_connectors + 1);

  for (guint i = 0; i < result->connector_samples->len; i++)
    {
      const MfConnectorSample *cs = &g_array_index (result->connector_samples, MfConnectorSample, i);
      g_assert (cs->connector >= 0 && cs->connector < result->n_connectors);
      gint64 interval_us = cs->time_us - prev_us[cs->connector];
      double u = interval_us > 0 ? CLAMP ((double) cs->busy_us / (double) interval_us, 0.0, 1.0) : 0.0;

      prev_us[cs->connector] = cs->time_us;
      mf_number_append_seconds_us (s, cs->time_us);
      g_string_append_c (s, ',');
      mf_csv_append_field (s, mf_output_connector_name (topo, cs->connector));
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, cs->messages);
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, cs->bytes);
      g_string_append_c (s, ',');
      append_measured (s, u);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/** mf_output_counts_csv: Returns: (transfer full): recipients, cumulative. */
char *
mf_output_counts_csv (const MfRunResult *result)
{
  GString *s = g_string_new ("time_s,generated,delivered,ndr,in_flight\n");

  for (guint i = 0; i < result->counts_samples->len; i++)
    {
      const MfCountsSample *cs = &g_array_index (result->counts_samples, MfCountsSample, i);
      mf_number_append_seconds_us (s, cs->time_us);
      g_string_append_printf (s, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                              ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                              cs->recipients.generated, cs->recipients.delivered,
                              cs->recipients.ndr, cs->recipients.in_flight);
    }
  return g_string_free (s, FALSE);
}

static gint
compare_changes (gconstpointer a, gconstpointer b, gpointer unused G_GNUC_UNUSED)
{
  const MfLinkChange *x = a, *y = b;
  if (x->change != y->change)
    return x->change < y->change ? -1 : 1;
  return (x->time_us > y->time_us) - (x->time_us < y->time_us);
}

static gint
compare_learned (gconstpointer a, gconstpointer b, gpointer unused G_GNUC_UNUSED)
{
  const MfLinkLearned *x = a, *y = b;
  if (x->change != y->change)
    return x->change < y->change ? -1 : 1;
  if (x->time_us != y->time_us)
    return x->time_us < y->time_us ? -1 : 1;
  return (x->server > y->server) - (x->server < y->server);
}

static void
append_link_row (GString *s, const MfTopology *topo, const MfLinkChange *c,
                 const MfLinkLearned *l)
{
  g_string_append_printf (s, "%d,", c->change);
  mf_number_append_seconds_us (s, c->time_us);
  g_string_append_c (s, ',');
  mf_csv_append_field (s, mf_output_connector_name (topo, c->connector));
  g_string_append_printf (s, ",%s,%d,%s,", c->up ? "up" : "down", c->cost,
                          c->major ? "major" : "minor");
  mf_csv_append_field (s, mf_output_routing_group_name (topo, c->routing_group));
  g_string_append_printf (s, ",%" G_GUINT32_FORMAT ",", c->version);
  mf_csv_append_field (s, mf_output_server_name (topo, c->origin_server));
  g_string_append_c (s, ',');
  if (l != NULL)
    {
      mf_csv_append_field (s, mf_output_server_name (topo, l->server));
      g_string_append_c (s, ',');
      mf_number_append_seconds_us (s, l->time_us);
    }
  else
    g_string_append_c (s, ',');
  g_string_append_c (s, '\n');
}

/**
 * mf_output_link_state_csv:
 *
 * Returns: (transfer full): one row per (change, server that learned it),
 *   by change, then learning time, then server id; a change nobody learned
 *   gets one row with server and learned_time_s empty.  O(N log N).
 */
char *
mf_output_link_state_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new ("change,time_s,connector,state,cost,kind,routing_group,version,"
                             "origin_server,server,learned_time_s\n");
  guint nc = result->link_changes->len, nl = result->link_learned->len;
  g_autofree MfLinkChange *changes = g_new (MfLinkChange, (gsize) nc + 1);
  g_autofree MfLinkLearned *learned = g_new (MfLinkLearned, (gsize) nl + 1);
  guint l = 0;

  if (nc > 0)
    memcpy (changes, result->link_changes->data, nc * sizeof *changes);
  if (nl > 0)
    memcpy (learned, result->link_learned->data, nl * sizeof *learned);
  g_qsort_with_data (changes, (gint) nc, sizeof *changes, compare_changes, NULL);
  g_qsort_with_data (learned, (gint) nl, sizeof *learned, compare_learned, NULL);
  for (guint c = 0; c < nc; c++)
    {
      gboolean any = FALSE;
      while (l < nl && learned[l].change < changes[c].change)
        l++; /* learned a change that is not recorded: skip */
      while (l < nl && learned[l].change == changes[c].change)
        {
          append_link_row (s, topo, &changes[c], &learned[l++]);
          any = TRUE;
        }
      if (!any)
        append_link_row (s, topo, &changes[c], NULL);
    }
  return g_string_free (s, FALSE);
}

static void
append_bucket (double low, double high, guint64 count, gpointer user_data)
{
  GString *s = user_data;

  append_measured (s, low);
  g_string_append_c (s, ',');
  append_measured (s, high);
  g_string_append_printf (s, ",%" G_GUINT64_FORMAT "\n", count);
}

static gint
compare_qshape_rows (gconstpointer a, gconstpointer b)
{
  const MfQshapeRow *x = a, *y = b;
  if (x->queue != y->queue)
    return x->queue < y->queue ? -1 : 1;
  return (x->bucket > y->bucket) - (x->bucket < y->bucket);
}

/** mf_output_latency_histogram_csv: Returns: (transfer full): non-empty buckets. */
char *
mf_output_latency_histogram_csv (const MfRunResult *result)
{
  GString *s = g_string_new ("low_s,high_s,count\n");

  mf_histogram_foreach_bucket (result->latency_hist, append_bucket, s);
  return g_string_free (s, FALSE);
}

/** mf_output_qshape_csv: Returns: (transfer full): messages and recipients
 * held at the end of the run, by server, queue and age bucket (minutes since
 * submission; age_high_min is empty for the open last bucket), non-empty
 * rows only, queues in the order of queue-stats.csv. */
char *
mf_output_qshape_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new ("server,queue,age_low_min,age_high_min,messages,recipients\n");
  g_autofree int *order = mf_output_queue_order (result);
  g_autofree int *rank = g_new (int, (gsize) result->n_queues + 1);
  g_autoptr (GArray) rows = result->qshape ? g_array_copy (result->qshape)
                                           : g_array_new (FALSE, FALSE, sizeof (MfQshapeRow));

  for (int i = 0; i < result->n_queues; i++)
    rank[order[i]] = i;
  for (guint i = 0; i < rows->len; i++)
    g_array_index (rows, MfQshapeRow, i).queue = rank[g_array_index (rows, MfQshapeRow, i).queue];
  g_array_sort (rows, compare_qshape_rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const MfQshapeRow *row = &g_array_index (rows, MfQshapeRow, i);
      const MfQueueStats *q = mf_output_queue_at (result, order[row->queue]);
      int low, high;
      mf_qshape_bucket_bounds (row->bucket, &low, &high);
      mf_csv_append_field (s, mf_output_server_name (topo, q->server));
      g_string_append_c (s, ',');
      mf_csv_append_field (s, q->name);
      g_string_append_printf (s, ",%d,", low);
      if (high >= 0)
        g_string_append_printf (s, "%d", high);
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, row->messages);
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, row->recipients);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/** mf_output_queue_stats_csv: Returns: (transfer full): one row per queue. */
char *
mf_output_queue_stats_csv (const MfTopology *topo, const MfRunResult *result)
{
  GString *s = g_string_new ("server,queue,max_length,mean_length,final_length\n");
  g_autofree int *order = mf_output_queue_order (result);

  for (int i = 0; i < result->n_queues; i++)
    {
      const MfQueueStats *q = mf_output_queue_at (result, order[i]);
      mf_csv_append_field (s, mf_output_server_name (topo, q->server));
      g_string_append_c (s, ',');
      mf_csv_append_field (s, q->name);
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, q->max_length);
      g_string_append_c (s, ',');
      append_measured (s, mf_output_queue_mean_length (result, order[i]));
      g_string_append_c (s, ',');
      mf_csv_append_u64 (s, q->final_length);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}
