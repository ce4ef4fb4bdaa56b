/* compare-json.c — compare.json and the terminal's text (compare-private.h).
 *
 * compare.json is the comparison for programs (docs/format.md §4.13): the
 * two runs, the topology diff, every figure with A, B, B − A and its test,
 * the plots drawn, and the manifest of the folder's other files.  The
 * terminal gets the topology diff and the run's key figures, one line
 * each, in words.
 */
#define G_LOG_DOMAIN "msgflow-compare"

#include "report/compare-private.h"
#include "base/json-writer.h"
#include "model/topo-diff.h"
#include "report/report-figure.h"
#include "transport/output-figures.h"
#include "transport/summary-json.h"

#include <math.h>

static void
add_double (MfJsonWriter *w, const char *key, double v)
{
  mf_json_writer_key (w, key);
  mf_json_writer_double (w, mf_output_round (v)); /* NaN: null */
}

static void
add_string (MfJsonWriter *w, const char *key, const char *v)
{
  mf_json_writer_key (w, key);
  if (v == NULL)
    mf_json_writer_null (w);
  else
    mf_json_writer_string (w, v);
}

static void
add_run (MfJsonWriter *w, const char *key, const char *dir, const MfReportData *d)
{
  mf_json_writer_key (w, key);
  mf_json_writer_begin_object (w);
  add_string (w, "dir", dir);
  add_string (w, "organization", d->organization);
  mf_json_writer_key (w, "seed");
  mf_json_writer_uint (w, d->seed);
  mf_json_writer_key (w, "replications");
  mf_json_writer_uint (w, d->has_replications ? d->rep_count : 1);
  add_double (w, "sim_time_s", d->sim_time_s);
  mf_json_writer_end_object (w);
}

static void
add_topology (MfJsonWriter *w, const GPtrArray *diff)
{
  mf_json_writer_key (w, "topology_changes");
  if (diff == NULL)
    {
      mf_json_writer_null (w);
      return;
    }
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < diff->len; i++)
    {
      const MfTopoDiffEntry *e = g_ptr_array_index (diff, i);
      mf_json_writer_begin_object (w);
      add_string (w, "change", mf_topo_diff_kind_name (e->kind));
      add_string (w, "section", e->section);
      add_string (w, "key", e->key);
      add_string (w, "old", e->old_value);
      add_string (w, "new", e->new_value);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_array (w);
}

static void
add_figure (MfJsonWriter *w, const MfCmpFigure *f)
{
  double delta = f->b - f->a;

  mf_json_writer_begin_object (w);
  add_string (w, "flow", f->flow);
  add_string (w, "name", f->name);
  add_double (w, "a", f->a);
  add_double (w, "b", f->b);
  add_double (w, "delta", delta);
  add_double (w, "relative_delta", f->a != 0 ? delta / fabs (f->a) : NAN);
  add_string (w, "significance", mf_cmp_significance_text (f->significance));
  mf_json_writer_key (w, "test");
  if (f->significance != MF_CMP_SIGNIFICANT && f->significance != MF_CMP_NOT_SIGNIFICANT)
    mf_json_writer_null (w);
  else
    {
      mf_json_writer_begin_object (w);
      add_string (w, "method", "welch");
      mf_json_writer_key (w, "n_a");
      mf_json_writer_uint (w, f->n_a);
      mf_json_writer_key (w, "n_b");
      mf_json_writer_uint (w, f->n_b);
      add_double (w, "mean_a", f->test.mean_a);
      add_double (w, "mean_b", f->test.mean_b);
      add_double (w, "t", f->test.t);
      add_double (w, "df", f->test.df);
      add_double (w, "p", f->test.p);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_object (w);
}

/**
 * mf_compare_json:
 * @manifest: (element-type MfManifestEntry): the folder's other files
 *
 * Returns: (transfer full): the text of compare.json.
 */
char *
mf_compare_json (const MfCompare *c, const GPtrArray *manifest)
{
  g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();

  mf_json_writer_set_indented (w, TRUE);
  mf_json_writer_begin_object (w);
  add_run (w, "a", c->dir_a, c->a);
  add_run (w, "b", c->dir_b, c->b);
  add_topology (w, c->topo_diff);
  mf_json_writer_key (w, "figures");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < c->figures->len; i++)
    add_figure (w, &g_array_index (c->figures, MfCmpFigure, i));
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "plots");
  mf_json_writer_begin_array (w);
  for (guint i = 0; c->plots != NULL && i < c->plots->len; i++)
    mf_json_writer_string (w, ((const MfReportFigure *) g_ptr_array_index (c->plots, i))->name);
  mf_json_writer_end_array (w);
  add_string (w, "format", mf_report_format_extension (c->format));
  mf_output_manifest_json (w, manifest);
  mf_json_writer_end_object (w);
  return mf_json_writer_finish_text (w);
}

/* One topology change in words: "connector X: cost 10 -> 20". */
static void
append_change (GString *s, const MfTopoDiffEntry *e)
{
  switch (e->kind)
    {
    case MF_TOPO_DIFF_SECTION_ADDED:
      g_string_append_printf (s, "  + [%s]\n", e->section);
      break;
    case MF_TOPO_DIFF_SECTION_REMOVED:
      g_string_append_printf (s, "  - [%s]\n", e->section);
      break;
    case MF_TOPO_DIFF_KEY_ADDED:
      g_string_append_printf (s, "  [%s] %s: (not set) -> %s\n", e->section, e->key, e->new_value);
      break;
    case MF_TOPO_DIFF_KEY_REMOVED:
      g_string_append_printf (s, "  [%s] %s: %s -> (not set)\n", e->section, e->key, e->old_value);
      break;
    case MF_TOPO_DIFF_KEY_CHANGED:
      g_string_append_printf (s, "  [%s] %s: %s -> %s\n", e->section, e->key, e->old_value,
                              e->new_value);
      break;
    }
}

/* At most this many topology changes on the terminal; all are in compare.json. */
#define TERMINAL_MAX_CHANGES 20

/**
 * mf_compare_terminal:
 *
 * Returns: (transfer full): what `compare` prints: the two runs, the
 *   topology changes, the run's key figures "label  A -> B  delta  test".
 */
char *
mf_compare_terminal (const MfCompare *c)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "A: %s\nB: %s\n", c->dir_a, c->dir_b);
  if (c->topo_diff == NULL)
    g_string_append (s, "topology: not compared (a run keeps no topology.topo)\n");
  else if (c->topo_diff->len == 0)
    g_string_append (s, "topology: the same\n");
  else
    {
      g_string_append_printf (s, "topology: %u change%s\n", c->topo_diff->len,
                              c->topo_diff->len == 1 ? "" : "s");
      for (guint i = 0; i < c->topo_diff->len && i < TERMINAL_MAX_CHANGES; i++)
        append_change (s, g_ptr_array_index (c->topo_diff, i));
      if (c->topo_diff->len > TERMINAL_MAX_CHANGES)
        g_string_append_printf (s, "  ... and %u more (%s)\n",
                                c->topo_diff->len - TERMINAL_MAX_CHANGES, MF_COMPARE_FILE);
    }
  for (guint i = 0; i < c->figures->len; i++)
    {
      const MfCmpFigure *f = &g_array_index (c->figures, MfCmpFigure, i);
      g_autofree char *va = NULL, *vb = NULL, *d = NULL;
      if (f->flow != NULL)
        continue;
      va = mf_cmp_format_value (f, f->a);
      vb = mf_cmp_format_value (f, f->b);
      d = mf_cmp_format_delta (f);
      g_string_append_printf (s, "%-22s %s -> %s  %s  [%s", f->label, va, vb, d,
                              mf_cmp_significance_text (f->significance));
      if (f->significance == MF_CMP_SIGNIFICANT || f->significance == MF_CMP_NOT_SIGNIFICANT)
        {
          char p[G_ASCII_DTOSTR_BUF_SIZE];
          g_ascii_formatd (p, sizeof p, "%.3g", f->test.p);
          g_string_append_printf (s, ", p = %s", p);
        }
      g_string_append (s, "]\n");
    }
  if (c->no_plots != NULL)
    g_string_append_printf (s, "no plots: %s\n", c->no_plots);
  return g_string_free (s, FALSE);
}
