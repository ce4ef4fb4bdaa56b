/* report-html-warnings.c — what an administrator should look at first
 * (report-html-private.h).
 *
 * Warnings come in a fixed order: an interrupted run, queues still
 * growing at the end (at most MF_HTML_MAX_WARNINGS named, with a hint such
 * as a connector that was DOWN, or the configured event that explains
 * it), queues that peaked high, NDRs with their
 * likely cause, connectors DOWN at the end, mail that had no route, mail
 * still in flight, delay notifications.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-html-private.h"
#include "report/report-numbers.h"
#include "report/report-plots-events.h"

#include <math.h>
#include <string.h>

/* How long after an outage a queue's peak is still put down to it. */
#define MF_HTML_EVENT_AFTERMATH_S 3600.0

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

/* Whether server @name is a bridgehead, at either end, of connector @c. */
static gboolean
is_bridgehead_of (const MfTopology *topo, int c, const char *name)
{
  const MfConnector *k = &topo->connectors[c];

  for (int i = 0; i < k->n_bridgeheads; i++)
    if (g_ascii_strcasecmp (topo->servers[k->bridgeheads[i]].name, name) == 0)
      return TRUE;
  for (int i = 0; i < k->n_remote_bridgeheads; i++)
    if (g_ascii_strcasecmp (topo->servers[k->remote_bridgeheads[i]].name, name) == 0)
      return TRUE;
  return FALSE;
}

/* The configured event that explains a queue peaking at @peak_s, or NULL:
 * one that takes down (or stops SMTP on) the queue's own server or what
 * the queue is named after (its next-hop server, or its connector or a
 * bridgehead of that connector at either end), in force at
 * the peak or ended at most MF_HTML_EVENT_AFTERMATH_S before it (mail
 * held during an outage drains afterwards); for the queue of mail with
 * no route, an outage of anything.  @peak_s NaN (the peak fell between
 * samples): an event at any time. */
static const MfRdEvent *
explaining_event (const MfReportData *d, const MfRdQueue *q, double peak_s)
{
  const MfRdEvent *best = NULL;
  int c = mf_topo_find_connector (d->topo, q->queue);
  gboolean any_target = strcmp (q->queue, "Messages with an unreachable destination") == 0;

  for (guint i = 0; i < d->scheduled->len; i++)
    {
      const MfRdEvent *e = &g_array_index (d->scheduled, MfRdEvent, i);
      double end = mf_plot_event_end_s (d, e);
      if (strcmp (e->action, "down") != 0 && strcmp (e->action, "stop-smtp") != 0)
        continue;
      if (!any_target && g_ascii_strcasecmp (e->target, q->server) != 0
          && g_ascii_strcasecmp (e->target, q->queue) != 0
          && (c < 0 || !is_bridgehead_of (d->topo, c, e->target)))
        continue;
      if (isnan (peak_s) || (peak_s >= e->start_s && peak_s <= end + MF_HTML_EVENT_AFTERMATH_S))
        best = e; /* the latest such event */
    }
  return best;
}

/* What a long queue of this kind means, as a sentence ("" when nothing is
 * known): the queue names are the ones Exchange System Manager shows.  An
 * event that explains the peak (@peak_s, NaN: unknown) comes first: a
 * rebooted server is not an overloaded categorizer. */
static char *
queue_hint (const MfReportData *d, const MfRdQueue *q, const GArray *downs, double peak_s)
{
  int c = mf_topo_find_connector (d->topo, q->queue);
  double down_s = 0;
  const MfRdEvent *e = explaining_event (d, q, peak_s);

  if (e != NULL)
    {
      g_autofree char *name = mf_html_escape (e->name), *target = mf_html_escape (e->target);
      g_autofree char *from = mf_report_data_format_clock (d, e->start_s);
      g_autofree char *to = mf_report_data_format_clock (d, mf_plot_event_end_s (d, e));
      gboolean own = g_ascii_strcasecmp (e->target, q->server) == 0;
      gboolean unreachable = strcmp (q->queue, "Messages with an unreachable destination") == 0;
      return g_strdup_printf (" The event “%s” explains it: %s was %s from %s to %s, and %s.",
                              name, target,
                              strcmp (e->action, "down") == 0 ? "down" : "not running SMTP",
                              from, to,
                              own           ? "the mail it received or held waited for it to "
                                              "come back and then drained"
                              : unreachable ? "mail that had no route without it waited here"
                                            : "mail for it waited in this queue");
    }
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
      g_autofree char *mean = mf_html_format_mean (q->mean_length);
      g_autofree char *hint = queue_hint (
          d, q, downs, d->times->len > 0 && series[at] > 0 ? g_array_index (d->times, double, at) : NAN);
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

GPtrArray *
mf_html_warnings (const MfReportData *d, const GArray *growing)
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
      g_autofree char *rise = mf_html_format_mean (g->rise_per_hour);
      g_autofree char *hint = queue_hint (d, q, downs, d->sim_time_s);
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
      mf_html_append_count (s, (double) d->recipients.ndr);
      g_string_append (s, " recipients were returned to their senders with an NDR:</strong><ul>");
      for (guint i = 0; i < d->ndr_reasons->len; i++)
        {
          const MfRdReason *r = &g_array_index (d->ndr_reasons, MfRdReason, i);
          const char *why = ndr_cause (r->name);
          if (r->count == 0)
            continue;
          g_string_append (s, "<li>");
          mf_html_append_count (s, (double) r->count);
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

char *
mf_html_warnings_html (const GPtrArray *list)
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
