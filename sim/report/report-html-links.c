/* report-html-links.c — the connector and link-state tables (report-html-private.h).
 *
 * The connectors with their cost, traffic, utilisation and time DOWN, and
 * the changes of link state with how far each spread and the slowest
 * routing group to learn it; then, for the first
 * MF_HTML_MAX_MATRIX_CHANGES changes, when each routing group learned it.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "base/number-format.h"
#include "report/report-html-private.h"

#include <math.h>

char *
mf_html_connector_table (const MfReportData *d)
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
  mf_html_th_row (s, headers);
  for (int c = 0; c < topo->n_connectors && c < MF_HTML_MAX_ROWS; c++)
    {
      const MfConnector *tc = &topo->connectors[c];
      const MfRdConnector *rc = &g_array_index (d->connectors, MfRdConnector, c);
      g_autofree char *util
          = rc->utilization * 100 >= 10
                ? g_strdup_printf ("%.1f%%", rc->utilization * 100)
                : g_strdup_printf ("%s%%", MF_NUMBER_SIG (rc->utilization * 100, 2));
      g_autofree char *size = g_format_size (rc->bytes);
      g_string_append (s, "<tr>");
      mf_html_td_text (s, tc->name);
      mf_html_td_text (s, mf_connector_type_name (tc->type));
      mf_html_td_text (s, mf_html_group_name (topo, tc->from));
      if (tc->to >= 0)
        mf_html_td_text (s, mf_html_group_name (topo, tc->to));
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
      mf_html_td_count (s, (double) rc->messages);
      mf_html_td_raw (s, "n", size);
      mf_html_td_raw (s, "n", util);
      mf_html_td_count (s, (double) rc->state_changes);
      g_string_append (s, "<td class=\"n\">");
      if (down_s[c] > 0)
        mf_html_append_seconds (s, down_s[c]);
      g_string_append (s, "</td>");
      mf_html_td_raw (s, rc->up_at_end ? NULL : "down", rc->up_at_end ? "UP" : "DOWN");
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "</table></div>");
  if (topo->n_connectors > MF_HTML_MAX_ROWS)
    g_string_append_printf (s, "<p class=\"note\">The first %d of %d connectors; all are in "
                               "<a href=\"summary.json\">summary.json</a>.</p>",
                            MF_HTML_MAX_ROWS, topo->n_connectors);
  return g_string_free (s, FALSE);
}

char *
mf_html_link_state_table (const MfReportData *d)
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
  mf_html_th_row (s, headers);
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
      mf_html_td_text (s, when);
      mf_html_td_text (s, topo->connectors[ch->connector].name);
      mf_html_td_raw (s, !ch->major && !ch->up ? "down" : NULL, what);
      g_string_append (s, "<td>");
      if (ch->origin_server >= 0)
        {
          mf_html_append_escaped (s, topo->servers[ch->origin_server].name);
          g_string_append (s, " in ");
        }
      mf_html_append_escaped (s, mf_html_group_name (topo, ch->routing_group));
      g_string_append (s, "</td>");
      mf_html_td_count (s, ch->n_learned);
      g_string_append_printf (s, "<td class=\"n\">%d of %d</td><td class=\"n\">", n_groups, ng);
      if (slowest >= 0)
        mf_html_append_seconds (s, last);
      g_string_append (s, "</td>");
      mf_html_td_text (s, slowest >= 0 ? mf_html_group_name (topo, slowest) : "");
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
        mf_html_td_text (s, topo->routing_groups[g].name);
        for (int i = 0; i < ncols; i++)
          {
            const double *learned = g_ptr_array_index (cols, i);
            double t0 = g_array_index (d->changes, MfRdChange, i).time_s;
            g_string_append (s, "<td class=\"n\">");
            if (isnan (learned[g]))
              g_string_append (s, "never");
            else
              g_string_append_printf (s, "+%s s", MF_NUMBER_SIG (learned[g] - t0, 3));
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
