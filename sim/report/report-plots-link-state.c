/* report-plots-link-state.c — link state over time (report-plots-private.h).
 *
 * One row per connector that changed state (at most MF_PLOT_MAX_STATE_ROWS):
 * when it was DOWN, its changes (at most MF_PLOT_MAX_CHANGES marked) and
 * when each routing group learned them.
 */
#define G_LOG_DOMAIN "msgflow-report"

#include "report/report-plots-private.h"
#include "report/report-figure.h"
#include "report/report-gnuplot.h"
#include "report/report-numbers.h"
#include "report/report-template.h"

#include <math.h>

gboolean
mf_plot_link_state (const MfReportData *d, MfReportFormat format, GPtrArray *figures, GError **error)
{
  const MfTopology *topo = d->topo;
  g_autofree int *row = g_new (int, (gsize) topo->n_connectors + 1);
  g_autoptr (GPtrArray) row_names = g_ptr_array_new ();
  g_autoptr (GPtrArray) change_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) downs = mf_report_data_down_intervals (d);
  g_autoptr (GString) dat = g_string_new (NULL), block = g_string_new (NULL);
  const char *title = "Link state: connectors DOWN and UP, and when each routing group learned it";
  int nrows = 0, nchanges = MIN ((int) d->changes->len, MF_PLOT_MAX_CHANGES);
  gsize longest = 10;
  int top_px, bottom_px, height;
  char *caption;

  for (int c = 0; c < topo->n_connectors; c++)
    row[c] = -1;
  for (guint i = 0; i < d->changes->len; i++)
    {
      int c = g_array_index (d->changes, MfRdChange, i).connector;
      if (row[c] < 0 && nrows < MF_PLOT_MAX_STATE_ROWS)
        {
          row[c] = nrows++;
          g_ptr_array_add (row_names, topo->connectors[c].name);
          longest = MAX (longest, (gsize) g_utf8_strlen (topo->connectors[c].name, -1));
        }
    }

  /* index 0: DOWN intervals; 1, 2, 3: changes to DOWN, to UP, of cost. */
  for (guint i = 0; i < downs->len; i++)
    {
      const MfRdDown *dn = &g_array_index (downs, MfRdDown, i);
      if (row[dn->connector] >= 0)
        mf_plot_append_row (block, 3, mf_plot_clock (d, dn->start_s), (double) row[dn->connector],
                    dn->end_s - dn->start_s);
    }
  g_string_append_len (dat, block->str, (gssize) block->len);
  mf_plot_end_block (dat, block->len == 0, 3);
  for (int kind = 0; kind < 3; kind++)
    {
      g_string_truncate (block, 0);
      for (guint i = 0; i < d->changes->len; i++)
        {
          const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, i);
          int k = ch->major ? 2 : ch->up ? 1 : 0;
          if (k == kind && row[ch->connector] >= 0)
            mf_plot_append_row (block, 2, mf_plot_clock (d, ch->time_s), (double) row[ch->connector]);
        }
      g_string_append_len (dat, block->str, (gssize) block->len);
      mf_plot_end_block (dat, block->len == 0, 2);
    }
  /* index 4: per change, how long each routing group took to learn it. */
  g_string_truncate (block, 0);
  for (int i = 0; i < nchanges; i++)
    {
      const MfRdChange *ch = &g_array_index (d->changes, MfRdChange, i);
      g_autofree double *learned = mf_report_data_group_learned (d, (guint) i);
      g_autofree char *when = mf_report_data_format_clock (d, ch->time_s);
      char *label;

      for (int g = 0; g < topo->n_routing_groups; g++)
        if (!isnan (learned[g]))
          mf_plot_append_row (block, 2, learned[g] - ch->time_s, (double) i);
      if (ch->major)
        label = g_strdup_printf ("%s %s cost %d", when, topo->connectors[ch->connector].name, ch->cost);
      else
        label = g_strdup_printf ("%s %s %s", when, topo->connectors[ch->connector].name,
                                 ch->up ? "UP" : "DOWN");
      longest = MAX (longest, (gsize) g_utf8_strlen (label, -1));
      g_ptr_array_add (change_names, label);
    }
  g_string_append_len (dat, block->str, (gssize) block->len);
  mf_plot_end_block (dat, block->len == 0, 2);

  top_px = 90 + 24 * nrows;
  bottom_px = 90 + 20 * nchanges;
  height = nrows == 0 ? 200 : top_px + bottom_px + 30;
  g_autoptr (GHashTable) vars = mf_plot_vars (d, format, "link-state", title, MF_PLOT_WIDTH, height);
  mf_template_set_printf (vars, "NROWS", "%d", nrows);
  mf_template_set_printf (vars, "NCHANGES", "%d", nchanges);
  mf_template_take (vars, "ROW_NAMES",
                    mf_plot_names_array ("ROW_NAMES", (const char *const *) row_names->pdata, nrows, TRUE));
  mf_template_take (vars, "CHANGE_NAMES",
                    mf_plot_names_array ("CHANGE_NAMES", (const char *const *) change_names->pdata, nchanges,
                                         TRUE));
  mf_template_take (vars, "TOP_SIZE", mf_gp_number ((double) (top_px + 30) / height));
  mf_template_take (vars, "BOTTOM_SIZE", mf_gp_number ((double) bottom_px / height));
  mf_template_set_printf (vars, "LMARGIN", "%d", (int) MIN (longest * 9 / 10 + 3, 60));
  if (nrows == 0)
    caption = g_strdup ("No connector changed state or cost during the run.");
  else
    {
      g_autofree char *conv = mf_report_format_seconds (d->convergence_s);
      caption = g_strdup_printf ("Top: each connector whose state or cost changed, red while its "
                                 "routing group master had it DOWN. Bottom: for each change%s, one "
                                 "dot per routing group at the time its master's link-state table "
                                 "took it in (or its first server's, if the master never did). The "
                                 "slowest change reached its last server after %s.",
                                 (int) d->changes->len > nchanges ? " (the first ones)" : "", conv);
    }
  return mf_plot_finish (d, "link-state", vars, nrows > 0 ? dat : NULL, MF_PLOT_WIDTH, height, title,
                         caption, figures, error);
}
