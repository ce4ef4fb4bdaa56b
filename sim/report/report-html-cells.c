/* report-html-cells.c — HTML escaping, numbers and table cells (report-html.h,
 * report-html-private.h).
 *
 * The small pieces every section of the page is built from.  Escaping
 * replaces invalid UTF-8 first, so a name from the run's files can never
 * break out of an element or a quoted attribute.  Numbers are written for
 * people: thousands separators, durations in words, percentages that never
 * round a part up to 100 %.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "base/number-format.h"
#include "report/report-html-private.h"
#include "report/report-numbers.h"

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

void
mf_html_append_count (GString *s, double v)
{
  g_autofree char *t = mf_report_format_count (v);
  g_string_append (s, t);
}

void
mf_html_append_seconds (GString *s, double v)
{
  g_autofree char *t = mf_report_format_seconds (v);
  g_string_append (s, t);
}

char *
mf_html_percent (double part, double whole)
{
  if (whole <= 0)
    return g_strdup ("–");
  double p = 100.0 * part / whole;
  if (p > 99.9 && part < whole)
    return g_strdup ("99.9+%");
  if (p >= 10 || p == 0)
    return g_strdup_printf ("%.1f%%", p);
  return g_strdup_printf ("%s%%", MF_NUMBER_SIG (p, 2));
}

/* A mean queue length: "2,160", "2.62", "0.000758". */
char *
mf_html_format_mean (double v)
{
  return v >= 100 ? mf_report_format_count (v) : g_strdup (MF_NUMBER_SIG (v, 3));
}

/* <td class="n">…</td> with a count */
void
mf_html_td_count (GString *s, double v)
{
  g_string_append (s, "<td class=\"n\">");
  mf_html_append_count (s, v);
  g_string_append (s, "</td>");
}

void
mf_html_td_text (GString *s, const char *text)
{
  g_string_append (s, "<td>");
  mf_html_append_escaped (s, text);
  g_string_append (s, "</td>");
}

void
mf_html_td_raw (GString *s, const char *cls, const char *html)
{
  g_string_append_printf (s, "<td%s%s%s>%s</td>", cls ? " class=\"" : "", cls ? cls : "",
                          cls ? "\"" : "", html);
}

void
mf_html_th_row (GString *s, const char *const *headers)
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

const char *
mf_html_group_name (const MfTopology *topo, int g)
{
  return g >= 0 && g < topo->n_routing_groups ? topo->routing_groups[g].name : "";
}

void
mf_html_card (GString *s, const char *value_html, const char *key)
{
  g_string_append_printf (s, "<div class=\"card\"><div class=\"v\">%s</div><div class=\"k\">%s</div></div>\n",
                          value_html, key);
}
