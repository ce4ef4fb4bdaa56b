/* report-html.c — index.html (report-html.h).
 *
 * The page is reports/index.html with its {{KEY}}s filled by the functions
 * below, each of which returns escaped HTML.  Figures are <img> elements
 * with relative URLs of files report.c has just drawn; the file list links
 * only to files that exist when the page is made.  Numbers are formatted
 * for people (thousands separators, durations in words); the CSV files
 * linked at the end hold the exact values.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-html.h"
#include "report/report-figure.h"
#include "report/report-numbers.h"
#include "report/report-template.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------ escaping */

/**
 * mf_html_append_escaped:
 *
 * Appends @text with & < > " ' as character references and invalid UTF-8
 * replaced by U+FFFD, so it is safe in element content and in quoted
 * attribute values.  O(length).
 */
void
mf_html_append_escaped (GString *s, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (s, "&amp;"); break;
      case '<': g_string_append (s, "&lt;"); break;
      case '>': g_string_append (s, "&gt;"); break;
      case '"': g_string_append (s, "&quot;"); break;
      case '\'': g_string_append (s, "&#39;"); break;
      default: g_string_append_c (s, *p); break;
      }
}

/** mf_html_escape: Returns: (transfer full): @text escaped (see mf_html_append_escaped). */
char *
mf_html_escape (const char *text)
{
  GString *s = g_string_new (NULL);

  mf_html_append_escaped (s, text);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------ helpers */

static void
append_count (GString *s, double v)
{
  g_autofree char *t = mf_report_format_count (v);
  g_string_append (s, t);
}

static void
append_seconds (GString *s, double v)
{
  g_autofree char *t = mf_report_format_seconds (v);
  g_string_append (s, t);
}

static char *
percent (double part, double whole)
{
  if (whole <= 0)
    return g_strdup ("–");
  double p = 100.0 * part / whole;
  if (p > 99.9 && part < whole)
    return g_strdup ("99.9+%");
  return g_strdup_printf (p >= 10 || p == 0 ? "%.1f%%" : "%.2g%%", p);
}

/* A mean queue length: "2,160", "2.62", "0.000758". */
static char *
format_mean (double v)
{
  return v >= 100 ? mf_report_format_count (v) : g_strdup_printf ("%.3g", v);
}

/* <td class="n">…</td> with a count */
static void
td_count (GString *s, double v)
{
  g_string_append (s, "<td class=\"n\">");
  append_count (s, v);
  g_string_append (s, "</td>");
}

static void
td_text (GString *s, const char *text)
{
  g_string_append (s, "<td>");
  mf_html_append_escaped (s, text);
  g_string_append (s, "</td>");
}

static void
td_raw (GString *s, const char *cls, const char *html)
{
  g_string_append_printf (s, "<td%s%s%s>%s</td>", cls ? " class=\"" : "", cls ? cls : "",
                          cls ? "\"" : "", html);
}

static void
th_row (GString *s, const char *const *headers)
{
  g_string_append (s, "<tr>");
  for (int i = 0; headers[i] != NULL; i++)
    {
      gboolean numeric = headers[i][0] == '#';
      g_string_append_printf (s, "<th%s>%s</th>", numeric ? " class=\"n\"" : "",
                              numeric ? headers[i] + 1 : headers[i]);
    }
  g_string_append (s, "</tr>\n");
}

static const char *
group_name (const MfTopology *topo, int g)
{
  return g >= 0 && g < topo->n_routing_groups ? topo->routing_groups[g].name : "";
}

static void
card (GString *s, const char *value_html, const char *key)
{
  g_string_append_printf (s, "<div class=\"card\"><div class=\"v\">%s</div><div class=\"k\">%s</div></div>\n",
                          value_html, key);
}

/* ------------------------------------------------------------ summary */

static char *
headline (const MfReportData *d, guint n_warnings)
{
  GString *s = g_string_new (NULL);
  g_autofree char *start = mf_report_data_format_clock (d, 0);
  g_autofree char *length = mf_report_format_seconds (d->sim_time_s);
  g_autofree char *delivered = percent ((double) d->recipients.delivered, (double) d->recipients.generated);

  g_string_append_printf (s, "%s simulated from %s: ", length, start);
  append_count (s, (double) d->recipients.generated);
  g_string_append_printf (s, " recipients, %s delivered", delivered);
  if (d->recipients.ndr > 0)
    {
      g_string_append (s, ", ");
      append_count (s, (double) d->recipients.ndr);
      g_string_append (s, " returned with an NDR");
    }
  if (d->recipients.in_flight > 0)
    {
      g_string_append (s, ", ");
      append_count (s, (double) d->recipients.in_flight);
      g_string_append (s, " still in flight");
    }
  if (isfinite (d->latency_p50_s))
    {
      g_string_append (s, "; latency p50 ");
      append_seconds (s, d->latency_p50_s);
      g_string_append (s, ", p95 ");
      append_seconds (s, d->latency_p95_s);
    }
  g_string_append_printf (s, ". <a href=\"#warnings\">%u warning%s</a>.", n_warnings,
                          n_warnings == 1 ? "" : "s");
  if (!d->complete)
    g_string_append (s, " <strong class=\"down\">The run was interrupted.</strong>");
  return g_string_free (s, FALSE);
}

static void
counts_row (GString *s, const char *what, const MfCounts *c)
{
  g_string_append_printf (s, "<tr><th>%s</th>", what);
  td_count (s, (double) c->generated);
  td_count (s, (double) c->delivered);
  td_count (s, (double) c->ndr);
  td_count (s, (double) c->in_flight);
  g_string_append (s, "</tr>\n");
}

static void
fact (GString *s, const char *key, const char *value_html)
{
  g_string_append_printf (s, "<tr><th>%s</th><td>%s</td></tr>\n", key, value_html);
}

static char *
summary (const MfReportData *d)
{
  GString *s = g_string_new ("<div class=\"cards\">\n");
  g_autoptr (GString) v = g_string_new (NULL);
  g_autofree char *delivered = percent ((double) d->recipients.delivered, (double) d->recipients.generated);
  guint64 max_queue = 0;
  static const char *const count_headers[] = { "", "#generated", "#delivered", "#NDR", "#in flight", NULL };

  for (guint i = 0; i < d->queues->len; i++)
    max_queue = MAX (max_queue, g_array_index (d->queues, MfRdQueue, i).max_length);

#define CARD(expr, key)            \
  do                               \
    {                              \
      g_string_truncate (v, 0);    \
      expr;                        \
      card (s, v->str, key);       \
    }                              \
  while (0)
  CARD (append_count (v, (double) d->recipients.generated), "recipients generated");
  CARD (g_string_append (v, delivered), "delivered");
  CARD (append_count (v, (double) d->recipients.ndr), "returned with an NDR");
  CARD (append_count (v, (double) d->recipients.in_flight), "in flight at the end");
  CARD (append_seconds (v, d->latency_p50_s), "latency p50");
  CARD (append_seconds (v, d->latency_p95_s), "latency p95");
  CARD (append_seconds (v, d->latency_p99_s), "latency p99");
  CARD (append_count (v, (double) max_queue), "longest queue (messages)");
#undef CARD
  g_string_append (s, "</div>\n<table>\n");
  th_row (s, count_headers);
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
    append_seconds (v, d->latency_mean_s);
    g_string_append (v, ", max ");
    append_seconds (v, d->latency_max_s);
    fact (s, "latency", v->str);
    g_string_truncate (v, 0);
    append_count (v, (double) d->delay_dsns);
    fact (s, "delay notifications", v->str);
    g_string_truncate (v, 0);
    for (guint i = 0; i < d->ndr_reasons->len; i++)
      {
        const MfRdReason *r = &g_array_index (d->ndr_reasons, MfRdReason, i);
        if (i > 0)
          g_string_append (v, ", ");
        mf_html_append_escaped (v, r->name);
        g_string_append_c (v, ' ');
        append_count (v, (double) r->count);
      }
    fact (s, "NDRs by cause", v->str);
    g_free (text);
    text = g_strdup_printf ("%" G_GUINT64_FORMAT " changes, the slowest reached its last server after %s",
                            d->link_changes, conv);
    fact (s, "link state", text);
    g_string_truncate (v, 0);
    append_count (v, (double) d->events);
    if (isfinite (d->wall_s))
      g_string_append_printf (v, " events in %.3g s of wall-clock time", d->wall_s);
    fact (s, "simulation", v->str);
  }
  g_string_append (s, "</table>\n");

  if (d->has_replications)
    {
      static const char *const rep_headers[] = { "figure", "#mean", "#± 95% half-width", NULL };
      g_string_append_printf (s, "<h3>Replications</h3>\n<p>%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                              " replications ran to the end; the figures above are those of "
                              "replication %" G_GUINT64_FORMAT ". Means over the replications, "
                              "with 95%% Student-t intervals:</p>\n<table>\n",
                              d->rep_count, d->rep_requested, d->replication);
      th_row (s, rep_headers);
      for (guint i = 0; i < d->rep_figures->len; i++)
        {
          const MfRdRepFigure *f = &g_array_index (d->rep_figures, MfRdRepFigure, i);
          g_string_append (s, "<tr>");
          td_text (s, f->name);
          g_string_append_printf (s, "<td class=\"n\">%.6g</td><td class=\"n\">%.3g</td></tr>\n", f->mean,
                                  f->half_width);
        }
      g_string_append (s, "</table>\n");
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------ warnings */

static const char *
ndr_cause (const char *reason)
{
  static const struct { const char *name, *why; } causes[] = {
    { "expired", "not delivered before the message expired (<code>expiration</code>): a route "
                 "was DOWN or a queue too slow for too long" },
    { "hop_count", "passed more servers than <code>max-hop-count</code> allows: a routing loop or "
                   "a path too long" },
    { "too_large", "larger than a server or connector on the way accepts "
                   "(<code>max-message-size</code>)" },
    { "no_route", "no connector serves the destination at all" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (causes); i++)
    if (strcmp (causes[i].name, reason) == 0)
      return causes[i].why;
  return NULL;
}

static void
warning (GPtrArray *list, const char *cls, char *html)
{
  g_ptr_array_add (list, g_strdup_printf ("<li class=\"%s\">%s</li>", cls, html));
  g_free (html);
}

static gint
by_max_length (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GArray *queues = user_data;
  int ia = *(const int *) a, ib = *(const int *) b;
  guint64 ma = g_array_index (queues, MfRdQueue, ia).max_length;
  guint64 mb = g_array_index (queues, MfRdQueue, ib).max_length;

  if (ma != mb)
    return ma > mb ? -1 : 1;
  return (ia > ib) - (ia < ib);
}

/* What a long queue of this kind means, as a sentence ("" when nothing is
 * known): the queue names are the ones Exchange System Manager shows. */
static char *
queue_hint (const MfReportData *d, const MfRdQueue *q, const GArray *downs)
{
  int c = mf_topo_find_connector (d->topo, q->queue);
  double down_s = 0;

  if (strcmp (q->queue, "Local delivery") == 0)
    return g_strdup (" The mailbox store could not deliver as fast as mail arrived "
                     "(<code>store-workers</code>, <code>store-delivery</code>).");
  if (strcmp (q->queue, "Messages awaiting directory lookup") == 0)
    return g_strdup (" The categorizer could not keep up (<code>categorizer-workers</code>, "
                     "<code>categorizer</code>).");
  if (strcmp (q->queue, "Messages with an unreachable destination") == 0)
    return g_strdup (" No route led to these messages' destination for a while.");
  if (strcmp (q->queue, "Messages waiting to be routed") == 0)
    return g_strdup ("");
  if (c < 0)
    return g_strdup (" The next hop could not take mail as fast as it came.");
  for (guint i = 0; i < downs->len; i++)
    if (g_array_index (downs, MfRdDown, i).connector == c)
      down_s += g_array_index (downs, MfRdDown, i).end_s - g_array_index (downs, MfRdDown, i).start_s;
  if (down_s > 0)
    {
      g_autofree char *t = mf_report_format_seconds (down_s);
      return g_strdup_printf (" The connector was DOWN for %s in all.", t);
    }
  if (!mf_schedule_is_always (&d->topo->connectors[c].schedule))
    return g_strdup (" The connector has a schedule: mail for it waits while it is closed.");
  return g_strdup (" The connector could not carry the load as it came (<code>bandwidth</code>, "
                   "<code>max-connections</code>, or another route).");
}

/* The queues that peaked highest, with when: where mail waited. */
static void
peak_warnings (const MfReportData *d, const GArray *growing, GPtrArray *list, gboolean *named)
{
  g_autofree int *order = g_new (int, d->queues->len + 1);
  g_autoptr (GArray) downs = mf_report_data_down_intervals (d);
  int shown = 0;

  for (guint i = 0; i < d->queues->len; i++)
    order[i] = (int) i;
  g_qsort_with_data (order, (gint) d->queues->len, sizeof (int), by_max_length, d->queues);
  for (guint i = 0; i < d->queues->len && shown < MF_HTML_MAX_PEAKS; i++)
    {
      const MfRdQueue *q = &g_array_index (d->queues, MfRdQueue, order[i]);
      gboolean grows = FALSE;
      if (q->max_length < MF_HTML_PEAK_MIN_LENGTH)
        break;
      for (guint k = 0; k < growing->len; k++)
        grows = grows || g_array_index (growing, MfRdGrowing, k).queue == order[i];
      if (grows)
        continue;
      g_autofree double *series = mf_report_data_queue_series (d, order[i]);
      guint at = 0;
      for (guint t = 1; t < d->times->len; t++)
        if (series[t] > series[at])
          at = t;
      g_autofree char *server = mf_html_escape (q->server), *queue = mf_html_escape (q->queue);
      g_autofree char *max = mf_report_format_count ((double) q->max_length);
      g_autofree char *when = NULL;
      g_autofree char *mean = format_mean (q->mean_length);
      g_autofree char *hint = queue_hint (d, q, downs);
      if (d->times->len > 0 && series[at] > 0)
        {
          g_autofree char *clock = mf_report_data_format_clock (d, g_array_index (d->times, double, at));
          when = g_strdup_printf ("highest sample at %s; ", clock);
        }
      warning (list, "warn",
               g_strdup_printf ("Queue “%s” on %s peaked at <strong>%s messages</strong> (%s"
                                "time-weighted mean %s).%s", queue, server, max, when ? when : "", mean,
                                hint));
      named[order[i]] = TRUE;
      shown++;
    }
}

static GPtrArray *
warnings (const MfReportData *d, const GArray *growing)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (GArray) downs = mf_report_data_down_intervals (d);
  g_autofree gboolean *named = NULL;
  guint shown = 0;

  if (!d->complete)
    warning (list, "bad", g_strdup ("<strong>The run was interrupted</strong> (Ctrl-C): the "
                                    "figures cover only the part of the duration that was "
                                    "simulated, and mail still queued then counts as in flight."));
  for (guint i = 0; i < growing->len && shown < MF_HTML_MAX_WARNINGS; i++, shown++)
    {
      const MfRdGrowing *g = &g_array_index (growing, MfRdGrowing, i);
      const MfRdQueue *q = &g_array_index (d->queues, MfRdQueue, g->queue);
      g_autofree char *server = mf_html_escape (q->server), *queue = mf_html_escape (q->queue);
      g_autofree char *final = mf_report_format_count (g->final_length);
      g_autofree char *rise = format_mean (g->rise_per_hour);
      g_autofree char *hint = queue_hint (d, q, downs);
      warning (list, "bad",
               g_strdup_printf ("<strong>Queue “%s” on %s is still growing at the end of the "
                                "run</strong> (%s recipients, +%s an hour over the last quarter "
                                "of the run): the load is more than the topology can carry "
                                "there.%s", queue, server, final, rise, hint));
    }
  if (growing->len > shown)
    warning (list, "bad", g_strdup_printf ("… and %u more growing queues (see the queue table).",
                                           growing->len - shown));
  named = g_new0 (gboolean, d->queues->len + 1);
  for (guint i = 0; i < growing->len; i++)
    named[g_array_index (growing, MfRdGrowing, i).queue] = TRUE;
  peak_warnings (d, growing, list, named);
  if (d->recipients.ndr > 0)
    {
      g_string_truncate (s, 0);
      g_string_append (s, "<strong>");
      append_count (s, (double) d->recipients.ndr);
      g_string_append (s, " recipients were returned to their senders with an NDR:</strong><ul>");
      for (guint i = 0; i < d->ndr_reasons->len; i++)
        {
          const MfRdReason *r = &g_array_index (d->ndr_reasons, MfRdReason, i);
          const char *why = ndr_cause (r->name);
          if (r->count == 0)
            continue;
          g_string_append (s, "<li>");
          append_count (s, (double) r->count);
          g_string_append (s, " <code>");
          mf_html_append_escaped (s, r->name);
          g_string_append_printf (s, "</code>%s%s</li>", why ? ": " : "", why ? why : "");
        }
      g_string_append (s, "</ul>");
      warning (list, "bad", g_strdup (s->str));
    }
  for (int c = 0; c < d->topo->n_connectors; c++)
    if (!g_array_index (d->connectors, MfRdConnector, c).up_at_end)
      {
        g_autofree char *name = mf_html_escape (d->topo->connectors[c].name);
        warning (list, "warn", g_strdup_printf ("Connector <strong>%s</strong> was still DOWN at "
                                                "the end of the run.", name));
      }
  for (guint i = 0; i < d->queues->len; i++)
    {
      const MfRdQueue *q = &g_array_index (d->queues, MfRdQueue, i);
      if (!named[i] && q->max_length > 0 && strcmp (q->queue, "Messages with an unreachable destination") == 0)
        {
          g_autofree char *server = mf_html_escape (q->server);
          g_autofree char *max = mf_report_format_count ((double) q->max_length);
          warning (list, "warn",
                   g_strdup_printf ("“Messages with an unreachable destination” on %s held up to "
                                    "%s recipients: for a while no route led to their "
                                    "destination.", server, max));
        }
    }
  if (d->recipients.in_flight > 0)
    {
      g_autofree char *n = mf_report_format_count ((double) d->recipients.in_flight);
      warning (list, "info", g_strdup_printf ("%s recipients were still in flight at the end (in a "
                                              "queue or in transfer): see <a href=\"#qshape\">what "
                                              "is still queued</a>.", n));
    }
  if (d->delay_dsns > 0)
    {
      g_autofree char *n = mf_report_format_count ((double) d->delay_dsns);
      warning (list, "warn", g_strdup_printf ("%s delay notifications were sent: mail waited longer "
                                              "than <code>delay-notification</code>.", n));
    }
  return list;
}

static char *
warnings_html (const GPtrArray *list)
{
  GString *s;

  if (list->len == 0)
    return g_strdup ("<p class=\"ok\">No warnings: no queue grew long, no NDR, no connector "
                     "left DOWN.</p>");
  s = g_string_new ("<ul class=\"warnings\">\n");
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (s, "%s\n", (const char *) g_ptr_array_index (list, i));
  g_string_append (s, "</ul>");
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------ figures */

static char *
figure_html (const MfReportFigure *f, MfReportFormat format)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "<figure id=\"fig-%s\"><img src=\"%s.%s\" width=\"%d\" height=\"%d\" alt=\"",
                          f->name, f->name, mf_report_format_extension (format), f->width, f->height);
  mf_html_append_escaped (s, f->title);
  g_string_append (s, "\"><figcaption>");
  g_string_append (s, f->caption);
  g_string_append (s, "</figcaption></figure>");
  return g_string_free (s, FALSE);
}

/* "latency-cdf" → "FIGURE_LATENCY_CDF" */
static char *
figure_key (const char *name)
{
  char *key = g_strconcat ("FIGURE_", name, NULL);

  for (char *p = key; *p; p++)
    *p = *p == '-' ? '_' : g_ascii_toupper (*p);
  return key;
}

/* ------------------------------------------------------------ tables */

static char *
queue_table (const MfReportData *d, const GArray *growing)
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
  th_row (s, headers);
  for (int i = 0; i < n && i < MF_HTML_MAX_ROWS; i++)
    {
      const MfRdQueue *q = &g_array_index (d->queues, MfRdQueue, busy[i]);
      g_string_append (s, "<tr>");
      td_text (s, q->server);
      td_text (s, q->queue);
      td_count (s, (double) q->max_length);
      g_autofree char *mean = format_mean (q->mean_length);
      td_raw (s, "n", mean);
      td_count (s, (double) q->final_length);
      td_raw (s, grows[busy[i]] ? "down" : NULL, grows[busy[i]] ? "still growing" : "");
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "</table></div>\n<p class=\"note\">");
  append_count (s, n);
  g_string_append (s, " of ");
  append_count (s, d->queues->len);
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
    g_string_append_printf (s, "%g+", b->low);
  else
    g_string_append_printf (s, "%g–%g", b->low, b->high);
}

/* The qshape table from qshape.csv: buckets as columns (by their lower
 * bound), one row per (server, queue) by total, a TOTAL row first. */
static char *
qshape_table (const MfReportData *d)
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
  td_count (s, (double) grand_messages);
  td_count (s, (double) grand);
  for (guint b = 0; b < buckets->len; b++)
    td_count (s, (double) totals[b]);
  g_string_append (s, "</tr>\n");
  for (guint i = 0; i < rows->len && i < MF_HTML_MAX_QSHAPE_ROWS; i++)
    {
      const QshapeRow *row = g_ptr_array_index (rows, i);
      g_string_append (s, "<tr>");
      td_text (s, row->server);
      td_text (s, row->queue);
      td_count (s, (double) row->messages);
      td_count (s, (double) row->total);
      for (guint b = 0; b < buckets->len; b++)
        td_count (s, (double) row->counts[b]);
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
static char *
final_queue_table (const MfReportData *d)
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
          th_row (s, headers);
        }
      if (shown++ >= MF_HTML_MAX_QSHAPE_ROWS)
        continue;
      g_string_append (s, "<tr>");
      td_text (s, q->server);
      td_text (s, q->queue);
      td_count (s, (double) q->final_length);
      g_string_append (s, "</tr>\n");
    }
  if (shown == 0)
    g_string_append (s, "<p>No queue held a recipient at the end of the run.</p>");
  else
    g_string_append (s, "</table>");
  return g_string_free (s, FALSE);
}

static void
append_endpoint (GString *s, const MfTopology *topo, MfEndpointKind kind, int id, const char *domain)
{
  switch (kind)
    {
    case MF_ENDPOINT_SERVER:
      g_string_append (s, "server ");
      mf_html_append_escaped (s, topo->servers[id].name);
      break;
    case MF_ENDPOINT_ROUTING_GROUP:
      g_string_append (s, "routing group ");
      mf_html_append_escaped (s, topo->routing_groups[id].name);
      break;
    case MF_ENDPOINT_EXTERNAL:
      g_string_append (s, "external");
      break;
    case MF_ENDPOINT_DOMAIN:
    default:
      g_string_append (s, "domain ");
      mf_html_append_escaped (s, domain != NULL ? domain : "");
      break;
    }
}

static char *
flow_table (const MfReportData *d, gboolean drawn)
{
  static const char *const headers[] = { "flow", "from", "to", "#messages", "#mean latency", NULL };
  GString *s;

  if (d->flows->len == 0)
    return g_strdup ("<p>The topology defines no [flow]: all mail comes from [traffic].</p>");
  s = g_string_new (drawn ? "" : "<p>No flow had a recipient delivered after the warm-up.</p>\n");
  g_string_append (s, "<div class=\"scroll\"><table>\n");
  th_row (s, headers);
  for (guint i = 0; i < d->flows->len && i < MF_HTML_MAX_ROWS; i++)
    {
      const MfRdFlow *f = &g_array_index (d->flows, MfRdFlow, i);
      const MfFlow *tf = &d->topo->flows[i];
      g_string_append (s, "<tr>");
      td_text (s, f->name);
      g_string_append (s, "<td>");
      append_endpoint (s, d->topo, tf->from_kind, tf->from, NULL);
      if (tf->from_kind == MF_ENDPOINT_EXTERNAL && tf->via >= 0)
        {
          g_string_append (s, " via ");
          mf_html_append_escaped (s, d->topo->servers[tf->via].name);
        }
      g_string_append (s, "</td><td>");
      append_endpoint (s, d->topo, tf->to_kind, tf->to, tf->to_domain);
      g_string_append (s, "</td>");
      td_count (s, (double) f->generated);
      g_string_append (s, "<td class=\"n\">");
      append_seconds (s, f->latency_mean_s);
      g_string_append (s, "</td></tr>\n");
    }
  g_string_append (s, "</table></div>");
  return g_string_free (s, FALSE);
}

static char *
connector_table (const MfReportData *d)
{
  static const char *const headers[] = {
    "connector", "type", "from", "to", "#cost", "#messages", "#data", "#utilisation",
    "#state changes", "#DOWN for", "at the end", NULL,
  };
  const MfTopology *topo = d->topo;
  g_autoptr (GArray) downs = mf_report_data_down_intervals (d);
  g_autofree double *down_s = g_new0 (double, (gsize) topo->n_connectors + 1);
  GString *s;

  if (topo->n_connectors == 0)
    return g_strdup ("<p>The topology has no connector: one routing group.</p>");
  for (guint i = 0; i < downs->len; i++)
    {
      const MfRdDown *dn = &g_array_index (downs, MfRdDown, i);
      down_s[dn->connector] += dn->end_s - dn->start_s;
    }
  s = g_string_new ("<div class=\"scroll\"><table>\n");
  th_row (s, headers);
  for (int c = 0; c < topo->n_connectors && c < MF_HTML_MAX_ROWS; c++)
    {
      const MfConnector *tc = &topo->connectors[c];
      const MfRdConnector *rc = &g_array_index (d->connectors, MfRdConnector, c);
      g_autofree char *util = g_strdup_printf (rc->utilization * 100 >= 10 ? "%.1f%%" : "%.2g%%",
                                               rc->utilization * 100);
      g_autofree char *size = g_format_size (rc->bytes);
      g_string_append (s, "<tr>");
      td_text (s, tc->name);
      td_text (s, mf_connector_type_name (tc->type));
      td_text (s, group_name (topo, tc->from));
      if (tc->to >= 0)
        td_text (s, group_name (topo, tc->to));
      else
        {
          g_string_append (s, "<td>");
          for (int a = 0; a < tc->n_address_spaces; a++)
            {
              g_string_append (s, a > 0 ? ", SMTP:" : "SMTP:");
              mf_html_append_escaped (s, tc->address_spaces[a].pattern);
            }
          g_string_append (s, "</td>");
        }
      g_string_append_printf (s, "<td class=\"n\">%d</td>", tc->cost);
      td_count (s, (double) rc->messages);
      td_raw (s, "n", size);
      td_raw (s, "n", util);
      td_count (s, (double) rc->state_changes);
      g_string_append (s, "<td class=\"n\">");
      if (down_s[c] > 0)
        append_seconds (s, down_s[c]);
      g_string_append (s, "</td>");
      td_raw (s, rc->up_at_end ? NULL : "down", rc->up_at_end ? "UP" : "DOWN");
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "</table></div>");
  if (topo->n_connectors > MF_HTML_MAX_ROWS)
    g_string_append_printf (s, "<p class=\"note\">The first %d of %d connectors; all are in "
                               "<a href=\"summary.json\">summary.json</a>.</p>",
                            MF_HTML_MAX_ROWS, topo->n_connectors);
  return g_string_free (s, FALSE);
}

static char *
link_state_table (const MfReportData *d)
{
  static const char *const headers[] = {
    "#", "time", "connector", "change", "by", "#servers that learned it", "#routing groups",
    "#last group after", "slowest group", NULL,
  };
  const MfTopology *topo = d->topo;
  int ng = topo->n_routing_groups, ncols;
  GString *s;

  if (d->changes->len == 0)
    return g_strdup ("<p>No connector changed state or cost during the run: every routing "
                     "group's link-state table stayed as it started.</p>");
  s = g_string_new ("<div class=\"scroll\"><table>\n");
  th_row (s, headers);
  for (guint i = 0; i < d->changes->len && i < MF_HTML_MAX_ROWS; i++)
    {
      const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, i);
      g_autofree double *learned = mf_report_data_group_learned (d, i);
      g_autofree char *when = mf_report_data_format_clock (d, ch->time_s);
      g_autofree char *what = ch->major ? g_strdup_printf ("cost %d", ch->cost)
                                        : g_strdup (ch->up ? "UP" : "DOWN");
      int n_groups = 0, slowest = -1;
      double last = 0;

      for (int g = 0; g < ng; g++)
        if (!isnan (learned[g]))
          {
            n_groups++;
            if (slowest < 0 || learned[g] - ch->time_s > last)
              {
                last = learned[g] - ch->time_s;
                slowest = g;
              }
          }
      g_string_append_printf (s, "<tr><td>%d</td>", ch->change);
      td_text (s, when);
      td_text (s, topo->connectors[ch->connector].name);
      td_raw (s, !ch->major && !ch->up ? "down" : NULL, what);
      g_string_append (s, "<td>");
      if (ch->origin_server >= 0)
        {
          mf_html_append_escaped (s, topo->servers[ch->origin_server].name);
          g_string_append (s, " in ");
        }
      mf_html_append_escaped (s, group_name (topo, ch->routing_group));
      g_string_append (s, "</td>");
      td_count (s, ch->n_learned);
      g_string_append_printf (s, "<td class=\"n\">%d of %d</td><td class=\"n\">", n_groups, ng);
      if (slowest >= 0)
        append_seconds (s, last);
      g_string_append (s, "</td>");
      td_text (s, slowest >= 0 ? group_name (topo, slowest) : "");
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "</table></div>\n");

  /* When each routing group learned each change, as a matrix. */
  ncols = MIN ((int) d->changes->len, MF_HTML_MAX_MATRIX_CHANGES);
  g_string_append_printf (s, "<details><summary>When each routing group learned %s</summary>\n"
                             "<div class=\"scroll\"><table>\n<tr><th>routing group</th>",
                          (int) d->changes->len > ncols ? "the first changes" : "each change");
  {
    g_autoptr (GPtrArray) cols = g_ptr_array_new_with_free_func (g_free);
    for (int i = 0; i < ncols; i++)
      {
        const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, i);
        g_ptr_array_add (cols, mf_report_data_group_learned (d, (guint) i));
        g_string_append_printf (s, "<th class=\"n\">#%d ", ch->change);
        mf_html_append_escaped (s, topo->connectors[ch->connector].name);
        g_string_append_printf (s, " %s</th>", ch->major ? "cost" : ch->up ? "UP" : "DOWN");
      }
    g_string_append (s, "</tr>\n");
    for (int g = 0; g < ng && g < MF_HTML_MAX_ROWS; g++)
      {
        g_string_append (s, "<tr>");
        td_text (s, topo->routing_groups[g].name);
        for (int i = 0; i < ncols; i++)
          {
            const double *learned = g_ptr_array_index (cols, i);
            double t0 = g_array_index (d->changes, MfRdChange, i).time_s;
            g_string_append (s, "<td class=\"n\">");
            if (isnan (learned[g]))
              g_string_append (s, "never");
            else
              g_string_append_printf (s, "+%.3g s", learned[g] - t0);
            g_string_append (s, "</td>");
          }
        g_string_append (s, "</tr>\n");
      }
  }
  g_string_append (s, "</table></div></details>\n<p class=\"note\">A routing group learns a change when "
                      "its master's link-state table takes it in (its first server's, if the master "
                      "never does); times are after the change was made. Every row is in "
                      "<a href=\"link-state.csv\">link-state.csv</a>.</p>");
  return g_string_free (s, FALSE);
}

static void
file_link (GString *s, const char *dir, const char *name, const char *what)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;
  g_string_append (s, "<li><a href=\"");
  mf_html_append_escaped (s, name);
  g_string_append (s, "\">");
  mf_html_append_escaped (s, name);
  g_string_append_printf (s, "</a> — %s</li>\n", what);
}

static char *
files_html (const MfReportData *d, const GPtrArray *figures)
{
  static const struct { const char *name, *what; } files[] = {
    { "summary.json", "the run's figures" },
    { "counts.csv", "recipients generated, delivered, NDR and in flight at each sample" },
    { "queues.csv", "queue lengths at each sample (zeros left out)" },
    { "queue-stats.csv", "maximum, mean and final length of every queue" },
    { "connectors.csv", "messages, bytes and utilisation of every connector per interval" },
    { "link-state.csv", "link-state changes and when each server learned them" },
    { "latency-histogram.csv", "the latency histogram" },
    { "qshape.csv", "queued recipients at the end by age" },
  };
  GString *s = g_string_new ("<ul>\n");

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    file_link (s, d->dir, files[i].name, files[i].what);
  for (guint i = 0; i < figures->len; i++)
    {
      const MfReportFigure *f = g_ptr_array_index (figures, i);
      g_autofree char *gp = g_strdup_printf ("%s/%s.gp", MF_PLOT_SUBDIR, f->name);
      g_autofree char *dat = g_strdup_printf ("%s/%s.dat", MF_PLOT_SUBDIR, f->name);
      g_autofree char *title = mf_html_escape (f->title);
      g_autofree char *what = g_strdup_printf ("gnuplot script of “%s”", title);
      g_autofree char *dwhat = g_strdup_printf ("its data");
      file_link (s, d->dir, gp, what);
      file_link (s, d->dir, dat, dwhat);
    }
  g_string_append (s, "</ul>");
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------ page */

/**
 * mf_report_html_page:
 * @figures: (element-type MfReportFigure): the figures drawn, whose images exist
 *
 * Returns: (transfer full): index.html; NULL with MF_REPORT_ERROR_TEMPLATE
 *   (a bug).  O(queues log queues + connectors + changes × groups).
 */
char *
mf_report_html_page (const MfReportData *d, MfReportFormat format, const GPtrArray *figures,
                     GError **error)
{
  static const char *const figure_names[] = {
    "map", "queues", "latency", "latency-cdf", "flows", "throughput", "utilisation", "link-state",
    "counts",
  };
  g_autoptr (GHashTable) vars = mf_template_vars_new ();
  g_autoptr (GArray) growing = mf_report_data_growing (d);
  g_autoptr (GPtrArray) list = warnings (d, growing);
  const char *css = mf_template_get ("report.css", NULL);
  gboolean flows_drawn = FALSE;

  g_return_val_if_fail (d != NULL && figures != NULL, NULL);

  mf_template_set (vars, "CSS", css != NULL ? css : "");
  mf_template_take (vars, "ORGANIZATION", mf_html_escape (d->organization));
  mf_template_take (vars, "TOPOLOGY", mf_html_escape (d->topology_path));
  mf_template_set_printf (vars, "SEED", "%" G_GUINT64_FORMAT, d->seed);
  mf_template_take (vars, "HEADLINE", headline (d, list->len));
  mf_template_take (vars, "SUMMARY", summary (d));
  mf_template_take (vars, "WARNINGS", warnings_html (list));
  for (gsize i = 0; i < G_N_ELEMENTS (figure_names); i++)
    {
      g_autofree char *key = figure_key (figure_names[i]);
      mf_template_set (vars, key, strcmp (figure_names[i], "flows") == 0 ? "" : "<p>Not drawn.</p>");
    }
  for (guint i = 0; i < figures->len; i++)
    {
      const MfReportFigure *f = g_ptr_array_index (figures, i);
      g_autofree char *key = figure_key (f->name);
      flows_drawn = flows_drawn || strcmp (f->name, "flows") == 0;
      mf_template_take (vars, key, figure_html (f, format));
    }
  mf_template_take (vars, "QSHAPE", d->qshape != NULL ? qshape_table (d) : final_queue_table (d));
  mf_template_take (vars, "QUEUE_TABLE", queue_table (d, growing));
  mf_template_take (vars, "FLOW_TABLE", flow_table (d, flows_drawn));
  mf_template_take (vars, "CONNECTOR_TABLE", connector_table (d));
  mf_template_take (vars, "LINK_STATE_TABLE", link_state_table (d));
  mf_template_take (vars, "FILES", files_html (d, figures));
  return mf_template_expand ("index.html", vars, error);
}
