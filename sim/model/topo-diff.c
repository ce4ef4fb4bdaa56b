/* topo-diff.c — two topology files compared section by section (topo-diff.h).
 *
 * Both files are pre-scanned; faults the scan finds are ignored here (the
 * files were loaded by `simulate` before, and the diff of a damaged file
 * is still the diff of what could be read).  Where a file repeats a
 * section or a key, the last one counts, as for the loader.  Linear in
 * the size of the files (hash tables of sections and keys).
 */
#define G_LOG_DOMAIN "msgflow-topo-diff"

#include "model/topo-diff.h"
#include "model/topo-scan.h"

#include "base/diag.h"

static const char *const kind_names[] = {
  "section-added", "section-removed", "key-added", "key-removed", "key-changed",
};

/** mf_topo_diff_kind_name: Returns: the kind's name in compare.json. */
const char *
mf_topo_diff_kind_name (MfTopoDiffKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

static void
entry_free (gpointer p)
{
  MfTopoDiffEntry *e = p;

  g_free (e->section);
  g_free (e->key);
  g_free (e->old_value);
  g_free (e->new_value);
  g_free (e);
}

static void
add (GPtrArray *out, MfTopoDiffKind kind, const char *section, const char *key,
     const char *old_value, const char *new_value)
{
  MfTopoDiffEntry *e = g_new0 (MfTopoDiffEntry, 1);

  e->kind = kind;
  e->section = g_strdup (section);
  e->key = g_strdup (key);
  e->old_value = g_strdup (old_value);
  e->new_value = g_strdup (new_value);
  g_ptr_array_add (out, e);
}

/* "kind name", or "kind" for the sections without a name. */
static char *
section_id (const MfScanSection *s)
{
  return s->name != NULL ? g_strdup_printf ("%s %s", s->kind, s->name) : g_strdup (s->kind);
}

/* The section's id as msgflow matches names: case does not matter and a
 * run of spaces counts as one (docs/format.md §3). */
static char *
section_fold (const MfScanSection *s)
{
  g_autofree char *id = section_id (s);
  g_autofree char *lower = g_ascii_strdown (id, -1);
  GString *out = g_string_new (NULL);

  for (const char *c = lower; *c != '\0'; c++)
    if (*c != ' ' || (out->len > 0 && out->str[out->len - 1] != ' '))
      g_string_append_c (out, *c);
  return g_string_free (out, FALSE);
}

/* folded id -> MfScanSection (the last of that id), and the folded ids in
 * file order (first appearance). */
static GHashTable *
index_sections (const MfScan *scan, GPtrArray *order)
{
  GHashTable *h = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < scan->sections->len; i++)
    {
      MfScanSection *s = g_ptr_array_index (scan->sections, i);
      char *id = section_fold (s);
      if (!g_hash_table_contains (h, id))
        g_ptr_array_add (order, g_strdup (id));
      g_hash_table_insert (h, id, s);
    }
  return h;
}

/* key -> value (the last), and the keys in file order (first appearance). */
static GHashTable *
index_keys (const MfScanSection *s, GPtrArray *order)
{
  GHashTable *h = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < s->keys->len; i++)
    {
      MfScanKey *k = g_ptr_array_index (s->keys, i);
      if (!g_hash_table_contains (h, k->name))
        g_ptr_array_add (order, k->name);
      g_hash_table_insert (h, k->name, k->value);
    }
  return h;
}

static void
diff_keys (GPtrArray *out, const char *id, const MfScanSection *a, const MfScanSection *b)
{
  g_autoptr (GPtrArray) order_a = g_ptr_array_new ();
  g_autoptr (GPtrArray) order_b = g_ptr_array_new ();
  g_autoptr (GHashTable) ka = index_keys (a, order_a);
  g_autoptr (GHashTable) kb = index_keys (b, order_b);

  for (guint i = 0; i < order_a->len; i++)
    {
      const char *key = g_ptr_array_index (order_a, i);
      const char *va = g_hash_table_lookup (ka, key), *vb = g_hash_table_lookup (kb, key);
      if (vb == NULL)
        add (out, MF_TOPO_DIFF_KEY_REMOVED, id, key, va, NULL);
      else if (g_strcmp0 (va, vb) != 0)
        add (out, MF_TOPO_DIFF_KEY_CHANGED, id, key, va, vb);
    }
  for (guint i = 0; i < order_b->len; i++)
    {
      const char *key = g_ptr_array_index (order_b, i);
      if (!g_hash_table_contains (ka, key))
        add (out, MF_TOPO_DIFF_KEY_ADDED, id, key, NULL, g_hash_table_lookup (kb, key));
    }
}

/**
 * mf_topo_diff:
 * @old_text: (array length=old_len): the earlier topology file's bytes
 * @new_text: (array length=new_len): the later one's
 *
 * Returns: (transfer full): the differences (see topo-diff.h).
 */
GPtrArray *
mf_topo_diff (const char *old_text, gsize old_len, const char *new_text, gsize new_len)
{
  g_autoptr (MfDiag) da = mf_diag_new ("old");
  g_autoptr (MfDiag) db = mf_diag_new ("new");
  g_autoptr (MfScan) sa = mf_topo_scan (old_text, old_len, da);
  g_autoptr (MfScan) sb = mf_topo_scan (new_text, new_len, db);
  g_autoptr (GPtrArray) order_a = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) order_b = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) ha = index_sections (sa, order_a);
  g_autoptr (GHashTable) hb = index_sections (sb, order_b);
  GPtrArray *out = g_ptr_array_new_with_free_func (entry_free);

  for (guint i = 0; i < order_a->len; i++)
    {
      const char *fold = g_ptr_array_index (order_a, i);
      const MfScanSection *a = g_hash_table_lookup (ha, fold), *b = g_hash_table_lookup (hb, fold);
      g_autofree char *id = section_id (a); /* as the old file writes it */
      if (b == NULL)
        add (out, MF_TOPO_DIFF_SECTION_REMOVED, id, NULL, NULL, NULL);
      else
        diff_keys (out, id, a, b);
    }
  for (guint i = 0; i < order_b->len; i++)
    {
      const char *fold = g_ptr_array_index (order_b, i);
      if (!g_hash_table_contains (ha, fold))
        {
          g_autofree char *id = section_id (g_hash_table_lookup (hb, fold));
          add (out, MF_TOPO_DIFF_SECTION_ADDED, id, NULL, NULL, NULL);
        }
    }
  return out;
}
