/* sweep-output.c — sweep.json and sweep.csv (see sweep-output.h and
 * docs/format.md §4.15).
 */
#define G_LOG_DOMAIN "msgflow-sweep"

#include "analyze/sweep-output.h"
#include "analyze/sweep-run.h"
#include "analyze/sweep-spec.h"
#include "base/csv.h"
#include "base/json-writer.h"
#include "base/units.h"
#include "transport/summary-json.h"

#include <math.h>
#include <string.h>

static void
metric_free (gpointer p)
{
  MfSweepMetric *m = p;
  g_free (m->name);
  g_free (m);
}

static void
values_free (gpointer p)
{
  g_array_unref (p);
}

guint
mf_sweep_point_runs (const GArray *jobs, guint point, guint n_replications)
{
  guint n = 0;

  for (guint r = 0; r < n_replications; r++)
    n += g_array_index (jobs, MfSweepJob, point * n_replications + r).done ? 1 : 0;
  return n;
}

GPtrArray *
mf_sweep_point_metrics (const GArray *jobs, guint point, guint n_replications)
{
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();   /* first-seen order */
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (values_free);
  GPtrArray *out = g_ptr_array_new_with_free_func (metric_free);

  /* Replication order, whatever order the jobs finished in: the sums of
   * the interval are then the same bits for any split. */
  for (guint r = 0; r < n_replications; r++)
    {
      const MfSweepJob *job = &g_array_index (jobs, MfSweepJob, point * n_replications + r);
      if (!job->done)
        continue;
      for (guint i = 0; i < job->names->len; i++)
        {
          char *name = g_ptr_array_index (job->names, i);
          gpointer slot;
          guint k;
          if (g_hash_table_lookup_extended (index, name, NULL, &slot))
            k = GPOINTER_TO_UINT (slot);
          else
            {
              k = names->len;
              g_ptr_array_add (names, name);
              g_ptr_array_add (values, g_array_new (FALSE, FALSE, sizeof (double)));
              g_hash_table_insert (index, name, GUINT_TO_POINTER (k));
            }
          g_array_append_val ((GArray *) g_ptr_array_index (values, k),
                              g_array_index (job->values, double, i));
        }
    }
  for (guint k = 0; k < names->len; k++)
    {
      GArray *v = g_ptr_array_index (values, k);
      MfSweepMetric *m = g_new0 (MfSweepMetric, 1);
      m->name = g_strdup (g_ptr_array_index (names, k));
      m->ci = mf_interval_from_values ((const double *) v->data, v->len, 0.95);
      if (v->len < 2)
        m->ci.half_width = NAN;
      g_ptr_array_add (out, m);
    }
  return out;
}

/* ------------------------------------------------------------ sweep.csv */

static void
append_number (GString *s, double x)
{
  g_string_append_c (s, ',');
  if (isfinite (x))
    mf_csv_append_double (s, x);
}

/* One row per point: point, each varied key, runs, then METRIC and
 * METRIC.half_width for every figure any point has (in first-seen order). */
static char *
sweep_csv (const MfSweepInfo *info, GPtrArray *const *metrics, guint done_points,
           const guint *runs)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) columns = g_ptr_array_new ();
  GString *s = g_string_new ("point");

  for (guint p = 0; p < done_points; p++)
    for (guint i = 0; i < metrics[p]->len; i++)
      {
        const MfSweepMetric *m = g_ptr_array_index (metrics[p], i);
        if (g_hash_table_add (seen, m->name))
          g_ptr_array_add (columns, m->name);
      }
  for (guint i = 0; i < info->varies->len; i++)
    {
      const MfSweepVary *v = g_ptr_array_index (info->varies, i);
      g_string_append_c (s, ',');
      mf_csv_append_field (s, v->target);
    }
  g_string_append (s, ",runs");
  for (guint c = 0; c < columns->len; c++)
    {
      g_autofree char *hw = g_strconcat (g_ptr_array_index (columns, c), ".half_width", NULL);
      g_string_append_c (s, ',');
      mf_csv_append_field (s, g_ptr_array_index (columns, c));
      g_string_append_c (s, ',');
      mf_csv_append_field (s, hw);
    }
  g_string_append_c (s, '\n');
  for (guint p = 0; p < info->n_points; p++)
    {
      g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < metrics[p]->len; i++)
        {
          MfSweepMetric *m = g_ptr_array_index (metrics[p], i);
          g_hash_table_insert (by_name, m->name, m);
        }
      g_string_append_printf (s, "%u", p);
      for (guint i = 0; i < info->varies->len; i++)
        {
          g_string_append_c (s, ',');
          mf_csv_append_field (s, mf_sweep_point_value (info->varies, p, i));
        }
      g_string_append_printf (s, ",%u", runs[p]);
      for (guint c = 0; c < columns->len; c++)
        {
          const MfSweepMetric *m = g_hash_table_lookup (by_name, g_ptr_array_index (columns, c));
          append_number (s, m ? m->ci.mean : NAN);
          append_number (s, m ? m->ci.half_width : NAN);
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------ sweep.json */

static void
add_duration (MfJsonWriter *w, const char *key, gint64 us)
{
  mf_json_writer_key (w, key);
  if (us < 0)
    mf_json_writer_null (w);
  else
    mf_json_writer_double (w, (double) us / MF_US_PER_SECOND);
}

static void
add_vary (MfJsonWriter *w, const MfSweepVary *v)
{
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "spec");
  mf_json_writer_string (w, v->spec);
  mf_json_writer_key (w, "target");
  mf_json_writer_string (w, v->target);
  mf_json_writer_key (w, "values");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < v->values->len; i++)
    mf_json_writer_string (w, g_ptr_array_index (v->values, i));
  mf_json_writer_end_array (w);
  mf_json_writer_end_object (w);
}

static void
add_point (MfJsonWriter *w, const MfSweepInfo *info, const GArray *jobs, guint p, guint runs,
           const GPtrArray *metrics)
{
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "point");
  mf_json_writer_uint (w, p);
  mf_json_writer_key (w, "values");
  mf_json_writer_begin_object (w);
  for (guint i = 0; i < info->varies->len; i++)
    {
      const MfSweepVary *v = g_ptr_array_index (info->varies, i);
      mf_json_writer_key (w, v->target);
      mf_json_writer_string (w, mf_sweep_point_value (info->varies, p, i));
    }
  mf_json_writer_end_object (w);
  mf_json_writer_key (w, "runs");
  mf_json_writer_begin_array (w);
  for (guint r = 0; r < info->n_replications; r++)
    if (g_array_index (jobs, MfSweepJob, p * info->n_replications + r).done)
      {
        g_autofree char *name = mf_sweep_run_name (p, r);
        g_autofree char *path = g_strconcat ("runs/", name, NULL);
        mf_json_writer_string (w, path);
      }
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "n");
  mf_json_writer_uint (w, runs);
  mf_json_writer_key (w, "metrics");
  mf_json_writer_begin_object (w);
  for (guint i = 0; i < metrics->len; i++)
    {
      const MfSweepMetric *m = g_ptr_array_index (metrics, i);
      mf_json_writer_key (w, m->name);
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "mean");
      mf_json_writer_double (w, m->ci.mean);
      mf_json_writer_key (w, "half_width");
      mf_json_writer_double (w, m->ci.half_width); /* NAN: null */
      mf_json_writer_key (w, "n");
      mf_json_writer_uint (w, m->ci.n);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_end_object (w);
  mf_json_writer_end_object (w);
}

static char *
sweep_json (const MfSweepInfo *info, const GArray *jobs, GPtrArray *const *metrics, const guint *runs,
            guint done_jobs, const GPtrArray *manifest)
{
  g_autoptr (MfJsonWriter) w = mf_json_writer_new_text ();

  mf_json_writer_set_indented (w, TRUE);
  mf_json_writer_begin_object (w);
  mf_json_writer_key (w, "topology");
  mf_json_writer_string (w, info->topology);
  mf_json_writer_key (w, "topology_sha256");
  mf_json_writer_string (w, info->topology_sha256);
  mf_json_writer_key (w, "part");
  if (info->part_count == 0)
    mf_json_writer_null (w);
  else
    {
      mf_json_writer_begin_object (w);
      mf_json_writer_key (w, "index");
      mf_json_writer_uint (w, info->part_index);
      mf_json_writer_key (w, "of");
      mf_json_writer_uint (w, info->part_count);
      mf_json_writer_end_object (w);
    }
  mf_json_writer_key (w, "complete");
  mf_json_writer_bool (w, info->complete);
  mf_json_writer_key (w, "stopped");
  if (info->stopped != NULL)
    mf_json_writer_string (w, info->stopped);
  else
    mf_json_writer_null (w);
  mf_json_writer_key (w, "seed");
  mf_json_writer_uint (w, info->seed);
  mf_json_writer_key (w, "replications");
  mf_json_writer_uint (w, info->n_replications);
  add_duration (w, "duration_s", info->duration_us);
  add_duration (w, "warmup_s", info->warmup_us);
  mf_json_writer_key (w, "jobs");
  mf_json_writer_uint (w, (guint64) info->n_points * info->n_replications);
  mf_json_writer_key (w, "jobs_done");
  mf_json_writer_uint (w, done_jobs);
  mf_json_writer_key (w, "wall_s");
  mf_json_writer_double (w, info->wall_s);
  mf_json_writer_key (w, "vary");
  mf_json_writer_begin_array (w);
  for (guint i = 0; i < info->varies->len; i++)
    add_vary (w, g_ptr_array_index (info->varies, i));
  mf_json_writer_end_array (w);
  mf_json_writer_key (w, "points");
  mf_json_writer_begin_array (w);
  for (guint p = 0; p < info->n_points; p++)
    add_point (w, info, jobs, p, runs[p], metrics[p]);
  mf_json_writer_end_array (w);
  mf_output_manifest_json (w, manifest);
  mf_json_writer_end_object (w);
  return mf_json_writer_finish_text (w);
}

char *
mf_sweep_default_out_dir (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *safe = NULL;
  g_autofree char *name = NULL;

  if (g_str_has_suffix (base, ".topo"))
    base[strlen (base) - strlen (".topo")] = '\0';
  name = g_strconcat (strcmp (path, "-") == 0 ? "stdin" : base, "-sweep", NULL);
  safe = mf_result_dir_safe_name (name, "sweep");
  return g_build_filename ("out", safe, NULL);
}

gboolean
mf_sweep_write (MfResultDir *rd, const MfSweepInfo *info, const GArray *jobs, GError **error)
{
  g_autofree GPtrArray **metrics = g_new0 (GPtrArray *, info->n_points);
  g_autofree guint *runs = g_new0 (guint, info->n_points);
  g_autofree char *csv = NULL, *json = NULL;
  guint done_jobs = 0;
  gboolean ok;

  for (guint p = 0; p < info->n_points; p++)
    {
      metrics[p] = mf_sweep_point_metrics (jobs, p, info->n_replications);
      runs[p] = mf_sweep_point_runs (jobs, p, info->n_replications);
      done_jobs += runs[p];
    }
  csv = sweep_csv (info, metrics, info->n_points, runs);
  ok = mf_result_dir_write_file (rd, MF_SWEEP_CSV, csv, -1, error);
  if (ok)
    {
      json = sweep_json (info, jobs, metrics, runs, done_jobs, mf_result_dir_entries (rd));
      ok = mf_result_dir_write_file (rd, MF_SWEEP_JSON, json, -1, error);
    }
  for (guint p = 0; p < info->n_points; p++)
    g_ptr_array_unref (metrics[p]);
  return ok;
}
