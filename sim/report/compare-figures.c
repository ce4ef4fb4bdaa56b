/* compare-figures.c — the key figures of two runs side by side (compare-private.h).
 *
 * The figures of a run are those of summary.json (replication 0 when the
 * run was replicated); B − A is their difference.  A figure is tested only
 * when both runs were replicated at least twice and summary.json has each
 * replication's value of it (replications.figures.NAME.values): then by
 * Welch's t-test, which does not assume the two runs vary alike (a change
 * of topology often changes the spread too).
 */
#define G_LOG_DOMAIN "msgflow-compare"

#include "report/compare-private.h"
#include "report/report-numbers.h"

#include <math.h>
#include <string.h>

static const char *const significance_texts[] = {
  "significant at 5%", "not significant at 5%", "no replications", "not replicated",
  "not testable",
};

/** mf_cmp_significance_text: Returns: the words compare.json and the page use. */
const char *
mf_cmp_significance_text (MfCmpSignificance s)
{
  g_return_val_if_fail ((guint) s < G_N_ELEMENTS (significance_texts), NULL);
  return significance_texts[s];
}

/* Each replication's values of @name in @d; NULL when there are none. */
static const GArray *
rep_values (const MfReportData *d, const char *name)
{
  if (!d->has_replications)
    return NULL;
  for (guint i = 0; i < d->rep_figures->len; i++)
    {
      const MfRdRepFigure *f = &g_array_index (d->rep_figures, MfRdRepFigure, i);
      if (strcmp (f->name, name) == 0)
        return f->values;
    }
  return NULL;
}

static gboolean
replicated (const MfReportData *d)
{
  return d->has_replications && d->rep_count >= 2;
}

/* The test of @f: by Welch when both runs have the values. */
static void
test_figure (const MfCompare *c, MfCmpFigure *f)
{
  const GArray *va, *vb;

  if (!replicated (c->a) || !replicated (c->b))
    {
      f->significance = MF_CMP_NO_REPLICATIONS;
      return;
    }
  va = f->flow == NULL ? rep_values (c->a, f->name) : NULL;
  vb = f->flow == NULL ? rep_values (c->b, f->name) : NULL;
  if (va == NULL || vb == NULL || va->len < 2 || vb->len < 2)
    {
      f->significance = MF_CMP_NOT_REPLICATED;
      return;
    }
  f->n_a = va->len;
  f->n_b = vb->len;
  f->test = mf_welch_test ((const double *) (const void *) va->data, va->len,
                           (const double *) (const void *) vb->data, vb->len);
  if (!f->test.defined)
    f->significance = MF_CMP_NOT_TESTABLE;
  else
    f->significance = f->test.p < MF_COMPARE_ALPHA ? MF_CMP_SIGNIFICANT : MF_CMP_NOT_SIGNIFICANT;
}

static void
add (MfCompare *c, const char *flow, const char *name, const char *label, gboolean seconds,
     double a, double b)
{
  MfCmpFigure f = { g_strdup (flow), name, label, seconds, a, b, MF_CMP_NO_REPLICATIONS,
                    { FALSE, NAN, NAN, NAN, NAN, NAN }, 0, 0 };

  test_figure (c, &f);
  g_array_append_val (c->figures, f);
}

/* The longest any queue of @d was. */
static double
max_queue (const MfReportData *d)
{
  guint64 m = 0;

  for (guint i = 0; i < d->queues->len; i++)
    m = MAX (m, g_array_index (d->queues, MfRdQueue, i).max_length);
  return (double) m;
}

static const MfRdFlow *
find_flow (const MfReportData *d, const char *name)
{
  for (guint i = 0; i < d->flows->len; i++)
    if (g_ascii_strcasecmp (g_array_index (d->flows, MfRdFlow, i).name, name) == 0)
      return &g_array_index (d->flows, MfRdFlow, i);
  return NULL;
}

static void
add_flow (MfCompare *c, const char *name, const MfRdFlow *fa, const MfRdFlow *fb)
{
#define FLOW(field) (fa != NULL ? (double) fa->field : NAN), (fb != NULL ? (double) fb->field : NAN)
  add (c, name, "generated", "generated", FALSE, FLOW (generated));
  add (c, name, "latency_mean_s", "mean latency", TRUE, FLOW (latency_mean_s));
  add (c, name, "latency_p50_s", "latency p50", TRUE, FLOW (latency_p50_s));
  add (c, name, "latency_p95_s", "latency p95", TRUE, FLOW (latency_p95_s));
  add (c, name, "latency_p99_s", "latency p99", TRUE, FLOW (latency_p99_s));
#undef FLOW
}

static void
clear_figure (gpointer p)
{
  g_free (((MfCmpFigure *) p)->flow);
}

/**
 * mf_compare_figures:
 *
 * Fills c->figures: the run's key figures, then those of every flow of A
 * (in A's order) and of every flow only B has (in B's order); a flow one
 * run lacks has NaN there.  O(flows²) name look-ups (flows are few).
 */
void
mf_compare_figures (MfCompare *c)
{
  const MfReportData *a = c->a, *b = c->b;

  c->figures = g_array_new (FALSE, FALSE, sizeof (MfCmpFigure));
  g_array_set_clear_func (c->figures, clear_figure);
  add (c, NULL, "generated_recipients", "recipients generated", FALSE,
       (double) a->recipients.generated, (double) b->recipients.generated);
  add (c, NULL, "delivered_recipients", "recipients delivered", FALSE,
       (double) a->recipients.delivered, (double) b->recipients.delivered);
  add (c, NULL, "delivered_messages", "messages delivered", FALSE,
       (double) a->messages.delivered, (double) b->messages.delivered);
  add (c, NULL, "ndr_recipients", "NDRs (recipients)", FALSE, (double) a->recipients.ndr,
       (double) b->recipients.ndr);
  add (c, NULL, "latency_mean_s", "mean latency", TRUE, a->latency_mean_s, b->latency_mean_s);
  add (c, NULL, "latency_p50_s", "latency p50", TRUE, a->latency_p50_s, b->latency_p50_s);
  add (c, NULL, "latency_p95_s", "latency p95", TRUE, a->latency_p95_s, b->latency_p95_s);
  add (c, NULL, "latency_p99_s", "latency p99", TRUE, a->latency_p99_s, b->latency_p99_s);
  add (c, NULL, "max_queue_length", "peak queue backlog", FALSE, max_queue (a), max_queue (b));
  for (guint i = 0; i < a->flows->len; i++)
    {
      const MfRdFlow *fa = &g_array_index (a->flows, MfRdFlow, i);
      add_flow (c, fa->name, fa, find_flow (b, fa->name));
    }
  for (guint i = 0; i < b->flows->len; i++)
    {
      const MfRdFlow *fb = &g_array_index (b->flows, MfRdFlow, i);
      if (find_flow (a, fb->name) == NULL)
        add_flow (c, fb->name, NULL, fb);
    }
}

/** mf_cmp_format_value: Returns: (transfer full): @v for people ("–" when it does not exist). */
char *
mf_cmp_format_value (const MfCmpFigure *f, double v)
{
  if (!isfinite (v))
    return g_strdup ("–");
  return f->seconds ? mf_report_format_seconds (v) : mf_report_format_count (v);
}

/** mf_cmp_format_delta: Returns: (transfer full): "+12 (+3.4%)", "0", or "–". */
char *
mf_cmp_format_delta (const MfCmpFigure *f)
{
  double d = f->b - f->a;
  g_autofree char *mag = NULL;

  if (!isfinite (d))
    return g_strdup ("–");
  if (d == 0)
    return g_strdup ("0");
  mag = mf_cmp_format_value (f, fabs (d));
  if (f->a != 0)
    {
      char pct[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (pct, sizeof pct, "%+.1f", 100.0 * d / fabs (f->a));
      return g_strdup_printf ("%s%s (%s%%)", d > 0 ? "+" : "-", mag, pct);
    }
  return g_strdup_printf ("%s%s", d > 0 ? "+" : "-", mag);
}
