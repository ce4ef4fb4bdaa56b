/* test-format-keys.c — docs/format.md section 3 against the loader's key
 * table (model/topo-keys.h), in both directions: every section kind has its
 * heading and every heading is a kind; every key the loader knows has a row
 * with a default, a value (with a range for integers) and appears in the
 * section's example, and every documented or exemplified key is known.  The
 * examples of all sections, put together, must load without an error, so
 * they cannot drift from what the loader accepts.
 */
#include "model/topo-keys.h"
#include "model/topology.h"

#include <string.h>

#define FORMAT_MD "docs/format.md"

typedef struct {
  char *kind;
  GPtrArray *rows;     /* GStrv: the cells of one key's row, trimmed */
  GPtrArray *ex_keys;  /* char *: keys set in the section's examples */
} DocSection;

typedef struct {
  GPtrArray *sections; /* DocSection */
  GString *examples;   /* every ```ini block of section 3, in order */
} Doc;

static void
doc_section_free (gpointer p)
{
  DocSection *s = p;
  g_free (s->kind);
  g_ptr_array_unref (s->rows);
  g_ptr_array_unref (s->ex_keys);
  g_free (s);
}

static void
doc_free (Doc *d)
{
  g_ptr_array_unref (d->sections);
  g_string_free (d->examples, TRUE);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Doc, doc_free)

/* "| `a` | b | c |" → {"`a`", "b", "c"}, trimmed.  (transfer full) */
static GStrv
split_row (const char *line)
{
  g_autofree char *inner = g_strdup (line + 1);
  gsize n = strlen (inner);
  if (n > 0 && inner[n - 1] == '|')
    inner[n - 1] = '\0';
  GStrv cells = g_strsplit (inner, "|", -1);
  for (guint i = 0; cells[i] != NULL; i++)
    g_strstrip (cells[i]);
  return cells;
}

/* Section 3 of `text` ("## 3." up to the next "## "), parsed. */
static Doc *
parse_doc (const char *text)
{
  Doc *d = g_new0 (Doc, 1);
  const char *start = strstr (text, "\n## 3. ");
  g_assert_nonnull (start);
  const char *end = strstr (start + 1, "\n## ");
  g_assert_nonnull (end);
  g_autofree char *part = g_strndup (start, (gsize) (end - start));
  g_auto (GStrv) lines = g_strsplit (part, "\n", -1);
  DocSection *cur = NULL;
  gboolean in_ini = FALSE;

  d->sections = g_ptr_array_new_with_free_func (doc_section_free);
  d->examples = g_string_new (NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];
      if (in_ini)
        {
          if (g_str_has_prefix (l, "```"))
            {
              in_ini = FALSE;
              g_string_append_c (d->examples, '\n');
              continue;
            }
          g_string_append_printf (d->examples, "%s\n", l);
          const char *eq = strchr (l, '=');
          if (cur != NULL && eq != NULL && l[0] != '[' && l[0] != '#')
            {
              char *key = g_strstrip (g_strndup (l, (gsize) (eq - l)));
              g_ptr_array_add (cur->ex_keys, key);
            }
          continue;
        }
      if (g_str_has_prefix (l, "### `["))
        {
          const char *k = l + strlen ("### `[");
          gsize n = strcspn (k, " ]");
          cur = g_new0 (DocSection, 1);
          cur->kind = g_strndup (k, n);
          cur->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
          cur->ex_keys = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (d->sections, cur);
        }
      else if (g_str_has_prefix (l, "```ini"))
        in_ini = TRUE;
      else if (cur != NULL && g_str_has_prefix (l, "| `"))
        g_ptr_array_add (cur->rows, split_row (l));
    }
  g_assert_false (in_ini);
  return d;
}

static Doc *
load_doc (void)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) err = NULL;
  g_file_get_contents (FORMAT_MD, &text, NULL, &err);
  g_assert_no_error (err);
  return parse_doc (text);
}

static const DocSection *
find_section (const Doc *d, const char *kind)
{
  for (guint i = 0; i < d->sections->len; i++)
    {
      const DocSection *s = g_ptr_array_index (d->sections, i);
      if (strcmp (s->kind, kind) == 0)
        return s;
    }
  return NULL;
}

/* The row of `key` ("`key`" in the first cell), or NULL. */
static GStrv
find_row (const DocSection *s, const char *key)
{
  g_autofree char *quoted = g_strdup_printf ("`%s`", key);
  for (guint i = 0; i < s->rows->len; i++)
    {
      GStrv row = g_ptr_array_index (s->rows, i);
      if (strcmp (row[0], quoted) == 0)
        return row;
    }
  return NULL;
}

static gboolean
str_in (GPtrArray *a, const char *s)
{
  for (guint i = 0; i < a->len; i++)
    if (strcmp (g_ptr_array_index (a, i), s) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
key_known (const char *kind, const char *key)
{
  gsize n;
  const char *const *keys = mf_topo_section_keys (kind, &n);
  for (gsize i = 0; i < n; i++)
    if (strcmp (keys[i], key) == 0)
      return TRUE;
  return FALSE;
}

/* Every kind has a heading, and every heading is a kind. */
static void
test_kinds (void)
{
  g_autoptr (Doc) d = load_doc ();
  gsize n;
  const char *const *kinds = mf_topo_section_kinds (&n);

  g_assert_cmpuint (n, >, 0);
  for (gsize i = 0; i < n; i++)
    if (find_section (d, kinds[i]) == NULL)
      g_error ("[%s] has no heading in section 3 of " FORMAT_MD, kinds[i]);
  for (guint i = 0; i < d->sections->len; i++)
    {
      const DocSection *s = g_ptr_array_index (d->sections, i);
      gsize nk;
      if (mf_topo_section_keys (s->kind, &nk) == NULL)
        g_error (FORMAT_MD " documents [%s], which msgflow does not read", s->kind);
    }
}

/* Known → documented: a row with a default and a value, in an example. */
static void
test_known_keys_documented (void)
{
  g_autoptr (Doc) d = load_doc ();
  gsize n;
  const char *const *kinds = mf_topo_section_kinds (&n);

  for (gsize i = 0; i < n; i++)
    {
      const DocSection *s = find_section (d, kinds[i]);
      gsize nk;
      const char *const *keys = mf_topo_section_keys (kinds[i], &nk);
      g_assert_nonnull (s);
      g_assert_cmpuint (nk, >, 0);
      for (gsize k = 0; k < nk; k++)
        {
          GStrv row = find_row (s, keys[k]);
          if (row == NULL)
            g_error ("[%s] %s: no row in " FORMAT_MD, kinds[i], keys[k]);
          if (g_strv_length (row) < 4 || row[1][0] == '\0' || row[2][0] == '\0'
              || row[3][0] == '\0')
            g_error ("[%s] %s: the row needs a default, a value and a meaning", kinds[i],
                     keys[k]);
          if (g_str_has_prefix (row[2], "integer") && strstr (row[2], "..") == NULL)
            g_error ("[%s] %s: an integer without its range (A..B)", kinds[i], keys[k]);
          if (!str_in (s->ex_keys, keys[k]))
            g_error ("[%s] %s: not set in the section's example", kinds[i], keys[k]);
        }
    }
}

/* Documented → known: no row and no example key the loader would reject. */
static void
test_documented_keys_known (void)
{
  g_autoptr (Doc) d = load_doc ();

  for (guint i = 0; i < d->sections->len; i++)
    {
      const DocSection *s = g_ptr_array_index (d->sections, i);
      g_assert_cmpuint (s->rows->len, >, 0);
      for (guint r = 0; r < s->rows->len; r++)
        {
          GStrv row = g_ptr_array_index (s->rows, r);
          g_autofree char *key = g_strndup (row[0] + 1, strlen (row[0]) - 2);
          if (!key_known (s->kind, key))
            g_error ("[%s] %s is documented but msgflow does not know it", s->kind, key);
        }
      for (guint k = 0; k < s->ex_keys->len; k++)
        {
          const char *key = g_ptr_array_index (s->ex_keys, k);
          if (!key_known (s->kind, key))
            g_error ("[%s] example sets %s, which msgflow does not know", s->kind, key);
        }
    }
}

/* The examples together are one file that loads without an error. */
static void
test_examples_load (void)
{
  g_autoptr (Doc) d = load_doc ();
  g_autoptr (GError) err = NULL;
  MfTopology *t;

  g_assert_cmpuint (d->examples->len, >, 0);
  t = mf_topo_parse_data ("format-examples.topo", d->examples->str, d->examples->len, &err);
  if (err != NULL)
    g_error ("the examples of " FORMAT_MD " section 3 do not load:\n%s\n--- the file:\n%s",
             err->message, d->examples->str);
  g_assert_nonnull (t);
  mf_topo_free (t);
}

/* The checker itself: a section whose table misses a known key, or lists
 * an unknown one, is seen (so the tests above can fail). */
static void
test_parser_sees_faults (void)
{
  static const char text[] = "x\n## 3. Sections\n### `[internet]` — one\n"
                             "| key | default | value | meaning |\n| --- | --- | --- | --- |\n"
                             "| `latency` | `1s` | duration | d |\n| `bogus` | `1` | integer | b |\n"
                             "\n```ini\n[internet]\nlatency = 1s\n```\n## 4. Next\n";
  g_autoptr (Doc) d = NULL;
  const DocSection *s;

  d = parse_doc (text);
  s = find_section (d, "internet");
  g_assert_nonnull (s);
  g_assert_nonnull (find_row (s, "latency"));
  g_assert_null (find_row (s, "dns-lookup"));
  g_assert_true (key_known ("internet", "dns-lookup"));
  g_assert_false (key_known ("internet", "bogus"));
  g_assert_true (str_in (s->ex_keys, "latency"));
  g_assert_false (str_in (s->ex_keys, "bandwidth"));
  g_assert_null (find_section (d, "domain"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format-keys/parser", test_parser_sees_faults);
  g_test_add_func ("/format-keys/kinds", test_kinds);
  g_test_add_func ("/format-keys/known-documented", test_known_keys_documented);
  g_test_add_func ("/format-keys/documented-known", test_documented_keys_known);
  g_test_add_func ("/format-keys/examples-load", test_examples_load);
  return g_test_run ();
}
