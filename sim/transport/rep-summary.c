/* rep-summary.c — key figures over replications (rep-summary.h).
 *
 * A replication's figures are kept as values, not running sums, so the
 * interval is computed once over all of them (Student t, 95%).
 */
#include "transport/rep-summary.h"

#include "transport/output-figures.h"


static const char *const rep_figure_names[MF_REP_N_FIGURES] = {
  "latency_mean_s", "latency_p95_s", "delivered_recipients", "ndr_recipients",
  "max_queue_length",
};

/** mf_rep_figure_name: Returns: the figure's key in summary.json. */
const char *
mf_rep_figure_name (MfRepFigure figure)
{
  g_return_val_if_fail (figure < MF_REP_N_FIGURES, NULL);
  return rep_figure_names[figure];
}

/**
 * mf_rep_summary_new:
 * @requested: the number of replications asked for
 *
 * Returns: (transfer full): an empty summary; free with mf_rep_summary_free().
 */
MfRepSummary *
mf_rep_summary_new (guint requested)
{
  MfRepSummary *reps = g_new0 (MfRepSummary, 1);

  reps->requested = requested;
  for (int f = 0; f < MF_REP_N_FIGURES; f++)
    reps->values[f] = g_array_new (FALSE, FALSE, sizeof (double));
  return reps;
}

void
mf_rep_summary_free (MfRepSummary *reps)
{
  if (reps == NULL)
    return;
  for (int f = 0; f < MF_REP_N_FIGURES; f++)
    g_array_unref (reps->values[f]);
  g_free (reps);
}

/**
 * mf_rep_summary_add:
 * @result: (transfer none): one replication that ran to its end
 *
 * Records the replication's key figures.  A figure that does not exist
 * (the latency of a run that delivered nothing) is recorded as NaN, which
 * makes its interval NaN (null in JSON): dropping the run would bias the
 * mean.  O(queues).
 */
void
mf_rep_summary_add (MfRepSummary *reps, const MfRunResult *result)
{
  double v[MF_REP_N_FIGURES];

  g_return_if_fail (reps != NULL && result != NULL);
  v[MF_REP_LATENCY_MEAN_S] = mf_tally_mean (&result->latency_s);
  v[MF_REP_LATENCY_P95_S] = mf_histogram_percentile (result->latency_hist, 95.0);
  v[MF_REP_DELIVERED_RECIPIENTS] = (double) result->recipients.delivered;
  v[MF_REP_NDR_RECIPIENTS] = (double) result->recipients.ndr;
  v[MF_REP_MAX_QUEUE_LENGTH] = (double) mf_output_max_queue_length (result);
  for (int f = 0; f < MF_REP_N_FIGURES; f++)
    g_array_append_val (reps->values[f], v[f]);
  reps->count++;
}

/** mf_rep_summary_interval: Returns: the 95% Student-t interval of @figure. */
MfInterval
mf_rep_summary_interval (const MfRepSummary *reps, MfRepFigure figure)
{
  const GArray *a = reps->values[figure];
  return mf_interval_from_values ((const double *) (const void *) a->data, a->len, 0.95);
}
