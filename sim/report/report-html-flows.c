/* report-html-flows.c — the table of traffic flows (report-html-private.h).
 *
 * One row per flow of the topology: its endpoints (server, routing group,
 * domain or the outside), the messages it generated and its mean latency;
 * a sentence says so when no flow was drawn (nothing delivered after the
 * warm-up).
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-html-private.h"

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

char *
mf_html_flow_table (const MfReportData *d, gboolean drawn)
{
  static const char *const headers[] = { "flow", "from", "to", "#messages", "#mean latency",
                                         "#p50", "#p95", "#p99", NULL };
  GString *s;

  if (d->flows->len == 0)
    return g_strdup ("<p>The topology defines no [flow]: all mail comes from [traffic].</p>");
  s = g_string_new (drawn ? "" : "<p>No flow had a recipient delivered after the warm-up.</p>\n");
  g_string_append (s, "<div class=\"scroll\"><table>\n");
  mf_html_th_row (s, headers);
  for (guint i = 0; i < d->flows->len && i < MF_HTML_MAX_ROWS; i++)
    {
      const MfRdFlow *f = &g_array_index (d->flows, MfRdFlow, i);
      const MfFlow *tf = &d->topo->flows[i];
      g_string_append (s, "<tr>");
      mf_html_td_text (s, f->name);
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
      mf_html_td_count (s, (double) f->generated);
      g_string_append (s, "<td class=\"n\">");
      mf_html_append_seconds (s, f->latency_mean_s);
      const double pct[] = { f->latency_p50_s, f->latency_p95_s, f->latency_p99_s };
      for (gsize k = 0; k < G_N_ELEMENTS (pct); k++)
        {
          g_string_append (s, "</td><td class=\"n\">");
          mf_html_append_seconds (s, pct[k]);
        }
      g_string_append (s, "</td></tr>\n");
    }
  g_string_append (s, "</table></div>");
  return g_string_free (s, FALSE);
}
