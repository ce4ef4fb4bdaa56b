/* topo-load-keys.c — reading one key of a section: its value through
 * GKeyFile, parsed by the value parsers (units.h, schedule.h,
 * address-space.h, dist.h), names resolved to ids.
 *
 * Every failure is reported to the loader's MfDiag at the key's line, with
 * the section and the key, and the result left unchanged, so a section
 * goes on loading after a bad value and every error of a file is listed.
 */
#define G_LOG_DOMAIN "msgflow-topo"

#include "model/topo-load-private.h"
#include "model/topo-keys.h"

#include <string.h>

MfScanKey *
mf_load_find_key (const MfScanSection *sec, const char *key)
{
  for (guint i = 0; i < sec->keys->len; i++)
    {
      MfScanKey *k = g_ptr_array_index (sec->keys, i);
      if (strcmp (k->name, key) == 0)
        return k;
    }
  return NULL;
}

/* "connector SEA-NYC", "organization": the prefix of every message about a
 * section.  (transfer none: kept in the loader) */
const char *
mf_load_context (MfLoader *L, const MfScanSection *sec)
{
  char *c = sec->name ? g_strdup_printf ("%s %s", sec->kind, sec->name) : g_strdup (sec->kind);
  g_ptr_array_add (L->values, c);
  return c;
}

void
mf_load_check_known_keys (MfLoader *L, const MfScanSection *sec)
{
  gsize n = 0;
  const char *const *known = mf_topo_section_keys (sec->kind, &n);

  for (guint i = 0; i < sec->keys->len; i++)
    {
      const MfScanKey *k = g_ptr_array_index (sec->keys, i);
      gboolean ok = FALSE;
      for (gsize j = 0; j < n && !ok; j++)
        ok = strcmp (k->name, known[j]) == 0;
      if (ok)
        continue;
      const char *hint = mf_suggest (k->name, known, n);
      if (hint)
        mf_diag_error (L->diag, k->line, "%s: unknown key '%s' (did you mean '%s'?)",
                       mf_load_context (L, sec), k->name, hint);
      else
        mf_diag_error (L->diag, k->line, "%s: unknown key '%s'", mf_load_context (L, sec), k->name);
    }
}

/* The value of `key` in `sec` through GKeyFile, or NULL when absent.  An
 * empty value is an error and also returns NULL; *line gets the key's line.
 * (transfer none) */
const char *
mf_load_get_value (MfLoader *L, const MfScanSection *sec, const char *key, int *line)
{
  const MfScanKey *k = mf_load_find_key (sec, key);
  char *v;

  if (k == NULL)
    return NULL;
  *line = k->line;
  v = g_key_file_get_value (L->kf, sec->header, key, NULL);
  if (v == NULL)
    {
      /* The scan and GKeyFile disagree: a bug, but never a crash on input. */
      mf_diag_error (L->diag, k->line, "%s: cannot read key '%s'", mf_load_context (L, sec), key);
      return NULL;
    }
  g_ptr_array_add (L->values, v);
  g_strstrip (v);
  if (*v == '\0')
    {
      mf_diag_error (L->diag, k->line, "%s: %s has no value", mf_load_context (L, sec), key);
      return NULL;
    }
  return v;
}

/* The line of `key` in `sec`, or of the first of `fallback` present, or the
 * section's own line: where a rule that joins two keys is best reported. */
int
mf_load_key_line (const MfScanSection *sec, const char *key, const char *fallback)
{
  const MfScanKey *k = mf_load_find_key (sec, key);
  if (k == NULL && fallback != NULL)
    k = mf_load_find_key (sec, fallback);
  return k ? k->line : sec->line;
}

gboolean
mf_load_require (MfLoader *L, const MfScanSection *sec, const char *key)
{
  if (mf_load_find_key (sec, key) != NULL)
    return TRUE;
  if (sec->damaged)
    return FALSE;
  mf_diag_error (L->diag, sec->line, "%s: missing required key '%s'", mf_load_context (L, sec),
                 key);
  return FALSE;
}

void
mf_load_report (MfLoader *L, const MfScanSection *sec, int line, const char *key, const GError *err)
{
  mf_diag_error (L->diag, line, "%s: %s %s", mf_load_context (L, sec), key, err->message);
}

gboolean
mf_load_get_int (MfLoader *L, const MfScanSection *sec, const char *key, gint64 min, gint64 max,
                 gint64 *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = mf_load_get_value (L, sec, key, &line);
  if (v == NULL)
    return FALSE;
  if (mf_parse_int (v, min, max, out, &err))
    return TRUE;
  mf_load_report (L, sec, line, key, err);
  return FALSE;
}

void
mf_load_get_int32 (MfLoader *L, const MfScanSection *sec, const char *key, int min, int max,
                   int *out)
{
  gint64 v;
  if (mf_load_get_int (L, sec, key, min, max, &v))
    *out = (int) v;
}

void
mf_load_get_duration (MfLoader *L, const MfScanSection *sec, const char *key, gint64 min_us,
                      gint64 *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = mf_load_get_value (L, sec, key, &line);
  gint64 us;

  if (v == NULL)
    return;
  if (!mf_parse_duration (v, &us, &err))
    {
      mf_load_report (L, sec, line, key, err);
      return;
    }
  if (us < min_us)
    {
      g_autofree char *min_text = mf_format_duration (min_us);
      mf_diag_error (L->diag, line, "%s: %s %s is below the minimum of %s",
                     mf_load_context (L, sec), key, v, min_text);
      return;
    }
  *out = us;
}

void
mf_load_get_size (MfLoader *L, const MfScanSection *sec, const char *key, guint64 *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = mf_load_get_value (L, sec, key, &line);
  if (v != NULL && !mf_parse_size (v, out, &err))
    mf_load_report (L, sec, line, key, err);
}

void
mf_load_get_bool (MfLoader *L, const MfScanSection *sec, const char *key, gboolean *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = mf_load_get_value (L, sec, key, &line);
  if (v != NULL && !mf_parse_bool (v, out, &err))
    mf_load_report (L, sec, line, key, err);
}

void
mf_load_get_dist (MfLoader *L, const MfScanSection *sec, const char *key, MfDistUnit unit,
                  MfDist *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = mf_load_get_value (L, sec, key, &line);
  if (v != NULL && !mf_parse_dist (v, unit, out, &err))
    mf_load_report (L, sec, line, key, err);
}

/* Split a comma-separated list into trimmed items; an empty item or more
 * than MF_TOPO_MAX_LIST_ITEMS is an error (returns NULL).  (transfer full) */
GStrv
mf_load_get_list (MfLoader *L, const MfScanSection *sec, const char *key, int *line)
{
  const char *v = mf_load_get_value (L, sec, key, line);
  g_auto (GStrv) items = NULL;

  if (v == NULL)
    return NULL;
  items = g_strsplit (v, ",", MF_TOPO_MAX_LIST_ITEMS + 1);
  if (g_strv_length (items) > MF_TOPO_MAX_LIST_ITEMS)
    {
      mf_diag_error (L->diag, *line, "%s: %s has more than %d items", mf_load_context (L, sec), key,
                     MF_TOPO_MAX_LIST_ITEMS);
      return NULL;
    }
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        {
          mf_diag_error (L->diag, *line, "%s: %s has an empty item", mf_load_context (L, sec), key);
          return NULL;
        }
    }
  return g_steal_pointer (&items);
}

/* Time of week or duration → offset from the run's start. */
gboolean
mf_load_get_time (MfLoader *L, const MfScanSection *sec, const char *key, gint64 *out)
{
  g_autoptr (GError) err = NULL;
  int line = 0;
  const char *v = mf_load_get_value (L, sec, key, &line);
  MfTimeKind kind;
  gint64 t;

  if (v == NULL)
    return FALSE;
  if (!mf_parse_time_of_week (v, &t, &kind, &err))
    {
      mf_load_report (L, sec, line, key, err);
      return FALSE;
    }
  /* A time of week or of day: the first such moment at or after the start
   * of the run. */
  *out = mf_time_point_after_start (t, kind, L->topo->org.start_us);
  return TRUE;
}

int
mf_load_lookup (GHashTable *ids, const char *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (ids, name)) - 1;
}

char *
mf_load_hint (const char *word, const char *const *known, gsize n_known)
{
  const char *best = mf_suggest (word, known, n_known);
  return best != NULL ? g_strdup_printf (" (did you mean '%s'?)", best) : g_strdup ("");
}

/* A name that names nothing gets the closest name of its kind, searched
 * in file order so that a tie always picks the same one. */
int
mf_load_resolve_rg (MfLoader *L, const MfScanSection *sec, const char *key, const char *name,
                    int line)
{
  int id = mf_load_lookup (L->rg_ids, name);
  if (id < 0)
    {
      const MfTopology *t = L->topo;
      g_autofree const char **names = g_new (const char *, (gsize) t->n_routing_groups + 1);
      for (int i = 0; i < t->n_routing_groups; i++)
        names[i] = t->routing_groups[i].name;
      g_autofree char *hint = mf_load_hint (name, names, (gsize) t->n_routing_groups);
      mf_diag_error (L->diag, line, "%s: %s: no routing group named '%s'%s",
                     mf_load_context (L, sec), key, name, hint);
    }
  return id;
}

int
mf_load_resolve_server (MfLoader *L, const MfScanSection *sec, const char *key, const char *name,
                        int line)
{
  int id = mf_load_lookup (L->server_ids, name);
  if (id < 0)
    {
      const MfTopology *t = L->topo;
      g_autofree const char **names = g_new (const char *, (gsize) t->n_servers + 1);
      for (int i = 0; i < t->n_servers; i++)
        names[i] = t->servers[i].name;
      g_autofree char *hint = mf_load_hint (name, names, (gsize) t->n_servers);
      mf_diag_error (L->diag, line, "%s: %s: no server named '%s'%s", mf_load_context (L, sec),
                     key, name, hint);
    }
  return id;
}
