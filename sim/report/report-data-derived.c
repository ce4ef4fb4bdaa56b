/* report-data-derived.c — figures derived from a run's data (report-data.h).
 *
 * What more than one part of the report needs, computed on demand from
 * the loaded data: the sample index of a time, a queue's series with its
 * omitted zeros restored, the busiest and the still-growing queues, the
 * DOWN intervals of the connectors, when each routing group learned a
 * change, and the run's clock.  Nothing here reads a file or fails.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-data.h"

#include <math.h>
#include <string.h>

/**
 * mf_report_data_sample_index:
 *
 * Returns: the index of @time_s among the sample times of counts.csv, or
 *   -1 when it is not one.  Times are compared exactly: every file prints
 *   them from the same integer microseconds.  O(log samples).
 */
int
mf_report_data_sample_index (const MfReportData *d, double time_s)
{
  const double *t = (const double *) (const void *) d->times->data;
  guint lo = 0, hi = d->times->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (t[mid] < time_s)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < d->times->len && t[lo] == time_s ? (int) lo : -1;
}

/**
 * mf_report_data_queue_series:
 *
 * Returns: (transfer full): the length of queue @queue at every sample
 *   time (times->len values); the samples the transport leaves out are the
 *   zeros.  O(queue samples).
 */
double *
mf_report_data_queue_series (const MfReportData *d, int queue)
{
  double *v = g_new0 (double, d->times->len + 1);

  mf_report_data_queue_bounds (d, queue, v, NULL, NULL);
  return v;
}

/**
 * mf_report_data_queue_bounds:
 * @length: (out caller-allocates) (nullable): times->len values
 * @lowest: (out caller-allocates) (nullable): times->len values
 * @highest: (out caller-allocates) (nullable): times->len values
 *
 * Fills, for queue @queue at every sample time, its length and its lowest
 * and highest length over the interval that ends there; the samples the
 * transport leaves out are zeros throughout.  O(queue samples).
 */
void
mf_report_data_queue_bounds (const MfReportData *d, int queue, double *length, double *lowest,
                             double *highest)
{
  double *out[] = { length, lowest, highest };

  for (gsize k = 0; k < G_N_ELEMENTS (out); k++)
    if (out[k] != NULL)
      memset (out[k], 0, d->times->len * sizeof (double));
  for (guint i = 0; i < d->queue_samples->len; i++)
    {
      const MfRdQueueSample *s = &g_array_index (d->queue_samples, MfRdQueueSample, i);
      int t;
      if (s->queue != queue || (t = mf_report_data_sample_index (d, s->time_s)) < 0)
        continue;
      if (length != NULL)
        length[t] = s->length;
      if (lowest != NULL)
        lowest[t] = s->min_length;
      if (highest != NULL)
        highest[t] = s->max_length;
    }
}

static gint
compare_busiest (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GArray *queues = user_data;
  int ia = *(const int *) a, ib = *(const int *) b;
  const MfRdQueue *qa = &g_array_index (queues, MfRdQueue, ia);
  const MfRdQueue *qb = &g_array_index (queues, MfRdQueue, ib);

  if (qa->mean_length != qb->mean_length)
    return qa->mean_length > qb->mean_length ? -1 : 1;
  if (qa->max_length != qb->max_length)
    return qa->max_length > qb->max_length ? -1 : 1;
  return (ia > ib) - (ia < ib);
}

/**
 * mf_report_data_busiest_queues:
 * @n: (out): how many
 *
 * Returns: (transfer full): the queues that ever held a recipient, by
 *   time-weighted mean length, then maximum, then file order.  O(Q log Q).
 */
int *
mf_report_data_busiest_queues (const MfReportData *d, int *n)
{
  int *order = g_new (int, d->queues->len + 1);
  int k = 0;

  for (guint i = 0; i < d->queues->len; i++)
    if (g_array_index (d->queues, MfRdQueue, i).max_length > 0)
      order[k++] = (int) i;
  g_qsort_with_data (order, k, sizeof (int), compare_busiest, d->queues);
  *n = k;
  return order;
}

/**
 * mf_report_data_growing:
 *
 * Returns: (transfer full): MfRdGrowing for each queue still growing at the
 *   end: a least-squares line through its length over the last
 *   MF_RD_GROWING_WINDOW of the sample times rises by at least
 *   MF_RD_GROWING_MIN_RISE and the queue ends at least that long.  Sorted by
 *   final length, longest first.  O(queue samples + queues).
 */
GArray *
mf_report_data_growing (const MfReportData *d)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MfRdGrowing));
  const double *t = (const double *) (const void *) d->times->data;
  guint n = d->times->len, w0;
  double t0, st = 0, stt = 0, denom;
  g_autofree double *sy = NULL, *sty = NULL;

  if (n < 3)
    return out;
  t0 = t[n - 1] - MF_RD_GROWING_WINDOW * (t[n - 1] - t[0]);
  for (w0 = 0; w0 < n && t[w0] < t0; w0++)
    ;
  if (n - w0 < 3)
    return out;
  /* Hours from the window's start keep the sums well conditioned. */
  for (guint i = w0; i < n; i++)
    {
      double h = (t[i] - t[w0]) / 3600.0;
      st += h;
      stt += h * h;
    }
  denom = (double) (n - w0) * stt - st * st;
  if (denom <= 0)
    return out;
  sy = g_new0 (double, d->queues->len + 1);
  sty = g_new0 (double, d->queues->len + 1);
  for (guint i = 0; i < d->queue_samples->len; i++)
    {
      const MfRdQueueSample *s = &g_array_index (d->queue_samples, MfRdQueueSample, i);
      if (s->time_s < t[w0])
        continue;
      sy[s->queue] += s->length;
      sty[s->queue] += s->length * (s->time_s - t[w0]) / 3600.0;
    }
  for (guint q = 0; q < d->queues->len; q++)
    {
      const MfRdQueue *qs = &g_array_index (d->queues, MfRdQueue, q);
      double slope = ((double) (n - w0) * sty[q] - st * sy[q]) / denom;
      double rise = slope * (t[n - 1] - t[w0]) / 3600.0;
      if (rise >= MF_RD_GROWING_MIN_RISE && (double) qs->final_length >= MF_RD_GROWING_MIN_RISE)
        {
          MfRdGrowing g = { (int) q, (double) qs->final_length, slope };
          g_array_append_val (out, g);
        }
    }
  for (guint i = 1; i < out->len; i++) /* insertion sort: few, and stable */
    for (guint k = i; k > 0; k--)
      {
        MfRdGrowing *a = &g_array_index (out, MfRdGrowing, k - 1), *b = a + 1;
        if (a->final_length >= b->final_length)
          break;
        MfRdGrowing tmp = *a;
        *a = *b;
        *b = tmp;
      }
  return out;
}

/**
 * mf_report_data_down_intervals:
 *
 * Returns: (transfer full): MfRdDown: each time a connector was DOWN in its
 *   routing group master's view, from the change that made it DOWN to the
 *   one that made it UP (or the run's end, open = TRUE), by start time.
 *   O(changes).
 */
GArray *
mf_report_data_down_intervals (const MfReportData *d)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MfRdDown));
  g_autofree double *since = g_new (double, (gsize) d->topo->n_connectors + 1);

  for (int c = 0; c < d->topo->n_connectors; c++)
    since[c] = NAN;
  for (guint i = 0; i < d->changes->len; i++)
    {
      const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, i);
      if (!ch->up && isnan (since[ch->connector]))
        since[ch->connector] = ch->time_s;
      else if (ch->up && !isnan (since[ch->connector]))
        {
          MfRdDown down = { ch->connector, since[ch->connector], ch->time_s, FALSE };
          g_array_append_val (out, down);
          since[ch->connector] = NAN;
        }
    }
  for (int c = 0; c < d->topo->n_connectors; c++)
    if (!isnan (since[c]))
      {
        MfRdDown down = { c, since[c], MAX (d->sim_time_s, since[c]), TRUE };
        g_array_append_val (out, down);
      }
  for (guint i = 1; i < out->len; i++)
    for (guint k = i; k > 0; k--)
      {
        MfRdDown *a = &g_array_index (out, MfRdDown, k - 1), *b = a + 1;
        if (a->start_s <= b->start_s)
          break;
        MfRdDown tmp = *a;
        *a = *b;
        *b = tmp;
      }
  return out;
}

/**
 * mf_report_data_group_learned:
 * @change: index into changes
 *
 * A routing group learns a change when its routing group master's view
 * takes it; if the master never did (it was down), when its first member
 * did.
 *
 * Returns: (transfer full): per routing group, the time it learned the
 *   change, NaN if it never did.  O(groups + learners).
 */
double *
mf_report_data_group_learned (const MfReportData *d, guint change)
{
  const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, change);
  int ng = d->topo->n_routing_groups;
  double *out = g_new (double, (gsize) ng + 1);
  g_autofree double *first = g_new (double, (gsize) ng + 1);

  for (int g = 0; g < ng; g++)
    out[g] = first[g] = NAN;
  for (guint i = ch->first_learned; i < ch->first_learned + ch->n_learned; i++)
    {
      const MfRdLearned *l = &g_array_index (d->learned, MfRdLearned, i);
      int g = d->topo->servers[l->server].routing_group;
      if (l->server == d->topo->routing_groups[g].master)
        out[g] = l->time_s;
      if (isnan (first[g]) || l->time_s < first[g])
        first[g] = l->time_s;
    }
  for (int g = 0; g < ng; g++)
    if (isnan (out[g]))
      out[g] = first[g];
  return out;
}

/** mf_report_data_clock_s: Returns: seconds from Monday 00:00 of the run's week at @time_s. */
double
mf_report_data_clock_s (const MfReportData *d, double time_s)
{
  return (double) d->topo->org.start_us / 1e6 + time_s;
}

/** mf_report_data_format_clock: Returns: (transfer full): "Mon 10:03:06" for run time @time_s. */
char *
mf_report_data_format_clock (const MfReportData *d, double time_s)
{
  static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  gint64 s = (gint64) floor (mf_report_data_clock_s (d, time_s));
  gint64 week = s / (7 * 86400), in_week = s % (7 * 86400);
  g_autofree char *later = week > 0 ? g_strdup_printf (" (week %" G_GINT64_FORMAT ")", week + 1) : g_strdup ("");

  return g_strdup_printf ("%s %02d:%02d:%02d%s", days[in_week / 86400],
                          (int) (in_week % 86400 / 3600), (int) (in_week % 3600 / 60),
                          (int) (in_week % 60), later);
}
