/* report-html-queues.c — the queue tables of the page (report-html-private.h).
 *
 * The queues that held a recipient, busiest first (peak, time-weighted
 * mean, final length, whether still growing), and what was still queued
 * at the end: by age in the buckets of qshape.csv when the run wrote it,
 * else the final lengths.  Each table stops at its row limit; the CSV
 * files hold the rest.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "base/number-format.h"
#include "report/report-html-private.h"

#include <math.h>
#include <string.h>

char *
mf_html_queue_table (const MfReportData *d, const GArray *growing)
{
  int n = 0;
  g_autofree int *busy = mf_report_data_busiest_queues (d, &n);
  g_autofree gboolean *grows = g_new0 (gboolean, d->queues->len + 1);
  static const char *const headers[] = { "server", "queue", "#max", "#time-weighted mean", "#at the end", "", NULL };
  GString *s;

  if (n == 0)
    return g_strdup ("<p>No recipient ever waited in a queue.</p>");
  for (guint i = 0; i < growing->len; i++)
    grows[g_array_index (growing, MfRdGrowing, i).queue] = TRUE;
  s = g_string_new ("<div class=\"scroll\"><table>\n");
  mf_html_th_row (s, headers);
  for (int i = 0; i < n && i < MF_HTML_MAX_ROWS; i++)
    {
      const MfRdQueue *q = &g_array_index (d->queues, MfRdQueue, busy[i]);
      g_string_append (s, "<tr>");
      mf_html_td_text (s, q->server);
      mf_html_td_text (s, q->queue);
      mf_html_td_count (s, (double) q->max_length);
      g_autofree char *mean = mf_html_format_mean (q->mean_length);
      mf_html_td_raw (s, "n", mean);
      mf_html_td_count (s, (double) q->final_length);
      mf_html_td_raw (s, grows[busy[i]] ? "down" : NULL, grows[busy[i]] ? "still growing" : "");
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "</table></div>\n<p class=\"note\">");
  mf_html_append_count (s, n);
  g_string_append (s, " of ");
  mf_html_append_count (s, d->queues->len);
  g_string_append (s, " queues held a recipient at some time, busiest first");
  if (n > MF_HTML_MAX_ROWS)
    {
      /* The report does not read queue-stats.csv: link it only if it is there. */
      g_autofree char *stats = g_build_filename (d->dir, "queue-stats.csv", NULL);
      g_string_append_printf (s, "; the first %d are shown, all are in %s", MF_HTML_MAX_ROWS,
                              g_file_test (stats, G_FILE_TEST_IS_REGULAR)
                                ? "<a href=\"queue-stats.csv\">queue-stats.csv</a>"
                                : "summary.json");
    }
  g_string_append (s, ".</p>");
  return g_string_free (s, FALSE);
}

typedef struct {
  double low, high;
} Bucket;

typedef struct {
  char *server, *queue;
  guint64 total;             /* recipients */
  guint64 messages;
  guint64 *counts;           /* recipients per bucket */
} QshapeRow;

static void
qshape_row_free (gpointer p)
{
  QshapeRow *r = p;
  g_free (r->server);
  g_free (r->queue);
  g_free (r->counts);
  g_free (r);
}

static gint
compare_bucket (gconstpointer a, gconstpointer b)
{
  const Bucket *x = a, *y = b;
  if (x->low != y->low)
    return x->low < y->low ? -1 : 1;
  return 0;
}

static gint
compare_qshape_rows (gconstpointer a, gconstpointer b)
{
  const QshapeRow *x = *(const QshapeRow *const *) a, *y = *(const QshapeRow *const *) b;
  int c;
  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  c = strcmp (x->server, y->server);
  return c != 0 ? c : strcmp (x->queue, y->queue);
}

static void
bucket_label (GString *s, const Bucket *b)
{
  if (isnan (b->high))
    g_string_append_printf (s, "%s+", MF_NUMBER_SIG (b->low, 6));
  else
    g_string_append_printf (s, "%s–%s", MF_NUMBER_SIG (b->low, 6), MF_NUMBER_SIG (b->high, 6));
}

/* The qshape table from qshape.csv: buckets as columns (by their lower
 * bound), one row per (server, queue) by total, a TOTAL row first. */
char *
mf_html_qshape_table (const MfReportData *d)
{
  g_autoptr (GArray) buckets = g_array_new (FALSE, FALSE, sizeof (Bucket));
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (qshape_row_free);
  g_autoptr (GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree guint64 *totals = NULL;
  guint64 grand = 0, grand_messages = 0;
  GString *s;

  for (guint i = 0; i < d->qshape->len; i++)
    {
      const MfRdQshape *q = &g_array_index (d->qshape, MfRdQshape, i);
      gboolean known = FALSE;
      for (guint b = 0; b < buckets->len && !known; b++)
        known = g_array_index (buckets, Bucket, b).low == q->low_min;
      if (!known)
        {
          Bucket b = { q->low_min, q->high_min };
          g_array_append_val (buckets, b);
        }
    }
  g_array_sort (buckets, compare_bucket);
  totals = g_new0 (guint64, buckets->len + 1);
  for (guint i = 0; i < d->qshape->len; i++)
    {
      const MfRdQshape *q = &g_array_index (d->qshape, MfRdQshape, i);
      g_autofree char *key = g_strconcat (q->server, "\037", q->queue, NULL);
      QshapeRow *row = g_hash_table_lookup (by_key, key);
      guint b = 0;
      if (row == NULL)
        {
          row = g_new0 (QshapeRow, 1);
          row->server = g_strdup (q->server);
          row->queue = g_strdup (q->queue);
          row->counts = g_new0 (guint64, buckets->len + 1);
          g_ptr_array_add (rows, row);
          g_hash_table_insert (by_key, g_steal_pointer (&key), row);
        }
      while (g_array_index (buckets, Bucket, b).low != q->low_min)
        b++;
      row->counts[b] += q->recipients;
      row->total += q->recipients;
      row->messages += q->messages;
      totals[b] += q->recipients;
      grand += q->recipients;
      grand_messages += q->messages;
    }
  g_ptr_array_sort (rows, compare_qshape_rows);

  if (d->qshape->len == 0)
    return g_strdup ("<p>Nothing was queued at the end of the run.</p>");
  s = g_string_new ("<div class=\"scroll\"><table>\n<tr><th>server</th><th>queue (next hop)</th>"
                    "<th class=\"n\">messages</th><th class=\"n\">T</th>");
  for (guint b = 0; b < buckets->len; b++)
    {
      g_string_append (s, "<th class=\"n\">");
      bucket_label (s, &g_array_index (buckets, Bucket, b));
      g_string_append (s, "</th>");
    }
  g_string_append (s, "</tr>\n<tr class=\"total\"><td>TOTAL</td><td></td>");
  mf_html_td_count (s, (double) grand_messages);
  mf_html_td_count (s, (double) grand);
  for (guint b = 0; b < buckets->len; b++)
    mf_html_td_count (s, (double) totals[b]);
  g_string_append (s, "</tr>\n");
  for (guint i = 0; i < rows->len && i < MF_HTML_MAX_QSHAPE_ROWS; i++)
    {
      const QshapeRow *row = g_ptr_array_index (rows, i);
      g_string_append (s, "<tr>");
      mf_html_td_text (s, row->server);
      mf_html_td_text (s, row->queue);
      mf_html_td_count (s, (double) row->messages);
      mf_html_td_count (s, (double) row->total);
      for (guint b = 0; b < buckets->len; b++)
        mf_html_td_count (s, (double) row->counts[b]);
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "</table></div>\n<p class=\"note\">Recipients held at the end of the run "
                      "(T, then by age since submission, in minutes), and the message copies they "
                      "are in");
  if (rows->len > MF_HTML_MAX_QSHAPE_ROWS)
    g_string_append_printf (s, "; the %d largest rows of %u, all are in <a href=\"qshape.csv\">qshape.csv</a>",
                            MF_HTML_MAX_QSHAPE_ROWS, rows->len);
  g_string_append (s, ".</p>");
  return g_string_free (s, FALSE);
}

/* Without qshape.csv: the queues that were not empty at the end. */
char *
mf_html_final_queue_table (const MfReportData *d)
{
  static const char *const headers[] = { "server", "queue (next hop)", "#T", NULL };
  GString *s = g_string_new ("<p class=\"note\">This run has no <code>qshape.csv</code> (the "
                             "age of each queued recipient), so only the totals per queue at "
                             "the end are shown.</p>\n");
  int n = 0, shown = 0;
  g_autofree int *busy = mf_report_data_busiest_queues (d, &n);

  for (int i = 0; i < n; i++)
    {
      const MfRdQueue *q = &g_array_index (d->queues, MfRdQueue, busy[i]);
      if (q->final_length == 0)
        continue;
      if (shown == 0)
        {
          g_string_append (s, "<table>\n");
          mf_html_th_row (s, headers);
        }
      if (shown++ >= MF_HTML_MAX_QSHAPE_ROWS)
        continue;
      g_string_append (s, "<tr>");
      mf_html_td_text (s, q->server);
      mf_html_td_text (s, q->queue);
      mf_html_td_count (s, (double) q->final_length);
      g_string_append (s, "</tr>\n");
    }
  if (shown == 0)
    g_string_append (s, "<p>No queue held a recipient at the end of the run.</p>");
  else
    g_string_append (s, "</table>");
  return g_string_free (s, FALSE);
}
