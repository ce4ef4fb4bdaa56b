/* report-html-summary.c — the page's headline and summary (report-html-private.h).
 *
 * The headline is one sentence: how long, how many recipients, how many
 * delivered, returned or still in flight, the latency and the number of
 * warnings.  The summary gives the cards (recipients, latency percentiles,
 * the longest queue), the facts of the run (organization, topology, seed,
 * NDRs by cause, link state...) and, with replications, their means and
 * 95 % half-widths.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "base/number-format.h"
#include "report/report-html-private.h"
#include "report/report-numbers.h"

#include <math.h>

char *
mf_html_headline (const MfReportData *d, guint n_warnings)
{
  GString *s = g_string_new (NULL);
  g_autofree char *start = mf_report_data_format_clock (d, 0);
  g_autofree char *length = mf_report_format_seconds (d->sim_time_s);
  g_autofree char *delivered = mf_html_percent ((double) d->recipients.delivered, (double) d->recipients.generated);

  g_string_append_printf (s, "%s simulated from %s: ", length, start);
  mf_html_append_count (s, (double) d->recipients.generated);
  g_string_append_printf (s, " recipients, %s delivered", delivered);
  if (d->recipients.ndr > 0)
    {
      g_string_append (s, ", ");
      mf_html_append_count (s, (double) d->recipients.ndr);
      g_string_append (s, " returned with an NDR");
    }
  if (d->recipients.in_flight > 0)
    {
      g_string_append (s, ", ");
      mf_html_append_count (s, (double) d->recipients.in_flight);
      g_string_append (s, " still in flight");
    }
  if (isfinite (d->latency_p50_s))
    {
      g_string_append (s, "; latency p50 ");
      mf_html_append_seconds (s, d->latency_p50_s);
      g_string_append (s, ", p95 ");
      mf_html_append_seconds (s, d->latency_p95_s);
    }
  g_string_append_printf (s, ". <a href=\"#warnings\">%u warning%s</a>.", n_warnings,
                          n_warnings == 1 ? "" : "s");
  if (!d->complete)
    g_string_append (s, " <strong class=\"down\">The run was interrupted.</strong>");
  {
    g_autofree char *events = mf_html_events_headline (d);
    g_string_append (s, events);
  }
  return g_string_free (s, FALSE);
}

static void
counts_row (GString *s, const char *what, const MfCounts *c)
{
  g_string_append_printf (s, "<tr><th>%s</th>", what);
  mf_html_td_count (s, (double) c->generated);
  mf_html_td_count (s, (double) c->delivered);
  mf_html_td_count (s, (double) c->ndr);
  mf_html_td_count (s, (double) c->in_flight);
  g_string_append (s, "</tr>\n");
}

static void
fact (GString *s, const char *key, const char *value_html)
{
  g_string_append_printf (s, "<tr><th>%s</th><td>%s</td></tr>\n", key, value_html);
}

char *
mf_html_summary (const MfReportData *d)
{
  GString *s = g_string_new ("<div class=\"cards\">\n");
  g_autoptr (GString) v = g_string_new (NULL);
  g_autofree char *delivered = mf_html_percent ((double) d->recipients.delivered, (double) d->recipients.generated);
  guint64 max_queue = 0;
  static const char *const count_headers[] = { "", "#generated", "#delivered", "#NDR", "#in flight", NULL };

  for (guint i = 0; i < d->queues->len; i++)
    max_queue = MAX (max_queue, g_array_index (d->queues, MfRdQueue, i).max_length);

#define CARD(expr, key)            \
  do                               \
    {                              \
      g_string_truncate (v, 0);    \
      expr;                        \
      mf_html_card (s, v->str, key);       \
    }                              \
  while (0)
  CARD (mf_html_append_count (v, (double) d->recipients.generated), "recipients generated");
  CARD (g_string_append (v, delivered), "delivered");
  CARD (mf_html_append_count (v, (double) d->recipients.ndr), "returned with an NDR");
  CARD (mf_html_append_count (v, (double) d->recipients.in_flight), "in flight at the end");
  CARD (mf_html_append_seconds (v, d->latency_p50_s), "latency p50");
  CARD (mf_html_append_seconds (v, d->latency_p95_s), "latency p95");
  CARD (mf_html_append_seconds (v, d->latency_p99_s), "latency p99");
  CARD (mf_html_append_count (v, (double) max_queue), "longest queue (messages)");
#undef CARD
  g_string_append (s, "</div>\n<table>\n");
  mf_html_th_row (s, count_headers);
  counts_row (s, "messages", &d->messages);
  counts_row (s, "recipients", &d->recipients);
  counts_row (s, "delay DSNs and NDRs sent", &d->dsn_messages);
  g_string_append (s, "</table>\n<table>\n");

  {
    g_autofree char *org = mf_html_escape (d->organization);
    g_autofree char *topo = mf_html_escape (d->topology_path);
    g_autofree char *start = mf_report_data_format_clock (d, 0);
    g_autofree char *end = mf_report_data_format_clock (d, d->sim_time_s);
    g_autofree char *length = mf_report_format_seconds (d->sim_time_s);
    g_autofree char *warmup = mf_report_format_seconds (d->warmup_s);
    g_autofree char *conv = mf_report_format_seconds (d->convergence_s);
    g_autofree char *text = NULL;

    fact (s, "organization", org);
    fact (s, "topology", topo);
    text = g_strdup_printf ("%s, from %s to %s (warm-up %s)%s", length, start, end, warmup,
                            d->complete ? "" : " — <span class=\"down\">interrupted</span>");
    fact (s, "simulated", text);
    g_free (text);
    text = g_strdup_printf ("%" G_GUINT64_FORMAT " (replication %" G_GUINT64_FORMAT ")", d->seed,
                            d->replication);
    fact (s, "seed", text);
    g_string_truncate (v, 0);
    g_string_append (v, "mean ");
    mf_html_append_seconds (v, d->latency_mean_s);
    g_string_append (v, ", max ");
    mf_html_append_seconds (v, d->latency_max_s);
    fact (s, "latency", v->str);
    g_string_truncate (v, 0);
    mf_html_append_count (v, (double) d->delay_dsns);
    fact (s, "delay notifications", v->str);
    g_string_truncate (v, 0);
    for (guint i = 0; i < d->ndr_reasons->len; i++)
      {
        const MfRdReason *r = &g_array_index (d->ndr_reasons, MfRdReason, i);
        if (i > 0)
          g_string_append (v, ", ");
        mf_html_append_escaped (v, r->name);
        g_string_append_c (v, ' ');
        mf_html_append_count (v, (double) r->count);
      }
    fact (s, "NDRs by cause", v->str);
    g_free (text);
    text = g_strdup_printf ("%" G_GUINT64_FORMAT " changes, the slowest reached its last server after %s",
                            d->link_changes, conv);
    fact (s, "link state", text);
    g_string_truncate (v, 0);
    mf_html_append_count (v, (double) d->events);
    if (isfinite (d->wall_s))
      g_string_append_printf (v, " events in %s s of wall-clock time", MF_NUMBER_SIG (d->wall_s, 3));
    fact (s, "simulation", v->str);
  }
  g_string_append (s, "</table>\n");

  if (d->recipients.ndr > 0 && d->ndr_codes->len > 0)
    {
      static const char *const code_headers[] = { "status code", "#recipients", "meaning", NULL };
      g_string_append (s, "<h3>NDRs by status code</h3>\n<p>The RFC 3463 code each NDR carries, "
                          "as in the tracking logs' Recipient-Report-Status:</p>\n<table>\n");
      mf_html_th_row (s, code_headers);
      for (guint i = 0; i < d->ndr_codes->len; i++)
        {
          const MfRdReason *r = &g_array_index (d->ndr_codes, MfRdReason, i);
          const char *meaning = mf_ndr_code_meaning (r->name);
          g_string_append (s, "<tr>");
          mf_html_td_text (s, r->name);
          mf_html_td_count (s, (double) r->count);
          mf_html_td_text (s, meaning != NULL ? meaning : "—");
          g_string_append (s, "</tr>\n");
        }
      g_string_append (s, "</table>\n");
    }

  if (d->has_replications)
    {
      static const char *const rep_headers[] = { "figure", "#mean", "#± 95% half-width", NULL };
      g_string_append_printf (s, "<h3>Replications</h3>\n<p>%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                              " replications ran to the end; the figures above are those of "
                              "replication %" G_GUINT64_FORMAT ". Means over the replications, "
                              "with 95%% Student-t intervals:</p>\n<table>\n",
                              d->rep_count, d->rep_requested, d->replication);
      mf_html_th_row (s, rep_headers);
      for (guint i = 0; i < d->rep_figures->len; i++)
        {
          const MfRdRepFigure *f = &g_array_index (d->rep_figures, MfRdRepFigure, i);
          g_string_append (s, "<tr>");
          mf_html_td_text (s, f->name);
          g_string_append_printf (s, "<td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
                                  MF_NUMBER_SIG (f->mean, 6), MF_NUMBER_SIG (f->half_width, 3));
        }
      g_string_append (s, "</table>\n");
    }
  return g_string_free (s, FALSE);
}
