/* output-figures.c — figures and names shared by the output files
 * (output-figures.h).
 *
 * Every function here is a pure read of an MfRunResult (and its topology
 * for names); the orders they define are total, so outputs never depend on
 * the order queues were first used in.
 */
#include "transport/output-figures.h"

#include <string.h>

#include "base/number-format.h"

/** mf_output_round: Returns: @x rounded to MF_OUTPUT_DIGITS significant digits. */
double
mf_output_round (double x)
{
  return mf_number_round_significant (x, MF_OUTPUT_DIGITS);
}

/* ------------------------------------------------------------ names */

/* Names of ids, "" for -1 (none). */
const char *
mf_output_server_name (const MfTopology *topo, int id)
{
  if (id < 0)
    return "";
  g_assert (id < topo->n_servers);
  return topo->servers[id].name;
}

const char *
mf_output_connector_name (const MfTopology *topo, int id)
{
  if (id < 0)
    return "";
  g_assert (id < topo->n_connectors);
  return topo->connectors[id].name;
}

const char *
mf_output_routing_group_name (const MfTopology *topo, int id)
{
  if (id < 0)
    return "";
  g_assert (id < topo->n_routing_groups);
  return topo->routing_groups[id].name;
}

const MfQueueStats *
mf_output_queue_at (const MfRunResult *result, int id)
{
  g_assert (id >= 0 && id < result->n_queues);
  return &result->queues[id];
}

/* ------------------------------------------------------------ figures */

/**
 * mf_output_utilization:
 * @connector: connector id
 *
 * Returns: the share of the observed time (after the warm-up) in which the
 *   connector carried at least one transfer, busy_us / (sim_time_us −
 *   warmup_us), clamped to 0..1; 0 when no time was observed.
 */
double
mf_output_utilization (const MfRunResult *result, int connector)
{
  g_return_val_if_fail (result != NULL, 0.0);
  g_return_val_if_fail (connector >= 0 && connector < result->n_connectors, 0.0);

  gint64 span = result->sim_time_us - result->warmup_us;
  if (span <= 0)
    return 0.0;
  return CLAMP ((double) result->connectors[connector].busy_us / (double) span, 0.0, 1.0);
}

/**
 * mf_output_queue_mean_length:
 *
 * Returns: the time-weighted mean length of queue @queue over the observed
 *   time; the transport brings every queue up to the end of the run, so
 *   the covered mean is the mean up to sim_time_us.
 */
double
mf_output_queue_mean_length (const MfRunResult *result, int queue)
{
  g_return_val_if_fail (result != NULL, 0.0);
  g_return_val_if_fail (queue >= 0 && queue < result->n_queues, 0.0);
  return mf_time_avg_covered_mean (&result->queues[queue].length);
}

/** mf_output_max_queue_length: Returns: the longest any queue was.  O(queues). */
guint64
mf_output_max_queue_length (const MfRunResult *result)
{
  guint64 max = 0;

  g_return_val_if_fail (result != NULL, 0);
  for (int i = 0; i < result->n_queues; i++)
    max = MAX (max, result->queues[i].max_length);
  return max;
}

/* Passes the const result through g_qsort_with_data's gpointer. */
typedef struct {
  const MfRunResult *result;
} QueueOrder;

static gint
compare_queues (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const MfRunResult *result = ((const QueueOrder *) user_data)->result;
  int ia = *(const int *) a, ib = *(const int *) b;
  const MfQueueStats *qa = &result->queues[ia], *qb = &result->queues[ib];

  if (qa->server != qb->server)
    return qa->server < qb->server ? -1 : 1;
  if (qa->kind != qb->kind)
    return qa->kind < qb->kind ? -1 : 1;
  int c = strcmp (qa->name, qb->name);
  if (c != 0)
    return c;
  return (ia > ib) - (ia < ib);
}

/**
 * mf_output_queue_order:
 *
 * Returns: (transfer full): the queue indices sorted by (server id, kind,
 *   name), so the output does not depend on the order queues were first
 *   used in.  O(Q log Q).
 */
int *
mf_output_queue_order (const MfRunResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  QueueOrder ctx = { result };
  int *order = g_new (int, (gsize) result->n_queues + 1);
  for (int i = 0; i < result->n_queues; i++)
    order[i] = i;
  g_qsort_with_data (order, result->n_queues, sizeof (int), compare_queues, &ctx);
  return order;
}

