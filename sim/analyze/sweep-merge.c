/* sweep-merge.c — the parts of a sweep into one result (see sweep-merge.h
 * and docs/sweep.md).
 */
#define G_LOG_DOMAIN "msgflow-sweep"

#include "analyze/sweep-merge.h"
#include "analyze/sweep-output.h"
#include "analyze/sweep-run.h"
#include "analyze/sweep-spec.h"
#include "base/result-dir.h"
#include "base/units.h"

#include <json-glib/json-glib.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK (mf-sweep-merge-error-quark, mf_sweep_merge_error)

/* The members of sweep.json that make a sweep what it is: parts that
 * differ in one of them are not parts of one sweep. */
static const char *const IDENTITY[] = {
  "topology", "topology_sha256", "vary", "seed", "replications", "duration_s", "warmup_s", "jobs",
};

typedef struct {
  const char *dir;
  JsonParser *parser;
  JsonObject *root;
  guint index, count;   /* 1-based I of N */
} Part;

static gboolean
usage (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
usage (GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error_literal (error, MF_SWEEP_MERGE_ERROR, 0, message);
  return FALSE;
}

static gboolean
load_part (Part *part, const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename (dir, MF_SWEEP_JSON, NULL);
  g_autoptr (GError) local = NULL;
  JsonNode *root;
  JsonObject *p;

  part->dir = dir;
  part->parser = json_parser_new ();
  if (!json_parser_load_from_file (part->parser, path, &local))
    return usage (error, "%s: not a sweep result: %s", dir, local->message);
  root = json_parser_get_root (part->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return usage (error, "%s: not a sweep result: %s is not an object", dir, MF_SWEEP_JSON);
  part->root = json_node_get_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (IDENTITY); i++)
    if (!json_object_has_member (part->root, IDENTITY[i]))
      return usage (error, "%s: not a sweep result: %s has no \"%s\"", dir, MF_SWEEP_JSON, IDENTITY[i]);
  if (!json_object_has_member (part->root, "part")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (part->root, "part")))
    return usage (error, "%s: not a part of a sweep (made without --part I/N)", dir);
  p = json_object_get_object_member (part->root, "part");
  part->index = (guint) json_object_get_int_member_with_default (p, "index", 0);
  part->count = (guint) json_object_get_int_member_with_default (p, "of", 0);
  if (part->count == 0 || part->index == 0 || part->index > part->count)
    return usage (error, "%s: %s: a bad \"part\"", dir, MF_SWEEP_JSON);
  return TRUE;
}

static char *
member_text (JsonObject *o, const char *name)
{
  return json_to_string (json_object_get_member (o, name), FALSE);
}

/* @b belongs with @a: the same sweep, the same N. */
static gboolean
same_sweep (const Part *a, const Part *b, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (IDENTITY); i++)
    {
      g_autofree char *x = member_text (a->root, IDENTITY[i]);
      g_autofree char *y = member_text (b->root, IDENTITY[i]);
      if (strcmp (x, y) != 0)
        return usage (error, "%s: not a part of the same sweep as %s (\"%s\" differs)", b->dir, a->dir,
                      IDENTITY[i]);
    }
  if (a->count != b->count)
    return usage (error, "%s: part %u of %u, but %s is a part of %u", b->dir, b->index, b->count,
                  a->dir, a->count);
  return TRUE;
}

static gint64
duration_member (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return JSON_NODE_HOLDS_NULL (n) ? -1 : (gint64) llround (json_node_get_double (n) * MF_US_PER_SECOND);
}

/* The runs a part lists in sweep.json, as "runs/PPPP-R". */
static GHashTable *
part_runs (const Part *part)
{
  GHashTable *runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *points = json_object_get_array_member (part->root, "points");

  for (guint i = 0; points != NULL && i < json_array_get_length (points); i++)
    {
      JsonObject *pt = json_array_get_object_element (points, i);
      JsonArray *r = pt != NULL && json_object_has_member (pt, "runs")
                       ? json_object_get_array_member (pt, "runs") : NULL;
      for (guint k = 0; r != NULL && k < json_array_get_length (r); k++)
        {
          const char *s = json_array_get_string_element (r, k);
          if (s != NULL)
            g_hash_table_add (runs, g_strdup (s));
        }
    }
  return runs;
}

/* Copy the folder @from (files and folders) to @to, which is created. */
static gboolean
copy_tree (const char *from, const char *to, GError **error)
{
  g_autoptr (GDir) dir = g_dir_open (from, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;
  if (g_mkdir_with_parents (to, 0777) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", to, g_strerror (errno));
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;
      if (g_file_test (src, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        {
          if (!copy_tree (src, dst, error))
            return FALSE;
          continue;
        }
      if (!g_file_get_contents (src, &data, &len, error) || !g_file_set_contents (dst, data, (gssize) len, error))
        return FALSE;
    }
  return TRUE;
}

static void
parts_clear (Part *parts, guint n)
{
  for (guint i = 0; i < n; i++)
    if (parts[i].parser != NULL)
      g_object_unref (parts[i].parser);
}

static gboolean
merge_into (Part *parts, Part **by_index, const char *out_dir, char **out_used,
            MfSweepMergeSummary *summary, GError **error)
{
  const Part *first = by_index[0];
  JsonArray *vary = json_object_get_array_member (first->root, "vary");
  g_autoptr (GPtrArray) varies = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_sweep_vary_free);
  g_autoptr (MfResultDir) rd = NULL;
  g_autofree char *dir = NULL;
  GArray *jobs = NULL;
  MfSweepInfo info = { 0 };
  guint count = first->count, n_points, R;
  gboolean ok = TRUE;

  (void) parts;
  for (guint i = 0; vary != NULL && i < json_array_get_length (vary); i++)
    {
      JsonObject *v = json_array_get_object_element (vary, i);
      const char *spec = v != NULL ? json_object_get_string_member_with_default (v, "spec", NULL) : NULL;
      MfSweepVary *parsed = spec != NULL ? mf_sweep_vary_parse (spec, NULL) : NULL;
      if (parsed == NULL)
        return usage (error, "%s: %s: a bad \"vary\"", first->dir, MF_SWEEP_JSON);
      g_ptr_array_add (varies, parsed);
    }
  n_points = mf_sweep_n_points (varies);
  R = (guint) json_object_get_int_member (first->root, "replications");
  if (varies->len == 0 || n_points == 0 || R == 0
      || (gint64) n_points * R != json_object_get_int_member (first->root, "jobs"))
    return usage (error, "%s: %s: the points and replications do not make its jobs", first->dir,
                  MF_SWEEP_JSON);

  dir = out_dir != NULL ? g_strdup (out_dir)
                        : mf_sweep_default_out_dir (json_object_get_string_member (first->root, "topology"));
  rd = mf_result_dir_begin_in (dir, MF_SWEEP_JSON, error);
  if (rd == NULL)
    return FALSE;

  jobs = g_array_new (FALSE, TRUE, sizeof (MfSweepJob));
  g_array_set_size (jobs, n_points * R);
  info.complete = TRUE;
  for (guint k = 0; k < count && ok; k++)
    {
      const Part *part = by_index[k];
      g_autoptr (GHashTable) listed = part_runs (part);
      JsonNode *stopped = json_object_get_member (part->root, "stopped");
      if (!json_object_get_boolean_member_with_default (part->root, "complete", FALSE))
        info.complete = FALSE;
      if (info.stopped == NULL && stopped != NULL && JSON_NODE_HOLDS_VALUE (stopped))
        info.stopped = json_node_get_string (stopped);
      info.wall_s += json_object_get_double_member_with_default (part->root, "wall_s", 0);
      for (guint j = k; j < jobs->len && ok; j += count)
        {
          g_autofree char *name = mf_sweep_run_name (j / R, j % R);
          g_autofree char *rel = g_strconcat ("runs/", name, NULL);
          g_autofree char *src = g_build_filename (part->dir, "runs", name, NULL);
          g_autofree char *dst = g_build_filename (mf_result_dir_work_path (rd), "runs", name, NULL);
          if (!g_hash_table_contains (listed, rel))
            continue;
          ok = mf_sweep_job_read (&g_array_index (jobs, MfSweepJob, j), src, error)
               && copy_tree (src, dst, error);
        }
    }
  if (ok)
    {
      info.topology = json_object_get_string_member (first->root, "topology");
      info.topology_sha256 = json_object_get_string_member (first->root, "topology_sha256");
      info.varies = varies;
      info.n_points = n_points;
      info.n_replications = R;
      info.seed = (guint64) json_object_get_int_member (first->root, "seed");
      info.duration_us = duration_member (first->root, "duration_s");
      info.warmup_us = duration_member (first->root, "warmup_s");
      ok = mf_sweep_write (rd, &info, jobs, error) && mf_result_dir_commit (rd, error);
    }
  if (ok)
    {
      summary->n_points = n_points;
      summary->n_replications = R;
      summary->complete = info.complete;
      summary->jobs_done = 0;
      for (guint j = 0; j < jobs->len; j++)
        summary->jobs_done += g_array_index (jobs, MfSweepJob, j).done ? 1 : 0;
      *out_used = g_steal_pointer (&dir);
    }
  mf_sweep_jobs_free (jobs);
  return ok;
}

gboolean
mf_sweep_merge (const char *const *dirs, const char *out_dir, char **out_used,
                MfSweepMergeSummary *summary, GError **error)
{
  guint n = 0, count;
  g_autofree Part *parts = NULL;
  g_autofree Part **by_index = NULL;
  gboolean ok = TRUE;

  while (dirs[n] != NULL)
    n++;
  if (n == 0)
    return usage (error, "no part folders given");
  parts = g_new0 (Part, n);
  for (guint i = 0; i < n && ok; i++)
    ok = load_part (&parts[i], dirs[i], error) && (i == 0 || same_sweep (&parts[0], &parts[i], error));
  if (!ok)
    {
      parts_clear (parts, n);
      return FALSE;
    }
  count = parts[0].count;
  by_index = g_new0 (Part *, count);
  for (guint i = 0; i < n && ok; i++)
    {
      Part **slot = &by_index[parts[i].index - 1];
      if (*slot != NULL)
        ok = usage (error, "%s: part %u of %u is given twice (also %s)", parts[i].dir, parts[i].index,
                    count, (*slot)->dir);
      *slot = &parts[i];
    }
  for (guint k = 0; k < count && ok; k++)
    if (by_index[k] == NULL)
      ok = usage (error, "part %u of %u is missing (given: %u part%s, the first %s)", k + 1, count, n,
                  n == 1 ? "" : "s", parts[0].dir);
  if (ok)
    ok = merge_into (parts, by_index, out_dir, out_used, summary, error);
  parts_clear (parts, n);
  return ok;
}
