/* test-malformed.c — the malformed-topology corpus: every file under
 * tests/malformed/ must be rejected with exactly the errors it expects.
 *
 * A file states its expectation in leading comment lines
 * "# expect: LINE: message" ("-" for a message without a line); a file that
 * cannot hold a comment has a sidecar NAME.expect with "LINE: message"
 * lines.  The runner prefixes the file's path, as msgflow prints it.
 */
#include "model/topology.h"

#include <string.h>

#define CORPUS "tests/malformed"
/* The corpus must not shrink unnoticed. */
#define MIN_CORPUS_FILES 40

static char *
expected_text (const char *path)
{
  g_autofree char *sidecar = NULL;
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GString *want = g_string_new (NULL);
  gboolean from_sidecar;

  sidecar = g_strconcat (path, NULL);
  sidecar[strlen (sidecar) - strlen (".topo")] = '\0';
  {
    char *tmp = g_strconcat (sidecar, ".expect", NULL);
    g_free (sidecar);
    sidecar = tmp;
  }
  from_sidecar = g_file_test (sidecar, G_FILE_TEST_EXISTS);
  g_assert_true (g_file_get_contents (from_sidecar ? sidecar : path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];
      const char *colon;
      if (!from_sidecar)
        {
          if (!g_str_has_prefix (l, "# expect: "))
            continue;
          l += strlen ("# expect: ");
        }
      if (*l == '\0')
        continue;
      colon = strchr (l, ':');
      g_assert_nonnull (colon);
      if (want->len > 0)
        g_string_append_c (want, '\n');
      if (g_str_has_prefix (l, "-:"))
        g_string_append_printf (want, "%s:%s", path, colon + 1);
      else
        g_string_append_printf (want, "%s:%s", path, l);
    }
  g_assert_cmpuint (want->len, >, 0);
  return g_string_free (want, FALSE);
}

static void
test_one (gconstpointer data)
{
  const char *path = data;
  g_autofree char *want = expected_text (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (MfTopology) topo = mf_topo_load_file (path, &error);

  g_assert_null (topo);
  g_assert_error (error, MF_TOPO_ERROR, MF_TOPO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, want);
}

static void
test_corpus_size (gconstpointer data)
{
  g_assert_cmpuint (GPOINTER_TO_UINT (data), >=, MIN_CORPUS_FILES);
}

int
main (int argc, char **argv)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);
  /* One bad file must not hide the others' results. */
  g_test_set_nonfatal_assertions ();
  dir = g_dir_open (CORPUS, 0, NULL);
  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_suffix (name, ".topo"))
        g_ptr_array_add (paths, g_build_filename (CORPUS, name, NULL));
  g_ptr_array_sort (paths, (GCompareFunc) (void (*) (void)) g_strcmp0);
  g_test_add_data_func ("/malformed/corpus-size", GUINT_TO_POINTER (paths->len), test_corpus_size);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *test_name = g_strconcat ("/malformed/", base, NULL);
      g_test_add_data_func (test_name, path, test_one);
    }
  return g_test_run ();
}
