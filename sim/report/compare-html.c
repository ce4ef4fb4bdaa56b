/* compare-html.c — the page of `msgflow compare` (compare-private.h).
 *
 * reports/compare.html filled with tables: the two runs, the topology
 * changes, the run's key figures and the flows' (A, B, B − A, the test),
 * and the overlaid plots.  Every name from the runs goes through
 * mf_html_escape.
 */
#define G_LOG_DOMAIN "msgflow-compare"

#include "report/compare-private.h"
#include "model/topo-diff.h"
#include "report/report-figure.h"
#include "report/report-html.h"
#include "report/report-numbers.h"
#include "report/report-template.h"

#include <math.h>

static void
td (GString *s, const char *cls, const char *text)
{
  g_string_append_printf (s, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
  mf_html_append_escaped (s, text != NULL ? text : "");
  g_string_append (s, "</td>");
}

static char *
runs_html (const MfCompare *c)
{
  GString *s = g_string_new ("<table>\n<tr><th></th><th>folder</th><th>organization</th>"
                             "<th class=\"n\">seed</th><th class=\"n\">replications</th>"
                             "<th class=\"n\">simulated time</th></tr>\n");
  const struct { const char *key, *dir; const MfReportData *d; } runs[] = {
    { "A", c->dir_a, c->a }, { "B", c->dir_b, c->b },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, runs[i].d->seed);
      g_autofree char *reps = mf_report_format_count (
        (double) (runs[i].d->has_replications ? runs[i].d->rep_count : 1));
      g_autofree char *time = mf_report_format_seconds (runs[i].d->sim_time_s);
      g_string_append (s, "<tr class=\"run\">");
      td (s, NULL, runs[i].key);
      td (s, NULL, runs[i].dir);
      td (s, NULL, runs[i].d->organization);
      td (s, "n", seed);
      td (s, "n", reps);
      td (s, "n", time);
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "</table>");
  return g_string_free (s, FALSE);
}

static char *
topology_html (const MfCompare *c)
{
  GString *s;

  if (c->topo_diff == NULL)
    return g_strdup ("<p>Not compared: a run keeps no <code>topology.topo</code>.</p>");
  if (c->topo_diff->len == 0)
    return g_strdup ("<p id=\"topology-same\">The two runs have the same topology.</p>");
  s = g_string_new ("<table id=\"topology-changes\">\n<tr><th>change</th><th>section</th><th>key</th>"
                    "<th>A</th><th>B</th></tr>\n");
  for (guint i = 0; i < c->topo_diff->len; i++)
    {
      const MfTopoDiffEntry *e = g_ptr_array_index (c->topo_diff, i);
      g_autofree char *section = g_strdup_printf ("[%s]", e->section);
      g_string_append (s, "<tr>");
      td (s, NULL, mf_topo_diff_kind_name (e->kind));
      td (s, NULL, section);
      td (s, NULL, e->key);
      td (s, NULL, e->old_value);
      td (s, NULL, e->new_value);
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "</table>");
  return g_string_free (s, FALSE);
}

/* Rows of the figures of @flow (NULL: the whole run's). */
static void
figure_rows (GString *s, const MfCompare *c, gboolean flows)
{
  for (guint i = 0; i < c->figures->len; i++)
    {
      const MfCmpFigure *f = &g_array_index (c->figures, MfCmpFigure, i);
      g_autofree char *va = NULL, *vb = NULL, *d = NULL, *sig = NULL;
      if ((f->flow != NULL) != flows)
        continue;
      va = mf_cmp_format_value (f, f->a);
      vb = mf_cmp_format_value (f, f->b);
      d = mf_cmp_format_delta (f);
      if (f->significance == MF_CMP_SIGNIFICANT || f->significance == MF_CMP_NOT_SIGNIFICANT)
        {
          char p[G_ASCII_DTOSTR_BUF_SIZE];
          g_ascii_formatd (p, sizeof p, "%.3g", f->test.p);
          sig = g_strdup_printf ("%s (p = %s, n = %u and %u)",
                                 mf_cmp_significance_text (f->significance), p, f->n_a, f->n_b);
        }
      else
        sig = g_strdup (mf_cmp_significance_text (f->significance));
      g_string_append_printf (s, "<tr data-figure=\"%s\"%s>", f->name,
                              f->significance == MF_CMP_SIGNIFICANT ? " class=\"significant\"" : "");
      if (flows)
        td (s, NULL, f->flow);
      td (s, NULL, f->label);
      td (s, "n", va);
      td (s, "n", vb);
      td (s, "n", d);
      td (s, NULL, sig);
      g_string_append (s, "</tr>\n");
    }
}

static char *
figures_html (const MfCompare *c, gboolean flows)
{
  GString *s = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < c->figures->len; i++)
    n += (g_array_index (c->figures, MfCmpFigure, i).flow != NULL) == flows;
  if (n == 0)
    {
      g_string_append (s, "<p>Neither run has flows.</p>");
      return g_string_free (s, FALSE);
    }
  g_string_append_printf (s, "<table id=\"%s\">\n<tr>%s<th>figure</th><th class=\"n\">A</th>"
                             "<th class=\"n\">B</th><th class=\"n\">B − A</th><th>difference</th></tr>\n",
                          flows ? "flow-figures" : "key-figures", flows ? "<th>flow</th>" : "");
  figure_rows (s, c, flows);
  g_string_append (s, "</table>");
  return g_string_free (s, FALSE);
}

static char *
plots_html (const MfCompare *c)
{
  GString *s = g_string_new (NULL);

  if (c->no_plots != NULL)
    {
      g_string_append (s, "<p>No plots: ");
      mf_html_append_escaped (s, c->no_plots);
      g_string_append (s, ".</p>");
    }
  for (guint i = 0; c->plots != NULL && i < c->plots->len; i++)
    {
      const MfReportFigure *f = g_ptr_array_index (c->plots, i);
      g_string_append_printf (s, "<figure id=\"fig-%s\"><img src=\"%s.%s\" width=\"%d\" height=\"%d\" alt=\"",
                              f->name, f->name, mf_report_format_extension (c->format), f->width,
                              f->height);
      mf_html_append_escaped (s, f->title);
      g_string_append (s, "\"><figcaption>");
      g_string_append (s, f->caption);
      g_string_append (s, "</figcaption></figure>\n");
    }
  return g_string_free (s, FALSE);
}

static char *
headline (const MfCompare *c)
{
  guint sig = 0, tested = 0;

  for (guint i = 0; i < c->figures->len; i++)
    {
      const MfCmpFigure *f = &g_array_index (c->figures, MfCmpFigure, i);
      tested += f->significance == MF_CMP_SIGNIFICANT || f->significance == MF_CMP_NOT_SIGNIFICANT;
      sig += f->significance == MF_CMP_SIGNIFICANT;
    }
  g_autofree char *changes = c->topo_diff == NULL ? g_strdup ("topology not compared")
                             : g_strdup_printf ("%u topology change%s", c->topo_diff->len,
                                                c->topo_diff->len == 1 ? "" : "s");
  if (tested == 0)
    return g_strdup_printf ("%s; no difference tested (a run has no replications).", changes);
  return g_strdup_printf ("%s; %u of %u tested figures differ significantly at 5%%.", changes, sig,
                          tested);
}

/**
 * mf_compare_html:
 *
 * Returns: (transfer full): index.html; NULL with MF_REPORT_ERROR_TEMPLATE (a bug).
 */
char *
mf_compare_html (const MfCompare *c, GError **error)
{
  g_autoptr (GHashTable) vars = mf_template_vars_new ();
  const char *css = mf_template_get ("report.css", NULL);
  g_autofree char *title = NULL;

  if (g_strcmp0 (c->a->organization, c->b->organization) == 0)
    title = mf_html_escape (c->b->organization);
  else
    {
      g_autofree char *oa = mf_html_escape (c->a->organization);
      g_autofree char *ob = mf_html_escape (c->b->organization);
      title = g_strdup_printf ("%s / %s", oa, ob);
    }
  mf_template_set (vars, "CSS", css != NULL ? css : "");
  mf_template_take (vars, "TITLE", g_steal_pointer (&title));
  g_autofree char *lead = headline (c);
  mf_template_take (vars, "HEADLINE", mf_html_escape (lead));
  mf_template_take (vars, "RUNS", runs_html (c));
  mf_template_take (vars, "TOPOLOGY", topology_html (c));
  mf_template_take (vars, "FIGURES", figures_html (c, FALSE));
  mf_template_take (vars, "FLOWS", figures_html (c, TRUE));
  mf_template_take (vars, "PLOTS", plots_html (c));
  return mf_template_expand ("compare.html", vars, error);
}
